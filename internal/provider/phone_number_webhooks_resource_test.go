package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/burki/terraform-provider-burki/internal/carrier/twilio"
	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
)

const (
	testAddr    = "burki_phone_number_webhooks.test"
	testPhone   = "+15551230001"
	testVoice   = "https://voice.example.test/voice"
	testVoice2  = "https://voice.example.test/voice-v2"
	testService = "MG00000000000000000000000000000001"
)

var enabledSMSURL = testWebhookBaseURL + twilio.EnabledSMSPath

// resourceConfig renders the resource with the given attribute lines.
func resourceConfig(lines ...string) string {
	return fmt.Sprintf(`
resource "burki_phone_number_webhooks" "test" {
  phone_number = %q
  %s
}
`, testPhone, strings.Join(lines, "\n  "))
}

// checkOriginalsRestored fails unless the number holds its seeded webhooks.
func (e *twilioEnv) checkOriginalsRestored(phone string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n, ok := e.fake.Number(phone)
		if !ok {
			return fmt.Errorf("the fake has no number %s", phone)
		}
		if n.VoiceURL != "https://old.example.test/voice" || n.VoiceMethod != "GET" {
			return fmt.Errorf("voice not restored: %s %s", n.VoiceMethod, n.VoiceURL)
		}
		if n.SMSURL != "https://old.example.test/sms" || n.SMSMethod != "GET" {
			return fmt.Errorf("SMS not restored: %s %s", n.SMSMethod, n.SMSURL)
		}
		return nil
	}
}

func (e *twilioEnv) checkNumber(phone string, check func(n twiliofake.Number) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n, ok := e.fake.Number(phone)
		if !ok {
			return fmt.Errorf("the fake has no number %s", phone)
		}
		return check(n)
	}
}

func TestAccTwilioCreate(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	seeded := env.addNumber(testPhone)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy:             env.checkOriginalsRestored(testPhone),
		Steps: []resource.TestStep{{
			Config: env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "disable_sms = true"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(testAddr, tfjsonpath.New("telephony_provider"), knownvalue.StringExact("twilio")),
					plancheck.ExpectKnownValue(testAddr, tfjsonpath.New("sms_status"), knownvalue.StringExact("disabled")),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("id"), knownvalue.StringExact("twilio/"+testPhone)),
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("twilio_phone_number_sid"), knownvalue.StringExact(seeded.SID)),
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("voice_webhook_url"), knownvalue.StringExact(testVoice)),
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("sms_webhook_url"), knownvalue.StringExact(twilio.DisabledSMSURL)),
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("sms_status"), knownvalue.StringExact("disabled")),
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("restore_on_destroy"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("telnyx_phone_number_id"), knownvalue.Null()),
			},
			Check: env.checkNumber(testPhone, func(n twiliofake.Number) error {
				if n.VoiceURL != testVoice || n.VoiceMethod != "POST" {
					return fmt.Errorf("voice at Twilio is %s %s", n.VoiceMethod, n.VoiceURL)
				}
				if n.SMSURL != twilio.DisabledSMSURL || n.SMSMethod != "POST" {
					return fmt.Errorf("SMS at Twilio is %s %s", n.SMSMethod, n.SMSURL)
				}
				return nil
			}),
		}},
	})
}

// The test framework plans again after every apply and fails on any change,
// so each step below also proves that an applied configuration plans empty.
func TestAccTwilioNoOpPlanAfterApply(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)
	config := env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "enable_sms = true", "disable_sms = false")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: env.fake.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if w := env.writes(); len(w) > 0 {
						return fmt.Errorf("a no-change apply wrote to Twilio: %v", w)
					}
					return nil
				},
			},
		},
	})
}

