// Package extract reads one Linux kernel source tree and lists every sysctl
// key it registers: the path from the registration call, the scope (global,
// per network namespace, per interface), the C type and handler, the bounds
// (extra1/extra2 resolved to numbers), the static default and the config
// guard. It reads C the way the kernel writes it, not a fixed list of files,
// and never fails on odd input: what it cannot resolve is reported.
package extract

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"time"
)

var debug = os.Getenv("KEXTRACT_DEBUG") != ""
var t0 = time.Now()

func trace(format string, args ...any) {
	if !debug {
		return
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Fprintf(os.Stderr, "[%6.1fs %5d MiB] %s\n", time.Since(t0).Seconds(), m.HeapAlloc>>20, fmt.Sprintf(format, args...))
}

// Row is one key of the table.
type Row struct {
	Key, Scope, Type, Handler, Min, Max, Default, Guard, File string
}

// Result is the table of one tree plus what could not be resolved.
type Result struct {
	Rows []Row
	// Problems lists registrations, tables and values that could not be
	// resolved, one line each, sorted.
	Problems []string
	// BoundNotes lists bound expressions left as "?"; DefaultNotes maps
	// keys without a default to the reason.
	BoundNotes   []string
	DefaultNotes map[string]string
	// KconfigUsed lists the CONFIG_ values taken from Kconfig defaults
	// ("CONFIG_BASE_SMALL=0") while evaluating defaults and bounds.
	KconfigUsed []string
}

// Table is one struct ctl_table array (or an array member of a struct).
type Table struct {
	Name    string
	File    *File
	Pos     int
	Entries []*Entry
	used    bool
}

// Entry is one element of a ctl_table array: its designated fields.
type Entry struct {
	Index  int64
	Fields map[string][]Token
	At     Token
}

// regSig says where a registration function takes its arguments.
type regSig struct {
	net, set, path, table int // argument index, -1 when absent
	root                  bool
	// For wrappers found in the tree: parts fixed inside the wrapper.
	fixedPath   []string
	fixedTables []*Table
	fixedScope  string
}

var regFuncs = map[string]regSig{
	"register_net_sysctl":         {net: 0, set: -1, path: 1, table: 2},
	"register_net_sysctl_sz":      {net: 0, set: -1, path: 1, table: 2},
	"register_net_sysctl_table":   {net: 0, set: -1, path: 1, table: 2},
	"register_net_sysctl_rotable": {net: -1, set: -1, path: 0, table: 1},
	"register_sysctl":             {net: -1, set: -1, path: 0, table: 1},
	"register_sysctl_sz":          {net: -1, set: -1, path: 0, table: 1},
	"register_sysctl_init":        {net: -1, set: -1, path: 0, table: 1},
	"__register_sysctl_init":      {net: -1, set: -1, path: 0, table: 1},
	"register_sysctl_paths":       {net: -1, set: -1, path: 0, table: 1},
	"register_sysctl_table":       {net: -1, set: -1, path: -1, table: 0, root: true},
	"__register_sysctl_base":      {net: -1, set: -1, path: -1, table: 0, root: true},
	"__register_sysctl_table":     {net: -1, set: 0, path: 1, table: 2},
	"__register_sysctl_paths":     {net: -1, set: 0, path: 1, table: 2},
}

// extractor holds the state of one run.
type extractor struct {
	*index
	tables   map[string][]*Table
	ctlPaths map[string][]*Var
	wrappers map[string]regSig
	done     map[string]bool
	rows     map[string]Row
	problems map[string]bool
	bounds   map[string]*boundsInfo
	kbuild   *kbuild
	// Reasons a default or bound stayed unknown, for the report.
	defaultWhy map[string]string
	boundWhy   map[string]bool
}

type boundsInfo struct {
	uses     bool
	min, max []Token
	file     *File
	pos      int
}

// site is one registration call being resolved.
type site struct {
	fn    *Func
	call  Token
	guard string
}

// safely runs one unit of work; a bug on odd input costs that unit, which
// the report names, not the whole table.
func (e *extractor) safely(what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			e.problem("internal error in %s: %v", what, r)
		}
	}()
	f()
}

func (e *extractor) problem(format string, args ...any) {
	e.problems[fmt.Sprintf(format, args...)] = true
}

