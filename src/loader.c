/* SPDX-License-Identifier: MIT */
/*
 * The zone loader: entries from the lexer -> records in struct zl_zone.
 *
 * RFC 1035 §5.1 in full: blank owners, '@', relative names, $ORIGIN, $TTL,
 * $INCLUDE (relative to the including file, depth and loop limits),
 * $GENERATE (expanded, as BIND does), TTL and class in either order, CRLF.
 *
 * RDATA is validated as ldns validates it. The common types (A, AAAA, NS,
 * CNAME, PTR, DNAME, MX, TXT, SOA, SRV) take a fast path of our own, which
 * uses the same primitives as ldns (inet_pton for addresses, the same name
 * and integer rules) and which the differential test in tests/ compares
 * with ldns-read-zone. Every other type, and any RDATA with escapes or
 * quotes where the fast path expects plain words, goes through ldns's own
 * converter (ldns_rr_new_frm_str), and the ldns_rr is freed at once: a
 * kept ldns_rr costs about 240 bytes, which would break the memory bar.
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

const char *
zl_type_to_str(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);

	if (d != NULL && d->_name != NULL && d->_type == type)
		return d->_name;
	return NULL;
}

uint16_t
zl_type_from_str(const char *s, size_t n)
{
	char b[32];

	switch (n) {
	case 1:
		if ((s[0] | 32) == 'a')
			return LDNS_RR_TYPE_A;
		break;
	case 2:
		if (strncasecmp(s, "MX", 2) == 0)
			return LDNS_RR_TYPE_MX;
		if (strncasecmp(s, "NS", 2) == 0)
			return LDNS_RR_TYPE_NS;
		if (strncasecmp(s, "DS", 2) == 0)
			return LDNS_RR_TYPE_DS;
		break;
	case 3:
		if (strncasecmp(s, "TXT", 3) == 0)
			return LDNS_RR_TYPE_TXT;
		if (strncasecmp(s, "SOA", 3) == 0)
			return LDNS_RR_TYPE_SOA;
		if (strncasecmp(s, "PTR", 3) == 0)
			return LDNS_RR_TYPE_PTR;
		if (strncasecmp(s, "SRV", 3) == 0)
			return LDNS_RR_TYPE_SRV;
		if (strncasecmp(s, "CAA", 3) == 0)
			return LDNS_RR_TYPE_CAA;
		if (strncasecmp(s, "SPF", 3) == 0)
			return LDNS_RR_TYPE_SPF;
		break;
	case 4:
		if (strncasecmp(s, "AAAA", 4) == 0)
			return LDNS_RR_TYPE_AAAA;
		break;
	case 5:
		if (strncasecmp(s, "CNAME", 5) == 0)
			return LDNS_RR_TYPE_CNAME;
		if (strncasecmp(s, "DNAME", 5) == 0)
			return LDNS_RR_TYPE_DNAME;
		break;
	}
	if (n >= sizeof(b))
		return 0;
	memcpy(b, s, n);
	b[n] = '\0';
	return (uint16_t)ldns_get_rr_type_by_name(b);
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

	for (size_t i = 0; i < n && o + 5 < cap; i++) {
		unsigned char c = (unsigned char)d[t->start + i];

		if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(buf + o, cap - o, "\\%03u", c);
		} else {
			buf[o++] = (char)c;
		}
		if (o + 5 >= cap && i + 1 < n) {
			buf[o++] = '.';
			buf[o++] = '.';
			buf[o++] = '.';
			break;
		}
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
	if (n == 2 && strncasecmp(s, "IN", 2) == 0)
		*out = LDNS_RR_CLASS_IN;
	else if (n == 2 && strncasecmp(s, "CH", 2) == 0)
		*out = LDNS_RR_CLASS_CH;
	else if (n == 5 && strncasecmp(s, "CHAOS", 5) == 0)
		*out = LDNS_RR_CLASS_CH;
	else if (n == 2 && strncasecmp(s, "HS", 2) == 0)
		*out = LDNS_RR_CLASS_HS;
	else if (n == 6 && strncasecmp(s, "HESIOD", 6) == 0)
		*out = LDNS_RR_CLASS_HS;
	else if (n == 2 && strncasecmp(s, "CS", 2) == 0)
		*out = 2; /* CS */
	else if (n > 5 && n < 11 && strncasecmp(s, "CLASS", 5) == 0) {
		unsigned v = 0;

		for (size_t i = 5; i < n; i++) {
			if (!is_digit(s[i]))
				return 0;
			v = v * 10 + (unsigned)(s[i] - '0');
		}
		if (v > 65535)
			return 0;
		*out = (uint16_t)v;
	} else
		return 0;
	return 1;
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
	char msgbuf[600];
	int doubled;
	int txt_long;
};

