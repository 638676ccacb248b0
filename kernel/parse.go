package kernel

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxLineLength is the longest line twadvise parses. The kernel takes at
// most a page per value; a longer line is reported and skipped.
const MaxLineLength = 64 << 10

// A ConfigFile is one parsed sysctl file.
type ConfigFile struct {
	Path        string // in-root path (system mode) or as given (PATH mode)
	Settings    []Setting
	Directives  []*IgnoreDirective // every "# twadvise:ignore" line, used or not
	Diagnostics []Diagnostic
}

// blanks are what both loaders strip around keys and values: systemd's
// WHITESPACE plus the vertical tab and form feed procps' isspace() takes.
const blanks = " \t\r\n\v\f"

// ignorePrefix starts a suppression directive (DESIGN.md, "Suppression").
const ignorePrefix = "twadvise:ignore"

// ParseFile parses one sysctl.conf-format file the way both systemd-sysctl
// and procps sysctl read it: blank lines and lines whose first non-blank
// character is "#" or ";" are comments; "key = value" assigns; a leading "-"
// marks the key optional; "-key" without "=" excludes the key from globs.
// Values are kept verbatim (an inline "# ..." is part of the value, as both
// loaders write it to the kernel). Problems become diagnostics, never errors.
// The result keeps no reference to data, so callers may reuse it.
func ParseFile(path string, data []byte) *ConfigFile {
	cf := &ConfigFile{Path: path}
	if bytes.IndexByte(data, 0) >= 0 {
		cf.diag(0, DiagBinary, "contains NUL bytes: not a text file, skipped")
		return cf
	}
	// Room for the assignments a small file holds (at most one per "="),
	// so the slice is not regrown per file; big files grow it as usual.
	if n := min(bytes.Count(data, []byte("=")), 64); n > 0 {
		cf.Settings = make([]Setting, 0, n)
	}
	var pending *IgnoreDirective
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		if len(line) > MaxLineLength {
			cf.diag(lineNo, DiagLineTooLong, fmt.Sprintf("line is %d bytes long, over the %d-byte limit: skipped", len(line), MaxLineLength))
			pending = nil
			continue
		}
		if lineNo == 1 && bytes.HasPrefix(line, []byte("\xef\xbb\xbf")) {
			cf.diag(1, DiagBOM, "starts with a UTF-8 byte order mark: the loaders read it as part of the first key")
		}
		if !utf8.Valid(line) {
			cf.diag(lineNo, DiagBinary, "line is not valid UTF-8")
		}
		// Trimmed as bytes: only the lines kept (assignments, directives)
		// become strings, which the settings then share.
		trimmed := bytes.Trim(line, blanks)
		if len(trimmed) == 0 {
			pending = nil
			continue
		}
		if trimmed[0] == '#' || trimmed[0] == ';' {
			if trimmed[0] == ';' {
				cf.diag(lineNo, DiagSemicolon, "\";\" comment: procps and systemd 252 skip it, but systemd's newer shared config reader only skips \"#\" lines")
			}
			pending = nil
			if bytes.Contains(trimmed, []byte(ignorePrefix)) {
				pending = cf.directive(string(trimmed), lineNo)
			}
			continue
		}
		if s, ok := cf.parseLine(string(trimmed), lineNo); ok {
			s.Ignore = pending
			cf.Settings = append(cf.Settings, s)
		}
		pending = nil
	}
	return cf
}

func (cf *ConfigFile) diag(line int, kind, msg string) {
	cf.Diagnostics = append(cf.Diagnostics, Diagnostic{File: cf.Path, Line: line, Kind: kind, Message: msg})
}

// parseLine parses a non-comment line. It reports false for lines the
// loaders skip.
func (cf *ConfigFile) parseLine(text string, lineNo int) (Setting, bool) {
	s := Setting{File: cf.Path, Line: lineNo}
	key, value, hasEq := strings.Cut(text, "=")
	key = strings.Trim(key, blanks)
	if strings.HasPrefix(key, "-") {
		s.Optional = true
		rest := key[1:]
		key = strings.TrimLeft(rest, blanks)
		s.BlankAfterDash = key != rest
	}
	if !hasEq {
		if !s.Optional {
			cf.diag(lineNo, DiagNoAssignment, fmt.Sprintf("line is not an assignment (no \"=\"): systemd-sysctl fails with \"Line is not an assignment\", procps skips it as \"invalid syntax\": %q", truncate(text, 80)))
			return s, false
		}
		s.Exclude, s.Optional = true, false
	}
	if key == "" {
		cf.diag(lineNo, DiagEmptyKey, "empty key: both loaders fail on this line")
		return s, false
	}
	p := KeyPath(key)
	if msg := badKeyPath(key, p); msg != "" {
		cf.diag(lineNo, DiagBadKey, fmt.Sprintf("key %q %s", truncate(key, 80), msg))
		if strings.Contains(msg, "skipped") {
			return s, false
		}
	}
	s.RawKey = key
	s.Key = canonicalFromPath(key, p)
	s.Glob = IsGlob(key)
	s.Value = strings.Trim(value, blanks)
	return s, true
}

// badKey explains why a key cannot name a sysctl, or returns "".
func badKey(key string) string { return badKeyPath(key, KeyPath(key)) }

// badKeyPath is badKey for a key whose KeyPath p is known.
func badKeyPath(key, p string) string {
	for rest := p; rest != ""; {
		var c string
		c, rest, _ = strings.Cut(rest, "/")
		if c == ".." {
			return "would resolve outside /proc/sys: skipped"
		}
	}
	switch {
	case p == "":
		return "has no components: skipped"
	case strings.ContainsAny(key, " \t"):
		return "contains blanks: the loaders look for a file of that exact name, which no kernel has"
	case strings.HasSuffix(p, "/"):
		return "ends with a separator: it names a directory, not a key"
	}
	return ""
}

// directive parses a comment line; it returns the ignore directive it holds,
// if any, so the next assignment can take it.
func (cf *ConfigFile) directive(text string, lineNo int) *IgnoreDirective {
	body := strings.TrimLeft(text[1:], blanks)
	if !strings.HasPrefix(body, ignorePrefix) {
		return nil
	}
	rest := body[len(ignorePrefix):]
	if rest != "" && !strings.ContainsAny(rest[:1], " \t") {
		return nil // e.g. "twadvise:ignored", not ours
	}
	fields := strings.Fields(rest)
	d := &IgnoreDirective{File: cf.Path, Line: lineNo}
	if len(fields) > 0 {
		for _, r := range strings.Split(fields[0], ",") {
			if r = strings.TrimSpace(r); r != "" {
				d.Rules = append(d.Rules, r)
			}
		}
		d.Reason = strings.Join(fields[1:], " ")
	}
	cf.Directives = append(cf.Directives, d)
	return d
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
