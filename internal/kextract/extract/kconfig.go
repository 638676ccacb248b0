package extract

import (
	"strconv"
	"strings"
)

// kconfig answers what value a CONFIG_ option has when nobody changes it:
// its Kconfig default, for x86 64-bit (the other architectures' Kconfig files
// are not read). Dependencies and selects are not applied, so this is an
// assumption, used only to evaluate constants such as
// PID_MAX_LIMIT (CONFIG_BASE_SMALL ? ... : ...) and IS_ENABLED(CONFIG_X);
// the guard column still names the options themselves.
type kconfig struct {
	syms  map[string]*ksym
	cache map[string]string
	busy  map[string]bool
}

type ksym struct {
	typ      string // bool, tristate, int, hex, string
	defaults []kdefault
}

type kdefault struct{ val, cond string }

// kconfigSeeds are the architecture's own choices.
var kconfigSeeds = map[string]string{"64BIT": "y", "X86": "y", "X86_64": "y", "MMU": "y"}

func newKconfig() *kconfig {
	return &kconfig{syms: map[string]*ksym{}, cache: map[string]string{}, busy: map[string]bool{}}
}

// useKconfig says which Kconfig files to read: every one outside arch/, and x86's.
func useKconfig(p string) bool {
	base := p[strings.LastIndexByte(p, '/')+1:]
	if !strings.HasPrefix(base, "Kconfig") {
		return false
	}
	return !strings.HasPrefix(p, "arch/") || strings.HasPrefix(p, "arch/x86/")
}

func (k *kconfig) add(data []byte) {
	var cur *ksym
	inHelp := false
	for _, raw := range strings.Split(strings.ReplaceAll(string(data), "\\\n", " "), "\n") {
		if inHelp {
			if raw == "" || raw[0] == ' ' || raw[0] == '\t' {
				if t := strings.TrimSpace(raw); t == "" || !isKconfigAttr(t) {
					continue
				}
			}
			inHelp = false
		}
		line := strings.TrimSpace(raw)
		if i := strings.IndexByte(line, '#'); i >= 0 && !strings.Contains(line[:i], "\"") {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		switch word {
		case "config", "menuconfig":
			name := strings.TrimSpace(rest)
			if k.syms[name] == nil {
				k.syms[name] = &ksym{}
			}
			cur = k.syms[name]
			continue
		case "choice", "endchoice", "menu", "endmenu", "if", "endif", "source", "comment", "mainmenu":
			cur = nil
			continue
		case "help", "---help---":
			inHelp = true
			continue
		}
		if cur == nil {
			continue
		}
		switch word {
		case "bool", "tristate", "int", "hex", "string":
			cur.typ = word
		case "def_bool", "def_tristate":
			cur.typ = strings.TrimPrefix(word, "def_")
			v, c := splitIf(rest)
			cur.defaults = append(cur.defaults, kdefault{v, c})
		case "default":
			v, c := splitIf(rest)
			cur.defaults = append(cur.defaults, kdefault{v, c})
		}
	}
}

func isKconfigAttr(t string) bool {
	w, _, _ := strings.Cut(t, " ")
	switch w {
	case "config", "menuconfig", "choice", "endchoice", "menu", "endmenu", "if", "endif", "source", "comment":
		return true
	}
	return false
}

// splitIf separates "VALUE if COND".
func splitIf(s string) (string, string) {
	depth, inQ := 0, false
	for i := 0; i+3 <= len(s); i++ {
		switch s[i] {
		case '"':
			inQ = !inQ
		case '(':
			depth++
		case ')':
			depth--
		}
		if !inQ && depth == 0 && i > 0 && strings.HasPrefix(s[i:], " if ") {
			return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+4:])
		}
	}
	return strings.TrimSpace(s), ""
}

// value is "y", "m", "n", a number, a string, or "" when unknown.
func (k *kconfig) value(name string) string {
	if v, ok := kconfigSeeds[name]; ok {
		return v
	}
	if v, ok := k.cache[name]; ok {
		return v
	}
	s := k.syms[name]
	if s == nil || k.busy[name] {
		return ""
	}
	k.busy[name] = true
	defer delete(k.busy, name)
	v := ""
defaults:
	for _, d := range s.defaults {
		if d.cond != "" && k.truth(d.cond) == 0 {
			continue
		}
		switch s.typ {
		case "int", "hex":
			v = k.number(d.val)
		case "string":
			v = strings.Trim(d.val, "\"")
		default:
			v = triText(k.truth(d.val))
		}
		break defaults // the first default that applies wins
	}
	if v == "" && (s.typ == "bool" || s.typ == "tristate") {
		v = "n"
	}
	k.cache[name] = v
	return v
}

