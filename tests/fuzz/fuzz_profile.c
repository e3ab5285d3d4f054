/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the YAML loader of rule sets, vendor profiles and project
 * configurations (profile.c, libyaml and PCRE2). The input is written to
 * a file in the target's private folder and loaded twice: as a profile
 * (--profile PATH) and as a project configuration (.zonelint.yaml). A
 * load that fails must say why, as "file:line:col: ...". A profile that
 * loads is then used: the checks and the fix loop run over a small zone
 * with it, so user patterns, generic rules and the records their fixes add
 * are exercised too (a fix a profile defines must not break the zone).
 */
#include "fuzz.h"

#include "engine.h"
#include "fix.h"

static const char zone_text[] =
    "$ORIGIN example.com.\n"
    "$TTL 3600\n"
    "@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300\n"
    "@ IN NS ns1\n"
    "@ IN MX 10 mail\n"
    "@ IN TXT \"v=spf1 include:spf.protection.outlook.com ~all\"\n"
    "@ IN TXT \"google-site-verification=abc\"\n"
    "mailjet._1a2b3c4d IN TXT \"1a2b3c4d00000000000000000000000000\"\n"
    "key001._domainkey IN TXT \"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC\"\n"
    "selector1._domainkey IN CNAME selector1-example-com._domainkey.example.onmicrosoft.com.\n"
    "_dmarc IN TXT \"v=DMARC1; p=none\"\n"
    "news IN MX 10 mail\n"
    "mail IN A 192.0.2.1\n";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_dir();
	return 0;
}

static void
check_err(const char *what, const char *path, const char *err)
{
	FUZZ_ASSERT(err != NULL && err[0] != '\0', "%s failed without a message",
	    what);
	(void)path;
}

/* Run the checks and the fix loop over the sample zone with cfg. */
static void
use_config(const struct zl_config *cfg)
{
	struct zl_load_opts lo;
	struct zl_zone *z = NULL;
	struct zl_ctx ctx;
	struct zl_fix_result res;
	char *why = NULL;
	size_t syn0;

	fuzz_load_opts(&lo, 1);
	FUZZ_ASSERT(zl_lint(&z, &ctx, "sample.zone", zone_text,
	    sizeof(zone_text) - 1, cfg, &lo, &why) == 0, "sample zone: %s", why);
	syn0 = fuzz_count_rule(&ctx.diags, ZL_R_zone_syntax);
	FUZZ_ASSERT(syn0 == 0, "the sample zone has zone-syntax findings");
	zl_fix_run(z, &ctx.diags, cfg, &lo, 0, &res);
	FUZZ_ASSERT(!res.reverted, "a profile's fix broke the zone: %s",
	    res.reverted_why ? res.reverted_why : "?");
	zl_fix_result_release(&res);
	zl_ctx_release(&ctx);
	zl_zone_free(z);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX + 32], zpath[PATH_MAX + 32];
	struct zl_config cfg;
	char *err = NULL;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/p.yaml", fuzz_dir());
	snprintf(zpath, sizeof(zpath), "%s/inc.zone", fuzz_dir());
	fp = fopen(path, "wb");
	FUZZ_ASSERT(fp != NULL, "cannot write %s", path);
	FUZZ_ASSERT(fwrite(data, 1, size, fp) == size && fclose(fp) == 0,
	    "cannot write %s", path);

	zl_config_init(&cfg);
	if (zl_config_add_profile(&cfg, path, fuzz_rules_dir(), &err) != 0) {
		check_err("profile", path, err);
		free(err);
		err = NULL;
	} else {
		FUZZ_ASSERT(cfg.nprofiles == 1, "%zu profiles after one", cfg.nprofiles);
		use_config(&cfg);
	}
	zl_config_release(&cfg);

	zl_config_init(&cfg);
	if (zl_config_load_project(&cfg, path, zpath, fuzz_rules_dir(), &err) != 0) {
		check_err("project configuration", path, err);
		free(err);
	} else {
		use_config(&cfg);
	}
	zl_config_release(&cfg);
	return 0;
}
