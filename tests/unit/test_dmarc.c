/* SPDX-License-Identifier: MIT */
/*
 * DMARC: the record parser (tag offsets, values, URI lists, every error
 * kind) and the checks that need more than one zone file can show: the
 * run index of other zones (external report authorization), a profile's
 * reporting address, fixes applied to the text.
 */
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dmarc.h"
#include "fix.h"
#include "source.h"
#include "xalloc.h"

/* The offset of needle in s (which must hold it). */
static size_t
off_of(const char *s, const char *needle)
{
	const char *p = strstr(s, needle);

	assert_non_null(p);
	return (size_t)(p - s);
}

static void
parse(struct zl_dmarc *d, const char *s)
{
	zl_dmarc_parse(d, s, strlen(s));
}

static void
test_tag_offsets(void **state)
{
	const char *s = "v=DMARC1; p = reject;\tSP=none; rua=mailto:a@b.example!10m ,"
	    "https://r.example/x; x-y=1;";
	struct zl_dmarc d;

	(void)state;
	zl_dmarc_init(&d);
	parse(&d, s);
	/* "x-y" is a bad tag name: one error, nothing else */
	assert_int_equal(d.nerrs, 1);
	assert_int_equal(d.errs[0].err, ZL_DMARC_E_TAGLIST);
	assert_int_equal(d.errs[0].tag_err, ZL_TAG_BAD_NAME);
	assert_int_equal(d.errs[0].off, off_of(s, "x-y"));
	assert_int_equal(d.ntags, 5);
	assert_int_equal(d.tags[0].id, ZL_DMARC_T_V);
	assert_int_equal(d.tags[0].name_off, 0);
	assert_int_equal(d.tags[0].val_off, 2);
	assert_int_equal(d.tags[0].val_len, 6);
	assert_int_equal(d.tags[1].id, ZL_DMARC_T_P);
	assert_int_equal(d.tags[1].name_off, off_of(s, "p ="));
	assert_int_equal(d.tags[1].val_off, off_of(s, "reject"));
	assert_int_equal(d.tags[1].val_len, 6);
	assert_int_equal(d.tags[2].id, ZL_DMARC_T_SP);
	assert_int_equal(d.tags[2].name_off, off_of(s, "SP"));
	assert_int_equal(d.tags[3].id, ZL_DMARC_T_RUA);
	assert_int_equal(d.tags[3].val_off, off_of(s, "mailto:"));
	assert_int_equal(d.idx[ZL_DMARC_T_RUA], 3);
	assert_int_equal(d.idx[ZL_DMARC_T_RUF], -1);
	assert_true(d.p_second);
	assert_int_equal(d.p, ZL_DMARC_POL_REJECT);
	assert_int_equal(d.sp, ZL_DMARC_POL_NONE);
	assert_int_equal(d.np, ZL_DMARC_POL_UNSET);
	assert_int_equal(d.start, ZL_DMARC_START_OK);
	/* URIs: elements trimmed of the white space around ',' */
	assert_int_equal(d.nuris, 2);
	assert_int_equal(d.uris[0].off, off_of(s, "mailto:"));
	assert_int_equal(d.uris[0].len, strlen("mailto:a@b.example!10m"));
	assert_int_equal(d.uris[0].uri_len, strlen("mailto:a@b.example"));
	assert_int_equal(d.uris[0].scheme_len, 6);
	assert_int_equal(d.uris[0].domain_off, off_of(s, "b.example"));
	assert_int_equal(d.uris[0].domain_len, 9);
	assert_true(d.uris[0].has_size);
	assert_int_equal(d.uris[0].size, 10);
	assert_int_equal(d.uris[0].unit, 'm');
	assert_true(d.uris[0].usable);
	assert_int_equal(d.uris[1].off, off_of(s, "https:"));
	assert_int_equal(d.uris[1].domain_off, off_of(s, "r.example"));
	assert_int_equal(d.uris[1].domain_len, 9);
	assert_false(d.uris[1].has_size);
	assert_true(d.rua_usable);
	zl_dmarc_release(&d);
}

