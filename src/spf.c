/* SPDX-License-Identifier: MIT */
/*
 * SPF record parser (RFC 7208 §12); see spf.h. Terms are split on SP only
 * (§4.6.1), then each is matched against the productions of §5, §6 and
 * §12 by hand, so that the error can say which part of the term is wrong
 * and why. No I/O, no DNS, no globals.
 */
#include "spf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

#define TERM_SHOW_MAX 80

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * Every byte of s[0..n) is in [lo, 0x7e] (lo at most 0x80): printable
 * ASCII, and SP too when lo is 0x20. Eight bytes at a time, as records are
 * plain almost always and this runs on every byte of every SPF record.
 */
static int
ascii_run(const char *s, size_t n, unsigned lo)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, d;

		memcpy(&x, s + i, 8);
		d = x ^ (ones * 0x7f);
		/* a byte >= 0x80, a byte < lo, a byte 0x7f */
		if ((x & highs) || ((x - ones * lo) & ~x & highs) ||
		    ((d - ones) & ~d & highs))
			return 0;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] < lo || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

/*
 * Printable form of bytes for a message: printable ASCII as it is, the
 * rest as \DDD (the zone file's own escape), cut at TERM_SHOW_MAX bytes.
 */
static void
show(char *out, size_t outsz, const char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 8 < outsz; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i >= TERM_SHOW_MAX) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c >= 0x21 && c <= 0x7e)
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, outsz - o, "\\%03u", c);
	}
	out[o] = '\0';
}

/* One UTF-8 sequence at s (n bytes left): code point, or -1; *len its size. */
static long
utf8_at(const unsigned char *s, size_t n, size_t *len)
{
	long cp;
	size_t k;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if ((s[0] & 0xe0) == 0xc0) {
		cp = s[0] & 0x1f;
		k = 2;
	} else if ((s[0] & 0xf0) == 0xe0) {
		cp = s[0] & 0x0f;
		k = 3;
	} else if ((s[0] & 0xf8) == 0xf0) {
		cp = s[0] & 0x07;
		k = 4;
	} else {
		return -1;
	}
	if (k > n)
		return -1;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*len = k;
	return cp;
}

/* Names of the characters people paste into SPF records by accident. */
static const char *
lookalike_name(long cp)
{
	switch (cp) {
	case 0x00a0: return "NO-BREAK SPACE";
	case 0x00ad: return "SOFT HYPHEN";
	case 0x200b: return "ZERO WIDTH SPACE";
	case 0x2010: return "HYPHEN";
	case 0x2011: return "NON-BREAKING HYPHEN";
	case 0x2012: return "FIGURE DASH";
	case 0x2013: return "EN DASH";
	case 0x2014: return "EM DASH";
	case 0x2018: return "LEFT SINGLE QUOTATION MARK";
	case 0x2019: return "RIGHT SINGLE QUOTATION MARK";
	case 0x201c: return "LEFT DOUBLE QUOTATION MARK";
	case 0x201d: return "RIGHT DOUBLE QUOTATION MARK";
	case 0x2212: return "MINUS SIGN";
	case 0xfeff: return "BYTE ORDER MARK";
	case 0xff0d: return "FULLWIDTH HYPHEN-MINUS";
	default: return NULL;
	}
}

/* Describe the byte(s) at s for a message: "control character \013". */
static void
describe_char(char *out, size_t outsz, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	long cp;

	if (u[0] == '\t') {
		snprintf(out, outsz, "a TAB");
		return;
	}
	if (u[0] == ' ') {
		snprintf(out, outsz, "a space");
		return;
	}
	if (u[0] == '\r' || u[0] == '\n') {
		snprintf(out, outsz, "a line break (\\%03u)", u[0]);
		return;
	}
	if (u[0] < 0x20 || u[0] == 0x7f) {
		snprintf(out, outsz, "control character \\%03u", u[0]);
		return;
	}
	if (u[0] < 0x80) {
		snprintf(out, outsz, "'%c'", u[0]);
		return;
	}
	cp = utf8_at(u, n, &len);
	if (cp < 0) {
		snprintf(out, outsz, "non-ASCII byte \\%03u", u[0]);
		return;
	}
	if (lookalike_name(cp) != NULL)
		snprintf(out, outsz, "U+%04lX %s", (unsigned long)cp,
		    lookalike_name(cp));
	else
		snprintf(out, outsz, "non-ASCII character U+%04lX",
		    (unsigned long)cp);
}

/* ---- record bookkeeping */

void
zl_spf_record_init(struct zl_spf_record *r)
{
	memset(r, 0, sizeof(*r));
	r->all = r->redirect = r->exp = -1;
}

void
zl_spf_record_release(struct zl_spf_record *r)
{
	free(r->terms);
	free(r->errs);
	free(r->memo);
	zl_spf_record_init(r);
}

/*
 * Terms parsed before, by their text. A term's parse depends on its bytes
 * alone (the record-level checks come after, in zl_spf_parse()), so a
 * term with the same bytes gets the same fields, its offsets moved.
 */
#define MEMO_SLOTS 256
#define MEMO_TERM 64

struct zl_spf_memo {
	struct {
		uint32_t len;          /* 0: empty */
		char text[MEMO_TERM];
		struct zl_spf_term t;  /* as parsed at offset 0 */
	} slot[MEMO_SLOTS];
};

void
zl_spf_record_memo(struct zl_spf_record *r)
{
	if (r->memo == NULL)
		r->memo = zl_xcalloc(1, sizeof(*r->memo));
}

/* A slot from the length and three 8-byte words (the text decides). */
static size_t
memo_slot(const char *s, size_t n)
{
	uint64_t a = 0, b = 0, c = 0;

	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(&c, s + (n - 8) / 2, 8);
	} else {
		memcpy(&a, s, n);
	}
	a = (a ^ (b * 0x9e3779b97f4a7c15ULL) ^ (c * 0xc2b2ae3d27d4eb4fULL) ^
	    n) * 0x165667b19e3779f9ULL;
	return (size_t)(a >> 56) % MEMO_SLOTS;
}

