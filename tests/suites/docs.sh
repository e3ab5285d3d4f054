#!/bin/sh
# SPDX-License-Identifier: MIT
# The manual pages are valid mdoc, zonelint-checks(7) matches the explain
# pages, and every option `zonelint --help` lists is in zonelint(1).
set -u
cd "$(dirname "$0")/../.."
ZL=${ZONELINT:-./zonelint}
pass=0
fail=0
t=$(mktemp)
trap 'rm -f "$t"' EXIT
if command -v mandoc >/dev/null 2>&1; then
	for m in man/*.[1-9]; do
		if mandoc -T lint -W warning "$m" >"$t" 2>&1; then
			pass=$((pass + 1))
		else
			echo "FAIL $m: mandoc -T lint:"; cat "$t"
			fail=$((fail + 1))
		fi
	done
else
	echo "SKIP: mandoc not installed (man page lint)"
fi
sh tools/mkchecksman.sh >"$t"
if cmp -s "$t" man/zonelint-checks.7; then
	pass=$((pass + 1))
else
	echo "FAIL: man/zonelint-checks.7 is stale: run sh tools/mkchecksman.sh > man/zonelint-checks.7"
	fail=$((fail + 1))
fi
for opt in $("$ZL" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	case $opt in --help|--version) continue ;; esac
	if grep -q -- "Fl -${opt#--}" man/zonelint.1; then
		pass=$((pass + 1))
	else
		echo "FAIL: option $opt is not documented in man/zonelint.1"
		fail=$((fail + 1))
	fi
done
echo "docs: $pass passed, $fail failed"
[ $fail = 0 ]
