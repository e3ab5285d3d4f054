/* SPDX-License-Identifier: MIT */
/*
 * zl-dump: what zonelint's loader made of a zone, one line per record or
 * syntax error, for the differential test (tests/suites/differential.sh).
 * Not installed and not part of the command-line interface.
 *
 *   zl-dump [--origin NAME] [--ldns] FILE
 *
 * Each record goes back through ldns: its one-line text (zl_record_text())
 * is parsed with ldns_rr_new_frm_str() at the origin in effect there, put
 * in canonical form (ldns_rr2canonical(): lower-case owner and names in
 * RDATA) and printed with ldns_rr2str(), the way `ldns-read-zone -c`
 * prints a zone. Output lines, with the entry's first and last line:
 *
 *   R FIRST LAST FLAGS TEXT   a record; FLAGS is '-' or letters:
 *                             G from $GENERATE, L a character-string over
 *                             255 bytes, C class written before the TTL,
 *                             T entry text over 60,000 bytes,
 *                             A owner longer than '@' that starts with it,
 *                             U RDATA ldns 1.8.3 cannot read (a type it
 *                             does not know, A6, SINK, ATMA in E.164 form)
 *                             (TEXT is "!ldns: ..." when ldns rejects the
 *                             record's text although zonelint loaded it)
 *   E FIRST LAST MESSAGE      a syntax error (a zone-syntax finding)
 *   D FIRST LAST NAME ARG ORIGIN  a directive ($ORIGIN, $TTL, ...), its
 *                             first argument and the origin after it
 *
 * Only records of the zone file itself are printed (not of $INCLUDEd
 * files). --ldns validates every RDATA with ldns instead of the loader's
 * fast paths (zl_load_opts.validate_with_ldns), so that the two outputs
 * can be compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "buf.h"
#include "zone.h"

static int
is_class(const char *s, size_t n)
{
	static const char *const names[] = { "IN", "CH", "HS", "CS", "CHAOS",
	    "HESIOD" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && strncasecmp(s, names[i], n) == 0)
			return 1;
	return n > 5 && strncasecmp(s, "CLASS", 5) == 0;
}

/* Class token directly followed by a TTL among the fields before the type. */
static int
class_first(const char *d, const struct zl_entry *e, const struct zl_record *rec)
{
	size_t first = (rec->flags & ZL_REC_BLANK_OWNER) ? 0 : 1;

	for (size_t i = first; i + 2 < (size_t)rec->rdata_tok && i + 1 < e->ntoks; i++) {
		const struct zl_token *t = &e->toks[i];

		if (is_class(d + t->start, t->end - t->start) &&
		    d[e->toks[i + 1].start] >= '0' && d[e->toks[i + 1].start] <= '9')
			return 1;
	}
	return 0;
}

/* RDATA in a form ldns has no converter for; the loader checks it alone. */
static int
ldns_cannot_read(const char *d, const struct zl_entry *e,
    const struct zl_record *rec)
{
	const ldns_rr_descriptor *desc = ldns_rr_descript(rec->type);
	const struct zl_token *t = rec->rdata_tok < e->ntoks ?
	    &e->toks[rec->rdata_tok] : NULL;
	const struct zl_token *ty = rec->rdata_tok > 0 &&
	    rec->rdata_tok <= e->ntoks ? &e->toks[rec->rdata_tok - 1] : NULL;
	int lacks = desc == NULL || desc->_name == NULL ||
	    desc->_type != rec->type;

	/* a mnemonic ldns does not know: its reader makes TYPE0 of it */
	if (lacks && ty != NULL && !(ty->end - ty->start > 4 &&
	    strncasecmp(d + ty->start, "TYPE", 4) == 0))
		return 1;
	if (t != NULL && t->end - t->start == 2 && d[t->start] == '\\' &&
	    d[t->start + 1] == '#')
		return 0;
	if (lacks)
		return 1;
	if (rec->type == LDNS_RR_TYPE_SINK || rec->type == LDNS_RR_TYPE_A6)
		return 1;
	return rec->type == LDNS_RR_TYPE_ATMA && t != NULL && d[t->start] == '+';
}

/*
 * The loader reads an NSEC3 next hashed owner name without padding (RFC
 * 5155 §3.3) by giving ldns the padded form; do the same here.
 */
static ldns_status
nsec3_padded(ldns_rr **rr, const struct zl_buf *text, const ldns_rdf *org)
{
	struct zl_buf b = ZL_BUF_INIT;
	const char *p = text->data;
	ldns_status st;
	int field = 0;

	/* owner ttl class type alg flags iterations salt NEXT ... */
	while (*p != '\0') {
		const char *w = p;

		while (*p != '\0' && *p != ' ')
			p++;
		zl_buf_add(&b, w, (size_t)(p - w));
		if (field == 8)
			for (size_t n = (size_t)(p - w); n % 8 != 0; n++)
				zl_buf_addc(&b, '=');
		if (*p == ' ')
			zl_buf_addc(&b, *p++);
		field++;
	}
	st = ldns_rr_new_frm_str(rr, b.data, 0, org, NULL);
	zl_buf_release(&b);
	return st;
}

