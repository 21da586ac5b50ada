package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/burki/terraform-provider-burki/internal/fakes/telnyxfake"
	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
)

// testWebhookBaseURL is the voice platform's base URL in tests; nothing is
// ever sent to it.
const testWebhookBaseURL = "https://voice.example.test"

// protoV6Providers runs the provider in the test process, so the real
// Terraform CLI talks to it without a registry.
var protoV6Providers = map[string]func() (tfprotov6.ProviderServer, error){
	"burki": providerserver.NewProtocol6WithError(New("test")()),
}

// twilioEnv is a fresh fake Twilio account for one test.
type twilioEnv struct {
	t    *testing.T
	fake *twiliofake.Server
}

func newTwilioEnv(t *testing.T) *twilioEnv {
	t.Helper()
	return &twilioEnv{t: t, fake: twiliofake.NewForTest(t, twiliofake.Options{})}
}

// providerConfig returns a provider block pointing at the fake.
func (e *twilioEnv) providerConfig() string {
	return fmt.Sprintf(`
provider "burki" {
  webhook_base_url = %q
  twilio {
    account_sid = %q
    auth_token  = %q
    api_url     = %q
  }
}
`, testWebhookBaseURL, e.fake.AccountSID(), e.fake.AuthToken(), e.fake.URL())
}

// providerConfigWithService adds a default Messaging Service.
func (e *twilioEnv) providerConfigWithService(serviceSID string) string {
	return fmt.Sprintf(`
provider "burki" {
  webhook_base_url = %q
  twilio {
    account_sid           = %q
    auth_token            = %q
    api_url               = %q
    messaging_service_sid = %q
  }
}
`, testWebhookBaseURL, e.fake.AccountSID(), e.fake.AuthToken(), e.fake.URL(), serviceSID)
}

// addNumber seeds a number with webhooks of its own, so restores are visible.
func (e *twilioEnv) addNumber(phone string) twiliofake.Number {
	return e.fake.AddNumber(twiliofake.Number{
		PhoneNumber: phone,
		VoiceURL:    "https://old.example.test/voice",
		VoiceMethod: "GET",
		SMSURL:      "https://old.example.test/sms",
		SMSMethod:   "GET",
	})
}

func (e *twilioEnv) number(phone string) twiliofake.Number {
	e.t.Helper()
	n, ok := e.fake.Number(phone)
	if !ok {
		e.t.Fatalf("the fake has no number %s", phone)
	}
	return n
}

// writes lists the accepted and attempted writes, for tests that assert that
// nothing changed at the carrier.
func (e *twilioEnv) writes() []string {
	var out []string
	for _, r := range e.fake.Writes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// telnyxEnv is a fresh fake Telnyx account for one test, with a connection and
// a messaging profile that two numbers share.
type telnyxEnv struct {
	t             *testing.T
	fake          *telnyxfake.Server
	sharedConn    telnyxfake.Connection
	sharedProfile telnyxfake.MessagingProfile
}

func newTelnyxEnv(t *testing.T) *telnyxEnv {
	t.Helper()
	fake := telnyxfake.NewForTest(t, telnyxfake.Options{})
	env := &telnyxEnv{t: t, fake: fake}
	env.sharedConn = fake.AddConnection(telnyxfake.Connection{Name: "office-sip"})
	env.sharedProfile = fake.AddMessagingProfile(telnyxfake.MessagingProfile{
		Name:                    "shared-sms",
		Enabled:                 true,
		WebhookURL:              "https://crm.example.test/sms",
		WebhookAPIVersion:       "2",
		WhitelistedDestinations: []string{"US"},
	})
	return env
}

// addNumber seeds a number on the shared connection and profile.
func (e *telnyxEnv) addNumber(phone string) telnyxfake.PhoneNumber {
	return e.fake.AddPhoneNumber(telnyxfake.PhoneNumber{
		PhoneNumber:        phone,
		ConnectionID:       e.sharedConn.ID,
		MessagingProfileID: e.sharedProfile.ID,
	})
}

func (e *telnyxEnv) number(phone string) telnyxfake.PhoneNumber {
	e.t.Helper()
	n, ok := e.fake.PhoneNumber(phone)
	if !ok {
		e.t.Fatalf("the fake has no number %s", phone)
	}
	return n
}

func (e *telnyxEnv) providerConfig() string {
	return fmt.Sprintf(`
provider "burki" {
  webhook_base_url = %q
  telnyx {
    api_key = %q
    api_url = %q
  }
}
`, testWebhookBaseURL, e.fake.APIKey(), e.fake.BaseURL())
}

func (e *telnyxEnv) writes() []string {
	var out []string
	for _, r := range e.fake.Writes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// providerConfigBoth configures both carriers.
func providerConfigBoth(tw *twilioEnv, tx *telnyxEnv) string {
	return fmt.Sprintf(`
provider "burki" {
  webhook_base_url = %q
  twilio {
    account_sid = %q
    auth_token  = %q
    api_url     = %q
  }
  telnyx {
    api_key = %q
    api_url = %q
  }
}
`, testWebhookBaseURL, tw.fake.AccountSID(), tw.fake.AuthToken(), tw.fake.URL(), tx.fake.APIKey(), tx.fake.BaseURL())
}
