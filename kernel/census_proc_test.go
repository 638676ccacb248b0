package kernel

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

const basicRoot = "../testdata/sockets/basic"

func ptr[T any](v T) *T { return &v }

// TestCensusFixture reads a hand-written /proc (testdata/sockets/basic) whose
// every number is worked out in the file comments of this test.
func TestCensusFixture(t *testing.T) {
	c, err := TakeCensus(Open(basicRoot), CensusOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Source != SourceProc || c.NetNS != NetNSChild {
		t.Errorf("source %q netns %q, want proc child", c.Source, c.NetNS)
	}
	wantStates := map[string]int{"ESTABLISHED": 1, "SYN_SENT": 0, "SYN_RECV": 0, "FIN_WAIT1": 0, "FIN_WAIT2": 0,
		"TIME_WAIT": 7, "CLOSE": 0, "CLOSE_WAIT": 3, "LAST_ACK": 0, "LISTEN": 2, "CLOSING": 0}
	if !reflect.DeepEqual(c.States, wantStates) {
		t.Errorf("states\n got %v\nwant %v", c.States, wantStates)
	}
	// 10.0.0.9:443: three IPv4 sockets plus one IPv4-mapped IPv6 one, all
	// from range ports, with 15, 50, 60 and 55 s left: 3 in the last 10 s.
	// 10.0.0.7:55555 comes from 40001, which is a listener: inbound.
	want := []Destination{
		{Address: "10.0.0.9", Port: 443, Count: 4, Outbound: 4, PortRangeShare: 0.0008, RatePerSec: 0.3},
		{Address: "10.0.0.7", Port: 55555, Count: 1, Outbound: 0, RatePerSec: 0.1},
		{Address: "10.0.0.8", Port: 50000, Count: 1, Outbound: 0},
		{Address: "::1", Port: 8080, Count: 1, Outbound: 1, PortRangeShare: 0.0002},
	}
	if !reflect.DeepEqual(c.TimeWait.ByDestination, want) {
		t.Errorf("destinations\n got %+v\nwant %+v", c.TimeWait.ByDestination, want)
	}
	if c.TimeWait.Total != 7 || c.TimeWait.Outbound != 5 {
		t.Errorf("time_wait total %d outbound %d, want 7 5", c.TimeWait.Total, c.TimeWait.Outbound)
	}
	wantCW := CloseWait{Total: 3, ByProcess: []ProcessCount{{PID: 4242, Command: "leaky-app", Count: 2}}, Unattributed: 1}
	if !reflect.DeepEqual(c.CloseWait, wantCW) {
		t.Errorf("close_wait %+v, want %+v", c.CloseWait, wantCW)
	}
	l := c.Limits
	l.twBuckets = nil
	wantL := Limits{TCPMaxTWBuckets: ptr[int64](10), TimeWaitHeadroom: ptr[int64](3), LocalPortRange: &[2]int{40000, 44999},
		FileNr: ptr[int64](1024), FileMax: ptr[int64](9223372036854775807), Orphans: ptr[int64](1), TCPMaxOrphans: ptr[int64](4096), TCPMemPages: ptr[int64](2)}
	if !reflect.DeepEqual(l, wantL) {
		t.Errorf("limits %+v, want %+v", l, wantL)
	}
	wantC := map[string]int64{"TcpExtSyncookiesSent": 0, "TcpExtTW": 99, "TcpExtTWRecycled": 3, "TcpExtTWKilled": 0, "TcpExtPAWSTimewait": 1, "TcpExtTCPTimeWaitOverflow": 12}
	if !reflect.DeepEqual(c.Counters, wantC) {
		t.Errorf("counters %v, want %v", c.Counters, wantC)
	}
	if len(c.Warnings) != 1 || c.Warnings[0] != "/proc/net/tcp: skipped 2 malformed lines" {
		t.Errorf("warnings %q", c.Warnings)
	}
}

func TestParseProcLine(t *testing.T) {
	good := "   2: 0100000A:9C42 0900000A:01BB 06 00000000:00000000 03:000005DC 00000000     0        0 0 3 0000000000000000\n"
	var s Socket
	if err := parseProcLine([]byte(good), &s); err != nil {
		t.Fatal(err)
	}
	var local, remote [16]byte
	v4Mapped(&local, [4]byte{10, 0, 0, 1})
	v4Mapped(&remote, [4]byte{10, 0, 0, 9})
	want := Socket{State: StateTimeWait, LocalAddr: local, RemoteAddr: remote, LocalPort: 40002, RemotePort: 443, TimerMS: 15000}
	if s != want {
		t.Errorf("got %+v\nwant %+v", s, want)
	}
	for _, bad := range []string{
		"",
		"   2: 0100000A:9C42 0900000A:01BB 06 00000000:00000000 03:000",            // truncated
		"   2: 0100000A:9C42 0900000A:01BB 06 00000000:00000000 03:000005DC 0 0 0", // no inode
		"   2: 0100000A 0900000A:01BB 06 00000000:00000000 03:000005DC 00000000 0 0 0",
		"   2: 0100000A:9C42 0900000A:1FFFF 06 00000000:00000000 03:000005DC 00000000 0 0 0",
		"   2: 010000:9C42 0900000A:01BB 06 00000000:00000000 03:000005DC 00000000 0 0 0",
		"   2: 0100000A:9C42 0900000A:01BB 106 00000000:00000000 03:000005DC 00000000 0 0 0",
		"   2: 0100000A:9C42 0900000A:01BB 06 00000000:00000000 03000005DC 00000000 0 0 0",
		"   2: 0100000A:9C42 0900000A:01BB 06 00000000:00000000 03:000005DC 00000000 0 0 -5",
		"\x00\xff\xfe binary \x01",
	} {
		if err := parseProcLine([]byte(bad), &s); err == nil {
			t.Errorf("parsed %q", bad)
		}
	}
}

// TestProcScanOddFiles: an over-long line is skipped and counted, and a FIFO
// is refused instead of blocking.
func TestProcScanOddFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "proc/net"), 0o755); err != nil {
		t.Fatal(err)
	}
	good := "   2: 0100000A:9C42 0900000A:01BB 06 00000000:00000000 03:000005DC 00000000     0        0 0 3 0\n"
	body := "header\n" + good + strings.Repeat("x", 300<<10) + "\n" + good + "no newline at the end"
	if err := os.WriteFile(filepath.Join(dir, "proc/net/tcp"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	skipped, err := procScan(Open(dir), "/proc/net/tcp", false, func(*Socket) { n++ })
	if err != nil || n != 2 || skipped != 2 {
		t.Errorf("sockets %d skipped %d err %v, want 2 2 nil", n, skipped, err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "proc/net/tcp6"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := procScan(Open(dir), "/proc/net/tcp6", false, func(*Socket) {}); err == nil {
		t.Error("a FIFO was read")
	}
}

// TestCensusNoTables: a root without /proc/net/tcp is an error, not a panic.
func TestCensusNoTables(t *testing.T) {
	c, err := TakeCensus(Open(t.TempDir()), CensusOptions{})
	if err == nil {
		t.Fatal("no error for a root without /proc/net/tcp")
	}
	if c == nil || c.NetNS != NetNSUnknown || len(c.Warnings) == 0 {
		t.Errorf("census %+v", c)
	}
}
