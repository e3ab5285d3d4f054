/* SPDX-License-Identifier: MIT */
/*
 * Loader: record spans and lines, owners (blank, '@', relative, $ORIGIN),
 * TTL defaults and TTL/class order, CRLF, escapes, $GENERATE, $INCLUDE,
 * the RDATA fast paths, and loading on after an error.
 */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "source.h"
#include "zone.h"

#define SOA "@ 3600 IN SOA ns.example.com. host.example.com. 1 2 3 4 5\n"

/* Presentation text of a record's owner (in a static buffer). */
static const char *
owner_of(const struct zl_zone *z, size_t i)
{
	static char buf[1100];

	return zl_zone_name_text(z, z->recs[i].owner, buf);
}

static unsigned
line_of(const struct zl_zone *z, uint32_t src, uint32_t off)
{
	return zl_source_line(z->sources[src], off);
}

static void
test_multiline_spans(void **state)
{
	const char *text = "$TTL 300\n"
	    "@ IN SOA ns host (\n"
	    "\t1 ; serial\n"
	    "\t2 3 4 5 )\n"
	    "www IN A 192.0.2.1 ; after\n";
	struct zl_zone *z = zl_test_zone(text);
	const struct zl_record *r;

	(void)state;
	assert_non_null(z);
	assert_int_equal(z->nrecs, 2);
	assert_int_equal(z->nerrs, 0);
	r = &z->recs[0];
	assert_int_equal(r->type, 6);
	/* the entry runs from its first byte to the end of its last line */
	assert_int_equal(r->start, strstr(text, "@ IN SOA") - text);
	assert_int_equal(r->end, strstr(text, "\nwww") - text);
	assert_int_equal(line_of(z, 0, r->start), 2);
	assert_int_equal(line_of(z, 0, r->end), 4);
	assert_int_equal(z->soa, 0);
	r = &z->recs[1];
	assert_int_equal(line_of(z, 0, r->start), 5);
	/* the comment belongs to the entry */
	assert_int_equal(r->end, strlen(text) - 1);
	assert_string_equal(owner_of(z, 1), "www.example.com.");
	zl_zone_free(z);
}

static void
test_owners(void **state)
{
	const char *text = "$ORIGIN example.com.\n" SOA
	    "a IN A 192.0.2.1\n"
	    "\tIN AAAA 2001:db8::1\n"
	    "  IN TXT \"x\"\n"
	    "b.example.com. IN A 192.0.2.2\n"
	    "@ IN MX 10 a\n"
	    "$ORIGIN sub.example.com.\n"
	    "c IN A 192.0.2.3\n"
	    "@ IN A 192.0.2.4\n"
	    "\\065\\.x IN A 192.0.2.5\n";
	struct zl_zone *z = zl_test_zone(text);
	uint32_t a;

	(void)state;
	assert_non_null(z);
	assert_int_equal(z->nerrs, 0);
	assert_int_equal(z->nrecs, 9);
	assert_string_equal(owner_of(z, 1), "a.example.com.");
	assert_string_equal(owner_of(z, 2), "a.example.com.");
	assert_true(z->recs[2].flags & ZL_REC_BLANK_OWNER);
	assert_string_equal(owner_of(z, 3), "a.example.com.");
	assert_string_equal(owner_of(z, 4), "b.example.com.");
	assert_string_equal(owner_of(z, 5), "example.com.");
	assert_string_equal(owner_of(z, 6), "c.sub.example.com.");
	assert_string_equal(owner_of(z, 7), "sub.example.com.");
	/* escapes: \065 is 'a' (names are kept in lower case), \. a dot */
	assert_string_equal(owner_of(z, 8), "a\\.x.sub.example.com.");
	/* the owner's chain: its records in file order */
	a = zl_zone_find_text(z, "a");
	assert_int_equal(a, z->recs[1].owner);
	{
		unsigned n = 0;

		for (uint32_t r = z->names[a].first; r != ZL_NONE; r = z->recs[r].next)
			n++;
		assert_int_equal(n, 3);
	}
	assert_int_equal(z->names[a].first, 1);
	assert_int_equal(z->recs[1].next, 2);
	assert_int_equal(z->recs[2].next, 3);
	assert_int_equal(z->recs[3].next, ZL_NONE);
	/* the origin in effect where each record is */
	assert_int_equal(zl_zone_origin_at(z, 0, z->recs[1].start), z->origin);
	assert_int_equal(zl_zone_origin_at(z, 0, z->recs[6].start),
	    zl_zone_find_text(z, "sub.example.com."));
	zl_zone_free(z);
}

