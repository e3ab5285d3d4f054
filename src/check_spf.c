/* SPDX-License-Identifier: MIT */
/*
 * SPF rules (RFC 7208): every spf-* check, their fixes, and
 * zl_spf_valid_at() for the DMARC checks (mailauth.h).
 *
 * The family analysis is built once per zone on first use and kept in
 * ctx->family[ZL_FAM_SPF]: every TXT and type-99 record is decoded, the
 * ones that are SPF records or are meant as one (zl_spf_classify) are
 * parsed and chained per owner, and DNS lookup costs (§4.6.4) are
 * memoised per owner as they are computed. Nothing here prints.
 *
 * Lookup costs of includes outside the zone come from ctx->cfg->spf_costs
 * (rules/spf-includes.yaml). Convention, as struct zl_spf_cost states: an
 * entry's `lookups` counts the include term itself plus every
 * DNS-querying term its record tree pulls in, so `include:x` costs exactly
 * `lookups`. An include outside the zone with no entry costs 1 (the
 * include itself), and the total is then a lower bound.
 */
#include "mailauth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "engine.h"
#include "fixutil.h"
#include "name.h"
#include "profile.h"
#include "spf.h"
#include "txt.h"
#include "xalloc.h"

void check_spf_missing(struct zl_ctx *ctx);
void check_spf_multiple(struct zl_ctx *ctx);
void check_spf_syntax(struct zl_ctx *ctx);
void check_spf_include_required(struct zl_ctx *ctx);
void check_spf_all_pass(struct zl_ctx *ctx);
void check_spf_all_neutral(struct zl_ctx *ctx);
void check_spf_terms_after_all(struct zl_ctx *ctx);
void check_spf_redirect_with_all(struct zl_ctx *ctx);
void check_spf_lookup_limit(struct zl_ctx *ctx);
void check_spf_void_lookup(struct zl_ctx *ctx);
void check_spf_ptr(struct zl_ctx *ctx);
void check_spf_rr_type(struct zl_ctx *ctx);
void check_spf_split_join(struct zl_ctx *ctx);
void check_spf_record_size(struct zl_ctx *ctx);

/* RR types this file needs (RFC 1035, RFC 3596, RFC 4408) */
enum {
	T_A = 1,
	T_NS = 2,
	T_CNAME = 5,
	T_MX = 15,
	T_TXT = 16,
	T_AAAA = 28,
	T_SPF = 99,
};

#define LOOKUP_LIMIT 10		/* §4.6.4 */
#define VOID_LIMIT 2		/* §4.6.4 */
#define SIZE_ADVICE 450		/* §3.4 */
#define MAX_SYNTAX_PER_RECORD 20

/* DNS cost of one term (§4.6.4) */
struct tcost {
	int n;                 /* lookups, the term itself included */
	int unknown;           /* a lower bound: something was not counted */
	int loop;              /* index + 1 into fam->loops, or 0 */
	int none;              /* include/redirect target in zone without SPF */
	int external;          /* target outside the zone */
	const struct zl_spf_cost *known; /* its entry in spf-includes.yaml */
};

/* An SPF record, or a TXT meant as one. */
struct srec {
	uint32_t rec;          /* index into zone->recs */
	uint32_t next;         /* next srec at the same owner, or ZL_NONE */
	enum zl_spf_class cls;
	int txt;               /* 1: TXT, 0: type 99 */
	int dup_of;            /* identical earlier TXT SPF here, or -1 */
	char *val;
	size_t len;
	struct zl_spf_record p; /* cls == ZL_SPF_RECORD */
	struct zl_spf_error *why; /* cls == ZL_SPF_LOOKALIKE */
};

struct memo {
	int state;             /* 0 new, 1 being counted, 2 done */
	int n;                 /* lookups of the owner's record */
	int unknown;
	int loop;
};

struct fam {
	struct srec *v;
	size_t n, cap;
	uint32_t *first;       /* per name id: first srec, or ZL_NONE */
	struct memo *memo;     /* per name id, allocated on first use */
	unsigned char *included; /* per name id: target of an in-zone include */
	uint32_t *stack;       /* owners being counted (loop detection) */
	size_t depth, stack_cap;
	char **loops;
	size_t nloops;
	struct zl_txt txt;     /* scratch: the record last decoded */
	uint32_t txt_rec;
};

/* ---- the family analysis */

static void
fam_free(void *data)
{
	struct fam *f = data;

	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].val);
		zl_spf_record_release(&f->v[i].p);
		free(f->v[i].why);
	}
	free(f->v);
	free(f->first);
	free(f->memo);
	free(f->included);
	free(f->stack);
	for (size_t i = 0; i < f->nloops; i++)
		free(f->loops[i]);
	free(f->loops);
	zl_txt_release(&f->txt);
	free(f);
}

static int
has_type(const struct zl_zone *z, uint32_t id, uint16_t type)
{
	if (id == ZL_NONE)
		return 0;
	for (uint32_t r = z->names[id].first; r != ZL_NONE; r = z->recs[r].next)
		if (z->recs[r].type == type)
			return 1;
	return 0;
}

static struct fam *
fam_get(struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;
	struct fam *f = ctx->family[ZL_FAM_SPF];
	struct zl_txt t;

	if (f != NULL)
		return f;
	f = zl_xcalloc(1, sizeof(*f));
	zl_txt_init(&f->txt);
	f->txt_rec = ZL_NONE;
	f->first = zl_xmalloc((z->nnames + 1) * sizeof(*f->first));
	for (size_t i = 0; i < z->nnames; i++)
		f->first[i] = ZL_NONE;
	zl_txt_init(&t);
	for (size_t i = 0; i < z->nrecs; i++) {
		const struct zl_record *rec = &z->recs[i];
		struct zl_spf_error why;
		enum zl_spf_class cls;
		struct srec *s;

		if (rec->type != T_TXT && rec->type != T_SPF)
			continue;
		if (zl_txt_decode(&t, z, rec) != 0)
			continue;
		cls = zl_spf_classify(t.val, t.len, &why);
		if (cls == ZL_SPF_NOT)
			continue;
		f->v = zl_xgrow(f->v, sizeof(*f->v), f->n + 1, &f->cap);
		s = &f->v[f->n];
		memset(s, 0, sizeof(*s));
		s->rec = (uint32_t)i;
		s->next = ZL_NONE;
		s->cls = cls;
		s->txt = rec->type == T_TXT;
		s->dup_of = -1;
		s->val = zl_xmalloc(t.len + 1);
		memcpy(s->val, t.val, t.len + 1);
		s->len = t.len;
		zl_spf_record_init(&s->p);
		if (cls == ZL_SPF_RECORD) {
			zl_spf_parse(&s->p, s->val, s->len);
		} else {
			s->why = zl_xmalloc(sizeof(*s->why));
			*s->why = why;
		}
		/* chain per owner in file order; mark identical copies */
		if (f->first[rec->owner] == ZL_NONE) {
			f->first[rec->owner] = (uint32_t)f->n;
		} else {
			uint32_t k = f->first[rec->owner];

			for (;;) {
				struct srec *o = &f->v[k];

				if (s->dup_of < 0 && o->dup_of < 0 && o->txt &&
				    s->txt && o->cls == ZL_SPF_RECORD &&
				    cls == ZL_SPF_RECORD && o->len == s->len &&
				    memcmp(o->val, s->val, s->len) == 0)
					s->dup_of = (int)k;
				if (o->next == ZL_NONE)
					break;
				k = o->next;
			}
			f->v[k].next = (uint32_t)f->n;
		}
		f->n++;
	}
	zl_txt_release(&t);
	zl_ctx_family_set(ctx, ZL_FAM_SPF, f, fam_free);
	return f;
}

/* The record of an srec, decoded into the scratch zl_txt. */
static struct zl_txt *
fam_txt(struct zl_ctx *ctx, struct fam *f, const struct srec *s)
{
	if (f->txt_rec != s->rec) {
		if (zl_txt_decode(&f->txt, ctx->zone,
		    &ctx->zone->recs[s->rec]) != 0)
			f->txt.len = 0;
		f->txt_rec = s->rec;
	}
	return &f->txt;
}

static const struct zl_record *
srec_rec(struct zl_ctx *ctx, const struct srec *s)
{
	return &ctx->zone->recs[s->rec];
}

