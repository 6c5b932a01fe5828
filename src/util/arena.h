/*
 * arena.h - bump allocation for everything one article owns.
 *
 * An article's blocks, sentences, words, strings and findings all live in
 * one arena and are freed together by cdi_arena_free. Allocation failure
 * returns NULL; nothing here prints or exits.
 */
#ifndef CD_UTIL_ARENA_H
#define CD_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct cdi_arena_chunk cdi_arena_chunk;

typedef struct cdi_arena {
	cdi_arena_chunk *head;
	size_t used_bytes;     /* bytes handed out, for the benchmark */
} cdi_arena;

void cdi_arena_init(cdi_arena *a);
void cdi_arena_free(cdi_arena *a);
/* n bytes aligned for any type; NULL on no memory. */
void *cdi_arena_alloc(cdi_arena *a, size_t n);
/* n zeroed elements of size each; NULL on overflow or no memory. */
void *cdi_arena_calloc(cdi_arena *a, size_t n, size_t size);
/* A NUL-terminated copy of the len bytes at s. */
char *cdi_arena_strndup(cdi_arena *a, const char *s, size_t len);
char *cdi_arena_printf(cdi_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
