#!/bin/sh
# SPDX-License-Identifier: MIT
# Profiles, rule sets and project configuration, through the CLI:
#  - rules/baseline.yaml and the registry (src/rules.def, `zonelint rules`)
#    agree both ways, and the drift check notices a change either way;
#  - `zonelint profiles` lists every profile with its source and summary,
#    `zonelint rules --profile P` shows the profile's severities;
#  - every profile's golden good.zone gives no finding at warning or above;
#  - .zonelint.yaml: the nearest one wins, globs and overrides, --config,
#    fail-on, in-zone suppressions, bad files exit 2 with file:line:col;
#  - an alias bomb and a catastrophic pattern finish quickly.
# The zones under testdata/config/ are not named *.zone, so the golden
# runner (which passes --no-config) leaves them to this suite.
# Ends with the line "N passed, M failed"; exits 1 when anything failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZONELINT:-$top/zonelint}
case $ZL in /*) ;; *) ZL=$top/$ZL ;; esac
cd "$top" || exit 1
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
VENDOR=vendor,dkim-selector-missing,suppression-unknown

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }

# expect_exit WANT NAME cmd...: run, keep stdout/stderr in $tmp/out, $tmp/err
expect_exit() {
	want=$1
	name=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then
		ok
	else
		bad "$name: exit $got, expected $want"
		sed 's/^/    /' "$tmp/out" "$tmp/err" | head -10
	fi
}

# has NAME PATTERN FILE / hasnot NAME PATTERN FILE
has() {
	if grep -q -e "$2" "$3"; then ok; else
		bad "$1: no line matching '$2'"
		sed 's/^/    /' "$3" | head -10
	fi
}
hasnot() {
	if grep -q -e "$2" "$3"; then
		bad "$1: unexpected line matching '$2'"
		grep -e "$2" "$3" | sed 's/^/    /' | head -5
	else ok; fi
}

# ---- baseline and registry
if sh tools/gen-baseline.sh --check >"$tmp/drift" 2>&1; then ok; else
	bad "rules/baseline.yaml is out of date with src/rules.def"
	head -20 "$tmp/drift"
fi
# the drift check fails on a rule missing from either side
sed '/^  spf-ptr:/d' rules/baseline.yaml >"$tmp/b1.yaml"
if BASELINE=$tmp/b1.yaml sh tools/gen-baseline.sh --check >/dev/null 2>&1; then
	bad "drift check missed a rule removed from baseline.yaml"
else ok; fi
{ cat rules/baseline.yaml; echo "  spf-retired-rule: warning"; } >"$tmp/b2.yaml"
if BASELINE=$tmp/b2.yaml sh tools/gen-baseline.sh --check >/dev/null 2>&1; then
	bad "drift check missed a rule the registry does not have"
else ok; fi
sed 's/^  spf-ptr: warning/  spf-ptr: info/' rules/baseline.yaml >"$tmp/b3.yaml"
if BASELINE=$tmp/b3.yaml sh tools/gen-baseline.sh --check >/dev/null 2>&1; then
	bad "drift check missed a changed default level"
else ok; fi
# what the binary reports is what baseline.yaml says, rule for rule
"$ZL" rules --rules-dir rules | awk 'NR > 1 { print $1, $3 }' | sort >"$tmp/reg"
sed -n 's/^  \([a-z0-9-]*\): \([a-z]*\)$/\1 \2/p' rules/baseline.yaml | sort >"$tmp/base"
if cmp -s "$tmp/reg" "$tmp/base"; then ok; else
	bad "'zonelint rules' and rules/baseline.yaml differ"
	diff "$tmp/base" "$tmp/reg" | head -10
fi
# a baseline that names a rule the registry lacks is refused (exit 2)
mkdir -p "$tmp/rd"
cp "$tmp/b2.yaml" "$tmp/rd/baseline.yaml"
cp rules/spf-includes.yaml "$tmp/rd/"
expect_exit 2 "unknown rule in baseline" "$ZL" rules --rules-dir "$tmp/rd"
has "unknown rule in baseline" "baseline.yaml:[0-9]*:3: unknown rule id 'spf-retired-rule'" "$tmp/err"

# ---- zonelint profiles / rules --profile
expect_exit 0 "zonelint profiles" "$ZL" profiles
for f in rules/*.yaml; do
	n=$(basename "$f" .yaml)
	case $n in baseline|spf-includes) continue ;; esac
	has "profiles lists $n" "^$n " "$tmp/out"
	src=$(sed -n 's/^source: //p' "$f")
	has "profiles shows the source of $n" "source: $src" "$tmp/out"
done
for n in webcrm mailjet spinoffice office365 google-workspace sendgrid \
    mailchimp mandrill amazon-ses mailgun zoho salesforce bulk-sender; do
	[ -f "rules/$n.yaml" ] && ok || bad "profile $n is missing"
done
expect_exit 0 "rules --profile bulk-sender" "$ZL" rules --profile bulk-sender
has "bulk-sender raises spf-missing" "^spf-missing  *spf  *error " "$tmp/out"
has "bulk-sender raises dmarc-missing" "^dmarc-missing  *dmarc  *error " "$tmp/out"
expect_exit 0 "rules" "$ZL" rules
has "default dmarc-missing" "^dmarc-missing  *dmarc  *warning " "$tmp/out"
expect_exit 0 "rules --config" "$ZL" rules --config testdata/config/project/.zonelint.yaml
has "rules --config applies severity" "^suppression-unknown  *zone  *error " "$tmp/out"
expect_exit 2 "unknown profile" "$ZL" rules --profile no-such-vendor
has "unknown profile message" "unknown profile 'no-such-vendor'" "$tmp/err"

# ---- every vendor's golden good zone: nothing at warning or above
for d in testdata/profiles/*/; do
	n=$(basename "$d")
	expect_exit 0 "$n: good.zone has a warning or error" \
	    "$ZL" check --no-config --format gcc --fail-on warning --profile "$n" "$d/good.zone"
