/* SPDX-License-Identifier: MIT */
/* Helpers shared by the cmocka unit tests. */
#ifndef ZL_TEST_UTIL_H
#define ZL_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine.h"
#include "zone.h"

/* A zone from text (origin example.com. unless the text says otherwise). */
struct zl_zone *zl_test_zone(const char *text);
/* Load and run every rule with default configuration (cfg may be NULL). */
struct zl_test_run {
	struct zl_zone *zone;
	struct zl_ctx ctx;
	struct zl_config cfg;
};
void zl_test_run(struct zl_test_run *r, const char *text,
    struct zl_config *cfg_or_null);
void zl_test_run_free(struct zl_test_run *r);
/* A default configuration with every family but `family` switched off. */
void zl_test_config_only(struct zl_config *cfg, enum zl_family family);
/* Number of findings of a rule in a run. */
size_t zl_test_count(const struct zl_test_run *r, enum zl_rule_id id);
/* 1-based line of the first finding of a rule, 0 when none. */
unsigned zl_test_line(const struct zl_test_run *r, enum zl_rule_id id);

#endif
