package telnyxfake_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/burki/terraform-provider-burki/internal/fakes/telnyxfake"
	"github.com/burki/terraform-provider-burki/internal/telnyx"
)

// TestFakeTakeOverAndRestore walks the provider's Telnyx flow: a number on a
// shared SIP connection and shared profile gets its own application and
// profile, then goes back and the own objects are deleted.
func TestFakeTakeOverAndRestore(t *testing.T) {
	fake, client := newFake(t)
	ctx := context.Background()
	sip := fake.AddConnection(telnyxfake.Connection{Name: "Shared SIP"})
	shared := fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "Shared", Enabled: true, WebhookURL: "https://shared.example.test", WhitelistedDestinations: []string{"US"}})
	seeded := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567", ConnectionID: sip.ID, MessagingProfileID: shared.ID})

	number, err := client.FindPhoneNumber(ctx, "+15551234567")
	if err != nil {
		t.Fatalf("FindPhoneNumber: %v", err)
	}
	if number.ConnectionName != "Shared SIP" || number.MessagingProfileName != "Shared" || number.Status != "active" {
		t.Errorf("number = %+v, want the shared connection and profile names and status active", number)
	}

	app, err := client.CreateCallControlApplication(ctx, telnyx.CallControlApplication{
		ApplicationName: "Burki-15551234567",
		WebhookEventURL: "https://voice.example.test/hook",
		Active:          true,
	})
	if err != nil {
		t.Fatalf("CreateCallControlApplication: %v", err)
	}
	if app.RecordType != "call_control_application" || app.WebhookAPIVersion != "2" || !app.Active {
		t.Errorf("application = %+v, want record type, API version 2 and active", app)
	}

	profile, err := client.CreateMessagingProfile(ctx, telnyx.MessagingProfile{Name: "Burki-SMS-15551234567", Enabled: true})
	if err != nil {
		t.Fatalf("CreateMessagingProfile: %v", err)
	}
	if !slices.Equal(profile.WhitelistedDestinations, []string{"US"}) || profile.WebhookURL != "" || profile.RecordType != "messaging_profile" {
		t.Errorf("profile = %+v, want destinations [US], no webhook URL, record type", profile)
	}

	moved, err := client.UpdatePhoneNumberConnection(ctx, number.ID, app.ID)
	if err != nil {
		t.Fatalf("UpdatePhoneNumberConnection: %v", err)
	}
	if moved.ConnectionID != app.ID || moved.ConnectionName != "Burki-15551234567" {
		t.Errorf("number = %+v, want it on the new application", moved)
	}
	settings, err := client.UpdatePhoneNumberMessagingProfile(ctx, number.ID, profile.ID)
	if err != nil {
		t.Fatalf("UpdatePhoneNumberMessagingProfile: %v", err)
	}
	if settings.MessagingProfileID != profile.ID || settings.RecordType != "messaging_settings" {
		t.Errorf("settings = %+v, want profile %s", settings, profile.ID)
	}

	updated, err := client.UpdateMessagingProfile(ctx, profile.ID, telnyx.MessagingProfileUpdate{WebhookURL: new("https://sms.example.test/telnyx-webhook")})
	if err != nil {
		t.Fatalf("UpdateMessagingProfile: %v", err)
	}
	if updated.WebhookURL != "https://sms.example.test/telnyx-webhook" || updated.Name != "Burki-SMS-15551234567" {
		t.Errorf("profile = %+v, want the new webhook URL and the old name", updated)
	}

	onProfile, err := client.ListMessagingProfilePhoneNumbers(ctx, profile.ID)
	if err != nil {
		t.Fatalf("ListMessagingProfilePhoneNumbers: %v", err)
	}
	if len(onProfile) != 1 || onProfile[0].PhoneNumber != "+15551234567" {
		t.Errorf("numbers on the profile = %+v, want only +15551234567", onProfile)
	}

	// The shared objects are untouched.
	if stored, _ := fake.MessagingProfile(shared.ID); stored.WebhookURL != "https://shared.example.test" {
		t.Errorf("shared profile webhook = %q, want it unchanged", stored.WebhookURL)
	}

	if _, err := client.UpdatePhoneNumberConnection(ctx, number.ID, sip.ID); err != nil {
		t.Fatalf("restoring the connection: %v", err)
	}
	if _, err := client.UpdatePhoneNumberMessagingProfile(ctx, number.ID, shared.ID); err != nil {
		t.Fatalf("restoring the profile: %v", err)
	}
	if err := client.DeleteCallControlApplication(ctx, app.ID); err != nil {
		t.Errorf("DeleteCallControlApplication: %v", err)
	}
	if err := client.DeleteMessagingProfile(ctx, profile.ID); err != nil {
		t.Errorf("DeleteMessagingProfile: %v", err)
	}

	restored, _ := fake.PhoneNumber(seeded.ID)
	if restored.ConnectionID != sip.ID || restored.MessagingProfileID != shared.ID {
		t.Errorf("number = %+v, want the shared connection and profile back", restored)
	}
	if _, ok := fake.CallControlApplication(app.ID); ok {
		t.Error("the application still exists after delete")
	}
	if _, ok := fake.MessagingProfile(profile.ID); ok {
		t.Error("the profile still exists after delete")
	}
}

