// Package telnyx manages the webhooks of Telnyx phone numbers.
//
// A Telnyx number has no webhook URL of its own: voice webhooks live on its
// connection and SMS webhooks on its messaging profile, and both may be shared
// with other numbers. So the number gets a Call Control application and a
// messaging profile of its own, named after its digits, and is pointed at
// them. Shared connections and profiles are never written to.
package telnyx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/burki/terraform-provider-burki/internal/carrier"
	"github.com/burki/terraform-provider-burki/internal/httpclient"
	telnyxapi "github.com/burki/terraform-provider-burki/internal/telnyx"
)

// EnabledSMSPath is appended to the webhook base URL to enable SMS.
const EnabledSMSPath = "/telnyx-webhook"

// Config holds what the carrier needs to reach one Telnyx account.
type Config struct {
	Client *telnyxapi.Client

	// BaseURL is the API's base URL, shown in diagnostics.
	BaseURL string

	// WebhookBaseURL is the voice platform's public base URL, without a
	// trailing slash; empty when SMS cannot be enabled.
	WebhookBaseURL string

	// WhitelistedDestinations are the countries a created messaging profile
	// may send to.
	WhitelistedDestinations []string
}

// Carrier implements carrier.Carrier for one Telnyx account.
type Carrier struct {
	cfg Config
	api *telnyxapi.Client
}

var _ carrier.Carrier = (*Carrier)(nil)

// New returns a Telnyx carrier.
func New(cfg Config) *Carrier {
	return &Carrier{cfg: cfg, api: cfg.Client}
}

// Name returns "telnyx".
func (c *Carrier) Name() string { return carrier.Telnyx }

// Account names the account for diagnostics, without the API key.
func (c *Carrier) Account() string {
	return "the Telnyx account at " + c.cfg.BaseURL
}

// ApplicationName returns the name of the number's own Call Control application.
func ApplicationName(phoneNumber string) string {
	return "Burki-" + strings.TrimPrefix(phoneNumber, "+")
}

// ProfileName returns the name of the number's own messaging profile.
func ProfileName(phoneNumber string) string {
	return "Burki-SMS-" + strings.TrimPrefix(phoneNumber, "+")
}

func (c *Carrier) enabledSMSURL() string {
	if c.cfg.WebhookBaseURL == "" {
		return ""
	}
	return c.cfg.WebhookBaseURL + EnabledSMSPath
}

// record is the carrier's bookkeeping for one number, kept in private state.
type record struct {
	NumberID string `json:"number_id"`

	// OriginalConnectionID and OriginalProfileID are what the number pointed
	// at before the takeover (or at import); "" means none.
	OriginalConnectionID string `json:"original_connection_id"`
	OriginalProfileID    string `json:"original_messaging_profile_id"`

	// MovedConnection and MovedProfile are true when the resource repointed the
	// number, and so must point it back on destroy.
	MovedConnection bool `json:"moved_connection"`
	MovedProfile    bool `json:"moved_messaging_profile"`

	// ApplicationID and ProfileID are the number's own objects. The Created
	// flags are true when this resource created them, and so deletes them.
	ApplicationID      string `json:"application_id,omitempty"`
	CreatedApplication bool   `json:"created_application,omitempty"`
	ProfileID          string `json:"messaging_profile_id,omitempty"`
	CreatedProfile     bool   `json:"created_messaging_profile,omitempty"`
}

func decodeRecord(raw []byte) (*record, error) {
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, fmt.Errorf("reading the recorded Telnyx settings: %w", err)
	}
	if rec.NumberID == "" {
		return nil, errors.New("the recorded Telnyx settings have no phone number id; import the number again")
	}
	return &rec, nil
}

func (r *record) encode() []byte {
	raw, _ := json.Marshal(r)
	return raw
}

// view is the carrier's current copy of the number and its own objects, from
// which the observed state is derived.
type view struct {
	number  *telnyxapi.PhoneNumber
	app     *telnyxapi.CallControlApplication
	profile *telnyxapi.MessagingProfile
}

