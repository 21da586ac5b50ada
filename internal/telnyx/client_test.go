package telnyx_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/burki/terraform-provider-burki/internal/telnyx"
)

const testAPIKey = "KEYtest0123456789"

// newTestClient starts an httptest server with handler and returns a client
// whose base URL is the server's /v2.
func newTestClient(t *testing.T, handler http.HandlerFunc) *telnyx.Client {
	t.Helper()
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	return telnyx.New(telnyx.Config{APIKey: testAPIKey, BaseURL: server.URL + "/v2"})
}

// recorded is a value that a test server handler sets and the test reads. The
// mutex orders the two goroutines, which the race detector cannot see through
// the network connection.
type recorded[T any] struct {
	mu    sync.Mutex
	value T
}

func (r *recorded[T]) set(value T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.value = value
}

func (r *recorded[T]) get() T {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.value
}

func writeJSON(t *testing.T, w http.ResponseWriter, status int, body string) {
	t.Helper()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if _, err := io.WriteString(w, body); err != nil {
		t.Errorf("writing the response: %v", err)
	}
}

func TestClientSendsHeaders(t *testing.T) {
	var headers recorded[http.Header]
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		headers.set(r.Header.Clone())
		writeJSON(t, w, http.StatusOK, `{"data":{"id":"1","phone_number":"+15551234567"}}`)
	})

	if _, err := client.UpdatePhoneNumberConnection(context.Background(), "1", "42"); err != nil {
		t.Fatalf("UpdatePhoneNumberConnection: %v", err)
	}

	got := headers.get()
	if want := "Bearer " + testAPIKey; got.Get("Authorization") != want {
		t.Errorf("Authorization = %q, want %q", got.Get("Authorization"), want)
	}
	if got.Get("Accept") != "application/json" {
		t.Errorf("Accept = %q, want application/json", got.Get("Accept"))
	}
	if got.Get("Content-Type") != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got.Get("Content-Type"))
	}
	if got.Get("User-Agent") != telnyx.DefaultUserAgent {
		t.Errorf("User-Agent = %q, want %q", got.Get("User-Agent"), telnyx.DefaultUserAgent)
	}
}

func TestClientCustomUserAgent(t *testing.T) {
	var userAgent recorded[string]
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		userAgent.set(r.UserAgent())
		writeJSON(t, w, http.StatusOK, `{"data":{"id":"1"}}`)
	}))
	t.Cleanup(server.Close)
	client := telnyx.New(telnyx.Config{APIKey: testAPIKey, BaseURL: server.URL, UserAgent: "burki-test/1.0"})

	if _, err := client.GetPhoneNumber(context.Background(), "1"); err != nil {
		t.Fatalf("GetPhoneNumber: %v", err)
	}
	if got := userAgent.get(); got != "burki-test/1.0" {
		t.Errorf("User-Agent = %q, want burki-test/1.0", got)
	}
}

func TestClientBaseURLPath(t *testing.T) {
	tests := []struct {
		name     string
		suffix   string
		id       string
		wantPath string
	}{
		{name: "version prefix", suffix: "/v2", id: "123", wantPath: "/v2/phone_numbers/123"},
		{name: "trailing slash", suffix: "/v2/", id: "123", wantPath: "/v2/phone_numbers/123"},
		{name: "escaped id", suffix: "/v2", id: "a/b c", wantPath: "/v2/phone_numbers/a%2Fb%20c"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			var requestURI recorded[string]
			server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requestURI.set(r.RequestURI)
				writeJSON(t, w, http.StatusOK, `{"data":{"id":"123"}}`)
			}))
			t.Cleanup(server.Close)
			client := telnyx.New(telnyx.Config{APIKey: testAPIKey, BaseURL: server.URL + test.suffix})

			if _, err := client.GetPhoneNumber(context.Background(), test.id); err != nil {
				t.Fatalf("GetPhoneNumber: %v", err)
			}
			if got := requestURI.get(); got != test.wantPath {
				t.Errorf("request URI = %q, want %q", got, test.wantPath)
			}
		})
	}
}

func TestClientRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name    string
		config  telnyx.Config
		wantErr string
	}{
		{name: "empty API key", config: telnyx.Config{BaseURL: "http://127.0.0.1:1/v2"}, wantErr: "API key is empty"},
		{name: "relative base URL", config: telnyx.Config{APIKey: testAPIKey, BaseURL: "api.telnyx.com/v2"}, wantErr: "invalid base URL"},
		{name: "base URL with query", config: telnyx.Config{APIKey: testAPIKey, BaseURL: "http://127.0.0.1:1/v2?x=1"}, wantErr: "invalid base URL"},
		{name: "unsupported scheme", config: telnyx.Config{APIKey: testAPIKey, BaseURL: "ftp://127.0.0.1/v2"}, wantErr: "invalid base URL"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			client := telnyx.New(test.config)
			_, err := client.GetPhoneNumber(context.Background(), "1")
			if err == nil || !strings.Contains(err.Error(), test.wantErr) {
				t.Errorf("error = %v, want one containing %q", err, test.wantErr)
			}
		})
	}
}

