package main

import (
	"path/filepath"
	"testing"
)

// parityFeatures are small trees, one loader feature each, that both loaders
// and twadvise must agree on. Paths are in-root; see fakeTree.
var parityFeatures = []struct {
	name string
	tree fakeTree
}{
	{"glob then explicit in a later file", fakeTree{
		"etc/sysctl.d/10-glob.conf":     "net.ipv4.conf.*.rp_filter = 2\n",
		"etc/sysctl.d/20-explicit.conf": "net.ipv4.conf.lo.rp_filter = 0\n",
	}},
	{"explicit in an earlier file then glob", fakeTree{
		"etc/sysctl.d/10-explicit.conf": "net.ipv4.conf.eth0.rp_filter = 0\n",
		"etc/sysctl.d/20-glob.conf":     "net.ipv4.conf.*.rp_filter = 1\n",
	}},
	{"glob overridden by the same glob later", fakeTree{
		"usr/lib/sysctl.d/10-a.conf": "net.ipv4.conf.*.rp_filter = 1\n",
		"etc/sysctl.d/20-b.conf":     "net.ipv4.conf.*.rp_filter = 2\nnet.ipv4.conf.all.rp_filter = 0\n",
	}},
	{"exclusion", fakeTree{
		"etc/sysctl.d/10-glob.conf": "net.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.eth0.rp_filter\n",
	}},
	{"exclusion in an earlier file", fakeTree{
		"etc/sysctl.d/05-ex.conf":   "-net.ipv4.conf.default.rp_filter\n",
		"etc/sysctl.d/10-glob.conf": "net.ipv4.conf.*.rp_filter = 2\n",
	}},
	// Known disagreement (systemd): "-key" without "=" on a plain key after
	// an assignment of that key replaces it ("Overwriting earlier
	// assignment"), so systemd-sysctl writes nothing; twadvise keeps the
	// earlier value.
	{"exclusion of an explicit key after its assignment", fakeTree{
		"etc/sysctl.d/10-a.conf": "vm.swappiness = 10\nnet.core.somaxconn = 5\n",
		"etc/sysctl.d/20-b.conf": "-vm.swappiness\n",
	}},
	{"exclusion of an explicit key before its assignment", fakeTree{
		"etc/sysctl.d/10-a.conf": "-vm.swappiness\n",
		"etc/sysctl.d/20-b.conf": "vm.swappiness = 10\n",
	}},
	{"dash-prefixed keys", fakeTree{
		"etc/sysctl.d/10-opt.conf": "-net.core.somaxconn = 4096\n-net.ipv4.conf.*.forwarding = 1\n",
	}},
	// Known disagreement (procps): procps 4.0.2 silently skips "- key = v"
	// (a blank after the dash; rc 0, nothing written); systemd applies it.
	{"dash followed by a blank", fakeTree{
		"etc/sysctl.d/10-opt.conf": "- net.ipv4.tcp_fin_timeout = 9\nnet.core.somaxconn = 1\n",
	}},
	{"same basename in four dirs", fakeTree{
		"usr/lib/sysctl.d/50-x.conf":       "net.core.somaxconn = 1\nnet.ipv4.tcp_fin_timeout = 1\n",
		"usr/local/lib/sysctl.d/50-x.conf": "net.core.somaxconn = 2\n",
		"run/sysctl.d/50-x.conf":           "net.core.somaxconn = 3\n",
		"etc/sysctl.d/50-x.conf":           "net.core.somaxconn = 4\n",
		"usr/lib/sysctl.d/60-y.conf":       "net.ipv4.tcp_fin_timeout = 6\n",
		"usr/local/lib/sysctl.d/60-y.conf": "net.ipv4.tcp_fin_timeout = 7\n",
		"run/sysctl.d/70-z.conf":           "vm.swappiness = 8\n",
		"usr/lib/sysctl.d/70-z.conf":       "vm.swappiness = 9\n",
	}},
	{"dev-null mask", fakeTree{
		"usr/lib/sysctl.d/50-vendor.conf": "net.ipv4.tcp_timestamps = 0\n",
		"etc/sysctl.d/50-vendor.conf":     symlink("/dev/null"),
		"run/sysctl.d/60-run.conf":        "vm.swappiness = 1\n",
		"etc/sysctl.d/60-run.conf":        symlink("/dev/null"),
	}},
	{"99-sysctl.conf link present", fakeTree{
		"etc/sysctl.conf":                  "net.core.somaxconn = 1024\nvm.swappiness = 10\n",
		"etc/sysctl.d/99-sysctl.conf":      symlink("../sysctl.conf"),
		"etc/sysctl.d/50-a.conf":           "net.core.somaxconn = 50\n",
		"etc/sysctl.d/zz-last.conf":        "vm.swappiness = 99\n",
		"usr/lib/sysctl.d/99-sysctl.conf":  "kernel.panic = 3\n",
		"usr/lib/sysctl.d/100-after.conf":  "kernel.panic = 4\n",
		"usr/lib/sysctl.d/99-zafter.conf":  "net.core.somaxconn = 77\n",
		"usr/lib/sysctl.d/99-Uafter.conf":  "net.core.somaxconn = 66\n",
		"usr/lib/sysctl.d/99-sysctl.conf~": "net.core.somaxconn = 5\n",
	}},
	{"99-sysctl.conf link absent", fakeTree{
		"etc/sysctl.conf":           "net.core.somaxconn = 1024\nvm.swappiness = 10\n",
		"etc/sysctl.d/50-a.conf":    "net.core.somaxconn = 50\n",
		"etc/sysctl.d/zz-last.conf": "vm.swappiness = 99\n",
	}},
	{"99-sysctl.conf link dangling", fakeTree{
		"etc/sysctl.d/99-sysctl.conf": symlink("../sysctl.conf"),
		"etc/sysctl.d/50-a.conf":      "net.core.somaxconn = 50\n",
	}},
	{"absolute symlinks inside the root", fakeTree{
		"etc/sysctl.conf":                 "net.core.somaxconn = 1024\n",
		"etc/sysctl.d/99-sysctl.conf":     symlink("/etc/sysctl.conf"),
		"usr/lib/sysctl.d/shared.txt":     "vm.swappiness = 33\n",
		"etc/sysctl.d/40-abs.conf":        symlink("/usr/lib/sysctl.d/shared.txt"),
		"run/sysctl.d/41-rel.conf":        symlink("../../usr/lib/sysctl.d/shared2.txt"),
		"usr/lib/sysctl.d/shared2.txt":    "kernel.panic = 5\n",
		"usr/lib/sysctl.d/42-masked.conf": "vm.overcommit_memory = 1\n",
		"etc/sysctl.d/42-masked.conf":     symlink("/dev/null"),
	}},
	{"non-.conf names ignored", fakeTree{
		"etc/sysctl.d/10-a.conf":      "net.core.somaxconn = 1\n",
		"etc/sysctl.d/90-b.CONF":      "net.core.somaxconn = 2\n",
		"etc/sysctl.d/90-c.conf.bak":  "net.core.somaxconn = 3\n",
		"etc/sysctl.d/90-d.conf~":     "net.core.somaxconn = 4\n",
		"etc/sysctl.d/90-e.conf.save": "net.core.somaxconn = 5\n",
		"etc/sysctl.d/README":         "net.core.somaxconn = 6\n",
	}},
	// Known disagreement (systemd): systemd-sysctl skips hidden files
	// (names starting with "."), procps 4.0.2 reads them.
	{"hidden files", fakeTree{
		"etc/sysctl.d/10-a.conf":      "net.core.somaxconn = 1\n",
		"etc/sysctl.d/.hidden.conf":   "vm.swappiness = 7\n",
		"usr/lib/sysctl.d/.conf":      "kernel.panic = 8\n",
		"usr/lib/sysctl.d/.50-x.conf": "net.ipv4.tcp_fin_timeout = 9\n",
	}},
	{"unnumbered after 99, bytewise order", fakeTree{
		"etc/sysctl.d/99-z.conf":        "net.core.somaxconn = 99\nvm.swappiness = 99\nkernel.panic = 99\n",
		"usr/lib/sysctl.d/Zeta.conf":    "net.core.somaxconn = 1\nvm.swappiness = 1\n",
		"run/sysctl.d/alpha.conf":       "net.core.somaxconn = 2\n",
		"etc/sysctl.d/_under.conf":      "kernel.panic = 3\n",
		"usr/lib/sysctl.d/-dash.conf":   "kernel.panic = 4\n",
		"usr/lib/sysctl.d/9-nine.conf":  "kernel.panic = 5\n",
		"usr/lib/sysctl.d/100-big.conf": "kernel.panic = 6\n",
	}},
	{"CRLF, comments, blank lines", fakeTree{
		"etc/sysctl.d/10-crlf.conf":    "# comment\r\n\r\nnet.core.somaxconn = 4096\r\n  # indented\r\n\t; tab-indented semicolon\r\nvm.swappiness=5\r\n",
		"etc/sysctl.d/20-semi.conf":    "; comment = not a key\n# net.core.somaxconn = 1\n   \t\nkernel.panic = 10\n",
		"etc/sysctl.d/30-nofinal.conf": "net.ipv4.tcp_fin_timeout = 15",
	}},
	{"slash keys and VLAN components", fakeTree{
		"etc/sysctl.d/10-a.conf": "net/ipv4/tcp_keepalive_time = 600\nnet/ipv4/conf/eth0.100/forwarding = 1\nnet.ipv4.conf.eth0/100.rp_filter = 2\n",
		"etc/sysctl.d/20-b.conf": "net.ipv4.conf.eth0/100.forwarding = 0\nnet/ipv4/conf/eth0.100/rp_filter = 1\n",
		"etc/sysctl.d/30-c.conf": "net.ipv4.conf.*.accept_redirects = 0\n",
	}},
	// Known disagreement (both): a leading "/" is dropped by both loaders
	// (written to net/core/somaxconn); twadvise reports ".net.core.somaxconn".
	{"leading slash in a key", fakeTree{
		"etc/sysctl.d/10-a.conf": "/net/core/somaxconn = 7\n/net/ipv4/conf/eth0.100/forwarding = 1\n",
	}},
	{"values kept verbatim", fakeTree{
		"etc/sysctl.d/10-v.conf": "net.core.somaxconn = 8192 # inline comment\nnet.ipv4.ip_local_port_range = 1024\t65535\n" +
			"net.ipv4.tcp_rmem =   4096   131072  16777216  \nkernel.core_pattern = |/bin/false %p %e\n" +
			"net.ipv4.tcp_congestion_control=\"bbr\"\nvm.swappiness = 1 = 2\nkernel.panic =\n" +
			"net.ipv4.tcp_wmem=>4096\n",
	}},
	{"lines without =", fakeTree{
		"etc/sysctl.d/10-bad.conf":  "net.core.rmem_max\nfoo bar\nnet.core.somaxconn = 3\n  -net.ipv4.conf.lo.rp_filter\n",
		"etc/sysctl.d/20-glob.conf": "net.ipv4.conf.*.rp_filter = 1\n",
	}},
	{"? and [ globs", fakeTree{
		"etc/sysctl.d/05-keys.conf": "net.ipv4.conf.eth1.forwarding = 0\nnet.ipv4.conf.eth0.forwarding = 0\n",
		"etc/sysctl.d/10-glob.conf": "net.ipv4.conf.eth?.rp_filter = 2\nnet.ipv4.conf.[ad]*.rp_filter = 1\nnet.ipv4.conf.eth0.rp_filter = 0\n",
	}},
	// Known disagreement (JSON contract, both loaders): eth0 is in the
	// matches of both globs, so the JSON does not say which value wins. Both
	// loaders end with 3: procps applies lines in order; systemd moves an
	// overwritten pattern to the end of its ordered map, so "*" (30-c) runs
	// after "e*" (20-b).
	{"overlapping globs", fakeTree{
		"etc/sysctl.d/10-a.conf": "net.ipv4.conf.*.rp_filter = 1\n",
		"etc/sysctl.d/20-b.conf": "net.ipv4.conf.e*.rp_filter = 2\n",
		"etc/sysctl.d/30-c.conf": "net.ipv4.conf.*.rp_filter = 3\n",
	}},
	// Known disagreement (both): "net..core.wmem_max" is written to
	// net/core/wmem_max by both loaders (empty components collapse);
	// twadvise reports the key "net..core.wmem_max".
	{"odd keys", fakeTree{
		"etc/sysctl.d/10-a.conf": "NET.CORE.SOMAXCONN = 1\nnet.core. rmem_max = 2\nnet..core.wmem_max = 3\nvm.swappiness = 4\nvm.swappiness = 5\n",
	}},
	{"repeated key in one file and across files", fakeTree{
		"usr/lib/sysctl.d/10-a.conf": "vm.swappiness = 1\nvm.swappiness = 2\n",
		"etc/sysctl.d/20-b.conf":     "vm.swappiness = 3\nvm/swappiness = 4\n",
	}},
	{"directory and symlink chains", fakeTree{
		"etc/sysctl.d/10-dir.conf/x.conf": "vm.swappiness = 1\n",
		"etc/sysctl.d/20-chain.conf":      symlink("20-hop.txt"),
		"etc/sysctl.d/20-hop.txt":         symlink("../sysctl.d/20-real.txt"),
		"etc/sysctl.d/20-real.txt":        "kernel.panic = 2\n",
		"etc/sysctl.d/30-loop.conf":       symlink("30-loop.conf"),
		"etc/sysctl.d/40-ok.conf":         "net.core.somaxconn = 3\n",
	}},
	{"UTF-8 BOM", fakeTree{
		"etc/sysctl.d/10-bom.conf": "\ufeffvm.swappiness = 1\nkernel.panic = 2\n",
	}},
	{"procps: sysctl.conf applied last, also via the link", fakeTree{
		"etc/sysctl.conf":                 "net.core.somaxconn = 1024\n",
		"etc/sysctl.d/99-sysctl.conf":     symlink("../sysctl.conf"),
		"etc/sysctl.d/zz.conf":            "net.core.somaxconn = 65535\nvm.swappiness = 3\n",
		"usr/local/lib/sysctl.d/zz.conf":  "vm.swappiness = 4\n",
		"usr/local/lib/sysctl.d/zzz.conf": "vm.swappiness = 5\n",
	}},
}

// TestParityFeatures runs every feature tree under both loaders.
func TestParityFeatures(t *testing.T) {
	for _, tc := range parityFeatures {
		for _, loader := range loaders {
			t.Run(tc.name+"/"+loader, func(t *testing.T) {
				root := filepath.Join(t.TempDir(), "root")
				tc.tree.write(t, root)
				checkParity(t, root, loader, tc.tree)
			})
		}
	}
}
