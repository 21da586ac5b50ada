package twiliofake

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// Faults configures random failures. Each authenticated request that passed
// validation draws one random number. With probability RateLimitRate it gets
// a 429 response (Twilio code 20429), with probability ServerErrorRate a 500
// response (code 20500), and otherwise it is processed. Failed requests
// change no state.
type Faults struct {
	RateLimitRate   float64
	ServerErrorRate float64
	// RetryAfter, when positive, is sent in the Retry-After header of every
	// injected 429, rounded up to whole seconds. It also applies to 429s
	// injected with FailNext.
	RetryAfter time.Duration
	// Seed seeds the random numbers. The same seed gives the same sequence of
	// decisions for the same sequence of requests. Concurrent requests take
	// their numbers in arrival order, which may differ between runs.
	Seed int64
}

type faultState struct {
	config       Faults
	random       *rand.Rand
	rules        []*failureRule
	rateLimited  int
	serverErrors int
}

type failureRule struct {
	match     func(*http.Request) bool
	status    int
	remaining int
}

// SetFaults replaces the random failure configuration and restarts the random
// sequence from f.Seed. The zero Faults turns random failures off.
func (s *Server) SetFaults(f Faults) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults.config = f
	s.faults.random = rand.New(rand.NewPCG(uint64(f.Seed), 0))
}

// FailNext responds to the next count authenticated requests for which match
// returns true with the given HTTP status (400 to 599) and a Twilio error
// body, without changing state. A nil match matches every request. Rules
// added by earlier calls are checked first. The request passed to match has
// its body available for reading.
//
// FailNext panics when status is outside 400 to 599.
func (s *Server) FailNext(match func(r *http.Request) bool, status int, count int) {
	if status < 400 || status > 599 {
		panic(fmt.Sprintf("twiliofake: FailNext status %d is invalid: use an HTTP error status from 400 to 599", status))
	}
	if count <= 0 {
		return
	}
	if match == nil {
		match = func(*http.Request) bool { return true }
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults.rules = append(s.faults.rules, &failureRule{match: match, status: status, remaining: count})
}

// InjectedFailures returns how many 429 and how many 5xx responses were injected
// by SetFaults and FailNext so far.
func (s *Server) InjectedFailures() (rateLimited, serverErrors int) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	return s.faults.rateLimited, s.faults.serverErrors
}

// injectFailure responds to the request with an injected failure and returns
// true, or returns false when no failure applies.
func (s *Server) injectFailure(w http.ResponseWriter, r *http.Request, body []byte) bool {
	status := s.matchFailureRule(r, body)
	if status == 0 {
		status = s.drawRandomFailure()
	}
	if status == 0 {
		return false
	}

	s.faultMu.Lock()
	retryAfter := s.faults.config.RetryAfter
	if status == http.StatusTooManyRequests {
		s.faults.rateLimited++
	} else if status >= 500 {
		s.faults.serverErrors++
	}
	s.faultMu.Unlock()

	if status == http.StatusTooManyRequests && retryAfter > 0 {
		seconds := int(math.Ceil(retryAfter.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(seconds))
	}
	writeError(w, status, errorCodeForStatus(status), injectedFailureMessage(status))
	return true
}

// matchFailureRule returns the status of the first FailNext rule that matches
// and still has failures left, or 0. The match functions run without the lock
// held, so they may call methods of the server.
func (s *Server) matchFailureRule(r *http.Request, body []byte) int {
	s.faultMu.Lock()
	rules := append([]*failureRule(nil), s.faults.rules...)
	s.faultMu.Unlock()

	for _, rule := range rules {
		r.Body = io.NopCloser(bytes.NewReader(body))
		matched := rule.match(r)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if !matched {
			continue
		}
		if status, ok := s.claimRule(rule); ok {
			return status
		}
	}
	return 0
}

// claimRule takes one failure from rule and drops the rule once it has none
// left. It returns false when a concurrent request took the last failure.
func (s *Server) claimRule(rule *failureRule) (int, bool) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	if rule.remaining <= 0 {
		return 0, false
	}
	rule.remaining--
	if rule.remaining == 0 {
		kept := s.faults.rules[:0]
		for _, other := range s.faults.rules {
			if other != rule {
				kept = append(kept, other)
			}
		}
		s.faults.rules = kept
	}
	return rule.status, true
}

func (s *Server) drawRandomFailure() int {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	config := s.faults.config
	if s.faults.random == nil || (config.RateLimitRate <= 0 && config.ServerErrorRate <= 0) {
		return 0
	}
	draw := s.faults.random.Float64()
	switch {
	case draw < config.RateLimitRate:
		return http.StatusTooManyRequests
	case draw < config.RateLimitRate+config.ServerErrorRate:
		return http.StatusInternalServerError
	default:
		return 0
	}
}

func injectedFailureMessage(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return "Too Many Requests"
	case http.StatusInternalServerError:
		return "Internal Server Error"
	default:
		return http.StatusText(status)
	}
}
