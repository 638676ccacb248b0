package extract

import (
	"math/big"
	"strconv"
	"strings"
)

// ctx evaluates expressions as seen from one place in one file. hz is the
// value HZ takes: values are computed twice (HZ=100 and HZ=1000) and kept
// only when the user-visible number does not depend on it.
type ctx struct {
	x     *index
	f     *File
	pos   int
	hz    int64
	depth int
}

func (c *ctx) at(f *File, pos int) *ctx {
	return &ctx{x: c.x, f: f, pos: pos, hz: c.hz, depth: c.depth + 1}
}

func (c *ctx) expand(toks []Token) []Token {
	if c.f == nil {
		return toks
	}
	return c.x.expandAt(c.f, c.pos, toks)
}

// eval expands macros and evaluates.
func (c *ctx) eval(toks []Token) (cval, bool, string) {
	return evalExprWhy(c.expand(toks), c)
}

func (c *ctx) ident(name string) (cval, bool) {
	switch name {
	case "HZ", "CONFIG_HZ":
		return mkInt(c.hz), true
	case "USER_HZ":
		return mkInt(100), true
	case "true":
		return mkInt(1), true
	case "false", "NULL":
		return mkInt(0), true
	}
	if c.depth > 12 {
		return cval{}, false
	}
	if e := c.x.enums[name]; e != nil {
		return c.enumVal(e)
	}
	if v := c.x.lookupVar(name, c.f); v != nil && v.Init != nil && len(v.Type.Dims) == 0 && !v.Type.Ptr &&
		v.Type.Inline == nil && c.x.assignedFlags(v.key())&1 == 0 {
		r, ok, _ := c.at(v.File, v.Pos).eval(v.Init)
		return r, ok
	}
	return cval{}, false
}

func (v *Var) key() string {
	if v.Static && v.File != nil {
		return v.File.Path + "\x00" + v.Name
	}
	return "\x00" + v.Name
}

func (c *ctx) enumVal(e *EnumConst) (cval, bool) {
	steps := int64(0)
	for e != nil && e.Expr == nil && e.Prev != "" && steps < 100000 {
		e = c.x.enums[e.Prev]
		steps++
	}
	if e == nil {
		return cval{}, false
	}
	if e.Expr == nil {
		return mkInt(steps), true
	}
	r, ok, _ := c.at(e.File, e.Pos).eval(e.Expr)
	if !ok {
		return cval{}, false
	}
	return cval{v: new(big.Int).Add(r.v, big.NewInt(steps)), bits: r.bits, unsigned: r.unsigned}, true
}

func (c *ctx) sizeof(toks []Token) (int64, bool) {
	allType := len(toks) > 0
	var words []string
	ptr := false
	for _, t := range toks {
		if t.Text == "*" {
			ptr = true
			continue
		}
		if t.Kind != Ident || (!typeWords[t.Text] && !(len(words) > 0 && (words[len(words)-1] == "struct" || words[len(words)-1] == "union"))) {
			allType = false
			break
		}
		words = append(words, t.Text)
	}
	if allType {
		if ptr {
			return 8, true
		}
		return sizeOfWords(words)
	}
	lv, ok := c.parseLval(toks, nil)
	if !ok {
		return 0, false
	}
	t, ok := c.typeOf(lv)
	if !ok {
		return 0, false
	}
	return c.sizeOfType(t)
}

func sizeOfWords(words []string) (int64, bool) {
	switch strings.Join(words, " ") {
	case "atomic_t":
		return 4, true
	case "atomic_long_t", "void *":
		return 8, true
	}
	bits, _, ok := typeWidth(words)
	if !ok {
		return 0, false
	}
	if bits == 1 {
		return 1, true
	}
	return int64(bits / 8), true
}

func (c *ctx) sizeOfType(t CType) (int64, bool) {
	var size int64
	if t.Ptr {
		size = 8
	} else {
		s, ok := sizeOfWords(t.Words)
		if !ok {
			return 0, false
		}
		size = s
	}
	for _, d := range t.Dims {
		n, ok, _ := c.eval(d)
		if !ok || n.v.Sign() <= 0 {
			return 0, false
		}
		size *= n.v.Int64()
	}
	return size, true
}

