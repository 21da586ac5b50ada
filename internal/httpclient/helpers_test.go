package httpclient

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// fastRetry keeps the waits to milliseconds for tests where timing is not the
// point.
var fastRetry = RetryPolicy{MaxAttempts: 5, MinBackoff: time.Millisecond, MaxBackoff: 20 * time.Millisecond}

// responder writes the response to the attempt-th request that a testServer
// received, counting from 1.
type responder func(w http.ResponseWriter, r *http.Request, attempt int)

// testServer is an httptest server on 127.0.0.1 that records the body of every
// request it receives and passes the request to a responder.
type testServer struct {
	*httptest.Server

	mu     sync.Mutex
	bodies []string
}

func newTestServer(t *testing.T, respond responder) *testServer {
	t.Helper()
	server := &testServer{}
	server.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading the request body: %v", err)
		}

		server.mu.Lock()
		server.bodies = append(server.bodies, string(body))
		attempt := len(server.bodies)
		server.mu.Unlock()

		respond(w, r, attempt)
	}))
	t.Cleanup(server.Close)
	return server
}

// requests returns how many requests the server has received.
func (s *testServer) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bodies)
}

// receivedBodies returns the request bodies in the order they arrived.
func (s *testServer) receivedBodies() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...)
}

// failFirst responds to the first failures requests with status, and to every
// later one with 200 and the body "ok".
func failFirst(failures, status int, header http.Header) responder {
	return func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt <= failures {
			for name, values := range header {
				w.Header()[name] = values
			}
			w.WriteHeader(status)
			_, _ = io.WriteString(w, "failure "+http.StatusText(status))
			return
		}
		_, _ = io.WriteString(w, "ok")
	}
}

// dropConnection closes the connection without writing a response, after the
// request, body included, has reached the server.
func dropConnection(t *testing.T, w http.ResponseWriter) {
	t.Helper()
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		t.Errorf("the response writer %T cannot hijack the connection", w)
		return
	}
	conn, _, err := hijacker.Hijack()
	if err != nil {
		t.Errorf("hijacking the connection: %v", err)
		return
	}
	_ = conn.Close()
}

// newRequest builds a request for the server with ctx, and with body when it is
// not empty. strings.Reader makes http.NewRequest set GetBody.
func newRequest(t *testing.T, ctx context.Context, method, target, body string) *http.Request {
	t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, reader)
	if err != nil {
		t.Fatalf("building the request: %v", err)
	}
	return req
}

// readBody reads and closes the body of resp.
func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the response body: %v", err)
	}
	return string(body)
}

// logRecorder captures the tflog entries written through its context.
type logRecorder struct {
	output bytes.Buffer
}

// context returns a context whose tflog root logger writes JSON lines to the
// recorder.
func (l *logRecorder) context(parent context.Context) context.Context {
	return tflogtest.RootLogger(parent, &l.output)
}

// entries decodes the recorded lines and returns those whose message is
// message.
func (l *logRecorder) entries(t *testing.T, message string) []map[string]any {
	t.Helper()
	all, err := tflogtest.MultilineJSONDecode(bytes.NewReader(l.output.Bytes()))
	if err != nil {
		t.Fatalf("decoding the log output: %v", err)
	}
	var matching []map[string]any
	for _, entry := range all {
		if entry["@message"] == message {
			matching = append(matching, entry)
		}
	}
	return matching
}

// withoutGetBody sends requests through next with GetBody removed. net/http's
// Transport rewinds the body of a request sent a second time through GetBody
// by itself, so only a base like this shows that the retry layer re-reads the
// body for a base transport that does not.
type withoutGetBody struct {
	next http.RoundTripper
}

func (t withoutGetBody) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.GetBody = nil
	return t.next.RoundTrip(out)
}
