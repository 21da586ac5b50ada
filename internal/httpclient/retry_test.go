package httpclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRetryServerErrors(t *testing.T) {
	for _, status := range []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			server := newTestServer(t, failFirst(2, status, nil))
			transport := New(Options{Retry: fastRetry})

			resp, err := transport.RoundTrip(newRequest(t, context.Background(), http.MethodGet, server.URL+"/numbers", ""))
			if err != nil {
				t.Fatalf("RoundTrip: %v", err)
			}

			if resp.StatusCode != http.StatusOK {
				t.Errorf("status = %d, want 200 after the retries", resp.StatusCode)
			}
			if body := readBody(t, resp); body != "ok" {
				t.Errorf("body = %q, want %q", body, "ok")
			}
			if got := server.requests(); got != 3 {
				t.Errorf("server received %d requests, want 3", got)
			}
		})
	}
}

func TestRetryClientErrorsFailAtOnce(t *testing.T) {
	statuses := []int{
		http.StatusBadRequest,
		http.StatusUnauthorized,
		http.StatusNotFound,
		http.StatusConflict,
		http.StatusUnprocessableEntity,
	}
	for _, status := range statuses {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			server := newTestServer(t, failFirst(1, status, nil))
			transport := New(Options{Retry: fastRetry})

			resp, err := transport.RoundTrip(newRequest(t, context.Background(), http.MethodPost, server.URL+"/numbers", "a=1"))
			if err != nil {
				t.Fatalf("RoundTrip: %v", err)
			}

			if resp.StatusCode != status {
				t.Errorf("status = %d, want %d", resp.StatusCode, status)
			}
			if body, want := readBody(t, resp), "failure "+http.StatusText(status); body != want {
				t.Errorf("body = %q, want %q unread", body, want)
			}
			if got := server.requests(); got != 1 {
				t.Errorf("server received %d requests, want 1", got)
			}
		})
	}
}

func TestRetryRateLimitRetryAfter(t *testing.T) {
	server := newTestServer(t, failFirst(1, http.StatusTooManyRequests, http.Header{"Retry-After": {"1"}}))
	transport := New(Options{Retry: RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Second}})

	start := time.Now()
	resp, err := transport.RoundTrip(newRequest(t, context.Background(), http.MethodGet, server.URL+"/numbers", ""))
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want 200 after the retry", resp.StatusCode)
	}
	if got := server.requests(); got != 2 {
		t.Errorf("server received %d requests, want 2", got)
	}
	if elapsed < time.Second {
		t.Errorf("retried after %v, want at least the 1s of Retry-After", elapsed)
	}
	if elapsed > 5*time.Second {
		t.Errorf("retried after %v, want about the 1s of Retry-After", elapsed)
	}
}

func TestRetryRateLimitReset(t *testing.T) {
	server := newTestServer(t, failFirst(1, http.StatusTooManyRequests, http.Header{"X-Ratelimit-Reset": {"0.3"}}))
	transport := New(Options{Retry: RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Second}})

	start := time.Now()
	resp, err := transport.RoundTrip(newRequest(t, context.Background(), http.MethodGet, server.URL+"/numbers", ""))
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want 200 after the retry", resp.StatusCode)
	}
	if got := server.requests(); got != 2 {
		t.Errorf("server received %d requests, want 2", got)
	}
	if elapsed < 300*time.Millisecond {
		t.Errorf("retried after %v, want at least the 300ms of x-ratelimit-reset", elapsed)
	}
}

func TestRetryServerWaitCapped(t *testing.T) {
	var logs logRecorder
	server := newTestServer(t, failFirst(1, http.StatusTooManyRequests, http.Header{"Retry-After": {"30"}}))
	maxBackoff := 200 * time.Millisecond
	transport := New(Options{Retry: RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: maxBackoff}})

	start := time.Now()
	resp, err := transport.RoundTrip(newRequest(t, logs.context(context.Background()), http.MethodGet, server.URL+"/numbers", ""))
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want 200 after the retry", resp.StatusCode)
	}
	if elapsed < maxBackoff || elapsed > 5*time.Second {
		t.Errorf("retried after %v, want MaxBackoff (%v) instead of the 30s of Retry-After", elapsed, maxBackoff)
	}
	retries := logs.entries(t, "Retrying carrier request")
	if len(retries) != 1 {
		t.Fatalf("logged %d retries, want 1", len(retries))
	}
	if got := retries[0]["retry_in"]; got != maxBackoff.String() {
		t.Errorf("retry_in = %v, want %v", got, maxBackoff)
	}
}

