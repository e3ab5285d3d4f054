/* SPDX-License-Identifier: MIT */
/*
 * PCRE2 behind struct zl_regex (profile.h). Every match runs with match and
 * depth limits, so a catastrophic pattern in a user's profile stops with
 * a reported limit instead of hanging the tool.
 */
#include "profile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "xalloc.h"

#define ZL_MATCH_LIMIT 1000000u
#define ZL_DEPTH_LIMIT 10000u
/*
 * Hardening (issue 8): one match stopped by the limit costs ~15 ms, and a
 * profile's pattern is tried on every owner or record of the zone, so a
 * catastrophic pattern over 2,000 records took 25 s. Once a pattern has
 * hit a limit a few times, its later matches get a smaller budget: plain
 * subjects still match (a few hundred steps), the pathological ones give
 * up sooner. The caller reports the limit once either way.
 */
#define ZL_LIMIT_HITS_1 3u            /* then ZL_MATCH_LIMIT_2 */
#define ZL_MATCH_LIMIT_2 10000u
#define ZL_LIMIT_HITS_2 100u          /* then ZL_MATCH_LIMIT_3 */
#define ZL_MATCH_LIMIT_3 1000u

struct zl_regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	char *source;
	unsigned limit_hits;     /* matches stopped by a limit so far */
};

struct zl_regex *
zl_regex_new(const char *pattern, size_t n, int caseless, char **err)
{
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *code;
	struct zl_regex *re;

	*err = NULL;
	code = pcre2_compile((PCRE2_SPTR)pattern, n,
	    (caseless ? PCRE2_CASELESS : 0),
	    &ec, &eo, NULL);
	if (code == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(ec, msg, sizeof(msg));
		*err = zl_xasprintf("%s at offset %zu of the pattern",
		    (const char *)msg, (size_t)eo);
		return NULL;
	}
	re = zl_xcalloc(1, sizeof(*re));
	re->code = code;
	re->md = pcre2_match_data_create_from_pattern(code, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	if (re->md == NULL || re->mctx == NULL) {
		zl_regex_free(re);
		*err = zl_xstrdup("out of memory compiling the pattern");
		return NULL;
	}
	pcre2_set_match_limit(re->mctx, ZL_MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, ZL_DEPTH_LIMIT);
	re->source = zl_xstrndup(pattern, n);
	return re;
}

void
zl_regex_free(struct zl_regex *re)
{
	if (re == NULL)
		return;
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mctx);
	pcre2_code_free(re->code);
	free(re->source);
	free(re);
}

int
zl_regex_captures(const struct zl_regex *re)
{
	uint32_t n = 0;

	if (re == NULL || pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT,
	    &n) != 0)
		return 0;
	return (int)n;
}

const char *
zl_regex_source(const struct zl_regex *re)
{
	return re ? re->source : "";
}

int
zl_regex_match(const struct zl_regex *re, const char *s, size_t n,
    size_t *ovec, int nvec)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, 0, re->md,
	    re->mctx);

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		/* a limit, or invalid UTF-8 in the subject: no match, flagged */
		if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
		    rc == PCRE2_ERROR_HEAPLIMIT) {
			/* the matcher's state, not the pattern: not really const */
			struct zl_regex *w = (struct zl_regex *)re;

			w->limit_hits++;
			if (w->limit_hits == ZL_LIMIT_HITS_1)
				pcre2_set_match_limit(w->mctx, ZL_MATCH_LIMIT_2);
			else if (w->limit_hits == ZL_LIMIT_HITS_2)
				pcre2_set_match_limit(w->mctx, ZL_MATCH_LIMIT_3);
			return -1;
		}
		return 0;
	}
	if (ovec != NULL) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
		uint32_t cnt = pcre2_get_ovector_count(re->md);

		for (int i = 0; i < nvec; i++) {
			if ((uint32_t)i < cnt && i < rc &&
			    ov[2 * i] != PCRE2_UNSET) {
				ovec[2 * i] = ov[2 * i];
				ovec[2 * i + 1] = ov[2 * i + 1];
			} else {
				ovec[2 * i] = ovec[2 * i + 1] = SIZE_MAX;
			}
		}
	}
	return 1;
}
