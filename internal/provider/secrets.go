package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// redactedText replaces a credential wherever one would be shown.
const redactedText = "***"

// addSecret remembers a credential so that logs and diagnostics never show
// it. Very short values are skipped: masking them would garble other text,
// and they are rejected by the carriers anyway.
func (d *providerData) addSecret(value string) {
	if len(value) >= 4 {
		d.secrets = append(d.secrets, value)
	}
}

// maskSecrets returns a context whose tflog entries have every credential
// replaced, in messages and in field values alike.
func (d *providerData) maskSecrets(ctx context.Context) context.Context {
	if d == nil || len(d.secrets) == 0 {
		return ctx
	}
	ctx = tflog.MaskMessageStrings(ctx, d.secrets...)
	return tflog.MaskAllFieldValuesStrings(ctx, d.secrets...)
}

// redact replaces every credential in s.
func (d *providerData) redact(s string) string {
	if d == nil {
		return s
	}
	for _, secret := range d.secrets {
		s = strings.ReplaceAll(s, secret, redactedText)
	}
	return s
}

// redactDiagnostics returns diags with every credential replaced in summaries
// and details, for carrier errors that might echo what was sent.
func (d *providerData) redactDiagnostics(diags diag.Diagnostics) diag.Diagnostics {
	if d == nil || len(d.secrets) == 0 {
		return diags
	}
	out := make(diag.Diagnostics, 0, len(diags))
	for _, item := range diags {
		summary, detail := d.redact(item.Summary()), d.redact(item.Detail())
		withPath, hasPath := item.(diag.DiagnosticWithPath)
		switch {
		case item.Severity() == diag.SeverityError && hasPath:
			out.AddAttributeError(withPath.Path(), summary, detail)
		case item.Severity() == diag.SeverityError:
			out.AddError(summary, detail)
		case hasPath:
			out.AddAttributeWarning(withPath.Path(), summary, detail)
		default:
			out.AddWarning(summary, detail)
		}
	}
	return out
}
