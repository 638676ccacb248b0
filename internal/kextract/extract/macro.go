package extract

import (
	"strconv"
	"strings"
)

// macroLookup finds the definition of a macro in effect at a point.
type macroLookup func(name string) *Macro

// expander expands C macros, with # stringification and ## pasting. It
// stops after a fixed amount of work so hostile input cannot blow up.
type expander struct {
	lookup macroLookup
	budget int
}

func newExpander(lookup macroLookup) *expander {
	return &expander{lookup: lookup, budget: 20000}
}

func (x *expander) expand(in []Token) []Token {
	return x.expandHide(in, nil, 0)
}

func (x *expander) expandHide(in []Token, hide []string, depth int) []Token {
	if depth > 60 {
		return in
	}
	out := make([]Token, 0, len(in))
	for i := 0; i < len(in); i++ {
		t := in[i]
		if t.Kind != Ident || contains(hide, t.Text) || x.budget <= 0 {
			out = append(out, t)
			continue
		}
		m := x.lookup(t.Text)
		if m == nil || m.Undef {
			out = append(out, t)
			continue
		}
		x.budget--
		if !m.FuncLike {
			body := pasteTokens(retag(m.Body, t))
			out = append(out, x.expandHide(body, append(hide[:len(hide):len(hide)], m.Name), depth+1)...)
			continue
		}
		if i+1 >= len(in) || in[i+1].Text != "(" {
			out = append(out, t)
			continue
		}
		end := matchParen(in, i+1)
		if end < 0 {
			out = append(out, t)
			continue
		}
		args := splitArgs(in[i+1+1 : end])
		body := x.substitute(m, args, hide, depth, t)
		out = append(out, x.expandHide(body, append(hide[:len(hide):len(hide)], m.Name), depth+1)...)
		i = end
	}
	return out
}

// retag gives expanded tokens the guard and line of the macro use.
func retag(body []Token, at Token) []Token {
	out := make([]Token, len(body))
	for k, b := range body {
		b.Guard, b.Line = at.Guard, at.Line
		out[k] = b
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (x *expander) substitute(m *Macro, args [][]Token, hide []string, depth int, at Token) []Token {
	argOf := func(name string) ([]Token, bool) {
		for k, p := range m.Params {
			if p != name {
				continue
			}
			if m.Variadic && k == len(m.Params)-1 {
				// The variadic parameter takes the rest, commas included.
				var rest []Token
				for j := k; j < len(args); j++ {
					if j > k {
						rest = append(rest, Token{Kind: Punct, Text: ","})
					}
					rest = append(rest, args[j]...)
				}
				return rest, true
			}
			if k < len(args) {
				return args[k], true
			}
			return nil, true
		}
		return nil, false
	}
	body := m.Body
	var out []Token
	for k := 0; k < len(body); k++ {
		t := body[k]
		if t.Text == "#" && t.Kind == Punct && k+1 < len(body) {
			if a, ok := argOf(body[k+1].Text); ok {
				out = append(out, Token{Kind: String, Text: strconv.Quote(joinTokens(a)), Guard: at.Guard, Line: at.Line})
				k++
				continue
			}
		}
		if t.Kind == Ident {
			if a, ok := argOf(t.Text); ok {
				pasted := (k+1 < len(body) && body[k+1].Text == "##") || (k > 0 && body[k-1].Text == "##")
				if pasted {
					if len(a) == 0 {
						out = append(out, Token{Kind: 0, Text: ""}) // placemarker
					} else {
						out = append(out, a...)
					}
				} else {
					out = append(out, x.expandHide(a, hide, depth+1)...)
				}
				continue
			}
		}
		t.Guard, t.Line = at.Guard, at.Line
		out = append(out, t)
	}
	return pasteTokens(out)
}

// pasteTokens joins the tokens around each ## into one token.
func pasteTokens(in []Token) []Token {
	has := false
	for _, t := range in {
		if t.Text == "##" && t.Kind == Punct {
			has = true
			break
		}
	}
	if !has {
		return dropPlacemarkers(in)
	}
	var out []Token
	for k := 0; k < len(in); k++ {
		t := in[k]
		if t.Text == "##" && t.Kind == Punct && len(out) > 0 && k+1 < len(in) {
			left := out[len(out)-1]
			right := in[k+1]
			text := left.Text + right.Text
			nt := tokenize(text)
			if len(nt) == 1 {
				nt[0].Guard, nt[0].Line = left.Guard, left.Line
				out[len(out)-1] = nt[0]
			} else {
				out[len(out)-1] = Token{Kind: left.Kind, Text: text, Guard: left.Guard, Line: left.Line}
				if left.Kind == 0 {
					out[len(out)-1].Kind = right.Kind
				}
			}
			k++
			continue
		}
		out = append(out, t)
	}
	return dropPlacemarkers(out)
}

func dropPlacemarkers(in []Token) []Token {
	out := in[:0:0]
	for _, t := range in {
		if t.Kind == 0 && t.Text == "" {
			continue
		}
		out = append(out, t)
	}
	return out
}

// stringValue concatenates adjacent string literals ("net/" "ipv4").
func stringValue(toks []Token) (string, bool) {
	var b strings.Builder
	n := 0
	for _, t := range toks {
		if t.Kind == Punct && (t.Text == "(" || t.Text == ")") {
			continue
		}
		if t.Kind != String || len(t.Text) < 2 || t.Text[0] != '"' {
			return "", false
		}
		s, err := strconv.Unquote(t.Text)
		if err != nil {
			s = t.Text[1 : len(t.Text)-1]
		}
		b.WriteString(s)
		n++
	}
	return b.String(), n > 0
}
