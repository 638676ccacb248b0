package kernel

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// LoadSystem is what loader l applies under the root: discovery, parsing and
// merging, with globs expanded against <root>/proc/sys. Files that cannot be
// read are in Errors; the rest is still merged.
func LoadSystem(f FS, l Loader) *Effective {
	d := discover(f, l)
	defer d.closeDirs()
	files := make([]*ConfigFile, 0, len(d.Sources))
	var errs []Diagnostic
	var scratch []byte // one read buffer for every file: ParseFile copies what it keeps
	for _, s := range d.Sources {
		data, err := d.read(f, s, MaxFileSize, scratch)
		if errors.Is(err, syscall.ELOOP) {
			data, err = f.ReadFile(s.Path, MaxFileSize) // replaced by a symlink since discovery
		}
		if err != nil {
			errs = append(errs, Diagnostic{File: s.Path, Kind: DiagUnreadable, Message: "cannot read: " + errText(err)})
			continue
		}
		files = append(files, ParseFile(s.Path, data))
		if cap(data) > cap(scratch) {
			scratch = data
		}
	}
	d.closeDirs()
	eff := Merge(l, files, func(p string) []string { return GlobKeys(f, p) })
	if l == LoaderSystemd {
		unreadSysctlConf(f, d)
	}
	eff.Diagnostics = append(d.Diagnostics, eff.Diagnostics...)
	eff.Errors = append(eff.Errors, errs...)
	eff.Discovery = d
	return eff
}

// unreadSysctlConf reports an /etc/sysctl.conf with settings that systemd
// never applies: systemd-sysctl reads it only through a sysctl.d symlink
// such as Debian's 99-sysctl.conf.
func unreadSysctlConf(f FS, d *Discovery) {
	for _, s := range d.Sources {
		if s.Target == SysctlConf {
			return
		}
	}
	data, err := f.ReadFile(SysctlConf, MaxFileSize)
	if err != nil {
		return
	}
	cf := ParseFile(SysctlConf, data)
	if len(cf.Settings) == 0 {
		return
	}
	d.Diagnostics = append(d.Diagnostics, Diagnostic{File: SysctlConf, Line: cf.Settings[0].Line, Kind: DiagConfUnread,
		Message: fmt.Sprintf("%d settings in /etc/sysctl.conf are never applied: systemd-sysctl reads it only through a symlink in a sysctl.d directory (Debian ships /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf)", len(cf.Settings))})
}

// LoadPaths reads the files of PATH mode, in the order given: a directory
// is read like one sysctl.d directory (its *.conf files, sorted by name);
// "-" is standard input. Paths are reported as given. A path that cannot
// be read is an error in the second result; the others are still returned.
func LoadPaths(paths []string, stdin io.Reader) ([]*ConfigFile, []Diagnostic) {
	var files []*ConfigFile
	var errs []Diagnostic
	fail := func(p string, err error) {
		errs = append(errs, Diagnostic{File: p, Kind: DiagUnreadable, Message: "cannot read: " + errText(err)})
	}
	for _, p := range paths {
		if p == "-" {
			data, err := io.ReadAll(io.LimitReader(stdin, MaxFileSize+1))
			if err == nil && len(data) > MaxFileSize {
				err = fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxFileSize)
			}
			if err != nil {
				fail("-", err)
				continue
			}
			files = append(files, ParseFile("-", data))
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			fail(p, err)
			continue
		}
		if !fi.IsDir() {
			data, err := readRegular(p, MaxFileSize)
			if err != nil {
				fail(p, err)
				continue
			}
			files = append(files, ParseFile(p, data))
			continue
		}
		names, total, err := confNames(p)
		if err != nil {
			fail(p, err)
			continue
		}
		if total > len(names) {
			errs = append(errs, Diagnostic{File: p, Kind: DiagUnreadable,
				Message: fmt.Sprintf("has %d *.conf files; only the first %d (by name) are read", total, len(names))})
		}
		for _, n := range names {
			fp := filepath.Join(p, n)
			data, err := readRegular(fp, MaxFileSize)
			if err != nil {
				fail(fp, err)
				continue
			}
			files = append(files, ParseFile(fp, data))
		}
	}
	return files, errs
}

// confNames lists the *.conf entries of a host directory, sorted bytewise,
// at most maxDirEntries of them; total is how many there were, so a cut is
// reported instead of silently dropping files.
func confNames(dir string) (names []string, total int, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, 0, err
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".conf") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	total = len(names)
	if total > maxDirEntries {
		names = names[:maxDirEntries]
	}
	return names, total, nil
}
