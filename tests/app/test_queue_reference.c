/*
 * test_queue_reference.c: the work queue (app/queue.c) gives exactly the
 * list a straightforward ranking of every candidate gives.
 *
 * The queue examines candidates best possible score first and stops once
 * no candidate left could enter the list; its candidates' statement reads
 * a partial index of the waiting calls and names the customers and
 * contacts of the examined rows only. The reference below does none of
 * that: it lists every waiting call of the tenant (store_actions_each),
 * keeps those of the collector's assignments due now, nets each account
 * with store_queue_balances, adds the callbacks and the broken promises,
 * asks the rules and scores every candidate, sorts them all (tier, score,
 * customer ref, currency) and cuts at the limit.
 *
 * The book: a generated portfolio (payments, unapplied cash, returned
 * payments) imported into a temporary SQLite store, or into the database
 * RECOUP_TEST_STORE_URL names (PostgreSQL: tests/pg/with-cluster), run for
 * two days and assigned to three collectors; then credit notes (to an
 * invoice, unapplied, some covering the account), assignments whose band
 * is unknown, callbacks (on accounts with a call due and without), broken
 * promises, and hand-built accounts that tie on score (three customers,
 * and one customer in two currencies). Every collector's queue is compared
 * field by field at several moments and limits, with the count of
 * accounts due.
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
#include <libpq-fe.h>

#include "app/app.h"
#include "app/assign.h"
#include "app/import.h"
#include "app/queue.h"
#include "app/rules_ctx.h"
#include "app/run.h"
#include "core/array.h"
#include "core/money.h"
#include "core/risk.h"
#include "core/tz.h"
#include "ingest/generate.h"
#include "store/actions.h"
#include "store/assignments.h"
#include "store/history.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/promises.h"
#include "store/risk.h"
#include "store/store.h"
#include "store/tenants.h"
#include "store/users.h"

#define CUSTOMERS 1200
#define SEED      7

struct fixture {
	char dir[256];
	char db[512];
	int own_db; /* a temporary SQLite file, removed at the end */
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

static struct app_ctx ctx_at(const struct fixture *f, timestamp_t now)
{
	struct app_ctx c = { f->s, f->tenant, "test", now, timestamp_date_utc(now), NULL };
	return c;
}

static void import_file(struct fixture *f, enum import_kind kind, const char *name, timestamp_t now)
{
	struct import_options o = { 0 };
	struct import_result r = { 0 };
	struct error e = ERROR_INIT;
	struct app_ctx ctx = ctx_at(f, now);
	char path[600];

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	o.kind = kind;
	o.path = path;
	o.report = stderr;
	if (import_run(&ctx, &o, &r, &e) < 0)
		fail_msg("import %s: %s", name, e.message);
	assert_true(r.rows > 0);
}

static void run_day(struct fixture *f, const char *now)
{
	struct app_ctx ctx = ctx_at(f, T(now));
	struct run_options o = { 0 };
	struct run_summary sum;
	struct error e = ERROR_INIT;

	o.as_of = ctx.today;
	if (run_execute(&ctx, &o, &sum, &e) < 0)
		fail_msg("run %s: %s", now, e.message);
	run_summary_release(&sum);
}

/* ---- the decorations ---- */

struct calls {
	struct action_record *v;
	char (*invoice)[REF_MAX + 1]; /* the first invoice of each */
	size_t n, cap, cap_invoice;
};

static int on_call_action(void *ctx, const struct action_record *a, const char *invoice_ref)
{
	struct calls *l = ctx;

	if (l->n && l->v[l->n - 1].id == a->id)
		return 0; /* one row per invoice of the action */
	if (array_grow(&l->v, &l->cap, l->n, sizeof(*l->v)) < 0 ||
	    array_grow(&l->invoice, &l->cap_invoice, l->n, sizeof(*l->invoice)) < 0)
		return 1;
	snprintf(l->invoice[l->n], sizeof(l->invoice[l->n]), "%s", invoice_ref ? invoice_ref : "");
	l->v[l->n++] = *a;
	return 0;
}

static void waiting_calls(struct store_tx *tx, struct calls *l)
{
	struct action_filter af = { 0, 0, "call", "scheduled" };
	struct error e = ERROR_INIT;

	l->n = 0;
	assert_int_equal(store_actions_each(tx, &af, on_call_action, l, &e), 0);
}

struct assigned {
	struct assignment *v;
	size_t n, cap;
};

static int on_assignment(void *ctx, const struct assignment *a)
{
	struct assigned *l = ctx;

	if (array_grow(&l->v, &l->cap, l->n, sizeof(*l->v)) < 0)
		return 1;
	l->v[l->n++] = *a;
	return 0;
}

static void read_assignments(struct store_tx *tx, struct assigned *l)
{
	struct error e = ERROR_INIT;

	l->n = 0;
	assert_int_equal(store_assignments_each(tx, 1, INT64_MAX, on_assignment, l, &e), 0);
}

static const struct assignment *assignment_of(const struct assigned *l, int64_t customer_id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].customer_id == customer_id)
			return &l->v[i];
	return NULL;
}

/*
 * Credit notes on every fourth account with a waiting call: to its first
 * invoice in part; unapplied, in part or covering the account (in the
 * customer's own currency, as an unapplied credit note must be).
 */
static void credit_notes(struct fixture *f, const struct calls *calls)
{
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct customer c;
	char path[600];
	FILE *out;
	int n = 0;

	snprintf(path, sizeof(path), "%s/credit-notes.csv", f->dir);
	out = fopen(path, "w");
	assert_non_null(out);
	fprintf(out, "credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason\n");
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &tx, &e), 0);
	for (size_t i = 0; i < calls->n; i += 4) {
		const struct action_record *a = &calls->v[i];
		char amount[MONEY_TEXT_MAX];
		int kind = n % 3; /* 0 to the invoice, 1 unapplied in part, 2 unapplied covering it */
		int64_t part = kind == 2 ? a->amount : a->amount / 2 + 1;
		assert_int_equal(store_customer_by_id(tx, a->customer_id, &c, &e), 1);
		if (a->amount <= 0 || (kind && strcmp(c.currency, a->currency)) || (!kind && !calls->invoice[i][0]))
			continue;
		money_format(part, currency_exponent(a->currency), amount, sizeof(amount));
		fprintf(out, "CN-%04d,%s,%s,2026-11-23,%s,%s,%s\n", n, a->customer_ref, kind ? "" : calls->invoice[i],
			amount, a->currency, kind == 2 ? "covers the account" : "goodwill");
		n++;
	}
	store_tx_free(tx);
	fclose(out);
	assert_true(n > 6);
	import_file(f, IMPORT_CREDIT_NOTES, "credit-notes.csv", T("2026-11-23T06:00:00Z"));
}

