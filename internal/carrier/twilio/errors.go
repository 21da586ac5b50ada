package twilio

import (
	"errors"
	"fmt"
	"net/http"

	twclient "github.com/twilio/twilio-go/client"
)

// Twilio error codes the carrier handles.
const (
	codeNotFound = 20404
	// codeAlreadyInService is returned when a number is added to a Messaging
	// Service whose sender pool already has it.
	codeAlreadyInService = 21710
)

// APIError is an error response from Twilio, reduced to what a user can act on.
type APIError struct {
	Action   string
	Status   int
	Code     int
	Message  string
	MoreInfo string
}

func (e *APIError) Error() string {
	// twilio-go takes the status from the error body, which may lack it.
	msg := e.Action + ": Twilio answered with an error"
	if e.Status != 0 {
		msg = fmt.Sprintf("%s: Twilio answered %d", e.Action, e.Status)
	}
	if e.Code != 0 {
		msg += fmt.Sprintf(" with error %d", e.Code)
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.MoreInfo != "" {
		msg += " (" + e.MoreInfo + ")"
	}
	return msg
}

// wrap turns twilio-go's errors into errors that name the action and the
// account, and keep Twilio's code and message.
func (c *Carrier) wrap(err error, action string) error {
	action = action + " in " + c.Account()
	var rest *twclient.TwilioRestError
	if errors.As(err, &rest) {
		return &APIError{Action: action, Status: rest.Status, Code: rest.Code, Message: rest.Message, MoreInfo: rest.MoreInfo}
	}
	return fmt.Errorf("%s: %w", action, err)
}

func isNotFound(err error) bool {
	var rest *twclient.TwilioRestError
	if errors.As(err, &rest) {
		return rest.Status == http.StatusNotFound || rest.Code == codeNotFound
	}
	var api *APIError
	return errors.As(err, &api) && api.Status == http.StatusNotFound
}

func isAlreadyInService(err error) bool {
	var rest *twclient.TwilioRestError
	if errors.As(err, &rest) {
		return rest.Code == codeAlreadyInService
	}
	return false
}
