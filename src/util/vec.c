/* vec.c - growth for vec.h arrays. */
#include "vec.h"

#include <stdint.h>
#include <stdlib.h>

int cdi_vec_grow(void **v, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return 0;
	size_t cap2 = *cap ? *cap * 2 : 16;
	if (cap2 > SIZE_MAX / elem)
		return -1;
	void *p = realloc(*v, cap2 * elem);
	if (!p)
		return -1;
	*v = p;
	*cap = cap2;
	return 0;
}
