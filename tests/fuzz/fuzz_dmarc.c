/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the DMARC record parser (dmarc.h) on arbitrary bytes as one
 * joined TXT value. Invariants: every tag, URI and problem lies inside the
 * value, idx[] points at tags of its id, a problem's tag index is valid,
 * pct is -1 or 0..100, every error has words (zl_dmarc_strerror), the
 * cheap zl_dmarc_start() agrees with the parser's start, and a reused
 * struct gives the same result.
 */
#include "fuzz.h"

#include "dmarc.h"

static void
check(const struct zl_dmarc *d, size_t n)
{
	for (size_t i = 0; i < d->ntags; i++) {
		const struct zl_dmarc_tag *t = &d->tags[i];

		FUZZ_ASSERT(t->spec_off + t->spec_len <= n, "tag %zu spec", i);
		FUZZ_ASSERT(t->name_off + t->name_len <= n, "tag %zu name", i);
		FUZZ_ASSERT(t->val_off + t->val_len <= n, "tag %zu value", i);
		FUZZ_ASSERT(t->id <= ZL_DMARC_T_UNKNOWN, "tag %zu id %d", i, t->id);
	}
	for (int id = 0; id < ZL_DMARC_T__KNOWN; id++)
		FUZZ_ASSERT(d->idx[id] == -1 || ((size_t)d->idx[id] < d->ntags &&
		    d->tags[d->idx[id]].id == (enum zl_dmarc_tag_id)id),
		    "idx[%d] = %d", id, d->idx[id]);
	for (size_t i = 0; i < d->nuris; i++) {
		const struct zl_dmarc_uri *u = &d->uris[i];

		FUZZ_ASSERT(u->off + u->len <= n, "uri %zu %zu+%zu of %zu", i,
		    u->off, u->len, n);
		FUZZ_ASSERT(u->uri_len <= u->len && u->scheme_len <= u->uri_len,
		    "uri %zu lengths %zu %zu %zu", i, u->len, u->uri_len, u->scheme_len);
		if (u->domain_len > 0)
			FUZZ_ASSERT(u->domain_off >= u->off &&
			    u->domain_off + u->domain_len <= u->off + u->len,
			    "uri %zu domain outside it", i);
		FUZZ_ASSERT(u->tag == ZL_DMARC_T_RUA || u->tag == ZL_DMARC_T_RUF,
		    "uri %zu tag %d", i, u->tag);
		if (u->usable)
			FUZZ_ASSERT(u->err == ZL_DMARC_OK, "uri %zu usable with an error", i);
	}
	for (size_t i = 0; i < d->nerrs; i++) {
		const struct zl_dmarc_problem *p = &d->errs[i];

		FUZZ_ASSERT(p->off + p->len <= n, "problem %zu %zu+%zu of %zu", i,
		    p->off, p->len, n);
		FUZZ_ASSERT(p->tag >= -1 && (p->tag == -1 || (size_t)p->tag < d->ntags),
		    "problem %zu tag %d", i, p->tag);
		FUZZ_ASSERT(p->err != ZL_DMARC_OK, "problem %zu without an error", i);
		FUZZ_ASSERT(zl_dmarc_strerror(p->err) != NULL &&
		    zl_dmarc_strerror(p->err)[0] != '\0', "problem %zu words", i);
	}
	FUZZ_ASSERT(d->pct == -1 || (d->pct >= 0 && d->pct <= 100), "pct %d", d->pct);
	FUZZ_ASSERT(d->p >= ZL_DMARC_POL_UNSET && d->p <= ZL_DMARC_POL_REJECT,
	    "p %d", d->p);
	if (d->rua_usable) {
		int any = 0;

		for (size_t i = 0; i < d->nuris; i++)
			if (d->uris[i].tag == ZL_DMARC_T_RUA && d->uris[i].usable)
				any = 1;
		FUZZ_ASSERT(any, "rua_usable without a usable rua URI");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct zl_dmarc d;
	size_t n1, ntags;
	enum zl_dmarc_start st;

	zl_dmarc_init(&d);
	n1 = zl_dmarc_parse(&d, s, size);
	FUZZ_ASSERT(n1 == d.nerrs, "returned %zu, holds %zu", n1, d.nerrs);
	check(&d, size);
	st = zl_dmarc_start(s, size);
	FUZZ_ASSERT(st == d.start, "zl_dmarc_start %d, parser %d", st, d.start);
	ntags = d.ntags;
	FUZZ_ASSERT(zl_dmarc_parse(&d, s, size) == n1 && d.ntags == ntags,
	    "second parse differs");
	check(&d, size);
	zl_dmarc_release(&d);
	for (size_t i = 0; i < size && i < 16; i++)
		(void)zl_dmarc_tag_find(s, i);
	return 0;
}
