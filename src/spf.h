/* SPDX-License-Identifier: MIT */
/*
 * SPF record parser (RFC 7208 §12 ABNF, §5, §6, §7.1). It works on the
 * joined value of one TXT record (character-strings concatenated with no
 * separator, §3.3) and keeps the offset and length of every term in that
 * value, so a check can point at the term and a fix can edit just it.
 *
 * The parser is pure: no I/O, no DNS, no globals. It does not decide which
 * TXT records are SPF records for the owner (that is zl_spf_classify()
 * plus the caller's grouping) and it does not count DNS lookups (the
 * caller resolves names against the zone).
 *
 * Errors are data: each names the term, the bytes at fault and a message
 * in the form "<term>: <why> (RFC 7208 §x)", e.g.
 * "ip4:111.222.333.444: 333 is not an octet (RFC 7208 §5.6)". Bytes
 * outside printable ASCII are shown as \DDD, as in a zone file.
 *
 * Ownership: a struct zl_spf_record owns its term and error arrays
 * (released by zl_spf_record_release()); offsets point into the value the
 * caller passed, which the record does not keep.
 */
#ifndef ZL_SPF_H
#define ZL_SPF_H

#include <stddef.h>
#include <stdint.h>

/* What a TXT value is, as far as SPF is concerned. */
enum zl_spf_class {
	ZL_SPF_NOT,        /* not an SPF record and not meant as one */
	ZL_SPF_RECORD,     /* "v=spf1" (any case) then SP or the end (§4.5) */
	ZL_SPF_LOOKALIKE,  /* meant as SPF, but the version is misspelled or
			    * preceded by white space, quotes or look-alike
			    * characters: receivers ignore it */
};

enum zl_spf_kind {
	ZL_SPF_ALL,
	ZL_SPF_INCLUDE,
	ZL_SPF_A,
	ZL_SPF_MX,
	ZL_SPF_PTR,
	ZL_SPF_IP4,
	ZL_SPF_IP6,
	ZL_SPF_EXISTS,
	ZL_SPF_REDIRECT,   /* modifiers from here on */
	ZL_SPF_EXP,
	ZL_SPF_UNKNOWN_MOD,
	ZL_SPF_BAD,        /* a term that fits no production */
};

enum zl_spf_err {
	ZL_SPF_E_VERSION,      /* version misspelled or preceded by junk */
	ZL_SPF_E_CHAR,         /* a byte outside the grammar (non-ASCII, CTL) */
	ZL_SPF_E_UNKNOWN,      /* unknown mechanism */
	ZL_SPF_E_MOD_QUAL,     /* a qualifier before a modifier */
	ZL_SPF_E_MOD_NAME,     /* a modifier name that is not ALPHA *(...) */
	ZL_SPF_E_MOD_TWICE,    /* redirect= or exp= more than once (§6) */
	ZL_SPF_E_NO_ARG,       /* a required argument is missing */
	ZL_SPF_E_ARG,          /* an argument where none is allowed */
	ZL_SPF_E_IP4,          /* bad ip4-network */
	ZL_SPF_E_IP6,          /* bad ip6-network (RFC 4291 §2.2) */
	ZL_SPF_E_CIDR,         /* bad CIDR length */
	ZL_SPF_E_DOMAIN,       /* bad domain-end or toplabel */
	ZL_SPF_E_MACRO,        /* bad macro-expand */
};

struct zl_spf_term {
	uint32_t off, len;     /* the whole term, qualifier included */
	uint32_t name_len;     /* mechanism or modifier name after qualifier */
	uint32_t arg_off;      /* domain-spec, network or modifier value */
	uint32_t arg_len;      /* 0: none written */
	int err;               /* index of the term's error, or -1 */
	int16_t cidr4, cidr6;  /* lengths, -1 when not written */
	uint8_t kind;          /* enum zl_spf_kind */
	char qualifier;        /* '+' '-' '~' '?', or 0 when not written */
	uint8_t has_macro;     /* the argument holds a macro-expand */
};

struct zl_spf_error {
	enum zl_spf_err code;
	uint32_t off, len;     /* the offending bytes */
	int term;              /* index of the term, -1: the version */
	char msg[640];
};

struct zl_spf_memo;

struct zl_spf_record {
	struct zl_spf_term *terms;
	size_t nterms, terms_cap;
	struct zl_spf_error *errs;
	size_t nerrs, errs_cap;
	int all;               /* first 'all' term, or -1 */
	int redirect;          /* first 'redirect=' term, or -1 */
	int exp;               /* first 'exp=' term, or -1 */
	struct zl_spf_memo *memo; /* see zl_spf_record_memo() */
};

/*
 * Classify a TXT value. For ZL_SPF_LOOKALIKE, *why (when not NULL) is
 * filled with the version error: where it is and what is wrong.
 */
enum zl_spf_class zl_spf_classify(const char *v, size_t n,
    struct zl_spf_error *why);

/*
 * A prefilter for zl_spf_classify() on the first n bytes of a value (whole:
 * they are all of it). 0 only when every value that starts with them is
 * ZL_SPF_NOT, so a caller can skip a record after reading a few bytes of
 * it (zl_txt_peek()); 1 when it may be SPF or a look-alike of it, or when
 * the bytes run out before that is decided. With whole set it is exactly
 * zl_spf_classify() != ZL_SPF_NOT.
 */
int zl_spf_could_be(const char *v, size_t n, int whole);

void zl_spf_record_init(struct zl_spf_record *r);
void zl_spf_record_release(struct zl_spf_record *r);
/*
 * For a record that parses value after value (a whole zone's): remember
 * the terms that parsed without error, so that the same term text in a
 * later value is not parsed again. The records of a zone repeat a few
 * includes and mechanisms over and over. The results are the same as
 * without it; the memory (some 20 KB) goes with zl_spf_record_release().
 */
void zl_spf_record_memo(struct zl_spf_record *r);

/*
 * Parse a value that zl_spf_classify() called ZL_SPF_RECORD. r is reset
 * first (it may be reused). Returns the number of errors (r->nerrs). A
 * term keeps the kind its name says even when its argument is wrong (an
 * 'ip4:' with a bad network is ZL_SPF_IP4 with err set); a term whose name
 * is no mechanism or modifier is ZL_SPF_BAD. A term has at most one error
 * (the first found in it); a second redirect= or exp= is an error of that
 * second term.
 */
size_t zl_spf_parse(struct zl_spf_record *r, const char *v, size_t n);

/* "all", "include", ... "redirect", "exp", "" for unknown/bad. */
const char *zl_spf_kind_name(enum zl_spf_kind k);
/* 1 for the terms that cost a DNS lookup (§4.6.4). */
int zl_spf_kind_queries(enum zl_spf_kind k);
/* The qualifier's strength for merging: '-' 3, '~' 2, '?' 1, '+' or 0 0. */
int zl_spf_qualifier_rank(char q);

/*
 * Validate a domain-spec (§7.1) on its own: 0 when valid, otherwise -1
 * with the error kind in *code (ZL_SPF_E_DOMAIN, ZL_SPF_E_MACRO,
 * ZL_SPF_E_CHAR, or ZL_SPF_E_NO_ARG when empty) and a message without the
 * term prefix in msg. The macro letters c, r and t are rejected: they
 * belong in the explanation text a receiver fetches, never in the record
 * (§7.2).
 * *has_macro is set when the spec holds a macro-expand.
 */
int zl_spf_check_domain_spec(const char *s, size_t n, enum zl_spf_err *code,
    char *msg, size_t msgsz, int *has_macro);

#endif
