/* SPDX-License-Identifier: MIT */
/*
 * The rule registry, expanded from rules.def (Knot's CHECK_FUNCTIONS[] and
 * Ruff's codes.rs in one table): the enum, the table and the check
 * prototypes come from the same rows, so they cannot drift.
 *
 * Each rule's check function is check_<enum-suffix>(struct zl_ctx *). It is
 * declared weak: a row whose function is not linked in has check == NULL,
 * and the CLI reports that rule as not implemented instead of pretending.
 */
#ifndef ZL_RULE_H
#define ZL_RULE_H

#include <stddef.h>

enum zl_severity {
	ZL_SEV_NONE = 0,
	ZL_SEV_INFO = 1,
	ZL_SEV_WARNING = 2,
	ZL_SEV_ERROR = 3,
};

enum zl_family {
	ZL_FAM_ZONE,
	ZL_FAM_SPF,
	ZL_FAM_DKIM,
	ZL_FAM_DMARC,
	ZL_FAM_VENDOR,
	ZL_FAM__COUNT
};

enum zl_fixable {
	ZL_FIXABLE_NEVER,
	ZL_FIXABLE_SOMETIMES,
	ZL_FIXABLE_ALWAYS,
};

enum zl_rule_id {
#define ZL_RULE(id, e, fam, sev, fix) ZL_R_##e,
#include "rules.def"
#undef ZL_RULE
	ZL_R__COUNT
};

struct zl_ctx;
typedef void zl_check_fn(struct zl_ctx *ctx);

struct zl_rule {
	const char *id;
	enum zl_rule_id num;
	enum zl_family family;
	enum zl_severity severity;   /* default */
	enum zl_fixable fixable;
	zl_check_fn *check;          /* NULL: not implemented */
};

extern const struct zl_rule zl_rules[ZL_R__COUNT];

/* By id ("spf-multiple"); NULL when unknown. */
const struct zl_rule *zl_rule_find(const char *id);
const struct zl_rule *zl_rule_findn(const char *id, size_t n);
/* Family by name ("spf"); -1 when unknown. */
int zl_family_find(const char *name);
const char *zl_family_name(enum zl_family f);
const char *zl_severity_name(enum zl_severity s);
/* "error" -> ZL_SEV_ERROR; ZL_SEV_NONE when unknown. */
enum zl_severity zl_severity_find(const char *s);
/* The explain page of a rule (plain text), or NULL. */
const char *zl_rule_explain(const char *id);

#endif
