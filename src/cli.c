/* SPDX-License-Identifier: MIT */
/*
 * The command line. Only this file (and main.c) prints or exits; the
 * library returns data and status codes.
 *
 * Verbs (git's commands[] table): check, fix, diff, rules, explain,
 * profiles. Exit status (spec §1): 0 no finding at or above --fail-on,
 * 1 findings at or above it, 2 usage error, unreadable file, bad
 * configuration or profile. The status is the worst over all files.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diff.h"
#include "engine.h"
#include "fix.h"
#include "out.h"
#include "profile.h"
#include "rule.h"
#include "xalloc.h"
#include "zone.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

struct opts {
	const char *verb;
	const char *origin;
	const char **profiles;
	size_t nprofiles;
	const char *config;
	int no_config;
	char *select, *ignore;         /* comma lists, concatenated */
	char **sev;                    /* RULE=LEVEL */
	size_t nsev;
	const char *fail_on;
	enum zl_format fmt;
	int fmt_set;
	const char *color;
	int recurse;
	int jobs;
	int bump_serial;
	int quiet;
	const char *output;
	int in_place;
	const char *rules_dir;
	const char *stdin_filename;
	int allow_include_outside;
	char **files;
	size_t nfiles;
};

static void
oom_die(size_t size)
{
	fprintf(stderr, "zonelint: out of memory (tried to allocate %zu bytes)\n",
	    size);
	exit(EXIT_USAGE);
}

static void
usage(FILE *fp)
{
	fputs(
"usage: zonelint check [OPTIONS] FILE|DIR|- ...   report findings\n"
"       zonelint fix   [OPTIONS] FILE|-           corrected zone on stdout (-i: in place, -o FILE)\n"
"       zonelint diff  [OPTIONS] FILE ...         unified diff of all safe fixes\n"
"       zonelint rules [--profile P]              list rules\n"
"       zonelint explain RULE                     what a rule checks, why, how to fix\n"
"       zonelint profiles                         list available profiles\n"
"\n"
"options:\n"
"  --origin NAME           zone origin (else $ORIGIN, SOA owner, file name)\n"
"  --profile NAME|PATH     apply a vendor profile (repeatable)\n"
"  --config FILE           project configuration (default: nearest .zonelint.yaml)\n"
"  --no-config             do not look for .zonelint.yaml\n"
"  --select RULE,...       only these rules or families (spf, dkim, dmarc, zone, vendor)\n"
"  --ignore RULE,...       not these rules or families\n"
"  --severity RULE=LEVEL   error, warning, info or off\n"
"  --fail-on LEVEL         error (default), warning, info or never\n"
"  --format FMT            text, gcc, json, jsonl, github\n"
"  --color WHEN            auto (default), always, never\n"
"  -r, --recursive         check zone files found in folders (db.*, *.zone, *.db)\n"
"  --bump-serial           fix/diff: increment the SOA serial when anything changed\n"
"  -o, --output FILE       fix: write the corrected zone to FILE\n"
"  -i, --in-place          fix: replace FILE (temporary file + rename)\n"
"  --rules-dir DIR         where baseline.yaml and the profiles are\n"
"  --stdin-filename NAME   name used for '-' in messages and origin detection\n"
"  --allow-include-outside allow $INCLUDE of files outside the zone's folder\n"
"  -q, --quiet             no summary lines on stderr\n"
"  --version, --help\n", fp);
}

static int
die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "zonelint: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	return EXIT_USAGE;
}

static char *
join_list(char *old, const char *add)
{
	char *n;

	if (old == NULL)
		return zl_xstrdup(add);
	n = zl_xasprintf("%s,%s", old, add);
	free(old);
	return n;
}

/* Rules dir: --rules-dir, $ZONELINT_RULES_DIR, ./rules beside the binary, DATADIR. */
static char *
find_rules_dir(const struct opts *o)
{
	char exe[PATH_MAX];
	ssize_t n;
	const char *env = getenv("ZONELINT_RULES_DIR");
	struct stat st;

	if (o->rules_dir)
		return zl_xstrdup(o->rules_dir);
	if (env && *env)
		return zl_xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *sl, *cand;

		exe[n] = '\0';
		sl = strrchr(exe, '/');
		if (sl) {
			*sl = '\0';
			cand = zl_xasprintf("%s/rules", exe);
			if (stat(cand, &st) == 0 && S_ISDIR(st.st_mode))
				return cand;
			free(cand);
		}
	}
	return zl_xstrdup(ZL_DATADIR "/rules");
}

