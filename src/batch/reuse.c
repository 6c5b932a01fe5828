/*
 * reuse.c - cross-article reuse: shared phrases, openers, closers and
 * near-duplicate article pairs over a batch; see reuse.h.
 *
 * Phrases. Every n-gram (phrase_min_words..phrase_max_words words inside one
 * counted sentence) is keyed by a 64-bit hash chained over the hashes of its
 * case-folded words, and counted in an open-addressing table of fixed size:
 * hash -> (articles, last article, first article, text). "last article"
 * makes each n-gram count once per article. When an n-gram reaches
 * min_articles its words are copied into an arena (the only text kept) and
 * the entry is never pruned again. When the table is 70% full, entries below
 * min_articles are removed oldest-last-use first until it is 35% full; only
 * when the kept entries alone fill half the table does it grow. So the table
 * holds the n-grams of the last W articles at least, W = (35% of the slots) /
 * (n-grams per article): with 12 MiB (524,288 slots) and 800-word articles
 * (about 3,000 n-grams of 4-8 words each) W is about 60 articles. A phrase
 * whose uses are closer together than that is counted exactly; else its
 * count is a lower bound. The 64-bit keys make a false match between two
 * different phrases about n/2^64 per lookup: never in practice.
 *
 * Openers and closers: the first 3..5 words of the first and of the last
 * counted sentence go to two small tables of the same kind (kept from 2
 * articles on), 3 entries per article, so their window is ~3,800 articles.
 *
 * Near-duplicates: each article's set of word 5-grams (shingles, inside
 * sentences) is summarized by a MinHash signature of 128 minimums (Broder
 * 1997), 512 bytes per article, kept in an unlinked temporary file (in
 * memory only when no file can be made) and read back band by band at the
 * end; the share of equal minimums estimates the
 * Jaccard similarity with a standard error of sqrt(J(1-J)/128) <= 0.044.
 * Candidate pairs come from LSH banding (32 bands of 4 rows, Leskovec,
 * Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3): a pair of
 * similarity J is a candidate with probability 1-(1-J^4)^32: 0.87 at 0.5,
 * 0.988 at 0.6, 0.9998 at 0.7, and 0.05 at 0.2 (few wasted checks). Each
 * pair is checked in the first band it shares (no set of checked pairs),
 * an article against at most BUCKET_PEERS others per band, and only the
 * best max_pairs pairs are kept: memory for pairs is max_pairs, and time
 * stays linear on a batch of a thousand variants of one text.
 */
#include "batch/reuse.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/spill.h"
#include "util/strmap.h"
#include "util/vec.h"

#include "function_words.inc"

#define OPENER_MIN 3          /* opener lengths, in words (the issue: "first 3-5 words") */
#define OPENER_MAX 5
#define OPENER_SLOTS 32768    /* 768 KiB per table; 3 entries per article */
#define SHINGLE_WORDS 5       /* word 5-grams: long enough that unrelated news rarely share them */
#define SIG_HASHES 128        /* MinHash size: standard error <= 0.044 */
#define LSH_ROWS 4            /* 32 bands x 4 rows = 128: candidate threshold ~ (1/32)^(1/4) = 0.42 */
#define LSH_BANDS (SIG_HASHES / LSH_ROWS)
#define AGE_BUCKETS 4096      /* ages told apart when pruning; older ones go first, together */
#define LOAD_NUM 7            /* prune at 70% full: linear probing stays short below that */
#define LOAD_DEN 10
#define CHAIN_SEED 0x9e3779b97f4a7c15ull   /* any fixed value; the golden ratio */
#define SIG_SEED 0x243f6a8885a308d3ull     /* any fixed value; digits of pi */

/* ---- hashing ------------------------------------------------------------ */

/* splitmix64's finalizer (Steele, Lea & Flood 2014): a bijective mixer. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

/* One more word on a phrase key: order-sensitive, and keys of different
 * lengths differ (one more mixing round). */
static uint64_t chain(uint64_t h, uint64_t word)
{
	return mix64(h + word);
}

/* ---- the counting table ------------------------------------------------- */

typedef struct {
	uint64_t hash;
	uint32_t count;   /* articles seen using it; 0 marks an empty slot */
	uint32_t last;    /* index of the last of them */
	uint32_t first;   /* index of the first */
	uint32_t text;    /* 1 + index in texts once kept, else 0 */
} entry;

typedef struct {
	const char *s;    /* folded words, one space apart (in the table's arena) */
	uint32_t n_words;
} text_rec;

