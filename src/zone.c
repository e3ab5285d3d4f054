/* SPDX-License-Identifier: MIT */
/*
 * Zone storage: records, interned names, errors; see zone.h. The loader
 * (loader.c) fills it; checks read it.
 */
#include "zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "buf.h"
#include "xalloc.h"
#include "zone_int.h"

/*
 * The table is open addressing with linear probing, at most 3/4 full. A
 * slot holds id + 1 in its low bits (below the table's size, so it fits)
 * and the hash's high bits above them: a probe rejects almost every other
 * name without touching zone->names, which is what made lookups miss the
 * cache twice.
 */
static inline uint32_t
slot_mask(const struct zl_zone *z)
{
	return (uint32_t)(z->hcap - 1);
}

/*
 * Length of the origin when name w ends in it and is longer, else 0: the
 * name is then stored without it (ZL_NAME_UNDER_ORIGIN). The origin is the
 * first name interned, so it is always stored whole.
 */
static inline size_t
origin_suffix(const struct zl_zone *z, const uint8_t *w, size_t len)
{
	const struct zl_name *on;

	if (z->origin == ZL_NONE)
		return 0;
	on = &z->names[z->origin];
	if (len <= on->len ||
	    memcmp(w + len - on->len, z->pool + on->off, on->len) != 0)
		return 0;
	return on->len;
}

static inline int
name_eq(const struct zl_zone *z, const struct zl_name *n, const uint8_t *w,
    size_t len)
{
	size_t ol;

	if (n->len != len)
		return 0;
	if (!(n->flags & ZL_NAME_UNDER_ORIGIN))
		return memcmp(z->pool + n->off, w, len) == 0;
	ol = z->names[z->origin].len;
	return memcmp(z->pool + n->off, w, len - ol) == 0 &&
	    memcmp(w + len - ol, z->pool + z->names[z->origin].off, ol) == 0;
}

const uint8_t *
zl_zone_name_wire(const struct zl_zone *z, uint32_t id, uint8_t *buf,
    size_t *len)
{
	const struct zl_name *n = &z->names[id];
	const struct zl_name *on;
	size_t pl;

	*len = n->len;
	if (!(n->flags & ZL_NAME_UNDER_ORIGIN))
		return z->pool + n->off;
	on = &z->names[z->origin];
	pl = (size_t)n->len - on->len;
	memcpy(buf, z->pool + n->off, pl);
	memcpy(buf + pl, z->pool + on->off, on->len);
	return buf;
}

int
zl_zone_name_is(const struct zl_zone *z, uint32_t id, const uint8_t *w,
    size_t len)
{
	return name_eq(z, &z->names[id], w, len);
}

const uint8_t *
zl_zone_origin_wire(const struct zl_zone *z, size_t *len)
{
	*len = z->names[z->origin].len;
	return z->pool + z->names[z->origin].off;
}

static void
rehash_to(struct zl_zone *z, size_t ncap)
{
	uint32_t *t = zl_xcalloc(ncap, sizeof(*t));
	uint32_t m = (uint32_t)(ncap - 1);

	for (size_t i = 0; i < z->nnames; i++) {
		uint8_t nb[ZL_NAME_MAX];
		size_t nl;
		const uint8_t *nw = zl_zone_name_wire(z, (uint32_t)i, nb, &nl);
		uint32_t h = zl_name_hash(nw, nl);
		size_t j = h & m;

		while (t[j])
			j = (j + 1) & m;
		t[j] = ((uint32_t)i + 1) | (h & ~m);
	}
	free(z->htab);
	z->htab = t;
	z->hcap = ncap;
}

static void
rehash(struct zl_zone *z)
{
	rehash_to(z, z->hcap ? z->hcap * 2 : 1024);
}

void
zl_zone_reserve_names(struct zl_zone *z, size_t n)
{
	size_t cap = 1024;

	while (cap / 4 * 3 < n)
		cap *= 2;
	if (cap > z->hcap)
		rehash_to(z, cap);
}

static uint32_t
find_hashed(const struct zl_zone *z, const uint8_t *w, size_t len, uint32_t h,
    size_t *slot)
{
	uint32_t m = slot_mask(z), e;
	size_t j = h & m;

	while ((e = z->htab[j]) != 0) {
		if ((e & ~m) == (h & ~m)) {
			const struct zl_name *n = &z->names[(e & m) - 1];

			if (name_eq(z, n, w, len))
				return (e & m) - 1;
		}
		j = (j + 1) & m;
	}
	*slot = j;
	return ZL_NONE;
}

uint32_t
zl_zone_find_name(const struct zl_zone *z, const uint8_t *w, size_t len)
{
	size_t slot;

	if (z->hcap == 0)
		return ZL_NONE;
	return find_hashed(z, w, len, zl_name_hash(w, len), &slot);
}

