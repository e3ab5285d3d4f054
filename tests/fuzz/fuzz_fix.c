/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the fix engine and the diff writer. For any input that
 * loads as a zone (<private folder>/db.example.com, as in fuzz_zone.c):
 *
 *  - the fix loop's result reloads with no more zone-syntax findings than
 *    the input had (a fix must never break the zone, spec §3);
 *  - no fix applied means the bytes are unchanged;
 *  - fixing the result again changes nothing (idempotence);
 *  - the unified diff of input to result, applied by the small patcher
 *    below (written from the format, not from diff.c), gives the result,
 *    and it is empty exactly when nothing changed.
 *
 * Inputs of odd length also bump the SOA serial, so that path is fuzzed
 * too (a second run applies no fix, so it bumps nothing).
 */
#include "fuzz.h"

#include "buf.h"
#include "diff.h"
#include "engine.h"
#include "fix.h"
#include "patch.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_base_config();
	fuzz_dir();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct zl_config *cfg = fuzz_base_config();
	struct zl_load_opts lo, lo2;
	struct zl_zone *z = NULL, *z2 = NULL;
	struct zl_ctx ctx, ctx2;
	struct zl_fix_result res, res2;
	struct zl_buf d = ZL_BUF_INIT, patched = ZL_BUF_INIT;
	char *why = NULL;
	const char *pwhy;
	char name[PATH_MAX + 32];
	size_t syn0, syn1;
	int bump = (int)(size & 1);

	snprintf(name, sizeof(name), "%s/db.example.com", fuzz_dir());
	fuzz_load_opts(&lo, 0);
	if (zl_lint(&z, &ctx, name, (const char *)data, size, cfg, &lo, &why) != 0) {
		free(why);
		return 0;
	}
	syn0 = fuzz_count_rule(&ctx.diags, ZL_R_zone_syntax);
	zl_fix_run(z, &ctx.diags, cfg, &lo, bump, &res);
	if (res.applied == 0)
		FUZZ_ASSERT(res.fixed.len == size &&
		    (size == 0 || memcmp(res.fixed.data, data, size) == 0),
		    "no fix applied, yet the bytes changed");

	/* the diff, applied, gives the fixed bytes */
	zl_diff_write(&d, "db.example.com", (const char *)data, size,
	    res.fixed.data ? res.fixed.data : "", res.fixed.len);
	if (res.fixed.len == size &&
	    (size == 0 || memcmp(res.fixed.data, data, size) == 0)) {
		FUZZ_ASSERT(d.len == 0, "no change, yet a diff of %zu bytes", d.len);
	} else {
		FUZZ_ASSERT(d.len > 0, "bytes changed, yet the diff is empty");
		FUZZ_ASSERT(apply_diff((const char *)data, size, d.data, d.len,
		    &patched, &pwhy) == 0, "diff does not apply: %s:\n%.*s", pwhy,
		    (int)(d.len < 2000 ? d.len : 2000), d.data);
		FUZZ_ASSERT(patched.len == res.fixed.len &&
		    memcmp(patched.data, res.fixed.data, patched.len) == 0,
		    "diff applied does not give the fixed zone");
	}

	/* the fixed zone reloads, no new zone-syntax, and is a fixed point */
	lo2 = lo;
	lo2.origin = z->origin_text;
	FUZZ_ASSERT(zl_lint(&z2, &ctx2, name, res.fixed.data ? res.fixed.data : "",
	    res.fixed.len, cfg, &lo2, &why) == 0,
	    "the fixed zone does not load: %s", why ? why : "?");
	syn1 = fuzz_count_rule(&ctx2.diags, ZL_R_zone_syntax);
	FUZZ_ASSERT(syn1 <= syn0, "fix added zone-syntax findings: %zu -> %zu",
	    syn0, syn1);
	zl_fix_run(z2, &ctx2.diags, cfg, &lo2, bump, &res2);
	FUZZ_ASSERT(res2.fixed.len == res.fixed.len &&
	    (res.fixed.len == 0 ||
	    memcmp(res2.fixed.data, res.fixed.data, res.fixed.len) == 0),
	    "fixing the fixed zone changed it again (%zu fixes, first run %s)",
	    res2.applied, res.converged ? "converged" : "did not converge");

	zl_fix_result_release(&res2);
	zl_ctx_release(&ctx2);
	zl_zone_free(z2);
	zl_buf_release(&d);
	zl_buf_release(&patched);
	zl_fix_result_release(&res);
	zl_ctx_release(&ctx);
	zl_zone_free(z);
	return 0;
}
