/* SPDX-License-Identifier: MIT */
/*
 * The YAML loader for rule sets, vendor profiles and project configuration
 * (profile.h, man/zonelint-rules.5). Files are read whole (at most 1 MiB),
 * scanned once with libyaml's event API to refuse aliases, several
 * documents and more than 100,000 nodes (so an alias bomb or a huge file
 * cannot exhaust the tool), then loaded with the document API and walked
 * key by key. Every pattern is compiled with PCRE2 here, once.
 *
 * Any error stops the load with "file:line:column: what is wrong" (1-based;
 * libyaml's marks are 0-based and its functions return 1 on success, both
 * converted here). Nothing is printed: the caller reports and exits 2.
 *
 * Precedence, lowest first: the registry, rules/baseline.yaml, the project
 * configuration's top level and its matching overrides (in file order),
 * then profiles (from the configuration and --profile), whose severity
 * overrides never change a rule the configuration set itself; the CLI's
 * --select, --ignore and --severity come last.
 */
#include "profile.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ldns/ldns.h>
#include <yaml.h>

#include "buf.h"
#include "xalloc.h"

#define ZL_YAML_MAX_BYTES (1024 * 1024)
#define ZL_YAML_MAX_NODES 100000
/*
 * Hardening (issue 8): libyaml rescans every open flow level for stale
 * simple keys at each token, so 100,000 nested '[' took 15 s to refuse by
 * the node count. Rule files nest a handful of levels; stop well before
 * that cost.
 */
#define ZL_YAML_MAX_DEPTH 64

/* One YAML file being read. */
struct ydoc {
	char *file;            /* path for messages */
	char *data;
	size_t len;
	yaml_document_t doc;
	int loaded;
	char *err;             /* the first error */
};

static int
yvfail_at(struct ydoc *y, size_t line, size_t col, const char *fmt,
    va_list ap)
{
	struct zl_buf b = ZL_BUF_INIT;

	if (y->err != NULL)
		return -1;
	zl_buf_addf(&b, "%s:%zu:%zu: ", y->file, line + 1, col + 1);
	zl_buf_vaddf(&b, fmt, ap);
	/* values from the file may hold control bytes: keep messages on one line */
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] < 0x20)
			b.data[i] = '?';
	y->err = zl_buf_take(&b);
	return -1;
}

static int ZL_PRINTF(4, 5)
yfail_at(struct ydoc *y, size_t line, size_t col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	yvfail_at(y, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

static int ZL_PRINTF(3, 4)
yfail(struct ydoc *y, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	yvfail_at(y, n->start_mark.line, n->start_mark.column, fmt, ap);
	va_end(ap);
	return -1;
}

static int
ysyntax(struct ydoc *y, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR)
		return yfail_at(y, 0, 0, "out of memory reading YAML");
	if (p->context != NULL)
		return yfail_at(y, p->problem_mark.line, p->problem_mark.column,
		    "YAML syntax: %s %s", p->context,
		    p->problem ? p->problem : "error");
	return yfail_at(y, p->problem_mark.line, p->problem_mark.column,
	    "YAML syntax: %s", p->problem ? p->problem : "error");
}

/*
 * Hardening (issue 8): opened without blocking, so that a FIFO nobody
 * writes to reads as empty instead of hanging in open(), and a device
 * (/dev/zero, a terminal) is refused rather than read.
 */
static FILE *
yopen(struct ydoc *y, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), fl;
	struct stat st;
	FILE *fp;

	if (fd < 0) {
		y->err = zl_xasprintf("%s: cannot read: %s", path,
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		y->err = zl_xasprintf("%s: cannot read: %s", path,
		    strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode) || (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))) {
		y->err = zl_xasprintf(S_ISDIR(st.st_mode) ?
		    "%s: is a folder, not a YAML file" :
		    "%s: is a device, not a YAML file", path);
		close(fd);
		return NULL;
	}
	fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	fp = fdopen(fd, "rb");
	if (fp == NULL) {
		y->err = zl_xasprintf("%s: cannot read: %s", path,
		    strerror(errno));
		close(fd);
	}
	return fp;
}

static int
ydoc_read(struct ydoc *y, const char *path)
{
	FILE *fp = yopen(y, path);
	struct zl_buf b = ZL_BUF_INIT;

	if (fp == NULL)
		return -1;
	for (;;) {
		char *p = zl_buf_reserve(&b, 65536);
		size_t n = fread(p, 1, 65536, fp);

		b.len += n;
		if (b.len > ZL_YAML_MAX_BYTES) {
			fclose(fp);
			zl_buf_release(&b);
			return yfail_at(y, 0, 0,
			    "file is larger than %d bytes; rule files are limited to 1 MiB",
			    ZL_YAML_MAX_BYTES);
		}
		if (n < 65536)
			break;
	}
	if (ferror(fp)) {
		fclose(fp);
		zl_buf_release(&b);
		y->err = zl_xasprintf("%s: read error", path);
		return -1;
	}
	fclose(fp);
	y->len = b.len;
	y->data = b.data != NULL ? zl_buf_take(&b) : zl_xstrdup("");
	return 0;
}

/*
 * The event pass: refuse what the document API would make dangerous or
 * ambiguous before it builds anything. Aliases are refused outright, so
 * no walk can expand a "billion laughs" document.
 */
static int
ydoc_prescan(struct ydoc *y)
{
	yaml_parser_t p;
	yaml_event_t ev;
	size_t nodes = 0, docs = 0, depth = 0;
	int rc = 0, done = 0;

	if (!yaml_parser_initialize(&p))
		return yfail_at(y, 0, 0, "out of memory reading YAML");
	yaml_parser_set_input_string(&p, (const unsigned char *)y->data,
	    y->len);
	while (!done && rc == 0) {
		if (!yaml_parser_parse(&p, &ev)) {
			rc = ysyntax(y, &p);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				rc = yfail_at(y, ev.start_mark.line,
				    ev.start_mark.column,
				    "a second YAML document; a rule file holds one");
			break;
		case YAML_ALIAS_EVENT:
			rc = yfail_at(y, ev.start_mark.line, ev.start_mark.column,
			    "alias '*%s': anchors and aliases are not supported in rule files",
			    (const char *)ev.data.alias.anchor);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0)
				depth--;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++depth > ZL_YAML_MAX_DEPTH) {
				rc = yfail_at(y, ev.start_mark.line,
				    ev.start_mark.column,
				    "nested deeper than %d levels; rule files are limited to that",
				    ZL_YAML_MAX_DEPTH);
				break;
			}
			/* fall through */
		case YAML_SCALAR_EVENT:
			if (++nodes > ZL_YAML_MAX_NODES)
				rc = yfail_at(y, ev.start_mark.line,
				    ev.start_mark.column,
				    "more than %d YAML nodes; rule files are limited to that many",
				    ZL_YAML_MAX_NODES);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return rc;
}

static void
ydoc_close(struct ydoc *y)
{
	if (y->loaded)
		yaml_document_delete(&y->doc);
	free(y->file);
	free(y->data);
	free(y->err);
	memset(y, 0, sizeof(*y));
}

static yaml_node_t *
ynode(struct ydoc *y, int i)
{
	return yaml_document_get_node(&y->doc, i);
}

/* Read, scan and load path; the root node is then ynode(y, 1). */
static int
ydoc_open(struct ydoc *y, const char *path)
{
	yaml_parser_t p;

	memset(y, 0, sizeof(*y));
	y->file = zl_xstrdup(path);
	if (ydoc_read(y, path) != 0 || ydoc_prescan(y) != 0)
		return -1;
	if (!yaml_parser_initialize(&p))
		return yfail_at(y, 0, 0, "out of memory reading YAML");
	yaml_parser_set_input_string(&p, (const unsigned char *)y->data,
	    y->len);
	if (!yaml_parser_load(&p, &y->doc)) {
		ysyntax(y, &p);
		yaml_parser_delete(&p);
		return -1;
	}
	yaml_parser_delete(&p);
	y->loaded = 1;
	if (yaml_document_get_root_node(&y->doc) == NULL)
		return yfail_at(y, 0, 0, "empty file; expected a mapping of keys");
	return 0;
}

