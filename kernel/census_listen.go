package kernel

import (
	"net/netip"
	"sort"
)

// Listener is one listening socket and its accept queue: connections the
// kernel completed that the application has not accept()ed yet. When the
// queue is full the kernel drops the final ACK of new connections and
// counts TcpExtListenOverflows (net/ipv4/tcp_ipv4.c tcp_v4_syn_recv_sock).
type Listener struct {
	Address string
	Port    uint16
	Queue   int // connections waiting for accept() (sk_ack_backlog)
	// Backlog is the queue's limit (sk_max_ack_backlog): the application's
	// listen() backlog, capped at net.core.somaxconn by the kernel
	// (net/socket.c __sys_listen). 0 with BacklogKnown false when the source
	// does not show it (/proc/net/tcp).
	Backlog      int
	BacklogKnown bool
	// AtSomaxconn says the backlog equals net.core.somaxconn: the
	// application asked for at least that much, so somaxconn is the cap,
	// not the application.
	AtSomaxconn bool
	PID         int    // owning process; 0 when not looked up or not found
	Command     string // /proc/PID/comm of the owner
	inode       uint64
}

// Full reports whether the accept queue is at its limit: the kernel refuses
// once sk_ack_backlog > sk_max_ack_backlog (include/net/sock.h
// sk_acceptq_is_full), so a full queue holds backlog+1.
func (l Listener) Full() bool { return l.BacklogKnown && l.Queue > l.Backlog }

// Fill is the accept queue's fill ratio, 0 when the backlog is unknown.
func (l Listener) Fill() float64 {
	if !l.BacklogKnown {
		return 0
	}
	return round4(float64(l.Queue) / float64(max(l.Backlog, 1)))
}

// listener turns a LISTEN socket into a Listener.
func listener(s *Socket) Listener {
	return Listener{
		Address: netip.AddrFrom16(s.LocalAddr).Unmap().String(), Port: s.LocalPort,
		Queue: int(s.RQueue), Backlog: int(s.WQueue), BacklogKnown: s.BacklogKnown, inode: s.Inode,
	}
}

// sortListeners puts the fullest queues first, then by port.
func sortListeners(ls []Listener) {
	sort.SliceStable(ls, func(i, j int) bool {
		a, b := ls[i], ls[j]
		if a.Full() != b.Full() {
			return a.Full()
		}
		if a.Queue != b.Queue {
			return a.Queue > b.Queue
		}
		if a.Port != b.Port {
			return a.Port < b.Port
		}
		return a.Address < b.Address
	})
}
