// Package kernel is the system as it is: the kernel release, live values under
// /proc/sys, the sysctl.conf and sysctl.d files the real loaders read, their
// parsing and merging (systemd-sysctl and procps semantics), the catalogue of
// known keys and the TCP socket census.
//
// Everything is read through an FS rooted at a directory, so tests and
// `--root` point it at a fake tree:
//
//	fsys := kernel.Open("testdata/roots/web")
//	files, _ := kernel.Discover(fsys, kernel.LoaderSystemd)
//	eff := kernel.Merge(kernel.ParseFiles(fsys, files), kernel.LoaderSystemd)
//
// The package depends only on the standard library and golang.org/x/sys.
// It never writes to /proc/sys.
package kernel
