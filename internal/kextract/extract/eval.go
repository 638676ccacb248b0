package extract

import (
	"math/big"
	"strconv"
	"strings"
)

// cval is a C integer value with its type's width and signedness, so that
// INT_MAX ((int)(~0U >> 1)), ULONG_MAX (~0UL) and U8_MAX ((u8)~0U) come out right.
type cval struct {
	v        *big.Int
	bits     int
	unsigned bool
}

func mkInt(x int64) cval { return cval{v: big.NewInt(x), bits: 32} }

func (c cval) Sign() int { return c.v.Sign() }

func (c cval) wrap() cval {
	if c.bits <= 0 || c.bits > 64 {
		return c
	}
	mod := new(big.Int).Lsh(big.NewInt(1), uint(c.bits))
	v := new(big.Int).Mod(c.v, mod)
	if !c.unsigned {
		half := new(big.Int).Rsh(mod, 1)
		if v.Cmp(half) >= 0 {
			v.Sub(v, mod)
		}
	}
	return cval{v: v, bits: c.bits, unsigned: c.unsigned}
}

// evalEnv resolves what plain arithmetic cannot: identifiers, sizeof, calls.
type evalEnv interface {
	ident(name string) (cval, bool)
	sizeof(toks []Token) (int64, bool)
	call(name string, args [][]Token) (cval, bool)
}

// evaluator parses and evaluates one C constant expression.
type evaluator struct {
	toks       []Token
	pos        int
	env        evalEnv
	unresolved string // first name that could not be resolved
	failed     bool
}

// evalConst evaluates an expression made of literals only.
func evalConst(toks []Token) (cval, bool) {
	return evalExpr(toks, nil)
}

func evalExpr(toks []Token, env evalEnv) (cval, bool) {
	v, ok, _ := evalExprWhy(toks, env)
	return v, ok
}

// evalExprWhy also returns the first identifier that stopped evaluation.
func evalExprWhy(toks []Token, env evalEnv) (cval, bool, string) {
	if len(toks) == 0 {
		return cval{}, false, ""
	}
	e := &evaluator{toks: toks, env: env}
	v := e.ternary()
	if e.failed || e.pos != len(toks) || v.v == nil {
		return cval{}, false, e.unresolved
	}
	return v, true, ""
}

func (e *evaluator) peek() string {
	if e.pos < len(e.toks) {
		return e.toks[e.pos].Text
	}
	return ""
}

func (e *evaluator) fail(why string) cval {
	if !e.failed && why != "" && e.unresolved == "" {
		e.unresolved = why
	}
	e.failed = true
	return cval{v: big.NewInt(0), bits: 32}
}

func (e *evaluator) ternary() cval {
	c := e.binary(0)
	if e.peek() == "?" {
		e.pos++
		// Only the branch taken must be computable (PAGE_SIZE in the other
		// one does not matter).
		a, aFailed, aWhy := e.branch(func() cval { return e.ternary() })
		if e.peek() != ":" {
			return e.fail("")
		}
		e.pos++
		b, bFailed, bWhy := e.branch(func() cval { return e.ternary() })
		if e.failed {
			return c
		}
		if c.Sign() != 0 {
			if aFailed {
				return e.fail(aWhy)
			}
			return a
		}
		if bFailed {
			return e.fail(bWhy)
		}
		return b
	}
	return c
}

// branch parses one arm of ?: without letting its failure spoil the other.
func (e *evaluator) branch(f func() cval) (cval, bool, string) {
	failed, why := e.failed, e.unresolved
	e.failed, e.unresolved = false, ""
	v := f()
	bf, bw := e.failed, e.unresolved
	e.failed, e.unresolved = failed, why
	if bf && bw == "" {
		// A syntax failure (no reason) spoils the whole expression.
		e.failed = true
	}
	return v, bf, bw
}

var binPrec = map[string]int{
	"||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6,
	"<": 7, ">": 7, "<=": 7, ">=": 7, "<<": 8, ">>": 8,
	"+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
}

func (e *evaluator) binary(minPrec int) cval {
	left := e.unary()
	for !e.failed {
		op := e.peek()
		p, ok := binPrec[op]
		if !ok || p <= minPrec {
			return left
		}
		if e.pos < len(e.toks) && e.toks[e.pos].Kind != Punct {
			return left
		}
		e.pos++
		right := e.binary(p)
		left = e.apply(op, left, right)
	}
	return left
}

func promote(a, b cval) (int, bool) {
	bits := 32
	if a.bits > bits {
		bits = a.bits
	}
	if b.bits > bits {
		bits = b.bits
	}
	uns := (a.unsigned && a.bits >= bits) || (b.unsigned && b.bits >= bits)
	return bits, uns
}

func boolVal(b bool) cval {
	if b {
		return mkInt(1)
	}
	return mkInt(0)
}

func (e *evaluator) apply(op string, a, b cval) cval {
	if e.failed || a.v == nil || b.v == nil {
		return e.fail("")
	}
	bits, uns := promote(a, b)
	r := new(big.Int)
	switch op {
	case "||":
		return boolVal(a.Sign() != 0 || b.Sign() != 0)
	case "&&":
		return boolVal(a.Sign() != 0 && b.Sign() != 0)
	case "==":
		return boolVal(a.v.Cmp(b.v) == 0)
	case "!=":
		return boolVal(a.v.Cmp(b.v) != 0)
	case "<":
		return boolVal(a.v.Cmp(b.v) < 0)
	case ">":
		return boolVal(a.v.Cmp(b.v) > 0)
	case "<=":
		return boolVal(a.v.Cmp(b.v) <= 0)
	case ">=":
		return boolVal(a.v.Cmp(b.v) >= 0)
	case "|":
		r.Or(a.v, b.v)
	case "^":
		r.Xor(a.v, b.v)
	case "&":
		r.And(a.v, b.v)
	case "<<", ">>":
		if b.v.Sign() < 0 || b.v.Cmp(big.NewInt(128)) > 0 {
			return e.fail("")
		}
		bits, uns = a.bits, a.unsigned
		if bits < 32 {
			bits, uns = 32, false
		}
		if op == "<<" {
			r.Lsh(a.v, uint(b.v.Int64()))
		} else {
			r.Rsh(a.v, uint(b.v.Int64()))
		}
	case "+":
		r.Add(a.v, b.v)
	case "-":
		r.Sub(a.v, b.v)
	case "*":
		r.Mul(a.v, b.v)
	case "/", "%":
		if b.v.Sign() == 0 {
			return e.fail("")
		}
		if op == "/" {
			r.Quo(a.v, b.v)
		} else {
			r.Rem(a.v, b.v)
		}
	}
	return cval{v: r, bits: bits, unsigned: uns}.wrap()
}

// typeWidth gives the width and signedness of an integer type name list.
func typeWidth(words []string) (int, bool, bool) {
	s := strings.Join(words, " ")
	s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "const ", ""), "volatile ", ""))
	switch s {
	case "int", "signed int", "signed", "s32", "__s32", "int32_t":
		return 32, false, true
	case "unsigned int", "unsigned", "u32", "__u32", "uint", "uint32_t", "__be32", "__le32":
		return 32, true, true
	case "long", "long int", "signed long", "long long", "long long int", "s64", "__s64", "ssize_t", "loff_t", "int64_t", "time64_t":
		return 64, false, true
	case "unsigned long", "unsigned long int", "unsigned long long", "u64", "__u64", "size_t", "ulong", "uint64_t", "phys_addr_t":
		return 64, true, true
	case "u8", "__u8", "unsigned char", "uint8_t":
		return 8, true, true
	case "s8", "__s8", "signed char", "char", "int8_t":
		return 8, false, true
	case "u16", "__u16", "unsigned short", "uint16_t", "unsigned short int":
		return 16, true, true
	case "s16", "__s16", "short", "short int", "int16_t":
		return 16, false, true
	case "bool", "_Bool":
		return 1, true, true
	}
	return 0, false, false
}

