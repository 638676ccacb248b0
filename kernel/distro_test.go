package kernel

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateDocs = flag.Bool("update", false, "rewrite the generated table in docs/distros.md")

func TestDistroTableLoads(t *testing.T) {
	if err := distros().err; err != nil {
		t.Fatalf("embedded distros.tsv: %v", err)
	}
	// DESIGN.md "Distros": the releases the table must cover.
	want := []string{"rhel-6", "rhel-7", "rhel-8", "rhel-9", "rhel-10",
		"debian-8", "debian-9", "debian-10", "debian-11", "debian-12", "debian-13",
		"ubuntu-14.04", "ubuntu-16.04", "ubuntu-18.04", "ubuntu-20.04", "ubuntu-22.04", "ubuntu-24.04",
		"al2", "al2023", "sles-12", "sles-12-sp5", "sles-15", "sles-15-sp7"}
	for _, name := range want {
		if _, ok := LookupDistro(name); !ok {
			t.Errorf("distro %s is missing", name)
		}
	}
}

func TestEveryDistroRow(t *testing.T) {
	for _, d := range Distros() {
		t.Run(d.Name, func(t *testing.T) {
			if d.Kernel.Major < 2 || d.Title == "" || len(d.Sources) == 0 {
				t.Errorf("incomplete row: %+v", d)
			}
			for _, s := range d.Sources {
				if !strings.HasPrefix(s, "https://") {
					t.Errorf("source %q is not a public https URL", s)
				}
			}
			if (d.Init == InitSystemd) != (d.Systemd > 0) {
				t.Errorf("init %s but systemd %d", d.Init, d.Systemd)
			}
			for _, name := range append([]string{d.Name}, d.Aliases...) {
				got, ok := LookupDistro(name)
				if !ok || got.Name != d.Name {
					t.Errorf("LookupDistro(%q) = %s, %v; want %s", name, got.Name, ok, d.Name)
				}
			}
			r := d.Release(d.Name)
			if r.Version != d.Kernel || r.Vendor != d.Vendor {
				t.Errorf("Release() = %+v, want kernel %v vendor %q", r, d.Kernel, d.Vendor)
			}
		})
	}
}

func TestLookupDistro(t *testing.T) {
	tests := []struct {
		in, name, kernel string
		systemd          int
	}{
		{"rhel7", "rhel-7", "3.10", 219},
		{"centos7", "rhel-7", "3.10", 219},
		{"RHEL-8", "rhel-8", "4.18", 239},
		{"rocky-9", "rhel-9", "5.14", 252},
		{"alma9", "rhel-9", "5.14", 252},
		{"el9", "rhel-9", "5.14", 252},
		{"rhel10", "rhel-10", "6.12", 257},
		{"centos6", "rhel-6", "2.6.32", 0},
		{"debian-12", "debian-12", "6.1", 252},
		{"bookworm", "debian-12", "6.1", 252},
		{"Debian 8", "debian-8", "3.16", 215},
		{"ubuntu-22.04", "ubuntu-22.04", "5.15", 249},
		{"Ubuntu 22.04", "ubuntu-22.04", "5.15", 249},
		{"ubuntu2204", "ubuntu-22.04", "5.15", 249},
		{"jammy", "ubuntu-22.04", "5.15", 249},
		{"trusty", "ubuntu-14.04", "3.13", 0},
		{"al2", "al2", "5.10", 219},
		{"amzn2", "al2", "5.10", 219},
		{"AL2023", "al2023", "6.1", 252},
		{"sles15", "sles-15", "4.12", 234},
		{"sles-15-sp5", "sles-15-sp5", "5.14", 249},
		{"SLES15SP5", "sles-15-sp5", "5.14", 249},
		{"sles_12_sp5", "sles-12-sp5", "4.12", 228},
	}
	for _, tc := range tests {
		d, ok := LookupDistro(tc.in)
		if !ok || d.Name != tc.name || d.Kernel != MustVersion(tc.kernel) || d.Systemd != tc.systemd {
			t.Errorf("LookupDistro(%q) = %s kernel %v systemd %d (%v); want %s kernel %s systemd %d",
				tc.in, d.Name, d.Kernel, d.Systemd, ok, tc.name, tc.kernel, tc.systemd)
		}
	}
	for _, in := range []string{"", "rhel", "rhel5", "ubuntu-23.04", "debian-7", "6.8", "3.10.0-1160.el7.x86_64", "sles16", "fedora-40"} {
		if d, ok := LookupDistro(in); ok {
			t.Errorf("LookupDistro(%q) = %s, want not found", in, d.Name)
		}
	}
}

