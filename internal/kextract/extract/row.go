package extract

import (
	"strconv"
	"strings"
)

// row resolves one entry into a table row.
func (e *extractor) row(key string, t *Table, en *Entry, scope string, s *site, rewrites map[int64][]Token) Row {
	f := t.File
	c := &ctx{x: e.index, f: f, pos: t.Pos, hz: 100}
	r := Row{Key: key, Scope: scope, Type: "-", Handler: "-", Min: "-", Max: "-", Default: "-", Guard: "-", File: f.Path}
	handler := identOf(en.Fields["proc_handler"])
	if handler != "" {
		r.Handler = handler
	}
	data := en.Fields["data"]
	dc := c
	var dataFn *Func
	if rw, ok := rewrites[en.Index]; ok && s != nil {
		data = rw
		dataFn = s.fn
		dc = &ctx{x: e.index, f: s.fn.File, pos: s.fn.BodyStart, hz: 100}
	}
	if strings.Contains(key, "<iface>") {
		r.Scope = "iface"
	}
	lv, lvok := lval{}, false
	if len(data) > 0 && joinTokens(data) != "NULL" {
		lv, lvok = dc.parseLval(dc.expand(data), dataFn)
	}
	// A per-namespace table entry that points at a plain global variable
	// holds one value for all namespaces.
	if r.Scope == "netns" && lvok && lv.v != nil {
		r.Scope = "global"
	}
	// When the per-namespace copy points at something only known at run
	// time, the template's own .data still tells the type and default.
	if dataFn != nil && (!lvok || lv.local != nil) {
		if orig := en.Fields["data"]; len(orig) > 0 {
			if olv, ok := c.parseLval(c.expand(orig), nil); ok {
				lv, lvok, dc = olv, true, c
			}
		}
	}
	// Type.
	unit := jiffiesUnit(handler)
	base := ""
	var elem int64
	count := int64(1)
	var ct CType
	ctok := false
	if lvok {
		ct, ctok = dc.typeOf(lv)
	}
	if ctok {
		base = typeName(ct)
		if base != "" && base != "string" {
			elem, _ = sizeOfWords(ct.Words)
			if ct.Ptr {
				elem = 8
			}
			if len(ct.Dims) > 0 {
				count = 1
				for _, d := range ct.Dims {
					if n, ok, _ := dc.eval(d); ok && n.v.Sign() > 0 {
						count *= n.v.Int64()
					} else {
						count = 0
					}
				}
			}
		}
	}
	if base == "" {
		// No data to look at: maxlen = sizeof(unsigned long), 3*sizeof(long)...
		if w := sizeofType(en.Fields["maxlen"]); w != nil {
			if tn := typeName(CType{Words: w}); tn != "" && tn != "string" {
				base = tn
				elem, _ = sizeOfWords(w)
			}
		}
	}
	if base == "" {
		base = handlerType(handler)
		if base != "" && base != "string" {
			elem, _ = sizeOfWords(wordsOf(base))
		}
	}
	if ml, ok := en.Fields["maxlen"]; ok && base != "" && base != "string" && elem > 0 {
		if n, ok, _ := c.eval(ml); ok && n.v.Sign() > 0 {
			count = n.v.Int64() / elem
		}
	}
	if count < 1 {
		count = 1
	}
	if base != "" {
		r.Type = base
		if count > 1 {
			r.Type = base + "[" + strconv.FormatInt(count, 10) + "]"
		}
	}
	// Default.
	if lvok && base != "" {
		dlv := lv
		if lv.v != nil {
			// Per-interface templates point into the "all" devconf; a new
			// interface starts from the "default" one (X_dflt) when it exists.
			if d := e.lookupVar(lv.v.Name+"_dflt", lv.v.File); d != nil && !d.Extern && strings.Join(d.Type.Words, " ") == strings.Join(lv.v.Type.Words, " ") {
				dlv.v = d
			}
		}
		vals, why := dc.values(dlv, int(count), unit, base == "string")
		if len(vals) > 0 {
			r.Default = strings.Join(vals, " ")
		} else if why != "" {
			e.defaultWhy[key] = why
		}
	}
	// Bounds.
	bi := e.handlerBounds(handler, f)
	if bi.uses {
		r.Min = e.boundOf(c, en.Fields["extra1"], dataFn, unit, bi.min, bi)
		r.Max = e.boundOf(c, en.Fields["extra2"], dataFn, unit, bi.max, bi)
	}
	// Guard.
	// The options the file is built under (Makefiles), then the #ifs.
	var built string
	if e.kbuild != nil && strings.HasSuffix(f.Path, ".c") {
		built = e.kbuild.guard(f.Path)
	}
	r.Guard = combineGuards(built, guardOfSite(s), f.guardOf(en.At))
	return r
}

func guardOfSite(s *site) string {
	if s == nil {
		return ""
	}
	return s.guard
}

func wordsOf(base string) []string {
	switch base {
	case "uint":
		return []string{"unsigned", "int"}
	case "ulong":
		return []string{"unsigned", "long"}
	}
	return []string{base}
}

