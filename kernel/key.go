package kernel

import (
	"strings"
	"unicode/utf8"
)

// Keys have two spellings. The path form is the file under /proc/sys
// ("net/ipv4/conf/eth0.100/forwarding"); the canonical form is what
// `sysctl -a` prints and what twadvise shows: dot-separated, with a dot
// inside a component written as "/" ("net.ipv4.conf.eth0/100.forwarding").

// swapSeparators turns "." into "/" and "/" into ".".
func swapSeparators(s string) string {
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

// KeyPath returns the /proc/sys-relative path of a key as written in a
// sysctl file. As sysctl.d(5) says, the first separator decides: if it is
// "/", the key already is a path; if it is ".", dots and slashes swap.
// Like the path the loaders open, leading and repeated separators collapse
// ("/net//core/somaxconn" is net/core/somaxconn); a trailing one stays, as
// it makes the key name a directory.
func KeyPath(key string) string {
	i := strings.IndexAny(key, "./")
	if i >= 0 && key[i] == '.' {
		key = swapSeparators(key)
	}
	if !strings.Contains(key, "//") && !strings.HasPrefix(key, "/") {
		return key
	}
	trailing := strings.HasSuffix(key, "/")
	var parts []string
	for _, c := range strings.Split(key, "/") {
		if c != "" {
			parts = append(parts, c)
		}
	}
	p := strings.Join(parts, "/")
	if trailing && p != "" {
		p += "/"
	}
	return p
}

// CanonicalKey returns key in sysctl -a's canonical dotted form, whichever
// form it was written in.
func CanonicalKey(key string) string { return canonicalFromPath(key, KeyPath(key)) }

// canonicalFromPath is CanonicalKey for a key whose KeyPath p is known. A
// dotted key without "/" that KeyPath did not shorten (no leading or
// repeated separator) already is canonical: it is returned as is, which
// spares a copy per assignment. (Not when it is invalid UTF-8, which
// swapSeparators, through strings.Map, turns into U+FFFD.)
func canonicalFromPath(key, p string) string {
	if len(p) == len(key) && strings.IndexByte(key, '/') < 0 && utf8.ValidString(key) {
		return key
	}
	return swapSeparators(p)
}

// IsGlob reports whether a key contains fnmatch metacharacters, which both
// loaders expand over the keys that exist under /proc/sys.
func IsGlob(key string) bool { return strings.ContainsAny(key, "*?[") }
