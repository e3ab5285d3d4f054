#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden tests (Knot's test_zscanner, mandoc's regress): every *.zone under
# testdata/ (hostile/ and fuzz/ have their own runners) is checked, fixed and
# diffed, and each result is compared with the expected file beside it:
#
#   NAME.zone    the input (NAME.args: extra arguments, one line)
#   NAME.out     expected `zonelint check --format gcc` output
#   NAME.fixed   expected `zonelint fix` output     (only when fixes apply)
#   NAME.diff    expected `zonelint diff` output    (only when fixes apply)
#
# Besides the comparisons: fixing NAME.fixed changes nothing (idempotence),
# `patch -p1` with NAME.diff turns NAME.zone into NAME.fixed, and the fixed
# zone loads in named-checkzone whenever the original does or zonelint
# finds no zone-syntax left in it. Under testdata/rules/<id>/, bad.out must
# name <id> and good.out must not.
#
# UPDATE=1 rewrites the expected files (review the diff before committing).
# ZONELINT=path selects the binary (make asan uses ./zonelint-asan).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
ZL=${ZONELINT:-$top/zonelint}
case $ZL in /*) ;; *) ZL=$top/$ZL ;; esac
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
have_bind=0
command -v named-checkzone >/dev/null 2>&1 && have_bind=1

failed() {
	echo "FAIL $1: $2"
	fail=$((fail + 1))
}

compare() { # case expected actual what
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$3" "$2"
		return 0
	fi
	if [ ! -f "$2" ]; then
		failed "$1" "$4: expected file $(basename "$2") missing (UPDATE=1 makes it)"
		return 1
	fi
	if ! cmp -s "$2" "$3"; then
		failed "$1" "$4 differs:"
		diff -u "$2" "$3" | head -40
		return 1
	fi
	return 0
}

origin_of() {
	sed -n 's/^\$ORIGIN[[:space:]]\{1,\}\([^[:space:];]*\).*/\1/p' "$1" | head -1
}

for zone in $(cd "$top" && find testdata -name '*.zone' \
    -not -path 'testdata/hostile/*' -not -path 'testdata/fuzz/*' | sort); do
	dir=$top/$(dirname "$zone")
	base=$(basename "$zone" .zone)
	name=$zone
	args=""
	[ -f "$dir/$base.args" ] && args=$(cat "$dir/$base.args")
	ok=1
	# shellcheck disable=SC2086
	(cd "$dir" && "$ZL" check --format gcc --no-config --color never $args "$base.zone") \
	    >"$tmp/out" 2>"$tmp/err"
	st=$?
	if [ $st -ge 2 ]; then
		case $args in *expect-exit-2*) ;; *)
			failed "$name" "check exited $st: $(head -3 "$tmp/err")"; continue ;;
		esac
	fi
	compare "$name" "$dir/$base.out" "$tmp/out" "check output" || ok=0
	case $zone in
	testdata/rules/*/bad.zone)
		id=$(basename "$dir")
		grep -q "\[$id\]" "$tmp/out" || { failed "$name" "bad.zone does not trigger $id"; ok=0; } ;;
	testdata/rules/*/good.zone)
		id=$(basename "$dir")
		if grep -q "\[$id\]" "$tmp/out"; then failed "$name" "good.zone triggers $id"; ok=0; fi ;;
	esac
	# fix and diff
	# shellcheck disable=SC2086
	(cd "$dir" && "$ZL" fix --no-config $args "$base.zone") >"$tmp/fixed" 2>"$tmp/err"
	st=$?
	if [ $st -ge 2 ]; then
		failed "$name" "fix exited $st: $(head -3 "$tmp/err")"
		continue
	fi
	if cmp -s "$dir/$base.zone" "$tmp/fixed"; then
		# nothing to fix: there must be no expected fix files
		if [ -f "$dir/$base.fixed" ] && [ "${UPDATE:-0}" != 1 ]; then
			failed "$name" "expected a fix ($base.fixed) but fix changed nothing"
			ok=0
		fi
		[ "${UPDATE:-0}" = 1 ] && rm -f "$dir/$base.fixed" "$dir/$base.diff"
		# shellcheck disable=SC2086
		(cd "$dir" && "$ZL" diff --no-config $args "$base.zone") >"$tmp/diff" 2>/dev/null
		[ -s "$tmp/diff" ] && { failed "$name" "diff not empty though fix changed nothing"; ok=0; }
	else
		compare "$name" "$dir/$base.fixed" "$tmp/fixed" "fixed zone" || ok=0
		# shellcheck disable=SC2086
		(cd "$dir" && "$ZL" diff --no-config $args "$base.zone") >"$tmp/diff" 2>"$tmp/err"
		compare "$name" "$dir/$base.diff" "$tmp/diff" "diff" || ok=0
		# idempotence
		cp "$tmp/fixed" "$dir/.golden-fixed.zone"
		# shellcheck disable=SC2086
		(cd "$dir" && "$ZL" fix --no-config $args .golden-fixed.zone) >"$tmp/fixed2" 2>/dev/null
		cmp -s "$tmp/fixed" "$tmp/fixed2" || { failed "$name" "fix is not idempotent"; ok=0; }
		# shellcheck disable=SC2086
		(cd "$dir" && "$ZL" check --format gcc --no-config --color never $args .golden-fixed.zone) >"$tmp/after" 2>/dev/null
		rm -f "$dir/.golden-fixed.zone"
		# the diff applies with patch -p1 and gives the fixed zone
		mkdir -p "$tmp/p" && rm -rf "$tmp/p"/* && cp "$dir/$base.zone" "$tmp/p/"
		if ! (cd "$tmp/p" && patch -p1 -s --no-backup-if-mismatch <"$tmp/diff" >/dev/null 2>&1) ||
		    ! cmp -s "$tmp/p/$base.zone" "$tmp/fixed"; then
			failed "$name" "diff does not apply with patch -p1 to give the fixed zone"
			ok=0
		fi
		# named-checkzone loads the result
		if [ $have_bind = 1 ]; then
			org=$(origin_of "$dir/$base.zone")
			if [ -n "$org" ]; then
				orig_ok=0
				named-checkzone -q -i none -k ignore -n ignore "$org" "$dir/$base.zone" >/dev/null 2>&1 && orig_ok=1
				if [ $orig_ok = 1 ] || ! grep -q '\[zone-syntax\]' "$tmp/after"; then
					if ! named-checkzone -q -i none -k ignore -n ignore "$org" "$tmp/fixed" >"$tmp/nc" 2>&1; then
						failed "$name" "named-checkzone rejects the fixed zone: $(head -2 "$tmp/nc")"
						ok=0
					fi
				fi
			fi
		fi
	fi
	[ $ok = 1 ] && pass=$((pass + 1))
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
