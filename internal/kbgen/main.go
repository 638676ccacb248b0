// Command kbgen merges the kernel knowledge base's per-release tables and
// curated facts into the file twadvise embeds (kernel/catalog/kb.gen.tsv).
// `go generate ./kernel/catalog` runs it from that directory.
//
// usage: kbgen [-dir DIR] [-out FILE]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/twadvise/twadvise/kernel/catalog"
)

func main() {
	dir := flag.String("dir", ".", "directory holding tables/*.tsv and curated.json")
	out := flag.String("out", "", "output file (default DIR/kb.gen.tsv)")
	flag.Parse()
	if *out == "" {
		*out = filepath.Join(*dir, "kb.gen.tsv")
	}
	if err := run(*dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "kbgen:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	kb, err := catalog.LoadDir(dir)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := kb.Encode(&buf); err != nil {
		return err
	}
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, buf.Bytes()) {
		return nil
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
