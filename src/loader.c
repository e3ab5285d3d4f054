/* SPDX-License-Identifier: MIT */
/*
 * The zone loader: entries from the lexer -> records in struct zl_zone.
 *
 * RFC 1035 §5.1 in full: blank owners, '@', relative names, $ORIGIN, $TTL,
 * $INCLUDE (relative to the including file, depth and loop limits),
 * $GENERATE (expanded, as BIND does), TTL and class in either order, CRLF.
 *
 * RDATA is validated as ldns validates it. The common types (A, AAAA, NS,
 * CNAME, PTR, DNAME, MX, TXT, SPF, SOA, SRV) take a fast path of our own,
 * which uses the same primitives as ldns (inet_pton for addresses, the same
 * name rules) and which tests/suites/differential.sh compares, record by
 * record, with ldns's converters and with ldns-read-zone. Every other type,
 * and any RDATA with escapes or quotes where the fast path expects plain
 * words, goes through ldns's own converter (ldns_rr_new_frm_str), and the
 * ldns_rr is freed at once: a kept ldns_rr costs about 240 bytes, which
 * would break the memory bar.
 *
 * Where ldns is laxer than BIND and the RFCs, zonelint follows BIND (the
 * differential test lists each case): TTLs and the fast paths' numbers out
 * of range, which ldns wraps around (MX 65536 is MX 0 to ldns); EUI48/EUI64,
 * NSAP, NSEC3 and SVCB alpn forms the RFCs rule out; class ANY or NONE.
 * Where ldns 1.8.3 cannot read what BIND reads, zonelint reads it itself:
 * registered types ldns lacks (RESINFO, DSYNC, WALLET, ...; their RDATA is
 * checked only in the RFC 3597 form), A6, SINK, ATMA in E.164 form, and
 * NSEC3 next hashed owner names without padding (RFC 5155 §3.3).
 *
 * The hot path (one 1M-record zone in about a third of a second) does no
 * allocation per record: the lexer's token array is reused, names are
 * hashed once and their hash-table slot prefetched while the rest of the
 * entry is read, type and class mnemonics are matched without a table,
 * and the record array is sized from the file size up front.
 *
 * A record that cannot be parsed becomes a struct zl_syntax_err and loading
 * goes on with the next entry.
 */
#include "zone.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "buf.h"
#include "xalloc.h"
#include "zone_int.h"

#define MAX_GENERATE 65536
/*
 * All $GENERATE lines of one zone together: a few kilobytes of $GENERATE
 * lines must not turn into tens of millions of records (hostile.sh).
 */
#define MAX_GENERATE_ZONE 65536

struct loader {
	struct zl_zone *z;
	const struct zl_load_opts *opts;
	char **stack;             /* real paths of the sources being read */
	size_t depth;
	int max_depth;
	char *root_dir;           /* real path of the zone file's folder */
	ldns_rdf *origin_rdf;     /* for the ldns slow path; rebuilt on change */
	uint32_t origin_id_rdf;   /* origin the rdf was built for */
	struct zl_buf tmp;
	ldns_rdf *prev_rdf;
	size_t generated;         /* records made by $GENERATE so far */
	uint32_t *ahash;          /* (TTL, class) -> attr id + 1, 0 empty */
	size_t ahcap;
	uint16_t last_attr;       /* most records share their neighbour's */
};

struct state {
	uint8_t origin[ZL_NAME_MAX];
	size_t origin_len;
	uint32_t default_ttl;
	int have_default_ttl;
	uint32_t last_ttl;
	int have_last_ttl;
	uint32_t prev_owner;
};

/* ---- types */

/*
 * Types in the IANA registry that ldns 1.8.3 does not know. Records of
 * these types load (BIND reads them); their RDATA is checked only when it
 * is written in the RFC 3597 form (\# length hex), which ldns reads.
 */
static const struct {
	const char *name;
	uint16_t type;
} extra_types[] = {
	{ "NINFO", 56 }, { "RKEY", 57 }, { "DSYNC", 66 }, { "HHIT", 67 },
	{ "BRID", 68 }, { "UINFO", 100 }, { "UID", 101 }, { "GID", 102 },
	{ "UNSPEC", 103 }, { "NXNAME", 128 }, { "AVC", 258 }, { "DOA", 259 },
	{ "AMTRELAY", 260 }, { "RESINFO", 261 }, { "WALLET", 262 },
	{ "CLA", 263 }, { "IPN", 264 }, { "TA", 32768 },
};

const char *
zl_type_to_str(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);

	if (d != NULL && d->_name != NULL && d->_type == type)
		return d->_name;
	for (size_t i = 0; i < sizeof(extra_types) / sizeof(extra_types[0]); i++)
		if (extra_types[i].type == type)
			return extra_types[i].name;
	return NULL;
}

/* 1 when ldns has no converter for the type (it reads only \# RDATA). */
int
zl_type_ldns_lacks(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);

	return d == NULL || d->_name == NULL || d->_type != type;
}

/*
 * n bytes of s equal lower (lower-case letters only), ignoring case. For
 * letters, c | 0x20 is the lower-case letter, and no other byte maps onto
 * a lower-case letter that way.
 */
static inline int
eqi(const char *s, const char *lower, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] | 0x20) != (unsigned char)lower[i])
			return 0;
	return 1;
}

/* The types of nearly every record, most common first (lower case). */
static const struct {
	uint8_t len;
	char name[7];
	uint16_t type;
} common_types[] = {
	{ 1, "a", LDNS_RR_TYPE_A }, { 3, "txt", LDNS_RR_TYPE_TXT },
	{ 5, "cname", LDNS_RR_TYPE_CNAME }, { 2, "mx", LDNS_RR_TYPE_MX },
	{ 4, "aaaa", LDNS_RR_TYPE_AAAA }, { 2, "ns", LDNS_RR_TYPE_NS },
	{ 3, "srv", LDNS_RR_TYPE_SRV }, { 3, "soa", LDNS_RR_TYPE_SOA },
	{ 3, "ptr", LDNS_RR_TYPE_PTR }, { 3, "caa", LDNS_RR_TYPE_CAA },
	{ 3, "spf", LDNS_RR_TYPE_SPF }, { 2, "ds", LDNS_RR_TYPE_DS },
	{ 5, "dname", LDNS_RR_TYPE_DNAME },
};

uint16_t
zl_type_from_str(const char *s, size_t n)
{
	char b[32];

	/* the common types without ldns's table or a copy */
	for (size_t i = 0; i < sizeof(common_types) / sizeof(common_types[0]); i++)
		if (common_types[i].len == n &&
		    ((unsigned char)s[0] | 0x20) == (unsigned char)common_types[i].name[0] &&
		    eqi(s, common_types[i].name, n))
			return common_types[i].type;
	if (n >= sizeof(b))
		return 0;
	memcpy(b, s, n);
	b[n] = '\0';
	{
		uint16_t t = (uint16_t)ldns_get_rr_type_by_name(b);

		if (t != 0)
			return t;
	}
	for (size_t i = 0; i < sizeof(extra_types) / sizeof(extra_types[0]); i++)
		if (strlen(extra_types[i].name) == n &&
		    strncasecmp(s, extra_types[i].name, n) == 0)
			return extra_types[i].type;
	return 0;
}

/* ---- helpers */

static void
add_err(struct zl_zone *z, uint32_t src, const struct zl_entry *e,
    size_t off, const char *fmt, ...) ZL_PRINTF(5, 6);

static void
add_err(struct zl_zone *z, uint32_t src, const struct zl_entry *e,
    size_t off, const char *fmt, ...)
{
	va_list ap;
	struct zl_syntax_err *er;
	struct zl_buf b = ZL_BUF_INIT;

	z->errs = zl_xgrow(z->errs, sizeof(*z->errs), z->nerrs + 1,
	    &z->errs_cap);
	er = &z->errs[z->nerrs++];
	er->src = src;
	er->start = e->start;
	er->end = e->end;
	er->off = (uint32_t)off;
	va_start(ap, fmt);
	zl_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	er->msg = zl_buf_take(&b);
}