/* Report at value bytes [off, off+len) of s's record. */
static struct zl_diag *
report_at(struct zl_ctx *ctx, struct fam *f, const struct srec *s,
    enum zl_rule_id id, enum zl_severity sev, size_t off, size_t len,
    const char *fmt, ...) ZL_PRINTF(8, 9);

static struct zl_diag *
report_at(struct zl_ctx *ctx, struct fam *f, const struct srec *s,
    enum zl_rule_id id, enum zl_severity sev, size_t off, size_t len,
    const char *fmt, ...)
{
	const struct zl_record *rec = srec_rec(ctx, s);
	struct zl_txt *t = fam_txt(ctx, f, s);
	uint32_t start = rec->start, end = rec->start;
	struct zl_diag *d;
	va_list ap;

	if (t->len == s->len)
		zl_txt_span(t, off, len, &start, &end);
	va_start(ap, fmt);
	d = zl_vreport(ctx, id, sev, rec, rec->src, start, end, fmt, ap);
	va_end(ap);
	return d;
}

/* Number of distinct TXT SPF records at an owner; *one: the first. */
static int
txt_spf_at(const struct fam *f, uint32_t owner, int *one)
{
	int n = 0;

	*one = -1;
	if (owner == ZL_NONE)
		return 0;
	for (uint32_t k = f->first[owner]; k != ZL_NONE; k = f->v[k].next) {
		const struct srec *s = &f->v[k];

		if (!s->txt || s->cls != ZL_SPF_RECORD || s->dup_of >= 0)
			continue;
		if (n++ == 0)
			*one = (int)k;
	}
	return n;
}

/* The one SPF record receivers use at owner, or -1 (none or several). */
static int
the_record(const struct fam *f, uint32_t owner)
{
	int one;

	return txt_spf_at(f, owner, &one) == 1 ? one : -1;
}

/* Any TXT or type-99 record that is, or is meant as, SPF at owner. */
static int
any_spf_at(const struct fam *f, uint32_t owner)
{
	return owner != ZL_NONE && f->first[owner] != ZL_NONE;
}

/* A TXT SPF record receivers select (several count: a permerror, not none). */
static int
real_spf_at(const struct fam *f, uint32_t owner)
{
	int one;

	return txt_spf_at(f, owner, &one) > 0;
}

static const char *
name_text(struct zl_ctx *ctx, uint32_t id, char *buf)
{
	return zl_zone_name_text(ctx->zone, id, buf);
}

/* Terms that receivers evaluate: up to the first 'all'; redirect only
 * when there is no 'all' (§5.1, §6.1). */
static int
evaluated(const struct zl_spf_record *p, size_t k)
{
	const struct zl_spf_term *t = &p->terms[k];

	if (t->err >= 0)
		return 0;
	if (t->kind == ZL_SPF_REDIRECT)
		return p->all < 0 && (int)k == p->redirect;
	if (t->kind >= ZL_SPF_REDIRECT)
		return 0;
	return p->all < 0 || (int)k <= p->all;
}

/* ---- names the record refers to */

/*
 * The zone's apex: the SOA owner, else the origin. They differ when a
 * file starts with "$ORIGIN ." and names its SOA owner (BIND's own dump
 * format): the zone is then authoritative for the SOA owner only.
 */
static uint32_t
apex_of(const struct zl_zone *z)
{
	if (z->soa != ZL_NONE && z->soa < z->nrecs)
		return z->recs[z->soa].owner;
	return z->origin;
}

enum res {
	RES_OUT,               /* outside the zone or below a delegation */
	RES_NONE,              /* in the zone, no such name */
	RES_IN,                /* in the zone: *id */
};

/*
 * Resolve a domain-spec without macros against the zone. text receives
 * the name in lower case without the trailing dot (for spf_costs).
 */
static enum res
resolve(const struct zl_zone *z, const char *s, size_t n, uint32_t *id,
    char *text, size_t textsz)
{
	char buf[ZL_NAME_MAX * 4 + 4];
	uint8_t w[ZL_NAME_MAX], wc[ZL_NAME_MAX];
	const uint8_t *apex;
	size_t wl, olen, pos, k;
	int rel;
	const char *err;

	*id = ZL_NONE;
	if (n >= sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	for (k = 0; k < n && k + 1 < textsz; k++)
		text[k] = (char)((s[k] >= 'A' && s[k] <= 'Z') ?
		    s[k] + 32 : s[k]);
	while (k > 0 && text[k - 1] == '.')
		k--;
	text[k] = '\0';
	memcpy(buf, s, n);
	if (n == 0 || buf[n - 1] != '.')
		buf[n++] = '.';
	buf[n] = '\0';
	if (zl_name_parse(buf, n, NULL, 0, w, &wl, &rel, &err) != 0)
		return RES_OUT;
	apex = zl_zone_name_wire(z, apex_of(z), &olen);
	if (!zl_name_is_sub(w, wl, apex, olen))
		return RES_OUT;
	/* below a zone cut: another server answers */
	for (pos = 0; wl - pos > olen; pos += (size_t)w[pos] + 1) {
		uint32_t a = zl_zone_find_name(z, w + pos, wl - pos);

		if (a != ZL_NONE && has_type(z, a, T_NS))
			return RES_OUT;
	}
	*id = zl_zone_find_name(z, w, wl);
	if (*id != ZL_NONE && z->names[*id].nrecs > 0)
		return RES_IN;
	if (*id != ZL_NONE)
		return RES_NONE;	/* empty non-terminal */
	/* a wildcard at the closest encloser answers for it */
	for (pos = (size_t)w[0] + 1; wl - pos >= olen && pos < wl;
	    pos += (size_t)w[pos] + 1) {
		uint32_t a, wid;

		wc[0] = 1;
		wc[1] = '*';
		memcpy(wc + 2, w + pos, wl - pos);
		wid = zl_zone_find_name(z, wc, wl - pos + 2);
		if (wid != ZL_NONE && z->names[wid].nrecs > 0) {
			*id = wid;
			return RES_IN;
		}
		a = zl_zone_find_name(z, w + pos, wl - pos);
		if (a != ZL_NONE)
			break;
	}
	return RES_NONE;
}

static const struct zl_spf_cost *
known_cost(const struct zl_ctx *ctx, const char *domain)
{
	return ctx->cfg == NULL ? NULL : zl_config_spf_cost(ctx->cfg, domain);
}

/* ---- lookup counting (§4.6.4) */

static struct memo *count_owner(struct zl_ctx *ctx, struct fam *f,
    uint32_t owner);

static int
add_loop(struct fam *f, const struct zl_zone *z, size_t from, uint32_t back)
{
	struct zl_buf b = ZL_BUF_INIT;
	char nb[1100];

	for (size_t i = from; i < f->depth; i++) {
		zl_buf_adds(&b, zl_zone_name_text(z, f->stack[i], nb));
		zl_buf_adds(&b, " -> ");
	}
	zl_buf_adds(&b, zl_zone_name_text(z, back, nb));
	for (size_t i = 0; i < f->nloops; i++) {
		if (strcmp(f->loops[i], b.data) == 0) {
			zl_buf_release(&b);
			return (int)i + 1;
		}
	}
	f->loops = zl_xrealloc(f->loops, (f->nloops + 1) * sizeof(*f->loops));
	f->loops[f->nloops++] = zl_buf_take(&b);
	return (int)f->nloops;
}

static struct tcost
term_cost(struct zl_ctx *ctx, struct fam *f, const struct srec *s, size_t k)
{
	const struct zl_spf_term *t = &s->p.terms[k];
	struct tcost c;
	char text[1100];
	uint32_t id;
	enum res r;

	memset(&c, 0, sizeof(c));
	c.n = 1;
	if (t->kind != ZL_SPF_INCLUDE && t->kind != ZL_SPF_REDIRECT)
		return c;
	if (t->has_macro) {
		c.unknown = 1;
		return c;
	}
	r = resolve(ctx->zone, s->val + t->arg_off, t->arg_len, &id, text,
	    sizeof(text));
	if (r == RES_OUT) {
		c.external = 1;
		c.known = known_cost(ctx, text);
		if (c.known != NULL && c.known->lookups > 0)
			c.n = c.known->lookups;
		else
			c.unknown = 1;
		return c;
	}
	if (r == RES_NONE || !real_spf_at(f, id)) {
		c.none = 1;
		return c;
	}
	if (f->included == NULL)
		f->included = zl_xcalloc(ctx->zone->nnames + 1, 1);
	f->included[id] = 1;
	if (the_record(f, id) < 0) {
		c.unknown = 1;	/* several records, or only broken ones */
		return c;
	}
	for (size_t i = 0; i < f->depth; i++) {
		if (f->stack[i] == id) {
			c.loop = add_loop(f, ctx->zone, i, id);
			return c;
		}
	}
	{
		struct memo *m = count_owner(ctx, f, id);

		c.n += m->n;
		c.unknown |= m->unknown;
		c.loop = m->loop;
	}
	return c;
}

static struct memo *
count_owner(struct zl_ctx *ctx, struct fam *f, uint32_t owner)
{
	struct memo *m;
	struct srec *s;
	int ri;

	if (f->memo == NULL)
		f->memo = zl_xcalloc(ctx->zone->nnames + 1, sizeof(*f->memo));
	m = &f->memo[owner];
	if (m->state != 0)
		return m;
	m->state = 1;
	ri = the_record(f, owner);
	if (ri < 0) {
		m->state = 2;
		return m;
	}
	f->stack = zl_xgrow(f->stack, sizeof(*f->stack), f->depth + 1,
	    &f->stack_cap);
	f->stack[f->depth++] = owner;
	s = &f->v[ri];
	for (size_t k = 0; k < s->p.nterms; k++) {
		struct tcost c;

		if (!evaluated(&s->p, k) ||
		    !zl_spf_kind_queries(s->p.terms[k].kind))
			continue;
		c = term_cost(ctx, f, s, k);
		m = &f->memo[owner];
		m->n += c.n;
		m->unknown |= c.unknown;
		if (m->loop == 0)
			m->loop = c.loop;
	}
	f->depth--;
	m->state = 2;
	return m;
}

/* Count every owner with one SPF record, so include targets are known. */
static void
count_all(struct zl_ctx *ctx, struct fam *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct srec *s = &f->v[i];

		if (s->txt && s->cls == ZL_SPF_RECORD && s->dup_of < 0)
			(void)count_owner(ctx, f,
			    ctx->zone->recs[s->rec].owner);
	}
}

