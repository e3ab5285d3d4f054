#!/bin/sh
# SPDX-License-Identifier: MIT
# `make fuzz`: build the libFuzzer targets (tests/fuzz/fuzz_<name>.c, with
# clang, ASan and UBSan, objects in $FUZZ_OUT) and run each for a bounded
# time, seeded from ../shared/corpus (when present), testdata/ and the
# regression inputs under testdata/fuzz/<name>/.
#
#   sh tests/fuzz/run.sh [TARGET...]     default: every target
#
#   FUZZ_SECONDS=60   time per target          FUZZ_OUT=build-fuzz
#   FUZZ_ARGS=...     more libFuzzer options    ZONELINT_SHARED=../shared
#   FUZZ_SRC=src      library sources to build the targets from
#
# The corpus each run grows is kept in $FUZZ_OUT/corpus/<name> for the next
# run. A crash, hang (-timeout=10), leak or memory blow-up
# (-rss_limit_mb=2048) is saved in $FUZZ_OUT/artifacts/<name>/; minimise
# it (-minimize_crash=1), fix the bug and add the input as a regression file
# testdata/fuzz/<name>/<what>, which tests/suites/fuzz-regress.sh replays.
# Prints executions and findings per target; exits 1 when anything was
# found, 2 when the targets cannot be built.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
FO=${FUZZ_OUT:-build-fuzz}
SECS=${FUZZ_SECONDS:-60}
SHARED=${ZONELINT_SHARED:-${SHARED:-../shared}}
FCC=${FUZZ_CC:-clang}

if ! command -v "$FCC" >/dev/null 2>&1; then
	echo "fuzz: '$FCC' not found; libFuzzer needs clang (apt-get install clang libclang-rt-14-dev)" >&2
	exit 2
fi
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
    >"$probe/p.c"
if ! "$FCC" -fsanitize=fuzzer,address,undefined -o "$probe/p" "$probe/p.c" \
    >"$probe/log" 2>&1; then
	echo "fuzz: '$FCC' cannot link a libFuzzer target (apt-get install libclang-rt-14-dev):" >&2
	sed 's/^/    /' "$probe/log" | head -5 >&2
	rm -rf "$probe"
	exit 2
fi
rm -rf "$probe"

targets=${*:-$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c | sed 's/^fuzz_//'; done)}
bins=""
for t in $targets; do
	[ -f "tests/fuzz/fuzz_$t.c" ] || { echo "fuzz: no target '$t'" >&2; exit 2; }
	bins="$bins $FO/fuzz_$t"
done
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
# shellcheck disable=SC2086
if ! make -s -j"$jobs" -f tests/fuzz/fuzz.mk FO="$FO" FCC="$FCC" \
    FSRC="${FUZZ_SRC:-src}" $bins; then
	echo "fuzz: build failed" >&2
	exit 2
fi

# ---- seeds: one file per value, from the corpus tables and trees
seed_tsv() { # dir tsv...: the first column of every row
	dir=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] || continue
		awk -F '\t' -v d="$dir" -v b="$(basename "$f")" '
		    /^#/ || NF < 1 || $1 == "" { next }
		    { fn = sprintf("%s/%s-%d", d, b, NR); printf "%s", $1 > fn; close(fn) }' "$f"
	done
}
seed_grep() { # dir pattern file...: each match of an ERE, one file each
	dir=$1
	pat=$2
	shift 2
	i=0
	for f in "$@"; do
		[ -f "$f" ] || continue
		grep -ohE "$pat" "$f" 2>/dev/null | head -500 | while IFS= read -r v; do
			i=$((i + 1))
			printf '%s' "$v" >"$dir/$(basename "$f")-$i"
		done
	done
}
seed_files() { # dir file...: copies (at most 1 MiB each)
	dir=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] || continue
		[ "$(wc -c <"$f")" -le 1048576 ] || continue
		cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
	done
}