func (e *extractor) collectTables() {
	for _, f := range e.order {
		for _, v := range f.Vars {
			if v.Extern {
				continue
			}
			last := ""
			if len(v.Type.Words) > 0 {
				last = v.Type.Words[len(v.Type.Words)-1]
			}
			switch {
			case last == "ctl_table" && len(v.Type.Dims) > 0 && !v.Type.Ptr:
				t := &Table{Name: v.Name, File: f, Pos: v.Pos}
				if v.Init != nil {
					t.Entries = e.parseEntries(f, v.Pos, v.Init)
				} else if en := runtimeEntry(f, v.Name); en != nil {
					t.Entries = []*Entry{en}
				}
				e.tables[v.Name] = append(e.tables[v.Name], t)
			case last == "ctl_path" && len(v.Type.Dims) > 0:
				e.ctlPaths[v.Name] = append(e.ctlPaths[v.Name], v)
			case v.Init != nil && !v.Type.Ptr:
				st := e.structOf(v.Type)
				if st == nil {
					continue
				}
				for _, m := range st.Members {
					ml := ""
					if len(m.Type.Words) > 0 {
						ml = m.Type.Words[len(m.Type.Words)-1]
					}
					if ml != "ctl_table" || len(m.Type.Dims) == 0 {
						continue
					}
					c := &ctx{x: e.index, f: f, pos: v.Pos, hz: 100}
					node, ok := c.initAt(v, []step{{field: m.Name}})
					t := &Table{Name: m.Name, File: f, Pos: v.Pos}
					if ok && node != nil && node.List {
						t.Entries = entriesFromInit(node, c)
					}
					e.tables[m.Name] = append(e.tables[m.Name], t)
				}
			}
		}
	}
}

// runtimeEntry builds one entry for a table filled at run time
// ("table[i].procname = names[i]; table[i].proc_handler = ..."), whose keys
// get a run-time name (<name>).
func runtimeEntry(f *File, name string) *Entry {
	toks := f.toks
	en := &Entry{Index: -1, Fields: map[string][]Token{}}
	for _, fn := range f.Funcs {
		for k := fn.BodyStart + 1; k+1 < fn.BodyEnd; k++ {
			if toks[k].Text != name || toks[k+1].Text != "[" || (k > 0 && (toks[k-1].Text == "." || toks[k-1].Text == "->")) {
				continue
			}
			end := matchParen(toks, k+1)
			if end < 0 || end+3 >= fn.BodyEnd || toks[end+1].Text != "." || toks[end+3].Text != "=" {
				continue
			}
			field := toks[end+2].Text
			rend := stmtEnd(toks, end+4, fn.BodyEnd)
			if _, seen := en.Fields[field]; !seen {
				en.Fields[field] = toks[end+4 : rend]
				if field == "procname" {
					en.At = toks[k]
				}
			}
		}
	}
	if _, ok := en.Fields["procname"]; !ok {
		return nil
	}
	return en
}

// parseEntries reads the elements of a ctl_table initializer.
func (e *extractor) parseEntries(f *File, pos int, init []Token) []*Entry {
	toks := e.expandAt(f, pos, init)
	node := parseInit(toks)
	if !node.List {
		return nil
	}
	return entriesFromInit(node, &ctx{x: e.index, f: f, pos: pos, hz: 100})
}

func entriesFromInit(node *initNode, c *ctx) []*Entry {
	var out []*Entry
	idx := int64(0)
	for _, it := range node.Items {
		if len(it.Desig) == 1 && it.Desig[0].Index != nil {
			if r, ok, _ := c.eval(it.Desig[0].Index); ok && r.v.IsInt64() {
				idx = r.v.Int64()
			}
		}
		if it.Val == nil || !it.Val.List {
			idx++
			continue
		}
		en := &Entry{Index: idx, Fields: map[string][]Token{}}
		for _, fi := range it.Val.Items {
			if len(fi.Desig) == 1 && fi.Desig[0].Field != "" && fi.Val != nil {
				en.Fields[fi.Desig[0].Field] = flatten(fi.Val)
			}
		}
		if len(it.Val.Items) > 0 && len(it.Val.Items[0].Desig) == 0 && it.Val.Items[0].Val != nil {
			en.At = firstTok(it.Val.Items[0].Val)
		}
		for _, fi := range it.Val.Items {
			if fi.Val != nil {
				if t := firstTok(fi.Val); t.Text != "" {
					en.At = t
					break
				}
			}
		}
		if len(en.Fields) > 0 {
			out = append(out, en)
		}
		idx++
	}
	return out
}

func firstTok(n *initNode) Token {
	if n == nil {
		return Token{}
	}
	if !n.List {
		if len(n.Expr) > 0 {
			return n.Expr[0]
		}
		return Token{}
	}
	for _, it := range n.Items {
		if t := firstTok(it.Val); t.Text != "" {
			return t
		}
	}
	return Token{}
}

// flatten turns an initializer back into tokens (for .data = { ... } oddities).
func flatten(n *initNode) []Token {
	if !n.List {
		return n.Expr
	}
	var out []Token
	out = append(out, Token{Kind: Punct, Text: "{"})
	for k, it := range n.Items {
		if k > 0 {
			out = append(out, Token{Kind: Punct, Text: ","})
		}
		out = append(out, flatten(it.Val)...)
	}
	return append(out, Token{Kind: Punct, Text: "}"})
}

