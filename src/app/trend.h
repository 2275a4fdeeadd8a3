/*
 * trend.h: the book over time from the daily runs' snapshots (`recoup
 * report trend`): per run date, the open balance by aging bucket and
 * currency, for the whole book and per strategy, read from the rows each
 * run stored (store/actions.h, run_snapshot) instead of rebuilding past
 * balances from the ledger. A date with no run has no row.
 */
#ifndef RECOUP_APP_TREND_H
#define RECOUP_APP_TREND_H

#include "app/app.h"
#include "store/actions.h"

/* The snapshot rows of [from, to], by date, dimension, key, currency, bucket. */
int trend_each(const struct app_ctx *ctx, date_t from, date_t to, store_snapshot_cb cb, void *cb_ctx, struct error *e);

#endif
