/*
 * test_reuse.c - cross-article reuse (src/batch/reuse.c) on articles written
 * for these tests and analyzed by cd_analyze: a template sentence shared by
 * three of five articles, shared openers and closers, a near-duplicate pair
 * whose Jaccard similarity is worked out by hand, an empty article, the
 * maximal-phrase rule, and 2,000 generated articles through a small table
 * (pruning, bounded entries, exact counts inside the window). When the seed
 * articles are there (../shared/seeds from a checkout, ../../shared/seeds
 * from a worktree) it prints, without asserting, what they share.
 *
 * CD_REUSE_BENCH=N (e.g. 10000) also runs N generated articles of about 800
 * words with the default options and prints time and memory figures.
 */
#include "batch/reuse.h"
#include "harness.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

/* Analyzes text and feeds it as article index; returns cd_reuse_add's code. */
static int feed(cd_reuse *r, size_t index, const char *text)
{
	cd_article *a = NULL;
	int err = cd_analyze(&a, text, strlen(text), NULL);
	if (err == CD_OK)
		err = cd_reuse_add(r, index, cd_article_result(a));
	cd_article_free(a);
	return err;
}

static const cd_reuse_phrase *find(const cd_reuse_phrase *list, size_t n, const char *text)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].text, text) == 0)
			return &list[i];
	return NULL;
}

/* 1 when some listed phrase other than whole is a part of whole. */
static int has_part_of(const cd_reuse_phrase *list, size_t n, const char *whole)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].text, whole) != 0 && strstr(whole, list[i].text))
			return 1;
	return 0;
}

/* ---- options -------------------------------------------------------------- */

static void test_options(void)
{
	cd_reuse_options o;
	cd_reuse_options_init(&o);
	CHECK_EQ_INT(o.phrase_min_words, 4);
	CHECK_EQ_INT(o.phrase_max_words, 8);
	CHECK_EQ_INT(o.min_articles, 3);
	CHECK_NEAR(o.near_duplicate, 0.5, 1e-12);
	CHECK_EQ_INT(o.max_phrases, 50);
	CHECK_EQ_INT(o.min_content_words, 2);

	cd_reuse *r = NULL;
	cd_reuse_options bad = o;
	bad.min_articles = 1;
	CHECK_EQ_INT(cd_reuse_new(&r, &bad), CD_EINVAL);
	CHECK(r == NULL);
	bad = o;
	bad.phrase_max_words = CD_REUSE_MAX_WORDS + 1;
	CHECK_EQ_INT(cd_reuse_new(&r, &bad), CD_EINVAL);
	bad = o;
	bad.phrase_max_words = 3;   /* below phrase_min_words */
	CHECK_EQ_INT(cd_reuse_new(&r, &bad), CD_EINVAL);
	bad = o;
	bad.near_duplicate = 0;
	CHECK_EQ_INT(cd_reuse_new(&r, &bad), CD_EINVAL);

	/* Indexes must grow; nothing may be added after finishing. */
	CHECK_EQ_INT(cd_reuse_new(&r, NULL), CD_OK);
	CHECK_EQ_INT(feed(r, 3, "One short line of text here."), CD_OK);
	CHECK_EQ_INT(feed(r, 3, "One short line of text here."), CD_EINVAL);
	CHECK_EQ_INT(feed(r, 2, "One short line of text here."), CD_EINVAL);
	CHECK_EQ_INT(feed(r, 7, "One short line of text here."), CD_OK);
	const cd_reuse_result *res = NULL;
	CHECK_EQ_INT(cd_reuse_finish(r, &res), CD_OK);
	CHECK_EQ_INT(res->articles, 2);
	CHECK_EQ_INT(feed(r, 9, "One short line of text here."), CD_EINVAL);
	const cd_reuse_result *again = NULL;
	CHECK_EQ_INT(cd_reuse_finish(r, &again), CD_OK);
	CHECK(again == res);
	cd_reuse_free(r);
	cd_reuse_free(NULL);
}

/* ---- a small batch ---------------------------------------------------------- */

/* 0, 2, 4 share the template sentence; 1, 2, 4 close with "As the situation
 * evolves, ..."; 0 and 3 open with "In a significant development, ...". */