/* Hand the error to the caller. */
static int
ytake(struct ydoc *y, char **err)
{
	*err = y->err != NULL ? y->err : zl_xstrdup("bad rule file");
	y->err = NULL;
	return -1;
}

static const char *
sval(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static int
is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	v = sval(n);
	return v[0] == '\0' || strcmp(v, "~") == 0 || strcasecmp(v, "null") == 0;
}

static const char *
kind_of(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return is_null(n) ? "nothing" : "a string";
	}
}

static int
want_map(struct ydoc *y, const yaml_node_t *n, const char *what)
{
	if (n->type == YAML_MAPPING_NODE)
		return 0;
	return yfail(y, n, "%s must be a mapping of keys, not %s", what,
	    kind_of(n));
}

static int
want_list(struct ydoc *y, const yaml_node_t *n, const char *what)
{
	if (n->type == YAML_SEQUENCE_NODE)
		return 0;
	return yfail(y, n, "'%s' must be a list, not %s", what, kind_of(n));
}

/* Every key of map is one of known[], and none is repeated. */
static int
ykeys(struct ydoc *y, yaml_node_t *map, const char *what,
    const char *const *known)
{
	yaml_node_pair_t *a = map->data.mapping.pairs.start;
	yaml_node_pair_t *top = map->data.mapping.pairs.top;

	for (yaml_node_pair_t *p = a; p < top; p++) {
		yaml_node_t *k = ynode(y, p->key);
		size_t i;

		if (k->type != YAML_SCALAR_NODE || is_null(k))
			return yfail(y, k, "a key in %s must be a word, not %s",
			    what, kind_of(k));
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(known[i], sval(k)) == 0)
				break;
		if (known[i] == NULL) {
			struct zl_buf b = ZL_BUF_INIT;
			int rc;

			for (i = 0; known[i] != NULL; i++) {
				if (i > 0)
					zl_buf_adds(&b, ", ");
				zl_buf_adds(&b, known[i]);
			}
			rc = yfail(y, k, "unknown key '%.80s' in %s (known keys: %s)",
			    sval(k), what, b.data);
			zl_buf_release(&b);
			return rc;
		}
		for (yaml_node_pair_t *q = a; q < p; q++)
			if (strcmp(sval(ynode(y, q->key)), sval(k)) == 0)
				return yfail(y, k, "key '%s' given twice in %s",
				    sval(k), what);
	}
	return 0;
}

/* Value of key in map (keys already checked by ykeys), or NULL. */
static yaml_node_t *
yget(struct ydoc *y, yaml_node_t *map, const char *key)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	    p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ynode(y, p->key);

		if (k->type == YAML_SCALAR_NODE && strcmp(sval(k), key) == 0)
			return ynode(y, p->value);
	}
	return NULL;
}

static int
yreq(struct ydoc *y, yaml_node_t *map, const char *key, const char *what,
    yaml_node_t **out)
{
	*out = yget(y, map, key);
	if (*out != NULL)
		return 0;
	return yfail(y, map, "%s is missing the key '%s'", what, key);
}

static int
ystr(struct ydoc *y, const yaml_node_t *n, const char *key, char **out)
{
	if (n->type != YAML_SCALAR_NODE || is_null(n))
		return yfail(y, n, "'%s' must be a string, not %s", key,
		    kind_of(n));
	if (strlen(sval(n)) != n->data.scalar.length)
		return yfail(y, n, "'%s' holds a NUL byte", key);
	*out = zl_xstrdup(sval(n));
	return 0;
}

/* A string or a list of strings. */
static int
ystrs(struct ydoc *y, yaml_node_t *n, const char *key, char ***out,
    size_t *cnt)
{
	*out = NULL;
	*cnt = 0;
	if (n->type == YAML_SCALAR_NODE && !is_null(n)) {
		*out = zl_xcalloc(1, sizeof(**out));
		if (ystr(y, n, key, &(*out)[0]) != 0)
			return -1;
		*cnt = 1;
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return yfail(y, n, "'%s' must be a list of strings, not %s", key,
		    kind_of(n));
	*out = zl_xcalloc((size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start) + 1, sizeof(**out));
	for (yaml_node_item_t *i = n->data.sequence.items.start;
	    i < n->data.sequence.items.top; i++) {
		yaml_node_t *e = ynode(y, *i);

		if (e->type != YAML_SCALAR_NODE || is_null(e))
			return yfail(y, e,
			    "'%s' must be a list of strings; this item is %s",
			    key, kind_of(e));
		if (ystr(y, e, key, &(*out)[*cnt]) != 0)
			return -1;
		(*cnt)++;
	}
	return 0;
}

static void
strs_free(char **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
ybool(struct ydoc *y, const yaml_node_t *n, const char *key, int *out)
{
	if (n->type == YAML_SCALAR_NODE &&
	    n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		if (strcmp(sval(n), "true") == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(sval(n), "false") == 0) {
			*out = 0;
			return 0;
		}
	}
	if (n->type == YAML_SCALAR_NODE && !is_null(n))
		return yfail(y, n, "'%s' must be true or false, not '%.80s'",
		    key, sval(n));
	return yfail(y, n, "'%s' must be true or false, not %s", key,
	    kind_of(n));
}

static int
yint(struct ydoc *y, const yaml_node_t *n, const char *key, int lo, int hi,
    int *out)
{
	char *end;
	long v;

	if (n->type != YAML_SCALAR_NODE || is_null(n) ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		goto bad;
	errno = 0;
	v = strtol(sval(n), &end, 10);
	if (sval(n)[0] == '\0' || *end != '\0' || errno != 0 || v < lo ||
	    v > hi)
		goto bad;
	*out = (int)v;
	return 0;
bad:
	if (n->type == YAML_SCALAR_NODE && !is_null(n))
		return yfail(y, n,
		    "'%s' must be a whole number from %d to %d, not '%.80s'",
		    key, lo, hi, sval(n));
	return yfail(y, n, "'%s' must be a whole number from %d to %d, not %s",
	    key, lo, hi, kind_of(n));
}

static int
yregex(struct ydoc *y, const yaml_node_t *n, const char *key, int caseless,
    struct zl_regex **out)
{
	char *e = NULL;
	int rc;

	if (n->type != YAML_SCALAR_NODE || is_null(n))
		return yfail(y, n, "'%s' must be a pattern (a string), not %s",
		    key, kind_of(n));
	*out = zl_regex_new(sval(n), n->data.scalar.length, caseless, &e);
	if (*out != NULL)
		return 0;
	rc = yfail(y, n, "'%s': bad pattern '%.200s': %s", key, sval(n), e);
	free(e);
	return rc;
}

/* error|warning|info, and off when allow_off. */
static int
ylevel(struct ydoc *y, const yaml_node_t *n, const char *key, int allow_off,
    enum zl_severity *out)
{
	if (n->type == YAML_SCALAR_NODE && !is_null(n)) {
		const char *v = sval(n);

		if (strcmp(v, "error") == 0 || strcmp(v, "warning") == 0 ||
		    strcmp(v, "info") == 0) {
			*out = zl_severity_find(v);
			return 0;
		}
		if (allow_off && strcmp(v, "off") == 0) {
			*out = ZL_SEV_NONE;
			return 0;
		}
		return yfail(y, n, "'%s': level must be error, warning, info%s, not '%.80s'",
		    key, allow_off ? " or off" : "", v);
	}
	return yfail(y, n, "'%s': level must be error, warning, info%s, not %s",
	    key, allow_off ? " or off" : "", kind_of(n));
}

/*
 * Mark the rules a word names: a rule id, a family, or "all". Returns 0,
 * or -1 (reported at n) when the word names nothing.
 */
static int
mark_word(struct ydoc *y, const yaml_node_t *n, const char *w,
    unsigned char *mark)
{
	const struct zl_rule *r = zl_rule_find(w);
	int fam;

	if (r != NULL) {
		mark[r->num] = 1;
		return 0;
	}
	fam = zl_family_find(w);
	if (fam < 0 && strcmp(w, "all") != 0)
		return yfail(y, n,
		    "unknown rule or family '%.80s' (see 'zonelint rules'; families: zone, spf, dkim, dmarc, vendor)",
		    w);
	for (size_t i = 0; i < ZL_R__COUNT; i++)
		if (fam < 0 || (int)zl_rules[i].family == fam)
			mark[i] = 1;
	return 0;
}

/* A list of rule ids or families (select, ignore). */
static int
yrules(struct ydoc *y, yaml_node_t *n, const char *key, unsigned char *mark)
{
	char **v;
	size_t cnt;
	int rc = 0;

	memset(mark, 0, ZL_R__COUNT);
	if (ystrs(y, n, key, &v, &cnt) != 0) {
		strs_free(v, cnt);
		return -1;
	}
	for (size_t i = 0; i < cnt && rc == 0; i++) {
		const yaml_node_t *e = n->type == YAML_SEQUENCE_NODE ?
		    ynode(y, n->data.sequence.items.start[i]) : n;

		rc = mark_word(y, e, v[i], mark);
	}
	strs_free(v, cnt);
	return rc;
}

/* severity: { rule-or-family: level } as an override list. */
static int
yoverrides(struct ydoc *y, yaml_node_t *n, struct zl_override **out,
    size_t *cnt)
{
	*out = NULL;
	*cnt = 0;
	if (want_map(y, n, "'severity'") != 0)
		return -1;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	    p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ynode(y, p->key), *v = ynode(y, p->value);
		unsigned char mark[ZL_R__COUNT];
		enum zl_severity sev;

		if (k->type != YAML_SCALAR_NODE || is_null(k))
			return yfail(y, k, "a key in 'severity' must be a rule id, not %s",
			    kind_of(k));
		memset(mark, 0, sizeof(mark));
		if (mark_word(y, k, sval(k), mark) != 0 ||
		    ylevel(y, v, sval(k), 1, &sev) != 0)
			return -1;
		for (size_t i = 0; i < ZL_R__COUNT; i++) {
			if (!mark[i])
				continue;
			*out = zl_xrealloc(*out, (*cnt + 1) * sizeof(**out));
			(*out)[*cnt].rule = (enum zl_rule_id)i;
			(*out)[*cnt].severity = sev;
			(*cnt)++;
		}
	}
	return 0;
}

static int
valid_domain(const char *s)
{
	size_t n = strlen(s), label = 0;

	if (n == 0 || n > 253 || s[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '-' && c != '_' && c != '.')
			return 0;
		if (c == '.' && i + 1 < n && s[i + 1] == '.')
			return 0;
		/*
		 * Hardening (issue 8, found by fuzz_profile): a label is at
		 * most 63 bytes (RFC 1035 §2.3.4); a longer selector made
		 * the record its fix adds unloadable.
		 */
		label = c == '.' ? 0 : label + 1;
		if (label > 63)
			return 0;
	}
	return 1;
}

/* lower case, no trailing dot */
static void
domain_norm(char *s)
{
	size_t n = strlen(s);

	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (n > 1 && s[n - 1] == '.')
		s[n - 1] = '\0';
}

static void
costs_free(struct zl_spf_cost *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].domain);
		free(v[i].as_of);
	}
	free(v);
}

