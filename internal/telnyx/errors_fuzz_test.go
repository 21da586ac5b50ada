package telnyx_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/burki/terraform-provider-burki/internal/telnyx"
)

// cannedResponse returns one status, Retry-After value and body for every
// request, in memory without a network, and records the Authorization header.
type cannedResponse struct {
	status        int
	retryAfter    string
	body          string
	authorization string
}

func (c *cannedResponse) RoundTrip(req *http.Request) (*http.Response, error) {
	c.authorization = req.Header.Get("Authorization")
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	header := http.Header{"Content-Type": {"application/json"}}
	if c.retryAfter != "" {
		header.Set("Retry-After", c.retryAfter)
		header.Set("X-Ratelimit-Reset", c.retryAfter)
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", c.status, http.StatusText(c.status)),
		StatusCode:    c.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          io.NopCloser(strings.NewReader(c.body)),
		ContentLength: int64(len(c.body)),
		Request:       req,
	}, nil
}

// maxPlainErrorMessage bounds the message of an APIError whose body did not
// have the Telnyx shape: the request, the status, its text and an excerpt of
// at most 200 bytes plus "…".
const maxPlainErrorMessage = 400

// FuzzClientErrorMessage sends a client request that gets a fuzzed error
// status, Retry-After value and body, and checks the error the client returns.
func FuzzClientErrorMessage(f *testing.F) {
	f.Add(422, "", `{"errors":[{"code":"10015","title":"Invalid value","detail":"x","source":{"pointer":"/a"}}]}`)
	f.Add(401, "", "Authorization: Bearer "+testAPIKey)
	f.Add(502, "1", "<html>bad gateway</html>")

	f.Fuzz(func(t *testing.T, statusSeed int, retryAfter, body string) {
		status := 400 + (statusSeed%200+200)%200
		response := &cannedResponse{status: status, retryAfter: retryAfter, body: body}
		// The base URL is never dialled because cannedResponse returns the
		// response in memory.
		client := telnyx.New(telnyx.Config{
			APIKey:     testAPIKey,
			BaseURL:    "http://127.0.0.1:9/v2",
			HTTPClient: &http.Client{Transport: response},
		})

		_, err := client.GetMessagingProfile(context.Background(), "profile-1")
		if err == nil {
			t.Fatalf("status %d, body %q: GetMessagingProfile returned no error", status, body)
		}
		if response.authorization != "Bearer "+testAPIKey {
			t.Fatalf("the request carried Authorization %q, want the test key", response.authorization)
		}
		message := err.Error()

		var apiErr *telnyx.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("status %d, body %q: error %T %q, want an *APIError", status, body, err, message)
		}
		if telnyx.StatusCode(err) != status {
			t.Errorf("StatusCode = %d, want %d", telnyx.StatusCode(err), status)
		}
		if apiErr.RequestMethod != http.MethodGet || apiErr.RequestPath != "/messaging_profiles/profile-1" {
			t.Errorf("request = %s %s, want GET /messaging_profiles/profile-1", apiErr.RequestMethod, apiErr.RequestPath)
		}
		if apiErr.RetryAfter < 0 || apiErr.RetryAfter > 24*time.Hour {
			t.Errorf("Retry-After %q gave RetryAfter = %v, want 0 to 24h", retryAfter, apiErr.RetryAfter)
		}

		// NOTE: the client does not redact a body that echoes the key, so
		// this only checks that the client itself adds no request header.
		if !strings.Contains(body, testAPIKey) && strings.Contains(message, testAPIKey) {
			t.Errorf("the error %q contains the API key", message)
		}
		if !utf8.ValidString(message) {
			t.Errorf("the error %q is not valid UTF-8", message)
		}
		if len(apiErr.Errors) == 0 {
			if len(message) > maxPlainErrorMessage {
				t.Errorf("the error for a %d-byte body has %d bytes, want at most %d: %.300q", len(body), len(message), maxPlainErrorMessage, message)
			}
			if strings.ContainsAny(message, "\r\n") {
				t.Errorf("the error %q spans several lines", message)
			}
		} else if limit := 3*len(body) + maxPlainErrorMessage; len(message) > limit {
			// NOTE: a Telnyx-shaped body is not cut, so the message grows
			// with the body, which the client reads up to 16 MiB. Each body
			// byte yields at most 3 message bytes, when it is invalid UTF-8
			// turned into U+FFFD.
			t.Errorf("the error for a %d-byte Telnyx-shaped body has %d bytes, want at most %d", len(body), len(message), limit)
		}
	})
}
