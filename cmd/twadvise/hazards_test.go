package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestHazardFiles checks the project's own realistic files in
// testdata/hazards (written the way CentOS-era init scripts, Chinese ops
// wikis, Kubernetes node bootstraps, VPS optimizers and hardening baselines
// are) against the hazards a kernel expert finds in them: every one is
// reported, at that severity, and nothing else at warning or above.
func TestHazardFiles(t *testing.T) {
	cases := []struct {
		file, kernel, profile string
		want                  []string // "key RULE severity", warnings and errors only
	}{
		{"centos7-init.conf", "debian-12", "generic", []string{
			"fs.file-max TW402 warning", "fs.file-max TW405 warning",
			"net.ipv4.tcp_syn_retries TW421 warning", "net.ipv4.tcp_synack_retries TW421 warning",
			"net.ipv4.tcp_retries2 TW422 warning",
			"net.ipv4.tcp_keepalive_time TW423 warning", "net.ipv4.tcp_keepalive_intvl TW423 warning",
			"net.ipv4.tcp_rmem TW425 warning", "net.ipv4.tcp_wmem TW425 warning",
			"net.ipv4.ip_local_port_range TW303 warning", "net.ipv4.ip_local_port_range TW307 warning",
			"net.core.somaxconn TW428 warning", "vm.swappiness TW431 warning", "kernel.pid_max TW437 warning",
		}},
		// The same file on the CentOS 7 it was written for: no parity split
		// before 4.6, systemd 219 never raises fs.file-max or pid_max, and
		// somaxconn 1024 raises 3.10's default 128.
		{"centos7-init.conf", "3.10.0-1160.el7.x86_64", "generic", []string{
			"fs.file-max TW405 warning",
			"net.ipv4.tcp_syn_retries TW421 warning", "net.ipv4.tcp_synack_retries TW421 warning",
			"net.ipv4.tcp_retries2 TW422 warning",
			"net.ipv4.tcp_keepalive_time TW423 warning", "net.ipv4.tcp_keepalive_intvl TW423 warning",
			"net.ipv4.tcp_rmem TW425 warning", "net.ipv4.tcp_wmem TW425 warning",
			"net.ipv4.ip_local_port_range TW307 warning", "vm.swappiness TW431 warning",
		}},
		{"cn-ops-optimize.conf", "5.15", "web-server", []string{
			"net.ipv4.tcp_sack TW418 warning", "net.core.netdev_max_backlog TW424 warning",
			"net.core.rmem_default TW429 warning", "net.core.wmem_default TW429 warning",
			"net.ipv4.tcp_mem TW427 warning", "vm.dirty_ratio TW433 warning",
			"vm.dirty_background_ratio TW434 warning", "vm.overcommit_memory TW432 warning",
			"fs.inotify.max_user_watches TW436 warning",
		}},
		{"k8s-node.conf", "ubuntu-22.04", "kubernetes-node", []string{
			"net.ipv6.conf.all.forwarding TW251 warning", "net.ipv4.ip_local_port_range TW307 warning",
			"net.ipv4.ip_local_port_range TW304 warning",
			"kernel.modules_disabled TW435 warning",
		}},
		{"vps-optimizer.conf", "6.8", "web-server", []string{
			"net.ipv4.ip_local_port_range TW307 warning", "net.ipv6.conf.all.disable_ipv6 TW252 warning",
		}},
		{"devsec-style-baseline.conf", "5.15", "generic", nil},
		{"devsec-style-baseline.conf", "rhel7", "web-server", nil},
	}
	dir := filepath.Join(repoRoot(t), "testdata", "hazards")
	for _, c := range cases {
		t.Run(c.file+"/"+c.kernel, func(t *testing.T) {
			r := checkJSON(t, "--kernel", c.kernel, "--profile", c.profile, filepath.Join(dir, c.file))
			got := map[string]bool{}
			for _, f := range r.Findings {
				if f.Severity != "info" {
					got[fmt.Sprintf("%s %s %s", f.Key, f.Rule, f.Severity)] = true
				}
			}
			want := map[string]bool{}
			for _, w := range c.want {
				want[w] = true
				if !got[w] {
					t.Errorf("missing %s", w)
				}
			}
			var extra []string
			for g := range got {
				if !want[g] {
					extra = append(extra, g)
				}
			}
			sort.Strings(extra)
			if len(extra) > 0 {
				t.Errorf("unexpected: %s", strings.Join(extra, "; "))
			}
		})
	}
}

// TestOncePerFile: TW105 (module keys) speaks once per module per file,
// TW231 (tcp_fin_timeout is not TIME_WAIT) once per file.
func TestOncePerFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "99-k8s.conf")
	if err := os.WriteFile(file, []byte("net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.bridge.bridge-nf-call-arptables = 1\n"+
		"net.netfilter.nf_conntrack_max = 1048576\nnet.netfilter.nf_conntrack_tcp_timeout_established = 86400\n"+
		"net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_fin_timeout = 20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := checkJSON(t, "--kernel", "5.15", file)
	count := map[string][]int{}
	for _, f := range r.Findings {
		if f.Rule == "TW105" || f.Rule == "TW231" {
			count[f.Rule] = append(count[f.Rule], f.Line)
		}
	}
	if len(count["TW231"]) != 1 {
		t.Errorf("TW231 at lines %v, want once", count["TW231"])
	}
	// br_netfilter (line 1) and nf_conntrack (line 4): one each, at the first line.
	if got := fmt.Sprint(count["TW105"]); got != "[1 4]" {
		t.Errorf("TW105 at lines %s, want [1 4]", got)
	}
}
