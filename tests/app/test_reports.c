/*
 * test_reports.c: app/reports (and app/check, app/export beside it) on a
 * real SQLite store in a temporary file, with a fixed clock.
 *
 * The book, in minor units, today 2026-03-31:
 *   A (USD)  A-1 1000.00 issued 03-01 due 03-31   current
 *            A-2  500.00 issued 01-30 due 03-01   200.00 paid 03-10: 300 open, 30 DPD (1-30)
 *            A-3  700.00 issued 12-16 due 01-15   75 DPD (61-90)
 *            50.00 of unapplied credit on 03-20
 *   B (USD)  B-1 2000.00 issued 11-01 due 12-01, paid in full 03-15; 30.00 of credit 03-20
 *   C (EUR)  C-1  400.00 issued 01-21 due 02-20   39 DPD (31-60)
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

#include "app/check.h"
#include "app/export.h"
#include "app/reports.h"
#include "core/kpi.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/store.h"
#include "store/tenants.h"

#define C(x) (100 * (int64_t)(x)) /* major units to minor units (2 decimals) */

struct fixture {
	char dir[256];
	char path[512];
	struct store *s;
	struct app_ctx ctx;
	int64_t a, b, c; /* customer ids */
};

static date_t D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int64_t add_customer(struct store_tx *tx, const char *ref, const char *currency)
{
	struct error e = ERROR_INIT;
	struct customer c = { 0 };

	snprintf(c.ref, sizeof(c.ref), "%s", ref);
	snprintf(c.name, sizeof(c.name), "Customer %s", ref);
	c.kind = KIND_COMPANY;
	memcpy(c.country, "US", 3);
	memcpy(c.currency, currency, 4);
	snprintf(c.timezone, sizeof(c.timezone), "America/New_York");
	assert_int_equal(store_customer_insert(tx, &c, 0, &e), 1);
	return c.id;
}

static int64_t add_invoice(struct store_tx *tx, const char *ref, int64_t customer, const char *currency, int64_t amount,
			   date_t issued, date_t due)
{
	struct error e = ERROR_INIT;
	struct invoice inv = { 0 };
	unsigned char added = 0;

	snprintf(inv.ref, sizeof(inv.ref), "%s", ref);
	inv.customer_id = customer;
	inv.issue_date = issued;
	inv.due_date = due;
	memcpy(inv.currency, currency, 4);
	inv.amount = amount;
	assert_int_equal(store_invoices_add(tx, &inv, 1, 0, &added, &e), 1);
	assert_int_equal(store_invoice_find(tx, ref, &inv, &e), 1);
	return inv.id;
}