static const char *const batch[] = {
	"City Budget\n\n"
	"In a significant development, the city council approved a new budget for road "
	"repairs on Tuesday. The plan doubles spending on bridges over the next three years. "
	"The situation remains fluid as officials weigh their next steps. Residents along the "
	"river have asked for quicker work on the old ferry crossing.\n",

	"Farmers in the northern valley reported an early harvest of apples this autumn. "
	"Prices at local markets fell by nearly a fifth within two weeks. Cooperatives plan to "
	"store more fruit in cold rooms until spring. As the situation evolves, growers hope "
	"exports will absorb the surplus.\n",

	"Talks between the two shipping unions resumed late on Monday after a short break. "
	"Negotiators for the port authority offered a revised pay scale for night shifts. "
	"The situation remains fluid as officials weigh their next steps. As the situation "
	"evolves, the ministry says it will publish weekly updates.\n",

	"In a significant development, regional officials opened a second hospital wing for "
	"children. Doctors say the wing adds forty beds and a new surgery ward. Funding came "
	"from a mix of state grants and private donations. Staff will be hired in stages "
	"through the end of the year.\n",

	"A storm that crossed the coast overnight left thousands of homes without power.\n"
	"Crews worked through the morning to clear fallen trees from main roads.\n"
	"The situation remains fluid as officials weigh their next steps.\n"
	"As the situation evolves, analysts expect insurance claims to rise sharply.\n",
};

/* Sentences of 15, 16, 13, 14, 16 and 12 words: 11 + 12 + 9 + 10 + 12 + 8 = 62
 * distinct word 5-grams. */
static const char library_a[] =
	"The national library will reopen its main reading room next month after a long "
	"renovation. Engineers replaced the roof, rebuilt the heating system and restored the "
	"painted ceiling above the desks. Visitors will need to book a free ticket online before "
	"their first visit. The library expects about two thousand readers a day during the "
	"first few weeks. A small exhibition of rare maps will open in the east gallery at the "
	"same time. Opening hours will be extended on Thursdays until nine in the evening.\n";
/* The same with two words changed, each at least 4 words from its sentence's
 * ends ("heating" -> "cooling", word 7 of 16; "rare" -> "old", word 5 of 16):
 * each change replaces 5 of the 5-grams, so the sets share 62 - 10 = 52 and
 * their union holds 62 + 10 = 72: Jaccard 52/72 = 0.722. */
static const char library_b[] =
	"The national library will reopen its main reading room next month after a long "
	"renovation. Engineers replaced the roof, rebuilt the cooling system and restored the "
	"painted ceiling above the desks. Visitors will need to book a free ticket online before "
	"their first visit. The library expects about two thousand readers a day during the "
	"first few weeks. A small exhibition of old maps will open in the east gallery at the "
	"same time. Opening hours will be extended on Thursdays until nine in the evening.\n";

