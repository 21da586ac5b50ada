package provider

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	telnyxcarrier "github.com/burki/terraform-provider-burki/internal/carrier/telnyx"
	"github.com/burki/terraform-provider-burki/internal/fakes/telnyxfake"
	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
)

const telnyxPhone2 = "+15551230002"

var (
	telnyxEnabledSMSURL = testWebhookBaseURL + telnyxcarrier.EnabledSMSPath
	testAppName         = telnyxcarrier.ApplicationName(testPhone)
	testProfileName     = telnyxcarrier.ProfileName(testPhone)
)

func (e *telnyxEnv) appNamed(name string) (telnyxfake.CallControlApplication, bool) {
	for _, app := range e.fake.CallControlApplications() {
		if app.ApplicationName == name {
			return app, true
		}
	}
	return telnyxfake.CallControlApplication{}, false
}

func (e *telnyxEnv) profileNamed(name string) (telnyxfake.MessagingProfile, bool) {
	for _, p := range e.fake.MessagingProfiles() {
		if p.Name == name {
			return p, true
		}
	}
	return telnyxfake.MessagingProfile{}, false
}

// checkRestored fails unless the number is back on the shared connection and
// profile and the objects the resource created are gone.
func (e *telnyxEnv) checkRestored(phone string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n := e.number(phone)
		if n.ConnectionID != e.sharedConn.ID || n.MessagingProfileID != e.sharedProfile.ID {
			return fmt.Errorf("number not restored: connection %q, messaging profile %q", n.ConnectionID, n.MessagingProfileID)
		}
		if app, ok := e.appNamed(telnyxcarrier.ApplicationName(phone)); ok {
			return fmt.Errorf("the created Call Control application %s is still there", app.ID)
		}
		if p, ok := e.profileNamed(telnyxcarrier.ProfileName(phone)); ok {
			return fmt.Errorf("the created messaging profile %s is still there", p.ID)
		}
		return nil
	}
}

// checkSharedUnchanged fails when the shared profile or connection differ in
// any field, timestamps included.
func (e *telnyxEnv) checkSharedUnchanged() resource.TestCheckFunc {
	return func(*terraform.State) error {
		profile, _ := e.fake.MessagingProfile(e.sharedProfile.ID)
		if !reflect.DeepEqual(profile, e.sharedProfile) {
			return fmt.Errorf("the shared messaging profile changed:\n got %+v\nwant %+v", profile, e.sharedProfile)
		}
		for _, c := range e.fake.Connections() {
			if c.ID == e.sharedConn.ID && !reflect.DeepEqual(c, e.sharedConn) {
				return fmt.Errorf("the shared connection changed: %+v", c)
			}
		}
		for _, r := range e.fake.Writes() {
			if strings.Contains(r.Path, e.sharedProfile.ID) || strings.HasSuffix(r.Path, "/"+e.sharedConn.ID) {
				return fmt.Errorf("a write went to a shared object: %s %s", r.Method, r.Path)
			}
		}
		return nil
	}
}

func TestAccTelnyxCreateAndDestroy(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addNumber(testPhone)
	neighbour := env.addNumber(telnyxPhone2)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			env.checkRestored(testPhone),
			env.checkSharedUnchanged(),
		),
		Steps: []resource.TestStep{{
			Config: env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "enable_sms = true"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(testAddr, tfjsonpath.New("telephony_provider"), knownvalue.StringExact("telnyx")),
					plancheck.ExpectKnownValue(testAddr, tfjsonpath.New("sms_webhook_url"), knownvalue.StringExact(telnyxEnabledSMSURL)),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("id"), knownvalue.StringExact("telnyx/"+testPhone)),
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("sms_status"), knownvalue.StringExact("enabled")),
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("twilio_phone_number_sid"), knownvalue.Null()),
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("telnyx_phone_number_id"), knownvalue.NotNull()),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				func(*terraform.State) error {
					app, ok := env.appNamed(testAppName)
					if !ok || app.WebhookEventURL != testVoice {
						return fmt.Errorf("Call Control application %s: %+v (found %v)", testAppName, app, ok)
					}
					profile, ok := env.profileNamed(testProfileName)
					if !ok || profile.WebhookURL != telnyxEnabledSMSURL {
						return fmt.Errorf("messaging profile %s: %+v (found %v)", testProfileName, profile, ok)
					}
					n := env.number(testPhone)
					if n.ConnectionID != app.ID || n.MessagingProfileID != profile.ID {
						return fmt.Errorf("number points at %q and %q, want %q and %q", n.ConnectionID, n.MessagingProfileID, app.ID, profile.ID)
					}
					if other := env.number(telnyxPhone2); !reflect.DeepEqual(other, neighbour) {
						return fmt.Errorf("the neighbouring number changed: %+v", other)
					}
					return nil
				},
				env.checkSharedUnchanged(),
			),
		}},
	})
}

