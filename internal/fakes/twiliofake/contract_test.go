package twiliofake

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	api "github.com/twilio/twilio-go/rest/api/v2010"
	messaging "github.com/twilio/twilio-go/rest/messaging/v1"
)

// openAPIDir returns the directory of Twilio's OpenAPI descriptions, or skips
// the test when TWILIO_OPENAPI_DIR is not set.
func openAPIDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("TWILIO_OPENAPI_DIR")
	if dir == "" {
		t.Skip("TWILIO_OPENAPI_DIR is not set, so contract validation is not tested")
	}
	return dir
}

// newContractServer starts a fake that validates against the OpenAPI
// description and is closed at cleanup without failing t on violations, so
// tests can inspect them.
func newContractServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(Options{OpenAPIDir: openAPIDir(t)})
	if err != nil {
		t.Fatalf("start Twilio fake with contract validation: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

func requireNoViolations(t *testing.T, s *Server) {
	t.Helper()
	for _, violation := range s.ContractViolations() {
		t.Errorf("unexpected contract violation: %s", violation)
	}
}

func TestContractAcceptsValidUpdate(t *testing.T) {
	s := newContractServer(t)
	added := s.AddNumber(Number{})
	rest := newAccountClient(t, s)

	params := (&api.UpdateIncomingPhoneNumberParams{}).
		SetVoiceUrl("https://example.com/voice").
		SetVoiceMethod("POST").
		SetSmsUrl("https://example.com/sms").
		SetSmsMethod("GET").
		SetStatusCallback("https://example.com/status").
		SetVoiceApplicationSid("AP" + strings.Repeat("a", 32)).
		SetVoiceReceiveMode("voice").
		SetFriendlyName("main line")
	if _, err := rest.Api.UpdateIncomingPhoneNumber(added.SID, params); err != nil {
		t.Fatalf("UpdateIncomingPhoneNumber: %v", err)
	}

	requireNoViolations(t, s)
}

func TestContractRejectsInvalidMethod(t *testing.T) {
	s := newContractServer(t)
	added := s.AddNumber(Number{})
	rest := newAccountClient(t, s)

	_, err := rest.Api.UpdateIncomingPhoneNumber(added.SID, (&api.UpdateIncomingPhoneNumberParams{}).SetVoiceMethod("PUTX"))

	message := requireRestError(t, err, http.StatusBadRequest, 21201)
	if !strings.Contains(message, "OpenAPI") {
		t.Errorf("message = %q, want it to name the OpenAPI description", message)
	}
	violations := s.ContractViolations()
	if len(violations) != 1 {
		t.Fatalf("recorded %d violations, want 1: %q", len(violations), violations)
	}
	wantPrefix := "POST " + s.numberPath(added.SID) + ": request: "
	if !strings.HasPrefix(violations[0], wantPrefix) || !strings.Contains(violations[0], "VoiceMethod") {
		t.Errorf("violation = %q, want it to start with %q and name VoiceMethod", violations[0], wantPrefix)
	}
	if stored, _ := s.Number(added.SID); stored != added {
		t.Errorf("stored number = %+v, want it unchanged", stored)
	}
	if writes := s.Writes(); len(writes) != 1 || writes[0].Status != http.StatusBadRequest {
		t.Errorf("Writes() = %+v, want the rejected POST logged with status 400", writes)
	}

	s.ResetContractViolations()
	if n := len(s.ContractViolations()); n != 0 {
		t.Errorf("ContractViolations has %d entries after reset, want 0", n)
	}
}

func TestContractResponsesValidate(t *testing.T) {
	s := newContractServer(t)
	var numbers []Number
	for i := 0; i < 3; i++ {
		numbers = append(numbers, s.AddNumber(Number{
			VoiceURL:            fmt.Sprintf("https://example.com/voice/%d", i),
			TrunkSID:            "TK" + strings.Repeat("b", 32),
			SMSApplicationSID:   "AP" + strings.Repeat("c", 32),
			VoiceReceiveMode:    "fax",
			VoiceFallbackMethod: "GET",
		}))
	}
	service := s.AddService(Service{FriendlyName: "pool", InboundRequestURL: "https://example.com/inbound"})
	rest := newAccountClient(t, s)

	steps := []struct {
		name string
		run  func() error
	}{
		{"fetch number", func() error {
			_, err := rest.Api.FetchIncomingPhoneNumber(numbers[0].SID, nil)
			return err
		}},
		{"update number", func() error {
			_, err := rest.Api.UpdateIncomingPhoneNumber(numbers[0].SID, (&api.UpdateIncomingPhoneNumberParams{}).SetSmsUrl("https://example.com/sms"))
			return err
		}},
		{"clear number fields", func() error {
			_, err := rest.Api.UpdateIncomingPhoneNumber(numbers[1].SID, (&api.UpdateIncomingPhoneNumberParams{}).SetTrunkSid("").SetSmsApplicationSid("").SetVoiceUrl(""))
			return err
		}},
		{"list numbers in pages", func() error {
			_, err := rest.Api.ListIncomingPhoneNumber((&api.ListIncomingPhoneNumberParams{}).SetPageSize(2).SetPhoneNumber("+1555"))
			return err
		}},
		{"fetch service", func() error {
			_, err := rest.MessagingV1.FetchService(service.SID)
			return err
		}},
		{"add number to service", func() error {
			_, err := rest.MessagingV1.CreatePhoneNumber(service.SID, (&messaging.CreatePhoneNumberParams{}).SetPhoneNumberSid(numbers[0].SID))
			return err
		}},
		{"fetch service number", func() error {
			_, err := rest.MessagingV1.FetchPhoneNumber(service.SID, numbers[0].SID)
			return err
		}},
		{"list service numbers", func() error {
			_, err := rest.MessagingV1.ListPhoneNumber(service.SID, nil)
			return err
		}},
		{"remove number from service", func() error {
			return rest.MessagingV1.DeletePhoneNumber(service.SID, numbers[0].SID)
		}},
		{"delete number", func() error {
			return rest.Api.DeleteIncomingPhoneNumber(numbers[2].SID, nil)
		}},
	}
	for _, step := range steps {
		if err := step.run(); err != nil {
			t.Errorf("%s: %v", step.name, err)
		}
	}

	requireNoViolations(t, s)
	if n := len(s.Requests()); n < len(steps) {
		t.Errorf("logged %d requests, want at least one per step (%d)", n, len(steps))
	}
}

func TestContractDetectsInvalidResponse(t *testing.T) {
	s := newContractServer(t)
	added := s.AddNumber(Number{})
	rest := newAccountClient(t, s)
	// The description requires sms_application_sid to start with AP. A
	// Messaging Service SID there makes the fake's own response invalid.
	changed := added
	changed.SMSApplicationSID = "MG" + strings.Repeat("d", 32)
	s.SetNumber(changed)

	if _, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil); err != nil {
		t.Fatalf("FetchIncomingPhoneNumber: %v", err)
	}

	violations := s.ContractViolations()
	if len(violations) != 1 || !strings.Contains(violations[0], "response with status 200") {
		t.Errorf("violations = %q, want one about the 200 response", violations)
	}
}

func TestContractRecordsUnknownOperation(t *testing.T) {
	s := newContractServer(t)

	resp, _ := rawRequest(t, s, http.MethodGet, "/2010-04-01/Accounts/"+s.AccountSID()+"/NoSuchResource.json", nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown path: status = %d, want 404", resp.StatusCode)
	}
	resp, _ = rawRequest(t, s, http.MethodPut, "/v1/Services/MG"+strings.Repeat("e", 32), url.Values{})
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("unknown method: status = %d, want 405", resp.StatusCode)
	}

	if n := len(s.ContractViolations()); n != 2 {
		t.Errorf("recorded %d violations, want 2: %q", n, s.ContractViolations())
	}
}