static void test_small_batch(void)
{
	cd_reuse *r = NULL;
	const cd_reuse_result *res = NULL;
	CHECK_EQ_INT(cd_reuse_new(&r, NULL), CD_OK);
	if (!r)
		return;
	for (size_t i = 0; i < 5; i++)
		CHECK_EQ_INT(feed(r, i, batch[i]), CD_OK);
	CHECK_EQ_INT(feed(r, 5, ""), CD_OK);               /* no words at all */
	CHECK_EQ_INT(feed(r, 6, library_a), CD_OK);
	CHECK_EQ_INT(feed(r, 7, library_b), CD_OK);
	CHECK_EQ_INT(cd_reuse_finish(r, &res), CD_OK);
	if (!res)
		goto cleanup;
	CHECK_EQ_INT(res->articles, 8);

	/* Phrases in 3+ articles: the template sentence, whole (its ten words
	 * make three overlapping 8-grams of the same count, merged back into
	 * one), and "as the situation evolves" (the 5-grams after it differ). */
	CHECK_EQ_INT(res->n_phrases, 2);
	const char *tmpl = "the situation remains fluid as officials weigh their next steps";
	const cd_reuse_phrase *p = find(res->phrases, res->n_phrases, tmpl);
	CHECK(p != NULL);
	if (p) {
		CHECK_EQ_INT(p->articles, 3);
		CHECK_EQ_INT(p->n_words, 10);
		CHECK_EQ_INT(p->first_article, 0);
	}
	CHECK(!has_part_of(res->phrases, res->n_phrases, tmpl));
	if (res->n_phrases == 2) {
		CHECK_STR(res->phrases[0].text, tmpl);            /* 3 articles, longer first */
		CHECK_STR(res->phrases[1].text, "as the situation evolves");
		CHECK_EQ_INT(res->phrases[1].articles, 3);
		CHECK_EQ_INT(res->phrases[1].first_article, 1);
	}

	/* Openers in 2+ articles: the library pair's first five words, and "in a
	 * significant development" (the fifth words differ; "in a significant"
	 * has the same count, so it is left out). */
	CHECK_EQ_INT(res->n_openers, 2);
	if (res->n_openers == 2) {
		CHECK_STR(res->openers[0].text, "the national library will reopen");
		CHECK_EQ_INT(res->openers[0].articles, 2);
		CHECK_EQ_INT(res->openers[0].first_article, 6);
		CHECK_STR(res->openers[1].text, "in a significant development");
		CHECK_EQ_INT(res->openers[1].articles, 2);
		CHECK_EQ_INT(res->openers[1].first_article, 0);
	}
	/* Closers: "as the situation evolves" in 1, 2, 4; the library pair. */
	CHECK_EQ_INT(res->n_closers, 2);
	if (res->n_closers == 2) {
		CHECK_STR(res->closers[0].text, "as the situation evolves");
		CHECK_EQ_INT(res->closers[0].articles, 3);
		CHECK_STR(res->closers[1].text, "opening hours will be extended");
		CHECK_EQ_INT(res->closers[1].articles, 2);
	}

	/* One near-duplicate pair: the library articles, true Jaccard 0.722;
	 * with 128 minimums the estimate's standard error is
	 * sqrt(0.722 * 0.278 / 128) = 0.040, so it must be within 3 of them.
	 * The template articles share 6 of about 45 5-grams: far below 0.5. */
	CHECK_EQ_INT(res->n_pairs, 1);
	if (res->n_pairs >= 1) {
		CHECK_EQ_INT(res->pairs[0].a, 6);
		CHECK_EQ_INT(res->pairs[0].b, 7);
		CHECK_NEAR(res->pairs[0].similarity, 52.0 / 72.0, 0.12);
	}
	cd_reuse_stats st;
	cd_reuse_get_stats(r, &st);
	CHECK_EQ_INT(st.signatures, 7);   /* the empty article has none */
	CHECK_EQ_INT(st.prunes, 0);
cleanup:
	cd_reuse_free(r);
}

/* A shorter phrase stays when it has more articles than the longer one. */
static void test_maximal(void)
{
	cd_reuse_options o;
	cd_reuse_options_init(&o);
	o.min_articles = 2;
	cd_reuse *r = NULL;
	const cd_reuse_result *res = NULL;
	CHECK_EQ_INT(cd_reuse_new(&r, &o), CD_OK);
	if (!r)
		return;
	CHECK_EQ_INT(feed(r, 0, "Lawmakers met at noon, but the budget vote was delayed again "
	                        "by a procedural dispute."), CD_OK);
	CHECK_EQ_INT(feed(r, 1, "On Friday the budget vote was delayed again because two "
	                        "members were ill."), CD_OK);
	CHECK_EQ_INT(feed(r, 2, "Everyone agreed that the budget vote was close."), CD_OK);
	CHECK_EQ_INT(cd_reuse_finish(r, &res), CD_OK);
	if (res) {
		/* "the budget vote was": 3 articles; the 6-word phrase: 2, and
		 * its other parts ("budget vote was delayed", ...) also 2: left out. */
		CHECK_EQ_INT(res->n_phrases, 2);
		if (res->n_phrases == 2) {
			CHECK_STR(res->phrases[0].text, "the budget vote was");
			CHECK_EQ_INT(res->phrases[0].articles, 3);
			CHECK_STR(res->phrases[1].text, "the budget vote was delayed again");
			CHECK_EQ_INT(res->phrases[1].articles, 2);
		}
		CHECK_EQ_INT(res->n_openers, 0);
		CHECK_EQ_INT(res->n_closers, 0);
		CHECK_EQ_INT(res->n_pairs, 0);
	}
	cd_reuse_free(r);
}

