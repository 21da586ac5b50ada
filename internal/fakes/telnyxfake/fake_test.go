package telnyxfake_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/burki/terraform-provider-burki/internal/fakes/telnyxfake"
	"github.com/burki/terraform-provider-burki/internal/telnyx"
)

// newFake starts a fake and returns it with a client configured for it.
func newFake(t *testing.T) (*telnyxfake.Server, *telnyx.Client) {
	t.Helper()
	fake := telnyxfake.NewForTest(t, telnyxfake.Options{})
	client := telnyx.New(telnyx.Config{APIKey: fake.APIKey(), BaseURL: fake.BaseURL()})
	return fake, client
}

// response is a decoded fake response of either shape.
type response struct {
	status int
	header http.Header
	Data   json.RawMessage `json:"data"`
	Meta   struct {
		PageNumber   int `json:"page_number"`
		PageSize     int `json:"page_size"`
		TotalPages   int `json:"total_pages"`
		TotalResults int `json:"total_results"`
	} `json:"meta"`
	Errors []telnyx.ErrorObject `json:"errors"`
}

// send sends a request to the fake with its key and decodes the response.
// A non-empty body is sent as JSON.
func send(t *testing.T, fake *telnyxfake.Server, method, path, body string) response {
	t.Helper()
	return sendWithHeaders(t, fake, method, path, body, http.Header{
		"Authorization": {"Bearer " + fake.APIKey()},
		"Content-Type":  {"application/json"},
	})
}

func sendWithHeaders(t *testing.T, fake *telnyxfake.Server, method, path, body string, header http.Header) response {
	t.Helper()
	request, err := http.NewRequest(method, fake.BaseURL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatalf("building %s %s: %v", method, path, err)
	}
	request.Header = header

	httpResponse, err := http.DefaultClient.Do(request)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer httpResponse.Body.Close()
	raw, err := io.ReadAll(httpResponse.Body)
	if err != nil {
		t.Fatalf("reading the response of %s %s: %v", method, path, err)
	}

	decoded := response{status: httpResponse.StatusCode, header: httpResponse.Header}
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatalf("%s %s returned invalid JSON %q: %v", method, path, raw, err)
	}
	return decoded
}

// wantError fails t unless got has status and one error object with code and
// the given source pointer ("" for none).
func wantError(t *testing.T, got response, status int, code, pointer string) {
	t.Helper()
	if got.status != status {
		t.Errorf("status = %d, want %d (errors %+v)", got.status, status, got.Errors)
	}
	if len(got.Errors) != 1 {
		t.Fatalf("errors = %+v, want exactly one", got.Errors)
	}
	if got.Errors[0].Code != code {
		t.Errorf("code = %q, want %q (%+v)", got.Errors[0].Code, code, got.Errors[0])
	}
	if got.Errors[0].Source.Pointer != pointer {
		t.Errorf("source.pointer = %q, want %q", got.Errors[0].Source.Pointer, pointer)
	}
	if got.Errors[0].Title == "" || got.Errors[0].Detail == "" {
		t.Errorf("error object %+v lacks a title or detail", got.Errors[0])
	}
}

func TestFakeURLsAndKey(t *testing.T) {
	fake := telnyxfake.NewForTest(t, telnyxfake.Options{})

	if !strings.HasPrefix(fake.URL(), "http://127.0.0.1:") {
		t.Errorf("URL = %q, want http://127.0.0.1:PORT", fake.URL())
	}
	if fake.BaseURL() != fake.URL()+"/v2" {
		t.Errorf("BaseURL = %q, want URL + /v2", fake.BaseURL())
	}
	if !strings.HasPrefix(fake.APIKey(), "KEY") || len(fake.APIKey()) < 20 {
		t.Errorf("APIKey = %q, want a generated key starting with KEY", fake.APIKey())
	}

	fixed := telnyxfake.NewForTest(t, telnyxfake.Options{APIKey: "KEYfixed"})
	if fixed.APIKey() != "KEYfixed" {
		t.Errorf("APIKey = %q, want KEYfixed", fixed.APIKey())
	}
}

