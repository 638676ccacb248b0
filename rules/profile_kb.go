package rules

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/kernel/catalog"
)

// This file is where profiles meet the kernel knowledge base: whether a key
// exists, on which release, its bounds and its release default. Every
// profile caller goes through these few functions, so moving to the
// generated per-release tables (kernel/catalog) changes only this file.

// validateKeys refuses a user profile's recommendation for a key no kernel
// has (with the likely key), or a value outside the bounds the kernel
// enforces.
func validateKeys(p *Profile, r *Recommendation) hcl.Diagnostics {
	bad := func(summary, detail string) hcl.Diagnostics {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: p.DefRange.Ptr()}}
	}
	who := fmt.Sprintf("profile %q, recommend %q", p.Name, r.Key)
	kb := catalog.Builtin()
	if kb.State(r.Key, nil).Status == catalog.StatusUnknown {
		hint := ""
		if s := kb.Suggest(r.Key); len(s) > 0 {
			hint = fmt.Sprintf(" Did you mean %q?", s[0])
		}
		return bad("Unknown key in profile", who+": no Linux release has this key."+hint)
	}
	for _, v := range []*string{r.AtLeast, r.AtMost, r.Exactly} {
		if v == nil {
			continue
		}
		if err := ValueAccepted(kb, r.Key, *v, nil); err != nil {
			return bad("Value the kernel rejects", who+": "+err.Error()+".")
		}
	}
	return nil
}

// ValueAccepted reports why the kernel (release k, or the newest when nil)
// would reject value for key: a number outside the bounds it enforces, or
// text for a bounded key. nil when the value is accepted or nothing is
// known.
func ValueAccepted(kb *catalog.KB, key, value string, k *kernel.Release) error {
	st := kb.State(key, k)
	if st.Min == nil && st.Max == nil {
		return nil
	}
	nums := ints(value)
	if nums == nil {
		return fmt.Errorf("%q is not a number, and the kernel accepts only integers here", value)
	}
	for _, n := range nums {
		if st.Min != nil && n < *st.Min || st.Max != nil && n > *st.Max {
			return fmt.Errorf("%d is outside %s, the range the kernel accepts", n, rangeText(st.Min, st.Max))
		}
	}
	return nil
}

func rangeText(lo, hi *int64) string {
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("%d..%d", *lo, *hi)
	case lo != nil:
		return fmt.Sprintf(">= %d", *lo)
	}
	return fmt.Sprintf("<= %d", *hi)
}

// KeyOnKernel reports whether the target release has key, and if not, why
// (for the note that says a recommendation is skipped there). A nil
// kernel, or a key whose history is not recorded, counts as present.
func (f *Facts) KeyOnKernel(key string) (bool, string) {
	st := f.kb().State(key, f.Kernel)
	switch st.Status {
	case catalog.StatusRemoved, catalog.StatusMoved, catalog.StatusNotYetAdded:
		why := string(st.Status)
		if st.Event != nil {
			why += " " + st.Event.Span.String()
		}
		return false, why
	}
	return true, ""
}

// releaseDefault is a compiled-in default that differs between releases,
// with the first release it holds from. Until the knowledge base carries
// per-release defaults (kernel/catalog), these are the keys built-in
// profiles recommend, read from the kernel trees listed in
// shared/reference/kernel-trees.md.
type releaseDefault struct {
	from  string // first release with this default; "" for every release
	value string
}

