package telnyx_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/burki/terraform-provider-burki/internal/telnyx"
)

// capturedRequest is what a test server saw of one request.
type capturedRequest struct {
	method string
	path   string
	query  string
	body   string
}

// captureHandler records each request and responds to every one with status and body.
func captureHandler(t *testing.T, requests *recorded[[]capturedRequest], status int, responseBody string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading the request body: %v", err)
		}
		requests.mu.Lock()
		requests.value = append(requests.value, capturedRequest{
			method: r.Method,
			path:   r.URL.Path,
			query:  r.URL.Query().Encode(),
			body:   string(body),
		})
		requests.mu.Unlock()
		writeJSON(t, w, status, responseBody)
	}
}

func TestFindPhoneNumberExactAmongPartials(t *testing.T) {
	var requests recorded[[]capturedRequest]
	client := newTestClient(t, captureHandler(t, &requests, http.StatusOK, `{"data":[
		{"id":"1","phone_number":"+155512345678","record_type":"phone_number"},
		{"id":"2","phone_number":"+15551234567","connection_id":"c1","connection_name":"SIP","messaging_profile_id":null,"status":"active","record_type":"phone_number"},
		{"id":"3","phone_number":"+115551234567","record_type":"phone_number"}
	],"meta":{"page_number":1,"page_size":250,"total_pages":1,"total_results":3}}`))

	number, err := client.FindPhoneNumber(context.Background(), "+15551234567")
	if err != nil {
		t.Fatalf("FindPhoneNumber: %v", err)
	}

	want := telnyx.PhoneNumber{ID: "2", PhoneNumber: "+15551234567", Status: "active", ConnectionID: "c1", ConnectionName: "SIP", RecordType: "phone_number"}
	if *number != want {
		t.Errorf("number = %+v\nwant     %+v", *number, want)
	}
	sent := requests.get()
	if len(sent) != 1 {
		t.Fatalf("sent %d requests, want 1", len(sent))
	}
	if want := "filter%5Bphone_number%5D=15551234567&page%5Bnumber%5D=1&page%5Bsize%5D=250"; sent[0].query != want {
		t.Errorf("query = %s, want %s (digits without the +)", sent[0].query, want)
	}
	if sent[0].path != "/v2/phone_numbers" {
		t.Errorf("path = %s, want /v2/phone_numbers", sent[0].path)
	}
}

func TestFindPhoneNumberOnlyPartialMatches(t *testing.T) {
	var requests recorded[[]capturedRequest]
	client := newTestClient(t, captureHandler(t, &requests, http.StatusOK, `{"data":[
		{"id":"1","phone_number":"+155512345678"}
	],"meta":{"page_number":1,"page_size":250,"total_pages":1,"total_results":1}}`))

	number, err := client.FindPhoneNumber(context.Background(), "+15551234567")

	if number != nil {
		t.Errorf("number = %+v, want nil", number)
	}
	var notFound *telnyx.NotFoundError
	if !errors.As(err, &notFound) {
		t.Fatalf("error = %v, want a *NotFoundError", err)
	}
	if notFound.PartialMatches != 1 || notFound.Value != "+15551234567" {
		t.Errorf("NotFoundError = %+v, want 1 partial match for +15551234567", notFound)
	}
	if !telnyx.IsNotFound(err) {
		t.Error("IsNotFound = false, want true")
	}
}

func TestFindPhoneNumberRejectsInvalidInput(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})

	for _, input := range []string{"", "15551234567", "+", "+1 555 123 4567", "+05551234567", "+1555123456789012", "+1555abc"} {
		if _, err := client.FindPhoneNumber(context.Background(), input); err == nil {
			t.Errorf("FindPhoneNumber(%q) succeeded, want an invalid phone number error", input)
		}
	}
}

