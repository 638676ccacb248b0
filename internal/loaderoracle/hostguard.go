package loaderoracle

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// The namespace script already refuses to run a loader unless /proc/sys is a
// tmpfs. These checks are the second belt: after the run, the host's
// /proc/sys must still be procfs and every fake key that also exists on the
// host must read the same as before. A difference fails the run loudly
// instead of passing silently.

// hostProcSys is the host's /proc/sys.
const hostProcSys = "/proc/sys"

// snapshotHost reads the host's current value of every key it can read.
func snapshotHost(keys []string) map[string]string {
	snap := map[string]string{}
	for _, k := range keys {
		if b, err := os.ReadFile(filepath.Join(hostProcSys, k)); err == nil {
			snap[k] = string(b)
		}
	}
	return snap
}

// checkHostUnchanged compares the host with the snapshot.
func checkHostUnchanged(before map[string]string) error {
	var st unix.Statfs_t
	if err := unix.Statfs(hostProcSys, &st); err != nil {
		return fmt.Errorf("loaderoracle: statfs %s: %w", hostProcSys, err)
	}
	if st.Type != unix.PROC_SUPER_MAGIC {
		return fmt.Errorf("loaderoracle: HOST %s is no longer procfs after the run (fs type %#x): a mount leaked out of the namespace", hostProcSys, st.Type)
	}
	var changed []string
	for k, v := range before {
		if b, err := os.ReadFile(filepath.Join(hostProcSys, k)); err == nil && string(b) != v {
			changed = append(changed, fmt.Sprintf("%s: %q -> %q", k, v, b))
		}
	}
	if len(changed) > 0 {
		return fmt.Errorf("loaderoracle: HOST /proc/sys changed during the run:\n  %s", strings.Join(changed, "\n  "))
	}
	return nil
}
