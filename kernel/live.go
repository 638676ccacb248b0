package kernel

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// maxLiveValue bounds one /proc/sys read; real values fit in a page.
const maxLiveValue = 1 << 20

// ReadLive reads key's running value from <root>/proc/sys. A key the kernel
// lacks is data (LiveAbsent), not an error. Write-only keys such as
// net.ipv4.route.flush fail with EACCES even for root, so they are told
// apart from permission problems by their mode bits.
func ReadLive(f FS, key string) Live {
	p := KeyPath(key)
	if badKey(key) != "" || IsGlob(key) {
		return Live{Status: LiveAbsent}
	}
	full := "/proc/sys/" + p
	data, err := f.ReadFile(full, maxLiveValue)
	switch {
	case err == nil:
		return Live{Value: strings.TrimRight(string(data), "\n"), Status: LiveOK}
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, ErrNotRegular), errors.Is(err, errNotDir):
		return Live{Status: LiveAbsent}
	case errors.Is(err, fs.ErrPermission):
		if fi, serr := os.Stat(f.hostPath(full)); serr == nil && fi.Mode().Perm()&0o444 == 0 {
			return Live{Status: LiveUnreadable}
		}
		return Live{Status: LiveDenied}
	}
	return Live{Status: LiveUnreadable}
}

// SameValue reports whether a configured value and a live value mean the
// same to the kernel: blanks are normalised, and when the live value is
// numeric the configured one is read the way the kernel's integer handlers
// read it (base prefixes "0x" and "0", trailing text after the numbers
// ignored), so "0x100" matches "256" and "4096 # comment" matches "4096".
func SameValue(configured, live string) bool {
	c, l := strings.Fields(configured), strings.Fields(live)
	if strings.Join(c, " ") == strings.Join(l, " ") {
		return true
	}
	if len(l) == 0 || len(c) < len(l) {
		return false
	}
	for i, lv := range l {
		ln, ok := ParseInt(lv)
		if !ok {
			return false
		}
		cn, ok := ParseInt(c[i])
		if !ok || cn != ln {
			return false
		}
	}
	// Extra configured tokens are ignored by the kernel only when they do
	// not parse as numbers it would take (an inline comment).
	if len(c) > len(l) {
		_, isNum := ParseInt(c[len(l)])
		return !isNum
	}
	return true
}

// ParseInt parses an integer like the kernel's proc handlers (base 0:
// "0x" hex, leading "0" octal, else decimal, optional sign).
func ParseInt(s string) (int64, bool) {
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		return 0, false // the kernel rejects "+300" (measured on 6.18)
	}
	base := 10
	switch {
	case len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X"):
		base, s = 16, s[2:]
	case len(s) > 1 && s[0] == '0':
		base, s = 8, s[1:]
	}
	if s == "" || strings.ContainsAny(s, "_+-") {
		return 0, false
	}
	u, err := strconv.ParseUint(s, base, 64)
	if err != nil {
		return 0, false
	}
	n := int64(u)
	if neg {
		n = -n
	}
	return n, true
}
