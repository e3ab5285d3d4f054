/* SPDX-License-Identifier: MIT */
/*
 * Report formatters (ShellCheck's Formatter record, Ruff's emitters):
 * begin, one call per zone file, end. Each appends to a buffer that the
 * CLI writes out; a formatter never prints. Output is deterministic: sorted
 * findings, the paths as given, no timestamps.
 *
 * text, gcc and github are written from the loaded zone. json and jsonl
 * go through struct zl_rep_file (report.h), and sarif and html are written
 * from the zl_rep_files of a whole run (zl_sarif_write(), zl_html_write()):
 * the same code serves `check` and `report`, so a report merged from shards
 * is byte for byte what one run would have written. For sarif and html,
 * zl_out_file() appends the file's JSON line, which the caller collects.
 *
 * Zone data can hold any bytes: the text, gcc and github formats show
 * control bytes and invalid UTF-8 as \DDD, never raw. JSON is written in
 * ASCII: every other character as \uXXXX (as Python's json.dumps does),
 * and a byte that is not UTF-8 as the Latin-1 character of that value, so
 * reading a report back and writing it again gives the same bytes. HTML
 * escapes every character that is markup.
 */
#ifndef ZL_OUT_H
#define ZL_OUT_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "report.h"
#include "zone.h"

enum zl_format {
	ZL_FMT_TEXT,
	ZL_FMT_GCC,
	ZL_FMT_JSON,
	ZL_FMT_JSONL,
	ZL_FMT_GITHUB,
	ZL_FMT_SARIF,
	ZL_FMT_HTML,
};

/*
 * Where a large report goes while it is being written: zl_out_file() calls
 * it whenever the buffer holds ZL_OUT_FLUSH bytes or more, and it is to
 * write b out and empty it. Without one, everything stays in the buffer.
 */
typedef void zl_out_flush_fn(void *arg, struct zl_buf *b);
#define ZL_OUT_FLUSH (64 * 1024)

struct zl_out {
	enum zl_format fmt;
	int color;
	int nfiles;                 /* files written so far */
	struct zl_rep_stats st;     /* the files and findings written */
	zl_out_flush_fn *flush;     /* NULL: keep it all in the buffer */
	void *flush_arg;
};

/* 0, or -1 when the name is not a format. */
int zl_format_find(const char *name, enum zl_format *out);

void zl_out_init(struct zl_out *o, enum zl_format fmt, int color);
void zl_out_release(struct zl_out *o);
void zl_out_begin(struct zl_out *o, struct zl_buf *b);
/* One zone: its findings, sorted. */
void zl_out_file(struct zl_out *o, struct zl_buf *b, const struct zl_zone *z,
    const struct zl_diag_list *dl);
void zl_out_end(struct zl_out *o, struct zl_buf *b);

/* ---- whole-run formats (out_sarif.c, out_html.c) */

/*
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, tool.driver.rules
 * for the rules that occur (help text from their explain pages),
 * columnKind "unicodeCodePoints", regions with line/column and byte
 * offsets, stable partialFingerprints, and fixes as artifactChanges.
 */
void zl_sarif_write(struct zl_buf *b, const struct zl_rep_file *files,
    size_t n);
/*
 * One self-contained HTML page for auditors: summary counts, a chart of
 * findings per rule, a table of zones that sorts and filters (a little
 * inline JavaScript), and every finding with its source line. No network
 * resources; a Content-Security-Policy forbids them.
 */
void zl_html_write(struct zl_buf *b, const struct zl_rep_file *files,
    size_t n, const struct zl_rep_stats *st);

/* Append s as a JSON string (quotes included). */
void zl_json_str(struct zl_buf *b, const char *s, size_t n);
/* Append bytes made safe for a terminal: control bytes and invalid UTF-8 as \DDD. */
void zl_term_safe(struct zl_buf *b, const char *s, size_t n);

#endif
