/*
 * test_ledger_post.c: app/ledger_post on a real store (a temporary SQLite
 * file, or RECOUP_TEST_STORE_URL): allocation oldest due first across
 * invoices, invoices issued after the payment skipped, a named invoice, the
 * unapplied remainder, a return reversed on its own date and the payments
 * dated before it applied as if the money were still there, and
 * parties_add_customer's primary contact.
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

#include "app/ledger_post.h"
#include "app/parties.h"
#include "core/dates.h"
#include "store/imports.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/store.h"
#include "store/tenants.h"

struct fixture {
	char dir[256];
	char url[512];
	struct store *s;
	int64_t tenant;
	struct store_tx *tx;
	int64_t import_id;
	struct customer c;
	int64_t inv[3]; /* I1 due first, I2 due next, I3 issued late */
	struct ledger_post lp;
};

static date_t D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int64_t invoice_id(struct fixture *f, const char *ref, int64_t *balance)
{
	struct invoice inv;
	struct error e = ERROR_INIT;
	assert_int_equal(store_invoice_get(f->tx, ref, &inv, NULL, &e), 1);
	if (balance)
		*balance = inv.balance;
	return inv.id;
}

static int64_t balance_of(struct fixture *f, const char *ref)
{
	int64_t b;
	invoice_id(f, ref, &b);
	return b;
}

static int64_t credit(struct fixture *f)
{
	struct error e = ERROR_INIT;
	int64_t out = -1;
	assert_int_equal(store_unapplied_credit(f->tx, f->c.id, "USD", &out, &e), 0);
	return out;
}

static void add_invoice(struct invoice *inv, const char *ref, date_t issue, date_t due, int64_t amount,
			int64_t customer_id)
{
	memset(inv, 0, sizeof(*inv));
	snprintf(inv->ref, sizeof(inv->ref), "%s", ref);
	inv->customer_id = customer_id;
	inv->issue_date = issue;
	inv->due_date = due;
	memcpy(inv->currency, "USD", 4);
	inv->amount = amount;
}

/* A customer (through parties_add_customer) with three open invoices, in one write transaction. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *url = getenv("RECOUP_TEST_STORE_URL");
	struct error e = ERROR_INIT;
	struct invoice invs[3];
	unsigned char added[3];
	static int serial;
	char name[64];

	assert_non_null(f);
	if (url && *url) {
		snprintf(f->url, sizeof(f->url), "%s", url);
	} else {
		snprintf(f->dir, sizeof(f->dir), "%s/recoup-app-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		assert_non_null(mkdtemp(f->dir));
		snprintf(f->url, sizeof(f->url), "%s/store.db", f->dir);
	}
	assert_int_equal(store_open(f->url, &f->s, &e), 0);
	snprintf(name, sizeof(name), "post-%ld-%d", (long)getpid(), ++serial);
	assert_int_equal(store_tenant_create(f->s, name, &f->tenant, &e), 0);
	assert_int_equal(store_tx_begin(f->s, f->tenant, "test", STORE_WRITE, &f->tx, &e), 0);
	assert_int_equal(store_import_begin(f->tx, "payments", "test", &f->import_id, &e), 0);

	snprintf(f->c.ref, sizeof(f->c.ref), "C1");
	snprintf(f->c.name, sizeof(f->c.name), "Ada Lovelace");
	f->c.kind = KIND_PERSON;
	memcpy(f->c.country, "US", 3);
	memcpy(f->c.currency, "USD", 4);
	snprintf(f->c.email, sizeof(f->c.email), "ada@example.com");
	snprintf(f->c.phone, sizeof(f->c.phone), "+12025550143");
	assert_int_equal(parties_add_customer(f->tx, &f->c, f->import_id, &e), 1);
	assert_true(f->c.id > 0);

	add_invoice(&invs[0], "I1", D(2026, 1, 5), D(2026, 2, 4), 10000, f->c.id);
	add_invoice(&invs[1], "I2", D(2026, 1, 20), D(2026, 3, 1), 5000, f->c.id);
	add_invoice(&invs[2], "I3", D(2026, 4, 1), D(2026, 1, 31), 7000, f->c.id); /* due first, issued late */
	assert_int_equal(store_invoices_add(f->tx, invs, 3, f->import_id, added, &e), 3);
	f->inv[0] = invoice_id(f, "I1", NULL);
	f->inv[1] = invoice_id(f, "I2", NULL);
	f->inv[2] = invoice_id(f, "I3", NULL);
	ledger_post_init(&f->lp, f->tx, f->import_id);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[600];

	ledger_post_release(&f->lp);
	store_tx_free(f->tx); /* rolls back */
	store_close(f->s);
	if (f->dir[0]) {
		static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
		for (size_t i = 0; i < 4; i++) {
			snprintf(path, sizeof(path), "%s%s", f->url, suffix[i]);
			unlink(path);
		}
		rmdir(f->dir);
	}
	free(f);
	return 0;
}

