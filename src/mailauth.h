/* SPDX-License-Identifier: MIT */
/*
 * What the DMARC checks need from the SPF and DKIM families: whether a
 * domain has a usable SPF record and a usable DKIM key, where "usable"
 * means no error-severity validity finding (spec §4, corpus VALIDITY.md):
 * a record the linter already found broken does not count.
 *
 * check_spf.c defines zl_spf_valid_at(), check_dkim.c zl_dkim_valid_for().
 * They are declared weak so that DMARC builds and runs while a family is
 * not linked in; callers must test the function pointer for NULL and then
 * say that the answer is unknown rather than guess.
 */
#ifndef ZL_MAILAUTH_H
#define ZL_MAILAUTH_H

#include <stdint.h>

struct zl_ctx;

/*
 * 1 when exactly one SPF record is published at owner (a name id of
 * ctx->zone) and it is valid (no spf-syntax, not spf-multiple); 0 when none
 * or broken. Results are computed once per ctx and cached.
 */
int zl_spf_valid_at(struct zl_ctx *ctx, uint32_t owner)
    __attribute__((weak));

/*
 * 1 when at least one selector under _domainkey.<domain> (domain: a name
 * id of ctx->zone) holds a valid DKIM key record (no dkim-tag-syntax,
 * dkim-key-invalid, dkim-split-records, or dkim-key-weak below 1024 bits),
 * or is a CNAME (delegated to the sender, as Office 365 does: counted as
 * present, since its target is outside the zone); 0 otherwise.
 */
int zl_dkim_valid_for(struct zl_ctx *ctx, uint32_t domain)
    __attribute__((weak));

#endif
