package kernel

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// The /proc/net/tcp fallback. It is slower than sock_diag (the kernel
// formats text that we parse back) but works without netlink, and it is how
// --root fixtures are read. Lines are parsed in place, field by field,
// without splitting into strings, so a large table costs little garbage.

// userHZ is the unit of the "tm->when" column: the kernel prints timers with
// jiffies_delta_to_clock_t(), i.e. in USER_HZ ticks, which is 100 on every
// architecture Linux supports today.
const userHZ = 100

// procTCPFiles are the tables read, IPv4 first.
var procTCPFiles = [...]string{"/proc/net/tcp", "/proc/net/tcp6"}

// errBadLine marks a /proc/net/tcp line that could not be parsed.
var errBadLine = errors.New("malformed line")

// procScan streams every parsable line of a /proc/net/tcp-style file at p to
// fn and returns how many lines it skipped as malformed. When listenersOnly
// is set it stops at the first non-listening socket: the kernel prints the
// listening hash before the established one (tcp_seq_start), so that prefix
// is all of them and costs almost nothing to read.
func procScan(f FS, p string, listenersOnly bool, fn func(*Socket)) (skipped int, err error) {
	file, err := openRegular(f, p)
	if err != nil {
		return 0, err
	}
	defer file.Close()
	r := bufio.NewReaderSize(file, 256<<10)
	var s Socket
	first := true
	for {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			skipped++ // no real line is this long; drop it and resync
			if err = skipLine(r); err != nil {
				return skipped, nil
			}
			continue
		}
		if len(line) > 0 {
			if first {
				first = false // the column header
			} else if perr := parseProcLine(line, &s); perr != nil {
				skipped++
			} else {
				if listenersOnly && s.State != StateListen {
					return skipped, nil
				}
				fn(&s)
			}
		}
		if err == io.EOF {
			return skipped, nil
		}
		if err != nil {
			return skipped, fmt.Errorf("reading %s: %w", p, err)
		}
	}
}

func skipLine(r *bufio.Reader) error {
	for {
		_, err := r.ReadSlice('\n')
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

// openRegular opens p inside the root for streaming, refusing anything but a
// regular file (a FIFO in a fake root must not hang the census). It is the
// streaming twin of FS.ReadFile.
func openRegular(f FS, p string) (*os.File, error) {
	r, err := f.Resolve(p)
	if err != nil {
		return nil, err
	}
	file, err := os.OpenFile(f.hostPath(r), os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, err
	}
	fi, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		file.Close()
		return nil, fmt.Errorf("%s: %w (%s)", p, ErrNotRegular, describeMode(fi.Mode()))
	}
	return file, nil
}

// parseProcLine parses one data line of /proc/net/tcp or tcp6:
//
//	sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
//
// Only the fields the census needs are decoded. A line with fewer than ten
// fields or a bad number is errBadLine.
func parseProcLine(line []byte, s *Socket) error {
	var fields [10][]byte
	n := 0
	for i := 0; i < len(line) && n < len(fields); {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\n') {
			i++
		}
		start := i
		for i < len(line) && line[i] != ' ' && line[i] != '\t' && line[i] != '\n' {
			i++
		}
		if i > start {
			fields[n] = line[start:i]
			n++
		}
	}
	if n < len(fields) {
		return errBadLine
	}
	*s = Socket{}
	var ok bool
	if s.LocalPort, ok = parseProcAddr(fields[1], &s.LocalAddr); !ok {
		return errBadLine
	}
	if s.RemotePort, ok = parseProcAddr(fields[2], &s.RemoteAddr); !ok {
		return errBadLine
	}
	st, ok := parseHex(fields[3])
	if !ok || st > 0xff {
		return errBadLine
	}
	s.State = TCPState(st)
	if _, rx, ok := splitColon(fields[4]); ok {
		if v, ok := parseHex(rx); ok {
			s.RQueue = uint32(min(v, 1<<32-1)) // a listener's accept queue (sk_ack_backlog)
		}
	}
	tr, when, ok := splitColon(fields[5])
	if !ok {
		return errBadLine
	}
	if t, ok := parseHex(tr); ok && t != 0 {
		if w, ok := parseHex(when); ok {
			s.TimerMS = uint32(min(w*(1000/userHZ), 1<<32-1))
		}
	}
	if s.Inode, ok = parseDec(fields[9]); !ok {
		return errBadLine
	}
	return nil
}

// parseProcAddr decodes "0100007F:1F90" (IPv4) or 32 hex digits + port
// (IPv6). The kernel prints each 32-bit word of the address with %08X in
// host byte order, so the bytes of each word come back in native order.
func parseProcAddr(b []byte, dst *[16]byte) (uint16, bool) {
	addr, port, ok := splitColon(b)
	if !ok {
		return 0, false
	}
	p, ok := parseHex(port)
	if !ok || p > 0xffff {
		return 0, false
	}
	switch len(addr) {
	case 8:
		w, ok := parseHex(addr)
		if !ok {
			return 0, false
		}
		var a [4]byte
		binary.NativeEndian.PutUint32(a[:], uint32(w))
		v4Mapped(dst, a)
	case 32:
		for i := 0; i < 4; i++ {
			w, ok := parseHex(addr[i*8 : i*8+8])
			if !ok {
				return 0, false
			}
			binary.NativeEndian.PutUint32(dst[i*4:], uint32(w))
		}
	default:
		return 0, false
	}
	return uint16(p), true
}

func splitColon(b []byte) (before, after []byte, ok bool) {
	for i, c := range b {
		if c == ':' {
			return b[:i], b[i+1:], true
		}
	}
	return nil, nil, false
}

// parseHex parses up to 16 hex digits without allocating.
func parseHex(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 16 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint64(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | uint64(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// parseDec parses an unsigned decimal of up to 19 digits without allocating.
func parseDec(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, true
}
