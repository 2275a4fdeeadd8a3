/*
 * report_promises.h: `recoup report promises` (docs/reports.md
 * "Promises"): the promises made in a period, how many were kept, by the
 * collector who took them (made_by) and by segment (the customer's kind:
 * person or company), per currency, with the amounts promised and kept.
 *
 * A promise counts in the period of the UTC date it was made. due =
 * kept + partially_kept + broken (the promises whose date plus tolerance
 * has passed and that the daily run judged); kept rate = kept / due;
 * amount kept = what came in on the promises judged, each capped at its
 * amount; amount promised = the amounts of the promises not cancelled.
 * Cancelled promises (withdrawn, or replaced by a later promise on the
 * same debt) count as made only: in no kept rate and in no amount.
 */
#ifndef RECOUP_APP_REPORT_PROMISES_H
#define RECOUP_APP_REPORT_PROMISES_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/model.h"

struct report_promises_row {
	char dimension[16]; /* "total", "collector", "segment" */
	char key[NAME_MAX_LEN + 1];
	char currency[4];
	int64_t made, due, kept, partially_kept, broken, current;
	int64_t kept_rate_bp; /* KPI_NA when due is 0 */
	int64_t amount_promised, amount_kept;
};

/* Rows by dimension (total, collector, segment), key, currency. Release with report_promises_release. */
struct report_promises {
	struct report_promises_row *rows;
	size_t n, cap;
};

/* from/to 0: unbounded. One read transaction. 0 or -ERR_*. */
int report_promises(const struct app_ctx *ctx, date_t from, date_t to, struct report_promises *out, struct error *e);
void report_promises_release(struct report_promises *r);

#endif
