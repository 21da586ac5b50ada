package twiliofake

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/twilio/twilio-go"
	"github.com/twilio/twilio-go/client"
)

// rewriteTransport sends requests for Twilio's hosts to the fake and refuses
// every other host, so a test can never reach the network.
type rewriteTransport struct {
	target *url.URL
}

func (t rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Hostname(), ".twilio.com") && req.URL.Host != t.target.Host {
		return nil, fmt.Errorf("test transport: refusing request to %s: only *.twilio.com is rewritten to the fake", req.URL.Host)
	}
	rewritten := req.Clone(req.Context())
	rewritten.URL.Scheme = t.target.Scheme
	rewritten.URL.Host = t.target.Host
	rewritten.Host = t.target.Host
	return http.DefaultTransport.RoundTrip(rewritten)
}

// newRestClient returns a twilio-go client that talks to the fake with the
// given credentials and account SID.
func newRestClient(t testing.TB, s *Server, username, password, accountSID string) *twilio.RestClient {
	t.Helper()
	target, err := url.Parse(s.URL())
	if err != nil {
		t.Fatalf("parse fake URL %q: %v", s.URL(), err)
	}
	base := &client.Client{
		Credentials: client.NewCredentials(username, password),
		HTTPClient: &http.Client{
			Transport: rewriteTransport{target: target},
			Timeout:   10 * time.Second,
		},
	}
	base.SetAccountSid(accountSID)
	return twilio.NewRestClientWithParams(twilio.ClientParams{Client: base})
}

// newAccountClient returns a twilio-go client authenticated as the fake's
// account.
func newAccountClient(t testing.TB, s *Server) *twilio.RestClient {
	return newRestClient(t, s, s.AccountSID(), s.AuthToken(), s.AccountSID())
}

// newServer starts a fake for t. Contract validation follows
// TWILIO_OPENAPI_DIR.
func newServer(t testing.TB) *Server {
	return NewForTest(t, Options{})
}

// newServerWithoutContract starts a fake that never validates against the
// OpenAPI description, for tests that send requests the description rejects.
func newServerWithoutContract(t testing.TB) *Server {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatalf("start Twilio fake: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// requireRestError asserts that err is a *client.TwilioRestError with the
// given status and code, and returns its message.
func requireRestError(t *testing.T, err error, status, code int) string {
	t.Helper()
	var restErr *client.TwilioRestError
	if !errors.As(err, &restErr) {
		t.Fatalf("error = %v (%T), want *client.TwilioRestError", err, err)
	}
	if restErr.Status != status {
		t.Errorf("error status = %d, want %d (error: %v)", restErr.Status, status, restErr)
	}
	if restErr.Code != code {
		t.Errorf("error code = %d, want %d (error: %v)", restErr.Code, code, restErr)
	}
	wantMoreInfo := fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code)
	if restErr.MoreInfo != wantMoreInfo {
		t.Errorf("error more_info = %q, want %q", restErr.MoreInfo, wantMoreInfo)
	}
	return restErr.Message
}

// rawResponse is the status and headers of a response that rawRequest has
// already read and closed.
type rawResponse struct {
	StatusCode int
	Header     http.Header
}

// rawRequest sends a request straight to the fake with the account's
// credentials, for checks that twilio-go hides, such as headers and exact
// bodies. A nil form sends no body.
func rawRequest(t *testing.T, s *Server, method, path string, form url.Values) (rawResponse, []byte) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, s.URL()+path, body)
	if err != nil {
		t.Fatalf("build request %s %s: %v", method, path, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.SetBasicAuth(s.AccountSID(), s.AuthToken())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("send %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read response of %s %s: %v", method, path, err)
	}
	return rawResponse{StatusCode: resp.StatusCode, Header: resp.Header}, data
}

// decodeObject decodes a JSON object, keeping nulls visible as nil values.
func decodeObject(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var object map[string]any
	if err := json.Unmarshal(data, &object); err != nil {
		t.Fatalf("decode JSON %q: %v", data, err)
	}
	return object
}

// firstItemSID returns the sid of a page's first item, or nil when the page
// is empty or its first item is not a JSON object.
func firstItemSID(items []any) any {
	if len(items) == 0 {
		return nil
	}
	item, _ := items[0].(map[string]any)
	return item["sid"]
}

func stringValue(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}
