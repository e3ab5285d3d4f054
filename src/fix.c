/* SPDX-License-Identifier: MIT */
/* The fix planner and loop; see fix.h. */
#include "fix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ldns/ldns.h>

#include "xalloc.h"

struct cand {
	struct zl_fix *fix;
	enum zl_rule_id rule;
	uint32_t seq;
};

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	uint32_t xs = x->fix->edits[0].start, ys = y->fix->edits[0].start;

	if (xs != ys)
		return xs < ys ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Accepted edits, kept sorted by start. */
struct edits {
	struct zl_edit *v;
	size_t n, cap;
};

static int
conflicts(const struct edits *acc, const struct zl_edit *e, int *dup)
{
	*dup = 0;
	for (size_t i = 0; i < acc->n; i++) {
		const struct zl_edit *a = &acc->v[i];

		if (a->start == a->end && e->start == e->end) {
			if (a->start == e->start) {
				if (strcmp(a->text, e->text) == 0) {
					*dup = 1;
					continue;
				}
				return 1;
			}
			continue;
		}
		if (a->end > e->start && e->end > a->start)
			return 1;
		/* an insertion strictly inside a replaced range */
		if (a->start == a->end && a->start > e->start && a->start < e->end)
			return 1;
		if (e->start == e->end && e->start > a->start && e->start < a->end)
			return 1;
	}
	return 0;
}

static int
edit_order(const void *a, const void *b)
{
	const struct zl_edit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* insertions before replacements at the same place */
	if ((x->start == x->end) != (y->start == y->end))
		return x->start == x->end ? -1 : 1;
	return 0;
}

size_t
zl_fix_apply(const char *data, size_t len, struct zl_diag_list *diags,
    enum zl_applicability min, struct zl_buf *out)
{
	struct cand *c = NULL;
	size_t nc = 0, applied = 0, pos = 0;
	struct edits acc = { NULL, 0, 0 };

	c = zl_xcalloc(diags->n + 1, sizeof(*c));
	for (size_t i = 0; i < diags->n; i++) {
		struct zl_fix *f = diags->v[i].fix;
		int ok = f != NULL && f->applicability >= min && f->nedits > 0;

		for (size_t k = 0; ok && k < f->nedits; k++)
			if (f->edits[k].src != 0 || f->edits[k].end > len ||
			    f->edits[k].start > f->edits[k].end)
				ok = 0;
		if (!ok)
			continue;
		zl_fix_sort(f);
		c[nc].fix = f;
		c[nc].rule = diags->v[i].rule;
		c[nc].seq = diags->v[i].seq;
		nc++;
	}
	qsort(c, nc, sizeof(*c), cand_cmp);
	for (size_t i = 0; i < nc; i++) {
		struct zl_fix *f = c[i].fix;
		int bad = 0, dup;
		size_t added = 0;

		for (size_t k = 0; k < f->nedits && !bad; k++)
			if (conflicts(&acc, &f->edits[k], &dup))
				bad = 1;
		/* edits inside one fix must not overlap each other either */
		for (size_t k = 1; k < f->nedits && !bad; k++)
			if (f->edits[k].start < f->edits[k - 1].end)
				bad = 1;
		if (bad)
			continue;
		for (size_t k = 0; k < f->nedits; k++) {
			if (conflicts(&acc, &f->edits[k], &dup), dup)
				continue;
			acc.v = zl_xgrow(acc.v, sizeof(*acc.v), acc.n + 1, &acc.cap);
			acc.v[acc.n++] = f->edits[k];
			added++;
		}
		applied++;
		(void)added;
	}
	/* stable: qsort is not, so order ties by insertion index first */
	for (size_t i = 1; i < acc.n; i++) {
		struct zl_edit e = acc.v[i];
		size_t j = i;

		while (j > 0 && edit_order(&acc.v[j - 1], &e) > 0) {
			acc.v[j] = acc.v[j - 1];
			j--;
		}
		acc.v[j] = e;
	}
	for (size_t i = 0; i < acc.n; i++) {
		const struct zl_edit *e = &acc.v[i];

		if (e->start > pos)
			zl_buf_add(out, data + pos, e->start - pos);
		zl_buf_adds(out, e->text);
		if (e->end > pos)
			pos = e->end;
	}
	if (pos < len)
		zl_buf_add(out, data + pos, len - pos);
	zl_buf_reserve(out, 0);
	free(acc.v);
	free(c);
	return applied;
}

