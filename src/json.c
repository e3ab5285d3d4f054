/* SPDX-License-Identifier: MIT */
/* The strict JSON reader; see json.h. */
#include "json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

struct parser {
	const char *s;
	size_t len, pos;
	char *err;
};

static void
fail(struct parser *p, size_t at, const char *what)
{
	unsigned line = 1, col = 1;

	if (p->err != NULL)
		return;
	for (size_t i = 0; i < at && i < p->len; i++) {
		if (p->s[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	p->err = zl_xasprintf("%u:%u: %s", line, col, what);
}

static void
skip_ws(struct parser *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

size_t
zl_utf8_decode(const char *str, size_t n, unsigned *cpo)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0], cp;
	size_t need;

	if (c < 0x80) {
		*cpo = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*cpo = cp;
	return need;
}

size_t
zl_utf8_count(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; k++) {
		unsigned cp;
		size_t l = (unsigned char)s[i] < 0x80 ? 1 :
		    zl_utf8_decode(s + i, n - i, &cp);

		i += l ? l : 1;
	}
	return k;
}

static void
put_utf8(struct zl_buf *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80) {
		zl_buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		zl_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		zl_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		zl_buf_add(b, u, 4);
	}
}

static int
hex4(struct parser *p, unsigned *out)
{
	unsigned v = 0;

	if (p->len - p->pos < 4) {
		fail(p, p->pos, "truncated \\u escape");
		return -1;
	}
	for (int i = 0; i < 4; i++) {
		char c = p->s[p->pos + (size_t)i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else {
			fail(p, p->pos + (size_t)i, "bad hex digit in \\u escape");
			return -1;
		}
	}
	p->pos += 4;
	*out = v;
	return 0;
}

/* A string at p->pos (the opening quote); the value goes to b. */
static int
parse_string(struct parser *p, struct zl_buf *b)
{
	const unsigned char *u = (const unsigned char *)p->s;

	p->pos++;
	for (;;) {
		unsigned c;
		size_t l;

		if (p->pos >= p->len) {
			fail(p, p->pos, "unterminated string");
			return -1;
		}
		c = u[p->pos];
		if (c == '"') {
			p->pos++;
			*zl_buf_reserve(b, 0) = '\0';   /* "" too: a C string */
			return 0;
		}
		if (c < 0x20) {
			fail(p, p->pos, "control character in string (escape it)");
			return -1;
		}
		if (c != '\\') {
			l = zl_utf8_decode(p->s + p->pos, p->len - p->pos, &c);
			if (l == 0) {
				fail(p, p->pos, "invalid UTF-8 in string");
				return -1;
			}
			zl_buf_add(b, p->s + p->pos, l);
			p->pos += l;
			continue;
		}
		p->pos++;
		if (p->pos >= p->len) {
			fail(p, p->pos, "unterminated string");
			return -1;
		}
		c = u[p->pos++];
		switch (c) {
		case '"': zl_buf_addc(b, '"'); break;
		case '\\': zl_buf_addc(b, '\\'); break;
		case '/': zl_buf_addc(b, '/'); break;
		case 'b': zl_buf_addc(b, '\b'); break;
		case 'f': zl_buf_addc(b, '\f'); break;
		case 'n': zl_buf_addc(b, '\n'); break;
		case 'r': zl_buf_addc(b, '\r'); break;
		case 't': zl_buf_addc(b, '\t'); break;
		case 'u': {
			unsigned cp, lo;
			size_t at = p->pos - 2;

			if (hex4(p, &cp) != 0)
				return -1;
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				fail(p, at, "lone low surrogate in \\u escape");
				return -1;
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (p->len - p->pos < 2 || p->s[p->pos] != '\\' ||
				    p->s[p->pos + 1] != 'u') {
					fail(p, at, "high surrogate without its low half");
					return -1;
				}
				p->pos += 2;
				if (hex4(p, &lo) != 0)
					return -1;
				if (lo < 0xdc00 || lo > 0xdfff) {
					fail(p, at, "high surrogate without its low half");
					return -1;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			put_utf8(b, cp);
			break;
		}
		default:
			fail(p, p->pos - 2, "unknown escape in string");
			return -1;
		}
	}
}

static int
parse_number(struct parser *p)
{
	size_t start = p->pos;
	const char *s = p->s;

#define DIGIT(i) ((i) < p->len && s[i] >= '0' && s[i] <= '9')
	if (p->pos < p->len && s[p->pos] == '-')
		p->pos++;
	if (!DIGIT(p->pos)) {
		fail(p, start, "bad number");
		return -1;
	}
	if (s[p->pos] == '0') {
		p->pos++;
		if (DIGIT(p->pos)) {
			fail(p, start, "leading zero in number");
			return -1;
		}
	} else {
		while (DIGIT(p->pos))
			p->pos++;
	}
	if (p->pos < p->len && s[p->pos] == '.') {
		p->pos++;
		if (!DIGIT(p->pos)) {
			fail(p, start, "bad number: digits must follow '.'");
			return -1;
		}
		while (DIGIT(p->pos))
			p->pos++;
	}
	if (p->pos < p->len && (s[p->pos] == 'e' || s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->len && (s[p->pos] == '+' || s[p->pos] == '-'))
			p->pos++;
		if (!DIGIT(p->pos)) {
			fail(p, start, "bad number: digits must follow the exponent");
			return -1;
		}
		while (DIGIT(p->pos))
			p->pos++;
	}
#undef DIGIT
	return 0;
}

static int parse_value(struct parser *p, struct zl_json *j, int depth);

static int
parse_container(struct parser *p, struct zl_json *j, int depth, int object)
{
	size_t cap = 0;
	char close = object ? '}' : ']';

	j->type = object ? ZL_JSON_OBJECT : ZL_JSON_ARRAY;
	if (depth >= ZL_JSON_MAX_DEPTH) {
		fail(p, p->pos, "nested too deeply");
		return -1;
	}
	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		return 0;
	}
	for (;;) {
		struct zl_json *m;
		struct zl_buf key = ZL_BUF_INIT;

		skip_ws(p);
		if (object) {
			if (p->pos >= p->len || p->s[p->pos] != '"') {
				fail(p, p->pos, "expected a member name in double quotes");
				return -1;
			}
			if (parse_string(p, &key) != 0) {
				zl_buf_release(&key);
				return -1;
			}
			for (size_t i = 0; i < j->n; i++)
				if (j->v[i].key_len == key.len &&
				    memcmp(j->v[i].key, key.data, key.len) == 0) {
					fail(p, p->pos, "duplicate member name");
					zl_buf_release(&key);
					return -1;
				}
			skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':') {
				fail(p, p->pos, "expected ':' after a member name");
				zl_buf_release(&key);
				return -1;
			}
			p->pos++;
			skip_ws(p);
		}
		j->v = zl_xgrow(j->v, sizeof(*j->v), j->n + 1, &cap);
		m = &j->v[j->n++];
		memset(m, 0, sizeof(*m));
		if (object) {
			m->key_len = key.len;
			m->key = zl_buf_take(&key);
		}
		if (parse_value(p, m, depth + 1) != 0)
			return -1;
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			skip_ws(p);
			if (p->pos < p->len && p->s[p->pos] == close) {
				fail(p, p->pos, "trailing comma");
				return -1;
			}
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == close) {
			p->pos++;
			return 0;
		}
		fail(p, p->pos, object ? "expected ',' or '}'" : "expected ',' or ']'");
		return -1;
	}
}