func TestClientRejectsEmptyID(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	ctx := context.Background()

	if _, err := client.GetPhoneNumber(ctx, ""); err == nil {
		t.Error("GetPhoneNumber(\"\") succeeded, want an error")
	}
	if err := client.DeleteCallControlApplication(ctx, ""); err == nil {
		t.Error("DeleteCallControlApplication(\"\") succeeded, want an error")
	}
	if _, err := client.ListMessagingProfilePhoneNumbers(ctx, ""); err == nil {
		t.Error("ListMessagingProfilePhoneNumbers(\"\") succeeded, want an error")
	}
}

func TestClientMissingDataObject(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, http.StatusOK, `{"meta":{}}`)
	})

	_, err := client.GetMessagingProfile(context.Background(), "p1")
	if err == nil || !strings.Contains(err.Error(), "no data object") {
		t.Errorf("error = %v, want one about the missing data object", err)
	}
}

func TestClientIgnoresUnknownFields(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, http.StatusOK, `{"data":{"id":"7","application_name":"Burki-1","active":true,
			"inbound":{"channel_limit":null},"dtmf_type":"RFC 2833","new_field":[1,2,3]},"extra":true}`)
	})

	app, err := client.GetCallControlApplication(context.Background(), "7")
	if err != nil {
		t.Fatalf("GetCallControlApplication: %v", err)
	}
	if app.ID != "7" || app.ApplicationName != "Burki-1" || !app.Active {
		t.Errorf("application = %+v, want id 7, name Burki-1, active", app)
	}
}

// pagedHandler serves items in pages of pageSize with Telnyx's meta object and
// records the page[number] and page[size] of each request.
type pagedHandler struct {
	t        *testing.T
	items    []string
	pageSize int

	// totalPages overrides meta.total_pages when not zero.
	totalPages int

	mu             sync.Mutex
	requestedPages []string
	requestedSizes []string
}

func (h *pagedHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	h.mu.Lock()
	h.requestedPages = append(h.requestedPages, query.Get("page[number]"))
	h.requestedSizes = append(h.requestedSizes, query.Get("page[size]"))
	h.mu.Unlock()

	number, err := strconv.Atoi(query.Get("page[number]"))
	if err != nil || number < 1 {
		h.t.Errorf("page[number] = %q, want a positive integer", query.Get("page[number]"))
		number = 1
	}
	start := min((number-1)*h.pageSize, len(h.items))
	end := min(start+h.pageSize, len(h.items))

	totalPages := h.totalPages
	if totalPages == 0 {
		totalPages = (len(h.items) + h.pageSize - 1) / h.pageSize
	}
	writeJSON(h.t, w, http.StatusOK, fmt.Sprintf(`{"data":[%s],"meta":{"page_number":%d,"page_size":%d,"total_pages":%d,"total_results":%d}}`,
		strings.Join(h.items[start:end], ","), number, h.pageSize, totalPages, len(h.items)))
}

func (h *pagedHandler) requests() (pages, sizes []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.requestedPages), slices.Clone(h.requestedSizes)
}

func applicationJSON(id, name string) string {
	return fmt.Sprintf(`{"id":%q,"application_name":%q,"record_type":"call_control_application"}`, id, name)
}

func TestListWalksEveryPage(t *testing.T) {
	handler := &pagedHandler{t: t, pageSize: 2, items: []string{
		applicationJSON("1", "Burki-15551234567-old"),
		applicationJSON("2", "burki-15551234567"),
		applicationJSON("3", "Burki-155512345678"),
		applicationJSON("4", "x-Burki-15551234567"),
		applicationJSON("5", "Burki-15551234567"),
	}}
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	client := telnyx.New(telnyx.Config{APIKey: testAPIKey, BaseURL: server.URL})

	app, err := client.FindCallControlApplicationByName(context.Background(), "Burki-15551234567")
	if err != nil {
		t.Fatalf("FindCallControlApplicationByName: %v", err)
	}

	if app.ID != "5" {
		t.Errorf("found id %s, want 5, the only exact match, on page 3", app.ID)
	}
	pages, sizes := handler.requests()
	if got := strings.Join(pages, ","); got != "1,2,3" {
		t.Errorf("requested pages %s, want 1,2,3", got)
	}
	for _, size := range sizes {
		if size != "250" {
			t.Errorf("page[size] = %s, want 250", size)
		}
	}
}

