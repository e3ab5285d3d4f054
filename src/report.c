/* SPDX-License-Identifier: MIT */
/*
 * Reports over whole runs: per-file results as data, their JSON form and
 * reading it back, the run summary; see report.h.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "out.h"
#include "xalloc.h"
#include "zone.h"

/* ---- from a checked zone */

static void
cp_pos(const struct zl_source *s, size_t off, unsigned *line, unsigned *col)
{
	size_t ls, le;

	if (off > s->len)
		off = s->len;
	*line = zl_source_line(s, off);
	zl_source_line_span(s, *line, &ls, &le);
	(void)le;
	*col = 1 + (unsigned)zl_utf8_count(s->data + ls, off > ls ? off - ls : 0);
}

static void
region_of(const struct zl_source *s, size_t start, size_t end,
    struct zl_rep_region *r)
{
	cp_pos(s, start, &r->line, &r->col);
	cp_pos(s, end, &r->end_line, &r->end_col);
}

void
zl_rep_diag_from_zone(struct zl_rep_diag *r, const struct zl_zone *z,
    const struct zl_diag *d)
{
	const struct zl_source *s = z->sources[d->src];
	struct zl_pos p = zl_source_pos(s, d->start);
	struct zl_pos pe = zl_source_pos(s, d->end);
	size_t ls, le, cut;
	char nb[1100];

	memset(r, 0, sizeof(*r));
	r->rule = zl_xstrdup(zl_rules[d->rule].id);
	r->severity = d->severity;
	r->line = p.line;
	r->column = p.col;
	r->end_line = zl_source_line(s, d->rec_end > d->end ?
	    d->rec_end : d->end);
	r->end_column = pe.col;
	r->byte_offset = d->start;
	r->byte_length = d->end - d->start;
	r->file = zl_xstrdup(s->name);
	if (d->owner != UINT32_MAX)
		r->owner = zl_xstrdup(zl_zone_name_text(z, d->owner, nb));
	r->message = zl_xstrdup(d->message);
	r->fixable = d->fix && d->fix->applicability == ZL_FIX_SAFE;
	zl_source_line_span(s, p.line, &ls, &le);
	cut = le - ls;
	if (cut > ZL_REP_SOURCE_MAX) {
		/* back to the start of a character */
		cut = ZL_REP_SOURCE_MAX;
		while (cut > 0 && ((unsigned char)s->data[ls + cut] & 0xc0) == 0x80)
			cut--;
	}
	r->source = zl_xstrndup(s->len ? s->data + ls : "", s->len ? cut : 0);
	r->source_len = s->len ? cut : 0;
	region_of(s, d->start, d->end, &r->region);
	if (d->fix == NULL)
		return;
	r->fix_title = zl_xstrdup(d->fix->title);
	r->fix_app = d->fix->applicability;
	r->nedits = d->fix->nedits;
	r->edits = zl_xcalloc(r->nedits ? r->nedits : 1, sizeof(*r->edits));
	for (size_t k = 0; k < d->fix->nedits; k++) {
		const struct zl_edit *e = &d->fix->edits[k];
		const struct zl_source *es = z->sources[e->src];

		r->edits[k].file = zl_xstrdup(es->name);
		r->edits[k].byte_offset = e->start;
		r->edits[k].byte_length = e->end - e->start;
		region_of(es, e->start, e->end, &r->edits[k].region);
		r->edits[k].text = zl_xstrdup(e->text);
	}
}

void
zl_rep_diag_release(struct zl_rep_diag *d)
{
	free(d->rule);
	free(d->file);
	free(d->owner);
	free(d->message);
	free(d->source);
	free(d->fix_title);
	for (size_t k = 0; k < d->nedits; k++) {
		free(d->edits[k].file);
		free(d->edits[k].text);
	}
	free(d->edits);
	memset(d, 0, sizeof(*d));
}

