package rules

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
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

// TestBoundsNeeds ties boundsNeeds to boundsOf: changing one key_info
// attribute may change only the value_bounds attributes boundsNeeds says
// depend on it, or a condition reading value_bounds would be reused for a
// release whose bounds differ.
func TestBoundsNeeds(t *testing.T) {
	base := map[string]cty.Value{
		"known": cty.True, "numeric": cty.True, "type": cty.StringVal("int"), "min": cty.NumberIntVal(0), "max": cty.NumberIntVal(10),
		"scope": cty.StringVal("per-netns"), "module": cty.StringVal(""), "assumed": cty.False, "handler": cty.StringVal("proc_dointvec_minmax"),
		"enforce": cty.StringVal("reject"), "facts_from": cty.StringVal("5.15"), "gap_span": cty.StringVal("4.0-4.9"),
		"gap_min": cty.NumberIntVal(0), "gap_max": cty.NumberIntVal(5), "child_netns": cty.StringVal(""), "default": cty.StringVal("1"),
	}
	changed := map[string]cty.Value{
		"known": cty.False, "numeric": cty.False, "type": cty.StringVal("u8"), "min": cty.NumberIntVal(8), "max": cty.NumberIntVal(6),
		"scope": cty.StringVal("global"), "module": cty.StringVal("nf_conntrack"), "assumed": cty.True, "handler": cty.StringVal("proc_douintvec"),
		"enforce": cty.StringVal("ignore"), "facts_from": cty.StringVal("6.1"), "gap_span": cty.StringVal(""),
		"gap_min": cty.NumberIntVal(8), "gap_max": cty.NumberIntVal(9), "child_netns": cty.StringVal("inherit"), "default": cty.StringVal("2"),
	}
	if len(base) != len(keyInfoType.AttributeTypes()) || len(changed) != len(base) {
		t.Fatalf("the test covers %d of key_info's %d attributes", len(base), len(keyInfoType.AttributeTypes()))
	}
	const value = "7" // inside 0..10, outside the gap's 0..5
	before := boundsOf(cty.ObjectVal(base), value).AsValueMap()
	for attr, v := range changed {
		info := maps.Clone(base)
		info[attr] = v
		after := boundsOf(cty.ObjectVal(info), value).AsValueMap()
		for out := range valueBoundsType.AttributeTypes() {
			if after[out].RawEquals(before[out]) {
				continue
			}
			if !slices.Contains(boundsNeeds[out], attr) {
				t.Errorf("value_bounds(...).%s changes with key_info's %s, which boundsNeeds[%q] leaves out", out, attr, out)
			}
		}
	}
}
