/* SPDX-License-Identifier: MIT */
/*
 * The strict JSON reader (json.c) and the per-file report it feeds
 * (report.c): what RFC 8259 allows is read, everything else refused with
 * line:column; a report written and read back is written the same.
 */
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "out.h"
#include "report.h"

static int
parse1(const char *s, struct zl_json *j, char **err)
{
	size_t pos = 0;

	return zl_json_parse(s, strlen(s), &pos, j, err);
}

static void
test_values(void **state)
{
	struct zl_json j;
	char *err = NULL;
	int64_t v;
	const struct zl_json *m;

	(void)state;
	assert_int_equal(parse1(" {\"a\": [1, -2.5e3, true, false, null], "
	    "\"b\": {\"c\": \"d\"}, \"n\": 9007199254740993} ", &j, &err), 1);
	assert_null(err);
	assert_int_equal(j.type, ZL_JSON_OBJECT);
	assert_int_equal(j.n, 3);
	m = zl_json_get(&j, "a");
	assert_non_null(m);
	assert_int_equal(m->type, ZL_JSON_ARRAY);
	assert_int_equal(m->n, 5);
	assert_int_equal(zl_json_int(&m->v[0], 0, 10, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(zl_json_int(&m->v[1], -10000, 10000, &v), -1); /* not whole */
	assert_int_equal(m->v[2].type, ZL_JSON_TRUE);
	assert_int_equal(m->v[4].type, ZL_JSON_NULL);
	assert_string_equal(zl_json_get(zl_json_get(&j, "b"), "c")->str, "d");
	assert_int_equal(zl_json_int(zl_json_get(&j, "n"), 0, INT64_MAX, &v), 0);
	assert_true(v == 9007199254740993LL);
	assert_null(zl_json_get(&j, "zz"));
	zl_json_release(&j);
}

static void
test_strings(void **state)
{
	struct zl_json j;
	char *err = NULL;

	(void)state;
	/* escapes, a surrogate pair, raw UTF-8, \u0000 inside */
	assert_int_equal(parse1("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"
	    "\xc3\xa9\\u0000z\"", &j, &err), 1);
	assert_int_equal(j.type, ZL_JSON_STRING);
	assert_int_equal(j.len, 19);
	assert_memory_equal(j.str, "a\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80"
	    "\xc3\xa9\0z", 19);
	zl_json_release(&j);
	assert_int_equal(parse1("\"\"", &j, &err), 1);
	assert_int_equal(j.len, 0);
	assert_string_equal(j.str, "");
	zl_json_release(&j);
}

static void
refused(const char *s, const char *where, const char *what)
{
	struct zl_json j;
	char *err = NULL;

	assert_int_equal(parse1(s, &j, &err), -1);
	assert_non_null(err);
	if (strncmp(err, where, strlen(where)) != 0 || strstr(err, what) == NULL)
		fail_msg("'%s': got '%s', want '%s ... %s'", s, err, where, what);
	free(err);
}

static void
test_refused(void **state)
{
	(void)state;
	refused("[1, 2,]", "1:7:", "trailing comma");
	refused("{\"a\": 1,}", "1:9:", "trailing comma");
	refused("{\"a\": 1, \"a\": 2}", "1:", "duplicate");
	refused("{'a': 1}", "1:2:", "member name");
	refused("[01]", "1:2:", "leading zero");
	refused("[1.]", "1:2:", "digits must follow");
	refused("[.5]", "1:2:", "not a JSON value");
	refused("// c\n1", "1:1:", "not a JSON value");
	refused("\"a\nb\"", "1:3:", "control character");
	refused("\"\\x41\"", "1:2:", "unknown escape");
	refused("\"\\ud800\"", "1:2:", "surrogate");
	refused("\"\\udc00\"", "1:2:", "surrogate");
	refused("\"\xff\"", "1:2:", "invalid UTF-8");
	refused("\"\xc0\xaf\"", "1:2:", "invalid UTF-8");    /* overlong '/' */
	refused("\"\xed\xa0\x80\"", "1:2:", "invalid UTF-8"); /* a surrogate */
	refused("[1, 2", "1:6:", "expected ','");
	refused("\n\n  tru", "3:3:", "not a JSON value");
	refused("\"abc", "1:5:", "unterminated");
	{
		/* nesting deeper than the limit */
		char deep[2 * ZL_JSON_MAX_DEPTH + 8];
		size_t k = 0;

		for (int i = 0; i <= ZL_JSON_MAX_DEPTH; i++)
			deep[k++] = '[';
		for (int i = 0; i <= ZL_JSON_MAX_DEPTH; i++)
			deep[k++] = ']';
		deep[k] = '\0';
		refused(deep, "1:", "nested too deeply");
	}
}

static void
test_stream(void **state)
{
	const char *s = "{\"a\": 1}\n{\"a\": 2}\r\n\n[3] \n";
	size_t pos = 0;
	struct zl_json j;
	char *err = NULL;
	int n = 0;

	(void)state;
	while (zl_json_parse(s, strlen(s), &pos, &j, &err) == 1) {
		n++;
		zl_json_release(&j);
	}
	assert_null(err);
	assert_int_equal(n, 3);
	assert_int_equal(pos, strlen(s));
}

/* The JSON of a checked zone reads back and writes the same bytes. */
static void
test_report_roundtrip(void **state)
{
	struct zl_test_run r;
	struct zl_rep_file f, g;
	struct zl_buf a = ZL_BUF_INIT, b = ZL_BUF_INIT;
	struct zl_json j;
	size_t pos = 0;
	char *err = NULL, *text, big[301];
	int seen = 0;

	(void)state;
	memset(big, 'a', 300);
	big[300] = '\0';
	text = zl_xasprintf(
	    "$ORIGIN example.com.\n$TTL 3600\n"
	    "@ IN SOA ns1 hostmaster ( 1 3600 900 1209600 300 )\n"
	    "  IN NS ns1\nns1 IN A 192.0.2.1\n"
	    "www.example.com IN A 192.0.2.2 ; caf\xc3\xa9 \xe2\x80\xae \x01 \xff\n"
	    "t IN TXT \"\xc3\xa9\xe2\x80\xae\" \"%s\"\n"
	    "bad IN A 300.1.2.3\n", big);
	zl_test_run(&r, text, NULL);
	free(text);
	assert_true(r.ctx.diags.n >= 3);
	zl_rep_file_from_zone(&f, r.zone, &r.ctx.diags);
	assert_int_equal(f.ndiags, r.ctx.diags.n);
	zl_rep_file_json(&a, &f, 1);
	/* ASCII only */
	for (size_t i = 0; i < a.len; i++)
		assert_true((unsigned char)a.data[i] < 0x80);
	assert_non_null(strstr(a.data, "caf\\u00e9 \\u202e \\u0001 \\u00ff"));
	assert_int_equal(zl_json_parse(a.data, a.len, &pos, &j, &err), 1);
	assert_int_equal(zl_rep_file_from_json(&g, &j, &err), 0);
	zl_rep_file_json(&b, &g, 1);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	/* regions count code points, columns bytes: é and U+202E are 5 bytes */
	for (size_t i = 0; i < g.ndiags; i++)
		if (strcmp(g.diags[i].rule, "txt-string-too-long") == 0) {
			assert_int_equal(g.diags[i].line, 7);
			assert_int_equal(g.diags[i].column, 18);
			assert_int_equal(g.diags[i].region.col, 15);
			assert_int_equal(g.diags[i].region.end_col, 15 + 302);
			assert_non_null(g.diags[i].fix_title);
			assert_true(g.diags[i].nedits > 0);
			seen = 1;
		}
	assert_true(seen);
	zl_json_release(&j);
	zl_rep_file_release(&f);
	zl_rep_file_release(&g);
	zl_buf_release(&a);
	zl_buf_release(&b);
	zl_test_run_free(&r);
}

/* A field of the wrong type is named in the error. */
static void
test_report_bad_fields(void **state)
{
	static const struct {
		const char *json, *want;
	} t[] = {
		{ "{\"origin\": \"x.\", \"records\": 1, \"diagnostics\": []}", "'path' is missing" },
		{ "{\"path\": 1, \"origin\": \"x.\", \"records\": 1, \"diagnostics\": []}", "'path' must be a string" },
		{ "{\"path\": \"p\", \"origin\": \"x.\", \"records\": 1.5, \"diagnostics\": []}", "'records'" },
		{ "{\"path\": \"p\", \"origin\": \"x.\", \"records\": 1, \"diagnostics\": [{\"rule\": \"r\", "
		  "\"severity\": \"fatal\"}]}", "'severity'" },
		{ "{\"path\": \"p\", \"origin\": \"x.\", \"records\": 1, \"diagnostics\": [{\"rule\": \"r\", "
		  "\"severity\": \"error\", \"line\": 1, \"column\": 1, \"end_line\": 1, \"file\": \"p\", "
		  "\"owner\": null, \"message\": \"m\"}]}", "diagnostics[0]: 'fixable' is missing" },
		{ "[1]", "expected a JSON object" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct zl_json j;
		struct zl_rep_file f;
		size_t pos = 0;
		char *err = NULL;

		assert_int_equal(zl_json_parse(t[i].json, strlen(t[i].json), &pos,
		    &j, &err), 1);
		assert_int_equal(zl_rep_file_from_json(&f, &j, &err), -1);
		assert_non_null(err);
		if (strstr(err, t[i].want) == NULL)
			fail_msg("case %zu: got '%s', want '%s'", i, err, t[i].want);
		free(err);
		zl_json_release(&j);
	}
}

/* Older reports (spec §2 fields only) are read; the rest defaults. */
static void
test_report_minimal(void **state)
{
	const char *s = "{\"path\": \"db.x\", \"origin\": \"x.\", \"records\": 3, "
	    "\"diagnostics\": [{\"rule\": \"spf-multiple\", \"severity\": \"error\", "
	    "\"line\": 4, \"column\": 2, \"end_line\": 5, \"file\": \"db.x\", "
	    "\"owner\": \"x.\", \"message\": \"m\", \"fixable\": false, "
	    "\"future\": {\"x\": [1]}}]}";
	struct zl_json j;
	struct zl_rep_file f;
	size_t pos = 0;
	char *err = NULL;

	(void)state;
	assert_int_equal(zl_json_parse(s, strlen(s), &pos, &j, &err), 1);
	assert_int_equal(zl_rep_file_from_json(&f, &j, &err), 0);
	assert_int_equal(f.ndiags, 1);
	assert_int_equal(f.diags[0].region.line, 4);
	assert_int_equal(f.diags[0].region.col, 2);
	assert_string_equal(f.diags[0].source, "");
	assert_null(f.diags[0].fix_title);
	zl_rep_file_release(&f);
	zl_json_release(&j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_report_roundtrip),
		cmocka_unit_test(test_report_bad_fields),
		cmocka_unit_test(test_report_minimal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
