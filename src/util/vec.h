/*
 * vec.h - growable arrays on malloc, for the analyzer's working lists.
 *
 *   CDI_VEC(cd_word) words = {0};
 *   if (CDI_VEC_PUSH(&words, w) != 0) goto cleanup;   // 0 ok, -1 no memory
 *   free(words.v);
 */
#ifndef CD_UTIL_VEC_H
#define CD_UTIL_VEC_H

#include <stddef.h>

#define CDI_VEC(type) struct { type *v; size_t n, cap; }

/* Makes room for one more element; 0 ok, -1 no memory. */
int cdi_vec_grow(void **v, size_t *cap, size_t n, size_t elem);

/* The room check is inline: pushes run once a word and more. */
#define CDI_VEC_RESERVE(vec) \
	((vec)->n < (vec)->cap ? 0 : \
	 cdi_vec_grow((void **)&(vec)->v, &(vec)->cap, (vec)->n, sizeof *(vec)->v))
#define CDI_VEC_PUSH(vec, value) \
	(CDI_VEC_RESERVE(vec) ? -1 : ((vec)->v[(vec)->n++] = (value), 0))

#endif
