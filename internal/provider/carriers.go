package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/burki/terraform-provider-burki/internal/carrier"
)

// carrierNamed returns a configured carrier by name.
func (d *providerData) carrierNamed(name string) (carrier.Carrier, diag.Diagnostics) {
	var diags diag.Diagnostics
	if d == nil {
		diags.AddError("Provider not configured", "The provider must be configured before the resource can reach a carrier.")
		return nil, diags
	}
	c, ok := d.carriers[name]
	if !ok {
		diags.AddAttributeError(path.Root("telephony_provider"), "Telephony provider not configured",
			fmt.Sprintf("The number is managed through %q, but the provider has no credentials for it (configured: %s). %s",
				name, listOrNone(d.configured()), credentialHint(name)))
		return nil, diags
	}
	return c, diags
}

// resolveCarrier returns the named carrier, or finds the one that holds the
// number: the only configured one, or the one whose account has it when
// several are configured. Every carrier is asked at once.
func (d *providerData) resolveCarrier(ctx context.Context, name, phone string) (carrier.Carrier, diag.Diagnostics) {
	if name != "" {
		return d.carrierNamed(name)
	}
	var diags diag.Diagnostics
	names := d.configured()
	if len(names) == 1 {
		return d.carriers[names[0]], diags
	}

	type answer struct {
		holds bool
		err   error
	}
	answers := make([]answer, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each goroutine logs through its own copy of the logger:
			// terraform-plugin-log rewrites a logger's fields in place when it
			// masks them, so a shared one would be written concurrently.
			holds, err := d.carriers[n].Holds(tflog.SetField(ctx, "searched_telephony_provider", n), phone)
			answers[i] = answer{holds, err}
		}()
	}
	wg.Wait()

	var holders, searched []string
	for i, n := range names {
		c := d.carriers[n]
		searched = append(searched, c.Account())
		if answers[i].err != nil {
			diags.AddAttributeError(path.Root("telephony_provider"), "Could not find the telephony provider",
				fmt.Sprintf("Looking for %s in %s failed: %v\n\nSet telephony_provider to skip the search.", phone, c.Account(), answers[i].err))
			continue
		}
		if answers[i].holds {
			holders = append(holders, n)
		}
	}
	if diags.HasError() {
		return nil, diags
	}

	switch len(holders) {
	case 1:
		return d.carriers[holders[0]], diags
	case 0:
		diags.AddAttributeError(path.Root("phone_number"), "Phone number not found",
			fmt.Sprintf("%s is in none of the configured accounts (searched %s). Check the number and the credentials.",
				phone, strings.Join(searched, " and ")))
	default:
		diags.AddAttributeError(path.Root("telephony_provider"), "Phone number found at several telephony providers",
			fmt.Sprintf("%s is in %s. Set telephony_provider to the one that should manage its webhooks.",
				phone, strings.Join(searched, " and ")))
	}
	return nil, diags
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func credentialHint(name string) string {
	switch name {
	case carrier.Twilio:
		return fmt.Sprintf("Set %s and %s, or the twilio block.", envTwilioAccountSID, envTwilioAuthToken)
	case carrier.Telnyx:
		return fmt.Sprintf("Set %s, or the telnyx block.", envTelnyxAPIKey)
	}
	return ""
}
