package kernel

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twadvise/twadvise/internal/twgen"
)

// The real census test. It re-executes this test binary under
// `unshare --net` (namespaces belong to threads, so a Go process cannot
// safely switch itself), makes TIME_WAIT and CLOSE_WAIT sockets on loopback
// in that throwaway namespace, and compares the census with ss. The host is
// only read: the test snapshots the host keys it could affect and fails if
// they change.

const (
	envNetnsChild  = "TWADVISE_CENSUS_NETNS_CHILD" // value: the parent's netns inode
	envHolderChild = "TWADVISE_CENSUS_HOLDER"      // value: CLOSE_WAIT sockets to hold
	childPortRange = "40000 44999"                 // 5000 ports: shares are exact
	childTWPerDest = 800
	childDests     = 3
	childTW6       = 200
	childCloseWait = 40
)

// hostKeys are the host values a bug in this test could change.
var hostKeys = []string{
	"/proc/sys/net/ipv4/tcp_tw_reuse",
	"/proc/sys/net/ipv4/ip_local_port_range",
	"/proc/sys/net/ipv4/tcp_max_tw_buckets",
}

func snapshotHost(t *testing.T) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, k := range hostKeys {
		b, err := os.ReadFile(k)
		if err != nil {
			t.Fatalf("snapshot: %v", err)
		}
		m[k] = string(b)
	}
	return m
}

// skipOrFail skips when the environment cannot run the test, except under
// CI=true, where a missing prerequisite is a failure.
func skipOrFail(t *testing.T, format string, a ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true: "+format, a...)
	}
	t.Skipf(format, a...)
}

func TestCensusInNetns(t *testing.T) {
	if os.Getenv(envNetnsChild) != "" || os.Getenv(envHolderChild) != "" {
		t.Skip("running as a child")
	}
	if os.Geteuid() != 0 {
		skipOrFail(t, "needs root to create a network namespace")
	}
	for _, tool := range []string{"unshare", "ss", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			skipOrFail(t, "%s not found (apt-get install util-linux iproute2)", tool)
		}
	}
	self, ok := netnsOf(Open("/"), "self")
	if !ok {
		skipOrFail(t, "cannot read /proc/self/ns/net")
	}
	before := snapshotHost(t)
	cmd := exec.Command("unshare", "--net", os.Args[0], "-test.run=^TestCensusNetnsChild$", "-test.v", "-test.count=1", "-test.timeout=120s")
	cmd.Env = append(os.Environ(), envNetnsChild+"="+strconv.FormatUint(self, 10))
	out, err := cmd.CombinedOutput()
	t.Logf("child output:\n%s", out)
	if err != nil {
		t.Errorf("child failed: %v", err)
	}
	if !bytes.Contains(out, []byte("--- PASS: TestCensusNetnsChild")) {
		t.Errorf("child did not pass")
	}
	after := snapshotHost(t)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("HOST CHANGED: %s was %q, now %q", k, v, after[k])
		}
	}
}