static void
test_ttl_defaults_and_order(void **state)
{
	/* no $TTL: the SOA's TTL, then the last explicit TTL (RFC 1035 §5.1) */
	const char *t1 = "@ 7200 IN SOA ns host 1 2 3 4 600\n"
	    "a IN A 192.0.2.1\n"
	    "b 60 IN A 192.0.2.2\n"
	    "c IN A 192.0.2.3\n";
	/* $TTL wins over the last TTL; units; class before TTL */
	const char *t2 = "$TTL 1h30m\n" SOA
	    "a IN A 192.0.2.1\n"
	    "b 60 IN A 192.0.2.2\n"
	    "c IN A 192.0.2.3\n"
	    "d IN 1w A 192.0.2.4\n"
	    "e 2d IN A 192.0.2.5\n"
	    "f in 10 txt \"lower case works\"\n";
	struct zl_zone *z;

	(void)state;
	z = zl_test_zone(t1);
	assert_non_null(z);
	assert_int_equal(z->nerrs, 0);
	assert_int_equal(zl_record_ttl(z, &z->recs[1]), 7200);
	assert_int_equal(zl_record_ttl(z, &z->recs[2]), 60);
	assert_int_equal(zl_record_ttl(z, &z->recs[3]), 60);
	zl_zone_free(z);

	z = zl_test_zone(t2);
	assert_non_null(z);
	assert_int_equal(z->nerrs, 0);
	assert_int_equal(z->nrecs, 7);
	assert_int_equal(zl_record_ttl(z, &z->recs[1]), 5400);
	assert_int_equal(zl_record_ttl(z, &z->recs[2]), 60);
	assert_int_equal(zl_record_ttl(z, &z->recs[3]), 5400);
	assert_int_equal(zl_record_ttl(z, &z->recs[4]), 604800);
	assert_int_equal(zl_record_class(z, &z->recs[4]), 1);
	assert_int_equal(zl_record_ttl(z, &z->recs[5]), 172800);
	assert_int_equal(zl_record_ttl(z, &z->recs[6]), 10);
	assert_int_equal(z->recs[6].type, 16);
	zl_zone_free(z);
}

static void
test_crlf(void **state)
{
	const char *text = "$TTL 300\r\n" SOA
	    "a IN TXT ( \"one\"\r\n"
	    "\t\"two\" )\r\n"
	    "b IN A 192.0.2.1\r\n";
	struct zl_zone *z = zl_test_zone(text);
	const struct zl_record *r;

	(void)state;
	assert_non_null(z);
	assert_int_equal(z->nerrs, 0);
	assert_int_equal(z->nrecs, 3);
	assert_true(z->sources[0]->crlf);
	r = &z->recs[1];
	/* spans end before the CR */
	assert_int_equal(text[r->end], '\r');
	assert_int_equal(line_of(z, 0, r->end), 4);
	assert_int_equal(text[z->recs[2].end], '\r');
	zl_zone_free(z);
}

