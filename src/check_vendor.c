/* SPDX-License-Identifier: MIT */
/*
 * Rules that read vendor profiles but need no SPF, DKIM or DMARC parser:
 * vendor-ownership-token, vendor-record-required, dkim-selector-missing;
 * and suppression-unknown, which checks "; zonelint: ignore=" comments.
 *
 * Profiles apply to the zone's origin: its DKIM selectors are looked for
 * at <selector>._domainkey.<origin>, and owner patterns see owner names
 * relative to the origin ("@" for the apex, "news" for news.<origin>).
 * Value patterns see a TXT record's strings joined, or any other record's
 * RDATA as written, with the domain name of NS, CNAME, PTR, DNAME, MX and
 * SRV made absolute and lower case. Relative names are taken relative to
 * the zone's origin (a later $ORIGIN line is not followed here).
 *
 * A pattern stopped by the PCRE2 match limit counts as no match and is
 * reported once per pattern and zone, so a catastrophic pattern in a
 * user's profile costs a bounded time and says so.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "buf.h"
#include "engine.h"
#include "txt.h"
#include "xalloc.h"

void check_vendor_ownership_token(struct zl_ctx *ctx);
void check_vendor_record_required(struct zl_ctx *ctx);
void check_dkim_selector_missing(struct zl_ctx *ctx);
void check_suppression_unknown(struct zl_ctx *ctx);

#define NAMEBUF 1100

/* Scratch space shared by the helpers below. */
struct vscratch {
	struct zl_txt txt;
	struct zl_entry entry;
	struct zl_buf val;
	char rel[NAMEBUF];
	/* patterns that hit the match limit, reported once each */
	const struct zl_regex **limited;
	size_t nlimited;
};

static void
vscratch_init(struct vscratch *v)
{
	memset(v, 0, sizeof(*v));
	zl_txt_init(&v->txt);
}

static void
vscratch_release(struct vscratch *v)
{
	zl_txt_release(&v->txt);
	zl_entry_release(&v->entry);
	zl_buf_release(&v->val);
	free(v->limited);
}

/* Owner text relative to the origin: "@", "news", or absolute outside it. */
static const char *
rel_name(const struct zl_zone *z, uint32_t id, char *buf)
{
	char ob[NAMEBUF];
	size_t n, m;

	if (id == z->origin)
		return "@";
	zl_zone_name_text(z, id, buf);
	zl_zone_name_text(z, z->origin, ob);
	n = strlen(buf);
	m = strlen(ob);
	if (strcmp(ob, ".") == 0) {
		if (n > 1)
			buf[n - 1] = '\0';
		return buf;
	}
	if (n > m + 1 && buf[n - m - 1] == '.' && strcmp(buf + n - m, ob) == 0 &&
	    !(n > m + 1 && buf[n - m - 2] == '\\'))
		buf[n - m - 1] = '\0';
	return buf;
}

/*
 * The value patterns see (see the top of the file) in v->val, and the
 * source span of the RDATA in *start, *end. Returns -1 for records that
 * are not decoded ($GENERATE, RFC 3597).
 */
static int
record_value(const struct zl_zone *z, const struct zl_record *rec,
    struct vscratch *v, uint32_t *start, uint32_t *end)
{
	const struct zl_source *s = z->sources[rec->src];
	int nf = zl_type_name_field(rec->type);

