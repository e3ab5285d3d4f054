/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: what `zonelint report` reads, JSON lines written by runs
 * made elsewhere (json.c, report.c), and the whole-run formats it writes
 * from them (sarif, html, the summary). The input is read as a stream of
 * JSON values; each that is a files[] element is turned into a report
 * file, written back as JSON, read again and written again: the two
 * writings must be the same bytes. A value the reader refuses must come
 * with a "line:col: ..." message.
 */
#include "fuzz.h"

#include "buf.h"
#include "json.h"
#include "out.h"
#include "report.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct zl_rep_file files[8];
	struct zl_rep_stats st;
	size_t pos = 0, nf = 0;

	zl_rep_stats_init(&st);
	for (int guard = 0; guard < 64 && nf < 8; guard++) {
		struct zl_json j;
		char *err = NULL;
		int rc = zl_json_parse(s, size, &pos, &j, &err);

		if (rc == 0)
			break;
		if (rc < 0) {
			FUZZ_ASSERT(err != NULL && err[0] != '\0',
			    "refused without a message");
			free(err);
			break;
		}
		FUZZ_ASSERT(pos <= size, "position %zu past %zu", pos, size);
		if (zl_rep_file_from_json(&files[nf], &j, &err) == 0) {
			struct zl_buf a = ZL_BUF_INIT, b = ZL_BUF_INIT;
			struct zl_json j2;
			struct zl_rep_file g;
			size_t p2 = 0;
			char *e2 = NULL;

			zl_rep_file_json(&a, &files[nf], 0);
			FUZZ_ASSERT(zl_json_parse(a.data, a.len, &p2, &j2, &e2) == 1,
			    "own JSON does not parse: %s", e2 ? e2 : "?");
			FUZZ_ASSERT(zl_rep_file_from_json(&g, &j2, &e2) == 0,
			    "own JSON is not a report: %s", e2 ? e2 : "?");
			zl_rep_file_json(&b, &g, 0);
			FUZZ_ASSERT(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
			    "written twice, the JSON differs:\n%.*s\n%.*s",
			    (int)a.len, a.data, (int)b.len, b.data);
			zl_rep_stats_add(&st, &files[nf]);
			zl_rep_file_release(&g);
			zl_json_release(&j2);
			zl_buf_release(&a);
			zl_buf_release(&b);
			nf++;
		} else {
			FUZZ_ASSERT(err != NULL && err[0] != '\0',
			    "not a report, without a message");
			free(err);
		}
		zl_json_release(&j);
	}
	{
		struct zl_buf b = ZL_BUF_INIT;

		zl_sarif_write(&b, files, nf);
		zl_buf_reset(&b);
		zl_html_write(&b, files, nf, &st);
		zl_buf_reset(&b);
		zl_rep_summary(&b, &st, 5);
		zl_buf_release(&b);
	}
	for (size_t i = 0; i < nf; i++)
		zl_rep_file_release(&files[i]);
	zl_rep_stats_release(&st);
	return 0;
}
