/* SPDX-License-Identifier: MIT */
/*
 * A small strict JSON reader (RFC 8259), for `zonelint report`, which
 * merges the JSON-lines output of runs made elsewhere. It builds a tree of
 * struct zl_json and refuses anything RFC 8259 does not allow: comments,
 * trailing commas, single quotes, bare words, leading zeros, control
 * bytes or invalid UTF-8 inside strings, lone surrogates, duplicate member
 * names, and nesting deeper than ZL_JSON_MAX_DEPTH. Writing JSON is
 * zl_json_str() in out.h.
 *
 * A stream of values separated by white space (JSON lines, or several
 * JSON documents one after the other) is read by calling zl_json_parse()
 * until it returns 0.
 *
 * Ownership: a parsed tree owns all its strings and children; free it with
 * zl_json_release(). Pointers returned by the accessors are borrowed.
 */
#ifndef ZL_JSON_H
#define ZL_JSON_H

#include <stddef.h>
#include <stdint.h>

#define ZL_JSON_MAX_DEPTH 64

enum zl_json_type {
	ZL_JSON_NULL,
	ZL_JSON_FALSE,
	ZL_JSON_TRUE,
	ZL_JSON_NUMBER,
	ZL_JSON_STRING,
	ZL_JSON_ARRAY,
	ZL_JSON_OBJECT,
};

struct zl_json {
	enum zl_json_type type;
	char *key;               /* member name inside an object, else NULL */
	size_t key_len;
	char *str;               /* STRING: the value, UTF-8, NUL-terminated
				    (it may hold NUL bytes: use len);
				    NUMBER: the number as written */
	size_t len;
	struct zl_json *v;       /* ARRAY elements or OBJECT members, in order */
	size_t n;
};

/*
 * Parse the next value of data[*pos .. len). White space before it is
 * skipped. Returns 1 with *out filled and *pos just after the value, 0 at
 * the end of the input (only white space left), or -1 with *err set to
 * "line:col: what is wrong" (caller frees; line and column count from the
 * start of data, the column in bytes) and *out empty.
 */
int zl_json_parse(const char *data, size_t len, size_t *pos,
    struct zl_json *out, char **err);
void zl_json_release(struct zl_json *j);

/* Member of an object by name; NULL when absent or j is not an object. */
const struct zl_json *zl_json_get(const struct zl_json *j, const char *key);
/*
 * An integral NUMBER within [min, max]: returns 0 and sets *out, or -1
 * when j is not such a number.
 */
int zl_json_int(const struct zl_json *j, int64_t min, int64_t max,
    int64_t *out);

/*
 * UTF-8, shared by the reader and the writers: the length of the valid
 * UTF-8 sequence at s (n bytes left) with *cp set, or 0 (overlong forms,
 * surrogates and values past U+10FFFF are not valid).
 */
size_t zl_utf8_decode(const char *s, size_t n, unsigned *cp);
/* Characters in s[0..n): a valid UTF-8 sequence is one, any other byte one. */
size_t zl_utf8_count(const char *s, size_t n);

#endif
