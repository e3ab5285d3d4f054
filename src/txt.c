/* SPDX-License-Identifier: MIT */
/* TXT decoding with a source map; see txt.h. */
#include "txt.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
zl_txt_init(struct zl_txt *t)
{
	memset(t, 0, sizeof(*t));
}

void
zl_txt_release(struct zl_txt *t)
{
	free(t->map);
	free(t->str_off);
	zl_entry_release(&t->entry);
	zl_buf_release(&t->buf);
	memset(t, 0, sizeof(*t));
}

int
zl_txt_decode(struct zl_txt *t, const struct zl_zone *z,
    const struct zl_record *rec)
{
	const struct zl_source *s = z->sources[rec->src];
	size_t map_len = 0;
	size_t n;

	zl_buf_reset(&t->buf);
	t->len = 0;
	t->nstr = 0;
	t->bad_escape = 0;
	t->src = rec->src;
	t->data = s->data;
	if (rec->flags & (ZL_REC_GENERATED | ZL_REC_UNKNOWN_FORMAT)) {
		t->val = zl_buf_reserve(&t->buf, 0);
		t->val[0] = '\0';
		return -1;
	}
	zl_record_entry(z, rec, &t->entry);
	t->rdata_tok = rec->rdata_tok;
	n = t->entry.ntoks > t->rdata_tok ? t->entry.ntoks - t->rdata_tok : 0;
	if (n + 1 > t->str_cap)
		t->str_off = zl_xgrow(t->str_off, sizeof(*t->str_off), n + 1,
		    &t->str_cap);
	for (size_t i = 0; i < n; i++) {
		const struct zl_token *tok = &t->entry.toks[t->rdata_tok + i];

		t->str_off[t->nstr++] = t->buf.len;
		if (!(tok->flags & ZL_TOKF_ESCAPE)) {
			/*
			 * The common case, no escapes: copy the bytes and
			 * map them one to one (zl_token_decode() grows the
			 * buffers a byte at a time, which shows on zones
			 * with a million TXT records).
			 */
			size_t a = tok->start, b = tok->end, k;

			if (tok->kind == ZL_TOK_QUOTED) {
				a++;
				if (!(tok->flags & ZL_TOKF_UNTERMINATED) && b > a)
					b--;
			}
			zl_buf_add(&t->buf, s->data + a, b - a);
			t->map = zl_xgrow(t->map, sizeof(*t->map),
			    map_len + (b - a) + 2, &t->map_cap);
			for (k = a; k < b; k++)
				t->map[map_len++] = (uint32_t)k;
			continue;
		}
		if (zl_token_decode(s->data, tok, &t->buf, &t->map, &map_len,
		    &t->map_cap) != 0)
			t->bad_escape = 1;
	}
	t->str_off[t->nstr] = t->buf.len;
	t->map = zl_xgrow(t->map, sizeof(*t->map), map_len + 1, &t->map_cap);
	/* the end maps to the end of the last token's text */
	if (n > 0) {
		const struct zl_token *last = &t->entry.toks[t->rdata_tok + n - 1];

		t->map[map_len] = last->kind == ZL_TOK_QUOTED &&
		    !(last->flags & ZL_TOKF_UNTERMINATED) ? last->end - 1 : last->end;
	} else {
		t->map[map_len] = rec->end;
	}
	zl_buf_reserve(&t->buf, 0);
	t->buf.data[t->buf.len] = '\0';
	t->val = t->buf.data;
	t->len = t->buf.len;
	return 0;
}

/* Byte classes for zl_txt_peek(): word bytes, separators, the rest. */
enum { P_WORD = 0, P_SEP, P_QUOTE, P_SEMI, P_BSLASH };

static const unsigned char peek_cls[256] = {
	[' '] = P_SEP, ['\t'] = P_SEP, ['\r'] = P_SEP, ['\n'] = P_SEP,
	['('] = P_SEP, [')'] = P_SEP, ['"'] = P_QUOTE, [';'] = P_SEMI,
	['\\'] = P_BSLASH,
};

