package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/burki/terraform-provider-burki/internal/carrier"
	twiliocarrier "github.com/burki/terraform-provider-burki/internal/carrier/twilio"
	"github.com/burki/terraform-provider-burki/internal/httpclient"
)

// Environment variables read when an argument is not set in the configuration.
const (
	envWebhookBaseURL      = "BURKI_WEBHOOK_BASE_URL"
	envTwilioAccountSID    = "TWILIO_ACCOUNT_SID"
	envTwilioAuthToken     = "TWILIO_AUTH_TOKEN"
	envTwilioAPIKey        = "TWILIO_API_KEY"
	envTwilioAPISecret     = "TWILIO_API_SECRET"
	envTwilioMessagingSvc  = "TWILIO_MESSAGING_SERVICE_SID"
	envTwilioAPIURL        = "TWILIO_API_URL"
	envTelnyxAPIKey        = "TELNYX_API_KEY"
	envTelnyxBaseURL       = "TELNYX_BASE_URL"
	defaultTelnyxBaseURL   = "https://api.telnyx.com/v2"
	defaultSMSDestinations = "US"
)

var (
	accountSIDPattern          = regexp.MustCompile(`^AC[0-9a-fA-F]{32}$`)
	apiKeyPattern              = regexp.MustCompile(`^SK[0-9a-fA-F]{32}$`)
	messagingServiceSIDPattern = regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`)
	countryCodePattern         = regexp.MustCompile(`^[A-Z]{2}$`)
)

// providerData is the configuration that resources and data sources receive
// from Configure.
type providerData struct {
	// carriers holds the configured carriers by name.
	carriers map[string]carrier.Carrier

	webhookBaseURL string

	// messagingServiceSID is the Twilio default service; empty for none.
	messagingServiceSID string

	// secrets are the configured credentials, masked in logs and diagnostics.
	secrets []string
}

// configured lists the names of the configured carriers in a stable order.
func (d *providerData) configured() []string {
	var names []string
	for _, name := range carrier.Names {
		if _, ok := d.carriers[name]; ok {
			names = append(names, name)
		}
	}
	return names
}

// setting returns the configured value, or the environment variable's when the
// configuration leaves it null.
func setting(v types.String, env string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString()
	}
	if env == "" {
		return ""
	}
	return os.Getenv(env)
}

func configureCarriers(ctx context.Context, config providerModel) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	diags.Append(rejectUnknown(config)...)
	if diags.HasError() {
		return nil, diags
	}

	data := &providerData{carriers: map[string]carrier.Carrier{}}

	base := strings.TrimRight(setting(config.WebhookBaseURL, envWebhookBaseURL), "/")
	if base != "" {
		if err := carrier.ValidateWebhookURL(base); err != nil {
			diags.AddAttributeError(path.Root("webhook_base_url"), "Invalid webhook base URL",
				fmt.Sprintf("webhook_base_url (or %s) must be the voice platform's public base URL: %v", envWebhookBaseURL, err))
		}
	}
	data.webhookBaseURL = base

	twilio := config.Twilio
	if twilio == nil {
		twilio = &twilioModel{}
	}
	diags.Append(configureTwilio(ctx, data, twilio)...)

	telnyx := config.Telnyx
	if telnyx == nil {
		telnyx = &telnyxModel{}
	}
	diags.Append(configureTelnyx(ctx, data, telnyx)...)

	if diags.HasError() {
		return nil, diags
	}
	if len(data.carriers) == 0 {
		diags.AddError("No telephony provider configured",
			fmt.Sprintf("Configure Twilio, Telnyx or both. For Twilio set %s and either %s or %s and %s "+
				"(or the twilio block's account_sid with auth_token, or api_key and api_secret). "+
				"For Telnyx set %s (or the telnyx block's api_key).",
				envTwilioAccountSID, envTwilioAuthToken, envTwilioAPIKey, envTwilioAPISecret, envTelnyxAPIKey))
		return nil, diags
	}

	tflog.Info(ctx, "Configured telephony providers", map[string]any{
		"telephony_providers": strings.Join(data.configured(), ","),
		"webhook_base_url":    data.webhookBaseURL,
	})
	return data, diags
}

// rejectUnknown reports provider arguments whose value is only known after
// apply: carriers cannot be reached without them.
func rejectUnknown(config providerModel) diag.Diagnostics {
	var diags diag.Diagnostics
	check := func(p path.Path, v interface{ IsUnknown() bool }) {
		if v.IsUnknown() {
			diags.AddAttributeError(p, "Provider argument not known yet",
				"The provider needs this value before the plan, but it depends on a resource that is not applied yet. "+
					"Set it from a variable or the environment, or apply the resource it depends on first with -target.")
		}
	}

	check(path.Root("webhook_base_url"), config.WebhookBaseURL)
	if t := config.Twilio; t != nil {
		block := path.Root("twilio")
		check(block.AtName("account_sid"), t.AccountSID)
		check(block.AtName("auth_token"), t.AuthToken)
		check(block.AtName("api_key"), t.APIKey)
		check(block.AtName("api_secret"), t.APISecret)
		check(block.AtName("messaging_service_sid"), t.MessagingServiceSID)
		check(block.AtName("api_url"), t.APIURL)
	}
	if t := config.Telnyx; t != nil {
		block := path.Root("telnyx")
		check(block.AtName("api_key"), t.APIKey)
		check(block.AtName("api_url"), t.APIURL)
		check(block.AtName("sms_whitelisted_destinations"), t.SMSWhitelistedDestinations)
	}
	return diags
}

func configureTwilio(ctx context.Context, data *providerData, m *twilioModel) diag.Diagnostics {
	var diags diag.Diagnostics
	block := path.Root("twilio")

	accountSID := setting(m.AccountSID, envTwilioAccountSID)
	authToken := setting(m.AuthToken, envTwilioAuthToken)
	apiKey := setting(m.APIKey, envTwilioAPIKey)
	apiSecret := setting(m.APISecret, envTwilioAPISecret)
	serviceSID := setting(m.MessagingServiceSID, envTwilioMessagingSvc)
	apiURL := setting(m.APIURL, envTwilioAPIURL)

	if accountSID == "" && authToken == "" && apiKey == "" && apiSecret == "" {
		if serviceSID != "" && !m.MessagingServiceSID.IsNull() {
			diags.AddAttributeError(block.AtName("messaging_service_sid"), "Twilio credentials missing",
				fmt.Sprintf("messaging_service_sid is set but Twilio is not configured: set account_sid (or %s) and auth_token (or %s).", envTwilioAccountSID, envTwilioAuthToken))
		}
		return diags
	}

	if accountSID == "" {
		diags.AddAttributeError(block.AtName("account_sid"), "Twilio account SID missing",
			fmt.Sprintf("Twilio credentials are set but the account SID is not: set account_sid in the twilio block or %s.", envTwilioAccountSID))
	} else if !accountSIDPattern.MatchString(accountSID) {
		diags.AddAttributeError(block.AtName("account_sid"), "Invalid Twilio account SID",
			fmt.Sprintf("The account SID %q is not \"AC\" followed by 32 hexadecimal digits. Copy it from the Twilio Console.", accountSID))
	}

	username, password := accountSID, authToken
	switch {
	case apiKey != "" || apiSecret != "":
		if apiKey == "" || apiSecret == "" {
			diags.AddAttributeError(block.AtName("api_key"), "Incomplete Twilio API key",
				fmt.Sprintf("Set both api_key and api_secret (or %s and %s), or neither.", envTwilioAPIKey, envTwilioAPISecret))
		} else if !apiKeyPattern.MatchString(apiKey) {
			diags.AddAttributeError(block.AtName("api_key"), "Invalid Twilio API key SID",
				fmt.Sprintf("The API key %q is not \"SK\" followed by 32 hexadecimal digits.", apiKey))
		}
		username, password = apiKey, apiSecret
		if authToken != "" {
			tflog.Info(ctx, "Both a Twilio auth token and an API key are set; using the API key")
		}
	case authToken == "":
		diags.AddAttributeError(block.AtName("auth_token"), "Twilio credentials missing",
			fmt.Sprintf("The account SID is set but no credential: set auth_token (or %s), or api_key and api_secret (or %s and %s).",
				envTwilioAuthToken, envTwilioAPIKey, envTwilioAPISecret))
	}

	if serviceSID != "" && !messagingServiceSIDPattern.MatchString(serviceSID) {
		diags.AddAttributeError(block.AtName("messaging_service_sid"), "Invalid Messaging Service SID",
			fmt.Sprintf("%q is not \"MG\" followed by 32 hexadecimal digits.", serviceSID))
	}

	origin, originDiags := parseOrigin(block.AtName("api_url"), apiURL, envTwilioAPIURL)
	diags.Append(originDiags...)
	if diags.HasError() {
		return diags
	}

	data.messagingServiceSID = serviceSID
	data.addSecret(authToken)
	data.addSecret(apiSecret)
	data.carriers[carrier.Twilio] = twiliocarrier.New(twiliocarrier.Config{
		AccountSID:     accountSID,
		Username:       username,
		Password:       password,
		WebhookBaseURL: data.webhookBaseURL,
		Transport:      httpclient.New(httpclient.Options{Origin: origin, Carrier: carrier.Twilio}),
	})
	return diags
}

// parseOrigin validates an optional API URL override.
func parseOrigin(p path.Path, raw, env string) (*url.URL, diag.Diagnostics) {
	var diags diag.Diagnostics
	if raw == "" {
		return nil, diags
	}
	if err := carrier.ValidateWebhookURL(raw); err != nil {
		diags.AddAttributeError(p, "Invalid API URL", fmt.Sprintf("%s (or %s) must be an absolute http or https URL: %v", p, env, err))
		return nil, diags
	}
	u, _ := url.Parse(raw)
	return u, diags
}