func TestRetryStopsAtMaxAttempts(t *testing.T) {
	server := newTestServer(t, failFirst(100, http.StatusServiceUnavailable, nil))
	transport := New(Options{Retry: RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}})

	resp, err := transport.RoundTrip(newRequest(t, context.Background(), http.MethodGet, server.URL+"/numbers", ""))
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}

	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status = %d, want the last 503", resp.StatusCode)
	}
	if body, want := readBody(t, resp), "failure Service Unavailable"; body != want {
		t.Errorf("body = %q, want %q unread", body, want)
	}
	if got := server.requests(); got != 3 {
		t.Errorf("server received %d requests, want MaxAttempts (3)", got)
	}
}

func TestRetryDroppedConnection(t *testing.T) {
	server := newTestServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt == 1 {
			dropConnection(t, w)
			return
		}
		_, _ = w.Write([]byte("ok"))
	})
	transport := New(Options{Retry: fastRetry})

	resp, err := transport.RoundTrip(newRequest(t, context.Background(), http.MethodGet, server.URL+"/numbers", ""))
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}

	if body := readBody(t, resp); body != "ok" {
		t.Errorf("body = %q, want %q after the retry", body, "ok")
	}
	if got := server.requests(); got != 2 {
		t.Errorf("server received %d requests, want 2", got)
	}
}

func TestRetryNonIdempotentRateLimit(t *testing.T) {
	server := newTestServer(t, failFirst(1, http.StatusTooManyRequests, nil))
	transport := New(Options{Retry: fastRetry})
	ctx := NonIdempotent(context.Background())

	resp, err := transport.RoundTrip(newRequest(t, ctx, http.MethodPost, server.URL+"/numbers", "a=1"))
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want 200 after the retry", resp.StatusCode)
	}
	if got := server.requests(); got != 2 {
		t.Errorf("server received %d requests, want 2", got)
	}
}

func TestRetryNonIdempotentServerError(t *testing.T) {
	server := newTestServer(t, failFirst(1, http.StatusServiceUnavailable, nil))
	transport := New(Options{Retry: fastRetry})
	ctx := NonIdempotent(context.Background())

	resp, err := transport.RoundTrip(newRequest(t, ctx, http.MethodPost, server.URL+"/numbers", "a=1"))
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status = %d, want the 503 unretried", resp.StatusCode)
	}
	if got := server.requests(); got != 1 {
		t.Errorf("server received %d requests, want 1", got)
	}
}

func TestRetryNonIdempotentDroppedConnection(t *testing.T) {
	server := newTestServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt == 1 {
			dropConnection(t, w)
			return
		}
		_, _ = w.Write([]byte("ok"))
	})
	transport := New(Options{Retry: fastRetry})
	ctx := NonIdempotent(context.Background())

	resp, err := transport.RoundTrip(newRequest(t, ctx, http.MethodPost, server.URL+"/numbers", "a=1"))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("RoundTrip returned %d, want the connection error", resp.StatusCode)
	}

	if got := server.requests(); got != 1 {
		t.Errorf("server received %d requests, want 1", got)
	}
}

func TestRetryNonIdempotentRefusedConnection(t *testing.T) {
	// A listener that is closed again leaves a port on 127.0.0.1 that refuses
	// connections, so the request never reaches a server.
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening: %v", err)
	}
	target := "http://" + listener.Addr().String() + "/numbers"
	_ = listener.Close()

	var logs logRecorder
	transport := New(Options{Retry: RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}})
	ctx := NonIdempotent(logs.context(context.Background()))

	resp, err := transport.RoundTrip(newRequest(t, ctx, http.MethodPost, target, "a=1"))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("RoundTrip returned %d, want a connection error", resp.StatusCode)
	}

	if got := len(logs.entries(t, "Carrier request failed")); got != 3 {
		t.Errorf("made %d attempts, want MaxAttempts (3), because a refused connection never reached the server", got)
	}
}

