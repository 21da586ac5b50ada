package twilio

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/burki/terraform-provider-burki/internal/carrier"
	"github.com/burki/terraform-provider-burki/internal/fakes/twiliofake"
	"github.com/burki/terraform-provider-burki/internal/httpclient"
)

const (
	testBase  = "https://voice.example.test"
	testPhone = "+15551230001"
)

func newTestCarrier(t *testing.T) (*Carrier, *twiliofake.Server) {
	t.Helper()
	fake := twiliofake.NewForTest(t, twiliofake.Options{})
	origin, err := url.Parse(fake.URL())
	if err != nil {
		t.Fatal(err)
	}
	c := New(Config{
		AccountSID:     fake.AccountSID(),
		Username:       fake.AccountSID(),
		Password:       fake.AuthToken(),
		WebhookBaseURL: testBase,
		Transport:      httpclient.New(httpclient.Options{Origin: origin, Carrier: carrier.Twilio}),
	})
	return c, fake
}

func warningSummaries(ws []carrier.Warning) string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Summary+": "+w.Detail)
	}
	return strings.Join(out, "\n")
}

func TestCreateWarnsAboutOverridingFields(t *testing.T) {
	cases := []struct {
		name   string
		number twiliofake.Number
		intent carrier.Intent
		want   string
	}{
		{
			name:   "VoiceApplicationSid",
			number: twiliofake.Number{VoiceApplicationSID: "AP00000000000000000000000000000001"},
			intent: carrier.Intent{ManageVoice: true, VoiceURL: "https://a.example.test/v"},
			want:   "VoiceApplicationSid",
		},
		{
			name:   "TrunkSid",
			number: twiliofake.Number{TrunkSID: "TK00000000000000000000000000000001"},
			intent: carrier.Intent{ManageVoice: true, VoiceURL: "https://a.example.test/v"},
			want:   "TrunkSid",
		},
		{
			name:   "SmsApplicationSid",
			number: twiliofake.Number{SMSApplicationSID: "AP00000000000000000000000000000002"},
			intent: carrier.Intent{SMS: carrier.SMSDisable},
			want:   "SmsApplicationSid",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, fake := newTestCarrier(t)
			tc.number.PhoneNumber = testPhone
			fake.AddNumber(tc.number)
			tc.intent.PhoneNumber = testPhone

			result, err := c.Create(context.Background(), tc.intent)
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			if len(result.Warnings) != 1 || !strings.Contains(result.Warnings[0].Detail, tc.want) {
				t.Fatalf("warnings = %q, want one naming %s", warningSummaries(result.Warnings), tc.want)
			}
		})
	}
}

func TestCreateWarnsWhenServiceRoutesInboundSMS(t *testing.T) {
	c, fake := newTestCarrier(t)
	fake.AddNumber(twiliofake.Number{PhoneNumber: testPhone})
	svc := fake.AddService(twiliofake.Service{InboundRequestURL: "https://svc.example.test/in"})

	result, err := c.Create(context.Background(), carrier.Intent{PhoneNumber: testPhone, SMS: carrier.SMSEnable, MessagingServiceSID: svc.SID})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if len(result.Warnings) != 1 || !strings.Contains(result.Warnings[0].Detail, "use_inbound_webhook_on_number") {
		t.Fatalf("warnings = %q, want one about use_inbound_webhook_on_number", warningSummaries(result.Warnings))
	}
}

func TestCreateNoWarningsForPlainNumber(t *testing.T) {
	c, fake := newTestCarrier(t)
	fake.AddNumber(twiliofake.Number{PhoneNumber: testPhone})
	svc := fake.AddService(twiliofake.Service{UseInboundWebhookOnNumber: true})

	result, err := c.Create(context.Background(), carrier.Intent{PhoneNumber: testPhone, ManageVoice: true, VoiceURL: "https://a.example.test/v", SMS: carrier.SMSEnable, MessagingServiceSID: svc.SID})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if len(result.Warnings) != 0 {
		t.Fatalf("warnings = %q, want none", warningSummaries(result.Warnings))
	}
}

