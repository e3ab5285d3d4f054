/* SPDX-License-Identifier: MIT */
/* Unified diff writer; see diff.h. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/*
 * Lines as offsets into their text (16 bytes each): the diff of a 75 MB
 * zone has two million of them. Sources are under 4 GB (ZL_SOURCE_MAX),
 * so offsets and indices fit 32 bits.
 */
struct line {
	uint32_t off;
	uint32_t n;        /* with its line break */
	uint64_t h;
};

struct lines {
	const char *base;
	struct line *v;
	size_t n, cap;
};

static void
split(const char *s, size_t len, struct lines *l)
{
	size_t p = 0;

	l->base = s;
	while (p < len) {
		const char *nl = memchr(s + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - s) + 1 : len;
		uint64_t h = 1469598103934665603ull;

		for (size_t i = p; i < e; i++) {
			h ^= (unsigned char)s[i];
			h *= 1099511628211ull;
		}
		l->v = zl_xgrow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
		l->v[l->n].off = (uint32_t)p;
		l->v[l->n].n = (uint32_t)(e - p);
		l->v[l->n].h = h;
		l->n++;
		p = e;
	}
}

/* Line i of A is line j of B. */
static int
eq(const struct lines *A, size_t i, const struct lines *B, size_t j)
{
	const struct line *x = &A->v[i], *y = &B->v[j];

	return x->h == y->h && x->n == y->n &&
	    memcmp(A->base + x->off, B->base + y->off, x->n) == 0;
}

/* An edit script as a list of ops over the lines: ' ', '-', '+'. */
struct op {
	uint32_t ai, bi;
	char kind;
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
	o->v[o->n].ai = (uint32_t)ai;
	o->v[o->n].bi = (uint32_t)bi;
	o->n++;
}

/*
 * Hardening (issue 8): Myers costs O((N+M)·D) time and, with the traces
 * kept, O(D^2) memory. One 10 MB TXT line split into 39,000 strings made
 * D 39,000: 12 GB of traces and a minute of swapping. So D is capped by a
 * work budget, and the caller falls back to replacing the whole range
 * (still a correct diff, only not a minimal one); long ranges are first
 * cut at anchors, lines that occur once on each side (patience diff), so
 * the ranges Myers sees stay short.
 */
#define MYERS_BUDGET 20000000L  /* (N+M)·D steps per range */
#define MYERS_D_MAX 2000L       /* traces: at most ~32 MB */
#define MYERS_D_MIN 64L

/* Every line of a[a0..a1) removed, then every line of b[b0..b1) added. */
static void
replace_all(size_t a0, size_t a1, size_t b0, size_t b1, struct ops *out)
{
	for (size_t i = a0; i < a1; i++)
		push_op(out, '-', i, b0);
	for (size_t j = b0; j < b1; j++)
		push_op(out, '+', a1, j);
}

/*
 * Myers' greedy algorithm between a[a0..a1) and b[b0..b1); the traces of V
 * are kept per D so the path can be walked back. Memory is O(D^2).
 * Returns -1, having written nothing, when D would pass the budget.
 */