/* "ip4:..." or "ip6:..." with or without a qualifier: not remembered. */
static int
network_term(const char *s, size_t n)
{
	if (n > 0 && (s[0] == '+' || s[0] == '-' || s[0] == '~' ||
	    s[0] == '?')) {
		s++;
		n--;
	}
	return n >= 4 && (s[0] | 0x20) == 'i' && (s[1] | 0x20) == 'p' &&
	    (s[2] == '4' || s[2] == '6') && s[3] == ':';
}

static void
add_error(struct zl_spf_record *r, int term, enum zl_spf_err code,
    size_t off, size_t len, const char *fmt, ...) ZL_PRINTF(6, 7);

static void
add_error(struct zl_spf_record *r, int term, enum zl_spf_err code,
    size_t off, size_t len, const char *fmt, ...)
{
	struct zl_spf_error *e;
	va_list ap;

	r->errs = zl_xgrow(r->errs, sizeof(*r->errs), r->nerrs + 1,
	    &r->errs_cap);
	e = &r->errs[r->nerrs];
	e->code = code;
	e->off = (uint32_t)off;
	e->len = (uint32_t)len;
	e->term = term;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	if (term >= 0)
		r->terms[term].err = (int)r->nerrs;
	r->nerrs++;
}

/* ---- classification (§4.5) */

/*
 * Bytes before a version that show the record was meant as SPF. When cut
 * is not NULL, *cut tells whether v[0..n) ends inside a UTF-8 sequence
 * that may be a look-alike (zl_spf_could_be() reads only a prefix).
 */
static size_t
junk_len(const char *v, size_t n, int *cut)
{
	size_t i = 0;

	if (cut != NULL)
		*cut = 0;
	while (i < n) {
		unsigned char c = (unsigned char)v[i];
		size_t len;
		long cp;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '"' || c == '\'' || c == '`') {
			i++;
			continue;
		}
		if (c < 0x80)
			break;
		if (cut != NULL) {
			size_t need = (c & 0xe0) == 0xc0 ? 2 :
			    (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;

			if (need > n - i) {
				*cut = 1;
				break;
			}
		}
		cp = utf8_at((const unsigned char *)v + i, n - i, &len);
		if (cp < 0 || lookalike_name(cp) == NULL)
			break;
		i += len;
	}
	return i;
}

/* "v" *SP ("=" / ":") *SP "spf" at v (any case): length matched, or 0. */
static size_t
version_like(const char *v, size_t n)
{
	size_t i = 0;

	if (n == 0 || (v[0] != 'v' && v[0] != 'V'))
		return 0;
	i = 1;
	while (i < n && v[i] == ' ')
		i++;
	if (i >= n || (v[i] != '=' && v[i] != ':'))
		return 0;
	i++;
	while (i < n && v[i] == ' ')
		i++;
	if (n - i < 3 || strncasecmp(v + i, "spf", 3) != 0)
		return 0;
	return i + 3;
}

enum zl_spf_class
zl_spf_classify(const char *v, size_t n, struct zl_spf_error *why)
{
	size_t j, tok;
	char shown[TERM_SHOW_MAX * 4 + 8], what[96];

	if (n >= 6 && strncasecmp(v, "v=spf1", 6) == 0 && (n == 6 || v[6] == ' '))
		return ZL_SPF_RECORD;
	j = junk_len(v, n, NULL);
	if (version_like(v + j, n - j) == 0)
		return ZL_SPF_NOT;
	if (why == NULL)
		return ZL_SPF_LOOKALIKE;
	memset(why, 0, sizeof(*why));
	why->code = ZL_SPF_E_VERSION;
	why->term = -1;
	if (j > 0) {
		describe_char(what, sizeof(what), v, n);
		why->off = 0;
		why->len = (uint32_t)j;
		snprintf(why->msg, sizeof(why->msg),
		    "%s before the version 'v=spf1'; receivers do not see an SPF record (RFC 7208 §4.5)",
		    what);
		return ZL_SPF_LOOKALIKE;
	}
	/* the version token runs to the first space */
	for (tok = 0; tok < n && v[tok] != ' '; tok++)
		;
	if (tok >= 6 && strncasecmp(v, "v=spf1", 6) == 0) {
		describe_char(what, sizeof(what), v + 6, n - 6);
		show(shown, sizeof(shown), v, tok);
		snprintf(why->msg, sizeof(why->msg),
		    "%s: 'v=spf1' must be followed by a space or the end, not %s; receivers do not see an SPF record (RFC 7208 §4.5)",
		    shown, what);
	} else {
		show(shown, sizeof(shown), v, tok);
		snprintf(why->msg, sizeof(why->msg),
		    "%s: the version must be 'v=spf1'; receivers do not see an SPF record (RFC 7208 §4.5)",
		    shown);
	}
	why->off = 0;
	why->len = (uint32_t)tok;
	return ZL_SPF_LOOKALIKE;
}

/*
 * Can a value that starts with v[0..n) be anything but ZL_SPF_NOT? The same
 * steps as zl_spf_classify(): the junk junk_len() skips, then what
 * version_like() wants ("v" *SP ("=" / ":") *SP "spf", any case), where
 * every step that runs out of bytes answers "maybe" unless the bytes are
 * the whole value. A ZL_SPF_RECORD value passes version_like() itself, so
 * nothing else needs a look.
 */
int
zl_spf_could_be(const char *v, size_t n, int whole)
{
	size_t i;
	int cut;

	if (whole)
		return zl_spf_classify(v, n, NULL) != ZL_SPF_NOT;
	i = junk_len(v, n, &cut);
	if (cut)
		return 1;
	/* past the junk: version_like() wants a 'v' (not a UTF-8 byte) */
	if (i == n)
		return 1;
	if (v[i] != 'v' && v[i] != 'V')
		return 0;
	for (i++; i < n && v[i] == ' '; i++)
		;
	if (i == n)
		return 1;
	if (v[i] != '=' && v[i] != ':')
		return 0;
	for (i++; i < n && v[i] == ' '; i++)
		;
	for (size_t k = 0; k < 3; k++, i++) {
		if (i == n)
			return 1;
		if ((v[i] | 0x20) != "spf"[k])
			return 0;
	}
	return 1;
}

/* ---- pieces of the grammar */

