package catalog

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// TestGeneratedFileFresh: kb.gen.tsv must be what `go generate` makes of
// tables/*.tsv and curated.json now.
func TestGeneratedFileFresh(t *testing.T) {
	kb, err := LoadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := kb.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if buf.String() != genFile {
		t.Fatal("kernel/catalog/kb.gen.tsv is stale: run `go generate ./kernel/catalog`")
	}
	if err := BuiltinErr(); err != nil {
		t.Fatalf("embedded knowledge base: %v", err)
	}
	// Decoding parses key blocks lazily: encoding the decoded base parses
	// them all, and must give the file back.
	buf.Reset()
	if err := Builtin().Encode(&buf); err != nil {
		t.Fatalf("embedded knowledge base: %v", err)
	}
	if buf.String() != genFile {
		t.Fatal("the embedded knowledge base does not decode to what was encoded")
	}
}

// TestEncodeRoundTrip: what Decode reads back answers as Build did.
func TestEncodeRoundTrip(t *testing.T) {
	built := testKB(t)
	var buf bytes.Buffer
	if err := built.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	decoded, err := Decode(buf.String())
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := decoded.Encode(&again); err != nil {
		t.Fatal(err)
	}
	if again.String() != buf.String() {
		t.Fatal("Encode(Decode(Encode(kb))) differs from Encode(kb)")
	}
	for _, name := range built.Keys() {
		a, _ := built.Key(name)
		b, ok := decoded.Key(name)
		if !ok {
			t.Fatalf("%s lost in the round trip", name)
		}
		for _, r := range []string{"3.10", "4.12", "5.13", "6.18"} {
			sa, sb := a.At(v(r)), b.At(v(r))
			if sa.Status != sb.Status || sa.Facts != sb.Facts || !reflect.DeepEqual(sa.Min, sb.Min) {
				t.Errorf("%s @%s: built %+v, decoded %+v", name, r, sa, sb)
			}
		}
	}
	for _, bad := range []string{"", "nonsense\n", genMagic + "\nX\ty\n", genMagic + "\n=\t4.9\t4.9\n", genMagic + "\nK\tb\nK\ta\n", genMagic + "\nR\tfour\t-\tt\n"} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("Decode(%q): no error", bad)
		}
	}
	for _, bad := range []string{"K\ta.b\n=\t9.9\t9.9\n", "K\ta.b\tm\ts\tv\nX\n", "K\ta.b\tm\ts\tv\nE\tnoop\n"} {
		kb, err := Decode(genMagic + "\n" + bad)
		if err != nil {
			t.Fatalf("Decode indexes without parsing blocks: %v", err)
		}
		if err := kb.Encode(&bytes.Buffer{}); err == nil {
			t.Errorf("block %q: no error when parsed", bad)
		}
	}
}

func BenchmarkDecodeBuiltin(b *testing.B) {
	for b.Loop() {
		if _, err := Decode(genFile); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKeyAt(b *testing.B) {
	kb, err := Decode(genFile)
	if err != nil {
		b.Fatal(err)
	}
	names := kb.Keys()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k, _ := kb.Key(names[i%len(names)])
		k.At(v("5.4"))
	}
}

func TestSuggest(t *testing.T) {
	kb := testKB(t)
	tests := []struct{ key, first string }{
		{"net.ipv4.tcp_tw_recylce", "net.ipv4.tcp_tw_recycle"},
		{"net.ipv4_timestamps", "net.ipv4.tcp_timestamps"},
		{"net.ipv4.tcp.timestamps", "net.ipv4.tcp_timestamps"},
		{"net/ipv4/tcp_timestamp", "net.ipv4.tcp_timestamps"},
		{"net.ipv4.conf.eth0.rp_filtr", "net.ipv4.conf.eth0.rp_filter"},
		{"net.ipv4.conf.eth0.100.rp_filter", "net.ipv4.conf.eth0/100.rp_filter"},
		{"kernel.sysrqq", "kernel.sysrq"},
		{"net.ipv4.tcp_tw_reuse", ""},
		{"", ""},
	}
	for _, tc := range tests {
		got := kb.Suggest(tc.key)
		if (tc.first == "") != (len(got) == 0) || (tc.first != "" && got[0] != tc.first) {
			t.Errorf("Suggest(%q) = %v, want %q first", tc.key, got, tc.first)
		}
	}
	var nilKB *KB
	if _, ok := nilKB.Key("a.b"); ok || nilKB.Suggest("a.b") != nil {
		t.Error("a nil KB must know nothing")
	}
}

func TestKeysAndGlobs(t *testing.T) {
	kb := testKB(t)
	keys := kb.Keys()
	if len(keys) == 0 || !strings.Contains(strings.Join(keys, " "), "net.ipv4.conf.<iface>.rp_filter") {
		t.Fatalf("Keys() = %v", keys)
	}
	for key, want := range map[string]bool{"net.ipv4.tcp_tw_*": true, "net.ipv4.conf.*.rp_filter": true, "net.ipv4.*.rp_filter": false,
		"net.ipv4.conf.eth0.100.rp_filter": false, "dev.parport.a.b.timeslice": false} {
		if _, ok := kb.Key(key); ok != want {
			t.Errorf("Key(%q) found = %v, want %v", key, ok, want)
		}
	}
	if n := kb.Newest(); n.Name != "6.18" || !n.NamesOnly || len(kb.Releases()) != 12 {
		t.Errorf("Newest() = %+v, %d releases", n, len(kb.Releases()))
	}
}
