/* SPDX-License-Identifier: MIT */
/*
 * SPF parser: classification, the offset and length of every term, each
 * error kind with the bytes it blames; and the zone-level analysis that
 * check_spf.c builds on it (valid_at, lookup counting, merging).
 */
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "mailauth.h"
#include "profile.h"
#include "spf.h"
#include "xalloc.h"

static size_t
parse(struct zl_spf_record *r, const char *v)
{
	assert_int_equal(zl_spf_classify(v, strlen(v), NULL), ZL_SPF_RECORD);
	return zl_spf_parse(r, v, strlen(v));
}

/* ---- classification (§4.5) */

static void
test_classify(void **state)
{
	static const struct {
		const char *v;
		enum zl_spf_class c;
		size_t why_off, why_len;
	} cases[] = {
		{ "v=spf1", ZL_SPF_RECORD, 0, 0 },
		{ "v=spf1 -all", ZL_SPF_RECORD, 0, 0 },
		{ "V=SPF1 -all", ZL_SPF_RECORD, 0, 0 },
		{ "v=sPf1 +all", ZL_SPF_RECORD, 0, 0 },
		{ "v=spf1  ", ZL_SPF_RECORD, 0, 0 },
		{ "v=spf10 -all", ZL_SPF_LOOKALIKE, 0, 7 },
		{ "v=spf1.0 -all", ZL_SPF_LOOKALIKE, 0, 8 },
		{ "v=spf1foo -all", ZL_SPF_LOOKALIKE, 0, 9 },
		{ "v=spf1\t-all", ZL_SPF_LOOKALIKE, 0, 11 },
		{ "v=spf2 -all", ZL_SPF_LOOKALIKE, 0, 6 },
		{ "  v=spf1 -all", ZL_SPF_LOOKALIKE, 0, 2 },
		{ "\tv=spf1 -all", ZL_SPF_LOOKALIKE, 0, 1 },
		{ "\"v=spf1 -all\"", ZL_SPF_LOOKALIKE, 0, 1 },
		{ "\xe2\x80\x9cv=spf1 -all\xe2\x80\x9d", ZL_SPF_LOOKALIKE, 0, 3 },
		{ "v = spf1 -all", ZL_SPF_LOOKALIKE, 0, 1 },
		{ "", ZL_SPF_NOT, 0, 0 },
		{ "\x96", ZL_SPF_NOT, 0, 0 },
		{ "spf2.0/pra include:x.example", ZL_SPF_NOT, 0, 0 },
		{ "google-site-verification=abc", ZL_SPF_NOT, 0, 0 },
		{ "v=DMARC1; p=none", ZL_SPF_NOT, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct zl_spf_error why;
		enum zl_spf_class c;

		memset(&why, 0, sizeof(why));
		c = zl_spf_classify(cases[i].v, strlen(cases[i].v), &why);
		if (c != cases[i].c)
			fail_msg("'%s': class %d, expected %d", cases[i].v, c,
			    cases[i].c);
		if (c != ZL_SPF_LOOKALIKE)
			continue;
		assert_int_equal(why.code, ZL_SPF_E_VERSION);
		assert_int_equal(why.off, cases[i].why_off);
		if (why.len != cases[i].why_len)
			fail_msg("'%s': blames %u bytes, expected %zu (%s)",
			    cases[i].v, why.len, cases[i].why_len, why.msg);
		assert_non_null(strstr(why.msg, "RFC 7208 §4.5"));
	}
}

/*
 * The prefilter check_spf.c runs on the first bytes of every TXT record
 * (zl_txt_peek()) must be exactly as wide as zl_spf_classify(): whenever it
 * says no for a prefix, the whole value is ZL_SPF_NOT, or a look-alike a
 * rule reports on would be skipped.
 */
static int
could_be_holds(const char *v, size_t n, size_t *rejected)
{
	enum zl_spf_class c = zl_spf_classify(v, n, NULL);

	if (zl_spf_could_be(v, n, 1) != (c != ZL_SPF_NOT))
		return 0;
	for (size_t k = 0; k <= n; k++) {
		if (zl_spf_could_be(v, k, 0))
			continue;
		(*rejected)++;
		if (c != ZL_SPF_NOT)
			return 0;
	}
	return 1;
}

static void
test_could_be(void **state)
{
	/* bytes and pieces the classifier treats specially */
	static const char *const pieces[] = {
		" ", "\t", "\r", "\n", "\"", "'", "`", "v", "V", "=", ":",
		"s", "S", "p", "P", "f", "F", "1", "x", "-", "\xe2\x80\x8b",
		"\xe2\x80\x9c", "\xc2\xa0", "\xef\xbb\xbf", "\xe2\x80",
		"\xe2", "\xc2", "\x80", "\xc3\xa9", "\xf0\x9f\x98\x80",
		"v=spf1", "v=spf1 ", "V=SpF1", "v=DKIM1; ", "v=DMARC1",
		"spf1", " = ", "v=spf", "\0",
	};
	static const char *const alpha = " \"'v=:sSpf1x\xe2\x80\x8b\xc2";
	const size_t np = sizeof(pieces) / sizeof(pieces[0]);
	const size_t na = strlen(alpha);
	size_t rejected = 0, nspf = 0, values = 0;
	unsigned long x = 2463534242UL;
	char v[256];

	(void)state;
	/* the cases that decide: a cut UTF-8 sequence, a cut version */
	assert_int_equal(zl_spf_could_be("\xe2\x80", 2, 0), 1);
	assert_int_equal(zl_spf_could_be("\xe2\x80", 2, 1), 0);
	assert_int_equal(zl_spf_could_be("\xe2\x80\x8bv=sp", 7, 0), 1);
	assert_int_equal(zl_spf_could_be("\xe2\x80\x8bx", 4, 0), 0);
	assert_int_equal(zl_spf_could_be("  \"", 3, 0), 1);
	assert_int_equal(zl_spf_could_be("v : SPf", 7, 0), 1);
	assert_int_equal(zl_spf_could_be("v=DKIM1; k=rsa; p=MIGf", 22, 0), 0);
	assert_int_equal(zl_spf_could_be("v=DMARC1; p=none", 8, 0), 0);
	assert_int_equal(zl_spf_could_be("google-site-verif", 16, 0), 0);
	assert_int_equal(zl_spf_could_be("v=spf1 -all", 11, 1), 1);
	assert_int_equal(zl_spf_could_be("v=spf1x", 7, 1), 1);
	assert_int_equal(zl_spf_could_be("v=sp", 4, 1), 0);
	/* every string of up to 5 bytes over the bytes that matter */
	for (size_t len = 0; len <= 5; len++) {
		size_t total = 1;

		for (size_t k = 0; k < len; k++)
			total *= na;
		for (size_t i = 0; i < total; i++) {
			size_t q = i;

			for (size_t k = 0; k < len; k++, q /= na)
				v[k] = alpha[q % na];
			if (!could_be_holds(v, len, &rejected))
				fail_msg("prefilter wrong on %zu bytes #%zu", len, i);
			values++;
		}
	}
	/* longer values glued from the pieces, at random (xorshift) */
	for (int i = 0; i < 300000; i++) {
		size_t n = 0, m;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		m = x % 12;
		for (size_t k = 0; k < m; k++) {
			const char *pc;
			size_t pl;

			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			pc = pieces[x % np];
			pl = pc[0] == '\0' ? 1 : strlen(pc);	/* "\0": a NUL */
			if (n + pl >= sizeof(v))
				break;
			memcpy(v + n, pc, pl);
			n += pl;
		}
		if (zl_spf_classify(v, n, NULL) != ZL_SPF_NOT)
			nspf++;
		if (!could_be_holds(v, n, &rejected))
			fail_msg("prefilter wrong on '%.*s'", (int)n, v);
		values++;
	}
	/* it must also reject: a prefilter that always says yes is no use */
	assert_true(nspf > 1000);
	assert_true(rejected > values);
}

/*
 * A record with a memo (zl_spf_record_memo()) parses each value exactly as
 * a fresh record does: terms seen before, at other offsets, among errors
 * and repeated modifiers.
 */
static void
test_memo(void **state)
{
	static const char *const terms[] = {
		"include:_spf.example.net", "-include:_spf.example.net",
		"a", "mx", "a:mail.example.com", "a/24", "mx:x.example.com//64",
		"~all", "-all", "?all", "all:x", "ptr", "ptr:x.example.com",
		"exists:%{i}.x.example.com", "redirect=_spf.example.net",
		"exp=explain.example.net", "foo=bar", "ip4:192.0.2.1",
		"ip4:192.0.2.0/24", "ip4:1.2.3", "ip6:2001:db8::/32",
		"include:", "include:x", "xyz", "+redirect=x.example.net",
		"include:%{c}.x.example.com", "a:x.example.com/33",
		"INCLUDE:_SPF.EXAMPLE.NET", "exists:x.example.com/24",
		"mx:%{d}", "redirect=_spf.example.net.",
	};
	const size_t nt = sizeof(terms) / sizeof(terms[0]);
	struct zl_spf_record memo, fresh;
	unsigned long x = 88172645463325252UL;
	char v[1024];

	(void)state;
	zl_spf_record_init(&memo);
	zl_spf_record_memo(&memo);
	for (int i = 0; i < 20000; i++) {
		size_t n = 6, m;

		memcpy(v, "v=spf1", 6);
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		m = x % 12;
		for (size_t k = 0; k < m; k++) {
			const char *t;

			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			t = terms[x % nt];
			v[n++] = ' ';
			if (x % 7 == 0)
				v[n++] = ' ';
			memcpy(v + n, t, strlen(t));
			n += strlen(t);
		}
		zl_spf_record_init(&fresh);
		assert_int_equal(zl_spf_parse(&memo, v, n),
		    zl_spf_parse(&fresh, v, n));
		assert_int_equal(memo.nterms, fresh.nterms);
		assert_int_equal(memo.all, fresh.all);
		assert_int_equal(memo.redirect, fresh.redirect);
		assert_int_equal(memo.exp, fresh.exp);
		for (size_t k = 0; k < fresh.nterms; k++) {
			const struct zl_spf_term *a = &memo.terms[k];
			const struct zl_spf_term *b = &fresh.terms[k];

			if (a->off != b->off || a->len != b->len ||
			    a->name_len != b->name_len ||
			    a->arg_off != b->arg_off ||
			    a->arg_len != b->arg_len || a->err != b->err ||
			    a->cidr4 != b->cidr4 || a->cidr6 != b->cidr6 ||
			    a->kind != b->kind || a->qualifier != b->qualifier ||
			    a->has_macro != b->has_macro)
				fail_msg("term %zu of '%.*s' differs", k, (int)n,
				    v);
		}
		for (size_t e = 0; e < fresh.nerrs; e++) {
			assert_int_equal(memo.errs[e].code, fresh.errs[e].code);
			assert_int_equal(memo.errs[e].off, fresh.errs[e].off);
			assert_int_equal(memo.errs[e].len, fresh.errs[e].len);
			assert_int_equal(memo.errs[e].term, fresh.errs[e].term);
			assert_string_equal(memo.errs[e].msg, fresh.errs[e].msg);
		}
		zl_spf_record_release(&fresh);
	}
	zl_spf_record_release(&memo);
}

/* ---- every term's offset, length, kind and qualifier */

struct want_term {
	const char *text;
	enum zl_spf_kind kind;
	char qual;
};

static void
check_terms(const char *v, const struct want_term *w, size_t n)
{
	struct zl_spf_record r;
	const char *from = v + 6;

	zl_spf_record_init(&r);
	parse(&r, v);
	if (r.nterms != n)
		fail_msg("'%s': %zu terms, expected %zu", v, r.nterms, n);
	for (size_t i = 0; i < n; i++) {
		const char *at = strstr(from, w[i].text);

		assert_non_null(at);
		if (r.terms[i].off != (uint32_t)(at - v) ||
		    r.terms[i].len != strlen(w[i].text))
			fail_msg("'%s' term %zu: [%u,+%u], expected '%s' at [%td,+%zu]",
			    v, i, r.terms[i].off, r.terms[i].len, w[i].text,
			    at - v, strlen(w[i].text));
		assert_int_equal(r.terms[i].kind, w[i].kind);
		assert_int_equal(r.terms[i].qualifier, w[i].qual);
		from = at + strlen(w[i].text);
	}
	zl_spf_record_release(&r);
}

static void
test_term_offsets(void **state)
{
	static const struct want_term t1[] = {
		{ "a", ZL_SPF_A, 0 },
		{ "-mx:mail.example.com/24//64", ZL_SPF_MX, '-' },
		{ "~ip4:192.0.2.0/24", ZL_SPF_IP4, '~' },
		{ "?ip6:2001:db8::/32", ZL_SPF_IP6, '?' },
		{ "+include:_spf.example.net", ZL_SPF_INCLUDE, '+' },
		{ "exists:%{i}.bl.example.org", ZL_SPF_EXISTS, 0 },
		{ "ptr:example.com", ZL_SPF_PTR, 0 },
		{ "-all", ZL_SPF_ALL, '-' },
		{ "exp=explain.%{d}", ZL_SPF_EXP, 0 },
		{ "x-custom=%{l}", ZL_SPF_UNKNOWN_MOD, 0 },
	};
	static const struct want_term t2[] = {
		{ "IP4:10.0.0.1", ZL_SPF_IP4, 0 },
		{ "Include:example.org", ZL_SPF_INCLUDE, 0 },
		{ "REDIRECT=_spf.example.com", ZL_SPF_REDIRECT, 0 },
	};
	/* several spaces and trailing spaces (record = version terms *SP) */
	static const struct want_term t3[] = {
		{ "mx", ZL_SPF_MX, 0 },
		{ "~all", ZL_SPF_ALL, '~' },
	};
	/* bad terms keep their place too */
	static const struct want_term t4[] = {
		{ "moo", ZL_SPF_BAD, 0 },
		{ "ip4:1.2.3.4/33", ZL_SPF_IP4, 0 },
		{ "?redirect=x.example", ZL_SPF_REDIRECT, '?' },
		{ "-all", ZL_SPF_ALL, '-' },
	};

	(void)state;
	check_terms("v=spf1 a -mx:mail.example.com/24//64 ~ip4:192.0.2.0/24 "
	    "?ip6:2001:db8::/32 +include:_spf.example.net "
	    "exists:%{i}.bl.example.org ptr:example.com -all exp=explain.%{d} "
	    "x-custom=%{l}", t1, sizeof(t1) / sizeof(t1[0]));
	check_terms("V=SPF1 IP4:10.0.0.1 Include:example.org "
	    "REDIRECT=_spf.example.com", t2, sizeof(t2) / sizeof(t2[0]));
	check_terms("v=spf1   mx    ~all   ", t3, sizeof(t3) / sizeof(t3[0]));
	check_terms("v=spf1 moo ip4:1.2.3.4/33 ?redirect=x.example -all", t4,
	    sizeof(t4) / sizeof(t4[0]));
}

static void
test_arguments(void **state)
{
	const char *v = "v=spf1 a:mail.example.com/24//64 mx//96 "
	    "ip4:192.0.2.1/32 ip6:2001:db8::1 include:%{d}.example.com -all "
	    "redirect=spf.example.net";
	struct zl_spf_record r;
	const struct zl_spf_term *t;

	(void)state;
	zl_spf_record_init(&r);
	assert_int_equal(parse(&r, v), 0);
	assert_int_equal(r.nterms, 7);
	t = &r.terms[0];
	assert_int_equal(t->arg_len, strlen("mail.example.com"));
	assert_memory_equal(v + t->arg_off, "mail.example.com", t->arg_len);
	assert_int_equal(t->cidr4, 24);
	assert_int_equal(t->cidr6, 64);
	t = &r.terms[1];
	assert_int_equal(t->arg_len, 0);
	assert_int_equal(t->cidr4, -1);
	assert_int_equal(t->cidr6, 96);
	t = &r.terms[2];
	assert_memory_equal(v + t->arg_off, "192.0.2.1", t->arg_len);
	assert_int_equal(t->cidr4, 32);
	t = &r.terms[3];
	assert_memory_equal(v + t->arg_off, "2001:db8::1", t->arg_len);
	assert_int_equal(t->cidr6, -1);
	t = &r.terms[4];
	assert_true(t->has_macro);
	assert_false(r.terms[0].has_macro);
	assert_int_equal(r.all, 5);
	assert_int_equal(r.redirect, 6);
	assert_int_equal(r.exp, -1);
	assert_true(zl_spf_kind_queries(ZL_SPF_REDIRECT));
	assert_false(zl_spf_kind_queries(ZL_SPF_IP4));
	assert_true(zl_spf_qualifier_rank('-') > zl_spf_qualifier_rank('~'));
	assert_true(zl_spf_qualifier_rank('?') > zl_spf_qualifier_rank(0));
	zl_spf_record_release(&r);
}

/* ---- every error kind, what it blames and what it says */

static void
test_errors(void **state)
{
	static const struct {
		const char *v;
		enum zl_spf_err code;
		int term;              /* index of the term at fault */
		const char *blamed;    /* the bytes the error points at */
		const char *says;      /* part of the message */
	} cases[] = {
		{ "v=spf1 ip4:111.222.333.444 -all", ZL_SPF_E_IP4, 0,
		  "111.222.333.444", "ip4:111.222.333.444: 333 is not an octet" },
		{ "v=spf1 ip4:10.0.0.256", ZL_SPF_E_IP4, 0, "10.0.0.256",
		  "256 is not an octet" },
		{ "v=spf1 ip4:01.2.3.4", ZL_SPF_E_IP4, 0, "01.2.3.4",
		  "leading zeros" },
		{ "v=spf1 ip4:1.2.3", ZL_SPF_E_IP4, 0, "1.2.3", "has 3 octets" },
		{ "v=spf1 ip4:relay.example.net", ZL_SPF_E_IP4, 0,
		  "relay.example.net", "host name" },
		{ "v=spf1 ip4:8.8.8.8~all", ZL_SPF_E_IP4, 0, "8.8.8.8~all",
		  "without a space" },
		{ "v=spf1 ip4:2001:db8::1", ZL_SPF_E_IP4, 0, "2001:db8::1",
		  "needs 'ip6:'" },
		{ "v=spf1 ip6:2001:db8:::1", ZL_SPF_E_IP6, 0, "2001:db8:::1",
		  "':::'" },
		{ "v=spf1 ip6:1200:O000::1", ZL_SPF_E_IP6, 0, "1200:O000::1",
		  "'O000'" },
		{ "v=spf1 ip6:78.46.96.236", ZL_SPF_E_IP6, 0, "78.46.96.236",
		  "needs 'ip4:'" },
		{ "v=spf1 ip6::CAFE::BABE", ZL_SPF_E_IP6, 0, ":CAFE::BABE",
		  "single ':'" },
		{ "v=spf1 ip6:1::2::3", ZL_SPF_E_IP6, 0, "1::2::3", "twice" },
		{ "v=spf1 ip4:10.0.0.1/33", ZL_SPF_E_CIDR, 0, "/33",
		  "above 32" },
		{ "v=spf1 ip4:1.2.3.4/032", ZL_SPF_E_CIDR, 0, "/032",
		  "leading zero" },
		{ "v=spf1 ip6:::1/129", ZL_SPF_E_CIDR, 0, "/129", "above 128" },
		{ "v=spf1 ip4:1.2.3.4//32", ZL_SPF_E_CIDR, 0, "//32", "'//'" },
		{ "v=spf1 a/24/64", ZL_SPF_E_CIDR, 0, "/24/64",
		  "not a CIDR length" },
		{ "v=spf1 mx:example.com//129", ZL_SPF_E_CIDR, 0, "//129",
		  "above 128" },
		{ "v=spf1 -all.", ZL_SPF_E_ARG, 0, ".", "takes no argument" },
		{ "v=spf1 ptr/0", ZL_SPF_E_ARG, 0, "/0", "no CIDR" },
		{ "v=spf1 include:ip5.example.com/24", ZL_SPF_E_ARG, 0, "/24",
		  "no CIDR" },
		{ "v=spf1 include", ZL_SPF_E_NO_ARG, 0, "", "needs ':'" },
		{ "v=spf1 include: -all", ZL_SPF_E_NO_ARG, 0, "",
		  "no domain after 'include:'" },
		{ "v=spf1 ip4", ZL_SPF_E_NO_ARG, 0, "", "needs ':'" },
		{ "v=spf1 -all exp=", ZL_SPF_E_NO_ARG, 1, "",
		  "no domain after 'exp='" },
		{ "v=spf1 a:x", ZL_SPF_E_DOMAIN, 0, "x", "single label" },
		{ "v=spf1 redirect=museum.", ZL_SPF_E_DOMAIN, 0, "museum.",
		  "single label" },
		{ "v=spf1 a:abc.123", ZL_SPF_E_DOMAIN, 0, "abc.123",
		  "all digits" },
		{ "v=spf1 a:example.-com", ZL_SPF_E_DOMAIN, 0, "example.-com",
		  "starts with '-'" },
		{ "v=spf1 a:example.com:8080", ZL_SPF_E_DOMAIN, 0,
		  "example.com:8080", "not a top-level label" },
		{ "v=spf1 exists:%{l1r+}..", ZL_SPF_E_DOMAIN, 0, "%{l1r+}..",
		  "empty top-level label" },
		{ "v=spf1 exists:%{x}", ZL_SPF_E_MACRO, 0, "%{x}",
		  "not a macro letter" },
		{ "v=spf1 exists:%{s0}", ZL_SPF_E_MACRO, 0, "%{s0}",
		  "transformer digit 0" },
		{ "v=spf1 -all exp=%{r}.example.com", ZL_SPF_E_MACRO, 1,
		  "%{r}.example.com", "explanation text" },
		{ "v=spf1 exists:foo%(ir).example.com", ZL_SPF_E_MACRO, 0,
		  "foo%(ir).example.com", "must be followed by" },
		{ "v=spf1 a:%{d", ZL_SPF_E_MACRO, 0, "%{d", "no closing" },
		{ "v=spf1 -all foo=%abc", ZL_SPF_E_MACRO, 1, "%abc",
		  "must be followed by" },
		{ "v=spf1 moo -all", ZL_SPF_E_UNKNOWN, 0, "moo",
		  "unknown mechanism 'moo'" },
		{ "v=spf1 redirect:t2.example.com", ZL_SPF_E_UNKNOWN, 0,
		  "redirect", "write 'redirect='" },
		{ "v=spf1 !", ZL_SPF_E_UNKNOWN, 0, "!", "'!'" },
		{ "v=spf1 -", ZL_SPF_E_UNKNOWN, 0, "-", "qualifier without" },
		{ "v=spf1 ?redirect=x.example", ZL_SPF_E_MOD_QUAL, 0, "?",
		  "no qualifier" },
		{ "v=spf1 1up=foo", ZL_SPF_E_MOD_NAME, 0, "1up",
		  "start with a letter" },
		{ "v=spf1 =all", ZL_SPF_E_MOD_NAME, 0, "=all", "without a name" },
		{ "v=spf1 redirect=a.example redirect=b.example",
		  ZL_SPF_E_MOD_TWICE, 1, "redirect=b.example",
		  "second 'redirect='" },
		{ "v=spf1 exp=a.example -all exp=b.example", ZL_SPF_E_MOD_TWICE,
		  2, "exp=b.example", "second 'exp='" },
		{ "v=spf1 mx \xe2\x80\x93" "all", ZL_SPF_E_CHAR, 1,
		  "\xe2\x80\x93", "U+2013 EN DASH" },
		{ "v=spf1 a:ctrl.example.com\rptr -all", ZL_SPF_E_CHAR, 0, "\r",
		  "separated by single spaces" },
		{ "v=spf1 a\t-all", ZL_SPF_E_CHAR, 0, "\t", "TAB" },
		{ "v=spf1 include:x.example\xe2\x80\x9d", ZL_SPF_E_CHAR, 0,
		  "\xe2\x80\x9d", "RIGHT DOUBLE QUOTATION MARK" },
	};
	struct zl_spf_record r;

	(void)state;
	zl_spf_record_init(&r);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *v = cases[i].v;
		const struct zl_spf_error *e;
		const char *at;

		if (parse(&r, v) < 1)
			fail_msg("'%s': no error", v);
		e = &r.errs[0];
		if (e->code != cases[i].code || e->term != cases[i].term)
			fail_msg("'%s': error %d at term %d, expected %d at %d (%s)",
			    v, e->code, e->term, cases[i].code, cases[i].term,
			    e->msg);
		assert_int_equal(r.terms[e->term].err, 0);
		at = strstr(v + r.terms[e->term].off, cases[i].blamed);
		assert_non_null(at);
		if (*cases[i].blamed == '\0')
			at = v + e->off;	/* a missing argument */
		if (e->off != (uint32_t)(at - v) ||
		    e->len != strlen(cases[i].blamed))
			fail_msg("'%s': blames [%u,+%u], expected '%s' at %td (%s)",
			    v, e->off, e->len, cases[i].blamed, at - v, e->msg);
		if (strstr(e->msg, cases[i].says) == NULL)
			fail_msg("'%s': message '%s' lacks '%s'", v, e->msg,
			    cases[i].says);
		assert_non_null(strstr(e->msg, "(RFC "));
	}
	zl_spf_record_release(&r);
}