typedef struct {
	entry *slots;
	size_t cap, n, max_n;     /* cap a power of two; prune above max_n */
	uint32_t keep;            /* from this count on: text kept, never pruned */
	CDI_VEC(text_rec) texts;
	cdi_arena arena;
	size_t prunes, grows;
	uint32_t age_hist[AGE_BUCKETS];   /* prunable entries by age, while pruning */
} table;

static int table_init(table *t, size_t cap, uint32_t keep)
{
	memset(t, 0, sizeof *t);
	cdi_arena_init(&t->arena);
	t->slots = calloc(cap, sizeof *t->slots);
	if (!t->slots)
		return CD_ENOMEM;
	t->cap = cap;
	t->max_n = cap / LOAD_DEN * LOAD_NUM;
	t->keep = keep;
	return CD_OK;
}

static void table_free(table *t)
{
	free(t->slots);
	free(t->texts.v);
	cdi_arena_free(&t->arena);
	memset(t, 0, sizeof *t);
}

/* The slot holding h, or the empty slot where it would go. */
static entry *probe(const table *t, uint64_t h)
{
	size_t mask = t->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		entry *e = &t->slots[i];
		if (e->count == 0 || e->hash == h)
			return e;
	}
}

static const entry *table_find(const table *t, uint64_t h)
{
	const entry *e = probe(t, h);
	return e->count ? e : NULL;
}

static int table_grow(table *t)
{
	size_t old_cap = t->cap;
	entry *old = t->slots;
	entry *slots = calloc(old_cap * 2, sizeof *slots);
	if (!slots)
		return CD_ENOMEM;
	t->slots = slots;
	t->cap = old_cap * 2;
	t->max_n = t->cap / LOAD_DEN * LOAD_NUM;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].count)
			*probe(t, old[i].hash) = old[i];
	free(old);
	t->grows++;
	return CD_OK;
}

static int prunable(const table *t, const entry *e)
{
	return e->count != 0 && e->count < t->keep;
}

/* Removes the entries below keep last seen min_age or more articles before
 * now, and puts every other entry back where linear probing finds it, in
 * one pass, in place. The pass starts after a slot that is empty now, so no
 * probe path crosses the start: each entry's home lies between the start
 * and its slot, every slot before the current one has been settled, and an
 * entry put back lands between its home and its old slot. */
static void table_remove_older(table *t, uint32_t now, uint32_t min_age)
{
	size_t mask = t->cap - 1, start = 0;
	while (t->slots[start].count)
		start++;
	for (size_t k = 1; k < t->cap; k++) {
		entry *e = &t->slots[(start + k) & mask];
		if (!e->count)
			continue;
		entry moved = *e;
		e->count = 0;
		if (prunable(t, &moved) && now - moved.last >= min_age)
			t->n--;
		else
			*probe(t, moved.hash) = moved;
	}
}

/* Makes room for one more entry while article now is being added: removes
 * entries below keep, oldest last use first (ages past AGE_BUCKETS - 1
 * together), until the table is at half of max_n; grows it instead when
 * the kept entries leave too little to remove. */
static int table_make_room(table *t, uint32_t now)
{
	size_t need = t->n - t->max_n / 2, candidates = 0;
	memset(t->age_hist, 0, sizeof t->age_hist);
	for (size_t i = 0; i < t->cap; i++) {
		const entry *e = &t->slots[i];
		if (!prunable(t, e))
			continue;
		uint32_t age = now - e->last;
		t->age_hist[age < AGE_BUCKETS ? age : AGE_BUCKETS - 1]++;
		candidates++;
	}
	if (candidates < need)
		return table_grow(t);
	/* The smallest age such that the entries this old or older number
	 * at least need. */
	size_t acc = 0;
	uint32_t age = AGE_BUCKETS;
	while (acc < need)
		acc += t->age_hist[--age];
	table_remove_older(t, now, age);
	t->prunes++;
	return CD_OK;
}

