/*
 * test_phrases.c - the filler-phrase books (one file a category in data/phrases), their
 * parser (cd_phrasebook_add), the word-trie matcher (cdi_phrasebook_match)
 * and the stage's figures through cd_analyze, on texts written for these
 * tests with the figures worked out by hand.
 */
#include "analyzer/internal.h"
#include "harness.h"

#include <pthread.h>
#include <stdlib.h>
#include <utf8proc.h>

/* ---- helpers ----------------------------------------------------------- */

/* A fresh book: the built-in entries plus text; NULL when adding failed. */
static cd_phrasebook *book_with(const char *text)
{
	cd_phrasebook *b = NULL;
	size_t bad = 0;
	if (cd_phrasebook_new(&b) != CD_OK)
		return NULL;
	if (text && cd_phrasebook_add(b, text, strlen(text), &bad) != CD_OK) {
		fprintf(stderr, "book_with: line %zu rejected\n", bad);
		cd_phrasebook_free(b);
		return NULL;
	}
	return b;
}

/* The error and bad line of adding text to a fresh book. */
static int add_error(const char *text, size_t *bad_line)
{
	cd_phrasebook *b = NULL;
	*bad_line = 0;
	if (cd_phrasebook_new(&b) != CD_OK)
		return 1;
	int err = cd_phrasebook_add(b, text, strlen(text), bad_line);
	cd_phrasebook_free(b);
	return err;
}

/* The phrase of the longest match at first in folded[first .. first+n),
 * with its length in *len; "" when none. */
static const char *match(const cd_phrasebook *b, const char *const *folded, size_t first,
                         size_t n, size_t *len)
{
	long e = cdi_phrasebook_match(b, folded, first, n, len);
	return e < 0 ? "" : cd_phrasebook_entry(b, (size_t)e)->phrase;
}

static int is_folded_nfc(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s),
	                                  &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	int ok = n >= 0 && (size_t)n == strlen(s) && memcmp(out, s, strlen(s)) == 0;
	free(out);
	return ok;
}

/* ---- (1) the built-in entries ------------------------------------------ */

static void test_builtin_entries(void)
{
	const cd_phrasebook *b = cdi_phrasebook_builtin();
	CHECK(b != NULL);
	if (!b)
		return;
	size_t n = cd_phrasebook_count(b);
	CHECK(n >= 500);
	size_t per_cat[CD_CAT_COUNT] = { 0 };
	size_t bad_text = 0, bad_weight = 0, bad_cat = 0, dups = 0, bad_alt = 0;
	cdi_arena arena;
	cdi_arena_init(&arena);
	cdi_strmap seen;
	cdi_strmap_init(&seen, &arena);
	for (size_t i = 0; i < n; i++) {
		const cd_phrase_entry *e = cd_phrasebook_entry(b, i);
		const char *p = e->phrase;
		size_t len = strlen(p);
		int ok = len > 0 && p[0] != ' ' && p[len - 1] != ' ' && !strstr(p, "  ") &&
		         !strchr(p, '\t') && !strchr(p, '|') && p[0] != '#' && is_folded_nfc(p);
		if (!ok) {
			bad_text++;
			fprintf(stderr, "bad phrase text: \"%s\"\n", p);
		}
		if (!(e->weight >= 0.5 && e->weight <= 3.0))
			bad_weight++;
		if (e->category < 0 || e->category >= CD_CAT_COUNT)
			bad_cat++;
		else
			per_cat[e->category]++;
		if (!e->alternative || (e->alternative[0] == ' ' ||
		                        strcmp(e->alternative, "-") == 0))
			bad_alt++;
		/* Unique over the whole book, with hyphens read as spaces, so
		 * every match has exactly one category. */
		char key[256];
		size_t k = 0;
		for (; p[k] && k < sizeof key - 1; k++)
			key[k] = p[k] == '-' ? ' ' : p[k];
		int added = 0;
		cdi_strmap_intern(&seen, key, k, &added);
		if (!added) {
			dups++;
			fprintf(stderr, "duplicate phrase: \"%s\"\n", p);
		}
	}
	CHECK_EQ_INT(bad_text, 0);
	CHECK_EQ_INT(bad_weight, 0);
	CHECK_EQ_INT(bad_cat, 0);
	CHECK_EQ_INT(bad_alt, 0);
	CHECK_EQ_INT(dups, 0);
	for (int c = 0; c < CD_CAT_COUNT; c++) {
		if (per_cat[c] == 0)
			fprintf(stderr, "category %s has no entries\n", cd_category_name(c));
		CHECK(per_cat[c] > 0);
	}
	cdi_strmap_free(&seen);
	cdi_arena_free(&arena);

	/* A new book copies the same entries in the same order. */
	cd_phrasebook *copy = NULL;
	CHECK_EQ_INT(cd_phrasebook_new(&copy), CD_OK);
	CHECK_EQ_INT(cd_phrasebook_count(copy), n);
	CHECK_STR(cd_phrasebook_entry(copy, n - 1)->phrase, cd_phrasebook_entry(b, n - 1)->phrase);
	CHECK(cd_phrasebook_entry(copy, n) == NULL);
	cd_phrasebook_free(copy);
	cd_phrasebook_free(NULL);
	/* The built-in book is built once. */
	CHECK(cdi_phrasebook_builtin() == b);
}

