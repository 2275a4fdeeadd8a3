/* core/array: array_sort_unique_int64 and array_cmp_int64. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/array.h"

static void test_sort_unique(void **state)
{
	int64_t v[] = { 5, -3, 5, INT64_MAX, 0, -3, INT64_MIN, 5 };
	const int64_t want[] = { INT64_MIN, -3, 0, 5, INT64_MAX };
	size_t n;

	(void)state;
	n = array_sort_unique_int64(v, sizeof(v) / sizeof(v[0]));
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		assert_true(v[i] == want[i]);
	assert_int_equal(array_sort_unique_int64(v, 0), 0);
	v[0] = 7;
	assert_int_equal(array_sort_unique_int64(v, 1), 1);
	assert_true(v[0] == 7);
}

static void test_cmp(void **state)
{
	int64_t a = INT64_MIN, b = INT64_MAX;

	(void)state;
	/* no subtraction: it would overflow here */
	assert_true(array_cmp_int64(&a, &b) < 0);
	assert_true(array_cmp_int64(&b, &a) > 0);
	assert_int_equal(array_cmp_int64(&a, &a), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_unique),
		cmocka_unit_test(test_cmp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
