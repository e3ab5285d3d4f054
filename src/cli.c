/* SPDX-License-Identifier: MIT */
/*
 * The command line. Only this file (and main.c) prints or exits; the
 * library returns data and status codes.
 *
 * Verbs (git's commands[] table): check, fix, diff, rules, explain,
 * profiles, report. Exit status (spec §1): 0 no finding at or above
 * --fail-on, 1 findings at or above it, 2 usage error, unreadable file,
 * bad configuration or profile. The status is the worst over all files.
 *
 * check runs in two passes over the files when there are several: the
 * first loads each zone and notes what it publishes for the cross-zone
 * checks (struct zl_run_index), the second checks each zone with that
 * index. Both passes run in worker processes (batch.h); the results come
 * back in file order and are printed here, so the output is the same for
 * any -j.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "diff.h"
#include "engine.h"
#include "fix.h"
#include "json.h"
#include "out.h"
#include "profile.h"
#include "report.h"
#include "rule.h"
#include "xalloc.h"
#include "zone.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

/* zones listed in the summary table's "worst zones" */
#define WORST_ZONES 10

struct sev_override {
	unsigned char mark[ZL_R__COUNT];
	enum zl_severity sev;
};

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
	int summary;                   /* --summary: the table even off a terminal */
	const char *output;
	int in_place;
	const char *rules_dir;
	const char *stdin_filename;
	int allow_include_outside;
	struct zl_file_filter filter;  /* --include / --exclude */
	char **context;                /* --context: zones read for cross-zone checks */
	size_t ncontext;
	char **files;
	size_t nfiles;
	/* --select/--ignore/--severity, parsed once */
	int has_select;
	unsigned char selected[ZL_R__COUNT];
	unsigned char ignored[ZL_R__COUNT];
	struct sev_override *sevs;
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
"       zonelint report [OPTIONS] SHARD.jsonl ... merge jsonl outputs of several runs\n"
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
"  --format FMT            check: text, gcc, json, jsonl, sarif, github, html;\n"
"                          report: text (the summary), json, jsonl, sarif, html\n"
"  --color WHEN            auto (default), always, never\n"
"  -r, --recursive         check the zone files found in folders\n"
"  --include GLOB          -r: check files matching GLOB instead of the default\n"
"                          db.*, *.zone, *.db (repeatable)\n"
"  --exclude GLOB          -r: skip files and folders matching GLOB (repeatable)\n"
"  -j, --jobs N            check N files at a time (default: the number of cores)\n"
"  --context FILE|DIR      zones read only for cross-zone checks, not reported\n"
"                          (a shard of a larger export sees the whole export)\n"
"  --summary               print the summary table on stderr even when it is\n"
"                          not a terminal\n"
"  --bump-serial           fix/diff: increment the SOA serial when anything changed\n"
"  -o, --output FILE       fix: write the corrected zone to FILE\n"
"  -i, --in-place          fix: replace FILE (temporary file + rename)\n"
"  --rules-dir DIR         where baseline.yaml and the profiles are\n"
"  --stdin-filename NAME   name used for '-' in messages, origin and config lookup\n"
"  --allow-include-outside allow $INCLUDE of files outside the zone's folder\n"
"  -q, --quiet             no progress line or summary on stderr\n"
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
			/* a build tree: rules/ beside the binary */
			cand = zl_xasprintf("%s/rules", exe);
			if (stat(cand, &st) == 0 && S_ISDIR(st.st_mode))
				return cand;
			free(cand);
			/* an install, wherever it was moved: ../share/zonelint/rules */
			cand = zl_xasprintf("%s/../share/zonelint/rules", exe);
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

/* --select, --ignore and --severity, checked once (messages printed once). */
static int
parse_selection(struct opts *o)
{
	if (o->select) {
		o->has_select = 1;
		if (mark_rules(o->select, o->selected, "--select"))
			return EXIT_USAGE;
	}
	if (o->ignore && mark_rules(o->ignore, o->ignored, "--ignore"))
		return EXIT_USAGE;
	o->sevs = zl_xcalloc(o->nsev ? o->nsev : 1, sizeof(*o->sevs));
	for (size_t i = 0; i < o->nsev; i++) {
		char *eq = strchr(o->sev[i], '=');
		enum zl_severity s;
		int rc;

		if (eq == NULL) {
			fprintf(stderr, "zonelint: --severity '%s': expected RULE=LEVEL\n", o->sev[i]);
			return EXIT_USAGE;
		}
		*eq = '\0';
		rc = mark_rules(o->sev[i], o->sevs[i].mark, "--severity");
		*eq = '=';
		if (rc)
			return EXIT_USAGE;
		s = zl_severity_find(eq + 1);
		if (s == ZL_SEV_NONE && strcmp(eq + 1, "off") != 0) {
			fprintf(stderr, "zonelint: --severity '%s': level must be error, warning, info or off\n", o->sev[i]);
			return EXIT_USAGE;
		}
		o->sevs[i].sev = s;
	}
	return 0;
}

