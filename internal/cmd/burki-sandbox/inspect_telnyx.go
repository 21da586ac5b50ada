package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/burki/terraform-provider-burki/internal/sandbox"
	"github.com/burki/terraform-provider-burki/internal/telnyx"
)

func telnyxClient() (*telnyx.Client, error) {
	base := os.Getenv("TELNYX_BASE_URL")
	if base == "" || os.Getenv("TELNYX_API_KEY") == "" {
		return nil, errors.New("TELNYX_BASE_URL and TELNYX_API_KEY are not set: source the environment that `burki-sandbox serve` printed")
	}
	return telnyx.New(telnyx.Config{APIKey: os.Getenv("TELNYX_API_KEY"), BaseURL: base}), nil
}

// showTelnyx writes one row a sandbox number: where its voice and SMS
// webhooks really go, through the objects it points at.
func showTelnyx(ctx context.Context, w io.Writer) error {
	client, err := telnyxClient()
	if err != nil {
		return err
	}
	for _, phone := range sandbox.TelnyxNumbers {
		n, err := client.FindPhoneNumber(ctx, phone)
		if err != nil {
			fmt.Fprintf(w, "telnyx\t%s\t(gone)\t\t\n", phone)
			continue
		}

		voice := "connection " + n.ConnectionName
		if app, err := client.GetCallControlApplication(ctx, n.ConnectionID); err == nil {
			voice = "POST " + app.WebhookEventURL
		}
		sms := "-"
		if profile, err := client.GetMessagingProfile(ctx, n.MessagingProfileID); err == nil {
			sms = "POST " + profile.WebhookURL
			if profile.WebhookURL == "" {
				sms = "(no webhook)"
			}
		}
		notes := fmt.Sprintf("connection %s, messaging profile %s", n.ConnectionName, n.MessagingProfileName)
		fmt.Fprintf(w, "telnyx\t%s\t%s\t%s\t%s\n", phone, voice, sms, notes)
	}
	return nil
}

// checkTelnyxRestored reports numbers not back on the shared objects, and
// objects with the platform's names that destroy should have deleted.
func checkTelnyxRestored(ctx context.Context) ([]string, error) {
	client, err := telnyxClient()
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, phone := range sandbox.TelnyxNumbers {
		n, err := client.FindPhoneNumber(ctx, phone)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if n.ConnectionName != sandbox.TelnyxSharedConnectionName || n.MessagingProfileName != sandbox.TelnyxSharedProfileName {
			problems = append(problems, fmt.Sprintf("%s is on connection %q and messaging profile %q, seeded %q and %q",
				phone, n.ConnectionName, n.MessagingProfileName, sandbox.TelnyxSharedConnectionName, sandbox.TelnyxSharedProfileName))
		}
		digits := strings.TrimPrefix(phone, "+")
		if _, err := client.FindCallControlApplicationByName(ctx, "Burki-"+digits); err == nil {
			problems = append(problems, "the Call Control application Burki-"+digits+" is still there")
		}
		if _, err := client.FindMessagingProfileByName(ctx, "Burki-SMS-"+digits); err == nil {
			problems = append(problems, "the messaging profile Burki-SMS-"+digits+" is still there")
		}
	}
	profile, err := client.FindMessagingProfileByName(ctx, sandbox.TelnyxSharedProfileName)
	if err != nil {
		return nil, err
	}
	if profile.WebhookURL != "https://crm.example.com/telnyx-sms" {
		problems = append(problems, "the shared messaging profile's webhook changed to "+profile.WebhookURL)
	}
	return problems, nil
}
