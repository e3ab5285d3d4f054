#!/bin/sh
# SPDX-License-Identifier: MIT
# Batch audits and integrations (issue 7):
#   - golden outputs of the sarif, github, jsonl, json and html formats
#     (testdata/format/expected.*, compared byte for byte; UPDATE=1
#     rewrites them: read the diff before keeping it)
#   - the SARIF validated against the SARIF 2.1.0 schema (tests/sarif/)
#   - -j 1 and -j 4 give byte-identical reports, whatever the format
#   - an unreadable file is reported, exit 2, the other files still checked
#   - `zonelint report` over jsonl shards gives what one run gives
#   - cross-zone checks (DMARC report authorization) within one run
#   - -r with --include/--exclude; the summary and progress on stderr
#   - the plain git pre-commit hook with real commits, and the hooks of
#     .pre-commit-hooks.yaml under the pre-commit framework (when installed)
# Ends with "N passed, M failed"; exit 1 when anything failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZONELINT:-$top/zonelint}
case $ZL in /*) ;; *) ZL=$top/$ZL ;; esac
pass=0
fail=0
skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL: $*"
	fail=$((fail + 1))
}
skip() {
	echo "SKIP: $*"
	skipped=$((skipped + 1))
}
# same NAME FILE1 FILE2: the files are byte for byte the same
same() {
	if cmp -s "$2" "$3"; then
		ok
	else
		bad "$1"
		diff -u "$2" "$3" | head -20
	fi
}
# has NAME FILE PATTERN: grep -q
has() {
	if grep -q -e "$3" "$2"; then ok; else bad "$1: no '$3' in $(basename "$2")"; fi
}
hasnt() {
	if grep -q -e "$3" "$2"; then bad "$1: '$3' in $(basename "$2")"; else ok; fi
}
status_is() { # name expected actual
	if [ "$2" = "$3" ]; then ok; else bad "$1: exit status $3, expected $2"; fi
}

if [ ! -x "$ZL" ]; then
	echo "integrations: no zonelint binary at $ZL (make first)"
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- 1. golden outputs of the formats
fmtdir=$top/testdata/format
for f in sarif github jsonl json html; do
	(cd "$fmtdir" && "$ZL" check --no-config --select zone --color never -j1 \
	    --format $f mail.zone broken.zone clean.zone) >"$tmp/out.$f" 2>"$tmp/err.$f"
	st=$?
	status_is "format $f" 1 $st
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/out.$f" "$fmtdir/expected.$f"
		echo "updated testdata/format/expected.$f"
	fi
	if [ -f "$fmtdir/expected.$f" ]; then
		same "format $f: differs from testdata/format/expected.$f" \
		    "$fmtdir/expected.$f" "$tmp/out.$f"
	else
		bad "format $f: testdata/format/expected.$f missing (UPDATE=1 makes it)"
	fi
done
# what the goldens must show, whatever they hold today
has "github" "$tmp/out.github" '^::error file=broken.zone,line=6,col=10,'
has "github" "$tmp/out.github" '^::warning file=mail.zone,line=6,col=12,'
has "jsonl" "$tmp/out.jsonl" '"path": "clean.zone", "origin": "example.net.", "records": 4, "diagnostics": \[\]}'
[ "$(wc -l <"$tmp/out.jsonl")" -eq 3 ] && ok || bad "jsonl: not one line per zone"
has "json is ASCII" "$tmp/out.json" 'caf\\u00e9 \\u202eevil\\u202c'
has "json" "$tmp/out.json" '"summary": {"files": 3, "records": 17, "error": 4, "warning": 3, "info": 0}}'
hasnt "html escapes" "$tmp/out.html" '<b>&amp;</b>'
has "html escapes" "$tmp/out.html" '&lt;b&gt;&amp;amp;&lt;/b&gt;'
has "html shows bidi controls" "$tmp/out.html" '<span class="ctl">\\u202E</span>'
hasnt "html has no remote resources" "$tmp/out.html" 'src="http\|href="http\|url(http\|@import'

# ---- 2. SARIF: schema and content
if command -v python3 >/dev/null 2>&1; then
	if python3 "$top/tests/sarif/validate.py" "$top/tests/sarif/sarif-schema-2.1.0.json" \
	    "$tmp/out.sarif" >"$tmp/val" 2>&1; then ok; else bad "SARIF not valid: $(head -5 "$tmp/val")"; fi
	# the validator catches errors (a test that can fail)
	python3 - "$tmp/out.sarif" "$tmp/broken.sarif" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["runs"][0]["results"][0]
r["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
r["level"] = "fatal"
json.dump(d, open(sys.argv[2], "w"))
EOF
	if python3 "$top/tests/sarif/validate.py" "$top/tests/sarif/sarif-schema-2.1.0.json" \
	    "$tmp/broken.sarif" >"$tmp/val" 2>&1; then
		bad "the SARIF validator accepts a broken log"
	else
		ok
	fi
	if python3 - "$tmp/out.sarif" "$fmtdir/mail.zone" >"$tmp/sarif-check" 2>&1 <<'EOF'
import json, sys
log = json.load(open(sys.argv[1]))
run = log["runs"][0]
errs = []
def need(cond, what):
    if not cond:
        errs.append(what)
need(log["version"] == "2.1.0", "version")
need(run["columnKind"] in ("unicodeCodePoints", "utf16CodeUnits"), "columnKind")
rules = run["tool"]["driver"]["rules"]
ids = [r["id"] for r in rules]
need(len(ids) == len(set(ids)), "rules listed twice")
for r in rules:
    need(r["shortDescription"]["text"] and "\n" not in r["shortDescription"]["text"],
         "short description of " + r["id"])
    need(r["help"]["text"].startswith(r["shortDescription"]["text"]), "help of " + r["id"])
fps = set()
src = open(sys.argv[2], "rb").read()
for res in run["results"]:
    need(ids[res["ruleIndex"]] == res["ruleId"], "ruleIndex of " + res["ruleId"])
    fp = res["partialFingerprints"]["zonelint/v1"]
    need(fp not in fps, "fingerprint repeated: " + fp)
    fps.add(fp)
    loc = res["locations"][0]["physicalLocation"]
    reg = loc["region"]
    if loc["artifactLocation"]["uri"] == "mail.zone":
        # the code-point columns agree with the bytes
        line_start = src.rfind(b"\n", 0, reg["byteOffset"]) + 1
        col = len(src[line_start:reg["byteOffset"]].decode("utf-8", "replace")) + 1
        need(reg["startColumn"] == col, "startColumn %d, expected %d" % (reg["startColumn"], col))
        need(src.count(b"\n", 0, reg["byteOffset"]) + 1 == reg["startLine"], "startLine")
    if res["ruleId"] == "txt-string-too-long":
        fx = res.get("fixes")
        need(fx and fx[0]["artifactChanges"][0]["replacements"], "fix of txt-string-too-long")
# line 10 has "café 😀" before the long string: 25 bytes in, 21 code points
need(any(r["locations"][0]["physicalLocation"]["region"]["startLine"] == 10 and
         r["locations"][0]["physicalLocation"]["region"]["startColumn"] == 21
         for r in run["results"]), "code-point column on line 10")
# applying the fixes of the SARIF gives the fixed zone
edits = []
for res in run["results"]:
    for fx in res.get("fixes", []):
        if fx["properties"]["applicability"] != "safe":
            continue
        for ch in fx["artifactChanges"]:
            if ch["artifactLocation"]["uri"] != "mail.zone":
                continue
            for rp in ch["replacements"]:
                d = rp["deletedRegion"]
                edits.append((d["byteOffset"], d["byteLength"], rp["insertedContent"]["text"]))
out = src
for off, ln, text in sorted(edits, reverse=True):
    out = out[:off] + text.encode() + out[off + ln:]
need(out == open(sys.argv[2][:-5] + ".fixed", "rb").read(), "SARIF fixes do not give mail.fixed")
for e in errs:
    print(e)
sys.exit(1 if errs else 0)
EOF
	then ok; else bad "SARIF content: $(head -5 "$tmp/sarif-check")"; fi
else
	skip "python3 missing: SARIF not validated"
fi

# ---- a batch of zones for the rest
mkdir -p "$tmp/batch"
python3 - "$tmp/batch" <<'EOF'
import os, sys
root = sys.argv[1]
soa = "@\tIN SOA ns1.{o} hostmaster.{o} ( 2026010101 3600 900 1209600 300 )\n\tIN NS ns1.{o}\nns1\tIN A 192.0.2.1\n"
kinds = [
    "@\tIN MX 10 mail\nmail\tIN A 192.0.2.25\n@\tIN TXT \"v=spf1 mx -all\"\n_dmarc\tIN TXT \"v=DMARC1; p=reject; rua=mailto:d@{o}\"\n",
    "www.{n}\tIN A 192.0.2.80\n",
    "@\tIN TXT \"v=spf1 ~all\"\n@\tIN TXT \"v=spf1 -all\"\n",
    "sel._domainkey\tIN TXT \"v=DKIM1; p=" + "A" * 300 + "\"\n",
    "www\tIN A 300.1.2.3\n",
    "_dmarc\tIN TXT \"v=DMARC1; p=none; rua=mailto:agg@reports.example.net\"\n",
    "",
]
names = ["db.z%d.example", "z%d.example.zone", "z%d.example.db"]
for i in range(90):
    d = os.path.join(root, ["a", "b/c", "b", "d/e/f"][i % 4])
    os.makedirs(d, exist_ok=True)
    o = "z%d.example." % i
    body = "$ORIGIN %s\n$TTL 3600\n" % o + soa.format(o=o) + kinds[i % len(kinds)].format(o=o, n=o[:-1])
    open(os.path.join(d, names[i % 3] % i), "w").write(body)
# the zone the reports go to
os.makedirs(os.path.join(root, "r"), exist_ok=True)
o = "reports.example.net."
open(os.path.join(root, "r", "reports.example.net.zone"), "w").write(
    "$ORIGIN %s\n$TTL 3600\n" % o + soa.format(o=o) +
    "z5.example._report._dmarc\tIN TXT \"v=DMARC1\"\n")
# not zone files, hidden folders
open(os.path.join(root, "a", "README"), "w").write("not a zone\n")
open(os.path.join(root, "a", "notes.txt"), "w").write("not a zone\n")
os.makedirs(os.path.join(root, ".git"), exist_ok=True)
open(os.path.join(root, ".git", "db.hidden"), "w").write("$ORIGIN hidden.\n")
EOF
batch=$tmp/batch

# ---- 3. -j 1 and -j 4: the same bytes; the same status
for f in text gcc json jsonl sarif github html; do
	"$ZL" check --no-config -r --color never -j1 --format $f "$batch" >"$tmp/j1.$f" 2>"$tmp/j1.err"
	s1=$?
	"$ZL" check --no-config -r --color never -j4 --format $f "$batch" >"$tmp/j4.$f" 2>"$tmp/j4.err"
	s4=$?
	same "-j1 and -j4 differ (--format $f)" "$tmp/j1.$f" "$tmp/j4.$f"
	status_is "-j4 --format $f" $s1 $s4
done
n=$(grep -c '"path"' "$tmp/j1.jsonl")
[ "$n" -eq 91 ] && ok || bad "-r found $n zone files, expected 91"
hasnt "-r skips hidden folders" "$tmp/j1.jsonl" 'db.hidden'
hasnt "-r skips other files" "$tmp/j1.jsonl" 'README\|notes.txt'
python3 "$top/tests/sarif/validate.py" "$top/tests/sarif/sarif-schema-2.1.0.json" \
    "$tmp/j4.sarif" >"$tmp/val" 2>&1 && ok || bad "batch SARIF not valid: $(head -3 "$tmp/val")"
# every worker count gives the same; more workers than files too
"$ZL" check --no-config -r -j3 --format gcc "$batch" >"$tmp/j3.gcc" 2>/dev/null
same "-j3 differs" "$tmp/j1.gcc" "$tmp/j3.gcc"
"$ZL" check --no-config -j16 --format gcc "$batch/a/db.z0.example" "$batch/b/c/z1.example.zone" \
    >"$tmp/j16.gcc" 2>/dev/null
"$ZL" check --no-config -j1 --format gcc "$batch/a/db.z0.example" "$batch/b/c/z1.example.zone" \
    >"$tmp/j1b.gcc" 2>/dev/null
same "-j16 on 2 files differs" "$tmp/j1b.gcc" "$tmp/j16.gcc"

# ---- 4. an unreadable file: reported, exit 2, the others still checked
ln -s "$tmp/nowhere.zone" "$tmp/dangling.zone"
"$ZL" check --no-config -j4 --format gcc "$batch/a/db.z0.example" "$tmp/missing.zone" \
    "$tmp/dangling.zone" "$batch/b/c/z1.example.zone" >"$tmp/unr.out" 2>"$tmp/unr.err"
status_is "unreadable file" 2 $?
has "unreadable file named" "$tmp/unr.err" "missing.zone"
has "dangling link named" "$tmp/unr.err" "dangling.zone"
same "the other files are still checked" "$tmp/j1b.gcc" "$tmp/unr.out"
# a worker that dies (here: killed while it reads a FIFO) costs only its file
if command -v mkfifo >/dev/null 2>&1 && [ -d /proc/self/fd ]; then
	fifo=$tmp/blocked.zone
	mkfifo "$fifo"
	"$ZL" check --no-config --select zone --format gcc -j2 "$fifo" \
	    "$batch/a/db.z0.example" "$batch/b/c/z1.example.zone" >"$tmp/wd.out" 2>"$tmp/wd.err" &
	zpid=$!
	exec 3>"$fifo"          # returns once a worker has opened it
	killed=0
	for d in /proc/[0-9]*; do
		# children of zonelint (field 4 of stat) with the FIFO open
		[ "$(cut -d' ' -f4 "$d/stat" 2>/dev/null)" = "$zpid" ] || continue
		if ls -l "$d/fd" 2>/dev/null | grep -q "$fifo"; then
			kill -9 "${d#/proc/}" && killed=1
		fi
	done
	exec 3>&-
	wait $zpid
	st=$?
	[ $killed = 1 ] && ok || bad "no worker had the FIFO open"
	status_is "a worker killed" 2 $st
	has "a worker killed: the file is named" "$tmp/wd.err" "blocked.zone: internal error: .*signal 9"
	"$ZL" check --no-config --select zone --format gcc -j1 "$batch/a/db.z0.example" \
	    "$batch/b/c/z1.example.zone" >"$tmp/wd.ref" 2>/dev/null
	[ -s "$tmp/wd.ref" ] || bad "no reference output for the worker test"
	same "a worker killed: the other files are still checked" "$tmp/wd.ref" "$tmp/wd.out"
else
	skip "mkfifo or /proc missing: worker death not tested"
fi
"$ZL" check --no-config "$batch" >/dev/null 2>"$tmp/dir.err"
status_is "a folder without -r" 2 $?
has "a folder without -r" "$tmp/dir.err" "use -r"

# ---- 5. report: shards give what one run gives. Each shard is run with
# --context on the whole batch, so cross-zone checks see what one run sees.
find "$batch" -type f \( -name 'db.*' -o -name '*.zone' -o -name '*.db' \) ! -path '*/.git/*' |
    LC_ALL=C sort >"$tmp/all.list"
split -n l/3 "$tmp/all.list" "$tmp/shard."
for s in "$tmp"/shard.a?; do
	# shellcheck disable=SC2046
	"$ZL" check --no-config -j2 --format jsonl --context "$batch" $(cat "$s") \
	    >"$s.jsonl" 2>/dev/null
done
# shellcheck disable=SC2046
set -- $(cat "$tmp/all.list")
for f in json jsonl sarif html; do
	"$ZL" check --no-config -j2 --format $f "$@" >"$tmp/one.$f" 2>/dev/null
	st1=$?
	"$ZL" report --format $f "$tmp"/shard.a?.jsonl >"$tmp/rep.$f" 2>"$tmp/rep.err"
	st2=$?
	same "report --format $f over shards differs from one run" "$tmp/one.$f" "$tmp/rep.$f"
	status_is "report --format $f" $st1 $st2
done
"$ZL" check --no-config -q --summary "$@" >/dev/null 2>"$tmp/one.summary"
"$ZL" report "$tmp"/shard.a?.jsonl >"$tmp/rep.summary" 2>/dev/null
same "report summary over shards differs from one run's --summary" "$tmp/one.summary" "$tmp/rep.summary"
has "summary counts" "$tmp/rep.summary" "^zonelint: 91 files, "
has "summary by rule" "$tmp/rep.summary" "findings by rule"
has "summary worst zones" "$tmp/rep.summary" "zones with findings"
# a whole --format json report is read too
"$ZL" report --format jsonl "$tmp/one.json" >"$tmp/fromjson.jsonl" 2>/dev/null
same "report reads --format json" "$tmp/one.jsonl" "$tmp/fromjson.jsonl"
# bad input: file:line:col, exit 2
printf '{"path": "x", "origin": "x.", "records": 1, "diagnostics": [],}\n' >"$tmp/bad.jsonl"
"$ZL" report "$tmp/bad.jsonl" >/dev/null 2>"$tmp/bad.err"
status_is "report on bad JSON" 2 $?
has "report on bad JSON" "$tmp/bad.err" "bad.jsonl:1:.*trailing comma"
printf '{"path": "x", "origin": "x.", "records": -1, "diagnostics": []}\n' >"$tmp/bad2.jsonl"
"$ZL" report "$tmp/bad2.jsonl" >/dev/null 2>"$tmp/bad2.err"
status_is "report on a bad field" 2 $?
has "report on a bad field" "$tmp/bad2.err" "'records'"

# ---- 6. cross-zone checks work within one run
z5=$(grep '/z5\.example' "$tmp/all.list")
rz=$batch/r/reports.example.net.zone
z12=$(grep '/db\.z12\.example' "$tmp/all.list")
"$ZL" check --no-config --select dmarc-external-reports --format gcc "$z5" >"$tmp/x1" 2>/dev/null
has "alone: another organization" "$tmp/x1" "note: .*\[dmarc-external-reports\]"
"$ZL" check --no-config --select dmarc-external-reports --format gcc -j4 "$z5" "$rz" >"$tmp/x2" 2>/dev/null
hasnt "authorized in the run" "$tmp/x2" "dmarc-external-reports"
sed 's/^z5\.example\._report/z99.example._report/' "$rz" >"$tmp/reports.example.net.zone"
"$ZL" check --no-config --select dmarc-external-reports --format gcc -j4 "$z5" \
    "$tmp/reports.example.net.zone" >"$tmp/x3" 2>/dev/null
has "not authorized in the run" "$tmp/x3" "error: .*\[dmarc-external-reports\]"
"$ZL" check --no-config --select dmarc-external-reports --format gcc -j1 "$z5" \
    "$tmp/reports.example.net.zone" >"$tmp/x4" 2>/dev/null
same "cross-zone -j1/-j4" "$tmp/x3" "$tmp/x4"
[ -n "$z12" ] || bad "batch layout changed"

# ---- 7. -r with --include / --exclude
"$ZL" check --no-config -r --format jsonl --include '*.zone' "$batch" >"$tmp/inc" 2>/dev/null
n=$(grep -c '"path"' "$tmp/inc")
hasnt "--include replaces the defaults" "$tmp/inc" '"path": "[^"]*/db\.'
[ "$n" -eq 31 ] && ok || bad "--include '*.zone' found $n files, expected 31"
"$ZL" check --no-config -r --format jsonl --exclude 'b/' --exclude '*.db' "$batch" >"$tmp/exc" 2>/dev/null
hasnt "--exclude a folder" "$tmp/exc" '"path": "[^"]*/b/'
hasnt "--exclude a name" "$tmp/exc" '\.db"'
has "--exclude keeps the rest" "$tmp/exc" '/a/db\.z0\.example"'
"$ZL" check --no-config -r --format jsonl --include 'd/**/*.zone' --include README "$batch/" >"$tmp/inc2" 2>/dev/null
has "--include with a path" "$tmp/inc2" "\"$batch/d/e/f/z7.example.zone\""
hasnt "--include with a path" "$tmp/inc2" '/a/db\.'
"$ZL" check --no-config -r --format jsonl --include README "$batch" >"$tmp/inc3" 2>"$tmp/inc3.err"
status_is "--include a plain name (README is no zone)" 2 $?
has "--include a plain name" "$tmp/inc3.err" '/a/README'
[ -s "$tmp/inc3" ] && bad "--include README found more" || ok

