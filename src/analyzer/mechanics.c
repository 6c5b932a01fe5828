/*
 * mechanics.c - the mechanics and style stage: spacing errors, lowercase
 * sentence starts, a/an errors, passive voice, -ly adverbs, long sentences
 * and long paragraphs. Fills a->r.mechanics (all but doubled_words, which
 * the repetition stage owns) and adds one finding per fault.
 *
 * The rules, and what they deliberately leave alone:
 *
 * - Spacing: every word the tokenizer marked CD_WORD_GLUED (punctuation
 *   then a word with no space: "rise,the", "May.Residents", "9.3%,the",
 *   "\"no\".Then", "said.\"The"; not a number after , or : (3,5 10:30),
 *   URLs, "ASP.NET", and abbreviations are never glued). Counted in every block kind but
 *   table rows (cells are often packed by hand). The finding spans the
 *   punctuation and the glued word. Also a , . ? or ! that one space
 *   sets apart from the word before ("a step . The", "enough
 *   ,and"; not " ...", " .5", " .NET", a mark written about, "the .
 *   command", or one after an address): the finding spans the word and
 *   the mark.
 * - Lowercase start: the first word of a counted sentence (prose and list
 *   items) begins with a lower-case letter. Not flagged: numbers, URLs,
 *   words with an upper-case letter inside (iPhone, eBay: camel-case
 *   brands keep their first letter, AP Stylebook), the words of
 *   data/lowercase_words.txt, names with a dot inside (usage.txt), a
 *   sentence right after an ellipsis ("...",
 *   "…" or ". . .": the text trails off and goes on mid-sentence), a list
 *   label ("b) the term", "(iv) the fee"), and the first word of a list
 *   item in a list whose items mostly start in lower case (a list in lower
 *   case throughout is a style; one lower-case item among capitalized
 *   ones is a slip, flagged).
 * - a/an: "a" or "an" (lower case, or capitalized as a sentence's first
 *   word; a capital "A" elsewhere is a letter: "Plan A") followed, after
 *   nothing but spaces, quotes or an opening bracket, by a word of the same
 *   sentence whose sound asks for the other article. The sound: the longest
 *   pattern of data/an_exceptions.txt (for an all-caps word, only a whole
 *   entry: NATO is read as a word, "a UNESCO"); else letter names for
 *   acronyms and a letter before a hyphen or digit (FBI, U.S., X-ray, N95,
 *   M4: "an" before A E F H I L M N O R S X); else numbers
 *   as spoken ("an 8", "an 11", "an 18,000"; "1800" may be either); else
 *   the spelling: a e i o, and x before a consonant ("an Xbox"), -> "an";
 *   "u" + consonant + vowel ("usual",
 *   "utility") -> "a", but "un..." -> "an"; other letters -> "a".
 * - Passive: a form of "be" (am is are was were be been being and the
 *   n't forms; not "'s", which is as often "has"), then at most two
 *   adverbs or "not"/"also"/"being"..., then a past participle: a word of
 *   data/irregular_participles.txt or a word of 4+ letters ending in -ed
 *   (not -eed: "need", "speed"), minus the adjectives of
 *   data/not_participles.txt ("was tired"), negated adjectives ("was
 *   unharmed": an "un-" word counts only when data/un_verbs.txt has its
 *   verb, "was unveiled") and hyphenated compounds ("is London-based",
 *   "is well-known"; but a verb prefix keeps the verb: "was re-elected",
 *   "was co-written"); nor a modal: "be supposed to", "be set/bound to"
 *   before a verb ("is set to open"; "was bound to the chair" is passive). Verbs without an object have no passive, so their
 *   participles are not listed ("was gone"). passive_sentences counts
 *   counted sentences holding at least one; each match is a finding.
 * - Adverbs: words of 4+ letters ending in -ly in counted sentences, minus
 *   data/adverb_exceptions.txt (adjectives, nouns, names, "only"); a
 *   capitalized -ly word that does not open its sentence is a name; a word
 *   that opens a phrase-book entry ("Additionally", "truly remarkable") is
 *   reported as that filler only, whether its category is on or off, so
 *   that turning a category off changes only that category's figures.
 * - Long sentences: counted sentences with more than opt.long_sentence
 *   words; long_sentences counts them all, very long ones included (like
 *   sentence_stats.long_count); very_long_sentences counts those over
 *   opt.very_long_sentence. One finding a sentence: "very_long_sentence"
 *   when it is very long, else "long_sentence".
 * - Long paragraphs: prose blocks of more than opt.long_paragraph words.
 *
 * The word lists are compiled in (the data/ files named above) and indexed once, through
 * pthread_once, into sorted tables that only point into the constant text.
 */
#include "analyzer/internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "adverb_exceptions.inc"
#include "an_exceptions.inc"
#include "irregular_participles.inc"
#include "lowercase_words.inc"
#include "not_participles.inc"
#include "un_verbs.inc"
#include "util/text.h"

/* ---- word lists ---------------------------------------------------------- */

typedef struct {
	const char *s;          /* points into a compiled-in data string */
	unsigned short len;
	unsigned char tag;      /* an_exceptions: the article (enum below) */
	unsigned char prefix;   /* an_exceptions: pattern ended with '*' */
} list_entry;

enum { NEED_ANY = 0, NEED_A = 1, NEED_AN = 2, READ_AS_WORD = 3 };

/* Room for each list; a test checks that every data file fits. */
#define LIST_CAP 512

