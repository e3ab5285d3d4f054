/* SPDX-License-Identifier: MIT */
/*
 * Edits that several families need: adding a record on a line of its own,
 * deleting a record's lines, replacing a TXT record's RDATA. They only
 * build struct zl_edit lists (through zl_fix_*); the planner applies them.
 *
 * New lines copy the file's line ending (CRLF files stay CRLF, Ruff's
 * Stylist) and name their owner absolutely, so a later $ORIGIN cannot
 * change what they mean.
 */
#ifndef ZL_FIXUTIL_H
#define ZL_FIXUTIL_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "zone.h"

/* The line ending of a source: "\r\n" or "\n". */
const char *zl_source_eol(const struct zl_source *s);

/*
 * Insert line (without line ending) as a new line after the line where
 * record `after` ends, in after's source; after == NULL: at the end of
 * the zone file (source 0), adding a line break first if the file does not
 * end with one.
 */
void zl_fix_add_line(struct zl_fix *f, const struct zl_zone *z,
    const struct zl_record *after, const char *line);

/*
 * A TXT record line: "<owner> IN TXT <strings>", owner absolute text (with
 * its trailing dot), the value split into strings of at most 255 bytes and,
 * when it needs more than one, wrapped in parentheses over several lines.
 * ttl: 0 to leave it out (the zone's default applies). Appends to out.
 */
void zl_txt_record_line(struct zl_buf *out, const char *owner, unsigned ttl,
    const char *value, size_t len, const char *eol);

/*
 * Delete a record: when it is alone on its lines (only white space and a
 * comment around it), the whole lines go; otherwise just its span.
 * Returns 1 when whole lines were deleted.
 */
int zl_fix_delete_record(struct zl_fix *f, const struct zl_zone *z,
    const struct zl_record *rec);

/*
 * Replace a TXT record's RDATA (all of its character-strings) with value,
 * split into strings of at most 255 bytes (in parentheses over several
 * lines when the record needs more than one and is not already in
 * parentheses). The owner, TTL, class, type and any trailing comment stay.
 */
void zl_fix_replace_txt(struct zl_fix *f, const struct zl_zone *z,
    const struct zl_record *rec, const char *value, size_t len);

#endif
