package carrier

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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
		return fmt.Errorf("%s does not start with \"+\"; expected E.164 form, \"+\" then the country code and number, for example %q", quoteInput(s), suggestE164(s))
	}

	digits := s[1:]
	for _, r := range digits {
		if r < '0' || r > '9' {
			if hint := suggestE164(s); hint != "" && hint != s {
				return fmt.Errorf("%s contains %q; E.164 numbers are \"+\" followed by digits only, such as %q", quoteInput(s), string(r), hint)
			}
			return fmt.Errorf("%s contains %q; E.164 numbers are \"+\" followed by digits only, for example \"+15551234567\"", quoteInput(s), string(r))
		}
	}

	switch {
	case len(digits) < 2:
		return fmt.Errorf("%s is too short; E.164 numbers have 2 to 15 digits after the \"+\"", quoteInput(s))
	case len(digits) > 15:
		return fmt.Errorf("%s has %d digits; E.164 numbers have at most 15 after the \"+\"", quoteInput(s), len(digits))
	case digits[0] == '0':
		return fmt.Errorf("%s starts with 0 after the \"+\"; country codes never start with 0, so write the number with its country code, for example \"+4420...\" instead of \"+020...\"", quoteInput(s))
	}
	return nil
}

// maxQuotedInput is the number of bytes of a rejected value that an error
// message quotes, so that a long value cannot flood the diagnostic.
const maxQuotedInput = 32

// quoteInput quotes s as %q does, cut to about maxQuotedInput bytes and
// followed by "…" when s is longer.
func quoteInput(s string) string {
	if len(s) <= maxQuotedInput {
		return strconv.Quote(s)
	}
	// Back up at most to the start of a valid rune, so that the cut does not
	// split one. Invalid bytes are quoted as \x escapes wherever the cut falls.
	cut := maxQuotedInput
	for i := 1; i < utf8.UTFMax && !utf8.RuneStart(s[cut]); i++ {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
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
// without whitespace (Unicode's, not only ASCII's), and at most MaxURLLength
// characters long.
func ValidateWebhookURL(s string) error {
	if s == "" {
		return fmt.Errorf("the URL is empty; expected an absolute http or https URL such as \"https://example.com/voice\"")
	}
	if len(s) > MaxURLLength {
		return fmt.Errorf("the URL is %d characters long; at most %d are accepted", len(s), MaxURLLength)
	}
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		space, _ := utf8.DecodeRuneInString(s[i:])
		return fmt.Errorf("%q contains the whitespace character %U; remove it or percent-encode it, for example a space as %%20", s, space)
	}

	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a valid URL: %w", s, unwrapURLError(err))
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

// unwrapURLError drops the *url.Error wrapper, whose message repeats the
// operation and the whole URL that the caller already names.
func unwrapURLError(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
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
		return "", "", fmt.Errorf("the import id %s names the telephony provider %s; expected \"twilio/+15551234567\", \"telnyx/+15551234567\" or just \"+15551234567\"", quoteInput(id), quoteInput(prefix))
	}
	if err := ValidatePhoneNumber(number); err != nil {
		return "", "", fmt.Errorf("the import id %s does not end in a valid phone number: %w", quoteInput(id), err)
	}
	return prefix, number, nil
}

// ID returns the resource id for a number at a carrier.
func ID(telephonyProvider, phoneNumber string) string {
	return telephonyProvider + "/" + phoneNumber
}
