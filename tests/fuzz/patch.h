/* SPDX-License-Identifier: MIT */
/*
 * A small unified-diff applier for the fuzz targets, written from the
 * format (git's hunk-header rules, "\\ No newline at end of file") and not
 * from src/diff.c, so that it can judge what diff.c writes: apply_diff()
 * fails on any line that does not match, and its result must be the new
 * text exactly.
 */
#ifndef ZL_FUZZ_PATCH_H
#define ZL_FUZZ_PATCH_H

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

/* Lines of a text, each with its '\n' when it has one. */
struct lines {
	const char **p;
	size_t *len;
	size_t n;
};

static inline void
split_lines(struct lines *l, const char *s, size_t n)
{
	size_t cap = 1;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			cap++;
	l->p = zl_xmalloc(cap * sizeof(*l->p));
	l->len = zl_xmalloc(cap * sizeof(*l->len));
	l->n = 0;
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) + 1 : n;

		l->p[l->n] = s + i;
		l->len[l->n++] = e - i;
		i = e;
	}
}

static inline void
free_lines(struct lines *l)
{
	free(l->p);
	free(l->len);
}

/* Parse "N" or "N,M" at *s; the count defaults to 1 (git's rule). */
static inline int
parse_range(const char **s, const char *end, size_t *start, size_t *count)
{
	const char *p = *s;

	*start = 0;
	*count = 1;
	if (p >= end || *p < '0' || *p > '9')
		return -1;
	while (p < end && *p >= '0' && *p <= '9')
		*start = *start * 10 + (size_t)(*p++ - '0');
	if (p < end && *p == ',') {
		p++;
		*count = 0;
		if (p >= end || *p < '0' || *p > '9')
			return -1;
		while (p < end && *p >= '0' && *p <= '9')
			*count = *count * 10 + (size_t)(*p++ - '0');
	}
	*s = p;
	return 0;
}

/*
 * Apply unified diff d to old, appending to out. Returns 0, or -1 with a
 * reason in *why when the diff does not fit old.
 */
static inline int
apply_diff(const char *old, size_t oldlen, const char *d, size_t dlen,
    struct zl_buf *out, const char **why)
{
	struct lines ol, dl;
	size_t oi = 0, di = 0;
	int rc = -1;

	split_lines(&ol, old, oldlen);
	split_lines(&dl, d, dlen);
	*why = "no --- line";
	if (dl.n < 2 || dl.len[0] < 4 || memcmp(dl.p[0], "--- ", 4) != 0)
		goto out;
	*why = "no +++ line";
	if (dl.len[1] < 4 || memcmp(dl.p[1], "+++ ", 4) != 0)
		goto out;
	di = 2;
	while (di < dl.n) {
		const char *h = dl.p[di], *he = h + dl.len[di];
		size_t s1, c1, s2, c2, upto;

		*why = "bad hunk header";
		if (dl.len[di] < 4 || memcmp(h, "@@ -", 4) != 0)
			goto out;
		h += 4;
		if (parse_range(&h, he, &s1, &c1) != 0 || h + 2 > he ||
		    memcmp(h, " +", 2) != 0)
			goto out;
		h += 2;
		if (parse_range(&h, he, &s2, &c2) != 0)
			goto out;
		(void)s2;
		upto = c1 == 0 ? s1 : s1 - 1;
		*why = "hunk goes backwards";
		if (c1 > 0 && s1 == 0)
			goto out;
		if (upto < oi || upto > ol.n)
			goto out;
		while (oi < upto) {
			zl_buf_add(out, ol.p[oi], ol.len[oi]);
			oi++;
		}
		di++;
		while (di < dl.n && dl.len[di] > 0 && dl.p[di][0] != '@') {
			const char *t = dl.p[di] + 1;
			size_t tl = dl.len[di] - 1;
			char op = dl.p[di][0];

			if (di + 1 < dl.n && dl.p[di + 1][0] == '\\') {
				/* "\ No newline at end of file": drop the '\n' */
				*why = "'\\' line after a line without a break";
				if (tl == 0 || t[tl - 1] != '\n')
					goto out;
				tl--;
			}
			if (op == ' ' || op == '-') {
				*why = "context or removed line does not match";
				if (oi >= ol.n || ol.len[oi] != tl ||
				    memcmp(ol.p[oi], t, tl) != 0)
					goto out;
				if (op == ' ')
					zl_buf_add(out, t, tl);
				oi++;
			} else if (op == '+') {
				zl_buf_add(out, t, tl);
			} else if (op != '\\') {
				*why = "unknown diff line";
				goto out;
			}
			di++;
		}
	}
	while (oi < ol.n) {
		zl_buf_add(out, ol.p[oi], ol.len[oi]);
		oi++;
	}
	rc = 0;
out:
	free_lines(&ol);
	free_lines(&dl);
	return rc;
}

#endif
