package telnyxfake

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// messagingProfileJSON is a messaging profile as the API returns it.
type messagingProfileJSON struct {
	RecordType              string   `json:"record_type"`
	ID                      string   `json:"id"`
	Name                    string   `json:"name"`
	Enabled                 bool     `json:"enabled"`
	WebhookURL              *string  `json:"webhook_url"`
	WebhookFailoverURL      *string  `json:"webhook_failover_url"`
	WebhookAPIVersion       string   `json:"webhook_api_version"`
	WhitelistedDestinations []string `json:"whitelisted_destinations"`

	// NumberPoolSettings is one of the fields that the fake does not model.
	// It is always null.
	NumberPoolSettings *struct{} `json:"number_pool_settings"`

	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

func messagingProfileView(profile MessagingProfile) messagingProfileJSON {
	destinations := slices.Clone(profile.WhitelistedDestinations)
	if destinations == nil {
		destinations = []string{}
	}
	return messagingProfileJSON{
		RecordType:              "messaging_profile",
		ID:                      profile.ID,
		Name:                    profile.Name,
		Enabled:                 profile.Enabled,
		WebhookURL:              nullable(profile.WebhookURL),
		WebhookFailoverURL:      nullable(profile.WebhookFailoverURL),
		WebhookAPIVersion:       profile.WebhookAPIVersion,
		WhitelistedDestinations: destinations,
		CreatedAt:               formatTime(profile.CreatedAt),
		UpdatedAt:               formatTime(profile.UpdatedAt),
	}
}

// messagingProfileInput is the validated body of a create or update. Only the
// members that the body set are non-nil.
type messagingProfileInput struct {
	name                    *string
	enabled                 *bool
	webhookURL              *string
	webhookFailoverURL      *string
	webhookAPIVersion       *string
	whitelistedDestinations []string
}

// parseMessagingProfile validates a create or update body. Create requires
// name and whitelisted_destinations. A null webhook URL clears it like "",
// and null for any other member leaves it unchanged.
func parseMessagingProfile(r *http.Request, create bool) (messagingProfileInput, *apiError) {
	var input messagingProfileInput
	fields, apiErr := decodeObject(r)
	if apiErr != nil {
		return input, apiErr
	}

	name, present, apiErr := fields.stringField("name")
	switch {
	case apiErr != nil:
		return input, apiErr
	case (create || present) && strings.TrimSpace(name) == "":
		return input, missingField("name")
	case present:
		input.name = &name
	}

	enabled, present, apiErr := fields.boolField("enabled")
	if apiErr != nil {
		return input, apiErr
	}
	if present {
		input.enabled = &enabled
	}

	for _, field := range []string{"webhook_url", "webhook_failover_url"} {
		if _, set := fields[field]; !set {
			continue
		}
		value, _, apiErr := fields.stringField(field)
		if apiErr != nil {
			return input, apiErr
		}
		if apiErr := checkWebhookURL(field, value, true); apiErr != nil {
			return input, apiErr
		}
		if field == "webhook_url" {
			input.webhookURL = &value
		} else {
			input.webhookFailoverURL = &value
		}
	}

	version, present, apiErr := fields.stringField("webhook_api_version")
	if apiErr != nil {
		return input, apiErr
	}
	if present {
		if apiErr := checkOneOf("webhook_api_version", version, "1", "2", "2010-04-01"); apiErr != nil {
			return input, apiErr
		}
		input.webhookAPIVersion = &version
	}

	destinations, present, apiErr := fields.stringListField("whitelisted_destinations")
	switch {
	case apiErr != nil:
		return input, apiErr
	case (create || present) && len(destinations) == 0:
		return input, invalidField("whitelisted_destinations", "10004", "Missing required parameter",
			"whitelisted_destinations is required and needs at least one ISO 3166-1 alpha-2 country code, such as \"US\".")
	}
	for i, destination := range destinations {
		if !isCountryCode(destination) {
			return input, invalidField(fmt.Sprintf("whitelisted_destinations/%d", i), "10015", "Bad Request",
				fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 country code such as \"US\", nor \"*\".", destination))
		}
	}
	input.whitelistedDestinations = destinations
	return input, nil
}

// apply copies the members that the body set onto profile.
func (input messagingProfileInput) apply(profile *MessagingProfile) {
	if input.name != nil {
		profile.Name = *input.name
	}
	if input.enabled != nil {
		profile.Enabled = *input.enabled
	}
	if input.webhookURL != nil {
		profile.WebhookURL = *input.webhookURL
	}
	if input.webhookFailoverURL != nil {
		profile.WebhookFailoverURL = *input.webhookFailoverURL
	}
	if input.webhookAPIVersion != nil {
		profile.WebhookAPIVersion = *input.webhookAPIVersion
	}
	if input.whitelistedDestinations != nil {
		profile.WhitelistedDestinations = slices.Clone(input.whitelistedDestinations)
	}
}