func TestFakeRejectsNonLoopbackAddress(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "nonsense"} {
		if fake, err := telnyxfake.New(telnyxfake.Options{Addr: addr}); err == nil {
			fake.Close()
			t.Errorf("New with Addr %q succeeded, want an error", addr)
		}
	}
}

func TestFakeCloseTwice(t *testing.T) {
	fake, err := telnyxfake.New(telnyxfake.Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	fake.Close()
	fake.Close()

	client := telnyx.New(telnyx.Config{APIKey: fake.APIKey(), BaseURL: fake.BaseURL()})
	if _, err := client.GetPhoneNumber(context.Background(), "1"); err == nil {
		t.Error("request to a closed fake succeeded, want a connection error")
	}
}

func TestFakeAuthentication(t *testing.T) {
	fake := telnyxfake.NewForTest(t, telnyxfake.Options{APIKey: "KEYright"})
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"})

	tests := []struct {
		name          string
		authorization []string
	}{
		{name: "missing header"},
		{name: "wrong key", authorization: []string{"Bearer KEYwrong"}},
		{name: "key prefix", authorization: []string{"Bearer KEYrig"}},
		{name: "no Bearer scheme", authorization: []string{"KEYright"}},
		{name: "basic scheme", authorization: []string{"Basic S0VZcmlnaHQ6"}},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			header := http.Header{}
			if test.authorization != nil {
				header["Authorization"] = test.authorization
			}
			got := sendWithHeaders(t, fake, http.MethodGet, "/phone_numbers/"+number.ID, "", header)
			wantError(t, got, http.StatusUnauthorized, "10009", "")
		})
	}

	client := telnyx.New(telnyx.Config{APIKey: "KEYright", BaseURL: fake.BaseURL()})
	if _, err := client.GetPhoneNumber(context.Background(), number.ID); err != nil {
		t.Errorf("GetPhoneNumber with the right key: %v", err)
	}
}

func TestFakeAuthenticationThroughClient(t *testing.T) {
	fake := telnyxfake.NewForTest(t, telnyxfake.Options{})
	client := telnyx.New(telnyx.Config{APIKey: "KEYwrong", BaseURL: fake.BaseURL()})

	_, err := client.FindPhoneNumber(context.Background(), "+15551234567")

	if telnyx.StatusCode(err) != http.StatusUnauthorized {
		t.Errorf("StatusCode = %d, want 401 (error %v)", telnyx.StatusCode(err), err)
	}
	if strings.Contains(err.Error(), "KEYwrong") {
		t.Errorf("error %q contains the API key", err)
	}
}

func TestFakeUnknownIDs(t *testing.T) {
	fake, client := newFake(t)
	ctx := context.Background()

	_, err := client.GetPhoneNumber(ctx, "999")
	if !telnyx.IsNotFound(err) {
		t.Errorf("GetPhoneNumber: error = %v, want not found", err)
	}
	_, err = client.GetCallControlApplication(ctx, "999")
	if !telnyx.IsNotFound(err) {
		t.Errorf("GetCallControlApplication: error = %v, want not found", err)
	}
	err = client.DeleteMessagingProfile(ctx, "no-such-profile")
	if !telnyx.IsNotFound(err) {
		t.Errorf("DeleteMessagingProfile: error = %v, want not found", err)
	}
	_, err = client.ListMessagingProfilePhoneNumbers(ctx, "no-such-profile")
	if !telnyx.IsNotFound(err) {
		t.Errorf("ListMessagingProfilePhoneNumbers: error = %v, want not found", err)
	}

	got := send(t, fake, http.MethodPatch, "/phone_numbers/999/messaging", `{"messaging_profile_id":""}`)
	wantError(t, got, http.StatusNotFound, "10005", "")
}

func TestFakeRouting(t *testing.T) {
	fake, _ := newFake(t)

	unknown := send(t, fake, http.MethodGet, "/numbers", "")
	wantError(t, unknown, http.StatusNotFound, "10005", "")

	wrongMethod := send(t, fake, http.MethodPut, "/phone_numbers/1", `{}`)
	if wrongMethod.status != http.StatusMethodNotAllowed {
		t.Errorf("PUT status = %d, want 405", wrongMethod.status)
	}
	if allow := wrongMethod.header.Get("Allow"); allow != "GET, PATCH" {
		t.Errorf("Allow = %q, want \"GET, PATCH\"", allow)
	}
}

