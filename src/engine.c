/* SPDX-License-Identifier: MIT */
/* The check engine; see engine.h. */
#include "engine.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

struct zl_suppr {
	uint32_t src;
	unsigned line;
	int standalone;   /* the comment is alone on its line */
	unsigned char rules[(ZL_R__COUNT + 7) / 8];
};

void
zl_ctx_init(struct zl_ctx *ctx, const struct zl_zone *zone,
    const struct zl_config *cfg)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->zone = zone;
	ctx->cfg = cfg;
}

void
zl_ctx_release(struct zl_ctx *ctx)
{
	for (int i = 0; i < ZL_FAM__COUNT; i++)
		if (ctx->family[i] && ctx->family_free[i])
			ctx->family_free[i](ctx->family[i]);
	zl_diag_list_release(&ctx->diags);
	free(ctx->suppr);
	free(ctx->unknown);
	free(ctx->claimed);
	memset(ctx, 0, sizeof(*ctx));
}

void
zl_ctx_family_set(struct zl_ctx *ctx, enum zl_family f, void *data,
    zl_family_free_fn *fn)
{
	ctx->family[f] = data;
	ctx->family_free[f] = fn;
}

void
zl_ctx_claim_error(struct zl_ctx *ctx, size_t i)
{
	if (i >= ctx->zone->nerrs)
		return;
	if (ctx->claimed == NULL)
		ctx->claimed = zl_xcalloc(ctx->zone->nerrs, 1);
	ctx->claimed[i] = 1;
}

int
zl_ctx_error_claimed(const struct zl_ctx *ctx, size_t i)
{
	return ctx->claimed != NULL && i < ctx->zone->nerrs && ctx->claimed[i];
}

enum zl_severity
zl_ctx_severity(const struct zl_ctx *ctx, enum zl_rule_id id)
{
	if (ctx->cfg == NULL)
		return zl_rules[id].severity;
	return ctx->cfg->severity[id];
}

/*
 * Suppressions: "; zonelint: ignore=a,b" anywhere in a comment. They are
 * found by a scan of the sources for the marker, which costs one memmem
 * pass and nothing when there are none.
 */
static void
scan_suppressions(struct zl_ctx *ctx)
{
	static const char marker[] = "zonelint:";
	size_t cap = 0, ucap = 0;

	ctx->suppr_ready = 1;
	for (size_t si = 0; si < ctx->zone->nsources; si++) {
		const struct zl_source *s = ctx->zone->sources[si];
		const char *p = s->data, *end = s->data + s->len;

		while (p < end) {
			const char *m = memmem(p, (size_t)(end - p), marker,
			    sizeof(marker) - 1);
			const char *q, *le;
			struct zl_suppr *sp;
			size_t ls, lend;
			unsigned line;
			int semi = 0;

			if (m == NULL)
				break;
			p = m + sizeof(marker) - 1;
			line = zl_source_line(s, (size_t)(m - s->data));
			zl_source_line_span(s, line, &ls, &lend);
			/* only inside a comment: a ';' before it on the line */
			const char *first_semi = NULL;

			for (const char *c = s->data + ls; c < m; c++)
				if (*c == ';') {
					semi = 1;
					if (first_semi == NULL)
						first_semi = c;
				}
			if (!semi)
				continue;
			q = p;
			le = s->data + lend;
			while (q < le && (*q == ' ' || *q == '\t'))
				q++;
			if ((size_t)(le - q) < 7 || strncmp(q, "ignore=", 7) != 0)
				continue;
			q += 7;
			ctx->suppr = zl_xgrow(ctx->suppr, sizeof(*ctx->suppr),
			    ctx->nsuppr + 1, &cap);
			sp = &ctx->suppr[ctx->nsuppr++];
			memset(sp, 0, sizeof(*sp));
			sp->src = (uint32_t)si;
			sp->line = line;
			sp->standalone = 1;
			for (const char *c = s->data + ls; c < first_semi; c++)
				if (*c != ' ' && *c != '\t')
					sp->standalone = 0;
			while (q < le) {
				const char *w = q;
				const struct zl_rule *r;
				int fam;

				while (q < le && *q != ',' && *q != ' ' &&
				    *q != '\t' && *q != ';')
					q++;
				r = zl_rule_findn(w, (size_t)(q - w));
				if (r != NULL) {
					sp->rules[r->num / 8] |=
					    (unsigned char)(1u << (r->num % 8));
				} else if (q > w) {
					char fb[16];
					size_t fl = (size_t)(q - w);

					fam = -1;
					if (fl < sizeof(fb)) {
						memcpy(fb, w, fl);
						fb[fl] = '\0';
						fam = zl_family_find(fb);
						if (fam < 0 && strcmp(fb, "all") == 0)
							fam = ZL_FAM__COUNT;
					}
					if (fam >= 0) {
						for (int i = 0; i < ZL_R__COUNT; i++)
							if (fam == ZL_FAM__COUNT ||
							    (int)zl_rules[i].family == fam)
								sp->rules[i / 8] |= (unsigned char)(1u << (i % 8));
					} else {
						struct zl_suppr_word *u;

						ctx->unknown = zl_xgrow(ctx->unknown,
						    sizeof(*ctx->unknown),
						    ctx->nunknown + 1, &ucap);
						u = &ctx->unknown[ctx->nunknown++];
						u->src = (uint32_t)si;
						u->start = (uint32_t)(w - s->data);
						u->end = (uint32_t)(q - s->data);
					}
				}
				if (q < le && *q == ',') {
					q++;
					continue;
				}
				break;
			}
			p = le;
		}
	}
}