	zl_buf_reset(&v->val);
	zl_buf_adds(&v->val, "");
	if (rec->flags & (ZL_REC_GENERATED | ZL_REC_UNKNOWN_FORMAT))
		return -1;
	if (rec->type == LDNS_RR_TYPE_TXT || rec->type == LDNS_RR_TYPE_SPF) {
		if (zl_txt_decode(&v->txt, z, rec) != 0)
			return -1;
		zl_buf_add(&v->val, v->txt.val, v->txt.len);
		*start = rec->start;
		*end = rec->end;
		if (v->txt.nstr > 0) {
			*start = v->txt.entry.toks[v->txt.rdata_tok].start;
			*end = v->txt.entry.toks[v->txt.entry.ntoks - 1].end;
		}
		return 0;
	}
	zl_record_entry(z, rec, &v->entry);
	*start = rec->start;
	*end = rec->end;
	if (v->entry.ntoks > rec->rdata_tok) {
		*start = v->entry.toks[rec->rdata_tok].start;
		*end = v->entry.toks[v->entry.ntoks - 1].end;
	}
	for (size_t i = rec->rdata_tok; i < v->entry.ntoks; i++) {
		const struct zl_token *t = &v->entry.toks[i];
		uint8_t w[ZL_NAME_MAX];
		size_t len, olen;
		int relflag;
		const char *err;
		const uint8_t *o = zl_zone_origin_wire(z, &olen);

		if (i > rec->rdata_tok)
			zl_buf_addc(&v->val, ' ');
		if ((int)(i - rec->rdata_tok) == nf &&
		    zl_name_parse(s->data + t->start, t->end - t->start, o, olen,
		    w, &len, &relflag, &err) == 0) {
			char nb[NAMEBUF];

			zl_name_to_text(w, len, nb);
			zl_buf_adds(&v->val, nb);
		} else {
			zl_buf_add(&v->val, s->data + t->start, t->end - t->start);
		}
	}
	return 0;
}

/* zl_regex_match, with a limit hit reported once under rule id. */
static int
vmatch(struct zl_ctx *ctx, struct vscratch *v, const struct zl_profile *p,
    enum zl_rule_id id, const struct zl_regex *re, const char *s, size_t n,
    size_t *ov, int nov)
{
	int m = zl_regex_match(re, s, n, ov, nov);
	const struct zl_zone *z = ctx->zone;

	if (m >= 0)
		return m;
	for (size_t i = 0; i < v->nlimited; i++)
		if (v->limited[i] == re)
			return 0;
	v->limited = zl_xrealloc(v->limited,
	    (v->nlimited + 1) * sizeof(*v->limited));
	v->limited[v->nlimited++] = re;
	if (z->soa != ZL_NONE)
		zl_report_record(ctx, id, &z->recs[z->soa],
		    "profile '%s': pattern '%.100s' hit the PCRE2 match limit; treated as no match (simplify the pattern)",
		    p->name, zl_regex_source(re));
	else
		zl_report(ctx, id, NULL, 0, 0, 0,
		    "profile '%s': pattern '%.100s' hit the PCRE2 match limit; treated as no match (simplify the pattern)",
		    p->name, zl_regex_source(re));
	return 0;
}

/* Where findings about something missing go: the SOA, else the first record. */
static const struct zl_record *
anchor(const struct zl_zone *z)
{
	if (z->soa != ZL_NONE)
		return &z->recs[z->soa];
	if (z->origin < z->nnames && z->names[z->origin].first != ZL_NONE)
		return &z->recs[z->names[z->origin].first];
	return z->nrecs > 0 ? &z->recs[0] : NULL;
}

static struct zl_diag * ZL_PRINTF(4, 5)
report_missing(struct zl_ctx *ctx, enum zl_rule_id id, enum zl_severity sev,
    const char *fmt, ...)
{
	const struct zl_record *a = anchor(ctx->zone);
	struct zl_diag *d;
	va_list ap;

	va_start(ap, fmt);
	if (a != NULL)
		d = zl_vreport(ctx, id, sev, a, a->src, a->start, a->start, fmt,
		    ap);
	else
		d = zl_vreport(ctx, id, sev, NULL, 0, 0, 0, fmt, ap);
	va_end(ap);
	return d;
}

/*
 * Where a new record goes in the zone file: after the last record whose
 * owner is the origin or a name under _domainkey.<origin> (so records
 * added one after another stay in order), else at the end of the file.
 * *lead is set when a line break must come first.
 */
