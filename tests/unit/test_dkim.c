/* SPDX-License-Identifier: MIT */
/*
 * DKIM: base64 with FWS, the DER walk and libcrypto decoding of keys,
 * the key-record parser, and the checks over a zone (split keys and their
 * proved fixes, zone errors claimed, zl_dkim_valid_for). Malformed base64
 * and DER are also fed in bulk (deterministic mutations): nothing may read
 * out of bounds or claim a broken key is fine.
 */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "buf.h"
#include "dkim.h"
#include "mailauth.h"

/* public test keys (testdata/dkim/keys, made with openssl genpkey) */
static const char K512[] =
    "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMLMsWZ9CntgxrUGO5/9OdVvRjYkYS3Esz3k"
    "Jjh4Afe7Z7PM9nD/Y+p9+1gDvZGJlZXv3DlXIxbpHSixEGAte7MCAwEAAQ==";
static const char K1024[] =
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDBUU0980rJLzlvERnVtGT9fj/j+e4I"
    "gny1DIaZyBKgs3uEeILN9F6kHdKo4dN6voxRqCZIuRBOvzlCWwqTsUUrPZAp/zOQ8WXZ"
    "F+lLPHb7cezs1XFUdDkgKyacHhn6izdzPXDIeCPxhRd3FIT/9JsjQnfgyAaNBtMkOL9u"
    "ZjmjVwIDAQAB";
static const char K1024_PKCS1[] =
    "MIGJAoGBAMFRTT3zSskvOW8RGdW0ZP1+P+P57giCfLUMhpnIEqCze4R4gs30XqQd0qjh"
    "03q+jFGoJki5EE6/OUJbCpOxRSs9kCn/M5DxZdkX6Us8dvtx7OzVcVR0OSArJpweGfqL"
    "N3M9cMh4I/GFF3cUhP/0myNCd+DIBo0G0yQ4v25mOaNXAgMBAAE=";
static const char K2048[] =
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuOweuXroZucNwQHiA65mf6sE"
    "VrIK7jHf+H3gpVhLdjZfGAqHw/yG2oBBI6qX+vajqTi7sRH052UJ3IHHHBAsdT07gGk0"
    "YKcgw/5pu967o88tTXDPBj/asLSY2Y8voy1QpYmL/7tS2MUE9SwG8gf7R3RCqquMgxXf"
    "yT1j0V4z68ilqUUfFmwj8BDWksFblArbB9+Qxrhk11JhVBZ2ndApcgKDqAsAWEd5kxTv"
    "wrXXDEK7K9i9zfz/uGnEQb2OG7xMjkkylp5olXVeROFcg/OJaHhwWYwM+H3xfXR3Grit"
    "WymiivXq172f1Ss/4ZFidYAwcDE6OlNfxO0t4ud7O7X3+wIDAQAB";
static const char KED[] = "/69H8h1rF//6XtNVaSluZ7/CsY5lg7RQtWpVStWHQfs=";
static const char KED_SPKI[] =
    "MCowBQYDK2VwAyEA3SUqa9UbfciWkk7tlcJ9P1VD5pXAasg0JUn/OgjVbKE=";

static void
b64(const char *s, struct zl_buf *out)
{
	size_t bad, n;

	zl_buf_reset(out);
	assert_int_equal(zl_dkim_b64_decode(s, strlen(s), out, &bad, &n),
	    ZL_B64_OK);
}

static void
test_base64(void **state)
{
	struct zl_buf out = ZL_BUF_INIT;
	size_t bad, n;

	(void)state;
	assert_int_equal(zl_dkim_b64_decode("TWFu", 4, &out, &bad, &n), ZL_B64_OK);
	assert_int_equal(out.len, 3);
	assert_memory_equal(out.data, "Man", 3);
	/* FWS anywhere, padding at the end */
	zl_buf_reset(&out);
	assert_int_equal(zl_dkim_b64_decode("TW\r\n F\tu TQ ==", 14, &out, &bad,
	    &n), ZL_B64_OK);
	assert_int_equal(out.len, 4);
	assert_memory_equal(out.data, "ManM", 4);
	/* a character outside the alphabet, at its offset */
	zl_buf_reset(&out);
	assert_int_equal(zl_dkim_b64_decode("TWFu\"TQ==", 9, &out, &bad, &n),
	    ZL_B64_BADCHAR);
	assert_int_equal(bad, 4);
	assert_int_equal(zl_dkim_b64_decode("TW-u", 4, &out, &bad, &n),
	    ZL_B64_BADCHAR);
	assert_int_equal(bad, 2);
	/* padding in the middle, too much padding, data after padding */
	assert_int_equal(zl_dkim_b64_decode("TQ==TWFu", 8, &out, &bad, &n),
	    ZL_B64_PAD);
	assert_int_equal(bad, 4);
	assert_int_equal(zl_dkim_b64_decode("T===", 4, &out, &bad, &n),
	    ZL_B64_PAD);
	assert_int_equal(zl_dkim_b64_decode("=TWF", 4, &out, &bad, &n),
	    ZL_B64_PAD);
	assert_int_equal(zl_dkim_b64_decode("TQ=a", 4, &out, &bad, &n),
	    ZL_B64_PAD);
	/* cut short: the complete groups are kept */
	zl_buf_reset(&out);
	assert_int_equal(zl_dkim_b64_decode("TWFuTW", 6, &out, &bad, &n),
	    ZL_B64_LENGTH);
	assert_int_equal(n, 6);
	assert_int_equal(out.len, 3);
	zl_buf_release(&out);
}

