/*
 * test_rules_batch.c: the batch check gives every contact exactly the answer
 * of the single-contact evaluation.
 *
 * A generated portfolio (src/ingest/generate, fixed seed and as-of) is
 * imported into a temporary SQLite store (or the database
 * RECOUP_TEST_STORE_URL names: PostgreSQL, tests/pg/with-cluster), then given flags (cease, opt-outs,
 * disputes, bankruptcy, consent, forbearance, inconvenient times and
 * places...), contact attempts (calls up to the caps, conversations, inbound
 * messages, wrong numbers), profiles (the tenant's edit of a preset, its own
 * profile, one stored profile that does not parse, one unknown name) and
 * closed days. For every contact and every question (five channels at a
 * weekday morning, two late evenings, a Sunday, Thanksgiving, Christmas and
 * a closed day, and a final-notice letter) three answers must agree field by
 * field, errors included:
 *   - rules_ctx_check_batch (in chunks of 37 customers, then the default);
 *   - rules_ctx_evaluate with a context loaded once;
 *   - legacy_evaluate: rules_evaluate as it was before the context existed
 *     (app/contact_check.c at 62e5852), kept below verbatim but for its
 *     names, as the oracle of "keep its behaviour exactly".
 * And the daily run's form (rules_ctx_chunk_load_at): customers far apart,
 * read by their ids, answer as each read alone by the range of its id.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/app.h"
#include "app/rules_ctx.h"
#include "core/array.h"
#include "core/contact_flags.h"
#include "core/holidays.h"
#include "app/import.h"
#include "ingest/generate.h"
#include "store/history.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/rules_config.h"
#include "store/store.h"
#include "store/tenants.h"

#define CUSTOMERS 300
#define SEED      11

/* ---- the oracle: rules_evaluate before rules_ctx (62e5852:src/app/contact_check.c) ---- */

static int legacy_profile_load(struct store_tx *tx, const char *name, struct profile *out, struct error *e)
{
	char *json = NULL;
	int ret = store_profile_get(tx, name, &json, e);

	if (ret < 0)
		return ret;
	if (ret == 1) {
		ret = profile_from_json_text(json, out, e);
		free(json);
		return ret;
	}
	return profile_preset(name, out, e);
}

struct legacy_id_list {
	int64_t *ids;
	size_t n, cap;
	struct error *e;
};

static int legacy_push_id(struct legacy_id_list *l, int64_t id)
{
	if (array_grow(&l->ids, &l->cap, l->n, sizeof(*l->ids)) < 0)
		return error_set(l->e, ERR_ENV, "out of memory");
	l->ids[l->n++] = id;
	return 0;
}

static int legacy_on_open(void *ctx, const struct invoice *inv)
{
	return legacy_push_id(ctx, inv->id);
}

static int legacy_open_invoice_ids(struct store_tx *tx, const struct customer *c, int64_t **ids, size_t *n,
				   struct error *e)
{
	struct legacy_id_list l = { .e = e };
	int ret = store_open_invoices_of_customer(tx, c->id, c->currency, legacy_on_open, &l, e);
	if (ret > 0)
		ret = -ret;
	if (ret < 0) {
		free(l.ids);
		return ret;
	}
	*ids = l.ids;
	*n = l.n;
	return 0;
}

struct legacy_history {
	struct contact_attempt *a;
	size_t n, cap;
	timestamp_t until;
	struct error *e;
};

static int legacy_on_attempt(void *ctx, const struct contact_attempt *a)
{
	struct legacy_history *h = ctx;
	if (a->at > h->until)
		return 0;
	if (array_grow(&h->a, &h->cap, h->n, sizeof(*h->a)) < 0)
		return error_set(h->e, ERR_ENV, "out of memory");
	h->a[h->n++] = *a;
	return 0;
}

struct legacy_flag_apply {
	struct status_builder *b;
	struct error *e;
};

static int legacy_on_flag(void *ctx, const struct flag_record *f)
{
	struct legacy_flag_apply *fa = ctx;
	enum flag_kind k;
	const char *address = "", *detail = f->detail;

	if (flag_parse(f->flag, &k, NULL) < 0)
		return 0; /* a flag of a newer version: not ours to judge */
	if (flag_info(k)->scope & (FLAG_SCOPE_ADDRESS | FLAG_NEEDS_ADDRESS)) {
		address = f->detail;
		detail = "";
	}
	if (status_builder_add(fa->b, k, f->contact_id, f->invoice_id, address, detail, f->set_at, fa->e) < 0)
		return -fa->e->code;
	return 0;
}

struct legacy_days {
	date_t *d;
	size_t n, cap;
	struct error *e;
};

static int legacy_on_day(void *ctx, date_t day, const char *name)
{
	struct legacy_days *d = ctx;
	if (array_grow(&d->d, &d->cap, d->n, sizeof(*d->d)) < 0)
		return error_set(d->e, ERR_ENV, "out of memory");
	d->d[d->n++] = day;
	return 0;
}

/* How far back the history matters for this profile. */
static int64_t legacy_lookback(const struct profile *p)
{
	int64_t back = 86400;
	for (size_t i = 0; i < p->n_caps; i++)
		if (p->caps[i].period > back)
			back = p->caps[i].period;
	for (size_t i = 0; i < p->n_pauses; i++)
		if (p->pauses[i].duration > back)
			back = p->pauses[i].duration;
	for (int c = 0; c < CHANNEL_COUNT; c++)
		if (p->min_gap[c] > back)
			back = p->min_gap[c];
	if (p->consent_validity > back)
		back = p->consent_validity;
	if (p->inbound_reply_window > back)
		back = p->inbound_reply_window;
	return back + 86400;
}

/* contact_rules_input.debt_ref: the invoice's ref, read in the transaction `ctx` (a failed read fails the test). */
static void legacy_debt_ref(void *ctx, int64_t invoice_id, char *buf, size_t size)
{
	struct error e = ERROR_INIT;

	if (store_invoice_ref(ctx, invoice_id, buf, size, &e) < 0)
		fail_msg("the ref of invoice %lld: %s", (long long)invoice_id, e.message);
}

