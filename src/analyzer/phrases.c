/*
 * phrases.c - filler-phrase books and the matcher stage (cdi_phrases).
 *
 * A phrase book is a trie over words: each entry's phrase is split into
 * parts at spaces and hyphens, every distinct part gets a word id (a
 * string map), and trie edges are (node, word id) -> child node in one
 * open-addressing table. A node that ends an entry holds that entry's
 * index. Input tokens are split the same way (virtually: "state-of-the-art"
 * walks the same four edges as "state of the art"), so hyphen and space
 * variants of a phrase match alike. A match must start at the start of a
 * token, end at the end of one, stay within one sentence, and have only
 * white space between its tokens (no comma, bracket or dash). A
 * boilerplate entry matches only where it opens its sentence or follows a
 * mark. A sentence adverb (an entry written with a trailing comma) matches
 * only where punctuation sets it apart: it opens its sentence or follows
 * , ; : ( or a dash, and a mark or the sentence's end follows it ("In
 * short, ...", "The plan, however, failed"; not "in short supply",
 * "however much", "acted accordingly"). A degree word before a comparative
 * measures a difference and is not counted ("considerably more",
 * "significantly higher"; "undoubtedly better" is). Puffery right after a
 * negation is a plain claim and is not counted ("not unprecedented").
 *
 * Text format of a book (data/phrases/<category>.txt, and users' extra
 * files through cd_phrasebook_add), UTF-8, one item a line:
 *
 *   # a comment (the first non-blank character is '#'); blank lines are skipped
 *   [wordy]                          the category of the entries that follow
 *   in order to | 1 | to             phrase | weight | alternative
 *   moreover | 1.5 | -               '-' as alternative: cut it
 *   tapestry                         weight 1, no alternative
 *   in short, | 1 | -                a sentence adverb: counted set apart only
 *
 * The phrase is lowercase (case-folded), NFC, its words one space apart
 * (U+2019 and U+02BC are read as ', U+2010 and U+2011 as -). The weight,
 * how bad one use is, is a decimal number from 0.5 to 3. A malformed line
 * (unknown category, an entry before any category, a bad weight, an empty,
 * non-lowercase or non-NFC phrase, a phrase listed twice in one category
 * of the same text, with hyphens counting as spaces) is an error naming
 * its line; the entries of the lines before it stay in the book. A phrase
 * may come again in another category, or in a later text (a user's file
 * after the built-in book): the entry added last is the one matched, so a
 * user file can change a built-in phrase's weight or category.
 *
 * An entry matches its contracted and its spelled-out forms alike: "we
 * will explore" also matches "we'll explore", "let's dive in" also "let us
 * dive in" (the pairs are in contractions[] below). Such a variant leads to
 * the entry's own index, and never takes the place of an entry listed as
 * such ("it's worth noting" beside "it is worth noting").
 *
 * The stage runs the trie from every word once (so a->match_cat and
 * a->match_len hold the longest match starting at each word, for later
 * stages), and keeps the leftmost-longest non-overlapping matches as
 * fillers. Selection ignores the options, so turning a category off
 * changes only that category's figures.
 */
#include "analyzer/internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The built-in text, the files of data/phrases joined (a byte array: see
 * tools/txt2inc.sh). */
#include "phrases.inc"

/* The most words (parts, after splitting at hyphens) one phrase may have;
 * a->match_len is an unsigned char, and no sensible filler is longer. */
#define MAX_PARTS 32
/* Weight bounds: the data format says 0.5 (mild) .. 3 (severe). */
#define WEIGHT_MIN 0.5
#define WEIGHT_MAX 3.0
#define WEIGHT_DEFAULT 1.0
/* A word id for a part no entry contains. */
#define NO_WORD (UINT32_MAX - 1)
/* A token whose folded form holds a hyphen: its parts are looked up one by one. */
#define SPLIT_WORD (UINT32_MAX - 2)
/* Word ids stay below this; with NO_WORD and SPLIT_WORD above them, the
 * stage's cache can store any of them as value + 1 without reaching 0. */
#define MAX_WORD_ID (UINT32_MAX - 3)

struct cd_phrasebook {
	cdi_arena arena;                 /* phrase and alternative strings, map keys */
	cdi_strmap words;                /* part -> word id */
	cdi_strmap keys;                 /* category byte + normalized phrase: duplicates */
	CDI_VEC(uint32_t) key_call;      /* key id -> the cd_phrasebook_add call that added it */
	uint32_t calls;                  /* cd_phrasebook_add calls so far */
	CDI_VEC(cd_phrase_entry) entries;
	CDI_VEC(int32_t) node_entry;     /* trie node -> entry index, -1 when none */
	CDI_VEC(uint32_t) root_child;    /* word id -> child of the root, 0 = none: the
	                                    first step of every walk is one array read */
	uint64_t *edge_key;              /* (node << 32) | word id */
	uint32_t *edge_child;            /* child node, 0 = empty slot (root is never a child) */
	size_t edge_cap, edge_n;         /* edge_cap a power of two */
};