func TestUpdatePhoneNumberConnection(t *testing.T) {
	tests := []struct {
		name         string
		connectionID string
		wantBody     string
	}{
		{name: "assign", connectionID: "1234", wantBody: `{"connection_id":"1234"}`},
		{name: "unassign sends empty string", connectionID: "", wantBody: `{"connection_id":""}`},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			var requests recorded[[]capturedRequest]
			client := newTestClient(t, captureHandler(t, &requests, http.StatusOK,
				`{"data":{"id":"77","phone_number":"+15551234567","connection_id":null}}`))

			number, err := client.UpdatePhoneNumberConnection(context.Background(), "77", test.connectionID)
			if err != nil {
				t.Fatalf("UpdatePhoneNumberConnection: %v", err)
			}

			if number.ID != "77" {
				t.Errorf("number id = %s, want 77", number.ID)
			}
			sent := requests.get()
			if len(sent) != 1 {
				t.Fatalf("sent %d requests, want 1", len(sent))
			}
			if sent[0].method != http.MethodPatch || sent[0].path != "/v2/phone_numbers/77" {
				t.Errorf("request = %s %s, want PATCH /v2/phone_numbers/77", sent[0].method, sent[0].path)
			}
			if sent[0].body != test.wantBody {
				t.Errorf("body = %s, want %s", sent[0].body, test.wantBody)
			}
		})
	}
}

func TestUpdatePhoneNumberMessagingProfile(t *testing.T) {
	tests := []struct {
		name      string
		profileID string
		wantBody  string
	}{
		{name: "assign", profileID: "4001-uuid", wantBody: `{"messaging_profile_id":"4001-uuid"}`},
		{name: "unassign sends empty string", profileID: "", wantBody: `{"messaging_profile_id":""}`},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			var requests recorded[[]capturedRequest]
			client := newTestClient(t, captureHandler(t, &requests, http.StatusOK,
				`{"data":{"record_type":"messaging_settings","id":"77","phone_number":"+15551234567","messaging_profile_id":"4001-uuid"}}`))

			settings, err := client.UpdatePhoneNumberMessagingProfile(context.Background(), "77", test.profileID)
			if err != nil {
				t.Fatalf("UpdatePhoneNumberMessagingProfile: %v", err)
			}

			if settings.RecordType != "messaging_settings" || settings.PhoneNumber != "+15551234567" {
				t.Errorf("settings = %+v, want the decoded messaging settings", settings)
			}
			sent := requests.get()
			if len(sent) != 1 {
				t.Fatalf("sent %d requests, want 1", len(sent))
			}
			if sent[0].method != http.MethodPatch || sent[0].path != "/v2/phone_numbers/77/messaging" {
				t.Errorf("request = %s %s, want PATCH /v2/phone_numbers/77/messaging", sent[0].method, sent[0].path)
			}
			if sent[0].body != test.wantBody {
				t.Errorf("body = %s, want %s", sent[0].body, test.wantBody)
			}
		})
	}
}

func TestGetPhoneNumberMessaging(t *testing.T) {
	var requests recorded[[]capturedRequest]
	client := newTestClient(t, captureHandler(t, &requests, http.StatusOK,
		`{"data":{"record_type":"messaging_settings","id":"77","phone_number":"+15551234567","messaging_profile_id":null,"features":{"sms":null}}}`))

	settings, err := client.GetPhoneNumberMessaging(context.Background(), "77")
	if err != nil {
		t.Fatalf("GetPhoneNumberMessaging: %v", err)
	}

	want := telnyx.PhoneNumberMessaging{ID: "77", PhoneNumber: "+15551234567", RecordType: "messaging_settings"}
	if *settings != want {
		t.Errorf("settings = %+v, want %+v", *settings, want)
	}
	if sent := requests.get(); len(sent) != 1 || sent[0].method != http.MethodGet || sent[0].path != "/v2/phone_numbers/77/messaging" {
		t.Errorf("requests = %+v, want one GET /v2/phone_numbers/77/messaging", sent)
	}
}
