/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the lexer, the loader and every check, then the report
 * formatters, on arbitrary bytes given as a zone file.
 *
 * Beyond what the sanitizers catch, it checks that every finding and every
 * edit of a fix lies inside its source, that the text, gcc and github
 * formats never pass a control byte, invalid UTF-8, a C1 control or a bidi
 * override through to the terminal, that JSON is plain ASCII, and that a
 * file's JSON object read back and written again gives the same bytes
 * (what `zonelint report` relies on). The input is loaded as
 * <private folder>/db.example.com, so the origin comes from the file name
 * when the input sets none, and $INCLUDE can only reach inc.zone beside it.
 */
#include "fuzz.h"

#include "buf.h"
#include "engine.h"
#include "json.h"
#include "out.h"
#include "report.h"
#include "txt.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_base_config();
	fuzz_dir();
	return 0;
}

/*
 * The shortcuts the checks rely on: zl_txt_peek() gives the first bytes
 * zl_txt_decode() gives whenever it answers, and every name, however it is
 * stored, comes back whole and finds itself.
 */
static void
check_shortcuts(const struct zl_zone *z)
{
	struct zl_txt t;

	zl_txt_init(&t);
	for (size_t i = 0; i < z->nrecs; i++) {
		const struct zl_record *r = &z->recs[i];
		char pk[16];
		int n, d;

		if (r->type != 16 && r->type != 99)
			continue;
		n = zl_txt_peek(z, r, pk, sizeof(pk));
		if (n == -2)
			continue;
		d = zl_txt_decode(&t, z, r);
		FUZZ_ASSERT((n == -1) == (d != 0), "record %zu: peek %d, decode %d",
		    i, n, d);
		if (n >= 0)
			FUZZ_ASSERT((size_t)n == (t.len < sizeof(pk) ? t.len :
			    sizeof(pk)) && memcmp(pk, t.val, (size_t)n) == 0,
			    "record %zu: peek gave %d bytes, decode %zu", i, n,
			    t.len);
	}
	zl_txt_release(&t);
	for (uint32_t id = 0; id < z->nnames; id++) {
		uint8_t nb[ZL_NAME_MAX];
		size_t len;
		const uint8_t *w = zl_zone_name_wire(z, id, nb, &len);

		FUZZ_ASSERT(zl_zone_find_name(z, w, len) == id, "name %u", id);
	}
}

static void
check_spans(const struct zl_zone *z, const struct zl_diag_list *dl)
{
	for (size_t i = 0; i < z->nrecs; i++) {
		const struct zl_record *r = &z->recs[i];

		FUZZ_ASSERT(r->src < z->nsources, "record %zu src %u", i, r->src);
		FUZZ_ASSERT(r->start <= r->end && r->end <= z->sources[r->src]->len,
		    "record %zu span %u-%u of %zu", i, r->start, r->end,
		    z->sources[r->src]->len);
		FUZZ_ASSERT(r->owner < z->nnames, "record %zu owner %u", i, r->owner);
	}
	for (size_t i = 0; i < dl->n; i++) {
		const struct zl_diag *d = &dl->v[i];
		size_t len;

		FUZZ_ASSERT(d->src < z->nsources, "finding %zu src %u", i, d->src);
		len = z->sources[d->src]->len;
		FUZZ_ASSERT(d->start <= d->end && d->end <= len,
		    "finding %zu [%s] span %u-%u of %zu", i,
		    zl_rules[d->rule].id, d->start, d->end, len);
		FUZZ_ASSERT(d->rec_start <= d->rec_end && d->rec_end <= len,
		    "finding %zu [%s] record %u-%u of %zu", i,
		    zl_rules[d->rule].id, d->rec_start, d->rec_end, len);
		FUZZ_ASSERT(d->message != NULL, "finding %zu has no message", i);
		if (d->fix == NULL)
			continue;
		for (size_t j = 0; j < d->fix->nedits; j++) {
			const struct zl_edit *e = &d->fix->edits[j];

			FUZZ_ASSERT(e->src < z->nsources, "edit src %u", e->src);
			FUZZ_ASSERT(e->start <= e->end &&
			    e->end <= z->sources[e->src]->len,
			    "[%s] edit %u-%u of %zu", zl_rules[d->rule].id,
			    e->start, e->end, z->sources[e->src]->len);
		}
	}
}

/*
 * Length of a UTF-8 sequence that is safe on a terminal at s, 0 when it is
 * not (written independently of out.c's own test).
 */