/* Copies folded[w0 .. w0+nw) as one string into the table's arena. */
static int keep_text(table *t, entry *e, const cd_result *res, size_t w0, size_t nw)
{
	size_t len = 0;
	for (size_t i = 0; i < nw; i++)
		len += strlen(res->folded[w0 + i]) + 1;
	char *s = cdi_arena_alloc(&t->arena, len);
	if (!s)
		return CD_ENOMEM;
	char *p = s;
	for (size_t i = 0; i < nw; i++) {
		size_t l = strlen(res->folded[w0 + i]);
		memcpy(p, res->folded[w0 + i], l);
		p += l;
		*p++ = i + 1 < nw ? ' ' : '\0';
	}
	text_rec rec = { s, (uint32_t)nw };
	if (CDI_VEC_PUSH(&t->texts, rec) != 0)
		return CD_ENOMEM;
	e->text = (uint32_t)t->texts.n;
	return CD_OK;
}

/* Counts the n-gram h (words w0 .. w0+nw of res) for article index. */
static int table_bump(table *t, uint64_t h, uint32_t index, const cd_result *res,
                      size_t w0, size_t nw)
{
	entry *e = probe(t, h);
	if (e->count == 0) {
		if (t->n >= t->max_n) {
			int err = table_make_room(t, index);
			if (err)
				return err;
			e = probe(t, h);
		}
		*e = (entry){ .hash = h, .count = 1, .last = index, .first = index, .text = 0 };
		t->n++;
		return CD_OK;
	}
	if (e->last == index)
		return CD_OK;     /* once per article */
	e->last = index;
	if (e->count < UINT32_MAX)
		e->count++;
	if (e->count >= t->keep && !e->text)
		return keep_text(t, e, res, w0, nw);
	return CD_OK;
}

/* ---- the analysis ------------------------------------------------------- */

struct cd_reuse {
	cd_reuse_options opt;
	table phrases, openers, closers;
	CDI_VEC(uint64_t) word_hash;          /* the current article's words */
	uint64_t sig_a[SIG_HASHES], sig_b[SIG_HASHES];
	/* Signatures, each a record of SIG_REC words (the article's index,
	 * then SIG_HASHES minimums): in a temporary file, so that memory does
	 * not grow with the batch; in memory chunks when no file can be made. */
	cdi_spill sigs;
	size_t n_sig;
	size_t articles;
	uint32_t last_index;
	int finished;
	int finish_error;                     /* what a failed cd_reuse_finish returned */
	cd_reuse_result result;
	cd_reuse_phrase *out_phrases, *out_openers, *out_closers;
	cd_reuse_pair *out_pairs;
	cdi_arena out_arena;                  /* merged phrase texts */
	cdi_arena words_arena;
	cdi_strmap function_words;            /* data/function_words.txt */
};

#define SIG_REC (1 + SIG_HASHES)

/* Appends a signature record. */
static int sig_put(cd_reuse *r, const uint32_t *rec)
{
	int err = cdi_spill_append(&r->sigs, rec, SIG_REC * sizeof *rec);
	if (err == CD_OK)
		r->n_sig++;
	return err;
}

/* Records first..first+count-1 into out (count * SIG_REC words). */
static int sig_get(const cd_reuse *r, size_t first, size_t count, uint32_t *out)
{
	return cdi_spill_read(&r->sigs, (uint64_t)first * SIG_REC * sizeof *out, out,
	                      count * SIG_REC * sizeof *out);
}

void cd_reuse_options_init(cd_reuse_options *opt)
{
	opt->phrase_min_words = 4;
	opt->phrase_max_words = 8;
	opt->min_articles = 3;
	opt->near_duplicate = 0.5;
	opt->max_phrases = 50;
	opt->max_pairs = 100;
	opt->min_content_words = 2;
	opt->table_bytes = (size_t)12 << 20;
}

