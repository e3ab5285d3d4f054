/* SPDX-License-Identifier: MIT */
/* Internals shared by zone.c and loader.c; not for checks. */
#ifndef ZL_ZONE_INT_H
#define ZL_ZONE_INT_H

#include <stdint.h>
#include "buf.h"
#include "zone.h"

uint32_t zl_zone_intern(struct zl_zone *z, const uint8_t *w, size_t len);
/* The same with the hash already known (zl_name_hash()). */
uint32_t zl_zone_intern_hashed(struct zl_zone *z, const uint8_t *w, size_t len,
    uint32_t hash);
static inline uint32_t
zl_name_hash(const uint8_t *w, size_t len)
{
	return zl_hash_bytes(w, len);
}
/* 1 when name id is w (whatever way it is stored). */
int zl_zone_name_is(const struct zl_zone *z, uint32_t id, const uint8_t *w,
    size_t len);
/* Size the name table for about n names (growing it later costs a pass). */
void zl_zone_reserve_names(struct zl_zone *z, size_t n);
/* Start loading the hash-table slot of a name about to be interned. */
void zl_zone_prefetch(const struct zl_zone *z, uint32_t hash);
/* Mnemonic of a type, or NULL when it has none. */
const char *zl_type_to_str(uint16_t type);
/* 1 when ldns has no mnemonic or converter for the type (TYPEnnn only). */
int zl_type_ldns_lacks(uint16_t type);
/* Type from its mnemonic or TYPEnnn; returns 0 when unknown. */
uint16_t zl_type_from_str(const char *s, size_t n);

#endif
