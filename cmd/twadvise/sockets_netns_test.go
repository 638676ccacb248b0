package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/twadvise/twadvise/internal/twgen"
)

// The monitor proven on real sockets: this test re-executes itself under
// `unshare --net` (namespaces belong to threads, so a Go process cannot
// safely switch itself) and, in that throwaway namespace, fills an accept
// queue, overflows a small tcp_max_tw_buckets and piles up CLOSE_WAIT, then
// runs `twadvise sockets --format json` and checks each finding names the
// listener or process and the fix. The host's /proc/sys/net is compared
// before and after.

const envSocketsNetns = "TWADVISE_SOCKETS_NETNS_CHILD" // the parent's netns link

func TestSocketsInNetns(t *testing.T) {
	if os.Getenv(envSocketsNetns) != "" {
		t.Skip("running as the child")
	}
	if os.Geteuid() != 0 {
		skipOrFailNetns(t, "needs root to create a network namespace")
	}
	for _, tool := range []string{"unshare", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			skipOrFailNetns(t, "%s not found (apt-get install util-linux iproute2)", tool)
		}
	}
	self, err := os.Readlink("/proc/self/ns/net")
	if err != nil {
		skipOrFailNetns(t, "cannot read /proc/self/ns/net: %v", err)
	}
	before := snapshotHostNet(t)
	cmd := exec.Command("unshare", "--net", os.Args[0], "-test.run=^TestSocketsNetnsChild$", "-test.v", "-test.count=1", "-test.timeout=120s")
	cmd.Env = append(os.Environ(), envSocketsNetns+"="+self)
	out, err := cmd.CombinedOutput()
	t.Logf("child output:\n%s", out)
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestSocketsNetnsChild")) {
		t.Errorf("child failed: %v", err)
	}
	if after := snapshotHostNet(t); after != before {
		t.Errorf("HOST CHANGED: /proc/sys/net differs after the test")
	}
}

func skipOrFailNetns(t *testing.T, format string, a ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true: "+format, a...)
	}
	t.Skipf(format, a...)
}

// snapshotHostNet reads every readable file under the host's /proc/sys/net
// but the conntrack count, which other traffic moves.
func snapshotHostNet(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	_ = filepath.WalkDir("/proc/sys/net", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "stable_secret") || strings.Contains(p, "/route/flush") || strings.HasSuffix(p, "nf_conntrack_count") {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil {
			b.WriteString(p + "=" + string(data))
		}
		return nil
	})
	return b.String()
}

