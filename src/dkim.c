/* SPDX-License-Identifier: MIT */
/*
 * DKIM key records: tag-list, tags and key decoding; see dkim.h.
 */
#include "dkim.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * d2i_RSAPublicKey() and RSA_bits() are deprecated in OpenSSL 3 in favour
 * of the EVP and decoder APIs, which cost this check two to two hundred
 * times as much per key (see zl_dkim_key_decode()); they are still there
 * in every 3.x.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "xalloc.h"

/* ---- base64 (RFC 6376 §2.10: base64string, FWS allowed anywhere) */

/* The value of base64 character c, or 0xff (bit 7 set) for any other byte. */
#define B64V(c) ((c) >= 'A' && (c) <= 'Z' ? (c) - 'A' : \
	(c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26 : \
	(c) >= '0' && (c) <= '9' ? (c) - '0' + 52 : \
	(c) == '+' ? 62 : (c) == '/' ? 63 : 0xff)
/*
 * The same in place in the 24 bits of a group of four characters, at bit
 * 18, 12, 6 or 0; a byte outside the alphabet sets bit 31. A group is then
 * four look-ups ORed, and one test says whether it was clean.
 */
#define B64S(c, sh) (B64V(c) == 0xff ? 0x80000000u : (uint32_t)B64V(c) << (sh))
#define B64S18(c) B64S(c, 18)
#define B64S12(c) B64S(c, 12)
#define B64S6(c) B64S(c, 6)
#define B64S0(c) B64S(c, 0)
#define R4(F, i) F(i), F((i) + 1), F((i) + 2), F((i) + 3)
#define R16(F, i) R4(F, i), R4(F, (i) + 4), R4(F, (i) + 8), R4(F, (i) + 12)
#define R64(F, i) R16(F, i), R16(F, (i) + 16), R16(F, (i) + 32), R16(F, (i) + 48)
#define R256(F) R64(F, 0), R64(F, 64), R64(F, 128), R64(F, 192)
#define B64C(c) ((unsigned char)B64V(c))
static const unsigned char b64tab[256] = { R256(B64C) };
static const uint32_t b64s18[256] = { R256(B64S18) };
static const uint32_t b64s12[256] = { R256(B64S12) };
static const uint32_t b64s6[256] = { R256(B64S6) };
static const uint32_t b64s0[256] = { R256(B64S0) };

/* The 24 bits of the group at u; bit 31 set when it is not four letters. */
static uint32_t
b64_word(const unsigned char *u)
{
	return b64s18[u[0]] | b64s12[u[1]] | b64s6[u[2]] | b64s0[u[3]];
}

static void
b64_put(unsigned char *o, uint32_t w)
{
	o[0] = (unsigned char)(w >> 16);
	o[1] = (unsigned char)(w >> 8);
	o[2] = (unsigned char)w;
}

static int
b64val(unsigned char c)
{
	return b64tab[c] & 0x80 ? -1 : b64tab[c];
}

static int
is_fws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The 3 bytes of a group of four base64 values. */
static void
b64_group(unsigned char *o, unsigned a, unsigned b, unsigned c, unsigned d)
{
	b64_put(o, (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | d);
}

enum zl_b64_err
zl_dkim_b64_decode(const char *s, size_t n, struct zl_buf *out, size_t *bad,
    size_t *nchars)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char q[4];
	size_t cnt = 0, pad = 0, i = 0;

	*bad = 0;
	zl_buf_reserve(out, n / 4 * 3 + 3);
	while (i < n) {
		unsigned char c;
		int v;

		/*
		 * Whole groups of four alphabet characters, the bulk of any
		 * key, a table look-up each; everything else (FWS, '=', a bad
		 * byte, a group that FWS cut) one character at a time below.
		 */
		if (cnt % 4 == 0 && pad == 0) {
			unsigned char *o = (unsigned char *)out->data + out->len;

			while (i + 4 <= n) {
				uint32_t w = b64_word(u + i);

				if (w & 0x80000000u)
					break;
				b64_put(o, w);
				o += 3;
				i += 4;
				cnt += 4;
			}
			out->len = (size_t)((char *)o - out->data);
			if (i >= n)
				break;
		}
		c = u[i];
		if (is_fws(c)) {
			i++;
			continue;
		}
		if (c == '=') {
			/* padding: only the 3rd and 4th place of the last group */
			if (cnt % 4 < 2 || pad >= 2) {
				*bad = i;
				*nchars = cnt;
				return ZL_B64_PAD;
			}
			pad++;
			q[cnt % 4] = 0;
		} else {
			if ((v = b64val(c)) < 0) {
				*bad = i;
				*nchars = cnt;
				return ZL_B64_BADCHAR;
			}
			if (pad > 0) {
				/* data after '=' */
				*bad = i;
				*nchars = cnt;
				return ZL_B64_PAD;
			}
			q[cnt % 4] = (unsigned char)v;
		}
		cnt++;
		i++;
		if (cnt % 4 == 0) {
			b64_group((unsigned char *)out->data + out->len,
			    q[0], q[1], q[2], q[3]);
			out->len += 3 - pad;
		}
	}
	out->data[out->len] = '\0';
	*nchars = cnt;
	if (cnt % 4 != 0) {
		*bad = n;
		return ZL_B64_LENGTH;
	}
	return ZL_B64_OK;
}