void
zl_rep_file_from_zone(struct zl_rep_file *f, const struct zl_zone *z,
    const struct zl_diag_list *dl)
{
	const struct zl_source *s0 = z->sources[0];

	memset(f, 0, sizeof(*f));
	f->path = zl_xstrdup(s0->name);
	f->origin = zl_xstrdup(z->origin_text ? z->origin_text : "");
	f->records = z->nrecs;
	f->ndiags = dl->n;
	f->diags = zl_xcalloc(dl->n ? dl->n : 1, sizeof(*f->diags));
	for (size_t i = 0; i < dl->n; i++)
		zl_rep_diag_from_zone(&f->diags[i], z, &dl->v[i]);
}

void
zl_rep_file_release(struct zl_rep_file *f)
{
	for (size_t i = 0; i < f->ndiags; i++)
		zl_rep_diag_release(&f->diags[i]);
	free(f->diags);
	free(f->path);
	free(f->origin);
	memset(f, 0, sizeof(*f));
}

/* ---- JSON */

static void
jstr(struct zl_buf *b, const char *s)
{
	zl_json_str(b, s, strlen(s));
}

static const char *
app_name(enum zl_applicability a)
{
	return a == ZL_FIX_SAFE ? "safe" : a == ZL_FIX_UNSAFE ? "unsafe" :
	    "display-only";
}

static void
region_json(struct zl_buf *b, const struct zl_rep_region *r)
{
	zl_buf_addf(b, "{\"line\": %u, \"column\": %u, \"end_line\": %u, "
	    "\"end_column\": %u}", r->line, r->col, r->end_line, r->end_col);
}

static void
diag_json(struct zl_buf *b, const struct zl_rep_diag *d)
{
	zl_buf_adds(b, "{\"rule\": ");
	jstr(b, d->rule);
	zl_buf_addf(b, ", \"severity\": \"%s\", \"line\": %u, \"column\": %u, "
	    "\"end_line\": %u, \"end_column\": %u, \"byte_offset\": %llu, "
	    "\"byte_length\": %llu, \"file\": ", zl_severity_name(d->severity),
	    d->line, d->column, d->end_line, d->end_column,
	    (unsigned long long)d->byte_offset,
	    (unsigned long long)d->byte_length);
	jstr(b, d->file);
	zl_buf_adds(b, ", \"owner\": ");
	if (d->owner != NULL)
		jstr(b, d->owner);
	else
		zl_buf_adds(b, "null");
	zl_buf_adds(b, ", \"message\": ");
	jstr(b, d->message);
	zl_buf_addf(b, ", \"fixable\": %s", d->fixable ? "true" : "false");
	if (d->fix_title != NULL) {
		zl_buf_adds(b, ", \"fix\": {\"title\": ");
		jstr(b, d->fix_title);
		zl_buf_addf(b, ", \"applicability\": \"%s\", \"edits\": [",
		    app_name(d->fix_app));
		for (size_t k = 0; k < d->nedits; k++) {
			const struct zl_rep_edit *e = &d->edits[k];

			zl_buf_adds(b, k ? ", {\"file\": " : "{\"file\": ");
			jstr(b, e->file);
			zl_buf_addf(b, ", \"byte_offset\": %llu, \"byte_length\": %llu, "
			    "\"region\": ", (unsigned long long)e->byte_offset,
			    (unsigned long long)e->byte_length);
			region_json(b, &e->region);
			zl_buf_adds(b, ", \"text\": ");
			jstr(b, e->text);
			zl_buf_addc(b, '}');
		}
		zl_buf_adds(b, "]}");
	}
	zl_buf_adds(b, ", \"source\": ");
	zl_json_str(b, d->source, d->source_len);
	zl_buf_adds(b, ", \"region\": ");
	region_json(b, &d->region);
	zl_buf_addc(b, '}');
}