static void
test_valid_records(void **state)
{
	static const char *const ok[] = {
		"v=spf1",
		"v=spf1 -all",
		"v=spf1 a:mail.example.com a//64 a/24 mx:%{d} -all",
		"v=spf1 exists:%%.%{l1r+}.%{d} -all",
		"v=spf1 exists:%{ir}.%{l1r+}.%{d}",
		"v=spf1 a:%{H}.bar -all",
		"v=spf1 a:mail.example...com -all",
		"v=spf1 a:foo.1-2 -all",
		"v=spf1 ip6:::1 ip6:::ffff:1.2.3.4 ip6:1:2:3:4:5:6:7:8/128",
		"v=spf1 ip4:0.0.0.0/0 ip6:::/0",
		"v=spf1 ip4:213.5.39.110 -all MS=83859DAEBD1978F9A7A67D3",
		"v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all",
		"v=spf1 -all exp=%{S}.explain.example.com",
		"v=spf1 redirect=%{d}._spf.example.com",
		"v=spf1 a:example.com. -all",
		"v=spf1 +all -all",
		"v=spf1 x=",
	};
	struct zl_spf_record r;

	(void)state;
	zl_spf_record_init(&r);
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (parse(&r, ok[i]) != 0)
			fail_msg("'%s': %s", ok[i], r.errs[0].msg);
	zl_spf_record_release(&r);
}

