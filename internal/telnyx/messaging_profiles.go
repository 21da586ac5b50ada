package telnyx

import (
	"context"
	"net/http"
	"net/url"
)

// MessagingProfile is a Telnyx messaging profile. Its WebhookURL receives the
// SMS webhooks of every phone number assigned to it.
type MessagingProfile struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	Enabled            bool   `json:"enabled"`
	WebhookURL         string `json:"webhook_url"`
	WebhookFailoverURL string `json:"webhook_failover_url"`
	WebhookAPIVersion  string `json:"webhook_api_version"`

	// WhitelistedDestinations lists the ISO 3166-1 alpha-2 country codes, such
	// as "US", that the profile may send to.
	WhitelistedDestinations []string `json:"whitelisted_destinations"`

	RecordType string `json:"record_type"`
}

// MessagingProfileUpdate is the body of a messaging profile update. A nil field
// is left out, so Telnyx keeps its value. A non-nil field is sent even when it
// points to "" or false: WebhookURL: new("") clears the webhook URL.
type MessagingProfileUpdate struct {
	Name               *string `json:"name,omitempty"`
	Enabled            *bool   `json:"enabled,omitempty"`
	WebhookURL         *string `json:"webhook_url,omitempty"`
	WebhookFailoverURL *string `json:"webhook_failover_url,omitempty"`
	WebhookAPIVersion  *string `json:"webhook_api_version,omitempty"`

	// WhitelistedDestinations replaces the list when it is not empty. Nil or
	// empty keeps the current list.
	WhitelistedDestinations []string `json:"whitelisted_destinations,omitempty"`
}

// defaultWhitelistedDestinations is sent on create when the caller gives none,
// because Telnyx requires at least one destination.
var defaultWhitelistedDestinations = []string{"US"}

// messagingProfileCreateRequest is the body of a create. Empty URLs and an empty
// API version are left out, so Telnyx applies its defaults.
type messagingProfileCreateRequest struct {
	Name                    string   `json:"name"`
	Enabled                 bool     `json:"enabled"`
	WebhookURL              string   `json:"webhook_url,omitempty"`
	WebhookFailoverURL      string   `json:"webhook_failover_url,omitempty"`
	WebhookAPIVersion       string   `json:"webhook_api_version,omitempty"`
	WhitelistedDestinations []string `json:"whitelisted_destinations"`
}

// FindMessagingProfileByName returns the profile whose name equals name exactly,
// including case. It sends filter[name][eq] but still requests every page and
// compares each name, so a server that filters loosely gives the same result.
// It returns a *NotFoundError when none matches and an *AmbiguousMatchError
// when several do.
func (c *Client) FindMessagingProfileByName(ctx context.Context, name string) (*MessagingProfile, error) {
	filter := url.Values{"filter[name][eq]": {name}}
	candidates, err := listAll[MessagingProfile](ctx, c, "/messaging_profiles", filter)
	if err != nil {
		return nil, err
	}

	return pickExact(candidates,
		func(profile MessagingProfile) bool { return profile.Name == name },
		func(profile MessagingProfile) string { return profile.ID },
		"messaging profile", name)
}

// GetMessagingProfile returns the messaging profile with the given id.
func (c *Client) GetMessagingProfile(ctx context.Context, id string) (*MessagingProfile, error) {
	escaped, err := escapeID("messaging profile", id)
	if err != nil {
		return nil, err
	}
	return getData[MessagingProfile](ctx, c, http.MethodGet, "/messaging_profiles/"+escaped, nil)
}

// CreateMessagingProfile creates a profile from profile, ignoring its ID and
// RecordType, and returns it as Telnyx stored it. Enabled is sent as given.
// Without WhitelistedDestinations the profile gets ["US"].
func (c *Client) CreateMessagingProfile(ctx context.Context, profile MessagingProfile) (*MessagingProfile, error) {
	body := messagingProfileCreateRequest{
		Name:                    profile.Name,
		Enabled:                 profile.Enabled,
		WebhookURL:              profile.WebhookURL,
		WebhookFailoverURL:      profile.WebhookFailoverURL,
		WebhookAPIVersion:       profile.WebhookAPIVersion,
		WhitelistedDestinations: profile.WhitelistedDestinations,
	}
	if len(body.WhitelistedDestinations) == 0 {
		body.WhitelistedDestinations = defaultWhitelistedDestinations
	}
	return getData[MessagingProfile](ctx, c, http.MethodPost, "/messaging_profiles", body)
}

// UpdateMessagingProfile changes the fields of update that are not nil and
// returns the updated profile.
func (c *Client) UpdateMessagingProfile(ctx context.Context, id string, update MessagingProfileUpdate) (*MessagingProfile, error) {
	escaped, err := escapeID("messaging profile", id)
	if err != nil {
		return nil, err
	}
	return getData[MessagingProfile](ctx, c, http.MethodPatch, "/messaging_profiles/"+escaped, update)
}

// DeleteMessagingProfile deletes the messaging profile with the given id.
func (c *Client) DeleteMessagingProfile(ctx context.Context, id string) error {
	escaped, err := escapeID("messaging profile", id)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodDelete, "/messaging_profiles/"+escaped, nil, nil, nil)
}

// ListMessagingProfilePhoneNumbers returns every phone number assigned to the
// profile, from all pages. Telnyx lists messaging settings here, so the
// connection fields of the result may be empty.
func (c *Client) ListMessagingProfilePhoneNumbers(ctx context.Context, profileID string) ([]PhoneNumber, error) {
	escaped, err := escapeID("messaging profile", profileID)
	if err != nil {
		return nil, err
	}
	return listAll[PhoneNumber](ctx, c, "/messaging_profiles/"+escaped+"/phone_numbers", nil)
}