static int legacy_evaluate(struct store_tx *tx, const struct rules_request *rq, struct rules_answer *out,
			   struct error *e)
{
	struct contact_debt *debts = NULL;
	int64_t *ids = NULL;
	size_t n_ids = 0, n_debts = 0;
	struct legacy_history h = { .e = e, .until = rq->at };
	struct legacy_days days = { .e = e };
	struct status_builder *b = NULL;
	struct legacy_flag_apply fa;
	struct contact_rules_input in = { 0 };
	char tenant_default[PROFILE_MAX + 1];
	const char *profile_name;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = store_contact_get(tx, rq->contact_ref, &out->contact, NULL, e);
	if (ret == 0)
		ret = error_set(e, ERR_INPUT, "unknown contact '%s'", rq->contact_ref);
	if (ret < 0)
		goto cleanup;
	ret = store_customer_get(tx, out->contact.customer_ref, &out->customer, NULL, e);
	if (ret == 0)
		ret = error_set(e, ERR_ENV, "contact '%s': its customer '%s' is missing", rq->contact_ref,
				out->contact.customer_ref);
	if (ret < 0)
		goto cleanup;

	ret = store_tenant_default_profile(tx, tenant_default, sizeof(tenant_default), e);
	if (ret < 0)
		goto cleanup;
	profile_name = profile_for_customer(out->customer.kind, out->customer.country, out->customer.region,
					    out->customer.timezone, out->customer.profile, tenant_default);
	if (!profile_name || !*profile_name) {
		ret = error_set(e, ERR_INPUT,
				"customer '%s': no contact-rules profile applies (set one on the customer or a tenant "
				"default with 'recoup rules default NAME')",
				out->customer.ref);
		goto cleanup;
	}
	ret = legacy_profile_load(tx, profile_name, &out->profile, e);
	if (ret < 0) {
		error_prefix(e, "customer '%s'", out->customer.ref);
		goto cleanup;
	}
	/*
	 * the changes since 62e5852: a Canadian debtor's "debtor" calendar is its province's, from the
	 * customer's region, else its zone, and a region with a calendar of its own (FR-57, Alsace-Moselle)
	 * has it (here as in rules_ctx.c)
	 */
	if (!strcmp(out->profile.holiday_calendar, "debtor")) {
		char cal[PROFILE_CALENDAR_MAX + 1];
		const char *zone = out->customer.timezone[0] ? out->customer.timezone : out->contact.timezone;
		if (holiday_debtor_calendar(out->customer.country, out->customer.region, zone, cal, sizeof(cal)) &&
		    strcmp(cal, out->customer.country))
			snprintf(out->profile.holiday_calendar, sizeof(out->profile.holiday_calendar), "%s", cal);
	}

	if (rq->invoice_ref && *rq->invoice_ref) {
		struct invoice inv;
		ret = store_invoice_get(tx, rq->invoice_ref, &inv, NULL, e);
		if (ret == 0)
			ret = error_set(e, ERR_INPUT, "unknown invoice '%s'", rq->invoice_ref);
		if (ret < 0)
			goto cleanup;
		if (inv.customer_id != out->customer.id) {
			ret = error_set(e, ERR_INPUT,
					"invoice '%s' belongs to customer '%s', not to contact '%s''s customer '%s'",
					rq->invoice_ref, inv.customer_ref, rq->contact_ref, out->customer.ref);
			goto cleanup;
		}
		ids = malloc(sizeof(*ids));
		if (!ids) {
			ret = error_set(e, ERR_ENV, "out of memory");
			goto cleanup;
		}
		ids[0] = inv.id;
		n_ids = 1;
	} else {
		ret = legacy_open_invoice_ids(tx, &out->customer, &ids, &n_ids, e);
		if (ret < 0)
			goto cleanup;
	}
	n_debts = n_ids;
	if (n_ids) {
		debts = calloc(n_ids, sizeof(*debts));
		if (!debts) {
			ret = error_set(e, ERR_ENV, "out of memory");
			goto cleanup;
		}
	}
	for (size_t i = 0; i < n_ids; i++)
		debts[i].invoice_id = ids[i];

	b = malloc(sizeof(*b));
	if (!b) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	status_builder_init(b, out->contact.id, debts, n_debts);
	fa.b = b;
	fa.e = e;
	ret = store_flags_each(tx, out->customer.id, legacy_on_flag, &fa, e);
	if (ret > 0)
		ret = -ret;
	if (ret < 0)
		goto cleanup;
	ret = store_attempts_each(tx, out->customer.id, rq->at - legacy_lookback(&out->profile), legacy_on_attempt, &h,
				  e);
	if (ret > 0)
		ret = -ret;
	if (ret < 0)
		goto cleanup;
	ret = store_closed_days_each(tx, legacy_on_day, &days, e);
	if (ret > 0)
		ret = -ret;
	if (ret < 0)
		goto cleanup;

	in.profile = &out->profile;
	in.customer = &out->customer;
	in.contact = &out->contact;
	in.status = &b->status;
	in.debts = debts;
	in.n_debts = n_debts;
	in.history = h.a;
	in.n_history = h.n;
	in.closed_days = days.d;
	in.n_closed_days = days.n;
	in.channel = rq->channel;
	in.at = rq->at;
	in.address = rq->address;
	in.final_notice = rq->final_notice;
	/* the change since 62e5852: a per-debt cap's refusal names the invoice by its ref (here as in rules_ctx.c) */
	in.debt_ref = legacy_debt_ref;
	in.debt_ref_ctx = tx;
	ret = contact_rules_check(&in, &out->verdict, e);
cleanup:
	free(debts);
	free(ids);
	free(h.a);
	free(days.d);
	free(b);
	return ret;
}

/* ---- the portfolio ---- */

struct fixture {
	char dir[256];
	char db[512];
	struct store *s;
	int64_t tenant;
	date_t as_of;
};

static timestamp_t T(const char *text)
{
	timestamp_t t;
	assert_int_equal(timestamp_parse(text, &t, NULL), 0);
	return t;
}

/* The one place the importer is called: the import use case of app/import.c. */
static void import_file(struct fixture *f, enum import_kind kind, const char *name)
{
	struct import_options o = { 0 };
	struct import_result r = { 0 };
	struct error e = ERROR_INIT;
	char path[600];

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	struct app_ctx ctx = { f->s, f->tenant, "test", (timestamp_t)f->as_of * 86400, f->as_of, NULL };

	o.kind = kind;
	o.path = path;
	o.report = stderr;
	if (import_run(&ctx, &o, &r, &e) < 0)
		fail_msg("import %s: %s", name, e.message);
	assert_true(r.rows > 0);
}

struct ids {
	int64_t *v;
	size_t n, cap;
};

static int collect_customer(void *ctx, const struct customer *c)
{
	struct ids *l = ctx;
	assert_int_equal(array_grow(&l->v, &l->cap, l->n, sizeof(*l->v)), 0);
	l->v[l->n++] = c->id;
	return 0;
}