/* ---- fixes shared by several rules */

/*
 * Delete record ri. A record that names its owner passes it on to the
 * blank-owner lines after it: when the next record that stays is such a
 * line and the record before ri has another owner, write the owner there.
 * keep(i) tells whether record i stays (records the same fix deletes do
 * not).
 */
static void
delete_record(struct zl_fix *fx, const struct zl_zone *z, uint32_t ri,
    const uint32_t *gone, size_t ngone)
{
	const struct zl_record *rec = &z->recs[ri];

	if (!(rec->flags & ZL_REC_BLANK_OWNER)) {
		uint32_t nx = ri + 1, pv = ri;
		int pv_same = 0;

		for (;; nx++) {
			int deleted = 0;

			if (nx >= z->nrecs)
				break;
			for (size_t g = 0; g < ngone; g++)
				deleted |= gone[g] == nx;
			if (!deleted)
				break;
		}
		while (pv > 0) {
			int deleted = 0;

			pv--;
			for (size_t g = 0; g < ngone; g++)
				deleted |= gone[g] == pv;
			if (deleted)
				continue;
			pv_same = z->recs[pv].src == rec->src &&
			    z->recs[pv].owner == rec->owner;
			break;
		}
		if (nx < z->nrecs && z->recs[nx].src == rec->src &&
		    (z->recs[nx].flags & ZL_REC_BLANK_OWNER) && !pv_same) {
			char nb[1100];

			zl_zone_name_text(z, rec->owner, nb);
			zl_fix_insert(fx, rec->src, z->recs[nx].start, nb);
		}
	}
	(void)zl_fix_delete_record(fx, z, rec);
}

/*
 * Key for dropping duplicate terms when merging: no '+' (the default
 * qualifier), the name in lower case, the rest as written (a macro
 * letter's case means something, §7.3).
 */
static void
term_key(struct zl_buf *b, const char *v, const struct zl_spf_term *t)
{
	size_t i = t->off, e = t->off + t->len, name_end;

	zl_buf_reset(b);
	if (v[i] == '+')
		i++;
	name_end = t->qualifier ? t->off + 1 + t->name_len :
	    t->off + t->name_len;
	for (; i < e; i++)
		zl_buf_addc(b, (char)(i < name_end && v[i] >= 'A' &&
		    v[i] <= 'Z' ? v[i] + 32 : v[i]));
	zl_buf_addc(b, '\0');
}

struct keyset {
	char **v;
	size_t n;
};

static int
keyset_add(struct keyset *ks, const char *k)
{
	for (size_t i = 0; i < ks->n; i++)
		if (strcmp(ks->v[i], k) == 0)
			return 0;
	ks->v = zl_xrealloc(ks->v, (ks->n + 1) * sizeof(*ks->v));
	ks->v[ks->n++] = zl_xstrdup(k);
	return 1;
}

static void
keyset_release(struct keyset *ks)
{
	for (size_t i = 0; i < ks->n; i++)
		free(ks->v[i]);
	free(ks->v);
	memset(ks, 0, sizeof(*ks));
}

/*
 * Merge SPF values into one (spf-multiple): mechanisms in order without
 * duplicates, then one 'all' with the strictest qualifier of those merged
 * (- ~ ? +), 'redirect=' only when no 'all' remains, then the other
 * modifiers. Appends to out.
 */
static void
merge_values(struct zl_buf *out, const char *const *vals, const size_t *lens,
    size_t nvals)
{
	struct zl_buf mech = ZL_BUF_INIT, mods = ZL_BUF_INIT, key = ZL_BUF_INIT;
	struct keyset seen = { NULL, 0 };
	struct zl_spf_record p;
	int all_rank = -1, seen_exp = 0;
	char all_q = 0;
	char *redirect = NULL;

	zl_spf_record_init(&p);
	for (size_t r = 0; r < nvals; r++) {
		int seen_all = 0;

		zl_spf_parse(&p, vals[r], lens[r]);
		for (size_t k = 0; k < p.nterms; k++) {
			const struct zl_spf_term *t = &p.terms[k];
			struct zl_buf *dst = t->kind >= ZL_SPF_REDIRECT &&
			    t->kind != ZL_SPF_BAD ? &mods : &mech;

			if (t->kind == ZL_SPF_ALL && t->err < 0) {
				/* only a record's first 'all' is ever used */
				int rank = zl_spf_qualifier_rank(t->qualifier);

				if (!seen_all && rank > all_rank) {
					all_rank = rank;
					all_q = t->qualifier;
				}
				seen_all = 1;
				continue;
			}
			if (t->kind == ZL_SPF_REDIRECT && t->err < 0) {
				if (redirect == NULL)
					redirect = zl_xstrndup(vals[r] + t->off,
					    t->len);
				continue;
			}
			/* one exp= at most (§6): the first record's */
			if (t->kind == ZL_SPF_EXP && t->err < 0 && seen_exp++)
				continue;
			term_key(&key, vals[r], t);
			if (!keyset_add(&seen, key.data))
				continue;
			zl_buf_addc(dst, ' ');
			zl_buf_add(dst, vals[r] + t->off, t->len);
		}
	}
	zl_buf_adds(out, "v=spf1");
	if (mech.len)
		zl_buf_add(out, mech.data, mech.len);
	if (all_rank >= 0) {
		zl_buf_addc(out, ' ');
		if (all_q)
			zl_buf_addc(out, all_q);
		zl_buf_adds(out, "all");
	} else if (redirect != NULL) {
		zl_buf_addc(out, ' ');
		zl_buf_adds(out, redirect);
	}
	if (mods.len)
		zl_buf_add(out, mods.data, mods.len);
	free(redirect);
	keyset_release(&seen);
	zl_buf_release(&mech);
	zl_buf_release(&mods);
	zl_buf_release(&key);
	zl_spf_record_release(&p);
}

/* ---- spf-syntax */

