package extract

import (
	"strings"
)

// CType is a declared C type, as far as the extractor needs it.
type CType struct {
	Words  []string  // base type words: "unsigned long", "struct netns_ipv4", "u8"
	Ptr    bool      // declared through a pointer
	Dims   [][]Token // array dimensions, outermost first
	Inline *Struct   // an inline struct/union body
}

// Var is a variable defined (or declared extern) at file level.
type Var struct {
	Name   string
	Type   CType
	Init   []Token // initializer, without '='; nil when none
	Static bool
	Extern bool
	File   *File
	Pos    int
}

// Struct is a struct or union definition: members in order.
type Struct struct {
	Name    string
	Members []Member
}

// Member is one struct member; anonymous inner structs are flattened.
type Member struct {
	Name string
	Type CType
}

// EnumConst is one enumerator, evaluated lazily.
type EnumConst struct {
	Name string
	Expr []Token // explicit value, or nil
	Prev string  // previous enumerator ("" for the first)
	File *File
	Pos  int
}

// Func is a function definition: its parameters and body tokens.
type Func struct {
	Name        string
	Params      []string
	HeaderStart int // index of the first token of the definition
	BodyStart   int // index of '{'
	BodyEnd     int // index of matching '}'
	Init        bool
	File        *File
}

// File is one parsed C file.
type File struct {
	Path    string
	lx      *lexed
	toks    []Token
	local   map[string][]*Macro
	Vars    []*Var
	Funcs   []*Func
	Enums   []*EnumConst
	Structs []*Struct
}

// declWords are words that qualify a declaration without being part of its type.
var declWords = map[string]bool{
	"static": true, "extern": true, "const": true, "volatile": true, "inline": true,
	"register": true, "auto": true, "restrict": true, "__restrict": true,
}

// attrHints are parts of the kernel's attribute macros (__read_mostly,
// __net_initdata, ____cacheline_aligned_in_smp, __aligned(8), __rcu...).
var attrHints = []string{"init", "exit", "aligned", "read_mostly", "ro_after", "unused", "cacheline",
	"section", "attribute", "counted_by", "guarded", "randomize", "packed", "percpu", "rcu", "user",
	"iomem", "weak", "visible", "force", "must_check", "printf", "cold", "inline", "noreturn", "nosave",
	"data_racy", "refdata", "refconst", "lockdep", "latent_entropy", "bpf_kfunc", "used", "noinstr",
	"kprobes", "sched", "acquires", "releases", "must_hold", "bitwise", "safe", "ref", "nocfi",
	"noclone", "always", "pure", "const", "deprecated", "hot", "malloc", "nonstring", "aligned_largest",
	"mode", "designated_init", "no_", "kernel", "asm", "volatile", "extension", "typeof"}

// isAttr reports identifiers that are attributes or annotations, not names.
func isAttr(s string) bool {
	if !strings.HasPrefix(s, "__") {
		return false
	}
	switch s {
	case "__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64",
		"__be16", "__be32", "__be64", "__le16", "__le32", "__le64", "__VA_ARGS__", "__kernel_ulong_t", "__kernel_long_t":
		return false
	}
	if strings.HasPrefix(s, "__kernel_") {
		return false
	}
	for _, h := range attrHints {
		if strings.Contains(s, h) {
			return true
		}
	}
	return false
}

// stripAttrs removes attribute identifiers (and their argument lists) and
// storage words from a declaration's tokens.
func stripAttrs(toks []Token) (out []Token, static, extern bool) {
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.Kind == Ident {
			if isAttr(t.Text) || t.Text == "asmlinkage" || t.Text == "noinline" {
				if k+1 < len(toks) && toks[k+1].Text == "(" {
					if end := matchParen(toks, k+1); end > 0 {
						k = end
					}
				}
				continue
			}
			switch t.Text {
			case "static":
				static = true
				continue
			case "extern":
				extern = true
				continue
			}
			if declWords[t.Text] {
				continue
			}
		}
		out = append(out, t)
	}
	return out, static, extern
}

