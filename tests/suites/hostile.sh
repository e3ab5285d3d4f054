#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile inputs (issue 8): zonelint reads zone files and rule files its
# users do not control. For each input below, check, fix or diff must end
# with the exit status given (a finding is 1, a refusal is 2), say what is
# wrong in words the case names, take under 10 s, print no raw control
# byte, C1 control, bidi override or invalid UTF-8 to the terminal, and,
# under the sanitizer build, trip no ASan/UBSan/LSan report.
#
# Small inputs are files in testdata/hostile/; the big ones (a 10 MB line,
# 100,000 parentheses, a 2 MB YAML file, ...) are made in a temporary
# folder at test time instead of being committed. Every case runs with
# $ZONELINT, and again with $ZONELINT_ASAN when that is set (make check
# sets it). The safe-output cases (escapes.zone) also parse the json and
# sarif output with python3 and look for raw markup in the html.
# Ends with "N passed, M failed"; exits 1 when anything failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# $ZL, $bins, sanitizer options, sanitizer_report()
. "$top/tests/fuzz/suite-env.sh"
H=$top/testdata/hostile
pass=0
fail=0
RAW=0
IN=/dev/null
MEMKB=""
FEED=""
FEEDTO=""
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL: $1"
	fail=$((fail + 1))
}

# Terminal safety of a file: no byte below 0x20 but TAB and LF, no DEL,
# valid UTF-8 only, no C1 control and no bidi override or isolate.
termsafe() {
	python3 - "$1" <<'EOF'
import sys
b = open(sys.argv[1], 'rb').read()
for i, c in enumerate(b):
    if (c < 0x20 and c not in (9, 10)) or c == 0x7f:
        print("raw byte 0x%02x at %d: %r" % (c, i, b[max(0, i - 30):i + 10]))
        sys.exit(1)
try:
    s = b.decode('utf-8')
except UnicodeDecodeError as e:
    print("invalid UTF-8: %s" % e)
    sys.exit(1)
for i, ch in enumerate(s):
    o = ord(ch)
    if 0x80 <= o <= 0x9f or 0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069:
        print("unsafe character U+%04X at %d: %r" % (o, i, s[max(0, i - 30):i + 10]))
        sys.exit(1)
EOF
}

now_ms() {
	t=$(date +%s%N 2>/dev/null)
	case $t in *N) echo $(($(date +%s) * 1000)) ;; *) echo $((t / 1000000)) ;; esac
}

