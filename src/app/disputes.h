/*
 * disputes.h: disputes of invoices (`recoup dispute open|resolve|list|reasons`,
 * docs/agreements.md "Disputes").
 *
 * Opening a dispute on one invoice, in one write transaction: the dispute
 * row, a hold of kind "dispute" on that invoice only (the rest of the
 * account goes on: store/holds.h), the contact flag "dispute" on that
 * invoice (so that the contact rules leave the debt out of every
 * conversation: core/contact_flags.h), and the audit entry. Resolving it
 * (upheld, rejected, credited) ends the hold and clears the flag; an
 * upheld or credited resolution with a credit posts a credit note to the
 * invoice through the ledger (app/ledger_post.h), so the books stay exact.
 *
 * The reason codes are the tenant's list (disputes_reasons_set), the
 * shipped list until it sets one. A dispute may carry a deadline: the
 * run's review (disputes_review) marks the open disputes whose deadline
 * has passed, and those are the manager's tasks (`dispute list --overdue`,
 * the run's summary "disputes_overdue").
 *
 * Errors: -ERR_NOT_FOUND for an unknown customer, invoice or dispute;
 * -ERR_INPUT (field named) for anything refused, nothing written.
 */
#ifndef RECOUP_APP_DISPUTES_H
#define RECOUP_APP_DISPUTES_H

#include "app/app.h"
#include "store/disputes.h"

/* The shipped reason codes, ';'-joined. */
#define DISPUTES_SHIPPED_REASONS \
	"already_paid;damaged;not_ordered;not_received;other;service_issue;wrong_price;wrong_quantity"
/* At most this many codes in a tenant's list, each 1..DISPUTE_REASON_MAX of [a-z0-9_]. */
#define DISPUTES_REASONS_MAX  32
#define DISPUTES_REASONS_TEXT (DISPUTES_REASONS_MAX * (DISPUTE_REASON_MAX + 1))

struct disputes_open_request {
	const char *customer_ref;
	const char *invoice_ref;
	const char *reason;
	date_t deadline;  /* 0: none; else not before the day it is opened */
	const char *note; /* NULL: "" */
	const char *by;   /* NULL: ctx->actor */
	timestamp_t at;   /* 0: ctx->now */
};

int disputes_open(const struct app_ctx *ctx, const struct disputes_open_request *rq, struct dispute *out,
		  struct error *e);

struct disputes_resolve_request {
	int64_t id;
	const char *outcome; /* upheld, rejected, credited */
	const char *credit;  /* NULL: none; an amount in the invoice's currency ("120.00") */
	const char *by;
	timestamp_t at;
};

int disputes_resolve(const struct app_ctx *ctx, const struct disputes_resolve_request *rq, struct dispute *out,
		     struct error *e);

struct disputes_list_request {
	const char *customer_ref; /* NULL: every customer */
	const char *state;        /* NULL: any (open, upheld, rejected, credited) */
	int overdue;              /* 1: the open disputes past their deadline on ctx->today */
};

/* 0, the callback's nonzero return (it stopped the list there), or -ERR_*. */
int disputes_list(const struct app_ctx *ctx, const struct disputes_list_request *rq, store_dispute_cb cb, void *cb_ctx,
		  struct error *e);

/*
 * A dispute as `dispute list --format json` prints it: id, customer_ref,
 * invoice_ref, currency, balance, reason, note, deadline, opened_at,
 * opened_by, state, resolved_at, resolved_by, credit, overdue (open and
 * past its deadline on `today`). New reference, NULL out of memory.
 */
json_t *disputes_json(const struct dispute *d, date_t today);

/* The tenant's reason codes (';'-joined, the shipped list when none is set). */
int disputes_reasons(const struct app_ctx *ctx, char out[DISPUTES_REASONS_TEXT], struct error *e);
/* Replaces them: 1..DISPUTES_REASONS_MAX codes, no duplicates. */
int disputes_reasons_set(const struct app_ctx *ctx, const char *const *codes, size_t n, struct error *e);

/*
 * The run's review (app/review.h): marks the open disputes whose deadline
 * is before as_of, once each, with an audit entry for the run.
 */
int disputes_review(const struct app_ctx *ctx, date_t as_of, struct error *e);

#endif
