/*
 * test_repetition.c - the repetition stage (src/analyzer/repetition.c) on
 * small texts whose figures are worked out by hand in the comments.
 *
 * Most cases build a cd_article by hand (a tiny tokenizer below fills
 * r.words, r.folded and r.sentences) so the stage is tested alone; the
 * end-to-end cases go through cd_analyze and are skipped while the
 * segmenter produces no words. The seed smoke test reads ../shared/seeds
 * when that folder exists.
 */
#include "analyzer/internal.h"
#include "harness.h"

#include <libstemmer.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- a hand-built article -------------------------------------------------
 * A line starting with '#' is a heading: one sentence, not counted. Other
 * lines are prose (hard-wrapped: a line end is white space), sentences end
 * at . ! ? and at the end of a heading or of the text. Words are
 * runs of ASCII letters, digits, inner ' and -; the folded form is the
 * lowercased word and ids are given by a->forms. */

static cd_article *build(const char *text, const cd_options *opt)
{
	cd_article *a = calloc(1, sizeof *a);
	CDI_VEC(cd_word) words = {0};
	CDI_VEC(const char *) folded = {0};
	CDI_VEC(cd_sentence) sents = {0};
	cdi_arena_init(&a->arena);
	cdi_strmap_init(&a->forms, &a->arena);
	if (opt)
		a->opt = *opt;
	else
		cd_options_init(&a->opt);
	size_t len = strlen(text);
	a->r.text = cdi_arena_strndup(&a->arena, text, len);
	a->r.text_len = len;
	size_t i = 0;
	int heading = 0, open = 0;
	cd_sentence cur = {0};
	while (i <= len) {
		char ch = i < len ? text[i] : '\n';
		if (i == 0 || (i > 0 && text[i - 1] == '\n')) {
			if (open && ch == '#') {
				CDI_VEC_PUSH(&sents, cur);   /* a heading ends an open sentence */
				open = 0;
			}
			heading = ch == '#';
		}
		if (isalnum((unsigned char)ch)) {
			size_t s = i;
			while (i < len && (isalnum((unsigned char)text[i]) ||
			       ((text[i] == '\'' || text[i] == '-') && i + 1 < len &&
			        isalnum((unsigned char)text[i + 1]))))
				i++;
			char buf[256];
			size_t n = i - s < 255 ? i - s : 255;
			for (size_t k = 0; k < n; k++)
				buf[k] = (char)tolower((unsigned char)text[s + k]);
			buf[n] = '\0';
			int64_t id = cdi_strmap_intern(&a->forms, buf, n, NULL);
			if (!open) {
				memset(&cur, 0, sizeof cur);
				cur.start = s;
				cur.first_word = words.n;
				cur.counted = !heading;
				open = 1;
			}
			cd_word w = {0};
			w.start = (uint32_t)s;
			w.end = (uint32_t)i;
			w.sentence = (uint32_t)sents.n;
			w.id = (uint32_t)id;
			w.letters = (uint16_t)n;
			if (isdigit((unsigned char)text[s]))
				w.flags |= CD_WORD_NUMBER;
			if (isupper((unsigned char)text[s]))
				w.flags |= CD_WORD_CAPITALIZED;
			CDI_VEC_PUSH(&words, w);
			CDI_VEC_PUSH(&folded, a->forms.keys[id]);
			cur.n_words++;
			cur.end = i;
			continue;
		}
		if (open && (ch == '.' || ch == '!' || ch == '?' || i == len ||
		             (ch == '\n' && heading))) {
			if (ch != '\n')
				cur.end = i + 1;
			CDI_VEC_PUSH(&sents, cur);
			open = 0;
		}
		i++;
	}
	cd_word *wv = cdi_arena_calloc(&a->arena, words.n + 1, sizeof *wv);
	const char **fv = cdi_arena_calloc(&a->arena, words.n + 1, sizeof *fv);
	cd_sentence *sv = cdi_arena_calloc(&a->arena, sents.n + 1, sizeof *sv);
	if (words.n) {
		memcpy(wv, words.v, words.n * sizeof *wv);
		memcpy(fv, folded.v, words.n * sizeof *fv);
	}
	if (sents.n)
		memcpy(sv, sents.v, sents.n * sizeof *sv);
	a->r.words = wv;
	a->r.folded = fv;
	a->r.n_words = words.n;
	a->r.sentences = sv;
	a->r.n_sentences = sents.n;
	free(words.v);
	free(folded.v);
	free(sents.v);
	return a;
}

static cd_article *run(const char *text, const cd_options *opt)
{
	cd_article *a = build(text, opt);
	CHECK_EQ_INT(cdi_repetition(a), CD_OK);
	return a;
}

static size_t count_findings(const cd_article *a, cd_finding_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < a->findings.n; i++)
		n += a->findings.v[i].kind == kind;
	return n;
}

/* The byte offset of the nth (0-based) occurrence of needle in text. */
static size_t offset_of(const char *text, const char *needle, int nth)
{
	const char *p = text;
	for (;;) {
		p = strstr(p, needle);
		if (!p)
			return (size_t)-1;
		if (nth-- == 0)
			return (size_t)(p - text);
		p++;
	}
}

/* ---- repeated phrases ---------------------------------------------------- */