static void post(struct store_tx *tx, int64_t customer, int64_t invoice, enum ledger_kind kind, int64_t amount,
		 date_t date)
{
	struct error e = ERROR_INIT;
	struct ledger_entry le = { 0 };

	le.customer_id = customer;
	le.invoice_id = invoice;
	le.kind = kind;
	le.amount = amount;
	memcpy(le.currency, "USD", 4);
	le.date = date;
	assert_int_equal(store_ledger_post(tx, &le, 1, 0, &e), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	int64_t a2;

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "%s/recoup-app-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/app.db", f->dir);
	assert_int_equal(store_open(f->path, &f->s, &e), 0);
	assert_int_equal(store_tenant_create(f->s, "acme", &f->ctx.tenant, &e), 0);
	f->ctx.store = f->s;
	f->ctx.actor = "test";
	f->ctx.today = D(2026, 3, 31);

	assert_int_equal(store_tx_begin(f->s, f->ctx.tenant, "test", STORE_WRITE, &tx, &e), 0);
	f->a = add_customer(tx, "A", "USD");
	f->b = add_customer(tx, "B", "USD");
	f->c = add_customer(tx, "C", "EUR");
	add_invoice(tx, "A-1", f->a, "USD", C(1000), D(2026, 3, 1), D(2026, 3, 31));
	a2 = add_invoice(tx, "A-2", f->a, "USD", C(500), D(2026, 1, 30), D(2026, 3, 1));
	add_invoice(tx, "A-3", f->a, "USD", C(700), D(2025, 12, 16), D(2026, 1, 15));
	post(tx, f->a, a2, LEDGER_PAYMENT, -C(200), D(2026, 3, 10));
	post(tx, f->a, 0, LEDGER_UNAPPLIED, -C(50), D(2026, 3, 20));
	post(tx, f->b, add_invoice(tx, "B-1", f->b, "USD", C(2000), D(2025, 11, 1), D(2025, 12, 1)), LEDGER_PAYMENT,
	     -C(2000), D(2026, 3, 15));
	post(tx, f->b, 0, LEDGER_UNAPPLIED, -C(30), D(2026, 3, 20));
	add_invoice(tx, "C-1", f->c, "EUR", C(400), D(2026, 1, 21), D(2026, 2, 20));
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char path[600];

	store_close(f->s);
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s%s", f->path, suffix[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* What the sink received, copied. */
struct got_row {
	char customer_ref[16];
	struct reports_aging_row r;
};
struct got {
	int heads;
	struct reports_aging_head head;
	struct got_row rows[8];
	int n;
};

static int on_head(void *arg, const struct reports_aging_head *h)
{
	struct got *g = arg;
	g->heads++;
	g->head = *h;
	assert_int_equal(g->n, 0); /* the head comes before any row */
	return 0;
}

static int on_row(void *arg, const struct reports_aging_row *r)
{
	struct got *g = arg;
	assert_true(g->n < 8);
	snprintf(g->rows[g->n].customer_ref, sizeof(g->rows[0].customer_ref), "%s",
		 r->customer_ref ? r->customer_ref : "");
	g->rows[g->n].r = *r;
	g->rows[g->n].r.customer_ref = NULL;
	g->n++;
	return 0;
}

static void expect_buckets(const struct reports_aging_row *r, int64_t b0, int64_t b1, int64_t b2, int64_t b3,
			   int64_t b4)
{
	assert_int_equal(r->bucket[0], b0);
	assert_int_equal(r->bucket[1], b1);
	assert_int_equal(r->bucket[2], b2);
	assert_int_equal(r->bucket[3], b3);
	assert_int_equal(r->bucket[4], b4);
	assert_int_equal(r->bucket[5], 0);
	assert_int_equal(r->bucket[6], 0);
}

static void test_aging_by_currency(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct got g = { 0 };
	struct reports_aging_sink sink = { on_head, on_row, &g };
	struct reports_aging_options opts = { .as_of = f->ctx.today };
	int left_out = -1;

	aging_config_default(&opts.buckets);
	assert_int_equal(reports_aging(&f->ctx, &opts, &sink, &left_out, &e), 0);
	assert_int_equal(left_out, 0);
	assert_int_equal(g.heads, 1);
	assert_int_equal(g.head.current, 1);
	assert_int_equal(g.head.by_customer, 0);
	assert_int_equal(g.n, 2);
	/* by currency code; never added across currencies */
	assert_string_equal(g.rows[0].r.currency, "EUR");
	expect_buckets(&g.rows[0].r, 0, 0, C(400), 0, 0);
	assert_int_equal(g.rows[0].r.total, C(400));
	assert_int_equal(g.rows[0].r.unapplied_credit, 0);
	assert_int_equal(g.rows[0].r.net, C(400));
	assert_string_equal(g.rows[1].r.currency, "USD");
	expect_buckets(&g.rows[1].r, C(1000), C(300), 0, C(700), 0);
	assert_int_equal(g.rows[1].r.total, C(2000));
	assert_int_equal(g.rows[1].r.invoices, 3);
	assert_int_equal(g.rows[1].r.unapplied_credit, C(80));
	assert_int_equal(g.rows[1].r.net, C(1920));
	assert_string_equal(g.rows[1].customer_ref, "");
}

static void test_aging_by_customer(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct got g = { 0 };
	struct reports_aging_sink sink = { on_head, on_row, &g };
	struct reports_aging_options opts = { .as_of = f->ctx.today, .by_customer = 1 };

	aging_config_default(&opts.buckets);
	assert_int_equal(reports_aging(&f->ctx, &opts, &sink, NULL, &e), 0);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[0].customer_ref, "A");
	assert_int_equal(g.rows[0].r.total, C(2000));
	assert_int_equal(g.rows[0].r.unapplied_credit, C(50));
	assert_int_equal(g.rows[0].r.net, C(1950));
	/* B holds credit and nothing open: a row of zero buckets, a negative net */
	assert_string_equal(g.rows[1].customer_ref, "B");
	assert_string_equal(g.rows[1].r.currency, "USD");
	expect_buckets(&g.rows[1].r, 0, 0, 0, 0, 0);
	assert_int_equal(g.rows[1].r.total, 0);
	assert_int_equal(g.rows[1].r.unapplied_credit, C(30));
	assert_int_equal(g.rows[1].r.net, -C(30));
	assert_string_equal(g.rows[2].customer_ref, "C");
	assert_int_equal(g.rows[2].r.total, C(400));
}

/* A past day: the balances and the credit as they stood at its end, from the ledger. */
static void test_aging_as_of(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct got g = { 0 };
	struct reports_aging_sink sink = { on_head, on_row, &g };
	struct reports_aging_options opts = { .as_of = D(2026, 3, 12) };

	aging_config_default(&opts.buckets);
	assert_int_equal(reports_aging(&f->ctx, &opts, &sink, NULL, &e), 0);
	assert_int_equal(g.head.current, 0);
	assert_int_equal(g.n, 2);
	expect_buckets(&g.rows[0].r, 0, C(400), 0, 0, 0);                  /* EUR: 20 DPD */
	expect_buckets(&g.rows[1].r, C(1000), C(300), C(700), 0, C(2000)); /* B-1 not paid yet */
	assert_int_equal(g.rows[1].r.total, C(4000));
	assert_int_equal(g.rows[1].r.unapplied_credit, 0);
	assert_int_equal(g.rows[1].r.net, C(4000));
}

