/*
 * queue_score.h: how the work queue ranks the calls a collector may make
 * now: by expected value, the balance at risk times the chance of payment,
 * raised for what makes this call more urgent than another (a broken
 * promise, a callback the debtor asked for this hour, an invoice about to
 * cross into an older aging bucket). Every raise is given as a reason, so a
 * collector sees why an account is at the top.
 *
 * The score compares accounts in different currencies by their major units
 * (a balance of 1,000.00 USD and one of 1,000.00 EUR score alike): recoup
 * keeps no exchange rates, and a queue is usually one currency. Integer
 * arithmetic only.
 *
 * Range: 0 to QUEUE_SCORE_MAX, 2^53 - 1, the largest integer a JSON reader
 * that holds numbers as IEEE doubles (JavaScript, the workspace) reads
 * exactly: `score` goes out as a JSON number (the queue's JSON, GET
 * /api/v1/queue), and one above it read back as another number (an
 * account of JPY 999,999,999,999,999 at band B scored 84999999999999915,
 * read 84999999999999920). A score is capped there, not wrapped: it is
 * QUEUE_SCORE_MAX hundredths, 90 trillion major units of expected payment,
 * which only an account of tens of trillions reaches (one invoice of the
 * largest amount in a currency without decimals: core/money.h), and
 * accounts there rank alike (then by customer ref, as any tie).
 *
 * Pure; no clock (the caller gives the local hour and the bucket distance).
 */
#ifndef RECOUP_QUEUE_SCORE_H
#define RECOUP_QUEUE_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/aging.h"

#define QUEUE_REASONS_MAX 6
#define QUEUE_REASON_MAX  120

/* The raises, in per mille of the base (1000 = unchanged). */
#define QUEUE_RAISE_BROKEN_PROMISE 1500
#define QUEUE_RAISE_CALLBACK       2000
#define QUEUE_RAISE_BUCKET         1250
/*
 * Tiers come before scores: a callback the debtor asked for this hour is
 * made first, then an account whose promise broke and that nobody called
 * since (DOMAIN.md: a broken promise is called the next day), then the
 * rest by score. The score is not changed by the tier.
 */
#define QUEUE_TIER_CALLBACK 2
#define QUEUE_TIER_BROKEN   1
/* The largest score: 2^53 - 1, exact in a double (see above). */
#define QUEUE_SCORE_MAX INT64_C(9007199254740991)
/* An invoice within this many days of its next aging bucket raises the account. */
#define QUEUE_BUCKET_SOON_DAYS 3

struct queue_facts {
	int64_t balance;                    /* overdue balance, minor units of the account's currency */
	int exponent;                       /* the currency's */
	const char *currency;               /* for the reasons' text */
	int pay_permille;                   /* chance of payment from the risk band (core/risk.h), 0..1000 */
	const char *risk_band;              /* "A".."E", or "" unknown */
	int dpd;                            /* days past due of the oldest open invoice */
	int broken_promises;                /* promises broken in the last 30 days */
	int callback_this_hour;             /* the debtor asked to be called back within this local hour */
	int broken_not_called;              /* a promise broke and no call was logged since */
	const struct aging_config *buckets; /* NULL: the default buckets */
};

struct queue_score {
	int tier;      /* higher first, before the score: QUEUE_TIER_* or 0 */
	int64_t score; /* higher first; in hundredths of a major unit of expected payment, <= QUEUE_SCORE_MAX */
	size_t n_reasons;
	char reasons[QUEUE_REASONS_MAX][QUEUE_REASON_MAX];
};

void queue_score(const struct queue_facts *f, struct queue_score *out);
/*
 * The tier and score queue_score gives, without the reasons' text: for a
 * caller that ranks many accounts and describes few (the work queue's
 * bounds). The same arithmetic, so always the same figures.
 */
void queue_score_value(const struct queue_facts *f, int *tier, int64_t *score);

/*
 * Days until an invoice `dpd` days past due enters the next older bucket
 * (31 at 30 DPD gives 1), or -1 in the oldest bucket. An invoice not yet due
 * enters 1-30 the day after its due date.
 */
int queue_days_to_next_bucket(const struct aging_config *c, int dpd);

#endif
