/* SPDX-License-Identifier: MIT */
/* Fix planner: overlaps, identical insertions, all-or-nothing fixes, gaps kept. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"

static struct zl_diag *
add_diag(struct zl_diag_list *l, enum zl_rule_id id, uint32_t seq)
{
	struct zl_diag *d;

	l->v = zl_xgrow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	d = &l->v[l->n++];
	memset(d, 0, sizeof(*d));
	d->rule = id;
	d->seq = seq;
	d->message = zl_diag_list_intern(l, "m", 1);
	return d;
}

static char *
apply(struct zl_diag_list *l, const char *src, size_t *napplied)
{
	struct zl_buf out = ZL_BUF_INIT;

	*napplied = zl_fix_apply(src, strlen(src), l, ZL_FIX_SAFE, &out);
	return zl_buf_take(&out);
}

static void
test_non_overlapping_and_gaps(void **state)
{
	struct zl_diag_list l = { 0 };
	const char *src = "aaa bbb ccc\r\nddd\r\n";
	size_t n;
	char *r;

	(void)state;
	add_diag(&l, ZL_R_zone_syntax, 0)->fix = zl_fix_new(ZL_FIX_SAFE, "x");
	zl_fix_replace(l.v[0].fix, 0, 4, 7, "BBB");
	add_diag(&l, ZL_R_zone_syntax, 1)->fix = zl_fix_new(ZL_FIX_SAFE, "y");
	zl_fix_insert(l.v[1].fix, 0, 13, "new\r\n");
	r = apply(&l, src, &n);
	assert_int_equal(n, 2);
	assert_string_equal(r, "aaa BBB ccc\r\nnew\r\nddd\r\n");
	free(r);
	zl_diag_list_release(&l);
}

static void
test_overlap_first_wins_all_or_nothing(void **state)
{
	struct zl_diag_list l = { 0 };
	const char *src = "0123456789";
	size_t n;
	char *r;

	(void)state;
	/* fix A: [2,5) -> "A" ; fix B: [4,6) -> "B" and [8,9) -> "b" */
	add_diag(&l, ZL_R_zone_syntax, 0)->fix = zl_fix_new(ZL_FIX_SAFE, "a");
	zl_fix_replace(l.v[0].fix, 0, 2, 5, "A");
	add_diag(&l, ZL_R_zone_syntax, 1)->fix = zl_fix_new(ZL_FIX_SAFE, "b");
	zl_fix_replace(l.v[1].fix, 0, 8, 9, "b");
	zl_fix_replace(l.v[1].fix, 0, 4, 6, "B");
	r = apply(&l, src, &n);
	assert_int_equal(n, 1);
	assert_string_equal(r, "01A56789"); /* B's edit at 8 is not applied alone */
	free(r);
	zl_diag_list_release(&l);
}

static void
test_touching_ranges_and_insertions(void **state)
{
	struct zl_diag_list l = { 0 };
	const char *src = "abcdef";
	size_t n;
	char *r;

	(void)state;
	add_diag(&l, ZL_R_zone_syntax, 0)->fix = zl_fix_new(ZL_FIX_SAFE, "1");
	zl_fix_replace(l.v[0].fix, 0, 0, 3, "X");
	add_diag(&l, ZL_R_zone_syntax, 1)->fix = zl_fix_new(ZL_FIX_SAFE, "2");
	zl_fix_replace(l.v[1].fix, 0, 3, 6, "Y");   /* touches: fine */
	add_diag(&l, ZL_R_zone_syntax, 2)->fix = zl_fix_new(ZL_FIX_SAFE, "3");
	zl_fix_insert(l.v[2].fix, 0, 6, "!");
	add_diag(&l, ZL_R_zone_syntax, 3)->fix = zl_fix_new(ZL_FIX_SAFE, "4");
	zl_fix_insert(l.v[3].fix, 0, 6, "!");       /* identical: once */
	add_diag(&l, ZL_R_zone_syntax, 4)->fix = zl_fix_new(ZL_FIX_SAFE, "5");
	zl_fix_insert(l.v[4].fix, 0, 6, "?");       /* different: conflicts */
	r = apply(&l, src, &n);
	assert_string_equal(r, "XY!");
	assert_int_equal(n, 4);
	free(r);
	zl_diag_list_release(&l);
}

