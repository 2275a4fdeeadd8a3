/*
 * test_escalation.c: app/agency, app/legal and app/audit_list on the app
 * fixture: a placement and its hold, file, audit entry and recall; a
 * placement of several refs all or nothing; the legal criteria and the
 * managers' marks; every refusal writes nothing.
 */
#include "app_fixture.h"

#include "app/agency.h"
#include "app/audit_list.h"
#include "app/legal.h"
#include "app/users.h"
#include "store/holds.h"

static int count_hold(void *ctx, const struct hold *h)
{
	int *n = ctx;
	if (!strcmp(h->kind, "placed"))
		(*n)++;
	return 0;
}

/* The holds of kind placed current at `at` on customer `id`. */
static int placed_holds(struct fixture *f, int64_t id, timestamp_t at)
{
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	int n = 0;
	assert_int_equal(store_tx_begin(f->app.store, f->app.tenant, "t", STORE_READ, &tx, &e), 0);
	assert_int_equal(store_holds_each(tx, id, id, at, timestamp_date_utc(at), count_hold, &n, &e), 0);
	store_tx_free(tx);
	return n;
}

struct audit_seen {
	int n;
	char text[1024];
};

static int on_audit(void *ctx, const struct audit_entry *a)
{
	struct audit_seen *s = ctx;
	size_t len = strlen(s->text);
	snprintf(s->text + len, sizeof(s->text) - len, "%s|%s|%s|%s;", a->action, a->actor, a->entity, a->ref);
	s->n++;
	return 0;
}

