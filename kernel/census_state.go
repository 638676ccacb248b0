package kernel

// TCPState is a TCP socket state as numbered in the kernel's
// include/net/tcp_states.h. Both census sources (sock_diag and
// /proc/net/tcp) report these numbers, so one type serves both.
type TCPState uint8

// The kernel's TCP states. NEW_SYN_RECV and BOUND_INACTIVE are internal
// states the kernel does not normally report: request sockets are shown
// as SYN_RECV by both sources.
const (
	StateEstablished   TCPState = 1
	StateSynSent       TCPState = 2
	StateSynRecv       TCPState = 3
	StateFinWait1      TCPState = 4
	StateFinWait2      TCPState = 5
	StateTimeWait      TCPState = 6
	StateClose         TCPState = 7
	StateCloseWait     TCPState = 8
	StateLastAck       TCPState = 9
	StateListen        TCPState = 10
	StateClosing       TCPState = 11
	StateNewSynRecv    TCPState = 12
	StateBoundInactive TCPState = 13
	maxState                    = StateBoundInactive
)

// stateNames are the kernel's own spellings (the tcp_state_name table in
// net/ipv4/tcp.c's comments and `ss -o state` filters use the same words
// with dashes); JSON keys use these.
var stateNames = [...]string{
	StateEstablished:   "ESTABLISHED",
	StateSynSent:       "SYN_SENT",
	StateSynRecv:       "SYN_RECV",
	StateFinWait1:      "FIN_WAIT1",
	StateFinWait2:      "FIN_WAIT2",
	StateTimeWait:      "TIME_WAIT",
	StateClose:         "CLOSE",
	StateCloseWait:     "CLOSE_WAIT",
	StateLastAck:       "LAST_ACK",
	StateListen:        "LISTEN",
	StateClosing:       "CLOSING",
	StateNewSynRecv:    "NEW_SYN_RECV",
	StateBoundInactive: "BOUND_INACTIVE",
}

// String returns the kernel's name for s, or "UNKNOWN" for a number the
// kernel does not define (a corrupt /proc line, a future kernel).
func (s TCPState) String() string {
	if s == 0 || s > maxState {
		return "UNKNOWN"
	}
	return stateNames[s]
}

// Socket is one entry of the TCP socket table, as both sources deliver it.
// Addresses are 16 bytes with IPv4 in its IPv4-mapped form (::ffff:a.b.c.d),
// so an IPv4 socket and an IPv4-mapped IPv6 socket to the same peer fall into
// the same group without any conversion.
type Socket struct {
	State      TCPState
	LocalAddr  [16]byte
	RemoteAddr [16]byte
	LocalPort  uint16
	RemotePort uint16
	// TimerMS is the time left on the socket's pending timer in milliseconds.
	// For TIME_WAIT it is the time until the socket disappears, which is what
	// the rate estimate is built on; 0 when no timer is pending.
	TimerMS uint32
	Inode   uint64 // 0 for TIME_WAIT and orphaned sockets
	// RQueue and WQueue are idiag_rqueue and idiag_wqueue. For a listener
	// they are the accept queue: connections waiting for accept() and the
	// backlog (sk_max_ack_backlog). /proc/net/tcp shows only the first,
	// as rx_queue; BacklogKnown says whether WQueue was read.
	RQueue       uint32
	WQueue       uint32
	BacklogKnown bool
}

// v4Mapped writes the IPv4 address a (in network byte order) into dst as
// ::ffff:a.b.c.d.
func v4Mapped(dst *[16]byte, a [4]byte) {
	*dst = [16]byte{10: 0xff, 11: 0xff}
	copy(dst[12:], a[:])
}