func (k *kconfig) number(s string) string {
	s = strings.Trim(strings.TrimSpace(s), "\"")
	if _, err := strconv.ParseInt(s, 0, 64); err == nil {
		return s
	}
	if isIdentOnly(s) {
		return k.number(k.value(s))
	}
	return ""
}

func triText(t int) string {
	return [...]string{"n", "m", "y"}[t]
}

// truth evaluates a Kconfig expression to 0 (n), 1 (m) or 2 (y).
func (k *kconfig) truth(expr string) int {
	p := &kexpr{toks: kconfigTokens(expr), k: k}
	v := p.or()
	if v < 0 {
		return 0
	}
	return v
}

func kconfigTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case strings.HasPrefix(s[i:], "&&") || strings.HasPrefix(s[i:], "||") || strings.HasPrefix(s[i:], "!=") ||
			strings.HasPrefix(s[i:], "<=") || strings.HasPrefix(s[i:], ">="):
			out = append(out, s[i:i+2])
			i += 2
		case strings.IndexByte("!()=<>", c) >= 0:
			out = append(out, s[i:i+1])
			i++
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				return append(out, s[i:])
			}
			out = append(out, s[i:i+j+2])
			i += j + 2
		default:
			j := i
			for j < len(s) && strings.IndexByte(" \t!()=<>&|\"", s[j]) < 0 {
				j++
			}
			if j == i {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}

type kexpr struct {
	toks []string
	pos  int
	k    *kconfig
}

func (p *kexpr) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *kexpr) or() int {
	v := p.and()
	for p.peek() == "||" {
		p.pos++
		if w := p.and(); w > v {
			v = w
		}
	}
	return v
}

func (p *kexpr) and() int {
	v := p.not()
	for p.peek() == "&&" {
		p.pos++
		if w := p.not(); w < v {
			v = w
		}
	}
	return v
}

func (p *kexpr) not() int {
	if p.peek() == "!" {
		p.pos++
		return 2 - p.not()
	}
	return p.cmp()
}

func (p *kexpr) cmp() int {
	if p.peek() == "(" {
		p.pos++
		v := p.or()
		if p.peek() == ")" {
			p.pos++
		}
		return v
	}
	a := p.atom()
	switch op := p.peek(); op {
	case "=", "!=":
		p.pos++
		b := p.atom()
		eq := a == b
		if (op == "=") == eq {
			return 2
		}
		return 0
	}
	switch a {
	case "y":
		return 2
	case "m":
		return 1
	}
	return 0
}

// atom gives a symbol's value or a constant's text.
func (p *kexpr) atom() string {
	t := p.peek()
	if t == "" {
		return ""
	}
	p.pos++
	if strings.HasPrefix(t, "\"") {
		return strings.Trim(t, "\"")
	}
	switch t {
	case "y", "m", "n":
		return t
	}
	if _, err := strconv.ParseInt(t, 0, 64); err == nil {
		return t
	}
	return p.k.value(t)
}

// macro turns an option into the #define autoconf.h would hold.
func (k *kconfig) macro(name string) *Macro {
	if k == nil || !strings.HasPrefix(name, "CONFIG_") || name == "CONFIG_HZ" {
		return nil
	}
	sym := strings.TrimPrefix(name, "CONFIG_")
	body := ""
	if base, ok := strings.CutSuffix(sym, "_MODULE"); ok && k.syms[base] != nil {
		if k.value(base) == "m" {
			body = "1"
		}
	} else {
		switch v := k.value(sym); v {
		case "", "n":
		case "y", "m":
			if v == "y" {
				body = "1"
			}
		default:
			if _, err := strconv.ParseInt(v, 0, 64); err == nil {
				body = v
			}
		}
	}
	if body == "" {
		return nil
	}
	return &Macro{Name: name, Body: tokenize(body), Pos: -1}
}
