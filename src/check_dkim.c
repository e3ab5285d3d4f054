/* SPDX-License-Identifier: MIT */
/*
 * DKIM rules (RFC 6376, RFC 8301, RFC 8463): every dkim-* check except
 * dkim-selector-missing, and zl_dkim_valid_for() for DMARC.
 *
 * The zone is analysed once per run (ctx->family[ZL_FAM_DKIM]): every TXT
 * record at <selector>._domainkey.<domain>, and every TXT elsewhere that
 * looks like a key, is parsed with dkim.c; the broken shapes a key takes
 * when it is split by hand (over several records, over lines without
 * parentheses, cut at ';' when unquoted) are recognised from the records
 * and, where the loader gave up, from the source bytes around its errors.
 * The analysis leaves a list of findings; each check function reports the
 * ones of its rule.
 *
 * Every fix that rewrites a key is proved before it is attached: its edits
 * are applied to a copy of the entry, the copy is loaded with the zone
 * loader itself, and the record it gives must hold the value the finding
 * rebuilt, byte for byte, with a key that decodes (and so the same DER).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "buf.h"
#include "dkim.h"
#include "engine.h"
#include "fixutil.h"
#include "mailauth.h"
#include "txt.h"
#include "xalloc.h"

void check_dkim_split_records(struct zl_ctx *ctx);
void check_dkim_split_lines(struct zl_ctx *ctx);
void check_dkim_unquoted(struct zl_ctx *ctx);
void check_dkim_whitespace(struct zl_ctx *ctx);
void check_dkim_key_invalid(struct zl_ctx *ctx);
void check_dkim_key_weak(struct zl_ctx *ctx);
void check_dkim_tag_syntax(struct zl_ctx *ctx);
void check_dkim_testing(struct zl_ctx *ctx);
void check_dkim_revoked(struct zl_ctx *ctx);
void check_dkim_key_mismatch(struct zl_ctx *ctx);

/*
 * A finding waiting for its rule's check to report it, with its message.
 * Only the rare ones are kept so (st->full): most findings of a zone say
 * that a key is short (dkim-key-weak on every 1024-bit key), and of those
 * st->v keeps the record, the span and the key size, 16 bytes, and the
 * message is made when it is reported.
 */
struct dk_finding {
	enum zl_rule_id rule;
	enum zl_severity sev;   /* ZL_SEV_NONE: the rule's default */
	struct zl_record rec;   /* the record, or the span of broken entries */
	uint32_t src, start, end;
	char *msg;
	struct zl_fix *fix;     /* moved to the diag when reported */
	size_t *claims;         /* zone->errs explained by the finding */
	size_t nclaims;
};

/* A finding in report order: a weak key, or one of st->full. */
struct dk_slot {
	uint32_t i;             /* weak key: the record; or index in st->full */
	uint32_t start, end;    /* weak key: the span of p= */
	uint16_t bits;          /* weak key: its size (below 2048) */
	uint8_t sev;            /* weak key: ZL_SEV_ERROR or ZL_SEV_INFO */
	uint8_t full;           /* i is an index in st->full */
};

/*
 * A selector of a domain, for zl_dkim_valid_for(): usable when it holds a
 * key with no error-severity validity finding that decodes (so a revoked
 * key, empty p=, is not one), or when it is a CNAME to the sender's key.
 */
struct dk_sel {
	uint32_t domain;
	int usable;
};

struct dk_state {
	struct dk_slot *v;
	size_t n, cap;
	struct dk_finding *full;
	size_t nfull, fullcap;
	struct dk_sel *sel;
	size_t nsel, selcap;
	unsigned char *err_used;   /* per zone error: in a chain already */
	struct zl_dkim_rec kr;     /* scratch */
	struct zl_txt t;           /* scratch */
	struct zl_entry fe;        /* scratch of fast_value() */
	uint32_t fe_ri;            /* the record lexed in fe, or ZL_NONE */
	struct zl_buf fv;
	/* zone errors sorted by (src, start), built when there are any */
	size_t *err_order;
	/* names a selector's CNAME points to, sorted */
	uint32_t *targets;
	size_t ntargets;
};

enum where {
	W_SELECTOR,     /* <selector>._domainkey.<domain> */
	W_SPECIAL,      /* _x._domainkey.<domain>: ADSP, reporting, ... */
	W_BARE,         /* _domainkey.<domain> itself */
	W_ELSEWHERE,
};

/* ---- findings */

static struct dk_finding *
add_finding(struct dk_state *st, enum zl_rule_id rule, enum zl_severity sev,
    const struct zl_record *rec, uint32_t src, uint32_t start, uint32_t end,
    char *msg)
{
	struct dk_finding *f;
	struct dk_slot *sl;

	st->full = zl_xgrow(st->full, sizeof(*st->full), st->nfull + 1,
	    &st->fullcap);
	f = &st->full[st->nfull];
	st->v = zl_xgrow(st->v, sizeof(*st->v), st->n + 1, &st->cap);
	sl = &st->v[st->n++];
	memset(sl, 0, sizeof(*sl));
	sl->i = (uint32_t)st->nfull++;
	sl->full = 1;
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->sev = sev;
	f->rec = *rec;
	f->src = src;
	f->start = start;
	f->end = end;
	f->msg = msg;
	return f;
}

/* dkim-key-weak about record ri, p= at [start, end) of its source. */
static void
add_weak(struct dk_state *st, uint32_t ri, uint32_t start, uint32_t end,
    int bits, enum zl_severity sev)
{
	struct dk_slot *sl;

	st->v = zl_xgrow(st->v, sizeof(*st->v), st->n + 1, &st->cap);
	sl = &st->v[st->n++];
	sl->full = 0;
	sl->i = ri;
	sl->start = start;
	sl->end = end;
	sl->bits = (uint16_t)bits;
	sl->sev = (uint8_t)sev;
}

static void
claim(struct dk_finding *f, size_t err)
{
	f->claims = zl_xrealloc(f->claims, (f->nclaims + 1) * sizeof(size_t));
	f->claims[f->nclaims++] = err;
}

static void
state_free(void *p)
{
	struct dk_state *st = p;

	for (size_t i = 0; i < st->nfull; i++) {
		free(st->full[i].msg);
		zl_fix_free(st->full[i].fix);
		free(st->full[i].claims);
	}
	free(st->full);
	free(st->v);
	free(st->sel);
	free(st->err_used);
	free(st->err_order);
	free(st->targets);
	zl_dkim_rec_release(&st->kr);
	zl_txt_release(&st->t);
	zl_entry_release(&st->fe);
	zl_buf_release(&st->fv);
	free(st);
}

static void
add_sel(struct dk_state *st, uint32_t domain, int usable)
{
	if (domain == ZL_NONE)
		return;
	if (st->nsel > 0 && st->sel[st->nsel - 1].domain == domain) {
		/* the domain's previous selector: one entry says "any" */
		st->sel[st->nsel - 1].usable |= usable;
		return;
	}
	st->sel = zl_xgrow(st->sel, sizeof(*st->sel), st->nsel + 1, &st->selcap);
	st->sel[st->nsel].domain = domain;
	st->sel[st->nsel].usable = usable;
	st->nsel++;
}

/* ---- names */

/*
 * Where a name sits: the label "_domainkey" below the first gives a
 * selector, and *dom the name id of the domain after it (ZL_NONE when
 * that name holds nothing in the zone).
 */
static enum where
classify(const struct zl_zone *z, uint32_t id, uint32_t *dom, size_t *sel_end)
{
	size_t len, o = 0;
	uint8_t nb[ZL_NAME_MAX];
	const uint8_t *w = zl_zone_name_wire(z, id, nb, &len);
	int i = 0;

	*dom = ZL_NONE;
	*sel_end = 0;
	while (o < len && w[o] != 0) {
		size_t ll = w[o];

		if (ll == 10 && o + 11 <= len &&
		    memcmp(w + o + 1, "_domainkey", 10) == 0) {
			if (i == 0)
				return W_BARE;
			*sel_end = o;
			*dom = zl_zone_find_name(z, w + o + 11, len - o - 11);
			return w[1] == '_' ? W_SPECIAL : W_SELECTOR;
		}
		o += ll + 1;
		i++;
	}
	return W_ELSEWHERE;
}

/* The selector of a name at <selector>._domainkey: "key001" (lower case). */
static void
selector_text(const struct zl_zone *z, uint32_t id, size_t sel_end,
    char *out, size_t cap)
{
	size_t len, o = 0, k = 0;
	uint8_t nb[ZL_NAME_MAX];
	const uint8_t *w = zl_zone_name_wire(z, id, nb, &len);

	while (o < sel_end && k + 1 < cap) {
		size_t ll = w[o];

		if (k > 0)
			out[k++] = '.';
		for (size_t i = 0; i < ll && k + 1 < cap; i++)
			out[k++] = (char)w[o + 1 + i];
		o += ll + 1;
	}
	out[k] = '\0';
}

/* ---- the source around entries */

static const char *
src_data(const struct zl_ctx *ctx, uint32_t src)
{
	return ctx->zone->sources[src]->data;
}

static void
lex_at(const struct zl_zone *z, uint32_t src, uint32_t off,
    struct zl_entry *e)
{
	struct zl_lexer lx;
	const struct zl_source *s = z->sources[src];

	zl_lexer_init(&lx, s->data, s->len, off);
	if (!zl_lex_entry(&lx, e)) {
		e->ntoks = 0;
		e->start = e->end = e->next = off;
	}
}