int cd_reuse_new(cd_reuse **out, const cd_reuse_options *opt)
{
	int err = CD_OK;
	cd_reuse *r = NULL;
	cd_reuse_options o;
	*out = NULL;
	if (opt)
		o = *opt;
	else
		cd_reuse_options_init(&o);
	if (o.phrase_min_words < 2 || o.phrase_max_words < o.phrase_min_words ||
	    o.phrase_max_words > CD_REUSE_MAX_WORDS || o.min_articles < 2 ||
	    o.min_articles > UINT32_MAX || !(o.near_duplicate > 0 && o.near_duplicate <= 1) ||
	    o.table_bytes < (64u << 10)) {
		err = CD_EINVAL;
		goto cleanup;
	}
	r = calloc(1, sizeof *r);
	if (!r) {
		err = CD_ENOMEM;
		goto cleanup;
	}
	r->opt = o;
	cdi_spill_init(&r->sigs, "sig", 0);
	cdi_arena_init(&r->out_arena);
	cdi_arena_init(&r->words_arena);
	cdi_strmap_init(&r->function_words, &r->words_arena);
	for (const char *p = cdi_data_function_words; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len && p[0] != '#' && cdi_strmap_intern(&r->function_words, p, len, NULL) < 0) {
			err = CD_ENOMEM;
			goto cleanup;
		}
		p += len + (nl != NULL);
	}
	size_t cap = 1;
	while (cap * 2 * sizeof(entry) <= o.table_bytes)
		cap *= 2;
	if ((err = table_init(&r->phrases, cap, (uint32_t)o.min_articles)) != CD_OK ||
	    (err = table_init(&r->openers, OPENER_SLOTS, 2)) != CD_OK ||
	    (err = table_init(&r->closers, OPENER_SLOTS, 2)) != CD_OK)
		goto cleanup;
	/* MinHash functions h_k(x) = high 32 bits of a_k*x + b_k (a_k odd),
	 * over already mixed 64-bit shingle keys; fixed seeds. */
	uint64_t s = SIG_SEED;
	for (size_t k = 0; k < SIG_HASHES; k++) {
		s += CHAIN_SEED;
		r->sig_a[k] = mix64(s) | 1;
		s += CHAIN_SEED;
		r->sig_b[k] = mix64(s);
	}
	*out = r;
	r = NULL;
cleanup:
	cd_reuse_free(r);
	return err;
}

/* The first OPENER_MIN..OPENER_MAX words of sentence s into t. */
static int add_opening(cd_reuse *r, table *t, uint32_t index, const cd_result *res,
                       const cd_sentence *s)
{
	uint64_t h = CHAIN_SEED;
	for (size_t k = 0; k < OPENER_MAX && k < s->n_words; k++) {
		h = chain(h, r->word_hash.v[s->first_word + k]);
		if (k + 1 >= OPENER_MIN) {
			int err = table_bump(t, h, index, res, s->first_word, k + 1);
			if (err)
				return err;
		}
	}
	return CD_OK;
}

int cd_reuse_add(cd_reuse *r, size_t index, const cd_result *res)
{
	int err = CD_OK;
	if (r->finished || index >= UINT32_MAX || (r->articles && index <= r->last_index))
		return CD_EINVAL;
	uint32_t ix = (uint32_t)index;
	r->last_index = ix;
	r->articles++;

	r->word_hash.n = 0;
	for (size_t i = 0; i < res->n_words; i++) {
		const char *w = res->folded[i];
		if (CDI_VEC_PUSH(&r->word_hash, cdi_hash(w, strlen(w))) != 0)
			return CD_ENOMEM;
	}
	const uint64_t *wh = r->word_hash.v;

	uint32_t sig[SIG_HASHES];
	for (size_t k = 0; k < SIG_HASHES; k++)
		sig[k] = UINT32_MAX;
	size_t shingles = 0;
	const cd_sentence *first = NULL, *last = NULL;
	unsigned lo = r->opt.phrase_min_words, hi = r->opt.phrase_max_words;
	for (size_t si = 0; si < res->n_sentences; si++) {
		const cd_sentence *s = &res->sentences[si];
		if (!s->counted || s->n_words == 0)
			continue;
		if (!first)
			first = s;
		last = s;
		size_t end = s->first_word + s->n_words;
		for (size_t p = s->first_word; p < end; p++) {
			uint64_t h = CHAIN_SEED;
			for (size_t k = 0; k < hi && p + k < end; k++) {
				h = chain(h, wh[p + k]);
				if (k + 1 >= lo && (err = table_bump(&r->phrases, h, ix, res, p, k + 1)) != CD_OK)
					return err;
			}
		}
		for (size_t p = s->first_word; p < end; p++) {
			if (p + SHINGLE_WORDS > end)
				continue;
			uint64_t x = CHAIN_SEED;
			for (size_t k = 0; k < SHINGLE_WORDS; k++)
				x = chain(x, wh[p + k]);
			shingles++;
			for (size_t k = 0; k < SIG_HASHES; k++) {
				uint32_t v = (uint32_t)((x * r->sig_a[k] + r->sig_b[k]) >> 32);
				if (v < sig[k])
					sig[k] = v;
			}
		}
	}
	if (first && ((err = add_opening(r, &r->openers, ix, res, first)) != CD_OK ||
	              (err = add_opening(r, &r->closers, ix, res, last)) != CD_OK))
		return err;
	if (shingles) {
		uint32_t rec[SIG_REC];
		rec[0] = ix;
		memcpy(rec + 1, sig, sizeof sig);
		if ((err = sig_put(r, rec)) != CD_OK)
			return err;
	}
	/* Give back a huge article's word buffer. */
	if (r->word_hash.cap > 65536) {
		free(r->word_hash.v);
		memset(&r->word_hash, 0, sizeof r->word_hash);
	}
	return CD_OK;
}

