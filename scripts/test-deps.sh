#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: the real
# loaders (systemd-sysctl, procps sysctl), unshare and ip for throwaway
# namespaces, ss for socket-census parity, python3 for the shared tools, and
# ansible + ansible-lint for the generated playbooks, the Prometheus client's
# OpenMetrics parser that checks `sockets --format openmetrics`, chromium to
# render the HTML fleet report headless, and bash-completion for the
# completion test. Needs root.
set -euo pipefail
pkgs=(make systemd procps iproute2 util-linux python3 ansible ansible-lint python3-jsonschema python3-prometheus-client chromium bash-completion)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
