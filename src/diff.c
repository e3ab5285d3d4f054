/* SPDX-License-Identifier: MIT */
/* Unified diff writer; see diff.h. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct line {
	const char *p;
	size_t n;          /* with its line break */
	uint64_t h;
};

struct lines {
	struct line *v;
	size_t n, cap;
};

static void
split(const char *s, size_t len, struct lines *l)
{
	size_t p = 0;

	while (p < len) {
		const char *nl = memchr(s + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - s) + 1 : len;
		uint64_t h = 1469598103934665603ull;

		for (size_t i = p; i < e; i++) {
			h ^= (unsigned char)s[i];
			h *= 1099511628211ull;
		}
		l->v = zl_xgrow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
		l->v[l->n].p = s + p;
		l->v[l->n].n = e - p;
		l->v[l->n].h = h;
		l->n++;
		p = e;
	}
}

static int
eq(const struct line *x, const struct line *y)
{
	return x->h == y->h && x->n == y->n && memcmp(x->p, y->p, x->n) == 0;
}

/* An edit script as a list of ops over the lines: ' ', '-', '+'. */
struct op {
	char kind;
	size_t ai, bi;
};

struct ops {
	struct op *v;
	size_t n, cap;
};

static void
push_op(struct ops *o, char kind, size_t ai, size_t bi)
{
	o->v = zl_xgrow(o->v, sizeof(*o->v), o->n + 1, &o->cap);
	o->v[o->n].kind = kind;
	o->v[o->n].ai = ai;
	o->v[o->n].bi = bi;
	o->n++;
}

/*
 * Myers' greedy algorithm between a[a0..a1) and b[b0..b1); the traces of V
 * are kept per D so the path can be walked back. Memory is O(D^2).
 */
static void
myers(const struct lines *A, size_t a0, size_t a1, const struct lines *B,
    size_t b0, size_t b1, struct ops *out)
{
	long n = (long)(a1 - a0), m = (long)(b1 - b0), max = n + m;
	long **trace = NULL;
	long d, found = -1;
	size_t tcap = 0;
	long *v;

	v = zl_xcalloc((size_t)(2 * max + 3), sizeof(*v));
	for (d = 0; d <= max; d++) {
		long *snap;

		for (long k = -d; k <= d; k += 2) {
			long x, y;

			if (k == -d || (k != d && v[max + k - 1] < v[max + k + 1]))
				x = v[max + k + 1];
			else
				x = v[max + k - 1] + 1;
			y = x - k;
			while (x < n && y < m &&
			    eq(&A->v[a0 + (size_t)x], &B->v[b0 + (size_t)y])) {
				x++;
				y++;
			}
			v[max + k] = x;
			if (x >= n && y >= m) {
				found = d;
				break;
			}
		}
		trace = zl_xgrow(trace, sizeof(*trace), (size_t)d + 1, &tcap);
		snap = zl_xmalloc((size_t)(2 * d + 1) * sizeof(*snap));
		for (long k = -d; k <= d; k++)
			snap[k + d] = v[max + k];
		trace[d] = snap;
		if (found >= 0)
			break;
	}
	/* walk back */
	{
		long x = n, y = m;
		struct ops rev = { NULL, 0, 0 };

		for (d = found; d > 0; d--) {
			long *pv = trace[d - 1];
			long k = x - y, pk, px, py;

#define PV(kk) pv[(kk) + (d - 1)]
			if (k == -d || (k != d && PV(k - 1) < PV(k + 1)))
				pk = k + 1;
			else
				pk = k - 1;
			px = PV(pk);
			py = px - pk;
#undef PV
			while (x > px && y > py) {
				push_op(&rev, ' ', a0 + (size_t)(x - 1), b0 + (size_t)(y - 1));
				x--;
				y--;
			}
			if (x == px)
				push_op(&rev, '+', a0 + (size_t)x, b0 + (size_t)(y - 1));
			else
				push_op(&rev, '-', a0 + (size_t)(x - 1), b0 + (size_t)y);
			x = px;
			y = py;
		}
		while (x > 0 && y > 0) {
			push_op(&rev, ' ', a0 + (size_t)(x - 1), b0 + (size_t)(y - 1));
			x--;
			y--;
		}
		for (size_t i = rev.n; i > 0; i--)
			push_op(out, rev.v[i - 1].kind, rev.v[i - 1].ai,
			    rev.v[i - 1].bi);
		free(rev.v);
	}
	for (long i = 0; i <= found; i++)
		free(trace[i]);
	free(trace);
	free(v);
}

