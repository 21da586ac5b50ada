package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
)

// The minimum number of requests per number and operation. These tests time
// nothing: they read the fakes' request logs and fail on one request more.

var (
	idSegment    = regexp.MustCompile(`/(PN|MG)[0-9a-f]{32}`)
	telnyxIDPath = regexp.MustCompile(`/[0-9a-f-]{19,36}(/|$)`)
)

// twilioCalls lists the requests as "METHOD /path" with SIDs replaced, and
// the form fields of writes in brackets.
func twilioCalls(requests []twiliofake.Request) []string {
	var out []string
	for _, r := range requests {
		call := r.Method + " " + idSegment.ReplaceAllString(r.Path, "/$1…")
		if r.Method == "GET" && len(r.Query) > 0 {
			call += " ?" + strings.Join(sortedKeys(r.Query), "&")
		}
		if len(r.Form) > 0 {
			call += " [" + strings.Join(sortedKeys(r.Form), ",") + "]"
		}
		out = append(out, call)
	}
	return out
}

func (e *telnyxEnv) calls() []string {
	var out []string
	for _, r := range e.fake.Requests() {
		out = append(out, r.Method+" "+telnyxIDPath.ReplaceAllString(r.Path, "/{id}$1"))
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j] < keys[i] {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	return keys
}

func expectCalls(what string, got, want []string) error {
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		return fmt.Errorf("%s sent %d requests:\n  %s\nwant %d:\n  %s", what, len(got), strings.Join(got, "\n  "), len(want), strings.Join(want, "\n  "))
	}
	return nil
}

// resetBetweenPlanAndApply clears a fake's log after the plan, so that the
// log holds what apply sent.
func resetBetweenPlanAndApply(reset func()) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{runBetweenPlanAndApply(reset)}}
}

func TestAccRequestCountsTwilio(t *testing.T) {
	t.Parallel()
	env := newTwilioEnv(t)
	env.addNumber(testPhone)
	svc := env.fake.AddService(twiliofake.Service{SID: testService, UseInboundWebhookOnNumber: true})
	config := func(voice string) string {
		return env.providerConfigWithService(svc.SID) + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", voice), "enable_sms = true")
	}
	log := func(what string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			t.Logf("Twilio %s: %s", what, strings.Join(twilioCalls(env.fake.Requests()), "; "))
			return nil
		}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{
			{
				// Create: the lookup, one update with every changed field,
				// and the Messaging Service: its settings, read once per run
				// for the warning, and the join.
				Config:           config(testVoice),
				ConfigPlanChecks: resetBetweenPlanAndApply(env.fake.ResetRequests),
				Check: resource.ComposeTestCheckFunc(log("create"), func(*terraform.State) error {
					return expectCalls("create", twilioCalls(env.fake.Requests()), []string{
						"GET /2010-04-01/Accounts/" + env.fake.AccountSID() + "/IncomingPhoneNumbers.json ?PageSize&PhoneNumber",
						"POST /2010-04-01/Accounts/" + env.fake.AccountSID() + "/IncomingPhoneNumbers/PN….json [SmsMethod,SmsUrl,VoiceMethod,VoiceUrl]",
						"GET /v1/Services/MG…",
						"POST /v1/Services/MG…/PhoneNumbers [PhoneNumberSid]",
					})
				}),
			},
			{
				// Refresh: one fetch by the stored SID, never a list.
				PreConfig:    env.fake.ResetRequests,
				RefreshState: true,
				Check: resource.ComposeTestCheckFunc(log("refresh"), func(*terraform.State) error {
					return expectCalls("refresh", twilioCalls(env.fake.Requests()), []string{
						"GET /2010-04-01/Accounts/" + env.fake.AccountSID() + "/IncomingPhoneNumbers/PN….json",
					})
				}),
			},
			{
				// Update: one update; the plan before it already refreshed.
				Config:           config(testVoice2),
				ConfigPlanChecks: resetBetweenPlanAndApply(env.fake.ResetRequests),
				Check: resource.ComposeTestCheckFunc(log("update"), func(*terraform.State) error {
					return expectCalls("update", twilioCalls(env.fake.Requests()), []string{
						"POST /2010-04-01/Accounts/" + env.fake.AccountSID() + "/IncomingPhoneNumbers/PN….json [SmsMethod,SmsUrl,VoiceMethod,VoiceUrl]",
					})
				}),
			},
			{
				// A plan without changes reads and never writes.
				PreConfig: env.fake.ResetRequests,
				Config:    config(testVoice2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if w := env.writes(); len(w) > 0 {
						return fmt.Errorf("a no-change plan wrote: %v", w)
					}
					return nil
				},
			},
		},
	})
}

