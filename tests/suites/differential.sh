#!/bin/sh
# SPDX-License-Identifier: MIT
# Differential test of the loader against ldns (RFC 1035 §5.1 as ldns reads
# it). For every $INCLUDE-free zone file of $SHARED/corpus/zones/ and of
# testdata/loader/ (fastpath.zone there holds the fast paths' edge cases):
#
# 1. fast path = ldns: tests/tools/zl-dump prints every record zonelint
#    loads (owner, type, RDATA, converted through ldns) and every syntax
#    error, once with the loader's own RDATA fast paths and once with every
#    RDATA validated by ldns_rr_new_frm_str (--ldns). The two must be the
#    same, record for record and error for error.
# 2. zonelint = ldns-read-zone: ldns-read-zone stops at the first bad
#    entry, so the file is read again and again: each time ldns rejects
#    line N, the entry holding line N must be a zonelint syntax error; it
#    is then cut out and ldns reads the rest. When ldns reads the rest, its
#    records (owner, class, type, RDATA; TTLs are not compared) must be
#    zonelint's, and zonelint may have no other syntax error.
#
# Where zonelint is different from ldns's zone reader on purpose, the
# entries are cut out before the comparison (and counted as "documented");
# the ones issue 2 names first:
#   - an unclosed '(' (ldns swallows the rest of the file),
#   - a quoted string not closed on its line (ldns accepts it, or joins
#     the following lines into a bogus record),
#   - class before TTL, "IN 300 A" (RFC 1035 allows it; ldns rejects it),
#   - $GENERATE (zonelint expands it; ldns rejects it),
#   - a TXT character-string over 255 bytes (zonelint loads the record and
#     reports txt-string-too-long; ldns rejects it),
#   - an unknown $DIRECTIVE (ldns loads "$FOO" as an owner name with a
#     TYPE0 record),
#   - a second SOA record (ldns's zone reader drops it without a word).
# And where ldns is laxer or narrower than BIND and the RFCs (why_zl_stricter
# and ldns_loop below, VERBOSE=1 lists them per file): numbers out of
# range that ldns wraps, nested or unmatched parentheses, extra words after
# a directive, a blank owner on the first record, class ANY or NONE, a
# malformed $ORIGIN name, a relative $ORIGIN (ldns takes it as absolute),
# "$origin" in lower case, "$ORIGIN ." followed by anything, a backslash
# at the end of a line, names starting with '@', entries over 64 KiB,
# EUI48/EUI64/NSAP/NSEC3/SVCB alpn forms BIND rejects, NSEC3 hashes
# without padding (RFC 5155 §3.3; BIND reads them, ldns does not), and
# types or forms ldns cannot read (RESINFO and other IANA types ldns
# 1.8.3 lacks, A6, SINK, ATMA in E.164 form).
# Multi-line records: ldns reports their last line, zonelint their first;
# an ldns line number matches the zonelint entry that spans it.
#
# Needs ldns-read-zone (ldnsutils), cc and pkg-config ldns; skips without
# them or without $SHARED. Prints one line per file with a disagreement,
# then "N passed, M failed" (files).
set -u
cd "$(dirname "$0")/../.." || exit 1
SHARED=${SHARED:-../shared}
O=${UNIT_DIR:-${O:-build}}
ZONES=$SHARED/corpus/zones
if [ ! -d "$ZONES" ]; then
	echo "SKIP: $ZONES not found (the differential test needs the corpus)"
	echo "0 passed, 0 failed"
	exit 0
fi
for tool in ldns-read-zone cc pkg-config; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool not installed"
		echo "0 passed, 0 failed"
		exit 0
	fi
done
if ! pkg-config --exists ldns; then
	echo "SKIP: ldns development files not installed (pkg-config ldns)"
	echo "0 passed, 0 failed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# ---- build zl-dump against the library objects (or the sources)
objs=""
if [ -f "$O/loader.o" ] && [ -f "$O/zone.o" ]; then
	for f in "$O"/*.o; do
		case $f in */cli.o|*/main.o) ;; *) objs="$objs $f" ;; esac
	done