func (f *File) parse() {
	toks := f.toks
	i := 0
	for i < len(toks) {
		start := i
		j := i
		sawEq := false
		done := false
		for j < len(toks) && !done {
			t := toks[j]
			if t.Kind != Punct {
				j++
				continue
			}
			switch t.Text {
			case ";":
				done = true
				continue
			case "=":
				sawEq = true
			case "(", "[":
				if end := matchParen(toks, j); end > 0 {
					j = end
				} else {
					j = len(toks)
					continue
				}
			case "{":
				end := matchParen(toks, j)
				if end < 0 {
					end = len(toks) - 1
				}
				if !sawEq && j > start && isFuncHeaderEnd(toks[start:j]) {
					f.addFunc(toks[start:j], start, j, end)
					i = end + 1
					start = -1
					done = true
					continue
				}
				j = end
			case "}":
				// Stray closing brace: resynchronise after it.
				start = j + 1
			}
			j++
		}
		if start < 0 {
			continue
		}
		if j > len(toks) {
			j = len(toks)
		}
		if start < j {
			f.addDecl(toks[start:j], start)
		}
		i = j + 1
	}
}

// isFuncHeaderEnd: a '{' right after ')' (or after an attribute following ')').
func isFuncHeaderEnd(h []Token) bool {
	k := len(h) - 1
	for k >= 0 && h[k].Kind == Ident && isAttr(h[k].Text) {
		k--
	}
	if k < 0 {
		return false
	}
	if h[k].Text == ")" {
		return true
	}
	// K&R-free C: "int foo(void) __acquires(x) {"
	return false
}

func (f *File) addFunc(header []Token, hstart, open, close int) {
	h := header
	// Drop trailing annotations after the parameter list ("__acquires(x)").
	for len(h) > 0 && h[len(h)-1].Kind == Ident && isAttr(h[len(h)-1].Text) {
		h = h[:len(h)-1]
	}
	// The parameter list is the last top-level (...) group.
	last := -1
	for k := 0; k < len(h); k++ {
		if h[k].Text == "(" {
			end := matchParen(h, k)
			if end < 0 {
				break
			}
			if end == len(h)-1 {
				last = k
				break
			}
			k = end
		}
	}
	if last <= 0 || h[last-1].Kind != Ident {
		return
	}
	fn := &Func{Name: h[last-1].Text, HeaderStart: hstart, BodyStart: open, BodyEnd: close, File: f}
	for _, t := range header {
		if t.Text == "__init" || t.Text == "__init_or_module" {
			fn.Init = true
		}
	}
	for _, p := range splitArgs(h[last+1 : len(h)-1]) {
		name := ""
		for k := len(p) - 1; k >= 0; k-- {
			if p[k].Kind == Ident {
				name = p[k].Text
				break
			}
		}
		if len(p) == 1 && name == "void" {
			continue
		}
		fn.Params = append(fn.Params, name)
	}
	f.Funcs = append(f.Funcs, fn)
}

func (f *File) addDecl(decl []Token, pos int) {
	if len(decl) == 0 || decl[0].Text == "typedef" {
		if len(decl) > 0 {
			f.scanBodies(decl)
		}
		return
	}
	d, static, extern := stripAttrs(decl)
	if len(d) == 0 {
		return
	}
	// struct/union/enum with a body.
	var base CType
	k := 0
	if d[0].Text == "struct" || d[0].Text == "union" || d[0].Text == "enum" {
		kw := d[0].Text
		name := ""
		k = 1
		if k < len(d) && d[k].Kind == Ident {
			name = d[k].Text
			k++
		}
		if k < len(d) && d[k].Text == "{" {
			end := matchParen(d, k)
			if end < 0 {
				return
			}
			body := d[k+1 : end]
			if kw == "enum" {
				f.addEnum(body, pos)
				base = CType{Words: []string{"int"}}
			} else {
				st := f.parseStruct(name, body)
				base = CType{Words: []string{kw, name}, Inline: st}
			}
			k = end + 1
		} else {
			base = CType{Words: []string{kw, name}}
		}
	} else {
		// Base type words: everything before the first declarator's name.
		nameAt := declaratorName(firstDeclarator(d))
		if nameAt <= 0 {
			return
		}
		for _, t := range d[:nameAt] {
			if t.Kind == Ident {
				base.Words = append(base.Words, t.Text)
			}
		}
		k = 0
		d = stripTypeWords(d, nameAt)
	}
	for _, dec := range splitArgs(d[k:]) {
		v := parseDeclarator(dec, base)
		if v == nil {
			continue
		}
		v.Static, v.Extern, v.File, v.Pos = static, extern, f, pos
		f.Vars = append(f.Vars, v)
	}
}

