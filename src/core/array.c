#include "core/array.h"

#include <stdint.h>
#include <stdlib.h>

int array_grow(void *items, size_t *cap, size_t n, size_t elem_size)
{
	void **p = items;
	size_t want;
	void *grown;

	if (n < *cap)
		return 0;
	want = *cap ? *cap * 2 : 16;
	if (want <= n)
		want = n + 1;
	if (want > SIZE_MAX / elem_size)
		return -1;
	grown = realloc(*p, want * elem_size);
	if (!grown)
		return -1;
	*p = grown;
	*cap = want;
	return 0;
}