static void
test_error_then_continue(void **state)
{
	const char *text = "$TTL 300\n" SOA
	    "a IN A 192.0.2.1\n"
	    "b IN A 192.0.2.300\n"
	    "\tIN TXT \"takes b as its owner\"\n"
	    "c IN MX 65536 mail\n"
	    "d IN NOSUCHTYPE x\n"
	    "e IN A 01.2.3.4\n"
	    "f IN CNAME ..\n"
	    "g IN A 192.0.2.7\n";
	struct zl_zone *z = zl_test_zone(text);

	(void)state;
	assert_non_null(z);
	assert_int_equal(z->nerrs, 5);
	assert_int_equal(line_of(z, 0, z->errs[0].off), 4);
	assert_non_null(strstr(z->errs[0].msg, "192.0.2.300"));
	assert_int_equal(line_of(z, 0, z->errs[1].off), 6);
	assert_int_equal(line_of(z, 0, z->errs[2].off), 7);
	assert_non_null(strstr(z->errs[2].msg, "NOSUCHTYPE"));
	/* glibc's inet_pton, which ldns uses, rejects a leading zero */
	assert_int_equal(line_of(z, 0, z->errs[3].off), 8);
	assert_int_equal(line_of(z, 0, z->errs[4].off), 9);
	/* the column points at the bad field */
	assert_int_equal(z->errs[0].off, strstr(text, "192.0.2.300") - text);
	/* loading went on: a, b's TXT, g */
	assert_int_equal(z->nrecs, 4);
	assert_string_equal(owner_of(z, 2), "b.example.com.");
	assert_int_equal(z->recs[2].type, 16);
	assert_string_equal(owner_of(z, 3), "g.example.com.");
	zl_zone_free(z);
}

static void
test_lexical_errors(void **state)
{
	/* an unclosed '(' does not swallow the rest of the file */
	const char *text = "$TTL 300\n" SOA
	    "a IN TXT ( \"open\"\n"
	    "b IN A 192.0.2.1\n"
	    "c IN TXT \"not closed\n"
	    "d IN A 192.0.2.2\n";
	struct zl_zone *z = zl_test_zone(text);

	(void)state;
	assert_non_null(z);
	assert_int_equal(z->nerrs, 2);
	assert_int_equal(line_of(z, 0, z->errs[0].off), 3);
	assert_non_null(strstr(z->errs[0].msg, "unclosed"));
	assert_int_equal(line_of(z, 0, z->errs[1].off), 5);
	assert_int_equal(z->nrecs, 3);
	assert_string_equal(owner_of(z, 1), "b.example.com.");
	assert_string_equal(owner_of(z, 2), "d.example.com.");
	zl_zone_free(z);
}

static void
test_generate(void **state)
{
	const char *text = "$TTL 300\n" SOA
	    "$GENERATE 1-3 host$ A 192.0.2.$\n"
	    "$GENERATE 10-14/2 ${0,3,d} CNAME x${-9,2,x}\n"
	    "$GENERATE 1024-1025 ${0,3,n} AAAA 2001:db8::1\n"
	    "$GENERATE 1-2 bad${0,3,q} A 192.0.2.1\n"
	    "after IN A 192.0.2.9\n";
	struct zl_zone *z = zl_test_zone(text);

	(void)state;
	assert_non_null(z);
	assert_int_equal(z->nerrs, 1);
	assert_int_equal(line_of(z, 0, z->errs[0].off), 6);
	assert_int_equal(z->nrecs, 1 + 3 + 3 + 2 + 1);
	assert_string_equal(owner_of(z, 1), "host1.example.com.");
	assert_string_equal(owner_of(z, 3), "host3.example.com.");
	assert_true(z->recs[1].flags & ZL_REC_GENERATED);
	/* the span of a generated record is the directive */
	assert_int_equal(line_of(z, 0, z->recs[2].start), 3);
	assert_string_equal(owner_of(z, 4), "010.example.com.");
	assert_string_equal(owner_of(z, 6), "014.example.com.");
	assert_int_equal(z->recs[4].type, 5);
	/* nibble mode, as BIND: 1024 = 0x400 */
	assert_string_equal(owner_of(z, 7), "0.0.4.example.com.");
	assert_string_equal(owner_of(z, 8), "1.0.4.example.com.");
	assert_string_equal(owner_of(z, 9), "after.example.com.");
	zl_zone_free(z);
}

