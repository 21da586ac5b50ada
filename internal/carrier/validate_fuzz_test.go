package carrier

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// e164 is the E.164 form that ValidatePhoneNumber accepts, written
// independently of it.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

// maxPhoneMessageLength bounds a phone number error, so that a long wrong
// value cannot flood a Terraform diagnostic.
const maxPhoneMessageLength = 300

// checkMessage reports a validation error message that is empty, spans several
// lines or, when maxLength is positive, is longer than maxLength bytes.
func checkMessage(t *testing.T, input string, err error, maxLength int) {
	t.Helper()
	message := err.Error()
	if message == "" {
		t.Errorf("input %q: the error message is empty", input)
	}
	if strings.ContainsAny(message, "\r\n") {
		t.Errorf("input %q: the error message %q spans several lines", input, message)
	}
	if maxLength > 0 && len(message) > maxLength {
		t.Errorf("input of %d bytes: the error message has %d bytes, want at most %d: %.400q", len(input), len(message), maxLength, message)
	}
}

func FuzzValidatePhoneNumber(f *testing.F) {
	for _, seed := range []string{"+15551234567", "+44", "+1 555 123 4567", "+1555CALLNOW", "+１５５５１２３４５６７"} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, input string) {
		err := ValidatePhoneNumber(input)

		if matches := e164.MatchString(input); matches != (err == nil) {
			t.Fatalf("ValidatePhoneNumber(%q) = %v, but the E.164 pattern match is %v", input, err, matches)
		}
		if err != nil {
			checkMessage(t, input, err, maxPhoneMessageLength)
		}
	})
}

func FuzzValidateWebhookURL(f *testing.F) {
	for _, seed := range []string{"https://example.com/voice", "http://127.0.0.1:8080/x?y=1", "ftp://example.com/", "https:///voice", "https://example.com/my voice"} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, input string) {
		err := ValidateWebhookURL(input)
		if err != nil {
			checkMessage(t, input, err, 0)
			return
		}

		if len(input) > MaxURLLength {
			t.Errorf("accepted a URL of %d bytes, want at most %d", len(input), MaxURLLength)
		}
		if i := strings.IndexFunc(input, unicode.IsSpace); i >= 0 {
			space, _ := utf8.DecodeRuneInString(input[i:])
			t.Errorf("accepted %q, which contains the white space %q", input, space)
		}
		parsed, parseErr := url.Parse(input)
		if parseErr != nil {
			t.Fatalf("accepted %q, which net/url rejects: %v", input, parseErr)
		}
		if parsed.Scheme != "http" && parsed.Scheme != "https" {
			t.Errorf("accepted %q with the scheme %q, want http or https", input, parsed.Scheme)
		}
		if parsed.Hostname() == "" {
			t.Errorf("accepted %q, which has no host", input)
		}
	})
}

func FuzzParseImportID(f *testing.F) {
	for _, seed := range []string{"+15551234567", "twilio/+15551234567", "telnyx/+15551234567", "vonage/+15551234567", "/+15551234567"} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, id string) {
		provider, phone, err := ParseImportID(id)
		if err != nil {
			if provider != "" || phone != "" {
				t.Errorf("ParseImportID(%q) failed but returned %q and %q, want both empty", id, provider, phone)
			}
			// The message quotes the id and then the phone number error.
			checkMessage(t, id, err, 2*maxPhoneMessageLength)
			return
		}

		if provider != "" && provider != Twilio && provider != Telnyx {
			t.Errorf("ParseImportID(%q) returned the telephony provider %q, want empty, %q or %q", id, provider, Twilio, Telnyx)
		}
		if phoneErr := ValidatePhoneNumber(phone); phoneErr != nil {
			t.Errorf("ParseImportID(%q) returned the invalid phone number %q: %v", id, phone, phoneErr)
		}
		rebuilt := phone
		if provider != "" {
			rebuilt = ID(provider, phone)
		}
		if rebuilt != id {
			t.Errorf("ParseImportID(%q) = %q, %q, which rebuild to %q", id, provider, phone, rebuilt)
		}
	})
}
