/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the unified diff writer (diff.h) on its own. The input is
 * cut in two at its first NUL byte (no NUL: at the middle); the halves are
 * the old and the new text. The diff is empty exactly when they are equal,
 * and applying it with the independent patcher of patch.h gives the new
 * text. A third text, the old one with every 7th line changed, checks the
 * common case of scattered one-line fixes.
 */
#include "fuzz.h"

#include "buf.h"
#include "diff.h"
#include "patch.h"

static void
check_pair(const char *a, size_t an, const char *b, size_t bn)
{
	struct zl_buf d = ZL_BUF_INIT, out = ZL_BUF_INIT;
	const char *why;

	zl_diff_write(&d, "z", a, an, b, bn);
	if (an == bn && (an == 0 || memcmp(a, b, an) == 0)) {
		FUZZ_ASSERT(d.len == 0, "equal texts, a diff of %zu bytes", d.len);
	} else {
		FUZZ_ASSERT(d.len > 0, "texts differ, the diff is empty");
		FUZZ_ASSERT(apply_diff(a, an, d.data, d.len, &out, &why) == 0,
		    "diff does not apply: %s:\n%.*s", why,
		    (int)(d.len < 2000 ? d.len : 2000), d.data);
		FUZZ_ASSERT(out.len == bn && (bn == 0 || memcmp(out.data, b, bn) == 0),
		    "patched text differs from the new text");
	}
	zl_buf_release(&d);
	zl_buf_release(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nul = memchr(s, '\0', size);
	size_t cut = nul ? (size_t)(nul - s) : size / 2;
	const char *b = nul ? nul + 1 : s + cut;
	size_t bn = size - cut - (nul ? 1 : 0);
	struct zl_buf c = ZL_BUF_INIT;
	size_t line = 0;

	check_pair(s, cut, b, bn);
	check_pair(b, bn, s, cut);
	for (size_t i = 0; i < cut; i++) {
		zl_buf_addc(&c, s[i]);
		if (s[i] == '\n' && ++line % 7 == 3)
			zl_buf_adds(&c, "changed\n");
	}
	check_pair(s, cut, c.data ? c.data : "", c.len);
	zl_buf_release(&c);
	return 0;
}