/* ---- the trie ---------------------------------------------------------- */

static size_t edge_slot(uint64_t key, size_t mask)
{
	/* splitmix64's finalizer spreads node and word bits over the slot. */
	key ^= key >> 30;
	key *= 0xbf58476d1ce4e5b9ull;
	key ^= key >> 27;
	key *= 0x94d049bb133111ebull;
	key ^= key >> 31;
	return (size_t)key & mask;
}

static uint32_t edge_find(const cd_phrasebook *b, uint32_t node, uint32_t word)
{
	if (node == 0)
		return word < b->root_child.n ? b->root_child.v[word] : 0;
	if (b->edge_cap == 0)
		return 0;
	uint64_t key = (uint64_t)node << 32 | word;
	size_t mask = b->edge_cap - 1;
	for (size_t i = edge_slot(key, mask);; i = (i + 1) & mask) {
		if (b->edge_child[i] == 0)
			return 0;
		if (b->edge_key[i] == key)
			return b->edge_child[i];
	}
}

static int edge_grow(cd_phrasebook *b)
{
	size_t cap = b->edge_cap ? b->edge_cap * 2 : 1024;
	uint64_t *keys = malloc(cap * sizeof *keys);
	uint32_t *child = calloc(cap, sizeof *child);
	if (!keys || !child) {
		free(keys);
		free(child);
		return CD_ENOMEM;
	}
	for (size_t j = 0; j < b->edge_cap; j++) {
		if (!b->edge_child[j])
			continue;
		size_t i = edge_slot(b->edge_key[j], cap - 1);
		while (child[i])
			i = (i + 1) & (cap - 1);
		keys[i] = b->edge_key[j];
		child[i] = b->edge_child[j];
	}
	free(b->edge_key);
	free(b->edge_child);
	b->edge_key = keys;
	b->edge_child = child;
	b->edge_cap = cap;
	return CD_OK;
}

/* The child of node along word, created when missing; 0 on no memory. */
static uint32_t edge_add(cd_phrasebook *b, uint32_t node, uint32_t word)
{
	uint32_t child = edge_find(b, node, word);
	if (child)
		return child;
	if ((b->edge_n + 1) * 2 > b->edge_cap && edge_grow(b) != CD_OK)
		return 0;
	if (b->node_entry.n >= UINT32_MAX - 1 || CDI_VEC_PUSH(&b->node_entry, -1) != 0)
		return 0;
	child = (uint32_t)(b->node_entry.n - 1);
	if (node == 0) {
		while (b->root_child.n <= word)
			if (CDI_VEC_PUSH(&b->root_child, 0) != 0)
				return 0;
		b->root_child.v[word] = child;
		return child;
	}
	uint64_t key = (uint64_t)node << 32 | word;
	size_t mask = b->edge_cap - 1;
	size_t i = edge_slot(key, mask);
	while (b->edge_child[i])
		i = (i + 1) & mask;
	b->edge_key[i] = key;
	b->edge_child[i] = child;
	b->edge_n++;
	return child;
}

/* The word id of one part of a folded token, NO_WORD when no entry has it. */
static uint32_t word_id(const cd_phrasebook *b, const char *s, size_t len)
{
	if (len == 0)
		return NO_WORD;
	int64_t id = cdi_strmap_find(&b->words, s, len);
	return id < 0 ? NO_WORD : (uint32_t)id;
}

/* Splits a folded token at hyphens into word ids; returns how many parts,
 * or 0 when it has more than max (such a token cannot be matched). */
static size_t token_parts(const cd_phrasebook *b, const char *tok, uint32_t *ids, size_t max)
{
	size_t n = 0;
	const char *p = tok;
	for (;;) {
		const char *h = strchr(p, '-');
		size_t len = h ? (size_t)(h - p) : strlen(p);
		if (n == max)
			return 0;
		ids[n++] = word_id(b, p, len);
		if (!h)
			return n;
		p = h + 1;
	}
}

/* Where the words to match come from: the folded forms and, in the stage,
 * a per-form cache of word ids (see form_id). */
typedef struct word_source {
	const cd_phrasebook *book;
	const char *const *folded;
	const cd_word *words;            /* NULL: look every token up */
	uint32_t *cache;                 /* form id -> word id + 1, 0 = not yet */
	size_t n_cache;
} word_source;

/* The word id of token j, SPLIT_WORD when it holds a hyphen. Each distinct
 * folded form is looked up once per article, so most tokens cost one
 * array read. */
