/* SPDX-License-Identifier: MIT */
/*
 * DMARC policy record parser; see dmarc.h. The tag-list is split by the
 * lexer shared with DKIM (tagval.c); this file judges tag names and
 * values against RFC 7489 §6.3-§6.4 and RFC 9989.
 */
#include "dmarc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

static const char *const tag_names[ZL_DMARC_T__KNOWN] = {
	[ZL_DMARC_T_V] = "v",
	[ZL_DMARC_T_P] = "p",
	[ZL_DMARC_T_SP] = "sp",
	[ZL_DMARC_T_NP] = "np",
	[ZL_DMARC_T_ADKIM] = "adkim",
	[ZL_DMARC_T_ASPF] = "aspf",
	[ZL_DMARC_T_PCT] = "pct",
	[ZL_DMARC_T_FO] = "fo",
	[ZL_DMARC_T_RF] = "rf",
	[ZL_DMARC_T_RI] = "ri",
	[ZL_DMARC_T_RUA] = "rua",
	[ZL_DMARC_T_RUF] = "ruf",
	[ZL_DMARC_T_PSD] = "psd",
	[ZL_DMARC_T_T] = "t",
};

static int
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/*
 * s[0..n) equals w, ignoring case. w is lower-case letters only, for
 * which setting 0x20 on a byte of s is the same as lower() on it.
 */
static inline int
eq_ci(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] == '\0' || (s[i] | 0x20) != w[i])
			return 0;
	return w[i] == '\0';
}

/* The known tags by length of name (any case). */
static const signed char tags_by_len[6][5] = {
	{ -1, -1, -1, -1, -1 },
	{ ZL_DMARC_T_V, ZL_DMARC_T_P, ZL_DMARC_T_T, -1, -1 },
	{ ZL_DMARC_T_SP, ZL_DMARC_T_NP, ZL_DMARC_T_FO, ZL_DMARC_T_RF,
	    ZL_DMARC_T_RI },
	{ ZL_DMARC_T_PCT, ZL_DMARC_T_RUA, ZL_DMARC_T_RUF, ZL_DMARC_T_PSD, -1 },
	{ ZL_DMARC_T_ASPF, -1, -1, -1, -1 },
	{ ZL_DMARC_T_ADKIM, -1, -1, -1, -1 },
};

enum zl_dmarc_tag_id
zl_dmarc_tag_find(const char *name, size_t n)
{
	if (n == 0 || n > 5)
		return ZL_DMARC_T_UNKNOWN;
	for (int k = 0; k < 5 && tags_by_len[n][k] >= 0; k++) {
		int i = tags_by_len[n][k];

		if (eq_ci(name, n, tag_names[i]))
			return (enum zl_dmarc_tag_id)i;
	}
	return ZL_DMARC_T_UNKNOWN;
}

const char *
zl_dmarc_tag_name(enum zl_dmarc_tag_id id)
{
	return (int)id >= 0 && id < ZL_DMARC_T__KNOWN ? tag_names[id] : "?";
}

const char *
zl_dmarc_policy_name(enum zl_dmarc_policy p)
{
	switch (p) {
	case ZL_DMARC_POL_NONE:
		return "none";
	case ZL_DMARC_POL_QUARANTINE:
		return "quarantine";
	case ZL_DMARC_POL_REJECT:
		return "reject";
	case ZL_DMARC_POL_UNSET:
		break;
	}
	return "unset";
}

