package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	telnyxcarrier "github.com/burki/terraform-provider-burki/internal/carrier/telnyx"
	"github.com/burki/terraform-provider-burki/internal/carrier/twilio"
	"github.com/burki/terraform-provider-burki/internal/fakes/telnyxfake"
	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
)

// Numbers the data source tests read, beside testPhone and telnyxPhone2.
const (
	dataPhoneEnabled  = "+15551230011"
	dataPhoneDisabled = "+15551230012"
	dataPhoneTelnyx   = "+15551230021"
)

// dataSourceConfig renders a data source block with the given attribute lines.
func dataSourceConfig(name, phone string, lines ...string) string {
	body := fmt.Sprintf("  phone_number = %q\n", phone)
	for _, line := range lines {
		body += "  " + line + "\n"
	}
	return fmt.Sprintf("\ndata \"burki_phone_number_webhooks\" %q {\n%s}\n", name, body)
}

func dataAddr(name string) string {
	return "data.burki_phone_number_webhooks." + name
}

// expectData checks one attribute of a data source in the state.
func expectData(name, attribute string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(dataAddr(name), tfjsonpath.New(attribute), value)
}

// checkNoWrites fails when any fake saw a request that could change state.
func checkNoWrites(t *testing.T, fakes ...interface{ writes() []string }) {
	t.Helper()
	for _, fake := range fakes {
		if w := fake.writes(); len(w) > 0 {
			t.Errorf("the data source sent writes: %v", w)
		}
	}
}

// addOwnTelnyxNumber seeds a number on its own Call Control application and
// messaging profile, named as the resource names them.
func (e *telnyxEnv) addOwnTelnyxNumber(phone, voiceURL, smsURL string) (telnyxfake.PhoneNumber, telnyxfake.CallControlApplication, telnyxfake.MessagingProfile) {
	app := e.fake.AddCallControlApplication(telnyxfake.CallControlApplication{
		ApplicationName: telnyxcarrier.ApplicationName(phone),
		WebhookEventURL: voiceURL,
		Active:          true,
	})
	profile := e.fake.AddMessagingProfile(telnyxfake.MessagingProfile{
		Name:                    telnyxcarrier.ProfileName(phone),
		Enabled:                 true,
		WebhookURL:              smsURL,
		WebhookAPIVersion:       "2",
		WhitelistedDestinations: []string{"US"},
	})
	number := e.fake.AddPhoneNumber(telnyxfake.PhoneNumber{
		PhoneNumber:        phone,
		ConnectionID:       app.ID,
		MessagingProfileID: profile.ID,
	})
	return number, app, profile
}

func TestAccDataSourceTwilio(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	other := env.addNumber(testPhone)
	enabled := env.fake.AddNumber(twiliofake.Number{
		PhoneNumber: dataPhoneEnabled,
		VoiceURL:    testVoice,
		VoiceMethod: "POST",
		SMSURL:      enabledSMSURL,
		SMSMethod:   "POST",
	})
	disabled := env.fake.AddNumber(twiliofake.Number{
		PhoneNumber: dataPhoneDisabled,
		SMSURL:      twilio.DisabledSMSURL,
		SMSMethod:   "POST",
	})
	config := env.providerConfig() +
		dataSourceConfig("other", testPhone) +
		dataSourceConfig("enabled", dataPhoneEnabled, `telephony_provider = "twilio"`) +
		dataSourceConfig("disabled", dataPhoneDisabled, `timeouts { read = "1m" }`)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectData("other", "id", knownvalue.StringExact("twilio/"+testPhone)),
				expectData("other", "telephony_provider", knownvalue.StringExact("twilio")),
				expectData("other", "voice_webhook_url", knownvalue.StringExact("https://old.example.test/voice")),
				expectData("other", "sms_webhook_url", knownvalue.StringExact("https://old.example.test/sms")),
				expectData("other", "sms_status", knownvalue.StringExact("other")),
				expectData("other", "twilio_phone_number_sid", knownvalue.StringExact(other.SID)),
				expectData("other", "telnyx_phone_number_id", knownvalue.Null()),
				expectData("other", "telnyx_call_control_application_id", knownvalue.Null()),
				expectData("other", "telnyx_messaging_profile_id", knownvalue.Null()),

				expectData("enabled", "voice_webhook_url", knownvalue.StringExact(testVoice)),
				expectData("enabled", "sms_webhook_url", knownvalue.StringExact(enabledSMSURL)),
				expectData("enabled", "sms_status", knownvalue.StringExact("enabled")),
				expectData("enabled", "twilio_phone_number_sid", knownvalue.StringExact(enabled.SID)),

				expectData("disabled", "voice_webhook_url", knownvalue.Null()),
				expectData("disabled", "sms_webhook_url", knownvalue.StringExact(twilio.DisabledSMSURL)),
				expectData("disabled", "sms_status", knownvalue.StringExact("disabled")),
				expectData("disabled", "twilio_phone_number_sid", knownvalue.StringExact(disabled.SID)),
			},
		}},
	})
	checkNoWrites(t, env)
}

