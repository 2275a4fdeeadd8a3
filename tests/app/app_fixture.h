/*
 * app_fixture.h: a real SQLite store in a temporary folder, one tenant, a
 * fixed clock, and a small portfolio, for the tests of the app/ use cases.
 *
 * Customer C1 (USD, America/New_York) with contacts K1 (phone and email)
 * and K2 (phone only), open invoices I-1 (1000, due 2026-02-04) and I-2
 * (2500, due 2026-03-06); customer C2 with invoice J-1. The clock is
 * 2026-03-16T15:00:00Z (app.now, app.today).
 */
#ifndef RECOUP_TEST_APP_FIXTURE_H
#define RECOUP_TEST_APP_FIXTURE_H

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
#include "core/dates.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/store.h"
#include "store/tenants.h"

struct fixture {
	char dir[256];
	char url[512];
	struct app_ctx app;
	int64_t c1, c2;
};

static void fixture_customer(struct store_tx *tx, const char *ref, int64_t *id)
{
	struct error e = ERROR_INIT;
	struct customer c = { 0 };

	snprintf(c.ref, sizeof(c.ref), "%s", ref);
	snprintf(c.name, sizeof(c.name), "Customer %s", ref);
	c.kind = KIND_PERSON;
	memcpy(c.country, "US", 3);
	memcpy(c.currency, "USD", 4);
	snprintf(c.timezone, sizeof(c.timezone), "America/New_York");
	snprintf(c.address, sizeof(c.address), "1 Main St, Springfield");
	assert_int_equal(store_customer_insert(tx, &c, 0, &e), 1);
	*id = c.id;
}

static void fixture_contact(struct store_tx *tx, int64_t customer_id, const char *ref, const char *phone,
			    const char *email)
{
	struct error e = ERROR_INIT;
	struct contact k = { 0 };

	k.customer_id = customer_id;
	snprintf(k.ref, sizeof(k.ref), "%s", ref);
	snprintf(k.name, sizeof(k.name), "Contact %s", ref);
	snprintf(k.role, sizeof(k.role), "debtor");
	snprintf(k.phone, sizeof(k.phone), "%s", phone);
	snprintf(k.email, sizeof(k.email), "%s", email);
	assert_int_equal(store_contact_insert(tx, &k, 0, &e), 1);
}

static void fixture_invoice(struct store_tx *tx, int64_t customer_id, const char *ref, int64_t amount, date_t due)
{
	struct error e = ERROR_INIT;
	struct invoice inv = { 0 };
	unsigned char added = 0;

	snprintf(inv.ref, sizeof(inv.ref), "%s", ref);
	inv.customer_id = customer_id;
	inv.issue_date = due - 30;
	inv.due_date = due;
	memcpy(inv.currency, "USD", 4);
	inv.amount = amount;
	assert_int_equal(store_invoices_add(tx, &inv, 1, 0, &added, &e), 1);
}

static int fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "%s/recoup-app-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->url, sizeof(f->url), "%s/app.db", f->dir);
	assert_int_equal(store_open(f->url, &f->app.store, &e), 0);
	assert_int_equal(store_tenant_create(f->app.store, "acme", &f->app.tenant, &e), 0);
	f->app.actor = "tester";
	assert_int_equal(timestamp_parse("2026-03-16T15:00:00Z", &f->app.now, &e), 0);
	f->app.today = date_from_ymd(2026, 3, 16);

	assert_int_equal(store_tx_begin(f->app.store, f->app.tenant, "seed", STORE_WRITE, &tx, &e), 0);
	fixture_customer(tx, "C1", &f->c1);
	fixture_customer(tx, "C2", &f->c2);
	fixture_contact(tx, f->c1, "K1", "+1 212 555 0101", "mary@example.com");
	fixture_contact(tx, f->c1, "K2", "+1 212 555 0102", "");
	fixture_contact(tx, f->c2, "K9", "+1 212 555 0109", "");
	fixture_invoice(tx, f->c1, "I-1", 1000, date_from_ymd(2026, 2, 4));
	fixture_invoice(tx, f->c1, "I-2", 2500, date_from_ymd(2026, 3, 6));
	fixture_invoice(tx, f->c2, "J-1", 700, date_from_ymd(2026, 3, 1));
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);
	*state = f;
	return 0;
}

static int fixture_teardown(void **state)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	struct fixture *f = *state;
	char path[600];

	store_close(f->app.store);
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s%s", f->url, suffix[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

#endif
