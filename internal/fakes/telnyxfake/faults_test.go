package telnyxfake_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/burki/terraform-provider-burki/internal/fakes/telnyxfake"
	"github.com/burki/terraform-provider-burki/internal/telnyx"
)

func TestFakeRateLimitFault(t *testing.T) {
	fake, client := newFake(t)
	app := fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "a", WebhookEventURL: "https://a.example.test"})
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"})
	fake.SetFaults(telnyxfake.Faults{RateLimitRate: 1})

	raw := send(t, fake, http.MethodGet, "/phone_numbers/"+number.ID, "")
	wantError(t, raw, http.StatusTooManyRequests, "10011", "")
	for header, want := range map[string]string{
		"X-Ratelimit-Limit": "100", "X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": "1", "Retry-After": "1",
	} {
		if got := raw.header.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}

	_, err := client.UpdatePhoneNumberConnection(context.Background(), number.ID, app.ID)
	var apiErr *telnyx.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("error = %v, want a 429 *APIError", err)
	}
	if apiErr.RetryAfter != time.Second {
		t.Errorf("RetryAfter = %v, want 1s", apiErr.RetryAfter)
	}
	if stored, _ := fake.PhoneNumber(number.ID); stored.ConnectionID != "" {
		t.Errorf("connection = %q after a rate-limited PATCH, want unchanged", stored.ConnectionID)
	}
	if rateLimited, serverErrors := fake.InjectedFailures(); rateLimited != 2 || serverErrors != 0 {
		t.Errorf("InjectedFailures = %d, %d, want 2, 0", rateLimited, serverErrors)
	}

	fake.SetFaults(telnyxfake.Faults{})
	if _, err := client.UpdatePhoneNumberConnection(context.Background(), number.ID, app.ID); err != nil {
		t.Errorf("UpdatePhoneNumberConnection after turning faults off: %v", err)
	}
}

func TestFakeServerErrorFault(t *testing.T) {
	fake, client := newFake(t)
	fake.SetFaults(telnyxfake.Faults{ServerErrorRate: 1})

	_, err := client.CreateMessagingProfile(context.Background(), telnyx.MessagingProfile{Name: "p", Enabled: true})

	var apiErr *telnyx.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError {
		t.Fatalf("error = %v, want a 500 *APIError", err)
	}
	if len(apiErr.Errors) != 1 || apiErr.Errors[0].Code != "10007" {
		t.Errorf("errors = %+v, want one with code 10007", apiErr.Errors)
	}
	if got := len(fake.MessagingProfiles()); got != 0 {
		t.Errorf("%d profiles after a failed create, want 0", got)
	}
	if rateLimited, serverErrors := fake.InjectedFailures(); rateLimited != 0 || serverErrors != 1 {
		t.Errorf("InjectedFailures = %d, %d, want 0, 1", rateLimited, serverErrors)
	}
}

// statusSequence sends count GET requests to a fresh fake with faults and
// returns the statuses.
func statusSequence(t *testing.T, faults telnyxfake.Faults, count int) []int {
	t.Helper()
	fake, _ := newFake(t)
	fake.SetFaults(faults)
	var statuses []int
	for range count {
		statuses = append(statuses, send(t, fake, http.MethodGet, "/messaging_profiles", "").status)
	}

	rateLimited, serverErrors := fake.InjectedFailures()
	if got := countStatus(statuses, http.StatusTooManyRequests); got != rateLimited {
		t.Errorf("saw %d responses with 429, InjectedFailures reports %d", got, rateLimited)
	}
	if got := countStatus(statuses, http.StatusInternalServerError); got != serverErrors {
		t.Errorf("saw %d responses with 500, InjectedFailures reports %d", got, serverErrors)
	}
	return statuses
}

func countStatus(statuses []int, status int) int {
	count := 0
	for _, got := range statuses {
		if got == status {
			count++
		}
	}
	return count
}

func TestFakeFaultsRepeatWithSeed(t *testing.T) {
	faults := telnyxfake.Faults{RateLimitRate: 0.3, ServerErrorRate: 0.2, Seed: 42}

	first := statusSequence(t, faults, 60)
	second := statusSequence(t, faults, 60)
	other := statusSequence(t, telnyxfake.Faults{RateLimitRate: 0.3, ServerErrorRate: 0.2, Seed: 7}, 60)

	if !slices.Equal(first, second) {
		t.Errorf("same seed gave different faults:\n%v\n%v", first, second)
	}
	if slices.Equal(first, other) {
		t.Errorf("different seeds gave the same faults: %v", first)
	}
	for _, status := range []int{http.StatusOK, http.StatusTooManyRequests, http.StatusInternalServerError} {
		if countStatus(first, status) == 0 {
			t.Errorf("no %d among 60 requests at rates 0.3 and 0.2: %v", status, first)
		}
	}
}

