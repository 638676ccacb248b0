package main

import (
	"bufio"
	"strconv"
	"unicode/utf8"
)

// jsonStream writes an indented JSON document piece by piece, byte for
// byte what writeJSON (encoding/json, two-space indent, HTML characters
// unescaped) writes for the same values, so a large document (effective
// on 10,000 files) is never held in memory. Write errors stick in the
// bufio.Writer and come back from its Flush.
type jsonStream struct {
	w       *bufio.Writer
	scratch []byte
	depth   int  // nesting of the open object or array
	first   bool // nothing written yet in the open object or array
}

func newJSONStream(w *bufio.Writer) *jsonStream { return &jsonStream{w: w} }

// open starts an object ('{') or array ('[') as the current value.
func (j *jsonStream) open(c byte) {
	j.w.WriteByte(c)
	j.depth++
	j.first = true
}

// close ends the innermost object ('}') or array (']'); an empty one
// stays on one line ("[]"), as encoding/json writes it.
func (j *jsonStream) close(c byte) {
	j.depth--
	if !j.first {
		j.newline()
	}
	j.w.WriteByte(c)
	j.first = false
}

func (j *jsonStream) newline() {
	j.w.WriteByte('\n')
	for range j.depth {
		j.w.WriteString("  ")
	}
}

// next starts an element of the open array.
func (j *jsonStream) next() {
	if !j.first {
		j.w.WriteByte(',')
	}
	j.first = false
	j.newline()
}

// key starts a member of the open object; name is plain ASCII.
func (j *jsonStream) key(name string) {
	j.next()
	j.w.WriteByte('"')
	j.w.WriteString(name)
	j.w.WriteString(`": `)
}

func (j *jsonStream) str(s string) {
	j.scratch = appendJSONString(j.scratch[:0], s)
	j.w.Write(j.scratch)
}

func (j *jsonStream) int(n int) {
	j.scratch = strconv.AppendInt(j.scratch[:0], int64(n), 10)
	j.w.Write(j.scratch)
}

func (j *jsonStream) bool(b bool) {
	if b {
		j.w.WriteString("true")
	} else {
		j.w.WriteString("false")
	}
}

func (j *jsonStream) null() { j.w.WriteString("null") }

// strings writes an array of strings ([] when there are none).
func (j *jsonStream) strings(list []string) {
	j.open('[')
	for _, s := range list {
		j.next()
		j.str(s)
	}
	j.close(']')
}

// end finishes the document with the newline json.Encoder writes.
func (j *jsonStream) end() { j.w.WriteByte('\n') }

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes a string with
// HTML escaping off: '"', '\\' and control characters escaped (\b \f \n
// \r \t by name), invalid UTF-8 replaced by \ufffd, U+2028 and U+2029
// escaped because JavaScript treats them as line ends.
func appendJSONString(dst []byte, s string) []byte {
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
