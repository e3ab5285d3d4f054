/* SPDX-License-Identifier: MIT */
/*
 * DMARC rules (RFC 7489, and RFC 9989 which obsoletes it): where DMARC
 * records are and may be, whether each one is valid, how receivers of
 * both RFCs read it, and whether its policy is safe given the SPF and
 * DKIM records of the same zone.
 *
 * The whole family runs once per zone, on the first DMARC rule the engine
 * calls (ctx->family[ZL_FAM_DMARC] then says it is done, and the other
 * rules return at once). It makes the findings of every DMARC rule that
 * is switched on, each filed under its own rule by zl_report():
 *
 *  1. one walk over the names and their records finds the TXT records at
 *     `_dmarc` names and the `v=DMARC1` records at report authorization
 *     names (`<domain>._report._dmarc.<dest>`), kept as record numbers in
 *     owner order; the `v=DMARC1` records anywhere else (misplaced); and
 *     the mail domains (a name with MX or SPF). Any other TXT record is
 *     judged by its first bytes (zl_txt_peek()), so a DKIM key or a
 *     verification token is never decoded;
 *  2. dmarc-missing and dmarc-wrong-name report from what the walk found;
 *  3. each record kept is decoded and parsed once, and every rule about
 *     single records (syntax, compat, the policy rules) looks at it then.
 *
 * Making them all at once changes no output: findings are sorted by
 * place, severity and rule (the order they were made in only breaks ties
 * within one rule), and each rule still reports in the order it did when
 * it walked the records itself (by owner, then file order; misplaced
 * records by the domain they are meant for; mail domains in file order).
 * It saves decoding and parsing each record once per rule. What is kept
 * meanwhile is small: 4 bytes per DMARC record, 12 per mail domain, a
 * little per misplaced record, all freed before the first rule returns.
 * Nothing here prints.
 *
 * The record parser is dmarc.c; this file only knows the zone. The
 * organizational domain (RFC 7489 §3.2) needs the Public Suffix List,
 * which an offline linter does not have: names of one zone are taken as
 * one organization, unless the zone's own DMARC record says psd=y.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "buf.h"
#include "dmarc.h"
#include "engine.h"
#include "fixutil.h"
#include "mailauth.h"
#include "name.h"
#include "txt.h"
#include "xalloc.h"

void check_dmarc_missing(struct zl_ctx *ctx);
void check_dmarc_wrong_name(struct zl_ctx *ctx);
void check_dmarc_multiple(struct zl_ctx *ctx);
void check_dmarc_syntax(struct zl_ctx *ctx);
void check_dmarc_compat(struct zl_ctx *ctx);
void check_dmarc_policy_unauthenticated(struct zl_ctx *ctx);
void check_dmarc_policy_none(struct zl_ctx *ctx);
void check_dmarc_pct_partial(struct zl_ctx *ctx);
void check_dmarc_subdomain_weaker(struct zl_ctx *ctx);
void check_dmarc_no_reports(struct zl_ctx *ctx);
void check_dmarc_external_reports(struct zl_ctx *ctx);

#define NAMEBUF 1100

/*
 * Bytes of a TXT value read with zl_txt_peek() to tell whether a record
 * outside `_dmarc` can be SPF or DMARC: "v=spf1 " and the first byte of
 * its first term, or "v=DMARC" (5 do away from mail names, where only
 * DMARC counts). A longer lead-in is decoded in full.
 */
#define PEEK 8

enum dkind {
	DK_POLICY,     /* a TXT record at _dmarc.<domain> */
	DK_AUTH,       /* <domain>._report._dmarc.<dest> (RFC 7489 §7.1) */
	DK_MISPLACED,  /* a v=DMARC1 record anywhere else */
};

/* The record being looked at: what its owner says, decoded and parsed. */
struct drec {
	uint32_t rec;            /* index into zone->recs */
	enum dkind kind;
	const uint8_t *dom;      /* policy domain (wire; in the owner's oinfo) */
	size_t dom_len;
	uint32_t dom_id;         /* its name id or ZL_NONE; looked up only
	                            by dmarc-policy-unauthenticated */
	int valid;               /* the parser found nothing wrong */
	int single;              /* the only v=DMARC1 record at its name */
	const char *val;         /* the value, strings joined, NUL-terminated */
	size_t len;
	const struct zl_entry *entry; /* the record's entry, re-lexed */
	struct zl_dmarc d;
	/*
	 * Where val is: in buf, joined from the tokens of e (plain: no token
	 * holds an escape, as for nearly every record), else in txt from
	 * zl_txt_decode(), whose map of every byte costs more than the
	 * parse. A plain value maps to its source through the tokens.
	 */
	int plain;
	size_t rdata_tok;
	uint32_t rec_end;
	struct zl_entry e;
	struct zl_buf buf;
	struct zl_txt txt;
};

/* A mail domain: a name with MX or SPF (12 bytes; ~60,000 in a 1M zone). */
struct mdom {
	uint32_t name;
	uint32_t why;            /* the first MX or SPF record */
	uint8_t has_spf;         /* a "v=spf1" TXT record */
	uint8_t spf_only_fail;   /* the last one is "v=spf1 -all": parked */
	uint8_t spf_later;       /* those two wait for mail_spf() */
};

/* A v=DMARC1 record where no receiver looks (rare). */
struct dmis {
	uint32_t rec;
	uint8_t *dom;            /* the domain it is meant for (wire; owned) */
	uint8_t dom_len;
	uint8_t fixable;         /* the move may be offered */
	uint8_t target_taken;    /* _dmarc.<domain> has DMARC already */
};

struct dstate {
	uint32_t *cand;          /* DK_POLICY and DK_AUTH records, by (owner, record) */
	size_t ncand, ccap;
	struct dmis *mis;        /* by (domain, record) once sorted */
	size_t nmis, miscap;
	struct mdom *mail;       /* by name id */
	size_t nmail, mcap;
	int origin_mail;         /* dmarc-missing added the origin (profile) */
	int psd_zone;            /* the origin is a public suffix domain */
	int spf_any, dkim_any;   /* -1 unknown yet, else 0 or 1 */
	struct drec cur;         /* the record being looked at */
	struct zl_txt tmp;       /* for looking at other records meanwhile */
};

/*
 * ---- names (wire form as in name.h: lower case, length-prefixed labels,
 * no root byte; the root is the empty name). A name is (w, len).
 */

/* The first label of (w, len) is s. */
static int
label_is(const uint8_t *w, size_t len, const char *s)
{
	size_t n = strlen(s);

	return len > n && w[0] == n && memcmp(w + 1, s, n) == 0;
}

static const uint8_t *
next_label(const uint8_t *w)
{
	return w + 1 + w[0];
}

/* Bytes of the name once its first label is gone. */
static size_t
rest_len(const uint8_t *w, size_t len)
{
	return len > (size_t)w[0] + 1 ? len - 1 - w[0] : 0;
}

/* Damerau-Levenshtein distance of a and b, capped at 3. */
static int
distance(const char *a, size_t na, const char *b, size_t nb)
{
	int d[12][12];

	if (na > 10 || nb > 10)
		return 3;
	for (size_t i = 0; i <= na; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= na; i++)
		for (size_t j = 1; j <= nb; j++) {
			int c = a[i - 1] != b[j - 1];
			int m = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < m)
				m = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + c < m)
				m = d[i - 1][j - 1] + c;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < m)
				m = d[i - 2][j - 2] + 1;
			d[i][j] = m;
		}
	return d[na][nb] > 3 ? 3 : d[na][nb];
}

/*
 * A label meant as "_dmarc": "_dmarc" itself, "dmarc", "_dmark",
 * "-dmarc", "_dmarc1", "_damrc" ... With a leading '_' or '-' one edit
 * away from "dmarc" is enough; without one, the label must start with
 * 'd' too, so that a host such as "marc" is not taken for it.
 */
static int
dmarcish(const uint8_t *w, size_t len)
{
	const char *s = (const char *)w + 1;
	size_t n = w[0], k = 0;

	if (len == 0)
		return 0;
	while (k < n && (s[k] == '_' || s[k] == '-'))
		k++;
	if (n - k < 4)
		return 0;
	if (distance(s + k, n - k, "dmarc", 5) > 1)
		return 0;
	return k > 0 || s[0] == 'd';
}

/* Strip leading labels meant as "_dmarc". */
static void
strip_dmarcish(const uint8_t **w, size_t *len)
{
	while (*len > 0 && dmarcish(*w, *len)) {
		*len = rest_len(*w, *len);
		*w = next_label(*w);
	}
}

/* "<x>._report._dmarc.<dest>": the labels "_report" then "_dmarc". */
static int
is_report_name(const uint8_t *w, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t pl = rest_len(w, len); pl > 0;
	    pl = rest_len(w, pl)) {
		w = next_label(w);
		if (label_is(w, pl, "_report") &&
		    label_is(next_label(w), rest_len(w, pl), "_dmarc"))
			return 1;
	}
	return 0;
}

static int
any_underscore_label(const uint8_t *w, size_t len)
{
	for (; len > 0; len = rest_len(w, len), w = next_label(w))
		if (w[0] > 0 && w[1] == '_')
			return 1;
	return 0;
}

static void
wire_text(const uint8_t *w, size_t len, char *out)
{
	zl_name_to_text(w, len, out);
}

/* "_dmarc." + dom; 0 when too long. */
static size_t
dmarc_name(const uint8_t *dom, size_t dlen, uint8_t out[ZL_NAME_MAX])
{
	if (dlen + 7 > ZL_NAME_MAX - 1)
		return 0;
	out[0] = 6;
	memcpy(out + 1, "_dmarc", 6);
	memcpy(out + 7, dom, dlen);
	return dlen + 7;
}

/* ---- the analysis */

/* w (lower case) in s[0..n), each byte of s taken with 0x20 set. */
static int
span_has_ci(const char *s, size_t n, const char *w)
{
	size_t m = strlen(w);

	if (n < m)
		return 0;
	for (size_t i = 0, last = n - m; i <= last; i++) {
		size_t k = 1;

		if ((s[i] | 0x20) != w[0])
			continue;
		while (k < m && (s[i + k] | 0x20) == w[k])
			k++;
		if (k == m)
			return 1;
	}
	return 0;
}

/* "spf1" at s, as span_has_ci() compares */
static int
is_spf1(const char *s)
{
	return (s[0] | 0x20) == 's' && (s[1] | 0x20) == 'p' &&
	    (s[2] | 0x20) == 'f' && (s[3] | 0x20) == '1';
}

