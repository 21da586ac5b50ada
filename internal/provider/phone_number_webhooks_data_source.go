package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/burki/terraform-provider-burki/internal/carrier"
)

var _ datasource.DataSourceWithConfigure = (*phoneNumberWebhooksDataSource)(nil)

// NewPhoneNumberWebhooksDataSource returns the burki_phone_number_webhooks
// data source.
func NewPhoneNumberWebhooksDataSource() datasource.DataSource {
	return &phoneNumberWebhooksDataSource{}
}

// phoneNumberWebhooksDataSource reads the webhooks of a number without taking
// it over: it only sends GET requests and keeps no record of the number.
type phoneNumberWebhooksDataSource struct {
	data *providerData
}

// dataSourceModel is the configuration and state of the
// burki_phone_number_webhooks data source.
type dataSourceModel struct {
	ID                             types.String   `tfsdk:"id"`
	PhoneNumber                    types.String   `tfsdk:"phone_number"`
	TelephonyProvider              types.String   `tfsdk:"telephony_provider"`
	VoiceWebhookURL                types.String   `tfsdk:"voice_webhook_url"`
	SMSWebhookURL                  types.String   `tfsdk:"sms_webhook_url"`
	SMSStatus                      types.String   `tfsdk:"sms_status"`
	TwilioPhoneNumberSID           types.String   `tfsdk:"twilio_phone_number_sid"`
	TelnyxPhoneNumberID            types.String   `tfsdk:"telnyx_phone_number_id"`
	TelnyxCallControlApplicationID types.String   `tfsdk:"telnyx_call_control_application_id"`
	TelnyxMessagingProfileID       types.String   `tfsdk:"telnyx_messaging_profile_id"`
	Timeouts                       timeouts.Value `tfsdk:"timeouts"`
}

func (d *phoneNumberWebhooksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number_webhooks"
}

func (d *phoneNumberWebhooksDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the voice and SMS webhooks of one phone number at Twilio or Telnyx without changing " +
			"anything, for numbers that another tool or another Terraform configuration manages. " +
			"It sends only read requests to the carrier.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<telephony_provider>/<phone_number>`, for example `twilio/+15551234567`.",
			},
			"phone_number": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The number in E.164 form: `+`, then 2 to 15 digits, the first not 0, such as `+15551234567`. " +
					"It is not normalised: spaces, dashes or a missing `+` are errors.",
				Validators: []validator.String{phoneNumberValidator{}},
			},
			"telephony_provider": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`twilio` or `telnyx`. When omitted, the provider uses the only configured carrier, or " +
					"asks both and takes the one whose account holds the number.",
				Validators: []validator.String{stringvalidator.OneOf(carrier.Names...)},
			},
			"voice_webhook_url": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The URL that receives the number's voice calls: Twilio's `VoiceUrl`, or on Telnyx the " +
					"`webhook_event_url` of the Call Control application the number uses, its own or a shared one. " +
					"On Twilio it is reported even when a `VoiceApplicationSid` or `TrunkSid` on the number makes Twilio ignore it. " +
					"Null when the Twilio number has no voice URL, and on Telnyx when the number's connection is not a Call Control application.",
			},
			"sms_webhook_url": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The URL that receives the number's inbound SMS: Twilio's `SmsUrl`, or on Telnyx the " +
					"webhook URL of the messaging profile the number uses, its own or a shared one. " +
					"Null when the URL is empty or the Telnyx number has no messaging profile.",
			},
			"sms_status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`enabled` when the SMS webhook is `<webhook_base_url>/twilio-sms-webhook` (Twilio) or " +
					"`<webhook_base_url>/telnyx-webhook` (Telnyx), `disabled` when inbound SMS is kept from the voice platform (Twilio's demo reply URL, " +
					"or on Telnyx an empty webhook URL or no messaging profile), and `other` for anything else, " +
					"including a Twilio SMS method other than POST.",
			},
			"twilio_phone_number_sid": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Twilio's SID of the number (`PN…`). Null on Telnyx.",
			},
			"telnyx_phone_number_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Telnyx's id of the number. Null on Twilio.",
			},
			"telnyx_call_control_application_id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Id of the number's own Call Control application (`Burki-<digits>`) on Telnyx. " +
					"Null on Twilio and when the number uses any other connection.",
			},
			"telnyx_messaging_profile_id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Id of the number's own messaging profile (`Burki-SMS-<digits>`) on Telnyx. " +
					"Null on Twilio and when the number uses any other messaging profile.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx),
		},
	}
}

func (d *phoneNumberWebhooksDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", req.ProviderData))
		return
	}
	d.data = data
}

// Read looks the number up with the carrier's Import, which reads the number
// and the objects it points at and writes nothing. The record that Import
// returns for restoring the number later is dropped.
func (d *phoneNumberWebhooksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "The provider must be configured before the data source can reach a carrier.")
		return
	}

	timeout, diags := config.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(d.data.maskSecrets(ctx), timeout)
	defer cancel()

	phone := config.PhoneNumber.ValueString()
	c, diags := d.data.resolveCarrier(ctx, config.TelephonyProvider.ValueString(), phone)
	resp.Diagnostics.Append(d.data.redactDiagnostics(diags)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = tflog.SetField(ctx, "phone_number", phone)
	ctx = tflog.SetField(ctx, "telephony_provider", c.Name())

	observed, err := c.Inspect(ctx, phone)
	if err != nil {
		resp.Diagnostics.Append(d.data.redactDiagnostics(dataSourceReadError(phone, c, err))...)
		return
	}

	state := config
	state.fill(c.Name(), observed)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// fill copies what the carrier reported into the model.
func (m *dataSourceModel) fill(telephonyProvider string, obs carrier.Observed) {
	phone := m.PhoneNumber.ValueString()
	m.ID = types.StringValue(carrier.ID(telephonyProvider, phone))
	m.TelephonyProvider = types.StringValue(telephonyProvider)
	m.VoiceWebhookURL = optionalString(obs.VoiceURL)

	m.SMSWebhookURL = optionalString(obs.SMSURL)
	m.SMSStatus = types.StringValue(obs.SMSStatus)

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

// dataSourceReadError turns a carrier error into a diagnostic that names what
// failed and what to do next.
func dataSourceReadError(phone string, c carrier.Carrier, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case errors.Is(err, carrier.ErrNumberNotFound):
		diags.AddAttributeError(path.Root("phone_number"), "Phone number not found",
			fmt.Sprintf("%s is not in %s. Check the number and the credentials, or set telephony_provider to the carrier that holds it.", phone, c.Account()))
	case errors.Is(err, context.DeadlineExceeded):
		diags.AddError("Timed out reading the webhooks of "+phone,
			fmt.Sprintf("%s did not answer in time: %v\n\nRaise the read timeout in the data source's timeouts block, or try again later.", c.Account(), err))
	default:
		diags.AddError("Could not read the webhooks of "+phone, err.Error())
	}
	return diags
}
