// Package twilio manages the webhooks of Twilio phone numbers through twilio-go.
package twilio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	twclient "github.com/twilio/twilio-go/client"
	api "github.com/twilio/twilio-go/rest/api/v2010"
	messaging "github.com/twilio/twilio-go/rest/messaging/v1"

	"github.com/burki/terraform-provider-burki/internal/carrier"
	"github.com/burki/terraform-provider-burki/internal/httpclient"
)

// Values the voice platform uses for SMS on Twilio.
const (
	// DisabledSMSURL is Twilio's demo reply URL. Pointing SmsUrl at it keeps
	// inbound SMS from the platform.
	DisabledSMSURL = "https://demo.twilio.com/welcome/sms/reply"
	// EnabledSMSPath is appended to the webhook base URL to enable SMS.
	EnabledSMSPath = "/twilio-sms-webhook"

	methodPOST = "POST"

	// listPageSize keeps lookups to one request: the PhoneNumber filter rarely
	// matches more than a few numbers.
	listPageSize = 50
)

// Config holds what the carrier needs to reach one Twilio account.
type Config struct {
	AccountSID string
	// Username and Password are the account SID and auth token, or an API key
	// SID and its secret.
	Username string
	Password string

	// WebhookBaseURL is the voice platform's public base URL, without a
	// trailing slash; empty when SMS cannot be enabled.
	WebhookBaseURL string

	Transport http.RoundTripper
}

// Carrier implements carrier.Carrier for one Twilio account.
type Carrier struct {
	cfg Config

	// services caches what each Messaging Service does with inbound SMS; it
	// does not change during one Terraform run.
	servicesMu sync.Mutex
	services   map[string]*serviceInfo
}

type serviceInfo struct {
	once sync.Once
	svc  *messaging.MessagingV1Service
	err  error
}

// New returns a Twilio carrier.
func New(cfg Config) *Carrier {
	return &Carrier{cfg: cfg, services: map[string]*serviceInfo{}}
}

var _ carrier.Carrier = (*Carrier)(nil)

// Name returns "twilio".
func (c *Carrier) Name() string { return carrier.Twilio }

// Account names the account for diagnostics.
func (c *Carrier) Account() string { return "Twilio account " + c.cfg.AccountSID }

// EnabledSMSURL returns the SMS URL that enables SMS, or "" without a base URL.
func (c *Carrier) EnabledSMSURL() string {
	if c.cfg.WebhookBaseURL == "" {
		return ""
	}
	return c.cfg.WebhookBaseURL + EnabledSMSPath
}

// record is the carrier's bookkeeping for one number, kept in private state.
type record struct {
	NumberSID string `json:"number_sid"`

	// Original holds the number's settings before the takeover (or at import).
	Original settings `json:"original"`

	// RestoreVoice and RestoreSMS mark which settings the resource has written
	// and must put back on destroy.
	RestoreVoice bool `json:"restore_voice"`
	RestoreSMS   bool `json:"restore_sms"`

	// JoinedServices lists the Messaging Services this resource added the
	// number to; destroy removes it from them again.
	JoinedServices []string `json:"joined_services,omitempty"`
	// MemberOf lists services the number was found to be in already.
	MemberOf []string `json:"member_of,omitempty"`
}

type settings struct {
	VoiceURL    string `json:"voice_url"`
	VoiceMethod string `json:"voice_method"`
	SMSURL      string `json:"sms_url"`
	SMSMethod   string `json:"sms_method"`
}

func (r *record) isMember(service string) bool {
	for _, s := range append(append([]string{}, r.JoinedServices...), r.MemberOf...) {
		if s == service {
			return true
		}
	}
	return false
}

func decodeRecord(raw []byte) (*record, error) {
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, fmt.Errorf("reading the recorded Twilio settings: %w", err)
	}
	if rec.NumberSID == "" {
		return nil, errors.New("the recorded Twilio settings have no phone number SID; import the number again")
	}
	return &rec, nil
}

func (r *record) encode() []byte {
	raw, _ := json.Marshal(r)
	return raw
}

// clients returns twilio-go services whose requests carry ctx: twilio-go
// builds its requests without a context, so the HTTP client supplies it.
func (c *Carrier) clients(ctx context.Context) (*api.ApiService, *messaging.ApiService) {
	base := &twclient.Client{
		Credentials: twclient.NewCredentials(c.cfg.Username, c.cfg.Password),
		HTTPClient:  httpclient.Client(ctx, c.cfg.Transport),
	}
	base.SetAccountSid(c.cfg.AccountSID)
	handler := twclient.NewRequestHandler(base)
	return api.NewApiService(handler), messaging.NewApiService(handler)
}