struct err_key {
	uint32_t src, start;
	size_t i;
};

static int
err_cmp(const void *a, const void *b)
{
	const struct err_key *x = a, *y = b;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Zone errors in (source, offset) order, for find_err(). */
static void
sort_errors(struct dk_state *st, const struct zl_zone *z)
{
	struct err_key *k = zl_xcalloc(z->nerrs + 1, sizeof(*k));

	for (size_t i = 0; i < z->nerrs; i++) {
		k[i].src = z->errs[i].src;
		k[i].start = z->errs[i].start;
		k[i].i = i;
	}
	qsort(k, z->nerrs, sizeof(*k), err_cmp);
	st->err_order = zl_xmalloc((z->nerrs + 1) * sizeof(size_t));
	for (size_t i = 0; i < z->nerrs; i++)
		st->err_order[i] = k[i].i;
	free(k);
}

/*
 * 1 when a zone error starts in source src after byte a and at or before
 * byte b.
 */
static int
err_between(const struct dk_state *st, const struct zl_zone *z, uint32_t src,
    uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = z->nerrs;

	if (st->err_order == NULL)
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct zl_syntax_err *e = &z->errs[st->err_order[mid]];

		if (e->src < src || (e->src == src && e->start <= a))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < z->nerrs && z->errs[st->err_order[lo]].src == src &&
	    z->errs[st->err_order[lo]].start <= b;
}

/* The first zone error of the entry starting at (src, start), or -1. */
static long
find_err(const struct dk_state *st, const struct zl_zone *z, uint32_t src,
    uint32_t start)
{
	size_t lo = 0, hi = z->nerrs;

	if (st->err_order == NULL)
		return -1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct zl_syntax_err *e = &z->errs[st->err_order[mid]];

		if (e->src < src || (e->src == src && e->start < start))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < z->nerrs) {
		const struct zl_syntax_err *e = &z->errs[st->err_order[lo]];

		if (e->src == src && e->start == start)
			return (long)st->err_order[lo];
	}
	return -1;
}

/*
 * Lex record ri into st->fe, unless it is there already: a key record's
 * entry is wanted to look for broken lines after it, then for its value.
 */
static void
lex_record(struct dk_state *st, const struct zl_zone *z, uint32_t ri)
{
	if (st->fe_ri == ri)
		return;
	zl_record_entry(z, &z->recs[ri], &st->fe);
	st->fe_ri = ri;
}

/* The TXT value of a record in st->t (full decode), or NULL. */
static const struct zl_txt *
full_value(struct dk_state *st, const struct zl_zone *z,
    const struct zl_record *rec)
{
	return zl_txt_decode(&st->t, z, rec) == 0 ? &st->t : NULL;
}

/* ---- proving a fix */

/*
 * Apply the edits of f that fall inside [a, b) of source src to a copy of
 * those bytes (a is the start of an entry) and load the copy with the
 * zone loader itself, RDATA checks and all. Returns 0 with the value of
 * the TXT record it gives in out, or -1 when the copy is not exactly one
 * clean TXT record.
 */
static int
fixed_value(const struct zl_zone *z, const struct zl_fix *f, uint32_t src,
    uint32_t a, uint32_t b, struct zl_buf *out)
{
	const char *d = z->sources[src]->data;
	struct zl_buf copy = ZL_BUF_INIT;
	struct zl_load_opts lo;
	struct zl_zone *z2 = NULL;
	struct zl_txt t;
	char *why = NULL;
	uint32_t at = a;
	int rc = -1, blank = d[a] == ' ' || d[a] == '\t';

	memset(&lo, 0, sizeof(lo));
	lo.origin = z->origin_text;
	zl_txt_init(&t);
	if (blank)	/* an owner for the blank-owner line to take */
		zl_buf_adds(&copy, "@ IN TYPE65534 \\# 0\n");
	for (size_t i = 0; i < f->nedits; i++) {
		const struct zl_edit *ed = &f->edits[i];

		if (ed->src != src || ed->start < a || ed->end > b)
			continue;
		if (ed->start < at)
			goto out;	/* overlapping edits */
		zl_buf_add(&copy, d + at, ed->start - at);
		zl_buf_adds(&copy, ed->text);
		at = ed->end;
	}
	zl_buf_add(&copy, d + at, b - at);
	zl_buf_addc(&copy, '\n');
	if (zl_zone_load_mem(&z2, "fix", copy.data, copy.len, &lo, &why) != 0 ||
	    z2->nerrs != 0 || z2->nrecs != (size_t)(blank ? 2 : 1) ||
	    z2->recs[z2->nrecs - 1].type != LDNS_RR_TYPE_TXT ||
	    zl_txt_decode(&t, z2, &z2->recs[z2->nrecs - 1]) != 0)
		goto out;
	zl_buf_reset(out);
	zl_buf_add(out, t.val, t.len);
	zl_buf_reserve(out, 1);
	rc = 0;
out:
	zl_txt_release(&t);
	if (z2 != NULL)
		zl_zone_free(z2);
	free(why);
	zl_buf_release(&copy);
	return rc;
}

/*
 * 1 when value v (as rebuilt by a finding) and the value a fix produces
 * are the same record holding the same, decodable key.
 */
static int
same_key(const char *v, size_t n, const struct zl_buf *fixed)
{
	struct zl_dkim_rec a, b;
	int ok;

	if (fixed->len != n || memcmp(fixed->data, v, n) != 0)
		return 0;
	zl_dkim_rec_init(&a);
	zl_dkim_rec_init(&b);
	zl_dkim_parse(&a, v, n);
	zl_dkim_parse(&b, fixed->data, fixed->len);
	ok = a.key.ok && b.key.ok && a.der.len == b.der.len &&
	    memcmp(a.der.data, b.der.data, a.der.len) == 0;
	zl_dkim_rec_release(&a);
	zl_dkim_rec_release(&b);
	return ok;
}

/* ---- edits collected in order (merged when they meet at one offset) */

struct edits {
	struct zl_edit *v;
	size_t n, cap;
};

static void
ed_add(struct edits *l, uint32_t start, uint32_t end, const char *text)
{
	struct zl_edit *e;

	if (l->n > 0) {
		e = &l->v[l->n - 1];
		if (start == end && e->start == start && e->end > start) {
			/* an insertion where the last deletion starts: first */
			char *t = zl_xasprintf("%s%s", text, e->text);

			free(e->text);
			e->text = t;
			return;
		}
		if (e->start == e->end && e->end == start) {
			/* an insertion right before: one edit */
			char *t = zl_xasprintf("%s%s", e->text, text);

			free(e->text);
			e->text = t;
			e->end = end;
			return;
		}
	}
	l->v = zl_xgrow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	e = &l->v[l->n++];
	e->src = 0;
	e->start = start;
	e->end = end;
	e->text = zl_xstrdup(text);
}

static void
ed_release(struct edits *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static struct zl_fix *
ed_to_fix(struct edits *l, uint32_t src, enum zl_applicability app,
    const char *title)
{
	struct zl_fix *f = zl_fix_new(app, title);

	for (size_t i = 0; i < l->n; i++)
		zl_fix_replace(f, src, l->v[i].start, l->v[i].end, l->v[i].text);
	zl_fix_sort(f);
	return f;
}

/* Indentation of the line holding off: its bytes up to off, as blanks. */
static void
indent_at(const struct zl_source *s, uint32_t off, struct zl_buf *out)
{
	size_t ls, le;

	zl_source_line_span(s, zl_source_line(s, off), &ls, &le);
	for (size_t i = ls; i < off; i++)
		zl_buf_addc(out, s->data[i] == '\t' ? '\t' : ' ');
}

static void
owner_text(const struct zl_zone *z, const struct zl_record *rec, char *nb)
{
	if (rec->owner == ZL_NONE)
		strcpy(nb, "?");
	else
		zl_zone_name_text(z, rec->owner, nb);
}

/* ---- dkim-split-lines */

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * The byte of the escape at d[p] (a backslash, with p + 1 < le), as the
 * master-file reader decodes it: \DDD or \X. Returns the bytes it spans.
 */
static uint32_t
unescape(const char *d, uint32_t p, uint32_t le, char *c)
{
	if (p + 3 < le && d[p + 1] >= '0' && d[p + 1] <= '9' &&
	    d[p + 2] >= '0' && d[p + 2] <= '9' &&
	    d[p + 3] >= '0' && d[p + 3] <= '9') {
		*c = (char)((d[p + 1] - '0') * 100 + (d[p + 2] - '0') * 10 +
		    (d[p + 3] - '0'));
		return 4;
	}
	*c = d[p + 1];
	return 2;
}

/* A word that may be a piece of a key record value. */
static int
value_word(const char *d, const struct zl_token *t)
{
	for (uint32_t i = t->start; i < t->end; i++) {
		unsigned char c = (unsigned char)d[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("+/=:,._-%*@!~\\", c)))
			return 0;
	}
	return 1;
}

static int
word_is(const char *d, const struct zl_token *t, const char *lit)
{
	size_t n = t->end - t->start;

	return t->kind == ZL_TOK_WORD && strlen(lit) == n &&
	    strncasecmp(d + t->start, lit, n) == 0;
}

static int
all_digits(const char *d, const struct zl_token *t)
{
	for (uint32_t i = t->start; i < t->end; i++)
		if (d[i] < '0' || d[i] > '9')
			return 0;
	return t->end > t->start;
}