static const struct {
	const char *name;
	size_t len;
	enum zl_spf_kind kind;
} mechs[] = {
	{ "all", 3, ZL_SPF_ALL },
	{ "include", 7, ZL_SPF_INCLUDE },
	{ "a", 1, ZL_SPF_A },
	{ "mx", 2, ZL_SPF_MX },
	{ "ptr", 3, ZL_SPF_PTR },
	{ "ip4", 3, ZL_SPF_IP4 },
	{ "ip6", 3, ZL_SPF_IP6 },
	{ "exists", 6, ZL_SPF_EXISTS },
};

const char *
zl_spf_kind_name(enum zl_spf_kind k)
{
	for (size_t i = 0; i < sizeof(mechs) / sizeof(mechs[0]); i++)
		if (mechs[i].kind == k)
			return mechs[i].name;
	if (k == ZL_SPF_REDIRECT)
		return "redirect";
	if (k == ZL_SPF_EXP)
		return "exp";
	return "";
}

int
zl_spf_kind_queries(enum zl_spf_kind k)
{
	return k == ZL_SPF_INCLUDE || k == ZL_SPF_A || k == ZL_SPF_MX ||
	    k == ZL_SPF_PTR || k == ZL_SPF_EXISTS || k == ZL_SPF_REDIRECT;
}

int
zl_spf_qualifier_rank(char q)
{
	switch (q) {
	case '-': return 3;
	case '~': return 2;
	case '?': return 1;
	default: return 0;
	}
}

/*
 * A macro-string (§7.1): macro-literals and macro-expands. Returns 0, or
 * -1 with *code and msg. *tail is set to where the last macro-expand
 * ended (0 when none), for the domain-end test.
 */
static int
check_macro_string(const char *s, size_t n, enum zl_spf_err *code, char *msg,
    size_t msgsz, size_t *tail, int *has_macro)
{
	char what[96];

	*tail = 0;
	/* the common case: no macro, nothing to complain about */
	if (memchr(s, '%', n) == NULL && ascii_run(s, n, 0x21))
		return 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t j;
		int digits = 0;
		unsigned long val = 0;

		if (c < 0x21 || c > 0x7e) {
			describe_char(what, sizeof(what), s + i, n - i);
			*code = ZL_SPF_E_CHAR;
			snprintf(msg, msgsz, "%s is not allowed in a domain (RFC 7208 §7.1)",
			    what);
			return -1;
		}
		if (c != '%') {
			i++;
			continue;
		}
		*code = ZL_SPF_E_MACRO;
		if (i + 1 >= n) {
			snprintf(msg, msgsz,
			    "'%%' at the end; a '%%' must be followed by '{', '%%', '_' or '-' (RFC 7208 §7.1)");
			return -1;
		}
		if (s[i + 1] == '%' || s[i + 1] == '_' || s[i + 1] == '-') {
			i += 2;
			*tail = i;
			*has_macro = 1;
			continue;
		}
		if (s[i + 1] != '{') {
			describe_char(what, sizeof(what), s + i + 1, n - i - 1);
			snprintf(msg, msgsz,
			    "%s after '%%'; a '%%' must be followed by '{', '%%', '_' or '-' (RFC 7208 §7.1)",
			    what);
			return -1;
		}
		j = i + 2;
		if (j >= n || strchr("slodiphcrtvSLODIPHCRTV", s[j]) == NULL ||
		    s[j] == '\0') {
			if (j >= n)
				snprintf(msg, msgsz,
				    "'%%{' without a macro letter (RFC 7208 §7.1)");
			else if (s[j] == '}')
				snprintf(msg, msgsz,
				    "'%%{}' has no macro letter (RFC 7208 §7.1)");
			else {
				describe_char(what, sizeof(what), s + j, n - j);
				snprintf(msg, msgsz,
				    "%s is not a macro letter (s l o d i p h v) (RFC 7208 §7.1)",
				    what);
			}
			return -1;
		}
		if (strchr("crtCRT", s[j]) != NULL) {
			snprintf(msg, msgsz,
			    "macro letter '%c' is allowed only in the explanation text, not in the record (RFC 7208 §7.2)",
			    s[j]);
			return -1;
		}
		j++;
		while (j < n && is_digit(s[j])) {
			if (val < 1000)
				val = val * 10 + (unsigned long)(s[j] - '0');
			digits++;
			j++;
		}
		if (digits > 0 && val == 0) {
			size_t k = j;

			while (k < n && k - i < 40 && s[k] != '}')
				k++;
			snprintf(msg, msgsz,
			    "transformer digit 0 in '%.*s'; the number of labels must be at least 1 (RFC 7208 §7.3)",
			    (int)(k < n ? k + 1 - i : k - i), s + i);
			return -1;
		}
		if (j < n && (s[j] == 'r' || s[j] == 'R'))
			j++;
		while (j < n && strchr(".-+,/_=", s[j]) != NULL && s[j] != '\0')
			j++;
		if (j >= n || s[j] != '}') {
			if (j >= n)
				snprintf(msg, msgsz,
				    "'%.*s' has no closing '}' (RFC 7208 §7.1)",
				    (int)(j - i < 40 ? j - i : 40), s + i);
			else {
				describe_char(what, sizeof(what), s + j, n - j);
				snprintf(msg, msgsz,
				    "%s in macro '%.*s'; after the letter come digits, 'r' and delimiters (.-+,/_=) (RFC 7208 §7.1)",
				    what,
				    (int)(j + 1 - i < 40 ? j + 1 - i : 40),
				    s + i);
			}
			return -1;
		}
		i = j + 1;
		*tail = i;
		*has_macro = 1;
	}
	return 0;
}

static int
check_toplabel(const char *s, size_t n, char *msg, size_t msgsz)
{
	int alpha = 0, dash = 0;

	if (n == 0) {
		snprintf(msg, msgsz,
		    "empty top-level label; a domain ends in '.' and a label (RFC 7208 §7.1)");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (is_alpha(s[i])) {
			alpha = 1;
		} else if (s[i] == '-') {
			dash = 1;
		} else if (!is_digit(s[i])) {
			snprintf(msg, msgsz,
			    "'%.*s' is not a top-level label; it may hold letters, digits and '-' only (RFC 7208 §7.1)",
			    (int)(n < 63 ? n : 63), s);
			return -1;
		}
	}
	if (s[0] == '-' || s[n - 1] == '-') {
		snprintf(msg, msgsz,
		    "top-level label '%.*s' %s with '-' (RFC 7208 §7.1)",
		    (int)(n < 63 ? n : 63), s, s[0] == '-' ? "starts" : "ends");
		return -1;
	}
	if (!alpha && !dash) {
		snprintf(msg, msgsz,
		    "top-level label '%.*s' is all digits (RFC 7208 §7.1)",
		    (int)(n < 63 ? n : 63), s);
		return -1;
	}
	return 0;
}

