/* SPDX-License-Identifier: MIT */
/* Growable byte buffer; see buf.h. */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
zl_buf_init(struct zl_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
zl_buf_release(struct zl_buf *b)
{
	free(b->data);
	zl_buf_init(b);
}

void
zl_buf_reset(struct zl_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *
zl_buf_reserve(struct zl_buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = zl_xrealloc(b->data, cap);
		b->cap = cap;
	}
	return b->data + b->len;
}

void
zl_buf_add(struct zl_buf *b, const void *p, size_t n)
{
	char *d = zl_buf_reserve(b, n);

	if (n)
		memcpy(d, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
zl_buf_adds(struct zl_buf *b, const char *s)
{
	zl_buf_add(b, s, strlen(s));
}

void
zl_buf_vaddf(struct zl_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	size_t room;
	int n;

	/* print into the room there is; only a longer text pays twice */
	zl_buf_reserve(b, 128);
	room = b->cap - b->len;
	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, room, fmt, cp);
	va_end(cp);
	if (n <= 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		zl_buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
zl_buf_addf(struct zl_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zl_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *
zl_buf_take(struct zl_buf *b)
{
	char *p;

	if (b->data == NULL)
		return zl_xstrdup("");
	p = b->data;
	zl_buf_init(b);
	return p;
}

/*
 * Eight bytes at a time (a multiply-xorshift mix, as in SplitMix64):
 * owner names are 20 to 40 bytes and finding messages about 120, so this
 * is a handful of multiplications where FNV took one per byte. Names
 * (zone.c) and interned messages (diag.c) use it.
 */
uint32_t
zl_hash_bytes(const void *p, size_t len)
{
	const unsigned char *w = p;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)len;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t v;

		memcpy(&v, w + i, 8);
		h = (h ^ v) * 0xbf58476d1ce4e5b9ull;
		h ^= h >> 31;
	}
	if (i < len) {
		uint64_t v = 0;

		memcpy(&v, w + i, len - i);
		h = (h ^ v) * 0x94d049bb133111ebull;
		h ^= h >> 29;
	}
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 32;
	return (uint32_t)h;
}
