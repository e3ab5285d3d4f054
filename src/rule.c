/* SPDX-License-Identifier: MIT */
/* The registry table; see rule.h and rules.def. */
#include "rule.h"

#include <string.h>
#include <strings.h>

#define ZL_RULE(id, e, fam, sev, fix) \
	extern zl_check_fn check_##e __attribute__((weak));
#include "rules.def"
#undef ZL_RULE

const struct zl_rule zl_rules[ZL_R__COUNT] = {
#define ZL_RULE(id, e, fam, sev, fix) \
	[ZL_R_##e] = { id, ZL_R_##e, ZL_FAM_##fam, ZL_SEV_##sev, \
	    ZL_FIXABLE_##fix, check_##e },
#include "rules.def"
#undef ZL_RULE
};

static const char *const family_names[ZL_FAM__COUNT] = {
	[ZL_FAM_ZONE] = "zone",
	[ZL_FAM_SPF] = "spf",
	[ZL_FAM_DKIM] = "dkim",
	[ZL_FAM_DMARC] = "dmarc",
	[ZL_FAM_VENDOR] = "vendor",
};

const struct zl_rule *
zl_rule_findn(const char *id, size_t n)
{
	for (size_t i = 0; i < ZL_R__COUNT; i++)
		if (strlen(zl_rules[i].id) == n &&
		    strncmp(zl_rules[i].id, id, n) == 0)
			return &zl_rules[i];
	return NULL;
}

const struct zl_rule *
zl_rule_find(const char *id)
{
	return zl_rule_findn(id, strlen(id));
}

int
zl_family_find(const char *name)
{
	for (int i = 0; i < ZL_FAM__COUNT; i++)
		if (strcasecmp(family_names[i], name) == 0)
			return i;
	return -1;
}

const char *
zl_family_name(enum zl_family f)
{
	return f < ZL_FAM__COUNT ? family_names[f] : "?";
}

const char *
zl_severity_name(enum zl_severity s)
{
	switch (s) {
	case ZL_SEV_ERROR:
		return "error";
	case ZL_SEV_WARNING:
		return "warning";
	case ZL_SEV_INFO:
		return "info";
	default:
		return "off";
	}
}

enum zl_severity
zl_severity_find(const char *s)
{
	if (strcasecmp(s, "error") == 0)
		return ZL_SEV_ERROR;
	if (strcasecmp(s, "warning") == 0)
		return ZL_SEV_WARNING;
	if (strcasecmp(s, "info") == 0 || strcasecmp(s, "note") == 0)
		return ZL_SEV_INFO;
	return ZL_SEV_NONE;
}