/*
 * The decoder as it was written first, one character at a time: the table
 * driven zl_dkim_b64_decode() and the plain-p= shortcut in zl_dkim_parse()
 * must give what it gives, error, offsets and bytes.
 */
static enum zl_b64_err
ref_b64(const char *s, size_t n, struct zl_buf *out, size_t *bad,
    size_t *nchars)
{
	static const char al[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char q[4];
	size_t cnt = 0, pad = 0;

	*bad = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *v;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			if (cnt % 4 < 2 || pad >= 2) {
				*bad = i;
				*nchars = cnt;
				return ZL_B64_PAD;
			}
			pad++;
			q[cnt % 4] = 0;
		} else {
			if (c == '\0' || (v = strchr(al, c)) == NULL) {
				*bad = i;
				*nchars = cnt;
				return ZL_B64_BADCHAR;
			}
			if (pad > 0) {
				*bad = i;
				*nchars = cnt;
				return ZL_B64_PAD;
			}
			q[cnt % 4] = (unsigned char)(v - al);
		}
		if (++cnt % 4 == 0) {
			unsigned long w = ((unsigned long)q[0] << 18) |
			    ((unsigned long)q[1] << 12) | ((unsigned long)q[2] << 6) |
			    q[3];
			char b[3] = { (char)(w >> 16), (char)(w >> 8), (char)w };

			zl_buf_add(out, b, 3 - pad);
		}
	}
	*nchars = cnt;
	if (cnt % 4 != 0) {
		*bad = n;
		return ZL_B64_LENGTH;
	}
	return ZL_B64_OK;
}

/* Random base64-ish text: mostly clean, with FWS, '=' and junk now and then. */
static size_t
b64_text(unsigned long *seed, char *buf, size_t cap)
{
	static const char al[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	static const char odd[] = " \t\r\n=\"\\;-_!\x80\xff";
	size_t n;
	unsigned noise;

	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	n = (*seed >> 33) % cap;
	noise = (unsigned)((*seed >> 20) % 4);	/* 0: clean */
	for (size_t i = 0; i < n; i++) {
		*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
		if (noise && (*seed >> 40) % (40 * noise) == 0)
			buf[i] = odd[(*seed >> 16) % (sizeof(odd) - 1)];
		else
			buf[i] = al[(*seed >> 24) % 64];
	}
	/* clean text often gets its padding, as keys do */
	if (n >= 2 && (*seed >> 50) % 3 == 0)
		buf[n - 1] = '=';
	if (n >= 3 && (*seed >> 52) % 5 == 0)
		buf[n - 2] = '=';
	return n;
}

/* Problems of a record whose message holds words. */
static size_t
nprob_msg(const struct zl_dkim_rec *r, const char *words)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nprobs; i++)
		if (strstr(r->probs[i].msg, words) != NULL)
			n++;
	return n;
}

static void
test_base64_table(void **state)
{
	struct zl_buf a = ZL_BUF_INIT, b = ZL_BUF_INIT, rec = ZL_BUF_INIT;
	struct zl_dkim_rec r;
	unsigned long seed = 7;
	char txt[600];
	size_t nplain = 0, nok = 0;

	(void)state;
	zl_dkim_rec_init(&r);
	for (int it = 0; it < 20000; it++) {
		size_t n = b64_text(&seed, txt, sizeof(txt)), bad1, bad2, nc1, nc2;
		enum zl_b64_err e1, e2;
		int plain = 1;

		/* what is in the buffer before stays */
		zl_buf_reset(&a);
		zl_buf_reset(&b);
		zl_buf_adds(&a, "xy");
		zl_buf_adds(&b, "xy");
		e1 = zl_dkim_b64_decode(txt, n, &a, &bad1, &nc1);
		e2 = ref_b64(txt, n, &b, &bad2, &nc2);
		assert_int_equal(e1, e2);
		assert_int_equal(nc1, nc2);
		if (e1 != ZL_B64_OK)
			assert_int_equal(bad1, bad2);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.data, b.data, a.len);
		/* the same text as p= (trimmed, so no FWS at the ends) */
		for (size_t i = 0; i < n; i++)
			if (txt[i] == ';' || txt[i] == ' ' || txt[i] == '\t' ||
			    txt[i] == '\r' || txt[i] == '\n' || txt[i] == '"' ||
			    txt[i] == '\\' || (unsigned char)txt[i] >= 0x80)
				plain = 0;
		if (!plain || n == 0)
			continue;
		nplain++;
		zl_buf_reset(&rec);
		zl_buf_adds(&rec, "v=DKIM1; p=");
		zl_buf_add(&rec, txt, n);
		zl_dkim_parse(&r, rec.data, rec.len);
		assert_int_equal(r.b64_ok, e2 == ZL_B64_OK);
		if (e2 == ZL_B64_OK) {
			nok++;
			assert_int_equal(r.der.len, b.len - 2);
			assert_memory_equal(r.der.data, b.data + 2, r.der.len);
			assert_true(zl_dkim_has_error(&r, ZL_R_dkim_key_invalid));
		} else {
			assert_int_equal(nprob_msg(&r, "'p=' is not base64") +
			    nprob_msg(&r, "'p=' is cut short"), 1);
		}
	}
	/* both kinds were tried, a fair number of each */
	assert_true(nplain > 2000 && nok > 500 && nplain - nok > 500);
	zl_dkim_rec_release(&r);
	zl_buf_release(&a);
	zl_buf_release(&b);
	zl_buf_release(&rec);
}

