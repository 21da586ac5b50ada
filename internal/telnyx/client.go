// Package telnyx is a small typed client for the parts of the Telnyx API v2 that the
// provider manages: phone numbers and their messaging settings, Call Control
// applications and messaging profiles.
//
// The client does not retry. The provider passes an *http.Client whose Transport
// retries 429 and 5xx responses. Every request sets GetBody, so such a Transport can
// send a request body again.
package telnyx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	// DefaultBaseURL is the root of the Telnyx API v2, including the version.
	DefaultBaseURL = "https://api.telnyx.com/v2"

	// DefaultUserAgent is sent when Config.UserAgent is empty.
	DefaultUserAgent = "terraform-provider-burki"

	// MaxPageSize is the largest page[size] that Telnyx accepts on list endpoints.
	// List methods always request pages of this size.
	MaxPageSize = 250

	// maxPages bounds a list walk, so that a server that keeps reporting more
	// pages cannot keep the client busy forever. At MaxPageSize items per page
	// this allows 2.5 million items.
	maxPages = 10000

	// maxResponseBytes bounds how much of a response body the client reads.
	maxResponseBytes = 16 << 20
)

// Config holds the settings of a Client. Only APIKey is required.
type Config struct {
	// APIKey is sent as "Authorization: Bearer <APIKey>".
	APIKey string

	// BaseURL is the API root including the version. Empty means DefaultBaseURL.
	BaseURL string

	// HTTPClient sends the requests. Nil means a client with a 60-second total
	// timeout per request.
	HTTPClient *http.Client

	// UserAgent is the User-Agent header. Empty means DefaultUserAgent.
	UserAgent string
}

// Client calls the Telnyx API v2. It is safe for concurrent use.
type Client struct {
	baseURL    *url.URL
	baseURLErr error
	apiKey     string
	userAgent  string
	httpClient *http.Client
}