// Init and loader facts DESIGN.md relies on: these releases have no
// systemd-sysctl, so "auto" resolves to procps for them.
func TestDistroInit(t *testing.T) {
	for name, want := range map[string]Init{"rhel-6": InitUpstart, "ubuntu-14.04": InitUpstart, "rhel-7": InitSystemd, "debian-13": InitSystemd} {
		if d, _ := LookupDistro(name); d.Init != want {
			t.Errorf("%s init = %q, want %q", name, d.Init, want)
		}
	}
}

func TestParseDistrosRejectsBadData(t *testing.T) {
	good := "rhel-7\tRHEL 7\trhel7\t3.10\t-\tel7\tsystemd\t219\t3.3.10\t-\thttps://example.org/a"
	tests := map[string]string{
		"columns":       "rhel-7\tRHEL 7",
		"duplicate":     good + "\n" + strings.Replace(good, "rhel-7\t", "centos-7\t", 1),
		"numeric alias": strings.Replace(good, "\trhel7\t", "\t7\t", 1),
		"digit first":   strings.Replace(good, "\trhel7\t", "\t7rhel\t", 1), // read as a release by --kernel
		"init mismatch": strings.Replace(good, "\tsystemd\t219\t", "\tupstart\t219\t", 1),
		"unknown init":  strings.Replace(good, "\tsystemd\t219\t", "\trunit\t219\t", 1),
		"no source":     strings.Replace(good, "https://example.org/a", "-", 1),
		"bad kernel":    strings.Replace(good, "\t3.10\t", "\t3.x\t", 1),
		"bad field":     strings.Replace(good, "\t3.3.10\t-\t", "\t3.3.10\tkernal\t", 1),
		"bad systemd":   strings.Replace(good, "\t219\t", "\tv219\t", 1),
	}
	if tab := parseDistros(good); tab.err != nil || len(tab.rows) != 1 {
		t.Fatalf("good row: %v (%d rows)", tab.err, len(tab.rows))
	}
	for name, data := range tests {
		tab := parseDistros(data)
		if tab.err == nil || len(tab.rows) != 0 {
			t.Errorf("%s: err %v, %d rows; want an error and an empty table", name, tab.err, len(tab.rows))
		}
	}
}