make_seeds() { # target dir
	t=$1
	d=$2
	rm -rf "$d"
	mkdir -p "$d"
	case $t in
	zone|fix)
		seed_files "$d" $(find testdata -type f \( -name '*.zone' -o -name '*.fixed' \
		    -o -path 'testdata/examples/*' \) -not -path 'testdata/fuzz/*' 2>/dev/null)
		[ -d "$SHARED/corpus/zones" ] &&
		    seed_files "$d" $(find "$SHARED/corpus/zones" -type f 2>/dev/null) \
		    $(find "$SHARED/corpus/dmarc" -type f -name '*.zone' 2>/dev/null)
		;;
	spf)
		seed_tsv "$d" "$SHARED/corpus/spf/spf-record-cases.tsv"
		seed_grep "$d" 'v=spf1[^"]*' $(find "$SHARED/corpus/spf" -type f 2>/dev/null) \
		    $(find testdata/rules -name '*.zone' -path '*spf*' 2>/dev/null)
		;;
	dkim)
		seed_tsv "$d" "$SHARED/corpus/dkim/dkim-cases.tsv"
		seed_grep "$d" 'v=DKIM1[^"]*' $(find testdata/rules -name '*.zone' \
		    -path '*dkim*' 2>/dev/null)
		;;
	dmarc)
		seed_tsv "$d" "$SHARED/corpus/dmarc/dmarc-cases.tsv" \
		    "$SHARED/corpus/dmarc/mail-dmarc-tag-values.tsv"
		seed_grep "$d" 'v=DMARC1[^"]*' $(find testdata/rules -name '*.zone' \
		    -path '*dmarc*' 2>/dev/null)
		;;
	profile)
		seed_files "$d" rules/*.yaml $(find testdata -name '*.yaml' \
		    -not -path 'testdata/hostile/*' 2>/dev/null)
		;;
	report)
		seed_files "$d" testdata/format/expected.json testdata/format/expected.jsonl
		;;
	diff)
		# old and new text: a zone and its fixed form, NUL between
		for z in $(find testdata/rules -name bad.fixed 2>/dev/null); do
			{ cat "${z%.fixed}.zone"; printf '\0'; cat "$z"; } \
			    >"$d/$(echo "$z" | tr '/' '_')"
		done
		;;
	esac
	[ -d "testdata/fuzz/$t" ] && seed_files "$d" $(find "testdata/fuzz/$t" -type f)
	# an empty seed folder is fine: libFuzzer starts from nothing
	:
}

dict_of() {
	case $1 in
	zone|fix|diff) echo tests/fuzz/zone.dict ;;
	*) echo "tests/fuzz/$1.dict" ;;
	esac
}

# Leaks inside libldns itself are not zonelint's (see the file).
LSAN_OPTIONS=suppressions=$top/tests/fuzz/lsan-fuzz.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}
ASAN_OPTIONS=${ASAN_OPTIONS:-}
export LSAN_OPTIONS ASAN_OPTIONS
found=0
summary=""
for t in $targets; do
	corpus=$FO/corpus/$t
	seeds=$FO/seeds/$t
	art=$FO/artifacts/$t
	log=$FO/log-$t.txt
	mkdir -p "$corpus" "$art"
	make_seeds "$t" "$seeds"
	dict=$(dict_of "$t")
	dopt=""
	[ -f "$dict" ] && dopt="-dict=$dict"
	maxlen=""
	case $t in zone|fix|diff) maxlen="-max_len=8192" ;; profile|report) maxlen="-max_len=16384" ;; esac
	before=$(find "$art" -type f | wc -l)
	echo "== fuzz_$t: $SECS s, seeds $(find "$seeds" -type f | wc -l), corpus $(find "$corpus" -type f | wc -l)"
	t0=$(date +%s)
	# shellcheck disable=SC2086
	"$FO/fuzz_$t" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$art/" $dopt $maxlen \
	    ${FUZZ_ARGS:-} "$corpus" "$seeds" </dev/null >"$log" 2>&1
	st=$?
	took=$(($(date +%s) - t0))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	[ -n "$execs" ] || execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
	after=$(find "$art" -type f | wc -l)
	new=$((after - before))
	if [ "$st" -ne 0 ] || [ "$new" -gt 0 ]; then
		found=1
		echo "   FOUND: exit $st; $new new artifact(s) in $art/"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz invariant failed)' "$log" | head -5 | sed 's/^/     /'
	fi
	line="fuzz_$t: ${execs:-?} executions in $took s, $new finding(s)"
	echo "   $line"
	summary="$summary
$line"
done
echo "== fuzz summary:$summary"
exit $found
