package twiliofake

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	messaging "github.com/twilio/twilio-go/rest/messaging/v1"
)

func TestFetchService(t *testing.T) {
	s := newServer(t)
	service := s.AddService(Service{
		FriendlyName:              "inbound",
		InboundRequestURL:         "https://hooks.example.com/inbound",
		UseInboundWebhookOnNumber: true,
	})
	rest := newAccountClient(t, s)

	got, err := rest.MessagingV1.FetchService(service.SID)
	if err != nil {
		t.Fatalf("FetchService: %v", err)
	}

	if !strings.HasPrefix(service.SID, "MG") || len(service.SID) != 34 {
		t.Errorf("generated SID %q is not MG followed by 32 hex digits", service.SID)
	}
	if stringValue(got.Sid) != service.SID || stringValue(got.AccountSid) != s.AccountSID() {
		t.Errorf("sid, account_sid = %s, %s; want %s, %s", stringValue(got.Sid), stringValue(got.AccountSid), service.SID, s.AccountSID())
	}
	if stringValue(got.FriendlyName) != "inbound" {
		t.Errorf("friendly_name = %s, want inbound", stringValue(got.FriendlyName))
	}
	if stringValue(got.InboundRequestUrl) != "https://hooks.example.com/inbound" {
		t.Errorf("inbound_request_url = %s, want the seeded URL", stringValue(got.InboundRequestUrl))
	}
	if got.UseInboundWebhookOnNumber == nil || !*got.UseInboundWebhookOnNumber {
		t.Errorf("use_inbound_webhook_on_number = %v, want true", got.UseInboundWebhookOnNumber)
	}
	if got.DateCreated == nil || time.Since(*got.DateCreated) > time.Minute {
		t.Errorf("date_created = %v, want about now", got.DateCreated)
	}
	if got.Links == nil || (*got.Links)["phone_numbers"] != "https://messaging.twilio.com/v1/Services/"+service.SID+"/PhoneNumbers" {
		t.Errorf("links = %v, want a phone_numbers link", got.Links)
	}
}

func TestFetchUnknownServiceReturns404(t *testing.T) {
	s := newServer(t)
	rest := newAccountClient(t, s)

	_, err := rest.MessagingV1.FetchService("MG" + strings.Repeat("0", 32))

	requireRestError(t, err, http.StatusNotFound, 20404)
}

func TestAddNumberToService(t *testing.T) {
	s := newServer(t)
	number := s.AddNumber(Number{PhoneNumber: "+14155550100"})
	service := s.AddService(Service{})
	rest := newAccountClient(t, s)

	got, err := rest.MessagingV1.CreatePhoneNumber(service.SID, (&messaging.CreatePhoneNumberParams{}).SetPhoneNumberSid(number.SID))
	if err != nil {
		t.Fatalf("CreatePhoneNumber: %v", err)
	}

	if stringValue(got.Sid) != number.SID || stringValue(got.ServiceSid) != service.SID {
		t.Errorf("sid, service_sid = %s, %s; want %s, %s", stringValue(got.Sid), stringValue(got.ServiceSid), number.SID, service.SID)
	}
	if stringValue(got.PhoneNumber) != "+14155550100" || stringValue(got.CountryCode) != "US" {
		t.Errorf("phone_number, country_code = %s, %s; want +14155550100, US", stringValue(got.PhoneNumber), stringValue(got.CountryCode))
	}
	wantURL := "https://messaging.twilio.com/v1/Services/" + service.SID + "/PhoneNumbers/" + number.SID
	if stringValue(got.Url) != wantURL {
		t.Errorf("url = %s, want %s", stringValue(got.Url), wantURL)
	}
	if pool := s.ServiceNumbers(service.SID); len(pool) != 1 || pool[0] != number.SID {
		t.Errorf("ServiceNumbers = %v, want [%s]", pool, number.SID)
	}
	if writes := s.Writes(); len(writes) != 1 || writes[0].Status != http.StatusCreated {
		t.Errorf("Writes() = %+v, want one POST answered 201", writes)
	}
}

func TestAddNumberToServiceTwiceReturns409(t *testing.T) {
	s := newServer(t)
	number := s.AddNumber(Number{})
	service := s.AddService(Service{})
	s.AddToService(service.SID, number.SID)
	rest := newAccountClient(t, s)

	_, err := rest.MessagingV1.CreatePhoneNumber(service.SID, (&messaging.CreatePhoneNumberParams{}).SetPhoneNumberSid(number.SID))

	message := requireRestError(t, err, http.StatusConflict, 21710)
	if !strings.Contains(message, "already in the Messaging Service") {
		t.Errorf("message = %q, want it to say the number is already in the Messaging Service", message)
	}
}

func TestAddNumberToSecondServiceReturns409(t *testing.T) {
	s := newServer(t)
	number := s.AddNumber(Number{})
	first := s.AddService(Service{})
	second := s.AddService(Service{})
	s.AddToService(first.SID, number.SID)
	rest := newAccountClient(t, s)

	_, err := rest.MessagingV1.CreatePhoneNumber(second.SID, (&messaging.CreatePhoneNumberParams{}).SetPhoneNumberSid(number.SID))

	requireRestError(t, err, http.StatusConflict, 21712)
	if pool := s.ServiceNumbers(first.SID); len(pool) != 1 {
		t.Errorf("first service pool = %v, want the number to stay", pool)
	}
	if pool := s.ServiceNumbers(second.SID); len(pool) != 0 {
		t.Errorf("second service pool = %v, want empty", pool)
	}
}