static void place_and_recall(void **state)
{
	struct fixture *f = *state;
	const char *refs[] = { "C1" };
	struct agency_place_request rq = { refs, 1, "Norte", 0, NULL };
	struct agency_place_result res = { 0 };
	struct audit_list_options ao = { 0 };
	struct audit_seen seen = { 0 };
	struct error e = ERROR_INIT;
	char *buf = NULL;
	size_t size = 0;
	int64_t n = 0;

	rq.out = open_memstream(&buf, &size);
	assert_non_null(rq.out);
	assert_int_equal(agency_place(&f->app, &rq, &res, &e), 0);
	fclose(rq.out);
	assert_int_equal(res.customers, 1);
	assert_int_equal(res.placements, 1);
	assert_int_equal(res.invoices, 2);
	/* the header and the two open invoices, oldest due first, 40 and 10 days past due */
	assert_non_null(strstr(buf, "agency,placed_at,customer_ref"));
	assert_non_null(strstr(buf, "Norte,2026-03-16T15:00:00Z,C1,Customer C1,\"1 Main St, Springfield\""));
	assert_non_null(strstr(buf, ",I-1,2026-01-05,2026-02-04,40,USD,10.00,10.00,35.00,"));
	assert_non_null(strstr(buf, ",I-2,2026-02-04,2026-03-06,10,USD,25.00,25.00,35.00,"));
	assert_non_null(strstr(buf, "Contact K1 (debtor) +1 212 555 0101 mary@example.com; Contact K2 (debtor)"));
	free(buf);
	assert_int_equal(placed_holds(f, f->c1, f->app.now), 1);
	assert_int_equal(placed_holds(f, f->c1, f->app.now - 1), 0); /* from the placement's moment */

	ao.entity = "customer";
	assert_int_equal(audit_list(&f->app, &ao, on_audit, &seen, &e), 0);
	assert_string_equal(seen.text, "placement.place|tester|customer|C1;");

	rq.out = NULL;
	rq.agency = "Other";
	assert_int_equal(agency_place(&f->app, &rq, &res, &e), -ERR_CONFLICT);
	assert_non_null(strstr(e.message, "is placed with 'Norte' since 2026-03-16T15:00:00Z"));
	assert_int_equal(agency_recall(&f->app, "C1", f->app.now - 60, &n, &e), -ERR_INPUT);
	assert_string_equal(e.field, "at");
	f->app.now += 3600;
	assert_int_equal(agency_recall(&f->app, "C1", 0, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(placed_holds(f, f->c1, f->app.now), 0);
	assert_int_equal(placed_holds(f, f->c1, f->app.now - 1), 1); /* a run of the hour before still sees it */
	assert_int_equal(agency_recall(&f->app, "C1", 0, &n, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "customer 'C1' is not placed"));
	/* placed again after the recall */
	rq.agency = "Other";
	assert_int_equal(agency_place(&f->app, &rq, &res, &e), 0);
}

static void place_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	const char *two[] = { "C1", "C-NOPE" }, *twice[] = { "C2", "C2" }, *one[] = { "C2" };
	struct agency_place_request rq = { two, 2, "Norte", 0, NULL };
	struct error e = ERROR_INIT;
	int64_t n = 0;

	assert_int_equal(agency_place(&f->app, &rq, NULL, &e), -ERR_NOT_FOUND);
	assert_string_equal(e.field, "customer_ref");
	assert_int_equal(placed_holds(f, f->c1, f->app.now), 0); /* C1 was placed, then rolled back */
	rq.refs = twice;
	assert_int_equal(agency_place(&f->app, &rq, NULL, &e), -ERR_INPUT);
	rq.refs = one;
	rq.n = 1;
	rq.agency = "";
	assert_int_equal(agency_place(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "agency");
	rq.agency = "Bad\x01";
	assert_int_equal(agency_place(&f->app, &rq, NULL, &e), -ERR_INPUT);
	rq.agency = "Norte";
	rq.at = f->app.now + APP_CLOCK_SKEW + 1;
	assert_int_equal(agency_place(&f->app, &rq, NULL, &e), -ERR_INPUT);
	assert_string_equal(e.field, "at");
	assert_int_equal(placed_holds(f, f->c2, f->app.now + 86400), 0);
	assert_int_equal(agency_recall(&f->app, "C-NOPE", 0, &n, &e), -ERR_NOT_FOUND);
}

struct verdicts {
	char text[512];
};

static int on_row(void *ctx, const struct legal_row *r)
{
	struct verdicts *v = ctx;
	size_t len = strlen(v->text);
	snprintf(v->text + len, sizeof(v->text) - len, "%s:%lld:%d%d%d%d:%d;", r->a->customer_ref,
		 (long long)r->min_balance, r->above_threshold, r->within_limitation, r->has_assets, r->all_signed,
		 r->candidate);
	return 0;
}

static void legal_criteria_and_marks(void **state)
{
	struct fixture *f = *state;
	struct users_fields uf = { 0 };
	struct verdicts v = { "" };
	struct user u;
	struct error e = ERROR_INIT;

	/* the defaults: above 1000.00 USD (C1 owes 35.00, C2 7.00), 6 years */
	assert_int_equal(legal_candidates(&f->app, 1, on_row, &v, &e), 0);
	assert_string_equal(v.text, "C1:100000:0100:0;C2:100000:0100:0;");
	assert_int_equal(legal_set(&f->app, "min_balance", "10.005", &e), 0);
	assert_int_equal(legal_set(&f->app, "limitation_years", "1", &e), 0);
	memset(&v, 0, sizeof(v));
	assert_int_equal(legal_candidates(&f->app, 1, on_row, &v, &e), 0);
	/* 10.005 in cents: 1000 (35.00 is above it, 7.00 not); I-1 due 2026-02-04 + 1 year is ahead */
	assert_string_equal(v.text, "C1:1000:1100:0;C2:1000:0100:0;");
	assert_int_equal(legal_set(&f->app, "min_balance", "1.0001", &e), -ERR_INPUT);
	assert_int_equal(legal_set(&f->app, "limitation_years", "101", &e), -ERR_INPUT);
	assert_int_equal(legal_set(&f->app, "judge", "x", &e), -ERR_INPUT);
	memset(&v, 0, sizeof(v));
	assert_int_equal(legal_candidates(&f->app, 0, on_row, &v, &e), 0);
	assert_string_equal(v.text, ""); /* no tag assets, no signed invoice: none */

	/* marks: order, and roles when the actor is a user */
	assert_int_equal(legal_mark(&f->app, "C1", "paid", 0, &e), -ERR_CONFLICT);
	assert_int_equal(legal_mark(&f->app, "C1", "won", 0, &e), -ERR_INPUT);
	assert_int_equal(legal_mark(&f->app, "C-NOPE", "filed", 0, &e), -ERR_NOT_FOUND);
	uf.role = "collector";
	assert_int_equal(users_add(&f->app, "carl", &uf, NULL, &u, &e), 0);
	uf.role = "manager";
	assert_int_equal(users_add(&f->app, "mona", &uf, NULL, &u, &e), 0);
	f->app.actor = "carl";
	assert_int_equal(legal_mark(&f->app, "C1", "filed", 0, &e), -ERR_FORBIDDEN);
	f->app.actor = "mona";
	assert_int_equal(legal_mark(&f->app, "C1", "filed", 0, &e), 0);
	assert_int_equal(legal_mark(&f->app, "C1", "filed", 0, &e), -ERR_CONFLICT);
	f->app.actor = "tester"; /* no user of the tenant: the operator */
	assert_int_equal(legal_mark(&f->app, "C1", "judgment", 0, &e), 0);
	assert_int_equal(legal_mark(&f->app, "C1", "paid", 0, &e), 0);
	assert_int_equal(legal_mark(&f->app, "C1", "judgment", 0, &e), -ERR_CONFLICT);
	assert_int_equal(legal_mark(&f->app, "C1", "filed", 0, &e), 0); /* a new claim after one paid */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(place_and_recall, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(place_all_or_nothing, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(legal_criteria_and_marks, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