/* One error per bad term, each pointing at its own term. */
static void
test_several_errors(void **state)
{
	const char *v = "v=spf1 a:x ip4:1.2.3.4/33 moo ip6:gg::1 -all";
	struct zl_spf_record r;

	(void)state;
	zl_spf_record_init(&r);
	assert_int_equal(parse(&r, v), 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(r.errs[i].term, (int)i);
		assert_true(r.errs[i].off >= r.terms[i].off);
		assert_true(r.errs[i].off + r.errs[i].len <=
		    r.terms[i].off + r.terms[i].len);
	}
	assert_int_equal(r.terms[4].err, -1);
	assert_int_equal(r.all, 4);
	/* reuse the record for another value */
	assert_int_equal(parse(&r, "v=spf1 mx"), 0);
	assert_int_equal(r.nterms, 1);
	assert_int_equal(r.all, -1);
	zl_spf_record_release(&r);
}

/* ---- zone level */

static const char *zone_head =
    "$ORIGIN example.com.\n$TTL 3600\n"
    "@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n"
    "@ IN NS ns1\nns1 IN A 192.0.2.1\n";

static void
run_zone(struct zl_test_run *r, const char *body)
{
	char *text = zl_xasprintf("%s%s", zone_head, body);

	zl_test_run(r, text, NULL);
	free(text);
}

