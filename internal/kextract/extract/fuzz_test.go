package extract

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzExtract feeds one file, as a .c file and as a header, to the
// extractor: whatever the input, it must return without panicking.
func FuzzExtract(f *testing.F) {
	_ = filepath.WalkDir(fixture, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
		return nil
	})
	f.Add([]byte("static struct ctl_table t[] = { { .procname = \"x\", .child = t }, {} };\nvoid f(void) { register_sysctl_table(t); }\n"))
	f.Add([]byte("#define A(x) A(x) B\nstruct ctl_table t[] = { A(1) };\n#if\n#elif\n#else\n#endif\n#endif\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tree := MemTree{"Makefile": []byte("VERSION = 1\n"), "net/f.c": data, "include/linux/f.h": data}
		res, err := Extract(tree)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res.Rows {
			if r.Key == "" {
				t.Fatalf("empty key in %+v", r)
			}
		}
	})
}