static void
test_decode_rsa(void **state)
{
	struct zl_buf der = ZL_BUF_INIT;
	struct zl_dkim_keyinfo ki;

	(void)state;
	b64(K1024, &der);
	zl_dkim_key_decode(ZL_DKIM_RSA, (unsigned char *)der.data, der.len, &ki);
	assert_true(ki.ok);
	assert_int_equal(ki.form, ZL_DKIM_FORM_SPKI);
	assert_int_equal(ki.bits, 1024);
	b64(K2048, &der);
	zl_dkim_key_decode(ZL_DKIM_RSA, (unsigned char *)der.data, der.len, &ki);
	assert_true(ki.ok);
	assert_int_equal(ki.bits, 2048);
	b64(K512, &der);
	zl_dkim_key_decode(ZL_DKIM_RSA, (unsigned char *)der.data, der.len, &ki);
	assert_true(ki.ok);
	assert_int_equal(ki.bits, 512);
	b64(K1024_PKCS1, &der);
	zl_dkim_key_decode(ZL_DKIM_RSA, (unsigned char *)der.data, der.len, &ki);
	assert_true(ki.ok);
	assert_int_equal(ki.form, ZL_DKIM_FORM_PKCS1);
	assert_int_equal(ki.bits, 1024);
	zl_buf_release(&der);
}

/*
 * One record parsed again and again refills one libcrypto object: sizes
 * must follow the keys, through keys that do not decode, with nothing
 * left over (the sanitizer build checks the leaks).
 */
static void
test_decode_reuse(void **state)
{
	static const struct {
		const char *key;
		int bits;
	} seq[] = {
		{ K2048, 2048 }, { K512, 512 }, { "MIIBIjANBgkqhkiG9w0BAQEFAAOC", 0 },
		{ K1024, 1024 }, { KED, 0 }, { K1024_PKCS1, 1024 }, { K2048, 2048 },
	};
	struct zl_dkim_rec r;
	struct zl_buf v = ZL_BUF_INIT;

	(void)state;
	zl_dkim_rec_init(&r);
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
			zl_buf_reset(&v);
			zl_buf_addf(&v, "v=DKIM1; k=rsa; p=%s", seq[i].key);
			zl_dkim_parse(&r, v.data, v.len);
			assert_int_equal(r.key.ok, seq[i].bits != 0);
			assert_int_equal(r.key.bits, seq[i].bits);
		}
	zl_dkim_rec_release(&r);
	zl_buf_release(&v);
}

static void
test_decode_broken(void **state)
{
	struct zl_buf der = ZL_BUF_INIT;
	struct zl_dkim_keyinfo ki;
	unsigned char *d;

	(void)state;
	b64(K2048, &der);
	d = (unsigned char *)der.data;
	assert_int_equal(der.len, 294);
	/* cut short: the DER says 294 bytes, 200 are there */
	zl_dkim_key_decode(ZL_DKIM_RSA, d, 200, &ki);
	assert_false(ki.ok);
	assert_true(ki.truncated);
	assert_int_equal(ki.need, 294);
	assert_int_equal(ki.have, 200);
	assert_non_null(strstr(ki.why, "294"));
	assert_non_null(strstr(ki.why, "200"));
	/* a byte more than the DER holds */
	zl_buf_addc(&der, 0);
	d = (unsigned char *)der.data;
	zl_dkim_key_decode(ZL_DKIM_RSA, d, der.len, &ki);
	assert_false(ki.ok);
	assert_false(ki.truncated);
	assert_int_equal(ki.bad_off, 294);
	der.len--;
	/* a wrong tag where the modulus INTEGER starts (byte 28) */
	assert_int_equal(d[28], 0x02);
	d[28] = 0x04;
	zl_dkim_key_decode(ZL_DKIM_RSA, d, der.len, &ki);
	assert_false(ki.ok);
	assert_int_equal(ki.bad_off, 28);
	assert_non_null(strstr(ki.why, "byte 28"));
	d[28] = 0x02;
	/* another algorithm */
	assert_int_equal(d[16], 0x01);
	d[16] = 0x02;	/* last byte of the rsaEncryption OID */
	zl_dkim_key_decode(ZL_DKIM_RSA, d, der.len, &ki);
	assert_false(ki.ok);
	assert_non_null(strstr(ki.why, "not rsaEncryption"));
	d[16] = 0x01;
	zl_dkim_key_decode(ZL_DKIM_RSA, d, der.len, &ki);
	assert_true(ki.ok);
	/* an Ed25519 key under k=rsa, and nothing at all */
	b64(KED, &der);
	zl_dkim_key_decode(ZL_DKIM_RSA, (unsigned char *)der.data, der.len, &ki);
	assert_false(ki.ok);
	assert_non_null(strstr(ki.why, "Ed25519"));
	zl_dkim_key_decode(ZL_DKIM_RSA, (unsigned char *)"", 0, &ki);
	assert_false(ki.ok);
	zl_buf_release(&der);
}

