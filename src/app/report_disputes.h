/*
 * report_disputes.h: `recoup report disputes` (docs/reports.md "Disputes"):
 * the disputes open and settled, by reason code and currency, as of a day.
 */
#ifndef RECOUP_APP_REPORT_DISPUTES_H
#define RECOUP_APP_REPORT_DISPUTES_H

#include "app/app.h"
#include "store/disputes.h"

struct report_disputes_row {
	char reason[DISPUTE_REASON_MAX + 1]; /* "" in the total row of a currency */
	char currency[4];
	long opened;          /* disputes opened on or before the day */
	long open;            /* still open at the end of the day */
	int64_t open_balance; /* the open disputes' invoices' balances now */
	long open_age_sum;    /* days from opening to the day, summed over the open ones */
	long oldest_age;      /* of the oldest open one */
	long overdue;         /* open past their deadline */
	long upheld, rejected, credited;
	int64_t credit;        /* credit notes posted by resolutions */
	long resolve_days_sum; /* days from opening to resolution, summed over the resolved ones */
};

struct report_disputes {
	struct report_disputes_row *rows; /* by currency, then reason; each currency's total last ("") */
	size_t n, cap;
};

/* The report as of `as_of` (the disputes opened by its end); free with report_disputes_release. */
int report_disputes_build(const struct app_ctx *ctx, date_t as_of, struct report_disputes *out, struct error *e);
void report_disputes_release(struct report_disputes *r);

#endif