static const char *
message_of(const struct zl_test_run *r, enum zl_rule_id id)
{
	for (size_t i = 0; i < r->ctx.diags.n; i++)
		if (r->ctx.diags.v[i].rule == id)
			return r->ctx.diags.v[i].message;
	return NULL;
}

static void
test_valid_at(void **state)
{
	struct zl_test_run r;
	uint32_t apex, two, bad, none, split;

	(void)state;
	run_zone(&r,
	    "@ IN TXT \"v=spf1 mx -all\"\n"
	    "@ IN TXT \"google-site-verification=x\"\n"
	    "two IN TXT \"v=spf1 a -all\"\ntwo IN TXT \"v=spf1 mx -all\"\n"
	    "bad IN TXT \"v=spf1 a:x -all\"\n"
	    "none IN TXT \"v=spf10 -all\"\n"
	    "split IN TXT \"v=spf1 a \" \"-all\"\n");
	apex = zl_zone_find_text(r.zone, "example.com.");
	two = zl_zone_find_text(r.zone, "two.example.com.");
	bad = zl_zone_find_text(r.zone, "bad.example.com.");
	none = zl_zone_find_text(r.zone, "none.example.com.");
	split = zl_zone_find_text(r.zone, "split.example.com.");
	assert_int_equal(zl_spf_valid_at(&r.ctx, apex), 1);
	assert_int_equal(zl_spf_valid_at(&r.ctx, two), 0);
	assert_int_equal(zl_spf_valid_at(&r.ctx, bad), 0);
	assert_int_equal(zl_spf_valid_at(&r.ctx, none), 0);
	assert_int_equal(zl_spf_valid_at(&r.ctx, split), 1);
	assert_int_equal(zl_test_count(&r, ZL_R_spf_multiple), 1);
	assert_int_equal(zl_test_count(&r, ZL_R_spf_syntax), 2);
	assert_int_equal(zl_test_line(&r, ZL_R_spf_multiple), 8);
	zl_test_run_free(&r);
}