static struct payment payment(struct fixture *f, const char *ref, date_t date, int64_t amount)
{
	struct payment p = { 0 };
	snprintf(p.ref, sizeof(p.ref), "%s", ref);
	p.customer_id = f->c.id;
	memcpy(p.customer_ref, f->c.ref, sizeof(p.customer_ref));
	p.date = date;
	p.amount = amount;
	memcpy(p.currency, "USD", 4);
	p.status = PAYMENT_CLEARED;
	return p;
}

struct entries {
	struct ledger_entry le[16];
	size_t n;
};

static int collect(void *ctx, const struct ledger_entry *le)
{
	struct entries *es = ctx;
	assert_true(es->n < 16);
	es->le[es->n++] = *le;
	return 0;
}

static void entries_of(struct fixture *f, int64_t payment_id, struct entries *es)
{
	struct error e = ERROR_INIT;
	es->n = 0;
	assert_int_equal(store_ledger_of_payment(f->tx, payment_id, collect, es, &e), 0);
}

static void check_entry(const struct ledger_entry *le, int64_t invoice, enum ledger_kind kind, int64_t amount,
			date_t date)
{
	assert_int_equal(le->invoice_id, invoice);
	assert_int_equal(le->kind, kind);
	assert_int_equal(le->amount, amount);
	assert_int_equal(le->date, date);
}

/* Oldest due first across invoices, the late-issued one skipped, the rest credit. */
static void test_allocation_across_invoices(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct payment p = payment(f, "P1", D(2026, 3, 10), 18000);
	struct ledger_post_result res;
	struct entries es;

	assert_int_equal(ledger_post_payment(&f->lp, &p, NULL, &res, &e), 1);
	assert_true(p.id > 0);
	assert_int_equal(res.n, 2);
	assert_int_equal(res.alloc[0].invoice_id, f->inv[0]);
	assert_int_equal(res.alloc[0].amount, 10000);
	assert_int_equal(res.alloc[1].invoice_id, f->inv[1]);
	assert_int_equal(res.alloc[1].amount, 5000);
	assert_int_equal(res.unapplied, 3000);

	assert_int_equal(balance_of(f, "I1"), 0);
	assert_int_equal(balance_of(f, "I2"), 0);
	assert_int_equal(balance_of(f, "I3"), 7000); /* issued after the payment: still open */
	assert_int_equal(credit(f), 3000);
	entries_of(f, p.id, &es);
	assert_int_equal(es.n, 3);
	check_entry(&es.le[0], f->inv[0], LEDGER_PAYMENT, -10000, p.date);
	check_entry(&es.le[1], f->inv[1], LEDGER_PAYMENT, -5000, p.date);
	check_entry(&es.le[2], 0, LEDGER_UNAPPLIED, -3000, p.date);

	/* the same ref again: nothing written */
	p = payment(f, "P1", D(2026, 3, 10), 18000);
	assert_int_equal(ledger_post_payment(&f->lp, &p, NULL, &res, &e), 0);
	assert_int_equal(res.n, 0);
	assert_int_equal(credit(f), 3000);
	assert_int_equal(ledger_post_finish(&f->lp, &e), 0);
}

/* A named invoice takes the money up to its balance, even when an older one is open. */
static void test_named_invoice(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct payment p = payment(f, "P2", D(2026, 3, 10), 7000);
	struct ledger_post_result res;

	p.invoice_id = f->inv[1];
	snprintf(p.invoice_ref, sizeof(p.invoice_ref), "I2");
	assert_int_equal(ledger_post_payment(&f->lp, &p, NULL, &res, &e), 1); /* NULL: read here */
	assert_int_equal(res.n, 1);
	assert_int_equal(res.alloc[0].invoice_id, f->inv[1]);
	assert_int_equal(res.alloc[0].amount, 5000);
	assert_int_equal(res.unapplied, 2000);
	assert_int_equal(balance_of(f, "I1"), 10000);
	assert_int_equal(balance_of(f, "I2"), 0);
	assert_int_equal(credit(f), 2000);
}

/*
 * A returned payment is applied, then reversed on its return date: a
 * payment dated before the return meets the invoices as paid, one dated
 * after meets them open again.
 */