static int first_contact(void *ctx, const struct contact *k)
{
	struct contact *out = ctx;
	if (!out->id)
		*out = *k;
	return 0;
}

static int first_open(void *ctx, const struct invoice *inv)
{
	int64_t *id = ctx;
	if (!*id)
		*id = inv->id;
	return 0;
}

static void flag(struct store_tx *tx, int64_t customer, int64_t contact, int64_t invoice, const char *name,
		 const char *detail, timestamp_t at)
{
	struct error e = ERROR_INIT;
	struct flag_record fl = { 0 };

	fl.customer_id = customer;
	fl.contact_id = contact;
	fl.invoice_id = invoice;
	snprintf(fl.flag, sizeof(fl.flag), "%s", name);
	snprintf(fl.detail, sizeof(fl.detail), "%s", detail ? detail : "");
	snprintf(fl.set_by, sizeof(fl.set_by), "test");
	fl.set_at = at;
	if (store_flag_add(tx, &fl, &e) < 0)
		fail_msg("flag %s: %s", name, e.message);
}

static void attempt(struct store_tx *tx, int64_t customer, int64_t contact, enum channel ch, const char *at,
		    enum contact_outcome outcome, int inbound, int64_t invoice, const char *address)
{
	struct error e = ERROR_INIT;
	struct contact_attempt a = { 0 };
	int64_t id;

	a.at = T(at);
	a.channel = ch;
	a.contact_id = contact;
	a.outcome = outcome;
	a.inbound = inbound;
	a.conversation = contact_outcome_is_conversation(outcome);
	snprintf(a.address, sizeof(a.address), "%s", address ? address : "");
	if (invoice) {
		a.invoice_ids[0] = invoice;
		a.n_invoices = 1;
	}
	if (store_attempt_add(tx, customer, &a, NULL, NULL, &id, &e) < 0)
		fail_msg("attempt: %s", e.message);
}

static void set_profile(struct store_tx *tx, int64_t customer, const char *profile)
{
	struct error e = ERROR_INIT;
	struct customer c;
	assert_int_equal(store_customer_by_id(tx, customer, &c, &e), 1);
	snprintf(c.profile, sizeof(c.profile), "%s", profile);
	assert_int_equal(store_customer_update(tx, &c, &e), 1);
}

