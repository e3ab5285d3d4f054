/* SPDX-License-Identifier: MIT */
/*
 * Tag-list lexer (tagval.c): offsets, trimming, the final ';', white space
 * after it, and every per-tag error, in DKIM (FWS) and DMARC (WSP) modes.
 */
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tagval.h"

static void
parse(struct zl_taglist *l, const char *s, enum zl_tag_ws ws)
{
	zl_taglist_parse(l, s, strlen(s), ws);
}

static void
name_is(const char *s, const struct zl_tag *t, const char *want)
{
	assert_int_equal(t->name_len, strlen(want));
	assert_memory_equal(s + t->name_off, want, strlen(want));
}

static void
val_is(const char *s, const struct zl_tag *t, const char *want)
{
	assert_int_equal(t->val_len, strlen(want));
	if (t->val_len)
		assert_memory_equal(s + t->val_off, want, strlen(want));
}

static void
test_basic(void **state)
{
	const char *s = "v=DKIM1; k = rsa ;p=MIIB==";
	struct zl_taglist l = { 0 };

	(void)state;
	parse(&l, s, ZL_TAG_FWS);
	assert_int_equal(l.n, 3);
	name_is(s, &l.v[0], "v");
	val_is(s, &l.v[0], "DKIM1");
	name_is(s, &l.v[1], "k");
	val_is(s, &l.v[1], "rsa");
	/* '=' inside a value belongs to the value */
	name_is(s, &l.v[2], "p");
	val_is(s, &l.v[2], "MIIB==");
	for (size_t i = 0; i < l.n; i++)
		assert_int_equal(l.v[i].err, ZL_TAG_OK);
	/* the spec spans include the white space around the tag */
	assert_int_equal(l.v[1].spec_off, 8);
	assert_int_equal(l.v[1].spec_len, strlen(" k = rsa "));
	assert_false(l.trailing_semicolon);
	assert_false(l.trailing_space);
	zl_taglist_release(&l);
}

static void
test_final_semicolon(void **state)
{
	struct zl_taglist l = { 0 };

	(void)state;
	parse(&l, "v=DKIM1; p=;", ZL_TAG_FWS);
	assert_int_equal(l.n, 2);
	assert_true(l.trailing_semicolon);
	assert_false(l.trailing_space);
	val_is("v=DKIM1; p=;", &l.v[1], "");
	parse(&l, "v=DKIM1; p=; ", ZL_TAG_FWS);
	assert_int_equal(l.n, 2);
	assert_true(l.trailing_semicolon);
	assert_true(l.trailing_space);
	/* white space before the final ';' is not white space after it */
	parse(&l, "v=DKIM1; p= ;", ZL_TAG_FWS);
	assert_int_equal(l.n, 2);
	assert_true(l.trailing_semicolon);
	assert_false(l.trailing_space);
	/* a value ending in white space, no ';' */
	parse(&l, "v=DKIM1; p= ", ZL_TAG_FWS);
	assert_int_equal(l.n, 2);
	assert_false(l.trailing_semicolon);
	zl_taglist_release(&l);
}

static void
test_errors(void **state)
{
	struct zl_taglist l = { 0 };
	const char *s;

	(void)state;
	parse(&l, "k=rsa; t; p=x", ZL_TAG_FWS);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[1].err, ZL_TAG_NO_EQUALS);
	name_is("k=rsa; t; p=x", &l.v[1], "t");
	assert_int_equal(l.v[2].err, ZL_TAG_OK);

	parse(&l, "=x; p=y", ZL_TAG_FWS);
	assert_int_equal(l.v[0].err, ZL_TAG_EMPTY_NAME);

	parse(&l, "a=1;;b=2", ZL_TAG_FWS);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[1].err, ZL_TAG_EMPTY_SPEC);
	assert_int_equal(l.v[2].err, ZL_TAG_OK);

	parse(&l, "a=1; \t ;b=2", ZL_TAG_FWS);
	assert_int_equal(l.v[1].err, ZL_TAG_EMPTY_SPEC);

	s = "p x=1";
	parse(&l, s, ZL_TAG_FWS);
	assert_int_equal(l.v[0].err, ZL_TAG_SPACE_IN_NAME);

	parse(&l, "1a=b", ZL_TAG_FWS);
	assert_int_equal(l.v[0].err, ZL_TAG_BAD_NAME);
	parse(&l, "a-b=c", ZL_TAG_FWS);
	assert_int_equal(l.v[0].err, ZL_TAG_BAD_NAME);
	parse(&l, "a_1=c", ZL_TAG_FWS);
	assert_int_equal(l.v[0].err, ZL_TAG_OK);

	/* "v=DKIM1: g=*" is one tag whose value holds the colon */
	s = "v=DKIM1: g=*; k=rsa";
	parse(&l, s, ZL_TAG_FWS);
	assert_int_equal(l.n, 2);
	val_is(s, &l.v[0], "DKIM1: g=*");
	for (int e = ZL_TAG_OK; e <= ZL_TAG_SPACE_IN_NAME; e++)
		assert_non_null(zl_tag_strerror((enum zl_tag_err)e));
	zl_taglist_release(&l);
}