/* Every third assignment forgets its band: the queue counts it from the customer's history. */
static void forget_bands(struct store_tx *tx, struct assigned *l)
{
	struct error e = ERROR_INIT;

	for (size_t i = 0; i < l->n; i += 3)
		l->v[i].risk_band[0] = '\0';
	assert_int_equal(store_assignments_put(tx, l->v, l->n, &e), 0);
}

static void callback(struct store_tx *tx, const struct action_record *a, timestamp_t asked, timestamp_t at,
		     const char *by)
{
	struct contact_attempt t = { 0 };
	struct error e = ERROR_INIT;
	int64_t id = 0;

	t.at = asked;
	t.channel = CHANNEL_CALL;
	t.contact_id = a->contact_id;
	t.outcome = OUTCOME_CALLBACK;
	t.conversation = 1;
	t.callback_at = at;
	assert_int_equal(store_attempt_add(tx, a->customer_id, &t, "", "", &id, &e), 0);
	assert_int_equal(store_attempt_queue_note(tx, id, at, by, &e), 1);
}

/* A promise made on the 10th for the 15th, of more than is owed: the review of the 20th breaks it. */
static void promise(struct store_tx *tx, const struct action_record *a)
{
	struct promise p = { 0 };
	struct error e = ERROR_INIT;

	p.customer_id = a->customer_id;
	memcpy(p.currency, a->currency, sizeof(p.currency));
	p.amount = a->amount + 100000;
	p.kept_at_least = p.amount;
	p.date = date_from_ymd(2026, 11, 15);
	p.until = date_from_ymd(2026, 11, 15);
	p.made_at = T("2026-11-10T15:00:00Z");
	snprintf(p.made_by, sizeof(p.made_by), "ann");
	snprintf(p.state, sizeof(p.state), "current");
	assert_int_equal(store_promise_add(tx, &p, NULL, 0, &e), 0);
}

/* ---- the accounts that tie ---- */

static int64_t tie_customer(struct store_tx *tx, const char *ref)
{
	struct error e = ERROR_INIT;
	struct customer c = { 0 };
	struct contact k = { 0 };

	snprintf(c.ref, sizeof(c.ref), "%s", ref);
	snprintf(c.name, sizeof(c.name), "Tie %s", ref);
	c.kind = KIND_COMPANY;
	memcpy(c.country, "US", 3);
	memcpy(c.currency, "USD", 4);
	snprintf(c.timezone, sizeof(c.timezone), "America/New_York");
	snprintf(c.address, sizeof(c.address), "1 Main St, Springfield");
	assert_int_equal(store_customer_insert(tx, &c, 0, &e), 1);
	k.customer_id = c.id;
	snprintf(k.ref, sizeof(k.ref), "K-%s", ref);
	snprintf(k.name, sizeof(k.name), "Contact %s", ref);
	snprintf(k.role, sizeof(k.role), "billing");
	snprintf(k.phone, sizeof(k.phone), "+12125550123");
	assert_int_equal(store_contact_insert(tx, &k, 0, &e), 1);
	return c.id;
}

static void tie_call(struct store_tx *tx, int64_t customer_id, const char *ref, const char *currency)
{
	struct error e = ERROR_INIT;
	struct invoice inv = { 0 };
	struct contact k;
	struct action_record a = { 0 };
	struct action_invoice ai = { 0 };
	unsigned char added = 0;

	snprintf(inv.ref, sizeof(inv.ref), "TI-%s-%s", ref, currency);
	inv.customer_id = customer_id;
	inv.issue_date = date_from_ymd(2026, 9, 1);
	inv.due_date = date_from_ymd(2026, 10, 1);
	memcpy(inv.currency, currency, 4);
	inv.amount = 777700;
	assert_int_equal(store_invoices_add(tx, &inv, 1, 0, &added, &e), 1);
	assert_int_equal(store_invoice_find(tx, inv.ref, &inv, &e), 1);
	snprintf(k.ref, sizeof(k.ref), "K-%s", ref);
	assert_int_equal(store_contact_get(tx, k.ref, &k, NULL, &e), 1);
	a.run_date = date_from_ymd(2026, 11, 23);
	a.customer_id = customer_id;
	a.contact_id = k.id;
	memcpy(a.currency, currency, 4);
	a.amount = inv.amount;
	snprintf(a.kind, sizeof(a.kind), "call");
	snprintf(a.strategy, sizeof(a.strategy), "b2b-gentle");
	snprintf(a.step, sizeof(a.step), "call-tie");
	a.scheduled_at = T("2026-11-23T14:00:00Z");
	snprintf(a.state, sizeof(a.state), "scheduled");
	a.created_at = a.updated_at = a.scheduled_at;
	ai.invoice_id = inv.id;
	snprintf(ai.step, sizeof(ai.step), "call-tie");
	assert_int_equal(store_action_add(tx, &a, &ai, 1, &e), 0);
}

static void ties(struct store_tx *tx, int64_t user_id)
{
	static const char *const refs[] = { "TIE-B", "TIE-A", "TIE-C", "TIE-D" };
	struct assignment rows[4];
	struct error e = ERROR_INIT;

	for (size_t i = 0; i < 4; i++) {
		int64_t id = tie_customer(tx, refs[i]);
		tie_call(tx, id, refs[i], "USD");
		if (i == 3)
			tie_call(tx, id, refs[i], "EUR"); /* one customer, two currencies, the same score */
		rows[i] = (struct assignment){ id, user_id, date_from_ymd(2026, 11, 23), "team", "B" };
	}
	assert_int_equal(store_assignments_put(tx, rows, 4, &e), 0);
}

static struct user collector(const char *name, int capacity)
{
	struct user u = { 0 };

	snprintf(u.name, sizeof(u.name), "%s", name);
	snprintf(u.role, sizeof(u.role), "collector");
	u.capacity = capacity;
	snprintf(u.created_by, sizeof(u.created_by), "test");
	snprintf(u.updated_by, sizeof(u.updated_by), "test");
	u.created_at = u.updated_at = T("2026-11-20T09:00:00Z");
	return u;
}