/* Each data/phrases/<category>.txt starts with its [category] line
 * (skipped when the tests do not run from the source tree). */
static void test_data_files(void)
{
	for (int c = 0; c < CD_CAT_COUNT; c++) {
		char path[64], line[64], want[40];
		snprintf(path, sizeof path, "data/phrases/%s.txt", cd_category_name(c));
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		snprintf(want, sizeof want, "[%s]\n", cd_category_name(c));
		CHECK(fgets(line, sizeof line, f) != NULL && strcmp(line, want) == 0);
		fclose(f);
	}
}

/* Well-known entries are where an editor would look for them. */
static void test_builtin_samples(void)
{
	static const struct { const char *phrase; int cat; const char *alt; } want[] = {
		{ "moreover", CD_CAT_TRANSITION, "(cut)" },
		{ "in order to", CD_CAT_WORDY, "to" },
		{ "due to the fact that", CD_CAT_WORDY, "because" },
		{ "only time will tell", CD_CAT_CLOSING, "(cut)" },
		{ "in conclusion", CD_CAT_CLOSING, "(cut)" },
		{ "this story was first published on", CD_CAT_BOILERPLATE, "(cut)" },
		{ "subscribe to our newsletter", CD_CAT_BOILERPLATE, "(cut)" },
		{ "plays a pivotal role", CD_CAT_AI, "matters" },
		{ "beacon of hope", CD_CAT_CLICHE, "" },
		{ "arguably", CD_CAT_HEDGE, "(cut)" },
		{ "truly", CD_CAT_INTENSIFIER, "(cut)" },
	};
	const cd_phrasebook *b = cdi_phrasebook_builtin();
	for (size_t w = 0; b && w < sizeof want / sizeof want[0]; w++) {
		const cd_phrase_entry *found = NULL;
		for (size_t i = 0; i < cd_phrasebook_count(b); i++)
			if (strcmp(cd_phrasebook_entry(b, i)->phrase, want[w].phrase) == 0)
				found = cd_phrasebook_entry(b, i);
		CHECK(found != NULL);
		if (found) {
			CHECK_EQ_INT(found->category, want[w].cat);
			CHECK_STR(found->alternative, want[w].alt);
		}
	}
	/* "however" is a transition, but a mild one. */
	for (size_t i = 0; b && i < cd_phrasebook_count(b); i++)
		if (strcmp(cd_phrasebook_entry(b, i)->phrase, "however") == 0)
			CHECK(cd_phrasebook_entry(b, i)->weight <= 0.5);
}

/* ---- (2) the matcher on folded words ----------------------------------- */

static const char test_book_text[] =
	"# test entries made of nonsense words, so only these match\n"
	"[cliche]\n"
	"zorp blat | 2\n"
	"zorp blat quux | 1 | -\n"
	"foo-bar baz | 1.5 | qux\n"
	"[hedge]\n"
	"blat quux glim\n";

static void test_match_longest(void)
{
	const cd_phrasebook *b = cdi_phrasebook_builtin();
	size_t len;
	const char *w1[] = { "in", "order", "to", "win" };
	CHECK_STR(match(b, w1, 0, 4, &len), "in order to");
	CHECK_EQ_INT(len, 3);
	CHECK_STR(match(b, w1, 1, 3, &len), "");   /* not at a phrase start */
	CHECK_EQ_INT(len, 0);
	CHECK_STR(match(b, w1, 0, 2, &len), "");   /* "in order" alone is nothing */
	const char *w2[] = { "in", "order", "for" };
	CHECK_STR(match(b, w2, 0, 3, &len), "in order for");
	const char *w3[] = { "the", "vast", "majority", "of", "them" };
	CHECK_STR(match(b, w3, 0, 5, &len), "the vast majority of");
	CHECK_EQ_INT(len, 4);
	const char *w4[] = { "in", "addition", "to", "taxes" };
	CHECK_STR(match(b, w4, 0, 4, &len), "in addition to");
	CHECK_STR(match(b, w4, 0, 2, &len), "in addition");   /* n stops the walk */
	const char *w5[] = { "it's", "worth", "noting" };
	CHECK_STR(match(b, w5, 0, 3, &len), "it's worth noting");
	CHECK_EQ_INT(len, 3);
	const char *w6[] = { "moreover" };
	CHECK_STR(match(b, w6, 0, 1, &len), "moreover");
	CHECK_EQ_INT(cdi_phrasebook_match(b, w6, 0, 0, &len), -1);
}

