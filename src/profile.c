/* SPDX-License-Identifier: MIT */
/*
 * Placeholder until the YAML loader lands: every entry point reports that
 * rule files are not supported yet, so nothing pretends to apply a profile.
 */
#include "profile.h"

#include <stdlib.h>

#include "xalloc.h"

int
zl_config_load_rules_dir(struct zl_config *cfg, const char *rules_dir,
    char **err)
{
	(void)cfg;
	(void)rules_dir;
	*err = NULL;
	return 0;
}

int
zl_config_add_profile(struct zl_config *cfg, const char *name,
    const char *rules_dir, char **err)
{
	(void)cfg;
	(void)rules_dir;
	*err = zl_xasprintf("profile '%s': profiles are not implemented yet", name);
	return -1;
}

char *
zl_config_find(const char *zone_path)
{
	(void)zone_path;
	return NULL;
}

int
zl_config_load_project(struct zl_config *cfg, const char *config_path,
    const char *zone_path, const char *rules_dir, char **err)
{
	(void)cfg;
	(void)zone_path;
	(void)rules_dir;
	*err = zl_xasprintf("%s: project configuration is not implemented yet",
	    config_path);
	return -1;
}

int
zl_profiles_list(const char *rules_dir, struct zl_profile ***out, size_t *n,
    char **err)
{
	(void)rules_dir;
	*out = NULL;
	*n = 0;
	*err = zl_xstrdup("profiles are not implemented yet");
	return -1;
}