static uint32_t form_id(const word_source *src, size_t j)
{
	uint32_t form = src->words ? src->words[j].id : UINT32_MAX;
	if (form < src->n_cache && src->cache[form])
		return src->cache[form] - 1u;
	const char *f = src->folded[j];
	uint32_t id = strchr(f, '-') ? SPLIT_WORD : word_id(src->book, f, strlen(f));
	if (form < src->n_cache)
		src->cache[form] = id + 1u;   /* never 0: see MAX_WORD_ID */
	return id;
}

/* The longest entry starting at token first within tokens [first, first+n):
 * its index and its length in tokens in *len; -1 when none. */
static long walk(const word_source *src, size_t first, size_t n, size_t *len)
{
	const cd_phrasebook *b = src->book;
	long best = -1;
	uint32_t node = 0;
	uint32_t parts[MAX_PARTS];
	*len = 0;
	for (size_t j = first; j < first + n; j++) {
		size_t np = 1;
		parts[0] = form_id(src, j);
		if (parts[0] == SPLIT_WORD)
			np = token_parts(b, src->folded[j], parts, MAX_PARTS);
		if (np == 0)
			break;
		for (size_t k = 0; k < np && node != UINT32_MAX; k++) {
			uint32_t child = parts[k] == NO_WORD ? 0 : edge_find(b, node, parts[k]);
			node = child ? child : UINT32_MAX;
		}
		if (node == UINT32_MAX)
			break;
		if (b->node_entry.v[node] >= 0) {
			best = b->node_entry.v[node];
			*len = j - first + 1;
		}
	}
	return best;
}

long cdi_phrasebook_match(const cd_phrasebook *book, const char *const *folded,
                          size_t first, size_t n, size_t *len)
{
	word_source src = { book, folded, NULL, NULL, 0 };
	size_t dummy;
	return walk(&src, first, n, len ? len : &dummy);
}

/* ---- books ------------------------------------------------------------- */

static cd_phrasebook *book_create(void)
{
	cd_phrasebook *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	cdi_arena_init(&b->arena);
	cdi_strmap_init(&b->words, &b->arena);
	cdi_strmap_init(&b->keys, &b->arena);
	if (CDI_VEC_PUSH(&b->node_entry, -1) != 0) {   /* the root, node 0 */
		free(b);
		return NULL;
	}
	return b;
}

void cd_phrasebook_free(cd_phrasebook *book)
{
	if (!book)
		return;
	cdi_strmap_free(&book->words);
	cdi_strmap_free(&book->keys);
	free(book->entries.v);
	free(book->node_entry.v);
	free(book->root_child.v);
	free(book->key_call.v);
	free(book->edge_key);
	free(book->edge_child);
	cdi_arena_free(&book->arena);
	free(book);
}

int cd_phrasebook_new(cd_phrasebook **out)
{
	*out = NULL;
	cd_phrasebook *b = book_create();
	if (!b)
		return CD_ENOMEM;
	int err = cd_phrasebook_add(b, cdi_phrases_builtin, sizeof cdi_phrases_builtin - 1, NULL);
	if (err != CD_OK) {
		cd_phrasebook_free(b);
		return err;
	}
	*out = b;
	return CD_OK;
}

size_t cd_phrasebook_count(const cd_phrasebook *book)
{
	return book ? book->entries.n : 0;
}

const cd_phrase_entry *cd_phrasebook_entry(const cd_phrasebook *book, size_t i)
{
	return book && i < book->entries.n ? &book->entries.v[i] : NULL;
}

/* The built-in book: parsed once, shared read-only, never freed. */
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;
static cd_phrasebook *builtin_book;

static void builtin_init(void)
{
	cd_phrasebook *b;
	if (cd_phrasebook_new(&b) == CD_OK)
		builtin_book = b;
}

const cd_phrasebook *cdi_phrasebook_builtin(void)
{
	pthread_once(&builtin_once, builtin_init);
	return builtin_book;
}

/* ---- parsing ----------------------------------------------------------- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Trims blanks from both ends of [*s, *s + *len). */
static void trim(const char **s, size_t *len)
{
	while (*len && is_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_blank((*s)[*len - 1]))
		(*len)--;
}

/* A weight: digits, optionally a point and more digits, within bounds.
 * Parsed by hand so the C locale's decimal point does not matter. */
static int parse_weight(const char *s, size_t len, double *out)
{
	double v = 0, scale = 1;
	size_t i = 0, digits = 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		v = v * 10 + (s[i] - '0');
	if (i < len && s[i] == '.') {
		size_t frac = 0;
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, frac++)
			v += (s[i] - '0') * (scale /= 10);
		if (frac == 0)
			return CD_EINVAL;
	}
	if (digits == 0 || i != len || v < WEIGHT_MIN || v > WEIGHT_MAX)
		return CD_EINVAL;
	*out = v;
	return CD_OK;
}

