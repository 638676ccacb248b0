package kernel

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// DiagLoaderMismatch marks a file in a sysctl.d directory that one loader
// applies and the other ignores (a hidden ".x.conf"), or that looks like
// sysctl settings but is ignored because its name does not end in ".conf".
// It is a warning whatever the resolved loader (DESIGN.md, "Loaders"): the
// same directory is read by systemd-sysctl on one host and by procps
// `sysctl --system` on another.
const DiagLoaderMismatch = "loader-mismatch"

// backupSuffixes are names people give files they mean to switch off or
// keep as a copy; warning about them would be noise.
var backupSuffixes = []string{"~", ".bak", ".old", ".orig", ".save", ".saved", ".swp", ".tmp",
	".rpmnew", ".rpmsave", ".rpmorig", ".dpkg-old", ".dpkg-new", ".dpkg-dist", ".dpkg-bak", ".dpkg-tmp",
	".ucf-old", ".ucf-new", ".ucf-dist", ".disabled", ".disable", ".off", ".example", ".sample", ".dist", ".README"}

// assignmentLine is a line a loader would apply: a dotted or slashed
// lower-case key, "=", a value.
var assignmentLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^[ \t]*-?[a-z0-9_]+([./][a-zA-Z0-9_*:@-]+)+[ \t]*=[ \t]*\S`)
})

// loaderMismatch says why a directory entry named name, whose content read
// returns, is applied by one loader and not the other, or by neither
// although it holds settings; "" when it is neither case.
func loaderMismatch(name string, read func() ([]byte, error)) string {
	if name == "." || name == ".." {
		return ""
	}
	if strings.HasSuffix(name, ".conf") {
		if strings.HasPrefix(name, ".") {
			return "hidden file: systemd-sysctl skips it (hidden files are ignored) but procps `sysctl --system` applies it, so the host's settings depend on which loader runs; rename it without the leading dot, or remove it"
		}
		return ""
	}
	lower := strings.ToLower(name)
	for _, s := range backupSuffixes {
		if strings.HasSuffix(lower, strings.ToLower(s)) {
			return ""
		}
	}
	if strings.HasPrefix(name, ".") || strings.HasPrefix(lower, "readme") {
		return ""
	}
	data, err := read()
	if err != nil || !assignmentLine().Match(data) {
		return ""
	}
	return "holds sysctl settings but its name does not end in \".conf\": neither systemd-sysctl nor procps `sysctl --system` reads it; rename it to NN-name.conf"
}

// MismatchedFiles lists the entries of a host directory read as one
// sysctl.d directory (PATH mode) that a loader applies differently than
// the name suggests: see DiagLoaderMismatch.
func MismatchedFiles(dir string) []Diagnostic {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) > maxDirEntries {
		return nil
	}
	var out []Diagnostic
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if msg := loaderMismatch(e.Name(), func() ([]byte, error) { return readRegular(p, MaxFileSize) }); msg != "" {
			out = append(out, Diagnostic{File: p, Kind: DiagLoaderMismatch, Message: msg})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// mismatchedInRoot is MismatchedFiles for the sysctl.d directories of a
// root, listed by Discover (system mode, and PATH mode on an /etc tree).
// A regular entry's type comes from its directory entry, and a file is
// opened only when its name could make it a mismatch (not for NN-x.conf).
func mismatchedInRoot(f FS, listings []dirListing) []Diagnostic {
	// A directory listed under two names (/lib/sysctl.d and
	// /usr/lib/sysctl.d) is scanned once.
	var scan []dirListing
	scanned := map[string]bool{}
	for _, ls := range listings {
		if ls.err == nil && len(ls.entries) <= maxDirEntries && !scanned[ls.resolved] {
			scanned[ls.resolved] = true
			scan = append(scan, ls)
		}
	}
	// A file reached twice (through a symlink) is looked at once. Regular
	// entries of distinct directories are distinct files: when there is
	// nothing but regular entries, there is nothing to remember.
	var seen map[string]bool
	for _, ls := range scan {
		for _, e := range ls.entries {
			if !e.Type().IsRegular() {
				seen = map[string]bool{}
			}
		}
	}
	var out []Diagnostic
	for _, ls := range scan {
		for _, e := range ls.entries {
			name := e.Name()
			if seen != nil {
				target, ok := regularTarget(f, ls, e)
				if !ok || seen[target] {
					continue
				}
				seen[target] = true
			}
			p := ls.dir + "/" + name
			if msg := loaderMismatch(name, func() ([]byte, error) { return f.ReadFile(p, MaxFileSize) }); msg != "" {
				out = append(out, Diagnostic{File: p, Kind: DiagLoaderMismatch, Message: msg})
			}
		}
	}
	return out
}

// regularTarget is the in-root path of the regular file the entry e of ls
// leads to, after symlinks; false when it leads to no regular file.
func regularTarget(f FS, ls dirListing, e dirEntry) (string, bool) {
	if e.Type().IsRegular() {
		return path.Join(ls.resolved, e.Name()), true
	}
	target, err := f.Resolve(ls.dir + "/" + e.Name())
	if err != nil {
		return "", false
	}
	if fi, err := f.Stat(target); err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	return target, true
}