static size_t
safe_utf8(const unsigned char *s, size_t n)
{
	unsigned cp;
	size_t need;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		cp = s[0] & 0x1fu;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		cp = s[0] & 0x0fu;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		cp = s[0] & 0x07u;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp <= 0x9f || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return need;
}

static void
check_terminal_safe(const char *fmt, const struct zl_buf *b)
{
	const unsigned char *u = (const unsigned char *)b->data;

	for (size_t i = 0; i < b->len;) {
		size_t l;

		if (u[i] == '\n' || u[i] == '\t' || (u[i] >= 0x20 && u[i] < 0x7f)) {
			i++;
			continue;
		}
		l = safe_utf8(u + i, b->len - i);
		FUZZ_ASSERT(l > 0, "%s output has byte 0x%02x at %zu: %.*s", fmt,
		    u[i], i, (int)(b->len - i < 80 ? b->len - i : 80),
		    (const char *)u + i);
		i += l;
	}
}

static void
check_ascii(const char *fmt, const struct zl_buf *b)
{
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];

		FUZZ_ASSERT(c == '\n' || (c >= 0x20 && c < 0x7f),
		    "%s output has byte 0x%02x at %zu", fmt, c, i);
	}
}

static void
render(enum zl_format fmt, const char *name, const struct zl_zone *z,
    const struct zl_diag_list *dl)
{
	struct zl_out o;
	struct zl_buf b = ZL_BUF_INIT;

	zl_out_init(&o, fmt, 0);
	zl_out_begin(&o, &b);
	zl_out_file(&o, &b, z, dl);
	zl_out_end(&o, &b);
	if (fmt == ZL_FMT_JSON || fmt == ZL_FMT_JSONL)
		check_ascii(name, &b);
	else
		check_terminal_safe(name, &b);
	zl_out_release(&o);
	zl_buf_release(&b);
}

/* JSON of the file, read back and written again: the same bytes. */
static void
check_report_roundtrip(const struct zl_zone *z, const struct zl_diag_list *dl)
{
	struct zl_rep_file f, g;
	struct zl_buf a = ZL_BUF_INIT, b = ZL_BUF_INIT;
	struct zl_json j;
	size_t pos = 0;
	char *err = NULL;

	zl_rep_file_from_zone(&f, z, dl);
	zl_rep_file_json(&a, &f, 0);
	FUZZ_ASSERT(zl_json_parse(a.data, a.len, &pos, &j, &err) == 1,
	    "own JSON does not parse: %s: %.*s", err ? err : "?",
	    (int)(a.len < 400 ? a.len : 400), a.data);
	FUZZ_ASSERT(zl_rep_file_from_json(&g, &j, &err) == 0,
	    "own JSON is not a report: %s", err ? err : "?");
	zl_rep_file_json(&b, &g, 0);
	FUZZ_ASSERT(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
	    "JSON read back differs:\n%.*s\n%.*s", (int)a.len, a.data,
	    (int)b.len, b.data);
	{
		struct zl_buf s = ZL_BUF_INIT;

		zl_sarif_write(&s, &f, 1);
		zl_buf_release(&s);
	}
	zl_json_release(&j);
	zl_rep_file_release(&f);
	zl_rep_file_release(&g);
	zl_buf_release(&a);
	zl_buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zl_load_opts lo;
	struct zl_zone *z = NULL;
	struct zl_ctx ctx;
	char *why = NULL;
	char name[PATH_MAX + 32];

	snprintf(name, sizeof(name), "%s/db.example.com", fuzz_dir());
	fuzz_load_opts(&lo, 0);
	if (zl_zone_load_mem(&z, name, (const char *)data, size, &lo, &why) != 0) {
		FUZZ_ASSERT(why != NULL && why[0] != '\0', "load failed with no message");
		free(why);
		return 0;
	}
	zl_ctx_init(&ctx, z, fuzz_base_config());
	zl_engine_run(&ctx);
	check_spans(z, &ctx.diags);
	check_shortcuts(z);
	render(ZL_FMT_TEXT, "text", z, &ctx.diags);
	render(ZL_FMT_GCC, "gcc", z, &ctx.diags);
	render(ZL_FMT_GITHUB, "github", z, &ctx.diags);
	render(ZL_FMT_JSON, "json", z, &ctx.diags);
	check_report_roundtrip(z, &ctx.diags);
	zl_ctx_release(&ctx);
	zl_zone_free(z);
	return 0;
}
