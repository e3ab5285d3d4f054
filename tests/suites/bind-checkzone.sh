#!/bin/sh
# SPDX-License-Identifier: MIT
# BIND's named-checkzone test zones against zonelint.
#
# $SHARED/corpus/zones/bind-checkzone/EXPECTATIONS.tsv says, for each file
# of BIND's checkzone system test, what named-checkzone does with it (and
# with which origin and flags). zonelint checks a subset of what BIND
# checks, so each file BIND rejects is classified below, with the reason:
#
#   syntax    BIND rejects the text itself (a record or directive it
#             cannot read): zonelint must report zone-syntax on the line
#             BIND names (any line of the same entry), or exit 2
#   cname     "CNAME and other data": zonelint must report
#             zone-cname-conflict (and no zone-syntax)
#   semantic  BIND rejects what the records mean (DNSSEC consistency,
#             delegations, check-names policy, RPZ): out of zonelint's
#             scope, nothing is required
#   skip      not a master file zonelint can be given as it is
#
# Files BIND loads (load-ok, load-ok+warn, every good-*) must give no
# zone-syntax, except where listed below with the reason. Files that
# $INCLUDE "zones/..." (a path BIND's test resolves from its working
# folder) are copied into a folder laid out the same way first.
#
# named-checkzone's flags (-i local, -k fail, -P, ...) have no zonelint
# equivalent and are only shown; the origin column is passed as --origin.
# Prints one line per file (verdict, file, BIND's flags, what zonelint
# did), then "N passed, M failed".
set -u
cd "$(dirname "$0")/../.." || exit 1
SHARED=${SHARED:-../shared}
DIR=$SHARED/corpus/zones/bind-checkzone
TSV=$DIR/EXPECTATIONS.tsv
ZL=${ZONELINT:-./zonelint}
case $ZL in /*) ;; *) ZL=$(pwd)/$ZL ;; esac
if [ ! -f "$TSV" ]; then
	echo "SKIP: $TSV not found (this test needs ../shared)"
	echo "0 passed, 0 failed"
	exit 0
fi
if [ ! -x "$ZL" ]; then
	echo "FAIL: $ZL not built"
	echo "0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# class<TAB>reason for a file BIND rejects
classify() { # file
	case $1 in
	bad-_dns-svcb[0-9].db)
		printf 'semantic\tSVCB at _dns needs alpn and a dohpath for HTTP (RFC 9461 §5): a check of what the record says' ;;
	bad-badclass.raw)
		printf 'skip\tBIND raw (binary) zone format, not a master file' ;;
	bad-tsig.db.j2)
		printf 'skip\tJinja template that BIND'"'"'s test renders into bad-tsig.db first' ;;
	bad-caa-rr.db)
		printf 'syntax\tCAA RDATA BIND cannot read (a fuzzed file)' ;;
	bad-cdnskey.db|bad-cds.db)
		printf 'semantic\tCDS/CDNSKEY do not match the DNSKEY RRset (DNSSEC, out of scope)' ;;
	bad-cname-and-*)
		printf 'cname\tCNAME and other data (RFC 1034 §3.6.2, RFC 2181 §10.1)' ;;
	bad-dhcid.db)
		printf 'syntax\tDHCID without its base64 data' ;;
	bad-dns-sd-reverse.db|bad-svcb-servername.db)
		printf 'semantic\tcheck-names (-k fail): a host-name policy, not master-file syntax' ;;
	bad-ds.db|bad-ds-2.db)
		printf 'semantic\tDS at the apex or away from a delegation (DNSSEC, out of scope)' ;;
	bad-eid.db)
		printf 'syntax\tEID without its hex data' ;;
	bad-eui48-*|bad-eui64-*)
		printf 'syntax\tEUI48/EUI64 not written as two-digit hex numbers joined by - (RFC 7043 §3.2)' ;;
	bad-generate-*|bad2.db|bad3.db|bad4.db)
		printf 'syntax\t$GENERATE BIND cannot read (range, modifier, type)' ;;
	bad-include-directory.db)
		printf 'syntax\t$INCLUDE of a folder' ;;
	bad-nsap-*)
		printf 'syntax\tNSAP not 0x and an even number of hex digits (RFC 1706 §6)' ;;
	bad-nsec3-length.db)
		printf 'syntax\tNSEC3 next hashed owner name not 20 bytes for SHA-1 (RFC 5155 §5)' ;;
	bad-nsec3-padded.db)
		printf 'syntax\tNSEC3 next hashed owner name with = padding (RFC 5155 §3.3)' ;;
	bad-nsec3owner-padded.db)
		printf 'semantic\tan NSEC3 owner name that is not a hash (check-names); the records themselves read' ;;
	bad-rpz-prefix.db)
		printf 'semantic\tRPZ trigger address not in canonical form (response policy, out of scope)' ;;
	bad-svcb-alpn*|bad-svcb.db)
		printf 'syntax\tSVCB parameters BIND cannot read (empty alpn id, unknown key)' ;;
	bad-svcb-mandatory.db)
		printf 'semantic\tSvcParams in AliasMode: BIND application policy (RFC 9460 §2.4.2)' ;;
	bad-tkey.db)
		printf 'syntax\tmeta type TKEY in a zone file' ;;
	bad-unspec.db)
		printf 'syntax\tUNSPEC RDATA BIND cannot read' ;;
	bad1.db)
		printf 'syntax\textra text after the RDATA' ;;
	badttl.db)
		printf 'syntax\t$TTL without a value' ;;
	er-missing.db)
		printf 'semantic\tno *._er TXT wildcard, an error only with -R fail' ;;
	ns-address-below-dname.db)
		printf 'semantic\tname server below a DNAME' ;;
	*)
		printf 'unknown\tnot classified in tests/suites/bind-checkzone.sh' ;;
	esac
}

# zone-syntax that is allowed in a file BIND loads, and why
allowed_syntax() { # file
	case $1 in
	crashzone.db)
		echo "RRSIG times in year 0010, which ldns (the RDATA reference) cannot convert; BIND reads them" ;;
	esac
}

# first and last line of the entry holding line n (parentheses span lines)
entry_lines() { # file n
	awk -v n="$2" '
	{
		if (depth == 0)
			start = NR
		line = $0
		q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (c == "\\") { i++; continue }
			if (c == "\"") q = !q
			else if (!q && c == ";") break
			else if (!q && c == "(") depth++
			else if (!q && c == ")" && depth > 0) depth--
		}
		if (depth == 0 && NR >= n) { print start, NR; exit }
	}
	END { if (NR < n) print n, n }' "$1"
}

pass=0
fail=0
# file origin options expected message (header lines start with # or "file")
while IFS='	' read -r file origin options expected message; do
	case $file in ''|'#'*|file) continue ;; esac
	f=$DIR/$file
	if [ ! -f "$f" ]; then
		echo "FAIL $file: listed in EXPECTATIONS.tsv but missing"
		fail=$((fail + 1))
		continue
	fi
	case $origin in *' '*|'') origin=example ;; esac
	# stage files that $INCLUDE zones/... as BIND's test lays them out
	run_dir=$DIR
	if grep -q '^\$INCLUDE[[:space:]]\{1,\}"\{0,1\}zones/' "$f"; then
		mkdir -p "$tmp/stage/zones"
		cp "$DIR"/*.db "$tmp/stage/zones/" 2>/dev/null
		cp "$f" "$tmp/stage/"
		run_dir=$tmp/stage
	fi
	(cd "$run_dir" && "$ZL" check --no-config --color never --format gcc \
	    --origin "$origin" "$file") >"$tmp/out" 2>"$tmp/err"
	st=$?
	syn=$(grep -c '\[zone-syntax\]' "$tmp/out")
	lines=$(sed -n 's/^[^:]*:\([0-9][0-9]*\):[0-9]*: .*\[zone-syntax\]$/\1/p' "$tmp/out" | tr '\n' ' ')
	verdict=ok
	case $expected in
	load-fail)
		cls=$(classify "$file")
		class=${cls%%	*}
		why=${cls#*	}
		case $class in
		syntax)
			# BIND's line: "file:N:", "<file>:N:" or "lines N,M"
			bl=$(printf '%s\n' "$message" |
			    sed -n 's/.*lines \([0-9][0-9]*\).*/\1/p; s/.*\(db\|>\):\([0-9][0-9]*\):.*/\2/p' | head -1)
			if [ $st -ge 128 ]; then
				verdict=FAIL
				detail="crashed (exit $st)"
			elif [ $st = 2 ]; then
				detail="exit 2: $(head -1 "$tmp/err")"
			elif [ "$syn" = 0 ]; then
				verdict=FAIL
				detail="no zone-syntax (exit $st)"
			elif [ -n "$bl" ]; then
				# shellcheck disable=SC2046
				set -- $(entry_lines "$f" "$bl")
				hit=""
				for l in $lines; do
					[ "$l" -ge "$1" ] && [ "$l" -le "$2" ] && hit=$l
				done
				if [ -n "$hit" ]; then
					detail="zone-syntax at line $hit (BIND: line $bl)"
				else
					verdict=FAIL
					detail="zone-syntax at lines ${lines}but BIND names line $bl"
				fi
			else
				detail="zone-syntax at lines $lines"
			fi ;;
		cname)
			if grep -q '\[zone-cname-conflict\]' "$tmp/out" && [ "$syn" = 0 ]; then
				detail="zone-cname-conflict"
			elif [ "$file" = bad-cname-and-key.db ]; then
				verdict=KNOWN
				detail="no zone-cname-conflict: check_zone.c counts KEY as DNSSEC data, which RFC 2535 §2.3.5 let stand beside a CNAME; BIND (RFC 4035 §2.5) does not"
			else
				verdict=FAIL
				detail="zone-cname-conflict missing or zone-syntax at lines $lines"
			fi ;;
		semantic|skip)
			verdict=$(echo "$class" | tr a-z A-Z)
			detail="$why; zonelint exit $st, zone-syntax $syn"
			[ $st -ge 128 ] && { verdict=FAIL; detail="crashed (exit $st)"; } ;;
		*)
			verdict=FAIL
			detail="$why" ;;
		esac
		[ "$class" = syntax ] && detail="$detail [$why]" ;;
	load-ok*|*"load-ok / load-fail"*)
		allowed=$(allowed_syntax "$file")
		if [ $st -ge 2 ]; then
			verdict=FAIL
			detail="exit $st: $(head -1 "$tmp/err")"
		elif [ "$syn" != 0 ] && [ -z "$allowed" ]; then
			verdict=FAIL
			detail="BIND loads it, zonelint reports zone-syntax at lines $lines: $(grep -m1 '\[zone-syntax\]' "$tmp/out")"
		elif [ "$syn" != 0 ]; then
			verdict=KNOWN
			detail="zone-syntax at lines ${lines}: $allowed"
		else
			detail="no zone-syntax"
		fi ;;
	include-fragment)
		verdict=SKIP
		detail="read only through \$INCLUDE from another file" ;;
	*)
		verdict=FAIL
		detail="unknown expectation '$expected'" ;;
	esac
	printf '%-8s %-38s %-22s %s\n' "$verdict" "$file" "[${options:-}]" "$detail"
	case $verdict in FAIL) fail=$((fail + 1)) ;; *) pass=$((pass + 1)) ;; esac
done <"$TSV"
echo "bind-checkzone: KNOWN and SEMANTIC lines are allowed differences, SKIP files are not master files"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
