package fleet

import (
	"io"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/internal/jsonw"
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
	o := jsonw.New(w)
	o.Open('{')
	o.IntMember("schema", ReportSchema)
	o.Key("tool")
	o.Open('{')
	o.StringMember("name", tool.Name)
	o.StringMember("version", tool.Version)
	o.Close('}')

	o.Key("hosts")
	o.Open('[')
	for i := range f.Hosts {
		o.Next()
		writeHost(o, f.Hosts[i])
	}
	o.Close(']')

	o.Key("findings")
	o.Open('[')
	for i := range f.Findings {
		o.Next()
		writeFinding(o, f, &f.Findings[i])
	}
	o.Close(']')

	o.Key("kernels")
	o.Open('[')
	for _, k := range f.Kernels {
		o.Next()
		o.Open('{')
		o.Key("release")
		o.StringOrNull(k.Release)
		o.Key("hosts")
		o.Strings(k.Hosts)
		o.Close('}')
	}
	o.Close(']')

	o.Key("hosts_with_errors")
	o.Strings(f.HostsWithErrors)
	if len(f.Notes) > 0 {
		o.Key("notes")
		o.Strings(f.Notes)
	}
	o.Key("errors")
	writeFileErrors(o, errs)
	o.Close('}')
	return o.End()
}

func writeHost(o *jsonw.Writer, h *FleetHost) {
	o.Open('{')
	o.StringMember("host", h.Host)
	o.StringMember("report", h.Report)
	o.Key("kernel")
	o.StringOrNull(h.Kernel)
	o.StringMember("mode", h.Mode)
	o.StringMember("loader", h.Loader)
	o.StringMember("profile", h.Profile)
	o.Key("counts")
	o.Open('{')
	o.IntMember("error", h.Counts.Error)
	o.IntMember("warning", h.Counts.Warning)
	o.IntMember("info", h.Counts.Info)
	o.Close('}')
	o.Key("errors")
	writeFileErrors(o, h.Errors)
	o.Close('}')
}

func writeFinding(o *jsonw.Writer, f *Fleet, g *FleetFinding) {
	o.Open('{')
	o.StringMember("rule", g.Rule)
	o.StringMember("name", g.Name)
	o.StringMember("severity", g.Severity)
	o.StringMember("key", g.Key)
	o.IntMember("host_count", g.HostCount)
	o.Key("kernels")
	o.Strings(g.Kernels)
	o.StringMember("remediation", g.Remediation)
	o.Key("occurrences")
	o.Open('[')
	s := f.t.strs
	var fp []byte
	for _, oc := range g.occs {
		fd := &f.t.finds[oc.finding]
		o.Next()
		o.Open('{')
		o.StringMember("host", f.Hosts[oc.host].Host)
		o.StringMember("value", s[fd.value])
		o.StringMember("file", s[fd.file])
		o.IntMember("line", fd.line)
		o.StringMember("message", s[fd.message])
		o.Key("kernel")
		o.Strings(f.t.lists[fd.kernels])
		o.Key("fingerprint")
		fp = append(appendFingerprint(append(fp[:0], '"'), fd.fingerprint), '"')
		o.Raw(fp)
		o.Close('}')
	}
	o.Close(']')
	o.Close('}')
}

func writeFileErrors(o *jsonw.Writer, errs []ReportError) {
	o.Open('[')
	for _, e := range errs {
		o.Next()
		o.Open('{')
		o.StringMember("file", e.File)
		o.IntMember("line", e.Line)
		o.StringMember("message", e.Message)
		o.Close('}')
	}
	o.Close(']')
}
