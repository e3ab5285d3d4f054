/* SPDX-License-Identifier: MIT */
/*
 * struct zl_source: the bytes of one input file, kept for the whole run so
 * that spans can point into them, and where its lines start (Ruff's
 * LineIndex, but sparse: the start of every ZL_LINE_STRIDE-th line, and the
 * few lines in between are found with memchr, which keeps the index of a
 * million-line zone at 600 KB instead of 5 MB). Positions everywhere else
 * are byte offsets; line and column are computed here, only for output.
 */
#ifndef ZL_SOURCE_H
#define ZL_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct zl_source {
	char *name;            /* path as given (for messages); owned */
	char *data;            /* file bytes + a NUL after them; owned */
	size_t len;
	uint32_t *line_marks;  /* first byte of lines 1, 1 + STRIDE, ...; owned */
	size_t nlines;
	int crlf;              /* the first line ends in CRLF */
};

/* Position for output: 1-based line and column (column counts bytes). */
struct zl_pos {
	unsigned line, col;
};

/* Largest input accepted: offsets are 32 bits. */
#define ZL_SOURCE_MAX ((size_t)0xFFFFFFF0u)

/*
 * Read a file ("-" is standard input) into a new source.
 * Returns 0, or -errno (-EFBIG for files over ZL_SOURCE_MAX, -EISDIR for a
 * folder, -ENODEV for something that is neither a regular file nor a pipe).
 * display_name, when not NULL, names the source in messages instead of path.
 */
int zl_source_load(struct zl_source **out, const char *path,
    const char *display_name);
/* A source from memory (copied). */
struct zl_source *zl_source_from_mem(const char *name, const char *data,
    size_t len);
/*
 * A source that takes data (from malloc, len bytes and room for a NUL
 * after them, as a struct zl_buf has) instead of copying it.
 */
struct zl_source *zl_source_from_owned(const char *name, char *data,
    size_t len);
/* Take the bytes back out (caller frees); the source keeps none. */
char *zl_source_take_data(struct zl_source *s, size_t *len);
void zl_source_free(struct zl_source *s);

struct zl_pos zl_source_pos(const struct zl_source *s, size_t off);
/* Line number (1-based) of an offset. */
unsigned zl_source_line(const struct zl_source *s, size_t off);
#define ZL_LINE_STRIDE 8

/* Offset of the first byte of 1-based line n; s->len past the last line. */
size_t zl_source_line_start(const struct zl_source *s, unsigned line);
/* Start and end (excluding the line break) of 1-based line n. */
void zl_source_line_span(const struct zl_source *s, unsigned line,
    size_t *start, size_t *end);

#endif
