package hcldecode

import (
	"reflect"
	"sort"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Every field kind twadvise's schemas use.
type doc struct {
	Name     string         `hcl:"name"`
	Title    string         `hcl:"title,optional"`
	Rate     float64        `hcl:"rate,optional"`
	On       bool           `hcl:"on,optional"`
	Ports    []int          `hcl:"ports,optional"`
	Refs     []string       `hcl:"refs,optional"`
	MaybeS   *string        `hcl:"maybe_s,optional"`
	MaybeF   *float64       `hcl:"maybe_f"` // a pointer is never required
	MaybeB   *bool          `hcl:"maybe_b,optional"`
	MaybeL   *[]int         `hcl:"maybe_l,optional"`
	When     hcl.Expression `hcl:"when,optional"`
	Message  hcl.Expression `hcl:"message"`
	One      *inner         `hcl:"one,block"`
	Many     []*item        `hcl:"item,block"`
	DefRange hcl.Range      `hcl:",def_range"`
}

type inner struct {
	Reason   string    `hcl:"reason"`
	DefRange hcl.Range `hcl:",def_range"`
}

type item struct {
	Key      string    `hcl:"key,label"`
	Sub      string    `hcl:"sub,label"`
	AtLeast  *string   `hcl:"at_least,optional"`
	DefRange hcl.Range `hcl:",def_range"`
}

type top struct {
	Docs []*doc `hcl:"doc,block"`
}

// TestSameAsGohcl decodes the same parsed files with gohcl and with this
// package: the values and the diagnostics must be the same, so replacing
// gohcl changes nothing a user sees.
func TestSameAsGohcl(t *testing.T) {
	cases := map[string]string{
		"label on an unlabelled block": `
doc "no-label-allowed" {}
`,
		"full": `
doc {
  name = "a"
  title = "T"
  rate = 2.5
  on = true
  ports = [80, 443]
  refs = ["x", "y"]
  maybe_s = "s"
  maybe_f = 1
  maybe_b = false
  maybe_l = [1]
  when = kernel >= "4.12"
  message = "m ${key}"
  one { reason = "r" }
  item "k1" "s1" { at_least = "3" }
  item "k2" "s2" {}
}
doc {
  name = "b"
  message = null
}
`,
		"missing required": `doc {
  title = "t"
}`,
		"unsupported argument": `doc {
  name = "a"
  message = 1
  nope = 2
}`,
		"wrong types": `doc {
  name = ["a"]
  message = 1
  rate = "fast"
  ports = ["x"]
  on = 3
  maybe_l = "z"
}`,
		"duplicate block": `doc {
  name = "a"
  message = 1
  one { reason = "1" }
  one { reason = "2" }
}`,
		"wrong labels": `doc {
  name = "a"
  message = 1
  item "only-one" {}
}`,
		"nested missing": `doc {
  name = "a"
  message = 1
  one {}
}`,
		"null into string": `doc {
  name = null
  message = 1
}`,
		"number into string": `doc {
  name = 12
  message = 1
}`,
		"unknown block": `doc {
  name = "a"
  message = 1
  other {}
}`,
		"top attribute": `x = 1`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			f, diags := hclsyntax.ParseConfig([]byte(src), "t.hcl", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatalf("parse: %s", diags)
			}
			var want, got top
			wantDiags := gohcl.DecodeBody(f.Body, nil, &want)
			gotDiags := DecodeBody(f.Body, &got)
			// A number converts to a string, as gohcl has it.
			wantErr := name != "full" && name != "number into string"
			if gotDiags.HasErrors() != wantErr {
				t.Errorf("errors = %v, want %v: %s", gotDiags.HasErrors(), wantErr, gotDiags)
			}
			if !reflect.DeepEqual(diagTexts(gotDiags), diagTexts(wantDiags)) {
				t.Errorf("diagnostics:\n got %q\nwant %q", diagTexts(gotDiags), diagTexts(wantDiags))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("values differ:\n got %#v\nwant %#v", got, want)
			}
		})
	}
}

func TestDecodeExpression(t *testing.T) {
	f, diags := hclsyntax.ParseConfig([]byte("a = \"2026-01-31\"\nb = [1]\n"), "t.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	attrs, _ := f.Body.JustAttributes()
	var s string
	if d := DecodeExpression(attrs["a"].Expr, &s); d.HasErrors() || s != "2026-01-31" {
		t.Errorf("a: got %q, %s", s, d)
	}
	var want, got string
	wantDiags := gohcl.DecodeExpression(attrs["b"].Expr, nil, &want)
	gotDiags := DecodeExpression(attrs["b"].Expr, &got)
	if !gotDiags.HasErrors() || !reflect.DeepEqual(diagTexts(gotDiags), diagTexts(wantDiags)) {
		t.Errorf("b: got %q, want %q", diagTexts(gotDiags), diagTexts(wantDiags))
	}
}

// diagTexts is a diagnostics list as sorted strings with their positions
// (gohcl visits attributes in map order).
func diagTexts(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Error())
	}
	sort.Strings(out)
	return out
}