static void test_match_hyphens(void)
{
	const cd_phrasebook *b = cdi_phrasebook_builtin();
	size_t len;
	const char *one[] = { "state-of-the-art", "plant" };
	CHECK_STR(match(b, one, 0, 2, &len), "state-of-the-art");
	CHECK_EQ_INT(len, 1);
	const char *four[] = { "state", "of", "the", "art" };
	CHECK_STR(match(b, four, 0, 4, &len), "state-of-the-art");
	CHECK_EQ_INT(len, 4);
	const char *two[] = { "state-of", "the-art" };
	CHECK_STR(match(b, two, 0, 2, &len), "state-of-the-art");
	CHECK_EQ_INT(len, 2);
	const char *cut[] = { "state", "of", "the" };
	CHECK_STR(match(b, cut, 0, 3, &len), "");

	cd_phrasebook *t = book_with(test_book_text);
	CHECK(t != NULL);
	if (!t)
		return;
	/* A spaced entry matches the hyphenated token and back. */
	const char *h1[] = { "zorp-blat", "x" };
	CHECK_STR(match(t, h1, 0, 2, &len), "zorp blat");
	CHECK_EQ_INT(len, 1);
	const char *h2[] = { "foo", "bar", "baz" };
	CHECK_STR(match(t, h2, 0, 3, &len), "foo-bar baz");
	CHECK_EQ_INT(len, 3);
	const char *h3[] = { "foo-bar-baz" };
	CHECK_STR(match(t, h3, 0, 1, &len), "foo-bar baz");
	CHECK_EQ_INT(len, 1);
	/* Longest wins, across a hyphenated token. */
	const char *h4[] = { "zorp", "blat-quux" };
	CHECK_STR(match(t, h4, 0, 2, &len), "zorp blat quux");
	CHECK_EQ_INT(len, 2);
	/* A match ends where a token ends: "zorp blat" is not matched inside
	 * the token "blat-quuxes". */
	const char *h5[] = { "zorp", "blat-quuxes" };
	CHECK_STR(match(t, h5, 0, 2, &len), "");
	/* Nor does one start inside a token. */
	const char *h6[] = { "x-zorp", "blat" };
	CHECK_STR(match(t, h6, 0, 2, &len), "");
	/* Empty parts never match. */
	const char *h7[] = { "zorp-", "blat" };
	CHECK_STR(match(t, h7, 0, 2, &len), "");
	cd_phrasebook_free(t);
}

/* ---- (3) the stage, end to end ------------------------------------------ */

static const char text_a[] =
	"Moreover, Talks Resume\n"
	"\n"
	"Moreover, the state-of-the-art plant opened in order to meet demand.\n"
	"\n"
	"The state of the art design is, moreover, very cheap.\n"
	"\n"
	"More like this\n";

static cd_article *analyze(const char *text, const cd_options *opt)
{
	cd_article *a = NULL;
	if (cd_analyze(&a, text, strlen(text), opt) != CD_OK)
		return NULL;
	return a;
}

