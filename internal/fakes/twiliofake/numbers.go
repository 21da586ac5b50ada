package twiliofake

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// apiBasePath is the path prefix of Twilio's 2010-04-01 REST API.
const apiBasePath = "/2010-04-01/Accounts/"

func (s *Server) newRouter() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc(apiBasePath+"{account}/IncomingPhoneNumbers.json", s.handleNumberList)
	mux.HandleFunc(apiBasePath+"{account}/IncomingPhoneNumbers/{file}", s.handleNumber)
	mux.HandleFunc("/v1/Services/{service}", s.handleService)
	mux.HandleFunc("/v1/Services/{service}/PhoneNumbers", s.handleServiceNumbers)
	mux.HandleFunc("/v1/Services/{service}/PhoneNumbers/{number}", s.handleServiceNumber)
	mux.HandleFunc("/", writeNotFound)
	return mux
}

// numberJSON is the schema api.v2010.account.incoming_phone_number of
// Twilio's OpenAPI description, with its properties in the same order.
type numberJSON struct {
	AccountSID             *string             `json:"account_sid"`
	AddressSID             *string             `json:"address_sid"`
	AddressRequirements    string              `json:"address_requirements"`
	APIVersion             *string             `json:"api_version"`
	Beta                   *bool               `json:"beta"`
	Capabilities           *numberCapabilities `json:"capabilities"`
	DateCreated            *string             `json:"date_created"`
	DateUpdated            *string             `json:"date_updated"`
	FriendlyName           *string             `json:"friendly_name"`
	IdentitySID            *string             `json:"identity_sid"`
	PhoneNumber            *string             `json:"phone_number"`
	Origin                 *string             `json:"origin"`
	SID                    *string             `json:"sid"`
	SMSApplicationSID      *string             `json:"sms_application_sid"`
	SMSFallbackMethod      *string             `json:"sms_fallback_method"`
	SMSFallbackURL         *string             `json:"sms_fallback_url"`
	SMSMethod              *string             `json:"sms_method"`
	SMSURL                 *string             `json:"sms_url"`
	StatusCallback         *string             `json:"status_callback"`
	StatusCallbackMethod   *string             `json:"status_callback_method"`
	TrunkSID               *string             `json:"trunk_sid"`
	URI                    *string             `json:"uri"`
	VoiceReceiveMode       string              `json:"voice_receive_mode"`
	VoiceApplicationSID    *string             `json:"voice_application_sid"`
	VoiceCallerIDLookup    *bool               `json:"voice_caller_id_lookup"`
	VoiceFallbackMethod    *string             `json:"voice_fallback_method"`
	VoiceFallbackURL       *string             `json:"voice_fallback_url"`
	VoiceMethod            *string             `json:"voice_method"`
	VoiceURL               *string             `json:"voice_url"`
	EmergencyStatus        string              `json:"emergency_status"`
	EmergencyAddressSID    *string             `json:"emergency_address_sid"`
	EmergencyAddressStatus string              `json:"emergency_address_status"`
	BundleSID              *string             `json:"bundle_sid"`
	Status                 *string             `json:"status"`
	Type                   *string             `json:"type"`
}

type numberCapabilities struct {
	MMS   bool `json:"mms"`
	SMS   bool `json:"sms"`
	Voice bool `json:"voice"`
	Fax   bool `json:"fax"`
}

// numberListJSON is the 200 response of ListIncomingPhoneNumber.
type numberListJSON struct {
	End                  int          `json:"end"`
	FirstPageURI         string       `json:"first_page_uri"`
	NextPageURI          *string      `json:"next_page_uri"`
	Page                 int          `json:"page"`
	PageSize             int          `json:"page_size"`
	PreviousPageURI      *string      `json:"previous_page_uri"`
	Start                int          `json:"start"`
	URI                  string       `json:"uri"`
	IncomingPhoneNumbers []numberJSON `json:"incoming_phone_numbers"`
}

// rfc2822 is the layout of the date fields of the 2010-04-01 API, as in
// "Thu, 30 Jul 2015 23:19:04 +0000".
const rfc2822 = time.RFC1123Z

func (s *Server) numberPath(sid string) string {
	return apiBasePath + s.accountSID + "/IncomingPhoneNumbers/" + sid + ".json"
}

