/*
 * test_contact_log.c: app/contact_log on a real SQLite store with a fixed
 * clock: an attempt logged and read back with its contact, spoke-with,
 * note and invoices; every refusal leaves the history as it was.
 */
#include "app_fixture.h"

#include "app/contact_log.h"

struct seen {
	char customer_ref[REF_MAX + 1];
	int rows;
	struct contact_attempt a;
	char contact_ref[REF_MAX + 1], spoke_with[NAME_MAX_LEN + 1], note[TEXT_MAX + 1], invoice_refs[256];
};

static int on_customer(void *ctx, const struct customer *c)
{
	struct seen *s = ctx;
	snprintf(s->customer_ref, sizeof(s->customer_ref), "%s", c->ref);
	return 0;
}

static int on_attempt(void *ctx, const struct attempt_view *v)
{
	struct seen *s = ctx;
	s->a = v->a;
	snprintf(s->contact_ref, sizeof(s->contact_ref), "%s", v->contact_ref);
	snprintf(s->spoke_with, sizeof(s->spoke_with), "%s", v->spoke_with);
	snprintf(s->note, sizeof(s->note), "%s", v->note);
	snprintf(s->invoice_refs, sizeof(s->invoice_refs), "%s", v->invoice_refs);
	s->rows++;
	return 0;
}

static int history_rows(struct fixture *f, const char *customer_ref)
{
	struct seen s = { 0 };
	struct contact_log_reader r = { on_customer, on_attempt, &s };
	struct error e = ERROR_INIT;
	assert_int_equal(contact_log_history(&f->app, customer_ref, &r, &e), 0);
	return s.rows;
}

static struct contact_log_request call(const char *contact_ref, enum contact_outcome o, timestamp_t at)
{
	struct contact_log_request rq = { 0 };
	rq.contact_ref = contact_ref;
	rq.channel = CHANNEL_CALL;
	rq.outcome = o;
	rq.at = at;
	return rq;
}

static void logged_and_read_back(void **state)
{
	struct fixture *f = *state;
	struct contact_log_request rq = call("K1", OUTCOME_PROMISE, f->app.now - 3600);
	struct contact_log_entry le;
	struct seen s = { 0 };
	struct contact_log_reader r = { on_customer, on_attempt, &s };
	struct error e = ERROR_INIT;

	rq.spoke_with = "Mary Smith";
	rq.note = "pays Friday";
	rq.address = "+1 (212) 555-0101"; /* the contact's phone, written another way */
	assert_int_equal(contact_log_add(&f->app, &rq, &le, &e), 0);
	assert_true(le.id > 0);
	assert_string_equal(le.contact_ref, "K1");
	assert_string_equal(le.customer_ref, "C1");
	assert_true(le.attempt.conversation);
	assert_int_equal(le.attempt.n_invoices, 2); /* every open invoice, named */

	assert_int_equal(contact_log_history(&f->app, "C1", &r, &e), 0);
	assert_string_equal(s.customer_ref, "C1");
	assert_int_equal(s.rows, 1);
	assert_string_equal(s.contact_ref, "K1");
	assert_string_equal(s.spoke_with, "Mary Smith");
	assert_string_equal(s.note, "pays Friday");
	assert_string_equal(s.invoice_refs, "I-1,I-2");
	assert_int_equal(s.a.channel, CHANNEL_CALL);
	assert_int_equal(s.a.outcome, OUTCOME_PROMISE);
	assert_true(s.a.at == f->app.now - 3600);
	assert_int_equal(history_rows(f, "C2"), 0);

	/* one invoice named: only that one */
	rq = call("K2", OUTCOME_NO_ANSWER, f->app.now);
	rq.invoice_ref = "I-2";
	assert_int_equal(contact_log_add(&f->app, &rq, &le, &e), 0);
	assert_int_equal(le.attempt.n_invoices, 1);
	assert_false(le.attempt.conversation);
	/* a moment within the clock skew is accepted */
	rq = call("K2", OUTCOME_NO_ANSWER, f->app.now + APP_CLOCK_SKEW);
	assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), 0);
	assert_int_equal(history_rows(f, "C1"), 3);
}

static void refusals_write_nothing(void **state)
{
	struct fixture *f = *state;
	struct contact_log_request rq;
	struct error e = ERROR_INIT;

	/* an outcome the channel cannot have */
	rq = call("K1", OUTCOME_VOICEMAIL, f->app.now);
	rq.channel = CHANNEL_LETTER;
	assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "outcome");
	assert_non_null(strstr(e.message, "outcome 'voicemail' cannot happen on a letter"));

	/* an address the contact does not have */
	rq = call("K1", OUTCOME_NO_ANSWER, f->app.now);
	rq.address = "+1 999 555 0000";
	assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "address");
	rq = call("K2", OUTCOME_SENT, f->app.now);
	rq.channel = CHANNEL_EMAIL;
	rq.address = "a@b.example";
	assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "has no email"));

	/* later than now and the skew */
	rq = call("K1", OUTCOME_NO_ANSWER, f->app.now + APP_CLOCK_SKEW + 1);
	assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "at");

	/* free text */
	rq = call("K1", OUTCOME_RIGHT_PARTY, f->app.now);
	rq.note = "line\x1b[2J";
	assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "note");
	rq.note = NULL;
	rq.spoke_with = "\xc3\x28";
	assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "spoke_with");

	/* refs: unknown, or another customer's */
	rq = call("K-NOPE", OUTCOME_NO_ANSWER, f->app.now);
	assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), -ERR_NOT_FOUND);
	assert_string_equal(e.field, "contact_ref");
	rq = call("K1", OUTCOME_NO_ANSWER, f->app.now);
	rq.invoice_ref = "I-NOPE";
	assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), -ERR_NOT_FOUND);
	assert_string_equal(e.field, "invoice_ref");
	rq.invoice_ref = "J-1";
	assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "belongs to customer 'C2'"));

	assert_int_equal(history_rows(f, "C1"), 0);
	assert_int_equal(history_rows(f, "C2"), 0);
	{
		struct contact_log_reader r = { NULL, NULL, NULL };
		assert_int_equal(contact_log_history(&f->app, "C-NOPE", &r, &e), -ERR_NOT_FOUND);
		assert_string_equal(e.field, "customer_ref");
	}
}

/* A failing store call (the attempt's write) rolls the whole log back. */
static void fault_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct contact_log_request rq = call("K1", OUTCOME_NO_ANSWER, f->app.now);
	struct error e = ERROR_INIT;
	long calls;

	store_fault_inject(f->app.store, 0);
	calls = store_calls(f->app.store);
	assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), 0);
	calls = store_calls(f->app.store) - calls; /* begin ... commit */
	for (long n = 1; n <= calls; n++) {
		store_fault_inject(f->app.store, store_calls(f->app.store) + n);
		assert_int_equal(contact_log_add(&f->app, &rq, NULL, &e), -ERR_ENV);
		store_fault_inject(f->app.store, 0);
	}
	assert_int_equal(history_rows(f, "C1"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(logged_and_read_back, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(refusals_write_nothing, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(fault_rolls_back, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
