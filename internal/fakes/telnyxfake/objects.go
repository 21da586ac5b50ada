package telnyxfake

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// PhoneNumber is a number in the fake account. ConnectionID may name a plain
// connection or a Call Control application. The API derives connection_name and
// messaging_profile_name from the objects that the ids name.
type PhoneNumber struct {
	// ID is a numeric string. AddPhoneNumber generates one when it is empty.
	ID string

	// PhoneNumber is the E.164 number, such as "+15551234567".
	PhoneNumber string

	// Status defaults to "active".
	Status string

	ConnectionID       string
	MessagingProfileID string
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Connection is a plain connection, such as a SIP connection, that numbers can
// be assigned to. The fake serves no endpoint for it, but it gives a number a
// shared connection to start from.
type Connection struct {
	// ID is a numeric string from the id space that Call Control applications
	// share. AddConnection generates one when it is empty.
	ID   string
	Name string
}

// CallControlApplication is a Call Control application in the fake account.
// Telnyx treats it as a connection, so PhoneNumber.ConnectionID can name it.
type CallControlApplication struct {
	ID                      string
	ApplicationName         string
	WebhookEventURL         string
	WebhookEventFailoverURL string

	// WebhookAPIVersion defaults to "2".
	WebhookAPIVersion string

	// Active is stored as given by AddCallControlApplication. The API's create
	// defaults it to true.
	Active bool

	CreatedAt time.Time
	UpdatedAt time.Time
}

// MessagingProfile is a messaging profile in the fake account.
type MessagingProfile struct {
	// ID looks like a UUID. AddMessagingProfile generates one when it is empty.
	ID                      string
	Name                    string
	Enabled                 bool
	WebhookURL              string
	WebhookFailoverURL      string
	WebhookAPIVersion       string
	WhitelistedDestinations []string
	CreatedAt               time.Time
	UpdatedAt               time.Time
}

// state is the fake account. Every access holds Server.mu. Slices keep
// creation order, which is the order that lists return.
type state struct {
	phoneNumbers []PhoneNumber
	connections  []Connection
	applications []CallControlApplication
	profiles     []MessagingProfile

	// Each sequence counts the ids generated so far for its kind. Ids derive
	// from them, so the same seeding order gives the same ids in every run.
	phoneNumberSequence int
	connectionSequence  int
	profileSequence     int
}

func (st *state) phoneNumberIndex(e164OrID string) int {
	return slices.IndexFunc(st.phoneNumbers, func(number PhoneNumber) bool {
		return number.ID == e164OrID || number.PhoneNumber == e164OrID
	})
}

func (st *state) phoneNumberIndexByID(id string) int {
	return slices.IndexFunc(st.phoneNumbers, func(number PhoneNumber) bool { return number.ID == id })
}

func (st *state) applicationIndex(id string) int {
	return slices.IndexFunc(st.applications, func(app CallControlApplication) bool { return app.ID == id })
}

func (st *state) profileIndex(id string) int {
	return slices.IndexFunc(st.profiles, func(profile MessagingProfile) bool { return profile.ID == id })
}

// connectionName returns the name of the plain connection or Call Control
// application with the given id, and whether one exists.
func (st *state) connectionName(id string) (string, bool) {
	for _, connection := range st.connections {
		if connection.ID == id {
			return connection.Name, true
		}
	}
	if i := st.applicationIndex(id); i >= 0 {
		return st.applications[i].ApplicationName, true
	}
	return "", false
}

func (st *state) profileName(id string) (string, bool) {
	if i := st.profileIndex(id); i >= 0 {
		return st.profiles[i].Name, true
	}
	return "", false
}

// idInUse reports whether any object of any kind already has id.
func (st *state) idInUse(id string) bool {
	if st.phoneNumberIndexByID(id) >= 0 || st.applicationIndex(id) >= 0 || st.profileIndex(id) >= 0 {
		return true
	}
	return slices.ContainsFunc(st.connections, func(connection Connection) bool { return connection.ID == id })
}

// numbersUsingConnection returns the phone numbers assigned to connection id.
func (st *state) numbersUsingConnection(id string) []string {
	var numbers []string
	for _, number := range st.phoneNumbers {
		if number.ConnectionID == id {
			numbers = append(numbers, number.PhoneNumber)
		}
	}
	return numbers
}

func (st *state) numbersUsingProfile(id string) []string {
	var numbers []string
	for _, number := range st.phoneNumbers {
		if number.MessagingProfileID == id {
			numbers = append(numbers, number.PhoneNumber)
		}
	}
	return numbers
}

// newNumericID returns an unused 19-digit id, like Telnyx's, derived from kind
// and the next value of sequence.
func (st *state) newNumericID(kind string, sequence *int) string {
	for {
		*sequence++
		sum := sha256.Sum256([]byte(kind + "/" + strconv.Itoa(*sequence)))
		id := strconv.FormatUint(binary.BigEndian.Uint64(sum[:8])%9e18+1e18, 10)
		if !st.idInUse(id) {
			return id
		}
	}
}

// newUUID returns an unused id in the form of a version 4 UUID, derived from
// the next value of the profile sequence.
func (st *state) newUUID() string {
	for {
		st.profileSequence++
		sum := sha256.Sum256([]byte("messaging_profile/" + strconv.Itoa(st.profileSequence)))
		sum[6] = sum[6]&0x0f | 0x40
		sum[8] = sum[8]&0x3f | 0x80
		id := fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
		if !st.idInUse(id) {
			return id
		}
	}
}

func cloneProfile(profile MessagingProfile) MessagingProfile {
	profile.WhitelistedDestinations = slices.Clone(profile.WhitelistedDestinations)
	return profile
}

// AddPhoneNumber adds a number to the account and returns it with its generated
// fields filled in. Seeding does not validate ConnectionID or
// MessagingProfileID, so a test can build a dangling reference on purpose.
// It panics when the number is not E.164 or its number or id already exists.
func (s *Server) AddPhoneNumber(number PhoneNumber) PhoneNumber {
	s.mu.Lock()
	defer s.mu.Unlock()

	if !isE164(number.PhoneNumber) {
		panic(fmt.Sprintf("telnyxfake: AddPhoneNumber: %q is not an E.164 number such as +15551234567", number.PhoneNumber))
	}
	if i := s.state.phoneNumberIndex(number.PhoneNumber); i >= 0 {
		panic(fmt.Sprintf("telnyxfake: AddPhoneNumber: %s already exists with id %s", number.PhoneNumber, s.state.phoneNumbers[i].ID))
	}
	if number.ID == "" {
		number.ID = s.state.newNumericID("phone_number", &s.state.phoneNumberSequence)
	} else if s.state.idInUse(number.ID) {
		panic(fmt.Sprintf("telnyxfake: AddPhoneNumber: id %s is already in use", number.ID))
	}
	if number.Status == "" {
		number.Status = "active"
	}
	number.CreatedAt, number.UpdatedAt = fillTimestamps(number.CreatedAt, number.UpdatedAt, s.now())

	s.state.phoneNumbers = append(s.state.phoneNumbers, number)
	return number
}

// PhoneNumber returns the number whose id or E.164 number is e164OrID.
func (s *Server) PhoneNumber(e164OrID string) (PhoneNumber, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	i := s.state.phoneNumberIndex(e164OrID)
	if i < 0 {
		return PhoneNumber{}, false
	}
	return s.state.phoneNumbers[i], true
}

// PhoneNumbers returns every number in the account in creation order.
func (s *Server) PhoneNumbers() []PhoneNumber {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.state.phoneNumbers)
}

