// Command twgen fills a throwaway network namespace with loopback TIME_WAIT
// and CLOSE_WAIT sockets for bench/sockets.sh, which runs it under
// unshare --net. Limits come from internal/twgen: loopback only, at most
// 20000 connections per kind, deadlines everywhere; it exits by itself after
// -hold seconds (at most 55).
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/twadvise/twadvise/internal/twgen"
)

func main() {
	n := flag.Int("n", 20000, "TIME_WAIT sockets to create (max 20000)")
	dests := flag.Int("dests", 8, "destination ports to spread them over")
	closeWait := flag.Int("closewait", 200, "CLOSE_WAIT sockets this process holds")
	hold := flag.Int("hold", 45, "seconds to keep the CLOSE_WAIT sockets open (max 55)")
	flag.Parse()
	*hold = max(0, min(*hold, 55))
	start := time.Now()
	res, err := twgen.TimeWait("127.0.0.1", *dests, *n, 60*time.Second)
	if err != nil {
		fmt.Fprintln(os.Stderr, "twgen:", err)
		os.Exit(2)
	}
	ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		fmt.Fprintln(os.Stderr, "twgen:", err)
		os.Exit(2)
	}
	done := make(chan []net.Conn)
	go func() { c, _ := twgen.Accept(ln, *closeWait, 20*time.Second); done <- c }()
	if _, err := twgen.ConnectAndClose(ln.Addr().String(), *closeWait, 20*time.Second); err != nil {
		fmt.Fprintln(os.Stderr, "twgen:", err)
		os.Exit(2)
	}
	held := <-done
	fmt.Printf("ready time_wait=%d connect_errors=%d close_wait=%d pid=%d seconds=%.2f\n",
		res.Created, res.ConnectErrors, len(held), os.Getpid(), time.Since(start).Seconds())
	time.Sleep(time.Duration(*hold) * time.Second)
}