func TestAccTwilioUpdateEachAttribute(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)
	service := env.fake.AddService(twiliofake.Service{SID: testService, UseInboundWebhookOnNumber: true})

	update := func(lines ...string) resource.TestStep {
		return resource.TestStep{
			Config: env.providerConfig() + resourceConfig(lines...),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionUpdate)},
			},
		}
	}
	voice := func(u string) string { return fmt.Sprintf("voice_webhook_url = %q", u) }

	steps := []resource.TestStep{
		{Config: env.providerConfig() + resourceConfig(voice(testVoice))},
	}

	step := update(voice(testVoice2))
	step.Check = env.checkNumber(testPhone, func(n twiliofake.Number) error {
		if n.VoiceURL != testVoice2 {
			return fmt.Errorf("voice URL is %s", n.VoiceURL)
		}
		return nil
	})
	steps = append(steps, step)

	step = update(voice(testVoice2), "disable_sms = true")
	step.ConfigStateChecks = []statecheck.StateCheck{
		statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("sms_status"), knownvalue.StringExact("disabled")),
	}
	steps = append(steps, step)

	step = update(voice(testVoice2), "enable_sms = true", fmt.Sprintf("messaging_service_sid = %q", service.SID))
	step.ConfigStateChecks = []statecheck.StateCheck{
		statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("sms_status"), knownvalue.StringExact("enabled")),
		statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("sms_webhook_url"), knownvalue.StringExact(enabledSMSURL)),
	}
	step.Check = func(*terraform.State) error {
		n := env.number(testPhone)
		if got := env.fake.ServiceNumbers(service.SID); len(got) != 1 || got[0] != n.SID {
			return fmt.Errorf("the Messaging Service's sender pool is %v, want [%s]", got, n.SID)
		}
		return nil
	}
	steps = append(steps, step)

	steps = append(steps, update(voice(testVoice2), "enable_sms = true", fmt.Sprintf("messaging_service_sid = %q", service.SID), "restore_on_destroy = false"))

	step = update("disable_sms = true", "restore_on_destroy = false")
	step.Check = env.checkNumber(testPhone, func(n twiliofake.Number) error {
		if n.VoiceURL != testVoice2 {
			return fmt.Errorf("voice URL changed to %s after voice_webhook_url was removed; it must be left alone", n.VoiceURL)
		}
		if n.SMSURL != twilio.DisabledSMSURL {
			return fmt.Errorf("SMS URL is %s", n.SMSURL)
		}
		return nil
	})
	steps = append(steps, step)

	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6Providers, Steps: steps})
}

func TestAccTwilioPhoneNumberChangeReplaces(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)
	env.addNumber("+15551230002")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{
			{Config: env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice))},
			{
				Config: env.providerConfig() + strings.Replace(resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice)), testPhone, "+15551230002", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkNumber(testPhone, func(n twiliofake.Number) error {
						if n.VoiceURL != "https://old.example.test/voice" {
							return fmt.Errorf("the replaced number kept %s", n.VoiceURL)
						}
						return nil
					}),
					env.checkNumber("+15551230002", func(n twiliofake.Number) error {
						if n.VoiceURL != testVoice {
							return fmt.Errorf("the new number has %s", n.VoiceURL)
						}
						return nil
					}),
				),
			},
		},
	})
}

func TestAccTwilioDriftVoiceURL(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)
	config := env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					n := env.number(testPhone)
					n.VoiceURL = "https://intruder.example.test/voice"
					env.fake.SetNumber(n)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(testAddr, tfjsonpath.New("voice_webhook_url"), knownvalue.StringExact(testVoice)),
					},
				},
				Check: env.checkNumber(testPhone, func(n twiliofake.Number) error {
					if n.VoiceURL != testVoice {
						return fmt.Errorf("drift not repaired: voice URL is %s", n.VoiceURL)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccTwilioDriftSMSFlags(t *testing.T) {
	for _, flag := range []string{"enable_sms", "disable_sms"} {
		t.Run(flag, func(t *testing.T) {
			t.Parallel()
			env := newTwilioEnv(t)
			env.addNumber(testPhone)
			config := env.providerConfig() + resourceConfig(flag+" = true")
			want := enabledSMSURL
			if flag == "disable_sms" {
				want = twilio.DisabledSMSURL
			}

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Providers,
				Steps: []resource.TestStep{
					{Config: config},
					{
						PreConfig: func() {
							n := env.number(testPhone)
							n.SMSURL = "https://intruder.example.test/sms"
							env.fake.SetNumber(n)
						},
						RefreshState: true,
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr(testAddr, flag, "false"),
							resource.TestCheckResourceAttr(testAddr, "sms_status", "other"),
						),
						ExpectNonEmptyPlan: true,
					},
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionUpdate)},
						},
						Check: env.checkNumber(testPhone, func(n twiliofake.Number) error {
							if n.SMSURL != want {
								return fmt.Errorf("drift not repaired: SMS URL is %s", n.SMSURL)
							}
							return nil
						}),
					},
				},
			})
		})
	}
}

func TestAccTwilioImport(t *testing.T) {
	for _, id := range []string{testPhone, "twilio/" + testPhone} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			env := newTwilioEnv(t)
			env.addNumber(testPhone)

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Providers,
				CheckDestroy:             env.checkOriginalsRestored(testPhone),
				Steps: []resource.TestStep{
					{Config: env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "enable_sms = true")},
					{
						Config:                  env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "enable_sms = true"),
						ResourceName:            testAddr,
						ImportState:             true,
						ImportStateId:           id,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"timeouts"},
					},
				},
			})
		})
	}
}

