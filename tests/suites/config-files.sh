#!/bin/sh
# SPDX-License-Identifier: MIT
# .zonelint.yaml "files: {include, exclude}" chooses what -r checks, on
# top of --include/--exclude; a bad key there is a usage error.
set -u
cd "$(dirname "$0")/../.."
ZL=${ZONELINT:-./zonelint}
case $ZL in /*) ;; *) ZL=$(pwd)/$ZL ;; esac
pass=0
fail=0
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/old" "$t/new"
cp testdata/rules/zone-syntax/good.zone "$t/new/a.zone"
cp "$t/new/a.zone" "$t/old/b.zone"
cp "$t/new/a.zone" "$t/new/c.hosts"
list() { (cd "$t" && "$ZL" check -r -q --fail-on never --format json "$@" .) |
	python3 -c 'import json,sys; print(" ".join(f["path"] for f in json.load(sys.stdin)["files"]))'; }
expect() { # what got want
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
		echo "FAIL $1: got '$2', want '$3'"; fail=$((fail + 1)); fi
}
expect "default names" "$(list)" "./new/a.zone ./old/b.zone"
printf 'files:\n  include: ["*.hosts", "*.zone"]\n  exclude: ["old/"]\n' >"$t/.zonelint.yaml"
expect "config include/exclude" "$(list)" "./new/a.zone ./new/c.hosts"
expect "--no-config ignores it" "$(list --no-config)" "./new/a.zone ./old/b.zone"
expect "--exclude adds to it" "$(list --exclude 'c.*')" "./new/a.zone"
printf 'files:\n  bogus: 1\n' >"$t/.zonelint.yaml"
(cd "$t" && "$ZL" check -r -q . >/dev/null 2>"$t/err")
st=$?
expect "bad key exit" "$st" 2
if grep -q "zonelint.yaml:2:3: unknown key 'bogus'" "$t/err"; then pass=$((pass + 1)); else
	echo "FAIL bad key message: $(cat "$t/err")"; fail=$((fail + 1)); fi
echo "config-files: $pass passed, $fail failed"
[ $fail = 0 ]
