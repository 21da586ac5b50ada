package twiliofake

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// File names of Twilio's OpenAPI descriptions inside Options.OpenAPIDir.
const (
	apiDocumentName       = "twilio_api_v2010.json"
	messagingDocumentName = "twilio_messaging_v1.json"
)

// contract routes requests to the operations of Twilio's OpenAPI
// descriptions. It is shared by all servers using the same directory and
// only read after loading.
type contract struct {
	api       *pathRouter // paths under /2010-04-01/
	messaging *pathRouter // paths under /v1/
}

type contractLoad struct {
	once     sync.Once
	contract *contract
	err      error
}

// contractsByDir caches loaded contracts by absolute directory, because the
// API description is about 2 MB of JSON and many tests start fakes.
// contractsMu guards the map. Each entry's once guards its own load, so
// loads of different directories run in parallel.
var (
	contractsMu    sync.Mutex
	contractsByDir = map[string]*contractLoad{}
)

func loadContract(dir string) (*contract, error) {
	absolute, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("twiliofake: resolve OpenAPI directory %q: %w", dir, err)
	}
	load := contractLoadFor(absolute)
	load.once.Do(func() {
		load.contract, load.err = readContract(absolute)
	})
	return load.contract, load.err
}

// contractLoadFor returns the cache entry for an absolute directory, adding
// an empty one on first use.
func contractLoadFor(absolute string) *contractLoad {
	contractsMu.Lock()
	defer contractsMu.Unlock()
	load, ok := contractsByDir[absolute]
	if !ok {
		load = &contractLoad{}
		contractsByDir[absolute] = load
	}
	return load
}

func readContract(dir string) (*contract, error) {
	api, err := loadRouter(filepath.Join(dir, apiDocumentName))
	if err != nil {
		return nil, err
	}
	messaging, err := loadRouter(filepath.Join(dir, messagingDocumentName))
	if err != nil {
		return nil, err
	}
	return &contract{api: api, messaging: messaging}, nil
}

// loadRouter loads one OpenAPI document and builds a router for it.
func loadRouter(path string) (*pathRouter, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("twiliofake: load OpenAPI document %s: %w", path, err)
	}
	router, err := newPathRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("twiliofake: build router for %s: %w", path, err)
	}
	return router, nil
}

func (c *contract) routerFor(path string) *pathRouter {
	switch {
	case strings.HasPrefix(path, "/2010-04-01/"):
		return c.api
	case strings.HasPrefix(path, "/v1/"):
		return c.messaging
	default:
		return nil
	}
}

// validationOptions are shared by request and response validation.
var validationOptions = func() *openapi3filter.Options {
	options := &openapi3filter.Options{
		// The fake checks credentials itself before validation runs.
		AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
		SkipSettingDefaults: true,
	}
	// The default message dumps the whole schema. The field and the reason
	// are enough to find the problem.
	options.WithCustomSchemaErrorFunc(func(err *openapi3.SchemaError) string {
		if pointer := err.JSONPointer(); len(pointer) > 0 {
			return "field " + strings.Join(pointer, "/") + ": " + err.Reason
		}
		return err.Reason
	})
	return options
}()

// requestValidation carries a validated request to the validation of its
// response.
type requestValidation struct {
	input *openapi3filter.RequestValidationInput
}

// validateRequest checks a request against the OpenAPI description. On a
// mismatch it records a violation, writes the error response (404 or 405
// when no operation matches, 400 otherwise) and returns false.
func (s *Server) validateRequest(w http.ResponseWriter, r *http.Request, body []byte) (*requestValidation, bool) {
	router := s.contract.routerFor(r.URL.Path)
	if router == nil {
		s.recordViolation(r.Method, r.URL.Path, "no operation in Twilio's OpenAPI description has this path")
		writeNotFound(w, r)
		return nil, false
	}

	checked := r.Clone(r.Context())
	checkedBody := body
	if isFormEncoded(r) {
		checkedBody = dropEmptyFormValues(body)
	}
	checked.Body = io.NopCloser(bytes.NewReader(checkedBody))
	checked.ContentLength = int64(len(checkedBody))
	checked.GetBody = nil

	route, pathParams, err := router.FindRoute(checked)
	if err != nil {
		s.recordViolation(r.Method, r.URL.Path, "no operation in Twilio's OpenAPI description matches: "+err.Error())
		if errors.Is(err, routers.ErrMethodNotAllowed) {
			writeMethodNotAllowed(w, r, "")
		} else {
			writeNotFound(w, r)
		}
		return nil, false
	}

	input := &openapi3filter.RequestValidationInput{
		Request:    checked,
		PathParams: pathParams,
		Route:      route,
		Options:    validationOptions,
	}
	if err := openapi3filter.ValidateRequest(checked.Context(), input); err != nil {
		s.recordViolation(r.Method, r.URL.Path, "request: "+err.Error())
		writeInvalidParameter(w, "The request does not match Twilio's OpenAPI description: "+err.Error())
		return nil, false
	}
	return &requestValidation{input: input}, true
}

// validateResponse checks a recorded response against the OpenAPI
// description and records a violation on a mismatch. Statuses the
// description does not list, such as Twilio's error responses, are not
// checked.
func (s *Server) validateResponse(validation *requestValidation, recorded *responseRecorder) {
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: validation.input,
		Status:                 recorded.statusCode(),
		Header:                 recorded.header,
		Options:                validationOptions,
	}
	input.SetBodyBytes(recorded.body.Bytes())
	if err := openapi3filter.ValidateResponse(validation.input.Request.Context(), input); err != nil {
		request := validation.input.Request
		s.recordViolation(request.Method, request.URL.Path,
			fmt.Sprintf("response with status %d: %v", input.Status, err))
	}
}

// dropEmptyFormValues removes parameters with empty values from a form body
// before validation. A client clears a field by sending it empty, such as
// VoiceApplicationSid=, but Twilio's OpenAPI description gives those
// parameters patterns and minimum lengths that an empty value fails.
// NOTE: that Twilio accepts empty values to clear fields is assumed, not
// checked against the live API.
func dropEmptyFormValues(body []byte) []byte {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		// Validation reports the malformed body.
		return body
	}
	for name, values := range form {
		if len(values) == 1 && values[0] == "" {
			delete(form, name)
		}
	}
	return []byte(form.Encode())
}
