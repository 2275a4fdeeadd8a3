/*
 * The watch rows' share of the snapshot (app/run_snapshot.h): what
 * run_snapshot_text writes for an account, run_snapshot_add_text sums
 * again into the same rows as run_snapshot_account did; the strategy is
 * written as its place among the run's strategies (watch-2), or "=" and its
 * name when it is none of them; text that is not such lines is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/run_snapshot.h"

static struct strategy strategies[3];

/* The run's strategies by name alone: the text names them by place. */
static int setup(void **state)
{
	static const char *const names[] = { "b2b-gentle", "consumer-standard", "consumer-br" };

	(void)state;
	for (size_t i = 0; i < 3; i++)
		snprintf(strategies[i].name, sizeof(strategies[i].name), "%s", names[i]);
	return 0;
}

/* The rows as "dimension/key/currency/bucket=accounts:invoices:balance;", in the snapshot's order. */
static void rows_text(const struct run_snapshot *s, char *out, size_t size)
{
	out[0] = '\0';
	for (size_t i = 0; i < s->n_snap; i++) {
		size_t len = strlen(out);
		const struct snap_key *k = &s->snap[i];
		snprintf(out + len, size - len, "%s/%s/%s/%d=%lld:%lld:%lld;", k->dimension, k->key, k->currency,
			 k->bucket, (long long)k->accounts, (long long)k->invoices, (long long)k->balance);
	}
}

static void account(struct snap_account *a)
{
	*a = (struct snap_account)SNAP_ACCOUNT_INIT;
	run_snapshot_invoice(a, 3, 6224);
	run_snapshot_invoice(a, 0, 13932);
	run_snapshot_invoice(a, 3, 100);
}

static void test_round_trip(void **state)
{
	struct run_snapshot direct = { 0 }, again = { 0 };
	struct error e = ERROR_INIT;
	struct snap_account a;
	char *buf = NULL, want[1024], got[1024];
	size_t len = 0, cap = 0;

	(void)state;
	run_snapshot_strategies(&direct, strategies, 3);
	run_snapshot_strategies(&again, strategies, 3);
	account(&a);
	assert_int_equal(run_snapshot_account(&direct, &a, 7, "PLN", "consumer-standard", &e), 0);
	assert_int_equal(run_snapshot_text(&direct, &a, 7, "PLN", "consumer-standard", &buf, &len, &cap, &e), 0);
	/* a strategy none of the run's: by name */
	assert_int_equal(run_snapshot_account(&direct, &a, 8, "EUR", "plan-12", &e), 0);
	assert_int_equal(run_snapshot_text(&direct, &a, 8, "EUR", "plan-12", &buf, &len, &cap, &e), 0);
	assert_string_equal(buf, "PLN\t1\t0\t3\t3:2:6324\t0:1:13932\nEUR\t=plan-12\t0\t3\t3:2:6324\t0:1:13932\n");
	assert_int_equal(run_snapshot_add_text(&again, buf, &e), 0);
	rows_text(&direct, want, sizeof(want));
	rows_text(&again, got, sizeof(got));
	assert_string_equal(got, want);
	assert_non_null(strstr(got, "strategy/consumer-standard/PLN/3=1:2:6324;"));
	assert_non_null(strstr(got, "strategy/plan-12/EUR/0=0:1:13932;"));
	free(buf);
	run_snapshot_release(&direct);
	run_snapshot_release(&again);
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
		"PLN\t3\t0\t3\t3:1:1\n",      /* the fourth strategy of three */
		"PLN\t\t0\t3\t3:1:1\n",       /* none */
		"PLN\t=\t0\t3\t3:1:1\n",      /* an empty name */
		"PLN\t1x\t0\t3\t3:1:1\n",     /* not a place */
		"PLN\t-1\t0\t3\t3:1:1\n",     /* nor this */
		"PLN\t1\t0\t3\t3:1:1",        /* no end of line */
		"PLN\t9999999\t0\t3\t3:1:1\n" /* too far */
	};
	struct error e = ERROR_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct run_snapshot s = { 0 };
		run_snapshot_strategies(&s, strategies, 3);
		assert_int_equal(run_snapshot_add_text(&s, bad[i], &e), -ERR_INPUT);
		assert_non_null(strstr(e.message, "not as the run writes it"));
		run_snapshot_release(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