# tcase NAME WANT PATTERN ARGS...: run every binary with ARGS (standard
# input from $IN, /dev/null by default; memory limited to $MEMKB KiB when
# set, so that a case that reads without end cannot take the machine). WANT: exit statuses, "1" or "1|2".
# PATTERN: an ERE that stdout or stderr must match ("" for none).
# RAW=1: stdout is not checked for terminal safety (fix and diff write
# the zone's own bytes, as they must).
tcase() {
	name=$1
	want=$2
	pat=$3
	shift 3
	for b in $bins; do
		tag=$name
		[ "$b" = "$ZL" ] || tag="$name (asan)"
		if [ -n "$FEED" ]; then
			# a writer for the FIFO $FEEDTO, one per run
			(cat "$FEED" >"$FEEDTO") &
			# the writer must wait in open() before zonelint
			# opens the FIFO, which it does without blocking
			sleep 0.3 2>/dev/null || sleep 1
		fi
		t0=$(now_ms)
		if [ -z "$MEMKB" ]; then
			timeout 10 "$b" "$@" <"$IN" >"$tmp/out" 2>"$tmp/err"
		elif [ "$b" = "$ZL" ]; then
			(ulimit -v "$MEMKB" && exec timeout 10 "$b" "$@") \
			    <"$IN" >"$tmp/out" 2>"$tmp/err"
		else
			ASAN_OPTIONS="$ASAN_OPTIONS:hard_rss_limit_mb=$((MEMKB / 1024))" \
			    timeout 10 "$b" "$@" <"$IN" >"$tmp/out" 2>"$tmp/err"
		fi
		st=$?
		t1=$(now_ms)
		[ -z "$FEED" ] || wait
		ms=$((t1 - t0))
		good=1
		if [ $st -eq 124 ]; then
			bad "$tag: did not finish in 10 s"
			continue
		fi
		case "|$want|" in
		*"|$st|"*) ;;
		*) bad "$tag: exit $st, expected $want"
		   good=0 ;;
		esac
		if [ $st -ge 128 ]; then
			bad "$tag: killed by signal $((st - 128))"
			good=0
		fi
		if sanitizer_report "$tmp/err"; then
			bad "$tag: sanitizer report"
			grep -E 'ERROR|SUMMARY|runtime error' "$tmp/err" | head -3 | sed 's/^/    /'
			good=0
		fi
		if [ $ms -ge 10000 ]; then
			bad "$tag: took $ms ms"
			good=0
		fi
		if [ -n "$pat" ] && ! cat "$tmp/out" "$tmp/err" | grep -qE -e "$pat"; then
			bad "$tag: no message matching '$pat'"
			cat "$tmp/out" "$tmp/err" | cut -c1-200 | head -5 | sed 's/^/    /'
			good=0
		fi
		if ! msg=$(termsafe "$tmp/err"); then
			bad "$tag: stderr not terminal-safe: $msg"
			good=0
		fi
		if [ "${RAW:-0}" != 1 ] && ! msg=$(termsafe "$tmp/out"); then
			bad "$tag: stdout not terminal-safe: $msg"
			good=0
		fi
		[ $good = 1 ] && ok
	done
}

mkzone() { # FILE: a small valid zone head
	printf '$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n' >"$1"
}

# ---- empty and binary files, NUL bytes, invalid UTF-8
tcase "empty file" 1 'holds no records' check --no-config --origin example.com "$H/empty.zone"
tcase "comments only" 1 'holds no records' check --no-config --origin example.com "$H/comments-only.zone"
tcase "NUL bytes" 1 'NUL byte' check --no-config "$H/nul.zone"
RAW=1
tcase "NUL bytes: fix" '0|1' '' fix --no-config "$H/nul.zone"
RAW=0
RAW=1
tcase "NUL bytes: diff" '0|1' '' diff --no-config "$H/nul.zone"
RAW=0
awk 'BEGIN { for (r = 0; r < 64; r++) for (i = 0; i < 256; i++) printf "%c", (i * 7 + r) % 256 }' \
    </dev/null >"$tmp/binary.zone"
head -c 65536 "$ZL" >"$tmp/elf.zone"
tcase "binary file" 1 'zone-syntax' check --no-config --origin example.com "$tmp/binary.zone"
tcase "binary file: text" 1 'zone-syntax' check --no-config --format text --origin example.com "$tmp/elf.zone"
tcase "binary file: fix" '0|1' '' fix --no-config --origin example.com -o "$tmp/elf.fixed" "$tmp/elf.zone"
RAW=1
tcase "binary file: diff" '0|1' '' diff --no-config --origin example.com "$tmp/elf.zone"
RAW=0
tcase "invalid UTF-8" 1 'non-ASCII' check --no-config --format text "$H/badutf8.zone"

# ---- long lines and entries (made here: megabytes are not committed)
mkzone "$tmp/longline.zone"
{ printf 'big IN TXT "'; head -c 10000000 /dev/zero | tr '\0' 'a'; printf '"\n'; } >>"$tmp/longline.zone"
mkzone "$tmp/longcomment.zone"
{ printf '; '; head -c 10000000 /dev/zero | tr '\0' 'c'; printf '\nx IN A 192.0.2.2\n'; } >>"$tmp/longcomment.zone"
mkzone "$tmp/longentry.zone"
{ printf 'big IN TXT (\n'; i=0; while [ $i -lt 2000 ]; do
	printf '"abcdefghij"\n"abcdefghij"\n"abcdefghij"\n"abcdefghij"\n"abcdefghij"\n'
	i=$((i + 1)); done; printf ')\n'; } >>"$tmp/longentry.zone"
