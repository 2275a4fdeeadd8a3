#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/aging.h"

static void test_default_boundaries(void **state)
{
	struct aging_config c;
	static const struct {
		int dpd;
		const char *label;
	} cases[] = {
		{ -400, "current" }, { -1, "current" },  { 0, "current" },   { 1, "1-30" },       { 30, "1-30" },
		{ 31, "31-60" },     { 60, "31-60" },    { 61, "61-90" },    { 90, "61-90" },     { 91, "91-180" },
		{ 180, "91-180" },   { 181, "181-365" }, { 365, "181-365" }, { 366, "over-365" }, { 5000, "over-365" },
	};
	aging_config_default(&c);
	assert_int_equal(c.n, 7);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int b = aging_bucket(&c, cases[i].dpd);
		if (strcmp(c.labels[b], cases[i].label))
			fail_msg("dpd %d: got %s, want %s", cases[i].dpd, c.labels[b], cases[i].label);
	}
}

static void test_custom_buckets(void **state)
{
	struct aging_config c;
	struct error e = ERROR_INIT;
	assert_int_equal(aging_config_parse(&c, "15,45", &e), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.labels[0], "current");
	assert_string_equal(c.labels[1], "1-15");
	assert_string_equal(c.labels[2], "16-45");
	assert_string_equal(c.labels[3], "over-45");
	assert_int_equal(aging_bucket(&c, 15), 1);
	assert_int_equal(aging_bucket(&c, 16), 2);
	assert_int_equal(aging_bucket(&c, 46), 3);
	assert_int_equal(aging_config_parse(&c, "60,30", &e), -ERR_INPUT);
	assert_int_equal(aging_config_parse(&c, "30,,60", &e), -ERR_INPUT);
	assert_int_equal(aging_config_parse(&c, "0", &e), -ERR_INPUT);
	assert_int_equal(aging_config_parse(&c, "", &e), -ERR_INPUT);
	assert_int_equal(aging_config_parse(&c, "thirty", &e), -ERR_INPUT);
	/* a bound is digits alone, and none is empty */
	assert_int_equal(aging_config_parse(&c, " 30", &e), -ERR_INPUT);
	assert_int_equal(aging_config_parse(&c, "+30", &e), -ERR_INPUT);
	assert_int_equal(aging_config_parse(&c, "30, 60", &e), -ERR_INPUT);
	assert_int_equal(aging_config_parse(&c, "30,", &e), -ERR_INPUT);
	assert_int_equal(aging_config_parse(&c, "99999999999999999999", &e), -ERR_INPUT);
}

static void test_totals_per_currency(void **state)
{
	struct aging_config c;
	struct aging_totals t = AGING_TOTALS_INIT;
	struct error e = ERROR_INIT;
	date_t as_of = date_from_ymd(2026, 11, 22);

	aging_config_default(&c);
	assert_int_equal(aging_totals_add(&t, &c, "USD", as_of, as_of - 30, 100, &e), 0);
	assert_int_equal(aging_totals_add(&t, &c, "USD", as_of, as_of - 31, 250, &e), 0);
	assert_int_equal(aging_totals_add(&t, &c, "JPY", as_of, as_of + 5, 7, &e), 0);
	assert_int_equal(aging_totals_add(&t, &c, "USD", as_of, as_of - 30, 1, &e), 0);
	aging_totals_sort(&t);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.rows[0].currency, "JPY");
	assert_int_equal(t.rows[0].bucket[0], 7);
	assert_int_equal(t.rows[0].total, 7);
	assert_string_equal(t.rows[1].currency, "USD");
	assert_int_equal(t.rows[1].bucket[1], 101);
	assert_int_equal(t.rows[1].bucket[2], 250);
	assert_int_equal(t.rows[1].total, 351);
	assert_int_equal(t.rows[1].count, 3);
	aging_totals_release(&t);
}

static void test_overflow_marks_the_row(void **state)
{
	struct aging_config c;
	struct aging_totals t = AGING_TOTALS_INIT;
	struct error e = ERROR_INIT;
	aging_config_default(&c);
	assert_int_equal(aging_totals_add(&t, &c, "USD", 100, 100, INT64_MAX, &e), 0);
	assert_int_equal(aging_totals_add(&t, &c, "EUR", 100, 100, 5, &e), 0);
	assert_int_equal(aging_totals_add(&t, &c, "USD", 100, 100, 1, &e), 0);
	assert_int_equal(aging_totals_add(&t, &c, "USD", 100, 100, 7, &e), 0);
	aging_totals_sort(&t);
	/* EUR is unharmed; USD is marked and still counts its invoices */
	assert_string_equal(t.rows[0].currency, "EUR");
	assert_int_equal(t.rows[0].overflow, 0);
	assert_int_equal(t.rows[0].total, 5);
	assert_string_equal(t.rows[1].currency, "USD");
	assert_int_equal(t.rows[1].overflow, 1);
	assert_int_equal(t.rows[1].count, 3);
	/* a negative overflow too */
	aging_totals_clear(&t);
	assert_int_equal(aging_totals_add(&t, &c, "USD", 100, 100, INT64_MIN, &e), 0);
	assert_int_equal(aging_totals_add(&t, &c, "USD", 100, 100, -1, &e), 0);
	assert_int_equal(t.rows[0].overflow, 1);
	aging_totals_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_boundaries),
		cmocka_unit_test(test_custom_buckets),
		cmocka_unit_test(test_totals_per_currency),
		cmocka_unit_test(test_overflow_marks_the_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