/* Apply a comma list of ids/families to mark[]. Returns 0 or 2. */
static int
mark_rules(const char *list, unsigned char *mark, const char *what)
{
	char *dup = zl_xstrdup(list), *save = NULL;

	for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		const struct zl_rule *r;
		int fam;

		while (*t == ' ')
			t++;
		if (*t == '\0')
			continue;
		if ((r = zl_rule_find(t)) != NULL) {
			mark[r->num] = 1;
			if (r->check == NULL)
				fprintf(stderr, "zonelint: warning: rule '%s' is not implemented yet; it reports nothing\n", t);
		} else if ((fam = zl_family_find(t)) >= 0 || strcmp(t, "all") == 0) {
			for (size_t i = 0; i < ZL_R__COUNT; i++)
				if (fam < 0 || (int)zl_rules[i].family == fam)
					mark[i] = 1;
		} else {
			fprintf(stderr, "zonelint: %s: unknown rule or family '%s' (see 'zonelint rules')\n",
			    what, t);
			free(dup);
			return EXIT_USAGE;
		}
	}
	free(dup);
	return 0;
}

static enum zl_severity
parse_fail_on(const char *s, int *ok)
{
	*ok = 1;
	if (strcmp(s, "never") == 0)
		return ZL_SEV_NONE;
	if (zl_severity_find(s) != ZL_SEV_NONE)
		return zl_severity_find(s);
	*ok = 0;
	return ZL_SEV_ERROR;
}

/* The effective configuration for one zone file. Returns 0 or 2. */
static int
build_config(const struct opts *o, const char *rules_dir, const char *zone_path,
    struct zl_config *cfg)
{
	char *err = NULL;
	char *cpath = NULL;
	unsigned char mark[ZL_R__COUNT];

	zl_config_init(cfg);
	if (zl_config_load_rules_dir(cfg, rules_dir, &err) != 0)
		goto fail;
	if (o->config)
		cpath = zl_xstrdup(o->config);
	else if (!o->no_config && zone_path && strcmp(zone_path, "-") != 0)
		cpath = zl_config_find(zone_path);
	if (cpath != NULL) {
		if (zl_config_load_project(cfg, cpath, zone_path, rules_dir, &err) != 0)
			goto fail;
		free(cfg->config_path);
		cfg->config_path = cpath;
		cpath = NULL;
	}
	for (size_t i = 0; i < o->nprofiles; i++)
		if (zl_config_add_profile(cfg, o->profiles[i], rules_dir, &err) != 0)
			goto fail;
	if (o->select) {
		memset(mark, 0, sizeof(mark));
		if (mark_rules(o->select, mark, "--select"))
			goto fail_quiet;
		for (size_t i = 0; i < ZL_R__COUNT; i++)
			if (!mark[i])
				cfg->severity[i] = ZL_SEV_NONE;
	}
	if (o->ignore) {
		memset(mark, 0, sizeof(mark));
		if (mark_rules(o->ignore, mark, "--ignore"))
			goto fail_quiet;
		for (size_t i = 0; i < ZL_R__COUNT; i++)
			if (mark[i])
				cfg->severity[i] = ZL_SEV_NONE;
	}
	for (size_t i = 0; i < o->nsev; i++) {
		char *eq = strchr(o->sev[i], '=');
		enum zl_severity s;

		memset(mark, 0, sizeof(mark));
		if (eq == NULL) {
			fprintf(stderr, "zonelint: --severity '%s': expected RULE=LEVEL\n", o->sev[i]);
			goto fail_quiet;
		}
		*eq = '\0';
		if (mark_rules(o->sev[i], mark, "--severity")) {
			*eq = '=';
			goto fail_quiet;
		}
		*eq = '=';
		s = zl_severity_find(eq + 1);
		if (s == ZL_SEV_NONE && strcmp(eq + 1, "off") != 0) {
			fprintf(stderr, "zonelint: --severity '%s': level must be error, warning, info or off\n", o->sev[i]);
			goto fail_quiet;
		}
		for (size_t k = 0; k < ZL_R__COUNT; k++)
			if (mark[k]) {
				cfg->severity[k] = s;
				cfg->overridden[k] = 1;
			}
	}
	if (o->fail_on) {
		int ok;

		cfg->fail_on = parse_fail_on(o->fail_on, &ok);
	}
	return 0;
fail:
	fprintf(stderr, "zonelint: %s\n", err ? err : "bad configuration");
	free(err);
fail_quiet:
	free(cpath);
	zl_config_release(cfg);
	return EXIT_USAGE;
}