func TestAddUnknownNumberToServiceReturns400(t *testing.T) {
	s := newServer(t)
	service := s.AddService(Service{})
	rest := newAccountClient(t, s)

	_, err := rest.MessagingV1.CreatePhoneNumber(service.SID,
		(&messaging.CreatePhoneNumberParams{}).SetPhoneNumberSid("PN"+strings.Repeat("2", 32)))

	requireRestError(t, err, http.StatusBadRequest, 21201)
}

func TestAddNumberToUnknownServiceReturns404(t *testing.T) {
	s := newServer(t)
	number := s.AddNumber(Number{})
	rest := newAccountClient(t, s)

	_, err := rest.MessagingV1.CreatePhoneNumber("MG"+strings.Repeat("3", 32),
		(&messaging.CreatePhoneNumberParams{}).SetPhoneNumberSid(number.SID))

	requireRestError(t, err, http.StatusNotFound, 20404)
}

func TestAddNumberToServiceWithoutSIDReturns400(t *testing.T) {
	s := newServerWithoutContract(t)
	service := s.AddService(Service{})

	resp, body := rawRequest(t, s, http.MethodPost, "/v1/Services/"+service.SID+"/PhoneNumbers", url.Values{})

	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status = %d, want 400; body %s", resp.StatusCode, body)
	}
}

func TestRemoveNumberFromService(t *testing.T) {
	s := newServer(t)
	number := s.AddNumber(Number{})
	service := s.AddService(Service{})
	s.AddToService(service.SID, number.SID)
	rest := newAccountClient(t, s)

	if _, err := rest.MessagingV1.FetchPhoneNumber(service.SID, number.SID); err != nil {
		t.Fatalf("FetchPhoneNumber before removal: %v", err)
	}
	if err := rest.MessagingV1.DeletePhoneNumber(service.SID, number.SID); err != nil {
		t.Fatalf("DeletePhoneNumber: %v", err)
	}

	if pool := s.ServiceNumbers(service.SID); len(pool) != 0 {
		t.Errorf("ServiceNumbers = %v, want empty after removal", pool)
	}
	if _, ok := s.Number(number.SID); !ok {
		t.Errorf("number %s was released, want only its pool membership removed", number.SID)
	}
	_, err := rest.MessagingV1.FetchPhoneNumber(service.SID, number.SID)
	requireRestError(t, err, http.StatusNotFound, 20404)
	err = rest.MessagingV1.DeletePhoneNumber(service.SID, number.SID)
	requireRestError(t, err, http.StatusNotFound, 20404)
}

func TestFetchServiceNumberByPhone(t *testing.T) {
	s := newServer(t)
	number := s.AddNumber(Number{PhoneNumber: "+14155550111"})
	service := s.AddService(Service{})
	s.AddToService(service.SID, number.SID)

	resp, body := rawRequest(t, s, http.MethodGet, "/v1/Services/"+service.SID+"/PhoneNumbers/"+url.PathEscape("+14155550111"), nil)

	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", resp.StatusCode, body)
	}
	if sid := decodeObject(t, body)["sid"]; sid != number.SID {
		t.Errorf("sid = %v, want %s", sid, number.SID)
	}
}

func TestListServiceNumbersWalksPages(t *testing.T) {
	s := newServer(t)
	service := s.AddService(Service{})
	var want []string
	for i := 0; i < 5; i++ {
		number := s.AddNumber(Number{})
		s.AddToService(service.SID, number.SID)
		want = append(want, number.SID)
	}
	s.AddNumber(Number{}) // not in the pool
	rest := newAccountClient(t, s)

	got, err := rest.MessagingV1.ListPhoneNumber(service.SID, (&messaging.ListPhoneNumberParams{}).SetPageSize(2))
	if err != nil {
		t.Fatalf("ListPhoneNumber: %v", err)
	}

	var sids []string
	for _, number := range got {
		sids = append(sids, stringValue(number.Sid))
	}
	if strings.Join(sids, ",") != strings.Join(want, ",") {
		t.Errorf("listed %v, want %v", sids, want)
	}
	if n := len(s.Requests()); n != 3 {
		t.Errorf("sent %d requests, want 3 pages of at most 2", n)
	}
}

func TestAddToServiceMovesNumber(t *testing.T) {
	s := newServer(t)
	number := s.AddNumber(Number{})
	first := s.AddService(Service{})
	second := s.AddService(Service{})

	s.AddToService(first.SID, number.SID)
	s.AddToService(second.SID, number.SID)

	if pool := s.ServiceNumbers(first.SID); len(pool) != 0 {
		t.Errorf("first pool = %v, want empty after the move", pool)
	}
	if pool := s.ServiceNumbers(second.SID); len(pool) != 1 {
		t.Errorf("second pool = %v, want the number", pool)
	}
	s.RemoveFromService(second.SID, number.SID)
	if pool := s.ServiceNumbers(second.SID); len(pool) != 0 {
		t.Errorf("second pool = %v, want empty after RemoveFromService", pool)
	}
}
