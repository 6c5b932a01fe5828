/*
 * score.c - the quality score: 100 minus explained deductions, run last
 * over the measures every other stage left in a->r.
 *
 * Each deduction compares one figure with its target and grows smoothly
 * with the excess, up to its weight (the most points it may take):
 *
 *     points = weight * min(1, (value - target) / span)   when value > target
 *
 * so a figure just over its target costs little and one far over it costs
 * the whole weight. Points are rounded to 0.1; only deductions over 0 are
 * kept, biggest first. Weights and targets come from a->opt (copydesk.ini
 * [score] and [thresholds]); the spans are fixed here.
 *
 * key             figure (from)                         target (opt)   span   why
 * --------------  ------------------------------------  -------------  -----  -----------------------------------
 * filler          filler phrases per 1,000 words        4              12     AI-text ("slop") detectors and
 *                 (r.fillers.per_1000_words)                                  proselint-style checkers report
 *                                                                             phrases per 1,000 words; edited news
 *                                                                             copy carries a few (a "however", an
 *                                                                             "according to"), so 4 is tolerated.
 *                                                                             Full weight at 16: one filler phrase
 *                                                                             in every ~60 words, 4x the target.
 * grade           consensus grade (r.readability)       12             6      Flesch-Kincaid grade 12 is the end of
 *                                                                             secondary school: the ceiling for a
 *                                                                             general news reader (news style aims
 *                                                                             at grades 8-10). Full weight at 18,
 *                                                                             postgraduate prose.
 * transitions     share of sentences opening with a     0.15           0.25   Yoast's readability check warns when
 *                 transition (r.repetition)                                   transition words are rare, but news
 *                                                                             copy opens few sentences with one;
 *                                                                             generated text opens every other one.
 *                                                                             Full weight at 0.40.
 * long_sentences  share of counted sentences over       0.25           0.25   Yoast flags texts with more than 25%
 *                 opt.long_sentence words                                     of sentences over 20 words; Cutts
 *                 (r.sentence_stats.long_share)                               (Oxford Guide to Plain English) asks
 *                                                                             for 15-20 words on average. Full
 *                                                                             weight when half are long.
 * repetition      share of words inside repeated        0.05           0.15   Repeated 3+-word phrases (as
 *                 3+-word phrases                                             TextDescriptives measures them) are
 *                 (r.repetition.repeated_word_share)                          rare in edited copy beyond names and
 *                                                                             titles; full weight at 0.20, a fifth
 *                                                                             of the text said twice.
 * mechanics       spacing + lowercase starts + a/an +   0 per 1,000    10     Edited copy has none of these errors;
 *                 doubled words, per 1,000 words                              one per 100 words (10 per 1,000) takes
 *                 (r.mechanics)                                               the whole weight.
 * passive         share of counted sentences with a     0.15           0.25   Yoast flags more than 10% passive
 *                 passive (r.mechanics.passive_...)                           sentences, Flesch (The Art of Readable
 *                                                                             Writing) and Orwell advise the active
 *                                                                             voice; news reports need some passives
 *                                                                             ("was arrested"), hence 0.15. Full
 *                                                                             weight at 0.40.
 * openers         sentences inside same-opener runs     0              0.20   Yoast flags three or more consecutive
 *                 (3+ in a row) plus near-duplicate                           sentences opening with the same word:
 *                 sentences, as a share of sentences                          any run is a fault. Full weight when
 *                 (r.repetition)                                              a fifth of the sentences are in runs
 *                                                                             or repeat an earlier one.
 *
 * Bands (quality, after deductions): >= 85 "excellent", >= 70 "good",
 * >= 55 "fair", >= 40 "poor", else "very poor" - steps of 15 points, about
 * one full-weight deduction each, so a band says how many serious faults
 * the text has (none, one, two, three, more).
 *
 * A text without counted words or sentences scores 100 with no deduction
 * that needs them; texts under 100 words or 3 sentences are still scored
 * (the readability stage warns that the figures are unreliable).
 */
