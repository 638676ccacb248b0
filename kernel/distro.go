package kernel

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The distro table: distribution releases that --kernel accepts by name,
// with the kernel, init, systemd and procps each ships. Rules that depend on
// the loader's version (systemd raising fs.file-max, procps applying
// /etc/sysctl.conf last) read the versions from here. docs/distros.md is
// generated from the same data (see DistroTableMarkdown).
//
//go:embed distros.tsv
var distrosTSV string

// Init is the init system a distribution release boots with by default.
type Init string

const (
	InitSystemd  Init = "systemd"
	InitUpstart  Init = "upstart"
	InitSysvinit Init = "sysvinit"
)

// Versions of systemd whose behaviour twadvise's rules depend on, verified in
// systemd's own source (https://github.com/systemd/systemd).
const (
	// SystemdBumpsFileMax is the first systemd release whose PID 1 raises
	// fs.file-max (to LONG_MAX) and fs.nr_open at boot: NEWS, "CHANGES WITH
	// 240"; src/core/main.c bump_file_max_and_nr_open(). It does so only
	// when built with the meson option bump-proc-sys-fs-file-max (on unless
	// the packager turns it off; several do), and only when the write of
	// LONG_MAX succeeds: kernels before 5.2 reject it ("The maximum the
	// kernel allows for this since 5.2 is LONG_MAX ... Previously ... the
	// operation would fail silently") and systemd then logs "Failed to bump
	// fs.file-max, ignoring". So a systemd version at or above this number
	// makes the bump possible, never certain.
	SystemdBumpsFileMax = 240
	// SystemdPidMaxConf is the first systemd release that ships
	// sysctl.d/50-pid-max.conf (kernel.pid_max = 4194304): NEWS, "CHANGES
	// WITH 243". It is installed only on 64-bit builds (sysctl.d/meson.build
	// installs it when sizeof(long) > 4), and distributions may drop it.
	SystemdPidMaxConf = 243
)

// SystemdSources are the public references for the constants above.
var SystemdSources = []string{
	"https://github.com/systemd/systemd/blob/v240/NEWS",
	"https://github.com/systemd/systemd/blob/main/src/core/main.c",
	"https://github.com/systemd/systemd/blob/main/meson_options.txt",
	"https://github.com/systemd/systemd/blob/v243/sysctl.d/50-pid-max.conf",
}

// Distro is one distribution release: what it ships, as far as sysctl
// loading and kernel keys are concerned.
type Distro struct {
	Name    string   // canonical name, e.g. "rhel-9", "ubuntu-22.04"
	Title   string   // e.g. "Ubuntu 22.04 LTS (jammy)"
	Aliases []string // other names LookupDistro accepts, e.g. "jammy"
	// Kernel is the upstream base of the release's own kernel (Ubuntu: the
	// GA kernel; Amazon Linux: the default of current AMIs).
	Kernel Version
	// OtherKernels are kernels the release also ships (Ubuntu HWE kernels,
	// Amazon Linux 2 extras, AL2023 AMIs), used to infer the release from a
	// kernel string.
	OtherKernels []Version
	// Vendor is the Release.Vendor of the release's kernel when that is a
	// vendor kernel with backported features ("el9", "ubuntu", "sles",
	// "amzn2"); "" for Debian, whose kernels follow upstream stable.
	Vendor  string
	Init    Init
	Systemd int    // systemd major version; 0 when the init is not systemd
	Procps  string // procps(-ng) version, "" when unknown
	// Unverified names the fields that could not be checked against a public
	// source ("kernel", "other_kernels", "init", "systemd", "procps"): they
	// are the best available knowledge, and messages must not state them as
	// fact.
	Unverified []string
	Sources    []string // public references for the row
}

// Verified reports whether field (as named in Unverified) was checked against
// a public source.
func (d Distro) Verified(field string) bool { return !slices.Contains(d.Unverified, field) }

// Release returns the kernel release a target named after d stands for, with
// Vendor set for vendor kernels. raw is what the user wrote ("rhel7").
func (d Distro) Release(raw string) Release {
	return Release{Raw: raw, Version: d.Kernel, Vendor: d.Vendor}
}

// ships reports whether d ships a kernel of v's major.minor.
func (d Distro) ships(v Version) bool {
	if sameMinor(d.Kernel, v) {
		return true
	}
	return slices.ContainsFunc(d.OtherKernels, func(k Version) bool { return sameMinor(k, v) })
}

func sameMinor(a, b Version) bool { return a.Major == b.Major && a.Minor == b.Minor }

type distroTable struct {
	rows   []Distro
	byName map[string]int // normalised name or alias -> index in rows
	err    error
}

var (
	distroOnce sync.Once
	distroData *distroTable
)