static void decorate(struct fixture *f)
{
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct calls calls = { 0 };
	struct assigned as = { 0 };
	struct user ann = collector("ann", 12), bob = collector("bob", 30), cy = collector("cy", 5);
	struct assign_options ao = { 0 };
	struct assign_summary sum;
	struct app_ctx ctx = ctx_at(f, T("2026-11-23T06:00:00Z"));
	int64_t counts[3] = { 0 };
	size_t callbacks = 0, promises = 0;

	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_WRITE, &tx, &e), 0);
	assert_int_equal(store_user_insert(tx, &ann, &e), 1);
	assert_int_equal(store_user_insert(tx, &bob, &e), 1);
	assert_int_equal(store_user_insert(tx, &cy, &e), 1);
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);

	run_day(f, "2026-11-22T05:00:00Z");
	run_day(f, "2026-11-23T05:00:00Z");
	ao.as_of = ctx.today;
	if (assign_execute(&ctx, &ao, &sum, &e) < 0)
		fail_msg("assign: %s", e.message);
	assign_summary_release(&sum);

	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &tx, &e), 0);
	waiting_calls(tx, &calls);
	store_tx_free(tx);
	assert_true(calls.n > 40);
	credit_notes(f, &calls);

	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_WRITE, &tx, &e), 0);
	read_assignments(tx, &as);
	forget_bands(tx, &as);
	/* callbacks: on accounts with a call due, and on customers whose calls are for later or done */
	for (size_t i = 1; i < calls.n; i += 5) {
		const struct action_record *a = &calls.v[i];
		if (!assignment_of(&as, a->customer_id) || !a->contact_id)
			continue;
		/* a few logged by ann: they count against her capacity today */
		callback(tx, a, T("2026-11-23T13:00:00Z"),
			 T(callbacks % 2 ? "2026-11-23T15:20:00Z" : "2026-11-23T19:40:00Z"),
			 callbacks % 4 ? "desk" : "ann");
		callbacks++;
	}
	for (size_t i = 2; i < calls.n; i += 6) {
		if (!assignment_of(&as, calls.v[i].customer_id))
			continue;
		promise(tx, &calls.v[i]);
		promises++;
	}
	assert_int_equal(store_promises_settle(tx, date_from_ymd(2026, 11, 20), T("2026-11-20T06:00:00Z"), counts, &e),
			 0);
	assert_true(counts[2] > 3);
	ties(tx, ann.id);
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);
	assert_true(callbacks > 5);
	assert_true(promises > 5);
	free(calls.v);
	free(calls.invoice);
	free(as.v);
}

/*
 * The book is built once (the group's setup: generate, import, two days'
 * runs, assign, decorate), and each test works on a copy of it, so that
 * every test starts from the same book whatever the one before it wrote: a
 * copy of the SQLite file, or on PostgreSQL a database made with the book's
 * as its template. On PostgreSQL the book holds a second tenant, built
 * the same way first, so that the tests read beside another tenant's
 * identical refs (a statement not scoped by tenant would meet them).
 * Building the book for every test took five sixths of the test's time
 * (about 250 of 390 s on PostgreSQL on a loaded machine).
 */
static struct fixture book;
static char book_db_name[64]; /* PostgreSQL: the book's database, the template of the copies */
static int copies;

/* The URL `url` with its database name replaced by `name`. */
static void pg_url_with_db(const char *url, const char *name, char *out, size_t size)
{
	const char *slash = strrchr(url, '/');

	assert_non_null(slash);
	assert_null(strchr(slash, '?'));
	snprintf(out, size, "%.*s/%s", (int)(slash - url), url, name);
}

/* SQL run on the cluster's maintenance database (CREATE and DROP DATABASE). */
static void pg_admin(const char *sql)
{
	char url[600];
	PGconn *c;
	PGresult *r;

	pg_url_with_db(book.db, "postgres", url, sizeof(url));
	c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connect %s: %s", url, PQerrorMessage(c));
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

static void build_tenant(struct fixture *f, const char *name)
{
	struct error e = ERROR_INIT;

	assert_int_equal(store_tenant_create(f->s, name, &f->tenant, &e), 0);
	import_file(f, IMPORT_CUSTOMERS, "customers.csv", T("2026-11-22T04:00:00Z"));
	import_file(f, IMPORT_CONTACTS, "contacts.csv", T("2026-11-22T04:00:00Z"));
	import_file(f, IMPORT_INVOICES, "invoices.csv", T("2026-11-22T04:00:00Z"));
	import_file(f, IMPORT_PAYMENTS, "payments.csv", T("2026-11-22T04:00:00Z"));
	decorate(f);
}

static int book_setup(void **state)
{
	struct generate_options o = GENERATE_OPTIONS_INIT;
	const char *url = getenv("RECOUP_TEST_STORE_URL");
	struct error e = ERROR_INIT;
	char name[64];

	snprintf(book.dir, sizeof(book.dir), "%s/recoup-queue-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(book.dir));
	if (url && *url) {
		const char *slash = strrchr(url, '/');
		assert_non_null(slash);
		snprintf(book.db, sizeof(book.db), "%s", url);
		snprintf(book_db_name, sizeof(book_db_name), "%s", slash + 1);
	} else {
		snprintf(book.db, sizeof(book.db), "%s/book.db", book.dir);
		book.own_db = 1;
	}
	assert_int_equal(date_parse("2026-11-22", &book.as_of, NULL), 0);
	o.customers = CUSTOMERS;
	o.seed = SEED;
	o.as_of = book.as_of;
	o.profile = GENERATE_DISTRESSED; /* many overdue accounts, hence calls */
	if (generate_to_dir(&o, book.dir, NULL, 0, 0, NULL, &e) < 0)
		fail_msg("generate: %s", e.message);
	assert_int_equal(store_open(book.db, &book.s, &e), 0);
	if (!book.own_db) {
		snprintf(name, sizeof(name), "queue-%ld-neighbour", (long)getpid());
		build_tenant(&book, name);
	}
	snprintf(name, sizeof(name), "queue-%ld", (long)getpid());
	build_tenant(&book, name);
	store_close(book.s); /* no one may be connected to a template */
	book.s = NULL;
	(void)state;
	return 0;
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	char buf[65536];
	size_t n;

	if (!in)
		return; /* no -wal or -shm left: nothing to copy */
	out = fopen(to, "wb");
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	assert_false(ferror(in));
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* A copy of the book for one test. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct error e = ERROR_INIT;
	char name[64], sql[200];

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "%s/recoup-queue-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	if (book.own_db) {
		static const char *const suffix[] = { "", "-wal", "-shm" };
		for (size_t i = 0; i < 3; i++) {
			char from[600], to[600];
			snprintf(from, sizeof(from), "%s%s", book.db, suffix[i]);
			snprintf(to, sizeof(to), "%s/recoup.db%s", f->dir, suffix[i]);
			copy_file(from, to);
		}
		snprintf(f->db, sizeof(f->db), "%s/recoup.db", f->dir);
		f->own_db = 1;
	} else {
		snprintf(name, sizeof(name), "queue_copy_%d", ++copies);
		snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\" TEMPLATE \"%s\"", name, book_db_name);
		pg_admin(sql);
		pg_url_with_db(book.db, name, f->db, sizeof(f->db));
	}
	assert_int_equal(store_open(f->db, &f->s, &e), 0);
	f->tenant = book.tenant;
	f->as_of = book.as_of;
	*state = f;
	return 0;
}