// TestCensusNetnsChild runs inside the throwaway namespace.
func TestCensusNetnsChild(t *testing.T) {
	parent := os.Getenv(envNetnsChild)
	if parent == "" {
		t.Skip("only runs inside TestCensusInNetns")
	}
	self, ok := netnsOf(Open("/"), "self")
	if !ok || strconv.FormatUint(self, 10) == parent {
		t.Fatalf("refusing to run: not in a new network namespace (self %d, parent %s)", self, parent)
	}
	run(t, "ip", "link", "set", "lo", "up")
	// Per-netns keys only, in this namespace only: exact counts need reuse
	// off, and a 5000-port range makes the shares round numbers.
	writeNetnsKey(t, "net/ipv4/tcp_tw_reuse", "0")
	writeNetnsKey(t, "net/ipv4/ip_local_port_range", childPortRange)

	holderPID, release := startHolder(t, childCloseWait)
	defer release()
	tw4, err := twgen.TimeWait("127.0.0.1", childDests, childDests*childTWPerDest, 30*time.Second)
	if err != nil || tw4.Created != childDests*childTWPerDest {
		t.Fatalf("TimeWait v4: %+v %v", tw4, err)
	}
	want := map[string]int{}
	for _, a := range tw4.Addrs {
		want[a] = childTWPerDest
	}
	if tw6, err := twgen.TimeWait("::1", 1, childTW6, 30*time.Second); err != nil {
		t.Logf("no IPv6 loopback, IPv6 part skipped: %v", err)
	} else {
		want[tw6.Addrs[0]] = tw6.Created
	}
	total := 0
	for _, n := range want {
		total += n
	}
	waitFor(t, func() bool { return ssStates(t)["TIME_WAIT"] == total })

	nl, err := TakeCensus(Open("/"), CensusOptions{Source: SourceNetlink})
	if err != nil {
		t.Fatal(err)
	}
	ss := ssStates(t)
	pr, err := TakeCensus(Open("/"), CensusOptions{Source: SourceProc})
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstSS(t, nl, ss, total)
	checkAgainstSS(t, pr, ss, total)
	checkGroups(t, nl, want)
	checkGroups(t, pr, want)
	checkCloseWait(t, nl, holderPID)
	checkCloseWait(t, pr, holderPID)
	if nl.NetNS == NetNSInitial {
		t.Errorf("netns = %q inside a child namespace", nl.NetNS)
	}
	if _, ok := nl.Counters["TcpExtTCPTimeWaitOverflow"]; !ok {
		t.Errorf("TcpExtTCPTimeWaitOverflow missing from %v", nl.Counters)
	}
	if r := nl.Limits.LocalPortRange; r == nil || *r != [2]int{40000, 44999} {
		t.Errorf("port range = %v", r)
	}
}

func checkAgainstSS(t *testing.T, c *Census, ss map[string]int, total int) {
	t.Helper()
	if c.TimeWait.Total != total || c.States["TIME_WAIT"] != total {
		t.Errorf("%s: TIME_WAIT %d (states %d), want %d", c.Source, c.TimeWait.Total, c.States["TIME_WAIT"], total)
	}
	for name, n := range c.States {
		if ss[name] != n {
			t.Errorf("%s: %s = %d, ss says %d", c.Source, name, n, ss[name])
		}
	}
	for name, n := range ss {
		if c.States[name] != n {
			t.Errorf("%s: ss has %d %s, census %d", c.Source, n, name, c.States[name])
		}
	}
}

func checkGroups(t *testing.T, c *Census, want map[string]int) {
	t.Helper()
	got := map[string]Destination{}
	for _, d := range c.TimeWait.ByDestination {
		got[net.JoinHostPort(d.Address, strconv.Itoa(int(d.Port)))] = d
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d destinations, want %d: %+v", c.Source, len(got), len(want), c.TimeWait.ByDestination)
	}
	for addr, n := range want {
		d, ok := got[addr]
		if !ok {
			t.Errorf("%s: no group for %s", c.Source, addr)
			continue
		}
		if d.Count != n || d.Outbound != n {
			t.Errorf("%s: %s count %d outbound %d, want %d", c.Source, addr, d.Count, d.Outbound, n)
		}
		if d.PortRangeShare != round4(float64(n)/5000) {
			t.Errorf("%s: %s share %v, want %v", c.Source, addr, d.PortRangeShare, float64(n)/5000)
		}
		// Everything was made seconds ago, so all of it is in the rate window.
		if d.RatePerSec != round4(float64(n)/rateWindowSeconds) {
			t.Errorf("%s: %s rate %v, want %v", c.Source, addr, d.RatePerSec, float64(n)/rateWindowSeconds)
		}
		// All n sockets stay for the next ~58 s while n/10 more arrive each
		// second: the 5000 ports fill after (5000-n)/(n/10) s, if that is
		// within those 58 s, else never.
		wantS := int(math.Ceil(float64(5000-n) * rateWindowSeconds / float64(n)))
		switch got := d.SecondsToExhaustion; {
		case wantS > 58 && got != nil:
			t.Errorf("%s: %s exhausts after %d s, want never", c.Source, addr, *got)
		case wantS <= 58 && (got == nil || *got != wantS):
			t.Errorf("%s: %s exhausts after %v s, want %d", c.Source, addr, got, wantS)
		}
	}
}