func TestFakeUnassign(t *testing.T) {
	fake, client := newFake(t)
	ctx := context.Background()
	sip := fake.AddConnection(telnyxfake.Connection{Name: "SIP"})
	profile := fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "p", WhitelistedDestinations: []string{"US"}})
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567", ConnectionID: sip.ID, MessagingProfileID: profile.ID})

	unassigned, err := client.UpdatePhoneNumberConnection(ctx, number.ID, "")
	if err != nil {
		t.Fatalf("UpdatePhoneNumberConnection: %v", err)
	}
	settings, err := client.UpdatePhoneNumberMessagingProfile(ctx, number.ID, "")
	if err != nil {
		t.Fatalf("UpdatePhoneNumberMessagingProfile: %v", err)
	}

	if unassigned.ConnectionID != "" || unassigned.ConnectionName != "" {
		t.Errorf("number = %+v, want no connection", unassigned)
	}
	if settings.MessagingProfileID != "" {
		t.Errorf("settings = %+v, want no profile", settings)
	}
	stored, _ := fake.PhoneNumber(number.PhoneNumber)
	if stored.ConnectionID != "" || stored.MessagingProfileID != "" {
		t.Errorf("stored number = %+v, want both unassigned", stored)
	}
}

func TestFakeNullAndAbsentKeepAssignment(t *testing.T) {
	fake, _ := newFake(t)
	sip := fake.AddConnection(telnyxfake.Connection{Name: "SIP"})
	profile := fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "p", WhitelistedDestinations: []string{"US"}})
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567", ConnectionID: sip.ID, MessagingProfileID: profile.ID})

	for _, body := range []string{`{}`, `{"connection_id":null}`, `{"tags":["x"]}`} {
		if got := send(t, fake, http.MethodPatch, "/phone_numbers/"+number.ID, body); got.status != http.StatusOK {
			t.Errorf("PATCH %s: status = %d, want 200", body, got.status)
		}
	}
	for _, body := range []string{`{}`, `{"messaging_profile_id":null}`} {
		if got := send(t, fake, http.MethodPatch, "/phone_numbers/"+number.ID+"/messaging", body); got.status != http.StatusOK {
			t.Errorf("PATCH messaging %s: status = %d, want 200", body, got.status)
		}
	}

	stored, _ := fake.PhoneNumber(number.ID)
	if stored.ConnectionID != sip.ID || stored.MessagingProfileID != profile.ID {
		t.Errorf("stored number = %+v, want the assignments kept", stored)
	}
}

