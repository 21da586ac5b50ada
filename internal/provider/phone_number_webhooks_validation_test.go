package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// expectNoWrites fails when the fake saw any write: a rejected configuration
// must not change the number.
func (e *twilioEnv) expectNoWrites() resource.TestCheckFunc {
	return func(*terraform.State) error {
		if w := e.writes(); len(w) > 0 {
			return fmt.Errorf("the fake saw writes: %v", w)
		}
		return nil
	}
}

func TestAccValidationRejectsBeforeAnyWrite(t *testing.T) {
	cases := []struct {
		name   string
		lines  []string
		phone  string
		noBase bool
		want   string
	}{
		{name: "both flags true", lines: []string{"enable_sms = true", "disable_sms = true"}, want: `Conflicting SMS settings`},
		{name: "nothing to manage", lines: []string{"enable_sms = false"}, want: `Nothing to manage`},
		{name: "nothing set", want: `Nothing to manage`},
		{name: "enable without base URL", lines: []string{"enable_sms = true"}, noBase: true, want: `Webhook base URL missing`},
		{name: "phone with spaces", phone: "+1 555 123 0001", lines: []string{`voice_webhook_url = "https://a.example.test/v"`}, want: `Invalid phone number`},
		{name: "phone without plus", phone: "15551230001", lines: []string{`voice_webhook_url = "https://a.example.test/v"`}, want: `does not start with "\+"`},
		{name: "phone leading zero", phone: "+05551230001", lines: []string{`voice_webhook_url = "https://a.example.test/v"`}, want: `starts with 0`},
		{name: "phone too long", phone: "+1555123000100000", lines: []string{`voice_webhook_url = "https://a.example.test/v"`}, want: `at most 15`},
		{name: "relative URL", lines: []string{`voice_webhook_url = "/voice"`}, want: `relative URL`},
		{name: "ftp URL", lines: []string{`voice_webhook_url = "ftp://a.example.test/v"`}, want: `scheme "ftp"`},
		{name: "URL without host", lines: []string{`voice_webhook_url = "https:///voice"`}, want: `no host`},
		{name: "bad Messaging Service SID", lines: []string{"enable_sms = true", `messaging_service_sid = "MG123"`}, want: `MG`},
		{name: "unknown telephony provider", lines: []string{"disable_sms = true", `telephony_provider = "vonage"`}, want: `telephony_provider`},
		{name: "unconfigured telephony provider", lines: []string{"disable_sms = true", `telephony_provider = "telnyx"`}, want: `Telephony provider not configured`},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := newTwilioEnv(t)
			env.addNumber(testPhone)
			phone := c.phone
			if phone == "" {
				phone = testPhone
			}
			provider := env.providerConfig()
			if c.noBase {
				provider = strings.Replace(provider, fmt.Sprintf("webhook_base_url = %q", testWebhookBaseURL), "", 1)
			}
			config := provider + fmt.Sprintf(`
resource "burki_phone_number_webhooks" "test" {
  phone_number = %q
  %s
}
`, phone, strings.Join(c.lines, "\n  "))

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Providers,
				CheckDestroy:             env.expectNoWrites(),
				Steps: []resource.TestStep{{
					Config:      config,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
			if w := env.writes(); len(w) > 0 {
				t.Errorf("the fake saw writes: %v", w)
			}
		})
	}
}

// Values that come from another resource are unknown at plan time; the same
// rules apply to them at apply, before anything is written.
func TestAccValidationAtApplyForUnknownValues(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		config string
		want   string
	}{
		{
			name:   "phone number",
			input:  `"+1 555 123 0001"`,
			config: `phone_number = terraform_data.input.output` + "\n  " + `voice_webhook_url = "https://a.example.test/v"`,
			want:   `Invalid phone number`,
		},
		{
			name:   "voice URL",
			input:  `"ftp://a.example.test/v"`,
			config: fmt.Sprintf("phone_number = %q\n  voice_webhook_url = terraform_data.input.output", testPhone),
			want:   `scheme "ftp"`,
		},
		{
			name:   "both flags",
			input:  `true`,
			config: fmt.Sprintf("phone_number = %q\n  enable_sms = terraform_data.input.output\n  disable_sms = terraform_data.input.output", testPhone),
			want:   `Conflicting SMS settings`,
		},
		{
			name:   "nothing to manage",
			input:  `false`,
			config: fmt.Sprintf("phone_number = %q\n  enable_sms = terraform_data.input.output", testPhone),
			want:   `Nothing to manage`,
		},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := newTwilioEnv(t)
			env.addNumber(testPhone)
			config := env.providerConfig() + fmt.Sprintf(`
resource "terraform_data" "input" {
  input = %s
}

resource "burki_phone_number_webhooks" "test" {
  %s
}
`, c.input, c.config)

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Providers,
				Steps: []resource.TestStep{{
					Config:      config,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
			if w := env.writes(); len(w) > 0 {
				t.Errorf("the fake saw writes: %v", w)
			}
		})
	}
}

func TestAccProviderConfiguration(t *testing.T) {
	cases := []struct {
		name     string
		provider string
		want     string
	}{
		{name: "nothing configured", provider: `provider "burki" {}`, want: `No telephony provider configured`},
		{name: "bad account SID", provider: `provider "burki" {
  twilio {
    account_sid = "AC123"
    auth_token  = "x"
  }
}`, want: `Invalid Twilio account SID`},
		{name: "token without account", provider: `provider "burki" {
  twilio {
    auth_token = "x"
  }
}`, want: `Twilio account SID missing`},
		{name: "half an API key", provider: `provider "burki" {
  twilio {
    account_sid = "AC00000000000000000000000000000001"
    api_key     = "SK00000000000000000000000000000001"
  }
}`, want: `Incomplete Twilio API key`},
		{name: "bad base URL", provider: `provider "burki" {
  webhook_base_url = "voice.example.test"
  twilio {
    account_sid = "AC00000000000000000000000000000001"
    auth_token  = "x"
  }
}`, want: `Invalid webhook base URL`},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Not parallel: the environment must not supply what the
			// configuration leaves out.
			for _, env := range []string{envWebhookBaseURL, envTwilioAccountSID, envTwilioAuthToken, envTwilioAPIKey, envTwilioAPISecret, envTwilioMessagingSvc, envTwilioAPIURL, envTelnyxAPIKey, envTelnyxBaseURL} {
				t.Setenv(env, "")
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Providers,
				Steps: []resource.TestStep{{
					Config:      c.provider + resourceConfig(`voice_webhook_url = "https://a.example.test/v"`),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
		})
	}
}

func TestAccTwilioWrongCredentials(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)
	config := strings.Replace(env.providerConfig(), env.fake.AuthToken(), "wrongtoken0000000000000000000000", 1)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{{
			Config:      config + resourceConfig(`voice_webhook_url = "https://a.example.test/v"`),
			ExpectError: regexp.MustCompile(`(?s)401.*20003`),
		}},
	})
	if w := env.writes(); len(w) > 0 {
		t.Errorf("the fake saw writes: %v", w)
	}
}