const char *
zl_dmarc_strerror(enum zl_dmarc_err e)
{
	switch (e) {
	case ZL_DMARC_OK:
		return "no error";
	case ZL_DMARC_E_EMPTY:
		return "empty record";
	case ZL_DMARC_E_LEADING_SPACE:
		return "white space before 'v=DMARC1'";
	case ZL_DMARC_E_NO_VERSION:
		return "the record does not start with 'v=DMARC1'";
	case ZL_DMARC_E_VERSION:
		return "the version must be exactly 'DMARC1' (case-sensitive)";
	case ZL_DMARC_E_TAGLIST:
		return "tag-list syntax error";
	case ZL_DMARC_E_DUPLICATE:
		return "duplicate tag";
	case ZL_DMARC_E_NO_POLICY:
		return "required tag 'p' missing and no usable 'rua'";
	case ZL_DMARC_E_POLICY:
		return "policy must be 'none', 'quarantine' or 'reject'";
	case ZL_DMARC_E_ALIGN:
		return "alignment mode must be 'r' or 's'";
	case ZL_DMARC_E_PCT:
		return "'pct' must be an integer from 0 to 100";
	case ZL_DMARC_E_FO:
		return "'fo' must be a ':'-separated list of '0', '1', 'd' and 's'";
	case ZL_DMARC_E_RF:
		return "'rf' must be 'afrf' (a ':'-separated list of report formats)";
	case ZL_DMARC_E_RI:
		return "'ri' must be an unsigned 32-bit integer";
	case ZL_DMARC_E_PSD:
		return "'psd' must be 'y', 'n' or 'u'";
	case ZL_DMARC_E_T:
		return "'t' must be 'y' or 'n'";
	case ZL_DMARC_E_URI_EMPTY:
		return "empty URI in the list";
	case ZL_DMARC_E_URI:
		return "not a URI (RFC 3986 §3)";
	case ZL_DMARC_E_URI_SPACE:
		return "white space inside a URI";
	case ZL_DMARC_E_URI_SIZE:
		return "bad size limit: '!' takes digits and an optional k, m, g or t";
	case ZL_DMARC_E_MAILTO:
		return "'mailto:' needs an address (local@domain)";
	}
	return "?";
}

enum zl_dmarc_start
zl_dmarc_start(const char *s, size_t n)
{
	size_t i = 0, lead;

	while (i < n && is_wsp(s[i]))
		i++;
	lead = i;
	if (i < n && lower(s[i]) == 'v') {
		i++;
		while (i < n && is_wsp(s[i]))
			i++;
		if (i < n && s[i] == '=') {
			i++;
			while (i < n && is_wsp(s[i]))
				i++;
			if (n - i >= 5 && eq_ci(s + i, 5, "dmarc")) {
				size_t j = i + 6;

				if (lead == 0 && n - i >= 6 &&
				    memcmp(s + i, "DMARC1", 6) == 0) {
					while (j < n && is_wsp(s[j]))
						j++;
					if (j == n || s[j] == ';')
						return ZL_DMARC_START_OK;
				}
				return ZL_DMARC_START_ATTEMPT;
			}
		}
	}
	for (i = 0; i + 5 <= n; i++)
		if (eq_ci(s + i, 5, "dmarc"))
			return ZL_DMARC_START_MENTION;
	return ZL_DMARC_START_NONE;
}

void
zl_dmarc_init(struct zl_dmarc *d)
{
	memset(d, 0, sizeof(*d));
}

void
zl_dmarc_release(struct zl_dmarc *d)
{
	free(d->tags);
	free(d->uris);
	free(d->errs);
	zl_taglist_release(&d->tl);
	memset(d, 0, sizeof(*d));
}

static void
problem(struct zl_dmarc *d, enum zl_dmarc_err e, size_t off, size_t len,
    int tag)
{
	struct zl_dmarc_problem *p;

	d->errs = zl_xgrow(d->errs, sizeof(*d->errs), d->nerrs + 1,
	    &d->errs_cap);
	p = &d->errs[d->nerrs++];
	memset(p, 0, sizeof(*p));
	p->err = e;
	p->off = off;
	p->len = len;
	p->tag = tag;
}

static enum zl_dmarc_policy
policy_of(const char *s, size_t n)
{
	if (n == 4 && eq_ci(s, n, "none"))
		return ZL_DMARC_POL_NONE;
	if (n == 10 && eq_ci(s, n, "quarantine"))
		return ZL_DMARC_POL_QUARANTINE;
	if (n == 6 && eq_ci(s, n, "reject"))
		return ZL_DMARC_POL_REJECT;
	return ZL_DMARC_POL_UNSET;
}

/* One letter of set (lower case), any case; 0 when not. */
static char
letter_of(const char *s, size_t n, const char *set)
{
	if (n != 1)
		return 0;
	for (const char *p = set; *p; p++)
		if (lower(s[0]) == *p)
			return *p;
	return 0;
}

