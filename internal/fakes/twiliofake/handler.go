package twiliofake

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"io"
	"net/http"
	"time"
)

// maxRequestBody limits the size of a request body. Twilio's form updates are
// a few hundred bytes.
const maxRequestBody = 1 << 20

// serveHTTP runs every request through the same steps: log, latency,
// authentication, request validation, injected failures, the resource
// handler, and response validation.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	r.Body = io.NopCloser(bytes.NewReader(body))

	username, _, _ := r.BasicAuth()
	entry := s.logRequest(r, body, username)
	out := &statusWriter{ResponseWriter: w}
	defer func() { s.finishRequest(entry, out.status) }()

	out.Header().Set("Twilio-Request-Id", s.newRequestID())

	if readErr != nil {
		writeInvalidParameter(out, "The request body could not be read: "+readErr.Error())
		return
	}
	if !s.waitLatency(r.Context()) {
		writeError(out, http.StatusServiceUnavailable, codeServiceUnavailable,
			"Service Unavailable: the request ended while waiting out the configured latency")
		return
	}
	if !s.authenticate(r) {
		out.Header().Set("WWW-Authenticate", `Basic realm="Twilio API"`)
		writeError(out, http.StatusUnauthorized, codeAuthenticate, "Authenticate")
		return
	}

	var validation *requestValidation
	if s.contract != nil {
		var ok bool
		validation, ok = s.validateRequest(out, r, body)
		if !ok {
			return
		}
	}

	if s.injectFailure(out, r, body) {
		return
	}

	if validation == nil {
		s.routes.ServeHTTP(out, r)
		return
	}
	recorded := newResponseRecorder()
	s.routes.ServeHTTP(recorded, r)
	s.validateResponse(validation, recorded)
	recorded.copyTo(out)
}

// authenticate reports whether the request carries HTTP Basic credentials of
// the account or of its API key.
func (s *Server) authenticate(r *http.Request) bool {
	username, password, ok := r.BasicAuth()
	if !ok {
		return false
	}
	if username == s.accountSID && secretsEqual(password, s.authToken) {
		return true
	}
	return s.apiKeySID != "" && username == s.apiKeySID && secretsEqual(password, s.apiKeySecret)
}

func secretsEqual(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// waitLatency sleeps for the configured latency. It returns false when the
// request is cancelled or the server closes first.
func (s *Server) waitLatency(ctx context.Context) bool {
	delay := time.Duration(s.latency.Load())
	if delay <= 0 {
		return true
	}
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}

// newRequestID returns a value for the Twilio-Request-Id header: RQ followed
// by 32 hex digits, unique within this server.
func (s *Server) newRequestID() string {
	var seed [8 + 34]byte
	binary.BigEndian.PutUint64(seed[:8], s.requestCount.Add(1))
	copy(seed[8:], s.accountSID)
	sum := sha256.Sum256(seed[:])
	return "RQ" + hex.EncodeToString(sum[:16])
}

// statusWriter remembers the status code sent, for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// responseRecorder holds a response until it has been validated.
type responseRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newResponseRecorder() *responseRecorder {
	return &responseRecorder{header: make(http.Header)}
}

func (r *responseRecorder) Header() http.Header { return r.header }

func (r *responseRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *responseRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *responseRecorder) statusCode() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

func (r *responseRecorder) copyTo(w http.ResponseWriter) {
	for key, values := range r.header {
		w.Header()[key] = append([]string(nil), values...)
	}
	w.WriteHeader(r.statusCode())
	_, _ = w.Write(r.body.Bytes())
}