static void
test_unsafe_and_other_sources_skipped(void **state)
{
	struct zl_diag_list l = { 0 };
	const char *src = "abc";
	size_t n;
	char *r;

	(void)state;
	add_diag(&l, ZL_R_zone_syntax, 0)->fix = zl_fix_new(ZL_FIX_UNSAFE, "u");
	zl_fix_replace(l.v[0].fix, 0, 0, 1, "U");
	add_diag(&l, ZL_R_zone_syntax, 1)->fix = zl_fix_new(ZL_FIX_SAFE, "inc");
	zl_fix_replace(l.v[1].fix, 1, 0, 1, "I");   /* an $INCLUDEd file */
	add_diag(&l, ZL_R_zone_syntax, 2)->fix = zl_fix_new(ZL_FIX_SAFE, "oob");
	zl_fix_replace(l.v[2].fix, 0, 2, 9, "O");   /* past the end */
	r = apply(&l, src, &n);
	assert_int_equal(n, 0);
	assert_string_equal(r, "abc");
	free(r);
	zl_diag_list_release(&l);
}

static void
test_fix_loop_idempotent_and_keeps_crlf(void **state)
{
	const char *text =
	    "$ORIGIN example.com.\r\n$TTL 300\r\n"
	    "@ IN SOA ns1.example.com. h.example.com. 1 2 3 4 5\r\n"
	    "  IN NS ns1.example.com.\r\n"
	    "ns1 IN A 192.0.2.1 ; keep me\r\n"
	    "@ IN MX 10 mail.example.com\r\n";
	struct zl_test_run r;
	struct zl_fix_result res, res2;
	struct zl_load_opts lo;
	struct zl_zone *z2;
	struct zl_ctx c2;
	char *why = NULL;
	struct zl_config cfg;

	(void)state;
	memset(&lo, 0, sizeof(lo));
	zl_test_config_only(&cfg, ZL_FAM_ZONE);
	zl_test_run(&r, text, &cfg);
	assert_int_equal(zl_test_count(&r, ZL_R_zone_name_doubled_origin), 1);
	zl_fix_run(r.zone, &r.ctx.diags, &r.cfg, &lo, 0, &res);
	assert_int_equal(res.applied, 1);
	assert_true(res.converged);
	assert_non_null(strstr(res.fixed.data, "@ IN MX 10 mail.example.com.\r\n"));
	assert_non_null(strstr(res.fixed.data, "ns1 IN A 192.0.2.1 ; keep me\r\n"));
	/* fixing the fixed zone changes nothing */
	assert_int_equal(zl_lint(&z2, &c2, "t", res.fixed.data, res.fixed.len,
	    &r.cfg, &lo, &why), 0);
	zl_fix_run(z2, &c2.diags, &r.cfg, &lo, 0, &res2);
	assert_int_equal(res2.applied, 0);
	assert_int_equal(res2.fixed.len, res.fixed.len);
	assert_memory_equal(res2.fixed.data, res.fixed.data, res.fixed.len);
	zl_fix_result_release(&res2);
	zl_ctx_release(&c2);
	zl_zone_free(z2);
	zl_fix_result_release(&res);
	zl_test_run_free(&r);
}

/*
 * A pass that breaks the zone is thrown away and the bytes before it are
 * the result; a good pass is kept and the loop reloads until nothing
 * more applies.
 */
static void
test_fix_loop_revert_and_keep(void **state)
{
	const char *text = "$ORIGIN example.com.\n$TTL 300\n"
	    "@ IN SOA ns1.example.com. h.example.com. 1 2 3 4 5\n"
	    "  IN NS ns1.example.com.\n"
	    "ns1 IN A 192.0.2.1\n";
	uint32_t at = (uint32_t)(strstr(text, "192.0.2.1") - text);
	struct zl_test_run r;
	struct zl_fix_result res;
	struct zl_load_opts lo;
	struct zl_config cfg;
	struct zl_diag_list l = { 0 };

	(void)state;
	memset(&lo, 0, sizeof(lo));
	zl_test_config_only(&cfg, ZL_FAM_ZONE);
	zl_test_run(&r, text, &cfg);
	assert_int_equal(r.ctx.diags.n, 0);
	add_diag(&l, ZL_R_txt_string_too_long, 0)->fix = zl_fix_new(ZL_FIX_SAFE, "bad");
	zl_fix_replace(l.v[0].fix, 0, at, at + 9, "999.1.1.1");
	zl_fix_run(r.zone, &l, &r.cfg, &lo, 0, &res);
	assert_true(res.reverted);
	assert_non_null(res.reverted_why);
	assert_int_equal(res.applied, 0);
	assert_int_equal(res.fixed.len, strlen(text));
	assert_memory_equal(res.fixed.data, text, res.fixed.len);
	zl_fix_result_release(&res);
	zl_diag_list_release(&l);

	add_diag(&l, ZL_R_txt_string_too_long, 0)->fix = zl_fix_new(ZL_FIX_SAFE, "good");
	zl_fix_replace(l.v[0].fix, 0, at, at + 9, "192.0.2.7");
	zl_fix_run(r.zone, &l, &r.cfg, &lo, 0, &res);
	assert_false(res.reverted);
	assert_true(res.converged);
	assert_int_equal(res.applied, 1);
	assert_int_equal(res.passes, 2);
	assert_non_null(strstr(res.fixed.data, "ns1 IN A 192.0.2.7\n"));
	assert_int_equal(res.fixed.len, strlen(text));
	zl_fix_result_release(&res);
	zl_diag_list_release(&l);
	zl_test_run_free(&r);
}

