/*
 * review.c: the agreements' reviews the daily run starts with (review.h).
 */
#include "app/review.h"

#include <stddef.h>

#include "app/plans.h"
#include "app/settlements.h"

typedef int (*review_fn)(const struct app_ctx *ctx, date_t as_of, struct error *e);

/* In the order they run; each kind of agreement appends its own line. */
static const review_fn reviews[] = {
	plans_review, settlements_review, NULL, /* the end */
};

int review_agreements(const struct app_ctx *ctx, date_t as_of, struct error *e)
{
	for (size_t i = 0; reviews[i]; i++) {
		int ret = reviews[i](ctx, as_of, e);
		if (ret < 0)
			return ret;
	}
	return 0;
}