/* Flags, attempts and profiles on a pattern of customers: every rule has someone to refuse. */
static void decorate(struct fixture *f)
{
	static const char *const mine =
		"{\"name\": \"mine\", \"extends\": \"gb-consumer\", \"description\": \"the tenant's own\", "
		"\"windows\": {\"call\": {\"mon\": [\"10:00-12:00\"], \"tue\": [\"10:00-12:00\", \"14:00-16:00\"]}}, "
		"\"caps\": [{\"code\": \"cap_2_in_3\", \"channels\": [\"call\", \"sms\"], \"count\": 2, "
		"\"period\": \"3d\"}]}";
	static const char *const us_edit =
		"{\"name\": \"us-consumer\", \"extends\": \"us-consumer\", "
		"\"caps\": [{\"code\": \"cap_3_in_7\", \"channels\": [\"call\"], \"count\": 3, \"period\": \"7d\", "
		"\"per_debt\": true, \"per_person\": true, \"consent_lifts\": true}]}";
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct store_cursor cur = STORE_CURSOR_INIT;
	struct ids cs = { 0 };
	struct profile check;
	timestamp_t set = T("2026-11-10T12:00:00Z");

	assert_int_equal(profile_from_json_text(mine, &check, &e), 0);
	assert_int_equal(profile_from_json_text(us_edit, &check, &e), 0);
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_WRITE, &tx, &e), 0);
	assert_int_equal(store_profile_put(tx, "mine", mine, &e), 0);
	assert_int_equal(store_profile_put(tx, "us-consumer", us_edit, &e), 0);
	assert_int_equal(store_profile_put(tx, "broken", "{\"name\": \"broken\", \"windows\": 5}", &e), 0);
	assert_int_equal(store_closed_day_add(tx, date_from_ymd(2026, 11, 27), "Black Friday", &e), 0);
	assert_int_equal(store_closed_day_add(tx, date_from_ymd(2026, 12, 24), "Christmas Eve", &e), 0);
	assert_true(store_customers_list(tx, &cur, collect_customer, &cs, &e) >= CUSTOMERS);

	for (size_t i = 0; i < cs.n; i++) {
		int64_t c = cs.v[i], inv = 0;
		struct contact k = { 0 };

		assert_int_equal(store_contacts_of_customer(tx, c, first_contact, &k, &e), 0);
		if (!k.id)
			continue;
		{
			struct customer cu;
			assert_int_equal(store_customer_by_id(tx, c, &cu, &e), 1);
			assert_int_equal(store_open_invoices_of_customer(tx, c, cu.currency, first_open, &inv, &e), 0);
		}
		switch (i % 11) {
		case 1: flag(tx, c, 0, 0, "cease", NULL, set); break;
		case 2:
			flag(tx, c, 0, 0, "optout-sms", NULL, set);
			flag(tx, c, 0, 0, "optout-email", NULL, set);
			break;
		case 3:
			if (inv)
				flag(tx, c, 0, inv, "dispute", NULL, set);
			break;
		case 4: flag(tx, c, 0, 0, "dispute", NULL, set); break;
		default: break;
		}
		switch (i % 13) {
		case 5: flag(tx, c, 0, 0, "bankrupt", NULL, set); break;
		case 6: flag(tx, c, 0, 0, "deceased", NULL, set); break;
		case 7: flag(tx, c, 0, 0, "attorney", NULL, set); break;
		case 8:
			if (k.phone[0])
				flag(tx, c, k.id, 0, "wrong-number", k.phone, set);
			break;
		case 9: flag(tx, c, 0, 0, "consent", NULL, T("2026-11-21T10:00:00Z")); break;
		case 10: flag(tx, c, 0, 0, "forbearance", "2026-11-24T00:00:00Z", set); break;
		case 11: flag(tx, c, 0, 0, "inconvenient-time", "mon-fri 09:00-10:30", set); break;
		case 12:
			flag(tx, c, k.id, 0, "at-work", NULL, set);
			flag(tx, c, 0, 0, "no-calls-at-work", NULL, set);
			break;
		default: break;
		}
		switch (i % 17) {
		case 3:
			if (inv)
				flag(tx, c, 0, inv, "time-barred", NULL, set);
			break;
		case 4: flag(tx, c, 0, 0, "visit-agreed", NULL, set); break;
		case 5: flag(tx, c, k.id, 0, "third-party-more", NULL, set); break;
		case 6:
			if (k.phone[0])
				flag(tx, c, 0, 0, "inconvenient-place", k.phone, set);
			break;
		case 7: flag(tx, c, 0, 0, "optout-call", NULL, set); break;
		default: break;
		}
		switch (i % 5) {
		case 0: /* seven calls in seven days: the caps */
			for (int d = 16; d <= 22; d++) {
				char at[32];
				snprintf(at, sizeof(at), "2026-11-%02dT15:00:00Z", d);
				attempt(tx, c, k.id, CHANNEL_CALL, at, OUTCOME_NO_ANSWER, 0, 0, NULL);
			}
			break;
		case 1: /* a conversation: the pauses */
			attempt(tx, c, k.id, CHANNEL_CALL, "2026-11-20T15:00:00Z", OUTCOME_RIGHT_PARTY, 0, inv, NULL);
			break;
		case 2: /* the debtor wrote first: one reply outside the windows */
			attempt(tx, c, k.id, CHANNEL_SMS, "2026-11-23T14:00:00Z", OUTCOME_SENT, 1, 0, NULL);
			attempt(tx, c, k.id, CHANNEL_EMAIL, "2026-11-23T21:00:00Z", OUTCOME_SENT, 1, 0, NULL);
			break;
		case 3: /* just called and emailed: gaps and bursts */
			attempt(tx, c, k.id, CHANNEL_CALL, "2026-11-23T14:25:00Z", OUTCOME_NO_ANSWER, 0, inv, NULL);
			attempt(tx, c, k.id, CHANNEL_EMAIL, "2026-11-21T09:00:00Z", OUTCOME_SENT, 0, 0, NULL);
			attempt(tx, c, k.id, CHANNEL_SMS, "2026-11-22T14:00:00Z", OUTCOME_SENT, 0, 0, NULL);
			break;
		case 4:
			if (k.phone[0])
				attempt(tx, c, k.id, CHANNEL_CALL, "2026-11-19T15:00:00Z", OUTCOME_WRONG_NUMBER, 0, 0,
					k.phone);
			break;
		default: break;
		}
		if (i % 3 == 0) /* older history, near the lookback of the shorter profiles */
			attempt(tx, c, k.id, CHANNEL_LETTER, "2026-11-08T10:00:00Z", OUTCOME_SENT, 0, 0, NULL);
		if (i % 19 == 7) { /* a flag set and cleared: not active */
			struct flag_record m = { 0 };
			int cleared = 0;
			flag(tx, c, 0, 0, "cease", NULL, set);
			m.customer_id = c;
			snprintf(m.flag, sizeof(m.flag), "cease");
			assert_int_equal(store_flag_clear(tx, &m, "test", set + 60, "withdrawn", &cleared, &e), 0);
		}
		switch (i % 23) {
		case 1: set_profile(tx, c, "us-ma"); break;
		case 2: set_profile(tx, c, "b2b"); break;
		case 3: set_profile(tx, c, "nope"); break;
		case 4: set_profile(tx, c, "broken"); break;
		case 5: set_profile(tx, c, "mine"); break;
		default: break;
		}
	}
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);
	free(cs.v);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct generate_options o = GENERATE_OPTIONS_INIT;
	const char *url = getenv("RECOUP_TEST_STORE_URL");
	struct error e = ERROR_INIT;

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "%s/recoup-rules-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	if (url && *url)
		snprintf(f->db, sizeof(f->db), "%s", url);
	else
		snprintf(f->db, sizeof(f->db), "%s/recoup.db", f->dir);
	assert_int_equal(date_parse("2026-11-22", &f->as_of, NULL), 0);
	o.customers = CUSTOMERS;
	o.seed = SEED;
	o.as_of = f->as_of;
	if (generate_to_dir(&o, f->dir, NULL, 0, 0, NULL, &e) < 0)
		fail_msg("generate: %s", e.message);
	assert_int_equal(store_open(f->db, &f->s, &e), 0);
	assert_int_equal(store_tenant_create(f->s, "rules", &f->tenant, &e), 0);
	import_file(f, IMPORT_CUSTOMERS, "customers.csv");
	import_file(f, IMPORT_CONTACTS, "contacts.csv");
	import_file(f, IMPORT_INVOICES, "invoices.csv");
	import_file(f, IMPORT_PAYMENTS, "payments.csv");
	decorate(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	static const char *const files[] = { "recoup.db",    "recoup.db-wal", "recoup.db-shm", "customers.csv",
					     "contacts.csv", "invoices.csv",  "payments.csv" };
	struct fixture *f = *state;
	char path[600];

	store_close(f->s);
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		snprintf(path, sizeof(path), "%s/%s", f->dir, files[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* ---- the comparison ---- */

static const char *const moments[] = {
	"2026-11-23T14:30:00Z", /* Monday morning in New York, afternoon in Europe */
	"2026-11-23T21:30:00Z", /* Monday late evening in London and Warsaw */
	"2026-11-24T02:30:00Z", /* Monday late evening in New York */
	"2026-11-22T15:00:00Z", /* Sunday */
	"2026-11-26T16:00:00Z", /* Thanksgiving (US) */
	"2026-12-25T15:00:00Z", /* Christmas */
	"2026-11-27T15:00:00Z", /* the tenant's closed day */
};

#define QUESTIONS_MAX 64

static size_t questions(struct rules_question *q)
{
	size_t n = 0;
	for (size_t m = 0; m < sizeof(moments) / sizeof(*moments); m++) {
		for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
			q[n].channel = (enum channel)ch;
			q[n].at = T(moments[m]);
			q[n++].final_notice = 0;
		}
	}
	q[n].channel = CHANNEL_LETTER;
	q[n].at = T(moments[0]);
	q[n++].final_notice = 1;
	assert_true(n <= QUESTIONS_MAX);
	return n;
}

static void same_reasons(const char *what, const char *who, const struct contact_reason *a, size_t na,
			 const struct contact_reason *b, size_t nb)
{
	if (na != nb)
		fail_msg("%s: %s: %zu %s vs %zu", who, what, na, what, nb);
	for (size_t i = 0; i < na; i++) {
		if (strcmp(a[i].code, b[i].code) || strcmp(a[i].message, b[i].message))
			fail_msg("%s: %s %zu: '%s' (%s) vs '%s' (%s)", who, what, i, a[i].code, a[i].message, b[i].code,
				 b[i].message);
	}
}

/* Field by field, then byte for byte (contact_rules_check zeroes the verdict first). */
static void same_answer(const char *who, int sa, const struct error *ea, const struct rules_answer *a, int sb,
			const struct error *eb, const struct rules_answer *b)
{
	const struct contact_verdict *va = &a->verdict, *vb = &b->verdict;

	if (sa != sb)
		fail_msg("%s: status %d (%s) vs %d (%s)", who, sa, sa ? ea->message : "", sb, sb ? eb->message : "");
	if (sa < 0) {
		if (ea->code != eb->code || strcmp(ea->message, eb->message))
			fail_msg("%s: error '%s' vs '%s'", who, ea->message, eb->message);
		return;
	}
	assert_int_equal(a->customer.id, b->customer.id);
	assert_int_equal(a->contact.id, b->contact.id);
	assert_string_equal(a->profile.name, b->profile.name);
	assert_memory_equal(&a->profile, &b->profile, sizeof(a->profile));
	if (va->allowed != vb->allowed)
		fail_msg("%s: allowed %d vs %d", who, va->allowed, vb->allowed);
	same_reasons("reasons", who, va->reasons, va->n_reasons, vb->reasons, vb->n_reasons);
	same_reasons("warnings", who, va->warnings, va->n_warnings, vb->warnings, vb->n_warnings);
	if (va->next != vb->next || va->next_allowed_at != vb->next_allowed_at)
		fail_msg("%s: next %d %lld vs %d %lld", who, (int)va->next, (long long)va->next_allowed_at,
			 (int)vb->next, (long long)vb->next_allowed_at);
	if (va->audience != vb->audience || va->voicemail != vb->voicemail)
		fail_msg("%s: audience %d/%d vs %d/%d", who, (int)va->audience, (int)va->voicemail, (int)vb->audience,
			 (int)vb->voicemail);
	assert_int_equal(va->no_legal_threats, vb->no_legal_threats);
	assert_int_equal(va->preferred, vb->preferred);
	assert_string_equal(va->profile, vb->profile);
	assert_string_equal(va->zone, vb->zone);
	assert_string_equal(va->local_time, vb->local_time);
	/*
	 * steady_until: the oracle hands the rules every attempt since the
	 * lookback, ahead of the moment too; the context trims the history to
	 * [at - lookback, at] and bounds the verdict by what the trim leaves out
	 * (app/rules_ctx.c), so it may end sooner, never later.
	 */
	if (va->steady_until > vb->steady_until || (va->steady_until != 0) != (vb->steady_until != 0))
		fail_msg("%s: steady_until %lld vs %lld", who, (long long)va->steady_until,
			 (long long)vb->steady_until);
	{
		static struct contact_verdict ca, cb;
		ca = *va;
		cb = *vb;
		ca.steady_until = cb.steady_until = 0;
		assert_memory_equal(&ca, &cb, sizeof(ca));
	}
}

#define CODES_MAX 64

struct tally {
	struct store_tx *tx;
	struct rules_ctx *single; /* a second context, for rules_ctx_evaluate */
	const struct rules_question *q;
	struct rules_answer *legacy, *one;
	long results, allowed, errors, once;
	int64_t last_contact;
	size_t last_question;
	long contacts;
	char codes[CODES_MAX][PROFILE_CODE_MAX + 1];
	size_t n_codes;
};

static void saw_code(struct tally *t, const char *code)
{
	for (size_t i = 0; i < t->n_codes; i++)
		if (!strcmp(t->codes[i], code))
			return;
	if (t->n_codes < CODES_MAX)
		snprintf(t->codes[t->n_codes++], sizeof(t->codes[0]), "%s", code);
}

static int has_code(const struct tally *t, const char *prefix)
{
	for (size_t i = 0; i < t->n_codes; i++)
		if (!strncmp(t->codes[i], prefix, strlen(prefix)))
			return 1;
	return 0;
}

static int compare(void *ctx, const struct rules_result *r)
{
	struct tally *t = ctx;
	const struct rules_question *q = &t->q[r->question];
	struct rules_request rq = { 0 };
	struct error le = ERROR_INIT, se = ERROR_INIT;
	char who[200];
	int ls, ss;

	/* every contact once, in order, each with every question in order */
	if (r->answer->contact.id != t->last_contact) {
		assert_true(r->answer->contact.id > t->last_contact || r->answer->customer.id > 0);
		assert_int_equal(r->question, 0);
		t->last_contact = r->answer->contact.id;
		t->contacts++;
	} else {
		assert_int_equal(r->question, t->last_question + 1);
	}
	t->last_question = r->question;

	rq.contact_ref = r->answer->contact.ref;
	rq.channel = q->channel;
	rq.at = q->at;
	rq.final_notice = q->final_notice;
	snprintf(who, sizeof(who), "contact '%s' (customer '%s'), %s at %lld%s", rq.contact_ref,
		 r->answer->customer.ref, channel_name(q->channel), (long long)q->at, q->final_notice ? " final" : "");
	ls = legacy_evaluate(t->tx, &rq, t->legacy, &le);
	assert_true(ls == 0 || ls == -ERR_INPUT);
	same_answer(who, r->status, r->error, r->answer, ls, &le, t->legacy);
	if (t->results % 10 == 0) {
		ss = rules_ctx_evaluate_once(t->tx, &rq, t->one, &se);
		t->once++;
	} else {
		ss = rules_ctx_evaluate(t->single, t->tx, &rq, t->one, &se);
	}
	same_answer(who, ss, &se, t->one, ls, &le, t->legacy);

	t->results++;
	if (r->status < 0) {
		t->errors++;
		return 0;
	}
	t->allowed += r->answer->verdict.allowed;
	for (size_t i = 0; i < r->answer->verdict.n_reasons; i++)
		saw_code(t, r->answer->verdict.reasons[i].code);
	for (size_t i = 0; i < r->answer->verdict.n_warnings; i++)
		saw_code(t, r->answer->verdict.warnings[i].code);
	return 0;
}

static int count_contact(void *ctx, const struct contact *k)
{
	(void)k;
	++*(long *)ctx;
	return 0;
}

static long count_contacts(struct store_tx *tx)
{
	struct error e = ERROR_INIT;
	struct store_cursor cur = STORE_CURSOR_INIT;
	long n = 0;
	assert_true(store_contacts_list(tx, &cur, count_contact, &n, &e) >= 0);
	return n;
}

/* One full comparison pass; returns the tally's results. */
static void compare_pass(struct fixture *f, int chunk, struct tally *t)
{
	struct error e = ERROR_INIT;
	struct rules_question q[QUESTIONS_MAX];
	size_t n_q = questions(q);
	struct rules_ctx *rc = NULL;
	long contacts;

	memset(t, 0, sizeof(*t));
	t->q = q;
	t->legacy = malloc(sizeof(*t->legacy));
	t->one = malloc(sizeof(*t->one));
	assert_non_null(t->legacy);
	assert_non_null(t->one);
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &t->tx, &e), 0);
	assert_int_equal(rules_ctx_load(t->tx, &rc, &e), 0);
	assert_int_equal(rules_ctx_load(t->tx, &t->single, &e), 0);
	rules_ctx_set_chunk(rc, chunk);
	if (rules_ctx_check_batch(rc, t->tx, q, n_q, compare, t, &e) != 0)
		fail_msg("batch: %s", e.message);
	contacts = count_contacts(t->tx);
	assert_int_equal(t->contacts, contacts);
	assert_int_equal(t->results, contacts * (long)n_q);
	rules_ctx_free(rc);
	rules_ctx_free(t->single);
	store_tx_free(t->tx);
	free(t->legacy);
	free(t->one);
	t->tx = NULL;
	t->single = NULL;
	t->legacy = t->one = NULL;
	t->q = NULL;
}

