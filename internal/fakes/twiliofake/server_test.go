package twiliofake

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	api "github.com/twilio/twilio-go/rest/api/v2010"
)

func TestWrongTokenReturns401(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{})
	rest := newRestClient(t, s, s.AccountSID(), "wrongtoken", s.AccountSID())

	_, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil)

	message := requireRestError(t, err, http.StatusUnauthorized, 20003)
	if message != "Authenticate" {
		t.Errorf("message = %q, want Authenticate", message)
	}
	requests := s.Requests()
	if len(requests) != 1 || requests[0].Status != http.StatusUnauthorized || requests[0].Username != s.AccountSID() {
		t.Errorf("request log = %+v, want one request answered 401 with the account SID as user name", requests)
	}
}

func TestMissingCredentialsReturn401Body(t *testing.T) {
	s := newServer(t)

	resp, err := http.Get(s.URL() + "/2010-04-01/Accounts/" + s.AccountSID() + "/IncomingPhoneNumbers.json")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)

	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status = %d, want 401", resp.StatusCode)
	}
	want := `{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}`
	if string(body) != want {
		t.Errorf("body = %s, want %s", body, want)
	}
	if resp.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("WWW-Authenticate header is missing")
	}
}

func TestAPIKeyAuthenticates(t *testing.T) {
	keySID := "SK" + strings.Repeat("a", 32)
	s := NewForTest(t, Options{APIKeySID: keySID, APIKeySecret: "keysecret123"})
	added := s.AddNumber(Number{})

	rest := newRestClient(t, s, keySID, "keysecret123", s.AccountSID())
	if _, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil); err != nil {
		t.Fatalf("FetchIncomingPhoneNumber with the API key: %v", err)
	}

	wrongSecret := newRestClient(t, s, keySID, "othersecret", s.AccountSID())
	_, err := wrongSecret.Api.FetchIncomingPhoneNumber(added.SID, nil)
	requireRestError(t, err, http.StatusUnauthorized, 20003)
}

func TestOptionsAreValidated(t *testing.T) {
	cases := []struct {
		name string
		opts Options
	}{
		{"account sid", Options{AccountSID: "AC123"}},
		{"token characters", Options{AuthToken: "not-alphanumeric"}},
		{"half key pair", Options{APIKeySID: "SK" + strings.Repeat("a", 32)}},
		{"key sid", Options{APIKeySID: "XX" + strings.Repeat("a", 32), APIKeySecret: "secret"}},
		{"non-loopback address", Options{Addr: "0.0.0.0:0"}},
		{"missing OpenAPI directory", Options{OpenAPIDir: t.TempDir()}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(tc.opts)
			if err == nil {
				s.Close()
				t.Fatalf("New(%+v) succeeded, want an error", tc.opts)
			}
		})
	}
}

func TestGivenCredentialsAreUsed(t *testing.T) {
	account := "AC" + strings.Repeat("1", 32)
	s := NewForTest(t, Options{AccountSID: account, AuthToken: "token123", Addr: "127.0.0.1:0"})

	if s.AccountSID() != account || s.AuthToken() != "token123" {
		t.Errorf("AccountSID, AuthToken = %s, %s; want %s, token123", s.AccountSID(), s.AuthToken(), account)
	}
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Errorf("URL = %s, want a loopback URL", s.URL())
	}
}

func TestRequestLogKeepsArrivalOrder(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{})
	rest := newAccountClient(t, s)

	_, _ = rest.Api.FetchIncomingPhoneNumber(added.SID, nil)
	_, _ = rest.Api.UpdateIncomingPhoneNumber(added.SID, (&api.UpdateIncomingPhoneNumberParams{}).SetFriendlyName("renamed"))
	_, _ = rest.Api.ListIncomingPhoneNumber((&api.ListIncomingPhoneNumberParams{}).SetPhoneNumber("+1555"))

	requests := s.Requests()
	if len(requests) != 3 {
		t.Fatalf("logged %d requests, want 3: %+v", len(requests), requests)
	}
	wantMethods := []string{http.MethodGet, http.MethodPost, http.MethodGet}
	for i, request := range requests {
		if request.Method != wantMethods[i] || request.Status != http.StatusOK {
			t.Errorf("request %d = %s answered %d, want %s answered 200", i, request.Method, request.Status, wantMethods[i])
		}
		if request.Time.IsZero() {
			t.Errorf("request %d has no arrival time", i)
		}
	}
	if requests[1].Form.Get("FriendlyName") != "renamed" {
		t.Errorf("logged form = %v, want FriendlyName=renamed", requests[1].Form)
	}
	if requests[2].Query.Get("PhoneNumber") != "+1555" {
		t.Errorf("logged query = %v, want PhoneNumber=+1555", requests[2].Query)
	}
	if writes := s.Writes(); len(writes) != 1 || writes[0].Method != http.MethodPost {
		t.Errorf("Writes() = %+v, want only the POST", writes)
	}

	requests[1].Form.Set("FriendlyName", "changed by caller")
	if s.Requests()[1].Form.Get("FriendlyName") != "renamed" {
		t.Errorf("changing a returned Request changed the log")
	}

	s.ResetRequests()
	if n := len(s.Requests()); n != 0 {
		t.Errorf("logged %d requests after ResetRequests, want 0", n)
	}
}