static void test_return(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct payment bounced = payment(f, "P3", D(2026, 3, 10), 12000);
	struct payment before = payment(f, "P4", D(2026, 3, 15), 1000);
	struct payment after = payment(f, "P5", D(2026, 3, 25), 4000);
	struct payment stored;
	struct ledger_post_result res;
	struct entries es;

	bounced.status = PAYMENT_RETURNED;
	bounced.returned_date = D(2026, 3, 20);
	assert_int_equal(ledger_post_payment(&f->lp, &bounced, NULL, &res, &e), 1);
	assert_int_equal(res.n, 2); /* I1 10000, I2 2000 */
	assert_int_equal(balance_of(f, "I2"), 3000);

	/* dated before the return: the bounced money is still there */
	assert_int_equal(ledger_post_payment(&f->lp, &before, NULL, &res, &e), 1);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.alloc[0].invoice_id, f->inv[1]);
	assert_int_equal(balance_of(f, "I1"), 0);
	assert_int_equal(balance_of(f, "I2"), 2000);

	/* dated after it: the reversal comes first, I1 is open again */
	assert_int_equal(ledger_post_payment(&f->lp, &after, NULL, &res, &e), 1);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.alloc[0].invoice_id, f->inv[0]);
	assert_int_equal(res.alloc[0].amount, 4000);
	assert_int_equal(res.unapplied, 0);
	assert_int_equal(balance_of(f, "I1"), 6000);
	assert_int_equal(balance_of(f, "I2"), 4000);

	entries_of(f, bounced.id, &es);
	assert_int_equal(es.n, 4);
	check_entry(&es.le[0], f->inv[0], LEDGER_PAYMENT, -10000, D(2026, 3, 10));
	check_entry(&es.le[1], f->inv[1], LEDGER_PAYMENT, -2000, D(2026, 3, 10));
	check_entry(&es.le[2], f->inv[0], LEDGER_REVERSAL, 10000, D(2026, 3, 20));
	check_entry(&es.le[3], f->inv[1], LEDGER_REVERSAL, 2000, D(2026, 3, 20));
	assert_int_equal(store_payment_get(f->tx, "P3", &stored, NULL, &e), 1);
	assert_int_equal(stored.status, PAYMENT_RETURNED);
	assert_int_equal(ledger_post_finish(&f->lp, &e), 0);
	assert_int_equal(credit(f), 0);
}

/* A stored cleared payment that comes back later, with unapplied credit: all of it is reversed at finish. */
static void test_return_of_stored_payment(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct payment p = payment(f, "P6", D(2026, 3, 10), 16000);
	struct payment stored;
	struct entries es;

	assert_int_equal(ledger_post_payment(&f->lp, &p, NULL, NULL, &e), 1);
	assert_int_equal(credit(f), 1000);
	assert_int_equal(store_payment_get(f->tx, "P6", &stored, NULL, &e), 1);
	stored.returned_date = D(2026, 4, 2);
	assert_int_equal(ledger_post_return(&f->lp, &stored, &e), 0);
	assert_int_equal(balance_of(f, "I1"), 0); /* waits for its day */
	assert_int_equal(ledger_post_finish(&f->lp, &e), 0);
	assert_int_equal(balance_of(f, "I1"), 10000);
	assert_int_equal(balance_of(f, "I2"), 5000);
	assert_int_equal(credit(f), 0);
	entries_of(f, p.id, &es);
	assert_int_equal(es.n, 6);
	check_entry(&es.le[5], 0, LEDGER_UNAPPLIED, 1000, D(2026, 4, 2));
}

/* The new customer's own phone and email became its primary contact; a taken contact ref conflicts. */
static void test_primary_contact(void **state)
{
	struct fixture *f = *state;
	struct error e = ERROR_INIT;
	struct contact primary;
	struct customer again = f->c;
	struct customer other = f->c;
	struct contact taken = { 0 };

	assert_int_equal(store_contact_get(f->tx, "C1", &primary, NULL, &e), 1);
	assert_int_equal(primary.customer_id, f->c.id);
	assert_string_equal(primary.role, "debtor");
	assert_string_equal(primary.email, "ada@example.com");
	assert_string_equal(primary.phone, "+12025550143");
	assert_int_equal(primary.pays_bills, 1);

	assert_int_equal(parties_add_customer(f->tx, &again, f->import_id, &e), 0);

	taken.customer_id = f->c.id;
	snprintf(taken.ref, sizeof(taken.ref), "C2");
	snprintf(taken.name, sizeof(taken.name), "Someone");
	snprintf(taken.role, sizeof(taken.role), "debtor");
	assert_int_equal(store_contact_insert(f->tx, &taken, f->import_id, &e), 1);
	snprintf(other.ref, sizeof(other.ref), "C2");
	assert_int_equal(parties_add_customer(f->tx, &other, f->import_id, &e), -ERR_CONFLICT);
	assert_string_equal(e.message, "customer 'C2': a contact with this ref already exists");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_allocation_across_invoices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_named_invoice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_return, setup, teardown),
		cmocka_unit_test_setup_teardown(test_return_of_stored_payment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_primary_contact, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
