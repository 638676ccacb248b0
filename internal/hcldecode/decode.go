// Package hcldecode decodes an HCL body into a Go struct described by `hcl`
// field tags, the subset of gohcl's tags twadvise uses: attributes
// (`hcl:"name"`, `hcl:"name,optional"`), blocks (`hcl:"name,block"` on a
// pointer or a slice of pointers), labels (`hcl:"name,label"`) and the block's
// definition range (`hcl:",def_range"`).
//
// It exists so that the binary does not link gohcl: gohcl imports hclwrite
// (for encoding, which twadvise never does), and hclwrite links go-cmp, whose
// package initialisation compiles regular expressions on every start of every
// command, a quarter of `twadvise version`'s run time. Decoding gives the
// same values and the same diagnostics as gohcl.DecodeBody, which the tests
// check side by side.
package hcldecode

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/gocty"
)

var (
	exprType  = reflect.TypeFor[hcl.Expression]()
	rangeType = reflect.TypeFor[hcl.Range]()
)

// DecodeBody decodes body into the struct target points to. Values are
// constants: expressions that need variables or functions are kept as
// hcl.Expression fields and evaluated by the caller.
func DecodeBody(body hcl.Body, target any) hcl.Diagnostics {
	v := reflect.ValueOf(target)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		panic(fmt.Sprintf("hcldecode: target must be a pointer to a struct, not %T", target))
	}
	return decodeBody(body, v.Elem())
}

// DecodeExpression evaluates a constant expression into target (a pointer),
// converting it to target's type the way gohcl.DecodeExpression does.
func DecodeExpression(expr hcl.Expression, target any) hcl.Diagnostics {
	val, diags := expr.Value(nil)
	ty, err := gocty.ImpliedType(target)
	if err != nil {
		panic(fmt.Sprintf("hcldecode: unsupported target type %T: %s", target, err))
	}
	if val, err = convert.Convert(val, ty); err == nil {
		err = gocty.FromCtyValue(val, target)
	}
	if err != nil {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unsuitable value type",
			Detail:   fmt.Sprintf("Unsuitable value: %s", err.Error()),
			Subject:  expr.StartRange().Ptr(),
			Context:  expr.Range().Ptr(),
		})
	}
	return diags
}

// fields is what a struct type's tags say, worked out once per type.
type fields struct {
	schema   *hcl.BodySchema
	attrs    map[string]int // attribute name -> field index
	blocks   map[string]int // block type -> field index
	labels   []int          // field index of each label, in order
	defRange int            // field index of def_range, or -1
}

var fieldsCache sync.Map // reflect.Type -> *fields

func fieldsOf(t reflect.Type) *fields {
	if f, ok := fieldsCache.Load(t); ok {
		return f.(*fields)
	}
	f := &fields{attrs: map[string]int{}, blocks: map[string]int{}, defRange: -1}
	optional := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		tag, ok := t.Field(i).Tag.Lookup("hcl")
		if !ok {
			continue
		}
		name, kind, _ := strings.Cut(tag, ",")
		switch kind {
		case "", "optional":
			f.attrs[name] = i
			optional[name] = kind == "optional"
		case "block":
			f.blocks[name] = i
		case "label":
			f.labels = append(f.labels, i)
		case "def_range":
			if t.Field(i).Type != rangeType {
				panic(fmt.Sprintf("hcldecode: %s.%s: def_range needs hcl.Range", t, t.Field(i).Name))
			}
			f.defRange = i
		default:
			panic(fmt.Sprintf("hcldecode: %s.%s: unsupported tag kind %q", t, t.Field(i).Name, kind))
		}
	}
	// Names sorted, as gohcl does, so that diagnostics come in the same order.
	f.schema = &hcl.BodySchema{}
	for _, name := range sortedKeys(f.attrs) {
		ft := t.Field(f.attrs[name]).Type
		// A missing expression reads as null, and a pointer as nil:
		// neither is required.
		required := !optional[name] && ft != exprType && ft.Kind() != reflect.Pointer
		f.schema.Attributes = append(f.schema.Attributes, hcl.AttributeSchema{Name: name, Required: required})
	}
	for _, name := range sortedKeys(f.blocks) {
		et := blockElem(t.Field(f.blocks[name]).Type)
		var labelNames []string
		for _, li := range fieldsOf(et).labels {
			ln, _, _ := strings.Cut(et.Field(li).Tag.Get("hcl"), ",")
			labelNames = append(labelNames, ln)
		}
		f.schema.Blocks = append(f.schema.Blocks, hcl.BlockHeaderSchema{Type: name, LabelNames: labelNames})
	}
	got, _ := fieldsCache.LoadOrStore(t, f)
	return got.(*fields)
}

// blockElem is the struct type behind a block field (*T or []*T).
func blockElem(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		panic(fmt.Sprintf("hcldecode: block field of type %s: want *struct or []*struct", t))
	}
	return t.Elem()
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func decodeBody(body hcl.Body, v reflect.Value) hcl.Diagnostics {
	f := fieldsOf(v.Type())
	content, diags := body.Content(f.schema)
	if content == nil {
		return diags
	}
	for _, name := range sortedKeys(f.attrs) {
		fv := v.Field(f.attrs[name])
		attr := content.Attributes[name]
		switch {
		case attr == nil && fv.Type() == exprType:
			// A missing expression is a null one, so callers test for
			// absence in cty terms, as with gohcl.
			fv.Set(reflect.ValueOf(hcl.StaticExpr(cty.NullVal(cty.DynamicPseudoType), body.MissingItemRange())))
		case attr == nil:
		case fv.Type() == exprType:
			fv.Set(reflect.ValueOf(attr.Expr))
		default:
			diags = append(diags, DecodeExpression(attr.Expr, fv.Addr().Interface())...)
		}
	}
	byType := content.Blocks.ByType()
	for _, name := range sortedKeys(f.blocks) {
		fv := v.Field(f.blocks[name])
		blocks := byType[name]
		if fv.Kind() == reflect.Slice {
			for _, b := range blocks {
				elem := reflect.New(fv.Type().Elem().Elem())
				diags = append(diags, decodeBlock(b, elem.Elem())...)
				fv.Set(reflect.Append(fv, elem))
			}
			continue
		}
		if len(blocks) > 1 {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  fmt.Sprintf("Duplicate %s block", name),
				Detail:   fmt.Sprintf("Only one %s block is allowed. Another was defined at %s.", name, blocks[0].DefRange.String()),
				Subject:  &blocks[1].DefRange,
			})
			continue
		}
		if len(blocks) == 1 {
			elem := reflect.New(fv.Type().Elem())
			diags = append(diags, decodeBlock(blocks[0], elem.Elem())...)
			fv.Set(elem)
		}
	}
	return diags
}

func decodeBlock(b *hcl.Block, v reflect.Value) hcl.Diagnostics {
	diags := decodeBody(b.Body, v)
	f := fieldsOf(v.Type())
	for i, label := range b.Labels {
		v.Field(f.labels[i]).SetString(label)
	}
	if f.defRange >= 0 {
		v.Field(f.defRange).Set(reflect.ValueOf(b.DefRange))
	}
	return diags
}
