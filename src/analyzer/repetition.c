/*
 * repetition.c - the repetition stage: repeated phrases, lexical diversity,
 * sentence openers, doubled words, same-root pairs, near-duplicate sentences.
 *
 * Reads the words and sentences of the segmenter (only counted sentences,
 * prose and list items, are measured; doubled words are looked for in every
 * sentence) and the phrase matches of cdi_phrases (a->match_cat/match_len,
 * NULL meaning no match). Fills a->r.repetition and a->r.mechanics.
 * doubled_words and adds findings. Every pass is linear in the words
 * (n-grams: O(words * ngram_max)); near-duplicates use prefix filtering
 * over an inverted index with capped probes, never all pairs.
 *
 * Decisions (each also noted where it is made):
 * - Words are compared by id (the same case-folded form).
 * - A repeated n-gram must start and end with a content word: not a
 *   function word (data/function_words.txt), not a number or URL. Inner
 *   words may be anything ("threat to regional stability").
 * - Occurrences of one n-gram are counted without overlap, in text order.
 * - Longest only: a phrase is dropped when every counted occurrence lies
 *   inside a counted occurrence of a longer phrase that was kept. A
 *   repeat of ngram_max words whose occurrences all go on alike is grown
 *   to its full length (up to PHRASE_MAX_WORDS), so n_words may exceed
 *   ngram_max; its pieces are then dropped by the same rule.
 * - Findings: one per occurrence of the listed phrases of 3+ words, at
 *   most REPEAT_FINDINGS_MAX per phrase (2-word repeats such as "middle
 *   east" are listed, not flagged).
 * - Lexical diversity skips numbers and URLs (they are not vocabulary).
 * - Same-opener runs: a sentence that is not counted (heading, table row,
 *   boilerplate) between two counted ones breaks the run; a paragraph
 *   break does not.
 * - Doubled words need only white space between the two words and the
 *   same case, or a capital then lower case ("It it"; not "AND and"); a
 *   run ("the the the") is one doubled word; the words of
 *   data/doubled_words_ok.txt ("had had", "that that"), "is is" after a
 *   wh-word ("what it is is") and two capitalized
 *   content words ("Bora Bora") are not doubled words.
 * - Same-root pairs: content words of 3+ letters with the same Snowball
 *   stem, with no clause or list mark between (, ; : ( ) [ ] or a dash:
 *   "expansion, arithmetic expansion", the "Security: protect Israel's
 *   security" label of a list item) and neither a name (a capitalized
 *   word inside its sentence: "Python 3 and Python 2"); an identical word
 *   counts too when it has 4+ letters, is not adjacent (that is a doubled
 *   word), is not "X <function word> X" ("step by step", "year after
 *   year") and is not a unit after a number ("4 feet, 2.5 feet"); the
 *   nearest earlier same word decides.
 * - Near-duplicates: Jaccard similarity of the sets of word 2-grams (word
 *   bigram shingles), counted sentences of 6+ words, less the transition,
 *   closing formula or hedge that opens the sentence; each sentence is paired
 *   with its most similar earlier sentence at most (ties: the earlier of
 *   those compared; a copy ends the search). Candidates come from prefix filtering
 *   with capped probes (NEAR_PROBE_CAP, NEAR_VERIFY_CAP): on text that
 *   repeats one shingle in thousands of sentences a far earlier match can
 *   be missed, never a wrong one reported.
 */
#include "analyzer/internal.h"

#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "function_words.inc"
#include "doubled_words_ok.inc"

/* Longest lists kept in the result (the figures use everything). */
#define REPEAT_LIST_MAX 50      /* enough for a report page; the share counts all */
#define OPENER_LIST_MAX 10
/* Runs of same-word openers: Yoast's readability check flags 3 or more
 * consecutive sentences beginning with the same word. */
#define RUN_MIN 3
/* Repeated phrases of this many words or more count for
 * repeated_word_share and get findings (issue 3: "repeated phrases of 3+ words"). */
#define SHARE_MIN_WORDS 3
/* Findings for the first occurrences of each listed phrase at most (an
 * article repeats a phrase a handful of times; a pathological input
 * must not produce millions of findings). starts holds them all. */
#define REPEAT_FINDINGS_MAX 50
/* A phrase repeated whole beyond ngram_max words grows up to this length
 * (longer repeats are copied sentences: near-duplicates report those). */
#define PHRASE_MAX_WORDS 32
/* MTLD factor threshold: McCarthy & Jarvis (2010), "MTLD, vocd-D, and HD-D:
 * A validation study of sophisticated approaches to lexical diversity
 * assessment", Behavior Research Methods 42(2), 381-392. */
#define MTLD_THRESHOLD 0.72
/* Same-root pairs: shorter words ("us", "is") stem to noise. */
#define ROOT_MIN_LETTERS 3
#define ROOT_SAME_FORM_MIN_LETTERS 4
/* Hash-table slots are prefetched this many lookups ahead (a few hundred
 * nanoseconds of memory latency hidden behind other lookups; measured on
 * 4.5 million words). */
#define PREFETCH_AHEAD 16
/* Near-duplicates: sentences shorter than this are too short to compare
 * (a 5-word sentence has only 4 bigrams; one changed word halves the score). */
#define NEAR_MIN_WORDS 6
/* Caps that keep near-duplicate search linear on pathological input (the
 * same sentence 100,000 times): posting entries scanned per prefix shingle
 * (most recent first) and candidates verified per sentence. */
#define NEAR_PROBE_CAP 64
#define NEAR_VERIFY_CAP 64
/* Words of the earlier sentence quoted in a near-duplicate message. */
#define NEAR_QUOTE_WORDS 8

enum { ID_FUNCTION = 1, ID_NUMBER = 2, ID_DOUBLE_OK = 4 };
enum { WINFO_LEFT = 0x7f, WINFO_CONTENT = 0x80 };

typedef struct rep_ctx {
	cd_article *a;
	const cd_word *w;
	size_t nw;
	size_t n_ids;
	unsigned char *counted;       /* per word: 1 in a counted sentence */
	unsigned char *idflag;        /* per id: ID_* */
	const char **idform;          /* per id: the folded form */
	cdi_arena scratch;            /* working strings, freed at the end */
} rep_ctx;

