package fleet

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseDoc feeds arbitrary bytes to the fleet report's reader and
// summariser: they may reject a document, never panic, and a rejection on
// a syntax error points inside the input.
func FuzzParseDoc(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "report", "*.json"))
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		`{"schema":1,"tool":{"name":"twadvise","version":"x"},"host":"h","mode":"path","kernel":{"release":null,"source":"none"},"loader":"systemd","profile":"generic","findings":[],"errors":[]}`,
		`{"schema":1,"host":"h","tool":{},"kernel":{},"findings":[{"rule":"TW101","severity":"error","fingerprint":"0123456789abcdef"}],"errors":[]}`,
		`{"schema":2}`, `[]`, `{"schema":1,"findings":[[[[[[[[[[`, "", "\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, line, err := ParseDoc(data)
		if err != nil {
			if doc != nil {
				t.Fatalf("a rejected document was also returned: %v", err)
			}
			if line < 0 || line > len(data)+1 {
				t.Fatalf("error line %d outside a %d-byte input", line, len(data))
			}
			return
		}
		doc.File = "fuzz.json"
		Summarise([]*Doc{doc, doc})
	})
}
