/*
 * reports.h: the streaming reads behind the reports (aging, KPIs,
 * unapplied credit) and the checks of `recoup check`. Each streams its rows
 * to a callback: memory stays flat whatever the portfolio.
 */
#ifndef RECOUP_STORE_REPORTS_H
#define RECOUP_STORE_REPORTS_H

#include "store/ledger.h"
#include "store/store.h"

/*
 * Open items for the aging report as known at the end of `as_of`: every
 * invoice issued on or before it with a non-zero balance (an invoice
 * imported ahead of its issue date is not owed yet, and the aging of a day
 * counts what the daily run of that day counts: store_run_invoices_each).
 * With `by_customer`, grouped by customer (rows of one customer are
 * consecutive, customers in ref order) and customer_ref is filled.
 *
 * `rebuild` 0 reads the current balances (the cached column, through an
 * index of the open invoices that holds their issue date: fast): the
 * balances at as_of when as_of is today or later, as no ledger entry is
 * dated after today (a payment dated later is refused at import). 1
 * rebuilds each invoice's balance as it stood at the end of as_of from the
 * dated ledger: a month-end aging run weeks afterwards still shows the
 * month-end figures.
 */
struct open_item {
	int64_t customer_id;
	const char *customer_ref; /* NULL unless by_customer */
	const char *currency;
	date_t due_date;
	int64_t balance;
};
typedef int (*store_open_item_cb)(void *ctx, const struct open_item *it);
int store_open_items_each(struct store_tx *tx, int by_customer, date_t as_of, int rebuild, store_open_item_cb cb,
			  void *ctx, struct error *e);

/*
 * For KPIs over [from, to]: every invoice issued on or before `to`, with its
 * balance as it stood at the end of `from - 1` (opening) and at the end of
 * `to` (closing), from the dated ledger entries.
 */
struct kpi_item {
	int64_t customer_id;
	const char *currency;
	date_t issue_date;
	date_t due_date;
	int64_t amount;
	int64_t opening_balance;
	int64_t closing_balance;
};
typedef int (*store_kpi_item_cb)(void *ctx, const struct kpi_item *it);
int store_kpi_items_each(struct store_tx *tx, date_t from, date_t to, store_kpi_item_cb cb, void *ctx, struct error *e);

/*
 * Unapplied credit (cash received and not applied to an invoice) of every
 * customer holding some, per currency, as it stood at the end of `at`
 * (STORE_NOW: today's), customers in ref order. amount > 0.
 */
typedef int (*store_credit_cb)(void *ctx, int64_t customer_id, const char *customer_ref, const char *currency,
			       int64_t amount);
int store_unapplied_each(struct store_tx *tx, date_t at, store_credit_cb cb, void *ctx, struct error *e);

/*
 * Invariant check: for every invoice, the cached balance equals the sum of
 * its ledger (its amount + fees + interest + reversals - payments - credits
 * - write-offs), and every entry has the sign of its kind. Calls cb (may be
 * NULL) for each invoice that does not (with balance set to the ledger
 * sum); returns the number of such invoices.
 */
int store_check_ledger(struct store_tx *tx, store_invoice_cb cb, void *ctx, struct error *e);

/*
 * Sums that do not fit in int64 (docs/reports.md): a customer's open
 * balance or unapplied credit in one currency, or the tenant's open balance
 * in one currency. Amounts are capped (MONEY_AMOUNT_MAX) but enough of them,
 * or data stored before the cap, can still add up beyond the range, and
 * every report of that sum would fail. Calls cb for each (customer_ref ""
 * for a tenant total); returns how many, or a negative error.
 */
struct store_sum_overflow {
	const char *customer_ref; /* "" for the tenant's total of a currency */
	const char *currency;
	const char *what; /* "open balance" or "unapplied credit" */
};
typedef int (*store_sum_overflow_cb)(void *ctx, const struct store_sum_overflow *o);
int store_check_sums(struct store_tx *tx, store_sum_overflow_cb cb, void *ctx, struct error *e);

/*
 * Invoices whose cached balance is beyond MONEY_AMOUNT_MAX (core/money.h,
 * the largest amount recoup takes in a file, on the command line or from a
 * fee or interest step): a balance no payment, credit or write-off can
 * settle in one entry. Older runs posted such interest on invoices due
 * decades back (the cause most often a mistyped year); the runs since
 * refuse it (reason_code amount_limit), but what was posted stays. Calls cb
 * (may be NULL) for each, in id order, with the balance as stored; returns
 * how many, a callback's non-zero value, or -ERR_*. Read through the index
 * of open invoices (a balance beyond the limit is not 0).
 */
int store_check_amount_limit(struct store_tx *tx, store_invoice_cb cb, void *ctx, struct error *e);

#endif
