/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the DKIM key-record parser and key decoder (dkim.h) and the
 * tag-list lexer under it (tagval.h). The input is used three ways: as a
 * joined TXT value (zl_dkim_parse and the helpers that sort values), as
 * base64 text, and as raw DER handed to the key decoder for each key type,
 * so the hand-written DER walk sees arbitrary bytes directly and not only
 * what survives base64. Invariants: every tag, problem and p= span lies
 * inside the value, problems have a message, a truncated key says how
 * much is missing, the decoded base64 is at most 3/4 of the characters.
 */
#include "fuzz.h"

#include "buf.h"
#include "dkim.h"
#include "tagval.h"

static void
check_tags(const struct zl_taglist *l, size_t n)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct zl_tag *t = &l->v[i];

		FUZZ_ASSERT(t->spec_off + t->spec_len <= n, "tag %zu spec %zu+%zu of %zu",
		    i, t->spec_off, t->spec_len, n);
		FUZZ_ASSERT(t->name_off + t->name_len <= n, "tag %zu name", i);
		FUZZ_ASSERT(t->val_off + t->val_len <= n, "tag %zu value", i);
		FUZZ_ASSERT(zl_tag_strerror(t->err) != NULL, "tag %zu error text", i);
	}
}

static void
check_key(const struct zl_dkim_keyinfo *ki, size_t n)
{
	FUZZ_ASSERT(memchr(ki->why, '\0', sizeof(ki->why)) != NULL,
	    "key reason not terminated");
	if (!ki->ok)
		FUZZ_ASSERT(ki->why[0] != '\0', "bad key without a reason");
	if (ki->truncated)
		FUZZ_ASSERT(ki->have < ki->need, "truncated, yet have %zu need %zu",
		    ki->have, ki->need);
	FUZZ_ASSERT(ki->bad_off <= n, "bad_off %zu of %zu", ki->bad_off, n);
	FUZZ_ASSERT(ki->bits >= 0, "negative key size %d", ki->bits);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct zl_dkim_rec r;
	struct zl_dkim_keyinfo ki;
	struct zl_buf b = ZL_BUF_INIT;
	struct zl_taglist tl = { NULL, 0, 0, 0, 0 };
	size_t bad = 0, nchars = 0;
	enum zl_b64_err be;

	zl_dkim_rec_init(&r);
	zl_dkim_parse(&r, s, size);
	check_tags(&r.tags, size);
	for (size_t i = 0; i < r.nprobs; i++) {
		const struct zl_dkim_problem *p = &r.probs[i];

		FUZZ_ASSERT(p->off + p->len <= size, "problem %zu [%s] %zu+%zu of %zu",
		    i, zl_rules[p->rule].id, p->off, p->len, size);
		FUZZ_ASSERT(p->msg != NULL && p->msg[0] != '\0', "problem %zu message", i);
	}
	if (r.p >= 0)
		FUZZ_ASSERT(r.p_off + r.p_len <= size, "p= %zu+%zu of %zu", r.p_off,
		    r.p_len, size);
	FUZZ_ASSERT(r.v < (int)r.tags.n && r.k < (int)r.tags.n &&
	    r.p < (int)r.tags.n && r.h < (int)r.tags.n && r.t < (int)r.tags.n,
	    "tag index beyond %zu tags", r.tags.n);
	/* r.key is filled only when p= held base64 to decode */
	if (r.p >= 0 && r.b64_ok && !r.revoked && r.ktype != ZL_DKIM_KUNKNOWN)
		check_key(&r.key, r.der.len);
	(void)zl_dkim_has_error(&r, ZL_R_dkim_key_invalid);
	/* the record is reused without release in between */
	zl_dkim_parse(&r, s, size);
	check_tags(&r.tags, size);
	zl_dkim_rec_release(&r);

	(void)zl_dkim_looks_like_key(s, size);
	(void)zl_dkim_is_b64_piece(s, size);
	zl_dkim_strip_ws(s, size, &b);
	FUZZ_ASSERT(b.len <= size, "strip_ws grew %zu to %zu", size, b.len);
	zl_buf_reset(&b);

	be = zl_dkim_b64_decode(s, size, &b, &bad, &nchars);
	FUZZ_ASSERT(nchars <= size && b.len <= nchars / 4 * 3,
	    "base64: %zu bytes from %zu characters", b.len, nchars);
	if (be != ZL_B64_OK)
		FUZZ_ASSERT(bad <= size, "base64 error at %zu of %zu", bad, size);

	for (int k = ZL_DKIM_RSA; k <= ZL_DKIM_KUNKNOWN; k++) {
		memset(&ki, 0, sizeof(ki));
		zl_dkim_key_decode((enum zl_dkim_ktype)k, data, size, &ki);
		check_key(&ki, size);
		if (k == ZL_DKIM_ED25519 && ki.ok)
			FUZZ_ASSERT(size == 32, "Ed25519 key of %zu bytes", size);
		/* and the bytes decoded from the input as base64 */
		memset(&ki, 0, sizeof(ki));
		zl_dkim_key_decode((enum zl_dkim_ktype)k,
		    (const unsigned char *)b.data, b.len, &ki);
		check_key(&ki, b.len);
	}
	zl_buf_release(&b);

	zl_taglist_parse(&tl, s, size, size & 1 ? ZL_TAG_WSP : ZL_TAG_FWS);
	check_tags(&tl, size);
	zl_taglist_release(&tl);
	return 0;
}
