/*
 * strmap.h - an open-addressing hash map from byte strings to uint32 ids.
 *
 * Keys are copied into the arena given at init; ids are dense (0, 1, 2, ...)
 * in order of first insertion, so they index side arrays directly.
 */
#ifndef CD_UTIL_STRMAP_H
#define CD_UTIL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct cdi_strmap {
	uint32_t *slots;        /* id + 1, 0 = empty */
	size_t cap;             /* power of two */
	const char **keys;      /* id -> key (arena copies, NUL-terminated) */
	size_t *lens;
	uint64_t *hashes;
	size_t n, keys_cap;
	cdi_arena *arena;
} cdi_strmap;

uint64_t cdi_hash(const void *data, size_t len);

void cdi_strmap_init(cdi_strmap *m, cdi_arena *arena);
void cdi_strmap_free(cdi_strmap *m);
/* The id of key, added when new (*added set to 1 then, when not NULL).
 * Returns -1 on no memory. */
int64_t cdi_strmap_intern(cdi_strmap *m, const char *key, size_t len, int *added);
/* The id of key, or -1 when absent. */
int64_t cdi_strmap_find(const cdi_strmap *m, const char *key, size_t len);

#endif