func TestAccTelnyxNoOpPlanAfterApply(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addNumber(testPhone)
	config := env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "disable_sms = true")

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
						return fmt.Errorf("a no-change apply wrote to Telnyx: %v", w)
					}
					return nil
				},
			},
		},
	})
}

func TestAccTelnyxUpdateEachAttribute(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addNumber(testPhone)
	voice := func(u string) string { return fmt.Sprintf("voice_webhook_url = %q", u) }
	update := func(check resource.TestCheckFunc, lines ...string) resource.TestStep {
		return resource.TestStep{
			Config: env.providerConfig() + resourceConfig(lines...),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionUpdate)},
			},
			Check: check,
		}
	}
	profileURL := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			p, ok := env.profileNamed(testProfileName)
			if !ok || p.WebhookURL != want {
				return fmt.Errorf("profile webhook URL = %q (found %v), want %q", p.WebhookURL, ok, want)
			}
			return nil
		}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy:             env.checkRestored(testPhone),
		Steps: []resource.TestStep{
			{Config: env.providerConfig() + resourceConfig(voice(testVoice))},
			update(func(*terraform.State) error {
				app, _ := env.appNamed(testAppName)
				if app.WebhookEventURL != testVoice2 {
					return fmt.Errorf("application URL = %q", app.WebhookEventURL)
				}
				return nil
			}, voice(testVoice2)),
			update(profileURL(""), voice(testVoice2), "disable_sms = true"),
			update(profileURL(telnyxEnabledSMSURL), voice(testVoice2), "enable_sms = true"),
			update(nil, voice(testVoice2), "enable_sms = true", "restore_on_destroy = true", `timeouts { update = "2m" }`),
		},
	})
}

func TestAccTelnyxDriftVoiceAndSMS(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addNumber(testPhone)
	config := env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "enable_sms = true")

	drift := func(change func()) resource.TestStep {
		return resource.TestStep{
			PreConfig: change,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionUpdate)},
			},
			Check: func(*terraform.State) error {
				app, _ := env.appNamed(testAppName)
				profile, _ := env.profileNamed(testProfileName)
				n := env.number(testPhone)
				if app.WebhookEventURL != testVoice || n.ConnectionID != app.ID {
					return fmt.Errorf("voice not repaired: number on %q, application URL %q", n.ConnectionID, app.WebhookEventURL)
				}
				if profile.WebhookURL != telnyxEnabledSMSURL || n.MessagingProfileID != profile.ID {
					return fmt.Errorf("SMS not repaired: number on %q, profile URL %q", n.MessagingProfileID, profile.WebhookURL)
				}
				return nil
			},
		}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(env.checkRestored(testPhone), env.checkSharedUnchanged()),
		Steps: []resource.TestStep{
			{Config: config},
			drift(func() {
				app, _ := env.appNamed(testAppName)
				app.WebhookEventURL = "https://intruder.example.test/voice"
				env.fake.SetCallControlApplication(app)
			}),
			drift(func() {
				p, _ := env.profileNamed(testProfileName)
				p.WebhookURL = "https://intruder.example.test/sms"
				env.fake.SetMessagingProfile(p)
			}),
			// Moved behind Terraform's back to the shared profile and connection.
			drift(func() {
				n := env.number(testPhone)
				n.MessagingProfileID = env.sharedProfile.ID
				n.ConnectionID = env.sharedConn.ID
				env.fake.SetPhoneNumber(n)
			}),
		},
	})
}

func TestAccTelnyxImport(t *testing.T) {
	for _, id := range []string{testPhone, "telnyx/" + testPhone} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			env := newTelnyxEnv(t)
			env.addNumber(testPhone)
			config := env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "enable_sms = true")

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Providers,
				Steps: []resource.TestStep{
					{Config: config},
					{
						Config:                  config,
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

// An application with the platform's name on the third page of a filter that
// also matches hundreds of others is found and reused, not duplicated.
func TestAccTelnyxReusesApplicationOnPage3(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addNumber(testPhone)
	for i := range 520 {
		env.fake.AddCallControlApplication(telnyxfake.CallControlApplication{
			ApplicationName: fmt.Sprintf("%s-old-%03d", testAppName, i),
			WebhookEventURL: "https://old.example.test/voice",
			Active:          true,
		})
	}
	existing := env.fake.AddCallControlApplication(telnyxfake.CallControlApplication{
		ApplicationName: testAppName,
		WebhookEventURL: "https://old.example.test/voice",
		Active:          true,
	})
	before := len(env.fake.CallControlApplications())

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := env.fake.CallControlApplication(existing.ID); !ok {
				return fmt.Errorf("destroy deleted the application the resource did not create")
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("telnyx_call_control_application_id"), knownvalue.StringExact(existing.ID)),
			},
			Check: func(*terraform.State) error {
				if after := len(env.fake.CallControlApplications()); after != before {
					return fmt.Errorf("applications went from %d to %d; the existing one should be reused", before, after)
				}
				if n := env.number(testPhone); n.ConnectionID != existing.ID {
					return fmt.Errorf("number on %q, want %q", n.ConnectionID, existing.ID)
				}
				return nil
			},
		}},
	})
}

