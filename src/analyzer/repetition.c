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
 * - Findings: one per occurrence of the listed phrases of 3+ words (2-word
 *   repeats such as "middle east" are listed, not flagged).
 * - Lexical diversity skips numbers and URLs (they are not vocabulary).
 * - Same-opener runs: a sentence that is not counted (heading, table row,
 *   boilerplate) between two counted ones breaks the run; a paragraph
 *   break does not.
 * - Doubled words need only white space between the two words.
 * - Same-root pairs: content words of 3+ letters with the same Snowball
 *   stem; an identical word counts too when it has 4+ letters, is not
 *   adjacent (that is a doubled word) and is not "X <function word> X"
 *   ("step by step", "year after year").
 * - Near-duplicates: Jaccard similarity of the sets of word 2-grams (word
 *   bigram shingles), counted sentences of 6+ words; each sentence is paired
 *   with its most similar earlier sentence at most.
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
/* Near-duplicates: sentences shorter than this are too short to compare
 * (a 5-word sentence has only 4 bigrams; one changed word halves the score). */
#define NEAR_MIN_WORDS 6
/* Caps that keep near-duplicate search linear on pathological input (the
 * same sentence 100,000 times): posting entries scanned per prefix shingle
 * (most recent first) and candidates verified per sentence. */
#define NEAR_PROBE_CAP 64
#define NEAR_VERIFY_CAP 256
/* Words of the earlier sentence quoted in a near-duplicate message. */
#define NEAR_QUOTE_WORDS 8

enum { ID_FUNCTION = 1, ID_NUMBER = 2, ID_DOUBLE_OK = 4 };