/*
 * Decode s[0..n) when it is plain base64, as almost every published key
 * is: alphabet characters in groups of four, '=' only as the padding of
 * the last group, no white space. Returns 0 with the bytes appended to
 * out, which are then exactly what zl_dkim_b64_decode() gives; or -1 with
 * out unchanged, and the caller takes the long way, which also says what
 * is wrong. Plain base64 has no byte outside tag-value's VALCHAR, no quote
 * and no FWS, so it spares the other scans of p= as well.
 */
static int
b64_plain(const char *s, size_t n, struct zl_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char *o, *o0;
	uint32_t w, bad = 0;
	unsigned a, b, c, d;
	size_t i;

	if (n == 0 || n % 4 != 0)
		return -1;
	o0 = o = (unsigned char *)zl_buf_reserve(out, n / 4 * 3);
	/*
	 * Bytes are written whatever they are: a byte outside the alphabet
	 * sets bit 31 of bad, and then nothing written counts. This loop is
	 * most of what a key costs besides libcrypto.
	 */
	for (i = 0; i + 8 < n; i += 8, o += 6) {
		w = b64_word(u + i);
		bad |= w;
		b64_put(o, w);
		w = b64_word(u + i + 4);
		bad |= w;
		b64_put(o + 3, w);
	}
	if (i + 4 < n) {
		w = b64_word(u + i);
		bad |= w;
		b64_put(o, w);
		i += 4;
		o += 3;
	}
	/* the last group: "xxxx", "xxx=" or "xx==" */
	a = b64tab[u[i]];
	b = b64tab[u[i + 1]];
	c = u[i + 2] == '=' && u[i + 3] == '=' ? 0 : b64tab[u[i + 2]];
	d = u[i + 3] == '=' ? 0 : b64tab[u[i + 3]];
	if ((bad & 0x80000000u) || ((a | b | c | d) & 0x80)) {
		out->data[out->len] = '\0';
		return -1;
	}
	b64_group(o, a, b, c, d);
	o += 3 - (u[i + 3] == '=') - (u[i + 2] == '=');
	out->len += (size_t)(o - o0);
	out->data[out->len] = '\0';
	return 0;
}

void
zl_dkim_strip_ws(const char *s, size_t n, struct zl_buf *out)
{
	for (size_t i = 0; i < n; i++)
		if (!is_fws((unsigned char)s[i]))
			zl_buf_addc(out, s[i]);
}

int
zl_dkim_is_b64_piece(const char *s, size_t n)
{
	size_t k = 0;
	int pad = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_fws(c))
			continue;
		if (c == '=')
			pad = 1;
		else if (pad || b64val(c) < 0)
			return 0;	/* '=' only as padding at the end */
		k++;
	}
	return k >= 4;
}

/* ---- DER (X.690) walk: where a key breaks, in plain words */

static void ZL_PRINTF(3, 4)
der_fail(struct zl_dkim_keyinfo *ki, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (ki->why[0] != '\0')
		return;
	ki->ok = 0;
	ki->bad_off = off;
	va_start(ap, fmt);
	vsnprintf(ki->why, sizeof(ki->why), fmt, ap);
	va_end(ap);
}

static void
der_short(struct zl_dkim_keyinfo *ki, size_t off, size_t need, size_t have)
{
	if (ki->why[0] != '\0')
		return;
	ki->truncated = 1;
	ki->need = need;
	ki->have = have;
	der_fail(ki, off, "the key is cut short: its DER says %zu bytes, only %zu are present",
	    need, have);
}

/*
 * der_expect() runs eight times for every key: inlined, its tag and words
 * are constants and its failures out of the way (2.3M instructions of the
 * 96M the analysis of z100k takes).
 */
#if defined(__GNUC__)
#define DER_INLINE inline __attribute__((always_inline))
#else
#define DER_INLINE inline
#endif

/*
 * Read the header of an element with the given tag at *off, which must end
 * by limit. On success *off is the content's start and *len its length.
 */
static DER_INLINE int
der_expect(const unsigned char *d, size_t n, size_t limit, size_t *off,
    unsigned char tag, const char *what, size_t *len,
    struct zl_dkim_keyinfo *ki)
{
	size_t p = *off, l;

	if (p >= limit) {
		if (limit >= n)
			der_short(ki, p, p + 2, n);
		else
			der_fail(ki, p, "%s missing at byte %zu", what, p);
		return -1;
	}
	if (d[p] != tag) {
		der_fail(ki, p, "byte %zu is 0x%02x where %s (0x%02x) should start",
		    p, d[p], what, tag);
		return -1;
	}
	p++;
	if (p >= n) {
		der_short(ki, p, p + 1, n);
		return -1;
	}
	if (d[p] < 0x80) {
		l = d[p++];
	} else {
		unsigned nb = d[p] & 0x7f;

		if (nb == 0 || nb > 4) {
			der_fail(ki, p, "byte %zu holds a length form DER does not allow (0x%02x)",
			    p, d[p]);
			return -1;
		}
		if (p + 1 + nb > n) {
			der_short(ki, p, p + 1 + nb, n);
			return -1;
		}
		l = 0;
		for (unsigned i = 0; i < nb; i++)
			l = (l << 8) | d[p + 1 + i];
		p += 1 + nb;
	}
	if (p + l > limit) {
		if (limit >= n)
			der_short(ki, *off, p + l, n);
		else
			der_fail(ki, *off, "%s at byte %zu is %zu bytes long and runs past the end of what holds it",
			    what, *off, l);
		return -1;
	}
	*off = p;
	*len = l;
	return 0;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static int
der_rsa_pub(const unsigned char *d, size_t n, size_t *off, size_t end,
    struct zl_dkim_keyinfo *ki)
{
	size_t p = *off, l, seq_end;

