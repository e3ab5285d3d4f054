/* SPDX-License-Identifier: MIT */
/*
 * TXT decoding: zl_txt_peek() must agree with zl_txt_decode() whenever it
 * answers, on hand-made entries and on every TXT record of the zones under
 * testdata/ and ../shared/corpus/zones/ (when that folder exists).
 */
#include "util.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "txt.h"
#include "zone.h"

#define SOA "@ 3600 IN SOA ns.example.com. host.example.com. 1 2 3 4 5\n"

static size_t checked, answered;

/* Every TXT record of z: peek (at several lengths) against decode. */
static void
agree(const struct zl_zone *z, const char *where)
{
	struct zl_txt t;
	static const size_t lens[] = { 0, 1, 6, 8, 9, 16, 300, 5000 };

	zl_txt_init(&t);
	for (size_t i = 0; i < z->nrecs; i++) {
		const struct zl_record *rec = &z->recs[i];
		int drc;

		if (rec->type != 16 && rec->type != 99)
			continue;
		drc = zl_txt_decode(&t, z, rec);
		for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
			char out[5000];
			int n = zl_txt_peek(z, rec, out, lens[k]);

			checked++;
			if (n == -2)
				continue;
			if (drc != 0) {
				if (n != -1)
					fail_msg("%s: record %zu: peek %d, decode %d",
					    where, i, n, drc);
				continue;
			}
			answered++;
			if (n < 0 || (size_t)n > lens[k] ||
			    (size_t)n != (t.len < lens[k] ? t.len : lens[k]) ||
			    memcmp(out, t.val, (size_t)n) != 0)
				fail_msg("%s: record %zu: peek(%zu) gave %d bytes '%.*s', decode '%.*s'",
				    where, i, lens[k], n, n > 0 ? n : 0, out,
				    (int)(t.len < 80 ? t.len : 80), t.val);
		}
	}
	zl_txt_release(&t);
}

static int
peek_first(const char *text, char *out, size_t n)
{
	struct zl_zone *z = zl_test_zone(text);
	int rc = -3;

	assert_non_null(z);
	for (size_t i = 0; i < z->nrecs; i++)
		if (z->recs[i].type == 16) {
			rc = zl_txt_peek(z, &z->recs[i], out, n);
			break;
		}
	agree(z, "inline");
	zl_zone_free(z);
	return rc;
}

static void
test_plain(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(peek_first(SOA "@ TXT \"v=spf1 -all\"\n", out, 6), 6);
	assert_memory_equal(out, "v=spf1", 6);
	/* shorter than asked: the whole value */
	assert_int_equal(peek_first(SOA "@ TXT \"v=s\"\n", out, 6), 3);
	/* strings are joined with nothing between them */
	assert_int_equal(peek_first(SOA "@ TXT \"v=\" \"sp\" f1\n", out, 6), 6);
	assert_memory_equal(out, "v=spf1", 6);
	/* blank owner, TTL and class in either order, parentheses, comments */
	assert_int_equal(peek_first(SOA "a 300 IN A 192.0.2.1\n"
	    "   IN 300 TXT ( ; key\n \"v=DKIM1; \" ; more\n \"p=AB\" )\n",
	    out, 20), 13);
	assert_memory_equal(out, "v=DKIM1; p=AB", 13);
	assert_int_equal(peek_first(SOA "b TXT(\"v=DMARC1\")\n", out, 8), 8);
	assert_memory_equal(out, "v=DMARC1", 8);
	/* CRLF */
	assert_int_equal(peek_first(SOA "c TXT \"x\"\r\n", out, 8), 1);
	/* an empty string */
	assert_int_equal(peek_first(SOA "d TXT \"\"\n", out, 8), 0);
}

static void
test_fallback(void **state)
{
	char out[64];

	(void)state;
	/* escapes, odd quoting: the caller decodes */
	assert_int_equal(peek_first(SOA "@ TXT \"v=spf1\\032-all\"\n", out, 8), -2);
	assert_int_equal(peek_first(SOA "@ TXT v\\=spf1\n", out, 8), -2);
	assert_int_equal(peek_first(SOA "@ TXT \"a\"\"b\"\n", out, 8), -2);
	assert_int_equal(peek_first(SOA "@ TXT \"a\"b\n", out, 8), -2);
	/* but an escape after the bytes asked for does not matter */
	assert_int_equal(peek_first(SOA "@ TXT \"v=spf1 a:x\\.y\"\n", out, 6), 6);
	/* RFC 3597 RDATA is not decoded at all */
	assert_int_equal(peek_first(SOA "@ TXT \\# 2 0161\n", out, 8), -1);
}

static int
visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	struct zl_zone *z = NULL;
	struct zl_load_opts lo;
	char *why = NULL;
	size_t n = strlen(path);

	(void)ftw;
	if (type != FTW_F || sb->st_size > (50 << 20))
		return 0;
	if (!(n > 5 && strcmp(path + n - 5, ".zone") == 0) &&
	    strstr(path, "/db.") == NULL && !(n > 3 && strcmp(path + n - 3, ".db") == 0))
		return 0;
	memset(&lo, 0, sizeof(lo));
	lo.origin = "example.com.";
	if (zl_zone_load(&z, path, &lo, &why) == 0) {
		agree(z, path);
		zl_zone_free(z);
	}
	free(why);
	return 0;
}

static void
test_zone_files(void **state)
{
	size_t before;

	(void)state;
	checked = answered = 0;
	nftw("testdata", visit, 16, FTW_PHYS);
	assert_true(answered > 100);
	before = checked;
	if (nftw("../shared/corpus/zones", visit, 16, FTW_PHYS) != 0)
		print_message("skipped: ../shared/corpus/zones is not here\n");
	else
		assert_true(checked > before);
	print_message("peek checked %zu times, answered %zu\n", checked,
	    answered);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_zone_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