// SetPhoneNumber replaces the number with the same ID, as a change made outside
// the API would. A zero CreatedAt keeps the stored one, and UpdatedAt becomes
// now. It panics when no number has that ID or another number has the same
// E.164 number.
func (s *Server) SetPhoneNumber(number PhoneNumber) {
	s.mu.Lock()
	defer s.mu.Unlock()

	i := s.state.phoneNumberIndexByID(number.ID)
	if i < 0 {
		panic(fmt.Sprintf("telnyxfake: SetPhoneNumber: no phone number has id %q", number.ID))
	}
	if !isE164(number.PhoneNumber) {
		panic(fmt.Sprintf("telnyxfake: SetPhoneNumber: %q is not an E.164 number such as +15551234567", number.PhoneNumber))
	}
	if j := s.state.phoneNumberIndex(number.PhoneNumber); j >= 0 && j != i {
		panic(fmt.Sprintf("telnyxfake: SetPhoneNumber: %s already exists with id %s", number.PhoneNumber, s.state.phoneNumbers[j].ID))
	}
	if number.Status == "" {
		number.Status = "active"
	}
	if number.CreatedAt.IsZero() {
		number.CreatedAt = s.state.phoneNumbers[i].CreatedAt
	}
	number.UpdatedAt = s.now()
	s.state.phoneNumbers[i] = number
}

// ReleasePhoneNumber removes the number whose id or E.164 number is e164OrID
// from the account, as releasing it in the portal would. It reports whether
// the number existed.
func (s *Server) ReleasePhoneNumber(e164OrID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()

	i := s.state.phoneNumberIndex(e164OrID)
	if i < 0 {
		return false
	}
	s.state.phoneNumbers = slices.Delete(s.state.phoneNumbers, i, i+1)
	return true
}

// AddConnection adds a plain connection and returns it with its id filled in.
// It panics when the id is already in use.
func (s *Server) AddConnection(connection Connection) Connection {
	s.mu.Lock()
	defer s.mu.Unlock()

	if connection.ID == "" {
		connection.ID = s.state.newNumericID("connection", &s.state.connectionSequence)
	} else if s.state.idInUse(connection.ID) {
		panic(fmt.Sprintf("telnyxfake: AddConnection: id %s is already in use", connection.ID))
	}
	s.state.connections = append(s.state.connections, connection)
	return connection
}

// Connections returns the plain connections in creation order. Call Control
// applications are not included.
func (s *Server) Connections() []Connection {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.state.connections)
}

