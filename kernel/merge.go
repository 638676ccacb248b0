package kernel

import (
	"path/filepath"
	"sort"
	"strings"
)

// An Entry is one effective setting: the assignment that wins for a key (or
// a glob pattern), with the earlier assignments it overrode.
type Entry struct {
	Setting
	Shadowed []Setting // overridden assignments of the same key, in application order
	Matches  []string  // for a glob: the existing keys it is applied to
}

// Effective is the merged configuration as one loader would apply it.
type Effective struct {
	Loader Loader
	// Files are the files applied, in order.
	Files []string
	// Entries are the winners, sorted by key: explicit keys and glob patterns.
	Entries []*Entry
	// Excluded are keys excluded from globs with "-key".
	Excluded []string
	// Assignments are all settings in application order, for rules that
	// reason about order (ip_unprivileged_port_start before ip_local_port_range).
	Assignments []Setting
	Diagnostics []Diagnostic
	// Directives are every "# twadvise:ignore" line, used or not.
	Directives []*IgnoreDirective
	// Errors are files that could not be read (the run is incomplete).
	Errors []Diagnostic
	// Discovery is how the files were found (system mode only).
	Discovery *Discovery
	explicit  map[string]*Entry
	viaGlob   map[string]*Entry
}

// Merge applies the files in order with the loaders' precedence: the last
// assignment of a key wins; a glob never touches a key that has an explicit
// assignment anywhere (before or after it) or that is excluded with "-key";
// between globs, the later one wins. expand lists the existing keys a glob
// pattern matches; nil means globs match nothing (offline).
func Merge(l Loader, files []*ConfigFile, expand func(pattern string) []string) *Effective {
	e := &Effective{Loader: l, explicit: map[string]*Entry{}, viaGlob: map[string]*Entry{}}
	globs := map[string]*Entry{}
	var globOrder []*Entry
	excluded := map[string]bool{}
	for _, f := range files {
		e.Files = append(e.Files, f.Path)
		e.Diagnostics = append(e.Diagnostics, f.Diagnostics...)
		e.Directives = append(e.Directives, f.Directives...)
		for _, s := range f.Settings {
			e.Assignments = append(e.Assignments, s)
			switch {
			case s.Exclude:
				excluded[s.Key] = true
			case s.Glob:
				if old := globs[s.Key]; old != nil {
					old.Shadowed = append(old.Shadowed, old.Setting)
					old.Setting = s
					continue
				}
				ent := &Entry{Setting: s}
				globs[s.Key] = ent
				globOrder = append(globOrder, ent)
			default:
				if old := e.explicit[s.Key]; old != nil {
					old.Shadowed = append(old.Shadowed, old.Setting)
					old.Setting = s
					continue
				}
				e.explicit[s.Key] = &Entry{Setting: s}
			}
		}
	}
	for _, g := range globOrder {
		if expand != nil {
			for _, k := range expand(g.Key) {
				if e.explicit[k] == nil && !excluded[k] {
					g.Matches = append(g.Matches, k)
					e.viaGlob[k] = g // later globs overwrite: they are applied later
				}
			}
		}
	}
	for _, ent := range e.explicit {
		e.Entries = append(e.Entries, ent)
	}
	e.Entries = append(e.Entries, globOrder...)
	sort.Slice(e.Entries, func(i, j int) bool { return e.Entries[i].Key < e.Entries[j].Key })
	for k := range excluded {
		e.Excluded = append(e.Excluded, k)
	}
	sort.Strings(e.Excluded)
	return e
}

// Lookup returns the entry that sets key: its explicit assignment, or the
// glob that reaches it. The second result is false when nothing sets key.
func (e *Effective) Lookup(key string) (*Entry, bool) {
	if ent := e.explicit[key]; ent != nil {
		return ent, true
	}
	ent := e.viaGlob[key]
	return ent, ent != nil
}

// maxGlobMatches bounds one pattern's expansion (a host has a few thousand keys).
const maxGlobMatches = 65536

// GlobKeys lists the keys under <root>/proc/sys a pattern matches, in
// canonical form and sorted. Like the loaders, "*" does not cross a
// separator: the pattern is matched against /proc/sys paths.
func GlobKeys(f FS, pattern string) []string {
	base := f.hostPath("/proc/sys")
	matches, err := filepath.Glob(escapeGlob(base) + "/" + KeyPath(pattern))
	if err != nil {
		return nil
	}
	var keys []string
	for _, m := range matches {
		if len(keys) == maxGlobMatches {
			break
		}
		rel := strings.TrimPrefix(m, base+"/")
		if rel == m || strings.Contains("/"+rel+"/", "/../") {
			continue
		}
		keys = append(keys, swapSeparators(rel))
	}
	sort.Strings(keys)
	return keys
}

// escapeGlob quotes glob metacharacters in a literal path.
func escapeGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
