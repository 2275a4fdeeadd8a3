/*
 * queue_score.c: the work queue's ranking. See queue_score.h.
 */
#include "core/queue_score.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"

static void reason(struct queue_score *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reason(struct queue_score *out, const char *fmt, ...)
{
	va_list ap;

	if (out->n_reasons >= QUEUE_REASONS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(out->reasons[out->n_reasons++], QUEUE_REASON_MAX, fmt, ap);
	va_end(ap);
}

int queue_days_to_next_bucket(const struct aging_config *c, int dpd)
{
	int b = aging_bucket(c, dpd);

	if (b >= c->n - 1)
		return -1;
	return c->upper[b] + 1 - dpd;
}

/* base * permille / 1000, saturating instead of overflowing (balances are at most 10^15 per invoice). */
static int64_t raise(int64_t base, int permille)
{
	__int128 r = (__int128)base * permille / 1000;

	return r > INT64_MAX ? INT64_MAX : (int64_t)r;
}

/* queue_score and queue_score_value: the reasons only when `out` is given. */
static void rank(const struct queue_facts *f, struct queue_score *out, int *tier, int64_t *score)
{
	struct aging_config def;
	const struct aging_config *c = f->buckets;
	char amount[MONEY_TEXT_MAX];
	__int128 cents = f->balance > 0 ? f->balance : 0;
	int pay = f->pay_permille < 0 ? 0 : f->pay_permille > 1000 ? 1000 : f->pay_permille;
	int soon;

	*tier = 0;
	if (out)
		memset(out, 0, sizeof(*out));
	if (!c) {
		aging_config_default(&def);
		c = &def;
	}
	/* the balance in hundredths of a major unit, whatever the currency's exponent */
	for (int i = f->exponent; i < 2; i++)
		cents *= 10;
	for (int i = 2; i < f->exponent; i++)
		cents /= 10;
	if (cents > INT64_MAX)
		cents = INT64_MAX;
	*score = raise((int64_t)cents, pay);
	if (out)
		reason(out, "%s %s overdue, %d days past due; band %s: %d.%d%% chance of payment",
		       money_format(f->balance, f->exponent, amount, sizeof(amount)), f->currency ? f->currency : "",
		       f->dpd, f->risk_band && f->risk_band[0] ? f->risk_band : "unknown", pay / 10, pay % 10);
	if (f->broken_promises > 0) {
		*score = raise(*score, QUEUE_RAISE_BROKEN_PROMISE);
		if (out)
			reason(out, "broke %d promise%s in the last 30 days", f->broken_promises,
			       f->broken_promises == 1 ? "" : "s");
	}
	if (f->broken_not_called) {
		*tier = QUEUE_TIER_BROKEN;
		if (out)
			reason(out, "broken promise: not called since it broke");
	}
	if (f->callback_this_hour) {
		*tier = QUEUE_TIER_CALLBACK;
		*score = raise(*score, QUEUE_RAISE_CALLBACK);
		if (out)
			reason(out, "asked to be called back this hour");
	}
	soon = queue_days_to_next_bucket(c, f->dpd);
	if (f->dpd > 0 && soon >= 0 && soon <= QUEUE_BUCKET_SOON_DAYS) {
		int next = aging_bucket(c, f->dpd) + 1;
		*score = raise(*score, QUEUE_RAISE_BUCKET);
		if (out)
			reason(out, "oldest invoice enters %s in %d day%s", c->labels[next], soon,
			       soon == 1 ? "" : "s");
	}
	/* capped once, after the raises: a JSON reader of doubles reads it exactly (queue_score.h) */
	if (*score > QUEUE_SCORE_MAX)
		*score = QUEUE_SCORE_MAX;
}

void queue_score(const struct queue_facts *f, struct queue_score *out)
{
	int tier;
	int64_t score;

	rank(f, out, &tier, &score);
	out->tier = tier;
	out->score = score;
}

void queue_score_value(const struct queue_facts *f, int *tier, int64_t *score)
{
	rank(f, NULL, tier, score);
}
