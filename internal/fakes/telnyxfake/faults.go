package telnyxfake

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
)

// Faults sets random failures. Each request draws once from a random source
// seeded with Seed: a draw below RateLimitRate gives 429, and a draw below
// RateLimitRate + ServerErrorRate gives 500. Requests sent one after another
// therefore meet the same faults in every run. Concurrent requests draw in
// arrival order, which can differ between runs.
type Faults struct {
	// RateLimitRate is the probability, from 0 to 1, that a request gets 429.
	RateLimitRate float64

	// ServerErrorRate is the probability, from 0 to 1, that a request gets 500.
	ServerErrorRate float64

	Seed int64
}

// failRule is one FailNext call that has not fired count times yet.
type failRule struct {
	match     func(*http.Request) bool
	status    int
	remaining int
}

// faultInjector holds the fault settings and counts. Server.mu guards it.
type faultInjector struct {
	faults       Faults
	random       *rand.Rand
	rules        []*failRule
	rateLimited  int
	serverErrors int
}

func (fi *faultInjector) reset(faults Faults) {
	fi.faults = faults
	fi.random = rand.New(rand.NewPCG(uint64(faults.Seed), 0x7e1e7e1e))
}

// SetFaults replaces the random fault settings and reseeds the random source.
// Faults{} turns random faults off. It panics when a rate is outside 0 to 1
// or the two rates add up to more than 1.
func (s *Server) SetFaults(faults Faults) {
	validRate := func(rate float64) bool { return rate >= 0 && rate <= 1 }
	if !validRate(faults.RateLimitRate) || !validRate(faults.ServerErrorRate) ||
		faults.RateLimitRate+faults.ServerErrorRate > 1 {
		panic(fmt.Sprintf("telnyxfake: SetFaults: rates must be from 0 to 1 and add up to at most 1, got %v and %v",
			faults.RateLimitRate, faults.ServerErrorRate))
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.injector.reset(faults)
}

// FailNext makes the next count requests for which match returns true fail
// with status, before any handler runs, so they change nothing. A nil match
// matches every request. match may read the request body. A 429 carries the
// same rate limit headers as a random one. Rules fire in the order they were
// added, before random faults. It panics when status is not 4xx or 5xx or
// count is less than 1.
func (s *Server) FailNext(match func(*http.Request) bool, status int, count int) {
	if status < 400 || status > 599 {
		panic(fmt.Sprintf("telnyxfake: FailNext: status %d is not an error status (400 to 599)", status))
	}
	if count < 1 {
		panic(fmt.Sprintf("telnyxfake: FailNext: count %d is less than 1", count))
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.injector.rules = append(s.injector.rules, &failRule{match: match, status: status, remaining: count})
}

// InjectedFailures returns how many 429 and how many 5xx responses the fake
// has injected through SetFaults and FailNext.
func (s *Server) InjectedFailures() (rateLimited, serverErrors int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.injector.rateLimited, s.injector.serverErrors
}

// injectFault writes an injected failure and reports whether it did.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request, body []byte) bool {
	// match functions run without the lock, so that they may call the
	// server's own methods.
	s.mu.Lock()
	rules := slices.Clone(s.injector.rules)
	s.mu.Unlock()

	var matched []*failRule
	for _, rule := range rules {
		r.Body = io.NopCloser(bytes.NewReader(body))
		if rule.match == nil || rule.match(r) {
			matched = append(matched, rule)
		}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	status := s.pickFault(matched)
	if status == 0 {
		return false
	}
	writeInjectedFault(w, status)
	return true
}

// pickFault returns the status to inject, or 0, and counts it. A rule that
// matched may have been used up by a concurrent request meanwhile, so each is
// checked again under the lock.
func (s *Server) pickFault(matched []*failRule) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	injector := &s.injector

	status := 0
	for _, rule := range matched {
		if rule.remaining > 0 {
			rule.remaining--
			status = rule.status
			break
		}
	}
	injector.rules = slices.DeleteFunc(injector.rules, func(rule *failRule) bool { return rule.remaining == 0 })

	if status == 0 && (injector.faults.RateLimitRate > 0 || injector.faults.ServerErrorRate > 0) {
		draw := injector.random.Float64()
		switch {
		case draw < injector.faults.RateLimitRate:
			status = http.StatusTooManyRequests
		case draw < injector.faults.RateLimitRate+injector.faults.ServerErrorRate:
			status = http.StatusInternalServerError
		}
	}

	switch {
	case status == http.StatusTooManyRequests:
		injector.rateLimited++
	case status >= 500:
		injector.serverErrors++
	}
	return status
}

// writeInjectedFault writes a Telnyx error for status. A 429 gets the rate
// limit headers that Telnyx sends, with a reset of 1 second.
func writeInjectedFault(w http.ResponseWriter, status int) {
	if status == http.StatusTooManyRequests {
		header := w.Header()
		header.Set("X-Ratelimit-Limit", "100")
		header.Set("X-Ratelimit-Remaining", "0")
		header.Set("X-Ratelimit-Reset", "1")
		header.Set("Retry-After", "1")
	}
	writeErrors(w, status, errorForStatus(status))
}

// errorForStatus returns the Telnyx error object that usually comes with status.
// The codes are from Telnyx's table of API error codes.
func errorForStatus(status int) errorObject {
	switch {
	case status == http.StatusTooManyRequests:
		return errorObject{Code: "10011", Title: "Too many requests", Detail: "You have exceeded the maximum number of allowed requests."}
	case status == http.StatusUnauthorized:
		return errorObject{Code: "10009", Title: "Authentication failed", Detail: "The required authentication headers were either invalid or not included in the request."}
	case status == http.StatusForbidden:
		return errorObject{Code: "10010", Title: "Authorization failed", Detail: "You do not have permission to perform the requested action on the specified resource or resources."}
	case status == http.StatusNotFound:
		return errorObject{Code: "10005", Title: "Resource not found", Detail: "The requested resource or URL could not be found."}
	case status == http.StatusRequestTimeout || status == http.StatusGatewayTimeout:
		return errorObject{Code: "10008", Title: "Request timeout", Detail: "The request timed out."}
	case status >= 500:
		return errorObject{Code: "10007", Title: "Unexpected error", Detail: "An unexpected error occurred."}
	default:
		return errorObject{Code: "10015", Title: "Bad Request", Detail: "The request failed because it was not well-formed."}
	}
}