func TestFakeFailNext(t *testing.T) {
	fake, client := newFake(t)
	ctx := context.Background()
	app := fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "a", WebhookEventURL: "https://a.example.test"})
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"})

	// Fail the next two writes that mention the application id in their body.
	fake.FailNext(func(r *http.Request) bool {
		body, err := io.ReadAll(r.Body)
		return err == nil && r.Method == http.MethodPatch && strings.Contains(string(body), app.ID)
	}, http.StatusServiceUnavailable, 2)

	if _, err := client.GetPhoneNumber(ctx, number.ID); err != nil {
		t.Errorf("GetPhoneNumber, which the rule does not match: %v", err)
	}
	for attempt := 1; attempt <= 2; attempt++ {
		_, err := client.UpdatePhoneNumberConnection(ctx, number.ID, app.ID)
		if telnyx.StatusCode(err) != http.StatusServiceUnavailable {
			t.Errorf("attempt %d: error = %v, want 503", attempt, err)
		}
	}
	if _, err := client.UpdatePhoneNumberConnection(ctx, number.ID, app.ID); err != nil {
		t.Errorf("third attempt: %v, want success after the rule is used up", err)
	}

	var statuses []int
	for _, write := range fake.Writes() {
		statuses = append(statuses, write.Status)
	}
	if want := []int{503, 503, 200}; !slices.Equal(statuses, want) {
		t.Errorf("write statuses = %v, want %v", statuses, want)
	}
	if rateLimited, serverErrors := fake.InjectedFailures(); rateLimited != 0 || serverErrors != 2 {
		t.Errorf("InjectedFailures = %d, %d, want 0, 2", rateLimited, serverErrors)
	}
	if stored, _ := fake.PhoneNumber(number.ID); stored.ConnectionID != app.ID {
		t.Errorf("connection = %q, want %s after the successful attempt", stored.ConnectionID, app.ID)
	}
}

func TestFakeFailNextOrderAndStatuses(t *testing.T) {
	fake, _ := newFake(t)
	fake.FailNext(nil, http.StatusNotFound, 1)
	fake.FailNext(nil, http.StatusTooManyRequests, 1)
	fake.FailNext(nil, http.StatusBadGateway, 1)

	notFound := send(t, fake, http.MethodGet, "/messaging_profiles", "")
	wantError(t, notFound, http.StatusNotFound, "10005", "")
	rateLimited := send(t, fake, http.MethodGet, "/messaging_profiles", "")
	wantError(t, rateLimited, http.StatusTooManyRequests, "10011", "")
	if rateLimited.header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After = %q on a FailNext 429, want 1", rateLimited.header.Get("Retry-After"))
	}
	badGateway := send(t, fake, http.MethodGet, "/messaging_profiles", "")
	wantError(t, badGateway, http.StatusBadGateway, "10007", "")

	if ok := send(t, fake, http.MethodGet, "/messaging_profiles", ""); ok.status != http.StatusOK {
		t.Errorf("status = %d after every rule fired, want 200", ok.status)
	}
	if rateLimitedCount, serverErrors := fake.InjectedFailures(); rateLimitedCount != 1 || serverErrors != 1 {
		t.Errorf("InjectedFailures = %d, %d, want 1, 1", rateLimitedCount, serverErrors)
	}
}

func TestFakeFailNextMatchMayCallServer(t *testing.T) {
	fake, client := newFake(t)
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"})
	fake.FailNext(func(*http.Request) bool {
		_, exists := fake.PhoneNumber("+15551234567")
		return exists
	}, http.StatusInternalServerError, 1)

	done := make(chan error, 1)
	go func() {
		_, err := client.GetPhoneNumber(context.Background(), number.ID)
		done <- err
	}()

	select {
	case err := <-done:
		if telnyx.StatusCode(err) != http.StatusInternalServerError {
			t.Errorf("error = %v, want 500", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("request did not finish; the match function deadlocked the fake")
	}
}