	if (der_expect(d, n, end, &p, 0x30, "the RSAPublicKey SEQUENCE", &l, ki))
		return -1;
	seq_end = p + l;
	for (int i = 0; i < 2; i++) {
		const char *what = i == 0 ? "the modulus INTEGER" :
		    "the exponent INTEGER";
		size_t at = p;

		if (der_expect(d, n, seq_end, &p, 0x02, what, &l, ki))
			return -1;
		if (l == 0 || (d[p] & 0x80)) {
			der_fail(ki, at, "%s at byte %zu is %s", what, at,
			    l == 0 ? "empty" : "negative");
			return -1;
		}
		p += l;
	}
	if (p != seq_end) {
		der_fail(ki, p, "%zu unexpected bytes after the exponent, at byte %zu",
		    seq_end - p, p);
		return -1;
	}
	*off = p;
	return 0;
}

static const unsigned char oid_rsa[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01
};
static const unsigned char oid_ed25519[] = { 0x2b, 0x65, 0x70 };
static const unsigned char oid_ec[] = {
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01
};

/*
 * Walk an RSA key. Returns the form found, or ZL_DKIM_FORM_NONE with ki
 * describing where it breaks. *inner is where the RSAPublicKey starts.
 */
static enum zl_dkim_form
der_walk_rsa(const unsigned char *d, size_t n, struct zl_dkim_keyinfo *ki,
    size_t *inner)
{
	size_t p = 0, l, outer_end, alg_end, bit_end;

	if (n == 0) {
		der_fail(ki, 0, "the key is empty");
		return ZL_DKIM_FORM_NONE;
	}
	if (der_expect(d, n, n, &p, 0x30, "a SEQUENCE", &l, ki))
		return ZL_DKIM_FORM_NONE;
	outer_end = p + l;
	if (outer_end < n) {
		der_fail(ki, outer_end, "%zu bytes follow the end of the key at byte %zu",
		    n - outer_end, outer_end);
		return ZL_DKIM_FORM_NONE;
	}
	if (p < outer_end && d[p] == 0x02) {
		/* bare PKCS#1 RSAPublicKey */
		p = 0;
		*inner = 0;
		if (der_rsa_pub(d, n, &p, n, ki))
			return ZL_DKIM_FORM_NONE;
		return ZL_DKIM_FORM_PKCS1;
	}
	/* SubjectPublicKeyInfo: AlgorithmIdentifier, BIT STRING */
	if (der_expect(d, n, outer_end, &p, 0x30,
	    "the AlgorithmIdentifier SEQUENCE", &l, ki))
		return ZL_DKIM_FORM_NONE;
	alg_end = p + l;
	{
		size_t at = p;

		if (der_expect(d, n, alg_end, &p, 0x06, "the algorithm OID", &l,
		    ki))
			return ZL_DKIM_FORM_NONE;
		if (l != sizeof(oid_rsa) || memcmp(d + p, oid_rsa, l) != 0) {
			const char *kind = "not rsaEncryption";

			if (l == sizeof(oid_ed25519) &&
			    memcmp(d + p, oid_ed25519, l) == 0)
				kind = "Ed25519 (use 'k=ed25519' and the 32 raw key bytes)";
			else if (l == sizeof(oid_ec) && memcmp(d + p, oid_ec, l) == 0)
				kind = "an elliptic-curve key, which DKIM does not define";
			der_fail(ki, at, "the algorithm at byte %zu is %s", at, kind);
			return ZL_DKIM_FORM_NONE;
		}
		p += l;
	}
	if (p < alg_end) {
		size_t at = p;

		if (der_expect(d, n, alg_end, &p, 0x05, "the NULL parameters", &l,
		    ki))
			return ZL_DKIM_FORM_NONE;
		if (l != 0) {
			der_fail(ki, at, "the NULL at byte %zu is not empty", at);
			return ZL_DKIM_FORM_NONE;
		}
	}
	if (p != alg_end) {
		der_fail(ki, p, "unexpected bytes at byte %zu inside the AlgorithmIdentifier",
		    p);
		return ZL_DKIM_FORM_NONE;
	}
	if (der_expect(d, n, outer_end, &p, 0x03, "the key BIT STRING", &l, ki))
		return ZL_DKIM_FORM_NONE;
	bit_end = p + l;
	if (l == 0 || d[p] != 0) {
		der_fail(ki, p, "the BIT STRING at byte %zu does not start with 0 unused bits",
		    p);
		return ZL_DKIM_FORM_NONE;
	}
	p++;
	*inner = p;
	if (der_rsa_pub(d, n, &p, bit_end, ki))
		return ZL_DKIM_FORM_NONE;
	if (p != bit_end || bit_end != outer_end) {
		der_fail(ki, p, "unexpected bytes at byte %zu after the key", p);
		return ZL_DKIM_FORM_NONE;
	}
	return ZL_DKIM_FORM_SPKI;
}

static const unsigned char ed_spki_prefix[] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
};