// find looks the number up by its exact E.164 form. Twilio's PhoneNumber filter
// also matches partial numbers, so every page is read and compared.
func (c *Carrier) find(ctx context.Context, phoneNumber string) (*api.ApiV2010IncomingPhoneNumber, error) {
	numbers, _ := c.clients(ctx)
	params := (&api.ListIncomingPhoneNumberParams{}).SetPhoneNumber(phoneNumber).SetPageSize(listPageSize)

	found, err := numbers.ListIncomingPhoneNumber(params)
	if err != nil {
		return nil, c.wrap(err, "listing phone numbers")
	}
	for i := range found {
		if value(found[i].PhoneNumber) == phoneNumber {
			return &found[i], nil
		}
	}
	return nil, &carrier.NotFoundError{PhoneNumber: phoneNumber, Account: c.Account()}
}

// Holds reports whether the account owns exactly this number.
func (c *Carrier) Holds(ctx context.Context, phoneNumber string) (bool, error) {
	_, err := c.find(ctx, phoneNumber)
	if errors.Is(err, carrier.ErrNumberNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Create records the number's settings, then applies the intent with one update
// that carries only what differs.
func (c *Carrier) Create(ctx context.Context, intent carrier.Intent) (carrier.Result, error) {
	number, err := c.find(ctx, intent.PhoneNumber)
	if err != nil {
		return carrier.Result{}, err
	}

	rec := &record{NumberSID: value(number.Sid), Original: settingsOf(number)}
	return c.apply(ctx, intent, rec, number)
}

// Update applies the intent to a number already taken over. It writes every
// managed field without reading the number first: the refresh before the plan
// already did, and writing the same value again is harmless.
func (c *Carrier) Update(ctx context.Context, intent carrier.Intent, raw []byte) (carrier.Result, error) {
	rec, err := decodeRecord(raw)
	if err != nil {
		return carrier.Result{}, err
	}
	return c.apply(ctx, intent, rec, nil)
}

// apply writes the intent. With current set, only the fields that differ from
// it are sent, and nothing at all when none does.
func (c *Carrier) apply(ctx context.Context, intent carrier.Intent, rec *record, current *api.ApiV2010IncomingPhoneNumber) (carrier.Result, error) {
	numbers, _ := c.clients(ctx)
	params, changes := c.updateParams(intent, current)
	if intent.ManageVoice {
		rec.RestoreVoice = true
	}
	if intent.SMS != carrier.SMSUnmanaged {
		rec.RestoreSMS = true
	}

	number := current
	if len(changes) > 0 {
		tflog.Debug(ctx, "Updating Twilio phone number", map[string]any{
			"phone_number": intent.PhoneNumber, "fields": strings.Join(changes, ","),
		})
		updated, err := numbers.UpdateIncomingPhoneNumber(rec.NumberSID, params)
		if err != nil {
			if isNotFound(err) {
				return carrier.Result{}, &carrier.NotFoundError{PhoneNumber: intent.PhoneNumber, Account: c.Account()}
			}
			// The update is the first write, so nothing has changed yet.
			return carrier.Result{}, c.wrap(err, "updating the phone number")
		}
		number = updated
	}

	result := carrier.Result{Observed: c.observe(number), Record: rec.encode()}
	result.Warnings = append(result.Warnings, c.numberWarnings(intent, number)...)

	if err := c.syncServices(ctx, intent, rec, &result); err != nil {
		result.Record = rec.encode()
		done := []string{"the phone number update"}
		if len(changes) == 0 {
			done = nil
		}
		return result, &carrier.PartialError{Done: done, Failed: "joining the Messaging Service " + intent.MessagingServiceSID, Err: err, Unmet: []string{"enable_sms"}}
	}
	result.Record = rec.encode()
	return result, nil
}

// updateParams builds the update; with current nil every managed field is sent.
func (c *Carrier) updateParams(intent carrier.Intent, current *api.ApiV2010IncomingPhoneNumber) (*api.UpdateIncomingPhoneNumberParams, []string) {
	params := &api.UpdateIncomingPhoneNumberParams{}
	var changes []string

	if intent.ManageVoice {
		if current == nil || value(current.VoiceUrl) != intent.VoiceURL || !isPOST(current.VoiceMethod) {
			params.SetVoiceUrl(intent.VoiceURL).SetVoiceMethod(methodPOST)
			changes = append(changes, "VoiceUrl", "VoiceMethod")
		}
	}

	var smsURL string
	switch intent.SMS {
	case carrier.SMSEnable:
		smsURL = c.EnabledSMSURL()
	case carrier.SMSDisable:
		smsURL = DisabledSMSURL
	}
	if smsURL != "" {
		if current == nil || value(current.SmsUrl) != smsURL || !isPOST(current.SmsMethod) {
			params.SetSmsUrl(smsURL).SetSmsMethod(methodPOST)
			changes = append(changes, "SmsUrl", "SmsMethod")
		}
	}
	return params, changes
}

// syncServices adds the number to the Messaging Service when SMS is enabled,
// and removes it from services this resource added it to before but no
// longer declares.
func (c *Carrier) syncServices(ctx context.Context, intent carrier.Intent, rec *record, result *carrier.Result) error {
	_, services := c.clients(ctx)
	target := ""
	if intent.SMS == carrier.SMSEnable {
		target = intent.MessagingServiceSID
	}

	kept := rec.JoinedServices[:0]
	for _, joined := range rec.JoinedServices {
		if joined == target || target == "" {
			kept = append(kept, joined)
			continue
		}
		if err := services.DeletePhoneNumber(joined, rec.NumberSID); err != nil && !isNotFound(err) {
			rec.JoinedServices = append(kept, rec.JoinedServices[len(kept):]...)
			return c.wrap(err, "removing the number from Messaging Service "+joined)
		}
	}
	rec.JoinedServices = kept

	if target == "" || rec.isMember(target) {
		return nil
	}
	if w := c.serviceWarning(ctx, target, intent.PhoneNumber); w != nil {
		result.Warnings = append(result.Warnings, *w)
	}

	_, err := services.CreatePhoneNumber(target, (&messaging.CreatePhoneNumberParams{}).SetPhoneNumberSid(rec.NumberSID))
	switch {
	case err == nil:
		rec.JoinedServices = append(rec.JoinedServices, target)
	case isAlreadyInService(err):
		rec.MemberOf = append(rec.MemberOf, target)
	default:
		return c.wrap(err, "adding the number to Messaging Service "+target)
	}
	return nil
}

// Read fetches the number by its SID: one request.
func (c *Carrier) Read(ctx context.Context, phoneNumber string, raw []byte) (carrier.Result, error) {
	rec, err := decodeRecord(raw)
	if err != nil {
		return carrier.Result{}, err
	}

	numbers, _ := c.clients(ctx)
	number, err := numbers.FetchIncomingPhoneNumber(rec.NumberSID, nil)
	if err != nil {
		if isNotFound(err) {
			return carrier.Result{}, &carrier.NotFoundError{PhoneNumber: phoneNumber, Account: c.Account()}
		}
		return carrier.Result{}, c.wrap(err, "reading the phone number")
	}
	if got := value(number.PhoneNumber); got != phoneNumber {
		return carrier.Result{}, fmt.Errorf("the Twilio phone number %s is now %s, not %s; import the number again", rec.NumberSID, got, phoneNumber)
	}
	return carrier.Result{Observed: c.observe(number), Record: raw}, nil
}

// Import finds the number and records its current settings as the ones to
// restore.
func (c *Carrier) Import(ctx context.Context, phoneNumber string) (carrier.Result, error) {
	number, err := c.find(ctx, phoneNumber)
	if err != nil {
		return carrier.Result{}, err
	}
	rec := &record{NumberSID: value(number.Sid), Original: settingsOf(number)}
	return carrier.Result{Observed: c.observe(number), Record: rec.encode()}, nil
}

// Inspect finds the number and reports its webhooks; Twilio keeps them on
// the number itself.
func (c *Carrier) Inspect(ctx context.Context, phoneNumber string) (carrier.Observed, error) {
	number, err := c.find(ctx, phoneNumber)
	if err != nil {
		return carrier.Observed{}, err
	}
	return c.observe(number), nil
}

// Delete puts back the URLs and methods the resource wrote and takes the number
// out of the Messaging Services it added it to.
func (c *Carrier) Delete(ctx context.Context, raw []byte, restore bool) error {
	if !restore {
		return nil
	}
	rec, err := decodeRecord(raw)
	if err != nil {
		return err
	}
	numbers, services := c.clients(ctx)

	params := &api.UpdateIncomingPhoneNumberParams{}
	if rec.RestoreVoice {
		params.SetVoiceUrl(rec.Original.VoiceURL).SetVoiceMethod(orPOST(rec.Original.VoiceMethod))
	}
	if rec.RestoreSMS {
		params.SetSmsUrl(rec.Original.SMSURL).SetSmsMethod(orPOST(rec.Original.SMSMethod))
	}
	if rec.RestoreVoice || rec.RestoreSMS {
		if _, err := numbers.UpdateIncomingPhoneNumber(rec.NumberSID, params); err != nil {
			if isNotFound(err) {
				tflog.Warn(ctx, "Twilio phone number is gone; nothing to restore", map[string]any{"phone_number_sid": rec.NumberSID})
				return nil
			}
			return c.wrap(err, "restoring the original webhooks")
		}
	}

	for _, joined := range rec.JoinedServices {
		if err := services.DeletePhoneNumber(joined, rec.NumberSID); err != nil && !isNotFound(err) {
			return &carrier.PartialError{
				Done:   []string{"restoring the original webhooks"},
				Failed: "removing the number from Messaging Service " + joined,
				Err:    c.wrap(err, "removing the number from Messaging Service "+joined),
			}
		}
	}
	return nil
}

func (c *Carrier) observe(n *api.ApiV2010IncomingPhoneNumber) carrier.Observed {
	smsURL := value(n.SmsUrl)
	status := carrier.SMSOther
	switch {
	case !isPOST(n.SmsMethod):
	case smsURL == DisabledSMSURL:
		status = carrier.SMSDisabled
	case smsURL != "" && smsURL == c.EnabledSMSURL():
		status = carrier.SMSEnabled
	}
	return carrier.Observed{
		NumberID:  value(n.Sid),
		VoiceURL:  value(n.VoiceUrl),
		SMSURL:    smsURL,
		SMSStatus: status,
	}
}

// numberWarnings names the settings that make Twilio ignore what was written.
func (c *Carrier) numberWarnings(intent carrier.Intent, n *api.ApiV2010IncomingPhoneNumber) []carrier.Warning {
	if n == nil {
		return nil
	}
	var warnings []carrier.Warning
	if intent.ManageVoice {
		if sid := value(n.VoiceApplicationSid); sid != "" {
			warnings = append(warnings, carrier.Warning{
				Summary: "Twilio ignores the voice webhook of " + intent.PhoneNumber,
				Detail: fmt.Sprintf("The number's VoiceApplicationSid is %s, so Twilio sends calls to that TwiML application and not to %s. "+
					"The provider does not change VoiceApplicationSid; clear it in the Twilio Console or API for voice_webhook_url to take effect.", sid, intent.VoiceURL),
			})
		}
		if sid := value(n.TrunkSid); sid != "" {
			warnings = append(warnings, carrier.Warning{
				Summary: "Twilio ignores the voice webhook of " + intent.PhoneNumber,
				Detail: fmt.Sprintf("The number's TrunkSid is %s, so Twilio routes calls through that Elastic SIP trunk and not to %s. "+
					"The provider does not change TrunkSid; remove the number from the trunk for voice_webhook_url to take effect.", sid, intent.VoiceURL),
			})
		}
	}
	if intent.SMS != carrier.SMSUnmanaged {
		if sid := value(n.SmsApplicationSid); sid != "" {
			warnings = append(warnings, carrier.Warning{
				Summary: "Twilio ignores the SMS webhook of " + intent.PhoneNumber,
				Detail: fmt.Sprintf("The number's SmsApplicationSid is %s, so Twilio uses that application's SMS URLs and ignores SmsUrl. "+
					"The provider does not change SmsApplicationSid; clear it for the SMS setting to take effect.", sid),
			})
		}
	}
	return warnings
}

// serviceWarning fetches the Messaging Service once per run and warns when it
// handles inbound SMS itself instead of using the number's SmsUrl.
func (c *Carrier) serviceWarning(ctx context.Context, serviceSID, phoneNumber string) *carrier.Warning {
	c.servicesMu.Lock()
	info, ok := c.services[serviceSID]
	if !ok {
		info = &serviceInfo{}
		c.services[serviceSID] = info
	}
	c.servicesMu.Unlock()

	info.once.Do(func() {
		_, services := c.clients(ctx)
		info.svc, info.err = services.FetchService(serviceSID)
	})
	if info.err != nil {
		return &carrier.Warning{
			Summary: "Messaging Service " + serviceSID + " could not be read",
			Detail:  fmt.Sprintf("The provider could not check whether the service routes inbound SMS to the number's SmsUrl: %v", c.wrap(info.err, "reading the Messaging Service")),
		}
	}
	if info.svc.UseInboundWebhookOnNumber != nil && *info.svc.UseInboundWebhookOnNumber {
		return nil
	}
	return &carrier.Warning{
		Summary: "Messaging Service " + serviceSID + " handles inbound SMS itself",
		Detail: fmt.Sprintf("The service's use_inbound_webhook_on_number is false, so Twilio delivers SMS sent to %s to the service's inbound request URL (%q), not to the number's SmsUrl. "+
			"The provider does not change the service; set \"Defer to sender's webhook\" on it for the SMS setting to take effect.", phoneNumber, value(info.svc.InboundRequestUrl)),
	}
}

func settingsOf(n *api.ApiV2010IncomingPhoneNumber) settings {
	return settings{
		VoiceURL:    value(n.VoiceUrl),
		VoiceMethod: value(n.VoiceMethod),
		SMSURL:      value(n.SmsUrl),
		SMSMethod:   value(n.SmsMethod),
	}
}

func value(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// isPOST treats a missing method as POST, Twilio's default.
func isPOST(method *string) bool {
	m := strings.ToUpper(value(method))
	return m == "" || m == methodPOST
}

func orPOST(method string) string {
	if method == "" {
		return methodPOST
	}
	return method
}
