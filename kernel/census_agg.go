package kernel

import (
	"net/netip"
	"sort"
)

// timeWaitSeconds is TCP_TIMEWAIT_LEN: mainline holds every TIME_WAIT socket
// for a fixed 60 s (include/net/tcp.h; tcp_time_wait() forces it). A socket's
// age is therefore 60 s minus its remaining timer.
const timeWaitSeconds = 60

// rateWindowSeconds is how far back the rate estimate looks: sockets that
// entered TIME_WAIT within the last 10 s (remaining timer >= 50 s), divided
// by 10. Short enough to follow a burst, long enough to smooth it.
const rateWindowSeconds = 10

// destKey identifies a TIME_WAIT destination. The address is in 16-byte form
// with IPv4 mapped, which is what folds IPv4-mapped IPv6 into IPv4.
type destKey struct {
	addr [16]byte
	port uint16
}

// destGroup is what the census keeps per destination: a few counters and,
// for destinations with outbound sockets, a 61-slot histogram of remaining
// timers. Memory grows with destinations, never with sockets.
type destGroup struct {
	count    int
	outbound int
	recent   int                          // entered TIME_WAIT within the rate window
	left     *[timeWaitSeconds + 1]uint32 // outbound sockets by whole seconds left; nil until one is seen
}

// aggregator folds a stream of sockets into counts. It never keeps a socket,
// except the inode of a CLOSE_WAIT socket, which the owner lookup needs.
type aggregator struct {
	portLow, portHigh uint16
	listeners         map[uint16]struct{}
	listenerList      []Listener
	states            [maxState + 1]int
	unknownStates     int
	timeWait          int
	outbound          int
	groups            map[destKey]*destGroup
	closeWait         map[uint64]struct{}
	closeWaitNoInode  int
}

func newAggregator(portLow, portHigh uint16) *aggregator {
	return &aggregator{
		portLow: portLow, portHigh: portHigh,
		listeners: map[uint16]struct{}{},
		groups:    map[destKey]*destGroup{},
		closeWait: map[uint64]struct{}{},
	}
}

// addListener records a listening port before the main pass, so that a
// TIME_WAIT socket on a listener's port is known to be inbound even when it
// is seen before the listener.
func (a *aggregator) addListener(s *Socket) {
	if s.State == StateListen {
		a.listeners[s.LocalPort] = struct{}{}
		a.listenerList = append(a.listenerList, listener(s))
	}
}

// isOutbound says whether a local port was chosen from the ephemeral range:
// inside ip_local_port_range and not a port something listens on.
func (a *aggregator) isOutbound(port uint16) bool {
	if a.portLow == 0 || port < a.portLow || port > a.portHigh {
		return false
	}
	_, listening := a.listeners[port]
	return !listening
}

// add counts one socket.
func (a *aggregator) add(s *Socket) {
	if s.State == 0 || s.State > maxState {
		a.unknownStates++
		return
	}
	a.states[s.State]++
	switch s.State {
	case StateListen:
		a.listeners[s.LocalPort] = struct{}{}
	case StateCloseWait:
		if s.Inode == 0 {
			a.closeWaitNoInode++
		} else {
			a.closeWait[s.Inode] = struct{}{}
		}
	case StateTimeWait:
		a.addTimeWait(s)
	}
}

func (a *aggregator) addTimeWait(s *Socket) {
	a.timeWait++
	k := destKey{addr: s.RemoteAddr, port: s.RemotePort}
	g := a.groups[k]
	if g == nil {
		g = &destGroup{}
		a.groups[k] = g
	}
	g.count++
	left := min(int(s.TimerMS/1000), timeWaitSeconds)
	if left >= timeWaitSeconds-rateWindowSeconds {
		g.recent++
	}
	if !a.isOutbound(s.LocalPort) {
		return
	}
	a.outbound++
	g.outbound++
	if g.left == nil {
		g.left = new([timeWaitSeconds + 1]uint32)
	}
	g.left[left]++
}

// Destination is the TIME_WAIT summary for one remote (address, port).
type Destination struct {
	Address  string // IPv4-mapped IPv6 is shown as IPv4
	Port     uint16
	Count    int // all TIME_WAIT sockets to this destination
	Outbound int // those whose local port came from ip_local_port_range
	// PortRangeShare is Outbound over the size of ip_local_port_range:
	// the share of the 4-tuples to this destination already taken.
	PortRangeShare float64
	// RatePerSec is how many sockets per second entered TIME_WAIT for this
	// destination over the last 10 s, read back from their remaining timers.
	// It undercounts when tcp_tw_reuse recycled sockets early.
	RatePerSec float64
	// SecondsToExhaustion is when, at RatePerSec and with the existing
	// sockets expiring on schedule, the outbound sockets would fill the port
	// range; nil when there are no outbound sockets, no rate, no known range,
	// or the range never fills at this rate.
	SecondsToExhaustion *int
}

// destinations returns every group, most sockets first.
func (a *aggregator) destinations() []Destination {
	size := portRangeSize(a.portLow, a.portHigh)
	out := make([]Destination, 0, len(a.groups))
	for k, g := range a.groups {
		d := Destination{
			Address:    netip.AddrFrom16(k.addr).Unmap().String(),
			Port:       k.port,
			Count:      g.count,
			Outbound:   g.outbound,
			RatePerSec: ratePerSec(g.recent),
		}
		if g.outbound > 0 && size > 0 {
			d.PortRangeShare = portRangeShare(g.outbound, size)
			d.SecondsToExhaustion = secondsToExhaustion(g.left, outboundRate(g.left), size)
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		if out[i].Address != out[j].Address {
			return out[i].Address < out[j].Address
		}
		return out[i].Port < out[j].Port
	})
	return out
}
