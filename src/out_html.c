/* SPDX-License-Identifier: MIT */
/*
 * The HTML report: one self-contained page for auditors (mandoc's -T html
 * writes its pages the same way, everything inline). It holds the summary
 * counts, a bar chart of findings per rule (inline SVG, drawn here, no
 * script needed), a table of the zones that sorts and filters (rows built
 * by a little inline JavaScript from a JSON block, with textContent only),
 * and every finding with its source line, the offending text marked.
 *
 * Nothing is fetched: no fonts, images, scripts or styles from anywhere,
 * and a Content-Security-Policy says so to the browser. Every string from
 * a zone is escaped; control characters and bidirectional overrides are
 * shown as \uXXXX, never passed to the page raw. Deterministic, like every
 * format: no time stamps.
 */
#include "out.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Characters that must not reach the page raw: controls, bidi, separators. */
static int
unsafe_cp(unsigned cp)
{
	return (cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp <= 0x9f) ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/*
 * Escape s[0..n) for HTML text or attribute values. In text, unsafe
 * characters become a visible <span class="ctl">\uXXXX</span>; in an
 * attribute (attr) just the \uXXXX.
 */
static void
esc_n(struct zl_buf *b, const char *s, size_t n, int attr)
{
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t l = zl_utf8_decode(s + i, n - i, &cp);

		if (l == 0) {
			/* not UTF-8 (cannot come from JSON, but never pass it) */
			zl_buf_addf(b, attr ? "\\x%02X" :
			    "<span class=\"ctl\">\\x%02X</span>", (unsigned char)s[i]);
			i++;
			continue;
		}
		i += l;
		switch (cp) {
		case '&': zl_buf_adds(b, "&amp;"); continue;
		case '<': zl_buf_adds(b, "&lt;"); continue;
		case '>': zl_buf_adds(b, "&gt;"); continue;
		case '"': zl_buf_adds(b, "&quot;"); continue;
		case '\'': zl_buf_adds(b, "&#39;"); continue;
		default: break;
		}
		if (unsafe_cp(cp))
			zl_buf_addf(b, attr ? "\\u%04X" :
			    "<span class=\"ctl\">\\u%04X</span>", cp);
		else
			zl_buf_add(b, s + i - l, l);
	}
}

static void
esc(struct zl_buf *b, const char *s)
{
	esc_n(b, s, strlen(s), 0);
}

/* Byte offset of code point number k (0-based) in s[0..n), or n. */
static size_t
cp_offset(const char *s, size_t n, size_t k)
{
	size_t i = 0;

	for (size_t c = 0; c < k && i < n; c++) {
		unsigned cp;
		size_t l = zl_utf8_decode(s + i, n - i, &cp);

		i += l ? l : 1;
	}
	return i;
}

static const char *
sev_class(enum zl_severity s)
{
	return s == ZL_SEV_ERROR ? "error" : s == ZL_SEV_WARNING ? "warning" :
	    "info";
}

static const char page_head[] =
"<!DOCTYPE html>\n"
"<html lang=\"en\">\n"
"<head>\n"
"<meta charset=\"utf-8\">\n"
"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
"style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
"<meta name=\"referrer\" content=\"no-referrer\">\n";

