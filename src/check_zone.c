/* SPDX-License-Identifier: MIT */
/*
 * Zone (baseline) rules: zone-syntax, zone-name-doubled-origin,
 * zone-cname-conflict, txt-string-too-long. Each is one function named in
 * rules.def; none prints anything.
 */
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "buf.h"
#include "engine.h"
#include "txt.h"

void check_zone_syntax(struct zl_ctx *ctx);
void check_zone_name_doubled_origin(struct zl_ctx *ctx);
void check_zone_cname_conflict(struct zl_ctx *ctx);
void check_txt_string_too_long(struct zl_ctx *ctx);

/*
 * Hardening (issue 8): what the loader lets through but no master-file
 * reader accepts. A NUL byte is not text (RFC 1035 §5.1); BIND stops the
 * entry with "syntax error", while the lexer reads it as an ordinary byte,
 * so a binary file or a NUL inside a name or string would otherwise pass
 * without a word. One finding per line that holds any. And a zone file
 * with no record at all (empty, or only comments and directives) is no
 * zone: BIND and Knot both refuse it for want of an SOA.
 */
static void
syntax_hostile(struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;
	int nul = 0;

	for (size_t si = 0; si < z->nsources; si++) {
		const struct zl_source *s = z->sources[si];
		const char *p = s->data, *end = s->data + s->len;

		while (p < end && (p = memchr(p, '\0', (size_t)(end - p))) != NULL) {
			size_t off = (size_t)(p - s->data), ls, le;
			unsigned line = zl_source_line(s, off);
			struct zl_record r;

			zl_source_line_span(s, line, &ls, &le);
			memset(&r, 0, sizeof(r));
			r.start = (uint32_t)ls;
			r.end = (uint32_t)le;
			r.src = (uint16_t)si;
			r.owner = ZL_NONE;
			zl_report(ctx, ZL_R_zone_syntax, &r, (uint32_t)si,
			    (uint32_t)off, (uint32_t)off + 1,
			    "NUL byte in the zone file; a zone file is text and master-file readers reject the entry (RFC 1035 §5.1)");
			nul = 1;
			/* the next line, or the end */
			p = memchr(p, '\n', (size_t)(end - p));
			if (p == NULL)
				break;
		}
	}
	/*
	 * RDLENGTH is 16 bits (RFC 1035 §3.2.1): TXT data over 65535 bytes
	 * fits in no record, yet each string is fine on its own. The wire
	 * form is never longer than the entry's text, so only long entries
	 * are decoded.
	 */
	for (size_t i = 0; i < z->nrecs; i++) {
		const struct zl_record *rec = &z->recs[i];
		struct zl_txt t;
		size_t wire;

		if ((rec->type != LDNS_RR_TYPE_TXT && rec->type != LDNS_RR_TYPE_SPF) ||
		    (rec->flags & ZL_REC_GENERATED) || rec->end - rec->start <= 65535)
			continue;
		zl_txt_init(&t);
		if (zl_txt_decode(&t, z, rec) == 0) {
			wire = t.len + t.nstr;
			if (wire > 65535)
				zl_report_record(ctx, ZL_R_zone_syntax, rec,
				    "TXT data of %zu bytes; a record holds at most 65535 (RFC 1035 §3.2.1)",
				    wire);
		}
		zl_txt_release(&t);
	}
	if (z->nrecs == 0 && z->nerrs == 0 && !nul) {
		struct zl_record r;

		memset(&r, 0, sizeof(r));
		r.owner = ZL_NONE;
		zl_report(ctx, ZL_R_zone_syntax, &r, 0, 0, 0,
		    "the zone file holds no records; a zone needs at least an SOA (RFC 1035 §5.2)");
	}
}