static void
test_values(void **state)
{
	struct zl_dmarc d;

	(void)state;
	zl_dmarc_init(&d);
	parse(&d, "V=DMARC1;P=Quarantine;sp=REJECT;np=None;pct=007;ri=4294967295;"
	    "adkim=S;aspf=r;psd=U;t=Y;fo=0 : 1:D:s;rf=AFRF:afrf");
	assert_int_equal(d.nerrs, 0);
	assert_int_equal(d.p, ZL_DMARC_POL_QUARANTINE);
	assert_int_equal(d.sp, ZL_DMARC_POL_REJECT);
	assert_int_equal(d.np, ZL_DMARC_POL_NONE);
	assert_int_equal(d.pct, 7);
	assert_int_equal(d.ri, 4294967295u);
	assert_int_equal(d.adkim, 's');
	assert_int_equal(d.aspf, 'r');
	assert_int_equal(d.psd, 'u');
	assert_int_equal(d.t, 'y');
	/* "p" missing, but a usable rua: valid (both RFCs apply p=none) */
	parse(&d, "v=DMARC1; rua=mailto:x@example.com");
	assert_int_equal(d.nerrs, 0);
	assert_int_equal(d.idx[ZL_DMARC_T_P], -1);
	assert_true(d.rua_usable);
	/* a valid URI of another scheme is fine, but is no reporting URI */
	parse(&d, "v=DMARC1; p=none; rua=ftp://example.com");
	assert_int_equal(d.nerrs, 0);
	assert_false(d.rua_usable);
	parse(&d, "v=DMARC1; rua=ftp://example.com");
	assert_int_equal(d.nerrs, 1);
	assert_int_equal(d.errs[0].err, ZL_DMARC_E_NO_POLICY);
	/* trailing white space and a final ';' */
	parse(&d, "v=DMARC1 ;  p = reject  ; pct = 100 ");
	assert_int_equal(d.nerrs, 0);
	assert_true(d.trailing_space);
	/* p later: valid, not second */
	parse(&d, "v=DMARC1; sp=none; p=reject");
	assert_int_equal(d.nerrs, 0);
	assert_false(d.p_second);
	zl_dmarc_release(&d);
}

struct err_case {
	const char *rec;
	enum zl_dmarc_err err;
	const char *at;        /* the text the problem points at */
};