/*
 * An entry that can be the continuation of a value cut by a line break: a
 * zone error, on one line, made of nothing but quoted strings and words
 * that can be part of a key record. A line starting in column 0 only
 * counts when a quote is open and the line closes it.
 */
static int
continuation(const char *d, const struct zl_entry *e, int in_q)
{
	if (e->ntoks == 0 || e->nlines != 1 || e->paren_off != UINT32_MAX)
		return 0;
	if (!e->blank_owner) {
		if (!in_q || memchr(d + e->start, '"', e->end - e->start) == NULL)
			return 0;
	}
	if (word_is(d, &e->toks[0], "IN") || word_is(d, &e->toks[0], "TXT") ||
	    all_digits(d, &e->toks[0]) || d[e->toks[0].start] == '$')
		return 0;
	for (size_t i = 0; i < e->ntoks; i++)
		if (e->toks[i].kind == ZL_TOK_WORD && !value_word(d, &e->toks[i]))
			return 0;
	return 1;
}

/*
 * The RDATA of a broken entry that starts a TXT record: index of the first
 * token after "TXT" (after an owner, TTL and class), or -1.
 */
static int
txt_rdata_index(const char *d, const struct zl_entry *e)
{
	size_t i = e->blank_owner ? 0 : 1;

	for (int f = 0; f < 2 && i < e->ntoks; f++) {
		const struct zl_token *t = &e->toks[i];

		if (t->kind == ZL_TOK_WORD && (all_digits(d, t) ||
		    word_is(d, t, "IN") || word_is(d, t, "CH") ||
		    word_is(d, t, "HS")))
			i++;
		else
			break;
	}
	if (i + 1 < e->ntoks && word_is(d, &e->toks[i], "TXT"))
		return (int)i + 1;
	return -1;
}

/*
 * One pass over the lines of a chain, doing two things at once: rebuilding
 * the value the author meant (val: the strings joined, a quote left open at
 * a line's end continuing on the next line without the line break and the
 * blanks around it) and collecting the edits that make the text say so (a
 * '(' before the value, a quote closed at the end of each line and opened
 * again on the next, words quoted, a ')' at the end).
 */
struct scan {
	const char *d;
	int in_q;
	struct zl_buf val;
	struct edits ed;
	uint32_t content_end;  /* after the last value byte or quote, last line */
	int bad;
};

static void
scan_line(struct scan *sc, uint32_t from, uint32_t le, int cont)
{
	const char *d = sc->d;
	uint32_t p = from;
	uint32_t nonws_src = 0;
	size_t nonws_val = 0;

	while (p < le && is_ws(d[p]))
		p++;
	sc->content_end = p;
	if (cont && sc->in_q) {
		ed_add(&sc->ed, p, p, "\"");
		nonws_src = p;
		nonws_val = sc->val.len;
	}
	while (p < le) {
		char c = d[p];

		if (sc->in_q) {
			if (c == '\\') {
				if (p + 1 >= le) {
					/* a backslash before the line break */
					ed_add(&sc->ed, p, p + 1, "");
					p++;
					continue;
				}
				p += unescape(d, p, le, &c);
				zl_buf_addc(&sc->val, c);
				nonws_src = p;
				nonws_val = sc->val.len;
				continue;
			}
			if (c == '"') {
				sc->in_q = 0;
				p++;
				sc->content_end = p;
				continue;
			}
			zl_buf_addc(&sc->val, c);
			p++;
			if (!is_ws(c)) {
				nonws_src = p;
				nonws_val = sc->val.len;
			}
			continue;
		}
		if (is_ws(c)) {
			p++;
			continue;
		}
		if (c == ';')
			break;
		if (c == '(' || c == ')') {
			sc->bad = 1;
			return;
		}
		if (c == '"') {
			sc->in_q = 1;
			p++;
			nonws_src = p;
			nonws_val = sc->val.len;
			continue;
		}
		/* an unquoted word: quote it */
		ed_add(&sc->ed, p, p, "\"");
		while (p < le && !is_ws(d[p]) && d[p] != '"' && d[p] != ';' &&
		    d[p] != '(' && d[p] != ')') {
			if (d[p] == '\\' && p + 1 < le) {
				p += unescape(d, p, le, &c);
				zl_buf_addc(&sc->val, c);
				continue;
			}
			zl_buf_addc(&sc->val, d[p]);
			p++;
		}
		ed_add(&sc->ed, p, p, "\"");
		sc->content_end = p;
	}
	if (sc->in_q) {
		/* left open at the line's end: close it after its last byte */
		sc->val.len = nonws_val;
		ed_add(&sc->ed, nonws_src, nonws_src, "\"");
		sc->content_end = nonws_src;
	}
}

/* The ')' that closes the '(' of an entry, or UINT32_MAX. */
static uint32_t
close_paren(const char *d, const struct zl_entry *e)
{
	int q = 0;

	for (uint32_t p = e->paren_off + 1; p < e->end; p++) {
		if (q) {
			if (d[p] == '\\')
				p++;
			else if (d[p] == '"')
				q = 0;
		} else if (d[p] == '"') {
			q = 1;
		} else if (d[p] == ';') {
			while (p < e->end && d[p] != '\n')
				p++;
		} else if (d[p] == ')') {
			return p;
		} else if (d[p] == '\\') {
			p++;
		}
	}
	return UINT32_MAX;
}

/*
 * A chain: the head (a record, or a broken entry that starts a TXT) and
 * the broken lines after it. Reports dkim-split-lines and marks what it
 * explains. head_rec: the record index, or ZL_NONE.
 */
static void
split_chain(struct dk_state *st, struct zl_ctx *ctx, uint32_t src,
    const struct zl_entry *head, uint32_t head_rec, size_t rdata_tok,
    long head_err)
{
	const struct zl_zone *z = ctx->zone;
	const char *d = src_data(ctx, src);
	struct zl_entry e;
	struct scan sc;
	uint32_t last_end = head->end, next = head->next;
	size_t *errs = NULL, nerrs = 0, nlines = 0;
	int in_q;

	memset(&e, 0, sizeof(e));
	memset(&sc, 0, sizeof(sc));
	sc.d = d;
	/* which lines follow: find them first */
	in_q = head->ntoks > 0 &&
	    (head->toks[head->ntoks - 1].flags & ZL_TOKF_UNTERMINATED);
	for (;;) {
		long ei;

		lex_at(z, src, next, &e);
		if (e.ntoks == 0 || e.start != next)
			break;
		ei = find_err(st, z, src, e.start);
		if (ei < 0 || st->err_used[ei] || !continuation(d, &e, in_q))
			break;
		errs = zl_xrealloc(errs, (nerrs + 1) * sizeof(*errs));
		errs[nerrs++] = (size_t)ei;
		nlines++;
		last_end = e.end;
		next = e.next;
		{
			/* does this line leave a quote open? */
			int q = in_q;

			for (uint32_t p = e.start; p < e.end; p++) {
				if (d[p] == '\\' && q) {
					p++;
					continue;
				}
				if (d[p] == '"')
					q = !q;
				else if (d[p] == ';' && !q)
					break;
			}
			in_q = q;
		}
		if (e.next >= z->sources[src]->len)
			break;
	}
	zl_entry_release(&e);
	if (nlines == 0)
		goto out;
	/* rebuild the value and the edits */
	{
		uint32_t from = head->toks[rdata_tok].start;
		uint32_t p = head->next;

		if (head->paren_off != UINT32_MAX) {
			/*
			 * A record in parentheses closed too early (as the
			 * txt-string-too-long fix leaves a long first line):
			 * its value as loaded, and the ')' moves to the end.
			 */
			uint32_t cp = close_paren(d, head);

			if (head_rec == ZL_NONE || cp == UINT32_MAX ||
			    full_value(st, z, &z->recs[head_rec]) == NULL)
				goto out;
			zl_buf_add(&sc.val, st->t.val, st->t.len);
			ed_add(&sc.ed, cp, cp + 1, "");
		} else {
			ed_add(&sc.ed, from, from, "( ");
			scan_line(&sc, from, head->end, 0);
		}
		for (size_t k = 0; k < nlines && !sc.bad; k++) {
			lex_at(z, src, p, &e);
			scan_line(&sc, e.start, e.end, 1);
			p = e.next;
		}
		zl_entry_release(&e);
		if (sc.bad)
			goto out;
		ed_add(&sc.ed, sc.content_end, sc.content_end, " )");
	}
	if (!zl_dkim_looks_like_key(sc.val.data ? sc.val.data : "", sc.val.len))
		goto out;
	if (head_rec != ZL_NONE) {
		/*
		 * A record that loaded: the broken lines after it are its
		 * continuation only when its own key is broken and the joined
		 * one is not; otherwise they are some other mistake.
		 */
		struct zl_dkim_rec kr;
		int own, joined;

		zl_dkim_rec_init(&kr);
		own = full_value(st, z, &z->recs[head_rec]) != NULL;
		if (own) {
			zl_dkim_parse(&kr, st->t.val, st->t.len);
			own = kr.key.ok;
		}
		zl_dkim_parse(&kr, sc.val.data, sc.val.len);
		joined = kr.key.ok;
		zl_dkim_rec_release(&kr);
		if (own || !joined)
			goto out;
	}
	{
		struct zl_record r;
		struct dk_finding *f;
		char nb[1100];
		struct zl_buf fixed = ZL_BUF_INIT, msg = ZL_BUF_INIT;
		struct zl_fix *fix;

		memset(&r, 0, sizeof(r));
		if (head_rec != ZL_NONE) {
			r = z->recs[head_rec];
			owner_text(z, &r, nb);
		} else {
			r.owner = ZL_NONE;
			if (head->blank_owner)
				strcpy(nb, "(the previous owner)");
			else
				snprintf(nb, sizeof(nb), "%.*s",
				    (int)(head->toks[0].end - head->toks[0].start),
				    d + head->toks[0].start);
		}
		r.src = (uint16_t)src;
		r.start = head->start;
		r.end = last_end;
		zl_buf_addf(&msg,
		    "DKIM key record at '%s' continues on %zu more line%s without parentheses, so the loader rejects %s (RFC 1035 §5.1)",
		    nb, nlines, nlines > 1 ? "s" : "",
		    head_rec != ZL_NONE ? "the rest of the key" : "the record");
		fix = ed_to_fix(&sc.ed, src, ZL_FIX_SAFE,
		    "wrap the value in parentheses and close its quotes");
		if (head_rec != ZL_NONE && head->paren_off == UINT32_MAX &&
		    (z->recs[head_rec].flags & ZL_REC_TXT_LONG)) {
			/*
			 * txt-string-too-long wraps this record in
			 * parentheses of its own; both at once would not
			 * load. Its fix goes first, this one follows.
			 */
			zl_fix_free(fix);
			fix = NULL;
		} else if (fixed_value(z, fix, src, head->start, last_end,
		    &fixed) != 0 || !same_key(sc.val.data, sc.val.len, &fixed)) {
			struct zl_dkim_rec kr;

			zl_dkim_rec_init(&kr);
			zl_dkim_parse(&kr, sc.val.data, sc.val.len);
			if (!kr.key.ok)
				zl_buf_addf(&msg,
				    "; joined, the key still does not decode, so there is no fix");
			zl_dkim_rec_release(&kr);
			zl_fix_free(fix);
			fix = NULL;
		}
		f = add_finding(st, ZL_R_dkim_split_lines, ZL_SEV_NONE, &r, src,
		    head->toks[rdata_tok].start, head->toks[rdata_tok].start,
		    zl_buf_take(&msg));
		f->fix = fix;
		if (head_err >= 0) {
			claim(f, (size_t)head_err);
			st->err_used[head_err] = 1;
		}
		for (size_t k = 0; k < nerrs; k++) {
			claim(f, errs[k]);
			st->err_used[errs[k]] = 1;
		}
		zl_buf_release(&fixed);
	}
out:
	free(errs);
	zl_buf_release(&sc.val);
	ed_release(&sc.ed);
}