// New returns a client for cfg. An invalid BaseURL is not reported here but by
// every method call, because New has no error result.
func New(cfg Config) *Client {
	c := &Client{
		apiKey:     cfg.APIKey,
		userAgent:  cfg.UserAgent,
		httpClient: cfg.HTTPClient,
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	if c.httpClient == nil {
		c.httpClient = newDefaultHTTPClient()
	}
	c.baseURL, c.baseURLErr = parseBaseURL(cfg.BaseURL)
	return c
}

func newDefaultHTTPClient() *http.Client {
	transport := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   30 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          20,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{Transport: transport, Timeout: 60 * time.Second}
}

func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("telnyx: invalid base URL %q: %w", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("telnyx: invalid base URL %q: expected an absolute http or https URL such as %s", raw, DefaultBaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("telnyx: invalid base URL %q: remove the query and fragment", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// do sends one request and decodes a 2xx JSON response into out, unless out is
// nil or the body is empty. path is relative to the base URL and already escaped.
// Any other status becomes an *APIError.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	if c.baseURLErr != nil {
		return c.baseURLErr
	}
	if c.apiKey == "" {
		return errors.New("telnyx: the API key is empty; set Config.APIKey")
	}

	req, err := c.newRequest(ctx, method, path, query, body)
	if err != nil {
		return err
	}

	resp, err := c.httpClient.Do(req)
	if err != nil {
		// url.Error repeats the method and the full URL, which the prefix below
		// already names. Its Err keeps context.Canceled and timeouts visible to
		// errors.Is.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return fmt.Errorf("telnyx: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()

	respBody, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return fmt.Errorf("telnyx: %s %s: reading the response: %w", method, path, err)
	}
	if len(respBody) > maxResponseBytes {
		return fmt.Errorf("telnyx: %s %s: the response is larger than %d bytes", method, path, maxResponseBytes)
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// A proxy or a misbehaving server may echo the request headers back;
		// the key must not reach an error message.
		if c.apiKey != "" {
			respBody = bytes.ReplaceAll(respBody, []byte(c.apiKey), []byte("***"))
		}
		apiErr := DecodeError(resp.StatusCode, resp.Header, respBody)
		apiErr.RequestMethod = method
		apiErr.RequestPath = path
		return apiErr
	}

	if out == nil || len(bytes.TrimSpace(respBody)) == 0 {
		return nil
	}
	if err := json.Unmarshal(respBody, out); err != nil {
		return fmt.Errorf("telnyx: %s %s: decoding the %d response: %w", method, path, resp.StatusCode, err)
	}
	return nil
}

func (c *Client) newRequest(ctx context.Context, method, path string, query url.Values, body any) (*http.Request, error) {
	target := c.baseURL.String() + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}

	// A nil body reader makes http.NewRequestWithContext leave GetBody unset,
	// which is right for GET and DELETE. bytes.Reader makes it set GetBody and
	// ContentLength, so a retrying Transport can send the body again.
	var bodyReader io.Reader
	if body != nil {
		payload, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("telnyx: %s %s: encoding the request body: %w", method, path, err)
		}
		bodyReader = bytes.NewReader(payload)
	}

	req, err := http.NewRequestWithContext(ctx, method, target, bodyReader)
	if err != nil {
		return nil, fmt.Errorf("telnyx: %s %s: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// getData sends a request and returns the object in the response's "data" member.
func getData[T any](ctx context.Context, c *Client, method, path string, body any) (*T, error) {
	var envelope struct {
		Data *T `json:"data"`
	}
	if err := c.do(ctx, method, path, nil, body, &envelope); err != nil {
		return nil, err
	}
	if envelope.Data == nil {
		return nil, fmt.Errorf("telnyx: %s %s: the response has no data object", method, path)
	}
	return envelope.Data, nil
}

// pageMeta is the "meta" member of a list response.
type pageMeta struct {
	PageNumber   int `json:"page_number"`
	PageSize     int `json:"page_size"`
	TotalPages   int `json:"total_pages"`
	TotalResults int `json:"total_results"`
}

// listAll requests every page of a list endpoint and returns the items of all pages.
// filter contains the filter parameters, and listAll adds page[number] and page[size].
func listAll[T any](ctx context.Context, c *Client, path string, filter url.Values) ([]T, error) {
	var items []T
	for pageNumber := 1; pageNumber <= maxPages; pageNumber++ {
		query := url.Values{}
		for key, values := range filter {
			query[key] = append([]string(nil), values...)
		}
		query.Set("page[number]", strconv.Itoa(pageNumber))
		query.Set("page[size]", strconv.Itoa(MaxPageSize))

		var page struct {
			Data []T      `json:"data"`
			Meta pageMeta `json:"meta"`
		}
		if err := c.do(ctx, http.MethodGet, path, query, nil, &page); err != nil {
			return nil, err
		}

		items = append(items, page.Data...)
		if isLastPage(pageNumber, len(page.Data), page.Meta) {
			return items, nil
		}
	}
	return nil, fmt.Errorf("telnyx: GET %s: stopped after %d pages because the server kept reporting more", path, maxPages)
}

// isLastPage reports whether a list walk is complete after the page numbered
// pageNumber, which contained count items. An empty page always ends the walk.
// Without total_pages in meta, a page shorter than the page size ends it.
func isLastPage(pageNumber, count int, meta pageMeta) bool {
	if count == 0 {
		return true
	}
	if meta.TotalPages > 0 {
		return pageNumber >= meta.TotalPages
	}
	pageSize := meta.PageSize
	if pageSize <= 0 {
		pageSize = MaxPageSize
	}
	return count < pageSize
}

// pickExact returns the one item of candidates for which matches is true.
// None gives a *NotFoundError and more than one an *AmbiguousMatchError, both
// naming resource and value.
func pickExact[T any](candidates []T, matches func(T) bool, id func(T) string, resource, value string) (*T, error) {
	var found []T
	for _, candidate := range candidates {
		if matches(candidate) {
			found = append(found, candidate)
		}
	}

	switch len(found) {
	case 0:
		return nil, &NotFoundError{Resource: resource, Value: value, PartialMatches: len(candidates)}
	case 1:
		return &found[0], nil
	default:
		ids := make([]string, len(found))
		for i, item := range found {
			ids[i] = id(item)
		}
		return nil, &AmbiguousMatchError{Resource: resource, Value: value, IDs: ids}
	}
}

// escapeID escapes id as one path segment and rejects an empty id, which would
// otherwise turn a request for one object into a request for the list.
func escapeID(resource, id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("telnyx: the %s id is empty", resource)
	}
	return url.PathEscape(id), nil
}