static void
test_every_error(void **state)
{
	static const struct err_case cases[] = {
		{ "", ZL_DMARC_E_EMPTY, "" },
		{ "  ", ZL_DMARC_E_EMPTY, "  " },
		{ " v=DMARC1; p=none", ZL_DMARC_E_LEADING_SPACE, " " },
		{ "p=none; v=DMARC1", ZL_DMARC_E_NO_VERSION, "p=none" },
		{ "v=dmarc1; p=none", ZL_DMARC_E_VERSION, "dmarc1" },
		{ "v=DMARC1 p=none", ZL_DMARC_E_VERSION, "DMARC1 p=none" },
		{ "v=DMARC12; p=none", ZL_DMARC_E_VERSION, "DMARC12" },
		{ "v=DMARC1; p=none; pct100", ZL_DMARC_E_TAGLIST, "pct100" },
		{ "v=DMARC1;; p=none", ZL_DMARC_E_TAGLIST, "" },
		{ "v=DMARC1; p=none; =x", ZL_DMARC_E_TAGLIST, "=x" },
		{ "v=DMARC1; p=none; p=reject", ZL_DMARC_E_DUPLICATE, "p=reject" },
		{ "v=DMARC1; p=none; Foo=1; fOO=2", ZL_DMARC_E_DUPLICATE, "fOO=2" },
		{ "v=DMARC1; sp=none", ZL_DMARC_E_NO_POLICY, "" },
		{ "v=DMARC1; p=n", ZL_DMARC_E_POLICY, "n" },
		{ "v=DMARC1; p=none; np=all", ZL_DMARC_E_POLICY, "all" },
		{ "v=DMARC1; p=none; adkim=strict", ZL_DMARC_E_ALIGN, "strict" },
		{ "v=DMARC1; p=none; pct=101", ZL_DMARC_E_PCT, "101" },
		{ "v=DMARC1; p=none; pct=1.0", ZL_DMARC_E_PCT, "1.0" },
		{ "v=DMARC1; p=none; pct=0100", ZL_DMARC_E_PCT, "0100" },
		{ "v=DMARC1; p=none; fo=0:x", ZL_DMARC_E_FO, "0:x" },
		{ "v=DMARC1; p=none; fo=", ZL_DMARC_E_FO, "" },
		{ "v=DMARC1; p=none; rf=afrf:iodef", ZL_DMARC_E_RF, "afrf:iodef" },
		{ "v=DMARC1; p=none; ri=4294967296", ZL_DMARC_E_RI, "4294967296" },
		{ "v=DMARC1; p=none; psd=yes", ZL_DMARC_E_PSD, "yes" },
		{ "v=DMARC1; p=none; t=no", ZL_DMARC_E_T, "no" },
		{ "v=DMARC1; p=none; rua=", ZL_DMARC_E_URI_EMPTY, "" },
		{ "v=DMARC1; p=none; rua=mailto:a@b.c,,mailto:d@e.f",
		    ZL_DMARC_E_URI_EMPTY, "" },
		{ "v=DMARC1; p=none; rua=a@b.c", ZL_DMARC_E_URI, "a@b.c" },
		{ "v=DMARC1; p=none; rua=_mailto:a@b.c", ZL_DMARC_E_URI,
		    "_mailto:a@b.c" },
		{ "v=DMARC1; p=none; rua=mailto:a<b>@b.c", ZL_DMARC_E_URI, "<" },
		{ "v=DMARC1; p=none; rua=mailto:a%2@b.c", ZL_DMARC_E_URI, "%" },
		{ "v=DMARC1; p=none; rua=mailto:a@b.c !10m", ZL_DMARC_E_URI_SPACE,
		    " " },
		{ "v=DMARC1; p=none; rua=mailto:a@b.c!", ZL_DMARC_E_URI_SIZE, "!" },
		{ "v=DMARC1; p=none; rua=mailto:a@b.c!10p", ZL_DMARC_E_URI_SIZE,
		    "!10p" },
		{ "v=DMARC1; p=none; rua=mailto:a@b.c!18446744073709551616",
		    ZL_DMARC_E_URI_SIZE, "!18446744073709551616" },
		{ "v=DMARC1; p=none; ruf=mailto://abuse.com", ZL_DMARC_E_MAILTO,
		    "mailto://abuse.com" },
		{ "v=DMARC1; p=none; ruf=mailto:@b.c", ZL_DMARC_E_MAILTO,
		    "mailto:@b.c" },
		{ "v=DMARC1; p=none; ruf=mailto:a@b..c", ZL_DMARC_E_MAILTO,
		    "mailto:a@b..c" },
	};
	struct zl_dmarc d;
	int seen[ZL_DMARC_E_MAILTO + 1] = { 0 };

	(void)state;
	zl_dmarc_init(&d);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct err_case *c = &cases[i];
		size_t n = zl_dmarc_parse(&d, c->rec, strlen(c->rec));
		size_t k;

		for (k = 0; k < n; k++)
			if (d.errs[k].err == c->err)
				break;
		if (k == n)
			fail_msg("'%s': no %s", c->rec, zl_dmarc_strerror(c->err));
		assert_int_equal(d.errs[k].len, strlen(c->at));
		if (*c->at)
			assert_memory_equal(c->rec + d.errs[k].off, c->at,
			    strlen(c->at));
		assert_string_not_equal(zl_dmarc_strerror(c->err), "?");
		seen[c->err] = 1;
	}
	/* every kind of error has a case above */
	for (int e = ZL_DMARC_E_EMPTY; e <= ZL_DMARC_E_MAILTO; e++)
		if (!seen[e])
			fail_msg("no test for error %d", e);
	zl_dmarc_release(&d);
}