/* Heads that are broken entries themselves: an open quote in a TXT. */
static void
split_lines_from_errors(struct dk_state *st, struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;
	struct zl_entry e;

	memset(&e, 0, sizeof(e));
	for (size_t k = 0; k < z->nerrs; k++) {
		size_t i = st->err_order[k];
		const struct zl_syntax_err *er = &z->errs[i];
		const char *d = src_data(ctx, er->src);
		int ri;

		if (st->err_used[i])
			continue;
		lex_at(z, er->src, er->start, &e);
		if (e.ntoks == 0 || e.start != er->start || e.err == NULL ||
		    !(e.toks[e.ntoks - 1].flags & ZL_TOKF_UNTERMINATED) ||
		    e.paren_off != UINT32_MAX)
			continue;
		if ((ri = txt_rdata_index(d, &e)) < 0)
			continue;
		split_chain(st, ctx, er->src, &e, ZL_NONE, (size_t)ri, (long)i);
	}
	zl_entry_release(&e);
}

/* A record whose next lines are broken continuations of its value. */
static int
split_lines_from_record(struct dk_state *st, struct zl_ctx *ctx, uint32_t ri)
{
	const struct zl_zone *z = ctx->zone;
	const struct zl_record *rec = &z->recs[ri];
	const struct zl_entry *e = &st->fe;
	size_t before = st->n;

	uint32_t next_rec = UINT32_MAX;

	if (st->err_order == NULL || rec->flags & ZL_REC_GENERATED)
		return 0;
	/*
	 * The entry after this one starts before the next record of the
	 * same source, if any (the loader read them in this order): with no
	 * zone error from here to there, there is nothing to look at and
	 * no need to lex the entry for where it ends.
	 */
	if (ri + 1 < z->nrecs && z->recs[ri + 1].src == rec->src &&
	    z->recs[ri + 1].start > rec->start)
		next_rec = z->recs[ri + 1].start;
	if (!err_between(st, z, rec->src, rec->start, next_rec))
		return 0;
	lex_record(st, z, ri);
	if (e->ntoks > rec->rdata_tok && e->err == NULL &&
	    find_err(st, z, rec->src, e->next) >= 0)
		split_chain(st, ctx, rec->src, e, ri, rec->rdata_tok, -1);
	return st->n > before;
}

/* ---- dkim-unquoted */

/*
 * A TXT written without quotes and cut at the first ';', the rest of the
 * line having become a comment: "sel IN TXT v=DKIM1; k=rsa; p=MIIB...".
 * Returns 1 when the record is such a value (reported here).
 */
static int
unquoted(struct dk_state *st, struct zl_ctx *ctx, uint32_t ri,
    const struct zl_txt *t, enum where where)
{
	const struct zl_zone *z = ctx->zone;
	const struct zl_record *rec = &z->recs[ri];
	const struct zl_source *s = z->sources[rec->src];
	const char *d = s->data;
	const struct zl_entry *e = &t->entry;
	const struct zl_token *first, *last;
	uint32_t semi, p, cut;
	struct zl_buf val = ZL_BUF_INIT, rep = ZL_BUF_INIT, ind = ZL_BUF_INIT;
	struct zl_buf msg = ZL_BUF_INIT, fixed = ZL_BUF_INIT;
	uint32_t *map = NULL;
	size_t mapn = 0, mapcap = 0, keep;
	struct zl_taglist tl;
	int found = 0;

	if (e->ncomments == 0 || e->nlines != 1 || e->paren_off != UINT32_MAX ||
	    t->nstr == 0)
		return 0;
	for (size_t i = t->rdata_tok; i < e->ntoks; i++)
		if (e->toks[i].kind != ZL_TOK_WORD)
			return 0;
	first = &e->toks[t->rdata_tok];
	last = &e->toks[e->ntoks - 1];
	for (semi = last->end; semi < e->end && is_ws(d[semi]); semi++)
		;
	if (semi >= e->end || d[semi] != ';')
		return 0;
	/* the text as written, escapes resolved, with a map to the source */
	for (p = first->start; p < e->end;) {
		uint32_t at = p;
		char c = d[p];

		if (c == '\\' && p + 1 < e->end)
			p += unescape(d, p, e->end, &c);
		else
			p++;
		zl_buf_addc(&val, c);
		map = zl_xgrow(map, sizeof(*map), mapn + 2, &mapcap);
		map[mapn++] = at;
	}
	map = zl_xgrow(map, sizeof(*map), mapn + 1, &mapcap);
	map[mapn] = e->end;
	/* keep the tag-specs; a trailing remark without '=' stays a comment */
	memset(&tl, 0, sizeof(tl));
	zl_taglist_parse(&tl, val.data, val.len, ZL_TAG_FWS);
	keep = val.len;
	while (tl.n > 1 && tl.v[tl.n - 1].err != ZL_TAG_OK) {
		keep = tl.v[tl.n - 1].spec_off;
		if (keep > 0)
			keep--;	/* the ';' before it */
		tl.n--;
	}
	while (keep > 0 && (val.data[keep - 1] == ' ' ||
	    val.data[keep - 1] == '\t' || val.data[keep - 1] == '\r'))
		keep--;
	zl_taglist_release(&tl);
	/* the comment must carry tags that belong to the value */
	if (map[keep] <= semi + 1 || memchr(d + semi, '=', map[keep] - semi) ==
	    NULL)
		goto out;
	if (!zl_dkim_looks_like_key(val.data, keep) &&
	    !(where == W_SELECTOR && strstr(val.data, "p=") != NULL))
		goto out;
	found = 1;
	cut = keep < mapn ? map[keep] : e->end;
	{
		struct zl_dkim_rec *kr = &st->kr;
		struct zl_fix *fix;
		struct dk_finding *f;
		char nb[1100];
		size_t shown = (size_t)(last->end - first->start);

		zl_dkim_parse(kr, val.data, keep);
		indent_at(s, first->start, &ind);
		zl_buf_adds(&ind, "  ");
		zl_txt_format(&rep, val.data, keep, 1, ind.data, zl_source_eol(s));
		fix = zl_fix_new(ZL_FIX_SAFE, "quote the whole value");
		zl_fix_replacen(fix, rec->src, first->start, cut, rep.data,
		    rep.len);
		owner_text(z, rec, nb);
		zl_buf_addf(&msg,
		    "unquoted TXT at '%s' is cut at ';': the rest of the line became a comment, so the record holds only '%.*s%s' (RFC 1035 §5.1)",
		    nb, (int)(shown > 40 ? 40 : shown), d + first->start,
		    shown > 40 ? "..." : "");
		if (fixed_value(z, fix, rec->src, rec->start, rec->end,
		    &fixed) != 0 ||
		    !same_key(val.data, keep, &fixed)) {
			zl_fix_free(fix);
			fix = NULL;
			zl_buf_addf(&msg,
			    "; quoted, the key still does not decode, so there is no fix");
		}
		f = add_finding(st, ZL_R_dkim_unquoted, ZL_SEV_NONE, rec,
		    rec->src, semi, semi + 1, zl_buf_take(&msg));
		f->fix = fix;
	}
out:
	free(map);
	zl_buf_release(&val);
	zl_buf_release(&rep);
	zl_buf_release(&ind);
	zl_buf_release(&msg);
	zl_buf_release(&fixed);
	return found;
}

