/* strmap.c - string interning; see strmap.h. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a, 64-bit, then a final avalanche (splitmix64's mixer). */
uint64_t cdi_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return h;
}

void cdi_strmap_init(cdi_strmap *m, cdi_arena *arena)
{
	memset(m, 0, sizeof *m);
	m->arena = arena;
}

void cdi_strmap_free(cdi_strmap *m)
{
	free(m->slots);
	free(m->keys);
	free(m->lens);
	free(m->hashes);
	memset(m, 0, sizeof *m);
}

static int64_t lookup(const cdi_strmap *m, const char *key, size_t len, uint64_t h, size_t *slot)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		uint32_t s = m->slots[i];
		if (s == 0) {
			*slot = i;
			return -1;
		}
		uint32_t id = s - 1;
		if (m->hashes[id] == h && m->lens[id] == len && memcmp(m->keys[id], key, len) == 0)
			return id;
	}
}

static int rehash(cdi_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	uint32_t *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t id = 0; id < m->n; id++) {
		size_t i = (size_t)m->hashes[id] & (cap - 1);
		while (slots[i])
			i = (i + 1) & (cap - 1);
		slots[i] = (uint32_t)id + 1;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

int64_t cdi_strmap_find(const cdi_strmap *m, const char *key, size_t len)
{
	if (m->cap == 0)
		return -1;
	size_t slot;
	return lookup(m, key, len, cdi_hash(key, len), &slot);
}

int64_t cdi_strmap_intern(cdi_strmap *m, const char *key, size_t len, int *added)
{
	if (added)
		*added = 0;
	if ((m->n + 1) * 4 > m->cap * 3 && rehash(m) != 0)
		return -1;
	uint64_t h = cdi_hash(key, len);
	size_t slot;
	int64_t id = lookup(m, key, len, h, &slot);
	if (id >= 0)
		return id;
	if (m->n == m->keys_cap) {
		size_t kc = m->keys_cap ? m->keys_cap * 2 : 64;
		const char **keys = realloc(m->keys, kc * sizeof *keys);
		if (!keys)
			return -1;
		m->keys = keys;
		size_t *lens = realloc(m->lens, kc * sizeof *lens);
		if (!lens)
			return -1;
		m->lens = lens;
		uint64_t *hashes = realloc(m->hashes, kc * sizeof *hashes);
		if (!hashes)
			return -1;
		m->hashes = hashes;
		m->keys_cap = kc;
	}
	char *copy = cdi_arena_strndup(m->arena, key, len);
	if (!copy)
		return -1;
	id = (int64_t)m->n++;
	m->keys[id] = copy;
	m->lens[id] = len;
	m->hashes[id] = h;
	m->slots[slot] = (uint32_t)id + 1;
	if (added)
		*added = 1;
	return id;
}
