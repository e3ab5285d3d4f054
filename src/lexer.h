/* SPDX-License-Identifier: MIT */
/*
 * Zone-file tokenizer (RFC 1035 §5.1). It splits the bytes of a source into
 * entries: one record or directive, which runs to the end of the line, or
 * further while parentheses are open. Tokens are byte ranges into the source
 * and are never copied (SQLite's tokenizer, simdzone's token views); quoted
 * strings and escapes are decoded later, only where a check needs them.
 *
 * The lexer is a pure function of the bytes: re-lexing an entry from its
 * start offset gives the same tokens, which is how the loader avoids keeping
 * tokens for every record. Lexical errors (unbalanced parentheses or quotes)
 * are stored in the entry, not printed; lexing always goes on.
 */
#ifndef ZL_LEXER_H
#define ZL_LEXER_H

#include <stddef.h>
#include <stdint.h>

enum zl_tok_kind {
	ZL_TOK_WORD,    /* unquoted text; may hold \X and \DDD escapes */
	ZL_TOK_QUOTED,  /* "..." : start at the opening quote, end after the closing one */
	ZL_TOK_COMMENT, /* ';' up to the end of the line (line break excluded) */
};

enum zl_tok_flags {
	ZL_TOKF_ESCAPE = (1 << 0),       /* holds a backslash escape */
	ZL_TOKF_UNTERMINATED = (1 << 1), /* quoted string cut by the end of the line */
	ZL_TOKF_PAREN = (1 << 2),        /* comes after a line break inside ( ) */
};

struct zl_token {
	uint32_t start, end; /* half-open byte range in the source */
	uint8_t kind, flags;
};

struct zl_entry {
	uint32_t start;       /* first byte of the entry's first line */
	uint32_t end;         /* end of its last line, line break excluded */
	uint32_t next;        /* where the next entry starts */
	int blank_owner;      /* first line starts with a space or a TAB */
	int nlines;           /* lines the entry spans */
	struct zl_token *toks; /* words and quoted strings (not comments), in order */
	size_t ntoks, cap;
	uint32_t ncomments;   /* comments seen in the entry */
	/* first lexical error, if any */
	const char *err;      /* static message, NULL when none */
	uint32_t err_off;     /* where it is */
	uint32_t paren_off;   /* offset of the '(' of the entry, or UINT32_MAX */
};

struct zl_lexer {
	const char *data;
	size_t len;
	size_t pos;
};

void zl_lexer_init(struct zl_lexer *lx, const char *data, size_t len, size_t pos);
/*
 * Lex the next entry into e (whose token array is reused). Returns 1 when an
 * entry was read (it may hold no tokens: a blank or comment-only line), 0 at
 * the end of the input.
 */
int zl_lex_entry(struct zl_lexer *lx, struct zl_entry *e);
void zl_entry_release(struct zl_entry *e);

#endif
