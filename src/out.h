/* SPDX-License-Identifier: MIT */
/*
 * Report formatters (ShellCheck's Formatter record, Ruff's emitters):
 * begin, one call per zone file, end. Each appends to a buffer that the
 * CLI writes out; a formatter never prints. Output is deterministic: sorted
 * findings, the paths as given, no timestamps.
 *
 * Zone data can hold any bytes: the text, gcc and github formats show
 * control bytes and invalid UTF-8 as \DDD, never raw; JSON escapes by its
 * own rules and never emits invalid UTF-8.
 */
#ifndef ZL_OUT_H
#define ZL_OUT_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
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

struct zl_out_stats {
	size_t files, records;
	size_t count[4];            /* by severity */
	size_t by_rule[ZL_R__COUNT][4];
};

struct zl_out {
	enum zl_format fmt;
	int color;
	int nfiles;                 /* files written so far */
	struct zl_out_stats st;
	struct zl_buf sarif_results; /* SARIF: results are collected here */
	unsigned char rule_used[ZL_R__COUNT];
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

/* Append s as a JSON string (quotes included). */
void zl_json_str(struct zl_buf *b, const char *s, size_t n);
/* Append bytes made safe for a terminal: control bytes and invalid UTF-8 as \DDD. */
void zl_term_safe(struct zl_buf *b, const char *s, size_t n);

#endif
