#!/usr/bin/env bash
# Regenerates the kernel knowledge base tables, kernel/catalog/tables/<release>.tsv,
# and their coverage reports, kernel/catalog/reports/<release>.txt, from the trees
# listed in kernel/catalog/trees.tsv, plus the names-only 6.18 table from the test
# machine's key list ($KB_618_LIST). It fetches nothing: each tree must already be a git
# directory under $KB_MIRROR (default /work/.mirror) named <owner>+<name>/repo
# (bare, or a clone with repo/.git). Trees that are missing are skipped and named.
#
# usage: scripts/kb-regenerate.sh [TREES.tsv] [RELEASE...]
#   With RELEASE arguments only those releases are regenerated.
#
# Adding a release: get the tree (any clone works:
#   git clone --bare https://github.com/<owner>/<name> "$KB_MIRROR/<owner>+<name>/repo"),
# check the version in its Makefile (git --git-dir=... show <commit>:Makefile | head),
# add a line "<release> <owner>/<name> <commit> <subfolder or empty> <note>" (tab-separated)
# to kernel/catalog/trees.tsv, and run this script.
set -euo pipefail
cd "$(dirname "$0")/.."
mirror=${KB_MIRROR:-/work/.mirror}
trees=${1:-kernel/catalog/trees.tsv}
shift || true
only=" $* "
tables=kernel/catalog/tables
reports=kernel/catalog/reports
mkdir -p "$tables" "$reports"

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/kextract" ./internal/kextract

missing=()
while IFS= read -r line; do
	# Tabs are whitespace to read, which would merge an empty subfolder column.
	IFS=$'\x1f' read -r release repo commit sub _note <<<"${line//$'\t'/$'\x1f'}"
	case "$release" in '' | '#'* | release) continue ;; esac
	[[ "$only" == "  " || "$only" == *" $release "* ]] || continue
	gitdir=$mirror/${repo/\//+}/repo
	[[ -d "$gitdir/.git" ]] && gitdir=$gitdir/.git
	if ! git --git-dir="$gitdir" cat-file -e "$commit^{commit}" 2>/dev/null; then
		missing+=("$release ($repo@$commit)")
		continue
	fi
	echo "kb-regenerate: $release from $repo@${commit:0:12}${sub:+ ($sub)}" >&2
	"$bin/kextract" -git "$gitdir" -commit "$commit" ${sub:+-sub "$sub"} \
		-source "github.com/$repo" -release "$release" \
		-o "$tables/$release.tsv" -report "$reports/$release.txt"
done <"$trees"

# The 6.18 table is a measurement, not a tree: it is rebuilt from the machine's
# `sysctl -aN` list (interface names replaced by IFACE) when that list is at hand,
# and kept as committed otherwise.
list618=${KB_618_LIST:-../shared/reference/keys/linux-6.18-test-kernel.txt}
if [[ ("$only" == "  " || "$only" == *" 6.18 "*) && -r "$list618" ]]; then
	"$bin/kextract" -names "$list618" -release 6.18 \
		-source "test machine /proc/sys, kernel 6.18.44 (Debian 12 VM, minimal config), sysctl -aN; names only" \
		-o "$tables/6.18.tsv"
fi

if ((${#missing[@]})); then
	printf 'kb-regenerate: not in %s, skipped: %s\n' "$mirror" "${missing[@]}" >&2
	exit 1
fi
