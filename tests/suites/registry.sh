#!/bin/sh
# SPDX-License-Identifier: MIT
# Every implemented rule has its explain page and a positive and a
# negative golden case (ShellCheck's cdPositive/cdNegative, enforced), and
# every rule that is always fixable has an expected fixed zone and diff.
# Rules not implemented yet are listed, so they are never mistaken for
# working ones.
set -u
cd "$(dirname "$0")/../.."
ZL=${ZONELINT:-./zonelint}
pass=0
fail=0
missing=""
out=$("$ZL" rules) || { echo "FAIL: zonelint rules exited non-zero"; echo "0 passed, 1 failed"; exit 1; }
echo "$out" | tail -n +2 | while read -r id fam sev fixable rest; do
	case $rest in
	*"[not implemented yet]"*) echo "not implemented yet: $id" ;;
	esac
done
for id in $(echo "$out" | tail -n +2 | awk '{print $1}'); do
	line=$(echo "$out" | awk -v id="$id" '$1 == id')
	case $line in *"[not implemented yet]"*) continue ;; esac
	fixable=$(echo "$line" | awk '{print $4}')
	ok=1
	[ -f "doc/rules/$id.txt" ] || { echo "FAIL $id: no doc/rules/$id.txt"; ok=0; }
	for f in bad.zone good.zone bad.out good.out; do
		[ -f "testdata/rules/$id/$f" ] || { echo "FAIL $id: no testdata/rules/$id/$f"; ok=0; }
	done
	if [ "$fixable" = yes ]; then
		for f in bad.fixed bad.diff; do
			[ -f "testdata/rules/$id/$f" ] || { echo "FAIL $id: always fixable but no testdata/rules/$id/$f"; ok=0; }
		done
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
# every page and golden folder belongs to a known rule
for f in doc/rules/*.txt; do
	id=$(basename "$f" .txt)
	if ! echo "$out" | awk '{print $1}' | grep -qx "$id"; then
		echo "FAIL: doc/rules/$id.txt names no rule"
		fail=$((fail + 1))
	fi
done
for d in testdata/rules/*/; do
	id=$(basename "$d")
	if ! echo "$out" | awk '{print $1}' | grep -qx "$id"; then
		echo "FAIL: testdata/rules/$id names no rule"
		fail=$((fail + 1))
	fi
done
echo "registry: $pass passed, $fail failed"
[ $fail = 0 ]
