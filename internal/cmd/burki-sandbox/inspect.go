package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"

	twclient "github.com/twilio/twilio-go/client"
	api "github.com/twilio/twilio-go/rest/api/v2010"
	messaging "github.com/twilio/twilio-go/rest/messaging/v1"

	"github.com/burki/terraform-provider-burki/internal/carrier"
	"github.com/burki/terraform-provider-burki/internal/httpclient"
	"github.com/burki/terraform-provider-burki/internal/sandbox"
)

// twilioClients reaches the fake Twilio account named by the environment that
// serve printed.
func twilioClients() (*api.ApiService, *messaging.ApiService, error) {
	raw := os.Getenv("TWILIO_API_URL")
	origin, err := url.Parse(raw)
	if raw == "" || err != nil {
		return nil, nil, errors.New("TWILIO_API_URL is not set: run `eval \"$(burki-sandbox serve)\"` in another shell first, or source its env file")
	}
	base := &twclient.Client{
		Credentials: twclient.NewCredentials(os.Getenv("TWILIO_ACCOUNT_SID"), os.Getenv("TWILIO_AUTH_TOKEN")),
		HTTPClient:  httpclient.Client(context.Background(), httpclient.New(httpclient.Options{Origin: origin, Carrier: carrier.Twilio})),
	}
	base.SetAccountSid(os.Getenv("TWILIO_ACCOUNT_SID"))
	handler := twclient.NewRequestHandler(base)
	return api.NewApiService(handler), messaging.NewApiService(handler), nil
}

func findTwilioNumber(numbers *api.ApiService, phone string) (*api.ApiV2010IncomingPhoneNumber, error) {
	found, err := numbers.ListIncomingPhoneNumber((&api.ListIncomingPhoneNumberParams{}).SetPhoneNumber(phone))
	if err != nil {
		return nil, err
	}
	for i := range found {
		if str(found[i].PhoneNumber) == phone {
			return &found[i], nil
		}
	}
	return nil, fmt.Errorf("%s is not in the sandbox's Twilio account", phone)
}

func show() error {
	numbers, services, err := twilioClients()
	if err != nil {
		return err
	}
	pool, err := services.ListPhoneNumber(sandbox.TwilioMessagingServiceSID, nil)
	if err != nil {
		return fmt.Errorf("listing the Messaging Service's numbers: %w", err)
	}
	inService := map[string]bool{}
	for _, p := range pool {
		inService[str(p.Sid)] = true
	}

	w := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "CARRIER\tNUMBER\tVOICE\tSMS\tNOTES")
	for _, seed := range sandbox.TwilioNumbers {
		n, err := findTwilioNumber(numbers, seed.PhoneNumber)
		if err != nil {
			fmt.Fprintf(w, "twilio\t%s\t(gone)\t\t\n", seed.PhoneNumber)
			continue
		}
		var notes []string
		if inService[str(n.Sid)] {
			notes = append(notes, "in Messaging Service")
		}
		if sid := str(n.VoiceApplicationSid); sid != "" {
			notes = append(notes, "VoiceApplicationSid "+sid)
		}
		fmt.Fprintf(w, "twilio\t%s\t%s\t%s\t%s\n", seed.PhoneNumber,
			methodURL(n.VoiceMethod, n.VoiceUrl), methodURL(n.SmsMethod, n.SmsUrl), strings.Join(notes, ", "))
	}
	if err := showTelnyx(context.Background(), w); err != nil {
		return err
	}
	return w.Flush()
}

func setVoiceURL(phone, voiceURL string) error {
	numbers, _, err := twilioClients()
	if err != nil {
		return err
	}
	n, err := findTwilioNumber(numbers, phone)
	if err != nil {
		return fmt.Errorf("%w; set-voice-url changes the sandbox's Twilio numbers only", err)
	}
	_, err = numbers.UpdateIncomingPhoneNumber(str(n.Sid), (&api.UpdateIncomingPhoneNumberParams{}).SetVoiceUrl(voiceURL))
	return err
}

func checkRestored() error {
	numbers, services, err := twilioClients()
	if err != nil {
		return err
	}
	var problems []string
	for i, seed := range sandbox.TwilioNumbers {
		n, err := findTwilioNumber(numbers, seed.PhoneNumber)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if got, want := methodURL(n.VoiceMethod, n.VoiceUrl), methodURL(&seed.VoiceMethod, &seed.VoiceURL); got != want {
			problems = append(problems, fmt.Sprintf("%s voice is %s, seeded %s", seed.PhoneNumber, got, want))
		}
		if got, want := methodURL(n.SmsMethod, n.SmsUrl), methodURL(&seed.SMSMethod, &seed.SMSURL); got != want {
			problems = append(problems, fmt.Sprintf("%s SMS is %s, seeded %s", seed.PhoneNumber, got, want))
		}
		_, err = services.FetchPhoneNumber(sandbox.TwilioMessagingServiceSID, str(n.Sid))
		inService := err == nil
		if wantIn := i == 1; inService != wantIn {
			problems = append(problems, fmt.Sprintf("%s Messaging Service membership is %v, seeded %v", seed.PhoneNumber, inService, wantIn))
		}
	}
	telnyxProblems, err := checkTelnyxRestored(context.Background())
	if err != nil {
		return err
	}
	problems = append(problems, telnyxProblems...)
	if len(problems) > 0 {
		return errors.New("not restored:\n  " + strings.Join(problems, "\n  "))
	}
	fmt.Println("Every sandbox number holds its original webhooks again, and the shared Telnyx messaging profile is unchanged.")
	return nil
}

func methodURL(method, u *string) string {
	if str(u) == "" {
		return "-"
	}
	m := str(method)
	if m == "" {
		m = "POST"
	}
	return m + " " + str(u)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