tcase "10 MB line" 1 'txt-string-too-long' check --no-config "$tmp/longline.zone"
tcase "10 MB line: text" 1 'txt-string-too-long' check --no-config --format text "$tmp/longline.zone"
RAW=1
tcase "10 MB line: fix" '0|1' '' fix --no-config -o "$tmp/longline.fixed" "$tmp/longline.zone"
RAW=0
RAW=1
tcase "10 MB line: diff" 1 '' diff --no-config "$tmp/longline.zone"
RAW=0
tcase "10 MB comment" 0 '' check --no-config --format text "$tmp/longcomment.zone"
tcase "10,000-line entry" 1 'a record holds at most 65535' check --no-config "$tmp/longentry.zone"

# ---- $GENERATE: a few kilobytes must not become millions of records
mkzone "$tmp/generate.zone"
printf '$GENERATE 1-4294967295 h$ A 192.0.2.1\n' >>"$tmp/generate.zone"
tcase "\$GENERATE of 4 billion" 1 'GENERATE' check --no-config "$tmp/generate.zone"
mkzone "$tmp/generate-many.zone"
i=0
while [ $i -lt 200 ]; do
	printf '$GENERATE 1-65535 h%d-$ A 192.0.2.1\n' $i
	i=$((i + 1))
done >>"$tmp/generate-many.zone"
MEMKB=2097152
tcase "200 x \$GENERATE of 65535 (7 KB file)" 1 'GENERATE' check --no-config "$tmp/generate-many.zone"
MEMKB=""

# ---- parentheses and quotes
tcase "unclosed (" 1 "unclosed '\\('" check --no-config "$H/parens-unclosed.zone"
tcase "extra )" 1 "'\\)' without a matching" check --no-config "$H/parens-extra.zone"
tcase "nested (" 1 "nested '\\(|unclosed '\\(" check --no-config "$H/parens-nested.zone"
mkzone "$tmp/parens.zone"
{ printf 'x IN TXT '; head -c 100000 /dev/zero | tr '\0' '('; printf ' "a" '
  head -c 100000 /dev/zero | tr '\0' ')'; printf '\n'; } >>"$tmp/parens.zone"
tcase "100,000 nested (" 1 "nested '\\('" check --no-config "$tmp/parens.zone"
mkzone "$tmp/closers.zone"
{ head -c 100000 /dev/zero | tr '\0' ')'; printf '\n'; } >>"$tmp/closers.zone"
tcase "100,000 )" 1 "'\\)' without a matching" check --no-config "$tmp/closers.zone"
tcase "quote open at EOF" 1 'not closed' check --no-config "$H/quote-eof.zone"
RAW=1
tcase "quote open at EOF: fix" '0|1' '' fix --no-config "$H/quote-eof.zone"
RAW=0

# ---- names
tcase "label over 63" 1 'label longer than 63' check --no-config "$H/names.zone"
tcase "name over 255" 1 'name longer than 255' check --no-config "$H/names.zone"

# ---- $INCLUDE: loops, depth, outside the folder, devices
tcase "include loop" 1 'INCLUDE loop' check --no-config "$H/include-loop/a.zone"
tcase "include itself" 1 'INCLUDE loop' check --no-config "$H/include-loop/self.zone"
mkdir -p "$tmp/deep"
mkzone "$tmp/deep/deep.zone"
echo '$INCLUDE d1.inc' >>"$tmp/deep/deep.zone"
i=1
while [ $i -le 20 ]; do
	printf 'h%d IN A 192.0.2.1\n$INCLUDE d%d.inc\n' $i $((i + 1)) >"$tmp/deep/d$i.inc"
	i=$((i + 1))
done
tcase "include depth over 16" 1 'nested deeper than 16' check --no-config "$tmp/deep/deep.zone"
tcase "include outside" 1 "'../secret.inc' is outside the zone's folder" \
    check --no-config "$H/include-outside/zone/db.example.com"
