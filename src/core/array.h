/*
 * array.h: growable arrays of plain values.
 *
 * The pattern `T *items; size_t n, cap;` is used wherever a list is built
 * one element at a time (allocations, history, closed days, report rows).
 * array_grow() makes room for one more element, doubling the capacity
 * (from 16), so appends are amortised O(1). The caller owns the array and
 * frees it with free().
 */
#ifndef RECOUP_ARRAY_H
#define RECOUP_ARRAY_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/*
 * Ensures room for element n (0-based) of an array of `elem_size` bytes
 * whose pointer is at `items` (a `T **`) and capacity at `cap`. Returns 0,
 * or -1 when out of memory, leaving the array and `cap` unchanged.
 */
int array_grow(void *items, size_t *cap, size_t n, size_t elem_size);

/* qsort's comparison of two int64_t (ids): ascending. */
int array_cmp_int64(const void *a, const void *b);

/* Sorts the `n` values of `v` ascending and drops the repeats: the count left. */
size_t array_sort_unique_int64(int64_t *v, size_t n);

/*
 * Appends `value` to `(s)->arr`, whose length is `(s)->n` and capacity
 * `(s)->cap`, for the callbacks that gather rows into a state `s` holding
 * its `struct error *e`: out of memory returns -ERR_ENV (core/error.h) from
 * the enclosing function, which must return int.
 */
#define ARRAY_PUSH(s, arr, n, cap, value)                                            \
	do {                                                                         \
		if (array_grow(&(s)->arr, &(s)->cap, (s)->n, sizeof(*(s)->arr)) < 0) \
			return error_set((s)->e, ERR_ENV, "out of memory");          \
		(s)->arr[(s)->n++] = (value);                                        \
	} while (0)

#endif