const struct zl_suppr_word *
zl_ctx_suppr_unknown(struct zl_ctx *ctx, size_t *n)
{
	if (!ctx->suppr_ready)
		scan_suppressions(ctx);
	*n = ctx->nunknown;
	return ctx->unknown;
}

static int
suppr_at(const struct zl_ctx *ctx, uint32_t src, unsigned line,
    enum zl_rule_id id, int need_standalone)
{
	for (size_t i = 0; i < ctx->nsuppr; i++) {
		const struct zl_suppr *s = &ctx->suppr[i];

		if (s->src == src && s->line == line &&
		    (!need_standalone || s->standalone) &&
		    (s->rules[id / 8] & (1u << (id % 8))))
			return 1;
	}
	return 0;
}

int
zl_ctx_suppressed(struct zl_ctx *ctx, enum zl_rule_id id,
    const struct zl_record *rec, uint32_t src, uint32_t off)
{
	const struct zl_source *s;
	unsigned line;

	if (!ctx->suppr_ready)
		scan_suppressions(ctx);
	if (ctx->nsuppr == 0)
		return 0;
	s = ctx->zone->sources[src];
	line = zl_source_line(s, off);
	if (suppr_at(ctx, src, line, id, 0))
		return 1;
	if (rec != NULL) {
		const struct zl_source *rs = ctx->zone->sources[rec->src];
		unsigned first = zl_source_line(rs, rec->start);
		unsigned last = zl_source_line(rs, rec->end);

		/* a comment line just before the record, or any of its lines */
		if (first > 1 && suppr_at(ctx, rec->src, first - 1, id, 1))
			return 1;
		for (unsigned l = first; l <= last; l++)
			if (suppr_at(ctx, rec->src, l, id, 0))
				return 1;
	} else if (line > 1 && suppr_at(ctx, src, line - 1, id, 1)) {
		return 1;
	}
	return 0;
}