static void
test_fast_paths(void **state)
{
	const char *text = "$TTL 300\n" SOA
	    "a IN MX 0 mail.example.com.example.com\n"
	    "b IN SRV 1 2 65535 target\n"
	    "c IN TXT \"" /* 256 bytes: loads, flagged */
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "\"\n"
	    "d IN TXT \"a\\\\\" \"b\\\"c\" \"\\255\"\n"
	    "e.example.com IN A 192.0.2.1\n"
	    "f IN TYPE65280 \\# 2 abcd\n"
	    "g IN RESINFO qnamemin\n"
	    "h IN EUI48 00-11-22-33-44-55\n"
	    "i IN EUI48 0-11-22-33-44-55\n"
	    "j ANY A 192.0.2.1\n"
	    "k IN AAAA 2001:db8::1::2\n";
	struct zl_zone *z = zl_test_zone(text);

	(void)state;
	assert_non_null(z);
	assert_int_equal(z->nrecs, 9);
	assert_true(z->recs[1].flags & ZL_REC_DOUBLED);
	assert_int_equal(z->recs[2].type, 33);
	assert_true(z->recs[3].flags & ZL_REC_TXT_LONG);
	assert_false(z->recs[4].flags & ZL_REC_TXT_LONG);
	assert_true(z->recs[5].flags & ZL_REC_OWNER_DOUBLED);
	assert_int_equal(z->recs[6].type, 65280);
	assert_true(z->recs[6].flags & ZL_REC_UNKNOWN_FORMAT);
	/* a registered type ldns does not know loads */
	assert_int_equal(z->recs[7].type, 261);
	assert_int_equal(z->recs[8].type, 108);
	assert_int_equal(z->nerrs, 3);
	assert_non_null(strstr(z->errs[0].msg, "RFC 7043"));
	assert_non_null(strstr(z->errs[1].msg, "ANY"));
	assert_int_equal(line_of(z, 0, z->errs[2].off), 13);
	zl_zone_free(z);
}

static void
test_record_text(void **state)
{
	const char *text = "$ORIGIN example.com.\n$TTL 300\n" SOA
	    "$ORIGIN sub.example.com.\n"
	    "a 60 IN TXT ( \"v=spf1\" ; comment\n"
	    "\t\" -all\" )\n"
	    "s IN SVCB 1 . alpn=\"h2,h3\"\n";
	struct zl_zone *z = zl_test_zone(text);
	struct zl_entry e;
	struct zl_buf b = ZL_BUF_INIT;

	(void)state;
	memset(&e, 0, sizeof(e));
	assert_non_null(z);
	assert_int_equal(z->nerrs, 0);
	zl_record_text(z, &z->recs[1], &e, &b);
	assert_string_equal(b.data, "a.sub.example.com. 60 IN TXT \"v=spf1\" \" -all\"");
	zl_buf_reset(&b);
	/* tokens that touch stay together: alpn="h2,h3" is one field */
	zl_record_text(z, &z->recs[2], &e, &b);
	assert_string_equal(b.data, "s.sub.example.com. 300 IN SVCB 1 . alpn=\"h2,h3\"");
	zl_buf_release(&b);
	zl_entry_release(&e);
	zl_zone_free(z);
}

static void
test_names_limits(void **state)
{
	/* 4 labels of 63, 63, 63 and 62 bytes: 256 bytes in wire form */
	char text[1024];
	char l63[64], l62[63];
	struct zl_zone *z;

	(void)state;
	memset(l63, 'a', 63);
	l63[63] = '\0';
	memset(l62, 'b', 62);
	l62[62] = '\0';
	snprintf(text, sizeof(text), "$TTL 300\n" SOA
	    "%s.%s.%s.%s. IN A 192.0.2.1\n"
	    "%s.%s.%s.%.61s. IN A 192.0.2.2\n",
	    l63, l63, l63, l62, l63, l63, l63, l62);
	z = zl_test_zone(text);
	assert_non_null(z);
	assert_int_equal(z->nerrs, 1);
	assert_int_equal(line_of(z, 0, z->errs[0].off), 3);
	assert_non_null(strstr(z->errs[0].msg, "255"));
	assert_int_equal(z->nrecs, 2);
	zl_zone_free(z);
}

