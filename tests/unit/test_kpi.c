#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/kpi.h"

/*
 * A hand-made month, November 2026 (30 days), in USD cents:
 *   A: issued Oct 1, due Oct 31, 1000.00, unpaid at start, 400.00 paid in Nov
 *      -> opening 1000.00 (dpd 0 on Oct 31: current), closing 600.00 (dpd 30)
 *   B: issued Nov 10, due Dec 10, 500.00, unpaid -> sale, closing current
 *   C: issued Jul 1, due Jul 31, 200.00 (other customer), unpaid
 *      -> opening dpd 92 (91-180), closing dpd 122 (91-180): not rolled
 * opening AR 1200.00, sales 500.00, closing AR 1300.00, closing current 500.00
 * DSO = 1300 / 500 * 30 = 78.0 days
 * CEI = (1200 + 500 - 1300) / (1200 + 500 - 500) = 400 / 1200 = 33.33 %
 * delinquency = 800 / 1300 = 61.54 %; default (>90 dpd) = 200 / 1300 = 15.38 %
 * customers: 2 with balance, 1 in default = 50.00 %
 * roll from current: A moved current -> 1-30: 600 / 1000 = 60.00 %
 */
static void test_hand_made_month(void **state)
{
	struct kpi_report r;
	struct aging_config c;
	struct error e = ERROR_INIT;
	char buf[32];
	date_t from = date_from_ymd(2026, 11, 1), to = date_from_ymd(2026, 11, 30);
	struct kpi_input items[] = {
		{ 1, "USD", date_from_ymd(2026, 10, 1), date_from_ymd(2026, 10, 31), 100000, 100000, 60000 },
		{ 1, "USD", date_from_ymd(2026, 11, 10), date_from_ymd(2026, 12, 10), 50000, 0, 50000 },
		{ 2, "USD", date_from_ymd(2026, 7, 1), date_from_ymd(2026, 7, 31), 20000, 20000, 20000 },
	};

	aging_config_default(&c);
	kpi_init(&r, from, to, 90, &c);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(kpi_add(&r, &items[i], &e), 0);
	kpi_finish(&r);
	assert_int_equal(r.n, 1);
	struct kpi_currency *k = &r.rows[0];
	assert_int_equal(k->opening_ar, 120000);
	assert_int_equal(k->credit_sales, 50000);
	assert_int_equal(k->closing_ar, 130000);
	assert_int_equal(k->closing_current, 50000);
	assert_int_equal(k->closing_overdue, 80000);
	assert_int_equal(k->closing_default, 20000);
	assert_string_equal(kpi_format_tenths(kpi_dso_tenths(k, 30), buf, sizeof(buf)), "78.0");
	assert_string_equal(kpi_format_bp(kpi_cei_bp(k), buf, sizeof(buf)), "33.33");
	assert_string_equal(kpi_format_bp(kpi_ratio_bp(k->closing_overdue, k->closing_ar), buf, sizeof(buf)), "61.54");
	assert_string_equal(kpi_format_bp(kpi_ratio_bp(k->closing_default, k->closing_ar), buf, sizeof(buf)), "15.38");
	assert_int_equal(k->customers_with_balance, 2);
	assert_int_equal(k->customers_in_default, 1);
	assert_string_equal(kpi_format_bp(kpi_ratio_bp(k->roll_moved[0], k->roll_base[0]), buf, sizeof(buf)), "60.00");
	assert_string_equal(kpi_format_bp(kpi_ratio_bp(k->roll_moved[4], k->roll_base[4]), buf, sizeof(buf)), "0.00");
	assert_string_equal(kpi_format_bp(kpi_ratio_bp(k->roll_moved[2], k->roll_base[2]), buf, sizeof(buf)), "n/a");
	kpi_release(&r);
}

static void test_no_sales_is_not_available(void **state)
{
	struct kpi_report r;
	struct aging_config c;
	char buf[32];
	aging_config_default(&c);
	kpi_init(&r, 10, 20, 90, &c);
	kpi_finish(&r);
	assert_int_equal(r.n, 0);
	struct kpi_currency k;
	memset(&k, 0, sizeof(k));
	assert_string_equal(kpi_format_tenths(kpi_dso_tenths(&k, 30), buf, sizeof(buf)), "n/a");
	assert_string_equal(kpi_format_bp(kpi_cei_bp(&k), buf, sizeof(buf)), "n/a");
	kpi_release(&r);
}

