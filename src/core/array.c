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

int array_cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

size_t array_sort_unique_int64(int64_t *v, size_t n)
{
	size_t k = 0;

	if (n > 1)
		qsort(v, n, sizeof(*v), array_cmp_int64);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}
