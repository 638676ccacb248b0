// Package twgen creates TIME_WAIT and CLOSE_WAIT sockets on loopback, for
// the socket-census tests and benchmark. It is bounded by design: loopback
// addresses only, at most MaxConns connections per call, and a deadline on
// every call, so a mistake cannot flood a network or run forever. Run it in
// a throwaway network namespace (unshare --net) so the host's socket table
// and ephemeral ports are untouched.
package twgen

import (
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// MaxConns is the hard cap on connections one call creates.
const MaxConns = 20000

// ErrNotLoopback refuses any address that is not loopback.
var ErrNotLoopback = errors.New("twgen: loopback addresses only")

// Result says what TimeWait really created.
type Result struct {
	Created       int      // connections that ended in client-side TIME_WAIT
	ConnectErrors int      // connects that failed (e.g. ports exhausted)
	Addrs         []string // the listeners, "127.0.0.1:port", one per destination
}

// TimeWait makes n connections to `dests` listeners on host (127.0.0.1 or
// ::1), round-robin, closing the client side first so that it ends in
// TIME_WAIT for 60 s. Listener i gets the connections i, i+dests, ... It
// stops at the deadline and reports what it made.
func TimeWait(host string, dests, n int, timeout time.Duration) (Result, error) {
	var res Result
	if err := checkLoopback(host); err != nil {
		return res, err
	}
	if n < 0 || n > MaxConns || dests < 1 || dests > 64 {
		return res, fmt.Errorf("twgen: n must be 0..%d and dests 1..64", MaxConns)
	}
	deadline := time.Now().Add(timeout)
	lns := make([]*net.TCPListener, dests)
	for i := range lns {
		ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.ParseIP(host)})
		if err != nil {
			closeAll(lns)
			return res, err
		}
		lns[i] = ln
		res.Addrs = append(res.Addrs, ln.Addr().String())
	}
	defer closeAll(lns)
	for i := 0; i < n && time.Now().Before(deadline); i++ {
		if err := oneTimeWait(lns[i%dests], deadline); err != nil {
			res.ConnectErrors++
			continue
		}
		res.Created++
	}
	return res, nil
}

// oneTimeWait runs one connection through connect, accept, client close,
// server EOF, server close.
func oneTimeWait(ln *net.TCPListener, deadline time.Time) error {
	c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Until(deadline))
	if err != nil {
		return err
	}
	_ = ln.SetDeadline(deadline)
	s, err := ln.Accept()
	if err != nil {
		c.Close()
		return err
	}
	c.Close() // the client closes first: its side becomes TIME_WAIT
	_ = s.SetReadDeadline(deadline)
	_, _ = io.Copy(io.Discard, s) // wait for the FIN
	return s.Close()
}

// ConnectAndClose dials addr n times and closes each connection at once. If
// the server never closes its side, its sockets sit in CLOSE_WAIT: that is
// how the tests make CLOSE_WAIT sockets owned by a known process.
func ConnectAndClose(addr string, n int, timeout time.Duration) (int, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return 0, err
	}
	if err := checkLoopback(host); err != nil {
		return 0, err
	}
	if n < 0 || n > MaxConns {
		return 0, fmt.Errorf("twgen: n must be 0..%d", MaxConns)
	}
	deadline := time.Now().Add(timeout)
	made := 0
	for ; made < n && time.Now().Before(deadline); made++ {
		c, err := net.DialTimeout("tcp", addr, time.Until(deadline))
		if err != nil {
			return made, err
		}
		c.Close()
	}
	return made, nil
}

// Accept accepts n connections on ln, or fewer if the timeout passes
// first, and returns them unread and open. The caller keeps them open for as
// long as it needs CLOSE_WAIT sockets and then closes them.
func Accept(ln *net.TCPListener, n int, timeout time.Duration) ([]net.Conn, error) {
	if n < 0 || n > MaxConns {
		return nil, fmt.Errorf("twgen: n must be 0..%d", MaxConns)
	}
	_ = ln.SetDeadline(time.Now().Add(timeout))
	var held []net.Conn
	for len(held) < n {
		c, err := ln.Accept()
		if err != nil {
			return held, err
		}
		held = append(held, c)
	}
	return held, nil
}

func checkLoopback(host string) error {
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%w: %q", ErrNotLoopback, host)
	}
	return nil
}

func closeAll(lns []*net.TCPListener) {
	for _, ln := range lns {
		if ln != nil {
			ln.Close()
		}
	}
}
