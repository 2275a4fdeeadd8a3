/*
 * account_view.h: the call-preparation screen, `recoup account show` (issue
 * 9 point 7, DOMAIN.md points 3 and 5): what a collector needs on one
 * screen before calling, read in one transaction (one snapshot) into a
 * struct the front end formats.
 *
 * It builds on customer_view (the customer, its contacts, open invoices,
 * balance, active flags) and adds:
 *   - the customer's local time now (its zone; "" when it has none);
 *   - who to call: the contact who pays the bills, else the first contact,
 *     with a phone number (none when no contact has one);
 *   - whether that call is allowed at ctx->now, and if not the reasons and
 *     the next allowed moment, from the contact rules (app/rules_ctx.h:
 *     nothing here re-implements a rule);
 *   - the best time to call: the contact's stated best time, the profile's
 *     preferred call windows on the local day, and the local hours at which
 *     earlier calls were answered;
 *   - the open invoices with their days past due and documents, the amount
 *     overdue and the oldest overdue invoice (an invoice issued after
 *     ctx->today is listed, marked, and counted nowhere: customer_view.h);
 *   - the purchase history: invoices issued and their volume per month over
 *     the ACCOUNT_VIEW_MONTHS months ending with ctx->today's month, up to
 *     ctx->today;
 *   - the last ACCOUNT_VIEW_RECENT contact attempts and who answered;
 *   - a call script filled with those facts: the benefits of settling now
 *     and the options the acting user (ctx->actor, a user of the tenant:
 *     app/users.h) may offer.
 *
 * The risk band A-E and its factors are the customer view's (base.risk,
 * app/risk.h). `next_steps` are the steps of the account's strategy
 * (app/strategies.h, chosen as the daily run chooses it) still ahead for
 * its oldest open invoice, with their dates: the consequences of not
 * settling, which the call script states.
 *
 * Amounts are int64 minor units of the customer's currency. Memory: the
 * customer view's lists (released by account_view_release) and fixed
 * arrays; the attempts are walked, not held. Cost: a bounded number of
 * statements, each on one customer's rows (see docs and the README's
 * figure).
 */
#ifndef RECOUP_APP_ACCOUNT_VIEW_H
#define RECOUP_APP_ACCOUNT_VIEW_H

#include <jansson.h>
#include <stddef.h>

#include "app/customer_view.h"
#include "app/rules_ctx.h"
#include "core/strategy.h"
#include "store/credit.h"
#include "store/users.h"

#define ACCOUNT_VIEW_MONTHS   18
#define ACCOUNT_VIEW_RECENT   10
#define ACCOUNT_VIEW_LINES    12
#define ACCOUNT_VIEW_LINE_MAX 320
/* "2027-07-01T10:00-04:00 " and the zone's IANA name: 40 bytes cut every zone over 16 characters
 * ("America/Los_Ange", "America/Sao_Paul") */
#define ACCOUNT_LOCAL_MAX (24 + TZ_MAX + 1)

struct account_month {
	int year, month;
	int64_t count;  /* invoices issued that month (customer's currency) */
	int64_t volume; /* their original amounts */
};

/* A contact attempt as the screen lists it. */
struct account_attempt {
	timestamp_t at;
	char local_time[ACCOUNT_LOCAL_MAX]; /* in the zone of the contact reached, "" when unknown */
	enum channel channel;
	enum contact_outcome outcome;
	int inbound;
	int conversation;
	char contact_ref[REF_MAX + 1];
	char spoke_with[NAME_MAX_LEN + 1];
	char note[TEXT_MAX + 1];
};

/* Lines of text, filled with the account's facts. */
struct account_lines {
	size_t n;
	char line[ACCOUNT_VIEW_LINES][ACCOUNT_VIEW_LINE_MAX];
};

#define ACCOUNT_VIEW_STEPS 6

/* A step of the strategy still ahead: what happens on which day unless the account is settled. */
struct account_view_step {
	char name[STRATEGY_STEP_NAME_MAX + 1];
	enum step_action action;
	int offset_days; /* from the invoice's due date */
	date_t date;     /* the invoice's due date + offset_days */
};

