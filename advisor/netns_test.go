package advisor

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// perNetnsKey is the allowlist of shared/tools/netns_corpus_check.sh: keys
// that belong to a network namespace, so writing them inside `unshare --net`
// cannot change the host. net.core.rmem_max and friends are not on it: that
// they are per-namespace is unverified, so they count as global.
var perNetnsKey = regexp.MustCompile(`^-?[[:space:]]*net[./](core[./]somaxconn|ipv4[./](tcp_tw_reuse|tcp_tw_recycle|ip_local_port_range|tcp_max_tw_buckets|tcp_fin_timeout|tcp_timestamps|tcp_max_syn_backlog|tcp_syncookies|tcp_keepalive_(time|intvl|probes)|tcp_[rw]mem|tcp_congestion_control|tcp_fastopen|tcp_slow_start_after_idle|tcp_sack|tcp_window_scaling|tcp_ecn|tcp_rfc1337|tcp_syn_retries|tcp_synack_retries|tcp_mtu_probing|tcp_no_metrics_save|tcp_notsent_lowat|tcp_retries2|ip_local_reserved_ports|ip_forward|icmp_echo_ignore_broadcasts|icmp_ignore_bogus_error_responses)|ipv4[./]conf[./](all|default)[./](accept_redirects|secure_redirects|send_redirects|accept_source_route|log_martians|rp_filter)|ipv6[./]conf[./](all|default)[./](accept_redirects|accept_source_route))[[:space:]]*=`)

// configGuarded are keys that exist only when the kernel was built with an
// option (or a module is loaded): right for the target release, but this
// test kernel may lack them, which proves nothing about the file.
var configGuarded = map[string]string{
	"kernel.sysrq":                       "CONFIG_MAGIC_SYSRQ",
	"kernel.kexec_load_disabled":         "CONFIG_KEXEC_CORE",
	"kernel.yama.ptrace_scope":           "CONFIG_SECURITY_YAMA",
	"net.core.bpf_jit_harden":            "CONFIG_BPF_JIT",
	"kernel.unprivileged_bpf_disabled":   "CONFIG_BPF_SYSCALL",
	"vm.unprivileged_userfaultfd":        "CONFIG_USERFAULTFD",
	"dev.tty.legacy_tiocsti":             "CONFIG_TTY",
	"dev.tty.ldisc_autoload":             "CONFIG_TTY",
	"net.bridge.bridge-nf-call-iptables": "module br_netfilter",
	"net.netfilter.nf_conntrack_max":     "module nf_conntrack",
}

// TestGeneratedSysctlAppliesInNetns applies every generated drop-in with
// the real procps `sysctl -p` in a throwaway network namespace: the per-netns
// lines must be accepted (no "Invalid argument"), every other key must exist
// on the running kernel, and the host's /proc/sys/net must not change.
func TestGeneratedSysctlAppliesInNetns(t *testing.T) {
	requireNetns(t)
	hazards, err := os.ReadFile(filepath.Join("testdata", "hazards.conf"))
	if err != nil {
		t.Fatal(err)
	}
	before := snapshotNet(t)
	dir := t.TempDir()
	applied := 0
	for _, k := range []string{"4.9", "5.4", "5.15", "6.8"} {
		for _, p := range builtinProfiles(t) {
			for _, in := range []struct {
				name string
				src  []byte
			}{{"empty", nil}, {"hazards", hazards}} {
				r := adviseFor(t, k, p, "hazards.conf", in.src)
				var b bytes.Buffer
				if err := WriteSysctl(&b, r.header(), r.recs); err != nil {
					t.Fatal(err)
				}
				applied += applyInNetns(t, dir, k+"-"+p+"-"+in.name, b.Bytes())
			}
		}
	}
	if applied == 0 {
		t.Error("no per-netns line was applied: the test proved nothing")
	}
	if after := snapshotNet(t); after != before {
		t.Fatal("the host's /proc/sys/net changed while the test ran")
	}
}

// applyInNetns filters a generated file to the allowlist, runs
// `unshare --net sysctl -p` on it, and checks the other keys exist here.
func applyInNetns(t *testing.T, dir, name string, conf []byte) int {
	t.Helper()
	var keep []string
	sc := bufio.NewScanner(bytes.NewReader(conf))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		key := strings.TrimSpace(strings.SplitN(line, "=", 2)[0])
		if !exists(&rules.Facts{Kernel: runningKernel(t)}, key) {
			// Right for the target kernel (tcp_tw_recycle = 0 on 4.9),
			// but this kernel cannot have it; the catalogue test covers it.
			t.Logf("%s: %s is not on the running kernel %s; not applied", name, key, runningKernel(t).Raw)
			continue
		}
		if perNetnsKey.MatchString(line) {
			keep = append(keep, line)
			continue
		}
		if _, err := os.Stat(filepath.Join("/proc/sys", kernel.KeyPath(key))); err != nil {
			if why, ok := configGuarded[key]; ok {
				t.Logf("%s: %s needs %s, which the running kernel lacks; not checked", name, key, why)
				continue
			}
			t.Errorf("%s: %s does not exist on the running kernel: %v", name, key, err)
		}
	}
	if len(keep) == 0 {
		return 0
	}
	file := filepath.Join(dir, name+".conf")
	if err := os.WriteFile(file, []byte(strings.Join(keep, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A child process gets the namespace, never this Go process (namespaces
	// belong to threads). If unshare fails, sysctl never runs.
	out, err := exec.Command("unshare", "--net", "sysctl", "-p", file).CombinedOutput()
	if err != nil || bytes.Contains(out, []byte("Invalid argument")) {
		t.Errorf("%s: unshare --net sysctl -p: %v\n%s\nfile:\n%s", name, err, out, strings.Join(keep, "\n"))
	}
	return len(keep)
}

// runningKernel is the release of the kernel the test runs on.
func runningKernel(t *testing.T) *kernel.Release {
	t.Helper()
	data, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		t.Fatal(err)
	}
	r, err := kernel.ParseRelease(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	return &r
}

// requireNetns skips (or fails under CI) without root, unshare or sysctl.
func requireNetns(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		skipOrFail(t, "needs root to create a network namespace")
	}
	for _, tool := range []string{"unshare", "sysctl"} {
		if _, err := exec.LookPath(tool); err != nil {
			skipOrFail(t, "needs %s: %v", tool, err)
		}
	}
	if err := exec.Command("unshare", "--net", "true").Run(); err != nil {
		skipOrFail(t, "unshare --net does not work here: %v", err)
	}
}

// snapshotNet reads every readable file under the host's /proc/sys/net.
// It only reads; write-only and secret keys are skipped.
func snapshotNet(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir("/proc/sys/net", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "stable_secret") || strings.Contains(p, "/route/flush") {
			return nil
		}
		data, rerr := os.ReadFile(p)
		if rerr == nil {
			b.WriteString(p + "=" + string(data))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