/* spf-includes: { domain: {lookups, voids, note, as_of, evidence} } */
static int
ycosts(struct ydoc *y, yaml_node_t *n, const char *as_of,
    struct zl_spf_cost **out, size_t *cnt)
{
	static const char *const keys[] = { "lookups", "voids", "note",
		"as_of", "evidence", NULL };

	if (want_map(y, n, "'spf-includes'") != 0)
		return -1;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	    p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ynode(y, p->key), *v = ynode(y, p->value), *e;
		struct zl_spf_cost c;
		char *s = NULL;

		memset(&c, 0, sizeof(c));
		if (k->type != YAML_SCALAR_NODE || is_null(k) ||
		    !valid_domain(sval(k)))
			return yfail(y, k, "'%.80s' is not an include domain",
			    k->type == YAML_SCALAR_NODE ? sval(k) : "?");
		if (want_map(y, v, "an include's cost") != 0 ||
		    ykeys(y, v, "an include's cost", keys) != 0 ||
		    yreq(y, v, "lookups", "an include's cost", &e) != 0 ||
		    yint(y, e, "lookups", 1, 100, &c.lookups) != 0)
			return -1;
		if ((e = yget(y, v, "voids")) != NULL &&
		    yint(y, e, "voids", 0, 100, &c.voids) != 0)
			return -1;
		if ((e = yget(y, v, "note")) != NULL) {
			if (ystr(y, e, "note", &s) != 0)
				return -1;
			free(s);
			s = NULL;
		}
		if ((e = yget(y, v, "evidence")) != NULL) {
			if (ystr(y, e, "evidence", &s) != 0)
				return -1;
			free(s);
			s = NULL;
		}
		if ((e = yget(y, v, "as_of")) != NULL &&
		    ystr(y, e, "as_of", &s) != 0)
			return -1;
		for (size_t i = 0; i < *cnt; i++) {
			char d[256];

			snprintf(d, sizeof(d), "%s", sval(k));
			domain_norm(d);
			if (strcmp((*out)[i].domain, d) == 0) {
				free(s);
				return yfail(y, k, "include '%s' listed twice",
				    sval(k));
			}
		}
		c.domain = zl_xstrdup(sval(k));
		domain_norm(c.domain);
		c.as_of = s != NULL ? s : (as_of ? zl_xstrdup(as_of) : NULL);
		*out = zl_xrealloc(*out, (*cnt + 1) * sizeof(**out));
		(*out)[(*cnt)++] = c;
	}
	return 0;
}

static int
valid_name(const char *s)
{
	if (!islower((unsigned char)s[0]) && !isdigit((unsigned char)s[0]))
		return 0;
	for (const char *p = s; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '-' && *p != '_')
			return 0;
	return strlen(s) <= 64;
}

static struct zl_yaml_pos
ypos(const struct zl_profile *p, const yaml_node_t *n)
{
	struct zl_yaml_pos pos;

	pos.file = p->path;
	pos.line = (unsigned)n->start_mark.line + 1;
	pos.col = (unsigned)n->start_mark.column + 1;
	return pos;
}

/* Does the SPF record text hold the term include:<d> (case-insensitive)? */
static int
spf_has_include(const char *rec, const char *d)
{
	size_t dl = strlen(d);
	const char *p = rec;

	while (*p) {
		const char *w;

		while (*p == ' ')
			p++;
		w = p;
		while (*p && *p != ' ')
			p++;
		if (*w == '+')
			w++;
		if ((size_t)(p - w) >= 8 + dl && strncasecmp(w, "include:", 8) == 0 &&
		    strncasecmp(w + 8, d, dl) == 0 &&
		    ((size_t)(p - w) == 8 + dl ||
		    ((size_t)(p - w) == 9 + dl && w[8 + dl] == '.')))
			return 1;
	}
	return 0;
}