/*
 * zl_dkim_key_decode() with a scratch RSA object that libcrypto fills
 * again for every key (*scratch: NULL at first, freed by the caller), so
 * that a key costs its parse and no allocation of the object. libcrypto
 * frees it and sets *scratch to NULL when a key does not decode.
 */
static void
key_decode(enum zl_dkim_ktype k, const unsigned char *der, size_t n,
    struct zl_dkim_keyinfo *ki, RSA **scratch)
{
	size_t inner = 0;

	memset(ki, 0, sizeof(*ki));
	if (k == ZL_DKIM_ED25519) {
		EVP_PKEY *pk;

		if (n == 32) {
			pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL,
			    der, n);
			if (pk == NULL) {
				der_fail(ki, 0, "libcrypto rejects it as an Ed25519 key");
				return;
			}
			EVP_PKEY_free(pk);
			ki->ok = 1;
			ki->form = ZL_DKIM_FORM_RAW;
			ki->bits = 256;
			return;
		}
		if (n == 44 && memcmp(der, ed_spki_prefix,
		    sizeof(ed_spki_prefix)) == 0) {
			der_fail(ki, 0, "it is an Ed25519 key wrapped in a SubjectPublicKeyInfo (44 bytes); publish only its last 32 bytes");
			return;
		}
		if (n < 32) {
			ki->truncated = 1;
			ki->need = 32;
			ki->have = n;
		}
		der_fail(ki, n < 32 ? n : 32,
		    "it decodes to %zu bytes; an Ed25519 key is exactly 32 raw bytes",
		    n);
		return;
	}
	if (k != ZL_DKIM_RSA) {
		der_fail(ki, 0, "the key type is unknown");
		return;
	}
	ki->form = der_walk_rsa(der, n, ki, &inner);
	if (ki->form == ZL_DKIM_FORM_NONE) {
		if (n == 32 && der[0] != 0x30)
			snprintf(ki->why + strlen(ki->why),
			    sizeof(ki->why) - strlen(ki->why),
			    " (32 bytes: an Ed25519 key without 'k=ed25519'?)");
		return;
	}
	{
		/*
		 * The SubjectPublicKeyInfo wrapper was checked byte by byte
		 * above; libcrypto reads the RSAPublicKey inside it and gives
		 * its size. Per key on a zone's worth of 1024- and 2048-bit
		 * keys (callgrind): d2i_PUBKEY() about 1,050,000 instructions
		 * (OpenSSL 3 runs it through the provider decoders), d2i_RSA_-
		 * PUBKEY() 16,500, d2i_PublicKey() 9,900, d2i_RSAPublicKey()
		 * 7,400, and 5,000 when it refills a scratch object (half of
		 * that is BN_bin2bn() itself). They read the same bytes the
		 * same way: d2i_PublicKey() is d2i_RSAPublicKey() wrapped in
		 * an EVP_PKEY, and the unit tests check against d2i_PUBKEY().
		 */
		const unsigned char *p = der + inner;
		RSA *local = NULL, **rsa = scratch != NULL ? scratch : &local;

		if (d2i_RSAPublicKey(rsa, &p, (long)(n - inner)) == NULL ||
		    (size_t)(p - der) != n) {
			ki->form = ZL_DKIM_FORM_NONE;
			der_fail(ki, inner, "libcrypto cannot read the RSA key at byte %zu",
			    inner);
		} else {
			ki->bits = RSA_bits(*rsa);
			ki->ok = 1;
		}
		RSA_free(local);
	}
}

void
zl_dkim_key_decode(enum zl_dkim_ktype k, const unsigned char *der, size_t n,
    struct zl_dkim_keyinfo *ki)
{
	key_decode(k, der, n, ki, NULL);
}

/* ---- the record */

/* Add a problem with its message (owned by the problem from now on). */
static void
prob_msg(struct zl_dkim_rec *r, enum zl_rule_id rule, enum zl_severity sev,
    size_t off, size_t len, char *msg)
{
	struct zl_dkim_problem *p;

	r->probs = zl_xgrow(r->probs, sizeof(*r->probs), r->nprobs + 1, &r->cap);
	p = &r->probs[r->nprobs++];
	p->rule = rule;
	p->sev = sev;
	p->off = off;
	p->len = len;
	p->msg = msg;
	if ((sev == ZL_SEV_ERROR || (sev == ZL_SEV_NONE &&
	    zl_rules[rule].severity == ZL_SEV_ERROR)) &&
	    (rule == ZL_R_dkim_tag_syntax || rule == ZL_R_dkim_key_invalid ||
	    rule == ZL_R_dkim_key_weak))
		r->invalid = 1;
}