void
check_zone_syntax(struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;

	for (size_t i = 0; i < z->nerrs; i++) {
		const struct zl_syntax_err *e = &z->errs[i];
		struct zl_record r;

		if (zl_ctx_error_claimed(ctx, i))
			continue;
		memset(&r, 0, sizeof(r));
		r.start = e->start;
		r.end = e->end;
		r.src = (uint16_t)e->src;
		r.owner = ZL_NONE;
		zl_report(ctx, ZL_R_zone_syntax, &r, e->src, e->off, e->off,
		    "%s", e->msg);
	}
	syntax_hostile(ctx);
}

static void
doubled_at(struct zl_ctx *ctx, const struct zl_record *rec,
    const struct zl_entry *e, size_t ti, const char *what)
{
	const char *d = ctx->zone->sources[rec->src]->data;
	const struct zl_token *t = &e->toks[ti];
	int len = (int)(t->end - t->start);
	struct zl_diag *dg;

	dg = zl_report(ctx, ZL_R_zone_name_doubled_origin, rec, rec->src,
	    t->start, t->end,
	    "%s '%.*s' has no trailing dot, so the origin is appended and the name ends in the origin twice",
	    what, len > 200 ? 200 : len, d + t->start);
	if (dg != NULL) {
		struct zl_fix *f = zl_diag_fix(dg, ZL_FIX_SAFE,
		    "make it absolute: '%.*s.'", len > 200 ? 200 : len,
		    d + t->start);

		zl_fix_insert(f, rec->src, t->end, ".");
	}
}

void
check_zone_name_doubled_origin(struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;
	struct zl_entry e;

	memset(&e, 0, sizeof(e));
	for (size_t i = 0; i < z->nrecs; i++) {
		const struct zl_record *rec = &z->recs[i];

		if (!(rec->flags & (ZL_REC_DOUBLED | ZL_REC_OWNER_DOUBLED)) ||
		    (rec->flags & ZL_REC_GENERATED))
			continue;
		zl_record_entry(z, rec, &e);
		if ((rec->flags & ZL_REC_OWNER_DOUBLED) && e.ntoks > 0 &&
		    !(rec->flags & ZL_REC_BLANK_OWNER)) {
			/* report once per owner text: each record with it would repeat it */
			doubled_at(ctx, rec, &e, 0, "owner");
		}
		if (rec->flags & ZL_REC_DOUBLED) {
			int f = zl_type_name_field(rec->type);
			size_t ti = (size_t)rec->rdata_tok + (size_t)(f < 0 ? 0 : f);

			if (f >= 0 && ti < e.ntoks)
				doubled_at(ctx, rec, &e, ti, "target");
		}
	}
	zl_entry_release(&e);
}

void
check_zone_cname_conflict(struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;
	char nb[1100], tb[16];

	for (size_t n = 0; n < z->nnames; n++) {
		const struct zl_name *nm = &z->names[n];
		const struct zl_record *cname = NULL;
		uint32_t ncname = 0;
		struct zl_buf others = ZL_BUF_INIT;
		size_t nothers = 0;

		if (!(nm->flags & ZL_NAME_HAS_CNAME))
			continue;
		for (uint32_t r = nm->first; r != ZL_NONE; r = z->recs[r].next) {
			const struct zl_record *rec = &z->recs[r];

			if (rec->type == LDNS_RR_TYPE_CNAME) {
				if (cname == NULL)
					cname = rec;
				ncname++;
			} else if (rec->type != LDNS_RR_TYPE_RRSIG &&
			    rec->type != LDNS_RR_TYPE_NSEC &&
			    rec->type != LDNS_RR_TYPE_KEY &&
			    rec->type != LDNS_RR_TYPE_NXT) {
				const char *tn = zl_type_name(rec->type, tb);

				if (!strstr(others.data ? others.data : "", tn)) {
					if (others.len)
						zl_buf_adds(&others, ", ");
					zl_buf_adds(&others, tn);
				}
				nothers++;
			}
		}
		zl_zone_name_text(z, (uint32_t)n, nb);
		if (cname && nothers > 0)
			zl_report_record(ctx, ZL_R_zone_cname_conflict, cname,
			    "CNAME at '%s' beside other data (%s); a CNAME must be the only data at its name (RFC 1034 §3.6.2)",
			    nb, others.data);
		else if (cname && ncname > 1)
			zl_report_record(ctx, ZL_R_zone_cname_conflict, cname,
			    "%u CNAME records at '%s'; a name can have only one (RFC 2181 §10.1)",
			    ncname, nb);
		zl_buf_release(&others);
	}
}

