#!/usr/bin/env bash
# compare.sh - run two or more commands side by side and compare their cost.
#
# Why: DESIGN.md's speed bar is relative ("cost less than sysctl -a", "as fast
# as ss"), so benchmarks run twadvise and the reference tool on the same
# machine, interleaved, instead of timing twadvise alone. Runs alternate
# (A B C A B C ...) so drift in machine load hits every command alike.
#
# usage: bench/compare.sh [-n RUNS] [-w WARMUP] NAME 'COMMAND' NAME 'COMMAND' [...]
#   Each COMMAND is a bash command line; its stdout and stderr are discarded.
#   Prints, per command: median / min / max wall time in ms, the ratio of its
#   median to the first command's, and the median peak RSS in KiB (from GNU
#   /usr/bin/time; "n/a" when it is missing). A command that exits non-zero
#   is reported once and counted anyway (sysctl -a exits 255 on some
#   unreadable keys).
# Not a test: nothing in `go test` runs it.
set -euo pipefail

runs=11 warmup=1
while getopts "n:w:" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	w) warmup=$OPTARG ;;
	*) sed -n '2,17p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if (($# < 4 || $# % 2)); then
	sed -n '2,17p' "$0" >&2
	exit 2
fi

names=() cmds=()
while (($#)); do names+=("$1"); cmds+=("$2"); shift 2; done

gnutime=""
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	gnutime=/usr/bin/time
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run1 I: one run of command I; appends "ms rss" to $tmp/I.
run1() {
	local i=$1 t0 t1 rc=0 rss="n/a"
	t0=$(date +%s%N)
	if [ -n "$gnutime" ]; then
		# bash -c with one simple command execs it, so RSS is the command's own.
		"$gnutime" -f %M -o "$tmp/rss" bash -c "${cmds[$i]}" >/dev/null 2>&1 || rc=$?
	else
		bash -c "${cmds[$i]}" >/dev/null 2>&1 || rc=$?
	fi
	t1=$(date +%s%N)
	[ -n "$gnutime" ] && rss=$(tail -n 1 "$tmp/rss")
	if ((rc != 0)) && [ ! -e "$tmp/$i.rc" ]; then
		echo "note: ${names[$i]} exited $rc" >&2
		echo "$rc" >"$tmp/$i.rc"
	fi
	echo "$(((t1 - t0) / 1000)) $rss" >>"$tmp/$i"
}

for ((w = 0; w < warmup; w++)); do
	for i in "${!cmds[@]}"; do run1 "$i"; done
done
for i in "${!cmds[@]}"; do : >"$tmp/$i"; done
for ((r = 0; r < runs; r++)); do
	for i in "${!cmds[@]}"; do run1 "$i"; done
done

# median of column C of file F (numeric); "n/a" when not numeric.
median() {
	sort -n -k"$2","$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {
		if (v[1] !~ /^[0-9]+$/) { print "n/a"; exit }
		if (NR % 2) print v[(NR+1)/2]; else print int((v[NR/2]+v[NR/2+1])/2) }'
}

echo "# $runs runs each, alternating, $warmup warm-up; $(uname -r); $(nproc) CPUs"
[ -n "$gnutime" ] || echo "# peak RSS: n/a (GNU /usr/bin/time not installed)"
printf '%-28s %10s %10s %10s %8s %12s\n' command median_ms min_ms max_ms ratio peak_rss_kib
base=""
for i in "${!cmds[@]}"; do
	med=$(median "$tmp/$i" 1)
	min=$(sort -n "$tmp/$i" | head -n 1 | cut -d' ' -f1)
	max=$(sort -n "$tmp/$i" | tail -n 1 | cut -d' ' -f1)
	rss=$(median "$tmp/$i" 2)
	[ -n "$base" ] || base=$med
	ratio=$(awk -v a="$med" -v b="$base" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	printf '%-28s %10.2f %10.2f %10.2f %8s %12s\n' "${names[$i]}" \
		"$(awk -v x="$med" 'BEGIN{print x/1000}')" "$(awk -v x="$min" 'BEGIN{print x/1000}')" \
		"$(awk -v x="$max" 'BEGIN{print x/1000}')" "$ratio" "$rss"
done
