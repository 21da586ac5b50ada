package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/burki/terraform-provider-burki/internal/carrier"
)

// privateRecordKey is the private state key of the carrier's record.
const privateRecordKey = "carrier_record"

// Default operation timeouts. Create and update may wait out rate limits.
const (
	defaultCreateTimeout = 10 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 10 * time.Minute
)

var (
	_ resource.ResourceWithConfigure      = (*phoneNumberWebhooksResource)(nil)
	_ resource.ResourceWithImportState    = (*phoneNumberWebhooksResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*phoneNumberWebhooksResource)(nil)
	_ resource.ResourceWithValidateConfig = (*phoneNumberWebhooksResource)(nil)
)

// NewPhoneNumberWebhooksResource returns the burki_phone_number_webhooks resource.
func NewPhoneNumberWebhooksResource() resource.Resource {
	return &phoneNumberWebhooksResource{}
}

type phoneNumberWebhooksResource struct {
	data *providerData
}

func (r *phoneNumberWebhooksResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number_webhooks"
}

func (r *phoneNumberWebhooksResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Declares the voice and SMS webhooks of one phone number at Twilio or Telnyx. " +
			"Every plan reads what the carrier holds now and shows any difference, and apply writes the declared webhooks back. " +
			"Destroy puts back what the number had before the resource took it over.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<telephony_provider>/<phone_number>`, for example `twilio/+15551234567`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"phone_number": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The number in E.164 form: `+`, then 2 to 15 digits, the first not 0, such as `+15551234567`. " +
					"It is not normalised: spaces, dashes or a missing `+` are errors. Changing it replaces the resource.",
				Validators:    []validator.String{phoneNumberValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"telephony_provider": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`twilio` or `telnyx`. When omitted, the provider uses the only configured carrier, or " +
					"asks both and takes the one whose account holds the number. Changing it replaces the resource.",
				Validators: []validator.String{stringvalidator.OneOf(carrier.Names...)},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplace(),
				},
			},
			"voice_webhook_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Absolute http or https URL that receives the number's voice calls (Twilio `VoiceUrl` " +
					"with method POST; on Telnyx, the `webhook_event_url` of the number's own Call Control application). " +
					"Null leaves voice as it is.",
				Validators: []validator.String{webhookURLValidator{}},
			},
			"disable_sms": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "When true, inbound SMS no longer reaches the voice platform: Twilio's SMS URL becomes its demo URL " +
					"`https://demo.twilio.com/welcome/sms/reply` (which may answer the sender), and the Telnyx number's own " +
					"messaging profile gets an empty webhook URL. False or null asserts nothing. " +
					"Cannot be true together with `enable_sms`.",
			},
			"enable_sms": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "When true, inbound SMS goes to the voice platform: `<webhook_base_url>/twilio-sms-webhook` (Twilio) " +
					"or `<webhook_base_url>/telnyx-webhook` (Telnyx). On Twilio the number also joins the Messaging Service set by " +
					"`messaging_service_sid` or the provider's `twilio.messaging_service_sid`, when either is set. " +
					"Needs the provider's `webhook_base_url`. False or null asserts nothing.",
			},
			"messaging_service_sid": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Twilio only. Messaging Service (`MG` followed by 32 hexadecimal digits) that the number " +
					"joins when `enable_sms` is true; overrides the provider's `twilio.messaging_service_sid`.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`),
						"must be \"MG\" followed by 32 hexadecimal digits"),
				},
			},
			"restore_on_destroy": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "On destroy, put back what the number had before this resource took it over " +
					"(or when it was imported). Default `true`; with `false`, destroy only forgets the number.",
			},
			"sms_webhook_url": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The SMS webhook URL the carrier holds now: Twilio's `SmsUrl`, or on Telnyx the webhook URL " +
					"of the number's own messaging profile. Null on Telnyx while neither `enable_sms` nor `disable_sms` is true.",
			},
			"sms_status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`enabled` when the SMS webhook is `<webhook_base_url>/twilio-sms-webhook` (Twilio, method POST) " +
					"or `<webhook_base_url>/telnyx-webhook` (Telnyx), `disabled` when inbound SMS is kept from the voice platform, and `other` for anything else. " +
					"Null on Telnyx while neither `enable_sms` nor `disable_sms` is true.",
			},
			"twilio_phone_number_sid": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Twilio's SID of the number (`PN…`); null on Telnyx.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseNonNullStateForUnknown()},
			},
			"telnyx_phone_number_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Telnyx's id of the number; null on Twilio.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseNonNullStateForUnknown()},
			},
			"telnyx_call_control_application_id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Id of the number's own Call Control application (`Burki-<digits>`) on Telnyx. " +
					"Null on Twilio, and on Telnyx while the number has no Call Control application of its own.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseNonNullStateForUnknown()},
			},
			"telnyx_messaging_profile_id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Id of the number's own messaging profile (`Burki-SMS-<digits>`) on Telnyx. " +
					"Null on Twilio, and on Telnyx while the number has no messaging profile of its own.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseNonNullStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *phoneNumberWebhooksResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", req.ProviderData))
		return
	}
	r.data = data
}

