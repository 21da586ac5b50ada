package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
)

// A 422 is not retried, so the step it hits fails at once.
const failStatus = http.StatusUnprocessableEntity

func isServiceJoin(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v1/Services/") && strings.HasSuffix(r.URL.Path, "/PhoneNumbers")
}

func isServiceLeave(r *http.Request) bool {
	return r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/v1/Services/")
}

// checkEnabledInService checks that SMS is enabled and the number is in the pool.
func (e *twilioEnv) checkEnabledInService(serviceSID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n := e.number(testPhone)
		if n.SMSURL != enabledSMSURL {
			return fmt.Errorf("SMS URL is %s", n.SMSURL)
		}
		if pool := e.fake.ServiceNumbers(serviceSID); len(pool) != 1 || pool[0] != n.SID {
			return fmt.Errorf("sender pool is %v, want [%s]", pool, n.SID)
		}
		return nil
	}
}

// Create: the number update succeeds, joining the service fails. Terraform
// would taint the resource and drop the recorded originals, so the provider
// undoes the update; the next apply creates the resource afresh.
func TestAccPartialTwilioCreateJoinFails(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)
	svc := env.fake.AddService(twiliofake.Service{SID: testService, UseInboundWebhookOnNumber: true})
	config := env.providerConfigWithService(svc.SID) + resourceConfig("enable_sms = true")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy:             env.checkOriginalsRestored(testPhone),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { env.fake.FailNext(isServiceJoin, failStatus, 1) },
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)Could not take over.*joining the Messaging Service.*were\s+undone`),
			},
			{
				PreConfig: func() {
					if err := env.checkOriginalsRestored(testPhone)(nil); err != nil {
						t.Errorf("after the failed create: %v", err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionCreate)},
				},
				Check: env.checkEnabledInService(svc.SID),
			},
		},
	})
}

// Create on Telnyx: the application is created, pointing the number at it
// fails. The application is deleted again and the number left as it was.
func TestAccPartialTelnyxCreateUndone(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addNumber(testPhone)
	config := env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "enable_sms = true")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(env.checkRestored(testPhone), env.checkSharedUnchanged()),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					env.fake.FailNext(func(r *http.Request) bool {
						return r.Method == http.MethodPatch && regexp.MustCompile(`^/v2/phone_numbers/[^/]+$`).MatchString(r.URL.Path)
					}, failStatus, 1)
				},
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)Could not take over.*pointing the number at its Call Control application.*were\s+undone`),
			},
			{
				PreConfig: func() {
					if err := env.checkRestored(testPhone)(nil); err != nil {
						t.Errorf("after the failed create: %v", err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// Update: the number update succeeds, joining the service fails. The state
// records enable_sms = false, so the next plan is an update that finishes.
func TestAccPartialTwilioUpdateJoinFails(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)
	svc := env.fake.AddService(twiliofake.Service{SID: testService, UseInboundWebhookOnNumber: true})
	enabled := env.providerConfigWithService(svc.SID) + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "enable_sms = true")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy:             env.checkOriginalsRestored(testPhone),
		Steps: []resource.TestStep{
			{Config: env.providerConfigWithService(svc.SID) + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice))},
			{
				PreConfig:   func() { env.fake.FailNext(isServiceJoin, failStatus, 1) },
				Config:      enabled,
				ExpectError: regexp.MustCompile(`(?s)Could not finish the update.*joining the Messaging Service`),
			},
			{
				Config:             enabled,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: enabled,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionUpdate)},
				},
				Check: env.checkEnabledInService(svc.SID),
			},
		},
	})
}

// Destroy: the webhooks are restored, leaving the service fails. The
// resource stays in the state and the next destroy finishes.
func TestAccPartialTwilioDestroyLeaveFails(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)
	svc := env.fake.AddService(twiliofake.Service{SID: testService, UseInboundWebhookOnNumber: true})
	config := env.providerConfigWithService(svc.SID) + resourceConfig("enable_sms = true")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			env.checkOriginalsRestored(testPhone),
			func(*terraform.State) error {
				if pool := env.fake.ServiceNumbers(svc.SID); len(pool) != 0 {
					return fmt.Errorf("sender pool is %v after destroy", pool)
				}
				return nil
			},
		),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:   func() { env.fake.FailNext(isServiceLeave, failStatus, 1) },
				Config:      config,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Could not finish the destroy.*removing the number from Messaging Service`),
			},
		},
	})
}

func TestAccPartialTelnyx(t *testing.T) {
	voiceAndSMS := resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "enable_sms = true")
	cases := []struct {
		name string
		// initial is applied first, without faults; empty skips that step.
		initial string
		fail    func(r *http.Request) bool
		want    string
	}{
		{
			name:    "connection after application",
			initial: resourceConfig("disable_sms = true"),
			fail: func(r *http.Request) bool {
				return r.Method == http.MethodPatch && regexp.MustCompile(`^/v2/phone_numbers/[^/]+$`).MatchString(r.URL.Path)
			},
			want: `pointing the number at its Call Control application failed after the Call\s+Control application succeeded`,
		},
		{
			name:    "messaging profile after voice",
			initial: resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice2)),
			fail: func(r *http.Request) bool {
				return r.Method == http.MethodPost && r.URL.Path == "/v2/messaging_profiles"
			},
			want: `setting up the messaging profile`,
		},
		{
			name:    "number messaging after profile",
			initial: resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice)),
			fail: func(r *http.Request) bool {
				return r.Method == http.MethodPatch && strings.HasSuffix(r.URL.Path, "/messaging")
			},
			want: `assigning the number to its messaging profile`,
		},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := newTelnyxEnv(t)
			env.addNumber(testPhone)
			target := env.providerConfig() + voiceAndSMS

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Providers,
				CheckDestroy:             resource.ComposeAggregateTestCheckFunc(env.checkRestored(testPhone), env.checkSharedUnchanged()),
				Steps: []resource.TestStep{
					{Config: env.providerConfig() + c.initial},
					{
						PreConfig:   func() { env.fake.FailNext(c.fail, failStatus, 1) },
						Config:      target,
						ExpectError: regexp.MustCompile(`(?s)Could not finish the update.*` + c.want),
					},
					{
						Config: target,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAddr, plancheck.ResourceActionUpdate)},
						},
						Check: func(*terraform.State) error {
							app, _ := env.appNamed(testAppName)
							profile, _ := env.profileNamed(testProfileName)
							n := env.number(testPhone)
							if n.ConnectionID != app.ID || app.WebhookEventURL != testVoice {
								return fmt.Errorf("voice not finished: number on %q, application %q with %q", n.ConnectionID, app.ID, app.WebhookEventURL)
							}
							if n.MessagingProfileID != profile.ID || profile.WebhookURL != telnyxEnabledSMSURL {
								return fmt.Errorf("SMS not finished: number on %q, profile %q with %q", n.MessagingProfileID, profile.ID, profile.WebhookURL)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// Destroy: the connection is restored, the messaging profile assignment
// fails. The next destroy finishes and deletes what the resource created.
func TestAccPartialTelnyxDestroy(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addNumber(testPhone)
	config := env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice), "disable_sms = true")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(env.checkRestored(testPhone), env.checkSharedUnchanged()),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					env.fake.FailNext(func(r *http.Request) bool {
						return r.Method == http.MethodPatch && strings.HasSuffix(r.URL.Path, "/messaging")
					}, failStatus, 1)
				},
				Config:      config,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Could not finish the destroy.*assigning the number back to its previous messaging\s+profile failed after the\s+previous connection succeeded`),
			},
		},
	})
}
