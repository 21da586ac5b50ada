package twiliofake

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// messagingBaseURL is the origin Twilio uses in the absolute URLs of the
// Messaging API. A client of the fake rewrites it to the fake's URL, as it
// does for its own requests.
const messagingBaseURL = "https://messaging.twilio.com"

// serviceJSON is the schema messaging.v1.service of Twilio's OpenAPI
// description. Fields the fake does not model get the values of Twilio's
// example service.
type serviceJSON struct {
	SID                       *string           `json:"sid"`
	AccountSID                *string           `json:"account_sid"`
	FriendlyName              *string           `json:"friendly_name"`
	DateCreated               *string           `json:"date_created"`
	DateUpdated               *string           `json:"date_updated"`
	InboundRequestURL         *string           `json:"inbound_request_url"`
	InboundMethod             *string           `json:"inbound_method"`
	FallbackURL               *string           `json:"fallback_url"`
	FallbackMethod            *string           `json:"fallback_method"`
	StatusCallback            *string           `json:"status_callback"`
	StickySender              bool              `json:"sticky_sender"`
	MMSConverter              bool              `json:"mms_converter"`
	SmartEncoding             bool              `json:"smart_encoding"`
	ScanMessageContent        string            `json:"scan_message_content"`
	FallbackToLongCode        bool              `json:"fallback_to_long_code"`
	AreaCodeGeomatch          bool              `json:"area_code_geomatch"`
	SynchronousValidation     bool              `json:"synchronous_validation"`
	ValidityPeriod            int               `json:"validity_period"`
	URL                       *string           `json:"url"`
	Links                     map[string]string `json:"links"`
	Usecase                   *string           `json:"usecase"`
	UsAppToPersonRegistered   bool              `json:"us_app_to_person_registered"`
	UseInboundWebhookOnNumber bool              `json:"use_inbound_webhook_on_number"`
}

// servicePhoneNumberJSON is the schema messaging.v1.service.phone_number.
type servicePhoneNumberJSON struct {
	SID          *string  `json:"sid"`
	AccountSID   *string  `json:"account_sid"`
	ServiceSID   *string  `json:"service_sid"`
	DateCreated  *string  `json:"date_created"`
	DateUpdated  *string  `json:"date_updated"`
	PhoneNumber  *string  `json:"phone_number"`
	CountryCode  *string  `json:"country_code"`
	Capabilities []string `json:"capabilities"`
	URL          *string  `json:"url"`
}

// servicePhoneNumberListJSON is the 200 response of ListPhoneNumber.
type servicePhoneNumberListJSON struct {
	PhoneNumbers []servicePhoneNumberJSON `json:"phone_numbers"`
	Meta         listMetaJSON             `json:"meta"`
}

type listMetaJSON struct {
	FirstPageURL    string  `json:"first_page_url"`
	Key             string  `json:"key"`
	NextPageURL     *string `json:"next_page_url"`
	Page            int     `json:"page"`
	PageSize        int     `json:"page_size"`
	PreviousPageURL *string `json:"previous_page_url"`
	URL             string  `json:"url"`
}

// rfc3339Seconds formats the date fields of the Messaging API, as in
// "2015-07-30T20:12:31Z".
func rfc3339Seconds(t time.Time) *string {
	formatted := t.UTC().Format(time.RFC3339)
	return &formatted
}

func servicePath(serviceSID string) string {
	return "/v1/Services/" + serviceSID
}

