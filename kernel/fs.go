package kernel

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"syscall"
)

// MaxFileSize is the largest sysctl configuration file twadvise reads.
// Real files are a few KiB; the kernel caps one value at a page. Anything
// bigger is reported, not read, so a stray log or disk image cannot make a
// run slow or exhaust memory.
const MaxFileSize = 8 << 20

// maxSymlinks bounds symlink resolution, like the kernel's MAXSYMLINKS (40),
// so a loop is an error instead of a hang.
const maxSymlinks = 40

// Errors callers can test for with errors.Is.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
	ErrLoop       = errors.New("too many levels of symbolic links")
)

// FS is the system seen through a root directory: "/" on a live host, a fake
// tree in tests and with --root. Every path it is given is absolute inside the
// root; symlinks resolve inside the root too (an absolute target means
// root+target, and ".." never climbs above the root), so nothing outside the
// root is ever read.
type FS struct {
	root string // host path of the root directory, without trailing slash ("" for "/")
	// etc, when set, is a host directory laid out like /etc (a repository
	// holding sysctl.conf and sysctl.d/): it is seen as /etc, and nothing
	// else exists.
	etc string
}

// OpenEtc returns an FS in which dir is /etc and nothing else exists: how a
// repository laid out like /etc is read with a loader's rules.
func OpenEtc(dir string) FS {
	return FS{etc: strings.TrimRight(dir, "/")}
}

// EtcDir is the host directory seen as /etc by an FS from OpenEtc, "" otherwise.
func (f FS) EtcDir() string { return f.etc }

// Open returns an FS rooted at dir. An empty dir means "/".
func Open(dir string) FS {
	dir = strings.TrimRight(dir, "/")
	return FS{root: dir}
}

// Root is the host path of the root directory ("/" for the live system).
func (f FS) Root() string {
	if f.etc != "" {
		return f.etc
	}
	if f.root == "" {
		return "/"
	}
	return f.root
}

// IsHostRoot reports whether f reads the running system itself.
func (f FS) IsHostRoot() bool { return f.root == "" && f.etc == "" }

// hostPath maps a clean absolute path inside the root to the host path,
// without resolving anything.
func (f FS) hostPath(p string) string {
	if f.etc != "" {
		if rest, ok := strings.CutPrefix(p, "/etc"); ok && (rest == "" || rest[0] == '/') {
			return f.etc + rest
		}
		return "" // nothing but /etc exists here: the empty path is ENOENT
	}
	return f.root + p
}

// Resolve follows every symlink in p inside the root and returns the clean
// absolute in-root path of the final object. The object itself need not exist.
func (f FS) Resolve(p string) (string, error) {
	return f.resolve(p, 0)
}

func (f FS) resolve(p string, depth int) (string, error) {
	p = path.Clean("/" + p)
	done := "/"
	rest := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, comp := range rest {
		if comp == "" {
			continue
		}
		next := path.Join(done, comp)
		fi, err := os.Lstat(f.hostPath(next))
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			// Missing components are fine: the caller's open reports them.
			done = next
			continue
		}
		if depth >= maxSymlinks {
			return "", fmt.Errorf("%s: %w", p, ErrLoop)
		}
		target, err := os.Readlink(f.hostPath(next))
		if err != nil {
			return "", err
		}
		if !strings.HasPrefix(target, "/") {
			target = path.Join(done, target)
		}
		remaining := path.Join(append([]string{target}, rest[i+1:]...)...)
		return f.resolve(remaining, depth+1)
	}
	return done, nil
}

// Readlink returns the target of the symlink at p (in-root path) without
// resolving it, or "" when p is not a symlink. It is how a mask
// (a symlink whose target is literally /dev/null) is recognised.
func (f FS) Readlink(p string) string {
	t, err := os.Readlink(f.hostPath(path.Clean("/" + p)))
	if err != nil {
		return ""
	}
	return t
}

// Stat resolves p inside the root and stats the result.
func (f FS) Stat(p string) (fs.FileInfo, error) {
	r, err := f.Resolve(p)
	if err != nil {
		return nil, err
	}
	return os.Stat(f.hostPath(r))
}

// ReadDir lists the directory p (resolved inside the root), sorted by name.
func (f FS) ReadDir(p string) ([]fs.DirEntry, error) {
	r, err := f.Resolve(p)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(f.hostPath(r))
}

// readDirResolved lists a directory already resolved inside the root.
func (f FS) readDirResolved(r string) ([]fs.DirEntry, error) {
	return os.ReadDir(f.hostPath(r))
}

// readResolved reads a file whose in-root path r has no symlink left in
// it (discovery resolved it): no component walk. O_NOFOLLOW keeps the
// confinement should r have become a symlink since.
func (f FS) readResolved(r string, limit int64) ([]byte, error) {
	return readRegularFlags(f.hostPath(r), limit, syscall.O_NOFOLLOW)
}

// ReadFile reads a regular file at p (resolved inside the root), refusing
// FIFOs, devices, directories and files larger than limit bytes. It never
// blocks on a FIFO: the file is opened non-blocking and checked before reading.
func (f FS) ReadFile(p string, limit int64) ([]byte, error) {
	r, err := f.Resolve(p)
	if err != nil {
		return nil, err
	}
	return readRegular(f.hostPath(r), limit)
}

func readRegular(hostPath string, limit int64) ([]byte, error) {
	return readRegularFlags(hostPath, limit, 0)
}

func readRegularFlags(hostPath string, limit int64, flags int) ([]byte, error) {
	fd, err := os.OpenFile(hostPath, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY|flags, 0)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	fi, err := fd.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w (%s)", ErrNotRegular, describeMode(fi.Mode()))
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, fi.Size(), limit)
	}
	data, err := io.ReadAll(io.LimitReader(fd, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return data, nil
}

func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// errNotDir matches ENOTDIR from ReadDir on a path whose parent is a file.
var errNotDir = syscall.ENOTDIR