func TestDistroForRelease(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2.6.32-754.el6.x86_64", "rhel-6"},
		{"3.10.0-1160.el7.x86_64", "rhel-7"},
		{"4.18.0-513.el8.x86_64", "rhel-8"},
		{"4.18.0-513.5.1.el8_9.x86_64", "rhel-8"},
		{"5.14.0-427.13.1.el9_4.x86_64", "rhel-9"},
		{"6.12.0-55.12.1.el10_0.x86_64", "rhel-10"},
		{"6.1.0-18-amd64", "debian-12"},
		{"6.1.0-18-cloud-amd64", "debian-12"},
		{"4.19.0-25-cloud-amd64", "debian-10"},
		{"5.10.0-28-arm64", "debian-11"},
		{"3.16.0-4-amd64", "debian-8"},
		{"4.9.0-13-amd64", "debian-9"},
		{"6.12.38+deb13-amd64", "debian-13"},
		{"4.19.0-0.bpo.6-amd64", "debian-9"},   // stretch-backports
		{"6.12.12+bpo-amd64", "debian-12"},     // bookworm-backports
		{"6.5.0-0.deb12.4-amd64", ""},          // unrecognised numbering: not a guess
		{"3.13.0-170-generic", "ubuntu-14.04"}, // GA, no earlier LTS ships 3.13
		{"5.19.0-50-generic", "ubuntu-22.04"},  // HWE only on jammy
		{"6.5.0-45-generic", "ubuntu-22.04"},
		{"5.8.0-63-generic", "ubuntu-20.04"},
		{"6.11.0-29-generic", "ubuntu-24.04"},
		{"5.10.192-183.736.amzn2.x86_64", "al2"},
		{"4.14.355-275.570.amzn2.x86_64", "al2"},
		{"6.1.61-85.141.amzn2023.x86_64", "al2023"},
		{"6.12.40-63.114.amzn2023.aarch64", "al2023"},
		{"5.14.21-150500.55.39-default", "sles-15-sp5"},
		{"5.14.21-150400.24.100-default", "sles-15-sp4"},
		{"6.4.0-150600.23.25-default", "sles-15-sp6"},
		{"5.3.18-150300.59.150-default", "sles-15-sp3"},
	}
	for _, tc := range tests {
		r, err := ParseRelease(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		d, ok := DistroForRelease(r)
		if got := d.Name; got != tc.want || ok != (tc.want != "") {
			t.Errorf("DistroForRelease(%q) = %q, %v; want %q (candidates: %s)", tc.in, got, ok, tc.want, candidateNames(DistroCandidates(r)))
		}
	}
}