// distros returns the table, parsing the embedded data on first use. A broken
// file leaves an empty table with err set (a test checks it is nil).
func distros() *distroTable {
	distroOnce.Do(func() { distroData = parseDistros(distrosTSV) })
	return distroData
}

// Distros returns every known distribution release, in table order (by
// family, oldest first), for listings.
func Distros() []Distro {
	return slices.Clone(distros().rows)
}

// LookupDistroName reports whether name is a distribution name (rhel7,
// debian-12) rather than a kernel release string.
func LookupDistroName(name string) bool {
	_, ok := LookupDistro(name)
	return ok
}

// LookupDistro finds a distribution release by name or alias. Case, dashes,
// underscores, spaces and dots are ignored: "rhel7", "RHEL-7", "el7",
// "Ubuntu 22.04", "ubuntu2204" and "jammy" all resolve.
func LookupDistro(name string) (Distro, bool) {
	t := distros()
	i, ok := t.byName[normDistroName(name)]
	if !ok {
		return Distro{}, false
	}
	return t.rows[i], true
}

// normDistroName folds the spellings LookupDistro treats as equal.
func normDistroName(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(strings.TrimSpace(s)) {
		switch c {
		case '-', '_', ' ', '.':
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

const distroColumns = 11

func parseDistros(data string) *distroTable {
	t := &distroTable{byName: map[string]int{}}
	for n, line := range strings.Split(data, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		d, err := parseDistroRow(line)
		if err == nil {
			err = t.add(d)
		}
		if err != nil {
			t.err = fmt.Errorf("distros.tsv:%d: %w", n+1, err)
			t.rows, t.byName = nil, map[string]int{}
			return t
		}
	}
	return t
}

func (t *distroTable) add(d Distro) error {
	for _, name := range append([]string{d.Name}, d.Aliases...) {
		key := normDistroName(name)
		if startsWithDigit(key) {
			// parseTarget reads such a name as a release without looking
			// at the table, which most runs never need to parse.
			return fmt.Errorf("name %q starts with a digit and would read as a kernel release", name)
		}
		if j, dup := t.byName[key]; dup && j != len(t.rows) { // the row's own spelling variants are fine
			return fmt.Errorf("name %q of %s is already taken by %s", name, d.Name, t.rows[j].Name)
		}
		t.byName[key] = len(t.rows)
	}
	t.rows = append(t.rows, d)
	return nil
}

func parseDistroRow(line string) (Distro, error) {
	f := strings.Split(line, "\t")
	if len(f) != distroColumns {
		return Distro{}, fmt.Errorf("want %d tab-separated columns, got %d", distroColumns, len(f))
	}
	d := Distro{Name: f[0], Title: f[1], Aliases: list(f[2], ","), Vendor: dash(f[5]),
		Init: Init(f[6]), Procps: dash(f[8]), Unverified: list(f[9], ","), Sources: list(f[10], " ")}
	var err error
	if d.Kernel, err = parseVersion(f[3]); err != nil {
		return d, err
	}
	for _, k := range list(f[4], ",") {
		v, err := parseVersion(k)
		if err != nil {
			return d, err
		}
		d.OtherKernels = append(d.OtherKernels, v)
	}
	if d.Systemd, err = strconv.Atoi(f[7]); err != nil || d.Systemd < 0 {
		return d, fmt.Errorf("%s: systemd version %q is not a number", d.Name, f[7])
	}
	switch {
	case d.Init != InitSystemd && d.Init != InitUpstart && d.Init != InitSysvinit:
		return d, fmt.Errorf("%s: unknown init %q", d.Name, d.Init)
	case (d.Init == InitSystemd) != (d.Systemd > 0):
		return d, fmt.Errorf("%s: init %s with systemd version %d", d.Name, d.Init, d.Systemd)
	case len(d.Sources) == 0 || !strings.HasPrefix(d.Sources[0], "https://"):
		return d, fmt.Errorf("%s: no public source", d.Name)
	}
	for _, u := range d.Unverified {
		if !slices.Contains([]string{"kernel", "other_kernels", "init", "systemd", "procps"}, u) {
			return d, fmt.Errorf("%s: unknown field %q in unverified", d.Name, u)
		}
	}
	return d, nil
}

func parseVersion(s string) (Version, error) {
	r, err := ParseRelease(s)
	if err != nil || r.Raw != s || strings.ContainsAny(s, "-+_~") {
		return Version{}, fmt.Errorf("kernel %q is not MAJOR.MINOR[.PATCH]", s)
	}
	return r.Version, nil
}

// list splits a column; "-" and "" are the empty list.
func list(s, sep string) []string {
	if dash(s) == "" {
		return nil
	}
	return strings.Split(s, sep)
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}
