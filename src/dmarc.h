/* SPDX-License-Identifier: MIT */
/*
 * DMARC policy record parser (RFC 7489 §6.3, §6.4; RFC 9989, which
 * obsoletes it). Pure: it reads one TXT value (character-strings already
 * joined) and says what it holds and what is wrong with it, with the byte
 * offset of every tag, URI and problem in that value. It does not look at
 * the zone, print or report; check_dmarc.c does that.
 *
 * What counts as invalid is the project's definition in the corpus file
 * VALIDITY.md: the record must start with "v=DMARC1" (tag name any case,
 * value exactly "DMARC1", no white space before it), tag-specs are
 * "name *WSP = *WSP value" separated by "*WSP ; *WSP" (the tag-list lexer
 * of tagval.h in its WSP mode), tag names are case-insensitive and may
 * not repeat, known tags must hold values from their grammar, and "p" is
 * required unless "rua" holds a usable reporting URI (then receivers of
 * both RFCs apply p=none).
 *
 * Differences between RFC 7489 and RFC 9989 readers are not errors; the
 * parser records the facts (where p is, which tags are present) and the
 * check turns them into dmarc-compat findings.
 */
#ifndef ZL_DMARC_H
#define ZL_DMARC_H

#include <stddef.h>
#include <stdint.h>

#include "tagval.h"

/* The tags of RFC 7489 and RFC 9989; ZL_DMARC_T_UNKNOWN for any other. */
enum zl_dmarc_tag_id {
	ZL_DMARC_T_V,
	ZL_DMARC_T_P,
	ZL_DMARC_T_SP,
	ZL_DMARC_T_NP,      /* RFC 9989 (first RFC 9091) */
	ZL_DMARC_T_ADKIM,
	ZL_DMARC_T_ASPF,
	ZL_DMARC_T_PCT,     /* RFC 7489 only: removed in RFC 9989 */
	ZL_DMARC_T_FO,
	ZL_DMARC_T_RF,      /* RFC 7489 only */
	ZL_DMARC_T_RI,      /* RFC 7489 only */
	ZL_DMARC_T_RUA,
	ZL_DMARC_T_RUF,
	ZL_DMARC_T_PSD,     /* RFC 9989 only */
	ZL_DMARC_T_T,       /* RFC 9989 only */
	ZL_DMARC_T_UNKNOWN,
};
#define ZL_DMARC_T__KNOWN ZL_DMARC_T_UNKNOWN

enum zl_dmarc_err {
	ZL_DMARC_OK = 0,
	ZL_DMARC_E_EMPTY,         /* empty record, or white space only */
	ZL_DMARC_E_LEADING_SPACE, /* white space before "v" */
	ZL_DMARC_E_NO_VERSION,    /* the first tag is not "v" */
	ZL_DMARC_E_VERSION,       /* "v" is not exactly "DMARC1" */
	ZL_DMARC_E_TAGLIST,       /* tag-list syntax (see tag_err) */
	ZL_DMARC_E_DUPLICATE,     /* a tag name seen before (any case) */
	ZL_DMARC_E_NO_POLICY,     /* no "p" and no usable "rua" */
	ZL_DMARC_E_POLICY,        /* p, sp, np: not none/quarantine/reject */
	ZL_DMARC_E_ALIGN,         /* adkim, aspf: not r/s */
	ZL_DMARC_E_PCT,           /* not an integer from 0 to 100 */
	ZL_DMARC_E_FO,            /* not a ':' list of 0, 1, d, s */
	ZL_DMARC_E_RF,            /* not a ':' list of afrf */
	ZL_DMARC_E_RI,            /* not an unsigned 32-bit integer */
	ZL_DMARC_E_PSD,           /* not y, n or u */
	ZL_DMARC_E_T,             /* not y or n */
	ZL_DMARC_E_URI_EMPTY,     /* empty list, or an empty element between ',' */
	ZL_DMARC_E_URI,           /* not a URI (RFC 3986): scheme or character */
	ZL_DMARC_E_URI_SPACE,     /* white space inside a URI or its size */
	ZL_DMARC_E_URI_SIZE,      /* "!size": digits (64 bits) and k/m/g/t */
	ZL_DMARC_E_MAILTO,        /* mailto: without local@domain */
};

