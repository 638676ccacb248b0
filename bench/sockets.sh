#!/usr/bin/env bash
# bench/sockets.sh [N] [RUNS] - time `twadvise sockets --format json` against
# `ss -Htanp` and `netstat -tan | awk` on ~N TIME_WAIT sockets (default 20000)
# plus 200 CLOSE_WAIT (which fire TW614, hence --fail-on none), in a throwaway network namespace (unshare --net).
# Runs alternate between the three commands; prints medians, ratios and
# peak RSS. Not a test gate. Needs root, unshare, ip, ss, netstat.
# Inside the namespace it writes only net.ipv4.tcp_tw_reuse (per-netns) so
# that every created socket really stays in TIME_WAIT.
set -euo pipefail
# Built as shipped (README): static, without cgo.
export CGO_ENABLED=0
N=${1:-20000}
RUNS=${2:-11}
cd "$(dirname "$0")/.."

if [[ -z "${TWADVISE_BENCH_NETNS:-}" ]]; then
	bin=$(mktemp -d)
	trap 'rm -rf "$bin"' EXIT
	go build -o "$bin/twadvise" ./cmd/twadvise
	go build -o "$bin/twgen" ./bench/twgen
	TWADVISE_BENCH_NETNS=1 BENCH_BIN=$bin unshare --net "$0" "$N" "$RUNS"
	exit
fi

host_ns=$(readlink /proc/1/ns/net 2>/dev/null || true)
if [[ -n "$host_ns" && "$host_ns" == "$(readlink /proc/self/ns/net)" ]]; then
	echo "refusing: not in a new network namespace" >&2
	exit 2
fi
ip link set lo up
echo 0 >/proc/sys/net/ipv4/tcp_tw_reuse

gen_out=$BENCH_BIN/gen.out
"$BENCH_BIN/twgen" -n "$N" -dests 8 -closewait 200 -hold 50 >"$gen_out" &
gen=$!
trap 'kill "$gen" 2>/dev/null || true' EXIT
for _ in $(seq 600); do grep -q ready "$gen_out" && break; sleep 0.1; done
cat "$gen_out"
echo "ss TIME-WAIT: $(ss -Htan state time-wait | wc -l)   twadvise time_wait.total: $("$BENCH_BIN/twadvise" sockets -f json --fail-on none | sed -n 's/^    "total": \([0-9]*\),/\1/p' | head -1)"

declare -A cmds=(
	[twadvise]="$BENCH_BIN/twadvise sockets --format json --fail-on none"
	[ss]="ss -Htanp"
	[netstat]="netstat -tan | awk '/^tcp/ {++S[\$NF]} END {for (a in S) print a, S[a]}'"
)
order=(twadvise ss netstat)
declare -A times
for ((i = 0; i < RUNS; i++)); do
	for name in "${order[@]}"; do
		t0=$EPOCHREALTIME
		sh -c "${cmds[$name]}" >/dev/null
		t1=$EPOCHREALTIME
		times[$name]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) * 1000}') "
	done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
rss() {
	if [[ -x /usr/bin/time ]]; then
		/usr/bin/time -f %M sh -c "$1" 2>&1 >/dev/null | tail -1
	else
		echo "n/a"
	fi
}
printf '\n%-10s %12s %14s   %s\n' method median_ms peak_rss_kib "(${RUNS} alternating runs, wall clock incl. fork/exec of sh)"
declare -A med
for name in "${order[@]}"; do
	med[$name]=$(echo "${times[$name]}" | median)
	printf '%-10s %12s %14s\n' "$name" "${med[$name]}" "$(rss "${cmds[$name]}")"
done
echo
awk -v t="${med[twadvise]}" -v s="${med[ss]}" -v n="${med[netstat]}" \
	'BEGIN {printf "twadvise/ss = %.2f   twadvise/netstat = %.2f\n", t / s, t / n}'