/* Token text for messages, shortened, control bytes shown as \DDD. */
static const char *
tokstr(const char *d, const struct zl_token *t, char *buf, size_t cap)
{
	size_t o = 0, n = t->end - t->start;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)d[t->start + i];
		char piece[8];
		size_t pl = 1;

		if (c < 0x20 || c >= 0x7f)
			pl = (size_t)snprintf(piece, sizeof(piece), "\\%03u", c);
		else
			piece[0] = (char)c;
		/* room for this piece, "..." if more follows, and the NUL */
		if (o + pl + (i + 1 < n ? 3 : 0) + 1 > cap) {
			if (o + 4 <= cap) {
				memcpy(buf + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(buf + o, piece, pl);
		o += pl;
	}
	buf[o] = '\0';
	return buf;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* TTL: digits, or BIND units (1h30m, 2w). Returns 0 or -1. */
static int
parse_ttl(const char *s, size_t n, uint32_t *out)
{
	uint64_t total = 0, cur = 0;
	int have = 0, unit_seen = 0;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (is_digit(c)) {
			cur = cur * 10 + (uint64_t)(c - '0');
			if (cur > 0xFFFFFFFFull)
				return -1;
			have = 1;
			continue;
		}
		if (!have)
			return -1;
		switch (c | 32) {
		case 's': break;
		case 'm': cur *= 60; break;
		case 'h': cur *= 3600; break;
		case 'd': cur *= 86400; break;
		case 'w': cur *= 604800; break;
		default: return -1;
		}
		unit_seen = 1;
		total += cur;
		cur = 0;
		have = 0;
		if (total > 0xFFFFFFFFull)
			return -1;
	}
	if (have)
		total += cur;
	else if (!unit_seen)
		return -1;
	if (total > 0xFFFFFFFFull)
		return -1;
	*out = (uint32_t)total;
	return 0;
}

static int
parse_class(const char *s, size_t n, uint16_t *out)
{
	switch (n) {
	case 2:
		if (eqi(s, "in", 2))
			*out = LDNS_RR_CLASS_IN;
		else if (eqi(s, "ch", 2))
			*out = LDNS_RR_CLASS_CH;
		else if (eqi(s, "hs", 2))
			*out = LDNS_RR_CLASS_HS;
		else if (eqi(s, "cs", 2))
			*out = 2; /* CS */
		else
			return 0;
		return 1;
	case 5:
		if (!eqi(s, "chaos", 5))
			break;
		*out = LDNS_RR_CLASS_CH;
		return 1;
	case 6:
		if (!eqi(s, "hesiod", 6))
			break;
		*out = LDNS_RR_CLASS_HS;
		return 1;
	}
	if (n > 5 && n < 11 && eqi(s, "class", 5)) {
		unsigned v = 0;

		for (size_t i = 5; i < n; i++) {
			if (!is_digit(s[i]))
				return 0;
			v = v * 10 + (unsigned)(s[i] - '0');
		}
		if (v > 65535)
			return 0;
		*out = (uint16_t)v;
		return 1;
	}
	return 0;
}

static int
parse_u16(const char *s, size_t n, uint32_t max, uint32_t *out)
{
	uint32_t v = 0;

	if (n == 0 || n > 10)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (uint32_t)(s[i] - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

static const char *
origin_text(const struct state *st, char *buf)
{
	zl_name_to_text(st->origin, st->origin_len, buf);
	return buf;
}

/* ---- RDATA: fast path */

enum { FAST_OK = 0, FAST_ERR = 1, FAST_SLOW = 2 };

struct rdcheck {
	const char *msg;   /* static or in msgbuf */
	size_t off;
	int doubled;
	int txt_long;
	char msgbuf[600];  /* not cleared between records: it is big */
};

static void
rdcheck_init(struct rdcheck *rc)
{
	rc->msg = NULL;
	rc->off = 0;
	rc->doubled = 0;
	rc->txt_long = 0;
	rc->msgbuf[0] = '\0';
}

/* A verdict of FAST_ERR with a message about the byte at off. */
static int
rdata_err(struct rdcheck *rc, size_t off, const char *fmt, ...) ZL_PRINTF(3, 4);

static int
rdata_err(struct rdcheck *rc, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rc->msgbuf, sizeof(rc->msgbuf), fmt, ap);
	va_end(ap);
	rc->msg = rc->msgbuf;
	rc->off = off;
	return FAST_ERR;
}

static int
plain(const struct zl_token *t)
{
	return t->kind == ZL_TOK_WORD && !(t->flags & ZL_TOKF_ESCAPE);
}

/*
 * Dotted-quad IPv4 exactly as glibc's inet_pton(AF_INET), which is what
 * ldns_str2rdf_a() calls: four decimal parts of 0-255, no leading zeros,
 * nothing else.
 */
static int
ipv4_ok(const char *s, size_t n)
{
	unsigned parts = 0, val = 0;
	int digits = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9') {
			if (digits && val == 0)
				return 0;
			val = val * 10 + (unsigned)(c - '0');
			if (val > 255)
				return 0;
			if (!digits) {
				if (++parts > 4)
					return 0;
				digits = 1;
			}
		} else if (c == '.' && digits) {
			if (parts == 4)
				return 0;
			val = 0;
			digits = 0;
		} else {
			return 0;
		}
	}
	return parts == 4 && digits;
}

static int
check_name_tok(const char *d, const struct zl_token *t, const struct state *st,
    struct rdcheck *rc, const char *what)
{
	uint8_t w[ZL_NAME_MAX];
	size_t len;
	int rel;
	const char *err;
	char tb[80];

	if (t->kind != ZL_TOK_WORD)
		return FAST_SLOW;
	if (zl_name_parse(d + t->start, t->end - t->start, st->origin,
	    st->origin_len, w, &len, &rel, &err) != 0)
		return rdata_err(rc, t->start, "%s '%s': %s", what,
		    tokstr(d, t, tb, sizeof(tb)), err);
	if (rel && len > st->origin_len && st->origin_len > 0 &&
	    zl_name_is_sub(w, len - st->origin_len, st->origin, st->origin_len))
		rc->doubled = 1;
	return FAST_OK;
}

static int
count_err(const char *d, const struct zl_entry *e, size_t first, size_t want,
    const char *type, struct rdcheck *rc)
{
	size_t have = e->ntoks - first;
	char tb[80];

	if (have < want)
		return rdata_err(rc, have ? e->toks[e->ntoks - 1].end : e->end,
		    "%s record needs %zu RDATA field%s, found %zu", type, want,
		    want == 1 ? "" : "s", have);
	return rdata_err(rc, e->toks[first + want].start,
	    "%s record has %zu RDATA fields, expected %zu: unexpected '%s'",
	    type, have, want, tokstr(d, &e->toks[first + want], tb, sizeof(tb)));
}