void
check_spf_syntax(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);

	for (size_t i = 0; i < f->n; i++) {
		const struct srec *s = &f->v[i];

		if (s->dup_of >= 0)
			continue;
		if (s->cls == ZL_SPF_LOOKALIKE) {
			report_at(ctx, f, s, ZL_R_spf_syntax, ZL_SEV_NONE,
			    s->why->off, s->why->len, "%s", s->why->msg);
			continue;
		}
		for (size_t e = 0; e < s->p.nerrs && e < MAX_SYNTAX_PER_RECORD;
		    e++) {
			const struct zl_spf_error *er = &s->p.errs[e];

			report_at(ctx, f, s, ZL_R_spf_syntax, ZL_SEV_NONE,
			    er->off, er->len, "%s", er->msg);
		}
	}
}

/* ---- spf-multiple */

#define MAX_MERGE 64

/* The SPF TXT records at one owner, for spf-multiple. */
struct spf_set {
	int n;                   /* distinct records */
	int keep;                /* the srec that stays (the first) */
	uint32_t gone[MAX_MERGE]; /* records to delete */
	size_t ngone;
	const char *vals[MAX_MERGE]; /* distinct values, in file order */
	size_t lens[MAX_MERGE], nvals;
	int overflow;            /* too many records to fix */
	struct zl_buf lines;     /* "9, 12": where the others are */
};

static void
collect_set(struct zl_ctx *ctx, const struct fam *f, uint32_t owner,
    struct spf_set *set)
{
	const struct zl_zone *z = ctx->zone;

	memset(set, 0, sizeof(*set));
	set->n = txt_spf_at(f, owner, &set->keep);
	for (uint32_t k = f->first[owner]; k != ZL_NONE; k = f->v[k].next) {
		const struct srec *o = &f->v[k];
		const struct zl_record *rec = &z->recs[o->rec];

		if (!o->txt || o->cls != ZL_SPF_RECORD)
			continue;
		if (o->dup_of < 0) {
			if (set->nvals == MAX_MERGE) {
				set->overflow = 1;
				continue;
			}
			set->vals[set->nvals] = o->val;
			set->lens[set->nvals++] = o->len;
		}
		if ((int)k == set->keep)
			continue;
		zl_buf_addf(&set->lines, "%s%u", set->lines.len ? ", " : "",
		    zl_source_line(z->sources[rec->src], rec->start));
		if (set->ngone == MAX_MERGE)
			set->overflow = 1;
		else
			set->gone[set->ngone++] = o->rec;
	}
}

void
check_spf_multiple(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct zl_zone *z = ctx->zone;
	char nb[1100];

	for (size_t i = 0; i < f->n; i++) {
		uint32_t owner = z->recs[f->v[i].rec].owner;
		const struct zl_record *keep;
		struct spf_set set;
		struct zl_buf m = ZL_BUF_INIT;
		struct zl_diag *d;
		struct zl_fix *fx;

		if (f->first[owner] != i)
			continue;	/* once per owner */
		collect_set(ctx, f, owner, &set);
		if (set.ngone == 0) {
			zl_buf_release(&set.lines);
			continue;
		}
		keep = srec_rec(ctx, &f->v[set.keep]);
		name_text(ctx, owner, nb);
		if (set.n == 1) {
			/* only identical copies: the server sends one */
			d = zl_report_sev(ctx, ZL_R_spf_multiple,
			    ZL_SEV_WARNING, keep, keep->src, keep->start,
			    keep->start,
			    "the SPF record at '%s' is repeated on line%s %s; the copies are one record in DNS (RFC 2181 §5)",
			    nb, set.ngone == 1 ? "" : "s", set.lines.data);
			fx = d == NULL || set.overflow ? NULL :
			    zl_diag_fix(d, ZL_FIX_SAFE, "delete the copies");
		} else {
			d = zl_report_record(ctx, ZL_R_spf_multiple, keep,
			    "%d SPF records at '%s' (also on line%s %s); receivers treat this as a permanent error (RFC 7208 §4.5)",
			    set.n, nb, set.ngone == 1 ? "" : "s",
			    set.lines.data);
			fx = NULL;
			if (d != NULL && !set.overflow) {
				merge_values(&m, set.vals, set.lens, set.nvals);
				fx = zl_diag_fix(d, ZL_FIX_SAFE,
				    "merge them into one record: \"%s\"", m.data);
				zl_fix_replace_txt(fx, z, keep, m.data, m.len);
			}
		}
		for (size_t g = 0; fx != NULL && g < set.ngone; g++)
			delete_record(fx, z, set.gone[g], set.gone, set.ngone);
		if (fx != NULL)
			zl_fix_sort(fx);
		zl_buf_release(&m);
		zl_buf_release(&set.lines);
	}
}

/* ---- policy rules on each SPF record receivers use */

/* Each distinct TXT SPF record (type 99 and identical copies skipped). */
#define FOR_EACH_SPF(f, i, s) \
	for (size_t i = 0; i < (f)->n; i++) \
		if ((s = &(f)->v[i])->txt && s->cls == ZL_SPF_RECORD && \
		    s->dup_of < 0)

void
check_spf_all_pass(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct srec *s;
	char nb[1100];

	FOR_EACH_SPF(f, i, s) {
		const struct zl_spf_term *t;

		if (s->p.all < 0)
			continue;
		t = &s->p.terms[s->p.all];
		if (t->qualifier != 0 && t->qualifier != '+')
			continue;
		name_text(ctx, srec_rec(ctx, s)->owner, nb);
		report_at(ctx, f, s, ZL_R_spf_all_pass, ZL_SEV_NONE, t->off,
		    t->len,
		    "'%.*s' lets every host on the internet pass SPF as '%s' (RFC 7208 §5.1)",
		    (int)t->len, s->val + t->off, nb);
	}
}

void
check_spf_all_neutral(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct zl_zone *z = ctx->zone;
	const struct srec *s;
	char nb[1100];

	count_all(ctx, f);	/* marks the include targets */
	FOR_EACH_SPF(f, i, s) {
		uint32_t owner = srec_rec(ctx, s)->owner;

		if (s->p.all >= 0) {
			const struct zl_spf_term *t = &s->p.terms[s->p.all];

			if (t->qualifier != '?')
				continue;
			/* an include target may end neutral: the
			 * record that includes it decides */
			if (f->included && f->included[owner] &&
			    !has_type(z, owner, T_MX))
				continue;
			name_text(ctx, owner, nb);
			report_at(ctx, f, s, ZL_R_spf_all_neutral, ZL_SEV_NONE,
			    t->off, t->len,
			    "'?all' at '%s' gives no verdict on mail from other hosts; use '~all' or '-all' (RFC 7208 §8.2)",
			    nb);
			continue;
		}
		if (s->p.redirect >= 0 || s->p.nerrs > 0)
			continue;
		if (f->included && f->included[owner] &&
		    !has_type(z, owner, T_MX))
			continue;
		name_text(ctx, owner, nb);
		report_at(ctx, f, s, ZL_R_spf_all_neutral, ZL_SEV_NONE, 0,
		    s->len,
		    "SPF record at '%s' has no 'all' and no 'redirect=', so other hosts get 'neutral'; end it with '~all' or '-all' (RFC 7208 §4.7)",
		    nb);
	}
}

void
check_spf_redirect_with_all(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct srec *s;

	FOR_EACH_SPF(f, i, s) {
		const struct zl_spf_term *t;

		if (s->p.all < 0 || s->p.redirect < 0)
			continue;
		t = &s->p.terms[s->p.redirect];
		report_at(ctx, f, s, ZL_R_spf_redirect_with_all, ZL_SEV_NONE,
		    t->off, t->len,
		    "'%.*s' is ignored because the record has '%.*s' (RFC 7208 §6.1)",
		    (int)(t->len > 200 ? 200 : t->len), s->val + t->off,
		    (int)s->p.terms[s->p.all].len,
		    s->val + s->p.terms[s->p.all].off);
	}
}