static uint64_t mix64(uint64_t x)
{
	/* splitmix64 finalizer (Steele, Lea & Flood 2014) */
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static int word_counted(const rep_ctx *c, size_t i)
{
	return c->counted[i];
}

static int is_content(const rep_ctx *c, size_t i)
{
	return !(c->idflag[c->w[i].id] & (ID_FUNCTION | ID_NUMBER));
}

/* Adds the entries of a data file (one per line, '#' comments) to m. */
static int load_list(cdi_strmap *m, const char *data)
{
	const char *p = data;
	while (*p) {
		const char *e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		const char *s = p, *t = e;
		const char *hash = memchr(s, '#', (size_t)(t - s));
		if (hash)
			t = hash;
		while (s < t && (*s == ' ' || *s == '\t'))
			s++;
		while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'))
			t--;
		if (t > s && cdi_strmap_intern(m, s, (size_t)(t - s), NULL) < 0)
			return CD_ENOMEM;
		p = *e ? e + 1 : e;
	}
	return CD_OK;
}

/* Per-id forms and flags. */
static int classify_ids(rep_ctx *c)
{
	cdi_strmap fw, ok;
	int err = CD_ENOMEM;
	cdi_strmap_init(&fw, &c->scratch);
	cdi_strmap_init(&ok, &c->scratch);
	if (load_list(&fw, cdi_data_function_words) != CD_OK ||
	    load_list(&ok, cdi_data_doubled_words_ok) != CD_OK)
		goto cleanup;
	c->n_ids = 0;
	for (size_t i = 0; i < c->nw; i++)
		if ((size_t)c->w[i].id + 1 > c->n_ids)
			c->n_ids = (size_t)c->w[i].id + 1;
	c->idflag = calloc(c->n_ids ? c->n_ids : 1, 1);
	c->idform = calloc(c->n_ids ? c->n_ids : 1, sizeof *c->idform);
	if (!c->idflag || !c->idform)
		goto cleanup;
	for (size_t i = 0; i < c->nw; i++) {
		uint32_t id = c->w[i].id;
		if (c->w[i].flags & (CD_WORD_NUMBER | CD_WORD_URL))
			c->idflag[id] |= ID_NUMBER;
		if (c->idform[id])
			continue;
		const char *f = cdi_folded(c->a, i);
		c->idform[id] = f;
		size_t len = strlen(f);
		if (cdi_strmap_find(&fw, f, len) >= 0)
			c->idflag[id] |= ID_FUNCTION;
		if (cdi_strmap_find(&ok, f, len) >= 0)
			c->idflag[id] |= ID_DOUBLE_OK;
	}
	err = CD_OK;
cleanup:
	cdi_strmap_free(&fw);
	cdi_strmap_free(&ok);
	return err;
}

/* ---- repeated n-grams ---------------------------------------------------- */

typedef struct kept_phrase {
	const rep_ctx *c;
	uint32_t n, count;
	uint32_t first;               /* word index of the first occurrence */
	size_t off;                   /* occurrences in the pool */
} kept_phrase;

/* Same phrase (first occurrence and length) together, for removing the
 * copies that extension makes. */
static int kept_pos_cmp(const void *x, const void *y)
{
	const kept_phrase *p = x, *q = y;
	if (p->first != q->first)
		return p->first < q->first ? -1 : 1;
	if (p->n != q->n)
		return p->n < q->n ? -1 : 1;
	return p->off < q->off ? -1 : p->off > q->off;
}

/* Grows a repeat of n words whose k occurrences (text order, no overlap)
 * all continue with the same words, on either side, within their sentences,
 * without making occurrences overlap, up to PHRASE_MAX_WORDS; then trims
 * the new edges back to content words. Returns the new length; *left gets
 * the words added before. A phrase repeated whole beyond ngram_max words is
 * so reported once ("united states has engaged in direct talks with X")
 * instead of as overlapping ngram_max-word pieces. */
static uint32_t extend_repeat(const rep_ctx *c, const uint32_t *occ, size_t k, uint32_t n,
                              uint32_t *left)
{
	const cd_word *w = c->w;
	size_t L = 0, R = 0;
	while (n + L + R < PHRASE_MAX_WORDS) {
		size_t ref = (size_t)occ[0] + n + R;   /* the next word after each occurrence */
		int ok = ref < c->nw;
		for (size_t j = 0; ok && j < k; j++) {
			size_t e = (size_t)occ[j] + n + R;
			ok = e < c->nw && w[e].sentence == w[occ[j]].sentence && w[e].id == w[ref].id &&
			     (j + 1 == k || e < occ[j + 1]);
		}
		if (!ok)
			break;
		R++;
	}
	while (n + L + R < PHRASE_MAX_WORDS && occ[0] > L) {
		size_t ref = (size_t)occ[0] - L - 1;   /* the word before each occurrence */
		int ok = 1;
		for (size_t j = 0; ok && j < k; j++) {
			ok = occ[j] > L;
			if (!ok)
				break;
			size_t b = (size_t)occ[j] - L - 1;
			ok = w[b].sentence == w[occ[j]].sentence && w[b].id == w[ref].id &&
			     (j == 0 || b >= (size_t)occ[j - 1] + n + R);
		}
		if (!ok)
			break;
		L++;
	}
	while (L > 0 && !is_content(c, occ[0] - L))
		L--;
	while (R > 0 && !is_content(c, occ[0] + n + R - 1))
		R--;
	*left = (uint32_t)L;
	return (uint32_t)(n + L + R);
}

/* count * n_words descending, then the text (folded words, one space apart;
 * word by word gives the same order as the joined text, since every byte
 * of a word sorts after the space). */
static int kept_cmp(const void *x, const void *y)
{
	const kept_phrase *p = x, *q = y;
	uint64_t sp = (uint64_t)p->count * p->n, sq = (uint64_t)q->count * q->n;
	if (sp != sq)
		return sp > sq ? -1 : 1;
	uint32_t pi = p->first, qi = q->first;
	for (uint32_t k = 0; k < p->n && k < q->n; k++) {
		int d = strcmp(p->c->idform[p->c->w[pi + k].id], q->c->idform[q->c->w[qi + k].id]);
		if (d)
			return d;
	}
	if (p->n != q->n)
		return p->n < q->n ? -1 : 1;
	return p->off < q->off ? -1 : p->off > q->off;
}

/* Moves the best `limit` entries (kept_cmp order) to the front of v, sorted,
 * and returns how many: a bounded heap whose root is the worst kept so far,
 * O(n log limit) instead of sorting everything (a big text keeps ~10^5
 * two-word repeats and lists 50). */
static size_t select_top(kept_phrase *v, size_t n, size_t limit)
{
	size_t h = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j;
		if (h < limit) {
			/* push v[i], sift up */
			kept_phrase x = v[i];
			for (j = h++; j > 0 && kept_cmp(&x, &v[(j - 1) / 2]) > 0; j = (j - 1) / 2)
				v[j] = v[(j - 1) / 2];
			v[j] = x;
			continue;
		}
		if (kept_cmp(&v[i], &v[0]) >= 0)
			continue;
		/* replace the root, sift down */
		kept_phrase x = v[i];
		for (j = 0;;) {
			size_t l = 2 * j + 1, r = l + 1, m = j;
			const kept_phrase *big = &x;
			if (l < h && kept_cmp(&v[l], big) > 0) {
				m = l;
				big = &v[l];
			}
			if (r < h && kept_cmp(&v[r], big) > 0)
				m = r;
			if (m == j)
				break;
			v[j] = v[m];
			j = m;
		}
		v[j] = x;
	}
	if (h > 1)
		qsort(v, h, sizeof *v, kept_cmp);
	return h;
}

static int same_ids(const cd_word *w, size_t p, size_t q, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (w[p + k].id != w[q + k].id)
			return 0;
	return 1;
}

/* Groups of equal n-grams, by a hash table over prefix hashes. A slot
 * holds the low 32 bits of the n-gram's hash and, below them, a group + 1
 * (or a position + 1 when marking); 0 is empty. */
typedef struct ngram_table {
	uint64_t *slots;              /* cap entries */
	uint32_t *gfirst;             /* per group: its first occurrence */
	uint32_t *gcount;             /* per group: occurrences */
	uint32_t *gslot;              /* per group (or new entry): its slot, to empty the table */
	size_t cap, ng;               /* cap: slots allocated (a power of two) */
	const cd_word *w;
	const uint64_t *pre, *bpow;
} ngram_table;

/* A candidate of the second pass lying inside a phrase kept at a longer
 * length: it counts for a group but never starts one (below). */
#define CAND_INSIDE 0x80000000u

/* Groups the n-grams starting at the nc positions of cand (ascending).
 * With mark NULL: afterwards t->ng groups and gid[k] the group of cand[k];
 * equal hashes are verified word by word. A candidate flagged CAND_INSIDE
 * only joins a group that an unflagged one starts (gid UINT32_MAX when
 * there is none): a group with no occurrence outside longer kept phrases
 * is never kept, so the table holds only the n_free unflagged candidates
 * and, on text that repeats itself, fits the cache while the flagged
 * majority only looks up. With mark: mark[p] = n for every n-gram whose
 * 64-bit hash occurs twice or more, unverified (a false match, odds
 * ~2^-64, only adds a candidate that the grouping pass verifies); nothing
 * is flagged then. The hash of words [p, p+n) is pre[p+n] - pre[p] * B^n.
 * (Arrays, not linked lists: the table misses the cache anyway, and
 * walking chains across the text would miss it again for every word.) */