/* "v=spf1" followed by a space or the end (RFC 7208 §4.5); 2: only -all. */
static int
spf_kind(const char *v, size_t n)
{
	size_t i = 6;

	if (n < 6 || (v[0] | 0x20) != 'v' || v[1] != '=' ||
	    !is_spf1(v + 2) || (n > 6 && v[6] != ' '))
		return 0;
	while (i < n && v[i] == ' ')
		i++;
	if (n - i >= 4 && memcmp(v + i, "-all", 4) == 0) {
		size_t j = i + 4;

		while (j < n && v[j] == ' ')
			j++;
		if (j == n)
			return 2;
	}
	return 1;
}

/*
 * spf_kind() of a value of which only the first n bytes are known (all of
 * it when complete), or -1 when they cannot tell: "v=spf1" and spaces, or
 * the start of a lone "-all".
 */
static int
spf_kind_prefix(const char *v, size_t n, int complete)
{
	size_t i = 6;

	if (complete)
		return spf_kind(v, n);
	if (n < 7)
		return -1;
	if ((v[0] | 0x20) != 'v' || v[1] != '=' || !is_spf1(v + 2) ||
	    v[6] != ' ')
		return 0;
	while (i < n && v[i] == ' ')
		i++;
	/* "-all" then spaces, as far as the bytes go */
	for (size_t k = 0; i < n; i++, k++)
		if (v[i] != (k < 4 ? "-all"[k] : ' '))
			return 1;
	return -1;
}

static int
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/*
 * Whether a value starts like DMARC, "v=dmarc" in any case with white
 * space around '=' (zl_dmarc_start() >= ZL_DMARC_START_ATTEMPT), from its
 * first n bytes (all of it when complete): 1 yes, 0 no, -1 when those
 * bytes end before they tell.
 */
static int
attempt_prefix(const char *s, size_t n, int complete)
{
	size_t i = 0;

	while (i < n && is_wsp(s[i]))
		i++;
	if (i < n && lower(s[i]) != 'v')
		return 0;
	if (i++ < n) {
		while (i < n && is_wsp(s[i]))
			i++;
		if (i < n && s[i] != '=')
			return 0;
		if (i++ < n) {
			while (i < n && is_wsp(s[i]))
				i++;
			for (size_t k = 0; k < 5 && i + k < n; k++)
				if (lower(s[i + k]) != "dmarc"[k])
					return 0;
			if (i + 5 <= n)
				return 1;
		}
	}
	return complete ? 0 : -1;
}

/*
 * 1 when a TXT record starts like DMARC, from its first bytes when they
 * tell; tmp decodes it otherwise.
 */
static int
txt_tries_dmarc(struct zl_txt *tmp, const struct zl_zone *z,
    const struct zl_record *rec)
{
	char pk[PEEK];
	int got = zl_txt_peek(z, rec, pk, PEEK), a;

	if (got == -1)
		return 0;
	if (got >= 0 &&
	    (a = attempt_prefix(pk, (size_t)got, (size_t)got < PEEK)) >= 0)
		return a;
	if (zl_txt_decode(tmp, z, rec) != 0)
		return 0;
	return attempt_prefix(tmp->val, tmp->len, 1);
}

/*
 * A name that can send or receive mail: no wildcard, and no label that
 * starts with '_' anywhere in it (an SPF-looking TXT at
 * "sel._domainkey.<d>" or "_spf.<d>" does not make a mail domain).
 */
static int
mail_name_ok(const uint8_t *w, size_t len)
{
	if (len > 0 && w[0] == 1 && w[1] == '*')
		return 0;
	for (size_t i = 0; i < len && w[i] > 0; i += (size_t)w[i] + 1)
		if (i + 1 < len && w[i + 1] == '_')
			return 0;
	return 1;
}

/* What an owner name says about its records, worked out once per name. */
struct oinfo {
	const uint8_t *w;        /* the name: in the zone, or in buf */
	size_t wl;
	uint8_t buf[ZL_NAME_MAX];
	int at_dmarc;            /* _dmarc.<domain>: where a policy goes */
	int mail_ok;             /* mail_name_ok() */
};

static void
owner_info(const struct zl_zone *z, uint32_t id, struct oinfo *o)
{
	o->w = zl_zone_name_wire(z, id, o->buf, &o->wl);
	o->at_dmarc = label_is(o->w, o->wl, "_dmarc");
	/* "_dmarc._dmarc.<d>" is a doubled name, not the policy of "_dmarc.<d>" */
	if (o->at_dmarc && rest_len(o->w, o->wl) > 0 &&
	    next_label(o->w)[1] == '_' &&
	    dmarcish(next_label(o->w), rest_len(o->w, o->wl)))
		o->at_dmarc = 0;
	o->mail_ok = mail_name_ok(o->w, o->wl);
}

/* Kind and domain of the DMARC records at an owner. */
static enum dkind
owner_dom(const struct oinfo *o, const uint8_t **dom, size_t *dl)
{
	if (o->at_dmarc) {
		*dom = next_label(o->w);
		*dl = rest_len(o->w, o->wl);
		return DK_POLICY;
	}
	*dom = o->w;
	*dl = o->wl;
	if (is_report_name(o->w, o->wl))
		return DK_AUTH;
	strip_dmarcish(dom, dl);
	return DK_MISPLACED;
}

/* The mail domain entry of name id, made on its first MX or SPF record. */
static struct mdom *
mail_note(struct dstate *st, uint32_t id, uint32_t ri)
{
	struct mdom *m;

	/* names are walked in order, so id's entry can only be the last */
	if (st->nmail > 0 && st->mail[st->nmail - 1].name == id)
		return &st->mail[st->nmail - 1];
	st->mail = zl_xgrow(st->mail, sizeof(*st->mail), st->nmail + 1,
	    &st->mcap);
	m = &st->mail[st->nmail++];
	memset(m, 0, sizeof(*m));
	m->name = id;
	m->why = ri;
	return m;
}

/* The mail domain entry of a name, or NULL. */
static struct mdom *
mail_find(const struct dstate *st, uint32_t id)
{
	size_t lo = 0, hi = st->nmail;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (st->mail[mid].name < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < st->nmail && st->mail[lo].name == id ? &st->mail[lo] :
	    NULL;
}

/* A record of interest found by the walk. */
static void
note_dmarc(struct dstate *st, uint32_t ri, const struct oinfo *o)
{
	const uint8_t *dom;
	size_t dl;
	struct dmis *m;

	if (owner_dom(o, &dom, &dl) != DK_MISPLACED) {
		st->cand = zl_xgrow(st->cand, sizeof(*st->cand),
		    st->ncand + 1, &st->ccap);
		st->cand[st->ncand++] = ri;
		return;
	}
	st->mis = zl_xgrow(st->mis, sizeof(*st->mis), st->nmis + 1,
	    &st->miscap);
	m = &st->mis[st->nmis++];
	memset(m, 0, sizeof(*m));
	m->rec = ri;
	/* names below the origin are put together in o's buffer: copy */
	m->dom = zl_xmalloc(dl ? dl : 1);
	memcpy(m->dom, dom, dl);
	m->dom_len = (uint8_t)dl;
}

/*
 * What a TXT record at a mail name is to the family as SPF: spf_kind() of
 * its value, but 0 when its source text lacks "spf1" (any case). The
 * family has always looked only at records whose source text holds
 * "spf1" or "dmarc": a value split between two strings there ("v=sp"
 * "f1 ...") or spelled with an escape is not SPF to it. Kept so.
 * pk holds the first got bytes of the value (zl_txt_peek()), or got < 0.
 */
static int
txt_spf(struct zl_txt *tmp, const struct zl_zone *z,
    const struct zl_record *rec, const char *pk, int got, size_t want)
{
	int k = got >= 0 ? spf_kind_prefix(pk, (size_t)got,
	    (size_t)got < want) : -1;

	if (k < 0) {
		if (zl_txt_decode(tmp, z, rec) != 0)
			return 0;
		k = spf_kind(tmp->val, tmp->len);
	}
	if (k > 0 && !span_has_ci(z->sources[rec->src]->data + rec->start,
	    rec->end - rec->start, "spf1"))
		k = 0;
	return k;
}

/*
 * has_spf and spf_only_fail of a mail domain, from its TXT records: the
 * walk puts them off once the name is a mail domain (an MX came first),
 * and only dmarc-policy-unauthenticated asks, for a few names.
 */
static const struct mdom *
mail_spf(struct dstate *st, const struct zl_zone *z, struct mdom *m)
{
	if (!m->spf_later)
		return m;
	m->spf_later = 0;
	m->has_spf = 0;
	m->spf_only_fail = 0;
	for (uint32_t r = z->names[m->name].first; r != ZL_NONE;
	    r = z->recs[r].next) {
		const struct zl_record *rec = &z->recs[r];
		char pk[PEEK];
		int got, k;

		if (rec->type != LDNS_RR_TYPE_TXT ||
		    (rec->flags & (ZL_REC_GENERATED | ZL_REC_UNKNOWN_FORMAT)))
			continue;
		got = zl_txt_peek(z, rec, pk, PEEK);
		if (got == -1 || (k = txt_spf(&st->tmp, z, rec, pk, got,
		    PEEK)) == 0)
			continue;
		m->has_spf = 1;
		m->spf_only_fail = k == 2;
	}
	return m;
}

/*
 * A TXT record outside `_dmarc`: SPF (at a mail name) or a try at DMARC,
 * or neither. Its first bytes settle that for nearly every record; a
 * record whose lead-in they do not cover is decoded.
 */
static void
scan_txt(struct dstate *st, const struct zl_zone *z, uint32_t id,
    uint32_t ri, const struct oinfo *o)
{
	const struct zl_record *rec = &z->recs[ri];
	const char *raw = z->sources[rec->src]->data + rec->start;
	size_t rawn = rec->end - rec->start;
	char pk[PEEK];
	/* "v=DK" already tells a DKIM key (at no mail name) from "v=DMARC" */
	size_t want = o->mail_ok ? PEEK : 5;
	int got = zl_txt_peek(z, rec, pk, want);
	int spf = 0, att = 0;

	if (got == -1)
		return;
	if (got >= 0) {
		int complete = (size_t)got < want;

		if (o->mail_ok)
			spf = spf_kind_prefix(pk, (size_t)got, complete);
		att = attempt_prefix(pk, (size_t)got, complete);
		if (spf == 0 && att == 0)
			return;
		/* SPF at a mail domain already: see mail_spf() */
		if (spf != 0 && st->nmail > 0 &&
		    st->mail[st->nmail - 1].name == id) {
			st->mail[st->nmail - 1].spf_later = 1;
			return;
		}
	}
	if (got < 0 || att < 0) {
		if (zl_txt_decode(&st->tmp, z, rec) != 0)
			return;
		att = attempt_prefix(st->tmp.val, st->tmp.len, 1);
	}
	spf = o->mail_ok ? txt_spf(&st->tmp, z, rec, pk, got, want) : 0;
	if (spf > 0) {
		struct mdom *m = mail_note(st, id, ri);

		m->has_spf = 1;
		m->spf_only_fail = spf == 2;
	}
	/* the source text must say "spf1" (at a mail name) or "dmarc" */
	if (att && ((o->mail_ok && span_has_ci(raw, rawn, "spf1")) ||
	    span_has_ci(raw, rawn, "dmarc")))
		note_dmarc(st, ri, o);
}

/*
 * Step 1: every name and its records, in name order, so that the records
 * of interest come out by (owner, record) and the mail domains by name.
 */
static void
scan_zone(struct dstate *st, const struct zl_zone *z)
{
	for (uint32_t id = 0; id < z->nnames; id++) {
		struct oinfo o;
		int known = 0;

		for (uint32_t r = z->names[id].first; r != ZL_NONE;
		    r = z->recs[r].next) {
			const struct zl_record *rec = &z->recs[r];

			if ((rec->type != LDNS_RR_TYPE_TXT &&
			    rec->type != LDNS_RR_TYPE_MX) ||
			    (rec->flags & (ZL_REC_GENERATED |
			    ZL_REC_UNKNOWN_FORMAT)))
				continue;
			if (!known) {
				owner_info(z, id, &o);
				known = 1;
			}
			if (rec->type == LDNS_RR_TYPE_MX) {
				if (o.mail_ok)
					mail_note(st, id, r);
			} else if (o.at_dmarc) {
				/* every TXT record at _dmarc is looked at */
				note_dmarc(st, r, &o);
			} else {
				scan_txt(st, z, id, r, &o);
			}
		}
	}
}

/* 1 when name id holds a TXT record that starts like DMARC. */
static int
name_has_dmarc(const struct zl_zone *z, uint32_t id, struct zl_txt *tmp)
{
	if (id == ZL_NONE)
		return 0;
	for (uint32_t r = z->names[id].first; r != ZL_NONE; r = z->recs[r].next) {
		const struct zl_record *rec = &z->recs[r];

		if (rec->type == LDNS_RR_TYPE_TXT &&
		    txt_tries_dmarc(tmp, z, rec))
			return 1;
	}
	return 0;
}

static int
cmp_dom(const void *a, const void *b)
{
	const struct dmis *x = a, *y = b;
	int c;

	if (x->dom_len != y->dom_len)
		return x->dom_len < y->dom_len ? -1 : 1;
	c = memcmp(x->dom, y->dom, x->dom_len);
	if (c != 0)
		return c;
	return x->rec < y->rec ? -1 : (x->rec > y->rec);
}

/* Misplaced records: where they belong, and whether a move is safe. */
static void
sort_misplaced(struct dstate *st, const struct zl_zone *z)
{
	if (st->nmis > 1)
		qsort(st->mis, st->nmis, sizeof(*st->mis), cmp_dom);
	for (size_t i = 0; i < st->nmis; i++) {
		struct dmis *r = &st->mis[i];
		uint8_t tw[ZL_NAME_MAX];
		size_t tl = dmarc_name(r->dom, r->dom_len, tw);

		if (tl == 0)
			continue;
		r->target_taken = (uint8_t)name_has_dmarc(z,
		    zl_zone_find_name(z, tw, tl), &st->tmp);
		r->fixable = !r->target_taken &&
		    zl_zone_in_zone(z, r->dom, r->dom_len) &&
		    !any_underscore_label(r->dom, r->dom_len);
		/* two records for one place: moving both makes two */
		if (i > 0 && st->mis[i - 1].dom_len == r->dom_len &&
		    memcmp(st->mis[i - 1].dom, r->dom, r->dom_len) == 0)
			r->fixable = 0;
	}
}

/* A misplaced record whose domain is (w, wl), or NULL. */
static const struct dmis *
misplaced_for(const struct dstate *st, const uint8_t *w, size_t wl)
{
	size_t lo = 0, hi = st->nmis;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct dmis *m = &st->mis[mid];
		int c = m->dom_len != wl ? (m->dom_len < wl ? -1 : 1) :
		    memcmp(m->dom, w, wl);

		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < st->nmis && st->mis[lo].dom_len == wl &&
	    memcmp(st->mis[lo].dom, w, wl) == 0)
		return &st->mis[lo];
	return NULL;
}