void
zl_rep_file_json_begin(struct zl_buf *b, const char *path, const char *origin,
    uint64_t records)
{
	zl_buf_adds(b, "{\"path\": ");
	jstr(b, path);
	zl_buf_adds(b, ", \"origin\": ");
	jstr(b, origin);
	zl_buf_addf(b, ", \"records\": %llu, \"diagnostics\": [",
	    (unsigned long long)records);
}

void
zl_rep_file_json_diag(struct zl_buf *b, const struct zl_rep_diag *d, size_t i,
    int pretty)
{
	if (pretty)
		zl_buf_adds(b, i ? ",\n  " : "\n  ");
	else if (i)
		zl_buf_adds(b, ", ");
	diag_json(b, d);
}

void
zl_rep_file_json_end(struct zl_buf *b, size_t ndiags, int pretty)
{
	zl_buf_adds(b, pretty && ndiags ? "\n]}" : "]}");
}

void
zl_rep_file_json(struct zl_buf *b, const struct zl_rep_file *f, int pretty)
{
	zl_rep_file_json_begin(b, f->path, f->origin, f->records);
	for (size_t i = 0; i < f->ndiags; i++)
		zl_rep_file_json_diag(b, &f->diags[i], i, pretty);
	zl_rep_file_json_end(b, f->ndiags, pretty);
}

void
zl_rep_json_begin(struct zl_buf *b)
{
	zl_buf_addf(b, "{\"zonelint\": \"%s\",\n\"files\": [", ZL_VERSION);
}

void
zl_rep_json_sep(struct zl_buf *b, size_t files_before)
{
	zl_buf_adds(b, files_before ? ",\n" : "\n");
}

void
zl_rep_json_end(struct zl_buf *b, size_t files_written,
    const struct zl_rep_stats *st)
{
	zl_buf_addf(b, "%s],\n\"summary\": {\"files\": %zu, \"records\": %llu, "
	    "\"error\": %zu, \"warning\": %zu, \"info\": %zu}}\n",
	    files_written ? "\n" : "", st->files,
	    (unsigned long long)st->records, st->count[ZL_SEV_ERROR],
	    st->count[ZL_SEV_WARNING], st->count[ZL_SEV_INFO]);
}

/* ---- reading JSON back */

struct rd {
	char **err;
	const char *where;       /* "diagnostics[3]" */
};

static int
bad(struct rd *r, const char *field, const char *what)
{
	if (*r->err == NULL)
		*r->err = zl_xasprintf("%s%s'%s' %s", r->where ? r->where : "",
		    r->where ? ": " : "", field, what);
	return -1;
}

/* A string member; NULL allowed when opt (then *out = NULL when absent). */
static int
get_str(struct rd *r, const struct zl_json *o, const char *key, int opt,
    int null_ok, char **out, size_t *len)
{
	const struct zl_json *v = zl_json_get(o, key);

	*out = NULL;
	if (len)
		*len = 0;
	if (v == NULL || (null_ok && v->type == ZL_JSON_NULL)) {
		if (v == NULL && !opt)
			return bad(r, key, "is missing");
		return 0;
	}
	if (v->type != ZL_JSON_STRING)
		return bad(r, key, "must be a string");
	if (len == NULL && memchr(v->str, '\0', v->len) != NULL)
		return bad(r, key, "holds a NUL character");
	/* a copy that keeps inner NUL bytes (only "source" may have them) */
	*out = zl_xmalloc(v->len + 1);
	memcpy(*out, v->str, v->len + 1);
	if (len)
		*len = v->len;
	return 0;
}

static int
get_uint(struct rd *r, const struct zl_json *o, const char *key, int opt,
    uint64_t max, uint64_t *out)
{
	const struct zl_json *v = zl_json_get(o, key);
	int64_t x;

	if (v == NULL) {
		if (!opt)
			return bad(r, key, "is missing");
		return 1;
	}
	if (zl_json_int(v, 0, (int64_t)max, &x) != 0)
		return bad(r, key, "must be a whole number, not negative");
	*out = (uint64_t)x;
	return 0;
}