/* $INCLUDE: relative to the including file; findings name the file. */
static void
test_include(void **state)
{
	char dir[] = "/tmp/zl-test-loader-XXXXXX";
	char path[300], inc[300], sub[300];
	struct zl_zone *z = NULL;
	struct zl_load_opts lo;
	char *why = NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/inc", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(path, sizeof(path), "%s/db.example.com", dir);
	snprintf(inc, sizeof(inc), "%s/inc/hosts.inc", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("$ORIGIN example.com.\n$TTL 300\n" SOA
	    "$INCLUDE inc/hosts.inc sub\n"
	    "after IN A 192.0.2.9\n"
	    "$INCLUDE inc/missing.inc\n", f);
	fclose(f);
	f = fopen(inc, "w");
	assert_non_null(f);
	fputs("h1 IN A 192.0.2.1\nh2 IN A 192.0.2.999\n"
	    "$INCLUDE hosts.inc\n", f);
	fclose(f);
	memset(&lo, 0, sizeof(lo));
	assert_int_equal(zl_zone_load(&z, path, &lo, &why), 0);
	assert_non_null(z);
	assert_int_equal(z->nsources, 2);
	assert_int_equal(z->nrecs, 3);
	assert_string_equal(owner_of(z, 1), "h1.sub.example.com.");
	assert_int_equal(z->recs[1].src, 1);
	/* the origin reverts after the included file (RFC 1035 §5.1) */
	assert_string_equal(owner_of(z, 2), "after.example.com.");
	assert_int_equal(z->nerrs, 3);
	/* the bad address and the loop are in the included file */
	assert_int_equal(z->errs[0].src, 1);
	assert_int_equal(line_of(z, 1, z->errs[0].off), 2);
	assert_non_null(strstr(z->sources[1]->name, "hosts.inc"));
	assert_int_equal(z->errs[1].src, 1);
	assert_non_null(strstr(z->errs[1].msg, "loop"));
	assert_int_equal(z->errs[2].src, 0);
	assert_non_null(strstr(z->errs[2].msg, "missing.inc"));
	zl_zone_free(z);
	unlink(inc);
	unlink(path);
	rmdir(sub);
	rmdir(dir);
}

/*
 * The sparse line index against counting line breaks by hand, at every
 * offset of texts with empty lines, CRLF, and with and without a final
 * line break, across several index strides.
 */
static void
test_line_index(void **state)
{
	static const char *texts[] = {
		"", "\n", "a", "a\n", "\n\n\n", "a\r\nb\r\n\r\nc",
		NULL,
	};
	char big[4000];
	size_t bl = 0;

	(void)state;
	/* lines of 0..13 bytes, more than a few strides of them */
	for (unsigned i = 0; bl + 20 < sizeof(big); i++) {
		for (unsigned k = 0; k < i % 14; k++)
			big[bl++] = (char)('a' + k);
		big[bl++] = '\n';
	}
	big[bl] = '\0';
	texts[6] = big;
	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		const char *x = texts[t];
		size_t n = strlen(x);
		struct zl_source *s = zl_source_from_mem("t", x, n);
		unsigned line = 1, nlines = 1;
		size_t ls = 0;

		for (size_t i = 0; i + 1 < n; i++)
			if (x[i] == '\n')
				nlines++;
		assert_int_equal(s->nlines, nlines);
		for (size_t off = 0; off <= n; off++) {
			struct zl_pos p = zl_source_pos(s, off);

			if (off > 0 && x[off - 1] == '\n' && off < n) {
				line++;
				ls = off;
			}
			assert_int_equal(zl_source_line(s, off), line);
			assert_int_equal(p.line, line);
			assert_int_equal(p.col, off - ls + 1);
			assert_int_equal(zl_source_line_start(s, line), ls);
		}
		for (unsigned l = 1; l <= nlines; l++) {
			size_t a, b, e;

			zl_source_line_span(s, l, &a, &b);
			assert_int_equal(a, zl_source_line_start(s, l));
			e = l < nlines ? zl_source_line_start(s, l + 1) : n;
			if (e > a && x[e - 1] == '\n')
				e--;
			if (e > a && x[e - 1] == '\r')
				e--;
			assert_int_equal(b, e);
		}
		assert_int_equal(zl_source_line_start(s, nlines + 1), n);
		zl_source_free(s);
	}
}