func (c *ctx) call(name string, args [][]Token) (cval, bool) {
	ev := func(t []Token) (cval, bool) {
		r, ok := evalExpr(t, c)
		return r, ok
	}
	switch name {
	case "min", "max", "min_t", "max_t":
		if name == "min_t" || name == "max_t" {
			if len(args) != 3 {
				return cval{}, false
			}
			args = args[1:]
		}
		if len(args) != 2 {
			return cval{}, false
		}
		a, ok1 := ev(args[0])
		b, ok2 := ev(args[1])
		if !ok1 || !ok2 {
			return cval{}, false
		}
		if (a.v.Cmp(b.v) < 0) == (name[:3] == "min") {
			return a, true
		}
		return b, true
	case "clamp", "clamp_t", "clamp_val":
		if name == "clamp_t" && len(args) == 4 {
			args = args[1:]
		}
		if len(args) != 3 {
			return cval{}, false
		}
		v, ok1 := ev(args[0])
		lo, ok2 := ev(args[1])
		hi, ok3 := ev(args[2])
		if !ok1 || !ok2 || !ok3 {
			return cval{}, false
		}
		if v.v.Cmp(lo.v) < 0 {
			return lo, true
		}
		if v.v.Cmp(hi.v) > 0 {
			return hi, true
		}
		return v, true
	case "msecs_to_jiffies", "usecs_to_jiffies", "secs_to_jiffies":
		if len(args) != 1 {
			return cval{}, false
		}
		a, ok := ev(args[0])
		if !ok {
			return cval{}, false
		}
		r := new(big.Int).Mul(a.v, big.NewInt(c.hz))
		div := int64(1)
		switch name {
		case "msecs_to_jiffies":
			div = 1000
		case "usecs_to_jiffies":
			div = 1000000
		}
		// Round up as the kernel does.
		r.Add(r, big.NewInt(div-1))
		r.Quo(r, big.NewInt(div))
		return cval{v: r, bits: 64, unsigned: true}, true
	case "ARRAY_SIZE":
		if len(args) != 1 {
			return cval{}, false
		}
		lv, ok := c.parseLval(args[0], nil)
		if !ok {
			return cval{}, false
		}
		t, ok := c.typeOf(lv)
		if !ok || len(t.Dims) == 0 {
			return cval{}, false
		}
		if len(t.Dims[0]) == 0 && lv.v != nil && len(lv.steps) == 0 {
			n := parseInit(c.at(lv.v.File, lv.v.Pos).expand(lv.v.Init))
			return mkInt(int64(len(n.Items))), n.List
		}
		r, ok, _ := c.eval(t.Dims[0])
		return r, ok
	}
	return cval{}, false
}

// lval is an object a table entry points at: a global variable, a field of
// the per-namespace struct net, or a field reached through a local pointer.
type lval struct {
	net   bool
	v     *Var
	local *CType
	steps []step
}

type step struct {
	field string
	index []Token
}

// stripWrap removes leading '&', casts and enclosing parentheses.
func stripWrap(toks []Token) ([]Token, bool) {
	addr := false
	for len(toks) > 0 {
		switch {
		case toks[0].Text == "&":
			addr = true
			toks = toks[1:]
			continue
		case toks[0].Text == "(":
			end := matchParen(toks, 0)
			if end == len(toks)-1 {
				toks = toks[1:end]
				continue
			}
			e := &evaluator{toks: toks}
			if _, _, cend := e.castAt(); cend > 0 && cend < len(toks) {
				toks = toks[cend:]
				continue
			}
		}
		break
	}
	return toks, addr
}

