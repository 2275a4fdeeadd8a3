#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/queue_score.h"

static struct queue_facts base(void)
{
	struct queue_facts f = { 0 };

	f.balance = 100000; /* 1000.00 */
	f.exponent = 2;
	f.currency = "USD";
	f.pay_permille = 600;
	f.risk_band = "B";
	f.dpd = 10;
	return f;
}

static void test_expected_value(void **state)
{
	struct queue_facts f = base();
	struct queue_score s;

	(void)state;
	queue_score(&f, &s);
	assert_int_equal(s.score, 60000); /* 600.00 expected */
	assert_int_equal(s.n_reasons, 1);
	assert_string_equal(s.reasons[0], "1000.00 USD overdue, 10 days past due; band B: 60.0% chance of payment");
	/* the same major amount in yen (no decimals) and in dinar (three) scores alike */
	f.exponent = 0;
	f.balance = 1000;
	queue_score(&f, &s);
	assert_int_equal(s.score, 60000);
	f.exponent = 3;
	f.balance = 1000000;
	queue_score(&f, &s);
	assert_int_equal(s.score, 60000);
	/* nothing owed, nothing expected; a chance outside 0..1000 is clamped */
	f = base();
	f.balance = -500;
	queue_score(&f, &s);
	assert_int_equal(s.score, 0);
	f = base();
	f.pay_permille = 5000;
	queue_score(&f, &s);
	assert_int_equal(s.score, 100000);
}

static void test_raises_and_reasons(void **state)
{
	struct queue_facts f = base();
	struct queue_score s;

	(void)state;
	f.broken_promises = 2;
	f.callback_this_hour = 1;
	f.dpd = 29; /* 1-30 ends at 30: 31-60 in 2 days */
	queue_score(&f, &s);
	/* 60000 * 1.5 * 2 * 1.25 */
	assert_int_equal(s.score, 225000);
	assert_int_equal(s.n_reasons, 4);
	assert_string_equal(s.reasons[1], "broke 2 promises in the last 30 days");
	assert_string_equal(s.reasons[2], "asked to be called back this hour");
	assert_string_equal(s.reasons[3], "oldest invoice enters 31-60 in 2 days");
	assert_int_equal(s.tier, QUEUE_TIER_CALLBACK);
	/* a promise broken and not called about since: called first, the score unchanged */
	f = base();
	f.broken_promises = 1;
	f.broken_not_called = 1;
	queue_score(&f, &s);
	assert_int_equal(s.tier, QUEUE_TIER_BROKEN);
	assert_int_equal(s.score, 90000);
	assert_string_equal(s.reasons[2], "broken promise: not called since it broke");
	f = base();
	f.dpd = 26; /* 5 days from 31-60: no raise */
	queue_score(&f, &s);
	assert_int_equal(s.n_reasons, 1);
	/* the oldest bucket has no next one */
	f.dpd = 400;
	queue_score(&f, &s);
	assert_int_equal(s.n_reasons, 1);
	/* saturates, never wraps */
	f.balance = INT64_MAX;
	f.pay_permille = 1000;
	f.callback_this_hour = 1;
	queue_score(&f, &s);
	assert_true(s.score > 0);
}

static void test_days_to_next_bucket(void **state)
{
	struct aging_config c;

	(void)state;
	aging_config_default(&c);
	assert_int_equal(queue_days_to_next_bucket(&c, 30), 1);
	assert_int_equal(queue_days_to_next_bucket(&c, 31), 30);
	assert_int_equal(queue_days_to_next_bucket(&c, 0), 1);
	assert_int_equal(queue_days_to_next_bucket(&c, -3), 4);
	assert_int_equal(queue_days_to_next_bucket(&c, 365), 1);
	assert_int_equal(queue_days_to_next_bucket(&c, 366), -1);
}

/*
 * The score stays within QUEUE_SCORE_MAX (2^53 - 1, exact in a double),
 * whatever the balance: exact up to it, capped beyond, raises included.
 */
static void test_score_max(void **state)
{
	struct queue_facts f = base();
	struct queue_score s;

	(void)state;
	/* JPY 999,999,999,999,999 at 85%: 84999999999999915, over 2^53 */
	f.exponent = 0;
	f.balance = 999999999999999;
	f.pay_permille = 850;
	queue_score(&f, &s);
	assert_true(s.score == QUEUE_SCORE_MAX);
	/* the largest balance of all, every raise */
	f.balance = INT64_MAX;
	f.broken_promises = 1;
	f.callback_this_hour = 1;
	f.dpd = 29;
	queue_score(&f, &s);
	assert_true(s.score == QUEUE_SCORE_MAX);
	assert_int_equal(s.tier, QUEUE_TIER_CALLBACK);
	/* just below the cap: exact (USD 90,071,992,547,409.91 at 100%) */
	f = base();
	f.balance = QUEUE_SCORE_MAX;
	f.pay_permille = 1000;
	queue_score(&f, &s);
	assert_true(s.score == QUEUE_SCORE_MAX);
	f.balance = QUEUE_SCORE_MAX - 1;
	queue_score(&f, &s);
	assert_true(s.score == QUEUE_SCORE_MAX - 1);
	f.balance = QUEUE_SCORE_MAX + 1;
	queue_score(&f, &s);
	assert_true(s.score == QUEUE_SCORE_MAX);
}

/* queue_score_value gives queue_score's tier and score over a grid of facts. */
static void test_value_without_reasons(void **state)
{
	static const int64_t balances[] = { -5, 0, 1, 999, 123456, 100000000000000, 999999999999999, INT64_MAX };
	static const int exponents[] = { 0, 2, 3 };
	static const int dpds[] = { 0, 1, 28, 29, 30, 58, 89, 400 };
	size_t n = 0;

	(void)state;
	for (size_t b = 0; b < sizeof(balances) / sizeof(*balances); b++)
		for (size_t x = 0; x < sizeof(exponents) / sizeof(*exponents); x++)
			for (size_t d = 0; d < sizeof(dpds) / sizeof(*dpds); d++)
				for (int flags = 0; flags < 8; flags++) {
					struct queue_facts f = base();
					struct queue_score s;
					int64_t score = -1;
					int tier = -1;
					f.balance = balances[b];
					f.exponent = exponents[x];
					f.dpd = dpds[d];
					f.broken_promises = flags & 1 ? 2 : 0;
					f.broken_not_called = (flags & 2) != 0;
					f.callback_this_hour = (flags & 4) != 0;
					f.pay_permille = 50 + (int)(b * 190);
					queue_score(&f, &s);
					queue_score_value(&f, &tier, &score);
					assert_int_equal(tier, s.tier);
					assert_int_equal(score, s.score);
					n += s.score > 0;
				}
	assert_true(n > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expected_value),      cmocka_unit_test(test_raises_and_reasons),
		cmocka_unit_test(test_days_to_next_bucket), cmocka_unit_test(test_value_without_reasons),
		cmocka_unit_test(test_score_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
