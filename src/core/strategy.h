/*
 * strategy.h: what to do on an overdue account, and when, as data.
 *
 * A strategy has a segment (which accounts it is for) and an ordered list of
 * steps. A step happens a number of days from an invoice's due date
 * (negative: before it) and does one action: a message (email, sms, letter),
 * a task for a person (call, visit, credit_hold, place_with_agency,
 * legal_review, write_off_review) or a ledger entry (fee, interest). The
 * JSON format, the presets and the rules of the daily run are in
 * docs/strategies.md.
 *
 * Which strategy applies to an account: the tenant's own strategies and the
 * country presets are candidates; the candidate whose segment matches with
 * the highest priority wins (ties: the name first in byte order). When none
 * matches, the tenant's default for the customer's kind applies
 * (b2b-gentle for companies, consumer-standard for persons unless the tenant
 * chose others), whatever its segment says.
 *
 * Amounts in a strategy (balance ranges, a step's minimum balance, a fixed
 * fee) are decimals in the account's currency ("250.00"), held here scaled
 * by 10^4 (`_e4`), which every ISO 4217 exponent (0..4) divides exactly; they
 * are compared with an account's minor units without rounding.
 *
 * Pure: no clock, no database. Structs are flat: copy them with `=`.
 */
#ifndef RECOUP_STRATEGY_H
#define RECOUP_STRATEGY_H

#include <stddef.h>
#include <stdint.h>

#include "core/channel.h"
#include "core/error.h"
#include "core/model.h"

#define STRATEGY_NAME_MAX      32
#define STRATEGY_DESC_MAX      400
#define STRATEGY_STEPS_MAX     24
#define STRATEGY_STEP_NAME_MAX 32
#define STRATEGY_TEMPLATE_MAX  64
#define SEGMENT_ITEMS_MAX      16
#define SEGMENT_TAG_MAX        32
#define SEGMENT_PRODUCT_MAX    64
#define STRATEGY_OFFSET_MIN    (-60)
#define STRATEGY_OFFSET_MAX    3650

enum step_action {
	ACTION_EMAIL = 0,
	ACTION_SMS,
	ACTION_LETTER,
	ACTION_CALL,
	ACTION_VISIT,
	ACTION_FEE,
	ACTION_INTEREST,
	ACTION_CREDIT_HOLD,
	ACTION_PLACE_WITH_AGENCY,
	ACTION_LEGAL_REVIEW,
	ACTION_WRITE_OFF_REVIEW,
	ACTION_COUNT
};

/* "email", "sms", ..., "write_off_review". */
const char *step_action_name(enum step_action a);
/* 0 and *out, or -ERR_INPUT naming the known actions. */
int step_action_parse(const char *name, enum step_action *out, struct error *e);
/*
 * The contact channel an action uses (email, sms, letter, call, visit): 1
 * and *out; 0 for an action that reaches nobody (fee, interest, the reviews
 * and holds, which are tasks or ledger entries, not contacts).
 */
int step_action_channel(enum step_action a, enum channel *out);

/* Which accounts a strategy is for. An empty list or an absent bound matches any. */
struct segment {
	int kind; /* -1: any; else enum customer_kind */
	size_t n_countries;
	char countries[SEGMENT_ITEMS_MAX][COUNTRY_LEN + 1];
	size_t n_currencies;
	char currencies[SEGMENT_ITEMS_MAX][4];
	int has_balance_min, has_balance_max;
	int64_t balance_min_e4, balance_max_e4; /* inclusive */
	int has_dpd_min, has_dpd_max;
	int dpd_min, dpd_max; /* inclusive, days past due of the oldest open invoice */
	unsigned risk_bands;  /* bit 1u << band (core/risk.h: A = 0 .. E = 4); 0: any */
	size_t n_tags;        /* the customer has at least one of them */
	char tags[SEGMENT_ITEMS_MAX][SEGMENT_TAG_MAX + 1];
	size_t n_products; /* an open invoice of the account is for one of them */
	char products[SEGMENT_ITEMS_MAX][SEGMENT_PRODUCT_MAX + 1];
};

