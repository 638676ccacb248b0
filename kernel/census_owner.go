package kernel

import (
	"errors"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// ProcessCount is how many CLOSE_WAIT sockets one process holds open.
type ProcessCount struct {
	PID     int
	Command string // /proc/PID/comm
	Count   int
}

// ownerResult is the outcome of the CLOSE_WAIT owner lookup.
type ownerResult struct {
	byProcess []ProcessCount
	denied    int // processes whose fd table could not be read
}

// findOwners maps socket inodes to the processes holding them by reading
// the "socket:[INODE]" links under /proc/PID/fd, the way ss -p and lsof do.
// It walks every process, so the census calls it only when there are
// CLOSE_WAIT sockets, and it stops as soon as every inode is found. A socket
// shared by several processes (inherited over fork) is counted once, for
// the lowest PID. The inodes map is consumed.
func findOwners(f FS, inodes map[uint64]struct{}) ownerResult {
	var res ownerResult
	entries, err := f.ReadDir("/proc")
	if err != nil {
		return res
	}
	pids := make([]int, 0, len(entries))
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil && pid > 0 {
			pids = append(pids, pid)
		}
	}
	sort.Ints(pids)
	for _, pid := range pids {
		if len(inodes) == 0 {
			break
		}
		dir := "/proc/" + strconv.Itoa(pid) + "/fd"
		fds, err := f.ReadDir(dir)
		if errors.Is(err, fs.ErrPermission) {
			res.denied++
			continue
		}
		n := 0
		for _, fd := range fds {
			ino, ok := socketInode(f.Readlink(dir + "/" + fd.Name()))
			if !ok {
				continue
			}
			if _, want := inodes[ino]; want {
				delete(inodes, ino)
				n++
			}
		}
		if n > 0 {
			res.byProcess = append(res.byProcess, ProcessCount{PID: pid, Command: command(f, pid), Count: n})
		}
	}
	sort.SliceStable(res.byProcess, func(i, j int) bool { return res.byProcess[i].Count > res.byProcess[j].Count })
	return res
}

// socketInode parses the target of an fd link, "socket:[12345]".
func socketInode(target string) (uint64, bool) {
	if !strings.HasPrefix(target, "socket:[") || !strings.HasSuffix(target, "]") {
		return 0, false
	}
	v, err := strconv.ParseUint(target[8:len(target)-1], 10, 64)
	return v, err == nil
}

// command is the process name from /proc/PID/comm, "?" if it is gone.
func command(f FS, pid int) string {
	b, err := f.ReadFile("/proc/"+strconv.Itoa(pid)+"/comm", 4096)
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(b))
}
