package rules

import (
	"fmt"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestShareOf: a condition is shared between releases only when it reads
// the target through the setting's own key's facts, and then with the
// attributes it reads (value_bounds through the key_info attributes it is
// computed from).
func TestShareOf(t *testing.T) {
	tests := []struct {
		src   string
		share whenShare
		facts string
	}{
		{`!glob && value == "1"`, whenTargetFree, "[]"},
		{`key_state(key).status == "unknown"`, whenKeyFacts, "[{state status}]"},
		{`key_info(key).type != "string" && key_state(key).noop != ""`, whenKeyFacts, "[{info type} {state noop}]"},
		{`value_bounds(key, value).outside`, whenKeyFacts, "[{info max} {info min}]"},
		{`value_bounds(key, value).rejects`, whenKeyFacts, "[{info enforce}]"},
		{`key_state(key)["status"] == "x"`, whenKeyFacts, "[{state }]"}, // not an attribute step: the whole object
		{`length(key_state(key).suggestions) > 0`, whenKeyFacts, "[{state suggestions}]"},
		{`kernel.release == "5.15"`, whenNotShared, "[]"},
		{`distro.name != ""`, whenNotShared, "[]"},
		{`key_state("net.ipv4.tcp_tw_recycle").status == "removed"`, whenNotShared, "[]"}, // another key's facts
		{`kernel_at_least("4.12")`, whenNotShared, "[]"},
		{`key_info(other).type == "u8"`, whenNotShared, "[]"},
	}
	for _, tt := range tests {
		e, d := hclsyntax.ParseExpression([]byte(tt.src), "t.hcl", hcl.InitialPos)
		if d.HasErrors() {
			t.Fatalf("%s: %s", tt.src, d)
		}
		share, facts := shareOf(e)
		if share != tt.share || fmt.Sprint(facts) != tt.facts {
			t.Errorf("%s: share %d %v, want %d %s", tt.src, share, facts, tt.share, tt.facts)
		}
	}
}