void
zl_zone_prefetch(const struct zl_zone *z, uint32_t h)
{
	if (z->hcap != 0)
		__builtin_prefetch(&z->htab[h & slot_mask(z)]);
}

uint32_t
zl_zone_intern_hashed(struct zl_zone *z, const uint8_t *w, size_t len,
    uint32_t h)
{
	size_t j, sfx;
	uint32_t id;
	struct zl_name *n;

	/* at most 3/4 full: the tags keep long probe runs cheap */
	if ((z->nnames + 1) * 4 > z->hcap * 3)
		rehash(z);
	id = find_hashed(z, w, len, h, &j);
	if (id != ZL_NONE)
		return id;
	sfx = origin_suffix(z, w, len);
	z->names = zl_xgrow(z->names, sizeof(*z->names), z->nnames + 1,
	    &z->names_cap);
	z->pool = zl_xgrow(z->pool, 1, z->pool_len + len + 1, &z->pool_cap);
	n = &z->names[z->nnames];
	n->off = (uint32_t)z->pool_len;
	n->len = (uint8_t)len;
	n->first = ZL_NONE;
	n->flags = sfx ? ZL_NAME_UNDER_ORIGIN : 0;
	if (len - sfx)
		memcpy(z->pool + z->pool_len, w, len - sfx);
	z->pool_len += len - sfx;
	z->htab[j] = ((uint32_t)z->nnames + 1) | (h & ~slot_mask(z));
	return (uint32_t)z->nnames++;
}

uint32_t
zl_zone_intern(struct zl_zone *z, const uint8_t *w, size_t len)
{
	return zl_zone_intern_hashed(z, w, len, zl_name_hash(w, len));
}

const char *
zl_zone_name_text(const struct zl_zone *z, uint32_t id, char *buf)
{
	size_t len;
	uint8_t nb[ZL_NAME_MAX];
	const uint8_t *w = zl_zone_name_wire(z, id, nb, &len);

	zl_name_to_text(w, len, buf);
	return buf;
}

uint32_t
zl_zone_find_text(const struct zl_zone *z, const char *text)
{
	uint8_t w[ZL_NAME_MAX];
	size_t len, olen;
	int rel;
	const char *err;
	const uint8_t *o = zl_zone_origin_wire(z, &olen);

	if (zl_name_parse(text, strlen(text), o, olen, w, &len, &rel, &err) != 0)
		return ZL_NONE;
	return zl_zone_find_name(z, w, len);
}

uint32_t
zl_zone_origin_at(const struct zl_zone *z, uint32_t src, uint32_t off)
{
	size_t lo = 0, hi = z->nmarks;

	/* the last mark at or before (src, off) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct zl_origin_mark *m = &z->marks[mid];

		if (m->src < src || (m->src == src && m->off <= off))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && z->marks[lo - 1].src == src)
		return z->marks[lo - 1].origin;
	return z->origin;
}

int
zl_zone_in_zone(const struct zl_zone *z, const uint8_t *w, size_t len)
{
	size_t olen;
	const uint8_t *o = zl_zone_origin_wire(z, &olen);

	return zl_name_is_sub(w, len, o, olen);
}

void
zl_zone_free(struct zl_zone *z)
{
	if (z == NULL)
		return;
	for (size_t i = 0; i < z->nsources; i++)
		zl_source_free(z->sources[i]);
	free(z->sources);
	free(z->recs);
	free(z->attrs);
	free(z->attr_more);
	free(z->names);
	free(z->pool);
	free(z->htab);
	for (size_t i = 0; i < z->nerrs; i++)
		free(z->errs[i].msg);
	free(z->errs);
	free(z->incs);
	free(z->marks);
	free(z->origin_text);
	free(z->dir);
	free(z);
}

void
zl_record_entry(const struct zl_zone *z, const struct zl_record *rec,
    struct zl_entry *e)
{
	const struct zl_source *s = z->sources[rec->src];
	struct zl_lexer lx;

	zl_lexer_init(&lx, s->data, s->len, rec->start);
	if (!zl_lex_entry(&lx, e))
		e->ntoks = 0;
}

static const struct zl_rec_attr *
rec_attr(const struct zl_zone *z, const struct zl_record *rec)
{
	static const struct zl_rec_attr none = { 0, 1 };
	uint32_t ri = (uint32_t)(rec - z->recs);
	size_t lo = 0, hi = z->nattr_more;

	if (rec->attr != ZL_ATTR_MORE)
		return rec->attr < z->nattrs ? &z->attrs[rec->attr] : &none;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->attr_more[mid].rec < ri)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < z->nattr_more && z->attr_more[lo].rec == ri ?
	    &z->attr_more[lo].a : &none;
}

uint32_t
zl_record_ttl(const struct zl_zone *z, const struct zl_record *rec)
{
	return rec_attr(z, rec)->ttl;
}

uint16_t
zl_record_class(const struct zl_zone *z, const struct zl_record *rec)
{
	return rec_attr(z, rec)->rclass;
}

void
zl_record_text(const struct zl_zone *z, const struct zl_record *rec,
    struct zl_entry *e, struct zl_buf *out)
{
	const char *d = z->sources[rec->src]->data;
	char nb[1100], tb[16];

	zl_record_entry(z, rec, e);
	zl_zone_name_text(z, rec->owner, nb);
	zl_buf_addf(out, "%s %u ", nb, zl_record_ttl(z, rec));
	if (zl_record_class(z, rec) == 1)
		zl_buf_adds(out, "IN");
	else
		zl_buf_addf(out, "CLASS%u", zl_record_class(z, rec));
	zl_buf_addc(out, ' ');
	if (zl_type_ldns_lacks(rec->type))
		zl_buf_addf(out, "TYPE%u", rec->type);
	else
		zl_buf_adds(out, zl_type_name(rec->type, tb));
	if (rec->flags & ZL_REC_GENERATED)
		return; /* the span is the $GENERATE line, not the record */
	for (size_t i = rec->rdata_tok; i < e->ntoks; i++) {
		/* key="value" is one field: tokens that touch stay together */
		if (i == rec->rdata_tok || e->toks[i].start != e->toks[i - 1].end)
			zl_buf_addc(out, ' ');
		zl_buf_add(out, d + e->toks[i].start,
		    e->toks[i].end - e->toks[i].start);
	}
}