static int
fast_rdata(const char *d, const struct zl_entry *e, size_t first, uint16_t type,
    const struct state *st, struct rdcheck *rc)
{
	const struct zl_token *t = e->toks + first;
	size_t n = e->ntoks - first;
	char tb[80], ab[64];
	uint32_t v;

	if (n >= 1 && t[0].kind == ZL_TOK_WORD && t[0].end - t[0].start == 2 &&
	    d[t[0].start] == '\\' && d[t[0].start + 1] == '#')
		return FAST_SLOW; /* RFC 3597 */
	switch (type) {
	case LDNS_RR_TYPE_A:
	case LDNS_RR_TYPE_AAAA: {
		int v6 = type == LDNS_RR_TYPE_AAAA;
		unsigned char bin[16];

		if (n != 1)
			return count_err(d, e, first, 1, v6 ? "AAAA" : "A", rc);
		if (!plain(t))
			return FAST_SLOW;
		if (!v6) {
			if (ipv4_ok(d + t->start, t->end - t->start))
				return FAST_OK;
			goto bad_addr;
		}
		if (t->end - t->start >= sizeof(ab))
			goto bad_addr;
		memcpy(ab, d + t->start, t->end - t->start);
		ab[t->end - t->start] = '\0';
		if (inet_pton(v6 ? AF_INET6 : AF_INET, ab, bin) == 1)
			return FAST_OK;
bad_addr:
		return rdata_err(rc, t->start,
		    "'%s' is not an %s address",
		    tokstr(d, t, tb, sizeof(tb)), v6 ? "IPv6" : "IPv4");
	}
	case LDNS_RR_TYPE_NS:
	case LDNS_RR_TYPE_CNAME:
	case LDNS_RR_TYPE_PTR:
	case LDNS_RR_TYPE_DNAME:
		if (n != 1)
			return count_err(d, e, first, 1, zl_type_to_str(type), rc);
		return check_name_tok(d, t, st, rc, "target");
	case LDNS_RR_TYPE_MX:
		if (n != 2)
			return count_err(d, e, first, 2, "MX", rc);
		if (!plain(t) || !plain(t + 1))
			return FAST_SLOW;
		if (parse_u16(d + t->start, t->end - t->start, 65535, &v) != 0)
			return rdata_err(rc, t->start,
			    "MX preference '%s' is not a number from 0 to 65535",
			    tokstr(d, t, tb, sizeof(tb)));
		return check_name_tok(d, t + 1, st, rc, "mail exchange");
	case LDNS_RR_TYPE_SRV:
		if (n != 4)
			return count_err(d, e, first, 4, "SRV", rc);
		for (int i = 0; i < 3; i++) {
			if (!plain(t + i))
				return FAST_SLOW;
			if (parse_u16(d + t[i].start, t[i].end - t[i].start,
			    65535, &v) != 0)
				return rdata_err(rc, t[i].start,
				    "SRV field '%s' is not a number from 0 to 65535",
				    tokstr(d, t + i, tb, sizeof(tb)));
		}
		return check_name_tok(d, t + 3, st, rc, "SRV target");
	case LDNS_RR_TYPE_SOA: {
		int r;

		if (n != 7)
			return count_err(d, e, first, 7, "SOA", rc);
		if ((r = check_name_tok(d, t, st, rc, "SOA MNAME")) != FAST_OK)
			return r;
		if ((r = check_name_tok(d, t + 1, st, rc, "SOA RNAME")) != FAST_OK)
			return r;
		for (int i = 2; i < 7; i++) {
			if (!plain(t + i))
				return FAST_SLOW;
			if (parse_ttl(d + t[i].start, t[i].end - t[i].start, &v) != 0) {
				static const char *f[] = { "", "", "serial",
				    "refresh", "retry", "expire", "minimum" };
				return rdata_err(rc, t[i].start,
				    "SOA %s '%s' is not a 32-bit number",
				    f[i], tokstr(d, t + i, tb, sizeof(tb)));
			}
			if (i == 2 && !is_digit(d[t[i].end - 1]))
				return FAST_SLOW; /* serial with units: ask ldns */
		}
		rc->doubled = 0; /* RNAME is a mailbox; not checked */
		return FAST_OK;
	}
	case LDNS_RR_TYPE_ATMA:
		/* ldns reads only the NSAP form; RFC 2225 §5 also has E.164 */
		if (n != 1 || !plain(t) || d[t->start] != '+')
			return FAST_SLOW;
		for (size_t k = t->start + 1; k < t->end; k++)
			if (!is_digit(d[k]))
				goto bad_e164;
		if (t->end - t->start > 1)
			return FAST_OK;
bad_e164:
		return rdata_err(rc, t->start,
		    "ATMA E.164 address '%s' is not '+' and digits (RFC 2225 §5)",
		    tokstr(d, t, tb, sizeof(tb)));
	case LDNS_RR_TYPE_A6: {
		/* ldns 1.8.3 cannot read A6 (RFC 2874 §3.1.1, Historic) */
		size_t want;
		unsigned char bin[16];
		int r;

		if (n >= 1 && t[0].end - t[0].start == 2 && d[t[0].start] == '\\')
			return FAST_SLOW;
		if (n < 1 || !plain(t) || parse_u16(d + t->start,
		    t->end - t->start, 128, &v) != 0) {
			if (n < 1)
				return count_err(d, e, first, 1, "A6", rc);
			return rdata_err(rc, t->start,
			    "A6 prefix length '%s' is not a number from 0 to 128",
			    tokstr(d, t, tb, sizeof(tb)));
		}
		want = 1 + (v < 128) + (v > 0);
		if (n != want)
			return count_err(d, e, first, want, "A6", rc);
		if (v < 128) {
			if (!plain(t + 1) || t[1].end - t[1].start >= sizeof(ab))
				goto bad_a6;
			memcpy(ab, d + t[1].start, t[1].end - t[1].start);
			ab[t[1].end - t[1].start] = '\0';
			if (inet_pton(AF_INET6, ab, bin) != 1) {
bad_a6:
				return rdata_err(rc, t[1].start,
				    "'%s' is not an IPv6 address",
				    tokstr(d, t + 1, tb, sizeof(tb)));
			}
		}
		if (v > 0 && (r = check_name_tok(d, t + want - 1, st, rc,
		    "A6 prefix name")) != FAST_OK)
			return r;
		return FAST_OK;
	}
	case LDNS_RR_TYPE_SINK:
		/* ldns 1.8.3 cannot read SINK: meaning coding subcoding data */
		if (n >= 1 && t[0].end - t[0].start == 2 && d[t[0].start] == '\\')
			return FAST_SLOW;
		if (n < 3)
			return count_err(d, e, first, 3, "SINK", rc);
		for (int k = 0; k < 3; k++) {
			if (!plain(t + k) || parse_u16(d + t[k].start,
			    t[k].end - t[k].start, 255, &v) != 0)
				return rdata_err(rc, t[k].start,
				    "SINK field '%s' is not a number from 0 to 255",
				    tokstr(d, t + k, tb, sizeof(tb)));
		}
		for (size_t k = 3; k < n; k++) {
			for (size_t c = t[k].start; c < t[k].end; c++) {
				char ch = d[c];

				if (!is_digit(ch) && !((ch | 0x20) >= 'a' &&
				    (ch | 0x20) <= 'z') && ch != '+' && ch != '/' &&
				    ch != '=')
					return rdata_err(rc, t[k].start,
					    "SINK data '%s' is not base64",
					    tokstr(d, t + k, tb, sizeof(tb)));
			}
		}
		return FAST_OK;
	case LDNS_RR_TYPE_TXT:
	case LDNS_RR_TYPE_SPF:
		if (n == 0)
			return rdata_err(rc, e->end,
			    "%s record needs at least one character-string",
			    type == LDNS_RR_TYPE_TXT ? "TXT" : "SPF");
		for (size_t i = 0; i < n; i++) {
			size_t p = t[i].start, end = t[i].end, len = 0;

			if (t[i].kind == ZL_TOK_QUOTED) {
				p++;
				end--;
			}
			if (!(t[i].flags & ZL_TOKF_ESCAPE)) {
				/* no backslash (the lexer says): one byte each */
				if (end - p > 255)
					rc->txt_long = 1;
				continue;
			}
			while (p < end) {
				if (d[p] == '\\') {
					if (p + 3 < end + 0 && is_digit(d[p + 1])) {
						if (!is_digit(d[p + 2]) ||
						    !is_digit(d[p + 3]))
							return FAST_SLOW;
						if ((d[p + 1] - '0') * 100 +
						    (d[p + 2] - '0') * 10 +
						    (d[p + 3] - '0') > 255) {
							rc->msg = "\\DDD escape above 255 in a character-string";
							rc->off = p;
							return FAST_ERR;
						}
						p += 4;
					} else if (p + 1 < end) {
						if (is_digit(d[p + 1]))
							return FAST_SLOW;
						p += 2;
					} else {
						return FAST_SLOW;
					}
				} else {
					p++;
				}
				len++;
			}
			if (len > 255)
				rc->txt_long = 1;
		}
		return FAST_OK;
	default:
		return FAST_SLOW;
	}
}

/* ---- RDATA: ldns slow path */

/* One line for ldns_rr_new_frm_str(); npad '=' go after token pad_tok. */
static void
entry_text_pad(struct loader *L, const char *d, const struct zl_entry *e,
    size_t first, const char *owner, uint32_t ttl, uint16_t rclass,
    uint16_t type, size_t pad_tok, size_t npad)
{
	char cb[16], tb[16];

	zl_buf_reset(&L->tmp);
	if (zl_type_ldns_lacks(type))
		snprintf(tb, sizeof(tb), "TYPE%u", type);
	zl_buf_addf(&L->tmp, "%s %u %s %s", owner, ttl,
	    rclass == LDNS_RR_CLASS_IN ? "IN" :
	    (snprintf(cb, sizeof(cb), "CLASS%u", rclass), cb),
	    zl_type_ldns_lacks(type) ? tb : zl_type_name(type, tb));
	for (size_t i = first; i < e->ntoks; i++) {
		/* key="value" is one field for ldns: keep tokens that touch */
		if (i == first || e->toks[i].start != e->toks[i - 1].end)
			zl_buf_addc(&L->tmp, ' ');
		zl_buf_add(&L->tmp, d + e->toks[i].start,
		    e->toks[i].end - e->toks[i].start);
		if (i == pad_tok)
			for (size_t k = 0; k < npad; k++)
				zl_buf_addc(&L->tmp, '=');
	}
}

static void
entry_text(struct loader *L, const char *d, const struct zl_entry *e,
    size_t first, const char *owner, uint32_t ttl, uint16_t rclass,
    uint16_t type)
{
	entry_text_pad(L, d, e, first, owner, ttl, rclass, type, SIZE_MAX, 0);
}

static ldns_rdf *
origin_rdf(struct loader *L, const struct state *st)
{
	char ob[1100];

	if (L->origin_rdf != NULL && ldns_rdf_size(L->origin_rdf) == st->origin_len + 1) {
		/* compare wire (ldns keeps the case it was given; ours is lower) */
		const uint8_t *w = ldns_rdf_data(L->origin_rdf);

		if (memcmp(w, st->origin, st->origin_len) == 0)
			return L->origin_rdf;
	}
	if (L->origin_rdf)
		ldns_rdf_deep_free(L->origin_rdf);
	L->origin_rdf = ldns_dname_new_frm_str(origin_text(st, ob));
	return L->origin_rdf;
}

static int
slow_rdata(struct loader *L, const char *text, const struct state *st,
    const char **why)
{
	ldns_rr *rr = NULL;
	ldns_status s;

	s = ldns_rr_new_frm_str(&rr, text, 3600, origin_rdf(L, st), NULL);
	if (rr != NULL)
		ldns_rr_free(rr);
	if (s != LDNS_STATUS_OK) {
		*why = ldns_get_errorstr_by_id(s);
		if (*why == NULL)
			*why = "RDATA not valid";
		return -1;
	}
	return 0;
}

/*
 * ---- RDATA: what ldns lets through and BIND and the RFCs do not
 *
 * ldns's converters accept a few RDATA forms that BIND rejects as syntax
 * errors and that the RFCs rule out. zonelint reports them too (the
 * differential test lists them as deliberate differences).
 */