static void test_batch_equals_single(void **state)
{
	struct fixture *f = *state;
	static const char *const expected[] = {
		"cease",
		"dispute",
		"dispute_partial",
		"bankrupt",
		"deceased",
		"attorney",
		"optout",
		"wrong_number",
		"inconvenient_place",
		"workplace",
		"forbearance",
		"outside_hours",
		"holiday",
		"closed_day",
		"inconvenient_time",
		"cap_",
		"pause_after_conversation",
		"min_gap",
		"burst",
		"time_barred",
		"not_preferred",
		"visit_not_agreed",
		"third_party",
	};
	struct tally t;

	/* no tenant default: a person outside the derived countries cannot be judged */
	compare_pass(f, 37, &t);
	print_message("batch = single = legacy: %ld answers (%ld allowed, %ld errors, %ld through evaluate_once)\n",
		      t.results, t.allowed, t.errors, t.once);
	for (size_t i = 0; i < sizeof(expected) / sizeof(*expected); i++)
		if (!has_code(&t, expected[i]))
			fail_msg("no answer had the code '%s': the portfolio no longer covers it", expected[i]);
	assert_true(t.allowed > 0);
	assert_true(t.errors > 0);
	assert_true(t.allowed < t.results - t.errors);
}

static void test_batch_with_tenant_default(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct tally t;
	long errors;

	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_WRITE, &tx, &e), 0);
	assert_int_equal(store_tenant_set_default_profile(tx, "mine", &e), 0);
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);
	compare_pass(f, 0, &t);
	errors = t.errors;
	/* only the unknown and the broken profiles are left */
	assert_true(errors > 0);
	compare_pass(f, 1, &t); /* one customer a chunk */
	assert_int_equal(t.errors, errors);
}