/* "at the end of" (one word, "end", that is not a function word) is English
 * itself: left out by default, listed when min_content_words is 1. */
static void test_function_words(void)
{
	static const char *const texts[] = {
		"Prices rose at the end of March across the region.",
		"Crowds gathered at the end of the parade near the river.",
		"We expect a decision at the end of next week, officials said.",
	};
	for (unsigned min_content = 1; min_content <= 2; min_content++) {
		cd_reuse_options o;
		cd_reuse_options_init(&o);
		o.min_content_words = min_content;
		cd_reuse *r = NULL;
		const cd_reuse_result *res = NULL;
		CHECK_EQ_INT(cd_reuse_new(&r, &o), CD_OK);
		if (!r)
			return;
		for (size_t i = 0; i < 3; i++)
			CHECK_EQ_INT(feed(r, i, texts[i]), CD_OK);
		CHECK_EQ_INT(cd_reuse_finish(r, &res), CD_OK);
		if (res) {
			CHECK_EQ_INT(res->n_phrases, min_content == 1 ? 1 : 0);
			if (res->n_phrases == 1) {
				CHECK_STR(res->phrases[0].text, "at the end of");
				CHECK_EQ_INT(res->phrases[0].articles, 3);
			}
		}
		cd_reuse_free(r);
	}
}

/* Sentences never join: the words across a sentence end are no phrase. */
static void test_sentence_ends(void)
{
	cd_reuse_options o;
	cd_reuse_options_init(&o);
	o.min_articles = 2;
	cd_reuse *r = NULL;
	const cd_reuse_result *res = NULL;
	CHECK_EQ_INT(cd_reuse_new(&r, &o), CD_OK);
	if (!r)
		return;
	/* "rivers rose fast" ends one sentence and "crews came early" starts the
	 * next in both: no shared run of 4 words stays inside one sentence. */
	CHECK_EQ_INT(feed(r, 0, "Heavy rain fell and rivers rose fast. Crews came early to help."), CD_OK);
	CHECK_EQ_INT(feed(r, 1, "After the storm rivers rose fast. Crews came early with boats."), CD_OK);
	CHECK_EQ_INT(cd_reuse_finish(r, &res), CD_OK);
	if (res)
		CHECK_EQ_INT(res->n_phrases, 0);
	cd_reuse_free(r);
}

/* ---- many generated articles ------------------------------------------------ */

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64* (Vigna 2016): fixed seed, same articles every run. */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* Appends a made-up word for the number v: letters only, so every number
 * makes a different word. */
static size_t put_word(char *p, uint64_t v, int capital)
{
	size_t n = 0;
	do {
		p[n++] = (char)('a' + v % 26);
		v /= 26;
	} while (v);
	p[n++] = 'o';   /* no word is a bare one-letter article */
	if (capital)
		p[0] = (char)(p[0] - 'a' + 'A');
	return n;
}

/* Writes a sentence of n words drawn from a vocabulary of vocab words. */
static size_t put_sentence(char *p, uint64_t *rng, size_t n, uint64_t vocab)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		len += put_word(p + len, rng_next(rng) % vocab, i == 0);
		p[len++] = i + 1 < n ? ' ' : '.';
	}
	p[len++] = ' ';
	return len;
}

static const char template_sentence[] = "The situation remains fluid as officials weigh their next steps. ";