/* The .zonelint.yaml that applies to a zone file, or NULL (caller frees). */
static char *
config_path_for(const struct opts *o, const char *zone_path)
{
	if (o->config)
		return zl_xstrdup(o->config);
	if (o->no_config || zone_path == NULL)
		return NULL;
	if (strcmp(zone_path, "-") == 0)
		zone_path = o->stdin_filename;
	return zone_path ? zl_config_find(zone_path) : NULL;
}

/*
 * The effective configuration for one zone file with the project
 * configuration cpath (NULL: none). Returns 0, or 2 with *err (caller
 * frees) and cfg released.
 */
static int
build_config(const struct opts *o, const char *rules_dir, const char *cpath,
    const char *zone_path, struct zl_config *cfg, char **err)
{
	*err = NULL;
	zl_config_init(cfg);
	if (zl_config_load_rules_dir(cfg, rules_dir, err) != 0)
		goto fail;
	if (cpath != NULL) {
		if (zl_config_load_project(cfg, cpath, zone_path, rules_dir, err) != 0)
			goto fail;
		free(cfg->config_path);
		cfg->config_path = zl_xstrdup(cpath);
	}
	for (size_t i = 0; i < o->nprofiles; i++)
		if (zl_config_add_profile(cfg, o->profiles[i], rules_dir, err) != 0)
			goto fail;
	for (size_t i = 0; i < ZL_R__COUNT; i++)
		if ((o->has_select && !o->selected[i]) || o->ignored[i])
			cfg->severity[i] = ZL_SEV_NONE;
	for (size_t k = 0; k < o->nsev; k++)
		for (size_t i = 0; i < ZL_R__COUNT; i++)
			if (o->sevs[k].mark[i]) {
				cfg->severity[i] = o->sevs[k].sev;
				cfg->overridden[i] = 1;
			}
	if (o->fail_on) {
		int ok;

		cfg->fail_on = parse_fail_on(o->fail_on, &ok);
	}
	return 0;
fail:
	if (*err == NULL)
		*err = zl_xstrdup("bad configuration");
	zl_config_release(cfg);
	return EXIT_USAGE;
}

/* build_config() for one file, printing the error; for fix, diff, rules. */
static int
config_for(const struct opts *o, const char *rules_dir, const char *zone_path,
    struct zl_config *cfg)
{
	char *cpath = config_path_for(o, zone_path), *err = NULL;
	int rc = build_config(o, rules_dir, cpath, zone_path, cfg, &err);

	if (rc != 0) {
		fprintf(stderr, "zonelint: %s\n", err);
		free(err);
	}
	free(cpath);
	return rc;
}

/* Exit status for findings whose worst severity is worst. */
static int
status_for(enum zl_severity worst, enum zl_severity fail_on)
{
	return fail_on != ZL_SEV_NONE && worst >= fail_on ? EXIT_FINDINGS :
	    EXIT_CLEAN;
}

static int
worst_status(const struct zl_diag_list *dl, enum zl_severity fail_on)
{
	enum zl_severity w = ZL_SEV_NONE;

	for (size_t i = 0; i < dl->n; i++)
		if (dl->v[i].severity > w)
			w = dl->v[i].severity;
	return status_for(w, fail_on);
}

/*
 * Output that cannot be written (a full disk, /dev/full, a closed pipe)
 * must not look like success: `zonelint fix db > new && mv new db` would
 * install an empty zone. The first failure is remembered and reported
 * once, and the run exits 2.
 */
static int out_failed;

static void
write_buf(FILE *fp, struct zl_buf *b)
{
	if (b->len && fwrite(b->data, 1, b->len, fp) != b->len && !out_failed) {
		out_failed = errno ? errno : EIO;
		fprintf(stderr, "zonelint: cannot write the output: %s\n",
		    strerror(out_failed));
	}
	zl_buf_reset(b);
}

/* Flush stdout; 2 when any output was lost, else status. */
static int
finish_output(int status)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (!out_failed) {
			out_failed = errno ? errno : EIO;
			fprintf(stderr, "zonelint: cannot write the output: %s\n",
			    strerror(out_failed));
		}
	}
	return out_failed ? EXIT_USAGE : status;
}

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

/*
 * The end of a whole-run report on stdout: json's summary, the sarif log,
 * the html page, or (text_summary: for report) the summary table.
 */
static void
write_end(struct zl_buf *b, int fmt, int text_summary, size_t written,
    const struct zl_rep_stats *st, const struct zl_rep_file *reps,
    size_t nreps)
{
	if (fmt == ZL_FMT_JSON)
		zl_rep_json_end(b, written, st);
	else if (fmt == ZL_FMT_SARIF)
		zl_sarif_write(b, reps, nreps);
	else if (fmt == ZL_FMT_HTML)
		zl_html_write(b, reps, nreps, st);
	else if (fmt == ZL_FMT_TEXT && text_summary)
		zl_rep_summary(b, st, WORST_ZONES);
	write_buf(stdout, b);
}

/* ---- check: many files */