# ---- 8. summary and progress on stderr
"$ZL" check --no-config -r --format gcc "$batch" >/dev/null 2>"$tmp/quiet.err"
[ -s "$tmp/quiet.err" ] && bad "stderr not quiet off a terminal: $(head -2 "$tmp/quiet.err")" || ok
"$ZL" check --no-config -r --format gcc --summary "$batch" >/dev/null 2>"$tmp/sum.err"
has "--summary" "$tmp/sum.err" "^zonelint: 91 files"
if command -v script >/dev/null 2>&1; then
	script -qec "'$ZL' check --no-config -r --format gcc -j2 '$batch' >/dev/null" /dev/null \
	    >"$tmp/tty.out" 2>&1
	has "summary on a terminal" "$tmp/tty.out" "findings by rule"
	script -qec "'$ZL' check --no-config -r --format gcc -q '$batch' >/dev/null" /dev/null \
	    >"$tmp/ttyq.out" 2>&1
	hasnt "-q on a terminal" "$tmp/ttyq.out" "zonelint: "
else
	skip "script(1) missing: no terminal tests"
fi

# ---- 9. fix -i on several files (the zonelint-fix hook passes many)
mkdir -p "$tmp/fx"
cp "$fmtdir/mail.zone" "$tmp/fx/a.zone"
cp "$fmtdir/mail.zone" "$tmp/fx/b.zone"
"$ZL" fix -i -q --no-config --select zone "$tmp/fx/a.zone" "$tmp/fx/b.zone" 2>/dev/null
same "fix -i FILE FILE" "$fmtdir/mail.fixed" "$tmp/fx/a.zone"
same "fix -i FILE FILE" "$fmtdir/mail.fixed" "$tmp/fx/b.zone"
"$ZL" fix --no-config "$tmp/fx/a.zone" "$tmp/fx/b.zone" >/dev/null 2>&1
status_is "fix FILE FILE without -i" 2 $?

