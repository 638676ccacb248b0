package fleet

import (
	"slices"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/rules"
)

// decodeCurrent reads a schema 2 check document in one pass over its bytes,
// keeping only what the fleet view shows, its strings in the table. It
// accepts exactly the documents twadvise writes and returns false on
// anything else (an unknown or repeated field, a null, a number that is not
// a plain integer, an escape it does not know, invalid UTF-8, a finding
// check.ParseReport would reject): the caller then takes check.ParseReport,
// which reads every variant encoding/json accepts and words what is wrong.
// So the fast path can only be faster, never disagree (FuzzDecodeCurrent).
// Reflection-based decoding was two thirds of the cost of a fleet report.
func (d *decoder) decodeCurrent(data []byte, h *hostDoc) bool {
	d.data, d.pos, d.ids = data, 0, d.ids[:0]
	c := d.c
	*h = hostDoc{}
	var mode, loader, profile cached
	var (
		schema        int
		tool          bool
		source, first uint32
		hasFirst      bool
		seen          uint
		required      = uint(1<<0 | 1<<1 | 1<<2 | 1<<4 | 1<<8 | 1<<9)
		sourceAll     = c.strString(check.SourceAll)
		errs          []ReportError
	)
	source = ^uint32(0)
	ok := d.object(func(key []byte) bool {
		bit := uint(0)
		ok := true
		switch string(key) {
		case "schema":
			bit = 0
			schema, ok = d.integer()
		case "tool":
			bit = 1
			tool, ok = d.tool()
		case "host":
			bit = 2
			var s []byte
			if s, ok = d.str(); ok {
				h.Host = string(s)
			}
		case "mode":
			bit = 3
			mode, ok = d.cached()
		case "kernel":
			bit = 4
			source, first, hasFirst, ok = d.kernel()
		case "loader":
			bit = 5
			loader, ok = d.cached()
		case "profiles":
			bit = 6
			profile, ok = d.profiles()
		case "config":
			bit = 7
			if !d.null() {
				_, ok = d.str()
			}
		case "findings":
			bit = 8
			ok = d.array(func() bool {
				id, sev, ok := d.finding()
				if ok {
					d.ids = append(d.ids, id)
					h.Counts.add(sev)
				}
				return ok
			})
		case "errors":
			bit = 9
			ok = d.array(func() bool {
				e, ok := d.fileError()
				errs = append(errs, e)
				return ok
			})
		default:
			return false
		}
		if seen&(1<<bit) != 0 {
			return false // a repeated field: let encoding/json decide
		}
		seen |= 1 << bit
		return ok
	})
	if !ok || !d.atEnd() || seen&required != required ||
		schema != check.Schema || !tool || h.Host == "" {
		return false
	}
	kernel := int64(-1)
	if source != sourceAll && hasFirst {
		kernel = int64(first)
	}
	h.Setup = c.setup(kernel, mode, loader, profile)
	h.Errors = errs
	h.findings = slices.Clone(d.ids)
	return true
}

// decoder is a cursor over one JSON document, and one worker's scratch
// space, reused from document to document. Every method returns false when
// the input is not what it expects; none of them panics on any input.
type decoder struct {
	data []byte
	pos  int
	c    *tableCache
	buf  []byte // scratch for strings with escapes
	// from and to are scratch for a release range, ids for the findings.
	from, to []byte
	ids      []uint32
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\n', '\t', '\r':
			d.pos++
		default:
			return
		}
	}
}

// eat consumes c after optional white space.
func (d *decoder) eat(c byte) bool {
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == c {
		d.pos++
		return true
	}
	return false
}

func (d *decoder) atEnd() bool {
	d.skipSpace()
	return d.pos == len(d.data)
}

// null consumes a null literal if one is next.
func (d *decoder) null() bool {
	d.skipSpace()
	if len(d.data)-d.pos >= 4 && string(d.data[d.pos:d.pos+4]) == "null" {
		d.pos += 4
		return true
	}
	return false
}

// object reads an object, calling field with each key to read its value.
func (d *decoder) object(field func(key []byte) bool) bool {
	if !d.eat('{') {
		return false
	}
	if d.eat('}') {
		return true
	}
	for {
		k, ok := d.str()
		if !ok || !d.eat(':') || !field(k) {
			return false
		}
		if !d.eat(',') {
			return d.eat('}')
		}
	}
}

// array reads an array, calling elem to read each element.
func (d *decoder) array(elem func() bool) bool {
	if !d.eat('[') {
		return false
	}
	if d.eat(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if !d.eat(',') {
			return d.eat(']')
		}
	}
}

