/* SPDX-License-Identifier: MIT */
/*
 * struct zl_zone: what the loader makes of a zone file and its $INCLUDEs.
 *
 * Records are compact (no ldns object is kept, see the memory bar): a record
 * is its entry's byte span in one source, an interned owner name, type,
 * class, TTL and flags. Anything else (RDATA tokens, TXT strings) is
 * re-lexed from the span on demand, only for the records a check inspects.
 *
 * Names are interned once (wire form, lower case) and referred to by id.
 * Each name keeps the chain of its records in file order, so checks that
 * work per owner (CNAME conflicts, several SPF records) need no sorting.
 *
 * Ownership: the zone owns its sources, records, names and errors; every
 * pointer handed out by the accessors below is borrowed and valid until
 * zl_zone_free().
 */
#ifndef ZL_ZONE_H
#define ZL_ZONE_H

#include <stddef.h>
#include <stdint.h>

#include "lexer.h"
#include "name.h"
#include "source.h"

#define ZL_NONE UINT32_MAX

enum zl_rec_flags {
	ZL_REC_BLANK_OWNER = (1 << 0), /* owner omitted: previous owner */
	ZL_REC_GENERATED = (1 << 1),   /* from $GENERATE: span is the directive */
	ZL_REC_TXT_LONG = (1 << 2),    /* a character-string over 255 bytes */
	ZL_REC_DOUBLED = (1 << 3),     /* a name in RDATA ends in the origin twice */
	ZL_REC_OWNER_DOUBLED = (1 << 4), /* the owner ends in the origin twice */
	ZL_REC_UNKNOWN_FORMAT = (1 << 5), /* RFC 3597 \# RDATA */
};

/*
 * 24 bytes: the bar zone has a million records. TTL and class are shared
 * (zone->attrs), as a zone has few distinct pairs: read them with
 * zl_record_ttl() and zl_record_class().
 */
struct zl_record {
	uint32_t start, end;   /* entry span in its source (comments, ( ) included) */
	uint32_t owner;        /* name id */
	uint32_t next;         /* next record of the same owner, or ZL_NONE */
	uint16_t type;
	uint16_t src;          /* index into zone->sources */
	uint16_t attr;         /* zone->attrs[attr], or ZL_ATTR_MORE */
	uint8_t rdata_tok;     /* index of the first RDATA token of the entry */
	uint8_t flags;
};

struct zl_rec_attr {
	uint32_t ttl;
	uint16_t rclass;
};
/* attr of a record whose pair came after 65535 others: in zone->attr_more */
#define ZL_ATTR_MORE 0xFFFFu
struct zl_attr_more {
	uint32_t rec;          /* record index; the array is sorted by it */
	struct zl_rec_attr a;
};

/*
 * 12 bytes: a 1M-record zone has some 500,000 names. A name below the
 * origin keeps only the labels before the origin in the pool (flag
 * ZL_NAME_UNDER_ORIGIN): on the bar zone that is 7 MB of "example.com"
 * not stored half a million times. zl_zone_name_wire() puts it together.
 */
struct zl_name {
	uint32_t off;          /* into the name pool */
	uint32_t first;        /* first record (then rec->next), or ZL_NONE */
	uint8_t len;           /* of the whole name in wire form */
	uint8_t flags;         /* ZL_NAME_* */
};

enum zl_name_flags {
	ZL_NAME_HAS_CNAME = (1 << 0),
	ZL_NAME_HAS_OTHER = (1 << 1),  /* data other than CNAME, RRSIG, NSEC */
	ZL_NAME_HAS_DNSSEC = (1 << 2),
	ZL_NAME_UNDER_ORIGIN = (1 << 7), /* storage: the pool holds the labels before the origin */
};

/* A record or directive that could not be loaded. */
struct zl_syntax_err {
	uint32_t src;
	uint32_t start, end;   /* the entry's span */
	uint32_t off;          /* where the problem is */
	char *msg;             /* plain words; owned */
};

/* A $INCLUDE line: where it was and what it loaded. */
struct zl_include {
	uint32_t src;          /* the including source */
	uint32_t start, end;
	uint32_t target;       /* the included source, or ZL_NONE */
};

/* From (src, off) on, relative names are relative to name id origin. */
struct zl_origin_mark {
	uint32_t src, off;
	uint32_t origin;
};

struct zl_load_opts {
	const char *origin;         /* --origin, or NULL */
	int allow_include_outside;  /* $INCLUDE outside the zone's folder */
	int max_include_depth;      /* 0: default 16 */
	const char *display_name;   /* name for messages when reading stdin */
	int validate_with_ldns;     /* 1: check every RDATA with ldns (slow path) */
};

struct zl_zone {
	struct zl_source **sources;    /* [0] is the zone file */
	size_t nsources, sources_cap;
	struct zl_record *recs;
	size_t nrecs, recs_cap;
	struct zl_name *names;
	size_t nnames, names_cap;
	uint8_t *pool;                 /* name bytes */
	size_t pool_len, pool_cap;
	uint32_t *htab;                /* name hash table: id+1, 0 empty */
	size_t hcap;
	struct zl_syntax_err *errs;
	size_t nerrs, errs_cap;
	struct zl_include *incs;
	size_t nincs, incs_cap;
	struct zl_origin_mark *marks;  /* sorted by (src, off) */
	size_t nmarks, marks_cap;
	uint32_t origin;               /* name id of the origin */
	char *origin_text;             /* "example.com." */
	struct zl_rec_attr *attrs;     /* distinct (TTL, class) pairs */
	size_t nattrs, attrs_cap;
	struct zl_attr_more *attr_more;
	size_t nattr_more, attr_more_cap;
	uint32_t soa;                  /* record index of the SOA, or ZL_NONE */
	char *dir;                     /* folder of the zone file */
};