enum zl_dmarc_policy {
	ZL_DMARC_POL_UNSET = -1,
	ZL_DMARC_POL_NONE = 0,
	ZL_DMARC_POL_QUARANTINE = 1,
	ZL_DMARC_POL_REJECT = 2,
};

/* How a TXT value begins, for sorting the records at a name. */
enum zl_dmarc_start {
	ZL_DMARC_START_NONE = 0,  /* no attempt at DMARC */
	ZL_DMARC_START_MENTION,   /* says "dmarc" somewhere, not at the start */
	ZL_DMARC_START_ATTEMPT,   /* "v=dmarc..." (any case, white space) but wrong */
	ZL_DMARC_START_OK,        /* "v=DMARC1" then ';' or the end (RFC 7489 §6.6.3) */
};

struct zl_dmarc_tag {
	enum zl_dmarc_tag_id id;
	size_t spec_off, spec_len;   /* from the lexer; see tagval.h */
	size_t name_off, name_len;
	size_t val_off, val_len;
	enum zl_tag_err tag_err;
	int dup;                     /* 1: this name was seen before */
};

struct zl_dmarc_uri {
	enum zl_dmarc_tag_id tag;    /* ZL_DMARC_T_RUA or ZL_DMARC_T_RUF */
	size_t off, len;             /* the element, size suffix included */
	size_t uri_len;              /* the URI before '!' */
	size_t scheme_len;           /* "mailto" */
	size_t domain_off, domain_len; /* mailto: address domain; https: host */
	uint64_t size;               /* the digits of "!size" (unit not applied) */
	char unit;                   /* 'k', 'm', 'g', 't' (lower case) or 0 */
	int has_size;
	int usable;                  /* valid mailto: or https: URI */
	enum zl_dmarc_err err;
};

struct zl_dmarc_problem {
	enum zl_dmarc_err err;
	enum zl_tag_err tag_err;     /* for ZL_DMARC_E_TAGLIST */
	size_t off, len;             /* the offending bytes of the value */
	int tag;                     /* index into tags, or -1 */
};

struct zl_dmarc {
	struct zl_dmarc_tag *tags;
	size_t ntags;
	int idx[ZL_DMARC_T__KNOWN];  /* first tag of each known id, or -1 */
	struct zl_dmarc_uri *uris;   /* rua then ruf elements, in record order */
	size_t nuris;
	struct zl_dmarc_problem *errs;
	size_t nerrs;
	enum zl_dmarc_start start;
	enum zl_dmarc_policy p, sp, np;
	int pct;                     /* -1 when absent or invalid */
	char adkim, aspf, psd, t;    /* lower-case value, 0 when absent/invalid */
	uint32_t ri;
	int has_unknown;             /* a tag this parser does not know */
	int p_second;                /* p is the tag right after v */
	int rua_usable;              /* rua holds at least one usable URI */
	int trailing_space;          /* white space at the very end */
	/* private */
	size_t tags_cap, uris_cap, errs_cap;
	const char *src;             /* during parsing only */
	struct zl_taglist tl;
};

void zl_dmarc_init(struct zl_dmarc *d);
/*
 * Parse s[0..n). d may be reused without release in between. Returns the
 * number of problems found (d->nerrs); 0 means the record is valid under
 * both RFCs' grammar.
 */
size_t zl_dmarc_parse(struct zl_dmarc *d, const char *s, size_t n);
void zl_dmarc_release(struct zl_dmarc *d);

/* Only the start of a value (cheap; no allocation). */
enum zl_dmarc_start zl_dmarc_start(const char *s, size_t n);

/* Tag id of a name (any case), ZL_DMARC_T_UNKNOWN when not known. */
enum zl_dmarc_tag_id zl_dmarc_tag_find(const char *name, size_t n);
/* Lower-case name of a known tag ("pct"). */
const char *zl_dmarc_tag_name(enum zl_dmarc_tag_id id);
/* Policy keyword ("reject"). */
const char *zl_dmarc_policy_name(enum zl_dmarc_policy p);
/* Plain words for an error (no RFC section). */
const char *zl_dmarc_strerror(enum zl_dmarc_err e);

#endif