static void ZL_PRINTF(6, 7)
prob(struct zl_dkim_rec *r, enum zl_rule_id rule, enum zl_severity sev,
    size_t off, size_t len, const char *fmt, ...)
{
	va_list ap;
	struct zl_buf b = ZL_BUF_INIT;

	va_start(ap, fmt);
	zl_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	prob_msg(r, rule, sev, off, len, zl_buf_take(&b));
}

char *
zl_dkim_weak_msg(int bits, enum zl_severity sev)
{
	static const char head[] = "RSA key of ";
	const char *tail = sev == ZL_SEV_ERROR ?
	    " bits; verifiers must not accept keys shorter than 1024 bits (RFC 8301 §3.2)" :
	    " bits; 2048 bits are recommended (RFC 8301 §3.2)";
	char num[16], *m;
	size_t k = sizeof(num), hl = sizeof(head) - 1, tl = strlen(tail), nl;
	unsigned long u = bits < 0 ? 0UL - (unsigned long)bits : (unsigned long)bits;

	/* "%d" by hand: printf would cost more than the rest of the check */
	do
		num[--k] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (bits < 0)
		num[--k] = '-';
	nl = sizeof(num) - k;
	m = zl_xmalloc(hl + nl + tl + 1);
	memcpy(m, head, hl);
	memcpy(m + hl, num + k, nl);
	memcpy(m + hl + nl, tail, tl + 1);
	return m;
}

void
zl_dkim_rec_init(struct zl_dkim_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->v = r->k = r->p = r->h = r->t = -1;
}

static void
clear_probs(struct zl_dkim_rec *r)
{
	for (size_t i = 0; i < r->nprobs; i++)
		free(r->probs[i].msg);
	r->nprobs = 0;
}

void
zl_dkim_rec_release(struct zl_dkim_rec *r)
{
	clear_probs(r);
	free(r->probs);
	zl_taglist_release(&r->tags);
	zl_buf_release(&r->der);
	RSA_free(r->rsa);
	memset(r, 0, sizeof(*r));
	r->v = r->k = r->p = r->h = r->t = -1;
}

int
zl_dkim_has_error(const struct zl_dkim_rec *r, enum zl_rule_id rule)
{
	for (size_t i = 0; i < r->nprobs; i++) {
		enum zl_severity s = r->probs[i].sev;

		if (r->probs[i].rule == rule && (s == ZL_SEV_ERROR ||
		    (s == ZL_SEV_NONE && zl_rules[rule].severity == ZL_SEV_ERROR)))
			return 1;
	}
	return 0;
}

/* Short quoted excerpt of a value for messages. */
static int
ex_len(size_t n)
{
	return n > 40 ? 40 : (int)n;
}

static const char *
ex_dots(size_t n)
{
	return n > 40 ? "..." : "";
}

static int
eq_ci(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/* Trim FWS from both ends of [*a, *b). */
static void
trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && is_fws((unsigned char)s[*a]))
		(*a)++;
	while (*b > *a && is_fws((unsigned char)s[*b - 1]))
		(*b)--;
}

/* h=: sha1 listed, sha256 not (RFC 8301 §3.1); names case-insensitive. */
static void
check_h(struct zl_dkim_rec *r, const char *s, const struct zl_tag *t)
{
	size_t a = t->val_off, end = t->val_off + t->val_len;
	int sha1 = 0, sha256 = 0;

	while (a <= end) {
		const char *c = memchr(s + a, ':', end - a);
		size_t b = c ? (size_t)(c - s) : end, x = a, y = b;

		trim(s, &x, &y);
		if (eq_ci(s + x, y - x, "sha1"))
			sha1 = 1;
		else if (eq_ci(s + x, y - x, "sha256"))
			sha256 = 1;
		if (c == NULL)
			break;
		a = b + 1;
	}
	if (sha1 && !sha256)
		prob(r, ZL_R_dkim_tag_syntax, ZL_SEV_NONE, t->spec_off,
		    t->spec_len,
		    "'h=%.*s%s' admits only sha1, which signers and verifiers must not use; list sha256 (RFC 8301 §3.1)",
		    ex_len(t->val_len), s + t->val_off, ex_dots(t->val_len));
}

/* t=: colon-separated flags; y = testing. */
static int
has_flag_y(const char *s, const struct zl_tag *t)
{
	size_t a = t->val_off, end = t->val_off + t->val_len;

	while (a <= end) {
		const char *c = memchr(s + a, ':', end - a);
		size_t b = c ? (size_t)(c - s) : end, x = a, y = b;

		trim(s, &x, &y);
		if (eq_ci(s + x, y - x, "y"))
			return 1;
		if (c == NULL)
			break;
		a = b + 1;
	}
	return 0;
}

/* A value byte outside tag-value (RFC 6376 §3.2: VALCHAR and FWS). */
static size_t
bad_valchar(const char *s, size_t a, size_t n)
{
	for (size_t i = a; i < a + n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_fws(c))
			continue;
		if (c < 0x21 || c > 0x7e || c == ';')
			return i;
	}
	return (size_t)-1;
}

/*
 * p=. plain: the tag loop found the value to be plain base64 and left its
 * bytes in r->der (b64_plain()), so there is nothing to scan for.
 */
