#!/usr/bin/env bash
# Generates the registry documentation in docs/ from templates/, examples/ and
# the schemas' descriptions, with tfplugindocs at the version pinned in
# tools/tfplugindocs/go.mod.
#
#   scripts/docs.sh          regenerate docs/
#   scripts/docs.sh check    regenerate into a temporary folder and exit 1
#                            when docs/ differs from it
#
# Environment:
#   TERRAFORM  the Terraform CLI that reads the provider's schema
#              (default: .tools/bin/terraform, which `make terraform` builds)
#
# Nothing is downloaded except Go modules missing from the module cache:
# tfplugindocs gets the schema from a file, so it neither builds the provider
# nor installs Terraform itself.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
terraform=${TERRAFORM:-$root/.tools/bin/terraform}
mode=${1:-generate}

case "$mode" in
generate | check) ;;
*)
	echo "usage: $0 [check]" >&2
	exit 2
	;;
esac
if [[ ! -x "$terraform" ]]; then
	echo "docs.sh: no Terraform CLI at $terraform. Run 'make terraform' or set TERRAFORM." >&2
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The provider, and tfplugindocs from its own pinned module.
go build -o "$work/bin/terraform-provider-burki" "$root"
(cd "$root/tools/tfplugindocs" && go build -o "$work/tfplugindocs" github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs)

# 2. The schema, through dev_overrides, so Terraform loads the fresh build
# without a registry and without terraform init.
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "burki/burki" = "$work/bin"
  }
  direct {}
}
RC
mkdir "$work/schema"
cat >"$work/schema/main.tf" <<'TF'
terraform {
  required_providers {
    burki = {
      source = "burki/burki"
    }
  }
}
TF
if ! (cd "$work/schema" && TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 \
	"$terraform" providers schema -json >"$work/schema.json" 2>"$work/schema.log"); then
	cat "$work/schema.log" >&2
	echo "docs.sh: terraform providers schema failed" >&2
	exit 1
fi

# tfplugindocs v0.25.0 looks the schema up under the provider's short name or
# registry.terraform.io/hashicorp/<name> only, so the key is renamed.
sed 's#"registry.terraform.io/burki/burki":#"burki":#' "$work/schema.json" >"$work/providers-schema.json"

# 3. The pages. In check mode tfplugindocs works on a copy, because it writes
# docs/ inside the folder it is given.
provider_dir=$root
if [[ "$mode" == check ]]; then
	provider_dir=$work/provider
	mkdir "$provider_dir"
	cp -R "$root/templates" "$root/examples" "$provider_dir/"
fi
if ! "$work/tfplugindocs" generate \
	--provider-dir "$provider_dir" \
	--provider-name burki \
	--providers-schema "$work/providers-schema.json" \
	>"$work/tfplugindocs.log" 2>&1; then
	cat "$work/tfplugindocs.log" >&2
	echo "docs.sh: tfplugindocs generate failed" >&2
	exit 1
fi

if [[ "$mode" == generate ]]; then
	echo "docs.sh: regenerated $root/docs"
	exit 0
fi

if ! diff -ru "$root/docs" "$provider_dir/docs"; then
	echo >&2
	echo "docs.sh: docs/ differs from what the templates and schemas generate (diff above: committed, then generated)." >&2
	echo "Run 'make docs' and commit the result." >&2
	exit 1
fi
echo "docs.sh: docs/ is up to date"
