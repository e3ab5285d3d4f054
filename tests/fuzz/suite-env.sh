# SPDX-License-Identifier: MIT
# Sourced by the hardening suites (tests/suites/hostile.sh,
# fuzz-regress.sh), after they set $top: the binaries to run ($ZONELINT,
# and $ZONELINT_ASAN when it is set, as make check does) in $ZL and $bins,
# the sanitizer options (leak checking on; leaks inside libldns itself are
# not zonelint's, see lsan.supp), and sanitizer_report FILE, true when
# FILE holds an ASan, LSan or UBSan report.
ZL=${ZONELINT:-$top/zonelint}
case $ZL in /*) ;; *) ZL=$top/$ZL ;; esac
bins=$ZL
if [ -n "${ZONELINT_ASAN:-}" ]; then
	za=$ZONELINT_ASAN
	case $za in /*) ;; *) za=$top/$za ;; esac
	[ -x "$za" ] && bins="$bins $za"
fi
ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}
LSAN_OPTIONS=suppressions=$top/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS

sanitizer_report() {
	grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer' "$1"
}