/* 24 counted words in 4 sentences:
 *   S0 officials discussed regional stability today            (words 0-4)
 *   S1 the threat to regional stability grew quickly           (5-11)
 *   S2 analysts fear the threat to regional stability          (12-18)
 *   S3 markets ignored regional stability entirely             (19-23)
 * "threat to regional stability" x2 is the longest repeat; "threat to
 * regional" lies inside it both times (dropped); "to regional stability",
 * "the threat" and "threat to" start or end with a function word (never
 * counted); "regional stability" x4 is outside the 4-gram twice (kept).
 * Scores: 4*2 = 8 and 2*4 = 8, tie broken by text. Share: 2*4 / 24. */
static void test_phrases_longest_only(void)
{
	const char *t = "Officials discussed regional stability today. "
	                "The threat to regional stability grew quickly. "
	                "Analysts fear the threat to regional stability. "
	                "Markets ignored regional stability entirely.";
	cd_article *a = run(t, NULL);
	const cd_repetition *r = &a->r.repetition;
	CHECK_EQ_INT(r->n_phrases, 2);
	if (r->n_phrases == 2) {
		CHECK_STR(r->phrases[0].phrase, "regional stability");
		CHECK_EQ_INT(r->phrases[0].n_words, 2);
		CHECK_EQ_INT(r->phrases[0].count, 4);
		CHECK_EQ_INT(r->phrases[0].starts[0], offset_of(t, "regional stability", 0));
		CHECK_EQ_INT(r->phrases[0].starts[3], offset_of(t, "regional stability", 3));
		CHECK_STR(r->phrases[1].phrase, "threat to regional stability");
		CHECK_EQ_INT(r->phrases[1].n_words, 4);
		CHECK_EQ_INT(r->phrases[1].count, 2);
		CHECK_EQ_INT(r->phrases[1].starts[0], offset_of(t, "threat to", 0));
		CHECK_EQ_INT(r->phrases[1].starts[1], offset_of(t, "threat to", 1));
	}
	CHECK_NEAR(r->repeated_word_share, 8.0 / 24.0, 1e-9);
	/* one finding per occurrence of the 3+-word phrase only */
	CHECK_EQ_INT(count_findings(a, CD_FIND_REPEATED_PHRASE), 2);
	cd_article_free(a);
}

/* The same text plus "The threat to regional peace held." (S4, 6 words):
 * now "threat to regional" occurs 3 times, once outside the 4-gram, so it
 * is kept (count 3, score 9, first). Share: words 6-9 and 15-18 (4-gram),
 * and 25-27: 11 of 30. */
static void test_phrases_sub_phrase_outside(void)
{
	const char *t = "Officials discussed regional stability today. "
	                "The threat to regional stability grew quickly. "
	                "Analysts fear the threat to regional stability. "
	                "Markets ignored regional stability entirely. "
	                "The threat to regional peace held.";
	cd_article *a = run(t, NULL);
	const cd_repetition *r = &a->r.repetition;
	CHECK_EQ_INT(r->n_phrases, 3);
	if (r->n_phrases == 3) {
		CHECK_STR(r->phrases[0].phrase, "threat to regional");
		CHECK_EQ_INT(r->phrases[0].count, 3);
		CHECK_STR(r->phrases[1].phrase, "regional stability");
		CHECK_STR(r->phrases[2].phrase, "threat to regional stability");
	}
	CHECK_NEAR(r->repeated_word_share, 11.0 / 30.0, 1e-9);
	cd_article_free(a);
}

/* "fell prices" would repeat across sentence ends: never counted. Openers:
 * markets x2, prices x2 (most common first, ties by word); no run. */
static void test_phrases_not_across_sentences(void)
{
	cd_article *a = run("Markets fell. Prices rose. Markets fell. Prices rose.", NULL);
	const cd_repetition *r = &a->r.repetition;
	CHECK_EQ_INT(r->n_phrases, 2);
	if (r->n_phrases == 2) {
		CHECK_STR(r->phrases[0].phrase, "markets fell");
		CHECK_STR(r->phrases[1].phrase, "prices rose");
	}
	CHECK_EQ_INT(r->n_openers, 2);
	if (r->n_openers == 2) {
		CHECK_STR(r->openers[0].word, "markets");
		CHECK_EQ_INT(r->openers[0].count, 2);
		CHECK_STR(r->openers[1].word, "prices");
	}
	CHECK_EQ_INT(r->n_runs, 0);
	CHECK_NEAR(r->repeated_word_share, 0, 1e-12);
	cd_article_free(a);
}

/* cats dogs cats dogs cats dogs birds fish: "cats dogs" at 0, 2, 4 (no
 * overlap: count 3), "dogs cats" at 1, 3 (count 2); "cats dogs cats" at 0
 * and 2 overlaps itself: counted once, so not repeated. Case is folded.
 * MTLD by hand: forward a b a|b a b|c d: two factors (TTR 2/3 <= 0.72 at
 * the 3rd and 6th token), the rest "c d" has TTR 1 (partial 0): 8/2 = 4.
 * Backward d c b a b a|b a: 4/6 <= 0.72 at the 6th token, then "b a" TTR 1:
 * 8/1 = 8. MTLD = 6. TTR = 4/8. */
static void test_phrases_overlap_and_mtld(void)
{
	cd_article *a = run("Cats dogs cats dogs cats DOGS birds fish.", NULL);
	const cd_repetition *r = &a->r.repetition;
	CHECK_EQ_INT(r->n_phrases, 2);
	if (r->n_phrases == 2) {
		CHECK_STR(r->phrases[0].phrase, "cats dogs");
		CHECK_EQ_INT(r->phrases[0].count, 3);
		CHECK_STR(r->phrases[1].phrase, "dogs cats");
		CHECK_EQ_INT(r->phrases[1].count, 2);
	}
	CHECK_NEAR(r->ttr, 0.5, 1e-12);
	CHECK_NEAR(r->mtld, 6.0, 1e-9);
	cd_article_free(a);
}