static int
parse_spf(struct ydoc *y, struct zl_profile *p, yaml_node_t *n)
{
	static const char *const keys[] = { "include", "senders", "default",
		NULL };
	struct zl_prof_spf *s;
	yaml_node_t *e;

	if (want_map(y, n, "'spf'") != 0 || ykeys(y, n, "'spf'", keys) != 0)
		return -1;
	s = p->spf = zl_xcalloc(1, sizeof(*p->spf));
	s->pos = ypos(p, n);
	if ((e = yget(y, n, "include")) != NULL) {
		if (ystrs(y, e, "include", &s->includes, &s->nincludes) != 0)
			return -1;
		for (size_t i = 0; i < s->nincludes; i++) {
			const yaml_node_t *at = e->type == YAML_SEQUENCE_NODE ?
			    ynode(y, e->data.sequence.items.start[i]) : e;

			if (!valid_domain(s->includes[i]))
				return yfail(y, at,
				    "'include': '%.80s' is not a domain (give the domain alone, without 'include:')",
				    s->includes[i]);
			domain_norm(s->includes[i]);
		}
	}
	if ((e = yget(y, n, "senders")) != NULL &&
	    yregex(y, e, "senders", 1, &s->senders) != 0)
		return -1;
	if ((e = yget(y, n, "default")) != NULL) {
		if (ystr(y, e, "default", &s->default_record) != 0)
			return -1;
		if (strncasecmp(s->default_record, "v=spf1", 6) != 0 ||
		    (s->default_record[6] != ' ' && s->default_record[6] != '\0'))
			return yfail(y, e, "'default' must be an SPF record starting with 'v=spf1 '");
		for (size_t i = 0; i < s->nincludes; i++)
			if (!spf_has_include(s->default_record, s->includes[i]))
				return yfail(y, e,
				    "'default' lacks 'include:%s', which the profile requires",
				    s->includes[i]);
	}
	return 0;
}

/* The p= value of a DKIM tag list with spaces removed, or NULL. */
static char *
dkim_p(const char *v)
{
	const char *p = v;

	while (*p) {
		const char *t = p, *end;
		struct zl_buf b = ZL_BUF_INIT;

		while (*t == ' ' || *t == '\t')
			t++;
		end = strchr(t, ';');
		if (end == NULL)
			end = t + strlen(t);
		if (t[0] == 'p') {
			const char *q = t + 1;

			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '=') {
				for (q++; q < end; q++)
					if (!isspace((unsigned char)*q))
						zl_buf_addc(&b, *q);
				return zl_buf_take(&b);
			}
		}
		p = *end ? end + 1 : end;
	}
	return NULL;
}

static int
parse_dkim1(struct ydoc *y, struct zl_profile *p, yaml_node_t *n, void *out)
{
	struct zl_prof_dkim *d = out;
	static const char *const keys[] = { "selector", "type", "target", "key",
		"value", "required", "severity", NULL };
	yaml_node_t *e, *tn;

	d->required = 1;
	d->pos = ypos(p, n);
	if (want_map(y, n, "a 'dkim' entry") != 0 ||
	    ykeys(y, n, "a 'dkim' entry", keys) != 0 ||
	    yreq(y, n, "selector", "a 'dkim' entry", &e) != 0 ||
	    ystr(y, e, "selector", &d->selector) != 0)
		return -1;
	domain_norm(d->selector);
	if (!valid_domain(d->selector))
		return yfail(y, e, "'selector': '%.80s' is not a selector name",
		    d->selector);
	if (strstr(d->selector, "_domainkey") != NULL)
		return yfail(y, e,
		    "'selector': give the selector alone, without '._domainkey'");
	d->kind = ZL_DKIM_TXT;
	if (yget(y, n, "target") != NULL)
		d->kind = ZL_DKIM_CNAME;
	if ((tn = yget(y, n, "type")) != NULL) {
		if (tn->type != YAML_SCALAR_NODE || is_null(tn))
			return yfail(y, tn, "'type' must be txt, cname or any, not %s",
			    kind_of(tn));
		if (strcasecmp(sval(tn), "txt") == 0)
			d->kind = ZL_DKIM_TXT;
		else if (strcasecmp(sval(tn), "cname") == 0)
			d->kind = ZL_DKIM_CNAME;
		else if (strcasecmp(sval(tn), "any") == 0)
			d->kind = ZL_DKIM_ANY;
		else
			return yfail(y, tn, "'type' must be txt, cname or any, not '%.80s'",
			    sval(tn));
	}
	if ((e = yget(y, n, "target")) != NULL) {
		if (d->kind == ZL_DKIM_TXT)
			return yfail(y, e, "'target' needs type cname or any");
		if (yregex(y, e, "target", 1, &d->target) != 0)
			return -1;
	}
	if ((e = yget(y, n, "key")) != NULL) {
		if (d->kind == ZL_DKIM_CNAME)
			return yfail(y, e, "'key' needs type txt or any");
		if (ystr(y, e, "key", &d->key) != 0)
			return -1;
		for (const char *c = d->key; *c; c++)
			if (!isalnum((unsigned char)*c) && *c != '+' &&
			    *c != '/' && *c != '=')
				return yfail(y, e, "'key' must be the base64 of the p= tag alone");
		if (d->key[0] == '\0')
			return yfail(y, e, "'key' is empty");
	}
	if ((e = yget(y, n, "value")) != NULL) {
		char *pv;

		if (d->kind == ZL_DKIM_CNAME)
			return yfail(y, e, "'value' needs type txt or any");
		if (ystr(y, e, "value", &d->value) != 0)
			return -1;
		pv = dkim_p(d->value);
		if (pv == NULL || pv[0] == '\0') {
			free(pv);
			return yfail(y, e, "'value' has no key (p= tag)");
		}
		if (d->key != NULL && strcmp(pv, d->key) != 0) {
			free(pv);
			return yfail(y, e, "'value' holds another key than 'key'");
		}
		free(pv);
	}
	if ((e = yget(y, n, "required")) != NULL &&
	    ybool(y, e, "required", &d->required) != 0)
		return -1;
	if ((e = yget(y, n, "severity")) != NULL &&
	    ylevel(y, e, "severity", 0, &d->severity) != 0)
		return -1;
	return 0;
}

/* Highest $N in a token value pattern. */
static int
max_ref(const char *v)
{
	int m = 0;

	for (const char *c = v; *c; c++)
		if (c[0] == '$' && isdigit((unsigned char)c[1]) && c[1] - '0' > m)
			m = c[1] - '0';
	return m;
}

static int
parse_token1(struct ydoc *y, struct zl_profile *p, yaml_node_t *n, void *out)
{
	struct zl_prof_token *t = out;
	static const char *const keys[] = { "name", "value", "required",
		"description", "type", "match", NULL };
	yaml_node_t *e;
	struct zl_buf b = ZL_BUF_INIT;
	struct zl_regex *re;
	char *err = NULL;
	int refs;

	t->pos = ypos(p, n);
	if (want_map(y, n, "a 'tokens' entry") != 0 ||
	    ykeys(y, n, "a 'tokens' entry", keys) != 0 ||
	    yreq(y, n, "name", "a 'tokens' entry", &e) != 0 ||
	    yregex(y, e, "name", 1, &t->name) != 0 ||
	    yreq(y, n, "value", "a 'tokens' entry", &e) != 0 ||
	    ystr(y, e, "value", &t->value_pattern) != 0)
		return -1;
	refs = max_ref(t->value_pattern);
	if (refs > zl_regex_captures(t->name))
		return yfail(y, e, "'value' refers to $%d but 'name' has %d capture group%s",
		    refs, zl_regex_captures(t->name),
		    zl_regex_captures(t->name) == 1 ? "" : "s");
	/* compile once with the references filled in, to check the syntax */
	for (const char *c = t->value_pattern; *c; c++) {
		if (c[0] == '$' && isdigit((unsigned char)c[1])) {
			zl_buf_addc(&b, 'x');
			c++;
		} else {
			zl_buf_addc(&b, *c);
		}
	}
	re = zl_regex_new(b.data ? b.data : "", b.len, 0, &err);
	zl_buf_release(&b);
	if (re == NULL) {
		int rc = yfail(y, e, "'value': bad pattern '%.200s': %s",
		    t->value_pattern, err);

		free(err);
		return rc;
	}
	zl_regex_free(re);
	if ((e = yget(y, n, "required")) != NULL &&
	    ybool(y, e, "required", &t->required) != 0)
		return -1;
	if ((e = yget(y, n, "description")) != NULL &&
	    ystr(y, e, "description", &t->description) != 0)
		return -1;
	t->type = LDNS_RR_TYPE_TXT;
	if ((e = yget(y, n, "type")) != NULL) {
		if (e->type == YAML_SCALAR_NODE && strcasecmp(sval(e), "txt") == 0)
			t->type = LDNS_RR_TYPE_TXT;
		else if (e->type == YAML_SCALAR_NODE &&
		    strcasecmp(sval(e), "cname") == 0)
			t->type = LDNS_RR_TYPE_CNAME;
		else
			return yfail(y, e, "'type' of a token must be txt or cname");
	}
	if ((e = yget(y, n, "match")) != NULL &&
	    yregex(y, e, "match", 0, &t->match) != 0)
		return -1;
	return 0;
}

