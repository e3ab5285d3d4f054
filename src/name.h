/* SPDX-License-Identifier: MIT */
/*
 * Domain names: presentation text (RFC 1035 §5.1, with \X and \DDD escapes)
 * to wire form, and back. Wire names here are always absolute and kept in
 * lower case, so that byte comparison is DNS comparison (RFC 4343).
 */
#ifndef ZL_NAME_H
#define ZL_NAME_H

#include <stddef.h>
#include <stdint.h>

#define ZL_NAME_MAX 255

/*
 * Parse a name token. A name without a trailing dot is relative: origin
 * (wire, may be NULL for none) is appended; "@" is the origin.
 * Returns 0, or -1 with *err set to a static plain-words reason.
 * *relative is set to 1 when the text had no trailing dot.
 */
int zl_name_parse(const char *s, size_t n, const uint8_t *origin,
    size_t origin_len, uint8_t out[ZL_NAME_MAX], size_t *out_len,
    int *relative, const char **err);
/* Wire to presentation text with a trailing dot; out needs 4*255+2 bytes. */
size_t zl_name_to_text(const uint8_t *wire, size_t len, char *out);
/* 1 when name (wire) equals suffix or ends in it at a label boundary. */
int zl_name_is_sub(const uint8_t *name, size_t len, const uint8_t *suffix,
    size_t slen);
/* Number of labels (the root has 0). */
int zl_name_labels(const uint8_t *wire, size_t len);

#endif
