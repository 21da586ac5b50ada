// Package carrier holds the provider's model of phone numbers independently
// of the carrier that hosts them: the desired webhook settings, what a carrier
// reports back, and the interface each carrier implements.
package carrier

import (
	"context"
	"errors"
	"fmt"
)

// Names of the carriers, as used in the telephony_provider attribute and in ids.
const (
	Twilio = "twilio"
	Telnyx = "telnyx"
)

// Names lists the supported carriers in the order diagnostics mention them.
var Names = []string{Twilio, Telnyx}

// SMS statuses reported in the sms_status attribute.
const (
	SMSEnabled  = "enabled"
	SMSDisabled = "disabled"
	SMSOther    = "other"
)

// SMSIntent is the configuration's assertion about SMS.
type SMSIntent int

const (
	// SMSUnmanaged leaves the SMS webhook as it is.
	SMSUnmanaged SMSIntent = iota
	// SMSEnable points the SMS webhook at the voice platform.
	SMSEnable
	// SMSDisable points the SMS webhook at the carrier's "ignore" value.
	SMSDisable
)

// Intent is the webhook configuration the resource declares for one number.
type Intent struct {
	PhoneNumber string

	// ManageVoice is false when voice_webhook_url is null: voice is left alone.
	ManageVoice bool
	VoiceURL    string

	SMS SMSIntent

	// MessagingServiceSID is the Twilio Messaging Service the number joins when
	// SMS is enabled; empty for none.
	MessagingServiceSID string
}

// Observed is the carrier's current view of a number, reduced to the values
// the resource reports.
type Observed struct {
	// NumberID is the carrier's id of the number: a PN SID at Twilio, a numeric
	// id at Telnyx.
	NumberID string

	VoiceURL  string
	SMSURL    string
	SMSStatus string

	// Telnyx only: the number's own Call Control application and messaging
	// profile, when the resource manages them.
	CallControlApplicationID string
	MessagingProfileID       string
}

// Warning is a diagnostic that does not stop the operation, such as a setting at
// the carrier that makes it ignore what was written.
type Warning struct {
	Summary string
	Detail  string
}

// Result is the outcome of a write: the number as the carrier now holds it,
// the carrier's record for later operations, and warnings for the user.
type Result struct {
	Observed Observed
	Record   []byte
	Warnings []Warning
}

// Carrier manages the webhooks of numbers at one carrier account.
//
// Record is the carrier's own bookkeeping for one number, opaque to the
// resource and kept in Terraform's private state: the ids it works with, what
// the number had before it was taken over, and what the resource created.
type Carrier interface {
	// Name returns the carrier's name, such as "twilio".
	Name() string

	// Account describes the account searched, for diagnostics; it never
	// contains a secret.
	Account() string

	// Holds reports whether the account owns exactly this number.
	Holds(ctx context.Context, phoneNumber string) (bool, error)

	// Create takes the number over: it records what the number has now, then
	// applies the intent. A returned error with a non-nil Record in the result
	// means some writes happened, and the result describes the state they left.
	Create(ctx context.Context, intent Intent) (Result, error)

	// Read refreshes the number. It returns ErrNumberNotFound when the number
	// is no longer in the account.
	Read(ctx context.Context, phoneNumber string, record []byte) (Result, error)

	// Update applies the intent to a number already taken over.
	Update(ctx context.Context, intent Intent, record []byte) (Result, error)

	// Delete gives the number back: with restore, everything recorded before
	// the takeover is put back and what the resource created is deleted.
	Delete(ctx context.Context, record []byte, restore bool) error

	// Import records the number's current settings as the ones to restore.
	Import(ctx context.Context, phoneNumber string) (Result, error)

	// Inspect reports where the number's calls and messages go now, through
	// whatever objects it uses, shared ones included. It writes nothing.
	Inspect(ctx context.Context, phoneNumber string) (Observed, error)
}

// ErrNumberNotFound means the account does not own the number (any more).
var ErrNumberNotFound = errors.New("phone number not found")

// NotFoundError names the number looked for and the account searched.
type NotFoundError struct {
	PhoneNumber string
	Account     string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("phone number %s not found in %s", e.PhoneNumber, e.Account)
}

// Unwrap lets errors.Is match ErrNumberNotFound.
func (e *NotFoundError) Unwrap() error { return ErrNumberNotFound }

// PartialError reports a write that stopped after some of its steps succeeded.
// The result returned beside it describes the state those steps left.
type PartialError struct {
	Done   []string
	Failed string
	Err    error

	// Unmet names the attributes whose assertion does not hold because of the
	// failure, such as "enable_sms"; the resource records them as false.
	Unmet []string
}

func (e *PartialError) Error() string {
	if len(e.Done) == 0 {
		return fmt.Sprintf("%s failed: %v", e.Failed, e.Err)
	}
	return fmt.Sprintf("%s failed after %s succeeded: %v", e.Failed, joinWords(e.Done), e.Err)
}

func (e *PartialError) Unwrap() error { return e.Err }

func joinWords(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	out := words[0]
	for _, w := range words[1 : len(words)-1] {
		out += ", " + w
	}
	return out + " and " + words[len(words)-1]
}