fi
libs=$(pkg-config --libs ldns yaml-0.1 libpcre2-8 libcrypto 2>/dev/null)
cflags="-O1 -D_GNU_SOURCE -DPCRE2_CODE_UNIT_WIDTH=8 -Isrc $(pkg-config --cflags ldns 2>/dev/null)"
# shellcheck disable=SC2086
if ! cc $cflags -o "$tmp/zl-dump" tests/tools/zl-dump.c $objs $libs 2>"$tmp/cc.err"; then
	# stale or missing objects: build the library sources here
	srcs=""
	for f in src/*.c; do
		case $f in src/cli.c|src/main.c|src/explain.c) ;; *) srcs="$srcs $f" ;; esac
	done
	mkdir -p "$tmp/inc"
	sh tools/mkexplain.sh doc/rules >"$tmp/inc/explain.inc" 2>/dev/null
	# shellcheck disable=SC2086
	if ! cc $cflags -I"$tmp/inc" -DZL_VERSION='"test"' -DZL_DATADIR='"."' \
	    -o "$tmp/zl-dump" tests/tools/zl-dump.c $srcs src/explain.c $libs \
	    2>"$tmp/cc.err"; then
		echo "FAIL: cannot build tests/tools/zl-dump.c:"
		head -20 "$tmp/cc.err"
		echo "0 passed, 1 failed"
		exit 1
	fi
fi
DUMP=$tmp/zl-dump

# ---- the files
origin_from_tsv() { # file -> origin from EXPECTATIONS.tsv beside it
	tsv=$(dirname "$1")/EXPECTATIONS.tsv
	[ -f "$tsv" ] || return 0
	awk -F'\t' -v f="$(basename "$1")" '$1 == f { print $2; exit }' "$tsv"
}
origin_of() { # file -> origin: $ORIGIN, EXPECTATIONS.tsv, file name, example.
	o=$(sed -n 's/^\$ORIGIN[[:space:]]\{1,\}\([^[:space:];]*\).*/\1/p' "$1" | head -1)
	[ ${#o} -gt 250 ] && o=""
	[ -z "$o" ] && o=$(origin_from_tsv "$1")
	if [ -z "$o" ]; then
		b=$(basename "$1")
		b=${b#db.}
		b=${b%.zone}
		b=${b%.db}
		case $b in
		*[!A-Za-z0-9.-]*|.*|*..*) o="" ;;
		*.*) o=$b ;;
		esac
	fi
	case $o in
	.) ;;
	*[!A-Za-z0-9._-]*|.*|*..*|"") o=example. ;;
	esac
	case $o in *.) ;; *) o=$o. ;; esac
	echo "$o"
}

# ---- step 2 helpers. Work files: $tmp/work (the zone as ldns reads it),
# $tmp/cut ("first last" of each entry cut out), $tmp/subst (lines that
# now hold an owner placeholder).

# cut FIRST LAST: take an entry out of what ldns reads. Lines become
# comments; when the entry starts with an owner name, its first line
# becomes "OWNER TYPE64999 \# 0" instead, so that a later blank-owner
# record takes the same owner in ldns as in zonelint (where an entry that
# fails still sets the owner). Those placeholders are dropped from ldns's
# output.
cutlines() {
	awk -v a="$1" -v b="$2" '
	NR == a && $0 ~ /^[^ \t;$\r]/ {
		split($0, w, /[ \t\r]+/)
		print w[1] " TYPE64999 \\# 0"
		print NR >>"'"$tmp/subst"'"
		next
	}
	NR >= a && NR <= b { print ";"; next }
	{ print }' "$tmp/work" >"$tmp/work2" && mv "$tmp/work2" "$tmp/work"
	echo "$1 $2" >>"$tmp/cut"
}