// tableByName finds a table as seen from a file: its own first.
func (e *extractor) tableByName(name string, f *File) []*Table {
	list := e.tables[name]
	// A forward declaration ("static struct ctl_table x[];") has no entries.
	var defined []*Table
	for _, t := range list {
		if len(t.Entries) > 0 {
			defined = append(defined, t)
		}
	}
	if len(defined) > 0 {
		list = defined
	}
	if len(list) <= 1 {
		return list
	}
	var same []*Table
	for _, t := range list {
		if t.File == f {
			same = append(same, t)
		}
	}
	if len(same) > 0 {
		return same[:1]
	}
	for _, t := range list {
		if sameDir(t.File.Path, f.Path) {
			return []*Table{t}
		}
	}
	return list
}

// findSites scans function bodies for registration calls, including calls
// to functions found to wrap one, until nothing new turns up.
func (e *extractor) findSites() {
	for round := 0; round < 6; round++ {
		before := len(e.wrappers)
		for _, f := range e.order {
			for _, fn := range f.Funcs {
				e.scanFunc(fn)
			}
		}
		if len(e.wrappers) == before {
			break
		}
	}
}

func (e *extractor) scanFunc(fn *Func) {
	toks := fn.File.toks
	for k := fn.BodyStart + 1; k < fn.BodyEnd && k+1 < len(toks); k++ {
		t := toks[k]
		if t.Kind != Ident || toks[k+1].Text != "(" {
			continue
		}
		if k > 0 && (toks[k-1].Text == "." || toks[k-1].Text == "->") {
			continue
		}
		end := matchParen(toks, k+1)
		if end < 0 || end > fn.BodyEnd {
			continue
		}
		name := t.Text
		call := toks[k : end+1]
		sig, ok := regFuncs[name]
		if !ok {
			sig, ok = e.wrappers[name]
		}
		if !ok {
			// A macro that expands to a registration (register_sysctl_base(x)).
			if !strings.Contains(name, "sysctl") || strings.HasPrefix(name, "unregister") {
				continue
			}
			if m := e.macroAt(fn.File, k)(name); m != nil && m.FuncLike {
				exp := e.expandAt(fn.File, k, call)
				for j := 0; j+1 < len(exp); j++ {
					if exp[j].Kind == Ident && exp[j+1].Text == "(" {
						if s2, ok2 := regFuncs[exp[j].Text]; ok2 {
							if ce := matchParen(exp, j+1); ce > 0 {
								name, sig, ok, call = exp[j].Text, s2, true, exp[j:ce+1]
							}
						}
						break
					}
				}
			}
		}
		if !ok {
			continue
		}
		id := fmt.Sprintf("%s:%d:%s", fn.File.Path, k, fn.Name)
		if e.done[id] {
			continue
		}
		if _, isReg := regFuncs[fn.Name]; isReg || fn.File.Path == sysctlCore {
			// The registration API itself, not a user of it.
			e.done[id] = true
			continue
		}
		if strings.HasPrefix(fn.Name, "register_net_sysctl") || strings.HasPrefix(fn.Name, "__register_sysctl") ||
			fn.Name == "register_sysctl_paths" || fn.Name == "register_sysctl_table" || fn.Name == "register_sysctl_mount_point" {
			e.done[id] = true
			continue
		}
		e.done[id] = true
		var args [][]Token
		for _, a := range splitArgs(call[2 : len(call)-1]) {
			args = append(args, e.expandAt(fn.File, k, a))
		}
		e.safely(fn.File.Path+":"+fn.Name, func() {
			e.register(&site{fn: fn, call: t, guard: fn.File.guardOf(t)}, name, sig, args)
		})
	}
}

// paramIndex returns the index of name among fn's parameters, or -1.
func paramIndex(fn *Func, toks []Token) int {
	toks, _ = stripWrap(toks)
	if len(toks) != 1 || toks[0].Kind != Ident {
		return -1
	}
	for k, p := range fn.Params {
		if p == toks[0].Text {
			return k
		}
	}
	return -1
}

func isInitNet(toks []Token) bool {
	s := joinTokens(toks)
	return s == "&init_net" || s == "(&init_net)" || s == "& init_net"
}

