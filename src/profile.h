/* SPDX-License-Identifier: MIT */
/*
 * Rule sets, vendor profiles and project configuration (YAML, libyaml's
 * document API; every pattern is PCRE2). This header is the data model the
 * checks read; profile.c loads it and is the only user of libyaml and
 * PCRE2 (checks see struct zl_regex through zl_regex_match()).
 *
 * A profile states, as data, what a vendor's set-up guide asks for: SPF
 * includes and where the sending domain is, DKIM selectors (TXT or CNAME,
 * with the exact key when the vendor publishes one), ownership tokens,
 * DMARC expectations, generic require/forbid rules, severity overrides.
 * See man/zonelint-rules.5 for the YAML schema.
 *
 * Ownership: a struct zl_config owns its profiles, a profile owns all it
 * points to; free with zl_config_free().
 */
#ifndef ZL_PROFILE_H
#define ZL_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "rule.h"

struct zl_regex;	/* compiled PCRE2 pattern with match and depth limits */

/*
 * Match subject [s, s+n). Returns 1 on a match, 0 on none, -1 when the
 * match was stopped by a limit (reported by the caller as a finding, never
 * a hang). When ovec is not NULL, ovec[2*i], ovec[2*i+1] receive the
 * offsets of capture i for i < nvec (unset captures: SIZE_MAX).
 */
int zl_regex_match(const struct zl_regex *re, const char *s, size_t n,
    size_t *ovec, int nvec);
const char *zl_regex_source(const struct zl_regex *re);
/* Number of capturing groups in the pattern. */
int zl_regex_captures(const struct zl_regex *re);
/* Compile pattern; NULL with *err (caller frees) on failure. */
struct zl_regex *zl_regex_new(const char *pattern, size_t n, int caseless,
    char **err);
void zl_regex_free(struct zl_regex *re);

/* Where a datum came from in a rule file, for messages (1-based). */
struct zl_yaml_pos {
	const char *file;        /* borrowed from the profile */
	unsigned line, col;
};

struct zl_prof_spf {
	char **includes;         /* domains: "spf.webcrm.com" */
	size_t nincludes;
	/*
	 * Names that send mail, relative to the origin. NULL means the apex
	 * only. Matched against the owner's text relative to the origin
	 * ("@" for the apex, "news" for news.<origin>).
	 */
	struct zl_regex *senders;
	char *default_record;    /* added when a sender has no SPF, or NULL */
	struct zl_yaml_pos pos;
};

enum zl_dkim_kind {
	ZL_DKIM_TXT,
	ZL_DKIM_CNAME,
	ZL_DKIM_ANY,             /* TXT or CNAME */
};

struct zl_prof_dkim {
	char *selector;          /* "key001": key001._domainkey.<domain> */
	enum zl_dkim_kind kind;
	/*
	 * CNAME target pattern (absolute text, lower case, trailing dot),
	 * e.g. "^selector1-.*\._domainkey\..*\.onmicrosoft\.com\.$".
	 */
	struct zl_regex *target;
	char *key;               /* exact p= value the vendor publishes, or NULL */
	char *value;             /* whole TXT value a fix may add, or NULL */
	int required;            /* 1: dkim-selector-missing when absent */
	/* severity of dkim-selector-missing for this selector; NONE: the rule's */
	enum zl_severity severity;
	struct zl_yaml_pos pos;
};

/*
 * Domain-ownership token, e.g. Mailjet's mailjet._<8 hex> holding a 32-hex
 * value beginning with the same 8 characters. The name pattern is matched
 * against the owner relative to the origin; the value pattern may refer to
 * the name's captures as $1..$9, which are substituted (quoted) before the
 * value pattern is compiled.
 */
struct zl_prof_token {
	struct zl_regex *name;
	char *value_pattern;
	char *description;
	int required;            /* 1: vendor-record-required when absent */
	/*
	 * Record type the token is (TXT by default; CNAME tokens are matched
	 * on the absolute lower-case target), and, when not NULL, a pattern
	 * on the value that picks the token among other records at the same
	 * name ("^google-site-verification" among the apex's TXT records).
	 */
	uint16_t type;
	struct zl_regex *match;
	struct zl_yaml_pos pos;
};

struct zl_prof_dmarc {
	char *rua;               /* reporting address a fix adds ("mailto:...") */
	int required;            /* raise dmarc-missing to the profile's severity */
	int min_policy;          /* 0 none, 1 quarantine, 2 reject; -1 no minimum */
	struct zl_yaml_pos pos;
};

enum zl_generic_kind {
	ZL_GENERIC_REQUIRE,
	ZL_GENERIC_FORBID,
};

