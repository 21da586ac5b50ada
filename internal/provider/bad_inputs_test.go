package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// TestMain clears the provider's environment variables: every test configures
// the provider explicitly, and a developer's own credentials must neither
// leak into a test nor change its outcome.
func TestMain(m *testing.M) {
	for _, env := range []string{envWebhookBaseURL, envTwilioAccountSID, envTwilioAuthToken, envTwilioAPIKey,
		envTwilioAPISecret, envTwilioMessagingSvc, envTwilioAPIURL, envTelnyxAPIKey, envTelnyxBaseURL} {
		os.Unsetenv(env)
	}
	os.Exit(m.Run())
}

// runBetweenPlanAndApply runs a function after the plan, before the apply.
type runBetweenPlanAndApply func()

func (f runBetweenPlanAndApply) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

// badInput is a configuration that must fail with a diagnostic and leave every
// number untouched.
type badInput struct {
	name string
	// carriers is "twilio", "telnyx" or "both"; the number is seeded at the
	// first of them.
	carriers string
	// provider replaces the provider block when set.
	provider func(tw *twilioEnv, tx *telnyxEnv) string
	lines    []string
	// phone replaces testPhone in the resource; "empty" stands for "".
	phone    string
	importID string
	// between runs after the plan and before the apply.
	between func(tw *twilioEnv, tx *telnyxEnv)
	want    string
}

func twilioBlock(tw *twilioEnv, body string) string {
	return fmt.Sprintf("provider \"burki\" {\n  webhook_base_url = %q\n  twilio {\n    api_url = %q\n    %s\n  }\n}\n", testWebhookBaseURL, tw.fake.URL(), body)
}

