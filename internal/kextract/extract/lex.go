package extract

import (
	"strings"
)

// Kind is the lexical class of a C token.
type Kind uint8

// Token kinds.
const (
	Ident Kind = iota + 1
	Number
	String
	Char
	Punct
)

// Token is one C token after preprocessing directives were taken out.
type Token struct {
	Kind  Kind
	Text  string
	Guard int32 // index into lexed.guards: the #if conditions the token sits under
	Line  int32
}

// Macro is one #define (or #undef when Undef is set).
type Macro struct {
	Name     string
	FuncLike bool
	Params   []string
	Variadic bool
	Body     []Token
	Pos      int // index of the next token in the file when it was defined
	Undef    bool
}

// lexed is one file split into tokens, with its macros and the config guards.
type lexed struct {
	toks   []Token
	guards []string // guards[0] == "": no guard
	macros []*Macro
}

// condFrame is one open #if/#ifdef.
type condFrame struct {
	outerActive bool   // tokens of the enclosing block are kept
	active      bool   // tokens of the current branch are kept
	decided     bool   // a branch known to be true was already taken
	cond        string // guard text of the current branch ("" when not a CONFIG_ condition)
	prev        []string
	branchStart int // index in toks where the current branch began
	firstDelta  int // brace balance of the first kept branch
	haveFirst   bool
}

