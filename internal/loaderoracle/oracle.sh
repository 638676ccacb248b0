# loaderoracle namespace script. Runs as root inside
# `unshare --mount --propagation private`, so every mount below is private to
# this process tree and vanishes with it.
# usage: sh -c "$script" oracle WORK TREE LIBMODE COMMAND [ARG...]
#   WORK     scratch dir: procsys/ (fake keys), empty/, empty.conf, after/ (filled here)
#   TREE     root tree to bind over the real sysctl paths, or "" for explicit files
#   LIBMODE  "merged" (/lib is /usr/lib: nothing to do) or "bind" (bind over /lib/sysctl.d)
set -eu
work=$1 tree=$2 libmode=$3
shift 3

# 1. The fake /proc/sys. Nothing may touch /proc/sys before the check.
mount -t tmpfs twadvise-oracle /proc/sys
fstype=$(stat -f -c %T /proc/sys)
if [ "$fstype" != tmpfs ]; then
	echo "loaderoracle: /proc/sys is $fstype, not a tmpfs; refusing to run the loader" >&2
	exit 97
fi
cp -a "$work/procsys/." /proc/sys/

# 2. The tree over the real configuration paths.
if [ -n "$tree" ]; then
	mount -t tmpfs twadvise-oracle-run /run
	mkdir -p /run/sysctl.d
	[ -d /usr/local/lib/sysctl.d ] || mount -t tmpfs twadvise-oracle-ull /usr/local/lib
	mkdir -p /usr/local/lib/sysctl.d
	for d in etc/sysctl.d run/sysctl.d usr/local/lib/sysctl.d usr/lib/sysctl.d; do
		src="$tree/$d"
		[ -d "$src" ] || src="$work/empty"
		mount --bind "$src" "/$d"
	done
	if [ "$libmode" = bind ]; then
		src="$tree/lib/sysctl.d"
		[ -d "$src" ] || src="$work/empty"
		mount --bind "$src" /lib/sysctl.d
	fi
	src="$tree/etc/sysctl.conf"
	[ -f "$src" ] || src="$work/empty.conf"
	mount --bind "$src" /etc/sysctl.conf
fi

# 3. The loader. Its exit code is data, not a failure of this script.
rc=0
"$@" >"$work/stdout" 2>"$work/stderr" || rc=$?
echo "$rc" >"$work/rc"

# 4. Copy the fake /proc/sys out before the namespace (and its tmpfs) goes.
cp -a /proc/sys/. "$work/after/"
