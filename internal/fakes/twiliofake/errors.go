package twiliofake

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Twilio error codes sent in error bodies. Codes marked "fake's choice" were
// picked by this fake because no source at hand states what Twilio sends in
// that case. Clients should rely on the HTTP status for those.
const (
	codeAuthenticate       = 20003 // Twilio: "Authenticate", with status 401
	codeMethodNotAllowed   = 20004 // Twilio: "Method not allowed", with status 405
	codeNotFound           = 20404 // Twilio: resource not found, with status 404
	codeTooManyRequests    = 20429 // Twilio: "Too Many Requests", with status 429
	codeInternalError      = 20500 // Twilio: "Internal Server Error", with status 500
	codeServiceUnavailable = 20503 // Twilio: "Service Unavailable", with status 503
	codeInvalidURL         = 21502 // Twilio: "Invalid callback url"; its use for number webhooks is the fake's choice
	codeInvalidParameter   = 21201 // fake's choice for any other invalid parameter value, with status 400
	codeAlreadyInService   = 21710 // number already in this Messaging Service's sender pool, with status 409
	codeInAnotherService   = 21712 // fake's choice: number is in another Messaging Service, with status 409
)

// errorBody is the JSON error body of Twilio's REST API, which twilio-go
// decodes into *client.TwilioRestError.
type errorBody struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

func writeError(w http.ResponseWriter, status, code int, message string) {
	writeJSON(w, status, errorBody{
		Code:     code,
		Message:  message,
		MoreInfo: fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code),
		Status:   status,
	})
}

// writeNotFound responds 404 with the message Twilio uses for a path that
// names no resource.
func writeNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, codeNotFound,
		fmt.Sprintf("The requested resource %s was not found", r.URL.Path))
}

// writeMethodNotAllowed responds 405. allowed lists the methods for the Allow
// header, or is empty when they are not known.
func writeMethodNotAllowed(w http.ResponseWriter, r *http.Request, allowed string) {
	if allowed != "" {
		w.Header().Set("Allow", allowed)
	}
	writeError(w, http.StatusMethodNotAllowed, codeMethodNotAllowed,
		fmt.Sprintf("Method %s is not allowed on %s", r.Method, r.URL.Path))
}

func writeInvalidParameter(w http.ResponseWriter, message string) {
	writeError(w, http.StatusBadRequest, codeInvalidParameter, message)
}

func writeJSON(w http.ResponseWriter, status int, value any) {
	body, err := json.Marshal(value)
	if err != nil {
		// Every value passed here is a struct of strings, numbers, booleans,
		// slices and string maps, which encoding/json always encodes.
		panic(fmt.Sprintf("twiliofake: encode JSON response: %v", err))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// errorCodeForStatus returns the Twilio error code sent with an injected
// failure of the given HTTP status.
func errorCodeForStatus(status int) int {
	switch status {
	case http.StatusUnauthorized:
		return codeAuthenticate
	case http.StatusBadRequest:
		return codeInvalidParameter
	default:
		// Twilio's generic codes are 20000 plus the status, as in 20404,
		// 20429 and 20500.
		return 20000 + status
	}
}