struct step_conditions {
	int has_min_balance;
	int64_t min_balance_e4; /* the account's net balance must be at least this */
	int not_while_promise;  /* skipped while a promise or a payment plan is current */
	int only_if_no_answer;  /* skipped when the previous step got an answer (a reply, a conversation, a payment) */
};

struct strategy_step {
	char name[STRATEGY_STEP_NAME_MAX + 1]; /* unique within the strategy; recorded with every action */
	int offset_days;                       /* from the due date; negative: before it */
	enum step_action action;
	char template_name[STRATEGY_TEMPLATE_MAX + 1]; /* messages and tasks; "" for fee and interest */
	struct step_conditions cond;
	int priority; /* 0..100: ranks the tasks a run creates (the work queue); default 50 */
	/* fee: a fixed amount (fee_e4) or a share of the invoice's open balance (fee_bp, basis points) */
	int64_t fee_e4;
	int fee_bp;
	/* interest: simple, per 30 days, on the invoice's open balance, since the due date or the last interest step */
	int interest_monthly_bp;
};

struct strategy {
	char name[STRATEGY_NAME_MAX + 1]; /* [a-z0-9_-] */
	char description[STRATEGY_DESC_MAX + 1];
	int priority; /* 0..1000; the tenant's own default to 100, country presets 10, generic presets 0 */
	struct segment segment;
	size_t n_steps;
	struct strategy_step steps[STRATEGY_STEPS_MAX]; /* by offset_days ascending (stable) */
};

/*
 * Parses and validates a strategy. On error -ERR_INPUT; the message names
 * the strategy and the JSON path of every problem found (up to a dozen,
 * "steps[2].offset_days: ..."; "), and e->field holds the first path.
 */
int strategy_parse(const char *json, struct strategy *out, struct error *e);
/* The canonical JSON of a strategy (what `strategy show` prints); caller frees. NULL when out of memory. */
char *strategy_to_json(const struct strategy *s);

/* The presets shipped with recoup, NULL-terminated; strategy_preset() parses one (-ERR_NOT_FOUND if unknown). */
extern const char *const strategy_preset_names[];
int strategy_preset(const char *name, struct strategy *out, struct error *e);
/* The JSON text of a preset, or NULL. */
const char *strategy_preset_json(const char *name);
/* The generic presets used as defaults: "b2b-gentle" for companies, "consumer-standard" for persons. */
const char *strategy_default_preset(enum customer_kind kind);
/* 1 for the presets that are defaults only (the generic ones), which are not candidates. */
int strategy_preset_is_generic(const char *name);

/* What segments are matched against: an account is a customer's open debt in one currency. */
struct account_facts {
	enum customer_kind kind;
	const char *country;
	const char *currency;
	int exponent;                /* the currency's */
	int64_t balance;             /* net open balance, minor units */
	int dpd;                     /* days past due of the oldest open invoice (negative: none due yet) */
	int risk_band;               /* core/risk.h band, -1 unknown (a segment naming bands then does not match) */
	const char *tags;            /* the customer's tags, ';'-separated, "" none */
	const char *const *products; /* the products of the open invoices */
	size_t n_products;
};

int segment_matches(const struct segment *sg, const struct account_facts *a);
/*
 * The candidate that applies (see above): the index in `list` of the
 * matching strategy with the highest priority (ties: smallest name), or -1.
 */
int strategy_choose(const struct strategy *const *list, size_t n, const struct account_facts *a);
/* 1 when a step's minimum balance (if any) is met by the account. */
int step_balance_met(const struct step_conditions *c, const struct account_facts *a);
/*
 * The latest step due `days` after the due date (days = as_of - due_date):
 * the index of the last step with offset_days <= days, or -1 when none is
 * due yet.
 */
int strategy_step_due(const struct strategy *s, int days);
/*
 * A decimal _e4 amount in minor units of a currency of that exponent,
 * rounded down (a fee is never more than the strategy says).
 */
int64_t strategy_e4_to_minor(int64_t e4, int exponent);

#endif
