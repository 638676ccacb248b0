package rules

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/twadvise/twadvise/kernel"
)

// censusVal turns the live socket census into the "census" fact. Without a
// census (PATH mode, or no socket table under the root) census.available is
// false and every other attribute is null or empty, so rules guard on it.
func censusVal(c *kernel.Census) cty.Value {
	null := cty.NullVal(cty.Number)
	num := func(p *int64) cty.Value {
		if p == nil {
			return null
		}
		return cty.NumberIntVal(*p)
	}
	topType := cty.Object(map[string]cty.Type{"pid": cty.Number, "command": cty.String, "count": cty.Number})
	destType := cty.Object(map[string]cty.Type{
		"address": cty.String, "port": cty.Number, "count": cty.Number, "outbound": cty.Number,
		"share": cty.Number, "rate_per_s": cty.Number, "seconds_to_exhaustion": cty.Number,
	})
	if c == nil {
		return objectWith(censusSignals(nil), map[string]cty.Value{
			"available": cty.False, "source": cty.NullVal(cty.String),
			"time_wait":  cty.ObjectVal(map[string]cty.Value{"total": cty.Zero, "outbound": cty.Zero}),
			"tw_buckets": null, "tw_headroom": null, "overflow": cty.Zero,
			"busiest_destination": cty.NullVal(destType),
			"close_wait":          cty.ObjectVal(map[string]cty.Value{"total": cty.Zero, "unattributed": cty.Zero, "by_process": cty.ListValEmpty(topType)}),
			"file_nr":             null, "file_max": null, "listening_ports": cty.ListValEmpty(cty.Number),
		})
	}
	busiest := cty.NullVal(destType)
	var best *kernel.Destination
	for i := range c.TimeWait.ByDestination {
		d := &c.TimeWait.ByDestination[i]
		if best == nil || d.PortRangeShare > best.PortRangeShare {
			best = d
		}
	}
	if best != nil && best.Outbound > 0 {
		ste := null
		if best.SecondsToExhaustion != nil {
			ste = cty.NumberIntVal(int64(*best.SecondsToExhaustion))
		}
		busiest = cty.ObjectVal(map[string]cty.Value{
			"address": cty.StringVal(best.Address), "port": cty.NumberIntVal(int64(best.Port)),
			"count": cty.NumberIntVal(int64(best.Count)), "outbound": cty.NumberIntVal(int64(best.Outbound)),
			"share": cty.NumberFloatVal(best.PortRangeShare), "rate_per_s": cty.NumberFloatVal(best.RatePerSec),
			"seconds_to_exhaustion": ste,
		})
	}
	procs := []cty.Value{}
	for _, p := range c.CloseWait.ByProcess {
		procs = append(procs, cty.ObjectVal(map[string]cty.Value{
			"pid": cty.NumberIntVal(int64(p.PID)), "command": cty.StringVal(p.Command), "count": cty.NumberIntVal(int64(p.Count)),
		}))
	}
	byProcess := cty.ListValEmpty(topType)
	if len(procs) > 0 {
		byProcess = cty.ListVal(procs)
	}
	ports := []cty.Value{}
	for _, p := range c.Listening {
		ports = append(ports, cty.NumberIntVal(int64(p)))
	}
	return objectWith(censusSignals(c), map[string]cty.Value{
		"available": cty.True, "source": cty.StringVal(c.Source),
		"time_wait": cty.ObjectVal(map[string]cty.Value{
			"total": cty.NumberIntVal(int64(c.TimeWait.Total)), "outbound": cty.NumberIntVal(int64(c.TimeWait.Outbound)),
		}),
		"tw_buckets": num(c.Limits.TCPMaxTWBuckets), "tw_headroom": num(c.Limits.TimeWaitHeadroom),
		"overflow":            cty.NumberIntVal(c.Counters["TcpExtTCPTimeWaitOverflow"]),
		"busiest_destination": busiest,
		"close_wait": cty.ObjectVal(map[string]cty.Value{
			"total": cty.NumberIntVal(int64(c.CloseWait.Total)), "unattributed": cty.NumberIntVal(int64(c.CloseWait.Unattributed)),
			"by_process": byProcess,
		}),
		"file_nr": num(c.Limits.FileNr), "file_max": num(c.Limits.FileMax),
		"listening_ports": listOrEmpty(ports),
	})
}
