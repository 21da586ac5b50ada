#!/usr/bin/env bash
# The provider's main job, end to end, on the local sandbox: apply the demo
# configuration, show what the carriers hold, change a webhook behind
# Terraform's back, let plan find it, repair it, and destroy with the original
# webhooks restored. Exits non-zero as soon as a step does not behave.
#
# Called by `make demo`, which passes TERRAFORM (the pinned CLI) and
# PROVIDER_BINARY (the freshly built provider).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
: "${TERRAFORM:?set TERRAFORM to the terraform binary (make demo does)}"
: "${PROVIDER_BINARY:?set PROVIDER_BINARY to the built provider (make demo does)}"

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

bold=$'\e[1m'; green=$'\e[32m'; red=$'\e[31m'; reset=$'\e[0m'
if [ ! -t 1 ]; then bold=""; green=""; red=""; reset=""; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"; }
ok() { printf '%s✔ %s%s\n' "$green" "$*" "$reset"; }
fail() { printf '%s✘ %s%s\n' "$red" "$*" "$reset" >&2; exit 1; }

step "Starting the sandbox: fake carrier APIs on 127.0.0.1"
go build -o "$work/burki-sandbox" "$root/internal/cmd/burki-sandbox"
"$work/burki-sandbox" serve -env-file "$work/sandbox.env" >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 100); do [ -s "$work/sandbox.env" ] && break; sleep 0.1; done
[ -s "$work/sandbox.env" ] || { cat "$work/sandbox.log" >&2; fail "the sandbox did not start"; }
# shellcheck disable=SC1091
source "$work/sandbox.env"
sed 's/^/    /' "$work/sandbox.env"

step "Pointing Terraform at the freshly built provider (dev_overrides, no registry)"
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "burki/burki" = "$(dirname "$PROVIDER_BINARY")"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
cp "$root/examples/demo/main.tf" "$work/main.tf"
cd "$work"
# Runs terraform without colour and drops its boxed warning about
# dev_overrides, which the demo sets up on purpose.
tf() {
  "$TERRAFORM" "$@" -no-color 2>&1 | awk '
    /^Warning: Provider development overrides are in effect/ { skipping = 1; next }
    skipping && /published releases\.$|^releases\.$/ { skipping = 2; next }
    skipping == 2 && /^$/ { skipping = 0; next }
    !skipping { print }
  '
  return "${PIPESTATUS[0]}"
}
"$TERRAFORM" version | head -1

step "What the carriers hold before Terraform"
"$work/burki-sandbox" show

step "terraform apply: take the numbers over"
tf apply -auto-approve -input=false || fail "apply failed"
ok "applied"

step "What the carriers hold now"
"$work/burki-sandbox" show

step "terraform plan: nothing to do"
set +e; tf plan -detailed-exitcode -input=false >"$work/plan0.txt"; code=$?; set -e
[ "$code" -eq 0 ] || { cat "$work/plan0.txt"; fail "a plan right after apply should be empty (exit $code)"; }
ok "no changes"

step "Someone changes the voice webhook of +15550100001 in the carrier's console"
"$work/burki-sandbox" set-voice-url +15550100001 https://someone-else.example.com/voice
"$work/burki-sandbox" show

step "terraform plan: the drift shows"
set +e; tf plan -detailed-exitcode -input=false >"$work/plan1.txt"; code=$?; set -e
sed -n '/Terraform will perform/,/Plan:/p' "$work/plan1.txt"
[ "$code" -eq 2 ] || { cat "$work/plan1.txt"; fail "plan did not find the drift (exit $code)"; }
grep -q 'someone-else.example.com' "$work/plan1.txt" || fail "the plan does not show the changed URL"
ok "plan found the drift"

step "terraform apply: repair it"
tf apply -auto-approve -input=false | grep -E 'Apply complete|Modifying|Modifications complete' || fail "repair failed"
set +e; tf plan -detailed-exitcode -input=false >/dev/null; code=$?; set -e
[ "$code" -eq 0 ] || fail "a plan after the repair should be empty (exit $code)"
"$work/burki-sandbox" show
ok "repaired"

step "terraform destroy: give the numbers back as they were"
tf destroy -auto-approve -input=false | grep -E 'Destroy complete|Destroying|Destruction complete' || fail "destroy failed"
"$work/burki-sandbox" show
"$work/burki-sandbox" check-restored || fail "destroy did not restore the original webhooks"

printf '\n%sDemo finished: apply, drift, repair and restore all behaved.%s\n' "$green$bold" "$reset"
