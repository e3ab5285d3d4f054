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

#include "buf.h"
#include "xalloc.h"
#include "zone_int.h"

static uint32_t
hash_name(const uint8_t *w, size_t len)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < len; i++) {
		h ^= w[i];
		h *= 1099511628211ull;
	}
	return (uint32_t)(h ^ (h >> 32));
}

static void
rehash(struct zl_zone *z)
{
	size_t ncap = z->hcap ? z->hcap * 2 : 1024;
	uint32_t *t = zl_xcalloc(ncap, sizeof(*t));

	for (size_t i = 0; i < z->nnames; i++) {
		size_t j = z->names[i].hash & (ncap - 1);

		while (t[j])
			j = (j + 1) & (ncap - 1);
		t[j] = (uint32_t)i + 1;
	}
	free(z->htab);
	z->htab = t;
	z->hcap = ncap;
}

uint32_t
zl_zone_find_name(const struct zl_zone *z, const uint8_t *w, size_t len)
{
	uint32_t h;
	size_t j;

	if (z->hcap == 0)
		return ZL_NONE;
	h = hash_name(w, len);
	j = h & (z->hcap - 1);
	while (z->htab[j]) {
		const struct zl_name *n = &z->names[z->htab[j] - 1];

		if (n->hash == h && n->len == len &&
		    memcmp(z->pool + n->off, w, len) == 0)
			return z->htab[j] - 1;
		j = (j + 1) & (z->hcap - 1);
	}
	return ZL_NONE;
}

uint32_t
zl_zone_intern(struct zl_zone *z, const uint8_t *w, size_t len)
{
	uint32_t h = hash_name(w, len);
	size_t j;
	struct zl_name *n;

	if ((z->nnames + 1) * 2 > z->hcap)
		rehash(z);
	j = h & (z->hcap - 1);
	while (z->htab[j]) {
		n = &z->names[z->htab[j] - 1];
		if (n->hash == h && n->len == len &&
		    memcmp(z->pool + n->off, w, len) == 0)
			return z->htab[j] - 1;
		j = (j + 1) & (z->hcap - 1);
	}
	z->names = zl_xgrow(z->names, sizeof(*z->names), z->nnames + 1,
	    &z->names_cap);
	z->pool = zl_xgrow(z->pool, 1, z->pool_len + len + 1, &z->pool_cap);
	n = &z->names[z->nnames];
	n->off = (uint32_t)z->pool_len;
	n->len = (uint8_t)len;
	n->hash = h;
	n->first = n->last = ZL_NONE;
	n->nrecs = 0;
	n->flags = 0;
	if (len)
		memcpy(z->pool + z->pool_len, w, len);
	z->pool_len += len;
	z->htab[j] = (uint32_t)z->nnames + 1;
	return (uint32_t)z->nnames++;
}

const uint8_t *
zl_zone_name_wire(const struct zl_zone *z, uint32_t id, size_t *len)
{
	*len = z->names[id].len;
	return z->pool + z->names[id].off;
}

const char *
zl_zone_name_text(const struct zl_zone *z, uint32_t id, char *buf)
{
	size_t len;
	const uint8_t *w = zl_zone_name_wire(z, id, &len);

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
	const uint8_t *o = zl_zone_name_wire(z, z->origin, &olen);

	if (zl_name_parse(text, strlen(text), o, olen, w, &len, &rel, &err) != 0)
		return ZL_NONE;
	return zl_zone_find_name(z, w, len);
}

int
zl_zone_in_zone(const struct zl_zone *z, const uint8_t *w, size_t len)
{
	size_t olen;
	const uint8_t *o = zl_zone_name_wire(z, z->origin, &olen);

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
	free(z->names);
	free(z->pool);
	free(z->htab);
	for (size_t i = 0; i < z->nerrs; i++)
		free(z->errs[i].msg);
	free(z->errs);
	free(z->incs);
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

int
zl_token_decode(const char *d, const struct zl_token *t, struct zl_buf *out,
    uint32_t **map, size_t *map_len, size_t *map_cap)
{
	size_t p = t->start, end = t->end;
	int rc = 0;

	if (t->kind == ZL_TOK_QUOTED) {
		p++;
		if (!(t->flags & ZL_TOKF_UNTERMINATED) && end > p)
			end--;
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
		zl_buf_addc(out, (char)c);
		if (map != NULL) {
			*map = zl_xgrow(*map, sizeof(**map), *map_len + 2, map_cap);
			(*map)[(*map_len)++] = (uint32_t)at;
		}
	}
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
