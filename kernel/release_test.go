package kernel

import (
	"errors"
	"testing"
)

func TestParseRelease(t *testing.T) {
	tests := []struct {
		in     string
		want   Version
		vendor string
		rc     int
	}{
		{"6.18.44-fc-v657", Version{6, 18, 44}, "", 0},
		{"5.15.0-91-generic", Version{5, 15, 0}, "", 0},
		{"3.10.0-1160.el7.x86_64", Version{3, 10, 0}, "el7", 0},
		{"4.19.0-0.bpo.6-amd64", Version{4, 19, 0}, "", 0},
		{"6.1.0-rc3", Version{6, 1, 0}, "", 3},
		{"5.4.17-2136.307.3.1.el8uek.x86_64", Version{5, 4, 17}, "uek", 0},
		{"4.18.0-513.5.1.el8_9.x86_64", Version{4, 18, 0}, "el8", 0},
		{"4.4", Version{4, 4, 0}, "", 0},
		{"6.8", Version{6, 8, 0}, "", 0},
		{"  6.8\n", Version{6, 8, 0}, "", 0},
		{"2.6.32-754.el6.x86_64", Version{2, 6, 32}, "el6", 0},
		{"6.6.0+", Version{6, 6, 0}, "", 0},
		{"4.14.0.1", Version{4, 14, 0}, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			r, err := ParseRelease(tc.in)
			if err != nil {
				t.Fatalf("ParseRelease(%q): %v", tc.in, err)
			}
			if r.Version != tc.want || r.Vendor != tc.vendor || r.RC != tc.rc {
				t.Errorf("ParseRelease(%q) = %+v, want version %v vendor %q rc %d", tc.in, r, tc.want, tc.vendor, tc.rc)
			}
		})
	}
}

func TestParseReleaseGarbage(t *testing.T) {
	for _, in := range []string{"", "linux", "6", "6.", "v6.8", "6.x", "6.8abc", "1.2", "100.1", "6.8.1.2.3", "-5.4", "5..4", "999999999999.1"} {
		if r, err := ParseRelease(in); err == nil || !errors.Is(err, ErrRelease) {
			t.Errorf("ParseRelease(%q) = %+v, %v; want an ErrRelease", in, r, err)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	if !MustVersion("4.11.12").Less(MustVersion("4.12")) {
		t.Error("4.11.12 should be older than 4.12")
	}
	if MustVersion("4.12").Less(MustVersion("4.12.0")) || MustVersion("4.12.0").Compare(MustVersion("4.12")) != 0 {
		t.Error("4.12 and 4.12.0 should be equal")
	}
	if MustVersion("10.0").Compare(MustVersion("9.99")) != 1 {
		t.Error("10.0 should be newer than 9.99 (numeric, not lexical)")
	}
}
