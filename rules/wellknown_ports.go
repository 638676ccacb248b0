package rules

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// ServerPort is a port a common server listens on by default, with the
// public source that says so.
type ServerPort struct {
	Port    int
	Service string
	Source  string
}

//go:embed wellknown_ports.tsv
var wellKnownTSV string

// WellKnownPorts lists the well-known server ports (wellknown_ports.tsv),
// in port order. TW307 reports an ephemeral range that covers them; the
// profile generator reserves them. Callers must not modify the result.
var WellKnownPorts = sync.OnceValue(func() []ServerPort {
	var out []ServerPort
	for _, line := range strings.Split(wellKnownTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			panic("UNEXPECTED: rules/wellknown_ports.tsv: want 3 tab-separated columns: " + line)
		}
		port, err := strconv.Atoi(f[0])
		if err != nil || port < 1 || port > 65535 {
			panic("UNEXPECTED: rules/wellknown_ports.tsv: bad port: " + line)
		}
		out = append(out, ServerPort{Port: port, Service: f[1], Source: f[2]})
	}
	return out
})

// WellKnownPortsIn lists the well-known server ports from lo to hi that the
// reserved list (ip_local_reserved_ports syntax, "" for none) leaves out.
func WellKnownPortsIn(lo, hi int64, reserved string) []ServerPort {
	var out []ServerPort
	for _, p := range WellKnownPorts() {
		if int64(p.Port) >= lo && int64(p.Port) <= hi && !PortListed(int64(p.Port), reserved) {
			out = append(out, p)
		}
	}
	return out
}

var serverPortType = cty.Object(map[string]cty.Type{"port": cty.Number, "service": cty.String})

// wellknown_ports_in(lo, hi, reserved) is WellKnownPortsIn for rules: a list
// of {port, service}; reserved may be null.
var wellKnownPortsInFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "lo", Type: cty.Number}, {Name: "hi", Type: cty.Number},
		{Name: "reserved", Type: cty.String, AllowNull: true},
	},
	Type: function.StaticReturnType(cty.List(serverPortType)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		lo, _ := args[0].AsBigFloat().Int64()
		hi, _ := args[1].AsBigFloat().Int64()
		reserved := ""
		if !args[2].IsNull() {
			reserved = args[2].AsString()
		}
		var vals []cty.Value
		for _, p := range WellKnownPortsIn(lo, hi, reserved) {
			vals = append(vals, cty.ObjectVal(map[string]cty.Value{"port": cty.NumberIntVal(int64(p.Port)), "service": cty.StringVal(p.Service)}))
		}
		if len(vals) == 0 {
			return cty.ListValEmpty(serverPortType), nil
		}
		return cty.ListVal(vals), nil
	},
})
