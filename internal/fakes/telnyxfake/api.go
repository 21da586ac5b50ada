package telnyxfake

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	defaultPageSize = 20
	maxPageSize     = 250

	// maxURLLength is the longest webhook URL that Telnyx accepts.
	maxURLLength = 2000
)

// routes returns the mux with every endpoint that the fake serves.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /v2/phone_numbers", s.listPhoneNumbers)
	mux.HandleFunc("GET /v2/phone_numbers/{id}", s.getPhoneNumber)
	mux.HandleFunc("PATCH /v2/phone_numbers/{id}", s.updatePhoneNumber)
	mux.HandleFunc("GET /v2/phone_numbers/{id}/messaging", s.getPhoneNumberMessaging)
	mux.HandleFunc("PATCH /v2/phone_numbers/{id}/messaging", s.updatePhoneNumberMessaging)

	mux.HandleFunc("GET /v2/call_control_applications", s.listCallControlApplications)
	mux.HandleFunc("POST /v2/call_control_applications", s.createCallControlApplication)
	mux.HandleFunc("GET /v2/call_control_applications/{id}", s.getCallControlApplication)
	mux.HandleFunc("PATCH /v2/call_control_applications/{id}", s.updateCallControlApplication)
	mux.HandleFunc("DELETE /v2/call_control_applications/{id}", s.deleteCallControlApplication)

	mux.HandleFunc("GET /v2/messaging_profiles", s.listMessagingProfiles)
	mux.HandleFunc("POST /v2/messaging_profiles", s.createMessagingProfile)
	mux.HandleFunc("GET /v2/messaging_profiles/{id}", s.getMessagingProfile)
	mux.HandleFunc("PATCH /v2/messaging_profiles/{id}", s.updateMessagingProfile)
	mux.HandleFunc("DELETE /v2/messaging_profiles/{id}", s.deleteMessagingProfile)
	mux.HandleFunc("GET /v2/messaging_profiles/{id}/phone_numbers", s.listMessagingProfilePhoneNumbers)

	return mux
}

// route sends r to its handler. An unknown path gets a Telnyx-shaped 404, and a
// known path with another method gets 405, so that a client calling the wrong
// method does not mistake the response for a missing object.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if _, pattern := s.mux.Handler(r); pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}

	var allowed []string
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, pattern := s.mux.Handler(probe); pattern != "" {
			allowed = append(allowed, method)
		}
	}

	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeErrors(w, http.StatusMethodNotAllowed, errorObject{
			Code:   "10015",
			Title:  "Bad Request",
			Detail: fmt.Sprintf("Method %s is not allowed on %s; the fake serves %s.", r.Method, r.URL.Path, strings.Join(allowed, ", ")),
		})
		return
	}
	writeErrors(w, http.StatusNotFound, errorObject{
		Code:   "10005",
		Title:  "Resource not found",
		Detail: fmt.Sprintf("The fake Telnyx API does not serve %s %s.", r.Method, r.URL.Path),
	})
}

// errorObject is one member of the "errors" array of a Telnyx error response.
type errorObject struct {
	Code   string       `json:"code"`
	Title  string       `json:"title"`
	Detail string       `json:"detail"`
	Source *errorSource `json:"source,omitempty"`
}

type errorSource struct {
	Pointer   string `json:"pointer,omitempty"`
	Parameter string `json:"parameter,omitempty"`
}

// apiError is a request error found while handling a request.
type apiError struct {
	status int
	object errorObject
}

func badRequest(detail string) errorObject {
	return errorObject{Code: "10015", Title: "Bad Request", Detail: detail}
}

func notFound(resource, id string) *apiError {
	return &apiError{status: http.StatusNotFound, object: errorObject{
		Code:   "10005",
		Title:  "Resource not found",
		Detail: fmt.Sprintf("No %s has id %q.", resource, id),
	}}
}

// invalidField returns a 422 error whose source.pointer names field.
func invalidField(field, code, title, detail string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, object: errorObject{
		Code:   code,
		Title:  title,
		Detail: detail,
		Source: &errorSource{Pointer: "/" + field},
	}}
}

func missingField(field string) *apiError {
	return invalidField(field, "10004", "Missing required parameter", field+" is required.")
}

func invalidParameter(parameter, detail string) *apiError {
	return &apiError{status: http.StatusBadRequest, object: errorObject{
		Code:   "10015",
		Title:  "Bad Request",
		Detail: detail,
		Source: &errorSource{Parameter: parameter},
	}}
}

// respond runs handle while holding the lock and writes its result after
// releasing it, so that a slow client never holds up other requests. handle
// returns the data object or the error to write.
func (s *Server) respond(w http.ResponseWriter, status int, handle func() (any, *apiError)) {
	s.mu.Lock()
	data, apiErr := handle()
	s.mu.Unlock()

	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}
	writeData(w, status, data)
}

func writeAPIError(w http.ResponseWriter, err *apiError) {
	writeErrors(w, err.status, err.object)
}

func writeErrors(w http.ResponseWriter, status int, objects ...errorObject) {
	writeJSON(w, status, map[string]any{"errors": objects})
}

func writeData(w http.ResponseWriter, status int, data any) {
	writeJSON(w, status, map[string]any{"data": data})
}

