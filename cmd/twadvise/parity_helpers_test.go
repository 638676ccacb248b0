package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/internal/loaderoracle"
)

// Parity tests run the real loader (internal/loaderoracle) and
// `twadvise effective --root T --loader L --format json` on the same tree,
// with the same fake <root>/proc/sys, and compare the winners: key → value
// for every key the loader writes.
//
// systemd-sysctl skips a write whose value equals what the file already
// holds. The fake files start empty, so under systemd a winner whose value is
// "" can never be seen; those winners are left out of the comparison (and
// only under systemd: procps writes "\n", which reads back as "").

// oracleMode maps a twadvise loader name to the oracle's tree mode.
func oracleMode(loader string) loaderoracle.Mode {
	if loader == "procps" {
		return loaderoracle.ProcpsSystem
	}
	return loaderoracle.SystemdTree
}

var loaders = []string{"systemd", "procps"}

// effectiveJSON is the part of `twadvise effective --format json` compared here.
type effectiveJSON struct {
	Loader   string   `json:"loader"`
	Files    []string `json:"files"`
	Settings []struct {
		Key     string   `json:"key"`
		Value   string   `json:"value"`
		File    string   `json:"file"`
		Line    int      `json:"line"`
		Glob    bool     `json:"glob"`
		Matches []string `json:"matches"`
	} `json:"settings"`
	Excluded []string `json:"excluded"`
}

// effectiveFor runs twadvise in-process and decodes its JSON.
func effectiveFor(t *testing.T, root, loader string) effectiveJSON {
	t.Helper()
	var out, errb bytes.Buffer
	args := []string{"effective", "--root", root, "--loader", loader, "--format", "json", "--host", "parity"}
	if code := run(args, strings.NewReader(""), &out, &errb); code != exitOK {
		t.Fatalf("twadvise %s: exit %d\nstderr: %s\nstdout: %s", strings.Join(args, " "), code, errb.String(), out.String())
	}
	var doc effectiveJSON
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("twadvise effective JSON: %v\n%s", err, out.String())
	}
	if doc.Loader != loader {
		t.Fatalf("twadvise reports loader %q, asked for %q", doc.Loader, loader)
	}
	return doc
}

// winners flattens the settings to key → value: explicit keys as they are,
// glob entries through their matches. A key given twice (explicit and a
// match, or two globs with different values) is a contract violation: the
// JSON could not say which value wins.
func winners(doc effectiveJSON) (map[string]string, []string) {
	got := map[string]string{}
	from := map[string]string{}
	var problems []string
	add := func(k, v, src string) {
		if prev, ok := got[k]; ok && (prev != v || from[k] != src) {
			problems = append(problems, fmt.Sprintf("key %s reported twice: %q by %s and %q by %s", k, prev, from[k], v, src))
		}
		got[k], from[k] = v, src
	}
	for _, s := range doc.Settings {
		src := fmt.Sprintf("%s:%d (%s)", s.File, s.Line, s.Key)
		if !s.Glob {
			add(s.Key, s.Value, src)
			continue
		}
		for _, m := range s.Matches {
			add(m, s.Value, src)
		}
	}
	return got, problems
}

// checkParity runs loader on root with both the oracle and twadvise and
// reports any difference. ft, when non-nil, is printed on failure.
func checkParity(t *testing.T, root, loader string, ft fakeTree) {
	t.Helper()
	res := loaderoracle.Check(t, loaderoracle.Request{Mode: oracleMode(loader), Root: root})
	if err := loaderoracle.MakeProcSys(filepath.Join(root, "proc", "sys"), res.FakeKeys); err != nil {
		t.Fatal(err)
	}
	doc := effectiveFor(t, root, loader)
	got, problems := winners(doc)
	if loader == "systemd" {
		for k, v := range got {
			if v == "" {
				delete(got, k)
			}
		}
	}
	var msg strings.Builder
	for _, p := range problems {
		fmt.Fprintf(&msg, "twadvise JSON: %s\n", p)
	}
	if d := loaderoracle.DiffMaps(res.Effective, got); d != "" {
		fmt.Fprintf(&msg, "winners differ (-%s +twadvise):\n%s", res.Cmd[0], d)
	}
	if d := orderDiff(oracleFiles(res), doc.Files, notInTree(t, root), root); d != "" {
		fmt.Fprintf(&msg, "files applied in a different order:\n%s", d)
	}
	if msg.Len() > 0 {
		if ft != nil {
			fmt.Fprintf(&msg, "tree:\n%s", ft)
		}
		fmt.Fprintf(&msg, "loader rc %d, log:\n%s%s", res.RC, res.Stdout, res.Stderr)
		t.Errorf("loader %s on %s:\n%s", loader, root, msg.String())
	}
}

