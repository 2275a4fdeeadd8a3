#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/ledger.h"

static struct invoice inv(int64_t id, int64_t balance)
{
	struct invoice i;
	memset(&i, 0, sizeof(i));
	i.id = id;
	i.balance = balance;
	return i;
}

static void test_exact_payment(void **state)
{
	struct invoice open[] = { inv(1, 10000) };
	struct allocation a[1];
	int64_t left = -1;
	assert_int_equal(ledger_allocate(10000, open, 1, a, &left), 1);
	assert_int_equal(a[0].invoice_id, 1);
	assert_int_equal(a[0].amount, 10000);
	assert_int_equal(left, 0);
}

static void test_partial_payment(void **state)
{
	struct invoice open[] = { inv(1, 10000), inv(2, 5000) };
	struct allocation a[2];
	int64_t left = -1;
	assert_int_equal(ledger_allocate(2550, open, 2, a, &left), 1);
	assert_int_equal(a[0].invoice_id, 1);
	assert_int_equal(a[0].amount, 2550);
	assert_int_equal(left, 0);
}

static void test_spreads_oldest_first(void **state)
{
	/* the caller orders oldest due first; allocation keeps that order */
	struct invoice open[] = { inv(7, 3000), inv(3, 4000), inv(9, 5000) };
	struct allocation a[3];
	int64_t left = -1;
	assert_int_equal(ledger_allocate(8000, open, 3, a, &left), 3);
	assert_int_equal(a[0].invoice_id, 7);
	assert_int_equal(a[0].amount, 3000);
	assert_int_equal(a[1].invoice_id, 3);
	assert_int_equal(a[1].amount, 4000);
	assert_int_equal(a[2].invoice_id, 9);
	assert_int_equal(a[2].amount, 1000);
	assert_int_equal(left, 0);
}

static void test_over_payment_leaves_credit(void **state)
{
	struct invoice open[] = { inv(1, 1000), inv(2, 2000) };
	struct allocation a[2];
	int64_t left = -1;
	assert_int_equal(ledger_allocate(5001, open, 2, a, &left), 2);
	assert_int_equal(a[0].amount + a[1].amount + left, 5001);
	assert_int_equal(left, 2001);
}

static void test_nothing_open(void **state)
{
	struct allocation a[1];
	int64_t left = -1;
	assert_int_equal(ledger_allocate(700, NULL, 0, a, &left), 0);
	assert_int_equal(left, 700);
}

static void test_skips_settled_and_credit_balances(void **state)
{
	struct invoice open[] = { inv(1, 0), inv(2, -500), inv(3, 800) };
	struct allocation a[3];
	int64_t left = -1;
	assert_int_equal(ledger_allocate(1000, open, 3, a, &left), 1);
	assert_int_equal(a[0].invoice_id, 3);
	assert_int_equal(a[0].amount, 800);
	assert_int_equal(left, 200);
}

static void test_returned_payment_nets_to_zero(void **state)
{
	/* A returned payment is reversed entry by entry: the reversal of each
	 * allocation restores the balance exactly. */
	struct invoice open[] = { inv(1, 1234), inv(2, 999) };
	struct allocation a[2];
	int64_t left = 0, b1 = open[0].balance, b2 = open[1].balance;
	size_t n = ledger_allocate(2000, open, 2, a, &left);
	for (size_t i = 0; i < n; i++) {
		if (a[i].invoice_id == 1)
			b1 -= a[i].amount;
		else
			b2 -= a[i].amount;
	}
	assert_int_equal(b1, 0);
	assert_int_equal(b2, 233);
	for (size_t i = 0; i < n; i++) { /* reversal entries: +amount */
		if (a[i].invoice_id == 1)
			b1 += a[i].amount;
		else
			b2 += a[i].amount;
	}
	assert_int_equal(b1, 1234);
	assert_int_equal(b2, 999);
}

static void test_kind_names(void **state)
{
	enum ledger_kind k;
	for (int i = 0; i < LEDGER_KIND_COUNT; i++) {
		assert_int_equal(ledger_kind_parse(ledger_kind_name((enum ledger_kind)i), &k), 0);
		assert_int_equal(k, i);
	}
	assert_int_equal(ledger_kind_parse("refund", &k), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_payment),
		cmocka_unit_test(test_partial_payment),
		cmocka_unit_test(test_spreads_oldest_first),
		cmocka_unit_test(test_over_payment_leaves_credit),
		cmocka_unit_test(test_nothing_open),
		cmocka_unit_test(test_skips_settled_and_credit_balances),
		cmocka_unit_test(test_returned_payment_nets_to_zero),
		cmocka_unit_test(test_kind_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
