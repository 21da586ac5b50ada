package telnyx_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/burki/terraform-provider-burki/internal/telnyx"
)

func TestCreateMessagingProfileBody(t *testing.T) {
	tests := []struct {
		name     string
		profile  telnyx.MessagingProfile
		wantBody string
	}{
		{
			name:     "default destinations",
			profile:  telnyx.MessagingProfile{Name: "Burki-SMS-15551234567", Enabled: true},
			wantBody: `{"name":"Burki-SMS-15551234567","enabled":true,"whitelisted_destinations":["US"]}`,
		},
		{
			name: "every field",
			profile: telnyx.MessagingProfile{
				Name:                    "Burki-SMS-15551234567",
				Enabled:                 true,
				WebhookURL:              "https://sms.example.test/telnyx-webhook",
				WebhookFailoverURL:      "https://backup.example.test/telnyx-webhook",
				WebhookAPIVersion:       "2",
				WhitelistedDestinations: []string{"US", "CA"},
			},
			wantBody: `{"name":"Burki-SMS-15551234567","enabled":true,"webhook_url":"https://sms.example.test/telnyx-webhook",` +
				`"webhook_failover_url":"https://backup.example.test/telnyx-webhook","webhook_api_version":"2","whitelisted_destinations":["US","CA"]}`,
		},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			var requests recorded[[]capturedRequest]
			client := newTestClient(t, captureHandler(t, &requests, http.StatusCreated,
				`{"data":{"id":"p1","name":"Burki-SMS-15551234567","whitelisted_destinations":["US"],"webhook_url":null}}`))

			profile, err := client.CreateMessagingProfile(context.Background(), test.profile)
			if err != nil {
				t.Fatalf("CreateMessagingProfile: %v", err)
			}

			if profile.ID != "p1" || profile.WebhookURL != "" {
				t.Errorf("profile = %+v, want id p1 with an empty webhook URL from null", profile)
			}
			sent := requests.get()
			if len(sent) != 1 || sent[0].method != http.MethodPost || sent[0].path != "/v2/messaging_profiles" {
				t.Fatalf("requests = %+v, want one POST /v2/messaging_profiles", sent)
			}
			if sent[0].body != test.wantBody {
				t.Errorf("body = %s\nwant   %s", sent[0].body, test.wantBody)
			}
		})
	}
}

func TestUpdateMessagingProfileBody(t *testing.T) {
	tests := []struct {
		name     string
		update   telnyx.MessagingProfileUpdate
		wantBody string
	}{
		{name: "clear webhook URL", update: telnyx.MessagingProfileUpdate{WebhookURL: new("")}, wantBody: `{"webhook_url":""}`},
		{name: "disable", update: telnyx.MessagingProfileUpdate{Enabled: new(false)}, wantBody: `{"enabled":false}`},
		{name: "nothing", update: telnyx.MessagingProfileUpdate{}, wantBody: `{}`},
		{
			name: "several fields",
			update: telnyx.MessagingProfileUpdate{
				Name:                    new("Burki-SMS-1"),
				WebhookURL:              new("https://sms.example.test/telnyx-webhook"),
				WebhookFailoverURL:      new(""),
				WhitelistedDestinations: []string{"US"},
			},
			wantBody: `{"name":"Burki-SMS-1","webhook_url":"https://sms.example.test/telnyx-webhook","webhook_failover_url":"","whitelisted_destinations":["US"]}`,
		},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			var requests recorded[[]capturedRequest]
			client := newTestClient(t, captureHandler(t, &requests, http.StatusOK, `{"data":{"id":"p1"}}`))

			if _, err := client.UpdateMessagingProfile(context.Background(), "p1", test.update); err != nil {
				t.Fatalf("UpdateMessagingProfile: %v", err)
			}

			sent := requests.get()
			if len(sent) != 1 || sent[0].method != http.MethodPatch || sent[0].path != "/v2/messaging_profiles/p1" {
				t.Fatalf("requests = %+v, want one PATCH /v2/messaging_profiles/p1", sent)
			}
			if sent[0].body != test.wantBody {
				t.Errorf("body = %s, want %s", sent[0].body, test.wantBody)
			}
		})
	}
}

func TestFindMessagingProfileComparesExactly(t *testing.T) {
	var requests recorded[[]capturedRequest]
	client := newTestClient(t, captureHandler(t, &requests, http.StatusOK, `{"data":[
		{"id":"p1","name":"Burki-SMS-15551234567-old"},
		{"id":"p2","name":"burki-sms-15551234567"},
		{"id":"p3","name":"Burki-SMS-15551234567"}
	],"meta":{"page_number":1,"page_size":250,"total_pages":1,"total_results":3}}`))

	profile, err := client.FindMessagingProfileByName(context.Background(), "Burki-SMS-15551234567")
	if err != nil {
		t.Fatalf("FindMessagingProfileByName: %v", err)
	}

	if profile.ID != "p3" {
		t.Errorf("profile id = %s, want p3", profile.ID)
	}
	sent := requests.get()
	if want := "filter%5Bname%5D%5Beq%5D=Burki-SMS-15551234567&page%5Bnumber%5D=1&page%5Bsize%5D=250"; len(sent) != 1 || sent[0].query != want {
		t.Errorf("requests = %+v, want one with query %s", sent, want)
	}
}

func TestListMessagingProfilePhoneNumbersPages(t *testing.T) {
	handler := &pagedHandler{t: t, pageSize: 1, items: []string{
		`{"id":"1","phone_number":"+15550000001","messaging_profile_id":"p1","record_type":"messaging_settings"}`,
		`{"id":"2","phone_number":"+15550000002","messaging_profile_id":"p1","record_type":"messaging_settings"}`,
		`{"id":"3","phone_number":"+15550000003","messaging_profile_id":"p1","record_type":"messaging_settings"}`,
	}}
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	client := telnyx.New(telnyx.Config{APIKey: testAPIKey, BaseURL: server.URL})

	numbers, err := client.ListMessagingProfilePhoneNumbers(context.Background(), "p1")
	if err != nil {
		t.Fatalf("ListMessagingProfilePhoneNumbers: %v", err)
	}

	var got []string
	for _, number := range numbers {
		got = append(got, number.PhoneNumber)
	}
	if want := []string{"+15550000001", "+15550000002", "+15550000003"}; !slices.Equal(got, want) {
		t.Errorf("numbers = %v, want %v", got, want)
	}
	if pages, _ := handler.requests(); len(pages) != 3 {
		t.Errorf("requested %d pages, want 3", len(pages))
	}
}