static void remove_files(const char *dir)
{
	static const char *const files[] = { "recoup.db",       "recoup.db-wal", "recoup.db-shm", "book.db",
					     "book.db-wal",     "book.db-shm",   "customers.csv", "contacts.csv",
					     "invoices.csv",    "payments.csv",  "flags.csv",     "contact-history.csv",
					     "credit-notes.csv" };
	char path[600];

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char sql[200];

	store_close(f->s);
	if (!f->own_db) {
		snprintf(sql, sizeof(sql), "DROP DATABASE \"%s\"", strrchr(f->db, '/') + 1);
		pg_admin(sql);
	}
	remove_files(f->dir);
	free(f);
	return 0;
}

static int book_teardown(void **state)
{
	(void)state;
	remove_files(book.dir);
	return 0;
}

/* ---- the reference ---- */

struct ref_account {
	int64_t customer_id;
	char customer_ref[REF_MAX + 1];
	char contact_ref[REF_MAX + 1];
	char currency[4];
	char band[2]; /* the assignment's, "" unknown */
	int64_t balance;
	date_t oldest_due;
	int64_t action_id;
	timestamp_t due_at, callback_at;
	int64_t broken;
	int broken_not_called;
};

struct reference {
	struct fixture *f;
	struct store_tx *tx;
	struct app_ctx ctx;
	struct ref_account *acc;
	size_t n, cap;
	/* store_queue_balances' rows for the customer being read */
	const struct ref_account *proto;
	const char *want_currency;
	int64_t balance;
	date_t oldest;
	int found;
	struct queue_item *items;
	size_t n_items, cap_items;
	int64_t due; /* accounts with a positive overdue balance */
	int band_read, band;
};

static int on_exact(void *ctx, const char *currency, int64_t balance, date_t oldest_due)
{
	struct reference *r = ctx;

	if (r->want_currency) {
		if (!strcmp(currency, r->want_currency)) {
			r->balance = balance;
			r->oldest = oldest_due;
		}
		return 0;
	}
	/* a callback or a broken promise with no call due: an account per currency owed overdue */
	if (array_grow(&r->acc, &r->cap, r->n, sizeof(*r->acc)) < 0)
		return 1;
	r->acc[r->n] = *r->proto;
	snprintf(r->acc[r->n].currency, sizeof(r->acc[r->n].currency), "%s", currency);
	r->acc[r->n].balance = balance;
	r->acc[r->n].oldest_due = oldest_due;
	r->n++;
	return 0;
}

static struct ref_account *account(struct reference *r, int64_t customer_id, const char *currency)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->acc[i].customer_id == customer_id && !strcmp(r->acc[i].currency, currency))
			return &r->acc[i];
	return NULL;
}

/* The calls due: the earliest waiting call of each account of the collector. */
static void ref_calls(struct reference *r, const struct calls *calls, const struct assigned *as, int64_t user_id)
{
	struct error e = ERROR_INIT;

	for (size_t i = 0; i < calls->n; i++) {
		const struct action_record *a = &calls->v[i];
		const struct assignment *asg = assignment_of(as, a->customer_id);
		struct ref_account *acc;
		if (!asg || asg->user_id != user_id || a->scheduled_at > r->ctx.now)
			continue;
		acc = account(r, a->customer_id, a->currency);
		if (acc) {
			if (a->scheduled_at < acc->due_at ||
			    (a->scheduled_at == acc->due_at && a->id < acc->action_id)) {
				acc->action_id = a->id;
				acc->due_at = a->scheduled_at;
				snprintf(acc->contact_ref, sizeof(acc->contact_ref), "%s", a->contact_ref);
			}
			continue;
		}
		assert_int_equal(array_grow(&r->acc, &r->cap, r->n, sizeof(*r->acc)), 0);
		acc = &r->acc[r->n++];
		memset(acc, 0, sizeof(*acc));
		acc->customer_id = a->customer_id;
		snprintf(acc->customer_ref, sizeof(acc->customer_ref), "%s", a->customer_ref);
		snprintf(acc->contact_ref, sizeof(acc->contact_ref), "%s", a->contact_ref);
		snprintf(acc->currency, sizeof(acc->currency), "%s", a->currency);
		snprintf(acc->band, sizeof(acc->band), "%s", asg->risk_band);
		acc->action_id = a->id;
		acc->due_at = a->scheduled_at;
	}
	for (size_t i = 0; i < r->n; i++) {
		r->want_currency = r->acc[i].currency;
		r->balance = 0;
		r->oldest = 0;
		assert_int_equal(store_queue_balances(r->tx, r->acc[i].customer_id, r->ctx.today, on_exact, r, &e), 0);
		r->acc[i].balance = r->balance;
		r->acc[i].oldest_due = r->oldest;
	}
	r->want_currency = NULL;
}

struct extra {
	int64_t customer_id;
	char customer_ref[REF_MAX + 1];
	char contact_ref[REF_MAX + 1];
	char band[2];
	timestamp_t at;
	int64_t broken;
	int not_called;
};

struct extras {
	struct extra *v;
	size_t n, cap;
};

static int on_cb_row(void *ctx, const struct queue_row *q)
{
	struct extras *l = ctx;

	if (array_grow(&l->v, &l->cap, l->n, sizeof(*l->v)) < 0)
		return 1;
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	l->v[l->n].customer_id = q->customer_id;
	snprintf(l->v[l->n].customer_ref, sizeof(l->v[l->n].customer_ref), "%s", q->customer_ref);
	snprintf(l->v[l->n].contact_ref, sizeof(l->v[l->n].contact_ref), "%s", q->contact_ref);
	snprintf(l->v[l->n].band, sizeof(l->v[l->n].band), "%s", q->risk_band);
	l->v[l->n++].at = q->due_at;
	return 0;
}

static int on_broken_row(void *ctx, const struct promise_broken_row *b)
{
	struct extras *l = ctx;

	if (array_grow(&l->v, &l->cap, l->n, sizeof(*l->v)) < 0)
		return 1;
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	l->v[l->n].customer_id = b->customer_id;
	snprintf(l->v[l->n].customer_ref, sizeof(l->v[l->n].customer_ref), "%s", b->customer_ref);
	snprintf(l->v[l->n].contact_ref, sizeof(l->v[l->n].contact_ref), "%s", b->contact_ref);
	snprintf(l->v[l->n].band, sizeof(l->v[l->n].band), "%s", b->risk_band);
	l->v[l->n].broken = b->broken;
	l->v[l->n++].not_called = !b->called;
	return 0;
}

static timestamp_t distance(timestamp_t a, timestamp_t b)
{
	return a > b ? a - b : b - a;
}

