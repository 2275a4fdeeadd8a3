/*
 * aging.h: aging buckets and per-currency totals.
 *
 * Days past due (DPD) of an invoice at `as_of` is as_of - due_date; an
 * invoice due today or later is "current". Buckets are data: the upper DPD
 * bound of each bucket but the last (default 0, 30, 60, 90, 180, 365:
 * current, 1-30, 31-60, 61-90, 91-180, 181-365, over-365). Exactly 30 DPD is
 * in 1-30; 31 DPD is in 31-60.
 *
 * Totals are kept per currency and never added across currencies. Sums are
 * overflow-checked: a sum that would overflow int64 never wraps; it marks
 * its row `overflow` (the row's figures are then meaningless and must not
 * be shown) and the other rows go on, so that a report can show every
 * currency it can and name the one it cannot (docs/reports.md). With
 * amounts at most MONEY_AMOUNT_MAX, that takes more than 9,223 maximal
 * balances in one currency.
 */
#ifndef RECOUP_AGING_H
#define RECOUP_AGING_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/error.h"

#define AGING_MAX_BUCKETS 12

struct aging_config {
	int n;                              /* number of buckets, 2..AGING_MAX_BUCKETS */
	int upper[AGING_MAX_BUCKETS - 1];   /* inclusive upper DPD of buckets 0..n-2 */
	char labels[AGING_MAX_BUCKETS][16]; /* "current", "1-30", ..., "over-365" */
};

/* The default buckets of docs/csv.md. */
void aging_config_default(struct aging_config *c);
/*
 * Parses "30,60,90,180,365" (ascending positive bounds of ASCII digits
 * alone, at most 36500, comma-separated without spaces or an empty bound)
 * into a config with "current" first and "over-N" last. -ERR_INPUT on a
 * bad list.
 */
int aging_config_parse(struct aging_config *c, const char *bounds, struct error *e);

/* Bucket index for a DPD (<= 0 is bucket 0, "current"). */
int aging_bucket(const struct aging_config *c, int dpd);

struct aging_row {
	char currency[4];
	int64_t bucket[AGING_MAX_BUCKETS];
	int64_t total;
	int64_t count; /* open invoices */
	int overflow;  /* a sum overflowed: bucket[] and total are not valid */
};

/*
 * A set of rows, one per currency, sorted by currency code when read back.
 * Initialise with AGING_TOTALS_INIT; release with aging_totals_release().
 */
struct aging_totals {
	struct aging_row *rows;
	size_t n, cap;
};
#define AGING_TOTALS_INIT  \
	{                  \
		NULL, 0, 0 \
	}

/*
 * Adds one open item. A sum that would overflow sets the row's overflow
 * (and later items of that row are only counted); returns 0 then too.
 * -ERR_ENV when out of memory.
 */
int aging_totals_add(struct aging_totals *t, const struct aging_config *c, const char *currency, date_t as_of,
		     date_t due, int64_t balance, struct error *e);
/*
 * Makes sure a row for `currency` exists (all zero when new): a currency in
 * which only unapplied credit is held still gets its line. -ERR_ENV when out
 * of memory.
 */
int aging_totals_touch(struct aging_totals *t, const char *currency, struct error *e);
void aging_totals_sort(struct aging_totals *t);
/* Empties the set, keeping its memory for reuse. */
void aging_totals_clear(struct aging_totals *t);
void aging_totals_release(struct aging_totals *t);

#endif
