package telnyx

import (
	"context"
	"net/http"
	"net/url"
)

// CallControlApplication is a Telnyx Call Control application. Telnyx treats it
// as a connection, so a phone number's ConnectionID can name it, and its
// WebhookEventURL then receives the number's voice webhooks.
//
// Create and Update send Active as given, so set it to true for an application
// that should receive calls.
type CallControlApplication struct {
	ID                      string `json:"id"`
	ApplicationName         string `json:"application_name"`
	WebhookEventURL         string `json:"webhook_event_url"`
	WebhookEventFailoverURL string `json:"webhook_event_failover_url"`

	// WebhookAPIVersion is "1" or "2". Create and Update omit an empty value,
	// so Telnyx keeps its default or the current value.
	WebhookAPIVersion string `json:"webhook_api_version"`

	Active     bool   `json:"active"`
	RecordType string `json:"record_type"`
}

// callControlApplicationRequest is the body of a create or update. Telnyx
// requires application_name and webhook_event_url on both.
type callControlApplicationRequest struct {
	ApplicationName         string `json:"application_name"`
	WebhookEventURL         string `json:"webhook_event_url"`
	WebhookEventFailoverURL string `json:"webhook_event_failover_url"`
	WebhookAPIVersion       string `json:"webhook_api_version,omitempty"`
	Active                  bool   `json:"active"`
}

func newCallControlApplicationRequest(app CallControlApplication) callControlApplicationRequest {
	return callControlApplicationRequest{
		ApplicationName:         app.ApplicationName,
		WebhookEventURL:         app.WebhookEventURL,
		WebhookEventFailoverURL: app.WebhookEventFailoverURL,
		WebhookAPIVersion:       app.WebhookAPIVersion,
		Active:                  app.Active,
	}
}

// FindCallControlApplicationByName returns the application whose name equals name
// exactly, including case. The list filter is a partial match, so every page of
// matches is requested and compared. It returns a *NotFoundError when none
// matches and an *AmbiguousMatchError when several do.
func (c *Client) FindCallControlApplicationByName(ctx context.Context, name string) (*CallControlApplication, error) {
	filter := url.Values{"filter[application_name][contains]": {name}}
	candidates, err := listAll[CallControlApplication](ctx, c, "/call_control_applications", filter)
	if err != nil {
		return nil, err
	}

	return pickExact(candidates,
		func(app CallControlApplication) bool { return app.ApplicationName == name },
		func(app CallControlApplication) string { return app.ID },
		"call control application", name)
}

// GetCallControlApplication returns the application with the given id.
func (c *Client) GetCallControlApplication(ctx context.Context, id string) (*CallControlApplication, error) {
	escaped, err := escapeID("call control application", id)
	if err != nil {
		return nil, err
	}
	return getData[CallControlApplication](ctx, c, http.MethodGet, "/call_control_applications/"+escaped, nil)
}

// CreateCallControlApplication creates an application from app, ignoring app.ID
// and app.RecordType, and returns it as Telnyx stored it.
func (c *Client) CreateCallControlApplication(ctx context.Context, app CallControlApplication) (*CallControlApplication, error) {
	body := newCallControlApplicationRequest(app)
	return getData[CallControlApplication](ctx, c, http.MethodPost, "/call_control_applications", body)
}

// UpdateCallControlApplication replaces the name, webhook URLs and active flag of
// the application id with those of app and returns the result. An empty
// WebhookEventFailoverURL is sent as "" and clears the failover URL.
func (c *Client) UpdateCallControlApplication(ctx context.Context, id string, app CallControlApplication) (*CallControlApplication, error) {
	escaped, err := escapeID("call control application", id)
	if err != nil {
		return nil, err
	}
	body := newCallControlApplicationRequest(app)
	return getData[CallControlApplication](ctx, c, http.MethodPatch, "/call_control_applications/"+escaped, body)
}

// DeleteCallControlApplication deletes the application with the given id.
func (c *Client) DeleteCallControlApplication(ctx context.Context, id string) error {
	escaped, err := escapeID("call control application", id)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodDelete, "/call_control_applications/"+escaped, nil, nil, nil)
}