static void
check_p(struct zl_dkim_rec *r, const char *s, const struct zl_tag *t,
    int plain)
{
	size_t bad, nch, dq = (size_t)-1, ws = (size_t)-1;
	enum zl_b64_err e;
	int empty = 0;

	r->p_off = t->val_off;
	r->p_len = t->val_len;
	if (plain) {
		r->b64_ok = 1;
		goto key;
	}
	for (size_t i = t->val_off; i < t->val_off + t->val_len; i++) {
		if ((s[i] == '"' || s[i] == '\\') && dq == (size_t)-1)
			dq = i;
		if (is_fws((unsigned char)s[i]) && ws == (size_t)-1)
			ws = i;
	}
	if (dq != (size_t)-1 || ws != (size_t)-1) {
		r->p_dirt = 1;
		if (dq != (size_t)-1)
			prob(r, ZL_R_dkim_whitespace, ZL_SEV_NONE, dq, 1,
			    "stray '%c' inside 'p=' (a quote escaped into the value) breaks the key (RFC 6376 §3.6.1)",
			    s[dq]);
		else
			prob(r, ZL_R_dkim_whitespace, ZL_SEV_NONE, ws, 1,
			    "white space inside 'p='; verifiers skip it, but tools that copy the key do not (RFC 6376 §3.6.1)");
	}
	if (ws == t->val_off && t->val_len > 0) {
		/* only white space? (a value is trimmed, so it cannot be) */
		size_t i = t->val_off;

		while (i < t->val_off + t->val_len && is_fws((unsigned char)s[i]))
			i++;
		empty = i == t->val_off + t->val_len;
	}
	if (t->val_len == 0 || empty) {
		r->revoked = 1;
		prob(r, ZL_R_dkim_revoked, ZL_SEV_NONE, t->spec_off, t->spec_len,
		    "empty 'p=': the key is revoked, so signatures made with this selector fail (RFC 6376 §3.6.1)");
		return;
	}
	zl_buf_reset(&r->der);
	e = zl_dkim_b64_decode(s + t->val_off, t->val_len, &r->der, &bad, &nch);
	if (e == ZL_B64_BADCHAR || e == ZL_B64_PAD) {
		unsigned char c = (unsigned char)s[t->val_off + bad];

		if (e == ZL_B64_PAD)
			prob(r, ZL_R_dkim_key_invalid, ZL_SEV_NONE, t->val_off + bad,
			    1,
			    "'p=' is not base64: '=' padding is only allowed at the end, character %zu breaks it (RFC 6376 §3.6.1)",
			    nch + 1);
		else if (c >= 0x21 && c <= 0x7e)
			prob(r, ZL_R_dkim_key_invalid, ZL_SEV_NONE, t->val_off + bad,
			    1,
			    "'p=' is not base64: '%c' at character %zu is outside the base64 alphabet%s (RFC 6376 §3.6.1)",
			    c, nch + 1, (c == '-' || c == '_') ?
			    " (base64url is not allowed)" : "");
		else
			prob(r, ZL_R_dkim_key_invalid, ZL_SEV_NONE, t->val_off + bad,
			    1,
			    "'p=' is not base64: byte 0x%02x at character %zu is outside the base64 alphabet (RFC 6376 §3.6.1)",
			    c, nch + 1);
		return;
	}
	r->b64_ok = e == ZL_B64_OK;
	if (e == ZL_B64_LENGTH) {
		struct zl_dkim_keyinfo ki;
		char more[96] = "";

		/* what the DER of the complete groups says about the length */
		key_decode(r->ktype, (const unsigned char *)r->der.data,
		    r->der.len, &ki, &r->rsa);
		if (ki.truncated)
			snprintf(more, sizeof(more),
			    "; its DER says %zu bytes, only %zu are present",
			    ki.need, r->der.len);
		prob(r, ZL_R_dkim_key_invalid, ZL_SEV_NONE, t->val_off,
		    t->val_len,
		    "'p=' is cut short: %zu base64 characters are not a multiple of 4%s (RFC 6376 §3.6.1)",
		    nch, more);
		return;
	}
key:
	if (r->ktype == ZL_DKIM_KUNKNOWN)
		return;
	key_decode(r->ktype, (const unsigned char *)r->der.data, r->der.len,
	    &r->key, &r->rsa);
	if (!r->key.ok) {
		prob(r, ZL_R_dkim_key_invalid, ZL_SEV_NONE, t->val_off, t->val_len,
		    "'p=' is not %s: %s (RFC %s)",
		    r->ktype == ZL_DKIM_RSA ? "an RSA public key" :
		    "an Ed25519 public key", r->key.why,
		    r->ktype == ZL_DKIM_RSA ? "6376 §3.6.1" : "8463 §4.2");
		return;
	}
	if (r->key.form == ZL_DKIM_FORM_PKCS1)
		prob(r, ZL_R_dkim_key_invalid, ZL_SEV_WARNING, t->val_off,
		    t->val_len,
		    "'p=' is a bare RSAPublicKey (PKCS#1), not a SubjectPublicKeyInfo; many verifiers only read the latter (RFC 6376 §3.6.1, erratum 3017)");
	if (r->ktype == ZL_DKIM_RSA && r->key.bits < 2048) {
		enum zl_severity sev = r->key.bits < 1024 ? ZL_SEV_ERROR :
		    ZL_SEV_INFO;

		prob_msg(r, ZL_R_dkim_key_weak, sev, t->val_off, t->val_len,
		    zl_dkim_weak_msg(r->key.bits, sev));
	}
}

