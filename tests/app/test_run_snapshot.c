/*
 * The watch rows' share of the snapshot (app/run_snapshot.h): what
 * run_snapshot_text writes for an account, run_snapshot_add_text sums
 * again into the same rows as run_snapshot_account did, on the day it was
 * written or on a later one, each invoice in its bucket of that day
 * (watch-3); the strategy is written as its place among the run's
 * strategies (watch-2), or "=" and its name when it is none of them; text
 * that is not such lines is refused.
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
static struct aging_config aging;
static const date_t day = 20415; /* 2025-11-23 */

/* The run's strategies by name alone: the text names them by place. */
static int setup(void **state)
{
	static const char *const names[] = { "b2b-gentle", "consumer-standard", "consumer-br" };

	(void)state;
	for (size_t i = 0; i < 3; i++)
		snprintf(strategies[i].name, sizeof(strategies[i].name), "%s", names[i]);
	aging_config_default(&aging);
	return 0;
}

/* A snapshot of the run's strategies and buckets, as of `as_of`. */
static void snapshot_init(struct run_snapshot *s, date_t as_of)
{
	*s = (struct run_snapshot){ 0 };
	run_snapshot_strategies(s, strategies, 3);
	run_snapshot_aging(s, &aging);
	s->as_of = as_of;
}

/* The account of `open` as of `as_of`, as the run sums it (snap_account). */
static void account_of(struct snap_account *a, const struct snap_open *open, size_t n, date_t as_of)
{
	*a = (struct snap_account)SNAP_ACCOUNT_INIT;
	for (size_t i = 0; i < n; i++)
		run_snapshot_invoice(a, aging_bucket(&aging, as_of - open[i].due), open[i].balance);
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

/* A due date whose invoice is in `bucket` on `day` (the default buckets: current, 1-30, 31-60, 61-90, over-90). */
static date_t due_in(int bucket)
{
	static const int dpd[] = { 0, 15, 45, 75, 120 };
	return day - dpd[bucket];
}

/* Due 70, 10 and 75 days before `day`, one paid: buckets 61-90, 1-30 and 61-90 that day. */
static const struct snap_open opens[] = { { day - 70, 6224 }, { day - 10, 13932 }, { day - 75, 100 }, { day - 3, 0 } };

static void test_round_trip(void **state)
{
	struct run_snapshot direct, again, later, later_direct;
	struct error e = ERROR_INIT;
	struct snap_account a;
	char *buf = NULL, want[2048], got[2048], line[256];
	size_t len = 0, cap = 0;

	(void)state;
	snapshot_init(&direct, day);
	snapshot_init(&again, day);
	account_of(&a, opens, 4, day);
	assert_int_equal(run_snapshot_account(&direct, &a, 7, "PLN", "consumer-standard", &e), 0);
	assert_int_equal(run_snapshot_text(&direct, opens, 4, 7, "PLN", "consumer-standard", &buf, &len, &cap, &e), 0);
	/* a strategy none of the run's: by name */
	assert_int_equal(run_snapshot_account(&direct, &a, 8, "EUR", "plan-12", &e), 0);
	assert_int_equal(run_snapshot_text(&direct, opens, 4, 8, "EUR", "plan-12", &buf, &len, &cap, &e), 0);
	/* nothing open: no line */
	assert_int_equal(run_snapshot_text(&direct, opens + 3, 1, 9, "EUR", "plan-12", &buf, &len, &cap, &e), 0);
	snprintf(line, sizeof(line),
		 "PLN\t1\t0\t%d:6224\t%d:13932\t%d:100\nEUR\t=plan-12\t0\t%d:6224\t%d:13932\t%d:100\n", day - 70,
		 day - 10, day - 75, day - 70, day - 10, day - 75);
	assert_string_equal(buf, line);
	assert_int_equal(run_snapshot_add_text(&again, buf, &e), 0);
	rows_text(&direct, want, sizeof(want));
	rows_text(&again, got, sizeof(got));
	assert_string_equal(got, want);
	assert_non_null(strstr(got, "strategy/consumer-standard/PLN/3=1:2:6324;"));
	assert_non_null(strstr(got, "strategy/plan-12/EUR/1=0:1:13932;"));

	/* 25 days on, unvisited: the same text sums each invoice in its bucket of that day */
	snapshot_init(&later, day + 25);
	snapshot_init(&later_direct, day + 25);
	account_of(&a, opens, 4, day + 25);
	assert_int_equal(run_snapshot_account(&later_direct, &a, 7, "PLN", "consumer-standard", &e), 0);
	assert_int_equal(run_snapshot_account(&later_direct, &a, 8, "EUR", "plan-12", &e), 0);
	assert_int_equal(run_snapshot_add_text(&later, buf, &e), 0);
	rows_text(&later_direct, want, sizeof(want));
	rows_text(&later, got, sizeof(got));
	assert_string_equal(got, want);
	assert_non_null(strstr(got, "strategy/consumer-standard/PLN/4=1:2:6324;"));  /* 95 and 100 days: 90+ */
	assert_non_null(strstr(got, "strategy/consumer-standard/PLN/2=0:1:13932;")); /* 35 days: 31-60 */
	free(buf);
	run_snapshot_release(&direct);
	run_snapshot_release(&again);
	run_snapshot_release(&later);
	run_snapshot_release(&later_direct);
}

/* The numbers written as printf's "%d:%lld" writes them: a due date before 1970, the largest balance, 0 and one digit */
static void test_text_numbers(void **state)
{
	static const struct snap_open edge[] = { { -719528, 1000000000000000LL }, { 0, 1 }, { 9, 10 }, { -1, 0 } };
	struct run_snapshot direct;
	struct error e = ERROR_INIT;
	char *buf = NULL, want[256];
	size_t len = 0, cap = 0;

	(void)state;
	snapshot_init(&direct, day);
	assert_int_equal(run_snapshot_text(&direct, edge, 4, 7, "PLN", "consumer-standard", &buf, &len, &cap, &e), 0);
	snprintf(want, sizeof(want), "PLN\t1\t0\t%d:%lld\t%d:%lld\t%d:%lld\n", -719528, 1000000000000000LL, 0, 1LL, 9,
		 10LL);
	assert_string_equal(buf, want);
	assert_int_equal(len, strlen(want));
	free(buf);
	run_snapshot_release(&direct);
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
		"PLN\t3\t0\t20000:1\n",       /* the fourth strategy of three */
		"PLN\t\t0\t20000:1\n",        /* none */
		"PLN\t=\t0\t20000:1\n",       /* an empty name */
		"PLN\t1x\t0\t20000:1\n",      /* not a place */
		"PLN\t-1\t0\t20000:1\n",      /* nor this */
		"PLN\t1\t0\t20000:1",         /* no end of line */
		"PLN\t9999999\t0\t20000:1\n", /* too far */
		"PLN\t1\t0\n",                /* no invoice */
		"PLN\t1\t0\t20000:0\n",       /* nothing owed */
		"PLN\t1\t0\t20000\n",         /* no balance */
		"PLN\t1\t0\t99999999:1\n",    /* a date out of range */
		"PLN\t1\t0\t3:1:1\n",         /* watch-2's buckets */
		"PLN\t1\t0\t3\t3:1:1\n",      /* nor its oldest bucket */
	};
	struct error e = ERROR_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct run_snapshot s;
		snapshot_init(&s, day);
		if (run_snapshot_add_text(&s, bad[i], &e) != -ERR_INPUT)
			fail_msg("taken: %s", bad[i]);
		assert_non_null(strstr(e.message, "not as the run writes it"));
		run_snapshot_release(&s);
	}
}