/* More distinct (TTL, class) pairs than the shared table holds. */
static void
test_many_ttls(void **state)
{
	struct zl_buf b = ZL_BUF_INIT;
	struct zl_zone *z;

	(void)state;
	zl_buf_adds(&b, SOA);
	for (unsigned i = 0; i < 70000; i++)
		zl_buf_addf(&b, "h%u %u %s A 192.0.2.1\n", i % 7, 1000 + i,
		    i % 3 == 0 ? "CH" : "IN");
	z = zl_test_zone(b.data);
	assert_non_null(z);
	assert_int_equal(z->nrecs, 70001);
	assert_true(z->nattr_more > 0);
	for (unsigned i = 0; i < 70000; i++) {
		const struct zl_record *r = &z->recs[i + 1];

		assert_int_equal(zl_record_ttl(z, r), 1000 + i);
		assert_int_equal(zl_record_class(z, r), i % 3 == 0 ? 3 : 1);
	}
	assert_int_equal(zl_record_ttl(z, &z->recs[0]), 3600);
	assert_int_equal(sizeof(struct zl_record), 24);
	zl_zone_free(z);
	zl_buf_release(&b);
}

/* Names below the origin are stored without it and put together again. */
static void
test_name_storage(void **state)
{
	struct zl_zone *z = zl_test_zone(SOA
	    "a 300 IN A 192.0.2.1\n"
	    "b.c 300 IN A 192.0.2.1\n"
	    "www.example.net. 300 IN A 192.0.2.1\n"
	    "example.com.example.net. 300 IN A 192.0.2.1\n");
	size_t total = 0;
	uint8_t buf[ZL_NAME_MAX];
	char text[1100];

	(void)state;
	assert_non_null(z);
	for (uint32_t id = 0; id < z->nnames; id++) {
		size_t len;
		const uint8_t *w = zl_zone_name_wire(z, id, buf, &len);

		total += len;
		/* the whole name finds itself */
		assert_int_equal(zl_zone_find_name(z, w, len), id);
		zl_name_to_text(w, len, text);
		assert_int_equal(zl_zone_find_text(z, text), id);
	}
	assert_true(z->names[zl_zone_find_text(z, "b.c")].flags &
	    ZL_NAME_UNDER_ORIGIN);
	assert_false(z->names[z->origin].flags & ZL_NAME_UNDER_ORIGIN);
	assert_false(z->names[zl_zone_find_text(z, "www.example.net.")].flags &
	    ZL_NAME_UNDER_ORIGIN);
	assert_string_equal(zl_zone_name_text(z, zl_zone_find_text(z, "b.c"),
	    text), "b.c.example.com.");
	assert_string_equal(zl_zone_name_text(z,
	    zl_zone_find_text(z, "example.com.example.net."), text),
	    "example.com.example.net.");
	assert_true(z->pool_len < total);
	assert_int_equal(zl_zone_find_text(z, "c"), ZL_NONE);
	zl_zone_free(z);
	/*
	 * The loader's shortcut for an owner equal to the one before must
	 * compare whole names: here the pool holds "a" of a.example.com.
	 * right before all of example.net., the bytes of a.example.net.
	 */
	z = zl_test_zone(SOA
	    "a 300 IN A 192.0.2.1\n"
	    "example.net. 300 IN A 192.0.2.1\n"
	    "a 300 IN A 192.0.2.2\n"
	    "a.example.net. 300 IN A 192.0.2.3\n");
	assert_non_null(z);
	assert_int_equal(z->nrecs, 5);
	assert_string_equal(owner_of(z, 3), "a.example.com.");
	assert_string_equal(owner_of(z, 4), "a.example.net.");
	zl_zone_free(z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multiline_spans),
		cmocka_unit_test(test_owners),
		cmocka_unit_test(test_ttl_defaults_and_order),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_error_then_continue),
		cmocka_unit_test(test_lexical_errors),
		cmocka_unit_test(test_generate),
		cmocka_unit_test(test_fast_paths),
		cmocka_unit_test(test_record_text),
		cmocka_unit_test(test_names_limits),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_line_index),
		cmocka_unit_test(test_many_ttls),
		cmocka_unit_test(test_name_storage),
	};

	return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
