package main

import (
	"fmt"
	"time"

	"github.com/burki/terraform-provider-burki/internal/fakes/telnyxfake"
	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
	"github.com/burki/terraform-provider-burki/internal/sandbox"
)

// seededNumber is one phone number of the benchmark and the carrier that
// holds it.
type seededNumber struct {
	Carrier     string // "twilio" or "telnyx"
	PhoneNumber string
}

// carriers is one pair of fake accounts, seeded for one size.
type carriers struct {
	twilio *twiliofake.Server
	telnyx *telnyxfake.Server

	numbers []seededNumber

	// twilioOriginal is each Twilio number as seeded, by SID, for the check
	// after destroy.
	twilioOriginal   map[string]twiliofake.Number
	sharedConnection string
	sharedProfile    string
}

// startCarriers starts both fakes on 127.0.0.1 and seeds n numbers: the first
// n/2 at Twilio, the rest at Telnyx. Every second Twilio number starts with
// voice and SMS webhooks of its own, and every Telnyx number shares one SIP
// connection and one messaging profile, as numbers bought in bulk do.
func startCarriers(n int, latency time.Duration) (*carriers, error) {
	twilio, err := twiliofake.New(twiliofake.Options{
		AccountSID: sandbox.TwilioAccountSID,
		AuthToken:  sandbox.TwilioAuthToken,
		Addr:       "127.0.0.1:0",
	})
	if err != nil {
		return nil, fmt.Errorf("starting the fake Twilio API: %w", err)
	}
	telnyx, err := telnyxfake.New(telnyxfake.Options{APIKey: sandbox.TelnyxAPIKey, Addr: "127.0.0.1:0"})
	if err != nil {
		twilio.Close()
		return nil, fmt.Errorf("starting the fake Telnyx API: %w", err)
	}

	c := &carriers{twilio: twilio, telnyx: telnyx, twilioOriginal: map[string]twiliofake.Number{}}
	c.seedTwilio(n / 2)
	c.seedTelnyx(n - n/2)

	// Seeding goes through the fakes' Go API, so only Terraform's requests
	// wait out the latency.
	twilio.SetLatency(latency)
	telnyx.SetLatency(latency)
	return c, nil
}

func (c *carriers) close() {
	c.twilio.Close()
	c.telnyx.Close()
}

// Numbers of the same length never contain one another, which matters
// because both fakes filter lists by partial match.
func twilioPhoneNumber(i int) string { return fmt.Sprintf("+15551%06d", i+1) }
func telnyxPhoneNumber(i int) string { return fmt.Sprintf("+15552%06d", i+1) }

func (c *carriers) seedTwilio(count int) {
	for i := range count {
		number := twiliofake.Number{PhoneNumber: twilioPhoneNumber(i)}
		if i%2 == 0 {
			number.VoiceURL = fmt.Sprintf("https://legacy-ivr.example.com/voice/%d", i+1)
			number.VoiceMethod = "GET"
			number.SMSURL = fmt.Sprintf("https://legacy-ivr.example.com/sms/%d", i+1)
			number.SMSMethod = "POST"
		}
		added := c.twilio.AddNumber(number)
		c.twilioOriginal[added.SID] = added
		c.numbers = append(c.numbers, seededNumber{Carrier: "twilio", PhoneNumber: added.PhoneNumber})
	}
}

func (c *carriers) seedTelnyx(count int) {
	connection := c.telnyx.AddConnection(telnyxfake.Connection{Name: "office-sip-trunk"})
	profile := c.telnyx.AddMessagingProfile(telnyxfake.MessagingProfile{
		Name:                    "team-shared-sms",
		Enabled:                 true,
		WebhookURL:              "https://crm.example.com/telnyx-sms",
		WebhookAPIVersion:       "2",
		WhitelistedDestinations: []string{"US", "CA"},
	})
	c.sharedConnection, c.sharedProfile = connection.ID, profile.ID

	for i := range count {
		added := c.telnyx.AddPhoneNumber(telnyxfake.PhoneNumber{
			PhoneNumber:        telnyxPhoneNumber(i),
			ConnectionID:       connection.ID,
			MessagingProfileID: profile.ID,
		})
		c.numbers = append(c.numbers, seededNumber{Carrier: "telnyx", PhoneNumber: added.PhoneNumber})
	}
}