typedef struct {
	list_entry v[LIST_CAP];
	size_t n;
	int overflow;
} word_list;

static word_list adverb_exceptions, irregular_participles, not_participles,
	lowercase_words, an_exceptions, un_verbs;
static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

static int entry_cmp(const void *x, const void *y)
{
	const list_entry *p = x, *q = y;
	size_t n = p->len < q->len ? p->len : q->len;
	int c = memcmp(p->s, q->s, n);
	if (c)
		return c;
	return (p->len > q->len) - (p->len < q->len);
}

/* Splits text into entries, one a line; '#' lines and blank lines are
 * skipped. With tagged set, each line is "TAG PATTERN". */
static void list_load(word_list *l, const char *text, int tagged)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		const char *s = p;
		p = nl ? nl + 1 : end;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		const char *e = end;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (s == e || *s == '#')
			continue;
		list_entry en = { s, 0, NEED_ANY, 0 };
		if (tagged) {
			const char *sp = memchr(s, ' ', (size_t)(e - s));
			if (!sp)
				continue;
			size_t tl = (size_t)(sp - s);
			if (tl == 1 && s[0] == 'a')
				en.tag = NEED_A;
			else if (tl == 2 && memcmp(s, "an", 2) == 0)
				en.tag = NEED_AN;
			else if (tl == 4 && memcmp(s, "word", 4) == 0)
				en.tag = READ_AS_WORD;
			else
				en.tag = NEED_ANY;   /* "either" */
			s = sp + 1;
			en.s = s;
		}
		if (e > s && e[-1] == '*') {
			en.prefix = 1;
			e--;
		}
		en.len = (unsigned short)(e - s);
		if (l->n == LIST_CAP) {
			l->overflow = 1;
			continue;
		}
		l->v[l->n++] = en;
	}
	qsort(l->v, l->n, sizeof l->v[0], entry_cmp);
}

static void lists_init(void)
{
	list_load(&adverb_exceptions, cdi_data_adverb_exceptions, 0);
	list_load(&irregular_participles, cdi_data_irregular_participles, 0);
	list_load(&not_participles, cdi_data_not_participles, 0);
	list_load(&un_verbs, cdi_data_un_verbs, 0);
	list_load(&lowercase_words, cdi_data_lowercase_words, 0);
	list_load(&an_exceptions, cdi_data_an_exceptions, 1);
}

static int list_has(const word_list *l, const char *s, size_t len)
{
	list_entry key = { s, (unsigned short)(len > 65535 ? 65535 : len), 0, 0 };
	return bsearch(&key, l->v, l->n, sizeof l->v[0], entry_cmp) != NULL;
}

/* The entry of an_exceptions for folded word w: the longest pattern that
 * matches, a whole word beating a prefix of the same length; NULL if none. */
static const list_entry *an_exception(const char *w, size_t len)
{
	const list_entry *best = NULL;
	size_t best_rank = 0;
	for (size_t i = 0; i < an_exceptions.n; i++) {
		const list_entry *e = &an_exceptions.v[i];
		if (e->len > len || memcmp(e->s, w, e->len) != 0)
			continue;
		if (!e->prefix && e->len != len)
			continue;
		size_t rank = 2u * e->len + (e->prefix ? 0u : 1u);
		if (rank > best_rank) {
			best = e;
			best_rank = rank;
		}
	}
	return best;
}

/* ---- characters ---------------------------------------------------------- */

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int is_lower_ascii(char c)
{
	return c >= 'a' && c <= 'z';
}

static int is_alpha_ascii(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The first code point of s[0..len) and its category (0 when invalid). */
static int first_category(const char *s, size_t len)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
	                                      (utf8proc_ssize_t)len, &cp);
	if (n <= 0)
		return 0;
	return (int)utf8proc_category(cp);
}

/* 1 when s[0..len) holds an upper-case letter after its first character. */
static int has_inner_upper(const char *s, size_t len)
{
	size_t i = 0;
	int first = 1;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return 0;
		if (!first && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU)
			return 1;
		first = 0;
		i += (size_t)n;
	}
	return 0;
}

/* ---- a/an ---------------------------------------------------------------- */

/* The article the spoken name of letter c asks for: "an F", "a B". */
static int letter_article(char c)
{
	c = (char)(c | 0x20);
	return strchr("aefhilmnorsx", c) ? NEED_AN : NEED_A;
}

/* The article a number asks for, read as spoken: "an 8", "an 11", "an
 * 18,000", "a 180", "a 1,100"; a four-digit 11xx or 18xx with no comma may
 * be read either way ("an 1800s" / "a 1,800-page"), so both pass. */
static int number_article(const char *s, size_t len)
{
	if (len == 0 || s[0] < '0' || s[0] > '9')
		return NEED_ANY;
	if (s[0] == '8')
		return NEED_AN;
	if (s[0] != '1' || len < 2 || (s[1] != '1' && s[1] != '8'))
		return NEED_A;
	size_t lead = 0;
	int comma = 0;
	while (lead < len && s[lead] >= '0' && s[lead] <= '9')
		lead++;
	if (lead < len && s[lead] == ',')
		comma = 1;
	if (!comma && lead == 4)
		return NEED_ANY;
	size_t group = (!comma && lead > 3) ? (lead % 3 == 0 ? 3 : lead % 3) : lead;
	return group == 2 ? NEED_AN : NEED_A;
}