// listMessagingProfiles serves GET /messaging_profiles. filter[name][eq] and
// filter[name][contains] are both case-insensitive substring matches. Telnyx
// documents eq as exact, but a partial match here proves that a client
// compares names exactly itself and does not trust the filter.
func (s *Server) listMessagingProfiles(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	page, apiErr := parsePage(query)
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}

	var nameFilters []string
	for _, parameter := range []string{"filter[name][eq]", "filter[name][contains]"} {
		if values, ok := query[parameter]; ok {
			nameFilters = append(nameFilters, strings.Join(values, ""))
		}
	}

	s.mu.Lock()
	var profiles []messagingProfileJSON
	for _, profile := range s.state.profiles {
		matches := true
		for _, filter := range nameFilters {
			matches = matches && containsFold(profile.Name, filter)
		}
		if matches {
			profiles = append(profiles, messagingProfileView(profile))
		}
	}
	s.mu.Unlock()

	writePage(w, profiles, page)
}

// createMessagingProfile serves POST /messaging_profiles. An omitted enabled
// means true and an omitted webhook_api_version means "2".
func (s *Server) createMessagingProfile(w http.ResponseWriter, r *http.Request) {
	input, apiErr := parseMessagingProfile(r, true)
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}

	s.respond(w, http.StatusCreated, func() (any, *apiError) {
		now := s.now()
		profile := MessagingProfile{
			ID:                s.state.newUUID(),
			Enabled:           true,
			WebhookAPIVersion: "2",
			CreatedAt:         now,
			UpdatedAt:         now,
		}
		input.apply(&profile)
		s.state.profiles = append(s.state.profiles, profile)
		return messagingProfileView(profile), nil
	})
}

func (s *Server) getMessagingProfile(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.respond(w, http.StatusOK, func() (any, *apiError) {
		i := s.state.profileIndex(id)
		if i < 0 {
			return nil, notFound("messaging profile", id)
		}
		return messagingProfileView(s.state.profiles[i]), nil
	})
}

// updateMessagingProfile serves PATCH /messaging_profiles/{id}. Members that
// the body leaves out keep their values.
func (s *Server) updateMessagingProfile(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	input, apiErr := parseMessagingProfile(r, false)
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}

	s.respond(w, http.StatusOK, func() (any, *apiError) {
		i := s.state.profileIndex(id)
		if i < 0 {
			return nil, notFound("messaging profile", id)
		}
		profile := &s.state.profiles[i]
		input.apply(profile)
		profile.UpdatedAt = s.now()
		return messagingProfileView(*profile), nil
	})
}

// deleteMessagingProfile serves DELETE /messaging_profiles/{id} and returns the
// deleted profile. It rejects, with 422, the deletion of a profile that a
// number still uses. That check is the fake's choice, because Telnyx does not
// document what it does then.
func (s *Server) deleteMessagingProfile(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.respond(w, http.StatusOK, func() (any, *apiError) {
		i := s.state.profileIndex(id)
		if i < 0 {
			return nil, notFound("messaging profile", id)
		}
		if numbers := s.state.numbersUsingProfile(id); len(numbers) > 0 {
			return nil, &apiError{status: http.StatusUnprocessableEntity, object: badRequest(fmt.Sprintf(
				"Messaging profile %s is still assigned to %s; assign those numbers to another profile first.",
				id, strings.Join(numbers, ", ")))}
		}

		deleted := s.state.profiles[i]
		s.state.profiles = slices.Delete(s.state.profiles, i, i+1)
		return messagingProfileView(deleted), nil
	})
}

// listMessagingProfilePhoneNumbers serves GET /messaging_profiles/{id}/phone_numbers
// with the messaging settings of every number assigned to the profile.
func (s *Server) listMessagingProfilePhoneNumbers(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	page, apiErr := parsePage(r.URL.Query())
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}

	s.mu.Lock()
	exists := s.state.profileIndex(id) >= 0
	var numbers []messagingSettingsJSON
	for _, number := range s.state.phoneNumbers {
		if number.MessagingProfileID == id {
			numbers = append(numbers, messagingSettings(number))
		}
	}
	s.mu.Unlock()

	if !exists {
		writeAPIError(w, notFound("messaging profile", id))
		return
	}
	writePage(w, numbers, page)
}

// isCountryCode reports whether code is two capital letters, like an ISO 3166-1
// alpha-2 code, or "*". The fake accepts "*" as a wildcard destination.
func isCountryCode(code string) bool {
	if code == "*" {
		return true
	}
	return len(code) == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z'
}
