/*
 * readability.c - counts, the readability formulas and sentence-length
 * figures. Every formula lives here once, with its source.
 *
 * Counts cover counted sentences only (prose paragraphs and list items);
 * headings, table rows and boilerplate are counted on their own (segment.c).
 *   W words, S sentences, Y syllables, C letters and digits in words,
 *   P polysyllables (3+ syllables), long words (7+ letters),
 *   complex words (Gunning): 3+ syllables, not capitalized inside a
 *   sentence (a proper noun), not hyphenated, and still 3+ syllables when
 *   an -es, -ed or -ing ending is not counted.
 */
#include "analyzer/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Flesch, R. (1948). A new readability yardstick. J. Applied Psychology 32(3). */
static double flesch_reading_ease(double w, double s, double y)
{
	return 206.835 - 1.015 * (w / s) - 84.6 * (y / w);
}

/* Kincaid, Fishburne, Rogers & Chissom (1975). Derivation of new readability
 * formulas for Navy enlisted personnel. Research Branch Report 8-75. */
static double flesch_kincaid_grade(double w, double s, double y)
{
	return 0.39 * (w / s) + 11.8 * (y / w) - 15.59;
}

/* Gunning, R. (1952). The Technique of Clear Writing. McGraw-Hill. */
static double gunning_fog(double w, double s, double complex)
{
	return 0.4 * (w / s + 100.0 * complex / w);
}

/* McLaughlin, G. H. (1969). SMOG grading: a new readability formula.
 * Journal of Reading 12(8). */
static double smog(double s, double poly)
{
	return 1.0430 * sqrt(poly * 30.0 / s) + 3.1291;
}

/* Coleman, M. & Liau, T. L. (1975). A computer readability formula designed
 * for machine scoring. J. Applied Psychology 60(2). */
static double coleman_liau(double w, double s, double c)
{
	double l = c / w * 100.0, s100 = s / w * 100.0;
	return 0.0588 * l - 0.296 * s100 - 15.8;
}

/* Senter, R. J. & Smith, E. A. (1967). Automated Readability Index.
 * AMRL-TR-6620, Wright-Patterson AFB. */
static double ari(double w, double s, double c)
{
	return 4.71 * (c / w) + 0.5 * (w / s) - 21.43;
}

/* Björnsson, C. H. (1968). Läsbarhet. Stockholm: Liber. */
static double lix(double w, double s, double long_words)
{
	return w / s + 100.0 * long_words / w;
}

/* Anderson, J. (1983). Lix and Rix: variations on a little-known
 * readability index. Journal of Reading 26(6). */
static double rix(double s, double long_words)
{
	return long_words / s;
}

/* Linsear Write (O'Hayre, J. (1966). Gobbledygook Has Gotta Go. US Bureau of
 * Land Management): easy words (1-2 syllables) count 1, hard words (3+)
 * count 3; r = total / sentences; grade = r/2 when r > 20, else (r-2)/2.
 * copydesk applies it to the whole text instead of a 100-word sample. */