/* The n-gram range comes from the options: with ngram_min = 3 the 2-word
 * repeats are gone. With ngram_max = 3 the search stops at 3 words, but
 * "threat to regional" goes on alike in both places and is grown whole. */
static void test_phrases_options(void)
{
	cd_options o;
	cd_options_init(&o);
	o.ngram_min = 3;
	o.ngram_max = 3;
	const char *t = "Officials discussed regional stability today. "
	                "The threat to regional stability grew quickly. "
	                "Analysts fear the threat to regional stability.";
	cd_article *a = run(t, &o);
	const cd_repetition *r = &a->r.repetition;
	CHECK_EQ_INT(r->n_phrases, 1);
	if (r->n_phrases == 1) {
		CHECK_STR(r->phrases[0].phrase, "threat to regional stability");
		CHECK_EQ_INT(r->phrases[0].n_words, 4);
		CHECK_EQ_INT(r->phrases[0].count, 2);
	}
	cd_article_free(a);
}

/* A 13-word phrase ("said ... badly") repeated whole is reported once,
 * not as six overlapping 8-word pieces. Share 26/28. The two sentences
 * have 13 distinct bigrams each and share 12: 12/14 = 0.857, a near-duplicate. */
static void test_phrases_grown_past_max(void)
{
	const char *t = "Officials said the long talks over water rights in the northern valley ended badly. "
	                "Observers said the long talks over water rights in the northern valley ended badly.";
	cd_article *a = run(t, NULL);
	const cd_repetition *r = &a->r.repetition;
	CHECK_EQ_INT(r->n_phrases, 1);
	if (r->n_phrases == 1) {
		CHECK_STR(r->phrases[0].phrase,
		          "said the long talks over water rights in the northern valley ended badly");
		CHECK_EQ_INT(r->phrases[0].n_words, 13);
		CHECK_EQ_INT(r->phrases[0].count, 2);
	}
	CHECK_NEAR(r->repeated_word_share, 26.0 / 28.0, 1e-9);
	CHECK_EQ_INT(r->n_near_duplicates, 1);
	if (r->n_near_duplicates == 1)
		CHECK_NEAR(r->near_duplicates[0].similarity, 12.0 / 14.0, 1e-9);
	cd_article_free(a);
}

/* ---- lexical diversity ----------------------------------------------------- */

/* Tokens (the number 2024 is skipped): rain rain falls on dry land = a a b c d e.
 * TTR 5/6. MATTR with 3-word windows: (2/3 + 1 + 1 + 1) / 4 = 0.916667.
 * MTLD forward: a, a: TTR 1/2 <= 0.72, one factor; "b c d e" TTR 1, partial 0:
 * 6/1 = 6. Backward e d c b a a: TTR 5/6 at the end, partial factor
 * (1 - 5/6) / (1 - 0.72) = 0.595238: 6 / 0.595238 = 10.08. MTLD = 8.04. */
static void test_diversity(void)
{
	cd_options o;
	cd_options_init(&o);
	o.mattr_window = 3;
	cd_article *a = run("Rain, rain falls on dry land 2024.", &o);
	const cd_repetition *r = &a->r.repetition;
	CHECK_NEAR(r->ttr, 5.0 / 6.0, 1e-9);
	CHECK_NEAR(r->mattr, (2.0 / 3.0 + 3.0) / 4.0, 1e-9);
	CHECK_NEAR(r->mtld, (6.0 + 10.08) / 2.0, 1e-9);
	cd_article_free(a);

	/* fewer tokens than the window (50): MATTR = TTR */
	a = run("Rain, rain falls on dry land 2024.", NULL);
	CHECK_NEAR(a->r.repetition.mattr, 5.0 / 6.0, 1e-9);
	cd_article_free(a);

	/* nothing to measure */
	a = run("", NULL);
	CHECK_NEAR(a->r.repetition.ttr, 0, 1e-12);
	CHECK_NEAR(a->r.repetition.mtld, 0, 1e-12);
	cd_article_free(a);
}

/* ---- openers --------------------------------------------------------------- */

/* Four counted sentences; the phrases stage would mark "moreover",
 * "however" and "in addition" (2 words) as transitions: filled by hand.
 * Share 3/4; three findings, the third over "In addition". */
static void test_transition_openers(void)
{
	const char *t = "Moreover, prices rose. However, wages fell. "
	                "In addition, rents climbed. Prices fell.";
	cd_article *a = build(t, NULL);
	unsigned char cat[16] = {0}, len[16] = {0};
	cat[0] = CD_CAT_TRANSITION + 1; len[0] = 1;      /* moreover */
	cat[3] = CD_CAT_TRANSITION + 1; len[3] = 1;      /* however */
	cat[6] = CD_CAT_TRANSITION + 1; len[6] = 2;      /* in addition */
	cat[10] = CD_CAT_HEDGE + 1; len[10] = 1;         /* not a transition */
	a->match_cat = cat;
	a->match_len = len;
	CHECK_EQ_INT(a->r.n_words, 12);
	CHECK_EQ_INT(cdi_repetition(a), CD_OK);
	CHECK_NEAR(a->r.repetition.transition_opener_share, 0.75, 1e-12);
	CHECK_EQ_INT(count_findings(a, CD_FIND_TRANSITION_OPENER), 3);
	size_t in_add = offset_of(t, "In addition", 0);
	int found = 0;
	for (size_t i = 0; i < a->findings.n; i++)
		if (a->findings.v[i].kind == CD_FIND_TRANSITION_OPENER &&
		    a->findings.v[i].start == in_add &&
		    a->findings.v[i].end == in_add + strlen("In addition"))
			found = 1;
	CHECK(found);
	a->match_cat = NULL;
	a->match_len = NULL;
	cd_article_free(a);

	/* no phrase matches at all (NULL arrays): share 0 */
	a = run(t, NULL);
	CHECK_NEAR(a->r.repetition.transition_opener_share, 0, 1e-12);
	cd_article_free(a);
}

