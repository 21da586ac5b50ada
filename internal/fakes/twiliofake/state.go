package twiliofake

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Number is an incoming phone number as the fake stores it. Empty strings are
// sent as JSON null.
type Number struct {
	SID                  string // PN followed by 32 lowercase hex digits
	PhoneNumber          string // E.164, such as +14155550100
	FriendlyName         string
	VoiceURL             string
	VoiceMethod          string
	VoiceFallbackURL     string
	VoiceFallbackMethod  string
	StatusCallback       string
	StatusCallbackMethod string
	VoiceApplicationSID  string
	TrunkSID             string
	VoiceReceiveMode     string // "voice" or "fax"
	SMSURL               string
	SMSMethod            string
	SMSFallbackURL       string
	SMSFallbackMethod    string
	SMSApplicationSID    string
}

// Service is a Messaging Service as the fake stores it.
type Service struct {
	SID                       string // MG followed by 32 lowercase hex digits
	FriendlyName              string
	InboundRequestURL         string
	UseInboundWebhookOnNumber bool
}

type numberRecord struct {
	Number
	created time.Time
	updated time.Time
	seq     int64
}

type serviceRecord struct {
	Service
	created time.Time
	updated time.Time
}

// membership records that a number is in the sender pool of a service.
type membership struct {
	serviceSID string
	added      time.Time
	seq        int64
}

type state struct {
	numbers map[string]*numberRecord // by SID
	// numberSeq contains the creation sequence number of every number SID
	// ever stored, including released ones, so page tokens naming a released
	// number still find their place in the list.
	numberSeq   map[string]int64
	services    map[string]*serviceRecord // by SID
	memberships map[string]*membership    // by number SID
	nextSeq     int64
	sidCounter  uint64
	phoneSerial int
}

func newState() state {
	return state{
		numbers:     make(map[string]*numberRecord),
		numberSeq:   make(map[string]int64),
		services:    make(map[string]*serviceRecord),
		memberships: make(map[string]*membership),
	}
}

// AddNumber stores a new incoming phone number and returns the stored copy.
//
// Empty fields get defaults: a unique SID, a unique phone number of the form
// +1555xxxxxxx, a friendly name formatted from the phone number as Twilio
// does for US numbers, POST for every method field and "voice" for
// VoiceReceiveMode. AddNumber panics when the SID or the phone number is
// already in use, because Twilio never has two such numbers on one account.
func (s *Server) AddNumber(n Number) Number {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()

	if n.SID == "" {
		n.SID = s.newSIDLocked("PN", func(sid string) bool { _, used := s.state.numberSeq[sid]; return used })
	} else if _, exists := s.state.numbers[n.SID]; exists {
		panic(fmt.Sprintf("twiliofake: AddNumber: a number with SID %s already exists: use SetNumber to change it", n.SID))
	}
	if n.PhoneNumber == "" {
		n.PhoneNumber = s.newPhoneNumberLocked()
	} else if existing := s.findNumberLocked(n.PhoneNumber); existing != nil {
		panic(fmt.Sprintf("twiliofake: AddNumber: phone number %s already exists with SID %s", n.PhoneNumber, existing.SID))
	}
	if n.FriendlyName == "" {
		n.FriendlyName = formatFriendlyName(n.PhoneNumber)
	}
	for _, method := range []*string{&n.VoiceMethod, &n.VoiceFallbackMethod, &n.StatusCallbackMethod, &n.SMSMethod, &n.SMSFallbackMethod} {
		if *method == "" {
			*method = "POST"
		}
	}
	if n.VoiceReceiveMode == "" {
		n.VoiceReceiveMode = "voice"
	}

	now := nowSeconds()
	s.state.nextSeq++
	record := &numberRecord{Number: n, created: now, updated: now, seq: s.state.nextSeq}
	s.state.numbers[n.SID] = record
	s.state.numberSeq[n.SID] = record.seq
	return n
}

// Number returns a copy of the number with the given SID or E.164 phone
// number, and whether it exists.
func (s *Server) Number(phoneOrSID string) (Number, bool) {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	record := s.findNumberLocked(phoneOrSID)
	if record == nil {
		return Number{}, false
	}
	return record.Number, true
}

// Numbers returns copies of all numbers in creation order.
func (s *Server) Numbers() []Number {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	records := s.sortedNumbersLocked()
	numbers := make([]Number, 0, len(records))
	for _, record := range records {
		numbers = append(numbers, record.Number)
	}
	return numbers
}

// SetNumber replaces every field of the number with SID n.SID, as a change
// made outside the provider would. Fields are stored as given, so an empty
// method is sent as null, except that an empty VoiceReceiveMode becomes
// "voice". SetNumber panics when no number has that SID or when the phone
// number belongs to another number.
func (s *Server) SetNumber(n Number) {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	record, ok := s.state.numbers[n.SID]
	if !ok {
		panic(fmt.Sprintf("twiliofake: SetNumber: no number with SID %q: add it with AddNumber first", n.SID))
	}
	if other := s.findNumberLocked(n.PhoneNumber); other != nil && other.SID != n.SID {
		panic(fmt.Sprintf("twiliofake: SetNumber: phone number %s already belongs to %s", n.PhoneNumber, other.SID))
	}
	if n.VoiceReceiveMode == "" {
		n.VoiceReceiveMode = "voice"
	}
	record.Number = n
	record.updated = nowSeconds()
}

