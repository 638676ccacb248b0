package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// A fakeTree is a root filesystem written out by a parity test: in-root path
// (no leading slash) → file content. Content made by symlink() becomes a
// symlink instead of a file.
type fakeTree map[string]string

// symlinkMark starts a fakeTree value that stands for a symlink; NUL cannot
// occur in a sysctl file the tests write.
const symlinkMark = "\x00symlink:"

// symlink returns the fakeTree value for a symlink to target.
func symlink(target string) string { return symlinkMark + target }

// write creates the tree under root.
func (ft fakeTree) write(t *testing.T, root string) {
	t.Helper()
	for _, p := range ft.paths() {
		host := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(host), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(ft[p], symlinkMark); ok {
			err = os.Symlink(target, host)
		} else {
			err = os.WriteFile(host, []byte(ft[p]), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func (ft fakeTree) paths() []string {
	ps := make([]string, 0, len(ft))
	for p := range ft {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// String renders the tree for failure messages: every file with its bytes
// quoted, so CRLF, tabs and missing final newlines are visible.
func (ft fakeTree) String() string {
	var b strings.Builder
	for _, p := range ft.paths() {
		if target, ok := strings.CutPrefix(ft[p], symlinkMark); ok {
			fmt.Fprintf(&b, "  /%s -> %s\n", p, target)
			continue
		}
		fmt.Fprintf(&b, "  /%s:\n", p)
		for _, line := range strings.SplitAfter(ft[p], "\n") {
			if line != "" {
				fmt.Fprintf(&b, "    %q\n", line)
			}
		}
	}
	return b.String()
}