/* S0-S2 open with "the" (run of 3), S3 "officials", S4 "the", then a
 * heading (sentence 5, not counted) breaks the run, S6-S8 "the" again (run
 * of 3 starting at sentence 6). Without the break S4, S6-S8 would be 4.
 * Openers: "the" 7 times; "officials" once (not listed). */
static void test_same_opener_runs(void)
{
	const char *t = "The talks began. The envoy spoke. The crowd waited. "
	                "Officials left. The end came.\n"
	                "# Later that week\n"
	                "The sun rose. The rain fell. The wind blew.";
	cd_article *a = run(t, NULL);
	const cd_repetition *r = &a->r.repetition;
	CHECK_EQ_INT(a->r.n_sentences, 9);
	CHECK_EQ_INT(r->n_runs, 2);
	if (r->n_runs == 2) {
		CHECK_STR(r->runs[0].word, "the");
		CHECK_EQ_INT(r->runs[0].length, 3);
		CHECK_EQ_INT(r->runs[0].first_sentence, 0);
		CHECK_EQ_INT(r->runs[0].start, 0);
		CHECK_EQ_INT(r->runs[1].length, 3);
		CHECK_EQ_INT(r->runs[1].first_sentence, 6);
		CHECK_EQ_INT(r->runs[1].start, offset_of(t, "The sun", 0));
	}
	CHECK_EQ_INT(count_findings(a, CD_FIND_SAME_OPENER), 2);
	CHECK_EQ_INT(r->n_openers, 1);
	if (r->n_openers == 1) {
		CHECK_STR(r->openers[0].word, "the");
		CHECK_EQ_INT(r->openers[0].count, 7);
		CHECK_EQ_INT(r->openers[0].transition, 0);
	}
	cd_article_free(a);
}

/* A number opens no run: ingredient lines "1 cup... 1 tsp... 1 tbsp" are
 * quantities. The three "It" sentences after them are a run of 3. */
static void test_number_openers(void)
{
	const char *t = "1 cup flour.\n\n1 tsp salt.\n\n1 tbsp oil.\n\n1 egg.\n\n"
	                "It rose. It fell. It rose again.\n";
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, t, strlen(t), NULL), CD_OK);
	if (!a)
		return;
	const cd_repetition *r = &a->r.repetition;
	CHECK_EQ_INT(r->n_runs, 1);
	if (r->n_runs == 1) {
		CHECK_STR(r->runs[0].word, "it");
		CHECK_EQ_INT(r->runs[0].length, 3);
	}
	cd_article_free(a);
}

/* ---- doubled words ---------------------------------------------------------- */

/* "The the" and "went went" are doubled; "had had" and "that that" are
 * grammatical; "Bora Bora" is a name; "5 5" are numbers; "talks, talks"
 * has a comma between; "home. Home" crosses a sentence end. */
static void test_doubled_words(void)
{
	const char *t = "The the talks had had no effect. He said that that plan failed. "
	                "Bora Bora is far. It rose 5 5 times. Talks, talks and more. "
	                "We went went home. Home is near.";
	cd_article *a = run(t, NULL);
	CHECK_EQ_INT(a->r.mechanics.doubled_words, 2);
	CHECK_EQ_INT(count_findings(a, CD_FIND_DOUBLED_WORD), 2);
	size_t s1 = offset_of(t, "went went", 0);
	int found = 0;
	for (size_t i = 0; i < a->findings.n; i++)
		if (a->findings.v[i].kind == CD_FIND_DOUBLED_WORD && a->findings.v[i].start == s1 &&
		    a->findings.v[i].end == s1 + 9)
			found = 1;
	CHECK(found);
	/* a line break between counts as white space */
	cd_article_free(a);
	a = run("They met the\nthe envoys.", NULL);
	CHECK_EQ_INT(a->r.mechanics.doubled_words, 1);
	cd_article_free(a);

	/* a run is one doubled word over the whole run, and not a same-root
	 * pair ("talks talks talks": the nearest same word is adjacent) */
	t = "They held talks talks talks on Monday.";
	a = run(t, NULL);
	CHECK_EQ_INT(a->r.mechanics.doubled_words, 1);
	CHECK_EQ_INT(count_findings(a, CD_FIND_DOUBLED_WORD), 1);
	if (a->findings.n >= 1) {
		CHECK_EQ_INT(a->findings.v[0].start, offset_of(t, "talks", 0));
		CHECK_EQ_INT(a->findings.v[0].end, offset_of(t, " on", 0));
	}
	CHECK_EQ_INT(a->r.repetition.n_same_root, 0);
	cd_article_free(a);

	/* "is is" stands in a cleft only, a wh-word or "all" opening its
	 * clause up to 8 words back: "what it is is", "how big the federal
	 * deficit is is", "all it is is"; not "the funding is is", nor "what
	 * to do, and the plan is is" (a comma between). */
	t = "What it is is a truce. The funding is is secure. I know what to do, and the "
	    "plan is is ready. How big the federal deficit is is unclear. All it is is a delay.";
	a = run(t, NULL);
	CHECK_EQ_INT(a->r.mechanics.doubled_words, 2);
	if (a->findings.n >= 2) {
		CHECK_EQ_INT(a->findings.v[0].start, offset_of(t, "is is", 1));
		CHECK_EQ_INT(a->findings.v[1].start, offset_of(t, "is is", 2));
	}
	cd_article_free(a);
}