static void
test_start(void **state)
{
	(void)state;
	assert_int_equal(zl_dmarc_start("v=DMARC1", 8), ZL_DMARC_START_OK);
	assert_int_equal(zl_dmarc_start("V = DMARC1 ;p=none", 18),
	    ZL_DMARC_START_OK);
	assert_int_equal(zl_dmarc_start("v=DMARC1x", 9), ZL_DMARC_START_ATTEMPT);
	assert_int_equal(zl_dmarc_start("v=dmarc1", 8), ZL_DMARC_START_ATTEMPT);
	assert_int_equal(zl_dmarc_start(" v=DMARC1", 9), ZL_DMARC_START_ATTEMPT);
	assert_int_equal(zl_dmarc_start("v=DMARC1 p=none", 15),
	    ZL_DMARC_START_ATTEMPT);
	assert_int_equal(zl_dmarc_start("p=none; v=DMARC1", 16),
	    ZL_DMARC_START_MENTION);
	assert_int_equal(zl_dmarc_start("v=spf1 -all", 11), ZL_DMARC_START_NONE);
	assert_int_equal(zl_dmarc_start("", 0), ZL_DMARC_START_NONE);
	assert_int_equal(zl_dmarc_tag_find("ADKIM", 5), ZL_DMARC_T_ADKIM);
	assert_int_equal(zl_dmarc_tag_find("adkm", 4), ZL_DMARC_T_UNKNOWN);
	assert_string_equal(zl_dmarc_tag_name(ZL_DMARC_T_PSD), "psd");
	assert_string_equal(zl_dmarc_policy_name(ZL_DMARC_POL_REJECT), "reject");
}

/* ---- checks */

#define HEAD "$ORIGIN example.com.\n$TTL 3600\n" \
	"@ IN SOA ns1.example.com. h.example.com. ( 1 3600 900 1209600 300 )\n" \
	"@ IN NS ns1.example.com.\nns1 IN A 192.0.2.1\n"

static const struct zl_diag *
first_of(const struct zl_test_run *r, enum zl_rule_id id)
{
	for (size_t i = 0; i < r->ctx.diags.n; i++)
		if (r->ctx.diags.v[i].rule == id)
			return &r->ctx.diags.v[i];
	return NULL;
}

static void
test_checks(void **state)
{
	struct zl_test_run r;

	(void)state;
	zl_test_run(&r, HEAD
	    "@ IN MX 10 mx.example.net.\n"                       /* 6 */
	    "dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n"
	    "_dmarc.a IN TXT \"v=DMARC1; p=none\"\n"             /* 8 */
	    "_dmarc.a IN TXT \"v=DMARC1; p=reject\"\n"
	    "_dmarc.b IN TXT \"v=DMARC1; p=none; pct=x\"\n",     /* 10 */
	    NULL);
	assert_int_equal(zl_test_line(&r, ZL_R_dmarc_wrong_name), 7);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_multiple), 1);
	assert_int_equal(zl_test_line(&r, ZL_R_dmarc_multiple), 9);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_syntax), 1);
	assert_int_equal(zl_test_line(&r, ZL_R_dmarc_syntax), 10);
	/* the misplaced record covers the domain: no dmarc-missing too */
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_missing), 0);
	/* policy rules skip a void set and an invalid record */
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_policy_none), 0);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_no_reports), 0);
	zl_test_run_free(&r);
}

/* Apply the safe fixes of a run; the caller frees the result. */
static char *
fixed_text(struct zl_test_run *r)
{
	struct zl_buf out = ZL_BUF_INIT;
	const struct zl_source *s = r->zone->sources[0];

	zl_fix_apply(s->data, s->len, &r->ctx.diags, ZL_FIX_SAFE, &out);
	return zl_buf_take(&out);
}

