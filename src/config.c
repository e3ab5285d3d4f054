/* SPDX-License-Identifier: MIT */
/*
 * struct zl_config lifecycle (profile.h): defaults from the registry, and
 * freeing profiles. Reading YAML is profile.c's job.
 */
#include "profile.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

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
		zl_regex_free(p->tokens[i].match);
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
		free(p->generic[i].value_owner);
	}
	free(p->generic);
	free(p->overrides);
	for (size_t i = 0; i < p->nspf_costs; i++) {
		free(p->spf_costs[i].domain);
		free(p->spf_costs[i].as_of);
	}
	free(p->spf_costs);
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
	for (size_t i = 0; i < cfg->nfiles_include; i++)
		free(cfg->files_include[i]);
	free(cfg->files_include);
	for (size_t i = 0; i < cfg->nfiles_exclude; i++)
		free(cfg->files_exclude[i]);
	free(cfg->files_exclude);
	memset(cfg, 0, sizeof(*cfg));
}

/* domain without a trailing dot equals d (lower case), case-insensitively */
static int
same_domain(const char *d, const char *domain)
{
	size_t n = strlen(domain);

	if (n > 0 && domain[n - 1] == '.')
		n--;
	if (strlen(d) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)domain[i]) != d[i])
			return 0;
	return 1;
}

const struct zl_spf_cost *
zl_config_spf_cost(const struct zl_config *cfg, const char *domain)
{
	for (size_t i = 0; i < cfg->nspf_costs; i++)
		if (same_domain(cfg->spf_costs[i].domain, domain))
			return &cfg->spf_costs[i];
	return NULL;
}

void
zl_config_set_spf_cost(struct zl_config *cfg, const char *domain, int lookups,
    int voids, const char *as_of)
{
	struct zl_spf_cost *c = (struct zl_spf_cost *)zl_config_spf_cost(cfg,
	    domain);
	size_t n = strlen(domain);

	if (c == NULL) {
		cfg->spf_costs = zl_xrealloc(cfg->spf_costs,
		    (cfg->nspf_costs + 1) * sizeof(*cfg->spf_costs));
		c = &cfg->spf_costs[cfg->nspf_costs++];
		if (n > 0 && domain[n - 1] == '.')
			n--;
		c->domain = zl_xstrndup(domain, n);
		for (char *p = c->domain; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	} else {
		free(c->as_of);
	}
	c->lookups = lookups;
	c->voids = voids;
	c->as_of = as_of ? zl_xstrdup(as_of) : NULL;
}
