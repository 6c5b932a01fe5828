/*
 * syllable.c - the syllable counter: English spelling rules plus an
 * exception list (data/syllable_exceptions.txt, compiled in).
 *
 * cd_syllables(word, len) takes one word as the segmenter cuts it (UTF-8,
 * any case; pass the word as written, not case-folded, so acronyms are
 * seen) and returns how many syllables it has when read aloud:
 *
 *   Letters    Non-ASCII letters are reduced to their base letter (café ->
 *              cafe, ß -> ss, æ -> ae); letters of other scripts count as
 *              consonants. A word is cut into parts at anything that is not
 *              a letter, digit or apostrophe (hyphens, U+2010/U+2011, periods,
 *              slashes), and the parts are summed: long-term = long + term.
 *              A part is first looked up in the exception list (also as a
 *              plural of an entry), then counted by the rules in count_rules:
 *              vowel groups, split where two vowels belong to two syllables
 *              (ri-ot, cre-ate, stu-di-o), less silent e (make, makes, named),
 *              plus syllabic endings (ta-ble, rhy-thm, cap-i-tal-is-m).
 *   Apostrophe ' or U+2019: 's adds one after a hissing sound (Bush's = 2),
 *              else none (Israel's = Israel); n't adds one after a consonant
 *              (isn't = 2, don't = 1); 'll, 'd, 've add one after a consonant
 *              (it'll = 2, we'll = 1); 're, 'm add none; other apostrophes
 *              are ignored (O'Brien = obrien).
 *   Letters    Single letters and dotted abbreviations (U.S., e.g., a.m.) are
 *   by name    read letter by letter: every letter name has one syllable but
 *              W (double-u) has three. So do all-caps words of 2-5 letters
 *              that are not in the exception list and cannot be read as a
 *              word: two letters (UN, EU), no vowel (BBC), an impossible
 *              first or last consonant cluster (FBI, IDF, NGO, YMCA), or a
 *              vowel pair English does not spell (CIA, CEO); a Y before a
 *              vowel is a consonant (YORK, YES). Acronyms read as
 *              words (NATO, NASA) need no entry when the rules get them.
 *   Numbers    Digits are read as an English cardinal without "and":
 *              1,000 = one thousand = 3; 125 = one hundred twenty-five = 6.
 *              Four digits from 1100 to 1999 and 2010 to 2099 are read as a
 *              year, in pairs: 1990 = nineteen ninety = 4, 2024 = twenty
 *              twenty-four = 5, 1905 = nineteen oh five = 4, 1900 = nineteen
 *              hundred = 4; 2000-2009 are cardinals (2005 = two thousand
 *              five = 4). A decimal part is "point" and its digits one by
 *              one (3.5 = three point five = 3). Numbers with a leading zero
 *              or over 15 digits are read digit by digit (zero = 2). Letters
 *              glued to a number: s, st, nd, rd, th add nothing (1990s, 4th)
 *              except 2nd (second = 2) and the tens' -ieth (20th = 3); other
 *              letters are a part of their own (5G = five G = 2).
 *              Signs around the number (%, $) are not part of the word.
 *   Zero       Only for a word with no letter and no digit.
 *
 * Thread-safe: the exception list is parsed once (pthread_once) into a
 * sorted table that is only read afterwards. No allocation on the ASCII
 * path; a word with non-ASCII bytes is reduced through utf8proc_map (one
 * malloc). Parts longer than PART_MAX letters are counted by plain vowel
 * groups.
 *
 * The figures against the CMU Pronouncing Dictionary come from
 * bench/syllable_eval.sh.
 */
#include "analyzer/internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "syllable_exceptions.inc"

/* For tools/syllable_eval.c (the figures for the rules alone); not part of
 * the public API. */
unsigned cdi_syllables_rules(const char *word, size_t len);
int cdi_syllable_exception(const char *word, size_t len);

/* Longest part the rules look at: longer than any English word in the CMU
 * dictionary (34 letters); longer parts are counted by vowel groups. */
#define PART_MAX 48
/* Room for the exception list; tests/test_syllable.c checks the data file
 * stays below it. */
#define EXC_MAX 8192

typedef struct {
	const char *word;
	unsigned char len;
	unsigned char syllables;
} exc_entry;

static exc_entry exc_table[EXC_MAX];
static size_t exc_n;
/* A hash index over exc_table (entry + 1, 0 empty; load <= 1/2): a word is
 * looked up for every distinct word of every article, up to three times. */
#define EXC_SLOTS (2 * EXC_MAX)
static uint16_t exc_index[EXC_SLOTS];

static size_t exc_hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h & (EXC_SLOTS - 1);
}
static pthread_once_t exc_once = PTHREAD_ONCE_INIT;