func writeJSON(w http.ResponseWriter, status int, value any) {
	body, err := json.Marshal(value)
	if err != nil {
		// Only a programming error in the fake reaches this.
		http.Error(w, "telnyxfake: encoding the response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// pageRequest is the requested page of a list.
type pageRequest struct {
	number int
	size   int
}

// parsePage reads page[number] (default 1) and page[size] (default 20, 1 to 250).
func parsePage(query url.Values) (pageRequest, *apiError) {
	page := pageRequest{number: 1, size: defaultPageSize}

	if raw := query.Get("page[number]"); raw != "" {
		number, err := strconv.Atoi(raw)
		if err != nil || number < 1 {
			return page, invalidParameter("page[number]", fmt.Sprintf("page[number] must be an integer of at least 1, got %q.", raw))
		}
		page.number = number
	}

	if raw := query.Get("page[size]"); raw != "" {
		size, err := strconv.Atoi(raw)
		if err != nil || size < 1 || size > maxPageSize {
			return page, invalidParameter("page[size]", fmt.Sprintf("page[size] must be an integer from 1 to %d, got %q.", maxPageSize, raw))
		}
		page.size = size
	}
	return page, nil
}

// writePage writes the requested page of items with Telnyx's meta object. A page
// past the end is empty.
func writePage[T any](w http.ResponseWriter, items []T, page pageRequest) {
	totalPages := (len(items) + page.size - 1) / page.size
	start := min((page.number-1)*page.size, len(items))
	end := min(start+page.size, len(items))

	data := items[start:end]
	if data == nil {
		data = []T{}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"data": data,
		"meta": map[string]int{
			"page_number":   page.number,
			"page_size":     page.size,
			"total_pages":   totalPages,
			"total_results": len(items),
		},
	})
}

// containsFold reports whether substring occurs in text, ignoring case, which is
// how the fake applies every partial filter.
func containsFold(text, substring string) bool {
	return strings.Contains(strings.ToLower(text), strings.ToLower(substring))
}

// jsonFields is a request body object by member name. It keeps an absent or
// null member distinct from an empty string.
type jsonFields map[string]json.RawMessage

// decodeObject reads the request body as a JSON object.
func decodeObject(r *http.Request) (jsonFields, *apiError) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return nil, &apiError{status: http.StatusUnsupportedMediaType, object: errorObject{
			Code:   "10014",
			Title:  "Unsupported Media Type",
			Detail: fmt.Sprintf("Content-Type must be application/json, got %q.", r.Header.Get("Content-Type")),
		}}
	}

	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, &apiError{status: http.StatusBadRequest, object: badRequest("The request body could not be read: " + err.Error())}
	}

	var fields jsonFields
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return nil, &apiError{status: http.StatusBadRequest, object: badRequest("The request body must be a JSON object.")}
	}
	return fields, nil
}

func isNull(raw json.RawMessage) bool {
	return strings.TrimSpace(string(raw)) == "null"
}

// stringField returns the string member field. present is false when the member
// is absent or null.
func (f jsonFields) stringField(field string) (value string, present bool, err *apiError) {
	raw, ok := f[field]
	if !ok || isNull(raw) {
		return "", false, nil
	}
	if json.Unmarshal(raw, &value) != nil {
		return "", false, invalidField(field, "10015", "Bad Request", field+" must be a string.")
	}
	return value, true, nil
}

// requiredString returns the member field, which must be a non-empty string.
func (f jsonFields) requiredString(field string) (string, *apiError) {
	value, present, err := f.stringField(field)
	if err != nil {
		return "", err
	}
	if !present || strings.TrimSpace(value) == "" {
		return "", missingField(field)
	}
	return value, nil
}

func (f jsonFields) boolField(field string) (value bool, present bool, err *apiError) {
	raw, ok := f[field]
	if !ok || isNull(raw) {
		return false, false, nil
	}
	if json.Unmarshal(raw, &value) != nil {
		return false, false, invalidField(field, "10015", "Bad Request", field+" must be true or false.")
	}
	return value, true, nil
}

func (f jsonFields) stringListField(field string) (values []string, present bool, err *apiError) {
	raw, ok := f[field]
	if !ok || isNull(raw) {
		return nil, false, nil
	}
	if json.Unmarshal(raw, &values) != nil {
		return nil, false, invalidField(field, "10015", "Bad Request", field+" must be an array of strings.")
	}
	return values, true, nil
}

// checkWebhookURL rejects a URL that is not an absolute http or https URL of at
// most 2000 characters. An empty URL is accepted when allowEmpty is true.
func checkWebhookURL(field, value string, allowEmpty bool) *apiError {
	if value == "" {
		if allowEmpty {
			return nil
		}
		return missingField(field)
	}

	parsed, err := url.Parse(value)
	if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" || len(value) > maxURLLength {
		return invalidField(field, "10003", "Invalid URL",
			fmt.Sprintf("%s must be an absolute http or https URL of at most %d characters, got %q.", field, maxURLLength, value))
	}
	return nil
}

// checkOneOf rejects value unless it is one of allowed.
func checkOneOf(field, value string, allowed ...string) *apiError {
	for _, candidate := range allowed {
		if value == candidate {
			return nil
		}
	}
	return invalidField(field, "10015", "Bad Request",
		fmt.Sprintf("%s must be one of %s, got %q.", field, strings.Join(allowed, ", "), value))
}

// formatTime formats t as Telnyx does, in UTC with milliseconds.
func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// nullable returns nil for an empty string, which encodes as JSON null.
func nullable(value string) *string {
	if value == "" {
		return nil
	}
	return &value
}
