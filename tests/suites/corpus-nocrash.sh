#!/bin/sh
# SPDX-License-Identifier: MIT
# Bad input never crashes zonelint: every file under $SHARED/corpus/ (zone
# files or not: TSV tables, YAML suites, keys, fuzzer crashers) and under
# testdata/ goes through `check`, `fix` and `diff`. Each run must end by
# itself within 10 seconds with an exit status below 128 (no signal) and,
# with the sanitizer build, without an AddressSanitizer or UBSan report.
#
# ZONELINT_ASAN (./zonelint-asan from `make zonelint-asan`) is used when set
# and built, else ZONELINT (default ./zonelint). A file whose origin
# zonelint cannot tell (exit 2) is run again with --origin example.
# Prints the failures, then "N passed, M failed" (files).
set -u
cd "$(dirname "$0")/../.." || exit 1
SHARED=${SHARED:-../shared}
ZL=${ZONELINT:-./zonelint}
if [ -n "${ZONELINT_ASAN:-}" ] && [ -x "$ZONELINT_ASAN" ]; then
	ZL=$ZONELINT_ASAN
fi
case $ZL in /*) ;; *) ZL=$(pwd)/$ZL ;; esac
if [ ! -x "$ZL" ]; then
	echo "FAIL: $ZL not built"
	echo "0 passed, 1 failed"
	exit 1
fi
TIMEOUT=${NOCRASH_TIMEOUT:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# sanitizer reports end the run with a distinct status and go to stderr.
# Two leaks are inside ldns 1.8.3 itself, on its error paths (the int16 rdf
# ldns_str2rdf_cert_alg() makes, the strings ldns_str2rdf_ipseckey()
# duplicates): they are not zonelint's and are suppressed by name.
printf 'leak:ldns_str2rdf_cert_alg\nleak:ldns_str2rdf_ipseckey\n' >"$tmp/lsan.supp"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=99}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$tmp/lsan.supp:print_suppressions=0:fast_unwind_on_malloc=0}
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

: >"$tmp/files"
if [ -d "$SHARED/corpus" ]; then
	find "$SHARED/corpus" -type f | sort >>"$tmp/files"
else
	echo "note: $SHARED/corpus not found; testdata/ only"
fi
find testdata -type f | sort >>"$tmp/files"

# run VERB FILE [ARGS]: 0 when fine, else prints why
run() {
	verb=$1
	file=$2
	shift 2
	timeout -k 2 "$TIMEOUT" "$ZL" "$verb" --no-config --color never "$@" \
	    "$file" >/dev/null 2>"$tmp/err"
	st=$?
	if [ $st = 124 ] || [ $st = 137 ]; then
		echo "$verb: still running after ${TIMEOUT}s"
		return 1
	fi
	if [ $st -ge 128 ]; then
		echo "$verb: exit $st (signal $((st - 128)))"
		sed -n '1,6p' "$tmp/err"
		return 1
	fi
	if grep -q 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' "$tmp/err"; then
		echo "$verb: sanitizer report (exit $st)"
		grep -m3 'ERROR: \|runtime error:' "$tmp/err"
		return 1
	fi
	return $((st == 2 ? 2 : 0))
}

# one worker: the files of list $1, results to $1.res ("ok" or "FAIL ...")
worker() {
	w=$1
	while IFS= read -r f; do
		: >"$w.why"
		for verb in check fix diff; do
			run "$verb" "$f" >>"$w.why"
			r=$?
			if [ $r = 2 ] && grep -q "origin" "$tmp/err"; then
				run "$verb" "$f" --origin example. >>"$w.why"
				r=$?
			fi
			[ $r = 1 ] && break
		done
		if grep -q . "$w.why"; then
			echo "FAIL $f:"
			sed 's/^/    /' "$w.why"
		else
			echo "ok $f"
		fi
	done <"$w" >"$w.res"
}

# the sanitizer build is slow: one worker per CPU (up to 4)
jobs=${NOCRASH_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -gt 4 ] && jobs=4
[ "$jobs" -lt 1 ] && jobs=1
i=0
while [ $i -lt "$jobs" ]; do
	awk -v n="$jobs" -v k="$i" 'NR % n == k' "$tmp/files" >"$tmp/list$i"
	i=$((i + 1))
done
i=0
while [ $i -lt "$jobs" ]; do
	(
		tmp=$tmp/w$i
		mkdir -p "$tmp"
		worker "$(dirname "$tmp")/list$i"
	) &
	i=$((i + 1))
done
wait
cat "$tmp"/list*.res | grep -v '^ok ' || true
pass=$(cat "$tmp"/list*.res | grep -c '^ok ')
fail=$(cat "$tmp"/list*.res | grep -c '^FAIL ')
echo "corpus-nocrash: $(basename "$ZL"), $((pass + fail)) files, 3 verbs each"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