struct counts {
	long results;
	long allowed;
};

static int count(void *ctx, const struct rules_result *r)
{
	struct counts *c = ctx;
	c->results++;
	c->allowed += r->status == 0 && r->answer->verdict.allowed;
	return 0;
}

static int stop_after_three(void *ctx, const struct rules_result *r)
{
	(void)r;
	return ++*(int *)ctx == 3 ? 42 : 0;
}

/* The batch reads five statements per chunk, whatever the number of contacts; the use case opens its own. */
static void test_batch_statements(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct rules_ctx *rc = NULL;
	struct rules_question q[QUESTIONS_MAX];
	size_t n_q = questions(q);
	struct counts in_tx = { 0 }, use_case = { 0 };
	struct app_ctx ctx = { 0 };
	long before, chunks = (CUSTOMERS + 36) / 37;
	int stops = 0;

	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &tx, &e), 0);
	before = store_calls(f->s);
	assert_int_equal(rules_ctx_load(tx, &rc, &e), 0);
	assert_int_equal(store_calls(f->s) - before, 3);
	rules_ctx_set_chunk(rc, 37);
	before = store_calls(f->s);
	assert_int_equal(rules_ctx_check_batch(rc, tx, q, n_q, count, &in_tx, &e), 0);
	/* a page of customers and four streams per chunk; one more empty page when the last chunk is full */
	assert_true(store_calls(f->s) - before <= 5 * chunks + 1);
	print_message("%ld answers in %ld store calls\n", in_tx.results, store_calls(f->s) - before);
	assert_int_equal(rules_ctx_check_batch(rc, tx, q, n_q, stop_after_three, &stops, &e), 42);
	assert_int_equal(stops, 3);
	rules_ctx_free(rc);
	store_tx_free(tx);

	ctx.store = f->s;
	ctx.tenant = f->tenant;
	ctx.actor = "test";
	assert_int_equal(rules_ctx_check_tenant(&ctx, q, n_q, count, &use_case, &e), 0);
	assert_int_equal(use_case.results, in_tx.results);
	assert_int_equal(use_case.allowed, in_tx.allowed);
	/* its transaction is closed: the store takes another */
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &tx, &e), 0);
	store_tx_free(tx);
}

/* ---- the daily run's form: a chunk of chosen customers (rules_ctx_chunk_load_at) ---- */

struct customer_list {
	struct customer *v;
	size_t n, cap;
	struct error *e;
};

static int push_customer(void *ctx, const struct customer *c)
{
	struct customer_list *l = ctx;
	ARRAY_PUSH(l, v, n, cap, *c);
	return 0;
}

/*
 * Every question about every contact of the customers of `sparse` (far
 * apart: read by their ids) against the same question with the customer
 * alone in its chunk (read by the range of its id): the same contacts in
 * the same order, the same flags, the same answers field by field. The
 * chunk's questions go into one answer, so that each contact's second and
 * later questions reuse what the first copied into it (rules_chunk's
 * last_out); the lone customer's go into two answers in turn, so that
 * none does.
 */