static void
test_decode_ed25519(void **state)
{
	struct zl_buf der = ZL_BUF_INIT;
	struct zl_dkim_keyinfo ki;

	(void)state;
	b64(KED, &der);
	zl_dkim_key_decode(ZL_DKIM_ED25519, (unsigned char *)der.data, der.len,
	    &ki);
	assert_true(ki.ok);
	assert_int_equal(ki.form, ZL_DKIM_FORM_RAW);
	/* 16 bytes: cut short */
	zl_dkim_key_decode(ZL_DKIM_ED25519, (unsigned char *)der.data, 16, &ki);
	assert_false(ki.ok);
	assert_true(ki.truncated);
	/* wrapped in a SubjectPublicKeyInfo: invalid (RFC 8463 §4.2) */
	b64(KED_SPKI, &der);
	assert_int_equal(der.len, 44);
	zl_dkim_key_decode(ZL_DKIM_ED25519, (unsigned char *)der.data, der.len,
	    &ki);
	assert_false(ki.ok);
	assert_non_null(strstr(ki.why, "SubjectPublicKeyInfo"));
	/* and an RSA key under k=ed25519 */
	b64(K1024, &der);
	zl_dkim_key_decode(ZL_DKIM_ED25519, (unsigned char *)der.data, der.len,
	    &ki);
	assert_false(ki.ok);
	zl_buf_release(&der);
}

/* Problems of a record: how many of a rule, at what severity. */
static size_t
nprob(const struct zl_dkim_rec *r, enum zl_rule_id rule, enum zl_severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nprobs; i++) {
		enum zl_severity s = r->probs[i].sev;

		if (s == ZL_SEV_NONE)
			s = zl_rules[rule].severity;
		if (r->probs[i].rule == rule && (sev == ZL_SEV_NONE || s == sev))
			n++;
	}
	return n;
}

static void
parse(struct zl_dkim_rec *r, const char *fmt, ...) ZL_PRINTF(2, 3);

static void
parse(struct zl_dkim_rec *r, const char *fmt, ...)
{
	static char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	zl_dkim_parse(r, buf, strlen(buf));
}

static void
test_record_valid(void **state)
{
	struct zl_dkim_rec r;

	(void)state;
	zl_dkim_rec_init(&r);
	parse(&r, "v=DKIM1; k=rsa; p=%s", K2048);
	assert_int_equal(r.nprobs, 0);
	assert_false(r.invalid);
	assert_true(r.key.ok);
	/* v= is optional, k= defaults to rsa; 1024 bits is info */
	parse(&r, "p=%s", K1024);
	assert_false(r.invalid);
	assert_int_equal(nprob(&r, ZL_R_dkim_key_weak, ZL_SEV_INFO), 1);
	/* FWS everywhere, unknown tags, h= with sha256 beside sha1 */
	parse(&r, "v = DKIM1 ;\th = sha1 : SHA256 ; x1 = extra ; k=ed25519; p = %.*s %s ;",
	    10, KED, KED + 10);
	assert_false(r.invalid);
	assert_true(r.key.ok);
	assert_int_equal(nprob(&r, ZL_R_dkim_whitespace, ZL_SEV_NONE), 1);
	/* V= is another tag: names are case-sensitive */
	parse(&r, "V=DKIM2; p=");
	assert_false(r.invalid);
	assert_true(r.revoked);
	assert_int_equal(nprob(&r, ZL_R_dkim_revoked, ZL_SEV_NONE), 1);
	/* bare PKCS#1: a warning, not invalid */
	parse(&r, "v=DKIM1; p=%s", K1024_PKCS1);
	assert_false(r.invalid);
	assert_int_equal(nprob(&r, ZL_R_dkim_key_invalid, ZL_SEV_WARNING), 1);
	/* t=y, h=sha0 (unknown, ignored), whitespace after the final ';' */
	parse(&r, "v=DKIM1; h=sha0; t=y:s; p=%s; ", K2048);
	assert_false(r.invalid);
	assert_true(r.testing);
	assert_int_equal(nprob(&r, ZL_R_dkim_testing, ZL_SEV_NONE), 1);
	assert_int_equal(nprob(&r, ZL_R_dkim_tag_syntax, ZL_SEV_WARNING), 1);
	zl_dkim_rec_release(&r);
}

/* The key-size message made by hand is the one printf made. */
static void
test_weak_msg(void **state)
{
	static const int sizes[] = {
		0, 1, 9, 10, 99, 511, 512, 768, 1023, 1024, 1025, 2047, 2048,
		4096, 65535, 2147483647, -1, -2147483647 - 1,
	};
	char want[256];

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *m;

		snprintf(want, sizeof(want),
		    "RSA key of %d bits; verifiers must not accept keys shorter than 1024 bits (RFC 8301 §3.2)",
		    sizes[i]);
		m = zl_dkim_weak_msg(sizes[i], ZL_SEV_ERROR);
		assert_string_equal(m, want);
		free(m);
		snprintf(want, sizeof(want),
		    "RSA key of %d bits; 2048 bits are recommended (RFC 8301 §3.2)",
		    sizes[i]);
		m = zl_dkim_weak_msg(sizes[i], ZL_SEV_INFO);
		assert_string_equal(m, want);
		free(m);
	}
}