func TestFakeOutOfBandChanges(t *testing.T) {
	fake, client := newFake(t)
	ctx := context.Background()
	app := fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "Burki-1", WebhookEventURL: "https://a.example.test", Active: true})
	profile := fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "Burki-SMS-1", WebhookURL: "https://sms.example.test", WhitelistedDestinations: []string{"US"}})
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567", ConnectionID: app.ID})

	app.WebhookEventURL = "https://changed.example.test"
	fake.SetCallControlApplication(app)
	profile.WebhookURL = ""
	fake.SetMessagingProfile(profile)
	number.ConnectionID = ""
	fake.SetPhoneNumber(number)

	gotApp, err := client.GetCallControlApplication(ctx, app.ID)
	if err != nil {
		t.Fatalf("GetCallControlApplication: %v", err)
	}
	if gotApp.WebhookEventURL != "https://changed.example.test" {
		t.Errorf("webhook = %q, want the out-of-band change", gotApp.WebhookEventURL)
	}
	gotProfile, err := client.GetMessagingProfile(ctx, profile.ID)
	if err != nil {
		t.Fatalf("GetMessagingProfile: %v", err)
	}
	if gotProfile.WebhookURL != "" {
		t.Errorf("profile webhook = %q, want empty", gotProfile.WebhookURL)
	}
	gotNumber, err := client.GetPhoneNumber(ctx, number.ID)
	if err != nil {
		t.Fatalf("GetPhoneNumber: %v", err)
	}
	if gotNumber.ConnectionID != "" {
		t.Errorf("connection = %q, want empty", gotNumber.ConnectionID)
	}
	if stored, _ := fake.CallControlApplication(app.ID); stored.UpdatedAt.Before(stored.CreatedAt) {
		t.Errorf("UpdatedAt %v is before CreatedAt %v", stored.UpdatedAt, stored.CreatedAt)
	}

	if !fake.ReleasePhoneNumber("+15551234567") {
		t.Fatal("ReleasePhoneNumber = false, want true")
	}
	if fake.ReleasePhoneNumber("+15551234567") {
		t.Error("second ReleasePhoneNumber = true, want false")
	}
	if _, err := client.GetPhoneNumber(ctx, number.ID); !telnyx.IsNotFound(err) {
		t.Errorf("GetPhoneNumber after release: error = %v, want not found", err)
	}
	if _, err := client.FindPhoneNumber(ctx, "+15551234567"); !telnyx.IsNotFound(err) {
		t.Errorf("FindPhoneNumber after release: error = %v, want not found", err)
	}
}

func TestFakeReturnsCopies(t *testing.T) {
	fake, _ := newFake(t)
	profile := fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "p", WhitelistedDestinations: []string{"US"}})

	profile.WhitelistedDestinations[0] = "XX"
	listed := fake.MessagingProfiles()
	listed[0].WhitelistedDestinations[0] = "YY"

	stored, _ := fake.MessagingProfile(profile.ID)
	if !slices.Equal(stored.WhitelistedDestinations, []string{"US"}) {
		t.Errorf("destinations = %v, want [US] after changing returned copies", stored.WhitelistedDestinations)
	}
}

func TestFakeCreateDefaults(t *testing.T) {
	fake, _ := newFake(t)

	app := send(t, fake, http.MethodPost, "/call_control_applications", `{"application_name":"a","webhook_event_url":"https://a.example.test"}`)
	if app.status != http.StatusCreated {
		t.Fatalf("create application: status = %d, want 201 (%+v)", app.status, app.Errors)
	}
	profile := send(t, fake, http.MethodPost, "/messaging_profiles", `{"name":"p","whitelisted_destinations":["US","*"]}`)
	if profile.status != http.StatusCreated {
		t.Fatalf("create profile: status = %d, want 201 (%+v)", profile.status, profile.Errors)
	}

	apps := fake.CallControlApplications()
	if len(apps) != 1 || !apps[0].Active || apps[0].WebhookAPIVersion != "2" || apps[0].CreatedAt.IsZero() {
		t.Errorf("applications = %+v, want one active application with API version 2 and a creation time", apps)
	}
	profiles := fake.MessagingProfiles()
	if len(profiles) != 1 || !profiles[0].Enabled || profiles[0].WebhookAPIVersion != "2" {
		t.Errorf("profiles = %+v, want one enabled profile with API version 2", profiles)
	}
}