# the zonelint entry (R, E or D line of zl-dump) that ldns's line N is
# about: the one holding line N; else the one just before it when only
# blank or comment lines lie between (ldns counts the line break after a
# closing ')' and the lines after it)
entry_at() {
	awk -v n="$1" -v work="$tmp/work" '
	FILENAME == ARGV[1] { cut[$1] = 1; next }
	($1 == "R" || $1 == "E" || $1 == "D") && !($2 in cut) {
		if ($2 <= n && n <= $3) { print; found = 1; exit }
		if ($3 < n && $3 > bestlast) { bestlast = $3; best = $0 }
	}
	END {
		if (found || best == "")
			exit
		i = 0
		while ((getline l < work) > 0) {
			i++
			if (i > bestlast && i <= n && l !~ /^[ \t\r]*(;.*)?$/)
				exit
		}
		print best
	}' "$tmp/cut" "$tmp/entries"
}

# 0 when the number quoted in a zonelint message is really out of range
# or malformed (so that ldns, which wraps or stops at a bad character,
# accepts it): decimal, or BIND's units (1h30m), up to 65535 or 2^32-1
number_bad() { # message
	awk -v m="$1" 'BEGIN {
		if (!match(m, /\047[^\047]*\047/))
			exit 0
		t = substr(m, RSTART + 1, RLENGTH - 2)
		max = m ~ /from 0 to 65535/ ? 65535 : 4294967295
		if (t ~ /^[0-9]+$/)
			exit (t + 0 <= max) ? 1 : 0
		if (max == 65535 || t !~ /^([0-9]+[smhdwSMHDW])+[0-9]*$/)
			exit 0
		total = 0
		while (match(t, /^[0-9]+[smhdwSMHDW]?/)) {
			n = substr(t, 1, RLENGTH)
			u = tolower(substr(n, length(n)))
			v = n + 0
			if (u == "m") v *= 60
			else if (u == "h") v *= 3600
			else if (u == "d") v *= 86400
			else if (u == "w") v *= 604800
			total += v
			t = substr(t, RLENGTH + 1)
		}
		exit (total <= max) ? 1 : 0
	}'
}

# documented reason for an entry zonelint rejects and ldns accepts, or ""
why_zl_stricter() { # message
	case $1 in
	*"is not a TTL"*|*"not a number from 0 to"*|*"is not a 32-bit number"*)
		number_bad "$1" && echo "number ldns wraps around or cuts short" ;;
	*"nested '('"*) echo "nested parentheses" ;;
	*"')' without a matching '('"*) echo "')' without '(' (ldns ignores it; BIND rejects it)" ;;
	*"unknown record type"*) echo "type mnemonic ldns does not know (its reader loads TYPE0)" ;;
	*"takes exactly one"*|*"nothing more"*) echo "extra words after a directive" ;;
	*"no earlier record to take it from"*) echo "blank owner on the first record" ;;
	*"only for queries and updates"*) echo "class ANY or NONE (BIND rejects it; ldns loads it)" ;;
	*"(RFC 7043 §"*|*"(RFC 1706 §6)"*|*"(RFC 5155 §"*|*"(RFC 9460 §7.1.1)"*)
		echo "RDATA form the RFC and BIND reject and ldns does not check (EUI48, EUI64, NSAP, NSEC3, SVCB alpn)" ;;
	'$ORIGIN '"'"*) echo "malformed name in \$ORIGIN (ldns's reader does not check it)" ;;
	esac
}

