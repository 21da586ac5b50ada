package twilio

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	twclient "github.com/twilio/twilio-go/client"

	"github.com/burki/terraform-provider-burki/internal/carrier"
)

const (
	fuzzAccountSID = "AC00000000000000000000000000000f22"
	// twilio-go rejects an auth token that is not alphanumeric before it
	// sends anything.
	fuzzAuthToken = "fuzzAuthToken0123456789abcdef"
	fuzzNumberSID = "PN00000000000000000000000000000f22"
)

// cannedTransport returns one status and body for every request, in memory
// without a network, and counts the requests.
type cannedTransport struct {
	status   int
	body     string
	requests int
}

func (c *cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.requests++
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", c.status, http.StatusText(c.status)),
		StatusCode:    c.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(c.body)),
		ContentLength: int64(len(c.body)),
		Request:       req,
	}, nil
}

// errorStatus maps any int onto the error statuses 400 to 599.
func errorStatus(n int) int {
	return 400 + (n%200+200)%200
}

// FuzzTwilioErrorDecoding sends twilio-go's FetchIncomingPhoneNumber a fuzzed
// error status and body, and checks what the carrier makes of the error that
// twilio-go decodes.
func FuzzTwilioErrorDecoding(f *testing.F) {
	f.Add(404, `{"code":20404,"message":"The requested resource was not found","more_info":"https://www.twilio.com/docs/errors/20404","status":404}`)
	f.Add(429, `{"code":20429,"message":"Too Many Requests","status":429}`)
	f.Add(502, "<html><body>Bad Gateway</body></html>")

	f.Fuzz(func(t *testing.T, statusSeed int, body string) {
		status := errorStatus(statusSeed)
		transport := &cannedTransport{status: status, body: body}
		c := New(Config{
			AccountSID: fuzzAccountSID,
			Username:   fuzzAccountSID,
			Password:   fuzzAuthToken,
			Transport:  transport,
		})
		ctx := context.Background()

		// The oracle decodes the body the way twilio-go v1.31 does: the first
		// JSON value of the body, into a TwilioRestError.
		var sent twclient.TwilioRestError
		decoded := json.NewDecoder(strings.NewReader(body)).Decode(&sent) == nil
		notFound := decoded && (sent.Status == http.StatusNotFound || sent.Code == codeNotFound)

		numbers, _ := c.clients(ctx)
		_, rawErr := numbers.FetchIncomingPhoneNumber(fuzzNumberSID, nil)
		if rawErr == nil {
			t.Fatalf("status %d, body %q: twilio-go returned no error", status, body)
		}
		if transport.requests != 1 {
			t.Fatalf("twilio-go sent %d requests, want 1; it returned %v", transport.requests, rawErr)
		}
		var rest *twclient.TwilioRestError
		if got := errors.As(rawErr, &rest); got != decoded {
			t.Fatalf("status %d, body %q: twilio-go error %T decoded = %v, want %v", status, body, rawErr, got, decoded)
		}
		if got := isNotFound(rawErr); got != notFound {
			t.Errorf("status %d, body %q: isNotFound = %v, want %v", status, body, got, notFound)
		}
		if got, want := isAlreadyInService(rawErr), decoded && sent.Code == codeAlreadyInService; got != want {
			t.Errorf("status %d, body %q: isAlreadyInService = %v, want %v", status, body, got, want)
		}

		_, err := c.Read(ctx, "+15551230001", (&record{NumberSID: fuzzNumberSID}).encode())
		if err == nil {
			t.Fatalf("status %d, body %q: Read returned no error", status, body)
		}
		message := err.Error()
		checkNoCredentials(t, message, body+sent.Message+sent.MoreInfo)

		switch {
		case notFound:
			if !errors.Is(err, carrier.ErrNumberNotFound) {
				t.Errorf("status %d, body %q: Read error %q, want carrier.ErrNumberNotFound", status, body, message)
			}
		case decoded:
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("status %d, body %q: Read error %T %q, want an *APIError", status, body, err, message)
			}
			if apiErr.Status != sent.Status || apiErr.Code != sent.Code || apiErr.Message != sent.Message {
				t.Errorf("status %d, body %q: APIError %+v, want status %d, code %d and message %q from the body", status, body, apiErr, sent.Status, sent.Code, sent.Message)
			}
			// NOTE: twilio-go keeps only the status written in the body, so
			// the HTTP status of a JSON body without "status" is lost and the
			// message only reports an error from Twilio.
			wantStatus := "Twilio answered " + strconv.Itoa(sent.Status)
			if sent.Status == 0 {
				wantStatus = "Twilio answered with an error"
			}
			if !strings.Contains(message, wantStatus) {
				t.Errorf("status %d, body %q: Read error %q does not name the status %d", status, body, message, sent.Status)
			}
			if !strings.Contains(message, "reading the phone number in Twilio account "+fuzzAccountSID) {
				t.Errorf("status %d, body %q: Read error %q does not name the action and the account", status, body, message)
			}
		default:
			if !strings.Contains(message, strconv.Itoa(status)) {
				t.Errorf("status %d, body %q: Read error %q does not name the HTTP status", status, body, message)
			}
			if errors.Is(err, carrier.ErrNumberNotFound) {
				t.Errorf("status %d, body %q: an undecoded body gave carrier.ErrNumberNotFound", status, body)
			}
		}
	})
}

// checkNoCredentials reports a message that contains the auth token or the
// Basic authorization value made from it, unless the response already
// contained them.
func checkNoCredentials(t *testing.T, message, response string) {
	t.Helper()
	basic := base64.StdEncoding.EncodeToString([]byte(fuzzAccountSID + ":" + fuzzAuthToken))
	for _, secret := range []string{fuzzAuthToken, basic} {
		if strings.Contains(message, secret) && !strings.Contains(response, secret) {
			t.Errorf("the error %q contains the credentials", message)
		}
	}
}