void
check_spf_ptr(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct srec *s;

	FOR_EACH_SPF(f, i, s) {
		for (size_t k = 0; k < s->p.nterms; k++) {
			const struct zl_spf_term *t = &s->p.terms[k];

			if (t->kind != ZL_SPF_PTR || t->err >= 0)
				continue;
			report_at(ctx, f, s, ZL_R_spf_ptr, ZL_SEV_NONE, t->off,
			    t->len,
			    "'%.*s' is slow and unreliable and must not be used; list the addresses with 'ip4:'/'ip6:' or 'a:' (RFC 7208 §5.5)",
			    (int)(t->len > 200 ? 200 : t->len),
			    s->val + t->off);
		}
	}
}

void
check_spf_record_size(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct srec *s;
	char nb[1100];

	FOR_EACH_SPF(f, i, s) {
		if (s->len <= SIZE_ADVICE)
			continue;
		name_text(ctx, srec_rec(ctx, s)->owner, nb);
		zl_report_record(ctx, ZL_R_spf_record_size, srec_rec(ctx, s),
		    "SPF record at '%s' is %zu bytes; keep it under %d so the answer fits in a 512-byte UDP reply (RFC 7208 §3.4)",
		    nb, s->len, SIZE_ADVICE);
	}
}

/* ---- spf-terms-after-all */

/* A mechanism, or a term that fits nothing (modifiers may go anywhere). */
static int
is_mechanism(const struct zl_spf_term *t)
{
	return t->kind < ZL_SPF_REDIRECT || t->kind == ZL_SPF_BAD;
}

/*
 * The record with the mechanisms after its first 'all' moved before it,
 * and later 'all' terms dropped; modifiers stay where they are.
 */
static void
moved_before_all(struct zl_buf *nv, const struct srec *s)
{
	const struct zl_spf_record *p = &s->p;

	zl_buf_add(nv, s->val, 6);
	for (size_t k = 0; k < p->nterms; k++) {
		const struct zl_spf_term *t = &p->terms[k];

		if ((int)k == p->all) {
			for (size_t m = k + 1; m < p->nterms; m++) {
				const struct zl_spf_term *u = &p->terms[m];

				if (!is_mechanism(u) || u->kind == ZL_SPF_ALL)
					continue;
				zl_buf_addc(nv, ' ');
				zl_buf_add(nv, s->val + u->off, u->len);
			}
		}
		if ((int)k > p->all && is_mechanism(t))
			continue;
		zl_buf_addc(nv, ' ');
		zl_buf_add(nv, s->val + t->off, t->len);
	}
}

void
check_spf_terms_after_all(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct srec *s;

	FOR_EACH_SPF(f, i, s) {
		const struct zl_spf_record *p = &s->p;
		const struct zl_spf_term *all, *first = NULL;
		struct zl_buf names = ZL_BUF_INIT, nv = ZL_BUF_INIT;
		size_t n = 0;
		struct zl_diag *d;

		if (p->all < 0)
			continue;
		all = &p->terms[p->all];
		for (size_t k = (size_t)p->all + 1; k < p->nterms; k++) {
			const struct zl_spf_term *t = &p->terms[k];

			if (!is_mechanism(t))
				continue;
			if (first == NULL)
				first = t;
			if (n++ < 5)
				zl_buf_addf(&names, "%s'%.*s'", names.len ? ", " : "",
				    (int)(t->len > 60 ? 60 : t->len),
				    s->val + t->off);
		}
		if (first == NULL) {
			zl_buf_release(&names);
			continue;
		}
		d = report_at(ctx, f, s, ZL_R_spf_terms_after_all, ZL_SEV_NONE,
		    first->off, first->len,
		    "%zu term%s after '%.*s' %s never evaluated: %s%s (RFC 7208 §5.1)",
		    n, n == 1 ? "" : "s", (int)all->len, s->val + all->off,
		    n == 1 ? "is" : "are", names.data, n > 5 ? ", ..." : "");
		if (d != NULL) {
			struct zl_fix *fx;

			/* the moved terms start to count: unsafe */
			moved_before_all(&nv, s);
			fx = zl_diag_fix(d, ZL_FIX_UNSAFE,
			    "move them before '%.*s' (they then count: check that they should pass)",
			    (int)all->len, s->val + all->off);
			zl_fix_replace_txt(fx, ctx->zone, srec_rec(ctx, s),
			    nv.data, nv.len);
		}
		zl_buf_release(&names);
		zl_buf_release(&nv);
	}
}

/* ---- spf-lookup-limit */

void
check_spf_lookup_limit(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct srec *s;
	char nb[1100];

	count_all(ctx, f);
	FOR_EACH_SPF(f, i, s) {
		uint32_t owner = srec_rec(ctx, s)->owner;
		struct zl_buf list = ZL_BUF_INIT;
		int total = 0, over = -1, unknown = 0;

		if (the_record(f, owner) != (int)i)
			continue;
		if (f->memo[owner].n <= LOOKUP_LIMIT && !f->memo[owner].loop)
			continue;	/* the common case, known already */
		name_text(ctx, owner, nb);
		/* the owner's record is counted (count_all): every term
		 * costs a memo lookup now, with the owner on the stack so a
		 * reference back to it is seen as the loop it is */
		f->stack = zl_xgrow(f->stack, sizeof(*f->stack), f->depth + 1,
		    &f->stack_cap);
		f->stack[f->depth++] = owner;
		for (size_t k = 0; k < s->p.nterms; k++) {
			const struct zl_spf_term *t = &s->p.terms[k];
			struct tcost cost, *c = &cost;

			if (!evaluated(&s->p, k) ||
			    !zl_spf_kind_queries(t->kind))
				continue;
			cost = term_cost(ctx, f, s, k);
			if (c->loop) {
				report_at(ctx, f, s, ZL_R_spf_lookup_limit,
				    ZL_SEV_NONE, t->off, t->len,
				    "'%.*s' leads into a loop (%s); receivers follow it until they pass %d lookups and return permerror (RFC 7208 §4.6.4)",
				    (int)(t->len > 200 ? 200 : t->len),
				    s->val + t->off, f->loops[c->loop - 1],
				    LOOKUP_LIMIT);
				continue;
			}
			total += c->n;
			unknown |= c->unknown;
			if (total > LOOKUP_LIMIT && over < 0)
				over = (int)k;
			zl_buf_addf(&list, "%s%.*s %d", list.len ? ", " : "",
			    (int)(t->len > 100 ? 100 : t->len), s->val + t->off,
			    c->n);
			if (c->external && c->known)
				zl_buf_addf(&list, " (spf-includes.yaml%s%s)",
				    c->known->as_of ? ", as of " : "",
				    c->known->as_of ? c->known->as_of : "");
			else if (c->external)
				zl_buf_adds(&list, "+ (outside the zone, cost unknown)");
			else if (c->unknown)
				zl_buf_adds(&list, "+ (macro or several records: counted as 1)");
			else if (t->kind == ZL_SPF_INCLUDE ||
			    t->kind == ZL_SPF_REDIRECT)
				zl_buf_adds(&list, c->none ? " (no SPF record there)" :
				    " (in this zone)");
		}
		f->depth--;
		if (over >= 0) {
			const struct zl_spf_term *t = &s->p.terms[over];

			report_at(ctx, f, s, ZL_R_spf_lookup_limit, ZL_SEV_NONE,
			    t->off, t->len,
			    "SPF record at '%s' needs %s%d DNS lookups, more than the %d receivers allow, so it fails with permerror (RFC 7208 §4.6.4): %s%s",
			    nb, unknown ? "at least " : "", total, LOOKUP_LIMIT,
			    list.data,
			    unknown ? "; the count is a lower bound" : "");
		}
		zl_buf_release(&list);
	}
}

/* ---- spf-void-lookup */

static const char *
void_why(const struct zl_zone *z, enum zl_spf_kind k, enum res r, uint32_t id)
{
	if (r == RES_NONE)
		return "does not exist in this zone";
	switch (k) {
	case ZL_SPF_A:
		if (!has_type(z, id, T_A) && !has_type(z, id, T_AAAA) &&
		    !has_type(z, id, T_CNAME))
			return "has no A or AAAA record";
		return NULL;
	case ZL_SPF_EXISTS:
		if (!has_type(z, id, T_A) && !has_type(z, id, T_CNAME))
			return "has no A record";
		return NULL;
	case ZL_SPF_MX:
		if (!has_type(z, id, T_MX) && !has_type(z, id, T_CNAME))
			return "has no MX record";
		return NULL;
	default:
		return NULL;
	}
}

