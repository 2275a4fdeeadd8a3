/*
 * account.h: what the call-preparation screen (app/account_view) reads
 * about one customer beyond what the other aggregates give: its purchase
 * history, invoices issued month by month.
 *
 * Bounded: one customer's invoices in a date range, through the index
 * invoice_customer_issued (tenant_id, customer_id, issue_date) of migration
 * 0005 (SQLite) / postgres 0002, so the cost follows the customer's own
 * invoices, never the portfolio's.
 */
#ifndef RECOUP_STORE_ACCOUNT_H
#define RECOUP_STORE_ACCOUNT_H

#include "core/dates.h"
#include "store/store.h"

/*
 * One month of invoices issued: how many and their original amounts summed
 * (minor units of the currency asked for). A sum beyond int64 is -ERR_ENV
 * from the database, not a wrapped number.
 */
struct account_month_row {
	int year, month;
	int64_t count;
	int64_t volume;
};
typedef int (*store_account_month_cb)(void *ctx, const struct account_month_row *m);
/*
 * The months, in order, in which the customer was issued invoices in
 * `currency` dated in [from, to]; months with none are not passed. `to`
 * is the screen's today: an invoice imported ahead of its issue date is not
 * issued yet, and a month's count holds only the days up to it.
 */
int store_account_months(struct store_tx *tx, int64_t customer_id, const char *currency, date_t from, date_t to,
			 store_account_month_cb cb, void *ctx, struct error *e);

#endif
