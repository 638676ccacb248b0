package extract

import (
	"strings"
	"testing"
)

func texts(toks []Token) string {
	var s []string
	for _, t := range toks {
		s = append(s, t.Text)
	}
	return strings.Join(s, " ")
}

func TestLexDropsCommentsAndIfZero(t *testing.T) {
	src := "a /* b { */ c // d {\n#if 0\nit's { prose\n#else\ne\n#endif\nf \"g // h\" 'i'\n"
	got := texts(lex([]byte(src)).toks)
	if want := "a c e f \"g // h\" 'i'"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLexGuards(t *testing.T) {
	src := "#ifdef CONFIG_A\na\n#if IS_ENABLED(CONFIG_B) && defined(CONFIG_SYSCTL)\nb\n#else\nc\n#endif\n#endif\n#ifndef CONFIG_C\nd\n#endif\ne\n"
	l := lex([]byte(src))
	got := map[string]string{}
	for _, tk := range l.toks {
		got[tk.Text] = l.guards[tk.Guard]
	}
	want := map[string]string{"a": "CONFIG_A", "b": "CONFIG_A&&CONFIG_B", "c": "CONFIG_A&&!CONFIG_B", "d": "!CONFIG_C", "e": ""}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: guard %q, want %q", k, got[k], w)
		}
	}
}

func TestLexKeepsOnlyFirstBranchThatOpensBlocks(t *testing.T) {
	src := "#ifdef CONFIG_A\nint f(int a) {\n#else\nint f(void) {\n#endif\nreturn 0; }\n"
	if got := braceDelta(lex([]byte(src)).toks); got != 0 {
		t.Errorf("brace balance %d after both branches", got)
	}
}

func TestLexContinuationAndDefine(t *testing.T) {
	l := lex([]byte("#define M(x, y) \\\n\t{ .a = #x, .b = y ## _t }\nM(q, r)\n"))
	if len(l.macros) != 1 || !l.macros[0].FuncLike || strings.Join(l.macros[0].Params, ",") != "x,y" {
		t.Fatalf("macro: %+v", l.macros)
	}
	exp := newExpander(func(n string) *Macro {
		if n == "M" {
			return l.macros[0]
		}
		return nil
	}).expand(l.toks)
	if got, want := texts(exp), "{ . a = \"q\" , . b = r_t }"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMacroRecursionStops(t *testing.T) {
	m := &Macro{Name: "A", Body: tokenize("A + 1")}
	exp := newExpander(func(n string) *Macro {
		if n == "A" {
			return m
		}
		return nil
	}).expand(tokenize("A"))
	if got := texts(exp); got != "A + 1" {
		t.Errorf("got %q", got)
	}
}

func TestEvalConstants(t *testing.T) {
	cases := map[string]string{
		"((int)(~0U >> 1))":        "2147483647",
		"((long)(~0UL >> 1))":      "9223372036854775807",
		"(~0UL)":                   "18446744073709551615",
		"((u8)~0U)":                "255",
		"(-((int)(~0U >> 1)) - 1)": "-2147483648",
		"4 * 1024 * 1024":          "4194304",
		"1 << 10":                  "1024",
		"0x10 + 010":               "24",
		"1 ? 7 : 8":                "7",
		"(3 > 2) && (1 || 0)":      "1",
	}
	for src, want := range cases {
		v, ok := evalConst(tokenize(src))
		if !ok || v.v.String() != want {
			t.Errorf("%s = %v (ok %v), want %s", src, v.v, ok, want)
		}
	}
	for _, bad := range []string{"1 / 0", "PAGE_SIZE * 2", "1 +", "(", "x ? 1 : 2"} {
		if v, ok := evalConst(tokenize(bad)); ok {
			t.Errorf("%s evaluated to %v", bad, v.v)
		}
	}
	// Only the branch taken needs a value.
	if v, ok := evalConst(tokenize("0 ? PAGE_SIZE : 8")); !ok || v.v.Int64() != 8 {
		t.Errorf("ternary: %v %v", v.v, ok)
	}
}

func TestFormatToName(t *testing.T) {
	if got := formatToName("net/%s/neigh/%s"); got != "net/<name>/neigh/<name>" {
		t.Errorf("got %q", got)
	}
	if got := formatToName("a%%b%02d"); got != "a%b<name>" {
		t.Errorf("got %q", got)
	}
}