static int exc_cmp_raw(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int c = memcmp(a, b, n);
	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

static int exc_cmp(const void *pa, const void *pb)
{
	const exc_entry *a = pa, *b = pb;
	return exc_cmp_raw(a->word, a->len, b->word, b->len);
}

/* Lines are "word count", "#" starts a comment line; malformed lines are
 * skipped (the test checks there are none). */
static void exc_parse(void)
{
	const char *p = cdi_data_syllable_exceptions;
	while (*p && exc_n < EXC_MAX) {
		const char *eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		const char *w = p, *e = p;
		while (e < eol && *e != ' ' && *e != '\t')
			e++;
		const char *d = e;
		while (d < eol && (*d == ' ' || *d == '\t'))
			d++;
		if (*w != '#' && e > w && e - w < 256 && d < eol && *d >= '0' && *d <= '9') {
			exc_table[exc_n].word = w;
			exc_table[exc_n].len = (unsigned char)(e - w);
			exc_table[exc_n].syllables = (unsigned char)(*d - '0');
			exc_n++;
		}
		p = *eol ? eol + 1 : eol;
	}
	qsort(exc_table, exc_n, sizeof exc_table[0], exc_cmp);
	for (size_t i = 0; i < exc_n; i++) {
		size_t h = exc_hash(exc_table[i].word, exc_table[i].len);
		while (exc_index[h])
			h = (h + 1) & (EXC_SLOTS - 1);
		exc_index[h] = (uint16_t)(i + 1);
	}
}

/* The syllables of lowercase w in the exception list, or -1. */
static int exc_lookup(const char *w, size_t n)
{
	pthread_once(&exc_once, exc_parse);
	if (n >= 256)
		return -1;
	for (size_t h = exc_hash(w, n); exc_index[h]; h = (h + 1) & (EXC_SLOTS - 1)) {
		const exc_entry *e = &exc_table[exc_index[h] - 1];
		if (e->len == n && memcmp(e->word, w, n) == 0)
			return e->syllables;
	}
	return -1;
}

int cdi_syllable_exception(const char *word, size_t len)
{
	return exc_lookup(word, len);
}

/* ---- letters ----------------------------------------------------------- */

static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(int c) { return c >= 'a' && c <= 'z'; }
static int is_alpha(int c) { return is_upper(c) || is_lower(c); }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int lower(int c) { return is_upper(c) ? c + 32 : c; }
static int is_aeiou(int c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
static int is_aeiouy(int c) { return is_aeiou(c) || c == 'y'; }

static int ends_with_n(const char *w, size_t n, const char *s, size_t k)
{
	return n >= k && memcmp(w + n - k, s, k) == 0;
}

static int starts_with_n(const char *w, size_t n, const char *s, size_t k)
{
	return n >= k && memcmp(w, s, k) == 0;
}

/* The same with a string literal, its length known at compile time. */
#define ENDS_WITH(w, n, lit) ends_with_n((w), (n), (lit), sizeof(lit) - 1)
#define STARTS_WITH(w, n, lit) starts_with_n((w), (n), (lit), sizeof(lit) - 1)

/* A string literal with its length. */
typedef struct {
	const char *s;
	size_t n;
} lit;
#define L(x) { x, sizeof(x) - 1 }

static int in_list(const char *s, size_t n, const lit *list)
{
	for (; list->s; list++)
		if (list->n == n && memcmp(list->s, s, n) == 0)
			return 1;
	return 0;
}

/* ---- the rules ----------------------------------------------------------- */


/* Suffixes after which a vowel ending the stem is a syllable of its own
 * (do-ing, he-ro-ism, de-i-ty, stu-dio, a-gree-able). */
static const lit split_suffixes[] = {
	L("ing"), L("ings"), L("ingly"), L("ism"), L("isms"), L("ist"), L("ists"),
	L("istic"), L("ity"), L("ities"), L("ic"), L("ics"), L("ical"), L("able"),
	L("ably"), L("er"), L("ers"), L("est"), {NULL, 0}
};

/* Suffixes before which a stem's final e is silent (late-ly, move-ment). */
static const lit silent_e_suffixes[] = {
	L("ly"), L("ment"), L("ments"), L("ful"), L("fully"), L("ness"), L("nesses"),
	L("less"), L("lessly"), L("lessness"), L("some"), L("ware"), L("wide"), L("like"),
	L("wise"), L("man"), L("men"), L("woman"), L("women"), L("ville"), L("land"),
	L("stone"), L("stones"), {NULL, 0}
};

/* First elements of compounds that end in a silent e (some-thing). */
static const lit silent_e_heads[] = {
	L("some"), L("home"), L("life"), L("time"), L("care"), L("love"), L("base"),
	L("safe"), L("side"), L("house"), L("more"), L("whole"), L("where"), L("there"),
	L("here"), L("name"), L("line"), L("state"), L("space"), L("game"), L("note"),
	L("stone"), L("face"), L("place"), L("white"), L("make"), L("take"), L("lone"),
	L("wise"), L("store"), L("shore"), L("stage"), L("horse"), L("grave"), L("tide"),
	L("wide"), L("bone"), L("fore"), L("wine"), L("cake"), L("lake"), L("tone"),
	L("rose"), L("ware"), L("nine"), L("five"), L("one"), L("score"), L("bride"),
	L("ice"), L("dole"), L("gate"), L("table"), L("tube"), L("waste"), L("hate"),
	L("hope"), L("bare"), L("sure"), L("code"), L("role"), L("vote"), L("page"),
	L("rate"), L("size"), L("tribe"), L("tape"), L("case"), L("cove"), L("drive"),
	L("glove"), L("grape"), L("pine"), L("pipe"), L("ripe"), L("safe"), L("sale"),
	L("shape"), L("smoke"), L("stove"), L("trade"), L("wave"), L("wife"), L("yoke"),
	L("else"), L("stake"), L("frame"), L("mile"), L("peace"), L("cease"), L("fate"),
	L("lime"), L("grace"), L("nose"), L("eye"), L("ride"), L("bake"), {NULL, 0}
};

/* Valid English word onsets and codas, for telling acronyms from words. */
static const lit onsets[] = {
	L("bl"), L("br"), L("ch"), L("cl"), L("cr"), L("dr"), L("dw"), L("fl"), L("fr"),
	L("gl"), L("gn"), L("gr"), L("kl"), L("kn"), L("kr"), L("ph"), L("pl"), L("pr"),
	L("ps"), L("sc"), L("sh"), L("sk"), L("sl"), L("sm"), L("sn"), L("sp"), L("st"),
	L("sw"), L("th"), L("tr"), L("tw"), L("wh"), L("wr"), L("chr"), L("phr"), L("sch"),
	L("scr"), L("shr"), L("spl"), L("spr"), L("squ"), L("str"), L("thr"), L("qu"),
	{NULL, 0}
};
static const lit codas[] = {
	L("ch"), L("ck"), L("ct"), L("ft"), L("ld"), L("lf"), L("lk"), L("ll"), L("lm"),
	L("lp"), L("lt"), L("mp"), L("nd"), L("ng"), L("nk"), L("ns"), L("nt"), L("ps"),
	L("pt"), L("rb"), L("rc"), L("rd"), L("rf"), L("rg"), L("rk"), L("rl"), L("rm"),
	L("rn"), L("rp"), L("rs"), L("rt"), L("sh"), L("sk"), L("sp"), L("ss"), L("st"),
	L("th"), L("ts"), L("xt"), L("ws"), L("ks"), L("ds"), L("gs"), L("ms"), L("ls"),
	L("ns"), L("nch"), L("tch"), L("rch"), L("rth"), L("nth"), L("rst"), L("nds"),
	L("nts"), L("lls"), L("cks"), {NULL, 0}
};
static const lit digraphs[] = {
	L("ai"), L("ay"), L("au"), L("aw"), L("ea"), L("ee"), L("ei"), L("eu"), L("ey"),
	L("ie"), L("oa"), L("oe"), L("oi"), L("oo"), L("ou"), L("ow"), L("oy"), L("ue"),
	L("ui"), L("ew"), {NULL, 0}
};

/* Vowel letters as sounds: u after q (and after g before a vowel) is a
 * consonant; y is a consonant before a vowel at the start or after a vowel. */
static void vowel_mask(const char *w, size_t n, unsigned char *v)
{
	for (size_t i = 0; i < n; i++) {
		int c = w[i];
		int next = i + 1 < n ? w[i + 1] : 0;
		if (c == 'u')
			v[i] = !(i > 0 && (w[i - 1] == 'q' || (w[i - 1] == 'g' && is_aeiouy(next)
			         && !(next == 'o' && i + 2 < n && w[i + 2] == 'u'))));
		else if (c == 'y')
			v[i] = !(is_aeiou(next) && (i == 0 || v[i - 1] || w[i - 1] == 'w'
			         || (w[i - 1] == 'n' && next != 'i' && !(i == 2 && w[0] == 'a'))
			         || ENDS_WITH(w, n, "yard") || ENDS_WITH(w, n, "yards")
			         || ENDS_WITH(w, n, "year") || ENDS_WITH(w, n, "years")));
		else
			v[i] = (unsigned char)is_aeiou(c);
	}
}

/* 1 when vowels w[i-1] and w[i] (both vowels) are two syllables. */
static int hiatus(const char *w, size_t n, const unsigned char *v, size_t i)
{
	int a = w[i - 1], b = w[i];
	int p2 = i >= 2 ? w[i - 2] : 0;             /* letter before the pair */
	int p3 = i >= 3 ? w[i - 3] : 0;
	int n1 = i + 1 < n ? w[i + 1] : 0;          /* letters after the pair */
	int n2 = i + 2 < n ? w[i + 2] : 0;
	int earlier = 0;                            /* a vowel before the pair */
	for (size_t k = 0; k + 1 < i; k++)
		earlier |= v[k];
	const char *rest = w + i + 1;
	size_t rn = n - i - 1;

	switch (a) {
	case 'i':
		if (b == 'a') {
			if (rn >= 2 && (strncmp(rest, "ge", 2) == 0) && rn == 2)
				return 0;                   /* marriage */
			if (p2 == 'z' && n1 == 0 && p3)
				return 0;                   /* Abkhazia */
			if ((p2 == 'c' || p2 == 't' || p2 == 's' || (p2 == 'g' && p3) || p2 == 'x')
			    && (n1 == 'l' || n1 == 'n' || n1 == 'b' || n1 == 0 || (n1 == 's' && n2 == 0)))
				return 0;                   /* social, Asia, Christian */
			if (p2 == 'l' && i >= 3 && (is_aeiou(p3) || p3 == 'l')
			    && (n1 == 'n' || n1 == 'r' || n1 == 'm' || n1 == 0))
				return 0;                   /* Italian, civilian, familiar */
			return 1;
		}
		if (b == 'o') {
			if ((p2 == 'c' || p2 == 't' || p2 == 's' || p2 == 'g' || p2 == 'x'
			     || (p2 == 'h' && (p3 == 's' || p3 == 'c'))) && n1 && p3 != 0)
				return 0;                   /* nation, vicious, religion */
			if ((p2 == 'l' || p2 == 'n') && i >= 3 && (is_aeiou(p3) || p3 == 'l')
			    && (n1 == 'n' || n1 == 'r'))
				return 0;                   /* million, opinion, senior */
			if (p2 == 'v' && n1 == 'r')
				return 0;                   /* behavior */
			return 1;
		}
		if (b == 'e') {
			if (n1 == 't')
				return 1;                   /* quiet, society */
			if (n1 == 'n' && (n2 == 't' || n2 == 'c' || n2 == 0 || n2 == 's')) {
				if ((p2 == 'c' || p2 == 't') && !(p3 == 's' && i == 3))
					return 0;           /* patient, ancient */
				if (p2 == 'r' && p3 == 'f')
					return 0;           /* friends */
				return 1;                   /* client, science, alien */
			}
			if ((n1 == 'r' && (n2 == 0 || n2 == 's')) || (n1 == 's' && n2 == 't'))
				return earlier;             /* easier, happiest */
			if (n1 == 't' && n2 == 'h')
				return 1;                   /* twentieth */
			return 0;
		}
		return 1;                           /* medium, skiing */
	case 'e':
		if (b == 'a') {
			if (n1 == 0 && earlier)
				return 1;                   /* area, Andrea */
			if (n1 == 's' && n2 == 0 && i >= 3 && !v[i - 2] && v[i - 3])
				return 1;                   /* ideas; not overseas */
			if (n1 == 'n' && (n2 == 0 || (n2 == 's' && i + 3 == n)) && earlier
			    && p2 != 'c' && p2 != 'g' && !(p2 == 'h' && p3 == 's'))
				return 1;                   /* Korean */
			return 0;
		}
		if (b == 'o') {
			if (p2 == 'g' && i >= 3)
				return 0;                   /* surgeon, gorgeous */
			if (p2 == 'c' && n1 == 'u')
				return 0;                   /* herbaceous */
			return 1;                           /* video, neon, theory */
		}
		if (b == 'u')
			return (n1 == 'm' && (n2 == 0 || (n2 == 's' && i + 3 == n)))
			       || (n1 == 's' && n2 == 0 && earlier);
		if (b == 'i')
			return n1 == 't' && n2 == 'y';       /* deity */
		return 0;
	case 'o':
		if (b == 'a')
			return n1 == 0;                     /* Samoa */
		if (b == 'e')
			return ((n1 == 'm' || n1 == 't') && n2 != 't' && !(i >= 3 && !v[i - 3]))
			       || n1 == 'v' || (n1 == 'l' && n2 == 0);  /* poem, poet, whoever */
		return 0;
	case 'u':
		if (b == 'a' || (b == 'o' && p2 != 'b'))
			return 1;                           /* actual, duo */
		if (b == 'e') {
			if (p2 == 'b' || (n1 == 'l' && (p2 == 'm' || p2 == 'n')))
				return 0;                   /* Buenos, Samuel */
			return n1 == 'l' || n1 == 'n'
			       || (n1 == 't' && (n2 == 0 || (n2 == 's' && i + 3 == n)))
			       || (n1 == 'r' && (n2 == 0 || (n2 == 's' && i + 3 == n)));
		}
		if (b == 'i')
			return n1 == 'n' || n1 == 'd' || (n1 == 't' && n2 == 'y')
			       || (n1 == 's' && (n2 == 'm' || n2 == 't')) || (n1 == 'c' && n2 == 'i');
		return 0;
	case 'a':
		if (b == 'e')
			return n1 == 'l' && (n2 == 0 || n2 == 's');   /* Michael, Israel */
		if (b == 'o')
			return 0;
		if (b == 'i')
			return n1 == 'c' && (n2 == 0 || n2 == 's');   /* mosaic */
		return 0;
	default:
		return 0;
	}
}

/* Prefixes whose vowel stays apart from the next one (re-act, co-op). */
static int prefix_split(const char *w, size_t n)
{
	if (STARTS_WITH(w, n, "re") && n >= 5 && is_aeiou(w[2])) {
		const char *r = w + 3;
		switch (w[2]) {
		case 'a':
			return STARTS_WITH(r, n - 3, "ct") || STARTS_WITH(r, n - 3, "ff")
			       || STARTS_WITH(r, n - 3, "pp") || STARTS_WITH(r, n - 3, "ss")
			       || STARTS_WITH(r, n - 3, "dj") || STARTS_WITH(r, n - 3, "dd")
			       || STARTS_WITH(r, n - 3, "rr") || STARTS_WITH(r, n - 3, "ll")
			       || STARTS_WITH(r, n - 3, "li") || STARTS_WITH(r, n - 3, "wa")
			       || STARTS_WITH(r, n - 3, "tt") || STARTS_WITH(r, n - 3, "ut");
		case 'e':
			return 0;
		case 'i':
			return n >= 6 && !STARTS_WITH(w, n, "reig");
		case 'o':
			return 1;
		case 'u':
			return !STARTS_WITH(w, n, "reut");
		}
	}
	if (STARTS_WITH(w, n, "pre") && n >= 6 && is_aeiou(w[3]))
		return !STARTS_WITH(w, n, "preach");
	if (STARTS_WITH(w, n, "deo") || STARTS_WITH(w, n, "deact") || STARTS_WITH(w, n, "dees")
	    || STARTS_WITH(w, n, "deic"))
		return n >= 6;
	if (STARTS_WITH(w, n, "co") && n >= 5) {
		return STARTS_WITH(w, n, "coe") || STARTS_WITH(w, n, "coali")
		       || STARTS_WITH(w, n, "coalesc") || STARTS_WITH(w, n, "coau")
		       || STARTS_WITH(w, n, "coinc") || STARTS_WITH(w, n, "coinsur")
		       || STARTS_WITH(w, n, "coopera") || STARTS_WITH(w, n, "coor");
	}
	if (STARTS_WITH(w, n, "proa"))
		return 1;
	return 0;
}

/* 1 when the e at w[i] is silent, the e ending its stem (i > 0). */
static int silent_stem_e(const char *w, size_t n, const unsigned char *v, size_t i)
{
	(void)n;
	if (i < 2 || v[i - 1])
		return 0;
	/* a consonant before; syllabic "Cle" keeps its e (able-ness) */
	if (w[i - 1] == 'l' && !v[i - 2] && !strchr("lrwh", w[i - 2]))
		return 0;
	for (size_t k = 0; k + 1 < i; k++)
		if (v[k])
			return 1;
	return 0;
}

/* Syllables of a lowercase a-z word by the rules alone. */
static unsigned count_rules(const char *w, size_t n)
{
	unsigned char v[PART_MAX];
	unsigned char start[PART_MAX];            /* 1 where a syllable nucleus starts */
	if (n == 0)
		return 0;
	if (n > PART_MAX) {
		unsigned k = 0;
		for (size_t i = 0; i < n; i++)
			if (is_aeiouy(w[i]) && (i == 0 || !is_aeiouy(w[i - 1])))
				k++;
		return k ? k : 1;
	}
	vowel_mask(w, n, v);

	/* Nuclei: the first vowel of each group, and the second of a pair in
	 * hiatus. */
	for (size_t i = 0; i < n; i++) {
		start[i] = 0;
		if (!v[i])
			continue;
		if (i == 0 || !v[i - 1])
			start[i] = 1;
		else if (hiatus(w, n, v, i))
			start[i] = 1;
	}
	/* y before a vowel after a consonant is a syllable of its own (cry-ing). */
	for (size_t i = 1; i + 1 < n; i++)
		if (w[i] == 'y' && v[i] && v[i + 1] && !v[i - 1]
		    && !(w[i + 1] == 'e' && (i + 2 == n || (i + 3 == n && (w[i + 2] == 's' || w[i + 2] == 'd')))))
			start[i + 1] = 1;

	/* A vowel ending a stem before a vowel suffix (do-ing, he-ro-ism). */
	for (const lit *s = split_suffixes; s->s; s++) {
		size_t k = s->n;
		if (s->s[k - 1] != w[n - 1])
			continue;
		if (n >= k + 2 + (s->s[1] != 'n') && ends_with_n(w, n, s->s, k) && v[n - k] && v[n - k - 1]) {
			if (k <= 3 && s->s[0] == 'e') {
				/* -er, -est: only after a stem vowel other than e (freer is one)
				 * and not in a vowel digraph (tower, flower are w-split) */
				if (w[n - k - 1] != 'e' && w[n - k - 1] != 'i' && w[n - k - 1] != 'u')
					start[n - k] = 1;
				continue;
			}
			if (s->s[0] == 'i' && w[n - k - 1] == 'a' && n - k >= 2 && w[n - k - 2] == 'q')
				continue;
			if (s->s[0] == 'a' && n - k >= 2 && ((w[n - k - 1] == 'e' && !v[n - k - 2])
			    || (w[n - k - 1] == 'i' && (w[n - k - 2] == 'c' || w[n - k - 2] == 't'))))
				continue;               /* change-able, negoti-able */
			start[n - k] = 1;
		}
	}
	if (prefix_split(w, n)) {
		size_t p = STARTS_WITH(w, n, "pre") || STARTS_WITH(w, n, "pro") ? 3 : 2;
		if (p < n && v[p])
			start[p] = 1;
	}

	/* Silent e at the end: -e, -es, -ed. */
	size_t last = n - 1;
	if (w[last] == 'e' && start[last] && silent_stem_e(w, n, v, last)) {
		int c = w[last - 1];
		int syllabic = (c == 'l' || (c == 'r' && w[last - 2] != 'r'))
		               && !v[last - 2] && w[last - 2] != 'l' && w[last - 2] != 'w'
		               && w[last - 2] != 'r' && w[last - 2] != 'h';
		if (c == 'l' && w[last - 2] == 'l')
			syllabic = 0;
		if (!syllabic)
			start[last] = 0;
	} else if (n >= 4 && w[last - 1] == 'e' && start[last - 1]
	           && (w[last] == 's' || w[last] == 'd') && silent_stem_e(w, n, v, last - 1)) {
		int c = w[last - 2], b = w[last - 3];
		int keep;
		if (w[last] == 's')
			keep = c == 's' || c == 'z' || c == 'x' || c == 'c' || c == 'g'
			       || (c == 'h' && (b == 'c' || b == 's'));
		else
			keep = c == 't' || c == 'd';
		if ((c == 'l' || c == 'r') && !v[last - 3] && b != 'l' && b != 'r' && b != 'w' && b != 'h')
			keep = 1;                           /* tables, settled, acres */
		if (!keep)
			start[last - 1] = 0;
	}

	/* e silent before a consonant suffix: late-ly, move-ment. */
	for (const lit *s = silent_e_suffixes; s->s; s++) {
		size_t k = s->n;
		if (s->s[k - 1] != w[n - 1])
			continue;
		if (n > k + 2 && ends_with_n(w, n, s->s, k) && w[n - k - 1] == 'e' && start[n - k - 1]
		    && silent_stem_e(w, n, v, n - k - 1)) {
			start[n - k - 1] = 0;
			break;
		}
	}
	/* Compounds whose first element ends in a silent e (some-thing). */
	for (const lit *h = silent_e_heads; h->s; h++) {
		if (h->s[0] != w[0])
			continue;
		size_t k = h->n;
		if (n >= k + 2 && starts_with_n(w, n, h->s, k) && !v[k] && start[k - 1]
		    && !(n >= k + 3 && memcmp(w + k, "ver", 3) == 0)
		    && !(n == k + 2 && memcmp(w + k, "st", 2) == 0)
		    && silent_stem_e(w, n, v, k - 1) && w[k] != 'r' && w[k] != 'n') {
			start[k - 1] = 0;
			break;
		}
	}

	/* Compounds: a stem's e before h or w, which seldom follow an unstressed
	 * e inside one word, is silent (stake-holder, frame-work). */
	for (size_t i = 2; i + 2 < n; i++)
		if (w[i] == 'e' && start[i] && !v[i - 1] && v[i - 2]
		    && (w[i - 2] != 'e' || (i >= 3 && v[i - 3])) && (w[i + 1] == 'h' || w[i + 1] == 'w')
		    && w[i + 2] != 'r' && w[i + 2] != 'l' && w[i - 1] != 'l' && w[i - 1] != 'r')
			start[i] = 0;
	unsigned count = 0;
	for (size_t i = 0; i < n; i++)
		count += start[i];

	/* Syllabic endings without a vowel letter. */
	if (ENDS_WITH(w, n, "sm") || ENDS_WITH(w, n, "sms") || ENDS_WITH(w, n, "thm")
	    || ENDS_WITH(w, n, "thms"))
		count++;                                    /* prism, rhythm */
	if (STARTS_WITH(w, n, "mc") && n > 3)
		count++;                                    /* McDonald */
	if (ENDS_WITH(w, n, "ically") && count > 1)
		count--;                                    /* basic-ly */
	/* -ire is two in American English: fire = fi-er. */
	if ((ENDS_WITH(w, n, "ire") || ENDS_WITH(w, n, "ired") || ENDS_WITH(w, n, "ires"))
	    && n >= 3) {
		size_t at = ENDS_WITH(w, n, "ire") ? n - 3 : n - 4;
		if (at > 0 && !v[at - 1] && !(at >= 2 && w[at - 1] == 'h' && w[at - 2] == 's'))
			count++;
	}
	if (count == 0)
		count = 1;
	return count;
}

/* ---- acronyms and letter names --------------------------------------- */

static unsigned letter_names(const char *w, size_t n)
{
	unsigned k = 0;
	for (size_t i = 0; i < n; i++)
		if (is_alpha(w[i]))
			k += lower(w[i]) == 'w' ? 3 : 1;
	return k;
}

/* 1 when lowercase w (2-5 letters) can be read as an English word. */
static int pronounceable(const char *w, size_t n)
{
	size_t i = 0, groups = 0;
	if (w[0] == 'y' && n > 1 && is_aeiou(w[1]))
		i = 1;   /* y before a vowel is a consonant: YORK, YES, YALE */
	else if (w[0] == 'y' && n > 1)
		return 0;   /* no English word opens y + consonant: YMCA, YWCA */
	while (i < n && !is_aeiouy(w[i]))
		i++;
	if (i == n)
		return 0;
	if (i > 1 && !in_list(w, i, onsets))
		return 0;
	while (i < n) {
		size_t vs = i;
		while (i < n && is_aeiouy(w[i]))
			i++;
		if (i - vs == 2 && !in_list(w + vs, 2, digraphs))
			return 0;
		if (i - vs > 2)
			return 0;
		groups++;
		size_t cs = i;
		while (i < n && !is_aeiouy(w[i]))
			i++;
		if (i == n && i - cs > 1 && !in_list(w + cs, i - cs, codas))
			return 0;
		if (i < n && i - cs > 3)
			return 0;
	}
	/* USA, UFO, EPA: three letters, a vowel at each end, not a silent e */
	if (n == 3 && is_aeiou(w[0]) && groups == 2 && w[2] != 'e')
		return 0;
	return 1;
}

/* ---- numbers --------------------------------------------------------- */

/* one two ... nineteen; 0 is "zero" */
static const unsigned char small_numbers[20] = {
	2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 3, 1, 2, 2, 2, 2, 3, 2, 2
};
/* twenty thirty ... ninety (index = tens digit) */
static const unsigned char tens_numbers[10] = { 0, 0, 2, 2, 2, 2, 2, 3, 2, 2 };

static unsigned say_below_100(unsigned x)
{
	if (x < 20)
		return small_numbers[x];
	return tens_numbers[x / 10] + (x % 10 ? small_numbers[x % 10] : 0);
}

static unsigned say_below_1000(unsigned x)
{
	unsigned k = 0;
	if (x >= 100)
		k += small_numbers[x / 100] + 2;            /* N hundred */
	if (x % 100)
		k += say_below_100(x % 100);
	return k;
}

/* A cardinal from its digits (no separators), up to 15 digits. */
static unsigned say_cardinal(const char *d, size_t n)
{
	unsigned long long x = 0;
	for (size_t i = 0; i < n; i++)
		x = x * 10 + (unsigned)(d[i] - '0');
	if (x == 0)
		return 2;
	if (n == 4 && ((x >= 1100 && x <= 1999) || (x >= 2010 && x <= 2099))) {
		unsigned hi = (unsigned)(x / 100), lo = (unsigned)(x % 100);
		if (lo == 0)
			return say_below_100(hi) + 2;       /* nineteen hundred */
		if (lo < 10)
			return say_below_100(hi) + 1 + small_numbers[lo];  /* oh five */
		return say_below_100(hi) + say_below_100(lo);
	}
	/* thousand, million, billion, trillion: two syllables each */
	unsigned k = 0;
	unsigned long long scale = 1000000000000ULL;
	for (int s = 4; s >= 0; s--, scale /= 1000) {
		unsigned g = (unsigned)((x / scale) % 1000);
		if (g)
			k += say_below_1000(g) + (s ? 2 : 0);
	}
	return k;
}

/* ---- parts ----------------------------------------------------------- */

static unsigned count_plain(const char *lw, size_t n, int use_exc)
{
	if (use_exc) {
		int e = exc_lookup(lw, n);
		if (e >= 0)
			return (unsigned)e;
		/* plurals of entries: business -> businesses, recipe -> recipes */
		if (n > 4 && lw[n - 1] == 's' && lw[n - 2] == 'e'
		    && (lw[n - 3] == 's' || lw[n - 3] == 'x' || lw[n - 3] == 'z' || lw[n - 3] == 'h')) {
			e = exc_lookup(lw, n - 2);
			if (e >= 0)
				return (unsigned)e + 1;
		} else if (n > 3 && lw[n - 1] == 's' && lw[n - 2] != 's') {
			e = exc_lookup(lw, n - 1);
			if (e >= 0) {
				int c = lw[n - 3];
				int plus = lw[n - 2] == 'e' && (c == 'c' || c == 'g' || c == 's' || c == 'z');
				return (unsigned)e + (unsigned)plus;
			}
		}
	}
	return count_rules(lw, n);
}

static int sibilant_end(const char *w, size_t n)
{
	int c = n ? w[n - 1] : 0;
	if (c == 's' || c == 'x' || c == 'z')
		return 1;
	if (n >= 2 && c == 'h' && (w[n - 2] == 'c' || w[n - 2] == 's'))
		return 1;
	if (n >= 2 && c == 'e' && (w[n - 2] == 'c' || w[n - 2] == 'g' || w[n - 2] == 's'
	                           || w[n - 2] == 'z'))
		return 1;
	return 0;
}

/* A run of letters and inner apostrophes (p[0] is a letter). */
static unsigned count_letters(const char *p, size_t n, int use_exc)
{
	char lw[PART_MAX + 1];
	size_t letters = 0, upper = 0, apos = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_alpha(p[i]))
			letters++;
		else
			apos++;
		upper += is_upper(p[i]) ? 1 : 0;
	}
	if (letters == 1 && n == 1)
		return letter_names(p, 1);
	if (n > PART_MAX) {
		unsigned k = 0;
		for (size_t i = 0; i < n; i++)
			if (is_aeiouy(lower(p[i])) && (i == 0 || !is_aeiouy(lower(p[i - 1]))))
				k++;
		return k ? k : 1;
	}
	for (size_t i = 0; i < n; i++)
		lw[i] = (char)lower(p[i]);
	lw[n] = 0;

	if (use_exc) {
		int e = exc_lookup(lw, n);
		if (e >= 0)
			return (unsigned)e;
	}
	/* no vowel at all, 2-3 letters, any case: tv, cd (the exception list
	 * holds the few read as words: hmm, st) */
	if (apos == 0 && letters <= 3) {
		size_t k;
		for (k = 0; k < n && !is_aeiouy(lw[k]); k++)
			;
		if (k == n)
			return letter_names(lw, n);
	}
	/* all-caps acronyms: UN, FBI, IDF, NGO; plurals NGOs, CEOs */
	size_t caps = upper == letters - 1 && n >= 3 && p[n - 1] == 's' ? n - 1 : n;
	if (apos == 0 && upper == caps && caps >= 2 && caps <= 5
	    && (caps == 2 || !pronounceable(lw, caps)))
		return letter_names(lw, caps);

	if (apos) {
		size_t q = n;
		while (q > 0 && lw[q - 1] != '\'')
			q--;
		const char *suf = lw + q;
		size_t sn = n - q, bn = q - 1;
		int cons = bn > 0 && !is_aeiouy(lw[bn - 1]);
		if (bn > 0 && memchr(lw, '\'', bn) == NULL) {
			if (sn == 1 && suf[0] == 's')
				return count_plain(lw, bn, use_exc) + (unsigned)sibilant_end(lw, bn);
			if (sn == 1 && suf[0] == 't' && lw[bn - 1] == 'n')
				return count_plain(lw, bn, use_exc)
				       + (unsigned)(bn >= 2 && !is_aeiouy(lw[bn - 2]) && lw[bn - 2] != 'r');
			if ((sn == 2 && memcmp(suf, "ll", 2) == 0) || (sn == 1 && suf[0] == 'd')
			    || (sn == 2 && memcmp(suf, "ve", 2) == 0))
				return count_plain(lw, bn, use_exc) + (unsigned)cons;
			if ((sn == 2 && memcmp(suf, "re", 2) == 0) || (sn == 1 && suf[0] == 'm'))
				return count_plain(lw, bn, use_exc);
		}
		/* other apostrophes: read as one word without them */
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (lw[i] != '\'')
				lw[k++] = lw[i];
		n = k;
	}
	return count_plain(lw, n, use_exc);
}