// parseLval reads &var, &var.a[i].b, &init_net.x.y, net->x, var.data + K - 1,
// ((struct s *)0)->f[i].
func (c *ctx) parseLval(toks []Token, fn *Func) (lval, bool) {
	toks, _ = stripWrap(toks)
	if len(toks) == 0 {
		return lval{}, false
	}
	// Pointer arithmetic on an array: base + index.
	depth := 0
	for k, t := range toks {
		switch t.Text {
		case "(", "[":
			depth++
		case ")", "]":
			depth--
		case "+":
			if depth == 0 && k > 0 && t.Kind == Punct {
				lv, ok := c.parseLval(toks[:k], fn)
				if !ok {
					return lval{}, false
				}
				lv.steps = append(lv.steps, step{index: toks[k+1:]})
				return lv, true
			}
		}
	}
	var lv lval
	k := 0
	switch {
	case toks[0].Text == "(":
		end := matchParen(toks, 0)
		if end < 0 {
			return lval{}, false
		}
		inner := toks[1:end]
		e := &evaluator{toks: inner}
		words, _, cend := e.castAt()
		if cend == 0 || len(words) < 2 || words[0] != "struct" {
			return lval{}, false
		}
		lv.local = &CType{Words: words}
		k = end + 1
	case toks[0].Kind == Ident:
		name := toks[0].Text
		k = 1
		switch {
		case name == "init_net" || (name == "net" && len(toks) > 1 && toks[1].Text == "->"):
			lv.net = true
		default:
			if v := c.x.lookupVar(name, c.f); v != nil {
				lv.v = v
			} else if fn != nil {
				if t := localType(fn, name); t != nil {
					lv.local = t
				} else {
					return lval{}, false
				}
			} else {
				return lval{}, false
			}
		}
	default:
		return lval{}, false
	}
	for k < len(toks) {
		t := toks[k]
		if (t.Text == "." || t.Text == "->") && k+1 < len(toks) && toks[k+1].Kind == Ident {
			lv.steps = append(lv.steps, step{field: toks[k+1].Text})
			k += 2
			continue
		}
		if t.Text == "[" {
			end := matchParen(toks, k)
			if end < 0 {
				return lval{}, false
			}
			lv.steps = append(lv.steps, step{index: toks[k+1 : end]})
			k = end + 1
			continue
		}
		return lval{}, false
	}
	return lv, true
}

// localType finds "struct s *name" declared in a function body.
func localType(fn *Func, name string) *CType {
	toks := fn.File.toks
	for k := fn.HeaderStart; k+3 < fn.BodyEnd && k+3 < len(toks); k++ {
		if toks[k].Text == "struct" && toks[k+1].Kind == Ident && toks[k+2].Text == "*" && toks[k+3].Text == name {
			return &CType{Words: []string{"struct", toks[k+1].Text}}
		}
	}
	return nil
}

func (x *index) structOf(t CType) *Struct {
	if t.Inline != nil && len(t.Inline.Members) > 0 {
		return t.Inline
	}
	if len(t.Words) == 0 {
		return nil
	}
	return x.structs[t.Words[len(t.Words)-1]]
}

func (c *ctx) typeOf(lv lval) (CType, bool) {
	var t CType
	switch {
	case lv.net:
		t = CType{Words: []string{"struct", "net"}}
	case lv.v != nil:
		t = lv.v.Type
		// An extern declaration may lack the size: prefer the definition.
		if lv.v.Extern {
			for _, d := range c.x.vars[lv.v.Name] {
				if !d.Extern {
					t = d.Type
					break
				}
			}
		}
	case lv.local != nil:
		t = *lv.local
	default:
		return CType{}, false
	}
	for _, s := range lv.steps {
		if s.field != "" {
			var found *CType
			if st := c.x.structOf(t); st != nil {
				for _, m := range st.Members {
					if m.Name == s.field {
						mt := m.Type
						found = &mt
						break
					}
				}
			}
			if found == nil {
				// Fall back to any struct with a member of that name, if all agree.
				cands := c.x.members[s.field]
				if len(cands) == 0 {
					return CType{}, false
				}
				for _, o := range cands[1:] {
					if strings.Join(o.Words, " ") != strings.Join(cands[0].Words, " ") || len(o.Dims) != len(cands[0].Dims) {
						return CType{}, false
					}
				}
				ct := cands[0]
				found = &ct
			}
			t = *found
			continue
		}
		switch {
		case len(t.Dims) > 0:
			t.Dims = t.Dims[1:]
		case t.Ptr:
			t.Ptr = false
		default:
			return CType{}, false
		}
	}
	return t, true
}

// typeName maps a C type to the table's type vocabulary ("" when unknown).
func typeName(t CType) string {
	words := t.Words
	s := strings.Join(words, " ")
	if s == "char" && (len(t.Dims) > 0 || t.Ptr) {
		return "string"
	}
	if t.Ptr {
		return ""
	}
	switch s {
	case "int", "signed int", "signed", "s32", "__s32", "atomic_t", "int32_t":
		return "int"
	case "unsigned int", "unsigned", "uint", "unsigned int32_t":
		return "uint"
	case "u32", "__u32", "uint32_t":
		return "u32"
	case "u8", "__u8", "unsigned char", "uint8_t":
		return "u8"
	case "u16", "__u16", "unsigned short", "unsigned short int", "uint16_t":
		return "u16"
	case "u64", "__u64", "unsigned long long", "uint64_t":
		return "u64"
	case "long", "long int", "signed long", "s64", "__s64", "long long", "atomic_long_t", "ssize_t", "int64_t":
		return "long"
	case "unsigned long", "unsigned long int", "ulong", "size_t":
		return "ulong"
	case "bool", "_Bool":
		return "bool"
	}
	return ""
}

