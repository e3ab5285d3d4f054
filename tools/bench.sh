#!/bin/sh
# SPDX-License-Identifier: MIT
# make bench: zonelint's speed and memory next to the other zone checkers.
#
# Zones of about 10k, 100k and 1M records come from tools/genzone.py (and,
# when ../shared exists, the shared generator's 385000-name zone, the one
# the project's bars are set on). Each tool checks each zone RUNS times
# (default 3); the table shows the median wall time and the median peak
# RSS, as /usr/bin/time reports them. Then the ratios and whether the bars
# hold:
#   time    zonelint check <= 1/2 of kzonecheck's wall time
#   memory  zonelint's peak RSS < 2 x the zone file's size
#   linear  zonelint's time on 1M records <= 120 x its time on 10k records
# This is a measurement, not a test: it never fails because of a bar.
#
# Environment: ZONELINT (default ./zonelint), SHARED (default ../shared),
# RUNS (default 3), BENCH_OUT (default bench-out, git-ignored),
# BENCH_SIZES (default "10000 100000 1000000").
set -u
cd "$(dirname "$0")/.." || exit 1
ZL=${ZONELINT:-./zonelint}
SHARED=${SHARED:-../shared}
RUNS=${RUNS:-3}
OUT=${BENCH_OUT:-bench-out}
SIZES=${BENCH_SIZES:-"10000 100000 1000000"}
ORIGIN=example.com.
TIME=/usr/bin/time

if [ ! -x "$ZL" ]; then
	echo "bench: $ZL not built (run make)" >&2
	exit 2
fi
if [ ! -x "$TIME" ]; then
	echo "bench: $TIME missing (apt-get install time)" >&2
	exit 2
fi
mkdir -p "$OUT"

# ---- zones (kept between runs; remade when the generator changes)
stamp=$(cksum <tools/genzone.py | cut -d' ' -f1)
zones=""
for n in $SIZES; do
	z=$OUT/gen-$n.zone
	if [ ! -s "$z" ] || [ "$(cat "$z.stamp" 2>/dev/null)" != "$stamp" ]; then
		echo "bench: generating $z" >&2
		python3 tools/genzone.py "$n" >"$z.tmp" 2>/dev/null &&
		    mv "$z.tmp" "$z" && echo "$stamp" >"$z.stamp"
	fi
	zones="$zones $z"
done
if [ -f "$SHARED/bench/genzone.py" ]; then
	z=$OUT/shared-385000.zone
	sstamp=$(cksum <"$SHARED/bench/genzone.py" | cut -d' ' -f1)
	if [ ! -s "$z" ] || [ "$(cat "$z.stamp" 2>/dev/null)" != "$sstamp" ]; then
		echo "bench: generating $z" >&2
		python3 "$SHARED/bench/genzone.py" 385000 1 >"$z.tmp" 2>/dev/null &&
		    mv "$z.tmp" "$z" && echo "$sstamp" >"$z.stamp"
	fi
	zones="$zones $z"
fi

# ---- measuring
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

median() { # numbers on stdin, one per line
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# measure LABEL ZONE COMMAND...: prints "secs kb status" (medians)
measure() {
	: >"$tmp/t"
	: >"$tmp/m"
	st=0
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(date +%s%N)
		$TIME -f '%M' -o "$tmp/one" "$@" >/dev/null 2>"$tmp/err"
		st=$?
		t1=$(date +%s%N)
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }' >>"$tmp/t"
		tail -1 "$tmp/one" >>"$tmp/m"
		i=$((i + 1))
	done
	echo "$(median <"$tmp/t") $(median <"$tmp/m") $st"
}

records_of() { # records zonelint counts in a zone
	"$ZL" check -q --format json --select zone-syntax "$1" 2>/dev/null |
	    sed -n 's/.*"records": *\([0-9]*\).*/\1/p' | head -1
}

have() { command -v "$1" >/dev/null 2>&1; }

"$ZL" check -q --no-config --select zone-syntax \
    "$OUT/gen-$(echo "$SIZES" | awk '{ print $1 }').zone" >/dev/null 2>"$tmp/err"
if [ $? -ge 2 ]; then
	echo "bench: $ZL cannot check a zone: $(head -1 "$tmp/err")" >&2
	exit 2