static uint32_t
insert_point(const struct zl_zone *z, int *lead)
{
	const struct zl_source *s = z->sources[0];
	uint8_t dk[ZL_NAME_MAX];
	size_t dklen = 0, olen;
	int relflag;
	const char *err;
	const uint8_t *o = zl_zone_origin_wire(z, &olen);
	const struct zl_record *best = NULL;
	uint32_t off;

	if (zl_name_parse("_domainkey", 10, o, olen, dk, &dklen, &relflag,
	    &err) != 0)
		dklen = 0;
	for (size_t i = 0; i < z->nrecs; i++) {
		const struct zl_record *r = &z->recs[i];
		size_t wl;
		uint8_t nb[ZL_NAME_MAX];
		const uint8_t *w;

		if (r->src != 0 || (best != NULL && r->start < best->start))
			continue;
		w = zl_zone_name_wire(z, r->owner, nb, &wl);
		if (r->owner == z->origin ||
		    (dklen > 0 && zl_name_is_sub(w, wl, dk, dklen)))
			best = r;
	}
	*lead = 0;
	if (best != NULL) {
		const char *nl = memchr(s->data + best->end, '\n',
		    s->len - best->end);

		if (nl != NULL)
			return (uint32_t)(nl - s->data + 1);
	}
	off = (uint32_t)s->len;
	*lead = s->len > 0 && s->data[s->len - 1] != '\n';
	return off;
}

/*
 * Attach a fix that adds "<owner> IN <TYPE> <value>" as a new line; TXT
 * values are quoted and split into strings of at most 255 bytes.
 */
static void
add_record_fix(struct zl_ctx *ctx, struct zl_diag *d, const char *owner_abs,
    uint16_t type, const char *value, enum zl_applicability app,
    const char *title)
{
	const struct zl_zone *z = ctx->zone;
	const char *eol = z->sources[0]->crlf ? "\r\n" : "\n";
	struct zl_buf b = ZL_BUF_INIT;
	struct zl_fix *f;
	char tb[16];
	int lead;
	uint32_t at = insert_point(z, &lead);

	if (lead)
		zl_buf_adds(&b, eol);
	zl_buf_addf(&b, "%s IN %s ", owner_abs, zl_type_name(type, tb));
	if (type == LDNS_RR_TYPE_TXT)
		zl_txt_format(&b, value, strlen(value), 1, "\t", eol);
	else
		zl_buf_adds(&b, value);
	zl_buf_adds(&b, eol);
	f = zl_diag_fix(d, app, "%s", title);
	zl_fix_insert(f, 0, at, b.data);
	zl_buf_release(&b);
}

/* Absolute text of a name relative to the origin ("@" is the origin). */
static void
abs_name(const struct zl_zone *z, const char *rel, char out[2 * NAMEBUF])
{
	char ob[NAMEBUF];

	zl_zone_name_text(z, z->origin, ob);
	if (strcmp(rel, "@") == 0)
		snprintf(out, 2 * NAMEBUF, "%s", ob);
	else if (rel[strlen(rel) - 1] == '.')
		snprintf(out, 2 * NAMEBUF, "%s", rel);
	else if (strcmp(ob, ".") == 0)
		snprintf(out, 2 * NAMEBUF, "%s.", rel);
	else
		snprintf(out, 2 * NAMEBUF, "%s.%s", rel, ob);
}

/* The value pattern of a token with the name's captures filled in, quoted. */
static struct zl_regex *
token_value_re(const struct zl_prof_token *t, const char *subj,
    const size_t *ov, int nov)
{
	struct zl_buf b = ZL_BUF_INIT;
	struct zl_regex *re;
	char *err = NULL;

	for (const char *c = t->value_pattern; *c; c++) {
		if (c[0] == '$' && isdigit((unsigned char)c[1])) {
			int k = c[1] - '0';

			c++;
			if (k >= nov || ov[2 * k] == SIZE_MAX)
				continue;
			for (size_t i = ov[2 * k]; i < ov[2 * k + 1]; i++) {
				if (!isalnum((unsigned char)subj[i]))
					zl_buf_addc(&b, '\\');
				zl_buf_addc(&b, subj[i]);
			}
			continue;
		}
		zl_buf_addc(&b, *c);
	}
	re = zl_regex_new(b.data ? b.data : "", b.len, 0, &err);
	free(err);
	zl_buf_release(&b);
	return re;
}

/* printable, shortened copy of a value for messages */
static void
shown(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 4 < cap; i++)
		out[k++] = isprint((unsigned char)s[i]) ? s[i] : '?';
	if (n > 0 && k + 4 >= cap) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = '\0';
}