typedef struct rep_ctx {
	cd_article *a;
	const cd_word *w;
	size_t nw;
	size_t n_ids;
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
	const cd_result *r = &c->a->r;
	uint32_t s = c->w[i].sentence;
	return s < r->n_sentences && r->sentences[s].counted;
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

static int same_ids(const cd_word *w, size_t p, size_t q, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (w[p + k].id != w[q + k].id)
			return 0;
	return 1;
}

static int repeated_phrases(rep_ctx *c, size_t counted_words)
{
	cd_article *a = c->a;
	const cd_word *w = c->w;
	size_t nw = c->nw;
	unsigned nmin = a->opt.ngram_min < 1 ? 1 : a->opt.ngram_min;
	unsigned nmax = a->opt.ngram_max;
	int err = CD_ENOMEM;
	uint64_t *pre = NULL, *ghash = NULL;
	uint32_t *slots = NULL, *next = NULL, *gfirst = NULL, *glast = NULL, *gcount = NULL;
	uint32_t *reach = NULL, *endat = NULL, *occ = NULL;
	unsigned char *covered = NULL;
	CDI_VEC(uint32_t) pool = {0};
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
	size_t cap = 16;
	while (cap < 2 * nw)
		cap <<= 1;
	unsigned shift = 64;
	for (size_t t = cap; t > 1; t >>= 1)
		shift--;
	pre = malloc((nw + 1) * sizeof *pre);
	slots = malloc(cap * sizeof *slots);
	next = malloc(nw * sizeof *next);
	gfirst = malloc(nw * sizeof *gfirst);
	glast = malloc(nw * sizeof *glast);
	gcount = malloc(nw * sizeof *gcount);
	ghash = malloc(nw * sizeof *ghash);
	reach = calloc(nw, sizeof *reach);
	endat = calloc(nw, sizeof *endat);
	occ = malloc(nw * sizeof *occ);
	covered = calloc(nw, 1);
	if (!pre || !slots || !next || !gfirst || !glast || !gcount || !ghash ||
	    !reach || !endat || !occ || !covered)
		goto cleanup;
	pre[0] = 0;
	for (size_t i = 0; i < nw; i++)
		pre[i + 1] = pre[i] * B + mix64(w[i].id);

	for (unsigned n = nmax; n >= nmin; n--) {
		size_t ng = 0, kept_before = kept.n;
		memset(slots, 0, cap * sizeof *slots);
		for (size_t p = 0; p + n <= nw; p++) {
			if (w[p + n - 1].sentence != w[p].sentence || !word_counted(c, p) ||
			    !is_content(c, p) || !is_content(c, p + n - 1))
				continue;
			uint64_t h = pre[p + n] - pre[p] * bpow[n];
			size_t s = (size_t)((h * 0x9e3779b97f4a7c15ull) >> shift);
			for (;;) {
				if (!slots[s]) {
					gfirst[ng] = glast[ng] = (uint32_t)p;
					gcount[ng] = 1;
					ghash[ng] = h;
					next[p] = UINT32_MAX;
					slots[s] = (uint32_t)++ng;
					break;
				}
				uint32_t g = slots[s] - 1;
				if (ghash[g] == h && same_ids(w, gfirst[g], p, n)) {
					next[glast[g]] = (uint32_t)p;
					next[p] = UINT32_MAX;
					glast[g] = (uint32_t)p;
					gcount[g]++;
					break;
				}
				s = (s + 1) & (cap - 1);
			}
		}
		for (size_t g = 0; g < ng; g++) {
			if (gcount[g] < 2)
				continue;
			/* Occurrences without overlap, in text order. */
			size_t k = 0, inside = 0;
			size_t last_end = 0;
			for (uint32_t p = gfirst[g]; p != UINT32_MAX; p = next[p]) {
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
					if (endat[occ[j] - left] < occ[j] - left + len)
						endat[occ[j] - left] = occ[j] - left + len;
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
		 * reaches past p + n covers [p, p + n)). */
		for (size_t j = kept_before; j < kept.n; j++)
			for (size_t o = 0; o < kept.v[j].count; o++) {
				uint32_t p = pool.v[kept.v[j].off + o], len = kept.v[j].n;
				if (endat[p] < p + len)
					endat[p] = p + len;
				if (len >= SHARE_MIN_WORDS)
					memset(covered + p, 1, len);
			}
		if (kept.n > kept_before)
			for (size_t p = 0; p < nw; p++)
				reach[p] = p && reach[p - 1] > endat[p] ? reach[p - 1] : endat[p];
		if (n == 1)
			break;
	}

	size_t n_cov = 0;
	for (size_t p = 0; p < nw; p++)
		n_cov += covered[p];
	a->r.repetition.repeated_word_share = counted_words ? (double)n_cov / (double)counted_words : 0;

	if (kept.n > 1)
		qsort(kept.v, kept.n, sizeof *kept.v, kept_cmp);
	size_t nout = kept.n < REPEAT_LIST_MAX ? kept.n : REPEAT_LIST_MAX;
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
			if (kp->n >= SHARE_MIN_WORDS &&
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
	free(slots);
	free(next);
	free(gfirst);
	free(glast);
	free(gcount);
	free(ghash);
	free(reach);
	free(endat);
	free(occ);
	free(covered);
	free(pool.v);
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
			if (cdi_add_finding(a, CD_FIND_TRANSITION_OPENER, CD_CAT_TRANSITION,
			                    c->w[fw].start, c->w[last].end,
			                    "the sentence opens with a transition") != CD_OK)
				goto cleanup;
		}
		if (id == run_id) {
			run_len++;
		} else {
			if (run_len >= RUN_MIN && add_run(c, &runs, run_first, run_len) != CD_OK)
				goto cleanup;
			run_id = id;
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
		if (!text || !only_space(text, x->end, y->start))
			continue;
		count++;
		if (cdi_add_finding(c->a, CD_FIND_DOUBLED_WORD, -1, x->start, y->end,
		                    "'%s' is written twice", c->idform[x->id]) != CD_OK)
			return CD_ENOMEM;
	}
	c->a->r.mechanics.doubled_words = count;
	return CD_OK;
}

/* ---- same-root pairs ------------------------------------------------------ */

static int same_root(rep_ctx *c)
{
	cd_article *a = c->a;
	const cd_word *w = c->w;
	size_t win = a->opt.same_root_window;
	struct sb_stemmer *st = NULL;
	uint32_t *stem = NULL;        /* per id: stem id + 1, 0 = not stemmed yet */
	cdi_strmap stems;
	CDI_VEC(cd_span) pairs = {0};
	int err = CD_ENOMEM;
	cdi_strmap_init(&stems, &c->scratch);
	a->r.repetition.same_root = NULL;
	a->r.repetition.n_same_root = 0;

	stem = calloc(c->n_ids ? c->n_ids : 1, sizeof *stem);
	/* Snowball's English (Porter2) stemmer; NULL encoding means UTF-8. It
	 * fails only on no memory here. */
	st = sb_stemmer_new("english", NULL);
	if (!stem || !st)
		goto cleanup;
	for (size_t j = 0; j < c->nw; j++) {
		if (!word_counted(c, j) || !is_content(c, j) || w[j].letters < ROOT_MIN_LETTERS)
			continue;
		size_t sfirst = a->r.sentences[w[j].sentence].first_word;
		size_t lo = j >= win ? j - win : 0;
		if (lo < sfirst)
			lo = sfirst;
		/* Stems are computed on demand, once per id. */
		size_t best = SIZE_MAX;
		for (size_t i = j; i-- > lo;) {
			if (!is_content(c, i) || w[i].letters < ROOT_MIN_LETTERS)
				continue;
			uint32_t ids[2] = { w[i].id, w[j].id };
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
			if (ids[0] == ids[1]) {
				/* the same word again: adjacent is a doubled word, "X of X" an idiom */
				if (w[j].letters < ROOT_SAME_FORM_MIN_LETTERS || j - i == 1 ||
				    (j - i == 2 && (c->idflag[w[i + 1].id] & ID_FUNCTION)))
					continue;
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
		if (cdi_add_finding(a, CD_FIND_SAME_ROOT, -1, sp.start, sp.end,
		                    "'%s' and '%s' share a root: say it once",
		                    c->idform[w[best].id], c->idform[w[j].id]) != CD_OK)
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
	free(pairs.v);
	cdi_strmap_free(&stems);
	return err;
}

/* ---- near-duplicate sentences --------------------------------------------- */

/* An open-addressing map from a word bigram (two ids) to a dense shingle id. */
typedef struct bigram_map {
	uint64_t *keys;
	uint32_t *vals;               /* shingle id + 1, 0 = empty */
	size_t cap, n;
} bigram_map;

static int64_t bigram_intern(bigram_map *m, uint64_t key)
{
	size_t s = (size_t)(mix64(key) & (m->cap - 1));
	while (m->vals[s]) {
		if (m->keys[s] == key)
			return m->vals[s] - 1;
		s = (s + 1) & (m->cap - 1);
	}
	m->keys[s] = key;
	m->vals[s] = (uint32_t)++m->n;
	return (int64_t)m->n - 1;
}

static int u32_cmp(const void *x, const void *y)
{
	uint32_t p = *(const uint32_t *)x, q = *(const uint32_t *)y;
	return p < q ? -1 : p > q;
}

typedef struct rank_key {
	uint32_t df, sid;
} rank_key;

static int rank_cmp(const void *x, const void *y)
{
	const rank_key *p = x, *q = y;
	if (p->df != q->df)
		return p->df < q->df ? -1 : 1;
	return p->sid < q->sid ? -1 : p->sid > q->sid;
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

static int quote_sentence(rep_ctx *c, size_t s, char *buf, size_t cap)
{
	const cd_sentence *se = &c->a->r.sentences[s];
	size_t nq = se->n_words < NEAR_QUOTE_WORDS ? se->n_words : NEAR_QUOTE_WORDS;
	size_t from = c->w[se->first_word].start, to = c->w[se->first_word + nq - 1].end;
	if (to - from > cap - 8)
		to = from + cap - 8;
	while (to > from && ((unsigned char)c->a->r.text[to] & 0xC0) == 0x80)
		to--;   /* never cut a UTF-8 sequence */
	return snprintf(buf, cap, "%.*s%s", (int)(to - from), c->a->r.text + from,
	                nq < se->n_words ? "..." : "");
}

static int near_duplicates(rep_ctx *c)
{
	cd_article *a = c->a;
	const cd_result *r = &a->r;
	const cd_word *w = c->w;
	double t = a->opt.near_duplicate;
	int err = CD_ENOMEM;
	uint32_t *sent = NULL, *off = NULL, *tok = NULL, *df = NULL, *rank = NULL;
	uint32_t *plen = NULL, *poff = NULL, *cursor = NULL, *post = NULL, *seen = NULL;
	rank_key *keys = NULL;
	bigram_map m = {0};
	CDI_VEC(cd_near_duplicate) pairs = {0};
	a->r.repetition.near_duplicates = NULL;
	a->r.repetition.n_near_duplicates = 0;
	if (!(t <= 1.0))
		t = 1.0;   /* NaN or over 1: only exact duplicates */
	if (t < 0.01)
		t = 0.01;  /* 0 would make every pair a duplicate */

	/* Eligible sentences and their bigram tokens. */
	size_t ne = 0, ntok = 0;
	for (size_t s = 0; s < r->n_sentences; s++)
		if (r->sentences[s].counted && r->sentences[s].n_words >= NEAR_MIN_WORDS) {
			ne++;
			ntok += r->sentences[s].n_words - 1;
		}
	if (ne < 2) {
		err = CD_OK;
		goto cleanup;
	}
	m.cap = 16;
	while (m.cap < 2 * ntok)
		m.cap <<= 1;
	m.keys = malloc(m.cap * sizeof *m.keys);
	m.vals = calloc(m.cap, sizeof *m.vals);
	sent = malloc(ne * sizeof *sent);
	off = malloc((ne + 1) * sizeof *off);
	tok = malloc(ntok * sizeof *tok);
	if (!m.keys || !m.vals || !sent || !off || !tok)
		goto cleanup;
	size_t e = 0, k = 0;
	for (size_t s = 0; s < r->n_sentences; s++) {
		const cd_sentence *se = &r->sentences[s];
		if (!se->counted || se->n_words < NEAR_MIN_WORDS)
			continue;
		sent[e] = (uint32_t)s;
		off[e] = (uint32_t)k;
		size_t k0 = k;
		for (size_t i = se->first_word; i + 1 < se->first_word + se->n_words; i++) {
			uint64_t key = (uint64_t)w[i].id << 32 | w[i + 1].id;
			tok[k++] = (uint32_t)bigram_intern(&m, key);
		}
		/* a set: sort and drop repeats */
		qsort(tok + k0, k - k0, sizeof *tok, u32_cmp);
		size_t u = k0;
		for (size_t q = k0; q < k; q++)
			if (q == k0 || tok[q] != tok[u - 1])
				tok[u++] = tok[q];
		k = u;
		e++;
	}
	off[ne] = (uint32_t)k;

	/* Global order: rarest shingle first, so prefixes hold rare shingles. */
	size_t nsh = m.n;
	df = calloc(nsh, sizeof *df);
	rank = malloc(nsh * sizeof *rank);
	keys = malloc(nsh * sizeof *keys);
	if (!df || !rank || !keys)
		goto cleanup;
	for (size_t q = 0; q < k; q++)
		df[tok[q]]++;
	for (size_t q = 0; q < nsh; q++)
		keys[q] = (rank_key){ df[q], (uint32_t)q };
	qsort(keys, nsh, sizeof *keys, rank_cmp);
	for (size_t q = 0; q < nsh; q++)
		rank[keys[q].sid] = (uint32_t)q;
	for (size_t q = 0; q < k; q++)
		tok[q] = rank[tok[q]];
	for (e = 0; e < ne; e++)
		qsort(tok + off[e], off[e + 1] - off[e], sizeof *tok, u32_cmp);

	/* Postings of prefix tokens, in sentence order (CSR). */
	plen = calloc(nsh, sizeof *plen);
	poff = malloc((nsh + 1) * sizeof *poff);
	cursor = malloc(nsh * sizeof *cursor);
	seen = calloc(ne, sizeof *seen);
	if (!plen || !poff || !cursor || !seen)
		goto cleanup;
	size_t total = 0;
	for (e = 0; e < ne; e++) {
		size_t sz = off[e + 1] - off[e], pl = prefix_len(sz, t);
		for (size_t q = 0; q < pl; q++)
			plen[tok[off[e] + q]]++;
		total += pl;
	}
	post = malloc((total ? total : 1) * sizeof *post);
	if (!post)
		goto cleanup;
	poff[0] = 0;
	for (size_t q = 0; q < nsh; q++) {
		poff[q + 1] = poff[q] + plen[q];
		cursor[q] = poff[q];
	}

	for (e = 0; e < ne; e++) {
		size_t sx = off[e + 1] - off[e], pl = prefix_len(sx, t);
		const uint32_t *tx = tok + off[e];
		size_t verified = 0, best = SIZE_MAX;
		double best_sim = -1;
		for (size_t q = 0; q < pl && verified < NEAR_VERIFY_CAP; q++) {
			uint32_t tk = tx[q];
			size_t scanned = 0;
			for (size_t pp = cursor[tk]; pp-- > poff[tk] && scanned < NEAR_PROBE_CAP;) {
				uint32_t y = post[pp];
				scanned++;
				if (seen[y] == e + 1)
					continue;
				seen[y] = (uint32_t)(e + 1);
				size_t sy = off[y + 1] - off[y];
				/* size filter: |y| >= t|x| and |x| >= t|y| */
				if ((double)sy < t * (double)sx - 1e-9 || (double)sx < t * (double)sy - 1e-9)
					continue;
				if (++verified > NEAR_VERIFY_CAP)
					break;
				const uint32_t *ty = tok + off[y];
				size_t i1 = 0, i2 = 0, inter = 0;
				while (i1 < sx && i2 < sy) {
					if (tx[i1] == ty[i2]) {
						inter++;
						i1++;
						i2++;
					} else if (tx[i1] < ty[i2]) {
						i1++;
					} else {
						i2++;
					}
				}
				double sim = (double)inter / (double)(sx + sy - inter);
				if (sim >= t - 1e-12 && (sim > best_sim || (sim == best_sim && y < best))) {
					best_sim = sim;
					best = y;
				}
			}
		}
		for (size_t q = 0; q < pl; q++)
			post[cursor[tx[q]]++] = (uint32_t)e;
		if (best == SIZE_MAX)
			continue;
		cd_near_duplicate nd = { sent[best], sent[e], best_sim };
		if (CDI_VEC_PUSH(&pairs, nd) != 0)
			goto cleanup;
		char quote[160];
		quote_sentence(c, sent[best], quote, sizeof quote);
		const cd_sentence *s2 = &r->sentences[sent[e]];
		if (cdi_add_finding(a, CD_FIND_NEAR_DUPLICATE, -1, s2->start, s2->end,
		                    "nearly repeats an earlier sentence (%.0f%% alike): \"%s\"",
		                    best_sim * 100, quote) != CD_OK)
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
	free(rank);
	free(keys);
	free(plen);
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
	rep_ctx c = { a, a->r.words, a->r.n_words, 0, NULL, NULL, {0} };
	int err;
	cdi_arena_init(&c.scratch);
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
	free(c.idflag);
	free(c.idform);
	cdi_arena_free(&c.scratch);
	return err;
}