static void group_ngrams(ngram_table *t, size_t n, const uint32_t *cand, size_t nc,
                         size_t n_free, uint32_t *gid, unsigned char *mark)
{
	const uint64_t *pre = t->pre, bn = t->bpow[n];
	/* A table sized for this call (load <= 0.7, the usual bound for linear
	 * probing): later lengths have fewer candidates and fit the cache. */
	size_t cap = 16;
	unsigned shift = 60;
	while (cap < t->cap && cap * 7 < n_free * 10) {
		cap <<= 1;
		shift--;
	}
	size_t ng = 0, mask = cap - 1;
	/* Sweep 0 takes the unflagged candidates, sweep 1 the flagged ones. */
	for (int sweep = 0; sweep < 2 && (sweep == 0 || n_free < nc); sweep++) {
		for (size_t k = 0; k < nc; k++) {
			if ((cand[k] & CAND_INSIDE) != (sweep ? CAND_INSIDE : 0))
				continue;
			uint32_t p = cand[k] & ~CAND_INSIDE;
			uint64_t h = pre[p + n] - pre[p] * bn;
			size_t s = (size_t)((h * 0x9e3779b97f4a7c15ull) >> shift);
			uint64_t frag = h << 32;
			if (sweep == 0 && k + PREFETCH_AHEAD < nc) {
				/* the table is far bigger than the cache: ask for a later slot now */
				uint32_t pf = cand[k + PREFETCH_AHEAD] & ~CAND_INSIDE;
				uint64_t hf = pre[pf + n] - pre[pf] * bn;
				__builtin_prefetch(&t->slots[(size_t)((hf * 0x9e3779b97f4a7c15ull) >> shift)]);
			}
			for (;;) {
				uint64_t sl = t->slots[s];
				if (!sl) {
					if (sweep) {
						gid[k] = UINT32_MAX;
						break;
					}
					t->gslot[ng] = (uint32_t)s;
					if (mark) {
						t->slots[s] = frag | ((uint64_t)p + 1);
					} else {
						t->gfirst[ng] = p;
						t->gcount[ng] = 1;
						gid[k] = (uint32_t)ng;
						t->slots[s] = frag | ((uint64_t)ng + 1);
					}
					ng++;
					break;
				}
				if ((sl >> 32) == (h & 0xffffffffu)) {
					uint32_t v = (uint32_t)sl - 1;
					if (mark) {
						mark[p] = mark[v] = (unsigned char)n;
						break;
					}
					if (same_ids(t->w, t->gfirst[v], p, n)) {
						t->gcount[v]++;
						gid[k] = v;
						break;
					}
				}
				s = (s + 1) & mask;
			}
		}
	}
	for (size_t g = 0; g < ng; g++)
		t->slots[t->gslot[g]] = 0;   /* empty again for the next call */
	t->ng = mark ? 0 : ng;
}

static int repeated_phrases(rep_ctx *c, size_t counted_words)
{
	cd_article *a = c->a;
	const cd_word *w = c->w;
	size_t nw = c->nw;
	unsigned nmin = a->opt.ngram_min < 1 ? 1 : a->opt.ngram_min;
	unsigned nmax = a->opt.ngram_max;
	int err = CD_ENOMEM;
	uint64_t *pre = NULL;
	ngram_table tb = {0};
	uint32_t *cand = NULL, *gid = NULL, *members = NULL, *reach = NULL, *endat = NULL;
	unsigned char *covered = NULL, *replen = NULL, *winfo = NULL;
	CDI_VEC(uint32_t) pool = {0}, touched = {0};
	CDI_VEC(kept_phrase) kept = {0};

	a->r.repetition.phrases = NULL;
	a->r.repetition.n_phrases = 0;
	a->r.repetition.repeated_word_share = 0;
	if (nw < 2 || nmax < nmin) {
		err = CD_OK;
		goto cleanup;
	}
	if (nmax > PHRASE_MAX_WORDS)
		nmax = PHRASE_MAX_WORDS;

	/* Prefix polynomial hashes (mod 2^64) over mixed ids: the hash of
	 * words [p, p+n) is pre[p+n] - pre[p] * B^n, O(1) per n-gram. */
	const uint64_t B = 0x100000001b3ull;   /* the 64-bit FNV prime: odd, well mixed */
	uint64_t bpow[PHRASE_MAX_WORDS + 1];
	bpow[0] = 1;
	for (unsigned k = 1; k <= nmax; k++)
		bpow[k] = bpow[k - 1] * B;
	/* At most one entry per counted word, load <= 0.7. */
	size_t cap = 16;
	while (cap * 7 < counted_words * 10)
		cap <<= 1;
	pre = malloc((nw + 1) * sizeof *pre);
	tb.slots = calloc(cap, sizeof *tb.slots);
	tb.gfirst = malloc(nw * sizeof *tb.gfirst);
	tb.gcount = malloc(nw * sizeof *tb.gcount);
	tb.gslot = malloc(nw * sizeof *tb.gslot);
	gid = malloc(nw * sizeof *gid);
	members = malloc(nw * sizeof *members);
	cand = malloc(nw * sizeof *cand);
	replen = calloc(nw, 1);
	winfo = malloc(nw);
	reach = calloc(nw, sizeof *reach);
	endat = calloc(nw, sizeof *endat);
	covered = calloc(nw, 1);
	if (!pre || !tb.slots || !tb.gfirst || !tb.gcount || !tb.gslot || !cand || !gid ||
	    !members || !replen || !winfo || !reach || !endat || !covered)
		goto cleanup;
	tb.cap = cap;
	tb.w = w;
	tb.pre = pre;
	tb.bpow = bpow;
	pre[0] = 0;
	for (size_t i = 0; i < nw; i++)
		pre[i + 1] = pre[i] * B + mix64(w[i].id);

	/* First pass, shortest first: replen[p] = the longest n such that the
	 * n words from p occur twice or more (overlaps allowed). An n-gram can
	 * repeat only where the (n-1)-grams at p and p+1 do, so the candidates
	 * shrink fast on ordinary text and unique n-grams are never hashed
	 * twice (the table misses the cache: this pass pays for itself). */
	{
		uint32_t *cnt = calloc(c->n_ids ? c->n_ids : 1, sizeof *cnt);
		if (!cnt)
			goto cleanup;
		for (size_t p = 0; p < nw; p++)
			if (word_counted(c, p))
				cnt[w[p].id]++;
		for (size_t p = 0; p < nw; p++)
			replen[p] = word_counted(c, p) && cnt[w[p].id] >= 2;
		free(cnt);
	}
	/* The candidate scans below read bytes only: winfo[p] is WINFO_CONTENT
	 * for a content word, plus the words from p to the end of its sentence
	 * (at most WINFO_LEFT, more than any n). */
	for (size_t p = nw; p-- > 0;) {
		unsigned left = p + 1 < nw && w[p + 1].sentence == w[p].sentence ?
		                (winfo[p + 1] & WINFO_LEFT) + 1u : 1u;
		winfo[p] = (unsigned char)((left < WINFO_LEFT ? left : WINFO_LEFT) |
		                           (is_content(c, p) ? WINFO_CONTENT : 0));
	}
	for (unsigned n = 2; n <= nmax; n++) {
		size_t nc = 0;
		for (size_t p = 0; p + n <= nw; p++)
			if (replen[p] >= n - 1 && replen[p + 1] >= n - 1 && (winfo[p] & WINFO_LEFT) >= n)
				cand[nc++] = (uint32_t)p;
		if (!nc)
			break;
		group_ngrams(&tb, n, cand, nc, nc, NULL, replen);
		/* On text that repeats itself (a corpus of copies) nearly every
		 * candidate repeats and this pass only doubles the work: stop it
		 * and let the second pass take every remaining candidate. */
		size_t hit = 0;
		for (size_t k = 0; k < nc; k++)
			hit += replen[cand[k]] == n;
		if (n < nmax && hit * 10 >= nc * 9) {
			for (size_t k = 0; k < nc; k++)
				if (replen[cand[k]] == n)
					replen[cand[k]] = (unsigned char)nmax;
			break;
		}
	}

	/* Second pass, longest first: the repeated n-grams that start and end
	 * with a content word. */
	for (unsigned n = nmax; n >= nmin; n--) {
		size_t kept_before = kept.n, nc = 0, n_free = 0;
		for (size_t p = 0; p + n <= nw; p++)
			if (replen[p] >= n && (winfo[p] & WINFO_LEFT) >= n &&
			    (winfo[p] & winfo[p + n - 1] & WINFO_CONTENT)) {
				int in = reach[p] >= p + n;
				cand[nc++] = (uint32_t)p | (in ? CAND_INSIDE : 0);
				n_free += !in;
			}
		group_ngrams(&tb, n, cand, nc, n_free, gid, NULL);
		/* Every candidate repeats (replen): lay the groups out one after
		 * the other, each in text order (a counting sort by group). */
		size_t ng = tb.ng, sum = 0;
		for (size_t g = 0; g < ng; g++) {
			uint32_t cnt = tb.gcount[g];
			tb.gcount[g] = (uint32_t)sum;   /* now: where group g starts */
			sum += cnt;
		}
		for (size_t k = 0; k < nc; k++)
			if (gid[k] != UINT32_MAX)
				members[tb.gcount[gid[k]]++] = cand[k] & ~CAND_INSIDE;
		for (size_t g = 0, from = 0; g < ng; from = tb.gcount[g++]) {
			uint32_t *occ = members + from;
			size_t total = tb.gcount[g] - from;
			if (total < 2)
				continue;   /* once only */
			/* Occurrences without overlap, in text order (in place). */
			size_t k = 0, inside = 0;
			size_t last_end = 0;
			for (size_t j = 0; j < total; j++) {
				uint32_t p = occ[j];
				if (k && p < last_end)
					continue;
				occ[k++] = p;
				last_end = (size_t)p + n;
				if (reach[p] >= p + n)
					inside++;
			}
			if (k < 2 || inside == k)
				continue;   /* not repeated, or only inside longer kept phrases */
			uint32_t len = n, left = 0;
			if (n == nmax) {
				/* Pieces of a phrase grown earlier at this length lie inside
				 * it (a kept occurrence is at most PHRASE_MAX_WORDS long). */
				for (size_t j = inside = 0; j < k; j++) {
					size_t lo = occ[j] >= PHRASE_MAX_WORDS ? occ[j] - PHRASE_MAX_WORDS : 0;
					for (size_t q = (size_t)occ[j] + 1; q-- > lo;)
						if (endat[q] >= occ[j] + n) {
							inside++;
							break;
						}
				}
				if (inside == k)
					continue;
				len = extend_repeat(c, occ, k, n, &left);
				for (size_t j = 0; j < k; j++)
					if (endat[occ[j] - left] < occ[j] - left + len) {
						endat[occ[j] - left] = occ[j] - left + len;
						if (CDI_VEC_PUSH(&touched, occ[j] - left) != 0)
							goto cleanup;
					}
			}
			kept_phrase kp = { c, len, (uint32_t)k, occ[0] - left, pool.n };
			for (size_t j = 0; j < k; j++)
				if (CDI_VEC_PUSH(&pool, occ[j] - left) != 0)
					goto cleanup;
			if (CDI_VEC_PUSH(&kept, kp) != 0)
				goto cleanup;
		}
		if (n == nmax && kept.n - kept_before > 1) {
			/* Pieces of one longer phrase extend to the same phrase: keep one. */
			qsort(kept.v + kept_before, kept.n - kept_before, sizeof *kept.v, kept_pos_cmp);
			size_t u = kept_before;
			for (size_t j = kept_before; j < kept.n; j++)
				if (j == kept_before || kept.v[j].first != kept.v[u - 1].first ||
				    kept.v[j].n != kept.v[u - 1].n)
					kept.v[u++] = kept.v[j];
			kept.n = u;
		}
		/* The phrases kept at this length cover shorter ones from now on:
		 * reach[p] is the furthest end of a kept occurrence starting at or
		 * before p (an occurrence never crosses a sentence end, so one that
		 * reaches past p + n covers [p, p + n)). Only reach[p] > p is ever
		 * asked for, so a raised endat[p] raises reach over [p, endat[p])
		 * only, and stops early where reach is already as far. */
		for (size_t j = kept_before; j < kept.n; j++)
			for (size_t o = 0; o < kept.v[j].count; o++) {
				uint32_t p = pool.v[kept.v[j].off + o], len = kept.v[j].n;
				if (endat[p] < p + len) {
					endat[p] = p + len;
					if (CDI_VEC_PUSH(&touched, p) != 0)
						goto cleanup;
				}
				if (len >= SHARE_MIN_WORDS)
					memset(covered + p, 1, len);
			}
		for (size_t j = 0; j < touched.n; j++) {
			uint32_t p = touched.v[j], e = endat[p];
			for (size_t q = p; q < e && reach[q] < e; q++)
				reach[q] = e;
		}
		touched.n = 0;
		if (n == 1)
			break;
	}

	size_t n_cov = 0;
	for (size_t p = 0; p < nw; p++)
		n_cov += covered[p];
	a->r.repetition.repeated_word_share = counted_words ? (double)n_cov / (double)counted_words : 0;

	size_t nout = select_top(kept.v, kept.n, REPEAT_LIST_MAX);
	cd_repeat *out = cdi_arena_calloc(&a->arena, nout ? nout : 1, sizeof *out);
	if (!out)
		goto cleanup;
	for (size_t j = 0; j < nout; j++) {
		const kept_phrase *kp = &kept.v[j];
		const uint32_t *ps = pool.v + kp->off;
		size_t len = 0;
		for (uint32_t k = 0; k < kp->n; k++)
			len += strlen(c->idform[w[ps[0] + k].id]) + 1;
		char *text = cdi_arena_alloc(&a->arena, len);
		size_t *starts = cdi_arena_calloc(&a->arena, kp->count, sizeof *starts);
		if (!text || !starts)
			goto cleanup;
		char *t = text;
		for (uint32_t k = 0; k < kp->n; k++) {
			const char *f = c->idform[w[ps[0] + k].id];
			size_t fl = strlen(f);
			if (k)
				*t++ = ' ';
			memcpy(t, f, fl);
			t += fl;
		}
		*t = '\0';
		for (uint32_t o = 0; o < kp->count; o++) {
			starts[o] = w[ps[o]].start;
			if (kp->n >= SHARE_MIN_WORDS && o < REPEAT_FINDINGS_MAX &&
			    cdi_add_finding(a, CD_FIND_REPEATED_PHRASE, -1, w[ps[o]].start,
			                    w[ps[o] + kp->n - 1].end,
			                    "'%s' is repeated %u times in the article",
			                    text, (unsigned)kp->count) != CD_OK)
				goto cleanup;
		}
		out[j].phrase = text;
		out[j].n_words = kp->n;
		out[j].count = kp->count;
		out[j].starts = starts;
	}
	a->r.repetition.phrases = out;
	a->r.repetition.n_phrases = nout;
	err = CD_OK;
cleanup:
	free(pre);
	free(tb.slots);
	free(tb.gfirst);
	free(tb.gcount);
	free(tb.gslot);
	free(gid);
	free(members);
	free(cand);
	free(replen);
	free(winfo);
	free(reach);
	free(endat);
	free(covered);
	free(pool.v);
	free(touched.v);
	free(kept.v);
	return err;
}

