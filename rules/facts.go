package rules

import (
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/kernel/catalog"
)

// Facts is everything rules reason about besides the setting at hand.
type Facts struct {
	Mode   string          // "path" or "system"
	Loader kernel.Loader   // resolved loader
	Kernel *kernel.Release // nil when unknown (PATH mode without --kernel)
	// Distro is the distribution release the target kernel belongs to,
	// when named (--kernel rhel7) or implied by the release string; it
	// tells rules the systemd and procps versions. nil when unknown.
	Distro    *kernel.Distro
	Effective *kernel.Effective
	// Live reads a running value; nil when live values are not consulted.
	Live    func(key string) kernel.Live
	Profile *Profile
	NetNS   string // "initial", "child" or "unknown"
	// Container is true when the check reads a container's view: a child
	// network namespace, or a root marked by Docker (/.dockerenv) or
	// Podman (/run/.containerenv).
	Container bool
	MemBytes  int64 // host memory from /proc/meminfo; 0 when unknown
	// Diagnostics come from outside the sysctl files, e.g. an expired
	// waiver in the project configuration; rules with a matching
	// diagnostic kind report them like parser diagnostics.
	Diagnostics []kernel.Diagnostic
	// Census is the live TCP socket census (system mode); nil when not taken.
	Census *kernel.Census
	// Catalog is the kernel knowledge base rules consult (key_state,
	// key_info); nil means catalog.Builtin(). Tests substitute their own.
	Catalog *catalog.KB
	// Shared, when set, lets evaluations of these facts for several target
	// kernels (only Kernel and Distro differ) reuse the findings of rules
	// that do not depend on the target.
	Shared *Shared
}

// kb is the knowledge base the rules consult.
func (f *Facts) kb() *catalog.KB {
	if f.Catalog != nil {
		return f.Catalog
	}
	return catalog.Builtin()
}

// TWBucketsDefault is the kernel's default tcp_max_tw_buckets for a host
// with memBytes of RAM: half the TCP established hash, which has one slot
// per 128 KiB of memory rounded up to a power of two and capped at 524288
// (net/ipv4/tcp.c tcp_init(), net/ipv4/tcp_ipv4.c tcp_set_hashinfo()).
// It returns 0 when memBytes is unknown.
func TWBucketsDefault(memBytes int64) int64 {
	if memBytes <= 0 {
		return 0
	}
	slots := memBytes / (128 << 10)
	p := int64(1)
	for p < slots {
		p <<= 1
	}
	if p > 524288 {
		p = 524288
	}
	return p / 2
}

// memBytes is the host memory rules use: measured, else the profile's.
func (f *Facts) memBytes() int64 {
	if f.MemBytes > 0 {
		return f.MemBytes
	}
	if f.Profile != nil && f.Profile.MemoryGiB > 0 {
		return int64(f.Profile.MemoryGiB * (1 << 30))
	}
	return 0
}

func (f *Facts) kernelVal() cty.Value {
	if f.Kernel == nil {
		return cty.ObjectVal(map[string]cty.Value{
			"known": cty.False, "release": cty.NullVal(cty.String), "version": cty.NullVal(cty.String), "vendor": cty.NullVal(cty.String),
		})
	}
	return cty.ObjectVal(map[string]cty.Value{
		"known": cty.True, "release": cty.StringVal(f.Kernel.Raw),
		"version": cty.StringVal(f.Kernel.Version.String()), "vendor": cty.StringVal(f.Kernel.Vendor),
	})
}

func (f *Facts) profileVal() cty.Value {
	p := f.Profile
	if p == nil {
		p = &Profile{Name: "none", Closes: "both"}
	}
	ports := []cty.Value{}
	for _, port := range p.ServicePorts {
		ports = append(ports, cty.NumberIntVal(int64(port)))
	}
	mem := cty.NullVal(cty.Number)
	if p.MemoryGiB > 0 {
		mem = cty.NumberFloatVal(p.MemoryGiB)
	}
	return cty.ObjectVal(map[string]cty.Value{
		"name":               cty.StringVal(p.Name),
		"closes":             cty.StringVal(p.Closes),
		"inbound_rate":       cty.NumberFloatVal(p.InboundRate),
		"outbound_rate":      cty.NumberFloatVal(p.OutboundRate),
		"clients_behind_nat": cty.BoolVal(p.ClientsBehindNAT),
		"service_ports":      listOrEmpty(ports),
		"memory_gib":         mem,
		"containers":         cty.BoolVal(p.Containers),
	})
}

// distroVal is the target's distribution release as rules see it: known,
// name, init ("systemd", "upstart", "sysvinit") and the systemd major
// version (0 when the init is not systemd or the distro is unknown).
func (f *Facts) distroVal() cty.Value {
	if f.Distro == nil {
		return cty.ObjectVal(map[string]cty.Value{
			"known": cty.False, "name": cty.StringVal(""), "init": cty.StringVal(""), "systemd": cty.NumberIntVal(0),
		})
	}
	return cty.ObjectVal(map[string]cty.Value{
		"known": cty.True, "name": cty.StringVal(f.Distro.Name), "init": cty.StringVal(string(f.Distro.Init)),
		"systemd": cty.NumberIntVal(int64(f.Distro.Systemd)),
	})
}

func (f *Facts) hostVal() cty.Value {
	mem, def := cty.NullVal(cty.Number), cty.NullVal(cty.Number)
	if b := f.memBytes(); b > 0 {
		mem = cty.NumberIntVal(b)
		def = cty.NumberIntVal(TWBucketsDefault(b))
	}
	return cty.ObjectVal(map[string]cty.Value{"mem_bytes": mem, "tw_buckets_default": def})
}

// current is a key's value as rules see it: the configured (effective)
// value, else the live one, else null.
func (f *Facts) current(key string) cty.Value {
	key = kernel.CanonicalKey(key)
	if f.Effective != nil {
		if ent, ok := f.Effective.Lookup(key); ok {
			return cty.StringVal(ent.Value)
		}
	}
	if f.Live != nil {
		if lv := f.Live(key); lv.Status == kernel.LiveOK {
			return cty.StringVal(lv.Value)
		}
	}
	return cty.NullVal(cty.String)
}

// numbers parses the leading integers of a value as the kernel's integer
// handlers do; parsing stops at the first token that is not a number.
func numbers(value string) []int64 {
	var out []int64
	for _, tok := range strings.Fields(value) {
		n, ok := kernel.ParseInt(tok)
		if !ok {
			break
		}
		out = append(out, n)
	}
	return out
}

func numVal(value string) cty.Value { return numOf(numbers(value)) }

func numsVal(value string) cty.Value { return numsOf(numbers(value)) }

// numOf is num: the first of the leading integers, or null.
func numOf(ns []int64) cty.Value {
	if len(ns) == 0 {
		return cty.NullVal(cty.Number)
	}
	return cty.NumberIntVal(ns[0])
}

// numsOf is nums: the leading integers.
func numsOf(ns []int64) cty.Value {
	if len(ns) == 0 {
		return cty.ListValEmpty(cty.Number)
	}
	vals := make([]cty.Value, len(ns))
	for i, n := range ns {
		vals[i] = cty.NumberIntVal(n)
	}
	return cty.ListVal(vals)
}

func listOrEmpty(vals []cty.Value) cty.Value {
	if len(vals) == 0 {
		return cty.ListValEmpty(cty.Number)
	}
	return cty.ListVal(vals)
}