func checkCloseWait(t *testing.T, c *Census, pid int) {
	t.Helper()
	cw := c.CloseWait
	if cw.Total != childCloseWait || cw.Unattributed != 0 || len(cw.ByProcess) != 1 {
		t.Fatalf("%s: CLOSE_WAIT %+v, want %d all owned by pid %d", c.Source, cw, childCloseWait, pid)
	}
	if p := cw.ByProcess[0]; p.PID != pid || p.Count != childCloseWait || p.Command == "?" {
		t.Errorf("%s: owner %+v, want pid %d", c.Source, p, pid)
	}
}

// startHolder starts a child process that accepts n connections and never
// closes them; this process connects and closes, so the child's sockets
// sit in CLOSE_WAIT. release ends the child.
func startHolder(t *testing.T, n int) (pid int, release func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCensusHolderChild$", "-test.count=1", "-test.timeout=90s")
	cmd.Env = append(os.Environ(), envHolderChild+"="+strconv.Itoa(n))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	release = func() { stdin.Close(); _ = cmd.Wait() }
	sc := bufio.NewScanner(stdout)
	var addr string
	for sc.Scan() {
		if a, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
			addr = a
			break
		}
	}
	if addr == "" {
		release()
		t.Fatal("holder did not start")
	}
	if made, err := twgen.ConnectAndClose(addr, n, 10*time.Second); err != nil || made != n {
		release()
		t.Fatalf("ConnectAndClose: %d, %v", made, err)
	}
	for sc.Scan() {
		if sc.Text() == "held" {
			return cmd.Process.Pid, release
		}
	}
	release()
	t.Fatal("holder did not accept")
	return 0, nil
}

// TestCensusHolderChild is the CLOSE_WAIT holder process.
func TestCensusHolderChild(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv(envHolderChild))
	if err != nil {
		t.Skip("only runs as startHolder's child")
	}
	ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("listening", ln.Addr())
	conns, err := twgen.Accept(ln, n, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("held")
	done := make(chan struct{})
	go func() { _, _ = bufio.NewReader(os.Stdin).ReadString('\n'); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
	}
	for _, c := range conns {
		c.Close()
	}
}

// ssNames maps ss's state spellings to the kernel's.
var ssNames = map[string]string{
	"ESTAB": "ESTABLISHED", "SYN-SENT": "SYN_SENT", "SYN-RECV": "SYN_RECV",
	"FIN-WAIT-1": "FIN_WAIT1", "FIN-WAIT-2": "FIN_WAIT2", "TIME-WAIT": "TIME_WAIT",
	"UNCONN": "CLOSE", "CLOSE-WAIT": "CLOSE_WAIT", "LAST-ACK": "LAST_ACK",
	"LISTEN": "LISTEN", "CLOSING": "CLOSING",
}

// ssStates counts `ss -Htan` lines per state.
func ssStates(t *testing.T) map[string]int {
	t.Helper()
	out, err := exec.Command("ss", "-Htan").Output()
	if err != nil {
		t.Fatalf("ss: %v", err)
	}
	m := map[string]int{}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			name, ok := ssNames[f[0]]
			if !ok {
				t.Fatalf("unknown ss state %q", f[0])
			}
			m[name]++
		}
	}
	return m
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 100 && !cond(); i++ {
		time.Sleep(20 * time.Millisecond)
	}
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// writeNetnsKey writes a per-network-namespace key. Callers have checked
// they are in a namespace of their own.
func writeNetnsKey(t *testing.T, key, value string) {
	t.Helper()
	if !strings.HasPrefix(key, "net/") {
		t.Fatalf("refusing to write %s: only per-netns net.* keys", key)
	}
	if err := os.WriteFile("/proc/sys/"+key, []byte(value), 0); err != nil {
		t.Fatal(err)
	}
}
