/*
 * test_list_stops.c: a list use case hands back its callback's stop. A
 * callback's nonzero return (a row that could not be kept: out of memory, a
 * failed write) must end the listing and reach the caller, or a cut list
 * passes for the whole one. templates_list returned 0 when a callback
 * stopped it among the shipped templates, and dropped a positive stop
 * among the tenant's; config_list broke out of its loop and returned 0;
 * disputes_list and audit_read dropped a positive stop; special_list went
 * on calling the callback after a positive one and returned 0. Each is
 * stopped here at its first row, with a positive stop and with an error.
 */
#include "app_fixture.h"

#include "app/audit_read.h"
#include "app/config.h"
#include "app/disputes.h"
#include "app/flags.h"
#include "app/special.h"
#include "app/templates.h"

#define STOP 7

/* How many times a callback ran, and what it returns (at its first call, and ever after). */
struct stopper {
	int calls;
	int stop;
	int stored_calls; /* templates: the calls for the tenant's own */
	int skip_shipped; /* templates: 0 for the shipped ones, the stop for the tenant's */
};

static int template_cb(void *ctx, const struct template_doc *d, int stored)
{
	struct stopper *s = ctx;
	(void)d;
	s->calls++;
	if (s->skip_shipped && !stored)
		return 0;
	s->stored_calls += stored;
	return s->stop;
}

static int config_cb(void *ctx, const struct config_entry *c)
{
	struct stopper *s = ctx;
	(void)c;
	s->calls++;
	return s->stop;
}

static int dispute_cb(void *ctx, const struct dispute *d)
{
	struct stopper *s = ctx;
	(void)d;
	s->calls++;
	return s->stop;
}

static int special_cb_fn(void *ctx, const struct special_row *r)
{
	struct stopper *s = ctx;
	(void)r;
	s->calls++;
	return s->stop;
}

static int audit_cb(void *ctx, const struct audit_entry *a)
{
	struct stopper *s = ctx;
	(void)a;
	s->calls++;
	return s->stop;
}

static void templates_stop(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct template_doc doc = { "courtesy-reminder",
				    "email",
				    "pl",
				    TEMPLATE_DEBTOR,
				    "{{creditor.name}}: przypomnienie",
				    "Dzień dobry {{contact.name}}. {{optout_line}}",
				    NULL };
	struct stopper s = { .stop = STOP };

	/* at the first shipped template */
	assert_int_equal(templates_list(&f->app, template_cb, &s, &e), STOP);
	assert_int_equal(s.calls, 1);
	s = (struct stopper){ .stop = -ERR_ENV };
	assert_int_equal(templates_list(&f->app, template_cb, &s, &e), -ERR_ENV);
	assert_int_equal(s.calls, 1);

	/* at the first of the tenant's own, after every shipped one */
	assert_int_equal(templates_set(&f->app, &doc, &e), 0);
	doc.lang = "de";
	assert_int_equal(templates_set(&f->app, &doc, &e), 0);
	s = (struct stopper){ .stop = STOP, .skip_shipped = 1 };
	assert_int_equal(templates_list(&f->app, template_cb, &s, &e), STOP);
	assert_int_equal(s.stored_calls, 1);

	/* a callback that never stops: 0, both of the tenant's listed */
	s = (struct stopper){ 0 };
	assert_int_equal(templates_list(&f->app, template_cb, &s, &e), 0);
	assert_int_equal(s.stored_calls, 2);
	assert_true(s.calls > 2);
}

static void config_stop(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct stopper s = { .stop = STOP };

	assert_int_equal(config_list(&f->app, config_cb, &s, &e), STOP);
	assert_int_equal(s.calls, 1);
	s = (struct stopper){ 0 };
	assert_int_equal(config_list(&f->app, config_cb, &s, &e), 0);
	assert_true(s.calls > 1);
}

static void disputes_stop(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct disputes_open_request rq = { .customer_ref = "C1", .invoice_ref = "I-1", .reason = "damaged" };
	struct disputes_list_request all = { 0 };
	struct dispute d;
	struct stopper s = { .stop = STOP };

	assert_int_equal(disputes_open(&f->app, &rq, &d, &e), 0);
	rq.invoice_ref = "I-2";
	assert_int_equal(disputes_open(&f->app, &rq, &d, &e), 0);
	assert_int_equal(disputes_list(&f->app, &all, dispute_cb, &s, &e), STOP);
	assert_int_equal(s.calls, 1);
	s = (struct stopper){ 0 };
	assert_int_equal(disputes_list(&f->app, &all, dispute_cb, &s, &e), 0);
	assert_int_equal(s.calls, 2);

	/* the audit trail has the two disputes' entries: a page stopped at the first */
	struct audit_filter page = { .limit = 10 };
	int64_t next = -1;
	s = (struct stopper){ .stop = STOP };
	assert_int_equal(audit_read(&f->app, &page, audit_cb, &s, &next, &e), STOP);
	assert_int_equal(s.calls, 1);
	s = (struct stopper){ 0 };
	assert_int_equal(audit_read(&f->app, &page, audit_cb, &s, &next, &e), 0);
	assert_true(s.calls >= 2);
}

static void special_stop(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct flags_request rq = { .customer_ref = "C1", .flag = "bankrupt", .reason = "court notice" };
	struct flag_record out;
	struct stopper s = { .stop = STOP };

	assert_int_equal(flags_set(&f->app, &rq, &out, &e), 0);
	rq.customer_ref = "C2";
	assert_int_equal(flags_set(&f->app, &rq, &out, &e), 0);
	assert_int_equal(special_list(&f->app, special_cb_fn, &s, &e), STOP);
	assert_int_equal(s.calls, 1);
	s = (struct stopper){ .stop = -ERR_ENV };
	assert_int_equal(special_list(&f->app, special_cb_fn, &s, &e), -ERR_ENV);
	assert_int_equal(s.calls, 1);
	s = (struct stopper){ 0 };
	assert_int_equal(special_list(&f->app, special_cb_fn, &s, &e), 0);
	assert_int_equal(s.calls, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(templates_stop, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(config_stop, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(disputes_stop, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(special_stop, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
