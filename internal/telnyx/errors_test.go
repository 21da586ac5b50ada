package telnyx_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/burki/terraform-provider-burki/internal/telnyx"
)

func TestDecodeErrorTelnyxShape(t *testing.T) {
	body := `{"errors":[
		{"code":"10015","title":"Invalid value","detail":"connection_id is not valid","source":{"pointer":"/connection_id"},"meta":{"url":"https://example.test"}},
		{"code":10004,"title":"Missing required parameter","source":{"parameter":"page[size]"}}
	]}`

	apiErr := telnyx.DecodeError(http.StatusUnprocessableEntity, nil, []byte(body))

	if apiErr.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("StatusCode = %d, want 422", apiErr.StatusCode)
	}
	if len(apiErr.Errors) != 2 {
		t.Fatalf("decoded %d error objects, want 2", len(apiErr.Errors))
	}
	if got := apiErr.Errors[0].Source.Pointer; got != "/connection_id" {
		t.Errorf("first source pointer = %q, want /connection_id", got)
	}
	if got := apiErr.Errors[1].Code; got != "10004" {
		t.Errorf("numeric code decoded as %q, want 10004", got)
	}
	if got := apiErr.Errors[1].Source.Parameter; got != "page[size]" {
		t.Errorf("second source parameter = %q, want page[size]", got)
	}
	if apiErr.Body != "" {
		t.Errorf("Body = %q, want empty for a Telnyx-shaped body", apiErr.Body)
	}
	want := "telnyx: 422 10015 Invalid value: connection_id is not valid (source /connection_id); " +
		"10004 Missing required parameter (parameter page[size])"
	if got := apiErr.Error(); got != want {
		t.Errorf("Error() = %q\nwant      %q", got, want)
	}
}

func TestAPIErrorMessageNamesRequest(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, http.StatusUnprocessableEntity,
			`{"errors":[{"code":"10015","title":"Invalid value","detail":"connection_id is not valid"}]}`)
	})

	_, err := client.UpdatePhoneNumberConnection(context.Background(), "123", "999")

	want := "telnyx: PATCH /phone_numbers/123: 422 10015 Invalid value: connection_id is not valid"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant      %s", err, want)
	}
	var apiErr *telnyx.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %T is not an *APIError", err)
	}
	if apiErr.RequestMethod != http.MethodPatch || apiErr.RequestPath != "/phone_numbers/123" {
		t.Errorf("request = %s %s, want PATCH /phone_numbers/123", apiErr.RequestMethod, apiErr.RequestPath)
	}
}

func TestAPIErrorOmitsAPIKey(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, http.StatusUnauthorized,
			`{"errors":[{"code":"10009","title":"Authentication failed","detail":"The required authentication headers were either invalid or not included in the request."}]}`)
	})

	_, err := client.FindPhoneNumber(context.Background(), "+15551234567")

	if err == nil {
		t.Fatal("FindPhoneNumber succeeded, want a 401 error")
	}
	if strings.Contains(err.Error(), testAPIKey) || strings.Contains(err.Error(), "Bearer") {
		t.Errorf("error %q contains the credentials", err)
	}
	if telnyx.StatusCode(err) != http.StatusUnauthorized {
		t.Errorf("StatusCode = %d, want 401", telnyx.StatusCode(err))
	}
	if !strings.Contains(err.Error(), "10009 Authentication failed") {
		t.Errorf("error %q does not contain the Telnyx code and title", err)
	}
}

