package telnyxfake

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// callControlApplicationJSON is an application as the API returns it.
type callControlApplicationJSON struct {
	RecordType              string `json:"record_type"`
	ID                      string `json:"id"`
	ApplicationName         string `json:"application_name"`
	WebhookEventURL         string `json:"webhook_event_url"`
	WebhookEventFailoverURL string `json:"webhook_event_failover_url"`
	WebhookAPIVersion       string `json:"webhook_api_version"`
	Active                  bool   `json:"active"`

	// WebhookTimeoutSecs is one of the fields that the fake does not model.
	// It is always null.
	WebhookTimeoutSecs *int `json:"webhook_timeout_secs"`

	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

func callControlApplicationView(app CallControlApplication) callControlApplicationJSON {
	return callControlApplicationJSON{
		RecordType:              "call_control_application",
		ID:                      app.ID,
		ApplicationName:         app.ApplicationName,
		WebhookEventURL:         app.WebhookEventURL,
		WebhookEventFailoverURL: app.WebhookEventFailoverURL,
		WebhookAPIVersion:       app.WebhookAPIVersion,
		Active:                  app.Active,
		CreatedAt:               formatTime(app.CreatedAt),
		UpdatedAt:               formatTime(app.UpdatedAt),
	}
}

// callControlApplicationInput is the validated body of a create or update.
// The present flags mark optional members that the body set.
type callControlApplicationInput struct {
	name               string
	webhookEventURL    string
	failoverURL        string
	failoverURLPresent bool
	apiVersion         string
	apiVersionPresent  bool
	active             bool
	activePresent      bool
}

// parseCallControlApplication validates a create or update body. Telnyx
// requires application_name and webhook_event_url on both. A null
// webhook_event_failover_url clears it like "".
func parseCallControlApplication(r *http.Request) (callControlApplicationInput, *apiError) {
	var input callControlApplicationInput
	fields, apiErr := decodeObject(r)
	if apiErr != nil {
		return input, apiErr
	}

	if input.name, apiErr = fields.requiredString("application_name"); apiErr != nil {
		return input, apiErr
	}
	if input.webhookEventURL, apiErr = fields.requiredString("webhook_event_url"); apiErr != nil {
		return input, apiErr
	}
	if apiErr = checkWebhookURL("webhook_event_url", input.webhookEventURL, false); apiErr != nil {
		return input, apiErr
	}

	if _, input.failoverURLPresent = fields["webhook_event_failover_url"]; input.failoverURLPresent {
		if input.failoverURL, _, apiErr = fields.stringField("webhook_event_failover_url"); apiErr != nil {
			return input, apiErr
		}
		if apiErr = checkWebhookURL("webhook_event_failover_url", input.failoverURL, true); apiErr != nil {
			return input, apiErr
		}
	}

	if input.apiVersion, input.apiVersionPresent, apiErr = fields.stringField("webhook_api_version"); apiErr != nil {
		return input, apiErr
	}
	if input.apiVersionPresent {
		if apiErr = checkOneOf("webhook_api_version", input.apiVersion, "1", "2"); apiErr != nil {
			return input, apiErr
		}
	}

	if input.active, input.activePresent, apiErr = fields.boolField("active"); apiErr != nil {
		return input, apiErr
	}
	return input, nil
}

// apply copies the members that the body set onto app.
func (input callControlApplicationInput) apply(app *CallControlApplication) {
	app.ApplicationName = input.name
	app.WebhookEventURL = input.webhookEventURL
	if input.failoverURLPresent {
		app.WebhookEventFailoverURL = input.failoverURL
	}
	if input.apiVersionPresent {
		app.WebhookAPIVersion = input.apiVersion
	}
	if input.activePresent {
		app.Active = input.active
	}
}

// listCallControlApplications serves GET /call_control_applications.
// filter[application_name][contains] is a case-insensitive substring match.
func (s *Server) listCallControlApplications(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	page, apiErr := parsePage(query)
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}
	nameFilter, filtered := query["filter[application_name][contains]"]

	s.mu.Lock()
	var apps []callControlApplicationJSON
	for _, app := range s.state.applications {
		if filtered && !containsFold(app.ApplicationName, strings.Join(nameFilter, "")) {
			continue
		}
		apps = append(apps, callControlApplicationView(app))
	}
	s.mu.Unlock()

	writePage(w, apps, page)
}

// createCallControlApplication serves POST /call_control_applications. An
// omitted active means true and an omitted webhook_api_version means "2".
func (s *Server) createCallControlApplication(w http.ResponseWriter, r *http.Request) {
	input, apiErr := parseCallControlApplication(r)
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}

	s.respond(w, http.StatusCreated, func() (any, *apiError) {
		now := s.now()
		app := CallControlApplication{
			ID:                s.state.newNumericID("connection", &s.state.connectionSequence),
			WebhookAPIVersion: "2",
			Active:            true,
			CreatedAt:         now,
			UpdatedAt:         now,
		}
		input.apply(&app)
		s.state.applications = append(s.state.applications, app)
		return callControlApplicationView(app), nil
	})
}

func (s *Server) getCallControlApplication(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.respond(w, http.StatusOK, func() (any, *apiError) {
		i := s.state.applicationIndex(id)
		if i < 0 {
			return nil, notFound("call control application", id)
		}
		return callControlApplicationView(s.state.applications[i]), nil
	})
}

// updateCallControlApplication serves PATCH /call_control_applications/{id}.
// Optional members that the body leaves out keep their values.
func (s *Server) updateCallControlApplication(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	input, apiErr := parseCallControlApplication(r)
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}

	s.respond(w, http.StatusOK, func() (any, *apiError) {
		i := s.state.applicationIndex(id)
		if i < 0 {
			return nil, notFound("call control application", id)
		}
		app := &s.state.applications[i]
		input.apply(app)
		app.UpdatedAt = s.now()
		return callControlApplicationView(*app), nil
	})
}

// deleteCallControlApplication serves DELETE /call_control_applications/{id}
// and returns the deleted application. It rejects, with 422, the deletion of
// an application that a number still uses. That check is the fake's choice,
// because Telnyx does not document what it does then.
func (s *Server) deleteCallControlApplication(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.respond(w, http.StatusOK, func() (any, *apiError) {
		i := s.state.applicationIndex(id)
		if i < 0 {
			return nil, notFound("call control application", id)
		}
		if numbers := s.state.numbersUsingConnection(id); len(numbers) > 0 {
			return nil, &apiError{status: http.StatusUnprocessableEntity, object: badRequest(fmt.Sprintf(
				"Call Control application %s is still the connection of %s; move those numbers to another connection first.",
				id, strings.Join(numbers, ", ")))}
		}

		deleted := s.state.applications[i]
		s.state.applications = slices.Delete(s.state.applications, i, i+1)
		return callControlApplicationView(deleted), nil
	})
}
