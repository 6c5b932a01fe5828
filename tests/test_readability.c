/*
 * test_readability.c - the formulas on texts small enough to work out by
 * hand, and the JSON's formulas against its own counts.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copydesk.h"
#include "harness.h"

static cd_article *analyze(const char *text)
{
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, text, strlen(text), NULL), CD_OK);
	return a;
}

/* Nine one-syllable words, two sentences: W=9 S=2 Y=9 C=26 P=0 long=0.
 *   FRE  206.835 - 1.015*4.5 - 84.6*1          = 117.6675
 *   FK   0.39*4.5 + 11.8*1 - 15.59             = -2.035
 *   Fog  0.4*(4.5 + 0)                         = 1.8
 *   SMOG 1.0430*sqrt(0) + 3.1291               = 3.1291
 *   CLI  0.0588*288.889 - 0.296*22.222 - 15.8  = -5.3911
 *   ARI  4.71*26/9 + 0.5*4.5 - 21.43           = -5.5733
 *   LIX  4.5 + 0 = 4.5; RIX 0
 *   Linsear: r = 9/2 = 4.5 <= 20, (4.5-2)/2    = 1.25
 *   consensus: median of -5.5733 -5.3911 -2.035 1.25 1.8 3.1291 = -0.3925 */
static void test_monosyllables(void)
{
	cd_article *a = analyze("The cat sat on the mat. The dog ran.");
	const cd_result *r = cd_article_result(a);
	CHECK_EQ_INT(r->counts.words, 9);
	CHECK_EQ_INT(r->counts.sentences, 2);
	CHECK_EQ_INT(r->counts.syllables, 9);
	CHECK_EQ_INT(r->counts.letters, 26);
	CHECK_NEAR(r->readability.flesch_reading_ease, 117.6675, 0.001);
	CHECK_NEAR(r->readability.flesch_kincaid_grade, -2.035, 0.001);
	CHECK_NEAR(r->readability.gunning_fog, 1.8, 0.001);
	CHECK_NEAR(r->readability.smog, 3.1291, 0.001);
	CHECK_NEAR(r->readability.coleman_liau, -5.3911, 0.001);
	CHECK_NEAR(r->readability.ari, -5.5733, 0.001);
	CHECK_NEAR(r->readability.lix, 4.5, 0.001);
	CHECK_NEAR(r->readability.rix, 0, 0.001);
	CHECK_NEAR(r->readability.linsear_write, 1.25, 0.001);
	CHECK_NEAR(r->readability.consensus_grade, -0.3925, 0.001);
	CHECK_NEAR(r->sentence_stats.mean_words, 4.5, 1e-9);
	CHECK_NEAR(r->sentence_stats.median_words, 4.5, 1e-9);
	CHECK_EQ_INT(r->sentence_stats.max_words, 6);
	cd_article_free(a);
}

/* "Beautiful elephants celebrate. Happy dogs run."
 * Syllables 3+3+3 + 2+1+1: W=6 S=2 Y=13 C=39 P=3 complex=3 long=3.
 *   FRE  206.835 - 1.015*3 - 84.6*13/6          = 20.49
 *   FK   0.39*3 + 11.8*13/6 - 15.59             = 11.146667
 *   Fog  0.4*(3 + 100*3/6)                      = 21.2
 *   SMOG 1.0430*sqrt(3*30/2) + 3.1291           = 10.125777
 *   CLI  0.0588*650 - 0.296*33.333 - 15.8       = 12.553333
 *   ARI  4.71*39/6 + 0.5*3 - 21.43              = 10.685
 *   LIX  3 + 100*3/6 = 53; RIX 3/2 = 1.5
 *   Linsear: r = (3 + 3*3)/2 = 6, (6-2)/2       = 2 */
static void test_polysyllables(void)
{
	cd_article *a = analyze("Beautiful elephants celebrate. Happy dogs run.");
	const cd_result *r = cd_article_result(a);
	CHECK_EQ_INT(r->counts.syllables, 13);
	CHECK_EQ_INT(r->counts.polysyllables, 3);
	CHECK_EQ_INT(r->counts.complex_words, 3);
	CHECK_EQ_INT(r->counts.long_words, 3);
	CHECK_EQ_INT(r->counts.letters, 39);
	CHECK_NEAR(r->readability.flesch_reading_ease, 20.49, 0.001);
	CHECK_NEAR(r->readability.flesch_kincaid_grade, 11.146667, 0.001);
	CHECK_NEAR(r->readability.gunning_fog, 21.2, 0.001);
	CHECK_NEAR(r->readability.smog, 10.125777, 0.001);
	CHECK_NEAR(r->readability.coleman_liau, 12.553333, 0.001);
	CHECK_NEAR(r->readability.ari, 10.685, 0.001);
	CHECK_NEAR(r->readability.lix, 53, 0.001);
	CHECK_NEAR(r->readability.rix, 1.5, 0.001);
	CHECK_NEAR(r->readability.linsear_write, 2, 0.001);
	cd_article_free(a);
}