func (s *Server) serviceToJSON(record *serviceRecord) serviceJSON {
	base := messagingBaseURL + servicePath(record.SID)
	links := map[string]string{}
	for key, suffix := range map[string]string{
		"phone_numbers":             "/PhoneNumbers",
		"short_codes":               "/ShortCodes",
		"alpha_senders":             "/AlphaSenders",
		"messages":                  "/Messages",
		"us_app_to_person":          "/Compliance/Usa2p",
		"us_app_to_person_usecases": "/Compliance/Usa2p/Usecases",
		"channel_senders":           "/ChannelSenders",
		"destination_alpha_senders": "/DestinationAlphaSenders",
	} {
		links[key] = base + suffix
	}
	method, scan, usecase := "POST", "inherit", "undeclared"
	return serviceJSON{
		SID:                       nullable(record.SID),
		AccountSID:                &s.accountSID,
		FriendlyName:              nullable(record.FriendlyName),
		DateCreated:               rfc3339Seconds(record.created),
		DateUpdated:               rfc3339Seconds(record.updated),
		InboundRequestURL:         nullable(record.InboundRequestURL),
		InboundMethod:             &method,
		FallbackMethod:            &method,
		StickySender:              true,
		MMSConverter:              true,
		ScanMessageContent:        scan,
		FallbackToLongCode:        true,
		AreaCodeGeomatch:          true,
		ValidityPeriod:            14400,
		URL:                       &base,
		Links:                     links,
		Usecase:                   &usecase,
		UseInboundWebhookOnNumber: record.UseInboundWebhookOnNumber,
	}
}

func (s *Server) servicePhoneNumberToJSON(serviceSID string, number *numberRecord, member *membership) servicePhoneNumberJSON {
	url := messagingBaseURL + servicePath(serviceSID) + "/PhoneNumbers/" + number.SID
	return servicePhoneNumberJSON{
		SID:          nullable(number.SID),
		AccountSID:   &s.accountSID,
		ServiceSID:   nullable(serviceSID),
		DateCreated:  rfc3339Seconds(member.added),
		DateUpdated:  rfc3339Seconds(member.added),
		PhoneNumber:  nullable(number.PhoneNumber),
		CountryCode:  countryCode(number.PhoneNumber),
		Capabilities: []string{"MMS", "SMS", "Voice"},
		URL:          &url,
	}
}

// countryCode returns "US" for numbers of the North American Numbering Plan
// and nil for others. NOTE: Twilio distinguishes the countries that share
// +1 (US, CA and others). The fake does not.
func countryCode(phone string) *string {
	if strings.HasPrefix(phone, "+1") {
		code := "US"
		return &code
	}
	return nil
}

func (s *Server) handleService(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		writeMethodNotAllowed(w, r, "GET")
		return
	}
	s.stateMu.Lock()
	record, ok := s.state.services[r.PathValue("service")]
	var body serviceJSON
	if ok {
		body = s.serviceToJSON(record)
	}
	s.stateMu.Unlock()

	if !ok {
		writeNotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) handleServiceNumbers(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
		s.addServiceNumber(w, r)
	case http.MethodGet:
		s.listServiceNumbers(w, r)
	default:
		writeMethodNotAllowed(w, r, "GET, POST")
	}
}

func (s *Server) handleServiceNumber(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		s.fetchServiceNumber(w, r)
	case http.MethodDelete:
		s.removeServiceNumber(w, r)
	default:
		writeMethodNotAllowed(w, r, "GET, DELETE")
	}
}

// addServiceNumber puts a number into a service's sender pool.
//
// A PhoneNumberSid that names no number of the account gets a 400 response
// with code 21201, the fake's choice: the SID is a body parameter, not part of
// the path, so Twilio's 404 for unknown paths does not fit.
func (s *Server) addServiceNumber(w http.ResponseWriter, r *http.Request) {
	serviceSID := r.PathValue("service")
	if err := r.ParseForm(); err != nil {
		writeInvalidParameter(w, "The form body could not be parsed: "+err.Error())
		return
	}
	numberSID := r.PostForm.Get("PhoneNumberSid")

	s.stateMu.Lock()
	_, serviceExists := s.state.services[serviceSID]
	number := s.state.numbers[numberSID]
	var phone, currentService string
	if number != nil {
		phone = number.PhoneNumber
	}
	if existing := s.state.memberships[numberSID]; existing != nil {
		currentService = existing.serviceSID
	}
	var body servicePhoneNumberJSON
	if serviceExists && number != nil && currentService == "" {
		body = s.servicePhoneNumberToJSON(serviceSID, number, s.joinServiceLocked(serviceSID, numberSID))
	}
	s.stateMu.Unlock()

	switch {
	case !serviceExists:
		writeNotFound(w, r)
	case numberSID == "":
		writeInvalidParameter(w, "Missing required parameter PhoneNumberSid in the post body")
	case number == nil:
		writeInvalidParameter(w, fmt.Sprintf("PhoneNumberSid %s is not a phone number of account %s", numberSID, s.accountSID))
	case currentService == serviceSID:
		writeError(w, http.StatusConflict, codeAlreadyInService,
			fmt.Sprintf("Phone Number %s is already in the Messaging Service %s", phone, serviceSID))
	case currentService != "":
		writeError(w, http.StatusConflict, codeInAnotherService,
			fmt.Sprintf("Phone Number %s is already associated with another Messaging Service, %s", phone, currentService))
	default:
		writeJSON(w, http.StatusCreated, body)
	}
}

