/* SPDX-License-Identifier: MIT */
/*
 * The check engine: runs every enabled rule over a loaded zone and collects
 * findings. State lives in struct zl_ctx, never in globals, so tests can run
 * many zones in one process.
 *
 * How a check reports (the whole API a check needs):
 *
 *	struct zl_diag *d = zl_report(ctx, ZL_R_spf_ptr, rec, rec->src,
 *	    start, end, "'ptr' is slow and unreliable (RFC 7208 §5.5)");
 *	if (d != NULL) {
 *		struct zl_fix *f = zl_diag_fix(d, ZL_FIX_SAFE, "remove it");
 *		zl_fix_delete(f, rec->src, start, end);
 *	}
 *
 * zl_report() returns NULL when the rule is switched off or the finding is
 * suppressed with "; zonelint: ignore=<id>" on the record's first line, the
 * line before it, or the line of the finding; a check must then not build a
 * fix. Messages follow git's rules: lower case (acronyms aside), no full
 * stop, the problem first, subjects in single quotes, the RFC section in
 * parentheses.
 *
 * Families that share analysis (SPF results feed DMARC) keep it in
 * ctx->family[ZL_FAM_x], built on first use and released by the free
 * function they register with zl_ctx_family_set().
 */
#ifndef ZL_ENGINE_H
#define ZL_ENGINE_H

#include <stdarg.h>
#include <stdint.h>

#include "diag.h"
#include "profile.h"
#include "rule.h"
#include "zone.h"

struct zl_ctx;
typedef void zl_family_free_fn(void *data);

/*
 * What the other zones of the same run publish, for cross-zone checks
 * (DMARC external report authorization, RFC 7489 §7.1): the origins of all
 * zones in the run and every owner name of theirs that contains the label
 * "_report" (e.g. "example.com._report._dmarc.reports.example.net."). The
 * CLI builds it in a first pass over the files of one run; all names are
 * absolute presentation text in lower case with the trailing dot.
 */
struct zl_run_index {
	char **origins;
	size_t norigins;
	char **report_names;
	size_t nreport_names;
};
/* 1 when origin (text, any case, trailing dot optional) is a zone of the run. */
int zl_run_has_zone(const struct zl_run_index *ri, const char *origin);
/* 1 when name is published by a zone of the run. */
int zl_run_has_name(const struct zl_run_index *ri, const char *name);
void zl_run_index_add_zone(struct zl_run_index *ri, const struct zl_zone *z);
void zl_run_index_release(struct zl_run_index *ri);

struct zl_ctx {
	const struct zl_zone *zone;
	const struct zl_config *cfg;
	const struct zl_run_index *run;   /* other zones of the run, may be NULL */
	struct zl_diag_list diags;
	void *family[ZL_FAM__COUNT];
	zl_family_free_fn *family_free[ZL_FAM__COUNT];
	uint32_t seq;
	/* suppressions found in comments: computed on first report */
	struct zl_suppr *suppr;
	size_t nsuppr;
	int suppr_ready;
	struct zl_suppr_word *unknown;  /* words that name no rule or family */
	size_t nunknown;
	unsigned char *claimed; /* per zone->errs[i]: explained by another rule */
};

void zl_ctx_init(struct zl_ctx *ctx, const struct zl_zone *zone,
    const struct zl_config *cfg);
void zl_ctx_release(struct zl_ctx *ctx);
void zl_ctx_family_set(struct zl_ctx *ctx, enum zl_family f, void *data,
    zl_family_free_fn *fn);

/* Run every enabled, implemented rule; findings end up sorted in ctx->diags. */
void zl_engine_run(struct zl_ctx *ctx);

/* Effective severity of a rule in this run (ZL_SEV_NONE: off). */
enum zl_severity zl_ctx_severity(const struct zl_ctx *ctx, enum zl_rule_id id);

/*
 * Report a finding at [start, end) of source src. rec may be NULL (then the
 * finding's record span is the finding's own). Returns the new finding, or
 * NULL when off or suppressed.
 */
struct zl_diag *zl_report(struct zl_ctx *ctx, enum zl_rule_id id,
    const struct zl_record *rec, uint32_t src, uint32_t start, uint32_t end,
    const char *fmt, ...) ZL_PRINTF(7, 8);
/* The same, about the record as a whole (its first line, column 1). */
struct zl_diag *zl_report_record(struct zl_ctx *ctx, enum zl_rule_id id,
    const struct zl_record *rec, const char *fmt, ...) ZL_PRINTF(4, 5);
/*
 * The same with a severity other than the rule's default (dkim-key-weak is
 * an error below 1024 bits and info above). A severity set by the user or a
 * profile still wins.
 */
struct zl_diag *zl_report_sev(struct zl_ctx *ctx, enum zl_rule_id id,
    enum zl_severity sev, const struct zl_record *rec, uint32_t src,
    uint32_t start, uint32_t end, const char *fmt, ...) ZL_PRINTF(8, 9);
struct zl_diag *zl_vreport(struct zl_ctx *ctx, enum zl_rule_id id,
    enum zl_severity sev, const struct zl_record *rec, uint32_t src,
    uint32_t start, uint32_t end, const char *fmt, va_list ap);

/* Attach a fix (the diag owns it). */
struct zl_fix *zl_diag_fix(struct zl_diag *d, enum zl_applicability app,
    const char *title_fmt, ...) ZL_PRINTF(3, 4);

/*
 * A syntax error (zone->errs[i]) that another rule explains better, e.g. a
 * DKIM value continued on the next line without parentheses: zone-syntax
 * then stays quiet about it.
 */
void zl_ctx_claim_error(struct zl_ctx *ctx, size_t i);
int zl_ctx_error_claimed(const struct zl_ctx *ctx, size_t i);

/*
 * A word of "; zonelint: ignore=a,b" that names no rule, no family and not
 * "all": [start, end) of source src. suppression-unknown reports them.
 */
struct zl_suppr_word {
	uint32_t src, start, end;
};
/* The unknown words of the zone's suppressions, in file order. */
const struct zl_suppr_word *zl_ctx_suppr_unknown(struct zl_ctx *ctx,
    size_t *n);

/* 1 when "; zonelint: ignore=" suppresses rule id at that place. */
int zl_ctx_suppressed(struct zl_ctx *ctx, enum zl_rule_id id,
    const struct zl_record *rec, uint32_t src, uint32_t off);

#endif