func TestDecodeErrorRetryAfter(t *testing.T) {
	future := time.Now().Add(90 * time.Second)
	tests := []struct {
		name    string
		header  http.Header
		want    time.Duration
		epsilon time.Duration
	}{
		{name: "Retry-After seconds", header: http.Header{"Retry-After": {"3"}}, want: 3 * time.Second},
		{name: "Retry-After wins", header: http.Header{"Retry-After": {"3"}, "X-Ratelimit-Reset": {"20"}}, want: 3 * time.Second},
		{name: "Retry-After date", header: http.Header{"Retry-After": {future.UTC().Format(http.TimeFormat)}}, want: 90 * time.Second, epsilon: 2 * time.Second},
		{name: "reset seconds", header: http.Header{"X-Ratelimit-Reset": {"2"}}, want: 2 * time.Second},
		{name: "reset fraction", header: http.Header{"X-Ratelimit-Reset": {"0.5"}}, want: 500 * time.Millisecond},
		{name: "reset epoch", header: http.Header{"X-Ratelimit-Reset": {fmt.Sprint(future.Unix())}}, want: 90 * time.Second, epsilon: 2 * time.Second},
		{name: "capped", header: http.Header{"Retry-After": {"999999999"}}, want: 24 * time.Hour},
		{name: "negative", header: http.Header{"Retry-After": {"-5"}}, want: 0},
		{name: "garbage", header: http.Header{"Retry-After": {"soon"}, "X-Ratelimit-Reset": {"NaN"}}, want: 0},
		{name: "absent", header: http.Header{}, want: 0},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			apiErr := telnyx.DecodeError(http.StatusTooManyRequests, test.header, nil)
			difference := apiErr.RetryAfter - test.want
			if difference < -test.epsilon || difference > test.epsilon {
				t.Errorf("RetryAfter = %v, want %v ± %v", apiErr.RetryAfter, test.want, test.epsilon)
			}
		})
	}
}

func TestRateLimitErrorFromServer(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Ratelimit-Limit", "100")
		w.Header().Set("X-Ratelimit-Remaining", "0")
		w.Header().Set("X-Ratelimit-Reset", "1")
		writeJSON(t, w, http.StatusTooManyRequests,
			`{"errors":[{"code":"10011","title":"Too many requests","detail":"You have exceeded the maximum number of allowed requests."}]}`)
	})

	_, err := client.GetMessagingProfile(context.Background(), "p1")

	var apiErr *telnyx.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want an *APIError", err)
	}
	if apiErr.StatusCode != http.StatusTooManyRequests {
		t.Errorf("StatusCode = %d, want 429", apiErr.StatusCode)
	}
	if apiErr.RetryAfter != time.Second {
		t.Errorf("RetryAfter = %v, want 1s from x-ratelimit-reset", apiErr.RetryAfter)
	}
	if len(apiErr.Errors) != 1 || apiErr.Errors[0].Code != "10011" {
		t.Errorf("Errors = %+v, want one object with code 10011", apiErr.Errors)
	}
}

func TestDecodeErrorOtherBodies(t *testing.T) {
	longHTML := "<html><body>" + strings.Repeat("gateway é ", 100) + "</body></html>"
	tests := []struct {
		name        string
		status      int
		body        string
		wantMessage string
	}{
		{name: "HTML", status: http.StatusBadGateway, body: longHTML, wantMessage: "telnyx: 502 Bad Gateway: <html><body>gateway é"},
		{name: "empty", status: http.StatusServiceUnavailable, body: "", wantMessage: "telnyx: 503 Service Unavailable"},
		{name: "plain text with newlines", status: http.StatusInternalServerError, body: "upstream\n\tfailed\r\n", wantMessage: "telnyx: 500 Internal Server Error: upstream failed"},
		{name: "empty errors array", status: http.StatusBadRequest, body: `{"errors":[]}`, wantMessage: `telnyx: 400 Bad Request: {"errors":[]}`},
		{name: "errors not an array", status: http.StatusBadRequest, body: `{"errors":"bad"}`, wantMessage: `telnyx: 400 Bad Request: {"errors":"bad"}`},
		{name: "empty error object", status: http.StatusConflict, body: `{"errors":[{}]}`, wantMessage: "telnyx: 409 Conflict"},
		{name: "unknown status", status: 599, body: "oops", wantMessage: "telnyx: 599: oops"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			apiErr := telnyx.DecodeError(test.status, nil, []byte(test.body))
			message := apiErr.Error()

			if !strings.HasPrefix(message, test.wantMessage) {
				t.Errorf("Error() = %q, want prefix %q", message, test.wantMessage)
			}
			if len(apiErr.Body) > 200+len("…") {
				t.Errorf("Body has %d bytes, want at most 200 plus the ellipsis", len(apiErr.Body))
			}
			if !utf8.ValidString(message) {
				t.Errorf("Error() = %q is not valid UTF-8", message)
			}
		})
	}
}