func (e *extractor) boundOf(c *ctx, toks []Token, fn *Func, unit string, internal []Token, bi *boundsInfo) string {
	if len(toks) == 0 && internal != nil {
		c = &ctx{x: e.index, f: bi.file, pos: bi.pos, hz: 100}
		toks = internal
	}
	if len(toks) == 0 {
		return "-"
	}
	exp := c.expand(toks)
	s, addr := stripWrap(exp)
	js := joinTokens(s)
	if len(s) == 0 || js == "NULL" || (js == "0" && !addr) {
		return "-"
	}
	lv, ok := c.parseLval(exp, fn)
	if !ok {
		if !addr {
			if v, ok, _ := e.userValue(c.f, c.pos, s, unit); ok {
				return v
			}
		}
		e.boundWhy[js] = true
		return "?"
	}
	if lv.net || lv.local != nil {
		e.boundWhy[js+" (run-time object)"] = true
		return "?"
	}
	if t, ok := c.typeOf(lv); ok && len(t.Dims) > 0 {
		lv.steps = append(lv.steps, step{index: []Token{{Kind: Number, Text: "0"}}})
	}
	vals, why := c.values(lv, 1, unit, false)
	if len(vals) == 1 {
		return vals[0]
	}
	e.boundWhy[js+" ("+why+")"] = true
	return "?"
}

// handlerBounds says whether a handler applies extra1/extra2 as bounds, and
// the bounds it sets itself (tmp.extra1 = SYSCTL_ZERO) when it does.
func (e *extractor) handlerBounds(name string, f *File) *boundsInfo {
	if bi, ok := e.bounds[name]; ok {
		return bi
	}
	bi := &boundsInfo{}
	e.bounds[name] = bi
	if name == "" {
		return bi
	}
	if strings.Contains(name, "minmax") {
		bi.uses = true
		return bi
	}
	fns := e.funcs[name]
	var fn *Func
	for _, g := range fns {
		if g.File == f {
			fn = g
		}
	}
	if fn == nil && len(fns) > 0 {
		fn = fns[0]
	}
	if fn == nil {
		return bi
	}
	toks := fn.File.toks
	var mins, maxs []string
	var minT, maxT []Token
	for k := fn.BodyStart + 1; k < fn.BodyEnd && k+2 < len(toks); k++ {
		t := toks[k]
		if t.Kind == Ident && strings.Contains(t.Text, "minmax") && toks[k+1].Text == "(" {
			bi.uses = true
		}
		if t.Text == "." || t.Text == "->" {
			fld := toks[k+1].Text
			if (fld == "extra1" || fld == "extra2") && toks[k+2].Text == "=" {
				end := stmtEnd(toks, k+3, fn.BodyEnd)
				val := toks[k+3 : end]
				passthrough := false
				for _, v := range val {
					if v.Text == "extra1" || v.Text == "extra2" {
						passthrough = true
					}
				}
				if passthrough {
					continue
				}
				if fld == "extra1" {
					mins = append(mins, joinTokens(val))
					minT = val
				} else {
					maxs = append(maxs, joinTokens(val))
					maxT = val
				}
			}
		}
	}
	if bi.uses {
		if len(mins) > 0 && allSame(mins) {
			bi.min = minT
		}
		if len(maxs) > 0 && allSame(maxs) {
			bi.max = maxT
		}
		bi.file, bi.pos = fn.File, fn.BodyStart
	}
	return bi
}

func allSame(s []string) bool {
	for _, x := range s[1:] {
		if x != s[0] {
			return false
		}
	}
	return true
}

// combineGuards joins guard texts, each split at top-level &&, without repeats.
func combineGuards(gs ...string) string {
	var parts []string
	seen := map[string]bool{}
	for _, g := range gs {
		for _, p := range splitAnd(g) {
			if p != "" && !seen[p] {
				seen[p] = true
				parts = append(parts, p)
			}
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "&&")
}

func splitAnd(g string) []string {
	var out []string
	depth := 0
	start := 0
	for k := 0; k < len(g); k++ {
		switch g[k] {
		case '(':
			depth++
		case ')':
			depth--
		case '&':
			if depth == 0 && k+1 < len(g) && g[k+1] == '&' {
				out = append(out, g[start:k])
				start = k + 2
				k++
			}
		}
	}
	return append(out, g[start:])
}

// sizeofType finds the type in a maxlen of the form sizeof(T) or N*sizeof(T).
func sizeofType(toks []Token) []string {
	for k := 0; k+2 < len(toks); k++ {
		if toks[k].Text != "sizeof" || toks[k+1].Text != "(" {
			continue
		}
		end := matchParen(toks, k+1)
		if end < 0 {
			return nil
		}
		var words []string
		for _, t := range toks[k+2 : end] {
			if t.Kind != Ident || !typeWords[t.Text] {
				return nil
			}
			words = append(words, t.Text)
		}
		return words
	}
	return nil
}
