package kernel

import (
	"path"
	"strings"
	"testing"
)

// FuzzParseRelease feeds arbitrary text to the release parser, which reads
// <root>/proc/sys/kernel/osrelease, a file anyone can plant in a --root.
// A release it accepts must be a sane Linux version that parses back to
// itself.
func FuzzParseRelease(f *testing.F) {
	for _, s := range []string{"6.18.44-fc-v657", "5.15.0-91-generic", "3.10.0-1160.el7.x86_64", "6.1.0-rc3", "6.8",
		"5.4.17-2136.300.7.el8uek.x86_64", "", "6", "6.", "6..1", "99999999999999999999.1", "4.9.0+", " 5.10 \n", "2.6.32.1.2.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRelease(s)
		if err != nil {
			return
		}
		v := r.Version
		if v.Major < 2 || v.Major > 99 || v.Minor < 0 || v.Patch < 0 || r.RC < 0 && r.RC != 0 {
			t.Fatalf("ParseRelease(%q) accepted %+v", s, r)
		}
		if r.Raw != strings.TrimSpace(s) {
			t.Fatalf("Raw %q, want the trimmed input", r.Raw)
		}
		back, err := ParseRelease(v.String())
		if err != nil || back.Version != v {
			t.Fatalf("%v does not parse back: %+v, %v", v, back, err)
		}
		if v.Compare(v) != 0 || v.Less(v) {
			t.Fatalf("%v is not equal to itself", v)
		}
	})
}

// FuzzKeyPath checks key normalisation: a key path never starts with "/"
// and every key twadvise would read under /proc/sys either is refused
// (badKey) or stays inside it, in both spellings.
func FuzzKeyPath(f *testing.F) {
	for _, s := range []string{"net.ipv4.tcp_fin_timeout", "net/ipv4/conf/eth0.100/forwarding", "net.ipv4.conf.eth0/100.forwarding",
		"net/../../etc/secret", "../../etc/shadow", "..", "...", "/", "//", "./.", "a..b", "/a.b/..", "net.ipv4.conf.*.rp_filter",
		"kernel/", ".kernel", "a/./b", "a.\x00.b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, key string) {
		if got, want := CanonicalKey(key), swapSeparators(KeyPath(key)); got != want {
			t.Fatalf("CanonicalKey(%q) = %q, want %q (its KeyPath with separators swapped)", key, got, want)
		}
		for _, k := range []string{key, CanonicalKey(key)} {
			p := KeyPath(k)
			if strings.HasPrefix(p, "/") {
				t.Fatalf("KeyPath(%q) = %q starts with /", k, p)
			}
			if badKey(k) != "" {
				continue
			}
			for _, c := range strings.Split(p, "/") {
				if c == ".." {
					t.Fatalf("KeyPath(%q) = %q has a .. component and is not refused", k, p)
				}
			}
			if full := path.Clean("/proc/sys/" + p); full != "/proc/sys" && !strings.HasPrefix(full, "/proc/sys/") {
				t.Fatalf("key %q reads %s, outside /proc/sys", k, full)
			}
		}
	})
}
