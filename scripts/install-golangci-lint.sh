#!/usr/bin/env bash
# Builds the golangci-lint version pinned in tools/golangci-lint into
# .tools/bin, unless that exact version is already there.
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
tools_dir="${TOOLS_DIR:-$repo_root/.tools}"
mkdir -p "$tools_dir/bin"
tools_dir="$(cd "$tools_dir" && pwd)"
lint_bin="$tools_dir/bin/golangci-lint"

version="$(cd "$repo_root/tools/golangci-lint" && go list -m -f '{{.Version}}' github.com/golangci/golangci-lint/v2)"
if [[ -x "$lint_bin" ]] && "$lint_bin" version 2>/dev/null | grep -q "version ${version#v} "; then
	echo "install-golangci-lint: using existing golangci-lint $version at $lint_bin"
	exit 0
fi

start=$(date +%s)
GOFLAGS=-buildvcs=false go build -C "$repo_root/tools/golangci-lint" -o "$lint_bin" \
	-ldflags "-X main.version=${version#v}" github.com/golangci/golangci-lint/v2/cmd/golangci-lint
echo "install-golangci-lint: built golangci-lint $version into $lint_bin in $(($(date +%s) - start))s"