static void
test_lookup_counting(void **state)
{
	struct zl_test_run r;
	const char *m;

	(void)state;
	/* 7 here + include:_spf (1 + its 3) = 11 */
	run_zone(&r,
	    "@ IN MX 10 mail\nmail IN A 192.0.2.2\n"
	    "@ IN TXT \"v=spf1 a mx a:mail.example.com mx a mx a include:_spf.example.com -all\"\n"
	    "_spf IN TXT \"v=spf1 a:mail.example.com mx:example.com include:_spf2.example.com ~all\"\n"
	    "_spf2 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
	    "loop IN TXT \"v=spf1 include:loop2.example.com -all\"\n"
	    "loop2 IN TXT \"v=spf1 redirect=loop.example.com\"\n"
	    "ext IN TXT \"v=spf1 include:unknown.example.net -all\"\n");
	m = message_of(&r, ZL_R_spf_lookup_limit);
	assert_non_null(m);
	assert_non_null(strstr(m, "needs 11 DNS lookups"));
	assert_non_null(strstr(m, "include:_spf.example.com 4 (in this zone)"));
	assert_null(strstr(m, "lower bound"));
	/* the loop is found and reported, for each record in it */
	assert_int_equal(zl_test_count(&r, ZL_R_spf_lookup_limit), 3);
	assert_int_equal(zl_test_line(&r, ZL_R_spf_lookup_limit), 8);
	zl_test_run_free(&r);

	/* unknown includes: 1 each, the total a lower bound */
	run_zone(&r,
	    "@ IN TXT \"v=spf1 include:a.example.net include:b.example.net "
	    "include:c.example.net include:d.example.net include:e.example.net "
	    "include:f.example.net include:g.example.net include:h.example.net "
	    "include:i.example.net include:j.example.net include:k.example.net -all\"\n");
	m = message_of(&r, ZL_R_spf_lookup_limit);
	assert_non_null(m);
	assert_non_null(strstr(m, "at least 11"));
	assert_non_null(strstr(m, "lower bound"));
	zl_test_run_free(&r);
}

