/*
 * risk.c: the points system of docs/risk.md. Each factor is one small
 * function that adds its line to the result; the thresholds live in the
 * tables below so that the document and the code can be read side by side.
 */
#include "core/risk.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Band cut-offs: the lowest score of B, C, D and E. */
static const int band_floor[RISK_BAND_COUNT] = { 0, 10, 25, 45, 70 };

static const char *const band_names[RISK_BAND_COUNT] = { "A", "B", "C", "D", "E" };

/* Chance of payment per band, per mille (docs/risk.md). */
static const int pay_permille[RISK_BAND_COUNT] = { 950, 850, 700, 450, 200 };

/* A step function: the points of the first row whose `upto` is >= the value. */
struct step {
	int upto;
	int points;
};

#define NO_HISTORY_POINTS   30 /* lands in C: neither trusted nor suspected */
#define THIN_HISTORY_POINTS 15
#define CLEAN_RECORD_MIN    6 /* settled invoices, all on time, for the bonus */
#define CLEAN_RECORD_POINTS (-5)
#define SLIP_POINTS         5
#define FEW_SETTLED         3 /* below this, a late share is not yet a habit */
#define FEW_SETTLED_CAP     15
#define RETURN_POINTS       30
#define RETURN_CAP          60
#define PROMISE_POINTS      20
#define PROMISE_CAP         60
#define TREND_MIN_SETTLED   2   /* per half-year, for a trend to mean something */
#define TREND_SHIFT         250 /* per mille of late share between the two half-years */
#define TREND_WORSE_POINTS  10
#define TREND_BETTER_POINTS (-5)

/* Share of settled invoices paid late, per mille. */
static const struct step late_share_steps[] = { { 150, 5 }, { 300, 15 }, { 500, 30 }, { 1000, 45 } };
/* Average days late. */
static const struct step days_late_steps[] = { { 7, 0 }, { 30, 5 }, { 60, 12 }, { 90, 20 }, { 1 << 30, 30 } };
/* Days past due of the oldest open invoice. */
static const struct step dpd_steps[] = { { 30, 5 }, { 60, 10 }, { 90, 20 }, { 1 << 30, 30 } };

#define STEPS(s) s, sizeof(s) / sizeof(s[0])

static int step_points(const struct step *s, size_t n, int64_t value)
{
	for (size_t i = 0; i < n; i++)
		if (value <= s[i].upto)
			return s[i].points;
	return s[n - 1].points;
}

const char *risk_band_name(enum risk_band band)
{
	return band >= RISK_A && band < RISK_BAND_COUNT ? band_names[band] : "?";
}

int risk_band_parse(const char *text, enum risk_band *out)
{
	if (!text || !text[0] || text[1])
		return -1;
	for (int b = RISK_A; b < RISK_BAND_COUNT; b++) {
		if (text[0] == band_names[b][0] || text[0] == band_names[b][0] - 'A' + 'a') {
			*out = (enum risk_band)b;
			return 0;
		}
	}
	return -1;
}

enum risk_band risk_band_of_score(int score)
{
	enum risk_band band = RISK_A;

	for (int b = RISK_A; b < RISK_BAND_COUNT; b++)
		if (score >= band_floor[b])
			band = (enum risk_band)b;
	return band;
}

int risk_band_pay_permille(enum risk_band band)
{
	return band >= RISK_A && band < RISK_BAND_COUNT ? pay_permille[band] : 0;
}