/* ---- lexical diversity --------------------------------------------------- */

/* One direction of MTLD (McCarthy & Jarvis 2010): walk the tokens keeping
 * the TTR of the current segment; when it falls to MTLD_THRESHOLD a factor
 * is complete and the segment restarts. The rest of the text adds a
 * partial factor (1 - TTR) / (1 - threshold). MTLD = tokens / factors.
 * stamp is scratch (n_ids entries, any content). */
static double mtld_pass(const uint32_t *tok, size_t n, int backward, uint32_t *stamp)
{
	double factors = 0;
	size_t types = 0, count = 0;
	uint32_t seg = 1;
	double ttr = 1.0;
	for (size_t k = 0; k < n; k++)
		stamp[tok[k]] = 0;
	for (size_t k = 0; k < n; k++) {
		uint32_t id = tok[backward ? n - 1 - k : k];
		count++;
		if (stamp[id] != seg) {
			stamp[id] = seg;
			types++;
		}
		ttr = (double)types / (double)count;
		if (ttr <= MTLD_THRESHOLD) {
			factors += 1;
			types = count = 0;
			seg++;
			ttr = 1.0;
		}
	}
	factors += (1.0 - ttr) / (1.0 - MTLD_THRESHOLD);
	/* No factor at all (every word new): the whole text is one factor. */
	return factors > 0 ? (double)n / factors : (double)n;
}