# ---- 10. the plain git pre-commit hook, with real commits
if command -v git >/dev/null 2>&1; then
	repo=$tmp/repo
	mkdir -p "$repo/zones" "$tmp/bin"
	ln -s "$ZL" "$tmp/bin/zonelint"
	(
		cd "$repo" || exit 1
		git init -q . && git config user.name "zonelint test" &&
		    git config user.email "test@example.com" && git config commit.gpgsign false
		cp "$top/contrib/pre-commit" .git/hooks/pre-commit
		chmod +x .git/hooks/pre-commit
	)
	good=$fmtdir/clean.zone
	cp "$good" "$repo/zones/db.example.net"
	(cd "$repo" && git add zones && PATH="$tmp/bin:$PATH" env -u ZONELINT git commit -q -m good) \
	    >"$tmp/c1.out" 2>&1
	status_is "pre-commit: a good zone commits" 0 $?
	cp "$fmtdir/broken.zone" "$repo/zones/example.org.zone"
	(cd "$repo" && git add zones && PATH="$tmp/bin:$PATH" env -u ZONELINT git commit -q -m bad) \
	    >"$tmp/c2.out" 2>&1
	status_is "pre-commit: a bad zone is blocked" 1 $?
	has "pre-commit names the file" "$tmp/c2.out" "^zones/example.org.zone:6:10: error: .*\[zone-syntax\]"
	has "pre-commit says why" "$tmp/c2.out" "commit blocked"
	n=$(cd "$repo" && git rev-list --count HEAD)
	[ "$n" = 1 ] && ok || bad "pre-commit: the bad commit was made"
	# the STAGED content counts: fix the working tree only, still blocked
	cp "$good" "$repo/zones/example.org.zone"
	(cd "$repo" && PATH="$tmp/bin:$PATH" env -u ZONELINT git commit -q -m bad2) >"$tmp/c3.out" 2>&1
	status_is "pre-commit checks the staged content, not the working tree" 1 $?
	# and the other way round: good staged, bad working tree, commits
	(cd "$repo" && git add zones) >/dev/null 2>&1
	cp "$fmtdir/broken.zone" "$repo/zones/example.org.zone"
	(cd "$repo" && PATH="$tmp/bin:$PATH" env -u ZONELINT git commit -q -m good2) >"$tmp/c4.out" 2>&1
	status_is "pre-commit: good staged content commits" 0 $?
	# other files are not zone files
	echo 'not a zone' >"$repo/README"
	(cd "$repo" && git add README && PATH="$tmp/bin:$PATH" env -u ZONELINT git commit -q -m readme) \
	    >"$tmp/c5.out" 2>&1
	status_is "pre-commit ignores other files" 0 $?
