/*
 * test_risk.c: the risk bands of core/risk.c against the cases docs/risk.md
 * promises: a good payer who slipped once stays A/B, a chronic late payer
 * gets D/E, no history gets C and says so, returns and broken promises
 * weigh heavily, a worsening trend raises the risk; and the band edges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/risk.h"

static const struct risk_factor *factor(const struct risk_result *r, const char *name)
{
	for (size_t i = 0; i < r->n_factors; i++)
		if (!strcmp(r->factors[i].name, name))
			return &r->factors[i];
	return NULL;
}

/* The score is the sum of the listed points (floored at 0): nothing hidden. */
static void assert_explained(const struct risk_result *r)
{
	int sum = 0;

	assert_true(r->n_factors > 0);
	for (size_t i = 0; i < r->n_factors; i++) {
		sum += r->factors[i].points;
		assert_true(r->factors[i].name[0] != '\0');
		assert_true(r->factors[i].text[0] != '\0');
	}
	assert_int_equal(r->score, sum < 0 ? 0 : sum);
	assert_int_equal(r->band, risk_band_of_score(r->score));
}

static void test_band_names(void **state)
{
	enum risk_band b = RISK_E;

	assert_string_equal(risk_band_name(RISK_A), "A");
	assert_string_equal(risk_band_name(RISK_E), "E");
	assert_string_equal(risk_band_name(RISK_BAND_COUNT), "?");
	assert_int_equal(risk_band_parse("B", &b), 0);
	assert_int_equal(b, RISK_B);
	assert_int_equal(risk_band_parse("d", &b), 0);
	assert_int_equal(b, RISK_D);
	assert_int_equal(risk_band_parse("F", &b), -1);
	assert_int_equal(risk_band_parse("", &b), -1);
	assert_int_equal(risk_band_parse("AB", &b), -1);
	assert_int_equal(risk_band_parse(NULL, &b), -1);
	assert_int_equal(b, RISK_D);
	for (int k = RISK_A; k < RISK_BAND_COUNT; k++) {
		assert_int_equal(risk_band_parse(risk_band_name((enum risk_band)k), &b), 0);
		assert_int_equal(b, k);
	}
}

