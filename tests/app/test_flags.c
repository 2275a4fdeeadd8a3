/*
 * test_flags.c: app/flags, and what app/customer_view and app/correct show
 * of it, on a real SQLite store with a fixed clock: a flag set, seen, and
 * cleared; a scope the flag does not take refused with nothing written.
 */
#include "app_fixture.h"

#include "app/correct.h"
#include "app/customer_view.h"
#include "app/flags.h"

static size_t active_flags(struct fixture *f, const char *customer_ref)
{
	struct customer_view v = CUSTOMER_VIEW_INIT;
	struct error e = ERROR_INIT;
	size_t n;
	assert_int_equal(customer_view_load(&f->app, customer_ref, &v, &e), 0);
	n = v.n_flags;
	customer_view_release(&v);
	return n;
}

static void set_and_clear(void **state)
{
	struct fixture *f = *state;
	struct flags_request rq = { .customer_ref = "C1", .flag = "cease", .reason = "letter of 2026-03-10" };
	struct customer_view v = CUSTOMER_VIEW_INIT;
	struct flag_record out;
	struct error e = ERROR_INIT;
	int cleared = 0;

	assert_int_equal(flags_set(&f->app, &rq, &out, &e), 0);
	assert_true(out.id > 0);
	assert_string_equal(out.set_by, "tester"); /* ctx->actor */
	assert_true(out.set_at == f->app.now);     /* ctx->now */

	assert_int_equal(customer_view_load(&f->app, "C1", &v, &e), 0);
	assert_int_equal(v.n_flags, 1);
	assert_string_equal(v.flags[0].flag, "cease");
	assert_string_equal(v.flags[0].reason, "letter of 2026-03-10");
	customer_view_release(&v);

	rq.by = "Jane Officer";
	rq.reason = "entered in error";
	assert_int_equal(flags_clear(&f->app, &rq, &cleared, &e), 0);
	assert_int_equal(cleared, 1);
	assert_int_equal(active_flags(f, "C1"), 0);
	assert_int_equal(flags_clear(&f->app, &rq, &cleared, &e), -ERR_NOT_FOUND);
	assert_non_null(strstr(e.message, "has no active flag cease"));

	/* scoped: a dispute on one invoice, a wrong number named by its contact */
	rq = (struct flags_request){ .customer_ref = "C1", .flag = "dispute", .invoice_ref = "I-2" };
	assert_int_equal(flags_set(&f->app, &rq, &out, &e), 0);
	assert_true(out.invoice_id > 0);
	rq = (struct flags_request){ .customer_ref = "C1", .flag = "wrong-number", .contact_ref = "K2" };
	assert_int_equal(flags_set(&f->app, &rq, &out, &e), 0);
	assert_string_equal(out.detail, "+1 212 555 0102");
	assert_int_equal(active_flags(f, "C1"), 2);
}

static void refusals_write_nothing(void **state)
{
	struct fixture *f = *state;
	struct flags_request rq;
	struct error e = ERROR_INIT;

	rq = (struct flags_request){ .customer_ref = "C-NOPE", .flag = "cease" };
	assert_int_equal(flags_set(&f->app, &rq, NULL, &e), -ERR_NOT_FOUND);
	assert_string_equal(e.field, "customer_ref");
	rq = (struct flags_request){ .customer_ref = "C1", .flag = "sleepy" };
	assert_int_equal(flags_set(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "flag");
	rq = (struct flags_request){ .customer_ref = "C1", .flag = "dispute", .invoice_ref = "J-1" };
	assert_int_equal(flags_set(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "belongs to customer 'C2'"));
	rq = (struct flags_request){ .customer_ref = "C1", .flag = "dispute", .invoice_ref = "I-NOPE" };
	assert_int_equal(flags_set(&f->app, &rq, NULL, &e), -ERR_NOT_FOUND);
	assert_string_equal(e.field, "invoice_ref");
	rq = (struct flags_request){ .customer_ref = "C1", .flag = "cease", .invoice_ref = "I-1" };
	assert_int_equal(flags_set(&f->app, &rq, NULL, &e), -ERR_INPUT);
	rq = (struct flags_request){ .customer_ref = "C1", .flag = "forbearance" };
	assert_int_equal(flags_set(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "detail");
	rq = (struct flags_request){ .customer_ref = "C1", .flag = "at-work" };
	assert_int_equal(flags_set(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "contact_ref");
	rq = (struct flags_request){ .customer_ref = "C1", .flag = "cease", .at = f->app.now + APP_CLOCK_SKEW + 1 };
	assert_int_equal(flags_set(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "at");
	rq = (struct flags_request){ .customer_ref = "C1", .flag = "cease", .reason = "bad\x7f" };
	assert_int_equal(flags_set(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "reason");
	assert_int_equal(active_flags(f, "C1"), 0);
}

static void view_sums(void **state)
{
	struct fixture *f = *state;
	struct customer_view v = CUSTOMER_VIEW_INIT;
	struct error e = ERROR_INIT;

	assert_int_equal(customer_view_load(&f->app, "C1", &v, &e), 0);
	assert_int_equal(v.owed, 3500);
	assert_int_equal(v.n_open, 2);
	assert_int_equal(v.days_past_due, 40); /* I-1 due 2026-02-04, today 2026-03-16 */
	assert_int_equal(v.unapplied_credit, 0);
	assert_int_equal(v.net, 3500);
	assert_int_equal(v.n_contacts, 2);
	assert_int_equal(v.n_changes, 0);
	customer_view_release(&v);
	assert_int_equal(customer_view_load(&f->app, "C-NOPE", &v, &e), -ERR_NOT_FOUND);
	assert_string_equal(e.field, "customer_ref");
	customer_view_release(&v);
}

static void correct_set(void **state)
{
	struct fixture *f = *state;
	struct correct_result r = CORRECT_RESULT_INIT;
	struct customer_view v = CUSTOMER_VIEW_INIT;
	struct error e = ERROR_INIT;
	char *good[] = { "name=Acme Two", "credit_limit=25.00" };
	char *bad[] = { "name=Other", "timezone=Mars/Olympus" };

	assert_int_equal(correct_customer_set(&f->app, "C1", bad, 2, NULL, &r, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "customer 'C1': timezone:"));
	assert_non_null(strstr(e.message, "nothing changed"));
	assert_int_equal(correct_customer_set(&f->app, "C-NOPE", good, 2, NULL, &r, &e), -ERR_NOT_FOUND);
	assert_int_equal(correct_customer_set(&f->app, "C1", good, 2, "alice", &r, &e), 2);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.changes[0].by, "alice");
	correct_result_release(&r);
	assert_int_equal(correct_customer_set(&f->app, "C1", good, 2, "alice", &r, &e), 0); /* already stored */
	assert_int_equal(r.n, 0);
	correct_result_release(&r);

	assert_int_equal(customer_view_load(&f->app, "C1", &v, &e), 0);
	assert_string_equal(v.customer.name, "Acme Two");
	assert_int_equal(v.customer.credit_limit, 2500);
	assert_int_equal(v.n_changes, 2);
	assert_true(v.changes[0].at == f->app.now);
	customer_view_release(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(set_and_clear, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(refusals_write_nothing, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(view_sums, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(correct_set, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