/* ---- dkim-whitespace: the fix */

/* Source bytes of one value byte starting at p: "x", "\\x" or "\\DDD". */
static uint32_t
escape_len(const char *p)
{
	if (p[0] != '\\')
		return 1;
	if (p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
	    p[3] >= '0' && p[3] <= '9')
		return 4;
	return 2;
}

/*
 * Bytes of p= to drop: white space, quotes, backslashes, and, when the key
 * does not decode as it stands, letters that come from "\n", "\r" or "\t"
 * escapes (a line break pasted as an escape). Builds the finding and its
 * fix when the key decodes once they are gone.
 */
static void
whitespace(struct dk_state *st, struct zl_ctx *ctx, uint32_t ri,
    const struct zl_txt *t, const struct zl_dkim_problem *pr)
{
	const struct zl_zone *z = ctx->zone;
	const struct zl_record *rec = &z->recs[ri];
	const char *d = src_data(ctx, rec->src);
	const struct zl_dkim_rec *kr = &st->kr;
	struct zl_buf clean = ZL_BUF_INIT, fixed = ZL_BUF_INIT, msg = ZL_BUF_INIT;
	struct edits ed;
	size_t a = kr->p_off, b = kr->p_off + kr->p_len, nesc = 0, ndrop = 0;
	uint32_t s0, e0;
	struct zl_fix *fix = NULL;
	struct dk_finding *f;
	char nb[1100];

	memset(&ed, 0, sizeof(ed));
	if (kr->p < 0 || kr->revoked)
		return;
	if (!kr->p_dirt) {
		/* only "\n"-style escapes are left, and only for broken keys */
		size_t j = a;

		if (kr->key.ok)
			return;
		while (j < b && d[t->map[j]] != '\\')
			j++;
		if (j == b)
			return;
	}
	zl_buf_add(&clean, t->val, a);
	for (size_t j = a; j < b; j++) {
		char c = t->val[j];
		uint32_t m = t->map[j];
		int drop = c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '"' || c == '\\';

		if (!drop && !kr->key.ok && d[m] == '\\' &&
		    (d[m + 1] == 'n' || d[m + 1] == 'r' || d[m + 1] == 't') &&
		    c == d[m + 1]) {
			drop = 1;
			nesc++;
		}
		if (!drop) {
			zl_buf_addc(&clean, c);
			continue;
		}
		ndrop++;
		s0 = m;
		e0 = m + escape_len(d + m);
		if (ed.n > 0 && ed.v[ed.n - 1].end == s0)
			ed.v[ed.n - 1].end = e0;
		else
			ed_add(&ed, s0, e0, "");
	}
	zl_buf_add(&clean, t->val + b, t->len - b);
	if (ndrop == 0)
		goto out;
	owner_text(z, rec, nb);
	if (pr != NULL)
		zl_buf_adds(&msg, pr->msg);
	else
		zl_buf_addf(&msg,
		    "'\\n', '\\r' or '\\t' escape inside 'p=' at '%s' (a line break pasted into the key) adds a letter that breaks the key (RFC 6376 §3.6.1)",
		    nb);
	fix = ed_to_fix(&ed, rec->src, ZL_FIX_SAFE,
	    nesc ? "remove the white space and stray characters from 'p='" :
	    "remove the white space from 'p='");
	if (fixed_value(z, fix, rec->src, rec->start, rec->end, &fixed) != 0 ||
	    !same_key(clean.data, clean.len, &fixed)) {
		zl_fix_free(fix);
		fix = NULL;
		if (pr == NULL)
			goto out;	/* the guess does not give a key: say nothing */
	}
	zl_txt_span(t, pr ? pr->off : a, pr ? pr->len : 0, &s0, &e0);
	f = add_finding(st, ZL_R_dkim_whitespace, ZL_SEV_NONE, rec, rec->src,
	    s0, e0, zl_buf_take(&msg));
	f->fix = fix;
out:
	ed_release(&ed);
	zl_buf_release(&clean);
	zl_buf_release(&fixed);
	zl_buf_release(&msg);
}

/* ---- dkim-key-mismatch */

static void
first_diff(const struct zl_buf *a, const char *b, size_t bn, size_t *at)
{
	size_t i = 0;

	while (i < a->len && i < bn && a->data[i] == b[i])
		i++;
	*at = i;
}

static void
mismatch(struct dk_state *st, struct zl_ctx *ctx, uint32_t ri,
    const struct zl_txt *t, const char *sel)
{
	const struct zl_zone *z = ctx->zone;
	const struct zl_record *rec = &z->recs[ri];
	const struct zl_config *cfg = ctx->cfg;
	const struct zl_dkim_rec *kr = &st->kr;

	if (cfg == NULL)
		return;
	for (size_t i = 0; i < cfg->nprofiles; i++) {
		const struct zl_profile *pf = cfg->profiles[i];

		for (size_t j = 0; j < pf->ndkim; j++) {
			const struct zl_prof_dkim *pd = &pf->dkim[j];
			struct zl_buf have = ZL_BUF_INIT, want = ZL_BUF_INIT;
			struct zl_buf nv = ZL_BUF_INIT, fixed = ZL_BUF_INIT;
			struct zl_buf msg = ZL_BUF_INIT;
			struct zl_fix *fix = NULL;
			struct dk_finding *f;
			size_t at;
			char nb[1100];

			if (pd->key == NULL || pd->kind == ZL_DKIM_CNAME ||
			    pd->selector == NULL || strcasecmp(pd->selector, sel) != 0)
				continue;
			zl_dkim_strip_ws(pd->key, strlen(pd->key), &want);
			if (kr->p >= 0)
				zl_dkim_strip_ws(t->val + kr->p_off, kr->p_len, &have);
			if (kr->p >= 0 && have.len == want.len &&
			    memcmp(have.data, want.data, want.len) == 0)
				goto next;
			owner_text(z, rec, nb);
			first_diff(&have, want.data, want.len, &at);
			if (kr->p < 0)
				zl_buf_addf(&msg,
				    "DKIM record at '%s' has no 'p=', but profile '%s' publishes the key for selector '%s'",
				    nb, pf->name, pd->selector);
			else
				zl_buf_addf(&msg,
				    "DKIM key at '%s' is not the key profile '%s' publishes for selector '%s': they differ from character %zu of 'p=' (%zu characters here, %zu in the profile)",
				    nb, pf->name, pd->selector, at + 1, have.len,
				    want.len);
			if (pd->value != NULL) {
				zl_buf_adds(&nv, pd->value);
			} else if (kr->p >= 0) {
				zl_buf_add(&nv, t->val, kr->p_off);
				zl_buf_adds(&nv, pd->key);
				zl_buf_add(&nv, t->val + kr->p_off + kr->p_len,
				    t->len - kr->p_off - kr->p_len);
			}
			if (nv.len > 0) {
				struct zl_dkim_rec fr;
				struct zl_buf got = ZL_BUF_INIT;

				fix = zl_fix_new(ZL_FIX_SAFE, pd->value ?
				    "replace the record with the profile's value" :
				    "replace 'p=' with the profile's key");
				zl_fix_replace_txt(fix, z, rec, nv.data, nv.len);
				zl_fix_sort(fix);
				zl_dkim_rec_init(&fr);
				if (fixed_value(z, fix, rec->src, rec->start,
				    rec->end, &fixed) == 0)
					zl_dkim_parse(&fr, fixed.data, fixed.len);
				if (fr.p >= 0)
					zl_dkim_strip_ws(fixed.data + fr.p_off,
					    fr.p_len, &got);
				if (fixed.len != nv.len ||
				    memcmp(fixed.data, nv.data, nv.len) != 0 ||
				    got.len != want.len ||
				    memcmp(got.data, want.data, want.len) != 0) {
					zl_fix_free(fix);
					fix = NULL;
				}
				zl_dkim_rec_release(&fr);
				zl_buf_release(&got);
			}
			f = add_finding(st, ZL_R_dkim_key_mismatch, ZL_SEV_NONE, rec,
			    rec->src, rec->start, rec->start, zl_buf_take(&msg));
			if (kr->p >= 0) {
				uint32_t s0, e0;

				zl_txt_span(t, kr->p_off, kr->p_len, &s0, &e0);
				f->start = s0;
				f->end = e0;
			}
			f->fix = fix;
next:
			zl_buf_release(&have);
			zl_buf_release(&want);
			zl_buf_release(&nv);
			zl_buf_release(&fixed);
			zl_buf_release(&msg);
		}
	}
}

/* ---- one record */

/*
 * A problem of st->kr about record ri, at [s0, e0) of its source. A weak
 * key keeps its size, not its message (zl_dkim_weak_msg() makes the same
 * again when it is reported).
 */
