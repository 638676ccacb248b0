package extract

import (
	"bytes"
	"path"
	"strings"
)

// index holds what the extractor learned from every file it parsed: macros,
// variables, structs, enums, functions, and the assignments that set defaults.
type index struct {
	files    map[string]*File // fully kept files (those that mention sysctl)
	order    []*File
	vars     map[string][]*Var
	structs  map[string]*Struct
	members  map[string][]CType // member name -> types seen in any struct
	enums    map[string]*EnumConst
	global   map[string]*rankedMacro
	dirMacro map[string]map[string]*Macro
	funcs    map[string][]*Func

	// netAssign maps a per-namespace field path ("ipv4.sysctl_tcp_fin_timeout",
	// "ipv4.sysctl_tcp_rmem[1]") to the assignments seen in functions.
	netAssign map[string][]assignRec
	// assigned records global names assigned in some function body: bit 1
	// any function, bit 2 an __init function. Keyed "file\x00name" for statics
	// and "\x00name" for everything.
	assigned map[string]map[string]uint8 // key -> function name -> bits
	// handlers are the functions named as .proc_handler somewhere: what
	// they store is a user's write, not a default.
	handlers map[string]bool
	negated  map[*Macro]bool
	// kconfig supplies CONFIG_ values no header defines (autoconf.h's role).
	kconfig *kconfig
	kmacros map[string]*Macro
}

type rankedMacro struct {
	m    *Macro
	rank int
	pos  bool // defined under no negated guard
}

type assignRec struct {
	rhs  []Token
	file *File
	pos  int
	fn   string
}

func newIndex() *index {
	return &index{
		files:     map[string]*File{},
		vars:      map[string][]*Var{},
		structs:   map[string]*Struct{},
		members:   map[string][]CType{},
		enums:     map[string]*EnumConst{},
		global:    map[string]*rankedMacro{},
		dirMacro:  map[string]map[string]*Macro{},
		funcs:     map[string][]*Func{},
		netAssign: map[string][]assignRec{},
		assigned:  map[string]map[string]uint8{},
		handlers:  map[string]bool{},
		negated:   map[*Macro]bool{},
		kmacros:   map[string]*Macro{},
	}
}

// headerRank orders headers for macro lookups: generic kernel headers first.
func headerRank(p string) int {
	switch {
	case strings.HasPrefix(p, "include/linux/"), strings.HasPrefix(p, "include/net/"),
		strings.HasPrefix(p, "include/uapi/linux/"), strings.HasPrefix(p, "include/asm-generic/"),
		strings.HasPrefix(p, "include/uapi/asm-generic/"), strings.HasPrefix(p, "include/vdso/"):
		return 0
	case strings.HasPrefix(p, "include/"):
		return 1
	case strings.HasPrefix(p, "arch/x86/"):
		return 2
	}
	return 3
}

// parseFile lexes and parses one file and indexes its declarations.
// keep says whether its tokens stay for table and registration work.
func (x *index) parseFile(p string, data []byte, keep bool) *File {
	lx := lex(data)
	f := &File{Path: p, lx: lx, toks: lx.toks, local: map[string][]*Macro{}}
	for _, m := range lx.macros {
		f.local[m.Name] = append(f.local[m.Name], m)
	}
	if keep {
		x.expandTopLevelTables(f)
	}
	f.parse()
	isHeader := strings.HasSuffix(p, ".h")
	if isHeader {
		rank := headerRank(p)
		for _, m := range lx.macros {
			if m.Undef {
				continue
			}
			positive := !strings.Contains(f.guardAt(m.Pos), "!")
			if rank == 3 {
				dir := path.Dir(p)
				if x.dirMacro[dir] == nil {
					x.dirMacro[dir] = map[string]*Macro{}
				}
				if old, ok := x.dirMacro[dir][m.Name]; !ok || (positive && x.negated[old]) {
					x.dirMacro[dir][m.Name] = m
				}
				if !positive {
					x.negated[m] = true
				}
				continue
			}
			old := x.global[m.Name]
			if old == nil || rank < old.rank || (rank == old.rank && positive && !old.pos) {
				x.global[m.Name] = &rankedMacro{m: m, rank: rank, pos: positive}
			}
		}
	}
	for _, v := range f.Vars {
		if !keep && len(v.Init) > 512 {
			v.Init = nil
		}
		if !keep && v.Init != nil {
			v.Init = append([]Token(nil), v.Init...)
		}
		x.vars[v.Name] = append(x.vars[v.Name], v)
	}
	for _, st := range f.Structs {
		if old, ok := x.structs[st.Name]; !ok || (len(old.Members) == 0 && len(st.Members) > 0) {
			x.structs[st.Name] = st
		}
		for _, m := range st.Members {
			x.members[m.Name] = append(x.members[m.Name], m.Type)
		}
	}
	for _, e := range f.Enums {
		if _, ok := x.enums[e.Name]; !ok {
			if !keep && e.Expr != nil {
				e.Expr = append([]Token(nil), e.Expr...)
			}
			x.enums[e.Name] = e
		}
	}
	x.scanAssignments(f)
	if keep {
		x.files[p] = f
		x.order = append(x.order, f)
		for _, fn := range f.Funcs {
			x.funcs[fn.Name] = append(x.funcs[fn.Name], fn)
		}
	} else {
		// Only summaries stay; the token slices go.
		f.toks = nil
		f.lx = &lexed{guards: lx.guards}
		f.Funcs = nil
		f.Structs = nil
	}
	return f
}

