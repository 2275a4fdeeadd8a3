/*
 * review.c: the agreements' reviews the daily run starts with (review.h).
 */
#include "app/review.h"

#include "app/promises.h"

#include <stddef.h>

#include "app/plans.h"
#include "app/settlements.h"
#include "app/credit.h"
#include "app/disputes.h"
#include "app/returned.h"

typedef int (*review_fn)(const struct app_ctx *ctx, date_t as_of, struct error *e);

/* In the order they run; each kind of agreement appends its own line. */
static const review_fn reviews[] = {
	plans_review,       /* plans broken after a missed instalment, completed when paid */
	settlements_review, /* settlements paid (the rest written off) or lapsed */
	disputes_review,    /* disputes past their deadline: the manager's tasks */
	credit_review,      /* credit holds of credit_hold steps set (lifted after the walk) */
	returned_review,    /* returned (NSF) payments: a call task and a letter at once */
	promises_review,    /* promises kept, partially kept or broken */
	NULL,               /* the end */
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