/* 1 for a word read as letters: U.S., N.Y. (single letters between
 * periods), a single letter, a single letter before a hyphen (X-ray,
 * U-turn, e-mail) or before a digit (N95, M4, U2, x86: the letter's name,
 * then the number). */
static int spelled_as_letters(const char *s, size_t len)
{
	if (len == 1 && is_alpha_ascii(s[0]))
		return s[0] >= 'A' && s[0] <= 'Z';
	if (len >= 2 && is_alpha_ascii(s[0]) && (s[1] == '-' || (s[1] >= '0' && s[1] <= '9')))
		return 1;
	if (len >= 2 && is_alpha_ascii(s[0]) && s[1] == '.') {
		for (size_t i = 0; i < len; i += 2)
			if (!is_alpha_ascii(s[i]) || (i + 1 < len && s[i + 1] != '.'))
				return 0;
		return 1;
	}
	return 0;
}

/* Letters from which an all-capitals word is read as a word: acronyms
 * read letter by letter rarely pass five (FBI, NAACP, UNHCR). */
#define ALLCAPS_WORD 6

/* The article word (raw text raw[0..len), folded form folded, flags) asks
 * for: NEED_A, NEED_AN or NEED_ANY when either passes or it cannot tell. */
static int wanted_article(const char *raw, size_t len, const char *folded, unsigned flags)
{
	size_t flen = strlen(folded);
	if (flags & CD_WORD_URL)
		return NEED_ANY;
	if (flags & CD_WORD_NUMBER)
		return number_article(raw, len);
	const list_entry *ex = an_exception(folded, flen);
	if ((flags & CD_WORD_ALLCAPS) && is_alpha_ascii(raw[0])) {
		/* An acronym is read as letters unless the list has it whole:
		 * read as a word (NATO), or with its article (a UNESCO, a ONE).
		 * A word of ALLCAPS_WORD letters or more is a word in capitals
		 * (a NOTICE, an URGENT), not an acronym, unless listed. */
		if ((!ex || ex->prefix) && len < ALLCAPS_WORD)
			return letter_article(raw[0]);
		if (ex && !ex->prefix && ex->tag != READ_AS_WORD)
			return ex->tag;
	}
	if (spelled_as_letters(raw, len))
		return letter_article(raw[0]);
	if (ex && ex->tag != READ_AS_WORD)
		return ex->tag;
	char c = folded[0];
	if (!is_lower_ascii(c))
		return NEED_ANY;   /* accented or other scripts: not judged */
	if (c == 'x' && flen >= 2 && is_lower_ascii(folded[1]) && !is_vowel(folded[1]) &&
	    folded[1] != 'y' && folded[1] != 'h')   /* "a Xhosa speaker" */
		return NEED_AN;   /* x before a consonant is said "ex": "an Xbox" */
	if (c == 'u') {
		if (flen >= 2 && folded[1] == 'n')
			return NEED_AN;                       /* un-: "an unusual" */
		if (flen >= 3 && is_lower_ascii(folded[1]) && !is_vowel(folded[1]) &&
		    folded[1] != 'h' && is_vowel(folded[2]))
			return NEED_A;                        /* "a usual", "a utility" */
		return NEED_AN;
	}
	return is_vowel(c) ? NEED_AN : NEED_A;
}

/* 1 when the gap t[from, to) before a word opens a clause the way a
 * sentence start does: a colon, an opening quote or bracket ("He said:
 * An", "\"A hour\""). */
static int opens_clause(const char *t, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		if (t[k] == ':' || t[k] == '"' || t[k] == '(' ||
		    (k + 2 < to && memcmp(t + k, "\xe2\x80\x9c", 3) == 0))
			return 1;
	return 0;
}

/* 1 when the capital "A" at word i, after a colon or an opening quote,
 * is more likely the letter than the article: a quote closes right after
 * it ("an \"A\" on the quiz") or a function word follows ("Plan: A or
 * B", "The answer: A is right"). */
static int letter_a(const cd_article *a, size_t i)
{
	static const char *const function[] = {
		"also", "an", "and", "any", "are", "as", "at", "each", "either", "every", "if",
		"in", "into", "is", "it", "its", "of", "off", "on", "once", "only", "onto", "or",
		"our", "out", "over", "own", "up", "upon", "us", "was", "were", "will", "would"
	};
	const cd_result *r = &a->r;
	if (i + 1 >= r->n_words)
		return 1;
	for (size_t k = r->words[i].end; k < r->words[i + 1].start; k++)
		if (r->text[k] == '"' || (unsigned char)r->text[k] == 0xE2)
			return 1;
	return CDI_WORD_IN(cdi_folded(a, i + 1), function);
}

/* 1 when text[from..to) holds only spaces, quotes, opening brackets and
 * currency signs ("a $8 fee" is said "an eight-dollar fee"). */
static int only_space_or_quotes(const char *t, size_t from, size_t to)
{
	static const char *const marks[] = { "\xe2\x80\x9c", "\xe2\x80\x98", "\xe2\x80\x99",
	                                     "\xe2\x82\xac" };
	size_t i = from;
	while (i < to) {
		char c = t[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'' || c == '(' || c == '$') {
			i++;
			continue;
		}
		if (c == '\xc2' && i + 1 < to && t[i + 1] == '\xa3') {
			i += 2;   /* £ */
			continue;
		}
		int ok = 0;
		for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
			if (to - i >= 3 && memcmp(t + i, marks[k], 3) == 0) {
				i += 3;
				ok = 1;
				break;
			}
		if (!ok)
			return 0;
	}
	return 1;
}