func badInputs() []badInput {
	voice := `voice_webhook_url = "https://voice.example.test/v"`
	phoneCase := func(name, phone, want string) badInput {
		return badInput{name: "phone " + name, carriers: "twilio", phone: phone, lines: []string{voice}, want: want}
	}
	urlCase := func(name, url, want string) badInput {
		return badInput{name: "URL " + name, carriers: "twilio", lines: []string{fmt.Sprintf("voice_webhook_url = %q", url)}, want: want}
	}

	return []badInput{
		phoneCase("with spaces", "+1 555 123 0001", `Invalid phone number[\s\S]*"\+15551230001"`),
		phoneCase("with dashes", "+1-555-123-0001", `Invalid phone number[\s\S]*"\+15551230001"`),
		phoneCase("with parentheses", "+1 (555) 123-0001", `Invalid phone number`),
		phoneCase("with letters", "+1555CALLNOW", `digits only`),
		phoneCase("too long", "+1555123000100000", `at most 15`),
		phoneCase("too short", "+1", `too short`),
		phoneCase("without plus", "15551230001", `does not start with "\+"`),
		phoneCase("with leading zero", "+05551230001", `starts with 0`),
		phoneCase("empty", "empty", `phone number is empty`),
		urlCase("relative", "/voice", `relative URL`),
		urlCase("without scheme", "voice.example.test/v", `relative URL`),
		urlCase("without host", "https:///voice", `no host`),
		urlCase("ftp", "ftp://voice.example.test/v", `scheme "ftp"`),
		urlCase("mailto", "mailto:ops@example.test", `scheme "mailto"`),
		urlCase("with spaces", "https://voice.example.test/my voice", `whitespace`),
		urlCase("over 2000 characters", "https://voice.example.test/"+strings.Repeat("v", 2000), `2027 characters long`),
		urlCase("empty", "", `URL is empty`),
		{name: "both flags true", carriers: "twilio", lines: []string{"enable_sms = true", "disable_sms = true"}, want: `Conflicting SMS settings`},
		{name: "nothing managed", carriers: "twilio", want: `Nothing to manage`},
		{name: "only false flags", carriers: "twilio", lines: []string{"enable_sms = false", "disable_sms = false"}, want: `Nothing to manage`},
		{
			name: "enable without base URL", carriers: "twilio", lines: []string{"enable_sms = true"},
			provider: func(tw *twilioEnv, _ *telnyxEnv) string {
				return strings.Replace(tw.providerConfig(), fmt.Sprintf("webhook_base_url = %q", testWebhookBaseURL), "", 1)
			},
			want: `Webhook base URL missing[\s\S]*BURKI_WEBHOOK_BASE_URL`,
		},
		{name: "Messaging Service on Telnyx", carriers: "telnyx", lines: []string{"enable_sms = true", fmt.Sprintf("messaging_service_sid = %q", testService)}, want: `Messaging Service on a Telnyx number`},
		{name: "Messaging Service on explicit Telnyx", carriers: "both", lines: []string{"enable_sms = true", `telephony_provider = "telnyx"`, fmt.Sprintf("messaging_service_sid = %q", testService)}, want: `Messaging Service on a Telnyx number`},
		{name: "malformed Messaging Service SID", carriers: "twilio", lines: []string{"enable_sms = true", `messaging_service_sid = "MG123"`}, want: `"MG" followed by 32 hexadecimal\s+digits, got: MG123`},
		{name: "unknown telephony provider", carriers: "twilio", lines: []string{voice, `telephony_provider = "vonage"`}, want: `telephony_provider value must be one of: \["twilio" "telnyx"\]`},
		{name: "telephony provider in capitals", carriers: "twilio", lines: []string{voice, `telephony_provider = "Twilio"`}, want: `telephony_provider`},
		{name: "unconfigured telephony provider", carriers: "twilio", lines: []string{voice, `telephony_provider = "telnyx"`}, want: `Telephony provider not configured[\s\S]*TELNYX_API_KEY`},
		{
			name: "no credentials at all", carriers: "twilio", lines: []string{voice},
			provider: func(*twilioEnv, *telnyxEnv) string { return `provider "burki" {}` },
			want:     `No telephony provider configured[\s\S]*TWILIO_ACCOUNT_SID[\s\S]*TELNYX_API_KEY`,
		},
		{
			name: "Twilio token missing", carriers: "twilio", lines: []string{voice},
			provider: func(tw *twilioEnv, _ *telnyxEnv) string {
				return twilioBlock(tw, fmt.Sprintf("account_sid = %q", tw.fake.AccountSID()))
			},
			want: `Twilio credentials missing[\s\S]*TWILIO_AUTH_TOKEN`,
		},
		{
			name: "Twilio account SID missing", carriers: "twilio", lines: []string{voice},
			provider: func(tw *twilioEnv, _ *telnyxEnv) string {
				return twilioBlock(tw, fmt.Sprintf("auth_token = %q", tw.fake.AuthToken()))
			},
			want: `Twilio account SID missing`,
		},
		{
			name: "Twilio account SID malformed", carriers: "twilio", lines: []string{voice},
			provider: func(tw *twilioEnv, _ *telnyxEnv) string {
				return twilioBlock(tw, fmt.Sprintf("account_sid = \"AC123\"\n    auth_token = %q", tw.fake.AuthToken()))
			},
			want: `Invalid Twilio account SID`,
		},
		{
			name: "half an API key", carriers: "twilio", lines: []string{voice},
			provider: func(tw *twilioEnv, _ *telnyxEnv) string {
				return twilioBlock(tw, fmt.Sprintf("account_sid = %q\n    api_key = \"SK00000000000000000000000000000001\"", tw.fake.AccountSID()))
			},
			want: `Incomplete Twilio API key`,
		},
		{
			name: "wrong Twilio auth token", carriers: "twilio", lines: []string{voice},
			provider: func(tw *twilioEnv, _ *telnyxEnv) string {
				return strings.Replace(tw.providerConfig(), tw.fake.AuthToken(), "wrongtoken0000000000000000000000", 1)
			},
			want: `Twilio answered 401 with error 20003`,
		},
		{
			name: "wrong Telnyx API key", carriers: "telnyx", lines: []string{voice},
			provider: func(_ *twilioEnv, tx *telnyxEnv) string {
				return strings.Replace(tx.providerConfig(), tx.fake.APIKey(), "KEYwrong", 1)
			},
			want: `401 10009`,
		},
		{
			name: "malformed webhook base URL", carriers: "twilio", lines: []string{voice},
			provider: func(tw *twilioEnv, _ *telnyxEnv) string {
				return strings.Replace(tw.providerConfig(), testWebhookBaseURL, "voice.example.test", 1)
			},
			want: `Invalid webhook base URL`,
		},
		{
			name: "malformed Telnyx country code", carriers: "telnyx", lines: []string{voice},
			provider: func(_ *twilioEnv, tx *telnyxEnv) string {
				return strings.Replace(tx.providerConfig(), "telnyx {", "telnyx {\n    sms_whitelisted_destinations = [\"usa\"]", 1)
			},
			want: `Invalid country code`,
		},
		{name: "number not in the Twilio account", carriers: "twilio", phone: "+15559990000", lines: []string{voice}, want: `Phone number not found[\s\S]*Twilio account AC`},
		{name: "number not in the Telnyx account", carriers: "telnyx", phone: "+15559990000", lines: []string{voice}, want: `Phone number not found[\s\S]*Telnyx account`},
		{name: "number in neither account", carriers: "both", phone: "+15559990000", lines: []string{voice}, want: `Phone number not found[\s\S]*searched[\s\S]*Twilio[\s\S]*Telnyx`},
		{
			name: "number released between plan and apply", carriers: "twilio", lines: []string{voice},
			between: func(tw *twilioEnv, _ *telnyxEnv) { tw.fake.ReleaseNumber(testPhone) },
			want:    `Phone number not found`,
		},
		{name: "import id with colon", carriers: "twilio", lines: []string{voice}, importID: "twilio:" + testPhone, want: `Invalid import id`},
		{name: "import id with unknown carrier", carriers: "twilio", lines: []string{voice}, importID: "vonage/" + testPhone, want: `Invalid import id[\s\S]*"vonage"`},
		{name: "import id with spaces", carriers: "twilio", lines: []string{voice}, importID: "+1 555 123 0001", want: `Invalid import id`},
		{name: "import id without number", carriers: "twilio", lines: []string{voice}, importID: "twilio/", want: `Invalid import id`},
		{name: "import id of an unknown number", carriers: "twilio", lines: []string{voice}, importID: "twilio/+15559990000", want: `Phone number not found`},
	}
}

