/*
 * review.h: what the daily run settles before it walks the accounts: the
 * agreements whose day has come (a promise kept or broken, a plan's
 * instalment missed, a dispute's deadline passed, a settlement paid or
 * lapsed). Each kind of agreement has its own review use case, set-based,
 * in its own transactions; review.c lists them in one table, in the order
 * they run, so a new kind adds a line there and not a branch in run.c.
 *
 * A review ends the holds (store/holds.h) of what it settled and records
 * what happened (states, audit entries, queue reasons) as of `as_of`, with
 * the moment ctx->now. It is idempotent: run again for the same date it
 * finds nothing left to settle. The run calls review_agreements under its
 * run lock and not for a dry run (which writes nothing and sees the holds
 * as they stand).
 */
#ifndef RECOUP_APP_REVIEW_H
#define RECOUP_APP_REVIEW_H

#include "app/app.h"

/* Runs every review in order: 0, or the first -ERR_* (the later ones do not run). */
int review_agreements(const struct app_ctx *ctx, date_t as_of, struct error *e);

#endif