// lex splits C source into tokens. It removes comments and line continuations,
// records #defines, drops the bodies of #if 0 blocks, and keeps both branches
// of any other conditional (unless a branch opens or closes a block, then
// only the first is kept), tagging tokens with the CONFIG_ guards
// they sit under. It never fails: odd input yields odd tokens.
func lex(src []byte) *lexed {
	s := splice(src)
	l := &lexed{guards: []string{""}}
	guardIndex := map[string]int32{"": 0}
	var stack []*condFrame
	curGuard := int32(0)
	recomputeGuard := func() {
		var parts []string
		for _, f := range stack {
			if f.cond != "" {
				parts = append(parts, f.cond)
			}
		}
		g := strings.Join(parts, "&&")
		if len(g) > 4*maxGuard {
			g = g[:4*maxGuard]
		}
		id, ok := guardIndex[g]
		if !ok {
			id = int32(len(l.guards))
			l.guards = append(l.guards, g)
			guardIndex[g] = id
		}
		curGuard = id
	}
	active := func() bool {
		if len(stack) == 0 {
			return true
		}
		f := stack[len(stack)-1]
		return f.outerActive && f.active
	}
	line := int32(1)
	atLineStart := true
	i := 0
	n := len(s)
	for i < n {
		c := s[i]
		switch {
		case c == '\n':
			line++
			atLineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '/' && i+1 < n && s[i+1] == '*':
			j := strings.Index(s[i+2:], "*/")
			end := n
			if j >= 0 {
				end = i + 2 + j + 2
			}
			line += int32(strings.Count(s[i:end], "\n"))
			i = end
			continue
		case c == '/' && i+1 < n && s[i+1] == '/':
			for i < n && s[i] != '\n' {
				i++
			}
			continue
		case c == '#' && atLineStart:
			// A directive: up to the end of the line, comments removed.
			var b strings.Builder
			j := i + 1
			for j < n && s[j] != '\n' {
				if s[j] == '/' && j+1 < n && s[j+1] == '*' {
					k := strings.Index(s[j+2:], "*/")
					if k < 0 {
						j = n
						break
					}
					line += int32(strings.Count(s[j:j+2+k+2], "\n"))
					j = j + 2 + k + 2
					b.WriteByte(' ')
					continue
				}
				if s[j] == '/' && j+1 < n && s[j+1] == '/' {
					for j < n && s[j] != '\n' {
						j++
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			i = j
			l.directive(b.String(), &stack, active, recomputeGuard, line)
			continue
		}
		atLineStart = false
		if !active() {
			// Skipped text need not be C (apostrophes in #if 0 prose): only
			// comments and newlines matter, which the cases above handle.
			i++
			continue
		}
		tok, next := scanToken(s, i)
		i = next
		if tok.Kind == 0 {
			continue
		}
		tok.Guard = curGuard
		tok.Line = line
		l.toks = append(l.toks, tok)
	}
	return l
}

// splice removes backslash-newline pairs.
func splice(src []byte) string {
	s := string(src)
	if !strings.Contains(s, "\\\n") && !strings.Contains(s, "\\\r\n") {
		return s
	}
	s = strings.ReplaceAll(s, "\\\r\n", "")
	return strings.ReplaceAll(s, "\\\n", "")
}

var puncts3 = []string{"<<=", ">>=", "..."}
var puncts2 = []string{"->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "##"}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// scanToken reads one token at s[i]. Kind 0 means nothing useful (stray byte).
func scanToken(s string, i int) (Token, int) {
	n := len(s)
	c := s[i]
	switch {
	case isIdentStart(c):
		j := i + 1
		for j < n && isIdentChar(s[j]) {
			j++
		}
		return Token{Kind: Ident, Text: s[i:j]}, j
	case isDigit(c) || (c == '.' && i+1 < n && isDigit(s[i+1])):
		j := i + 1
		for j < n {
			d := s[j]
			if isIdentChar(d) || d == '.' {
				j++
				continue
			}
			if (d == '+' || d == '-') && (s[j-1] == 'e' || s[j-1] == 'E' || s[j-1] == 'p' || s[j-1] == 'P') &&
				!strings.HasPrefix(s[i:j], "0x") && !strings.HasPrefix(s[i:j], "0X") {
				j++
				continue
			}
			break
		}
		return Token{Kind: Number, Text: s[i:j]}, j
	case c == '"' || c == '\'':
		j := i + 1
		for j < n && s[j] != c && s[j] != '\n' {
			if s[j] == '\\' && j+1 < n {
				j++
			}
			j++
		}
		end := j
		if j < n && s[j] == c {
			end = j + 1
		}
		k := String
		if c == '\'' {
			k = Char
		}
		return Token{Kind: k, Text: s[i:end]}, end
	}
	for _, p := range puncts3 {
		if strings.HasPrefix(s[i:], p) {
			return Token{Kind: Punct, Text: p}, i + 3
		}
	}
	for _, p := range puncts2 {
		if strings.HasPrefix(s[i:], p) {
			return Token{Kind: Punct, Text: p}, i + 2
		}
	}
	if c < 0x80 && strings.IndexByte("{}[]()<>;:,.?!~+-*/%&|^=#", c) >= 0 {
		return Token{Kind: Punct, Text: s[i : i+1]}, i + 1
	}
	return Token{}, i + 1
}

// tokenize splits a line of C (no directives, no comments) into tokens.
func tokenize(s string) []Token {
	var out []Token
	i := 0
	for i < len(s) {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' {
			i++
			continue
		}
		t, next := scanToken(s, i)
		i = next
		if t.Kind != 0 {
			out = append(out, t)
		}
	}
	return out
}

func braceDelta(toks []Token) int {
	d := 0
	for _, t := range toks {
		if t.Kind == Punct {
			switch t.Text {
			case "{":
				d++
			case "}":
				d--
			}
		}
	}
	return d
}

// directive handles one preprocessor line (without the leading '#').
func (l *lexed) directive(text string, stack *[]*condFrame, active func() bool, recompute func(), line int32) {
	text = strings.TrimSpace(text)
	name := text
	rest := ""
	for k := 0; k < len(text); k++ {
		if !isIdentChar(text[k]) {
			name, rest = text[:k], strings.TrimSpace(text[k:])
			break
		}
	}
	top := func() *condFrame {
		if len(*stack) == 0 {
			return nil
		}
		return (*stack)[len(*stack)-1]
	}
	// endBranch drops an alternative branch whose brace balance differs from
	// the first kept one, so that both-branch reading never unbalances blocks.
	endBranch := func(f *condFrame) {
		if !(f.outerActive && f.active) {
			return
		}
		if f.branchStart > len(l.toks) {
			f.branchStart = len(l.toks)
		}
		d := braceDelta(l.toks[f.branchStart:])
		if !f.haveFirst {
			f.haveFirst = true
			f.firstDelta = d
			return
		}
		// Both branches are kept only when neither opens or closes a block
		// (table entries, statements); otherwise the first one stands alone.
		if d != 0 || f.firstDelta != 0 {
			l.toks = l.toks[:f.branchStart]
		}
	}
	switch name {
	case "define":
		if !active() {
			return
		}
		if m := parseDefine(rest); m != nil {
			m.Pos = len(l.toks)
			l.macros = append(l.macros, m)
		}
	case "undef":
		if !active() {
			return
		}
		if f := strings.Fields(rest); len(f) > 0 {
			l.macros = append(l.macros, &Macro{Name: f[0], Undef: true, Pos: len(l.toks)})
		}
	case "ifdef", "ifndef", "if":
		outer := active()
		f := &condFrame{outerActive: outer, active: true, branchStart: len(l.toks)}
		f.cond = branchCond(f, strings.TrimPrefix(name, "if"), rest)
		*stack = append(*stack, f)
		recompute()
	case "elif", "elifdef", "elifndef":
		f := top()
		if f == nil {
			return
		}
		endBranch(f)
		if f.cond != "" && len(f.prev) < 8 {
			f.prev = append(f.prev, f.cond)
		}
		f.branchStart = len(l.toks)
		if f.decided {
			f.active = false
			f.cond = ""
			recompute()
			return
		}
		f.active = true
		f.cond = joinConds(negateAll(f.prev), branchCond(f, strings.TrimPrefix(name, "elif"), rest))
		recompute()
	case "else":
		f := top()
		if f == nil {
			return
		}
		endBranch(f)
		if f.cond != "" && len(f.prev) < 8 {
			f.prev = append(f.prev, f.cond)
		}
		f.branchStart = len(l.toks)
		if f.decided {
			f.active = false
			f.cond = ""
		} else {
			f.active = true
			f.decided = true
			f.cond = joinConds(negateAll(f.prev), "")
		}
		recompute()
	case "endif":
		f := top()
		if f == nil {
			return
		}
		endBranch(f)
		*stack = (*stack)[:len(*stack)-1]
		recompute()
	}
	_ = line
}

// maxGuard bounds a guard's length: long #elif chains would otherwise grow
// quadratically, and such a guard says nothing useful anyway.
const maxGuard = 160

func joinConds(a []string, b string) string {
	n := len(b)
	for _, x := range a {
		n += len(x) + 2
	}
	if n > maxGuard {
		return ""
	}
	parts := append([]string{}, a...)
	if b != "" {
		parts = append(parts, b)
	}
	return strings.Join(parts, "&&")
}

func negateAll(conds []string) []string {
	var out []string
	for _, c := range conds {
		out = append(out, negate(c))
	}
	return out
}

func negate(c string) string {
	if isIdentOnly(c) {
		return "!" + c
	}
	if strings.HasPrefix(c, "!") && isIdentOnly(c[1:]) {
		return c[1:]
	}
	return "!(" + c + ")"
}

func isIdentOnly(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for k := 1; k < len(s); k++ {
		if !isIdentChar(s[k]) {
			return false
		}
	}
	return true
}

// ignoredGuards are conditions every sysctl key already implies.
var ignoredGuards = map[string]bool{"CONFIG_SYSCTL": true, "CONFIG_PROC_SYSCTL": true, "CONFIG_PROC_FS": false}

func configCond(rest string, neg bool) string {
	f := strings.Fields(rest)
	if len(f) == 0 || !strings.HasPrefix(f[0], "CONFIG_") || ignoredGuards[f[0]] {
		return ""
	}
	if neg {
		return "!" + f[0]
	}
	return f[0]
}

// normCond turns an #if expression that mentions CONFIG_ symbols into a
// compact guard text: defined(X), IS_ENABLED(X) and friends become X.
func normCond(toks []Token) string {
	hasConfig := false
	var b strings.Builder
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.Kind == Ident {
			switch t.Text {
			case "defined", "IS_ENABLED", "IS_BUILTIN", "IS_MODULE", "IS_REACHABLE":
				if k+3 < len(toks) && toks[k+1].Text == "(" && toks[k+3].Text == ")" {
					b.WriteString(toks[k+2].Text)
					if strings.HasPrefix(toks[k+2].Text, "CONFIG_") {
						hasConfig = true
					}
					k += 3
					continue
				}
				if t.Text == "defined" && k+1 < len(toks) && toks[k+1].Kind == Ident {
					b.WriteString(toks[k+1].Text)
					if strings.HasPrefix(toks[k+1].Text, "CONFIG_") {
						hasConfig = true
					}
					k++
					continue
				}
			}
			if strings.HasPrefix(t.Text, "CONFIG_") {
				hasConfig = true
			}
		}
		b.WriteString(t.Text)
	}
	if !hasConfig {
		return ""
	}
	// Conditions every sysctl key implies are dropped from conjunctions.
	var keep []string
	for _, part := range splitAnd(b.String()) {
		if !ignoredGuards[part] {
			keep = append(keep, part)
		}
	}
	return strings.Join(keep, "&&")
}

// constCond evaluates #if expressions made only of numbers (#if 0, #if 1).
func constCond(toks []Token) (bool, bool) {
	if len(toks) == 0 {
		return false, false
	}
	for _, t := range toks {
		if t.Kind == Ident || t.Kind == String {
			return false, false
		}
	}
	v, ok := evalConst(toks)
	if !ok {
		return false, false
	}
	return v.Sign() != 0, true
}

// parseDefine reads "NAME(params) body" or "NAME body".
func parseDefine(rest string) *Macro {
	k := 0
	for k < len(rest) && isIdentChar(rest[k]) {
		k++
	}
	if k == 0 || !isIdentStart(rest[0]) {
		return nil
	}
	m := &Macro{Name: rest[:k]}
	body := rest[k:]
	if strings.HasPrefix(body, "(") {
		m.FuncLike = true
		end := strings.IndexByte(body, ')')
		if end < 0 {
			return nil
		}
		for _, p := range strings.Split(body[1:end], ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if p == "..." {
				m.Variadic = true
				m.Params = append(m.Params, "__VA_ARGS__")
				continue
			}
			if strings.HasSuffix(p, "...") {
				m.Variadic = true
				p = strings.TrimSpace(strings.TrimSuffix(p, "..."))
			}
			m.Params = append(m.Params, p)
		}
		body = body[end+1:]
	}
	m.Body = tokenize(body)
	return m
}

// branchCond is the condition of an #if/#elif branch: kind "def" and
// "ndef" test a CONFIG_ option; otherwise a constant expression decides
// the branch (setting f.active and f.decided) or is kept as a condition.
func branchCond(f *condFrame, kind, rest string) string {
	switch kind {
	case "def":
		return configCond(rest, false)
	case "ndef":
		return configCond(rest, true)
	}
	toks := tokenize(rest)
	if v, ok := constCond(toks); ok {
		f.active, f.decided = v, v
		return ""
	}
	return normCond(toks)
}