static ldns_rdf *
origin_rdf(const struct zl_zone *z, uint32_t id)
{
	char buf[1100];

	return ldns_dname_new_frm_str(zl_zone_name_text(z, id, buf));
}

int
main(int argc, char **argv)
{
	struct zl_load_opts lo;
	struct zl_zone *z = NULL;
	struct zl_entry e;
	struct zl_buf text = ZL_BUF_INIT;
	const char *path = NULL;
	char *why = NULL;
	uint32_t rdf_for = UINT32_MAX;
	ldns_rdf *org = NULL;

	memset(&lo, 0, sizeof(lo));
	memset(&e, 0, sizeof(e));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--origin") == 0 && i + 1 < argc)
			lo.origin = argv[++i];
		else if (strcmp(argv[i], "--ldns") == 0)
			lo.validate_with_ldns = 1;
		else
			path = argv[i];
	}
	if (path == NULL) {
		fprintf(stderr, "usage: zl-dump [--origin NAME] [--ldns] FILE\n");
		return 2;
	}
	if (zl_zone_load(&z, path, &lo, &why) != 0) {
		fprintf(stderr, "zl-dump: %s\n", why);
		free(why);
		return 2;
	}
	for (size_t i = 0; i < z->nrecs; i++) {
		const struct zl_record *rec = &z->recs[i];
		const struct zl_source *s = z->sources[rec->src];
		char flags[8];
		size_t nf = 0;
		ldns_rr *rr = NULL;
		ldns_status st;
		uint32_t oid;

		if (rec->src != 0)
			continue;
		zl_buf_reset(&text);
		zl_record_text(z, rec, &e, &text);
		if (rec->flags & ZL_REC_GENERATED)
			flags[nf++] = 'G';
		if (rec->flags & ZL_REC_TXT_LONG)
			flags[nf++] = 'L';
		if (rec->end - rec->start > 60000)
			flags[nf++] = 'T';
		if (ldns_cannot_read(s->data, &e, rec))
			flags[nf++] = 'U';
		if (!(rec->flags & (ZL_REC_BLANK_OWNER | ZL_REC_GENERATED)) &&
		    e.ntoks > 0 && s->data[e.toks[0].start] == '@' &&
		    e.toks[0].end - e.toks[0].start > 1)
			flags[nf++] = 'A';
		if (!(rec->flags & ZL_REC_GENERATED) && class_first(s->data, &e, rec))
			flags[nf++] = 'C';
		if (nf == 0)
			flags[nf++] = '-';
		flags[nf] = '\0';
		oid = zl_zone_origin_at(z, rec->src, rec->start);
		if (oid != rdf_for) {
			if (org != NULL)
				ldns_rdf_deep_free(org);
			org = origin_rdf(z, oid);
			rdf_for = oid;
		}
		printf("%c %u %u %s ", 'R', zl_source_line(s, rec->start),
		    zl_source_line(s, rec->end), flags);
		if (rec->flags & ZL_REC_GENERATED) {
			printf("%s\n", text.data);
			continue;
		}
		st = ldns_rr_new_frm_str(&rr, text.data, 0, org, NULL);
		if (st != LDNS_STATUS_OK && rec->type == LDNS_RR_TYPE_NSEC3)
			st = nsec3_padded(&rr, &text, org);
		if (st != LDNS_STATUS_OK) {
			printf("!ldns: %s: %s\n", ldns_get_errorstr_by_id(st),
			    text.data);
			continue;
		}
		ldns_rr2canonical(rr);
		{
			char *str = ldns_rr2str(rr);
			size_t n = str ? strlen(str) : 0;

			while (n > 0 && str[n - 1] == '\n')
				str[--n] = '\0';
			/* the words ldns-read-zone prints then */
			printf("%s\n", str ? str : ";Unable to convert rr to string");
			free(str);
		}
		ldns_rr_free(rr);
	}
	for (size_t i = 0; i < z->nerrs; i++) {
		const struct zl_syntax_err *er = &z->errs[i];
		const struct zl_source *s = z->sources[er->src];

		if (er->src != 0)
			continue;
		printf("E %u %u %s\n", zl_source_line(s, er->start),
		    zl_source_line(s, er->end > er->start ? er->end : er->start),
		    er->msg);
	}
	/* directives, from the lexer */
	{
		const struct zl_source *s = z->sources[0];
		struct zl_lexer lx;

		zl_lexer_init(&lx, s->data, s->len, 0);
		while (zl_lex_entry(&lx, &e)) {
			const struct zl_token *t = e.toks;

			if (e.ntoks == 0 || e.blank_owner ||
			    s->data[t[0].start] != '$')
				continue;
			char ob[1100];

			printf("D %u %u %.*s %.*s %s\n", zl_source_line(s, e.start),
			    zl_source_line(s, e.end > e.start ? e.end : e.start),
			    (int)(t[0].end - t[0].start), s->data + t[0].start,
			    e.ntoks > 1 ? (int)(t[1].end - t[1].start) : 1,
			    e.ntoks > 1 ? s->data + t[1].start : "-",
			    zl_zone_name_text(z, zl_zone_origin_at(z, 0, e.end), ob));
		}
	}
	if (org != NULL)
		ldns_rdf_deep_free(org);
	zl_buf_release(&text);
	zl_entry_release(&e);
	zl_zone_free(z);
	return 0;
}
