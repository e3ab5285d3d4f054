/* SPDX-License-Identifier: MIT */
/*
 * Zone-file tokenizer; see lexer.h. Bytes are classified with a 256-entry
 * table (SQLite's aiClass) so the hot loop is one load and one branch.
 * Quoted strings, which hold most of the bytes of a zone with DKIM keys,
 * are scanned sixteen bytes at a time with SSE2 where the target has it.
 */
#include "lexer.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "xalloc.h"

enum {
	C_OTHER = 0,
	C_SPACE,   /* ' ' '\t' '\r' (a CR is white space; CRLF is kept in spans) */
	C_NL,
	C_QUOTE,
	C_LPAREN,
	C_RPAREN,
	C_SEMI,
	C_BSLASH,
};

static unsigned char cls[256];

static void
init_classes(void)
{
	cls[' '] = cls['\t'] = cls['\r'] = C_SPACE;
	cls['\n'] = C_NL;
	cls['"'] = C_QUOTE;
	cls['('] = C_LPAREN;
	cls[')'] = C_RPAREN;
	cls[';'] = C_SEMI;
	cls['\\'] = C_BSLASH;
}

void
zl_lexer_init(struct zl_lexer *lx, const char *data, size_t len, size_t pos)
{
	if (cls['\n'] != C_NL)
		init_classes();
	lx->data = data;
	lx->len = len;
	lx->pos = pos;
}

void
zl_entry_release(struct zl_entry *e)
{
	free(e->toks);
	memset(e, 0, sizeof(*e));
}

static inline void
push(struct zl_entry *e, uint32_t s, uint32_t end, int kind, int flags)
{
	struct zl_token *t;

	if (e->ntoks == e->cap)
		e->toks = zl_xgrow(e->toks, sizeof(*e->toks), e->ntoks + 1, &e->cap);
	t = &e->toks[e->ntoks++];
	t->start = s;
	t->end = end;
	t->kind = (uint8_t)kind;
	t->flags = (uint8_t)flags;
}

/* First byte at or after p that ends a word: white space or a special. */
static inline size_t
word_end(const char *d, size_t p, size_t limit)
{
	while (p + 4 <= limit) {
		if (cls[(unsigned char)d[p]] != C_OTHER)
			return p;
		if (cls[(unsigned char)d[p + 1]] != C_OTHER)
			return p + 1;
		if (cls[(unsigned char)d[p + 2]] != C_OTHER)
			return p + 2;
		if (cls[(unsigned char)d[p + 3]] != C_OTHER)
			return p + 3;
		p += 4;
	}
	while (p < limit && cls[(unsigned char)d[p]] == C_OTHER)
		p++;
	return p;
}

/* First '"', '\\' or line feed at or after p, or limit. */
static inline size_t
quoted_end(const char *d, size_t p, size_t limit)
{
#if defined(__SSE2__)
	const __m128i q = _mm_set1_epi8('"');
	const __m128i b = _mm_set1_epi8('\\');
	const __m128i n = _mm_set1_epi8('\n');

	while (p + 16 <= limit) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(d + p));
		int m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, b)),
		    _mm_cmpeq_epi8(v, n)));

		if (m != 0)
			return p + (size_t)__builtin_ctz((unsigned)m);
		p += 16;
	}
#endif
	while (p < limit && d[p] != '"' && d[p] != '\\' && d[p] != '\n')
		p++;
	return p;
}

static void
set_err(struct zl_entry *e, const char *msg, size_t off)
{
	if (e->err == NULL) {
		e->err = msg;
		e->err_off = (uint32_t)off;
	}
}

/* Offset of the end of the line holding pos, line break excluded. */
static size_t
line_end(const char *d, size_t len, size_t pos)
{
	const char *nl = memchr(d + pos, '\n', len - pos);
	size_t e = nl ? (size_t)(nl - d) : len;

	if (e > pos && d[e - 1] == '\r')
		e--;
	return e;
}

/*
 * An unclosed '(' would otherwise swallow the rest of the file, as it does
 * in ldns's reader. Cut the entry at the first later line that begins in
 * column 0 with something that can only start a new entry.
 */
static size_t
paren_recovery_point(const char *d, size_t len, size_t from)
{
	size_t p = from;

	while (p < len) {
		const char *nl = memchr(d + p, '\n', len - p);

		if (nl == NULL)
			return len;
		p = (size_t)(nl - d) + 1;
		if (p < len) {
			unsigned char c = (unsigned char)d[p];

			if (c != ' ' && c != '\t' && c != '"' && c != ';' &&
			    c != ')' && c != '\r' && c != '\n')
				return p;
		}
	}
	return len;
}