// AddCallControlApplication adds an application and returns it with its generated
// fields filled in. Names need not be unique, as a test of duplicate names
// requires. It panics when the id is already in use.
func (s *Server) AddCallControlApplication(app CallControlApplication) CallControlApplication {
	s.mu.Lock()
	defer s.mu.Unlock()

	if app.ID == "" {
		app.ID = s.state.newNumericID("connection", &s.state.connectionSequence)
	} else if s.state.idInUse(app.ID) {
		panic(fmt.Sprintf("telnyxfake: AddCallControlApplication: id %s is already in use", app.ID))
	}
	if app.WebhookAPIVersion == "" {
		app.WebhookAPIVersion = "2"
	}
	app.CreatedAt, app.UpdatedAt = fillTimestamps(app.CreatedAt, app.UpdatedAt, s.now())

	s.state.applications = append(s.state.applications, app)
	return app
}

// CallControlApplication returns the application with the given id.
func (s *Server) CallControlApplication(id string) (CallControlApplication, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	i := s.state.applicationIndex(id)
	if i < 0 {
		return CallControlApplication{}, false
	}
	return s.state.applications[i], true
}

// CallControlApplications returns every application in creation order.
func (s *Server) CallControlApplications() []CallControlApplication {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.state.applications)
}

// SetCallControlApplication replaces the application with the same ID, as a
// change made in the portal would. A zero CreatedAt keeps the stored one, and
// UpdatedAt becomes now. It panics when no application has that ID.
func (s *Server) SetCallControlApplication(app CallControlApplication) {
	s.mu.Lock()
	defer s.mu.Unlock()

	i := s.state.applicationIndex(app.ID)
	if i < 0 {
		panic(fmt.Sprintf("telnyxfake: SetCallControlApplication: no application has id %q", app.ID))
	}
	if app.WebhookAPIVersion == "" {
		app.WebhookAPIVersion = "2"
	}
	if app.CreatedAt.IsZero() {
		app.CreatedAt = s.state.applications[i].CreatedAt
	}
	app.UpdatedAt = s.now()
	s.state.applications[i] = app
}

// AddMessagingProfile adds a profile and returns it with its generated fields
// filled in. Names need not be unique. WebhookAPIVersion defaults to "2", and
// empty WhitelistedDestinations stay empty. It panics when the id is already
// in use.
func (s *Server) AddMessagingProfile(profile MessagingProfile) MessagingProfile {
	s.mu.Lock()
	defer s.mu.Unlock()

	if profile.ID == "" {
		profile.ID = s.state.newUUID()
	} else if s.state.idInUse(profile.ID) {
		panic(fmt.Sprintf("telnyxfake: AddMessagingProfile: id %s is already in use", profile.ID))
	}
	if profile.WebhookAPIVersion == "" {
		profile.WebhookAPIVersion = "2"
	}
	profile.CreatedAt, profile.UpdatedAt = fillTimestamps(profile.CreatedAt, profile.UpdatedAt, s.now())

	profile = cloneProfile(profile)
	s.state.profiles = append(s.state.profiles, profile)
	return cloneProfile(profile)
}

// MessagingProfile returns the profile with the given id.
func (s *Server) MessagingProfile(id string) (MessagingProfile, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	i := s.state.profileIndex(id)
	if i < 0 {
		return MessagingProfile{}, false
	}
	return cloneProfile(s.state.profiles[i]), true
}

// MessagingProfiles returns every profile in creation order.
func (s *Server) MessagingProfiles() []MessagingProfile {
	s.mu.Lock()
	defer s.mu.Unlock()

	profiles := make([]MessagingProfile, len(s.state.profiles))
	for i, profile := range s.state.profiles {
		profiles[i] = cloneProfile(profile)
	}
	return profiles
}

// SetMessagingProfile replaces the profile with the same ID, as a change made in
// the portal would. A zero CreatedAt keeps the stored one, and UpdatedAt
// becomes now. It panics when no profile has that ID.
func (s *Server) SetMessagingProfile(profile MessagingProfile) {
	s.mu.Lock()
	defer s.mu.Unlock()

	i := s.state.profileIndex(profile.ID)
	if i < 0 {
		panic(fmt.Sprintf("telnyxfake: SetMessagingProfile: no messaging profile has id %q", profile.ID))
	}
	if profile.WebhookAPIVersion == "" {
		profile.WebhookAPIVersion = "2"
	}
	if profile.CreatedAt.IsZero() {
		profile.CreatedAt = s.state.profiles[i].CreatedAt
	}
	profile.UpdatedAt = s.now()
	s.state.profiles[i] = cloneProfile(profile)
}

// fillTimestamps returns the timestamps of a new object: now where they are
// zero, and an UpdatedAt no earlier than CreatedAt.
func fillTimestamps(createdAt, updatedAt, now time.Time) (time.Time, time.Time) {
	if createdAt.IsZero() {
		createdAt = now
	}
	if updatedAt.IsZero() || updatedAt.Before(createdAt) {
		updatedAt = createdAt
	}
	return createdAt, updatedAt
}

// isE164 reports whether number is "+" followed by 1 to 15 digits, the first of
// which is not 0.
func isE164(number string) bool {
	if len(number) < 2 || len(number) > 16 || number[0] != '+' || number[1] == '0' {
		return false
	}
	for _, r := range number[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
