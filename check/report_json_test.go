package check

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/twadvise/twadvise/internal/jsonw"
	"github.com/twadvise/twadvise/rules"
)

// TestFindingWriteJSONSameAsEncodingJSON: findings written field by field
// are the bytes encoding/json writes for them, with and without each
// optional part (null pointers and lists, path_in_root left out).
func TestFindingWriteJSONSameAsEncodingJSON(t *testing.T) {
	sug, to := "4096", "6.1"
	findings := []Finding{
		{Rule: "TW428", Name: "somaxconn-lowered", Severity: "warning", Key: "net.core.somaxconn", Value: "1000", Suggestion: &sug,
			File: "etc/sysctl.d/a.conf", PathInRoot: "/etc/sysctl.d/a.conf", Line: 3, OverriddenBy: &rules.Position{File: "b <&>.conf", Line: 9},
			Message: "quote \" backslash \\ tab \t é \u2028", Remediation: "r", References: []string{"x", "y"},
			Kernels: []Range{{From: "5.4", To: &to}, {From: "6.8"}}, Fingerprint: "906903de0a6721e1"},
		{Rule: "TW001", Severity: "error", File: "-", Message: "bad \xff byte"},
		{Rule: "TW002", References: []string{}, Kernels: []Range{}},
	}
	// The first finding sets every field, so that a field added to Finding
	// and not to WriteJSON fails here.
	v := reflect.ValueOf(findings[0])
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("the first test finding leaves %s unset", v.Type().Field(i).Name)
		}
	}
	for i := range findings {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(findings[i]); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		j := jsonw.New(&got)
		findings[i].WriteJSON(j)
		if err := j.End(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("finding %d:\n got %s\nwant %s", i, got.String(), want.String())
		}
	}
}