// register resolves one call and emits its keys, or records fn as a wrapper
// when the table or path comes from fn's own parameters.
func (e *extractor) register(s *site, name string, sig regSig, args [][]Token) {
	arg := func(i int) []Token {
		if i >= 0 && i < len(args) {
			return args[i]
		}
		return nil
	}
	callText := name + "(" + shortArgs(args) + ")"
	where := s.fn.File.Path + ":" + s.fn.Name
	trace("site %s in %s", callText, where)
	// Scope.
	scope := "global"
	scopeParam := -1
	switch {
	case sig.net >= 0:
		a := arg(sig.net)
		if isInitNet(a) {
			scope = "global"
		} else if p := paramIndex(s.fn, a); p >= 0 && isWrapperCandidate(s.fn) {
			scope, scopeParam = "netns", p
		} else {
			scope = "netns"
		}
	case sig.set >= 0:
		scope = "global"
		for _, t := range arg(sig.set) {
			if t.Text == "net" {
				scope = "netns"
			}
		}
	case sig.fixedScope != "":
		scope = sig.fixedScope
	}
	// Path.
	var comps []string
	pathParam := -1
	switch {
	case sig.root:
	case sig.path >= 0:
		a := arg(sig.path)
		if p := paramIndex(s.fn, a); p >= 0 && !e.isPathLocal(s.fn, a) {
			pathParam = p
		} else {
			c, ok := e.resolvePath(s.fn, a)
			if !ok {
				e.problem("path not resolved: %s in %s", callText, where)
				return
			}
			comps = c
		}
	default:
		comps = sig.fixedPath
	}
	// Tables.
	var tables []*Table
	tableParam := -1
	var tableVar string
	if sig.table >= 0 {
		a := arg(sig.table)
		if p := paramIndex(s.fn, a); p >= 0 && len(e.tableByName(identOf(a), s.fn.File)) == 0 {
			tableParam = p
		} else {
			tables = e.resolveTables(s.fn, a, 0)
			tableVar = identOf(a)
			if len(tables) == 0 {
				e.problem("table not resolved: %s in %s", callText, where)
				return
			}
		}
	} else {
		tables = sig.fixedTables
	}
	if tableParam >= 0 || pathParam >= 0 {
		w := regSig{net: scopeParam, set: -1, path: pathParam, table: tableParam,
			root: sig.root && pathParam < 0, fixedPath: comps, fixedTables: tables, fixedScope: scope}
		if scopeParam < 0 {
			w.net = -1
		}
		if _, known := e.wrappers[s.fn.Name]; !known {
			e.wrappers[s.fn.Name] = w
		}
		return
	}
	rewrites := e.rewrites(s.fn, tableVar)
	for _, t := range tables {
		e.emit(t, comps, scope, s, rewrites, map[*Table]bool{})
	}
}

func isWrapperCandidate(fn *Func) bool { return len(fn.Params) > 0 }