void
check_vendor_ownership_token(struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;
	struct vscratch v;

	if (ctx->cfg == NULL)
		return;
	vscratch_init(&v);
	for (size_t pi = 0; pi < ctx->cfg->nprofiles; pi++) {
		const struct zl_profile *p = ctx->cfg->profiles[pi];

		for (size_t ti = 0; ti < p->ntokens; ti++) {
			const struct zl_prof_token *t = &p->tokens[ti];

			for (uint32_t n = 0; n < z->nnames; n++) {
				const char *rel;
				size_t ov[20];
				struct zl_regex *vre = NULL;

				if (z->names[n].first == ZL_NONE)
					continue;
				rel = rel_name(z, n, v.rel);
				if (vmatch(ctx, &v, p, ZL_R_vendor_ownership_token,
				    t->name, rel, strlen(rel), ov, 10) != 1)
					continue;
				for (uint32_t r = z->names[n].first; r != ZL_NONE;
				    r = z->recs[r].next) {
					const struct zl_record *rec = &z->recs[r];
					uint32_t s0, s1;
					char vb[100], tb[16];

					if (rec->type != t->type ||
					    record_value(z, rec, &v, &s0, &s1) != 0)
						continue;
					if (t->match != NULL && vmatch(ctx, &v, p,
					    ZL_R_vendor_ownership_token, t->match,
					    v.val.data, v.val.len, NULL, 0) != 1)
						continue;
					if (vre == NULL)
						vre = token_value_re(t, rel, ov, 10);
					if (vre == NULL || vmatch(ctx, &v, p,
					    ZL_R_vendor_ownership_token, vre,
					    v.val.data, v.val.len, NULL, 0) == 1)
						continue;
					shown(v.val.data, v.val.len, vb, sizeof(vb));
					zl_report(ctx, ZL_R_vendor_ownership_token, rec,
					    rec->src, s0, s1,
					    "profile '%s': %s at '%s' is '%s', which does not match '%s'",
					    p->name, t->description ? t->description :
					    "ownership token", rel, vb,
					    zl_regex_source(vre));
					(void)tb;
				}
				zl_regex_free(vre);
			}
		}
	}
	vscratch_release(&v);
}

/* Does one record match the generic rule's type and value? */
static int
generic_record(struct zl_ctx *ctx, struct vscratch *v,
    const struct zl_profile *p, const struct zl_prof_generic *g,
    const struct zl_record *rec)
{
	uint32_t s0, s1;

	if (g->type != 0 && rec->type != g->type)
		return 0;
	return g->value == NULL ||
	    (record_value(ctx->zone, rec, v, &s0, &s1) == 0 &&
	    vmatch(ctx, v, p, ZL_R_vendor_record_required, g->value,
	    v->val.data, v->val.len, NULL, 0) == 1);
}

static void
describe_generic(const struct zl_prof_generic *g, char *out, size_t cap)
{
	char tb[16];

	snprintf(out, cap, "a record%s%s at a name matching '%.200s'%s%.200s%s",
	    g->type ? " of type " : "", g->type ? zl_type_name(g->type, tb) : "",
	    zl_regex_source(g->owner), g->value ? " with a value matching '" : "",
	    g->value ? zl_regex_source(g->value) : "", g->value ? "'" : "");
}

/* A required token: a record of its type at a name matching it. */
static int
token_present(struct zl_ctx *ctx, struct vscratch *v, const struct zl_profile *p,
    const struct zl_prof_token *t)
{
	const struct zl_zone *z = ctx->zone;

	for (uint32_t n = 0; n < z->nnames; n++) {
		const char *rel;

		if (z->names[n].first == ZL_NONE)
			continue;
		rel = rel_name(z, n, v->rel);
		if (vmatch(ctx, v, p, ZL_R_vendor_record_required, t->name, rel,
		    strlen(rel), NULL, 0) != 1)
			continue;
		for (uint32_t r = z->names[n].first; r != ZL_NONE;
		    r = z->recs[r].next) {
			uint32_t s0, s1;

			if (z->recs[r].type != t->type)
				continue;
			if (t->match == NULL)
				return 1;
			if (record_value(z, &z->recs[r], v, &s0, &s1) == 0 &&
			    vmatch(ctx, v, p, ZL_R_vendor_record_required,
			    t->match, v->val.data, v->val.len, NULL, 0) == 1)
				return 1;
		}
	}
	return 0;
}