static void
test_policy_rules(void **state)
{
	struct zl_test_run r;

	(void)state;
	run_zone(&r,
	    "@ IN TXT \"v=spf1 mx +all\"\n"
	    "a IN TXT \"v=spf1 ip4:192.0.2.1 ?all\"\n"
	    "b IN TXT \"v=spf1 ip4:192.0.2.1\"\n"
	    "c IN TXT \"v=spf1 -all ip4:192.0.2.1 exp=x.example.com\"\n"
	    "d IN TXT \"v=spf1 -all redirect=_spf.example.com\"\n"
	    "_spf IN TXT \"v=spf1 ip4:192.0.2.2\"\n"
	    "e IN TXT \"v=spf1 ptr -all\"\n"
	    "f IN TXT \"v=spf1 include:_spf.example.com -all\"\n");
	assert_int_equal(zl_test_count(&r, ZL_R_spf_all_pass), 1);
	assert_int_equal(zl_test_line(&r, ZL_R_spf_all_pass), 6);
	/* a, b; not _spf (an include target) */
	assert_int_equal(zl_test_count(&r, ZL_R_spf_all_neutral), 2);
	assert_int_equal(zl_test_count(&r, ZL_R_spf_terms_after_all), 1);
	assert_int_equal(zl_test_line(&r, ZL_R_spf_terms_after_all), 9);
	assert_int_equal(zl_test_count(&r, ZL_R_spf_redirect_with_all), 1);
	assert_int_equal(zl_test_count(&r, ZL_R_spf_ptr), 1);
	assert_int_equal(zl_test_count(&r, ZL_R_spf_syntax), 0);
	zl_test_run_free(&r);
}