static void test_many(void)
{
	enum { N = 2000, COPY_OF = 10, COPY = 1000 };
	cd_reuse_options o;
	cd_reuse_options_init(&o);
	o.table_bytes = 64u << 10;   /* 2,048 slots: pruned every few articles */
	cd_reuse *r = NULL;
	const cd_reuse_result *res = NULL;
	char *text = malloc(4096), *copy = malloc(4096);
	CHECK_EQ_INT(cd_reuse_new(&r, &o), CD_OK);
	if (!r || !text || !copy)
		goto cleanup;
	uint64_t rng = 0x853c49e6748fea9bull;
	size_t max_entries = 0, failures = 0;
	for (size_t i = 0; i < N; i++) {
		/* Three sentences of 12 random words (35 4-8-grams each: 105 per
		 * article, 4-grams of a 100,000-word vocabulary never repeat by
		 * chance), and the template in every 4th article. */
		size_t len = 0;
		for (int s = 0; s < 3; s++)
			len += put_sentence(text + len, &rng, 12, 100000);
		if (i % 4 == 0) {
			memcpy(text + len, template_sentence, sizeof template_sentence - 1);
			len += sizeof template_sentence - 1;
		}
		text[len] = '\0';
		if (i == COPY_OF)
			memcpy(copy, text, len + 1);
		if (i == COPY) {
			/* Article 10 again, one word of its second sentence changed:
			 * 5 of its 24 5-grams replaced, Jaccard 19/29 = 0.655. */
			memcpy(text, copy, strlen(copy) + 1);
			char *second = strchr(text, '.') + 2;
			for (int w = 0; w < 6; w++)
				second = strchr(second, ' ') + 1;
			second[0] = second[0] == 'q' ? 'r' : 'q';
		}
		failures += feed(r, i, text) != CD_OK;
		cd_reuse_stats st;
		cd_reuse_get_stats(r, &st);
		if (st.entries > max_entries)
			max_entries = st.entries;
	}
	CHECK_EQ_INT(failures, 0);
	cd_reuse_stats st;
	cd_reuse_get_stats(r, &st);
	/* 2,048 slots, pruned at 70% full (204 * 7 = 1,428): never more. */
	CHECK_EQ_INT(st.slots, 2048);
	CHECK(max_entries <= 1428);
	CHECK(st.prunes > 100);        /* 105+ new n-grams per article, ~700 freed per prune */
	CHECK_EQ_INT(st.grows, 0);
	CHECK_EQ_INT(st.signatures, N);
	/* table 48 KiB + 1,000 KiB of signatures + 2 x 768 KiB of opener and
	 * closer tables + texts */
	CHECK(st.bytes < 3u << 20);
	printf("many: %d articles, %zu prunes, at most %zu entries of %zu slots, %zu bytes\n",
	       N, st.prunes, max_entries, st.slots, st.bytes);

	CHECK_EQ_INT(cd_reuse_finish(r, &res), CD_OK);
	if (!res)
		goto cleanup;
	/* The template comes back every 4 articles (but in 1000, the copy),
	 * inside the window (~700 free entries / 115 n-grams = 6 articles):
	 * counted exactly. */
	CHECK_EQ_INT(res->n_phrases, 1);
	if (res->n_phrases >= 1) {
		CHECK_STR(res->phrases[0].text,
		          "the situation remains fluid as officials weigh their next steps");
		CHECK_EQ_INT(res->phrases[0].articles, N / 4 - 1);   /* 1000 is the copy */
		CHECK_EQ_INT(res->phrases[0].first_article, 0);
	}
	/* One pair: 10 and its copy; the template articles share 6 of ~54
	 * 5-grams (Jaccard ~0.1). Standard error at 0.655: 0.042. */
	CHECK_EQ_INT(res->n_pairs, 1);
	if (res->n_pairs >= 1) {
		CHECK_EQ_INT(res->pairs[0].a, COPY_OF);
		CHECK_EQ_INT(res->pairs[0].b, COPY);
		CHECK_NEAR(res->pairs[0].similarity, 19.0 / 29.0, 0.126);
	}
	/* Openers: the copy pair (5 words); the template never opens. */
	CHECK_EQ_INT(res->n_openers, 1);
	if (res->n_openers >= 1)
		CHECK_EQ_INT(res->openers[0].first_article, COPY_OF);
	/* Closers: the template's first five words close every 4th article,
	 * (but 1000, the copy), then the copy pair's last sentence. */
	CHECK_EQ_INT(res->n_closers, 2);
	if (res->n_closers >= 2) {
		CHECK_STR(res->closers[0].text, "the situation remains fluid as");
		CHECK_EQ_INT(res->closers[0].articles, N / 4 - 1);
		CHECK_EQ_INT(res->closers[1].articles, 2);
		CHECK_EQ_INT(res->closers[1].first_article, COPY_OF);
	}
cleanup:
	free(text);
	free(copy);
	cd_reuse_free(r);
}