/* A number starting at p[0] (a digit): digits with inner , and one . ;
 * *used gets the bytes it took, including glued ordinal letters. */
static unsigned count_number(const char *p, size_t n, size_t *used)
{
	char digits[16];
	size_t nd = 0, i = 0, total_digits = 0;
	unsigned by_digit = 0;                          /* the digits read one by one */
	int overflow = 0;
	unsigned k = 0;
	/* integer part */
	while (i < n) {
		if (is_digit(p[i])) {
			if (nd < sizeof digits)
				digits[nd++] = p[i];
			else
				overflow = 1;
			total_digits++;
			by_digit += small_numbers[p[i] - '0'];
			i++;
		} else if (p[i] == ',' && i + 1 < n && is_digit(p[i + 1])) {
			i++;
		} else {
			break;
		}
	}
	if (overflow || total_digits > 15 || (nd > 1 && digits[0] == '0'))
		k = by_digit;
	else
		k = say_cardinal(digits, nd);
	/* decimal part */
	if (i + 1 < n && p[i] == '.' && is_digit(p[i + 1])) {
		i++;
		k += 1;                                     /* point */
		while (i < n && is_digit(p[i])) {
			k += small_numbers[p[i] - '0'];
			i++;
		}
	}
	/* glued letters: 1990s, 4th, 2nd */
	size_t ls = i;
	while (i < n && is_alpha(p[i]))
		i++;
	size_t ln = i - ls;
	char s0 = ln ? (char)lower(p[ls]) : 0, s1 = ln > 1 ? (char)lower(p[ls + 1]) : 0;
	if ((ln == 1 && s0 == 's') || (ln == 2 && ((s0 == 's' && s1 == 't') || (s0 == 'n' && s1 == 'd')
	    || (s0 == 'r' && s1 == 'd') || (s0 == 't' && s1 == 'h')))) {
		int last = nd ? digits[nd - 1] - '0' : -1;
		int tens = nd >= 2 ? digits[nd - 2] - '0' : 0;
		if (ln == 2 && s0 == 'n' && last == 2 && tens != 1)
			k += 1;                             /* second */
		if (ln == 2 && last == 0 && tens >= 2 && !(nd >= 2 && digits[nd - 2] == '0'))
			k += 1;                             /* twentieth */
		*used = i;
	} else {
		*used = ls;                                 /* other letters: own part */
	}
	return k;
}