fi
echo "bench: $ZL, $(nproc 2>/dev/null || echo '?') CPUs, load average$(uptime | sed 's/.*load average//')"
printf '%-24s %-22s %9s %10s %9s %9s  %s\n' tool zone records "file MB" \
    "wall s" "RSS MB" "exit"
results=$tmp/results
: >"$results"
for z in $zones; do
	bytes=$(wc -c <"$z")
	mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
	recs=$(records_of "$z")
	for tool in zonelint zonelint-zone kzonecheck validns named-checkzone; do
		case $tool in
		zonelint) set -- "$ZL" check -q --no-config "$z" ;;
		zonelint-zone) set -- "$ZL" check -q --no-config --select zone "$z" ;;
		kzonecheck) have kzonecheck || continue
			set -- kzonecheck -o "$ORIGIN" "$z" ;;
		validns) have validns || continue
			set -- validns -z "$ORIGIN" "$z" ;;
		named-checkzone) have named-checkzone || continue
			set -- named-checkzone -i local "$ORIGIN" "$z" ;;
		esac
		r=$(measure "$@")
		secs=${r%% *}
		rest=${r#* }
		kb=${rest%% *}
		st=${rest#* }
		printf '%-24s %-22s %9s %10s %9s %9.1f  %s\n' "$tool" \
		    "$(basename "$z")" "${recs:-?}" "$mb" "$secs" \
		    "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')" "$st"
		echo "$(basename "$z") $tool $secs $kb $bytes" >>"$results"
	done
done

# ---- ratios and bars
echo
get() { # zone tool field(3 secs, 4 kb, 5 bytes)
	awk -v z="$1" -v t="$2" -v f="$3" '$1 == z && $2 == t { print $f }' "$results"
}
printf '%-22s %14s %16s  %s\n' zone "zl/kzonecheck" "zl RSS/file" bars
for z in $zones; do
	b=$(basename "$z")
	zs=$(get "$b" zonelint 3)
	zk=$(get "$b" zonelint 4)
	bytes=$(get "$b" zonelint 5)
	ks=$(get "$b" kzonecheck 3)
	awk -v zs="$zs" -v ks="${ks:-0}" -v zk="$zk" -v nb="$bytes" -v z="$b" 'BEGIN {
		tr = "n/a"
		tb = "time n/a"
		if (ks > 0) {
			tr = sprintf("%.2f", zs / ks)
			tb = "TIME BAR MISSED"
			if (zs <= ks / 2)
				tb = "time ok"
		}
		mr = zk * 1024 / nb
		mm = "MEMORY BAR MISSED"
		if (mr < 2)
			mm = "memory ok"
		if (nb < 10485760)
			mm = mm " (small file: libraries dominate)"
		printf "%-22s %14s %16.2f  %s, %s\n", z, tr, mr, tb, mm
	}'
done
# what each rule family adds, on the largest zone (one run each)
last=""
for z in $zones; do last=$z; done
if [ -n "$last" ]; then
	echo
	echo "rule families on $(basename "$last") (zonelint check --select FAMILY, 1 run):"
	printf '%-10s %9s %9s\n' family "wall s" "RSS MB"
	runs=$RUNS
	RUNS=1
	for fam in zone spf dkim dmarc vendor; do
		r=$(measure "$ZL" check -q --no-config --select "$fam" "$last")
		printf '%-10s %9s %9.1f\n' "$fam" "${r%% *}" \
		    "$(echo "$r" | awk '{ print $2 / 1024 }')"
	done
	RUNS=$runs
fi

small=$(echo "$SIZES" | awk '{ print $1 }')
large=$(echo "$SIZES" | awk '{ print $NF }')
s1=$(get "gen-$small.zone" zonelint 3)
s2=$(get "gen-$large.zone" zonelint 3)
if [ -n "$s1" ] && [ -n "$s2" ] && [ "$small" != "$large" ]; then
	awk -v a="$s1" -v b="$s2" -v n1="$small" -v n2="$large" 'BEGIN {
		if (a <= 0) a = 0.005
		r = b / a
		printf "linearity: %s records %.2fs / %s records %.2fs = %.0fx (bar <= 120x for 100x the records): %s\n",
		    n2, b, n1, a, r, r <= 120 ? "ok" : "BAR MISSED"
	}'
fi