static double linsear_write(double w, double s, double poly)
{
	double r = ((w - poly) + 3.0 * poly) / s;
	return r > 20.0 ? r / 2.0 : (r - 2.0) / 2.0;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

static double median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* The median of the sentence lengths v[0, n) (whole numbers up to max),
 * from a count of each length: linear where sorting was n log n, and the
 * same value. Falls back to the sort when the counts cannot be had. */
static double median_lengths(double *v, size_t n, size_t max)
{
	size_t *count = calloc(max + 1, sizeof *count);
	if (!count)
		return median(v, n);
	for (size_t i = 0; i < n; i++)
		count[(size_t)v[i]]++;
	/* The lengths at positions n/2 - 1 and n/2 of the sorted list. */
	size_t lo_k = n % 2 ? n / 2 : n / 2 - 1, hi_k = n / 2, seen = 0;
	double lo = 0, hi = 0;
	int have_lo = 0;
	for (size_t len = 0; len <= max; len++) {
		seen += count[len];
		if (!have_lo && seen > lo_k) {
			lo = (double)len;
			have_lo = 1;
		}
		if (seen > hi_k) {
			hi = (double)len;
			break;
		}
	}
	free(count);
	return n % 2 ? hi : (lo + hi) / 2.0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_complex(const cd_article *a, size_t i, int sentence_initial)
{
	const cd_word *w = &a->r.words[i];
	if (w->syllables < 3 || (w->flags & (CD_WORD_HYPHENATED | CD_WORD_NUMBER | CD_WORD_URL)))
		return 0;
	if ((w->flags & CD_WORD_CAPITALIZED) && !sentence_initial)
		return 0;
	const char *f = a->r.folded[i];
	if ((ends_with(f, "es") || ends_with(f, "ed")) && w->syllables == 3)
		return 0;
	if (ends_with(f, "ing") && w->syllables == 3)
		return 0;
	return 1;
}

int cdi_readability(cd_article *a)
{
	cd_result *r = &a->r;
	cd_counts *c = &r->counts;
	double *lengths = NULL;
	size_t n_lengths = 0;

	c->all_words = r->n_words;
	if (r->n_sentences) {
		lengths = malloc(r->n_sentences * sizeof *lengths);
		if (!lengths)
			return CD_ENOMEM;
	}
	cd_sentence *sents = (cd_sentence *)r->sentences;
	cd_block *blocks = (cd_block *)r->blocks;
	for (size_t s = 0; s < r->n_sentences; s++) {
		cd_sentence *st = &sents[s];
		size_t syl = 0;
		for (size_t i = st->first_word; i < st->first_word + st->n_words; i++) {
			const cd_word *w = &r->words[i];
			syl += w->syllables;
			if (!st->counted)
				continue;
			c->words++;
			c->syllables += w->syllables;
			c->letters += w->letters;
			c->polysyllables += w->syllables >= 3;
			c->long_words += w->letters >= 7;
			c->complex_words += (size_t)is_complex(a, i, i == st->first_word);
		}
		st->syllables = syl;
		if (st->n_words)
			st->grade = flesch_kincaid_grade((double)st->n_words, 1.0, (double)syl);
		blocks[st->block].syllables += syl;
		if (st->counted) {
			c->sentences++;
			lengths[n_lengths++] = (double)st->n_words;
		}
	}
	for (size_t b = 0; b < r->n_blocks; b++) {
		cd_block *blk = &blocks[b];
		if ((blk->kind == CD_BLOCK_PROSE || blk->kind == CD_BLOCK_LIST_ITEM) &&
		    blk->n_words && blk->n_sentences) {
			double w = (double)blk->n_words, s = (double)blk->n_sentences;
			blk->grade = flesch_kincaid_grade(w, s, (double)blk->syllables);
			blk->reading_ease = flesch_reading_ease(w, s, (double)blk->syllables);
		}
	}

	/* Sentence lengths. */
	cd_sentence_stats *ss = &r->sentence_stats;
	if (n_lengths) {
		double sum = 0;
		for (size_t i = 0; i < n_lengths; i++) {
			sum += lengths[i];
			if (lengths[i] > ss->max_words)
				ss->max_words = (size_t)lengths[i];
			ss->long_count += lengths[i] > a->opt.long_sentence;
			ss->very_long_count += lengths[i] > a->opt.very_long_sentence;
		}
		ss->mean_words = sum / (double)n_lengths;
		ss->long_share = (double)ss->long_count / (double)n_lengths;
		ss->median_words = median_lengths(lengths, n_lengths, ss->max_words);
	}
	free(lengths);

	/* The formulas, on the whole article. */
	cd_readability *rd = &r->readability;
	if (c->words && c->sentences) {
		double w = (double)c->words, s = (double)c->sentences, y = (double)c->syllables;
		rd->flesch_reading_ease = flesch_reading_ease(w, s, y);
		rd->flesch_kincaid_grade = flesch_kincaid_grade(w, s, y);
		rd->gunning_fog = gunning_fog(w, s, (double)c->complex_words);
		rd->smog = smog(s, (double)c->polysyllables);
		rd->coleman_liau = coleman_liau(w, s, (double)c->letters);
		rd->ari = ari(w, s, (double)c->letters);
		rd->lix = lix(w, s, (double)c->long_words);
		rd->rix = rix(s, (double)c->long_words);
		rd->linsear_write = linsear_write(w, s, (double)c->polysyllables);
		/* Consensus: the median of the six grade-level formulas. */
		double grades[6] = { rd->flesch_kincaid_grade, rd->gunning_fog, rd->smog,
		                     rd->coleman_liau, rd->ari, rd->linsear_write };
		rd->consensus_grade = median(grades, 6);
	}

	if (c->words == 0) {
		if (cdi_warn(a, "no prose: readability figures are zero") != CD_OK)
			return CD_ENOMEM;
	} else if (c->words < 100 || c->sentences < 3) {
		/* Say what is short: "(66 words): ... at least 100 words". */
		int few_words = c->words < 100, few_sentences = c->sentences < 3;
		int rc = few_words && few_sentences ?
			cdi_warn(a, "short text (%zu words, %zu sentence%s): readability figures need "
			         "at least 100 words and 3 sentences to mean much", c->words,
			         c->sentences, c->sentences == 1 ? "" : "s") :
			few_words ?
			cdi_warn(a, "short text (%zu words): readability figures need at least 100 "
			         "words to mean much", c->words) :
			cdi_warn(a, "short text (%zu sentence%s): readability figures need at least 3 "
			         "sentences to mean much", c->sentences, c->sentences == 1 ? "" : "s");
		if (rc != CD_OK)
			return CD_ENOMEM;
	}
	return CD_OK;
}