func TestListStopsOnEmptyPage(t *testing.T) {
	// The server claims 10 pages but has data for only 2.
	handler := &pagedHandler{t: t, pageSize: 2, totalPages: 10, items: []string{
		applicationJSON("1", "a"), applicationJSON("2", "b"), applicationJSON("3", "c"),
	}}
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	client := telnyx.New(telnyx.Config{APIKey: testAPIKey, BaseURL: server.URL})

	_, err := client.FindCallControlApplicationByName(context.Background(), "missing")
	if !telnyx.IsNotFound(err) {
		t.Fatalf("error = %v, want not found", err)
	}
	pages, _ := handler.requests()
	if got := strings.Join(pages, ","); got != "1,2,3" {
		t.Errorf("requested pages %s, want 1,2,3 with the empty page 3 ending the walk", got)
	}
}

func TestListStopsOnShortPageWithoutMeta(t *testing.T) {
	var requests atomic.Int32
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		writeJSON(t, w, http.StatusOK, `{"data":[{"id":"p1","name":"Burki-SMS-1"}]}`)
	})

	profile, err := client.FindMessagingProfileByName(context.Background(), "Burki-SMS-1")
	if err != nil {
		t.Fatalf("FindMessagingProfileByName: %v", err)
	}
	if profile.ID != "p1" {
		t.Errorf("profile id = %s, want p1", profile.ID)
	}
	if got := requests.Load(); got != 1 {
		t.Errorf("sent %d requests, want 1 because a page shorter than page[size] is the last", got)
	}
}

// resendingTransport sends every request twice, like a retrying Transport
// whose first attempt failed: it drains the body, rewinds it with GetBody and
// sends the rewound request.
type resendingTransport struct {
	t *testing.T
}

func (rt resendingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		if _, err := io.Copy(io.Discard, req.Body); err != nil {
			return nil, err
		}
		if req.GetBody == nil {
			rt.t.Errorf("%s %s has a body but no GetBody", req.Method, req.URL.Path)
			return nil, errors.New("request body cannot be re-sent")
		}
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		req = req.Clone(req.Context())
		req.Body = body
	}
	return http.DefaultTransport.RoundTrip(req)
}

func TestRequestBodyCanBeResent(t *testing.T) {
	var gotBody recorded[string]
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		gotBody.set(string(body))
		writeJSON(t, w, http.StatusOK, `{"data":{"id":"p1","name":"Burki-SMS-1"}}`)
	}))
	t.Cleanup(server.Close)
	client := telnyx.New(telnyx.Config{
		APIKey:     testAPIKey,
		BaseURL:    server.URL,
		HTTPClient: &http.Client{Transport: resendingTransport{t: t}},
	})

	_, err := client.UpdateMessagingProfile(context.Background(), "p1", telnyx.MessagingProfileUpdate{WebhookURL: new("https://example.test/telnyx-webhook")})
	if err != nil {
		t.Fatalf("UpdateMessagingProfile: %v", err)
	}
	if want := `{"webhook_url":"https://example.test/telnyx-webhook"}`; gotBody.get() != want {
		t.Errorf("body after resend = %s, want %s", gotBody.get(), want)
	}
}

func TestClientHonoursContextCancellation(t *testing.T) {
	release := make(chan struct{})
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) })

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()

	_, err := client.FindPhoneNumber(ctx, "+15551234567")

	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("FindPhoneNumber returned after %v, want soon after the cancellation", elapsed)
	}
	if telnyx.StatusCode(err) != 0 {
		t.Errorf("StatusCode = %d, want 0 for a cancelled request", telnyx.StatusCode(err))
	}
}

func TestClientHonoursContextDeadline(t *testing.T) {
	release := make(chan struct{})
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) })

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()

	err := client.DeleteMessagingProfile(ctx, "p1")

	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want context.DeadlineExceeded", err)
	}
	if err != nil && !strings.HasPrefix(err.Error(), "telnyx: DELETE /messaging_profiles/p1: ") {
		t.Errorf("error = %q, want it to name the request", err)
	}
}

func TestClientCancelledBeforeSending(t *testing.T) {
	var requests atomic.Int32
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := client.GetCallControlApplication(ctx, "1")

	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if got := requests.Load(); got != 0 {
		t.Errorf("server saw %d requests, want 0", got)
	}
}