static void test_stage_counts(void)
{
	/* Counted words: sentence 1 has 10 (state-of-the-art is one word),
	 * sentence 2 has 10; the heading and the boilerplate line are not
	 * counted. Fillers: moreover x2 (transition, 1.5), state-of-the-art
	 * in both spellings (cliche, 1.5), in order to (wordy, 1), very
	 * (intensifier, 0.5), more like this (boilerplate, 2, counted in any
	 * block); the heading's "Moreover" is not counted. 7 in all:
	 * 7000/20 = 350 per 1,000; weights 3 + 3 + 1 + 0.5 + 2 = 9.5 -> 475. */
	cd_article *a = analyze(text_a, NULL);
	CHECK(a != NULL);
	if (!a)
		return;
	const cd_result *r = cd_article_result(a);
	const cd_fillers *f = &r->fillers;
	CHECK_EQ_INT(r->counts.words, 20);
	CHECK_EQ_INT(f->total, 7);
	CHECK_NEAR(f->per_1000_words, 350.0, 1e-9);
	CHECK_NEAR(f->weighted_per_1000_words, 475.0, 1e-9);
	CHECK_EQ_INT(f->count[CD_CAT_TRANSITION], 2);
	CHECK_EQ_INT(f->count[CD_CAT_CLICHE], 2);
	CHECK_EQ_INT(f->count[CD_CAT_WORDY], 1);
	CHECK_EQ_INT(f->count[CD_CAT_INTENSIFIER], 1);
	CHECK_EQ_INT(f->count[CD_CAT_BOILERPLATE], 1);
	CHECK_EQ_INT(f->count[CD_CAT_HEDGE], 0);
	CHECK_NEAR(f->per_1000[CD_CAT_TRANSITION], 100.0, 1e-9);
	CHECK_NEAR(f->per_1000[CD_CAT_WORDY], 50.0, 1e-9);
	CHECK_NEAR(f->per_1000[CD_CAT_BOILERPLATE], 50.0, 1e-9);
	CHECK_NEAR(f->per_1000[CD_CAT_AI], 0.0, 1e-9);
	/* Top: moreover and state-of-the-art tie at 2 uses and weight 1.5,
	 * so alphabetical; then more like this (weight 2), in order to (1),
	 * very (0.5). */
	CHECK_EQ_INT(f->n_top, 5);
	if (f->n_top == 5) {
		CHECK_STR(f->top[0].entry->phrase, "moreover");
		CHECK_EQ_INT(f->top[0].count, 2);
		CHECK_STR(f->top[1].entry->phrase, "state-of-the-art");
		CHECK_STR(f->top[2].entry->phrase, "more like this");
		CHECK_STR(f->top[3].entry->phrase, "in order to");
		CHECK_STR(f->top[4].entry->phrase, "very");
		CHECK_EQ_INT(f->top[4].count, 1);
	}
	/* One finding per match, spanning the words as written. */
	size_t fillers = 0;
	const cd_finding *wordy = NULL, *spaced = NULL;
	for (size_t i = 0; i < r->n_findings; i++) {
		const cd_finding *x = &r->findings[i];
		if (x->kind != CD_FIND_FILLER)
			continue;
		fillers++;
		if (x->category == CD_CAT_WORDY)
			wordy = x;
		if (x->category == CD_CAT_CLICHE && r->text[x->start] == 's' &&
		    r->text[x->start + 5] == ' ')
			spaced = x;
	}
	CHECK_EQ_INT(fillers, 7);
	CHECK(wordy != NULL);
	if (wordy) {
		CHECK_EQ_INT(wordy->end - wordy->start, 11);
		CHECK(memcmp(r->text + wordy->start, "in order to", 11) == 0);
		CHECK_STR(wordy->message, "'in order to' (wordy): use 'to'");
	}
	CHECK(spaced != NULL);
	if (spaced)
		CHECK(memcmp(r->text + spaced->start, "state of the art", 16) == 0 &&
		      spaced->end - spaced->start == 16);
	/* The heading's opener still shows in the per-word arrays. */
	CHECK_EQ_INT(a->match_cat[0], CD_CAT_TRANSITION + 1);
	CHECK_EQ_INT(a->match_len[0], 1);
	cd_article_free(a);
}

static void test_stage_disable(void)
{
	cd_options opt;
	cd_options_init(&opt);
	cd_article *on = analyze(text_a, &opt);
	opt.category_enabled[CD_CAT_CLICHE] = 0;
	cd_article *off = analyze(text_a, &opt);
	CHECK(on && off);
	if (on && off) {
		const cd_fillers *f1 = &cd_article_result(on)->fillers;
		const cd_fillers *f0 = &cd_article_result(off)->fillers;
		for (int c = 0; c < CD_CAT_COUNT; c++) {
			if (c == CD_CAT_CLICHE)
				continue;
			CHECK_EQ_INT(f0->count[c], f1->count[c]);
			CHECK_NEAR(f0->per_1000[c], f1->per_1000[c], 1e-12);
		}
		CHECK_EQ_INT(f1->count[CD_CAT_CLICHE], 2);
		CHECK_EQ_INT(f0->count[CD_CAT_CLICHE], 0);
		CHECK_NEAR(f0->per_1000[CD_CAT_CLICHE], 0.0, 1e-12);
		/* 5 left: 250 per 1,000; weights 9.5 - 3 = 6.5 -> 325. */
		CHECK_EQ_INT(f0->total, 5);
		CHECK_NEAR(f0->per_1000_words, 250.0, 1e-9);
		CHECK_NEAR(f0->weighted_per_1000_words, 325.0, 1e-9);
		CHECK_EQ_INT(f0->n_top, 4);
		size_t cliche_findings = 0;
		const cd_result *r0 = cd_article_result(off);
		for (size_t i = 0; i < r0->n_findings; i++)
			if (r0->findings[i].kind == CD_FIND_FILLER &&
			    r0->findings[i].category == CD_CAT_CLICHE)
				cliche_findings++;
		CHECK_EQ_INT(cliche_findings, 0);
		/* The per-word arrays ignore the options: "state-of-the-art" is
		 * word 5 (heading 3 words, then moreover, the). */
		CHECK_EQ_INT(off->match_cat[5], CD_CAT_CLICHE + 1);
		CHECK_EQ_INT(off->match_len[5], 1);
	}
	cd_article_free(on);
	cd_article_free(off);
}