var typeWords = map[string]bool{
	"int": true, "long": true, "short": true, "char": true, "unsigned": true, "signed": true,
	"void": true, "bool": true, "_Bool": true, "const": true, "volatile": true, "struct": true, "union": true,
	"u8": true, "u16": true, "u32": true, "u64": true, "s8": true, "s16": true, "s32": true, "s64": true,
	"__u8": true, "__u16": true, "__u32": true, "__u64": true, "__s8": true, "__s16": true, "__s32": true, "__s64": true,
	"size_t": true, "ssize_t": true, "loff_t": true, "uint": true, "ulong": true, "__be32": true, "__le32": true,
	"uint8_t": true, "uint16_t": true, "uint32_t": true, "uint64_t": true, "int8_t": true, "int16_t": true,
	"int32_t": true, "int64_t": true, "time64_t": true, "phys_addr_t": true, "__force": true, "__user": true,
}

// castAt reports whether a cast "( type )" starts at e.pos, and its end.
func (e *evaluator) castAt() ([]string, bool, int) {
	if e.peek() != "(" {
		return nil, false, 0
	}
	var words []string
	ptr := false
	j := e.pos + 1
	for ; j < len(e.toks); j++ {
		t := e.toks[j]
		if t.Text == ")" {
			break
		}
		if t.Text == "*" {
			ptr = true
			continue
		}
		if t.Kind != Ident {
			return nil, false, 0
		}
		if !typeWords[t.Text] && !(j > e.pos+1 && (e.toks[j-1].Text == "struct" || e.toks[j-1].Text == "union")) {
			return nil, false, 0
		}
		words = append(words, t.Text)
	}
	if j >= len(e.toks) || len(words) == 0 || j+1 >= len(e.toks) {
		return nil, false, 0
	}
	return words, ptr, j + 1
}

func (e *evaluator) unary() cval {
	if e.pos >= len(e.toks) {
		return e.fail("")
	}
	t := e.toks[e.pos]
	if t.Kind == Punct {
		switch t.Text {
		case "-", "+", "!", "~":
			e.pos++
			v := e.unary()
			if e.failed {
				return v
			}
			switch t.Text {
			case "-":
				r := cval{v: new(big.Int).Neg(v.v), bits: v.bits, unsigned: v.unsigned}
				if r.bits < 32 {
					r.bits, r.unsigned = 32, false
				}
				return r.wrap()
			case "!":
				return boolVal(v.Sign() == 0)
			case "~":
				r := cval{v: new(big.Int).Not(v.v), bits: v.bits, unsigned: v.unsigned}
				if r.bits < 32 {
					r.bits, r.unsigned = 32, false
				}
				return r.wrap()
			}
			return v
		case "(":
			if words, ptr, end := e.castAt(); end > 0 {
				e.pos = end
				v := e.unary()
				if e.failed || ptr {
					return v
				}
				if bits, uns, ok := typeWidth(words); ok {
					if bits == 1 {
						return boolVal(v.Sign() != 0)
					}
					return cval{v: v.v, bits: bits, unsigned: uns}.wrap()
				}
				return v
			}
			e.pos++
			v := e.ternary()
			if e.peek() != ")" {
				return e.fail("")
			}
			e.pos++
			return v
		}
		return e.fail("")
	}
	switch t.Kind {
	case Number:
		e.pos++
		v, ok := parseNumber(t.Text)
		if !ok {
			return e.fail(t.Text)
		}
		return v
	case Char:
		e.pos++
		v, ok := parseChar(t.Text)
		if !ok {
			return e.fail(t.Text)
		}
		return v
	case Ident:
		if t.Text == "sizeof" {
			e.pos++
			var arg []Token
			if e.peek() == "(" {
				end := matchParen(e.toks, e.pos)
				if end < 0 {
					return e.fail("")
				}
				arg = e.toks[e.pos+1 : end]
				e.pos = end + 1
			} else {
				if e.pos >= len(e.toks) {
					return e.fail("")
				}
				arg = e.toks[e.pos : e.pos+1]
				e.pos++
			}
			if e.env == nil {
				return e.fail("sizeof")
			}
			n, ok := e.env.sizeof(arg)
			if !ok {
				return e.fail("sizeof(" + joinTokens(arg) + ")")
			}
			return cval{v: big.NewInt(n), bits: 64, unsigned: true}
		}
		e.pos++
		if e.peek() == "(" {
			end := matchParen(e.toks, e.pos)
			if end < 0 {
				return e.fail(t.Text)
			}
			args := splitArgs(e.toks[e.pos+1 : end])
			e.pos = end + 1
			if e.env != nil {
				if v, ok := e.env.call(t.Text, args); ok {
					return v
				}
			}
			return e.fail(t.Text + "()")
		}
		if e.env != nil {
			if v, ok := e.env.ident(t.Text); ok {
				return v
			}
		}
		return e.fail(t.Text)
	}
	return e.fail(t.Text)
}