func TestFakePagingMeta(t *testing.T) {
	fake, _ := newFake(t)
	for i := range 5 {
		fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: fmt.Sprintf("+1555000000%d", i)})
	}

	tests := []struct {
		query          string
		wantNumbers    []string
		wantPageNumber int
		wantPageSize   int
	}{
		{query: "", wantNumbers: []string{"+15550000000", "+15550000001", "+15550000002", "+15550000003", "+15550000004"}, wantPageNumber: 1, wantPageSize: 20},
		{query: "?page[size]=2", wantNumbers: []string{"+15550000000", "+15550000001"}, wantPageNumber: 1, wantPageSize: 2},
		{query: "?page[size]=2&page[number]=3", wantNumbers: []string{"+15550000004"}, wantPageNumber: 3, wantPageSize: 2},
		{query: "?page[size]=2&page[number]=4", wantNumbers: nil, wantPageNumber: 4, wantPageSize: 2},
	}
	for _, test := range tests {
		t.Run(test.query, func(t *testing.T) {
			got := send(t, fake, http.MethodGet, "/phone_numbers"+test.query, "")
			if got.status != http.StatusOK {
				t.Fatalf("status = %d, want 200 (errors %+v)", got.status, got.Errors)
			}

			var numbers []telnyx.PhoneNumber
			if err := json.Unmarshal(got.Data, &numbers); err != nil {
				t.Fatalf("decoding data: %v", err)
			}
			var gotNumbers []string
			for _, number := range numbers {
				gotNumbers = append(gotNumbers, number.PhoneNumber)
			}
			if !slices.Equal(gotNumbers, test.wantNumbers) {
				t.Errorf("numbers = %v, want %v", gotNumbers, test.wantNumbers)
			}
			if string(got.Data) == "null" {
				t.Error("data is null, want an array")
			}
			if got.Meta.PageNumber != test.wantPageNumber || got.Meta.PageSize != test.wantPageSize {
				t.Errorf("meta page %d size %d, want page %d size %d", got.Meta.PageNumber, got.Meta.PageSize, test.wantPageNumber, test.wantPageSize)
			}
			if wantTotalPages := (5 + test.wantPageSize - 1) / test.wantPageSize; got.Meta.TotalPages != wantTotalPages {
				t.Errorf("total_pages = %d, want %d", got.Meta.TotalPages, wantTotalPages)
			}
			if got.Meta.TotalResults != 5 {
				t.Errorf("total_results = %d, want 5", got.Meta.TotalResults)
			}
		})
	}
}

func TestFakeRejectsBadPageParameters(t *testing.T) {
	fake, _ := newFake(t)

	for _, query := range []string{"page[size]=251", "page[size]=0", "page[size]=x", "page[number]=0", "page[number]=-1"} {
		got := send(t, fake, http.MethodGet, "/call_control_applications?"+query, "")
		wantError(t, got, http.StatusBadRequest, "10015", "")
		if len(got.Errors) == 1 && got.Errors[0].Source.Parameter == "" {
			t.Errorf("%s: source.parameter is empty, want the parameter name", query)
		}
	}

	got := send(t, fake, http.MethodGet, "/call_control_applications?page[size]=250", "")
	if got.status != http.StatusOK {
		t.Errorf("page[size]=250: status = %d, want 200", got.status)
	}
}

func TestFakeClientWalksManyPages(t *testing.T) {
	fake, client := newFake(t)
	// 600 numbers contain "1555" and need three pages of 250. The exact match
	// is the last number added, so it is on page 3.
	for i := range 600 {
		fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: fmt.Sprintf("+1555%07d", i+1)})
	}
	target := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+1555"})
	fake.ResetRequests()

	number, err := client.FindPhoneNumber(context.Background(), "+1555")
	if err != nil {
		t.Fatalf("FindPhoneNumber: %v", err)
	}

	if number.ID != target.ID {
		t.Errorf("found id %s, want %s", number.ID, target.ID)
	}
	var pages []string
	for _, request := range fake.Requests() {
		pages = append(pages, request.Query.Get("page[number]"))
	}
	if !slices.Equal(pages, []string{"1", "2", "3"}) {
		t.Errorf("requested pages %v, want [1 2 3]", pages)
	}
}

