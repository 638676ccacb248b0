package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// renameFile is os.Rename; tests replace it to inject a late failure.
var renameFile = os.Rename

// errExists is returned when the output file exists and --force is not set.
var errExists = errors.New("exists; use --force to replace it (a backup is kept as FILE.bak)")

// writeFileAtomic writes data to name as DESIGN.md "Writing files" asks: an
// existing file is refused unless force; the data goes to a temporary file
// in the same directory (so the rename cannot cross filesystems), which is
// fsynced and renamed over name. A replaced file keeps its mode and owner,
// and its old content stays in name+".bak". On any failure no temporary file
// is left behind.
func writeFileAtomic(name string, data []byte, force bool) (err error) {
	mode := fs.FileMode(0o644)
	uid, gid := -1, -1
	old, statErr := os.Lstat(name)
	switch {
	case statErr == nil && !force:
		return fmt.Errorf("%s %w", name, errExists)
	case statErr == nil && !old.Mode().IsRegular():
		return fmt.Errorf("%s: not a regular file; refusing to replace it", name)
	case statErr == nil:
		mode = old.Mode().Perm()
		if st, ok := old.Sys().(*syscall.Stat_t); ok {
			uid, gid = int(st.Uid), int(st.Gid)
		}
	case !errors.Is(statErr, fs.ErrNotExist):
		return statErr
	}
	dir, base := filepath.Dir(name), filepath.Base(name)
	staging := stagingName(name)
	if err := removeStale(staging); err != nil {
		return err
	}
	tmp, tmpName, err := openTemp(dir, base)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			if tmpName != "" {
				_ = os.Remove(tmpName)
			}
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if uid >= 0 {
		// Keeping the owner needs privilege when it is not ours; a failure
		// is only fatal when the owner would really change.
		if cerr := tmp.Chown(uid, gid); cerr != nil && uid != os.Getuid() {
			return fmt.Errorf("keeping the owner of %s: %w", name, cerr)
		}
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	// The backup comes before the temporary file gets a name, so the only
	// moment a kill can leave anything behind is between the two system
	// calls linkat and rename, and then it leaves a complete copy under the
	// fixed staging name, which the next write removes.
	if statErr == nil {
		if err = backup(name); err != nil {
			return fmt.Errorf("backing up %s: %w", name, err)
		}
	}
	if tmpName == "" {
		if err = linkTemp(tmp, staging); err != nil {
			return err
		}
		tmpName = staging
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = renameFile(tmpName, name); err != nil {
		return err
	}
	return syncDir(dir)
}

// stagingName is where a finished temporary copy of name waits for the
// rename: hidden, fixed, so a copy stranded by a kill is found again.
func stagingName(name string) string {
	return filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".twadvise-new")
}

// removeStale deletes a copy stranded at the staging name by an earlier
// run that was killed between naming it and renaming it.
func removeStale(staging string) error {
	fi, err := os.Lstat(staging)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s: not a regular file; remove it and retry", staging)
	}
	return os.Remove(staging)
}

// backup keeps the file about to be replaced as name.bak: a hard link when
// possible (exact bytes, mode and owner, no copy), else a copy.
func backup(name string) error {
	bak := name + ".bak"
	if err := os.Remove(bak); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if os.Link(name, bak) == nil {
		return nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(bak, data, fi.Mode().Perm())
}

// syncDir makes the rename durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	_ = d.Sync() // some filesystems do not support syncing directories
	return nil
}

// openTemp opens the temporary file in dir. It prefers an unnamed file
// (O_TMPFILE): if twadvise is killed (SIGKILL, OOM, power loss) while
// writing or fsyncing, the kernel frees it and nothing is left in dir.
// The name is then "", and linkTemp gives the file a name only once its
// data is durable, just before the rename. Filesystems without O_TMPFILE
// get a named temp file, removed on any error.
func openTemp(dir, base string) (*os.File, string, error) {
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o600)
	if err == nil {
		return os.NewFile(uintptr(fd), filepath.Join(dir, base)+" (temporary copy)"), "", nil
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return nil, "", err
	}
	return f, f.Name(), nil
}

// linkTemp names an O_TMPFILE file through /proc/self/fd (no privilege
// needed), falling back to AT_EMPTY_PATH.
func linkTemp(f *os.File, name string) error {
	src := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	err := unix.Linkat(unix.AT_FDCWD, src, unix.AT_FDCWD, name, unix.AT_SYMLINK_FOLLOW)
	if err != nil && !errors.Is(err, unix.EEXIST) {
		err = unix.Linkat(int(f.Fd()), "", unix.AT_FDCWD, name, unix.AT_EMPTY_PATH)
	}
	if err != nil {
		return fmt.Errorf("naming the temporary copy %s: %w", name, err)
	}
	return nil
}