/* Copies the phrase into buf (cap bytes) with U+2019/U+02BC as ' and
 * U+2010/U+2011 as -; checks it is lowercase NFC with single spaces.
 * Returns the length, or -1 when malformed. */
static long normalize_phrase(const char *s, size_t len, char *buf, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char put = 0;
		size_t skip = 0;
		if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
			unsigned char d = (unsigned char)s[i + 2];
			if (d == 0x99)
				put = '\'', skip = 2;
			else if (d == 0x90 || d == 0x91)
				put = '-', skip = 2;
		} else if (c == 0xCA && i + 1 < len && (unsigned char)s[i + 1] == 0xBC) {
			put = '\'', skip = 1;
		} else if (c < 0x20 || c == 0x7F) {
			return -1;
		}
		if (n + 2 > cap)
			return -1;
		buf[n++] = put ? put : (char)c;
		i += skip;
	}
	buf[n] = '\0';
	if (n == 0)
		return -1;
	/* Words one space apart; no empty part around a hyphen. */
	for (size_t i = 0; i < n; i++) {
		int sep = buf[i] == ' ' || buf[i] == '-';
		if (sep && (i == 0 || i + 1 == n || buf[i + 1] == ' ' || buf[i + 1] == '-'))
			return -1;
	}
	/* Lowercase and NFC: case folding and composition change nothing. */
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t fl = utf8proc_map((const utf8proc_uint8_t *)buf, (utf8proc_ssize_t)n,
	                                   &folded, UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                   UTF8PROC_CASEFOLD);
	int ok = fl >= 0 && (size_t)fl == n && memcmp(folded, buf, n) == 0;
	free(folded);
	return ok ? (long)n : -1;
}

/* Word pairs an entry matches in either form: [0] spelled out, [1]
 * contracted, with their lengths. */
typedef struct {
	const char *form[2];
	size_t len[2];
} contraction;
#define PAIR(a, b) { { a, b }, { sizeof a - 1, sizeof b - 1 } }
static const contraction contractions[] = {
	PAIR("are not", "aren't"), PAIR("can not", "can't"), PAIR("cannot", "can't"),
	PAIR("could not", "couldn't"), PAIR("did not", "didn't"), PAIR("does not", "doesn't"),
	PAIR("do not", "don't"), PAIR("has not", "hasn't"), PAIR("have not", "haven't"),
	PAIR("here is", "here's"), PAIR("i am", "i'm"), PAIR("i have", "i've"), PAIR("i will", "i'll"),
	PAIR("is not", "isn't"), PAIR("it is", "it's"), PAIR("it will", "it'll"), PAIR("let us", "let's"),
	PAIR("should not", "shouldn't"), PAIR("that is", "that's"), PAIR("there is", "there's"),
	PAIR("they are", "they're"), PAIR("they have", "they've"), PAIR("they will", "they'll"),
	PAIR("was not", "wasn't"), PAIR("we are", "we're"), PAIR("we have", "we've"),
	PAIR("we will", "we'll"), PAIR("what is", "what's"), PAIR("will not", "won't"),
	PAIR("would not", "wouldn't"), PAIR("you are", "you're"), PAIR("you have", "you've"),
	PAIR("you will", "you'll"),
};
#undef PAIR

/* Writes into out (cap bytes) phrase with each word pair of contractions[]
 * in its other form (to = 1: contracted, 0: spelled out); returns the
 * length, or 0 when nothing changed or out is too small. */
static size_t contraction_variant(const char *phrase, int to, char *out, size_t cap)
{
	if (!to && !strchr(phrase, '\''))
		return 0;   /* nothing contracted to spell out: most entries */
	size_t n = 0, changed = 0;
	const char *q = phrase;
	while (*q) {
		/* q is at the start of a word: the longest pair starting here */
		size_t best = 0, k = 0;
		for (size_t c = 0; c < sizeof contractions / sizeof contractions[0]; c++) {
			const char *from = contractions[c].form[!to];
			size_t fl = contractions[c].len[!to];
			if (fl > best && from[0] == q[0] && strncmp(q, from, fl) == 0 &&
			    (q[fl] == '\0' || q[fl] == ' ' || q[fl] == '-')) {
				best = fl;
				k = c;
			}
		}
		const char *src = best ? contractions[k].form[to] : q;
		size_t len = best ? contractions[k].len[to] : strcspn(q, " -");
		if (n + len + 2 > cap)
			return 0;
		memcpy(out + n, src, len);
		n += len;
		q += best ? best : len;
		changed += best != 0;
		if (*q)
			out[n++] = *q++;   /* the space or hyphen after the word */
	}
	out[n] = '\0';
	return changed ? n : 0;
}