static void test_rounding_half_away(void **state)
{
	char buf[32];
	assert_int_equal(kpi_ratio_bp(1, 3), 3333);
	assert_int_equal(kpi_ratio_bp(2, 3), 6667);
	assert_int_equal(kpi_ratio_bp(1, 8), 1250);
	assert_int_equal(kpi_ratio_bp(1, 80000), 0); /* 0.125 bp rounds down */
	assert_int_equal(kpi_ratio_bp(1, 20000), 1); /* 0.5 bp rounds up */
	assert_int_equal(kpi_ratio_bp(-2, 3), -6667);
	assert_string_equal(kpi_format_bp(-6667, buf, sizeof(buf)), "-66.67");
	assert_int_equal(kpi_ratio_bp(INT64_MAX, INT64_MAX), 10000);
}

/* Customer counts must not depend on the order items arrive in (the store
 * streams invoices in record order), and must survive the set growing. */
static void test_customer_counts_any_order(void **state)
{
	struct kpi_report r;
	struct aging_config c;
	struct error e = ERROR_INIT;
	date_t from = date_from_ymd(2026, 11, 1), to = date_from_ymd(2026, 11, 30);
	date_t old_due = date_from_ymd(2026, 6, 30), new_due = date_from_ymd(2026, 12, 31);

	aging_config_default(&c);
	kpi_init(&r, from, to, 90, &c);
	/* 5000 customers, two invoices each, interleaved: customer i has a
	 * balance when i % 2 == 0, and a defaulted invoice when i % 10 == 0 */
	for (int round = 0; round < 2; round++) {
		for (int64_t i = 1; i <= 5000; i++) {
			struct kpi_input it = { i, "EUR", date_from_ymd(2026, 5, 1), new_due, 100, 100, 0 };
			if (i % 2 == 0 && round == 1)
				it.closing_balance = 100;
			if (i % 10 == 0 && round == 0) {
				it.due_date = old_due;
				it.closing_balance = 100;
			}
			assert_int_equal(kpi_add(&r, &it, &e), 0);
		}
	}
	kpi_finish(&r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.rows[0].customers_with_balance, 2500);
	assert_int_equal(r.rows[0].customers_in_default, 500);
	kpi_release(&r);
}

static void test_overflow_marks_the_currency(void **state)
{
	struct aging_config b;
	struct kpi_report r;
	struct error e = ERROR_INIT;
	struct kpi_input big = { .customer_id = 1,
				 .currency = "USD",
				 .issue_date = 10,
				 .due_date = 20,
				 .amount = INT64_MAX,
				 .opening_balance = 0,
				 .closing_balance = INT64_MAX };
	struct kpi_input eur = { .customer_id = 2,
				 .currency = "EUR",
				 .issue_date = 10,
				 .due_date = 20,
				 .amount = 500,
				 .opening_balance = 0,
				 .closing_balance = 500 };

	aging_config_default(&b);
	kpi_init(&r, 1, 30, 90, &b);
	assert_int_equal(kpi_add(&r, &big, &e), 0);
	assert_int_equal(kpi_add(&r, &eur, &e), 0);
	assert_int_equal(kpi_add(&r, &big, &e), 0);
	assert_int_equal(kpi_add(&r, &big, &e), 0);
	kpi_finish(&r);
	assert_string_equal(r.rows[0].currency, "EUR");
	assert_int_equal(r.rows[0].overflow, 0);
	assert_int_equal(r.rows[0].closing_ar, 500);
	assert_string_equal(r.rows[1].currency, "USD");
	assert_int_equal(r.rows[1].overflow, 1);
	kpi_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overflow_marks_the_currency), cmocka_unit_test(test_hand_made_month),
		cmocka_unit_test(test_no_sales_is_not_available),   cmocka_unit_test(test_rounding_half_away),
		cmocka_unit_test(test_customer_counts_any_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
