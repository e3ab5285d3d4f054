/* SPDX-License-Identifier: MIT */
/*
 * Tag-list lexer (tagval.c): offsets, trimming, the final ';', white space
 * after it, and every per-tag error, in DKIM (FWS) and DMARC (WSP) modes.
 */
#include "util.h"

#include <string.h>

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
	};

	return cmocka_run_group_tests_name("tagval", tests, NULL, NULL);
}