static int
get_u(struct rd *r, const struct zl_json *o, const char *key, int opt,
    unsigned *out)
{
	uint64_t v;
	int rc = get_uint(r, o, key, opt, 0xffffffffu, &v);

	if (rc == 0)
		*out = (unsigned)v;
	return rc;
}

static int
get_region(struct rd *r, const struct zl_json *o, struct zl_rep_region *reg)
{
	const struct zl_json *v = zl_json_get(o, "region");

	if (v == NULL)
		return 1;
	if (v->type != ZL_JSON_OBJECT)
		return bad(r, "region", "must be an object");
	if (get_u(r, v, "line", 0, &reg->line) < 0 ||
	    get_u(r, v, "column", 0, &reg->col) < 0 ||
	    get_u(r, v, "end_line", 0, &reg->end_line) < 0 ||
	    get_u(r, v, "end_column", 0, &reg->end_col) < 0)
		return -1;
	return 0;
}

static int
diag_from_json(struct rd *r, const struct zl_json *o, struct zl_rep_diag *d)
{
	char *sev = NULL;
	const struct zl_json *v;
	int rc;

	if (o->type != ZL_JSON_OBJECT)
		return bad(r, "diagnostics", "must hold objects");
	if (get_str(r, o, "rule", 0, 0, &d->rule, NULL) < 0 ||
	    get_str(r, o, "severity", 0, 0, &sev, NULL) < 0)
		goto fail;
	d->severity = zl_severity_find(sev);
	free(sev);
	if (d->severity == ZL_SEV_NONE)
		return bad(r, "severity", "must be error, warning or info");
	if (get_u(r, o, "line", 0, &d->line) < 0 ||
	    get_u(r, o, "column", 0, &d->column) < 0 ||
	    get_u(r, o, "end_line", 0, &d->end_line) < 0)
		goto fail;
	d->end_column = d->column;
	if (get_u(r, o, "end_column", 1, &d->end_column) < 0 ||
	    get_uint(r, o, "byte_offset", 1, UINT64_MAX >> 1, &d->byte_offset) < 0 ||
	    get_uint(r, o, "byte_length", 1, UINT64_MAX >> 1, &d->byte_length) < 0)
		goto fail;
	if (get_str(r, o, "file", 0, 0, &d->file, NULL) < 0 ||
	    get_str(r, o, "owner", 0, 1, &d->owner, NULL) < 0 ||
	    get_str(r, o, "message", 0, 0, &d->message, NULL) < 0)
		goto fail;
	v = zl_json_get(o, "fixable");
	if (v == NULL || (v->type != ZL_JSON_TRUE && v->type != ZL_JSON_FALSE))
		return bad(r, "fixable", v ? "must be true or false" : "is missing");
	d->fixable = v->type == ZL_JSON_TRUE;
	if (get_str(r, o, "source", 1, 0, &d->source, &d->source_len) < 0)
		goto fail;
	if (d->source == NULL)
		d->source = zl_xstrdup("");
	d->region.line = d->line;
	d->region.col = d->column;
	d->region.end_line = d->line;
	d->region.end_col = d->end_column;
	if (get_region(r, o, &d->region) < 0)
		goto fail;
	v = zl_json_get(o, "fix");
	if (v != NULL && v->type != ZL_JSON_NULL) {
		const struct zl_json *ed;
		char *app = NULL;

		if (v->type != ZL_JSON_OBJECT)
			return bad(r, "fix", "must be an object");
		if (get_str(r, v, "title", 0, 0, &d->fix_title, NULL) < 0 ||
		    get_str(r, v, "applicability", 0, 0, &app, NULL) < 0)
			goto fail;
		if (strcmp(app, "safe") == 0)
			d->fix_app = ZL_FIX_SAFE;
		else if (strcmp(app, "unsafe") == 0)
			d->fix_app = ZL_FIX_UNSAFE;
		else if (strcmp(app, "display-only") == 0)
			d->fix_app = ZL_FIX_DISPLAY_ONLY;
		else {
			free(app);
			return bad(r, "applicability", "must be safe, unsafe or display-only");
		}
		free(app);
		ed = zl_json_get(v, "edits");
		if (ed != NULL && ed->type != ZL_JSON_ARRAY)
			return bad(r, "edits", "must be an array");
		if (ed != NULL && ed->n > 0) {
			d->edits = zl_xcalloc(ed->n, sizeof(*d->edits));
			for (size_t k = 0; k < ed->n; k++) {
				const struct zl_json *e = &ed->v[k];
				struct zl_rep_edit *x = &d->edits[k];

				d->nedits = k + 1;
				if (e->type != ZL_JSON_OBJECT)
					return bad(r, "edits", "must hold objects");
				if (get_str(r, e, "file", 0, 0, &x->file, NULL) < 0 ||
				    get_uint(r, e, "byte_offset", 0, UINT64_MAX >> 1,
				    &x->byte_offset) < 0 ||
				    get_uint(r, e, "byte_length", 0, UINT64_MAX >> 1,
				    &x->byte_length) < 0 ||
				    get_str(r, e, "text", 0, 0, &x->text, NULL) < 0)
					goto fail;
				rc = get_region(r, e, &x->region);
				if (rc < 0)
					goto fail;
				if (rc > 0)
					return bad(r, "region", "is missing in an edit");
			}
		}
	}
	return 0;
fail:
	return -1;
}