/* Callbacks within an hour of now, then broken promises of the last 30 days, onto the accounts. */
static void ref_extras(struct reference *r, int64_t user_id)
{
	struct extras x = { 0 };
	struct error e = ERROR_INIT;

	assert_int_equal(store_queue_callbacks_each(r->tx, user_id, r->ctx.now - 3600, r->ctx.now + 3600, r->ctx.today,
						    on_cb_row, &x, &e),
			 0);
	assert_int_equal(
		store_promises_broken_each(r->tx, user_id, r->ctx.today - 30, r->ctx.today, on_broken_row, &x, &e), 0);
	for (size_t i = 0; i < x.n; i++) {
		const struct extra *c = &x.v[i];
		struct ref_account proto = { 0 };
		int found = 0;
		for (size_t k = 0; k < r->n; k++) {
			struct ref_account *acc = &r->acc[k];
			if (acc->customer_id != c->customer_id)
				continue;
			found = 1;
			if (c->at &&
			    (!acc->callback_at || distance(c->at, r->ctx.now) < distance(acc->callback_at, r->ctx.now)))
				acc->callback_at = c->at;
			if (c->broken) {
				acc->broken = c->broken;
				acc->broken_not_called = c->not_called;
			}
		}
		if (found || (!c->at && !c->not_called))
			continue;
		proto.customer_id = c->customer_id;
		snprintf(proto.customer_ref, sizeof(proto.customer_ref), "%s", c->customer_ref);
		snprintf(proto.contact_ref, sizeof(proto.contact_ref), "%s", c->contact_ref);
		snprintf(proto.band, sizeof(proto.band), "%s", c->band);
		proto.callback_at = c->at;
		proto.broken = c->broken;
		proto.broken_not_called = c->not_called;
		r->proto = &proto;
		assert_int_equal(store_queue_balances(r->tx, c->customer_id, r->ctx.today, on_exact, r, &e), 0);
	}
	free(x.v);
}

static int on_ref_facts(void *ctx, const struct risk_facts *facts)
{
	struct reference *r = ctx;
	struct risk_result res;

	risk_assess(facts, &res);
	r->band = (int)res.band;
	r->band_read = 1;
	return 0;
}

static enum risk_band band_of(struct reference *r, const struct ref_account *acc)
{
	struct error e = ERROR_INIT;
	enum risk_band b;

	if (risk_band_parse(acc->band, &b) == 0)
		return b;
	r->band_read = 0;
	assert_int_equal(store_risk_facts(r->tx, r->ctx.today, acc->customer_id, acc->customer_id, on_ref_facts, r, &e),
			 0);
	return r->band_read ? (enum risk_band)r->band : RISK_C;
}

/* The callback falls in the debtor's hour of now (the verdict's zone, UTC when it has none). */
static int this_hour(const struct contact_verdict *v, timestamp_t at, timestamp_t now)
{
	const struct tz_zone *zone = NULL;
	struct tz_local a, n;

	if (!at)
		return 0;
	if (!v->zone[0] || tz_zone_get(v->zone, &zone, NULL) < 0)
		return at / 3600 == now / 3600;
	tz_local(zone, at, &a);
	tz_local(zone, now, &n);
	return a.date == n.date && a.minute / 60 == n.minute / 60;
}

static void ref_rank(struct reference *r, struct rules_ctx *rules, const char *collector)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct ref_account *acc = &r->acc[i];
		struct rules_request rq = { 0 };
		struct rules_answer ans;
		struct queue_facts qf = { 0 };
		struct queue_score s;
		struct queue_item it;
		struct error e = ERROR_INIT;
		enum risk_band band;
		int ret, cb;
		if (acc->balance <= 0 || !acc->oldest_due)
			continue;
		r->due++;
		rq.contact_ref = acc->contact_ref;
		rq.channel = CHANNEL_CALL;
		rq.at = r->ctx.now;
		ret = rules_ctx_evaluate(rules, r->tx, &rq, &ans, &e);
		if (ret == -ERR_INPUT)
			continue;
		assert_int_equal(ret, 0);
		cb = this_hour(&ans.verdict, acc->callback_at, r->ctx.now);
		if (!ans.verdict.allowed || (!acc->action_id && !cb && !acc->broken_not_called))
			continue;
		band = band_of(r, acc);
		qf.balance = acc->balance;
		qf.exponent = currency_exponent(acc->currency);
		qf.currency = acc->currency;
		qf.pay_permille = risk_band_pay_permille(band);
		qf.risk_band = risk_band_name(band);
		qf.dpd = r->ctx.today - acc->oldest_due;
		qf.broken_promises = (int)(acc->broken < 1000 ? acc->broken : 1000);
		qf.broken_not_called = acc->broken_not_called;
		qf.callback_this_hour = cb;
		queue_score(&qf, &s);
		memset(&it, 0, sizeof(it));
		snprintf(it.collector, sizeof(it.collector), "%s", collector);
		snprintf(it.customer_ref, sizeof(it.customer_ref), "%s", acc->customer_ref);
		snprintf(it.contact_ref, sizeof(it.contact_ref), "%s", acc->contact_ref);
		snprintf(it.currency, sizeof(it.currency), "%s", acc->currency);
		snprintf(it.risk_band, sizeof(it.risk_band), "%s", risk_band_name(band));
		snprintf(it.local_time, sizeof(it.local_time), "%s", ans.verdict.local_time);
		it.balance = acc->balance;
		it.dpd = qf.dpd;
		it.tier = s.tier;
		it.score = s.score;
		it.n_reasons = s.n_reasons;
		memcpy(it.reasons, s.reasons, sizeof(it.reasons));
		it.action_id = acc->action_id;
		it.due_at = acc->action_id ? acc->due_at : 0;
		it.callback_at = cb ? acc->callback_at : 0;
		assert_int_equal(array_grow(&r->items, &r->cap_items, r->n_items, sizeof(*r->items)), 0);
		r->items[r->n_items++] = it;
	}
}

static int by_rank(const void *a, const void *b)
{
	const struct queue_item *x = a, *y = b;
	int c;

	if (x->tier != y->tier)
		return x->tier > y->tier ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	c = strcmp(x->customer_ref, y->customer_ref);
	return c ? c : strcmp(x->currency, y->currency);
}

/* ---- the comparison ---- */

struct compared {
	size_t items, ties, callbacks, broken, unknown_band, netted_out;
	int64_t not_netted; /* accounts due the queue's walk by bound never had to net */
};

