/* SPDX-License-Identifier: MIT */
/*
 * Reports over whole runs. The result of one zone file as plain data
 * (struct zl_rep_file: the files[] element of the JSON output, spec §2),
 * its JSON form, reading it back from the JSON lines of runs made
 * elsewhere (`zonelint report`), and the summary of a run: files, records,
 * findings per rule and severity, the worst zones.
 *
 * Every format that needs a whole run (json's summary, sarif, html) is
 * written from these structures, whether the run happened in this process,
 * in worker processes or on other machines; so `zonelint report` over the
 * shards of a run writes the same bytes as the run itself would have.
 *
 * The JSON of one diagnostic carries the fields of spec §2 first, then
 * what the whole-run formats need and the spec allows adding:
 *   "byte_offset", "byte_length"  the offending text in bytes
 *   "fix": {"title", "applicability", "edits": [{"file", "byte_offset",
 *           "byte_length", "region", "text"}]}
 *   "source"   the text of the line the finding starts on
 *   "region"   {"line", "column", "end_line", "end_column"}: where the
 *              offending text starts and ends, columns counted in Unicode
 *              code points (a byte that is not UTF-8 counts as one), the
 *              end exclusive; SARIF's columnKind "unicodeCodePoints"
 *
 * Library code: nothing here prints. Ownership: a struct zl_rep_file owns
 * all its strings; release it with zl_rep_file_release().
 */
#ifndef ZL_REPORT_H
#define ZL_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"
#include "json.h"
#include "rule.h"

struct zl_zone;
struct zl_json;

/* Longest "source" line kept, in bytes (cut on a character boundary). */
#define ZL_REP_SOURCE_MAX 2000

struct zl_rep_region {
	unsigned line, col, end_line, end_col;  /* 1-based, code points */
};

struct zl_rep_edit {
	char *file;
	uint64_t byte_offset, byte_length;
	struct zl_rep_region region;
	char *text;
};

struct zl_rep_diag {
	char *rule;                  /* id as written: "spf-multiple" */
	enum zl_severity severity;
	unsigned line, column, end_line, end_column; /* spec §2, columns in bytes */
	uint64_t byte_offset, byte_length;
	char *file;
	char *owner;                 /* NULL: none */
	char *message;
	int fixable;                 /* a safe fix exists */
	char *source;                /* the line the finding starts on */
	size_t source_len;           /* it may hold NUL bytes */
	struct zl_rep_region region;
	char *fix_title;             /* NULL: no fix */
	enum zl_applicability fix_app;
	struct zl_rep_edit *edits;
	size_t nedits;
};

struct zl_rep_file {
	char *path;
	char *origin;
	uint64_t records;
	struct zl_rep_diag *diags;
	size_t ndiags;
};

/* One finding of a checked zone; everything is copied. */
void zl_rep_diag_from_zone(struct zl_rep_diag *r, const struct zl_zone *z,
    const struct zl_diag *d);
void zl_rep_diag_release(struct zl_rep_diag *d);
/* From a checked zone; everything is copied, so z and dl may go after. */
void zl_rep_file_from_zone(struct zl_rep_file *f, const struct zl_zone *z,
    const struct zl_diag_list *dl);
/*
 * From a parsed files[] element. Fields added after 1.0 are optional, so
 * the output of older versions is read too; unknown fields are ignored.
 * Returns 0, or -1 with *err (caller frees) naming the bad field.
 */
int zl_rep_file_from_json(struct zl_rep_file *f, const struct zl_json *j,
    char **err);
void zl_rep_file_release(struct zl_rep_file *f);

/*
 * The JSON object of one file. pretty: one diagnostic per line, as in
 * --format json; else all on one line (no line break at the end), as in
 * --format jsonl.
 */
void zl_rep_file_json(struct zl_buf *b, const struct zl_rep_file *f,
    int pretty);
/*
 * The same in pieces, for writing a file's findings one at a time: begin,
 * then diagnostic i = 0, 1, ..., then end with their number.
 */
void zl_rep_file_json_begin(struct zl_buf *b, const char *path,
    const char *origin, uint64_t records);
void zl_rep_file_json_diag(struct zl_buf *b, const struct zl_rep_diag *d,
    size_t i, int pretty);
void zl_rep_file_json_end(struct zl_buf *b, size_t ndiags, int pretty);

/* ---- the summary of a run */

struct zl_rep_rule_count {
	char *rule;
	size_t count[4];             /* by severity */
};

struct zl_rep_zone_count {
	char *path;
	uint64_t records;
	size_t count[4];
};

struct zl_rep_stats {
	size_t files, failed;        /* failed: files that could not be checked */
	uint64_t records;
	size_t count[4];             /* findings by severity */
	struct zl_rep_rule_count *rules;
	size_t nrules, rules_cap;
	struct zl_rep_zone_count *zones;
	size_t nzones, zones_cap;
};

void zl_rep_stats_init(struct zl_rep_stats *st);
void zl_rep_stats_release(struct zl_rep_stats *st);
/* A file: then its findings with zl_rep_stats_finding(). */
void zl_rep_stats_file(struct zl_rep_stats *st, const char *path,
    uint64_t records);
void zl_rep_stats_finding(struct zl_rep_stats *st, const char *rule,
    enum zl_severity sev);
void zl_rep_stats_add(struct zl_rep_stats *st, const struct zl_rep_file *f);

/*
 * The summary table: totals, findings per rule and severity (registry
 * order; ids this version does not know last), and the `worst` zones with
 * the most severe findings. Plain text, terminal-safe.
 */
void zl_rep_summary(struct zl_buf *b, const struct zl_rep_stats *st,
    size_t worst);
/* Rules with findings, in summary order; *n set. Caller frees the array. */
const struct zl_rep_rule_count **zl_rep_stats_rules(const struct zl_rep_stats *st,
    size_t *n);

/* The envelope of --format json: begin, files (each after
 * zl_rep_json_sep()), end with the "summary" object. */
void zl_rep_json_begin(struct zl_buf *b);
void zl_rep_json_sep(struct zl_buf *b, size_t files_before);
void zl_rep_json_end(struct zl_buf *b, size_t files_written,
    const struct zl_rep_stats *st);

#endif
