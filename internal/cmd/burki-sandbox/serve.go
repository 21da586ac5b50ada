package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/burki/terraform-provider-burki/internal/fakes/telnyxfake"
	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
	"github.com/burki/terraform-provider-burki/internal/sandbox"
)

func serve(args []string) error {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:0", "loopback address of the fake Twilio API")
	telnyxAddr := flags.String("telnyx-addr", "127.0.0.1:0", "loopback address of the fake Telnyx API")
	envFile := flags.String("env-file", "", "also write the environment to this file")
	if err := flags.Parse(args); err != nil {
		return err
	}

	twilioFake, err := twiliofake.New(twiliofake.Options{
		AccountSID: sandbox.TwilioAccountSID,
		AuthToken:  sandbox.TwilioAuthToken,
		Addr:       *addr,
		OpenAPIDir: os.Getenv("TWILIO_OPENAPI_DIR"),
	})
	if err != nil {
		return fmt.Errorf("starting the fake Twilio API: %w", err)
	}
	defer twilioFake.Close()
	sandbox.SeedTwilio(twilioFake)

	telnyxFake, err := telnyxfake.New(telnyxfake.Options{APIKey: sandbox.TelnyxAPIKey, Addr: *telnyxAddr})
	if err != nil {
		return fmt.Errorf("starting the fake Telnyx API: %w", err)
	}
	defer telnyxFake.Close()
	sandbox.SeedTelnyx(telnyxFake)

	env := strings.Join([]string{
		"export BURKI_WEBHOOK_BASE_URL=" + sandbox.WebhookBaseURL,
		"export TWILIO_ACCOUNT_SID=" + sandbox.TwilioAccountSID,
		"export TWILIO_AUTH_TOKEN=" + sandbox.TwilioAuthToken,
		"export TWILIO_MESSAGING_SERVICE_SID=" + sandbox.TwilioMessagingServiceSID,
		"export TWILIO_API_URL=" + twilioFake.URL(),
		"export TELNYX_API_KEY=" + sandbox.TelnyxAPIKey,
		"export TELNYX_BASE_URL=" + telnyxFake.BaseURL(),
	}, "\n") + "\n"

	if *envFile != "" {
		if err := os.WriteFile(*envFile+".tmp", []byte(env), 0o600); err != nil {
			return err
		}
		if err := os.Rename(*envFile+".tmp", *envFile); err != nil {
			return err
		}
	}
	fmt.Print("# Sandbox running. Point the provider at it with:\n" + env)
	fmt.Fprintln(os.Stderr, "# Press Ctrl-C to stop.")

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return nil
}
