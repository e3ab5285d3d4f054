#!/bin/sh
# SPDX-License-Identifier: MIT
# `zonelint fix -i` writes production zone files (spec §3, issue 8). It
# must follow a symlink to its target and replace the target atomically (a
# temporary file beside it, fsync, rename), keep the mode and, where it is
# allowed to, the owner, refuse when the file changed on disk since it was
# read, and leave the original untouched and no temporary file behind on
# any error. The failures are injected:
#   - a full disk: RLIMIT_FSIZE (ulimit -f, SIGXFSZ ignored) and, when
#     this user may mount, a tmpfs too small for the result;
#   - a folder it may not write: a read-only tmpfs, and a folder without
#     write permission (as root: run as nobody through setpriv);
#   - the file changed or replaced while zonelint runs: the zone
#     $INCLUDEs a FIFO that this script holds open, so zonelint waits in
#     the middle of the run until the file has been changed;
#   - the file deleted mid-run, standard input, a folder.
# Cases that need root (mount, setpriv) are skipped with a note otherwise.
# Ends with "N passed, M failed"; exits 1 when anything failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZONELINT:-$top/zonelint}
case $ZL in /*) ;; *) ZL=$top/$ZL ;; esac
pass=0
fail=0
tmp=$(mktemp -d)
mnt=""
cleanup() {
	[ -n "$mnt" ] && umount "$mnt" 2>/dev/null
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
chmod 755 "$tmp"

ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL: $1"
	fail=$((fail + 1))
}
note() { echo "note: $1"; }

# a zone with safe fixes (spf-multiple merges two records), ~40 KB
mkzone() {
	cp "$top/testdata/rules/spf-multiple/bad.zone" "$1"
	i=0
	while [ $i -lt 800 ]; do
		printf 'host%d\tIN A 192.0.2.%d ; filler to make the file bigger\n' $i $((i % 250 + 1))
		i=$((i + 1))
	done >>"$1"
}
mkzone "$tmp/template.zone"
"$ZL" fix --no-config "$tmp/template.zone" >"$tmp/expected" 2>/dev/null
if cmp -s "$tmp/template.zone" "$tmp/expected"; then
	bad "the test zone has no safe fix; the cases below would prove nothing"
fi

# temps DIR: temporary files zonelint left in DIR
temps() {
	ls -A "$1" | grep -e 'zonelint' -e '\.tmp' -e '~$' || true
}

# same NAME FILE WANT: FILE holds the bytes of WANT
same() {
	if cmp -s "$2" "$3"; then ok; else bad "$1: the file holds the wrong bytes"; fi
}
no_temps() {
	t=$(temps "$2")
	if [ -z "$t" ]; then ok; else bad "$1: temporary file left behind: $t"; fi
}
exit_is() { # NAME GOT WANT
	if [ "$2" = "$3" ]; then ok; else
		bad "$1: exit $2, expected $3"
		sed 's/^/    /' "$tmp/err" | head -5
	fi
}

# ---- the plain case: same bytes as `fix`, a new inode (rename), no temps
d=$tmp/plain
mkdir "$d"
cp "$tmp/template.zone" "$d/db.example.com"
ino=$(stat -c %i "$d/db.example.com")
"$ZL" fix -i --no-config "$d/db.example.com" >/dev/null 2>"$tmp/err"
st=$?
[ $st -le 1 ] && ok || bad "plain: exit $st: $(head -2 "$tmp/err")"
same "plain" "$d/db.example.com" "$tmp/expected"
no_temps "plain" "$d"
if [ "$(stat -c %i "$d/db.example.com")" != "$ino" ]; then ok; else
	bad "plain: same inode: the file was rewritten in place, not replaced by rename"
fi
# nothing to fix: the file is not touched at all
ino=$(stat -c %i "$d/db.example.com")
"$ZL" fix -i --no-config "$d/db.example.com" >/dev/null 2>"$tmp/err"
if [ "$(stat -c %i "$d/db.example.com")" = "$ino" ]; then ok; else
	bad "nothing to fix: the file was replaced anyway"
fi
same "nothing to fix" "$d/db.example.com" "$tmp/expected"

# ---- symlinks: the target is replaced, the link stays a link
d=$tmp/link
mkdir -p "$d/real"
cp "$tmp/template.zone" "$d/real/db.example.com"
ln -s real/db.example.com "$d/db.example.com"
"$ZL" fix -i --no-config "$d/db.example.com" >/dev/null 2>"$tmp/err"
if [ -L "$d/db.example.com" ]; then ok; else bad "symlink: the link was replaced by a file"; fi
same "symlink: target" "$d/real/db.example.com" "$tmp/expected"
no_temps "symlink: link folder" "$d"
no_temps "symlink: target folder" "$d/real"
# a chain of two links
ln -s db.example.com "$d/second"
cp "$tmp/template.zone" "$d/real/db.example.com"
"$ZL" fix -i --no-config "$d/second" >/dev/null 2>"$tmp/err"
same "symlink chain: target" "$d/real/db.example.com" "$tmp/expected"
if [ -L "$d/second" ] && [ -L "$d/db.example.com" ]; then ok; else
	bad "symlink chain: a link was replaced by a file"
fi
# a dangling link: an error, nothing created
ln -s nowhere.zone "$d/dangling"
"$ZL" fix -i --no-config "$d/dangling" >/dev/null 2>"$tmp/err"
exit_is "dangling symlink" $? 2
if [ ! -e "$d/nowhere.zone" ]; then ok; else bad "dangling symlink: created its target"; fi
no_temps "dangling symlink" "$d"

# ---- mode and owner
d=$tmp/mode
mkdir "$d"
for m in 640 604 600 444; do
	cp "$tmp/template.zone" "$d/db.example.com"
	chmod $m "$d/db.example.com"
	"$ZL" fix -i --no-config "$d/db.example.com" >/dev/null 2>"$tmp/err"
	got=$(stat -c %a "$d/db.example.com")
	if [ "$got" = "$m" ]; then ok; else bad "mode $m: now $got"; fi
	same "mode $m" "$d/db.example.com" "$tmp/expected"
	rm -f "$d/db.example.com"
done
if [ "$(id -u)" = 0 ]; then
	cp "$tmp/template.zone" "$d/db.example.com"
	chown 65534:65534 "$d/db.example.com"
	"$ZL" fix -i --no-config "$d/db.example.com" >/dev/null 2>"$tmp/err"
	got=$(stat -c %u:%g "$d/db.example.com")
	if [ "$got" = 65534:65534 ]; then ok; else bad "owner: now $got, was 65534:65534"; fi
	same "owner" "$d/db.example.com" "$tmp/expected"
	rm -f "$d/db.example.com"
else
	note "not root: owner preservation not tested"
fi

# ---- a full disk: RLIMIT_FSIZE, SIGXFSZ ignored so write() fails with EFBIG
d=$tmp/fsize
mkdir "$d"
cp "$tmp/template.zone" "$d/db.example.com"
sh -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' sh "$ZL" fix -i --no-config \
    "$d/db.example.com" >/dev/null 2>"$tmp/err"
exit_is "RLIMIT_FSIZE" $? 2
same "RLIMIT_FSIZE: original untouched" "$d/db.example.com" "$tmp/template.zone"
no_temps "RLIMIT_FSIZE" "$d"
if grep -q -i 'write\|large\|space' "$tmp/err"; then ok; else
	bad "RLIMIT_FSIZE: no message about the failed write: $(head -2 "$tmp/err")"
fi

# ---- a small tmpfs: ENOSPC, then read-only: EROFS
mkdir "$tmp/mnt"
if mount -t tmpfs -o size=256k tmpfs "$tmp/mnt" 2>/dev/null; then
	mnt=$tmp/mnt
	cp "$tmp/template.zone" "$mnt/db.example.com"
	# fill it, leaving less room than one more copy of the zone
	dd if=/dev/zero of="$mnt/filler" bs=4096 count=1000 2>/dev/null
	rm -f "$mnt/filler"
	free=$(( $(stat -f -c '%a*%S' "$mnt") ))
	dd if=/dev/zero of="$mnt/filler" bs=1 count=$((free - 8192)) 2>/dev/null
	"$ZL" fix -i --no-config "$mnt/db.example.com" >/dev/null 2>"$tmp/err"
	exit_is "full tmpfs" $? 2
	same "full tmpfs: original untouched" "$mnt/db.example.com" "$tmp/template.zone"
	no_temps "full tmpfs" "$mnt"
	rm -f "$mnt/filler"
	if mount -o remount,ro "$mnt" 2>/dev/null; then
		"$ZL" fix -i --no-config "$mnt/db.example.com" >/dev/null 2>"$tmp/err"
		exit_is "read-only tmpfs" $? 2
		same "read-only tmpfs: original untouched" "$mnt/db.example.com" "$tmp/template.zone"
		grep -q -i 'read-only\|temporary' "$tmp/err" && ok ||
		    bad "read-only tmpfs: unclear message: $(head -1 "$tmp/err")"
	else
		note "cannot remount read-only: EROFS not tested"
	fi
	umount "$mnt" && mnt=""
else
	note "cannot mount a tmpfs (not root?): ENOSPC and EROFS tested only through RLIMIT_FSIZE"
fi

# ---- a folder without write permission
d=$tmp/ro
mkdir "$d"
cp "$tmp/template.zone" "$d/db.example.com"
chmod 666 "$d/db.example.com"
chmod 555 "$d"
runas=""
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		runas="setpriv --reuid=65534 --regid=65534 --clear-groups"
	fi
fi
if [ "$(id -u)" != 0 ] || [ -n "$runas" ]; then
	$runas "$ZL" fix -i --no-config "$d/db.example.com" >/dev/null 2>"$tmp/err"
	exit_is "read-only folder" $? 2
	same "read-only folder: original untouched" "$d/db.example.com" "$tmp/template.zone"
	no_temps "read-only folder" "$d"
	grep -q 'temporary' "$tmp/err" && ok ||
	    bad "read-only folder: unclear message: $(head -1 "$tmp/err")"
else
	note "root without setpriv: read-only folder not tested"
fi
chmod 755 "$d"

# ---- the file changed on disk while zonelint ran
# The zone includes a FIFO this script holds open: zonelint reads the zone,
# then waits on the FIFO. Meanwhile the zone is changed; then the FIFO is
# closed (an empty include) and zonelint finishes and must refuse to write.
wait_open() { # PID FILE: until PID has FILE open (5 s at most)
	n=0
	while [ $n -lt 100 ]; do
		for fd in /proc/"$1"/fd/*; do
			[ "$(readlink "$fd" 2>/dev/null)" = "$2" ] && return 0
		done
		sleep 0.05 2>/dev/null || sleep 1
		n=$((n + 1))
	done
	return 1
}
changed_case() { # NAME HOW: HOW is edit, replace or delete
	d=$tmp/changed-$2
	mkdir "$d"
	cp "$tmp/template.zone" "$d/db.example.com"
	echo '$INCLUDE hold.fifo' >>"$d/db.example.com"
	cp "$d/db.example.com" "$d/original"
	mkfifo "$d/hold.fifo" || { note "$1: mkfifo failed: not tested"; return; }
	exec 7<>"$d/hold.fifo"
	"$ZL" fix -i --no-config "$d/db.example.com" >/dev/null 2>"$tmp/err" 7>&- &
	pid=$!
	if ! wait_open $pid "$d/hold.fifo"; then
		exec 7>&-
		wait $pid
		bad "$1: zonelint never opened the FIFO (cannot stage the race)"
		return
	fi
	case $2 in
	edit)
		echo 'late IN A 192.0.2.99 ; added while zonelint ran' >>"$d/db.example.com"
		cp "$d/db.example.com" "$d/want" ;;
	replace)
		sed 's/192.0.2.1/192.0.2.77/' "$d/original" >"$d/new"
		mv "$d/new" "$d/db.example.com"
		cp "$d/db.example.com" "$d/want" ;;
	delete)
		rm "$d/db.example.com" ;;
	esac
	exec 7>&-
	wait $pid
	st=$?
	exit_is "$1" $st 2
	if [ "$2" = delete ]; then
		if [ ! -e "$d/db.example.com" ]; then ok; else bad "$1: the deleted file came back"; fi
	else
		same "$1: the change on disk kept" "$d/db.example.com" "$d/want"
		grep -q 'changed on disk' "$tmp/err" && ok ||
		    bad "$1: unclear message: $(head -1 "$tmp/err")"
	fi
	no_temps "$1" "$d"
}
if [ -d /proc/self/fd ]; then
	changed_case "file edited mid-run" edit
	changed_case "file replaced mid-run" replace
	changed_case "file deleted mid-run" delete
else
	note "no /proc: the mid-run cases are not tested"
fi

# ---- usage errors
d=$tmp/usage
mkdir "$d"
"$ZL" fix -i --no-config - <"$tmp/template.zone" >/dev/null 2>"$tmp/err"
exit_is "fix -i of standard input" $? 2
"$ZL" fix -i --no-config "$d" >/dev/null 2>"$tmp/err"
exit_is "fix -i of a folder" $? 2
no_temps "fix -i of a folder" "$d"
# several files: a failure on one leaves the others fixed
mkdir "$d/a" "$d/b"
cp "$tmp/template.zone" "$d/a/db.example.com"
cp "$tmp/template.zone" "$d/b/db.example.com"
sh -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' sh "$ZL" fix -i --no-config \
    "$d/a/db.example.com" "$d/b/db.example.com" >/dev/null 2>"$tmp/err"
exit_is "two files, both too big to write" $? 2
same "two files: a untouched" "$d/a/db.example.com" "$tmp/template.zone"
same "two files: b untouched" "$d/b/db.example.com" "$tmp/template.zone"
no_temps "two files: a" "$d/a"
no_temps "two files: b" "$d/b"

# ---- output that cannot be written is an error, never a silent success:
# `zonelint fix db > new && mv new db` must not install a cut-short zone
if [ -w /dev/full ]; then
	for v in fix diff check; do
		"$ZL" $v --no-config "$tmp/template.zone" >/dev/full 2>"$tmp/err"
		st=$?
		if [ $st = 2 ]; then ok; else
			bad "$v > /dev/full: exit $st, expected 2 (the output was lost)"
		fi
		if [ -s "$tmp/err" ] && grep -q -i 'space\|write\|output' "$tmp/err"; then ok; else
			bad "$v > /dev/full: no message about the lost output"
		fi
	done
	"$ZL" fix --no-config -o /dev/full "$tmp/template.zone" >/dev/null 2>"$tmp/err"
	exit_is "fix -o /dev/full" $? 2
fi
d=$tmp/outfile
mkdir "$d"
sh -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' sh "$ZL" fix --no-config \
    -o "$d/fixed.zone" "$tmp/template.zone" >/dev/null 2>"$tmp/err"
exit_is "fix -o, RLIMIT_FSIZE" $? 2

echo "safe-write: $pass passed, $fail failed"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