// numberToJSON renders a number. Fields the fake does not model get the values of
// an ordinary local US number that is in use.
func (s *Server) numberToJSON(record *numberRecord) numberJSON {
	created := record.created.Format(rfc2822)
	updated := record.updated.Format(rfc2822)
	uri := s.numberPath(record.SID)
	apiVersion, origin, status, numberType := "2010-04-01", "twilio", "in-use", "local"
	beta, callerIDLookup := false, false
	return numberJSON{
		AccountSID:             &s.accountSID,
		AddressRequirements:    "none",
		APIVersion:             &apiVersion,
		Beta:                   &beta,
		Capabilities:           &numberCapabilities{MMS: true, SMS: true, Voice: true},
		DateCreated:            &created,
		DateUpdated:            &updated,
		FriendlyName:           nullable(record.FriendlyName),
		PhoneNumber:            nullable(record.PhoneNumber),
		Origin:                 &origin,
		SID:                    nullable(record.SID),
		SMSApplicationSID:      nullable(record.SMSApplicationSID),
		SMSFallbackMethod:      nullable(record.SMSFallbackMethod),
		SMSFallbackURL:         nullable(record.SMSFallbackURL),
		SMSMethod:              nullable(record.SMSMethod),
		SMSURL:                 nullable(record.SMSURL),
		StatusCallback:         nullable(record.StatusCallback),
		StatusCallbackMethod:   nullable(record.StatusCallbackMethod),
		TrunkSID:               nullable(record.TrunkSID),
		URI:                    &uri,
		VoiceReceiveMode:       record.VoiceReceiveMode,
		VoiceApplicationSID:    nullable(record.VoiceApplicationSID),
		VoiceCallerIDLookup:    &callerIDLookup,
		VoiceFallbackMethod:    nullable(record.VoiceFallbackMethod),
		VoiceFallbackURL:       nullable(record.VoiceFallbackURL),
		VoiceMethod:            nullable(record.VoiceMethod),
		VoiceURL:               nullable(record.VoiceURL),
		EmergencyStatus:        "Inactive",
		EmergencyAddressStatus: "unregistered",
		Status:                 &status,
		Type:                   &numberType,
	}
}

// nullable returns nil for an empty string, which encodes as JSON null.
func nullable(value string) *string {
	if value == "" {
		return nil
	}
	return &value
}

// checkAccount responds 404, as Twilio does, when the path names another
// account than the authenticated one.
func (s *Server) checkAccount(w http.ResponseWriter, r *http.Request) bool {
	if r.PathValue("account") != s.accountSID {
		writeNotFound(w, r)
		return false
	}
	return true
}

func (s *Server) handleNumber(w http.ResponseWriter, r *http.Request) {
	if !s.checkAccount(w, r) {
		return
	}
	sid, ok := strings.CutSuffix(r.PathValue("file"), ".json")
	if !ok {
		writeNotFound(w, r)
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.fetchNumber(w, r, sid)
	case http.MethodPost:
		s.updateNumber(w, r, sid)
	case http.MethodDelete:
		s.deleteNumber(w, r, sid)
	default:
		writeMethodNotAllowed(w, r, "GET, POST, DELETE")
	}
}