func TestFakeValidation(t *testing.T) {
	fake, _ := newFake(t)
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"})
	app := fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "a", WebhookEventURL: "https://a.example.test"})
	profile := fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "p", WhitelistedDestinations: []string{"US"}})

	tests := []struct {
		name        string
		method      string
		path        string
		body        string
		wantStatus  int
		wantCode    string
		wantPointer string
	}{
		{name: "application without name", method: http.MethodPost, path: "/call_control_applications",
			body: `{"webhook_event_url":"https://a.example.test"}`, wantStatus: 422, wantCode: "10004", wantPointer: "/application_name"},
		{name: "application with empty name", method: http.MethodPost, path: "/call_control_applications",
			body: `{"application_name":" ","webhook_event_url":"https://a.example.test"}`, wantStatus: 422, wantCode: "10004", wantPointer: "/application_name"},
		{name: "application without webhook", method: http.MethodPost, path: "/call_control_applications",
			body: `{"application_name":"a"}`, wantStatus: 422, wantCode: "10004", wantPointer: "/webhook_event_url"},
		{name: "application update without webhook", method: http.MethodPatch, path: "/call_control_applications/" + app.ID,
			body: `{"application_name":"a"}`, wantStatus: 422, wantCode: "10004", wantPointer: "/webhook_event_url"},
		{name: "application update without name", method: http.MethodPatch, path: "/call_control_applications/" + app.ID,
			body: `{"webhook_event_url":"https://a.example.test"}`, wantStatus: 422, wantCode: "10004", wantPointer: "/application_name"},
		{name: "application with relative webhook", method: http.MethodPost, path: "/call_control_applications",
			body: `{"application_name":"a","webhook_event_url":"/hook"}`, wantStatus: 422, wantCode: "10003", wantPointer: "/webhook_event_url"},
		{name: "application with bad failover", method: http.MethodPost, path: "/call_control_applications",
			body: `{"application_name":"a","webhook_event_url":"https://a.example.test","webhook_event_failover_url":"ftp://x"}`, wantStatus: 422, wantCode: "10003", wantPointer: "/webhook_event_failover_url"},
		{name: "application with bad API version", method: http.MethodPost, path: "/call_control_applications",
			body: `{"application_name":"a","webhook_event_url":"https://a.example.test","webhook_api_version":"3"}`, wantStatus: 422, wantCode: "10015", wantPointer: "/webhook_api_version"},
		{name: "application with string active", method: http.MethodPost, path: "/call_control_applications",
			body: `{"application_name":"a","webhook_event_url":"https://a.example.test","active":"yes"}`, wantStatus: 422, wantCode: "10015", wantPointer: "/active"},
		{name: "profile without destinations", method: http.MethodPost, path: "/messaging_profiles",
			body: `{"name":"p"}`, wantStatus: 422, wantCode: "10004", wantPointer: "/whitelisted_destinations"},
		{name: "profile with empty destinations", method: http.MethodPost, path: "/messaging_profiles",
			body: `{"name":"p","whitelisted_destinations":[]}`, wantStatus: 422, wantCode: "10004", wantPointer: "/whitelisted_destinations"},
		{name: "profile with bad destination", method: http.MethodPost, path: "/messaging_profiles",
			body: `{"name":"p","whitelisted_destinations":["US","usa"]}`, wantStatus: 422, wantCode: "10015", wantPointer: "/whitelisted_destinations/1"},
		{name: "profile without name", method: http.MethodPost, path: "/messaging_profiles",
			body: `{"whitelisted_destinations":["US"]}`, wantStatus: 422, wantCode: "10004", wantPointer: "/name"},
		{name: "profile update with empty name", method: http.MethodPatch, path: "/messaging_profiles/" + profile.ID,
			body: `{"name":""}`, wantStatus: 422, wantCode: "10004", wantPointer: "/name"},
		{name: "profile update with bad webhook", method: http.MethodPatch, path: "/messaging_profiles/" + profile.ID,
			body: `{"webhook_url":"not a url"}`, wantStatus: 422, wantCode: "10003", wantPointer: "/webhook_url"},
		{name: "number with unknown connection", method: http.MethodPatch, path: "/phone_numbers/" + number.ID,
			body: `{"connection_id":"404"}`, wantStatus: 422, wantCode: "10013", wantPointer: "/connection_id"},
		{name: "number with numeric connection", method: http.MethodPatch, path: "/phone_numbers/" + number.ID,
			body: `{"connection_id":404}`, wantStatus: 422, wantCode: "10015", wantPointer: "/connection_id"},
		{name: "number with unknown profile", method: http.MethodPatch, path: "/phone_numbers/" + number.ID + "/messaging",
			body: `{"messaging_profile_id":"404"}`, wantStatus: 422, wantCode: "10013", wantPointer: "/messaging_profile_id"},
		{name: "malformed JSON", method: http.MethodPatch, path: "/phone_numbers/" + number.ID,
			body: `{"connection_id":`, wantStatus: 400, wantCode: "10015"},
		{name: "JSON array", method: http.MethodPost, path: "/messaging_profiles",
			body: `[]`, wantStatus: 400, wantCode: "10015"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got := send(t, fake, test.method, test.path, test.body)
			wantError(t, got, test.wantStatus, test.wantCode, test.wantPointer)
		})
	}

	if stored, _ := fake.PhoneNumber(number.ID); stored.ConnectionID != "" || stored.MessagingProfileID != "" {
		t.Errorf("number = %+v after rejected requests, want unchanged", stored)
	}
	if got := len(fake.CallControlApplications()); got != 1 {
		t.Errorf("%d applications after rejected creates, want 1", got)
	}
	if got := len(fake.MessagingProfiles()); got != 1 {
		t.Errorf("%d profiles after rejected creates, want 1", got)
	}
}

