package telnyxfake

import (
	"fmt"
	"net/http"
	"strings"
)

// phoneNumberJSON is a phone number as the API returns it.
type phoneNumberJSON struct {
	RecordType           string  `json:"record_type"`
	ID                   string  `json:"id"`
	PhoneNumber          string  `json:"phone_number"`
	Status               string  `json:"status"`
	ConnectionID         *string `json:"connection_id"`
	ConnectionName       *string `json:"connection_name"`
	MessagingProfileID   *string `json:"messaging_profile_id"`
	MessagingProfileName *string `json:"messaging_profile_name"`

	// Tags is one of the many fields that the fake does not model. It is
	// always empty and lets clients prove that they ignore unknown fields.
	Tags []string `json:"tags"`

	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// messagingSettingsJSON is a number's messaging settings as the API returns them.
type messagingSettingsJSON struct {
	RecordType         string  `json:"record_type"`
	ID                 string  `json:"id"`
	PhoneNumber        string  `json:"phone_number"`
	MessagingProfileID *string `json:"messaging_profile_id"`
	CreatedAt          string  `json:"created_at"`
	UpdatedAt          string  `json:"updated_at"`
}

// phoneNumberJSON returns number as the API shows it. A connection or profile id
// that names no object, which only seeding can create, gets a null name.
func (st *state) phoneNumberJSON(number PhoneNumber) phoneNumberJSON {
	connectionName, _ := st.connectionName(number.ConnectionID)
	profileName, _ := st.profileName(number.MessagingProfileID)
	return phoneNumberJSON{
		RecordType:           "phone_number",
		ID:                   number.ID,
		PhoneNumber:          number.PhoneNumber,
		Status:               number.Status,
		ConnectionID:         nullable(number.ConnectionID),
		ConnectionName:       nullable(connectionName),
		MessagingProfileID:   nullable(number.MessagingProfileID),
		MessagingProfileName: nullable(profileName),
		Tags:                 []string{},
		CreatedAt:            formatTime(number.CreatedAt),
		UpdatedAt:            formatTime(number.UpdatedAt),
	}
}

func messagingSettings(number PhoneNumber) messagingSettingsJSON {
	return messagingSettingsJSON{
		RecordType:         "messaging_settings",
		ID:                 number.ID,
		PhoneNumber:        number.PhoneNumber,
		MessagingProfileID: nullable(number.MessagingProfileID),
		CreatedAt:          formatTime(number.CreatedAt),
		UpdatedAt:          formatTime(number.UpdatedAt),
	}
}

// listPhoneNumbers serves GET /phone_numbers. filter[phone_number] keeps the
// numbers whose digits contain the filter's digits. A leading "+" on the filter
// is ignored, and the filter needs at least 3 digits, as on Telnyx.
func (s *Server) listPhoneNumbers(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	page, apiErr := parsePage(query)
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}

	filter, filtered := query["filter[phone_number]"]
	var digits string
	if filtered {
		digits = strings.TrimPrefix(strings.Join(filter, ""), "+")
		if !isDigits(digits) || len(digits) < 3 {
			writeAPIError(w, invalidParameter("filter[phone_number]",
				fmt.Sprintf("filter[phone_number] must be at least 3 digits, optionally after a +, got %q.", strings.Join(filter, ""))))
			return
		}
	}

	s.mu.Lock()
	var numbers []phoneNumberJSON
	for _, number := range s.state.phoneNumbers {
		if filtered && !strings.Contains(strings.TrimPrefix(number.PhoneNumber, "+"), digits) {
			continue
		}
		numbers = append(numbers, s.state.phoneNumberJSON(number))
	}
	s.mu.Unlock()

	writePage(w, numbers, page)
}

func (s *Server) getPhoneNumber(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.respond(w, http.StatusOK, func() (any, *apiError) {
		i := s.state.phoneNumberIndexByID(id)
		if i < 0 {
			return nil, notFound("phone number", id)
		}
		return s.state.phoneNumberJSON(s.state.phoneNumbers[i]), nil
	})
}

// updatePhoneNumber serves PATCH /phone_numbers/{id}. Of the body it applies
// only connection_id: "" unassigns the number, and absent or null keeps the
// current connection.
func (s *Server) updatePhoneNumber(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	fields, apiErr := decodeObject(r)
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}
	connectionID, present, apiErr := fields.stringField("connection_id")
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}

	s.respond(w, http.StatusOK, func() (any, *apiError) {
		i := s.state.phoneNumberIndexByID(id)
		if i < 0 {
			return nil, notFound("phone number", id)
		}
		if present {
			if _, exists := s.state.connectionName(connectionID); connectionID != "" && !exists {
				return nil, invalidField("connection_id", "10013", "Missing association",
					fmt.Sprintf("No connection or Call Control application has id %q.", connectionID))
			}
			s.state.phoneNumbers[i].ConnectionID = connectionID
			s.state.phoneNumbers[i].UpdatedAt = s.now()
		}
		return s.state.phoneNumberJSON(s.state.phoneNumbers[i]), nil
	})
}

func (s *Server) getPhoneNumberMessaging(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.respond(w, http.StatusOK, func() (any, *apiError) {
		i := s.state.phoneNumberIndexByID(id)
		if i < 0 {
			return nil, notFound("phone number", id)
		}
		return messagingSettings(s.state.phoneNumbers[i]), nil
	})
}

// updatePhoneNumberMessaging serves PATCH /phone_numbers/{id}/messaging. Of the
// body it applies only messaging_profile_id: "" unassigns the number, and
// absent or null keeps the current profile, as Telnyx documents.
func (s *Server) updatePhoneNumberMessaging(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	fields, apiErr := decodeObject(r)
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}
	profileID, present, apiErr := fields.stringField("messaging_profile_id")
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}

	s.respond(w, http.StatusOK, func() (any, *apiError) {
		i := s.state.phoneNumberIndexByID(id)
		if i < 0 {
			return nil, notFound("phone number", id)
		}
		if present {
			if _, exists := s.state.profileName(profileID); profileID != "" && !exists {
				return nil, invalidField("messaging_profile_id", "10013", "Missing association",
					fmt.Sprintf("No messaging profile has id %q.", profileID))
			}
			s.state.phoneNumbers[i].MessagingProfileID = profileID
			s.state.phoneNumbers[i].UpdatedAt = s.now()
		}
		return messagingSettings(s.state.phoneNumbers[i]), nil
	})
}

func isDigits(text string) bool {
	for _, r := range text {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
