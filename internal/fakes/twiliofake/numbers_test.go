package twiliofake

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	api "github.com/twilio/twilio-go/rest/api/v2010"
)

func TestFetchNumberReturnsFullObject(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{PhoneNumber: "+14155550100", VoiceURL: "https://voice.example.com/answer"})
	rest := newAccountClient(t, s)

	got, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil)
	if err != nil {
		t.Fatalf("FetchIncomingPhoneNumber: %v", err)
	}

	if stringValue(got.Sid) != added.SID {
		t.Errorf("sid = %s, want %s", stringValue(got.Sid), added.SID)
	}
	if !regexp.MustCompile(`^PN[0-9a-f]{32}$`).MatchString(added.SID) {
		t.Errorf("generated SID %q is not PN followed by 32 lowercase hex digits", added.SID)
	}
	if stringValue(got.AccountSid) != s.AccountSID() {
		t.Errorf("account_sid = %s, want %s", stringValue(got.AccountSid), s.AccountSID())
	}
	if stringValue(got.PhoneNumber) != "+14155550100" {
		t.Errorf("phone_number = %s, want +14155550100", stringValue(got.PhoneNumber))
	}
	if stringValue(got.FriendlyName) != "(415) 555-0100" {
		t.Errorf("friendly_name = %s, want the formatted number (415) 555-0100", stringValue(got.FriendlyName))
	}
	if stringValue(got.VoiceUrl) != "https://voice.example.com/answer" {
		t.Errorf("voice_url = %s, want the seeded URL", stringValue(got.VoiceUrl))
	}
	if stringValue(got.VoiceMethod) != "POST" || stringValue(got.SmsMethod) != "POST" {
		t.Errorf("voice_method, sms_method = %s, %s; want the default POST", stringValue(got.VoiceMethod), stringValue(got.SmsMethod))
	}
	if stringValue(got.VoiceReceiveMode) != "voice" {
		t.Errorf("voice_receive_mode = %s, want voice", stringValue(got.VoiceReceiveMode))
	}
	if got.SmsUrl != nil || got.TrunkSid != nil || got.SmsApplicationSid != nil || got.VoiceApplicationSid != nil {
		t.Errorf("empty fields sms_url, trunk_sid, sms_application_sid, voice_application_sid = %s, %s, %s, %s; want null",
			stringValue(got.SmsUrl), stringValue(got.TrunkSid), stringValue(got.SmsApplicationSid), stringValue(got.VoiceApplicationSid))
	}
	wantURI := "/2010-04-01/Accounts/" + s.AccountSID() + "/IncomingPhoneNumbers/" + added.SID + ".json"
	if stringValue(got.Uri) != wantURI {
		t.Errorf("uri = %s, want %s", stringValue(got.Uri), wantURI)
	}
	if got.Capabilities == nil || !got.Capabilities.Sms {
		t.Errorf("capabilities = %+v, want sms true", got.Capabilities)
	}
	created, err := time.Parse(time.RFC1123Z, stringValue(got.DateCreated))
	if err != nil {
		t.Errorf("date_created %q is not RFC 2822: %v", stringValue(got.DateCreated), err)
	} else if time.Since(created) > time.Minute {
		t.Errorf("date_created = %v, want about now", created)
	}
}

func TestFetchNumberNullFieldsInJSON(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{})

	resp, body := rawRequest(t, s, http.MethodGet, s.numberPath(added.SID), nil)

	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", resp.StatusCode, body)
	}
	object := decodeObject(t, body)
	for _, field := range []string{"voice_url", "sms_url", "trunk_sid", "sms_application_sid", "address_sid", "bundle_sid"} {
		value, present := object[field]
		if !present {
			t.Errorf("field %s is missing, want null", field)
		} else if value != nil {
			t.Errorf("field %s = %v, want null", field, value)
		}
	}
	if resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", resp.Header.Get("Content-Type"))
	}
	if id := resp.Header.Get("Twilio-Request-Id"); !strings.HasPrefix(id, "RQ") || len(id) != 34 {
		t.Errorf("Twilio-Request-Id = %q, want RQ followed by 32 hex digits", id)
	}
}