#include "analyzer/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The spans of the table above. */
#define SPAN_FILLER 12.0
#define SPAN_GRADE 6.0
#define SPAN_TRANSITIONS 0.25
#define SPAN_LONG 0.25
#define SPAN_REPETITION 0.15
#define TARGET_MECHANICS 0.0
#define SPAN_MECHANICS 10.0
#define SPAN_PASSIVE 0.25
#define TARGET_OPENERS 0.0
#define SPAN_OPENERS 0.20

/* Rounded to one decimal. */
static double round1(double x)
{
	return floor(x * 10.0 + 0.5) / 10.0;
}

/* weight * min(1, (value - target) / span), 0 when not over target. */
static double excess_points(double value, double target, double span, double weight)
{
	if (!(value > target) || !(weight > 0) || !(span > 0))
		return 0;
	double f = (value - target) / span;
	return weight * (f > 1 ? 1 : f);
}

/* A share as a percentage with no needless decimals: "15%", "12.5%". */
static void pct(char *buf, size_t n, double share)
{
	double p = share * 100.0;
	if (fabs(p - floor(p + 0.5)) < 0.05)
		snprintf(buf, n, "%.0f%%", p);
	else
		snprintf(buf, n, "%.1f%%", p);
}

typedef struct {
	cd_deduction v[8];
	size_t n;
} deduction_list;

static int add(cd_article *a, deduction_list *l, const char *key, double points,
               const char *reason)
{
	points = round1(points);
	if (!(points > 0))
		return CD_OK;
	const char *r = cdi_arena_strndup(&a->arena, reason, strlen(reason));
	if (!r)
		return CD_ENOMEM;
	l->v[l->n].key = key;
	l->v[l->n].reason = r;
	l->v[l->n].points = points;
	l->n++;
	return CD_OK;
}

static int deduction_cmp(const void *x, const void *y)
{
	const cd_deduction *p = x, *q = y;
	if (p->points != q->points)
		return p->points > q->points ? -1 : 1;
	return strcmp(p->key, q->key);
}

static const char *band_of(double q)
{
	if (q >= 85)
		return "excellent";
	if (q >= 70)
		return "good";
	if (q >= 55)
		return "fair";
	if (q >= 40)
		return "poor";
	return "very poor";
}