/* Bytes [*a, *b) of the source that a quoted or plain token's value is. */
static void
tok_value(const struct zl_token *t, uint32_t *a, uint32_t *b)
{
	*a = t->start;
	*b = t->end;
	if (t->kind == ZL_TOK_QUOTED) {
		(*a)++;
		if (!(t->flags & ZL_TOKF_UNTERMINATED) && *b > *a)
			(*b)--;
	}
}

/* The value of a record whose tokens hold no escape, as zl_txt_decode() joins it. */
static int
plain_value(struct drec *r, const struct zl_zone *z,
    const struct zl_record *rec)
{
	const char *data = z->sources[rec->src]->data;

	zl_record_entry(z, rec, &r->e);
	zl_buf_reset(&r->buf);
	for (size_t i = rec->rdata_tok; i < r->e.ntoks; i++) {
		const struct zl_token *t = &r->e.toks[i];
		uint32_t a, b;

		if (t->flags & ZL_TOKF_ESCAPE)
			return -1;
		tok_value(t, &a, &b);
		zl_buf_add(&r->buf, data + a, b - a);
	}
	zl_buf_reserve(&r->buf, 0);
	r->buf.data[r->buf.len] = '\0';
	r->val = r->buf.data;
	r->len = r->buf.len;
	r->entry = &r->e;
	r->rdata_tok = rec->rdata_tok;
	r->rec_end = rec->end;
	return 0;
}

/*
 * Decode record ri into st->cur (parsed too when parse is set). Records
 * kept by the walk are never generated nor RFC 3597, which do not decode.
 */
static struct drec *
open_rec(struct dstate *st, const struct zl_zone *z, uint32_t ri, int parse)
{
	struct drec *r = &st->cur;
	const struct zl_record *rec = &z->recs[ri];

	r->rec = ri;
	r->plain = !(rec->flags & (ZL_REC_GENERATED | ZL_REC_UNKNOWN_FORMAT)) &&
	    plain_value(r, z, rec) == 0;
	if (!r->plain) {
		if (zl_txt_decode(&r->txt, z, rec) != 0)
			r->txt.len = 0;
		r->val = r->txt.val;
		r->len = r->txt.len;
		r->entry = &r->txt.entry;
	}
	if (parse)
		zl_dmarc_parse(&r->d, r->val, r->len);
	return r;
}

/* ---- reporting helpers */

static const struct zl_record *
rec_of(const struct zl_ctx *ctx, const struct drec *r)
{
	return &ctx->zone->recs[r->rec];
}

/* The source offset of byte voff of a plain value (voff == len: its end). */
static uint32_t
plain_src(const struct drec *r, size_t voff)
{
	const struct zl_token *last = NULL;
	size_t at = 0;

	for (size_t i = r->rdata_tok; i < r->e.ntoks; i++) {
		uint32_t a, b;

		last = &r->e.toks[i];
		tok_value(last, &a, &b);
		if (voff < at + (b - a))
			return a + (uint32_t)(voff - at);
		at += b - a;
	}
	if (last == NULL)
		return r->rec_end;
	return last->kind == ZL_TOK_QUOTED &&
	    !(last->flags & ZL_TOKF_UNTERMINATED) ? last->end - 1 : last->end;
}

/* Source span of value bytes [off, off+len) of r, as zl_txt_span() says it. */
static void
vspan(const struct drec *r, size_t off, size_t len, uint32_t *a, uint32_t *b)
{
	if (!r->plain) {
		zl_txt_span(&r->txt, off, len, a, b);
		return;
	}
	if (off > r->len)
		off = r->len;
	if (off + len > r->len)
		len = r->len - off;
	*a = plain_src(r, off);
	/* no escapes: the last byte is one source byte */
	*b = len == 0 ? *a : plain_src(r, off + len - 1) + 1;
}

static struct zl_diag *
report_at(struct zl_ctx *ctx, enum zl_rule_id id, enum zl_severity sev,
    const struct drec *r, size_t off, size_t len, const char *fmt, ...)
    ZL_PRINTF(7, 8);

static struct zl_diag *
report_at(struct zl_ctx *ctx, enum zl_rule_id id, enum zl_severity sev,
    const struct drec *r, size_t off, size_t len, const char *fmt, ...)
{
	const struct zl_record *rec = rec_of(ctx, r);
	uint32_t a, b;
	struct zl_diag *d;
	va_list ap;

	if (r->len == 0) {
		a = rec->start;
		b = rec->start;
	} else {
		vspan(r, off, len, &a, &b);
	}
	va_start(ap, fmt);
	d = zl_vreport(ctx, id, sev, rec, rec->src, a, b, fmt, ap);
	va_end(ap);
	return d;
}

/* At tag i's "name=value" (the whole record when i < 0). */
static struct zl_diag *
report_tag(struct zl_ctx *ctx, enum zl_rule_id id, const struct drec *r,
    int i, const char *fmt, ...) ZL_PRINTF(5, 6);

static struct zl_diag *
report_tag(struct zl_ctx *ctx, enum zl_rule_id id, const struct drec *r,
    int i, const char *fmt, ...)
{
	const struct zl_record *rec = rec_of(ctx, r);
	uint32_t a = rec->start, b = rec->start;
	struct zl_diag *d;
	va_list ap;

	if (i >= 0 && (size_t)i < r->d.ntags && r->len > 0) {
		const struct zl_dmarc_tag *t = &r->d.tags[i];

		vspan(r, t->name_off, t->val_off + t->val_len - t->name_off,
		    &a, &b);
	}
	va_start(ap, fmt);
	d = zl_vreport(ctx, id, ZL_SEV_NONE, rec, rec->src, a, b, fmt, ap);
	va_end(ap);
	return d;
}

/* Up to 60 bytes of value text for a message, printable ASCII only. */
static const char *
clip(const struct drec *r, size_t off, size_t len, char *buf)
{
	size_t k = 0;

	for (size_t i = 0; i < len && k < 60; i++) {
		unsigned char c = (unsigned char)r->val[off + i];

		buf[k++] = (c >= 0x20 && c < 0x7f && c != '\'') ? (char)c : '?';
	}
	if (len > 60) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
	return buf;
}

static const char *
dom_text(const struct drec *r, char *buf)
{
	wire_text(r->dom, r->dom_len, buf);
	return buf;
}

static const char *
owner_text(const struct zl_ctx *ctx, const struct drec *r, char *buf)
{
	return zl_zone_name_text(ctx->zone, rec_of(ctx, r)->owner, buf);
}

/* A record whose policy rules apply: the only, valid one at _dmarc.<d>. */
static int
policy_record(const struct drec *r)
{
	return r->kind == DK_POLICY && r->single && r->valid;
}

/* ---- dmarc-wrong-name */

/*
 * Labels in a relative owner token (unescaped dots + 1), or -1 when the
 * token is absolute or "@".
 */