int
zl_lint(struct zl_zone **zone, struct zl_ctx *ctx, const char *path,
    const char *data, size_t len, const struct zl_config *cfg,
    const struct zl_load_opts *lopts, char **why)
{
	int rc;

	if (data != NULL)
		rc = zl_zone_load_mem(zone, path, data, len, lopts, why);
	else
		rc = zl_zone_load(zone, path, lopts, why);
	if (rc != 0)
		return rc;
	zl_ctx_init(ctx, *zone, cfg);
	zl_engine_run(ctx);
	return 0;
}

static size_t
count_syntax(const struct zl_diag_list *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].rule == ZL_R_zone_syntax)
			n++;
	return n;
}

int
zl_serial_bump(const struct zl_zone *zone, const char *data, size_t len,
    struct zl_buf *out, unsigned long today)
{
	const struct zl_record *soa;
	struct zl_entry e;
	const struct zl_token *t;
	unsigned long long v = 0, nv;
	char num[32];

	if (zone->soa == ZL_NONE || zone->recs[zone->soa].src != 0)
		return -1;
	soa = &zone->recs[zone->soa];
	/* in RFC 3597 form (\# 22 00...) the serial is inside the hex */
	if (soa->flags & (ZL_REC_UNKNOWN_FORMAT | ZL_REC_GENERATED))
		return -1;
	memset(&e, 0, sizeof(e));
	zl_record_entry(zone, soa, &e);
	if ((size_t)soa->rdata_tok + 2 >= e.ntoks) {
		zl_entry_release(&e);
		return -1;
	}
	t = &e.toks[soa->rdata_tok + 2];
	for (uint32_t i = t->start; i < t->end; i++) {
		if (data[i] < '0' || data[i] > '9') {
			zl_entry_release(&e);
			return -1;
		}
		v = v * 10 + (unsigned long long)(data[i] - '0');
	}
	if (v >= 1970000000ull && v <= 2999123199ull) {
		unsigned long long day = v / 100, base = (unsigned long long)today * 100;

		nv = day < today ? base : v + 1;
	} else {
		nv = v + 1;
	}
	if (nv > 0xFFFFFFFFull)
		nv = (v + 1) & 0xFFFFFFFFull;	/* RFC 1982 serial arithmetic */
	snprintf(num, sizeof(num), "%llu", nv);
	zl_buf_add(out, data, t->start);
	zl_buf_adds(out, num);
	zl_buf_add(out, data + t->end, len - t->end);
	zl_entry_release(&e);
	return 0;
}

/*
 * The fix loop holds, besides the caller's zone, the bytes it has come to
 * (prev), the bytes of the next pass while they are made, and the zone
 * and findings of one reload: on a 75 MB zone that is about 4.5 times the
 * file, where keeping a copy of each for two passes took 7.5.
 */
