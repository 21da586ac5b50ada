package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/burki/terraform-provider-burki/internal/carrier"
	telnyxcarrier "github.com/burki/terraform-provider-burki/internal/carrier/telnyx"
	twiliocarrier "github.com/burki/terraform-provider-burki/internal/carrier/twilio"
)

// phoneNumberValidator checks E.164 form when the value is known.
type phoneNumberValidator struct{}

func (phoneNumberValidator) Description(context.Context) string {
	return "must be an E.164 phone number such as +15551234567"
}

func (v phoneNumberValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (phoneNumberValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := carrier.ValidatePhoneNumber(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid phone number", err.Error())
	}
}

// webhookURLValidator checks for an absolute http or https URL when the value
// is known.
type webhookURLValidator struct{}

func (webhookURLValidator) Description(context.Context) string {
	return "must be an absolute http or https URL"
}

func (v webhookURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (webhookURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := carrier.ValidateWebhookURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid webhook URL", err.Error())
	}
}

// ValidateConfig checks the rules that need no provider configuration, for
// every value known at plan time.
func (r *phoneNumberWebhooksResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config resourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validateFlags(config)...)
}

// validateFlags compares values, not presence: disable_sms = false beside
// enable_sms = true is valid, because a variable often drives both.
func validateFlags(m resourceModel) diag.Diagnostics {
	var diags diag.Diagnostics

	if m.EnableSMS.ValueBool() && m.DisableSMS.ValueBool() {
		detail := "enable_sms and disable_sms cannot both be true: SMS either goes to the voice platform or is kept from it. " +
			"Set one of them to false or remove it."
		diags.AddAttributeError(path.Root("enable_sms"), "Conflicting SMS settings", detail)
		diags.AddAttributeError(path.Root("disable_sms"), "Conflicting SMS settings", detail)
		return diags
	}

	if m.VoiceWebhookURL.IsUnknown() || m.EnableSMS.IsUnknown() || m.DisableSMS.IsUnknown() {
		return diags
	}
	if m.VoiceWebhookURL.IsNull() && !m.EnableSMS.ValueBool() && !m.DisableSMS.ValueBool() {
		diags.AddAttributeError(path.Root("voice_webhook_url"), "Nothing to manage",
			"Set voice_webhook_url, enable_sms = true or disable_sms = true: without one of them the resource would not change the number.")
	}
	return diags
}

// validateSettings checks the rules that depend on the provider configuration
// and the carrier.
func validateSettings(m resourceModel, data *providerData) diag.Diagnostics {
	var diags diag.Diagnostics
	if data == nil {
		return diags
	}

	if m.EnableSMS.ValueBool() && data.webhookBaseURL == "" {
		diags.AddAttributeError(path.Root("enable_sms"), "Webhook base URL missing",
			fmt.Sprintf("enable_sms points the SMS webhook at <webhook_base_url>%s or <webhook_base_url>/telnyx-webhook, "+
				"but webhook_base_url is not set. Set it in the provider block or in %s.", twiliocarrier.EnabledSMSPath, envWebhookBaseURL))
	}

	name := m.TelephonyProvider.ValueString()
	if m.TelephonyProvider.IsUnknown() || m.TelephonyProvider.IsNull() {
		if names := data.configured(); len(names) == 1 {
			name = names[0]
		} else {
			name = ""
		}
	}
	if name != "" {
		if _, ok := data.carriers[name]; !ok {
			diags.AddAttributeError(path.Root("telephony_provider"), "Telephony provider not configured",
				fmt.Sprintf("telephony_provider is %q, but the provider has no credentials for it (configured: %s). %s",
					name, listOrNone(data.configured()), credentialHint(name)))
		}
	}
	if name == carrier.Telnyx && !m.MessagingServiceSID.IsNull() && !m.MessagingServiceSID.IsUnknown() {
		diags.AddAttributeError(path.Root("messaging_service_sid"), "Messaging Service on a Telnyx number",
			"messaging_service_sid is a Twilio setting; Telnyx numbers get their own messaging profile. Remove it from this resource.")
	}
	return diags
}

// validateModel runs every rule on values that are all known, as at apply,
// where values that were unknown at plan time are checked for the first time.
func validateModel(m resourceModel, data *providerData) diag.Diagnostics {
	var diags diag.Diagnostics
	if err := carrier.ValidatePhoneNumber(m.PhoneNumber.ValueString()); err != nil {
		diags.AddAttributeError(path.Root("phone_number"), "Invalid phone number", err.Error())
	}
	if !m.VoiceWebhookURL.IsNull() {
		if err := carrier.ValidateWebhookURL(m.VoiceWebhookURL.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("voice_webhook_url"), "Invalid webhook URL", err.Error())
		}
	}
	if t := m.TelephonyProvider.ValueString(); t != "" && t != carrier.Twilio && t != carrier.Telnyx {
		diags.AddAttributeError(path.Root("telephony_provider"), "Invalid telephony provider",
			fmt.Sprintf("%q is not a telephony provider; use \"twilio\" or \"telnyx\".", t))
	}
	diags.Append(validateFlags(m)...)
	diags.Append(validateSettings(m, data)...)
	return diags
}

// ModifyPlan checks the rules that need the provider configuration, settles
// the telephony provider when only one is configured, and plans the SMS values
// a true flag will produce.
func (r *phoneNumberWebhooksResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}

	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	resp.Diagnostics.Append(validateSettings(plan, r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if plan.TelephonyProvider.IsUnknown() {
		if names := r.data.configured(); len(names) == 1 {
			plan.TelephonyProvider = types.StringValue(names[0])
		}
	}
	if plan.ID.IsUnknown() && !plan.TelephonyProvider.IsUnknown() && !plan.PhoneNumber.IsUnknown() {
		plan.ID = types.StringValue(carrier.ID(plan.TelephonyProvider.ValueString(), plan.PhoneNumber.ValueString()))
	}

	switch plan.TelephonyProvider.ValueString() {
	case carrier.Twilio:
		plan.TelnyxPhoneNumberID = types.StringNull()
		plan.TelnyxCallControlApplicationID = types.StringNull()
		plan.TelnyxMessagingProfileID = types.StringNull()
	case carrier.Telnyx:
		plan.TwilioPhoneNumberSID = types.StringNull()
	}

	if !plan.TelephonyProvider.IsUnknown() {
		smsURL, status, known := plannedSMS(plan, r.data)
		if known {
			plan.SMSWebhookURL = types.StringValue(smsURL)
			plan.SMSStatus = types.StringValue(status)
		}
	}

	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// plannedSMS returns the SMS URL and status a true flag leads to.
func plannedSMS(plan resourceModel, data *providerData) (url, status string, known bool) {
	if plan.EnableSMS.IsUnknown() || plan.DisableSMS.IsUnknown() {
		return "", "", false
	}
	switch plan.TelephonyProvider.ValueString() {
	case carrier.Twilio:
		switch {
		case plan.EnableSMS.ValueBool():
			return data.webhookBaseURL + twiliocarrier.EnabledSMSPath, carrier.SMSEnabled, true
		case plan.DisableSMS.ValueBool():
			return twiliocarrier.DisabledSMSURL, carrier.SMSDisabled, true
		}
	case carrier.Telnyx:
		switch {
		case plan.EnableSMS.ValueBool():
			return data.webhookBaseURL + telnyxcarrier.EnabledSMSPath, carrier.SMSEnabled, true
		case plan.DisableSMS.ValueBool():
			return "", carrier.SMSDisabled, true
		}
	}
	return "", "", false
}
