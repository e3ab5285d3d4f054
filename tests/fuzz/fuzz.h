/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the libFuzzer targets in tests/fuzz/ (Knot's
 * tests-fuzz/ layout: one fuzz_<name>.c per entry point, built by
 * tests/fuzz/run.sh against the library sources).
 *
 * A target checks invariants of its own on top of what the sanitizers
 * catch; a broken invariant calls FUZZ_ASSERT(), which prints what failed
 * and aborts, so libFuzzer saves the input as a crash. The helpers here
 * build the configuration once per process (the rule files of the tree
 * under test), keep a private folder for files a target has to write, and
 * never print on the normal path.
 */
#ifndef ZL_FUZZ_H
#define ZL_FUZZ_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "profile.h"
#include "zone.h"

#ifndef FUZZ_RULES_DIR
#define FUZZ_RULES_DIR "rules"
#endif

#define FUZZ_ASSERT(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "fuzz invariant failed: %s (%s:%d): ", \
			    #cond, __FILE__, __LINE__);			\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
			abort();					\
		}							\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The rules folder: $ZONELINT_RULES, else the tree's rules/ (absolute). */
static inline const char *
fuzz_rules_dir(void)
{
	const char *d = getenv("ZONELINT_RULES");

	return d != NULL && d[0] != '\0' ? d : FUZZ_RULES_DIR;
}

/*
 * The baseline configuration, loaded once. Aborts when the tree's rule
 * files do not load: every input would then be a false finding.
 */
static inline const struct zl_config *
fuzz_base_config(void)
{
	static struct zl_config cfg;
	static int ready;
	char *err = NULL;

	if (ready)
		return &cfg;
	zl_config_init(&cfg);
	if (zl_config_load_rules_dir(&cfg, fuzz_rules_dir(), &err) != 0) {
		fprintf(stderr, "fuzz: cannot load the rule files from '%s': %s\n",
		    fuzz_rules_dir(), err ? err : "?");
		abort();
	}
	ready = 1;
	return &cfg;
}

/*
 * A private folder for this process, created on first use and holding
 * inc.zone, a small zone file that inputs may $INCLUDE. Files outside it
 * are refused by the loader (allow_include_outside is 0), so an input can
 * never make a target read /dev/zero or the fuzzer's own files.
 */
static inline const char *
fuzz_dir(void)
{
	static char dir[PATH_MAX];
	static const char inc[] =
	    "; included by fuzz inputs\n"
	    "$TTL 300\n"
	    "inc TXT \"v=spf1 include:_spf.example.net -all\"\n"
	    "sel._domainkey TXT \"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC\"\n"
	    "_dmarc TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n";
	FILE *fp;
	char path[PATH_MAX + 16];

	if (dir[0] != '\0')
		return dir;
	snprintf(dir, sizeof(dir), "%s/zl-fuzz-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("fuzz: mkdtemp");
		abort();
	}
	snprintf(path, sizeof(path), "%s/inc.zone", dir);
	fp = fopen(path, "w");
	if (fp == NULL || fwrite(inc, 1, sizeof(inc) - 1, fp) != sizeof(inc) - 1 ||
	    fclose(fp) != 0) {
		perror("fuzz: inc.zone");
		abort();
	}
	return dir;
}

/* Load options every target uses: origin given, includes kept inside. */
static inline void
fuzz_load_opts(struct zl_load_opts *lo, int with_origin)
{
	memset(lo, 0, sizeof(*lo));
	lo->origin = with_origin ? "example.com." : NULL;
	lo->allow_include_outside = 0;
	lo->max_include_depth = 4;
}

/* Count of findings of one rule. */
static inline size_t
fuzz_count_rule(const struct zl_diag_list *l, enum zl_rule_id id)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].rule == id)
			n++;
	return n;
}

#endif