// scanBodies records structs and enums defined inside a typedef.
func (f *File) scanBodies(decl []Token) {
	for k := 0; k+1 < len(decl); k++ {
		if (decl[k].Text == "struct" || decl[k].Text == "union" || decl[k].Text == "enum") && decl[k].Kind == Ident {
			name := ""
			j := k + 1
			if decl[j].Kind == Ident {
				name = decl[j].Text
				j++
			}
			if j < len(decl) && decl[j].Text == "{" {
				end := matchParen(decl, j)
				if end < 0 {
					return
				}
				if decl[k].Text == "enum" {
					f.addEnum(decl[j+1:end], 0)
				} else if name != "" {
					f.parseStruct(name, decl[j+1:end])
				}
				k = end
			}
		}
	}
}

func firstDeclarator(d []Token) []Token {
	args := splitArgs(d)
	if len(args) == 0 {
		return nil
	}
	return args[0]
}

// declaratorName finds the index of the declared name in one declarator:
// the last identifier before '[', '=', ':' or the end, outside parentheses.
func declaratorName(d []Token) int {
	end := len(d)
	for k, t := range d {
		if t.Kind == Punct && (t.Text == "[" || t.Text == "=" || t.Text == ":") {
			end = k
			break
		}
		if t.Kind == Punct && t.Text == "(" {
			// A function or function pointer: not a variable.
			return -1
		}
	}
	for k := end - 1; k >= 0; k-- {
		if d[k].Kind == Ident {
			if k == 0 {
				return -1 // a type with no name
			}
			return k
		}
	}
	return -1
}

// stripTypeWords removes the base type words so that each comma-separated
// declarator starts at its pointer stars or name.
func stripTypeWords(d []Token, nameAt int) []Token {
	k := nameAt
	for k > 0 && d[k-1].Text == "*" {
		k--
	}
	return d[k:]
}

// parseDeclarator reads "*name[dims] = init" with the shared base type.
func parseDeclarator(dec []Token, base CType) *Var {
	if len(dec) == 0 {
		return nil
	}
	eq := -1
	depth := 0
	for k, t := range dec {
		if t.Kind != Punct {
			continue
		}
		switch t.Text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case "=":
			if depth == 0 && eq < 0 {
				eq = k
			}
		}
	}
	lhs := dec
	var init []Token
	if eq >= 0 {
		lhs, init = dec[:eq], dec[eq+1:]
	}
	typ := CType{Words: base.Words, Inline: base.Inline}
	name := ""
	for k := 0; k < len(lhs); k++ {
		t := lhs[k]
		switch {
		case t.Text == "*":
			typ.Ptr = true
		case t.Text == "(":
			return nil
		case t.Text == "[":
			end := matchParen(lhs, k)
			if end < 0 {
				return nil
			}
			typ.Dims = append(typ.Dims, lhs[k+1:end])
			k = end
		case t.Kind == Ident && name == "":
			name = t.Text
		case t.Text == ":":
			k = len(lhs)
		}
	}
	if name == "" {
		return nil
	}
	return &Var{Name: name, Type: typ, Init: init}
}

// parseStruct records a struct body's members, flattening anonymous ones.
func (f *File) parseStruct(name string, body []Token) *Struct {
	st := &Struct{Name: name}
	f.collectMembers(st, body)
	if name != "" {
		f.Structs = append(f.Structs, st)
	}
	return st
}

