/* SPDX-License-Identifier: MIT */
/* Finding zone files and checking them with worker processes; see batch.h. */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xalloc.h"

/* ---- file filters */

static const char *const default_include[] = { "db.*", "*.zone", "*.db" };

void
zl_file_filter_init(struct zl_file_filter *f)
{
	memset(f, 0, sizeof(*f));
}

void
zl_file_filter_release(struct zl_file_filter *f)
{
	for (size_t i = 0; i < f->ninclude; i++)
		free(f->include[i]);
	free(f->include);
	for (size_t i = 0; i < f->nexclude; i++)
		free(f->exclude[i]);
	free(f->exclude);
	memset(f, 0, sizeof(*f));
}

static char *
clean_glob(const char *g)
{
	while (g[0] == '.' && g[1] == '/')
		g += 2;
	return zl_xstrdup(g);
}

void
zl_file_filter_include(struct zl_file_filter *f, const char *glob)
{
	f->include = zl_xrealloc(f->include, (f->ninclude + 1) * sizeof(char *));
	f->include[f->ninclude++] = clean_glob(glob);
}

void
zl_file_filter_exclude(struct zl_file_filter *f, const char *glob)
{
	f->exclude = zl_xrealloc(f->exclude, (f->nexclude + 1) * sizeof(char *));
	f->exclude[f->nexclude++] = clean_glob(glob);
}

/* dir_only: the glob ends in '/' and so names folders only. */
static int
glob_match(const char *g, const char *rel, int is_dir)
{
	const char *base = strrchr(rel, '/');
	size_t gl = strlen(g);
	char *tmp = NULL;
	int m;

	if (gl > 1 && g[gl - 1] == '/') {
		if (!is_dir)
			return 0;
		tmp = zl_xstrndup(g, gl - 1);
		g = tmp;
	}
	base = base ? base + 1 : rel;
	if (strchr(g, '/') == NULL)
		m = fnmatch(g, base, 0) == 0;
	else
		m = fnmatch(g, rel, 0) == 0 ||
		    (strncmp(g, "**/", 3) == 0 && fnmatch(g + 3, rel, 0) == 0);
	free(tmp);
	return m;
}

int
zl_file_filter_excluded(const struct zl_file_filter *f, const char *rel)
{
	for (size_t i = 0; i < f->nexclude; i++)
		if (glob_match(f->exclude[i], rel, 1))
			return 1;
	return 0;
}

int
zl_file_filter_match(const struct zl_file_filter *f, const char *rel)
{
	int in = 0;

	if (f->ninclude == 0) {
		for (size_t i = 0; i < 3 && !in; i++)
			in = glob_match(default_include[i], rel, 0);
	} else {
		for (size_t i = 0; i < f->ninclude && !in; i++)
			in = glob_match(f->include[i], rel, 0);
	}
	if (!in)
		return 0;
	for (size_t i = 0; i < f->nexclude; i++)
		if (glob_match(f->exclude[i], rel, 0))
			return 0;
	return 1;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct walk {
	const char *root;
	const struct zl_file_filter *f;
	char ***files;
	size_t *n, *cap;
};

static int
walk(struct walk *w, const char *rel, int depth)
{
	char *dirpath = *rel ? zl_xasprintf("%s/%s", w->root, rel) :
	    zl_xstrdup(w->root);
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, nc = 0;
	int err;

	if (depth > 64) {
		free(dirpath);
		return -ELOOP;
	}
	d = opendir(dirpath);
	if (d == NULL) {
		err = -errno;
		free(dirpath);
		return err;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = zl_xgrow(names, sizeof(*names), nn + 1, &nc);
		names[nn++] = zl_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof(*names), str_cmp);
	for (size_t i = 0; i < nn; i++) {
		char *r = *rel ? zl_xasprintf("%s/%s", rel, names[i]) :
		    zl_xstrdup(names[i]);
		char *p = zl_xasprintf("%s/%s", dirpath, names[i]);
		struct stat st;

		if (lstat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				if (!zl_file_filter_excluded(w->f, r))
					(void)walk(w, r, depth + 1);
			} else if (S_ISREG(st.st_mode) &&
			    zl_file_filter_match(w->f, r)) {
				*w->files = zl_xgrow(*w->files, sizeof(**w->files),
				    *w->n + 1, w->cap);
				(*w->files)[(*w->n)++] = p;
				p = NULL;
			}
		}
		free(p);
		free(r);
		free(names[i]);
	}
	free(names);
	free(dirpath);
	return 0;
}

