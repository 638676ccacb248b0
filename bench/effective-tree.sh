#!/usr/bin/env bash
# effective-tree.sh - `twadvise effective` against `systemd-sysctl --cat-config`
# on the same sysctl.d trees of N files (issue: effective must keep pace with
# the loader on 1,000- and 10,000-file trees).
#
# usage: sudo bench/effective-tree.sh [-n RUNS] [FILES...]   (default: 1000 10000)
# Each tree is bind-mounted over /etc/sysctl.d inside a private mount
# namespace (unshare --mount), with empty directories over the other sysctl.d
# directories, so both tools read the same paths from the real root. Nothing
# outside the namespace changes; /proc/sys is only read. Not run by go test.
set -euo pipefail
# Built as shipped (README): static, without cgo.
export CGO_ENABLED=0
here=$(cd "$(dirname "$0")" && pwd)
runs=11
while getopts "n:" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	*) sed -n '2,10p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
sizes=("${@:-1000}")
(($#)) || sizes=(1000 10000)
[ -x /lib/systemd/systemd-sysctl ] || { echo "needs /lib/systemd/systemd-sysctl (apt-get install systemd)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$here/.." && go build -o "$work/twadvise" ./cmd/twadvise)
for n in "${sizes[@]}"; do
	tree="$work/tree-$n"
	mkdir -p "$tree" "$work/empty"
	for ((i = 1; i <= n; i++)); do
		printf '# tuning %d\nnet.core.somaxconn = %d\nnet.ipv4.tcp_fin_timeout = 30\n' "$i" "$((4096 + i))" >"$tree/$(printf '%05d' "$i")-tune.conf"
	done
	echo "## $n files"
	unshare --mount --propagation private bash -c '
		set -e
		mount --bind "$1" /etc/sysctl.d
		for d in /run/sysctl.d /usr/local/lib/sysctl.d /usr/lib/sysctl.d /lib/sysctl.d; do
			[ -d "$d" ] && mount --bind "$2" "$d"
		done
		"$3/compare.sh" -n "$4" \
			"twadvise effective --format json" "$5/twadvise effective --format json" \
			"systemd-sysctl --cat-config" "/lib/systemd/systemd-sysctl --cat-config --no-pager"
	' _ "$tree" "$work/empty" "$here" "$runs" "$work"
done
