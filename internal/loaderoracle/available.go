package loaderoracle

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
)

// ErrUnavailable marks every reason the oracle cannot run on this machine
// (not root, no unshare, no loader, mount namespaces forbidden). Tests skip
// on it, except under CI=true where they fail.
var ErrUnavailable = errors.New("unavailable")

var (
	nsOnce sync.Once
	nsErr  error
)

// Available reports why mode cannot run here, or nil. The namespace probe
// (`unshare --mount true`) runs once per process.
func Available(mode Mode) error {
	if os.Geteuid() != 0 {
		return fmt.Errorf("%w: the real loaders need root for a private mount namespace", ErrUnavailable)
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		return fmt.Errorf("%w: unshare(1) not found (util-linux)", ErrUnavailable)
	}
	switch mode {
	case SystemdTree, SystemdFiles:
		if _, err := os.Stat(SystemdSysctl); err != nil {
			return fmt.Errorf("%w: %s not found (package systemd)", ErrUnavailable, SystemdSysctl)
		}
	case ProcpsSystem, ProcpsFiles:
		if _, err := exec.LookPath("sysctl"); err != nil {
			return fmt.Errorf("%w: sysctl not found (package procps)", ErrUnavailable)
		}
	}
	nsOnce.Do(func() {
		if out, err := exec.Command("unshare", "--mount", "--propagation", "private", "true").CombinedOutput(); err != nil {
			nsErr = fmt.Errorf("%w: cannot create a mount namespace: %v: %s", ErrUnavailable, err, out)
		}
	})
	return nsErr
}
