/* SPDX-License-Identifier: MIT */
/* Report formatters: text, gcc, json, jsonl, github; see out.h. */
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "xalloc.h"

int
zl_format_find(const char *name, enum zl_format *out)
{
	static const struct {
		const char *n;
		enum zl_format f;
	} t[] = {
		{ "text", ZL_FMT_TEXT }, { "gcc", ZL_FMT_GCC },
		{ "json", ZL_FMT_JSON }, { "jsonl", ZL_FMT_JSONL },
		{ "github", ZL_FMT_GITHUB }, { "sarif", ZL_FMT_SARIF },
		{ "html", ZL_FMT_HTML },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].n, name) == 0) {
			*out = t[i].f;
			return 0;
		}
	return -1;
}

/* Length of the UTF-8 sequence at s (n bytes left) that is safe on a terminal, or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned cp;
	size_t l = zl_utf8_decode((const char *)s, n, &cp);

	/* C1 controls and bidi overrides are not safe on a terminal */
	if (l == 0 || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return l;
}

/* Plain ASCII a terminal shows as it is (and TAB). */
static inline int
term_plain(unsigned c)
{
	return c == '\t' || (c >= 0x20 && c < 0x7f);
}

static void
add_fill(struct zl_buf *b, char c, size_t n)
{
	char *d = zl_buf_reserve(b, n);

	memset(d, c, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
add_uint(struct zl_buf *b, unsigned v)
{
	char t[16];
	size_t k = sizeof(t);

	do
		t[--k] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	zl_buf_add(b, t + k, sizeof(t) - k);
}

void
zl_term_safe(struct zl_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned c = u[i];
		size_t l, j;

		if (term_plain(c)) {
			for (j = i + 1; j < n && term_plain(u[j]); j++)
				;
			zl_buf_add(b, s + i, j - i);
			i = j;
			continue;
		}
		l = c >= 0x80 ? utf8_len(u + i, n - i) : 0;
		if (l > 0) {
			zl_buf_add(b, s + i, l);
			i += l;
			continue;
		}
		zl_buf_addf(b, "\\%03u", c);
		i++;
	}
}

/* Display width of the safe form of s[0..n) (bytes of ASCII, 1 per UTF-8 char). */
static void
caret_pad(struct zl_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned c = u[i];
		size_t l, j;

		if (c == '\t') {
			zl_buf_addc(b, '\t');
			i++;
		} else if (c >= 0x20 && c < 0x7f) {
			for (j = i + 1; j < n && u[j] >= 0x20 && u[j] < 0x7f; j++)
				;
			add_fill(b, ' ', j - i);
			i = j;
		} else if (c >= 0x80 && (l = utf8_len(u + i, n - i)) > 0) {
			zl_buf_addc(b, ' ');
			i += l;
		} else {
			zl_buf_adds(b, "    ");
			i++;
		}
	}
}

void
zl_json_str(struct zl_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	zl_buf_addc(b, '"');
	for (size_t i = 0; i < n;) {
		unsigned c = u[i], cp;
		size_t l;

		switch (c) {
		case '"': zl_buf_adds(b, "\\\""); i++; continue;
		case '\\': zl_buf_adds(b, "\\\\"); i++; continue;
		case '\n': zl_buf_adds(b, "\\n"); i++; continue;
		case '\r': zl_buf_adds(b, "\\r"); i++; continue;
		case '\t': zl_buf_adds(b, "\\t"); i++; continue;
		default: break;
		}
		if (c >= 0x20 && c < 0x7f) {
			zl_buf_addc(b, (char)c);
			i++;
			continue;
		}
		if (c < 0x80) {
			zl_buf_addf(b, "\\u%04x", c);
			i++;
			continue;
		}
		l = zl_utf8_decode(s + i, n - i, &cp);
		if (l == 0) {
			/* not UTF-8: the byte as a Latin-1 code point */
			zl_buf_addf(b, "\\u%04x", c);
			i++;
			continue;
		}
		if (cp >= 0x10000) {
			cp -= 0x10000;
			zl_buf_addf(b, "\\u%04x\\u%04x", 0xd800 + (cp >> 10),
			    0xdc00 + (cp & 0x3ff));
		} else {
			zl_buf_addf(b, "\\u%04x", cp);
		}
		i += l;
	}
	zl_buf_addc(b, '"');
}

