package loaderoracle

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// DefaultIfaces are the interface names a "*" component expands to when fake
// keys are created, as in sysctl_oracle.py.
var DefaultIfaces = []string{"all", "default", "lo", "eth0"}

// KeyPath returns the /proc/sys-relative path of a key as written in a sysctl
// file (sysctl.d(5): the first separator decides; if it is ".", dots and
// slashes swap). Leading and trailing slashes are dropped. It is written
// here again, not imported from kernel, so the oracle does not share the code
// it checks.
func KeyPath(key string) string {
	if i := strings.IndexAny(key, "./"); i >= 0 && key[i] == '.' {
		key = swap(key)
	}
	return strings.Trim(key, "/")
}

// CanonicalKey turns a /proc/sys-relative path into the dotted form sysctl -a
// prints ("net/ipv4/conf/eth0.100/rp_filter" → "net.ipv4.conf.eth0/100.rp_filter").
func CanonicalKey(path string) string { return swap(path) }

func swap(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '.':
			return '/'
		case '/':
			return '.'
		}
		return r
	}, s)
}

// KeysIn returns the sorted /proc/sys-relative paths of every key assigned or
// excluded in data, with "*" components expanded over ifaces. Patterns with
// "?" or "[" create no key of their own; they match keys created for other
// lines. Lines are read loosely (any line with "=" counts), because an extra
// fake key costs nothing while a missing one hides a write.
func KeysIn(data []byte, ifaces []string) ([]string, error) {
	set := map[string]bool{}
	err := addKeysIn(set, data, ifaces)
	return sortedKeys(set), err
}

// addKeysIn adds the keys of data to set. A key with a ".." component is an
// error: a loader might write outside /proc/sys, so the oracle never runs on it.
func addKeysIn(set map[string]bool, data []byte, ifaces []string) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' || s[0] == ';' {
			continue
		}
		s = strings.TrimPrefix(s, "-")
		k, _, ok := strings.Cut(s, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			continue
		}
		p := KeyPath(k)
		if slices.Contains(strings.Split(p, "/"), "..") {
			return fmt.Errorf("key %q has a \"..\" component; refusing to run a loader on it", k)
		}
		for _, p := range expand(p, ifaces) {
			set[p] = true
		}
	}
	return sc.Err()
}

// expand replaces every component containing "*" by each interface name
// (the "*" itself replaced, so "eth*" gives "etheth0"; harmless) and drops
// results that still hold "?" or "[".
func expand(path string, ifaces []string) []string {
	out := []string{""}
	for i, c := range strings.Split(path, "/") {
		alts := []string{c}
		if strings.Contains(c, "*") {
			alts = nil
			for _, name := range ifaces {
				alts = append(alts, strings.ReplaceAll(c, "*", name))
			}
		}
		var next []string
		for _, prefix := range out {
			for _, a := range alts {
				if i > 0 {
					a = prefix + "/" + a
				}
				next = append(next, a)
			}
		}
		out = next
	}
	var keep []string
	for _, p := range out {
		if !strings.ContainsAny(p, "?[") && p != "" {
			keep = append(keep, p)
		}
	}
	return keep
}

// keysOfTree scans every regular file under root except root/proc, without
// following symlinks: whatever a symlink in the tree points at inside the tree
// is scanned anyway, and targets outside it cannot be read the same way by
// twadvise.
func keysOfTree(root string, ifaces []string) ([]string, error) {
	set := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p == filepath.Join(root, "proc") {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := addKeysIn(set, data, ifaces); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		return nil
	})
	return sortedKeys(set), err
}

// keysOfFiles scans the given files (following symlinks, as the loader will).
func keysOfFiles(files []string, ifaces []string) ([]string, error) {
	set := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := addKeysIn(set, data, ifaces); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
	}
	return sortedKeys(set), nil
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