/* ---- the seeds (printed, never asserted) ------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 3,000 copies of one text: every pair is alike (4.5 million of them).
 * Each copy is checked against the 16 before it in a bucket
 * (BUCKET_PEERS), and the list keeps the best 100 (max_pairs) by
 * similarity, then by article: (0,1)..(0,16), (1,2)..(1,17), ...,
 * (5,6)..(5,21), which is 96, then (6,7)..(6,10). Memory does not grow
 * with the pairs: the peak rises by well under 32 MB. */
static void test_copies(void)
{
	enum { N = 3000 };
	static const char text[] =
		"Harbor officials counted forty ships waiting outside the breakwater on Monday "
		"morning, twice the usual number for early spring. Pilots said fog and a broken "
		"crane slowed the unloading of grain and timber. The port authority expects the "
		"queue to clear by Thursday if the weather holds and the crane is repaired.";
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	long before = ru.ru_maxrss;
	cd_reuse *r = NULL;
	const cd_reuse_result *res = NULL;
	CHECK_EQ_INT(cd_reuse_new(&r, NULL), CD_OK);
	if (!r)
		return;
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, text, sizeof text - 1, NULL), CD_OK);
	for (size_t i = 0; a && i < N; i++)
		if (cd_reuse_add(r, i, cd_article_result(a)) != CD_OK)
			break;
	cd_article_free(a);
	CHECK_EQ_INT(cd_reuse_finish(r, &res), CD_OK);
	if (res) {
		CHECK_EQ_INT(res->n_pairs, 100);
		if (res->n_pairs == 100) {
			CHECK_EQ_INT(res->pairs[0].a, 0);
			CHECK_EQ_INT(res->pairs[0].b, 1);
			CHECK_EQ_INT(res->pairs[15].b, 16);
			CHECK_EQ_INT(res->pairs[16].a, 1);
			CHECK_EQ_INT(res->pairs[16].b, 2);
			CHECK_EQ_INT(res->pairs[99].a, 6);
			CHECK_EQ_INT(res->pairs[99].b, 10);
			size_t ones = 0;
			for (size_t i = 0; i < res->n_pairs; i++)
				ones += res->pairs[i].similarity == 1.0;
			CHECK_EQ_INT(ones, 100);
		}
	}
	cd_reuse_free(r);
	getrusage(RUSAGE_SELF, &ru);
	CHECK(ru.ru_maxrss - before < 32 * 1024);   /* KiB */
}

static void test_seeds(void)
{
	static const char *const dirs[] = { "../shared/seeds", "../../shared/seeds" };
	DIR *d = NULL;
	const char *dir = NULL;
	for (size_t k = 0; k < 2 && !d; k++)
		if ((d = opendir(dirs[k])) != NULL)
			dir = dirs[k];
	if (!d) {
		printf("seeds: not found, skipped\n");
		return;
	}
	char *names[64];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL && n < 64)
		if (strlen(de->d_name) > 4 && strcmp(de->d_name + strlen(de->d_name) - 4, ".txt") == 0)
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);

	cd_reuse_options o;
	cd_reuse_options_init(&o);
	o.min_articles = 2;
	cd_reuse *r = NULL;
	const cd_reuse_result *res = NULL;
	CHECK_EQ_INT(cd_reuse_new(&r, &o), CD_OK);
	for (size_t i = 0; r && i < n; i++) {
		char path[512];
		size_t len = 0;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		char *text = cdt_slurp(path, &len);
		cd_article *a = NULL;
		if (text && cd_analyze(&a, text, len, NULL) == CD_OK)
			CHECK_EQ_INT(cd_reuse_add(r, i, cd_article_result(a)), CD_OK);
		cd_article_free(a);
		free(text);
	}
	if (r && cd_reuse_finish(r, &res) == CD_OK) {
		printf("seeds: %zu articles, min_articles 2\n", res->articles);
		for (size_t i = 0; i < res->n_phrases; i++)
			printf("  phrase %zu articles (first %s): %s\n", res->phrases[i].articles,
			       names[res->phrases[i].first_article], res->phrases[i].text);
		for (size_t i = 0; i < res->n_openers; i++)
			printf("  opener %zu articles: %s\n", res->openers[i].articles, res->openers[i].text);
		for (size_t i = 0; i < res->n_closers; i++)
			printf("  closer %zu articles: %s\n", res->closers[i].articles, res->closers[i].text);
		for (size_t i = 0; i < res->n_pairs; i++)
			printf("  pair %s %s %.3f\n", names[res->pairs[i].a], names[res->pairs[i].b],
			       res->pairs[i].similarity);
	}
	cd_reuse_free(r);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
}