func (s *Server) fetchNumber(w http.ResponseWriter, r *http.Request, sid string) {
	s.stateMu.Lock()
	record, ok := s.state.numbers[sid]
	var body numberJSON
	if ok {
		body = s.numberToJSON(record)
	}
	s.stateMu.Unlock()

	if !ok {
		writeNotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) deleteNumber(w http.ResponseWriter, r *http.Request, sid string) {
	s.stateMu.Lock()
	_, ok := s.state.numbers[sid]
	if ok {
		s.releaseNumberLocked(sid)
	}
	s.stateMu.Unlock()

	if !ok {
		writeNotFound(w, r)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// updatableField is a form parameter of UpdateIncomingPhoneNumber that the
// fake stores.
type updatableField struct {
	name  string
	check func(name, value string) string // returns a problem message, or ""
	code  int                             // Twilio error code sent when check fails
	field func(n *Number) *string
}

var (
	applicationSIDPattern = regexp.MustCompile(`^AP[0-9a-fA-F]{32}$`)
	trunkSIDPattern       = regexp.MustCompile(`^TK[0-9a-fA-F]{32}$`)
)

// maxFriendlyNameLength is the limit stated for FriendlyName in Twilio's
// OpenAPI description.
const maxFriendlyNameLength = 64

var updatableFields = []updatableField{
	{"FriendlyName", checkFriendlyName, codeInvalidParameter, func(n *Number) *string { return &n.FriendlyName }},
	{"VoiceUrl", checkURL, codeInvalidURL, func(n *Number) *string { return &n.VoiceURL }},
	{"VoiceMethod", checkMethod, codeInvalidParameter, func(n *Number) *string { return &n.VoiceMethod }},
	{"VoiceFallbackUrl", checkURL, codeInvalidURL, func(n *Number) *string { return &n.VoiceFallbackURL }},
	{"VoiceFallbackMethod", checkMethod, codeInvalidParameter, func(n *Number) *string { return &n.VoiceFallbackMethod }},
	{"StatusCallback", checkURL, codeInvalidURL, func(n *Number) *string { return &n.StatusCallback }},
	{"StatusCallbackMethod", checkMethod, codeInvalidParameter, func(n *Number) *string { return &n.StatusCallbackMethod }},
	{"VoiceApplicationSid", checkSID(applicationSIDPattern, "AP"), codeInvalidParameter, func(n *Number) *string { return &n.VoiceApplicationSID }},
	{"TrunkSid", checkSID(trunkSIDPattern, "TK"), codeInvalidParameter, func(n *Number) *string { return &n.TrunkSID }},
	{"VoiceReceiveMode", checkVoiceReceiveMode, codeInvalidParameter, func(n *Number) *string { return &n.VoiceReceiveMode }},
	{"SmsUrl", checkURL, codeInvalidURL, func(n *Number) *string { return &n.SMSURL }},
	{"SmsMethod", checkMethod, codeInvalidParameter, func(n *Number) *string { return &n.SMSMethod }},
	{"SmsFallbackUrl", checkURL, codeInvalidURL, func(n *Number) *string { return &n.SMSFallbackURL }},
	{"SmsFallbackMethod", checkMethod, codeInvalidParameter, func(n *Number) *string { return &n.SMSFallbackMethod }},
	{"SmsApplicationSid", checkSID(applicationSIDPattern, "AP"), codeInvalidParameter, func(n *Number) *string { return &n.SMSApplicationSID }},
}

// updateNumber applies a partial update: only the parameters present in the
// form change. Other parameters of the Twilio operation, such as
// VoiceCallerIdLookup or AddressSid, are accepted and ignored.
func (s *Server) updateNumber(w http.ResponseWriter, r *http.Request, sid string) {
	if err := r.ParseForm(); err != nil {
		writeInvalidParameter(w, "The form body could not be parsed: "+err.Error())
		return
	}
	form := r.PostForm
	problem, code := validateNumberUpdate(form)

	s.stateMu.Lock()
	record, ok := s.state.numbers[sid]
	var body numberJSON
	if ok && problem == "" {
		applyNumberUpdate(&record.Number, form)
		record.updated = nowSeconds()
		body = s.numberToJSON(record)
	}
	s.stateMu.Unlock()

	switch {
	case !ok:
		writeNotFound(w, r)
	case problem != "":
		writeError(w, http.StatusBadRequest, code, problem)
	default:
		writeJSON(w, http.StatusOK, body)
	}
}

// validateNumberUpdate checks the stored parameters of an update and returns
// the message and Twilio error code for the first invalid one, or "".
func validateNumberUpdate(form url.Values) (problem string, code int) {
	for _, field := range updatableFields {
		if _, present := form[field.name]; !present {
			continue
		}
		if problem := field.check(field.name, form.Get(field.name)); problem != "" {
			return problem, field.code
		}
	}
	return "", 0
}

// applyNumberUpdate copies the validated form parameters into n.
//
// Twilio's description of TrunkSid states that setting a trunk deletes the
// voice application and the other way round, so setting one clears the
// other. NOTE: when one request sets both, the fake keeps TrunkSid. What
// Twilio does then is not documented.
func applyNumberUpdate(n *Number, form url.Values) {
	for _, field := range updatableFields {
		if _, present := form[field.name]; present {
			*field.field(n) = form.Get(field.name)
		}
	}
	if form.Get("VoiceApplicationSid") != "" {
		n.TrunkSID = ""
	}
	if form.Get("TrunkSid") != "" {
		n.TrunkSID = form.Get("TrunkSid")
		n.VoiceApplicationSID = ""
	}
}

func checkMethod(name, value string) string {
	if value == http.MethodGet || value == http.MethodPost {
		return ""
	}
	return fmt.Sprintf("%s is not valid: %q. Use GET or POST.", name, value)
}

// checkURL accepts an absolute http or https URL with a host, or an empty
// value, which clears the URL.
func checkURL(name, value string) string {
	if value == "" {
		return ""
	}
	parsed, err := url.Parse(value)
	if err == nil && (parsed.Scheme == "http" || parsed.Scheme == "https") && parsed.Host != "" {
		return ""
	}
	return fmt.Sprintf("%s is not a valid URL: %q. Use an absolute http or https URL.", name, value)
}

func checkSID(pattern *regexp.Regexp, prefix string) func(name, value string) string {
	return func(name, value string) string {
		if value == "" || pattern.MatchString(value) {
			return ""
		}
		return fmt.Sprintf("%s is not valid: %q. Use %s followed by 32 hex digits, or an empty value to clear it.", name, value, prefix)
	}
}

func checkVoiceReceiveMode(name, value string) string {
	if value == "voice" || value == "fax" {
		return ""
	}
	return fmt.Sprintf("%s is not valid: %q. Use voice or fax.", name, value)
}

func checkFriendlyName(name, value string) string {
	if len([]rune(value)) <= maxFriendlyNameLength {
		return ""
	}
	return fmt.Sprintf("%s is too long: %d characters. Use at most %d.", name, len([]rune(value)), maxFriendlyNameLength)
}

func (s *Server) handleNumberList(w http.ResponseWriter, r *http.Request) {
	if !s.checkAccount(w, r) {
		return
	}
	if r.Method != http.MethodGet {
		writeMethodNotAllowed(w, r, "GET")
		return
	}
	query := r.URL.Query()
	request, problem := parsePageRequest(query)
	if problem != "" {
		writeInvalidParameter(w, problem)
		return
	}
	filter := newNumberFilter(query)

	s.stateMu.Lock()
	var matched []*numberRecord
	for _, record := range s.sortedNumbersLocked() {
		if filter.matches(record) {
			matched = append(matched, record)
		}
	}
	seqs := make([]int64, len(matched))
	for i, record := range matched {
		seqs[i] = record.seq
	}
	start, end := pageBounds(seqs, request, func(sid string) (int64, bool) {
		seq, ok := s.state.numberSeq[sid]
		return seq, ok
	})
	page := make([]numberJSON, 0, end-start)
	pageSIDs := make([]string, 0, end-start)
	for _, record := range matched[start:end] {
		page = append(page, s.numberToJSON(record))
		pageSIDs = append(pageSIDs, record.SID)
	}
	s.stateMu.Unlock()

	path := apiBasePath + s.accountSID + "/IncomingPhoneNumbers.json"
	links := buildPageLinks(path, filter.parameters, request, pageSIDs, end < len(matched))
	first := request.number * request.size
	writeJSON(w, http.StatusOK, numberListJSON{
		End:                  max(first, first+len(page)-1),
		FirstPageURI:         links.first,
		NextPageURI:          links.next,
		Page:                 request.number,
		PageSize:             request.size,
		PreviousPageURI:      links.previous,
		Start:                first,
		URI:                  links.current,
		IncomingPhoneNumbers: page,
	})
}

// numberFilter contains the filters of ListIncomingPhoneNumber.
type numberFilter struct {
	friendlyName *string
	phonePattern *string // digits and '*' wildcards
	origin       *string
	// parameters contains the filters as sent, in the order Twilio lists them
	// in page URIs.
	parameters []queryParameter
}

func newNumberFilter(query url.Values) numberFilter {
	var filter numberFilter
	for _, name := range []string{"FriendlyName", "Beta", "PhoneNumber", "Origin"} {
		if _, present := query[name]; !present {
			continue
		}
		value := query.Get(name)
		filter.parameters = append(filter.parameters, queryParameter{name: name, value: value})
		switch name {
		case "FriendlyName":
			filter.friendlyName = &value
		case "PhoneNumber":
			pattern := phonePattern(value)
			filter.phonePattern = &pattern
		case "Origin":
			filter.origin = &value
		}
		// Beta only decides whether numbers new to Twilio are included. The
		// fake's numbers are never new, so Beta filters nothing.
	}
	return filter
}

func (f numberFilter) matches(record *numberRecord) bool {
	if f.friendlyName != nil && record.FriendlyName != *f.friendlyName {
		return false
	}
	if f.origin != nil && *f.origin != "twilio" {
		return false
	}
	if f.phonePattern != nil && !matchesPhonePattern(record.PhoneNumber, *f.phonePattern) {
		return false
	}
	return true
}

// phonePattern keeps the digits and '*' wildcards of a PhoneNumber filter,
// dropping '+', spaces and punctuation.
func phonePattern(filter string) string {
	var pattern strings.Builder
	for _, char := range filter {
		if (char >= '0' && char <= '9') || char == '*' {
			pattern.WriteRune(char)
		}
	}
	return pattern.String()
}

// matchesPhonePattern reports whether pattern occurs anywhere in the digits of
// phone, with each '*' matching any one digit. Twilio's OpenAPI description
// states that partial numbers match and that '*' is a wildcard for any digit.
// NOTE: it does not state whether a partial number must match at the start of
// the number. The fake matches it anywhere. An empty pattern matches nothing.
func matchesPhonePattern(phone, pattern string) bool {
	if pattern == "" {
		return false
	}
	digits := phonePattern(strings.ReplaceAll(phone, "*", ""))
	for offset := 0; offset+len(pattern) <= len(digits); offset++ {
		if matchesAt(digits[offset:], pattern) {
			return true
		}
	}
	return false
}

func matchesAt(digits, pattern string) bool {
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != '*' && pattern[i] != digits[i] {
			return false
		}
	}
	return true
}