static int
token_labels(const char *s, size_t n)
{
	int k = 1;

	if (n == 0 || (n == 1 && s[0] == '@'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == '.') {
			if (i == n - 1)
				return -1;
			k++;
		}
	}
	return k;
}

/*
 * The new owner text: relative to the origin the token was read against
 * when the target lies below it (so "dmarc" becomes "_dmarc"), else
 * absolute.
 */
static void
new_owner_text(const struct zl_zone *z, const struct zl_record *rec,
    const struct zl_token *tok, const uint8_t *tw, size_t tl,
    struct zl_buf *out)
{
	const char *d = z->sources[rec->src]->data;
	size_t ol;
	uint8_t onb[ZL_NAME_MAX];
	const uint8_t *ow = zl_zone_name_wire(z, rec->owner, onb, &ol);
	const uint8_t *base = NULL;
	size_t bl = ol;
	int k = token_labels(d + tok->start, tok->end - tok->start);
	char nb[NAMEBUF];

	if (k == -1 && tok->end - tok->start == 1 && d[tok->start] == '@')
		base = ow;
	else if (k > 0) {
		base = ow;
		for (int i = 0; i < k && bl > 0; i++) {
			bl = rest_len(base, bl);
			base = next_label(base);
		}
	}
	if (base != NULL) {
		if (tl > bl && zl_name_is_sub(tw, tl, base, bl)) {
			size_t n = zl_name_to_text(tw, tl - bl, nb);

			if (n > 0 && nb[n - 1] == '.')
				n--;
			zl_buf_add(out, nb, n);
			return;
		}
	}
	wire_text(tw, tl, nb);
	zl_buf_adds(out, nb);
}

/*
 * Renaming a record's owner would also rename the records after it that
 * leave their owner blank: give the next one its old owner explicitly.
 */
static void
keep_next_owner(struct zl_fix *f, const struct zl_zone *z, uint32_t ri)
{
	const struct zl_record *rec = &z->recs[ri];
	char nb[NAMEBUF];

	if ((size_t)ri + 1 >= z->nrecs)
		return;
	const struct zl_record *nx = &z->recs[ri + 1];

	if (nx->src != rec->src || !(nx->flags & ZL_REC_BLANK_OWNER) ||
	    nx->start < rec->end)
		return;
	zl_zone_name_text(z, rec->owner, nb);
	zl_fix_insert(f, nx->src, nx->start, nb);
}

/* In the order of the domains the records are meant for. */
static void
wrong_name(struct zl_ctx *ctx, struct dstate *st)
{
	const struct zl_zone *z = ctx->zone;

	for (size_t i = 0; i < st->nmis; i++) {
		const struct dmis *m = &st->mis[i];
		const struct drec *r = open_rec(st, z, m->rec, 0);
		const struct zl_record *rec = rec_of(ctx, r);
		char ob[NAMEBUF], tb[NAMEBUF];
		uint8_t tw[ZL_NAME_MAX];
		size_t tl;
		const struct zl_token *tok = NULL;
		struct zl_diag *d;

		tl = dmarc_name(m->dom, m->dom_len, tw);
		owner_text(ctx, r, ob);
		if (tl == 0) {
			zl_report_record(ctx, ZL_R_dmarc_wrong_name, rec,
			    "DMARC record at '%s'; receivers look for it only at '_dmarc.<domain>' (RFC 7489 §6.1)",
			    ob);
			continue;
		}
		wire_text(tw, tl, tb);
		/* at the owner, or at the record when it has none of its own */
		if (!(rec->flags & ZL_REC_BLANK_OWNER) && r->entry->ntoks > 0)
			tok = &r->entry->toks[0];
		d = zl_report(ctx, ZL_R_dmarc_wrong_name, rec, rec->src,
		    tok ? tok->start : rec->start, tok ? tok->end : rec->start,
		    "DMARC record at '%s' is never read; receivers look for it at '%s'%s (RFC 7489 §6.1)",
		    ob, tb, m->target_taken ?
		    ", which has one already: delete this one" : "");
		if (d == NULL || !m->fixable || rec->src != 0)
			continue;
		{
			struct zl_fix *f = zl_diag_fix(d, ZL_FIX_SAFE,
			    "move it to '%s'", tb);
			struct zl_buf nt = ZL_BUF_INIT;

			if (tok != NULL) {
				new_owner_text(z, rec, tok, tw, tl, &nt);
				zl_fix_replace(f, rec->src, tok->start,
				    tok->end, nt.data);
			} else {
				zl_fix_insert(f, rec->src, rec->start, tb);
			}
			keep_next_owner(f, z, r->rec);
			zl_fix_sort(f);
			zl_buf_release(&nt);
		}
	}
}

/* ---- dmarc-multiple */

/* At the second of the n_ok v=DMARC1 records of a name: one per name. */
static void
multiple(struct zl_ctx *ctx, const struct drec *r, uint32_t n_ok)
{
	char ob[NAMEBUF];

	zl_report_record(ctx, ZL_R_dmarc_multiple, rec_of(ctx, r),
	    "%u DMARC records at '%s'; receivers discard them all and apply no policy (RFC 7489 §6.6.3)",
	    n_ok, owner_text(ctx, r, ob));
}

/* ---- dmarc-syntax */

static const char *
tag_label(const struct drec *r, int ti, char *buf)
{
	if (ti < 0 || (size_t)ti >= r->d.ntags)
		return "?";
	return clip(r, r->d.tags[ti].name_off, r->d.tags[ti].name_len, buf);
}

/* A value outside its tag's grammar: "'<tag>=<value>' <what> (<rfc>)". */
static const struct {
	enum zl_dmarc_err err;
	const char *what;
	const char *rfc;
} value_msgs[] = {
	{ ZL_DMARC_E_POLICY, "is not 'none', 'quarantine' or 'reject'",
	    "RFC 7489 §6.3" },
	{ ZL_DMARC_E_ALIGN, "is not 'r' (relaxed) or 's' (strict)",
	    "RFC 7489 §6.3" },
	{ ZL_DMARC_E_PCT, "is not an integer from 0 to 100", "RFC 7489 §6.3" },
	{ ZL_DMARC_E_FO, "is not a ':'-separated list of '0', '1', 'd' and 's'",
	    "RFC 7489 §6.3" },
	{ ZL_DMARC_E_RF, "names a report format other than 'afrf'",
	    "RFC 7489 §6.3" },
	{ ZL_DMARC_E_RI, "is not an unsigned 32-bit number of seconds",
	    "RFC 7489 §6.3" },
	{ ZL_DMARC_E_PSD, "is not 'y', 'n' or 'u'", "RFC 9989 §4.7" },
	{ ZL_DMARC_E_T, "is not 'y' or 'n'", "RFC 9989 §4.7" },
};

static void
syntax_problem(struct zl_ctx *ctx, const struct drec *r,
    const struct zl_dmarc_problem *p)
{
	const char *v = r->val;
	char b1[80], b2[80], ob[NAMEBUF];
	enum zl_rule_id id = ZL_R_dmarc_syntax;

	for (size_t i = 0; i < sizeof(value_msgs) / sizeof(value_msgs[0]); i++) {
		if (value_msgs[i].err != p->err)
			continue;
		report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
		    "'%s=%s' %s (%s)", tag_label(r, p->tag, b1),
		    clip(r, p->off, p->len, b2), value_msgs[i].what,
		    p->tag >= 0 && r->d.tags[p->tag].id == ZL_DMARC_T_NP ?
		    "RFC 9989 §4.7" : value_msgs[i].rfc);
		return;
	}
	switch (p->err) {
	case ZL_DMARC_E_EMPTY:
		report_at(ctx, id, ZL_SEV_NONE, r, 0, 0,
		    "empty TXT record at '%s'; a DMARC record starts with 'v=DMARC1' (RFC 7489 §6.3)",
		    owner_text(ctx, r, ob));
		break;
	case ZL_DMARC_E_LEADING_SPACE:
		report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
		    "white space before 'v=DMARC1'; receivers discard the record (RFC 7489 §6.4)");
		break;
	case ZL_DMARC_E_NO_VERSION:
		report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
		    "record does not start with 'v=DMARC1' but with '%s'; receivers discard it (RFC 7489 §6.3)",
		    clip(r, p->off, p->len, b1));
		break;
	case ZL_DMARC_E_VERSION:
		if (p->len > 6 && memcmp(v + p->off, "DMARC1", 6) == 0 &&
		    (v[p->off + 6] == ' ' || v[p->off + 6] == '\t'))
			report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
			    "no ';' after 'v=DMARC1': the version reads '%s' and receivers discard the record (RFC 7489 §6.4)",
			    clip(r, p->off, p->len, b1));
		else
			report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
			    "version '%s' is not 'DMARC1', which is case-sensitive; receivers discard the record (RFC 7489 §6.3)",
			    clip(r, p->off, p->len, b1));
		break;
	case ZL_DMARC_E_TAGLIST:
		if (p->tag_err == ZL_TAG_EMPTY_SPEC)
			report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
			    "empty tag between two ';' (RFC 7489 §6.4)");
		else if (p->tag_err == ZL_TAG_NO_EQUALS)
			report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
			    "'%s' has no '=': tags are 'name=value' (RFC 7489 §6.4)",
			    clip(r, p->off, p->len, b1));
		else
			report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
			    "%s in '%s' (RFC 7489 §6.4)",
			    zl_tag_strerror(p->tag_err),
			    clip(r, p->off, p->len, b1));
		break;
	case ZL_DMARC_E_DUPLICATE:
		report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
		    "tag '%s' appears more than once; receivers may discard the record (RFC 7489 §6.3)",
		    tag_label(r, p->tag, b1));
		break;
	case ZL_DMARC_E_NO_POLICY:
		report_at(ctx, id, ZL_SEV_NONE, r, 0, 0,
		    "required tag 'p' missing and no usable reporting URI in 'rua'; receivers ignore the record (RFC 7489 §6.3, §6.6.3)");
		break;
	case ZL_DMARC_E_URI_EMPTY:
		report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
		    "'%s' holds an empty URI; it takes a ','-separated list of URIs (RFC 7489 §6.4)",
		    tag_label(r, p->tag, b1));
		break;
	case ZL_DMARC_E_URI:
		report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
		    "'%s' entry '%s' is not a URI: it needs a scheme such as 'mailto:' and no ',' or '!' inside (RFC 7489 §6.4, RFC 3986 §3)",
		    tag_label(r, p->tag, b1), clip(r, p->off, p->len, b2));
		break;
	case ZL_DMARC_E_URI_SPACE:
		report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
		    "white space inside a '%s' URI or its size limit (RFC 7489 §6.4)",
		    tag_label(r, p->tag, b1));
		break;
	case ZL_DMARC_E_URI_SIZE:
		report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
		    "size limit '%s' in '%s' is not digits with an optional 'k', 'm', 'g' or 't' (RFC 7489 §6.4)",
		    clip(r, p->off, p->len, b1), tag_label(r, p->tag, b2));
		break;
	case ZL_DMARC_E_MAILTO:
		report_at(ctx, id, ZL_SEV_NONE, r, p->off, p->len,
		    "'%s' entry '%s' has no address; 'mailto:' needs local@domain (RFC 7489 §6.2, RFC 6068 §2)",
		    tag_label(r, p->tag, b1), clip(r, p->off, p->len, b2));
		break;
	default:
		break;
	}
}