static void
add_prob(struct dk_state *st, const struct zl_zone *z, uint32_t ri,
    const struct zl_dkim_problem *pr, uint32_t s0, uint32_t e0)
{
	const struct zl_record *rec = &z->recs[ri];

	if (pr->rule == ZL_R_dkim_key_weak &&
	    (pr->sev == ZL_SEV_ERROR || pr->sev == ZL_SEV_INFO) &&
	    st->kr.key.bits >= 0 && st->kr.key.bits <= UINT16_MAX)
		add_weak(st, ri, s0, e0, st->kr.key.bits, pr->sev);
	else
		add_finding(st, pr->rule, pr->sev, rec, rec->src, s0, e0,
		    zl_xstrdup(pr->msg));
}

/* Report what dkim.c found in a record parsed into st->kr. */
static void
record_problems(struct dk_state *st, struct zl_ctx *ctx, uint32_t ri,
    const struct zl_txt *t)
{
	const struct zl_dkim_problem *ws = NULL;

	for (size_t i = 0; i < st->kr.nprobs; i++) {
		const struct zl_dkim_problem *pr = &st->kr.probs[i];
		uint32_t s0, e0;

		if (pr->rule == ZL_R_dkim_whitespace) {
			if (ws == NULL)
				ws = pr;
			continue;
		}
		zl_txt_span(t, pr->off, pr->len, &s0, &e0);
		add_prob(st, ctx->zone, ri, pr, s0, e0);
	}
	whitespace(st, ctx, ri, t, ws);
}

/*
 * The value of a TXT record without the source map, when no token holds an
 * escape (almost always): the strings copied as they are. Most keys have
 * nothing to report, and the map costs more than the whole check. Returns
 * -1 when the record needs the full decoder.
 */
static int
fast_value(struct dk_state *st, const struct zl_zone *z, uint32_t ri)
{
	const struct zl_record *rec = &z->recs[ri];
	const char *d = z->sources[rec->src]->data;
	size_t n = 0;
	char *o;

	if (rec->flags & (ZL_REC_GENERATED | ZL_REC_UNKNOWN_FORMAT))
		return -1;
	lex_record(st, z, ri);
	for (size_t i = rec->rdata_tok; i < st->fe.ntoks; i++) {
		const struct zl_token *tk = &st->fe.toks[i];

		if (tk->flags & (ZL_TOKF_ESCAPE | ZL_TOKF_UNTERMINATED))
			return -1;
		n += tk->end - tk->start - (tk->kind == ZL_TOK_QUOTED ? 2 : 0);
	}
	zl_buf_reset(&st->fv);
	o = zl_buf_reserve(&st->fv, n);
	for (size_t i = rec->rdata_tok; i < st->fe.ntoks; i++) {
		const struct zl_token *tk = &st->fe.toks[i];
		int q = tk->kind == ZL_TOK_QUOTED;
		size_t k = tk->end - tk->start - (q ? 2 : 0);

		memcpy(o, d + tk->start + q, k);
		o += k;
	}
	st->fv.len = n;
	st->fv.data[n] = '\0';
	return 0;
}

/* The source of one value byte of fast_value(): no escapes, so 1 to 1. */
static uint32_t
fast_src(const struct dk_state *st, const struct zl_record *rec, size_t voff)
{
	size_t at = 0;
	uint32_t last = rec->end;

	for (size_t i = rec->rdata_tok; i < st->fe.ntoks; i++) {
		const struct zl_token *tk = &st->fe.toks[i];
		int q = tk->kind == ZL_TOK_QUOTED;
		size_t n = tk->end - tk->start - (q ? 2 : 0);

		if (voff < at + n)
			return tk->start + (q ? 1 : 0) + (uint32_t)(voff - at);
		at += n;
		last = tk->end - (q ? 1 : 0);
	}
	return last;
}

/* Report the problems of st->kr, parsed from fast_value(). */
static void
fast_problems(struct dk_state *st, const struct zl_zone *z, uint32_t ri)
{
	const struct zl_record *rec = &z->recs[ri];

	for (size_t i = 0; i < st->kr.nprobs; i++) {
		const struct zl_dkim_problem *pr = &st->kr.probs[i];
		uint32_t s0 = fast_src(st, rec, pr->off), e0 = s0;

		if (pr->len > 0)
			e0 = fast_src(st, rec, pr->off + pr->len - 1) + 1;
		add_prob(st, z, ri, pr, s0, e0);
	}
}

/* 1 when st->kr has a problem of that rule. */
static int
has_prob(const struct dk_state *st, enum zl_rule_id rule)
{
	for (size_t i = 0; i < st->kr.nprobs; i++)
		if (st->kr.probs[i].rule == rule)
			return 1;
	return 0;
}

/* 1 when the run has a profile that publishes DKIM keys. */
static int
profile_keys(const struct zl_ctx *ctx)
{
	if (ctx->cfg == NULL)
		return 0;
	for (size_t i = 0; i < ctx->cfg->nprofiles; i++)
		for (size_t j = 0; j < ctx->cfg->profiles[i]->ndkim; j++)
			if (ctx->cfg->profiles[i]->dkim[j].key != NULL)
				return 1;
	return 0;
}

static void
single(struct dk_state *st, struct zl_ctx *ctx, uint32_t ri,
    enum where where, uint32_t dom, size_t sel_end)
{
	const struct zl_zone *z = ctx->zone;
	const struct zl_record *rec = &z->recs[ri];
	const struct zl_txt *t;

	if (fast_value(st, z, ri) == 0 && where != W_BARE &&
	    where != W_ELSEWHERE && !(st->fe.ncomments > 0) &&
	    !profile_keys(ctx)) {
		zl_dkim_parse(&st->kr, st->fv.data, st->fv.len);
		if (!has_prob(st, ZL_R_dkim_whitespace)) {
			/* nothing needs the source map or a fix */
			fast_problems(st, z, ri);
			if (where == W_SELECTOR)
				add_sel(st, dom, !st->kr.invalid && st->kr.key.ok);
			return;
		}
	}
	if ((t = full_value(st, z, rec)) == NULL)
		return;
	if (unquoted(st, ctx, ri, t, where)) {
		if (where == W_SELECTOR)
			add_sel(st, dom, 0);
		return;
	}
	zl_dkim_parse(&st->kr, t->val, t->len);
	record_problems(st, ctx, ri, t);
	if (where == W_BARE || where == W_ELSEWHERE) {
		char nb[1100];

		owner_text(z, rec, nb);
		add_finding(st, ZL_R_dkim_tag_syntax, ZL_SEV_NONE, rec, rec->src,
		    rec->start, rec->start, zl_xasprintf(where == W_BARE ?
		    "DKIM key record at '%s' has no selector: verifiers look for keys at '<selector>._domainkey.<domain>' (RFC 6376 §3.6.2.1)" :
		    "DKIM key record at '%s' is not under '_domainkey', so no verifier finds it: keys go at '<selector>._domainkey.<domain>' (RFC 6376 §3.6.2.1)",
		    nb));
	}
	if (where == W_SELECTOR) {
		char sel[1100];

		add_sel(st, dom, !st->kr.invalid && st->kr.key.ok);
		selector_text(z, rec->owner, sel_end, sel, sizeof(sel));
		mismatch(st, ctx, ri, t, sel);
	}
}

/* ---- dkim-split-records */

enum part_kind { PK_OTHER, PK_PART, PK_COMPLETE };

/* 1 when the tag-list of s holds a DKIM tag (it starts or continues a key). */
static int
has_dkim_tag(const char *s, size_t n)
{
	struct zl_taglist l;
	int yes = 0;

	memset(&l, 0, sizeof(l));
	zl_taglist_parse(&l, s, n, ZL_TAG_FWS);
	for (size_t i = 0; i < l.n && !yes; i++) {
		const struct zl_tag *t = &l.v[i];

		if (t->err != ZL_TAG_OK || t->name_len != 1)
			continue;
		if (strchr("kphtsng", s[t->name_off]) != NULL)
			yes = 1;
		else if (s[t->name_off] == 'v' && t->val_len >= 4 &&
		    strncasecmp(s + t->val_off, "DKIM", 4) == 0)
			yes = 1;
	}
	zl_taglist_release(&l);
	return yes;
}

static int
in_set(const uint32_t *v, size_t n, uint32_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

/*
 * Deleting these records must not hand a later blank-owner line to another
 * owner: the record before each deleted one that stays must have its owner.
 */
static int
deletion_safe(const struct zl_zone *z, const uint32_t *del, size_t ndel)
{
	for (size_t i = 0; i < ndel; i++) {
		uint32_t d = del[i];
		const struct zl_record *nx;
		size_t k;

		if (d + 1 >= z->nrecs)
			continue;
		nx = &z->recs[d + 1];
		if (nx->src != z->recs[d].src || !(nx->flags & ZL_REC_BLANK_OWNER) ||
		    in_set(del, ndel, d + 1))
			continue;
		for (k = d; k > 0 && in_set(del, ndel, (uint32_t)(k - 1)); k--)
			;
		if (k == 0 || z->recs[k - 1].src != z->recs[d].src ||
		    z->recs[k - 1].owner != z->recs[d].owner)
			return 0;
	}
	return 1;
}

static void
line_list(const struct zl_zone *z, const uint32_t *ri, size_t n,
    struct zl_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct zl_record *r = &z->recs[ri[i]];

		zl_buf_addf(out, "%s%u", i ? ", " : "",
		    zl_source_line(z->sources[r->src], r->start));
	}
}