/*
 * Many accounts, of 100 collectors (and none), three currencies and
 * strategies, in five buckets: 4,545 keys, more than run_snapshot_add_text's cache of the rows of
 * a key holds (SNAP_HITS), so that keys evict each other. The text sums into
 * the same rows, in the same order, with the same figures, as the accounts
 * did; and the same as the text naming each strategy by name (no cache).
 */
static void test_many_keys(void **state)
{
	static const char *const currencies[] = { "PLN", "EUR", "USD" };
	enum { USERS = 100, ACCOUNTS = 20000 };
	struct run_snapshot direct, again, named;
	struct snap_user users[USERS];
	struct snap_assigned *assigned = calloc(ACCOUNTS, sizeof(*assigned));
	struct error e = ERROR_INIT;
	char *buf = NULL, *want = malloc(1 << 20), *got = malloc(1 << 20);
	size_t len = 0, cap = 0;

	(void)state;
	assert_non_null(assigned);
	assert_non_null(want);
	assert_non_null(got);
	for (int u = 0; u < USERS; u++) {
		users[u].id = u + 1;
		snprintf(users[u].name, sizeof(users[u].name), "collector-%02d", u);
	}
	for (struct run_snapshot *r = &direct; r; r = r == &direct ? &again : r == &again ? &named : NULL) {
		snapshot_init(r, day);
		r->users = users;
		r->n_users = USERS;
	}
	for (int i = 0; i < ACCOUNTS; i++) {
		assigned[i].customer_id = i + 1;
		assigned[i].user_id = i % (USERS + 1); /* 0: nobody works it */
	}
	direct.assigned = assigned;
	direct.n_assigned = ACCOUNTS;
	for (int i = 0; i < ACCOUNTS; i++) {
		struct snap_account a;
		const char *currency = currencies[(i / 7) % 3], *strategy = strategies[(i / 3) % 3].name;
		struct snap_open two[] = { { due_in(i % 5), 100 + i }, { due_in((i * 7) % 5), 1 + i % 13 } };
		account_of(&a, two, 2, day);
		assert_int_equal(run_snapshot_account(&direct, &a, i + 1, currency, strategy, &e), 0);
		assert_int_equal(run_snapshot_text(&direct, two, 2, i + 1, currency, strategy, &buf, &len, &cap, &e),
				 0);
	}
	assert_int_equal(run_snapshot_add_text(&again, buf, &e), 0);
	rows_text(&direct, want, 1 << 20);
	rows_text(&again, got, 1 << 20);
	assert_string_equal(got, want);
	/* a cache of one entry and of two: every key evicts the last, or its neighbours' */
	for (size_t n = 1; n <= 2; n++) {
		struct run_snapshot tiny;
		snapshot_init(&tiny, day);
		tiny.users = users;
		tiny.n_users = USERS;
		tiny.n_hits = n;
		assert_int_equal(run_snapshot_add_text(&tiny, buf, &e), 0);
		rows_text(&tiny, got, 1 << 20);
		assert_string_equal(got, want);
		tiny.users = NULL;
		run_snapshot_release(&tiny);
	}
	/* 15 book rows, 45 strategy rows, 1,500 collector rows; 4,545 keys of the cache (SNAP_HITS 4,096) */
	assert_int_equal(direct.n_snap, 15 + 45 + 1500);
	assert_non_null(strstr(got, "collector/collector-07/"));

	/* the same shares with each strategy by name ("=" form): the rows summed without the cache */
	char *byname = malloc(2 * len + 1), *q = byname;
	assert_non_null(byname);
	for (const char *p = buf; *p;) {
		const char *tab = strchr(p, '\t'), *rest = strchr(tab + 1, '\t'), *nl = strchr(p, '\n');
		q += sprintf(q, "%.*s=%s%.*s", (int)(tab + 1 - p), p, strategies[strtoul(tab + 1, NULL, 10)].name,
			     (int)(nl + 1 - rest), rest);
		p = nl + 1;
	}
	assert_int_equal(run_snapshot_add_text(&named, byname, &e), 0);
	rows_text(&named, got, 1 << 20);
	assert_string_equal(got, want);
	free(byname);
	free(buf);
	free(want);
	free(got);
	free(assigned);
	direct.assigned = NULL;
	direct.users = again.users = named.users = NULL;
	run_snapshot_release(&direct);
	run_snapshot_release(&again);
	run_snapshot_release(&named);
}