static const char page_style[] =
"<style>\n"
":root { --error: #b71c1c; --warning: #b25e00; --info: #0d47a1; --line: #d0d7de; }\n"
"body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 1em 2em 4em; max-width: 80em; color: #1f2328; }\n"
"h1 { font-size: 1.6em; margin: .3em 0 .1em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid var(--line); }\n"
".meta { color: #57606a; margin: 0 0 1em; }\n"
".cards { display: flex; flex-wrap: wrap; gap: .8em; }\n"
".card { border: 1px solid var(--line); border-radius: 6px; padding: .5em 1em; min-width: 7em; }\n"
".card b { display: block; font-size: 1.6em; }\n"
".card.error b { color: var(--error); } .card.warning b { color: var(--warning); } .card.info b { color: var(--info); }\n"
"svg text { font: 13px system-ui, sans-serif; fill: #1f2328; }\n"
"svg .error { fill: var(--error); } svg .warning { fill: var(--warning); } svg .info { fill: var(--info); }\n"
".legend span { display: inline-block; width: .8em; height: .8em; margin: 0 .3em 0 1em; vertical-align: -.05em; }\n"
".legend .error { background: var(--error); } .legend .warning { background: var(--warning); } .legend .info { background: var(--info); }\n"
".controls { margin: .6em 0; display: flex; gap: .8em; align-items: center; flex-wrap: wrap; }\n"
".controls input { font: inherit; padding: .25em .5em; min-width: 22em; }\n"
".controls select { font: inherit; padding: .2em; }\n"
"table { border-collapse: collapse; width: 100%; }\n"
"th, td { border-bottom: 1px solid var(--line); padding: .3em .6em; text-align: left; vertical-align: top; }\n"
"th { background: #f6f8fa; cursor: pointer; user-select: none; white-space: nowrap; }\n"
"th[aria-sort=ascending]::after { content: \" \\25B2\"; } th[aria-sort=descending]::after { content: \" \\25BC\"; }\n"
"td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }\n"
"tr.has-error td:first-child { border-left: 4px solid var(--error); }\n"
"tr.has-warning td:first-child { border-left: 4px solid var(--warning); }\n"
"tr.has-info td:first-child { border-left: 4px solid var(--info); }\n"
"tr.clean td:first-child { border-left: 4px solid transparent; }\n"
"details.zone { border: 1px solid var(--line); border-radius: 6px; margin: .6em 0; padding: .3em .8em; }\n"
"details.zone > summary { cursor: pointer; font-weight: 600; }\n"
"details.zone > summary .origin, details.zone > summary .counts { font-weight: normal; color: #57606a; margin-left: .6em; }\n"
"ol.findings { padding-left: 1.2em; } ol.findings li { margin: .7em 0; }\n"
".badge { display: inline-block; border-radius: 3px; padding: 0 .4em; color: #fff; font-size: .85em; font-weight: 600; }\n"
".badge.error { background: var(--error); } .badge.warning { background: var(--warning); } .badge.info { background: var(--info); }\n"
".loc { font-family: ui-monospace, monospace; color: #57606a; margin: 0 .4em; }\n"
".rule { font-family: ui-monospace, monospace; color: #57606a; }\n"
"pre.src { background: #f6f8fa; border: 1px solid var(--line); border-radius: 4px; padding: .3em .6em; margin: .3em 0; overflow-x: auto; }\n"
"pre.src .ln { color: #8c959f; margin-right: 1em; user-select: none; }\n"
"pre.src mark { background: #ffd8b5; border-bottom: 2px solid var(--warning); }\n"
"pre.src mark.point { display: inline-block; width: 2px; height: 1.1em; vertical-align: text-bottom; background: var(--error); border: 0; }\n"
".ctl { color: #8250df; }\n"
".help { color: #1a7f37; }\n"
"footer { margin-top: 3em; color: #57606a; font-size: .9em; }\n"
"</style>\n";

/* The sorting and filtering of the zones table; textContent only. */
static const char page_script[] =
"<script>\n"
"(function () {\n"
"  'use strict';\n"
"  var data = JSON.parse(document.getElementById('zonelint-data').textContent);\n"
"  var table = document.getElementById('zone-table');\n"
"  var tbody = table.tBodies[0];\n"
"  var filter = document.getElementById('filter');\n"
"  var which = document.getElementById('which');\n"
"  var shown = document.getElementById('shown');\n"
"  var keys = ['path', 'origin', 'records', 'error', 'warning', 'info'];\n"
"  var rows = data.zones.map(function (z) {\n"
"    var tr = document.createElement('tr');\n"
"    tr.className = z.error ? 'has-error' : z.warning ? 'has-warning' :\n"
"      z.info ? 'has-info' : 'clean';\n"
"    keys.forEach(function (k) {\n"
"      var td = document.createElement('td');\n"
"      if (k === 'path' && z.error + z.warning + z.info > 0) {\n"
"        var a = document.createElement('a');\n"
"        a.href = '#z' + z.i;\n"
"        a.textContent = z.path;\n"
"        td.appendChild(a);\n"
"      } else {\n"
"        td.textContent = String(z[k]);\n"
"      }\n"
"      if (typeof z[k] === 'number') td.className = 'num';\n"
"      tr.appendChild(td);\n"
"    });\n"
"    return { z: z, tr: tr, text: (z.path + ' ' + z.origin + ' ' + z.rules).toLowerCase() };\n"
"  });\n"
"  var sortKey = null, sortDir = 1;\n"
"  function keep(r) {\n"
"    var q = filter.value.trim().toLowerCase(), w = which.value, z = r.z;\n"
"    if (q && q.split(/\\s+/).some(function (t) { return r.text.indexOf(t) < 0; })) return false;\n"
"    if (w === 'findings') return z.error + z.warning + z.info > 0;\n"
"    if (w === 'error') return z.error > 0;\n"
"    if (w === 'warning') return z.error + z.warning > 0;\n"
"    if (w === 'clean') return z.error + z.warning + z.info === 0;\n"
"    return true;\n"
"  }\n"
"  function cmp(a, b) {\n"
"    var x = a.z[sortKey], y = b.z[sortKey], c;\n"
"    if (typeof x === 'number') c = x - y;\n"
"    else c = String(x).localeCompare(String(y));\n"
"    return c * sortDir || a.z.i - b.z.i;\n"
"  }\n"
"  function render() {\n"
"    var list = rows.filter(keep);\n"
"    if (sortKey) list.sort(cmp);\n"
"    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);\n"
"    list.forEach(function (r) { tbody.appendChild(r.tr); });\n"
"    shown.textContent = list.length + ' of ' + rows.length + ' zones';\n"
"    var on = {};\n"
"    list.forEach(function (r) { on['z' + r.z.i] = true; });\n"
"    Array.prototype.forEach.call(document.querySelectorAll('details.zone'), function (d) {\n"
"      d.hidden = !on[d.id];\n"
"    });\n"
"  }\n"
"  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {\n"
"    th.tabIndex = 0;\n"
"    function go() {\n"
"      var k = keys[i];\n"
"      sortDir = sortKey === k ? -sortDir : (typeof rows[0] !== 'undefined' &&\n"
"        typeof rows[0].z[k] === 'number' ? -1 : 1);\n"
"      sortKey = k;\n"
"      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {\n"
"        h.removeAttribute('aria-sort');\n"
"      });\n"
"      th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');\n"
"      render();\n"
"    }\n"
"    th.addEventListener('click', go);\n"
"    th.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(); });\n"
"  });\n"
"  /* a link to the page can carry a filter: report.html#filter=spf-multiple */\n"
"  var m = /^#filter=(.*)$/.exec(location.hash);\n"
"  if (m) { try { filter.value = decodeURIComponent(m[1]); } catch (e) { filter.value = m[1]; } }\n"
"  filter.addEventListener('input', render);\n"
"  which.addEventListener('change', render);\n"
"  render();\n"
"  document.documentElement.setAttribute('data-zonelint-rows', String(rows.length));\n"
"})();\n"
"</script>\n";