void
check_vendor_record_required(struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;
	struct vscratch v;

	if (ctx->cfg == NULL)
		return;
	vscratch_init(&v);
	for (size_t pi = 0; pi < ctx->cfg->nprofiles; pi++) {
		const struct zl_profile *p = ctx->cfg->profiles[pi];

		for (size_t gi = 0; gi < p->ngeneric; gi++) {
			const struct zl_prof_generic *g = &p->generic[gi];
			int found = 0;
			char what[800];

			for (uint32_t n = 0; n < z->nnames && !found; n++) {
				const char *rel;
				uint32_t r;

				if (z->names[n].first == ZL_NONE)
					continue;
				rel = rel_name(z, n, v.rel);
				if (vmatch(ctx, &v, p, ZL_R_vendor_record_required,
				    g->owner, rel, strlen(rel), NULL, 0) != 1)
					continue;
				for (r = z->names[n].first; r != ZL_NONE && !found;
				    r = z->recs[r].next) {
					const struct zl_record *rec = &z->recs[r];

					if (!generic_record(ctx, &v, p, g, rec))
						continue;
					if (g->kind == ZL_GENERIC_REQUIRE) {
						found = 1;
						break;
					}
					/* forbid: every matching record */
					describe_generic(g, what, sizeof(what));
					zl_report_sev(ctx, ZL_R_vendor_record_required,
					    g->severity, rec, rec->src, rec->start,
					    rec->start, "profile '%s': %s (rule '%s' forbids %s)",
					    p->name, g->message ? g->message :
					    "forbidden record", g->id, what);
				}
			}
			if (g->kind == ZL_GENERIC_REQUIRE && !found) {
				struct zl_diag *d;

				describe_generic(g, what, sizeof(what));
				d = report_missing(ctx, ZL_R_vendor_record_required,
				    g->severity, "profile '%s': %s (rule '%s' requires %s)",
				    p->name, g->message ? g->message :
				    "required record missing", g->id, what);
				if (d != NULL && g->value_text != NULL) {
					char ab[2 * NAMEBUF], tb[16];
					uint32_t on;
					int cname = g->type == LDNS_RR_TYPE_CNAME;

					abs_name(z, g->value_owner, ab);
					on = zl_zone_find_text(z, ab);
					/* a CNAME beside other data, or data beside a CNAME, breaks the name */
					if (on != ZL_NONE && (cname ? z->names[on].first != ZL_NONE :
					    (z->names[on].flags & ZL_NAME_HAS_CNAME)))
						continue;
					add_record_fix(ctx, d, ab, g->type, g->value_text,
					    cname ? ZL_FIX_UNSAFE : ZL_FIX_SAFE,
					    cname ? "add the CNAME record the profile gives" :
					    (snprintf(what, sizeof(what),
					    "add the %s record the profile gives",
					    zl_type_name(g->type, tb)), what));
				}
			}
		}
		for (size_t ti = 0; ti < p->ntokens; ti++) {
			const struct zl_prof_token *t = &p->tokens[ti];
			char tb[16];

			if (!t->required || token_present(ctx, &v, p, t))
				continue;
			report_missing(ctx, ZL_R_vendor_record_required, ZL_SEV_NONE,
			    "profile '%s': %s missing (a %s record at a name matching '%.80s')",
			    p->name, t->description ? t->description :
			    "ownership token", zl_type_name(t->type, tb),
			    zl_regex_source(t->name));
		}
	}
	vscratch_release(&v);
}

static const char *
kind_name(enum zl_dkim_kind k)
{
	return k == ZL_DKIM_TXT ? "TXT" : k == ZL_DKIM_CNAME ? "CNAME" :
	    "TXT or CNAME";
}