/* Term k was already evaluated earlier in the record (same text). */
static int
repeated(const struct srec *s, size_t k)
{
	const struct zl_spf_term *t = &s->p.terms[k];

	for (size_t j = 0; j < k; j++) {
		const struct zl_spf_term *u = &s->p.terms[j];

		if (evaluated(&s->p, j) && u->kind == t->kind &&
		    u->len == t->len &&
		    strncasecmp(s->val + u->off, s->val + t->off, t->len) == 0)
			return 1;
	}
	return 0;
}

/* include:, redirect= to a name of the zone without an SPF record */
static void
report_no_spf(struct zl_ctx *ctx, struct fam *f, const struct srec *s,
    const struct zl_spf_term *t, enum res r, const char *tn)
{
	report_at(ctx, f, s, ZL_R_spf_void_lookup, ZL_SEV_ERROR, t->off,
	    t->len,
	    "'%.*s' names '%s.', which %s no SPF record; receivers return permerror for the whole check (RFC 7208 §%s)",
	    (int)(t->len > 200 ? 200 : t->len), s->val + t->off, tn,
	    r == RES_NONE ? "does not exist and has" : "has",
	    t->kind == ZL_SPF_INCLUDE ? "5.2" : "6.1");
}

void
check_spf_void_lookup(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct zl_zone *z = ctx->zone;
	const struct srec *s;
	char nb[1200], tn[1100], count[100];

	FOR_EACH_SPF(f, i, s) {
		uint32_t owner = srec_rec(ctx, s)->owner;
		int voids = 0;

		for (size_t k = 0; k < s->p.nterms; k++) {
			const struct zl_spf_term *t = &s->p.terms[k];
			const char *why;
			uint32_t id = owner;
			enum res r = RES_IN;
			int link = t->kind == ZL_SPF_INCLUDE ||
			    t->kind == ZL_SPF_REDIRECT;

			if (!evaluated(&s->p, k) || t->has_macro ||
			    (!link && t->kind != ZL_SPF_A &&
			    t->kind != ZL_SPF_MX && t->kind != ZL_SPF_EXISTS))
				continue;
			if (t->arg_len > 0)
				r = resolve(z, s->val + t->arg_off, t->arg_len,
				    &id, tn, sizeof(tn));
			if (r == RES_OUT)
				continue;
			if (link) {
				if (r == RES_NONE || !real_spf_at(f, id)) {
					voids++;
					report_no_spf(ctx, f, s, t, r, tn);
				}
				continue;
			}
			why = void_why(z, t->kind, r, id);
			if (why == NULL)
				continue;
			/* the same term again: counted, said once (and
			 * where the count passes the limit) */
			if (++voids != VOID_LIMIT + 1 && repeated(s, k))
				continue;
			if (t->arg_len == 0)
				name_text(ctx, owner, nb);
			else
				snprintf(nb, sizeof(nb), "%s.", tn);
			if (voids > VOID_LIMIT)
				snprintf(count, sizeof(count),
				    "void lookup number %d, and receivers may return permerror after %d",
				    voids, VOID_LIMIT);
			else
				snprintf(count, sizeof(count), "a void lookup");
			report_at(ctx, f, s, ZL_R_spf_void_lookup, ZL_SEV_NONE,
			    t->off, t->len,
			    "'%.*s' looks up '%s', which %s: %s (RFC 7208 §4.6.4)",
			    (int)(t->len > 200 ? 200 : t->len), s->val + t->off,
			    nb, why, count);
		}
	}
}

/* ---- spf-rr-type */

/* The type token of a type-99 record turned into "TXT", if it can be. */
static void
convert_to_txt(struct zl_ctx *ctx, const struct fam *f, const struct srec *s,
    struct zl_diag *d, struct zl_entry *e)
{
	const struct zl_zone *z = ctx->zone;
	const struct zl_record *rec = srec_rec(ctx, s);
	const char *data = z->sources[rec->src]->data;
	const struct zl_token *tt;

	if (s->cls != ZL_SPF_RECORD ||
	    (rec->flags & (ZL_REC_GENERATED | ZL_REC_UNKNOWN_FORMAT)))
		return;
	/* only the first type-99 SPF record at the owner: two would be
	 * spf-multiple; the next pass deletes or reports the rest */
	for (uint32_t k = f->first[rec->owner]; &f->v[k] != s;
	    k = f->v[k].next)
		if (!f->v[k].txt && f->v[k].cls == ZL_SPF_RECORD)
			return;
	zl_record_entry(z, rec, e);
	if (rec->rdata_tok == 0 || rec->rdata_tok > e->ntoks)
		return;
	tt = &e->toks[rec->rdata_tok - 1];
	if (tt->end - tt->start != 3 ||
	    strncasecmp(data + tt->start, "SPF", 3) != 0)
		return;
	zl_fix_replace(zl_diag_fix(d, ZL_FIX_SAFE, "make it a TXT record"),
	    rec->src, tt->start, tt->end, "TXT");
}

void
check_spf_rr_type(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct zl_zone *z = ctx->zone;
	struct zl_entry e;
	char nb[1100];

	memset(&e, 0, sizeof(e));
	for (size_t ri = 0; ri < z->nrecs; ri++) {
		const struct zl_record *rec = &z->recs[ri];
		const struct srec *s = NULL, *same = NULL;
		uint32_t gone = (uint32_t)ri;
		int one, ntxt;
		struct zl_diag *d;
		struct zl_fix *fx;

		if (rec->type != T_SPF)
			continue;
		for (uint32_t k = f->first[rec->owner]; k != ZL_NONE;
		    k = f->v[k].next)
			if (f->v[k].rec == ri)
				s = &f->v[k];
		ntxt = txt_spf_at(f, rec->owner, &one);
		for (uint32_t k = f->first[rec->owner]; s && k != ZL_NONE;
		    k = f->v[k].next) {
			const struct srec *o = &f->v[k];

			if (o->txt && o->cls == ZL_SPF_RECORD &&
			    o->len == s->len &&
			    memcmp(o->val, s->val, s->len) == 0)
				same = o;
		}
		name_text(ctx, rec->owner, nb);
		d = zl_report_record(ctx, ZL_R_spf_rr_type, rec,
		    "record of type SPF (99) at '%s'; the type is obsolete and receivers only read TXT (RFC 7208 §3.1)%s",
		    nb, same ? ", and an identical TXT record is there" :
		    ntxt ? ", and a different TXT SPF record is there" : "");
		if (d == NULL)
			continue;
		if (same == NULL && ntxt == 0) {
			if (s != NULL)
				convert_to_txt(ctx, f, s, d, &e);
			continue;
		}
		/* beside a different TXT record, deleting is unsafe: RFC 4408
		 * receivers that asked for type 99 first would change */
		fx = zl_diag_fix(d, same ? ZL_FIX_SAFE : ZL_FIX_UNSAFE,
		    "delete it: %s", same ? "the identical TXT record stays" :
		    "receivers read only the TXT record");
		delete_record(fx, z, (uint32_t)ri, &gone, 1);
		zl_fix_sort(fx);
	}
	zl_entry_release(&e);
}

/* ---- spf-split-join */

/*
 * A term begins at s: [qualifier] mechanism name then ':', '/', SP or an
 * end; 'all' then SP or an end; 'redirect=' or 'exp='. An end is the end
 * of the value or of the character-string the term starts (at slen):
 * "v=spf1" "+a" "+mx" "-all" glues three terms in a row.
 */
static int
term_starts(const char *s, size_t n, size_t slen)
{
	static const char *const names[] = {
		"include", "a", "mx", "ptr", "ip4", "ip6", "exists",
	};
	size_t i = 0;

	if (n > 0 && s[0] != '\0' && strchr("+-~?", s[0]) != NULL)
		i = 1;
	if (n - i >= 3 && strncasecmp(s + i, "all", 3) == 0 &&
	    (n - i == 3 || i + 3 == slen || s[i + 3] == ' '))
		return 1;
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		size_t l = strlen(names[k]), e = i + l;

		if (n - i >= l && strncasecmp(s + i, names[k], l) == 0 &&
		    (e == n || e == slen || s[e] == ':' || s[e] == '/' ||
		    s[e] == ' '))
			return 1;
	}
	if (i == 0 && ((n >= 9 && strncasecmp(s, "redirect=", 9) == 0) ||
	    (n >= 4 && strncasecmp(s, "exp=", 4) == 0)))
		return 1;
	return 0;
}

