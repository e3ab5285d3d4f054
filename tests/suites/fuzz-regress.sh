#!/bin/sh
# SPDX-License-Identifier: MIT
# Replays every input the fuzzers found (testdata/fuzz/<target>/*, see
# tests/fuzz/run.sh) through the command line: $ZONELINT, and also
# $ZONELINT_ASAN when it is set (make check sets it). Each run must end
# with an exit status below 128 (0, 1 or 2), within 10 s, and without an
# ASan, UBSan or LSan report.
#
# How an input becomes a run depends on its target:
#   zone, fix   the bytes are a zone file: check, fix and diff of
#               <tmp>/db.example.com (the name the fuzzers load it under)
#   spf, dkim,  the bytes are one TXT value: put, escaped, in a zone at the
#   dmarc       apex, sel._domainkey or _dmarc, then check, fix and diff
#   profile     the bytes are a rule file: --profile FILE and --config FILE
#   diff        the part before the first NUL is the old zone and the rest
#               the new one: both are diffed
#   report      the bytes are JSON lines: zonelint report in each format
# FUZZ_REPLAY=1 also builds the fuzz targets (clang) and runs each input
# through its own target, which checks the targets' invariants too.
# Ends with "N passed, M failed"; exits 1 when anything failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# $ZL, $bins, sanitizer options, sanitizer_report()
. "$top/tests/fuzz/suite-env.sh"
cd "$top" || exit 1
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

bad() {
	echo "FAIL: $1"
	fail=$((fail + 1))
}

# zl NAME ARGS...: every binary; exit < 128, < 10 s, no sanitizer report
zl() {
	zname=$1
	shift
	for b in $bins; do
		tag=$zname
		[ "$b" = "$ZL" ] || tag="$zname (asan)"
		(cd "$tmp/w" && timeout 10 "$b" "$@") </dev/null >"$tmp/out" 2>"$tmp/err"
		st=$?
		if [ $st -eq 124 ]; then
			bad "$tag: did not finish in 10 s"
		elif [ $st -ge 128 ]; then
			bad "$tag: killed by signal $((st - 128))"
			grep -E 'ERROR|SUMMARY|#[0-9] ' "$tmp/err" | head -6 | sed 's/^/    /'
		elif sanitizer_report "$tmp/err"; then
			bad "$tag: sanitizer report"
			grep -E 'ERROR|SUMMARY|runtime error|#[0-9] ' "$tmp/err" | head -6 | sed 's/^/    /'
		else
			pass=$((pass + 1))
		fi
	done
}

# txt_zone FILE OWNER VALUE-FILE: a zone holding the bytes as one TXT record
txt_zone() {
	python3 - "$1" "$2" "$3" <<'EOF'
import sys
out, owner, vf = sys.argv[1], sys.argv[2], sys.argv[3]
v = open(vf, 'rb').read()
def esc(b):
    return ''.join(chr(c) if 0x21 <= c <= 0x7e and c not in b'"\\;()'
                   else ' ' if c == 0x20 else '\\%03d' % c for c in b)
parts = ['"%s"' % esc(v[i:i + 255]) for i in range(0, len(v), 255)] or ['""']
with open(out, 'w') as f:
    f.write('$ORIGIN example.com.\n$TTL 300\n'
            '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n'
            '@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN MX 10 ns1\n')
    f.write('%s IN TXT ( %s )\n' % (owner, '\n\t'.join(parts)))
EOF
}

fresh() {
	rm -rf "$tmp/w"
	mkdir -p "$tmp/w"
	# what the fuzzers' private folder holds, for $INCLUDE inc.zone
	printf '$TTL 300\ninc TXT "v=spf1 include:_spf.example.net -all"\n' >"$tmp/w/inc.zone"
	printf '$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n' \
	    >"$tmp/w/ok.zone"
}

n=0
for f in testdata/fuzz/*/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	t=$(basename "$(dirname "$f")")
	name="$t/$(basename "$f")"
	fresh
	case $t in
	zone|fix)
		cp "$f" "$tmp/w/db.example.com"
		for v in check fix diff; do
			zl "$name: $v" $v --no-config db.example.com
		done ;;
	spf|dkim|dmarc)
		case $t in spf) o=@ ;; dkim) o=sel._domainkey ;; dmarc) o=_dmarc ;; esac
		txt_zone "$tmp/w/db.example.com" "$o" "$f"
		for v in check fix diff; do
			zl "$name: $v" $v --no-config db.example.com
		done ;;
	profile)
		cp "$f" "$tmp/w/p.yaml"
		zl "$name: --profile" check --no-config --profile ./p.yaml ok.zone
		zl "$name: --config" check --config ./p.yaml ok.zone
		zl "$name: fix --profile" fix --no-config --profile ./p.yaml ok.zone ;;
	report)
		cp "$f" "$tmp/w/shard.jsonl"
		for fmt in text json sarif html; do
			zl "$name: report --format $fmt" report --format $fmt shard.jsonl
		done ;;
	diff)
		python3 - "$f" "$tmp/w" <<'EOF'
import sys
d = open(sys.argv[1], 'rb').read()
i = d.find(b'\0')
a, b = (d[:i], d[i + 1:]) if i >= 0 else (d[:len(d) // 2], d[len(d) // 2:])
open(sys.argv[2] + '/old.zone', 'wb').write(a)
open(sys.argv[2] + '/new.zone', 'wb').write(b)
EOF
		for z in old.zone new.zone; do
			zl "$name: $z diff" diff --no-config --origin example.com $z
		done ;;
	*)
		bad "$name: no target '$t' (tests/fuzz/fuzz_$t.c)" ;;
	esac
done

if [ "${FUZZ_REPLAY:-0}" = 1 ]; then
	fo=${FUZZ_OUT:-build-fuzz}
	for d in testdata/fuzz/*/; do
		t=$(basename "$d")
		[ -n "$(ls "$d")" ] || continue
		if ! make -s -f tests/fuzz/fuzz.mk FO="$fo" "$fo/fuzz_$t" >"$tmp/mk" 2>&1; then
			bad "fuzz_$t: build failed: $(tail -3 "$tmp/mk")"
			continue
		fi
		for f in "$d"*; do
			if timeout 60 "$fo/fuzz_$t" "$f" >"$tmp/out" 2>&1; then
				pass=$((pass + 1))
			else
				bad "fuzz_$t $(basename "$f"): the target still fails"
				grep -E 'ERROR|SUMMARY|invariant' "$tmp/out" | head -3 | sed 's/^/    /'
			fi
		done
	done
fi

echo "fuzz-regress: $n inputs; $pass passed, $fail failed"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
