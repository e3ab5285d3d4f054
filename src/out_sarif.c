/* SPDX-License-Identifier: MIT */
/*
 * SARIF 2.1.0 (OASIS), as GitHub code scanning reads it (Ruff's sarif.rs
 * is the model): one run; tool.driver.rules lists the rules that occur,
 * with the first line of each explain page as the short description and
 * the whole page as help; every result points at the offending text with
 * a region in lines and Unicode code-point columns (run.columnKind says
 * so) and in bytes; fixes become artifactChanges with replacements.
 *
 * partialFingerprints: "zonelint/v1" is a hash of the rule, the file, the
 * owner name and the finding's source line with its white space folded,
 * followed by ":N" for the N-th result with the same hash in the run. It
 * does not contain the line number, so a finding keeps its fingerprint
 * when lines are added above it, and loses it when its record changes.
 *
 * Written from struct zl_rep_file (report.h), so `check` and `report`
 * produce the same log. Deterministic: no time stamps, no absolute paths
 * but those given.
 */
#include "out.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void
jstr(struct zl_buf *b, const char *s)
{
	zl_json_str(b, s, strlen(s));
}

static const char *
level(enum zl_severity s)
{
	return s == ZL_SEV_ERROR ? "error" : s == ZL_SEV_WARNING ? "warning" :
	    "note";
}

/*
 * A path as a URI reference (RFC 3986): "./" dropped, an absolute path as
 * a file: URI, and every byte outside the unreserved set, '/' and a few
 * safe delimiters percent-encoded.
 */
static void
uri(struct zl_buf *b, const char *path)
{
	struct zl_buf u = ZL_BUF_INIT;

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (path[0] == '/')
		zl_buf_adds(&u, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/!$&'()*+,;=:@", *p))
			zl_buf_addc(&u, (char)*p);
		else
			zl_buf_addf(&u, "%%%02X", *p);
	}
	zl_buf_adds(b, "{\"uri\": ");
	zl_json_str(b, u.data ? u.data : "", u.len);
	zl_buf_addc(b, '}');
	zl_buf_release(&u);
}

static void
region(struct zl_buf *b, const struct zl_rep_region *r, uint64_t off,
    uint64_t len)
{
	unsigned el = r->end_line < r->line ? r->line : r->end_line;
	unsigned ec = r->end_line < r->line ||
	    (el == r->line && r->end_col < r->col) ? r->col : r->end_col;

	zl_buf_addf(b, "{\"startLine\": %u, \"startColumn\": %u, "
	    "\"endLine\": %u, \"endColumn\": %u, \"byteOffset\": %llu, "
	    "\"byteLength\": %llu}", r->line ? r->line : 1, r->col ? r->col : 1,
	    el ? el : 1, ec ? ec : 1, (unsigned long long)off,
	    (unsigned long long)len);
}

/* ---- the rules that occur, in registry order */

struct rule_ref {
	const char *id;
	const struct zl_rule *r;     /* NULL: an id this version does not know */
};

static int
rule_ref_cmp(const void *a, const void *b)
{
	const struct rule_ref *x = a, *y = b;

	if (x->r && y->r)
		return x->r->num < y->r->num ? -1 : x->r->num > y->r->num;
	if (x->r || y->r)
		return x->r ? -1 : 1;
	return strcmp(x->id, y->id);
}

static size_t
rule_index(const struct rule_ref *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return i;
	return 0;
}

