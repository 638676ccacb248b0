package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds twadvise once per test into a temp dir: killing and
// resource limits need a real process, not run() in-process.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "twadvise")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

const oldContent = "# the operator's file: must survive\nnet.core.somaxconn = 1024\n"

// checkIntact asserts the target holds the old content, or (when newOK)
// a complete new output, and that dir holds nothing but the target and
// its backup.
func checkIntact(t *testing.T, dir, target string, newOK bool) {
	t.Helper()
	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatalf("target gone: %v", err)
	}
	if string(got) != oldContent && (!newOK || !bytes.HasSuffix(got, []byte("\n")) || !bytes.Contains(got, []byte("twadvise"))) {
		t.Errorf("target is neither the old file nor a complete new one:\n%s", got)
	}
	// A kill between the two system calls linkat and rename can strand the
	// finished copy under the fixed staging name (the next write removes it:
	// TestWriteRemovesStrandedCopy). Anything else left over is a bug.
	allowed := []string{filepath.Base(target), filepath.Base(target) + ".bak"}
	if staged, err := os.ReadFile(stagingName(target)); err == nil {
		if !newOK || !bytes.HasSuffix(staged, []byte("\n")) || !bytes.Contains(staged, []byte("twadvise")) {
			t.Errorf("stranded staging copy is not a complete new file:\n%s", staged)
		}
		allowed = append(allowed, filepath.Base(stagingName(target)))
	}
	assertNoTemp(t, dir, allowed...)
}

// TestGenerateKilled kills `generate -o FILE --force -` with SIGKILL at
// several points: stalled before any input (stdin is a pipe held open),
// stalled mid-input, and at spread-out moments of a complete run, which
// covers the write, fsync and rename. The old file must be intact (or
// wholly replaced) and no temporary file left behind.
func TestGenerateKilled(t *testing.T) {
	bin := buildBinary(t)
	input := []byte("net.ipv4.tcp_tw_recycle = 1\nnet.core.somaxconn = 128\n")
	start := func(t *testing.T, target string) (*exec.Cmd, *os.File) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "generate", "--kernel", "6.8", "-o", target, "--force", "-")
		cmd.Stdin = r
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r.Close()
		return cmd, w
	}
	stalls := []struct {
		name  string
		write []byte
	}{{"stalled before input", nil}, {"stalled mid-input", input[:10]}}
	for _, st := range stalls {
		t.Run(st.name, func(t *testing.T) {
			dir := t.TempDir()
			target := mustWrite(t, filepath.Join(dir, "99-tuned.conf"), []byte(oldContent))
			cmd, w := start(t, target)
			w.Write(st.write)
			time.Sleep(200 * time.Millisecond)
			cmd.Process.Kill()
			cmd.Wait()
			w.Close()
			checkIntact(t, dir, target, false)
		})
	}
	t.Run("killed at spread-out moments", func(t *testing.T) {
		// A whole run takes a few tens of ms (mostly loading rules); the
		// kills sweep from 0 to 200 ms so some land before, in and after
		// the write.
		const kills, step = 50, 4 * time.Millisecond
		replaced := 0
		for i := range kills {
			dir := t.TempDir()
			target := mustWrite(t, filepath.Join(dir, "99-tuned.conf"), []byte(oldContent))
			cmd, w := start(t, target)
			w.Write(input)
			w.Close()
			time.Sleep(time.Duration(i) * step)
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			checkIntact(t, dir, target, true)
			if got, _ := os.ReadFile(target); string(got) != oldContent {
				replaced++
			}
		}
		t.Logf("%d kills, %v apart: %d after the rename, %d before", kills, step, replaced, kills-replaced)
	})
}

// inMountNS runs script as root in a private mount namespace (unshare
// --mount), so the tmpfs or read-only bind mount it makes is invisible to
// the host and gone when it exits. Without root it skips, except under
// CI=true, where CI runs as root and a skip would hide the case.
func inMountNS(t *testing.T, script string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("needs root for a private mount namespace (CI must run this case)")
		}
		t.Skip("needs root for a private mount namespace")
	}
	out, err := exec.Command("unshare", "--mount", "--propagation", "private", "bash", "-euc", script).CombinedOutput()
	if err != nil {
		if os.Getenv("CI") != "true" && strings.Contains(string(out), "unshare failed") {
			t.Skipf("unshare: %s", out)
		}
		t.Fatalf("script failed: %v\n%s", err, out)
	}
	return string(out)
}

// writeFailureScript runs generate -o over an existing file after setup
// (bash), with limit (bash) applied to generate alone, and reports the exit
// code, stderr, the file and the directory. stderr goes through a pipe,
// which a file-size limit does not affect.
func writeFailureScript(bin, dir, setup, limit string) string {
	return fmt.Sprintf(`
d=%[2]q
mkdir -p "$d"
%[3]s
set +e
err=$( (%[4]s; exec %[1]q generate --kernel 6.8 -o "$d/99-tuned.conf" --force - <<<"net.ipv4.tcp_tw_recycle = 1") 2>&1 >/dev/null)
echo "rc=$?"
set -e
echo "stderr=$err"
echo "content=$(base64 -w0 "$d/99-tuned.conf")"
echo "files=$(ls -A "$d" | tr '\n' ' ')"
`, bin, dir, setup, limit)
}

func field(out, key string) string {
	for _, l := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(l, key+"="); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// TestGenerateWriteFailures injects real failures into `generate -o FILE
// --force`: a full disk (a 64 KiB tmpfs filled up), a read-only directory
// (a read-only bind mount: root ignores 0555) and a file-size limit (ulimit
// -f, so write(2) fails with EFBIG). Each must exit 2 with a message naming
// the file, keep the old file and leave no temporary file.
func TestGenerateWriteFailures(t *testing.T) {
	bin := buildBinary(t)
	old := "IyB0aGUgb3BlcmF0b3IncyBmaWxlOiBtdXN0IHN1cnZpdmUKbmV0LmNvcmUuc29tYXhjb25uID0gMTAyNAo=" // base64 of oldContent
	writeOld := `echo ` + old + ` | base64 -d >"$d/99-tuned.conf"`
	cases := []struct{ name, setup, limit, want string }{
		{"full disk", `mount -t tmpfs -o size=64k tmpfs "$d"
` + writeOld + `
dd if=/dev/zero of="$d/fill" bs=4k 2>/dev/null || true`, ":", "no space left on device"},
		{"read-only directory", writeOld + `
mount --bind "$d" "$d" && mount -o remount,bind,ro "$d"`, ":", "read-only file system"},
		{"write fails (file size limit)", `mount -t tmpfs tmpfs "$d"
` + writeOld, "ulimit -f 0", "file too large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "etc")
			out := inMountNS(t, writeFailureScript(bin, dir, tc.setup, tc.limit))
			if rc := field(out, "rc"); rc != "2" {
				t.Errorf("exit %s, want 2\n%s", rc, out)
			}
			stderr := field(out, "stderr")
			t.Logf("stderr: %s", stderr)
			if !strings.Contains(stderr, "99-tuned.conf") && !strings.Contains(stderr, dir) || !strings.Contains(strings.ToLower(stderr), tc.want) {
				t.Errorf("stderr %q should name the file and say %q", stderr, tc.want)
			}
			if c := field(out, "content"); c != old {
				t.Errorf("old file not intact: base64 %s", c)
			}
			files := strings.Fields(field(out, "files"))
			for _, f := range files {
				if f != "99-tuned.conf" && f != "fill" {
					t.Errorf("left behind: %s (all: %v)", f, files)
				}
			}
		})
	}
}
