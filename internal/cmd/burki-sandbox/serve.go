package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
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
	providerDir := flags.String("provider-dir", "", "folder holding a built terraform-provider-burki; when set, the environment also points Terraform at it through dev_overrides")
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

	if *providerDir != "" {
		lines, err := devOverrides(*providerDir)
		if err != nil {
			return err
		}
		env += lines
	}

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

// devOverrides writes a Terraform CLI configuration that loads the provider
// from dir instead of the registry, and returns the line that selects it.
// With it, `terraform init` is neither needed nor wanted: it would ask the
// registry for burki/burki.
func devOverrides(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(abs, "terraform-provider-burki")); err != nil {
		return "", fmt.Errorf("no provider binary in %s: run `make build` first", abs)
	}

	rc := filepath.Join(os.TempDir(), fmt.Sprintf("burki-sandbox-%d.terraformrc", os.Getpid()))
	config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"burki/burki\" = %q\n  }\n  direct {}\n}\n", abs)
	if err := os.WriteFile(rc, []byte(config), 0o600); err != nil {
		return "", err
	}
	return "export TF_CLI_CONFIG_FILE=" + rc + "\nexport CHECKPOINT_DISABLE=1\n", nil
}