/* ---- finishing: phrases --------------------------------------------------- */

static int cmp_phrase(const void *pa, const void *pb)
{
	const cd_reuse_phrase *a = pa, *b = pb;
	if (a->articles != b->articles)
		return a->articles > b->articles ? -1 : 1;
	if (a->n_words != b->n_words)
		return a->n_words > b->n_words ? -1 : 1;
	int c = strcmp(a->text, b->text);
	if (c)
		return c;
	return a->first_article < b->first_article ? -1 : a->first_article > b->first_article;
}

/* The words of text that are not function words. */
static size_t content_words(const char *text, const cdi_strmap *function_words)
{
	size_t n = 0;
	for (const char *p = text; *p;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		n += cdi_strmap_find(function_words, p, len) < 0;
		p += len + (sp != NULL);
	}
	return n;
}

/* The word hashes of a kept text (at most CD_REUSE_MAX_WORDS words). */
static size_t text_hashes(const char *s, size_t n_words, uint64_t *wh)
{
	size_t nw = 0;
	for (const char *p = s; nw < n_words;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		wh[nw++] = cdi_hash(p, len);
		p += len + (sp != NULL);
	}
	return nw;
}

typedef struct {
	uint64_t key;
	size_t i;
} key_index;

static int cmp_key_index(const void *pa, const void *pb)
{
	const key_index *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* A passage longer than the longest counted phrase shows up as a chain of
 * max-length phrases, each overlapping the next by all but one word. Two
 * links are merged when they have the same articles count and the same
 * first article and the link is the only one either way: then they are, but
 * for a coincidence the counts cannot see, one longer shared passage. */
static int merge_chains(cd_reuse_phrase *list, size_t *n_list, unsigned words, cdi_arena *arena)
{
	int err = CD_OK;
	size_t n = *n_list, m = 0;
	key_index *pre = NULL;
	uint64_t *suf = NULL;
	size_t *succ = NULL, *npred = NULL, *who = NULL;
	unsigned char *drop = NULL;
	for (size_t i = 0; i < n; i++)
		m += list[i].n_words == words;
	if (m < 2)
		goto cleanup;
	pre = malloc(m * sizeof *pre);
	suf = malloc(m * sizeof *suf);
	succ = malloc(m * sizeof *succ);
	npred = calloc(m, sizeof *npred);
	who = malloc(m * sizeof *who);
	drop = calloc(n, 1);
	if (!pre || !suf || !succ || !npred || !who || !drop) {
		err = CD_ENOMEM;
		goto cleanup;
	}
	m = 0;
	for (size_t i = 0; i < n; i++) {
		if (list[i].n_words != words)
			continue;
		uint64_t wh[CD_REUSE_MAX_WORDS], hp = CHAIN_SEED, hs = CHAIN_SEED;
		text_hashes(list[i].text, words, wh);
		for (size_t k = 0; k + 1 < words; k++) {
			hp = chain(hp, wh[k]);
			hs = chain(hs, wh[k + 1]);
		}
		pre[m] = (key_index){ hp, m };
		suf[m] = hs;
		who[m++] = i;
	}
	qsort(pre, m, sizeof *pre, cmp_key_index);
	for (size_t a = 0; a < m; a++) {
		const cd_reuse_phrase *pa = &list[who[a]];
		size_t lo = 0, hi = m, found = SIZE_MAX, matches = 0;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (pre[mid].key < suf[a])
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo; k < m && pre[k].key == suf[a]; k++) {
			const cd_reuse_phrase *pb = &list[who[pre[k].i]];
			if (pre[k].i != a && pb->articles == pa->articles &&
			    pb->first_article == pa->first_article) {
				found = pre[k].i;
				matches++;
			}
		}
		succ[a] = matches == 1 ? found : SIZE_MAX;
		if (succ[a] != SIZE_MAX)
			npred[succ[a]]++;
	}
	for (size_t a = 0; a < m; a++)
		if (succ[a] != SIZE_MAX && npred[succ[a]] != 1)
			succ[a] = SIZE_MAX;
	for (size_t a = 0; a < m; a++)
		npred[a] = 0;
	for (size_t a = 0; a < m; a++)
		if (succ[a] != SIZE_MAX)
			npred[succ[a]] = 1;
	for (size_t a = 0; a < m; a++) {
		if (npred[a] || succ[a] == SIZE_MAX)
			continue;     /* not the head of a chain (cycles stay unmerged) */
		size_t len = strlen(list[who[a]].text), extra = 0;
		for (size_t b = succ[a]; b != SIZE_MAX; b = succ[b]) {
			const char *t = list[who[b]].text;
			len += strlen(strrchr(t, ' '));
			extra++;
		}
		char *s = cdi_arena_alloc(arena, len + 1);
		if (!s) {
			err = CD_ENOMEM;
			goto cleanup;
		}
		char *p = s;
		size_t l = strlen(list[who[a]].text);
		memcpy(p, list[who[a]].text, l);
		p += l;
		for (size_t b = succ[a]; b != SIZE_MAX; b = succ[b]) {
			const char *t = strrchr(list[who[b]].text, ' ');
			l = strlen(t);
			memcpy(p, t, l);
			p += l;
			drop[who[b]] = 1;
		}
		*p = '\0';
		list[who[a]].text = s;
		list[who[a]].n_words += extra;
	}
	m = 0;
	for (size_t i = 0; i < n; i++)
		if (!drop[i])
			list[m++] = list[i];
	*n_list = m;
cleanup:
	free(pre);
	free(suf);
	free(succ);
	free(npred);
	free(who);
	free(drop);
	return err;
}

