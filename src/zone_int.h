/* SPDX-License-Identifier: MIT */
/* Internals shared by zone.c and loader.c; not for checks. */
#ifndef ZL_ZONE_INT_H
#define ZL_ZONE_INT_H

#include <stdint.h>
#include "zone.h"

uint32_t zl_zone_intern(struct zl_zone *z, const uint8_t *w, size_t len);
/* Mnemonic of a type, or NULL when it has none. */
const char *zl_type_to_str(uint16_t type);
/* Type from its mnemonic or TYPEnnn; returns 0 when unknown. */
uint16_t zl_type_from_str(const char *s, size_t n);

#endif