/* The trie node at the end of phrase's parts, added as needed; 0 when
 * the phrase has too many parts, or with *oom set when memory ran out. */
static uint32_t add_path(cd_phrasebook *b, const char *phrase, int *oom)
{
	uint32_t node = 0;
	size_t np = 0;
	for (const char *q = phrase; ; ) {
		size_t wl = strcspn(q, " -");
		if (np++ == MAX_PARTS)
			return 0;
		int64_t id = cdi_strmap_intern(&b->words, q, wl, NULL);
		if (id < 0 || (uint64_t)id >= MAX_WORD_ID || (node = edge_add(b, node, (uint32_t)id)) == 0) {
			*oom = 1;
			return 0;
		}
		if (!q[wl])
			return node;
		q += wl + 1;
	}
}

/* 1 when a negation stands right before word i, or before an article
 * there ("not unprecedented", "never a game-changer"), and is no "if not"
 * ("rare, if not unprecedented"); first is the first word of i's sentence. */
static int denied(const cd_result *r, size_t first, size_t i)
{
	static const char *const articles[] = { "a", "an", "the" };
	if (i > first && CDI_WORD_IN(r->folded[i - 1], articles))
		i--;
	return i > first && cdi_is_negation(r->folded[i - 1]) &&
	       !(i - 1 > first && strcmp(r->folded[i - 2], "if") == 0);
}

/* Adds one entry line's fields to the book. */
static int add_entry(cd_phrasebook *b, int category, const char *line, size_t len)
{
	const char *field[3];
	size_t flen[3], nf = 0;
	const char *p = line, *end = line + len;
	for (;;) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		if (nf == 3)
			return CD_EINVAL;
		field[nf] = p;
		flen[nf] = bar ? (size_t)(bar - p) : (size_t)(end - p);
		trim(&field[nf], &flen[nf]);
		nf++;
		if (!bar)
			break;
		p = bar + 1;
	}
	char phrase[512], key[520];
	/* "in short," : a sentence adverb, counted only when set apart */
	int apart = flen[0] > 1 && field[0][flen[0] - 1] == ',';
	if (apart) {
		flen[0]--;
		trim(&field[0], &flen[0]);
	}
	long pl = normalize_phrase(field[0], flen[0], phrase, sizeof phrase);
	if (pl < 0)
		return CD_EINVAL;
	double weight = WEIGHT_DEFAULT;
	if (nf > 1 && flen[1] && parse_weight(field[1], flen[1], &weight) != CD_OK)
		return CD_EINVAL;
	const char *alt = "";
	if (nf > 2 && flen[2])
		alt = flen[2] == 1 && field[2][0] == '-' ? "(cut)"
		      : cdi_arena_strndup(&b->arena, field[2], flen[2]);

	/* The duplicate key: the category, then the parts joined by spaces;
	 * a phrase of too many parts is refused before it is registered. */
	size_t np = 1;
	key[0] = (char)('a' + category);
	for (long k = 0; k < pl; k++) {
		key[k + 1] = phrase[k] == '-' ? ' ' : phrase[k];
		np += key[k + 1] == ' ';
	}
	if (np > MAX_PARTS)
		return CD_EINVAL;
	size_t kl = (size_t)pl + 1;
	/* A phrase twice in one category of one text is an error; a later
	 * text (a user's file) may list a phrase again to change it. */
	int added;
	int64_t kid = cdi_strmap_intern(&b->keys, key, kl, &added);
	if (kid < 0 || (added && CDI_VEC_PUSH(&b->key_call, b->calls) != 0))
		return CD_ENOMEM;
	if (!added && b->key_call.v[kid] == b->calls)
		return CD_EINVAL;
	b->key_call.v[kid] = b->calls;

	int oom = 0;
	uint32_t node = add_path(b, phrase, &oom);
	if (node == 0)
		return oom ? CD_ENOMEM : CD_EINVAL;
	cd_phrase_entry e = { cdi_arena_strndup(&b->arena, phrase, (size_t)pl), category,
	                      weight, alt, apart };
	if (!e.phrase || !e.alternative || b->entries.n >= INT32_MAX ||
	    CDI_VEC_PUSH(&b->entries, e) != 0)
		return CD_ENOMEM;
	b->node_entry.v[node] = (int32_t)(b->entries.n - 1);
	/* Its contracted and spelled-out forms, where no entry of their own
	 * (or an earlier listing of this same phrase) holds them. */
	for (int to = 0; to < 2; to++) {
		char variant[512];
		if (!contraction_variant(phrase, to, variant, sizeof variant))
			continue;
		int oom = 0;
		uint32_t vn = add_path(b, variant, &oom);
		if (oom)
			return CD_ENOMEM;
		if (vn == 0)
			continue;   /* too many parts: the entry keeps its own form */
		int32_t held = b->node_entry.v[vn];
		if (held < 0 || strcmp(b->entries.v[held].phrase, phrase) == 0)
			b->node_entry.v[vn] = (int32_t)(b->entries.n - 1);
	}
	return CD_OK;
}

