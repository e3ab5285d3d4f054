/* SPDX-License-Identifier: MIT */
/* Input files held in memory with a line index; see source.h. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

static void
index_lines(struct zl_source *s)
{
	size_t cap = 0, n = 0, nm = 0;
	uint32_t *ls = NULL;
	const char *p = s->data, *end = s->data + s->len;

	ls = zl_xgrow(ls, sizeof(*ls), 1 + s->len / (40 * ZL_LINE_STRIDE), &cap);
	ls[nm++] = 0;
	n = 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == NULL)
			break;
		p = nl + 1;
		if (p == end)
			break;
		if (n % ZL_LINE_STRIDE == 0) {
			if (nm == cap)
				ls = zl_xgrow(ls, sizeof(*ls), nm + 1, &cap);
			ls[nm++] = (uint32_t)(p - s->data);
		}
		n++;
	}
	s->line_marks = ls;
	s->nlines = n;
	{
		const char *nl = memchr(s->data, '\n', s->len);

		s->crlf = nl != NULL && nl > s->data && nl[-1] == '\r';
	}
}

struct zl_source *
zl_source_from_owned(const char *name, char *data, size_t len)
{
	struct zl_source *s = zl_xcalloc(1, sizeof(*s));

	s->name = zl_xstrdup(name);
	s->data = data != NULL ? data : zl_xmalloc(1);
	s->data[len] = '\0';
	s->len = len;
	index_lines(s);
	return s;
}

struct zl_source *
zl_source_from_mem(const char *name, const char *data, size_t len)
{
	char *copy = zl_xmalloc(len + 1);

	if (len)
		memcpy(copy, data, len);
	return zl_source_from_owned(name, copy, len);
}

char *
zl_source_take_data(struct zl_source *s, size_t *len)
{
	char *d = s->data;

	*len = s->len;
	s->data = NULL;
	s->len = 0;
	return d;
}

int
zl_source_load(struct zl_source **out, const char *path,
    const char *display_name)
{
	int fd, err = 0;
	struct stat st;
	char *data = NULL;
	size_t len = 0, cap = 0;
	struct zl_source *s;

	*out = NULL;
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			return -errno;
	}
	if (fstat(fd, &st) != 0) {
		err = -errno;
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		err = -EISDIR;
		goto fail;
	}
	/*
	 * Regular files and pipes; on standard input also a terminal or a
	 * socket. Devices such as /dev/zero never end, /dev/null is empty.
	 */
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) &&
	    !(fd == STDIN_FILENO && (S_ISSOCK(st.st_mode) || isatty(fd)))) {
		err = -ENODEV;
		goto fail;
	}
	if (fd != STDIN_FILENO) {
		int fl = fcntl(fd, F_GETFL);

		if (fl >= 0)
			(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	}
	if (S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > ZL_SOURCE_MAX) {
			err = -EFBIG;
			goto fail;
		}
		cap = (size_t)st.st_size + 1;
		data = zl_xmalloc(cap);
	}
	for (;;) {
		ssize_t r;
		char probe[4096];

		if (len + 1 >= cap && S_ISREG(st.st_mode) && cap > 0) {
			/*
			 * The file as stat() sized it is in: a small read
			 * tells the end from a file that grew, without
			 * doubling a buffer the size of the zone.
			 */
			r = read(fd, probe, sizeof(probe));
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				if (r < 0) {
					err = -errno;
					goto fail;
				}
				break;
			}
			data = zl_xrealloc(data, cap + (size_t)r + 65536);
			cap += (size_t)r + 65536;
			memcpy(data + len, probe, (size_t)r);
			len += (size_t)r;
			if (len > ZL_SOURCE_MAX) {
				err = -EFBIG;
				goto fail;
			}
			continue;
		}
		if (len + 1 >= cap) {
			size_t want = cap ? cap * 2 : 65536;

			data = zl_xrealloc(data, want);
			cap = want;
		}
		r = read(fd, data + len, cap - len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > ZL_SOURCE_MAX) {
			err = -EFBIG;
			goto fail;
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	s = zl_xcalloc(1, sizeof(*s));
	s->name = zl_xstrdup(display_name ? display_name : path);
	s->data = data;
	s->data[len] = '\0';
	s->len = len;
	index_lines(s);
	*out = s;
	return 0;
fail:
	if (fd != STDIN_FILENO)
		close(fd);
	free(data);
	return err;
}

void
zl_source_free(struct zl_source *s)
{
	if (s == NULL)
		return;
	free(s->name);
	free(s->data);
	free(s->line_marks);
	free(s);
}

unsigned
zl_source_line(const struct zl_source *s, size_t off)
{
	size_t lo = 0, hi = (s->nlines + ZL_LINE_STRIDE - 1) / ZL_LINE_STRIDE;
	size_t line, p;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->line_marks[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	line = lo * ZL_LINE_STRIDE + 1;
	p = s->line_marks[lo];
	if (off > s->len)
		off = s->len;
	while (p < off && line < s->nlines) {
		const char *nl = memchr(s->data + p, '\n', off - p);

		if (nl == NULL)
			break;
		p = (size_t)(nl - s->data) + 1;
		if (p > off)
			break;
		line++;
	}
	return (unsigned)line;
}

size_t
zl_source_line_start(const struct zl_source *s, unsigned line)
{
	size_t p;

	if (line < 1)
		line = 1;
	if (line > s->nlines)
		return s->len;
	p = s->line_marks[(line - 1) / ZL_LINE_STRIDE];
	for (unsigned k = (line - 1) % ZL_LINE_STRIDE; k > 0; k--) {
		const char *nl = memchr(s->data + p, '\n', s->len - p);

		if (nl == NULL)
			return s->len;
		p = (size_t)(nl - s->data) + 1;
	}
	return p;
}

struct zl_pos
zl_source_pos(const struct zl_source *s, size_t off)
{
	struct zl_pos p;

	p.line = zl_source_line(s, off);
	p.col = (unsigned)(off - zl_source_line_start(s, p.line)) + 1;
	return p;
}

void
zl_source_line_span(const struct zl_source *s, unsigned line, size_t *start,
    size_t *end)
{
	size_t st, e;

	if (line < 1)
		line = 1;
	if (line > s->nlines)
		line = (unsigned)s->nlines;
	st = zl_source_line_start(s, line);
	e = line < s->nlines ? zl_source_line_start(s, line + 1) : s->len;
	if (e > st && s->data[e - 1] == '\n')
		e--;
	if (e > st && s->data[e - 1] == '\r')
		e--;
	*start = st;
	*end = e;
}
