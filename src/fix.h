/* SPDX-License-Identifier: MIT */
/*
 * The fix planner (Ruff's apply_fixes, ShellCheck's Fixer) and the fix loop.
 *
 * Planning: the fixes at or above an applicability, whose edits all lie in
 * the zone file itself (edits in $INCLUDEd files are only suggested), are
 * sorted by (first edit, rule, report order); a fix is accepted only when
 * none of its edits overlaps an edit already accepted (half-open ranges, so
 * ranges that only touch are fine; two insertions at one offset conflict
 * unless their text is the same, and then it is inserted once). Fixes are
 * all or nothing. The output is built by copying the gaps between edits and
 * the edits' text, so every byte no fix touches stays as it was.
 *
 * The loop: load, check, apply, and again on the patched bytes, until no
 * fix applies (at most ZL_FIX_MAX_PASSES). A pass that adds a zone-syntax
 * finding is thrown away: a fix must never break the zone.
 */
#ifndef ZL_FIX_H
#define ZL_FIX_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "engine.h"
#include "profile.h"
#include "zone.h"

#define ZL_FIX_MAX_PASSES 10

/*
 * Apply the accepted fixes of diags to source 0 (data, len); the result is
 * appended to out. Returns the number of fixes applied.
 */
size_t zl_fix_apply(const char *data, size_t len, struct zl_diag_list *diags,
    enum zl_applicability min, struct zl_buf *out);

struct zl_fix_result {
	struct zl_buf fixed;      /* the corrected bytes */
	size_t applied;           /* fixes applied over all passes */
	int passes;
	int converged;            /* 0: still changing after the last pass */
	int reverted;             /* a pass that broke the zone was thrown away */
	char *reverted_why;       /* the zone-syntax message that pass caused */
};

/*
 * Run the fix loop on a zone already loaded and checked (zone, diags). The
 * zone's own bytes are source 0. cfg and load options are used to reload.
 * bump_serial: increment the SOA serial when anything changed.
 */
void zl_fix_run(const struct zl_zone *zone, struct zl_diag_list *diags,
    const struct zl_config *cfg, const struct zl_load_opts *lopts,
    int bump_serial, struct zl_fix_result *res);
void zl_fix_result_release(struct zl_fix_result *res);

/*
 * Load and check a zone in one call (what check does per file).
 * Returns 0 or a negative code with *why (caller frees).
 */
int zl_lint(struct zl_zone **zone, struct zl_ctx *ctx, const char *path,
    const char *data, size_t len, const struct zl_config *cfg,
    const struct zl_load_opts *lopts, char **why);

/* Serial bump (spec §1): YYYYMMDDnn moves to today or +1; others +1. */
int zl_serial_bump(const struct zl_zone *zone, const char *data, size_t len,
    struct zl_buf *out, unsigned long today_yyyymmdd);

#endif
