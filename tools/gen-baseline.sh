#!/bin/sh
# SPDX-License-Identifier: MIT
# Write rules/baseline.yaml from the registry, src/rules.def: the default
# severity of every rule, one line per rule, in registry order (Ruff's
# generate-all). With --check, compare instead of writing, and fail when
# the checked-in file and the registry have drifted apart (a rule missing
# from either side, or another level).
#
#   sh tools/gen-baseline.sh           rewrite rules/baseline.yaml
#   sh tools/gen-baseline.sh --check   exit 1 when it is out of date
#   BASELINE=FILE                      check or write FILE instead
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
def=$top/src/rules.def
out=${BASELINE:-$top/rules/baseline.yaml}

generate() {
	cat <<'HEAD'
# SPDX-License-Identifier: MIT
# The baseline rule set: the default severity of every rule zonelint has,
# always applied before any profile or project configuration
# (zonelint-rules(5)). Levels: error, warning, info, off.
#
# Generated from src/rules.def by tools/gen-baseline.sh: do not edit by
# hand. `make check` fails when this file and the registry drift apart.
defaults:
HEAD
	# ZL_RULE("id", fn, FAMILY, SEVERITY, FIXABLE); comments name the family
	sed -n 's/^ZL_RULE("\([a-z0-9-]*\)",[[:space:]]*[a-z0-9_]*,[[:space:]]*\([A-Z]*\),[[:space:]]*\([A-Z]*\),.*/\2 \1 \3/p' "$def" |
	awk '{
		fam = tolower($1); sev = tolower($3)
		if (fam != last) { printf "  # %s\n", fam; last = fam }
		printf "  %s: %s\n", $2, sev
	}'
}

if [ "${1:-}" = --check ]; then
	tmp=$(mktemp)
	trap 'rm -f "$tmp"' EXIT
	generate >"$tmp"
	if ! cmp -s "$tmp" "$out"; then
		echo "rules/baseline.yaml is out of date with src/rules.def (run: sh tools/gen-baseline.sh):"
		diff -u "$out" "$tmp" || true
		exit 1
	fi
	exit 0
fi
generate >"$out.tmp"
mv "$out.tmp" "$out"