static void test_band_edges(void **state)
{
	static const struct {
		int score;
		enum risk_band band;
	} cases[] = {
		{ 0, RISK_A },  { 9, RISK_A },  { 10, RISK_B }, { 24, RISK_B }, { 25, RISK_C },
		{ 44, RISK_C }, { 45, RISK_D }, { 69, RISK_D }, { 70, RISK_E }, { 500, RISK_E },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (risk_band_of_score(cases[i].score) != cases[i].band)
			fail_msg("score %d: band %s, want %s", cases[i].score,
				 risk_band_name(risk_band_of_score(cases[i].score)), risk_band_name(cases[i].band));
}

static void test_pay_permille(void **state)
{
	/* strictly falling: a worse band is never ranked as likelier to pay */
	for (int b = RISK_A + 1; b < RISK_BAND_COUNT; b++)
		assert_true(risk_band_pay_permille((enum risk_band)b) <
			    risk_band_pay_permille((enum risk_band)(b - 1)));
	assert_int_equal(risk_band_pay_permille(RISK_A), 950);
	assert_int_equal(risk_band_pay_permille(RISK_E), 200);
	assert_int_equal(risk_band_pay_permille(RISK_BAND_COUNT), 0);
}

static void test_no_history_is_neutral(void **state)
{
	struct risk_facts f = { .customer_id = 7 };
	struct risk_result r;

	risk_assess(&f, &r);
	assert_explained(&r);
	assert_int_equal(r.band, RISK_C);
	assert_int_equal(r.n_factors, 1);
	assert_string_equal(r.factors[0].name, "no_history");
	assert_non_null(strstr(r.factors[0].text, "not enough history"));
}

static void test_always_on_time_is_a(void **state)
{
	struct risk_facts f = { .settled = 12, .settled_on_time = 12, .recent_settled = 6, .prior_settled = 6 };
	struct risk_result r;

	risk_assess(&f, &r);
	assert_explained(&r);
	assert_int_equal(r.band, RISK_A);
	assert_int_equal(r.score, 0);
	assert_int_equal(factor(&r, "on_time")->points, -5);
	assert_non_null(strstr(factor(&r, "on_time")->text, "all 12"));
}

static void test_slipped_once_is_gentle(void **state)
{
	/* one invoice of twelve paid 20 days late */
	struct risk_facts f = { .settled = 12,
				.settled_on_time = 11,
				.days_late_sum = 20,
				.late_count = 1,
				.recent_settled = 6,
				.recent_late = 1,
				.prior_settled = 6 };
	struct risk_result r;

	risk_assess(&f, &r);
	assert_explained(&r);
	assert_true(r.band <= RISK_B);
	assert_non_null(strstr(factor(&r, "on_time")->text, "one slip"));
	/* even 60 days late once stays in B */
	f.days_late_sum = 60;
	risk_assess(&f, &r);
	assert_int_equal(r.band, RISK_B);
	/* a slip that is still open, 10 days past due, on a clean record: A */
	f = (struct risk_facts){ .settled = 12,
				 .settled_on_time = 12,
				 .days_late_sum = 10,
				 .late_count = 1,
				 .open_overdue = 1,
				 .max_dpd = 10 };
	risk_assess(&f, &r);
	assert_explained(&r);
	assert_int_equal(r.band, RISK_A);
	assert_non_null(factor(&r, "overdue"));
}

static void test_chronic_late_is_d_or_e(void **state)
{
	/* 7 of 10 late, 25 days on average, nothing open */
	struct risk_facts f = { .settled = 10, .settled_on_time = 3, .days_late_sum = 175, .late_count = 7 };
	struct risk_result r;

	risk_assess(&f, &r);
	assert_explained(&r);
	assert_int_equal(r.band, RISK_D);
	/* the same, 75 days late on average and one invoice 100 days past due: E */
	f.days_late_sum = 8 * 75;
	f.late_count = 8;
	f.open_overdue = 1;
	f.max_dpd = 100;
	risk_assess(&f, &r);
	assert_explained(&r);
	assert_int_equal(r.band, RISK_E);
	/* a late payer that is only a few days late is still D: the habit counts */
	f = (struct risk_facts){ .settled = 10, .settled_on_time = 4, .days_late_sum = 18, .late_count = 6 };
	risk_assess(&f, &r);
	assert_int_equal(r.band, RISK_D);
}

static void test_few_settled_not_a_habit(void **state)
{
	/* the only invoice ever settled was paid 5 days late: not D on one data point */
	struct risk_facts f = { .settled = 1, .days_late_sum = 5, .late_count = 1 };
	struct risk_result r;

	risk_assess(&f, &r);
	assert_explained(&r);
	assert_int_equal(r.band, RISK_B);
}

static void test_returns_weigh_heavily(void **state)
{
	struct risk_facts f = { .settled = 12, .settled_on_time = 12, .returned_payments = 1 };
	struct risk_result r;

	risk_assess(&f, &r);
	assert_explained(&r);
	/* a clean record with one bounce drops two bands */
	assert_int_equal(r.band, RISK_C);
	assert_int_equal(factor(&r, "returned_payments")->points, 30);
	f.returned_payments = 5;
	risk_assess(&f, &r);
	assert_int_equal(factor(&r, "returned_payments")->points, 60);
	assert_int_equal(r.band, RISK_D);
}

static void test_broken_promises_weigh_heavily(void **state)
{
	struct risk_facts f = { .settled = 12, .settled_on_time = 12, .broken_promises = 2 };
	struct risk_result r;

	risk_assess(&f, &r);
	assert_explained(&r);
	assert_int_equal(r.band, RISK_C);
	f.broken_promises = 3;
	risk_assess(&f, &r);
	assert_int_equal(factor(&r, "broken_promises")->points, 60);
	assert_int_equal(r.band, RISK_D);
	/* broken promises alone are history: not "no history" */
	f = (struct risk_facts){ .broken_promises = 1 };
	risk_assess(&f, &r);
	assert_null(factor(&r, "no_history"));
	assert_non_null(factor(&r, "thin_history"));
}

static void test_worsening_trend_raises_risk(void **state)
{
	struct risk_facts steady = { .settled = 8,
				     .settled_on_time = 6,
				     .days_late_sum = 20,
				     .late_count = 2,
				     .recent_settled = 4,
				     .recent_late = 1,
				     .prior_settled = 4,
				     .prior_late = 1 };
	struct risk_facts worse = steady;
	struct risk_facts better = steady;
	struct risk_result rs, rw, rb;

	worse.recent_late = 2;
	worse.prior_late = 0;
	better.recent_late = 0;
	better.prior_late = 2;
	risk_assess(&steady, &rs);
	risk_assess(&worse, &rw);
	risk_assess(&better, &rb);
	assert_explained(&rs);
	assert_explained(&rw);
	assert_explained(&rb);
	assert_int_equal(factor(&rs, "trend")->points, 0);
	assert_int_equal(factor(&rw, "trend")->points, 10);
	assert_non_null(strstr(factor(&rw, "trend")->text, "worsening"));
	assert_true(rw.score > rs.score);
	assert_true(rb.score < rs.score);
	assert_true(rw.band > rs.band);
	/* too few settlements in a half-year: no trend is claimed */
	worse.prior_settled = 1;
	risk_assess(&worse, &rw);
	assert_null(factor(&rw, "trend"));
}

static void test_everything_at_once_fits(void **state)
{
	struct risk_facts f = { .settled = 100,
				.settled_on_time = 1,
				.days_late_sum = 99 * 400,
				.late_count = 99,
				.open_overdue = 40,
				.max_dpd = 900,
				.returned_payments = 30,
				.broken_promises = 9,
				.recent_settled = 50,
				.recent_late = 50,
				.prior_settled = 50,
				.prior_late = 10 };
	struct risk_result r;

	risk_assess(&f, &r);
	assert_explained(&r);
	assert_int_equal(r.band, RISK_E);
	assert_int_equal(r.n_factors, 6);
	assert_int_equal(r.score, 45 + 30 + 30 + 60 + 60 + 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_band_names),
		cmocka_unit_test(test_band_edges),
		cmocka_unit_test(test_pay_permille),
		cmocka_unit_test(test_no_history_is_neutral),
		cmocka_unit_test(test_always_on_time_is_a),
		cmocka_unit_test(test_slipped_once_is_gentle),
		cmocka_unit_test(test_chronic_late_is_d_or_e),
		cmocka_unit_test(test_few_settled_not_a_habit),
		cmocka_unit_test(test_returns_weigh_heavily),
		cmocka_unit_test(test_broken_promises_weigh_heavily),
		cmocka_unit_test(test_worsening_trend_raises_risk),
		cmocka_unit_test(test_everything_at_once_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