static int
parse_dmarc(struct ydoc *y, struct zl_profile *p, yaml_node_t *n)
{
	static const char *const keys[] = { "rua", "required", "min_policy",
		NULL };
	struct zl_prof_dmarc *d;
	yaml_node_t *e;

	if (want_map(y, n, "'dmarc'") != 0 ||
	    ykeys(y, n, "'dmarc'", keys) != 0)
		return -1;
	d = p->dmarc = zl_xcalloc(1, sizeof(*p->dmarc));
	d->pos = ypos(p, n);
	d->min_policy = -1;
	if ((e = yget(y, n, "rua")) != NULL) {
		if (ystr(y, e, "rua", &d->rua) != 0)
			return -1;
		for (const char *u = d->rua; *u;) {
			const char *end = strchr(u, ',');
			size_t len = end ? (size_t)(end - u) : strlen(u);

			if (len < 8 || strncasecmp(u, "mailto:", 7) != 0 ||
			    memchr(u, ' ', len) != NULL || memchr(u, '@', len) == NULL)
				return yfail(y, e,
				    "'rua' must be mailto: URIs separated by commas (RFC 7489 §6.3)");
			u = end ? end + 1 : u + len;
		}
	}
	if ((e = yget(y, n, "required")) != NULL &&
	    ybool(y, e, "required", &d->required) != 0)
		return -1;
	if ((e = yget(y, n, "min_policy")) != NULL) {
		const char *v = e->type == YAML_SCALAR_NODE ? sval(e) : "";

		if (strcmp(v, "none") == 0)
			d->min_policy = 0;
		else if (strcmp(v, "quarantine") == 0)
			d->min_policy = 1;
		else if (strcmp(v, "reject") == 0)
			d->min_policy = 2;
		else
			return yfail(y, e,
			    "'min_policy' must be none, quarantine or reject, not %s",
			    e->type == YAML_SCALAR_NODE && !is_null(e) ?
			    "that word" : kind_of(e));
	}
	return 0;
}

/* Owner text relative to the origin as checks see it: "@" or "a.b". */
static char *
rel_owner(const char *s)
{
	char *o = zl_xstrdup(s);
	size_t n = strlen(o);

	for (char *c = o; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (n > 1 && o[n - 1] == '.')
		o[n - 1] = '\0';
	return o;
}

static int
parse_generic1(struct ydoc *y, struct zl_profile *p, yaml_node_t *n,
    void *out)
{
	struct zl_prof_generic *g = out;
	static const char *const keys[] = { "id", "require", "forbid", "owner",
		"type", "value", "severity", "message", "add", NULL };
	static const char *const add_keys[] = { "owner", "value", NULL };
	yaml_node_t *e, *rq, *fb;
	int on = 0;

	g->pos = ypos(p, n);
	g->severity = ZL_SEV_ERROR;
	if (want_map(y, n, "a 'rules' entry") != 0 ||
	    ykeys(y, n, "a 'rules' entry", keys) != 0 ||
	    yreq(y, n, "id", "a 'rules' entry", &e) != 0 ||
	    ystr(y, e, "id", &g->id) != 0)
		return -1;
	if (!valid_name(g->id))
		return yfail(y, e, "'id' must be lower-case letters, digits, '-' and '_'");
	rq = yget(y, n, "require");
	fb = yget(y, n, "forbid");
	if (rq == NULL && fb == NULL)
		return yfail(y, n, "rule '%s' needs 'require: true' or 'forbid: true'",
		    g->id);
	if (rq != NULL && fb != NULL)
		return yfail(y, fb, "rule '%s' cannot both require and forbid",
		    g->id);
	if (ybool(y, rq ? rq : fb, rq ? "require" : "forbid", &on) != 0)
		return -1;
	if (!on)
		return yfail(y, rq ? rq : fb, "'%s' must be true (delete the rule to switch it off)",
		    rq ? "require" : "forbid");
	g->kind = rq ? ZL_GENERIC_REQUIRE : ZL_GENERIC_FORBID;
	if ((e = yget(y, n, "owner")) != NULL) {
		if (yregex(y, e, "owner", 1, &g->owner) != 0)
			return -1;
	} else {
		char *err = NULL;

		g->owner = zl_regex_new("^@$", 3, 1, &err);
		free(err);
	}
	if ((e = yget(y, n, "type")) != NULL) {
		ldns_rr_type t;

		if (e->type != YAML_SCALAR_NODE || is_null(e))
			return yfail(y, e, "'type' must be a record type, not %s",
			    kind_of(e));
		t = ldns_get_rr_type_by_name(sval(e));
		if (t == 0 || strcasecmp(sval(e), "ANY") == 0 ||
		    strcasecmp(sval(e), "AXFR") == 0 ||
		    strcasecmp(sval(e), "IXFR") == 0)
			return yfail(y, e, "'type': unknown record type '%.80s'",
			    sval(e));
		g->type = (uint16_t)t;
	}
	if ((e = yget(y, n, "value")) != NULL &&
	    yregex(y, e, "value", 0, &g->value) != 0)
		return -1;
	if ((e = yget(y, n, "severity")) != NULL &&
	    ylevel(y, e, "severity", 0, &g->severity) != 0)
		return -1;
	if ((e = yget(y, n, "message")) != NULL &&
	    ystr(y, e, "message", &g->message) != 0)
		return -1;
	if ((e = yget(y, n, "add")) != NULL) {
		yaml_node_t *a;
		char *rel;
		int m;

		if (g->kind != ZL_GENERIC_REQUIRE)
			return yfail(y, e, "'add' is for require rules only");
		if (g->type == 0)
			return yfail(y, e, "'add' needs the rule's 'type'");
		if (want_map(y, e, "'add'") != 0 ||
		    ykeys(y, e, "'add'", add_keys) != 0 ||
		    yreq(y, e, "value", "'add'", &a) != 0 ||
		    ystr(y, a, "value", &g->value_text) != 0)
			return -1;
		if ((a = yget(y, e, "owner")) != NULL) {
			if (ystr(y, a, "owner", &g->value_owner) != 0)
				return -1;
		} else {
			g->value_owner = zl_xstrdup("@");
		}
		rel = rel_owner(g->value_owner);
		if (strcmp(rel, "@") != 0 && !valid_domain(rel)) {
			free(rel);
			return yfail(y, a ? a : e, "'owner' of 'add' is not a name");
		}
		m = zl_regex_match(g->owner, rel, strlen(rel), NULL, 0);
		free(rel);
		if (m != 1)
			return yfail(y, e,
			    "the record in 'add' does not match the rule's 'owner', so adding it would not satisfy the rule");
		if (g->value != NULL && zl_regex_match(g->value, g->value_text,
		    strlen(g->value_text), NULL, 0) != 1)
			return yfail(y, e,
			    "the record in 'add' does not match the rule's 'value', so adding it would not satisfy the rule");
	}
	return 0;
}

typedef int parse1_fn(struct ydoc *y, struct zl_profile *p, yaml_node_t *n,
    void *out);
typedef const char *name_fn(const void *item);

static const char *
dkim_name(const void *item)
{
	return ((const struct zl_prof_dkim *)item)->selector;
}

static const char *
generic_name(const void *item)
{
	return ((const struct zl_prof_generic *)item)->id;
}

/*
 * A list of mappings, each parsed by fn into *arr (grown here, counted in
 * *cnt as it goes so that a partial list is freed with the profile); when
 * name is given, two entries of one name are refused.
 */
static int
parse_list(struct ydoc *y, struct zl_profile *p, yaml_node_t *e,
    const char *key, void **arr, size_t *cnt, size_t elsz, parse1_fn *fn,
    name_fn *name)
{
	size_t n;

	if (want_list(y, e, key) != 0)
		return -1;
	n = (size_t)(e->data.sequence.items.top - e->data.sequence.items.start);
	*arr = zl_xcalloc(n + 1, elsz);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = ynode(y, e->data.sequence.items.start[i]);
		char *at = (char *)*arr + i * elsz;

		(*cnt)++;
		if (fn(y, p, item, at) != 0)
			return -1;
		for (size_t k = 0; name != NULL && k < i; k++)
			if (strcmp(name((char *)*arr + k * elsz), name(at)) == 0)
				return yfail(y, item, "'%s' lists '%s' twice", key,
				    name(at));
	}
	return 0;
}