int
zl_discover(const char *dir, const struct zl_file_filter *f, char ***files,
    size_t *n, size_t *cap)
{
	struct walk w = { dir, f, files, n, cap };
	size_t len = strlen(dir);
	char *root = NULL;
	int rc;

	/* "exports/" walks as "exports": no doubled slash in the names */
	if (len > 1 && dir[len - 1] == '/') {
		root = zl_xstrndup(dir, len - 1);
		while (strlen(root) > 1 && root[strlen(root) - 1] == '/')
			root[strlen(root) - 1] = '\0';
		w.root = root;
	}
	rc = walk(&w, "", 0);
	free(root);
	return rc;
}

/* ---- framing */

void
zl_batch_put_u64(struct zl_buf *b, unsigned long long v)
{
	unsigned char x[8];

	for (int i = 0; i < 8; i++)
		x[i] = (unsigned char)(v >> (8 * i));
	zl_buf_add(b, x, 8);
}

void
zl_batch_put_str(struct zl_buf *b, const char *s, size_t n)
{
	zl_batch_put_u64(b, n);
	if (n)
		zl_buf_add(b, s, n);
}

int
zl_batch_get_u64(const char *msg, size_t len, size_t *pos,
    unsigned long long *v)
{
	const unsigned char *u = (const unsigned char *)msg;

	if (len - *pos < 8 || *pos > len)
		return -1;
	*v = 0;
	for (int i = 7; i >= 0; i--)
		*v = (*v << 8) | u[*pos + (size_t)i];
	*pos += 8;
	return 0;
}

int
zl_batch_get_str(const char *msg, size_t len, size_t *pos, const char **s,
    size_t *n)
{
	unsigned long long l;

	if (zl_batch_get_u64(msg, len, pos, &l) != 0 || l > len - *pos)
		return -1;
	*s = msg + *pos;
	*n = (size_t)l;
	*pos += (size_t)l;
	return 0;
}

/* ---- workers */

int
zl_batch_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

enum { ST_WAITING, ST_SENT, ST_DONE, ST_DIED };

struct item {
	char *msg;
	size_t len;
	int state;
};

struct worker {
	pid_t pid;
	int fd;                  /* -1 when not running */
	size_t q[2];             /* items sent, in order */
	int nq;
	struct zl_buf in;        /* bytes read, not yet a whole message */
};

struct batch {
	size_t n;
	struct item *items;
	struct worker *w;
	int nw;
	size_t next;             /* next item never sent */
	size_t *requeue;         /* items to send again (their worker died) */
	size_t nrequeue, requeue_cap;
	size_t finished;
	zl_batch_work_fn *work;
	void *arg;
};

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* 1 item read, 0 end of input, -1 error. */
static int
read_all(int fd, void *p, size_t n)
{
	char *c = p;
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, c + got, n - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

static void
worker_main(struct batch *bt, int fd)
{
	struct zl_buf b = ZL_BUF_INIT, hdr = ZL_BUF_INIT;
	unsigned char x[8];

	for (;;) {
		unsigned long long idx = 0;
		size_t pos = 0;

		if (read_all(fd, x, 8) != 1)
			break;
		(void)zl_batch_get_u64((const char *)x, 8, &pos, &idx);
		zl_buf_reset(&b);
		bt->work(bt->arg, (size_t)idx, &b);
		zl_buf_reset(&hdr);
		zl_batch_put_u64(&hdr, idx);
		zl_batch_put_u64(&hdr, b.len);
		if (write_all(fd, hdr.data, hdr.len) != 0 ||
		    (b.len && write_all(fd, b.data, b.len) != 0))
			break;
	}
	_exit(0);
}

/*
 * One socket pair per worker carries both ways: item numbers to it,
 * results back. A socket, not a pipe, so that writing to a worker that
 * died is an error (send(MSG_NOSIGNAL)), not a SIGPIPE for the caller.
 */
static int
spawn(struct batch *bt, int k)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		/* the other workers' sockets: keep none, so EOF reaches them */
		for (int i = 0; i < bt->nw; i++)
			if (bt->w[i].fd >= 0)
				close(bt->w[i].fd);
		close(sv[0]);
		worker_main(bt, sv[1]);
	}
	close(sv[1]);
	bt->w[k].pid = pid;
	bt->w[k].fd = sv[0];
	bt->w[k].nq = 0;
	zl_buf_reset(&bt->w[k].in);
	return 0;
}

