/* SPDX-License-Identifier: MIT */
/*
 * Findings and fixes (Ruff's Diagnostic/Fix/Edit, ShellCheck's
 * PositionedComment/Replacement). Findings are data in a list; they are
 * not errors (simdzone's log/return split).
 *
 * An edit replaces the half-open byte range [start, end) of one source with
 * text (start == end: insertion; text "": deletion). A fix is all or
 * nothing: its edits are applied together or not at all.
 *
 * Ownership: a zl_diag owns its fix; a fix owns its edits and their text;
 * the list owns the diags and their messages.
 */
#ifndef ZL_DIAG_H
#define ZL_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "rule.h"
#include "xalloc.h"

enum zl_applicability {
	ZL_FIX_DISPLAY_ONLY = 0, /* advice; never applied */
	ZL_FIX_UNSAFE = 1,       /* changes what passes; a suggestion */
	ZL_FIX_SAFE = 2,         /* applied by fix and diff */
};

struct zl_edit {
	uint32_t src, start, end;
	char *text;
};

struct zl_fix {
	enum zl_applicability applicability;
	char *title;             /* what the fix does: "merge into one record" */
	struct zl_edit *edits;   /* sorted by (src, start) before planning */
	size_t nedits, cap;
};

struct zl_diag {
	enum zl_rule_id rule;
	enum zl_severity severity;
	uint32_t src;            /* source index in the zone */
	uint32_t start, end;     /* the offending text */
	uint32_t rec_start, rec_end; /* the record (or entry) it belongs to */
	uint32_t owner;          /* name id, or UINT32_MAX */
	const char *message;     /* interned in the list (zl_diag_list_intern()) */
	struct zl_fix *fix;      /* NULL when none */
	uint32_t seq;            /* report order, for stable sorting */
};

struct zl_msg_block;

/*
 * The findings of a run. Their messages are interned: equal texts share
 * one copy, kept in blocks the list owns. The bar zone's 92,000 findings
 * have 43,000 distinct messages ("RSA key of 1024 bits; ..." 35,000 times),
 * and every one is kept until the report is written.
 */
struct zl_diag_list {
	struct zl_diag *v;
	size_t n, cap;
	/* private: the interned texts */
	const char **mtab;       /* hash table of texts, NULL empty */
	size_t mcap, nmsg;
	struct zl_msg_block *blocks;
};

void zl_diag_list_release(struct zl_diag_list *l);
/* The list's copy of text s[0..n) (NUL-terminated), made on first use. */
const char *zl_diag_list_intern(struct zl_diag_list *l, const char *s,
    size_t n);
/* Sort by (src, start, end, severity desc, rule, message) and drop duplicates. */
void zl_diag_list_sort(struct zl_diag_list *l);

struct zl_fix *zl_fix_new(enum zl_applicability app, const char *title);
void zl_fix_free(struct zl_fix *f);
void zl_fix_replace(struct zl_fix *f, uint32_t src, uint32_t start,
    uint32_t end, const char *text);
void zl_fix_replacen(struct zl_fix *f, uint32_t src, uint32_t start,
    uint32_t end, const char *text, size_t n);
void zl_fix_insert(struct zl_fix *f, uint32_t src, uint32_t at,
    const char *text);
void zl_fix_delete(struct zl_fix *f, uint32_t src, uint32_t start,
    uint32_t end);
void zl_fix_sort(struct zl_fix *f);

#endif