var (
	systemdParsing = regexp.MustCompile(`(?m)^Parsing (/\S+)$`)
	procpsApplying = regexp.MustCompile(`(?m)^\* Applying (/\S+) \.\.\.$`)
)

// oracleFiles is the order the loader read files in, from its own log.
func oracleFiles(res *loaderoracle.Result) []string {
	var files []string
	for _, m := range systemdParsing.FindAllStringSubmatch(res.Stderr, -1) {
		files = append(files, m[1])
	}
	for _, m := range procpsApplying.FindAllStringSubmatch(res.Stdout, -1) {
		files = append(files, m[1])
	}
	return files
}

// notInTree lists the files a loader reports reading that twadvise rightly
// does not list, so order checks leave them out:
//   - symlinks whose target is literally /dev/null: both loaders "apply" such
//     a file (it is empty); twadvise reports the mask instead;
//   - /etc/sysctl.conf, and symlinks to it, when the tree has none: the
//     oracle bind-mounts an empty stand-in there (a mount needs a target),
//     which procps applies and systemd reads through a 99-sysctl.conf link.
func notInTree(t *testing.T, root string) map[string]bool {
	t.Helper()
	m := map[string]bool{}
	_, err := os.Lstat(filepath.Join(root, "etc", "sysctl.conf"))
	noSysctlConf := err != nil
	if noSysctlConf {
		m["/etc/sysctl.conf"] = true
	}
	walk := func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink == 0 {
			return err
		}
		target, _ := os.Readlink(p)
		toConf := target == "/etc/sysctl.conf" || (target == "../sysctl.conf" && filepath.Base(filepath.Dir(p)) == "sysctl.d")
		if target == "/dev/null" || (noSysctlConf && toConf) {
			rel, _ := filepath.Rel(root, p)
			m["/"+filepath.ToSlash(rel)] = true
		}
		return nil
	}
	if err = filepath.WalkDir(root, walk); err != nil {
		t.Fatal(err)
	}
	return m
}

// orderDiff compares the loader's file order with twadvise's "files",
// leaving out what notInTree lists and entries that are no regular file
// (a directory named x.conf, a symlink loop): the loaders log those as read
// and fail on them, twadvise reports them as diagnostics instead.
func orderDiff(loader, tw []string, skip map[string]bool, root string) string {
	loader = slices.DeleteFunc(slices.Clone(loader), func(f string) bool { return skip[f] || !regularInRoot(root, f) })
	if slices.Equal(loader, tw) {
		return ""
	}
	return fmt.Sprintf("  loader:   %q\n  twadvise: %q\n", loader, tw)
}

// regularInRoot reports whether the in-root path p is, after following
// symlinks inside root (absolute targets re-rooted, at most 40 hops), a
// regular file. The tests write their own trees, so only the last component
// is ever a symlink.
func regularInRoot(root, p string) bool {
	for range 40 {
		host := filepath.Join(root, p)
		fi, err := os.Lstat(host)
		if err != nil {
			return false
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return fi.Mode().IsRegular()
		}
		target, err := os.Readlink(host)
		if err != nil {
			return false
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = filepath.Clean("/" + target)
	}
	return false
}
