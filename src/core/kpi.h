/*
 * kpi.h: the collection KPIs of DOMAIN.md, per currency, for a period
 * [from, to] (both days included). Formulas (docs/reports.md):
 *
 *   opening AR        balance of invoices at the end of from-1
 *   closing AR        balance of invoices at the end of to
 *   credit sales      amounts of invoices issued in [from, to]
 *   closing current   closing balance of invoices not yet past due at `to`
 *   DSO               closing AR / credit sales * days in period
 *   CEI               (opening AR + sales - closing AR)
 *                     / (opening AR + sales - closing current) * 100
 *   delinquency rate  (closing AR - closing current) / closing AR
 *   default rate      balance more than `default_dpd` days past due / closing
 *                     AR; and customers with such a balance / customers
 *                     with a balance
 *   roll rate k       of the balance in aging bucket k at the start, the
 *                     share (of its closing balance) that stands in a later
 *                     bucket at the end
 *
 * Every figure is computed in integers: ratios are returned in basis points
 * (1/100 of a percent) and DSO in tenths of a day, rounded half away from
 * zero; a ratio whose denominator is zero is "not available" (KPI_NA).
 *
 * Sums never wrap: a currency whose sum would overflow int64 is marked
 * `overflow` (its figures are then not valid and must not be shown), and
 * the other currencies go on (docs/reports.md).
 */
#ifndef RECOUP_KPI_H
#define RECOUP_KPI_H

#include <stddef.h>
#include <stdint.h>

#include "core/aging.h"
#include "core/dates.h"
#include "core/error.h"

#define KPI_NA INT64_MIN

struct kpi_input {
	int64_t customer_id;
	const char *currency;
	date_t issue_date;
	date_t due_date;
	int64_t amount;
	int64_t opening_balance; /* at the end of from - 1 */
	int64_t closing_balance; /* at the end of to */
};

struct kpi_currency {
	char currency[4];
	int64_t opening_ar;
	int64_t closing_ar;
	int64_t credit_sales;
	int64_t closing_current;
	int64_t closing_overdue;
	int64_t closing_default;
	int64_t customers_with_balance;
	int64_t customers_in_default;
	int64_t roll_base[AGING_MAX_BUCKETS];  /* opening balance per start bucket */
	int64_t roll_moved[AGING_MAX_BUCKETS]; /* closing balance now in a later bucket */
	int overflow;                          /* a sum overflowed: no figure above is valid */
	/*
	 * Customers seen with a closing balance, for the customer counts: an
	 * open-addressing set of customer ids with two flag bits each, so items
	 * may arrive in any order. Memory: 9 bytes a customer with a balance.
	 */
	int64_t *cust_ids; /* 0 = empty slot */
	unsigned char *cust_flags;
	size_t cust_cap, cust_n;
};

struct kpi_report {
	date_t from, to;
	int default_dpd; /* 90 by default */
	struct aging_config buckets;
	struct kpi_currency *rows;
	size_t n, cap;
};

void kpi_init(struct kpi_report *r, date_t from, date_t to, int default_dpd, const struct aging_config *buckets);
/*
 * Items may arrive in any order. A sum that would overflow marks the
 * currency's row `overflow`, and returns 0; -ERR_ENV out of memory.
 */
int kpi_add(struct kpi_report *r, const struct kpi_input *it, struct error *e);
/* Sorts rows by currency. */
void kpi_finish(struct kpi_report *r);
void kpi_release(struct kpi_report *r);

/* num/den in basis points, rounded; returns KPI_NA when den is 0. */
int64_t kpi_ratio_bp(int64_t num, int64_t den);
/* DSO in tenths of a day; KPI_NA when there were no credit sales. */
int64_t kpi_dso_tenths(const struct kpi_currency *k, int days);
/* CEI in basis points; KPI_NA when the denominator is 0. */
int64_t kpi_cei_bp(const struct kpi_currency *k);

/* Formats basis points as "12.34" and tenths as "12.3"; "n/a" for KPI_NA. */
char *kpi_format_bp(int64_t bp, char *buf, size_t size);
char *kpi_format_tenths(int64_t t, char *buf, size_t size);

#endif
