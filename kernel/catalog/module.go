package catalog

import "strings"

// moduleKeys maps key prefixes to the module that registers them. Such keys
// exist only once the module is loaded, so their absence from /proc/sys says
// nothing about the kernel version; sysctl.d(5) suggests loading the module
// from modules-load.d or a udev rule before the setting is applied.
// The longest matching prefix wins.
var moduleKeys = []struct{ prefix, module string }{
	{"net.bridge.", "br_netfilter"},
	{"net.netfilter.nf_conntrack_", "nf_conntrack"},
	{"net.netfilter.nf_conntrack_frag6_", "nf_defrag_ipv6"},
	{"net.netfilter.nf_hooks_lwtunnel", "nf_conntrack"},
	{"net.nf_conntrack_max", "nf_conntrack"},
	{"net.ipv4.vs.", "ip_vs"},
	{"net.sctp.", "sctp"},
	{"net.appletalk.", "appletalk"},
	{"net.tipc.", "tipc"},
	{"dev.cdrom.", "cdrom"},
	{"dev.raid.", "md_mod"},
}

// keyModule returns the module a catalogue key needs, or "".
func keyModule(key string) string {
	best, module := 0, ""
	for _, m := range moduleKeys {
		if strings.HasPrefix(key, m.prefix) && len(m.prefix) > best {
			best, module = len(m.prefix), m.module
		}
	}
	return module
}

// ModuleOf returns the module whose prefix a key carries ("" if none),
// whether or not the knowledge base has the key: a key no release lists
// under net.netfilter.nf_conntrack_ may still come from that module.
func ModuleOf(key string) string { return keyModule(key) }
