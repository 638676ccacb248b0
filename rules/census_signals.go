package rules

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/twadvise/twadvise/kernel"
)

// censusSignals are the census attributes that say which kernel limit is
// being hit: the TCP counters and their rates, the accept queues, the
// limits behind them and the conntrack table. Every attribute exists with
// or without a census (null when unknown), so rule expressions never fail
// on a missing attribute.
func censusSignals(c *kernel.Census) map[string]cty.Value {
	if c == nil {
		c = &kernel.Census{}
	}
	l := c.Limits
	counter := map[string]cty.Value{}
	rate := map[string]cty.Value{}
	for _, n := range kernel.CounterNames() {
		counter[n], rate[n] = cty.NullVal(cty.Number), cty.NullVal(cty.Number)
		if v, ok := c.Counters[n]; ok {
			counter[n] = cty.NumberIntVal(v)
		}
		if v, ok := c.Rates[n]; ok {
			rate[n] = cty.NumberFloatVal(v)
		}
	}
	tcpMem := cty.NullVal(tcpMemType)
	if len(l.TCPMem) == 3 {
		tcpMem = cty.ObjectVal(map[string]cty.Value{
			"min": cty.NumberIntVal(l.TCPMem[0]), "pressure": cty.NumberIntVal(l.TCPMem[1]), "max": cty.NumberIntVal(l.TCPMem[2]),
		})
	}
	listeners := make([]cty.Value, 0, len(c.Listeners))
	for _, ln := range c.Listeners {
		listeners = append(listeners, listenerVal(ln))
	}
	fullest := cty.NullVal(listenerType)
	if len(c.Listeners) > 0 && c.Listeners[0].Queue > 0 {
		fullest = listeners[0]
	}
	list := cty.ListValEmpty(listenerType)
	if len(listeners) > 0 {
		list = cty.ListVal(listeners)
	}
	return map[string]cty.Value{
		"counter": cty.ObjectVal(counter), "rate": cty.ObjectVal(rate),
		"sampled":    cty.BoolVal(c.Rates != nil),
		"interval_s": cty.NumberFloatVal(c.Interval.Seconds()),
		"listeners":  list, "fullest_listener": fullest,
		"somaxconn": numPtr(l.SoMaxConn), "tcp_max_syn_backlog": numPtr(l.TCPMaxSynBacklog),
		"tcp_syncookies": numPtr(l.TCPSyncookies), "tcp_timestamps": numPtr(l.TCPTimestamps),
		"tcp_tw_recycle": numPtr(l.TCPTWRecycle),
		"orphans":        numPtr(l.Orphans), "tcp_max_orphans": numPtr(l.TCPMaxOrphans),
		"tcp_mem": tcpMem, "tcp_mem_pages": numPtr(l.TCPMemPages),
		"conntrack": conntrackVal(c.Conntrack),
	}
}

var tcpMemType = cty.Object(map[string]cty.Type{"min": cty.Number, "pressure": cty.Number, "max": cty.Number})

var listenerType = cty.Object(map[string]cty.Type{
	"address": cty.String, "port": cty.Number, "queue": cty.Number, "backlog": cty.Number,
	"full": cty.Bool, "at_somaxconn": cty.Bool, "pid": cty.Number, "command": cty.String,
})

func listenerVal(l kernel.Listener) cty.Value {
	backlog := cty.NullVal(cty.Number)
	if l.BacklogKnown {
		backlog = cty.NumberIntVal(int64(l.Backlog))
	}
	pid, comm := cty.NullVal(cty.Number), cty.NullVal(cty.String)
	if l.PID > 0 {
		pid, comm = cty.NumberIntVal(int64(l.PID)), cty.StringVal(l.Command)
	}
	return cty.ObjectVal(map[string]cty.Value{
		"address": cty.StringVal(l.Address), "port": cty.NumberIntVal(int64(l.Port)),
		"queue": cty.NumberIntVal(int64(l.Queue)), "backlog": backlog,
		"full": cty.BoolVal(l.Full()), "at_somaxconn": cty.BoolVal(l.AtSomaxconn),
		"pid": pid, "command": comm,
	})
}

var conntrackType = cty.Object(map[string]cty.Type{
	"count": cty.Number, "max": cty.Number, "drop": cty.Number, "early_drop": cty.Number, "insert_failed": cty.Number,
})

func conntrackVal(ct *kernel.Conntrack) cty.Value {
	if ct == nil {
		return cty.NullVal(conntrackType)
	}
	return cty.ObjectVal(map[string]cty.Value{
		"count": cty.NumberIntVal(ct.Count), "max": numPtr(ct.Max),
		"drop": numPtr(ct.Drop), "early_drop": numPtr(ct.EarlyDrop), "insert_failed": numPtr(ct.InsertFailed),
	})
}

func numPtr(p *int64) cty.Value {
	if p == nil {
		return cty.NullVal(cty.Number)
	}
	return cty.NumberIntVal(*p)
}

// objectWith is the object of base's attributes plus extra's.
func objectWith(extra, base map[string]cty.Value) cty.Value {
	for k, v := range extra {
		base[k] = v
	}
	return cty.ObjectVal(base)
}