static void compare_one(struct fixture *f, const struct user *u, timestamp_t now, int limit, struct compared *seen)
{
	struct reference r = { 0 };
	struct queue_options o = { u->name, limit, 0 };
	struct queue_result got;
	struct error e = ERROR_INIT;
	struct rules_ctx *rules = NULL;
	struct calls calls = { 0 };
	struct assigned as = { 0 };
	int64_t logged = 0;
	size_t want;

	r.f = f;
	r.ctx = ctx_at(f, now);
	if (queue_list(&r.ctx, &o, &got, &e) < 0)
		fail_msg("queue %s: %s", u->name, e.message);
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &r.tx, &e), 0);
	assert_int_equal(rules_ctx_load(r.tx, &rules, &e), 0);
	waiting_calls(r.tx, &calls);
	read_assignments(r.tx, &as);
	ref_calls(&r, &calls, &as, u->id);
	ref_extras(&r, u->id);
	for (size_t i = 0; i < r.n; i++)
		seen->netted_out += r.acc[i].oldest_due && r.acc[i].balance <= 0;
	ref_rank(&r, rules, u->name);
	if (r.n_items)
		qsort(r.items, r.n_items, sizeof(*r.items), by_rank);
	assert_int_equal(store_queue_calls_logged(r.tx, u->name, (timestamp_t)r.ctx.today * 86400,
						  (timestamp_t)r.ctx.today * 86400 + 86400, &logged, &e),
			 0);
	want = limit >= 0 ? (size_t)limit : (size_t)(u->capacity > logged ? u->capacity - logged : 0);
	if (want > r.n_items)
		want = r.n_items;

	assert_int_equal(got.n_collectors, 1);
	/*
	 * The accounts due the queue netted: none when the collector may not
	 * call; all when the list cannot fill (the walk never stops early);
	 * else no more than there are.
	 */
	if (got.collectors[0].limit <= 0)
		assert_int_equal(got.collectors[0].candidates, 0);
	else if (limit >= 1000)
		assert_int_equal(got.collectors[0].candidates, r.due);
	else
		assert_true(got.collectors[0].candidates <= r.due);
	seen->not_netted += got.collectors[0].limit > 0 ? r.due - got.collectors[0].candidates : 0;
	assert_int_equal(got.n_items, want);
	for (size_t i = 0; i < want; i++) {
		const struct queue_item *a = &got.items[i], *b = &r.items[i];
		assert_string_equal(a->collector, b->collector);
		assert_string_equal(a->customer_ref, b->customer_ref);
		assert_string_equal(a->contact_ref, b->contact_ref);
		assert_string_equal(a->currency, b->currency);
		assert_string_equal(a->risk_band, b->risk_band);
		assert_string_equal(a->local_time, b->local_time);
		assert_int_equal(a->balance, b->balance);
		assert_int_equal(a->dpd, b->dpd);
		assert_int_equal(a->tier, b->tier);
		assert_int_equal(a->score, b->score);
		assert_int_equal(a->action_id, b->action_id);
		assert_int_equal(a->due_at, b->due_at);
		assert_int_equal(a->callback_at, b->callback_at);
		assert_true(a->n_reasons >= b->n_reasons);
		for (size_t k = 0; k < b->n_reasons; k++)
			assert_string_equal(a->reasons[k], b->reasons[k]);
		seen->items++;
		seen->ties += i > 0 && a->score == got.items[i - 1].score && a->tier == got.items[i - 1].tier;
		seen->callbacks += a->callback_at != 0;
		seen->broken += a->tier == QUEUE_TIER_BROKEN || !strncmp(a->reasons[1], "broke ", 6);
	}
	for (size_t i = 0; i < r.n; i++)
		seen->unknown_band += !r.acc[i].band[0];
	queue_result_release(&got);
	rules_ctx_free(rules);
	store_tx_free(r.tx);
	free(r.acc);
	free(r.items);
	free(calls.v);
	free(calls.invoice);
	free(as.v);
}

static int on_user(void *ctx, const struct user *u)
{
	struct user *l = ctx;

	for (size_t i = 0; i < 3; i++)
		if (!l[i].name[0]) {
			l[i] = *u;
			return 0;
		}
	return 1;
}

static void test_same_as_reference(void **state)
{
	static const char *const moments[] = {
		"2026-11-23T15:00:00Z", /* Monday 10:00 in New York: the callbacks asked for 15:20 */
		"2026-11-23T20:00:00Z", /* 15:00 in New York, evening in Europe: those for 19:40 */
		"2026-11-24T14:30:00Z", /* the next morning: a day later past due */
		"2026-11-23T09:00:00Z", /* before New York opens */
	};
	static const int limits[] = { -1, 1, 3, 8, 1000 };
	struct fixture *f = *state;
	struct user us[3];
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct compared seen = { 0 };

	memset(us, 0, sizeof(us));
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &tx, &e), 0);
	assert_int_equal(store_users_each(tx, on_user, us, &e), 0);
	store_tx_free(tx);
	for (size_t m = 0; m < sizeof(moments) / sizeof(*moments); m++)
		for (size_t l = 0; l < sizeof(limits) / sizeof(*limits); l++)
			for (size_t u = 0; u < 3; u++)
				compare_one(f, &us[u], T(moments[m]), limits[l], &seen);
	print_message("compared %zu rows: %zu tied with the row above, %zu callbacks, %zu broken promises; %zu "
		      "candidate accounts of unknown band, %zu netted to nothing; %lld accounts due left unread by the "
		      "walk by bound\n",
		      seen.items, seen.ties, seen.callbacks, seen.broken, seen.unknown_band, seen.netted_out,
		      (long long)seen.not_netted);
	/* the book exercises what the fast path could get wrong */
	assert_true(seen.items > 200);
	assert_true(seen.ties > 3);
	assert_true(seen.callbacks > 0);
	assert_true(seen.broken > 0);
	assert_true(seen.unknown_band > 0);
	assert_true(seen.netted_out > 0);
	/* and the walk by bound stopped early (the bounds were counted by assign) */
	assert_true(seen.not_netted > 0);
}

/* ---- the writers that raise a balance ---- */

enum writer { WRITER_IMPORT, WRITER_FEE, WRITER_INTEREST, WRITER_REVERSAL };

static int raises_beyond_bound(const struct queue_item *it)
{
	if (it->tier != 0 || it->callback_at)
		return 0;
	for (size_t k = 0; k < it->n_reasons; k++)
		if (!strncmp(it->reasons[k], "broke ", 6))
			return 0; /* a broken promise: examined before the walk, whatever its bound */
	return 1;
}

static int64_t major_units(int64_t n, int exponent)
{
	for (int i = 0; i < exponent; i++)
		n *= 10;
	return n;
}

static int on_first_open(void *ctx, const struct invoice *inv)
{
	*(int64_t *)ctx = inv->id;
	return 1;
}

/* The first two open invoices (ids, 0 for none). */
static int on_two_open(void *ctx, const struct invoice *inv)
{
	int64_t *two = ctx;
	two[two[0] ? 1 : 0] = inv->id;
	return two[1] != 0;
}

