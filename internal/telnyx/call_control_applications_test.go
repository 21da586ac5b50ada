package telnyx_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/burki/terraform-provider-burki/internal/telnyx"
)

func TestFindCallControlApplicationAmbiguous(t *testing.T) {
	var requests recorded[[]capturedRequest]
	client := newTestClient(t, captureHandler(t, &requests, http.StatusOK, `{"data":[
		{"id":"1","application_name":"Burki-15551234567"},
		{"id":"2","application_name":"Burki-15551234567"}
	],"meta":{"page_number":1,"page_size":250,"total_pages":1,"total_results":2}}`))

	_, err := client.FindCallControlApplicationByName(context.Background(), "Burki-15551234567")

	var ambiguous *telnyx.AmbiguousMatchError
	if !errors.As(err, &ambiguous) {
		t.Fatalf("error = %v, want an *AmbiguousMatchError", err)
	}
	if !slices.Equal(ambiguous.IDs, []string{"1", "2"}) {
		t.Errorf("IDs = %v, want [1 2]", ambiguous.IDs)
	}
	if telnyx.IsNotFound(err) {
		t.Error("IsNotFound = true for two matches, want false")
	}
	sent := requests.get()
	if want := "filter%5Bapplication_name%5D%5Bcontains%5D=Burki-15551234567&page%5Bnumber%5D=1&page%5Bsize%5D=250"; len(sent) != 1 || sent[0].query != want {
		t.Errorf("requests = %+v, want one with query %s", sent, want)
	}
}

func TestCreateCallControlApplicationBody(t *testing.T) {
	var requests recorded[[]capturedRequest]
	client := newTestClient(t, captureHandler(t, &requests, http.StatusCreated,
		`{"data":{"id":"9","application_name":"Burki-15551234567","webhook_event_url":"https://voice.example.test/hook","webhook_event_failover_url":"","webhook_api_version":"2","active":true,"record_type":"call_control_application"}}`))

	app, err := client.CreateCallControlApplication(context.Background(), telnyx.CallControlApplication{
		ID:              "ignored",
		ApplicationName: "Burki-15551234567",
		WebhookEventURL: "https://voice.example.test/hook",
		Active:          true,
	})
	if err != nil {
		t.Fatalf("CreateCallControlApplication: %v", err)
	}

	if app.ID != "9" || app.WebhookAPIVersion != "2" {
		t.Errorf("application = %+v, want id 9 with API version 2", app)
	}
	sent := requests.get()
	if len(sent) != 1 || sent[0].method != http.MethodPost || sent[0].path != "/v2/call_control_applications" {
		t.Fatalf("requests = %+v, want one POST /v2/call_control_applications", sent)
	}
	want := `{"application_name":"Burki-15551234567","webhook_event_url":"https://voice.example.test/hook","webhook_event_failover_url":"","active":true}`
	if sent[0].body != want {
		t.Errorf("body = %s\nwant   %s", sent[0].body, want)
	}
}

func TestUpdateCallControlApplicationBody(t *testing.T) {
	var requests recorded[[]capturedRequest]
	client := newTestClient(t, captureHandler(t, &requests, http.StatusOK,
		`{"data":{"id":"9","application_name":"Burki-1"}}`))

	_, err := client.UpdateCallControlApplication(context.Background(), "9", telnyx.CallControlApplication{
		ApplicationName:   "Burki-1",
		WebhookEventURL:   "https://voice.example.test/new",
		WebhookAPIVersion: "2",
		Active:            true,
	})
	if err != nil {
		t.Fatalf("UpdateCallControlApplication: %v", err)
	}

	sent := requests.get()
	if len(sent) != 1 || sent[0].method != http.MethodPatch || sent[0].path != "/v2/call_control_applications/9" {
		t.Fatalf("requests = %+v, want one PATCH /v2/call_control_applications/9", sent)
	}
	want := `{"application_name":"Burki-1","webhook_event_url":"https://voice.example.test/new","webhook_event_failover_url":"","webhook_api_version":"2","active":true}`
	if sent[0].body != want {
		t.Errorf("body = %s\nwant   %s", sent[0].body, want)
	}
}

func TestDeleteRequests(t *testing.T) {
	var requests recorded[[]capturedRequest]
	client := newTestClient(t, captureHandler(t, &requests, http.StatusOK, `{"data":{"id":"x"}}`))
	ctx := context.Background()

	if err := client.DeleteCallControlApplication(ctx, "9"); err != nil {
		t.Errorf("DeleteCallControlApplication: %v", err)
	}
	if err := client.DeleteMessagingProfile(ctx, "p1"); err != nil {
		t.Errorf("DeleteMessagingProfile: %v", err)
	}

	sent := requests.get()
	want := []capturedRequest{
		{method: http.MethodDelete, path: "/v2/call_control_applications/9"},
		{method: http.MethodDelete, path: "/v2/messaging_profiles/p1"},
	}
	if !slices.Equal(sent, want) {
		t.Errorf("requests = %+v\nwant       %+v", sent, want)
	}
}

func TestDeleteAcceptsNoContent(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})

	if err := client.DeleteMessagingProfile(context.Background(), "p1"); err != nil {
		t.Errorf("DeleteMessagingProfile after 204: %v", err)
	}
}