static void
test_serial_bump(void **state)
{
	struct zl_zone *z;
	struct zl_buf out = ZL_BUF_INIT;
	const char *t1 = "$ORIGIN example.com.\n@ 300 IN SOA ns. h. ( 2026010101 2 3 4 5 )\n";
	const char *t2 = "$ORIGIN example.com.\n@ 300 IN SOA ns. h. ( 2026112903 2 3 4 5 )\n";
	const char *t3 = "$ORIGIN example.com.\n@ 300 IN SOA ns. h. 41 2 3 4 5\n";
	const char *t4 = "$ORIGIN example.com.\n@ 300 IN TYPE6 \\# 22 00 00 "
	    "0000000000000000000000000000000000000000\n";

	(void)state;
	z = zl_test_zone(t1);
	assert_int_equal(zl_serial_bump(z, t1, strlen(t1), &out, 20261129ul), 0);
	assert_non_null(strstr(out.data, "( 2026112900 2"));
	zl_zone_free(z);
	zl_buf_reset(&out);
	z = zl_test_zone(t2);
	assert_int_equal(zl_serial_bump(z, t2, strlen(t2), &out, 20261129ul), 0);
	assert_non_null(strstr(out.data, "( 2026112904 2"));
	zl_zone_free(z);
	zl_buf_reset(&out);
	z = zl_test_zone(t3);
	assert_int_equal(zl_serial_bump(z, t3, strlen(t3), &out, 20261129ul), 0);
	assert_non_null(strstr(out.data, "SOA ns. h. 42 2"));
	zl_zone_free(z);
	/* an SOA in RFC 3597 form keeps its serial: it is inside the hex */
	zl_buf_reset(&out);
	z = zl_test_zone(t4);
	assert_int_equal(z->nerrs, 0);
	assert_int_equal(zl_serial_bump(z, t4, strlen(t4), &out, 20261129ul), -1);
	assert_int_equal(out.len, 0);
	zl_zone_free(z);
	zl_buf_release(&out);
}

/* Interned messages: one copy per text, whatever the number or length. */
static void
test_message_intern(void **state)
{
	struct zl_diag_list l = { 0 };
	const char *a, *b, *big;
	char t[32], *huge = zl_xmalloc(200000);
	const char **v = zl_xcalloc(20000, sizeof(*v));

	(void)state;
	a = zl_diag_list_intern(&l, "same text", 9);
	b = zl_diag_list_intern(&l, "same text and more", 9);
	assert_ptr_equal(a, b);
	assert_string_equal(a, "same text");
	assert_ptr_not_equal(a, zl_diag_list_intern(&l, "same tex", 8));
	for (int i = 0; i < 20000; i++) {
		int n = snprintf(t, sizeof(t), "message %d", i);

		v[i] = zl_diag_list_intern(&l, t, (size_t)n);
	}
	memset(huge, 'x', 199999);
	huge[199999] = '\0';
	big = zl_diag_list_intern(&l, huge, 199999);
	assert_int_equal(strlen(big), 199999);
	for (int i = 0; i < 20000; i++) {
		int n = snprintf(t, sizeof(t), "message %d", i);

		assert_ptr_equal(zl_diag_list_intern(&l, t, (size_t)n), v[i]);
		assert_string_equal(v[i], t);
	}
	assert_ptr_equal(zl_diag_list_intern(&l, huge, 199999), big);
	assert_string_equal(a, "same text");
	free(huge);
	free(v);
	zl_diag_list_release(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_intern),
		cmocka_unit_test(test_non_overlapping_and_gaps),
		cmocka_unit_test(test_overlap_first_wins_all_or_nothing),
		cmocka_unit_test(test_touching_ranges_and_insertions),
		cmocka_unit_test(test_unsafe_and_other_sources_skipped),
		cmocka_unit_test(test_fix_loop_idempotent_and_keeps_crlf),
		cmocka_unit_test(test_fix_loop_revert_and_keep),
		cmocka_unit_test(test_serial_bump),
	};

	return cmocka_run_group_tests_name("fix", tests, NULL, NULL);
}