static const char *const profile_keys[] = { "profile", "summary", "source",
	"spf", "dkim", "tokens", "dmarc", "rules", "severity", "spf-includes",
	NULL };

static int
parse_profile(struct ydoc *y, const char *path, const char *expect,
    struct zl_profile **out)
{
	struct zl_profile *p = zl_xcalloc(1, sizeof(*p));
	yaml_node_t *root = ynode(y, 1), *e;

	*out = p;
	p->path = zl_xstrdup(path);
	if (want_map(y, root, "a profile") != 0 ||
	    ykeys(y, root, "a profile", profile_keys) != 0 ||
	    yreq(y, root, "profile", "the profile", &e) != 0 ||
	    ystr(y, e, "profile", &p->name) != 0)
		return -1;
	if (!valid_name(p->name))
		return yfail(y, e,
		    "profile name '%.80s' must be lower-case letters, digits, '-' and '_'",
		    p->name);
	if (expect != NULL && strcmp(p->name, expect) != 0)
		return yfail(y, e, "profile name '%s' differs from the file name '%s'",
		    p->name, expect);
	if (yreq(y, root, "summary", "the profile", &e) != 0 ||
	    ystr(y, e, "summary", &p->summary) != 0 ||
	    yreq(y, root, "source", "the profile", &e) != 0 ||
	    ystr(y, e, "source", &p->source) != 0)
		return -1;
	if ((e = yget(y, root, "spf")) != NULL && parse_spf(y, p, e) != 0)
		return -1;
	if ((e = yget(y, root, "dkim")) != NULL &&
	    parse_list(y, p, e, "dkim", (void **)&p->dkim, &p->ndkim,
	    sizeof(*p->dkim), parse_dkim1, dkim_name) != 0)
		return -1;
	if ((e = yget(y, root, "tokens")) != NULL &&
	    parse_list(y, p, e, "tokens", (void **)&p->tokens, &p->ntokens,
	    sizeof(*p->tokens), parse_token1, NULL) != 0)
		return -1;
	if ((e = yget(y, root, "dmarc")) != NULL && parse_dmarc(y, p, e) != 0)
		return -1;
	if ((e = yget(y, root, "rules")) != NULL &&
	    parse_list(y, p, e, "rules", (void **)&p->generic, &p->ngeneric,
	    sizeof(*p->generic), parse_generic1, generic_name) != 0)
		return -1;
	if ((e = yget(y, root, "severity")) != NULL &&
	    yoverrides(y, e, &p->overrides, &p->noverrides) != 0)
		return -1;
	if ((e = yget(y, root, "spf-includes")) != NULL &&
	    ycosts(y, e, NULL, &p->spf_costs, &p->nspf_costs) != 0)
		return -1;
	return 0;
}

/* Load one profile file. */
static int
profile_load(const char *path, const char *expect, struct zl_profile **out,
    char **err)
{
	struct ydoc y;
	struct zl_profile *p = NULL;
	int rc = 0;

	*out = NULL;
	if (ydoc_open(&y, path) != 0 || parse_profile(&y, path, expect, &p) != 0) {
		rc = ytake(&y, err);
		zl_profile_free(p);
		p = NULL;
	}
	ydoc_close(&y);
	*out = p;
	return rc;
}

static int
ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* File name without folder and .yaml/.yml */
static char *
stem(const char *path)
{
	const char *b = strrchr(path, '/');
	char *s = zl_xstrdup(b ? b + 1 : path);

	if (ends_with(s, ".yaml"))
		s[strlen(s) - 5] = '\0';
	else if (ends_with(s, ".yml"))
		s[strlen(s) - 4] = '\0';
	return s;
}

static void
apply_overrides(struct zl_config *cfg, const struct zl_override *o,
    size_t n, int from_user)
{
	for (size_t i = 0; i < n; i++) {
		if (!from_user && cfg->user_set[o[i].rule])
			continue;
		cfg->severity[o[i].rule] = o[i].severity;
		cfg->overridden[o[i].rule] = 1;
		if (from_user)
			cfg->user_set[o[i].rule] = 1;
	}
}

/*
 * Add a profile by name (rules_dir/<name>.yaml) or by path (with a '/' or
 * ending in .yaml; relative paths are taken from base_dir when given).
 */
static int
add_profile_at(struct zl_config *cfg, const char *what, const char *rules_dir,
    const char *base_dir, char **err)
{
	char *path, *expect;
	struct zl_profile *p;
	struct stat st;

	*err = NULL;
	if (strchr(what, '/') != NULL || ends_with(what, ".yaml") ||
	    ends_with(what, ".yml")) {
		if (base_dir != NULL && what[0] != '/')
			path = zl_xasprintf("%s/%s", base_dir, what);
		else
			path = zl_xstrdup(what);
		expect = stem(what);
	} else {
		if (!valid_name(what)) {
			*err = zl_xasprintf("profile '%s': not a profile name (lower-case letters, digits, '-', '_') nor a path to a .yaml file",
			    what);
			return -1;
		}
		if (strcmp(what, "baseline") == 0 ||
		    strcmp(what, "spf-includes") == 0) {
			*err = zl_xasprintf("'%s' is not a profile: %s.yaml always applies",
			    what, what);
			return -1;
		}
		path = zl_xasprintf("%s/%s.yaml", rules_dir, what);
		if (stat(path, &st) != 0) {
			*err = zl_xasprintf("unknown profile '%s': no %s (see 'zonelint profiles')",
			    what, path);
			free(path);
			return -1;
		}
		expect = zl_xstrdup(what);
	}
	for (size_t i = 0; i < cfg->nprofiles; i++) {
		if (strcmp(cfg->profiles[i]->name, expect) != 0)
			continue;
		/* the same profile again is a no-op; another file of that name is not */
		{
			char *a = realpath(cfg->profiles[i]->path, NULL);
			char *b = realpath(path, NULL);
			int same = a && b && strcmp(a, b) == 0;

			free(a);
			free(b);
			if (same) {
				free(path);
				free(expect);
				return 0;
			}
			*err = zl_xasprintf("%s: profile '%s' is already loaded from %s",
			    path, expect, cfg->profiles[i]->path);
			free(path);
			free(expect);
			return -1;
		}
	}
	if (profile_load(path, expect, &p, err) != 0) {
		free(path);
		free(expect);
		return -1;
	}
	free(path);
	free(expect);
	cfg->profiles = zl_xrealloc(cfg->profiles,
	    (cfg->nprofiles + 1) * sizeof(*cfg->profiles));
	cfg->profiles[cfg->nprofiles++] = p;
	apply_overrides(cfg, p->overrides, p->noverrides, 0);
	for (size_t i = 0; i < p->nspf_costs; i++)
		zl_config_set_spf_cost(cfg, p->spf_costs[i].domain,
		    p->spf_costs[i].lookups, p->spf_costs[i].voids,
		    p->spf_costs[i].as_of);
	return 0;
}

