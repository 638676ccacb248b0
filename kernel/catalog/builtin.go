package catalog

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
)

//go:generate go run ../../internal/kbgen

// genFile is the merged knowledge base, made by `go generate` from
// tables/*.tsv and curated.json (internal/kbgen).
//
//go:embed kb.gen.tsv
var genFile string

var (
	builtinOnce sync.Once
	builtin     *KB
	builtinErr  error
)

// Builtin is the knowledge base compiled into twadvise, decoded on first
// use. A broken embedded file (caught by the tests) gives an empty base,
// in which every key reads as unknown, rather than a panic.
func Builtin() *KB {
	builtinOnce.Do(func() {
		builtin, builtinErr = Decode(genFile)
		if builtinErr != nil {
			builtin = &KB{}
		}
	})
	return builtin
}

// BuiltinErr reports why the embedded knowledge base could not be decoded.
func BuiltinErr() error {
	Builtin()
	return builtinErr
}

// LoadSources reads the inputs of a knowledge base in a directory laid out
// like kernel/catalog: tables/*.tsv, and curated.json and interim.json when
// present.
func LoadSources(fsys fs.FS) ([]*Table, *Curated, error) {
	names, err := fs.Glob(fsys, "tables/*.tsv")
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(names)
	var tables []*Table
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, err
		}
		t, err := ParseTable(name, data)
		if err != nil {
			return nil, nil, err
		}
		tables = append(tables, t)
	}
	cur := &Curated{}
	// interim.json holds facts of the old hand-written catalogue that the
	// tables will show once the extractor's trees are committed; it goes
	// away then. Same format as curated.json.
	for _, name := range []string{"curated.json", "interim.json"} {
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		c, err := ParseCurated(data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		cur.Keys = append(cur.Keys, c.Keys...)
		cur.Events = append(cur.Events, c.Events...)
	}
	return tables, cur, nil
}

// LoadDir builds a knowledge base from a directory holding tables/*.tsv
// and curated.json: what `go generate` compiles in, or a test's own data.
func LoadDir(dir string) (*KB, error) {
	tables, cur, err := LoadSources(os.DirFS(filepath.Clean(dir)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path.Clean(filepath.ToSlash(dir)), err)
	}
	return Build(tables, cur)
}
