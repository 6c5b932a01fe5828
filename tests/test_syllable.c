/*
 * test_syllable.c - cd_syllables on words whose syllables are counted by
 * hand (as read aloud in American English), the number and acronym rules
 * written at the top of src/analyzer/syllable.c, and the exception list
 * data file (data/syllable_exceptions.txt).
 */
#include <pthread.h>
#include <stdlib.h>

#include "copydesk.h"
#include "harness.h"

#include "syllable_exceptions.inc"

typedef struct {
	const char *word;
	unsigned syllables;
} tcase;

static unsigned syl(const char *w)
{
	return cd_syllables(w, strlen(w));
}

static void check_table(const tcase *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned got = syl(t[i].word);
		if (got == t[i].syllables) {
			cdt_passed++;
		} else {
			cdt_failed++;
			fprintf(stderr, "%s: cd_syllables(\"%s\") is %u, want %u\n", cdt_current,
			        t[i].word, got, t[i].syllables);
		}
	}
}

#define TABLE(...) do { \
	static const tcase t[] = { __VA_ARGS__ }; \
	check_table(t, sizeof t / sizeof t[0]); \
} while (0)

static void test_common_words(void)
{
	TABLE({"the", 1}, {"cat", 1}, {"strength", 1}, {"water", 2}, {"people", 2},
	      {"government", 3}, {"important", 3}, {"information", 4}, {"education", 4},
	      {"university", 5}, {"international", 5}, {"responsibility", 6},
	      {"communication", 5}, {"organization", 5}, {"president", 3}, {"economy", 4},
	      {"business", 2}, {"every", 2}, {"Wednesday", 2}, {"yesterday", 3},
	      {"beautiful", 3}, {"player", 2}, {"lawyer", 2}, {"power", 2}, {"flower", 2});
}

static void test_silent_e(void)
{
	TABLE({"make", 1}, {"time", 1}, {"hope", 1}, {"hoped", 1}, {"hopes", 1},
	      {"lately", 2}, {"movement", 2}, {"hopeful", 2}, {"statement", 2},
	      {"likely", 2}, {"completely", 3}, {"management", 3}, {"be", 1}, {"she", 1},
	      {"unique", 2}, {"league", 1}, {"style", 1}, {"whole", 1}, {"fire", 2});
}

static void test_endings(void)
{
	TABLE({"wanted", 2}, {"needed", 2}, {"walked", 1}, {"played", 1}, {"named", 1},
	      {"boxes", 2}, {"places", 2}, {"judges", 2}, {"wishes", 2}, {"churches", 2},
	      {"makes", 1}, {"tables", 2}, {"settled", 2}, {"crawled", 1}, {"table", 2},
	      {"simple", 2}, {"candle", 2}, {"bottle", 2}, {"pickle", 2}, {"acre", 2},
	      {"capitalism", 5}, {"rhythm", 2}, {"basically", 3});
}

static void test_hiatus(void)
{
	TABLE({"radio", 3}, {"idea", 3}, {"area", 3}, {"video", 3}, {"science", 2},
	      {"quiet", 2}, {"society", 4}, {"piano", 3}, {"lion", 2}, {"diet", 2},
	      {"poet", 2}, {"media", 3}, {"period", 3}, {"social", 2}, {"nation", 2},
	      {"million", 2}, {"union", 2}, {"religion", 3}, {"usual", 3}, {"actual", 3},
	      {"fluid", 2}, {"ruin", 2}, {"cruel", 2}, {"museum", 3}, {"being", 2},
	      {"going", 2}, {"doing", 2}, {"crying", 2}, {"trying", 2}, {"Asia", 2},
	      {"easier", 3}, {"patient", 2}, {"client", 2}, {"Korean", 3}, {"Kenya", 2});
}

static void test_prefixes_and_compounds(void)
{
	TABLE({"react", 2}, {"reopen", 3}, {"preexisting", 4}, {"cooperate", 4},
	      {"coordinate", 4}, {"reinvent", 3}, {"coexist", 3}, {"something", 2},
	      {"someone", 2}, {"homework", 2}, {"baseball", 2}, {"framework", 2},
	      {"lifetime", 2}, {"sometimes", 2}, {"stakeholder", 3}, {"backyard", 2},
	      {"anyone", 3}, {"McDonald", 3});
}