func (f *File) collectMembers(st *Struct, body []Token) {
	start := 0
	for k := 0; k <= len(body); k++ {
		if k < len(body) {
			t := body[k]
			if t.Text == "{" || t.Text == "(" || t.Text == "[" {
				if end := matchParen(body, k); end > 0 {
					k = end
				}
				continue
			}
			if t.Text != ";" {
				continue
			}
		}
		decl := body[start:k]
		start = k + 1
		d, _, _ := stripAttrs(decl)
		if len(d) == 0 {
			continue
		}
		var base CType
		j := 0
		if d[0].Text == "struct" || d[0].Text == "union" || d[0].Text == "enum" {
			kw := d[0].Text
			inner := ""
			j = 1
			if j < len(d) && d[j].Kind == Ident {
				inner = d[j].Text
				j++
			}
			if j < len(d) && d[j].Text == "{" {
				end := matchParen(d, j)
				if end < 0 {
					continue
				}
				if kw == "enum" {
					f.addEnum(d[j+1:end], 0)
					base = CType{Words: []string{"int"}}
				} else {
					sub := &Struct{Name: inner}
					f.collectMembers(sub, d[j+1:end])
					if inner != "" {
						f.Structs = append(f.Structs, sub)
					}
					base = CType{Words: []string{kw, inner}, Inline: sub}
				}
				j = end + 1
				if j >= len(d) {
					// Anonymous member struct/union: its fields belong here.
					if base.Inline != nil {
						st.Members = append(st.Members, base.Inline.Members...)
					}
					continue
				}
			} else {
				base = CType{Words: []string{kw, inner}}
			}
		} else {
			nameAt := declaratorName(firstDeclarator(d))
			if nameAt <= 0 {
				continue
			}
			for _, t := range d[:nameAt] {
				if t.Kind == Ident {
					base.Words = append(base.Words, t.Text)
				}
			}
			d = stripTypeWords(d, nameAt)
		}
		for _, dec := range splitArgs(d[j:]) {
			if v := parseDeclarator(dec, base); v != nil {
				st.Members = append(st.Members, Member{Name: v.Name, Type: v.Type})
			}
		}
	}
}

func (f *File) addEnum(body []Token, pos int) {
	prev := ""
	for _, item := range splitArgs(body) {
		if len(item) == 0 || item[0].Kind != Ident {
			continue
		}
		ec := &EnumConst{Name: item[0].Text, Prev: prev, File: f, Pos: pos}
		if len(item) > 2 && item[1].Text == "=" {
			ec.Expr = item[2:]
		}
		f.Enums = append(f.Enums, ec)
		prev = ec.Name
	}
}

// initNode is a parsed initializer: a scalar expression or a brace list.
type initNode struct {
	Expr  []Token
	List  bool
	Items []initItem
}

type initItem struct {
	Desig []desig
	Val   *initNode
}

type desig struct {
	Field string
	Index []Token
}

func parseInit(toks []Token) *initNode { return parseInitDepth(toks, 0) }

// parseInitDepth stops descending after 32 levels: kernel initializers are
// shallow, and hostile input must not cost quadratic time.
func parseInitDepth(toks []Token, depth int) *initNode {
	if len(toks) > 0 && toks[0].Text == "{" && depth < 32 {
		end := matchParen(toks, 0)
		if end < 0 {
			end = len(toks)
		}
		n := &initNode{List: true}
		for _, item := range splitArgs(toks[1:min(end, len(toks))]) {
			if len(item) == 0 {
				continue
			}
			var ds []desig
			k := 0
			for k < len(item) {
				if item[k].Text == "." && k+1 < len(item) && item[k+1].Kind == Ident {
					ds = append(ds, desig{Field: item[k+1].Text})
					k += 2
					continue
				}
				if item[k].Text == "[" {
					e := matchParen(item, k)
					if e < 0 {
						break
					}
					ds = append(ds, desig{Index: item[k+1 : e]})
					k = e + 1
					continue
				}
				break
			}
			if len(ds) > 0 {
				if k < len(item) && item[k].Text == "=" {
					k++
				} else {
					// Not a designator after all (".5"?): treat as positional.
					ds, k = nil, 0
				}
			}
			n.Items = append(n.Items, initItem{Desig: ds, Val: parseInitDepth(item[k:], depth+1)})
		}
		return n
	}
	return &initNode{Expr: toks}
}
