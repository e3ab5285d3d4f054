/* SPDX-License-Identifier: MIT */
/*
 * struct zl_config lifecycle (profile.h): defaults from the registry, and
 * freeing profiles. Reading YAML is profile.c's job.
 */
#include "profile.h"

#include <stdlib.h>
#include <string.h>



void
zl_config_init(struct zl_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < ZL_R__COUNT; i++)
		cfg->severity[i] = zl_rules[i].severity;
	cfg->fail_on = ZL_SEV_ERROR;
}

void
zl_profile_free(struct zl_profile *p)
{
	if (p == NULL)
		return;
	free(p->name);
	free(p->path);
	free(p->summary);
	free(p->source);
	if (p->spf) {
		for (size_t i = 0; i < p->spf->nincludes; i++)
			free(p->spf->includes[i]);
		free(p->spf->includes);
		zl_regex_free(p->spf->senders);
		free(p->spf->default_record);
		free(p->spf);
	}
	for (size_t i = 0; i < p->ndkim; i++) {
		free(p->dkim[i].selector);
		zl_regex_free(p->dkim[i].target);
		free(p->dkim[i].key);
		free(p->dkim[i].value);
	}
	free(p->dkim);
	for (size_t i = 0; i < p->ntokens; i++) {
		zl_regex_free(p->tokens[i].name);
		free(p->tokens[i].value_pattern);
		free(p->tokens[i].description);
	}
	free(p->tokens);
	if (p->dmarc) {
		free(p->dmarc->rua);
		free(p->dmarc);
	}
	for (size_t i = 0; i < p->ngeneric; i++) {
		free(p->generic[i].id);
		zl_regex_free(p->generic[i].owner);
		zl_regex_free(p->generic[i].value);
		free(p->generic[i].message);
		free(p->generic[i].value_text);
	}
	free(p->generic);
	free(p->overrides);
	free(p);
}

void
zl_config_release(struct zl_config *cfg)
{
	for (size_t i = 0; i < cfg->nprofiles; i++)
		zl_profile_free(cfg->profiles[i]);
	free(cfg->profiles);
	for (size_t i = 0; i < cfg->nspf_costs; i++) {
		free(cfg->spf_costs[i].domain);
		free(cfg->spf_costs[i].as_of);
	}
	free(cfg->spf_costs);
	free(cfg->config_path);
	memset(cfg, 0, sizeof(*cfg));
}
