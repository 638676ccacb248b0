package kernel

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"syscall"
)

// Directories each loader reads, highest priority first. A file name found
// in an earlier directory hides the same name in later ones.
var (
	// systemd-sysctl 252: CONF_PATHS_STRV("sysctl.d") on a merged-/usr build.
	systemdDirs = []string{"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d"}
	// procps sysctl --system (4.0.x) also reads /lib/sysctl.d, then
	// /etc/sysctl.conf last.
	procpsDirs = []string{"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d"}
)

// SysctlConf is the file procps applies last and systemd never reads directly.
const SysctlConf = "/etc/sysctl.conf"

// maxDirEntries bounds how many entries of one sysctl.d directory are
// considered, so a directory with millions of files cannot stall a run.
const maxDirEntries = 100000

// A Source is one configuration file a loader applies, in application order.
type Source struct {
	Path   string // in-root path where it was found, e.g. /etc/sysctl.d/99-sysctl.conf
	Target string // in-root path after resolving symlinks (equal to Path when none)
	// Hides lists same-name files in lower-priority directories that this
	// one overrides (they are not read).
	Hides []string
}

// Masked is a file name disabled by a symlink to /dev/null.
type Masked struct {
	Path  string   // the /dev/null symlink
	Hides []string // the files it disables
}

// Discovery is what a loader would read under a root.
type Discovery struct {
	Loader      Loader
	Sources     []Source
	Masked      []Masked
	Diagnostics []Diagnostic
	// listings are the directories listed; inside LoadSystem they stay
	// open, so sources are opened relative to them (read).
	listings []dirListing
}

// ResolveLoader turns LoaderAuto into the loader the root boots with:
// systemd when <root>/run/systemd/system exists or <root>/sbin/init resolves
// to a systemd binary; procps when the root shows another init (an
// /sbin/init that is not systemd, /etc/inittab, upstart's /etc/init);
// systemd when it shows no init at all (a repository laid out like /etc:
// what modern distributions run; InitUnknown tells the caller to say so).
// Other loaders are returned as is.
func ResolveLoader(f FS, l Loader) Loader {
	if l != LoaderAuto {
		return l
	}
	if fi, err := f.Stat("/run/systemd/system"); err == nil && fi.IsDir() {
		return LoaderSystemd
	}
	if target, err := f.Resolve("/sbin/init"); err == nil {
		if _, err := f.Stat(target); err == nil {
			if strings.Contains(path.Base(target), "systemd") {
				return LoaderSystemd
			}
			return LoaderProcps
		}
	}
	if InitUnknown(f) {
		return LoaderSystemd
	}
	return LoaderProcps
}

// InitUnknown reports whether the root shows no sign of any init system:
// no /run/systemd/system, /sbin/init, /etc/inittab or /etc/init.
func InitUnknown(f FS) bool {
	for _, p := range []string{"/run/systemd/system", "/sbin/init", "/etc/inittab", "/etc/init"} {
		if _, err := f.Stat(p); err == nil {
			return false
		}
	}
	return true
}

// ParseLoader validates a --loader value ("" means def).
func ParseLoader(s string, def Loader) (Loader, error) {
	switch Loader(s) {
	case "":
		return def, nil
	case LoaderSystemd, LoaderProcps, LoaderAuto:
		return Loader(s), nil
	}
	return "", fmt.Errorf("unknown loader %q: want systemd, procps or auto", s)
}

// Discover lists the files loader l applies under the root, in order:
// every *.conf in its directories, same names deduplicated by directory
// priority, masks removed, sorted bytewise by file name across directories;
// for procps, /etc/sysctl.conf last.
func Discover(f FS, l Loader) *Discovery {
	d := discover(f, l)
	d.closeDirs()
	return d
}

// discover is Discover leaving the listed directories open: the caller
// reads the sources (read), then calls closeDirs.
func discover(f FS, l Loader) *Discovery {
	d := &Discovery{Loader: l}
	dirs := systemdDirs
	if l == LoaderProcps {
		dirs = procpsDirs
	}
	listings := listDirs(f, procpsDirs)
	d.listings = listings
	n := 0 // at most this many sources
	for i := range dirs {
		n += len(listings[i].entries)
	}
	// Sources by file name, and their names, in discovery order.
	byName := make(map[string]int, n)
	srcs := make([]Source, 0, n)
	names := make([]string, 0, n)
	masks := map[string]*Masked{}
	for i, dir := range dirs {
		ls := listings[i]
		for _, e := range d.entriesOf(ls) {
			name := e.Name()
			if !strings.HasSuffix(name, ".conf") {
				continue
			}
			if l == LoaderSystemd && strings.HasPrefix(name, ".") {
				continue // systemd's conf_files_list() skips hidden files; procps reads them
			}
			p := dir + "/" + name
			if j, ok := byName[name]; ok {
				srcs[j].Hides = append(srcs[j].Hides, p)
				continue
			}
			if m := masks[name]; m != nil {
				m.Hides = append(m.Hides, p)
				continue
			}
			var src Source
			switch t := e.Type(); {
			case t.IsRegular():
				// The directory entry says what it is: no further stat, and
				// the directory is already resolved inside the root.
				src = Source{Path: p, Target: path.Join(ls.resolved, name)}
			case t&fs.ModeSymlink != 0 && f.Readlink(p) == "/dev/null":
				masks[name] = &Masked{Path: p}
				continue
			default:
				var ok bool
				if src, ok = d.check(f, p); !ok {
					continue
				}
			}
			byName[name] = len(srcs)
			srcs = append(srcs, src)
			names = append(names, name)
		}
	}
	d.Diagnostics = append(d.Diagnostics, mismatchedInRoot(f, listings)...)
	sort.Strings(names) // bytewise, like strcmp
	d.Sources = make([]Source, 0, len(names))
	for _, n := range names {
		d.Sources = append(d.Sources, srcs[byName[n]])
	}
	for _, m := range masks {
		d.Masked = append(d.Masked, *m)
	}
	sort.Slice(d.Masked, func(i, j int) bool { return d.Masked[i].Path < d.Masked[j].Path })
	if l == LoaderProcps {
		if fi, err := f.Stat(SysctlConf); err == nil && fi.Mode().IsRegular() {
			target, _ := f.Resolve(SysctlConf)
			d.Sources = append(d.Sources, Source{Path: SysctlConf, Target: target})
		}
	}
	return d
}

