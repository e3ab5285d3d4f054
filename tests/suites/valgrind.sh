#!/bin/sh
# SPDX-License-Identifier: MIT
# valgrind memcheck over the golden cases (issue 8): check, fix and diff of
# every testdata/rules/*/bad.zone and good.zone, with the case's .args, on
# the normal binary ($ZONELINT). Any invalid read or write, use of an
# uninitialised value, or definite or indirect leak fails the case
# (--error-exitcode=99); leaks inside libldns itself are suppressed
# (tests/fuzz/valgrind.supp). Runs as many cases at once as there are
# cores. Skips with a message when valgrind is not installed.
# Ends with "N passed, M failed"; exits 1 when anything failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZONELINT:-$top/zonelint}
case $ZL in /*) ;; *) ZL=$top/$ZL ;; esac
cd "$top" || exit 1
if ! command -v valgrind >/dev/null 2>&1; then
	echo "SKIP: valgrind not installed (apt-get install valgrind)"
	echo "0 passed, 0 failed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)

# one line per run: verb, folder, zone
for zone in testdata/rules/*/bad.zone testdata/rules/*/good.zone; do
	[ -f "$zone" ] || continue
	for verb in check fix diff; do
		echo "$verb $(dirname "$zone") $(basename "$zone")"
	done
done >"$tmp/jobs"

# run VERB DIR ZONE: one valgrind run; writes $tmp/res/<n>.fail on failure
cat >"$tmp/run.sh" <<'EOS'
verb=$1; dir=$2; zone=$3; zl=$4; tmp=$5; supp=$6
base=${zone%.zone}
id=$(echo "$dir/$zone.$verb" | tr '/' '_')
args=""
[ -f "$dir/$base.args" ] && args=$(cat "$dir/$base.args")
case $args in *expect-exit-2*) args=$(echo "$args" | sed 's/--expect-exit-2//') ;; esac
# shellcheck disable=SC2086
(cd "$dir" && valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    --suppressions="$supp" --log-file="$tmp/$id.log" \
    "$zl" $verb --no-config --color never $args "$zone") >/dev/null 2>"$tmp/$id.err"
st=$?
if [ $st -eq 99 ] || [ $st -ge 128 ] || [ -s "$tmp/$id.log" ]; then
	{ echo "FAIL $dir/$zone: $verb: exit $st"; head -30 "$tmp/$id.log"; } >"$tmp/res/$id.fail"
else
	: >"$tmp/res/$id.ok"
fi
EOS
mkdir -p "$tmp/res"
# shellcheck disable=SC2016
xargs -P "$jobs" -L 1 sh -c 'sh "$0" "$1" "$2" "$3" "$4" "$5" "$6"' "$tmp/run.sh" \
    <"$(sed "s|\$| $ZL $tmp $top/tests/fuzz/valgrind.supp|" "$tmp/jobs" >"$tmp/jobs2"; echo "$tmp/jobs2")"
pass=$(find "$tmp/res" -name '*.ok' | wc -l)
fail=$(find "$tmp/res" -name '*.fail' | wc -l)
for f in "$tmp/res"/*.fail; do
	[ -f "$f" ] && cat "$f"
done
total=$(wc -l <"$tmp/jobs")
if [ $((pass + fail)) -ne "$total" ]; then
	echo "FAIL: only $((pass + fail)) of $total runs reported"
	fail=$((fail + total - pass - fail))
fi
echo "valgrind: $pass passed, $fail failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
