// Package telnyxfake is a stateful fake of the Telnyx API v2 for tests and a
// local sandbox. It serves, under /v2, the endpoints that the provider uses:
// phone numbers and their messaging settings, Call Control applications and
// messaging profiles, with Telnyx's JSON shapes, paging and error objects.
//
// The fake checks the Bearer key, validates request bodies, keeps every change,
// logs every request and can inject latency, 429 and 5xx responses. It listens
// on a loopback address only.
//
// Behaviour that is the fake's own choice, because Telnyx does not document it:
//   - List filters are partial and case-insensitive, filter[name][eq] included,
//     so callers must compare names and numbers exactly themselves.
//   - page[size] outside 1 to 250 is rejected with 400 and not clamped.
//   - Deleting an application or profile that a number still uses fails with 422.
//   - An unknown connection_id or messaging_profile_id on a number gives 422
//     with code 10013 and source.pointer naming the field.
//   - Names of applications and profiles need not be unique.
//   - Request fields that the fake does not model are accepted and ignored.
//   - A number's empty connection and messaging profile fields and a profile's
//     empty webhook URLs are returned as null. An application's empty failover
//     URL is returned as "".
//   - Creates return 201 and deletes return 200 with the deleted object.
//
// Seeding methods such as AddPhoneNumber panic on a programming error (an id in
// use, a malformed number), like the helpers of net/http/httptest. All methods
// are safe for concurrent use.
package telnyxfake

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"
)

// maxRequestBodyBytes bounds the request body that the fake reads.
const maxRequestBodyBytes = 1 << 20

// Options configures a Server.
type Options struct {
	// APIKey is the only key that the fake accepts. Empty means a random key
	// that starts with "KEY".
	APIKey string

	// Addr is the listen address. It must be a loopback address. Empty means
	// 127.0.0.1:0, a free port.
	Addr string
}

// Request is one logged request.
type Request struct {
	Time   time.Time
	Method string

	// Path is the request path including the /v2 prefix.
	Path  string
	Query url.Values
	Body  []byte

	// Status is the status of the response, or 0 when the client went away
	// during the injected latency and no response was written.
	Status int
}

// Server is a running fake. Create it with New or NewForTest.
type Server struct {
	apiKey     string
	listener   net.Listener
	httpServer *http.Server
	origin     string
	mux        *http.ServeMux
	closeOnce  sync.Once

	// mu guards every field below and the account state.
	mu       sync.Mutex
	state    state
	requests []*Request
	latency  time.Duration
	injector faultInjector
}

// New starts a fake on opts.Addr and returns it. Close it when done.
func New(opts Options) (*Server, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if err := checkLoopback(addr); err != nil {
		return nil, err
	}

	apiKey := opts.APIKey
	if apiKey == "" {
		var random [16]byte
		if _, err := rand.Read(random[:]); err != nil {
			return nil, fmt.Errorf("telnyxfake: generating an API key: %w", err)
		}
		apiKey = "KEY" + hex.EncodeToString(random[:])
	}

	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("telnyxfake: listening on %s: %w", addr, err)
	}

	s := &Server{
		apiKey:   apiKey,
		listener: listener,
		origin:   "http://" + listener.Addr().String(),
	}
	s.injector.reset(Faults{})
	s.mux = s.routes()
	s.httpServer = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: 10 * time.Second,
	}

	// Serve returns http.ErrServerClosed after Close. Any other error stops the
	// fake, and clients then see refused connections.
	go func() { _ = s.httpServer.Serve(listener) }()
	return s, nil
}

// NewForTest starts a fake, fails t when it cannot, and closes it when t ends.
func NewForTest(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("starting the fake Telnyx API: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// checkLoopback rejects a listen address whose host is not a loopback address,
// because the fake accepts one fixed key and must not be reachable from other
// machines.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("telnyxfake: invalid listen address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("telnyxfake: listen address %q is not a loopback address; use 127.0.0.1:PORT", addr)
}

// URL returns the origin of the fake, such as "http://127.0.0.1:40123".
func (s *Server) URL() string {
	return s.origin
}

// BaseURL returns the URL to configure as the Telnyx base URL: URL() + "/v2".
func (s *Server) BaseURL() string {
	return s.origin + "/v2"
}

// APIKey returns the key that the fake accepts.
func (s *Server) APIKey() string {
	return s.apiKey
}

// Close stops the fake and closes its open connections. It is safe to call
// more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		_ = s.httpServer.Close()
	})
}

// SetLatency makes every later request wait d before it is handled. A client
// that gives up during the wait gets no response, and nothing changes.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Requests returns the logged requests in arrival order.
func (s *Server) Requests() []Request {
	return s.loggedRequests(func(*Request) bool { return true })
}

// Writes returns the logged requests that could change state (POST, PUT, PATCH
// and DELETE), whatever their status. Filter on Status for the successful ones.
func (s *Server) Writes() []Request {
	return s.loggedRequests(func(r *Request) bool {
		return r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions
	})
}

// ResetRequests empties the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

func (s *Server) loggedRequests(keep func(*Request) bool) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()

	var requests []Request
	for _, logged := range s.requests {
		if !keep(logged) {
			continue
		}
		copied := *logged
		copied.Query = cloneValues(logged.Query)
		copied.Body = slices.Clone(logged.Body)
		requests = append(requests, copied)
	}
	return requests
}

func (s *Server) now() time.Time {
	return time.Now().UTC()
}

// statusRecorder records the status that a handler writes.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// serveHTTP logs the request, then applies latency, the key check and injected
// faults in that order, and only then routes the request to its handler. So a
// rejected or injected response never changes state.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, readErr := io.ReadAll(io.LimitReader(r.Body, maxRequestBodyBytes+1))
	r.Body = io.NopCloser(bytes.NewReader(body))

	logged := &Request{
		Time:   s.now(),
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  cloneValues(r.URL.Query()),
		Body:   slices.Clone(body),
	}
	s.mu.Lock()
	s.requests = append(s.requests, logged)
	latency := s.latency
	s.mu.Unlock()

	recorder := &statusRecorder{ResponseWriter: w}
	defer func() {
		s.mu.Lock()
		logged.Status = recorder.status
		s.mu.Unlock()
	}()

	if latency > 0 && !sleepContext(r, latency) {
		return
	}

	switch {
	case readErr != nil:
		writeErrors(recorder, http.StatusBadRequest, badRequest("The request body could not be read: "+readErr.Error()))
	case len(body) > maxRequestBodyBytes:
		writeErrors(recorder, http.StatusRequestEntityTooLarge,
			badRequest(fmt.Sprintf("The request body is larger than %d bytes.", maxRequestBodyBytes)))
	case !s.authorized(r):
		writeErrors(recorder, http.StatusUnauthorized, errorObject{
			Code:   "10009",
			Title:  "Authentication failed",
			Detail: "The required authentication headers were either invalid or not included in the request.",
		})
	case s.injectFault(recorder, r, body):
	default:
		s.route(recorder, r)
	}
}

// sleepContext waits d and reports whether the client is still waiting.
func sleepContext(r *http.Request, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) authorized(r *http.Request) bool {
	const prefix = "Bearer "
	header := r.Header.Get("Authorization")
	if len(header) <= len(prefix) || header[:len(prefix)] != prefix {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(header[len(prefix):]), []byte(s.apiKey)) == 1
}

func cloneValues(values url.Values) url.Values {
	if values == nil {
		return nil
	}
	cloned := make(url.Values, len(values))
	for key, list := range values {
		cloned[key] = slices.Clone(list)
	}
	return cloned
}
