/* SPDX-License-Identifier: MIT */
/*
 * Batches of zone files: finding them in folders (name globs to include
 * and exclude), and checking them with worker processes.
 *
 * Workers are fork()ed processes, not threads: a check can never disturb
 * another file's check, and a worker that dies (a bug, a signal) costs
 * only the file it was on; the batch goes on. Items are handed out one at
 * a time as workers become free, and the results are delivered in item
 * order, whatever the number of workers, so the output of a run does not
 * depend on -j. With one job nothing is forked and the same callbacks run
 * in this process.
 *
 * Library code: nothing here prints; the callbacks decide what to do.
 */
#ifndef ZL_BATCH_H
#define ZL_BATCH_H

#include <stddef.h>

#include "buf.h"

/* ---- finding zone files */

/*
 * Which files in a folder are zone files. A glob without '/' is matched
 * against the file's name; a glob with '/' against its path relative to
 * the folder given on the command line ('*' also matches '/'; a leading
 * "**" followed by '/' also matches no folder at all). Exclude globs are
 * matched against folders too, which are then not entered. With no
 * include glob the default is db.*, *.zone and *.db.
 */
struct zl_file_filter {
	char **include;
	size_t ninclude;
	char **exclude;
	size_t nexclude;
};

void zl_file_filter_init(struct zl_file_filter *f);
void zl_file_filter_release(struct zl_file_filter *f);
/* Add a glob (copied). For --include/--exclude and .zonelint.yaml
 * "files: {include: [...], exclude: [...]}". */
void zl_file_filter_include(struct zl_file_filter *f, const char *glob);
void zl_file_filter_exclude(struct zl_file_filter *f, const char *glob);
/* 1 when the file at rel (relative to the folder walked) is to be checked. */
int zl_file_filter_match(const struct zl_file_filter *f, const char *rel);
/* 1 when the folder at rel is excluded. */
int zl_file_filter_excluded(const struct zl_file_filter *f, const char *rel);

/*
 * The zone files under dir, in a stable order (each folder's entries
 * sorted by name, folders entered where they sort), appended to
 * (*files, *n, *cap) as "dir/rel" (caller frees each and the array).
 * Hidden files and folders (".name") and symbolic links are skipped.
 * Returns 0, or -errno when dir itself cannot be read; folders below it
 * that cannot be read are skipped.
 */
int zl_discover(const char *dir, const struct zl_file_filter *f,
    char ***files, size_t *n, size_t *cap);

/* ---- running a batch */

/* In a worker: do item i and put the result in out. */
typedef void zl_batch_work_fn(void *arg, size_t i, struct zl_buf *out);
/*
 * In the calling process, once per item, in item order: msg/len is what
 * work() put in out. When the worker died on the item, msg is NULL and
 * len is the signal that ended it (0: it exited).
 */
typedef void zl_batch_done_fn(void *arg, size_t i, const char *msg,
    size_t len);
/* In the calling process, now and then: items finished so far (any order). */
typedef void zl_batch_tick_fn(void *arg, size_t finished);

/* Online processor cores (at least 1). */
int zl_batch_cores(void);

/*
 * Run work() over items 0..n-1 with up to jobs worker processes and call
 * done() for each in order. tick may be NULL. When workers cannot be
 * started at all, the items are done in this process instead. The caller
 * flushes its stdio buffers before (forked children must not inherit
 * unwritten output). Returns 0.
 */
int zl_batch_run(size_t n, int jobs, zl_batch_work_fn *work,
    zl_batch_done_fn *done, zl_batch_tick_fn *tick, void *arg);

/* Little-endian framing helpers for messages between worker and caller. */
void zl_batch_put_u64(struct zl_buf *b, unsigned long long v);
void zl_batch_put_str(struct zl_buf *b, const char *s, size_t n);
/* Read at *pos; return 0, or -1 when the message is too short. */
int zl_batch_get_u64(const char *msg, size_t len, size_t *pos,
    unsigned long long *v);
int zl_batch_get_str(const char *msg, size_t len, size_t *pos,
    const char **s, size_t *n);

#endif
