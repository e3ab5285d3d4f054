/* SPDX-License-Identifier: MIT */
/*
 * DKIM key records (RFC 6376 §3.6.1, RFC 8301, RFC 8463), pure: no zone,
 * no I/O. A record's joined TXT value is split with the shared tag-list
 * lexer (tagval.h), each tag is judged, and p= is decoded: base64 with
 * folding white space (RFC 6376 §2.10), then the DER of an RSA key
 * (SubjectPublicKeyInfo, or a bare PKCS#1 RSAPublicKey) or the 32 raw
 * bytes of an Ed25519 key. The DER is walked by hand first, so that a
 * broken key can be described by the byte where it breaks and, when the
 * lengths show it, by how much was cut off; libcrypto then decodes it and
 * gives the key size.
 *
 * What is wrong is returned as a list of problems, each carrying the rule
 * it belongs to, a severity (ZL_SEV_NONE: the rule's default), the value
 * bytes it is about and a message in the project's style. Mapping value
 * bytes to source bytes and building fixes is check_dkim.c's job.
 */
#ifndef ZL_DKIM_H
#define ZL_DKIM_H

#include <stddef.h>

#include "buf.h"
#include "rule.h"
#include "tagval.h"

struct rsa_st;

enum zl_dkim_ktype {
	ZL_DKIM_RSA,
	ZL_DKIM_ED25519,
	ZL_DKIM_KUNKNOWN,
};

enum zl_dkim_form {
	ZL_DKIM_FORM_NONE,
	ZL_DKIM_FORM_SPKI,     /* SubjectPublicKeyInfo (what verifiers expect) */
	ZL_DKIM_FORM_PKCS1,    /* bare RSAPublicKey (accepted with a warning) */
	ZL_DKIM_FORM_RAW,      /* 32 raw Ed25519 bytes */
};

/* What decoding the bytes of p= found. */
struct zl_dkim_keyinfo {
	int ok;                 /* a key of the record's type */
	enum zl_dkim_form form;
	int bits;               /* key size; 0 when not decoded */
	int truncated;          /* the DER announces more bytes than are there */
	size_t need, have;      /* when truncated: bytes announced, present */
	size_t bad_off;         /* DER byte where decoding fails */
	char why[160];          /* plain words, when !ok */
};

/*
 * Decode the bytes of a key of type k. Always fills ki; never fails
 * otherwise. Ed25519: exactly 32 bytes. RSA: DER SubjectPublicKeyInfo with
 * rsaEncryption, or a bare RSAPublicKey.
 */
void zl_dkim_key_decode(enum zl_dkim_ktype k, const unsigned char *der,
    size_t n, struct zl_dkim_keyinfo *ki);

enum zl_b64_err {
	ZL_B64_OK = 0,
	ZL_B64_BADCHAR,         /* a byte outside the alphabet and FWS */
	ZL_B64_PAD,             /* '=' in the middle, or more than two */
	ZL_B64_LENGTH,          /* characters not a multiple of 4 */
};

/*
 * Decode base64 text with FWS (SP, HTAB, CR, LF are skipped), appending
 * the bytes to out. On an error, *bad is the offset in s of the offending
 * character (for ZL_B64_LENGTH: n) and out holds the bytes of the complete
 * 4-character groups before it; *nchars counts the base64 characters seen.
 */
enum zl_b64_err zl_dkim_b64_decode(const char *s, size_t n,
    struct zl_buf *out, size_t *bad, size_t *nchars);

struct zl_dkim_problem {
	enum zl_rule_id rule;
	enum zl_severity sev;   /* ZL_SEV_NONE: the rule's default */
	size_t off, len;        /* the value bytes it is about */
	char *msg;              /* owned */
};

/* A parsed key record. All offsets are into the value given to parse. */
struct zl_dkim_rec {
	struct zl_taglist tags;
	int v, k, p, h, t;      /* index of the tag in tags.v, or -1 */
	enum zl_dkim_ktype ktype;
	int testing;            /* t= lists y */
	int revoked;            /* p= is empty */
	size_t p_off, p_len;    /* the value of p= (when p >= 0) */
	struct zl_buf der;      /* the decoded bytes of p= */
	int b64_ok;             /* p= is valid base64 */
	struct zl_dkim_keyinfo key;
	int p_dirt;             /* p= holds white space or quote characters */
	int invalid;            /* an error-severity validity problem */
	struct zl_dkim_problem *probs;
	size_t nprobs, cap;
	struct rsa_st *rsa;     /* private: libcrypto's object, refilled per key */
};

void zl_dkim_rec_init(struct zl_dkim_rec *r);
/*
 * Parse and judge the joined value s[0..n). r may be reused for another
 * value without release in between.
 */
void zl_dkim_parse(struct zl_dkim_rec *r, const char *s, size_t n);
void zl_dkim_rec_release(struct zl_dkim_rec *r);

/*
 * The message of dkim-key-weak for an RSA key of that size: severity
 * ZL_SEV_ERROR below 1024 bits, ZL_SEV_INFO below 2048 (malloc'd). A
 * caller that keeps many such findings can keep the size instead.
 */
char *zl_dkim_weak_msg(int bits, enum zl_severity sev);

/* 1 when r has a problem of that rule at error severity. */
int zl_dkim_has_error(const struct zl_dkim_rec *r, enum zl_rule_id rule);

/*
 * 1 when a TXT value outside _domainkey still looks like a DKIM key record:
 * it starts with "v=DKIM", or its tag-list has p= beside k=rsa/ed25519, or
 * p= alone holds a long base64 DER key ("MI...").
 */
int zl_dkim_looks_like_key(const char *s, size_t n);

/*
 * 1 when s[0..n) is nothing but base64 characters and white space (a piece
 * of a key cut out of its record), at least 4 characters of it.
 */
int zl_dkim_is_b64_piece(const char *s, size_t n);

/* Copy s[0..n) without SP, HTAB, CR, LF to out. */
void zl_dkim_strip_ws(const char *s, size_t n, struct zl_buf *out);

#endif