int
zl_spf_check_domain_spec(const char *s, size_t n, enum zl_spf_err *code,
    char *msg, size_t msgsz, int *has_macro)
{
	size_t tail, end, dot;

	*has_macro = 0;
	if (n == 0) {
		*code = ZL_SPF_E_NO_ARG;
		snprintf(msg, msgsz, "no domain");
		return -1;
	}
	if (check_macro_string(s, n, code, msg, msgsz, &tail, has_macro) != 0)
		return -1;
	if (tail == n)
		return 0;	/* domain-end = macro-expand */
	/* domain-end = "." toplabel [ "." ] */
	*code = ZL_SPF_E_DOMAIN;
	end = n;
	if (end > tail && s[end - 1] == '.')
		end--;
	for (dot = end; dot > tail && s[dot - 1] != '.'; dot--)
		;
	if (dot == tail) {
		if (tail == 0)
			snprintf(msg, msgsz,
			    "'%.*s' is a single label; a domain needs a dot and a top-level label (RFC 7208 §7.1)",
			    (int)(n < 63 ? n : 63), s);
		else
			snprintf(msg, msgsz,
			    "no '.' between the last macro and '%.*s' (RFC 7208 §7.1)",
			    (int)(end - tail < 63 ? end - tail : 63), s + tail);
		return -1;
	}
	return check_toplabel(s + dot, end - dot, msg, msgsz);
}

/* CIDR digits (§12): "0" or a nonzero digit and up to maxd-1 more. */
static int
cidr_value(const char *s, size_t n, int maxd, int max, char *msg,
    size_t msgsz)
{
	int v = 0;

	if (n == 0) {
		snprintf(msg, msgsz, "'/' without a CIDR length (RFC 7208 §5.6)");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i])) {
			snprintf(msg, msgsz,
			    "CIDR length '%.*s' is not a number (RFC 7208 §5.6)",
			    (int)(n < 20 ? n : 20), s);
			return -1;
		}
	}
	if (n > 1 && s[0] == '0') {
		snprintf(msg, msgsz,
		    "CIDR length '%.*s' has a leading zero (RFC 7208 §12)",
		    (int)(n < 20 ? n : 20), s);
		return -1;
	}
	for (size_t i = 0; i < n && i < 4; i++)
		v = v * 10 + (s[i] - '0');
	if ((int)n > maxd || v > max) {
		snprintf(msg, msgsz,
		    "CIDR length %.*s is above %d (RFC 7208 §5.6)",
		    (int)(n < 20 ? n : 20), s, max);
		return -1;
	}
	return v;
}

/* "/" DIGITs, "//" DIGITs, or both: the dual-cidr-length shape. */
static int
dual_cidr_shape(const char *s, size_t n)
{
	size_t i = 0;

	if (i < n && s[i] == '/' && (i + 1 >= n || s[i + 1] != '/')) {
		i++;
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i + 1 < n && s[i] == '/' && s[i + 1] == '/') {
		i += 2;
		while (i < n && is_digit(s[i]))
			i++;
	}
	return i == n && n > 0;
}

/* Parse a dual-cidr-length; 0 or -1 with msg. */
static int
dual_cidr(const char *s, size_t n, int *c4, int *c6, char *msg, size_t msgsz)
{
	size_t i = 0, a;

	if (!dual_cidr_shape(s, n)) {
		snprintf(msg, msgsz,
		    "'%.*s' is not a CIDR length; write '/N' for IPv4, '//N' for IPv6 or '/N//M' (RFC 7208 §5.3)",
		    (int)(n < 40 ? n : 40), s);
		return -1;
	}
	if (s[0] == '/' && (n < 2 || s[1] != '/')) {
		a = ++i;
		while (i < n && is_digit(s[i]))
			i++;
		*c4 = cidr_value(s + a, i - a, 2, 32, msg, msgsz);
		if (*c4 < 0)
			return -1;
	}
	if (i < n) {
		i += 2;
		a = i;
		*c6 = cidr_value(s + a, n - a, 3, 128, msg, msgsz);
		if (*c6 < 0)
			return -1;
	}
	return 0;
}

/*
 * A dotted quad as check_ip4() accepts it, the common case: four octets of
 * 1 to 3 digits, no leading zero, at most 255. 0 does not mean invalid.
 */
static int
plain_ip4(const char *s, size_t n)
{
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		size_t a = i;
		int v = 0;

		if (part > 0) {
			if (i >= n || s[i] != '.')
				return 0;
			a = ++i;
		}
		while (i < n && i - a < 3 && is_digit(s[i]))
			v = v * 10 + (s[i++] - '0');
		if (i == a || v > 255 || (i - a > 1 && s[a] == '0'))
			return 0;
	}
	return i == n;
}