int
zl_config_add_profile(struct zl_config *cfg, const char *name_or_path,
    const char *rules_dir, char **err)
{
	return add_profile_at(cfg, name_or_path, rules_dir, NULL, err);
}

/* rules/baseline.yaml: defaults: { rule-id: level } for every rule. */
static int
load_baseline(struct zl_config *cfg, const char *path, char **err)
{
	static const char *const keys[] = { "defaults", NULL };
	struct ydoc y;
	yaml_node_t *root, *d;
	int rc = 0;

	if (ydoc_open(&y, path) != 0)
		goto fail;
	root = ynode(&y, 1);
	if (want_map(&y, root, "the baseline") != 0 ||
	    ykeys(&y, root, "the baseline", keys) != 0 ||
	    yreq(&y, root, "defaults", "the baseline", &d) != 0 ||
	    want_map(&y, d, "'defaults'") != 0)
		goto fail;
	for (yaml_node_pair_t *p = d->data.mapping.pairs.start;
	    p < d->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ynode(&y, p->key), *v = ynode(&y, p->value);
		const struct zl_rule *r;
		enum zl_severity sev;

		if (k->type != YAML_SCALAR_NODE || is_null(k) ||
		    (r = zl_rule_find(sval(k))) == NULL) {
			yfail(&y, k, "unknown rule id '%.80s' (see 'zonelint rules')",
			    k->type == YAML_SCALAR_NODE ? sval(k) : "?");
			goto fail;
		}
		for (yaml_node_pair_t *q = d->data.mapping.pairs.start; q < p; q++)
			if (strcmp(sval(ynode(&y, q->key)), sval(k)) == 0) {
				yfail(&y, k, "rule '%s' given twice", sval(k));
				goto fail;
			}
		if (ylevel(&y, v, sval(k), 1, &sev) != 0)
			goto fail;
		cfg->severity[r->num] = sev;
	}
	ydoc_close(&y);
	return 0;
fail:
	rc = ytake(&y, err);
	ydoc_close(&y);
	return rc;
}

/* rules/spf-includes.yaml: as_of and includes. */
static int
load_costs_file(struct zl_config *cfg, const char *path, char **err)
{
	static const char *const keys[] = { "as_of", "includes", NULL };
	struct ydoc y;
	yaml_node_t *root, *e;
	char *as_of = NULL;
	struct zl_spf_cost *v = NULL;
	size_t n = 0;
	int rc = 0;

	if (ydoc_open(&y, path) != 0)
		goto fail;
	root = ynode(&y, 1);
	if (want_map(&y, root, "the include costs") != 0 ||
	    ykeys(&y, root, "the include costs", keys) != 0 ||
	    yreq(&y, root, "as_of", "the include costs", &e) != 0 ||
	    ystr(&y, e, "as_of", &as_of) != 0 ||
	    yreq(&y, root, "includes", "the include costs", &e) != 0 ||
	    ycosts(&y, e, as_of, &v, &n) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		zl_config_set_spf_cost(cfg, v[i].domain, v[i].lookups,
		    v[i].voids, v[i].as_of);
	goto out;
fail:
	rc = ytake(&y, err);
out:
	costs_free(v, n);
	free(as_of);
	ydoc_close(&y);
	return rc;
}

int
zl_config_load_rules_dir(struct zl_config *cfg, const char *rules_dir,
    char **err)
{
	char *path;
	int rc;

	*err = NULL;
	path = zl_xasprintf("%s/baseline.yaml", rules_dir);
	rc = load_baseline(cfg, path, err);
	free(path);
	if (rc != 0)
		return rc;
	path = zl_xasprintf("%s/spf-includes.yaml", rules_dir);
	rc = load_costs_file(cfg, path, err);
	free(path);
	return rc;
}

char *
zl_config_find(const char *zone_path)
{
	char *dir, *abs, *sl;

	if (zone_path == NULL || strcmp(zone_path, "-") == 0)
		return NULL;
	dir = zl_xstrdup(zone_path);
	sl = strrchr(dir, '/');
	if (sl == NULL) {
		free(dir);
		dir = zl_xstrdup(".");
	} else if (sl == dir) {
		dir[1] = '\0';
	} else {
		*sl = '\0';
	}
	abs = realpath(dir, NULL);
	free(dir);
	if (abs == NULL)
		return NULL;
	for (;;) {
		int root = strcmp(abs, "/") == 0;
		char *cand = zl_xasprintf("%s/.zonelint.yaml", root ? "" : abs);
		struct stat st;

		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
			free(abs);
			return cand;
		}
		free(cand);
		if (root)
			break;
		sl = strrchr(abs, '/');
		if (sl == abs)
			abs[1] = '\0';
		else
			*sl = '\0';
	}
	free(abs);
	return NULL;
}

/*
 * Glob on '/'-separated paths: '*', '?' and [..] stay inside one
 * segment; a whole segment '**' matches any number of segments.
 */
static int
glob_match(const char *pat, const char *path)
{
	const char *ps, *qs;
	char pb[PATH_MAX], qb[PATH_MAX];
	size_t pl, ql;

	while (pat[0] == '.' && pat[1] == '/')
		pat += 2;
	if (pat[0] == '*' && pat[1] == '*' && (pat[2] == '/' || pat[2] == '\0')) {
		const char *rest = pat[2] == '/' ? pat + 3 : pat + 2;

		if (*rest == '\0')
			return 1;
		for (const char *p = path;;) {
			if (glob_match(rest, p))
				return 1;
			p = strchr(p, '/');
			if (p == NULL)
				return 0;
			p++;
		}
	}
	ps = strchr(pat, '/');
	qs = strchr(path, '/');
	pl = ps ? (size_t)(ps - pat) : strlen(pat);
	ql = qs ? (size_t)(qs - path) : strlen(path);
	if (pl >= sizeof(pb) || ql >= sizeof(qb))
		return 0;
	memcpy(pb, pat, pl);
	pb[pl] = '\0';
	memcpy(qb, path, ql);
	qb[ql] = '\0';
	if (fnmatch(pb, qb, 0) != 0)
		return 0;
	if (ps == NULL && qs == NULL)
		return 1;
	if (ps == NULL || qs == NULL)
		return 0;
	return glob_match(ps + 1, qs + 1);
}

/* The zone's path relative to the configuration's folder, or NULL. */
static char *
zone_rel(const char *zone_path, const char *cfg_dir)
{
	char *za, *ca, *rel = NULL;
	size_t n;

	if (zone_path == NULL || strcmp(zone_path, "-") == 0)
		return NULL;
	za = realpath(zone_path, NULL);
	ca = realpath(cfg_dir, NULL);
	if (za != NULL && ca != NULL) {
		n = strlen(ca);
		if (strcmp(ca, "/") == 0)
			rel = zl_xstrdup(za + 1);
		else if (strncmp(za, ca, n) == 0 && za[n] == '/')
			rel = zl_xstrdup(za + n + 1);
	}
	if (rel == NULL) {
		const char *z = zone_path;

		while (z[0] == '.' && z[1] == '/')
			z += 2;
		rel = zl_xstrdup(z);
	}
	free(za);
	free(ca);
	return rel;
}