void
check_dkim_selector_missing(struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;
	struct vscratch v;

	if (ctx->cfg == NULL)
		return;
	vscratch_init(&v);
	for (size_t pi = 0; pi < ctx->cfg->nprofiles; pi++) {
		const struct zl_profile *p = ctx->cfg->profiles[pi];

		for (size_t di = 0; di < p->ndkim; di++) {
			const struct zl_prof_dkim *dk = &p->dkim[di];
			char rel[NAMEBUF], ab[2 * NAMEBUF];
			const struct zl_record *txt = NULL, *cname = NULL;
			uint32_t id, s0, s1;
			struct zl_diag *d;

			if (!dk->required)
				continue;
			snprintf(rel, sizeof(rel), "%s._domainkey", dk->selector);
			abs_name(z, rel, ab);
			id = zl_zone_find_text(z, ab);
			for (uint32_t r = id != ZL_NONE ? z->names[id].first : ZL_NONE;
			    r != ZL_NONE; r = z->recs[r].next) {
				if (z->recs[r].type == LDNS_RR_TYPE_TXT && txt == NULL)
					txt = &z->recs[r];
				if (z->recs[r].type == LDNS_RR_TYPE_CNAME && cname == NULL)
					cname = &z->recs[r];
			}
			if (cname != NULL) {
				char vb[300];

				/* a TXT selector delegated by CNAME cannot be checked offline */
				if (dk->kind == ZL_DKIM_TXT || dk->target == NULL ||
				    record_value(z, cname, &v, &s0, &s1) != 0 ||
				    vmatch(ctx, &v, p, ZL_R_dkim_selector_missing,
				    dk->target, v.val.data, v.val.len, NULL, 0) == 1)
					continue;
				shown(v.val.data, v.val.len, vb, sizeof(vb));
				zl_report_sev(ctx, ZL_R_dkim_selector_missing,
				    dk->severity, cname, cname->src, s0, s1,
				    "profile '%s': DKIM selector '%s' points to '%s', which does not match '%s'",
				    p->name, ab, vb, zl_regex_source(dk->target));
				continue;
			}
			if (txt != NULL) {
				if (dk->kind != ZL_DKIM_CNAME)
					continue;
				zl_report_sev(ctx, ZL_R_dkim_selector_missing,
				    dk->severity, txt, txt->src, txt->start, txt->start,
				    "profile '%s': DKIM selector '%s' is a TXT record; the vendor publishes the key and expects a CNAME%s%.200s%s",
				    p->name, ab, dk->target ? " to a name matching '" : "",
				    dk->target ? zl_regex_source(dk->target) : "",
				    dk->target ? "'" : "");
				continue;
			}
			d = report_missing(ctx, ZL_R_dkim_selector_missing,
			    dk->severity, "profile '%s': DKIM selector '%s' is missing (a %s record)",
			    p->name, ab, kind_name(dk->kind));
			if (d != NULL && dk->value != NULL && dk->kind != ZL_DKIM_CNAME &&
			    (id == ZL_NONE || !(z->names[id].flags & ZL_NAME_HAS_CNAME)))
				add_record_fix(ctx, d, ab, LDNS_RR_TYPE_TXT, dk->value,
				    ZL_FIX_SAFE, "add the DKIM key record the profile gives");
		}
	}
	vscratch_release(&v);
}

/*
 * The words of "; zonelint: ignore=a,b" that the engine's reading of them
 * (engine.c, scan_suppressions()) found to name nothing.
 */
void
check_suppression_unknown(struct zl_ctx *ctx)
{
	const struct zl_suppr_word *u;
	size_t n;

	u = zl_ctx_suppr_unknown(ctx, &n);
	for (size_t i = 0; i < n; i++) {
		const char *w = ctx->zone->sources[u[i].src]->data + u[i].start;
		size_t fl = u[i].end - u[i].start;

		zl_report(ctx, ZL_R_suppression_unknown, NULL, u[i].src,
		    u[i].start, u[i].end,
		    "unknown rule '%.*s' in a suppression; it suppresses nothing (see 'zonelint rules')",
		    (int)(fl > 80 ? 80 : fl), w);
	}
}