func TestAccTelnyxRestoreOnDestroyFalse(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addNumber(testPhone)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy: func(*terraform.State) error {
			app, ok := env.appNamed(testAppName)
			if !ok || env.number(testPhone).ConnectionID != app.ID {
				return fmt.Errorf("destroy with restore_on_destroy = false changed the number")
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "restore_on_destroy = false"),
		}},
	})
}

func TestAccTelnyxNumberReleased(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addNumber(testPhone)
	config := env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:          func() { env.fake.ReleasePhoneNumber(testPhone) },
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
				Config:      config,
				ExpectError: regexp.MustCompile(`Phone number not found`),
			},
		},
	})
}

func TestAccTelnyxRejectsMessagingService(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addNumber(testPhone)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{{
			Config:      env.providerConfig() + resourceConfig("enable_sms = true", fmt.Sprintf("messaging_service_sid = %q", testService)),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`Messaging Service on a Telnyx number`),
		}},
	})
	if w := env.writes(); len(w) > 0 {
		t.Errorf("the fake saw writes: %v", w)
	}
}

func TestAccAutoDetectTelephonyProvider(t *testing.T) {
	cases := []struct {
		name       string
		twilio     bool
		telnyx     bool
		want       string
		wantErrMsg string
	}{
		{name: "at Twilio", twilio: true, want: "twilio"},
		{name: "at Telnyx", telnyx: true, want: "telnyx"},
		{name: "at both", twilio: true, telnyx: true, wantErrMsg: `(?s)found at several telephony providers.*Twilio account.*Telnyx account`},
		{name: "at neither", wantErrMsg: `(?s)Phone number not found.*Twilio account.*Telnyx account`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tw, tx := newTwilioEnv(t), newTelnyxEnv(t)
			// Partial matches at both carriers must not count.
			tw.addNumber(testPhone + "9")
			tx.addNumber(testPhone + "8")
			if c.twilio {
				tw.addNumber(testPhone)
			}
			if c.telnyx {
				tx.addNumber(testPhone)
			}

			step := resource.TestStep{Config: providerConfigBoth(tw, tx) + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice))}
			if c.wantErrMsg != "" {
				step.ExpectError = regexp.MustCompile(c.wantErrMsg)
			} else {
				step.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(testAddr, tfjsonpath.New("telephony_provider")),
				}
				step.ConfigStateChecks = []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("telephony_provider"), knownvalue.StringExact(c.want)),
					statecheck.ExpectKnownValue(testAddr, tfjsonpath.New("id"), knownvalue.StringExact(c.want+"/"+testPhone)),
				}
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6Providers, Steps: []resource.TestStep{step}})

			if c.wantErrMsg != "" {
				if w := append(tw.writes(), tx.writes()...); len(w) > 0 {
					t.Errorf("the fakes saw writes: %v", w)
				}
			}
		})
	}
}

// A number found automatically keeps its carrier; naming the other carrier
// later replaces the resource.
func TestAccTelephonyProviderChangeReplaces(t *testing.T) {
	t.Parallel()
	tw, tx := newTwilioEnv(t), newTelnyxEnv(t)
	tw.addNumber(testPhone)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{
			{Config: providerConfigBoth(tw, tx) + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice))},
			{
				Config: providerConfigBoth(tw, tx) + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), `telephony_provider = "twilio"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: func() { tx.addNumber(testPhone) },
				Config:    providerConfigBoth(tw, tx) + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), `telephony_provider = "telnyx"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					tw.checkNumber(testPhone, func(n twiliofake.Number) error {
						if n.VoiceURL != "https://old.example.test/voice" {
							return fmt.Errorf("the Twilio number was not given back: %s", n.VoiceURL)
						}
						return nil
					}),
					func(*terraform.State) error {
						app, ok := tx.appNamed(testAppName)
						if !ok || tx.number(testPhone).ConnectionID != app.ID {
							return fmt.Errorf("the Telnyx number was not taken over")
						}
						return nil
					},
				),
			},
		},
	})
}