static void test_stage_boundaries(void)
{
	/* "in order" + "to" across a sentence end is no match: 8 words, 0
	 * fillers. Then "zorp blat quux glim" with the test book: leftmost-
	 * longest takes "zorp blat quux" (cliche), and the hedge "blat quux
	 * glim" starting inside it is not counted, though word 1's arrays
	 * record it. */
	cd_article *a = analyze("They spoke in order. To win, they ran.\n", NULL);
	CHECK(a != NULL);
	if (a) {
		const cd_result *r = cd_article_result(a);
		CHECK_EQ_INT(r->counts.words, 8);
		CHECK_EQ_INT(r->fillers.total, 0);
		CHECK_NEAR(r->fillers.per_1000_words, 0.0, 1e-12);
		CHECK_EQ_INT(r->fillers.n_top, 0);
		cd_article_free(a);
	}
	cd_phrasebook *t = book_with(test_book_text);
	cd_options opt;
	cd_options_init(&opt);
	opt.phrasebook = t;
	a = t ? analyze("Zorp blat quux glim. Zorp-blat is here.\n", &opt) : NULL;
	CHECK(a != NULL);
	if (a) {
		const cd_result *r = cd_article_result(a);
		/* 4 + 3 words (zorp-blat is one); fillers: zorp blat quux (1),
		 * zorp blat (2): 2000/7 per 1,000, weights 3000/7. */
		CHECK_EQ_INT(r->counts.words, 7);
		CHECK_EQ_INT(r->fillers.total, 2);
		CHECK_EQ_INT(r->fillers.count[CD_CAT_CLICHE], 2);
		CHECK_EQ_INT(r->fillers.count[CD_CAT_HEDGE], 0);
		CHECK_NEAR(r->fillers.per_1000_words, 2000.0 / 7, 1e-9);
		CHECK_NEAR(r->fillers.weighted_per_1000_words, 3000.0 / 7, 1e-9);
		CHECK_EQ_INT(a->match_len[0], 3);
		CHECK_EQ_INT(a->match_cat[1], CD_CAT_HEDGE + 1);
		CHECK_EQ_INT(a->match_len[1], 3);
		CHECK_EQ_INT(a->match_len[3], 0);
		CHECK_EQ_INT(a->match_len[4], 1);
		/* Ties at one use: weight 2 before weight 1. */
		if (r->fillers.n_top == 2) {
			CHECK_STR(r->fillers.top[0].entry->phrase, "zorp blat");
			CHECK_STR(r->fillers.top[1].entry->phrase, "zorp blat quux");
		}
		CHECK_EQ_INT(r->fillers.n_top, 2);
		cd_article_free(a);
	}
	cd_phrasebook_free(t);

	/* No words at all. */
	a = analyze("", NULL);
	CHECK(a != NULL);
	if (a) {
		CHECK_EQ_INT(cd_article_result(a)->fillers.total, 0);
		CHECK_NEAR(cd_article_result(a)->fillers.per_1000_words, 0.0, 1e-12);
		cd_article_free(a);
	}
}

/* Marks between words stop a match ("assigned, in order, to" holds no "in
 * order to"); web-page residue counts only where it opens its sentence or
 * follows a mark ("Read more:", not "you can read more about it"); the
 * cliche is the noun "a must-have", not the verb "must have". By hand:
 * 9 + 4 + 6 + 5 + 6 = 30 words ("must-have" is one), two fillers. */
static void test_stage_marks(void)
{
	cd_article *a = analyze("The values are assigned, in order, to each slot. Officials must "
	                        "have known. You can read more about it. Read more: the full "
	                        "report. The gadget became a must-have item.\n", NULL);
	CHECK(a != NULL);
	if (!a)
		return;
	const cd_result *r = cd_article_result(a);
	CHECK_EQ_INT(r->counts.words, 30);
	CHECK_EQ_INT(r->fillers.total, 2);
	CHECK_EQ_INT(r->fillers.count[CD_CAT_BOILERPLATE], 1);
	CHECK_EQ_INT(r->fillers.count[CD_CAT_CLICHE], 1);
	CHECK_EQ_INT(r->fillers.count[CD_CAT_WORDY], 0);
	CHECK_NEAR(r->fillers.per_1000_words, 2000.0 / 30, 1e-9);
	cd_article_free(a);
}

