/*
 * risk.h: a customer's risk band (A best .. E worst), from its own payment
 * history, with the reasons (docs/risk.md gives the points, the
 * thresholds, the band cut-offs and worked examples).
 *
 * Pure: the facts come in (the store counts them, store/risk.h, as of a
 * date), a band, a score and the factors behind it come out. The same facts
 * always give the same result, so a band can be explained and replayed.
 *
 * The score is a sum of points, each point a bit more risk; every factor
 * that applies is listed with its points and one sentence, even when it
 * adds nothing (a clean record says so). The work queue ranks accounts by
 * the chance of payment of their band (risk_band_pay_permille).
 */
#ifndef RECOUP_RISK_H
#define RECOUP_RISK_H

#include <stddef.h>
#include <stdint.h>

/* The look-back windows of the facts, in days before (and including) the as-of date. */
#define RISK_SETTLED_DAYS  730 /* settled invoices: the last 24 months */
#define RISK_RETURNED_DAYS 365 /* returned payments: the last 12 months */
#define RISK_TREND_DAYS    182 /* the recent half-year; the prior one is the 182 days before it */

/*
 * One customer's history as of a date: only invoices issued and ledger
 * entries dated on or before it count. An invoice is settled on the date
 * of the ledger entry that brought its balance to zero; it was on time
 * when that date is on or before its due date. All counts are >= 0.
 */
struct risk_facts {
	int64_t customer_id;
	int settled;           /* invoices settled in the last RISK_SETTLED_DAYS */
	int settled_on_time;   /* of those, settled on or before the due date */
	int64_t days_late_sum; /* over the settled-late ones (settled - due) and the open past-due ones (as_of - due) */
	int late_count;        /* how many invoices days_late_sum covers */
	int open_overdue;      /* open invoices past due */
	int max_dpd;           /* days past due of the oldest open invoice (0 when none is past due) */
	int returned_payments; /* payments returned (NSF) in the last RISK_RETURNED_DAYS */
	int broken_promises;   /* 0 until promises to pay exist */
	int recent_settled;    /* settled in the last RISK_TREND_DAYS */
	int recent_late;       /* of those, settled after the due date */
	int prior_settled;     /* settled in the RISK_TREND_DAYS before those */
	int prior_late;
};

enum risk_band { RISK_A, RISK_B, RISK_C, RISK_D, RISK_E, RISK_BAND_COUNT };

/* "A".."E" ("?" for a value out of range). */
const char *risk_band_name(enum risk_band band);
/* "A".."E", either case: 0, or -1 for anything else (*out untouched). */
int risk_band_parse(const char *text, enum risk_band *out);

#define RISK_FACTORS_MAX 8

struct risk_factor {
	char name[32];  /* a stable key: "on_time", "days_late", ... (docs/risk.md) */
	int points;     /* added to the score; negative lowers it */
	char text[160]; /* one English sentence for people */
};

struct risk_result {
	enum risk_band band;
	int score; /* >= 0 */
	struct risk_factor factors[RISK_FACTORS_MAX];
	size_t n_factors;
};

/*
 * The band of `f` and why. Never fails; *out is overwritten. A customer
 * with no history at all gets RISK_C and the one factor "no_history".
 */
void risk_assess(const struct risk_facts *f, struct risk_result *out);

/* The band a score falls in (the cut-offs of docs/risk.md). */
enum risk_band risk_band_of_score(int score);

/*
 * The chance that an account of this band pays, in per mille (A 950 ..
 * E 200): the weight the work queue gives a balance at risk. Integer, so
 * that ranking never touches floating point. 0 for a value out of range.
 */
int risk_band_pay_permille(enum risk_band band);

#endif