func TestAccDataSourceTelnyx(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	own, app, profile := env.addOwnTelnyxNumber(dataPhoneTelnyx, testVoice, telnyxEnabledSMSURL)
	shared := env.addNumber(telnyxPhone2)
	config := env.providerConfig() +
		dataSourceConfig("own", dataPhoneTelnyx) +
		dataSourceConfig("shared", telnyxPhone2, `telephony_provider = "telnyx"`)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectData("own", "id", knownvalue.StringExact("telnyx/"+dataPhoneTelnyx)),
				expectData("own", "telephony_provider", knownvalue.StringExact("telnyx")),
				expectData("own", "voice_webhook_url", knownvalue.StringExact(testVoice)),
				expectData("own", "sms_webhook_url", knownvalue.StringExact(telnyxEnabledSMSURL)),
				expectData("own", "sms_status", knownvalue.StringExact("enabled")),
				expectData("own", "twilio_phone_number_sid", knownvalue.Null()),
				expectData("own", "telnyx_phone_number_id", knownvalue.StringExact(own.ID)),
				expectData("own", "telnyx_call_control_application_id", knownvalue.StringExact(app.ID)),
				expectData("own", "telnyx_messaging_profile_id", knownvalue.StringExact(profile.ID)),

				// A number on the shared SIP connection and profile: the
				// connection is no Call Control application, so it has no
				// voice URL; SMS goes to the shared profile's URL.
				expectData("shared", "id", knownvalue.StringExact("telnyx/"+telnyxPhone2)),
				expectData("shared", "voice_webhook_url", knownvalue.Null()),
				expectData("shared", "sms_webhook_url", knownvalue.StringExact(env.sharedProfile.WebhookURL)),
				expectData("shared", "sms_status", knownvalue.StringExact("other")),
				expectData("shared", "telnyx_phone_number_id", knownvalue.StringExact(shared.ID)),
				expectData("shared", "telnyx_call_control_application_id", knownvalue.Null()),
				expectData("shared", "telnyx_messaging_profile_id", knownvalue.Null()),
			},
			Check: env.checkSharedUnchanged(),
		}},
	})
	checkNoWrites(t, env)
}

func TestAccDataSourceTelnyxSMSDisabled(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addOwnTelnyxNumber(dataPhoneTelnyx, testVoice, "")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{{
			Config: env.providerConfig() + dataSourceConfig("own", dataPhoneTelnyx),
			ConfigStateChecks: []statecheck.StateCheck{
				expectData("own", "sms_webhook_url", knownvalue.Null()),
				expectData("own", "sms_status", knownvalue.StringExact("disabled")),
			},
		}},
	})
	checkNoWrites(t, env)
}

func TestAccDataSourceAutoDetect(t *testing.T) {
	t.Parallel()
	tw := newTwilioEnv(t)
	tx := newTelnyxEnv(t)
	twNumber := tw.addNumber(testPhone)
	txNumber, _, _ := tx.addOwnTelnyxNumber(dataPhoneTelnyx, testVoice2, "")
	config := providerConfigBoth(tw, tx) +
		dataSourceConfig("twilio", testPhone) +
		dataSourceConfig("telnyx", dataPhoneTelnyx)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectData("twilio", "telephony_provider", knownvalue.StringExact("twilio")),
				expectData("twilio", "id", knownvalue.StringExact("twilio/"+testPhone)),
				expectData("twilio", "twilio_phone_number_sid", knownvalue.StringExact(twNumber.SID)),
				expectData("twilio", "voice_webhook_url", knownvalue.StringExact("https://old.example.test/voice")),

				expectData("telnyx", "telephony_provider", knownvalue.StringExact("telnyx")),
				expectData("telnyx", "id", knownvalue.StringExact("telnyx/"+dataPhoneTelnyx)),
				expectData("telnyx", "telnyx_phone_number_id", knownvalue.StringExact(txNumber.ID)),
				expectData("telnyx", "voice_webhook_url", knownvalue.StringExact(testVoice2)),
			},
		}},
	})
	checkNoWrites(t, tw, tx)
}

