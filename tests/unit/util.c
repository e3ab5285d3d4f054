/* SPDX-License-Identifier: MIT */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct zl_zone *
zl_test_zone(const char *text)
{
	struct zl_zone *z = NULL;
	struct zl_load_opts lo;
	char *why = NULL;

	memset(&lo, 0, sizeof(lo));
	if (strstr(text, "$ORIGIN") == NULL)
		lo.origin = "example.com.";
	if (zl_zone_load_mem(&z, "test.zone", text, strlen(text), &lo, &why) != 0) {
		fprintf(stderr, "load failed: %s\n", why ? why : "?");
		free(why);
		return NULL;
	}
	return z;
}

void
zl_test_run(struct zl_test_run *r, const char *text, struct zl_config *cfg)
{
	memset(r, 0, sizeof(*r));
	if (cfg != NULL)
		r->cfg = *cfg;
	else
		zl_config_init(&r->cfg);
	r->zone = zl_test_zone(text);
	assert_non_null(r->zone);
	zl_ctx_init(&r->ctx, r->zone, &r->cfg);
	zl_engine_run(&r->ctx);
}

void
zl_test_run_free(struct zl_test_run *r)
{
	zl_ctx_release(&r->ctx);
	zl_zone_free(r->zone);
	zl_config_release(&r->cfg);
}

size_t
zl_test_count(const struct zl_test_run *r, enum zl_rule_id id)
{
	size_t n = 0;

	for (size_t i = 0; i < r->ctx.diags.n; i++)
		if (r->ctx.diags.v[i].rule == id)
			n++;
	return n;
}

unsigned
zl_test_line(const struct zl_test_run *r, enum zl_rule_id id)
{
	for (size_t i = 0; i < r->ctx.diags.n; i++)
		if (r->ctx.diags.v[i].rule == id)
			return zl_source_line(r->zone->sources[r->ctx.diags.v[i].src],
			    r->ctx.diags.v[i].start);
	return 0;
}

void
zl_test_config_only(struct zl_config *cfg, enum zl_family family)
{
	zl_config_init(cfg);
	for (size_t i = 0; i < ZL_R__COUNT; i++)
		if (zl_rules[i].family != family)
			cfg->severity[i] = ZL_SEV_NONE;
}