int cd_phrasebook_add(cd_phrasebook *book, const char *text, size_t len, size_t *bad_line)
{
	int category = -1, err = CD_OK;
	size_t line_no = 0;
	const char *p = text, *end = text + len;
	if (!book || (!text && len))
		return CD_EINVAL;
	book->calls++;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line = p;
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		p = nl ? nl + 1 : end;
		line_no++;
		trim(&line, &ll);
		if (ll == 0 || line[0] == '#')
			continue;
		if (line[0] == '[') {
			char name[32];
			const char *n = line + 1;
			size_t nlen = ll - 1;
			if (line[ll - 1] != ']') {
				err = CD_EINVAL;
				break;
			}
			nlen--;
			trim(&n, &nlen);
			if (nlen >= sizeof name) {
				err = CD_EINVAL;
				break;
			}
			memcpy(name, n, nlen);
			name[nlen] = '\0';
			if ((category = cd_category_from_name(name)) < 0) {
				err = CD_EINVAL;
				break;
			}
			continue;
		}
		if (category < 0) {
			err = CD_EINVAL;
			break;
		}
		if ((err = add_entry(book, category, line, ll)) != CD_OK)
			break;
	}
	if (err != CD_OK && bad_line)
		*bad_line = line_no;
	return err;
}

/* ---- the stage --------------------------------------------------------- */

static int top_cmp(const void *x, const void *y)
{
	const cd_phrase_count *p = x, *q = y;
	if (p->count != q->count)
		return p->count > q->count ? -1 : 1;
	if (p->entry->weight != q->entry->weight)
		return p->entry->weight > q->entry->weight ? -1 : 1;
	int c = strcmp(p->entry->phrase, q->entry->phrase);
	if (c)
		return c;
	return (p->entry->category > q->entry->category) - (p->entry->category < q->entry->category);
}

/* 1 when text[from, to) holds only white space (no-break, thin and other
 * Unicode spaces too). */
static int only_white(const char *text, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++) {
		char ch = text[k];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
			continue;
		if (ch == '\xc2' && k + 1 < to && text[k + 1] == '\xa0') {
			k++;
			continue;   /* no-break space */
		}
		if (ch == '\xe2' && k + 2 < to && text[k + 1] == '\x80' &&
		    (((unsigned char)text[k + 2] >= 0x80 && (unsigned char)text[k + 2] <= 0x8a) ||
		     (unsigned char)text[k + 2] == 0xaf)) {
			k += 2;
			continue;   /* U+2000..U+200A, U+202F: the other spaces */
		}
		return 0;
	}
	return 1;
}

/* Degree words that measure a difference before a comparative; "truly",
 * "certainly" and "undoubtedly" do not ("undoubtedly better" is filler). */
static int is_degree(const char *f)
{
	static const char *const words[] = {
		"significantly", "substantially", "considerably", "vastly", "greatly", "hugely",
		"massively", "enormously", "dramatically", "drastically", "tremendously",
		"immensely", "markedly", "exceedingly"
	};
	return CDI_WORD_IN(f, words);
}

/* Comparatives a degree word may measure ("considerably more"). */
static int is_comparative(const char *f)
{
	static const char *const words[] = {
		"more", "less", "fewer", "better", "worse", "higher", "lower", "larger", "smaller",
		"greater", "bigger", "faster", "slower", "stronger", "weaker", "cheaper", "costlier",
		"longer", "shorter", "wider", "narrower", "older", "younger", "richer", "poorer",
		"harder", "easier", "deeper", "warmer", "colder", "above", "below"
	};
	return CDI_WORD_IN(f, words);
}

/* 1 when the gap text[from, to) after a phrase opens with a mark that
 * closes it off: , ; : . ! ? or a dash (after spaces, closing quotes or
 * emphasis). */
static int closed_after(const char *text, size_t from, size_t to)
{
	while (from < to && (text[from] == ' ' || text[from] == '*' || text[from] == '_' ||
	                     text[from] == '"' || text[from] == '\''))
		from++;
	if (from >= to)
		return 0;
	char ch = text[from];
	return ch == ',' || ch == ';' || ch == ':' || ch == '.' || ch == '!' || ch == '?' ||
	       ch == '-' || ch == ')' ||
	       (to - from >= 3 && memcmp(text + from, "\xe2\x80", 2) == 0 &&
	        (text[from + 2] == '\x93' || text[from + 2] == '\x94' ||   /* – — */
	         text[from + 2] == '\x9d' || text[from + 2] == '\xa6'));   /* ” … */
}