void
zl_dkim_parse(struct zl_dkim_rec *r, const char *s, size_t n)
{
	struct zl_taglist *l = &r->tags;
	size_t a = 0, b = n;
	int plain_p = -1;

	clear_probs(r);
	zl_buf_reset(&r->der);
	r->v = r->k = r->p = r->h = r->t = -1;
	r->ktype = ZL_DKIM_RSA;
	r->testing = r->revoked = r->b64_ok = r->p_dirt = r->invalid = 0;
	r->p_off = r->p_len = 0;
	memset(&r->key, 0, sizeof(r->key));
	zl_taglist_parse(l, s, n, ZL_TAG_FWS);
	trim(s, &a, &b);
	if (a == b) {
		prob(r, ZL_R_dkim_tag_syntax, ZL_SEV_NONE, 0, n,
		    "empty DKIM key record: it needs at least a 'p=' tag (RFC 6376 §3.6.1)");
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct zl_tag *t = &l->v[i];
		const char *nm = s + t->name_off;
		size_t bad;
		int *slot = NULL;

		if (t->err != ZL_TAG_OK) {
			size_t x = t->spec_off, y = t->spec_off + t->spec_len;

			trim(s, &x, &y);
			if (y == x)
				prob(r, ZL_R_dkim_tag_syntax, ZL_SEV_NONE,
				    t->spec_off, t->spec_len,
				    "empty tag between two ';' (RFC 6376 §3.2)");
			else
				prob(r, ZL_R_dkim_tag_syntax, ZL_SEV_NONE, x, y - x,
				    "'%.*s%s': %s (RFC 6376 §3.2)", ex_len(y - x),
				    s + x, ex_dots(y - x), zl_tag_strerror(t->err));
			continue;
		}
		if (t->name_len == 1 && nm[0] == 'p' && plain_p < 0 &&
		    b64_plain(s + t->val_off, t->val_len, &r->der) == 0) {
			/* base64 only, so no byte outside VALCHAR either */
			plain_p = (int)i;
		} else if ((bad = bad_valchar(s, t->val_off, t->val_len)) !=
		    (size_t)-1) {
			prob(r, ZL_R_dkim_tag_syntax, ZL_SEV_NONE, bad, 1,
			    "tag '%.*s' holds byte 0x%02x, outside the printable ASCII a tag value allows (RFC 6376 §3.2)",
			    ex_len(t->name_len), nm, (unsigned char)s[bad]);
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			const struct zl_tag *u = &l->v[j];

			if (u->err == ZL_TAG_OK && u->name_len == t->name_len &&
			    memcmp(s + u->name_off, nm, t->name_len) == 0) {
				prob(r, ZL_R_dkim_tag_syntax, ZL_SEV_NONE,
				    t->spec_off, t->spec_len,
				    "tag '%.*s' appears twice; verifiers reject the record (RFC 6376 §3.2)",
				    ex_len(t->name_len), nm);
				goto next;
			}
		}
		if (t->name_len == 1) {
			switch (nm[0]) {
			case 'v': slot = &r->v; break;
			case 'k': slot = &r->k; break;
			case 'p': slot = &r->p; break;
			case 'h': slot = &r->h; break;
			case 't': slot = &r->t; break;
			default: break;
			}
		}
		if (slot != NULL)
			*slot = (int)i;
next:
		;
	}
	if (l->trailing_space)
		prob(r, ZL_R_dkim_tag_syntax, ZL_SEV_WARNING, l->n ?
		    l->v[l->n - 1].spec_off + l->v[l->n - 1].spec_len : 0, 1,
		    "white space after the final ';'; verifiers ignore it, but the strict grammar (and mox) does not (RFC 6376 §3.2)");
	if (r->v >= 0) {
		const struct zl_tag *t = &l->v[r->v];

		if (r->v != 0)
			prob(r, ZL_R_dkim_tag_syntax, ZL_SEV_NONE, t->spec_off,
			    t->spec_len,
			    "'v=' must be the first tag when it is present (RFC 6376 §3.6.1)");
		if (t->val_len != 5 || memcmp(s + t->val_off, "DKIM1", 5) != 0)
			prob(r, ZL_R_dkim_tag_syntax, ZL_SEV_NONE, t->val_off,
			    t->val_len,
			    "'v=%.*s%s' is not 'v=DKIM1'%s (RFC 6376 §3.6.1)",
			    ex_len(t->val_len), s + t->val_off,
			    ex_dots(t->val_len), eq_ci(s + t->val_off, t->val_len,
			    "DKIM1") ? ", which is case-sensitive" : "");
	}
	if (r->k >= 0) {
		const struct zl_tag *t = &l->v[r->k];

		if (eq_ci(s + t->val_off, t->val_len, "rsa")) {
			r->ktype = ZL_DKIM_RSA;
		} else if (eq_ci(s + t->val_off, t->val_len, "ed25519")) {
			r->ktype = ZL_DKIM_ED25519;
		} else {
			r->ktype = ZL_DKIM_KUNKNOWN;
			prob(r, ZL_R_dkim_tag_syntax, ZL_SEV_NONE, t->val_off,
			    t->val_len,
			    "unknown key type 'k=%.*s%s'; verifiers know 'rsa' and 'ed25519' (RFC 6376 §3.6.1, RFC 8463 §4)",
			    ex_len(t->val_len), s + t->val_off,
			    ex_dots(t->val_len));
		}
	}
	if (r->h >= 0)
		check_h(r, s, &l->v[r->h]);
	if (r->t >= 0 && has_flag_y(s, &l->v[r->t])) {
		r->testing = 1;
		prob(r, ZL_R_dkim_testing, ZL_SEV_NONE, l->v[r->t].spec_off,
		    l->v[r->t].spec_len,
		    "'t=y': the key is in testing mode, so verifiers may treat signed mail as unsigned (RFC 6376 §3.6.1)");
	}
	if (r->p < 0)
		prob(r, ZL_R_dkim_tag_syntax, ZL_SEV_NONE, 0, n,
		    "no 'p=' tag; a key record must have one (RFC 6376 §3.6.1)");
	else
		check_p(r, s, &l->v[r->p], r->p == plain_p);
}