int
zl_txt_peek(const struct zl_zone *z, const struct zl_record *rec, char *out,
    size_t n)
{
	const char *d = z->sources[rec->src]->data;
	size_t p = rec->start, end = rec->end, got = 0;
	unsigned skip = rec->rdata_tok;

	if (rec->flags & (ZL_REC_GENERATED | ZL_REC_UNKNOWN_FORMAT))
		return -1;
	/* the owner, TTL, class and type: plain words, maybe parentheses */
	while (skip > 0) {
		while (p < end && peek_cls[(unsigned char)d[p]] == P_SEP)
			p++;
		if (p >= end)
			return -2;
		for (; p < end; p++) {
			unsigned c = peek_cls[(unsigned char)d[p]];

			if (c == P_SEP)
				break;
			if (c != P_WORD)
				return -2;
		}
		skip--;
	}
	/* the RDATA strings, joined */
	while (got < n) {
		while (p < end) {
			unsigned c = peek_cls[(unsigned char)d[p]];

			if (c == P_SEP) {
				p++;
			} else if (c == P_SEMI) {
				/* a comment runs to the end of its line */
				const char *nl = memchr(d + p, '\n', end - p);

				p = nl != NULL ? (size_t)(nl - d) : end;
			} else {
				break;
			}
		}
		if (p >= end)
			return (int)got;
		if (d[p] == '"') {
			for (p++;; p++) {
				if (p >= end || d[p] == '\n' || d[p] == '\\')
					return -2;   /* unterminated, or an escape */
				if (d[p] == '"')
					break;
				if (got == n)
					return (int)got;
				out[got++] = d[p];
			}
			p++;
			/* what the lexer makes of "a"b or "a""b" is its business */
			if (p < end && peek_cls[(unsigned char)d[p]] != P_SEP &&
			    d[p] != ';')
				return -2;
		} else {
			for (; p < end; p++) {
				unsigned c = peek_cls[(unsigned char)d[p]];

				if (c == P_SEP || c == P_SEMI)
					break;
				if (c != P_WORD)
					return -2;
				if (got == n)
					return (int)got;
				out[got++] = d[p];
			}
		}
	}
	return (int)got;
}

void
zl_txt_span(const struct zl_txt *t, size_t voff, size_t vlen, uint32_t *start,
    uint32_t *end)
{
	if (voff > t->len)
		voff = t->len;
	if (voff + vlen > t->len)
		vlen = t->len - voff;
	*start = t->map[voff];
	if (vlen == 0) {
		*end = *start;
		return;
	}
	/* end: one past the source of the last byte; an escape is 2 or 4 bytes */
	{
		uint32_t last = t->map[voff + vlen - 1];
		uint32_t w = 1;

		if (t->data != NULL && t->data[last] == '\\') {
			char c = t->data[last + 1];

			w = (c >= '0' && c <= '9') ? 4 : 2;
		}
		*end = last + w;
	}
}

size_t
zl_txt_string_at(const struct zl_txt *t, size_t voff)
{
	size_t lo = 0, hi = t->nstr;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (t->str_off[mid] <= voff)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void
zl_txt_format(struct zl_buf *out, const char *val, size_t len, int multiline,
    const char *indent, const char *eol)
{
	size_t nstr = len == 0 ? 1 : (len + 254) / 255;
	int wrap = multiline && nstr > 1;

	if (wrap)
		zl_buf_adds(out, "( ");
	for (size_t i = 0; i < nstr; i++) {
		size_t a = i * 255, b = a + 255 > len ? len : a + 255;

		if (i > 0) {
			if (wrap) {
				zl_buf_adds(out, eol);
				zl_buf_adds(out, indent);
			} else {
				zl_buf_addc(out, ' ');
			}
		}
		zl_buf_addc(out, '"');
		for (size_t k = a; k < b; k++) {
			unsigned char c = (unsigned char)val[k];

			if (c == '"' || c == '\\') {
				zl_buf_addc(out, '\\');
				zl_buf_addc(out, (char)c);
			} else if (c < 0x20 || c >= 0x7f) {
				zl_buf_addf(out, "\\%03u", c);
			} else {
				zl_buf_addc(out, (char)c);
			}
		}
		zl_buf_addc(out, '"');
	}
	if (wrap)
		zl_buf_adds(out, " )");
}