func (c *Carrier) find(ctx context.Context, phoneNumber string) (*telnyxapi.PhoneNumber, error) {
	number, err := c.api.FindPhoneNumber(ctx, phoneNumber)
	if telnyxapi.IsNotFound(err) {
		return nil, &carrier.NotFoundError{PhoneNumber: phoneNumber, Account: c.Account()}
	}
	if err != nil {
		return nil, c.wrap(err, "looking up "+phoneNumber)
	}
	return number, nil
}

// Holds reports whether the account owns exactly this number.
func (c *Carrier) Holds(ctx context.Context, phoneNumber string) (bool, error) {
	_, err := c.find(ctx, phoneNumber)
	if errors.Is(err, carrier.ErrNumberNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Create records where the number points now, then applies the intent.
func (c *Carrier) Create(ctx context.Context, intent carrier.Intent) (carrier.Result, error) {
	number, err := c.find(ctx, intent.PhoneNumber)
	if err != nil {
		return carrier.Result{}, err
	}
	rec := &record{
		NumberID:             number.ID,
		OriginalConnectionID: number.ConnectionID,
		OriginalProfileID:    number.MessagingProfileID,
	}
	return c.apply(ctx, intent, rec, &view{number: number})
}

// Update reads the number, then writes only what differs from the intent.
func (c *Carrier) Update(ctx context.Context, intent carrier.Intent, raw []byte) (carrier.Result, error) {
	rec, err := decodeRecord(raw)
	if err != nil {
		return carrier.Result{}, err
	}
	number, err := c.api.GetPhoneNumber(ctx, rec.NumberID)
	if telnyxapi.IsNotFound(err) {
		return carrier.Result{}, &carrier.NotFoundError{PhoneNumber: intent.PhoneNumber, Account: c.Account()}
	}
	if err != nil {
		return carrier.Result{}, c.wrap(err, "reading the phone number")
	}
	return c.apply(ctx, intent, rec, &view{number: number})
}

// apply brings voice and SMS to the intent, one step at a time. When a step
// fails, the result describes what the earlier steps left at Telnyx.
func (c *Carrier) apply(ctx context.Context, intent carrier.Intent, rec *record, v *view) (carrier.Result, error) {
	var done []string
	fail := func(step string, err error) (carrier.Result, error) {
		result := carrier.Result{Observed: c.observe(rec, v), Record: rec.encode()}
		return result, &carrier.PartialError{Done: done, Failed: step, Err: err}
	}

	if intent.ManageVoice {
		app, err := c.ensureApplication(ctx, intent.PhoneNumber, intent.VoiceURL, rec)
		if err != nil {
			return fail("setting up the Call Control application "+ApplicationName(intent.PhoneNumber), err)
		}
		v.app = app
		done = append(done, "the Call Control application")

		if v.number.ConnectionID != app.ID {
			number, err := c.api.UpdatePhoneNumberConnection(ctx, rec.NumberID, app.ID)
			if err != nil {
				return fail("pointing the number at its Call Control application", c.wrap(err, "updating the phone number"))
			}
			v.number = number
			rec.MovedConnection = true
			done = append(done, "the number's connection")
		}
	}

	if intent.SMS != carrier.SMSUnmanaged {
		webhookURL := ""
		if intent.SMS == carrier.SMSEnable {
			webhookURL = c.enabledSMSURL()
		}
		profile, err := c.ensureProfile(ctx, intent.PhoneNumber, webhookURL, rec)
		if err != nil {
			return fail("setting up the messaging profile "+ProfileName(intent.PhoneNumber), err)
		}
		v.profile = profile
		done = append(done, "the messaging profile")

		if v.number.MessagingProfileID != profile.ID {
			if _, err := c.api.UpdatePhoneNumberMessagingProfile(ctx, rec.NumberID, profile.ID); err != nil {
				return fail("assigning the number to its messaging profile", c.wrap(err, "updating the number's messaging settings"))
			}
			v.number.MessagingProfileID = profile.ID
			rec.MovedProfile = true
		}
	}

	return carrier.Result{Observed: c.observe(rec, v), Record: rec.encode()}, nil
}

// ensureApplication returns the number's own Call Control application with
// the voice URL set: the recorded one, else one with the platform's name on
// any page, else a new one.
func (c *Carrier) ensureApplication(ctx context.Context, phoneNumber, voiceURL string, rec *record) (*telnyxapi.CallControlApplication, error) {
	name := ApplicationName(phoneNumber)

	app, byName, err := findOwn(ctx, rec.ApplicationID, c.api.GetCallControlApplication,
		func(ctx context.Context) (*telnyxapi.CallControlApplication, error) {
			return c.api.FindCallControlApplicationByName(ctx, name)
		})
	if err != nil {
		return nil, c.wrap(err, "looking up the Call Control application "+name)
	}
	if byName {
		rec.ApplicationID, rec.CreatedApplication = app.ID, false
	}

	if app == nil {
		created, err := createOnce(ctx,
			func(ctx context.Context) (*telnyxapi.CallControlApplication, error) {
				return c.api.CreateCallControlApplication(ctx, telnyxapi.CallControlApplication{
					ApplicationName:   name,
					WebhookEventURL:   voiceURL,
					WebhookAPIVersion: "2",
					Active:            true,
				})
			},
			func(ctx context.Context) (*telnyxapi.CallControlApplication, error) {
				return c.api.FindCallControlApplicationByName(ctx, name)
			})
		if err != nil {
			return nil, c.wrap(err, "creating the Call Control application "+name)
		}
		tflog.Info(ctx, "Created Call Control application", map[string]any{"application_id": created.ID, "application_name": name})
		rec.ApplicationID, rec.CreatedApplication = created.ID, true
		return created, nil
	}

	if app.WebhookEventURL == voiceURL {
		return app, nil
	}
	app.WebhookEventURL = voiceURL
	updated, err := c.api.UpdateCallControlApplication(ctx, app.ID, *app)
	if err != nil {
		return nil, c.wrap(err, "updating the Call Control application "+name)
	}
	return updated, nil
}

// ensureProfile returns the number's own messaging profile with the webhook
// URL set, found or created like the application.
func (c *Carrier) ensureProfile(ctx context.Context, phoneNumber, webhookURL string, rec *record) (*telnyxapi.MessagingProfile, error) {
	name := ProfileName(phoneNumber)

	profile, byName, err := findOwn(ctx, rec.ProfileID, c.api.GetMessagingProfile,
		func(ctx context.Context) (*telnyxapi.MessagingProfile, error) {
			return c.api.FindMessagingProfileByName(ctx, name)
		})
	if err != nil {
		return nil, c.wrap(err, "looking up the messaging profile "+name)
	}
	if byName {
		rec.ProfileID, rec.CreatedProfile = profile.ID, false
	}

	if profile == nil {
		created, err := createOnce(ctx,
			func(ctx context.Context) (*telnyxapi.MessagingProfile, error) {
				return c.api.CreateMessagingProfile(ctx, telnyxapi.MessagingProfile{
					Name:                    name,
					Enabled:                 true,
					WebhookURL:              webhookURL,
					WebhookAPIVersion:       "2",
					WhitelistedDestinations: c.cfg.WhitelistedDestinations,
				})
			},
			func(ctx context.Context) (*telnyxapi.MessagingProfile, error) {
				return c.api.FindMessagingProfileByName(ctx, name)
			})
		if err != nil {
			return nil, c.wrap(err, "creating the messaging profile "+name)
		}
		tflog.Info(ctx, "Created messaging profile", map[string]any{"messaging_profile_id": created.ID, "messaging_profile_name": name})
		rec.ProfileID, rec.CreatedProfile = created.ID, true
		if created.WebhookURL == webhookURL {
			return created, nil
		}
		profile = created
	}

	if profile.WebhookURL == webhookURL {
		return profile, nil
	}
	updated, err := c.api.UpdateMessagingProfile(ctx, profile.ID, telnyxapi.MessagingProfileUpdate{WebhookURL: &webhookURL})
	if err != nil {
		return nil, c.wrap(err, "updating the messaging profile "+name)
	}
	return updated, nil
}

// Read fetches the number and each object the resource manages: one request
// per object.
func (c *Carrier) Read(ctx context.Context, phoneNumber string, raw []byte) (carrier.Result, error) {
	rec, err := decodeRecord(raw)
	if err != nil {
		return carrier.Result{}, err
	}

	number, err := c.api.GetPhoneNumber(ctx, rec.NumberID)
	if telnyxapi.IsNotFound(err) {
		return carrier.Result{}, &carrier.NotFoundError{PhoneNumber: phoneNumber, Account: c.Account()}
	}
	if err != nil {
		return carrier.Result{}, c.wrap(err, "reading the phone number")
	}
	if number.PhoneNumber != phoneNumber {
		return carrier.Result{}, fmt.Errorf("the Telnyx phone number %s is now %s, not %s; import the number again", rec.NumberID, number.PhoneNumber, phoneNumber)
	}
	v := &view{number: number}

	// An object deleted behind Terraform's back is forgotten, so that the
	// next apply sets up a new one and the plan shows its id as unknown.
	var warnings []carrier.Warning
	if rec.ApplicationID != "" {
		v.app, err = c.api.GetCallControlApplication(ctx, rec.ApplicationID)
		switch {
		case telnyxapi.IsNotFound(err):
			warnings = append(warnings, carrier.Warning{
				Summary: "Call Control application " + rec.ApplicationID + " was deleted",
				Detail:  fmt.Sprintf("The Call Control application of %s no longer exists at Telnyx. The next apply sets up a new one.", phoneNumber),
			})
			rec.ApplicationID, rec.CreatedApplication = "", false
		case err != nil:
			return carrier.Result{}, c.wrap(err, "reading the Call Control application")
		}
	}
	if rec.ProfileID != "" {
		v.profile, err = c.api.GetMessagingProfile(ctx, rec.ProfileID)
		switch {
		case telnyxapi.IsNotFound(err):
			warnings = append(warnings, carrier.Warning{
				Summary: "Messaging profile " + rec.ProfileID + " was deleted",
				Detail:  fmt.Sprintf("The messaging profile of %s no longer exists at Telnyx. The next apply sets up a new one.", phoneNumber),
			})
			rec.ProfileID, rec.CreatedProfile = "", false
		case err != nil:
			return carrier.Result{}, c.wrap(err, "reading the messaging profile")
		}
	}

	result := carrier.Result{Observed: c.observe(rec, v), Record: rec.encode()}
	result.Warnings = append(warnings, c.driftWarnings(phoneNumber, rec, v)...)
	return result, nil
}

// Import finds the number and records where it points now as the state to
// restore. The objects it points at count as the number's own only when they
// carry the platform's names.
func (c *Carrier) Import(ctx context.Context, phoneNumber string) (carrier.Result, error) {
	number, err := c.find(ctx, phoneNumber)
	if err != nil {
		return carrier.Result{}, err
	}
	rec := &record{
		NumberID:             number.ID,
		OriginalConnectionID: number.ConnectionID,
		OriginalProfileID:    number.MessagingProfileID,
	}
	v := &view{number: number}

	if number.ConnectionID != "" {
		app, err := c.api.GetCallControlApplication(ctx, number.ConnectionID)
		switch {
		case err == nil && app.ApplicationName == ApplicationName(phoneNumber):
			v.app, rec.ApplicationID = app, app.ID
		case err != nil && !telnyxapi.IsNotFound(err):
			return carrier.Result{}, c.wrap(err, "reading the number's Call Control application")
		}
	}
	if number.MessagingProfileID != "" {
		profile, err := c.api.GetMessagingProfile(ctx, number.MessagingProfileID)
		switch {
		case err == nil && profile.Name == ProfileName(phoneNumber):
			v.profile, rec.ProfileID = profile, profile.ID
		case err != nil && !telnyxapi.IsNotFound(err):
			return carrier.Result{}, c.wrap(err, "reading the number's messaging profile")
		}
	}
	return carrier.Result{Observed: c.observe(rec, v), Record: rec.encode()}, nil
}

// Inspect finds the number and reads the connection and messaging profile it
// uses, its own or shared ones: the voice URL when the connection is a Call
// Control application, the SMS URL of the profile. A number without a
// messaging profile gets no SMS webhooks, so its status is disabled.
func (c *Carrier) Inspect(ctx context.Context, phoneNumber string) (carrier.Observed, error) {
	number, err := c.find(ctx, phoneNumber)
	if err != nil {
		return carrier.Observed{}, err
	}
	obs := carrier.Observed{NumberID: number.ID, SMSStatus: carrier.SMSDisabled}

	if number.ConnectionID != "" {
		app, err := c.api.GetCallControlApplication(ctx, number.ConnectionID)
		switch {
		case err == nil:
			obs.VoiceURL = app.WebhookEventURL
			if app.ApplicationName == ApplicationName(phoneNumber) {
				obs.CallControlApplicationID = app.ID
			}
		case !telnyxapi.IsNotFound(err):
			return carrier.Observed{}, c.wrap(err, "reading the number's Call Control application")
		}
	}

	if number.MessagingProfileID != "" {
		profile, err := c.api.GetMessagingProfile(ctx, number.MessagingProfileID)
		if err != nil {
			return carrier.Observed{}, c.wrap(err, "reading the number's messaging profile")
		}
		obs.SMSURL = profile.WebhookURL
		switch {
		case profile.WebhookURL == "":
		case profile.WebhookURL == c.enabledSMSURL():
			obs.SMSStatus = carrier.SMSEnabled
		default:
			obs.SMSStatus = carrier.SMSOther
		}
		if profile.Name == ProfileName(phoneNumber) {
			obs.MessagingProfileID = profile.ID
		}
	}
	return obs, nil
}

// Delete points the number back at what it had and deletes the objects this
// resource created.
func (c *Carrier) Delete(ctx context.Context, raw []byte, restore bool) error {
	if !restore {
		return nil
	}
	rec, err := decodeRecord(raw)
	if err != nil {
		return err
	}

	var done []string
	fail := func(step string, err error) error {
		return &carrier.PartialError{Done: done, Failed: step, Err: err}
	}

	numberGone := false
	if rec.MovedConnection {
		_, err := c.api.UpdatePhoneNumberConnection(ctx, rec.NumberID, rec.OriginalConnectionID)
		switch {
		case telnyxapi.IsNotFound(err):
			numberGone = true
		case err != nil:
			return fail("pointing the number back at its previous connection", c.wrap(err, "updating the phone number"))
		default:
			done = append(done, "the previous connection")
		}
	}
	if rec.MovedProfile && !numberGone {
		_, err := c.api.UpdatePhoneNumberMessagingProfile(ctx, rec.NumberID, rec.OriginalProfileID)
		if err != nil && !telnyxapi.IsNotFound(err) {
			return fail("assigning the number back to its previous messaging profile", c.wrap(err, "updating the number's messaging settings"))
		}
		done = append(done, "the previous messaging profile")
	}

	if rec.CreatedApplication {
		if err := c.api.DeleteCallControlApplication(ctx, rec.ApplicationID); err != nil && !telnyxapi.IsNotFound(err) {
			return fail("deleting the Call Control application "+rec.ApplicationID, c.wrap(err, "deleting the Call Control application"))
		}
		done = append(done, "deleting the Call Control application")
	}
	if rec.CreatedProfile {
		if err := c.api.DeleteMessagingProfile(ctx, rec.ProfileID); err != nil && !telnyxapi.IsNotFound(err) {
			return fail("deleting the messaging profile "+rec.ProfileID, c.wrap(err, "deleting the messaging profile"))
		}
	}
	return nil
}

// observe reports voice and SMS as calls and messages will really be handled:
// a URL only counts while the number points at the object that holds it.
func (c *Carrier) observe(rec *record, v *view) carrier.Observed {
	obs := carrier.Observed{
		NumberID:                 rec.NumberID,
		CallControlApplicationID: rec.ApplicationID,
		MessagingProfileID:       rec.ProfileID,
	}

	if v.app != nil && v.number.ConnectionID == v.app.ID {
		obs.VoiceURL = v.app.WebhookEventURL
	}

	if rec.ProfileID != "" {
		obs.SMSStatus = carrier.SMSOther
		if v.profile != nil && v.number.MessagingProfileID == v.profile.ID {
			obs.SMSURL = v.profile.WebhookURL
			switch {
			case obs.SMSURL == "":
				obs.SMSStatus = carrier.SMSDisabled
			case obs.SMSURL == c.enabledSMSURL():
				obs.SMSStatus = carrier.SMSEnabled
			}
		}
	}
	return obs
}

// driftWarnings explains drift that the plan alone would show as an empty URL.
func (c *Carrier) driftWarnings(phoneNumber string, rec *record, v *view) []carrier.Warning {
	var warnings []carrier.Warning
	if rec.ApplicationID != "" && v.number.ConnectionID != rec.ApplicationID {
		warnings = append(warnings, carrier.Warning{
			Summary: phoneNumber + " was moved to another connection",
			Detail: fmt.Sprintf("The number now uses connection %q (%s) instead of its Call Control application %s, so its voice webhook no longer applies. "+
				"The next apply points it back.", v.number.ConnectionID, v.number.ConnectionName, rec.ApplicationID),
		})
	}
	if rec.ProfileID != "" && v.number.MessagingProfileID != rec.ProfileID {
		warnings = append(warnings, carrier.Warning{
			Summary: phoneNumber + " was moved to another messaging profile",
			Detail: fmt.Sprintf("The number now uses messaging profile %q (%s) instead of its own profile %s, so its SMS setting no longer applies. "+
				"The next apply assigns it back.", v.number.MessagingProfileID, v.number.MessagingProfileName, rec.ProfileID),
		})
	}
	return warnings
}

// wrap names the action and the account; Telnyx's own code, title and detail
// are kept by the client's error text.
func (c *Carrier) wrap(err error, action string) error {
	return fmt.Errorf("%s in %s: %w", action, c.Account(), err)
}

// findOwn returns the number's own object: the recorded one when it still
// exists, else the one with the platform's name on any page, else nil.
// byName is true when the object was found by its name.
func findOwn[T any](ctx context.Context, recordedID string,
	get func(context.Context, string) (*T, error), findByName func(context.Context) (*T, error)) (object *T, byName bool, err error) {
	if recordedID != "" {
		object, err = get(ctx, recordedID)
		if err == nil {
			return object, false, nil
		}
		if !telnyxapi.IsNotFound(err) {
			return nil, false, err
		}
	}

	object, err = findByName(ctx)
	if telnyxapi.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return object, true, nil
}

// maxCreateAttempts bounds the creates of one object after server errors.
const maxCreateAttempts = 5

// createOnce creates an object that should exist once. A create is not
// safe to repeat blindly: after a server error or a dropped connection Telnyx
// may have created the object anyway. So the transport repeats it only after a
// 429 or a refused connection, and this function looks the object up by name
// before trying again.
func createOnce[T any](ctx context.Context, create, find func(context.Context) (*T, error)) (*T, error) {
	var lastErr error
	for attempt := 1; attempt <= maxCreateAttempts; attempt++ {
		created, err := create(httpclient.NonIdempotent(ctx))
		if err == nil {
			return created, nil
		}
		lastErr = err
		if status := telnyxapi.StatusCode(err); status >= 400 && status < 500 {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, err
		}

		found, findErr := find(ctx)
		if findErr == nil {
			return found, nil
		}
		if !telnyxapi.IsNotFound(findErr) {
			return nil, errors.Join(err, findErr)
		}
		tflog.Warn(ctx, "Create failed and nothing was created; trying again", map[string]any{"attempt": attempt, "error": err.Error()})
	}
	return nil, lastErr
}