/* ---- same-root pairs -------------------------------------------------------- */

/* Snowball stems: mediating/mediation -> "mediat", managing/management ->
 * "manag", planning/plans -> "plan"; "talks ... talks" is the same content
 * word 4 words apart; "step by step" is the idiom X <function word> X;
 * "Security: ... security" is a list label (a colon between); "4 feet,
 * then 2.5 feet" repeats a unit after a number. */
static void test_same_root(void)
{
	const char *t = "Officials praised the mediating mediation efforts. "
	                "Experts stressed managing crisis management today. "
	                "Cities are planning the plans. "
	                "The talks ended and new talks began. "
	                "They walked step by step. "
	                "Security: the talks must protect security. "
	                "The wall rose 4 feet, then 2.5 feet more.";
	cd_article *a = run(t, NULL);
	const cd_repetition *r = &a->r.repetition;
	CHECK_EQ_INT(r->n_same_root, 4);
	if (r->n_same_root == 4) {
		CHECK_STR(r->same_root[0].text, "mediating mediation");
		CHECK_EQ_INT(r->same_root[0].start, offset_of(t, "mediating", 0));
		CHECK_EQ_INT(r->same_root[0].end, offset_of(t, " efforts", 0));
		CHECK_STR(r->same_root[1].text, "managing crisis management");
		CHECK_STR(r->same_root[2].text, "planning the plans");
		CHECK_STR(r->same_root[3].text, "talks ended and new talks");
	}
	CHECK_EQ_INT(count_findings(a, CD_FIND_SAME_ROOT), 4);
	/* one word twice says so; two forms name both */
	for (size_t i = 0; i < a->findings.n; i++) {
		const cd_finding *f = &a->findings.v[i];
		if (f->kind == CD_FIND_SAME_ROOT && f->start == offset_of(t, "talks ended", 0))
			CHECK_STR(f->message, "'talks' comes twice within 5 words: say it once");
		if (f->kind == CD_FIND_SAME_ROOT && f->start == offset_of(t, "mediating", 0))
			CHECK_STR(f->message, "'mediating' and 'mediation' share a root: say it once");
	}
	cd_article_free(a);

	/* a window of 1 word keeps only adjacent pairs */
	cd_options o;
	cd_options_init(&o);
	o.same_root_window = 1;
	a = run(t, &o);
	CHECK_EQ_INT(a->r.repetition.n_same_root, 1);
	cd_article_free(a);

	/* No pair across a comma, a bracket or a dash (a list or an aside, not
	 * a repeat), nor with a capitalized word inside its sentence (a name):
	 * none here; the last sentence keeps its one pair. */
	t = "They debated expansion, arithmetic expansion and growth. "
	    "Readers of Python 3 and Python 2 differ. "
	    "Officials kept planning (the plans) quiet. "
	    "Talks \xe2\x80\x94 new talks \xe2\x80\x94 began. "
	    "Cities kept planning the plans.";
	a = run(t, NULL);
	CHECK_EQ_INT(a->r.repetition.n_same_root, 1);
	if (a->r.repetition.n_same_root == 1)
		CHECK_STR(a->r.repetition.same_root[0].text, "planning the plans");
	cd_article_free(a);

	/* The same word on both sides of a negation or a comparison is a
	 * contrast: none in the first two sentences; the third keeps its pair. */
	t = "Mouse microbiomes are not human microbiomes. "
	    "Bigger budgets than budgets past arrived. "
	    "New budgets and old budgets arrived. "
	    "The senator never said the senator would resign.";
	a = run(t, NULL);
	/* the negation must stand one or two words before the second: the
	 * senator's "never" is three words before it */
	CHECK_EQ_INT(a->r.repetition.n_same_root, 2);
	if (a->r.repetition.n_same_root == 2) {
		CHECK_STR(a->r.repetition.same_root[0].text, "budgets and old budgets");
		CHECK_STR(a->r.repetition.same_root[1].text, "senator never said the senator");
	}
	cd_article_free(a);
}

/* The key compared before stemming: two words with the same Porter2 stem
 * never have two different keys. Checked against libstemmer itself over
 * every string of 3 and 4 letters (475,228 words), and by hand on the
 * cases the key leaves to the stemmer. */
