/* SPDX-License-Identifier: MIT */
/*
 * Allocation wrappers. Out of memory is not an error the library can
 * recover from (git, mandoc), so these never return NULL: they call the
 * out-of-memory handler, which the CLI sets to print and exit. Library
 * code itself never prints and never exits; the default handler aborts.
 */
#ifndef ZL_XALLOC_H
#define ZL_XALLOC_H

#include <stddef.h>

#if defined(__GNUC__)
#define ZL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ZL_NODISCARD __attribute__((warn_unused_result))
#else
#define ZL_PRINTF(f, a)
#define ZL_NODISCARD
#endif

typedef void zl_oom_fn(size_t size);
/* Install the function called when an allocation fails; it must not return. */
void zl_set_oom_handler(zl_oom_fn *fn);

void *zl_xmalloc(size_t size);
void *zl_xcalloc(size_t n, size_t size);
void *zl_xrealloc(void *p, size_t size);
/* Grow an array of n elements of size sz to hold at least want; *cap updated. */
void *zl_xgrow(void *p, size_t sz, size_t want, size_t *cap);
char *zl_xstrdup(const char *s);
char *zl_xstrndup(const char *s, size_t n);
/* malloc'd printf; caller frees */
char *zl_xasprintf(const char *fmt, ...) ZL_PRINTF(1, 2);

#endif