static int diversity(rep_ctx *c)
{
	cd_repetition *rep = &c->a->r.repetition;
	uint32_t *tok = malloc((c->nw ? c->nw : 1) * sizeof *tok);
	uint32_t *cnt = calloc(c->n_ids ? c->n_ids : 1, sizeof *cnt);
	int err = CD_ENOMEM;
	if (!tok || !cnt)
		goto cleanup;
	size_t n = 0, types = 0;
	for (size_t i = 0; i < c->nw; i++)
		if (word_counted(c, i) && !(c->idflag[c->w[i].id] & ID_NUMBER))
			tok[n++] = c->w[i].id;
	for (size_t k = 0; k < n; k++)
		if (cnt[tok[k]]++ == 0)
			types++;
	rep->ttr = n ? (double)types / (double)n : 0;

	/* MATTR: Covington & McFall (2010), "Cutting the Gordian knot: The
	 * moving-average type-token ratio (MATTR)", Journal of Quantitative
	 * Linguistics 17(2), 94-100: the mean TTR of every window of W tokens. */
	size_t win = c->a->opt.mattr_window;
	if (n == 0 || win == 0 || n < win) {
		rep->mattr = rep->ttr;
	} else {
		memset(cnt, 0, c->n_ids * sizeof *cnt);
		size_t wt = 0;
		double sum = 0;
		for (size_t k = 0; k < n; k++) {
			if (cnt[tok[k]]++ == 0)
				wt++;
			if (k >= win && --cnt[tok[k - win]] == 0)
				wt--;
			if (k + 1 >= win)
				sum += (double)wt / (double)win;
		}
		rep->mattr = sum / (double)(n - win + 1);
	}

	/* MTLD: the mean of a forward and a backward pass (McCarthy & Jarvis 2010). */
	rep->mtld = n ? (mtld_pass(tok, n, 0, cnt) + mtld_pass(tok, n, 1, cnt)) / 2 : 0;
	err = CD_OK;
cleanup:
	free(tok);
	free(cnt);
	return err;
}

/* ---- sentence openers ---------------------------------------------------- */

static int opener_cmp(const void *x, const void *y)
{
	const cd_opener *p = x, *q = y;
	if (p->count != q->count)
		return p->count > q->count ? -1 : 1;
	return strcmp(p->word, q->word);
}

static int add_run(rep_ctx *c, void *runs_vec, size_t first_s, size_t len)
{
	CDI_VEC(cd_opener_run) *runs = runs_vec;
	const cd_result *r = &c->a->r;
	const cd_sentence *s0 = &r->sentences[first_s];
	size_t fw = s0->first_word;
	size_t last_fw = fw;
	/* the first word of the run's last sentence */
	for (size_t s = first_s, seen = 0; s < r->n_sentences && seen < len; s++)
		if (r->sentences[s].counted && r->sentences[s].n_words) {
			last_fw = r->sentences[s].first_word;
			seen++;
		}
	cd_opener_run run = { c->idform[c->w[fw].id], len, c->w[fw].start, first_s };
	if (CDI_VEC_PUSH(runs, run) != 0)
		return CD_ENOMEM;
	return cdi_add_finding(c->a, CD_FIND_SAME_OPENER, -1, c->w[fw].start, c->w[last_fw].end,
	                       "%zu sentences in a row open with '%s'", len, run.word);
}

static int openers(rep_ctx *c)
{
	cd_article *a = c->a;
	const cd_result *r = &a->r;
	cd_repetition *rep = &a->r.repetition;
	uint32_t *cnt = calloc(c->n_ids ? c->n_ids : 1, sizeof *cnt);
	unsigned char *trans = calloc(c->n_ids ? c->n_ids : 1, 1);
	CDI_VEC(cd_opener_run) runs = {0};
	CDI_VEC(cd_opener) list = {0};
	int err = CD_ENOMEM;
	if (!cnt || !trans)
		goto cleanup;

	size_t n_sent = 0, n_trans = 0;
	size_t run_first = 0, run_len = 0;
	uint32_t run_id = UINT32_MAX;
	for (size_t s = 0; s < r->n_sentences; s++) {
		const cd_sentence *se = &r->sentences[s];
		if (!se->counted || !se->n_words) {
			/* Not measured (heading, table row...): breaks a run. */
			if (run_len >= RUN_MIN && add_run(c, &runs, run_first, run_len) != CD_OK)
				goto cleanup;
			run_len = 0;
			run_id = UINT32_MAX;
			continue;
		}
		size_t fw = se->first_word;
		uint32_t id = c->w[fw].id;
		n_sent++;
		cnt[id]++;
		if (a->match_cat && a->match_cat[fw] == CD_CAT_TRANSITION + 1) {
			size_t len = a->match_len && a->match_len[fw] ? a->match_len[fw] : 1;
			size_t last = fw + len - 1;
			if (last >= c->nw)
				last = c->nw - 1;
			n_trans++;
			trans[id] = 1;
			char phrase[128];
			size_t pl = 0;
			for (size_t i = fw; i <= last; i++) {
				const char *form = c->idform[c->w[i].id];
				size_t fl = strlen(form), sp = i > fw;
				if (sp + fl >= sizeof phrase - pl)
					break;   /* a long phrase is cut at a word end */
				phrase[pl] = ' ';
				memcpy(phrase + pl + sp, form, fl);
				pl += sp + fl;
			}
			phrase[pl] = '\0';
			if (cdi_add_finding(a, CD_FIND_TRANSITION_OPENER, -1,
			                    c->w[fw].start, c->w[last].end,
			                    "the sentence opens with the transition '%s'", phrase) != CD_OK)
				goto cleanup;
		}
		if (id == run_id) {
			run_len++;
		} else {
			if (run_len >= RUN_MIN && add_run(c, &runs, run_first, run_len) != CD_OK)
				goto cleanup;
			/* a number opens no run: "1 cup... 1 tsp... 1 tbsp" are
			 * quantities, not a repeated word */
			run_id = (c->w[fw].flags & CD_WORD_NUMBER) ? UINT32_MAX : id;
			run_first = s;
			run_len = 1;
		}
	}
	if (run_len >= RUN_MIN && add_run(c, &runs, run_first, run_len) != CD_OK)
		goto cleanup;
	rep->transition_opener_share = n_sent ? (double)n_trans / (double)n_sent : 0;

	for (size_t id = 0; id < c->n_ids; id++)
		if (cnt[id] >= 2) {
			cd_opener o = { c->idform[id], cnt[id], trans[id] };
			if (CDI_VEC_PUSH(&list, o) != 0)
				goto cleanup;
		}
	if (list.n > 1)
		qsort(list.v, list.n, sizeof *list.v, opener_cmp);
	size_t nout = list.n < OPENER_LIST_MAX ? list.n : OPENER_LIST_MAX;
	cd_opener *ov = cdi_arena_calloc(&a->arena, nout ? nout : 1, sizeof *ov);
	cd_opener_run *rv = cdi_arena_calloc(&a->arena, runs.n ? runs.n : 1, sizeof *rv);
	if (!ov || !rv)
		goto cleanup;
	if (nout)
		memcpy(ov, list.v, nout * sizeof *ov);
	if (runs.n)
		memcpy(rv, runs.v, runs.n * sizeof *rv);
	rep->openers = ov;
	rep->n_openers = nout;
	rep->runs = rv;
	rep->n_runs = runs.n;
	err = CD_OK;
cleanup:
	free(cnt);
	free(trans);
	free(runs.v);
	free(list.v);
	return err;
}

/* ---- doubled words ------------------------------------------------------- */

static int only_space(const char *t, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		if (t[k] != ' ' && t[k] != '\t' && t[k] != '\n')
			return 0;
	return 1;
}

/* 1 when a wh-word opens the clause of word i, at most WH_BACK words
 * before it with no clause mark between: "what it is is a truce", "what
 * the problem is is" are clefts whose clause is the subject of the second
 * "is"; "I know what to do, and the plan is is ready" is a slip. */
#define WH_BACK 8
static int clause_break(const char *text, size_t from, size_t to);
static int wh_clause_before(const rep_ctx *c, size_t i)
{
	static const char *const wh[] = { "what", "where", "why", "how", "who", "whatever",
		                          "when", "whether", "which", "all" };
	const char *text = c->a->r.text;
	for (size_t k = i, back = 0; k-- > 0 && back < WH_BACK && c->w[k].sentence == c->w[i].sentence;
	     back++) {
		if (clause_break(text, c->w[k].end, c->w[k + 1].start))
			return 0;
		if (CDI_WORD_IN(c->idform[c->w[k].id], wh))
			return 1;
	}
	return 0;
}