static int
literal(struct parser *p, const char *word, struct zl_json *j,
    enum zl_json_type t)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) {
		fail(p, p->pos, "unexpected character (not a JSON value)");
		return -1;
	}
	p->pos += n;
	j->type = t;
	return 0;
}

static int
parse_value(struct parser *p, struct zl_json *j, int depth)
{
	char c;

	if (p->pos >= p->len) {
		fail(p, p->pos, "unexpected end of input");
		return -1;
	}
	c = p->s[p->pos];
	switch (c) {
	case '{':
		return parse_container(p, j, depth, 1);
	case '[':
		return parse_container(p, j, depth, 0);
	case '"': {
		struct zl_buf b = ZL_BUF_INIT;

		j->type = ZL_JSON_STRING;
		if (parse_string(p, &b) != 0) {
			zl_buf_release(&b);
			return -1;
		}
		j->len = b.len;
		j->str = zl_buf_take(&b);
		return 0;
	}
	case 't':
		return literal(p, "true", j, ZL_JSON_TRUE);
	case 'f':
		return literal(p, "false", j, ZL_JSON_FALSE);
	case 'n':
		return literal(p, "null", j, ZL_JSON_NULL);
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			size_t start = p->pos;

			j->type = ZL_JSON_NUMBER;
			if (parse_number(p) != 0)
				return -1;
			j->len = p->pos - start;
			j->str = zl_xstrndup(p->s + start, j->len);
			return 0;
		}
		fail(p, p->pos, "unexpected character (not a JSON value)");
		return -1;
	}
}

int
zl_json_parse(const char *data, size_t len, size_t *pos, struct zl_json *out,
    char **err)
{
	struct parser p = { data, len, *pos, NULL };

	memset(out, 0, sizeof(*out));
	*err = NULL;
	skip_ws(&p);
	if (p.pos >= p.len) {
		*pos = p.pos;
		return 0;
	}
	if (parse_value(&p, out, 0) != 0) {
		zl_json_release(out);
		*err = p.err ? p.err : zl_xstrdup("bad JSON");
		*pos = p.pos;
		return -1;
	}
	*pos = p.pos;
	return 1;
}

void
zl_json_release(struct zl_json *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; i < j->n; i++)
		zl_json_release(&j->v[i]);
	free(j->v);
	free(j->key);
	free(j->str);
	memset(j, 0, sizeof(*j));
}

const struct zl_json *
zl_json_get(const struct zl_json *j, const char *key)
{
	size_t n;

	if (j == NULL || j->type != ZL_JSON_OBJECT)
		return NULL;
	n = strlen(key);
	for (size_t i = 0; i < j->n; i++)
		if (j->v[i].key_len == n && memcmp(j->v[i].key, key, n) == 0)
			return &j->v[i];
	return NULL;
}

int
zl_json_int(const struct zl_json *j, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (j == NULL || j->type != ZL_JSON_NUMBER)
		return -1;
	for (size_t i = 0; i < j->len; i++)
		if (j->str[i] == '.' || j->str[i] == 'e' || j->str[i] == 'E')
			return -1;
	errno = 0;
	v = strtoll(j->str, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = (int64_t)v;
	return 0;
}