/* Several analyses at once, the first ones racing to build the built-in
 * book (run first, before any other test has built it). */
static void *analyze_thread(void *arg)
{
	size_t *total = arg;
	cd_article *a = analyze(text_a, NULL);
	*total = a ? cd_article_result(a)->fillers.total : 999;
	cd_article_free(a);
	return NULL;
}

static void test_threads(void)
{
	pthread_t t[4];
	size_t total[4] = { 0 };
	int started[4] = { 0 };
	for (int i = 0; i < 4; i++)
		started[i] = pthread_create(&t[i], NULL, analyze_thread, &total[i]) == 0;
	for (int i = 0; i < 4; i++) {
		CHECK(started[i]);
		if (started[i])
			pthread_join(t[i], NULL);
		CHECK_EQ_INT(total[i], 7);
	}
}

/* ---- (4) parsing ------------------------------------------------------- */

static void test_add_errors(void)
{
	size_t bad;
	CHECK_EQ_INT(add_error("# comment\n\nfoo bar\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 3);   /* an entry before any category */
	CHECK_EQ_INT(add_error("[wordy]\nfoo bar\n[nonsense]\nbaz\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 3);   /* unknown category */
	CHECK_EQ_INT(add_error("[wordy\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 1);
	CHECK_EQ_INT(add_error("[wordy]\nfoo | 4\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 2);   /* weight over 3 */
	CHECK_EQ_INT(add_error("[wordy]\n\n# c\nfoo | 0.4\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 4);   /* weight under 0.5 */
	CHECK_EQ_INT(add_error("[wordy]\nfoo | abc\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 2);
	CHECK_EQ_INT(add_error("[wordy]\nfoo | 1.\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 2);
	CHECK_EQ_INT(add_error("[wordy]\nfoo | 1 | a | b\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 2);   /* a fourth field */
	CHECK_EQ_INT(add_error("[wordy]\n  | 1 | x\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 2);   /* empty phrase */
	CHECK_EQ_INT(add_error("[ai]\nok one\nFoo Bar\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 3);   /* not lowercase */
	CHECK_EQ_INT(add_error("[ai]\ncafe\xcc\x81 talk\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 2);   /* not NFC: e + combining acute */
	CHECK_EQ_INT(add_error("[ai]\nfoo  bar\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 2);   /* two spaces */
	CHECK_EQ_INT(add_error("[ai]\nfoo- bar\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 2);   /* empty part at a hyphen */
	CHECK_EQ_INT(add_error("[hedge]\nzz top\nzz-top | 2\n", &bad), CD_EINVAL);
	CHECK_EQ_INT(bad, 3);   /* duplicate once hyphens read as spaces */
	CHECK_EQ_INT(add_error("[wordy]\nin order to\n[ai]\nzz\n[wordy]\nin-order to | 2\n", &bad),
	             CD_EINVAL);
	CHECK_EQ_INT(bad, 6);   /* twice in [wordy] of one text (the built-in one is earlier) */
	/* NULL bad_line is allowed. */
	cd_phrasebook *b = book_with(NULL);
	CHECK(b != NULL);
	if (b) {
		CHECK_EQ_INT(cd_phrasebook_add(b, "zz\n", 3, NULL), CD_EINVAL);
		cd_phrasebook_free(b);
	}
}

static void test_add_ok(void)
{
	cd_phrasebook *b = book_with(NULL);
	CHECK(b != NULL);
	if (!b)
		return;
	size_t n = cd_phrasebook_count(b), bad = 99;
	/* CRLF, a curly apostrophe, NFC é, an inner '#', the same phrase as a
	 * built-in one in another category, every field form. */
	const char *text = "# extra\r\n[ closing ]\r\nzz caf\xc3\xa9 talk | 2.5 | coffee\r\n"
	                   "[ai]\nit\xe2\x80\x99s zz\nzz #1 | | -\nin order to | 3\n";
	CHECK_EQ_INT(cd_phrasebook_add(b, text, strlen(text), &bad), CD_OK);
	CHECK_EQ_INT(bad, 99);   /* untouched on success */
	CHECK_EQ_INT(cd_phrasebook_count(b), n + 4);
	const cd_phrase_entry *e = cd_phrasebook_entry(b, n);
	CHECK_STR(e->phrase, "zz caf\xc3\xa9 talk");
	CHECK_EQ_INT(e->category, CD_CAT_CLOSING);
	CHECK_NEAR(e->weight, 2.5, 1e-12);
	CHECK_STR(e->alternative, "coffee");
	e = cd_phrasebook_entry(b, n + 1);
	CHECK_STR(e->phrase, "it's zz");
	CHECK_NEAR(e->weight, 1.0, 1e-12);
	CHECK_STR(e->alternative, "");
	e = cd_phrasebook_entry(b, n + 2);
	CHECK_STR(e->phrase, "zz #1");
	CHECK_STR(e->alternative, "(cut)");
	/* The later entry of a phrase is the one matched. */
	const char *w[] = { "in", "order", "to" };
	size_t len;
	long m = cdi_phrasebook_match(b, w, 0, 3, &len);
	CHECK_EQ_INT(m, (long)(n + 3));
	CHECK_EQ_INT(cd_phrasebook_entry(b, (size_t)m)->category, CD_CAT_AI);
	const char *w2[] = { "it's", "zz" };
	CHECK_EQ_INT(cdi_phrasebook_match(b, w2, 0, 2, &len), (long)(n + 1));
	/* A later text may list a phrase again: its entry is the one matched. */
	CHECK_EQ_INT(cd_phrasebook_add(b, "[ai]\nin order to | 0.5\n", 23, &bad), CD_OK);
	CHECK_EQ_INT(cdi_phrasebook_match(b, w, 0, 3, &len), (long)(n + 4));
	CHECK_NEAR(cd_phrasebook_entry(b, n + 4)->weight, 0.5, 1e-12);
	/* Empty text adds nothing. */
	CHECK_EQ_INT(cd_phrasebook_add(b, "", 0, &bad), CD_OK);
	CHECK_EQ_INT(cd_phrasebook_count(b), n + 5);
	cd_phrasebook_free(b);
}

/* A sentence adverb (a trailing comma in its file) counts only where
 * punctuation sets it apart. By hand, of the built-in book: "In short,"
 * "Moving forward," and the quoted "in short," (closing), ", however," and
 * "Accordingly," (transition) count, and "thereby", which has no comma, counts
 * unpunctuated; "in short supply", "However much", "acted accordingly."
 * and "kept moving forward." do not. */
/* in_quotes = no: filler phrases inside direct quotes (curly, or straight
 * quotes paired in turn) are not counted; web residue still is. By hand,
 * with the option off: "very", "indeed" (intensifiers) and "game-changer"
 * outside the quotes, and "Share this article" (boilerplate): 4; on: also
 * the quoted "truly", "very" and "game-changer": 7. */
static void test_fillers_in_quotes(void)
{
	const char *t = "It was very cold. \"We were truly stuck,\" she said, \"a very long "
	                "night.\" Officials called it \xe2\x80\x9c" "a game-changer\xe2\x80\x9d" " for "
	                "the city, a game-changer indeed.\n\nShare this article\n";
	cd_options opt;
	cd_options_init(&opt);
	CHECK_EQ_INT(opt.fillers_in_quotes, 1);
	cd_article *a = analyze(t, &opt);
	CHECK(a != NULL);
	if (a) {
		CHECK_EQ_INT(cd_article_result(a)->fillers.total, 7);
		cd_article_free(a);
	}
	opt.fillers_in_quotes = 0;
	a = analyze(t, &opt);
	CHECK(a != NULL);
	if (a) {
		const cd_fillers *f = &cd_article_result(a)->fillers;
		CHECK_EQ_INT(f->total, 4);
		CHECK_EQ_INT(f->count[CD_CAT_INTENSIFIER], 2);
		CHECK_EQ_INT(f->count[CD_CAT_CLICHE], 1);
		CHECK_EQ_INT(f->count[CD_CAT_BOILERPLATE], 1);
		cd_article_free(a);
	}
	/* An inch mark opens no quote: "at the end of the day" after 55"
	 * counts; guillemets hold a quote: "very" inside them does not. */
	a = analyze("They bought a 55\" TV. At the end of the day, it was cheap. He said "
	            "\xc2\xab it was very cheap \xc2\xbb and left.", &opt);
	CHECK(a != NULL);
	if (a) {
		const cd_fillers *f = &cd_article_result(a)->fillers;
		CHECK_EQ_INT(f->count[CD_CAT_CLICHE], 1);
		CHECK_EQ_INT(f->count[CD_CAT_INTENSIFIER], 0);
		cd_article_free(a);
	}
}

/* One-word puffery right after a negation, or a negation and an article,
 * is a plain claim: "not unprecedented", "never a game-changer". A figure
 * of speech stays a cliche ("did not move the needle"), "if not" still
 * says it, and intensifiers are no puffery ("not very" counts). By hand:
 * cliche 4 (unprecedented in the rally, game-changer in the deal, move
 * the needle, if not unprecedented), intensifier 1. */
static void test_denied_puffery(void)
{
	cd_article *a = analyze("The storm was not unprecedented. The rally was unprecedented. "
	                        "It was never a game-changer. The deal is a game-changer. It was "
	                        "not very cold. It did not move the needle. It was a rare, if not "
	                        "unprecedented, move.", NULL);
	CHECK(a != NULL);
	if (!a)
		return;
	const cd_fillers *f = &cd_article_result(a)->fillers;
	CHECK_EQ_INT(f->count[CD_CAT_CLICHE], 4);
	CHECK_EQ_INT(f->count[CD_CAT_INTENSIFIER], 1);
	cd_article_free(a);
}

/* An entry matches its contracted and spelled-out forms; an entry listed
 * in the other form keeps its own weight. */
static void test_contractions(void)
{
	cd_phrasebook *b = book_with("[ai]\nwe will zqexplore | 2\nlet's zqdive | 1\n"
	                             "it is zqvital | 1\nit's zqvital | 3\n");
	CHECK(b != NULL);
	if (!b)
		return;
	cd_options opt;
	cd_options_init(&opt);
	opt.phrasebook = b;
	/* we'll zqexplore (2) + We will zqexplore (2) + Let us zqdive (1) +
	 * It is zqvital (1) + it’s zqvital (3, its own entry): 5 matches,
	 * weight 9; "we zqexplore" and "let zqdive" are no forms of either. */
	const char *t = "Next, we\xe2\x80\x99ll zqexplore it. We will zqexplore more. Let us zqdive "
	                "in. It is zqvital. And it\xe2\x80\x99s zqvital. Then we zqexplore. Let "
	                "zqdive.";
	cd_article *a = analyze(t, &opt);
	CHECK(a != NULL);
	if (a) {
		const cd_fillers *f = &cd_article_result(a)->fillers;
		CHECK_EQ_INT(f->count[CD_CAT_AI], 5);
		CHECK_EQ_INT(f->total, 5);
		CHECK_NEAR(f->weighted_per_1000_words * (double)cd_article_result(a)->counts.words / 1000.0,
		           9.0, 1e-9);
		cd_article_free(a);
	}
	cd_phrasebook_free(b);
}

static void test_set_apart(void)
{
	const char *t = "In short, the plan failed. Supplies were in short supply. The vote, "
	                "however, passed. However much they tried, it failed. They acted "
	                "accordingly. Accordingly, the council met. Prices rose, thereby hurting "
	                "families. The truck kept moving forward. Moving forward, the city will grow. "
	                "He said \"in short, it failed.\"";
	cd_article *a = analyze(t, NULL);
	CHECK(a != NULL);
	if (!a)
		return;
	const cd_fillers *f = &cd_article_result(a)->fillers;
	CHECK_EQ_INT(f->count[CD_CAT_CLOSING], 3);
	CHECK_EQ_INT(f->count[CD_CAT_TRANSITION], 3);
	CHECK_EQ_INT(f->total, 6);
	cd_article_free(a);

	/* A degree word before a comparative measures a difference:
	 * "considerably more", "significantly higher" are not counted; "very
	 * important", "truly remarkable", "undoubtedly better" (no degree
	 * word) and "dramatically earlier" (a time, no comparison) are (4). */
	t = "Shares were worth considerably more. Profits were significantly higher than "
	    "expected. It was very important. It was truly remarkable. The plan is undoubtedly "
	    "better. Prices rose dramatically earlier this year.";
	a = analyze(t, NULL);
	CHECK(a != NULL);
	if (a) {
		CHECK_EQ_INT(cd_article_result(a)->fillers.count[CD_CAT_INTENSIFIER], 4);
		cd_article_free(a);
	}

	/* The file form: the comma is no part of the phrase. */
	cd_phrasebook *b = book_with("[closing]\nzz q, | 2 | -\nzz r\n");
	CHECK(b != NULL);
	if (!b)
		return;
	size_t n = cd_phrasebook_count(b);
	CHECK_STR(cd_phrasebook_entry(b, n - 2)->phrase, "zz q");
	CHECK_EQ_INT(cd_phrasebook_entry(b, n - 2)->set_off, 1);
	CHECK_STR(cd_phrasebook_entry(b, n - 1)->phrase, "zz r");
	CHECK_EQ_INT(cd_phrasebook_entry(b, n - 1)->set_off, 0);
	cd_phrasebook_free(b);
}

CD_TEST_MAIN(TEST(test_threads), TEST(test_builtin_entries), TEST(test_data_files), TEST(test_builtin_samples),
             TEST(test_match_longest), TEST(test_match_hyphens), TEST(test_stage_counts),
             TEST(test_stage_disable), TEST(test_stage_boundaries), TEST(test_stage_marks),
             TEST(test_add_errors), TEST(test_add_ok), TEST(test_set_apart), TEST(test_contractions), TEST(test_denied_puffery), TEST(test_fillers_in_quotes))