/* The kept entries of t not covered by a longer kept entry with the same
 * count (any sub-phrase of min_words+ words, or only prefixes), chains of
 * merge_words-word phrases merged (0: none), those with fewer than
 * min_content words out of function_words left out, sorted, at most max.
 * *out is malloc'd; merged texts go to arena. */
static int list_phrases(const table *t, unsigned min_words, int prefixes_only,
                        unsigned merge_words, cdi_arena *arena, const cdi_strmap *function_words,
                        unsigned min_content, size_t max, cd_reuse_phrase **out, size_t *n_out)
{
	int err = CD_OK;
	unsigned char *covered = NULL;
	cd_reuse_phrase *list = NULL;
	size_t n = 0;
	*out = NULL;
	*n_out = 0;
	if (t->texts.n == 0)
		goto cleanup;
	covered = calloc(t->texts.n, 1);
	list = malloc(t->texts.n * sizeof *list);
	if (!covered || !list) {
		err = CD_ENOMEM;
		goto cleanup;
	}
	for (size_t i = 0; i < t->cap; i++) {
		const entry *e = &t->slots[i];
		if (!e->count || !e->text)
			continue;
		const text_rec *rec = &t->texts.v[e->text - 1];
		if (rec->n_words <= min_words)
			continue;
		uint64_t wh[CD_REUSE_MAX_WORDS];
		size_t nw = text_hashes(rec->s, rec->n_words, wh);
		size_t starts = prefixes_only ? 1 : nw;
		for (size_t a = 0; a < starts; a++) {
			uint64_t h = CHAIN_SEED;
			for (size_t b = a; b < nw; b++) {
				h = chain(h, wh[b]);
				size_t len = b - a + 1;
				if (len < min_words || len == nw)
					continue;
				const entry *sub = table_find(t, h);
				if (sub && sub->text && sub->count == e->count)
					covered[sub->text - 1] = 1;
			}
		}
	}
	for (size_t i = 0; i < t->cap; i++) {
		const entry *e = &t->slots[i];
		if (!e->count || !e->text || covered[e->text - 1])
			continue;
		const text_rec *rec = &t->texts.v[e->text - 1];
		list[n++] = (cd_reuse_phrase){ rec->s, rec->n_words, e->count, e->first };
	}
	if (merge_words && (err = merge_chains(list, &n, merge_words, arena)) != CD_OK)
		goto cleanup;
	if (min_content) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (content_words(list[i].text, function_words) >= min_content)
				list[m++] = list[i];
		n = m;
	}
	qsort(list, n, sizeof *list, cmp_phrase);
	if (n > max)
		n = max;
	*out = list;
	*n_out = n;
	list = NULL;
cleanup:
	free(covered);
	free(list);
	return err;
}

/* ---- finishing: near-duplicate pairs -------------------------------------- */

typedef struct {
	uint64_t key;
	uint32_t sig;
} band_item;