func TestAccDataSourceNotFound(t *testing.T) {
	t.Parallel()
	tw := newTwilioEnv(t)
	tx := newTelnyxEnv(t)
	tw.addNumber(testPhone)
	tx.addNumber(telnyxPhone2)
	const missing = "+15559990000"

	cases := []struct {
		name   string
		config string
		want   string
	}{
		{
			name:   "twilio only",
			config: tw.providerConfig() + dataSourceConfig("missing", missing),
			want:   `(?s)Phone number not found.*` + regexp.QuoteMeta(missing) + `.*Twilio account`,
		},
		{
			name:   "telnyx only",
			config: tx.providerConfig() + dataSourceConfig("missing", missing),
			want:   `(?s)Phone number not found.*` + regexp.QuoteMeta(missing) + `.*Telnyx account`,
		},
		{
			name:   "both searched",
			config: providerConfigBoth(tw, tx) + dataSourceConfig("missing", missing),
			want:   `(?s)Phone number not found.*none of the configured accounts`,
		},
		{
			name:   "named carrier",
			config: providerConfigBoth(tw, tx) + dataSourceConfig("missing", testPhone, `telephony_provider = "telnyx"`),
			want:   `(?s)Phone number not found.*` + regexp.QuoteMeta(testPhone) + `.*Telnyx account`,
		},
		{
			name:   "carrier not configured",
			config: tw.providerConfig() + dataSourceConfig("missing", testPhone, `telephony_provider = "telnyx"`),
			want:   `Telephony provider not configured`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Providers,
				Steps: []resource.TestStep{{
					Config:      c.config,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
		})
	}
	checkNoWrites(t, tw, tx)
}

func TestAccDataSourceInvalidNumber(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{{
			Config:      env.providerConfig() + dataSourceConfig("bad", "+1 555 123 0001"),
			ExpectError: regexp.MustCompile(`Invalid phone number`),
		}},
	})
	if r := env.fake.Requests(); len(r) > 0 {
		t.Errorf("an invalid number reached the carrier: %d requests", len(r))
	}
}

// TestAccDataSourceBesideResource reads a number that a resource in the same
// configuration manages. The reference to the resource makes Terraform read
// the data source after the resource's write, and the plan after apply must
// stay empty.
func TestAccDataSourceBesideResource(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)
	config := env.providerConfig() +
		resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "enable_sms = true") + `
data "burki_phone_number_webhooks" "managed" {
  phone_number = burki_phone_number_webhooks.test.phone_number
}
`

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy:             env.checkOriginalsRestored(testPhone),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectData("managed", "voice_webhook_url", knownvalue.StringExact(testVoice)),
				expectData("managed", "sms_webhook_url", knownvalue.StringExact(enabledSMSURL)),
				expectData("managed", "sms_status", knownvalue.StringExact("enabled")),
			},
		}},
	})
}

// A number that another tool points at a shared Call Control application
// reports that application's URL, without claiming it as its own.
func TestAccDataSourceTelnyxSharedApplication(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	app := env.fake.AddCallControlApplication(telnyxfake.CallControlApplication{
		ApplicationName: "ivr-shared",
		WebhookEventURL: "https://ivr.example.test/events",
		Active:          true,
	})
	env.fake.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: dataPhoneTelnyx, ConnectionID: app.ID})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{{
			Config: env.providerConfig() + dataSourceConfig("other", dataPhoneTelnyx),
			ConfigStateChecks: []statecheck.StateCheck{
				expectData("other", "voice_webhook_url", knownvalue.StringExact("https://ivr.example.test/events")),
				expectData("other", "telnyx_call_control_application_id", knownvalue.Null()),
				expectData("other", "sms_webhook_url", knownvalue.Null()),
				expectData("other", "sms_status", knownvalue.StringExact("disabled")),
			},
		}},
	})
	checkNoWrites(t, env)
}