static void
card(struct zl_buf *b, const char *cls, unsigned long long n, const char *what)
{
	zl_buf_addf(b, "<div class=\"card%s%s\"><b>%llu</b>%s</div>\n",
	    *cls ? " " : "", cls, n, what);
}

/* Horizontal bars, one per rule, stacked by severity. */
static void
chart(struct zl_buf *b, const struct zl_rep_stats *st)
{
	size_t nr, max = 1;
	const struct zl_rep_rule_count **rv = zl_rep_stats_rules(st, &nr);
	const unsigned label_w = 250, bar_w = 420, row_h = 24, top = 8;
	unsigned h = top * 2 + (unsigned)nr * row_h;

	for (size_t i = 0; i < nr; i++) {
		size_t t = rv[i]->count[1] + rv[i]->count[2] + rv[i]->count[3];

		if (t > max)
			max = t;
	}
	zl_buf_adds(b, "<h2 id=\"by-rule\">Findings per rule</h2>\n");
	if (nr == 0) {
		zl_buf_adds(b, "<p>No findings.</p>\n");
		free(rv);
		return;
	}
	zl_buf_addf(b, "<p class=\"legend\"><span class=\"error\"></span>error"
	    "<span class=\"warning\"></span>warning<span class=\"info\"></span>"
	    "info</p>\n<svg id=\"rule-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\" aria-labelledby=\"by-rule\" width=\"%u\" height=\"%u\" "
	    "viewBox=\"0 0 %u %u\">\n", label_w + bar_w + 70, h,
	    label_w + bar_w + 70, h);
	for (size_t i = 0; i < nr; i++) {
		const struct zl_rep_rule_count *r = rv[i];
		unsigned y = top + (unsigned)i * row_h, x = label_w;
		size_t total = r->count[1] + r->count[2] + r->count[3];

		zl_buf_adds(b, "<g class=\"bar\"><title>");
		esc(b, r->rule);
		zl_buf_addf(b, ": %zu error%s, %zu warning%s, %zu info%s</title>"
		    "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">",
		    r->count[3], r->count[3] == 1 ? "" : "s",
		    r->count[2], r->count[2] == 1 ? "" : "s",
		    r->count[1], r->count[1] == 1 ? "" : "s",
		    label_w - 8, y + 16);
		esc(b, r->rule);
		zl_buf_adds(b, "</text>");
		for (int s = ZL_SEV_ERROR; s >= ZL_SEV_INFO; s--) {
			unsigned w;

			if (r->count[s] == 0)
				continue;
			w = (unsigned)((double)r->count[s] * bar_w / (double)max + 0.5);
			if (w < 2)
				w = 2;
			zl_buf_addf(b, "<rect class=\"%s\" x=\"%u\" y=\"%u\" "
			    "width=\"%u\" height=\"%u\"/>", sev_class((enum zl_severity)s),
			    x, y + 3, w, row_h - 6);
			x += w;
		}
		zl_buf_addf(b, "<text x=\"%u\" y=\"%u\">%zu</text></g>\n", x + 6,
		    y + 16, total);
	}
	zl_buf_adds(b, "</svg>\n");
	free(rv);
}

