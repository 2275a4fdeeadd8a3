/*
 * returned.h: the immediate step of a returned (NSF) payment
 * (docs/agreements.md "Escalation").
 *
 * A payment imported with a returned_date is reversed in the ledger on that
 * day (app/ledger_post.c): the invoices it had paid are open again. The
 * daily run's review (returned_review) then records, for each such payment
 * returned in the RETURNED_WINDOW_DAYS up to the run's date, two actions
 * on the invoices it reopened: a call task and a letter, step
 * "returned_payment", reason code "nsf", of the pseudo-strategy
 * "nsf-<payment id>" (so each payment's step is recorded once). They wait
 * as any other action: the work queue offers the call, and the run cancels
 * them when the invoices are paid, held, or the contact rules stop them.
 */
#ifndef RECOUP_APP_RETURNED_H
#define RECOUP_APP_RETURNED_H

#include "app/app.h"

/* A return older than this when first seen (an imported history) triggers nothing. */
#define RETURNED_WINDOW_DAYS 14

int returned_review(const struct app_ctx *ctx, date_t as_of, struct error *e);

#endif