static void
split_records(struct dk_state *st, struct zl_ctx *ctx, const uint32_t *ri,
    size_t n, uint32_t dom)
{
	const struct zl_zone *z = ctx->zone;
	const struct zl_record *r0 = &z->recs[ri[0]];
	struct zl_buf *vals = zl_xcalloc(n, sizeof(*vals));
	enum part_kind *kind = zl_xcalloc(n, sizeof(*kind));
	uint32_t *order = zl_xcalloc(n, sizeof(*order));
	size_t ncomplete = 0, nother = 0, norder = 0, head = n;
	struct zl_buf msg = ZL_BUF_INIT, lines = ZL_BUF_INIT;
	struct zl_dkim_rec kr;
	char nb[1100];

	zl_dkim_rec_init(&kr);
	owner_text(z, r0, nb);
	line_list(z, ri, n, &lines);
	add_sel(st, dom, 0);
	for (size_t i = 0; i < n; i++) {
		if (zl_txt_decode(&st->t, z, &z->recs[ri[i]]) != 0) {
			kind[i] = PK_OTHER;
			nother++;
			continue;
		}
		zl_buf_add(&vals[i], st->t.val, st->t.len);
		zl_buf_reserve(&vals[i], 1);
		zl_dkim_parse(&kr, st->t.val, st->t.len);
		if (!kr.invalid && kr.p >= 0 && (kr.key.ok || kr.revoked)) {
			kind[i] = PK_COMPLETE;
			ncomplete++;
		} else if (has_dkim_tag(st->t.val, st->t.len) ||
		    zl_dkim_is_b64_piece(st->t.val, st->t.len)) {
			kind[i] = PK_PART;
		} else {
			kind[i] = PK_OTHER;
			nother++;
		}
	}
	if (ncomplete >= 2 || (ncomplete == 1 && nother == n - 1)) {
		struct dk_finding *f;

		if (ncomplete >= 2)
			zl_buf_addf(&msg,
			    "%zu complete DKIM keys at '%s' (lines %s); TXT records at a selector must be unique, so verifiers use either one at random (RFC 6376 §3.6.2.2)",
			    ncomplete, nb, lines.data);
		else
			zl_buf_addf(&msg,
			    "'%s' holds %zu other TXT record%s beside its DKIM key (lines %s); TXT records at a selector must be unique, so verifiers may read the wrong one (RFC 6376 §3.6.2.2)",
			    nb, nother, nother > 1 ? "s" : "", lines.data);
		f = add_finding(st, ZL_R_dkim_split_records, ZL_SEV_NONE, r0,
		    r0->src, r0->start, r0->start, zl_buf_take(&msg));
		if (ncomplete == 1) {
			uint32_t del[64];
			size_t nd = 0;

			for (size_t i = 0; i < n && nd < 64; i++)
				if (kind[i] == PK_OTHER)
					del[nd++] = ri[i];
			if (nd == nother && deletion_safe(z, del, nd)) {
				f->fix = zl_fix_new(ZL_FIX_UNSAFE,
				    "delete the other TXT records at the selector");
				for (size_t i = 0; i < nd; i++)
					zl_fix_delete_record(f->fix, z, &z->recs[del[i]]);
				zl_fix_sort(f->fix);
			}
		}
		/* the complete keys are checked as they stand */
		for (size_t i = 0; i < n; i++) {
			if (kind[i] != PK_COMPLETE ||
			    zl_txt_decode(&st->t, z, &z->recs[ri[i]]) != 0)
				continue;
			zl_dkim_parse(&st->kr, st->t.val, st->t.len);
			record_problems(st, ctx, ri[i], &st->t);
		}
		goto out;
	}
	/* the pieces of one key: the one that starts the tag-list first */
	for (size_t i = 0; i < n && head == n; i++)
		if (kind[i] != PK_OTHER && has_dkim_tag(vals[i].data, vals[i].len))
			head = i;
	for (size_t i = 0; i < n && head == n; i++)
		if (kind[i] != PK_OTHER)
			head = i;
	if (head == n) {
		zl_buf_addf(&msg,
		    "'%s' holds %zu TXT records (lines %s) and none is a DKIM key; TXT records at a selector must be unique (RFC 6376 §3.6.2.2)",
		    nb, n, lines.data);
		add_finding(st, ZL_R_dkim_split_records, ZL_SEV_NONE, r0, r0->src,
		    r0->start, r0->start, zl_buf_take(&msg));
		goto out;
	}
	{
		struct zl_buf joined = ZL_BUF_INIT, fixed = ZL_BUF_INIT;
		uint32_t keeper = ZL_NONE, del[64];
		size_t nd = 0;
		struct dk_finding *f;
		struct zl_fix *fix = NULL;
		int ok;

		order[norder++] = (uint32_t)head;
		for (size_t i = 0; i < n; i++)
			if (i != head && kind[i] != PK_OTHER)
				order[norder++] = (uint32_t)i;
		for (size_t i = 0; i < norder; i++)
			zl_buf_add(&joined, vals[order[i]].data,
			    vals[order[i]].len);
		zl_buf_reserve(&joined, 1);
		zl_dkim_parse(&kr, joined.data ? joined.data : "", joined.len);
		ok = !kr.invalid && kr.key.ok;
		zl_buf_addf(&msg,
		    "DKIM key at '%s' is split over %zu TXT records (lines %s); verifiers read one record, never their join, so the key is broken (RFC 6376 §3.6.2.2)",
		    nb, norder, lines.data);
		if (!ok) {
			const char *why = "";

			for (size_t i = 0; i < kr.nprobs && !*why; i++)
				if (kr.probs[i].sev != ZL_SEV_INFO &&
				    kr.probs[i].rule != ZL_R_dkim_testing)
					why = kr.probs[i].msg;
			zl_buf_addf(&msg,
			    "; joined in this order they are no valid key either (%s), so there is no fix",
			    *why ? why : "the key does not decode");
		}
		for (size_t i = 0; i < n; i++) {
			if (kind[i] == PK_OTHER)
				continue;
			if (keeper == ZL_NONE)
				keeper = ri[i];
			else if (nd < 64)
				del[nd++] = ri[i];
		}
		if (ok && nd + 1 == norder && deletion_safe(z, del, nd)) {
			const struct zl_record *kp = &z->recs[keeper];

			fix = zl_fix_new(ZL_FIX_SAFE,
			    "join the pieces into one record");
			zl_fix_replace_txt(fix, z, kp, joined.data, joined.len);
			for (size_t i = 0; i < nd; i++)
				zl_fix_delete_record(fix, z, &z->recs[del[i]]);
			zl_fix_sort(fix);
			if (fixed_value(z, fix, kp->src, kp->start, kp->end,
			    &fixed) != 0 ||
			    !same_key(joined.data, joined.len, &fixed)) {
				zl_fix_free(fix);
				fix = NULL;
			}
		}
		f = add_finding(st, ZL_R_dkim_split_records, ZL_SEV_NONE, r0,
		    r0->src, r0->start, r0->start, zl_buf_take(&msg));
		f->fix = fix;
		zl_buf_release(&joined);
		zl_buf_release(&fixed);
	}
out:
	for (size_t i = 0; i < n; i++)
		zl_buf_release(&vals[i]);
	free(vals);
	free(kind);
	free(order);
	zl_buf_release(&msg);
	zl_buf_release(&lines);
	zl_dkim_rec_release(&kr);
}

/* ---- the analysis */

/*
 * 1 when the value of a TXT entry with no escape, d[0..n) of its text,
 * can hold "MI": an 'M' right before an 'I', or before the end of its
 * string (a quote, white space, a parenthesis or a comment), where the
 * next string may start with one.
 */
static int
may_hold_mi(const char *d, size_t n)
{
	for (const char *m = memchr(d, 'M', n); m != NULL && m + 1 < d + n;
	    m = memchr(m + 1, 'M', (size_t)(d + n - m - 1)))
		if (strchr("I\" \t\r\n();", m[1]) != NULL && m[1] != '\0')
			return 1;
	return 0;
}

/*
 * 0 when TXT record rec cannot hold what zl_dkim_looks_like_key() takes,
 * judged from its source bytes without lexing them (most TXT records away
 * from _domainkey are SPF, DMARC or site verifications). That test wants
 * "DKIM" in any case, or a tag p= beside k= or holding "MI...". A value
 * byte is a byte of the entry's text unless an escape makes it, so an
 * entry with no backslash that lacks the letters of those holds no such
 * value; the owner, TTL and comments around the value only add letters,
 * and so only say "maybe" more often. A record that is not decoded
 * (generated, RFC 3597) is no key either.
 */
static int
may_hold_key(const struct zl_zone *z, const struct zl_record *rec)
{
	const char *d = z->sources[rec->src]->data + rec->start;
	size_t n = rec->end - rec->start;

#define HAS(c) (memchr(d, (c), n) != NULL)
#define HAS_CI(c) (HAS(c) || HAS((c) - 'a' + 'A'))
	if (rec->flags & (ZL_REC_GENERATED | ZL_REC_UNKNOWN_FORMAT))
		return 0;
	return HAS('\\') ||
	    (HAS_CI('k') && HAS_CI('d') && HAS_CI('i') && HAS_CI('m')) ||
	    (HAS('p') && (HAS('k') || may_hold_mi(d, n)));
#undef HAS
#undef HAS_CI
}

static int
sel_cmp(const void *a, const void *b)
{
	const struct dk_sel *x = a, *y = b;

	if (x->domain != y->domain)
		return x->domain < y->domain ? -1 : 1;
	return y->usable - x->usable;
}