static void test_stem_key(void)
{
	CHECK_EQ_INT(cdi_stem_key("mediating"), ('m' << 8) | 'e');
	CHECK_EQ_INT(cdi_stem_key("mediating"), cdi_stem_key("mediation"));
	CHECK_EQ_INT(cdi_stem_key("crying"), cdi_stem_key("cries"));   /* both "cri" */
	CHECK_EQ_INT(cdi_stem_key("dying"), 0);                        /* -> "die" */
	CHECK_EQ_INT(cdi_stem_key("lying"), 0);
	CHECK_EQ_INT(cdi_stem_key("tying"), 0);
	CHECK_EQ_INT(cdi_stem_key("aed"), 0);                          /* -> "a" */
	CHECK_EQ_INT(cdi_stem_key("4x4"), 0);
	CHECK_EQ_INT(cdi_stem_key("x"), 0);
	CHECK_EQ_INT(cdi_stem_key("\xC3\xA9" "clair"), 0);                /* not a-z */

	struct sb_stemmer *st = sb_stemmer_new("english", NULL);
	cdi_arena arena;
	cdi_arena_init(&arena);
	cdi_strmap stems;
	cdi_strmap_init(&stems, &arena);
	uint16_t *key_of = NULL;          /* per stem id: the first key seen, 0 for none yet */
	size_t cap = 0, words = 0, clashes = 0, failures = 0;
	char w[5];
	for (int len = 3; len <= 4; len++) {
		size_t total = len == 3 ? 26 * 26 * 26 : 26 * 26 * 26 * 26;
		for (size_t n = 0; n < total; n++) {
			size_t x = n;
			for (int k = len - 1; k >= 0; k--, x /= 26)
				w[k] = (char)('a' + x % 26);
			w[len] = '\0';
			const sb_symbol *s = st ? sb_stemmer_stem(st, (const sb_symbol *)w, len) : NULL;
			int64_t id = s ? cdi_strmap_intern(&stems, (const char *)s,
			                                   (size_t)sb_stemmer_length(st), NULL) : -1;
			if (id < 0) {
				failures++;
				continue;
			}
			if ((size_t)id >= cap) {
				size_t ncap = cap ? cap * 2 : 4096;
				uint16_t *v = realloc(key_of, ncap * sizeof *v);
				if (!v) {
					failures++;
					continue;
				}
				memset(v + cap, 0, (ncap - cap) * sizeof *v);
				key_of = v;
				cap = ncap;
			}
			uint16_t k = cdi_stem_key(w);
			if (k && key_of[id] && key_of[id] != k)
				clashes++;
			else if (k && !key_of[id])
				key_of[id] = k;
			words++;
		}
	}
	CHECK_EQ_INT(failures, 0);
	CHECK_EQ_INT(words, 26 * 26 * 26 + 26 * 26 * 26 * 26);
	CHECK_EQ_INT(clashes, 0);
	free(key_of);
	cdi_strmap_free(&stems);
	cdi_arena_free(&arena);
	if (st)
		sb_stemmer_delete(st);
}

/* ---- near-duplicate sentences ----------------------------------------------- */

/* S0 and S2 (13 words, 12 distinct bigrams each) differ in one word:
 * "by two weeks" / "by three weeks" changes 2 bigrams on each side:
 * 10 shared / 14 in the union = 0.714 >= 0.7. S4 copies S1: 1.0. S5
 * changes two words of S0 (4 bigrams): 8/16 = 0.5. S3 has 3 words. */
static void test_near_duplicates(void)
{
	const char *t =
		"The ministers agreed on Sunday to extend the fragile ceasefire by two weeks. "
		"Rain fell across the northern region on Monday night. "
		"The ministers agreed on Sunday to extend the fragile ceasefire by three weeks. "
		"Short one here. "
		"Rain fell across the northern region on Monday night. "
		"The ministers agreed on Monday to extend the fragile truce by two weeks.";
	cd_article *a = run(t, NULL);
	const cd_repetition *r = &a->r.repetition;
	CHECK_EQ_INT(r->n_near_duplicates, 2);
	if (r->n_near_duplicates == 2) {
		CHECK_EQ_INT(r->near_duplicates[0].first, 0);
		CHECK_EQ_INT(r->near_duplicates[0].second, 2);
		CHECK_NEAR(r->near_duplicates[0].similarity, 10.0 / 14.0, 1e-9);
		CHECK_EQ_INT(r->near_duplicates[1].first, 1);
		CHECK_EQ_INT(r->near_duplicates[1].second, 4);
		CHECK_NEAR(r->near_duplicates[1].similarity, 1.0, 1e-12);
	}
	CHECK_EQ_INT(count_findings(a, CD_FIND_NEAR_DUPLICATE), 2);
	cd_article_free(a);

	/* a stricter threshold keeps only the copy */
	cd_options o;
	cd_options_init(&o);
	o.near_duplicate = 0.75;
	a = run(t, &o);
	CHECK_EQ_INT(a->r.repetition.n_near_duplicates, 1);
	cd_article_free(a);

	/* The default, 0.6, takes a template sentence with one word added and
	 * one changed: bigrams 15 and 16, 12 shared, 12 / 19 = 0.632 alike; at
	 * 0.7 it is no near-duplicate. */
	t = "The city council approved the new budget for parks on Tuesday night after a long "
	    "debate. The city council quietly approved the new budget for schools on Tuesday "
	    "night after a long debate.";
	a = run(t, NULL);
	CHECK_EQ_INT(a->r.repetition.n_near_duplicates, 1);
	if (a->r.repetition.n_near_duplicates == 1)
		CHECK_NEAR(a->r.repetition.near_duplicates[0].similarity, 12.0 / 19.0, 1e-9);
	cd_article_free(a);
	o.near_duplicate = 0.7;
	a = run(t, &o);
	CHECK_EQ_INT(a->r.repetition.n_near_duplicates, 0);
	cd_article_free(a);
}

/* 100,000 copies of one 8-word sentence: every sentence after the first
 * nearly repeats an earlier one (similarity 1), the 8-word phrase repeats
 * 100,000 times, one run of 100,000 openers. Must stay fast (capped
 * probes): the time is printed, not asserted. */
