//go:build tools

// Package opentofu pins the OpenTofu CLI that scripts/install-opentofu.sh
// builds for the acceptance tests. It is a module of its own so that
// OpenTofu's dependencies stay out of the provider's go.mod.
package opentofu

import (
	_ "github.com/opentofu/opentofu/cmd/tofu"
)
