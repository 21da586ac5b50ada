package telnyx

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// PhoneNumber is a number in the Telnyx account. ConnectionID names the
// connection or Call Control application that receives its calls, and
// MessagingProfileID the messaging profile that handles its SMS. Both are
// empty when the number is unassigned.
type PhoneNumber struct {
	ID                   string `json:"id"`
	PhoneNumber          string `json:"phone_number"`
	Status               string `json:"status"`
	ConnectionID         string `json:"connection_id"`
	ConnectionName       string `json:"connection_name"`
	MessagingProfileID   string `json:"messaging_profile_id"`
	MessagingProfileName string `json:"messaging_profile_name"`
	RecordType           string `json:"record_type"`
}

// PhoneNumberMessaging is the messaging settings object of a phone number.
type PhoneNumberMessaging struct {
	ID                 string `json:"id"`
	PhoneNumber        string `json:"phone_number"`
	MessagingProfileID string `json:"messaging_profile_id"`
	RecordType         string `json:"record_type"`
}

// FindPhoneNumber returns the number in the account whose phone_number equals
// e164, such as "+15551234567". Telnyx's filter[phone_number] is a partial
// match, so FindPhoneNumber requests every page of matches and compares each
// exactly. It returns a *NotFoundError when no number matches.
func (c *Client) FindPhoneNumber(ctx context.Context, e164 string) (*PhoneNumber, error) {
	digits, err := e164Digits(e164)
	if err != nil {
		return nil, err
	}

	// The filter gets digits only, because Telnyx does not document whether it
	// accepts a leading "+".
	filter := url.Values{"filter[phone_number]": {digits}}
	candidates, err := listAll[PhoneNumber](ctx, c, "/phone_numbers", filter)
	if err != nil {
		return nil, err
	}

	return pickExact(candidates,
		func(number PhoneNumber) bool { return number.PhoneNumber == e164 },
		func(number PhoneNumber) string { return number.ID },
		"phone number", e164)
}

// e164Digits returns the digits of an E.164 number: "+" followed by 1 to 15
// digits, the first of which is not 0.
func e164Digits(e164 string) (string, error) {
	digits, hasPlus := strings.CutPrefix(e164, "+")
	valid := hasPlus && len(digits) >= 1 && len(digits) <= 15 && digits[0] != '0'
	for _, r := range digits {
		if r < '0' || r > '9' {
			valid = false
		}
	}
	if !valid {
		return "", fmt.Errorf("telnyx: invalid phone number %q: expected E.164 such as +15551234567", e164)
	}
	return digits, nil
}

// GetPhoneNumber returns the phone number with the given Telnyx id.
func (c *Client) GetPhoneNumber(ctx context.Context, id string) (*PhoneNumber, error) {
	escaped, err := escapeID("phone number", id)
	if err != nil {
		return nil, err
	}
	return getData[PhoneNumber](ctx, c, http.MethodGet, "/phone_numbers/"+escaped, nil)
}

// UpdatePhoneNumberConnection points the number at the connection or Call Control
// application connectionID and returns the updated number. An empty connectionID
// is sent as "" and unassigns the number.
func (c *Client) UpdatePhoneNumberConnection(ctx context.Context, id, connectionID string) (*PhoneNumber, error) {
	escaped, err := escapeID("phone number", id)
	if err != nil {
		return nil, err
	}
	body := struct {
		ConnectionID string `json:"connection_id"`
	}{ConnectionID: connectionID}
	return getData[PhoneNumber](ctx, c, http.MethodPatch, "/phone_numbers/"+escaped, body)
}

// GetPhoneNumberMessaging returns the messaging settings of the phone number
// with the given Telnyx id.
func (c *Client) GetPhoneNumberMessaging(ctx context.Context, id string) (*PhoneNumberMessaging, error) {
	escaped, err := escapeID("phone number", id)
	if err != nil {
		return nil, err
	}
	return getData[PhoneNumberMessaging](ctx, c, http.MethodGet, "/phone_numbers/"+escaped+"/messaging", nil)
}

// UpdatePhoneNumberMessagingProfile assigns the number to the messaging profile
// profileID and returns the updated settings. An empty profileID is sent as ""
// and unassigns the number. Telnyx would read an omitted field or null as
// "keep the current profile".
func (c *Client) UpdatePhoneNumberMessagingProfile(ctx context.Context, id, profileID string) (*PhoneNumberMessaging, error) {
	escaped, err := escapeID("phone number", id)
	if err != nil {
		return nil, err
	}
	body := struct {
		MessagingProfileID string `json:"messaging_profile_id"`
	}{MessagingProfileID: profileID}
	return getData[PhoneNumberMessaging](ctx, c, http.MethodPatch, "/phone_numbers/"+escaped+"/messaging", body)
}