// Importing records the values found at import as the ones to restore.
func TestAccTwilioImportRecordsRestorePoint(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy:             env.checkOriginalsRestored(testPhone),
		Steps: []resource.TestStep{
			{
				Config:             env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice)),
				ResourceName:       testAddr,
				ImportState:        true,
				ImportStateId:      testPhone,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if got := states[0].Attributes["voice_webhook_url"]; got != "https://old.example.test/voice" {
						return fmt.Errorf("imported voice_webhook_url = %q", got)
					}
					return nil
				},
			},
			{
				Config: env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "disable_sms = true"),
				Check: env.checkNumber(testPhone, func(n twiliofake.Number) error {
					if n.VoiceURL != testVoice || n.SMSURL != twilio.DisabledSMSURL {
						return fmt.Errorf("apply after import left %s and %s", n.VoiceURL, n.SMSURL)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccTwilioRestoreOnDestroyFalse(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy: env.checkNumber(testPhone, func(n twiliofake.Number) error {
			if n.VoiceURL != testVoice || n.SMSURL != twilio.DisabledSMSURL {
				return fmt.Errorf("destroy with restore_on_destroy = false changed the number: %s, %s", n.VoiceURL, n.SMSURL)
			}
			return nil
		}),
		Steps: []resource.TestStep{{
			Config: env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "disable_sms = true", "restore_on_destroy = false"),
		}},
	})
}

func TestAccTwilioNumberReleased(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)
	config := env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:          func() { env.fake.ReleaseNumber(testPhone) },
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: func(s *terraform.State) error {
					if _, ok := s.RootModule().Resources[testAddr]; ok {
						return fmt.Errorf("the released number is still in the state")
					}
					return nil
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionCreate)},
				},
				ExpectError: regexp.MustCompile(`Phone number not found`),
			},
		},
	})
}

func TestAccTwilioMessagingServiceJoin(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	n := env.addNumber(testPhone)
	service := env.fake.AddService(twiliofake.Service{SID: testService, UseInboundWebhookOnNumber: true})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy: func(*terraform.State) error {
			if got := env.fake.ServiceNumbers(service.SID); len(got) != 0 {
				return fmt.Errorf("destroy left the number in the Messaging Service: %v", got)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: env.providerConfigWithService(service.SID) + resourceConfig("enable_sms = true"),
			Check: func(*terraform.State) error {
				if got := env.fake.ServiceNumbers(service.SID); len(got) != 1 || got[0] != n.SID {
					return fmt.Errorf("sender pool is %v, want [%s]", got, n.SID)
				}
				return nil
			},
		}},
	})
}

// A number that was in the service before the takeover stays there on destroy.
func TestAccTwilioMessagingServiceKeepsPriorMember(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	n := env.addNumber(testPhone)
	service := env.fake.AddService(twiliofake.Service{SID: testService, UseInboundWebhookOnNumber: true})
	env.fake.AddToService(service.SID, n.SID)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy: func(*terraform.State) error {
			if got := env.fake.ServiceNumbers(service.SID); len(got) != 1 {
				return fmt.Errorf("destroy removed a number the resource did not add: pool is %v", got)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: env.providerConfigWithService(service.SID) + resourceConfig("enable_sms = true"),
		}},
	})
}

// Twilio would ignore the written URLs here; apply succeeds with a warning and
// leaves the overriding fields alone.
func TestAccTwilioOverridingFieldsLeftAlone(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.fake.AddNumber(twiliofake.Number{
		PhoneNumber:         testPhone,
		VoiceApplicationSID: "AP00000000000000000000000000000001",
		TrunkSID:            "TK00000000000000000000000000000001",
		SMSApplicationSID:   "AP00000000000000000000000000000002",
	})
	service := env.fake.AddService(twiliofake.Service{SID: testService, InboundRequestURL: "https://service.example.test/in"})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{{
			Config: env.providerConfigWithService(service.SID) + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "enable_sms = true"),
			Check: env.checkNumber(testPhone, func(n twiliofake.Number) error {
				if n.VoiceApplicationSID == "" || n.TrunkSID == "" || n.SMSApplicationSID == "" {
					return fmt.Errorf("the provider changed an overriding field: %+v", n)
				}
				if n.VoiceURL != testVoice || n.SMSURL != enabledSMSURL {
					return fmt.Errorf("URLs not written: %s, %s", n.VoiceURL, n.SMSURL)
				}
				return nil
			}),
		}},
	})
}

// A carrier slower than the create timeout ends the create with a timeout
// diagnostic that names the setting to raise.
func TestAccTwilioCreateTimeout(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{{
			PreConfig:   func() { env.fake.SetLatency(3 * time.Second) },
			Config:      env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "timeouts {\n    create = \"1s\"\n  }"),
			ExpectError: regexp.MustCompile(`(?s)Timed out during the create.*create timeout`),
		}},
	})
	if w := env.writes(); len(w) > 0 {
		t.Errorf("the fake saw writes: %v", w)
	}
}