/* tries: the record's name holds a record that says "dmarc" somewhere. */
static void
syntax(struct zl_ctx *ctx, const struct drec *r, int tries)
{
	enum zl_dmarc_start start = r->d.start;
	char ob[NAMEBUF], b1[80];

	if (r->valid && start >= ZL_DMARC_START_MENTION)
		return;
	/* not DMARC at all: fine beside a DMARC record, not alone */
	if (start < ZL_DMARC_START_MENTION && (r->kind != DK_POLICY || tries))
		return;
	if (start >= ZL_DMARC_START_MENTION) {
		for (size_t k = 0; k < r->d.nerrs; k++) {
			/* an authorization record needs no policy (§7.1) */
			if (r->kind == DK_AUTH &&
			    r->d.errs[k].err == ZL_DMARC_E_NO_POLICY)
				continue;
			syntax_problem(ctx, r, &r->d.errs[k]);
		}
		return;
	}
	if (r->len == 0 || (r->d.nerrs > 0 &&
	    r->d.errs[0].err == ZL_DMARC_E_EMPTY))
		syntax_problem(ctx, r, &r->d.errs[0]);
	else
		report_at(ctx, ZL_R_dmarc_syntax, ZL_SEV_NONE, r, 0,
		    r->len,
		    "TXT record at '%s' is not a DMARC record: '%s' does not start with 'v=DMARC1' (RFC 7489 §6.3)",
		    owner_text(ctx, r, ob), clip(r, 0, r->len, b1));
}

/* ---- dmarc-compat */