/* ---- the rules ----------------------------------------------------------- */

static const char *word_text(const cd_article *a, size_t i, size_t *len)
{
	const cd_word *w = &a->r.words[i];
	*len = w->end - w->start;
	return a->r.text + w->start;
}

/* Start of the UTF-8 character that ends just before byte pos. */
static size_t char_before(const char *t, size_t pos)
{
	size_t i = pos;
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* In t[from, to) (t is len bytes), the gap after a word: the position of
 * a , . ? or ! that one space puts apart from the word ("a step . The",
 * "enough ,and", "voted , and"), else 0. What follows the mark, after any
 * spaces, must be the end of the line or a letter, a capital after . ? !:
 * a mark written about ("the . command", "-A , -G", "!defined") or
 * spaced dots (". . .") are no slip. */
static size_t space_before_mark(const char *t, size_t len, size_t from, size_t to)
{
	/* One space, or a no-break or thin one as French typesetting puts
	 * before ; : ? ! ("users ?", "euros ; the"); wider gaps are layout
	 * ("THE      !"). */
	size_t k;
	if (t[from] == ' ')
		k = from + 1;
	else if (from + 1 < len && (unsigned char)t[from] == 0xC2 && (unsigned char)t[from + 1] == 0xA0)
		k = from + 2;
	else if (from + 2 < len && (unsigned char)t[from] == 0xE2 && (unsigned char)t[from + 1] == 0x80 &&
	         ((unsigned char)t[from + 2] == 0xAF || (unsigned char)t[from + 2] == 0x89))
		k = from + 3;
	else
		return 0;
	if (k >= to)
		return 0;
	char c = t[k];
	if (c != ',' && c != '.' && c != '?' && c != '!' && c != ';' && c != ':')
		return 0;
	if (c == '.' && k + 1 < len && t[k + 1] != ' ' && t[k + 1] != '\t' && t[k + 1] != '\n')
		return 0;   /* " .5", " .NET", " ..." */
	size_t q = k + 1;
	while (q < len && (t[q] == ' ' || t[q] == '\t'))
		q++;
	if (q >= len || t[q] == '\n')
		return k;
	unsigned char nx = (unsigned char)t[q];
	int upper = nx >= 'A' && nx <= 'Z', letter = upper || (nx >= 'a' && nx <= 'z') || nx >= 0xC0;
	if (c == ',')
		return letter ? k : 0;
	if (c == ';' || c == ':')
		return letter && q > k + 1 ? k : 0;   /* not ":)", "a :b" */
	return upper ? k : 0;
}

static int check_spacing(cd_article *a)
{
	const cd_result *r = &a->r;
	for (size_t b = 0; b < r->n_blocks; b++) {
		const cd_block *bl = &r->blocks[b];
		if (bl->kind == CD_BLOCK_TABLE_ROW)
			continue;
		for (size_t i = bl->first_word; i < bl->first_word + bl->n_words && i < r->n_words; i++) {
			const cd_word *w = &r->words[i];
			if (!(w->flags & CD_WORD_GLUED) || w->start == 0)
				continue;
			size_t p = char_before(r->text, w->start), q = w->start;
			if (p > 0 && (r->text[p] == '"' || memcmp(r->text + p, "\xe2\x80\x9c", 3) == 0)) {
				q = p;   /* said."The: the mark is before the quote */
				p = char_before(r->text, p);
			}
			size_t start = p;
			if (i > bl->first_word && r->words[i - 1].end <= p)
				start = r->words[i - 1].end;
			a->r.mechanics.spacing_errors++;
			if (cdi_add_finding(a, CD_FIND_SPACING, -1, start, w->end,
			                    "no space after '%.*s'", (int)(q - p),
			                    r->text + p) != CD_OK)
				return CD_ENOMEM;
		}
		for (size_t i = bl->first_word; i < bl->first_word + bl->n_words && i < r->n_words; i++) {
			size_t to = i + 1 < bl->first_word + bl->n_words && i + 1 < r->n_words ?
			            r->words[i + 1].start : bl->end;
			const cd_word *w = &r->words[i];
			size_t m = space_before_mark(r->text, r->text_len, w->end, to);
			if (!m || (w->flags & CD_WORD_URL) ||
			    memchr(r->text + w->start, '.', w->end - w->start) ||
			    memchr(r->text + w->start, '/', w->end - w->start) ||
			    (w->start > 0 && (r->text[w->start - 1] == '.' || r->text[w->start - 1] == '/')))
				continue;   /* "see http://example.org/ .", "in zlib.h .": the mark kept off a name */
			int glued = m + 1 < r->text_len && r->words[i + 1 < r->n_words ? i + 1 : i].start ==
			            m + 1;
			a->r.mechanics.spacing_errors++;
			if (cdi_add_finding(a, CD_FIND_SPACING, -1, r->words[i].start, m + 1,
			                    glued ? "space before '%c' instead of after it" :
			                            "space before '%c'", r->text[m]) != CD_OK)
				return CD_ENOMEM;
		}
	}
	return CD_OK;
}

/* 1 when the sentence starting at byte pos follows an ellipsis (with only
 * spaces and quotes between). */
static int after_ellipsis(const char *t, size_t pos)
{
	size_t i = pos;
	while (i > 0) {
		size_t p = char_before(t, i);
		const char *c = t + p;
		size_t n = i - p;
		if (n == 1 && (*c == ' ' || *c == '\n' || *c == '"' || *c == '\''))
			i = p;
		else if (n == 3 && (memcmp(c, "\xe2\x80\x9c", 3) == 0 ||
		                    memcmp(c, "\xe2\x80\x98", 3) == 0))
			i = p;
		else
			return (n == 3 && memcmp(c, "\xe2\x80\xa6", 3) == 0) ||
			       (n == 1 && *c == '.' && p >= 2 && t[p - 1] == '.' && t[p - 2] == '.') ||
			       (n == 1 && *c == '.' && p >= 4 && memcmp(t + p - 4, ". . ", 4) == 0);
	}
	return 0;
}

/* The case of block b's first letter: 1 lower, 2 upper, 0 neither (a
 * number, a URL, a symbol, a camel-case brand). */
static int block_start_case(const cd_article *a, size_t b)
{
	const cd_block *bl = &a->r.blocks[b];
	if (bl->n_words == 0 || bl->first_word >= a->r.n_words)
		return 0;
	const cd_word *w = &a->r.words[bl->first_word];
	if (w->flags & (CD_WORD_NUMBER | CD_WORD_URL))
		return 0;
	size_t len;
	const char *t = word_text(a, bl->first_word, &len);
	int cat = first_category(t, len);
	if (cat == UTF8PROC_CATEGORY_LU)
		return 2;
	return cat == UTF8PROC_CATEGORY_LL && !has_inner_upper(t, len) ? 1 : 0;
}

/* 1 when the list around list item b (the list items next to it with no
 * blank line between) starts most items in upper case: at least as many
 * upper as lower. A list in lower case throughout is a style ("-
 * expanding storage"); one lower-case item among capitalized ones is a
 * slip. run caches the last list, so each list is read once. */
typedef struct { size_t lo, hi; int upper; } list_run;

static int list_mostly_upper(const cd_article *a, size_t b, list_run *run)
{
	const cd_result *r = &a->r;
	if (run->hi >= run->lo && b >= run->lo && b <= run->hi)
		return run->upper;
	size_t lo = b, hi = b;
	while (lo > 0 && r->blocks[lo - 1].kind == CD_BLOCK_LIST_ITEM &&
	       !cdi_has_blank_line(r->text, r->blocks[lo - 1].end, r->blocks[lo].start))
		lo--;
	while (hi + 1 < r->n_blocks && r->blocks[hi + 1].kind == CD_BLOCK_LIST_ITEM &&
	       !cdi_has_blank_line(r->text, r->blocks[hi].end, r->blocks[hi + 1].start))
		hi++;
	size_t n[3] = {0, 0, 0};
	for (size_t k = lo; k <= hi; k++)
		n[block_start_case(a, k)]++;
	*run = (list_run){ lo, hi, n[2] >= n[1] };
	return run->upper;
}

/* 1 when word i is a list label: a letter or a roman numeral up to viii
 * right before ')' ("b) The work", "(iv) the term"). */
static int is_label(const cd_article *a, size_t i)
{
	static const char *const roman[] = { "ii", "iii", "iv", "vi", "vii", "viii" };
	const cd_word *w = &a->r.words[i];
	size_t len = w->end - w->start;
	const char *t = a->r.text + w->start;
	if (w->end >= a->r.text_len || a->r.text[w->end] != ')')
		return 0;
	if (len == 1)
		return is_alpha_ascii(t[0]);
	for (size_t k = 0; k < sizeof roman / sizeof roman[0]; k++)
		if (strlen(roman[k]) == len && memcmp(t, roman[k], len) == 0)
			return 1;
	return 0;
}

static int check_lowercase_start(cd_article *a, size_t s, list_run *run)
{
	const cd_result *r = &a->r;
	const cd_sentence *se = &r->sentences[s];
	size_t i = se->first_word, len;
	const cd_word *w = &r->words[i];
	if (w->flags & (CD_WORD_NUMBER | CD_WORD_URL))
		return CD_OK;
	const char *t = word_text(a, i, &len);
	if (first_category(t, len) != UTF8PROC_CATEGORY_LL || has_inner_upper(t, len) ||
	    memchr(t, '.', len - 1))
		return CD_OK;   /* a dot inside: a file name, "usage.txt" */
	const char *f = cdi_folded(a, i);
	if (list_has(&lowercase_words, f, strlen(f)) || after_ellipsis(r->text, w->start) ||
	    is_label(a, i))
		return CD_OK;
	const cd_block *bl = &r->blocks[se->block];
	if (bl->kind == CD_BLOCK_LIST_ITEM && bl->first_word == i &&
	    !list_mostly_upper(a, se->block, run))
		return CD_OK;
	a->r.mechanics.lowercase_starts++;
	return cdi_add_finding(a, CD_FIND_LOWERCASE_START, -1, w->start, w->end,
	                       "sentence starts in lower case: '%.*s'", (int)len, t);
}

static int check_articles(cd_article *a, size_t s)
{
	const cd_result *r = &a->r;
	const cd_sentence *se = &r->sentences[s];
	for (size_t i = se->first_word; i + 1 < se->first_word + se->n_words; i++) {
		const char *f = cdi_folded(a, i);
		int is_an = strcmp(f, "an") == 0;
		if (!is_an && strcmp(f, "a") != 0)
			continue;
		size_t len, nlen;
		const char *t = word_text(a, i, &len);
		if (!is_lower_ascii(t[0]) && i != se->first_word &&
		    !(opens_clause(r->text, r->words[i - 1].end, r->words[i].start) &&
		      (is_an || !letter_a(a, i))))
			continue;   /* "Plan A", "GRADE A"; but "He said: An unique" */
		if (len == 2 && t[1] == 'N')
			continue;   /* all-caps "AN" */
		const cd_word *next = &r->words[i + 1];
		if (!only_space_or_quotes(r->text, r->words[i].end, next->start))
			continue;
		const char *nt = word_text(a, i + 1, &nlen);
		int want = wanted_article(nt, nlen, cdi_folded(a, i + 1), next->flags);
		if (want == NEED_ANY || (want == NEED_AN) == is_an)
			continue;
		a->r.mechanics.article_errors++;
		if (cdi_add_finding(a, CD_FIND_ARTICLE, -1, r->words[i].start, next->end,
		                    "'%.*s': use '%s'",
		                    (int)(next->end - r->words[i].start), t,
		                    want == NEED_AN ? "an" : "a") != CD_OK)
			return CD_ENOMEM;
	}
	return CD_OK;
}

/* 1 when folded word i of sentence se is a counted -ly adverb. */
static int is_adverb(const cd_article *a, const cd_sentence *se, size_t i)
{
	const cd_word *w = &a->r.words[i];
	if (w->flags & (CD_WORD_NUMBER | CD_WORD_URL))
		return 0;
	if ((w->flags & CD_WORD_CAPITALIZED) && i != se->first_word)
		return 0;
	const char *f = cdi_folded(a, i);
	size_t n = strlen(f);
	if (n < 4 || w->letters < 4 || f[n - 2] != 'l' || f[n - 1] != 'y')
		return 0;
	const char *h = strrchr(f, '-');
	const char *last = h ? h + 1 : f;
	size_t ln = n - (size_t)(last - f);
	if (ln < 3)
		return 0;
	return !list_has(&adverb_exceptions, last, ln);
}

static int is_be_form(const char *f)
{
	/* by first letter; most words are decided there */
	static const char *const a[] = { "am", "are", "aren't", NULL };
	static const char *const b[] = { "be", "been", "being", NULL };
	static const char *const i[] = { "is", "isn't", NULL };
	static const char *const w[] = { "was", "were", "wasn't", "weren't", NULL };
	const char *const *forms = f[0] == 'a' ? a : f[0] == 'b' ? b : f[0] == 'i' ? i :
	                           f[0] == 'w' ? w : NULL;
	for (; forms && *forms; forms++)
		if (strcmp(f + 1, *forms + 1) == 0)
			return 1;
	return 0;
}

/* Words that may stand between "be" and its participle besides -ly
 * adverbs: "was not seen", "is also held", "are being built", "is only
 * needed", "was last seen". */
static int is_passive_filler(const char *f)
{
	static const char *const words[] = {
		"not", "never", "also", "still", "often", "always", "already", "just",
		"now", "soon", "then", "being", "even", "all", "both", "each", "further",
		"again", "later", "once", "first", "long", "since", "only", "last", "ever", "yet"
	};
	return CDI_WORD_IN(f, words);
}

static int is_participle(const cd_article *a, size_t i)
{
	const cd_word *w = &a->r.words[i];
	if (w->flags & (CD_WORD_NUMBER | CD_WORD_URL | CD_WORD_CAPITALIZED))
		return 0;
	const char *f = cdi_folded(a, i);
	if (w->flags & CD_WORD_HYPHENATED) {
		/* Compounds are adjectives ("London-based", "well-known"), but a
		 * verb prefix keeps the verb ("was re-elected", "is co-written"). */
		static const char *const verb_prefixes[] = {
			"co-", "cross-", "de-", "mis-", "out-", "over-", "pre-", "re-", "under-"
		};
		const char *h = strchr(f, '-');
		size_t k = 0, np = sizeof verb_prefixes / sizeof verb_prefixes[0];
		while (k < np && (!h || strncmp(f, verb_prefixes[k], (size_t)(h - f) + 1) != 0 ||
		                  strlen(verb_prefixes[k]) != (size_t)(h - f) + 1))
			k++;
		if (k == np || strchr(h + 1, '-'))
			return 0;
		f = h + 1;
	}
	size_t n = strlen(f);
	if (list_has(&irregular_participles, f, n))
		return 1;
	if (n < 4 || f[n - 2] != 'e' || f[n - 1] != 'd' || f[n - 3] == 'e')
		return 0;
	if (n > 4 && f[0] == 'u' && f[1] == 'n' && strncmp(f, "under", 5) != 0 &&
	    strncmp(f, "unit", 4) != 0 && strncmp(f, "unif", 4) != 0 && strncmp(f, "union", 5) != 0)
		return list_has(&un_verbs, f, n);   /* "unchanged" is an adjective; not "united" */
	return !list_has(&not_participles, f, n);
}

/* Whether participle j, with "be" before it and "to" after it, makes a
 * modal or an adjective rather than a passive: "was supposed to"; a
 * stance or a right ("are committed to protecting", "is entitled to a
 * refund") when no agent ("by") comes later; and "is set to open", "is
 * bound to happen" when no determiner, pronoun or number follows "to"
 * and no agent comes later ("was bound to the chair", "was set to a
 * tune", "were set to music by Copland" are passives). */
#define AGENT_REACH 12   /* words after "to" searched for "by" */

static int is_semi_modal(const cd_article *a, size_t j, size_t end)
{
	static const char *const np_openers[] = {
		"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their",
		"our", "my", "your", "him", "them", "me", "us", "it", "some", "each", "every"
	};
	/* a stance or a right, not an action done to the subject: "are
	 * committed to protecting", "is entitled to a refund" */
	static const char *const stances[] = {
		"accustomed", "committed", "dedicated", "devoted", "entitled", "opposed"
	};
	const char *f = cdi_folded(a, j);
	if (strcmp(f, "supposed") == 0)
		return 1;
	int stance = CDI_WORD_IN(f, stances);
	if (!stance && strcmp(f, "set") != 0 && strcmp(f, "bound") != 0)
		return 0;
	if (j + 2 >= end)
		return 0;
	/* an agent within a clause's reach: "were set to music by Copland",
	 * "was dedicated to the city by the mayor"; "by 2030" is a date */
	for (size_t k = j + 2; k < end && k < j + 2 + AGENT_REACH; k++)
		if (strcmp(cdi_folded(a, k), "by") == 0 &&
		    !(k + 1 < end && (a->r.words[k + 1].flags & CD_WORD_NUMBER)))
			return 0;
	if (stance)
		return 1;
	const cd_word *n = &a->r.words[j + 2];
	if (n->flags & (CD_WORD_NUMBER | CD_WORD_CAPITALIZED))
		return 0;
	return !CDI_WORD_IN(cdi_folded(a, j + 2), np_openers);
}

/* 1 when t[from, to) is only white space and words: no mark between two
 * words of a phrase ("was," said). */
static int gap_is_space(const char *t, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++) {
		unsigned char ch = (unsigned char)t[k];
		if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' && !(ch >= 'a' && ch <= 'z') &&
		    !(ch >= 'A' && ch <= 'Z') && ch != '\'' && ch != '-' && ch < 0x80)
			return 0;
		if (ch == 0xE2 && k + 2 < to && (unsigned char)t[k + 1] == 0x80 &&
		    ((unsigned char)t[k + 2] == 0x9C || (unsigned char)t[k + 2] == 0x9D ||
		     (unsigned char)t[k + 2] == 0x93 || (unsigned char)t[k + 2] == 0x94))
			return 0;   /* a curly double quote, an en or em dash */
	}
	return 1;
}

