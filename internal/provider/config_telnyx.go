package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/burki/terraform-provider-burki/internal/carrier"
	telnyxcarrier "github.com/burki/terraform-provider-burki/internal/carrier/telnyx"
	"github.com/burki/terraform-provider-burki/internal/httpclient"
	"github.com/burki/terraform-provider-burki/internal/telnyx"
)

func configureTelnyx(ctx context.Context, data *providerData, m *telnyxModel) diag.Diagnostics {
	var diags diag.Diagnostics
	block := path.Root("telnyx")

	apiKey := setting(m.APIKey, envTelnyxAPIKey)
	baseURL := strings.TrimRight(setting(m.APIURL, envTelnyxBaseURL), "/")
	if baseURL == "" {
		baseURL = defaultTelnyxBaseURL
	}

	var destinations []string
	if !m.SMSWhitelistedDestinations.IsNull() {
		diags.Append(m.SMSWhitelistedDestinations.ElementsAs(ctx, &destinations, false)...)
	}
	for _, code := range destinations {
		if !countryCodePattern.MatchString(code) {
			diags.AddAttributeError(block.AtName("sms_whitelisted_destinations"), "Invalid country code",
				fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 country code such as \"US\" or \"GB\".", code))
		}
	}
	if len(destinations) == 0 {
		destinations = []string{defaultSMSDestinations}
	}

	if apiKey == "" {
		return diags
	}
	if _, originDiags := parseOrigin(block.AtName("api_url"), baseURL, envTelnyxBaseURL); originDiags.HasError() {
		diags.Append(originDiags...)
	}
	if diags.HasError() {
		return diags
	}

	data.addSecret(apiKey)
	transport := httpclient.New(httpclient.Options{Carrier: carrier.Telnyx})
	client := telnyx.New(telnyx.Config{
		APIKey:     apiKey,
		BaseURL:    baseURL,
		HTTPClient: &http.Client{Transport: transport},
	})
	data.carriers[carrier.Telnyx] = telnyxcarrier.New(telnyxcarrier.Config{
		Client:                  client,
		BaseURL:                 baseURL,
		WebhookBaseURL:          data.webhookBaseURL,
		WhitelistedDestinations: destinations,
	})
	return diags
}