func shortArgs(args [][]Token) string {
	var parts []string
	for _, a := range args {
		s := joinTokens(a)
		if len(s) > 40 {
			s = s[:40] + "..."
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// identOf gives the last identifier of an expression such as t->vars[0].
func identOf(toks []Token) string {
	toks, _ = stripWrap(toks)
	for len(toks) >= 3 && toks[len(toks)-1].Text == "]" {
		open := -1
		for k := len(toks) - 1; k >= 0; k-- {
			if toks[k].Text == "[" && matchParen(toks, k) == len(toks)-1 {
				open = k
				break
			}
		}
		if open <= 0 {
			break
		}
		toks = toks[:open]
	}
	if len(toks) == 0 || toks[len(toks)-1].Kind != Ident {
		return ""
	}
	return toks[len(toks)-1].Text
}

// isPathLocal: a parameter that the function itself overwrites (rare).
func (e *extractor) isPathLocal(fn *Func, toks []Token) bool { return false }

// resolvePath turns a path argument into components.
func (e *extractor) resolvePath(fn *Func, toks []Token) ([]string, bool) {
	if s, ok := stringValue(toks); ok {
		return splitPath(s), true
	}
	name := identOf(toks)
	if name == "" {
		return nil, false
	}
	if st, _ := stripWrap(toks); len(st) >= 3 && st[len(st)-2].Text == "->" {
		if ss := e.fieldStrings(fn, st); len(ss) == 1 {
			return splitPath(ss[0]), true
		}
		return nil, false
	}
	if vs := e.ctlPaths[name]; len(vs) > 0 {
		v := vs[0]
		for _, c := range vs {
			if c.File == fn.File {
				v = c
			}
		}
		var comps []string
		node := parseInit(e.expandAt(v.File, v.Pos, v.Init))
		for _, it := range node.Items {
			if it.Val == nil || !it.Val.List {
				continue
			}
			for _, fi := range it.Val.Items {
				if len(fi.Desig) == 1 && fi.Desig[0].Field == "procname" && fi.Val != nil {
					if s, ok := stringValue(fi.Val.Expr); ok {
						comps = append(comps, s)
					}
				}
			}
		}
		return comps, true
	}
	// A local buffer filled by snprintf/sprintf, or a pointer to a literal.
	ftoks := fn.File.toks
	for k := fn.BodyStart; k < fn.BodyEnd && k+2 < len(ftoks); k++ {
		t := ftoks[k]
		if t.Kind != Ident {
			continue
		}
		switch t.Text {
		case "snprintf", "sprintf", "scnprintf":
			if ftoks[k+1].Text != "(" || ftoks[k+2].Text != name {
				continue
			}
			end := matchParen(ftoks, k+1)
			if end < 0 {
				continue
			}
			for _, a := range splitArgs(ftoks[k+2 : end]) {
				if s, ok := stringValue(e.expandAt(fn.File, k, a)); ok {
					return splitPath(formatToName(s)), true
				}
			}
		case "kasprintf":
			// name = kasprintf(gfp, "fmt", ...)
			if k >= 2 && ftoks[k-1].Text == "=" && ftoks[k-2].Text == name && ftoks[k+1].Text == "(" {
				end := matchParen(ftoks, k+1)
				if end < 0 {
					continue
				}
				for _, a := range splitArgs(ftoks[k+2 : end]) {
					if s, ok := stringValue(e.expandAt(fn.File, k, a)); ok {
						return splitPath(formatToName(s)), true
					}
				}
			}
		}
		if t.Text == name && ftoks[k+1].Text == "=" {
			end := stmtEnd(ftoks, k+2, fn.BodyEnd)
			if s, ok := stringValue(e.expandAt(fn.File, k, ftoks[k+2:end])); ok {
				return splitPath(s), true
			}
		}
	}
	return nil, false
}

// formatToName replaces printf conversions with <name>.
func formatToName(s string) string {
	var b strings.Builder
	for k := 0; k < len(s); k++ {
		if s[k] == '%' && k+1 < len(s) {
			if s[k+1] == '%' {
				b.WriteByte('%')
				k++
				continue
			}
			j := k + 1
			for j < len(s) && strings.IndexByte("0123456789.-+ #lhzjt*", s[j]) >= 0 {
				j++
			}
			if j < len(s) {
				b.WriteString("<name>")
				k = j
				continue
			}
		}
		b.WriteByte(s[k])
	}
	return b.String()
}

func splitPath(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "/") {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// resolveTables finds the ctl_table arrays an expression stands for:
// a table name, a local assigned from one (or from kmemdup of one, or from a
// function returning one), or a struct member assigned somewhere.
func (e *extractor) resolveTables(fn *Func, toks []Token, depth int) []*Table {
	if depth > 4 {
		return nil
	}
	name := identOf(toks)
	if name == "" {
		return nil
	}
	if ts := e.tableByName(name, fn.File); len(ts) > 0 {
		return ts
	}
	if t := e.localTable(fn, name); t != nil {
		return []*Table{t}
	}
	stripped, _ := stripWrap(toks)
	isField := len(stripped) >= 2 && (stripped[len(stripped)-2].Text == "->" || stripped[len(stripped)-2].Text == ".")
	var out []*Table
	seen := map[*Table]bool{}
	add := func(ts []*Table) {
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	if !isField {
		for _, rhs := range assignmentsTo(fn, name) {
			add(e.tablesIn(fn, rhs, depth))
		}
		return out
	}
	// A struct member: any assignment "->name = ..." in the kept files,
	// through a pointer of the same struct type when both types are known.
	want := baseType(fn, stripped)
	for _, f := range e.order {
		for _, g := range f.Funcs {
			toks := f.toks
			for k := g.BodyStart; k+2 < g.BodyEnd; k++ {
				if (toks[k].Text == "->" || toks[k].Text == ".") && toks[k+1].Text == name && toks[k+2].Text == "=" {
					if want != "" && k > 0 {
						if got := baseType(g, toks[k-1:k+2]); got != "" && got != want {
							continue
						}
					}
					end := stmtEnd(toks, k+3, g.BodyEnd)
					add(e.tablesIn(g, toks[k+3:end], depth))
				}
			}
		}
	}
	return out
}

// localTable finds a table declared inside the function itself
// ("static struct ctl_table empty[1];" registers an empty directory).
func (e *extractor) localTable(fn *Func, name string) *Table {
	toks := fn.File.toks
	for k := fn.BodyStart + 1; k+2 < fn.BodyEnd; k++ {
		if toks[k].Text != "ctl_table" || toks[k+1].Text != name || toks[k+2].Text != "[" {
			continue
		}
		t := &Table{Name: name, File: fn.File, Pos: k}
		end := matchParen(toks, k+2)
		if end > 0 && end+2 < fn.BodyEnd && toks[end+1].Text == "=" && toks[end+2].Text == "{" {
			if close := matchParen(toks, end+2); close > 0 {
				t.Entries = e.parseEntries(fn.File, k, toks[end+2:close+1])
			}
		}
		t.used = true
		return t
	}
	return nil
}

// baseType names the struct of the pointer in "p->field" when p is declared
// in the function as "struct s *p" ("" when unknown).
func baseType(fn *Func, toks []Token) string {
	if len(toks) < 3 || toks[len(toks)-2].Text != "->" || toks[len(toks)-3].Kind != Ident {
		return ""
	}
	if t := localType(fn, toks[len(toks)-3].Text); t != nil {
		return t.Words[len(t.Words)-1]
	}
	return ""
}

// fieldStrings lists the distinct strings a struct field is initialised
// to ("l3proto->ctl_table_path" -> ".ctl_table_path = \"net/ipv4/netfilter\"").
func (e *extractor) fieldStrings(fn *Func, toks []Token) []string {
	field := identOf(toks)
	want := baseType(fn, toks)
	seen := map[string]bool{}
	var out []string
	for _, f := range e.order {
		for _, v := range f.Vars {
			if v.Init == nil || len(v.Type.Words) == 0 {
				continue
			}
			if want != "" && v.Type.Words[len(v.Type.Words)-1] != want {
				continue
			}
			it := v.Init
			for k := 0; k+3 < len(it); k++ {
				if it[k].Text == "." && it[k+1].Text == field && it[k+2].Text == "=" {
					end := stmtEnd(it, k+3, len(it))
					if s, ok := stringValue(e.expandAt(f, v.Pos, it[k+3:end])); ok && !seen[s] {
						seen[s] = true
						out = append(out, s)
					}
				}
			}
		}
	}
	return out
}

// tablesIn lists the tables an assigned expression refers to.
func (e *extractor) tablesIn(fn *Func, rhs []Token, depth int) []*Table {
	rhs = e.expandAt(fn.File, fn.BodyStart, rhs)
	var out []*Table
	for _, t := range rhs {
		if t.Kind == Ident {
			if ts := e.tableByName(t.Text, fn.File); len(ts) > 0 {
				out = append(out, ts...)
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	s, _ := stripWrap(rhs)
	if len(s) >= 3 && s[0].Kind == Ident && s[1].Text == "(" {
		for _, g := range e.funcs[s[0].Text] {
			for _, r := range returnsOf(g) {
				out = append(out, e.resolveTables(g, r, depth+1)...)
			}
		}
		return out
	}
	if len(s) == 1 && s[0].Kind == Ident {
		return e.resolveTables(fn, s, depth+1)
	}
	return nil
}

// assignmentsTo lists the right-hand sides assigned to a local in fn
// (including its declaration's initializer).
func assignmentsTo(fn *Func, name string) [][]Token {
	toks := fn.File.toks
	var out [][]Token
	for k := fn.BodyStart + 1; k+1 < fn.BodyEnd; k++ {
		if toks[k].Text != name || toks[k].Kind != Ident || toks[k+1].Text != "=" {
			continue
		}
		if k > 0 && (toks[k-1].Text == "." || toks[k-1].Text == "->") {
			continue
		}
		end := stmtEnd(toks, k+2, fn.BodyEnd)
		out = append(out, toks[k+2:end])
	}
	return out
}

func returnsOf(fn *Func) [][]Token {
	toks := fn.File.toks
	var out [][]Token
	for k := fn.BodyStart + 1; k+1 < fn.BodyEnd; k++ {
		if toks[k].Text == "return" && toks[k].Kind == Ident {
			end := stmtEnd(toks, k+1, fn.BodyEnd)
			out = append(out, toks[k+1:end])
		}
	}
	return out
}

// rewrites finds "table[i].data = expr" in the registering function: per-
// namespace copies of a template pointing entries at this namespace's data.
func (e *extractor) rewrites(fn *Func, tableVar string) map[int64][]Token {
	if tableVar == "" {
		return nil
	}
	toks := fn.File.toks
	out := map[int64][]Token{}
	for k := fn.BodyStart + 1; k+6 < fn.BodyEnd; k++ {
		if toks[k].Text != tableVar || toks[k+1].Text != "[" {
			continue
		}
		end := matchParen(toks, k+1)
		if end < 0 || end+3 >= fn.BodyEnd || toks[end+1].Text != "." || toks[end+2].Text != "data" || toks[end+3].Text != "=" {
			continue
		}
		c := &ctx{x: e.index, f: fn.File, pos: k, hz: 100}
		v, ok, _ := c.eval(toks[k+2 : end])
		if !ok {
			continue
		}
		rend := stmtEnd(toks, end+4, fn.BodyEnd)
		out[v.v.Int64()] = toks[end+4 : rend]
	}
	return out
}

// emit adds the keys of one table registered at comps.
func (e *extractor) emit(t *Table, comps []string, scope string, s *site, rewrites map[int64][]Token, visited map[*Table]bool) {
	if visited[t] {
		return
	}
	visited[t] = true
	defer delete(visited, t)
	t.used = true
	for _, en := range t.Entries {
		pn, ok := en.Fields["procname"]
		if !ok {
			continue
		}
		name, isLit := stringValue(pn)
		if !isLit {
			// A name kept in a string constant: static const char x[] = "flush";
			if id := identOf(pn); id != "" && len(pn) == 1 {
				if v := e.lookupVar(id, t.File); v != nil && v.Init != nil {
					name, isLit = stringValue(v.Init)
				}
			}
		}
		if isLit && (name == "" || strings.ContainsAny(name, "./ \t\n")) {
			e.problem("entry with procname %q in %s (%s) skipped", name, t.Name, t.File.Path)
			continue
		}
		if !isLit {
			if len(pn) == 1 && pn[0].Text == "NULL" {
				continue
			}
			name = "<name>"
		}
		if child, ok := en.Fields["child"]; ok && joinTokens(child) != "NULL" {
			cn := identOf(child)
			kids := e.tableByName(cn, t.File)
			if len(kids) == 0 {
				e.problem("child table %s of %s (%s) not found", cn, t.Name, t.File.Path)
				continue
			}
			for _, kid := range kids {
				e.emit(kid, append(comps[:len(comps):len(comps)], name), scope, s, nil, visited)
			}
			continue
		}
		if len(comps) == 0 {
			e.problem("key %s of %s (%s) registered without a directory: skipped", name, t.Name, t.File.Path)
			continue
		}
		for _, key := range expandKey(append(comps[:len(comps):len(comps)], name)) {
			e.addRow(e.row(key, t, en, scope, s, rewrites))
		}
	}
}

// expandKey names per-interface directories <iface>; the neighbour path
// "net/%s/neigh/%s" is registered for both ipv4 and ipv6.
func expandKey(comps []string) []string {
	if len(comps) >= 4 && comps[0] == "net" && comps[1] == "<name>" && comps[2] == "neigh" {
		var out []string
		for _, fam := range []string{"ipv4", "ipv6"} {
			c := append([]string{}, comps...)
			c[1] = fam
			out = append(out, expandKey(c)...)
		}
		return out
	}
	c := append([]string{}, comps...)
	if len(c) >= 4 && c[0] == "net" && (c[1] == "ipv4" || c[1] == "ipv6") && (c[2] == "conf" || c[2] == "neigh") && c[3] == "<name>" {
		c[3] = "<iface>"
	}
	return []string{strings.Join(c, ".")}
}

// addRow keeps one row per key: the more complete one when a key comes twice.
func (e *extractor) addRow(r Row) {
	old, ok := e.rows[r.Key]
	if !ok || filled(r) > filled(old) {
		e.rows[r.Key] = r
	}
}

func filled(r Row) int {
	n := 0
	for _, v := range []string{r.Scope, r.Type, r.Handler, r.Min, r.Max, r.Default} {
		if v != "-" && v != "?" && v != "unknown" {
			n++
		}
	}
	if r.Guard == "-" {
		n++ // an unguarded copy says more about existence
	}
	return n
}

// Extract reads the tree and returns its table.
func Extract(tree Tree) (*Result, error) {
	paths, err := tree.Paths()
	if err != nil {
		return nil, err
	}
	x := newIndex()
	var cfiles, others []string
	keepData := map[string][]byte{}
	// Pass 1: the C files that mention sysctl are kept whole.
	for _, p := range paths {
		if strings.HasSuffix(p, ".c") && !skipDir(p) {
			cfiles = append(cfiles, p)
		}
	}
	err = tree.Read(cfiles, func(p string, data []byte) error {
		if mentionsSysctl(data) {
			keepData[p] = data
		} else {
			others = append(others, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	trace("pass 1: %d C files, %d kept", len(cfiles), len(keepData))
	kc := newKconfig()
	var kconfigs []string
	for _, p := range paths {
		if useKconfig(p) {
			kconfigs = append(kconfigs, p)
		}
	}
	if err := tree.Read(kconfigs, func(_ string, data []byte) error {
		kc.add(data)
		return nil
	}); err != nil {
		return nil, err
	}
	x.kconfig = kc
	kb := newKbuild()
	var makefiles []string
	mkDirs := map[string]bool{}
	for p := range keepData {
		for d := dirOf(p); ; d = dirOf(d) {
			mkDirs[d] = true
			if d == "." || d == "" {
				break
			}
		}
	}
	for _, p := range paths {
		b := p[strings.LastIndexByte(p, '/')+1:]
		if (b == "Makefile" || b == "Kbuild") && mkDirs[dirOf(p)] {
			makefiles = append(makefiles, p)
		}
	}
	if err := tree.Read(makefiles, func(p string, data []byte) error {
		kb.add(dirOf(p), data)
		return nil
	}); err != nil {
		return nil, err
	}
	// Pass 2: headers for macros, structs, enums and declarations.
	dirs := map[string]bool{}
	for p := range keepData {
		for d := dirOf(p); d != "." && d != ""; d = dirOf(d) {
			dirs[d] = true
		}
	}
	var headers []string
	for _, p := range paths {
		if !strings.HasSuffix(p, ".h") {
			continue
		}
		if strings.HasPrefix(p, "include/") || strings.HasPrefix(p, "arch/x86/include/") || dirs[dirOf(p)] {
			if strings.HasPrefix(p, "include/dt-bindings/") {
				continue
			}
			headers = append(headers, p)
		}
	}
	if err := tree.Read(headers, func(p string, data []byte) error {
		// A header that defines a table (kernel/pid_sysctl.h) is kept whole.
		x.parseFile(p, data, bytes.Contains(data, []byte("ctl_table")) && bytes.Contains(data, []byte(".procname")))
		return nil
	}); err != nil {
		return nil, err
	}
	trace("pass 2: %d headers", len(headers))
	var kept []string
	for p := range keepData {
		kept = append(kept, p)
	}
	sort.Strings(kept)
	for _, p := range kept {
		x.parseFile(p, keepData[p], true)
		delete(keepData, p)
	}
	e := &extractor{index: x, tables: map[string][]*Table{}, ctlPaths: map[string][]*Var{},
		wrappers: map[string]regSig{}, done: map[string]bool{}, rows: map[string]Row{},
		problems: map[string]bool{}, bounds: map[string]*boundsInfo{}, kbuild: kb,
		defaultWhy: map[string]string{}, boundWhy: map[string]bool{}}
	trace("parsed kept files")
	e.collectTables()
	for _, list := range e.tables {
		for _, t := range list {
			for _, en := range t.Entries {
				if h := identOf(en.Fields["proc_handler"]); h != "" {
					x.handlers[h] = true
				}
			}
		}
	}
	trace("tables collected")
	// Pass 3: other C files that define variables the tables point at.
	wanted := e.wantedNames()
	if len(wanted) > 0 {
		var more []string
		err = tree.Read(others, func(p string, data []byte) error {
			hit := false
			identBytes(data, func(id []byte) bool {
				if wanted[string(id)] {
					hit = true
				}
				return hit
			})
			if hit {
				more = append(more, p)
				trace("pass 3 parses %s", p)
				x.parseFile(p, data, false)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	trace("pass 3 done")
	e.findSites()
	trace("sites done: %d rows", len(e.rows))
	if hp := os.Getenv("KEXTRACT_HEAP"); hp != "" {
		if f, err := os.Create(hp); err == nil {
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	for _, list := range e.tables {
		for _, t := range list {
			if !t.used && len(t.Entries) > 0 && t.File.Path != sysctlCore {
				e.problem("table %s in %s: no registration found", t.Name, t.File.Path)
			}
		}
	}
	if g, ok := tree.(*GitTree); ok {
		for _, p := range g.Missing {
			if strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".h") {
				e.problem("file %s not in the git snapshot (blob missing), not read", p)
			}
		}
	}
	res := &Result{}
	for _, r := range e.rows {
		res.Rows = append(res.Rows, r)
	}
	sort.Slice(res.Rows, func(i, j int) bool { return res.Rows[i].Key < res.Rows[j].Key })
	for p := range e.problems {
		res.Problems = append(res.Problems, p)
	}
	sort.Strings(res.Problems)
	for b := range e.boundWhy {
		res.BoundNotes = append(res.BoundNotes, b)
	}
	sort.Strings(res.BoundNotes)
	for name, m := range x.kmacros {
		if m != nil {
			res.KconfigUsed = append(res.KconfigUsed, name+"="+joinTokens(m.Body))
		}
	}
	sort.Strings(res.KconfigUsed)
	res.DefaultNotes = map[string]string{}
	for _, row := range res.Rows {
		if row.Default == "-" {
			why := e.defaultWhy[row.Key]
			if why == "" {
				why = "no data variable or unknown type"
			}
			res.DefaultNotes[row.Key] = why
		}
	}
	return res, nil
}

func dirOf(p string) string {
	k := strings.LastIndexByte(p, '/')
	if k < 0 {
		return "."
	}
	return p[:k]
}

// sysctlCore is the implementation of /proc/sys itself: its registration
// calls and its root table are the machinery, not keys.
const sysctlCore = "fs/proc/proc_sysctl.c"

// skipDir leaves out trees that hold no kernel sysctl code, and KUnit tests,
// whose tables are test fixtures rather than keys.
func skipDir(p string) bool {
	base := p[strings.LastIndexByte(p, '/')+1:]
	return strings.HasPrefix(p, "tools/") || strings.HasPrefix(p, "scripts/") ||
		strings.HasPrefix(p, "Documentation/") || strings.HasPrefix(p, "samples/") ||
		strings.HasSuffix(base, "-test.c") || strings.HasSuffix(base, "_kunit.c") ||
		strings.Contains(p, "/kunit/")
}

// wantedNames lists identifiers used in table entries that no kept file
// defines: the variables pass 3 looks for.
func (e *extractor) wantedNames() map[string]bool {
	out := map[string]bool{}
	for _, list := range e.tables {
		for _, t := range list {
			for _, en := range t.Entries {
				for _, f := range []string{"data", "extra1", "extra2"} {
					c := &ctx{x: e.index, f: t.File, pos: t.Pos, hz: 100}
					s, _ := stripWrap(c.expand(en.Fields[f]))
					if len(s) == 0 {
						continue
					}
					for _, tok := range s[:1] {
						if tok.Kind != Ident || e.enums[tok.Text] != nil {
							continue
						}
						defined := false
						for _, v := range e.vars[tok.Text] {
							if !v.Extern {
								defined = true
							}
						}
						if !defined {
							out[tok.Text] = true
						}
					}
				}
			}
		}
	}
	delete(out, "init_net")
	delete(out, "NULL")
	return out
}