/* The source line, the offending text in <mark>. */
static void
source_line(struct zl_buf *b, const struct zl_rep_diag *d)
{
	const char *s = d->source;
	size_t n = d->source_len, a, e;

	if (n == 0)
		return;
	zl_buf_addf(b, "<pre class=\"src\"><span class=\"ln\">%u</span>", d->line);
	if (d->region.line != d->line || d->region.col < 1) {
		esc_n(b, s, n, 0);
	} else {
		a = cp_offset(s, n, d->region.col - 1);
		e = d->region.end_line > d->region.line ? n :
		    cp_offset(s, n, d->region.end_col > d->region.col ?
		    d->region.end_col - 1 : d->region.col - 1);
		esc_n(b, s, a, 0);
		if (e > a) {
			zl_buf_adds(b, "<mark>");
			esc_n(b, s + a, e - a, 0);
			zl_buf_adds(b, "</mark>");
		} else {
			zl_buf_adds(b, "<mark class=\"point\"></mark>");
		}
		esc_n(b, s + e, n - e, 0);
	}
	zl_buf_adds(b, "</pre>\n");
}

static void
findings(struct zl_buf *b, const struct zl_rep_file *f, size_t idx)
{
	size_t c[4] = { 0 };

	for (size_t k = 0; k < f->ndiags; k++)
		c[f->diags[k].severity]++;
	zl_buf_addf(b, "<details class=\"zone\" id=\"z%zu\" open>\n<summary>", idx);
	esc(b, f->path);
	zl_buf_adds(b, "<span class=\"origin\">");
	esc(b, f->origin);
	zl_buf_addf(b, "</span><span class=\"counts\">%zu error%s, %zu warning%s, "
	    "%zu info%s</span></summary>\n<ol class=\"findings\">\n",
	    c[3], c[3] == 1 ? "" : "s", c[2], c[2] == 1 ? "" : "s",
	    c[1], c[1] == 1 ? "" : "s");
	for (size_t k = 0; k < f->ndiags; k++) {
		const struct zl_rep_diag *d = &f->diags[k];

		zl_buf_addf(b, "<li class=\"%s\"><span class=\"badge %s\">%s</span>"
		    "<span class=\"loc\">", sev_class(d->severity),
		    sev_class(d->severity), sev_class(d->severity));
		esc(b, d->file);
		zl_buf_addf(b, ":%u:%u</span>", d->line, d->column);
		esc(b, d->message);
		zl_buf_adds(b, " <span class=\"rule\">[");
		esc(b, d->rule);
		zl_buf_adds(b, "]</span>\n");
		source_line(b, d);
		if (d->fix_title != NULL) {
			zl_buf_adds(b, "<div class=\"help\">fix: ");
			esc(b, d->fix_title);
			zl_buf_adds(b, d->fix_app == ZL_FIX_SAFE ?
			    " (safe: <code>zonelint fix</code> applies it)" :
			    d->fix_app == ZL_FIX_UNSAFE ?
			    " (a suggestion: it changes what receivers accept, so it is not applied)" :
			    "");
			zl_buf_adds(b, "</div>\n");
		}
		zl_buf_adds(b, "</li>\n");
	}
	zl_buf_adds(b, "</ol>\n</details>\n");
}

/* JSON inside <script>: no '<', '>' or '&' raw, so nothing ends the block. */
static void
script_json(struct zl_buf *b, const struct zl_buf *j)
{
	for (size_t i = 0; i < j->len; i++) {
		char c = j->data[i];

		if (c == '<')
			zl_buf_adds(b, "\\u003c");
		else if (c == '>')
			zl_buf_adds(b, "\\u003e");
		else if (c == '&')
			zl_buf_adds(b, "\\u0026");
		else
			zl_buf_addc(b, c);
	}
}

