/* SPDX-License-Identifier: MIT */
/* Lexer: spans, escapes, parentheses, CRLF, comments, errors. */
#include "util.h"

#include <string.h>

#include "lexer.h"

static void
lex1(const char *s, struct zl_entry *e)
{
	struct zl_lexer lx;

	zl_lexer_init(&lx, s, strlen(s), 0);
	assert_int_equal(zl_lex_entry(&lx, e), 1);
}

static void
tok_is(const char *s, const struct zl_token *t, const char *want, int kind)
{
	assert_int_equal(t->kind, kind);
	assert_int_equal(t->end - t->start, strlen(want));
	assert_memory_equal(s + t->start, want, strlen(want));
}

static void
test_words_and_spans(void **state)
{
	const char *s = "www  IN A 192.0.2.1 ; comment\nnext IN A 1.2.3.4\n";
	struct zl_entry e = { 0 };

	(void)state;
	lex1(s, &e);
	assert_int_equal(e.ntoks, 4);
	tok_is(s, &e.toks[0], "www", ZL_TOK_WORD);
	tok_is(s, &e.toks[3], "192.0.2.1", ZL_TOK_WORD);
	assert_int_equal(e.start, 0);
	assert_int_equal(e.end, strchr(s, '\n') - s);
	assert_int_equal(e.ncomments, 1);
	assert_false(e.blank_owner);
	assert_null(e.err);
	zl_entry_release(&e);
}

static void
test_quoted_and_escapes(void **state)
{
	const char *s = "t TXT \"a;b\\\"c\" w\\ x \"\\065\"\n";
	struct zl_entry e = { 0 };

	(void)state;
	lex1(s, &e);
	assert_int_equal(e.ntoks, 5);
	tok_is(s, &e.toks[2], "\"a;b\\\"c\"", ZL_TOK_QUOTED);
	assert_true(e.toks[2].flags & ZL_TOKF_ESCAPE);
	tok_is(s, &e.toks[3], "w\\ x", ZL_TOK_WORD);
	assert_int_equal(e.ncomments, 0);
	zl_entry_release(&e);
}

static void
test_parentheses_multiline(void **state)
{
	const char *s = "@ SOA ns. h. ( 1 ; serial\n 2 3\n 4 5 )\nx A 1.1.1.1\n";
	struct zl_entry e = { 0 };
	struct zl_lexer lx;

	(void)state;
	zl_lexer_init(&lx, s, strlen(s), 0);
	assert_int_equal(zl_lex_entry(&lx, &e), 1);
	assert_int_equal(e.ntoks, 9);
	assert_int_equal(e.nlines, 3);
	assert_true(e.toks[5].flags & ZL_TOKF_PAREN);
	assert_null(e.err);
	assert_int_equal(zl_lex_entry(&lx, &e), 1);
	tok_is(s, &e.toks[0], "x", ZL_TOK_WORD);
	zl_entry_release(&e);
}

static void
test_crlf(void **state)
{
	const char *s = "a A 1.2.3.4\r\nb A 5.6.7.8\r\n";
	struct zl_entry e = { 0 };
	struct zl_lexer lx;

	(void)state;
	zl_lexer_init(&lx, s, strlen(s), 0);
	assert_int_equal(zl_lex_entry(&lx, &e), 1);
	tok_is(s, &e.toks[2], "1.2.3.4", ZL_TOK_WORD);
	assert_int_equal(e.end, 11); /* CR not in the span */
	assert_int_equal(zl_lex_entry(&lx, &e), 1);
	assert_int_equal(e.start, 13);
	assert_int_equal(zl_lex_entry(&lx, &e), 0);
	zl_entry_release(&e);
}

static void
test_blank_owner_and_errors(void **state)
{
	struct zl_entry e = { 0 };
	const char *s1 = "\tIN A 1.2.3.4\n";
	const char *s2 = "t TXT \"open\nnext A 1.2.3.4\n";
	const char *s3 = "t TXT ( \"a\"\nnext A 1.2.3.4\n";
	const char *s4 = "t A 1.2.3.4 )\n";
	struct zl_lexer lx;

	(void)state;
	lex1(s1, &e);
	assert_true(e.blank_owner);
	lex1(s2, &e);
	assert_non_null(e.err);
	assert_true(e.toks[2].flags & ZL_TOKF_UNTERMINATED);
	/* an unclosed '(' does not swallow the next entry */
	zl_lexer_init(&lx, s3, strlen(s3), 0);
	assert_int_equal(zl_lex_entry(&lx, &e), 1);
	assert_non_null(e.err);
	assert_int_equal(e.err_off, strchr(s3, '(') - s3);
	assert_int_equal(zl_lex_entry(&lx, &e), 1);
	tok_is(s3, &e.toks[0], "next", ZL_TOK_WORD);
	lex1(s4, &e);
	assert_non_null(e.err);
	zl_entry_release(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_spans),
		cmocka_unit_test(test_quoted_and_escapes),
		cmocka_unit_test(test_parentheses_multiline),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_blank_owner_and_errors),
	};

	return cmocka_run_group_tests_name("lexer", tests, NULL, NULL);
}