static void
test_record_invalid(void **state)
{
	static const struct {
		const char *fmt;
		const char *key;
		enum zl_rule_id rule;
		const char *words;
	} cases[] = {
		{ "", NULL, ZL_R_dkim_tag_syntax, "empty" },
		{ "v=DKIM1; k=rsa", NULL, ZL_R_dkim_tag_syntax, "no 'p='" },
		{ "p=; v=DKIM1", NULL, ZL_R_dkim_tag_syntax, "first tag" },
		{ "v=dkim1; p=%s", K2048, ZL_R_dkim_tag_syntax, "case-sensitive" },
		{ "v=DKIM1\\; p=%s", K2048, ZL_R_dkim_tag_syntax, "not 'v=DKIM1'" },
		{ "v=DKIM1; p=; p=", NULL, ZL_R_dkim_tag_syntax, "twice" },
		{ "k=foobar; p=%s", K2048, ZL_R_dkim_tag_syntax, "unknown key type" },
		{ "k=rsa; t; p=%s", K2048, ZL_R_dkim_tag_syntax, "without '='" },
		{ "h=sha1; p=%s", K2048, ZL_R_dkim_tag_syntax, "only sha1" },
		{ "h=md5:SHA1; p=%s", K2048, ZL_R_dkim_tag_syntax, "only sha1" },
		{ "n=caf\xc3\xa9; p=%s", K2048, ZL_R_dkim_tag_syntax, "0xc3" },
		{ "p=%s", K512, ZL_R_dkim_key_weak, "512 bits" },
		{ "p=%s!", K1024, ZL_R_dkim_key_invalid, "'!'" },
		{ "p=%.214s", K1024, ZL_R_dkim_key_invalid, "cut short" },
		{ "p=%.200s", K2048, ZL_R_dkim_key_invalid, "DER says" },
		{ "p=%s", KED, ZL_R_dkim_key_invalid, "Ed25519" },
		{ "k=ed25519; p=%s", KED_SPKI, ZL_R_dkim_key_invalid, "last 32" },
		{ "k=ed25519; p=%.24s", KED, ZL_R_dkim_key_invalid, "18 bytes" },
		{ "p=MIGf\"MA0G", NULL, ZL_R_dkim_key_invalid, "base64" },
	};
	struct zl_dkim_rec r;

	(void)state;
	zl_dkim_rec_init(&r);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int found = 0;

		parse(&r, cases[i].fmt, cases[i].key ? cases[i].key : "");
		if (!r.invalid)
			fail_msg("case %zu (%s) is not invalid", i, cases[i].fmt);
		for (size_t k = 0; k < r.nprobs; k++)
			if (r.probs[k].rule == cases[i].rule &&
			    strstr(r.probs[k].msg, cases[i].words) != NULL)
				found = 1;
		if (!found) {
			for (size_t k = 0; k < r.nprobs; k++)
				fprintf(stderr, "  %s\n", r.probs[k].msg);
			fail_msg("case %zu (%s): no %s saying '%s'", i,
			    cases[i].fmt, zl_rules[cases[i].rule].id,
			    cases[i].words);
		}
	}
	zl_dkim_rec_release(&r);
}

static void
test_looks_like_key(void **state)
{
	char buf[600];

	(void)state;
	assert_true(zl_dkim_looks_like_key("v=DKIM1; p=", 11));
	assert_true(zl_dkim_looks_like_key("  v=DKIM1", 9));
	assert_true(zl_dkim_looks_like_key("k=rsa; p=abc", 12));
	snprintf(buf, sizeof(buf), "p=%s", K1024);
	assert_true(zl_dkim_looks_like_key(buf, strlen(buf)));
	assert_false(zl_dkim_looks_like_key("p=short", 7));
	assert_false(zl_dkim_looks_like_key("v=spf1 -all", 11));
	assert_false(zl_dkim_looks_like_key("v=DMARC1; p=none", 16));
	assert_false(zl_dkim_looks_like_key("", 0));
	assert_true(zl_dkim_is_b64_piece("QIDAQAB", 7));
	assert_false(zl_dkim_is_b64_piece("v=spf1", 6));
	assert_false(zl_dkim_is_b64_piece("ab", 2));
}

/*
 * zl_dkim_looks_like_key() as it was before it learnt to skip most TXT
 * records without splitting them: a tag-list split for every value.
 */
static int
ref_looks_like_key(const char *s, size_t n)
{
	struct zl_taglist l;
	size_t a = 0, b = n;
	int v_dkim = 0, p = -1, k_ok = 0;

	while (a < b && strchr(" \t\r\n", s[a]) != NULL && s[a] != '\0')
		a++;
	while (b > a && strchr(" \t\r\n", s[b - 1]) != NULL && s[b - 1] != '\0')
		b--;
	if (b - a >= 6 && strncasecmp(s + a, "v=DKIM", 6) == 0)
		return 1;
	memset(&l, 0, sizeof(l));
	zl_taglist_parse(&l, s, n, ZL_TAG_FWS);
	for (size_t i = 0; i < l.n; i++) {
		const struct zl_tag *t = &l.v[i];
		const char *v = s + t->val_off;

		if (t->err != ZL_TAG_OK || t->name_len != 1)
			continue;
		if ((s[t->name_off] == 'v' || s[t->name_off] == 'V') &&
		    t->val_len >= 4 && strncasecmp(v, "DKIM", 4) == 0)
			v_dkim = 1;
		if (s[t->name_off] == 'p' && p < 0)
			p = (int)i;
		if (s[t->name_off] == 'k' &&
		    ((t->val_len == 3 && strncasecmp(v, "rsa", 3) == 0) ||
		    (t->val_len == 7 && strncasecmp(v, "ed25519", 7) == 0)))
			k_ok = 1;
	}
	if (!v_dkim && p >= 0 && !k_ok) {
		const struct zl_tag *t = &l.v[p];

		if (!(t->val_len >= 100 && s[t->val_off] == 'M' &&
		    s[t->val_off + 1] == 'I' &&
		    zl_dkim_is_b64_piece(s + t->val_off, t->val_len)))
			p = -1;
	}
	zl_taglist_release(&l);
	return v_dkim || p >= 0;
}

