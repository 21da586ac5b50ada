package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/burki/terraform-provider-burki/internal/carrier"
)

// resourceModel is the state and plan of burki_phone_number_webhooks.
type resourceModel struct {
	ID                             types.String   `tfsdk:"id"`
	PhoneNumber                    types.String   `tfsdk:"phone_number"`
	TelephonyProvider              types.String   `tfsdk:"telephony_provider"`
	VoiceWebhookURL                types.String   `tfsdk:"voice_webhook_url"`
	DisableSMS                     types.Bool     `tfsdk:"disable_sms"`
	EnableSMS                      types.Bool     `tfsdk:"enable_sms"`
	MessagingServiceSID            types.String   `tfsdk:"messaging_service_sid"`
	RestoreOnDestroy               types.Bool     `tfsdk:"restore_on_destroy"`
	SMSWebhookURL                  types.String   `tfsdk:"sms_webhook_url"`
	SMSStatus                      types.String   `tfsdk:"sms_status"`
	TwilioPhoneNumberSID           types.String   `tfsdk:"twilio_phone_number_sid"`
	TelnyxPhoneNumberID            types.String   `tfsdk:"telnyx_phone_number_id"`
	TelnyxCallControlApplicationID types.String   `tfsdk:"telnyx_call_control_application_id"`
	TelnyxMessagingProfileID       types.String   `tfsdk:"telnyx_messaging_profile_id"`
	Timeouts                       timeouts.Value `tfsdk:"timeouts"`
}

// intent turns the planned values into what the carrier is asked to do.
func (m resourceModel) intent(data *providerData) carrier.Intent {
	intent := carrier.Intent{
		PhoneNumber: m.PhoneNumber.ValueString(),
		ManageVoice: !m.VoiceWebhookURL.IsNull(),
		VoiceURL:    m.VoiceWebhookURL.ValueString(),
	}

	switch {
	case m.EnableSMS.ValueBool():
		intent.SMS = carrier.SMSEnable
	case m.DisableSMS.ValueBool():
		intent.SMS = carrier.SMSDisable
	}

	intent.MessagingServiceSID = m.MessagingServiceSID.ValueString()
	if intent.MessagingServiceSID == "" && data != nil {
		intent.MessagingServiceSID = data.messagingServiceSID
	}
	return intent
}

// applyResult records what a write left at the carrier. A flag stays true only
// when its state holds; unmet names flags a partial failure left unfulfilled.
func (m *resourceModel) applyResult(telephonyProvider string, result carrier.Result, unmet []string) {
	m.refresh(telephonyProvider, result.Observed)
	for _, name := range unmet {
		switch name {
		case "enable_sms":
			if m.EnableSMS.ValueBool() {
				m.EnableSMS = types.BoolValue(false)
			}
		case "disable_sms":
			if m.DisableSMS.ValueBool() {
				m.DisableSMS = types.BoolValue(false)
			}
		}
	}
}

// refresh copies what the carrier holds into the model. Managed values take
// the carrier's value, so a difference shows as drift in the next plan. For the
// same reason, a true flag whose state no longer holds becomes false.
func (m *resourceModel) refresh(telephonyProvider string, obs carrier.Observed) {
	phone := m.PhoneNumber.ValueString()
	m.ID = types.StringValue(carrier.ID(telephonyProvider, phone))
	m.TelephonyProvider = types.StringValue(telephonyProvider)

	if !m.VoiceWebhookURL.IsNull() {
		m.VoiceWebhookURL = types.StringValue(obs.VoiceURL)
	}
	if m.EnableSMS.ValueBool() && obs.SMSStatus != carrier.SMSEnabled {
		m.EnableSMS = types.BoolValue(false)
	}
	if m.DisableSMS.ValueBool() && obs.SMSStatus != carrier.SMSDisabled {
		m.DisableSMS = types.BoolValue(false)
	}
	if m.RestoreOnDestroy.IsNull() || m.RestoreOnDestroy.IsUnknown() {
		m.RestoreOnDestroy = types.BoolValue(true)
	}

	// An empty status means the carrier does not know the SMS webhook: a
	// Telnyx number whose SMS the resource does not manage.
	m.SMSWebhookURL = types.StringNull()
	m.SMSStatus = types.StringNull()
	if obs.SMSStatus != "" {
		m.SMSWebhookURL = types.StringValue(obs.SMSURL)
		m.SMSStatus = types.StringValue(obs.SMSStatus)
	}

	m.TwilioPhoneNumberSID = types.StringNull()
	m.TelnyxPhoneNumberID = types.StringNull()
	m.TelnyxCallControlApplicationID = types.StringNull()
	m.TelnyxMessagingProfileID = types.StringNull()
	switch telephonyProvider {
	case carrier.Twilio:
		m.TwilioPhoneNumberSID = types.StringValue(obs.NumberID)
	case carrier.Telnyx:
		m.TelnyxPhoneNumberID = types.StringValue(obs.NumberID)
		m.TelnyxCallControlApplicationID = optionalString(obs.CallControlApplicationID)
		m.TelnyxMessagingProfileID = optionalString(obs.MessagingProfileID)
	}
}

// fillFromImport sets the managed attributes from what the carrier holds, as a
// configuration that matches the number would: voice when it has a URL, the
// flag that matches the SMS status.
func (m *resourceModel) fillFromImport(obs carrier.Observed) {
	m.VoiceWebhookURL = optionalString(obs.VoiceURL)
	m.EnableSMS = types.BoolNull()
	m.DisableSMS = types.BoolNull()
	switch obs.SMSStatus {
	case carrier.SMSEnabled:
		m.EnableSMS = types.BoolValue(true)
	case carrier.SMSDisabled:
		m.DisableSMS = types.BoolValue(true)
	}
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