static void
rule_json(struct zl_buf *b, const struct rule_ref *rr)
{
	const char *page = zl_rule_explain(rr->id);
	char *summary, *text;
	size_t n;

	if (page != NULL) {
		n = strcspn(page, "\n");
		summary = zl_xstrndup(page, n);
		text = zl_xstrdup(page);
	} else {
		summary = zl_xasprintf("%s (no explanation written yet)", rr->id);
		text = zl_xasprintf("%s: no explanation has been written for this "
		    "rule yet; see 'zonelint rules'.\n", rr->id);
	}
	zl_buf_adds(b, "{\"id\": ");
	jstr(b, rr->id);
	zl_buf_adds(b, ", \"shortDescription\": {\"text\": ");
	jstr(b, summary);
	zl_buf_adds(b, "}, \"fullDescription\": {\"text\": ");
	jstr(b, summary);
	zl_buf_adds(b, "}, \"help\": {\"text\": ");
	jstr(b, text);
	{
		/* the page is preformatted plain text: a fenced block in Markdown */
		const char *fence = strstr(text, "```") ? "~~~~" : "```";
		char *md = zl_xasprintf("%stext\n%s%s%s", fence, text,
		    text[0] && text[strlen(text) - 1] == '\n' ? "" : "\n", fence);

		zl_buf_adds(b, ", \"markdown\": ");
		jstr(b, md);
		free(md);
	}
	zl_buf_addc(b, '}');
	if (rr->r != NULL) {
		zl_buf_addf(b, ", \"defaultConfiguration\": {\"level\": \"%s\"}, "
		    "\"properties\": {\"tags\": [\"dns\", \"email\", \"%s\"], "
		    "\"precision\": \"very-high\"}", level(rr->r->severity),
		    zl_family_name(rr->r->family));
	}
	zl_buf_addc(b, '}');
	free(summary);
	free(text);
}

/* ---- fingerprints */

static uint64_t
fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t
fingerprint(const struct zl_rep_diag *d)
{
	uint64_t h = 0xcbf29ce484222325ull;
	int space = 0, any = 0;

	h = fnv(h, d->rule, strlen(d->rule) + 1);
	h = fnv(h, d->file, strlen(d->file) + 1);
	h = fnv(h, d->owner ? d->owner : "", (d->owner ? strlen(d->owner) : 0) + 1);
	/* the source line, white space folded to one space, trimmed */
	for (size_t i = 0; i < d->source_len; i++) {
		char c = d->source[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			space = any;
			continue;
		}
		if (space)
			h = fnv(h, " ", 1);
		space = 0;
		any = 1;
		h = fnv(h, &c, 1);
	}
	return h;
}

/* Occurrences of each hash so far: open addressing, grows at half full. */
struct seen {
	uint64_t *key;
	unsigned *count;
	size_t cap, n;
};

static unsigned
seen_bump(struct seen *s, uint64_t h)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct seen t = { NULL, NULL, s->cap ? s->cap * 2 : 64, 0 };

		t.key = zl_xcalloc(t.cap, sizeof(*t.key));
		t.count = zl_xcalloc(t.cap, sizeof(*t.count));
		for (size_t k = 0; k < s->cap; k++) {
			if (s->count[k] == 0)
				continue;
			for (i = s->key[k] & (t.cap - 1); t.count[i]; i = (i + 1) & (t.cap - 1))
				;
			t.key[i] = s->key[k];
			t.count[i] = s->count[k];
			t.n++;
		}
		free(s->key);
		free(s->count);
		*s = t;
	}
	for (i = h & (s->cap - 1); s->count[i]; i = (i + 1) & (s->cap - 1))
		if (s->key[i] == h)
			return ++s->count[i];
	s->key[i] = h;
	s->count[i] = 1;
	s->n++;
	return 1;
}

/* ---- results */

static void
fix_json(struct zl_buf *b, const struct zl_rep_diag *d)
{
	unsigned char *done = zl_xcalloc(d->nedits, 1);
	int first_change = 1;

	zl_buf_adds(b, ", \"fixes\": [{\"description\": {\"text\": ");
	jstr(b, d->fix_title);
	zl_buf_adds(b, "}, \"artifactChanges\": [");
	/* one change per file, in the order the files first appear */
	for (size_t k = 0; k < d->nedits; k++) {
		int first = 1;

		if (done[k])
			continue;
		zl_buf_adds(b, first_change ? "{\"artifactLocation\": " :
		    ", {\"artifactLocation\": ");
		first_change = 0;
		uri(b, d->edits[k].file);
		zl_buf_adds(b, ", \"replacements\": [");
		for (size_t m = k; m < d->nedits; m++) {
			const struct zl_rep_edit *e = &d->edits[m];

			if (done[m] || strcmp(e->file, d->edits[k].file) != 0)
				continue;
			done[m] = 1;
			zl_buf_adds(b, first ? "{\"deletedRegion\": " :
			    ", {\"deletedRegion\": ");
			first = 0;
			region(b, &e->region, e->byte_offset, e->byte_length);
			zl_buf_adds(b, ", \"insertedContent\": {\"text\": ");
			jstr(b, e->text);
			zl_buf_adds(b, "}}");
		}
		zl_buf_adds(b, "]}");
	}
	zl_buf_addf(b, "], \"properties\": {\"applicability\": \"%s\"}}]",
	    d->fix_app == ZL_FIX_SAFE ? "safe" : d->fix_app == ZL_FIX_UNSAFE ?
	    "unsafe" : "display-only");
	free(done);
}

