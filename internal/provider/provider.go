// Package provider implements the burki Terraform provider.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// BurkiProvider is the provider implementation.
type BurkiProvider struct {
	// version is "dev" for local builds and the release version otherwise.
	version string
}

var _ provider.Provider = (*BurkiProvider)(nil)

// New returns a constructor of the provider for the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &BurkiProvider{version: version}
	}
}

// providerModel is the provider's configuration block.
type providerModel struct {
	WebhookBaseURL types.String `tfsdk:"webhook_base_url"`
	Twilio         *twilioModel `tfsdk:"twilio"`
	Telnyx         *telnyxModel `tfsdk:"telnyx"`
}

type twilioModel struct {
	AccountSID          types.String `tfsdk:"account_sid"`
	AuthToken           types.String `tfsdk:"auth_token"`
	APIKey              types.String `tfsdk:"api_key"`
	APISecret           types.String `tfsdk:"api_secret"`
	MessagingServiceSID types.String `tfsdk:"messaging_service_sid"`
	APIURL              types.String `tfsdk:"api_url"`
}

type telnyxModel struct {
	APIKey                     types.String `tfsdk:"api_key"`
	APIURL                     types.String `tfsdk:"api_url"`
	SMSWhitelistedDestinations types.List   `tfsdk:"sms_whitelisted_destinations"`
}

// Metadata names the provider.
func (p *BurkiProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "burki"
	resp.Version = p.version
}

// Schema describes the provider configuration.
func (p *BurkiProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Declares the voice and SMS webhooks of phone numbers at Twilio and Telnyx, " +
			"shows drift on every plan and repairs it on apply. Every argument can also be set through " +
			"an environment variable, so Terraform Cloud workspaces need variables only.",
		Attributes: map[string]schema.Attribute{
			"webhook_base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Public base URL of the voice platform, such as `https://voice.example.com`. " +
					"SMS is *enabled* when a number's SMS webhook is `<base>/twilio-sms-webhook` (Twilio) or " +
					"`<base>/telnyx-webhook` (Telnyx). Required for `enable_sms`. Environment: `BURKI_WEBHOOK_BASE_URL`.",
			},
		},
		Blocks: map[string]schema.Block{
			"twilio": schema.SingleNestedBlock{
				MarkdownDescription: "Twilio account that owns the numbers. Twilio is configured when an account SID " +
					"and either an auth token or an API key pair are set, here or in the environment.",
				Attributes: map[string]schema.Attribute{
					"account_sid": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Account (or subaccount) SID, `AC` followed by 32 hexadecimal digits. Environment: `TWILIO_ACCOUNT_SID`.",
					},
					"auth_token": schema.StringAttribute{
						Optional:            true,
						Sensitive:           true,
						MarkdownDescription: "Auth token of the account. Environment: `TWILIO_AUTH_TOKEN`. Use either this or `api_key` and `api_secret`.",
					},
					"api_key": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "API key SID, `SK` followed by 32 hexadecimal digits. Environment: `TWILIO_API_KEY`. Takes precedence over `auth_token` when both are set.",
					},
					"api_secret": schema.StringAttribute{
						Optional:            true,
						Sensitive:           true,
						MarkdownDescription: "Secret of the API key. Environment: `TWILIO_API_SECRET`.",
					},
					"messaging_service_sid": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "Messaging Service (`MG` followed by 32 hexadecimal digits) that a number joins when " +
							"`enable_sms` is true, unless the resource sets its own. Environment: `TWILIO_MESSAGING_SERVICE_SID`.",
					},
					"api_url": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "Send all Twilio traffic to this origin instead of Twilio's hosts, for a local sandbox " +
							"or a proxy. Environment: `TWILIO_API_URL`.",
					},
				},
			},
			"telnyx": schema.SingleNestedBlock{
				MarkdownDescription: "Telnyx account that owns the numbers. Telnyx is configured when an API key is set, here or in the environment.",
				Attributes: map[string]schema.Attribute{
					"api_key": schema.StringAttribute{
						Optional:            true,
						Sensitive:           true,
						MarkdownDescription: "Telnyx API v2 key. Environment: `TELNYX_API_KEY`.",
					},
					"api_url": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Base URL of the Telnyx API, `https://api.telnyx.com/v2` by default. Environment: `TELNYX_BASE_URL`.",
					},
					"sms_whitelisted_destinations": schema.ListAttribute{
						Optional:    true,
						ElementType: types.StringType,
						MarkdownDescription: "ISO 3166-1 alpha-2 country codes, such as `US` or `GB`, that the messaging profile " +
							"created for each Telnyx number may send SMS to. Default: `[\"US\"]`.",
					},
				},
			},
		},
	}
}

// Configure reads the configuration and the environment and builds the carriers.
func (p *BurkiProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	data, diags := configureCarriers(ctx, config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	resp.ResourceData = data
	resp.DataSourceData = data
}

// Resources lists the provider's resources.
func (p *BurkiProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewPhoneNumberWebhooksResource}
}

// DataSources lists the provider's data sources.
func (p *BurkiProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewPhoneNumberWebhooksDataSource}
}