static int
worst_status(const struct zl_diag_list *dl, enum zl_severity fail_on)
{
	if (fail_on == ZL_SEV_NONE)
		return EXIT_CLEAN;
	for (size_t i = 0; i < dl->n; i++)
		if (dl->v[i].severity >= fail_on)
			return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

static void
write_buf(FILE *fp, struct zl_buf *b)
{
	if (b->len)
		fwrite(b->data, 1, b->len, fp);
	zl_buf_reset(b);
}

/* ---- file discovery for -r */

static int
zone_name_matches(const char *name)
{
	return fnmatch("db.*", name, 0) == 0 || fnmatch("*.zone", name, 0) == 0 ||
	    fnmatch("*.db", name, 0) == 0;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
walk(const char *dir, char ***out, size_t *n, size_t *cap, int depth)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, nc = 0;

	if (depth > 64 || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = zl_xgrow(names, sizeof(*names), nn + 1, &nc);
		names[nn++] = zl_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof(*names), str_cmp);
	for (size_t i = 0; i < nn; i++) {
		char *p = zl_xasprintf("%s/%s", dir, names[i]);
		struct stat st;

		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk(p, out, n, cap, depth + 1);
			free(p);
		} else if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		    zone_name_matches(names[i])) {
			*out = zl_xgrow(*out, sizeof(**out), *n + 1, cap);
			(*out)[(*n)++] = p;
		} else {
			free(p);
		}
		free(names[i]);
	}
	free(names);
}

/* ---- verbs */

static void
load_opts(const struct opts *o, struct zl_load_opts *lo, const char *path)
{
	memset(lo, 0, sizeof(*lo));
	lo->origin = o->origin;
	lo->allow_include_outside = o->allow_include_outside;
	if (strcmp(path, "-") == 0)
		lo->display_name = o->stdin_filename ? o->stdin_filename : "<stdin>";
}

static int
use_color(const struct opts *o)
{
	if (o->color == NULL || strcmp(o->color, "auto") == 0)
		return isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	return strcmp(o->color, "always") == 0;
}