else
	skip "git missing: no pre-commit tests"
fi

# ---- 11. the hooks of .pre-commit-hooks.yaml under the pre-commit framework
if command -v pre-commit >/dev/null 2>&1 && command -v git >/dev/null 2>&1; then
	hooks=$tmp/hooks
	mkdir -p "$hooks"
	cp "$top/.pre-commit-hooks.yaml" "$hooks/"
	(cd "$hooks" && git init -q . && git config user.name t && git config user.email t@example.com &&
	    git config commit.gpgsign false && git add . && git commit -q -m hooks) >/dev/null 2>&1
	rev=$(cd "$hooks" && git rev-parse HEAD)
	pc=$tmp/pc
	mkdir -p "$pc/zones"
	cat >"$pc/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: zonelint
        args: [--no-config, --select, zone]
      - id: zonelint-fix
        args: [--no-config, --select, zone]
EOF
	cp "$fmtdir/mail.zone" "$pc/zones/db.example.com"
	cp "$fmtdir/clean.zone" "$pc/zones/example.net.zone"
	(
		cd "$pc" && git init -q . && git config user.name t &&
		    git config user.email t@example.com && git config commit.gpgsign false &&
		    git add . && PRE_COMMIT_HOME=$tmp/pchome PATH="$tmp/bin:$PATH" \
		    pre-commit run --all-files
	) >"$tmp/pc.out" 2>&1
	status_is "pre-commit framework: findings fail the hooks" 1 $?
	has "pre-commit framework runs zonelint" "$tmp/pc.out" "zones/db.example.com:8:24: error:"
	has "pre-commit framework: zonelint-fix modifies files" "$tmp/pc.out" "files were modified by this hook"
	same "pre-commit framework: zonelint-fix fixed the zone" "$fmtdir/mail.fixed" "$pc/zones/db.example.com"
	(cd "$pc" && git add . && PRE_COMMIT_HOME=$tmp/pchome PATH="$tmp/bin:$PATH" \
	    pre-commit run --all-files) >"$tmp/pc2.out" 2>&1
	status_is "pre-commit framework: a fixed zone passes" 0 $?
else
	skip "pre-commit (Debian package pre-commit) missing: framework hooks not run"
fi

echo "integrations: $pass passed, $fail failed, $skipped skipped"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