// handlerType is the type implied by a standard handler.
func handlerType(h string) string {
	switch {
	case strings.Contains(h, "dou8vec"):
		return "u8"
	case strings.Contains(h, "doulongvec"):
		return "ulong"
	case strings.Contains(h, "dostring"):
		return "string"
	case strings.Contains(h, "douintvec"):
		return "uint"
	case strings.Contains(h, "dobool"):
		return "bool"
	case strings.HasPrefix(h, "proc_dointvec"):
		return "int"
	}
	return ""
}

// jiffiesUnit says how a handler shows a value stored in jiffies.
func jiffiesUnit(h string) string {
	switch {
	case strings.Contains(h, "ms_jiffies"):
		return "ms"
	case strings.Contains(h, "userhz_jiffies"):
		return "userhz"
	case strings.Contains(h, "jiffies"):
		return "s"
	}
	return ""
}

func toUser(v *big.Int, hz int64, unit string) *big.Int {
	r := new(big.Int).Set(v)
	switch unit {
	case "s":
		r.Quo(r, big.NewInt(hz))
	case "ms":
		r.Mul(r, big.NewInt(1000))
		r.Quo(r, big.NewInt(hz))
	case "userhz":
		r.Mul(r, big.NewInt(100))
		r.Quo(r, big.NewInt(hz))
	}
	return r
}

// userValue evaluates toks at two HZ values and returns the number the user
// sees, or ok=false (with the reason) when it cannot be known statically.
func (x *index) userValue(f *File, pos int, toks []Token, unit string) (string, bool, string) {
	var out []string
	for _, hz := range []int64{100, 1000} {
		c := &ctx{x: x, f: f, pos: pos, hz: hz}
		v, ok, why := c.eval(toks)
		if !ok {
			if why == "" {
				why = joinTokens(toks)
			}
			return "", false, why
		}
		out = append(out, toUser(v.v, hz, unit).String())
	}
	if out[0] != out[1] {
		return "", false, "HZ"
	}
	return out[0], true, ""
}

// initAt walks a variable's initializer down an lval's steps.
func (c *ctx) initAt(v *Var, steps []step) (*initNode, bool) {
	vc := c.at(v.File, v.Pos)
	node := parseInit(vc.expand(v.Init))
	t := v.Type
	for _, s := range steps {
		if node == nil {
			return nil, false
		}
		if !node.List {
			return nil, false
		}
		var idx int64 = -1
		if s.field == "" {
			r, ok, _ := c.eval(s.index)
			if !ok {
				return nil, false
			}
			idx = r.v.Int64()
		}
		var st *Struct
		if s.field != "" {
			st = c.x.structOf(t)
		}
		next, ok := vc.child(node, s, idx, st)
		if !ok {
			return nil, false
		}
		node = next
		if nt, ok := c.typeOf(lval{local: &t, steps: []step{s}}); ok {
			t = nt
		}
	}
	return node, true
}

var zeroNode = &initNode{Expr: []Token{{Kind: Number, Text: "0"}}}

// child selects the sub-initializer for one field or index; a part the
// initializer leaves out is zero.
func (c *ctx) child(node *initNode, s step, idx int64, st *Struct) (*initNode, bool) {
	var matched []initItem
	var direct *initNode
	pos := int64(0)
	for _, it := range node.Items {
		if len(it.Desig) > 0 {
			d := it.Desig[0]
			hit := false
			if s.field != "" && d.Field == s.field {
				hit = true
			}
			if s.field == "" && d.Index != nil {
				r, ok, _ := c.eval(d.Index)
				if !ok {
					return nil, false
				}
				pos = r.v.Int64() + 1
				hit = r.v.Int64() == idx
			}
			if hit {
				if len(it.Desig) == 1 {
					direct = it.Val
				} else {
					matched = append(matched, initItem{Desig: it.Desig[1:], Val: it.Val})
				}
			}
			continue
		}
		// Positional.
		if s.field == "" && pos == idx {
			direct = it.Val
		}
		if s.field != "" && st != nil && pos < int64(len(st.Members)) && st.Members[pos].Name == s.field {
			direct = it.Val
		}
		pos++
	}
	if direct != nil {
		return direct, true
	}
	if len(matched) > 0 {
		return &initNode{List: true, Items: matched}, true
	}
	return zeroNode, true
}