# run ldns-read-zone over $tmp/work until it reads the rest; each line it
# rejects must be a zonelint error. Appends to $problems and $tmp/docs.
ldns_loop() {
	rounds=0
	lastn=""
	while :; do
		if ldns-read-zone -c "$tmp/work" >"$tmp/ldns" 2>"$tmp/ldns.err"; then
			return 0
		fi
		rounds=$((rounds + 1))
		n=$(sed -n 's/.* at line \([0-9][0-9]*\).*/\1/p' "$tmp/ldns.err" | tail -1)
		msg=$(head -1 "$tmp/ldns.err")
		if [ -z "$n" ] || [ $rounds -gt 400 ]; then
			printf "%s\n" "ldns-read-zone fails without a line number: $msg" >>"$problems"
			return 1
		fi
		# a placeholder with an owner ldns cannot read either (ldns
		# may count the line after it)
		s=""
		if grep -qx "$n" "$tmp/subst"; then
			s=$n
		elif grep -qx "$((n - 1))" "$tmp/subst" &&
		    sed -n "${n}p" "$tmp/work" | grep -q '^[[:space:]]*\(;.*\)\{0,1\}$'; then
			s=$((n - 1))
		fi
		if [ -n "$s" ]; then
			sed "${s}s/.*/;/" "$tmp/work" >"$tmp/work2" && mv "$tmp/work2" "$tmp/work"
			continue
		fi
		if [ "$n" = "$lastn" ]; then
			printf "%s\n" "line $((n - 1)): ldns keeps rejecting it ($msg)" >>"$problems"
			return 1
		fi
		lastn=$n
		ent=$(entry_at "$n")
		if [ -z "$ent" ]; then
			printf "%s\n" "line $((n - 1)): ldns rejects it ($msg), zonelint sees no entry there" >>"$problems"
			cutlines "$n" "$n"
			continue
		fi
		# shellcheck disable=SC2086
		set -- $ent
		kind=$1 first=$2 last=$3
		case $kind in
		E) agreed=$((agreed + 1)) ;;
		D)
			line=$(sed -n "${first}p" "$tmp/work")
			case $4 in
			'$ORIGIN'|'$TTL'|'$INCLUDE'|'$GENERATE')
				case $line in
				'$ORIGIN .'[!\ ]*|'$ORIGIN .'[\ \	]*)
					echo "'\$ORIGIN .' with more text on its line (ldns cannot read it)" >>"$tmp/docs" ;;
				*) printf "%s\n" "line $((first - 1)): ldns rejects directive $4 ($msg), zonelint reads it" >>"$problems" ;;
				esac ;;
			*) printf "%s\n" "directive $4 in lower case (BIND and zonelint read it; ldns takes it for an owner)" >>"$tmp/docs" ;;
			esac ;;
		R)
			prev=$(sed -n "$((first - 1))p" "$tmp/zone")
			case $ent in
			*"	NSEC3	"*)
				echo "NSEC3 next hashed owner name without padding (RFC 5155 §3.3; ldns wants padding)" >>"$tmp/docs"
				cutlines "$first" "$last"
				continue ;;
			esac
			case $prev in
			*\\)
				echo "backslash at the end of a line (ldns joins the next line to the entry)" >>"$tmp/docs"
				# the entry before, which ldns read with this one
				pe=$(entry_at "$((first - 1))")
				# shellcheck disable=SC2086
				[ -n "$pe" ] && set -- $pe && cutlines "$2" "$3" ;;
			*) printf "%s\n" "line $((first - 1)): ldns rejects it ($msg), zonelint loads it" >>"$problems" ;;
			esac ;;
		esac
		cutlines "$first" "$last"
	done
}

