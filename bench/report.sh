#!/usr/bin/env bash
# report.sh - cost of `twadvise report` on N hosts' check reports (default
# 10,000, eight findings each) against a single-pass Python reader that
# counts hosts, severities, kernels and rule/key groups.
#
# usage: bench/report.sh [N] [RUNS]   Not a CI gate, not run by `go test`.
set -euo pipefail
# Built as shipped (README): static, without cgo.
export CGO_ENABLED=0
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-10000} runs=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$here/.." && go build -o "$tmp/twadvise" ./cmd/twadvise)
printf 'net.ipv4.tcp_tw_recycle = 1\nnet.core.somaxconn = 128\nnet.ipv4.tcp_fin_timeout = 5\nnet.ipv4.ip_local_port_range = 1024 65000\nnet.ipv4.tcp_tw_reuse = 1\nnet.ipv4.tcp_timestamps = 0\nfs.file-max = 1000\n' >"$tmp/a.conf"
"$tmp/twadvise" check --format json --host h --kernel 6.1 "$tmp/a.conf" >"$tmp/tmpl.json" || true
mkdir "$tmp/r"
python3 - "$tmp/tmpl.json" "$tmp/r" "$n" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for i in range(int(sys.argv[3])):
    d["host"] = "host-%05d" % i
    json.dump(d, open("%s/host-%05d.json" % (sys.argv[2], i), "w"), indent=2)
PY
cat >"$tmp/reader.py" <<'PY'
import collections, json, os, sys
sev, kern, groups, hosts = collections.Counter(), collections.Counter(), collections.Counter(), set()
for n in sorted(os.listdir(sys.argv[1])):
    with open(os.path.join(sys.argv[1], n)) as f:
        doc = json.load(f)
    hosts.add(doc["host"]); kern[tuple(doc["kernel"]["targets"])] += 1
    for x in doc["findings"]:
        sev[x["severity"]] += 1; groups[(x["rule"], x["key"])] += 1
print(len(hosts), dict(sev), len(kern), len(groups))
PY
"$here/compare.sh" -n "$runs" \
	"python3 single-pass reader" "python3 $tmp/reader.py $tmp/r" \
	"twadvise report (text)" "$tmp/twadvise report --fail-on none $tmp/r" \
	"twadvise report --format json" "$tmp/twadvise report --fail-on none --format json $tmp/r"
