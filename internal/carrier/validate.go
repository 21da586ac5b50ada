package carrier

import (
	"fmt"
	"net/url"
	"strings"
)

// MaxURLLength is the longest webhook URL the provider accepts.
const MaxURLLength = 2000

// ValidatePhoneNumber checks that s is in E.164 form: "+", then 2 to 15 digits,
// the first of them not 0. It never rewrites the number; its error shows the
// expected form instead.
func ValidatePhoneNumber(s string) error {
	if s == "" {
		return fmt.Errorf("the phone number is empty; expected E.164 form, for example \"+15551234567\"")
	}

	if !strings.HasPrefix(s, "+") {
		return fmt.Errorf("%q does not start with \"+\"; expected E.164 form, \"+\" then the country code and number, for example %q", s, suggestE164(s))
	}

	digits := s[1:]
	for _, r := range digits {
		if r < '0' || r > '9' {
			if hint := suggestE164(s); hint != "" && hint != s {
				return fmt.Errorf("%q contains %q; E.164 numbers are \"+\" followed by digits only, such as %q", s, string(r), hint)
			}
			return fmt.Errorf("%q contains %q; E.164 numbers are \"+\" followed by digits only, for example \"+15551234567\"", s, string(r))
		}
	}

	switch {
	case len(digits) < 2:
		return fmt.Errorf("%q is too short; E.164 numbers have 2 to 15 digits after the \"+\"", s)
	case len(digits) > 15:
		return fmt.Errorf("%q has %d digits; E.164 numbers have at most 15 after the \"+\"", s, len(digits))
	case digits[0] == '0':
		return fmt.Errorf("%q starts with 0 after the \"+\"; country codes never start with 0, so write the number with its country code, for example \"+4420...\" instead of \"+020...\"", s)
	}
	return nil
}

// suggestE164 returns s with everything but digits removed and a "+" in front,
// when that gives a plausible E.164 number; otherwise the generic example.
func suggestE164(s string) string {
	var b strings.Builder
	b.WriteByte('+')
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	hint := b.String()
	if n := len(hint) - 1; n < 2 || n > 15 || hint[1] == '0' {
		return "+15551234567"
	}
	return hint
}

// ValidateWebhookURL checks that s is an absolute http or https URL with a host,
// without spaces, and at most MaxURLLength characters long.
func ValidateWebhookURL(s string) error {
	if s == "" {
		return fmt.Errorf("the URL is empty; expected an absolute http or https URL such as \"https://example.com/voice\"")
	}
	if len(s) > MaxURLLength {
		return fmt.Errorf("the URL is %d characters long; at most %d are accepted", len(s), MaxURLLength)
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return fmt.Errorf("%q contains whitespace; encode spaces as %%20", s)
	}

	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a valid URL: %v", s, unwrapURLError(err))
	}
	if u.Scheme == "" {
		return fmt.Errorf("%q is a relative URL; expected an absolute http or https URL such as \"https://example.com/voice\"", s)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%q uses the scheme %q; carriers only call http and https webhooks", s, u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("%q has no host; expected an absolute URL such as \"https://example.com/voice\"", s)
	}
	return nil
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// ParseImportID splits an import id of the form "+15551234567",
// "twilio/+15551234567" or "telnyx/+15551234567". The carrier is empty when the
// id does not name one.
func ParseImportID(id string) (telephonyProvider, phoneNumber string, err error) {
	prefix, number, found := strings.Cut(id, "/")
	if !found {
		number, prefix = id, ""
	}

	if found && prefix != Twilio && prefix != Telnyx {
		return "", "", fmt.Errorf("the import id %q names the telephony provider %q; expected \"twilio/+15551234567\", \"telnyx/+15551234567\" or just \"+15551234567\"", id, prefix)
	}
	if err := ValidatePhoneNumber(number); err != nil {
		return "", "", fmt.Errorf("the import id %q does not end in a valid phone number: %w", id, err)
	}
	return prefix, number, nil
}

// ID returns the resource id for a number at a carrier.
func ID(telephonyProvider, phoneNumber string) string {
	return telephonyProvider + "/" + phoneNumber
}