/* ---- the benchmark (CD_REUSE_BENCH=N; nothing runs without it) ----------------------------------------- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Word v of a Zipf-like vocabulary: rank = vocab^u for uniform u, so the
 * first few words are very common, as "the", "of" and "to" are. */
static uint64_t zipf_word(uint64_t *rng, double vocab)
{
	double u = (double)(rng_next(rng) >> 11) / 9007199254740992.0;
	return (uint64_t)pow(vocab, u) - 1;
}

static void test_bench(void)
{
	const char *env = getenv("CD_REUSE_BENCH");
	size_t n = env ? strtoul(env, NULL, 10) : 0;
	if (!n)
		return;
	cd_reuse *r = NULL;
	char *text = malloc(64 << 10);
	if (!text || cd_reuse_new(&r, NULL) != CD_OK) {
		free(text);
		return;
	}
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	double t_gen = 0, t_an = 0, t_add = 0, t0;
	size_t words = 0;
	for (size_t i = 0; i < n; i++) {
		t0 = now();
		size_t len = 0, w = 0;
		while (w < 800) {
			size_t sl = 10 + rng_next(&rng) % 21;   /* 10-30 words */
			for (size_t k = 0; k < sl; k++) {
				len += put_word(text + len, zipf_word(&rng, 30000), k == 0);
				text[len++] = k + 1 < sl ? ' ' : '.';
			}
			text[len++] = w + sl >= 800 || rng_next(&rng) % 4 ? ' ' : '\n';
			w += sl;
			if (rng_next(&rng) % 10 == 0) {     /* a template sentence now and then */
				memcpy(text + len, template_sentence, sizeof template_sentence - 1);
				len += sizeof template_sentence - 1;
			}
		}
		text[len] = '\0';
		t_gen += now() - t0;
		t0 = now();
		cd_article *a = NULL;
		if (cd_analyze(&a, text, len, NULL) != CD_OK)
			break;
		t_an += now() - t0;
		words += cd_article_result(a)->n_words;
		t0 = now();
		cd_reuse_add(r, i, cd_article_result(a));
		t_add += now() - t0;
		cd_article_free(a);
	}
	t0 = now();
	const cd_reuse_result *res = NULL;
	cd_reuse_finish(r, &res);
	double t_fin = now() - t0;
	cd_reuse_stats st;
	cd_reuse_get_stats(r, &st);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("bench: %zu articles, %zu words: generate %.2f s, analyze %.2f s, reuse add %.2f s "
	       "(%.1f us/article), finish %.3f s\n", n, words, t_gen, t_an, t_add,
	       t_add / (double)n * 1e6, t_fin);
	printf("bench: reuse holds %.1f MiB (table %zu slots, %zu entries, %zu prunes, %zu grows, "
	       "%zu signatures); process peak RSS %.1f MiB\n", st.bytes / 1048576.0, st.slots,
	       st.entries, st.prunes, st.grows, st.signatures, ru.ru_maxrss / 1024.0);
	/* The default table never has to grow for generated articles, and
	 * everything held stays far below the 64 MB of the whole program. */
	CHECK_EQ_INT(st.grows, 0);
	CHECK(st.bytes < (size_t)24 << 20);
	if (res) {
		printf("bench: %zu phrases, %zu openers, %zu closers, %zu pairs\n", res->n_phrases,
		       res->n_openers, res->n_closers, res->n_pairs);
		for (size_t i = 0; i < res->n_phrases && i < 5; i++)
			printf("  %zu: %s\n", res->phrases[i].articles, res->phrases[i].text);
	}
	cd_reuse_free(r);
	free(text);
}

CD_TEST_MAIN(TEST(test_options), TEST(test_small_batch), TEST(test_maximal),
             TEST(test_function_words), TEST(test_sentence_ends), TEST(test_many), TEST(test_copies), TEST(test_seeds), TEST(test_bench))
