package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

func configureTelnyx(_ context.Context, _ *providerData, m *telnyxModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if setting(m.APIKey, envTelnyxAPIKey) != "" {
		diags.AddAttributeError(path.Root("telnyx").AtName("api_key"), "Telnyx is not supported yet",
			"This build of the provider manages Twilio numbers only. Unset the telnyx block and "+envTelnyxAPIKey+".")
	}
	return diags
}