func TestRetryResendsBody(t *testing.T) {
	tests := []struct {
		name        string
		method      string
		contentType string
		body        string
	}{
		{name: "form", method: http.MethodPost, contentType: "application/x-www-form-urlencoded", body: "PhoneNumber=%2B15551234567&VoiceUrl=https%3A%2F%2Fvoice.example.com%2Fv&VoiceMethod=POST"},
		{name: "JSON", method: http.MethodPatch, contentType: "application/json", body: `{"connection_id":"123","messaging_profile_id":"é-456"}`},
	}
	bases := []struct {
		name      string
		transport func() http.RoundTripper
	}{
		{name: "default base", transport: func() http.RoundTripper { return nil }},
		{name: "base without rewind", transport: func() http.RoundTripper { return withoutGetBody{next: &http.Transport{}} }},
	}
	for _, base := range bases {
		for _, test := range tests {
			t.Run(base.name+"/"+test.name, func(t *testing.T) {
				server := newTestServer(t, failFirst(2, http.StatusServiceUnavailable, nil))
				transport := New(Options{Retry: fastRetry, Base: base.transport()})
				req := newRequest(t, context.Background(), test.method, server.URL+"/numbers/1", test.body)
				req.Header.Set("Content-Type", test.contentType)

				resp, err := transport.RoundTrip(req)
				if err != nil {
					t.Fatalf("RoundTrip: %v", err)
				}
				resp.Body.Close()

				bodies := server.receivedBodies()
				if len(bodies) != 3 {
					t.Fatalf("server received %d requests, want 3", len(bodies))
				}
				for i, body := range bodies {
					if body != test.body {
						t.Errorf("attempt %d sent %q, want %q", i+1, body, test.body)
					}
				}
			})
		}
	}
}

func TestRetryBodyWithoutGetBody(t *testing.T) {
	server := newTestServer(t, failFirst(1, http.StatusServiceUnavailable, nil))
	transport := New(Options{Retry: fastRetry})
	req := newRequest(t, context.Background(), http.MethodPost, server.URL+"/numbers", "a=1")
	// Without GetBody the body cannot be read a second time.
	req.GetBody = nil

	resp, err := transport.RoundTrip(req)
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status = %d, want the 503 unretried", resp.StatusCode)
	}
	if got := server.requests(); got != 1 {
		t.Errorf("server received %d requests, want 1", got)
	}
}

func TestRetryStopsBeforeDeadline(t *testing.T) {
	server := newTestServer(t, failFirst(100, http.StatusServiceUnavailable, http.Header{"Retry-After": {"10"}}))
	transport := New(Options{Retry: RetryPolicy{MaxAttempts: 5, MinBackoff: time.Millisecond, MaxBackoff: time.Minute}})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()

	start := time.Now()
	resp, err := transport.RoundTrip(newRequest(t, ctx, http.MethodGet, server.URL+"/numbers", ""))
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("RoundTrip: %v, want the 503 returned before the deadline", err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status = %d, want the 503", resp.StatusCode)
	}
	if got := server.requests(); got != 1 {
		t.Errorf("server received %d requests, want 1", got)
	}
	if elapsed > time.Second {
		t.Errorf("returned after %v, want at once because the 10s wait would pass the 3s deadline", elapsed)
	}
}

func TestRetryStopsOnCancel(t *testing.T) {
	server := newTestServer(t, failFirst(100, http.StatusServiceUnavailable, http.Header{"Retry-After": {"10"}}))
	transport := New(Options{Retry: RetryPolicy{MaxAttempts: 5, MinBackoff: time.Millisecond, MaxBackoff: time.Minute}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	timer := time.AfterFunc(100*time.Millisecond, cancel)
	defer timer.Stop()

	start := time.Now()
	resp, err := transport.RoundTrip(newRequest(t, ctx, http.MethodGet, server.URL+"/numbers", ""))
	elapsed := time.Since(start)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("RoundTrip returned %d, want the cancellation", resp.StatusCode)
	}

	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if !strings.Contains(err.Error(), "server error (503)") {
		t.Errorf("error = %q, want the reason of the last retry", err)
	}
	if got := server.requests(); got != 1 {
		t.Errorf("server received %d requests, want 1", got)
	}
	if elapsed > 2*time.Second {
		t.Errorf("returned %v after the start, want soon after the cancellation at 100ms", elapsed)
	}
}

func TestRetryStopsOnCancelDuringRequest(t *testing.T) {
	server := newTestServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	transport := New(Options{Retry: fastRetry})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	timer := time.AfterFunc(100*time.Millisecond, cancel)
	defer timer.Stop()

	resp, err := transport.RoundTrip(newRequest(t, ctx, http.MethodGet, server.URL+"/numbers", ""))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("RoundTrip returned %d, want the cancellation", resp.StatusCode)
	}

	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if got := server.requests(); got != 1 {
		t.Errorf("server received %d requests, want 1", got)
	}
}