/* Strings k-1 and k of t join two terms with no space between them. */
static int
glued_at(const struct zl_txt *t, size_t k)
{
	size_t b = t->str_off[k];

	return b >= 6 && b < t->len && b > t->str_off[k - 1] &&
	    t->val[b - 1] != ' ' && t->val[b] != ' ' &&
	    term_starts(t->val + b, t->len - b, t->str_off[k + 1] - b);
}

/*
 * Where the space for boundary k can go without touching other bytes:
 * before the closing quote of string k-1, else after the opening quote of
 * string k (when string k-1 is full or not quoted); UINT32_MAX: nowhere,
 * the record's strings must be rewritten.
 */
static uint32_t
space_spot(const struct zl_txt *t, size_t k)
{
	size_t b = t->str_off[k];
	const struct zl_token *ta = &t->entry.toks[t->rdata_tok + k - 1];
	const struct zl_token *tb = &t->entry.toks[t->rdata_tok + k];

	if (ta->kind == ZL_TOK_QUOTED && !(ta->flags & ZL_TOKF_UNTERMINATED) &&
	    b - t->str_off[k - 1] < 255)
		return ta->end - 1;
	if (tb->kind == ZL_TOK_QUOTED && !(tb->flags & ZL_TOKF_UNTERMINATED) &&
	    t->str_off[k + 1] - b < 255)
		return tb->start + 1;
	return UINT32_MAX;
}

void
check_spf_split_join(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);

	for (size_t i = 0; i < f->n; i++) {
		const struct srec *s = &f->v[i];
		const struct zl_record *rec = srec_rec(ctx, s);
		struct zl_buf v = ZL_BUF_INIT;
		int in_place = 1, first = 1;
		struct zl_txt *t;

		/* a look-alike counts when only the glue spoils the version */
		if (!s->txt || s->dup_of >= 0 || (s->cls == ZL_SPF_LOOKALIKE &&
		    strncasecmp(s->val, "v=spf1", 6) != 0))
			continue;
		t = fam_txt(ctx, f, s);
		if (t->nstr < 2 || t->len != s->len)
			continue;
		/* the value with every missing space, for a rewrite */
		for (size_t k = 0; k < t->nstr; k++) {
			if (k > 0 && glued_at(t, k)) {
				zl_buf_addc(&v, ' ');
				if (space_spot(t, k) == UINT32_MAX)
					in_place = 0;
			}
			zl_buf_add(&v, t->val + t->str_off[k],
			    t->str_off[k + 1] - t->str_off[k]);
		}
		for (size_t k = 1; k < t->nstr; k++) {
			size_t b = t->str_off[k], ts = b;
			size_t lb = t->str_off[k + 1] - b;
			struct zl_diag *d;
			struct zl_fix *fx;

			if (!glued_at(t, k))
				continue;
			/* where the term (or the version) before it starts */
			while (ts > 0 && t->val[ts - 1] != ' ')
				ts--;
			d = report_at(ctx, f, s, ZL_R_spf_split_join,
			    ZL_SEV_NONE, b, 0,
			    "strings %zu and %zu join with no space into '%.*s%.*s'; receivers read one term where two were meant (RFC 7208 §3.3)",
			    k, k + 1, (int)(b - ts > 60 ? 60 : b - ts),
			    t->val + ts, (int)(lb > 40 ? 40 : lb), t->val + b);
			if (d == NULL)
				continue;
			if (in_place) {
				fx = zl_diag_fix(d, ZL_FIX_SAFE,
				    "add the missing space between strings %zu and %zu",
				    k, k + 1);
				zl_fix_insert(fx, rec->src, space_spot(t, k), " ");
			} else if (first) {
				/* unquoted or full strings: one rewrite that
				 * adds every missing space of the record */
				fx = zl_diag_fix(d, ZL_FIX_SAFE,
				    "rewrite the record with the missing spaces: \"%s\"",
				    v.data);
				zl_fix_replace_txt(fx, ctx->zone, rec, v.data, v.len);
				first = 0;
			}
		}
		zl_buf_release(&v);
	}
}

/* ---- profiles: spf-include-required, spf-missing */

/* The owner relative to the apex: "@" or "news" (lower case). */
static int
relative_owner(struct zl_ctx *ctx, uint32_t id, char *out, size_t outsz)
{
	char nb[1100], ob[1100];
	const char *o = name_text(ctx, apex_of(ctx->zone), ob);
	size_t nl, ol = strlen(o);

	name_text(ctx, id, nb);
	nl = strlen(nb);
	if (strcasecmp(nb, o) == 0) {
		snprintf(out, outsz, "@");
		return 0;
	}
	if (strcmp(o, ".") == 0) {
		snprintf(out, outsz, "%.*s", (int)(nl > 0 ? nl - 1 : 0), nb);
		return 0;
	}
	if (nl <= ol + 1 || nb[nl - ol - 1] != '.' ||
	    strcasecmp(nb + nl - ol, o) != 0)
		return -1;
	snprintf(out, outsz, "%.*s", (int)(nl - ol - 1), nb);
	return 0;
}

static int
is_sender(struct zl_ctx *ctx, const struct zl_prof_spf *ps, uint32_t id)
{
	char rel[1100];

	if (relative_owner(ctx, id, rel, sizeof(rel)) != 0)
		return 0;
	if (ps->senders == NULL)
		return strcmp(rel, "@") == 0;
	return zl_regex_match(ps->senders, rel, strlen(rel), NULL, 0) == 1;
}

/* Is include:<dom> in the record at owner, directly or through includes
 * and redirects inside the zone? */
static int
has_include(struct zl_ctx *ctx, struct fam *f, uint32_t owner,
    const char *dom, unsigned char *seen)
{
	int ri = the_record(f, owner);
	const struct srec *s;
	size_t dl = strlen(dom);

	if (ri < 0 || seen[owner])
		return 0;
	seen[owner] = 1;
	s = &f->v[ri];
	for (size_t k = 0; k < s->p.nterms; k++) {
		const struct zl_spf_term *t = &s->p.terms[k];
		size_t al = t->arg_len;
		char tn[1100];
		uint32_t id;

		if (t->err >= 0 || (t->kind != ZL_SPF_INCLUDE &&
		    t->kind != ZL_SPF_REDIRECT))
			continue;
		while (al > 0 && s->val[t->arg_off + al - 1] == '.')
			al--;
		if (t->kind == ZL_SPF_INCLUDE && al == dl &&
		    strncasecmp(s->val + t->arg_off, dom, dl) == 0)
			return 1;
		if (!t->has_macro && resolve(ctx->zone, s->val + t->arg_off,
		    t->arg_len, &id, tn, sizeof(tn)) == RES_IN &&
		    has_include(ctx, f, id, dom, seen))
			return 1;
	}
	return 0;
}

/*
 * Insert text at value offset off of s's record: in place when the string
 * that holds off is quoted and stays within 255 bytes (only those bytes
 * change), else by rewriting the record's strings.
 */
static void
insert_in_value(struct zl_fix *fx, struct zl_ctx *ctx, struct fam *f,
    const struct srec *s, size_t off, const char *text)
{
	struct zl_txt *t = fam_txt(ctx, f, s);
	const struct zl_record *rec = srec_rec(ctx, s);
	size_t n = strlen(text), si;
	const struct zl_token *tok;
	struct zl_buf v = ZL_BUF_INIT;

	if (t->len == s->len && t->nstr > 0) {
		/* the end of the value belongs to the last string */
		si = zl_txt_string_at(t, off < t->len ? off : t->len - 1);
		if (off == t->len)
			si = t->nstr - 1;
		tok = &t->entry.toks[t->rdata_tok + si];
		if (tok->kind == ZL_TOK_QUOTED &&
		    !(tok->flags & ZL_TOKF_UNTERMINATED) &&
		    t->str_off[si + 1] - t->str_off[si] + n <= 255) {
			zl_fix_insert(fx, rec->src, t->map[off], text);
			return;
		}
	}
	zl_buf_add(&v, s->val, off);
	zl_buf_add(&v, text, n);
	zl_buf_add(&v, s->val + off, s->len - off);
	zl_fix_replace_txt(fx, ctx->zone, rec, v.data, v.len);
	zl_buf_release(&v);
}

