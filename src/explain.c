/* SPDX-License-Identifier: MIT */
/*
 * Rule pages for `zonelint explain`, compiled in from doc/rules/<id>.txt
 * (see tools/mkexplain.sh). The first line of a page is the rule's summary.
 */
#include "rule.h"

#include <string.h>

static const struct {
	const char *id;
	const char *text;
} pages[] = {
#include "explain.inc"
	{ NULL, NULL }
};

const char *
zl_rule_explain(const char *id)
{
	for (size_t i = 0; pages[i].id != NULL; i++)
		if (strcmp(pages[i].id, id) == 0)
			return pages[i].text;
	return NULL;
}