static int
cmd_check(struct opts *o, const char *rules_dir)
{
	struct zl_out out;
	struct zl_buf b = ZL_BUF_INIT;
	int status = EXIT_CLEAN;
	char **files = NULL;
	size_t nfiles = 0, cap = 0;

	if (o->nfiles == 0)
		return die_usage("check: no zone file given (use '-' for standard input)%s", "");
	for (size_t i = 0; i < o->nfiles; i++) {
		struct stat st;

		if (strcmp(o->files[i], "-") != 0 && stat(o->files[i], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			if (!o->recurse) {
				fprintf(stderr, "zonelint: '%s' is a folder; use -r to check the zone files in it\n",
				    o->files[i]);
				status = EXIT_USAGE;
				continue;
			}
			walk(o->files[i], &files, &nfiles, &cap, 0);
			continue;
		}
		files = zl_xgrow(files, sizeof(*files), nfiles + 1, &cap);
		files[nfiles++] = zl_xstrdup(o->files[i]);
	}
	zl_out_init(&out, o->fmt, use_color(o));
	zl_out_begin(&out, &b);
	write_buf(stdout, &b);
	for (size_t i = 0; i < nfiles; i++) {
		struct zl_config cfg;
		struct zl_load_opts lo;
		struct zl_zone *z = NULL;
		struct zl_ctx ctx;
		char *why = NULL;
		int s;

		if (build_config(o, rules_dir, files[i], &cfg) != 0) {
			status = EXIT_USAGE;
			continue;
		}
		load_opts(o, &lo, files[i]);
		if (zl_lint(&z, &ctx, files[i], NULL, 0, &cfg, &lo, &why) != 0) {
			fprintf(stderr, "zonelint: %s: %s\n", files[i], why);
			free(why);
			zl_config_release(&cfg);
			status = EXIT_USAGE;
			continue;
		}
		zl_out_file(&out, &b, z, &ctx.diags);
		write_buf(stdout, &b);
		s = worst_status(&ctx.diags, cfg.fail_on);
		if (s > status)
			status = s;
		zl_ctx_release(&ctx);
		zl_zone_free(z);
		zl_config_release(&cfg);
	}
	zl_out_end(&out, &b);
	write_buf(stdout, &b);
	if (o->fmt == ZL_FMT_TEXT && !o->quiet && isatty(STDERR_FILENO)) {
		fprintf(stderr, "%zu file%s, %zu records: %zu errors, %zu warnings, %zu infos\n",
		    out.st.files, out.st.files == 1 ? "" : "s", out.st.records,
		    out.st.count[ZL_SEV_ERROR], out.st.count[ZL_SEV_WARNING],
		    out.st.count[ZL_SEV_INFO]);
	}
	zl_out_release(&out);
	zl_buf_release(&b);
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	fflush(stdout);
	if (ferror(stdout))
		return EXIT_USAGE;
	return status;
}

/*
 * Write data over path safely: a temporary file beside the target (the
 * symlink's target when path is a symlink), fsync, the old mode and owner,
 * then rename. Refuses when the file changed since it was read. On any
 * error the original is untouched and no temporary file is left.
 */
static int
write_in_place(const char *path, const char *orig, size_t orig_len,
    const char *data, size_t len)
{
	char *real = realpath(path, NULL);
	char *tmp = NULL, *dir;
	struct stat st;
	int fd = -1, rc = -1;
	size_t off = 0;

	if (real == NULL) {
		fprintf(stderr, "zonelint: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (stat(real, &st) != 0) {
		fprintf(stderr, "zonelint: %s: %s\n", path, strerror(errno));
		goto out;
	}
	/* changed on disk since it was read? compare the bytes */
	{
		struct zl_source *now = NULL;

		if (zl_source_load(&now, real, NULL) != 0 || now->len != orig_len ||
		    memcmp(now->data, orig, orig_len) != 0) {
			fprintf(stderr, "zonelint: %s: the file changed on disk while it was being fixed; nothing written\n", path);
			zl_source_free(now);
			goto out;
		}
		zl_source_free(now);
	}
	dir = zl_xstrdup(real);
	{
		char *sl = strrchr(dir, '/');

		if (sl)
			sl[1] = '\0';
	}
	tmp = zl_xasprintf("%s.%s.zonelint-XXXXXX", dir, strrchr(real, '/') + 1);
	free(dir);
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "zonelint: %s: cannot create a temporary file beside it: %s\n",
		    path, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "zonelint: %s: write failed: %s\n", tmp, strerror(errno));
			goto out;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, st.st_mode & 07777) != 0) {
		fprintf(stderr, "zonelint: %s: cannot keep the file mode: %s\n", path, strerror(errno));
		goto out;
	}
	if (fchown(fd, st.st_uid, st.st_gid) != 0 && geteuid() == 0) {
		fprintf(stderr, "zonelint: %s: cannot keep the owner: %s\n", path, strerror(errno));
		goto out;
	}
	if (fsync(fd) != 0) {
		fprintf(stderr, "zonelint: %s: fsync failed: %s\n", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		fprintf(stderr, "zonelint: %s: close failed: %s\n", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, real) != 0) {
		fprintf(stderr, "zonelint: %s: rename failed: %s\n", path, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(real);
	return rc;
}

static int
fix_one(struct opts *o, const char *rules_dir, const char *path, int diff_mode,
    struct zl_buf *diff_out)
{
	struct zl_config cfg;
	struct zl_load_opts lo;
	struct zl_zone *z = NULL;
	struct zl_ctx ctx;
	struct zl_fix_result res;
	char *why = NULL;
	int status;

	if (build_config(o, rules_dir, path, &cfg) != 0)
		return EXIT_USAGE;
	load_opts(o, &lo, path);
	if (zl_lint(&z, &ctx, path, NULL, 0, &cfg, &lo, &why) != 0) {
		fprintf(stderr, "zonelint: %s: %s\n", path, why);
		free(why);
		zl_config_release(&cfg);
		return EXIT_USAGE;
	}
	zl_fix_run(z, &ctx.diags, &cfg, &lo, o->bump_serial, &res);
	if (res.reverted && !o->quiet)
		fprintf(stderr, "zonelint: %s: a fix would have broken the zone (%s); it was not applied\n",
		    path, res.reverted_why ? res.reverted_why : "it no longer loads");
	if (!res.converged && !res.reverted && !o->quiet)
		fprintf(stderr, "zonelint: %s: fixes did not settle after %d passes\n",
		    path, res.passes);
	{
		const struct zl_source *s0 = z->sources[0];

		if (diff_mode) {
			const char *name = s0->name;

			for (;;) {
				if (name[0] == '.' && name[1] == '/')
					name += 2;
				else if (name[0] == '/')
					name++;
				else
					break;
			}
			zl_diff_write(diff_out, name, s0->data, s0->len,
			    res.fixed.data ? res.fixed.data : "", res.fixed.len);
			status = diff_out->len ? EXIT_FINDINGS : EXIT_CLEAN;
		} else {
			struct zl_zone *z2 = NULL;
			struct zl_ctx ctx2;
			struct zl_load_opts lo2 = lo;

			lo2.origin = z->origin_text;
			status = EXIT_CLEAN;
			if (zl_lint(&z2, &ctx2, s0->name, res.fixed.data ? res.fixed.data : "",
			    res.fixed.len, &cfg, &lo2, &why) == 0) {
				status = worst_status(&ctx2.diags, cfg.fail_on);
				if (!o->quiet && ctx2.diags.n > 0)
					fprintf(stderr, "zonelint: %s: %zu fix%s applied; %zu finding%s left (run 'zonelint check')\n",
					    path, res.applied, res.applied == 1 ? "" : "es",
					    ctx2.diags.n, ctx2.diags.n == 1 ? "" : "s");
				zl_ctx_release(&ctx2);
				zl_zone_free(z2);
			} else {
				free(why);
			}
			if (o->in_place) {
				if (strcmp(path, "-") == 0) {
					fprintf(stderr, "zonelint: fix -i needs a file, not standard input\n");
					status = EXIT_USAGE;
				} else if (res.applied > 0 &&
				    write_in_place(path, s0->data, s0->len,
				    res.fixed.data, res.fixed.len) != 0) {
					status = EXIT_USAGE;
				}
			} else if (o->output) {
				FILE *fp = fopen(o->output, "wb");

				if (fp == NULL || fwrite(res.fixed.data ? res.fixed.data : "", 1,
				    res.fixed.len, fp) != res.fixed.len || fclose(fp) != 0) {
					fprintf(stderr, "zonelint: %s: %s\n", o->output, strerror(errno));
					status = EXIT_USAGE;
				}
			} else {
				fwrite(res.fixed.data ? res.fixed.data : "", 1, res.fixed.len, stdout);
			}
		}
	}
	zl_fix_result_release(&res);
	zl_ctx_release(&ctx);
	zl_zone_free(z);
	zl_config_release(&cfg);
	return status;
}

static int
cmd_fix(struct opts *o, const char *rules_dir)
{
	if (o->nfiles != 1)
		return die_usage("fix: give exactly one zone file%s", "");
	if (o->in_place && o->output)
		return die_usage("fix: -i and -o cannot be used together%s", "");
	return fix_one(o, rules_dir, o->files[0], 0, NULL);
}

static int
cmd_diff(struct opts *o, const char *rules_dir)
{
	int status = EXIT_CLEAN;
	struct zl_buf b = ZL_BUF_INIT;

	if (o->nfiles == 0)
		return die_usage("diff: no zone file given%s", "");
	for (size_t i = 0; i < o->nfiles; i++) {
		int s = fix_one(o, rules_dir, o->files[i], 1, &b);

		if (s > status)
			status = s;
		write_buf(stdout, &b);
	}
	zl_buf_release(&b);
	return status;
}

static const char *
summary_of(const char *id, char *buf, size_t cap)
{
	const char *p = zl_rule_explain(id);
	size_t n;

	if (p == NULL)
		return "(no page yet)";
	n = strcspn(p, "\n");
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

static int
cmd_rules(struct opts *o, const char *rules_dir)
{
	struct zl_config cfg;
	char sb[300];

	if (build_config(o, rules_dir, NULL, &cfg) != 0)
		return EXIT_USAGE;
	printf("%-30s %-7s %-8s %-9s %s\n", "RULE", "FAMILY", "SEVERITY",
	    "FIXABLE", "SUMMARY");
	for (size_t i = 0; i < ZL_R__COUNT; i++) {
		const struct zl_rule *r = &zl_rules[i];
		static const char *fx[] = { "no", "sometimes", "yes" };

		printf("%-30s %-7s %-8s %-9s %s%s\n", r->id,
		    zl_family_name(r->family), zl_severity_name(cfg.severity[i]),
		    fx[r->fixable], r->check ? "" : "[not implemented yet] ",
		    summary_of(r->id, sb, sizeof(sb)));
	}
	zl_config_release(&cfg);
	return EXIT_CLEAN;
}

static int
cmd_explain(struct opts *o)
{
	const struct zl_rule *r;
	const char *page;

	if (o->nfiles != 1)
		return die_usage("explain: give one rule id (see 'zonelint rules')%s", "");
	r = zl_rule_find(o->files[0]);
	if (r == NULL)
		return die_usage("explain: unknown rule '%s' (see 'zonelint rules')", o->files[0]);
	page = zl_rule_explain(r->id);
	printf("%s (%s, default severity %s, fixable: %s)%s\n\n", r->id,
	    zl_family_name(r->family), zl_severity_name(r->severity),
	    r->fixable == ZL_FIXABLE_ALWAYS ? "yes" :
	    r->fixable == ZL_FIXABLE_SOMETIMES ? "sometimes" : "no",
	    r->check ? "" : " [not implemented yet]");
	fputs(page ? page : "No page has been written for this rule yet.\n", stdout);
	return EXIT_CLEAN;
}

static int
cmd_profiles(struct opts *o, const char *rules_dir)
{
	struct zl_profile **v = NULL;
	size_t n = 0;
	char *err = NULL;

	(void)o;
	if (zl_profiles_list(rules_dir, &v, &n, &err) != 0) {
		fprintf(stderr, "zonelint: %s\n", err ? err : "cannot list profiles");
		free(err);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < n; i++) {
		printf("%-18s %s\n%-18s source: %s\n%-18s file: %s\n", v[i]->name,
		    v[i]->summary ? v[i]->summary : "", "",
		    v[i]->source ? v[i]->source : "-", "", v[i]->path);
		zl_profile_free(v[i]);
	}
	free(v);
	return EXIT_CLEAN;
}

enum {
	OPT_ORIGIN = 256, OPT_PROFILE, OPT_CONFIG, OPT_NO_CONFIG, OPT_SELECT,
	OPT_IGNORE, OPT_SEVERITY, OPT_FAIL_ON, OPT_FORMAT, OPT_COLOR,
	OPT_BUMP, OPT_RULES_DIR, OPT_STDIN_NAME, OPT_ALLOW_OUTSIDE, OPT_VERSION,
	OPT_HELP,
};

static const struct option longopts[] = {
	{ "origin", required_argument, NULL, OPT_ORIGIN },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
	{ "select", required_argument, NULL, OPT_SELECT },
	{ "ignore", required_argument, NULL, OPT_IGNORE },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "recursive", no_argument, NULL, 'r' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "bump-serial", no_argument, NULL, OPT_BUMP },
	{ "output", required_argument, NULL, 'o' },
	{ "in-place", no_argument, NULL, 'i' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "rules-dir", required_argument, NULL, OPT_RULES_DIR },
	{ "stdin-filename", required_argument, NULL, OPT_STDIN_NAME },
	{ "allow-include-outside", no_argument, NULL, OPT_ALLOW_OUTSIDE },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

int
zl_cli_run(int argc, char **argv)
{
	struct opts o;
	int c, rc;
	char *rules_dir;

	zl_set_oom_handler(oom_die);
	memset(&o, 0, sizeof(o));
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("zonelint %s\n", ZL_VERSION);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	o.verb = argv[1];
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":rj:o:iq", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ORIGIN: o.origin = optarg; break;
		case OPT_PROFILE:
			o.profiles = zl_xrealloc(o.profiles, (o.nprofiles + 1) * sizeof(*o.profiles));
			o.profiles[o.nprofiles++] = optarg;
			break;
		case OPT_CONFIG: o.config = optarg; break;
		case OPT_NO_CONFIG: o.no_config = 1; break;
		case OPT_SELECT: o.select = join_list(o.select, optarg); break;
		case OPT_IGNORE: o.ignore = join_list(o.ignore, optarg); break;
		case OPT_SEVERITY:
			o.sev = zl_xrealloc(o.sev, (o.nsev + 1) * sizeof(*o.sev));
			o.sev[o.nsev++] = optarg;
			break;
		case OPT_FAIL_ON: {
			int ok;

			parse_fail_on(optarg, &ok);
			if (!ok)
				return die_usage("--fail-on '%s': use error, warning, info or never", optarg);
			o.fail_on = optarg;
			break;
		}
		case OPT_FORMAT:
			if (zl_format_find(optarg, &o.fmt) != 0)
				return die_usage("--format '%s': use text, gcc, json, jsonl or github", optarg);
			if (o.fmt == ZL_FMT_SARIF || o.fmt == ZL_FMT_HTML)
				return die_usage("--format '%s' is not implemented yet", optarg);
			o.fmt_set = 1;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never"))
				return die_usage("--color '%s': use auto, always or never", optarg);
			o.color = optarg;
			break;
		case 'r': o.recurse = 1; break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*end || v < 1 || v > 1024)
				return die_usage("-j '%s': give a number of jobs from 1 to 1024", optarg);
			o.jobs = (int)v;
			break;
		}
		case OPT_BUMP: o.bump_serial = 1; break;
		case 'o': o.output = optarg; break;
		case 'i': o.in_place = 1; break;
		case 'q': o.quiet = 1; break;
		case OPT_RULES_DIR: o.rules_dir = optarg; break;
		case OPT_STDIN_NAME: o.stdin_filename = optarg; break;
		case OPT_ALLOW_OUTSIDE: o.allow_include_outside = 1; break;
		case OPT_VERSION:
			printf("zonelint %s\n", ZL_VERSION);
			return EXIT_CLEAN;
		case OPT_HELP:
			usage(stdout);
			return EXIT_CLEAN;
		case ':':
			return die_usage("option '%s' needs a value", argv[optind - 1]);
		default:
			fprintf(stderr, "zonelint: unknown option '%s'\n", argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	o.files = argv + optind;
	o.nfiles = (size_t)(argc - optind);
	rules_dir = find_rules_dir(&o);
	if (strcmp(o.verb, "check") == 0)
		rc = cmd_check(&o, rules_dir);
	else if (strcmp(o.verb, "fix") == 0)
		rc = cmd_fix(&o, rules_dir);
	else if (strcmp(o.verb, "diff") == 0)
		rc = cmd_diff(&o, rules_dir);
	else if (strcmp(o.verb, "rules") == 0)
		rc = cmd_rules(&o, rules_dir);
	else if (strcmp(o.verb, "explain") == 0)
		rc = cmd_explain(&o);
	else if (strcmp(o.verb, "profiles") == 0)
		rc = cmd_profiles(&o, rules_dir);
	else {
		fprintf(stderr, "zonelint: unknown command '%s'\n", o.verb);
		usage(stderr);
		rc = EXIT_USAGE;
	}
	free(rules_dir);
	free(o.profiles);
	free(o.sev);
	free(o.select);
	free(o.ignore);
	return rc;
}