static void test_big_input(void)
{
	const char *one = "Delegates reviewed the proposal again before voting today. ";
	size_t n = 100000, l = strlen(one);
	char *t = malloc(n * l + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(t + i * l, one, l);
	t[n * l] = '\0';
	cd_article *a = build(t, NULL);
	clock_t c0 = clock();
	CHECK_EQ_INT(cdi_repetition(a), CD_OK);
	double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	fprintf(stderr, "test_big_input: %zu words, %zu sentences: %.3f s\n",
	        a->r.n_words, a->r.n_sentences, secs);
	const cd_repetition *r = &a->r.repetition;
	CHECK_EQ_INT(r->n_near_duplicates, n - 1);
	if (r->n_near_duplicates == n - 1) {
		CHECK_EQ_INT(r->near_duplicates[n - 2].second, n - 1);
		CHECK_NEAR(r->near_duplicates[n - 2].similarity, 1.0, 1e-12);
	}
	CHECK_EQ_INT(r->n_phrases, 1);
	if (r->n_phrases == 1) {
		CHECK_EQ_INT(r->phrases[0].n_words, 8);
		CHECK_EQ_INT(r->phrases[0].count, n);
	}
	CHECK_NEAR(r->repeated_word_share, 1.0, 1e-12);
	CHECK_EQ_INT(r->n_runs, 1);
	if (r->n_runs == 1)
		CHECK_EQ_INT(r->runs[0].length, n);
	cd_article_free(a);
	free(t);
}

/* ---- data files ---------------------------------------------------------- */

#include "function_words.inc"
#include "doubled_words_ok.inc"

/* Every entry: lowercase, no inner space, unique (a line-based check). */
static void check_list(const char *data)
{
	cdi_arena ar;
	cdi_strmap m;
	cdi_arena_init(&ar);
	cdi_strmap_init(&m, &ar);
	size_t bad = 0, dups = 0, n = 0;
	const char *p = data;
	while (*p) {
		const char *e = strchr(p, '\n');
		const char *s = p, *t = e ? e : p + strlen(p);
		const char *h = memchr(s, '#', (size_t)(t - s));
		if (h)
			t = h;
		while (s < t && (*s == ' ' || *s == '\t'))
			s++;
		while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
			t--;
		if (t > s) {
			n++;
			for (const char *q = s; q < t; q++)
				if (isupper((unsigned char)*q) || *q == ' ' || *q == '\t')
					bad++;
			int added = 0;
			cdi_strmap_intern(&m, s, (size_t)(t - s), &added);
			dups += !added;
		}
		p = e ? e + 1 : t;
		if (!e)
			break;
	}
	CHECK(n > 0);
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(dups, 0);
	cdi_strmap_free(&m);
	cdi_arena_free(&ar);
}

static void test_data_files(void)
{
	check_list(cdi_data_function_words);
	check_list(cdi_data_doubled_words_ok);
}

/* ---- end to end and seeds ------------------------------------------------ */

static int has_same_root(const cd_result *r, const char *needle)
{
	for (size_t i = 0; i < r->repetition.n_same_root; i++) {
		char buf[256];
		size_t k = 0;
		for (const char *p = r->repetition.same_root[i].text; *p && k + 1 < sizeof buf; p++)
			buf[k++] = (char)tolower((unsigned char)*p);
		buf[k] = '\0';
		if (strcmp(buf, needle) == 0)
			return 1;
	}
	return 0;
}

/* Through cd_analyze with the built-in phrase book: "moreover", "however"
 * and "in addition" are transitions (data/phrases/transition.txt), so 3 of
 * the 4 sentences open with one; the next three lines open with "the"
 * (a run of 3; "prices" and "the" are the openers used twice or more). */
static void test_end_to_end_openers(void)
{
	const char *t = "Moreover, prices rose sharply in the capital.\n"
	                "However, wages fell across the region.\n"
	                "In addition, rents climbed again this year.\n"
	                "Prices fell in the north.\n";
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, t, strlen(t), NULL), CD_OK);
	const cd_result *r = cd_article_result(a);
	CHECK_EQ_INT(r->counts.sentences, 4);
	CHECK_NEAR(r->repetition.transition_opener_share, 0.75, 1e-12);
	size_t n = 0, in_add = offset_of(t, "In addition", 0);
	int found = 0;
	for (size_t i = 0; i < r->n_findings; i++)
		if (r->findings[i].kind == CD_FIND_TRANSITION_OPENER) {
			n++;
			found |= r->findings[i].start == in_add &&
			         r->findings[i].end == in_add + strlen("In addition") &&
			         r->findings[i].category == -1 &&
			         strstr(r->findings[i].message, "'in addition'") != NULL;
		}
	CHECK_EQ_INT(n, 3);
	CHECK(found);
	cd_article_free(a);

	t = "The talks began on Monday.\nThe envoy spoke first.\nThe crowd waited outside.\n"
	    "Prices rose.\n";
	CHECK_EQ_INT(cd_analyze(&a, t, strlen(t), NULL), CD_OK);
	r = cd_article_result(a);
	CHECK_EQ_INT(r->repetition.n_runs, 1);
	if (r->repetition.n_runs == 1) {
		CHECK_STR(r->repetition.runs[0].word, "the");
		CHECK_EQ_INT(r->repetition.runs[0].length, 3);
		CHECK_EQ_INT(r->repetition.runs[0].start, 0);
	}
	CHECK_NEAR(r->repetition.transition_opener_share, 0, 1e-12);
	cd_article_free(a);

	/* A transition with a second sense (a trailing comma in its phrase
	 * file: besides, however, as such, in addition) opens a sentence only
	 * set off by punctuation; with a word straight after it belongs to the
	 * clause. "Moreover" and "thus" have no such sense. By hand: sentences
	 * 5, 6 (a dash after "Furthermore") and 7 of 7 open with one. */
	t = "Besides the mayor, nobody came. However much they tried, it failed. "
	    "As such payments are rare, few apply. In addition to the fee, a tax is due. "
	    "Moreover, the plan failed. Furthermore \xe2\x80\x94 and this matters \xe2\x80\x94 "
	    "costs rose. Thus the vote failed.";
	CHECK_EQ_INT(cd_analyze(&a, t, strlen(t), NULL), CD_OK);
	r = cd_article_result(a);
	CHECK_NEAR(r->repetition.transition_opener_share, 3.0 / 7.0, 1e-12);
	n = 0;
	for (size_t i = 0; i < r->n_findings; i++)
		n += r->findings[i].kind == CD_FIND_TRANSITION_OPENER;
	CHECK_EQ_INT(n, 3);
	cd_article_free(a);
}