func TestFakePhoneNumberFilter(t *testing.T) {
	fake, client := newFake(t)
	fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+155512345678"})
	exact := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"})
	fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+442071234567"})

	for _, filter := range []string{"15551234567", "%2B15551234567"} {
		got := send(t, fake, http.MethodGet, "/phone_numbers?filter[phone_number]="+filter, "")
		if got.Meta.TotalResults != 2 {
			t.Errorf("filter %s: total_results = %d, want 2 partial matches", filter, got.Meta.TotalResults)
		}
	}

	for _, filter := range []string{"12", "abc", "%2B1"} {
		got := send(t, fake, http.MethodGet, "/phone_numbers?filter[phone_number]="+filter, "")
		wantError(t, got, http.StatusBadRequest, "10015", "")
	}

	number, err := client.FindPhoneNumber(context.Background(), "+15551234567")
	if err != nil {
		t.Fatalf("FindPhoneNumber: %v", err)
	}
	if number.ID != exact.ID {
		t.Errorf("found id %s, want %s", number.ID, exact.ID)
	}

	_, err = client.FindPhoneNumber(context.Background(), "+1555123456")
	var notFound *telnyx.NotFoundError
	if !errors.As(err, &notFound) || notFound.PartialMatches != 2 {
		t.Errorf("error = %v, want a *NotFoundError after 2 partial matches", err)
	}
}

func TestFakeApplicationNameFilter(t *testing.T) {
	fake, client := newFake(t)
	fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "burki-15551234567", WebhookEventURL: "https://a.example.test", Active: true})
	want := fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "Burki-15551234567", WebhookEventURL: "https://b.example.test", Active: true})
	fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "Burki-15551234567-old", WebhookEventURL: "https://c.example.test", Active: true})
	fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "Other", WebhookEventURL: "https://d.example.test", Active: true})

	got := send(t, fake, http.MethodGet, "/call_control_applications?filter[application_name][contains]=BURKI-1555", "")
	if got.Meta.TotalResults != 3 {
		t.Errorf("total_results = %d, want 3 case-insensitive partial matches", got.Meta.TotalResults)
	}

	app, err := client.FindCallControlApplicationByName(context.Background(), "Burki-15551234567")
	if err != nil {
		t.Fatalf("FindCallControlApplicationByName: %v", err)
	}
	if app.ID != want.ID || app.WebhookEventURL != "https://b.example.test" {
		t.Errorf("application = %+v, want id %s", app, want.ID)
	}
}

func TestFakeProfileNameEqIsPartial(t *testing.T) {
	fake, client := newFake(t)
	fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "Burki-SMS-15551234567-old", WhitelistedDestinations: []string{"US"}})
	want := fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "Burki-SMS-15551234567", WhitelistedDestinations: []string{"US"}})

	got := send(t, fake, http.MethodGet, "/messaging_profiles?filter[name][eq]=burki-sms-15551234567", "")
	if got.Meta.TotalResults != 2 {
		t.Errorf("total_results = %d, want 2 because the fake treats eq as partial", got.Meta.TotalResults)
	}

	profile, err := client.FindMessagingProfileByName(context.Background(), "Burki-SMS-15551234567")
	if err != nil {
		t.Fatalf("FindMessagingProfileByName: %v", err)
	}
	if profile.ID != want.ID {
		t.Errorf("profile id = %s, want %s", profile.ID, want.ID)
	}
}

func TestFakeDuplicateNamesAreAmbiguous(t *testing.T) {
	fake, client := newFake(t)
	first := fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "Burki-SMS-1", WhitelistedDestinations: []string{"US"}})
	second := fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "Burki-SMS-1", WhitelistedDestinations: []string{"US"}})

	_, err := client.FindMessagingProfileByName(context.Background(), "Burki-SMS-1")

	var ambiguous *telnyx.AmbiguousMatchError
	if !errors.As(err, &ambiguous) {
		t.Fatalf("error = %v, want an *AmbiguousMatchError", err)
	}
	if !slices.Equal(ambiguous.IDs, []string{first.ID, second.ID}) {
		t.Errorf("IDs = %v, want [%s %s]", ambiguous.IDs, first.ID, second.ID)
	}
}

