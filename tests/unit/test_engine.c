/* SPDX-License-Identifier: MIT */
/* Engine: suppressions, severities, rules switched off, claimed errors. */
#include "util.h"

#include <string.h>

#define HEAD "$ORIGIN example.com.\n$TTL 300\n" \
	"@ IN SOA ns1.example.com. h.example.com. 1 2 3 4 5\n" \
	"  IN NS ns1.example.com.\n"

static void
test_suppress_line_before_and_same_line(void **state)
{
	struct zl_test_run r;
	struct zl_config cfg;

	(void)state;
	zl_test_config_only(&cfg, ZL_FAM_ZONE);
	zl_test_run(&r, HEAD
	    "; zonelint: ignore=zone-cname-conflict\n"
	    "www IN CNAME web.example.com.\n"
	    "www IN TXT \"x\"\n"
	    "a IN MX 10 m.example.com ; zonelint: ignore=zone\n"
	    "b IN MX 10 m.example.com ; zonelint: ignore=spf-ptr\n"
	    "c IN A 1.2.3.999 ; not a comment naming zonelint: ignore=all is fine\n", &cfg);
	assert_int_equal(zl_test_count(&r, ZL_R_zone_cname_conflict), 0);
	/* a: family suppressed; b: another rule named, still reported */
	assert_int_equal(zl_test_count(&r, ZL_R_zone_name_doubled_origin), 1);
	assert_int_equal(zl_test_line(&r, ZL_R_zone_name_doubled_origin), 9);
	/* c: the marker is inside a comment after text, so it counts */
	assert_int_equal(zl_test_count(&r, ZL_R_zone_syntax), 0);
	zl_test_run_free(&r);
}

static void
test_severity_and_off(void **state)
{
	struct zl_test_run r;
	struct zl_config cfg;

	(void)state;
	zl_test_config_only(&cfg, ZL_FAM_ZONE);
	cfg.severity[ZL_R_zone_name_doubled_origin] = ZL_SEV_ERROR;
	cfg.overridden[ZL_R_zone_name_doubled_origin] = 1;
	cfg.severity[ZL_R_zone_syntax] = ZL_SEV_NONE;
	zl_test_run(&r, HEAD "a IN MX 10 m.example.com\nb IN A 999.1.1.1\n", &cfg);
	assert_int_equal(zl_test_count(&r, ZL_R_zone_name_doubled_origin), 1);
	assert_int_equal(r.ctx.diags.v[0].severity, ZL_SEV_ERROR);
	assert_int_equal(zl_test_count(&r, ZL_R_zone_syntax), 0);
	zl_test_run_free(&r);
}

static void
test_findings_sorted_and_errors_go_on(void **state)
{
	struct zl_test_run r;
	struct zl_config cfg;

	(void)state;
	zl_test_config_only(&cfg, ZL_FAM_ZONE);
	zl_test_run(&r, HEAD "x IN A 1.2.3\ny IN BOGUS 1\nz IN A 192.0.2.1\nw IN AAAA ::g\n", &cfg);
	assert_int_equal(zl_test_count(&r, ZL_R_zone_syntax), 3);
	assert_int_equal(r.zone->nrecs, 3);	/* SOA, NS, z */
	for (size_t i = 1; i < r.ctx.diags.n; i++)
		assert_true(r.ctx.diags.v[i - 1].start <= r.ctx.diags.v[i].start);
	zl_test_run_free(&r);
}

/*
 * The families' analyses are gone when the run ends (each right after the
 * last rule that reads it), and DMARC's policy check, which asks SPF and
 * DKIM after their own rules have run, still gets its answers.
 */
static void
test_family_state_released(void **state)
{
	struct zl_test_run r;

	(void)state;
	zl_test_run(&r, HEAD
	    "@ IN MX 10 mx.example.net.\n"
	    "@ IN TXT \"v=spf1 mx -all\"\n"
	    "_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:d@example.com\"\n"
	    "a IN MX 10 mx.example.net.\n"
	    "_dmarc.a IN TXT \"v=DMARC1; p=reject; rua=mailto:d@example.com\"\n"
	    "s._domainkey IN TXT \"v=DKIM1; k=rsa; p=\"\n", NULL);
	for (int f = 0; f < ZL_FAM__COUNT; f++)
		assert_null(r.ctx.family[f]);
	/* no valid DKIM key anywhere: both p=reject policies are reported */
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_policy_unauthenticated), 2);
	zl_test_run_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_suppress_line_before_and_same_line),
		cmocka_unit_test(test_severity_and_off),
		cmocka_unit_test(test_findings_sorted_and_errors_go_on),
		cmocka_unit_test(test_family_state_released),
	};

	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