// ReleaseNumber deletes the number with the given SID or E.164 phone number,
// as releasing it in Twilio's console would, and removes it from its
// Messaging Service. Unknown numbers are ignored.
func (s *Server) ReleaseNumber(phoneOrSID string) {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	if record := s.findNumberLocked(phoneOrSID); record != nil {
		s.releaseNumberLocked(record.SID)
	}
}

// AddService stores a Messaging Service and returns the stored copy. An
// empty SID is filled with a unique MG SID. AddService panics when the SID is
// already in use.
func (s *Server) AddService(svc Service) Service {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	if svc.SID == "" {
		svc.SID = s.newSIDLocked("MG", func(sid string) bool { _, used := s.state.services[sid]; return used })
	} else if _, exists := s.state.services[svc.SID]; exists {
		panic(fmt.Sprintf("twiliofake: AddService: a service with SID %s already exists", svc.SID))
	}
	now := nowSeconds()
	s.state.services[svc.SID] = &serviceRecord{Service: svc, created: now, updated: now}
	return svc
}

// ServiceNumbers returns the SIDs of the numbers in the sender pool of the
// service, in the order they joined. It returns nil for an unknown service.
func (s *Server) ServiceNumbers(serviceSID string) []string {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	return s.poolLocked(serviceSID)
}

// AddToService puts a number into the sender pool of a service, as a change
// made outside the provider would. A number in another service's pool moves,
// because a number belongs to at most one service. AddToService panics when
// the service or the number does not exist.
func (s *Server) AddToService(serviceSID, numberSID string) {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	if _, ok := s.state.services[serviceSID]; !ok {
		panic(fmt.Sprintf("twiliofake: AddToService: no service with SID %q", serviceSID))
	}
	if _, ok := s.state.numbers[numberSID]; !ok {
		panic(fmt.Sprintf("twiliofake: AddToService: no number with SID %q", numberSID))
	}
	s.joinServiceLocked(serviceSID, numberSID)
}

// RemoveFromService takes a number out of the sender pool of a service, as a
// change made outside the provider would. Nothing happens when the number is
// not in that pool.
func (s *Server) RemoveFromService(serviceSID, numberSID string) {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	if member, ok := s.state.memberships[numberSID]; ok && member.serviceSID == serviceSID {
		delete(s.state.memberships, numberSID)
	}
}

func (s *Server) joinServiceLocked(serviceSID, numberSID string) *membership {
	s.state.nextSeq++
	member := &membership{serviceSID: serviceSID, added: nowSeconds(), seq: s.state.nextSeq}
	s.state.memberships[numberSID] = member
	return member
}

// poolLocked returns the number SIDs in the pool of a service, ordered by
// the time they joined.
func (s *Server) poolLocked(serviceSID string) []string {
	var sids []string
	for numberSID, member := range s.state.memberships {
		if member.serviceSID == serviceSID {
			sids = append(sids, numberSID)
		}
	}
	slices.SortFunc(sids, func(a, b string) int {
		return cmp.Compare(s.state.memberships[a].seq, s.state.memberships[b].seq)
	})
	return sids
}

func (s *Server) releaseNumberLocked(sid string) {
	delete(s.state.numbers, sid)
	delete(s.state.memberships, sid)
}

// findNumberLocked looks a number up by SID, then by phone number.
func (s *Server) findNumberLocked(phoneOrSID string) *numberRecord {
	if phoneOrSID == "" {
		return nil
	}
	if record, ok := s.state.numbers[phoneOrSID]; ok {
		return record
	}
	for _, record := range s.state.numbers {
		if record.PhoneNumber == phoneOrSID {
			return record
		}
	}
	return nil
}

func (s *Server) sortedNumbersLocked() []*numberRecord {
	records := make([]*numberRecord, 0, len(s.state.numbers))
	for _, record := range s.state.numbers {
		records = append(records, record)
	}
	slices.SortFunc(records, func(a, b *numberRecord) int { return cmp.Compare(a.seq, b.seq) })
	return records
}

// newSIDLocked returns prefix followed by 32 lowercase hex digits. The digits
// are derived from the account SID and a counter, so SIDs repeat between runs
// with the same account SID but differ between accounts.
func (s *Server) newSIDLocked(prefix string, used func(string) bool) string {
	for {
		s.state.sidCounter++
		var counter [8]byte
		binary.BigEndian.PutUint64(counter[:], s.state.sidCounter)
		sum := sha256.Sum256([]byte(s.accountSID + "/" + prefix + "/" + string(counter[:])))
		sid := prefix + hex.EncodeToString(sum[:16])
		if !used(sid) {
			return sid
		}
	}
}

// newPhoneNumberLocked returns an unused number in the 555 area code.
func (s *Server) newPhoneNumberLocked() string {
	for {
		s.state.phoneSerial++
		phone := fmt.Sprintf("+1555%07d", 100+s.state.phoneSerial)
		if s.findNumberLocked(phone) == nil {
			return phone
		}
	}
}

// formatFriendlyName formats a North American E.164 number as Twilio's
// default friendly name, "(415) 555-0100". Other numbers are returned as given.
func formatFriendlyName(phone string) string {
	digits := strings.TrimPrefix(phone, "+1")
	if !strings.HasPrefix(phone, "+1") || len(digits) != 10 || strings.Trim(digits, "0123456789") != "" {
		return phone
	}
	return fmt.Sprintf("(%s) %s-%s", digits[:3], digits[3:6], digits[6:])
}

// nowSeconds returns the current UTC time truncated to seconds, the
// resolution of Twilio's date fields.
func nowSeconds() time.Time {
	return time.Now().UTC().Truncate(time.Second)
}
