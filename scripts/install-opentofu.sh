#!/usr/bin/env bash
# Installs the pinned OpenTofu CLI into a project-local tool folder, building
# it from source with the Go toolchain. The version is the one that
# tools/opentofu/go.mod requires, and that module's go.sum pins every
# dependency. A run that finds that version already installed exits at once.
#
# Environment:
#   TOOLS_DIR  tool folder (default: .tools in the repository root); the binary
#              goes to $TOOLS_DIR/bin/tofu
#
# The script also creates $TOOLS_DIR/tofurc, an empty OpenTofu CLI
# configuration file. Point TF_CLI_CONFIG_FILE at it so that tofu does not
# read ~/.tofurc or ~/.terraformrc.
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
tools_module="$repo_root/tools/opentofu"
tools_dir="${TOOLS_DIR:-$repo_root/.tools}"

mkdir -p "$tools_dir/bin"
tools_dir="$(cd "$tools_dir" && pwd)"
tofu_bin="$tools_dir/bin/tofu"
cli_config="$tools_dir/tofurc"

touch "$cli_config"

# Reads the version from go.mod, so that bumping OpenTofu needs only a change
# to the tools module.
version="$(go list -C "$tools_module" -m -f '{{.Version}}' github.com/opentofu/opentofu)"
expected="OpenTofu $version"

# Prints the first line of `tofu version`, or nothing when the binary is
# missing or fails.
installed_version() {
	if [[ -x "$tofu_bin" ]]; then
		TF_CLI_CONFIG_FILE="$cli_config" "$tofu_bin" version 2>/dev/null | head -n 1 || true
	fi
}

if [[ "$(installed_version)" == "$expected" ]]; then
	echo "install-opentofu: using existing $expected at $tofu_bin"
	exit 0
fi

start=$(date +%s)

# Without version.dev=no the binary reports itself as "$version-dev". OpenTofu's
# .goreleaser.yaml sets the same flag, and -trimpath, for its releases.
# GOFLAGS is replaced, not extended, so that flags from the caller's
# environment do not apply to this build. With -mod=readonly, a go.mod or go.sum
# that is out of date fails the build instead of being rewritten.
GOFLAGS="-buildvcs=false -mod=readonly" \
	go build -C "$tools_module" -trimpath \
	-ldflags "-X github.com/opentofu/opentofu/version.dev=no" \
	-o "$tofu_bin" github.com/opentofu/opentofu/cmd/tofu

actual="$(installed_version)"
if [[ "$actual" != "$expected" ]]; then
	echo "install-opentofu: built $tofu_bin, but 'tofu version' printed '$actual' instead of '$expected'." >&2
	echo "Check that github.com/opentofu/opentofu@$version still sets its release name through version.dev." >&2
	exit 1
fi

echo "install-opentofu: built $expected into $tofu_bin in $(($(date +%s) - start))s"
