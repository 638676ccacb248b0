#!/usr/bin/env bash
# effective.sh - cost of `twadvise effective` on the live host against the
# tools an operator would otherwise run: systemd-sysctl --cat-config (the
# merged files, no values) and sysctl -a (every live value).
#
# usage: bench/effective.sh [-n RUNS]   (from anywhere inside the checkout)
# Builds twadvise with `go build -o` into a temp dir, then calls compare.sh.
# Read-only: all three commands only read /etc and /proc/sys.
# Not a CI gate, and not run by `go test`.
set -euo pipefail
# Built as shipped (README): static, without cgo.
export CGO_ENABLED=0
here=$(cd "$(dirname "$0")" && pwd)
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd "$here/.." && go build -o "$bin/twadvise" ./cmd/twadvise)

exec_args=(
	"twadvise effective" "$bin/twadvise effective --format json"
	"systemd-sysctl --cat-config" "/lib/systemd/systemd-sysctl --cat-config --no-pager"
	"sysctl -a" "sysctl -a"
)
[ -x /lib/systemd/systemd-sysctl ] || exec_args=("${exec_args[@]:0:2}" "${exec_args[@]:4:2}")
"$here/compare.sh" "$@" "${exec_args[@]}"