static unsigned long
rnd(unsigned long *seed, unsigned long n)
{
	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	return (*seed >> 33) % n;
}

/* The shortcut never turns away what the tag-list test takes. */
static void
test_looks_like_key_random(void **state)
{
	static const char *ws[] = { "", "", "", " ", "\t", "\r\n ", "  " };
	static const char *names[] = {
		"v", "V", "p", "P", "k", "h", "t", "x", "pp", "", "v p", "rua",
	};
	static const char *vals[] = {
		"DKIM1", "dkim1", "DKIM", "DKI", "rsa", "RSA", "ed25519", "ED25519",
		"rsa2", "none", "spf1 -all", "", "MI", "MIGf", K1024, K2048 + 2,
		"a=b", "DMARC1", "sha256", "y", K512,
	};
	static const char *junk[] = { "", ";", "=", "p", "MI", "DKIM", "rsa" };
	unsigned long seed = 99;
	struct zl_buf b = ZL_BUF_INIT;
	size_t yes = 0, n = 200000;

	(void)state;
	for (size_t it = 0; it < n; it++) {
		size_t nt = 1 + rnd(&seed, 5);
		int got, want;

		zl_buf_reset(&b);
		for (size_t i = 0; i < nt; i++) {
			if (i > 0)
				zl_buf_adds(&b, rnd(&seed, 10) ? ";" : "");
			zl_buf_adds(&b, ws[rnd(&seed, 7)]);
			zl_buf_adds(&b, names[rnd(&seed, 12)]);
			zl_buf_adds(&b, ws[rnd(&seed, 7)]);
			zl_buf_adds(&b, rnd(&seed, 12) ? "=" : "");
			zl_buf_adds(&b, ws[rnd(&seed, 7)]);
			zl_buf_adds(&b, vals[rnd(&seed, 21)]);
			zl_buf_adds(&b, junk[rnd(&seed, 7) / 6 * rnd(&seed, 7)]);
			zl_buf_adds(&b, ws[rnd(&seed, 7)]);
		}
		if (rnd(&seed, 4) == 0)
			zl_buf_adds(&b, ";");
		got = zl_dkim_looks_like_key(b.data, b.len);
		want = ref_looks_like_key(b.data, b.len);
		if (got != want)
			fail_msg("'%s': %d, the tag-list says %d", b.data, got, want);
		yes += (size_t)want;
	}
	print_message("%zu of %zu look like keys\n", yes, n);
	/* both answers, often */
	assert_true(yes > n / 20 && yes < n - n / 10);
	zl_buf_release(&b);
}

/* Mutated base64 and DER: no crash, no read out of bounds, no false ok. */
static void
test_mutations(void **state)
{
	static const char *keys[] = { K512, K1024, K1024_PKCS1, K2048, KED };
	unsigned long seed = 42;
	struct zl_buf der = ZL_BUF_INIT, rec = ZL_BUF_INIT;
	struct zl_dkim_rec r;
	size_t still_ok = 0;

	(void)state;
	zl_dkim_rec_init(&r);
	for (int it = 0; it < 6000; it++) {
		const char *k = keys[it % 5];
		enum zl_dkim_ktype kt = it % 5 == 4 ? ZL_DKIM_ED25519 : ZL_DKIM_RSA;
		struct zl_dkim_keyinfo ki;
		unsigned char *d;
		size_t n, pos;

		b64(k, &der);
		d = (unsigned char *)der.data;
		n = der.len;
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		pos = (seed >> 33) % n;
		switch (it % 3) {
		case 0:	/* flip a byte */
			d[pos] ^= (unsigned char)(1 + ((seed >> 20) % 255));
			break;
		case 1:	/* cut */
			n = pos;
			break;
		default: /* heap copy of exactly n bytes, to catch over-reads */
			break;
		}
		{
			unsigned char *copy = malloc(n ? n : 1);

			memcpy(copy, d, n);
			zl_dkim_key_decode(kt, copy, n, &ki);
			if (ki.ok && ki.form == ZL_DKIM_FORM_SPKI) {
				/* libcrypto's own SPKI reader agrees */
				const unsigned char *q = copy;
				EVP_PKEY *pk = d2i_PUBKEY(NULL, &q, (long)n);

				assert_non_null(pk);
				assert_int_equal(EVP_PKEY_get_bits(pk), ki.bits);
				assert_int_equal(q - copy, n);
				EVP_PKEY_free(pk);
			}
			free(copy);
		}
		if (!ki.ok) {
			assert_true(ki.why[0] != '\0');
			assert_true(ki.bad_off <= n);
		} else if (it % 3 == 1) {
			fail_msg("a key cut to %zu bytes decoded", n);
		} else if (it % 3 == 0) {
			still_ok++;	/* a flip inside the modulus keeps a key */
		}
		/* the same on the text: mutate the base64 of a record */
		zl_buf_reset(&rec);
		zl_buf_addf(&rec, "v=DKIM1; k=%s; p=%s",
		    kt == ZL_DKIM_ED25519 ? "ed25519" : "rsa", k);
		rec.data[10 + (seed >> 40) % (rec.len - 10)] =
		    (char)((seed >> 13) & 0xff);
		zl_dkim_parse(&r, rec.data, rec.len);
		for (size_t i = 0; i < r.nprobs; i++)
			assert_true(r.probs[i].off + r.probs[i].len <= rec.len);
	}
	/* flips in a modulus decode; flips in the structure do not */
	assert_true(still_ok > 0 && still_ok < 2000);
	zl_dkim_rec_release(&r);
	zl_buf_release(&der);
	zl_buf_release(&rec);
}

