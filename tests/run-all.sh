#!/bin/sh
# SPDX-License-Identifier: MIT
# Everything `make check` runs, in order. Each suite prints its own
# "N passed, M failed" line; this script ends with the totals and fails
# when any suite failed. Suites that read ../shared skip with a message
# when it is not there (a user's clone has no ../shared).
set -u
cd "$(dirname "$0")/.."
failed=""
npass=0
nfail=0
run() { # name command...
	name=$1
	shift
	echo "== $name"
	if "$@"; then
		echo "-- $name: ok"
		npass=$((npass + 1))
	else
		echo "-- $name: FAILED"
		failed="$failed $name"
		nfail=$((nfail + 1))
	fi
}
SHARED=${ZONELINT_SHARED:-../shared}
export SHARED
run unit sh tests/run-unit.sh ${UNIT_DIR:-build}/tests/test_*
run golden sh tests/golden.sh
if ls "${UNIT_DIR:-build}"/asan/tests/test_* >/dev/null 2>&1; then
	run unit-asan env ASAN_OPTIONS=detect_leaks=1 \
	    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    sh tests/run-unit.sh "${UNIT_DIR:-build}"/asan/tests/test_*
fi
if [ -n "${ZONELINT_ASAN:-}" ] && [ -x "${ZONELINT_ASAN}" ]; then
	# the same cases under ASan+UBSan: any report makes the binary fail
	run golden-asan env ASAN_OPTIONS=detect_leaks=1 \
	    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    ZONELINT="$ZONELINT_ASAN" sh tests/golden.sh
fi
for t in tests/suites/*.sh; do
	[ -f "$t" ] || continue
	run "$(basename "$t" .sh)" sh "$t"
done
for t in tests/conformance/*.py; do
	[ -f "$t" ] || continue
	run "conformance-$(basename "$t" .py)" python3 "$t"
done
if [ -z "$failed" ]; then
	echo "make check: all suites passed"
else
	echo "make check: FAILED:$failed"
fi
echo "suites: $npass passed, $nfail failed"
[ -z "$failed" ]