// expandTopLevelTables expands file-level macro calls that define tables
// (DECLARE_SYSCTL_BASE(kernel, kern_table);) so that the parser sees them.
func (x *index) expandTopLevelTables(f *File) {
	toks := f.toks
	depth := 0
	var out []Token
	newPos := make([]int, len(toks)+1) // old token index -> new index
	changed := false
	for k := 0; k < len(toks); k++ {
		newPos[k] = len(out)
		t := toks[k]
		switch t.Text {
		case "{", "(", "[":
			depth++
		case "}", ")", "]":
			depth--
		}
		if depth == 0 && t.Kind == Ident && k+1 < len(toks) && toks[k+1].Text == "(" &&
			(k == 0 || toks[k-1].Text == ";" || toks[k-1].Text == "}") {
			if m := x.macroAt(f, k)(t.Text); m != nil && m.FuncLike && macroMentions(m, "ctl_table") {
				if end := matchParen(toks, k+1); end > 0 {
					out = append(out, x.expandAt(f, k, toks[k:end+1])...)
					for j := k + 1; j <= end; j++ {
						newPos[j] = len(out)
					}
					k = end
					changed = true
					continue
				}
			}
		}
		out = append(out, t)
	}
	if !changed {
		return
	}
	newPos[len(toks)] = len(out)
	for _, m := range f.lx.macros {
		if m.Pos >= 0 && m.Pos <= len(toks) {
			m.Pos = newPos[m.Pos]
		}
	}
	f.toks = out
	f.lx.toks = out
}

func macroMentions(m *Macro, word string) bool {
	for _, t := range m.Body {
		if t.Text == word {
			return true
		}
	}
	return false
}

func (f *File) guardAt(pos int) string {
	if f.lx == nil || pos < 0 || pos >= len(f.toks) {
		if pos == len(f.toks) && pos > 0 && f.lx != nil {
			return f.lx.guards[f.toks[pos-1].Guard]
		}
		return ""
	}
	return f.lx.guards[f.toks[pos].Guard]
}

func (f *File) guardOf(t Token) string {
	if f.lx == nil || int(t.Guard) >= len(f.lx.guards) {
		return ""
	}
	return f.lx.guards[t.Guard]
}

var assignPrev = map[string]bool{";": true, "{": true, "}": true, ")": true, "else": true, ":": true}

// scanAssignments records, for every function body, "net->a.b = rhs;"
// (per-namespace defaults) and "name = ...;" / "name[i] = ...;" (globals that
// are computed at run time).
func (x *index) scanAssignments(f *File) {
	toks := f.toks
	for _, fn := range f.Funcs {
		for k := fn.BodyStart + 1; k < fn.BodyEnd && k < len(toks); k++ {
			t := toks[k]
			if t.Kind != Ident {
				continue
			}
			if k > 0 && (toks[k-1].Text == "." || toks[k-1].Text == "->") {
				continue
			}
			if (t.Text == "net" && k+1 < len(toks) && toks[k+1].Text == "->") ||
				(t.Text == "init_net" && k+1 < len(toks) && toks[k+1].Text == ".") {
				end, p := fieldPath(toks, k+1, fn.BodyEnd)
				if end < fn.BodyEnd && toks[end].Text == "=" && toks[end].Kind == Punct && p != "" {
					rhsEnd := stmtEnd(toks, end+1, fn.BodyEnd)
					x.netAssign[p] = append(x.netAssign[p], assignRec{rhs: copyToks(toks[end+1 : rhsEnd]), file: f, pos: k, fn: fn.Name})
				}
				continue
			}
			if k == 0 || !(assignPrev[toks[k-1].Text]) {
				continue
			}
			j := k + 1
			for j < fn.BodyEnd && toks[j].Text == "[" {
				e := matchParen(toks, j)
				if e < 0 {
					break
				}
				j = e + 1
			}
			name := t.Text
			// "files_stat.max_files = ..." sets one field of a global.
			if j+2 < fn.BodyEnd && toks[j].Text == "." && toks[j+1].Kind == Ident {
				name += "." + toks[j+1].Text
				j += 2
				for j < fn.BodyEnd && (toks[j].Text == "[" || (toks[j].Text == "." && j+1 < fn.BodyEnd)) {
					if toks[j].Text == "." {
						j += 2
						continue
					}
					e := matchParen(toks, j)
					if e < 0 {
						break
					}
					j = e + 1
				}
			}
			if j < fn.BodyEnd && toks[j].Kind == Punct && toks[j].Text == "=" {
				bit := uint8(1)
				if fn.Init {
					bit |= 2
				}
				for _, key := range []string{"\x00" + name, f.Path + "\x00" + name} {
					m := x.assigned[key]
					if m == nil {
						m = map[string]uint8{}
						x.assigned[key] = m
					}
					m[fn.Name] |= bit
				}
			}
		}
	}
}

