/* SPDX-License-Identifier: MIT */
/* Domain-name conversion; see name.h. */
#include "name.h"

#include <string.h>

static const char *
parse_labels(const char *s, size_t n, uint8_t *out, size_t *olen, int *absolute)
{
	size_t o = 0, i = 0;

	*absolute = 0;
	if (n == 1 && s[0] == '.') {
		*absolute = 1;
		*olen = 0;
		return NULL;
	}
	while (i < n) {
		size_t lpos = o++;
		size_t llen = 0;

		if (o > ZL_NAME_MAX - 1)
			return "name longer than 255 bytes";
		if (s[i] == '.')
			return "empty label (two dots in a row, or a leading dot)";
		while (i < n && s[i] != '.') {
			unsigned char c = (unsigned char)s[i];

			if (c == '\\') {
				if (i + 1 >= n)
					return "backslash at the end of the name";
				if (s[i + 1] >= '0' && s[i + 1] <= '9') {
					unsigned v;

					if (i + 3 >= n ||
					    !(s[i + 2] >= '0' && s[i + 2] <= '9') ||
					    !(s[i + 3] >= '0' && s[i + 3] <= '9'))
						return "\\DDD escape needs three digits";
					v = (unsigned)(s[i + 1] - '0') * 100 +
					    (unsigned)(s[i + 2] - '0') * 10 +
					    (unsigned)(s[i + 3] - '0');
					if (v > 255)
						return "\\DDD escape above 255";
					c = (unsigned char)v;
					i += 4;
				} else {
					c = (unsigned char)s[i + 1];
					i += 2;
				}
			} else {
				i++;
			}
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c + 32);
			if (o >= ZL_NAME_MAX)
				return "name longer than 255 bytes";
			out[o++] = c;
			llen++;
		}
		if (llen > 63)
			return "label longer than 63 bytes";
		out[lpos] = (uint8_t)llen;
		if (i < n) { /* at a dot */
			i++;
			if (i == n)
				*absolute = 1;
		}
	}
	/* 255 bytes in wire form with the root label, which is not stored */
	if (o > ZL_NAME_MAX - 1)
		return "name longer than 255 bytes";
	*olen = o;
	return NULL;
}

int
zl_name_parse(const char *s, size_t n, const uint8_t *origin, size_t origin_len,
    uint8_t out[ZL_NAME_MAX], size_t *out_len, int *relative, const char **err)
{
	size_t len;
	int absolute;
	const char *e;

	*err = NULL;
	if (n == 0) {
		*err = "empty name";
		return -1;
	}
	if (n == 1 && s[0] == '@') {
		if (origin == NULL) {
			*err = "'@' used but no origin is known";
			return -1;
		}
		memcpy(out, origin, origin_len);
		*out_len = origin_len;
		*relative = 1;
		return 0;
	}
	e = parse_labels(s, n, out, &len, &absolute);
	if (e != NULL) {
		*err = e;
		return -1;
	}
	*relative = !absolute;
	if (!absolute) {
		if (origin == NULL) {
			*err = "relative name but no origin is known";
			return -1;
		}
		if (len + origin_len > ZL_NAME_MAX - 1) {
			*err = "name longer than 255 bytes once the origin is added";
			return -1;
		}
		memcpy(out + len, origin, origin_len);
		len += origin_len;
	}
	*out_len = len;
	return 0;
}

size_t
zl_name_to_text(const uint8_t *w, size_t len, char *out)
{
	size_t i = 0, o = 0;

	if (len == 0) {
		out[0] = '.';
		out[1] = '\0';
		return 1;
	}
	while (i < len) {
		size_t l = w[i++];

		for (size_t k = 0; k < l && i < len; k++, i++) {
			unsigned char c = w[i];

			if (c == '.' || c == '\\' || c == '"' || c == ';' ||
			    c == '(' || c == ')' || c == '@' || c == '$') {
				out[o++] = '\\';
				out[o++] = (char)c;
			} else if (c <= 0x20 || c >= 0x7f) {
				out[o++] = '\\';
				out[o++] = (char)('0' + c / 100);
				out[o++] = (char)('0' + c / 10 % 10);
				out[o++] = (char)('0' + c % 10);
			} else {
				out[o++] = (char)c;
			}
		}
		out[o++] = '.';
	}
	out[o] = '\0';
	return o;
}

int
zl_name_is_sub(const uint8_t *name, size_t len, const uint8_t *suffix,
    size_t slen)
{
	size_t i = 0;

	if (slen > len)
		return 0;
	while (len - i > slen) {
		i += (size_t)name[i] + 1;
		if (i > len)
			return 0;
	}
	return len - i == slen && memcmp(name + i, suffix, slen) == 0;
}

int
zl_name_labels(const uint8_t *w, size_t len)
{
	int n = 0;

	for (size_t i = 0; i < len; i += (size_t)w[i] + 1)
		n++;
	return n;
}