/*
 * The value is never longer than the token, so the buffer and the map are
 * grown once and filled in place: the checks decode every TXT record, and
 * a byte-at-a-time append was a tenth of a whole run.
 */
int
zl_token_decode(const char *d, const struct zl_token *t, struct zl_buf *out,
    uint32_t **map, size_t *map_len, size_t *map_cap)
{
	size_t p = t->start, end = t->end, n = 0;
	uint32_t *m = NULL;
	char *o;
	int rc = 0;

	if (t->kind == ZL_TOK_QUOTED) {
		p++;
		if (!(t->flags & ZL_TOKF_UNTERMINATED) && end > p)
			end--;
	}
	if (end < p)
		end = p;
	o = zl_buf_reserve(out, end - p);
	if (map != NULL) {
		*map = zl_xgrow(*map, sizeof(**map), *map_len + (end - p) + 2,
		    map_cap);
		m = *map + *map_len;
	}
	if (memchr(d + p, '\\', end - p) == NULL) {
		n = end - p;
		memcpy(o, d + p, n);
		if (m != NULL)
			for (size_t i = 0; i < n; i++)
				m[i] = (uint32_t)(p + i);
		goto done;
	}
	while (p < end) {
		unsigned char c = (unsigned char)d[p];
		size_t at = p;

		if (c == '\\' && p + 1 < end) {
			if (p + 3 < end && d[p + 1] >= '0' && d[p + 1] <= '9' &&
			    d[p + 2] >= '0' && d[p + 2] <= '9' &&
			    d[p + 3] >= '0' && d[p + 3] <= '9') {
				unsigned v = (unsigned)(d[p + 1] - '0') * 100 +
				    (unsigned)(d[p + 2] - '0') * 10 +
				    (unsigned)(d[p + 3] - '0');
				if (v > 255)
					rc = -1;
				c = (unsigned char)v;
				p += 4;
			} else {
				c = (unsigned char)d[p + 1];
				p += 2;
			}
		} else {
			p++;
		}
		o[n] = (char)c;
		if (m != NULL)
			m[n] = (uint32_t)at;
		n++;
	}
done:
	out->len += n;
	out->data[out->len] = '\0';
	if (map != NULL)
		*map_len += n;
	return rc;
}

const char *
zl_type_name(uint16_t type, char *buf)
{
	const char *n = zl_type_to_str(type);

	if (n != NULL)
		return n;
	snprintf(buf, 16, "TYPE%u", (unsigned)type);
	return buf;
}

int
zl_type_name_field(uint16_t type)
{
	switch (type) {
	case LDNS_RR_TYPE_NS:
	case LDNS_RR_TYPE_CNAME:
	case LDNS_RR_TYPE_PTR:
	case LDNS_RR_TYPE_DNAME:
		return 0;
	case LDNS_RR_TYPE_MX:
		return 1;
	case LDNS_RR_TYPE_SRV:
		return 3;
	default:
		return -1;
	}
}
