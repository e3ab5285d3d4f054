/* SPDX-License-Identifier: MIT */
/*
 * Tag-list lexer shared by DKIM key records (RFC 6376 §3.2) and DMARC
 * records (RFC 7489 §6.4, RFC 9989): "name = value ; name = value ;".
 * Pure: no I/O, no allocation beyond the list it fills.
 *
 * It splits and keeps offsets; it does not judge names or values, which is
 * each family's job (DKIM and DMARC differ: DKIM allows FWS, i.e. folding
 * white space with CR LF, around tags and '='; DMARC only WSP; DKIM tag
 * names are case-sensitive, DMARC's are not).
 */
#ifndef ZL_TAGVAL_H
#define ZL_TAGVAL_H

#include <stddef.h>

enum zl_tag_err {
	ZL_TAG_OK = 0,
	ZL_TAG_NO_EQUALS,   /* a tag-spec without '=' ("pct100", "rf:afrf") */
	ZL_TAG_EMPTY_NAME,  /* "=value" */
	ZL_TAG_EMPTY_SPEC,  /* ";;" or a spec of white space only between two ';' */
	ZL_TAG_BAD_NAME,    /* name not ALPHA *(ALPHA / DIGIT / "_") */
	ZL_TAG_SPACE_IN_NAME, /* white space inside the name: "p x=1" */
};

struct zl_tag {
	size_t spec_off, spec_len;   /* the whole tag-spec, white space included */
	size_t name_off, name_len;   /* trimmed */
	size_t val_off, val_len;     /* trimmed; val_len may be 0 */
	enum zl_tag_err err;
};

struct zl_taglist {
	struct zl_tag *v;
	size_t n, cap;
	int trailing_semicolon;      /* the list ends in ';' (with only WSP after) */
	int trailing_space;          /* white space after the final ';' */
};

enum zl_tag_ws {
	ZL_TAG_WSP,   /* SP and HTAB (DMARC) */
	ZL_TAG_FWS,   /* SP, HTAB, CR and LF (DKIM: FWS after unfolding) */
};

/*
 * Split s[0..n) into tag-specs. Errors are per tag (err field); the
 * function itself cannot fail. An empty final spec after a trailing ';'
 * is not an error (both RFCs allow a final ';').
 */
void zl_taglist_parse(struct zl_taglist *l, const char *s, size_t n,
    enum zl_tag_ws ws);
void zl_taglist_release(struct zl_taglist *l);
/* Plain words for a tag error. */
const char *zl_tag_strerror(enum zl_tag_err e);

#endif