static int doubled_words(rep_ctx *c)
{
	const cd_word *w = c->w;
	const char *text = c->a->r.text;
	size_t count = 0;
	for (size_t i = 0; i + 1 < c->nw; i++) {
		const cd_word *x = &w[i], *y = &w[i + 1];
		unsigned char f = c->idflag[x->id];
		if (x->id != y->id || x->sentence != y->sentence || (f & (ID_NUMBER | ID_DOUBLE_OK)))
			continue;
		/* "Bora Bora", "Sing Sing": two capitalized words are a name,
		 * unless a function word ("The The" in a title). */
		if ((x->flags & CD_WORD_CAPITALIZED) && (y->flags & CD_WORD_CAPITALIZED) &&
		    !(f & ID_FUNCTION))
			continue;
		/* The same case, or a capital then lower case ("It it"); "AND
		 * and", "charset CharSet" name one thing two ways. */
		unsigned cx = x->flags & (CD_WORD_CAPITALIZED | CD_WORD_ALLCAPS),
		         cy = y->flags & (CD_WORD_CAPITALIZED | CD_WORD_ALLCAPS);
		if (cx != cy && !(cx == CD_WORD_CAPITALIZED && cy == 0))
			continue;
		if (!text || !only_space(text, x->end, y->start))
			continue;
		if (strcmp(c->idform[x->id], "is") == 0 && wh_clause_before(c, i))
			continue;   /* "what it is is a truce"; "the funding is is" is a slip */
		/* "the the the": one doubled word over the whole run */
		size_t last = i + 1;
		while (last + 1 < c->nw && w[last + 1].id == x->id && w[last + 1].sentence == x->sentence &&
		       only_space(text, w[last].end, w[last + 1].start))
			last++;
		count++;
		if (cdi_add_finding(c->a, CD_FIND_DOUBLED_WORD, -1, x->start, w[last].end,
		                    last == i + 1 ? "'%s' is written twice" : "'%s' is written %zu times",
		                    c->idform[x->id], last - i + 1) != CD_OK)
			return CD_ENOMEM;
		i = last;
	}
	c->a->r.mechanics.doubled_words = count;
	return CD_OK;
}

/* ---- same-root pairs ------------------------------------------------------ */

/* cdi_stem_key (internal.h): a key that two folded words with the same
 * Porter2 stem share: their first two letters, or 0 (no key: the stemmer
 * decides).
 *
 * The stemmer changes only the end of a word, so two words whose first two
 * letters differ have different stems, except where the stem can be
 * shorter than two letters (a word opening with two vowels, "aed" -> "a"),
 * Porter2's dying, lying and tying (-> die, lie, tie), and first bytes
 * that are not a-z: those get no key. Checked over 2,969,327 words (the
 * CMU dictionary, every string of 3 and 4 letters, and 60,000 words with
 * 42 suffixes each): no two words with keys that share a stem have
 * different keys; test_repetition checks every string of 3 and 4 letters
 * again. Comparing keys first saves most stemmer calls, which were a fifth
 * of the analysis. */
uint16_t cdi_stem_key(const char *f)
{
	static const char vowels[] = "aeiouy";
	if (!(f[0] >= 'a' && f[0] <= 'z' && f[1] >= 'a' && f[1] <= 'z') ||
	    (strchr(vowels, f[0]) && strchr(vowels, f[1])) ||
	    strcmp(f, "dying") == 0 || strcmp(f, "lying") == 0 || strcmp(f, "tying") == 0)
		return 0;
	return (uint16_t)((unsigned char)f[0] << 8 | (unsigned char)f[1]);
}

/* 1 when text[from, to), the gap between two words, holds a mark that
 * ends a clause or list item: , ; : ( ) [ ] or a dash ("Security: protect
 * security", "expansion, arithmetic expansion"). */
static int clause_break(const char *text, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++) {
		char ch = text[k];
		if (ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == '[' ||
		    ch == ']' || ch == '-')
			return 1;   /* a '-' between words stands alone: "Security - protect" */
		if (ch == '\xe2' && k + 2 < to && text[k + 1] == '\x80' &&
		    (text[k + 2] == '\x94' || text[k + 2] == '\x93'))
			return 1;   /* em or en dash */
	}
	return 0;
}

/* 1 for a capitalized word inside its sentence: a name ("Python 3 and
 * Python 2", "the Reference ... refer"), not a repeat of wording. */
static int is_name(const rep_ctx *c, size_t i)
{
	const cd_word *w = &c->w[i];
	return (w->flags & CD_WORD_CAPITALIZED) &&
	       i != c->a->r.sentences[w->sentence].first_word;
}

/* 1 when a negation or a comparison stands one or two words before word
 * j, after word i: the same word on both sides is a contrast, said on
 * purpose ("mouse microbiomes are not human microbiomes", "budgets than
 * budgets past"; not "the senator never said the senator would"). */
static int contrast_between(const rep_ctx *c, size_t i, size_t j)
{
	static const char *const words[] = { "nor", "than", "versus", "vs" };
	for (size_t k = j - 1; k > i && k + 2 >= j; k--) {
		const char *f = c->idform[c->w[k].id];
		if (cdi_is_negation(f) || CDI_WORD_IN(f, words))
			return 1;
	}
	return 0;
}

static int same_root(rep_ctx *c)
{
	cd_article *a = c->a;
	const cd_word *w = c->w;
	size_t win = a->opt.same_root_window;
	struct sb_stemmer *st = NULL;
	uint32_t *stem = NULL;        /* per id: stem id + 1, 0 = not stemmed yet */
	uint16_t *key = NULL;         /* per id: stem_key */
	cdi_strmap stems;
	CDI_VEC(cd_span) pairs = {0};
	int err = CD_ENOMEM;
	cdi_strmap_init(&stems, &c->scratch);
	a->r.repetition.same_root = NULL;
	a->r.repetition.n_same_root = 0;

	stem = calloc(c->n_ids ? c->n_ids : 1, sizeof *stem);
	key = malloc((c->n_ids ? c->n_ids : 1) * sizeof *key);
	for (size_t id = 0; key && id < c->n_ids; id++)
		key[id] = cdi_stem_key(c->idform[id]);
	/* Snowball's English (Porter2) stemmer; NULL encoding means UTF-8. It
	 * fails only on no memory here. */
	st = sb_stemmer_new("english", NULL);
	if (!stem || !key || !st)
		goto cleanup;
	for (size_t j = 0; j < c->nw; j++) {
		if (!word_counted(c, j) || !is_content(c, j) || w[j].letters < ROOT_MIN_LETTERS)
			continue;
		size_t sfirst = a->r.sentences[w[j].sentence].first_word;
		size_t lo = j >= win ? j - win : 0;
		if (lo < sfirst)
			lo = sfirst;
		if (is_name(c, j))
			continue;
		/* Stems are computed on demand, once per id. */
		size_t best = SIZE_MAX;
		for (size_t i = j; i-- > lo;) {
			if (clause_break(a->r.text, w[i].end, w[i + 1].start))
				break;   /* "expansion, arithmetic expansion": a list, not a repeat */
			if (!is_content(c, i) || w[i].letters < ROOT_MIN_LETTERS || is_name(c, i))
				continue;
			uint32_t ids[2] = { w[i].id, w[j].id };
			if (ids[0] != ids[1]) {
				uint16_t k0 = key[ids[0]], k1 = key[ids[1]];
				if (k0 && k1 && k0 != k1)
					continue;   /* different stems: no need to ask */
				for (int k = 0; k < 2; k++) {
					if (stem[ids[k]])
						continue;
					const char *f = c->idform[ids[k]];
					const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)f, (int)strlen(f));
					if (!s)
						goto cleanup;
					int64_t sid = cdi_strmap_intern(&stems, (const char *)s,
					                                (size_t)sb_stemmer_length(st), NULL);
					if (sid < 0)
						goto cleanup;
					stem[ids[k]] = (uint32_t)sid + 1;
				}
				if (stem[ids[0]] != stem[ids[1]])
					continue;
			}
			if (ids[0] == ids[1]) {
				/* The same word again: the nearest one decides. Adjacent is
				 * a doubled word, "X of X" an idiom, a short word noise. */
				if (w[j].letters < ROOT_SAME_FORM_MIN_LETTERS || j - i == 1 ||
				    (j - i == 2 && (c->idflag[w[i + 1].id] & ID_FUNCTION)) ||
				    (c->idflag[w[j - 1].id] & ID_NUMBER) || contrast_between(c, i, j))
					break;
			}
			best = i;
			break;
		}
		if (best == SIZE_MAX)
			continue;
		cd_span sp;
		sp.start = w[best].start;
		sp.end = w[j].end;
		sp.text = cdi_arena_strndup(&a->arena, a->r.text + sp.start, sp.end - sp.start);
		if (!sp.text || CDI_VEC_PUSH(&pairs, sp) != 0)
			goto cleanup;
		int err2 = w[best].id == w[j].id ?
		           cdi_add_finding(a, CD_FIND_SAME_ROOT, -1, sp.start, sp.end,
		                           "'%s' comes twice within %zu words: say it once",
		                           c->idform[w[j].id], j - best + 1) :
		           cdi_add_finding(a, CD_FIND_SAME_ROOT, -1, sp.start, sp.end,
		                           "'%s' and '%s' share a root: say it once",
		                           c->idform[w[best].id], c->idform[w[j].id]);
		if (err2 != CD_OK)
			goto cleanup;
	}
	cd_span *out = cdi_arena_calloc(&a->arena, pairs.n ? pairs.n : 1, sizeof *out);
	if (!out)
		goto cleanup;
	if (pairs.n)
		memcpy(out, pairs.v, pairs.n * sizeof *out);
	a->r.repetition.same_root = out;
	a->r.repetition.n_same_root = pairs.n;
	err = CD_OK;