func TestRateLimitFaults(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{})
	rest := newAccountClient(t, s)
	s.SetFaults(Faults{RateLimitRate: 1, RetryAfter: 1500 * time.Millisecond})

	_, err := rest.Api.UpdateIncomingPhoneNumber(added.SID, (&api.UpdateIncomingPhoneNumberParams{}).SetVoiceUrl("https://example.com/changed"))
	requireRestError(t, err, http.StatusTooManyRequests, 20429)

	if stored, _ := s.Number(added.SID); stored.VoiceURL != "" {
		t.Errorf("VoiceURL = %q, want no change from a rate-limited request", stored.VoiceURL)
	}
	resp, _ := rawRequest(t, s, http.MethodGet, s.numberPath(added.SID), nil)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" {
		t.Errorf("status, Retry-After = %d, %q; want 429, 2 (1.5 s rounded up)", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if limited, serverErrors := s.InjectedFailures(); limited != 2 || serverErrors != 0 {
		t.Errorf("InjectedFailures = %d, %d; want 2, 0", limited, serverErrors)
	}

	s.SetFaults(Faults{})
	if _, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil); err != nil {
		t.Errorf("FetchIncomingPhoneNumber after turning faults off: %v", err)
	}
}

func TestServerErrorFaultsFollowSeed(t *testing.T) {
	outcomes := func() string {
		s := newServer(t)
		added := s.AddNumber(Number{})
		rest := newAccountClient(t, s)
		s.SetFaults(Faults{ServerErrorRate: 0.5, Seed: 42})
		var pattern strings.Builder
		for i := 0; i < 40; i++ {
			if _, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil); err != nil {
				requireRestError(t, err, http.StatusInternalServerError, 20500)
				pattern.WriteByte('x')
			} else {
				pattern.WriteByte('.')
			}
		}
		if _, serverErrors := s.InjectedFailures(); serverErrors != strings.Count(pattern.String(), "x") {
			t.Errorf("InjectedFailures counted %d server errors, clients saw %d", serverErrors, strings.Count(pattern.String(), "x"))
		}
		return pattern.String()
	}

	first, second := outcomes(), outcomes()

	if first != second {
		t.Errorf("outcomes with the same seed differ:\n%s\n%s", first, second)
	}
	if failures := strings.Count(first, "x"); failures < 8 || failures > 32 {
		t.Errorf("%d of 40 requests failed at rate 0.5, want between 8 and 32: %s", failures, first)
	}
}

func TestFailNextMatchesRequests(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{})
	rest := newAccountClient(t, s)
	var matchedBodies []string
	var matchedMu sync.Mutex
	s.FailNext(func(r *http.Request) bool {
		if r.Method != http.MethodPost {
			return false
		}
		body, _ := io.ReadAll(r.Body)
		matchedMu.Lock()
		matchedBodies = append(matchedBodies, string(body))
		matchedMu.Unlock()
		return true
	}, http.StatusServiceUnavailable, 2)
	update := (&api.UpdateIncomingPhoneNumberParams{}).SetSmsUrl("https://example.com/sms")

	if _, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil); err != nil {
		t.Errorf("GET failed although the rule matches only POST: %v", err)
	}
	for attempt := 1; attempt <= 2; attempt++ {
		_, err := rest.Api.UpdateIncomingPhoneNumber(added.SID, update)
		requireRestError(t, err, http.StatusServiceUnavailable, 20503)
		if stored, _ := s.Number(added.SID); stored.SMSURL != "" {
			t.Errorf("attempt %d changed SMSURL to %q, want no change", attempt, stored.SMSURL)
		}
	}
	if _, err := rest.Api.UpdateIncomingPhoneNumber(added.SID, update); err != nil {
		t.Fatalf("third update failed after the rule ran out: %v", err)
	}

	if stored, _ := s.Number(added.SID); stored.SMSURL != "https://example.com/sms" {
		t.Errorf("SMSURL = %q, want the third update applied", stored.SMSURL)
	}
	if _, serverErrors := s.InjectedFailures(); serverErrors != 2 {
		t.Errorf("InjectedFailures counted %d server errors, want 2", serverErrors)
	}
	if len(matchedBodies) == 0 || !strings.Contains(matchedBodies[0], "SmsUrl=") {
		t.Errorf("match saw bodies %q, want the form body", matchedBodies)
	}
	writes := s.Writes()
	if len(writes) != 3 || writes[0].Status != http.StatusServiceUnavailable || writes[2].Status != http.StatusOK {
		t.Errorf("Writes() = %+v, want two 503 then one 200", writes)
	}
}