struct zl_diag *
zl_vreport(struct zl_ctx *ctx, enum zl_rule_id id, enum zl_severity sev,
    const struct zl_record *rec, uint32_t src, uint32_t start, uint32_t end,
    const char *fmt, va_list ap)
{
	enum zl_severity eff = zl_ctx_severity(ctx, id);
	struct zl_diag *d;
	struct zl_buf b = ZL_BUF_INIT;

	if (eff == ZL_SEV_NONE)
		return NULL;
	if (sev != ZL_SEV_NONE && !(ctx->cfg && ctx->cfg->overridden[id]))
		eff = sev;
	if (zl_ctx_suppressed(ctx, id, rec, src, start))
		return NULL;
	ctx->diags.v = zl_xgrow(ctx->diags.v, sizeof(*ctx->diags.v),
	    ctx->diags.n + 1, &ctx->diags.cap);
	d = &ctx->diags.v[ctx->diags.n++];
	memset(d, 0, sizeof(*d));
	d->rule = id;
	d->severity = eff;
	d->src = src;
	d->start = start;
	d->end = end < start ? start : end;
	if (rec != NULL && rec->src == src) {
		d->rec_start = rec->start;
		d->rec_end = rec->end;
		d->owner = rec->owner;
	} else {
		d->rec_start = start;
		d->rec_end = d->end;
		d->owner = rec ? rec->owner : UINT32_MAX;
	}
	{
		/* most messages fit; the list keeps one copy of each text */
		char tmp[512];
		va_list cp;
		int n;

		va_copy(cp, ap);
		n = vsnprintf(tmp, sizeof(tmp), fmt, cp);
		va_end(cp);
		if (n >= 0 && (size_t)n < sizeof(tmp)) {
			d->message = zl_diag_list_intern(&ctx->diags, tmp,
			    (size_t)n);
		} else {
			zl_buf_vaddf(&b, fmt, ap);
			d->message = zl_diag_list_intern(&ctx->diags,
			    b.data ? b.data : "", b.len);
			zl_buf_release(&b);
		}
	}
	d->seq = ctx->seq++;
	return d;
}

struct zl_diag *
zl_report(struct zl_ctx *ctx, enum zl_rule_id id, const struct zl_record *rec,
    uint32_t src, uint32_t start, uint32_t end, const char *fmt, ...)
{
	va_list ap;
	struct zl_diag *d;

	va_start(ap, fmt);
	d = zl_vreport(ctx, id, ZL_SEV_NONE, rec, src, start, end, fmt, ap);
	va_end(ap);
	return d;
}

struct zl_diag *
zl_report_sev(struct zl_ctx *ctx, enum zl_rule_id id, enum zl_severity sev,
    const struct zl_record *rec, uint32_t src, uint32_t start, uint32_t end,
    const char *fmt, ...)
{
	va_list ap;
	struct zl_diag *d;

	va_start(ap, fmt);
	d = zl_vreport(ctx, id, sev, rec, src, start, end, fmt, ap);
	va_end(ap);
	return d;
}

struct zl_diag *
zl_report_record(struct zl_ctx *ctx, enum zl_rule_id id,
    const struct zl_record *rec, const char *fmt, ...)
{
	va_list ap;
	struct zl_diag *d;

	va_start(ap, fmt);
	d = zl_vreport(ctx, id, ZL_SEV_NONE, rec, rec->src, rec->start,
	    rec->start, fmt, ap);
	va_end(ap);
	return d;
}

struct zl_fix *
zl_diag_fix(struct zl_diag *d, enum zl_applicability app, const char *fmt, ...)
{
	va_list ap;
	struct zl_buf b = ZL_BUF_INIT;
	char *title;

	va_start(ap, fmt);
	zl_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	title = zl_buf_take(&b);
	zl_fix_free(d->fix);
	d->fix = zl_fix_new(app, title);
	free(title);
	return d->fix;
}

