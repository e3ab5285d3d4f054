/* SPDX-License-Identifier: MIT */
/* Findings and fixes; see diag.h. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

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

void
zl_diag_list_release(struct zl_diag_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].message);
		zl_fix_free(l->v[i].fix);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
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
			free(l->v[i].message);
			zl_fix_free(l->v[i].fix);
			continue;
		}
		l->v[o++] = l->v[i];
	}
	l->n = o;
}
