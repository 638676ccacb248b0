// Package loaderoracle runs the real sysctl loaders on a fake system so tests
// can compare twadvise's merge with what systemd-sysctl and procps sysctl
// really do. It is a Go port of shared/tools/sysctl_oracle.py and is used only
// by tests.
//
// How it stays off the host: every run happens inside
// `unshare --mount --propagation private`. In that namespace a tmpfs is
// mounted on /proc/sys and holds one empty, writable file per key found in the
// inputs (globs expanded over a list of interface names); the script checks
// that /proc/sys is a tmpfs before the loader starts and refuses otherwise.
// In tree modes the tree's etc/sysctl.d, run/sysctl.d, usr/local/lib/sysctl.d,
// usr/lib/sysctl.d and etc/sysctl.conf are bind-mounted over the real paths
// (a tmpfs goes on /run, and on /usr/local/lib when it has no sysctl.d, so the
// mount points exist without creating anything on the host). Whatever the
// loader "applies" lands in the tmpfs files, which are copied out and read
// back as the effective key=value map.
//
//	res, err := loaderoracle.Run(ctx, loaderoracle.Request{Mode: loaderoracle.SystemdTree, Root: dir})
//	// res.Effective["net.core.somaxconn"] == "65535"
//
// Known limits, shared with the Python tool:
//   - Every key of the inputs exists in the fake tree, so key existence is
//     never checked.
//   - systemd-sysctl skips a write whose value equals the file's current
//     content. Fake files start empty, so an empty value (`key =`) never shows
//     up under systemd; procps writes "\n" and shows "" (see Result.Effective).
//   - Globs only see the fake keys (Request.Ifaces).
//   - /lib/sysctl.d (procps only) is modelled only on merged-/usr hosts, where
//     it is /usr/lib/sysctl.d; a tree with its own lib/sysctl.d is refused.
//   - A tree without etc/sysctl.conf gets an empty file bind-mounted there (the
//     mount point must exist), so a dangling 99-sysctl.conf symlink reads as an
//     empty file: the effective values are the same.
//   - An absolute symlink in the tree resolves against the namespace's real
//     root, so it models twadvise's in-root resolution only when its target is
//     under one of the bind-mounted paths above.
package loaderoracle