var releaseDefaults = map[string][]releaseDefault{
	// include/linux/socket.h SOMAXCONN, 128 -> 4096 in v5.4 (commit 19f92a030ca6).
	"net.core.somaxconn": {{"", "128"}, {"5.4", "4096"}},
	// kernel/events/core.c sysctl_perf_event_paranoid: 1, 2 from v4.6 (commit 0161028b7c8a).
	"kernel.perf_event_paranoid": {{"", "1"}, {"4.6", "2"}},
	// security/keys/key.c key_quota_root_maxkeys/maxbytes: 200/20000 up to
	// 3.14, 1000000/25000000 in 3.17 (trees 3.14.1 and 3.17.0).
	"kernel.keys.root_maxkeys":  {{"", "200"}, {"3.17", "1000000"}},
	"kernel.keys.root_maxbytes": {{"", "20000"}, {"3.17", "25000000"}},
	// mm/util.c sysctl_overcommit_memory = OVERCOMMIT_GUESS; mm/oom_kill.c
	// sysctl_panic_on_oom = 0; kernel/panic.c panic_timeout = CONFIG_PANIC_TIMEOUT (0).
	"vm.overcommit_memory": {{"", "0"}},
	"vm.panic_on_oom":      {{"", "0"}},
	"kernel.panic":         {{"", "0"}},
	// mm/mmap.c sysctl_max_map_count = DEFAULT_MAX_MAP_COUNT (65530).
	"vm.max_map_count": {{"", "65530"}},
	// net/ipv4/tcp_ipv4.c tcp_sk_init(): tcp_retries2 = TCP_RETR2 (15), tcp_syncookies = 1.
	"net.ipv4.tcp_retries2":   {{"", "15"}},
	"net.ipv4.tcp_syncookies": {{"", "1"}},
	// net/ipv4/sysctl_net_ipv4.c: tcp_keepalive_time = TCP_KEEPALIVE_TIME (7200 s).
	"net.ipv4.tcp_keepalive_time": {{"", "7200"}},
	// mm/util.c sysctl_max_map_count aside, fs/exec.c suid_dumpable = 0 and
	// mm/memory.c randomize_va_space = 2 (with CONFIG_COMPAT_BRK off: 2).
	"fs.suid_dumpable":          {{"", "0"}},
	"kernel.randomize_va_space": {{"", "2"}},
	// security/yama/yama_lsm.c ptrace_scope = YAMA_SCOPE_RELATIONAL (1).
	"kernel.yama.ptrace_scope": {{"", "1"}},
	// net/ipv4/devinet.c ipv4_devconf: accept_redirects 1, send_redirects 1,
	// secure_redirects 1, log_martians 0, rp_filter 0, accept_source_route 0
	// ("all"; "default" copies it) — for the conf.all/default keys.
	"net.ipv4.conf.all.accept_source_route":      {{"", "0"}},
	"net.ipv4.conf.default.accept_source_route":  {{"", "1"}},
	"net.ipv4.icmp_echo_ignore_broadcasts":       {{"", "1"}},
	"net.ipv4.icmp_ignore_bogus_error_responses": {{"", "1"}},
	// kernel/sysctl.c / fs/namei.c / kernel/kexec_core.c / kernel/bpf/syscall.c:
	// all default to 0 in the kernel (distributions set some in sysctl.d).
	"kernel.kptr_restrict":           {{"", "0"}},
	"kernel.kexec_load_disabled":     {{"", "0"}},
	"net.core.bpf_jit_harden":        {{"", "0"}},
	"fs.protected_symlinks":          {{"", "0"}},
	"fs.protected_hardlinks":         {{"", "0"}},
	"fs.protected_fifos":             {{"", "0"}},
	"fs.protected_regular":           {{"", "0"}},
	"net.ipv4.conf.all.log_martians": {{"", "0"}},
	// kernel/panic.c panic_on_oops = CONFIG_PANIC_ON_OOPS_VALUE (0 unless configured).
	"kernel.panic_on_oops": {{"", "0"}},
	// net/ipv6/addrconf.c ipv6_devconf(_dflt): accept_source_route = 0.
	"net.ipv6.conf.all.accept_source_route":     {{"", "0"}},
	"net.ipv6.conf.default.accept_source_route": {{"", "0"}},
	// net/bridge/br_netfilter_hooks.c brnf_call_iptables = 1 (once br_netfilter is loaded).
	"net.bridge.bridge-nf-call-iptables": {{"", "1"}},
}

// ReleaseDefault is key's compiled-in default on release k, when known. A
// recommendation the default already meets needs no line: writing it
// restates the default (DESIGN.md: generated lines change something).
func ReleaseDefault(key string, k *kernel.Release) (string, bool) {
	ds := releaseDefaults[kernel.CanonicalKey(strings.TrimSpace(key))]
	if len(ds) == 0 {
		return "", false
	}
	if k == nil {
		if len(ds) == 1 {
			return ds[0].value, true
		}
		return "", false
	}
	out, ok := "", false
	for _, d := range ds {
		if d.from == "" {
			out, ok = d.value, true
			continue
		}
		r, err := kernel.ParseRelease(d.from)
		if err == nil && !k.Version.Less(r.Version) {
			out, ok = d.value, true
		}
	}
	return out, ok
}