static int
check_ip4(const char *s, size_t n, char *msg, size_t msgsz)
{
	size_t parts = 0, i = 0;
	int letters = 0, colon = 0;
	char shown[TERM_SHOW_MAX * 4 + 8];

	if (plain_ip4(s, n))
		return 0;
	for (size_t k = 0; k < n; k++) {
		if (is_alpha(s[k]))
			letters = 1;
		if (s[k] == ':')
			colon = 1;
	}
	/* the address as shown in a message: only made for one */
#define SHOWN (show(shown, sizeof(shown), s, n), shown)
	if (colon) {
		snprintf(msg, msgsz,
		    "'%s' looks like an IPv6 address, which needs 'ip6:' (RFC 7208 §5.6)",
		    SHOWN);
		/* "1.2.3.4:8080" is no IPv6 address: judge the octets */
		if (memchr(s, '.', n) == NULL || letters)
			return -1;
	}
	/* "8.8.8.8~all": a dotted quad with the next term glued on */
	for (size_t k = 0; k < n; k++) {
		char rest[TERM_SHOW_MAX * 4 + 8];

		if (is_digit(s[k]) || s[k] == '.')
			continue;
		if (k > 0 && check_ip4(s, k, msg, msgsz) == 0) {
			show(rest, sizeof(rest), s + k, n - k);
			snprintf(msg, msgsz,
			    "'%s' follows the address %.*s without a space; terms are separated by spaces (RFC 7208 §4.6.1)",
			    rest, (int)k, s);
			return -1;
		}
		break;
	}
	if (letters) {
		snprintf(msg, msgsz,
		    "'%s' is a host name, not an IPv4 address; use 'a:' or 'include:' for names (RFC 7208 §5.6)",
		    SHOWN);
		return -1;
	}
	while (i <= n) {
		size_t a = i;

		while (i < n && s[i] != '.')
			i++;
		parts++;
		if (i == a) {
			snprintf(msg, msgsz,
			    "empty octet in '%s' (RFC 7208 §5.6)", SHOWN);
			return -1;
		} else {
			int ok = 1, v = 0;

			for (size_t k = a; k < i; k++)
				if (!is_digit(s[k]))
					ok = 0;
			if (ok && (i - a > 3 || (i - a > 1 && s[a] == '0')))
				ok = 0;
			for (size_t k = a; ok && k < i; k++)
				v = v * 10 + (s[k] - '0');
			if (!ok || v > 255) {
				char oct[TERM_SHOW_MAX * 4 + 8];

				show(oct, sizeof(oct), s + a, i - a);
				snprintf(msg, msgsz, "%s is not an octet%s (RFC 7208 §5.6)",
				    oct, ok && v > 255 ? "" :
				    (i - a > 1 && s[a] == '0' && i - a <= 3) ?
				    " (no leading zeros)" : "");
				return -1;
			}
		}
		if (i == n)
			break;
		i++;
	}
	if (parts != 4) {
		snprintf(msg, msgsz,
		    "'%s' has %zu octets; an IPv4 network has 4, use a CIDR length for a range (RFC 7208 §5.6)",
		    SHOWN, parts);
		return -1;
	}
	return 0;
#undef SHOWN
}

/* IPv6 text form, RFC 4291 §2.2. */
static int
check_ip6(const char *s, size_t n, char *msg, size_t msgsz)
{
	size_t i = 0;
	int groups = 0, dc = 0;
	char shown[TERM_SHOW_MAX * 4 + 8];

#define SHOWN (show(shown, sizeof(shown), s, n), shown)
	if (memchr(s, ':', n) == NULL) {
		if (check_ip4(s, n, msg, msgsz) == 0)
			snprintf(msg, msgsz,
			    "'%s' is an IPv4 address, which needs 'ip4:' (RFC 7208 §5.6)",
			    SHOWN);
		else
			snprintf(msg, msgsz,
			    "'%s' is not an IPv6 address (RFC 4291 §2.2)", SHOWN);
		return -1;
	}
	if (memmem(s, n, ":::", 3) != NULL) {
		snprintf(msg, msgsz,
		    "':::' in '%s' is not an IPv6 address (RFC 4291 §2.2)", SHOWN);
		return -1;
	}
	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		dc = 1;
		i = 2;
	} else if (s[0] == ':') {
		snprintf(msg, msgsz,
		    "'%s' starts with a single ':' (RFC 4291 §2.2)", SHOWN);
		return -1;
	}
	while (i < n) {
		size_t a = i;
		int dotted = 0;

		while (i < n && s[i] != ':') {
			if (s[i] == '.')
				dotted = 1;
			i++;
		}
		if (dotted) {
			if (i < n) {
				snprintf(msg, msgsz,
				    "an embedded IPv4 address must end '%s' (RFC 4291 §2.2)",
				    SHOWN);
				return -1;
			}
			if (check_ip4(s + a, i - a, msg, msgsz) != 0) {
				snprintf(msg, msgsz,
				    "'%.*s' in '%s' is not an embedded IPv4 address (RFC 4291 §2.2)",
				    (int)(i - a < 40 ? i - a : 40), s + a,
				    SHOWN);
				return -1;
			}
			groups += 2;
			break;
		}
		if (i - a < 1 || i - a > 4) {
			snprintf(msg, msgsz,
			    "'%.*s' in '%s' is not a group of 1 to 4 hex digits (RFC 4291 §2.2)",
			    (int)(i - a < 40 ? i - a : 40), s + a, SHOWN);
			return -1;
		}
		for (size_t k = a; k < i; k++) {
			if (!is_hex(s[k])) {
				snprintf(msg, msgsz,
				    "'%.*s' in '%s' is not a group of 1 to 4 hex digits (RFC 4291 §2.2)",
				    (int)(i - a < 40 ? i - a : 40), s + a,
				    SHOWN);
				return -1;
			}
		}
		groups++;
		if (i == n)
			break;
		i++;	/* ':' */
		if (i < n && s[i] == ':') {
			if (dc) {
				snprintf(msg, msgsz,
				    "'::' appears twice in '%s' (RFC 4291 §2.2)",
				    SHOWN);
				return -1;
			}
			dc = 1;
			i++;
		} else if (i == n) {
			snprintf(msg, msgsz,
			    "'%s' ends with a single ':' (RFC 4291 §2.2)", SHOWN);
			return -1;
		}
	}
	if (dc && groups > 7) {
		snprintf(msg, msgsz,
		    "'%s' has %d groups of 16 bits and '::', which stands for at least one more; an IPv6 address has 8 (RFC 4291 §2.2)",
		    SHOWN, groups);
		return -1;
	}
	if (!dc && groups != 8) {
		snprintf(msg, msgsz,
		    "'%s' has %d groups of 16 bits; an IPv6 address has 8 (RFC 4291 §2.2)",
		    SHOWN, groups);
		return -1;
	}
	return 0;
#undef SHOWN
}

/* ---- terms */

struct pctx {
	struct zl_spf_record *r;
	const char *v;
	int ti;
	char shown[TERM_SHOW_MAX * 4 + 8];
	char msg[200];
};