/* Custom buckets: "current", "1-15", "16-45", "over-45". */
static void test_aging_custom_buckets(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct got g = { 0 };
	struct reports_aging_sink sink = { on_head, on_row, &g };
	struct reports_aging_options opts = { .as_of = f->ctx.today };

	assert_int_equal(aging_config_parse(&opts.buckets, "15,45", &e), 0);
	assert_int_equal(reports_aging(&f->ctx, &opts, &sink, NULL, &e), 0);
	assert_int_equal(g.head.buckets->n, 4);
	assert_string_equal(g.head.buckets->labels[3], "over-45");
	assert_int_equal(g.rows[1].r.bucket[0], C(1000));
	assert_int_equal(g.rows[1].r.bucket[1], 0);
	assert_int_equal(g.rows[1].r.bucket[2], C(300));
	assert_int_equal(g.rows[1].r.bucket[3], C(700));
}

/* A sum beyond int64: the row is handed marked, the others stay right, the call says so. */
static void test_aging_overflow(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct got g = { 0 };
	struct reports_aging_sink sink = { on_head, on_row, &g };
	struct reports_aging_options opts = { .as_of = f->ctx.today };
	struct store_tx *tx = NULL;
	int64_t d;
	int left_out = 0;

	assert_int_equal(store_tx_begin(f->s, f->ctx.tenant, "test", STORE_WRITE, &tx, &e), 0);
	d = add_customer(tx, "D", "GBP");
	add_invoice(tx, "D-1", d, "GBP", INT64_MAX / 2 + 1, D(2026, 1, 1), D(2026, 2, 1));
	add_invoice(tx, "D-2", d, "GBP", INT64_MAX / 2 + 1, D(2026, 1, 1), D(2026, 2, 1));
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);

	aging_config_default(&opts.buckets);
	assert_int_equal(reports_aging(&f->ctx, &opts, &sink, &left_out, &e), -ERR_INPUT);
	assert_int_equal(left_out, 1);
	assert_string_equal(e.message, "1 row left out: its sums overflow");
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[1].r.currency, "GBP");
	assert_int_equal(g.rows[1].r.overflow, 1);
	assert_int_equal(g.rows[2].r.overflow, 0);
	assert_int_equal(g.rows[2].r.total, C(2000));
}

static void test_kpi(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct reports_kpi k = REPORTS_KPI_INIT;
	struct reports_kpi_options opts = { .from = D(2026, 3, 1), .to = D(2026, 3, 31), .default_dpd = 90 };

	assert_int_equal(reports_kpi(&f->ctx, &opts, &k, &e), 0);
	assert_int_equal(k.days, 31);
	assert_int_equal(k.left_out, 0);
	assert_int_equal(k.n, 2);
	assert_string_equal(k.rows[0].currency, "EUR");
	assert_string_equal(k.rows[1].currency, "USD");
	assert_int_equal(k.rows[1].opening_ar, C(3200));   /* B-1 at the end of February */
	assert_int_equal(k.rows[1].credit_sales, C(1000)); /* */
	assert_int_equal(k.rows[1].closing_ar, C(2000));
	assert_int_equal(k.rows[1].closing_current, C(1000));
	assert_int_equal(k.rows[1].closing_overdue, C(1000));
	assert_int_equal(k.rows[1].delinquency_bp, 5000);
	/* DSO: 2000 / 1000 * 31 days */
	assert_int_equal(k.rows[1].dso_tenths, 620);
	assert_int_equal(k.rows[0].dso_tenths, KPI_NA); /* no EUR sales in March */
	reports_kpi_release(&k);
	reports_kpi_release(&k);
	reports_kpi_release(NULL);
}

static void test_check_and_export(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct check_result cr = { -1, -1, -1 };
	struct export_options xo = { .record = EXPORT_INVOICES, .format = EXPORT_CSV };
	enum export_record rec;
	long long rows = 0;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_int_equal(check_run(&f->ctx, NULL, &cr, &e), 0);
	assert_int_equal(cr.bad_invoices, 0);
	assert_int_equal(cr.overflowing_sums, 0);
	assert_int_equal(cr.over_limit, 0);

	assert_non_null(out);
	assert_int_equal(export_run(&f->ctx, &xo, out, &rows, &e), 0);
	fclose(out);
	assert_int_equal(rows, 5);
	assert_non_null(strstr(text, "\nA-2,A,"));
	free(text);

	assert_int_equal(export_record_parse("payments", &rec, &e), 0);
	assert_int_equal(rec, EXPORT_PAYMENTS);
	assert_int_equal(export_record_parse("ledger", &rec, &e), -ERR_USAGE);
	assert_string_equal(e.message, "'ledger' is not customers, contacts, invoices, payments or credit-notes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_aging_by_currency, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aging_by_customer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aging_as_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aging_custom_buckets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aging_overflow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kpi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_and_export, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