func TestFailNextRejectsSuccessStatus(t *testing.T) {
	s := newServer(t)
	defer func() {
		if recover() == nil {
			t.Errorf("FailNext with status 200 did not panic")
		}
	}()
	s.FailNext(nil, http.StatusOK, 1)
}

func TestLatencyDelaysRequests(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{})
	rest := newAccountClient(t, s)
	const latency = 400 * time.Millisecond
	s.SetLatency(latency)

	started := time.Now()
	_, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil)
	elapsed := time.Since(started)

	if err != nil {
		t.Fatalf("FetchIncomingPhoneNumber: %v", err)
	}
	if elapsed < latency {
		t.Errorf("request took %v, want at least the latency of %v", elapsed, latency)
	}

	s.SetLatency(0)
	started = time.Now()
	if _, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil); err != nil {
		t.Fatalf("FetchIncomingPhoneNumber: %v", err)
	}
	if elapsed := time.Since(started); elapsed >= latency {
		t.Errorf("request took %v after removing the latency, want less than %v", elapsed, latency)
	}
}

func TestCloseEndsWaitingRequests(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	s.SetLatency(time.Minute)
	done := make(chan struct{})
	go func() {
		defer close(done)
		req, _ := http.NewRequest(http.MethodGet, s.URL()+"/2010-04-01/Accounts/"+s.AccountSID()+"/IncomingPhoneNumbers.json", nil)
		req.SetBasicAuth(s.AccountSID(), s.AuthToken())
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for len(s.Requests()) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the request did not reach the fake within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}

	started := time.Now()
	s.Close()
	<-done

	if elapsed := time.Since(started); elapsed > 5*time.Second {
		t.Errorf("Close took %v with a request waiting out a minute of latency", elapsed)
	}
	if status := s.Requests()[0].Status; status != http.StatusServiceUnavailable {
		t.Errorf("waiting request got status %d, want 503", status)
	}
}

func TestConcurrentClients(t *testing.T) {
	s := newServer(t)
	service := s.AddService(Service{})
	var numbers []Number
	for i := 0; i < 20; i++ {
		numbers = append(numbers, s.AddNumber(Number{}))
	}
	rest := newAccountClient(t, s)
	s.SetFaults(Faults{RateLimitRate: 0.1, Seed: 1})

	var wg sync.WaitGroup
	for i, number := range numbers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			params := (&api.UpdateIncomingPhoneNumberParams{}).SetSmsUrl("https://example.com/sms/" + number.SID)
			for {
				_, err := rest.Api.UpdateIncomingPhoneNumber(number.SID, params)
				if err == nil {
					break
				}
				if !strings.Contains(err.Error(), "20429") {
					t.Errorf("update %d: %v", i, err)
					return
				}
			}
			_, _ = rest.Api.ListIncomingPhoneNumber(nil)
			s.Numbers()
			s.Requests()
			if i%2 == 0 {
				s.AddToService(service.SID, number.SID)
			}
		}()
	}
	wg.Wait()

	for _, number := range numbers {
		stored, _ := s.Number(number.SID)
		if stored.SMSURL != "https://example.com/sms/"+number.SID {
			t.Errorf("number %s has SMSURL %q, want its own update", number.SID, stored.SMSURL)
		}
	}
	if pool := s.ServiceNumbers(service.SID); len(pool) != 10 {
		t.Errorf("service pool has %d numbers, want 10", len(pool))
	}
}

func TestOversizedBodyIsRejected(t *testing.T) {
	s := newServerWithoutContract(t)
	added := s.AddNumber(Number{})
	body := bytes.Repeat([]byte("a"), maxRequestBody+1)
	req, _ := http.NewRequest(http.MethodPost, s.URL()+s.numberPath(added.SID), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(s.AccountSID(), s.AuthToken())

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	resp.Body.Close()

	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status = %d, want 400 for a body over %d bytes", resp.StatusCode, maxRequestBody)
	}
	if stored, _ := s.Number(added.SID); stored != added {
		t.Errorf("number changed by a rejected request: %+v", stored)
	}
}
