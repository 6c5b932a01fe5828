/*
 * internal.h - the layout of cd_article and the analyzer's stages.
 *
 * cd_analyze (article.c) runs the stages in this order; each reads what
 * the ones before it produced and fills its part of a->r:
 *
 *   cdi_text_normalize   text.c        bytes -> a->r.text (UTF-8, NFC, LF)
 *   cdi_segment          segment.c     blocks, words (words.c), sentences
 *   cdi_readability      readability.c counts, formulas, sentence figures
 *   cdi_phrases          phrases.c     filler matches -> a->r.fillers, a->match_*
 *   cdi_repetition       repetition.c  n-grams, diversity, openers, same root
 *   cdi_mechanics        mechanics.c   spacing, a/an, case, doubles, passive...
 *   cdi_score            score.c       quality score from the measures
 *
 * Each stage returns CD_OK or CD_ENOMEM; none prints or exits. Everything
 * the result points to is allocated in a->arena.
 */
#ifndef CD_ANALYZER_INTERNAL_H
#define CD_ANALYZER_INTERNAL_H

#include "copydesk.h"
#include "util/arena.h"
#include "util/strmap.h"
#include "util/vec.h"

#include <stdarg.h>
#include <string.h>

struct cd_article {
	cd_result r;
	cd_options opt;
	cdi_arena arena;
	cdi_strmap forms;             /* folded word form -> cd_word.id */
	CDI_VEC(cd_finding) findings; /* gathered by stages, sorted at the end */
	CDI_VEC(const char *) warnings;
	CDI_VEC(void *) owned;        /* malloc'd arrays the result points to */

	/* Filled by cdi_phrases for later stages, one entry per word: the
	 * category + 1 and the length in words of the longest phrase-book
	 * match starting at that word (0 when none), whether or not its
	 * category is enabled. */
	unsigned char *match_cat;
	unsigned char *match_len;
};

int cdi_text_normalize(cd_article *a, const char *bytes, size_t len);
int cdi_segment(cd_article *a);
int cdi_readability(cd_article *a);
int cdi_phrases(cd_article *a);
int cdi_repetition(cd_article *a);
/* The first two letters of a folded word as a key that two words with the
 * same Porter2 stem share, or 0 when the stemmer may change them (see
 * repetition.c). */
uint16_t cdi_stem_key(const char *folded);
int cdi_mechanics(cd_article *a);
int cdi_score(cd_article *a);

/* fmt with ap into out[0, cap) exactly as vsnprintf would, for the
 * conversions messages use: %s, %.*s, %zu, %u, %d, %.0f and %%. Returns
 * vsnprintf's result, or -1 at any other conversion, a NULL string or a
 * huge %.0f value (the caller then asks vsnprintf). An analysis formats
 * hundreds of thousands of messages; vsnprintf costs several times this. */
int cdi_format_fast(char *out, size_t cap, const char *fmt, va_list ap);
/* Records a finding over text bytes [start, end) with a printf-style
 * message. Returns CD_OK or CD_ENOMEM. */
int cdi_add_finding(cd_article *a, cd_finding_kind kind, int category,
                    size_t start, size_t end, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Hands a malloc'd block to the article, freed with it (big arrays are
 * kept where they were built rather than copied into the arena). On no
 * memory frees p and returns CD_ENOMEM. */
int cdi_own(cd_article *a, void *p);
int cdi_warn(cd_article *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The case-folded form of word i (NUL-terminated, in the arena):
 * NFC, case-folded, U+2019/U+02BC as ', U+2010/U+2011 as -. */
static inline const char *cdi_folded(const cd_article *a, size_t i)
{
	return a->r.folded[i];
}

/* 1 when the folded word f is one of the n words of list; the small
 * word lists of the rules (modal participles, degree words...) use it. */
static inline int cdi_word_in(const char *f, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(f, list[k]) == 0)
			return 1;
	return 0;
}
#define CDI_WORD_IN(f, list) cdi_word_in((f), (list), sizeof(list) / sizeof((list)[0]))

/* 1 for a folded word that denies what follows it: "not", "no", "never",
 * and the n't forms ("isn't", "didn't"). */
static inline int cdi_is_negation(const char *f)
{
	static const char *const words[] = { "not", "never", "no" };
	size_t n = strlen(f);
	return CDI_WORD_IN(f, words) || (n > 3 && strcmp(f + n - 3, "n't") == 0);
}

/* The built-in phrase book, built once and shared read-only by every
 * analysis (phrases.c). NULL on no memory. */
const cd_phrasebook *cdi_phrasebook_builtin(void);

/* Looks words[first .. first+n) up in book: the index of the longest entry
 * starting at first, with its length in words in *len; -1 when none. For
 * callers that need to know whether a span is a phrase (openers). */
long cdi_phrasebook_match(const cd_phrasebook *book, const char *const *folded,
                          size_t first, size_t n, size_t *len);

#endif