static int
plain(const struct zl_token *t)
{
	return t->kind == ZL_TOK_WORD && !(t->flags & ZL_TOKF_ESCAPE);
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
	    st->origin_len, w, &len, &rel, &err) != 0) {
		snprintf(rc->msgbuf, sizeof(rc->msgbuf), "%s '%s': %s", what,
		    tokstr(d, t, tb, sizeof(tb)), err);
		rc->msg = rc->msgbuf;
		rc->off = t->start;
		return FAST_ERR;
	}
	if (rel && len > st->origin_len && st->origin_len > 0 &&
	    zl_name_is_sub(w, len - st->origin_len, st->origin, st->origin_len))
		rc->doubled = 1;
	return FAST_OK;
}

static int
count_err(const struct zl_entry *e, size_t first, size_t want, const char *type,
    struct rdcheck *rc)
{
	size_t have = e->ntoks - first;

	if (have < want) {
		snprintf(rc->msgbuf, sizeof(rc->msgbuf),
		    "%s record needs %zu RDATA field%s, found %zu", type, want,
		    want == 1 ? "" : "s", have);
		rc->off = have ? e->toks[e->ntoks - 1].end : e->end;
	} else {
		snprintf(rc->msgbuf, sizeof(rc->msgbuf),
		    "%s record has %zu RDATA fields, expected %zu: unexpected '%.*s'",
		    type, have, want,
		    (int)(e->toks[first + want].end - e->toks[first + want].start > 60 ? 60 :
		    e->toks[first + want].end - e->toks[first + want].start),
		    "");
		rc->off = e->toks[first + want].start;
	}
	rc->msg = rc->msgbuf;
	return FAST_ERR;
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
			return count_err(e, first, 1, v6 ? "AAAA" : "A", rc);
		if (!plain(t))
			return FAST_SLOW;
		if (t->end - t->start >= sizeof(ab))
			goto bad_addr;
		memcpy(ab, d + t->start, t->end - t->start);
		ab[t->end - t->start] = '\0';
		if (inet_pton(v6 ? AF_INET6 : AF_INET, ab, bin) == 1)
			return FAST_OK;
bad_addr:
		snprintf(rc->msgbuf, sizeof(rc->msgbuf),
		    "'%s' is not an %s address", tokstr(d, t, tb, sizeof(tb)),
		    v6 ? "IPv6" : "IPv4");
		rc->msg = rc->msgbuf;
		rc->off = t->start;
		return FAST_ERR;
	}
	case LDNS_RR_TYPE_NS:
	case LDNS_RR_TYPE_CNAME:
	case LDNS_RR_TYPE_PTR:
	case LDNS_RR_TYPE_DNAME:
		if (n != 1)
			return count_err(e, first, 1, zl_type_to_str(type), rc);
		return check_name_tok(d, t, st, rc, "target");
	case LDNS_RR_TYPE_MX:
		if (n != 2)
			return count_err(e, first, 2, "MX", rc);
		if (!plain(t) || !plain(t + 1))
			return FAST_SLOW;
		if (parse_u16(d + t->start, t->end - t->start, 65535, &v) != 0) {
			snprintf(rc->msgbuf, sizeof(rc->msgbuf),
			    "MX preference '%s' is not a number from 0 to 65535",
			    tokstr(d, t, tb, sizeof(tb)));
			rc->msg = rc->msgbuf;
			rc->off = t->start;
			return FAST_ERR;
		}
		return check_name_tok(d, t + 1, st, rc, "mail exchange");
	case LDNS_RR_TYPE_SRV:
		if (n != 4)
			return count_err(e, first, 4, "SRV", rc);
		for (int i = 0; i < 3; i++) {
			if (!plain(t + i))
				return FAST_SLOW;
			if (parse_u16(d + t[i].start, t[i].end - t[i].start,
			    65535, &v) != 0) {
				snprintf(rc->msgbuf, sizeof(rc->msgbuf),
				    "SRV field '%s' is not a number from 0 to 65535",
				    tokstr(d, t + i, tb, sizeof(tb)));
				rc->msg = rc->msgbuf;
				rc->off = t[i].start;
				return FAST_ERR;
			}
		}
		return check_name_tok(d, t + 3, st, rc, "SRV target");
	case LDNS_RR_TYPE_SOA: {
		int r;

		if (n != 7)
			return count_err(e, first, 7, "SOA", rc);
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
				snprintf(rc->msgbuf, sizeof(rc->msgbuf),
				    "SOA %s '%s' is not a 32-bit number",
				    f[i], tokstr(d, t + i, tb, sizeof(tb)));
				rc->msg = rc->msgbuf;
				rc->off = t[i].start;
				return FAST_ERR;
			}
			if (i == 2 && !is_digit(d[t[i].end - 1]))
				return FAST_SLOW; /* serial with units: ask ldns */
		}
		rc->doubled = 0; /* RNAME is a mailbox; not checked */
		return FAST_OK;
	}
	case LDNS_RR_TYPE_TXT:
	case LDNS_RR_TYPE_SPF:
		if (n == 0) {
			snprintf(rc->msgbuf, sizeof(rc->msgbuf),
			    "%s record needs at least one character-string",
			    type == LDNS_RR_TYPE_TXT ? "TXT" : "SPF");
			rc->msg = rc->msgbuf;
			rc->off = e->end;
			return FAST_ERR;
		}
		for (size_t i = 0; i < n; i++) {
			size_t p = t[i].start, end = t[i].end, len = 0;

			if (t[i].kind == ZL_TOK_QUOTED) {
				p++;
				end--;
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

static void
entry_text(struct loader *L, const char *d, const struct zl_entry *e,
    size_t first, const char *owner, uint32_t ttl, uint16_t rclass,
    uint16_t type)
{
	char cb[16], tb[16];

	zl_buf_reset(&L->tmp);
	zl_buf_addf(&L->tmp, "%s %u %s %s", owner, ttl,
	    rclass == LDNS_RR_CLASS_IN ? "IN" :
	    (snprintf(cb, sizeof(cb), "CLASS%u", rclass), cb),
	    zl_type_name(type, tb));
	for (size_t i = first; i < e->ntoks; i++) {
		zl_buf_addc(&L->tmp, ' ');
		zl_buf_add(&L->tmp, d + e->toks[i].start,
		    e->toks[i].end - e->toks[i].start);
	}
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

/* ---- records */

static void
add_record(struct zl_zone *z, uint32_t src, const struct zl_entry *e,
    uint32_t owner, uint32_t ttl, uint16_t rclass, uint16_t type,
    size_t rdata_tok, int flags)
{
	struct zl_record *r;
	struct zl_name *nm;
	uint32_t idx = (uint32_t)z->nrecs;

	z->recs = zl_xgrow(z->recs, sizeof(*z->recs), z->nrecs + 1, &z->recs_cap);
	r = &z->recs[z->nrecs++];
	r->start = e->start;
	r->end = e->end;
	r->owner = owner;
	r->next = ZL_NONE;
	r->ttl = ttl;
	r->type = type;
	r->rclass = rclass;
	r->src = (uint16_t)src;
	r->rdata_tok = (uint8_t)(rdata_tok > 255 ? 255 : rdata_tok);
	r->flags = (uint8_t)flags;
	nm = &z->names[owner];
	if (nm->last == ZL_NONE)
		nm->first = idx;
	else
		z->recs[nm->last].next = idx;
	nm->last = idx;
	nm->nrecs++;
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
	for (size_t i = 0; i < L->depth; i++) {
		if (strcmp(L->stack[i], real) == 0) {
			add_err(z, si, e, e->toks[1].start,
			    "$INCLUDE loop: '%s' is already being read", fname.data);
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

/* $GENERATE substitution of one template for value i. */
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
			long off = 0, width = 0;
			char base = 'd', fmt[32];
			const char *close = memchr(t + k, '}', n - k);
			char spec[64];
			size_t sl;

			if (close == NULL)
				return -1;
			sl = (size_t)(close - (t + k + 2));
			if (sl >= sizeof(spec))
				return -1;
			memcpy(spec, t + k + 2, sl);
			spec[sl] = '\0';
			if (sscanf(spec, "%ld,%ld,%c", &off, &width, &base) < 1)
				return -1;
			if (width < 0 || width > 64)
				return -1;
			if (base == 'n' || base == 'N')
				return -2; /* nibble mode: not supported */
			snprintf(fmt, sizeof(fmt), "%%0%ld%s", width,
			    base == 'o' ? "lo" : base == 'x' ? "lx" :
			    base == 'X' ? "lX" : base == 'd' ? "ld" : "");
			if (fmt[strlen(fmt) - 1] == '%' || strchr("oxXd", base) == NULL)
				return -1;
			zl_buf_addf(out, fmt, i + off);
			k = (size_t)(close - t);
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

		zl_buf_reset(&owner);
		r = gen_subst(d + e->toks[lhs_i].start,
		    e->toks[lhs_i].end - e->toks[lhs_i].start, i, &owner);
		if (r == 0) {
			zl_buf_reset(&line);
			for (size_t j = k + 1; j < e->ntoks; j++) {
				zl_buf_addc(&line, ' ');
				r = gen_subst(d + e->toks[j].start,
				    e->toks[j].end - e->toks[j].start, i, &line);
				if (r != 0)
					break;
			}
		}
		if (r != 0) {
			add_err(z, si, e, e->toks[lhs_i].start, r == -2 ?
			    "$GENERATE nibble modifiers (${...,n}) are not supported" :
			    "$GENERATE modifier is not ${offset[,width[,base]]}");
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
		add_record(z, si, e, oid, ttl, rclass, type, 0, ZL_REC_GENERATED);
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

static void
load_entry(struct loader *L, uint32_t si, const struct zl_entry *e,
    struct state *st)
{
	struct zl_zone *z = L->z;
	const char *d = z->sources[si]->data;
	const struct zl_token *t = e->toks;
	size_t i = 0;
	uint32_t owner, ttl = 0;
	int have_ttl = 0, have_class = 0, flags = 0;
	uint16_t rclass = LDNS_RR_CLASS_IN, type;
	char tb[80];
	struct rdcheck rc;
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
		owner = st->prev_owner;
		flags |= ZL_REC_BLANK_OWNER;
	} else {
		uint8_t w[ZL_NAME_MAX];
		size_t wl;
		int rel;
		const char *err;

		if (t[0].kind == ZL_TOK_QUOTED) {
			add_err(z, si, e, t[0].start,
			    "owner name cannot be a quoted string");
			return;
		}
		if (zl_name_parse(d + t[0].start, t[0].end - t[0].start,
		    st->origin, st->origin_len, w, &wl, &rel, &err) != 0) {
			add_err(z, si, e, t[0].start, "owner '%s': %s",
			    tokstr(d, &t[0], tb, sizeof(tb)), err);
			return;
		}
		if (rel && wl > st->origin_len && st->origin_len > 0 &&
		    zl_name_is_sub(w, wl - st->origin_len, st->origin,
		    st->origin_len))
			flags |= ZL_REC_OWNER_DOUBLED;
		owner = zl_zone_intern(z, w, wl);
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
				return;
			}
			if (parse_ttl(s, n, &ttl) != 0) {
				add_err(z, si, e, t[i].start,
				    "'%s' is not a TTL (seconds, or units such as 1h30m)",
				    tokstr(d, &t[i], tb, sizeof(tb)));
				return;
			}
			have_ttl = 1;
			i++;
		} else if (!have_class && parse_class(s, n, &rclass)) {
			have_class = 1;
			i++;
		} else {
			break;
		}
	}
	if (i >= e->ntoks) {
		add_err(z, si, e, e->ntoks ? t[e->ntoks - 1].end : e->start,
		    "record type missing");
		return;
	}
	if (t[i].kind != ZL_TOK_WORD ||
	    (type = zl_type_from_str(d + t[i].start, t[i].end - t[i].start)) == 0) {
		add_err(z, si, e, t[i].start, "unknown record type '%s'",
		    tokstr(d, &t[i], tb, sizeof(tb)));
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
	memset(&rc, 0, sizeof(rc));
	fr = L->opts->validate_with_ldns ? FAST_SLOW :
	    fast_rdata(d, e, i, type, st, &rc);
	if (fr == FAST_SLOW) {
		char ob[1100];
		const char *why;
		size_t wl;
		const uint8_t *w = zl_zone_name_wire(z, owner, &wl);

		zl_name_to_text(w, wl, ob);
		entry_text(L, d, e, i, ob, ttl, rclass, type);
		if (slow_rdata(L, L->tmp.data, st, &why) != 0) {
			char tn[16];

			/* the fast path's verdict is more precise when it has one */
			memset(&rc, 0, sizeof(rc));
			if (fast_rdata(d, e, i, type, st, &rc) == FAST_ERR) {
				add_err(z, si, e, rc.off, "%s", rc.msg);
			} else {
				add_err(z, si, e, i < e->ntoks ? t[i].start : t[i - 1].end,
				    "%s RDATA not valid: %s", zl_type_name(type, tn), why);
			}
			st->prev_owner = owner;
			return;
		}
		if (type == LDNS_RR_TYPE_TXT || type == LDNS_RR_TYPE_SPF) {
			memset(&rc, 0, sizeof(rc));
			(void)fast_rdata(d, e, i, type, st, &rc);
		}
	} else if (fr == FAST_ERR) {
		add_err(z, si, e, rc.off, "%s", rc.msg);
		st->prev_owner = owner;
		return;
	}
	if (rc.doubled)
		flags |= ZL_REC_DOUBLED;
	if (rc.txt_long)
		flags |= ZL_REC_TXT_LONG;
	if (i < e->ntoks && e->toks[i].end - e->toks[i].start == 2 &&
	    d[e->toks[i].start] == '\\' && d[e->toks[i].start + 1] == '#')
		flags |= ZL_REC_UNKNOWN_FORMAT;
	add_record(z, si, e, owner, ttl, rclass, type, i, flags);
	st->prev_owner = owner;
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
	/* records average ~60 bytes in the generated and real zones */
	z->recs = zl_xgrow(NULL, sizeof(*z->recs), src->len / 64 + 16,
	    &z->recs_cap);
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
	if (L.origin_rdf)
		ldns_rdf_deep_free(L.origin_rdf);
	zl_buf_release(&L.tmp);
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
