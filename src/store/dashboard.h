/*
 * dashboard.h: the KPI months the manager's dashboard reads (table
 * kpi_month; app/dashboard.h). A month's rows are the figures of
 * reports_kpi over [month, to_date] per currency, stored by `recoup
 * dashboard refresh` because computing them reads every invoice's ledger.
 */
#ifndef RECOUP_STORE_DASHBOARD_H
#define RECOUP_STORE_DASHBOARD_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "store/actions.h"
#include "store/store.h"

struct kpi_month {
	date_t month;   /* its first day */
	date_t to_date; /* the last day covered: the month's end, or the day it was computed for */
	char currency[4];
	int64_t opening_ar, credit_sales, closing_ar, closing_current;
	int64_t dso_tenths, cei_bp, delinquency_bp; /* KPI_NA when not available */
	timestamp_t computed_at;
};

/* Replaces the rows of month `month` with these n (all of that month). Write. */
int store_kpi_month_put(struct store_tx *tx, date_t month, const struct kpi_month *rows, size_t n, struct error *e);
/* The rows of the months in [from, to] (first days), by month then currency. Read. */
typedef int (*store_kpi_month_cb)(void *ctx, const struct kpi_month *m);
int store_kpi_months_each(struct store_tx *tx, date_t from, date_t to, store_kpi_month_cb cb, void *ctx,
			  struct error *e);

/*
 * The daily snapshot rows (store/actions.h, run_snapshot) of one dimension
 * and key (total ""; a strategy; a collector) over the run dates in
 * [from, to], by date, currency, bucket. store_snapshots_each reads every
 * dimension; the dashboard wants one, and a book with many collectors has
 * thousands of rows a day. Read.
 */
int store_dashboard_snapshots_each(struct store_tx *tx, date_t from, date_t to, const char *dimension, const char *key,
				   store_snapshot_cb cb, void *ctx, struct error *e);

#endif