static void
test_missing_profile_rua(void **state)
{
	struct zl_config cfg;
	struct zl_profile *p;
	struct zl_test_run r;
	char *fx;

	(void)state;
	zl_config_init(&cfg);
	p = zl_xcalloc(1, sizeof(*p));
	p->name = zl_xstrdup("t");
	p->dmarc = zl_xcalloc(1, sizeof(*p->dmarc));
	p->dmarc->rua = zl_xstrdup("mailto:dmarc@example.com");
	p->dmarc->min_policy = -1;
	cfg.profiles = zl_xcalloc(1, sizeof(*cfg.profiles));
	cfg.profiles[0] = p;
	cfg.nprofiles = 1;
	zl_test_run(&r, HEAD "@ IN MX 10 mx.example.net.\nwww IN A 192.0.2.2\n",
	    &cfg);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_missing), 1);
	assert_int_equal(zl_test_line(&r, ZL_R_dmarc_missing), 6);
	fx = fixed_text(&r);
	/* after the MX line, absolute, with the profile's address */
	assert_non_null(strstr(fx, "@ IN MX 10 mx.example.net.\n"
	    "_dmarc.example.com. IN TXT "
	    "\"v=DMARC1; p=none; rua=mailto:dmarc@example.com\"\nwww"));
	free(fx);
	zl_test_run_free(&r);

	/* required by a profile: the apex counts as a mail domain */
	zl_config_init(&cfg);
	p = zl_xcalloc(1, sizeof(*p));
	p->dmarc = zl_xcalloc(1, sizeof(*p->dmarc));
	p->dmarc->required = 1;
	cfg.profiles = zl_xcalloc(1, sizeof(*cfg.profiles));
	cfg.profiles[0] = p;
	cfg.nprofiles = 1;
	zl_test_run(&r, HEAD "www IN A 192.0.2.2\n", &cfg);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_missing), 1);
	zl_test_run_free(&r);
	/* and without the profile, a zone with no MX or SPF needs none */
	zl_test_run(&r, HEAD "www IN A 192.0.2.2\n", NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_missing), 0);
	zl_test_run_free(&r);
}

/* Check zone text with another zone of the run (NULL: no run index). */
static void
run_with(struct zl_test_run *r, const char *text, const char *other)
{
	struct zl_run_index ri;
	struct zl_zone *oz = NULL;

	memset(r, 0, sizeof(*r));
	memset(&ri, 0, sizeof(ri));
	zl_config_init(&r->cfg);
	r->zone = zl_test_zone(text);
	assert_non_null(r->zone);
	zl_ctx_init(&r->ctx, r->zone, &r->cfg);
	if (other != NULL) {
		oz = zl_test_zone(other);
		assert_non_null(oz);
		zl_run_index_add_zone(&ri, r->zone);
		zl_run_index_add_zone(&ri, oz);
		r->ctx.run = &ri;
	}
	zl_engine_run(&r->ctx);
	r->ctx.run = NULL;
	zl_run_index_release(&ri);
	zl_zone_free(oz);
}

static void
test_external_reports_run(void **state)
{
	static const char zone[] = HEAD
	    "_dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:d@reports.example.net\"\n";
	static const char other_without[] =
	    "$ORIGIN example.net.\n$TTL 3600\n"
	    "@ IN SOA ns1.example.net. h.example.net. ( 1 3600 900 1209600 300 )\n"
	    "@ IN NS ns1.example.net.\n"
	    "reports IN MX 10 mx.example.net.\n";
	static const char other_with[] =
	    "$ORIGIN example.net.\n$TTL 3600\n"
	    "@ IN SOA ns1.example.net. h.example.net. ( 1 3600 900 1209600 300 )\n"
	    "@ IN NS ns1.example.net.\n"
	    "example.com._report._dmarc.reports IN TXT \"v=DMARC1\"\n";
	static const char other_wild[] =
	    "$ORIGIN example.net.\n$TTL 3600\n"
	    "@ IN SOA ns1.example.net. h.example.net. ( 1 3600 900 1209600 300 )\n"
	    "@ IN NS ns1.example.net.\n"
	    "*._report._dmarc.reports IN TXT \"v=DMARC1\"\n";
	struct zl_test_run r;
	const struct zl_diag *d;

	(void)state;
	/* alone: the destination is unknown, so say what it must publish */
	run_with(&r, zone, NULL);
	d = first_of(&r, ZL_R_dmarc_external_reports);
	assert_non_null(d);
	assert_int_equal(d->severity, ZL_SEV_INFO);
	assert_non_null(strstr(d->message,
	    "example.com._report._dmarc.reports.example.net."));
	assert_null(d->fix);
	zl_test_run_free(&r);
	/* its zone is in the run and lacks the record: an error */
	run_with(&r, zone, other_without);
	d = first_of(&r, ZL_R_dmarc_external_reports);
	assert_non_null(d);
	assert_int_equal(d->severity, ZL_SEV_ERROR);
	assert_null(d->fix);
	zl_test_run_free(&r);
	/* it publishes the authorization, or the wildcard form: nothing */
	run_with(&r, zone, other_with);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_external_reports), 0);
	zl_test_run_free(&r);
	run_with(&r, zone, other_wild);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_external_reports), 0);
	zl_test_run_free(&r);
	/* reports to a name of the same organization need no authorization */
	run_with(&r, HEAD "_dmarc.shop IN TXT \"v=DMARC1; p=none; "
	    "rua=mailto:d@reports.example.com\"\n", NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_external_reports), 0);
	zl_test_run_free(&r);
}