static void add(struct risk_result *r, const char *name, int points, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(struct risk_result *r, const char *name, int points, const char *fmt, ...)
{
	struct risk_factor *f;
	va_list ap;

	if (r->n_factors == RISK_FACTORS_MAX)
		return;
	f = &r->factors[r->n_factors++];
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->points = points;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
	r->score += points;
}

static int permille(int64_t part, int64_t whole)
{
	return whole > 0 ? (int)(part * 1000 / whole) : 0;
}

static int no_history(const struct risk_facts *f)
{
	return f->settled == 0 && f->late_count == 0 && f->open_overdue == 0 && f->returned_payments == 0 &&
	       f->broken_promises == 0;
}

/* How often the settled invoices were paid on time: the heart of the band. */
static void on_time(const struct risk_facts *f, struct risk_result *r)
{
	int late = f->settled - f->settled_on_time;
	int share = permille(late, f->settled);
	int points;

	if (f->settled == 0) {
		add(r, "thin_history", THIN_HISTORY_POINTS,
		    "no invoice settled in the last 24 months: little to judge by");
		return;
	}
	if (late <= 0) {
		points = f->settled >= CLEAN_RECORD_MIN ? CLEAN_RECORD_POINTS : 0;
		add(r, "on_time", points, "all %d invoices settled in the last 24 months were paid on time%s",
		    f->settled, points ? ": a long clean record" : "");
		return;
	}
	if (late == 1 && f->settled >= 2) {
		add(r, "on_time", SLIP_POINTS, "%d of %d invoices paid on time: one slip, probably an oversight",
		    f->settled_on_time, f->settled);
		return;
	}
	points = step_points(STEPS(late_share_steps), share);
	if (f->settled < FEW_SETTLED && points > FEW_SETTLED_CAP)
		points = FEW_SETTLED_CAP;
	add(r, "on_time", points, "%d of %d invoices settled in the last 24 months were paid late (%d%%)", late,
	    f->settled, share / 10);
}

static void days_late(const struct risk_facts *f, struct risk_result *r)
{
	int64_t avg;

	if (f->late_count <= 0)
		return;
	avg = f->days_late_sum / f->late_count;
	add(r, "days_late", step_points(STEPS(days_late_steps), avg), "on average %lld days late over %d invoice%s",
	    (long long)avg, f->late_count, f->late_count == 1 ? "" : "s");
}

static void overdue(const struct risk_facts *f, struct risk_result *r)
{
	if (f->open_overdue <= 0)
		return;
	add(r, "overdue", step_points(STEPS(dpd_steps), f->max_dpd),
	    "%d open invoice%s past due, the oldest by %d days", f->open_overdue, f->open_overdue == 1 ? "" : "s",
	    f->max_dpd);
}

static int capped(int count, int each, int cap)
{
	int64_t points = (int64_t)count * each;
	return points > cap ? cap : (int)points;
}

static void returns(const struct risk_facts *f, struct risk_result *r)
{
	if (f->returned_payments <= 0)
		return;
	add(r, "returned_payments", capped(f->returned_payments, RETURN_POINTS, RETURN_CAP),
	    "%d payment%s returned unpaid (NSF) in the last 12 months", f->returned_payments,
	    f->returned_payments == 1 ? "" : "s");
}

static void promises(const struct risk_facts *f, struct risk_result *r)
{
	if (f->broken_promises <= 0)
		return;
	add(r, "broken_promises", capped(f->broken_promises, PROMISE_POINTS, PROMISE_CAP), "%d promise%s to pay broken",
	    f->broken_promises, f->broken_promises == 1 ? "" : "s");
}

/* The late share of the last half-year against the one before. */
static void trend(const struct risk_facts *f, struct risk_result *r)
{
	int recent, prior;

	if (f->recent_settled < TREND_MIN_SETTLED || f->prior_settled < TREND_MIN_SETTLED)
		return;
	recent = permille(f->recent_late, f->recent_settled);
	prior = permille(f->prior_late, f->prior_settled);
	if (recent - prior >= TREND_SHIFT)
		add(r, "trend", TREND_WORSE_POINTS,
		    "worsening: %d%% paid late in the last 6 months, %d%% in the 6 before", recent / 10, prior / 10);
	else if (prior - recent >= TREND_SHIFT)
		add(r, "trend", TREND_BETTER_POINTS,
		    "improving: %d%% paid late in the last 6 months, %d%% in the 6 before", recent / 10, prior / 10);
	else
		add(r, "trend", 0, "steady: %d%% paid late in the last 6 months, %d%% in the 6 before", recent / 10,
		    prior / 10);
}

void risk_assess(const struct risk_facts *f, struct risk_result *out)
{
	memset(out, 0, sizeof(*out));
	if (no_history(f)) {
		add(out, "no_history", NO_HISTORY_POINTS,
		    "no invoice settled or overdue and no payment returned: not enough history, neutral band");
	} else {
		on_time(f, out);
		days_late(f, out);
		overdue(f, out);
		returns(f, out);
		promises(f, out);
		trend(f, out);
	}
	if (out->score < 0)
		out->score = 0;
	out->band = risk_band_of_score(out->score);
}