static const char *const section_keys[] = { "profiles", "severity", "select",
	"ignore", "fail-on", "spf-includes", "overrides", "files", NULL };
static const char *const files_keys[] = { "include", "exclude", NULL };
static const char *const override_keys[] = { "files", "profiles", "severity",
	"select", "ignore", "fail-on", NULL };

/*
 * One level of a project configuration (the top level or an override):
 * checked always, applied to cfg only when apply is set.
 */
static int
config_section(struct ydoc *y, struct zl_config *cfg, yaml_node_t *map,
    int apply, const char *cfg_dir, const char *rules_dir, char **err)
{
	yaml_node_t *e;
	unsigned char mark[ZL_R__COUNT];

	if ((e = yget(y, map, "profiles")) != NULL) {
		char **v;
		size_t n;

		if (ystrs(y, e, "profiles", &v, &n) != 0) {
			strs_free(v, n);
			return -1;
		}
		for (size_t i = 0; i < n && apply; i++) {
			char *perr = NULL;

			if (add_profile_at(cfg, v[i], rules_dir, cfg_dir, &perr) != 0) {
				const yaml_node_t *at = e->type == YAML_SEQUENCE_NODE ?
				    ynode(y, e->data.sequence.items.start[i]) : e;

				yfail(y, at, "%s", perr);
				free(perr);
				strs_free(v, n);
				return -1;
			}
		}
		strs_free(v, n);
	}
	if ((e = yget(y, map, "select")) != NULL) {
		if (yrules(y, e, "select", mark) != 0)
			return -1;
		for (size_t i = 0; i < ZL_R__COUNT && apply; i++)
			if (!mark[i]) {
				cfg->severity[i] = ZL_SEV_NONE;
				cfg->user_set[i] = 1;
			}
	}
	if ((e = yget(y, map, "ignore")) != NULL) {
		if (yrules(y, e, "ignore", mark) != 0)
			return -1;
		for (size_t i = 0; i < ZL_R__COUNT && apply; i++)
			if (mark[i]) {
				cfg->severity[i] = ZL_SEV_NONE;
				cfg->user_set[i] = 1;
			}
	}
	if ((e = yget(y, map, "severity")) != NULL) {
		struct zl_override *o;
		size_t n;

		if (yoverrides(y, e, &o, &n) != 0) {
			free(o);
			return -1;
		}
		if (apply)
			apply_overrides(cfg, o, n, 1);
		free(o);
	}
	if ((e = yget(y, map, "fail-on")) != NULL) {
		enum zl_severity s = ZL_SEV_NONE;

		if (!(e->type == YAML_SCALAR_NODE && !is_null(e) &&
		    strcmp(sval(e), "never") == 0) &&
		    ylevel(y, e, "fail-on", 0, &s) != 0) {
			free(y->err);
			y->err = NULL;
			return yfail(y, e, "'fail-on' must be error, warning, info or never");
		}
		if (apply)
			cfg->fail_on = s;
	}
	if ((e = yget(y, map, "spf-includes")) != NULL) {
		struct zl_spf_cost *v = NULL;
		size_t n = 0;

		if (ycosts(y, e, NULL, &v, &n) != 0) {
			costs_free(v, n);
			return -1;
		}
		for (size_t i = 0; i < n && apply; i++)
			zl_config_set_spf_cost(cfg, v[i].domain, v[i].lookups,
			    v[i].voids, v[i].as_of);
		costs_free(v, n);
	}
	(void)err;
	return 0;
}

int
zl_config_load_project(struct zl_config *cfg, const char *config_path,
    const char *zone_path, const char *rules_dir, char **err)
{
	struct ydoc y;
	yaml_node_t *root, *ov;
	char *dir, *sl, *rel = NULL;
	int rc = 0;

	*err = NULL;
	dir = zl_xstrdup(config_path);
	sl = strrchr(dir, '/');
	if (sl == NULL) {
		free(dir);
		dir = zl_xstrdup(".");
	} else if (sl == dir) {
		dir[1] = '\0';
	} else {
		*sl = '\0';
	}
	if (ydoc_open(&y, config_path) != 0)
		goto fail;
	root = ynode(&y, 1);
	if (want_map(&y, root, "a project configuration") != 0 ||
	    ykeys(&y, root, "a project configuration", section_keys) != 0 ||
	    config_section(&y, cfg, root, 1, dir, rules_dir, err) != 0)
		goto fail;
	{
		/* files: {include: [globs], exclude: [globs]} for -r */
		yaml_node_t *fm = yget(&y, root, "files"), *e;

		if (fm != NULL) {
			if (want_map(&y, fm, "files") != 0 ||
			    ykeys(&y, fm, "files", files_keys) != 0)
				goto fail;
			if ((e = yget(&y, fm, "include")) != NULL &&
			    ystrs(&y, e, "include", &cfg->files_include,
			    &cfg->nfiles_include) != 0)
				goto fail;
			if ((e = yget(&y, fm, "exclude")) != NULL &&
			    ystrs(&y, e, "exclude", &cfg->files_exclude,
			    &cfg->nfiles_exclude) != 0)
				goto fail;
		}
	}
	rel = zone_rel(zone_path, dir);
	if ((ov = yget(&y, root, "overrides")) != NULL) {
		if (want_list(&y, ov, "overrides") != 0)
			goto fail;
		for (yaml_node_item_t *it = ov->data.sequence.items.start;
		    it < ov->data.sequence.items.top; it++) {
			yaml_node_t *o = ynode(&y, *it), *f;
			char **globs = NULL;
			size_t ng = 0;
			int match = 0;

			if (want_map(&y, o, "an 'overrides' entry") != 0 ||
			    ykeys(&y, o, "an 'overrides' entry", override_keys) != 0 ||
			    yreq(&y, o, "files", "an 'overrides' entry", &f) != 0 ||
			    ystrs(&y, f, "files", &globs, &ng) != 0) {
				strs_free(globs, ng);
				goto fail;
			}
			for (size_t i = 0; i < ng && rel != NULL; i++)
				if (glob_match(globs[i], rel))
					match = 1;
			strs_free(globs, ng);
			if (config_section(&y, cfg, o, match, dir, rules_dir,
			    err) != 0)
				goto fail;
		}
	}
	goto out;
fail:
	rc = ytake(&y, err);
out:
	free(rel);
	free(dir);
	ydoc_close(&y);
	return rc;
}

static int
cmp_profile(const void *a, const void *b)
{
	const struct zl_profile *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

int
zl_profiles_list(const char *rules_dir, struct zl_profile ***out, size_t *n,
    char **err)
{
	DIR *d = opendir(rules_dir);
	struct dirent *de;
	struct zl_profile **v = NULL;
	size_t cnt = 0;

	*out = NULL;
	*n = 0;
	*err = NULL;
	if (d == NULL) {
		*err = zl_xasprintf("cannot read the rules folder '%s': %s",
		    rules_dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		char *path, *name;
		struct zl_profile *p;

		if (de->d_name[0] == '.' || !ends_with(de->d_name, ".yaml") ||
		    strcmp(de->d_name, "baseline.yaml") == 0 ||
		    strcmp(de->d_name, "spf-includes.yaml") == 0)
			continue;
		path = zl_xasprintf("%s/%s", rules_dir, de->d_name);
		name = stem(de->d_name);
		if (profile_load(path, name, &p, err) != 0) {
			free(path);
			free(name);
			for (size_t i = 0; i < cnt; i++)
				zl_profile_free(v[i]);
			free(v);
			closedir(d);
			return -1;
		}
		free(path);
		free(name);
		v = zl_xrealloc(v, (cnt + 1) * sizeof(*v));
		v[cnt++] = p;
	}
	closedir(d);
	if (cnt > 1)
		qsort(v, cnt, sizeof(*v), cmp_profile);
	*out = v;
	*n = cnt;
	return 0;
}
