//go:build tools

// Package tfplugindocs pins the version of tfplugindocs that scripts/docs.sh
// builds, apart from the provider's own dependencies.
package tfplugindocs

import (
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)