/*
 * The cache's key is every part of it: with one entry, a share's bucket
 * whose key differs from the one before in its currency alone, its
 * strategy alone, its collector alone or its bucket alone sums into its own
 * rows, not the last key's.
 */
static void test_cache_key(void **state)
{
	struct key {
		const char *currency;
		int place, user, bucket;
	} base = { "PLN", 0, 1, 2 }, seq[9];
	struct snap_user users[2] = { { 1, "ann" }, { 2, "bob" } };
	struct snap_assigned assigned[9];
	struct run_snapshot direct, tiny;
	struct error e = ERROR_INIT;
	char *buf = NULL, want[8192], got[8192];
	size_t len = 0, cap = 0;

	(void)state;
	for (int i = 0; i < 9; i++)
		seq[i] = base;
	seq[1].currency = "EUR";
	seq[3].place = 1;
	seq[5].user = 2;
	seq[7].bucket = 4;
	for (struct run_snapshot *r = &direct; r; r = r == &direct ? &tiny : NULL) {
		snapshot_init(r, day);
		r->users = users;
		r->n_users = 2;
	}
	tiny.n_hits = 1;
	for (int i = 0; i < 9; i++) {
		assigned[i].customer_id = i + 1;
		assigned[i].user_id = seq[i].user;
	}
	direct.assigned = assigned;
	direct.n_assigned = 9;
	for (int i = 0; i < 9; i++) {
		struct snap_account a;
		struct snap_open one = { due_in(seq[i].bucket), 10 * (i + 1) };
		account_of(&a, &one, 1, day);
		assert_int_equal(
			run_snapshot_account(&direct, &a, i + 1, seq[i].currency, strategies[seq[i].place].name, &e),
			0);
		assert_int_equal(run_snapshot_text(&direct, &one, 1, i + 1, seq[i].currency,
						   strategies[seq[i].place].name, &buf, &len, &cap, &e),
				 0);
	}
	assert_int_equal(run_snapshot_add_text(&tiny, buf, &e), 0);
	rows_text(&direct, want, sizeof(want));
	rows_text(&tiny, got, sizeof(got));
	assert_string_equal(got, want);
	assert_non_null(strstr(got, "collector/ann/PLN/2=6:6:290;")); /* all but EUR, bob and bucket 4 */
	free(buf);
	direct.assigned = NULL;
	direct.users = tiny.users = NULL;
	run_snapshot_release(&direct);
	run_snapshot_release(&tiny);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip), cmocka_unit_test(test_text_numbers), cmocka_unit_test(test_refused),
		cmocka_unit_test(test_many_keys),  cmocka_unit_test(test_cache_key),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
