/* SPDX-License-Identifier: MIT */
/* Findings and fixes; see diag.h. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
zl_fix_free(struct zl_fix *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nedits; i++)
		free(f->edits[i].text);
	free(f->edits);
	free(f->title);
	free(f);
}

struct zl_fix *
zl_fix_new(enum zl_applicability app, const char *title)
{
	struct zl_fix *f = zl_xcalloc(1, sizeof(*f));

	f->applicability = app;
	f->title = zl_xstrdup(title ? title : "");
	return f;
}

void
zl_fix_replacen(struct zl_fix *f, uint32_t src, uint32_t start, uint32_t end,
    const char *text, size_t n)
{
	struct zl_edit *e;

	f->edits = zl_xgrow(f->edits, sizeof(*f->edits), f->nedits + 1, &f->cap);
	e = &f->edits[f->nedits++];
	e->src = src;
	e->start = start;
	e->end = end;
	e->text = zl_xstrndup(text, n);
}

void
zl_fix_replace(struct zl_fix *f, uint32_t src, uint32_t start, uint32_t end,
    const char *text)
{
	zl_fix_replacen(f, src, start, end, text, strlen(text));
}

void
zl_fix_insert(struct zl_fix *f, uint32_t src, uint32_t at, const char *text)
{
	zl_fix_replace(f, src, at, at, text);
}

void
zl_fix_delete(struct zl_fix *f, uint32_t src, uint32_t start, uint32_t end)
{
	zl_fix_replace(f, src, start, end, "");
}

static int
edit_cmp(const void *a, const void *b)
{
	const struct zl_edit *x = a, *y = b;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

void
zl_fix_sort(struct zl_fix *f)
{
	if (f->nedits > 1)
		qsort(f->edits, f->nedits, sizeof(*f->edits), edit_cmp);
}

struct zl_msg_block {
	struct zl_msg_block *next;
	size_t used, size;
	char data[];
};

#define MSG_BLOCK (64 * 1024)

void
zl_diag_list_release(struct zl_diag_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		zl_fix_free(l->v[i].fix);
	free(l->v);
	while (l->blocks != NULL) {
		struct zl_msg_block *b = l->blocks;

		l->blocks = b->next;
		free(b);
	}
	free(l->mtab);
	memset(l, 0, sizeof(*l));
}

static char *
msg_store(struct zl_diag_list *l, const char *s, size_t n)
{
	struct zl_msg_block *b = l->blocks;
	char *p;

	if (b == NULL || b->size - b->used < n + 1) {
		size_t size = n + 1 > MSG_BLOCK ? n + 1 : MSG_BLOCK;

		b = zl_xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		if (l->blocks != NULL && n + 1 > MSG_BLOCK) {
			/* a text of its own size: keep filling the current block */
			b->next = l->blocks->next;
			l->blocks->next = b;
		} else {
			b->next = l->blocks;
			l->blocks = b;
		}
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

const char *
zl_diag_list_intern(struct zl_diag_list *l, const char *s, size_t n)
{
	size_t h;

	if ((l->nmsg + 1) * 4 > l->mcap * 3) {
		size_t ncap = l->mcap ? l->mcap * 2 : 256;
		const char **t = zl_xcalloc(ncap, sizeof(*t));

		for (size_t i = 0; i < l->mcap; i++) {
			const char *m = l->mtab[i];

			if (m == NULL)
				continue;
			h = (size_t)zl_hash_bytes(m, strlen(m)) & (ncap - 1);
			while (t[h] != NULL)
				h = (h + 1) & (ncap - 1);
			t[h] = m;
		}
		free(l->mtab);
		l->mtab = t;
		l->mcap = ncap;
	}
	for (h = (size_t)zl_hash_bytes(s, n) & (l->mcap - 1); l->mtab[h] != NULL;
	    h = (h + 1) & (l->mcap - 1)) {
		const char *m = l->mtab[h];

		if (strncmp(m, s, n) == 0 && m[n] == '\0' &&
		    memchr(s, '\0', n) == NULL)
			return m;
	}
	l->mtab[h] = msg_store(l, s, n);
	l->nmsg++;
	return l->mtab[h];
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct zl_diag *x = a, *y = b;
	int c;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	c = strcmp(x->message, y->message);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
zl_diag_list_sort(struct zl_diag_list *l)
{
	size_t o = 0;

	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), diag_cmp);
	for (size_t i = 0; i < l->n; i++) {
		if (o > 0 && l->v[o - 1].src == l->v[i].src &&
		    l->v[o - 1].start == l->v[i].start &&
		    l->v[o - 1].end == l->v[i].end &&
		    l->v[o - 1].rule == l->v[i].rule &&
		    strcmp(l->v[o - 1].message, l->v[i].message) == 0) {
			zl_fix_free(l->v[i].fix);
			continue;
		}
		l->v[o++] = l->v[i];
	}
	l->n = o;
}