/* The whole word: ASCII bytes; anything not a letter, digit or inner
 * apostrophe separates parts. */
static unsigned count_ascii(const char *w, size_t n, int use_exc)
{
	/* Dotted abbreviations: single letters joined by periods (U.S., e.g.). */
	int dotted = 0, single = 1, any_digit = 0;
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_alpha(w[i])) {
			run++;
		} else {
			if (w[i] == '.' && run > 0 && i + 1 < n && is_alpha(w[i + 1]))
				dotted = 1;
			if (run > 1)
				single = 0;
			run = 0;
			any_digit |= is_digit(w[i]);
		}
	}
	if (run > 1)
		single = 0;
	if (dotted && single && !any_digit)
		return letter_names(w, n);

	unsigned total = 0;
	size_t i = 0;
	while (i < n) {
		if (is_digit(w[i])) {
			size_t used = 0;
			total += count_number(w + i, n - i, &used);
			i += used;
		} else if (is_alpha(w[i])) {
			size_t s = i;
			while (i < n && (is_alpha(w[i])
			                 || (w[i] == '\'' && i + 1 < n && is_alpha(w[i + 1]) && i > s)))
				i++;
			total += count_letters(w + s, i - s, use_exc);
		} else {
			i++;
		}
	}
	return total;
}