/* Number of findings of a rule whose message holds text. */
static size_t
count_with(const struct zl_test_run *r, enum zl_rule_id id, const char *text)
{
	size_t n = 0;

	for (size_t i = 0; i < r->ctx.diags.n; i++)
		if (r->ctx.diags.v[i].rule == id &&
		    strstr(r->ctx.diags.v[i].message, text) != NULL)
			n++;
	return n;
}

/*
 * The scan of check_spf.c: records the first bytes cannot rule out are
 * decoded (escapes, junk longer than the peek), names that only look like
 * the apex stay outside, include costs remembered by their text, identical
 * copies, findings an include into the zone excuses; and the same findings
 * when DMARC asks zl_spf_valid_at() before any SPF rule ran.
 */
static void
test_scan(void **state)
{
	static const char *body =
	    "@ IN MX 10 mail\nmail IN A 192.0.2.2\n"
	    /* an escape: zl_txt_peek() gives up, the record is decoded */
	    "esc IN TXT \"\\118=spf1 +all\"\n"
	    /* junk longer than the peek before the version */
	    "junk IN TXT \"      v=spf1 -all\"\n"
	    "dkim IN TXT \"v=DKIM1; k=rsa; p=MIGfMA0\"\n"
	    /* ends like the apex but is not under it: outside, cost unknown */
	    "look IN TXT \"v=spf1 include:notexample.com -all\"\n"
	    /* under the apex, in any case, but no such name */
	    "gone IN TXT \"v=spf1 include:NOPE.Example.COM. -all\"\n"
	    /* the same external include eleven times: remembered, counted */
	    "many IN TXT \"v=spf1 include:x.example.net include:x.example.net "
	    "include:x.example.net include:x.example.net include:x.example.net "
	    "include:x.example.net include:x.example.net include:x.example.net "
	    "include:x.example.net include:x.example.net include:x.example.net "
	    "-all\"\n"
	    /* an include target may end neutral, unless it receives mail */
	    "inc IN TXT \"v=spf1 include:t1.example.com include:t2.example.com -all\"\n"
	    "t1 IN TXT \"v=spf1 ip4:192.0.2.1 ?all\"\n"
	    "t2 IN TXT \"v=spf1 ip4:192.0.2.2 ?all\"\nt2 IN MX 10 mail\n"
	    /* identical copies, one of them in the obsolete type too */
	    "dup IN TXT \"v=spf1 mx -all\"\ndup IN TXT \"v=spf1 mx -all\"\n"
	    "dup IN SPF \"v=spf1 mx -all\"\n"
	    "_dmarc IN TXT \"v=DMARC1; p=reject\"\n";
	struct zl_test_run r;
	struct zl_config cfg;
	struct zl_zone *z;
	struct zl_ctx ctx;
	char *text;

	(void)state;
	run_zone(&r, body);
	assert_int_equal(count_with(&r, ZL_R_spf_all_pass, "'+all'"), 1);
	assert_int_equal(count_with(&r, ZL_R_spf_syntax,
	    "before the version"), 1);
	assert_int_equal(count_with(&r, ZL_R_spf_syntax, "DKIM"), 0);
	assert_int_equal(count_with(&r, ZL_R_spf_void_lookup,
	    "notexample"), 0);
	assert_int_equal(count_with(&r, ZL_R_spf_void_lookup,
	    "'nope.example.com.', which does not exist"), 1);
	assert_int_equal(count_with(&r, ZL_R_spf_lookup_limit,
	    "needs at least 11 DNS lookups"), 1);
	assert_int_equal(count_with(&r, ZL_R_spf_all_neutral, "'t1."), 0);
	assert_int_equal(count_with(&r, ZL_R_spf_all_neutral, "'t2."), 1);
	assert_int_equal(count_with(&r, ZL_R_spf_multiple,
	    "is repeated on line"), 1);
	assert_int_equal(count_with(&r, ZL_R_spf_rr_type,
	    "an identical TXT record is there"), 1);

	/* DMARC first: the scan without findings, then the rules' own */
	text = zl_xasprintf("%s%s", zone_head, body);
	z = zl_test_zone(text);
	zl_config_init(&cfg);
	zl_ctx_init(&ctx, z, &cfg);
	assert_int_equal(zl_spf_valid_at(&ctx,
	    zl_zone_find_text(z, "dup.example.com.")), 1);
	assert_int_equal(zl_spf_valid_at(&ctx,
	    zl_zone_find_text(z, "esc.example.com.")), 1);
	assert_int_equal(zl_spf_valid_at(&ctx,
	    zl_zone_find_text(z, "junk.example.com.")), 0);
	assert_int_equal(ctx.diags.n, 0);
	zl_engine_run(&ctx);
	assert_int_equal(ctx.diags.n, r.ctx.diags.n);
	for (size_t i = 0; i < ctx.diags.n; i++) {
		assert_int_equal(ctx.diags.v[i].rule, r.ctx.diags.v[i].rule);
		assert_int_equal(ctx.diags.v[i].start, r.ctx.diags.v[i].start);
		assert_string_equal(ctx.diags.v[i].message,
		    r.ctx.diags.v[i].message);
	}
	zl_ctx_release(&ctx);
	zl_zone_free(z);
	zl_config_release(&cfg);
	free(text);
	zl_test_run_free(&r);
}