void
zl_html_write(struct zl_buf *b, const struct zl_rep_file *files, size_t n,
    const struct zl_rep_stats *st)
{
	struct zl_buf j = ZL_BUF_INIT;
	size_t with = 0;

	zl_buf_adds(b, page_head);
	zl_buf_addf(b, "<meta name=\"generator\" content=\"zonelint %s\">\n"
	    "<title>zonelint report: %zu zone%s, %zu error%s, %zu warning%s, "
	    "%zu info%s</title>\n", ZL_VERSION, st->files,
	    st->files == 1 ? "" : "s", st->count[3], st->count[3] == 1 ? "" : "s",
	    st->count[2], st->count[2] == 1 ? "" : "s",
	    st->count[1], st->count[1] == 1 ? "" : "s");
	zl_buf_adds(b, page_style);
	zl_buf_adds(b, "</head>\n<body>\n<header>\n<h1>zonelint report</h1>\n");
	zl_buf_addf(b, "<p class=\"meta\">zonelint %s: e-mail authentication "
	    "records (SPF, DKIM, DMARC) in DNS zone files</p>\n"
	    "</header>\n<section id=\"summary\" class=\"cards\">\n", ZL_VERSION);
	card(b, "", st->files, "zone files");
	card(b, "", st->records, "records");
	card(b, "error", st->count[3], "errors");
	card(b, "warning", st->count[2], "warnings");
	card(b, "info", st->count[1], "infos");
	zl_buf_adds(b, "</section>\n<section id=\"chart\">\n");
	chart(b, st);
	zl_buf_adds(b, "</section>\n<section id=\"zones\">\n<h2>Zones</h2>\n"
	    "<div class=\"controls\"><input id=\"filter\" type=\"search\" "
	    "placeholder=\"filter: file, origin or rule id\" aria-label=\"filter "
	    "the zones\"><select id=\"which\" aria-label=\"which zones\">"
	    "<option value=\"\">all zones</option><option value=\"findings\">"
	    "with findings</option><option value=\"error\">with errors</option>"
	    "<option value=\"warning\">with errors or warnings</option>"
	    "<option value=\"clean\">without findings</option></select>"
	    "<span id=\"shown\"></span></div>\n"
	    "<table id=\"zone-table\">\n<thead><tr><th>File</th><th>Origin</th>"
	    "<th class=\"num\">Records</th><th class=\"num\">Errors</th>"
	    "<th class=\"num\">Warnings</th><th class=\"num\">Infos</th></tr>"
	    "</thead>\n<tbody></tbody>\n</table>\n<noscript><p>Sorting and "
	    "filtering the zones needs JavaScript; every finding is listed "
	    "below.</p></noscript>\n</section>\n<section id=\"findings\">\n"
	    "<h2>Findings</h2>\n");
	for (size_t i = 0; i < n; i++)
		if (files[i].ndiags > 0) {
			findings(b, &files[i], i);
			with++;
		}
	if (with == 0)
		zl_buf_adds(b, "<p>No findings.</p>\n");
	zl_buf_adds(b, "</section>\n<footer>Made by zonelint; everything on this "
	    "page is in this one file.</footer>\n");
	/* the table's data */
	zl_buf_adds(&j, "{\"zones\": [");
	for (size_t i = 0; i < n; i++) {
		const struct zl_rep_file *f = &files[i];
		size_t c[4] = { 0 };
		struct zl_buf rules = ZL_BUF_INIT;

		for (size_t k = 0; k < f->ndiags; k++) {
			c[f->diags[k].severity]++;
			char *tok = zl_xasprintf(" %s ", f->diags[k].rule);

			if (rules.len == 0)
				zl_buf_addc(&rules, ' ');
			if (strstr(rules.data, tok) == NULL) {
				zl_buf_adds(&rules, f->diags[k].rule);
				zl_buf_addc(&rules, ' ');
			}
			free(tok);
		}
		zl_buf_addf(&j, "%s\n{\"i\": %zu, \"path\": ", i ? "," : "", i);
		zl_json_str(&j, f->path, strlen(f->path));
		zl_buf_adds(&j, ", \"origin\": ");
		zl_json_str(&j, f->origin, strlen(f->origin));
		zl_buf_addf(&j, ", \"records\": %llu, \"error\": %zu, \"warning\": %zu, "
		    "\"info\": %zu, \"rules\": ", (unsigned long long)f->records,
		    c[3], c[2], c[1]);
		zl_json_str(&j, rules.data ? rules.data : "", rules.len);
		zl_buf_addc(&j, '}');
		zl_buf_release(&rules);
	}
	zl_buf_adds(&j, "]}");
	zl_buf_adds(b, "<script type=\"application/json\" id=\"zonelint-data\">\n");
	script_json(b, &j);
	zl_buf_adds(b, "\n</script>\n");
	zl_buf_adds(b, page_script);
	zl_buf_adds(b, "</body>\n</html>\n");
	zl_buf_release(&j);
}