// The PhoneNumber filter matches partial numbers; only the exact one counts.
func TestCreateMatchesNumberExactly(t *testing.T) {
	c, fake := newTestCarrier(t)
	fake.AddNumber(twiliofake.Number{PhoneNumber: testPhone + "9"})
	fake.AddNumber(twiliofake.Number{PhoneNumber: "+1" + testPhone[1:]})

	_, err := c.Create(context.Background(), carrier.Intent{PhoneNumber: testPhone, SMS: carrier.SMSDisable})
	if !errors.Is(err, carrier.ErrNumberNotFound) {
		t.Fatalf("Create = %v, want ErrNumberNotFound", err)
	}
	if w := fake.Writes(); len(w) != 0 {
		t.Fatalf("writes = %v, want none", w)
	}

	exact := fake.AddNumber(twiliofake.Number{PhoneNumber: testPhone})
	result, err := c.Create(context.Background(), carrier.Intent{PhoneNumber: testPhone, SMS: carrier.SMSDisable})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if result.Observed.NumberID != exact.SID {
		t.Fatalf("took over %s, want %s", result.Observed.NumberID, exact.SID)
	}
}

// A failed join after a successful update is a partial failure that keeps the
// record, so the state records what changed.
func TestCreateServiceJoinFailureIsPartial(t *testing.T) {
	c, fake := newTestCarrier(t)
	fake.AddNumber(twiliofake.Number{PhoneNumber: testPhone})
	svc := fake.AddService(twiliofake.Service{UseInboundWebhookOnNumber: true})
	fake.FailNext(func(r *http.Request) bool {
		return r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/PhoneNumbers")
	}, 400, 1)

	result, err := c.Create(context.Background(), carrier.Intent{PhoneNumber: testPhone, SMS: carrier.SMSEnable, MessagingServiceSID: svc.SID})
	var partial *carrier.PartialError
	if !errors.As(err, &partial) {
		t.Fatalf("Create = %v, want a PartialError", err)
	}
	if len(partial.Unmet) != 1 || partial.Unmet[0] != "enable_sms" {
		t.Fatalf("Unmet = %v, want [enable_sms]", partial.Unmet)
	}
	if result.Record == nil || result.Observed.SMSStatus != carrier.SMSEnabled {
		t.Fatalf("result = %+v, want the record and the written SMS URL", result)
	}
	if got := fake.ServiceNumbers(svc.SID); len(got) != 0 {
		t.Fatalf("sender pool = %v, want empty", got)
	}
}

func TestDeleteRestoresOnlyWhatWasWritten(t *testing.T) {
	c, fake := newTestCarrier(t)
	fake.AddNumber(twiliofake.Number{PhoneNumber: testPhone, VoiceURL: "https://old.example.test/v", VoiceMethod: "GET", SMSURL: "https://old.example.test/s", SMSMethod: "GET"})

	result, err := c.Create(context.Background(), carrier.Intent{PhoneNumber: testPhone, ManageVoice: true, VoiceURL: "https://a.example.test/v"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	n, _ := fake.Number(testPhone)
	n.SMSURL = "https://someone-else.example.test/s"
	fake.SetNumber(n)

	if err := c.Delete(context.Background(), result.Record, true); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	n, _ = fake.Number(testPhone)
	if n.VoiceURL != "https://old.example.test/v" || n.VoiceMethod != "GET" {
		t.Errorf("voice = %s %s, want the original GET https://old.example.test/v", n.VoiceMethod, n.VoiceURL)
	}
	if n.SMSURL != "https://someone-else.example.test/s" {
		t.Errorf("SMS URL = %s; the resource never managed SMS, so destroy must leave it", n.SMSURL)
	}
}

func TestReadCostsOneRequest(t *testing.T) {
	c, fake := newTestCarrier(t)
	fake.AddNumber(twiliofake.Number{PhoneNumber: testPhone})
	result, err := c.Create(context.Background(), carrier.Intent{PhoneNumber: testPhone, SMS: carrier.SMSDisable})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	fake.ResetRequests()
	if _, err := c.Read(context.Background(), testPhone, result.Record); err != nil {
		t.Fatalf("Read: %v", err)
	}
	if got := fake.Requests(); len(got) != 1 || got[0].Method != "GET" || !strings.Contains(got[0].Path, "/IncomingPhoneNumbers/PN") {
		t.Fatalf("requests = %+v, want one fetch by SID", got)
	}
}
