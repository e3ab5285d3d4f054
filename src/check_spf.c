/* SPDX-License-Identifier: MIT */
/*
 * SPF rules (RFC 7208): every spf-* check, their fixes, and
 * zl_spf_valid_at() for the DMARC checks (mailauth.h).
 *
 * The first SPF rule that runs scans the zone once (scan()): a few bytes
 * of every TXT and type-99 record (zl_txt_peek()) rule out the ones that
 * cannot be SPF, which in a real zone are most of them (DKIM keys, DMARC
 * policies, verification tokens); the others are decoded, classified and,
 * when they are SPF, parsed, and every finding that needs nothing but the
 * record itself is made right then, for each SPF rule that is on. What the
 * zone as a whole decides waits for the rule's own turn: whether an owner
 * has one SPF record or several, the lookup counts that follow includes
 * into the zone (memoised per owner as they are computed), the
 * spf-all-neutral findings such an include may excuse, spf-missing. For
 * that the scan keeps ctx->family[ZL_FAM_SPF]: 24 bytes per SPF record,
 * a hash of their owners and a list of the spf-all-neutral findings in
 * waiting; never the values or their parses. The few records needed again
 * (an include into the zone, a record over the lookup limit, several
 * records at one name) are decoded and parsed again (struct view).
 * zl_spf_valid_at() reads the same state, so DMARC needs it after the
 * SPF rules are done (when DMARC asks first, the scan runs without making
 * findings, and runs again with them if an SPF rule comes later).
 * Nothing here prints.
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
/*
 * Bytes of a TXT value read before deciding to decode it: enough for
 * zl_spf_could_be() to turn down "v=DKIM1; ..." ("v=DK"), "v=DMARC1; ..."
 * and anything else that does not start like a version; what it cannot
 * tell from them (a "v=s", junk before a version) is decoded.
 */
#define PEEK 4
/* Include targets outside the zone remembered by their text (scan_cost()). */
#define XCACHE 64
#define XCACHE_NAME 48

/* DNS cost of one term (§4.6.4) */
struct tcost {
	int n;                 /* lookups, the term itself included */
	int unknown;           /* a lower bound: something was not counted */
	int loop;              /* index + 1 into fam->loops, or 0 */
	int none;              /* include/redirect target in zone without SPF */
	int external;          /* target outside the zone */
	const struct zl_spf_cost *known; /* its entry in spf-includes.yaml */
};

/*
 * An SPF record, or a TXT meant as one: what is left of it after the scan.
 * n, loop and SR_UNKNOWN are the owner's lookup count (§4.6.4) on the
 * record receivers use there (the_record()), as count_owner() leaves them;
 * the scan already fills them in for a record with no include or redirect
 * into the zone, whose count needs nothing else.
 */
struct srec {
	uint32_t rec;          /* index into zone->recs */
	uint32_t next;         /* next srec at the same owner, or ZL_NONE */
	uint32_t len;          /* length of the value */
	int32_t n;             /* lookups, the record's own terms included */
	int32_t loop;          /* index + 1 into fam->loops, or 0 */
	uint8_t cls;           /* enum zl_spf_class */
	uint8_t txt;           /* 1: TXT, 0: type 99 */
	uint8_t dup;           /* an identical TXT SPF record is earlier here */
	uint8_t flags;         /* SR_* */
};

enum {
	SR_ERRS = 1 << 0,      /* the parse found errors (spf-syntax) */
	SR_LINKED = 1 << 1,    /* an evaluated include/redirect into the zone */
	SR_UNKNOWN = 1 << 2,   /* n is a lower bound */
	SR_COUNTING = 1 << 3,  /* count_owner() is counting it */
	SR_COUNTED = 1 << 4,   /* n, loop and SR_UNKNOWN are final */
	SR_INCLUDED = 1 << 5,  /* on an owner's first srec: an include or
				* redirect= in the zone names the owner */
	SR_MULTI = 1 << 6,     /* on an owner's first srec: more TXT SPF
				* records follow (spf-multiple) */
};

/* An spf-all-neutral finding that an include into the zone may excuse. */
struct neutral {
	uint32_t srec;
	uint32_t start, end;   /* where it points */
	int has_all;           /* '?all', else no 'all' and no 'redirect=' */
};

/* An include or redirect= target found outside the zone, and its cost. */
struct xname {
	uint32_t len;          /* 0: empty slot */
	char name[XCACHE_NAME]; /* as written in the record */
	const struct zl_spf_cost *known;
};

/* Owner name id -> its first srec, open addressing. */
struct oslot {
	uint32_t owner;        /* ZL_NONE: empty */
	uint32_t first;
};

struct fam {
	struct srec *v;
	size_t n, cap;
	struct oslot *own;     /* SPF owners, at most half full */
	size_t own_mask, nown;
	uint32_t *t99;         /* every type-99 record (spf-rr-type) */
	size_t nt99, t99_cap;
	struct neutral *neutral;
	size_t nneutral, neutral_cap;
	uint32_t *stack;       /* owners being counted (loop detection) */
	size_t depth, stack_cap;
	char **loops;
	size_t nloops;
	int emitted;           /* the scan made its findings */
	int counted;           /* count_all() ran */
	/* rules on in this run (only set when the scan makes findings) */
	int on_syntax, on_all_pass, on_all_neutral, on_terms_after_all;
	int on_redirect_with_all, on_lookup_limit, on_void_lookup, on_ptr;
	int on_split_join, on_record_size;
	/* the apex as plain text, for resolve()'s quick answer */
	char apex[ZL_NAME_MAX * 4 + 4];
	size_t apex_len;
	int apex_plain;
	struct zl_spf_record scan_p; /* the scan's parse, reused, with a memo */
	struct xname xcache[XCACHE]; /* a zone names the same few */
	struct zl_txt txt;     /* scratch: the record last decoded */
	uint32_t txt_rec;
	struct zl_txt txt2;    /* scratch for comparing two values */
};

/*
 * A record decoded and parsed again after the scan, or the scan's current
 * one. val is the scan's decode (f->txt) during the scan, else a copy.
 */
struct view {
	uint32_t i;            /* srec index */
	const struct srec *s;
	const char *val;
	size_t len;
	const struct zl_spf_record *p; /* s->cls == ZL_SPF_RECORD */
	struct zl_spf_record own_p;
	char *own;
};

/* ---- the family analysis */

