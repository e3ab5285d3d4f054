/* SPDX-License-Identifier: MIT */
/* Growable byte buffer; see buf.h. */
#include "buf.h"

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