/* 1 when the gap text[from, to) before a phrase ends in a mark that opens
 * it: , ; : ( a dash or a double quote (before spaces or emphasis). */
static int opened_before(const char *text, size_t from, size_t to)
{
	while (to > from && (text[to - 1] == ' ' || text[to - 1] == '\n' || text[to - 1] == '*' ||
	                     text[to - 1] == '_' || text[to - 1] == '"' || text[to - 1] == '\'')) {
		if (text[to - 1] == '"')
			return 1;   /* an opening quote: said "in short, ..." */
		to--;
	}
	if (to <= from)
		return 0;
	char ch = text[to - 1];
	return ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == '-' ||
	       (to - from >= 3 && memcmp(text + to - 3, "\xe2\x80", 2) == 0 &&
	        (text[to - 1] == '\x93' || text[to - 1] == '\x94' ||    /* – — */
	         text[to - 1] == '\x9c'));                              /* “ */
}

/* 1 when words [i, i + len) of sentence s stand apart as a sentence adverb
 * does: opening the sentence or after an opening mark, and closed off by
 * a mark or the sentence's end ("In short, ...", "..., however, ...",
 * "... it failed, ultimately."). */
static int stands_apart(const cd_result *r, size_t s, size_t i, size_t len)
{
	const cd_sentence *se = &r->sentences[s];
	size_t last = i + len - 1, stop = se->first_word + se->n_words;
	int open = i == se->first_word || opened_before(r->text, r->words[i - 1].end, r->words[i].start);
	int closed = last + 1 >= stop ||
	             closed_after(r->text, r->words[last].end,
	                          last + 1 < r->n_words ? r->words[last + 1].start : r->text_len);
	return open && closed;
}

/* quoted[i]: 1 when word i stands inside a direct quote of its block
 * (between an opening and a closing double quotation mark: curly, French,
 * or straight ones paired in turn, but not an inch mark after a digit; a
 * block starts outside any quote, as a quote that runs on into the next
 * paragraph opens it again). Single quotes are left out: ’ is also the
 * apostrophe. Scare quotes count as quotes. */
static void mark_quoted(const cd_result *r, unsigned char *quoted)
{
	for (size_t b = 0; b < r->n_blocks; b++) {
		const cd_block *bl = &r->blocks[b];
		int in = 0;
		size_t p = bl->start;
		for (size_t i = bl->first_word; i < bl->first_word + bl->n_words && i < r->n_words; i++) {
			for (; p < r->words[i].start; p++) {
				const unsigned char *c = (const unsigned char *)r->text + p;
				if (*c == '"' && !(p > bl->start && c[-1] >= '0' && c[-1] <= '9'))
					in = !in;   /* not the inch mark of 55" */
				else if (c[0] == 0xC2 && c[1] == 0xAB)
					in = 1;   /* left guillemet */
				else if (c[0] == 0xC2 && c[1] == 0xBB)
					in = 0;   /* right guillemet */
				else if (c[0] == 0xE2 && c[1] == 0x80 && c[2] == 0x9C)
					in = 1;   /* left double quotation mark */
				else if (c[0] == 0xE2 && c[1] == 0x80 && c[2] == 0x9D)
					in = 0;   /* right double quotation mark */
			}
			quoted[i] = (unsigned char)in;
		}
	}
}

