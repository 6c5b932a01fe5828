/*
 * test_score.c - the quality score on results filled by hand: each figure
 * set, cdi_score run, the points worked out from the formula in score.c
 * (points = weight * min(1, (value - target) / span)) with the default
 * weights and targets of cd_options_init.
 */
#include "analyzer/internal.h"
#include "harness.h"

#include <stdlib.h>

static cd_article *new_article(void)
{
	cd_article *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	cdi_arena_init(&a->arena);
	cdi_strmap_init(&a->forms, &a->arena);
	cd_options_init(&a->opt);
	return a;
}

static const cd_deduction *find(const cd_result *r, const char *key)
{
	for (size_t i = 0; i < r->score.n_deductions; i++)
		if (strcmp(r->score.deductions[i].key, key) == 0)
			return &r->score.deductions[i];
	return NULL;
}

/* A text within every target loses nothing. */
static void test_clean_result(void)
{
	cd_article *a = new_article();
	CHECK(a != NULL);
	if (!a)
		return;
	a->r.counts.words = 500;
	a->r.counts.sentences = 25;
	a->r.readability.consensus_grade = 9.0;
	a->r.fillers.per_1000_words = 4.0;              /* at the target: no points */
	a->r.repetition.transition_opener_share = 0.12;
	a->r.sentence_stats.long_share = 0.2;
	a->r.repetition.repeated_word_share = 0.02;
	a->r.mechanics.passive_sentences = 3;           /* 3/25 = 0.12 */
	CHECK_EQ_INT(cdi_score(a), CD_OK);
	CHECK_NEAR(a->r.score.quality, 100.0, 1e-9);
	CHECK_STR(a->r.score.band, "excellent");
	CHECK_EQ_INT(a->r.score.n_deductions, 0);
	cd_article_free(a);
}

/* Every figure over its target; each deduction worked out by hand. */
static void test_every_deduction(void)
{
	cd_article *a = new_article();
	CHECK(a != NULL);
	if (!a)
		return;
	cd_result *r = &a->r;
	r->counts.words = 500;
	r->counts.sentences = 25;
	r->fillers.per_1000_words = 10.0;           /* 25 * (10-4)/12 = 12.5 */
	r->readability.consensus_grade = 15.0;      /* 15 * (15-12)/6 = 7.5 */
	r->repetition.transition_opener_share = 0.40; /* 15 * 0.25/0.25 = 15 */
	r->sentence_stats.long_share = 0.30;        /* 10 * 0.05/0.25 = 2 */
	r->repetition.repeated_word_share = 0.08;   /* 15 * 0.03/0.15 = 3 */
	r->mechanics.spacing_errors = 2;            /* 5 errors in 500 words = 10 per 1,000: */
	r->mechanics.lowercase_starts = 1;          /* 15 * 10/10 = 15 */
	r->mechanics.article_errors = 1;
	r->mechanics.doubled_words = 1;
	r->mechanics.passive_sentences = 5;         /* 0.2: 5 * 0.05/0.25 = 1 */
	static const cd_opener_run runs[] = { { "moreover", 4, 0, 0 } };
	r->repetition.runs = runs;                  /* (4 + 1) / 25 = 0.2: 10 * 0.2/0.2 = 10 */
	r->repetition.n_runs = 1;
	r->repetition.n_near_duplicates = 1;
	CHECK_EQ_INT(cdi_score(a), CD_OK);
	CHECK_EQ_INT(r->score.n_deductions, 8);
	/* 100 - (12.5 + 7.5 + 15 + 2 + 3 + 15 + 1 + 10) = 34 */
	CHECK_NEAR(r->score.quality, 34.0, 1e-9);
	CHECK_STR(r->score.band, "very poor");
	static const char *const order[] = { "mechanics", "transitions", "filler", "openers",
	                                     "grade", "repetition", "long_sentences", "passive" };
	static const double points[] = { 15, 15, 12.5, 10, 7.5, 3, 2, 1 };
	for (size_t i = 0; i < 8 && i < r->score.n_deductions; i++) {
		CHECK_STR(r->score.deductions[i].key, order[i]);
		CHECK_NEAR(r->score.deductions[i].points, points[i], 1e-9);
	}
	const cd_deduction *d = find(r, "filler");
	CHECK(d != NULL);
	if (d)
		CHECK_STR(d->reason, "10.0 filler phrases per 1,000 words, target <= 4");
	d = find(r, "transitions");
	if (d)
		CHECK_STR(d->reason, "40% of sentences open with a transition, target <= 15%");
	d = find(r, "mechanics");
	if (d)
		CHECK_STR(d->reason, "5 mechanical errors (2 spacing, 1 lowercase start, 1 a/an, "
		          "1 doubled word): 10.0 per 1,000 words, target 0");
	d = find(r, "openers");
	if (d)
		CHECK_STR(d->reason, "4 sentences in same-opener runs and 1 near-duplicate "
		          "(20% of sentences), target 0");
	d = find(r, "grade");
	if (d)
		CHECK_STR(d->reason, "consensus grade 15.0, target <= 12");
	cd_article_free(a);
}