struct run {
	struct opts *o;
	const char *rules_dir;
	char **files;
	size_t nfiles;
	char **ifiles;                 /* pass 1: the files, then --context zones */
	size_t nifiles;
	struct zl_config base;         /* for files no project configuration covers */
	int color;
	int fmt;
	struct zl_run_index ri;        /* empty for one file: nothing to learn */
	struct zl_source *stdin_src;   /* '-', read once for both passes */
	int stdin_err;                 /* -errno when it could not be read */
	/* the printing side */
	struct zl_buf buf;
	struct zl_rep_stats st;
	struct zl_rep_file *reps;      /* sarif, html: the whole run */
	size_t nreps, reps_cap;
	size_t written;                /* files written (json separators) */
	/*
	 * Files checked one after the other in this process: check_work()
	 * writes each report to stdout while it formats it (a report can be
	 * larger than the zone), and check_done() only counts it.
	 */
	int direct;
	int direct_done;               /* check_work() wrote this file's report */
	int status;
	char **cfg_errs;               /* project configuration errors, once each */
	size_t ncfg_errs;
	/* the progress line */
	int progress;
	int stdout_tty;                /* output shares the terminal: clear first */
	const char *phase;
	double t0, last_draw;
	int drawn;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
progress_clear(struct run *r)
{
	if (r->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		r->drawn = 0;
	}
}

static void
progress_draw(struct run *r, size_t finished, int force)
{
	double t = now(), el = t - r->t0;
	size_t findings;

	if (!r->progress || (!force && (el < 0.5 || t - r->last_draw < 0.1)))
		return;
	r->last_draw = t;
	findings = r->st.count[1] + r->st.count[2] + r->st.count[3];
	if (strcmp(r->phase, "index") == 0)
		fprintf(stderr, "\r\033[Kzonelint: reading %zu/%zu files for cross-zone checks",
		    finished, r->nifiles);
	else
		fprintf(stderr, "\r\033[Kzonelint: %zu/%zu files, %.0f records/s, %zu finding%s",
		    finished, r->nfiles, el > 0 ? (double)r->st.records / el : 0.0,
		    findings, findings == 1 ? "" : "s");
	fflush(stderr);
	r->drawn = 1;
}

static void
tick(void *arg, size_t finished)
{
	progress_draw(arg, finished, 0);
}

/* Load a zone of the run; '-' is standard input, read once by cmd_check(). */
static int
load_zone(struct run *r, struct zl_zone **z, const char *path,
    const struct zl_load_opts *lo, char **why)
{
	if (strcmp(path, "-") != 0 || (r->stdin_src == NULL && r->stdin_err == 0))
		return zl_zone_load(z, path, lo, why);
	if (r->stdin_src == NULL) {
		*why = zl_xstrdup(strerror(-r->stdin_err));
		return r->stdin_err;
	}
	return zl_zone_load_mem(z, lo->display_name, r->stdin_src->data,
	    r->stdin_src->len, lo, why);
}

/*
 * Load and check one zone with the run index (zl_lint() without the
 * index). Returns 0, or a negative code with *why (caller frees).
 */
static int
lint_in_run(struct run *r, struct zl_zone **z, struct zl_ctx *ctx,
    const char *path, const struct zl_config *cfg,
    const struct zl_load_opts *lo, char **why)
{
	int rc = load_zone(r, z, path, lo, why);

	if (rc != 0)
		return rc;
	zl_ctx_init(ctx, *z, cfg);
	ctx->run = &r->ri;
	zl_engine_run(ctx);
	return 0;
}

/*
 * Pass 1, in a worker: what one zone publishes for the cross-zone checks.
 * Message: origins, then report names (a count, then strings). A file
 * that cannot be loaded adds nothing; pass 2 reports it.
 */
static void
index_work(void *arg, size_t i, struct zl_buf *out)
{
	struct run *r = arg;
	struct zl_load_opts lo;
	struct zl_zone *z = NULL;
	struct zl_run_index ri;
	char *why = NULL;

	memset(&ri, 0, sizeof(ri));
	load_opts(r->o, &lo, r->ifiles[i]);
	if (load_zone(r, &z, r->ifiles[i], &lo, &why) != 0) {
		free(why);
		return;
	}
	zl_run_index_add_zone(&ri, z);
	zl_zone_free(z);
	zl_batch_put_u64(out, ri.norigins);
	for (size_t k = 0; k < ri.norigins; k++)
		zl_batch_put_str(out, ri.origins[k], strlen(ri.origins[k]));
	zl_batch_put_u64(out, ri.nreport_names);
	for (size_t k = 0; k < ri.nreport_names; k++)
		zl_batch_put_str(out, ri.report_names[k], strlen(ri.report_names[k]));
	zl_run_index_release(&ri);
}

static void
index_add(char ***v, size_t *n, const char *s, size_t len)
{
	*v = zl_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = zl_xstrndup(s, len);
}

static void
index_done(void *arg, size_t i, const char *msg, size_t len)
{
	struct run *r = arg;
	size_t pos = 0, sl;
	unsigned long long n;
	const char *s;

	(void)i;
	if (msg == NULL || len == 0)
		return;
	if (zl_batch_get_u64(msg, len, &pos, &n) != 0)
		return;
	for (unsigned long long k = 0; k < n; k++) {
		if (zl_batch_get_str(msg, len, &pos, &s, &sl) != 0)
			return;
		index_add(&r->ri.origins, &r->ri.norigins, s, sl);
	}
	if (zl_batch_get_u64(msg, len, &pos, &n) != 0)
		return;
	for (unsigned long long k = 0; k < n; k++) {
		if (zl_batch_get_str(msg, len, &pos, &s, &sl) != 0)
			return;
		index_add(&r->ri.report_names, &r->ri.nreport_names, s, sl);
	}
}

/* The sink of a report written while it is formatted (run.direct). */
static void
direct_flush(void *arg, struct zl_buf *b)
{
	struct run *r = arg;

	if (b->len == 0)
		return;
	if (r->stdout_tty)
		progress_clear(r);
	write_buf(stdout, b);
}

/*
 * Pass 2, in a worker: check one file. Message: status, what to print on
 * stderr, the zone's path and record count (empty path: not loaded), its
 * findings as (rule << 8 | severity), and its output in the run's format
 * (for sarif and html: its JSON line, which the printing side parses).
 */
static void
check_work(void *arg, size_t i, struct zl_buf *out)
{
	struct run *r = arg;
	const char *path = r->files[i];
	struct zl_config own, *cfg = &r->base;
	struct zl_load_opts lo;
	struct zl_zone *z = NULL;
	struct zl_ctx ctx;
	struct zl_buf chunk = ZL_BUF_INIT;
	char *cpath, *why = NULL;
	int status;

	cpath = config_path_for(r->o, path);
	if (cpath != NULL) {
		char *err = NULL;

		cfg = &own;
		if (build_config(r->o, r->rules_dir, cpath, path, &own, &err) != 0) {
			zl_batch_put_u64(out, EXIT_USAGE);
			zl_batch_put_str(out, err, strlen(err));
			zl_batch_put_u64(out, 1);   /* a configuration error */
			free(err);
			free(cpath);
			return;
		}
		free(cpath);
	}
	load_opts(r->o, &lo, path);
	if (lint_in_run(r, &z, &ctx, path, cfg, &lo, &why) != 0) {
		char *m = zl_xasprintf("zonelint: %s: %s\n",
		    lo.display_name ? lo.display_name : path, why);

		zl_batch_put_u64(out, EXIT_USAGE);
		zl_batch_put_str(out, m, strlen(m));
		zl_batch_put_u64(out, 0);
		free(m);
		free(why);
		if (cfg == &own)
			zl_config_release(&own);
		return;
	}
	status = worst_status(&ctx.diags, cfg->fail_on);
	if (r->direct && r->fmt != ZL_FMT_SARIF && r->fmt != ZL_FMT_HTML) {
		struct zl_out o;

		zl_out_init(&o, (enum zl_format)r->fmt, r->color);
		o.nfiles = (int)r->written;
		o.flush = direct_flush;
		o.flush_arg = r;
		zl_out_file(&o, &chunk, z, &ctx.diags);
		zl_out_release(&o);
		direct_flush(r, &chunk);
		r->direct_done = 1;
	} else switch (r->fmt) {
	case ZL_FMT_TEXT:
	case ZL_FMT_GCC:
	case ZL_FMT_GITHUB: {
		struct zl_out o;

		zl_out_init(&o, (enum zl_format)r->fmt, r->color);
		zl_out_file(&o, &chunk, z, &ctx.diags);
		zl_out_release(&o);
		break;
	}
	default: {
		struct zl_rep_file f;

		zl_rep_file_from_zone(&f, z, &ctx.diags);
		zl_rep_file_json(&chunk, &f, r->fmt == ZL_FMT_JSON);
		if (r->fmt != ZL_FMT_JSON)
			zl_buf_addc(&chunk, '\n');
		zl_rep_file_release(&f);
		break;
	}
	}
	zl_batch_put_u64(out, (unsigned long long)status);
	zl_batch_put_str(out, "", 0);
	zl_batch_put_u64(out, 2);   /* checked */
	zl_batch_put_str(out, z->sources[0]->name, strlen(z->sources[0]->name));
	zl_batch_put_u64(out, z->nrecs);
	zl_batch_put_u64(out, ctx.diags.n);
	for (size_t k = 0; k < ctx.diags.n; k++)
		zl_batch_put_u64(out, ((unsigned long long)ctx.diags.v[k].rule << 8) |
		    (unsigned)ctx.diags.v[k].severity);
	zl_batch_put_str(out, chunk.data, chunk.len);
	zl_buf_release(&chunk);
	zl_ctx_release(&ctx);
	zl_zone_free(z);
	if (cfg == &own)
		zl_config_release(&own);
}

static void
say(struct run *r, const char *s, size_t n)
{
	if (n == 0)
		return;
	progress_clear(r);
	fflush(stdout);
	fwrite(s, 1, n, stderr);
}

/* A project configuration error is printed once, however many files it covers. */
static void
config_error(struct run *r, const char *s, size_t n)
{
	char *m;

	for (size_t i = 0; i < r->ncfg_errs; i++)
		if (strlen(r->cfg_errs[i]) == n && memcmp(r->cfg_errs[i], s, n) == 0)
			return;
	r->cfg_errs = zl_xrealloc(r->cfg_errs, (r->ncfg_errs + 1) * sizeof(char *));
	r->cfg_errs[r->ncfg_errs++] = zl_xstrndup(s, n);
	m = zl_xasprintf("zonelint: %.*s\n", (int)n, s);
	say(r, m, strlen(m));
	free(m);
}

static void
check_done(void *arg, size_t i, const char *msg, size_t len)
{
	struct run *r = arg;
	size_t pos = 0, sl, cl;
	unsigned long long status, kind, records, nd;
	const char *s, *chunk;

	if (msg == NULL) {
		char *m = len ? zl_xasprintf("zonelint: %s: internal error: the check of this file stopped (signal %zu); please report it\n",
		    r->files[i], len) :
		    zl_xasprintf("zonelint: %s: internal error: the check of this file stopped; please report it\n",
		    r->files[i]);

		say(r, m, strlen(m));
		free(m);
		r->st.failed++;
		r->status = EXIT_USAGE;
		return;
	}
	if (zl_batch_get_u64(msg, len, &pos, &status) != 0 ||
	    zl_batch_get_str(msg, len, &pos, &s, &sl) != 0 ||
	    zl_batch_get_u64(msg, len, &pos, &kind) != 0) {
		char *m = zl_xasprintf("zonelint: %s: internal error: bad result from a worker\n",
		    r->files[i]);

		say(r, m, strlen(m));
		free(m);
		r->st.failed++;
		r->status = EXIT_USAGE;
		return;
	}
	if ((int)status > r->status)
		r->status = (int)status;
	if (kind == 1)
		config_error(r, s, sl);
	else
		say(r, s, sl);
	if (kind != 2) {
		r->st.failed++;
		return;
	}
	if (zl_batch_get_str(msg, len, &pos, &s, &sl) != 0 ||
	    zl_batch_get_u64(msg, len, &pos, &records) != 0 ||
	    zl_batch_get_u64(msg, len, &pos, &nd) != 0)
		return;
	{
		char *p = zl_xstrndup(s, sl);

		zl_rep_stats_file(&r->st, p, records);
		free(p);
	}
	for (unsigned long long k = 0; k < nd; k++) {
		unsigned long long v;

		if (zl_batch_get_u64(msg, len, &pos, &v) != 0)
			return;
		if ((v >> 8) < ZL_R__COUNT)
			zl_rep_stats_finding(&r->st, zl_rules[v >> 8].id,
			    (enum zl_severity)(v & 0xff));
	}
	if (zl_batch_get_str(msg, len, &pos, &chunk, &cl) != 0)
		return;
	if (r->fmt == ZL_FMT_SARIF || r->fmt == ZL_FMT_HTML) {
		struct zl_json j;
		size_t jp = 0;
		char *err = NULL;

		if (zl_json_parse(chunk, cl, &jp, &j, &err) == 1) {
			r->reps = zl_xgrow(r->reps, sizeof(*r->reps), r->nreps + 1,
			    &r->reps_cap);
			if (zl_rep_file_from_json(&r->reps[r->nreps], &j, &err) == 0)
				r->nreps++;
			zl_json_release(&j);
		}
		if (err != NULL) {
			char *m = zl_xasprintf("zonelint: %s: internal error: %s\n",
			    r->files[i], err);

			say(r, m, strlen(m));
			free(m);
			free(err);
			r->status = EXIT_USAGE;
		}
		return;
	}
	if (r->direct_done) {
		r->direct_done = 0;
		r->written++;
		return;
	}
	if (r->stdout_tty)
		progress_clear(r);
	if (r->fmt == ZL_FMT_JSON)
		zl_rep_json_sep(&r->buf, r->written);
	zl_buf_add(&r->buf, chunk, cl);
	write_buf(stdout, &r->buf);
	r->written++;
}

/*
 * Does any rule that reads the run index run? Only then is the first pass
 * worth its cost. --select/--ignore are applied last (build_config()), so
 * when they switch a rule off no configuration switches it on again.
 */
static int
index_needed(const struct opts *o)
{
	static const enum zl_rule_id cross[] = { ZL_R_dmarc_external_reports };

	for (size_t i = 0; i < sizeof(cross) / sizeof(cross[0]); i++) {
		enum zl_rule_id id = cross[i];

		if (zl_rules[id].check == NULL)
			continue;
		if ((o->has_select && !o->selected[id]) || o->ignored[id])
			continue;
		return 1;
	}
	return 0;
}

/*
 * FILE... DIR... -> zone files, appended to (*files, *nfiles, *cap).
 * Folders need -r (recurse), except for --context. Returns 0 or 2.
 */
static int
collect_files(struct opts *o, char **args, size_t nargs, int recurse,
    char ***files, size_t *nfiles, size_t *cap)
{
	int status = EXIT_CLEAN;

	for (size_t i = 0; i < nargs; i++) {
		struct stat st;

		if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			int rc;

			if (!recurse) {
				fprintf(stderr, "zonelint: '%s' is a folder; use -r to check the zone files in it\n",
				    args[i]);
				status = EXIT_USAGE;
				continue;
			}
			{
				/*
				 * The folder's .zonelint.yaml (or --config) may
				 * say which files -r takes: files: {include,
				 * exclude}, added to --include/--exclude.
				 */
				struct zl_file_filter f;
				char *probe = zl_xasprintf("%s/.", args[i]);
				char *cp = o->config ? zl_xstrdup(o->config) :
				    o->no_config ? NULL : zl_config_find(probe);

				zl_file_filter_init(&f);
				for (size_t k = 0; k < o->filter.ninclude; k++)
					zl_file_filter_include(&f, o->filter.include[k]);
				for (size_t k = 0; k < o->filter.nexclude; k++)
					zl_file_filter_exclude(&f, o->filter.exclude[k]);
				if (cp != NULL) {
					struct zl_config c;
					char *err = NULL, *rd = find_rules_dir(o);

					zl_config_init(&c);
					if (zl_config_load_rules_dir(&c, rd, &err) != 0 ||
					    zl_config_load_project(&c, cp, probe, rd, &err) != 0) {
						fprintf(stderr, "zonelint: %s\n", err ? err : cp);
						status = EXIT_USAGE;
					} else {
						for (size_t k = 0; k < c.nfiles_include; k++)
							zl_file_filter_include(&f, c.files_include[k]);
						for (size_t k = 0; k < c.nfiles_exclude; k++)
							zl_file_filter_exclude(&f, c.files_exclude[k]);
					}
					free(err);
					free(rd);
					zl_config_release(&c);
				}
				free(cp);
				free(probe);
				rc = zl_discover(args[i], &f, files, nfiles, cap);
				zl_file_filter_release(&f);
			}
			if (rc != 0) {
				fprintf(stderr, "zonelint: %s: %s\n", args[i],
				    strerror(-rc));
				status = EXIT_USAGE;
			}
			continue;
		}
		*files = zl_xgrow(*files, sizeof(**files), *nfiles + 1, cap);
		(*files)[(*nfiles)++] = zl_xstrdup(args[i]);
	}
	return status;
}

