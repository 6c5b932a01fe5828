/*
 * reuse.h - cross-article reuse over a batch of analyzed articles.
 *
 * Generated articles repeat themselves across a folder: the same template
 * phrases, the same first and last sentence openings, whole articles copied
 * with a few words changed. A cd_reuse is fed every analyzed article of a
 * batch, one at a time in path order, and at the end lists:
 *   - phrases of phrase_min_words..phrase_max_words words shared by at least
 *     min_articles articles (each counted once per article), maximal only,
 *     with at least min_content_words words that are not function words;
 *     overlapping longest phrases of one passage are merged back into it;
 *   - openers: the first 3-5 words of the first sentence, shared by 2+ articles;
 *   - closers: the first 3-5 words of the last sentence, shared by 2+ articles;
 *   - near-duplicate article pairs (MinHash estimate of the Jaccard similarity
 *     of their word 5-gram sets).
 * Only counted sentences (prose and list items) are read, and no phrase or
 * shingle ever crosses a sentence end. Words are the case-folded forms.
 *
 * Memory: a fixed-size phrase table (table_bytes) that is pruned of phrases
 * seen in fewer than min_articles articles, oldest first, whenever it fills
 * up. The 516-byte signature record of each article goes to an unlinked
 * temporary file in $TMPDIR (or /tmp), so memory does not grow with the
 * batch; only when no such file can be made are they kept in memory.
 * Phrase counting is lossy: a phrase's count is exact when no two of its first min_articles uses are
 * further apart than the table's window (the number of articles whose
 * phrases fit in half the table: about 60 articles of 800 words at the
 * default 12 MiB, see reuse.c); otherwise it is a lower bound. Phrases that
 * reached min_articles are never pruned.
 *
 * Measured (CD_REUSE_BENCH=10000 build/tests/test_reuse: 10,000 generated
 * articles of 850 words): about 0.3 ms per article in cd_reuse_add, 18.6 MiB
 * held at the end (12 MiB table, 1.5 MiB opener and closer tables, 4.9 MiB
 * of signatures), 40 ms in cd_reuse_finish.
 *
 * Everything is deterministic: the same articles fed in the same order give
 * the same result, bit for bit. Not thread-safe: one thread feeds a cd_reuse.
 */
#ifndef CD_BATCH_REUSE_H
#define CD_BATCH_REUSE_H

#include <stddef.h>

#include "copydesk.h"

/* The longest phrase the table can count, in words. */
#define CD_REUSE_MAX_WORDS 16

typedef struct cd_reuse_options {
	unsigned phrase_min_words;   /* shortest shared phrase, in words (4: the "4+ words") */
	unsigned phrase_max_words;   /* longest, in words (8, at most CD_REUSE_MAX_WORDS) */
	size_t min_articles;         /* a phrase is shared when this many articles use it (3, >= 2) */
	double near_duplicate;       /* estimated Jaccard similarity from which two articles pair (0.5) */
	size_t max_phrases;          /* longest list of phrases, openers and closers each (50) */
	size_t max_pairs;            /* longest list of near-duplicate pairs (100) */
	unsigned min_content_words;  /* a listed phrase holds at least this many words that are not
	                                function words (data/function_words.txt): 2, so "at the end
	                                of" (English, not a template) is left out; 0 lists all */
	size_t table_bytes;          /* memory for the phrase table (12 MiB, at least 64 KiB) */
} cd_reuse_options;

/* Fills opt with the defaults above. */
void cd_reuse_options_init(cd_reuse_options *opt);

typedef struct cd_reuse cd_reuse;

/* A new, empty analysis with opt (NULL: the defaults). On success *out
 * holds it; free it with cd_reuse_free. CD_EINVAL for options out of
 * range, CD_ENOMEM. */
int cd_reuse_new(cd_reuse **out, const cd_reuse_options *opt);

/* Feeds one analyzed article. index is its position in path order and must
 * grow from call to call (gaps are fine: an unreadable file has none); it
 * must stay below 2^32 - 1. Nothing of res is kept after the call. Returns
 * CD_OK, CD_EINVAL (index not growing, or after cd_reuse_finish),
 * CD_ENOMEM or CD_EIO (the temporary file could not be written, errno
 * says why); after an error the analysis is unusable: free it. */
int cd_reuse_add(cd_reuse *r, size_t index, const cd_result *res);

typedef struct cd_reuse_phrase {
	const char *text;            /* case-folded words, one space apart */
	size_t n_words;
	size_t articles;             /* articles using it (a lower bound, see above) */
	size_t first_article;        /* index of the first article seen using it (since the
	                                table last pruned it, when its count is a lower bound) */
} cd_reuse_phrase;

typedef struct cd_reuse_pair {
	size_t a, b;                 /* article indexes, a < b */
	double similarity;           /* estimated Jaccard similarity of their 5-gram sets, 0..1 */
} cd_reuse_pair;

typedef struct cd_reuse_result {
	size_t articles;             /* articles fed */
	/* Shared phrases, most articles first, then longest, then by text. A
	 * phrase is left out when a longer shared phrase holding it has the
	 * same number of articles. Phrase_max_words-word phrases that overlap
	 * by all but one word, with the same articles count and first article,
	 * are merged into one longer phrase (so n_words may exceed
	 * phrase_max_words). */
	const cd_reuse_phrase *phrases; size_t n_phrases;
	/* First-sentence openings (3-5 words) shared by 2+ articles, same order;
	 * a shorter opening is left out when a longer one has as many articles. */
	const cd_reuse_phrase *openers; size_t n_openers;
	/* Last-sentence openings ("in conclusion it is"), as openers. */
	const cd_reuse_phrase *closers; size_t n_closers;
	/* Near-duplicate pairs, most similar first, then by a, then by b. */
	const cd_reuse_pair *pairs; size_t n_pairs;
} cd_reuse_result;

/* Works out the result; *out stays valid until cd_reuse_free. No article
 * may be added afterwards; calling it again returns the same result. */
int cd_reuse_finish(cd_reuse *r, const cd_reuse_result **out);

/* Figures for tests and the benchmark. */
typedef struct cd_reuse_stats {
	size_t entries;              /* phrase table entries now */
	size_t slots;                /* phrase table capacity */
	size_t prunes;               /* times the phrase table was pruned */
	size_t grows;                /* times it had to grow (entries that can no longer be pruned) */
	size_t signatures;           /* articles with a MinHash signature */
	size_t bytes;                /* heap bytes held now (tables, signatures, texts) */
} cd_reuse_stats;

void cd_reuse_get_stats(const cd_reuse *r, cd_reuse_stats *out);

/* Accepts NULL. */
void cd_reuse_free(cd_reuse *r);

#endif