/* The line's text before offset off, with every byte but TABs as a space. */
static void
indent_for(const struct zl_source *s, uint32_t off, struct zl_buf *out)
{
	unsigned line = zl_source_line(s, off);
	size_t ls, le;

	zl_source_line_span(s, line, &ls, &le);
	for (size_t i = ls; i < off; i++)
		zl_buf_addc(out, s->data[i] == '\t' ? '\t' : ' ');
}

void
check_txt_string_too_long(struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;
	struct zl_txt t;

	zl_txt_init(&t);
	for (size_t i = 0; i < z->nrecs; i++) {
		const struct zl_record *rec = &z->recs[i];
		const struct zl_source *s;
		struct zl_diag *d = NULL;
		struct zl_fix *f = NULL;
		int in_paren;
		const char *eol;
		struct zl_buf ind = ZL_BUF_INIT;

		if (!(rec->flags & ZL_REC_TXT_LONG))
			continue;
		if (zl_txt_decode(&t, z, rec) != 0 || t.nstr == 0)
			continue;
		s = z->sources[rec->src];
		eol = s->crlf ? "\r\n" : "\n";
		in_paren = t.entry.paren_off != UINT32_MAX;
		indent_for(s, t.entry.toks[t.rdata_tok].start, &ind);
		if (!in_paren)
			zl_buf_adds(&ind, "  ");
		for (size_t k = 0; k < t.nstr; k++) {
			size_t len = t.str_off[k + 1] - t.str_off[k];
			const struct zl_token *tok = &t.entry.toks[t.rdata_tok + k];
			struct zl_buf rep = ZL_BUF_INIT;
			const char *v = t.val + t.str_off[k];

			if (len <= 255)
				continue;
			if (in_paren) {
				/* continue lines under the long string itself */
				zl_buf_reset(&ind);
				indent_for(s, tok->start, &ind);
			}
			d = zl_report(ctx, ZL_R_txt_string_too_long, rec, rec->src,
			    tok->start, tok->end,
			    "character-string of %zu bytes; at most 255 fit in one (RFC 1035 §3.3)",
			    len);
			if (d == NULL)
				continue;
			if (f == NULL)
				f = zl_diag_fix(d, ZL_FIX_SAFE,
				    "split into strings of at most 255 bytes inside parentheses");
			for (size_t a = 0; a < len; a += 255) {
				size_t b = a + 255 > len ? len : a + 255;

				if (a > 0) {
					zl_buf_adds(&rep, eol);
					zl_buf_add(&rep, ind.data, ind.len);
				}
				zl_txt_format(&rep, v + a, b - a, 0, "", eol);
			}
			zl_fix_replacen(f, rec->src, tok->start, tok->end,
			    rep.data, rep.len);
			zl_buf_release(&rep);
		}
		if (f != NULL && !in_paren) {
			const struct zl_token *first = &t.entry.toks[t.rdata_tok];
			const struct zl_token *last =
			    &t.entry.toks[t.entry.ntoks - 1];

			zl_fix_insert(f, rec->src, first->start, "( ");
			zl_fix_insert(f, rec->src, last->end, " )");
			/* both inserts touch the replaced tokens' edges: sort */
		}
		if (f != NULL)
			zl_fix_sort(f);
		zl_buf_release(&ind);
	}
	zl_txt_release(&t);
}