// A dirListing is one sysctl.d directory, resolved inside the root and
// listed once for both discovery and the loader-mismatch scan.
type dirListing struct {
	dir      string     // the in-root path the loaders name, e.g. /etc/sysctl.d
	resolved string     // dir with its symlinks resolved inside the root
	entries  []dirEntry // every entry, sorted by name; shared, never modified
	err      error      // why it could not be listed (ENOENT for a missing directory)
	// fd is the directory listed, open while discover's caller reads its
	// files; -1 when closed, or when another listing holds the same one.
	fd int
}

// listDirs resolves and lists each directory once, in order; two names for
// the same directory (/lib a symlink to /usr/lib) share one listing.
func listDirs(f FS, dirs []string) []dirListing {
	out := make([]dirListing, len(dirs))
	byResolved := map[string]int{}
	for i, dir := range dirs {
		ls := dirListing{dir: dir, fd: -1}
		ls.resolved, ls.err = f.Resolve(dir)
		if ls.err == nil {
			if j, ok := byResolved[ls.resolved]; ok {
				ls.entries, ls.err = out[j].entries, out[j].err
			} else {
				byResolved[ls.resolved] = i
				ls.fd, ls.entries, ls.err = f.listDirResolved(ls.resolved)
			}
		}
		if ls.err != nil {
			ls.resolved, ls.entries = "", nil
		}
		out[i] = ls
	}
	return out
}

// read reads a source: relative to its directory when that directory was
// listed and is still open (no path walk), else by its resolved path. The
// data may be in scratch (readFD).
// Either way the last component is never followed: a file replaced by a
// symlink since discovery fails with ELOOP.
func (d *Discovery) read(f FS, s Source, limit int64, scratch []byte) ([]byte, error) {
	if i := strings.LastIndexByte(s.Target, '/'); i >= 0 {
		dir, name := s.Target[:i], s.Target[i+1:]
		if dir == "" {
			dir = "/"
		}
		for _, ls := range d.listings {
			if ls.fd >= 0 && ls.resolved == dir {
				return readAt(ls.fd, name, limit, scratch)
			}
		}
	}
	return f.readResolved(s.Target, limit)
}

// closeDirs closes the directories discover left open and drops the
// listings (a Discovery outlives the load: check keeps it).
func (d *Discovery) closeDirs() {
	for _, ls := range d.listings {
		if ls.fd >= 0 {
			syscall.Close(ls.fd)
		}
	}
	d.listings = nil
}

// entriesOf returns the entries of a listing (sorted), at most
// maxDirEntries of them, or nothing when the directory does not exist; a
// listing that failed otherwise or was cut is a diagnostic.
func (d *Discovery) entriesOf(ls dirListing) []dirEntry {
	if ls.err != nil {
		if !errors.Is(ls.err, fs.ErrNotExist) && !errors.Is(ls.err, errNotDir) {
			d.Diagnostics = append(d.Diagnostics, Diagnostic{File: ls.dir, Kind: DiagUnreadable, Message: "cannot list directory: " + errText(ls.err)})
		}
		return nil
	}
	entries := ls.entries
	if len(entries) > maxDirEntries {
		d.Diagnostics = append(d.Diagnostics, Diagnostic{File: ls.dir, Kind: DiagUnreadable,
			Message: fmt.Sprintf("has %d entries; only the first %d (by name) are read", len(entries), maxDirEntries)})
		entries = entries[:maxDirEntries]
	}
	return entries
}

// check reports whether the file at p is something a loader reads: a regular
// file after resolving symlinks inside the root. Anything else becomes a
// diagnostic and, like the loaders do, does not take part.
func (d *Discovery) check(f FS, p string) (Source, bool) {
	target, err := f.Resolve(p)
	if err == nil {
		var fi fs.FileInfo
		if fi, err = f.Stat(target); err == nil && !fi.Mode().IsRegular() {
			err = fmt.Errorf("%w (%s)", ErrNotRegular, describeMode(fi.Mode()))
		}
	}
	if err != nil {
		msg := "skipped: " + errText(err)
		if errors.Is(err, fs.ErrNotExist) && f.Readlink(p) != "" {
			msg = fmt.Sprintf("skipped: dangling symlink to %q", f.Readlink(p))
		}
		d.Diagnostics = append(d.Diagnostics, Diagnostic{File: p, Kind: DiagUnreadable, Message: msg})
		return Source{}, false
	}
	return Source{Path: p, Target: target}, true
}

// errText is err's message without the host path of the root, which
// os errors include.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