/* Digits only, value <= max; -1 on anything else. */
static int
uint_of(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		if (v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * One element of a sep-separated list that starts at a, before end:
 * [*x, *y) is the element without the WSP around it (RFC 7489 §6.4 allows
 * WSP around ':' and ','). Returns the offset of the separator, or end.
 */
static size_t
list_elem(const char *s, size_t a, size_t end, char sep, size_t *x,
    size_t *y)
{
	const char *q = a < end ? memchr(s + a, sep, end - a) : NULL;
	size_t b = q != NULL ? (size_t)(q - s) : end;

	*x = a;
	*y = b;
	while (*x < *y && is_wsp(s[*x]))
		(*x)++;
	while (*y > *x && is_wsp(s[*y - 1]))
		(*y)--;
	return b;
}

/* A ':'-separated list (dmarc-fo, dmarc-rfmt) of elements ok() accepts. */
static int
colon_list_ok(const char *s, size_t n, int (*ok)(const char *, size_t))
{
	for (size_t a = 0;;) {
		size_t x, y, b = list_elem(s, a, n, ':', &x, &y);

		if (!ok(s + x, y - x))
			return 0;
		if (b == n)
			return 1;
		a = b + 1;
	}
}

static int
fo_ok(const char *s, size_t n)
{
	return letter_of(s, n, "01ds") != 0;
}

static int
rf_ok(const char *s, size_t n)
{
	return eq_ci(s, n, "afrf");
}

/*
 * Byte classes for the URI checks, one table lookup per byte (a record
 * with two report addresses spends most of its parse here otherwise).
 */
enum {
	UC_URI = 1,     /* RFC 3986, after the scheme (',' and '!' excluded) */
	UC_HOST = 2,    /* a host name's label: letter, digit, '-', '_', '%' */
	UC_HEX = 4,     /* HEXDIG */
	UC_MARK = 8,    /* '?' and '@', where a mailto: address splits */
};
#define UC_ALNUM (UC_URI | UC_HOST)
#define UC_XDIGIT (UC_URI | UC_HOST | UC_HEX)

static const unsigned char uclass[256] = {
	['0'] = UC_XDIGIT, ['1'] = UC_XDIGIT, ['2'] = UC_XDIGIT,
	['3'] = UC_XDIGIT, ['4'] = UC_XDIGIT, ['5'] = UC_XDIGIT,
	['6'] = UC_XDIGIT, ['7'] = UC_XDIGIT, ['8'] = UC_XDIGIT,
	['9'] = UC_XDIGIT,
	['A'] = UC_XDIGIT, ['B'] = UC_XDIGIT, ['C'] = UC_XDIGIT,
	['D'] = UC_XDIGIT, ['E'] = UC_XDIGIT, ['F'] = UC_XDIGIT,
	['a'] = UC_XDIGIT, ['b'] = UC_XDIGIT, ['c'] = UC_XDIGIT,
	['d'] = UC_XDIGIT, ['e'] = UC_XDIGIT, ['f'] = UC_XDIGIT,
	['G'] = UC_ALNUM, ['H'] = UC_ALNUM, ['I'] = UC_ALNUM, ['J'] = UC_ALNUM,
	['K'] = UC_ALNUM, ['L'] = UC_ALNUM, ['M'] = UC_ALNUM, ['N'] = UC_ALNUM,
	['O'] = UC_ALNUM, ['P'] = UC_ALNUM, ['Q'] = UC_ALNUM, ['R'] = UC_ALNUM,
	['S'] = UC_ALNUM, ['T'] = UC_ALNUM, ['U'] = UC_ALNUM, ['V'] = UC_ALNUM,
	['W'] = UC_ALNUM, ['X'] = UC_ALNUM, ['Y'] = UC_ALNUM, ['Z'] = UC_ALNUM,
	['g'] = UC_ALNUM, ['h'] = UC_ALNUM, ['i'] = UC_ALNUM, ['j'] = UC_ALNUM,
	['k'] = UC_ALNUM, ['l'] = UC_ALNUM, ['m'] = UC_ALNUM, ['n'] = UC_ALNUM,
	['o'] = UC_ALNUM, ['p'] = UC_ALNUM, ['q'] = UC_ALNUM, ['r'] = UC_ALNUM,
	['s'] = UC_ALNUM, ['t'] = UC_ALNUM, ['u'] = UC_ALNUM, ['v'] = UC_ALNUM,
	['w'] = UC_ALNUM, ['x'] = UC_ALNUM, ['y'] = UC_ALNUM, ['z'] = UC_ALNUM,
	['-'] = UC_URI | UC_HOST, ['_'] = UC_URI | UC_HOST, ['%'] = UC_HOST,
	['.'] = UC_URI, ['~'] = UC_URI, ['$'] = UC_URI, ['&'] = UC_URI,
	['\''] = UC_URI, ['('] = UC_URI, [')'] = UC_URI, ['*'] = UC_URI,
	['+'] = UC_URI, [';'] = UC_URI, ['='] = UC_URI, [':'] = UC_URI,
	['/'] = UC_URI, ['#'] = UC_URI, ['['] = UC_URI, [']'] = UC_URI,
	['?'] = UC_URI | UC_MARK, ['@'] = UC_URI | UC_MARK,
};

static int
uclass_is(char c, int cls)
{
	return (uclass[(unsigned char)c] & cls) != 0;
}

/* A host name or address literal: the domain of a mailto: or https: URI. */
static int
host_ok(const char *s, size_t n)
{
	size_t lab = 0;

	if (n == 0)
		return 0;
	if (s[0] == '[')
		return n > 2 && s[n - 1] == ']';
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (uclass_is(c, UC_HOST)) {
			lab++;
		} else if (c == '.' && lab > 0) {
			lab = 0;
		} else {
			return 0;
		}
	}
	return 1;
}

/* Check one URI of rua/ruf: s[off..off+len) of the record. */
static void
check_uri(struct zl_dmarc *d, const char *s, size_t off, size_t len,
    enum zl_dmarc_tag_id tag, int ti)
{
	struct zl_dmarc_uri *u;
	const char *p = s + off, *sp, *tab, *bg;
	size_t i, bang, ul, q, at;

	d->uris = zl_xgrow(d->uris, sizeof(*d->uris), d->nuris + 1,
	    &d->uris_cap);
	u = &d->uris[d->nuris++];
	memset(u, 0, sizeof(*u));
	u->tag = tag;
	u->off = off;
	u->len = len;
	if (len == 0) {
		u->err = ZL_DMARC_E_URI_EMPTY;
		goto fail;
	}
	/* white space anywhere is the error; else the first '!' ends the URI */
	sp = memchr(p, ' ', len);
	tab = memchr(p, '\t', len);
	if (sp != NULL || tab != NULL) {
		if (sp == NULL || (tab != NULL && tab < sp))
			sp = tab;
		u->err = ZL_DMARC_E_URI_SPACE;
		problem(d, u->err, off + (size_t)(sp - p), 1, ti);
		return;
	}
	bg = memchr(p, '!', len);
	bang = bg != NULL ? (size_t)(bg - p) : len;
	ul = bang;
	u->uri_len = ul;
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1) */
	if (ul == 0 || !is_alpha(p[0])) {
		u->err = ZL_DMARC_E_URI;
		goto fail;
	}
	for (i = 1; i < ul && p[i] != ':'; i++)
		if (!(is_alpha(p[i]) || is_digit(p[i]) || p[i] == '+' ||
		    p[i] == '-' || p[i] == '.')) {
			u->err = ZL_DMARC_E_URI;
			goto fail;
		}
	if (i == ul) {
		u->err = ZL_DMARC_E_URI;
		goto fail;
	}
	u->scheme_len = i;
	/*
	 * The characters, and meanwhile for mailto: the first '?' (q) and
	 * the last '@' before it (at; 0 for none, the scheme comes first).
	 */
	q = ul;
	at = 0;
	for (i = u->scheme_len + 1; i < ul; i++) {
		unsigned char c = (unsigned char)p[i];

		if (uclass[c] & UC_URI) {
			if (uclass[c] & UC_MARK) {
				if (c == '?' && q == ul)
					q = i;
				else if (c == '@' && q == ul)
					at = i;
			}
			continue;
		}
		/* pct-encoded = "%" HEXDIG HEXDIG */
		if (c == '%' && i + 2 < ul && uclass_is(p[i + 1], UC_HEX) &&
		    uclass_is(p[i + 2], UC_HEX)) {
			i += 2;
			continue;
		}
		u->err = ZL_DMARC_E_URI;
		problem(d, u->err, off + i, 1, ti);
		return;
	}
	if (eq_ci(p, u->scheme_len, "mailto")) {
		/* RFC 6068: mailto:local@domain[?hfields] */
		size_t a = u->scheme_len + 1;

		if (at == 0 || at == a || !host_ok(p + at + 1, q - at - 1)) {
			u->err = ZL_DMARC_E_MAILTO;
			goto fail;
		}
		u->domain_off = off + at + 1;
		u->domain_len = q - at - 1;
		u->usable = 1;
	} else if (eq_ci(p, u->scheme_len, "https")) {
		size_t a = u->scheme_len + 1, b;

		if (ul - a >= 2 && p[a] == '/' && p[a + 1] == '/') {
			a += 2;
			b = a;
			while (b < ul && p[b] != '/' && p[b] != '?' &&
			    p[b] != '#' && p[b] != ':')
				b++;
			if (host_ok(p + a, b - a)) {
				u->domain_off = off + a;
				u->domain_len = b - a;
				u->usable = 1;
			}
		}
	}
	if (bang < len) {
		/* size = "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] (RFC 7489 §6.4) */
		size_t a = bang + 1, b = len;
		char last = b > a ? lower(p[b - 1]) : 0;

		if (last == 'k' || last == 'm' || last == 'g' || last == 't') {
			u->unit = last;
			b--;
		}
		u->has_size = 1;
		if (uint_of(p + a, b - a, UINT64_MAX, &u->size) != 0) {
			u->err = ZL_DMARC_E_URI_SIZE;
			u->usable = 0;
			problem(d, u->err, off + bang, len - bang, ti);
			return;
		}
	}
	return;
fail:
	u->usable = 0;
	problem(d, u->err, off, len, ti);
}