void
zl_engine_run(struct zl_ctx *ctx)
{
	size_t order[ZL_R__COUNT], n = 0, last[ZL_FAM__COUNT];
	/*
	 * A family's shared analysis (ctx->family[f]) goes as soon as the
	 * last rule that reads it has run, so that on a large zone they do
	 * not all sit in memory next to the findings. Its own rules read it,
	 * and DMARC's read SPF's and DKIM's through mailauth.h
	 * (zl_spf_valid_at(), zl_dkim_valid_for()).
	 */
	static const int reader[ZL_FAM__COUNT] = {
		[ZL_FAM_ZONE] = -1, [ZL_FAM_SPF] = ZL_FAM_DMARC,
		[ZL_FAM_DKIM] = ZL_FAM_DMARC, [ZL_FAM_DMARC] = -1,
		[ZL_FAM_VENDOR] = -1,
	};

	/* the rules that run, zone-syntax last: others may claim its errors */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ZL_R__COUNT; i++) {
			const struct zl_rule *r = &zl_rules[i];

			if ((r->num == ZL_R_zone_syntax) != (pass == 1))
				continue;
			if (r->check != NULL &&
			    zl_ctx_severity(ctx, r->num) != ZL_SEV_NONE)
				order[n++] = i;
		}
	for (size_t f = 0; f < ZL_FAM__COUNT; f++)
		last[f] = SIZE_MAX;
	for (size_t k = 0; k < n; k++)
		last[zl_rules[order[k]].family] = k;
	for (size_t f = 0; f < ZL_FAM__COUNT; f++)
		if (reader[f] >= 0 && last[reader[f]] != SIZE_MAX &&
		    (last[f] == SIZE_MAX || last[reader[f]] > last[f]))
			last[f] = last[reader[f]];
	for (size_t k = 0; k < n; k++) {
		zl_rules[order[k]].check(ctx);
		for (size_t f = 0; f < ZL_FAM__COUNT; f++) {
			if (last[f] != k || ctx->family[f] == NULL)
				continue;
			if (ctx->family_free[f])
				ctx->family_free[f](ctx->family[f]);
			ctx->family[f] = NULL;
			ctx->family_free[f] = NULL;
		}
	}
	zl_diag_list_sort(&ctx->diags);
}

/* ---- run index (cross-zone facts) */

static char *
lower_abs(const char *s)
{
	size_t n = strlen(s);
	char *p = zl_xmalloc(n + 2);

	for (size_t i = 0; i < n; i++)
		p[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
	if (n == 0 || p[n - 1] != '.')
		p[n++] = '.';
	p[n] = '\0';
	return p;
}

static int
in_list(char *const *v, size_t n, const char *s)
{
	char *k = lower_abs(s);
	int found = 0;

	for (size_t i = 0; i < n && !found; i++)
		found = strcmp(v[i], k) == 0;
	free(k);
	return found;
}

int
zl_run_has_zone(const struct zl_run_index *ri, const char *origin)
{
	return ri != NULL && in_list(ri->origins, ri->norigins, origin);
}

int
zl_run_has_name(const struct zl_run_index *ri, const char *name)
{
	return ri != NULL && in_list(ri->report_names, ri->nreport_names, name);
}

void
zl_run_index_add_zone(struct zl_run_index *ri, const struct zl_zone *z)
{
	char nb[1100];

	ri->origins = zl_xrealloc(ri->origins,
	    (ri->norigins + 1) * sizeof(*ri->origins));
	ri->origins[ri->norigins++] = lower_abs(z->origin_text);
	for (size_t i = 0; i < z->nnames; i++) {
		if (!zl_name_has_records(z, i))
			continue;
		zl_zone_name_text(z, (uint32_t)i, nb);
		if (strstr(nb, "_report.") == NULL)
			continue;
		ri->report_names = zl_xrealloc(ri->report_names,
		    (ri->nreport_names + 1) * sizeof(*ri->report_names));
		ri->report_names[ri->nreport_names++] = lower_abs(nb);
	}
}

void
zl_run_index_release(struct zl_run_index *ri)
{
	for (size_t i = 0; i < ri->norigins; i++)
		free(ri->origins[i]);
	free(ri->origins);
	for (size_t i = 0; i < ri->nreport_names; i++)
		free(ri->report_names[i]);
	free(ri->report_names);
	memset(ri, 0, sizeof(*ri));
}