static void compare_chunks(struct fixture *f, struct store_tx *tx, struct rules_ctx *rc, const struct customer *sparse,
			   size_t n, timestamp_t until, timestamp_t flags_at, long *answers)
{
	struct error e = ERROR_INIT, ea = ERROR_INIT, eb = ERROR_INIT;
	struct rules_question q[QUESTIONS_MAX];
	size_t n_q = questions(q);
	struct rules_chunk *chunk = NULL, *alone = NULL;
	struct rules_answer *a = calloc(1, sizeof(*a)),
			    *bs[2] = { calloc(1, sizeof(*bs[0])), calloc(1, sizeof(*bs[1])) };
	timestamp_t earliest = q[0].at;
	size_t all_debts = 0;
	long before;

	assert_non_null(a);
	assert_non_null(bs[0]);
	assert_non_null(bs[1]);
	for (size_t i = 1; i < n_q; i++)
		if (q[i].at < earliest)
			earliest = q[i].at;
	before = store_calls(f->s);
	if (rules_ctx_chunk_load_at(rc, tx, sparse, n, earliest, until, flags_at, &chunk, &e) < 0)
		fail_msg("chunk: %s", e.message);
	/* one read per kind (contacts, flags, attempts), whatever the number of customers */
	assert_int_equal(store_calls(f->s) - before, 3);
	/* and one for every customer's open debts, when asked (the work queue) */
	before = store_calls(f->s);
	if (rules_chunk_load_debts(chunk, tx, &e) < 0)
		fail_msg("chunk's debts: %s", e.message);
	assert_int_equal(store_calls(f->s) - before, 1);
	for (size_t i = 0; i < n; i++) {
		const struct customer *c = &sparse[i];
		const struct contact *ka = NULL, *kb = NULL;
		const int64_t *debts = NULL;
		size_t nka, nkb, n_ids = 0, n_debts;
		int64_t *ids = NULL;

		if (rules_ctx_chunk_load_at(rc, tx, c, 1, earliest, until, flags_at, &alone, &e) < 0)
			fail_msg("chunk of one: %s", e.message);
		nka = rules_chunk_contacts(chunk, c->id, &ka);
		nkb = rules_chunk_contacts(alone, c->id, &kb);
		assert_int_equal(nka, nkb);
		for (size_t k = 0; k < nka; k++)
			assert_int_equal(ka[k].id, kb[k].id); /* primary first, both ways */
		assert_int_equal(rules_chunk_flags(chunk, c->id), rules_chunk_flags(alone, c->id));
		assert_int_equal(rules_ctx_open_invoice_ids(tx, c, &ids, &n_ids, &e), 0);
		/* the chunk's debts of each customer: those of its own read, in the same order */
		n_debts = rules_chunk_debts(chunk, c->id, &debts);
		assert_int_equal(n_debts, n_ids);
		for (size_t k = 0; k < n_ids; k++)
			assert_int_equal(debts[k], ids[k]);
		all_debts += n_debts;
		for (size_t k = 0; k < nka; k++) {
			for (size_t qi = 0; qi < n_q; qi++) {
				struct rules_chunk_question cq = {
					c->id, ka[k].id, ids, n_ids, q[qi].channel, q[qi].at, q[qi].final_notice
				};
				char who[200];
				struct rules_answer *b = bs[qi % 2];
				int sa = rules_ctx_chunk_ask(rc, chunk, &cq, a, &ea);
				int sb = rules_ctx_chunk_ask(rc, alone, &cq, b, &eb);

				snprintf(who, sizeof(who), "contact '%s' (customer '%s'), %s at %lld%s, chunk vs alone",
					 ka[k].ref, c->ref, channel_name(q[qi].channel), (long long)q[qi].at,
					 q[qi].final_notice ? " final" : "");
				same_answer(who, sa, &ea, a, sb, &eb, b);
				++*answers;
			}
		}
		free(ids);
	}
	assert_true(all_debts > 0); /* not vacuous */
	rules_chunk_free(chunk);
	rules_chunk_free(alone);
	free(a);
	free(bs[0]);
	free(bs[1]);
}

/*
 * One answer filled from two chunks in turn (a chunk asked, another, the
 * first again about the same contact): the first chunk's second question
 * gets the customer, contact and profile of its own, not those the other
 * chunk left in the answer (rules_chunk's last_out).
 */
static void test_answer_across_chunks(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT, ea = ERROR_INIT, eb = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct rules_ctx *rc = NULL;
	struct store_cursor cur = STORE_CURSOR_INIT;
	struct customer_list all = { .e = &e };
	struct rules_chunk *one = NULL, *two = NULL, *fresh = NULL;
	struct rules_answer *shared = calloc(1, sizeof(*shared)), *alone = calloc(1, sizeof(*alone));
	struct rules_question q[QUESTIONS_MAX];
	size_t n_q = questions(q), asked = 0;

	assert_non_null(shared);
	assert_non_null(alone);
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &tx, &e), 0);
	assert_int_equal(rules_ctx_load(tx, &rc, &e), 0);
	assert_true(store_customers_list(tx, &cur, push_customer, &all, &e) >= 0);
	assert_true(all.n >= 2);
	for (size_t i = 0; i + 1 < all.n && asked < 20; i++) {
		const struct customer *c1 = &all.v[i], *c2 = &all.v[i + 1];
		const struct contact *k1 = NULL, *k2 = NULL;
		if (rules_ctx_chunk_load_at(rc, tx, c1, 1, q[0].at, 0, 0, &one, &e) < 0 ||
		    rules_ctx_chunk_load_at(rc, tx, c2, 1, q[0].at, 0, 0, &two, &e) < 0 ||
		    rules_ctx_chunk_load_at(rc, tx, c1, 1, q[0].at, 0, 0, &fresh, &e) < 0)
			fail_msg("chunk: %s", e.message);
		if (!rules_chunk_contacts(one, c1->id, &k1) || !rules_chunk_contacts(two, c2->id, &k2))
			continue;
		struct rules_chunk_question q1 = { c1->id, k1[0].id, NULL, 0, q[0].channel, q[0].at, 0 };
		struct rules_chunk_question q2 = { c2->id, k2[0].id, NULL, 0, q[0].channel, q[0].at, 0 };
		(void)rules_ctx_chunk_ask(rc, one, &q1, shared, &ea);
		(void)rules_ctx_chunk_ask(rc, two, &q2, shared, &ea);
		for (size_t qi = 0; qi < n_q; qi++) {
			struct rules_chunk_question qq = { c1->id,   k1[0].id,          NULL, 0, q[qi].channel,
							   q[qi].at, q[qi].final_notice };
			int sa = rules_ctx_chunk_ask(rc, one, &qq, shared, &ea);
			int sb = rules_ctx_chunk_ask(rc, fresh, &qq, alone, &eb);
			char who[160];
			snprintf(who, sizeof(who), "customer '%s' asked again after customer '%s' in the same answer",
				 c1->ref, c2->ref);
			same_answer(who, sa, &ea, shared, sb, &eb, alone);
			/* the other chunk again, so that the next question of the first follows it */
			(void)rules_ctx_chunk_ask(rc, two, &q2, shared, &ea);
		}
		asked++;
	}
	assert_true(asked > 0);
	rules_chunk_free(one);
	rules_chunk_free(two);
	rules_chunk_free(fresh);
	rules_ctx_free(rc);
	store_tx_free(tx);
	free(all.v);
	free(shared);
	free(alone);
}

