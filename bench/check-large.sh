#!/usr/bin/env bash
# check-large.sh - `twadvise check` on 200,000-line files, side by side with
# `twadvise effective` on the same lines (the parsing and merging alone),
# and the start-up cost of `version`, `rules` and `check` on a small file
# against a hello-world Go binary. Issue 15's bars: 200,000 lines of one key
# in <= 3 s and 400 MiB, 200,000 distinct keys in <= 5 s and 800 MiB;
# `rules` and a small `check` within 3x of hello world, `version` within 1.5x.
#
# usage: bench/check-large.sh [-n RUNS]   (from anywhere inside the checkout)
# Builds twadvise and a hello-world binary into a temp dir, writes the files
# there, then calls compare.sh (start-up: perf stat, when present). Reads nothing of the host: PATH mode with
# --kernel, and effective over a --root holding the same file.
# Not a CI gate, and not run by `go test`.
set -euo pipefail
# Built as shipped (README): static, without cgo.
export CGO_ENABLED=0
here=$(cd "$(dirname "$0")" && pwd)
runs=3
while getopts "n:" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	*) sed -n '2,13p' "$0" >&2; exit 2 ;;
	esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$here/.." && go build -o "$tmp/twadvise" ./cmd/twadvise)
mkdir -p "$tmp/hello"
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello, world") }\n' >"$tmp/hello/main.go"
printf 'module hello\n\ngo 1.22\n' >"$tmp/hello/go.mod"
(cd "$tmp/hello" && go build -o "$tmp/hello-world" .)

# one.conf: one key 200,000 times with values no rule objects to (the last
# line wins; TW016 reports the file once); hazard.conf: the same with a
# value every line is linted for (TW413: 200,000 findings); distinct.conf:
# 200,000 different per-interface keys (7.5 MB, under the 8 MiB cap).
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "net.core.somaxconn = %d\n", 8192 + i % 7 }' >"$tmp/one.conf"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "net.core.somaxconn = %d\n", 1000 + i % 7 }' >"$tmp/hazard.conf"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "net.ipv4.conf.eth%d.rp_filter = 1\n", i }' >"$tmp/distinct.conf"
printf 'net.core.somaxconn = 1024\nnet.ipv4.tcp_tw_reuse = 1\n' >"$tmp/small.conf"
for f in one hazard distinct; do
	mkdir -p "$tmp/root-$f/etc/sysctl.d"
	ln "$tmp/$f.conf" "$tmp/root-$f/etc/sysctl.d/50-$f.conf"
done

# cpu NAME COMMAND...: CPU time (user + system) and peak RSS of one run,
# which a loaded machine distorts less than wall time.
cpu() {
	local name=$1
	shift
	/usr/bin/time -f "%U %S %M" -o "$tmp/cpu" "$@" >/dev/null 2>&1 || true
	awk -v n="$name" '{ printf "%-28s cpu %7.2f s   peak_rss %6.0f MiB\n", n, $1 + $2, $3 / 1024 }' "$tmp/cpu"
}

tw=$tmp/twadvise
# startup: each command exec'd directly by `perf stat -r 100` (no shell in
# between: a shell's fork and exec, ~4 ms here, would hide the ratios),
# five rounds alternating, the median round's mean elapsed (wall) time, and
# its CPU time (task-clock: every thread, so it can exceed the wall time).
startup() {
	local names=("hello world" "twadvise version" "twadvise rules" "check small file")
	local cmds=("$tmp/hello-world" "$tw version" "$tw rules" "$tw check --kernel 5.15 --fail-on none $tmp/small.conf")
	local round i
	for round in 1 2 3 4 5; do
		for i in "${!cmds[@]}"; do
			# shellcheck disable=SC2086 # the command line is meant to split
			perf stat -e task-clock -r 100 ${cmds[$i]} 2>&1 >/dev/null |
				awk -v i="$i" '/task-clock/ { cpu = $1 } /seconds time elapsed/ { print i, $1 * 1000, cpu }' >>"$tmp/startup"
		done
	done
	echo "# perf stat -r 100 per round, 5 alternating rounds; the round of median wall time"
	printf '%-22s %10s %8s %10s %8s\n' command wall_ms ratio cpu_ms ratio
	for i in "${!cmds[@]}"; do
		awk -v i="$i" '$1 == i { print $2, $3 }' "$tmp/startup" | sort -n | sed -n 3p >"$tmp/median.$i"
	done
	read -r base_wall base_cpu <"$tmp/median.0"
	for i in "${!cmds[@]}"; do
		awk -v n="${names[$i]}" -v bw="$base_wall" -v bc="$base_cpu" \
			'{ printf "%-22s %10.2f %8.2f %10.2f %8.2f\n", n, $1, $1 / bw, $2, $2 / bc }' "$tmp/median.$i"
	done
}

echo "## start-up"
if command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then
	startup
else
	echo "# perf not available: through compare.sh (each run includes a shell's fork and exec)"
	"$here/compare.sh" -n $((runs * 10)) -w 3 \
		"hello world" "$tmp/hello-world" \
		"twadvise version" "$tw version" \
		"twadvise rules" "$tw rules" \
		"check small file" "$tw check --kernel 5.15 --fail-on none $tmp/small.conf"
fi
for f in one hazard distinct; do
	echo
	echo "## 200,000 lines: $f.conf"
	"$here/compare.sh" -n "$runs" -w 0 \
		"twadvise check" "$tw check --kernel 5.15 --format json --fail-on none $tmp/$f.conf" \
		"twadvise effective" "$tw effective --root $tmp/root-$f --format json"
	cpu "twadvise check" "$tw" check --kernel 5.15 --format json --fail-on none "$tmp/$f.conf"
	cpu "twadvise check, every release" "$tw" check --format json --fail-on none "$tmp/$f.conf"
	cpu "twadvise effective" "$tw" effective --root "$tmp/root-$f" --format json
done