void
zl_fix_run(const struct zl_zone *zone, struct zl_diag_list *diags,
    const struct zl_config *cfg, const struct zl_load_opts *lopts,
    int bump_serial, struct zl_fix_result *res)
{
	const struct zl_source *s0 = zone->sources[0];
	char *prev = NULL;             /* NULL: still the zone's own bytes */
	size_t prev_len = 0;
	const char *cur = s0->data;    /* the bytes the next pass fixes */
	size_t cur_len = s0->len;
	size_t base_syntax = count_syntax(diags);
	struct zl_diag_list *dl = diags;
	struct zl_zone *z2 = NULL;
	struct zl_ctx ctx2;
	struct zl_load_opts lo = *lopts;

	memset(res, 0, sizeof(*res));
	/* keep the origin the first load found, whatever the patch does */
	lo.origin = zone->origin_text;
	for (int pass = 0; pass < ZL_FIX_MAX_PASSES; pass++) {
		struct zl_buf next = ZL_BUF_INIT;
		size_t n = zl_fix_apply(cur, cur_len, dl, ZL_FIX_SAFE, &next);
		struct zl_zone *z3 = NULL;
		struct zl_ctx ctx3;
		char *why = NULL;
		int rc;

		res->passes = pass + 1;
		if (n == 0) {
			zl_buf_release(&next);
			res->converged = 1;
			break;
		}
		if (z2 != NULL) {
			/*
			 * The last reload has served (its findings made next):
			 * keep its bytes, in case this pass is thrown away.
			 */
			zl_ctx_release(&ctx2);
			free(prev);
			prev = zl_source_take_data(z2->sources[0], &prev_len);
			zl_zone_free(z2);
			z2 = NULL;
		}
		{
			size_t nl = next.len;
			char *nd = zl_buf_take(&next);

			rc = zl_zone_load_owned(&z3, s0->name, nd, nl, &lo, &why);
		}
		if (rc == 0) {
			zl_ctx_init(&ctx3, z3, cfg);
			zl_engine_run(&ctx3);
		}
		if (rc != 0) {
			free(why);
			res->reverted = 1;
			break;
		}
		if (count_syntax(&ctx3.diags) > base_syntax) {
			for (size_t i = 0; i < ctx3.diags.n; i++)
				if (ctx3.diags.v[i].rule == ZL_R_zone_syntax) {
					res->reverted_why =
					    zl_xstrdup(ctx3.diags.v[i].message);
					break;
				}
			res->reverted = 1;
			zl_ctx_release(&ctx3);
			zl_zone_free(z3);
			break;
		}
		base_syntax = count_syntax(&ctx3.diags);
		res->applied += n;
		free(prev);
		prev = NULL;
		ctx2 = ctx3;
		z2 = z3;
		dl = &ctx2.diags;
		cur = z2->sources[0]->data;
		cur_len = z2->sources[0]->len;
	}
	/* the result: the last reload's bytes, or those before a bad pass */
	if (z2 != NULL) {
		zl_ctx_release(&ctx2);
		free(prev);
		prev = zl_source_take_data(z2->sources[0], &prev_len);
		zl_zone_free(z2);
	}
	if (prev != NULL) {
		res->fixed.data = prev;
		res->fixed.len = prev_len;
		res->fixed.cap = prev_len + 1;
	} else {
		zl_buf_add(&res->fixed, s0->data, s0->len);
	}
	if (bump_serial && res->applied > 0) {
		struct zl_zone *z3 = NULL;
		char *why = NULL;
		time_t now = time(NULL);
		struct tm tm;
		struct zl_buf b = ZL_BUF_INIT;

		gmtime_r(&now, &tm);
		if (zl_zone_load_mem(&z3, s0->name, res->fixed.data,
		    res->fixed.len, &lo, &why) == 0 &&
		    zl_serial_bump(z3, res->fixed.data, res->fixed.len, &b,
		    (unsigned long)(tm.tm_year + 1900) * 10000ul +
		    (unsigned long)(tm.tm_mon + 1) * 100ul +
		    (unsigned long)tm.tm_mday) == 0) {
			zl_buf_release(&res->fixed);
			res->fixed = b;
		} else {
			zl_buf_release(&b);
		}
		free(why);
		zl_zone_free(z3);
	}
	zl_buf_reserve(&res->fixed, 0);
}

void
zl_fix_result_release(struct zl_fix_result *res)
{
	zl_buf_release(&res->fixed);
	free(res->reverted_why);
	memset(res, 0, sizeof(*res));
}