// environment returns the provider's configuration, as burki-sandbox serve
// prints it, without a Messaging Service: enable_sms on Twilio then writes
// SmsUrl only.
func (c *carriers) environment() []string {
	return []string{
		"BURKI_WEBHOOK_BASE_URL=" + sandbox.WebhookBaseURL,
		"TWILIO_ACCOUNT_SID=" + sandbox.TwilioAccountSID,
		"TWILIO_AUTH_TOKEN=" + sandbox.TwilioAuthToken,
		"TWILIO_API_URL=" + c.twilio.URL(),
		"TELNYX_API_KEY=" + sandbox.TelnyxAPIKey,
		"TELNYX_BASE_URL=" + c.telnyx.BaseURL(),
	}
}

func (c *carriers) countNumbers(carrierName string) int {
	count := 0
	for _, number := range c.numbers {
		if number.Carrier == carrierName {
			count++
		}
	}
	return count
}

func (c *carriers) resetRequests() {
	c.twilio.ResetRequests()
	c.telnyx.ResetRequests()
}

// loggedRequests returns each fake's request log in a common form.
func (c *carriers) loggedRequests() map[string][]loggedRequest {
	logs := map[string][]loggedRequest{}
	for _, r := range c.twilio.Requests() {
		logs["twilio"] = append(logs["twilio"], loggedRequest{Method: r.Method, Path: r.Path, Status: r.Status})
	}
	for _, r := range c.telnyx.Requests() {
		logs["telnyx"] = append(logs["telnyx"], loggedRequest{Method: r.Method, Path: r.Path, Status: r.Status})
	}
	return logs
}

// checkRestored lists what destroy left different from the seed: Twilio
// webhooks, Telnyx numbers off their shared objects, and leftover Call
// Control applications or messaging profiles.
func (c *carriers) checkRestored() []string {
	var problems []string
	for _, now := range c.twilio.Numbers() {
		was, ok := c.twilioOriginal[now.SID]
		if !ok {
			continue
		}
		if now.VoiceURL != was.VoiceURL || now.VoiceMethod != was.VoiceMethod ||
			now.SMSURL != was.SMSURL || now.SMSMethod != was.SMSMethod {
			problems = append(problems, fmt.Sprintf("Twilio %s holds voice %s %q and SMS %s %q after destroy, seeded voice %s %q and SMS %s %q",
				now.PhoneNumber, now.VoiceMethod, now.VoiceURL, now.SMSMethod, now.SMSURL,
				was.VoiceMethod, was.VoiceURL, was.SMSMethod, was.SMSURL))
		}
	}
	for _, number := range c.telnyx.PhoneNumbers() {
		if number.ConnectionID != c.sharedConnection || number.MessagingProfileID != c.sharedProfile {
			problems = append(problems, fmt.Sprintf("Telnyx %s is on connection %s and messaging profile %s after destroy, seeded %s and %s",
				number.PhoneNumber, number.ConnectionID, number.MessagingProfileID, c.sharedConnection, c.sharedProfile))
		}
	}
	if apps := c.telnyx.CallControlApplications(); len(apps) > 0 {
		problems = append(problems, fmt.Sprintf("%d Call Control applications are left after destroy", len(apps)))
	}
	if profiles := c.telnyx.MessagingProfiles(); len(profiles) != 1 {
		problems = append(problems, fmt.Sprintf("%d messaging profiles exist after destroy, expected only the shared one", len(profiles)))
	}

	// Five lines show the pattern, and the count covers the rest.
	const maxListed = 5
	if len(problems) > maxListed {
		problems = append(problems[:maxListed], fmt.Sprintf("and %d more", len(problems)-maxListed))
	}
	return problems
}