/* An error of the current term; the term is shown only now, as most have none. */
static void
term_error(struct pctx *p, enum zl_spf_err code, size_t off, size_t len,
    const char *why)
{
	const struct zl_spf_term *t = &p->r->terms[p->ti];

	show(p->shown, sizeof(p->shown), p->v + t->off, t->len);
	add_error(p->r, p->ti, code, off, len, "%s: %s", p->shown, why);
}

static void
bad_domain(struct pctx *p, struct zl_spf_term *t, size_t off, size_t n,
    const char *what)
{
	enum zl_spf_err code;
	int hm = 0;

	if (zl_spf_check_domain_spec(p->v + off, n, &code, p->msg,
	    sizeof(p->msg), &hm) == 0) {
		t->has_macro = hm;
		return;
	}
	if (code == ZL_SPF_E_NO_ARG) {
		char m[120];

		snprintf(m, sizeof(m), "no domain after '%s' (RFC 7208 §%s)",
		    what, t->kind == ZL_SPF_INCLUDE ? "5.2" :
		    t->kind == ZL_SPF_EXISTS ? "5.7" :
		    t->kind == ZL_SPF_REDIRECT ? "6.1" :
		    t->kind == ZL_SPF_EXP ? "6.2" :
		    t->kind == ZL_SPF_PTR ? "5.5" : "5.3");
		term_error(p, code, off, n, m);
		return;
	}
	term_error(p, code, off, n, p->msg);
}

/*
 * The arguments of a mechanism after its name: rest = [a, e). Called with
 * t->kind set.
 */
static void
mechanism_args(struct pctx *p, struct zl_spf_term *t, size_t a, size_t e)
{
	const char *v = p->v;
	char m[200];

	switch (t->kind) {
	case ZL_SPF_ALL:
		if (a < e)
			term_error(p, ZL_SPF_E_ARG, a, e - a,
			    "'all' takes no argument (RFC 7208 §5.1)");
		return;
	case ZL_SPF_INCLUDE:
	case ZL_SPF_EXISTS:
		if (a == e || v[a] != ':') {
			snprintf(m, sizeof(m),
			    a == e ? "'%s' needs ':' and a domain (RFC 7208 §%s)" :
			    "'%s' takes no CIDR length, only ':' and a domain (RFC 7208 §%s)",
			    zl_spf_kind_name(t->kind),
			    t->kind == ZL_SPF_INCLUDE ? "5.2" : "5.7");
			term_error(p, a == e ? ZL_SPF_E_NO_ARG : ZL_SPF_E_ARG,
			    a, e - a, m);
			return;
		}
		t->arg_off = (uint32_t)(a + 1);
		t->arg_len = (uint32_t)(e - a - 1);
		/* a CIDR suffix on a valid domain is the clearer error */
		for (const char *sl = memchr(v + a + 1, '/', e - a - 1);
		    sl != NULL;
		    sl = memchr(sl + 1, '/', (size_t)(v + e - sl - 1))) {
			size_t k = (size_t)(sl - v);
			enum zl_spf_err code;
			int hm;

			if (dual_cidr_shape(v + k, e - k) &&
			    zl_spf_check_domain_spec(v + a + 1, k - a - 1,
			    &code, p->msg, sizeof(p->msg), &hm) == 0) {
				snprintf(m, sizeof(m),
				    "'%s' takes no CIDR length (RFC 7208 §%s)",
				    zl_spf_kind_name(t->kind),
				    t->kind == ZL_SPF_INCLUDE ? "5.2" : "5.7");
				term_error(p, ZL_SPF_E_ARG, k, e - k, m);
				return;
			}
		}
		bad_domain(p, t, a + 1, e - a - 1,
		    t->kind == ZL_SPF_INCLUDE ? "include:" : "exists:");
		return;
	case ZL_SPF_PTR:
		if (a == e)
			return;
		if (v[a] != ':') {
			term_error(p, ZL_SPF_E_ARG, a, e - a,
			    "'ptr' takes no CIDR length (RFC 7208 §5.5)");
			return;
		}
		t->arg_off = (uint32_t)(a + 1);
		t->arg_len = (uint32_t)(e - a - 1);
		bad_domain(p, t, a + 1, e - a - 1, "ptr:");
		return;
	case ZL_SPF_A:
	case ZL_SPF_MX: {
		size_t ds = a, de = a;

		if (a < e && v[a] == ':') {
			ds = a + 1;
			de = e;
			for (size_t k = ds; k < e; k++) {
				if (v[k] == '/' &&
				    dual_cidr_shape(v + k, e - k)) {
					de = k;
					break;
				}
			}
			t->arg_off = (uint32_t)ds;
			t->arg_len = (uint32_t)(de - ds);
			bad_domain(p, t, ds, de - ds,
			    t->kind == ZL_SPF_A ? "a:" : "mx:");
			if (t->err >= 0)
				return;
		}
		if (de < e) {
			int c4 = -1, c6 = -1;

			if (dual_cidr(v + de, e - de, &c4, &c6, p->msg,
			    sizeof(p->msg)) != 0)
				term_error(p, ZL_SPF_E_CIDR, de, e - de,
				    p->msg);
			t->cidr4 = (int16_t)c4;
			t->cidr6 = (int16_t)c6;
		}
		return;
	}
	case ZL_SPF_IP4:
	case ZL_SPF_IP6: {
		size_t ns, ne;
		int six = t->kind == ZL_SPF_IP6;

		if (a == e || v[a] != ':') {
			snprintf(m, sizeof(m),
			    "'%s' needs ':' and an %s network (RFC 7208 §5.6)",
			    zl_spf_kind_name(t->kind), six ? "IPv6" : "IPv4");
			term_error(p, ZL_SPF_E_NO_ARG, a, e - a, m);
			return;
		}
		ns = a + 1;
		{
			const char *sl = memchr(v + ns, '/', e - ns);

			ne = sl == NULL ? e : (size_t)(sl - v);
		}
		t->arg_off = (uint32_t)ns;
		t->arg_len = (uint32_t)(ne - ns);
		if (ne == ns) {
			snprintf(m, sizeof(m),
			    "no network after '%s:' (RFC 7208 §5.6)",
			    zl_spf_kind_name(t->kind));
			term_error(p, ZL_SPF_E_NO_ARG, a, e - a, m);
			return;
		}
		if ((six ? check_ip6 : check_ip4)(v + ns, ne - ns, p->msg,
		    sizeof(p->msg)) != 0) {
			term_error(p, six ? ZL_SPF_E_IP6 : ZL_SPF_E_IP4, ns,
			    ne - ns, p->msg);
			return;
		}
		if (ne < e) {
			int c;

			if (ne + 1 < e && v[ne + 1] == '/') {
				snprintf(m, sizeof(m),
				    "'%s' takes one CIDR length '/N'; '//' is for 'a' and 'mx' (RFC 7208 §5.6)",
				    zl_spf_kind_name(t->kind));
				term_error(p, ZL_SPF_E_CIDR, ne, e - ne, m);
				return;
			}
			c = cidr_value(v + ne + 1, e - ne - 1, six ? 3 : 2,
			    six ? 128 : 32, p->msg, sizeof(p->msg));
			if (c < 0) {
				term_error(p, ZL_SPF_E_CIDR, ne, e - ne,
				    p->msg);
				return;
			}
			if (six)
				t->cidr6 = (int16_t)c;
			else
				t->cidr4 = (int16_t)c;
		}
		return;
	}
	default:
		return;
	}
}