static int
myers(const struct lines *A, size_t a0, size_t a1, const struct lines *B,
    size_t b0, size_t b1, struct ops *out)
{
	long n = (long)(a1 - a0), m = (long)(b1 - b0), max = n + m;
	long **trace = NULL;
	long d, found = -1, dmax;
	size_t tcap = 0;
	long *v;

	dmax = MYERS_BUDGET / (max + 1);
	if (dmax > MYERS_D_MAX)
		dmax = MYERS_D_MAX;
	if (dmax < MYERS_D_MIN)
		dmax = MYERS_D_MIN;
	v = zl_xcalloc((size_t)(2 * max + 3), sizeof(*v));
	for (d = 0; d <= max; d++) {
		long *snap;

		if (d > dmax) {
			for (long i = 0; i < d; i++)
				free(trace[i]);
			free(trace);
			free(v);
			return -1;
		}
		for (long k = -d; k <= d; k += 2) {
			long x, y;

			if (k == -d || (k != d && v[max + k - 1] < v[max + k + 1]))
				x = v[max + k + 1];
			else
				x = v[max + k - 1] + 1;
			y = x - k;
			while (x < n && y < m &&
			    eq(A, a0 + (size_t)x, B, b0 + (size_t)y)) {
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
	return 0;
}

/* Myers on one range, or the whole range replaced when that is too costly. */
static void
diff_gap(const struct lines *A, size_t a0, size_t a1, const struct lines *B,
    size_t b0, size_t b1, struct ops *out)
{
	if (a0 == a1 || b0 == b1 || myers(A, a0, a1, B, b0, b1, out) != 0)
		replace_all(a0, a1, b0, b1, out);
}

/* 12 bytes: the table of a whole zone's lines has millions of slots. */
struct uslot {
	uint32_t ia, ib;        /* where the line was last seen in a and b */
	uint8_t na, nb;         /* occurrences, counted up to 2; na 0: empty */
};

/*
 * Patience anchors (Bram Cohen's patience diff, git's xpatience.c): the
 * lines that occur exactly once in a[a0..a1) and once in b[b0..b1), in the
 * longest sequence increasing on both sides. The ranges between anchors
 * go to diff_gap(). Zone files are mostly unique lines, so the gaps are
 * short wherever the fixes are.
 */
static void
diff_range(const struct lines *A, size_t a0, size_t a1, const struct lines *B,
    size_t b0, size_t b1, struct ops *out)
{
	size_t n = a1 - a0, m = b1 - b0, cap = 16, mask, k = 0, len = 0;
	struct uslot *tab;
	uint32_t *ua, *ub;
	size_t *tails, *prev, *seq;

	if (n + m <= 512) {
		diff_gap(A, a0, a1, B, b0, b1, out);
		return;
	}
	/* a's lines at most, under 3/4 full */
	while (cap / 4 * 3 < n + 1)
		cap *= 2;
	mask = cap - 1;
	tab = zl_xcalloc(cap, sizeof(*tab));
	for (int side = 0; side < 2; side++) {
		const struct lines *L = side ? B : A;
		size_t s0 = side ? b0 : a0, s1 = side ? b1 : a1;

		for (size_t i = s0; i < s1; i++) {
			size_t h = (size_t)L->v[i].h & mask;

			while (tab[h].na != 0 && !eq(A, tab[h].ia, L, i))
				h = (h + 1) & mask;
			if (tab[h].na == 0) {
				if (side) /* only in b: never an anchor */
					continue;
				tab[h].ia = (uint32_t)i;
			}
			if (side) {
				tab[h].ib = (uint32_t)i;
				if (tab[h].nb < 2)
					tab[h].nb++;
			} else {
				if (tab[h].na < 2)
					tab[h].na++;
			}
		}
	}
	/* unique pairs in a's order, then the longest run increasing in b */
	ua = zl_xmalloc((n + 1) * sizeof(*ua));
	ub = zl_xmalloc((n + 1) * sizeof(*ub));
	for (size_t i = a0; i < a1; i++) {
		size_t h = (size_t)A->v[i].h & mask;

		while (!eq(A, tab[h].ia, A, i))
			h = (h + 1) & mask;
		if (tab[h].na == 1 && tab[h].nb == 1) {
			ua[k] = (uint32_t)i;
			ub[k] = tab[h].ib;
			k++;
		}
	}
	free(tab);
	tails = zl_xmalloc((k + 1) * sizeof(*tails));
	prev = zl_xmalloc((k + 1) * sizeof(*prev));
	for (size_t i = 0; i < k; i++) {
		size_t lo = 0, hi = len;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (ub[tails[mid]] < ub[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo > 0 ? tails[lo - 1] : SIZE_MAX;
		tails[lo] = i;
		if (lo == len)
			len++;
	}
	seq = zl_xmalloc((len + 1) * sizeof(*seq));
	if (len > 0) {
		size_t i = tails[len - 1];

		for (size_t j = len; j > 0; j--) {
			seq[j - 1] = i;
			i = prev[i];
		}
	}
	{
		size_t pa = a0, pb = b0;

		for (size_t j = 0; j < len; j++) {
			size_t ia = ua[seq[j]], ib = ub[seq[j]];

			diff_gap(A, pa, ia, B, pb, ib, out);
			push_op(out, ' ', ia, ib);
			pa = ia + 1;
			pb = ib + 1;
		}
		diff_gap(A, pa, a1, B, pb, b1, out);
	}
	free(seq);
	free(prev);
	free(tails);
	free(ua);
	free(ub);
}

static void
emit_line(struct zl_buf *out, char c, const struct lines *L, size_t i)
{
	const struct line *l = &L->v[i];
	const char *p = L->base + l->off;

	zl_buf_addc(out, c);
	zl_buf_add(out, p, l->n);
	if (l->n == 0 || p[l->n - 1] != '\n') {
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
	struct lines A = { NULL, NULL, 0, 0 }, B = { NULL, NULL, 0, 0 };
	struct ops ops = { NULL, 0, 0 };
	size_t pre = 0, suf = 0;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return;
	split(a, alen, &A);
	split(b, blen, &B);
	while (pre < A.n && pre < B.n && eq(&A, pre, &B, pre))
		pre++;
	while (suf < A.n - pre && suf < B.n - pre &&
	    eq(&A, A.n - 1 - suf, &B, B.n - 1 - suf))
		suf++;
	for (size_t i = 0; i < pre; i++)
		push_op(&ops, ' ', i, i);
	diff_range(&A, pre, A.n - suf, &B, pre, B.n - suf, &ops);
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
					emit_line(out, '+', &B, o->bi);
				else if (o->kind == '-')
					emit_line(out, '-', &A, o->ai);
				else
					emit_line(out, ' ', &A, o->ai);
			}
		}
		i = he;
	}
	free(A.v);
	free(B.v);
	free(ops.v);
}