cleanup:
	if (st)
		sb_stemmer_delete(st);
	free(stem);
	free(key);
	free(pairs.v);
	cdi_strmap_free(&stems);
	return err;
}

/* ---- near-duplicate sentences --------------------------------------------- */

/* Shingles are word bigrams, each a 64-bit hash of its two ids (two
 * different bigrams share a hash with odds of about 2^-64 per pair).
 * Prefix filtering needs one global order of shingles, rarest first;
 * rarity is estimated by counting shingles into byte counters (about four
 * per shingle, at most 2^DF_BITS_MAX)
 * that stop at 255 (an overestimate on collisions, which costs only speed,
 * never results: any fixed total order is correct; a coarser count, such
 * as 2 bits, was measured 5x slower: common shingles then enter prefixes).
 * The order is (estimated df, hash). A shingle whose estimate is 1 is in
 * no other sentence: it never enters the inverted index. */
#define DF_BITS_MIN 10
#define DF_BITS_MAX 23                 /* at most 8 MB of counters */

/* Counters for n shingles: about four per shingle, so that a short article
 * does not clear megabytes it never reads. */
static unsigned df_bits_for(size_t n)
{
	unsigned bits = DF_BITS_MIN;
	while (bits < DF_BITS_MAX && ((size_t)1 << bits) < 4 * n)
		bits++;
	return bits;
}

static unsigned df_get(const unsigned char *df, unsigned bits, uint64_t h)
{
	return df[h >> (64 - bits)];
}

static void df_bump(unsigned char *df, unsigned bits, uint64_t h)
{
	unsigned char *d = &df[h >> (64 - bits)];
	if (*d < 255)
		(*d)++;
}

/* A shingle with its estimated df, the first key of the order. */
typedef struct shingle {
	uint64_t h;
	uint32_t df;
} shingle;

static int shingle_before(const shingle *x, const shingle *y)
{
	return x->df != y->df ? x->df < y->df : x->h < y->h;
}

static int shingle_cmp(const void *x, const void *y)
{
	const shingle *a = x, *b = y;
	if (a->df != b->df)
		return a->df < b->df ? -1 : 1;
	return a->h < b->h ? -1 : a->h > b->h;
}

/* A sentence holds a few dozen shingles: insertion sort, the fastest there;
 * a sentence of 100,000 words (no punctuation at all) would make it
 * quadratic, so long ones go to qsort. */
