// Package jsonw writes an indented JSON document piece by piece: byte for
// byte what twadvise's other JSON outputs get from encoding/json (an
// Encoder with two-space indentation and HTML escaping off), without
// building the document in memory. Large outputs use it: effective on
// 10,000 files, a check with 200,000 findings, a fleet report of 10,000
// hosts.
package jsonw

import (
	"io"
	"strconv"
	"unicode/utf8"
)

// Writer writes one document into a buffer it hands to the underlying
// writer as it fills. The first write error sticks: later writes are
// dropped and Flush returns it.
type Writer struct {
	w     io.Writer
	b     []byte
	err   error
	depth int  // nesting of the open object or array
	first bool // nothing written yet in the open object or array
}

// New returns a Writer at the top level of a document.
func New(w io.Writer) *Writer { return &Writer{w: w, b: make([]byte, 0, 64<<10)} }

// InArray returns a Writer continuing a document inside an array that was
// opened at nesting depth (a top-level member's array is at depth 2) and
// holds nothing yet, for writing its elements after a head written some
// other way.
func InArray(w io.Writer, depth int) *Writer {
	j := New(w)
	j.depth, j.first = depth, true
	return j
}

// Flush writes out what is buffered and returns the first write error.
func (j *Writer) Flush() error {
	if j.err == nil && len(j.b) > 0 {
		_, j.err = j.w.Write(j.b)
	}
	j.b = j.b[:0]
	return j.err
}

func (j *Writer) newline() {
	if len(j.b) >= 60<<10 {
		_ = j.Flush()
	}
	j.b = append(j.b, '\n')
	for range j.depth {
		j.b = append(j.b, ' ', ' ')
	}
}

// Open starts an object ('{') or an array ('[') as the current value.
func (j *Writer) Open(c byte) {
	j.b = append(j.b, c)
	j.depth++
	j.first = true
}

// Close ends the innermost object ('}') or array (']'); an empty one stays
// on one line ("[]"), as encoding/json writes it.
func (j *Writer) Close(c byte) {
	j.depth--
	if !j.first {
		j.newline()
	}
	j.b = append(j.b, c)
	j.first = false
}

// Next starts an element of the open array.
func (j *Writer) Next() {
	if !j.first {
		j.b = append(j.b, ',')
	}
	j.first = false
	j.newline()
}

// Key starts a member of the open object.
func (j *Writer) Key(name string) {
	j.Next()
	j.b = AppendString(j.b, name)
	j.b = append(j.b, ':', ' ')
}

// StringMember writes the member name: s of the open object.
func (j *Writer) StringMember(name, s string) {
	j.Key(name)
	j.String(s)
}

// IntMember writes the member name: n of the open object.
func (j *Writer) IntMember(name string, n int) {
	j.Key(name)
	j.Int(n)
}

// String writes a string value.
func (j *Writer) String(s string) { j.b = AppendString(j.b, s) }

// StringOrNull writes *s, or null when s is nil.
func (j *Writer) StringOrNull(s *string) {
	if s == nil {
		j.Null()
		return
	}
	j.String(*s)
}

// Int writes a number.
func (j *Writer) Int(n int) { j.b = strconv.AppendInt(j.b, int64(n), 10) }

// Bool writes true or false.
func (j *Writer) Bool(v bool) { j.b = strconv.AppendBool(j.b, v) }

// Raw writes v, a value already encoded (a number or a quoted string made
// without allocating).
func (j *Writer) Raw(v []byte) { j.b = append(j.b, v...) }

// Null writes null.
func (j *Writer) Null() { j.b = append(j.b, "null"...) }

// Strings writes an array of strings; [] when there are none.
func (j *Writer) Strings(list []string) {
	j.Open('[')
	for _, s := range list {
		j.Next()
		j.String(s)
	}
	j.Close(']')
}

// End finishes the document with the newline json.Encoder writes, and
// flushes.
func (j *Writer) End() error {
	j.b = append(j.b, '\n')
	return j.Flush()
}

const hexDigits = "0123456789abcdef"

// AppendString appends s quoted as encoding/json quotes a string with HTML
// escaping off: '"', '\\' and control characters escaped (\b \f \n \r \t
// by name), invalid UTF-8 replaced by \ufffd, U+2028 and U+2029 escaped
// because JavaScript treats them as line ends.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
