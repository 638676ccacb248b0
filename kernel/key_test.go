package kernel

import "testing"

func TestCanonicalKey(t *testing.T) {
	tests := []struct{ in, path, canon string }{
		{"net.ipv4.tcp_fin_timeout", "net/ipv4/tcp_fin_timeout", "net.ipv4.tcp_fin_timeout"},
		{"net/ipv4/tcp_fin_timeout", "net/ipv4/tcp_fin_timeout", "net.ipv4.tcp_fin_timeout"},
		// sysctl.d(5): the first separator decides.
		{"net.ipv4.conf.eth0/100.forwarding", "net/ipv4/conf/eth0.100/forwarding", "net.ipv4.conf.eth0/100.forwarding"},
		{"net/ipv4/conf/eth0.100/forwarding", "net/ipv4/conf/eth0.100/forwarding", "net.ipv4.conf.eth0/100.forwarding"},
		{"kernel/pid_max", "kernel/pid_max", "kernel.pid_max"},
		{"vm.swappiness", "vm/swappiness", "vm.swappiness"},
		{"fs", "fs", "fs"},
		{"net.ipv4.conf.*.rp_filter", "net/ipv4/conf/*/rp_filter", "net.ipv4.conf.*.rp_filter"},
	}
	for _, tc := range tests {
		if got := KeyPath(tc.in); got != tc.path {
			t.Errorf("KeyPath(%q) = %q, want %q", tc.in, got, tc.path)
		}
		if got := CanonicalKey(tc.in); got != tc.canon {
			t.Errorf("CanonicalKey(%q) = %q, want %q", tc.in, got, tc.canon)
		}
	}
}