int
zl_rep_file_from_json(struct zl_rep_file *f, const struct zl_json *j,
    char **err)
{
	struct rd r = { err, NULL };
	const struct zl_json *dg;
	char where[64];

	*err = NULL;
	memset(f, 0, sizeof(*f));
	if (j->type != ZL_JSON_OBJECT) {
		*err = zl_xstrdup("expected a JSON object (one zone of a jsonl report)");
		return -1;
	}
	if (get_str(&r, j, "path", 0, 0, &f->path, NULL) < 0 ||
	    get_str(&r, j, "origin", 0, 0, &f->origin, NULL) < 0 ||
	    get_uint(&r, j, "records", 0, UINT64_MAX >> 1, &f->records) < 0)
		goto fail;
	dg = zl_json_get(j, "diagnostics");
	if (dg == NULL || dg->type != ZL_JSON_ARRAY) {
		bad(&r, "diagnostics", dg ? "must be an array" : "is missing");
		goto fail;
	}
	f->diags = zl_xcalloc(dg->n ? dg->n : 1, sizeof(*f->diags));
	for (size_t i = 0; i < dg->n; i++) {
		f->ndiags = i + 1;
		snprintf(where, sizeof(where), "diagnostics[%zu]", i);
		r.where = where;
		if (diag_from_json(&r, &dg->v[i], &f->diags[i]) != 0)
			goto fail;
	}
	return 0;
fail:
	zl_rep_file_release(f);
	if (*err == NULL)
		*err = zl_xstrdup("bad report");
	return -1;
}

/* ---- summary */

void
zl_rep_stats_init(struct zl_rep_stats *st)
{
	memset(st, 0, sizeof(*st));
}

void
zl_rep_stats_release(struct zl_rep_stats *st)
{
	for (size_t i = 0; i < st->nrules; i++)
		free(st->rules[i].rule);
	free(st->rules);
	for (size_t i = 0; i < st->nzones; i++)
		free(st->zones[i].path);
	free(st->zones);
	memset(st, 0, sizeof(*st));
}

void
zl_rep_stats_file(struct zl_rep_stats *st, const char *path, uint64_t records)
{
	struct zl_rep_zone_count *z;

	st->files++;
	st->records += records;
	st->zones = zl_xgrow(st->zones, sizeof(*st->zones), st->nzones + 1,
	    &st->zones_cap);
	z = &st->zones[st->nzones++];
	memset(z, 0, sizeof(*z));
	z->path = zl_xstrdup(path);
	z->records = records;
}

