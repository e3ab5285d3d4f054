/* SPDX-License-Identifier: MIT */
/* Diff writer: headers by git's rules, context, merged hunks, EOF, CRLF. */
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "diff.h"

static char *
diff(const char *a, const char *b)
{
	struct zl_buf out = ZL_BUF_INIT;

	zl_diff_write(&out, "z.db", a, strlen(a), b, strlen(b));
	return zl_buf_take(&out);
}

static void
test_equal_is_empty(void **state)
{
	char *d = diff("a\nb\n", "a\nb\n");

	(void)state;
	assert_string_equal(d, "");
	free(d);
}

static void
test_one_change_with_context(void **state)
{
	char *d = diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nX\n6\n7\n8\n9\n");

	(void)state;
	assert_string_equal(d,
	    "--- a/z.db\n+++ b/z.db\n"
	    "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n");
	free(d);
}

static void
test_counts_of_one_and_zero(void **state)
{
	char *d = diff("a\n", "b\n");
	char *e = diff("a\n", "a\nb\n");
	char *f = diff("", "x\n");

	(void)state;
	assert_string_equal(d, "--- a/z.db\n+++ b/z.db\n@@ -1 +1 @@\n-a\n+b\n");
	assert_string_equal(e, "--- a/z.db\n+++ b/z.db\n@@ -1 +1,2 @@\n a\n+b\n");
	/* git: an empty old side is "-0,0" */
	assert_string_equal(f, "--- a/z.db\n+++ b/z.db\n@@ -0,0 +1 @@\n+x\n");
	free(d);
	free(e);
	free(f);
}

static void
test_hunks_merge_or_split(void **state)
{
	const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n";
	char *near = diff(a, "1\nX\n3\n4\n5\n6\n7\n8\nY\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n");
	char *far = diff(a, "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\nY\n20\n");

	(void)state;
	/* 6 unchanged lines between two changes: one hunk */
	assert_non_null(strstr(near, "@@ -1,12 +1,12 @@\n"));
	assert_null(strstr(strstr(near, "@@") + 2, "@@ -"));
	/* far apart: two hunks */
	assert_non_null(strstr(far, "@@ -1,5 +1,5 @@\n"));
	assert_non_null(strstr(far, "@@ -16,5 +16,5 @@\n"));
	free(near);
	free(far);
}

static void
test_no_newline_and_crlf(void **state)
{
	char *d = diff("a\r\nb", "a\r\nc");

	(void)state;
	assert_string_equal(d, "--- a/z.db\n+++ b/z.db\n@@ -1,2 +1,2 @@\n a\r\n-b\n"
	    "\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
	free(d);
}

static void
test_insert_and_delete_lines(void **state)
{
	char *d = diff("a\nb\nc\nd\n", "a\nc\nd\nnew\n");

	(void)state;
	assert_string_equal(d, "--- a/z.db\n+++ b/z.db\n@@ -1,4 +1,4 @@\n a\n-b\n c\n d\n+new\n");
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_is_empty),
		cmocka_unit_test(test_one_change_with_context),
		cmocka_unit_test(test_counts_of_one_and_zero),
		cmocka_unit_test(test_hunks_merge_or_split),
		cmocka_unit_test(test_no_newline_and_crlf),
		cmocka_unit_test(test_insert_and_delete_lines),
	};

	return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
