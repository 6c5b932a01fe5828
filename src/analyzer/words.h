/*
 * words.h - the tokenizer: words of a stretch of text (words.c).
 *
 * A word is a run of letters and digits joined by inner apostrophes,
 * hyphens and inner periods (Israel's, de-escalation, U.S., e.g., 3.5,
 * 2024, 1,000); a URL, domain or e-mail address is one word. A period
 * that belongs to an abbreviation (Dr., U.S.) is part of the word.
 */
#ifndef CD_ANALYZER_WORDS_H
#define CD_ANALYZER_WORDS_H

#include "analyzer/internal.h"

/* Abbreviation classes (data/abbreviations.txt). */
enum {
	CDI_ABBR_NONE = 0,
	CDI_ABBR_TITLE = 't',     /* never ends a sentence */
	CDI_ABBR_END = 'e',       /* ends before a common sentence opener */
	CDI_ABBR_NUMBER = 'n',    /* absorbed only before a number */
	CDI_ABBR_MONTH = 'm',     /* absorbed only before a number */
	CDI_ABBR_NEVER = 'x',     /* never ends */
	CDI_ABBR_INITIAL = 'i',   /* one capital letter: J. Smith */
	CDI_ABBR_TIME = 'h',      /* a.m., p.m.: ends before a capital but a weekday,
	                             month or time zone */
	CDI_ABBR_STATE = 's',     /* Mass., Calif.: after "City, " only; ends before
	                             a capital, not before "(AP)" or a dash */
	CDI_ABBR_STREET = 'r',    /* Ave., Blvd.: ends before a capital but a compass
	                             point or "Suite" */
	CDI_ABBR_UNIT = 'u'       /* tsp., oz.: after a number only, then as 'r' */
};

typedef struct cdi_tok {
	size_t start, end;
	uint16_t flags;           /* CD_WORD_* */
	uint16_t letters;
	unsigned char abbr;       /* CDI_ABBR_* when the word ends in its period */
	unsigned char link;       /* 1: the target of a Markdown link, the URL of
	                           * "[text](https://...)": not read, so no word */
} cdi_tok;

typedef CDI_VEC(cdi_tok) cdi_toks;

/* Appends the words of text[start, end) to out. -1 on no memory. */
int cdi_tokenize(const char *text, size_t start, size_t end, cdi_toks *out);

/* The CDI_ABBR_* class of the word s[0, len) (without its final period,
 * any case) when data/abbreviations.txt lists it, else CDI_ABBR_NONE. */
int cdi_abbr_class(const char *s, size_t len);

/* The case-folded form of text[start, end) interned in a->forms: sets *id
 * and *folded (arena string). CD_OK or CD_ENOMEM. */
int cdi_fold_word(cd_article *a, size_t start, size_t end, uint32_t *id, const char **folded);

/* 1 when the case-folded word is a common sentence opener (The, This,
 * But ...): after an abbreviation that may end a sentence (U.S., etc.),
 * such a capitalized word starts a new one. */
int cdi_is_sentence_opener(const char *folded);

#endif
