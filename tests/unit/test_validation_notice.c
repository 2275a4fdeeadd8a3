#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/validation_notice.h"

static date_t d(const char *text)
{
	date_t out = 0;
	struct error e = ERROR_INIT;
	if (date_parse(text, &out, &e) < 0)
		fail_msg("%s", e.message);
	return out;
}

static void expect_dates(const char *sent, const char *receipt, const char *end)
{
	char got[DATE_TEXT_MAX];
	assert_string_equal(date_format(validation_assumed_receipt(d(sent), "US"), got, sizeof(got)), receipt);
	assert_string_equal(date_format(validation_end_date(d(sent), "US"), got, sizeof(got)), end);
}

/* The hand computations of validation_notice.h. */
static void test_thanksgiving(void **state)
{
	/* Tue 24 Nov 2026: Wed 25 (1), Thanksgiving Thu 26 skipped, Fri 27 (2), weekend, Mon 30 (3), Tue 1 (4), Wed 2 (5) */
	expect_dates("2026-11-24", "2026-12-02", "2027-01-01");
	/* Wed 25 Nov: Fri 27 (1), Mon 30 (2), Tue 1 (3), Wed 2 (4), Thu 3 (5) */
	expect_dates("2026-11-25", "2026-12-03", "2027-01-02");
}

static void test_plain_week(void **state)
{
	/* Mon 2 Mar 2026: Tue..Fri are 4, Mon 9 the fifth */
	expect_dates("2026-03-02", "2026-03-09", "2026-04-08");
	/* sent on a Saturday: the count starts after it all the same */
	expect_dates("2026-03-07", "2026-03-13", "2026-04-12");
}

static void test_observed_holidays(void **state)
{
	/* Christmas 2027 is a Saturday, observed Fri 24 Dec; New Year 2028 is a Saturday, observed Fri 31 Dec 2027.
	 * Sent Thu 23 Dec 2027: Fri 24 skipped (observed), Sat 25, Sun 26, Mon 27 (1), Tue 28 (2), Wed 29 (3),
	 * Thu 30 (4), Fri 31 skipped (observed), Sat 1, Sun 2, Mon 3 Jan (5). */
	expect_dates("2027-12-23", "2028-01-03", "2028-02-02");
	/* Juneteenth 2027 on Sat 19 June, observed Fri 18: sent Tue 15, Wed 16 (1), Thu 17 (2), Mon 21 (3) ... Wed 23 (5) */
	expect_dates("2027-06-15", "2027-06-23", "2027-07-23");
}

static void test_itemization_balances(void **state)
{
	struct itemization it;
	struct error e = ERROR_INIT;
	date_t on = d("2026-09-30");

	itemization_init(&it, on);
	assert_int_equal(itemization_add_invoice(&it, d("2026-09-01"), 100000, &e), 0);
	assert_int_equal(itemization_add_invoice(&it, d("2026-09-30"), 23456, &e), 0);
	/* a payment before the date is part of what was owed then */
	assert_int_equal(itemization_add_entry(&it, LEDGER_PAYMENT, d("2026-09-15"), -10000, &e), 0);
	assert_int_equal(itemization_add_entry(&it, LEDGER_INTEREST, d("2026-10-31"), 1234, &e), 0);
	assert_int_equal(itemization_add_entry(&it, LEDGER_FEE, d("2026-10-15"), 2500, &e), 0);
	assert_int_equal(itemization_add_entry(&it, LEDGER_PAYMENT, d("2026-10-20"), -5000, &e), 0);
	/* a payment returned unpaid gives the payment back */
	assert_int_equal(itemization_add_entry(&it, LEDGER_REVERSAL, d("2026-10-22"), 2000, &e), 0);
	assert_int_equal(itemization_add_entry(&it, LEDGER_CREDIT_NOTE, d("2026-11-01"), -700, &e), 0);
	assert_int_equal(itemization_add_entry(&it, LEDGER_WRITE_OFF, d("2026-11-02"), -300, &e), 0);

	assert_int_equal(it.at_date, 113456);
	assert_int_equal(it.interest, 1234);
	assert_int_equal(it.fees, 2500);
	assert_int_equal(it.payments, 3000);
	assert_int_equal(it.credits, 1000);
	assert_int_equal(it.current, 113456 + 1234 + 2500 - 3000 - 1000);
	assert_true(itemization_balanced(&it));
}

static void test_itemization_refusals(void **state)
{
	struct itemization it;
	struct error e = ERROR_INIT;

	itemization_init(&it, d("2026-09-30"));
	assert_int_equal(itemization_add_invoice(&it, d("2026-10-01"), 100, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "2026-10-01 is after the itemization date 2026-09-30"));
	assert_int_equal(itemization_add_entry(&it, LEDGER_UNAPPLIED, d("2026-10-01"), -100, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "'unapplied'"));
	assert_int_equal(itemization_add_invoice(&it, d("2026-09-01"), INT64_MAX, &e), 0);
	assert_int_equal(itemization_add_entry(&it, LEDGER_FEE, d("2026-10-01"), 1, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "does not fit"));
}

static void test_requirements(void **state)
{
	struct letter_requirements r;

	letter_requirements_for(KIND_PERSON, "US", "us-consumer", &r);
	assert_true(r.us_validation);
	assert_false(r.br_supplier);
	letter_requirements_for(KIND_COMPANY, "US", "b2b", &r);
	assert_false(r.us_validation);
	letter_requirements_for(KIND_COMPANY, "CA", "us-ma", &r);
	assert_true(r.us_validation);
	letter_requirements_for(KIND_PERSON, "BR", "br-consumer", &r);
	assert_false(r.us_validation);
	assert_true(r.br_supplier);
	letter_requirements_for(KIND_PERSON, "PL", "pl-consumer", &r);
	assert_false(r.us_validation || r.br_supplier);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thanksgiving),         cmocka_unit_test(test_plain_week),
		cmocka_unit_test(test_observed_holidays),    cmocka_unit_test(test_itemization_balances),
		cmocka_unit_test(test_itemization_refusals), cmocka_unit_test(test_requirements),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