static int cmp_band(const void *pa, const void *pb)
{
	const band_item *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->sig < b->sig ? -1 : a->sig > b->sig;
}

static int cmp_pair(const void *pa, const void *pb)
{
	const cd_reuse_pair *a = pa, *b = pb;
	if (a->similarity != b->similarity)
		return a->similarity > b->similarity ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* The best max_pairs pairs so far, as a heap with the worst at the root
 * (cmp_pair order): memory stays max_pairs whatever the batch. */
typedef struct {
	cd_reuse_pair *v;
	size_t n, cap;
} pair_heap;

static void heap_sift_down(pair_heap *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		if (l < h->n && cmp_pair(&h->v[l], &h->v[w]) > 0)
			w = l;
		if (r < h->n && cmp_pair(&h->v[r], &h->v[w]) > 0)
			w = r;
		if (w == i)
			return;
		cd_reuse_pair t = h->v[i];
		h->v[i] = h->v[w];
		h->v[w] = t;
		i = w;
	}
}

static void heap_offer(pair_heap *h, cd_reuse_pair p)
{
	if (h->n < h->cap) {
		size_t i = h->n++;
		h->v[i] = p;
		while (i > 0 && cmp_pair(&h->v[(i - 1) / 2], &h->v[i]) < 0) {
			cd_reuse_pair t = h->v[i];
			h->v[i] = h->v[(i - 1) / 2];
			h->v[(i - 1) / 2] = t;
			i = (i - 1) / 2;
		}
	} else if (h->n && cmp_pair(&p, &h->v[0]) < 0) {
		h->v[0] = p;
		heap_sift_down(h, 0);
	}
}

/* Whether signatures x and y agree on a whole band before `band`: the pair
 * was then met (and checked) in that band already. */
static int met_before(const uint32_t *x, const uint32_t *y, size_t band)
{
	for (size_t k = 0; k < band; k++)
		if (memcmp(x + k * LSH_ROWS, y + k * LSH_ROWS, LSH_ROWS * sizeof *x) == 0)
			return 1;
	return 0;
}

static double similarity(const uint32_t *x, const uint32_t *y)
{
	size_t same = 0;
	for (size_t k = 0; k < SIG_HASHES; k++)
		same += x[k] == y[k];
	return (double)same / SIG_HASHES;
}

/* Candidate pairs share a band; each pair is checked once, in the first
 * band it shares. A bucket of articles that share a band is usually two or
 * three; a batch of many variants of one text makes buckets of thousands,
 * whose pairs are all alike: there each article is checked against the
 * BUCKET_PEERS articles before it in the bucket, so that time stays linear
 * and the list (the best max_pairs pairs) is still full of true pairs. */
#define BUCKET_PEERS 16

#define SCAN_BLOCK 128   /* signatures read at a time when computing band keys */