/* Rewrites the decomposed (NFD) form of a non-ASCII word to ASCII in
 * place: marks are dropped, but a diaeresis on a vowel after a vowel starts
 * a new part (naïve = na-ive, Zoë = zo-e) and an e with an acute or a
 * diaeresis ending a word is sounded (café, résumé, Brontë: written "ee");
 * U+2019/U+02BC/U+2018 become ',
 * other letters a few common ligatures or 'x' (a consonant), anything else a
 * separator. Returns the new length. */
static size_t to_ascii(unsigned char *s, size_t n)
{
	size_t o = 0, i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			i++;
			s[o++] = ' ';
			continue;
		}
		i += (size_t)k;
		if (cp < 0x80) {
			/* the mark that follows, if any (combining marks are 2 bytes) */
			utf8proc_int32_t mark = 0;
			if (i + 1 < n && s[i] == 0xCC)
				mark = 0x300 + (s[i + 1] & 0x3F);
			if (mark == 0x308 && is_aeiouy(lower((int)cp)) && o > 0 && is_aeiouy(lower(s[o - 1]))) {
				s[o++] = '-';               /* naïve: 3 bytes in, 2 out */
				s[o++] = (unsigned char)cp;
				i += 2;
				continue;
			}
			if ((mark == 0x301 || mark == 0x308) && lower((int)cp) == 'e'
			    && (i + 2 >= n || !is_alpha(s[i + 2])) && o > 0 && is_alpha(s[o - 1])) {
				s[o++] = 'e';               /* café: 3 bytes in, 2 out */
				s[o++] = 'e';
				i += 2;
				continue;
			}
			s[o++] = (unsigned char)cp;
			continue;
		}
		if (utf8proc_category(cp) == UTF8PROC_CATEGORY_MN)
			continue;                           /* other marks */
		const char *rep = NULL;
		switch (cp) {
		case 0x2019: case 0x02BC: case 0x2018: rep = "'"; break;
		case 0x00DF: rep = "ss"; break;
		case 0x00E6: case 0x00C6: rep = "ae"; break;
		case 0x0153: case 0x0152: rep = "oe"; break;
		case 0x00F8: case 0x00D8: rep = "o"; break;
		case 0x0131: rep = "i"; break;
		case 0x0142: case 0x0141: rep = "l"; break;
		case 0x0111: case 0x0110: case 0x00F0: case 0x00D0: rep = "d"; break;
		case 0x00FE: case 0x00DE: rep = "th"; break;
		default: {
			utf8proc_category_t c = utf8proc_category(cp);
			rep = c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO ? "x" : " ";
		}
		}
		/* every replacement is no longer than the character it replaces */
		size_t rl = strlen(rep);
		memcpy(s + o, rep, rl);
		o += rl;
	}
	return o;
}

