/* SPDX-License-Identifier: MIT */
/*
 * Unified diff of two versions of one file, as `git apply` and `patch -p1`
 * take it: "--- a/PATH" / "+++ b/PATH", 3 lines of context, hunk headers by
 * git's rules (",count" left out when it is 1; start-1 when count is 0),
 * "\ No newline at end of file". Lines keep their own line ending, so CRLF
 * files give CRLF hunks.
 *
 * The lines that differ are found with Myers' O(ND) algorithm on hashed
 * lines: a fix changes a few lines of a large file, so D is small and the
 * cost is close to one pass over the file.
 */
#ifndef ZL_DIFF_H
#define ZL_DIFF_H

#include <stddef.h>

#include "buf.h"

/* Append the diff of a -> b to out; nothing when they are equal. */
void zl_diff_write(struct zl_buf *out, const char *path, const char *a,
    size_t alen, const char *b, size_t blen);

#endif