struct account_view_next_steps {
	int available; /* 0: no open invoice (nothing ahead) */
	char strategy[STRATEGY_NAME_MAX + 1];
	char invoice_ref[REF_MAX + 1]; /* the oldest open invoice, whose steps these are */
	size_t n;
	struct account_view_step steps[ACCOUNT_VIEW_STEPS];
};

struct account_view {
	struct customer_view base;
	char local_time[ACCOUNT_LOCAL_MAX]; /* the customer's wall clock at ctx->now, "" when its zone is unknown */

	/* the call: to whom, and may it happen now */
	int has_target;  /* 0 when the customer has no contact */
	size_t target;   /* index into base.contacts */
	int call_status; /* 0: `call` holds the verdict; < 0: it could not be judged (call_error) */
	struct error call_error;
	struct rules_answer call; /* profile and verdict at ctx->now */

	/* best time to call */
	char stated_best_time[sizeof(((struct contact *)0)->best_time)]; /* the target's, "" none */
	char preferred_today[80]; /* the profile's preferred call windows on the local day, "" none */
	int answered_by_hour[24]; /* outbound calls answered, by local hour */
	int calls_by_hour[24];    /* outbound calls made, by local hour */
	int answered, calls;

	/* invoices */
	int64_t overdue; /* open balance of the invoices due before ctx->today */
	size_t n_overdue;
	int oldest; /* index into base.invoices of the oldest overdue, -1 none */
	/*
	 * Of them, those no dispute, plan, settlement, placement or special
	 * handling holds (a promise may be renegotiated on the call): what the
	 * script asks for. A disputed invoice is not asked for until it is
	 * resolved (FDCPA 1692g(b)), an agreed one is being paid as agreed.
	 */
	int64_t askable;
	size_t n_askable;
	int oldest_askable; /* -1 none */

	/* history */
	struct account_month months[ACCOUNT_VIEW_MONTHS]; /* oldest month first */
	int64_t months_count, months_volume;
	struct account_attempt recent[ACCOUNT_VIEW_RECENT]; /* newest first */
	size_t n_recent;
	size_t n_attempts; /* in the whole history */

	/* credit: new orders on credit (recoup credit check's on_hold and seriously_overdue) */
	int on_credit_hold;      /* a hold is current */
	struct credit_hold hold; /* the earliest current one, when on_credit_hold */
	int credit_overdue_days; /* the tenant's policy: overdue more than this refuses new orders */
	int seriously_overdue;   /* the oldest overdue invoice is past the policy's days today */

	/* who prepares the call */
	struct user actor; /* as stored; actor_known 0 when ctx->actor is no user of the tenant */
	int actor_known;

	/* the call script */
	struct account_lines facts;
	struct account_lines benefits;
	struct account_lines consequences; /* the next steps, as sentences */
	struct account_lines options;

	/* ---- sections filled by work merged later (see above) ---- */
	struct account_view_next_steps next_steps;
};

/*
 * Loads the account of customer `ref` as of ctx->now / ctx->today.
 * -ERR_NOT_FOUND (field "customer_ref") for an unknown ref, -ERR_INPUT for
 * a sum that overflows, -ERR_ENV for the database. A call that cannot be
 * judged (no profile applies, an unknown zone) is not an error of the
 * view: call_status says so. The view must be released, also on error.
 */
int account_view_load(const struct app_ctx *ctx, const char *ref, struct account_view *out, struct error *e);
void account_view_release(struct account_view *v);

/*
 * The screen as JSON: {"now", "customer", "balance", "call", "best_time",
 * "contacts", "invoices", "purchase_history", "recent_contacts",
 * "contact_attempts", "flags", "risk", "next_steps", "script"} (docs/api.md,
 * `recoup account show --format json`); NULL when out of memory. The
 * caller owns the reference.
 */
json_t *account_view_json(const struct account_view *v, timestamp_t now, date_t today);

/* Days past due of an invoice as of `today` (0 when not yet due). */
int account_view_dpd(const struct invoice *inv, date_t today);

#endif