/* An opening connective or hedge is left out of the near-duplicate
 * comparison. By hand: S0 has 12 distinct bigrams; S2 less "In
 * conclusion" has 13 ("the wider", "wider industry" for "the industry"),
 * 11 shared: 11/14 = 0.786 >= 0.7. With the connective it would be 11/16
 * = 0.69, under. S3 less "To be honest" and S4 less "Frankly" are the
 * same: 1.0 (with them, 9 shared of 13 bigrams: 0.69). */
static void test_near_duplicates_connective(void)
{
	const char *t = "The merger of the two firms marks a pivotal moment for the industry. "
	                "Rain fell on the hills today. In conclusion, the merger of the two firms "
	                "marks a pivotal moment for the wider industry. To be honest, the bank "
	                "will open three new offices downtown this spring. Frankly, the bank will "
	                "open three new offices downtown this spring.";
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, t, strlen(t), NULL), CD_OK);
	const cd_result *r = cd_article_result(a);
	CHECK_EQ_INT(r->repetition.n_near_duplicates, 2);
	if (r->repetition.n_near_duplicates == 2) {
		CHECK_EQ_INT(r->repetition.near_duplicates[0].first, 0);
		CHECK_EQ_INT(r->repetition.near_duplicates[0].second, 2);
		CHECK_NEAR(r->repetition.near_duplicates[0].similarity, 11.0 / 14.0, 1e-9);
		CHECK_EQ_INT(r->repetition.near_duplicates[1].first, 3);
		CHECK_EQ_INT(r->repetition.near_duplicates[1].second, 4);
		CHECK_NEAR(r->repetition.near_duplicates[1].similarity, 1.0, 1e-12);
	}
	cd_article_free(a);
}

/* Through cd_analyze, once the segmenter fills words; skipped before. */
static void test_end_to_end(void)
{
	const char *t = "The envoy praised the mediating mediation efforts in the talks.\n\n"
	                "Moreover, the the delegates met again.\n";
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, t, strlen(t), NULL), CD_OK);
	const cd_result *r = cd_article_result(a);
	if (!r || r->n_words == 0) {
		fprintf(stderr, "test_end_to_end: skipped (the segmenter gives no words yet)\n");
		cd_article_free(a);
		return;
	}
	CHECK(has_same_root(r, "mediating mediation"));
	CHECK_EQ_INT(r->mechanics.doubled_words, 1);
	cd_article_free(a);
}

static void test_seed_smoke(void)
{
	/* ../shared/seeds from the main checkout, ../../shared/seeds from a
	 * worktree under /work/wt. */
	static const char *const paths[] = {
		"../shared/seeds/000_78495f4c4ca9995f.txt",
		"../../shared/seeds/000_78495f4c4ca9995f.txt",
	};
	size_t len = 0;
	char *buf = NULL;
	for (size_t i = 0; !buf && i < sizeof paths / sizeof *paths; i++)
		buf = cdt_slurp(paths[i], &len);
	if (!buf) {
		fprintf(stderr, "test_seed_smoke: skipped (no ../shared/seeds)\n");
		return;
	}
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, buf, len, NULL), CD_OK);
	const cd_result *r = cd_article_result(a);
	if (!r || r->n_words == 0) {
		fprintf(stderr, "test_seed_smoke: skipped (the segmenter gives no words yet)\n");
	} else {
		CHECK(has_same_root(r, "mediating mediation"));
		CHECK(has_same_root(r, "managing crisis management"));
	}
	cd_article_free(a);
	free(buf);
}

CD_TEST_MAIN(
	TEST(test_stem_key),
	TEST(test_phrases_longest_only),
	TEST(test_phrases_sub_phrase_outside),
	TEST(test_phrases_not_across_sentences),
	TEST(test_phrases_overlap_and_mtld),
	TEST(test_phrases_options),
	TEST(test_phrases_grown_past_max),
	TEST(test_diversity),
	TEST(test_transition_openers),
	TEST(test_same_opener_runs),
	TEST(test_number_openers),
	TEST(test_doubled_words),
	TEST(test_same_root),
	TEST(test_near_duplicates), TEST(test_near_duplicates_connective),
	TEST(test_big_input),
	TEST(test_data_files),
	TEST(test_end_to_end),
	TEST(test_end_to_end_openers),
	TEST(test_seed_smoke)
)
