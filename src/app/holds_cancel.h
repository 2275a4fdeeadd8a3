/*
 * holds_cancel.h: a waiting action the account's holds now cover, cancelled
 * at once by the use case that set the hold (a promise, a plan, a
 * settlement offered within authority or approved, a dispute), as the
 * daily run's next review would (app/run.c, review_waiting): the work queue
 * offers no call, and `recoup send --letters-to` prints no letter, about a
 * debt the debtor has just promised, agreed to pay or disputed.
 */
#ifndef RECOUP_APP_HOLDS_CANCEL_H
#define RECOUP_APP_HOLDS_CANCEL_H

#include "app/app.h"
#include "core/error.h"
#include "store/store.h"

/*
 * Within tx, after the new hold is written: each scheduled action of the
 * customer in `currency` that lists an open invoice, all of whose open
 * invoices a current hold covers (a plan's hold spares its own reminders,
 * plans_spares), becomes `cancelled` with `code` and `reason`, stamped `at`.
 * One that lists no open invoice is left to the run (settled). Every
 * waiting action of the customer is looked at, however many (t0970: 68
 * after a day of returned payments); only memory bounds them (-ERR_ENV).
 *
 * "Current" is as of ctx->now (and ctx->today for `until`), not as of
 * `at`, the moment the agreement was made (--at), which may be earlier:
 * the actions looked at are those waiting now, and whether the strategy
 * waits for them is a question about now, as the run's next review and
 * `recoup send` ask it. So an agreement recorded after the fact whose hold
 * has already run out (a promise whose date and tolerance are past, a
 * settlement whose pay-by date is) cancels nothing, and one still current
 * does (t0974). `at` only stamps the cancellation.
 */
int holds_cancel_waiting(struct store_tx *tx, const struct app_ctx *ctx, int64_t customer_id, const char *currency,
			 const char *code, const char *reason, timestamp_t at, struct error *e);

#endif