func TestFetchUnknownNumberReturns404(t *testing.T) {
	s := newServer(t)
	rest := newAccountClient(t, s)
	missing := "PN" + strings.Repeat("0", 32)

	_, err := rest.Api.FetchIncomingPhoneNumber(missing, nil)

	message := requireRestError(t, err, http.StatusNotFound, 20404)
	wantMessage := "The requested resource " + s.numberPath(missing) + " was not found"
	if message != wantMessage {
		t.Errorf("message = %q, want %q", message, wantMessage)
	}
}

func TestUpdateNumberChangesOnlySentFields(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{
		VoiceURL: "https://old.example.com/voice",
		SMSURL:   "https://old.example.com/sms",
	})
	rest := newAccountClient(t, s)

	params := (&api.UpdateIncomingPhoneNumberParams{}).
		SetVoiceUrl("https://new.example.com/voice").
		SetVoiceMethod("GET")
	got, err := rest.Api.UpdateIncomingPhoneNumber(added.SID, params)
	if err != nil {
		t.Fatalf("UpdateIncomingPhoneNumber: %v", err)
	}

	if stringValue(got.VoiceUrl) != "https://new.example.com/voice" {
		t.Errorf("response voice_url = %s, want the new URL", stringValue(got.VoiceUrl))
	}
	if stringValue(got.VoiceMethod) != "GET" {
		t.Errorf("response voice_method = %s, want GET", stringValue(got.VoiceMethod))
	}
	if stringValue(got.SmsUrl) != "https://old.example.com/sms" {
		t.Errorf("response sms_url = %s, want it unchanged", stringValue(got.SmsUrl))
	}
	stored, _ := s.Number(added.SID)
	want := added
	want.VoiceURL = "https://new.example.com/voice"
	want.VoiceMethod = "GET"
	if stored != want {
		t.Errorf("stored number = %+v, want %+v", stored, want)
	}

	writes := s.Writes()
	if len(writes) != 1 {
		t.Fatalf("Writes() has %d entries, want 1: %+v", len(writes), writes)
	}
	if writes[0].Form.Get("VoiceUrl") != "https://new.example.com/voice" || writes[0].Status != http.StatusOK {
		t.Errorf("logged write = %+v, want the VoiceUrl form and status 200", writes[0])
	}
}

func TestUpdateNumberClearsFieldSentEmpty(t *testing.T) {
	s := newServer(t)
	application := "AP" + strings.Repeat("a", 32)
	added := s.AddNumber(Number{SMSApplicationSID: application, SMSURL: "https://old.example.com/sms"})
	rest := newAccountClient(t, s)

	params := (&api.UpdateIncomingPhoneNumberParams{}).SetSmsApplicationSid("").SetSmsUrl("")
	got, err := rest.Api.UpdateIncomingPhoneNumber(added.SID, params)
	if err != nil {
		t.Fatalf("UpdateIncomingPhoneNumber: %v", err)
	}

	if got.SmsApplicationSid != nil {
		t.Errorf("sms_application_sid = %s, want null after clearing", stringValue(got.SmsApplicationSid))
	}
	if got.SmsUrl != nil {
		t.Errorf("sms_url = %s, want null after clearing", stringValue(got.SmsUrl))
	}
}

func TestUpdateNumberTrunkClearsApplication(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{VoiceApplicationSID: "AP" + strings.Repeat("b", 32)})
	rest := newAccountClient(t, s)
	trunk := "TK" + strings.Repeat("c", 32)

	_, err := rest.Api.UpdateIncomingPhoneNumber(added.SID, (&api.UpdateIncomingPhoneNumberParams{}).SetTrunkSid(trunk))
	if err != nil {
		t.Fatalf("UpdateIncomingPhoneNumber: %v", err)
	}

	stored, _ := s.Number(added.SID)
	if stored.TrunkSID != trunk {
		t.Errorf("TrunkSID = %q, want %q", stored.TrunkSID, trunk)
	}
	if stored.VoiceApplicationSID != "" {
		t.Errorf("VoiceApplicationSID = %q, want it cleared by setting a trunk", stored.VoiceApplicationSID)
	}
}

