package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/burki/terraform-provider-burki/internal/fakes/telnyxfake"
	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
)

// cliRun runs the pinned Terraform CLI against a provider binary built from
// this module, the way users run it, and keeps everything it printed or logged.
type cliRun struct {
	t      *testing.T
	dir    string
	env    []string
	output bytes.Buffer
}

func newCLIRun(t *testing.T) *cliRun {
	t.Helper()
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || terraform == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run tests with the Terraform CLI")
	}

	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-burki"), "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}

	dir := t.TempDir()
	rc := filepath.Join(dir, "terraformrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"burki/burki\" = %q\n  }\n  direct {}\n}\n", bin)
	if err := os.WriteFile(rc, []byte(overrides), 0o600); err != nil {
		t.Fatal(err)
	}
	return &cliRun{t: t, dir: dir, env: []string{
		"TF_CLI_CONFIG_FILE=" + rc,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"TF_LOG=TRACE",
		"TF_LOG_PATH=" + filepath.Join(dir, "terraform.log"),
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
	}}
}

func (r *cliRun) terraform(env []string, args ...string) {
	r.t.Helper()
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), append(args, "-no-color")...)
	cmd.Dir = r.dir
	cmd.Env = append(append([]string{}, r.env...), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	r.output.Write(out.Bytes())
	if err != nil {
		r.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
}

func (r *cliRun) writeConfig(voiceURL string) {
	r.t.Helper()
	config := fmt.Sprintf(`
terraform {
  required_providers {
    burki = { source = "burki/burki" }
  }
}

variable "twilio_auth_token" {
  type      = string
  sensitive = true
}

provider "burki" {
  twilio {
    auth_token = var.twilio_auth_token
  }
}

resource "burki_phone_number_webhooks" "twilio" {
  phone_number      = "+15551230001"
  voice_webhook_url = %[1]q
  enable_sms        = true
}

resource "burki_phone_number_webhooks" "telnyx" {
  phone_number      = "+15551230002"
  voice_webhook_url = %[1]q
  disable_sms       = true
}
`, voiceURL)
	if err := os.WriteFile(filepath.Join(r.dir, "main.tf"), []byte(config), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// Credentials reach the provider through a sensitive variable and through
// the environment. Whatever Terraform and the provider print or log at TRACE
// level through create, refresh, update, import and destroy, and whatever
// they store, must not contain them.
func TestAccSecretsNeverLeak(t *testing.T) {
	run := newCLIRun(t)

	twilio := twiliofake.NewForTest(t, twiliofake.Options{})
	twilio.AddNumber(twiliofake.Number{PhoneNumber: "+15551230001"})
	telnyx := telnyxfake.NewForTest(t, telnyxfake.Options{APIKey: "KEYtelnyxsecret0000000000000000001"})
	telnyx.AddPhoneNumber(telnyxfake.PhoneNumber{PhoneNumber: "+15551230002"})
	secrets := map[string]string{"Twilio auth token": twilio.AuthToken(), "Telnyx API key": telnyx.APIKey()}

	env := []string{
		"BURKI_WEBHOOK_BASE_URL=" + testWebhookBaseURL,
		"TWILIO_ACCOUNT_SID=" + twilio.AccountSID(),
		"TWILIO_API_URL=" + twilio.URL(),
		"TF_VAR_twilio_auth_token=" + twilio.AuthToken(),
		"TELNYX_API_KEY=" + telnyx.APIKey(),
		"TELNYX_BASE_URL=" + telnyx.BaseURL(),
	}

	run.writeConfig("https://voice.example.test/v1")
	run.terraform(env, "apply", "-auto-approve", "-input=false")
	run.terraform(env, "plan", "-refresh-only", "-input=false")
	run.writeConfig("https://voice.example.test/v2")
	run.terraform(env, "apply", "-auto-approve", "-input=false")
	run.terraform(env, "state", "rm", "burki_phone_number_webhooks.twilio", "burki_phone_number_webhooks.telnyx")
	run.terraform(env, "import", "-input=false", "burki_phone_number_webhooks.twilio", "twilio/+15551230001")
	run.terraform(env, "import", "-input=false", "burki_phone_number_webhooks.telnyx", "+15551230002")
	run.terraform(env, "destroy", "-auto-approve", "-input=false")

	// A failing request whose error body the provider turns into a diagnostic.
	twilio.FailNext(nil, 400, 1)
	run.writeConfig("https://voice.example.test/v3")
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "apply", "-auto-approve", "-input=false", "-no-color")
	cmd.Dir, cmd.Env = run.dir, append(append([]string{}, run.env...), env...)
	failed, _ := cmd.CombinedOutput()
	run.output.Write(failed)

	logged, err := os.ReadFile(filepath.Join(run.dir, "terraform.log"))
	if err != nil {
		t.Fatal(err)
	}
	state, _ := os.ReadFile(filepath.Join(run.dir, "terraform.tfstate"))
	backup, _ := os.ReadFile(filepath.Join(run.dir, "terraform.tfstate.backup"))
	if len(logged) < 10000 {
		t.Fatalf("the TRACE log has only %d bytes; logging did not work", len(logged))
	}
	if !bytes.Contains(logged, []byte("Carrier request")) {
		t.Fatalf("the TRACE log has no provider entries")
	}

	for name, secret := range secrets {
		for where, text := range map[string][]byte{"output": run.output.Bytes(), "TRACE log": logged, "state": state, "state backup": backup} {
			if bytes.Contains(text, []byte(secret)) {
				i := bytes.Index(text, []byte(secret))
				t.Errorf("the %s contains the %s near: %q", where, name, text[max(0, i-200):i])
			}
		}
	}
}

// The provider schema marks every credential sensitive, so Terraform never
// shows it in plans or stores it unmasked.
func TestProviderSchemaMarksCredentialsSensitive(t *testing.T) {
	run := newCLIRun(t)
	run.writeConfig("https://voice.example.test/v1")
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "providers", "schema", "-json")
	cmd.Dir, cmd.Env = run.dir, run.env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("terraform providers schema: %v", err)
	}

	var schemas struct {
		ProviderSchemas map[string]struct {
			Provider struct {
				Block struct {
					BlockTypes map[string]struct {
						Block struct {
							Attributes map[string]struct {
								Sensitive bool `json:"sensitive"`
							} `json:"attributes"`
						} `json:"block"`
					} `json:"block_types"`
				} `json:"block"`
			} `json:"provider"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(out, &schemas); err != nil {
		t.Fatal(err)
	}
	// Terraform names the provider registry.terraform.io/burki/burki,
	// OpenTofu registry.opentofu.org/burki/burki.
	var found []string
	for addr := range schemas.ProviderSchemas {
		if strings.HasSuffix(addr, "/burki/burki") {
			found = append(found, addr)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one schema for burki/burki, found %v in %s", found, out)
	}
	schema := schemas.ProviderSchemas[found[0]]
	for _, attr := range []struct{ block, name string }{{"twilio", "auth_token"}, {"twilio", "api_secret"}, {"telnyx", "api_key"}} {
		if !schema.Provider.Block.BlockTypes[attr.block].Block.Attributes[attr.name].Sensitive {
			t.Errorf("%s.%s is not marked sensitive", attr.block, attr.name)
		}
	}
}

func TestRedactDiagnostics(t *testing.T) {
	data := &providerData{}
	data.addSecret("s3cr3ttoken")
	data.addSecret("ab")

	var diags diag.Diagnostics
	diags.AddAttributeError(path.Root("phone_number"), "failed with s3cr3ttoken", "body: {\"token\":\"s3cr3ttoken\"} ab")
	diags.AddWarning("plain", "nothing to hide")

	got := data.redactDiagnostics(diags)
	if len(got) != 2 {
		t.Fatalf("got %d diagnostics, want 2", len(got))
	}
	if strings.Contains(got[0].Summary()+got[0].Detail(), "s3cr3ttoken") {
		t.Errorf("the secret survived: %q / %q", got[0].Summary(), got[0].Detail())
	}
	if !strings.HasSuffix(got[0].Detail(), " ab") {
		t.Errorf("a two-character value was masked: %q", got[0].Detail())
	}
	if _, ok := got[0].(diag.DiagnosticWithPath); !ok {
		t.Errorf("the attribute path was lost")
	}
	if got[1].Severity() != diag.SeverityWarning || got[1].Detail() != "nothing to hide" {
		t.Errorf("the warning changed: %v", got[1])
	}
}
