// Package sandbox seeds fake carrier accounts with numbers that show what the
// provider does: numbers with webhooks of their own, one in a Messaging
// Service, one whose voice is routed by a TwiML application.
package sandbox

import (
	"github.com/burki/terraform-provider-burki/internal/fakes/telnyxfake"
	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
)

// Fixed sandbox credentials. They only open the local fake, so they are
// printed freely; twilio-go accepts alphanumeric credentials only.
const (
	TwilioAccountSID          = "AC5a4db000000000000000000000000001"
	TwilioAuthToken           = "sandboxauthtoken0000000000000001"
	TwilioMessagingServiceSID = "MG5a4db000000000000000000000000001"
	WebhookBaseURL            = "https://voice.example.com"
)

// TwilioNumbers are the seeded Twilio numbers, as they are before any apply.
var TwilioNumbers = []twiliofake.Number{
	{
		PhoneNumber:  "+15550100001",
		FriendlyName: "Support line (legacy IVR)",
		VoiceURL:     "https://legacy-ivr.example.com/voice",
		VoiceMethod:  "GET",
		SMSURL:       "https://legacy-ivr.example.com/sms",
		SMSMethod:    "POST",
	},
	{
		PhoneNumber:  "+15550100002",
		FriendlyName: "Sales line (in the Messaging Service)",
		VoiceURL:     "https://crm.example.com/calls",
		VoiceMethod:  "POST",
		SMSURL:       "https://crm.example.com/sms",
		SMSMethod:    "POST",
	},
	{
		PhoneNumber:         "+15550100003",
		FriendlyName:        "Front desk (TwiML application)",
		VoiceApplicationSID: "AP5a4db000000000000000000000000001",
		SMSURL:              "https://demo.twilio.com/welcome/sms/reply",
		SMSMethod:           "POST",
	},
	{
		PhoneNumber:  "+15550100004",
		FriendlyName: "Spare number",
	},
}

// SeedTwilio fills a fake Twilio account with the sandbox numbers and service.
func SeedTwilio(fake *twiliofake.Server) {
	svc := fake.AddService(twiliofake.Service{
		SID:                       TwilioMessagingServiceSID,
		FriendlyName:              "Burki sandbox",
		UseInboundWebhookOnNumber: true,
	})
	for i, n := range TwilioNumbers {
		added := fake.AddNumber(n)
		if i == 1 {
			fake.AddToService(svc.SID, added.SID)
		}
	}
}

// TelnyxAPIKey opens the local fake Telnyx account only.
const TelnyxAPIKey = "KEYsandbox0000000000000000000001"

// Telnyx seeds: two numbers share one SIP connection and one messaging
// profile, as numbers bought in bulk often do.
var (
	TelnyxSharedConnectionName = "office-sip-trunk"
	TelnyxSharedProfileName    = "team-shared-sms"
	TelnyxNumbers              = []string{"+15550200001", "+15550200002"}
)

// SeedTelnyx fills a fake Telnyx account with the sandbox numbers.
func SeedTelnyx(fake *telnyxfake.Server) {
	conn := fake.AddConnection(telnyxfake.Connection{Name: TelnyxSharedConnectionName})
	profile := fake.AddMessagingProfile(telnyxfake.MessagingProfile{
		Name:                    TelnyxSharedProfileName,
		Enabled:                 true,
		WebhookURL:              "https://crm.example.com/telnyx-sms",
		WebhookAPIVersion:       "2",
		WhitelistedDestinations: []string{"US", "CA"},
	})
	for _, phone := range TelnyxNumbers {
		fake.AddPhoneNumber(telnyxfake.PhoneNumber{
			PhoneNumber:        phone,
			ConnectionID:       conn.ID,
			MessagingProfileID: profile.ID,
		})
	}
}