int cdi_score(cd_article *a)
{
	cd_result *r = &a->r;
	const cd_options *o = &a->opt;
	deduction_list l = { .n = 0 };
	char buf[256], p1[32], p2[32];
	int err = CD_OK;
	double words = (double)r->counts.words;
	double sentences = (double)r->counts.sentences;

	if (words > 0) {
		double v = r->fillers.per_1000_words;
		snprintf(buf, sizeof buf, "%.1f filler phrases per 1,000 words, target <= %g",
		         v, o->target_filler_per_1000);
		if ((err = add(a, &l, "filler", excess_points(v, o->target_filler_per_1000,
		                SPAN_FILLER, o->weight_filler), buf)) != CD_OK)
			return err;

		const cd_mechanics *m = &r->mechanics;
		size_t errors = m->spacing_errors + m->lowercase_starts + m->article_errors +
		                m->doubled_words;
		v = 1000.0 * (double)errors / words;
		/* "5 mechanical errors (2 spacing, 1 lowercase start, ...)": the
		 * kinds found, each in its number. */
		const struct { size_t n; const char *one, *many; } kinds[] = {
			{ m->spacing_errors, "spacing", "spacing" },
			{ m->lowercase_starts, "lowercase start", "lowercase starts" },
			{ m->article_errors, "a/an", "a/an" },
			{ m->doubled_words, "doubled word", "doubled words" },
		};
		char parts[160] = "";
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
			if (kinds[k].n) {
				size_t u = strlen(parts);
				snprintf(parts + u, sizeof parts - u, "%s%zu %s", u ? ", " : " (", kinds[k].n,
				         kinds[k].n == 1 ? kinds[k].one : kinds[k].many);
			}
		if (parts[0])
			strncat(parts, ")", sizeof parts - strlen(parts) - 1);
		snprintf(buf, sizeof buf, "%zu mechanical error%s%s: %.1f per 1,000 words, target 0",
		         errors, errors == 1 ? "" : "s", parts, v);
		if ((err = add(a, &l, "mechanics", excess_points(v, TARGET_MECHANICS,
		                SPAN_MECHANICS, o->weight_mechanics), buf)) != CD_OK)
			return err;

		v = r->repetition.repeated_word_share;
		pct(p1, sizeof p1, v);
		pct(p2, sizeof p2, o->target_repeated_share);
		snprintf(buf, sizeof buf, "%s of words in repeated phrases of 3+ words, target <= %s",
		         p1, p2);
		if ((err = add(a, &l, "repetition", excess_points(v, o->target_repeated_share,
		                SPAN_REPETITION, o->weight_repetition), buf)) != CD_OK)
			return err;
	}
	if (sentences > 0) {
		double v = r->readability.consensus_grade;
		snprintf(buf, sizeof buf, "consensus grade %.1f, target <= %g", v, o->target_grade);
		if ((err = add(a, &l, "grade", excess_points(v, o->target_grade, SPAN_GRADE,
		                o->weight_grade), buf)) != CD_OK)
			return err;

		v = r->repetition.transition_opener_share;
		pct(p1, sizeof p1, v);
		pct(p2, sizeof p2, o->target_transition_share);
		snprintf(buf, sizeof buf, "%s of sentences open with a transition, target <= %s",
		         p1, p2);
		if ((err = add(a, &l, "transitions", excess_points(v, o->target_transition_share,
		                SPAN_TRANSITIONS, o->weight_transitions), buf)) != CD_OK)
			return err;

		v = r->sentence_stats.long_share;
		pct(p1, sizeof p1, v);
		pct(p2, sizeof p2, o->target_long_share);
		snprintf(buf, sizeof buf, "%s of sentences over %u words, target <= %s",
		         p1, o->long_sentence, p2);
		if ((err = add(a, &l, "long_sentences", excess_points(v, o->target_long_share,
		                SPAN_LONG, o->weight_long_sentences), buf)) != CD_OK)
			return err;

		v = (double)r->mechanics.passive_sentences / sentences;
		pct(p1, sizeof p1, v);
		pct(p2, sizeof p2, o->target_passive_share);
		snprintf(buf, sizeof buf, "%s of sentences in the passive voice, target <= %s",
		         p1, p2);
		if ((err = add(a, &l, "passive", excess_points(v, o->target_passive_share,
		                SPAN_PASSIVE, o->weight_passive), buf)) != CD_OK)
			return err;

		size_t in_runs = 0;
		for (size_t i = 0; i < r->repetition.n_runs; i++)
			in_runs += r->repetition.runs[i].length;
		size_t dups = r->repetition.n_near_duplicates;
		v = (double)(in_runs + dups) / sentences;
		if (v > 1)
			v = 1;
		pct(p1, sizeof p1, v);
		char runs_s[64], dups_s[64];
		snprintf(runs_s, sizeof runs_s, "%zu sentence%s in same-opener runs", in_runs,
		         in_runs == 1 ? "" : "s");
		snprintf(dups_s, sizeof dups_s, "%zu near-duplicate sentence%s", dups,
		         dups == 1 ? "" : "s");
		if (in_runs && dups)
			snprintf(buf, sizeof buf, "%s and %zu near-duplicate%s (%s of sentences), target 0",
			         runs_s, dups, dups == 1 ? "" : "s", p1);
		else
			snprintf(buf, sizeof buf, "%s (%s of sentences), target 0",
			         dups ? dups_s : runs_s, p1);
		if ((err = add(a, &l, "openers", excess_points(v, TARGET_OPENERS, SPAN_OPENERS,
		                o->weight_openers), buf)) != CD_OK)
			return err;
	}

	qsort(l.v, l.n, sizeof l.v[0], deduction_cmp);
	double total = 0;
	for (size_t i = 0; i < l.n; i++)
		total += l.v[i].points;
	cd_deduction *d = NULL;
	if (l.n) {
		d = cdi_arena_calloc(&a->arena, l.n, sizeof *d);
		if (!d)
			return CD_ENOMEM;
		memcpy(d, l.v, l.n * sizeof *d);
	}
	double q = round1(100.0 - total);
	r->score.quality = q < 0 ? 0 : q > 100 ? 100 : q;
	r->score.band = band_of(r->score.quality);
	r->score.deductions = d;
	r->score.n_deductions = l.n;
	return CD_OK;
}
