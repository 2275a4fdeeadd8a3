/*
 * holds_cancel.h: a waiting action the account's holds now cover, cancelled
 * at once by the use case that set the hold (a promise, a plan, a
 * settlement offered within authority or approved, a dispute, a placement
 * with an agency, a bankruptcy or death flag), as the daily run's next
 * review would (app/run.c, review_waiting): the work queue offers no call,
 * and `recoup send --letters-to` prints no letter, about a debt the debtor
 * has just promised, agreed to pay or disputed, nor on an account the
 * company has placed with an agency or put in special handling.
 */
#ifndef RECOUP_APP_HOLDS_CANCEL_H
#define RECOUP_APP_HOLDS_CANCEL_H

#include <stddef.h>

#include "app/app.h"
#include "core/error.h"
#include "store/store.h"

/*
 * Within tx, after the new hold is written: each scheduled action of the
 * customer in `currency` (NULL: in every currency, for a hold on all of
 * them: a bankruptcy, a death) that lists an open invoice, all of whose open
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

/*
 * The sentence of a waiting action cancelled for a hold of `kind` (its
 * reason code), written into buf (`size` bytes, HOLD_REASON_TEXT_MAX is
 * enough) and returned: the run's review and the use cases that set a
 * hold write the same one ("the strategy waits while a promise holds the
 * invoices it listed"; a placement and a special handling, which hold the
 * whole account, say so).
 */
#define HOLD_REASON_TEXT_MAX 96
const char *holds_cancel_reason(const char *kind, char *buf, size_t size);

#endif