/* Adds 1,000,000 major units to the account `it` names, the way `w` does. */
static void raise_account(struct fixture *f, const struct queue_item *it, enum writer w, timestamp_t now)
{
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct customer cu;
	struct ledger_entry le;
	int64_t invoice_id = 0, amount = major_units(1000000, it->exponent);
	char path[600];
	FILE *fp;

	if (w == WRITER_IMPORT) {
		snprintf(path, sizeof(path), "%s/raise.csv", f->dir);
		fp = fopen(path, "w");
		assert_non_null(fp);
		fprintf(fp,
			"invoice_ref,customer_ref,issue_date,due_date,currency,amount\n"
			"RAISE-%s-%s,%s,2026-10-01,2026-10-15,%s,1000000\n",
			it->customer_ref, it->currency, it->customer_ref, it->currency);
		fclose(fp);
		import_file(f, IMPORT_INVOICES, "raise.csv", now);
		unlink(path);
		return;
	}
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_WRITE, &tx, &e), 0);
	assert_int_equal(store_customer_get(tx, it->customer_ref, &cu, NULL, &e), 1);
	assert_true(store_open_invoices_of_customer(tx, cu.id, it->currency, on_first_open, &invoice_id, &e) >= 0);
	assert_true(invoice_id > 0);
	memset(&le, 0, sizeof(le));
	le.customer_id = cu.id;
	le.invoice_id = invoice_id;
	le.kind = w == WRITER_FEE ? LEDGER_FEE : w == WRITER_INTEREST ? LEDGER_INTEREST : LEDGER_REVERSAL;
	le.amount = amount;
	snprintf(le.currency, sizeof(le.currency), "%s", it->currency);
	le.date = timestamp_date_utc(now);
	if (store_ledger_post(tx, &le, 1, 0, &e) < 0)
		fail_msg("ledger post: %s", e.message);
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);
}

static int position_of(const struct queue_result *r, const struct queue_item *it)
{
	for (size_t i = 0; i < r->n_items; i++)
		if (!strcmp(r->items[i].customer_ref, it->customer_ref) && !strcmp(r->items[i].currency, it->currency))
			return (int)i;
	return -1;
}

/*
 * The account a collector's queue puts last among those the walk by bound
 * reads (no callback, no broken promise) is raised by writer `w` after
 * assign counted the bounds: with a list one row longer than those of a
 * higher tier it was not listed; after the write it is the first of them,
 * its score that of its new balance, and every queue is still the
 * reference's.
 */
static void raise_by(void **state, enum writer w)
{
	struct fixture *f = *state;
	timestamp_t now = T("2026-11-23T15:00:00Z");
	struct app_ctx ctx = ctx_at(f, now);
	struct user us[3];
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct compared seen = { 0 };
	struct queue_item low;
	struct queue_result r;
	size_t above = 0, plain = 0, who = 3;
	int limit;

	memset(us, 0, sizeof(us));
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_READ, &tx, &e), 0);
	assert_int_equal(store_users_each(tx, on_user, us, &e), 0);
	store_tx_free(tx);
	for (size_t u = 0; u < 3 && who == 3; u++) {
		struct queue_options o = { us[u].name, 1000, 0 };
		if (queue_list(&ctx, &o, &r, &e) < 0)
			fail_msg("queue: %s", e.message);
		above = plain = 0;
		for (size_t i = 0; i < r.n_items; i++) {
			above += r.items[i].tier > 0;
			if (raises_beyond_bound(&r.items[i])) {
				plain++;
				low = r.items[i];
			}
		}
		if (plain >= 3 && raises_beyond_bound(&r.items[r.n_items - 1]))
			who = u;
		queue_result_release(&r);
	}
	assert_true(who < 3);
	limit = (int)above + 1;
	{
		struct queue_options o = { us[who].name, limit, 0 };
		assert_int_equal(queue_list(&ctx, &o, &r, &e), 0);
		assert_int_equal(position_of(&r, &low), -1);
		queue_result_release(&r);
	}
	raise_account(f, &low, w, now);
	{
		struct queue_options o = { us[who].name, limit, 0 };
		assert_int_equal(queue_list(&ctx, &o, &r, &e), 0);
		assert_int_equal(position_of(&r, &low), (int)above);
		assert_int_equal(r.items[above].balance, low.balance + major_units(1000000, low.exponent));
		assert_true(r.items[above].score > low.score);
		queue_result_release(&r);
	}
	for (size_t u = 0; u < 3; u++) {
		compare_one(f, &us[u], now, -1, &seen);
		compare_one(f, &us[u], now, limit, &seen);
		compare_one(f, &us[u], now, 3, &seen);
	}
	assert_true(seen.items > 0);
}

static void test_import_raises(void **state)
{
	raise_by(state, WRITER_IMPORT);
}

static void test_fee_raises(void **state)
{
	raise_by(state, WRITER_FEE);
}

static void test_interest_raises(void **state)
{
	raise_by(state, WRITER_INTEREST);
}

static void test_reversal_raises(void **state)
{
	raise_by(state, WRITER_REVERSAL);
}

/* ---- the bound's triggers, directly ---- */

struct one_bound {
	int64_t bound, scale, pay;
	char currency[4];
	char band[2];
	int rows;
};

static int on_one_bound(void *ctx, const struct assignment_open *r)
{
	struct one_bound *b = ctx;

	b->bound = r->bound;
	b->scale = r->bound_scale;
	b->pay = r->bound_pay;
	snprintf(b->currency, sizeof(b->currency), "%s", r->bound_currency ? r->bound_currency : "");
	snprintf(b->band, sizeof(b->band), "%s", r->risk_band);
	b->rows++;
	return 0;
}

static struct one_bound bound_of(struct store_tx *tx, int64_t customer_id)
{
	struct one_bound b = { 0 };
	struct error e = ERROR_INIT;

	assert_int_equal(store_assignment_open_each(tx, customer_id, customer_id, on_one_bound, &b, &e), 0);
	assert_true(b.rows > 0);
	return b;
}

/*
 * A raise adds what the invoice grew by, times the scale and the band's
 * chance, rounded up; a payment leaves the bound; another currency and a
 * band written make it unknown. Read back through the store on both
 * backends.
 */
/*
 * The run writes without SQLite's check of each reference
 * (store_check_references, app/run.c) and turns it on again when it ends:
 * after a run, and after a run refused (another day's date), a payment
 * naming a customer the book does not have is refused, as before any run.
 */