/* The includes of profile pr that the record s at owner id lacks. */
static void
require_includes(struct zl_ctx *ctx, struct fam *f,
    const struct zl_profile *pr, uint32_t id, const struct srec *s,
    unsigned char *seen)
{
	const struct zl_spf_term *at = NULL;
	size_t off = s->len;
	char nb[1100];

	/* before 'all', else before 'redirect=', else at the end */
	if (s->p.all >= 0)
		at = &s->p.terms[s->p.all];
	else if (s->p.redirect >= 0)
		at = &s->p.terms[s->p.redirect];
	if (at != NULL)
		off = at->off;
	for (size_t ii = 0; ii < pr->spf->nincludes; ii++) {
		const char *inc = pr->spf->includes[ii];
		struct zl_buf ins = ZL_BUF_INIT;
		struct zl_diag *d;

		memset(seen, 0, ctx->zone->nnames + 1);
		if (has_include(ctx, f, id, inc, seen))
			continue;
		name_text(ctx, id, nb);
		d = report_at(ctx, f, s, ZL_R_spf_include_required,
		    ZL_SEV_NONE, off, at ? at->len : 0,
		    "SPF record at '%s' lacks 'include:%s', which profile '%s' requires",
		    nb, inc, pr->name);
		if (d == NULL)
			continue;
		if (at != NULL)
			zl_buf_addf(&ins, "include:%s ", inc);
		else
			zl_buf_addf(&ins, "%sinclude:%s",
			    s->val[s->len - 1] == ' ' ? "" : " ", inc);
		insert_in_value(zl_diag_fix(d, ZL_FIX_SAFE, "insert 'include:%s' %s",
		    inc, at == NULL ? "at the end" : at->kind == ZL_SPF_ALL ?
		    "before the 'all' term" : "before 'redirect='"),
		    ctx, f, s, off, ins.data);
		zl_buf_release(&ins);
	}
}

void
check_spf_include_required(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct zl_zone *z = ctx->zone;
	unsigned char *seen;

	if (ctx->cfg == NULL || ctx->cfg->nprofiles == 0)
		return;
	seen = zl_xcalloc(z->nnames + 1, 1);
	for (size_t pi = 0; pi < ctx->cfg->nprofiles; pi++) {
		const struct zl_profile *pr = ctx->cfg->profiles[pi];

		if (pr->spf == NULL || pr->spf->nincludes == 0)
			continue;
		for (uint32_t id = 0; id < z->nnames; id++) {
			int ri = the_record(f, id);

			if (ri >= 0 && is_sender(ctx, pr->spf, id))
				require_includes(ctx, f, pr, id, &f->v[ri],
				    seen);
		}
	}
	free(seen);
}

/* The last record of an owner in the zone file itself, or NULL. */
static const struct zl_record *
last_in_file(const struct zl_zone *z, uint32_t id)
{
	const struct zl_record *last = NULL;

	for (uint32_t r = z->names[id].first; r != ZL_NONE; r = z->recs[r].next)
		if (z->recs[r].src == 0 &&
		    !(z->recs[r].flags & ZL_REC_GENERATED))
			last = &z->recs[r];
	return last;
}

/* What the profiles say about a name without SPF (spf-missing). */
struct senders {
	struct zl_buf names;     /* "'webcrm', 'office365'" */
	const char *vals[32];    /* their default records */
	size_t lens[32], nvals;
	struct zl_buf made;      /* "v=spf1 include:a include:b" */
};

static void
find_senders(struct zl_ctx *ctx, uint32_t id, struct senders *sd)
{
	memset(sd, 0, sizeof(*sd));
	for (size_t pi = 0; ctx->cfg && pi < ctx->cfg->nprofiles; pi++) {
		const struct zl_profile *pr = ctx->cfg->profiles[pi];
		const struct zl_prof_spf *ps = pr->spf;

		if (ps == NULL || !is_sender(ctx, ps, id))
			continue;
		zl_buf_addf(&sd->names, "%s'%s'", sd->names.len ? ", " : "",
		    pr->name);
		if (ps->default_record && sd->nvals < 32) {
			sd->vals[sd->nvals] = ps->default_record;
			sd->lens[sd->nvals++] = strlen(ps->default_record);
		}
		for (size_t ii = 0; ii < ps->nincludes; ii++)
			zl_buf_addf(&sd->made, "%sinclude:%s",
			    sd->made.len ? " " : "v=spf1 ", ps->includes[ii]);
	}
}

/*
 * The fix of spf-missing: add the profiles' default record (several:
 * merged), which is safe: the user chose the profile and its record. With
 * includes but no default, "v=spf1 include:... ~all" is only suggested:
 * the other hosts that send for the name are unknown.
 */
static void
add_spf_fix(struct zl_ctx *ctx, struct zl_diag *d, uint32_t id,
    const struct senders *sd)
{
	const struct zl_zone *z = ctx->zone;
	struct zl_buf line = ZL_BUF_INIT, v = ZL_BUF_INIT;
	struct zl_spf_record chk;
	char nb[1100];

	if (sd->nvals > 0) {
		merge_values(&v, sd->vals, sd->lens, sd->nvals);
	} else {
		zl_buf_add(&v, sd->made.data, sd->made.len);
		zl_buf_adds(&v, " ~all");
	}
	/* never write a record that is not valid SPF */
	zl_spf_record_init(&chk);
	if (zl_spf_classify(v.data, v.len, NULL) == ZL_SPF_RECORD &&
	    zl_spf_parse(&chk, v.data, v.len) == 0) {
		struct zl_fix *fx = zl_diag_fix(d,
		    sd->nvals > 0 ? ZL_FIX_SAFE : ZL_FIX_UNSAFE, "add \"%s\"",
		    v.data);

		zl_txt_record_line(&line, name_text(ctx, id, nb), 0, v.data,
		    v.len, zl_source_eol(z->sources[0]));
		zl_fix_add_line(fx, z, last_in_file(z, id), line.data);
	}
	zl_spf_record_release(&chk);
	zl_buf_release(&line);
	zl_buf_release(&v);
}

void
check_spf_missing(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx);
	const struct zl_zone *z = ctx->zone;
	char nb[1100];

	for (uint32_t id = 0; id < z->nnames; id++) {
		const struct zl_record *at = NULL;
		struct zl_buf why = ZL_BUF_INIT;
		struct senders sd;
		struct zl_diag *d;

		if (z->names[id].nrecs == 0 || any_spf_at(f, id))
			continue;
		for (uint32_t r = z->names[id].first; r != ZL_NONE && !at;
		    r = z->recs[r].next)
			if (z->recs[r].type == T_MX)
				at = &z->recs[r];
		if (at != NULL)
			zl_buf_adds(&why, "receives mail (MX)");
		find_senders(ctx, id, &sd);
		if (sd.names.len)
			zl_buf_addf(&why, "%ssends mail for profile %s",
			    why.len ? " and " : "", sd.names.data);
		if (why.len > 0) {
			if (at == NULL)
				at = &z->recs[z->names[id].first];
			d = zl_report_record(ctx, ZL_R_spf_missing, at,
			    "no SPF record at '%s', which %s; receivers cannot tell forged mail from real mail (RFC 7208 §2.3)",
			    name_text(ctx, id, nb), why.data);
			if (d != NULL && (sd.nvals > 0 || sd.made.len > 0))
				add_spf_fix(ctx, d, id, &sd);
		}
		zl_buf_release(&why);
		zl_buf_release(&sd.names);
		zl_buf_release(&sd.made);
	}
}

/* ---- for DMARC (mailauth.h) */

int
zl_spf_valid_at(struct zl_ctx *ctx, uint32_t owner)
{
	struct fam *f;
	int ri;

	if (ctx == NULL || ctx->zone == NULL || owner >= ctx->zone->nnames)
		return 0;
	f = fam_get(ctx);
	ri = the_record(f, owner);
	return ri >= 0 && f->v[ri].p.nerrs == 0;
}
