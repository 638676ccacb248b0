package kernel_test

import (
	"fmt"

	"github.com/twadvise/twadvise/kernel"
)

func ExampleKeyState() {
	r, _ := kernel.ParseRelease("5.15.0-91-generic")
	v := kernel.KeyState("net.ipv4.tcp_tw_recycle", &r)
	fmt.Println(v.Status, v.Version)

	old, _ := kernel.ParseRelease("6.8")
	v = kernel.KeyState("net.ipv4.tcp_tw_reuse_delay", &old)
	fmt.Println(v.Status, v.Version, "unverified:", v.Unverified)

	v = kernel.KeyState("net.bridge.bridge-nf-call-iptables", &r)
	fmt.Println(v.Status, v.Module)
	// Output:
	// removed 4.12
	// not-yet-added 6.14 unverified: true
	// module br_netfilter
}

func ExampleSuggestKey() {
	fmt.Println(kernel.SuggestKey("net.ipv4_timestamps"))
	fmt.Println(kernel.SuggestKey("net.ipv4.conf.eth0.100.rp_filter"))
	// Output:
	// [net.ipv4.tcp_timestamps]
	// [net.ipv4.conf.eth0/100.rp_filter]
}
