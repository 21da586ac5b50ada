package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Values that come from another resource are unknown at plan time; the same
// rules apply to them at apply, before anything is written.
func TestAccValidationAtApplyForUnknownValues(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		config string
		want   string
	}{
		{
			name:   "phone number",
			input:  `"+1 555 123 0001"`,
			config: `phone_number = terraform_data.input.output` + "\n  " + `voice_webhook_url = "https://a.example.test/v"`,
			want:   `Invalid phone number`,
		},
		{
			name:   "voice URL",
			input:  `"ftp://a.example.test/v"`,
			config: fmt.Sprintf("phone_number = %q\n  voice_webhook_url = terraform_data.input.output", testPhone),
			want:   `scheme "ftp"`,
		},
		{
			name:   "both flags",
			input:  `true`,
			config: fmt.Sprintf("phone_number = %q\n  enable_sms = terraform_data.input.output\n  disable_sms = terraform_data.input.output", testPhone),
			want:   `Conflicting SMS settings`,
		},
		{
			name:   "nothing to manage",
			input:  `false`,
			config: fmt.Sprintf("phone_number = %q\n  enable_sms = terraform_data.input.output", testPhone),
			want:   `Nothing to manage`,
		},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := newTwilioEnv(t)
			env.addNumber(testPhone)
			config := env.providerConfig() + fmt.Sprintf(`
resource "terraform_data" "input" {
  input = %s
}

resource "burki_phone_number_webhooks" "test" {
  %s
}
`, c.input, c.config)

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Providers,
				Steps: []resource.TestStep{{
					Config:      config,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
			if w := env.writes(); len(w) > 0 {
				t.Errorf("the fake saw writes: %v", w)
			}
		})
	}
}
