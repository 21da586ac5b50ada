package httpclient

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"testing"
)

// seenRequest is what the test server records of a request.
type seenRequest struct {
	host       string
	requestURI string
	path       string
	rawQuery   string
}

// newRecordingServer starts a server that records the last request it
// received and responds with 200.
func newRecordingServer(t *testing.T) (*testServer, func() seenRequest) {
	t.Helper()
	var mu sync.Mutex
	var last seenRequest
	server := newTestServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		mu.Lock()
		last = seenRequest{host: r.Host, requestURI: r.RequestURI, path: r.URL.Path, rawQuery: r.URL.RawQuery}
		mu.Unlock()
		_, _ = w.Write([]byte("ok"))
	})
	return server, func() seenRequest {
		mu.Lock()
		defer mu.Unlock()
		return last
	}
}

func mustParseURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("parsing %q: %v", raw, err)
	}
	return u
}

func TestOriginRewrite(t *testing.T) {
	server, lastRequest := newRecordingServer(t)
	origin := mustParseURL(t, server.URL)
	transport := New(Options{Origin: origin, Retry: fastRetry})
	target := "https://api.twilio.com/2010-04-01/Accounts/AC0123/IncomingPhoneNumbers.json?PhoneNumber=%2B15551234567&PageSize=50"
	req := newRequest(t, context.Background(), http.MethodGet, target, "")

	resp, err := transport.RoundTrip(req)
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}
	resp.Body.Close()

	seen := lastRequest()
	if seen.path != "/2010-04-01/Accounts/AC0123/IncomingPhoneNumbers.json" {
		t.Errorf("path = %q, want the original path", seen.path)
	}
	if seen.rawQuery != "PhoneNumber=%2B15551234567&PageSize=50" {
		t.Errorf("query = %q, want the original query", seen.rawQuery)
	}
	if seen.host != origin.Host {
		t.Errorf("Host = %q, want the origin's %q", seen.host, origin.Host)
	}
	if req.URL.Host != "api.twilio.com" || req.URL.Scheme != "https" {
		t.Errorf("the caller's request now has URL %s, want it unchanged", req.URL)
	}
}

func TestOriginRewritePathPrefix(t *testing.T) {
	server, lastRequest := newRecordingServer(t)
	origin := mustParseURL(t, server.URL+"/sandbox/twilio/")
	transport := New(Options{Origin: origin, Retry: fastRetry})
	// The escaped slash makes url.Parse keep a RawPath, which must get the
	// prefix too.
	target := "https://api.telnyx.com/v2/phone_numbers/a%2Fb?page%5Bsize%5D=250"

	resp, err := transport.RoundTrip(newRequest(t, context.Background(), http.MethodGet, target, ""))
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}
	resp.Body.Close()

	seen := lastRequest()
	if want := "/sandbox/twilio/v2/phone_numbers/a%2Fb?page%5Bsize%5D=250"; seen.requestURI != want {
		t.Errorf("request URI = %q, want %q", seen.requestURI, want)
	}
}

func TestClientBindsContext(t *testing.T) {
	var logs logRecorder
	server := newTestServer(t, failFirst(1, http.StatusServiceUnavailable, nil))
	client := Client(logs.context(context.Background()), New(Options{Retry: fastRetry}))

	// http.NewRequest uses context.Background, as twilio-go does.
	req, err := http.NewRequest(http.MethodGet, server.URL+"/numbers", nil)
	if err != nil {
		t.Fatalf("building the request: %v", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	resp.Body.Close()

	if got := len(logs.entries(t, "Retrying carrier request")); got != 1 {
		t.Errorf("logged %d retries through the bound context, want 1", got)
	}
}

func TestClientCancelledContext(t *testing.T) {
	server := newTestServer(t, failFirst(0, http.StatusOK, nil))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	client := Client(ctx, New(Options{Retry: fastRetry}))

	req, err := http.NewRequest(http.MethodGet, server.URL+"/numbers", nil)
	if err != nil {
		t.Fatalf("building the request: %v", err)
	}
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("Do returned %d, want the cancellation of the bound context", resp.StatusCode)
	}

	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if got := server.requests(); got != 0 {
		t.Errorf("server received %d requests, want 0", got)
	}
}

func TestClientKeepsRedirect(t *testing.T) {
	server := newTestServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt == 1 {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		_, _ = w.Write([]byte("followed"))
	})
	client := Client(context.Background(), New(Options{Retry: fastRetry}))

	resp, err := client.Get(server.URL + "/numbers")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	resp.Body.Close()

	if resp.StatusCode != http.StatusFound {
		t.Errorf("status = %d, want the 302 returned unfollowed", resp.StatusCode)
	}
	if got := server.requests(); got != 1 {
		t.Errorf("server received %d requests, want 1", got)
	}
}