static void
fam_free(void *data)
{
	struct fam *f = data;

	free(f->v);
	free(f->own);
	free(f->t99);
	free(f->neutral);
	free(f->stack);
	for (size_t i = 0; i < f->nloops; i++)
		free(f->loops[i]);
	free(f->loops);
	zl_spf_record_release(&f->scan_p);
	zl_txt_release(&f->txt);
	zl_txt_release(&f->txt2);
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

static size_t
owner_hash(uint32_t owner, size_t mask)
{
	return (size_t)((owner * 2654435761u) >> 7) & mask;
}

/* The first srec at owner, or ZL_NONE. */
static uint32_t
owner_first(const struct fam *f, uint32_t owner)
{
	if (owner == ZL_NONE || f->own == NULL)
		return ZL_NONE;
	for (size_t h = owner_hash(owner, f->own_mask);;
	    h = (h + 1) & f->own_mask) {
		if (f->own[h].owner == owner)
			return f->own[h].first;
		if (f->own[h].owner == ZL_NONE)
			return ZL_NONE;
	}
}

static void
owner_put(struct fam *f, uint32_t owner, uint32_t first)
{
	size_t h;

	if ((f->nown + 1) * 2 > f->own_mask + 1 || f->own == NULL) {
		struct oslot *old = f->own;
		size_t oldn = f->own == NULL ? 0 : f->own_mask + 1;
		size_t cap = oldn == 0 ? 64 : oldn * 2;

		f->own = zl_xmalloc(cap * sizeof(*f->own));
		for (size_t i = 0; i < cap; i++)
			f->own[i].owner = ZL_NONE;
		f->own_mask = cap - 1;
		for (size_t i = 0; i < oldn; i++) {
			if (old[i].owner == ZL_NONE)
				continue;
			h = owner_hash(old[i].owner, f->own_mask);
			while (f->own[h].owner != ZL_NONE)
				h = (h + 1) & f->own_mask;
			f->own[h] = old[i];
		}
		free(old);
	}
	for (h = owner_hash(owner, f->own_mask); f->own[h].owner != ZL_NONE;
	    h = (h + 1) & f->own_mask)
		;
	f->own[h].owner = owner;
	f->own[h].first = first;
	f->nown++;
}

/* Record rec (an index into zone->recs), decoded into the scratch zl_txt. */
static struct zl_txt *
fam_txt(struct zl_ctx *ctx, struct fam *f, uint32_t rec)
{
	if (f->txt_rec != rec) {
		if (zl_txt_decode(&f->txt, ctx->zone,
		    &ctx->zone->recs[rec]) != 0)
			f->txt.len = 0;
		f->txt_rec = rec;
	}
	return &f->txt;
}

static const struct zl_record *
srec_rec(struct zl_ctx *ctx, const struct srec *s)
{
	return &ctx->zone->recs[s->rec];
}

/* Decode and parse srec i again (view_release() frees it). */
static void
view_load(struct zl_ctx *ctx, struct fam *f, uint32_t i, struct view *v)
{
	const struct srec *s = &f->v[i];
	const struct zl_txt *t = fam_txt(ctx, f, s->rec);

	v->i = i;
	v->s = s;
	v->own = zl_xmalloc(t->len + 1);
	memcpy(v->own, t->val == NULL ? "" : t->val, t->len);
	v->own[t->len] = '\0';
	v->val = v->own;
	v->len = t->len;
	zl_spf_record_init(&v->own_p);
	if (s->cls == ZL_SPF_RECORD)
		zl_spf_parse(&v->own_p, v->val, v->len);
	v->p = &v->own_p;
}

static void
view_release(struct view *v)
{
	free(v->own);
	zl_spf_record_release(&v->own_p);
}

/* Report at value bytes [off, off+len) of v's record. */
static struct zl_diag *
report_at(struct zl_ctx *ctx, struct fam *f, const struct view *v,
    enum zl_rule_id id, enum zl_severity sev, size_t off, size_t len,
    const char *fmt, ...) ZL_PRINTF(8, 9);

static struct zl_diag *
report_at(struct zl_ctx *ctx, struct fam *f, const struct view *v,
    enum zl_rule_id id, enum zl_severity sev, size_t off, size_t len,
    const char *fmt, ...)
{
	const struct zl_record *rec = srec_rec(ctx, v->s);
	struct zl_txt *t = fam_txt(ctx, f, v->s->rec);
	uint32_t start = rec->start, end = rec->start;
	struct zl_diag *d;
	va_list ap;

	if (t->len == v->len)
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
	for (uint32_t k = owner_first(f, owner); k != ZL_NONE;
	    k = f->v[k].next) {
		const struct srec *s = &f->v[k];

		if (!s->txt || s->cls != ZL_SPF_RECORD || s->dup)
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
	return owner_first(f, owner) != ZL_NONE;
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
static inline int
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

/*
 * The apex as the text a domain-spec without escapes would spell it in
 * (lower case, no trailing dot), when it has such a spelling: not the
 * root, no '.' inside a label.
 */
static void
apex_text(struct fam *f, const struct zl_zone *z)
{
	size_t wl, o = 0;
	uint8_t nb[ZL_NAME_MAX];
	const uint8_t *w;

	f->apex_plain = 0;
	if (apex_of(z) == ZL_NONE)
		return;
	w = zl_zone_name_wire(z, apex_of(z), nb, &wl);
	if (wl == 0)
		return;
	for (size_t i = 0; i < wl; i += (size_t)w[i] + 1) {
		if (i > 0)
			f->apex[o++] = '.';
		for (size_t k = 1; k <= w[i] && i + k < wl; k++) {
			if (w[i + k] == '.')
				return;
			f->apex[o++] = (char)w[i + k];
		}
	}
	f->apex[o] = '\0';
	f->apex_len = o;
	f->apex_plain = 1;
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
resolve(const struct fam *f, const struct zl_zone *z, const char *s, size_t n,
    uint32_t *id, char *text, size_t textsz)
{
	char buf[ZL_NAME_MAX * 4 + 4];
	uint8_t w[ZL_NAME_MAX], wc[ZL_NAME_MAX], apexb[ZL_NAME_MAX];
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
	/*
	 * Most names are outside the zone. Without escapes the labels of
	 * the name are the text between the dots, lower-cased as the wire
	 * form is, so a text that does not end in the apex at a dot is no
	 * name under it, whatever zl_name_parse() would make of it.
	 */
	if (f->apex_plain && n < textsz && memchr(s, '\\', n) == NULL &&
	    !(k == f->apex_len && memcmp(text, f->apex, k) == 0) &&
	    !(k > f->apex_len && text[k - f->apex_len - 1] == '.' &&
	    memcmp(text + k - f->apex_len, f->apex, f->apex_len) == 0))
		return RES_OUT;
	memcpy(buf, s, n);
	if (n == 0 || buf[n - 1] != '.')
		buf[n++] = '.';
	buf[n] = '\0';
	if (zl_name_parse(buf, n, NULL, 0, w, &wl, &rel, &err) != 0)
		return RES_OUT;
	apex = zl_zone_name_wire(z, apex_of(z), apexb, &olen);
	if (!zl_name_is_sub(w, wl, apex, olen))
		return RES_OUT;
	/* below a zone cut: another server answers */
	for (pos = 0; wl - pos > olen; pos += (size_t)w[pos] + 1) {
		uint32_t a = zl_zone_find_name(z, w + pos, wl - pos);

		if (a != ZL_NONE && has_type(z, a, T_NS))
			return RES_OUT;
	}
	*id = zl_zone_find_name(z, w, wl);
	if (*id != ZL_NONE && zl_name_has_records(z, *id))
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
		if (wid != ZL_NONE && zl_name_has_records(z, wid)) {
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

static struct srec *count_owner(struct zl_ctx *ctx, struct fam *f,
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
term_cost(struct zl_ctx *ctx, struct fam *f, const struct view *v, size_t k)
{
	const struct zl_spf_term *t = &v->p->terms[k];
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
	r = resolve(f, ctx->zone, v->val + t->arg_off, t->arg_len, &id, text,
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
	f->v[owner_first(f, id)].flags |= SR_INCLUDED;
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
		const struct srec *m = count_owner(ctx, f, id);

		c.n += m->n;
		c.unknown |= (m->flags & SR_UNKNOWN) != 0;
		c.loop = m->loop;
	}
	return c;
}

/*
 * The lookups of owner's record (the_record()), or NULL when it has none
 * or several. A record with no include or redirect= into the zone was
 * counted by the scan already (scan_cost()); the others are counted here
 * term by term, following the includes, in the order the rules ask.
 */
static struct srec *
count_owner(struct zl_ctx *ctx, struct fam *f, uint32_t owner)
{
	struct srec *m;
	struct view v;
	int ri = the_record(f, owner);

	if (ri < 0)
		return NULL;
	m = &f->v[ri];
	if (m->flags & (SR_COUNTING | SR_COUNTED))
		return m;
	if (!(m->flags & SR_LINKED)) {
		m->flags |= SR_COUNTED;
		return m;
	}
	m->flags |= SR_COUNTING;
	m->n = 0;
	m->loop = 0;
	m->flags &= ~SR_UNKNOWN;
	view_load(ctx, f, (uint32_t)ri, &v);
	f->stack = zl_xgrow(f->stack, sizeof(*f->stack), f->depth + 1,
	    &f->stack_cap);
	f->stack[f->depth++] = owner;
	for (size_t k = 0; k < v.p->nterms; k++) {
		struct tcost c;

		if (!evaluated(v.p, k) ||
		    !zl_spf_kind_queries(v.p->terms[k].kind))
			continue;
		c = term_cost(ctx, f, &v, k);
		m->n += c.n;
		if (c.unknown)
			m->flags |= SR_UNKNOWN;
		if (m->loop == 0)
			m->loop = c.loop;
	}
	f->depth--;
	view_release(&v);
	m->flags = (uint8_t)((m->flags & ~SR_COUNTING) | SR_COUNTED);
	return m;
}

/* Count every owner with one SPF record, so include targets are known. */
static void
count_all(struct zl_ctx *ctx, struct fam *f)
{
	if (f->counted)
		return;
	f->counted = 1;
	for (size_t i = 0; i < f->n; i++) {
		const struct srec *s = &f->v[i];

		if (s->txt && s->cls == ZL_SPF_RECORD && !s->dup)
			(void)count_owner(ctx, f,
			    ctx->zone->recs[s->rec].owner);
	}
}

/*
 * Is the include or redirect= target [s, s+n) outside the zone? 1 with
 * its spf-includes.yaml entry (or NULL) in *known, as term_cost() finds
 * it; 0 when it is in the zone. The answer for a text is remembered: the
 * includes of a zone name the same few providers again and again.
 */
static int
outside(struct zl_ctx *ctx, struct fam *f, const char *s, size_t n,
    const struct zl_spf_cost **known)
{
	struct xname *x = NULL;
	char text[1100];
	uint32_t id;

	if (n > 0 && n <= XCACHE_NAME) {
		/* a slot by length and a few bytes; the text itself decides */
		x = &f->xcache[(n * 7 + (unsigned char)s[0] * 3 +
		    (unsigned char)s[n / 2] * 5 + (unsigned char)s[n - 1]) %
		    XCACHE];
		if (x->len == n && memcmp(x->name, s, n) == 0) {
			*known = x->known;
			return 1;
		}
	}
	if (resolve(f, ctx->zone, s, n, &id, text, sizeof(text)) != RES_OUT)
		return 0;
	*known = known_cost(ctx, text);
	if (x != NULL) {
		x->len = (uint32_t)n;
		memcpy(x->name, s, n);
		x->known = *known;
	}
	return 1;
}

/*
 * The scan's part of the count: the lookups of a record when none of its
 * evaluated terms leads into the zone (term_cost() then needs nothing
 * but the record), else SR_LINKED and count_owner() does it all later.
 */
static void
scan_cost(struct zl_ctx *ctx, struct fam *f, const struct view *v,
    struct srec *s)
{
	const struct zl_spf_record *p = v->p;
	int n = 0, unknown = 0;

	for (size_t k = 0; k < p->nterms; k++) {
		const struct zl_spf_term *t = &p->terms[k];
		const struct zl_spf_cost *known;

		if (!evaluated(p, k) || !zl_spf_kind_queries(t->kind))
			continue;
		if (t->kind != ZL_SPF_INCLUDE && t->kind != ZL_SPF_REDIRECT) {
			n++;
			continue;
		}
		if (t->has_macro) {
			n++;
			unknown = 1;
			continue;
		}
		if (!outside(ctx, f, v->val + t->arg_off, t->arg_len, &known)) {
			s->flags |= SR_LINKED;
			return;
		}
		if (known != NULL && known->lookups > 0) {
			n += known->lookups;
		} else {
			n++;
			unknown = 1;
		}
	}
	s->n = n;
	if (unknown)
		s->flags |= SR_UNKNOWN;
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


/* ---- the rules on one record, as the scan meets it */

static void
syntax_one(struct zl_ctx *ctx, struct fam *f, const struct view *v,
    const struct zl_spf_error *why)
{
	if (v->s->cls == ZL_SPF_LOOKALIKE) {
		report_at(ctx, f, v, ZL_R_spf_syntax, ZL_SEV_NONE, why->off,
		    why->len, "%s", why->msg);
		return;
	}
	for (size_t e = 0; e < v->p->nerrs && e < MAX_SYNTAX_PER_RECORD; e++) {
		const struct zl_spf_error *er = &v->p->errs[e];

		report_at(ctx, f, v, ZL_R_spf_syntax, ZL_SEV_NONE, er->off,
		    er->len, "%s", er->msg);
	}
}

static void
all_pass_one(struct zl_ctx *ctx, struct fam *f, const struct view *v)
{
	const struct zl_spf_term *t;
	char nb[1100];

	if (v->p->all < 0)
		return;
	t = &v->p->terms[v->p->all];
	if (t->qualifier != 0 && t->qualifier != '+')
		return;
	name_text(ctx, srec_rec(ctx, v->s)->owner, nb);
	report_at(ctx, f, v, ZL_R_spf_all_pass, ZL_SEV_NONE, t->off, t->len,
	    "'%.*s' lets every host on the internet pass SPF as '%s' (RFC 7208 §5.1)",
	    (int)t->len, v->val + t->off, nb);
}

/*
 * spf-all-neutral: where a finding would point, kept until the zone is
 * known (an include into the zone may excuse it, check_spf_all_neutral).
 */
static void
neutral_one(struct zl_ctx *ctx, struct fam *f, const struct view *v)
{
	const struct zl_record *rec = srec_rec(ctx, v->s);
	const struct zl_txt *t = fam_txt(ctx, f, v->s->rec);
	size_t off = 0, len = v->len;
	struct neutral *nt;
	int has_all = 0;

	if (v->p->all >= 0) {
		const struct zl_spf_term *a = &v->p->terms[v->p->all];

		if (a->qualifier != '?')
			return;
		off = a->off;
		len = a->len;
		has_all = 1;
	} else if (v->p->redirect >= 0 || v->p->nerrs > 0) {
		return;
	}
	f->neutral = zl_xgrow(f->neutral, sizeof(*f->neutral),
	    f->nneutral + 1, &f->neutral_cap);
	nt = &f->neutral[f->nneutral++];
	nt->srec = v->i;
	nt->has_all = has_all;
	nt->start = nt->end = rec->start;
	if (t->len == v->len)
		zl_txt_span(t, off, len, &nt->start, &nt->end);
}

static void
redirect_with_all_one(struct zl_ctx *ctx, struct fam *f, const struct view *v)
{
	const struct zl_spf_record *p = v->p;
	const struct zl_spf_term *t;

	if (p->all < 0 || p->redirect < 0)
		return;
	t = &p->terms[p->redirect];
	report_at(ctx, f, v, ZL_R_spf_redirect_with_all, ZL_SEV_NONE, t->off,
	    t->len,
	    "'%.*s' is ignored because the record has '%.*s' (RFC 7208 §6.1)",
	    (int)(t->len > 200 ? 200 : t->len), v->val + t->off,
	    (int)p->terms[p->all].len, v->val + p->terms[p->all].off);
}

static void
ptr_one(struct zl_ctx *ctx, struct fam *f, const struct view *v)
{
	for (size_t k = 0; k < v->p->nterms; k++) {
		const struct zl_spf_term *t = &v->p->terms[k];

		if (t->kind != ZL_SPF_PTR || t->err >= 0)
			continue;
		report_at(ctx, f, v, ZL_R_spf_ptr, ZL_SEV_NONE, t->off, t->len,
		    "'%.*s' is slow and unreliable and must not be used; list the addresses with 'ip4:'/'ip6:' or 'a:' (RFC 7208 §5.5)",
		    (int)(t->len > 200 ? 200 : t->len), v->val + t->off);
	}
}

static void
record_size_one(struct zl_ctx *ctx, const struct view *v)
{
	char nb[1100];

	if (v->len <= SIZE_ADVICE)
		return;
	name_text(ctx, srec_rec(ctx, v->s)->owner, nb);
	zl_report_record(ctx, ZL_R_spf_record_size, srec_rec(ctx, v->s),
	    "SPF record at '%s' is %zu bytes; keep it under %d so the answer fits in a 512-byte UDP reply (RFC 7208 §3.4)",
	    nb, v->len, SIZE_ADVICE);
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
moved_before_all(struct zl_buf *nv, const struct view *v)
{
	const struct zl_spf_record *p = v->p;

	zl_buf_add(nv, v->val, 6);
	for (size_t k = 0; k < p->nterms; k++) {
		const struct zl_spf_term *t = &p->terms[k];

		if ((int)k == p->all) {
			for (size_t m = k + 1; m < p->nterms; m++) {
				const struct zl_spf_term *u = &p->terms[m];

				if (!is_mechanism(u) || u->kind == ZL_SPF_ALL)
					continue;
				zl_buf_addc(nv, ' ');
				zl_buf_add(nv, v->val + u->off, u->len);
			}
		}
		if ((int)k > p->all && is_mechanism(t))
			continue;
		zl_buf_addc(nv, ' ');
		zl_buf_add(nv, v->val + t->off, t->len);
	}
}

static void
terms_after_all_one(struct zl_ctx *ctx, struct fam *f, const struct view *v)
{
	const struct zl_spf_record *p = v->p;
	const struct zl_spf_term *all, *first = NULL;
	struct zl_buf names = ZL_BUF_INIT, nv = ZL_BUF_INIT;
	size_t n = 0;
	struct zl_diag *d;

	if (p->all < 0)
		return;
	all = &p->terms[p->all];
	for (size_t k = (size_t)p->all + 1; k < p->nterms; k++) {
		const struct zl_spf_term *t = &p->terms[k];

		if (!is_mechanism(t))
			continue;
		if (first == NULL)
			first = t;
		if (n++ < 5)
			zl_buf_addf(&names, "%s'%.*s'", names.len ? ", " : "",
			    (int)(t->len > 60 ? 60 : t->len), v->val + t->off);
	}
	if (first == NULL) {
		zl_buf_release(&names);
		return;
	}
	d = report_at(ctx, f, v, ZL_R_spf_terms_after_all, ZL_SEV_NONE,
	    first->off, first->len,
	    "%zu term%s after '%.*s' %s never evaluated: %s%s (RFC 7208 §5.1)",
	    n, n == 1 ? "" : "s", (int)all->len, v->val + all->off,
	    n == 1 ? "is" : "are", names.data, n > 5 ? ", ..." : "");
	if (d != NULL) {
		struct zl_fix *fx;

		/* the moved terms start to count: unsafe */
		moved_before_all(&nv, v);
		fx = zl_diag_fix(d, ZL_FIX_UNSAFE,
		    "move them before '%.*s' (they then count: check that they should pass)",
		    (int)all->len, v->val + all->off);
		zl_fix_replace_txt(fx, ctx->zone, srec_rec(ctx, v->s), nv.data,
		    nv.len);
	}
	zl_buf_release(&names);
	zl_buf_release(&nv);
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
repeated(const struct view *v, size_t k)
{
	const struct zl_spf_term *t = &v->p->terms[k];

	for (size_t j = 0; j < k; j++) {
		const struct zl_spf_term *u = &v->p->terms[j];

		if (evaluated(v->p, j) && u->kind == t->kind &&
		    u->len == t->len &&
		    strncasecmp(v->val + u->off, v->val + t->off, t->len) == 0)
			return 1;
	}
	return 0;
}

/* include:, redirect= to a name of the zone without an SPF record */
static void
report_no_spf(struct zl_ctx *ctx, struct fam *f, const struct view *v,
    const struct zl_spf_term *t, enum res r, const char *tn)
{
	report_at(ctx, f, v, ZL_R_spf_void_lookup, ZL_SEV_ERROR, t->off,
	    t->len,
	    "'%.*s' names '%s.', which %s no SPF record; receivers return permerror for the whole check (RFC 7208 §%s)",
	    (int)(t->len > 200 ? 200 : t->len), v->val + t->off, tn,
	    r == RES_NONE ? "does not exist and has" : "has",
	    t->kind == ZL_SPF_INCLUDE ? "5.2" : "6.1");
}

/*
 * spf-void-lookup on one record. linked: it has an evaluated include or
 * redirect= into the zone (SR_LINKED); when it has none, every such term
 * leads outside the zone and is passed over without resolving it again.
 */
static void
void_one(struct zl_ctx *ctx, struct fam *f, const struct view *v, int linked)
{
	const struct zl_zone *z = ctx->zone;
	const struct zl_spf_record *p = v->p;
	uint32_t owner = srec_rec(ctx, v->s)->owner;
	char nb[1200], tn[1100], count[100];
	int voids = 0;

	for (size_t k = 0; k < p->nterms; k++) {
		const struct zl_spf_term *t = &p->terms[k];
		const char *why;
		uint32_t id = owner;
		enum res r = RES_IN;
		int link = t->kind == ZL_SPF_INCLUDE ||
		    t->kind == ZL_SPF_REDIRECT;

		if (!evaluated(p, k) || t->has_macro ||
		    (!link && t->kind != ZL_SPF_A &&
		    t->kind != ZL_SPF_MX && t->kind != ZL_SPF_EXISTS))
			continue;
		if (link && !linked)
			continue;	/* outside the zone (scan_cost()) */
		if (t->arg_len > 0)
			r = resolve(f, z, v->val + t->arg_off, t->arg_len, &id,
			    tn, sizeof(tn));
		if (r == RES_OUT)
			continue;
		if (link) {
			if (r == RES_NONE || !real_spf_at(f, id)) {
				voids++;
				report_no_spf(ctx, f, v, t, r, tn);
			}
			continue;
		}
		why = void_why(z, t->kind, r, id);
		if (why == NULL)
			continue;
		/* the same term again: counted, said once (and
		 * where the count passes the limit) */
		if (++voids != VOID_LIMIT + 1 && repeated(v, k))
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
		report_at(ctx, f, v, ZL_R_spf_void_lookup, ZL_SEV_NONE, t->off,
		    t->len,
		    "'%.*s' looks up '%s', which %s: %s (RFC 7208 §4.6.4)",
		    (int)(t->len > 200 ? 200 : t->len), v->val + t->off, nb,
		    why, count);
	}
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

static void
split_join_one(struct zl_ctx *ctx, struct fam *f, const struct view *v)
{
	const struct zl_record *rec = srec_rec(ctx, v->s);
	struct zl_buf b = ZL_BUF_INIT;
	int in_place = 1, first = 1;
	struct zl_txt *t;
	size_t k;

	t = fam_txt(ctx, f, v->s->rec);
	if (t->nstr < 2 || t->len != v->len)
		return;
	for (k = 1; k < t->nstr && !glued_at(t, k); k++)
		;
	if (k == t->nstr)
		return;		/* the common case: nothing glued */
	/* the value with every missing space, for a rewrite */
	for (k = 0; k < t->nstr; k++) {
		if (k > 0 && glued_at(t, k)) {
			zl_buf_addc(&b, ' ');
			if (space_spot(t, k) == UINT32_MAX)
				in_place = 0;
		}
		zl_buf_add(&b, t->val + t->str_off[k],
		    t->str_off[k + 1] - t->str_off[k]);
	}
	for (k = 1; k < t->nstr; k++) {
		size_t bo = t->str_off[k], ts = bo;
		size_t lb = t->str_off[k + 1] - bo;
		struct zl_diag *d;
		struct zl_fix *fx;

		if (!glued_at(t, k))
			continue;
		/* where the term (or the version) before it starts */
		while (ts > 0 && t->val[ts - 1] != ' ')
			ts--;
		d = report_at(ctx, f, v, ZL_R_spf_split_join, ZL_SEV_NONE, bo,
		    0,
		    "strings %zu and %zu join with no space into '%.*s%.*s'; receivers read one term where two were meant (RFC 7208 §3.3)",
		    k, k + 1, (int)(bo - ts > 60 ? 60 : bo - ts),
		    t->val + ts, (int)(lb > 40 ? 40 : lb), t->val + bo);
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
			    b.data);
			zl_fix_replace_txt(fx, ctx->zone, rec, b.data, b.len);
			first = 0;
		}
	}
	zl_buf_release(&b);
}

/* ---- the scan */

/* Is srec o's value the n bytes at val? */
static int
same_value(struct zl_ctx *ctx, struct fam *f, const struct srec *o,
    const char *val, size_t n)
{
	if (o->len != n)
		return 0;
	if (zl_txt_decode(&f->txt2, ctx->zone, &ctx->zone->recs[o->rec]) != 0)
		return 0;
	return f->txt2.len == n && memcmp(f->txt2.val, val, n) == 0;
}

/* Chain srec idx (just added) to its owner; mark an identical copy. */
static void
chain(struct zl_ctx *ctx, struct fam *f, uint32_t idx, uint32_t owner)
{
	struct srec *s = &f->v[idx];
	uint32_t k = owner_first(f, owner);
	int txt_spf = s->txt && s->cls == ZL_SPF_RECORD;

	if (k == ZL_NONE) {
		owner_put(f, owner, idx);
		return;
	}
	for (;;) {
		struct srec *o = &f->v[k];

		if (txt_spf && o->txt && o->cls == ZL_SPF_RECORD) {
			/* several TXT SPF records here: spf-multiple */
			f->v[owner_first(f, owner)].flags |= SR_MULTI;
			if (!s->dup && !o->dup &&
			    same_value(ctx, f, o, f->txt.val, f->txt.len))
				s->dup = 1;
		}
		if (o->next == ZL_NONE)
			break;
		k = o->next;
	}
	f->v[k].next = idx;
}

/* The findings of one record that need nothing but the record. */
static void
record_rules(struct zl_ctx *ctx, struct fam *f, struct view *v,
    const struct zl_spf_error *why)
{
	struct srec *s = &f->v[v->i];

	if (s->cls == ZL_SPF_LOOKALIKE) {
		if (f->on_syntax)
			syntax_one(ctx, f, v, why);
		/* a look-alike counts when only the glue spoils the version */
		if (s->txt && f->on_split_join &&
		    strncasecmp(v->val, "v=spf1", 6) == 0)
			split_join_one(ctx, f, v);
		return;
	}
	if (f->on_syntax)
		syntax_one(ctx, f, v, why);
	if (!s->txt)
		return;
	if (f->on_all_pass)
		all_pass_one(ctx, f, v);
	if (f->on_all_neutral)
		neutral_one(ctx, f, v);
	if (f->on_terms_after_all)
		terms_after_all_one(ctx, f, v);
	if (f->on_redirect_with_all)
		redirect_with_all_one(ctx, f, v);
	if (f->on_ptr)
		ptr_one(ctx, f, v);
	if (f->on_record_size)
		record_size_one(ctx, v);
	if (f->on_split_join)
		split_join_one(ctx, f, v);
	if (f->on_lookup_limit || f->on_all_neutral || f->on_void_lookup)
		scan_cost(ctx, f, v, s);
	if (f->on_void_lookup && !(s->flags & SR_LINKED))
		void_one(ctx, f, v, 0);
}

static int
rule_on(struct zl_ctx *ctx, enum zl_rule_id id, int emit)
{
	return emit && zl_ctx_severity(ctx, id) != ZL_SEV_NONE;
}

/*
 * Every TXT and type-99 record, once: keep what is SPF or meant as SPF,
 * and, when emit is set, make the findings each record makes on its own.
 */
static void
scan(struct zl_ctx *ctx, struct fam *f, int emit)
{
	const struct zl_zone *z = ctx->zone;
	char head[PEEK];

	f->on_syntax = rule_on(ctx, ZL_R_spf_syntax, emit);
	f->on_all_pass = rule_on(ctx, ZL_R_spf_all_pass, emit);
	f->on_all_neutral = rule_on(ctx, ZL_R_spf_all_neutral, emit);
	f->on_terms_after_all = rule_on(ctx, ZL_R_spf_terms_after_all, emit);
	f->on_redirect_with_all = rule_on(ctx, ZL_R_spf_redirect_with_all,
	    emit);
	f->on_lookup_limit = rule_on(ctx, ZL_R_spf_lookup_limit, emit);
	f->on_void_lookup = rule_on(ctx, ZL_R_spf_void_lookup, emit);
	f->on_ptr = rule_on(ctx, ZL_R_spf_ptr, emit);
	f->on_split_join = rule_on(ctx, ZL_R_spf_split_join, emit);
	f->on_record_size = rule_on(ctx, ZL_R_spf_record_size, emit);
	for (size_t i = 0; i < z->nrecs; i++) {
		const struct zl_record *rec = &z->recs[i];
		struct zl_spf_error why;
		enum zl_spf_class cls;
		struct srec *s;
		struct view v;
		int r;

		if (rec->type != T_TXT && rec->type != T_SPF)
			continue;
		if (rec->type == T_SPF) {
			f->t99 = zl_xgrow(f->t99, sizeof(*f->t99), f->nt99 + 1,
			    &f->t99_cap);
			f->t99[f->nt99++] = (uint32_t)i;
		}
		/* a few bytes rule out most TXT records (DKIM, DMARC) */
		r = zl_txt_peek(z, rec, head, sizeof(head));
		if (r == -1)
			continue;	/* not decoded either */
		if (r >= 0 && !zl_spf_could_be(head, (size_t)r,
		    (size_t)r < sizeof(head)))
			continue;
		f->txt_rec = ZL_NONE;
		if (zl_txt_decode(&f->txt, z, rec) != 0)
			continue;
		f->txt_rec = (uint32_t)i;
		cls = zl_spf_classify(f->txt.val, f->txt.len, &why);
		if (cls == ZL_SPF_NOT)
			continue;
		f->v = zl_xgrow(f->v, sizeof(*f->v), f->n + 1, &f->cap);
		s = &f->v[f->n];
		memset(s, 0, sizeof(*s));
		s->rec = (uint32_t)i;
		s->next = ZL_NONE;
		s->cls = (uint8_t)cls;
		s->txt = rec->type == T_TXT;
		s->len = (uint32_t)f->txt.len;
		chain(ctx, f, (uint32_t)f->n, rec->owner);
		f->n++;
		if (s->dup)
			continue;
		v.i = (uint32_t)(f->n - 1);
		v.s = s;
		v.val = f->txt.val;
		v.len = f->txt.len;
		v.p = &f->scan_p;
		if (cls == ZL_SPF_RECORD &&
		    zl_spf_parse(&f->scan_p, v.val, v.len) > 0)
			s->flags |= SR_ERRS;
		record_rules(ctx, f, &v, &why);
	}
}

/*
 * The family's state, scanned on first use. emit: the caller is an SPF
 * rule, so the scan makes its findings (zl_spf_valid_at() asks without).
 */
static struct fam *
fam_get(struct zl_ctx *ctx, int emit)
{
	struct fam *f = ctx->family[ZL_FAM_SPF];

	if (f != NULL && (f->emitted || !emit))
		return f;
	if (f != NULL) {
		/* scanned for zl_spf_valid_at() alone: scan again */
		fam_free(f);
		zl_ctx_family_set(ctx, ZL_FAM_SPF, NULL, NULL);
	}
	f = zl_xcalloc(1, sizeof(*f));
	zl_txt_init(&f->txt);
	zl_txt_init(&f->txt2);
	zl_spf_record_init(&f->scan_p);
	zl_spf_record_memo(&f->scan_p);
	f->txt_rec = ZL_NONE;
	apex_text(f, ctx->zone);
	scan(ctx, f, emit);
	f->emitted = emit;
	zl_ctx_family_set(ctx, ZL_FAM_SPF, f, fam_free);
	return f;
}

/* ---- the rules the scan does all of */

void
check_spf_syntax(struct zl_ctx *ctx)
{
	(void)fam_get(ctx, 1);
}

void
check_spf_all_pass(struct zl_ctx *ctx)
{
	(void)fam_get(ctx, 1);
}

void
check_spf_redirect_with_all(struct zl_ctx *ctx)
{
	(void)fam_get(ctx, 1);
}

void
check_spf_ptr(struct zl_ctx *ctx)
{
	(void)fam_get(ctx, 1);
}

void
check_spf_record_size(struct zl_ctx *ctx)
{
	(void)fam_get(ctx, 1);
}

void
check_spf_terms_after_all(struct zl_ctx *ctx)
{
	(void)fam_get(ctx, 1);
}

void
check_spf_split_join(struct zl_ctx *ctx)
{
	(void)fam_get(ctx, 1);
}

/* ---- rules that need the whole zone */

void
check_spf_all_neutral(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx, 1);
	const struct zl_zone *z = ctx->zone;
	char nb[1100];

	count_all(ctx, f);	/* marks the include targets */
	for (size_t i = 0; i < f->nneutral; i++) {
		const struct neutral *nt = &f->neutral[i];
		const struct zl_record *rec = srec_rec(ctx, &f->v[nt->srec]);
		uint32_t owner = rec->owner;

		/* an include target may end neutral: the record that
		 * includes it decides */
		if ((f->v[owner_first(f, owner)].flags & SR_INCLUDED) &&
		    !has_type(z, owner, T_MX))
			continue;
		name_text(ctx, owner, nb);
		if (nt->has_all)
			zl_report(ctx, ZL_R_spf_all_neutral, rec, rec->src,
			    nt->start, nt->end,
			    "'?all' at '%s' gives no verdict on mail from other hosts; use '~all' or '-all' (RFC 7208 §8.2)",
			    nb);
		else
			zl_report(ctx, ZL_R_spf_all_neutral, rec, rec->src,
			    nt->start, nt->end,
			    "SPF record at '%s' has no 'all' and no 'redirect=', so other hosts get 'neutral'; end it with '~all' or '-all' (RFC 7208 §4.7)",
			    nb);
	}
	/* said: the spans need not stay while DMARC uses the state */
	free(f->neutral);
	f->neutral = NULL;
	f->nneutral = f->neutral_cap = 0;
}

void
check_spf_lookup_limit(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx, 1);
	char nb[1100];

	count_all(ctx, f);
	for (size_t i = 0; i < f->n; i++) {
		const struct srec *s = &f->v[i];
		uint32_t owner = srec_rec(ctx, s)->owner;
		struct zl_buf list = ZL_BUF_INIT;
		int total = 0, over = -1, unknown = 0;
		struct view v;

		if (!s->txt || s->cls != ZL_SPF_RECORD || s->dup)
			continue;
		/* the common case, known already (and only the record
		 * receivers use at the owner counts) */
		if (s->n <= LOOKUP_LIMIT && !s->loop)
			continue;
		if (the_record(f, owner) != (int)i)
			continue;
		name_text(ctx, owner, nb);
		view_load(ctx, f, (uint32_t)i, &v);
		/* the owner's record is counted (count_all): every term
		 * costs a memo lookup now, with the owner on the stack so a
		 * reference back to it is seen as the loop it is */
		f->stack = zl_xgrow(f->stack, sizeof(*f->stack), f->depth + 1,
		    &f->stack_cap);
		f->stack[f->depth++] = owner;
		for (size_t k = 0; k < v.p->nterms; k++) {
			const struct zl_spf_term *t = &v.p->terms[k];
			struct tcost cost, *c = &cost;

			if (!evaluated(v.p, k) ||
			    !zl_spf_kind_queries(t->kind))
				continue;
			cost = term_cost(ctx, f, &v, k);
			if (c->loop) {
				report_at(ctx, f, &v, ZL_R_spf_lookup_limit,
				    ZL_SEV_NONE, t->off, t->len,
				    "'%.*s' leads into a loop (%s); receivers follow it until they pass %d lookups and return permerror (RFC 7208 §4.6.4)",
				    (int)(t->len > 200 ? 200 : t->len),
				    v.val + t->off, f->loops[c->loop - 1],
				    LOOKUP_LIMIT);
				continue;
			}
			total += c->n;
			unknown |= c->unknown;
			if (total > LOOKUP_LIMIT && over < 0)
				over = (int)k;
			zl_buf_addf(&list, "%s%.*s %d", list.len ? ", " : "",
			    (int)(t->len > 100 ? 100 : t->len), v.val + t->off,
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
			const struct zl_spf_term *t = &v.p->terms[over];

			report_at(ctx, f, &v, ZL_R_spf_lookup_limit, ZL_SEV_NONE,
			    t->off, t->len,
			    "SPF record at '%s' needs %s%d DNS lookups, more than the %d receivers allow, so it fails with permerror (RFC 7208 §4.6.4): %s%s",
			    nb, unknown ? "at least " : "", total, LOOKUP_LIMIT,
			    list.data,
			    unknown ? "; the count is a lower bound" : "");
		}
		view_release(&v);
		zl_buf_release(&list);
	}
}

void
check_spf_void_lookup(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx, 1);

	/* the scan did the records with no include into the zone */
	for (size_t i = 0; i < f->n; i++) {
		const struct srec *s = &f->v[i];
		struct view v;

		if (!s->txt || s->cls != ZL_SPF_RECORD || s->dup ||
		    !(s->flags & SR_LINKED))
			continue;
		view_load(ctx, f, (uint32_t)i, &v);
		void_one(ctx, f, &v, 1);
		view_release(&v);
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
	char *vals[MAX_MERGE];   /* distinct values, in file order */
	size_t lens[MAX_MERGE], nvals;
	int overflow;            /* too many records to fix */
	struct zl_buf lines;     /* "9, 12": where the others are */
};

static void
collect_set(struct zl_ctx *ctx, struct fam *f, uint32_t owner,
    struct spf_set *set)
{
	const struct zl_zone *z = ctx->zone;

	memset(set, 0, sizeof(*set));
	set->n = txt_spf_at(f, owner, &set->keep);
	for (uint32_t k = owner_first(f, owner); k != ZL_NONE;
	    k = f->v[k].next) {
		const struct srec *o = &f->v[k];
		const struct zl_record *rec = &z->recs[o->rec];

		if (!o->txt || o->cls != ZL_SPF_RECORD)
			continue;
		if (!o->dup) {
			const struct zl_txt *t;

			if (set->nvals == MAX_MERGE) {
				set->overflow = 1;
				continue;
			}
			t = fam_txt(ctx, f, o->rec);
			set->vals[set->nvals] = zl_xmalloc(t->len + 1);
			memcpy(set->vals[set->nvals], t->val, t->len);
			set->vals[set->nvals][t->len] = '\0';
			set->lens[set->nvals++] = t->len;
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

static void
release_set(struct spf_set *set)
{
	for (size_t i = 0; i < set->nvals; i++)
		free(set->vals[i]);
	zl_buf_release(&set->lines);
}

void
check_spf_multiple(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx, 1);
	const struct zl_zone *z = ctx->zone;
	char nb[1100];

	/* once per owner with several TXT SPF records (chain()) */
	for (size_t i = 0; i < f->n; i++) {
		uint32_t owner = z->recs[f->v[i].rec].owner;
		const struct zl_record *keep;
		struct spf_set set;
		struct zl_buf m = ZL_BUF_INIT;
		struct zl_diag *d;
		struct zl_fix *fx;

		if (!(f->v[i].flags & SR_MULTI))
			continue;
		collect_set(ctx, f, owner, &set);
		if (set.ngone == 0) {
			release_set(&set);
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
				merge_values(&m, (const char *const *)set.vals,
				    set.lens, set.nvals);
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
		release_set(&set);
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
	for (uint32_t k = owner_first(f, rec->owner); &f->v[k] != s;
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
	struct fam *f = fam_get(ctx, 1);
	const struct zl_zone *z = ctx->zone;
	struct zl_entry e;
	char nb[1100];

	memset(&e, 0, sizeof(e));
	for (size_t ti = 0; ti < f->nt99; ti++) {
		size_t ri = f->t99[ti];
		const struct zl_record *rec = &z->recs[ri];
		const struct srec *s = NULL, *same = NULL;
		uint32_t gone = (uint32_t)ri;
		int one, ntxt;
		struct zl_diag *d;
		struct zl_fix *fx;

		for (uint32_t k = owner_first(f, rec->owner); k != ZL_NONE;
		    k = f->v[k].next)
			if (f->v[k].rec == ri)
				s = &f->v[k];
		ntxt = txt_spf_at(f, rec->owner, &one);
		if (s != NULL && ntxt > 0) {
			/* s's value, to compare with the TXT records */
			const struct zl_txt *t = fam_txt(ctx, f, s->rec);
			char *sv = zl_xmalloc(t->len + 1);
			size_t sl = t->len;

			memcpy(sv, t->val, sl);
			for (uint32_t k = owner_first(f, rec->owner);
			    k != ZL_NONE; k = f->v[k].next) {
				const struct srec *o = &f->v[k];

				if (o->txt && o->cls == ZL_SPF_RECORD &&
				    same_value(ctx, f, o, sv, sl))
					same = o;
			}
			free(sv);
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
	int ri = the_record(f, owner), found = 0;
	size_t dl = strlen(dom);
	struct view v;

	if (ri < 0 || seen[owner])
		return 0;
	seen[owner] = 1;
	view_load(ctx, f, (uint32_t)ri, &v);
	for (size_t k = 0; k < v.p->nterms && !found; k++) {
		const struct zl_spf_term *t = &v.p->terms[k];
		size_t al = t->arg_len;
		char tn[1100];
		uint32_t id;

		if (t->err >= 0 || (t->kind != ZL_SPF_INCLUDE &&
		    t->kind != ZL_SPF_REDIRECT))
			continue;
		while (al > 0 && v.val[t->arg_off + al - 1] == '.')
			al--;
		if (t->kind == ZL_SPF_INCLUDE && al == dl &&
		    strncasecmp(v.val + t->arg_off, dom, dl) == 0)
			found = 1;
		else if (!t->has_macro && resolve(f, ctx->zone,
		    v.val + t->arg_off, t->arg_len, &id, tn, sizeof(tn)) ==
		    RES_IN && has_include(ctx, f, id, dom, seen))
			found = 1;
	}
	view_release(&v);
	return found;
}

/*
 * Insert text at value offset off of v's record: in place when the string
 * that holds off is quoted and stays within 255 bytes (only those bytes
 * change), else by rewriting the record's strings.
 */
static void
insert_in_value(struct zl_fix *fx, struct zl_ctx *ctx, struct fam *f,
    const struct view *v, size_t off, const char *text)
{
	struct zl_txt *t = fam_txt(ctx, f, v->s->rec);
	const struct zl_record *rec = srec_rec(ctx, v->s);
	size_t n = strlen(text), si;
	const struct zl_token *tok;
	struct zl_buf b = ZL_BUF_INIT;

	if (t->len == v->len && t->nstr > 0) {
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
	zl_buf_add(&b, v->val, off);
	zl_buf_add(&b, text, n);
	zl_buf_add(&b, v->val + off, v->len - off);
	zl_fix_replace_txt(fx, ctx->zone, rec, b.data, b.len);
	zl_buf_release(&b);
}

/* The includes of profile pr that the record v at owner id lacks. */
static void
require_includes(struct zl_ctx *ctx, struct fam *f,
    const struct zl_profile *pr, uint32_t id, const struct view *v,
    unsigned char *seen)
{
	const struct zl_spf_term *at = NULL;
	size_t off = v->len;
	char nb[1100];

	/* before 'all', else before 'redirect=', else at the end */
	if (v->p->all >= 0)
		at = &v->p->terms[v->p->all];
	else if (v->p->redirect >= 0)
		at = &v->p->terms[v->p->redirect];
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
		d = report_at(ctx, f, v, ZL_R_spf_include_required,
		    ZL_SEV_NONE, off, at ? at->len : 0,
		    "SPF record at '%s' lacks 'include:%s', which profile '%s' requires",
		    nb, inc, pr->name);
		if (d == NULL)
			continue;
		if (at != NULL)
			zl_buf_addf(&ins, "include:%s ", inc);
		else
			zl_buf_addf(&ins, "%sinclude:%s",
			    v->val[v->len - 1] == ' ' ? "" : " ", inc);
		insert_in_value(zl_diag_fix(d, ZL_FIX_SAFE, "insert 'include:%s' %s",
		    inc, at == NULL ? "at the end" : at->kind == ZL_SPF_ALL ?
		    "before the 'all' term" : "before 'redirect='"),
		    ctx, f, v, off, ins.data);
		zl_buf_release(&ins);
	}
}

void
check_spf_include_required(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx, 1);
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
			struct view v;

			if (ri < 0 || !is_sender(ctx, pr->spf, id))
				continue;
			view_load(ctx, f, (uint32_t)ri, &v);
			require_includes(ctx, f, pr, id, &v, seen);
			view_release(&v);
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

/* Does any profile name senders for SPF (find_senders() can find any)? */
static int
any_sender_profile(const struct zl_ctx *ctx)
{
	for (size_t pi = 0; ctx->cfg && pi < ctx->cfg->nprofiles; pi++)
		if (ctx->cfg->profiles[pi]->spf != NULL)
			return 1;
	return 0;
}

/*
 * spf-missing when no profile names senders: only names that receive mail
 * need a record, so the MX records are all there is to look at, in one
 * sweep over the records rather than a walk of every name's chain.
 */
static void
missing_mx(struct zl_ctx *ctx, struct fam *f)
{
	const struct zl_zone *z = ctx->zone;
	char nb[1100];

	for (size_t i = 0; i < z->nrecs; i++) {
		const struct zl_record *at = &z->recs[i];
		uint32_t r;

		if (at->type != T_MX)
			continue;
		/* once per name, at its first MX record */
		for (r = z->names[at->owner].first; r != ZL_NONE &&
		    z->recs[r].type != T_MX; r = z->recs[r].next)
			;
		if (r != i || any_spf_at(f, at->owner))
			continue;
		zl_report_record(ctx, ZL_R_spf_missing, at,
		    "no SPF record at '%s', which %s; receivers cannot tell forged mail from real mail (RFC 7208 §2.3)",
		    name_text(ctx, at->owner, nb), "receives mail (MX)");
	}
}

void
check_spf_missing(struct zl_ctx *ctx)
{
	struct fam *f = fam_get(ctx, 1);
	const struct zl_zone *z = ctx->zone;
	char nb[1100];

	if (!any_sender_profile(ctx)) {
		missing_mx(ctx, f);
		return;
	}
	for (uint32_t id = 0; id < z->nnames; id++) {
		const struct zl_record *at = NULL;
		struct zl_buf why = ZL_BUF_INIT;
		struct senders sd;
		struct zl_diag *d;

		if (!zl_name_has_records(z, id) || any_spf_at(f, id))
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
	f = fam_get(ctx, 0);
	ri = the_record(f, owner);
	return ri >= 0 && !(f->v[ri].flags & SR_ERRS);
}
