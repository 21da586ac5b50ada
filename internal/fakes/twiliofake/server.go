// Package twiliofake is a stateful fake of the parts of Twilio's REST API that
// the provider uses: incoming phone numbers (API 2010-04-01) and the sender
// pools of Messaging Services (Messaging v1).
//
// The fake is a real HTTP server on a loopback address. It checks HTTP Basic
// authentication, keeps phone numbers and services in memory, responds with
// the JSON bodies and error bodies that Twilio sends, and logs every request. Tests
// can inject latency, rate limiting and server errors. When an OpenAPI
// directory is configured, every request and response is checked against
// Twilio's published OpenAPI description and mismatches are recorded.
//
// Both Twilio hosts (api.twilio.com and messaging.twilio.com) are served on one
// listener, so a client reaches the fake by rewriting the scheme and host of
// its requests to URL().
package twiliofake

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Options configures a fake server. The zero value is valid.
type Options struct {
	// AccountSID and AuthToken are the account credentials. New generates
	// random ones when they are empty. Both must be alphanumeric because
	// twilio-go rejects other credentials before sending a request.
	AccountSID, AuthToken string

	// APIKeySID (SK followed by 32 hex digits) and APIKeySecret are an
	// optional second credential for the same account.
	APIKeySID, APIKeySecret string

	// OpenAPIDir is a directory containing twilio_api_v2010.json and
	// twilio_messaging_v1.json. When set, every request and response is
	// validated against those documents.
	OpenAPIDir string

	// Addr is the listen address. It must be a loopback address and defaults
	// to "127.0.0.1:0", which picks a free port.
	Addr string
}

// Server is a running fake. All methods are safe for concurrent use.
type Server struct {
	accountSID   string
	authToken    string
	apiKeySID    string
	apiKeySecret string

	httpServer *httptest.Server
	routes     *http.ServeMux
	contract   *contract
	closing    chan struct{}
	closeOnce  sync.Once

	latency      atomic.Int64 // time.Duration added to every request
	requestCount atomic.Uint64

	stateMu sync.Mutex
	state   state

	logMu      sync.Mutex
	requestLog []*Request
	violations []string

	faultMu sync.Mutex
	faults  faultState
}

var (
	accountSIDPattern = regexp.MustCompile(`^AC[0-9a-fA-F]{32}$`)
	apiKeySIDPattern  = regexp.MustCompile(`^SK[0-9a-fA-F]{32}$`)
	alphanumeric      = regexp.MustCompile(`^[a-zA-Z0-9]+$`)
)

// New starts a fake server listening on opts.Addr.
//
// It returns an error when a credential is malformed, when only one half of
// the API key pair is set, when Addr is not a loopback address, or when the
// OpenAPI documents in OpenAPIDir cannot be loaded.
func New(opts Options) (*Server, error) {
	s := &Server{
		accountSID:   opts.AccountSID,
		authToken:    opts.AuthToken,
		apiKeySID:    opts.APIKeySID,
		apiKeySecret: opts.APIKeySecret,
		closing:      make(chan struct{}),
		state:        newState(),
	}
	if s.accountSID == "" {
		s.accountSID = "AC" + randomHex(16)
	}
	if s.authToken == "" {
		s.authToken = randomHex(16)
	}
	if err := s.validateCredentials(); err != nil {
		return nil, err
	}

	if opts.OpenAPIDir != "" {
		c, err := loadContract(opts.OpenAPIDir)
		if err != nil {
			return nil, err
		}
		s.contract = c
	}

	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if err := requireLoopback(addr); err != nil {
		return nil, err
	}
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("twiliofake: listen on %s: %w", addr, err)
	}

	s.routes = s.newRouter()
	s.httpServer = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	// NewUnstartedServer already opened a listener on a random port. Replace
	// it with the one on the requested address.
	_ = s.httpServer.Listener.Close()
	s.httpServer.Listener = listener
	s.httpServer.Start()
	return s, nil
}

// NewForTest starts a fake server for the test t and closes it when the test
// ends. If opts.OpenAPIDir is empty, it is taken from the environment variable
// TWILIO_OPENAPI_DIR, so contract validation is on whenever that variable is
// set. At cleanup, every recorded contract violation fails t with t.Errorf.
// A start failure stops the test with t.Fatalf.
func NewForTest(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.OpenAPIDir == "" {
		opts.OpenAPIDir = os.Getenv("TWILIO_OPENAPI_DIR")
	}
	s, err := New(opts)
	if err != nil {
		t.Fatalf("start Twilio fake: %v", err)
	}
	t.Cleanup(func() {
		s.Close()
		for _, violation := range s.ContractViolations() {
			t.Errorf("Twilio fake recorded a contract violation: %s", violation)
		}
	})
	return s
}

// URL returns the base URL of the server, such as "http://127.0.0.1:41234".
func (s *Server) URL() string { return s.httpServer.URL }

// Close stops the server and waits for requests in progress to finish.
// Requests that are waiting out the configured latency end at once with
// status 503. Close may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.httpServer.Close()
	})
}

// AccountSID returns the SID of the fake's account.
func (s *Server) AccountSID() string { return s.accountSID }

// AuthToken returns the auth token of the fake's account.
func (s *Server) AuthToken() string { return s.authToken }

// SetLatency sets a delay that is added to every request before it is
// processed. Zero or a negative value removes the delay.
func (s *Server) SetLatency(d time.Duration) {
	if d < 0 {
		d = 0
	}
	s.latency.Store(int64(d))
}

// ContractViolations returns the mismatches between the traffic and Twilio's
// OpenAPI description found so far, in the order they were found. Each entry
// names the method, the path and the validator's message. The list is always
// empty when no OpenAPI directory is configured.
func (s *Server) ContractViolations() []string {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return append([]string(nil), s.violations...)
}

// ResetContractViolations empties the list returned by ContractViolations,
// for tests that send invalid requests on purpose.
func (s *Server) ResetContractViolations() {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.violations = nil
}

func (s *Server) recordViolation(method, path, message string) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.violations = append(s.violations, fmt.Sprintf("%s %s: %s", method, path, message))
}

func (s *Server) validateCredentials() error {
	if !accountSIDPattern.MatchString(s.accountSID) {
		return fmt.Errorf("twiliofake: invalid AccountSID %q: want AC followed by 32 hex digits", s.accountSID)
	}
	if !alphanumeric.MatchString(s.authToken) {
		return fmt.Errorf("twiliofake: invalid AuthToken: it must be alphanumeric because twilio-go rejects other characters")
	}
	if (s.apiKeySID == "") != (s.apiKeySecret == "") {
		return fmt.Errorf("twiliofake: APIKeySID and APIKeySecret must be set together")
	}
	if s.apiKeySID != "" {
		if !apiKeySIDPattern.MatchString(s.apiKeySID) {
			return fmt.Errorf("twiliofake: invalid APIKeySID %q: want SK followed by 32 hex digits", s.apiKeySID)
		}
		if !alphanumeric.MatchString(s.apiKeySecret) {
			return fmt.Errorf("twiliofake: invalid APIKeySecret: it must be alphanumeric because twilio-go rejects other characters")
		}
	}
	return nil
}

// requireLoopback rejects listen addresses outside the loopback range, so the
// fake is never reachable from other machines.
func requireLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("twiliofake: invalid Addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("twiliofake: invalid Addr %q: the host must be a loopback address such as 127.0.0.1", addr)
	}
	return nil
}

// randomHex returns 2*n random lowercase hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("twiliofake: read random bytes: %v", err))
	}
	return hex.EncodeToString(b)
}