static void test_names(void)
{
	TABLE({"Michael", 2}, {"Obama", 3}, {"Biden", 2}, {"Ukraine", 2},
	      {"Washington", 3}, {"California", 4}, {"Gaza", 2}, {"Iran", 2},
	      {"Russia", 2}, {"China", 2}, {"Germany", 3}, {"Canada", 3}, {"Australia", 3});
}

static void test_hyphens_and_apostrophes(void)
{
	TABLE({"long-term", 2}, {"well-known", 2}, {"twenty-one", 3}, {"self-driving", 3},
	      {"de-escalation", 5}, {"de\xE2\x80\x91" "escalation", 5},       /* U+2011 */
	      {"don't", 1}, {"isn't", 2}, {"can't", 1}, {"won't", 1}, {"it's", 1},
	      {"Bush's", 2}, {"James's", 2}, {"it'll", 2}, {"we'll", 1}, {"could've", 2},
	      {"they're", 1}, {"I'm", 1}, {"O'Brien", 3}, {"don\xE2\x80\x99t", 1});
	/* the possessive adds nothing after a vowel or a plain consonant */
	CHECK_EQ_INT(syl("Israel's"), syl("Israel"));
	CHECK_EQ_INT(syl("Israel\xE2\x80\x99s"), syl("Israel"));            /* U+2019 */
	CHECK_EQ_INT(syl("Obama's"), 3);
}

static void test_accents(void)
{
	TABLE({"caf\xC3\xA9", 2}, {"r\xC3\xA9sum\xC3\xA9", 3}, {"na\xC3\xAFve", 2},
	      {"Z\xC3\xBCrich", 2}, {"Beyonc\xC3\xA9", 3}, {"Zo\xC3\xAB", 2},
	      {"CAF\xC3\x89", 2}, {"M\xC3\xBCnchen", 2}, {"fianc\xC3\xA9" "e", 3});
	/* decomposed input (e + U+0301) counts the same as precomposed */
	CHECK_EQ_INT(syl("cafe\xCC\x81"), 2);
}

static void test_numbers(void)
{
	TABLE({"2024", 5},          /* twen-ty twen-ty-four */
	      {"1990", 4},          /* nine-teen nine-ty */
	      {"1900", 4},          /* nine-teen hun-dred */
	      {"1905", 4},          /* nine-teen oh five */
	      {"2005", 4},          /* two thou-sand five */
	      {"2000", 3},          /* two thou-sand */
	      {"3.5", 3},           /* three point five */
	      {"3.14", 4},          /* three point one four */
	      {"1,000", 3},         /* one thou-sand */
	      {"2,500", 6},         /* two thou-sand five hun-dred */
	      {"1,000,000", 3},     /* one mil-lion */
	      {"125", 6},           /* one hun-dred twen-ty-five */
	      {"100", 3}, {"7", 2}, {"11", 3}, {"15", 2}, {"70", 3}, {"0", 2},
	      {"007", 6},           /* ze-ro ze-ro sev-en */
	      {"12345678901234567890", 24},   /* over 15 digits: one by one */
	      {"1990s", 4}, {"4th", 1}, {"2nd", 2}, {"20th", 3}, {"21st", 3},
	      {"5G", 2}, {"G7", 3}, {"COVID-19", 4});
}

static void test_acronyms(void)
{
	TABLE({"FBI", 3}, {"UN", 2}, {"IDF", 3}, {"NGO", 3}, {"NGOs", 3}, {"BBC", 3},
	      {"WWW", 9}, {"NATO", 2}, {"NASA", 2}, {"UNESCO", 3}, {"CEO", 3}, {"CIA", 3},
	      {"USA", 3}, {"EU", 2}, {"AI", 2}, {"HAMAS", 2}, {"THE", 1}, {"WATER", 2},
	      {"TV", 2}, {"YORK", 1}, {"YES", 1}, {"YOUNG", 1}, {"YMCA", 4}, {"YWCA", 6},
	      {"U.S.", 2}, {"e.g.", 2}, {"a.m.", 2}, {"i.e.", 2}, {"U.K.", 2}, {"Ph.D.", 3},
	      {"W.", 3});
}

