#!/bin/sh
# SPDX-License-Identifier: MIT
# `make install` puts the binary, the man pages and rules/ in place, and
# the installed binary finds its rules without being told where.
set -u
cd "$(dirname "$0")/../.."
pass=0
fail=0
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
if ! make -s install DESTDIR="$d" PREFIX=/opt/zl >"$d.log" 2>&1; then
	echo "FAIL: make install:"; cat "$d.log"; rm -f "$d.log"
	echo "install: 0 passed, 1 failed"
	exit 1
fi
rm -f "$d.log"
for f in opt/zl/bin/zonelint opt/zl/share/man/man1/zonelint.1 \
    opt/zl/share/man/man7/zonelint-checks.7; do
	if [ -f "$d/$f" ]; then pass=$((pass + 1)); else echo "FAIL: $f not installed"; fail=$((fail + 1)); fi
done
n=$(ls rules/*.yaml 2>/dev/null | wc -l)
m=$(ls "$d"/opt/zl/share/zonelint/rules/*.yaml 2>/dev/null | wc -l)
if [ "$n" = "$m" ]; then pass=$((pass + 1)); else echo "FAIL: $m of $n rule files installed"; fail=$((fail + 1)); fi
# the installed binary, moved under DESTDIR, still finds its rules
# (relative to itself: ../share/zonelint/rules)
if [ "$n" -gt 0 ]; then
	if "$d/opt/zl/bin/zonelint" profiles >/dev/null 2>"$d/err"; then
		pass=$((pass + 1))
	else
		echo "FAIL: installed zonelint cannot list profiles: $(cat "$d/err")"
		fail=$((fail + 1))
	fi
fi
echo "install: $pass passed, $fail failed"
[ $fail = 0 ]
