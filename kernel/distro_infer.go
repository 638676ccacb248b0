package kernel

import (
	"regexp"
	"strings"
	"sync"
)

// Release strings whose suffix names the distribution family. The version
// part is matched by ParseRelease; these look at what follows it. They are
// compiled on first use, not when the program starts.
var (
	// Ubuntu: ABI number and flavour, "5.15.0-91-generic", "6.8.0-1012-aws".
	ubuntuSuffix = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^-\d+-(generic|generic-64k|generic-lpae|lowlatency|lowlatency-64k|aws|azure|gcp|gke|kvm|oracle|ibm|nvidia|raspi|virtual)$`)
	})
	// Debian: ABI number ("-18"), backport ("-0.bpo.6", "+bpo") or, from
	// trixie on, "+deb13", then an optional featureset and the flavour.
	debianSuffix = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(-\d+|-0\.bpo\.\d+|\+deb(\d+)|\+bpo)-(cloud-|rt-)?(amd64|arm64|686|686-pae|armmp|armmp-lpae|powerpc64le|s390x|loong64|riscv64)$`)
	})
	// SUSE: "5.14.21-150500.55.39-default"; 1505xx is SLE 15 SP5.
	suseSuffix   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^-(\d+(?:\.\d+)*)-(default|azure|rt)$`) })
	suseSP15Code = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^150(\d)00$`) })
	// Amazon Linux: "5.10.192-183.736.amzn2.x86_64", "6.1.61-85.141.amzn2023.x86_64".
	amazonSuffix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\.amzn(2|2023)(\.|$)`) })
)

// DistroForRelease infers the distribution release from a kernel release
// string whose suffix names the family: ".el6"…".el10" (RHEL family),
// "-generic"/"-aws"/… (Ubuntu LTS, by its GA or HWE kernel), "-amd64"/
// "-cloud-amd64"/"-arm64"/… (Debian), ".amzn2"/".amzn2023" (Amazon Linux),
// "-default" with SUSE's "1505xx" numbering (SLES 15 SP5). The kernel version
// must be one the release ships. It answers only when exactly one release
// fits: "5.15.0-91-generic" is Ubuntu 22.04's GA kernel and also 20.04's HWE
// kernel, so it is not known (DistroCandidates lists both).
func DistroForRelease(r Release) (Distro, bool) {
	c := DistroCandidates(r)
	if len(c) != 1 {
		return Distro{}, false
	}
	return c[0], true
}

// DistroCandidates returns every distribution release the kernel release
// string could come from, in table order: none when the suffix names no known
// family or the version is not one the family ships, several when the string
// alone cannot tell (an Ubuntu GA kernel that is also the previous LTS's HWE
// kernel, a SUSE kernel without the SLE 15 numbering).
func DistroCandidates(r Release) []Distro {
	suffix := strings.ToLower(strings.TrimPrefix(r.Raw, releaseNumber(r.Raw)))
	if suffix == "" || r.RC != 0 {
		return nil
	}
	var keep func(Distro) bool
	switch {
	case r.Vendor != "" && strings.HasPrefix(r.Vendor, "el"):
		keep = func(d Distro) bool { return d.Vendor == r.Vendor && sameMinor(d.Kernel, r.Version) }
	case amazonSuffix().MatchString(suffix):
		vendor := "amzn" + amazonSuffix().FindStringSubmatch(suffix)[1]
		keep = func(d Distro) bool { return d.Vendor == vendor && d.ships(r.Version) }
	case ubuntuSuffix().MatchString(suffix):
		keep = func(d Distro) bool { return d.Vendor == "ubuntu" && d.ships(r.Version) }
	case debianSuffix().MatchString(suffix):
		return debianCandidates(r, debianSuffix().FindStringSubmatch(suffix))
	case suseSuffix().MatchString(suffix):
		return suseCandidates(r, suseSuffix().FindStringSubmatch(suffix)[1])
	default:
		return nil
	}
	var out []Distro
	for _, d := range distros().rows {
		if keep(d) {
			out = append(out, d)
		}
	}
	return out
}

// debianCandidates: "+debNN" names the release; a backport ("bpo") runs on
// the release before the one whose kernel it is, i.e. the newest release
// with an older kernel; otherwise the release whose kernel it is.
func debianCandidates(r Release, m []string) []Distro {
	var out []Distro
	for _, d := range distros().rows {
		if !strings.HasPrefix(d.Name, "debian-") {
			continue
		}
		switch {
		case m[2] != "":
			if d.Name == "debian-"+m[2] && sameMinor(d.Kernel, r.Version) {
				return []Distro{d}
			}
		case strings.Contains(m[1], "bpo"):
			if d.Kernel.Less(Version{r.Version.Major, r.Version.Minor, 0}) {
				out = []Distro{d} // rows are oldest first: keep the newest
			}
		case sameMinor(d.Kernel, r.Version):
			out = append(out, d)
		}
	}
	return out
}

// suseCandidates: SLE 15 SP4 and later (and SP2/SP3 updates) number their
// kernels 150N00.x, which names the service pack; without it every service
// pack shipping that kernel version is a candidate. openSUSE Leap 15.N runs
// the same kernels and userspace packages as SLE 15 SPN.
func suseCandidates(r Release, abi string) []Distro {
	var out []Distro
	sp := ""
	if m := suseSP15Code().FindStringSubmatch(strings.SplitN(abi, ".", 2)[0]); m != nil {
		sp = "sles-15-sp" + m[1]
	}
	for _, d := range distros().rows {
		if d.Vendor != "sles" || !sameMinor(d.Kernel, r.Version) {
			continue
		}
		if sp == "" || d.Name == sp {
			out = append(out, d)
		}
	}
	return out
}

// releaseNumber returns the leading "MAJOR.MINOR[.PATCH]" of a release string.
func releaseNumber(raw string) string {
	i := strings.IndexFunc(raw, func(c rune) bool { return c != '.' && (c < '0' || c > '9') })
	if i < 0 {
		return raw
	}
	return raw[:i]
}

// familyVendor returns the Release.Vendor that the suffix alone implies, even
// when the exact release is ambiguous: every "-generic" kernel is an Ubuntu
// vendor kernel, whichever LTS it runs on.
func familyVendor(r Release) string {
	if r.Vendor != "" {
		return r.Vendor
	}
	suffix := strings.ToLower(strings.TrimPrefix(r.Raw, releaseNumber(r.Raw)))
	switch {
	case amazonSuffix().MatchString(suffix):
		return "amzn" + amazonSuffix().FindStringSubmatch(suffix)[1]
	case ubuntuSuffix().MatchString(suffix):
		return "ubuntu"
	case suseSuffix().MatchString(suffix) && suseSP15Code().MatchString(strings.SplitN(suseSuffix().FindStringSubmatch(suffix)[1], ".", 2)[0]):
		return "sles"
	}
	return ""
}

// candidateNames joins the names of ds for messages.
func candidateNames(ds []Distro) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Name
	}
	return strings.Join(names, ", ")
}
