package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
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
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
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
	if err = tmp.Close(); err != nil {
		return err
	}
	if statErr == nil {
		if err = backup(name); err != nil {
			return fmt.Errorf("backing up %s: %w", name, err)
		}
	}
	if err = renameFile(tmp.Name(), name); err != nil {
		return err
	}
	return syncDir(filepath.Dir(name))
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
