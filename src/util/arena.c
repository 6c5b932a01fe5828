/* arena.c - bump allocator; see arena.h. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN (4u * 1024u)   /* the first chunk; each next one doubles */
#define ALIGN 16u

struct cdi_arena_chunk {
	cdi_arena_chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

void cdi_arena_init(cdi_arena *a)
{
	a->head = NULL;
	a->used_bytes = 0;
}

void cdi_arena_free(cdi_arena *a)
{
	cdi_arena_chunk *c = a->head;
	while (c) {
		cdi_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used_bytes = 0;
}

void *cdi_arena_alloc(cdi_arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ALIGN)
		return NULL;
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	cdi_arena_chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;
		if (c && size < c->size * 2 && c->size * 2 <= 64u * 1024u * 1024u)
			size = c->size * 2 > n ? c->size * 2 : n;
		if (size > SIZE_MAX - sizeof *c)
			return NULL;
		cdi_arena_chunk *fresh = malloc(sizeof *fresh + size);
		if (!fresh)
			return NULL;
		fresh->size = size;
		fresh->used = 0;
		/* A large one-off block goes behind the current chunk so the
		 * current chunk's free space is not wasted. */
		if (c && n > CHUNK_MIN && c->size - c->used > CHUNK_MIN / 4) {
			fresh->next = c->next;
			c->next = fresh;
			fresh->used = n;
			a->used_bytes += n;
			return fresh->data;
		}
		fresh->next = c;
		a->head = c = fresh;
	}
	void *p = c->data + c->used;
	c->used += n;
	a->used_bytes += n;
	return p;
}

void *cdi_arena_calloc(cdi_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *p = cdi_arena_alloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

char *cdi_arena_strndup(cdi_arena *a, const char *s, size_t len)
{
	char *p = cdi_arena_alloc(a, len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *cdi_arena_printf(cdi_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = cdi_arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
