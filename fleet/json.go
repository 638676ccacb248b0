package fleet

import (
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/twadvise/twadvise/check"
)

// ReportSchema is the "schema" of the report JSON document.
const ReportSchema = 1

// WriteJSON writes the fleet as the `report --format json` document
// (docs/schema/report.schema.json): the fleet, the tool that made it, and
// errs, the inputs that could not be used. It streams: the occurrences of
// a large fleet (every finding on every host: tens of megabytes) are
// written as they are read from the table, never built in memory. The
// bytes are those encoding/json writes with two-space indentation and no
// HTML escaping, like every other JSON output (TestWriteJSONLikeEncodingJSON).
func (f *Fleet) WriteJSON(w io.Writer, tool check.Tool, errs []ReportError) error {
	o := &jsonOut{w: w, b: make([]byte, 0, 64<<10)}
	o.open('{')
	o.key("schema")
	o.int(ReportSchema)
	o.key("tool")
	o.open('{')
	o.key("name")
	o.str(tool.Name)
	o.key("version")
	o.str(tool.Version)
	o.close('}')

	o.key("hosts")
	o.open('[')
	for i := range f.Hosts {
		o.item()
		o.host(f.Hosts[i])
	}
	o.close(']')

	o.key("findings")
	o.open('[')
	for i := range f.Findings {
		o.item()
		o.finding(f, &f.Findings[i])
	}
	o.close(']')

	o.key("kernels")
	o.open('[')
	for _, k := range f.Kernels {
		o.item()
		o.open('{')
		o.key("release")
		o.strPtr(k.Release)
		o.key("hosts")
		o.strs(k.Hosts)
		o.close('}')
	}
	o.close(']')

	o.key("hosts_with_errors")
	o.strs(f.HostsWithErrors)
	if len(f.Notes) > 0 {
		o.key("notes")
		o.strs(f.Notes)
	}
	o.key("errors")
	o.fileErrors(errs)
	o.close('}')
	o.b = append(o.b, '\n')
	o.flush()
	return o.err
}

func (o *jsonOut) host(h *FleetHost) {
	o.open('{')
	o.key("host")
	o.str(h.Host)
	o.key("report")
	o.str(h.Report)
	o.key("kernel")
	o.strPtr(h.Kernel)
	o.key("mode")
	o.str(h.Mode)
	o.key("loader")
	o.str(h.Loader)
	o.key("profile")
	o.str(h.Profile)
	o.key("counts")
	o.open('{')
	o.key("error")
	o.int(h.Counts.Error)
	o.key("warning")
	o.int(h.Counts.Warning)
	o.key("info")
	o.int(h.Counts.Info)
	o.close('}')
	o.key("errors")
	o.fileErrors(h.Errors)
	o.close('}')
}

func (o *jsonOut) finding(f *Fleet, g *FleetFinding) {
	o.open('{')
	o.key("rule")
	o.str(g.Rule)
	o.key("name")
	o.str(g.Name)
	o.key("severity")
	o.str(g.Severity)
	o.key("key")
	o.str(g.Key)
	o.key("host_count")
	o.int(g.HostCount)
	o.key("kernels")
	o.strs(g.Kernels)
	o.key("remediation")
	o.str(g.Remediation)
	o.key("occurrences")
	o.open('[')
	s := f.t.strs
	for _, oc := range g.occs {
		fd := &f.t.finds[oc.finding]
		o.item()
		o.open('{')
		o.key("host")
		o.str(f.Hosts[oc.host].Host)
		o.key("value")
		o.str(s[fd.value])
		o.key("file")
		o.str(s[fd.file])
		o.key("line")
		o.int(fd.line)
		o.key("message")
		o.str(s[fd.message])
		o.key("kernel")
		o.strs(f.t.lists[fd.kernels])
		o.key("fingerprint")
		o.b = append(o.b, '"')
		o.b = appendFingerprint(o.b, fd.fingerprint)
		o.b = append(o.b, '"')
		o.close('}')
	}
	o.close(']')
	o.close('}')
}

// jsonOut writes indented JSON into a buffer it flushes to w as it fills.
type jsonOut struct {
	w     io.Writer
	b     []byte
	err   error
	depth int
	first bool // the next item is the first of its object or array
}

func (o *jsonOut) flush() {
	if o.err == nil && len(o.b) > 0 {
		_, o.err = o.w.Write(o.b)
	}
	o.b = o.b[:0]
}

func (o *jsonOut) newline() {
	if len(o.b) >= 60<<10 {
		o.flush()
	}
	o.b = append(o.b, '\n')
	for range o.depth {
		o.b = append(o.b, ' ', ' ')
	}
}

// item starts a value in the current array (or a key in an object).
func (o *jsonOut) item() {
	if !o.first {
		o.b = append(o.b, ',')
	}
	o.first = false
	o.newline()
}

func (o *jsonOut) key(k string) {
	o.item()
	o.b = appendJSONString(o.b, k)
	o.b = append(o.b, ':', ' ')
}

func (o *jsonOut) open(c byte) {
	o.b = append(o.b, c)
	o.depth++
	o.first = true
}

func (o *jsonOut) close(c byte) {
	o.depth--
	if !o.first {
		o.newline()
	}
	o.b = append(o.b, c)
	o.first = false
}

func (o *jsonOut) str(s string) { o.b = appendJSONString(o.b, s) }

func (o *jsonOut) int(n int) { o.b = strconv.AppendInt(o.b, int64(n), 10) }

func (o *jsonOut) strPtr(s *string) {
	if s == nil {
		o.b = append(o.b, "null"...)
		return
	}
	o.str(*s)
}

func (o *jsonOut) strs(l []string) {
	o.open('[')
	for _, s := range l {
		o.item()
		o.str(s)
	}
	o.close(']')
}

func (o *jsonOut) fileErrors(errs []ReportError) {
	o.open('[')
	for _, e := range errs {
		o.item()
		o.open('{')
		o.key("file")
		o.str(e.File)
		o.key("line")
		o.int(e.Line)
		o.key("message")
		o.str(e.Message)
		o.close('}')
	}
	o.close(']')
}

// appendJSONString appends s quoted as encoding/json does without HTML
// escaping: \", \\, the short escapes, \u00XX for other control
// characters, \ufffd for invalid UTF-8, \u2028 and \u2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