func copyToks(t []Token) []Token { return append([]Token(nil), t...) }

// fieldPath reads ".a.b[1]" / "->a.b" starting at toks[k] and returns the
// index after it and the normalised path "a.b[1]".
func fieldPath(toks []Token, k, limit int) (int, string) {
	var b strings.Builder
	for k < limit {
		t := toks[k]
		if (t.Text == "." || t.Text == "->") && k+1 < limit && toks[k+1].Kind == Ident {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(toks[k+1].Text)
			k += 2
			continue
		}
		if t.Text == "[" {
			e := matchParen(toks, k)
			if e < 0 || e >= limit {
				break
			}
			b.WriteString("[" + joinTokens(toks[k+1:e]) + "]")
			k = e + 1
			continue
		}
		break
	}
	return k, b.String()
}

// stmtEnd finds the ';' ending the expression starting at k.
func stmtEnd(toks []Token, k, limit int) int {
	depth := 0
	for j := k; j < limit; j++ {
		switch toks[j].Text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				return j
			}
			depth--
		case ";", ",":
			if depth == 0 {
				return j
			}
		}
	}
	return limit
}

// macroAt returns the macro lookup in effect at token position pos of f.
func (x *index) macroAt(f *File, pos int) macroLookup {
	return func(name string) *Macro {
		if builtinCalls[name] {
			return nil
		}
		if list := f.local[name]; len(list) > 0 {
			var cands []*Macro
			for _, m := range list {
				if m.Pos > pos {
					break
				}
				if m.Undef {
					cands = nil
					continue
				}
				cands = append(cands, m)
			}
			if len(cands) > 0 {
				for k := len(cands) - 1; k >= 0; k-- {
					if !strings.Contains(f.guardAt(cands[k].Pos), "!") {
						return cands[k]
					}
				}
				return cands[len(cands)-1]
			}
			if pos >= 0 && list[len(list)-1].Undef {
				return nil
			}
		}
		for dir := path.Dir(f.Path); ; dir = path.Dir(dir) {
			if m, ok := x.dirMacro[dir][name]; ok {
				return m
			}
			if dir == "." || dir == "/" || dir == "" {
				break
			}
		}
		if r := x.global[name]; r != nil {
			return r.m
		}
		if x.kconfig != nil && strings.HasPrefix(name, "CONFIG_") {
			m, ok := x.kmacros[name]
			if !ok {
				m = x.kconfig.macro(name)
				x.kmacros[name] = m
			}
			return m
		}
		return nil
	}
}

// builtinCalls are evaluated by the extractor instead of being expanded.
var builtinCalls = map[string]bool{
	"ARRAY_SIZE": true, "min": true, "max": true, "min_t": true, "max_t": true,
	"clamp": true, "clamp_t": true, "clamp_val": true, "HZ": true, "USER_HZ": true,
	"msecs_to_jiffies": true, "secs_to_jiffies": true, "usecs_to_jiffies": true,
	"NULL": true, "true": true, "false": true,
}

func (x *index) expandAt(f *File, pos int, toks []Token) []Token {
	return newExpander(x.macroAt(f, pos)).expand(toks)
}

// lookupVar finds the definition of name as seen from file f: f's own first,
// then a non-static definition elsewhere, then an extern declaration.
func (x *index) lookupVar(name string, f *File) *Var {
	list := x.vars[name]
	var ext *Var
	for _, v := range list {
		if f != nil && v.File == f && !v.Extern {
			return v
		}
	}
	for _, v := range list {
		if v.Extern {
			if ext == nil {
				ext = v
			}
			continue
		}
		if !v.Static {
			return v
		}
	}
	if ext != nil {
		return ext
	}
	for _, v := range list {
		if !v.Extern && f != nil && sameDir(v.File.Path, f.Path) {
			return v
		}
	}
	return nil
}

func sameDir(a, b string) bool { return path.Dir(a) == path.Dir(b) }

// identBytes lists the identifiers of C source cheaply (no full lexing).
func identBytes(data []byte, fn func([]byte) bool) {
	n := len(data)
	for i := 0; i < n; {
		c := data[i]
		if isIdentStart(c) {
			j := i + 1
			for j < n && isIdentChar(data[j]) {
				j++
			}
			if fn(data[i:j]) {
				return
			}
			i = j
			continue
		}
		if c >= '0' && c <= '9' {
			for i < n && isIdentChar(data[i]) {
				i++
			}
			continue
		}
		i++
	}
}

func mentionsSysctl(data []byte) bool {
	return bytes.Contains(data, []byte("ctl_table")) || bytes.Contains(data, []byte("sysctl")) ||
		bytes.Contains(data, []byte("ctl_path"))
}

// assignedFlags says whether a global is written in some function that is
// not a sysctl handler: bit 1 any such function, bit 2 an __init one.
func (x *index) assignedFlags(key string) uint8 {
	var bits uint8
	for fn, b := range x.assigned[key] {
		if !x.handlers[fn] {
			bits |= b
		}
	}
	return bits
}