// A string that fits several releases, or a family's suffix with a kernel the
// family never shipped, is not known: no guess.
func TestDistroForReleaseAmbiguousOrUnknown(t *testing.T) {
	tests := []struct{ in, candidates string }{
		{"5.15.0-91-generic", "ubuntu-20.04, ubuntu-22.04"}, // 22.04 GA, 20.04 HWE
		{"4.15.0-213-generic", "ubuntu-16.04, ubuntu-18.04"},
		{"6.8.0-45-generic", "ubuntu-22.04, ubuntu-24.04"},
		{"5.4.0-1103-aws", "ubuntu-18.04, ubuntu-20.04"},
		{"4.12.14-122.37-default", "sles-12-sp4, sles-12-sp5, sles-15, sles-15-sp1"},
		{"6.4.0-1-default", "sles-15-sp6, sles-15-sp7"}, // also Tumbleweed's numbering
		{"6.6.1-1.el9.elrepo.x86_64", ""},               // el9 userspace, mainline kernel
		{"5.4.17-2136.307.3.1.el8uek.x86_64", ""},       // Oracle UEK
		{"6.2.0-39-amd64", ""},                          // Debian never released 6.2
		{"5.16.0-1-generic", ""},                        // no LTS shipped 5.16
		{"4.9.17-8.31.amzn1.x86_64", ""},                // Amazon Linux 1: not in the table
		{"6.18.44-fc-v657", ""},
		{"6.8", ""},
		{"6.1.0-rc3-amd64", ""},
		{"5.14.0-1.el8.x86_64", ""}, // el8 suffix with RHEL 9's kernel
	}
	for _, tc := range tests {
		r, err := ParseRelease(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if d, ok := DistroForRelease(r); ok {
			t.Errorf("DistroForRelease(%q) = %s; want not known", tc.in, d.Name)
		}
		if got := candidateNames(DistroCandidates(r)); got != tc.candidates {
			t.Errorf("DistroCandidates(%q) = %q, want %q", tc.in, got, tc.candidates)
		}
	}
}

func TestParseTargets(t *testing.T) {
	type want struct {
		version, vendor, distro string
	}
	tests := []struct {
		spec string
		want []want
	}{
		{"5.15", []want{{"5.15", "", ""}}},
		{"3.10, 6.8", []want{{"3.10", "", ""}, {"6.8", "", ""}}},
		{"rhel7", []want{{"3.10", "el7", "rhel-7"}}},
		{"rhel7,centos7,el7", []want{{"3.10", "el7", "rhel-7"}}},
		{"debian-12,jammy,al2023", []want{{"6.1", "", "debian-12"}, {"5.15", "ubuntu", "ubuntu-22.04"}, {"6.1", "amzn2023", "al2023"}}},
		{"3.10.0-1160.el7.x86_64", []want{{"3.10", "el7", "rhel-7"}}},
		{"6.1.0-18-amd64", []want{{"6.1", "", "debian-12"}}},
		// Ambiguous release: the family's vendor is known, the release is not.
		{"5.15.0-91-generic", []want{{"5.15", "ubuntu", ""}}},
		{"5.10.192-183.736.amzn2.x86_64", []want{{"5.10.192", "amzn2", "al2"}}},
		{"5.14.21-150500.55.39-default", []want{{"5.14.21", "sles", "sles-15-sp5"}}},
		{"6.8,6.8", []want{{"6.8", "", ""}}},
	}
	for _, tc := range tests {
		got, err := ParseTargets(tc.spec)
		if err != nil {
			t.Errorf("ParseTargets(%q): %v", tc.spec, err)
			continue
		}
		var gotW []want
		for _, g := range got {
			w := want{g.Release.Version.String(), g.Release.Vendor, ""}
			if g.Distro != nil {
				w.distro = g.Distro.Name
			}
			gotW = append(gotW, w)
		}
		if !slices.Equal(gotW, tc.want) {
			t.Errorf("ParseTargets(%q) = %+v, want %+v", tc.spec, gotW, tc.want)
		}
	}
	if got, _ := ParseTargets("rhel7"); got[0].Release.Raw != "rhel7" {
		t.Errorf("a named target keeps what the user wrote as Raw, got %q", got[0].Release.Raw)
	}
}

func TestParseTargetsErrors(t *testing.T) {
	tests := []struct{ spec, want string }{
		{"rhel77", `"rhel77"`},
		{"rhel77", "did you mean rhel-7"},
		{"5.15,jamy", "did you mean ubuntu-22.04"},
		{"ubuntu-22.10", "ubuntu-22.04"},
		{"debain-12", "debian-12"},
		{"bookwrm", "debian-12"},
		{"5.15,,6.1", "empty item"},
		{"", "empty item"},
		{"6.8,v6.8", `"v6.8"`},
		{"fedora-40", `"fedora-40": not a known distribution`},
		{"6.x", `"6.x"`},
	}
	for _, tc := range tests {
		got, err := ParseTargets(tc.spec)
		if err == nil || !errors.Is(err, ErrTarget) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseTargets(%q) = %v, %v; want an ErrTarget containing %q", tc.spec, got, err, tc.want)
		}
	}
}

func TestSuggestDistro(t *testing.T) {
	if s := SuggestDistro("rhel7"); s != nil {
		t.Errorf("SuggestDistro of a known name = %v, want nil", s)
	}
	if s := SuggestDistro("kubernetes"); s != nil {
		t.Errorf("SuggestDistro(kubernetes) = %v, want nil", s)
	}
	if s := SuggestDistro("rhel"); len(s) == 0 || len(s) > maxSuggestions {
		t.Errorf("SuggestDistro(rhel) = %v, want 1..%d names", s, maxSuggestions)
	}
}

// docs/distros.md holds DistroTableMarkdown's output between markers; run
// `go test ./kernel -run TestDistroDocs -update` after changing distros.tsv.
func TestDistroDocs(t *testing.T) {
	const begin, end = "<!-- distro-table:begin (generated from kernel/distros.tsv; go test ./kernel -run TestDistroDocs -update) -->\n", "<!-- distro-table:end -->"
	path := filepath.Join("..", "docs", "distros.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s: table markers missing", path)
	}
	want := doc[:i+len(begin)] + DistroTableMarkdown() + doc[j:]
	if *updateDocs {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if doc != want {
		t.Errorf("%s is out of date with kernel/distros.tsv; run go test ./kernel -run TestDistroDocs -update", path)
	}
}