func TestAccRequestCountsTelnyx(t *testing.T) {
	t.Parallel()
	env := newTelnyxEnv(t)
	env.addNumber(testPhone)
	config := func(voice string) string {
		return env.providerConfig() + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", voice), "enable_sms = true")
	}
	log := func(what string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			t.Logf("Telnyx %s: %s", what, strings.Join(env.calls(), "; "))
			return nil
		}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{
			{
				// Create: find the number, find or create each object,
				// point the number at it.
				Config:           config(testVoice),
				ConfigPlanChecks: resetBetweenPlanAndApply(env.fake.ResetRequests),
				Check: resource.ComposeTestCheckFunc(log("create"), func(*terraform.State) error {
					return expectCalls("create", env.calls(), []string{
						"GET /v2/phone_numbers",
						"GET /v2/call_control_applications",
						"POST /v2/call_control_applications",
						"PATCH /v2/phone_numbers/{id}",
						"GET /v2/messaging_profiles",
						"POST /v2/messaging_profiles",
						"PATCH /v2/phone_numbers/{id}/messaging",
					})
				}),
			},
			{
				// Refresh: one request per object the resource manages.
				PreConfig:    env.fake.ResetRequests,
				RefreshState: true,
				Check: resource.ComposeTestCheckFunc(log("refresh"), func(*terraform.State) error {
					return expectCalls("refresh", env.calls(), []string{
						"GET /v2/phone_numbers/{id}",
						"GET /v2/call_control_applications/{id}",
						"GET /v2/messaging_profiles/{id}",
					})
				}),
			},
			{
				// Update of the voice URL: the update reads the number and
				// the objects it would write to, and changes only the
				// application.
				Config:           config(testVoice2),
				ConfigPlanChecks: resetBetweenPlanAndApply(env.fake.ResetRequests),
				Check: resource.ComposeTestCheckFunc(log("update"), func(*terraform.State) error {
					return expectCalls("update", env.calls(), []string{
						"GET /v2/phone_numbers/{id}",
						"GET /v2/call_control_applications/{id}",
						"PATCH /v2/call_control_applications/{id}",
						"GET /v2/messaging_profiles/{id}",
					})
				}),
			},
			{
				PreConfig: env.fake.ResetRequests,
				Config:    config(testVoice2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if w := env.writes(); len(w) > 0 {
						return fmt.Errorf("a no-change plan wrote: %v", w)
					}
					return nil
				},
			},
		},
	})
}

// With both carriers configured, the lookups go out together: with 300 ms of
// latency at each fake, sequential lookups would start 300 ms apart.
func TestAccRequestCountsAutoDetectConcurrent(t *testing.T) {
	t.Parallel()
	tw, tx := newTwilioEnv(t), newTelnyxEnv(t)
	tx.addNumber(testPhone)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Providers,
		Steps: []resource.TestStep{{
			Config: providerConfigBoth(tw, tx) + resourceConfig(fmt.Sprintf("voice_webhook_url = %q", testVoice)),
			ConfigPlanChecks: resetBetweenPlanAndApply(func() {
				tw.fake.ResetRequests()
				tx.fake.ResetRequests()
				tw.fake.SetLatency(300 * time.Millisecond)
				tx.fake.SetLatency(300 * time.Millisecond)
			}),
			Check: func(*terraform.State) error {
				tw.fake.SetLatency(0)
				tx.fake.SetLatency(0)
				twilioRequests := tw.fake.Requests()
				if len(twilioRequests) != 1 {
					return fmt.Errorf("Twilio got %d requests, want the one lookup: %v", len(twilioRequests), twilioCalls(twilioRequests))
				}
				telnyxLookup := tx.fake.Requests()[0]
				if telnyxLookup.Path != "/v2/phone_numbers" {
					return fmt.Errorf("the first Telnyx request is %s, want the lookup", telnyxLookup.Path)
				}
				if gap := twilioRequests[0].Time.Sub(telnyxLookup.Time).Abs(); gap > 150*time.Millisecond {
					return fmt.Errorf("the lookups started %s apart; they should go out together", gap)
				}
				return nil
			},
		}},
	})
}