static void
test_empty_and_blank(void **state)
{
	struct zl_taglist l = { 0 };

	(void)state;
	parse(&l, "", ZL_TAG_FWS);
	assert_int_equal(l.n, 0);
	assert_false(l.trailing_semicolon);
	parse(&l, "  \t", ZL_TAG_FWS);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].err, ZL_TAG_EMPTY_SPEC);
	parse(&l, ";", ZL_TAG_FWS);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].err, ZL_TAG_EMPTY_SPEC);
	zl_taglist_release(&l);
}

static void
test_fws_vs_wsp(void **state)
{
	const char *s = "h\r\n =\r\n sha256;\r\n p=abc";
	struct zl_taglist l = { 0 };

	(void)state;
	/* DKIM: CR LF fold like white space */
	parse(&l, s, ZL_TAG_FWS);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].err, ZL_TAG_OK);
	name_is(s, &l.v[0], "h");
	val_is(s, &l.v[0], "sha256");
	name_is(s, &l.v[1], "p");
	/* DMARC: only SP and HTAB; a line break is part of the name */
	parse(&l, s, ZL_TAG_WSP);
	assert_int_equal(l.v[0].err, ZL_TAG_BAD_NAME);
	zl_taglist_release(&l);
}

/* Every offset stays inside the input, whatever the input. */
static void
test_offsets_in_bounds(void **state)
{
	static const char alpha[] = "ab=; \t\r\n=;x";
	char buf[24];
	unsigned long seed = 12345;
	struct zl_taglist l = { 0 };

	(void)state;
	for (int it = 0; it < 20000; it++) {
		size_t n = (size_t)(it % 23);

		for (size_t i = 0; i < n; i++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			buf[i] = alpha[(seed >> 33) % (sizeof(alpha) - 1)];
		}
		zl_taglist_parse(&l, buf, n, (it & 1) ? ZL_TAG_FWS : ZL_TAG_WSP);
		for (size_t i = 0; i < l.n; i++) {
			const struct zl_tag *t = &l.v[i];

			assert_true(t->spec_off + t->spec_len <= n);
			assert_true(t->name_off + t->name_len <= n);
			assert_true(t->val_off + t->val_len <= n);
			if (t->err == ZL_TAG_OK)
				assert_true(t->name_len > 0);
		}
	}
	zl_taglist_release(&l);
}

/* ---- the lexer as it was first written, to compare against */

static void *
ref_grow(void *v, size_t sz, size_t need, size_t *cap)
{
	if (need > *cap) {
		*cap = need * 2;
		v = realloc(v, *cap * sz);
		assert_non_null(v);
	}
	return v;
}

static int
ref_is_ws(char c, enum zl_tag_ws ws)
{
	return c == ' ' || c == '\t' ||
	    (ws == ZL_TAG_FWS && (c == '\r' || c == '\n'));
}

static int
ref_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
ref_is_alnum_(char c)
{
	return ref_is_alpha(c) || (c >= '0' && c <= '9') || c == '_';
}

static void
ref_taglist_parse(struct zl_taglist *l, const char *s, size_t n,
    enum zl_tag_ws ws)
{
	size_t p = 0;

