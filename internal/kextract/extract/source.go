package extract

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Tree is a kernel source tree: a list of files and a way to read them.
type Tree interface {
	// Paths lists every file, relative to the tree root, with '/' separators.
	Paths() ([]string, error)
	// Read calls fn for each path in order with the file's content.
	Read(paths []string, fn func(path string, data []byte) error) error
}

// DirTree is a tree checked out in a directory.
type DirTree struct{ Root string }

// Paths implements Tree.
func (d DirTree) Paths() ([]string, error) {
	var out []string
	err := filepath.WalkDir(d.Root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if strings.HasPrefix(e.Name(), ".") && p != d.Root {
				return filepath.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(d.Root, p)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Read implements Tree.
func (d DirTree) Read(paths []string, fn func(string, []byte) error) error {
	for _, p := range paths {
		data, err := os.ReadFile(filepath.Join(d.Root, filepath.FromSlash(p)))
		if err != nil {
			return err
		}
		if err := fn(p, data); err != nil {
			return err
		}
	}
	return nil
}

// GitTree is a commit in a (bare) git directory, read without a checkout:
// `git ls-tree -r` for the list, one `git cat-file --batch` for the contents.
type GitTree struct {
	GitDir string
	Commit string
	Sub    string // optional subfolder holding the tree root
	// Missing lists files whose blobs the git directory lacks (partial
	// snapshots); they are skipped.
	Missing []string
	blobs   map[string]string
}

// git runs the git program, and nothing else, on the tree's git directory:
// the only process the extractor starts (a developer tool; no part of the
// twadvise binary). Arguments are fixed subcommands plus a commit id.
func (g *GitTree) git(args ...string) *exec.Cmd {
	return exec.CommandContext(context.Background(), "git", append([]string{"--git-dir=" + g.GitDir}, args...)...)
}

// ResolveCommit returns the full hash of the commit.
func (g *GitTree) ResolveCommit() (string, error) {
	out, err := g.git("rev-parse", "--verify", g.Commit+"^{commit}").Output()
	if err != nil {
		return "", fmt.Errorf("git rev-parse %s in %s: %w", g.Commit, g.GitDir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Paths implements Tree.
func (g *GitTree) Paths() ([]string, error) {
	args := []string{"ls-tree", "-r", "-z", g.Commit}
	sub := strings.Trim(g.Sub, "/")
	if sub != "" {
		args = append(args, "--", sub+"/")
	}
	out, err := g.git(args...).Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-tree %s: %w", g.Commit, err)
	}
	g.blobs = map[string]string{}
	var paths []string
	for _, rec := range bytes.Split(out, []byte{0}) {
		// "<mode> blob <oid>\t<path>"
		tab := bytes.IndexByte(rec, '\t')
		if tab < 0 {
			continue
		}
		meta := strings.Fields(string(rec[:tab]))
		if len(meta) != 3 || meta[1] != "blob" {
			continue
		}
		p := string(rec[tab+1:])
		if sub != "" {
			if !strings.HasPrefix(p, sub+"/") {
				continue
			}
			p = strings.TrimPrefix(p, sub+"/")
		}
		g.blobs[p] = meta[2]
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths, nil
}

// Read implements Tree.
func (g *GitTree) Read(paths []string, fn func(string, []byte) error) error {
	if g.blobs == nil {
		if _, err := g.Paths(); err != nil {
			return err
		}
	}
	cmd := g.git("cat-file", "--batch")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	var wanted []string
	for _, p := range paths {
		if _, ok := g.blobs[p]; ok {
			wanted = append(wanted, p)
		}
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, p := range wanted {
			fmt.Fprintln(w, g.blobs[p])
		}
		w.Flush()
		stdin.Close()
	}()
	r := bufio.NewReaderSize(stdout, 1<<20)
	var ferr error
	for _, p := range wanted {
		header, err := r.ReadString('\n')
		if err != nil {
			ferr = fmt.Errorf("git cat-file: %w", err)
			break
		}
		f := strings.Fields(header)
		if len(f) == 2 && f[1] == "missing" {
			// A snapshot may lack some large blobs: skip the file.
			g.Missing = append(g.Missing, p)
			continue
		}
		if len(f) != 3 {
			ferr = fmt.Errorf("git cat-file: unexpected %q", header)
			break
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			ferr = err
			break
		}
		data := make([]byte, size+1)
		if _, err := io.ReadFull(r, data); err != nil {
			ferr = err
			break
		}
		if ferr == nil {
			if err := fn(p, data[:size]); err != nil {
				ferr = err
				break
			}
		}
	}
	if ferr != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return ferr
	}
	return cmd.Wait()
}

// Version reads VERSION, PATCHLEVEL, SUBLEVEL and EXTRAVERSION from a Makefile.
func Version(makefile []byte) (release, extra string) {
	vals := map[string]string{}
	for _, line := range strings.Split(string(makefile), "\n") {
		for _, k := range []string{"VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION"} {
			if strings.HasPrefix(line, k+" ") || strings.HasPrefix(line, k+"=") {
				if _, seen := vals[k]; seen {
					continue
				}
				v := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line[len(k):]), "="))
				vals[k] = v
			}
		}
	}
	if vals["VERSION"] == "" {
		return "", ""
	}
	sub := vals["SUBLEVEL"]
	if sub == "" {
		sub = "0"
	}
	return vals["VERSION"] + "." + vals["PATCHLEVEL"] + "." + sub, vals["EXTRAVERSION"]
}

// MemTree is a tree held in memory (tests, fuzzing).
type MemTree map[string][]byte

// Paths implements Tree.
func (m MemTree) Paths() ([]string, error) {
	var out []string
	for p := range m {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

// Read implements Tree.
func (m MemTree) Read(paths []string, fn func(string, []byte) error) error {
	for _, p := range paths {
		data, ok := m[p]
		if !ok {
			continue
		}
		if err := fn(p, data); err != nil {
			return err
		}
	}
	return nil
}