done

# ---- project configuration
P=testdata/config/project
# the project's .zonelint.yaml applies webcrm to every zone
expect_exit 1 "config: profile from .zonelint.yaml" \
    "$ZL" check --format gcc --select "$VENDOR" $P/db.example.com
has "config: webcrm applies" "db.example.com:3:1: error: profile 'webcrm': DKIM selector 'mailjet._domainkey" "$tmp/out"
hasnot "config: spinoffice only for customers" "spinoffice" "$tmp/out"
# --no-config: no profile, nothing to report
expect_exit 0 "--no-config" "$ZL" check --no-config --format gcc --select "$VENDOR" $P/db.example.com
# an override adds a profile for customers/*.db, not for deeper folders
expect_exit 1 "config: override glob" "$ZL" check --format gcc --select "$VENDOR" $P/customers/acme.db
has "config: override adds spinoffice" "profile 'spinoffice': DKIM selector 'key001._domainkey" "$tmp/out"
has "config: top-level profile still applies" "profile 'webcrm'" "$tmp/out"
expect_exit 1 "config: deeper zone" "$ZL" check --format gcc --select "$VENDOR" $P/customers/deep/x.db
hasnot "config: '*' does not cross folders" "spinoffice" "$tmp/out"
has "config: profile path relative to the config" "profile 'local': deep zones need a CAA record" "$tmp/out"
# '**' and a list of globs: legacy/ is not checked for vendor records
expect_exit 0 "config: ignore in override" "$ZL" check --format gcc --select "$VENDOR" $P/legacy/old/db.example.com
# the nearest .zonelint.yaml wins, and is the only one read
expect_exit 1 "config: nearest wins" "$ZL" check --format gcc --select "$VENDOR" $P/sub/db.example.com
has "config: sub's profile" "profile 'office365'" "$tmp/out"
hasnot "config: parent's profile not merged" "webcrm" "$tmp/out"
# run from inside the folder: found from the zone's folder upward
(cd $P/customers && "$ZL" check --format gcc --select "$VENDOR" acme.db) >"$tmp/out" 2>&1
has "config: found from the zone's folder" "profile 'spinoffice'" "$tmp/out"
# --config names one and replaces the search
expect_exit 0 "--config (fail-on never)" "$ZL" check --format gcc --select "$VENDOR" \
    --config testdata/config/alt.yaml $P/db.example.com
has "--config: its profile" "profile 'mailjet'" "$tmp/out"
hasnot "--config: not the nearest" "webcrm" "$tmp/out"
# fail-on: warning from the configuration; the CLI's --fail-on wins
expect_exit 1 "config fail-on warning" "$ZL" check --format gcc --select dkim-selector-missing \
    --severity dkim-selector-missing=warning $P/db.example.com
has "config fail-on: the finding is a warning" ": warning: profile 'webcrm'" "$tmp/out"
expect_exit 0 "CLI --fail-on beats config" "$ZL" check --format gcc --fail-on error \
    --select dkim-selector-missing --severity dkim-selector-missing=warning $P/db.example.com
# in-zone suppression on the line before the SOA silences the finding there
expect_exit 0 "suppression" "$ZL" check --format gcc --select "$VENDOR" $P/suppressed.db
# a bad configuration: exit 2, file:line:col
expect_exit 2 "bad config" "$ZL" check testdata/config/bad/db.example.com
has "bad config message" "config/bad/.zonelint.yaml:3:12: 'spf-ptr': level must be error, warning, info or off, not 'loud'" "$tmp/err"
expect_exit 2 "bad --config path" "$ZL" check --config "$tmp/none.yaml" $P/db.example.com
has "bad --config message" "none.yaml: cannot read" "$tmp/err"

# ---- hostile rule files cannot hang or exhaust the tool
H=testdata/config/hostile
start=$(date +%s)
expect_exit 2 "alias bomb" timeout 20 "$ZL" check --no-config --profile $H/bomb.yaml $H/slow.db
has "alias bomb message" "bomb.yaml:6:8: alias '\*a': anchors and aliases are not supported" "$tmp/err"
expect_exit 1 "catastrophic pattern" timeout 20 "$ZL" check --no-config --format gcc \
    --select vendor --profile $H/slow.yaml $H/slow.db
has "catastrophic pattern reported" "hit the PCRE2 match limit" "$tmp/out"
end=$(date +%s)
if [ $((end - start)) -le 15 ]; then ok; else bad "hostile files took $((end - start)) s"; fi
# a rule file over 1 MiB is refused before it is parsed
{ printf 'profile: big\nsummary: s\nsource: u\n'; i=0; while [ $i -lt 20000 ]; do
	echo "# padding padding padding padding padding padding padding"; i=$((i + 1)); done; } >"$tmp/big.yaml"
expect_exit 2 "huge rule file" "$ZL" check --no-config --profile "$tmp/big.yaml" $H/slow.db
has "huge rule file message" "big.yaml:1:1: file is larger than 1048576 bytes" "$tmp/err"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