static void sort_shingles(shingle *v, size_t n)
{
	if (n > 48) {
		qsort(v, n, sizeof *v, shingle_cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		shingle x = v[i];
		size_t j = i;
		while (j > 0 && shingle_before(&x, &v[j - 1])) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* An open-addressing map from a shingle to its posting list. */
typedef struct posting_map {
	uint64_t *keys;
	uint32_t *vals;               /* list + 1, 0 = empty */
	size_t cap, n;
} posting_map;

static uint32_t posting_find(posting_map *m, uint64_t key, int add)
{
	size_t s = (size_t)(mix64(key) & (m->cap - 1));
	while (m->vals[s]) {
		if (m->keys[s] == key)
			return m->vals[s] - 1;
		s = (s + 1) & (m->cap - 1);
	}
	if (!add)
		return UINT32_MAX;
	m->keys[s] = key;
	m->vals[s] = (uint32_t)++m->n;
	return (uint32_t)m->n - 1;
}

/* Tokens of a set of size s that must hold a common token for any pair
 * with Jaccard >= t (prefix filtering: Xiao, Wang, Lin & Yu 2008, "Efficient
 * similarity joins for near duplicate detection", WWW '08). */
static size_t prefix_len(size_t s, double t)
{
	size_t need = (size_t)ceil(t * (double)s - 1e-9);
	if (need < 1)
		need = 1;
	if (need > s)
		return 0;   /* cannot reach t: never matched */
	return s - need + 1;
}

/* The quote of sentence s a near-duplicate message shows: its first
 * NEAR_QUOTE_WORDS words, at most QUOTE_MAX bytes cut at a character, with
 * "..." when words were left out. Sets *from and returns the length. */
#define QUOTE_MAX 152
static size_t quote_span(const rep_ctx *c, size_t s, size_t *from, const char **more)
{
	const cd_sentence *se = &c->a->r.sentences[s];
	size_t nq = se->n_words < NEAR_QUOTE_WORDS ? se->n_words : NEAR_QUOTE_WORDS;
	size_t f = c->w[se->first_word].start, to = c->w[se->first_word + nq - 1].end;
	if (to - f > QUOTE_MAX)
		to = f + QUOTE_MAX;
	while (to > f && ((unsigned char)c->a->r.text[to] & 0xC0) == 0x80)
		to--;   /* never cut a UTF-8 sequence */
	*from = f;
	*more = nq < se->n_words ? "..." : "";
	return to - f;
}

/* The words of the transition, closing formula or hedge that opens
 * sentence se (the phrase stage's match at its first word), else 0:
 * "Moreover, X", "In conclusion, X" and "Frankly, X" say the same X. */
static size_t lead_connective(const rep_ctx *c, const cd_sentence *se)
{
	const cd_article *a = c->a;
	size_t fw = se->first_word;
	if (!se->n_words || !a->match_cat || fw >= c->nw)
		return 0;
	int cat = a->match_cat[fw] - 1;
	if (cat != CD_CAT_TRANSITION && cat != CD_CAT_CLOSING && cat != CD_CAT_HEDGE)
		return 0;
	size_t len = a->match_len && a->match_len[fw] ? a->match_len[fw] : 1;
	return len < se->n_words ? len : 0;
}

static int near_duplicates(rep_ctx *c)
{
	cd_article *a = c->a;
	const cd_result *r = &a->r;
	const cd_word *w = c->w;
	double t = a->opt.near_duplicate;
	int err = CD_ENOMEM;
	uint32_t *sent = NULL, *off = NULL, *plist = NULL, *poff = NULL, *cursor = NULL;
	uint32_t *seen = NULL;
	uint64_t *post = NULL;        /* sentence << 32 | position of the shingle in it */
	shingle *tok = NULL;
	unsigned char *df = NULL;
	posting_map m = {0};
	CDI_VEC(cd_near_duplicate) pairs = {0};
	a->r.repetition.near_duplicates = NULL;
	a->r.repetition.n_near_duplicates = 0;
	if (!(t <= 1.0))
		t = 1.0;   /* NaN or over 1: only exact duplicates */
	if (t < 0.01)
		t = 0.01;  /* 0 would make every pair a duplicate */

	/* Eligible sentences and their shingles, as sets; an opening
	 * connective is left out ("Moreover, the plan..." and "In conclusion,
	 * the plan..." say the same thing). */
	size_t ne = 0, ntok = 0;
	for (size_t s = 0; s < r->n_sentences; s++) {
		size_t nw = r->sentences[s].n_words - lead_connective(c, &r->sentences[s]);
		if (r->sentences[s].counted && nw >= NEAR_MIN_WORDS) {
			ne++;
			ntok += nw - 1;
		}
	}
	if (ne < 2) {
		err = CD_OK;
		goto cleanup;
	}
	sent = malloc(ne * sizeof *sent);
	off = malloc((ne + 1) * sizeof *off);
	tok = malloc(ntok * sizeof *tok);
	unsigned df_bits = df_bits_for(ntok);
	df = calloc((size_t)1 << df_bits, 1);
	if (!sent || !off || !tok || !df)
		goto cleanup;
	size_t e = 0, k = 0;
	for (size_t s = 0; s < r->n_sentences; s++) {
		const cd_sentence *se = &r->sentences[s];
		size_t lead = lead_connective(c, se);
		if (!se->counted || se->n_words - lead < NEAR_MIN_WORDS)
			continue;
		sent[e] = (uint32_t)s;
		off[e] = (uint32_t)k;
		size_t k0 = k;
		for (size_t i = se->first_word + lead; i + 1 < se->first_word + se->n_words; i++) {
			tok[k].h = mix64((uint64_t)w[i].id << 32 | w[i + 1].id);
			tok[k++].df = 0;
		}
		sort_shingles(tok + k0, k - k0);   /* by hash: repeats side by side */
		size_t u = k0;
		for (size_t q = k0; q < k; q++)
			if (q == k0 || tok[q].h != tok[u - 1].h) {
				tok[u++] = tok[q];
				df_bump(df, df_bits, tok[q].h);
			}
		k = u;
		e++;
	}
	off[ne] = (uint32_t)k;
	for (k = 0; k < off[ne]; k++)
		tok[k].df = df_get(df, df_bits, tok[k].h);
	for (e = 0; e < ne; e++)
		sort_shingles(tok + off[e], off[e + 1] - off[e]);

	/* Postings of prefix shingles, in sentence order (CSR): plist[q] is the
	 * list of the q-th prefix shingle of the text. */
	size_t total = 0;
	for (e = 0; e < ne; e++)
		total += prefix_len(off[e + 1] - off[e], t);
	m.cap = 16;
	while (m.cap < 2 * total)
		m.cap <<= 1;
	m.keys = malloc(m.cap * sizeof *m.keys);
	m.vals = calloc(m.cap, sizeof *m.vals);
	plist = malloc((total ? total : 1) * sizeof *plist);
	seen = calloc(ne, sizeof *seen);
	if (!m.keys || !m.vals || !plist || !seen)
		goto cleanup;
	for (e = 0, k = 0; e < ne; e++) {
		size_t pl = prefix_len(off[e + 1] - off[e], t);
		for (size_t q = 0; q < pl; q++, k++)
			plist[k] = tok[off[e] + q].df > 1 ? posting_find(&m, tok[off[e] + q].h, 1)
			                                  : UINT32_MAX;
	}
	poff = calloc(m.n + 1, sizeof *poff);
	cursor = malloc((m.n ? m.n : 1) * sizeof *cursor);
	post = malloc((total ? total : 1) * sizeof *post);
	if (!poff || !cursor || !post)
		goto cleanup;
	for (k = 0; k < total; k++)
		if (plist[k] != UINT32_MAX)
			poff[plist[k] + 1]++;
	for (size_t q = 0; q < m.n; q++) {
		poff[q + 1] += poff[q];
		cursor[q] = poff[q];
	}

	for (e = 0, k = 0; e < ne; e++) {
		size_t sx = off[e + 1] - off[e], pl = prefix_len(sx, t);
		const shingle *tx = tok + off[e];
		size_t verified = 0, best = SIZE_MAX;
		double best_sim = -1;
		for (size_t q = 0; q < pl && verified < NEAR_VERIFY_CAP && best_sim < 1.0; q++) {
			uint32_t li = plist[k + q];
			if (li == UINT32_MAX)
				continue;   /* in this sentence only */
			size_t scanned = 0;
			for (size_t pp = cursor[li]; pp-- > poff[li] && scanned < NEAR_PROBE_CAP;) {
				uint32_t y = (uint32_t)(post[pp] >> 32), qy = (uint32_t)post[pp];
				scanned++;
				if (seen[y] == e + 1)
					continue;
				seen[y] = (uint32_t)(e + 1);
				size_t sy = off[y + 1] - off[y];
				/* size filter: |y| >= t|x| and |x| >= t|y| */
				if ((double)sy < t * (double)sx - 1e-9 || (double)sx < t * (double)sy - 1e-9)
					continue;
				/* positional filter (PPJoin, the same paper): this is the
				 * first shingle x and y share, so they share at most
				 * 1 + the shingles after it in the shorter rest; Jaccard
				 * >= t needs t / (1 + t) * (|x| + |y|) shared. */
				size_t rest = sx - q - 1 < sy - qy - 1 ? sx - q - 1 : sy - qy - 1;
				if ((double)(1 + rest) < t / (1 + t) * (double)(sx + sy) - 1e-9)
					continue;
				if (++verified > NEAR_VERIFY_CAP)
					break;
				const shingle *ty = tok + off[y];
				size_t i1 = 0, i2 = 0, inter = 0;
				while (i1 < sx && i2 < sy) {
					if (tx[i1].h == ty[i2].h) {
						inter++;
						i1++;
						i2++;
					} else if (shingle_before(&tx[i1], &ty[i2])) {
						i1++;
					} else {
						i2++;
					}
				}
				double sim = (double)inter / (double)(sx + sy - inter);
				if (sim >= t - 1e-12 && (sim > best_sim || (sim == best_sim && y < best))) {
					best_sim = sim;
					best = y;
					if (sim >= 1.0)
						break;   /* a copy: nothing is more alike */
				}
			}
		}
		for (size_t q = 0; q < pl; q++)
			if (plist[k + q] != UINT32_MAX)
				post[cursor[plist[k + q]]++] = (uint64_t)e << 32 | q;
		k += pl;
		if (best == SIZE_MAX)
			continue;
		cd_near_duplicate nd = { sent[best], sent[e], best_sim };
		if (CDI_VEC_PUSH(&pairs, nd) != 0)
			goto cleanup;
		size_t qfrom;
		const char *more;
		size_t qlen = quote_span(c, sent[best], &qfrom, &more);
		const cd_sentence *s2 = &r->sentences[sent[e]];
		if (cdi_add_finding(a, CD_FIND_NEAR_DUPLICATE, -1, s2->start, s2->end,
		                    "nearly repeats an earlier sentence (%.0f%% alike): \"%.*s%s\"",
		                    best_sim * 100, (int)qlen, r->text + qfrom, more) != CD_OK)
			goto cleanup;
	}
	cd_near_duplicate *out = cdi_arena_calloc(&a->arena, pairs.n ? pairs.n : 1, sizeof *out);
	if (!out)
		goto cleanup;
	if (pairs.n)
		memcpy(out, pairs.v, pairs.n * sizeof *out);
	a->r.repetition.near_duplicates = out;
	a->r.repetition.n_near_duplicates = pairs.n;
	err = CD_OK;
cleanup:
	free(m.keys);
	free(m.vals);
	free(sent);
	free(off);
	free(tok);
	free(df);
	free(plist);
	free(poff);
	free(cursor);
	free(post);
	free(seen);
	free(pairs.v);
	return err;
}

/* ---- the stage ----------------------------------------------------------- */

int cdi_repetition(cd_article *a)
{
	rep_ctx c = { a, a->r.words, a->r.n_words, 0, NULL, NULL, NULL, {0} };
	int err = CD_ENOMEM;
	cdi_arena_init(&c.scratch);
	c.counted = calloc(c.nw ? c.nw : 1, 1);
	if (!c.counted)
		goto cleanup;
	for (size_t s = 0; s < a->r.n_sentences; s++)
		if (a->r.sentences[s].counted)
			memset(c.counted + a->r.sentences[s].first_word, 1, a->r.sentences[s].n_words);
	if ((err = classify_ids(&c)) != CD_OK)
		goto cleanup;
	size_t counted_words = 0;
	for (size_t i = 0; i < c.nw; i++)
		counted_words += (size_t)word_counted(&c, i);
	if ((err = repeated_phrases(&c, counted_words)) != CD_OK ||
	    (err = diversity(&c)) != CD_OK ||
	    (err = openers(&c)) != CD_OK ||
	    (err = doubled_words(&c)) != CD_OK ||
	    (err = same_root(&c)) != CD_OK ||
	    (err = near_duplicates(&c)) != CD_OK)
		goto cleanup;
cleanup:
	free(c.counted);
	free(c.idflag);
	free(c.idform);
	cdi_arena_free(&c.scratch);
	return err;
}