func (r *phoneNumberWebhooksResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(r.data.maskSecrets(ctx), timeout)
	defer cancel()

	resp.Diagnostics.Append(validateModel(plan, r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	phone := plan.PhoneNumber.ValueString()
	c, diags := r.data.resolveCarrier(ctx, plan.TelephonyProvider.ValueString(), phone)
	resp.Diagnostics.Append(r.data.redactDiagnostics(diags)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = tflog.SetField(ctx, "phone_number", phone)
	ctx = tflog.SetField(ctx, "telephony_provider", c.Name())

	intent := plan.intent(r.data)
	result, err := c.Create(ctx, intent)
	if err != nil && result.Record == nil {
		resp.Diagnostics.Append(r.data.redactDiagnostics(operationError("create", phone, c, err))...)
		return
	}
	if err != nil {
		// Terraform taints a resource whose create failed and drops its
		// private state, which holds the settings to restore. So a create
		// that stopped halfway is undone, and the next apply starts afresh.
		undoErr := c.Delete(ctx, result.Record, true)
		if undoErr == nil {
			resp.Diagnostics.Append(r.data.redactDiagnostics(createUndoneError(phone, err))...)
			return
		}
		// Only err is wrapped: operationError and unmetOf classify the
		// failure with errors.As, and a NotFoundError or PartialError from
		// the undo must not be taken for the cause of the failed create.
		err = fmt.Errorf("%w\n\nUndoing the changes failed too: %v", err, undoErr) //nolint:errorlint // undoErr is context for the message, not a cause to match
	}

	resp.Diagnostics.Append(r.saveResult(ctx, "create", plan, c, result, err, resp.Private, &resp.State)...)
}

func (r *phoneNumberWebhooksResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	op, diags := r.begin(ctx, state, timeout, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	defer op.cancel()
	ctx, c, phone, record := op.ctx, op.carrier, op.phone, op.record

	importing := len(record) == 0
	var result carrier.Result
	var err error
	if importing {
		result, err = c.Import(ctx, phone)
	} else {
		result, err = c.Read(ctx, phone, record)
	}

	if errors.Is(err, carrier.ErrNumberNotFound) && !importing {
		resp.Diagnostics.AddWarning("Phone number no longer exists",
			fmt.Sprintf("%s is no longer in %s, so it was removed from the state. "+
				"If it comes back, the next plan proposes to take it over again.", phone, c.Account()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(r.data.redactDiagnostics(operationError("read", phone, c, err))...)
		return
	}

	if importing {
		state.fillFromImport(result.Observed)
	}
	state.refresh(c.Name(), result.Observed)

	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateRecordKey, result.Record)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(warningDiagnostics(result.Warnings)...)
}

func (r *phoneNumberWebhooksResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validateModel(plan, r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	op, diags := r.begin(ctx, plan, timeout, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	defer op.cancel()
	ctx, c, phone, record := op.ctx, op.carrier, op.phone, op.record

	result, err := c.Update(ctx, plan.intent(r.data), record)
	if err != nil && result.Record == nil {
		resp.Diagnostics.Append(r.data.redactDiagnostics(operationError("update", phone, c, err))...)
		return
	}

	resp.Diagnostics.Append(r.saveResult(ctx, "update", plan, c, result, err, resp.Private, &resp.State)...)
}

func (r *phoneNumberWebhooksResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	op, diags := r.begin(ctx, state, timeout, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	defer op.cancel()
	ctx, c, phone, record := op.ctx, op.carrier, op.phone, op.record

	restore := state.RestoreOnDestroy.IsNull() || state.RestoreOnDestroy.ValueBool()
	if len(record) == 0 {
		if restore {
			resp.Diagnostics.AddWarning("Nothing recorded to restore",
				fmt.Sprintf("The state has no record of what %s had before it was taken over, so its webhooks were left as they are.", phone))
		}
		return
	}
	if err := c.Delete(ctx, record, restore); err != nil {
		resp.Diagnostics.Append(r.data.redactDiagnostics(operationError("destroy", phone, c, err))...)
	}
}

func (r *phoneNumberWebhooksResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	telephonyProvider, phone, err := carrier.ParseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	if r.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "The provider must be configured before a phone number can be imported.")
		return
	}

	ctx = r.data.maskSecrets(ctx)
	c, diags := r.data.resolveCarrier(ctx, telephonyProvider, phone)
	resp.Diagnostics.Append(r.data.redactDiagnostics(diags)...)
	if resp.Diagnostics.HasError() {
		return
	}

	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), carrier.ID(c.Name(), phone))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number"), phone)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("telephony_provider"), c.Name())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("restore_on_destroy"), true)...)
}

// operation is the starting point of Read, Update and Delete: the carrier of
// the number, its record, and a context bounded by the operation's timeout
// whose log entries name the number and carrier and mask credentials.
type operation struct {
	ctx     context.Context
	cancel  context.CancelFunc
	phone   string
	carrier carrier.Carrier
	record  []byte
}

// privateKeyGetter is the part of the framework's private state that reads.
type privateKeyGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

func (r *phoneNumberWebhooksResource) begin(ctx context.Context, m resourceModel, timeout time.Duration, private privateKeyGetter) (*operation, diag.Diagnostics) {
	c, diags := r.data.carrierNamed(m.TelephonyProvider.ValueString())
	if diags.HasError() {
		return nil, diags
	}

	op := &operation{phone: m.PhoneNumber.ValueString(), carrier: c}
	op.ctx, op.cancel = context.WithTimeout(r.data.maskSecrets(ctx), timeout)
	op.ctx = tflog.SetField(op.ctx, "phone_number", op.phone)
	op.ctx = tflog.SetField(op.ctx, "telephony_provider", c.Name())

	op.record, diags = private.GetKey(op.ctx, privateRecordKey)
	if diags.HasError() {
		op.cancel()
		return nil, diags
	}
	return op, diags
}

// privateKeySetter is the part of the framework's private state that writes.
type privateKeySetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// saveResult records what a create or update left at the carrier, even when
// it stopped halfway. Flags that do not hold are saved false, and the error
// names what did not happen.
func (r *phoneNumberWebhooksResource) saveResult(ctx context.Context, operation string, plan resourceModel, c carrier.Carrier,
	result carrier.Result, err error, private privateKeySetter, state *tfsdk.State) diag.Diagnostics {
	saved := plan
	saved.applyResult(c.Name(), result, unmetOf(err))

	diags := private.SetKey(ctx, privateRecordKey, result.Record)
	diags.Append(state.Set(ctx, &saved)...)
	diags.Append(warningDiagnostics(result.Warnings)...)
	if err != nil {
		diags.Append(r.data.redactDiagnostics(operationError(operation, plan.PhoneNumber.ValueString(), c, err))...)
	}
	return diags
}

// operationError turns a carrier error into a diagnostic that names what
// failed, where, and what to do next.
func operationError(operation, phone string, c carrier.Carrier, err error) diag.Diagnostics {
	var diags diag.Diagnostics

	var notFound *carrier.NotFoundError
	var partial *carrier.PartialError
	switch {
	case errors.As(err, &notFound):
		diags.AddAttributeError(path.Root("phone_number"), "Phone number not found",
			fmt.Sprintf("%s is not in %s. Check the number and the credentials, or set telephony_provider to the carrier that holds it.", phone, c.Account()))
	case errors.As(err, &partial) && operation == "destroy":
		diags.AddError(fmt.Sprintf("Could not finish the destroy of %s", phone),
			fmt.Sprintf("%v\n\nThe resource stays in the state. Run destroy again to finish giving the number back.", partial))
	case errors.As(err, &partial):
		diags.AddError(fmt.Sprintf("Could not finish the %s of %s", operation, phone),
			fmt.Sprintf("%v\n\nThe state records what did change. Run apply again to finish; the next plan shows what is left.", partial))
	case errors.Is(err, context.DeadlineExceeded):
		diags.AddError(fmt.Sprintf("Timed out during the %s of %s", operation, phone),
			fmt.Sprintf("%s did not answer in time: %v\n\nRaise the %s timeout in the resource's timeouts block, or try again later.", c.Account(), err, operation))
	default:
		diags.AddError(fmt.Sprintf("Could not %s the webhooks of %s", verbOf(operation), phone), err.Error())
	}
	return diags
}

// createUndoneError reports a create that stopped halfway and was undone.
func createUndoneError(phone string, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError(fmt.Sprintf("Could not take over %s", phone),
		fmt.Sprintf("%v\n\nThe changes made before the failure were undone, so the number is as it was. Run apply again to retry.", err))
	return diags
}

func verbOf(operation string) string {
	if operation == "destroy" {
		return "restore"
	}
	return operation
}

func warningDiagnostics(warnings []carrier.Warning) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, w := range warnings {
		diags.AddWarning(w.Summary, w.Detail)
	}
	return diags
}

func unmetOf(err error) []string {
	var partial *carrier.PartialError
	if errors.As(err, &partial) {
		return partial.Unmet
	}
	return nil
}