static int
send_item(int fd, size_t it)
{
	unsigned char x[8];
	size_t off = 0;

	for (int i = 0; i < 8; i++)
		x[i] = (unsigned char)((unsigned long long)it >> (8 * i));
	while (off < 8) {
		ssize_t w = send(fd, x + off, 8 - off, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

static void
stop(struct worker *w, int *sig)
{
	int status = 0;

	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	*sig = 0;
	if (w->pid > 0 && waitpid(w->pid, &status, 0) == w->pid &&
	    WIFSIGNALED(status))
		*sig = WTERMSIG(status);
	w->pid = 0;
}

static int
more_to_send(const struct batch *bt)
{
	return bt->nrequeue > 0 || bt->next < bt->n;
}

/* The worker's pipe closed: its first item died with it, the rest go again. */
static void
worker_died(struct batch *bt, int k)
{
	struct worker *w = &bt->w[k];
	int sig;

	stop(w, &sig);
	if (w->nq > 0) {
		struct item *it = &bt->items[w->q[0]];

		it->state = ST_DIED;
		it->len = (size_t)sig;
		bt->finished++;
		for (int i = 1; i < w->nq; i++) {
			bt->requeue = zl_xgrow(bt->requeue, sizeof(*bt->requeue),
			    bt->nrequeue + 1, &bt->requeue_cap);
			bt->requeue[bt->nrequeue++] = w->q[i];
			bt->items[w->q[i]].state = ST_WAITING;
		}
	}
	w->nq = 0;
	zl_buf_reset(&w->in);
	if (more_to_send(bt))
		(void)spawn(bt, k);
}

/* Whole messages in the worker's input buffer. */
static void
take_messages(struct batch *bt, struct worker *w)
{
	size_t pos = 0;

	for (;;) {
		unsigned long long idx, len;
		size_t p = pos;

		if (zl_batch_get_u64(w->in.data, w->in.len, &p, &idx) != 0 ||
		    zl_batch_get_u64(w->in.data, w->in.len, &p, &len) != 0 ||
		    len > w->in.len - p)
			break;
		if (idx < bt->n && w->nq > 0 && w->q[0] == idx) {
			struct item *it = &bt->items[idx];

			it->msg = zl_xmalloc(len + 1);
			memcpy(it->msg, w->in.data + p, len);
			it->msg[len] = '\0';
			it->len = len;
			it->state = ST_DONE;
			bt->finished++;
			w->q[0] = w->q[1];
			w->nq--;
		}
		pos = p + len;
	}
	if (pos > 0) {
		memmove(w->in.data, w->in.data + pos, w->in.len - pos);
		w->in.len -= pos;
	}
}

static void
run_serial(size_t from, size_t n, zl_batch_work_fn *work,
    zl_batch_done_fn *done, zl_batch_tick_fn *tick, void *arg)
{
	struct zl_buf b = ZL_BUF_INIT;

	for (size_t i = from; i < n; i++) {
		zl_buf_reset(&b);
		work(arg, i, &b);
		done(arg, i, b.data ? b.data : "", b.len);
		if (tick)
			tick(arg, i + 1);
	}
	zl_buf_release(&b);
}

int
zl_batch_run(size_t n, int jobs, zl_batch_work_fn *work,
    zl_batch_done_fn *done, zl_batch_tick_fn *tick, void *arg)
{
	struct batch bt;
	struct pollfd *pfd;
	int *pk;
	size_t deliver = 0, window;
	int running = 0;

	if (jobs <= 1 || n <= 1) {
		run_serial(0, n, work, done, tick, arg);
		return 0;
	}
	if ((size_t)jobs > n)
		jobs = (int)n;
	memset(&bt, 0, sizeof(bt));
	bt.n = n;
	bt.work = work;
	bt.arg = arg;
	bt.items = zl_xcalloc(n, sizeof(*bt.items));
	bt.w = zl_xcalloc((size_t)jobs, sizeof(*bt.w));
	for (int k = 0; k < jobs; k++)
		bt.w[k].fd = -1;
	for (int k = 0; k < jobs; k++) {
		bt.nw = k;
		if (spawn(&bt, k) == 0)
			running++;
	}
	bt.nw = jobs;
	if (running == 0) {
		free(bt.items);
		free(bt.w);
		run_serial(0, n, work, done, tick, arg);
		return 0;
	}
	/* results held back for order: at most this many ahead */
	window = (size_t)jobs * 64;
	pfd = zl_xcalloc((size_t)jobs, sizeof(*pfd));
	pk = zl_xcalloc((size_t)jobs, sizeof(*pk));
	while (deliver < n) {
		int np = 0, alive = 0;

		/* hand out items: two per worker, so none waits for the next */
		for (int k = 0; k < jobs; k++) {
			struct worker *w = &bt.w[k];

			if (w->fd < 0)
				continue;
			alive++;
			while (w->nq < 2 && more_to_send(&bt)) {
				size_t it;

				if (bt.nrequeue > 0) {
					it = bt.requeue[--bt.nrequeue];
				} else {
					if (bt.next >= deliver + window)
						break;
					it = bt.next++;
				}
				if (send_item(w->fd, it) != 0) {
					/* gone: send it again elsewhere */
					bt.requeue = zl_xgrow(bt.requeue,
					    sizeof(*bt.requeue), bt.nrequeue + 1,
					    &bt.requeue_cap);
					bt.requeue[bt.nrequeue++] = it;
					break;
				}
				bt.items[it].state = ST_SENT;
				w->q[w->nq++] = it;
			}
			{
				pfd[np].fd = w->fd;
				pfd[np].events = POLLIN;
				pfd[np].revents = 0;
				pk[np++] = k;
			}
		}
		if (alive == 0) {
			/* no worker could be started again: finish here */
			break;
		}
		if (np > 0 && poll(pfd, (nfds_t)np, 200) > 0) {
			for (int i = 0; i < np; i++) {
				struct worker *w = &bt.w[pk[i]];
				char *dst;
				ssize_t r;

				if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
					continue;
				dst = zl_buf_reserve(&w->in, 65536);
				r = read(w->fd, dst, 65536);
				if (r < 0 && errno == EINTR)
					continue;
				if (r <= 0) {
					worker_died(&bt, pk[i]);
					continue;
				}
				w->in.len += (size_t)r;
				take_messages(&bt, w);
			}
		}
		while (deliver < n && (bt.items[deliver].state == ST_DONE ||
		    bt.items[deliver].state == ST_DIED)) {
			struct item *it = &bt.items[deliver];

			if (it->state == ST_DONE)
				done(arg, deliver, it->msg, it->len);
			else
				done(arg, deliver, NULL, it->len);
			free(it->msg);
			it->msg = NULL;
			deliver++;
		}
		if (tick)
			tick(arg, bt.finished);
	}
	for (int k = 0; k < jobs; k++) {
		int sig;

		stop(&bt.w[k], &sig);
		zl_buf_release(&bt.w[k].in);
	}
	/* anything left (no worker could run): in this process, in order */
	if (deliver < n) {
		for (size_t i = deliver; i < n; i++) {
			struct item *it = &bt.items[i];

			if (it->state == ST_DONE) {
				done(arg, i, it->msg, it->len);
				free(it->msg);
			} else if (it->state == ST_DIED) {
				done(arg, i, NULL, it->len);
			} else {
				struct zl_buf b = ZL_BUF_INIT;

				work(arg, i, &b);
				done(arg, i, b.data ? b.data : "", b.len);
				zl_buf_release(&b);
			}
		}
	}
	free(pfd);
	free(pk);
	free(bt.items);
	free(bt.w);
	free(bt.requeue);
	return 0;
}
