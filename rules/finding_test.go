package rules

import "testing"

func TestFingerprint(t *testing.T) {
	a := Finding{RuleID: "TW241", Key: "net.ipv4.tcp_max_tw_buckets", Value: "5000", File: "x.conf", Line: 3}
	moved := a
	moved.Line = 40
	if a.Fingerprint() != moved.Fingerprint() {
		t.Error("a line move changed the fingerprint")
	}
	changed := a
	changed.Value = "6000"
	if a.Fingerprint() == changed.Fingerprint() {
		t.Error("a new value kept the fingerprint")
	}
	// Keyless findings (TW002 on two different lines of one file) differ by message.
	s1 := Finding{RuleID: "TW002", File: "x.conf", Line: 1, Message: `line is not an assignment: "foo"`}
	s2 := Finding{RuleID: "TW002", File: "x.conf", Line: 9, Message: `line is not an assignment: "bar"`}
	if s1.Fingerprint() == s2.Fingerprint() {
		t.Error("two different keyless findings share a fingerprint")
	}
}