static void
free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
run_release(struct run *r)
{
	for (size_t i = 0; i < r->nreps; i++)
		zl_rep_file_release(&r->reps[i]);
	free(r->reps);
	free_list(r->cfg_errs, r->ncfg_errs);
	free_list(r->files, r->nfiles);
	free_list(r->ifiles, r->nifiles);
	zl_run_index_release(&r->ri);
	zl_source_free(r->stdin_src);
	zl_rep_stats_release(&r->st);
	zl_buf_release(&r->buf);
}

static int
cmd_check(struct opts *o, const char *rules_dir)
{
	struct run r;
	char *err = NULL;
	int jobs, show;

	if (o->nfiles == 0)
		return die_usage("check: no zone file given (use '-' for standard input)%s", "");
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.rules_dir = rules_dir;
	r.fmt = o->fmt;
	r.color = use_color(o);
	zl_rep_stats_init(&r.st);
	{
		size_t cap = 0, icap = 0;
		int st;

		r.status = collect_files(o, o->files, o->nfiles, o->recurse,
		    &r.files, &r.nfiles, &cap);
		/* pass 1 reads the files of the run and the --context zones */
		for (size_t i = 0; i < r.nfiles; i++) {
			r.ifiles = zl_xgrow(r.ifiles, sizeof(*r.ifiles),
			    r.nifiles + 1, &icap);
			r.ifiles[r.nifiles++] = zl_xstrdup(r.files[i]);
		}
		st = collect_files(o, o->context, o->ncontext, 1, &r.ifiles,
		    &r.nifiles, &icap);
		if (st > r.status)
			r.status = st;
	}
	/* the configuration of files without a .zonelint.yaml: once, and a
	 * bad profile stops the run before any file */
	if (build_config(o, rules_dir, NULL, NULL, &r.base, &err) != 0) {
		fprintf(stderr, "zonelint: %s\n", err);
		free(err);
		run_release(&r);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < r.nfiles; i++)
		if (strcmp(r.files[i], "-") == 0) {
			/* both passes and every worker need it: read it now */
			r.stdin_err = zl_source_load(&r.stdin_src, "-", NULL);
			break;
		}
	jobs = o->jobs > 0 ? o->jobs : zl_batch_cores();
	r.progress = !o->quiet && isatty(STDERR_FILENO);
	r.stdout_tty = isatty(STDOUT_FILENO);
	r.t0 = now();
	fflush(stdout);
	fflush(stderr);
	/*
	 * One zone alone has nothing to learn from the others: what it
	 * publishes itself its checks see anyway.
	 */
	if (r.nifiles > 1 && index_needed(o)) {
		r.phase = "index";
		zl_batch_run(r.nifiles, jobs, index_work, index_done, tick, &r);
	}
	r.phase = "check";
	if (r.fmt == ZL_FMT_JSON) {
		zl_rep_json_begin(&r.buf);
		write_buf(stdout, &r.buf);
	}
	r.direct = jobs <= 1 || r.nfiles <= 1;
	zl_batch_run(r.nfiles, jobs, check_work, check_done, tick, &r);
	progress_clear(&r);
	write_end(&r.buf, r.fmt, 0, r.written, &r.st, r.reps, r.nreps);
	fflush(stdout);
	show = o->summary || (!o->quiet && isatty(STDERR_FILENO));
	if (show && r.nfiles > 0) {
		zl_rep_summary(&r.buf, &r.st, WORST_ZONES);
		if (r.nfiles == 1 && !o->summary) {
			/* one file: the totals line is enough */
			char *nl = memchr(r.buf.data, '\n', r.buf.len);

			if (nl)
				r.buf.len = (size_t)(nl - r.buf.data) + 1;
		}
		write_buf(stderr, &r.buf);
	}
	if (ferror(stdout))
		r.status = EXIT_USAGE;
	zl_config_release(&r.base);
	run_release(&r);
	return r.status;
}

