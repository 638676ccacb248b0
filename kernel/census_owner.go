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

// owners is the outcome of one walk over the processes' fd tables.
type owners struct {
	pid    map[uint64]int // socket inode -> lowest PID holding it
	denied int            // processes whose fd table could not be read
}

// findOwners maps socket inodes to the processes holding them by reading
// the "socket:[INODE]" links under /proc/PID/fd, the way ss -p and lsof do.
// It walks every process, so the census calls it only when some socket
// needs an owner (CLOSE_WAIT, a listener with a queue), and it stops as
// soon as every inode is found. A socket shared by several processes
// (inherited over fork) belongs to the lowest PID. The inodes map is
// consumed.
func findOwners(f FS, inodes map[uint64]struct{}) owners {
	res := owners{pid: map[uint64]int{}}
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
		for _, fd := range fds {
			ino, ok := socketInode(f.Readlink(dir + "/" + fd.Name()))
			if !ok {
				continue
			}
			if _, want := inodes[ino]; want {
				delete(inodes, ino)
				res.pid[ino] = pid
			}
		}
	}
	return res
}

// countByProcess counts the given inodes per owning process, most first.
func countByProcess(o owners, inodes map[uint64]struct{}, comm func(int) string) []ProcessCount {
	n := map[int]int{}
	for ino := range inodes {
		if pid, ok := o.pid[ino]; ok {
			n[pid]++
		}
	}
	out := make([]ProcessCount, 0, len(n))
	for pid, c := range n {
		out = append(out, ProcessCount{PID: pid, Command: comm(pid), Count: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].PID < out[j].PID
	})
	return out
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