pass=0
fail=0
documented=0
agreed=0
skipped=0
{ find "$ZONES" -type f | sort; ls testdata/loader/*.zone; } >"$tmp/files"
while IFS= read -r f; do
	case $f in
	*.tsv|*.md|*.out|*.raw|*.j2) continue ;;
	esac
	if grep -qi '^[[:space:]]*\$INCLUDE' "$f" || grep -q '@TMPDIR@' "$f" ||
	    { [ -s "$f" ] && ! grep -qI . "$f"; }; then
		skipped=$((skipped + 1))
		continue
	fi
	name=${f#"$ZONES"/}
	case $f in testdata/*) name=$f ;; esac
	org=$(origin_of "$f")
	# the same bytes for both tools: an $ORIGIN line first (line 1)
	# (and a line break at the end, for ldns's line numbers)
	{ printf '$ORIGIN %s\n' "$org"; cat "$f"; } >"$tmp/zone"
	[ -n "$(tail -c 1 "$tmp/zone")" ] && echo >>"$tmp/zone"
	problems=$tmp/problems
	: >"$problems"
	: >"$tmp/docs"

	# -- 1. fast paths against ldns's converters
	if ! "$DUMP" --origin "$org" "$tmp/zone" >"$tmp/fast" 2>"$tmp/fast.err"; then
		echo "zl-dump failed: $(head -1 "$tmp/fast.err")" >>"$problems"
	fi
	"$DUMP" --origin "$org" --ldns "$tmp/zone" >"$tmp/slow" 2>/dev/null
	# an E line's message is not compared (the two paths word it apart);
	# entries zonelint is documented to read differently are left out:
	# numbers out of range (the fast path rejects them, ldns wraps them)
	# and the records the fast path marks
	: >"$tmp/wrapped"
	grep '^E .*\(is not a TTL\|not a number from 0 to\|is not a 32-bit number\)' \
	    "$tmp/fast" | while IFS= read -r l; do
		number_bad "$l" && echo "$l" | cut -d' ' -f2 >>"$tmp/wrapped"
	done
	awk '$1 == "R" && $4 ~ /[GLCTAU]/ { print $2 }' "$tmp/fast" >>"$tmp/wrapped"
	keyed() {
		awk 'FILENAME == ARGV[1] { w[$1] = 1; next }
		    $1 != "D" && ($2 in w) { next }
		    $1 == "E" { print $1, $2, $3; next } { print }' "$tmp/wrapped" "$1"
	}
	keyed "$tmp/fast" >"$tmp/fast.k"
	keyed "$tmp/slow" >"$tmp/slow.k"
	if ! cmp -s "$tmp/fast.k" "$tmp/slow.k"; then
		diff "$tmp/slow.k" "$tmp/fast.k" |
		    sed -n 's/^</ldns converter:/p; s/^>/fast path:     /p' |
		    head -6 >>"$problems"
	fi

	# -- 2. against ldns-read-zone
	cp "$tmp/fast" "$tmp/entries"
	# documented differences cut out before ldns reads the file
	awk '
	$1 == "R" && $4 ~ /G/ { next }   # the $GENERATE line itself is cut
	$1 == "R" && $4 ~ /L/ { print $2, $3, "character-string over 255 bytes"; next }
	$1 == "R" && $4 ~ /C/ { print $2, $3, "class before TTL"; next }
	$1 == "R" && $4 ~ /T/ { print $2, $3, "entry over 64 KiB of text (ldns cuts it)"; next }
	$1 == "R" && $4 ~ /A/ { print $2, $3, "name starting with @ (ldns reads it as the origin)"; next }
	$1 == "R" && $4 ~ /U/ { print $2, $3, "RDATA ldns cannot read (a type it does not know, A6, SINK, ATMA E.164)"; next }
	$1 == "E" && /unclosed .\(/ { print $2, $3, "unclosed (" ; next }
	$1 == "E" && /quoted string not closed/ { print $2, $3, "quoted string not closed"; next }
	$1 == "E" && /\$GENERATE/ { print $2, $3, "$GENERATE"; next }
	$1 == "E" && /unknown directive/ { print $2, $3, "unknown directive"; next }
	$1 == "D" && toupper($4) == "$GENERATE" { print $2, $3, "$GENERATE"; next }
	' "$tmp/entries" | sort -u -k1,1n >"$tmp/doc"
	for phase in 1 2; do
		cp "$tmp/zone" "$tmp/work"
		: >"$tmp/cut"
		: >"$tmp/subst"
		: >"$tmp/docs"
		: >"$problems.loop"
		while read -r a b _; do
			cutlines "$a" "$b"
		done <"$tmp/doc"
		# each $ORIGIN zonelint reads, as the absolute name it makes of
		# it: ldns takes a relative $ORIGIN as absolute (BIND and
		# zonelint append the origin before it), and reads "$origin"
		# (lower case) as an owner name. ldns mangles escapes there.
		awk '$1 == "E" { bad[$2] = 1 }
		    $1 == "D" && toupper($4) == "$ORIGIN" && !($2 in bad) {
			print $2, $4, $5, $6 }' "$tmp/entries" >"$tmp/origins"
		noreccmp=""
		while read -r a d arg o; do
			case $o in
			*\\*)
				noreccmp="\$ORIGIN with escapes (ldns's reader mangles them): records not compared"
				continue ;;
			esac
			la=$(printf '%s' "$arg" | tr 'A-Z' 'a-z')
			lo=$(printf '%s' "$o" | tr 'A-Z' 'a-z')
			if [ "$d" != '$ORIGIN' ]; then
				echo "directive $d in lower case (BIND and zonelint read it; ldns takes it for an owner)" >>"$tmp/docs"
			elif [ "$la" = "$lo" ]; then
				continue
			else
				echo "relative \$ORIGIN (ldns takes it as absolute)" >>"$tmp/docs"
			fi
			sed "${a}s/.*/\$ORIGIN $o/" "$tmp/work" >"$tmp/work2" &&
			    mv "$tmp/work2" "$tmp/work"
		done <"$tmp/origins"
		[ -n "$noreccmp" ] && echo "$noreccmp" >>"$tmp/docs"
		agreed_before=$agreed
		problems_save=$problems
		problems=$problems.loop
		ldns_ok=1
		ldns_loop || ldns_ok=0
		problems=$problems_save
		# zonelint errors on lines ldns read without complaint
		awk 'FILENAME == ARGV[1] { cut[$1] = 1; next }
		    $1 == "E" && !($2 in cut) {
			f = $2; l = $3; $1 = $2 = $3 = ""
			print f, l, substr($0, 4) }' "$tmp/cut" "$tmp/entries" >"$tmp/unconfirmed"
		more=0
		while read -r a b m; do
			why=$(why_zl_stricter "$m")
			if [ -n "$why" ] && [ $phase = 1 ]; then
				printf '%s %s %s\n' "$a" "$b" "$why" >>"$tmp/doc"
				more=1
			elif [ -z "$why" ]; then
				printf 'line %s: zonelint rejects it (%s), ldns accepts it\n' \
				    "$((a - 1))" "$m" >>"$problems.loop"
			fi
		done <"$tmp/unconfirmed"
		if [ $more = 1 ] && [ $phase = 1 ]; then
			agreed=$agreed_before
			continue
		fi
		break
	done
	cat "$problems.loop" >>"$problems"
	cut -d' ' -f3- "$tmp/doc" >>"$tmp/docs"
	# records: zonelint's (not cut, one SOA) and ldns's, without TTLs
	if [ $ldns_ok = 1 ] && [ -z "$noreccmp" ]; then
		awk 'FILENAME == ARGV[1] { cut[$1] = 1; next }
		    $1 == "R" && !($2 in cut) {
			sub(/^R [0-9]+ [0-9]+ [^ ]+ /, "")
			if ($4 == "SOA" && soa++) next
			print }' "$tmp/cut" "$tmp/entries" |
		    awk -F'\t' '{ $2 = ""; print }' | sort >"$tmp/zl.rrs"
		awk -F'\t' '$4 != "TYPE64999" { $2 = ""; print }' "$tmp/ldns" |
		    sort >"$tmp/ldns.rrs"
		if ! cmp -s "$tmp/zl.rrs" "$tmp/ldns.rrs"; then
			diff "$tmp/ldns.rrs" "$tmp/zl.rrs" |
			    sed -n 's/^< /only ldns:     /p; s/^> /only zonelint: /p' |
			    cut -c1-200 | head -6 >>"$problems"
		fi
	fi
	nd=$(wc -l <"$tmp/docs")
	documented=$((documented + nd))
	if [ -n "${VERBOSE:-}" ] && [ "$nd" -gt 0 ]; then
		echo "documented differences in $name:"
		sort "$tmp/docs" | uniq -c | sed 's/^/    /'
	fi
	if [ -s "$problems" ]; then
		fail=$((fail + 1))
		echo "FAIL $name (origin $org):"
		cut -c1-240 "$problems" | sed 's/^/    /' | head -12
	else
		pass=$((pass + 1))
	fi
done <"$tmp/files"
echo "differential: $pass files agree, $fail disagree ($skipped skipped: \$INCLUDE or binary); $agreed rejected entries confirmed by ldns, $documented documented differences"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