func TestFakeRequiresJSONContentType(t *testing.T) {
	fake, _ := newFake(t)
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"})

	got := sendWithHeaders(t, fake, http.MethodPatch, "/phone_numbers/"+number.ID, `{"connection_id":""}`, http.Header{
		"Authorization": {"Bearer " + fake.APIKey()},
		"Content-Type":  {"text/plain"},
	})

	wantError(t, got, http.StatusUnsupportedMediaType, "10014", "")
}

func TestFakeValidationThroughClient(t *testing.T) {
	fake, client := newFake(t)
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"})

	_, err := client.UpdatePhoneNumberConnection(context.Background(), number.ID, "404")

	var apiErr *telnyx.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want an *APIError", err)
	}
	if apiErr.StatusCode != http.StatusUnprocessableEntity || len(apiErr.Errors) != 1 {
		t.Fatalf("error = %+v, want 422 with one error object", apiErr)
	}
	if apiErr.Errors[0].Source.Pointer != "/connection_id" {
		t.Errorf("source pointer = %q, want /connection_id", apiErr.Errors[0].Source.Pointer)
	}
	if telnyx.IsNotFound(err) {
		t.Error("IsNotFound = true for a 422, want false")
	}
}

func TestFakeDeleteInUse(t *testing.T) {
	fake, client := newFake(t)
	ctx := context.Background()
	app := fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "a", WebhookEventURL: "https://a.example.test"})
	profile := fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "p", WhitelistedDestinations: []string{"US"}})
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567", ConnectionID: app.ID, MessagingProfileID: profile.ID})

	if err := client.DeleteCallControlApplication(ctx, app.ID); telnyx.StatusCode(err) != http.StatusUnprocessableEntity {
		t.Errorf("deleting an application in use: error = %v, want 422", err)
	}
	if err := client.DeleteMessagingProfile(ctx, profile.ID); telnyx.StatusCode(err) != http.StatusUnprocessableEntity {
		t.Errorf("deleting a profile in use: error = %v, want 422", err)
	}
	if _, ok := fake.CallControlApplication(app.ID); !ok {
		t.Error("the application was deleted although a number uses it")
	}

	if _, err := client.UpdatePhoneNumberConnection(ctx, number.ID, ""); err != nil {
		t.Fatalf("UpdatePhoneNumberConnection: %v", err)
	}
	if _, err := client.UpdatePhoneNumberMessagingProfile(ctx, number.ID, ""); err != nil {
		t.Fatalf("UpdatePhoneNumberMessagingProfile: %v", err)
	}
	if err := client.DeleteCallControlApplication(ctx, app.ID); err != nil {
		t.Errorf("deleting the unused application: %v", err)
	}
	if err := client.DeleteMessagingProfile(ctx, profile.ID); err != nil {
		t.Errorf("deleting the unused profile: %v", err)
	}
}

