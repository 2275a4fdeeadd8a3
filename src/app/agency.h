/*
 * agency.h: placements with collection agencies (docs/agreements.md,
 * "Escalation: agency").
 *
 * agency_place() places every open balance of each named customer with
 * the agency, all or nothing: one placement per customer and currency
 * (what was owed and how many days past due its oldest open invoice was at
 * the placement's date), a hold of kind `placed` on each (store/holds.h:
 * the daily run gives the account no step and cancels what it waits to
 * send), the customer's waiting place_with_agency actions marked done
 * (the review they asked for is made), and an audit entry per customer.
 * With `out` it writes the placement file (CSV, one row per open invoice:
 * the account, its contacts, the invoice with its documents and balance,
 * the history in brief) before the commit; the caller keeps the file only
 * when the call returns 0.
 *
 * agency_recall() ends a customer's placements (and their holds).
 * agency_candidates() lists the place_with_agency actions awaiting a
 * person's review. Every call opens its own transaction; 0 or -ERR_*.
 */
#ifndef RECOUP_APP_AGENCY_H
#define RECOUP_APP_AGENCY_H

#include <stdio.h>

#include "app/app.h"
#include "store/escalation.h"

struct agency_place_request {
	const char *const *refs; /* customer refs */
	size_t n;
	const char *agency;
	timestamp_t at; /* 0: ctx->now */
	FILE *out;      /* the placement file, NULL none */
};

struct agency_place_result {
	int64_t customers;
	int64_t placements; /* one per customer and currency */
	int64_t actions_done;
	int64_t invoices;
};

int agency_place(const struct app_ctx *ctx, const struct agency_place_request *rq, struct agency_place_result *out,
		 struct error *e);
/* *n: placements recalled (>= 1 on success). */
int agency_recall(const struct app_ctx *ctx, const char *ref, timestamp_t at, int64_t *n, struct error *e);
int agency_candidates(const struct app_ctx *ctx, store_placement_review_cb cb, void *arg, struct error *e);

#endif
