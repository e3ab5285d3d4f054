/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the SPF parser (spf.h) on arbitrary bytes as one joined TXT
 * value: classification, the term parser, and the domain-spec validator.
 * Besides the sanitizers it checks that every term and every error lies
 * inside the value, that the all/redirect/exp indexes point at terms of
 * that kind, that a term's error index is valid, that messages are
 * terminated, and that parsing the same value twice into a reused record
 * gives the same terms (the parser must reset its record).
 */
#include "fuzz.h"

#include "spf.h"

static void
check_record(const struct zl_spf_record *r, size_t n)
{
	for (size_t i = 0; i < r->nterms; i++) {
		const struct zl_spf_term *t = &r->terms[i];

		FUZZ_ASSERT((size_t)t->off + t->len <= n, "term %zu %u+%u of %zu",
		    i, t->off, t->len, n);
		FUZZ_ASSERT(t->name_len <= t->len, "term %zu name %u of %u", i,
		    t->name_len, t->len);
		if (t->arg_len > 0)
			FUZZ_ASSERT(t->arg_off >= t->off &&
			    (size_t)t->arg_off + t->arg_len <= (size_t)t->off + t->len,
			    "term %zu argument %u+%u outside %u+%u", i, t->arg_off,
			    t->arg_len, t->off, t->len);
		FUZZ_ASSERT(t->err >= -1 && (t->err == -1 || (size_t)t->err < r->nerrs),
		    "term %zu error index %d of %zu", i, t->err, r->nerrs);
		FUZZ_ASSERT(t->qualifier == 0 || strchr("+-~?", t->qualifier),
		    "term %zu qualifier 0x%02x", i, (unsigned char)t->qualifier);
		FUZZ_ASSERT((t->cidr4 >= -1 && t->cidr4 <= 32) || t->err >= 0,
		    "term %zu cidr4 %d without an error", i, t->cidr4);
		FUZZ_ASSERT((t->cidr6 >= -1 && t->cidr6 <= 128) || t->err >= 0,
		    "term %zu cidr6 %d without an error", i, t->cidr6);
		FUZZ_ASSERT(zl_spf_kind_name(t->kind) != NULL, "term %zu kind", i);
	}
	for (size_t i = 0; i < r->nerrs; i++) {
		const struct zl_spf_error *e = &r->errs[i];

		FUZZ_ASSERT((size_t)e->off + e->len <= n, "error %zu %u+%u of %zu",
		    i, e->off, e->len, n);
		FUZZ_ASSERT(e->term >= -1 && (e->term == -1 || (size_t)e->term < r->nterms),
		    "error %zu term %d of %zu", i, e->term, r->nterms);
		FUZZ_ASSERT(memchr(e->msg, '\0', sizeof(e->msg)) != NULL,
		    "error %zu message not terminated", i);
		FUZZ_ASSERT(e->msg[0] != '\0', "error %zu has no message", i);
	}
	FUZZ_ASSERT(r->all == -1 || ((size_t)r->all < r->nterms &&
	    r->terms[r->all].kind == ZL_SPF_ALL), "all index %d", r->all);
	FUZZ_ASSERT(r->redirect == -1 || ((size_t)r->redirect < r->nterms &&
	    r->terms[r->redirect].kind == ZL_SPF_REDIRECT),
	    "redirect index %d", r->redirect);
	FUZZ_ASSERT(r->exp == -1 || ((size_t)r->exp < r->nterms &&
	    r->terms[r->exp].kind == ZL_SPF_EXP), "exp index %d", r->exp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v = (const char *)data;
	struct zl_spf_error why;
	struct zl_spf_record r;
	enum zl_spf_class c;
	size_t nerr, nterms;
	enum zl_spf_err code;
	char msg[640];
	int has_macro = 0;

	memset(&why, 0, sizeof(why));
	c = zl_spf_classify(v, size, &why);
	if (c == ZL_SPF_LOOKALIKE) {
		FUZZ_ASSERT((size_t)why.off + why.len <= size,
		    "look-alike error %u+%u of %zu", why.off, why.len, size);
		FUZZ_ASSERT(memchr(why.msg, '\0', sizeof(why.msg)) != NULL,
		    "look-alike message not terminated");
	}
	zl_spf_record_init(&r);
	/* every value goes through the parser, records or not */
	nerr = zl_spf_parse(&r, v, size);
	FUZZ_ASSERT(nerr == r.nerrs, "returned %zu, holds %zu", nerr, r.nerrs);
	check_record(&r, size);
	nterms = r.nterms;
	/* reuse without release: the same result */
	nerr = zl_spf_parse(&r, v, size);
	FUZZ_ASSERT(nerr == r.nerrs && nterms == r.nterms,
	    "second parse differs: %zu/%zu terms, %zu/%zu errors", nterms,
	    r.nterms, nerr, r.nerrs);
	check_record(&r, size);
	zl_spf_record_release(&r);

	if (zl_spf_check_domain_spec(v, size, &code, msg, sizeof(msg),
	    &has_macro) != 0)
		FUZZ_ASSERT(memchr(msg, '\0', sizeof(msg)) != NULL && msg[0] != '\0',
		    "domain-spec error without a message");
	/* a tiny message buffer must be cut, never overrun */
	memset(msg, 'x', sizeof(msg));
	if (zl_spf_check_domain_spec(v, size, &code, msg, 8, &has_macro) != 0)
		FUZZ_ASSERT(memchr(msg, '\0', 8) != NULL,
		    "short message not terminated");
	return 0;
}