// TestSocketsNetnsChild runs inside the throwaway namespace only.
func TestSocketsNetnsChild(t *testing.T) {
	parent := os.Getenv(envSocketsNetns)
	if parent == "" {
		t.Skip("only runs inside TestSocketsInNetns")
	}
	if self, _ := os.Readlink("/proc/self/ns/net"); self == "" || self == parent {
		t.Fatalf("refusing to run: not in a new network namespace (%q, parent %q)", self, parent)
	}
	if out, err := exec.Command("ip", "link", "set", "lo", "up").CombinedOutput(); err != nil {
		t.Fatalf("ip link: %v %s", err, out)
	}
	comm := strings.TrimSpace(readFile(t, "/proc/self/comm"))
	pid := os.Getpid()
	t.Run("accept queue full, application backlog", func(t *testing.T) {
		port := fillAcceptQueue(t, 2, 30)
		f := sockFinding(t, "TW616")
		// backlog+1 waiting, or one more when handshakes complete on two CPUs at once
		expect(t, f, "warning", fmt.Sprintf("127.0.0.1:%d (%s, pid %d) is full: ", port, comm, pid),
			fmt.Sprintf("Raise the backlog %s passes to listen() (now 2; net.core.somaxconn allows up to", comm))
		expect(t, f, "warning", "connections wait for accept() with a backlog of 2, the application's own listen() backlog", "")
	})
	t.Run("accept queue full, capped by somaxconn", func(t *testing.T) {
		writeNetnsSysctl(t, "net/core/somaxconn", "4")
		port := fillAcceptQueue(t, 100, 30)
		f := sockFinding(t, "TW616")
		expect(t, f, "warning", fmt.Sprintf("127.0.0.1:%d (%s, pid %d) is full: ", port, comm, pid),
			"Raise net.core.somaxconn (now 4) and the backlog the application passes to listen() together")
		expect(t, f, "warning", "connections wait for accept() with a backlog of 4, the cap net.core.somaxconn sets", "")
	})
	t.Run("TIME_WAIT overflow", func(t *testing.T) {
		writeNetnsSysctl(t, "net/ipv4/tcp_tw_reuse", "0")
		writeNetnsSysctl(t, "net/ipv4/tcp_max_tw_buckets", "100")
		if r, err := twgen.TimeWait("127.0.0.1", 1, 400, 30*time.Second); err != nil || r.Created != 400 {
			t.Fatalf("TimeWait: %+v %v", r, err)
		}
		f := sockFinding(t, "TW612")
		expect(t, f, "warning", "skipped TIME_WAIT because tcp_max_tw_buckets (100) was full", "Remove any lowered tcp_max_tw_buckets setting")
		if n := leadingInt(f.Message[strings.Index(f.Message, " is ")+4:]); n < 250 {
			t.Errorf("overflow %d, want about 300 (400 closed, 100 buckets): %s", n, f.Message)
		}
	})
	t.Run("CLOSE_WAIT pile-up", func(t *testing.T) {
		ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		var conns []net.Conn
		var aerr error
		done := make(chan struct{})
		go func() { conns, aerr = twgen.Accept(ln, 80, 20*time.Second); close(done) }()
		if n, err := twgen.ConnectAndClose(ln.Addr().String(), 80, 10*time.Second); err != nil || n != 80 {
			t.Fatalf("ConnectAndClose: %d %v", n, err)
		}
		<-done
		if aerr != nil {
			t.Fatal(aerr)
		}
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		f := sockFinding(t, "TW614")
		expect(t, f, "warning", fmt.Sprintf("80 sockets in CLOSE_WAIT, most held by %s (pid %d, 80)", comm, pid), "Fix the application: close sockets")
	})
	// The namespace is a child one, and its absent global keys are explained.
	_, out, _ := runCmd("sockets", "--format", "json", "--fail-on", "none")
	var doc socketsJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.NetNS != "child" || !strings.Contains(strings.Join(doc.Notes, "\n"), "net.ipv4.tcp_max_orphans is a global key") {
		t.Errorf("netns %q notes %q", doc.NetNS, doc.Notes)
	}
	if w := strings.Join(doc.Warnings, "\n"); strings.Contains(w, "no such file") {
		t.Errorf("raw errors in warnings: %s", w)
	}
}

// fillAcceptQueue listens with the given backlog (a raw listen(2): Go's
// net.Listen always asks for somaxconn) and connects n clients that are
// never accepted. It returns the port; the listener lives until the test ends.
func fillAcceptQueue(t *testing.T, backlog, n int) int {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(fd, backlog); err != nil {
		t.Fatal(err)
	}
	sa, _ := unix.Getsockname(fd)
	port := sa.(*unix.SockaddrInet4).Port
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 300*time.Millisecond)
			if err == nil {
				mu.Lock()
				t.Cleanup(func() { c.Close() })
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return port
}

// sockFinding runs `twadvise sockets --format json` in this namespace and
// returns the finding of rule.
func sockFinding(t *testing.T, rule string) socketsFindingJSON {
	t.Helper()
	code, out, errOut := runCmd("sockets", "--format", "json", "--source", "netlink")
	var doc socketsJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("exit %d %s: %v\n%s", code, errOut, err, out)
	}
	for _, f := range doc.Findings {
		if f.Rule == rule {
			if code != exitFindings {
				t.Errorf("exit %d with a %s finding, want %d", code, f.Severity, exitFindings)
			}
			return f
		}
	}
	t.Fatalf("no %s finding; findings %+v, listeners %+v, counters %v", rule, doc.Findings, doc.Listeners, doc.Counters)
	return socketsFindingJSON{}
}

func expect(t *testing.T, f socketsFindingJSON, severity, message, remediation string) {
	t.Helper()
	t.Logf("%s %s: %s | %s", f.Rule, f.Severity, f.Message, f.Remediation)
	if f.Severity != severity || !strings.Contains(f.Message, message) || !strings.Contains(f.Remediation, remediation) {
		t.Errorf("%s %s:\n  message     %s\n  remediation %s\nwant %s with %q and %q", f.Rule, f.Severity, f.Message, f.Remediation, severity, message, remediation)
	}
}

func writeNetnsSysctl(t *testing.T, key, value string) {
	t.Helper()
	if !strings.HasPrefix(key, "net/") || os.Getenv(envSocketsNetns) == "" {
		t.Fatalf("refusing to write %s outside the throwaway namespace", key)
	}
	if err := os.WriteFile("/proc/sys/"+key, []byte(value), 0); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func leadingInt(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}
