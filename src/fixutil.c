/* SPDX-License-Identifier: MIT */
/* Edits shared by the rule families; see fixutil.h. */
#include "fixutil.h"

#include <string.h>

#include "txt.h"

const char *
zl_source_eol(const struct zl_source *s)
{
	return s->crlf ? "\r\n" : "\n";
}

void
zl_fix_add_line(struct zl_fix *f, const struct zl_zone *z,
    const struct zl_record *after, const char *line)
{
	const struct zl_source *s = z->sources[after ? after->src : 0];
	const char *eol = zl_source_eol(s);
	struct zl_buf b = ZL_BUF_INIT;
	size_t at;

	if (after != NULL) {
		unsigned ln = zl_source_line(s, after->end);

		at = zl_source_line_start(s, ln + 1);
	} else {
		at = s->len;
	}
	if (at == s->len && s->len > 0 && s->data[s->len - 1] != '\n')
		zl_buf_adds(&b, eol);
	zl_buf_adds(&b, line);
	zl_buf_adds(&b, eol);
	zl_fix_insert(f, after ? after->src : 0, (uint32_t)at, b.data);
	zl_buf_release(&b);
}

void
zl_txt_record_line(struct zl_buf *out, const char *owner, unsigned ttl,
    const char *value, size_t len, const char *eol)
{
	size_t before = out->len;
	struct zl_buf ind = ZL_BUF_INIT;

	zl_buf_adds(out, owner);
	if (ttl)
		zl_buf_addf(out, " %u", ttl);
	zl_buf_adds(out, " IN TXT ");
	for (size_t i = before; i < out->len; i++)
		zl_buf_addc(&ind, ' ');
	zl_buf_adds(&ind, "  ");
	zl_txt_format(out, value, len, 1, ind.data, eol);
	zl_buf_release(&ind);
}

static int
blank_between(const char *d, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (d[i] != ' ' && d[i] != '\t' && d[i] != '\r')
			return 0;
	return 1;
}

int
zl_fix_delete_record(struct zl_fix *f, const struct zl_zone *z,
    const struct zl_record *rec)
{
	const struct zl_source *s = z->sources[rec->src];
	unsigned first = zl_source_line(s, rec->start);
	unsigned last = zl_source_line(s, rec->end);
	size_t ls = zl_source_line_start(s, first);
	size_t le = zl_source_line_start(s, last + 1);

	/* the entry span starts at its line start and runs to its line end */
	if (blank_between(s->data, ls, rec->start) &&
	    (rec->end >= le || blank_between(s->data, rec->end, le - 1))) {
		zl_fix_delete(f, rec->src, (uint32_t)ls, (uint32_t)le);
		return 1;
	}
	zl_fix_delete(f, rec->src, rec->start, rec->end);
	return 0;
}

void
zl_fix_replace_txt(struct zl_fix *f, const struct zl_zone *z,
    const struct zl_record *rec, const char *value, size_t len)
{
	struct zl_txt t;
	const struct zl_source *s = z->sources[rec->src];
	struct zl_buf rep = ZL_BUF_INIT, ind = ZL_BUF_INIT;
	const struct zl_token *first, *last;
	int in_paren;

	zl_txt_init(&t);
	if (zl_txt_decode(&t, z, rec) != 0 || t.nstr == 0) {
		zl_txt_release(&t);
		return;
	}
	first = &t.entry.toks[t.rdata_tok];
	last = &t.entry.toks[t.entry.ntoks - 1];
	in_paren = t.entry.paren_off != UINT32_MAX;
	{
		unsigned line = zl_source_line(s, first->start);
		size_t ls, le;

		zl_source_line_span(s, line, &ls, &le);
		for (size_t i = ls; i < first->start; i++)
			zl_buf_addc(&ind, s->data[i] == '\t' ? '\t' : ' ');
		if (!in_paren)
			zl_buf_adds(&ind, "  ");
	}
	if (in_paren) {
		/* keep the parentheses: strings one per line, aligned */
		size_t nstr = len == 0 ? 1 : (len + 254) / 255;

		for (size_t i = 0; i < nstr; i++) {
			size_t a = i * 255, b = a + 255 > len ? len : a + 255;

			if (i > 0) {
				zl_buf_adds(&rep, zl_source_eol(s));
				zl_buf_add(&rep, ind.data, ind.len);
			}
			zl_txt_format(&rep, value + a, b - a, 0, "", "");
		}
	} else {
		zl_txt_format(&rep, value, len, 1, ind.data, zl_source_eol(s));
	}
	zl_fix_replacen(f, rec->src, first->start, last->end, rep.data, rep.len);
	zl_buf_release(&rep);
	zl_buf_release(&ind);
	zl_txt_release(&t);
}