func parseNumber(s string) (cval, bool) {
	low := strings.ToLower(s)
	uns := false
	longs := 0
	for len(low) > 0 {
		c := low[len(low)-1]
		if c == 'u' {
			uns = true
		} else if c == 'l' {
			longs++
		} else {
			break
		}
		low = low[:len(low)-1]
	}
	base := 10
	digits := low
	switch {
	case strings.HasPrefix(low, "0x"):
		base, digits = 16, low[2:]
	case strings.HasPrefix(low, "0b"):
		base, digits = 2, low[2:]
	case len(low) > 1 && low[0] == '0':
		base, digits = 8, low[1:]
	}
	v, ok := new(big.Int).SetString(digits, base)
	if !ok {
		return cval{}, false
	}
	bits := 32
	if longs > 0 {
		bits = 64
	}
	// An unsuffixed constant takes the first type that holds it.
	if bits == 32 {
		lim := int64(1<<31 - 1)
		if uns || base != 10 {
			lim = 1<<32 - 1
		}
		if v.Cmp(big.NewInt(lim)) > 0 {
			bits = 64
		} else if !uns && base != 10 && v.Cmp(big.NewInt(1<<31-1)) > 0 {
			uns = true
		}
	}
	return cval{v: v, bits: bits, unsigned: uns}, true
}

func parseChar(s string) (cval, bool) {
	if len(s) < 3 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return cval{}, false
	}
	u, err := strconv.Unquote(s)
	if err != nil || len(u) != 1 {
		return cval{}, false
	}
	return mkInt(int64(u[0])), true
}

// matchParen returns the index of the token closing the bracket at toks[i].
func matchParen(toks []Token, i int) int {
	if i >= len(toks) {
		return -1
	}
	open := toks[i].Text
	var close string
	switch open {
	case "(":
		close = ")"
	case "[":
		close = "]"
	case "{":
		close = "}"
	default:
		return -1
	}
	depth := 0
	for j := i; j < len(toks); j++ {
		if toks[j].Kind != Punct {
			continue
		}
		switch toks[j].Text {
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// splitArgs splits tokens at commas outside any brackets.
func splitArgs(toks []Token) [][]Token {
	if len(toks) == 0 {
		return nil
	}
	var out [][]Token
	depth := 0
	start := 0
	for j, t := range toks {
		if t.Kind != Punct {
			continue
		}
		switch t.Text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ",":
			if depth == 0 {
				out = append(out, toks[start:j])
				start = j + 1
			}
		}
	}
	return append(out, toks[start:])
}

func joinTokens(toks []Token) string {
	var b strings.Builder
	for k, t := range toks {
		if k > 0 && needSpace(toks[k-1], t) {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

func needSpace(a, b Token) bool {
	wordy := func(t Token) bool { return t.Kind == Ident || t.Kind == Number }
	return wordy(a) && wordy(b)
}