/* ---- report: merge the jsonl of runs made elsewhere */


struct merged {
	enum zl_format fmt;
	enum zl_severity fail_on;
	struct zl_rep_stats st;
	struct zl_rep_file *reps;
	size_t nreps, cap, written;
	struct zl_buf buf;
	int status;
};

/* One zone read from a shard: count it, and write it or keep it. */
static void
merge_file(struct merged *m, struct zl_rep_file *f)
{
	enum zl_severity w = ZL_SEV_NONE;
	int s;

	for (size_t i = 0; i < f->ndiags; i++)
		if (f->diags[i].severity > w)
			w = f->diags[i].severity;
	s = status_for(w, m->fail_on);
	if (s > m->status)
		m->status = s;
	zl_rep_stats_add(&m->st, f);
	switch (m->fmt) {
	case ZL_FMT_JSON:
	case ZL_FMT_JSONL:
		if (m->fmt == ZL_FMT_JSON)
			zl_rep_json_sep(&m->buf, m->written);
		zl_rep_file_json(&m->buf, f, m->fmt == ZL_FMT_JSON);
		if (m->fmt == ZL_FMT_JSONL)
			zl_buf_addc(&m->buf, '\n');
		write_buf(stdout, &m->buf);
		m->written++;
		zl_rep_file_release(f);
		break;
	case ZL_FMT_SARIF:
	case ZL_FMT_HTML:
		m->reps = zl_xgrow(m->reps, sizeof(*m->reps), m->nreps + 1, &m->cap);
		m->reps[m->nreps++] = *f;
		break;
	default:
		zl_rep_file_release(f);
		break;
	}
}

