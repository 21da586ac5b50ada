package httpclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// RetryPolicy bounds the retries of one request.
type RetryPolicy struct {
	// MaxAttempts counts the first attempt too.
	MaxAttempts int
	// MinBackoff is the wait before the first retry; each retry doubles it.
	MinBackoff time.Duration
	// MaxBackoff caps a single wait, including one a server asked for.
	MaxBackoff time.Duration
}

// DefaultRetry retries up to 9 times, waiting 250 ms, then 500 ms, and so on up
// to 15 s, always within the deadline of the request's context.
var DefaultRetry = RetryPolicy{MaxAttempts: 10, MinBackoff: 250 * time.Millisecond, MaxBackoff: 15 * time.Second}

type nonIdempotentKey struct{}

// NonIdempotent marks requests made with the returned context as unsafe to
// repeat after the server may have acted on them. They are retried on 429 and
// when the connection could not be made, but not on 5xx or on a connection
// that failed after the request was sent.
func NonIdempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, nonIdempotentKey{}, true)
}

type retryTransport struct {
	policy  RetryPolicy
	next    http.RoundTripper
	carrier string
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	unsafeToRepeat, _ := ctx.Value(nonIdempotentKey{}).(bool)

	for attempt := 1; ; attempt++ {
		if attempt > 1 && req.Body != nil && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(ctx)
			req.Body = body
		}

		start := time.Now()
		resp, err := t.next.RoundTrip(req)
		t.logAttempt(ctx, req, resp, err, attempt, time.Since(start))

		reason, wait := t.classify(resp, err, unsafeToRepeat)
		if reason == "" || attempt >= t.policy.MaxAttempts || (req.Body != nil && req.GetBody == nil) {
			return resp, err
		}

		delay := t.backoff(attempt, wait)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < delay {
			return resp, err
		}
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			_ = resp.Body.Close()
		}

		tflog.Warn(ctx, "Retrying carrier request", map[string]any{
			"telephony_provider": t.carrier,
			"http_method":        req.Method,
			"http_path":          req.URL.Path,
			"attempt":            attempt,
			"reason":             reason,
			"retry_in":           delay.String(),
		})

		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("%s %s: gave up after %d attempts (%s): %w", req.Method, req.URL.Path, attempt, reason, ctx.Err())
		case <-timer.C:
		}
	}
}

// classify returns why a response or error is worth retrying (empty when it is
// not) and how long the server asked to wait.
func (t *retryTransport) classify(resp *http.Response, err error, unsafeToRepeat bool) (string, time.Duration) {
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return "", 0
		}
		if unsafeToRepeat && !isBeforeSend(err) {
			return "", 0
		}
		return "connection failed: " + err.Error(), 0
	}

	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return "rate limited (429)", serverWait(resp.Header)
	case resp.StatusCode >= 500 && !unsafeToRepeat:
		return fmt.Sprintf("server error (%d)", resp.StatusCode), serverWait(resp.Header)
	}
	return "", 0
}

// isBeforeSend reports whether a transport error happened while connecting,
// before any of the request reached the server: a refused connection, a failed
// DNS lookup or a connect timeout. net/http returns these as the dialer's
// *net.OpError with Op "dial".
func isBeforeSend(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

func (t *retryTransport) backoff(attempt int, serverWait time.Duration) time.Duration {
	wait := t.policy.MinBackoff << (attempt - 1)
	if wait > t.policy.MaxBackoff || wait <= 0 {
		wait = t.policy.MaxBackoff
	}
	// Jitter over the upper half of the wait spreads the retries of many
	// parallel resources apart.
	wait = wait/2 + rand.N(wait/2+1)

	if serverWait > wait {
		wait = serverWait
	}
	if wait > t.policy.MaxBackoff {
		wait = t.policy.MaxBackoff
	}
	return wait
}

// serverWait reads Retry-After (seconds or an HTTP date) or Telnyx's
// x-ratelimit-reset (seconds until the window resets).
func serverWait(h http.Header) time.Duration {
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second
		}
		if when, err := http.ParseTime(v); err == nil {
			return time.Until(when)
		}
	}
	if v := h.Get("X-Ratelimit-Reset"); v != "" {
		if secs, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && secs >= 0 && secs < 3600 {
			return time.Duration(secs * float64(time.Second))
		}
	}
	return 0
}

func (t *retryTransport) logAttempt(ctx context.Context, req *http.Request, resp *http.Response, err error, attempt int, took time.Duration) {
	fields := map[string]any{
		"telephony_provider": t.carrier,
		"http_method":        req.Method,
		"http_path":          req.URL.Path,
		"attempt":            attempt,
		"duration_ms":        took.Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
		tflog.Debug(ctx, "Carrier request failed", fields)
		return
	}
	fields["http_status"] = resp.StatusCode
	tflog.Debug(ctx, "Carrier request", fields)
}