static void refused_reference(struct fixture *f)
{
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct ledger_entry le;

	memset(&le, 0, sizeof(le));
	le.customer_id = (int64_t)1 << 40; /* no customer */
	le.kind = LEDGER_PAYMENT;
	le.amount = -100;
	snprintf(le.currency, sizeof(le.currency), "USD");
	le.date = f->as_of;
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_WRITE, &tx, &e), 0);
	/* the store may hold the entry back until the commit */
	int ret = store_ledger_post(tx, &le, 1, 0, &e);
	if (ret == 0)
		ret = store_tx_commit(tx, &e);
	assert_true(ret < 0);
	if (!strstr(e.message, "FOREIGN KEY") && !strstr(e.message, "foreign key"))
		fail_msg("not the reference refused: %s", e.message);
	store_tx_free(tx);
}

static void test_run_checks_references_after(void **state)
{
	struct fixture *f = *state;
	struct app_ctx ctx = ctx_at(f, T("2026-11-24T05:00:00Z"));
	struct run_options o = { 0 };
	struct run_summary sum = { 0 };
	struct error e = ERROR_INIT;

	refused_reference(f);
	run_day(f, "2026-11-24T05:00:00Z");
	refused_reference(f);
	/* a day before the last run's: refused by the run, after it turned the check off */
	o.as_of = ctx.today - 1;
	assert_true(run_execute(&ctx, &o, &sum, &e) < 0);
	run_summary_release(&sum);
	refused_reference(f);
}

static void test_bound_triggers(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct assigned as = { 0 };
	struct one_bound before, after;
	struct ledger_entry le;
	int64_t invoice_id = 0;
	size_t k;

	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_WRITE, &tx, &e), 0);
	read_assignments(tx, &as);
	/* an account counted by assign, in one currency, with a band and an open invoice */
	for (k = 0; k < as.n; k++) {
		before = bound_of(tx, as.v[k].customer_id);
		invoice_id = 0;
		if (before.bound == ASSIGNMENT_BOUND_UNKNOWN || !before.currency[0] || !before.band[0])
			continue;
		assert_true(store_open_invoices_of_customer(tx, as.v[k].customer_id, before.currency, on_first_open,
							    &invoice_id, &e) >= 0);
		if (invoice_id)
			break;
	}
	assert_true(k < as.n);
	assert_true(before.pay < 1000);
	memset(&le, 0, sizeof(le));
	le.customer_id = as.v[k].customer_id;
	le.invoice_id = invoice_id;
	le.kind = LEDGER_FEE;
	le.amount = 12345;
	snprintf(le.currency, sizeof(le.currency), "%s", before.currency);
	le.date = f->as_of;
	assert_int_equal(store_ledger_post(tx, &le, 1, 0, &e), 0);
	after = bound_of(tx, as.v[k].customer_id);
	assert_int_equal(after.bound, before.bound + (12345 * before.scale * before.pay + 999) / 1000);
	/* a payment lowers the balance, not the bound */
	le.kind = LEDGER_PAYMENT;
	le.amount = -100;
	assert_int_equal(store_ledger_post(tx, &le, 1, 0, &e), 0);
	assert_int_equal(bound_of(tx, as.v[k].customer_id).bound, after.bound);
	/*
	 * two invoices of one account grown in one post (on PostgreSQL one
	 * statement moves both, migration 0046): each one's growth, rounded up
	 * each, summed
	 */
	size_t j;
	for (j = 0; j < as.n; j++) {
		struct one_bound b = bound_of(tx, as.v[j].customer_id);
		int64_t two[2] = { 0, 0 };
		struct ledger_entry fees[2];
		if (b.bound == ASSIGNMENT_BOUND_UNKNOWN || !b.currency[0] || !b.band[0])
			continue;
		assert_true(store_open_invoices_of_customer(tx, as.v[j].customer_id, b.currency, on_two_open, two,
							    &e) >= 0);
		if (!two[1])
			continue;
		memset(fees, 0, sizeof(fees));
		for (int i = 0; i < 2; i++) {
			fees[i].customer_id = as.v[j].customer_id;
			fees[i].invoice_id = two[i];
			fees[i].kind = LEDGER_FEE;
			fees[i].amount = i ? 777 : 1001;
			snprintf(fees[i].currency, sizeof(fees[i].currency), "%s", b.currency);
			fees[i].date = f->as_of;
		}
		assert_int_equal(store_ledger_post(tx, fees, 2, 0, &e), 0);
		assert_int_equal(bound_of(tx, as.v[j].customer_id).bound,
				 b.bound + (1001 * b.scale * b.pay + 999) / 1000 +
					 (777 * b.scale * b.pay + 999) / 1000);
		break;
	}
	assert_true(j < as.n); /* the book has such an account */
	/* a band written by assign: unknown until counted again */
	snprintf(as.v[k].risk_band, sizeof(as.v[k].risk_band), "%s", strcmp(before.band, "A") ? "A" : "B");
	assert_int_equal(store_assignments_put(tx, &as.v[k], 1, &e), 0);
	assert_int_equal(bound_of(tx, as.v[k].customer_id).bound, ASSIGNMENT_BOUND_UNKNOWN);
	/* counted again, then an invoice in another currency: unknown */
	assert_int_equal(store_assignment_bound_set(tx, as.v[k].customer_id, ASSIGNMENT_BOUND_UNKNOWN, 5000,
						    before.currency, before.scale, 950, &e),
			 1);
	assert_int_equal(store_assignment_bound_set(tx, as.v[k].customer_id, 4999, 10, NULL, 1, 950, &e), 0);
	assert_int_equal(bound_of(tx, as.v[k].customer_id).bound, 5000);
	{
		struct invoice inv;
		char ref[REF_MAX + 1], none[REF_MAX + 1];
		unsigned char added = 0;
		memset(&inv, 0, sizeof(inv));
		assert_int_equal(store_queue_refs(tx, as.v[k].customer_id, 0, ref, none, &e), 1);
		snprintf(inv.ref, sizeof(inv.ref), "BOUND-OTHER");
		snprintf(inv.customer_ref, sizeof(inv.customer_ref), "%s", ref);
		inv.customer_id = as.v[k].customer_id;
		inv.issue_date = inv.due_date = f->as_of;
		snprintf(inv.currency, sizeof(inv.currency), "%s", strcmp(before.currency, "JPY") ? "JPY" : "EUR");
		inv.amount = 700;
		assert_true(store_invoices_add(tx, &inv, 1, 0, &added, &e) >= 0);
		assert_int_equal(added, 1);
	}
	assert_int_equal(bound_of(tx, as.v[k].customer_id).bound, ASSIGNMENT_BOUND_UNKNOWN);
	store_tx_free(tx); /* rolled back */
	free(as.v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_as_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_raises, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fee_raises, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interest_raises, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reversal_raises, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bound_triggers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_checks_references_after, setup, teardown),
	};
	return cmocka_run_group_tests(tests, book_setup, book_teardown);
}