func TestAccBadInputs(t *testing.T) {
	cases := badInputs()
	if len(cases) < 30 {
		t.Fatalf("the table has %d bad inputs; keep at least 30", len(cases))
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tw, tx := newTwilioEnv(t), newTelnyxEnv(t)
			switch c.carriers {
			case "telnyx":
				tx.addNumber(testPhone)
			default:
				tw.addNumber(testPhone)
			}

			var provider string
			switch {
			case c.provider != nil:
				provider = c.provider(tw, tx)
			case c.carriers == "telnyx":
				provider = tx.providerConfig()
			case c.carriers == "both":
				provider = providerConfigBoth(tw, tx)
			default:
				provider = tw.providerConfig()
			}

			phone := testPhone
			switch c.phone {
			case "":
			case "empty":
				phone = ""
			default:
				phone = c.phone
			}
			config := provider + fmt.Sprintf("\nresource \"burki_phone_number_webhooks\" \"test\" {\n  phone_number = %q\n  %s\n}\n", phone, strings.Join(c.lines, "\n  "))

			step := resource.TestStep{Config: config, ExpectError: regexp.MustCompile(c.want)}
			switch {
			case c.importID != "":
				step.ResourceName = testAddr
				step.ImportState = true
				step.ImportStateId = c.importID
			case c.between != nil:
				step.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{runBetweenPlanAndApply(func() { c.between(tw, tx) })}
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6Providers, Steps: []resource.TestStep{step}})

			if w := append(tw.writes(), tx.writes()...); len(w) > 0 {
				t.Errorf("the fakes saw writes: %v", w)
			}
		})
	}
}