int
zl_lex_entry(struct zl_lexer *lx, struct zl_entry *e)
{
	const char *d = lx->data;
	size_t len = lx->len, p = lx->pos;
	int depth = 0, after_nl = 0;
	size_t limit = len;

	e->ntoks = 0;
	e->ncomments = 0;
	e->err = NULL;
	e->err_off = 0;
	e->paren_off = UINT32_MAX;
	e->nlines = 1;
	if (p >= len)
		return 0;
	e->start = (uint32_t)p;
	e->blank_owner = d[p] == ' ' || d[p] == '\t';
	for (;;) {
		unsigned char c;

		if (p >= limit) {
			if (depth > 0 && limit == len) {
				/* EOF inside ( ): cut and re-lex up to a sane point */
				size_t cut = paren_recovery_point(d, len,
				    e->paren_off);

				if (cut < len) {
					/*
					 * Restart with a limit. Errors seen past
					 * the cut belong to later entries: forget
					 * them (the re-lex finds the entry's own).
					 */
					p = e->start;
					limit = cut;
					depth = 0;
					after_nl = 0;
					e->ntoks = 0;
					e->ncomments = 0;
					e->nlines = 1;
					e->err = NULL;
					e->err_off = 0;
					continue;
				}
			}
			if (depth > 0)
				set_err(e, "unclosed '(': no matching ')' before the next entry",
				    e->paren_off);
			break;
		}
		c = (unsigned char)d[p];
		switch (cls[c]) {
		case C_SPACE:
			p++;
			continue;
		case C_NL:
			if (depth == 0) {
				size_t end = p;

				if (end > e->start && d[end - 1] == '\r')
					end--;
				e->end = (uint32_t)end;
				lx->pos = p + 1;
				e->next = (uint32_t)lx->pos;
				return 1;
			}
			e->nlines++;
			after_nl = 1;
			p++;
			continue;
		case C_SEMI: {
			size_t end = line_end(d, limit, p);

			e->ncomments++;
			p = end;
			continue;
		}
		case C_LPAREN:
			if (depth == 0)
				e->paren_off = (uint32_t)p;
			else
				set_err(e, "nested '(' is not allowed", p);
			depth++;
			p++;
			continue;
		case C_RPAREN:
			if (depth == 0)
				set_err(e, "')' without a matching '('", p);
			else
				depth--;
			p++;
			continue;
		case C_QUOTE: {
			size_t s = p++;
			int flags = after_nl && depth ? ZL_TOKF_PAREN : 0;

			for (;;) {
				p = quoted_end(d, p, limit);
				if (p >= limit || d[p] == '\n') {
					size_t end = p;

					if (end > s && d[end - 1] == '\r')
						end--;
					flags |= ZL_TOKF_UNTERMINATED;
					set_err(e, "quoted string not closed before the end of the line", s);
					push(e, (uint32_t)s, (uint32_t)end, ZL_TOK_QUOTED, flags);
					break;
				}
				if (d[p] == '\\') {
					flags |= ZL_TOKF_ESCAPE;
					p += (p + 1 < limit && d[p + 1] != '\n') ? 2 : 1;
					continue;
				}
				/* at the closing quote */
				p++;
				push(e, (uint32_t)s, (uint32_t)p, ZL_TOK_QUOTED, flags);
				break;
			}
			after_nl = 0;
			continue;
		}
		default: {
			size_t s = p;
			int flags = after_nl && depth ? ZL_TOKF_PAREN : 0;

			for (;;) {
				p = word_end(d, p, limit);
				if (p >= limit)
					break;
				if (cls[(unsigned char)d[p]] == C_BSLASH) {
					flags |= ZL_TOKF_ESCAPE;
					if (p + 1 < limit && d[p + 1] != '\n')
						p += 2;
					else
						p++;
					continue;
				}
				break;
			}
			push(e, (uint32_t)s, (uint32_t)p, ZL_TOK_WORD, flags);
			after_nl = 0;
			continue;
		}
		}
	}
	/* end of input (or of the recovery limit) */
	{
		size_t end = p;

		if (limit < len) {
			/* we stopped at the start of a line: drop its line break */
			end = limit;
			if (end > e->start && d[end - 1] == '\n')
				end--;
			if (end > e->start && d[end - 1] == '\r')
				end--;
			/* the line break just before the cut was counted */
			if (e->nlines > 1)
				e->nlines--;
		} else if (end > e->start && d[end - 1] == '\r') {
			end--;
		}
		e->end = (uint32_t)end;
		lx->pos = limit;
		e->next = (uint32_t)limit;
	}
	return 1;
}
