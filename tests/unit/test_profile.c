/* SPDX-License-Identifier: MIT */
/*
 * The YAML loader (profile.c): every kind of malformed rule file is refused
 * with the exact file:line:column, the limits hold (aliases, node count,
 * file size, catastrophic patterns), the baseline and include costs load,
 * precedence between project configuration and profiles, and the vendor
 * rules on zones built in memory.
 */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "profile.h"
#include "xalloc.h"

static char tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/zl-test-profile-XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char *cmd = zl_xasprintf("rm -rf '%s'", tmpdir);
	int rc;

	(void)state;
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* Write a file in the temporary folder; returns its path (caller frees). */
static char *
put(const char *name, const char *text)
{
	char *path = zl_xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* The folder that holds rules/ (the tests run from the repository root). */
static const char *
rules_dir(void)
{
	return access("rules/baseline.yaml", R_OK) == 0 ? "rules" :
	    "../rules";
}

/*
 * Load text as profile file "t.yaml" and expect the error
 * "<path>:<where>: <msg>..." (msg is a prefix of the message).
 */
static void
expect_error(const char *text, const char *where, const char *msg)
{
	struct zl_config cfg;
	char *path = put("t.yaml", text);
	char *err = NULL, *want;

	zl_config_init(&cfg);
	assert_int_equal(zl_config_add_profile(&cfg, path, rules_dir(), &err),
	    -1);
	assert_non_null(err);
	want = zl_xasprintf("%s:%s: %s", path, where, msg);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got    '%s'\nwanted '%s...'", err, want);
	assert_int_equal(cfg.nprofiles, 0);
	free(want);
	free(err);
	free(path);
	zl_config_release(&cfg);
}

#define HEAD "profile: t\nsummary: a test\nsource: https://example.net/guide\n"

static void
test_unknown_key(void **state)
{
	(void)state;
	expect_error(HEAD "spff:\n  include: [a.example]\n", "4:1",
	    "unknown key 'spff' in a profile (known keys: profile, summary");
	expect_error(HEAD "spf:\n  include: [a.example]\n  senderz: x\n",
	    "6:3", "unknown key 'senderz' in 'spf'");
	expect_error(HEAD "dkim:\n  - selector: s1\n    kind: txt\n", "6:5",
	    "unknown key 'kind' in a 'dkim' entry");
	expect_error(HEAD "spf:\n  include: [a.example]\nspf:\n  include: []\n",
	    "6:1", "key 'spf' given twice in a profile");
}

static void
test_wrong_type(void **state)
{
	(void)state;
	expect_error(HEAD "dkim:\n  selector: s1\n", "5:3",
	    "'dkim' must be a list, not a mapping");
	expect_error(HEAD "dkim:\n  - selector: s1\n    required: 'yes'\n",
	    "6:15", "'required' must be true or false, not 'yes'");
	expect_error(HEAD "spf:\n  include: {a: b}\n", "5:12",
	    "'include' must be a list of strings, not a mapping");
	expect_error(HEAD "summary: [x]\n", "4:1", "key 'summary' given twice");
	expect_error("profile: t\nsummary: [x]\nsource: u\n", "2:10",
	    "'summary' must be a string, not a list");
	expect_error(HEAD "spf-includes:\n  x.example: {lookups: many}\n",
	    "5:24", "'lookups' must be a whole number from 1 to 100, not 'many'");
	expect_error("- profile: t\n", "1:1",
	    "a profile must be a mapping of keys, not a list");
	expect_error("", "1:1", "empty file; expected a mapping of keys");
}

static void
test_bad_regex(void **state)
{
	(void)state;
	expect_error(HEAD "tokens:\n  - name: '^(abc'\n    value: 'x'\n",
	    "5:11", "'name': bad pattern '^(abc': missing closing parenthesis at offset 5");
	expect_error(HEAD "spf:\n  senders: '[a-'\n", "5:12",
	    "'senders': bad pattern '[a-': missing terminating ] for character class");
	/* a value pattern is checked with its $N filled in */
	expect_error(HEAD "tokens:\n  - name: '^x_(..)$'\n    value: '^$1(['\n",
	    "6:12", "'value': bad pattern '^$1(['");
	expect_error(HEAD "tokens:\n  - name: '^x_(..)$'\n    value: '^$2'\n",
	    "6:12", "'value' refers to $2 but 'name' has 1 capture group");
}

static void
test_missing_field(void **state)
{
	(void)state;
	expect_error("profile: t\nsummary: s\n", "1:1",
	    "the profile is missing the key 'source'");
	expect_error(HEAD "dkim:\n  - type: txt\n", "5:5",
	    "a 'dkim' entry is missing the key 'selector'");
	expect_error(HEAD "rules:\n  - id: r1\n    owner: '^@$'\n", "5:5",
	    "rule 'r1' needs 'require: true' or 'forbid: true'");
	expect_error(HEAD "tokens:\n  - name: x\n", "5:5",
	    "a 'tokens' entry is missing the key 'value'");
}

static void
test_unknown_rule_and_level(void **state)
{
	(void)state;
	expect_error(HEAD "severity:\n  spf-bogus: error\n", "5:3",
	    "unknown rule or family 'spf-bogus'");
	expect_error(HEAD "severity:\n  spf-ptr: fatal\n", "5:12",
	    "'spf-ptr': level must be error, warning, info or off, not 'fatal'");
	expect_error(HEAD "rules:\n  - id: r1\n    require: true\n    severity: off\n",
	    "7:15", "'severity': level must be error, warning, info, not 'off'");
	expect_error(HEAD "rules:\n  - id: r1\n    require: true\n    type: FOO\n",
	    "7:11", "'type': unknown record type 'FOO'");
}

static void
test_consistency(void **state)
{
	(void)state;
	/* the file name and the profile key must agree */
	expect_error("profile: other\nsummary: s\nsource: u\n", "1:10",
	    "profile name 'other' differs from the file name 't'");
	expect_error(HEAD "spf:\n  include: [a.example]\n  default: 'v=spf1 -all'\n",
	    "6:12", "'default' lacks 'include:a.example'");
	expect_error(HEAD "dkim:\n  - selector: s\n    key: 'QUJD'\n    value: 'k=rsa; p=REVG'\n",
	    "7:12", "'value' holds another key than 'key'");
	expect_error(HEAD "dkim:\n  - selector: s\n    type: txt\n    target: 'x'\n",
	    "7:13", "'target' needs type cname or any");
	expect_error(HEAD "rules:\n  - id: r1\n    require: true\n    type: TXT\n"
	    "    value: '^v=x'\n    add: {value: 'v=y'}\n", "9:10",
	    "the record in 'add' does not match the rule's 'value'");
	expect_error(HEAD "dmarc:\n  rua: 'reports@example.net'\n", "5:8",
	    "'rua' must be mailto: URIs");
}

static void
test_yaml_limits(void **state)
{
	struct zl_buf b = ZL_BUF_INIT;

	(void)state;
	/* the classic "billion laughs": refused at the first alias */
	expect_error(HEAD "x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	    "y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "z: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", "5:8",
	    "alias '*a': anchors and aliases are not supported");
	expect_error(HEAD "a: b\n  c: d\n", "5:4", "YAML syntax:");
	expect_error(HEAD "---\nx: 1\n", "4:1",
	    "a second YAML document; a rule file holds one");
	/* more than 100,000 nodes in a small file */
	zl_buf_adds(&b, HEAD "x: [");
	for (int i = 0; i < 100001; i++)
		zl_buf_adds(&b, "1,");
	zl_buf_adds(&b, "1]\n");
	{
		struct zl_config cfg;
		char *path = put("t.yaml", b.data), *err = NULL;

		zl_config_init(&cfg);
		assert_int_equal(zl_config_add_profile(&cfg, path, rules_dir(),
		    &err), -1);
		assert_non_null(strstr(err, "t.yaml:4:"));
		assert_non_null(strstr(err, ": more than 100000 YAML nodes"));
		free(err);
		free(path);
		zl_config_release(&cfg);
	}
	/* more than 1 MiB */
	zl_buf_reset(&b);
	zl_buf_adds(&b, HEAD "# ");
	while (b.len <= 1024 * 1024)
		zl_buf_adds(&b, "padding padding padding padding padding ");
	zl_buf_adds(&b, "\n");
	expect_error(b.data, "1:1",
	    "file is larger than 1048576 bytes; rule files are limited to 1 MiB");
	zl_buf_release(&b);
}

static void
test_catastrophic_pattern(void **state)
{
	char *err = NULL;
	struct zl_regex *re = zl_regex_new("^(a+)+$", 7, 0, &err);
	char subj[64];
	clock_t t0 = clock();

	(void)state;
	assert_non_null(re);
	memset(subj, 'a', 40);
	subj[40] = 'b';
	/* exponential without a limit; the limit stops it, reported as -1 */
	assert_int_equal(zl_regex_match(re, subj, 41, NULL, 0), -1);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	zl_regex_free(re);
}

static void
test_profile_fields(void **state)
{
	struct zl_config cfg;
	char *path, *err = NULL;
	const struct zl_profile *p;

	(void)state;
	path = put("full.yaml", "profile: full\nsummary: s\nsource: u\n"
	    "spf:\n  include: [SPF.Vendor.Example., b.example]\n"
	    "  senders: '^(@|news)$'\n"
	    "  default: 'v=spf1 include:spf.vendor.example include:b.example ~all'\n"
	    "dkim:\n  - selector: Sel1\n    target: '^x\\.example\\.$'\n"
	    "  - selector: k\n    type: any\n    required: false\n"
	    "tokens:\n  - name: '^v_([0-9]{2})$'\n    value: '^$1'\n"
	    "dmarc:\n  rua: 'mailto:a@example.net'\n  required: true\n"
	    "  min_policy: quarantine\n"
	    "severity:\n  spf-ptr: error\n  dkim: info\n"
	    "spf-includes:\n  x.example: {lookups: 3, voids: 1, as_of: '2026-01-01'}\n");
	zl_config_init(&cfg);
	assert_int_equal(zl_config_add_profile(&cfg, path, rules_dir(), &err), 0);
	assert_null(err);
	assert_int_equal(cfg.nprofiles, 1);
	p = cfg.profiles[0];
	assert_string_equal(p->name, "full");
	assert_int_equal(p->spf->nincludes, 2);
	assert_string_equal(p->spf->includes[0], "spf.vendor.example");
	assert_int_equal(zl_regex_match(p->spf->senders, "news", 4, NULL, 0), 1);
	assert_int_equal(p->ndkim, 2);
	assert_string_equal(p->dkim[0].selector, "sel1");
	assert_int_equal(p->dkim[0].kind, ZL_DKIM_CNAME);
	assert_int_equal(p->dkim[0].required, 1);
	assert_int_equal(p->dkim[1].kind, ZL_DKIM_ANY);
	assert_int_equal(p->dkim[1].required, 0);
	assert_int_equal(p->ntokens, 1);
	assert_int_equal(p->tokens[0].required, 0);
	assert_int_equal(p->dmarc->required, 1);
	assert_int_equal(p->dmarc->min_policy, 1);
	assert_string_equal(p->dmarc->rua, "mailto:a@example.net");
	assert_int_equal(cfg.severity[ZL_R_spf_ptr], ZL_SEV_ERROR);
	assert_true(cfg.overridden[ZL_R_spf_ptr]);
	assert_int_equal(cfg.severity[ZL_R_dkim_split_lines], ZL_SEV_INFO);
	assert_non_null(zl_config_spf_cost(&cfg, "X.Example."));
	assert_int_equal(zl_config_spf_cost(&cfg, "x.example")->voids, 1);
	/* the same profile again is a no-op */
	assert_int_equal(zl_config_add_profile(&cfg, path, rules_dir(), &err), 0);
	assert_int_equal(cfg.nprofiles, 1);
	free(path);
	zl_config_release(&cfg);
}

static void
test_rules_dir(void **state)
{
	struct zl_config cfg;
	char *err = NULL;
	char *path;

	(void)state;
	zl_config_init(&cfg);
	assert_int_equal(zl_config_load_rules_dir(&cfg, rules_dir(), &err), 0);
	assert_null(err);
	/* the baseline is the registry's defaults, rule for rule */
	for (size_t i = 0; i < ZL_R__COUNT; i++)
		assert_int_equal(cfg.severity[i], zl_rules[i].severity);
	assert_non_null(zl_config_spf_cost(&cfg, "_spf.salesforce.com"));
	assert_int_equal(zl_config_spf_cost(&cfg, "_spf.salesforce.com")->lookups, 2);
	assert_int_equal(zl_config_spf_cost(&cfg, "_spf.salesforce.com")->voids, 1);
	assert_null(zl_config_spf_cost(&cfg, "spf.webcrm.com"));
	zl_config_release(&cfg);
	/* every shipped profile loads */
	{
		struct zl_profile **v;
		size_t n;

		assert_int_equal(zl_profiles_list(rules_dir(), &v, &n, &err), 0);
		assert_true(n >= 12);
		for (size_t i = 0; i < n; i++) {
			assert_non_null(v[i]->source);
			assert_non_null(v[i]->summary);
			if (i > 0 && strcmp(v[i - 1]->name, v[i]->name) >= 0)
				fail_msg("not sorted: '%s' before '%s'", v[i - 1]->name,
				    v[i]->name);
		}
		for (size_t i = 0; i < n; i++)
			zl_profile_free(v[i]);
		free(v);
	}
	/* a baseline naming a rule the registry lacks is refused */
	path = zl_xasprintf("%s/rd", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	path = put("rd/baseline.yaml", "defaults:\n  spf-ptr: warning\n  spf-bogus: error\n");
	free(path);
	path = put("rd/spf-includes.yaml", "as_of: x\nincludes: {}\n");
	free(path);
	path = zl_xasprintf("%s/rd", tmpdir);
	zl_config_init(&cfg);
	assert_int_equal(zl_config_load_rules_dir(&cfg, path, &err), -1);
	assert_non_null(strstr(err, "baseline.yaml:3:3: unknown rule id 'spf-bogus'"));
	free(err);
	zl_config_release(&cfg);
	/* unknown profile names say where they looked */
	zl_config_init(&cfg);
	assert_int_equal(zl_config_add_profile(&cfg, "nosuch", path, &err), -1);
	assert_non_null(strstr(err, "unknown profile 'nosuch'"));
	free(err);
	assert_int_equal(zl_config_add_profile(&cfg, "baseline", path, &err), -1);
	assert_non_null(strstr(err, "not a profile"));
	free(err);
	zl_config_release(&cfg);
	free(path);
}

static void
test_project_precedence(void **state)
{
	struct zl_config cfg;
	char *err = NULL, *prof, *conf, *zdir, *zone, *zone2;

	(void)state;
	prof = put("loud.yaml", "profile: loud\nsummary: s\nsource: u\n"
	    "severity:\n  spf-ptr: error\n  spf-all-neutral: error\n");
	conf = put("zl.yaml", "profiles: [./loud.yaml]\n"
	    "severity:\n  spf-ptr: info\n"
	    "ignore: [dkim-testing]\nfail-on: warning\n"
	    "spf-includes:\n  spf.webcrm.com: {lookups: 2}\n"
	    "overrides:\n"
	    "  - files: 'customers/**/*.zone'\n    severity: {dmarc-policy-none: warning}\n"
	    "  - files: ['nomatch/*', 'other.zone']\n    select: [zone]\n");
	zdir = zl_xasprintf("%s/customers", tmpdir);
	assert_int_equal(mkdir(zdir, 0700), 0);
	free(zdir);
	zdir = zl_xasprintf("%s/customers/a", tmpdir);
	assert_int_equal(mkdir(zdir, 0700), 0);
	free(zdir);
	zone = put("customers/a/x.zone", "");
	zone2 = put("other.zone", "");
	zl_config_init(&cfg);
	assert_int_equal(zl_config_load_project(&cfg, conf, zone, rules_dir(), &err), 0);
	assert_null(err);
	/* the configuration's level beats the profile's, the profile's the default */
	assert_int_equal(cfg.severity[ZL_R_spf_ptr], ZL_SEV_INFO);
	assert_int_equal(cfg.severity[ZL_R_spf_all_neutral], ZL_SEV_ERROR);
	assert_int_equal(cfg.severity[ZL_R_dkim_testing], ZL_SEV_NONE);
	assert_int_equal(cfg.fail_on, ZL_SEV_WARNING);
	assert_int_equal(cfg.severity[ZL_R_dmarc_policy_none], ZL_SEV_WARNING);
	/* the second override did not match */
	assert_int_equal(cfg.severity[ZL_R_spf_multiple], ZL_SEV_ERROR);
	assert_int_equal(zl_config_spf_cost(&cfg, "spf.webcrm.com")->lookups, 2);
	/* a later --profile does not change what the configuration set */
	assert_int_equal(zl_config_add_profile(&cfg, prof, rules_dir(), &err), 0);
	assert_int_equal(cfg.severity[ZL_R_spf_ptr], ZL_SEV_INFO);
	zl_config_release(&cfg);
	zl_config_init(&cfg);
	assert_int_equal(zl_config_load_project(&cfg, conf, zone2, rules_dir(), &err), 0);
	/* select: [zone] switched every other family off */
	assert_int_equal(cfg.severity[ZL_R_dmarc_policy_none], ZL_SEV_NONE);
	assert_int_equal(cfg.severity[ZL_R_spf_multiple], ZL_SEV_NONE);
	assert_int_equal(cfg.severity[ZL_R_zone_syntax], ZL_SEV_ERROR);
	zl_config_release(&cfg);
	free(conf);
	/* errors in an override are found even when it does not match */
	conf = put("zl.yaml", "overrides:\n  - files: 'nomatch/*'\n    ignore: [spf-bogus]\n");
	zl_config_init(&cfg);
	assert_int_equal(zl_config_load_project(&cfg, conf, zone, rules_dir(), &err), -1);
	assert_non_null(strstr(err, "zl.yaml:3:14: unknown rule or family 'spf-bogus'"));
	free(err);
	zl_config_release(&cfg);
	free(conf);
	conf = put("zl.yaml", "fail-on: sometimes\n");
	zl_config_init(&cfg);
	assert_int_equal(zl_config_load_project(&cfg, conf, zone, rules_dir(), &err), -1);
	assert_non_null(strstr(err, "zl.yaml:1:10: 'fail-on' must be error, warning, info or never"));
	free(err);
	zl_config_release(&cfg);
	free(conf);
	free(prof);
	free(zone);
	free(zone2);
}

/* A run of every rule on text with one profile loaded from yaml. */
static void
run_with(struct zl_test_run *r, const char *yaml, const char *zone)
{
	struct zl_config cfg;
	char *path = put("p.yaml", yaml), *err = NULL;

	zl_config_init(&cfg);
	if (zl_config_add_profile(&cfg, path, rules_dir(), &err) != 0)
		fail_msg("%s", err);
	free(path);
	zl_test_run(r, zone, &cfg);
}

#define ZHEAD "$ORIGIN example.com.\n$TTL 300\n" \
	"@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.1\n"

static void
test_vendor_rules(void **state)
{
	struct zl_test_run r;

	(void)state;
	/* tokens: the value pattern repeats the name's capture, quoted */
	run_with(&r, "profile: p\nsummary: s\nsource: u\ntokens:\n"
	    "  - name: '^t_(a.b)$'\n    value: '^$1$'\n",
	    ZHEAD "t_a.b IN TXT \"a.b\"\nt_a-b IN TXT \"a.b\"\n");
	/* "a.b" matches the quoted "a\.b"; "a-b" must hold "a-b", not "a.b" */
	assert_int_equal(zl_test_count(&r, ZL_R_vendor_ownership_token), 1);
	assert_int_equal(zl_test_line(&r, ZL_R_vendor_ownership_token), 7);
	zl_test_run_free(&r);
	/* a required token that is absent, a forbidden record that is there */
	run_with(&r, "profile: p\nsummary: s\nsource: u\ntokens:\n"
	    "  - name: '^_v$'\n    value: '.'\n    required: true\n"
	    "rules:\n  - id: no-a\n    forbid: true\n    owner: '^www$'\n    type: A\n",
	    ZHEAD "www IN A 192.0.2.2\n");
	assert_int_equal(zl_test_count(&r, ZL_R_vendor_record_required), 2);
	assert_int_equal(zl_test_line(&r, ZL_R_vendor_record_required), 3);
	zl_test_run_free(&r);
	/* a catastrophic pattern is stopped and reported, not hung on */
	run_with(&r, "profile: p\nsummary: s\nsource: u\nrules:\n"
	    "  - id: slow\n    require: true\n    type: TXT\n    value: '^(a+)+$'\n",
	    ZHEAD "@ IN TXT \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"\n");
	assert_int_equal(zl_test_count(&r, ZL_R_vendor_record_required), 2);
	assert_non_null(strstr(r.ctx.diags.v[0].message, "match limit") ?
	    r.ctx.diags.v[0].message : r.ctx.diags.v[1].message);
	zl_test_run_free(&r);
	/* selectors: CNAME expected but TXT found; wrong CNAME target */
	run_with(&r, "profile: p\nsummary: s\nsource: u\ndkim:\n"
	    "  - selector: a\n    target: '^a\\.vendor\\.example\\.$'\n"
	    "  - selector: b\n    target: '^b\\.vendor\\.example\\.$'\n"
	    "  - selector: c\n    type: txt\n",
	    ZHEAD "a._domainkey IN TXT \"p=\"\nb._domainkey IN CNAME b.other.example.\n"
	    "c._domainkey IN CNAME c.vendor.example.\n");
	assert_int_equal(zl_test_count(&r, ZL_R_dkim_selector_missing), 2);
	assert_int_equal(zl_test_line(&r, ZL_R_dkim_selector_missing), 6);
	zl_test_run_free(&r);
	/* suppression-unknown, and what the engine accepts */
	zl_test_run(&r, ZHEAD "www IN A 192.0.2.2 ; zonelint: ignore=spf,zone-syntax,nope\n"
	    "; zonelint: ignore=all,nope2\n", NULL);
	/* 'all' on a line suppresses that line's own finding too */
	assert_int_equal(zl_test_count(&r, ZL_R_suppression_unknown), 1);
	assert_non_null(strstr(r.ctx.diags.v[0].message, "'nope'"));
	zl_test_run_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_bad_regex),
		cmocka_unit_test(test_missing_field),
		cmocka_unit_test(test_unknown_rule_and_level),
		cmocka_unit_test(test_consistency),
		cmocka_unit_test(test_yaml_limits),
		cmocka_unit_test(test_catastrophic_pattern),
		cmocka_unit_test(test_profile_fields),
		cmocka_unit_test(test_rules_dir),
		cmocka_unit_test(test_project_precedence),
		cmocka_unit_test(test_vendor_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