static unsigned
line_of(const char *data, size_t from, size_t to, unsigned line)
{
	for (size_t i = from; i < to; i++)
		if (data[i] == '\n')
			line++;
	return line;
}

/* One shard: JSON lines (one zone each) or whole --format json reports. */
static int
read_shard(struct merged *m, const char *path)
{
	struct zl_source *src = NULL;
	size_t pos = 0, last = 0;
	unsigned line = 1;
	int rc = zl_source_load(&src, path, NULL);

	if (rc != 0) {
		fprintf(stderr, "zonelint: %s: %s\n", path, strerror(-rc));
		return EXIT_USAGE;
	}
	for (;;) {
		struct zl_json j;
		char *err = NULL;
		const struct zl_json *files;
		size_t start;

		while (pos < src->len && (src->data[pos] == ' ' ||
		    src->data[pos] == '\t' || src->data[pos] == '\n' ||
		    src->data[pos] == '\r'))
			pos++;
		start = pos;
		rc = zl_json_parse(src->data, src->len, &pos, &j, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			fprintf(stderr, "zonelint: %s:%s\n", path, err);
			free(err);
			zl_source_free(src);
			return EXIT_USAGE;
		}
		line = line_of(src->data, last, start, line);
		last = start;
		files = zl_json_get(&j, "files");
		if (files != NULL && files->type == ZL_JSON_ARRAY &&
		    zl_json_get(&j, "path") == NULL) {
			for (size_t i = 0; i < files->n; i++) {
				struct zl_rep_file f;

				if (zl_rep_file_from_json(&f, &files->v[i], &err) != 0)
					break;
				merge_file(m, &f);
			}
		} else {
			struct zl_rep_file f;

			if (zl_rep_file_from_json(&f, &j, &err) == 0)
				merge_file(m, &f);
		}
		zl_json_release(&j);
		if (err != NULL) {
			fprintf(stderr, "zonelint: %s:%u: %s\n", path, line, err);
			free(err);
			zl_source_free(src);
			return EXIT_USAGE;
		}
	}
	zl_source_free(src);
	return 0;
}

