// Package httpclient builds the HTTP client both carriers share: requests bound
// to the operation's context, retried on rate limits and server faults, logged
// through tflog with credentials masked, and optionally sent to another origin.
package httpclient

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options configures New.
type Options struct {
	// Origin, when set, replaces the scheme and host of every request, so that
	// traffic for a carrier's own hosts reaches a local server or a proxy.
	Origin *url.URL

	// Retry bounds the retries; the zero value uses DefaultRetry.
	Retry RetryPolicy

	// Base is the transport that sends requests. When it is nil, New uses a
	// copy of http.DefaultTransport (see defaultBase).
	Base http.RoundTripper

	// Carrier names the carrier in log entries.
	Carrier string
}

// New returns a transport with retries, logging and the origin rewrite.
func New(opts Options) http.RoundTripper {
	base := opts.Base
	if base == nil {
		base = defaultBase()
	}
	if opts.Origin != nil {
		base = &rewriteTransport{origin: opts.Origin, next: base}
	}

	policy := opts.Retry
	if policy.MaxAttempts == 0 {
		policy = DefaultRetry
	}
	return &retryTransport{policy: policy, next: base, carrier: opts.Carrier}
}

// defaultBase returns a copy of http.DefaultTransport with a larger idle
// pool per host and a dial timeout. A program that replaced
// http.DefaultTransport with another RoundTripper type gets that RoundTripper
// unchanged, because there is no *http.Transport to copy.
func defaultBase() http.RoundTripper {
	defaultTransport, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t := defaultTransport.Clone()
	t.MaxIdleConnsPerHost = 32
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	return t
}

// Client returns an *http.Client whose requests carry ctx, for SDKs that build
// requests without a context of their own.
func Client(ctx context.Context, transport http.RoundTripper) *http.Client {
	return &http.Client{
		Transport: &contextTransport{ctx: ctx, next: transport},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

type contextTransport struct {
	ctx  context.Context
	next http.RoundTripper
}

func (t *contextTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.next.RoundTrip(req.WithContext(t.ctx))
}

type rewriteTransport struct {
	origin *url.URL
	next   http.RoundTripper
}

func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.URL.Scheme = t.origin.Scheme
	out.URL.Host = t.origin.Host
	if prefix := strings.TrimSuffix(t.origin.Path, "/"); prefix != "" {
		out.URL.Path = prefix + out.URL.Path
		if out.URL.RawPath != "" {
			out.URL.RawPath = prefix + out.URL.RawPath
		}
	}
	out.Host = ""
	return t.next.RoundTrip(out)
}