// poolMemberLocked finds a number in a service's pool by number SID or E.164 phone
// number. Both results are nil when the service does not exist or the number
// is not in its pool.
func (s *Server) poolMemberLocked(serviceSID, numberRef string) (*numberRecord, *membership) {
	if _, ok := s.state.services[serviceSID]; !ok {
		return nil, nil
	}
	number := s.findNumberLocked(numberRef)
	if number == nil {
		return nil, nil
	}
	member := s.state.memberships[number.SID]
	if member == nil || member.serviceSID != serviceSID {
		return nil, nil
	}
	return number, member
}

func (s *Server) fetchServiceNumber(w http.ResponseWriter, r *http.Request) {
	serviceSID := r.PathValue("service")
	s.stateMu.Lock()
	number, member := s.poolMemberLocked(serviceSID, r.PathValue("number"))
	var body servicePhoneNumberJSON
	if member != nil {
		body = s.servicePhoneNumberToJSON(serviceSID, number, member)
	}
	s.stateMu.Unlock()

	if member == nil {
		writeNotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) removeServiceNumber(w http.ResponseWriter, r *http.Request) {
	s.stateMu.Lock()
	number, member := s.poolMemberLocked(r.PathValue("service"), r.PathValue("number"))
	if member != nil {
		delete(s.state.memberships, number.SID)
	}
	s.stateMu.Unlock()

	if member == nil {
		writeNotFound(w, r)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listServiceNumbers(w http.ResponseWriter, r *http.Request) {
	serviceSID := r.PathValue("service")
	request, problem := parsePageRequest(r.URL.Query())
	if problem != "" {
		writeInvalidParameter(w, problem)
		return
	}

	s.stateMu.Lock()
	_, serviceExists := s.state.services[serviceSID]
	pool := s.poolLocked(serviceSID)
	seqs := make([]int64, len(pool))
	for i, numberSID := range pool {
		seqs[i] = s.state.memberships[numberSID].seq
	}
	start, end := pageBounds(seqs, request, func(numberSID string) (int64, bool) {
		member, ok := s.state.memberships[numberSID]
		if !ok || member.serviceSID != serviceSID {
			return 0, false
		}
		return member.seq, true
	})
	page := make([]servicePhoneNumberJSON, 0, end-start)
	for _, numberSID := range pool[start:end] {
		page = append(page, s.servicePhoneNumberToJSON(serviceSID, s.state.numbers[numberSID], s.state.memberships[numberSID]))
	}
	s.stateMu.Unlock()

	if !serviceExists {
		writeNotFound(w, r)
		return
	}
	links := buildPageLinks(messagingBaseURL+servicePath(serviceSID)+"/PhoneNumbers", nil, request, pool[start:end], end < len(pool))
	writeJSON(w, http.StatusOK, servicePhoneNumberListJSON{
		PhoneNumbers: page,
		Meta: listMetaJSON{
			FirstPageURL:    links.first,
			Key:             "phone_numbers",
			NextPageURL:     links.next,
			Page:            request.number,
			PageSize:        request.size,
			PreviousPageURL: links.previous,
			URL:             links.current,
		},
	})
}