/* The mechanism the n letters and digits at s name (any case), or ZL_SPF_BAD. */
static enum zl_spf_kind
mech_kind(const char *s, size_t n)
{
	char c = s[0];

	/* no name is longer than 7, and names differ in length or in
	 * their first letter but for "ip4" and "ip6" */
	if (n == 0 || n > 7)
		return ZL_SPF_BAD;
	if (c >= 'A' && c <= 'Z')
		c = (char)(c + 32);
	for (size_t k = 0; k < sizeof(mechs) / sizeof(mechs[0]); k++) {
		size_t j;

		if (mechs[k].len != n || mechs[k].name[0] != c)
			continue;
		for (j = 1; j < n; j++) {
			char d = s[j];

			if (d >= 'A' && d <= 'Z')
				d = (char)(d + 32);
			if (d != mechs[k].name[j])
				break;
		}
		if (j == n)
			return mechs[k].kind;
	}
	return ZL_SPF_BAD;
}

static int
is_name_char(int c)
{
	return is_alnum(c) || c == '-' || c == '_' || c == '.';
}

/* Term [off, off+len); odd: it may hold a byte outside printable ASCII. */
static void
parse_term(struct pctx *p, size_t off, size_t len, int odd)
{
	struct zl_spf_record *r = p->r;
	const char *v = p->v;
	size_t e = off + len, i = off, nm, ne;
	struct zl_spf_term *t;
	char m[200], what[96];

	r->terms = zl_xgrow(r->terms, sizeof(*r->terms), r->nterms + 1,
	    &r->terms_cap);
	p->ti = (int)r->nterms;
	t = &r->terms[r->nterms++];
	memset(t, 0, sizeof(*t));
	t->kind = ZL_SPF_BAD;
	t->off = (uint32_t)off;
	t->len = (uint32_t)len;
	t->cidr4 = t->cidr6 = -1;
	t->err = -1;

	/* anything outside printable ASCII (§3.1; SP alone separates terms) */
	for (size_t k = off; odd && k < e; k++) {
		unsigned char c = (unsigned char)v[k];

		if (c < 0x21 || c > 0x7e) {
			size_t cl = 1;

			describe_char(what, sizeof(what), v + k, e - k);
			if (c >= 0x80)
				(void)utf8_at((const unsigned char *)v + k,
				    e - k, &cl);
			if (c >= 0x80 && k == off)
				snprintf(m, sizeof(m),
				    "%s where a term begins; SPF records are plain ASCII%s (RFC 7208 §3.1)",
				    what, (strstr(what, "DASH") || strstr(what, "HYPHEN") ||
				    strstr(what, "MINUS")) ? ", write '-'" : "");
			else if (c >= 0x80)
				snprintf(m, sizeof(m),
				    "%s; SPF records are plain ASCII (RFC 7208 §3.1)",
				    what);
			else
				snprintf(m, sizeof(m),
				    "%s inside a term; terms are separated by single spaces only (RFC 7208 §4.6.1)",
				    what);
			term_error(p, ZL_SPF_E_CHAR, k, cl, m);
			return;
		}
	}
	if (v[i] == '+' || v[i] == '-' || v[i] == '~' || v[i] == '?') {
		t->qualifier = v[i];
		i++;
	}
	if (i == e) {
		term_error(p, ZL_SPF_E_UNKNOWN, off, len,
		    "a qualifier without a mechanism (RFC 7208 §4.6.2)");
		return;
	}
	/* modifier: name "=" ...; a mechanism's name is the leading
	 * letters and digits of the same run */
	for (nm = i; nm < e && is_alnum(v[nm]); nm++)
		;
	for (ne = nm; ne < e && is_name_char(v[ne]); ne++)
		;
	if (ne < e && v[ne] == '=') {
		size_t vs = ne + 1;

		t->name_len = (uint32_t)(ne - i);
		t->arg_off = (uint32_t)vs;
		t->arg_len = (uint32_t)(e - vs);
		if (ne == i) {
			term_error(p, ZL_SPF_E_MOD_NAME, off, len,
			    "a modifier without a name (RFC 7208 §12)");
			return;
		}
		if (!is_alpha(v[i])) {
			term_error(p, ZL_SPF_E_MOD_NAME, i, ne - i,
			    "a modifier name must start with a letter (RFC 7208 §12)");
			return;
		}
		if (ne - i == 8 && strncasecmp(v + i, "redirect", 8) == 0)
			t->kind = ZL_SPF_REDIRECT;
		else if (ne - i == 3 && strncasecmp(v + i, "exp", 3) == 0)
			t->kind = ZL_SPF_EXP;
		else
			t->kind = ZL_SPF_UNKNOWN_MOD;
		if (t->qualifier) {
			term_error(p, ZL_SPF_E_MOD_QUAL, off, 1,
			    "a modifier takes no qualifier (RFC 7208 §12)");
			return;
		}
		if (t->kind == ZL_SPF_UNKNOWN_MOD) {
			enum zl_spf_err code;
			size_t tail;
			int hm = 0;

			if (check_macro_string(v + vs, e - vs, &code, p->msg,
			    sizeof(p->msg), &tail, &hm) != 0)
				term_error(p, code, vs, e - vs, p->msg);
			t->has_macro = hm;
			return;
		}
		bad_domain(p, t, vs, e - vs,
		    t->kind == ZL_SPF_REDIRECT ? "redirect=" : "exp=");
		return;
	}
	/* mechanism: the name is the leading letters and digits */
	t->name_len = (uint32_t)(nm - i);
	t->kind = mech_kind(v + i, nm - i);
	if (t->kind != ZL_SPF_BAD && t->kind != ZL_SPF_ALL && nm < e &&
	    v[nm] != ':' && v[nm] != '/')
		t->kind = ZL_SPF_BAD;	/* "a-b", "mx.x": an unknown name */
	if (t->kind == ZL_SPF_BAD) {
		if (nm < e && v[nm] == ':' &&
		    ((nm - i == 8 && strncasecmp(v + i, "redirect", 8) == 0) ||
		    (nm - i == 3 && strncasecmp(v + i, "exp", 3) == 0))) {
			snprintf(m, sizeof(m),
			    "'%.*s' is a modifier: write '%.*s=' (RFC 7208 §6)",
			    (int)(nm - i), v + i, (int)(nm - i), v + i);
			term_error(p, ZL_SPF_E_UNKNOWN, i, nm - i, m);
			return;
		}
		if (ne == i) {
			describe_char(what, sizeof(what), v + i, e - i);
			snprintf(m, sizeof(m),
			    "%s does not start a mechanism or modifier (RFC 7208 §12)",
			    what);
			term_error(p, ZL_SPF_E_UNKNOWN, i, 1, m);
			return;
		}
		snprintf(m, sizeof(m), "unknown mechanism '%.*s' (RFC 7208 §5)",
		    (int)(ne - i < 60 ? ne - i : 60), v + i);
		term_error(p, ZL_SPF_E_UNKNOWN, i, ne - i, m);
		return;
	}
	mechanism_args(p, t, nm, e);
}