/* Gunning's complex words leave out proper nouns inside a sentence,
 * hyphenated words and 3-syllable words made by -ed/-es/-ing. */
static void test_complex_words(void)
{
	cd_article *a = analyze("They met in Indonesia with well-educated people and celebrated. "
	                        "Officials were interviewing everybody.");
	const cd_result *r = cd_article_result(a);
	/* Indonesia: proper noun; well-educated: hyphenated; celebrated: 4
	 * syllables, stays; Officials: sentence-initial, 3 syllables, stays;
	 * interviewing: 4, stays; everybody: 4, stays. */
	CHECK_EQ_INT(r->counts.complex_words, 4);
	cd_article_free(a);
}

/* Headings, tables and boilerplate are not readability text. */
static void test_only_prose_counts(void)
{
	cd_article *a = analyze("Extraordinary Consequences Everywhere\n"
	                        "The cat sat on the mat. The dog ran.\n"
	                        "| Unbelievable | Organization |\n");
	const cd_result *r = cd_article_result(a);
	CHECK_EQ_INT(r->counts.words, 9);
	CHECK_NEAR(r->readability.flesch_reading_ease, 117.6675, 0.001);
	CHECK_EQ_INT(r->counts.all_words, 14);
	cd_article_free(a);
}

static void test_short_text_warns(void)
{
	cd_article *a = analyze("The dog ran.");
	const cd_result *r = cd_article_result(a);
	CHECK(r->n_warnings >= 1);
	cd_article_free(a);
	a = analyze("");
	r = cd_article_result(a);
	CHECK_EQ_INT(r->counts.words, 0);
	CHECK_NEAR(r->readability.flesch_reading_ease, 0, 0);
	CHECK(r->n_warnings >= 1);
	cd_article_free(a);
}

/* ---- the JSON agrees with itself ------------------------------------------ */

static double jnum(const char *json, const char *key)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\":", key);
	const char *p = strstr(json, pat);
	if (!p) {
		fprintf(stderr, "key %s missing\n", key);
		return NAN;
	}
	return strtod(p + strlen(pat), NULL);
}

static void check_json(const char *name, const char *text, size_t len)
{
	cd_article *a = NULL;
	cdt_current = name;
	CHECK_EQ_INT(cd_analyze(&a, text, len, NULL), CD_OK);
	char *j = cd_article_json(a, name);
	double W = jnum(j, "words"), S = jnum(j, "sentences"), Y = jnum(j, "syllables");
	double C = jnum(j, "letters"), P = jnum(j, "polysyllables");
	double X = jnum(j, "complex_words"), L = jnum(j, "long_words");
	CHECK(W > 0 && S > 0);
	double fre = 206.835 - 1.015 * W / S - 84.6 * Y / W;
	double fk = 0.39 * W / S + 11.8 * Y / W - 15.59;
	double fog = 0.4 * (W / S + 100 * X / W);
	double smog = 1.0430 * sqrt(P * 30 / S) + 3.1291;
	double cli = 0.0588 * (C / W * 100) - 0.296 * (S / W * 100) - 15.8;
	double ari = 4.71 * C / W + 0.5 * W / S - 21.43;
	double lix = W / S + 100 * L / W, rix = L / S;
	double lw = ((W - P) + 3 * P) / S;
	lw = lw > 20 ? lw / 2 : (lw - 2) / 2;
	CHECK_NEAR(jnum(j, "flesch_reading_ease"), fre, 0.01);
	CHECK_NEAR(jnum(j, "flesch_kincaid_grade"), fk, 0.01);
	CHECK_NEAR(jnum(j, "gunning_fog"), fog, 0.01);
	CHECK_NEAR(jnum(j, "smog"), smog, 0.01);
	CHECK_NEAR(jnum(j, "coleman_liau"), cli, 0.01);
	CHECK_NEAR(jnum(j, "ari"), ari, 0.01);
	CHECK_NEAR(jnum(j, "lix"), lix, 0.01);
	CHECK_NEAR(jnum(j, "rix"), rix, 0.01);
	CHECK_NEAR(jnum(j, "linsear_write"), lw, 0.01);
	free(j);
	cd_article_free(a);
}

static void json_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n < 4 || strcmp(e->d_name + n - 4, ".txt") != 0)
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		static char buf[1 << 20];
		size_t len = fread(buf, 1, sizeof buf, f);
		fclose(f);
		check_json(path, buf, len);
	}
	closedir(d);
}

static void test_json_formulas(void)
{
	json_dir("samples");
	json_dir("../shared/seeds");
	const char *t = "The committee approved the extraordinary budget. Residents celebrated "
	                "immediately, and the mayor thanked everybody involved.";
	check_json("inline", t, strlen(t));
}

CD_TEST_MAIN(TEST(test_monosyllables), TEST(test_polysyllables), TEST(test_complex_words),
             TEST(test_only_prose_counts), TEST(test_short_text_warns), TEST(test_json_formulas))