static int list_pairs(cd_reuse *r, cd_reuse_pair **out, size_t *n_out)
{
	int err = CD_OK;
	size_t n_sig = r->n_sig;
	band_item *items = NULL;
	uint32_t *block = NULL;
	/* The signatures of an article and of the BUCKET_PEERS before it in
	 * the bucket, read once each as the bucket is walked. */
	uint32_t *ring = NULL;
	pair_heap best = { 0 };
	*out = NULL;
	*n_out = 0;
	if (n_sig < 2 || r->opt.max_pairs == 0)
		goto cleanup;
	items = malloc(n_sig * sizeof *items);
	block = malloc(SCAN_BLOCK * SIG_REC * sizeof *block);
	ring = malloc((BUCKET_PEERS + 1) * SIG_REC * sizeof *ring);
	best.cap = r->opt.max_pairs < n_sig * BUCKET_PEERS ? r->opt.max_pairs : n_sig * BUCKET_PEERS;
	best.v = malloc(best.cap * sizeof *best.v);
	if (!items || !block || !ring || !best.v) {
		err = CD_ENOMEM;
		goto cleanup;
	}
	for (size_t band = 0; band < LSH_BANDS; band++) {
		for (size_t i0 = 0; i0 < n_sig; i0 += SCAN_BLOCK) {
			size_t count = n_sig - i0 < SCAN_BLOCK ? n_sig - i0 : SCAN_BLOCK;
			if ((err = sig_get(r, i0, count, block)) != CD_OK)
				goto cleanup;
			for (size_t i = 0; i < count; i++) {
				const uint32_t *sig = block + i * SIG_REC + 1 + band * LSH_ROWS;
				uint64_t h = CHAIN_SEED + band;
				for (size_t k = 0; k < LSH_ROWS; k++)
					h = chain(h, sig[k]);
				items[i0 + i] = (band_item){ h, (uint32_t)(i0 + i) };
			}
		}
		qsort(items, n_sig, sizeof *items, cmp_band);
		for (size_t g = 0; g < n_sig;) {
			size_t end = g + 1;
			while (end < n_sig && items[end].key == items[g].key)
				end++;
			for (size_t j = g; end - g > 1 && j < end; j++) {
				uint32_t *rb = ring + (j % (BUCKET_PEERS + 1)) * SIG_REC;
				if ((err = sig_get(r, items[j].sig, 1, rb)) != CD_OK)
					goto cleanup;
				size_t from = j - g > BUCKET_PEERS ? j - BUCKET_PEERS : g;
				for (size_t i = from; i < j; i++) {
					/* items[i].sig < items[j].sig: sorted */
					const uint32_t *ra = ring + (i % (BUCKET_PEERS + 1)) * SIG_REC;
					if (met_before(ra + 1, rb + 1, band))
						continue;
					double sim = similarity(ra + 1, rb + 1);
					if (sim < r->opt.near_duplicate)
						continue;
					heap_offer(&best, (cd_reuse_pair){ ra[0], rb[0], sim });
				}
			}
			g = end;
		}
	}
	if (best.n)
		qsort(best.v, best.n, sizeof *best.v, cmp_pair);
	*n_out = best.n;
	*out = best.v;
	best.v = NULL;
cleanup:
	free(items);
	free(block);
	free(ring);
	free(best.v);
	return err;
}

int cd_reuse_finish(cd_reuse *r, const cd_reuse_result **out)
{
	int err = CD_OK;
	*out = NULL;
	if (r->finish_error)
		return r->finish_error;   /* outputs half made: not made again */
	if (!r->finished) {
		cd_reuse_result *res = &r->result;
		res->articles = r->articles;
		if ((err = list_phrases(&r->phrases, r->opt.phrase_min_words, 0,
		                        r->opt.phrase_max_words, &r->out_arena, &r->function_words,
		                        r->opt.min_content_words, r->opt.max_phrases,
		                        &r->out_phrases, &res->n_phrases)) != CD_OK ||
		    (err = list_phrases(&r->openers, OPENER_MIN, 1, 0, NULL, NULL, 0,
		                        r->opt.max_phrases, &r->out_openers, &res->n_openers)) != CD_OK ||
		    (err = list_phrases(&r->closers, OPENER_MIN, 1, 0, NULL, NULL, 0,
		                        r->opt.max_phrases, &r->out_closers, &res->n_closers)) != CD_OK ||
		    (err = list_pairs(r, &r->out_pairs, &res->n_pairs)) != CD_OK)
			goto cleanup;
		res->phrases = r->out_phrases;
		res->openers = r->out_openers;
		res->closers = r->out_closers;
		res->pairs = r->out_pairs;
		r->finished = 1;
	}
	*out = &r->result;
cleanup:
	r->finish_error = err;
	return err;
}

static size_t table_bytes(const table *t)
{
	return t->cap * sizeof(entry) + t->texts.cap * sizeof(text_rec) + t->arena.used_bytes;
}

void cd_reuse_get_stats(const cd_reuse *r, cd_reuse_stats *out)
{
	out->entries = r->phrases.n;
	out->slots = r->phrases.cap;
	out->prunes = r->phrases.prunes;
	out->grows = r->phrases.grows;
	out->signatures = r->n_sig;
	out->bytes = sizeof *r + table_bytes(&r->phrases) + table_bytes(&r->openers) +
	             table_bytes(&r->closers) + r->word_hash.cap * sizeof(uint64_t) +
	             r->sigs.n_chunks * (size_t)CDI_SPILL_CHUNK;
}

void cd_reuse_free(cd_reuse *r)
{
	if (!r)
		return;
	table_free(&r->phrases);
	table_free(&r->openers);
	table_free(&r->closers);
	free(r->word_hash.v);
	cdi_spill_free(&r->sigs);
	free(r->out_phrases);
	free(r->out_openers);
	free(r->out_closers);
	free(r->out_pairs);
	cdi_arena_free(&r->out_arena);
	cdi_strmap_free(&r->function_words);
	cdi_arena_free(&r->words_arena);
	free(r);
}