/* In a question that opens with "be" (after a wh-word perhaps), the word
 * after its subject: "Was [it] ever fixed?", "Why was [the report] not
 * read?"; the subject is a pronoun, or a determiner and up to three words.
 * Else i + 1. */
static size_t after_inverted_subject(const cd_article *a, const cd_sentence *se, size_t i, size_t end)
{
	static const char *const wh[] = { "how", "what", "when", "where", "which", "who", "why" };
	static const char *const pronouns[] = { "he", "i", "it", "she", "that", "they", "this", "we", "you" };
	static const char *const determiners[] = {
		"a", "an", "any", "her", "his", "its", "my", "our", "that", "the", "their", "these",
		"this", "those", "your"
	};
	const cd_result *r = &a->r;
	size_t last = se->end;
	while (last > se->start && strchr("\"')]*_ ", r->text[last - 1]))
		last--;
	if (last == se->start || r->text[last - 1] != '?' ||
	    !(i == se->first_word || (i == se->first_word + 1 && CDI_WORD_IN(cdi_folded(a, i - 1), wh))))
		return i + 1;
	if (i + 1 < end && CDI_WORD_IN(cdi_folded(a, i + 1), pronouns))
		return i + 2;
	if (i + 1 < end && CDI_WORD_IN(cdi_folded(a, i + 1), determiners)) {
		/* after a noun: "Was the report ever read", "Is the plan finished",
		 * "Were the stolen cars found"; a participle right after the
		 * determiner or an adverb describes the noun ("Is the used car
		 * worth it?", "Is the newly built bridge safe?") */
		for (size_t k = i + 3; k < end && k <= i + 4; k++)
			if ((is_participle(a, k) || is_passive_filler(cdi_folded(a, k))) &&
			    !is_participle(a, k - 1) && !is_adverb(a, se, k - 1) &&
			    !CDI_WORD_IN(cdi_folded(a, k - 1), determiners))
				return k;
	}
	return i + 1;
}