func TestDecodeErrorTruncatesBody(t *testing.T) {
	apiErr := telnyx.DecodeError(http.StatusBadGateway, nil, []byte(strings.Repeat("é", 300)))

	if !strings.HasSuffix(apiErr.Body, "…") {
		t.Errorf("Body = %q, want an ellipsis after the cut", apiErr.Body)
	}
	if got := len(strings.TrimSuffix(apiErr.Body, "…")); got > 200 {
		t.Errorf("kept %d bytes, want at most 200", got)
	}
	if !utf8.ValidString(apiErr.Body) {
		t.Errorf("Body = %q is not valid UTF-8 after the cut", apiErr.Body)
	}
}

func TestNotFoundHelpers(t *testing.T) {
	notFoundResponse := telnyx.DecodeError(http.StatusNotFound, nil,
		[]byte(`{"errors":[{"code":"10005","title":"Resource not found"}]}`))
	noExactMatch := &telnyx.NotFoundError{Resource: "phone number", Value: "+15551234567", PartialMatches: 2}
	serverError := telnyx.DecodeError(http.StatusInternalServerError, nil, nil)

	tests := []struct {
		name         string
		err          error
		wantNotFound bool
		wantStatus   int
	}{
		{name: "404 response", err: notFoundResponse, wantNotFound: true, wantStatus: 404},
		{name: "wrapped 404", err: fmt.Errorf("reading: %w", notFoundResponse), wantNotFound: true, wantStatus: 404},
		{name: "no exact match", err: noExactMatch, wantNotFound: true, wantStatus: 0},
		{name: "500 response", err: serverError, wantNotFound: false, wantStatus: 500},
		{name: "other error", err: errors.New("boom"), wantNotFound: false, wantStatus: 0},
		{name: "nil", err: nil, wantNotFound: false, wantStatus: 0},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if got := telnyx.IsNotFound(test.err); got != test.wantNotFound {
				t.Errorf("IsNotFound = %v, want %v", got, test.wantNotFound)
			}
			if got := errors.Is(test.err, telnyx.ErrNotFound); got != test.wantNotFound {
				t.Errorf("errors.Is(err, ErrNotFound) = %v, want %v", got, test.wantNotFound)
			}
			if got := telnyx.StatusCode(test.err); got != test.wantStatus {
				t.Errorf("StatusCode = %d, want %d", got, test.wantStatus)
			}
		})
	}
}

func TestNotFoundErrorMessage(t *testing.T) {
	withPartials := &telnyx.NotFoundError{Resource: "phone number", Value: "+15551234567", PartialMatches: 2}
	withoutPartials := &telnyx.NotFoundError{Resource: "messaging profile", Value: "Burki-SMS-1"}

	if want := `telnyx: phone number "+15551234567" not found: the filter returned 2 partial matches but none is exact`; withPartials.Error() != want {
		t.Errorf("Error() = %q, want %q", withPartials.Error(), want)
	}
	if want := `telnyx: messaging profile "Burki-SMS-1" not found`; withoutPartials.Error() != want {
		t.Errorf("Error() = %q, want %q", withoutPartials.Error(), want)
	}
}

// FuzzDecodeError checks that any status, header and body give an error whose
// message is valid UTF-8 and whose wait is within the documented cap.
func FuzzDecodeError(f *testing.F) {
	f.Add(422, "", `{"errors":[{"code":"10015","title":"Invalid value","detail":"x","source":{"pointer":"/a"}}]}`)
	f.Add(429, "1", `{"errors":[{"code":10011}]}`)
	f.Add(502, "Wed, 21 Oct 2015 07:28:00 GMT", "<html>bad gateway</html>")
	f.Add(500, "1e308", "\xff\xfe\x00")
	f.Add(404, "-1", `{"errors":[null, {"source":null}]}`)

	f.Fuzz(func(t *testing.T, status int, retryAfter, body string) {
		header := http.Header{"Retry-After": {retryAfter}, "X-Ratelimit-Reset": {retryAfter}}
		apiErr := telnyx.DecodeError(status, header, []byte(body))

		message := apiErr.Error()
		if !utf8.ValidString(message) {
			t.Errorf("Error() = %q is not valid UTF-8", message)
		}
		if apiErr.RetryAfter < 0 || apiErr.RetryAfter > 24*time.Hour {
			t.Errorf("RetryAfter = %v, want 0 to 24h", apiErr.RetryAfter)
		}
		if apiErr.StatusCode != status {
			t.Errorf("StatusCode = %d, want %d", apiErr.StatusCode, status)
		}
	})
}
