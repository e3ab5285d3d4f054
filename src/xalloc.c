/* SPDX-License-Identifier: MIT */
/* Allocation wrappers that never return NULL (see xalloc.h). */
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static zl_oom_fn *oom_handler;

void
zl_set_oom_handler(zl_oom_fn *fn)
{
	oom_handler = fn;
}

static void
oom(size_t size)
{
	if (oom_handler != NULL)
		oom_handler(size);
	abort();
}

void *
zl_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		oom(size);
	return p;
}

void *
zl_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom(n * size);
	return p;
}

void *
zl_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (q == NULL)
		oom(size);
	return q;
}

void *
zl_xgrow(void *p, size_t sz, size_t want, size_t *cap)
{
	size_t n = *cap;

	if (want <= n)
		return p;
	if (n < 8)
		n = 8;
	while (n < want) {
		if (n > ((size_t)-1) / 2 / sz)
			oom(want * sz);
		n *= 2;
	}
	*cap = n;
	return zl_xrealloc(p, n * sz);
}

char *
zl_xstrdup(const char *s)
{
	return zl_xstrndup(s, strlen(s));
}

char *
zl_xstrndup(const char *s, size_t n)
{
	char *p = zl_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
zl_xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	p = zl_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
