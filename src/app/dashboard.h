/*
 * dashboard.h: the manager's dashboard (GET /api/v1/dashboard, `recoup
 * dashboard`; docs/dashboard.md): what a manager wants to see at 9 in the
 * morning, in one answer fast enough for a page on a million customers.
 *
 * Nothing here scans the ledger. The aging and the overdue trend come from
 * the daily run's snapshots (run_snapshot: the open balance by bucket and
 * currency per run date, for the book, per strategy and per collector);
 * the aging is the last snapshot on or before the period's end, so it
 * equals GET /api/v1/aging as of that run's day. DSO, CEI and the
 * delinquency rate by month are reports_kpi's figures, which read every
 * invoice's ledger: dashboard_refresh stores them per month (kpi_month)
 * and the dashboard reads those rows, naming the months not stored yet.
 * The rest calls the report use cases over the period as they are: the
 * promises (report_promises), the contacts and right-party rates
 * (report_contacts), the collectors' table (report_collectors), the
 * approvals waiting (approvals_list) and the disputes by reason
 * (report_disputes_build), each reading its own small tables.
 *
 * Filters: `segment` (a strategy: the accounts it works) or `collector`
 * (the accounts assigned to them on each run's day) chooses the snapshot
 * rows of the aging and the trend (the aging says its "scope"; it is the
 * last run's, empty when the segment or collector had no account that
 * day); `collector` also keeps that collector's rows of the promises,
 * contacts and collectors' tables. The KPIs by month, the approvals and
 * the disputes are the whole book's.
 */
#ifndef RECOUP_APP_DASHBOARD_H
#define RECOUP_APP_DASHBOARD_H

#include <jansson.h>

#include "app/app.h"

/* The months a refresh computes when the caller names none, and the most a dashboard shows. */
#define DASHBOARD_MONTHS     12
#define DASHBOARD_MONTHS_MAX 36

/*
 * The period [from, to] is what the tables count (promises, contacts,
 * collectors); `to` is also the aging's day and the disputes'. The charts
 * (the trend, the KPIs by month) show the DASHBOARD_MONTHS months ending
 * with to's, or from `from` when it is earlier.
 */
struct dashboard_options {
	date_t from, to;       /* both days included; from <= to */
	const char *segment;   /* a strategy name, NULL or "": the whole book */
	const char *collector; /* a user name, NULL or "": everyone (not with segment) */
	/*
	 * NULL or "": every section; "main": all but the collectors' table;
	 * "collectors": the period, the filters and that table alone. The
	 * collectors' table sums the period's payments of the assigned
	 * accounts (report_collectors, one index seek per assigned account),
	 * the costliest part on a large book: the page asks for it apart,
	 * after the rest is drawn.
	 */
	const char *part;
};

/* The period's start when none is given: the first day of to's month (the month to date). */
date_t dashboard_default_from(date_t to);

/*
 * The dashboard as one JSON object (docs/dashboard.md: period, filters,
 * aging, trend, kpi, promises, contacts, collectors, approvals, disputes;
 * amounts as decimal strings in their currency, rates as percent strings,
 * null when not available). *out is a new reference. 0, -ERR_INPUT (bad
 * options, field named), -ERR_ENV.
 */
int dashboard_build(const struct app_ctx *ctx, const struct dashboard_options *o, json_t **out, struct error *e);

/*
 * Stores the KPIs of the `months` months ending with as_of's (each over
 * the month, or up to as_of for its own month) that are not stored yet
 * for that last day; a month over and stored is not computed again.
 * *computed (may be NULL): how many months were. 0, -ERR_INPUT, -ERR_ENV.
 */
int dashboard_refresh(const struct app_ctx *ctx, date_t as_of, int months, int *computed, struct error *e);

#endif