static unsigned count_word(const char *word, size_t len, int use_exc)
{
	size_t i;
	for (i = 0; i < len; i++)
		if ((unsigned char)word[i] >= 0x80)
			break;
	if (i == len)
		return count_ascii(word, len, use_exc);

	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len,
	                                  &folded, UTF8PROC_DECOMPOSE);
	unsigned k;
	if (n < 0 || !folded) {
		/* invalid UTF-8 or no memory: the ASCII letters alone */
		k = count_ascii(word, len, use_exc);
	} else {
		size_t an = to_ascii(folded, (size_t)n);
		k = count_ascii((const char *)folded, an, use_exc);
	}
	free(folded);
	return k;
}

/* A memo of recent words, one per thread (no locks): an article's words
 * are counted once per distinct form, but a batch meets the same forms in
 * article after article, and the rules cost about a microsecond a word.
 * Direct-mapped by hash, overwritten on collision; words of up to
 * MEMO_WORD bytes. Only a cache of a pure function: results never depend
 * on it. */
#define MEMO_SLOTS 8192
#define MEMO_WORD 27

typedef struct {
	unsigned char len;             /* 0: empty */
	char word[MEMO_WORD];
	uint32_t syllables;
} memo_entry;

static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;
static int memo_ok;

static void memo_key_make(void)
{
	memo_ok = pthread_key_create(&memo_key, free) == 0;
}

static memo_entry *memo_slot(const char *w, size_t n)
{
	pthread_once(&memo_once, memo_key_make);
	if (!memo_ok)
		return NULL;
	memo_entry *m = pthread_getspecific(memo_key);
	if (!m) {
		m = calloc(MEMO_SLOTS, sizeof *m);
		if (!m || pthread_setspecific(memo_key, m) != 0) {
			free(m);
			return NULL;
		}
	}
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return &m[h & (MEMO_SLOTS - 1)];
}

unsigned cd_syllables(const char *word, size_t len)
{
	if (!word)
		return 0;
	if (len == 0 || len > MEMO_WORD)
		return count_word(word, len, 1);
	memo_entry *e = memo_slot(word, len);
	if (e && e->len == len && memcmp(e->word, word, len) == 0)
		return e->syllables;
	unsigned k = count_word(word, len, 1);
	if (e) {
		e->len = (unsigned char)len;
		memcpy(e->word, word, len);
		e->syllables = k;
	}
	return k;
}

unsigned cdi_syllables_rules(const char *word, size_t len)
{
	if (!word)
		return 0;
	return count_word(word, len, 0);
}
