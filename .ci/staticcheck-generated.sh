#!/usr/bin/env bash
# staticcheck on the committed golden packages and the go:generate example, as a user who vendors the
# generated code without its "Code generated … DO NOT EDIT." header sees it (staticcheck skips files
# with that header). Each package is copied, header removed, into a temporary module of its own.
# STATICCHECK is the binary to run (make staticcheck installs the pinned version).
set -euo pipefail
cd "$(dirname "$0")/.."
STATICCHECK="${STATICCHECK:-staticcheck}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf 'module generated\n\ngo 1.24\n' >"$tmp/go.mod"
for dir in testdata/golden/*/ testdata/gogenerate/*/; do
	ls "$dir"*.go >/dev/null 2>&1 || continue
	name="$(basename "$dir")"
	mkdir -p "$tmp/$name"
	for f in "$dir"*.go; do
		sed '/^\/\/ Code generated .* DO NOT EDIT\.$/d' "$f" >"$tmp/$name/$(basename "$f")"
	done
done
cd "$tmp"
# ST1003 (initialisms) is left out on purpose: orygen's own list (irbuild.Initialisms) decides.
"$STATICCHECK" -checks all,-ST1003 ./...
