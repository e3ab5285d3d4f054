#!/bin/sh
# SPDX-License-Identifier: MIT
# The HTML report in a real browser: headless Chromium (Debian's chromium
# package) opens a report made from the format zones plus two hostile ones
# (markup in a file name and in zone data), and
#   - the zones table has one row per zone, built by the page's script
#   - the chart has a bar for every rule with findings
#   - nothing from the zones became markup: two <script> elements, no <img>
#   - the console stays empty (no script error, no blocked network load)
#   - a #filter= link filters the table
#   - a screenshot is taken and is not blank
# A page with a deliberate script error shows the console check can fail.
# Skips (exit 0) when chromium is not installed. KEEP=DIR keeps the page
# and the screenshot there.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZONELINT:-$top/zonelint}
case $ZL in /*) ;; *) ZL=$top/$ZL ;; esac
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL: $*"
	fail=$((fail + 1))
}

browser=
for b in chromium chromium-browser google-chrome; do
	if command -v $b >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
if [ -z "$browser" ]; then
	echo "SKIP: chromium not installed (apt-get install chromium); HTML not tested in a browser"
	echo "0 passed, 0 failed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# the zones: the format goldens' zones, a file name with markup, a finding
# whose source line holds markup and a script end tag
mkdir -p "$tmp/z"
cp "$top/testdata/format/mail.zone" "$top/testdata/format/broken.zone" \
    "$top/testdata/format/clean.zone" "$tmp/z/"
evil='<img src=x onerror=alert(1)>.zone'
cat >"$tmp/z/$evil" <<'EOF'
$ORIGIN example.info.
$TTL 3600
@	IN SOA ns1.example.info. hostmaster.example.info. ( 2026010101 3600 900 1209600 300 )
	IN NS ns1.example.info.
ns1	IN A 192.0.2.1
www.example.info	IN A 192.0.2.9 ; </script><script>alert(2)</script><img src=y onerror=alert(3)>
EOF
nzones=4
(cd "$tmp/z" && "$ZL" check --no-config --select zone --format html -j2 \
    mail.zone broken.zone clean.zone "$evil") >"$tmp/report.html" 2>"$tmp/err"
st=$?
[ $st = 1 ] && ok || bad "check --format html exited $st: $(head -3 "$tmp/err")"

run_browser() { # url dom-out log-out [extra args]
	url=$1
	out=$2
	log=$3
	shift 3
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --no-default-browser-check \
	    --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 \
	    "$@" "$url" >"$out" 2>"$log"
}

# ---- the DOM after the script ran
run_browser "file://$tmp/report.html" "$tmp/dom.html" "$tmp/log" --dump-dom
[ -s "$tmp/dom.html" ] && ok || bad "no DOM from $browser: $(grep -v dbus "$tmp/log" | head -3)"
python3 - "$tmp/dom.html" "$nzones" >"$tmp/domcheck" 2>&1 <<'EOF'
import sys
from html.parser import HTMLParser

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
        self.rows = 0
        self.rects = 0
        self.bars = 0
        self.scripts = 0
        self.imgs = 0
        self.ready = None
        self.shown = ""
        self.in_shown = False
        self.in_tbody = False
        self.rule_texts = 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.ready = a.get("data-zonelint-rows")
        if tag == "tbody":
            self.in_tbody = True
        if tag == "tr" and self.in_tbody:
            self.rows += 1
        if tag == "rect":
            self.rects += 1
        if tag == "g" and a.get("class") == "bar":
            self.bars += 1
        if tag == "script":
            self.scripts += 1
        if tag == "img":
            self.imgs += 1
        if a.get("id") == "shown":
            self.in_shown = True
    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_tbody = False
        if tag == "span":
            self.in_shown = False
    def handle_data(self, data):
        if self.in_shown:
            self.shown += data

p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
n = int(sys.argv[2])
errs = []
if p.ready != str(n):
    errs.append("data-zonelint-rows is %r, expected %d (did the script run?)" % (p.ready, n))
if p.rows != n:
    errs.append("%d table rows, expected %d" % (p.rows, n))
if p.shown.strip() != "%d of %d zones" % (n, n):
    errs.append("#shown says %r" % p.shown)
if p.bars != 3 or p.rects < 3:
    errs.append("chart: %d bars, %d rects; expected 3 rules" % (p.bars, p.rects))
if p.scripts != 2:
    errs.append("%d <script> elements, expected 2: zone data became markup" % p.scripts)
if p.imgs != 0:
    errs.append("%d <img> elements: zone data became markup" % p.imgs)
for e in errs:
    print(e)
sys.exit(1 if errs else 0)
EOF
if [ $? = 0 ]; then ok; else bad "DOM: $(cat "$tmp/domcheck")"; fi
grep -q 'onerror=alert(1)&gt;.zone' "$tmp/dom.html" && ok ||
    bad "the hostile file name is not shown as text"
if grep 'CONSOLE' "$tmp/log" >"$tmp/console"; then
	bad "console messages: $(head -3 "$tmp/console")"
else
	ok
fi

# ---- a #filter= link
run_browser "file://$tmp/report.html#filter=broken" "$tmp/dom2.html" "$tmp/log2" --dump-dom
grep -q '<span id="shown">1 of 4 zones</span>' "$tmp/dom2.html" && ok ||
    bad "#filter=broken does not leave 1 of 4 zones: $(grep -o '<span id="shown">[^<]*' "$tmp/dom2.html")"
grep -q 'CONSOLE' "$tmp/log2" && bad "console messages with #filter" || ok

# ---- the console check can fail: a page with a script error
printf '<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>\n' \
    >"$tmp/error.html"
run_browser "file://$tmp/error.html" "$tmp/dom3.html" "$tmp/log3" --dump-dom
grep -q 'CONSOLE.*Uncaught' "$tmp/log3" && ok ||
    bad "a script error does not show in the browser log; the console check is blind"

# ---- the screenshot
run_browser "file://$tmp/report.html" "$tmp/shot.out" "$tmp/log4" \
    --hide-scrollbars --window-size=1280,1800 --screenshot="$tmp/shot.png"
if [ -s "$tmp/shot.png" ]; then
	python3 - "$tmp/shot.png" >"$tmp/pngcheck" 2>&1 <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w, h = 8, b"", 0, 0
while pos < len(data):
    n, t = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if t == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), "unexpected PNG type"
    elif t == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = 4 if ctype == 6 else 3
stride = w * bpp + 1
colors = set()
prev = bytearray(w * bpp)
for y in range(h):
    f = raw[y * stride]
    line = bytearray(raw[y * stride + 1:(y + 1) * stride])
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
            line[i] = (line[i] + pr) & 255
    prev = line
    if y % 8 == 0:
        for x in range(0, w, 4):
            colors.add(bytes(line[x * bpp:x * bpp + 3]))
print("%dx%d, %d colours" % (w, h, len(colors)))
# the severity colours of the cards and the chart must be there
want = {"error": (0xb7, 0x1c, 0x1c), "info": (0x0d, 0x47, 0xa1)}
missing = [k for k, v in want.items() if bytes(v) not in colors]
assert w == 1280 and h == 1800, "size"
assert len(colors) >= 20, "too few colours: blank page?"
assert not missing, "colours not drawn: %s" % missing
EOF
	if [ $? = 0 ]; then ok; else bad "screenshot: $(tail -2 "$tmp/pngcheck")"; fi
else
	bad "no screenshot: $(grep -v dbus "$tmp/log4" | head -3)"
fi
if [ -n "${KEEP:-}" ]; then
	mkdir -p "$KEEP"
	cp "$tmp/report.html" "$tmp/dom.html" "$KEEP/" 2>/dev/null
	cp "$tmp/shot.png" "$KEEP/" 2>/dev/null
	echo "kept the page and the screenshot in $KEEP"
fi
echo "html: $pass passed, $fail failed"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