func TestFakeUpdateKeepsOmittedFields(t *testing.T) {
	fake, client := newFake(t)
	ctx := context.Background()
	app := fake.AddCallControlApplication(telnyxfake.CallControlApplication{
		ApplicationName: "a", WebhookEventURL: "https://a.example.test", WebhookEventFailoverURL: "https://f.example.test",
		WebhookAPIVersion: "1", Active: true,
	})
	profile := fake.AddMessagingProfile(telnyxfake.MessagingProfile{
		Name: "p", Enabled: true, WebhookURL: "https://sms.example.test", WebhookFailoverURL: "https://f.example.test",
		WhitelistedDestinations: []string{"US", "CA"},
	})

	got := send(t, fake, http.MethodPatch, "/call_control_applications/"+app.ID, `{"application_name":"b","webhook_event_url":"https://b.example.test"}`)
	if got.status != http.StatusOK {
		t.Fatalf("PATCH application: status = %d, want 200 (%+v)", got.status, got.Errors)
	}
	storedApp, _ := fake.CallControlApplication(app.ID)
	if storedApp.WebhookEventFailoverURL != "https://f.example.test" || storedApp.WebhookAPIVersion != "1" || !storedApp.Active {
		t.Errorf("application = %+v, want the omitted fields kept", storedApp)
	}

	updated, err := client.UpdateMessagingProfile(ctx, profile.ID, telnyx.MessagingProfileUpdate{WebhookURL: new("")})
	if err != nil {
		t.Fatalf("UpdateMessagingProfile: %v", err)
	}
	if updated.WebhookURL != "" || updated.WebhookFailoverURL != "https://f.example.test" || !updated.Enabled ||
		!slices.Equal(updated.WhitelistedDestinations, []string{"US", "CA"}) {
		t.Errorf("profile = %+v, want only the webhook URL cleared", updated)
	}

	// The client's full update clears the failover URL because it sends "".
	updatedApp, err := client.UpdateCallControlApplication(ctx, app.ID, telnyx.CallControlApplication{
		ApplicationName: "b", WebhookEventURL: "https://b.example.test", Active: true,
	})
	if err != nil {
		t.Fatalf("UpdateCallControlApplication: %v", err)
	}
	if updatedApp.WebhookEventFailoverURL != "" || updatedApp.WebhookAPIVersion != "1" {
		t.Errorf("application = %+v, want the failover URL cleared and the API version kept", updatedApp)
	}
}