static void
test_fixes(void **state)
{
	struct zl_test_run r;
	char *fx;

	(void)state;
	/* wrong name: relative owner stays relative; the next blank owner
	 * gets its old owner */
	zl_test_run(&r, HEAD "@ IN TXT \"v=spf1 -all\"\n"
	    "dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n"
	    "      IN A 192.0.2.9\n", NULL);
	fx = fixed_text(&r);
	assert_non_null(strstr(fx, "\n_dmarc IN TXT \"v=DMARC1; p=none; "
	    "rua=mailto:d@example.com\"\n"
	    "dmarc.example.com.      IN A 192.0.2.9\n"));
	free(fx);
	zl_test_run_free(&r);
	/* the order fix keeps every tag and the final ';' */
	zl_test_run(&r, HEAD "@ IN TXT \"v=spf1 -all\"\n"
	    "_dmarc IN TXT \"v=DMARC1;rua=mailto:d@example.com ;  p=none;\"\n",
	    NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_compat), 1);
	fx = fixed_text(&r);
	assert_non_null(strstr(fx, "_dmarc IN TXT \"v=DMARC1; p=none; "
	    "rua=mailto:d@example.com;\"\n"));
	free(fx);
	zl_test_run_free(&r);
	/* never two moves to one place */
	zl_test_run(&r, HEAD "@ IN TXT \"v=spf1 -all\"\n"
	    "dmarc IN TXT \"v=DMARC1; p=none\"\n"
	    "_dmark IN TXT \"v=DMARC1; p=reject\"\n", NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_wrong_name), 2);
	{
		size_t fixes = 0;

		for (size_t i = 0; i < r.ctx.diags.n; i++)
			if (r.ctx.diags.v[i].rule == ZL_R_dmarc_wrong_name &&
			    r.ctx.diags.v[i].fix != NULL)
				fixes++;
		assert_int_equal(fixes, 1);
	}
	zl_test_run_free(&r);
}

/* 1 when rule id reports at line of the zone file. */
static int
line_has(const struct zl_test_run *r, enum zl_rule_id id, unsigned line)
{
	for (size_t i = 0; i < r->ctx.diags.n; i++)
		if (r->ctx.diags.v[i].rule == id &&
		    zl_source_line(r->zone->sources[r->ctx.diags.v[i].src],
		    r->ctx.diags.v[i].start) == line)
			return 1;
	return 0;
}

/* Offset of needle in the zone file of a run (which must hold it). */
static uint32_t
src_off(const struct zl_test_run *r, const char *needle)
{
	return (uint32_t)off_of(r->zone->sources[0]->data, needle);
}

/*
 * The walk judges TXT records away from _dmarc by their first bytes: a
 * long lead-in is decoded, a DKIM key is not DMARC, and (as before) a
 * record whose source text does not say "dmarc" is not looked at.
 */