	l->n = 0;
	l->trailing_semicolon = 0;
	l->trailing_space = 0;
	while (p <= n) {
		const char *semi = p < n ? memchr(s + p, ';', n - p) : NULL;
		size_t e = semi ? (size_t)(semi - s) : n;
		size_t a = p, b = e, eq;
		struct zl_tag *t;
		const char *q;

		while (a < b && ref_is_ws(s[a], ws))
			a++;
		while (b > a && ref_is_ws(s[b - 1], ws))
			b--;
		if (a == b) {
			if (semi == NULL) {
				/* end of the list: empty after a final ';' is fine */
				if (l->n > 0 && p > 0) {
					l->trailing_semicolon = 1;
					l->trailing_space = e > p;
				} else if (l->n == 0 && n > 0 && p == 0) {
					/* all white space */
					l->v = ref_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
					t = &l->v[l->n++];
					memset(t, 0, sizeof(*t));
					t->spec_off = p;
					t->spec_len = e - p;
					t->err = ZL_TAG_EMPTY_SPEC;
				}
				break;
			}
			l->v = ref_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
			t = &l->v[l->n++];
			memset(t, 0, sizeof(*t));
			t->spec_off = p;
			t->spec_len = e - p;
			t->name_off = a;
			t->val_off = a;
			t->err = ZL_TAG_EMPTY_SPEC;
			p = e + 1;
			continue;
		}
		l->v = ref_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
		t = &l->v[l->n++];
		memset(t, 0, sizeof(*t));
		t->spec_off = p;
		t->spec_len = e - p;
		q = memchr(s + a, '=', b - a);
		if (q == NULL) {
			t->name_off = a;
			t->name_len = b - a;
			t->val_off = b;
			t->err = ZL_TAG_NO_EQUALS;
		} else {
			size_t na = a, nb;

			eq = (size_t)(q - s);
			nb = eq;
			while (nb > na && ref_is_ws(s[nb - 1], ws))
				nb--;
			t->name_off = na;
			t->name_len = nb - na;
			a = eq + 1;
			while (a < b && ref_is_ws(s[a], ws))
				a++;
			t->val_off = a;
			t->val_len = b - a;
			if (t->name_len == 0) {
				t->err = ZL_TAG_EMPTY_NAME;
			} else {
				for (size_t i = na; i < nb; i++)
					if (ref_is_ws(s[i], ws)) {
						t->err = ZL_TAG_SPACE_IN_NAME;
						break;
					}
				if (t->err == ZL_TAG_OK) {
					if (!ref_is_alpha(s[na]))
						t->err = ZL_TAG_BAD_NAME;
					for (size_t i = na + 1; i < nb && !t->err; i++)
						if (!ref_is_alnum_(s[i]))
							t->err = ZL_TAG_BAD_NAME;
				}
			}
		}
		if (semi == NULL)
			break;
		p = e + 1;
		if (p == n) {
			l->trailing_semicolon = 1;
			break;
		}
	}
}

/* Random tag-lists, both modes: every field as the first lexer had it. */
static void
test_same_as_reference(void **state)
{
	static const char *bits[] = {
		"v", "p", "k", "rua", "x_1", "1a", "=", "=", ";", ";", ";", " ",
		"\t", "\r", "\n", "\r\n ", "DKIM1", "MIIB", "a b", "", "==",
		"mailto:x@example.com", "\xc3\xa9", "_", "  ;  ",
	};
	struct zl_taglist a = { 0 }, b = { 0 };
	struct zl_buf s = ZL_BUF_INIT;
	unsigned long seed = 5;

	(void)state;
	for (int it = 0; it < 100000; it++) {
		enum zl_tag_ws ws = it % 2 ? ZL_TAG_FWS : ZL_TAG_WSP;
		size_t np;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		np = (seed >> 33) % 14;
		zl_buf_reset(&s);
		for (size_t i = 0; i < np; i++) {
			seed = seed * 6364136223846793005UL +
			    1442695040888963407UL;
			zl_buf_adds(&s, bits[(seed >> 35) %
			    (sizeof(bits) / sizeof(bits[0]))]);
		}
		zl_buf_reserve(&s, 0);
		zl_taglist_parse(&a, s.data, s.len, ws);
		ref_taglist_parse(&b, s.data, s.len, ws);
		assert_int_equal(a.n, b.n);
		assert_int_equal(a.trailing_semicolon, b.trailing_semicolon);
		assert_int_equal(a.trailing_space, b.trailing_space);
		for (size_t i = 0; i < a.n; i++) {
			const struct zl_tag *x = &a.v[i], *y = &b.v[i];

			assert_int_equal(x->spec_off, y->spec_off);
			assert_int_equal(x->spec_len, y->spec_len);
			assert_int_equal(x->name_off, y->name_off);
			assert_int_equal(x->name_len, y->name_len);
			assert_int_equal(x->val_off, y->val_off);
			assert_int_equal(x->val_len, y->val_len);
			assert_int_equal(x->err, y->err);
		}
	}
	zl_taglist_release(&a);
	free(b.v);
	zl_buf_release(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_final_semicolon),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_empty_and_blank),
		cmocka_unit_test(test_fws_vs_wsp),
		cmocka_unit_test(test_offsets_in_bounds),
		cmocka_unit_test(test_same_as_reference),
	};

	return cmocka_run_group_tests_name("tagval", tests, NULL, NULL);
}