void
zl_out_init(struct zl_out *o, enum zl_format fmt, int color)
{
	memset(o, 0, sizeof(*o));
	zl_rep_stats_init(&o->st);
	o->fmt = fmt;
	o->color = color;
}

void
zl_out_release(struct zl_out *o)
{
	zl_rep_stats_release(&o->st);
}

static const char *
sev_gcc(enum zl_severity s)
{
	return s == ZL_SEV_ERROR ? "error" : s == ZL_SEV_WARNING ? "warning" :
	    "note";
}

static const char *
sev_color(enum zl_severity s)
{
	return s == ZL_SEV_ERROR ? "\033[1;31m" : s == ZL_SEV_WARNING ?
	    "\033[1;35m" : "\033[1;36m";
}

static void
first_line(struct zl_out *o, struct zl_buf *b, const struct zl_zone *z,
    const struct zl_diag *d, struct zl_pos p)
{
	const struct zl_source *s = z->sources[d->src];
	const char *sev = o->fmt == ZL_FMT_GCC ? sev_gcc(d->severity) :
	    zl_severity_name(d->severity);

	if (o->color)
		zl_buf_adds(b, "\033[1m");
	zl_term_safe(b, s->name, strlen(s->name));
	zl_buf_addc(b, ':');
	add_uint(b, p.line);
	zl_buf_addc(b, ':');
	add_uint(b, p.col);
	zl_buf_addc(b, ':');
	if (o->color) {
		zl_buf_adds(b, "\033[0m ");
		zl_buf_adds(b, sev_color(d->severity));
		zl_buf_adds(b, sev);
		zl_buf_adds(b, ":\033[0m ");
	} else {
		zl_buf_addc(b, ' ');
		zl_buf_adds(b, sev);
		zl_buf_adds(b, ": ");
	}
	zl_term_safe(b, d->message, strlen(d->message));
	zl_buf_adds(b, " [");
	zl_buf_adds(b, zl_rules[d->rule].id);
	zl_buf_adds(b, "]\n");
}

static void
text_diag(struct zl_out *o, struct zl_buf *b, const struct zl_zone *z,
    const struct zl_diag *d)
{
	const struct zl_source *s = z->sources[d->src];
	struct zl_pos p = zl_source_pos(s, d->start);
	size_t ls, le, cend, w0, w;

	first_line(o, b, z, d, p);
	if (s->len == 0)
		return;
	zl_source_line_span(s, p.line, &ls, &le);
	zl_buf_addc(b, ' ');
	w0 = b->len;
	add_uint(b, p.line);
	w = b->len - w0;
	zl_buf_adds(b, " | ");
	zl_term_safe(b, s->data + ls, le - ls > 400 ? 400 : le - ls);
	if (le - ls > 400)
		zl_buf_adds(b, "...");
	zl_buf_adds(b, "\n ");
	add_fill(b, ' ', w);
	zl_buf_adds(b, " | ");
	if (d->start - ls <= 400) {
		caret_pad(b, s->data + ls, d->start - ls);
		if (o->color)
			zl_buf_adds(b, sev_color(d->severity));
		zl_buf_addc(b, '^');
		cend = d->end < le ? d->end : le;
		if (cend > ls + 400)
			cend = ls + 400;
		if (cend > d->start + 1)
			add_fill(b, '~', cend - (d->start + 1));
		if (o->color)
			zl_buf_adds(b, "\033[0m");
	}
	zl_buf_addc(b, '\n');
	if (d->fix != NULL) {
		zl_buf_addc(b, ' ');
		add_fill(b, ' ', w);
		zl_buf_adds(b, " = help: ");
		zl_term_safe(b, d->fix->title, strlen(d->fix->title));
		if (d->fix->applicability == ZL_FIX_SAFE)
			zl_buf_adds(b, " (zonelint fix applies it)");
		else if (d->fix->applicability == ZL_FIX_UNSAFE)
			zl_buf_adds(b, " (suggestion: changes what receivers accept; not applied)");
		zl_buf_addc(b, '\n');
	}
}