func TestUpdateNumberRejectsInvalidValues(t *testing.T) {
	cases := []struct {
		name     string
		params   *api.UpdateIncomingPhoneNumberParams
		wantCode int
	}{
		{"method", (&api.UpdateIncomingPhoneNumberParams{}).SetVoiceMethod("PUTX"), 21201},
		{"lowercase method", (&api.UpdateIncomingPhoneNumberParams{}).SetSmsMethod("post"), 21201},
		{"url scheme", (&api.UpdateIncomingPhoneNumberParams{}).SetSmsUrl("ftp://example.com/sms"), 21502},
		{"relative url", (&api.UpdateIncomingPhoneNumberParams{}).SetVoiceUrl("/voice"), 21502},
		{"status callback", (&api.UpdateIncomingPhoneNumberParams{}).SetStatusCallback("not a url"), 21502},
		{"application sid", (&api.UpdateIncomingPhoneNumberParams{}).SetSmsApplicationSid("MG" + strings.Repeat("d", 32)), 21201},
		{"receive mode", (&api.UpdateIncomingPhoneNumberParams{}).SetVoiceReceiveMode("video"), 21201},
		{"friendly name", (&api.UpdateIncomingPhoneNumberParams{}).SetFriendlyName(strings.Repeat("x", 65)), 21201},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServerWithoutContract(t)
			added := s.AddNumber(Number{})
			rest := newAccountClient(t, s)

			_, err := rest.Api.UpdateIncomingPhoneNumber(added.SID, tc.params)

			requireRestError(t, err, http.StatusBadRequest, tc.wantCode)
			if stored, _ := s.Number(added.SID); stored != added {
				t.Errorf("stored number = %+v, want it unchanged %+v", stored, added)
			}
		})
	}
}

func TestUpdateUnknownNumberReturns404(t *testing.T) {
	s := newServer(t)
	rest := newAccountClient(t, s)

	_, err := rest.Api.UpdateIncomingPhoneNumber("PN"+strings.Repeat("1", 32),
		(&api.UpdateIncomingPhoneNumberParams{}).SetVoiceUrl("https://example.com/voice"))

	requireRestError(t, err, http.StatusNotFound, 20404)
}

func TestDeleteNumberReleasesIt(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{})
	service := s.AddService(Service{})
	s.AddToService(service.SID, added.SID)
	rest := newAccountClient(t, s)

	if err := rest.Api.DeleteIncomingPhoneNumber(added.SID, nil); err != nil {
		t.Fatalf("DeleteIncomingPhoneNumber: %v", err)
	}

	if _, ok := s.Number(added.SID); ok {
		t.Errorf("number %s still exists after DELETE", added.SID)
	}
	if pool := s.ServiceNumbers(service.SID); len(pool) != 0 {
		t.Errorf("service pool = %v, want empty after the number was released", pool)
	}
	if got := s.Writes(); len(got) != 1 || got[0].Status != http.StatusNoContent {
		t.Errorf("Writes() = %+v, want one DELETE answered 204", got)
	}
	err := rest.Api.DeleteIncomingPhoneNumber(added.SID, nil)
	requireRestError(t, err, http.StatusNotFound, 20404)
}