int cdi_phrases(cd_article *a)
{
	cd_result *r = &a->r;
	cd_fillers *fl = &r->fillers;
	const cd_phrasebook *b = a->opt.phrasebook ? a->opt.phrasebook : cdi_phrasebook_builtin();
	memset(fl, 0, sizeof *fl);
	if (!b)
		return CD_ENOMEM;
	size_t n = r->n_words;
	a->match_cat = cdi_arena_calloc(&a->arena, n ? n : 1, 1);
	a->match_len = cdi_arena_calloc(&a->arena, n ? n : 1, 1);
	size_t *uses = cdi_arena_calloc(&a->arena, b->entries.n ? b->entries.n : 1, sizeof *uses);
	/* Form ids are dense indexes of a->forms (words.c interns them). */
	size_t n_forms = a->forms.n;
	uint32_t *cache = cdi_arena_calloc(&a->arena, n_forms ? n_forms : 1, sizeof *cache);
	if (!a->match_cat || !a->match_len || !uses || !cache)
		return CD_ENOMEM;
	unsigned char *quoted = NULL;
	if (!a->opt.fillers_in_quotes) {
		if (!(quoted = cdi_arena_calloc(&a->arena, n ? n : 1, 1)))
			return CD_ENOMEM;
		mark_quoted(r, quoted);
	}
	word_source src = { b, r->folded, r->words, cache, n_forms };
	int err;
	double weight_sum = 0;
	size_t next_free = 0, distinct = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t id = form_id(&src, i);
		if (id != SPLIT_WORD && !edge_find(b, 0, id))
			continue;   /* no entry starts with this word: most words */
		size_t s = r->words[i].sentence, stop = n;
		if (s < r->n_sentences)
			stop = r->sentences[s].first_word + r->sentences[s].n_words;
		if (stop <= i)
			stop = i + 1;
		/* Nothing but white space between the words of a match: "assigned,
		 * in order, to" holds no "in order to". A token has one part or
		 * more, so no match is longer than MAX_PARTS tokens. */
		if (stop > i + MAX_PARTS)
			stop = i + MAX_PARTS;
		for (size_t k = i; k + 1 < stop; k++)
			if (!only_white(r->text, r->words[k].end, r->words[k + 1].start)) {
				stop = k + 1;
				break;
			}
		size_t len;
		long e = walk(&src, i, stop - i, &len);
		if (e < 0)
			continue;
		const cd_phrase_entry *ent = &b->entries.v[e];
		/* Web-page residue opens its sentence or follows a mark ("Read
		 * more:", "To subscribe, click here"); "you don't read more than
		 * 8 bytes" is prose. */
		if (ent->category == CD_CAT_BOILERPLATE && s < r->n_sentences &&
		    i != r->sentences[s].first_word &&
		    only_white(r->text, r->words[i - 1].end, r->words[i].start))
			continue;
		/* A degree word before a comparative measures a difference:
		 * "worth considerably more", "significantly higher". */
		if (ent->category == CD_CAT_INTENSIFIER && len == 1 && is_degree(r->folded[i]) &&
		    s < r->n_sentences &&
		    i + 1 < r->sentences[s].first_word + r->sentences[s].n_words &&
		    only_white(r->text, r->words[i].end, r->words[i + 1].start) &&
		    is_comparative(r->folded[i + 1]))
			continue;
		/* A sentence adverb counts where punctuation sets it apart:
		 * "In short, ...", "The plan, however, failed"; not "in short
		 * supply", "Besides the mayor", "acted accordingly". */
		if (ent->set_off && s < r->n_sentences && !stands_apart(r, s, i, len))
			continue;
		/* Puffery denied is a plain claim: "not unprecedented", "never
		 * a game-changer". Only a one-word match (an adjective or noun of
		 * praise): a figure of speech stays a cliche when denied ("did
		 * not move the needle"), and "if not unprecedented" still says it. */
		if (ent->category == CD_CAT_CLICHE && len == 1 && s < r->n_sentences &&
		    denied(r, r->sentences[s].first_word, i))
			continue;
		a->match_cat[i] = (unsigned char)(ent->category + 1);
		a->match_len[i] = (unsigned char)len;
		if (i < next_free)
			continue;   /* inside an earlier match: leftmost-longest */
		next_free = i + len;
		int cat = ent->category;
		int counted = cat == CD_CAT_BOILERPLATE ||
		              (s < r->n_sentences && r->sentences[s].counted && !(quoted && quoted[i]));
		if (!counted || !a->opt.category_enabled[cat])
			continue;
		fl->total++;
		fl->count[cat]++;
		weight_sum += ent->weight;
		if (uses[e]++ == 0)
			distinct++;
		const char *alt = ent->alternative;
		int cut = strcmp(alt, "(cut)") == 0;
		err = cdi_add_finding(a, CD_FIND_FILLER, cat, r->words[i].start,
		                      r->words[i + len - 1].end, "'%s' (%s)%s%s%s", ent->phrase,
		                      cd_category_name(cat),
		                      cut ? ": cut it" : *alt ? ": use '" : "",
		                      cut ? "" : alt, *alt && !cut ? "'" : "");
		if (err != CD_OK)
			return err;
	}

	size_t words = r->counts.words;
	if (words) {
		fl->per_1000_words = 1000.0 * (double)fl->total / (double)words;
		fl->weighted_per_1000_words = 1000.0 * weight_sum / (double)words;
		for (int c = 0; c < CD_CAT_COUNT; c++)
			fl->per_1000[c] = 1000.0 * (double)fl->count[c] / (double)words;
	}
	if (distinct) {
		cd_phrase_count *top = cdi_arena_calloc(&a->arena, distinct, sizeof *top);
		if (!top)
			return CD_ENOMEM;
		size_t k = 0;
		for (size_t e = 0; e < b->entries.n; e++)
			if (uses[e])
				top[k++] = (cd_phrase_count){ &b->entries.v[e], uses[e] };
		qsort(top, distinct, sizeof *top, top_cmp);
		fl->top = top;
		fl->n_top = distinct;
	}
	return CD_OK;
}
