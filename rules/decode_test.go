package rules

import (
	"io/fs"
	"reflect"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/twadvise/twadvise/internal/hcldecode"
)

// TestDecodeSameAsGohcl decodes every built-in rule and profile file with
// gohcl and with internal/hcldecode (which the binary uses instead, to
// start faster): the schemas must come out the same, so user rule files
// decode as they did.
func TestDecodeSameAsGohcl(t *testing.T) {
	names, err := fs.Glob(builtinFS, "builtin/*.hcl")
	if err != nil || len(names) == 0 {
		t.Fatalf("no built-in files: %v", err)
	}
	for _, name := range names {
		data, err := builtinFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", name, diags)
		}
		var want, got fileSchema
		if d := gohcl.DecodeBody(f.Body, nil, &want); d.HasErrors() {
			t.Fatalf("%s: gohcl: %s", name, d)
		}
		if d := hcldecode.DecodeBody(f.Body, &got); d.HasErrors() {
			t.Fatalf("%s: hcldecode: %s", name, d)
		}
		if len(got.Rules)+len(got.Profiles) == 0 {
			t.Errorf("%s: decoded nothing", name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoded schemas differ", name)
		}
	}
}
