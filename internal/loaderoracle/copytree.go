package loaderoracle

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// maxPlaceholder bounds the size of a symlink placeholder file.
const maxPlaceholder = 4096

// CopyTree copies the tree src to dst (which must not exist yet), turning
// symlink placeholders back into symlinks.
//
// Why: the copy of shared/corpus/trees this project receives had its
// symlinks flattened into regular files whose whole content is the link
// target (etc/sysctl.d/99-sysctl.conf holds "../sysctl.conf", 60-masked.conf
// holds "/dev/null"), while trees/expected/*.json were produced with real
// symlinks. A placeholder is a regular file whose whole content is one path:
// non-empty, starting with "/" or ".", with no newline, blank, "=" or "#".
// No real sysctl file looks like that (a lone key without "=" always starts
// with a letter or "-"). Real symlinks in src are copied as symlinks.
func CopyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(out, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			t, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(t, out)
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if target, ok := Placeholder(data); ok {
				return os.Symlink(target, out)
			}
			return os.WriteFile(out, data, 0o644)
		}
		return fmt.Errorf("copying %s: unsupported file type %v", p, d.Type())
	})
}

// Placeholder reports whether data is a flattened symlink (see CopyTree) and
// returns its target.
func Placeholder(data []byte) (string, bool) {
	if len(data) == 0 || len(data) > maxPlaceholder || (data[0] != '/' && data[0] != '.') {
		return "", false
	}
	if bytes.ContainsAny(data, "\n\r\t =#;\x00") {
		return "", false
	}
	return string(data), true
}
