package twiliofake

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Request is one entry of the request log.
type Request struct {
	Time   time.Time // arrival time
	Method string
	Path   string
	Query  url.Values
	// Form contains the parameters of a form-encoded request body, or is
	// empty when the body is not form-encoded.
	Form url.Values
	// Status is the HTTP status code of the response, or 0 while the request is
	// still being processed.
	Status int
	// Username is the HTTP Basic user name sent, even when authentication
	// failed. The password is never logged.
	Username string
}

// Requests returns the request log in arrival order, including requests that
// were rejected or got an injected failure.
func (s *Server) Requests() []Request {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	requests := make([]Request, 0, len(s.requestLog))
	for _, entry := range s.requestLog {
		requests = append(requests, entry.clone())
	}
	return requests
}

// ResetRequests empties the request log. Requests still in progress are not
// added back when they finish.
func (s *Server) ResetRequests() {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.requestLog = nil
}

// Writes returns the POST, PUT, PATCH and DELETE requests of the log in
// arrival order, whatever their outcome.
func (s *Server) Writes() []Request {
	var writes []Request
	for _, request := range s.Requests() {
		switch request.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
			writes = append(writes, request)
		}
	}
	return writes
}

// logRequest appends a log entry at arrival, so the log keeps arrival order
// even when requests finish in another order.
func (s *Server) logRequest(r *http.Request, body []byte, username string) *Request {
	entry := &Request{
		Time:     time.Now(),
		Method:   r.Method,
		Path:     r.URL.Path,
		Query:    r.URL.Query(),
		Form:     url.Values{},
		Username: username,
	}
	if isFormEncoded(r) {
		if form, err := url.ParseQuery(string(body)); err == nil {
			entry.Form = form
		}
	}

	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.requestLog = append(s.requestLog, entry)
	return entry
}

func (s *Server) finishRequest(entry *Request, status int) {
	if status == 0 {
		status = http.StatusOK
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	entry.Status = status
}

func (r *Request) clone() Request {
	copied := *r
	copied.Query = cloneValues(r.Query)
	copied.Form = cloneValues(r.Form)
	return copied
}

func cloneValues(values url.Values) url.Values {
	copied := make(url.Values, len(values))
	for key, list := range values {
		copied[key] = append([]string(nil), list...)
	}
	return copied
}

func isFormEncoded(r *http.Request) bool {
	mediaType, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), "application/x-www-form-urlencoded")
}