static int
cmd_report(struct opts *o)
{
	struct merged m;
	int rc = EXIT_CLEAN;

	if (o->nfiles == 0)
		return die_usage("report: give the jsonl outputs to merge ('zonelint check --format jsonl')%s", "");
	memset(&m, 0, sizeof(m));
	m.fmt = o->fmt_set ? o->fmt : ZL_FMT_TEXT;
	if (m.fmt == ZL_FMT_GCC || m.fmt == ZL_FMT_GITHUB)
		return die_usage("report: --format '%s' needs the zone files; use text, json, jsonl, sarif or html",
		    m.fmt == ZL_FMT_GCC ? "gcc" : "github");
	m.fail_on = ZL_SEV_ERROR;
	if (o->fail_on) {
		int ok;

		m.fail_on = parse_fail_on(o->fail_on, &ok);
	}
	zl_rep_stats_init(&m.st);
	if (m.fmt == ZL_FMT_JSON) {
		zl_rep_json_begin(&m.buf);
		write_buf(stdout, &m.buf);
	}
	for (size_t i = 0; i < o->nfiles && rc == EXIT_CLEAN; i++)
		rc = read_shard(&m, o->files[i]);
	if (rc == EXIT_CLEAN) {
		write_end(&m.buf, m.fmt, 1, m.written, &m.st, m.reps, m.nreps);
		rc = m.status;
	}
	fflush(stdout);
	if (ferror(stdout))
		rc = EXIT_USAGE;
	for (size_t i = 0; i < m.nreps; i++)
		zl_rep_file_release(&m.reps[i]);
	free(m.reps);
	zl_rep_stats_release(&m.st);
	zl_buf_release(&m.buf);
	return rc;
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
	/* the rename itself must reach the disk too */
	{
		char *slash = strrchr(real, '/');
		char *d = slash ? zl_xstrndup(real, (size_t)(slash - real) + 1) :
		    zl_xstrdup(".");
		int dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (dfd >= 0) {
			(void)fsync(dfd);
			close(dfd);
		}
		free(d);
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

	if (config_for(o, rules_dir, path, &cfg) != 0)
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
				int bad = fp == NULL;

				if (fp != NULL) {
					if (fwrite(res.fixed.data ? res.fixed.data : "", 1,
					    res.fixed.len, fp) != res.fixed.len)
						bad = 1;
					if (fclose(fp) != 0)
						bad = 1;
				}
				if (bad) {
					fprintf(stderr, "zonelint: %s: %s\n", o->output,
					    strerror(errno ? errno : EIO));
					status = EXIT_USAGE;
				}
			} else {
				write_buf(stdout, &res.fixed);
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
	int status = EXIT_CLEAN;

	if (o->in_place && o->output)
		return die_usage("fix: -i and -o cannot be used together%s", "");
	/* several files only in place (the pre-commit hook passes many) */
	if (o->nfiles == 0 || (o->nfiles > 1 && !o->in_place))
		return die_usage("fix: give one zone file, or several with -i%s", "");
	for (size_t i = 0; i < o->nfiles; i++) {
		int s = fix_one(o, rules_dir, o->files[i], 0, NULL);

		if (s > status)
			status = s;
	}
	return status;
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

	if (config_for(o, rules_dir, NULL, &cfg) != 0)
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
	OPT_HELP, OPT_INCLUDE, OPT_EXCLUDE, OPT_SUMMARY, OPT_CONTEXT,
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
	{ "include", required_argument, NULL, OPT_INCLUDE },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "context", required_argument, NULL, OPT_CONTEXT },
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
				return die_usage("--format '%s': use text, gcc, json, jsonl, sarif, github or html", optarg);
			o.fmt_set = 1;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never"))
				return die_usage("--color '%s': use auto, always or never", optarg);
			o.color = optarg;
			break;
		case 'r': o.recurse = 1; break;
		case OPT_INCLUDE: zl_file_filter_include(&o.filter, optarg); break;
		case OPT_EXCLUDE: zl_file_filter_exclude(&o.filter, optarg); break;
		case OPT_SUMMARY: o.summary = 1; break;
		case OPT_CONTEXT:
			o.context = zl_xrealloc(o.context, (o.ncontext + 1) * sizeof(*o.context));
			o.context[o.ncontext++] = optarg;
			break;
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
	if (parse_selection(&o) != 0)
		rc = EXIT_USAGE;
	else if (strcmp(o.verb, "check") == 0)
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
	else if (strcmp(o.verb, "report") == 0)
		rc = cmd_report(&o);
	else {
		fprintf(stderr, "zonelint: unknown command '%s'\n", o.verb);
		usage(stderr);
		rc = EXIT_USAGE;
	}
	rc = finish_output(rc);
	free(rules_dir);
	free(o.profiles);
	free(o.sev);
	free(o.select);
	free(o.ignore);
	free(o.sevs);
	free(o.context);
	zl_file_filter_release(&o.filter);
	return rc;
}
