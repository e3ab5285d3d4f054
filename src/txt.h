/* SPDX-License-Identifier: MIT */
/*
 * TXT RDATA as SPF, DKIM and DMARC see it: the character-strings of one
 * record decoded (quotes removed, escapes resolved) and joined with no
 * separator (RFC 7208 §3.3, RFC 6376 §3.6.2.2), with a map from every value
 * byte back to the source byte it came from, so that a finding about a term
 * points at the term's column and a fix can edit just those bytes.
 */
#ifndef ZL_TXT_H
#define ZL_TXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "lexer.h"
#include "zone.h"

struct zl_txt {
	char *val;             /* joined value, NUL-terminated (may hold NULs) */
	size_t len;
	uint32_t *map;         /* map[i]: source offset of val[i]; map[len]: end */
	size_t nstr;           /* character-strings */
	size_t *str_off;       /* value offset where string i starts; [nstr] = len */
	struct zl_entry entry; /* the re-lexed entry; RDATA = toks[rdata_tok..] */
	size_t rdata_tok;
	uint32_t src;
	const char *data;      /* the source's bytes (borrowed) */
	int bad_escape;        /* a \DDD above 255 was seen */
	/* private */
	size_t map_cap, str_cap;
	struct zl_buf buf;
};

void zl_txt_init(struct zl_txt *t);
/*
 * Decode a TXT (or SPF type 99) record. Returns 0, or -1 when the record is
 * generated ($GENERATE) or has RFC 3597 RDATA, which are not decoded.
 * t may be reused for another record without releasing it in between.
 */
int zl_txt_decode(struct zl_txt *t, const struct zl_zone *z,
    const struct zl_record *rec);
void zl_txt_release(struct zl_txt *t);

/*
 * The first bytes of a TXT record's value, without lexing or decoding the
 * whole entry: up to n bytes of the joined value into out. For a check
 * that only wants records starting with "v=spf1" or "v=DMARC1" this costs
 * a few dozen byte reads instead of a re-lex of a DKIM key.
 * Returns the number of bytes written (less than n only when the whole
 * value is shorter), -1 when the record is not decoded at all (as
 * zl_txt_decode() returns -1), or -2 when the entry is not in the plain
 * form this shortcut reads (an escape, a quote or comment where it does
 * not expect one, an unterminated string): call zl_txt_decode() then.
 * Whenever it returns n >= 0, out holds what zl_txt_decode() would put in
 * the first n bytes of val (tests/unit/test_txt.c checks it on every TXT
 * record of the corpus).
 */
int zl_txt_peek(const struct zl_zone *z, const struct zl_record *rec,
    char *out, size_t n);

/* Source range [*start, *end) of value bytes [voff, voff+vlen). */
void zl_txt_span(const struct zl_txt *t, size_t voff, size_t vlen,
    uint32_t *start, uint32_t *end);
/* Index of the string holding value offset voff. */
size_t zl_txt_string_at(const struct zl_txt *t, size_t voff);

/*
 * Presentation form of a value as one or more quoted character-strings of at
 * most 255 bytes, appended to out. Bytes outside printable ASCII, '"' and
 * '\' are escaped, so the text is always ASCII. When the value needs more
 * than one string and multiline is set, the strings are wrapped in
 * "( ... )" with one string per line, indented by indent.
 */
void zl_txt_format(struct zl_buf *out, const char *val, size_t len,
    int multiline, const char *indent, const char *eol);

#endif