/* rua/ruf: URI *(*WSP "," *WSP URI) */
static void
check_uri_list(struct zl_dmarc *d, const char *s, const struct zl_dmarc_tag *t,
    int ti)
{
	size_t a = t->val_off, end = t->val_off + t->val_len;

	if (t->val_len == 0) {
		problem(d, ZL_DMARC_E_URI_EMPTY, t->val_off, 0, ti);
		return;
	}
	for (;;) {
		size_t x, y, b = list_elem(s, a, end, ',', &x, &y);

		check_uri(d, s, x, y - x, t->id, ti);
		if (d->uris[d->nuris - 1].usable && t->id == ZL_DMARC_T_RUA &&
		    !t->dup)
			d->rua_usable = 1;
		if (b == end)
			break;
		a = b + 1;
	}
}

static void
check_value(struct zl_dmarc *d, const char *s, struct zl_dmarc_tag *t, int ti)
{
	const char *v = s + t->val_off;
	size_t n = t->val_len;
	uint64_t u;
	enum zl_dmarc_err e = ZL_DMARC_OK;

	switch (t->id) {
	case ZL_DMARC_T_P:
	case ZL_DMARC_T_SP:
	case ZL_DMARC_T_NP: {
		enum zl_dmarc_policy p = policy_of(v, n);

		if (p == ZL_DMARC_POL_UNSET)
			e = ZL_DMARC_E_POLICY;
		else if (!t->dup && t->id == ZL_DMARC_T_P)
			d->p = p;
		else if (!t->dup && t->id == ZL_DMARC_T_SP)
			d->sp = p;
		else if (!t->dup)
			d->np = p;
		break;
	}
	case ZL_DMARC_T_ADKIM:
	case ZL_DMARC_T_ASPF: {
		char c = letter_of(v, n, "rs");

		if (c == 0)
			e = ZL_DMARC_E_ALIGN;
		else if (!t->dup && t->id == ZL_DMARC_T_ADKIM)
			d->adkim = c;
		else if (!t->dup)
			d->aspf = c;
		break;
	}
	case ZL_DMARC_T_PCT:
		/* 1*3DIGIT, 0-100 (RFC 7489 §6.3) */
		if (n > 3 || uint_of(v, n, 100, &u) != 0)
			e = ZL_DMARC_E_PCT;
		else if (!t->dup)
			d->pct = (int)u;
		break;
	case ZL_DMARC_T_FO:
		if (!colon_list_ok(v, n, fo_ok))
			e = ZL_DMARC_E_FO;
		break;
	case ZL_DMARC_T_RF:
		if (!colon_list_ok(v, n, rf_ok))
			e = ZL_DMARC_E_RF;
		break;
	case ZL_DMARC_T_RI:
		if (uint_of(v, n, UINT32_MAX, &u) != 0)
			e = ZL_DMARC_E_RI;
		else if (!t->dup)
			d->ri = (uint32_t)u;
		break;
	case ZL_DMARC_T_PSD: {
		char c = letter_of(v, n, "ynu");

		if (c == 0)
			e = ZL_DMARC_E_PSD;
		else if (!t->dup)
			d->psd = c;
		break;
	}
	case ZL_DMARC_T_T: {
		char c = letter_of(v, n, "yn");

		if (c == 0)
			e = ZL_DMARC_E_T;
		else if (!t->dup)
			d->t = c;
		break;
	}
	case ZL_DMARC_T_RUA:
	case ZL_DMARC_T_RUF:
		check_uri_list(d, s, t, ti);
		break;
	case ZL_DMARC_T_V:
	case ZL_DMARC_T_UNKNOWN:
		break;
	}
	if (e != ZL_DMARC_OK)
		problem(d, e, t->val_off, t->val_len, ti);
}