func TestRetryLogsReason(t *testing.T) {
	tests := []struct {
		name    string
		respond func(t *testing.T) responder
		reason  string
	}{
		{
			name:    "rate limit",
			respond: func(*testing.T) responder { return failFirst(2, http.StatusTooManyRequests, nil) },
			reason:  "rate limited (429)",
		},
		{
			name:    "server error",
			respond: func(*testing.T) responder { return failFirst(2, http.StatusBadGateway, nil) },
			reason:  "server error (502)",
		},
		{
			name: "dropped connection",
			respond: func(t *testing.T) responder {
				return func(w http.ResponseWriter, r *http.Request, attempt int) {
					if attempt <= 2 {
						dropConnection(t, w)
						return
					}
					_, _ = w.Write([]byte("ok"))
				}
			},
			reason: "connection failed: ",
		},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			var logs logRecorder
			server := newTestServer(t, test.respond(t))
			transport := New(Options{Retry: fastRetry, Carrier: "twilio"})
			req := newRequest(t, logs.context(context.Background()), http.MethodGet, server.URL+"/2010-04-01/Accounts.json", "")
			req.SetBasicAuth("AC0123", "secret-auth-token")

			resp, err := transport.RoundTrip(req)
			if err != nil {
				t.Fatalf("RoundTrip: %v", err)
			}
			resp.Body.Close()

			retries := logs.entries(t, "Retrying carrier request")
			if len(retries) != 2 {
				t.Fatalf("logged %d retries, want 2", len(retries))
			}
			for i, entry := range retries {
				if got := entry["@level"]; got != "warn" {
					t.Errorf("retry %d logged at level %v, want warn", i+1, got)
				}
				if got, _ := entry["reason"].(string); !strings.HasPrefix(got, test.reason) {
					t.Errorf("retry %d reason = %q, want it to start with %q", i+1, got, test.reason)
				}
				if got := entry["attempt"]; got != float64(i+1) {
					t.Errorf("retry %d attempt = %v, want %d", i+1, got, i+1)
				}
				if got := entry["telephony_provider"]; got != "twilio" {
					t.Errorf("retry %d telephony_provider = %v, want twilio", i+1, got)
				}
				if got := entry["http_method"]; got != http.MethodGet {
					t.Errorf("retry %d http_method = %v, want GET", i+1, got)
				}
				if got := entry["http_path"]; got != "/2010-04-01/Accounts.json" {
					t.Errorf("retry %d http_path = %v, want /2010-04-01/Accounts.json", i+1, got)
				}
				if got, _ := entry["retry_in"].(string); got == "" {
					t.Errorf("retry %d has no retry_in", i+1)
				}
			}
			if strings.Contains(logs.output.String(), "secret-auth-token") || strings.Contains(logs.output.String(), "Basic ") {
				t.Errorf("the log contains the credentials:\n%s", logs.output.String())
			}
		})
	}
}

func TestBackoffGrowsWithinBounds(t *testing.T) {
	policy := RetryPolicy{MaxAttempts: 10, MinBackoff: 10 * time.Millisecond, MaxBackoff: time.Second}
	transport := &retryTransport{policy: policy}

	previousMax := time.Duration(0)
	for attempt := 1; attempt <= 12; attempt++ {
		ceiling := policy.MinBackoff
		for i := 1; i < attempt && ceiling < policy.MaxBackoff; i++ {
			ceiling *= 2
		}
		ceiling = min(ceiling, policy.MaxBackoff)

		lowest, highest := time.Duration(1<<62), time.Duration(0)
		for range 200 {
			wait := transport.backoff(attempt, 0)
			lowest = min(lowest, wait)
			highest = max(highest, wait)
		}

		if lowest < ceiling/2 || highest > ceiling {
			t.Errorf("attempt %d waited %v to %v, want within [%v, %v]", attempt, lowest, highest, ceiling/2, ceiling)
		}
		if lowest == highest {
			t.Errorf("attempt %d always waited %v, want jitter", attempt, lowest)
		}
		if ceiling < policy.MaxBackoff && lowest < previousMax {
			t.Errorf("attempt %d waited %v, less than %v at the attempt before, want growth", attempt, lowest, previousMax)
		}
		previousMax = highest
	}
}

func TestBackoffLargeAttempt(t *testing.T) {
	policy := RetryPolicy{MaxAttempts: 10, MinBackoff: 250 * time.Millisecond, MaxBackoff: 15 * time.Second}
	transport := &retryTransport{policy: policy}

	// Doubling 250ms more than 35 times overflows time.Duration.
	for attempt := 30; attempt <= 100; attempt++ {
		wait := transport.backoff(attempt, 0)
		if wait < policy.MaxBackoff/2 || wait > policy.MaxBackoff {
			t.Errorf("attempt %d waits %v, want within [%v, %v]", attempt, wait, policy.MaxBackoff/2, policy.MaxBackoff)
		}
	}
}