func TestListWalksAllPages(t *testing.T) {
	s := newServer(t)
	var want []string
	for i := 0; i < 120; i++ {
		want = append(want, s.AddNumber(Number{PhoneNumber: fmt.Sprintf("+1415555%04d", i)}).SID)
	}
	rest := newAccountClient(t, s)

	got, err := rest.Api.ListIncomingPhoneNumber((&api.ListIncomingPhoneNumberParams{}).SetPageSize(50))
	if err != nil {
		t.Fatalf("ListIncomingPhoneNumber: %v", err)
	}

	if len(got) != len(want) {
		t.Fatalf("listed %d numbers, want %d", len(got), len(want))
	}
	for i := range want {
		if stringValue(got[i].Sid) != want[i] {
			t.Fatalf("number %d = %s, want %s (creation order)", i, stringValue(got[i].Sid), want[i])
		}
	}
	requests := s.Requests()
	if len(requests) != 3 {
		t.Fatalf("sent %d requests, want 3 pages of at most 50: %+v", len(requests), requests)
	}
	for page, request := range requests {
		firstWithoutPage := page == 0 && request.Query.Get("Page") == ""
		if request.Query.Get("Page") != fmt.Sprint(page) && !firstWithoutPage {
			t.Errorf("request %d has Page=%q, want %d", page, request.Query.Get("Page"), page)
		}
		if request.Query.Get("PageSize") != "50" {
			t.Errorf("request %d has PageSize=%q, want 50", page, request.Query.Get("PageSize"))
		}
	}
	if token := requests[1].Query.Get("PageToken"); token != "PA"+want[49] {
		t.Errorf("second page token = %q, want PA and the last SID of the first page", token)
	}
}

func TestListPageFields(t *testing.T) {
	s := newServer(t)
	var sids []string
	for i := 0; i < 5; i++ {
		sids = append(sids, s.AddNumber(Number{}).SID)
	}
	path := "/2010-04-01/Accounts/" + s.AccountSID() + "/IncomingPhoneNumbers.json"

	resp, body := rawRequest(t, s, http.MethodGet, path+"?PageSize=2", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", resp.StatusCode, body)
	}
	first := decodeObject(t, body)
	wantNext := path + "?PageSize=2&Page=1&PageToken=PA" + sids[1]
	if first["next_page_uri"] != wantNext {
		t.Errorf("next_page_uri = %v, want %s", first["next_page_uri"], wantNext)
	}
	if first["previous_page_uri"] != nil {
		t.Errorf("previous_page_uri = %v, want null on the first page", first["previous_page_uri"])
	}
	if first["first_page_uri"] != path+"?PageSize=2&Page=0" || first["uri"] != path+"?PageSize=2&Page=0" {
		t.Errorf("first_page_uri, uri = %v, %v; want %s?PageSize=2&Page=0", first["first_page_uri"], first["uri"], path)
	}
	if first["start"] != 0.0 || first["end"] != 1.0 || first["page"] != 0.0 || first["page_size"] != 2.0 {
		t.Errorf("start, end, page, page_size = %v, %v, %v, %v; want 0, 1, 0, 2", first["start"], first["end"], first["page"], first["page_size"])
	}

	resp, body = rawRequest(t, s, http.MethodGet, path+"?PageSize=2&Page=2&PageToken=PA"+sids[3], nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("last page status = %d, want 200; body %s", resp.StatusCode, body)
	}
	last := decodeObject(t, body)
	if last["next_page_uri"] != nil {
		t.Errorf("next_page_uri = %v, want null on the last page", last["next_page_uri"])
	}
	if last["previous_page_uri"] != path+"?PageSize=2&Page=1&PageToken=PB"+sids[4] {
		t.Errorf("previous_page_uri = %v, want the page before it", last["previous_page_uri"])
	}
	items, _ := last["incoming_phone_numbers"].([]any)
	if len(items) != 1 || firstItemSID(items) != sids[4] {
		t.Errorf("last page items = %v, want only %s", items, sids[4])
	}
	if last["start"] != 4.0 || last["end"] != 4.0 {
		t.Errorf("start, end = %v, %v; want 4, 4", last["start"], last["end"])
	}

	_, body = rawRequest(t, s, http.MethodGet, path+"?PageSize=2&Page=1&PageToken=PB"+sids[4], nil)
	previous := decodeObject(t, body)
	items, _ = previous["incoming_phone_numbers"].([]any)
	if len(items) != 2 || firstItemSID(items) != sids[2] {
		t.Errorf("previous page items = %v, want %s and %s", items, sids[2], sids[3])
	}
}