/*
 * Load a zone file. Returns 0 with *out set (syntax errors are in
 * zone->errs, not failures), or a negative errno-style code when the file
 * cannot be read or no origin can be found (*why then holds a message the
 * caller frees).
 */
int zl_zone_load(struct zl_zone **out, const char *path,
    const struct zl_load_opts *opts, char **why);
/* The same from bytes in memory (name is used in messages). */
int zl_zone_load_mem(struct zl_zone **out, const char *name, const char *data,
    size_t len, const struct zl_load_opts *opts, char **why);
/*
 * The same from bytes the zone takes over (malloc'd, with room for a NUL
 * after len bytes, as a struct zl_buf has), freed with it even when the
 * load fails: the fix loop reloads its result without a copy.
 */
int zl_zone_load_owned(struct zl_zone **out, const char *name, char *data,
    size_t len, const struct zl_load_opts *opts, char **why);
void zl_zone_free(struct zl_zone *z);

/* TTL and class of a record of z. */
uint32_t zl_record_ttl(const struct zl_zone *z, const struct zl_record *rec);
uint16_t zl_record_class(const struct zl_zone *z, const struct zl_record *rec);

/* Name ids. */
uint32_t zl_zone_find_name(const struct zl_zone *z, const uint8_t *wire,
    size_t len);
/* Find by presentation text; relative text is taken relative to the origin. */
uint32_t zl_zone_find_text(const struct zl_zone *z, const char *text);
/*
 * A name in wire form: a pointer to it and its length. The bytes are in
 * the zone or, for a name stored without its origin, in buf (ZL_NAME_MAX
 * bytes), so the pointer is good as long as buf is.
 */
const uint8_t *zl_zone_name_wire(const struct zl_zone *z, uint32_t id,
    uint8_t *buf, size_t *len);
/* The zone's origin in wire form (always stored whole). */
const uint8_t *zl_zone_origin_wire(const struct zl_zone *z, size_t *len);
/* 1 when the name holds records. */
static inline int
zl_name_has_records(const struct zl_zone *z, uint32_t id)
{
	return z->names[id].first != ZL_NONE;
}
/* Presentation text of a name id in a buffer of at least 1024 bytes. */
const char *zl_zone_name_text(const struct zl_zone *z, uint32_t id, char *buf);
/*
 * Name id of the origin in effect at byte off of source src: the zone's
 * origin, or what an $ORIGIN before it (or the $INCLUDE that read src)
 * set. Relative names in a record's RDATA are relative to it.
 */
uint32_t zl_zone_origin_at(const struct zl_zone *z, uint32_t src, uint32_t off);
/* 1 when the name is the origin or below it. */
int zl_zone_in_zone(const struct zl_zone *z, const uint8_t *wire, size_t len);

/*
 * Index (among the RDATA tokens) of the domain name a record of this type
 * points at — NS, CNAME, PTR, DNAME: 0; MX: 1; SRV: 3 — or -1.
 */
int zl_type_name_field(uint16_t type);

/* Type name ("TXT", "TYPE65280") in a buffer of at least 16 bytes. */
const char *zl_type_name(uint16_t type, char *buf);

/*
 * Re-lex a record's entry. e is reused between calls (release it with
 * zl_entry_release()). The record's RDATA is e->toks[rec->rdata_tok ..].
 */
void zl_record_entry(const struct zl_zone *z, const struct zl_record *rec,
    struct zl_entry *e);
static inline const struct zl_source *
zl_record_source(const struct zl_zone *z, const struct zl_record *rec)
{
	return z->sources[rec->src];
}

/*
 * A record as one line of presentation text, for a master-file parser
 * such as ldns_rr_new_frm_str(): absolute owner, TTL, class, type, then
 * the RDATA tokens as written (quotes and escapes kept, comments and
 * parentheses dropped, relative names still relative to
 * zl_zone_origin_at()). Appends to out (a struct zl_buf *); e is reused
 * as with zl_record_entry(). A record from $GENERATE (ZL_REC_GENERATED)
 * gives its owner, TTL, class and type only: its span is the directive.
 */
struct zl_buf;
void zl_record_text(const struct zl_zone *z, const struct zl_record *rec,
    struct zl_entry *e, struct zl_buf *out);

/*
 * Decode one token the way the master-file reader does: quotes removed,
 * \X and \DDD escapes resolved. Appends to out (a struct zl_buf *), and,
 * when map is not NULL, the source offset of every value byte to *map
 * (grown as needed). Returns -1 on a bad escape (\DDD > 255).
 */
int zl_token_decode(const char *data, const struct zl_token *t,
    struct zl_buf *out, uint32_t **map, size_t *map_len, size_t *map_cap);

#endif