// integer reads an integer without fraction or exponent (encoding/json
// rejects those for an int) of at most 18 digits (so it cannot overflow).
func (d *decoder) integer() (int, bool) {
	d.skipSpace()
	i, neg := d.pos, false
	if i < len(d.data) && d.data[i] == '-' {
		neg = true
		i++
	}
	start, n := i, 0
	for ; i < len(d.data) && '0' <= d.data[i] && d.data[i] <= '9'; i++ {
		n = n*10 + int(d.data[i]-'0')
	}
	digits := i - start
	if digits == 0 || digits > 18 || digits > 1 && d.data[start] == '0' {
		return 0, false
	}
	if i < len(d.data) && (d.data[i] == '.' || d.data[i] == 'e' || d.data[i] == 'E') {
		return 0, false
	}
	d.pos = i
	if neg {
		n = -n
	}
	return n, true
}

// str reads a string; the bytes are valid until the next call.
func (d *decoder) str() ([]byte, bool) {
	if !d.eat('"') {
		return nil, false
	}
	ascii := true
	for i := d.pos; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '"':
			s := d.data[d.pos:i]
			if !ascii && !utf8.Valid(s) {
				return nil, false // encoding/json would substitute U+FFFD
			}
			d.pos = i + 1
			return s, true
		case c == '\\':
			return d.escaped(i)
		case c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

// escaped finishes a string that has an escape at esc, unescaping it into
// d.buf.
func (d *decoder) escaped(esc int) ([]byte, bool) {
	b := append(d.buf[:0], d.data[d.pos:esc]...)
	i := esc
	for i < len(d.data) {
		c := d.data[i]
		switch {
		case c == '"':
			if !utf8.Valid(b) {
				return nil, false
			}
			d.buf, d.pos = b, i+1
			return b, true
		case c < 0x20:
			return nil, false
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(d.data) {
			return nil, false
		}
		switch e := d.data[i+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(d.data, i+2)
			if !ok {
				return nil, false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				// Only a well-formed pair; a lone half would be U+FFFD.
				r2, ok := hex4(d.data, i+4)
				if !ok || d.data[i+2] != '\\' || d.data[i+3] != 'u' {
					return nil, false
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return nil, false
				}
				i += 6
			}
			b = utf8.AppendRune(b, r)
		default:
			return nil, false
		}
		i += 2
	}
	return nil, false
}

// hex4 is the rune of the four hex digits at data[i:].
func hex4(data []byte, i int) (rune, bool) {
	if i < 0 || i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// cached reads a string into the table.
func (d *decoder) cached() (cached, bool) {
	s, ok := d.str()
	if !ok {
		return cached{}, false
	}
	return d.c.lookup(s), true
}

// strID reads a string into the table.
func (d *decoder) strID() (uint32, bool) {
	s, ok := d.str()
	if !ok {
		return 0, false
	}
	return d.c.str(s), true
}

// tool reads {"name", "version"} and says whether the name is twadvise.
func (d *decoder) tool() (bool, bool) {
	name := false
	var seen uint
	ok := d.object(func(key []byte) bool {
		var bit uint
		switch string(key) {
		case "name":
			bit = 1
		case "version":
			bit = 2
		default:
			return false
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		s, ok := d.str()
		if bit == 1 {
			name = string(s) == "twadvise"
		}
		return ok
	})
	return name, ok
}

// kernel reads {"source", "targets", "distro"}: the source and the first
// target, as table numbers.
func (d *decoder) kernel() (source, first uint32, hasFirst, ok bool) {
	var seen uint
	source = ^uint32(0)
	ok = d.object(func(key []byte) bool {
		var bit uint
		ok := true
		switch string(key) {
		case "source":
			bit = 1
			source, ok = d.strID()
		case "targets":
			bit = 2
			ok = d.array(func() bool {
				s, ok := d.str()
				if ok && !hasFirst {
					first, hasFirst = d.c.str(s), true
				}
				return ok
			})
		case "distro":
			bit = 4
			_, ok = d.str()
		default:
			return false
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return ok
	})
	return source, first, hasFirst, ok
}

// profiles reads the profile names, joined by commas as the host row
// shows them.
func (d *decoder) profiles() (cached, bool) {
	joined, n := d.from[:0], 0 // from is free scratch here
	ok := d.array(func() bool {
		s, ok := d.str()
		if n > 0 {
			joined = append(joined, ',')
		}
		joined = append(joined, s...)
		n++
		return ok
	})
	d.from = joined
	return d.c.lookup(joined), ok
}

// fileError reads {"file", "line", "message"}.
func (d *decoder) fileError() (ReportError, bool) {
	var e ReportError
	var seen uint
	ok := d.object(func(key []byte) bool {
		var bit uint
		ok := true
		var s []byte
		switch string(key) {
		case "file":
			bit = 1
			s, ok = d.str()
			e.File = string(s)
		case "line":
			bit = 2
			e.Line, ok = d.integer()
		case "message":
			bit = 4
			s, ok = d.str()
			e.Message = string(s)
		default:
			return false
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return ok
	})
	return e, ok
}

// Finding fields, as bits of the set of those seen.
const (
	fRule = 1 << iota
	fName
	fSeverity
	fKey
	fValue
	fSuggestion
	fFile
	fPathInRoot
	fLine
	fOverriddenBy
	fMessage
	fRemediation
	fReferences
	fKernels
	fFingerprint
)

// finding reads one finding into the table: its number and severity.
func (d *decoder) finding() (uint32, rules.Severity, bool) {
	var (
		f    tableFinding
		seen uint
		sev  = rules.SeverityNone
		fp   = false
	)
	f.kernels = d.c.emptyList()
	ok := d.object(func(key []byte) bool {
		var bit uint
		ok := true
		switch string(key) {
		case "rule":
			bit = fRule
			var s []byte
			if s, ok = d.str(); ok && isRuleID(string(s)) {
				f.rule = d.c.str(s)
			} else {
				ok = false
			}
		case "name":
			bit = fName
			f.name, ok = d.strID()
		case "severity":
			bit = fSeverity
			var s []byte
			if s, ok = d.str(); ok {
				// rules.ParseSeverity's words, without its error's allocation
				switch string(s) {
				case "error":
					sev = rules.Error
				case "warning":
					sev = rules.Warning
				case "info":
					sev = rules.Info
				default:
					ok = false
				}
			}
		case "key":
			bit = fKey
			f.key, ok = d.strID()
		case "value":
			bit = fValue
			f.value, ok = d.strID()
		case "suggestion":
			bit = fSuggestion
			if !d.null() {
				_, ok = d.str()
			}
		case "file":
			bit = fFile
			f.file, ok = d.strID()
		case "path_in_root":
			bit = fPathInRoot
			_, ok = d.str()
		case "line":
			bit = fLine
			f.line, ok = d.integer()
		case "overridden_by":
			bit = fOverriddenBy
			if !d.null() {
				_, ok = d.fileError() // {"file", "line"}: the same shape, fewer fields
			}
		case "message":
			bit = fMessage
			f.message, ok = d.strID()
		case "remediation":
			bit = fRemediation
			f.remediation, ok = d.strID()
		case "references":
			bit = fReferences
			if !d.null() {
				ok = d.array(func() bool { _, ok := d.str(); return ok })
			}
		case "kernels":
			bit = fKernels
			if !d.null() {
				f.kernels, ok = d.ranges()
			}
		case "fingerprint":
			bit = fFingerprint
			var s []byte
			if s, ok = d.str(); ok {
				f.fingerprint, fp = parseFingerprint(s)
			}
		default:
			return false
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return ok
	})
	if !ok || seen&fRule == 0 || sev == rules.SeverityNone || !fp {
		return 0, 0, false
	}
	f.severity = sev
	return d.c.finding(f), sev, true
}

// ranges reads a finding's release ranges as the list of their texts
// ("4.12+", "3.10-4.11", "6.1"; check.Range.Text("+", "-")).
func (d *decoder) ranges() (uint32, bool) {
	d.c.startList()
	ok := d.array(func() bool {
		from, to := d.from[:0], d.to[:0]
		var seen uint
		open := true
		ok := d.object(func(key []byte) bool {
			var bit uint
			ok := true
			var s []byte
			switch string(key) {
			case "from":
				bit = 1
				s, ok = d.str()
				from = append(from, s...)
			case "to":
				bit = 2
				if !d.null() {
					s, ok = d.str()
					to, open = append(to, s...), false
				}
			default:
				return false
			}
			if seen&bit != 0 {
				return false
			}
			seen |= bit
			return ok
		})
		d.from, d.to = from, to
		switch {
		case open:
			d.c.addToList(from, plusSign)
		case string(to) == string(from):
			d.c.addToList(from)
		default:
			d.c.addToList(from, minusSign, to)
		}
		return ok
	})
	if !ok {
		return 0, false
	}
	return d.c.endList(), true
}

var plusSign, minusSign = []byte("+"), []byte("-")

// isRuleID is check's ^TW[0-9]{3}$ without a regexp.
func isRuleID(s string) bool {
	return len(s) == 5 && s[0] == 'T' && s[1] == 'W' && isDigits(s[2:])
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseFingerprint reads check's ^[0-9a-f]{16}$ as a number, written back
// by appendFingerprint.
func parseFingerprint(s []byte) (uint64, bool) {
	if len(s) != 16 {
		return 0, false
	}
	var n uint64
	for _, c := range s {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		default:
			return 0, false
		}
		n = n<<4 | uint64(c)
	}
	return n, true
}

func appendFingerprint(b []byte, n uint64) []byte {
	const digits = "0123456789abcdef"
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, digits[n>>uint(shift)&0xf])
	}
	return b
}