// values returns the default of n consecutive elements at lv ("" when not
// stated statically), and why not.
func (c *ctx) values(lv lval, n int, unit string, wantString bool) ([]string, string) {
	if n < 1 {
		n = 1
	}
	if lv.net {
		path := ""
		for _, s := range lv.steps {
			if s.field != "" {
				if path != "" {
					path += "."
				}
				path += s.field
			} else {
				path += "[" + joinTokens(s.index) + "]"
			}
		}
		var out []string
		for i := 0; i < n; i++ {
			p := path
			if n > 1 {
				p += "[" + strconv.Itoa(i) + "]"
			}
			val, why := c.netDefault(p, unit, wantString)
			if val == "" {
				return nil, why
			}
			out = append(out, val)
		}
		return out, ""
	}
	if lv.v == nil {
		return nil, "run-time object"
	}
	v := lv.v
	if v.Extern || v.Init == nil {
		// Find the definition.
		for _, d := range c.x.vars[v.Name] {
			if !d.Extern && (!d.Static || d.File == v.File || v.Extern) {
				v = d
				break
			}
		}
	}
	if v.Extern {
		return nil, "definition of " + v.Name + " not found"
	}
	flags := c.x.assignedFlags(v.key())
	if len(lv.steps) > 0 && lv.steps[0].field != "" {
		flags |= c.x.assignedFlags(v.key() + "." + lv.steps[0].field)
	}
	if v.Init == nil {
		if flags != 0 {
			return nil, v.Name + " set at run time"
		}
		out := make([]string, n)
		for i := range out {
			out[i] = "0"
		}
		if wantString {
			return nil, "empty string"
		}
		return out, ""
	}
	if flags&2 != 0 {
		return nil, v.Name + " set at boot"
	}
	var out []string
	for i := 0; i < n; i++ {
		steps := lv.steps
		if n > 1 {
			steps = append(steps[:len(steps):len(steps)], step{index: []Token{{Kind: Number, Text: strconv.Itoa(i)}}})
		}
		node, ok := c.initAt(v, steps)
		if !ok || node == nil {
			return nil, "initializer of " + v.Name
		}
		if wantString {
			if node.List || len(node.Expr) == 0 {
				return nil, "initializer of " + v.Name
			}
			s, ok := stringValue(node.Expr)
			if !ok || s == "" || strings.ContainsAny(s, " \t\n") {
				return nil, "string initializer"
			}
			return []string{s}, ""
		}
		if node.List {
			return nil, "initializer of " + v.Name
		}
		val, ok, why := c.x.userValue(v.File, v.Pos, node.Expr, unit)
		if !ok {
			return nil, why
		}
		out = append(out, val)
	}
	return out, ""
}

// netDefault is the value a per-namespace init function assigns.
func (c *ctx) netDefault(path, unit string, wantString bool) (string, string) {
	recs := c.x.netAssign[path]
	if len(recs) == 0 {
		return "", "no assignment to net->" + path
	}
	type cand struct {
		val  string
		init bool
	}
	var cands []cand
	why := ""
	for _, r := range recs {
		if wantString {
			if s, ok := stringValue(r.rhs); ok && !strings.ContainsAny(s, " \t\n") && s != "" {
				cands = append(cands, cand{s, strings.Contains(r.fn, "init")})
			}
			continue
		}
		val, ok, w := c.x.userValue(r.file, r.pos, r.rhs, unit)
		if !ok {
			why = w
			cands = append(cands, cand{"", strings.Contains(r.fn, "init")})
			continue
		}
		cands = append(cands, cand{val, strings.Contains(r.fn, "init")})
	}
	pick := func(onlyInit bool) (string, bool) {
		val := ""
		n := 0
		for _, cd := range cands {
			if onlyInit && !cd.init {
				continue
			}
			if n > 0 && cd.val != val {
				return "", false
			}
			val = cd.val
			n++
		}
		return val, n > 0
	}
	if v, ok := pick(false); ok && v != "" {
		return v, ""
	}
	if v, ok := pick(true); ok && v != "" {
		return v, ""
	}
	if why == "" {
		why = "conflicting assignments to net->" + path
	}
	return "", why
}