static int
cmp_name(const void *a, const void *b, void *arg)
{
	const struct zl_dmarc *d = arg;
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	const struct zl_dmarc_tag *x = &d->tags[ia];
	const struct zl_dmarc_tag *y = &d->tags[ib];
	size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
	int c = strncasecmp(d->src + x->name_off, d->src + y->name_off, n);

	if (c != 0)
		return c;
	if (x->name_len != y->name_len)
		return x->name_len < y->name_len ? -1 : 1;
	/* equal names: record order, so the later one is the duplicate */
	return ia < ib ? -1 : (ia > ib);
}

/*
 * Unknown tags may not repeat either (RFC 7489 §6.3 tag-list; names in
 * any case). Sorted rather than compared pairwise: a 64 KiB record can
 * hold thousands of tags.
 */
static void
dup_unknown(struct zl_dmarc *d, const char *s)
{
	size_t *ix, m = 0;

	for (size_t i = 0; i < d->ntags; i++)
		if (d->tags[i].tag_err == ZL_TAG_OK &&
		    d->tags[i].id == ZL_DMARC_T_UNKNOWN)
			m++;
	if (m < 2)
		return;
	ix = zl_xmalloc(m * sizeof(*ix));
	m = 0;
	for (size_t i = 0; i < d->ntags; i++)
		if (d->tags[i].tag_err == ZL_TAG_OK &&
		    d->tags[i].id == ZL_DMARC_T_UNKNOWN)
			ix[m++] = i;
	d->src = s;
	qsort_r(ix, m, sizeof(*ix), cmp_name, d);
	for (size_t k = 1; k < m; k++) {
		struct zl_dmarc_tag *t = &d->tags[ix[k]];
		const struct zl_dmarc_tag *o = &d->tags[ix[k - 1]];

		if (o->name_len == t->name_len &&
		    strncasecmp(s + o->name_off, s + t->name_off,
		    t->name_len) == 0) {
			t->dup = 1;
			problem(d, ZL_DMARC_E_DUPLICATE, t->name_off,
			    t->val_off + t->val_len - t->name_off, (int)ix[k]);
		}
	}
	d->src = NULL;
	free(ix);
}