tcase "include outside: symlink" 1 "'link.inc' is outside the zone's folder" \
    check --no-config "$H/include-outside/zone/db.example.com"
tcase "include outside: absolute" 1 "'/etc/passwd' is outside the zone's folder" \
    check --no-config "$H/include-outside/zone/db.example.com"
tcase "include outside: allowed" 1 'passwd' \
    check --no-config --allow-include-outside "$H/include-outside/zone/db.example.com"
tcase "include /dev/zero" 1 "'/dev/zero'" \
    check --no-config --allow-include-outside "$H/include-outside/zone/devices.zone"
tcase "include a folder" 1 "'/tmp'" \
    check --no-config --allow-include-outside "$H/include-outside/zone/devices.zone"
mkzone "$tmp/fifo.zone"
echo '$INCLUDE fifo.inc' >>"$tmp/fifo.zone"
if mkfifo "$tmp/fifo.inc" 2>/dev/null; then
	tcase "include a FIFO nobody writes" '0|1' '' check --no-config "$tmp/fifo.zone"
fi

# ---- files that are not zone files
tcase "a folder" 2 'folder' check --no-config "$tmp"
tcase "/dev/null" 2 'device|not a regular file' check --no-config --origin example.com /dev/null
tcase "/dev/zero" 2 'device|not a regular file' check --no-config --origin example.com /dev/zero
tcase "/dev/zero: fix" 2 'device|not a regular file' fix --no-config --origin example.com /dev/zero
tcase "missing file" 2 'No such file' check --no-config /nonexistent/db.example.com
if mkfifo "$tmp/zone.fifo" 2>/dev/null; then
	# a FIFO with no writer reads as empty; with a writer it is read
	tcase "FIFO, no writer" '1|2' 'holds no records|FIFO|pipe' check --no-config --origin example.com "$tmp/zone.fifo"
	mkzone "$tmp/fed.zone"
	FEED=$tmp/fed.zone
	FEEDTO=$tmp/zone.fifo
	tcase "FIFO with a writer" 0 '' check --no-config --origin example.com "$tmp/zone.fifo"
	FEED=""
fi
IN=/dev/zero
MEMKB=1048576
tcase "standard input from /dev/zero" 2 'device|not a zone file|refus' \
    check --no-config --origin example.com -
IN=/dev/null
MEMKB=""

# ---- rule files: alias bombs, huge and deep documents, devices, FIFOs
mkzone "$tmp/ok.zone"
tcase "YAML alias bomb" 2 'alias' check --no-config --profile "$H/yaml-bomb.yaml" "$tmp/ok.zone"
{ echo 'profile: huge'; echo 'summary: x'; echo 'source: y'; echo 'rules:'
  i=0; while [ $i -lt 3000 ]; do
	printf '  - id: r%d\n    require: true\n    owner: "^%0600d$"\n    type: TXT\n' $i $i
	i=$((i + 1)); done; } >"$tmp/huge.yaml"
tcase "YAML over 1 MiB" 2 'larger than' check --no-config --profile "$tmp/huge.yaml" "$tmp/ok.zone"
{ echo 'profile: nodes'; echo 'x:'; i=0
  while [ $i -lt 1100 ]; do
	echo '  - [a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a]'
	i=$((i + 1)); done; } >"$tmp/nodes.yaml"
tcase "YAML with 110,000 nodes" 2 'YAML nodes' check --no-config --profile "$tmp/nodes.yaml" "$tmp/ok.zone"
{ head -c 200000 /dev/zero | tr '\0' '['; head -c 200000 /dev/zero | tr '\0' ']'; echo; } >"$tmp/deep.yaml"
tcase "YAML nested 200,000 deep" 2 'nested deeper' check --no-config --profile "$tmp/deep.yaml" "$tmp/ok.zone"
{ printf 'a: '; i=0; while [ $i -lt 2000 ]; do printf '{b: '; i=$((i + 1)); done
  printf '1'; i=0; while [ $i -lt 2000 ]; do printf '}'; i=$((i + 1)); done; echo; } >"$tmp/deepmap.yaml"
