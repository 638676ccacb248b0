package kernel

import "math"

// The arithmetic of port exhaustion, kept apart from the aggregation so the
// unit tests can check it with hand-computed numbers.
//
// A connect() to one destination (address, port) needs a local port whose
// 4-tuple is free, so every outbound TIME_WAIT socket to that destination
// takes one of the ip_local_port_range ports away from it for up to 60 s.
// tcp_tw_reuse (timestamps on, after tcp_tw_reuse_delay) can hand such a port
// out again earlier, so these figures are the worst case.

// portRangeSize is the number of ports in [low, high]; 0 when unknown.
func portRangeSize(low, high uint16) int {
	if low == 0 || high < low {
		return 0
	}
	return int(high) - int(low) + 1
}

// portRangeShare is the fraction of the range that n sockets hold, rounded
// to four decimals so JSON stays readable.
func portRangeShare(n, size int) float64 {
	if size <= 0 {
		return 0
	}
	return round4(float64(n) / float64(size))
}

// ratePerSec turns the sockets seen entering TIME_WAIT within the rate
// window into a per-second rate.
func ratePerSec(recent int) float64 {
	return round4(float64(recent) / rateWindowSeconds)
}

// outboundRate is the rate from a histogram of remaining seconds: the slots
// of the last rateWindowSeconds (the most seconds left).
func outboundRate(left *[timeWaitSeconds + 1]uint32) float64 {
	if left == nil {
		return 0
	}
	recent := 0
	for s := timeWaitSeconds - rateWindowSeconds; s <= timeWaitSeconds; s++ {
		recent += int(left[s])
	}
	return float64(recent) / rateWindowSeconds
}

// secondsToExhaustion projects the number of outbound sockets forward one
// second at a time: the existing ones leave when their timers run out
// (a socket with s whole seconds left is counted until second s), new ones
// arrive at rate. It returns the first second at which they would fill size
// ports, or nil when that does not happen within 60 s: after 60 s every
// existing socket is gone and the count is steady at rate*60, so a range
// that survives the first 60 s survives for good.
func secondsToExhaustion(left *[timeWaitSeconds + 1]uint32, rate float64, size int) *int {
	if left == nil || size <= 0 {
		return nil
	}
	remaining := 0 // sockets with at least s seconds left
	for _, n := range left {
		remaining += int(n)
	}
	for s := 0; s <= timeWaitSeconds; s++ {
		if s > 0 {
			remaining -= int(left[s-1])
		}
		if float64(remaining)+rate*float64(s) >= float64(size) {
			return &s
		}
		if rate == 0 && s == 0 {
			return nil // not full now, and nothing new arrives
		}
	}
	return nil
}

func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }
