/*
 * test_agreements.c: the use cases of app/plans, settlements, approvals
 * and authority on a real store: an exact split, the review from the
 * ledger, the authority limits' arithmetic, and a settlement through the
 * approval queue.
 */
#include "app_fixture.h"

#include "app/approvals.h"
#include "app/authority.h"
#include "app/plans.h"
#include "app/settlements.h"
#include "store/holds.h"
#include "store/users.h"

static void add_user(struct fixture *f, const char *name, const char *role)
{
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct user u = { 0 };

	snprintf(u.name, sizeof(u.name), "%s", name);
	snprintf(u.role, sizeof(u.role), "%s", role);
	snprintf(u.created_by, sizeof(u.created_by), "seed");
	snprintf(u.updated_by, sizeof(u.updated_by), "seed");
	u.created_at = u.updated_at = f->app.now;
	assert_int_equal(store_tx_begin(f->app.store, f->app.tenant, "seed", STORE_WRITE, &tx, &e), 0);
	assert_int_equal(store_user_insert(tx, &u, &e), 1);
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);
}

static void pay(struct fixture *f, int64_t invoice_id, int64_t amount, date_t on)
{
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct ledger_entry le = { 0, f->c1, invoice_id, 0, LEDGER_PAYMENT, -amount, "USD", on };

	assert_int_equal(store_tx_begin(f->app.store, f->app.tenant, "seed", STORE_WRITE, &tx, &e), 0);
	assert_int_equal(store_ledger_post(tx, &le, 1, 0, &e), 0);
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);
}

static int count_hold(void *ctx, const struct hold *h)
{
	(void)h;
	(*(int *)ctx)++;
	return 0;
}

/* The holds current now on every customer. */
static int holds_now(struct fixture *f)
{
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	int n = 0;

	assert_int_equal(store_tx_begin(f->app.store, f->app.tenant, "t", STORE_READ, &tx, &e), 0);
	assert_int_equal(store_holds_each(tx, 1, INT64_MAX, f->app.now, f->app.today, count_hold, &n, &e), 0);
	store_tx_free(tx);
	return n;
}

static void plan_split_and_review(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct plan_request rq = { 0 };
	struct plan_view v;
	struct agreement a;

	rq.customer_ref = "C1";
	rq.count = 3;
	rq.every = "month";
	rq.first = date_from_ymd(2026, 3, 31);
	assert_int_equal(plans_add(&f->app, &rq, &a, &e), 0);
	assert_int_equal(a.amount, 3500);
	assert_int_equal(holds_now(f), 2);
	assert_int_equal(plans_show(&f->app, a.id, &v, &e), 0);
	assert_int_equal(v.n_ins, 3);
	assert_int_equal(v.ins[0].amount, 1166);
	assert_int_equal(v.ins[2].amount, 1168);
	assert_int_equal(v.ins[1].due, date_from_ymd(2026, 4, 30)); /* the 31st clamped, not carried */
	assert_int_equal(v.ins[2].due, date_from_ymd(2026, 5, 31));
	pay(f, v.invs[0].invoice_id, 1000, date_from_ymd(2026, 3, 30));
	pay(f, v.invs[1].invoice_id, 166, date_from_ymd(2026, 3, 30));
	plans_view_free(&v);
	/* the first instalment is paid: kept through the grace days of the second */
	assert_int_equal(plans_review(&f->app, date_from_ymd(2026, 5, 3), &e), 0);
	f->app.today = date_from_ymd(2026, 5, 3); /* show counts the payments dated up to today */
	assert_int_equal(plans_show(&f->app, a.id, &v, &e), 0);
	assert_string_equal(v.plan.state, "current");
	assert_int_equal(v.paid[0], 1166);
	assert_int_equal(v.paid[1], 0);
	plans_view_free(&v);
	assert_int_equal(plans_review(&f->app, date_from_ymd(2026, 5, 4), &e), 0);
	assert_int_equal(plans_show(&f->app, a.id, &v, &e), 0);
	assert_string_equal(v.plan.state, "broken");
	assert_string_equal(v.plan.end_reason, "instalment 2 due 2026-04-30 unpaid after 3 days' grace");
	plans_view_free(&v);
	/* a second review of the day finds nothing */
	assert_int_equal(plans_review(&f->app, date_from_ymd(2026, 5, 4), &e), 0);
}

static void authority_arithmetic(void **state)
{
	json_error_t je;
	json_t *doc = json_loads(AUTHORITY_DEFAULT, 0, &je);
	char why[300];
	int all = WAIVE_FEES | WAIVE_INTEREST | WAIVE_PRINCIPAL;

	(void)state;
	assert_non_null(doc);
	/* 10% of 4000.00 under 5000.00: 400.00 yes, 400.01 no */
	assert_int_equal(authority_allows(doc, "collector", KIND_COMPANY, "BRL", 400000, 400000, 40000, all, why, 300),
			 1);
	assert_int_equal(authority_allows(doc, "collector", KIND_COMPANY, "BRL", 400000, 400000, 40001, all, why, 300),
			 0);
	assert_non_null(strstr(why, "at most 10% of principal (400.00 of 4000.00 BRL)"));
	/* 5000.00 is not under 5000.00: no collector limit applies */
	assert_int_equal(authority_allows(doc, "collector", KIND_PERSON, "BRL", 500000, 500000, 1, all, why, 300), 0);
	assert_string_equal(why, "no authority limit of a collector covers a balance of 5000.00 BRL");
	/* fees and interest only: no principal waived, within any limit */
	assert_int_equal(
		authority_allows(doc, "collector", KIND_PERSON, "BRL", 400000, 300000, 0, WAIVE_FEES, why, 300), 1);
	/* under 5000.00 is under 5,000 yen too (the yen has no decimals): 4,999 yes, 5,000 and 400,000 no */
	assert_int_equal(authority_allows(doc, "collector", KIND_PERSON, "JPY", 4999, 4999, 0, all, why, 300), 1);
	assert_int_equal(authority_allows(doc, "collector", KIND_PERSON, "JPY", 5000, 5000, 0, all, why, 300), 0);
	assert_string_equal(why, "no authority limit of a collector covers a balance of 5000 JPY");
	assert_int_equal(
		authority_allows(doc, "collector", KIND_PERSON, "JPY", 400000, 300000, 0, WAIVE_FEES, why, 300), 0);
	/* and 5,000 dinars (three decimals) */
	assert_int_equal(authority_allows(doc, "collector", KIND_PERSON, "KWD", 4999999, 4999999, 0, all, why, 300), 1);
	assert_int_equal(authority_allows(doc, "collector", KIND_PERSON, "KWD", 5000000, 5000000, 0, all, why, 300), 0);
	assert_int_equal(authority_allows(doc, "manager", KIND_PERSON, "EUR", 9000000, 9000000, 3600000, all, why, 300),
			 1);
	assert_int_equal(authority_allows(doc, "manager", KIND_PERSON, "EUR", 9000000, 9000000, 3600001, all, why, 300),
			 0);
	assert_int_equal(authority_may_write_off(doc, "manager"), 1);
	assert_int_equal(authority_may_write_off(doc, "collector"), 0);
	assert_int_equal(authority_grace_days(doc), 3);
	json_decref(doc);
}

static void settlement_through_approval(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct settlement_request rq = { 0 };
	struct agreement a, b;

	add_user(f, "cy", "collector");
	add_user(f, "mo", "manager");
	rq.customer_ref = "C1";
	rq.pay = "20.00"; /* of 35.00: 15.00 waived, 42.86% of principal */
	rq.pay_by = f->app.today + 10;
	rq.user = "cy";
	assert_int_equal(settlements_offer(&f->app, &rq, &a, &e), -ERR_FORBIDDEN);
	assert_non_null(strstr(e.message, "this offer waives 15.00 USD of principal (42.86%)"));
	rq.request_approval = 1;
	assert_int_equal(settlements_offer(&f->app, &rq, &a, &e), 0);
	assert_string_equal(a.state, "pending_approval");
	/* 42% is beyond a manager's 40% too */
	assert_int_equal(approvals_approve(&f->app, a.id, "mo", NULL, 0, &b, &e), -ERR_FORBIDDEN);
	assert_int_equal(approvals_reject(&f->app, a.id, "mo", "too generous", 0, &b, &e), 0);
	assert_string_equal(b.state, "rejected");
	assert_string_equal(b.decided_by, "mo");
	assert_int_equal(approvals_reject(&f->app, a.id, "mo", "again", 0, &b, &e), -ERR_CONFLICT);
	assert_int_equal(holds_now(f), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(plan_split_and_review, fixture_setup, fixture_teardown),
		cmocka_unit_test(authority_arithmetic),
		cmocka_unit_test_setup_teardown(settlement_through_approval, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
