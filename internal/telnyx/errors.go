package telnyx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrNotFound matches, through errors.Is, every error that means "no such object":
// an *APIError with status 404 and a *NotFoundError from a Find method.
var ErrNotFound = errors.New("telnyx: not found")

const (
	// maxErrorBodyExcerpt is the maximum number of bytes of a non-Telnyx error
	// body that APIError keeps.
	maxErrorBodyExcerpt = 200

	// maxRetryAfter caps APIError.RetryAfter. A longer hint is almost surely a
	// misread header, and the cap keeps the arithmetic far from overflow.
	maxRetryAfter = 24 * time.Hour
)

// ErrorSource is the part of a request that a Telnyx error refers to.
type ErrorSource struct {
	// Pointer is a JSON Pointer into the request body, such as "/connection_id".
	Pointer string `json:"pointer"`

	// Parameter is the query parameter at fault, such as "page[size]".
	Parameter string `json:"parameter"`
}

// ErrorObject is one member of the "errors" array of a Telnyx error response.
type ErrorObject struct {
	Code   string      `json:"code"`
	Title  string      `json:"title"`
	Detail string      `json:"detail"`
	Source ErrorSource `json:"source"`
}

// UnmarshalJSON decodes an error object and accepts a numeric code as well as the
// documented string, so that an unusual endpoint still yields a readable error.
func (o *ErrorObject) UnmarshalJSON(data []byte) error {
	var raw struct {
		Code   json.RawMessage `json:"code"`
		Title  string          `json:"title"`
		Detail string          `json:"detail"`
		Source *ErrorSource    `json:"source"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}

	*o = ErrorObject{Title: raw.Title, Detail: raw.Detail}
	if raw.Source != nil {
		o.Source = *raw.Source
	}

	code := bytes.TrimSpace(raw.Code)
	switch {
	case len(code) == 0 || bytes.Equal(code, []byte("null")):
	case code[0] == '"':
		if err := json.Unmarshal(code, &o.Code); err != nil {
			return err
		}
	default:
		var number json.Number
		if err := json.Unmarshal(code, &number); err != nil {
			return fmt.Errorf("telnyx: error code %s is neither a string nor a number", code)
		}
		o.Code = number.String()
	}
	return nil
}

// describe returns "code title: detail (source)" without the empty parts.
func (o ErrorObject) describe() string {
	summary := strings.TrimSpace(o.Code + " " + o.Title)
	if o.Detail != "" && o.Detail != o.Title {
		if summary == "" {
			summary = o.Detail
		} else {
			summary += ": " + o.Detail
		}
	}
	switch {
	case summary == "":
		return ""
	case o.Source.Pointer != "":
		summary += " (source " + o.Source.Pointer + ")"
	case o.Source.Parameter != "":
		summary += " (parameter " + o.Source.Parameter + ")"
	}
	return summary
}

// APIError is a response from Telnyx with a status other than 2xx.
// Its message never contains the API key or any request header.
type APIError struct {
	StatusCode int

	// Errors is the decoded "errors" array. It is empty when the body did not
	// have the Telnyx error shape.
	Errors []ErrorObject

	// RetryAfter is the wait that the response asked for, from Retry-After or
	// else from x-ratelimit-reset, capped at 24 hours. Zero means no hint.
	RetryAfter time.Duration

	// RequestMethod and RequestPath name the request, with the path relative
	// to the base URL and without the query. Both are empty when the error
	// comes straight from DecodeError.
	RequestMethod string
	RequestPath   string

	// Body is the start of a body that did not have the Telnyx error shape,
	// on one line and cut to 200 bytes. It is empty when Errors is set.
	Body string
}

// Error returns a message such as
// "telnyx: PATCH /phone_numbers/123: 422 10015 Bad Request: connection_id is invalid (source /connection_id)".
func (e *APIError) Error() string {
	var message strings.Builder
	message.WriteString("telnyx: ")
	if request := strings.TrimSpace(e.RequestMethod + " " + e.RequestPath); request != "" {
		message.WriteString(request)
		message.WriteString(": ")
	}
	message.WriteString(strconv.Itoa(e.StatusCode))

	var details []string
	for _, object := range e.Errors {
		if description := object.describe(); description != "" {
			details = append(details, description)
		}
	}

	statusText := http.StatusText(e.StatusCode)
	switch {
	case len(details) > 0:
		message.WriteString(" ")
		message.WriteString(strings.Join(details, "; "))
	case e.Body != "" && statusText != "":
		message.WriteString(" " + statusText + ": " + e.Body)
	case e.Body != "":
		message.WriteString(": " + e.Body)
	case statusText != "":
		message.WriteString(" " + statusText)
	}
	return message.String()
}

// Is makes errors.Is(err, ErrNotFound) true for a 404 response.
func (e *APIError) Is(target error) bool {
	return target == ErrNotFound && e.StatusCode == http.StatusNotFound
}

// DecodeError builds the APIError for a non-2xx response from its status, headers
// and body. It accepts any body: one without the Telnyx shape
// {"errors": [{"code", "title", "detail", "source"}]} is kept as a short excerpt.
// header may be nil.
func DecodeError(status int, header http.Header, body []byte) *APIError {
	apiErr := &APIError{
		StatusCode: status,
		RetryAfter: parseRetryAfter(header, time.Now()),
	}

	var envelope struct {
		Errors []ErrorObject `json:"errors"`
	}
	if err := json.Unmarshal(body, &envelope); err == nil && len(envelope.Errors) > 0 {
		apiErr.Errors = envelope.Errors
		return apiErr
	}

	apiErr.Body = excerpt(body, maxErrorBodyExcerpt)
	return apiErr
}

// parseRetryAfter returns the delay that a response requests. Retry-After may be
// delay seconds or an HTTP date, and x-ratelimit-reset is read as seconds.
func parseRetryAfter(header http.Header, now time.Time) time.Duration {
	if value := strings.TrimSpace(header.Get("Retry-After")); value != "" {
		if seconds, ok := parseSeconds(value); ok {
			return clampRetryAfter(seconds)
		}
		if date, err := http.ParseTime(value); err == nil {
			return clampRetryAfter(date.Sub(now).Seconds())
		}
	}

	if value := strings.TrimSpace(header.Get("X-Ratelimit-Reset")); value != "" {
		seconds, ok := parseSeconds(value)
		if !ok {
			return 0
		}
		// NOTE: it is unverified whether Telnyx counts these seconds from now
		// or from the Unix epoch. A value past one billion (the year 2001 as
		// an epoch time) is taken as an epoch time.
		if seconds >= 1e9 {
			return clampRetryAfter(seconds - float64(now.UnixNano())/1e9)
		}
		return clampRetryAfter(seconds)
	}
	return 0
}

func parseSeconds(value string) (float64, bool) {
	seconds, err := strconv.ParseFloat(value, 64)
	if err != nil || math.IsNaN(seconds) || math.IsInf(seconds, 0) {
		return 0, false
	}
	return seconds, true
}

func clampRetryAfter(seconds float64) time.Duration {
	if seconds <= 0 {
		return 0
	}
	if seconds >= maxRetryAfter.Seconds() {
		return maxRetryAfter
	}
	return time.Duration(seconds * float64(time.Second))
}

// excerpt returns body as one line of valid UTF-8 with control characters and
// runs of white space replaced by single spaces, cut to at most limit bytes plus "…".
func excerpt(body []byte, limit int) string {
	text := strings.ToValidUTF8(string(body), "\uFFFD")
	text = strings.Join(strings.FieldsFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
	if len(text) <= limit {
		return text
	}

	cut := limit
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + "…"
}

// NotFoundError is the result of a Find method when no object matches exactly.
type NotFoundError struct {
	// Resource names the kind of object, such as "phone number".
	Resource string

	// Value is the searched name or number, such as "+15551234567".
	Value string

	// PartialMatches counts the objects that the server's filter returned,
	// none of which matched exactly.
	PartialMatches int
}

func (e *NotFoundError) Error() string {
	if e.PartialMatches == 0 {
		return fmt.Sprintf("telnyx: %s %q not found", e.Resource, e.Value)
	}
	return fmt.Sprintf("telnyx: %s %q not found: the filter returned %d partial matches but none is exact",
		e.Resource, e.Value, e.PartialMatches)
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool {
	return target == ErrNotFound
}

// AmbiguousMatchError is the result of a Find method when several objects match
// exactly, for example two Call Control applications with the same name.
type AmbiguousMatchError struct {
	Resource string
	Value    string

	// IDs lists the ids of the exact matches in the order the server listed them.
	IDs []string
}

func (e *AmbiguousMatchError) Error() string {
	return fmt.Sprintf("telnyx: %d objects of type %s match %q exactly (ids %s); expected at most one",
		len(e.IDs), e.Resource, e.Value, strings.Join(e.IDs, ", "))
}

// IsNotFound reports whether err means that the object does not exist: a 404
// response or a *NotFoundError.
func IsNotFound(err error) bool {
	return errors.Is(err, ErrNotFound)
}

// StatusCode returns the HTTP status of the *APIError in err's chain, or 0 when
// there is none, for example after a network error.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}