/* The known tag nearest to an unknown name, or NULL. */
static const char *
near_tag(const char *s, size_t n)
{
	char lc[12];

	if (n == 0 || n > 10)
		return NULL;
	for (size_t i = 0; i < n; i++)
		lc[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
	for (int id = 0; id < ZL_DMARC_T__KNOWN; id++) {
		const char *t = zl_dmarc_tag_name((enum zl_dmarc_tag_id)id);
		size_t tl = strlen(t);

		if (tl >= 3 && distance(lc, n, t, tl) <= 1)
			return t;
	}
	return NULL;
}

/*
 * The record with p moved right after v: tag-specs trimmed and joined
 * with "; ", a final ';' kept. Only for a record that is valid apart
 * from the order.
 */
static void
reordered(const struct drec *r, struct zl_buf *out)
{
	const struct zl_dmarc *d = &r->d;
	int p = d->idx[ZL_DMARC_T_P];

	for (size_t k = 0; k < d->ntags; k++) {
		size_t i = k == 0 ? 0 : k == 1 ? (size_t)p :
		    k <= (size_t)p ? k - 1 : k;
		const struct zl_dmarc_tag *t = &d->tags[i];

		if (k > 0)
			zl_buf_adds(out, "; ");
		zl_buf_add(out, r->val + t->name_off,
		    t->val_off + t->val_len - t->name_off);
	}
	if (d->tl.trailing_semicolon)
		zl_buf_addc(out, ';');
}

static void
compat(struct zl_ctx *ctx, const struct drec *r)
{
	const struct zl_zone *z = ctx->zone;
	const struct zl_dmarc *d;
	char b1[80];
	struct zl_diag *dg;
	int ti;

	if (r->kind != DK_POLICY || !r->valid)
		return;
	d = &r->d;
	ti = d->idx[ZL_DMARC_T_P];
	if (ti > 1) {
		dg = report_tag(ctx, ZL_R_dmarc_compat, r, ti,
		    "'p' is not the tag right after 'v'; RFC 7489 receivers that follow its grammar discard the record, RFC 9989 allows any order (RFC 7489 §6.4)");
		if (dg != NULL && rec_of(ctx, r)->src == 0) {
			struct zl_buf nv = ZL_BUF_INIT;
			struct zl_fix *f = zl_diag_fix(dg, ZL_FIX_SAFE,
			    "move 'p' right after 'v=DMARC1'");

			reordered(r, &nv);
			zl_fix_replace_txt(f, z, rec_of(ctx, r),
			    nv.data, nv.len);
			zl_buf_release(&nv);
		}
	} else if (ti < 0) {
		report_tag(ctx, ZL_R_dmarc_compat, r, 0,
		    "no 'p' tag: receivers apply 'p=none' because 'rua' is valid, but parsers that require 'p' reject the record; add 'p=none' after 'v=DMARC1' (RFC 7489 §6.6.3)");
	}
	if ((ti = d->idx[ZL_DMARC_T_PCT]) >= 0) {
		if (d->pct < 100)
			report_tag(ctx, ZL_R_dmarc_compat, r, ti,
			    "'pct=%d' is read differently: RFC 7489 receivers apply the policy to %d%% of failing mail, RFC 9989 removed 'pct' and its receivers apply it to all; 't=y' is its way to test (RFC 7489 §6.3)",
			    d->pct, d->pct);
		else
			report_tag(ctx, ZL_R_dmarc_compat, r, ti,
			    "'pct' was removed in RFC 9989; 'pct=100' is the RFC 7489 default and can go (RFC 7489 §6.3)");
	}
	if ((ti = d->idx[ZL_DMARC_T_RF]) >= 0)
		report_tag(ctx, ZL_R_dmarc_compat, r, ti,
		    "'rf' was removed in RFC 9989 and its receivers ignore it; 'afrf' is the only format either way (RFC 7489 §6.3)");
	if ((ti = d->idx[ZL_DMARC_T_RI]) >= 0)
		report_tag(ctx, ZL_R_dmarc_compat, r, ti,
		    "'ri' was removed in RFC 9989: its receivers send aggregate reports daily whatever 'ri' asks (RFC 7489 §6.3)");
	if ((ti = d->idx[ZL_DMARC_T_NP]) >= 0)
		report_tag(ctx, ZL_R_dmarc_compat, r, ti,
		    "'np' is unknown to RFC 7489 receivers, which apply '%s' to non-existent subdomains instead of 'np=%s' (RFC 9989 §4.7)",
		    d->sp != ZL_DMARC_POL_UNSET ? "sp" : "p",
		    zl_dmarc_policy_name(d->np));
	if ((ti = d->idx[ZL_DMARC_T_PSD]) >= 0)
		report_tag(ctx, ZL_R_dmarc_compat, r, ti,
		    "'psd' is unknown to RFC 7489 receivers, which find public suffix policies only through the Public Suffix List (RFC 9989 §4.7)");
	if ((ti = d->idx[ZL_DMARC_T_T]) >= 0) {
		if (d->t == 'y')
			report_tag(ctx, ZL_R_dmarc_compat, r, ti,
			    "'t=y' asks RFC 9989 receivers to apply a weaker policy while testing; RFC 7489 receivers do not know 't' and apply 'p=%s' in full (RFC 9989 §4.7)",
			    zl_dmarc_policy_name(d->p == ZL_DMARC_POL_UNSET ?
			    ZL_DMARC_POL_NONE : d->p));
		else
			report_tag(ctx, ZL_R_dmarc_compat, r, ti,
			    "'t' is unknown to RFC 7489 receivers; 't=n' is the RFC 9989 default and can go (RFC 9989 §4.7)");
	}
	for (size_t k = 1; k < d->ntags; k++) {
		const struct zl_dmarc_tag *t = &d->tags[k];
		const char *near;

		if (t->tag_err != ZL_TAG_OK || t->id != ZL_DMARC_T_UNKNOWN)
			continue;
		near = near_tag(r->val + t->name_off, t->name_len);
		if (near != NULL)
			report_tag(ctx, ZL_R_dmarc_compat, r, (int)k,
			    "unknown tag '%s' is ignored by receivers; did you mean '%s'? (RFC 7489 §6.3)",
			    clip(r, t->name_off, t->name_len, b1), near);
		else
			report_tag(ctx, ZL_R_dmarc_compat, r, (int)k,
			    "unknown tag '%s' is ignored by receivers of both RFCs (RFC 7489 §6.3, RFC 9989 §4.7)",
			    clip(r, t->name_off, t->name_len, b1));
	}
}

/* ---- policy rules */

static void
policy_none(struct zl_ctx *ctx, const struct drec *r)
{
	char db[NAMEBUF];

	if (r->d.p != ZL_DMARC_POL_NONE && r->d.p != ZL_DMARC_POL_UNSET)
		return;
	report_tag(ctx, ZL_R_dmarc_policy_none, r,
	    r->d.idx[ZL_DMARC_T_P] >= 0 ? r->d.idx[ZL_DMARC_T_P] : 0,
	    "%s only monitors: mail failing DMARC as '%s' is still delivered; move to 'quarantine', then 'reject', once reports show all senders pass (RFC 7489 §6.3)",
	    r->d.p == ZL_DMARC_POL_NONE ? "'p=none'" :
	    "no 'p' means 'p=none', which", dom_text(r, db));
}

static void
pct_partial(struct zl_ctx *ctx, const struct drec *r)
{
	const struct zl_dmarc *d = &r->d;

	if (d->pct < 0 || d->pct >= 100)
		return;
	/* with p=none and no stricter sp, pct changes nothing */
	if (d->p <= ZL_DMARC_POL_NONE && d->sp <= ZL_DMARC_POL_NONE)
		return;
	report_tag(ctx, ZL_R_dmarc_pct_partial, r, d->idx[ZL_DMARC_T_PCT],
	    "'pct=%d': RFC 7489 receivers apply '%s' to %d%% of failing mail and a weaker policy to the rest (RFC 7489 §6.3)",
	    d->pct, zl_dmarc_policy_name(d->p > ZL_DMARC_POL_NONE ?
	    d->p : d->sp), d->pct);
}

static void
subdomain_weaker(struct zl_ctx *ctx, const struct drec *r)
{
	const struct zl_dmarc *d = &r->d;
	char db[NAMEBUF];

	if (d->p == ZL_DMARC_POL_UNSET ||
	    !((d->sp != ZL_DMARC_POL_UNSET && d->sp < d->p) ||
	    (d->np != ZL_DMARC_POL_UNSET && d->np < d->p)))
		return;
	dom_text(r, db);
	if (d->sp != ZL_DMARC_POL_UNSET && d->sp < d->p)
		report_tag(ctx, ZL_R_dmarc_subdomain_weaker, r,
		    d->idx[ZL_DMARC_T_SP],
		    "'sp=%s' is weaker than 'p=%s': mail from subdomains of '%s' can be spoofed where the domain itself cannot (RFC 7489 §6.3)",
		    zl_dmarc_policy_name(d->sp),
		    zl_dmarc_policy_name(d->p), db);
	if (d->np != ZL_DMARC_POL_UNSET && d->np < d->p)
		report_tag(ctx, ZL_R_dmarc_subdomain_weaker, r,
		    d->idx[ZL_DMARC_T_NP],
		    "'np=%s' is weaker than 'p=%s': mail from made-up subdomains of '%s' is treated more leniently than the domain itself (RFC 9989 §4.7)",
		    zl_dmarc_policy_name(d->np),
		    zl_dmarc_policy_name(d->p), db);
}

static void
no_reports(struct zl_ctx *ctx, const struct drec *r)
{
	char db[NAMEBUF];

	if (r->d.idx[ZL_DMARC_T_RUA] >= 0)
		return;
	report_tag(ctx, ZL_R_dmarc_no_reports, r, 0,
	    "no 'rua': no aggregate reports about who sends mail as '%s', so a stricter policy cannot be checked before it bites (RFC 7489 §7.2)",
	    dom_text(r, db));
}

/* ---- dmarc-policy-unauthenticated */

/*
 * A valid SPF record that can align with the policy domain: at the
 * domain itself, or, with relaxed alignment (aspf=r, the default), at any
 * mail name of the zone, which shares the domain's organizational domain
 * (RFC 7489 §3.1.2).
 */
static int
spf_for(struct zl_ctx *ctx, struct dstate *st, const struct drec *r)
{
	if (r->dom_id != ZL_NONE && zl_spf_valid_at(ctx, r->dom_id))
		return 1;
	if (r->d.aspf == 's')
		return 0;
	if (st->spf_any < 0) {
		st->spf_any = 0;
		for (size_t i = 0; i < st->nmail && !st->spf_any; i++)
			if (mail_spf(st, ctx->zone, &st->mail[i])->has_spf &&
			    zl_spf_valid_at(ctx, st->mail[i].name))
				st->spf_any = 1;
	}
	return st->spf_any;
}

/*
 * A valid DKIM key that can align: under _domainkey.<domain>, or, with
 * relaxed alignment (adkim=r, the default), under _domainkey of any
 * domain of the zone (RFC 7489 §3.1.1).
 */
static int
dkim_for(struct zl_ctx *ctx, struct dstate *st, const struct drec *r)
{
	const struct zl_zone *z = ctx->zone;

	if (r->dom_id != ZL_NONE && zl_dkim_valid_for(ctx, r->dom_id))
		return 1;
	if (r->d.adkim == 's')
		return 0;
	if (st->dkim_any >= 0)
		return st->dkim_any;
	st->dkim_any = 0;
	for (size_t i = 0; i < z->nnames && !st->dkim_any; i++) {
		size_t wl;
		uint8_t nb[ZL_NAME_MAX];
		const uint8_t *w = zl_zone_name_wire(z, (uint32_t)i, nb, &wl);
		uint32_t dom;

		/* <selector>._domainkey.<domain>: find "_domainkey" */
		for (const uint8_t *p = w; wl > 0;
		    wl = rest_len(p, wl), p = next_label(p)) {
			if (!label_is(p, wl, "_domainkey") || p == w)
				continue;
			dom = zl_zone_find_name(z, next_label(p),
			    rest_len(p, wl));
			if (dom != ZL_NONE && zl_dkim_valid_for(ctx, dom))
				st->dkim_any = 1;
			break;
		}
	}
	return st->dkim_any;
}

static int
parked(struct dstate *st, const struct zl_zone *z, uint32_t dom)
{
	struct mdom *m = dom != ZL_NONE ? mail_find(st, dom) : NULL;

	return m != NULL && mail_spf(st, z, m)->spf_only_fail;
}

/*
 * Only when the SPF and DKIM families are linked in: without them the
 * answer is unknown, and the rule says nothing rather than guess
 * (mailauth.h).
 */
static void
policy_unauthenticated(struct zl_ctx *ctx, struct dstate *st,
    struct drec *r)
{
	const struct zl_dmarc *d = &r->d;
	int spf, dkim, ti = d->idx[ZL_DMARC_T_P];
	char db[NAMEBUF];
	const char *pol;

	if (d->p < ZL_DMARC_POL_QUARANTINE)
		return;
	r->dom_id = zl_zone_find_name(ctx->zone, r->dom, r->dom_len);
	spf = spf_for(ctx, st, r);
	dkim = dkim_for(ctx, st, r);
	if (spf && dkim)
		return;
	dom_text(r, db);
	pol = zl_dmarc_policy_name(d->p);
	/*
	 * "v=spf1 -all" and no key: a domain that sends no mail,
	 * locked down on purpose (M3AAWG parked domains)
	 */
	if (!dkim && parked(st, ctx->zone, r->dom_id))
		return;
	if (!spf && !dkim) {
		report_tag(ctx, ZL_R_dmarc_policy_unauthenticated, r, ti,
		    "'p=%s' but the zone has no valid SPF record and no valid DKIM key for '%s': no mail from it can pass DMARC, so all of it is %s (RFC 7489 §6.6.2)",
		    pol, db, d->p == ZL_DMARC_POL_REJECT ? "rejected" :
		    "quarantined");
	} else if (!spf) {
		report_tag(ctx, ZL_R_dmarc_policy_unauthenticated, r, ti,
		    "'p=%s' but the zone has no valid SPF record for '%s': mail passes DMARC only when its DKIM signature survives, and unsigned mail is %s (RFC 7489 §6.6.2)",
		    pol, db, d->p == ZL_DMARC_POL_REJECT ? "rejected" :
		    "quarantined");
	} else {
		report_tag(ctx, ZL_R_dmarc_policy_unauthenticated, r, ti,
		    "'p=%s' but the zone has no valid DKIM key under '_domainkey.%s': mail passes DMARC on SPF alone, which forwarding breaks, and is then %s (RFC 7489 §6.6.2)",
		    pol, db, d->p == ZL_DMARC_POL_REJECT ? "rejected" :
		    "quarantined");
	}
}

/* ---- dmarc-missing */

/*
 * 1 when a DMARC record for (p, pl) is published or about to be: a name
 * _dmarc.<p>, or a misplaced record that dmarc-wrong-name moves there.
 */
static int
dmarc_for(const struct zl_zone *z, const struct dstate *st, const uint8_t *p,
    size_t pl)
{
	uint8_t dw[ZL_NAME_MAX];
	size_t dl = dmarc_name(p, pl, dw);
	uint32_t id = dl ? zl_zone_find_name(z, dw, dl) : ZL_NONE;

	return (id != ZL_NONE && zl_name_has_records(z, id)) ||
	    misplaced_for(st, p, pl) != NULL;
}

/*
 * 1 when _dmarc.<w> or _dmarc.<an ancestor of w in the zone> exists. A
 * name that ends in the origin twice (an owner without its final dot)
 * counts too: zone-name-doubled-origin's fix puts it where it belongs,
 * and adding another record would make two.
 */
static int
covered(const struct zl_zone *z, const struct dstate *st, const uint8_t *w,
    size_t wl)
{
	size_t ol;
	const uint8_t *o = zl_zone_origin_wire(z, &ol);

	for (size_t pl = wl; ; pl = rest_len(w, pl), w = next_label(w)) {
		uint8_t dbl[ZL_NAME_MAX];

		if (dmarc_for(z, st, w, pl))
			return 1;
		if (ol > 0 && pl + ol <= ZL_NAME_MAX - 1 &&
		    zl_name_is_sub(w, pl, o, ol)) {
			memcpy(dbl, w, pl);
			memcpy(dbl + pl, o, ol);
			if (dmarc_for(z, st, dbl, pl + ol))
				return 1;
		}
		if (pl == 0 || (pl == ol && memcmp(w, o, ol) == 0))
			return 0;
	}
}

/* A mail domain, or the origin when a profile wants DMARC there. */
static int
is_mail(const struct zl_zone *z, const struct dstate *st, uint32_t id)
{
	return mail_find(st, id) != NULL || (st->origin_mail && id == z->origin);
}

/*
 * A mail domain above w (in the zone) that is reported itself: the record
 * its fix adds covers w too (RFC 7489 §6.6.3 falls back to the
 * organizational domain, RFC 9989 walks up the tree).
 */
static int
ancestor_reported(const struct zl_zone *z, const struct dstate *st,
    const uint8_t *w, size_t wl)
{
	while (wl > 0) {
		uint32_t id;

		wl = rest_len(w, wl);
		w = next_label(w);
		if (!zl_zone_in_zone(z, w, wl))
			return 0;
		id = zl_zone_find_name(z, w, wl);
		if (id != ZL_NONE && is_mail(z, st, id) &&
		    !covered(z, st, w, wl))
			return 1;
	}
	return 0;
}

/* The reporting address of the first profile that gives one, or NULL. */
static const char *
profile_rua(const struct zl_ctx *ctx)
{
	if (ctx->cfg == NULL)
		return NULL;
	for (size_t i = 0; i < ctx->cfg->nprofiles; i++) {
		const struct zl_profile *p = ctx->cfg->profiles[i];

		if (p->dmarc != NULL && p->dmarc->rua != NULL && *p->dmarc->rua)
			return p->dmarc->rua;
	}
	return NULL;
}

static int
profile_requires_dmarc(const struct zl_ctx *ctx)
{
	if (ctx->cfg == NULL)
		return 0;
	for (size_t i = 0; i < ctx->cfg->nprofiles; i++) {
		const struct zl_profile *p = ctx->cfg->profiles[i];

		if (p->dmarc != NULL && p->dmarc->required)
			return 1;
	}
	return 0;
}

/* Where a new record for the name goes: after its last record, if in
 * the zone file itself; else at the end of the zone file. */
static const struct zl_record *
insert_after(const struct zl_zone *z, uint32_t name)
{
	const struct zl_record *last = NULL;

	if (name == ZL_NONE)
		return NULL;
	for (uint32_t r = z->names[name].first; r != ZL_NONE;
	    r = z->recs[r].next)
		last = &z->recs[r];
	if (last == NULL || last->src != 0 ||
	    (last->flags & ZL_REC_GENERATED))
		return NULL;
	return last;
}

static void
missing_one(struct zl_ctx *ctx, const struct dstate *st, uint32_t name,
    uint32_t why, const char *rua)
{
	const struct zl_zone *z = ctx->zone;
	const struct zl_record *rec = &z->recs[why];
	size_t wl;
	uint8_t wb[ZL_NAME_MAX];
	const uint8_t *w = zl_zone_name_wire(z, name, wb, &wl);
	uint8_t dw[ZL_NAME_MAX];
	size_t dl = dmarc_name(w, wl, dw);
	char nb[NAMEBUF], db[NAMEBUF];
	struct zl_diag *d;

	if (dl == 0 || covered(z, st, w, wl) ||
	    ancestor_reported(z, st, w, wl))
		return;
	wire_text(w, wl, nb);
	wire_text(dw, dl, db);
	d = zl_report_record(ctx, ZL_R_dmarc_missing, rec,
	    "mail domain '%s' (%s) has no DMARC record at '%s'; Gmail, Yahoo and Outlook.com require one from bulk senders (RFC 7489 §6.1)",
	    nb, rec->type == LDNS_RR_TYPE_MX ? "MX" : "SPF", db);
	if (d != NULL) {
		struct zl_buf v = ZL_BUF_INIT, line = ZL_BUF_INIT;
		const struct zl_record *after = insert_after(z, name);
		const struct zl_source *s = z->sources[0];
		struct zl_fix *f;

		zl_buf_adds(&v, "v=DMARC1; p=none");
		if (rua != NULL) {
			zl_buf_adds(&v, "; rua=");
			zl_buf_adds(&v, rua);
		}
		f = zl_diag_fix(d, ZL_FIX_SAFE,
		    "add '%s IN TXT \"%s\"' (monitoring only)", db,
		    v.data);
		zl_txt_record_line(&line, db, 0, v.data, v.len,
		    zl_source_eol(s));
		zl_fix_add_line(f, z, after, line.data);
		zl_buf_release(&v);
		zl_buf_release(&line);
	}
}

static int
cmp_why(const void *a, const void *b, void *arg)
{
	const struct mdom *mail = arg;
	uint32_t x = mail[*(const uint32_t *)a].why;
	uint32_t y = mail[*(const uint32_t *)b].why;

	return x < y ? -1 : (x > y);
}

/*
 * In file order of the record that made each mail domain one (several
 * fixes that add a line at the end of the zone file are tried in that
 * order), then the origin when a profile requires DMARC and nothing else
 * made it a mail domain.
 */
static void
missing(struct zl_ctx *ctx, struct dstate *st)
{
	const struct zl_zone *z = ctx->zone;
	const char *rua = profile_rua(ctx);
	uint32_t *order = NULL;
	size_t i;

	if (profile_requires_dmarc(ctx) && zl_name_has_records(z, z->origin) &&
	    mail_find(st, z->origin) == NULL)
		st->origin_mail = 1;
	/* names are mostly numbered in file order: often nothing to sort */
	for (i = 1; i < st->nmail; i++)
		if (st->mail[i - 1].why > st->mail[i].why)
			break;
	if (i < st->nmail) {
		order = zl_xmalloc(st->nmail * sizeof(*order));
		for (i = 0; i < st->nmail; i++)
			order[i] = (uint32_t)i;
		qsort_r(order, st->nmail, sizeof(*order), cmp_why, st->mail);
	}
	for (i = 0; i < st->nmail; i++) {
		const struct mdom *m = &st->mail[order ? order[i] : i];

		missing_one(ctx, st, m->name, m->why, rua);
	}
	free(order);
	if (st->origin_mail)
		missing_one(ctx, st, z->origin, z->names[z->origin].first, rua);
}

/* ---- dmarc-external-reports */

static void
lower_copy(char *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
	out[n] = '\0';
}

/*
 * The organizational domain of a name of this zone (RFC 7489 §3.2),
 * without the Public Suffix List: the origin, or, in a zone whose apex
 * says psd=y (RFC 9989), the name one label below the origin.
 */
static const uint8_t *
org_in_zone(const struct zl_zone *z, const struct dstate *st,
    const uint8_t *w, size_t wl, size_t *olen)
{
	size_t ol;
	const uint8_t *o = zl_zone_origin_wire(z, &ol);
	int nl = zl_name_labels(w, wl);
	int on = zl_name_labels(o, ol);

	if (!st->psd_zone || nl <= on) {
		*olen = ol;
		return o;
	}
	for (int i = 0; i < nl - on - 1; i++) {
		wl = rest_len(w, wl);
		w = next_label(w);
	}
	*olen = wl;
	return w;
}

/* A TXT "v=DMARC1..." at wire name w of the zone. */
static int
auth_in_zone(const struct zl_zone *z, const uint8_t *w, size_t wl)
{
	struct zl_txt t;
	int found;

	zl_txt_init(&t);
	found = name_has_dmarc(z, zl_zone_find_name(z, w, wl), &t);
	zl_txt_release(&t);
	return found;
}

/* "<dom>._report._dmarc.<dest>" as wire; 0 when too long. */
static size_t
auth_name(const uint8_t *dom, size_t doml, const uint8_t *dest, size_t dl,
    uint8_t out[ZL_NAME_MAX])
{
	if (doml + 15 + dl > ZL_NAME_MAX - 1)
		return 0;
	memcpy(out, dom, doml);
	memcpy(out + doml, "\x07_report\x06_dmarc", 15);
	memcpy(out + doml + 15, dest, dl);
	return doml + 15 + dl;
}

/* Is the zone of dest (dest or an ancestor of it) in the run? */
static int
dest_in_run(const struct zl_run_index *ri, const uint8_t *dest, size_t dl)
{
	char nb[NAMEBUF];

	if (ri == NULL)
		return 0;
	for (; dl > 0; dl = rest_len(dest, dl), dest = next_label(dest)) {
		wire_text(dest, dl, nb);
		if (zl_run_has_zone(ri, nb))
			return 1;
	}
	return 0;
}

enum dest {
	DEST_OWN,        /* the same organization: no authorization needed */
	DEST_AUTHORIZED, /* the authorization record is published */
	DEST_ZONE,       /* in this zone, without the record */
	DEST_RUN,        /* in another zone of the run, without the record */
	DEST_UNKNOWN,    /* outside what this run can see */
};

/*
 * Where reports for r's domain to destination (dw, dl) stand (RFC 7489
 * §7.1). aw receives "<domain>._report._dmarc.<dest>" (*al == 0 when the
 * name would be too long).
 */
static enum dest
dest_state(struct zl_ctx *ctx, const struct dstate *st, const struct drec *r,
    const uint8_t *dw, size_t dl, uint8_t aw[ZL_NAME_MAX], size_t *al)
{
	const struct zl_zone *z = ctx->zone;
	size_t ol, wl = 0;
	const uint8_t *o = zl_zone_origin_wire(z, &ol);
	uint8_t ww[ZL_NAME_MAX];
	char ab[NAMEBUF], wb[NAMEBUF];

	*al = 0;
	if (zl_name_is_sub(dw, dl, o, ol)) {
		size_t odl, oxl;
		const uint8_t *org_d, *org_x;

		/* the domain itself: one organization, whatever org_in_zone() says */
		if (dl == r->dom_len && memcmp(dw, r->dom, dl) == 0)
			return DEST_OWN;
		org_d = org_in_zone(z, st, r->dom, r->dom_len, &odl);
		org_x = org_in_zone(z, st, dw, dl, &oxl);

		if (odl == oxl && memcmp(org_d, org_x, odl) == 0)
			return DEST_OWN;
	} else if (zl_name_is_sub(o, ol, dw, dl)) {
		/* reports to a parent of the zone: one organization */
		return DEST_OWN;
	}
	*al = auth_name(r->dom, r->dom_len, dw, dl, aw);
	if (*al == 0)
		return DEST_OWN;
	/* the wildcard form "*._report._dmarc.<dest>" is allowed too */
	if (dl + 17 <= ZL_NAME_MAX - 1) {
		memcpy(ww, "\x01*\x07_report\x06_dmarc", 17);
		memcpy(ww + 17, dw, dl);
		wl = dl + 17;
	}
	if (zl_name_is_sub(dw, dl, o, ol))
		return auth_in_zone(z, aw, *al) ||
		    (wl && auth_in_zone(z, ww, wl)) ? DEST_AUTHORIZED : DEST_ZONE;
	if (!dest_in_run(ctx->run, dw, dl))
		return DEST_UNKNOWN;
	wire_text(aw, *al, ab);
	if (wl)
		wire_text(ww, wl, wb);
	return zl_run_has_name(ctx->run, ab) ||
	    (wl && zl_run_has_name(ctx->run, wb)) ? DEST_AUTHORIZED : DEST_RUN;
}

/* A letter, digit, '-' or '_' in lower case; 0 for any other byte. */
static const unsigned char plain_lc[256] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
	['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
	['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
	['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
	['z'] = 'z',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
	['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
	['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
	['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
	['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
	['Z'] = 'z',
	['-'] = '-', ['_'] = '_',
};

/*
 * 1 when host text h (n bytes, any case, a final dot allowed) names wire
 * name w, read the way zl_name_parse() reads it: only for plain letters,
 * digits, '-' and '_', whose labels it takes as they are (lower case).
 */
static int
host_is(const char *h, size_t n, const uint8_t *w, size_t wl)
{
	size_t i = 0;

	if (n > 0 && h[n - 1] == '.')
		n--;
	/* "www.example.com" is wire "\3www\7example\3com" less its first byte */
	if (wl == 0 || n != wl - 1)
		return 0;
	for (size_t p = 0; p < wl; p += (size_t)w[p] + 1) {
		size_t l = w[p];

		if (p > 0 && h[i++] != '.')
			return 0;
		if (l == 0 || l > n - i)
			return 0;
		for (size_t k = 0; k < l; k++) {
			unsigned char c = plain_lc[(unsigned char)h[i + k]];

			if (c == 0 || c != w[p + 1 + k])
				return 0;
		}
		i += l;
	}
	return i == n;
}

/* 1 when a URI of r before the k-th goes to the same domain. */
static int
same_dest_before(const struct drec *r, size_t k)
{
	const struct zl_dmarc_uri *u = &r->d.uris[k];

	for (size_t j = 0; j < k; j++) {
		const struct zl_dmarc_uri *o = &r->d.uris[j];

		if (o->usable && o->domain_len == u->domain_len &&
		    strncasecmp(r->val + o->domain_off,
		    r->val + u->domain_off, u->domain_len) == 0)
			return 1;
	}
	return 0;
}

static void
external_reports(struct zl_ctx *ctx, const struct dstate *st,
    const struct drec *r)
{
	const struct zl_zone *z = ctx->zone;
	char db[NAMEBUF];

	db[0] = '\0';
	for (size_t k = 0; k < r->d.nuris; k++) {
		const struct zl_dmarc_uri *u = &r->d.uris[k];
		char host[260], nb[NAMEBUF], ab[NAMEBUF];
		uint8_t dw[ZL_NAME_MAX], aw[ZL_NAME_MAX];
		size_t dl, al;
		int rel;
		const char *err;
		enum dest ds;
		uint32_t a, b;
		struct zl_diag *dg;

		/* RFC 7489 §7.1 verifies mailto: destinations */
		if (!u->usable || u->domain_len == 0 ||
		    u->domain_len > 253 || u->scheme_len != 6 ||
		    strncasecmp(r->val + u->off, "mailto", 6) != 0 ||
		    same_dest_before(r, k))
			continue;
		if (host_is(r->val + u->domain_off, u->domain_len, r->dom,
		    r->dom_len)) {
			/* the usual "rua=mailto:dmarc@<its own domain>" */
			memcpy(dw, r->dom, r->dom_len);
			dl = r->dom_len;
		} else {
			lower_copy(host, r->val + u->domain_off,
			    u->domain_len);
			if (zl_name_parse(host, strlen(host),
			    (const uint8_t *)"", 0, dw, &dl, &rel, &err) != 0)
				continue;
		}
		ds = dest_state(ctx, st, r, dw, dl, aw, &al);
		if (ds == DEST_OWN || ds == DEST_AUTHORIZED)
			continue;
		if (db[0] == '\0')
			dom_text(r, db);
		wire_text(dw, dl, nb);
		wire_text(aw, al, ab);
		vspan(r, u->off, u->len, &a, &b);
		if (ds == DEST_UNKNOWN) {
			zl_report_sev(ctx, ZL_R_dmarc_external_reports,
			    ZL_SEV_INFO, rec_of(ctx, r), rec_of(ctx, r)->src,
			    a, b,
			    "reports for '%s' go to '%s', another organization; receivers send them only if '%s' publishes '%s IN TXT \"v=DMARC1\"' (RFC 7489 §7.1)",
			    db, nb, nb, ab);
			continue;
		}
		dg = zl_report_sev(ctx, ZL_R_dmarc_external_reports,
		    ZL_SEV_ERROR, rec_of(ctx, r), rec_of(ctx, r)->src,
		    a, b,
		    "reports for '%s' go to '%s', which does not publish '%s IN TXT \"v=DMARC1\"'; receivers will not send them (RFC 7489 §7.1)",
		    db, nb, ab);
		if (dg != NULL && ds == DEST_ZONE) {
			struct zl_buf line = ZL_BUF_INIT;
			struct zl_fix *f = zl_diag_fix(dg, ZL_FIX_SAFE,
			    "add '%s IN TXT \"v=DMARC1\"'", ab);

			zl_txt_record_line(&line, ab, 0, "v=DMARC1", 8,
			    zl_source_eol(z->sources[0]));
			zl_fix_add_line(f, z, insert_after(z,
			    zl_zone_find_name(z, dw, dl)), line.data);
			zl_buf_release(&line);
		}
	}
}

/* ---- running the family */

static void
state_release(struct dstate *st)
{
	zl_txt_release(&st->cur.txt);
	zl_entry_release(&st->cur.e);
	zl_buf_release(&st->cur.buf);
	zl_dmarc_release(&st->cur.d);
	zl_txt_release(&st->tmp);
	free(st->cand);
	for (size_t i = 0; i < st->nmis; i++)
		free(st->mis[i].dom);
	free(st->mis);
	free(st->mail);
	st->cand = NULL;
	st->mis = NULL;
	st->mail = NULL;
	st->ncand = st->nmis = st->nmail = 0;
	st->ccap = st->miscap = st->mcap = 0;
}

static void
state_free(void *p)
{
	state_release(p);
	free(p);
}

/*
 * RFC 9989 psd=y in the zone's own policy, the only valid v=DMARC1
 * record at _dmarc.<origin>: each child is then its own organization.
 */
static int
apex_psd(struct dstate *st, const struct zl_zone *z)
{
	size_t ol;
	const uint8_t *o = zl_zone_origin_wire(z, &ol);
	uint8_t dw[ZL_NAME_MAX];
	size_t dl = dmarc_name(o, ol, dw);
	uint32_t id = dl ? zl_zone_find_name(z, dw, dl) : ZL_NONE;
	uint32_t n_ok = 0, ok = ZL_NONE;
	struct oinfo oi;
	const struct drec *r;

	if (id == ZL_NONE)
		return 0;
	owner_info(z, id, &oi);
	if (!oi.at_dmarc)
		return 0;
	for (uint32_t ri = z->names[id].first; ri != ZL_NONE;
	    ri = z->recs[ri].next) {
		const struct zl_record *rec = &z->recs[ri];

		if (rec->type != LDNS_RR_TYPE_TXT ||
		    zl_txt_decode(&st->tmp, z, rec) != 0)
			continue;
		if (zl_dmarc_start(st->tmp.val, st->tmp.len) ==
		    ZL_DMARC_START_OK) {
			n_ok++;
			ok = ri;
		}
	}
	if (n_ok != 1)
		return 0;
	r = open_rec(st, z, ok, 1);
	return r->d.nerrs == 0 && r->d.psd == 'y';
}

/* The rules about single records that are switched on. */
struct ron {
	int multiple, syntax, compat, unauth, none, pct, subdomain;
	int no_reports, external;
};

/*
 * Step 3: each record at a _dmarc or report authorization name, decoded
 * and parsed once, by owner and then in file order, with what its name's
 * other records say about it.
 */
static void
each_record(struct zl_ctx *ctx, struct dstate *st, const struct ron *on)
{
	const struct zl_zone *z = ctx->zone;

	for (size_t a = 0, b; a < st->ncand; a = b) {
		uint32_t owner = z->recs[st->cand[a]].owner;
		uint32_t n_ok = 0, ok_seen = 0;
		int tries = 0;
		struct oinfo o;
		const uint8_t *dom;
		size_t dl;
		enum dkind kind;

		for (b = a + 1; b < st->ncand &&
		    z->recs[st->cand[b]].owner == owner; b++)
			;
		owner_info(z, owner, &o);
		kind = owner_dom(&o, &dom, &dl);
		/*
		 * Several records at one name (rare): how many are v=DMARC1
		 * (one, or the set is void, RFC 7489 §6.6.3), and whether
		 * any says "dmarc" at all.
		 */
		for (size_t k = a; b - a > 1 && k < b; k++) {
			enum zl_dmarc_start s;

			if (zl_txt_decode(&st->tmp, z, &z->recs[st->cand[k]]) != 0)
				st->tmp.len = 0;
			s = zl_dmarc_start(st->tmp.val, st->tmp.len);
			n_ok += s == ZL_DMARC_START_OK;
			tries |= s >= ZL_DMARC_START_MENTION;
		}
		for (size_t k = a; k < b; k++) {
			struct drec *r = open_rec(st, z, st->cand[k], 1);
			enum zl_dmarc_start start = r->d.start;

			if (b - a == 1) {
				n_ok = start == ZL_DMARC_START_OK;
				tries = start >= ZL_DMARC_START_MENTION;
			}
			r->kind = kind;
			r->dom = dom;
			r->dom_len = dl;
			r->dom_id = ZL_NONE;
			r->valid = r->d.nerrs == 0;
			r->single = n_ok == 1 && start == ZL_DMARC_START_OK;
			if (start == ZL_DMARC_START_OK && ok_seen++ == 1 &&
			    on->multiple)
				multiple(ctx, r, n_ok);
			if (on->syntax)
				syntax(ctx, r, tries);
			if (on->compat)
				compat(ctx, r);
			if (!policy_record(r))
				continue;
			if (on->unauth)
				policy_unauthenticated(ctx, st, r);
			if (on->none)
				policy_none(ctx, r);
			if (on->pct)
				pct_partial(ctx, r);
			if (on->subdomain)
				subdomain_weaker(ctx, r);
			if (on->no_reports)
				no_reports(ctx, r);
			if (on->external)
				external_reports(ctx, st, r);
		}
	}
}

static int
rule_on(const struct zl_ctx *ctx, enum zl_rule_id id)
{
	return zl_ctx_severity(ctx, id) != ZL_SEV_NONE;
}

/*
 * Every DMARC rule that is on, the first time any of them is called (see
 * the top of the file). The state stays registered, emptied, so that the
 * other rules know it is done.
 */
static void
run(struct zl_ctx *ctx)
{
	const struct zl_zone *z = ctx->zone;
	struct dstate *st;
	struct ron on;

	if (ctx->family[ZL_FAM_DMARC] != NULL)
		return;
	st = zl_xcalloc(1, sizeof(*st));
	zl_txt_init(&st->tmp);
	zl_txt_init(&st->cur.txt);
	zl_dmarc_init(&st->cur.d);
	st->spf_any = st->dkim_any = -1;
	zl_ctx_family_set(ctx, ZL_FAM_DMARC, st, state_free);

	on.multiple = rule_on(ctx, ZL_R_dmarc_multiple);
	on.syntax = rule_on(ctx, ZL_R_dmarc_syntax);
	on.compat = rule_on(ctx, ZL_R_dmarc_compat);
	on.unauth = rule_on(ctx, ZL_R_dmarc_policy_unauthenticated) &&
	    zl_spf_valid_at != NULL && zl_dkim_valid_for != NULL;
	on.none = rule_on(ctx, ZL_R_dmarc_policy_none);
	on.pct = rule_on(ctx, ZL_R_dmarc_pct_partial);
	on.subdomain = rule_on(ctx, ZL_R_dmarc_subdomain_weaker);
	on.no_reports = rule_on(ctx, ZL_R_dmarc_no_reports);
	on.external = rule_on(ctx, ZL_R_dmarc_external_reports);

	scan_zone(st, z);
	sort_misplaced(st, z);
	if (rule_on(ctx, ZL_R_dmarc_missing))
		missing(ctx, st);
	if (rule_on(ctx, ZL_R_dmarc_wrong_name))
		wrong_name(ctx, st);
	if (on.external)
		st->psd_zone = apex_psd(st, z);
	each_record(ctx, st, &on);
	state_release(st);
}

void
check_dmarc_missing(struct zl_ctx *ctx)
{
	run(ctx);
}

void
check_dmarc_wrong_name(struct zl_ctx *ctx)
{
	run(ctx);
}

void
check_dmarc_multiple(struct zl_ctx *ctx)
{
	run(ctx);
}

void
check_dmarc_syntax(struct zl_ctx *ctx)
{
	run(ctx);
}

void
check_dmarc_compat(struct zl_ctx *ctx)
{
	run(ctx);
}

void
check_dmarc_policy_unauthenticated(struct zl_ctx *ctx)
{
	run(ctx);
}

void
check_dmarc_policy_none(struct zl_ctx *ctx)
{
	run(ctx);
}

void
check_dmarc_pct_partial(struct zl_ctx *ctx)
{
	run(ctx);
}

void
check_dmarc_subdomain_weaker(struct zl_ctx *ctx)
{
	run(ctx);
}

void
check_dmarc_no_reports(struct zl_ctx *ctx)
{
	run(ctx);
}

void
check_dmarc_external_reports(struct zl_ctx *ctx)
{
	run(ctx);
}
