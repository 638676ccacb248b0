package config

import "testing"

func TestFileMatches(t *testing.T) {
	tests := []struct {
		pattern, file string
		want          bool
	}{
		{"etc/sysctl.d/10-a.conf", "etc/sysctl.d/10-a.conf", true},
		{"./etc/sysctl.d/10-a.conf", "etc/sysctl.d/10-a.conf", true},
		{"sysctl.d/*.conf", "etc/sysctl.d/10-a.conf", true},
		{"sysctl.d/*.conf", "/repo/etc/sysctl.d/10-a.conf", true},
		{"*.conf", "etc/sysctl.d/10-a.conf", true},
		{"d/10-a.conf", "etc/sysctl.d/10-a.conf", false}, // not at a directory boundary
		{"/etc/sysctl.d/*.conf", "/etc/sysctl.d/10-a.conf", true},
		{"/sysctl.d/*.conf", "/etc/sysctl.d/10-a.conf", false}, // absolute: whole path only
		{"other.conf", "etc/sysctl.d/10-a.conf", false},
	}
	for _, tc := range tests {
		if got := fileMatches(tc.pattern, tc.file); got != tc.want {
			t.Errorf("fileMatches(%q, %q) = %v, want %v", tc.pattern, tc.file, got, tc.want)
		}
	}
}
