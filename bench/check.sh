#!/usr/bin/env bash
# check.sh - cost of a provisioning-time `twadvise check` of the live system
# (the whole sysctl.d tree, every live value it needs, all rules) against
# `sysctl -a`, which DESIGN.md sets as the bar: a live check must cost less.
#
# usage: bench/check.sh [-n RUNS]   (from anywhere inside the checkout)
# Builds twadvise with `go build -o` into a temp dir, then calls compare.sh.
# Read-only: both commands only read /etc and /proc/sys.
# Not a CI gate, and not run by `go test`.
set -euo pipefail
# Built as shipped (README): static, without cgo.
export CGO_ENABLED=0
here=$(cd "$(dirname "$0")" && pwd)
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd "$here/.." && go build -o "$bin/twadvise" ./cmd/twadvise)
"$here/compare.sh" "$@" \
	"twadvise check (live)" "$bin/twadvise check --format json --fail-on none" \
	"sysctl -a" "sysctl -a"
