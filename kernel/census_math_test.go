package kernel

import (
	"reflect"
	"testing"
)

func TestPortRangeMath(t *testing.T) {
	if got := portRangeSize(32768, 60999); got != 28232 {
		t.Errorf("default range size %d, want 28232", got)
	}
	if got := portRangeSize(0, 0); got != 0 {
		t.Errorf("unknown range size %d", got)
	}
	if got := portRangeShare(14116, 28232); got != 0.5 {
		t.Errorf("share %v, want 0.5", got)
	}
	if got := portRangeShare(1, 3); got != 0.3333 {
		t.Errorf("share %v, want 0.3333", got)
	}
	if got := ratePerSec(25); got != 2.5 {
		t.Errorf("rate %v, want 2.5", got)
	}
}

func TestSecondsToExhaustion(t *testing.T) {
	hist := func(pairs ...int) *[timeWaitSeconds + 1]uint32 {
		var h [timeWaitSeconds + 1]uint32
		for i := 0; i+1 < len(pairs); i += 2 {
			h[pairs[i]] = uint32(pairs[i+1])
		}
		return &h
	}
	tests := []struct {
		name string
		left *[timeWaitSeconds + 1]uint32
		rate float64
		size int
		want *int
	}{
		{"no outbound", nil, 10, 100, nil},
		{"unknown range", hist(60, 5), 1, 0, nil},
		{"already full", hist(30, 100), 0, 100, ptr(0)},
		{"no rate", hist(30, 50), 0, 100, nil},
		// 50 stay for 30 s; 2/s more: 50+2s >= 100 at s = 25.
		{"fills while the old ones stay", hist(30, 50), 2, 100, ptr(25)},
		// 50 leave after 10 s; 3/s: at 10 s 80, then only 3s: 100 at 34.
		{"old ones leave first", hist(10, 50), 3, 100, ptr(34)},
		// Steady state is 1/s * 60 = 60 < 100: never.
		{"steady state below the range", hist(59, 10), 1, 100, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := secondsToExhaustion(tc.left, tc.rate, tc.size)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", deref(got), deref(tc.want))
			}
		})
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestOutboundRate(t *testing.T) {
	var h [timeWaitSeconds + 1]uint32
	h[60], h[55], h[50], h[49] = 10, 10, 10, 100 // 49 s left: 11 s old, outside the window
	if got := outboundRate(&h); got != 3 {
		t.Errorf("rate %v, want 3", got)
	}
}

// TestAggregationFakeDump drives the census through an injected DumpFunc:
// no netlink, and a stream in which a TIME_WAIT socket on a listener's port
// arrives before the listener, which the listener pre-pass must handle.
func TestAggregationFakeDump(t *testing.T) {
	var a, b, mapped [16]byte
	v4Mapped(&a, [4]byte{192, 0, 2, 1})
	v4Mapped(&b, [4]byte{198, 51, 100, 7})
	mapped = b // an IPv4-mapped IPv6 peer is the same bytes
	stream := []Socket{
		{State: StateTimeWait, LocalAddr: a, RemoteAddr: b, LocalPort: 40001, RemotePort: 5432, TimerMS: 59_000},
		{State: StateTimeWait, LocalAddr: a, RemoteAddr: mapped, LocalPort: 40002, RemotePort: 5432, TimerMS: 59_500},
		{State: StateTimeWait, LocalAddr: a, RemoteAddr: b, LocalPort: 40003, RemotePort: 5432, TimerMS: 20_000},
		{State: StateListen, LocalAddr: a, LocalPort: 40001, Inode: 7},
		{State: StateEstablished, LocalAddr: a, RemoteAddr: b, LocalPort: 40004, RemotePort: 5432, Inode: 8},
		{State: 99},
	}
	calls := 0
	dump := func(states uint32, fn func(*Socket)) error {
		calls++
		for i := range stream {
			s := stream[i]
			if states&(1<<s.State) != 0 || s.State > maxState {
				fn(&s)
			}
		}
		return nil
	}
	c, err := TakeCensus(Open(basicRoot), CensusOptions{Source: SourceNetlink, Dump: dump})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 || c.Source != SourceNetlink {
		t.Fatalf("calls %d source %s", calls, c.Source)
	}
	want := []Destination{{Address: "198.51.100.7", Port: 5432, Count: 3, Outbound: 2,
		PortRangeShare: 0.0004, RatePerSec: 0.2}}
	if !reflect.DeepEqual(c.TimeWait.ByDestination, want) {
		t.Errorf("got %+v\nwant %+v", c.TimeWait.ByDestination, want)
	}
	if c.States["LISTEN"] != 1 || c.States["ESTABLISHED"] != 1 || c.States["TIME_WAIT"] != 3 {
		t.Errorf("states %v", c.States)
	}
}