/* ---- recognising keys away from _domainkey */

/* 1 when s[j..n) starts with lit, in any case. */
static int
starts_ci(const char *s, size_t n, size_t j, const char *lit, size_t m)
{
	return n - j >= m && (s[j] | 0x20) == lit[0] &&
	    strncasecmp(s + j, lit, m) == 0;
}

/*
 * 0 when zl_dkim_looks_like_key() is sure to say 0, without splitting the
 * tag-list: what it looks for needs a '=' followed (after FWS) by "DKIM",
 * the value of v=; or one that ends a tag named p with "MI" after it, or
 * one beside a tag k= whose value starts with "rsa" or "ed25519". Most TXT
 * records (SPF, DMARC, site verifications) have none of that. 1: maybe,
 * ask the real test.
 */
static int
may_be_key(const char *s, size_t n)
{
	const char *e = memchr(s, '=', n);
	int p_tag = 0, k_tag = 0;

	for (; e != NULL; e = memchr(e + 1, '=', n - (size_t)(e + 1 - s))) {
		size_t j = (size_t)(e - s) + 1, k = (size_t)(e - s);
		char name;

		while (j < n && is_fws((unsigned char)s[j]))
			j++;
		if (starts_ci(s, n, j, "dkim", 4))
			return 1;
		/* a name of one letter, at the start or after ';' */
		while (k > 0 && is_fws((unsigned char)s[k - 1]))
			k--;
		if (k == 0 || (s[k - 1] != 'p' && s[k - 1] != 'k'))
			continue;
		name = s[--k];
		while (k > 0 && is_fws((unsigned char)s[k - 1]))
			k--;
		if (k > 0 && s[k - 1] != ';')
			continue;
		if (name == 'p') {
			if (n - j >= 2 && s[j] == 'M' && s[j + 1] == 'I')
				return 1;
			p_tag = 1;
		} else if (starts_ci(s, n, j, "rsa", 3) ||
		    starts_ci(s, n, j, "ed25519", 7)) {
			k_tag = 1;
		}
	}
	return p_tag && k_tag;
}

int
zl_dkim_looks_like_key(const char *s, size_t n)
{
	struct zl_taglist l;
	size_t a = 0, b = n;
	int v_dkim = 0, p = -1, k_ok = 0;

	trim(s, &a, &b);
	if (b - a >= 6 && strncasecmp(s + a, "v=DKIM", 6) == 0)
		return 1;
	if (!may_be_key(s, n))
		return 0;
	memset(&l, 0, sizeof(l));
	zl_taglist_parse(&l, s, n, ZL_TAG_FWS);
	for (size_t i = 0; i < l.n; i++) {
		const struct zl_tag *t = &l.v[i];

		if (t->err != ZL_TAG_OK || t->name_len != 1)
			continue;
		if ((s[t->name_off] == 'v' || s[t->name_off] == 'V') &&
		    t->val_len >= 4 && strncasecmp(s + t->val_off, "DKIM", 4) == 0)
			v_dkim = 1;
		if (s[t->name_off] == 'p' && p < 0)
			p = (int)i;
		if (s[t->name_off] == 'k' &&
		    (eq_ci(s + t->val_off, t->val_len, "rsa") ||
		    eq_ci(s + t->val_off, t->val_len, "ed25519")))
			k_ok = 1;
	}
	if (!v_dkim && p >= 0 && !k_ok) {
		const struct zl_tag *t = &l.v[p];

		/* p= alone: a DER key ("MI...") of some length */
		if (!(t->val_len >= 100 && s[t->val_off] == 'M' &&
		    s[t->val_off + 1] == 'I' &&
		    zl_dkim_is_b64_piece(s + t->val_off, t->val_len)))
			p = -1;
	}
	zl_taglist_release(&l);
	return v_dkim || p >= 0;
}
