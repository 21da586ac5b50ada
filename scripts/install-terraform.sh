#!/usr/bin/env bash
# Installs the pinned Terraform CLI into a project-local tool folder, building
# it from source with the Go toolchain. A run that finds the right version
# already installed exits at once. With empty Go caches the build took about
# 4 minutes on a 2-core machine.
#
# Environment:
#   TOOLS_DIR          tool folder (default: .tools in the repository root);
#                      the binary goes to $TOOLS_DIR/bin/terraform
#   TERRAFORM_VERSION  version to install, without the leading v (default: 1.8.5)
#
# The script also creates $TOOLS_DIR/terraformrc, an empty Terraform CLI
# configuration file. Point TF_CLI_CONFIG_FILE at it so that Terraform neither
# reads ~/.terraformrc nor warns that it is missing.
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
tools_dir="${TOOLS_DIR:-$repo_root/.tools}"
version="${TERRAFORM_VERSION:-1.8.5}"

mkdir -p "$tools_dir/bin"
tools_dir="$(cd "$tools_dir" && pwd)"
terraform_bin="$tools_dir/bin/terraform"
cli_config="$tools_dir/terraformrc"
expected="Terraform v$version"

touch "$cli_config"

# Prints the first line of `terraform version`, or nothing when the binary is
# missing or fails. CHECKPOINT_DISABLE stops the update check, which would
# otherwise contact checkpoint-api.hashicorp.com.
installed_version() {
	if [[ -x "$terraform_bin" ]]; then
		TF_CLI_CONFIG_FILE="$cli_config" CHECKPOINT_DISABLE=1 \
			"$terraform_bin" version 2>/dev/null | head -n 1 || true
	fi
}

if [[ "$(installed_version)" == "$expected" ]]; then
	echo "install-terraform: using existing $expected at $terraform_bin"
	exit 0
fi

start=$(date +%s)

# Without version.dev=no the binary reports itself as "v$version-dev".
# GOFLAGS is replaced, not extended, so that flags from the caller's
# environment do not apply to this build.
GOBIN="$tools_dir/bin" GOFLAGS=-buildvcs=false \
	go install -ldflags "-X github.com/hashicorp/terraform/version.dev=no" \
	"github.com/hashicorp/terraform@v$version"

actual="$(installed_version)"
if [[ "$actual" != "$expected" ]]; then
	echo "install-terraform: built $terraform_bin, but 'terraform version' printed '$actual' instead of '$expected'." >&2
	echo "Check that github.com/hashicorp/terraform@v$version still sets its release name through version.dev." >&2
	exit 1
fi

echo "install-terraform: built $expected into $terraform_bin in $(($(date +%s) - start))s"