func TestBackoffServerWait(t *testing.T) {
	policy := RetryPolicy{MaxAttempts: 10, MinBackoff: 10 * time.Millisecond, MaxBackoff: 5 * time.Second}
	transport := &retryTransport{policy: policy}

	if got := transport.backoff(1, 3*time.Second); got != 3*time.Second {
		t.Errorf("backoff with a server wait of 3s = %v, want 3s", got)
	}
	if got := transport.backoff(1, time.Hour); got != policy.MaxBackoff {
		t.Errorf("backoff with a server wait of 1h = %v, want MaxBackoff (%v)", got, policy.MaxBackoff)
	}
	// A server wait shorter than the backoff does not shorten it.
	if got := transport.backoff(5, time.Millisecond); got < 80*time.Millisecond {
		t.Errorf("backoff at attempt 5 with a server wait of 1ms = %v, want at least 80ms", got)
	}
}

func TestServerWait(t *testing.T) {
	future := time.Now().Add(20 * time.Second)
	tests := []struct {
		name      string
		header    http.Header
		want      time.Duration
		tolerance time.Duration
	}{
		{name: "Retry-After seconds", header: http.Header{"Retry-After": {"2"}}, want: 2 * time.Second},
		{name: "Retry-After padded", header: http.Header{"Retry-After": {" 3 "}}, want: 3 * time.Second},
		{name: "Retry-After date", header: http.Header{"Retry-After": {future.UTC().Format(http.TimeFormat)}}, want: 20 * time.Second, tolerance: 2 * time.Second},
		{name: "Retry-After before reset", header: http.Header{"Retry-After": {"2"}, "X-Ratelimit-Reset": {"7"}}, want: 2 * time.Second},
		{name: "reset seconds", header: http.Header{"X-Ratelimit-Reset": {"4"}}, want: 4 * time.Second},
		{name: "reset fraction", header: http.Header{"X-Ratelimit-Reset": {"0.25"}}, want: 250 * time.Millisecond},
		{name: "reset epoch ignored", header: http.Header{"X-Ratelimit-Reset": {"1700000000"}}, want: 0},
		{name: "negative", header: http.Header{"Retry-After": {"-1"}, "X-Ratelimit-Reset": {"-1"}}, want: 0},
		{name: "garbage", header: http.Header{"Retry-After": {"soon"}, "X-Ratelimit-Reset": {"NaN"}}, want: 0},
		{name: "absent", header: http.Header{}, want: 0},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got := serverWait(test.header)
			if got < test.want-test.tolerance || got > test.want+test.tolerance {
				t.Errorf("serverWait = %v, want %v ± %v", got, test.want, test.tolerance)
			}
		})
	}
}

// timeoutError is the error of a connect timeout, as net.Dialer reports it.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

func TestClassifyTransportErrors(t *testing.T) {
	transport := &retryTransport{policy: fastRetry}
	tests := []struct {
		name               string
		err                error
		retryIdempotent    bool
		retryNonIdempotent bool
	}{
		{
			name:               "connect timeout",
			err:                &net.OpError{Op: "dial", Net: "tcp", Err: timeoutError{}},
			retryIdempotent:    true,
			retryNonIdempotent: true,
		},
		{
			name:               "DNS failure",
			err:                &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "api.example.test", IsNotFound: true}},
			retryIdempotent:    true,
			retryNonIdempotent: true,
		},
		{
			name:               "reset after sending",
			err:                &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")},
			retryIdempotent:    true,
			retryNonIdempotent: false,
		},
		{
			name:               "cancelled",
			err:                fmt.Errorf("dialing: %w", context.Canceled),
			retryIdempotent:    false,
			retryNonIdempotent: false,
		},
		{
			name:               "deadline",
			err:                context.DeadlineExceeded,
			retryIdempotent:    false,
			retryNonIdempotent: false,
		},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if reason, _ := transport.classify(nil, test.err, false); (reason != "") != test.retryIdempotent {
				t.Errorf("idempotent request: reason = %q, want a retry: %v", reason, test.retryIdempotent)
			}
			if reason, _ := transport.classify(nil, test.err, true); (reason != "") != test.retryNonIdempotent {
				t.Errorf("non-idempotent request: reason = %q, want a retry: %v", reason, test.retryNonIdempotent)
			}
		})
	}
}
