package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	telnyxcarrier "github.com/burki/terraform-provider-burki/internal/carrier/telnyx"
	"github.com/burki/terraform-provider-burki/internal/carrier/twilio"
	"github.com/burki/terraform-provider-burki/internal/fakes/telnyxfake"
	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
)

// Load and fault figures: 200 numbers, half at each carrier, applied at
// Terraform's default parallelism of 10 while the fakes add latency and
// fail 20% of requests with 429 and 5% with 500.
const (
	loadNumbersPerCarrier = 100
	loadLatency           = 5 * time.Millisecond
	loadRateLimitRate     = 0.20
	loadServerErrorRate   = 0.05
)

func loadPhone(carrierIndex, i int) string {
	return fmt.Sprintf("+1555%d%06d", 7+carrierIndex, i)
}

func TestAccLoadWithFaults(t *testing.T) {
	if os.Getenv("BURKI_LOAD_TEST") == "" {
		t.Skip("set BURKI_LOAD_TEST=1 to run the load and fault test (make testload); it takes about two minutes")
	}
	start := time.Now()
	tw, tx := newTwilioEnv(t), newTelnyxEnv(t)

	// The provider runs in this process; its retry entries go to this log.
	logPath := filepath.Join(t.TempDir(), "provider.log")
	t.Setenv("TF_LOG", "WARN")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	var config strings.Builder
	config.WriteString(providerConfigBoth(tw, tx))
	for i := range loadNumbersPerCarrier {
		tw.addNumber(loadPhone(0, i))
		tx.addNumber(loadPhone(1, i))
		flag := "enable_sms = true"
		if i%2 == 1 {
			flag = "disable_sms = true"
		}
		fmt.Fprintf(&config, `
resource "burki_phone_number_webhooks" "twilio_%[1]d" {
  phone_number       = %[2]q
  telephony_provider = "twilio"
  voice_webhook_url  = "https://voice.example.test/twilio/%[1]d"
  %[4]s
}

resource "burki_phone_number_webhooks" "telnyx_%[1]d" {
  phone_number       = %[3]q
  telephony_provider = "telnyx"
  voice_webhook_url  = "https://voice.example.test/telnyx/%[1]d"
  %[4]s
}
`, i, loadPhone(0, i), loadPhone(1, i), flag)
	}

	tw.fake.SetLatency(loadLatency)
	tx.fake.SetLatency(loadLatency)
	tw.fake.SetFaults(twiliofake.Faults{RateLimitRate: loadRateLimitRate, ServerErrorRate: loadServerErrorRate, RetryAfter: time.Second, Seed: 1})
	tx.fake.SetFaults(telnyxfake.Faults{RateLimitRate: loadRateLimitRate, ServerErrorRate: loadServerErrorRate, Seed: 2})

	checkDeclared := func(*terraform.State) error {
		var problems []string
		for i := range loadNumbersPerCarrier {
			wantSMS := carrierSMS{twilio: enabledSMSURL, telnyx: telnyxEnabledSMSURL}
			if i%2 == 1 {
				wantSMS = carrierSMS{twilio: twilio.DisabledSMSURL, telnyx: ""}
			}

			n := tw.number(loadPhone(0, i))
			if n.VoiceURL != fmt.Sprintf("https://voice.example.test/twilio/%d", i) || n.VoiceMethod != "POST" || n.SMSURL != wantSMS.twilio {
				problems = append(problems, fmt.Sprintf("Twilio %s holds %s %s, SMS %s", n.PhoneNumber, n.VoiceMethod, n.VoiceURL, n.SMSURL))
			}

			phone := loadPhone(1, i)
			m := tx.number(phone)
			app, _ := tx.appNamed(telnyxcarrier.ApplicationName(phone))
			profile, _ := tx.profileNamed(telnyxcarrier.ProfileName(phone))
			if m.ConnectionID != app.ID || app.WebhookEventURL != fmt.Sprintf("https://voice.example.test/telnyx/%d", i) {
				problems = append(problems, fmt.Sprintf("Telnyx %s on connection %q, application %q with %q", phone, m.ConnectionID, app.ID, app.WebhookEventURL))
			}
			if m.MessagingProfileID != profile.ID || profile.WebhookURL != wantSMS.telnyx {
				problems = append(problems, fmt.Sprintf("Telnyx %s on profile %q, profile %q with %q", phone, m.MessagingProfileID, profile.ID, profile.WebhookURL))
			}
		}
		if apps := len(tx.fake.CallControlApplications()); apps != loadNumbersPerCarrier {
			problems = append(problems, fmt.Sprintf("%d Call Control applications, want exactly %d", apps, loadNumbersPerCarrier))
		}
		if profiles := len(tx.fake.MessagingProfiles()); profiles != loadNumbersPerCarrier+1 {
			problems = append(problems, fmt.Sprintf("%d messaging profiles, want exactly %d", profiles, loadNumbersPerCarrier+1))
		}
		return problemsError(problems)
	}

	checkRestored := func(s *terraform.State) error {
		var problems []string
		for i := range loadNumbersPerCarrier {
			if err := tw.checkOriginalsRestored(loadPhone(0, i))(s); err != nil {
				problems = append(problems, fmt.Sprintf("Twilio %s: %v", loadPhone(0, i), err))
			}
			if err := tx.checkRestored(loadPhone(1, i))(s); err != nil {
				problems = append(problems, fmt.Sprintf("Telnyx %s: %v", loadPhone(1, i), err))
			}
		}
		if err := tx.checkSharedUnchanged()(s); err != nil {
			problems = append(problems, err.Error())
		}
		return problemsError(problems)
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy:             checkRestored,
		Steps: []resource.TestStep{{
			Config: config.String(),
			Check:  checkDeclared,
		}},
	})

	twilio429, twilio500 := tw.fake.InjectedFailures()
	telnyx429, telnyx500 := tx.fake.InjectedFailures()
	logged, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("reading the provider log: %v", err)
	}
	retries := strings.Count(string(logged), "Retrying carrier request")
	t.Logf("load test: %d numbers; requests Twilio %d, Telnyx %d; injected 429/500: Twilio %d/%d, Telnyx %d/%d; retries logged %d; took %s",
		2*loadNumbersPerCarrier, len(tw.fake.Requests()), len(tx.fake.Requests()),
		twilio429, twilio500, telnyx429, telnyx500, retries, time.Since(start).Round(time.Second))
	if retries == 0 {
		t.Errorf("no retry was logged through tflog")
	}
	if twilio429+twilio500 == 0 || telnyx429+telnyx500 == 0 {
		t.Errorf("no faults were injected; the test proves nothing")
	}
}

type carrierSMS struct{ twilio, telnyx string }

func problemsError(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	if len(problems) > 10 {
		problems = append(problems[:10], fmt.Sprintf("and %d more", len(problems)-10))
	}
	return fmt.Errorf("%s", strings.Join(problems, "\n"))
}