static void
test_split_join(void **state)
{
	struct zl_test_run r;
	const struct zl_diag *d = NULL;

	(void)state;
	run_zone(&r,
	    "a IN TXT \"v=spf1\" \"+a:mail.example.com\" \"+mx:example.com\" \"-all\"\n"
	    "b IN TXT \"v=spf1 ip4:\" \"192.0.2.5 -all\"\n"
	    "c IN TXT \"v=spf1 include:_spf.example.net\" \"include:spf.example.org -all\"\n");
	/* three in a; none in b (a split inside a term); one in c */
	assert_int_equal(zl_test_count(&r, ZL_R_spf_split_join), 4);
	for (size_t i = 0; i < r.ctx.diags.n; i++)
		if (r.ctx.diags.v[i].rule == ZL_R_spf_split_join)
			d = &r.ctx.diags.v[i];	/* the last: record c */
	assert_non_null(d);
	assert_non_null(d->fix);
	assert_int_equal(d->fix->applicability, ZL_FIX_SAFE);
	assert_int_equal(d->fix->nedits, 1);
	assert_string_equal(d->fix->edits[0].text, " ");
	/* before the closing quote of the first string */
	assert_int_equal(r.zone->sources[0]->data[d->fix->edits[0].start], '"');
	assert_int_equal(r.zone->sources[0]->data[d->fix->edits[0].start - 1], 't');
	zl_test_run_free(&r);
}

/* A profile as the loader makes it: sends from the apex. */
static struct zl_profile *
crm_profile(const char *default_record)
{
	struct zl_profile *p = zl_xcalloc(1, sizeof(*p));

	p->name = zl_xstrdup("crm");
	p->spf = zl_xcalloc(1, sizeof(*p->spf));
	p->spf->includes = zl_xcalloc(1, sizeof(char *));
	p->spf->includes[0] = zl_xstrdup("spf.crm.example");
	p->spf->nincludes = 1;
	if (default_record)
		p->spf->default_record = zl_xstrdup(default_record);
	return p;
}

static void
run_profile_zone(struct zl_test_run *r, const char *body, const char *dflt)
{
	struct zl_config cfg;
	char *text = zl_xasprintf("%s%s", zone_head, body);

	zl_config_init(&cfg);
	cfg.profiles = zl_xcalloc(1, sizeof(*cfg.profiles));
	cfg.profiles[0] = crm_profile(dflt);
	cfg.nprofiles = 1;
	zl_test_run(r, text, &cfg);
	free(text);
}

static const struct zl_diag *
first_of(const struct zl_test_run *r, enum zl_rule_id id)
{
	for (size_t i = 0; i < r->ctx.diags.n; i++)
		if (r->ctx.diags.v[i].rule == id)
			return &r->ctx.diags.v[i];
	return NULL;
}

static void
test_profiles(void **state)
{
	struct zl_test_run r;
	const struct zl_diag *d;

	(void)state;
	/* missing include: inserted right before the all term */
	run_profile_zone(&r, "@ IN TXT \"v=spf1 mx -all\"\n"
	    "news IN TXT \"v=spf1 -all\"\n", NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_spf_include_required), 1);
	d = first_of(&r, ZL_R_spf_include_required);
	assert_int_equal(zl_test_line(&r, ZL_R_spf_include_required), 6);
	assert_non_null(d->fix);
	assert_int_equal(d->fix->applicability, ZL_FIX_SAFE);
	assert_string_equal(d->fix->edits[0].text, "include:spf.crm.example ");
	assert_memory_equal(r.zone->sources[0]->data + d->fix->edits[0].start,
	    "-all", 4);
	zl_test_run_free(&r);

	/* present through an include inside the zone: nothing to say */
	run_profile_zone(&r, "@ IN TXT \"v=spf1 include:_s.example.com -all\"\n"
	    "_s IN TXT \"v=spf1 include:spf.crm.example\"\n", NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_spf_include_required), 0);
	zl_test_run_free(&r);

	/* no SPF at the apex: spf-missing, fixed with the default record */
	run_profile_zone(&r, "@ IN MX 10 mail.example.com.\n",
	    "v=spf1 include:spf.crm.example -all");
	d = first_of(&r, ZL_R_spf_missing);
	assert_non_null(d);
	assert_non_null(strstr(d->message, "profile 'crm'"));
	assert_non_null(d->fix);
	assert_int_equal(d->fix->applicability, ZL_FIX_SAFE);
	assert_non_null(strstr(d->fix->edits[0].text,
	    "example.com. IN TXT \"v=spf1 include:spf.crm.example -all\""));
	zl_test_run_free(&r);

	/* no default: the record is only suggested */
	run_profile_zone(&r, "@ IN MX 10 mail.example.com.\n", NULL);
	d = first_of(&r, ZL_R_spf_missing);
	assert_non_null(d);
	assert_non_null(d->fix);
	assert_int_equal(d->fix->applicability, ZL_FIX_UNSAFE);
	zl_test_run_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_could_be),
		cmocka_unit_test(test_memo),
		cmocka_unit_test(test_term_offsets),
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_valid_records),
		cmocka_unit_test(test_several_errors),
		cmocka_unit_test(test_valid_at),
		cmocka_unit_test(test_lookup_counting),
		cmocka_unit_test(test_policy_rules),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_split_join),
		cmocka_unit_test(test_profiles),
	};

	return cmocka_run_group_tests_name("spf", tests, NULL, NULL);
}
