/* SPDX-License-Identifier: MIT */
/*
 * struct zl_buf: a growable byte buffer (git strbuf, curl dynbuf).
 * Invariant: data is NUL-terminated when len > 0 or after any append, so
 * it can be used as a C string; it may also hold NUL bytes inside.
 */
#ifndef ZL_BUF_H
#define ZL_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include "xalloc.h"

struct zl_buf {
	char *data;
	size_t len, cap;
};

#define ZL_BUF_INIT { NULL, 0, 0 }

void zl_buf_init(struct zl_buf *b);
void zl_buf_release(struct zl_buf *b);
void zl_buf_reset(struct zl_buf *b);
void zl_buf_add(struct zl_buf *b, const void *p, size_t n);
void zl_buf_adds(struct zl_buf *b, const char *s);
void zl_buf_addf(struct zl_buf *b, const char *fmt, ...) ZL_PRINTF(2, 3);
void zl_buf_vaddf(struct zl_buf *b, const char *fmt, va_list ap);
/* A 32-bit hash of n bytes (for hash tables). */
uint32_t zl_hash_bytes(const void *p, size_t n);
/* Take the contents (caller frees); b is left empty. Never NULL. */
char *zl_buf_take(struct zl_buf *b);
/* Make room for n more bytes; returns where they go (not counted in len). */
char *zl_buf_reserve(struct zl_buf *b, size_t n);
/* One byte: inline, as text output appends most bytes one at a time. */
static inline void
zl_buf_addc(struct zl_buf *b, char c)
{
	if (b->len + 2 > b->cap)
		zl_buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

#endif