static int check_passive(cd_article *a, size_t s, int *found)
{
	const cd_result *r = &a->r;
	const cd_sentence *se = &r->sentences[s];
	size_t end = se->first_word + se->n_words;
	*found = 0;
	for (size_t i = se->first_word; i < end; i++) {
		if (!is_be_form(cdi_folded(a, i)))
			continue;
		size_t j = after_inverted_subject(a, se, i, end), skipped = 0;
		while (j < end && skipped < 2 && !is_participle(a, j) &&
		       (is_passive_filler(cdi_folded(a, j)) || is_adverb(a, se, j))) {
			j++;
			skipped++;
		}
		if (j >= end || !is_participle(a, j))
			continue;
		if (!gap_is_space(r->text, r->words[i].end, r->words[j].start))
			continue;   /* "how potent it was," said Okafor: a quote ends between */
		if (j + 1 < end && strcmp(cdi_folded(a, j + 1), "to") == 0 &&
		    is_semi_modal(a, j, end))
			continue;   /* "is set to reshape", "was supposed to", "is entitled to" */
		*found = 1;
		size_t start = r->words[i].start, stop = r->words[j].end;
		if (cdi_add_finding(a, CD_FIND_PASSIVE, -1, start, stop,
		                    "passive voice: '%.*s'", (int)(stop - start),
		                    r->text + start) != CD_OK)
			return CD_ENOMEM;
		i = j;
	}
	return CD_OK;
}

