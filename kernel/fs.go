package kernel

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
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

// A dirEntry is one name in a directory, with its type as getdents(2)
// gives it (no stat per entry): the fs.FileMode type bits, 0 for a
// regular file.
type dirEntry struct {
	name string
	typ  fs.FileMode
}

func (e dirEntry) Name() string      { return e.name }
func (e dirEntry) Type() fs.FileMode { return e.typ }

// listDirResolved opens a directory already resolved inside the root and
// lists it, sorted by name. The directory stays open so its entries are
// opened relative to it (readAt): the files read are those of the
// directory listed, and their paths are not walked again. O_NOFOLLOW keeps
// the confinement should r have become a symlink since. The caller closes
// the descriptor.
func (f FS) listDirResolved(r string) (int, []dirEntry, error) {
	hostPath := f.hostPath(r)
	fd, err := openAtNoEINTR(unix.AT_FDCWD, hostPath, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC)
	if err != nil {
		return -1, nil, &fs.PathError{Op: "open", Path: hostPath, Err: err}
	}
	entries, err := readDirFD(fd)
	if err != nil {
		syscall.Close(fd)
		return -1, nil, &fs.PathError{Op: "readdirent", Path: hostPath, Err: err}
	}
	slices.SortFunc(entries, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	return fd, entries, nil
}

// readDirFD lists the open directory fd with getdents(2), as os.ReadDir
// does but without a DirEntry object per name: "." and "..", and entries
// without an inode, are left out; an entry of unknown type (some
// filesystems do not say) is lstat'ed, and skipped when it has vanished.
func readDirFD(fd int) ([]dirEntry, error) {
	var entries []dirEntry
	buf := make([]byte, 32<<10)
	for {
		n, err := syscall.ReadDirent(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return entries, nil
		}
		// struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen,
		// u8 d_type, then the name, NUL-terminated.
		for b := buf[:n]; len(b) >= 19; {
			reclen := int(binary.NativeEndian.Uint16(b[16:18]))
			if reclen < 19 || reclen > len(b) {
				return nil, syscall.EIO
			}
			rec := b[:reclen]
			b = b[reclen:]
			name := rec[19:]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if binary.NativeEndian.Uint64(rec[0:8]) == 0 || string(name) == "." || string(name) == ".." {
				continue
			}
			e := dirEntry{name: string(name)}
			switch rec[18] {
			case syscall.DT_REG:
			case syscall.DT_DIR:
				e.typ = fs.ModeDir
			case syscall.DT_LNK:
				e.typ = fs.ModeSymlink
			case syscall.DT_FIFO:
				e.typ = fs.ModeNamedPipe
			case syscall.DT_SOCK:
				e.typ = fs.ModeSocket
			case syscall.DT_CHR:
				e.typ = fs.ModeDevice | fs.ModeCharDevice
			case syscall.DT_BLK:
				e.typ = fs.ModeDevice
			default:
				var st unix.Stat_t
				if err := unix.Fstatat(fd, e.name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
					if err == syscall.ENOENT {
						continue
					}
					return nil, err
				}
				if m := st.Mode & syscall.S_IFMT; m != syscall.S_IFREG {
					e.typ = statMode(m)
				}
			}
			entries = append(entries, e)
		}
	}
}

// readAt reads the regular file name (one path component) of the open
// directory dirfd, as readResolved does; it never follows a symlink. The
// data is read into scratch when it fits (see readFD).
func readAt(dirfd int, name string, limit int64, scratch []byte) ([]byte, error) {
	fd, err := openAtNoEINTR(dirfd, name, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW)
	if err != nil {
		return nil, &fs.PathError{Op: "openat", Path: name, Err: err}
	}
	return readOpened(fd, name, limit, scratch)
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

// readRegularFlags opens hostPath with raw system calls (no *os.File: a
// regular file gains nothing from the poller, and at 10,000 files its
// registration, finalizer and extra fstat were a third of the system
// calls), checks with fstat that it is a regular file within limit, and
// reads it into a buffer of the size fstat gave: one read in the common case.
func readRegularFlags(hostPath string, limit int64, flags int) ([]byte, error) {
	fd, err := openAtNoEINTR(unix.AT_FDCWD, hostPath, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY|syscall.O_CLOEXEC|flags)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: hostPath, Err: err}
	}
	return readOpened(fd, hostPath, limit, nil)
}

// readOpened checks that fd (opened non-blocking, so a FIFO never blocks)
// is a regular file within limit and reads it; it closes fd.
func readOpened(fd int, hostPath string, limit int64, scratch []byte) ([]byte, error) {
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: hostPath, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, fmt.Errorf("%w (%s)", ErrNotRegular, describeMode(statMode(st.Mode)))
	}
	if st.Size > limit {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, st.Size, limit)
	}
	data, err := readFD(fd, st.Size, limit, scratch)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: hostPath, Err: err}
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return data, nil
}

func openAtNoEINTR(dirfd int, name string, flags int) (int, error) {
	for {
		fd, err := syscall.Openat(dirfd, name, flags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// readFD reads fd to its end, or to limit+1 bytes. size is what fstat said:
// the buffer has room for one byte more, so a read that stops at size is a
// short read, which on a regular file means end of file, and no second read
// is needed. Files whose size fstat does not know (0, as in /proc) or that
// changed since are read until read returns 0. The data goes into scratch
// when it has room (a caller reading many files reuses one buffer), else
// into a new buffer.
func readFD(fd int, size, limit int64, scratch []byte) ([]byte, error) {
	want := size + 1
	if size == 0 {
		want = 512
	}
	want = min(want, limit+1)
	buf := scratch[:0]
	if int64(cap(buf)) < want {
		buf = make([]byte, 0, want)
	}
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return buf, nil
			}
			grown := make([]byte, len(buf), min(2*int64(cap(buf)), limit+1))
			copy(grown, buf)
			buf = grown
		}
		room := cap(buf) - len(buf)
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
		if size > 0 && n < room && int64(len(buf)) >= size {
			return buf, nil
		}
	}
}

// statMode turns a stat(2) mode into the fs.FileMode bits describeMode reads.
func statMode(m uint32) fs.FileMode {
	switch m & syscall.S_IFMT {
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
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