/* Small excesses cost little; far ones are capped at the weight. */
static void test_smooth_and_capped(void)
{
	cd_article *a = new_article();
	if (!a)
		return;
	a->r.counts.words = 1000;
	a->r.counts.sentences = 50;
	a->r.fillers.per_1000_words = 5.0;        /* 25 * 1/12 = 2.083 -> 2.1 */
	a->r.readability.consensus_grade = 40.0;  /* capped: 15 */
	CHECK_EQ_INT(cdi_score(a), CD_OK);
	const cd_deduction *f = find(&a->r, "filler"), *g = find(&a->r, "grade");
	CHECK(f && g);
	if (f && g) {
		CHECK_NEAR(f->points, 2.1, 1e-9);
		CHECK_NEAR(g->points, 15.0, 1e-9);
	}
	CHECK_NEAR(a->r.score.quality, 82.9, 1e-9);
	CHECK_STR(a->r.score.band, "good");
	cd_article_free(a);
}

/* Band edges: filler weight 100 and value 4 + 12 * d / 100 take d points. */
static void test_bands(void)
{
	static const struct { double d; const char *band; } cases[] = {
		{ 15.0, "excellent" }, { 15.1, "good" }, { 30.0, "good" }, { 30.1, "fair" },
		{ 45.0, "fair" }, { 45.1, "poor" }, { 60.0, "poor" }, { 60.1, "very poor" },
		{ 100.0, "very poor" }
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cd_article *a = new_article();
		if (!a)
			return;
		a->opt.weight_filler = 100;
		a->r.counts.words = 1000;
		a->r.fillers.per_1000_words = 4.0 + 12.0 * cases[i].d / 100.0;
		CHECK_EQ_INT(cdi_score(a), CD_OK);
		CHECK_NEAR(a->r.score.quality, 100.0 - cases[i].d, 1e-9);
		CHECK_STR(a->r.score.band, cases[i].band);
		cd_article_free(a);
	}
}

/* No words: nothing to measure, nothing taken, never NaN. */
static void test_empty(void)
{
	cd_article *a = new_article();
	if (!a)
		return;
	CHECK_EQ_INT(cdi_score(a), CD_OK);
	CHECK_NEAR(a->r.score.quality, 100.0, 1e-9);
	CHECK_EQ_INT(a->r.score.n_deductions, 0);
	CHECK_STR(a->r.score.band, "excellent");
	cd_article_free(a);
}

/* A weight of 0 switches a deduction off; targets come from the options. */
static void test_options(void)
{
	cd_article *a = new_article();
	if (!a)
		return;
	a->opt.weight_transitions = 0;
	a->opt.target_passive_share = 0.05;
	a->r.counts.words = 300;
	a->r.counts.sentences = 20;
	a->r.repetition.transition_opener_share = 0.9;
	a->r.mechanics.passive_sentences = 3;  /* 0.15: 5 * 0.10/0.25 = 2 */
	CHECK_EQ_INT(cdi_score(a), CD_OK);
	CHECK(find(&a->r, "transitions") == NULL);
	const cd_deduction *p = find(&a->r, "passive");
	CHECK(p != NULL);
	if (p) {
		CHECK_NEAR(p->points, 2.0, 1e-9);
		CHECK_STR(p->reason, "15% of sentences in the passive voice, target <= 5%");
	}
	CHECK_NEAR(a->r.score.quality, 98.0, 1e-9);
	cd_article_free(a);
}

/* ---- the samples, end to end --------------------------------------------- */

/* The quality of the article in path; -1 when it cannot be read, -2 while
 * the phrase or repetition stage is still a placeholder (no fillers and
 * no type-token ratio on a text of words). */
static double quality_of(const char *path)
{
	size_t len = 0;
	char *text = cdt_slurp(path, &len);
	if (!text)
		return -1;
	cd_article *a = NULL;
	double q = -1;
	if (cd_analyze(&a, text, len, NULL) == CD_OK) {
		const cd_result *r = cd_article_result(a);
		q = r->score.quality;
		if (r->counts.words > 0 && (r->repetition.ttr == 0 ||
		    cdi_phrasebook_builtin() == NULL ||
		    cd_phrasebook_count(cdi_phrasebook_builtin()) == 0))
			q = -2;
	}
	cd_article_free(a);
	free(text);
	return q;
}

/* The clean sample scores at least 25 above the generated-style one, and
 * every seed article (when ../shared/seeds is there) below the clean one. */
static void test_samples(void)
{
	double clean = quality_of("samples/clean-news.txt");
	double generated = quality_of("samples/generated-style.txt");
	if (clean == -2 || generated == -2) {
		fprintf(stderr, "  test_samples: skipped, phrase or repetition stage not built yet\n");
		return;
	}
	CHECK(clean >= 0 && generated >= 0);
	CHECK(clean >= generated + 25);
	/* ../shared/seeds from a checkout, ../../shared/seeds from a worktree. */
	static const char *const dirs[] = { "../shared/seeds/", "../../shared/seeds/" };
	static const char *const seeds[] = {
		"000_78495f4c4ca9995f.txt", "001_0fd4c0b719c4f6a1.txt", "002_5a301db595364d0c.txt",
		"003_9e3b48a7166e1dfc.txt", "004_ebeae1f7459fffe8.txt"
	};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		double q = -1;
		char path[256];
		for (size_t k = 0; k < 2 && q == -1; k++) {
			snprintf(path, sizeof path, "%s%s", dirs[k], seeds[i]);
			q = quality_of(path);
		}
		if (q == -1)
			continue;   /* no seeds here */
		if (!(q < clean))
			fprintf(stderr, "  %s scores %.1f, clean sample %.1f\n", path, q, clean);
		CHECK(q < clean);
	}
}

CD_TEST_MAIN(TEST(test_clean_result), TEST(test_every_deduction), TEST(test_smooth_and_capped),
             TEST(test_bands), TEST(test_empty), TEST(test_options), TEST(test_samples))
