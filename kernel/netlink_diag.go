package kernel

import (
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// sock_diag (NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY with inet_diag_req_v2)
// is what ss uses: the kernel hands over binary records, about 90 bytes a
// socket, with no text to format or parse. x/sys/unix has the constants but
// not the inet_diag structs, so the few offsets needed are spelled out here
// from include/uapi/linux/inet_diag.h.

// DumpFunc streams every TCP socket whose state bit is set in states
// (bit n = TCPState n) to fn, IPv4 and IPv6 alike. The Socket passed to fn
// is reused; fn must copy what it keeps. The census takes one of these so
// that aggregation tests run without netlink.
type DumpFunc func(states uint32, fn func(*Socket)) error

// ErrNetlink wraps every failure of the sock_diag source, so the census can
// tell "netlink is unavailable here" from other errors and fall back.
var ErrNetlink = errors.New("sock_diag netlink")

const (
	nlmsgHdrLen     = 16 // struct nlmsghdr
	inetDiagReqLen  = 56 // struct inet_diag_req_v2
	inetDiagMsgLen  = 72 // struct inet_diag_msg
	netlinkRecvSize = 64 << 10
)

// NetlinkDump is the DumpFunc that asks the running kernel, for the network
// namespace of the calling thread.
func NetlinkDump(states uint32, fn func(*Socket)) error {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, unix.NETLINK_SOCK_DIAG)
	if err != nil {
		return fmt.Errorf("%w: socket: %w", ErrNetlink, err)
	}
	defer unix.Close(fd)
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return fmt.Errorf("%w: bind: %w", ErrNetlink, err)
	}
	buf := make([]byte, netlinkRecvSize)
	for i, family := range []uint8{unix.AF_INET, unix.AF_INET6} {
		err := dumpFamily(fd, uint32(i+1), family, states, buf, fn)
		if family == unix.AF_INET6 && (errors.Is(err, unix.ENOENT) || errors.Is(err, unix.EAFNOSUPPORT)) {
			continue // no IPv6 in this kernel: nothing to count
		}
		if err != nil {
			return fmt.Errorf("%w: %w", ErrNetlink, err)
		}
	}
	return nil
}

// dumpFamily sends one dump request and decodes the replies until
// NLMSG_DONE.
func dumpFamily(fd int, seq uint32, family uint8, states uint32, buf []byte, fn func(*Socket)) error {
	req := make([]byte, nlmsgHdrLen+inetDiagReqLen)
	ne := binary.NativeEndian
	ne.PutUint32(req[0:], uint32(len(req)))
	ne.PutUint16(req[4:], unix.SOCK_DIAG_BY_FAMILY)
	ne.PutUint16(req[6:], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	ne.PutUint32(req[8:], seq)
	req[16] = family
	req[17] = unix.IPPROTO_TCP
	ne.PutUint32(req[20:], states) // the sockid that follows stays zero: no filter
	if err := unix.Sendto(fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	var s Socket
	for {
		n, _, err := unix.Recvfrom(fd, buf, 0)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return fmt.Errorf("recv: %w", err)
		}
		done, err := decodeDiagBatch(buf[:n], seq, &s, fn)
		if err != nil || done {
			return err
		}
	}
}

// decodeDiagBatch walks the netlink messages in one datagram. It reports
// done at NLMSG_DONE and turns NLMSG_ERROR into an errno.
func decodeDiagBatch(b []byte, seq uint32, s *Socket, fn func(*Socket)) (done bool, err error) {
	ne := binary.NativeEndian
	for len(b) >= nlmsgHdrLen {
		l := int(ne.Uint32(b[0:]))
		typ := ne.Uint16(b[4:])
		if l < nlmsgHdrLen || l > len(b) {
			return false, fmt.Errorf("truncated netlink message (%d of %d bytes)", len(b), l)
		}
		msg := b[nlmsgHdrLen:l]
		if ne.Uint32(b[8:]) == seq {
			switch typ {
			case unix.NLMSG_DONE:
				return true, nil
			case unix.NLMSG_ERROR:
				if len(msg) >= 4 {
					if e := int32(ne.Uint32(msg)); e != 0 {
						return false, unix.Errno(-e)
					}
				}
				return true, nil
			case unix.SOCK_DIAG_BY_FAMILY:
				if decodeDiagMsg(msg, s) {
					fn(s)
				}
			}
		}
		b = b[min(nlmsgAlign(l), len(b)):]
	}
	return false, nil
}

func nlmsgAlign(n int) int { return (n + 3) &^ 3 }

// decodeDiagMsg fills s from a struct inet_diag_msg. Ports and addresses are
// in network byte order; the rest is host order. idiag_expires is in
// milliseconds (for TIME_WAIT: until the socket goes away).
func decodeDiagMsg(m []byte, s *Socket) bool {
	if len(m) < inetDiagMsgLen {
		return false
	}
	ne := binary.NativeEndian
	*s = Socket{
		State:      TCPState(m[1]),
		LocalPort:  binary.BigEndian.Uint16(m[4:]),
		RemotePort: binary.BigEndian.Uint16(m[6:]),
		TimerMS:    ne.Uint32(m[52:]),
		Inode:      uint64(ne.Uint32(m[68:])),
		RQueue:     ne.Uint32(m[56:]),
		WQueue:     ne.Uint32(m[60:]),
		// For listeners net/ipv4/tcp_diag.c tcp_diag_get_info() sets
		// idiag_wqueue to sk_max_ack_backlog: the backlog.
		BacklogKnown: TCPState(m[1]) == StateListen,
	}
	if m[0] == unix.AF_INET {
		v4Mapped(&s.LocalAddr, [4]byte(m[8:12]))
		v4Mapped(&s.RemoteAddr, [4]byte(m[24:28]))
	} else {
		s.LocalAddr = [16]byte(m[8:24])
		s.RemoteAddr = [16]byte(m[24:40])
	}
	return true
}
