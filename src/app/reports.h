/*
 * reports.h: the aging report and the collection KPIs (docs/reports.md).
 *
 * Each call reads the store in its own read transaction (one snapshot:
 * the figures agree with one another), runs the pure computations of
 * core/aging and core/kpi, and hands back finished rows: amounts in minor
 * units of the row's currency, ratios in basis points, DSO in tenths of a
 * day. The front end only formats them (a table for people, CSV, JSON).
 *
 * Why two shapes:
 * - The aging streams its rows to a callback. By customer it has a row per
 *   customer and currency (millions on a large book); each is final as soon
 *   as the customer's invoices are read, so memory stays flat and a front
 *   end can write each row as it comes.
 * - The KPIs come back as a result struct that the caller releases. A KPI
 *   row is final only once every invoice is read (kpi_finish), there is one
 *   per currency, and every format wants the period's head with them.
 *
 * Overflow (docs/reports.md): a sum that does not fit in int64 never wraps.
 * Its row is still handed over, with `overflow` set and no valid figure, so
 * that the front end can name it; every other row is right. Once every row
 * was handed over the call returns -ERR_INPUT ("2 rows left out: their sums
 * overflow") and sets `left_out`; any other error leaves the output
 * incomplete and `left_out` 0.
 */
#ifndef RECOUP_APP_REPORTS_H
#define RECOUP_APP_REPORTS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "app/app.h"
#include "core/aging.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/model.h"

/* ---- aging ---- */

struct reports_aging_options {
	date_t as_of;                /* days past due are counted at the end of this day */
	int by_customer;             /* a row per customer and currency, customers in ref order */
	struct aging_config buckets; /* aging_config_default() or aging_config_parse() */
};

/*
 * Handed once, after the unapplied credit was read and before any row.
 * `current`: 1 when as_of is ctx->today or later (the current balances,
 * fast); 0 for a past day (each balance as it stood at the end of as_of,
 * rebuilt from the dated ledger; invoices issued later are left out).
 */
struct reports_aging_head {
	date_t as_of;
	int current;
	int by_customer;
	const struct aging_config *buckets;
};

/*
 * One row: the open balances of a currency (of a customer, by customer) in
 * each bucket, their total, and the unapplied credit (cash received and not
 * applied to an invoice) with the net (total - credit; the total when that
 * difference does not fit). A currency or customer holding only credit gets
 * a row of zero buckets. When `overflow` is set no figure is valid.
 * Valid during the callback only.
 */
struct reports_aging_row {
	const char *customer_ref; /* NULL unless by customer */
	char currency[4];
	int64_t bucket[AGING_MAX_BUCKETS]; /* buckets.n of them */
	int64_t total;
	int64_t invoices; /* open invoices counted */
	int64_t unapplied_credit;
	int64_t net;
	int overflow;
};

/* Returns 0, or a negative -ERR_* (with e set) that stops the report and is returned. */
struct reports_aging_sink {
	int (*head)(void *arg, const struct reports_aging_head *h);
	int (*row)(void *arg, const struct reports_aging_row *r);
	void *arg;
};

/*
 * Runs the aging report. Rows come by currency code (by customer: by
 * customer ref, then currency). *left_out (may be NULL) is the number of
 * rows handed with `overflow` set. Returns 0, -ERR_INPUT when rows were left
 * out (see above), -ERR_ENV for the database or memory.
 */
int reports_aging(const struct app_ctx *ctx, const struct reports_aging_options *opts,
		  const struct reports_aging_sink *sink, int *left_out, struct error *e);

/*
 * A row as JSON, for every front end alike: customer_ref (by customer),
 * currency, one key per bucket label, total, invoices, unapplied_credit,
 * net; amounts as decimal strings. A new reference (NULL: out of memory).
 */
json_t *reports_aging_row_json(const struct reports_aging_row *r, const struct aging_config *buckets);

/* ---- KPIs ---- */

struct reports_kpi_options {
	date_t from, to; /* the period, both days included; from <= to */
	int default_dpd; /* "in default" beyond this many days past due (90) */
};

/* Ratios and DSO are KPI_NA (core/kpi.h) when their denominator is 0. */
struct reports_kpi_row {
	char currency[4];
	int overflow; /* a sum overflowed: no figure below is valid */
	int64_t opening_ar, credit_sales, closing_ar, closing_current, closing_overdue;
	int64_t dso_tenths;
	int64_t cei_bp;
	int64_t delinquency_bp;
	int64_t default_balance_bp;
	int64_t default_customers_bp;
	int64_t roll_bp[AGING_MAX_BUCKETS - 1]; /* out of bucket k into a later one; buckets.n - 1 */
};

/*
 * A KPI report: rows by currency code, overflowed ones included (marked).
 * Start from REPORTS_KPI_INIT; reports_kpi_release() frees the rows (the
 * struct may be reused or dropped after).
 */
struct reports_kpi {
	date_t from, to;
	int days; /* to - from + 1 */
	int default_dpd;
	struct aging_config buckets; /* the buckets of the roll rates */
	struct reports_kpi_row *rows;
	size_t n;
	int left_out; /* rows with overflow set */
};
#define REPORTS_KPI_INIT \
	{                \
		0        \
	}

/*
 * Computes the KPIs of the period into *out (released first). Returns 0,
 * -ERR_INPUT when currencies were left out (out is complete, see above),
 * -ERR_ENV for the database or memory (out empty).
 */
int reports_kpi(const struct app_ctx *ctx, const struct reports_kpi_options *opts, struct reports_kpi *out,
		struct error *e);
/* Frees the rows. Accepts NULL. */
void reports_kpi_release(struct reports_kpi *k);

#endif