func TestListRejectsInvalidPageSize(t *testing.T) {
	s := newServerWithoutContract(t)
	path := "/2010-04-01/Accounts/" + s.AccountSID() + "/IncomingPhoneNumbers.json"

	for _, size := range []string{"0", "1001", "ten"} {
		resp, body := rawRequest(t, s, http.MethodGet, path+"?PageSize="+size, nil)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("PageSize=%s: status = %d, want 400; body %s", size, resp.StatusCode, body)
		}
	}
}

func TestListFilters(t *testing.T) {
	s := newServer(t)
	s.AddNumber(Number{PhoneNumber: "+14155550100", FriendlyName: "front desk"})
	s.AddNumber(Number{PhoneNumber: "+14155550199"})
	s.AddNumber(Number{PhoneNumber: "+12125550100"})
	rest := newAccountClient(t, s)

	cases := []struct {
		name   string
		params *api.ListIncomingPhoneNumberParams
		want   []string
	}{
		{"exact number", (&api.ListIncomingPhoneNumberParams{}).SetPhoneNumber("+14155550100"), []string{"+14155550100"}},
		{"digit substring", (&api.ListIncomingPhoneNumberParams{}).SetPhoneNumber("5550100"), []string{"+14155550100", "+12125550100"}},
		{"wildcards", (&api.ListIncomingPhoneNumberParams{}).SetPhoneNumber("415555**99"), []string{"+14155550199"}},
		{"formatted", (&api.ListIncomingPhoneNumberParams{}).SetPhoneNumber("(212) 555-0100"), []string{"+12125550100"}},
		{"no match", (&api.ListIncomingPhoneNumberParams{}).SetPhoneNumber("999"), nil},
		{"friendly name", (&api.ListIncomingPhoneNumberParams{}).SetFriendlyName("front desk"), []string{"+14155550100"}},
		{"default friendly name", (&api.ListIncomingPhoneNumberParams{}).SetFriendlyName("(415) 555-0199"), []string{"+14155550199"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := rest.Api.ListIncomingPhoneNumber(tc.params)
			if err != nil {
				t.Fatalf("ListIncomingPhoneNumber: %v", err)
			}
			var phones []string
			for _, number := range got {
				phones = append(phones, stringValue(number.PhoneNumber))
			}
			if strings.Join(phones, ",") != strings.Join(tc.want, ",") {
				t.Errorf("listed %v, want %v", phones, tc.want)
			}
		})
	}
}

func TestListFilterKeptInPageURIs(t *testing.T) {
	s := newServer(t)
	for i := 0; i < 3; i++ {
		s.AddNumber(Number{})
	}
	path := "/2010-04-01/Accounts/" + s.AccountSID() + "/IncomingPhoneNumbers.json"
	query := url.Values{"PhoneNumber": {"+1555"}, "PageSize": {"1"}}

	_, body := rawRequest(t, s, http.MethodGet, path+"?"+query.Encode(), nil)

	next, _ := decodeObject(t, body)["next_page_uri"].(string)
	if !strings.HasPrefix(next, path+"?PhoneNumber=%2B1555&PageSize=1&Page=1&PageToken=PA") {
		t.Errorf("next_page_uri = %q, want the PhoneNumber filter kept before the paging parameters", next)
	}
}

func TestOtherAccountReturns404(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{})
	otherAccount := "AC" + strings.Repeat("e", 32)
	rest := newRestClient(t, s, s.AccountSID(), s.AuthToken(), otherAccount)

	_, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil)
	requireRestError(t, err, http.StatusNotFound, 20404)

	_, err = rest.Api.ListIncomingPhoneNumber(nil)
	requireRestError(t, err, http.StatusNotFound, 20404)
}

