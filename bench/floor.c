/* floor.c - the least work any analysis of the kind copydesk does needs,
 * timed on a file, for make bench to set beside copydesk and wc -w.
 *
 *   build/bench-floor FILE
 *
 * Two stages, each written for speed and nothing else:
 *   words    split the text into words (runs of ASCII letters and digits,
 *            inner apostrophes, any byte >= 0x80), fold ASCII case, and give
 *            each folded form a number through a hash table: what any
 *            per-word figure (syllables, phrases, repetition) starts from;
 *   n-grams  count every word n-gram of 2 to 8 words in a hash table (the
 *            repeated-phrase figure's first step), each length's hashes
 *            built from the last length's, one multiply a window.
 * No sentences, no Unicode folding, no phrases, no findings, no output:
 * copydesk does all of these besides. Prints one line of figures. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p) {
		fputs("bench-floor: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

/* ---- words: folded form -> number --------------------------------------- */

typedef struct {
	uint64_t hash;
	uint32_t off, len; /* the form in the store */
	uint32_t id1;      /* number + 1; 0: empty slot */
} form_slot;

typedef struct {
	form_slot *slot;
	size_t cap, n;
	char *store;       /* the folded forms, one after another */
	size_t store_len, store_cap;
} form_table;

static void form_grow(form_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	form_slot *s = xcalloc(cap, sizeof *s);
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slot[i].id1)
			continue;
		size_t k = t->slot[i].hash & (cap - 1);
		while (s[k].id1)
			k = (k + 1) & (cap - 1);
		s[k] = t->slot[i];
	}
	free(t->slot);
	t->slot = s;
	t->cap = cap;
}

static uint32_t form_id(form_table *t, const char *w, uint32_t len, uint64_t h)
{
	if (2 * (t->n + 1) > t->cap)
		form_grow(t);
	size_t k = h & (t->cap - 1);
	for (;; k = (k + 1) & (t->cap - 1)) {
		form_slot *s = &t->slot[k];
		if (!s->id1)
			break;
		if (s->hash == h && s->len == len && memcmp(t->store + s->off, w, len) == 0)
			return s->id1 - 1;
	}
	if (t->store_len + len > t->store_cap) {
		size_t cap = t->store_cap ? t->store_cap * 2 : 65536;
		while (cap < t->store_len + len)
			cap *= 2;
		char *store = realloc(t->store, cap);
		if (!store) {
			fputs("bench-floor: out of memory\n", stderr);
			exit(1);
		}
		t->store = store;
		t->store_cap = cap;
	}
	memcpy(t->store + t->store_len, w, len);
	t->slot[k] = (form_slot){ h, (uint32_t)t->store_len, len, (uint32_t)t->n + 1 };
	t->store_len += len;
	return (uint32_t)t->n++;
}

static int word_byte(unsigned char c)
{
	return (unsigned)((c | 32) - 'a') < 26u || (unsigned)(c - '0') < 10u || c >= 0x80;
}

/* The words of t[0..n) as numbers into ids; returns how many. */
static size_t words(const char *t, size_t n, uint32_t *ids, form_table *forms)
{
	char buf[256];
	size_t nw = 0;
	for (size_t i = 0; i < n;) {
		if (!word_byte((unsigned char)t[i])) {
			i++;
			continue;
		}
		uint64_t h = 1469598103934665603ull;
		uint32_t len = 0;
		for (; i < n; i++) {
			unsigned char c = (unsigned char)t[i];
			if (!word_byte(c) && !(c == '\'' && i + 1 < n && word_byte((unsigned char)t[i + 1])))
				break;
			if (c >= 'A' && c <= 'Z')
				c += 32;
			if (len < sizeof buf)
				buf[len++] = (char)c;
			h = (h ^ c) * 1099511628211ull;
		}
		ids[nw++] = form_id(forms, buf, len, h);
	}
	return nw;
}

/* ---- n-grams: 64-bit window hash -> count -------------------------------- */

typedef struct {
	uint64_t *key;     /* 0: empty slot (hashes have their low bit set) */
	uint32_t *count;
	size_t cap, n;
} gram_table;

static void gram_grow(gram_table *g)
{
	size_t cap = g->cap ? g->cap * 2 : 1u << 16;
	uint64_t *key = xcalloc(cap, sizeof *key);
	uint32_t *count = xcalloc(cap, sizeof *count);
	for (size_t i = 0; i < g->cap; i++) {
		if (!g->key[i])
			continue;
		size_t k = (g->key[i] >> 8) & (cap - 1);
		while (key[k])
			k = (k + 1) & (cap - 1);
		key[k] = g->key[i];
		count[k] = g->count[i];
	}
	free(g->key);
	free(g->count);
	g->key = key;
	g->count = count;
	g->cap = cap;
}

/* Counts the n-grams of 2..8 words; returns how many distinct ones occur
 * twice or more. */
static size_t ngrams(const uint32_t *ids, size_t nw, gram_table *g)
{
	uint64_t *h = xcalloc(nw, sizeof *h);
	for (size_t i = 0; i < nw; i++)
		h[i] = ids[i] * 0x9e3779b97f4a7c15ull;
	size_t repeated = 0;
	for (size_t len = 2; len <= 8 && len <= nw; len++) {
		for (size_t i = 0; i + len <= nw; i++) {
			/* the window of len words at i, from the one of len - 1 */
			uint64_t x = (h[i] ^ (ids[i + len - 1] + len)) * 0xbf58476d1ce4e5b9ull;
			x ^= x >> 31;
			h[i] = x;
			x |= 1;
			if (2 * (g->n + 1) > g->cap)
				gram_grow(g);
			size_t k = (x >> 8) & (g->cap - 1);
			while (g->key[k] && g->key[k] != x)
				k = (k + 1) & (g->cap - 1);
			if (!g->key[k]) {
				g->key[k] = x;
				g->n++;
			}
			if (++g->count[k] == 2)
				repeated++;
		}
	}
	free(h);
	return repeated;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: bench-floor FILE\n", stderr);
		return 2;
	}
	double t0 = now();
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	size_t cap = 1 << 20, n = 0;
	char *t = malloc(cap);
	for (size_t got; t && (got = fread(t + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap)
			t = realloc(t, cap *= 2);
	}
	fclose(f);
	if (!t) {
		fputs("bench-floor: out of memory\n", stderr);
		return 1;
	}
	double t1 = now();
	form_table forms = { 0 };
	uint32_t *ids = xcalloc(n / 2 + 1, sizeof *ids);
	size_t nw = words(t, n, ids, &forms);
	double t2 = now();
	gram_table g = { 0 };
	size_t repeated = ngrams(ids, nw, &g);
	double t3 = now();
	printf("%.3f %.3f %.3f %.3f %zu %zu %zu\n", t1 - t0, t2 - t1, t3 - t2, t3 - t0, nw, forms.n,
	       repeated);
	free(t);
	free(ids);
	free(forms.slot);
	free(forms.store);
	free(g.key);
	free(g.count);
	return 0;
}