static void
test_walk(void **state)
{
	struct zl_test_run r;

	(void)state;
	zl_test_run(&r, HEAD
	    "_dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n"
	    "a IN TXT \"          v=DMARC1; p=none\"\n"         /* 7 */
	    "b IN TXT \"v=DMARC1;\" \" p=none\"\n"              /* 8 */
	    "s._domainkey IN TXT \"v=DKIM1; k=rsa; p=MIGf\"\n"
	    "c IN TXT \"v=\\068MARC1; p=none\"\n"               /* 10 */
	    "d IN TXT \"v=DM\" \"ARC1; p=none\"\n"
	    "e IN TXT \"v=DMARC\"\n", NULL);                      /* 12 */
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_wrong_name), 3);
	assert_true(line_has(&r, ZL_R_dmarc_wrong_name, 7));
	assert_true(line_has(&r, ZL_R_dmarc_wrong_name, 8));
	assert_true(line_has(&r, ZL_R_dmarc_wrong_name, 12));
	zl_test_run_free(&r);
}

/*
 * SPF as the policy rules see it: the last SPF record of a mail domain
 * decides whether it is parked, also when an MX came first; SPF split
 * between strings is not SPF to the family; the record that made a name
 * a mail domain is where dmarc-missing reports.
 */
static void
test_mail_domains(void **state)
{
	struct zl_test_run r;

	(void)state;
	zl_test_run(&r, HEAD
	    "_dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n"
	    "p1 IN MX 10 mx.example.net.\n"                     /* 7 */
	    "p1 IN TXT \"v=spf1      -all\"\n"
	    "_dmarc.p1 IN TXT \"v=DMARC1; p=reject\"\n"          /* 9 */
	    "p2 IN MX 10 mx.example.net.\n"
	    "p2 IN TXT \"v=spf1 -all\"\n"                        /* 11 */
	    "p2 IN TXT \"v=spf1 mx -all\"\n"
	    "_dmarc.p2 IN TXT \"v=DMARC1; p=reject\"\n"          /* 13 */
	    "p3 IN MX 10 mx.example.net.\n"
	    "p3 IN TXT \"v=sp\" \"f1 -all\"\n"                   /* 15 */
	    "_dmarc.p3 IN TXT \"v=DMARC1; p=reject\"\n", NULL);
	/* p1 is parked; p2's last record and p3's split one are not */
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_policy_unauthenticated),
	    2);
	assert_true(line_has(&r, ZL_R_dmarc_policy_unauthenticated, 13));
	assert_true(line_has(&r, ZL_R_dmarc_policy_unauthenticated, 16));
	zl_test_run_free(&r);

	zl_test_run(&r, HEAD
	    "m1 IN TXT \"v=spf1 mx -all\"\n"                     /* 6 */
	    "m1 IN MX 10 mx.example.net.\n"
	    "m2 IN MX 10 mx.example.net.\n"                      /* 8 */
	    "m2 IN TXT \"v=spf1 mx -all\"\n", NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_missing), 2);
	assert_true(line_has(&r, ZL_R_dmarc_missing, 6));
	assert_true(line_has(&r, ZL_R_dmarc_missing, 8));
	assert_non_null(strstr(first_of(&r, ZL_R_dmarc_missing)->message,
	    "(SPF)"));
	zl_test_run_free(&r);
}

/*
 * Findings point where zl_txt_decode()'s map would: a plain value is
 * joined from its tokens, one with an escape goes through the decoder.
 */
static void
test_value_spans(void **state)
{
	struct zl_test_run r;
	const struct zl_diag *d;
	uint32_t at;

	(void)state;
	zl_test_run(&r, HEAD "_dmarc IN TXT ( \"v=DMARC1; p=reject; \" \"\"\n"
	    "\t\"pct=50\" ) ; 50%\n", NULL);
	d = first_of(&r, ZL_R_dmarc_pct_partial);
	assert_non_null(d);
	at = src_off(&r, "pct=50");
	assert_int_equal(d->start, at);
	assert_int_equal(d->end, at + 6);
	zl_test_run_free(&r);

	zl_test_run(&r, HEAD "_dmarc IN TXT \"v=DMARC1; p=reject; \\112ct=50\"\n",
	    NULL);
	d = first_of(&r, ZL_R_dmarc_pct_partial);
	assert_non_null(d);
	assert_int_equal(d->start, src_off(&r, "\\112ct"));
	assert_int_equal(d->end, src_off(&r, "50\"") + 2);
	zl_test_run_free(&r);

	/* a tag that ends where its string does: the span too */
	zl_test_run(&r, HEAD "_dmarc IN TXT \"v=DMARC1; p=reject; pct=50\" "
	    "\"; fo=1\"\n", NULL);
	d = first_of(&r, ZL_R_dmarc_pct_partial);
	assert_non_null(d);
	at = src_off(&r, "pct=50");
	assert_int_equal(d->start, at);
	assert_int_equal(d->end, at + 6);
	zl_test_run_free(&r);

	/* a value split inside a tag: the span runs over the quotes */
	zl_test_run(&r, HEAD "_dmarc IN TXT \"v=DMARC1; p=reject; pc\" \"t=50\"\n",
	    NULL);
	d = first_of(&r, ZL_R_dmarc_pct_partial);
	assert_non_null(d);
	assert_int_equal(d->start, src_off(&r, "pc\""));
	assert_int_equal(d->end, src_off(&r, "t=50") + 4);
	zl_test_run_free(&r);
}