/* The term [s, s+n) at off from r's memo (slot h), when it is there. */
static int
memo_hit(struct zl_spf_record *r, size_t h, const char *s, size_t n,
    size_t off)
{
	const struct zl_spf_memo *m = r->memo;
	struct zl_spf_term *t;

	if (m->slot[h].len != n || memcmp(m->slot[h].text, s, n) != 0)
		return 0;
	r->terms = zl_xgrow(r->terms, sizeof(*r->terms), r->nterms + 1,
	    &r->terms_cap);
	t = &r->terms[r->nterms++];
	*t = m->slot[h].t;
	t->off = (uint32_t)off;
	if (t->arg_off != 0)	/* 0: never set */
		t->arg_off += (uint32_t)off;
	return 1;
}

/* Keep the term just parsed from [s, s+n) at off, if it has no error. */
static void
memo_keep(struct zl_spf_record *r, size_t h, const char *s, size_t n,
    size_t off)
{
	const struct zl_spf_term *t = &r->terms[r->nterms - 1];

	if (t->err >= 0)
		return;
	r->memo->slot[h].len = (uint32_t)n;
	memcpy(r->memo->slot[h].text, s, n);
	r->memo->slot[h].t = *t;
	r->memo->slot[h].t.off = 0;
	if (t->arg_off != 0)
		r->memo->slot[h].t.arg_off -= (uint32_t)off;
}

size_t
zl_spf_parse(struct zl_spf_record *r, const char *v, size_t n)
{
	struct pctx p;
	size_t i = 6;
	int odd;

	r->nterms = 0;
	r->nerrs = 0;
	r->all = r->redirect = r->exp = -1;
	p.r = r;
	p.v = v;
	p.ti = -1;
	/* size the term array exactly on a record's first parse (a record
	 * parsed again and again just grows it) */
	if (r->terms_cap == 0) {
		size_t want = 0;

		for (size_t k = 6; k < n; k++)
			if (v[k] != ' ' && v[k - 1] == ' ')
				want++;
		if (want > r->terms_cap) {
			r->terms = zl_xrealloc(r->terms,
			    want * sizeof(*r->terms));
			r->terms_cap = want;
		}
	}
	/* a byte outside printable ASCII is looked for term by term only
	 * when the value has one */
	odd = !ascii_run(v, n, 0x20);
	while (i < n) {
		const char *sp;
		size_t s;

		while (i < n && v[i] == ' ')
			i++;
		if (i >= n)
			break;
		s = i;
		sp = memchr(v + i, ' ', n - i);
		i = sp == NULL ? n : (size_t)(sp - v);
		/* networks are mostly one of a kind: they would only push
		 * out the includes and mechanisms that do repeat */
		if (r->memo != NULL && i - s <= MEMO_TERM &&
		    !network_term(v + s, i - s)) {
			size_t h = memo_slot(v + s, i - s);

			if (memo_hit(r, h, v + s, i - s, s))
				continue;
			parse_term(&p, s, i - s, odd);
			memo_keep(r, h, v + s, i - s, s);
			continue;
		}
		parse_term(&p, s, i - s, odd);
	}
	for (size_t k = 0; k < r->nterms; k++) {
		struct zl_spf_term *t = &r->terms[k];
		int *first;

		if (t->err >= 0)
			continue;
		if (t->kind == ZL_SPF_ALL && r->all < 0)
			r->all = (int)k;
		if (t->kind != ZL_SPF_REDIRECT && t->kind != ZL_SPF_EXP)
			continue;
		first = t->kind == ZL_SPF_REDIRECT ? &r->redirect : &r->exp;
		if (*first < 0) {
			*first = (int)k;
			continue;
		}
		p.ti = (int)k;
		term_error(&p, ZL_SPF_E_MOD_TWICE, t->off, t->len,
		    t->kind == ZL_SPF_REDIRECT ?
		    "second 'redirect='; each modifier may appear only once (RFC 7208 §6)" :
		    "second 'exp='; each modifier may appear only once (RFC 7208 §6)");
	}
	return r->nerrs;
}
