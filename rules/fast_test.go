package rules

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// TestFastSameAsHCL evaluates expressions of the shapes conditions use
// with the fast path and with HCL: wherever the fast path answers, the
// answer must be HCL's, and the shapes it was written for must not fall
// back to HCL (that fallback cost 200,000-line checks most of their time).
func TestFastSameAsHCL(t *testing.T) {
	ev := newEvaluator(&Facts{Mode: "path"}, &Result{})
	ev.vars["key"] = cty.StringVal("net.ipv4.tcp_tw_reuse")
	ev.vars["value"] = cty.StringVal("1")
	ev.vars["glob"] = cty.False
	ev.vars["num"] = cty.NumberIntVal(7)
	ev.vars["nothing"] = cty.NullVal(cty.String)
	tests := []struct {
		src  string
		fast bool // the fast path must answer
	}{
		{`contains(["a", "net.ipv4.tcp_tw_reuse"], key)`, true},
		{`contains(["a", "b"], key)`, true},
		{`!glob && contains(["x"], key)`, true},
		{`contains([], key)`, true},
		{`contains([1, 2], num)`, true},
		{`contains(["7"], num)`, false}, // types differ: cty's answer
		{`contains([1, "a"], key)`, false},
		{`contains(["a", nothing], key)`, false},
		{`["a", key][1]`, true},
		{`value_bounds(key, value).outside`, true},
		{`value_bounds("net.core.somaxconn", "70000").outside || value_bounds(key, value).gap_outside`, true},
		{`value_bounds(key, nothing).outside`, false},
		{`key_info(key).type == "u8" && num > 3`, true},
	}
	for _, tt := range tests {
		e, diags := hclsyntax.ParseExpression([]byte(tt.src), "t.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", tt.src, diags)
		}
		want, wd := e.Value(ev.ctx)
		got, ok := ev.fast(e)
		if ok != tt.fast {
			t.Errorf("%s: fast path answered = %v, want %v", tt.src, ok, tt.fast)
		}
		if !ok {
			continue
		}
		if wd.HasErrors() {
			t.Errorf("%s: fast path answered %#v where HCL fails: %s", tt.src, got, wd)
			continue
		}
		if !got.RawEquals(want) {
			t.Errorf("%s: fast %#v, HCL %#v", tt.src, got, want)
		}
	}
}