func TestSetNumberIsVisibleToClients(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{SMSURL: "https://provider.example.com/sms"})
	rest := newAccountClient(t, s)

	changed := added
	changed.SMSURL = "https://someone-else.example.com/sms"
	s.SetNumber(changed)
	got, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil)
	if err != nil {
		t.Fatalf("FetchIncomingPhoneNumber: %v", err)
	}

	if stringValue(got.SmsUrl) != changed.SMSURL {
		t.Errorf("sms_url = %s, want the value set behind the client's back", stringValue(got.SmsUrl))
	}
	if len(s.Writes()) != 0 {
		t.Errorf("Writes() = %+v, want none: SetNumber is not a request", s.Writes())
	}
}

func TestReleaseNumberByPhone(t *testing.T) {
	s := newServer(t)
	added := s.AddNumber(Number{PhoneNumber: "+14155550123"})
	rest := newAccountClient(t, s)

	s.ReleaseNumber("+14155550123")

	if len(s.Numbers()) != 0 {
		t.Errorf("Numbers() = %+v, want none after release", s.Numbers())
	}
	_, err := rest.Api.FetchIncomingPhoneNumber(added.SID, nil)
	requireRestError(t, err, http.StatusNotFound, 20404)
}

func TestAddNumberDefaultsAndLookup(t *testing.T) {
	s := newServer(t)

	first := s.AddNumber(Number{})
	second := s.AddNumber(Number{PhoneNumber: "+442071838750"})

	if first.SID == second.SID {
		t.Errorf("two numbers got the same SID %s", first.SID)
	}
	if !strings.HasPrefix(first.PhoneNumber, "+1555") || len(first.PhoneNumber) != 12 {
		t.Errorf("generated phone number = %q, want +1555 followed by 7 digits", first.PhoneNumber)
	}
	if second.FriendlyName != "+442071838750" {
		t.Errorf("friendly name of a non-US number = %q, want the number itself", second.FriendlyName)
	}
	for _, method := range []string{first.VoiceMethod, first.VoiceFallbackMethod, first.StatusCallbackMethod, first.SMSMethod, first.SMSFallbackMethod} {
		if method != "POST" {
			t.Errorf("default method = %q, want POST", method)
		}
	}
	if got, ok := s.Number(second.PhoneNumber); !ok || got.SID != second.SID {
		t.Errorf("Number(%s) = %+v, %v; want the number with SID %s", second.PhoneNumber, got, ok, second.SID)
	}
	if _, ok := s.Number("PN" + strings.Repeat("f", 32)); ok {
		t.Errorf("Number of an unknown SID reported found")
	}
}

func TestAddNumberPanicsOnDuplicatePhone(t *testing.T) {
	s := newServer(t)
	s.AddNumber(Number{PhoneNumber: "+14155550100"})

	defer func() {
		if recover() == nil {
			t.Errorf("AddNumber with a duplicate phone number did not panic")
		}
	}()
	s.AddNumber(Number{PhoneNumber: "+14155550100"})
}

func TestUnknownPathReturns404(t *testing.T) {
	s := newServerWithoutContract(t)

	resp, body := rawRequest(t, s, http.MethodGet, "/2010-04-01/Accounts/"+s.AccountSID()+"/Calls.json", nil)

	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status = %d, want 404", resp.StatusCode)
	}
	if code := decodeObject(t, body)["code"]; code != 20404.0 {
		t.Errorf("code = %v, want 20404", code)
	}
}

func TestWrongMethodReturns405(t *testing.T) {
	s := newServerWithoutContract(t)
	added := s.AddNumber(Number{})

	resp, body := rawRequest(t, s, http.MethodPut, s.numberPath(added.SID), url.Values{})

	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("status = %d, want 405; body %s", resp.StatusCode, body)
	}
	if code := decodeObject(t, body)["code"]; code != 20004.0 {
		t.Errorf("code = %v, want 20004", code)
	}
}