/* ---- over a zone */

#define HEAD "$ORIGIN example.com.\n$TTL 3600\n" \
	"@ IN SOA ns1 h ( 1 3600 900 1209600 300 )\n  IN NS ns1\nns1 IN A 192.0.2.1\n"

static const struct zl_diag *
diag_of(const struct zl_test_run *r, enum zl_rule_id id)
{
	for (size_t i = 0; i < r->ctx.diags.n; i++)
		if (r->ctx.diags.v[i].rule == id)
			return &r->ctx.diags.v[i];
	return NULL;
}

static void
test_zone_split_lines(void **state)
{
	struct zl_test_run r;
	char zone[4096];
	const struct zl_diag *d;

	(void)state;
	snprintf(zone, sizeof(zone), HEAD
	    "s1._domainkey IN TXT \"v=DKIM1; k=rsa; p=%.150s\n"
	    "    %s\"\n"
	    "www IN A 192.0.2.2\n", K2048, K2048 + 150);
	zl_test_run(&r, zone, NULL);
	assert_int_equal(r.zone->nerrs, 2);
	assert_int_equal(zl_test_count(&r, ZL_R_dkim_split_lines), 1);
	/* the loader's errors are explained, so zone-syntax stays quiet */
	assert_int_equal(zl_test_count(&r, ZL_R_zone_syntax), 0);
	d = diag_of(&r, ZL_R_dkim_split_lines);
	assert_non_null(d->fix);
	assert_int_equal(d->fix->applicability, ZL_FIX_SAFE);
	zl_test_run_free(&r);

	/* a blank owner on the broken line: the fix is proved all the same */
	snprintf(zone, sizeof(zone), HEAD
	    "mail IN A 192.0.2.3\n"
	    "     IN TXT \"v=DKIM1; k=ed25519; p=%.20s\n"
	    "        %s\"\n", KED, KED + 20);
	zl_test_run(&r, zone, NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dkim_split_lines), 1);
	assert_int_equal(zl_test_count(&r, ZL_R_zone_syntax), 0);
	assert_non_null(diag_of(&r, ZL_R_dkim_split_lines)->fix);
	zl_test_run_free(&r);

	/* not a key: zone-syntax says it */
	zl_test_run(&r, HEAD "t IN TXT \"hello\n    world\"\n", NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dkim_split_lines), 0);
	assert_true(zl_test_count(&r, ZL_R_zone_syntax) > 0);
	zl_test_run_free(&r);
}

static void
test_zone_split_records(void **state)
{
	struct zl_test_run r;
	char zone[4096];
	const struct zl_diag *d;

	(void)state;
	snprintf(zone, sizeof(zone), HEAD
	    "s1._domainkey IN TXT \"v=DKIM1; k=rsa; p=%.196s\"\n"
	    "s1._domainkey IN TXT \"%s\"\n", K2048, K2048 + 196);
	zl_test_run(&r, zone, NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dkim_split_records), 1);
	/* the pieces are not also reported as broken keys */
	assert_int_equal(zl_test_count(&r, ZL_R_dkim_key_invalid), 0);
	d = diag_of(&r, ZL_R_dkim_split_records);
	assert_non_null(d->fix);
	assert_int_equal(d->fix->applicability, ZL_FIX_SAFE);
	assert_false(zl_dkim_valid_for(&r.ctx, r.zone->origin));
	zl_test_run_free(&r);

	/* two complete keys: reported, no guess */
	snprintf(zone, sizeof(zone), HEAD
	    "s1._domainkey IN TXT \"v=DKIM1; p=%s\"\n"
	    "s1._domainkey IN TXT \"v=DKIM1; k=ed25519; p=%s\"\n", K1024, KED);
	zl_test_run(&r, zone, NULL);
	d = diag_of(&r, ZL_R_dkim_split_records);
	assert_non_null(d);
	assert_null(d->fix);
	zl_test_run_free(&r);
}