func TestFakeStableIDs(t *testing.T) {
	seed := func() []string {
		fake, client := newFake(t)
		connection := fake.AddConnection(telnyxfake.Connection{Name: "SIP"})
		number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567", ConnectionID: connection.ID})
		app := fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "a", WebhookEventURL: "https://a.example.test"})
		profile := fake.AddMessagingProfile(telnyxfake.MessagingProfile{Name: "p", WhitelistedDestinations: []string{"US"}})
		created, err := client.CreateCallControlApplication(context.Background(), telnyx.CallControlApplication{
			ApplicationName: "b", WebhookEventURL: "https://b.example.test", Active: true,
		})
		if err != nil {
			t.Fatalf("CreateCallControlApplication: %v", err)
		}
		return []string{connection.ID, number.ID, app.ID, profile.ID, created.ID}
	}

	first := seed()
	second := seed()

	if !slices.Equal(first, second) {
		t.Errorf("ids differ between runs:\n%v\n%v", first, second)
	}
	if len(slices.Compact(slices.Sorted(slices.Values(first)))) != len(first) {
		t.Errorf("ids %v are not unique", first)
	}
	for _, id := range []string{first[0], first[1], first[2], first[4]} {
		if len(id) != 19 || strings.Trim(id, "0123456789") != "" {
			t.Errorf("id %q is not a 19-digit numeric string", id)
		}
	}
	if parts := strings.Split(first[3], "-"); len(parts) != 5 || len(first[3]) != 36 {
		t.Errorf("profile id %q is not UUID-shaped", first[3])
	}
}

func TestFakeSeedingPanics(t *testing.T) {
	fake, _ := newFake(t)
	existing := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"})

	tests := []struct {
		name string
		call func()
	}{
		{name: "duplicate number", call: func() { fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"}) }},
		{name: "malformed number", call: func() { fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "5551234567"}) }},
		{name: "id in use", call: func() { fake.AddConnection(telnyxfake.Connection{ID: existing.ID}) }},
		{name: "set unknown number", call: func() { fake.SetPhoneNumber(telnyxfake.PhoneNumber{ID: "1", PhoneNumber: "+15550000000"}) }},
		{name: "set unknown application", call: func() { fake.SetCallControlApplication(telnyxfake.CallControlApplication{ID: "1"}) }},
		{name: "set unknown profile", call: func() { fake.SetMessagingProfile(telnyxfake.MessagingProfile{ID: "1"}) }},
		{name: "bad fault rate", call: func() { fake.SetFaults(telnyxfake.Faults{RateLimitRate: 0.8, ServerErrorRate: 0.8}) }},
		{name: "bad fail status", call: func() { fake.FailNext(nil, http.StatusOK, 1) }},
		{name: "bad fail count", call: func() { fake.FailNext(nil, http.StatusInternalServerError, 0) }},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic, want one")
				}
			}()
			test.call()
		})
	}
}

func TestFakeConcurrentUse(t *testing.T) {
	fake, client := newFake(t)
	app := fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "Burki-1", WebhookEventURL: "https://a.example.test", Active: true})
	var numbers []telnyxfake.PhoneNumber
	for i := range 10 {
		numbers = append(numbers, fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: fmt.Sprintf("+1555000%04d", i)}))
	}

	var wait sync.WaitGroup
	for _, number := range numbers {
		wait.Go(func() {
			ctx := context.Background()
			if _, err := client.UpdatePhoneNumberConnection(ctx, number.ID, app.ID); err != nil {
				t.Errorf("UpdatePhoneNumberConnection %s: %v", number.PhoneNumber, err)
			}
			if _, err := client.FindPhoneNumber(ctx, number.PhoneNumber); err != nil {
				t.Errorf("FindPhoneNumber %s: %v", number.PhoneNumber, err)
			}
			fake.PhoneNumbers()
			fake.Requests()
		})
	}
	wait.Wait()

	for _, number := range fake.PhoneNumbers() {
		if number.ConnectionID != app.ID {
			t.Errorf("%s is on connection %q, want %s", number.PhoneNumber, number.ConnectionID, app.ID)
		}
	}
	if got := len(fake.Writes()); got != 10 {
		t.Errorf("logged %d writes, want 10", got)
	}
}