static int
is_hex(char c)
{
	return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static int
b32hex_value(char ch)
{
	char c = (char)(ch | 0x20);

	if (is_digit(ch))
		return ch - '0';
	if (c >= 'a' && c <= 'v')
		return c - 'a' + 10;
	return -1;
}

/*
 * Bytes of base32hex without padding (RFC 4648 §7), or -1: a length a
 * whole number of bytes cannot have (1, 3 or 6 digits over a multiple of
 * 8), or bits left over that are not zero (BIND rejects both).
 */
static long
b32hex_bytes(const char *s, size_t n)
{
	static const unsigned char spare[8] = { 0, 0, 2, 0, 4, 1, 0, 3 };
	int last;

	if (n == 0 || n % 8 == 1 || n % 8 == 3 || n % 8 == 6)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (b32hex_value(s[i]) < 0)
			return -1;
	last = b32hex_value(s[n - 1]);
	if (last & ((1 << spare[n % 8]) - 1))
		return -1;
	return (long)(n * 5 / 8);
}

static int
is_b32hex(const char *s, size_t n)
{
	return b32hex_bytes(s, n) >= 0;
}

/*
 * NSEC3 (RFC 5155 §3.3): the next hashed owner name is base32hex without
 * padding (BIND reads "CPNMU" and rejects "CPNMU==="; ldns wants the
 * padding), 20 bytes for SHA-1 (§5), and the type list holds types.
 */
static int
check_nsec3(const char *d, const struct zl_token *t, size_t n,
    struct rdcheck *rc)
{
	const char *s;
	size_t len;
	long bytes;
	char tb[80];

	if (n < 5)
		return FAST_OK; /* ldns has said what is missing */
	s = d + t[4].start;
	len = t[4].end - t[4].start;
	if (memchr(s, '=', len) != NULL)
		return rdata_err(rc, t[4].start,
		    "NSEC3 next hashed owner name '%s' has '=' padding; it is written without (RFC 5155 §3.3)",
		    tokstr(d, &t[4], tb, sizeof(tb)));
	bytes = b32hex_bytes(s, len);
	if (bytes < 0)
		return rdata_err(rc, t[4].start,
		    "NSEC3 next hashed owner name '%s' is not base32hex (RFC 5155 §3.3, RFC 4648 §7)",
		    tokstr(d, &t[4], tb, sizeof(tb)));
	if (t[0].end - t[0].start == 1 && d[t[0].start] == '1' && bytes != 20)
		return rdata_err(rc, t[4].start,
		    "NSEC3 next hashed owner name is %ld bytes; a SHA-1 hash is 20 (RFC 5155 §5)",
		    bytes);
	for (size_t i = 5; i < n; i++)
		if (zl_type_from_str(d + t[i].start, t[i].end - t[i].start) == 0)
			return rdata_err(rc, t[i].start,
			    "NSEC3 type list holds '%s', which is not a type (RFC 5155 §3.3)",
			    tokstr(d, &t[i], tb, sizeof(tb)));
	return FAST_OK;
}


/* EUI48/EUI64: 6 or 8 two-digit hex numbers joined by '-' (RFC 7043 §3.2, §4.2) */
static int
check_eui(const char *d, const struct zl_token *t, size_t n, int parts,
    struct rdcheck *rc)
{
	const char *s = d + t->start;
	size_t len = t->end - t->start;
	char tb[80];

	if (n == 1 && len == (size_t)parts * 3 - 1) {
		size_t i;

		for (i = 0; i < len; i++)
			if (i % 3 == 2 ? s[i] != '-' : !is_hex(s[i]))
				break;
		if (i == len)
			return FAST_OK;
	}
	return rdata_err(rc, t->start,
	    "EUI%d address '%s' is not %d two-digit hex numbers joined by '-' (RFC 7043 §%s)",
	    parts * 8, tokstr(d, t, tb, sizeof(tb)), parts,
	    parts == 6 ? "3.2" : "4.2");
}

/* NSAP: "0x" and an even number of hex digits, '.' allowed between (RFC 1706 §6) */
static int
check_nsap(const char *d, const struct zl_token *t, size_t n, struct rdcheck *rc)
{
	const char *s = d + t->start;
	size_t len = t->end - t->start, digits = 0;
	char tb[80];

	if (n == 1 && len > 2 && s[0] == '0' && (s[1] | 0x20) == 'x') {
		size_t i;

		for (i = 2; i < len; i++) {
			if (is_hex(s[i]))
				digits++;
			else if (s[i] != '.')
				break;
		}
		if (i == len && digits > 0 && digits % 2 == 0)
			return FAST_OK;
	}
	return rdata_err(rc, t->start,
	    "NSAP address '%s' is not '0x' and an even number of hex digits (RFC 1706 §6)",
	    tokstr(d, t, tb, sizeof(tb)));
}

/*
 * SVCB/HTTPS alpn=: a comma-separated list of protocol ids, none empty
 * (RFC 9460 §7.1.1). The value is a character-string, then a value-list in
 * which "\," is a comma inside an id (Appendix A.1).
 */
static int
check_alpn(const char *d, const struct zl_entry *e, size_t first,
    struct rdcheck *rc)
{
	for (size_t i = first; i < e->ntoks; i++) {
		const struct zl_token *t = &e->toks[i];
		struct zl_token v;
		struct zl_buf b = ZL_BUF_INIT;
		size_t item = 0, k;
		int bad = 0;

		if (t->kind != ZL_TOK_WORD || t->end - t->start < 5 ||
		    memcmp(d + t->start, "alpn=", 5) != 0)
			continue;
		v = *t;
		v.start += 5;
		(void)zl_token_decode(d, &v, &b, NULL, NULL, NULL);
		if (i + 1 < e->ntoks && e->toks[i + 1].start == t->end &&
		    e->toks[i + 1].kind == ZL_TOK_QUOTED)
			(void)zl_token_decode(d, &e->toks[i + 1], &b, NULL, NULL,
			    NULL);
		for (k = 0; k < b.len && !bad; k++) {
			if (b.data[k] == '\\' && k + 1 < b.len) {
				k++;
				item++;
			} else if (b.data[k] == ',') {
				bad = item == 0;
				item = 0;
			} else {
				item++;
			}
		}
		if (item == 0)
			bad = 1;
		zl_buf_release(&b);
		if (bad)
			return rdata_err(rc, t->start,
			    "SVCB alpn list has an empty protocol id (RFC 9460 §7.1.1)");
	}
	return FAST_OK;
}

static int
rfc_rdata(const char *d, const struct zl_entry *e, size_t first, uint16_t type,
    struct rdcheck *rc)
{
	const struct zl_token *t = e->toks + first;
	size_t n = e->ntoks - first;

	if (n >= 1 && t[0].end - t[0].start == 2 && d[t[0].start] == '\\' &&
	    d[t[0].start + 1] == '#')
		return FAST_OK; /* RFC 3597: ldns checks the hex */
	switch (type) {
	case LDNS_RR_TYPE_EUI48:
		return check_eui(d, t, n, 6, rc);
	case LDNS_RR_TYPE_EUI64:
		return check_eui(d, t, n, 8, rc);
	case LDNS_RR_TYPE_NSAP:
		return check_nsap(d, t, n, rc);
	case LDNS_RR_TYPE_NSEC3:
		return check_nsec3(d, t, n, rc);
	case LDNS_RR_TYPE_SVCB:
	case LDNS_RR_TYPE_HTTPS:
		return check_alpn(d, e, first, rc);
	}
	return FAST_OK;
}

/*
 * ldns's base32 decoder wants a multiple of 8 digits, but RFC 5155 §3.3
 * writes the next hashed owner name without padding (BIND reads
 * "CPNMU"): give ldns the padded form. Returns 0 when ldns takes it.
 */
static int
nsec3_unpadded(struct loader *L, const char *d, const struct zl_entry *e,
    size_t first, const char *owner, uint32_t ttl, uint16_t rclass,
    const struct state *st)
{
	const struct zl_token *t;
	size_t len;
	const char *why;

	if (e->ntoks < first + 5)
		return -1;
	t = &e->toks[first + 4];
	len = t->end - t->start;
	if (t->kind != ZL_TOK_WORD || len % 8 == 0 ||
	    !is_b32hex(d + t->start, len))
		return -1;
	entry_text_pad(L, d, e, first, owner, ttl, rclass, LDNS_RR_TYPE_NSEC3,
	    first + 4, 8 - len % 8);
	return slow_rdata(L, L->tmp.data, st, &why);
}

/* ---- records */

static size_t
attr_slot(const struct loader *L, uint32_t ttl, uint16_t rclass)
{
	uint32_t h = (ttl * 2654435761u) ^ ((uint32_t)rclass * 40503u);

	return (size_t)h & (L->ahcap - 1);
}

/* The attr of a new record (index ri) with this TTL and class. */
static uint16_t
attr_id(struct loader *L, uint32_t ri, uint32_t ttl, uint16_t rclass)
{
	struct zl_zone *z = L->z;
	size_t h;

	if (L->last_attr < z->nattrs && z->attrs[L->last_attr].ttl == ttl &&
	    z->attrs[L->last_attr].rclass == rclass)
		return L->last_attr;
	if (L->ahcap == 0) {
		L->ahcap = 256;
		L->ahash = zl_xcalloc(L->ahcap, sizeof(*L->ahash));
	}
	for (h = attr_slot(L, ttl, rclass); L->ahash[h] != 0;
	    h = (h + 1) & (L->ahcap - 1)) {
		const struct zl_rec_attr *a = &z->attrs[L->ahash[h] - 1];

		if (a->ttl == ttl && a->rclass == rclass)
			return L->last_attr = (uint16_t)(L->ahash[h] - 1);
	}
	if (z->nattrs >= ZL_ATTR_MORE) {
		/* 65535 pairs already: this record keeps its own */
		z->attr_more = zl_xgrow(z->attr_more, sizeof(*z->attr_more),
		    z->nattr_more + 1, &z->attr_more_cap);
		z->attr_more[z->nattr_more].rec = ri;
		z->attr_more[z->nattr_more].a.ttl = ttl;
		z->attr_more[z->nattr_more].a.rclass = rclass;
		z->nattr_more++;
		return ZL_ATTR_MORE;
	}
	z->attrs = zl_xgrow(z->attrs, sizeof(*z->attrs), z->nattrs + 1,
	    &z->attrs_cap);
	z->attrs[z->nattrs].ttl = ttl;
	z->attrs[z->nattrs].rclass = rclass;
	L->ahash[h] = (uint32_t)++z->nattrs;
	if (z->nattrs * 2 > L->ahcap) {
		size_t old = L->ahcap;
		uint32_t *o = L->ahash;

		L->ahcap *= 2;
		L->ahash = zl_xcalloc(L->ahcap, sizeof(*L->ahash));
		for (size_t i = 0; i < old; i++) {
			if (o[i] == 0)
				continue;
			h = attr_slot(L, z->attrs[o[i] - 1].ttl,
			    z->attrs[o[i] - 1].rclass);
			while (L->ahash[h] != 0)
				h = (h + 1) & (L->ahcap - 1);
			L->ahash[h] = o[i];
		}
		free(o);
	}
	return L->last_attr = (uint16_t)(z->nattrs - 1);
}

static void
add_record(struct loader *L, uint32_t src, const struct zl_entry *e,
    uint32_t owner, uint32_t ttl, uint16_t rclass, uint16_t type,
    size_t rdata_tok, int flags)
{
	struct zl_zone *z = L->z;
	struct zl_record *r;
	struct zl_name *nm;
	uint32_t idx = (uint32_t)z->nrecs;

	z->recs = zl_xgrow(z->recs, sizeof(*z->recs), z->nrecs + 1, &z->recs_cap);
	r = &z->recs[z->nrecs++];
	r->start = e->start;
	r->end = e->end;
	r->owner = owner;
	r->next = ZL_NONE;
	r->attr = attr_id(L, idx, ttl, rclass);
	r->type = type;
	r->src = (uint16_t)src;
	r->rdata_tok = (uint8_t)(rdata_tok > 255 ? 255 : rdata_tok);
	r->flags = (uint8_t)flags;
	nm = &z->names[owner];
	if (type == LDNS_RR_TYPE_CNAME)
		nm->flags |= ZL_NAME_HAS_CNAME;
	else if (type == LDNS_RR_TYPE_RRSIG || type == LDNS_RR_TYPE_NSEC ||
	    type == LDNS_RR_TYPE_KEY || type == LDNS_RR_TYPE_NXT)
		nm->flags |= ZL_NAME_HAS_DNSSEC;
	else
		nm->flags |= ZL_NAME_HAS_OTHER;
	if (type == LDNS_RR_TYPE_SOA && z->soa == ZL_NONE)
		z->soa = idx;
}

static void load_source(struct loader *L, uint32_t si, struct state *st);

/* Relative names are relative to origin from (src, off) on. */
static void
add_mark(struct zl_zone *z, uint32_t src, uint32_t off, const uint8_t *origin,
    size_t len)
{
	struct zl_origin_mark *m;
	uint32_t id = zl_zone_intern(z, origin, len);

	z->marks = zl_xgrow(z->marks, sizeof(*z->marks), z->nmarks + 1,
	    &z->marks_cap);
	m = &z->marks[z->nmarks++];
	m->src = src;
	m->off = off;
	m->origin = id;
}

static int
mark_cmp(const void *a, const void *b)
{
	const struct zl_origin_mark *x = a, *y = b;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/*
 * Chain each name's records in file order. Done once after loading, from
 * the last record back, so that no per-name "last record" array is needed
 * while loading.
 */
static void
link_owners(struct zl_zone *z)
{
	for (size_t i = z->nrecs; i-- > 0;) {
		struct zl_name *nm = &z->names[z->recs[i].owner];

		z->recs[i].next = nm->first;
		nm->first = (uint32_t)i;
	}
}

static char *
dir_of(const char *path)
{
	const char *sl = strrchr(path, '/');

	if (sl == NULL)
		return zl_xstrdup(".");
	if (sl == path)
		return zl_xstrdup("/");
	return zl_xstrndup(path, (size_t)(sl - path));
}

static void
do_include(struct loader *L, uint32_t si, const struct zl_entry *e,
    struct state *st)
{
	struct zl_zone *z = L->z;
	const struct zl_source *s = z->sources[si];
	const char *d = s->data;
	struct zl_buf fname = ZL_BUF_INIT, path = ZL_BUF_INIT;
	struct zl_include *inc;
	struct zl_source *ns = NULL;
	char *real = NULL, *sdir;
	int rc;

	z->incs = zl_xgrow(z->incs, sizeof(*z->incs), z->nincs + 1, &z->incs_cap);
	inc = &z->incs[z->nincs++];
	inc->src = si;
	inc->start = e->start;
	inc->end = e->end;
	inc->target = ZL_NONE;
	if (e->ntoks < 2) {
		add_err(z, si, e, e->toks[0].end, "$INCLUDE needs a file name");
		return;
	}
	if (e->ntoks > 3) {
		add_err(z, si, e, e->toks[3].start,
		    "$INCLUDE takes a file name and an optional origin, nothing more");
		return;
	}
	if (zl_token_decode(d, &e->toks[1], &fname, NULL, NULL, NULL) != 0 ||
	    memchr(fname.data, '\0', fname.len) != NULL) {
		add_err(z, si, e, e->toks[1].start, "$INCLUDE file name is not valid");
		goto out;
	}
	if (fname.data[0] == '/') {
		zl_buf_adds(&path, fname.data);
	} else {
		sdir = dir_of(s->name);
		zl_buf_addf(&path, "%s/%s", sdir, fname.data);
		free(sdir);
	}
	if (L->depth >= (size_t)L->max_depth) {
		add_err(z, si, e, e->toks[1].start,
		    "$INCLUDE nested deeper than %d files", L->max_depth);
		goto out;
	}
	real = realpath(path.data, NULL);
	if (real == NULL) {
		add_err(z, si, e, e->toks[1].start, "cannot read $INCLUDE file '%s': %s",
		    fname.data, strerror(errno));
		goto out;
	}
	{
		struct stat sb;

		if (stat(real, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			add_err(z, si, e, e->toks[1].start,
			    "$INCLUDE '%s' is a folder, not a file",
			    fname.data);
			goto out;
		}
	}
	for (size_t i = 0; i < L->depth; i++) {
		if (strcmp(L->stack[i], real) == 0) {
			add_err(z, si, e, e->toks[1].start,
			    "$INCLUDE loop: '%s' is already being read",
			    fname.data);
			goto out;
		}
	}
	if (!L->opts->allow_include_outside && L->root_dir != NULL) {
		size_t rl = strlen(L->root_dir);

		if (!(strncmp(real, L->root_dir, rl) == 0 &&
		    (real[rl] == '/' || (rl == 1 && L->root_dir[0] == '/')))) {
			add_err(z, si, e, e->toks[1].start,
			    "$INCLUDE file '%s' is outside the zone's folder (use --allow-include-outside)",
			    fname.data);
			goto out;
		}
	}
	if (z->nsources >= 65535) {
		add_err(z, si, e, e->toks[1].start, "too many $INCLUDE files");
		goto out;
	}
	rc = zl_source_load(&ns, path.data, NULL);
	if (rc != 0) {
		add_err(z, si, e, e->toks[1].start, "cannot read $INCLUDE file '%s': %s",
		    fname.data, strerror(-rc));
		goto out;
	}
	{
		struct state sub = *st;
		uint32_t ni = (uint32_t)z->nsources;

		if (e->ntoks == 3) {
			const char *err;
			int rel;

			if (zl_name_parse(d + e->toks[2].start,
			    e->toks[2].end - e->toks[2].start, st->origin,
			    st->origin_len, sub.origin, &sub.origin_len, &rel,
			    &err) != 0) {
				add_err(z, si, e, e->toks[2].start,
				    "$INCLUDE origin is not valid: %s", err);
				zl_source_free(ns);
				goto out;
			}
		}
		z->sources = zl_xgrow(z->sources, sizeof(*z->sources),
		    z->nsources + 1, &z->sources_cap);
		z->sources[z->nsources++] = ns;
		inc = &z->incs[z->nincs - 1];
		inc->target = ni;
		add_mark(z, ni, 0, sub.origin, sub.origin_len);
		L->stack = zl_xrealloc(L->stack, (L->depth + 1) * sizeof(*L->stack));
		L->stack[L->depth++] = real;
		real = NULL;
		load_source(L, ni, &sub);
		free(L->stack[--L->depth]);
		/* RFC 1035 §5.1: the origin reverts; the owner carries on */
		st->prev_owner = sub.prev_owner;
		st->last_ttl = sub.last_ttl;
		st->have_last_ttl = sub.have_last_ttl;
	}
out:
	free(real);
	zl_buf_release(&fname);
	zl_buf_release(&path);
}

/*
 * BIND's nibble mode (${offset,width,n}): the value's hex digits, lowest
 * first, one per label, padded with zero labels to width characters.
 */
static void
gen_nibbles(struct zl_buf *out, unsigned long v, long width, int upper)
{
	static const char hex[] = "0123456789abcdef0123456789ABCDEF";

	do {
		zl_buf_addc(out, hex[(v & 0x0f) + (upper ? 16 : 0)]);
		v >>= 4;
		if (width > 0)
			width--;
		if (width > 0 || v != 0) {
			zl_buf_addc(out, '.');
			if (width > 0)
				width--;
		}
	} while (v != 0 || width > 0);
}

/* A decimal integer at s[*k..n); advances *k. Returns -1 when none. */
static int
gen_int(const char *s, size_t n, size_t *k, long *out)
{
	size_t i = *k;
	int neg = 0;
	long v = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (i >= n || !is_digit(s[i]))
		return -1;
	while (i < n && is_digit(s[i])) {
		v = v * 10 + (s[i++] - '0');
		if (v > 0x7fffffffL)
			return -1;
	}
	*out = neg ? -v : v;
	*k = i;
	return 0;
}

/*
 * $GENERATE substitution of one template for value i: '$' is the value,
 * ${offset[,width[,base]]} a formatted one (base d, o, x, X, or n and N
 * for nibbles), "\$" a dollar sign. Returns 0, -1 on a malformed
 * modifier, -3 when offset + value leaves the 32-bit range (as BIND).
 */
static int
gen_subst(const char *t, size_t n, long i, struct zl_buf *out)
{
	for (size_t k = 0; k < n; k++) {
		if (t[k] == '\\' && k + 1 < n) {
			zl_buf_addc(out, t[k]);
			zl_buf_addc(out, t[k + 1]);
			k++;
			continue;
		}
		if (t[k] != '$') {
			zl_buf_addc(out, t[k]);
			continue;
		}
		if (k + 1 < n && t[k + 1] == '{') {
			long off = 0, width = 0, v;
			char base = 'd', fmt[16];
			size_t q = k + 2;

			if (gen_int(t, n, &q, &off) != 0)
				return -1;
			if (q < n && t[q] == ',') {
				q++;
				if (q >= n || !is_digit(t[q]) ||
				    gen_int(t, n, &q, &width) != 0 || width > 255)
					return -1;
				if (q < n && t[q] == ',') {
					q++;
					if (q >= n || strchr("doxXnN", t[q]) == NULL)
						return -1;
					base = t[q++];
				}
			}
			if (q >= n || t[q] != '}')
				return -1;
			v = i + off;
			if (v > 0x7fffffffL || v < -0x7fffffffL - 1)
				return -3;
			if (base == 'n' || base == 'N') {
				gen_nibbles(out, (unsigned long)(uint32_t)v, width,
				    base == 'N');
			} else {
				snprintf(fmt, sizeof(fmt), "%%0%ld%s", width,
				    base == 'o' ? "lo" : base == 'x' ? "lx" :
				    base == 'X' ? "lX" : "ld");
				zl_buf_addf(out, fmt, v);
			}
			k = q;
			continue;
		}
		zl_buf_addf(out, "%ld", i);
	}
	return 0;
}

static void
do_generate(struct loader *L, uint32_t si, const struct zl_entry *e,
    struct state *st)
{
	struct zl_zone *z = L->z;
	const char *d = z->sources[si]->data;
	long lo, hi, step = 1;
	char rng[64];
	size_t rl, k, lhs_i = 2;
	uint32_t ttl = 0;
	int have_ttl = 0;
	uint16_t rclass = LDNS_RR_CLASS_IN, type = 0;
	struct zl_buf line = ZL_BUF_INIT, owner = ZL_BUF_INIT;
	char extra;

	if (e->ntoks < 4) {
		add_err(z, si, e, e->toks[0].start,
		    "$GENERATE needs a range, an owner, a type and RDATA");
		return;
	}
	rl = e->toks[1].end - e->toks[1].start;
	if (rl >= sizeof(rng))
		rl = sizeof(rng) - 1;
	memcpy(rng, d + e->toks[1].start, rl);
	rng[rl] = '\0';
	if ((sscanf(rng, "%ld-%ld/%ld%c", &lo, &hi, &step, &extra) != 3 &&
	    (step = 1, sscanf(rng, "%ld-%ld%c", &lo, &hi, &extra) != 2)) ||
	    lo < 0 || hi < lo || step < 1) {
		add_err(z, si, e, e->toks[1].start,
		    "$GENERATE range '%s' is not START-STOP[/STEP]", rng);
		return;
	}
	if ((hi - lo) / step + 1 > MAX_GENERATE) {
		add_err(z, si, e, e->toks[1].start,
		    "$GENERATE range makes more than %d records", MAX_GENERATE);
		return;
	}
	if (L->generated + (size_t)((hi - lo) / step + 1) > MAX_GENERATE_ZONE) {
		add_err(z, si, e, e->toks[1].start,
		    "$GENERATE lines of this zone would make more than %d records together",
		    MAX_GENERATE_ZONE);
		return;
	}
	L->generated += (size_t)((hi - lo) / step + 1);
	k = lhs_i + 1;
	for (int f = 0; f < 2 && k < e->ntoks; f++, k++) {
		const char *s = d + e->toks[k].start;
		size_t n = e->toks[k].end - e->toks[k].start;

		if (is_digit(s[0]) && !have_ttl && parse_ttl(s, n, &ttl) == 0)
			have_ttl = 1;
		else if (!parse_class(s, n, &rclass))
			break;
	}
	if (k >= e->ntoks - 1) {
		add_err(z, si, e, e->toks[e->ntoks - 1].start,
		    "$GENERATE needs a type and RDATA");
		return;
	}
	type = zl_type_from_str(d + e->toks[k].start,
	    e->toks[k].end - e->toks[k].start);
	if (type == 0) {
		char tb[80];

		add_err(z, si, e, e->toks[k].start, "unknown record type '%s'",
		    tokstr(d, &e->toks[k], tb, sizeof(tb)));
		return;
	}
	if (!have_ttl)
		ttl = st->have_default_ttl ? st->default_ttl : st->last_ttl;
	for (long i = lo; i <= hi; i += step) {
		uint8_t w[ZL_NAME_MAX];
		size_t wl;
		int rel, r;
		const char *err, *why;
		char ob[1100], tb[16];
		uint32_t oid;
		size_t bad = lhs_i;

		zl_buf_reset(&owner);
		r = gen_subst(d + e->toks[lhs_i].start,
		    e->toks[lhs_i].end - e->toks[lhs_i].start, i, &owner);
		if (r == 0) {
			zl_buf_reset(&line);
			for (size_t j = k + 1; j < e->ntoks; j++) {
				if (e->toks[j].start != e->toks[j - 1].end)
					zl_buf_addc(&line, ' ');
				r = gen_subst(d + e->toks[j].start,
				    e->toks[j].end - e->toks[j].start, i, &line);
				if (r != 0) {
					bad = j;
					break;
				}
			}
		}
		if (r != 0) {
			add_err(z, si, e, e->toks[bad].start, r == -3 ?
			    "$GENERATE offset puts the value out of the 32-bit range" :
			    "$GENERATE modifier is not ${offset[,width[,base]]} with base d, o, x, X, n or N");
			break;
		}
		if (zl_name_parse(owner.data, owner.len, st->origin,
		    st->origin_len, w, &wl, &rel, &err) != 0) {
			add_err(z, si, e, e->toks[lhs_i].start,
			    "$GENERATE owner '%s': %s", owner.data, err);
			break;
		}
		zl_name_to_text(w, wl, ob);
		{
			struct zl_buf full = ZL_BUF_INIT;

			zl_buf_addf(&full, "%s %u IN %s%s", ob, ttl,
			    zl_type_name(type, tb), line.data ? line.data : "");
			if (slow_rdata(L, full.data, st, &why) != 0) {
				add_err(z, si, e, e->toks[k].start,
				    "$GENERATE record '%s' is not valid: %s",
				    full.data, why);
				zl_buf_release(&full);
				break;
			}
			zl_buf_release(&full);
		}
		oid = zl_zone_intern(z, w, wl);
		add_record(L, si, e, oid, ttl, rclass, type, 0, ZL_REC_GENERATED);
	}
	zl_buf_release(&line);
	zl_buf_release(&owner);
}

static void
do_directive(struct loader *L, uint32_t si, const struct zl_entry *e,
    struct state *st)
{
	struct zl_zone *z = L->z;
	const char *d = z->sources[si]->data;
	const struct zl_token *t = e->toks;
	size_t n = t[0].end - t[0].start;
	char tb[80];

	if (n == 7 && strncasecmp(d + t[0].start, "$ORIGIN", 7) == 0) {
		const char *err;
		int rel;
		uint8_t w[ZL_NAME_MAX];
		size_t wl;

		if (e->ntoks != 2) {
			add_err(z, si, e, e->ntoks < 2 ? t[0].end : t[2].start,
			    "$ORIGIN takes exactly one domain name");
			return;
		}
		if (zl_name_parse(d + t[1].start, t[1].end - t[1].start,
		    st->origin_len || z->origin != ZL_NONE ? st->origin : NULL,
		    st->origin_len, w, &wl, &rel, &err) != 0) {
			add_err(z, si, e, t[1].start, "$ORIGIN '%s': %s",
			    tokstr(d, &t[1], tb, sizeof(tb)), err);
			return;
		}
		memcpy(st->origin, w, wl);
		st->origin_len = wl;
		/* from the end of the directive: an included file's own mark
		 * at offset 0 then never ties with one of these */
		add_mark(z, si, e->end, w, wl);
		return;
	}
	if (n == 4 && strncasecmp(d + t[0].start, "$TTL", 4) == 0) {
		uint32_t v;

		if (e->ntoks != 2) {
			add_err(z, si, e, e->ntoks < 2 ? t[0].end : t[2].start,
			    "$TTL takes exactly one value");
			return;
		}
		if (parse_ttl(d + t[1].start, t[1].end - t[1].start, &v) != 0) {
			add_err(z, si, e, t[1].start,
			    "$TTL '%s' is not a TTL (seconds, or units such as 1h30m)",
			    tokstr(d, &t[1], tb, sizeof(tb)));
			return;
		}
		st->default_ttl = v;
		st->have_default_ttl = 1;
		return;
	}
	if (n == 8 && strncasecmp(d + t[0].start, "$INCLUDE", 8) == 0) {
		do_include(L, si, e, st);
		return;
	}
	if (n == 9 && strncasecmp(d + t[0].start, "$GENERATE", 9) == 0) {
		do_generate(L, si, e, st);
		return;
	}
	add_err(z, si, e, t[0].start, "unknown directive '%s'",
	    tokstr(d, &t[0], tb, sizeof(tb)));
}

/*
 * The owner of an entry, interned on first use: the hash-table slot is
 * prefetched when the name is parsed and looked up only after the RDATA
 * has been checked, so the cache miss overlaps with that work.
 */
struct owner_ref {
	uint32_t id;            /* ZL_NONE until interned */
	uint32_t hash;
	size_t len;
	uint8_t wire[ZL_NAME_MAX];
};

static uint32_t
owner_id(struct zl_zone *z, struct owner_ref *o)
{
	if (o->id == ZL_NONE)
		o->id = zl_zone_intern_hashed(z, o->wire, o->len, o->hash);
	return o->id;
}

/* An entry that fails after its owner was read still names the owner. */
static void
entry_failed(struct zl_zone *z, struct state *st, struct owner_ref *o)
{
	st->prev_owner = owner_id(z, o);
}

static void
load_entry(struct loader *L, uint32_t si, const struct zl_entry *e,
    struct state *st)
{
	struct zl_zone *z = L->z;
	const char *d = z->sources[si]->data;
	const struct zl_token *t = e->toks;
	size_t i = 0;
	uint32_t ttl = 0;
	int have_ttl = 0, have_class = 0, flags = 0;
	uint16_t rclass = LDNS_RR_CLASS_IN, type;
	char tb[80];
	struct rdcheck rc;
	struct owner_ref o;
	int fr;

	if (e->err != NULL) {
		add_err(z, si, e, e->err_off, "%s", e->err);
		return;
	}
	if (!e->blank_owner && t[0].kind == ZL_TOK_WORD && d[t[0].start] == '$') {
		do_directive(L, si, e, st);
		return;
	}
	if (e->blank_owner) {
		if (st->prev_owner == ZL_NONE) {
			add_err(z, si, e, t[0].start,
			    "record has no owner name and no earlier record to take it from");
			return;
		}
		o.id = st->prev_owner;
		flags |= ZL_REC_BLANK_OWNER;
	} else {
		int rel;
		const char *err;

		if (t[0].kind == ZL_TOK_QUOTED) {
			add_err(z, si, e, t[0].start,
			    "owner name cannot be a quoted string");
			return;
		}
		if (zl_name_parse(d + t[0].start, t[0].end - t[0].start,
		    st->origin, st->origin_len, o.wire, &o.len, &rel, &err) != 0) {
			add_err(z, si, e, t[0].start, "owner '%s': %s",
			    tokstr(d, &t[0], tb, sizeof(tb)), err);
			return;
		}
		if (rel && o.len > st->origin_len && st->origin_len > 0 &&
		    zl_name_is_sub(o.wire, o.len - st->origin_len, st->origin,
		    st->origin_len))
			flags |= ZL_REC_OWNER_DOUBLED;
		/* the same owner as the record before: no table lookup */
		if (st->prev_owner != ZL_NONE &&
		    zl_zone_name_is(z, st->prev_owner, o.wire, o.len)) {
			o.id = st->prev_owner;
		} else {
			o.id = ZL_NONE;
			o.hash = zl_name_hash(o.wire, o.len);
			zl_zone_prefetch(z, o.hash);
		}
		i = 1;
	}
	/* [TTL] [class] | [class] [TTL] (RFC 1035 §5.1) */
	for (int f = 0; f < 2 && i < e->ntoks; f++) {
		const char *s = d + t[i].start;
		size_t n = t[i].end - t[i].start;

		if (t[i].kind != ZL_TOK_WORD)
			break;
		if (is_digit(s[0])) {
			if (have_ttl) {
				add_err(z, si, e, t[i].start, "two TTLs in one record");
				entry_failed(z, st, &o);
				return;
			}
			if (parse_ttl(s, n, &ttl) != 0) {
				add_err(z, si, e, t[i].start,
				    "'%s' is not a TTL (seconds, or units such as 1h30m)",
				    tokstr(d, &t[i], tb, sizeof(tb)));
				entry_failed(z, st, &o);
				return;
			}
			have_ttl = 1;
			i++;
		} else if (parse_class(s, n, have_class ? &(uint16_t){ 0 } : &rclass)) {
			if (have_class) {
				add_err(z, si, e, t[i].start, "two classes in one record");
				entry_failed(z, st, &o);
				return;
			}
			have_class = 1;
			i++;
		} else if (!have_class && i + 1 < e->ntoks &&
		    ((n == 3 && eqi(s, "any", 3)) || (n == 4 && eqi(s, "none", 4))) &&
		    zl_type_from_str(d + t[i + 1].start,
		    t[i + 1].end - t[i + 1].start) != 0) {
			/* BIND rejects these; ldns loads them */
			add_err(z, si, e, t[i].start,
			    "class '%s' is only for queries and updates; a zone holds IN (or CH, HS) records (RFC 2136 §2.4)",
			    tokstr(d, &t[i], tb, sizeof(tb)));
			entry_failed(z, st, &o);
			return;
		} else {
			break;
		}
	}
	if (i >= e->ntoks) {
		add_err(z, si, e, e->ntoks ? t[e->ntoks - 1].end : e->start,
		    "record type missing");
		entry_failed(z, st, &o);
		return;
	}
	if (t[i].kind != ZL_TOK_WORD ||
	    (type = zl_type_from_str(d + t[i].start, t[i].end - t[i].start)) == 0) {
		add_err(z, si, e, t[i].start, "unknown record type '%s'",
		    tokstr(d, &t[i], tb, sizeof(tb)));
		entry_failed(z, st, &o);
		return;
	}
	i++;
	if (!have_ttl) {
		if (st->have_default_ttl)
			ttl = st->default_ttl;
		else if (st->have_last_ttl)
			ttl = st->last_ttl;
	} else {
		st->last_ttl = ttl;
		st->have_last_ttl = 1;
	}
	rdcheck_init(&rc);
	fr = L->opts->validate_with_ldns ? FAST_SLOW :
	    fast_rdata(d, e, i, type, st, &rc);
	if (fr == FAST_SLOW && zl_type_ldns_lacks(type) && zl_type_to_str(type) != NULL &&
	    !(i < e->ntoks && e->toks[i].end - e->toks[i].start == 2 &&
	    d[e->toks[i].start] == '\\' && d[e->toks[i].start + 1] == '#') &&
	    !(t[i - 1].end - t[i - 1].start > 4 && eqi(d + t[i - 1].start, "type", 4) &&
	    is_digit(d[t[i - 1].start + 4])))
		fr = FAST_OK; /* a type by name that ldns cannot read: not checked */
	if (fr == FAST_SLOW) {
		char ob[1100];
		const char *why;

		if (o.id != ZL_NONE) {
			size_t wl;
			uint8_t nb[ZL_NAME_MAX];
			const uint8_t *w = zl_zone_name_wire(z, o.id, nb, &wl);

			zl_name_to_text(w, wl, ob);
		} else {
			zl_name_to_text(o.wire, o.len, ob);
		}
		entry_text(L, d, e, i, ob, ttl, rclass, type);
		if (slow_rdata(L, L->tmp.data, st, &why) != 0 &&
		    (type != LDNS_RR_TYPE_NSEC3 ||
		    nsec3_unpadded(L, d, e, i, ob, ttl, rclass, st) != 0)) {
			char tn[16];

			/* the fast path's verdict is more precise when it has one */
			rdcheck_init(&rc);
			if (fast_rdata(d, e, i, type, st, &rc) == FAST_ERR) {
				add_err(z, si, e, rc.off, "%s", rc.msg);
			} else {
				add_err(z, si, e, i < e->ntoks ? t[i].start : t[i - 1].end,
				    "%s RDATA not valid: %s",
				    zl_type_name(type, tn), why);
			}
			entry_failed(z, st, &o);
			return;
		}
		if (type == LDNS_RR_TYPE_TXT || type == LDNS_RR_TYPE_SPF) {
			rdcheck_init(&rc);
			(void)fast_rdata(d, e, i, type, st, &rc);
		}
	} else if (fr == FAST_ERR) {
		add_err(z, si, e, rc.off, "%s", rc.msg);
		entry_failed(z, st, &o);
		return;
	}
	if (fr == FAST_SLOW && rfc_rdata(d, e, i, type, &rc) == FAST_ERR) {
		add_err(z, si, e, rc.off, "%s", rc.msg);
		entry_failed(z, st, &o);
		return;
	}
	if (rc.doubled)
		flags |= ZL_REC_DOUBLED;
	if (rc.txt_long)
		flags |= ZL_REC_TXT_LONG;
	if (i < e->ntoks && e->toks[i].end - e->toks[i].start == 2 &&
	    d[e->toks[i].start] == '\\' && d[e->toks[i].start + 1] == '#')
		flags |= ZL_REC_UNKNOWN_FORMAT;
	add_record(L, si, e, owner_id(z, &o), ttl, rclass, type, i, flags);
	st->prev_owner = o.id;
	if (type == LDNS_RR_TYPE_SOA && !st->have_default_ttl &&
	    !st->have_last_ttl && e->ntoks == i + 7) {
		uint32_t min;

		if (parse_ttl(d + t[i + 6].start, t[i + 6].end - t[i + 6].start,
		    &min) == 0) {
			st->last_ttl = have_ttl ? ttl : min;
			st->have_last_ttl = 1;
		}
	}
}

static void
load_source(struct loader *L, uint32_t si, struct state *st)
{
	struct zl_lexer lx;
	struct zl_entry e;
	const struct zl_source *s = L->z->sources[si];

	memset(&e, 0, sizeof(e));
	zl_lexer_init(&lx, s->data, s->len, 0);
	while (zl_lex_entry(&lx, &e)) {
		if (e.ntoks == 0) {
			if (e.err != NULL)
				add_err(L->z, si, &e, e.err_off, "%s", e.err);
			continue;
		}
		load_entry(L, si, &e, st);
	}
	zl_entry_release(&e);
}

/* ---- origin */

static int
origin_from_filename(const char *path, uint8_t *w, size_t *wl)
{
	const char *b = strrchr(path, '/');
	char name[512];
	size_t n;
	int rel;
	const char *err;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n == 0 || n >= sizeof(name))
		return -1;
	memcpy(name, b, n + 1);
	if (strncmp(name, "db.", 3) == 0) {
		memmove(name, name + 3, n - 2);
		n -= 3;
	} else if (n > 5 && strcmp(name + n - 5, ".zone") == 0) {
		name[n -= 5] = '\0';
	} else if (n > 3 && strcmp(name + n - 3, ".db") == 0) {
		name[n -= 3] = '\0';
	}
	if (n == 0 || strchr(name, '.') == NULL || name[0] == '.')
		return -1;
	if (name[n - 1] != '.') {
		name[n++] = '.';
		name[n] = '\0';
	}
	return zl_name_parse(name, n, NULL, 0, w, wl, &rel, &err);
}

/* $ORIGIN at the top, else an absolute SOA owner. */
static int
origin_from_text(const struct zl_source *s, uint8_t *w, size_t *wl)
{
	struct zl_lexer lx;
	struct zl_entry e;
	int found = -1;

	memset(&e, 0, sizeof(e));
	zl_lexer_init(&lx, s->data, s->len, 0);
	while (zl_lex_entry(&lx, &e)) {
		const char *d = s->data;
		const struct zl_token *t = e.toks;
		int rel;
		const char *err;

		if (e.ntoks == 0)
			continue;
		if (!e.blank_owner && d[t[0].start] == '$') {
			size_t n = t[0].end - t[0].start;

			if (n == 7 && strncasecmp(d + t[0].start, "$ORIGIN", 7) == 0 &&
			    e.ntoks >= 2 &&
			    zl_name_parse(d + t[1].start, t[1].end - t[1].start,
			    NULL, 0, w, wl, &rel, &err) == 0)
				found = 0;
			if (n == 4 && strncasecmp(d + t[0].start, "$TTL", 4) == 0)
				continue;
			break;
		}
		if (!e.blank_owner) {
			for (size_t i = 1; i < e.ntoks && i < 4; i++) {
				if (t[i].end - t[i].start == 3 &&
				    strncasecmp(d + t[i].start, "SOA", 3) == 0) {
					if (zl_name_parse(d + t[0].start,
					    t[0].end - t[0].start, NULL, 0, w, wl,
					    &rel, &err) == 0)
						found = 0;
					break;
				}
			}
		}
		break;
	}
	zl_entry_release(&e);
	return found;
}

static int
load_common(struct zl_zone **out, struct zl_source *src,
    const struct zl_load_opts *opts, char **why)
{
	struct zl_load_opts defaults;
	struct zl_zone *z;
	struct loader L;
	struct state st;
	char ob[1100];

	if (opts == NULL) {
		memset(&defaults, 0, sizeof(defaults));
		opts = &defaults;
	}
	memset(&st, 0, sizeof(st));
	if (opts->origin != NULL) {
		int rel;
		const char *err;
		struct zl_buf b = ZL_BUF_INIT;

		zl_buf_adds(&b, opts->origin);
		if (b.len == 0 || b.data[b.len - 1] != '.')
			zl_buf_addc(&b, '.');
		if (zl_name_parse(b.data, b.len, NULL, 0, st.origin,
		    &st.origin_len, &rel, &err) != 0) {
			*why = zl_xasprintf("origin '%s' is not a domain name: %s",
			    opts->origin, err);
			zl_buf_release(&b);
			zl_source_free(src);
			return -EINVAL;
		}
		zl_buf_release(&b);
	} else if (origin_from_text(src, st.origin, &st.origin_len) != 0 &&
	    origin_from_filename(src->name, st.origin, &st.origin_len) != 0) {
		*why = zl_xasprintf("cannot tell the zone's origin: no $ORIGIN at the top, no SOA with an absolute owner, and the file name is not a domain name; use --origin");
		zl_source_free(src);
		return -EINVAL;
	}
	z = zl_xcalloc(1, sizeof(*z));
	z->soa = ZL_NONE;
	z->origin = ZL_NONE;
	z->sources = zl_xgrow(NULL, sizeof(*z->sources), 1, &z->sources_cap);
	z->sources[0] = src;
	z->nsources = 1;
	/*
	 * Records average ~60-75 bytes in the generated and real zones, and
	 * there are about half as many names as records. Memory reserved
	 * and not touched is not resident.
	 */
	z->recs = zl_xgrow(NULL, sizeof(*z->recs), src->len / 64 + 16,
	    &z->recs_cap);
	zl_zone_reserve_names(z, src->len / 128);
	z->origin = zl_zone_intern(z, st.origin, st.origin_len);
	z->origin_text = zl_xstrdup(origin_text(&st, ob));
	z->dir = dir_of(src->name);
	st.prev_owner = ZL_NONE;

	memset(&L, 0, sizeof(L));
	L.z = z;
	L.opts = opts;
	L.max_depth = opts->max_include_depth > 0 ? opts->max_include_depth : 16;
	L.root_dir = realpath(z->dir, NULL);
	{
		char *self = realpath(src->name, NULL);

		if (self != NULL) {
			L.stack = zl_xmalloc(sizeof(*L.stack));
			L.stack[L.depth++] = self;
		}
	}
	load_source(&L, 0, &st);
	for (size_t i = 0; i < L.depth; i++)
		free(L.stack[i]);
	free(L.stack);
	free(L.root_dir);
	link_owners(z);
	if (z->nmarks > 1)
		qsort(z->marks, z->nmarks, sizeof(*z->marks), mark_cmp);
	if (L.origin_rdf)
		ldns_rdf_deep_free(L.origin_rdf);
	zl_buf_release(&L.tmp);
	free(L.ahash);
	*out = z;
	return 0;
}

int
zl_zone_load(struct zl_zone **out, const char *path,
    const struct zl_load_opts *opts, char **why)
{
	struct zl_source *src;
	int rc;

	*out = NULL;
	*why = NULL;
	rc = zl_source_load(&src, path, opts ? opts->display_name : NULL);
	if (rc != 0) {
		*why = zl_xasprintf("cannot read '%s': %s", path, strerror(-rc));
		return rc;
	}
	return load_common(out, src, opts, why);
}

int
zl_zone_load_mem(struct zl_zone **out, const char *name, const char *data,
    size_t len, const struct zl_load_opts *opts, char **why)
{
	*out = NULL;
	*why = NULL;
	return load_common(out, zl_source_from_mem(name, data, len), opts, why);
}

int
zl_zone_load_owned(struct zl_zone **out, const char *name, char *data,
    size_t len, const struct zl_load_opts *opts, char **why)
{
	*out = NULL;
	*why = NULL;
	return load_common(out, zl_source_from_owned(name, data, len), opts, why);
}