func TestContractRejectsInvalidPathParameter(t *testing.T) {
	s := newContractServer(t)

	resp, body := rawRequest(t, s, http.MethodGet, "/2010-04-01/Accounts/"+s.AccountSID()+"/IncomingPhoneNumbers/PN123.json", nil)

	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status = %d, want 400; body %s", resp.StatusCode, body)
	}
	if n := len(s.ContractViolations()); n != 1 {
		t.Errorf("recorded %d violations, want 1 for a SID that fails the pattern", n)
	}
}

func TestContractIsLoadedOncePerDirectory(t *testing.T) {
	dir := openAPIDir(t)

	first, err := loadContract(dir)
	if err != nil {
		t.Fatalf("loadContract: %v", err)
	}
	second, err := loadContract(dir + "/.")
	if err != nil {
		t.Fatalf("loadContract: %v", err)
	}

	if first != second {
		t.Errorf("loadContract returned two contracts for the same directory")
	}
}

// recordingTB captures what NewForTest reports at cleanup.
type recordingTB struct {
	testing.TB
	cleanups []func()
	errors   []string
}

func (r *recordingTB) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestNewForTestFailsOnViolation(t *testing.T) {
	recorder := &recordingTB{TB: t}
	s := NewForTest(recorder, Options{OpenAPIDir: openAPIDir(t)})
	added := s.AddNumber(Number{})

	resp, _ := rawRequest(t, s, http.MethodPost, s.numberPath(added.SID), url.Values{"VoiceMethod": {"PUTX"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status = %d, want 400", resp.StatusCode)
	}
	for i := len(recorder.cleanups) - 1; i >= 0; i-- {
		recorder.cleanups[i]()
	}

	if len(recorder.errors) != 1 || !strings.Contains(recorder.errors[0], "VoiceMethod") {
		t.Errorf("NewForTest reported %q at cleanup, want one error naming VoiceMethod", recorder.errors)
	}
}
