package kernel

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// An Entry is one effective setting: the assignment that wins for a key (or
// a glob pattern), with the earlier assignments it overrode.
type Entry struct {
	Setting
	Shadowed []Setting // overridden assignments of the same key, in application order
	Matches  []string  // for a glob: the existing keys it is applied to
	// While merging, an explicit key's Setting and the ones it overrode
	// are indexes into Assignments; Shadowed is built once at the end,
	// at its final size (a key set in 10,000 files grew it 30 times).
	at        int
	overrides []int
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
// globs apply in the order of their last assignment, so the last one wins.
// expand lists the existing keys a glob pattern matches; nil means globs
// match nothing (offline).
//
// Two loader differences are modelled. systemd-sysctl keeps exclusions in
// the same table as assignments, so "-key" after "key = v" drops the
// assignment (and a later assignment drops the exclusion). procps keeps
// the blank in "- key = v" as part of the key, so it sets nothing.
func Merge(l Loader, files []*ConfigFile, expand func(pattern string) []string) *Effective {
	e := &Effective{Loader: l, explicit: map[string]*Entry{}, viaGlob: map[string]*Entry{}}
	globs := map[string]*Entry{}
	var globOrder []*Entry
	excluded := map[string]bool{}
	procpsPaths := map[string]bool{} // procps: path strings of non-glob lines
	n := 0
	for _, f := range files {
		n += len(f.Settings)
	}
	e.Assignments = make([]Setting, 0, n)
	e.Files = make([]string, 0, len(files))
	for _, f := range files {
		e.Files = append(e.Files, f.Path)
		e.Diagnostics = append(e.Diagnostics, f.Diagnostics...)
		e.Directives = append(e.Directives, f.Directives...)
		for _, s := range f.Settings {
			if l == LoaderProcps && s.BlankAfterDash {
				e.Diagnostics = append(e.Diagnostics, Diagnostic{File: s.File, Line: s.Line, Kind: DiagBadKey,
					Message: fmt.Sprintf("\"- %s\": procps keeps the blank after \"-\" as part of the key and sets nothing (systemd-sysctl strips it); write \"-%s\"", s.Key, s.RawKey)})
				continue
			}
			at := len(e.Assignments)
			e.Assignments = append(e.Assignments, s)
			if l == LoaderProcps && !s.Glob {
				procpsPaths[procpsPath(s.RawKey)] = true
			}
			switch {
			case s.Exclude:
				excluded[s.Key] = true
				if l != LoaderSystemd {
					continue
				}
				old := e.explicit[s.Key]
				if g := globs[s.Key]; g != nil {
					old = g
					delete(globs, s.Key)
					globOrder = moveToEnd(globOrder, g)[:len(globOrder)-1]
				}
				if old != nil {
					e.Diagnostics = append(e.Diagnostics, Diagnostic{File: s.File, Line: s.Line, Kind: DiagExclusionDrops,
						Message: fmt.Sprintf("\"-%s\" drops the assignment at %s:%d under systemd-sysctl (an exclusion replaces an earlier assignment of the same key); procps keeps it", s.Key, old.File, old.Line)})
					delete(e.explicit, s.Key)
				}
			case s.Glob:
				gk := s.Key
				if l == LoaderSystemd {
					delete(excluded, s.Key)
				} else {
					gk = procpsPath(s.RawKey) // procps tells globs apart by their exact spelling
				}
				if old := globs[gk]; old != nil {
					old.Shadowed = append(old.Shadowed, old.Setting)
					old.Setting = s
					globOrder = moveToEnd(globOrder, old)
					continue
				}
				ent := &Entry{Setting: s}
				globs[gk] = ent
				globOrder = append(globOrder, ent)
			default:
				if l == LoaderSystemd {
					delete(excluded, s.Key) // the assignment replaces the exclusion
				}
				if old := e.explicit[s.Key]; old != nil {
					old.overrides = append(old.overrides, old.at)
					old.Setting, old.at = s, at
					continue
				}
				e.explicit[s.Key] = &Entry{Setting: s, at: at}
			}
		}
	}
	for _, ent := range e.explicit {
		if len(ent.overrides) > 0 {
			ent.Shadowed = make([]Setting, len(ent.overrides))
			for i, at := range ent.overrides {
				ent.Shadowed[i] = e.Assignments[at]
			}
			ent.overrides = nil
		}
	}
	if l == LoaderProcps {
		e.expandGlobsProcps(globs, procpsPaths, expand)
	} else {
		e.expandGlobs(globOrder, excluded, expand)
	}
	for _, ent := range e.explicit {
		e.Entries = append(e.Entries, ent)
	}
	e.Entries = append(e.Entries, globOrder...)
	sort.Slice(e.Entries, func(i, j int) bool { return e.Entries[i].Key < e.Entries[j].Key })
	for k := range excluded {
		if e.explicit[k] == nil {
			e.Excluded = append(e.Excluded, k)
		}
	}
	sort.Strings(e.Excluded)
	return e
}

// expandGlobs gives each existing key to the last glob that reaches it; a
// key appears in the Matches of that glob only.
func (e *Effective) expandGlobs(order []*Entry, excluded map[string]bool, expand func(string) []string) {
	if expand == nil {
		return
	}
	for _, g := range order {
		for _, k := range expand(g.Key) {
			if e.explicit[k] == nil && !excluded[k] {
				e.viaGlob[k] = g
			}
		}
	}
	for _, g := range order {
		for _, k := range expand(g.Key) {
			if e.viaGlob[k] == g {
				g.Matches = append(g.Matches, k)
			}
		}
	}
}

// expandGlobsProcps models procps sysctl, which writes every line in list
// order: a glob skips a key only when some non-glob line has the very same
// path string ("/proc/sys/" + the key with its separators swapped, not
// normalised). So "/net/ipv4/conf/*/x" (leading slash) does not see
// "net.ipv4.conf.lo.x", and whichever of the two is written later wins.
func (e *Effective) expandGlobsProcps(globs map[string]*Entry, paths map[string]bool, expand func(string) []string) {
	if expand == nil {
		return
	}
	cache := map[string][]string{}
	final := map[string]Setting{}
	for _, a := range e.Assignments {
		switch {
		case a.Exclude:
		case !a.Glob:
			final[a.Key] = a
		default:
			keys, ok := cache[a.Key]
			if !ok {
				keys = expand(a.Key)
				cache[a.Key] = keys
			}
			for _, k := range keys {
				if !paths[procpsMatchedPath(a.RawKey, k)] {
					final[k] = a
				}
			}
		}
	}
	var keys []string
	for k := range final {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w := final[k]
		if !w.Glob {
			continue
		}
		g := globs[procpsPath(w.RawKey)]
		if exp := e.explicit[k]; exp != nil {
			g.Shadowed = append(g.Shadowed, exp.Setting)
			delete(e.explicit, k)
		}
		e.viaGlob[k] = g
		g.Matches = append(g.Matches, k)
	}
}

// procpsPath is the path string procps builds for a key: "/proc/sys/" plus
// the key, dots and slashes swapped when the first separator is a dot.
func procpsPath(raw string) string {
	if i := strings.IndexAny(raw, "./"); i >= 0 && raw[i] == '.' {
		raw = swapSeparators(raw)
	}
	return "/proc/sys/" + raw
}

// procpsMatchedPath is the path glob(3) returns for key when expanding the
// glob written as raw: the pattern's literal separators (including empty
// components) with the key's components in place of the pattern's.
func procpsMatchedPath(raw, key string) string {
	pattern := strings.Split(strings.TrimPrefix(procpsPath(raw), "/proc/sys/"), "/")
	comps := strings.Split(KeyPath(key), "/")
	out := make([]string, 0, len(pattern))
	i := 0
	for _, c := range pattern {
		if c == "" {
			out = append(out, "")
			continue
		}
		if i == len(comps) {
			return ""
		}
		out = append(out, comps[i])
		i++
	}
	if i != len(comps) {
		return ""
	}
	return "/proc/sys/" + strings.Join(out, "/")
}

func moveToEnd(order []*Entry, ent *Entry) []*Entry {
	out := order[:0]
	for _, o := range order {
		if o != ent {
			out = append(out, o)
		}
	}
	return append(out, ent)
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
// separator: the pattern is matched against /proc/sys paths, one component
// at a time. Directories are listed through the FS, so a symlink under
// proc/sys resolves inside the root: filepath.Glob on the host path would
// follow it out of the root and list the host's keys.
func GlobKeys(f FS, pattern string) []string {
	comps := strings.Split(KeyPath(pattern), "/")
	for _, c := range comps {
		if c == "" || c == "." || c == ".." {
			return nil
		}
	}
	var rels []string
	f.glob("/proc/sys", "", comps, false, &rels)
	keys := make([]string, 0, len(rels))
	for _, rel := range rels {
		keys = append(keys, swapSeparators(rel))
	}
	sort.Strings(keys)
	return keys
}

// glob matches comps below dir (in-root path; rel is the part below
// /proc/sys) and appends the matches to out, at most maxGlobMatches.
// Names found by listing a directory exist; a literal tail is checked
// with Stat, as filepath.Glob does with Lstat. I/O errors mean no match.
func (f FS) glob(dir, rel string, comps []string, listed bool, out *[]string) {
	if len(*out) >= maxGlobMatches {
		return
	}
	if len(comps) == 0 {
		if listed {
			*out = append(*out, rel)
		} else if _, err := f.Stat(dir); err == nil {
			*out = append(*out, rel)
		}
		return
	}
	join := func(a, b string) string {
		if a == "" {
			return b
		}
		return a + "/" + b
	}
	c := comps[0]
	if !strings.ContainsAny(c, `*?[\`) {
		f.glob(dir+"/"+c, join(rel, c), comps[1:], false, out)
		return
	}
	if _, err := path.Match(c, ""); err != nil {
		return // a malformed pattern matches nothing, like filepath.Glob's ErrBadPattern
	}
	entries, err := f.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if ok, _ := path.Match(c, e.Name()); ok {
			f.glob(dir+"/"+e.Name(), join(rel, e.Name()), comps[1:], true, out)
		}
	}
}