tcase "YAML mappings 2,000 deep" 2 'nested deeper' check --no-config --profile "$tmp/deepmap.yaml" "$tmp/ok.zone"
tcase "profile /dev/zero" 2 'device' check --no-config --profile /dev/zero "$tmp/ok.zone"
tcase "profile a folder" 2 'folder' check --no-config --profile "$tmp" "$tmp/ok.zone"
if mkfifo "$tmp/profile.fifo" 2>/dev/null; then
	tcase "profile a FIFO nobody writes" 2 'empty file' check --no-config --profile "$tmp/profile.fifo" "$tmp/ok.zone"
fi
printf 'profile: [unclosed\n' >"$tmp/syntax.yaml"
tcase "profile YAML syntax" 2 'syntax.yaml:[0-9]+:[0-9]+' check --no-config --profile "$tmp/syntax.yaml" "$tmp/ok.zone"

# ---- PCRE2 limits: catastrophic patterns over many records
mkzone "$tmp/regex.zone"
k=1
while [ $k -le 40 ]; do
	o=$(head -c $k /dev/zero | tr '\0' 'a')
	j=0
	while [ $j -lt 50 ]; do
		printf '%s IN TXT "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa%d!"\n' "$o" $j
		j=$((j + 1))
	done
	k=$((k + 1))
done >>"$tmp/regex.zone"
tcase "PCRE2 match limit, 2,000 records" 1 'PCRE2 match limit' \
    check --no-config --profile "$H/regex-catastrophic.yaml" "$tmp/regex.zone"

# ---- safe output: escapes, CR, bidi, invalid UTF-8 in every format
for f in text gcc github; do
	tcase "escapes: $f" 1 '\\027' check --no-config --format $f "$H/escapes.zone"
done
RAW=1
tcase "escapes: fix" '0|1' '' fix --no-config "$H/escapes.zone"
RAW=0
RAW=1
tcase "escapes: diff" 1 '' diff --no-config "$H/escapes.zone"
RAW=0
for f in json jsonl sarif html; do
	"$ZL" check --no-config --format $f "$H/escapes.zone" >"$tmp/esc.$f" 2>"$tmp/esc.err"
	st=$?
	[ $st = 1 ] || { bad "escapes: $f: exit $st"; continue; }
	case $f in
	json|sarif|jsonl)
		if msg=$(python3 - "$tmp/esc.$f" "$f" <<'EOF'
import json, sys
raw = open(sys.argv[1], 'rb').read()
docs = [json.loads(l) for l in raw.splitlines() if l.strip()] if sys.argv[2] == 'jsonl' \
    else [json.loads(raw)]
# the ESC of the zone must come back as the character, escaped in the text
if b'\x1b' in raw:
    print("raw ESC byte in the output"); sys.exit(1)
def strings(o):
    if isinstance(o, dict):
        for v in o.values(): yield from strings(v)
    elif isinstance(o, list):
        for v in o: yield from strings(v)
    elif isinstance(o, str):
        yield o
if sys.argv[2] != 'sarif' and not any('\x1b' in s for d in docs for s in strings(d)):
    print("no string holds the ESC of the zone data"); sys.exit(1)
EOF
		); then ok; else bad "escapes: $f: $msg"; fi ;;
	html)
		if grep -q '<script>alert' "$tmp/esc.html"; then
			bad "escapes: html holds the zone's markup raw"
		elif ! grep -q '&lt;script&gt;alert' "$tmp/esc.html"; then
			bad "escapes: html does not show the zone's markup escaped"
		elif ! msg=$(termsafe "$tmp/esc.html"); then
			bad "escapes: html: $msg"
		else
			ok
		fi ;;
	esac
done

echo "hostile: $pass passed, $fail failed"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