func TestFakeLatency(t *testing.T) {
	fake, client := newFake(t)
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"})
	app := fake.AddCallControlApplication(telnyxfake.CallControlApplication{ApplicationName: "a", WebhookEventURL: "https://a.example.test"})
	fake.SetLatency(150 * time.Millisecond)

	start := time.Now()
	if _, err := client.GetPhoneNumber(context.Background(), number.ID); err != nil {
		t.Fatalf("GetPhoneNumber: %v", err)
	}
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
		t.Errorf("request took %v, want at least the 150ms latency", elapsed)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err := client.UpdatePhoneNumberConnection(ctx, number.ID, app.ID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want context.DeadlineExceeded", err)
	}

	// The abandoned request must not change state, and the fake logs it with
	// status 0 once the handler notices that the client went away.
	deadline := time.Now().Add(5 * time.Second)
	for {
		writes := fake.Writes()
		if len(writes) == 1 && writes[0].Status == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("writes = %+v, want one abandoned PATCH with status 0", writes)
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	if stored, _ := fake.PhoneNumber(number.ID); stored.ConnectionID != "" {
		t.Errorf("connection = %q after an abandoned request, want unchanged", stored.ConnectionID)
	}

	fake.SetLatency(0)
	start = time.Now()
	if _, err := client.GetPhoneNumber(context.Background(), number.ID); err != nil {
		t.Fatalf("GetPhoneNumber: %v", err)
	}
	if elapsed := time.Since(start); elapsed > 100*time.Millisecond {
		t.Errorf("request took %v after SetLatency(0), want no delay", elapsed)
	}
}

func TestFakeRequestLog(t *testing.T) {
	fake, client := newFake(t)
	number := fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551234567"})
	ctx := context.Background()
	before := time.Now()

	if _, err := client.FindPhoneNumber(ctx, "+15551234567"); err != nil {
		t.Fatalf("FindPhoneNumber: %v", err)
	}
	if _, err := client.UpdatePhoneNumberConnection(ctx, number.ID, "404"); err == nil {
		t.Fatal("UpdatePhoneNumberConnection to an unknown connection succeeded, want 422")
	}

	requests := fake.Requests()
	if len(requests) != 2 {
		t.Fatalf("logged %d requests, want 2", len(requests))
	}
	find, update := requests[0], requests[1]
	if find.Method != http.MethodGet || find.Path != "/v2/phone_numbers" || find.Status != http.StatusOK {
		t.Errorf("first request = %s %s %d, want GET /v2/phone_numbers 200", find.Method, find.Path, find.Status)
	}
	if find.Query.Get("filter[phone_number]") != "15551234567" {
		t.Errorf("logged filter = %q, want 15551234567", find.Query.Get("filter[phone_number]"))
	}
	if find.Time.Before(before.Add(-time.Second)) || find.Time.After(time.Now()) {
		t.Errorf("logged time %v is outside the test", find.Time)
	}
	if update.Method != http.MethodPatch || update.Path != "/v2/phone_numbers/"+number.ID || update.Status != http.StatusUnprocessableEntity {
		t.Errorf("second request = %s %s %d, want PATCH /v2/phone_numbers/%s 422", update.Method, update.Path, update.Status, number.ID)
	}
	if string(update.Body) != `{"connection_id":"404"}` {
		t.Errorf("logged body = %s, want {\"connection_id\":\"404\"}", update.Body)
	}

	writes := fake.Writes()
	if len(writes) != 1 || writes[0].Method != http.MethodPatch {
		t.Errorf("writes = %+v, want only the PATCH", writes)
	}

	// Changing a returned copy must not change the log.
	requests[1].Body[0] = 'X'
	requests[0].Query.Set("filter[phone_number]", "changed")
	if again := fake.Requests(); again[1].Body[0] != '{' || again[0].Query.Get("filter[phone_number]") != "15551234567" {
		t.Error("changing a returned request changed the log")
	}

	fake.ResetRequests()
	if got := len(fake.Requests()); got != 0 {
		t.Errorf("logged %d requests after ResetRequests, want 0", got)
	}
}