/* GitHub workflow commands: properties escape %, \r, \n, ':' and ','. */
static void
gh_escape(struct zl_buf *b, const char *s, int prop)
{
	struct zl_buf t = ZL_BUF_INIT;

	zl_term_safe(&t, s, strlen(s));
	for (size_t i = 0; i < t.len; i++) {
		char c = t.data[i];

		if (c == '%')
			zl_buf_adds(b, "%25");
		else if (c == '\r')
			zl_buf_adds(b, "%0D");
		else if (c == '\n')
			zl_buf_adds(b, "%0A");
		else if (prop && c == ':')
			zl_buf_adds(b, "%3A");
		else if (prop && c == ',')
			zl_buf_adds(b, "%2C");
		else
			zl_buf_addc(b, c);
	}
	zl_buf_release(&t);
}

void
zl_out_begin(struct zl_out *o, struct zl_buf *b)
{
	if (o->fmt == ZL_FMT_JSON)
		zl_rep_json_begin(b);
}

/* Hand a full buffer to the sink, if there is one. */
static inline void
maybe_flush(struct zl_out *o, struct zl_buf *b)
{
	if (o->flush != NULL && b->len >= ZL_OUT_FLUSH)
		o->flush(o->flush_arg, b);
}

void
zl_out_file(struct zl_out *o, struct zl_buf *b, const struct zl_zone *z,
    const struct zl_diag_list *dl)
{
	zl_rep_stats_file(&o->st, z->sources[0]->name, z->nrecs);
	for (size_t i = 0; i < dl->n; i++)
		zl_rep_stats_finding(&o->st, zl_rules[dl->v[i].rule].id,
		    dl->v[i].severity);
	switch (o->fmt) {
	case ZL_FMT_TEXT:
		for (size_t i = 0; i < dl->n; i++) {
			text_diag(o, b, z, &dl->v[i]);
			maybe_flush(o, b);
		}
		break;
	case ZL_FMT_GCC:
		for (size_t i = 0; i < dl->n; i++) {
			const struct zl_diag *d = &dl->v[i];

			first_line(o, b, z, d,
			    zl_source_pos(z->sources[d->src], d->start));
			maybe_flush(o, b);
		}
		break;
	case ZL_FMT_GITHUB:
		for (size_t i = 0; i < dl->n; i++) {
			const struct zl_diag *d = &dl->v[i];
			const struct zl_source *s = z->sources[d->src];
			struct zl_pos p = zl_source_pos(s, d->start);
			unsigned el = zl_source_line(s, d->rec_end);

			zl_buf_addf(b, "::%s file=", d->severity == ZL_SEV_ERROR ?
			    "error" : d->severity == ZL_SEV_WARNING ? "warning" :
			    "notice");
			gh_escape(b, s->name, 1);
			zl_buf_addf(b, ",line=%u,col=%u,endLine=%u,title=", p.line,
			    p.col, el < p.line ? p.line : el);
			gh_escape(b, zl_rules[d->rule].id, 1);
			zl_buf_adds(b, "::");
			gh_escape(b, d->message, 0);
			zl_buf_addf(b, " [%s]\n", zl_rules[d->rule].id);
			maybe_flush(o, b);
		}
		break;
	case ZL_FMT_JSON:
	case ZL_FMT_JSONL:
	case ZL_FMT_SARIF:
	case ZL_FMT_HTML: {
		/*
		 * One finding at a time, so that a report of a hundred
		 * thousand findings is never a second copy in memory.
		 */
		int pretty = o->fmt == ZL_FMT_JSON;

		if (o->fmt == ZL_FMT_JSON)
			zl_rep_json_sep(b, (size_t)o->nfiles);
		zl_rep_file_json_begin(b, z->sources[0]->name,
		    z->origin_text ? z->origin_text : "", z->nrecs);
		for (size_t i = 0; i < dl->n; i++) {
			struct zl_rep_diag r;

			zl_rep_diag_from_zone(&r, z, &dl->v[i]);
			zl_rep_file_json_diag(b, &r, i, pretty);
			zl_rep_diag_release(&r);
			maybe_flush(o, b);
		}
		zl_rep_file_json_end(b, dl->n, pretty);
		if (o->fmt != ZL_FMT_JSON)
			zl_buf_addc(b, '\n');
		break;
	}
	}
	o->nfiles++;
}

void
zl_out_end(struct zl_out *o, struct zl_buf *b)
{
	if (o->fmt == ZL_FMT_JSON)
		zl_rep_json_end(b, (size_t)o->nfiles, &o->st);
}
