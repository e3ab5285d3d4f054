#!/bin/sh
# SPDX-License-Identifier: MIT
# Batch benchmark (issue 7): a folder of many small zones, as an export of
# a DNS hosting account looks, checked by
#   zonelint check -r -j N   (N = the number of cores, and -j 1)
#   a shell loop of named-checkzone, one process per zone
#   a shell loop of kzonecheck, one process per zone
# and a table of wall times and ratios. Not a test: nothing fails.
#
#   sh tools/bench-batch.sh                 10,000 zones
#   ZONES=1000 sh tools/bench-batch.sh      fewer
#   ZONELINT=./zl-x KEEP=1 sh tools/bench-batch.sh
#
# The zones are generated with python3 from a fixed seed, so every run
# and every machine checks the same bytes.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
ZL=${ZONELINT:-$top/zonelint}
case $ZL in /*) ;; *) ZL=$top/$ZL ;; esac
n=${ZONES:-10000}
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if [ ! -x "$ZL" ]; then
	echo "bench-batch: no zonelint at $ZL (make first)" >&2
	exit 1
fi
echo "generating $n zones in $tmp/export ..."
python3 - "$tmp/export" "$n" >"$tmp/list" <<'EOF'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(20261129)
# one real 2048-bit RSA public key for every zone (made once with openssl)
key = ("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAso6Xy6wIVDnvSeKw4DgVGEO0fxnUs/Bn3V"
       "bYxny5JQDkYoZ2JcFsTgvl01gzPhGKCIUnCD7U/J199f+WhI5pRMMMZ2iPzha0A/umTWoEKujAPKaZO"
       "/eYCpGvCHmfCb2Dw9KrIIwOz8zGN0X36Z26EfR5U9AiDvcrlvFmWgw5r7KXae76xKEnLJjTXGEJyDdS"
       "uxjqqbBtpbFYUwgSYjeq0T+X8v4yLSL/HdUOJtKD6sB4Ud/usEtwvcaBko+vSxIaUVKEBGggO4ABpMr"
       "og5JBJkkeuVXt5U3xq6K86QDzcPMrj00aSbAmyhMCr8Y2Dg7XyeH4oS9BP+TfzzzesblwKQIDAQAB")
for i in range(n):
    origin = "customer%05d.example" % i
    d = os.path.join(root, "%03d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "db." + origin)
    lines = [
        "$ORIGIN %s." % origin,
        "$TTL 3600",
        "@\tIN SOA ns1.%s. hostmaster.%s. ( %d 3600 900 1209600 300 )" % (origin, origin, 2026010100 + i % 100),
        "\tIN NS ns1.%s." % origin,
        "\tIN NS ns2.%s." % origin,
        "ns1\tIN A 192.0.2.%d" % (1 + i % 250),
        "ns2\tIN A 198.51.100.%d" % (1 + i % 250),
        "@\tIN A 203.0.113.%d" % (1 + i % 250),
        "www\tIN CNAME @",
        "@\tIN MX 10 mail",
        "mail\tIN A 203.0.113.%d" % (1 + (i * 7) % 250),
        "@\tIN TXT \"v=spf1 mx include:_spf.example.net %s\"" % rnd.choice(["-all", "~all", "?all"]),
        "sel1._domainkey\tIN TXT ( \"v=DKIM1; k=rsa; p=%s\"\n\t\"%s\" )" % (key[:200], key[200:]),
        "_dmarc\tIN TXT \"v=DMARC1; p=%s; rua=mailto:dmarc@%s\"" % (rnd.choice(["none", "quarantine", "reject"]), origin),
    ]
    for k in range(rnd.randint(2, 12)):
        lines.append("host%d\tIN A 192.0.2.%d" % (k, rnd.randint(1, 254)))
    if i % 17 == 0:
        lines.append("@\tIN TXT \"v=spf1 -all\"")          # a second SPF record
    if i % 23 == 0:
        lines.append("ftp.%s\tIN A 192.0.2.9" % origin)     # no trailing dot
    open(path, "w").write("\n".join(lines) + "\n")
    print(origin, path)
EOF
records=$("$ZL" check --no-config -q --summary -r --format gcc "$tmp/export" 2>&1 >/dev/null |
    sed -n 's/^zonelint: [0-9]* files, \([0-9]*\) records.*/\1/p')
echo "$n zones, ${records:-?} records"
records=${records:-0}

now() { date +%s.%N; }
# run NAME COMMAND...: wall time in $tmp/NAME.t, output discarded
run() {
	name=$1
	shift
	t0=$(now)
	"$@" >/dev/null 2>"$tmp/$name.err"
	st=$?
	t1=$(now)
	echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }' >"$tmp/$name.t"
	echo "  $name: $(cat "$tmp/$name.t") s"
	if [ $st -ge 2 ]; then
		echo "bench-batch: '$*' failed (exit $st): $(head -2 "$tmp/$name.err")" >&2
		exit 1
	fi
}
loop_named() {
	while read -r origin path; do
		named-checkzone -q "$origin" "$path"
	done <"$tmp/list"
	return 0
}
loop_knot() {
	while read -r origin path; do
		kzonecheck -o "$origin" "$path"
	done <"$tmp/list"
	return 0
}

echo "timing (output discarded) ..."
run zlj "$ZL" check --no-config -q -r -j "$jobs" --format gcc "$tmp/export"
run zl1 "$ZL" check --no-config -q -r -j 1 --format gcc "$tmp/export"
tools="zlj zl1"
if command -v named-checkzone >/dev/null 2>&1; then
	run named loop_named
	tools="$tools named"
else
	echo "  named-checkzone not installed (bind9-utils): skipped"
fi
if command -v kzonecheck >/dev/null 2>&1; then
	run knot loop_knot
	tools="$tools knot"
else
	echo "  kzonecheck not installed (knot-dnssecutils): skipped"
fi

echo
printf '%-36s %8s %10s %10s %12s\n' "checker ($n zones)" "wall s" "zones/s" "records/s" "x zonelint"
base=$(cat "$tmp/zlj.t")
for t in $tools; do
	case $t in
	zlj) label="zonelint check -r -j $jobs" ;;
	zl1) label="zonelint check -r -j 1" ;;
	named) label="named-checkzone, one per zone" ;;
	knot) label="kzonecheck, one per zone" ;;
	esac
	awk -v l="$label" -v w="$(cat "$tmp/$t.t")" -v n="$n" -v r="$records" -v b="$base" \
	    'BEGIN { if (w <= 0) w = 0.001; if (b <= 0) b = 0.001;
		printf "%-36s %8.2f %10.0f %10.0f %11.1fx\n", l, w, n / w, r / w, w / b }'
done
echo
echo "zonelint ran every rule of the baseline (SPF, DKIM, DMARC, zone) and the"
echo "cross-zone pass; named-checkzone and kzonecheck check zone syntax and"
echo "semantics only. Cores: $jobs."