/* A user's rule without C: owner pattern, type, value pattern. */
struct zl_prof_generic {
	enum zl_generic_kind kind;
	char *id;                /* user's label, shown in the message */
	struct zl_regex *owner;  /* relative owner text, as for senders */
	uint16_t type;           /* 0: any type */
	struct zl_regex *value;  /* on the joined TXT value or RDATA text; NULL: any */
	enum zl_severity severity;
	char *message;
	char *value_text;        /* for require: what a fix adds, or NULL */
	/*
	 * Owner of the record a fix adds, relative to the origin ("@" for
	 * the apex); set when value_text is. The loader checks that the
	 * added record satisfies owner, type and value, so the fix clears
	 * its own finding.
	 */
	char *value_owner;
	struct zl_yaml_pos pos;
};

struct zl_override {
	enum zl_rule_id rule;
	enum zl_severity severity; /* ZL_SEV_NONE: switched off */
};

/* Known lookup cost of an include outside the zone (rules/spf-includes.yaml). */
struct zl_spf_cost {
	char *domain;            /* lower case, no trailing dot */
	int lookups;             /* DNS-querying terms the include pulls in, itself included */
	int voids;               /* known void lookups */
	char *as_of;             /* date the cost was measured */
};

struct zl_profile {
	char *name;              /* "webcrm" */
	char *path;              /* file it was read from */
	char *summary;
	char *source;            /* the vendor guide it was written from */
	struct zl_prof_spf *spf; /* NULL when the profile says nothing of SPF */
	struct zl_prof_dkim *dkim;
	size_t ndkim;
	struct zl_prof_token *tokens;
	size_t ntokens;
	struct zl_prof_dmarc *dmarc;
	struct zl_prof_generic *generic;
	size_t ngeneric;
	struct zl_override *overrides;
	size_t noverrides;
	/* include lookup costs the profile records (its spf-includes key) */
	struct zl_spf_cost *spf_costs;
	size_t nspf_costs;
};

/* The effective configuration of one run. */
struct zl_config {
	enum zl_severity severity[ZL_R__COUNT]; /* ZL_SEV_NONE: off */
	unsigned char overridden[ZL_R__COUNT];  /* severity set by user or profile */
	struct zl_profile **profiles;
	size_t nprofiles;
	struct zl_spf_cost *spf_costs;
	size_t nspf_costs;
	enum zl_severity fail_on;  /* ZL_SEV_NONE: never */
	char *config_path;         /* the .zonelint.yaml in use, or NULL */
	/* .zonelint.yaml "files: {include: [..], exclude: [..]}": which files
	 * -r finds (globs as --include/--exclude take them) */
	char **files_include;
	size_t nfiles_include;
	char **files_exclude;
	size_t nfiles_exclude;
	/*
	 * Rules whose level the user's project configuration chose (its
	 * severity, select and ignore keys): a profile's severity overrides
	 * do not change them, so the user's word beats a vendor profile's.
	 */
	unsigned char user_set[ZL_R__COUNT];
};

/* Defaults of every rule from the registry; no profile. */
void zl_config_init(struct zl_config *cfg);
void zl_config_release(struct zl_config *cfg);
void zl_profile_free(struct zl_profile *p);

/* ---- loading (profile.c) ----
 * Every function returns 0, or -1 with *err set to "file:line:col: what is
 * wrong" (caller frees); a bad rule file is a usage error (exit 2).
 */

/* rules/baseline.yaml and rules/spf-includes.yaml from rules_dir. */
int zl_config_load_rules_dir(struct zl_config *cfg, const char *rules_dir,
    char **err);
/* A profile by name (rules_dir/<name>.yaml) or by path; appended to cfg and
 * its overrides applied. Loading the same profile twice is a no-op. */
int zl_config_add_profile(struct zl_config *cfg, const char *name_or_path,
    const char *rules_dir, char **err);
/* The nearest .zonelint.yaml from the zone's folder upward; NULL if none. */
char *zl_config_find(const char *zone_path);
/* Apply a project configuration to cfg for one zone file (profiles per path
 * glob, severity overrides, select/ignore, fail-on). */
int zl_config_load_project(struct zl_config *cfg, const char *config_path,
    const char *zone_path, const char *rules_dir, char **err);
/*
 * Add or replace the lookup cost of an include (domain: lower case, no
 * trailing dot; as_of may be NULL). Copies its arguments.
 */
void zl_config_set_spf_cost(struct zl_config *cfg, const char *domain,
    int lookups, int voids, const char *as_of);
/* The recorded cost of an include, or NULL (domain: any case, dot or not). */
const struct zl_spf_cost *zl_config_spf_cost(const struct zl_config *cfg,
    const char *domain);

/* Every profile in rules_dir (baseline and spf-includes excluded), sorted by
 * name; free each with zl_profile_free() and the array with free(). */
int zl_profiles_list(const char *rules_dir, struct zl_profile ***out,
    size_t *n, char **err);

#endif