static void test_no_letters(void)
{
	CHECK_EQ_INT(cd_syllables("", 0), 0);
	CHECK_EQ_INT(cd_syllables(NULL, 0), 0);
	CHECK_EQ_INT(syl("..."), 0);
	CHECK_EQ_INT(syl("--"), 0);
	CHECK_EQ_INT(syl("%"), 0);
	CHECK_EQ_INT(syl("\xE2\x80\x99"), 0);
	CHECK_EQ_INT(syl("\xE2\x80\x94"), 0);       /* em dash */
	/* a letter or a digit always gives at least one */
	CHECK_EQ_INT(syl("hmm"), 1);
	CHECK_EQ_INT(syl("x"), 1);
	CHECK(syl("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0") >= 1);   /* Москва */
	/* only len bytes are read */
	CHECK_EQ_INT(cd_syllables("cat-astrophe", 3), 1);
	/* invalid UTF-8 still counts the ASCII letters */
	CHECK_EQ_INT(syl("caf\xFF"), 1);
	/* a very long token stays linear and finite */
	char big[4001];
	for (size_t i = 0; i < 4000; i++)
		big[i] = "ab"[i % 2];
	big[4000] = 0;
	CHECK_EQ_INT(syl(big), 2000);
}

/* Every line of the data file is a comment, blank, or "word count" with a
 * lowercase word and a count of 1-9; no word twice; and the counter returns
 * each entry's count. */
static void test_exception_file(void)
{
	const char *p = cdi_data_syllable_exceptions;
	size_t entries = 0, bad = 0, dup = 0, wrong = 0;
	const char **seen = calloc(8192, sizeof *seen);
	size_t *lens = calloc(8192, sizeof *lens);
	CHECK(seen != NULL && lens != NULL);
	if (!seen || !lens)
		goto cleanup;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > 0 && p[0] != '#') {
			const char *sp = memchr(p, ' ', len);
			size_t wl = sp ? (size_t)(sp - p) : 0;
			int ok = sp && wl > 0 && (size_t)(sp - p) + 2 == len && sp[1] >= '1' && sp[1] <= '9';
			for (size_t i = 0; ok && i < wl; i++)
				ok = (p[i] >= 'a' && p[i] <= 'z') || (p[i] == '\'' && i > 0);
			if (!ok) {
				bad++;
				fprintf(stderr, "bad line: %.*s\n", (int)len, p);
			} else {
				for (size_t k = 0; k < entries && k < 8192; k++)
					if (lens[k] == wl && memcmp(seen[k], p, wl) == 0)
						dup++;
				if (entries < 8192) {
					seen[entries] = p;
					lens[entries] = wl;
				}
				entries++;
				unsigned got = cd_syllables(p, wl);
				if (got != (unsigned)(sp[1] - '0')) {
					wrong++;
					fprintf(stderr, "entry %.*s: counter gives %u\n", (int)len, p, got);
				}
			}
		}
		p += len + (eol ? 1 : 0);
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(dup, 0);
	CHECK_EQ_INT(wrong, 0);
	CHECK(entries > 100);
	CHECK(entries < 8192);                                  /* EXC_MAX in syllable.c */
	CHECK(sizeof cdi_data_syllable_exceptions < 256 * 1024);  /* well under 1 MB */
	/* looked up whatever the case, and plurals through their entry */
	CHECK_EQ_INT(syl("BUSINESS"), 2);
	CHECK_EQ_INT(syl("Businesses"), 3);
cleanup:
	free(seen);
	free(lens);
}

/* The first lookups from several threads at once (pthread_once). */
static void *count_many(void *arg)
{
	unsigned *out = arg;
	unsigned k = 0;
	for (int i = 0; i < 2000; i++)
		k += syl("business") + syl("people") + syl("Wednesday");
	*out = k;
	return NULL;
}

static void test_threads(void)
{
	pthread_t t[4];
	unsigned out[4] = {0};
	for (int i = 0; i < 4; i++)
		CHECK_EQ_INT(pthread_create(&t[i], NULL, count_many, &out[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CHECK_EQ_INT(out[i], 2000 * (2 + 2 + 2));
	}
}

CD_TEST_MAIN(TEST(test_threads), TEST(test_common_words), TEST(test_silent_e),
             TEST(test_endings), TEST(test_hiatus), TEST(test_prefixes_and_compounds),
             TEST(test_names), TEST(test_hyphens_and_apostrophes), TEST(test_accents),
             TEST(test_numbers), TEST(test_acronyms), TEST(test_no_letters),
             TEST(test_exception_file))