static void test_chunk_by_ids_equals_range(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct rules_ctx *rc = NULL;
	struct store_cursor cur = STORE_CURSOR_INIT;
	struct customer_list all = { .e = &e }, sparse = { .e = &e };
	long answers = 0;

	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &tx, &e), 0);
	assert_int_equal(rules_ctx_load(tx, &rc, &e), 0);
	assert_true(store_customers_list(tx, &cur, push_customer, &all, &e) >= 0);
	assert_true(all.n >= 100);
	/* every ninth customer: far enough apart (8 ids a customer, RULES_CHUNK_SPARSE) to be read by ids */
	for (size_t i = 0; i < all.n; i += 9) {
		assert_int_equal(array_grow(&sparse.v, &sparse.cap, sparse.n, sizeof(*sparse.v)), 0);
		sparse.v[sparse.n++] = all.v[i];
	}
	assert_true(sparse.v[sparse.n - 1].id - sparse.v[0].id >= (int64_t)sparse.n * 8);
	compare_chunks(f, tx, rc, sparse.v, sparse.n, 0, 0, &answers);
	/* as a run for a past date reads them: attempts up to a moment, flags as known then */
	compare_chunks(f, tx, rc, sparse.v, sparse.n, T("2026-11-23T21:30:00Z"), T("2026-11-23T21:30:00Z"), &answers);
	print_message("chunk by ids = chunk by range: %ld answers over %zu customers\n", answers, sparse.n);
	assert_true(answers > 0);
	rules_ctx_free(rc);
	store_tx_free(tx);
	free(all.v);
	free(sparse.v);
}

/*
 * steady_until through the context (app/rules_ctx.c): the history handed to
 * the rules is the slice [at - lookback, at], so an attempt logged ahead of
 * the clock (APP_CLOCK_SKEW) is not among it at `at` but is at its own
 * second. An allowed verdict must therefore hold no longer than that
 * second: the work queue's cache serves it until steady_until (docs/queue.md).
 */
struct steady_find {
	struct store_tx *tx;
	struct rules_ctx *rc;
	struct rules_answer *a;
	timestamp_t at;
	struct contact k;
	int found;
};

static int steady_find_one(void *ctx, const struct contact *k)
{
	struct steady_find *x = ctx;
	struct rules_request rq = { 0 };
	struct error e = ERROR_INIT;

	if (x->found)
		return 0;
	rq.contact_ref = k->ref;
	rq.channel = CHANNEL_CALL;
	rq.at = x->at;
	if (rules_ctx_evaluate(x->rc, x->tx, &rq, x->a, &e) == 0 && x->a->verdict.allowed &&
	    x->a->verdict.steady_until > x->at + 30) {
		x->k = *k;
		x->found = 1;
	}
	return 0;
}

static void test_steady_until_future_attempt(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct steady_find x = { 0 };
	struct store_cursor cur = STORE_CURSOR_INIT;
	struct store_tx *tx = NULL;
	struct contact_attempt a;
	struct rules_request rq = { 0 };
	int64_t id;

	x.a = calloc(1, sizeof(*x.a));
	assert_non_null(x.a);
	x.at = T(moments[0]) + 7;
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &x.tx, &e), 0);
	assert_int_equal(rules_ctx_load(x.tx, &x.rc, &e), 0);
	assert_true(store_contacts_list(x.tx, &cur, steady_find_one, &x, &e) >= 0);
	rules_ctx_free(x.rc);
	store_tx_free(x.tx);
	assert_true(x.found); /* else this test proves nothing */
	assert_true(x.a->verdict.steady_until <= x.at - x.at % 60 + 60);

	/* an sms logged half a minute ahead of the moment asked */
	memset(&a, 0, sizeof(a));
	a.at = x.at + 30;
	a.channel = CHANNEL_SMS;
	a.contact_id = x.k.id;
	a.outcome = OUTCOME_SENT;
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_WRITE, &tx, &e), 0);
	assert_int_equal(store_attempt_add(tx, x.k.customer_id, &a, NULL, NULL, &id, &e), 0);
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);

	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &x.tx, &e), 0);
	assert_int_equal(rules_ctx_load(x.tx, &x.rc, &e), 0);
	rq.contact_ref = x.k.ref;
	rq.channel = CHANNEL_CALL;
	rq.at = x.at;
	assert_int_equal(rules_ctx_evaluate(x.rc, x.tx, &rq, x.a, &e), 0);
	assert_true(x.a->verdict.allowed);
	assert_int_equal(x.a->verdict.steady_until, x.at + 30);
	rules_ctx_free(x.rc);
	store_tx_free(x.tx);
	free(x.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_equals_single),
		cmocka_unit_test(test_batch_statements),
		cmocka_unit_test(test_batch_with_tenant_default),
		cmocka_unit_test(test_chunk_by_ids_equals_range),
		cmocka_unit_test(test_answer_across_chunks),
		cmocka_unit_test(test_steady_until_future_attempt), /* last: it adds an attempt */
	};
	/*
	 * On PostgreSQL (RECOUP_TEST_STORE_URL) the forms whose reads differ
	 * there: the chunk by ids (one statement per kind) against the range
	 * streams, and the batch's statements. The comparison of every answer
	 * with the single evaluation and the oracle, a few statements per answer
	 * and 18,000 answers, is SQLite's: minutes of round trips on a loaded
	 * machine, for reads that the store conformance test already holds equal.
	 */
	const struct CMUnitTest pg_tests[] = {
		cmocka_unit_test(test_batch_statements),
		cmocka_unit_test(test_chunk_by_ids_equals_range),
		cmocka_unit_test(test_answer_across_chunks),
	};
	const char *url = getenv("RECOUP_TEST_STORE_URL");

	if (url && *url)
		return cmocka_run_group_tests(pg_tests, setup, teardown);
	return cmocka_run_group_tests(tests, setup, teardown);
}