static void
emit_line(struct zl_buf *out, char c, const struct line *l)
{
	zl_buf_addc(out, c);
	zl_buf_add(out, l->p, l->n);
	if (l->n == 0 || l->p[l->n - 1] != '\n') {
		zl_buf_adds(out, "\n\\ No newline at end of file\n");
	}
}

static void
range(struct zl_buf *out, size_t start, size_t count)
{
	/* git xdl_format_hunk_hdr: start is 1-based; start-1 when empty */
	if (count == 1)
		zl_buf_addf(out, "%zu", start + 1);
	else
		zl_buf_addf(out, "%zu,%zu", count ? start + 1 : start, count);
}

void
zl_diff_write(struct zl_buf *out, const char *path, const char *a, size_t alen,
    const char *b, size_t blen)
{
	struct lines A = { NULL, 0, 0 }, B = { NULL, 0, 0 };
	struct ops ops = { NULL, 0, 0 };
	size_t pre = 0, suf = 0;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return;
	split(a, alen, &A);
	split(b, blen, &B);
	while (pre < A.n && pre < B.n && eq(&A.v[pre], &B.v[pre]))
		pre++;
	while (suf < A.n - pre && suf < B.n - pre &&
	    eq(&A.v[A.n - 1 - suf], &B.v[B.n - 1 - suf]))
		suf++;
	for (size_t i = 0; i < pre; i++)
		push_op(&ops, ' ', i, i);
	myers(&A, pre, A.n - suf, &B, pre, B.n - suf, &ops);
	for (size_t i = 0; i < suf; i++)
		push_op(&ops, ' ', A.n - suf + i, B.n - suf + i);

	zl_buf_addf(out, "--- a/%s\n+++ b/%s\n", path, path);
	/* group changes into hunks with 3 lines of context */
	for (size_t i = 0; i < ops.n;) {
		size_t hs, he, j, ctx = 3;

		while (i < ops.n && ops.v[i].kind == ' ')
			i++;
		if (i >= ops.n)
			break;
		hs = i >= ctx ? i - ctx : 0;
		j = i;
		for (;;) {
			size_t run = 0, k = j;

			while (k < ops.n && ops.v[k].kind != ' ')
				k++;
			while (k + run < ops.n && ops.v[k + run].kind == ' ')
				run++;
			if (k + run >= ops.n || run > 2 * ctx) {
				he = k + (run < ctx ? run : ctx);
				break;
			}
			j = k + run;
		}
		{
			size_t as = 0, bs = 0, ac = 0, bc = 0;
			int have_a = 0, have_b = 0;

			for (size_t k = hs; k < he; k++) {
				const struct op *o = &ops.v[k];

				if (o->kind != '+') {
					if (!have_a) {
						as = o->ai;
						have_a = 1;
					}
					ac++;
				}
				if (o->kind != '-') {
					if (!have_b) {
						bs = o->bi;
						have_b = 1;
					}
					bc++;
				}
			}
			if (!have_a) /* pure insertion: the line before it */
				as = ops.v[hs].ai;
			if (!have_b)
				bs = ops.v[hs].bi;
			zl_buf_adds(out, "@@ -");
			range(out, as, ac);
			zl_buf_adds(out, " +");
			range(out, bs, bc);
			zl_buf_adds(out, " @@\n");
			for (size_t k = hs; k < he; k++) {
				const struct op *o = &ops.v[k];

				if (o->kind == '+')
					emit_line(out, '+', &B.v[o->bi]);
				else if (o->kind == '-')
					emit_line(out, '-', &A.v[o->ai]);
				else
					emit_line(out, ' ', &A.v[o->ai]);
			}
		}
		i = he;
	}
	free(A.v);
	free(B.v);
	free(ops.v);
}
