package kernel

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Version is a kernel version reduced to what rules compare: major, minor
// and patch level. Distribution suffixes are kept in Release.
type Version struct {
	Major, Minor, Patch int
}

// Compare returns -1, 0 or +1 as v is older than, equal to or newer than o.
func (v Version) Compare(o Version) int {
	for _, d := range [3]int{v.Major - o.Major, v.Minor - o.Minor, v.Patch - o.Patch} {
		if d < 0 {
			return -1
		}
		if d > 0 {
			return 1
		}
	}
	return 0
}

// Less reports whether v is older than o.
func (v Version) Less(o Version) bool { return v.Compare(o) < 0 }

func (v Version) String() string {
	if v.Patch == 0 {
		return fmt.Sprintf("%d.%d", v.Major, v.Minor)
	}
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}

// Release is a kernel release string as uname -r prints it, parsed.
type Release struct {
	Raw     string  // as given, e.g. "3.10.0-1160.el7.x86_64"
	Version Version // 3.10.0
	// Vendor names a distribution kernel family known to backport features
	// ("el7", "el8", "uek"), so messages can say that key history may differ.
	Vendor string
	RC     int // release candidate number, 0 for a release
}

// ErrRelease is wrapped by every release parsing error.
var ErrRelease = errors.New("invalid kernel release")

// ParseRelease parses a kernel release such as "6.18.44-fc-v657",
// "5.15.0-91-generic", "3.10.0-1160.el7.x86_64", "6.1.0-rc3" or "6.8".
// It needs at least "MAJOR.MINOR"; anything after the version is the
// distribution's and only feeds Vendor and RC.
func ParseRelease(s string) (Release, error) {
	raw := strings.TrimSpace(s)
	r := Release{Raw: raw}
	if raw == "" {
		return r, fmt.Errorf("%w: empty", ErrRelease)
	}
	num := raw
	if i := strings.IndexFunc(raw, func(c rune) bool { return c != '.' && (c < '0' || c > '9') }); i >= 0 {
		num = raw[:i]
	}
	suffix := raw[len(num):]
	parts := strings.Split(strings.TrimSuffix(num, "."), ".")
	if len(parts) < 2 || len(parts) > 4 {
		return r, fmt.Errorf("%w %q: want MAJOR.MINOR[.PATCH][-suffix], e.g. 5.15 or 5.15.0-91-generic", ErrRelease, raw)
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 1<<20 {
			return r, fmt.Errorf("%w %q: want MAJOR.MINOR[.PATCH][-suffix], e.g. 5.15 or 5.15.0-91-generic", ErrRelease, raw)
		}
		if i < 3 {
			nums[i] = n
		}
	}
	if suffix != "" && !strings.ContainsRune("-+_~", rune(suffix[0])) {
		return r, fmt.Errorf("%w %q: unexpected %q after the version number", ErrRelease, raw, suffix)
	}
	if nums[0] < 2 || nums[0] > 99 {
		return r, fmt.Errorf("%w %q: major version %d is not a Linux version", ErrRelease, raw, nums[0])
	}
	r.Version = Version{nums[0], nums[1], nums[2]}
	lower := strings.ToLower(suffix)
	if i := strings.Index(lower, "-rc"); i >= 0 {
		d := lower[i+3:]
		r.RC, _ = strconv.Atoi(d[:countDigits(d)])
	}
	switch {
	case strings.Contains(lower, "uek"):
		r.Vendor = "uek"
	case strings.Contains(lower, ".el"):
		if i := strings.Index(lower, ".el"); i >= 0 {
			r.Vendor = "el" + lower[i+3:i+3+countDigits(lower[i+3:])]
		}
	}
	return r, nil
}

func countDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// MustVersion parses "MAJOR.MINOR[.PATCH]" and panics on error. It is for
// constants in code and tests only.
func MustVersion(s string) Version {
	r, err := ParseRelease(s)
	if err != nil {
		panic(err)
	}
	return r.Version
}