size_t
zl_dmarc_parse(struct zl_dmarc *d, const char *s, size_t n)
{
	size_t lead = 0;

	d->ntags = 0;
	d->nuris = 0;
	d->nerrs = 0;
	for (int i = 0; i < ZL_DMARC_T__KNOWN; i++)
		d->idx[i] = -1;
	d->p = d->sp = d->np = ZL_DMARC_POL_UNSET;
	d->pct = -1;
	d->adkim = d->aspf = d->psd = d->t = 0;
	d->ri = 0;
	d->has_unknown = 0;
	d->p_second = 0;
	d->rua_usable = 0;
	d->trailing_space = n > 0 && is_wsp(s[n - 1]);
	d->start = zl_dmarc_start(s, n);

	while (lead < n && is_wsp(s[lead]))
		lead++;
	if (lead == n) {
		/* RFC 7489 §6.3: v is REQUIRED; nothing at all is no record */
		problem(d, ZL_DMARC_E_EMPTY, 0, n, -1);
		return d->nerrs;
	}
	if (lead > 0)
		problem(d, ZL_DMARC_E_LEADING_SPACE, 0, lead, -1);

	zl_taglist_parse(&d->tl, s, n, ZL_TAG_WSP);
	d->tags = zl_xgrow(d->tags, sizeof(*d->tags), d->tl.n, &d->tags_cap);
	d->ntags = d->tl.n;
	for (size_t i = 0; i < d->tl.n; i++) {
		const struct zl_tag *lt = &d->tl.v[i];
		struct zl_dmarc_tag *t = &d->tags[i];

		memset(t, 0, sizeof(*t));
		t->spec_off = lt->spec_off;
		t->spec_len = lt->spec_len;
		t->name_off = lt->name_off;
		t->name_len = lt->name_len;
		t->val_off = lt->val_off;
		t->val_len = lt->val_len;
		t->tag_err = lt->err;
		t->id = lt->err == ZL_TAG_OK ?
		    zl_dmarc_tag_find(s + lt->name_off, lt->name_len) :
		    ZL_DMARC_T_UNKNOWN;
	}

	/* v first, value exactly "DMARC1" (RFC 7489 §6.3, RFC 9989 %s"DMARC1") */
	if (d->tags[0].tag_err == ZL_TAG_OK && d->tags[0].id == ZL_DMARC_T_V) {
		const struct zl_dmarc_tag *t = &d->tags[0];

		if (t->val_len != 6 || memcmp(s + t->val_off, "DMARC1", 6) != 0)
			problem(d, ZL_DMARC_E_VERSION, t->val_off, t->val_len, 0);
	} else {
		const struct zl_dmarc_tag *t = &d->tags[0];
		size_t a = t->spec_off + lead, b = t->spec_off + t->spec_len;

		while (b > a && is_wsp(s[b - 1]))
			b--;
		problem(d, ZL_DMARC_E_NO_VERSION, a, b - a, 0);
	}

	for (size_t i = 0; i < d->ntags; i++) {
		struct zl_dmarc_tag *t = &d->tags[i];

		if (t->tag_err != ZL_TAG_OK) {
			size_t off = t->name_off;
			size_t len = t->val_off + t->val_len - t->name_off;

			if (t->tag_err == ZL_TAG_EMPTY_SPEC) {
				off = t->spec_off;
				len = t->spec_len;
			}
			problem(d, ZL_DMARC_E_TAGLIST, off, len, (int)i);
			d->errs[d->nerrs - 1].tag_err = t->tag_err;
			continue;
		}
		if (t->id == ZL_DMARC_T_UNKNOWN) {
			d->has_unknown = 1;
			continue;
		}
		if (d->idx[t->id] >= 0) {
			t->dup = 1;
			problem(d, ZL_DMARC_E_DUPLICATE, t->name_off,
			    t->val_off + t->val_len - t->name_off, (int)i);
		} else {
			d->idx[t->id] = (int)i;
		}
		if (t->id != ZL_DMARC_T_V)
			check_value(d, s, t, (int)i);
	}
	dup_unknown(d, s);

	d->p_second = d->ntags > 1 && d->idx[ZL_DMARC_T_P] == 1;
	/*
	 * RFC 7489 §6.3: p is required; §6.6.3 and RFC 9989 make a record
	 * without p act as p=none when rua holds a usable URI. Without one,
	 * the record is invalid (VALIDITY.md rule 4).
	 */
	if (d->idx[ZL_DMARC_T_P] < 0 && !d->rua_usable)
		problem(d, ZL_DMARC_E_NO_POLICY, d->tags[0].spec_off + lead,
		    0, -1);
	return d->nerrs;
}