static void
test_zone_valid_for(void **state)
{
	struct zl_test_run r;
	char zone[4096];
	uint32_t sub;

	(void)state;
	snprintf(zone, sizeof(zone), HEAD
	    "s1._domainkey IN TXT \"v=DKIM1; k=ed25519; p=%s\"\n"
	    "sub IN A 192.0.2.3\n"
	    "s1._domainkey.sub IN TXT \"v=DKIM1; p=%s\"\n"
	    "other IN A 192.0.2.4\n"
	    "selector1._domainkey.other IN CNAME selector1-x._domainkey.t.onmicrosoft.com.\n"
	    "rev IN A 192.0.2.5\n"
	    "s1._domainkey.rev IN TXT \"v=DKIM1; p=\"\n",
	    KED, K512);
	zl_test_run(&r, zone, NULL);
	assert_true(zl_dkim_valid_for(&r.ctx, r.zone->origin));
	sub = zl_zone_find_text(r.zone, "sub");
	assert_int_not_equal(sub, ZL_NONE);
	/* a 512-bit key is no key */
	assert_false(zl_dkim_valid_for(&r.ctx, sub));
	assert_true(zl_dkim_valid_for(&r.ctx, zl_zone_find_text(r.zone, "other")));
	assert_false(zl_dkim_valid_for(&r.ctx, zl_zone_find_text(r.zone, "rev")));
	assert_false(zl_dkim_valid_for(&r.ctx, zl_zone_find_text(r.zone, "ns1")));
	zl_test_run_free(&r);
}

/* Keys met before their domains: the selector list needs its sort. */
static void
test_zone_valid_for_order(void **state)
{
	struct zl_test_run r;
	char zone[8192];

	(void)state;
	snprintf(zone, sizeof(zone), HEAD
	    "s1._domainkey.b IN TXT \"v=DKIM1; p=%s\"\n"
	    "s1._domainkey.c IN TXT \"v=DKIM1; p=%s\"\n"
	    "s2._domainkey.c IN TXT \"v=DKIM1; p=%s\"\n"
	    "s1._domainkey.a IN TXT \"v=DKIM1; p=\"\n"
	    "s3._domainkey.c IN TXT \"v=DKIM1; p=\"\n"
	    "c IN A 192.0.2.3\n"
	    "a IN A 192.0.2.4\n"
	    "b IN A 192.0.2.5\n",
	    K1024, K512, K2048);
	zl_test_run(&r, zone, NULL);
	assert_true(zl_dkim_valid_for(&r.ctx, zl_zone_find_text(r.zone, "b")));
	assert_true(zl_dkim_valid_for(&r.ctx, zl_zone_find_text(r.zone, "c")));
	assert_false(zl_dkim_valid_for(&r.ctx, zl_zone_find_text(r.zone, "a")));
	zl_test_run_free(&r);
}

static void
test_zone_unquoted_and_wrong_name(void **state)
{
	struct zl_test_run r;
	char zone[4096];

	(void)state;
	snprintf(zone, sizeof(zone), HEAD
	    "s1._domainkey IN TXT v=DKIM1; k=rsa; p=%s\n"
	    "mail IN TXT \"v=DKIM1; p=%s\"\n", K1024, K2048);
	zl_test_run(&r, zone, NULL);
	assert_int_equal(zl_test_count(&r, ZL_R_dkim_unquoted), 1);
	assert_non_null(diag_of(&r, ZL_R_dkim_unquoted)->fix);
	/* the cut record is not also reported for its missing p= */
	assert_int_equal(zl_test_line(&r, ZL_R_dkim_tag_syntax), 7);
	assert_int_equal(zl_test_count(&r, ZL_R_dkim_tag_syntax), 1);
	zl_test_run_free(&r);
}

/*
 * Away from _domainkey a record is only parsed when its source bytes can
 * hold a key (the letters of DKIM, of p= with k=, of p=MI...), or when an
 * escape can make the letters the text lacks.
 */
static void
test_zone_key_elsewhere(void **state)
{
	struct zl_test_run r;
	char zone[4096], mi[120];
	size_t n = 0;

	(void)state;
	memset(mi, 'A', sizeof(mi));
	memcpy(mi, "MI", 2);
	mi[110] = '\0';
	snprintf(zone, sizeof(zone), HEAD
	    "a IN TXT \"v=D\\075IM1\"\n"
	    "b IN TXT \"v=spf1 -all\"\n"
	    "c IN TXT ( \"v=D\" \"KIM1; p=\" )\n"
	    "e IN TXT \"p=%s\"\n"
	    "f IN TXT \"k=rsa; p=abc\"\n"
	    "g IN TXT \"v=DMARC1; p=none; adkim=r\"\n"
	    "h IN TXT ( \"p=M\" \"%s\" )\n", mi, mi + 1);
	zl_test_run(&r, zone, NULL);
	for (size_t i = 0; i < r.ctx.diags.n; i++)
		if (strstr(r.ctx.diags.v[i].message, "not under '_domainkey'"))
			n++;
	assert_int_equal(n, 5);
	assert_int_equal(zl_test_line(&r, ZL_R_dkim_tag_syntax), 6);
	zl_test_run_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_base64_table),
		cmocka_unit_test(test_decode_rsa),
		cmocka_unit_test(test_decode_reuse),
		cmocka_unit_test(test_decode_broken),
		cmocka_unit_test(test_decode_ed25519),
		cmocka_unit_test(test_record_valid),
		cmocka_unit_test(test_weak_msg),
		cmocka_unit_test(test_record_invalid),
		cmocka_unit_test(test_looks_like_key),
		cmocka_unit_test(test_looks_like_key_random),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_zone_split_lines),
		cmocka_unit_test(test_zone_split_records),
		cmocka_unit_test(test_zone_valid_for),
		cmocka_unit_test(test_zone_valid_for_order),
		cmocka_unit_test(test_zone_unquoted_and_wrong_name),
		cmocka_unit_test(test_zone_key_elsewhere),
	};

	return cmocka_run_group_tests_name("dkim", tests, NULL, NULL);
}