/*
 * Report addresses at the policy domain itself, in any case or with a
 * final dot, need no authorization; a name that only starts like it does.
 */
static void
test_reports_to_itself(void **state)
{
	struct zl_test_run r;

	(void)state;
	run_with(&r, HEAD "_dmarc.shop IN TXT \"v=DMARC1; p=none; "
	    "rua=mailto:d@SHOP.Example.com.,mailto:e@shop.example.com\"\n", NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_external_reports), 0);
	zl_test_run_free(&r);
	run_with(&r, HEAD "_dmarc.shop IN TXT \"v=DMARC1; p=none; "
	    "rua=mailto:d@shop.example.co\"\n", NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_external_reports), 1);
	zl_test_run_free(&r);
	run_with(&r, HEAD "_dmarc.shop IN TXT \"v=DMARC1; p=none; "
	    "rua=mailto:d@shop.example.com.evil.example\"\n", NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_external_reports), 1);
	zl_test_run_free(&r);
}

/*
 * The first DMARC rule the engine calls makes the findings of all that
 * are on: a rule alone finds what it finds in a full run, and the SPF
 * and DKIM analyses are built only for dmarc-policy-unauthenticated.
 */
static void
test_rules_alone(void **state)
{
	static const char zone[] = HEAD
	    "@ IN MX 10 mx.example.net.\n"
	    "_dmarc IN TXT \"v=DMARC1; rua=mailto:d@example.com; p=reject; "
	    "pct=50; t=y\"\n"
	    "www IN MX 10 mx.example.net.\n"
	    "dmarc.www IN TXT \"v=DMARC1; p=none\"\n";
	struct zl_test_run r;
	struct zl_config cfg;
	size_t compat, pct;

	(void)state;
	zl_test_run(&r, zone, NULL);
	compat = zl_test_count(&r, ZL_R_dmarc_compat);
	pct = zl_test_count(&r, ZL_R_dmarc_pct_partial);
	assert_int_equal(compat, 3);
	assert_int_equal(pct, 1);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_wrong_name), 1);
	zl_test_run_free(&r);

	zl_test_config_only(&cfg, ZL_FAM_DMARC);
	for (size_t i = 0; i < ZL_R__COUNT; i++)
		if (i != ZL_R_dmarc_compat && i != ZL_R_dmarc_pct_partial)
			cfg.severity[i] = ZL_SEV_NONE;
	zl_test_run(&r, zone, &cfg);
	assert_int_equal(r.ctx.diags.n, compat + pct);
	assert_int_equal(zl_test_count(&r, ZL_R_dmarc_compat), compat);
	assert_null(r.ctx.family[ZL_FAM_SPF]);
	assert_null(r.ctx.family[ZL_FAM_DKIM]);
	zl_test_run_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tag_offsets),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_every_error),
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_missing_profile_rua),
		cmocka_unit_test(test_external_reports_run),
		cmocka_unit_test(test_fixes),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_mail_domains),
		cmocka_unit_test(test_value_spans),
		cmocka_unit_test(test_reports_to_itself),
		cmocka_unit_test(test_rules_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
