package carrier

import (
	"strings"
	"testing"
)

func TestValidatePhoneNumber(t *testing.T) {
	valid := []string{"+15551234567", "+44", "+442071838750", "+123456789012345"}
	for _, n := range valid {
		if err := ValidatePhoneNumber(n); err != nil {
			t.Errorf("ValidatePhoneNumber(%q) = %v, want nil", n, err)
		}
	}

	invalid := map[string]string{
		"":                  "empty",
		"15551234567":       `does not start with "+"`,
		"+1 555 123 4567":   `"+15551234567"`,
		"+1-555-123-4567":   `"+15551234567"`,
		"+1555CALLNOW":      "digits only",
		"+1234567890123456": "at most 15",
		"+0441234567":       "starts with 0",
		"+1":                "too short",
		"+":                 "too short",
		"++15551234567":     "digits only",
		"+１５５５１２３４５６７":      "digits only",
	}
	for n, want := range invalid {
		err := ValidatePhoneNumber(n)
		if err == nil {
			t.Errorf("ValidatePhoneNumber(%q) = nil, want an error", n)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ValidatePhoneNumber(%q) = %q, want it to contain %q", n, err, want)
		}
	}
}

func TestValidateWebhookURL(t *testing.T) {
	valid := []string{"https://example.com/voice", "http://127.0.0.1:8080/x?y=1", "https://a.b/" + strings.Repeat("a", MaxURLLength-13)}
	for _, u := range valid {
		if err := ValidateWebhookURL(u); err != nil {
			t.Errorf("ValidateWebhookURL(%q) = %v, want nil", u, err)
		}
	}

	invalid := map[string]string{
		"":                             "empty",
		"/voice":                       "relative",
		"example.com/voice":            "relative",
		"https:///voice":               "no host",
		"ftp://example.com/voice":      `scheme "ftp"`,
		"https://example.com/my voice": "whitespace",
		"https://example.com/%zz":      "not a valid URL",
		"https://a.b/" + strings.Repeat("a", MaxURLLength): "characters long",
	}
	for u, want := range invalid {
		err := ValidateWebhookURL(u)
		if err == nil {
			t.Errorf("ValidateWebhookURL(%q) = nil, want an error", u)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateWebhookURL(%.60q) = %q, want it to contain %q", u, err, want)
		}
	}
}

func TestParseImportID(t *testing.T) {
	cases := []struct {
		id, provider, phone string
	}{
		{"+15551234567", "", "+15551234567"},
		{"twilio/+15551234567", Twilio, "+15551234567"},
		{"telnyx/+15551234567", Telnyx, "+15551234567"},
	}
	for _, c := range cases {
		provider, phone, err := ParseImportID(c.id)
		if err != nil || provider != c.provider || phone != c.phone {
			t.Errorf("ParseImportID(%q) = %q, %q, %v; want %q, %q, nil", c.id, provider, phone, err, c.provider, c.phone)
		}
	}

	for _, id := range []string{"", "twilio/", "vonage/+15551234567", "twilio/15551234567", "+15551234567/twilio", "twilio/+1555/x", "Twilio/+15551234567"} {
		if _, _, err := ParseImportID(id); err == nil {
			t.Errorf("ParseImportID(%q) = nil error, want one", id)
		}
	}
}