static int
id_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Names in the zone that a selector's CNAME points to: the key lives there
 * ("ocf._domainkey IN CNAME _dkim.ocf.berkeley.edu."), so a key record
 * there is at the right name. Relative targets are read against the
 * zone's origin.
 */
static void
cname_targets(struct dk_state *st, const struct zl_zone *z)
{
	const char *err;
	size_t olen, cap = 0;
	const uint8_t *ow = zl_zone_origin_wire(z, &olen);
	struct zl_entry e;

	memset(&e, 0, sizeof(e));
	for (uint32_t id = 0; id < z->nnames; id++) {
		uint32_t dom;
		size_t sel_end;
		enum where w;

		if (!(z->names[id].flags & ZL_NAME_HAS_CNAME))
			continue;
		w = classify(z, id, &dom, &sel_end);
		if (w != W_SELECTOR && w != W_SPECIAL)
			continue;
		for (uint32_t r = z->names[id].first; r != ZL_NONE;
		    r = z->recs[r].next) {
			const struct zl_record *rec = &z->recs[r];
			const struct zl_token *t;
			uint8_t out[ZL_NAME_MAX];
			size_t n;
			int rel;
			uint32_t tid;

			if (rec->type != LDNS_RR_TYPE_CNAME ||
			    (rec->flags & ZL_REC_GENERATED))
				continue;
			zl_record_entry(z, rec, &e);
			if (e.ntoks <= rec->rdata_tok)
				continue;
			t = &e.toks[rec->rdata_tok];
			if (zl_name_parse(z->sources[rec->src]->data + t->start,
			    t->end - t->start, ow, olen, out, &n, &rel, &err) != 0 ||
			    (tid = zl_zone_find_name(z, out, n)) == ZL_NONE)
				continue;
			st->targets = zl_xgrow(st->targets, sizeof(*st->targets),
			    st->ntargets + 1, &cap);
			st->targets[st->ntargets++] = tid;
		}
	}
	zl_entry_release(&e);
	if (st->ntargets > 1)
		qsort(st->targets, st->ntargets, sizeof(*st->targets), id_cmp);
}

static int
is_target(const struct dk_state *st, uint32_t id)
{
	return st->ntargets > 0 && bsearch(&id, st->targets, st->ntargets,
	    sizeof(*st->targets), id_cmp) != NULL;
}

static void
analyse(struct dk_state *st, struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;
	uint32_t *txt = NULL;
	size_t cap = 0;

	if (z->nerrs > 0) {
		sort_errors(st, z);
		split_lines_from_errors(st, ctx);
	}
	cname_targets(st, z);
	for (uint32_t id = 0; id < z->nnames; id++) {
		const struct zl_name *nm = &z->names[id];
		size_t ntxt = 0, sel_end;
		uint32_t dom;
		int cname = 0;
		enum where w;

		for (uint32_t r = nm->first; r != ZL_NONE; r = z->recs[r].next) {
			if (z->recs[r].type == LDNS_RR_TYPE_TXT) {
				txt = zl_xgrow(txt, sizeof(*txt), ntxt + 1, &cap);
				txt[ntxt++] = r;
			} else if (z->recs[r].type == LDNS_RR_TYPE_CNAME) {
				cname = 1;
			}
		}
		if (ntxt == 0 && !cname)
			continue;
		w = classify(z, id, &dom, &sel_end);
		if ((w == W_ELSEWHERE || w == W_BARE) && is_target(st, id)) {
			/* the key a selector's CNAME points to */
			w = W_SELECTOR;
			dom = ZL_NONE;
			sel_end = 0;
		}
		if (w == W_SELECTOR) {
			size_t k = 0;

			if (cname)
				add_sel(st, dom, 1);
			for (size_t i = 0; i < ntxt; i++)
				if (!split_lines_from_record(st, ctx, txt[i]))
					txt[k++] = txt[i];
			ntxt = k;
			if (ntxt == 1)
				single(st, ctx, txt[0], w, dom, sel_end);
			else if (ntxt > 1) {
				split_records(st, ctx, txt, ntxt, dom);
			}
			continue;
		}
		for (size_t i = 0; i < ntxt; i++) {
			const struct zl_record *rec = &z->recs[txt[i]];
			const struct zl_txt *t;

			if (!may_hold_key(z, rec))
				continue;
			if (fast_value(st, z, txt[i]) == 0) {
				if (!zl_dkim_looks_like_key(st->fv.data, st->fv.len))
					continue;
			} else if ((t = full_value(st, z, rec)) == NULL ||
			    !zl_dkim_looks_like_key(t->val, t->len)) {
				continue;
			}
			if (split_lines_from_record(st, ctx, txt[i]))
				continue;
			single(st, ctx, txt[i], w, ZL_NONE, 0);
		}
	}
	free(txt);
	/* the lists are complete: give back the room grown for them */
	if (st->n > 0 && st->n < st->cap) {
		st->v = zl_xrealloc(st->v, st->n * sizeof(*st->v));
		st->cap = st->n;
	}
	if (st->nsel > 0 && st->nsel < st->selcap) {
		st->sel = zl_xrealloc(st->sel, st->nsel * sizeof(*st->sel));
		st->selcap = st->nsel;
	}
	/*
	 * A domain's name usually comes before its keys, and the selectors
	 * in domain order: sort them only when they are not (entries that
	 * compare equal are the same, so skipping the sort changes nothing).
	 */
	for (size_t i = 1; i < st->nsel; i++)
		if (sel_cmp(&st->sel[i - 1], &st->sel[i]) > 0) {
			qsort(st->sel, st->nsel, sizeof(*st->sel), sel_cmp);
			break;
		}
}

static struct dk_state *
state_get(struct zl_ctx *ctx)
{
	struct dk_state *st = ctx->family[ZL_FAM_DKIM];

	if (st != NULL)
		return st;
	st = zl_xcalloc(1, sizeof(*st));
	st->fe_ri = ZL_NONE;
	zl_dkim_rec_init(&st->kr);
	zl_txt_init(&st->t);
	st->err_used = zl_xcalloc(ctx->zone->nerrs + 1, 1);
	zl_ctx_family_set(ctx, ZL_FAM_DKIM, st, state_free);
	analyse(st, ctx);
	return st;
}

static void
report_rule(struct zl_ctx *ctx, enum zl_rule_id rule)
{
	struct dk_state *st = state_get(ctx);
	const struct zl_zone *z = ctx->zone;

	for (size_t i = 0; i < st->n; i++) {
		const struct dk_slot *sl = &st->v[i];
		struct dk_finding *f;
		struct zl_diag *d;

		if (!sl->full) {
			const struct zl_record *rec = &z->recs[sl->i];
			char *msg;

			if (rule != ZL_R_dkim_key_weak)
				continue;
			msg = zl_dkim_weak_msg(sl->bits, sl->sev);
			zl_report_sev(ctx, rule, sl->sev, rec, rec->src,
			    sl->start, sl->end, "%s", msg);
			free(msg);
			continue;
		}
		f = &st->full[sl->i];
		if (f->rule != rule)
			continue;
		d = zl_report_sev(ctx, rule, f->sev, &f->rec, f->src, f->start,
		    f->end, "%s", f->msg);
		/* reported once: what it holds can go now */
		free(f->msg);
		f->msg = NULL;
		if (d != NULL) {
			if (f->fix != NULL) {
				zl_fix_free(d->fix);
				d->fix = f->fix;
				f->fix = NULL;
			}
			for (size_t k = 0; k < f->nclaims; k++)
				zl_ctx_claim_error(ctx, f->claims[k]);
		}
		zl_fix_free(f->fix);
		f->fix = NULL;
		free(f->claims);
		f->claims = NULL;
		f->nclaims = 0;
	}
}

void
check_dkim_split_records(struct zl_ctx *ctx)
{
	report_rule(ctx, ZL_R_dkim_split_records);
}

void
check_dkim_split_lines(struct zl_ctx *ctx)
{
	report_rule(ctx, ZL_R_dkim_split_lines);
}

void
check_dkim_unquoted(struct zl_ctx *ctx)
{
	report_rule(ctx, ZL_R_dkim_unquoted);
}

void
check_dkim_whitespace(struct zl_ctx *ctx)
{
	report_rule(ctx, ZL_R_dkim_whitespace);
}

void
check_dkim_key_invalid(struct zl_ctx *ctx)
{
	report_rule(ctx, ZL_R_dkim_key_invalid);
}

void
check_dkim_key_weak(struct zl_ctx *ctx)
{
	report_rule(ctx, ZL_R_dkim_key_weak);
}

void
check_dkim_tag_syntax(struct zl_ctx *ctx)
{
	report_rule(ctx, ZL_R_dkim_tag_syntax);
}

void
check_dkim_testing(struct zl_ctx *ctx)
{
	report_rule(ctx, ZL_R_dkim_testing);
}

void
check_dkim_revoked(struct zl_ctx *ctx)
{
	report_rule(ctx, ZL_R_dkim_revoked);
}

void
check_dkim_key_mismatch(struct zl_ctx *ctx)
{
	report_rule(ctx, ZL_R_dkim_key_mismatch);
}

int
zl_dkim_valid_for(struct zl_ctx *ctx, uint32_t domain)
{
	struct dk_state *st = state_get(ctx);
	size_t lo = 0, hi = st->nsel;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (st->sel[mid].domain < domain)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* sorted usable first within a domain */
	return lo < st->nsel && st->sel[lo].domain == domain &&
	    st->sel[lo].usable;
}