/* named[id]: 1 when word id is capitalized somewhere inside a counted
 * sentence, not as its first word nor after a colon or an opening quote
 * (where a clause starts: 'She said, "Honestly, we tried."'): a name
 * ("Sgt. Pat Reilly", "the Orbitly app"); NULL when there is no memory. */
static unsigned char *names_by_id(cd_article *a)
{
	const cd_result *r = &a->r;
	unsigned char *named = cdi_arena_calloc(&a->arena, a->forms.n ? a->forms.n : 1, 1);
	if (!named)
		return NULL;
	for (size_t s = 0; s < r->n_sentences; s++) {
		const cd_sentence *se = &r->sentences[s];
		if (!se->counted)
			continue;
		for (size_t i = se->first_word + 1; i < se->first_word + se->n_words && i < r->n_words; i++)
			if ((r->words[i].flags & (CD_WORD_CAPITALIZED | CD_WORD_ALLCAPS)) == CD_WORD_CAPITALIZED &&
			    r->words[i].id < a->forms.n &&
			    !opens_clause(r->text, r->words[i - 1].end, r->words[i].start))
				named[r->words[i].id] = 1;
	}
	return named;
}

static int check_adverbs(cd_article *a, size_t s, const unsigned char *named)
{
	const cd_sentence *se = &a->r.sentences[s];
	for (size_t i = se->first_word; i < se->first_word + se->n_words; i++) {
		if (!is_adverb(a, se, i) || (a->match_cat && a->match_cat[i]))
			continue;   /* "Additionally", "truly remarkable": a filler finding says it */
		if (i == se->first_word && a->r.words[i].id < a->forms.n && named[a->r.words[i].id])
			continue;   /* "Reilly said", "Orbitly is": a name met inside a sentence */
		size_t len;
		const char *t = word_text(a, i, &len);
		a->r.mechanics.adverbs++;
		if (cdi_add_finding(a, CD_FIND_ADVERB, -1, a->r.words[i].start,
		                    a->r.words[i].end, "adverb: '%.*s'", (int)len, t) != CD_OK)
			return CD_ENOMEM;
	}
	return CD_OK;
}

