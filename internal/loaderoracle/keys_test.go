package loaderoracle

import (
	"slices"
	"testing"
)

func TestKeyPath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"net.ipv4.tcp_fin_timeout", "net/ipv4/tcp_fin_timeout"},
		{"net/ipv4/tcp_fin_timeout", "net/ipv4/tcp_fin_timeout"},
		{"net.ipv4.conf.eth0/100.rp_filter", "net/ipv4/conf/eth0.100/rp_filter"},
		{"net/ipv4/conf/eth0.100/rp_filter", "net/ipv4/conf/eth0.100/rp_filter"},
		{"/net/core/somaxconn/", "net/core/somaxconn"},
	} {
		if got := KeyPath(tc.in); got != tc.want {
			t.Errorf("KeyPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := CanonicalKey("net/ipv4/conf/eth0.100/rp_filter"); got != "net.ipv4.conf.eth0/100.rp_filter" {
		t.Errorf("CanonicalKey = %q", got)
	}
}

func TestKeysIn(t *testing.T) {
	data := []byte("# c\n; c\n  net.core.somaxconn = 1\r\n-net.ipv4.conf.*.rp_filter = 2\n" +
		"-net.ipv4.conf.eth0.rp_filter\nnet.ipv4.conf.eth?.x = 1\nno assignment\n = 5\nnet/ipv4/conf/eth0.100/forwarding=1\n")
	got, err := KeysIn(data, []string{"all", "lo"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"net/core/somaxconn", "net/ipv4/conf/all/rp_filter", "net/ipv4/conf/eth0.100/forwarding", "net/ipv4/conf/lo/rp_filter"}
	if !slices.Equal(got, want) {
		t.Errorf("KeysIn:\n got %q\nwant %q", got, want)
	}
}

func TestKeysInRefusesDotDot(t *testing.T) {
	if _, err := KeysIn([]byte("net/../../etc/x = 1\n"), nil); err == nil {
		t.Error("a key with a .. component was accepted")
	}
}

func TestPlaceholder(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"../sysctl.conf", true},
		{"/dev/null", true},
		{"../sysctl.conf\n", false},
		{"net.core.somaxconn", false},
		{"-net.ipv4.conf.eth0.rp_filter", false},
		{"/net/core/somaxconn = 1", false},
		{"", false},
	} {
		if _, got := Placeholder([]byte(tc.in)); got != tc.want {
			t.Errorf("Placeholder(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