static void
result_json(struct zl_buf *b, const struct zl_rep_diag *d, size_t rule_idx,
    struct seen *seen)
{
	uint64_t h = fingerprint(d);
	unsigned occ = seen_bump(seen, h);

	zl_buf_adds(b, "{\"ruleId\": ");
	jstr(b, d->rule);
	zl_buf_addf(b, ", \"ruleIndex\": %zu, \"level\": \"%s\", "
	    "\"message\": {\"text\": ", rule_idx, level(d->severity));
	jstr(b, d->message);
	zl_buf_adds(b, "}, \"locations\": [{\"physicalLocation\": "
	    "{\"artifactLocation\": ");
	uri(b, d->file);
	zl_buf_adds(b, ", \"region\": ");
	region(b, &d->region, d->byte_offset, d->byte_length);
	zl_buf_addc(b, '}');
	if (d->owner != NULL) {
		zl_buf_adds(b, ", \"logicalLocations\": [{\"fullyQualifiedName\": ");
		jstr(b, d->owner);
		zl_buf_adds(b, ", \"kind\": \"member\"}]");
	}
	zl_buf_addf(b, "}], \"partialFingerprints\": {\"zonelint/v1\": "
	    "\"%016llx:%u\"}", (unsigned long long)h, occ);
	if (d->fix_title != NULL && d->nedits > 0)
		fix_json(b, d);
	zl_buf_addc(b, '}');
}

void
zl_sarif_write(struct zl_buf *b, const struct zl_rep_file *files, size_t n)
{
	struct rule_ref *rules = NULL;
	size_t nrules = 0, cap = 0, nres = 0;
	struct seen seen = { NULL, NULL, 0, 0 };

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < files[i].ndiags; k++) {
			const char *id = files[i].diags[k].rule;
			size_t j;

			for (j = 0; j < nrules; j++)
				if (strcmp(rules[j].id, id) == 0)
					break;
			if (j < nrules)
				continue;
			rules = zl_xgrow(rules, sizeof(*rules), nrules + 1, &cap);
			rules[nrules].id = id;
			rules[nrules++].r = zl_rule_find(id);
		}
	if (nrules > 1)
		qsort(rules, nrules, sizeof(*rules), rule_ref_cmp);
	zl_buf_addf(b, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	    "  \"version\": \"2.1.0\",\n"
	    "  \"runs\": [\n"
	    "    {\n"
	    "      \"tool\": {\n"
	    "        \"driver\": {\n"
	    "          \"name\": \"zonelint\",\n"
	    "          \"version\": \"%s\",\n"
	    "          \"semanticVersion\": \"%s\",\n"
	    "          \"rules\": [", ZL_VERSION, ZL_VERSION);
	for (size_t i = 0; i < nrules; i++) {
		zl_buf_adds(b, i ? ",\n            " : "\n            ");
		rule_json(b, &rules[i]);
	}
	zl_buf_adds(b, nrules ? "\n          ]\n" : "]\n");
	zl_buf_adds(b, "        }\n"
	    "      },\n"
	    "      \"columnKind\": \"unicodeCodePoints\",\n"
	    "      \"results\": [");
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < files[i].ndiags; k++) {
			const struct zl_rep_diag *d = &files[i].diags[k];

			zl_buf_adds(b, nres++ ? ",\n        " : "\n        ");
			result_json(b, d, rule_index(rules, nrules, d->rule), &seen);
		}
	zl_buf_adds(b, nres ? "\n      ]\n" : "]\n");
	zl_buf_adds(b, "    }\n  ]\n}\n");
	free(rules);
	free(seen.key);
	free(seen.count);
}