static int check_length(cd_article *a, size_t s)
{
	const cd_sentence *se = &a->r.sentences[s];
	if (se->n_words <= a->opt.long_sentence && se->n_words <= a->opt.very_long_sentence)
		return CD_OK;
	int very = se->n_words > a->opt.very_long_sentence;
	if (se->n_words > a->opt.long_sentence)
		a->r.mechanics.long_sentences++;
	if (very)
		a->r.mechanics.very_long_sentences++;
	return cdi_add_finding(a, very ? CD_FIND_VERY_LONG_SENTENCE : CD_FIND_LONG_SENTENCE,
	                       -1, se->start, se->end, "sentence of %zu words (over %u)",
	                       se->n_words, very ? a->opt.very_long_sentence : a->opt.long_sentence);
}

int cdi_mechanics(cd_article *a)
{
	cd_result *r = &a->r;
	int err;
	pthread_once(&lists_once, lists_init);

	/* doubled_words belongs to the repetition stage: keep it. */
	size_t doubled = r->mechanics.doubled_words;
	memset(&r->mechanics, 0, sizeof r->mechanics);
	r->mechanics.doubled_words = doubled;

	if ((err = check_spacing(a)) != CD_OK)
		return err;
	list_run run = { 1, 0, 0 };   /* empty */
	const unsigned char *named = names_by_id(a);
	if (!named)
		return CD_ENOMEM;
	for (size_t s = 0; s < r->n_sentences; s++) {
		const cd_sentence *se = &r->sentences[s];
		if (!se->counted || se->n_words == 0 || se->first_word + se->n_words > r->n_words)
			continue;
		int passive;
		if ((err = check_lowercase_start(a, s, &run)) != CD_OK ||
		    (err = check_articles(a, s)) != CD_OK ||
		    (err = check_passive(a, s, &passive)) != CD_OK ||
		    (err = check_adverbs(a, s, named)) != CD_OK ||
		    (err = check_length(a, s)) != CD_OK)
			return err;
		r->mechanics.passive_sentences += (size_t)passive;
	}
	for (size_t b = 0; b < r->n_blocks; b++) {
		const cd_block *bl = &r->blocks[b];
		if (bl->kind != CD_BLOCK_PROSE || bl->n_words <= a->opt.long_paragraph)
			continue;
		r->mechanics.long_paragraphs++;
		if ((err = cdi_add_finding(a, CD_FIND_LONG_PARAGRAPH, -1, bl->start, bl->end,
		                           "paragraph of %zu words (over %u)", bl->n_words,
		                           a->opt.long_paragraph)) != CD_OK)
			return err;
	}
	return CD_OK;
}

/* For tests (declared there): how many entries of a list did not fit. */
int cdi_mechanics_lists_overflow(void);
int cdi_mechanics_lists_overflow(void)
{
	pthread_once(&lists_once, lists_init);
	return adverb_exceptions.overflow + irregular_participles.overflow +
	       not_participles.overflow + lowercase_words.overflow + an_exceptions.overflow +
	       un_verbs.overflow;
}