void
zl_rep_stats_finding(struct zl_rep_stats *st, const char *rule,
    enum zl_severity sev)
{
	struct zl_rep_rule_count *rc = NULL;

	if (sev < ZL_SEV_INFO || sev > ZL_SEV_ERROR)
		return;
	st->count[sev]++;
	if (st->nzones > 0)
		st->zones[st->nzones - 1].count[sev]++;
	for (size_t i = 0; i < st->nrules; i++)
		if (strcmp(st->rules[i].rule, rule) == 0) {
			rc = &st->rules[i];
			break;
		}
	if (rc == NULL) {
		st->rules = zl_xgrow(st->rules, sizeof(*st->rules),
		    st->nrules + 1, &st->rules_cap);
		rc = &st->rules[st->nrules++];
		memset(rc, 0, sizeof(*rc));
		rc->rule = zl_xstrdup(rule);
	}
	rc->count[sev]++;
}

void
zl_rep_stats_add(struct zl_rep_stats *st, const struct zl_rep_file *f)
{
	zl_rep_stats_file(st, f->path, f->records);
	for (size_t i = 0; i < f->ndiags; i++)
		zl_rep_stats_finding(st, f->diags[i].rule, f->diags[i].severity);
}

static int
rule_order(const void *a, const void *b)
{
	const struct zl_rep_rule_count *x = *(const struct zl_rep_rule_count *const *)a;
	const struct zl_rep_rule_count *y = *(const struct zl_rep_rule_count *const *)b;
	const struct zl_rule *rx = zl_rule_find(x->rule);
	const struct zl_rule *ry = zl_rule_find(y->rule);

	if (rx && ry)
		return rx->num < ry->num ? -1 : rx->num > ry->num;
	if (rx || ry)
		return rx ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

const struct zl_rep_rule_count **
zl_rep_stats_rules(const struct zl_rep_stats *st, size_t *n)
{
	const struct zl_rep_rule_count **v;

	v = zl_xcalloc(st->nrules ? st->nrules : 1, sizeof(*v));
	for (size_t i = 0; i < st->nrules; i++)
		v[i] = &st->rules[i];
	qsort(v, st->nrules, sizeof(*v), rule_order);
	*n = st->nrules;
	return v;
}

static int
zone_order(const void *a, const void *b)
{
	const struct zl_rep_zone_count *x = *(const struct zl_rep_zone_count *const *)a;
	const struct zl_rep_zone_count *y = *(const struct zl_rep_zone_count *const *)b;

	for (int s = ZL_SEV_ERROR; s >= ZL_SEV_INFO; s--)
		if (x->count[s] != y->count[s])
			return x->count[s] > y->count[s] ? -1 : 1;
	return strcmp(x->path, y->path);
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* A terminal-safe cell of at most w columns, cut on the left. */
static void
cell(struct zl_buf *b, const char *s, size_t w)
{
	struct zl_buf t = ZL_BUF_INIT;
	size_t cols;

	zl_term_safe(&t, s, strlen(s));
	cols = zl_utf8_count(t.data ? t.data : "", t.len);
	if (cols > w) {
		size_t skip = cols - (w - 3), i = 0;

		for (size_t k = 0; k < skip && i < t.len; k++) {
			unsigned cp;
			size_t l = zl_utf8_decode(t.data + i, t.len - i, &cp);

			i += l ? l : 1;
		}
		zl_buf_adds(b, "...");
		zl_buf_add(b, t.data + i, t.len - i);
		cols = w;
	} else if (t.len) {
		zl_buf_add(b, t.data, t.len);
	}
	for (; cols < w; cols++)
		zl_buf_addc(b, ' ');
	zl_buf_release(&t);
}

void
zl_rep_summary(struct zl_buf *b, const struct zl_rep_stats *st, size_t worst)
{
	size_t total = st->count[ZL_SEV_ERROR] + st->count[ZL_SEV_WARNING] +
	    st->count[ZL_SEV_INFO];
	const struct zl_rep_rule_count **rv;
	const struct zl_rep_zone_count **zv;
	size_t nr, nz = 0, with, w = 24;
	char head[96];

	zl_buf_addf(b, "zonelint: %zu %s, %llu %s, %zu %s: %zu %s, %zu %s, "
	    "%zu %s\n", st->files, plural(st->files, "file", "files"),
	    (unsigned long long)st->records,
	    plural(st->records, "record", "records"), total,
	    plural(total, "finding", "findings"), st->count[ZL_SEV_ERROR],
	    plural(st->count[ZL_SEV_ERROR], "error", "errors"),
	    st->count[ZL_SEV_WARNING],
	    plural(st->count[ZL_SEV_WARNING], "warning", "warnings"),
	    st->count[ZL_SEV_INFO], plural(st->count[ZL_SEV_INFO], "info", "infos"));
	if (st->failed)
		zl_buf_addf(b, "zonelint: %zu %s could not be checked\n",
		    st->failed, plural(st->failed, "file", "files"));
	if (total == 0)
		return;
	rv = zl_rep_stats_rules(st, &nr);
	for (size_t i = 0; i < nr; i++)
		if (strlen(rv[i]->rule) > w)
			w = strlen(rv[i]->rule);
	zv = zl_xcalloc(st->nzones ? st->nzones : 1, sizeof(*zv));
	for (size_t i = 0; i < st->nzones; i++)
		if (st->zones[i].count[1] + st->zones[i].count[2] +
		    st->zones[i].count[3] > 0)
			zv[nz++] = &st->zones[i];
	qsort(zv, nz, sizeof(*zv), zone_order);
	with = nz;
	if (nz > worst)
		nz = worst;
	if (with > nz)
		snprintf(head, sizeof(head), "worst %zu of %zu zones with findings",
		    nz, with);
	else
		snprintf(head, sizeof(head), "zones with findings");
	if (nz > 0 && strlen(head) > w + 2)
		w = strlen(head) - 2;
	for (size_t i = 0; i < nz; i++) {
		size_t l = zl_utf8_count(zv[i]->path, strlen(zv[i]->path));

		if (l > w)
			w = l > 60 ? 60 : l;
	}
	zl_buf_adds(b, "\n");
	cell(b, "findings by rule", w + 2);
	zl_buf_adds(b, "  error  warning     info\n");
	for (size_t i = 0; i < nr; i++) {
		zl_buf_adds(b, "  ");
		cell(b, rv[i]->rule, w);
		zl_buf_addf(b, "%7zu  %7zu  %7zu\n", rv[i]->count[ZL_SEV_ERROR],
		    rv[i]->count[ZL_SEV_WARNING], rv[i]->count[ZL_SEV_INFO]);
	}
	zl_buf_adds(b, "  ");
	cell(b, "total", w);
	zl_buf_addf(b, "%7zu  %7zu  %7zu\n", st->count[ZL_SEV_ERROR],
	    st->count[ZL_SEV_WARNING], st->count[ZL_SEV_INFO]);
	if (nz > 0) {
		zl_buf_adds(b, "\n");
		cell(b, head, w + 2);
		zl_buf_adds(b, "  error  warning     info\n");
		for (size_t i = 0; i < nz; i++) {
			zl_buf_adds(b, "  ");
			cell(b, zv[i]->path, w);
			zl_buf_addf(b, "%7zu  %7zu  %7zu\n",
			    zv[i]->count[ZL_SEV_ERROR],
			    zv[i]->count[ZL_SEV_WARNING],
			    zv[i]->count[ZL_SEV_INFO]);
		}
	}
	free(rv);
	free(zv);
}
