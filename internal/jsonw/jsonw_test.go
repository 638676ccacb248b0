package jsonw

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// encode is what every JSON output of twadvise is measured against.
func encode(t testing.TB, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestAppendString compares the string quoting with encoding/json's (HTML
// escaping off) on hand-picked and random strings.
func TestAppendString(t *testing.T) {
	cases := []string{"", "plain", `"\`, "\b\f\n\r\t\x00\x1f\x7f", "<>&", "\u2028\u2029", "é€😀", "\xff", "a\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80"}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "\"", "\\", "\n", "\x01", "\x7f", "é", "\u2028", "\xff", "\xc3", "\xe2\x80", "😀", "<"}
	for range 2000 {
		var sb strings.Builder
		for range r.IntN(12) {
			sb.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		cases = append(cases, sb.String())
	}
	for _, s := range cases {
		if got, want := string(AppendString(nil, s))+"\n", encode(t, s); got != want {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
}

// FuzzAppendString: any string is quoted byte for byte as encoding/json
// quotes it.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `"\`, "\x00\x01\b\f\n\r\t\x1f\x7f", "<&>", "é中🚀", "\u2028\u2029", "\xff\xfe", "a\xc3", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(AppendString(nil, s))+"\n", encode(t, s); got != want {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	})
}

type doc struct {
	Schema int               `json:"schema"`
	Name   *string           `json:"name"`
	Empty  []string          `json:"empty"`
	Items  []item            `json:"items"`
	Nested map[string][]bool `json:"nested"`
}

type item struct {
	Key  string   `json:"key"`
	Tags []string `json:"tags"`
	N    int      `json:"n"`
}

// TestDocumentSameAsEncodingJSON writes a document with every kind of
// value, including empty arrays, nulls and a nested array resumed with
// InArray, and compares it with encoding/json's.
func TestDocumentSameAsEncodingJSON(t *testing.T) {
	name := "a <b>"
	want := encode(t, doc{Schema: 2, Name: &name, Empty: []string{}, Items: []item{{"k\n", []string{"x", "é"}, -3}, {"", []string{}, 0}},
		Nested: map[string][]bool{"flags": {true, false}}})
	var b bytes.Buffer
	j := New(&b)
	j.Open('{')
	j.Key("schema")
	j.Int(2)
	j.Key("name")
	j.StringOrNull(&name)
	j.Key("empty")
	j.Strings(nil)
	j.Key("items")
	j.Open('[')
	for _, it := range []item{{"k\n", []string{"x", "é"}, -3}, {"", []string{}, 0}} {
		j.Next()
		j.Open('{')
		j.StringMember("key", it.Key)
		j.Key("tags")
		j.Strings(it.Tags)
		j.IntMember("n", it.N)
		j.Close('}')
	}
	j.Close(']')
	j.Key("nested")
	j.Open('{')
	j.Key("flags")
	j.Open('[')
	j.Next()
	j.Bool(true)
	j.Next()
	j.Bool(false)
	j.Close(']')
	j.Close('}')
	j.Close('}')
	if err := j.End(); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}

	// The same items array, resumed after a head written elsewhere.
	head, _, _ := strings.Cut(want, `"items": [`)
	b.Reset()
	b.WriteString(head + `"items": [`)
	j = InArray(&b, 2)
	j.Next()
	j.Null()
	j.Close(']')
	if err := j.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); !strings.HasSuffix(got, "\"items\": [\n    null\n  ]") {
		t.Errorf("InArray: %q", got[len(head):])
	}
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// A write error is kept and returned, not lost.
func TestWriteErrorSticks(t *testing.T) {
	j := New(failing{})
	j.Open('[')
	j.Close(']')
	if err := j.End(); err == nil || err.Error() != "disk full" {
		t.Errorf("End() = %v, want the write error", err)
	}
}
