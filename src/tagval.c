/* SPDX-License-Identifier: MIT */
/* Tag-list lexer; see tagval.h. */
#include "tagval.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/*
 * White space by class: bit 0 for SP and HTAB, bit 1 for CR and LF, so
 * that a mode is a mask (the trims run over every tag of every record).
 */
static const unsigned char wscls[256] = {
	['\t'] = 1, [' '] = 1, ['\r'] = 2, ['\n'] = 2,
};

static int
ws_mask(enum zl_tag_ws ws)
{
	return ws == ZL_TAG_FWS ? 3 : 1;
}

static int
is_ws(char c, int mask)
{
	return (wscls[(unsigned char)c] & mask) != 0;
}

/* Room for one more tag, cleared. */
static struct zl_tag *
new_tag(struct zl_taglist *l)
{
	struct zl_tag *t;

	if (l->n == l->cap)
		l->v = zl_xgrow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	t = &l->v[l->n++];
	memset(t, 0, sizeof(*t));
	return t;
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum_(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '_';
}

void
zl_taglist_parse(struct zl_taglist *l, const char *s, size_t n,
    enum zl_tag_ws ws)
{
	int mask = ws_mask(ws);
	size_t p = 0;

	l->n = 0;
	l->trailing_semicolon = 0;
	l->trailing_space = 0;
	while (p <= n) {
		const char *semi = p < n ? memchr(s + p, ';', n - p) : NULL;
		size_t e = semi ? (size_t)(semi - s) : n;
		size_t a = p, b = e, eq;
		struct zl_tag *t;
		const char *q;

		while (a < b && is_ws(s[a], mask))
			a++;
		while (b > a && is_ws(s[b - 1], mask))
			b--;
		if (a == b) {
			if (semi == NULL) {
				/* end of the list: empty after a final ';' is fine */
				if (l->n > 0 && p > 0) {
					l->trailing_semicolon = 1;
					l->trailing_space = e > p;
				} else if (l->n == 0 && n > 0 && p == 0) {
					/* all white space */
					t = new_tag(l);
					t->spec_off = p;
					t->spec_len = e - p;
					t->err = ZL_TAG_EMPTY_SPEC;
				}
				break;
			}
			t = new_tag(l);
			t->spec_off = p;
			t->spec_len = e - p;
			t->name_off = a;
			t->val_off = a;
			t->err = ZL_TAG_EMPTY_SPEC;
			p = e + 1;
			continue;
		}
		t = new_tag(l);
		t->spec_off = p;
		t->spec_len = e - p;
		q = memchr(s + a, '=', b - a);
		if (q == NULL) {
			t->name_off = a;
			t->name_len = b - a;
			t->val_off = b;
			t->err = ZL_TAG_NO_EQUALS;
		} else {
			size_t na = a, nb;

			eq = (size_t)(q - s);
			nb = eq;
			while (nb > na && is_ws(s[nb - 1], mask))
				nb--;
			t->name_off = na;
			t->name_len = nb - na;
			a = eq + 1;
			while (a < b && is_ws(s[a], mask))
				a++;
			t->val_off = a;
			t->val_len = b - a;
			if (t->name_len == 0) {
				t->err = ZL_TAG_EMPTY_NAME;
			} else {
				for (size_t i = na; i < nb; i++)
					if (is_ws(s[i], mask)) {
						t->err = ZL_TAG_SPACE_IN_NAME;
						break;
					}
				if (t->err == ZL_TAG_OK) {
					if (!is_alpha(s[na]))
						t->err = ZL_TAG_BAD_NAME;
					for (size_t i = na + 1; i < nb && !t->err; i++)
						if (!is_alnum_(s[i]))
							t->err = ZL_TAG_BAD_NAME;
				}
			}
		}
		if (semi == NULL)
			break;
		p = e + 1;
		if (p == n) {
			l->trailing_semicolon = 1;
			break;
		}
	}
}

void
zl_taglist_release(struct zl_taglist *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

const char *
zl_tag_strerror(enum zl_tag_err e)
{
	switch (e) {
	case ZL_TAG_OK:
		return "no error";
	case ZL_TAG_NO_EQUALS:
		return "tag without '='";
	case ZL_TAG_EMPTY_NAME:
		return "tag with no name before '='";
	case ZL_TAG_EMPTY_SPEC:
		return "empty tag between two ';'";
	case ZL_TAG_BAD_NAME:
		return "tag name must be a letter followed by letters, digits or '_'";
	case ZL_TAG_SPACE_IN_NAME:
		return "white space inside a tag name";
	}
	return "?";
}
