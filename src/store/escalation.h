/*
 * escalation.h: what happens when collecting fails (docs/agreements.md,
 * "Escalation"): placements with collection agencies (table placement),
 * small-claims cases (legal_event, appended: the latest row of a customer
 * is its case's state), the tenant's escalation settings
 * (escalation_setting), and the reads of the reports on contacts,
 * collectors and recoveries (docs/reports.md).
 *
 * Amounts are minor units of the row's currency; moments UTC. Records
 * passed to callbacks are valid during the callback only; a non-zero
 * return of a callback stops the walk and is returned.
 */
#ifndef RECOUP_STORE_ESCALATION_H
#define RECOUP_STORE_ESCALATION_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/model.h"
#include "store/store.h"

#define AGENCY_MAX      64
#define LEGAL_STATE_MAX 12
#define ESC_SETTING_MAX 64

/* ---- placements ---- */

/* One customer's balance in one currency placed with an agency. */
struct placement {
	int64_t id; /* set by store_placement_add */
	int64_t customer_id;
	char customer_ref[REF_MAX + 1]; /* filled when read */
	char currency[4];
	char agency[AGENCY_MAX + 1];
	int64_t amount;    /* open balance at placement */
	int age_days;      /* days past due of the oldest open invoice at placement */
	int64_t action_id; /* the place_with_agency action it settled, 0 none */
	timestamp_t placed_at;
	char placed_by[NAME_MAX_LEN + 1];
	timestamp_t recalled_at; /* 0: still placed */
	char recalled_by[NAME_MAX_LEN + 1];
};

/* Adds a placement (p->id set). Write. */
int store_placement_add(struct store_tx *tx, struct placement *p, struct error *e);
/* The customer's placements not recalled, by id. */
typedef int (*store_placement_cb)(void *ctx, const struct placement *p);
int store_placements_active(struct store_tx *tx, int64_t customer_id, store_placement_cb cb, void *ctx,
			    struct error *e);
/* Recalls placement `id` at `at` by `by`: 1 recalled, 0 none such or recalled already. Write. */
int store_placement_recall(struct store_tx *tx, int64_t id, timestamp_t at, const char *by, struct error *e);

/*
 * The place_with_agency actions still waiting (state scheduled) of
 * customers not placed now: the placements awaiting a person's review, by
 * customer ref then action id; of one customer when customer_id is not 0.
 */
struct placement_review {
	int64_t action_id;
	int64_t customer_id;
	const char *customer_ref;
	const char *customer_name;
	date_t run_date;
	const char *currency;
	int64_t amount;
	const char *step;
};
typedef int (*store_placement_review_cb)(void *ctx, const struct placement_review *r);
int store_placement_reviews_each(struct store_tx *tx, int64_t customer_id, store_placement_review_cb cb, void *ctx,
				 struct error *e);

/*
 * The customer's contact history in brief for a placement file: attempts
 * logged, the last one (0 none), and the attempts whose outcome was a
 * promise.
 */
struct placement_history {
	int64_t attempts;
	timestamp_t last_at;
	int64_t promises;
};
int store_placement_history(struct store_tx *tx, int64_t customer_id, struct placement_history *out, struct error *e);

/*
 * Placements made in [from, to] (their UTC dates), by agency, currency,
 * age and id, each with what it recovered: the cleared payments of the
 * customer in its currency dated after the placement's date and at most
 * `to`, and before the recall's date when recalled.
 */
struct recovery_placement {
	const char *agency;
	const char *currency;
	int age_days;
	int64_t customer_id;
	int64_t amount;
	int64_t recovered;
	int recalled;
};
typedef int (*store_recovery_cb)(void *ctx, const struct recovery_placement *r);
int store_recovery_each(struct store_tx *tx, date_t from, date_t to, store_recovery_cb cb, void *ctx, struct error *e);

/* ---- small claims ---- */

/* Appends a step of the customer's case (state: filed, judgment, paid). Write. */
int store_legal_event_add(struct store_tx *tx, int64_t customer_id, const char *state, timestamp_t at, const char *by,
			  int64_t *id, struct error *e);
/*
 * The customers with an open balance, per currency, with what the court
 * criteria read: the balance, the oldest due date, open invoices and
 * how many of them are not signed, the tags, the case's state ("" none),
 * and whether the customer is placed now. By customer ref, then currency.
 */
struct legal_account {
	int64_t customer_id;
	const char *customer_ref;
	const char *name;
	const char *currency;
	int64_t balance;
	date_t oldest_due;
	int64_t invoices;
	int64_t unsigned_invoices;
	const char *tags;
	const char *legal_state;
	int placed;
};
typedef int (*store_legal_account_cb)(void *ctx, const struct legal_account *a);
int store_legal_accounts_each(struct store_tx *tx, store_legal_account_cb cb, void *ctx, struct error *e);
/* The customer's case state into state (LEGAL_STATE_MAX + 1 bytes): 1 found, 0 no case. */
int store_legal_state(struct store_tx *tx, int64_t customer_id, char *state, struct error *e);

/*
 * For a copy of a book (app/migrate, and its comparison): every placement
 * of the tenant, recalled or not (recalled_at, recalled_by), by id; every
 * step of every case, by id. A copy writes them back with
 * store_placement_add (and store_placement_recall) and
 * store_legal_event_add, which take every column.
 */
int store_placements_each(struct store_tx *tx, store_placement_cb cb, void *ctx, struct error *e);
struct legal_event {
	int64_t id;
	int64_t customer_id;
	char customer_ref[REF_MAX + 1];
	char state[LEGAL_STATE_MAX + 1];
	timestamp_t at;
	char by[NAME_MAX_LEN + 1];
};
typedef int (*store_legal_event_cb)(void *ctx, const struct legal_event *ev);
int store_legal_events_each(struct store_tx *tx, store_legal_event_cb cb, void *ctx, struct error *e);

/* ---- settings ---- */

/* The setting's value into out (size bytes): 1 found, 0 not set. */
int store_escalation_setting_get(struct store_tx *tx, const char *name, char *out, size_t size, struct error *e);
/* Sets (inserts or replaces) a setting. Write. */
int store_escalation_setting_put(struct store_tx *tx, const char *name, const char *value, struct error *e);

/* ---- reports ---- */

/*
 * The contact attempts made in [from, to) (moments), grouped by collector
 * (contact_attempt.logged_by, "" when not logged by anyone) and channel:
 * attempts, outbound calls, outbound calls that reached the right party
 * (a conversation other than with a third party), conversations, promises
 * (outcome promise), distinct accounts and distinct clock hours (UTC) in
 * which the collector logged any attempt of that channel, and breaches
 * (attempts the contact rules refused at their moment: rules_breach not
 * ""); and per collector a row of every channel together (channel ""),
 * whose accounts and hours are distinct across channels. By collector,
 * then channel ("" first).
 */
struct contact_stat {
	const char *collector;
	const char *channel;
	int64_t attempts;
	int64_t calls;
	int64_t rpc_calls;
	int64_t conversations;
	int64_t promises;
	int64_t accounts;
	int64_t hours;
	int64_t breaches;
};
typedef int (*store_contact_stat_cb)(void *ctx, const struct contact_stat *s);
int store_contact_stats_each(struct store_tx *tx, timestamp_t from, timestamp_t to, store_contact_stat_cb cb, void *ctx,
			     struct error *e);
/*
 * The attempts made in [from, to) (moments) that the contact rules refused
 * at their moment, counted by collector (as above) and the rule's code
 * (contact_attempt.rules_breach): only pairs with at least one. By
 * collector, then rule (byte order).
 */
struct contact_breach_stat {
	const char *collector;
	const char *rule;
	int64_t breaches;
};
typedef int (*store_contact_breach_cb)(void *ctx, const struct contact_breach_stat *s);
int store_contact_breaches_each(struct store_tx *tx, timestamp_t from, timestamp_t to, store_contact_breach_cb cb,
				void *ctx, struct error *e);
/*
 * Per collector and currency, over [from, to] (dates): what was collected
 * on the accounts assigned to them now (cleared payments dated in the
 * period and on or after the assignment's date). `promised` is 0 here
 * (store_collector_promises_each gives the promises). By collector, then
 * currency. Driven from the assignments, each customer's payments of the
 * period sought through payment(tenant_id, customer_id, date): about one
 * index seek per assigned account, whatever the size of the ledger.
 */
struct collector_money {
	const char *collector;
	const char *currency;
	int64_t promised;
	int64_t collected;
};
typedef int (*store_collector_money_cb)(void *ctx, const struct collector_money *m);
int store_collector_money_each(struct store_tx *tx, date_t from, date_t to, store_collector_money_cb cb, void *ctx,
			       struct error *e);
/* The same for the collector named `collector` alone, from their assignments only (the dashboard's filter). */
int store_collector_money_of(struct store_tx *tx, const char *collector, date_t from, date_t to,
			     store_collector_money_cb cb, void *ctx, struct error *e);
/*
 * The promises each collector made in [from, to) (moments): how many and
 * for how much, per collector (the promise's made_by) and currency, from
 * the promises recorded (table promise; cancelled ones left out). By
 * collector, then currency.
 */
struct collector_promises {
	const char *collector;
	const char *currency;
	int64_t promises;
	int64_t amount;
};
typedef int (*store_collector_promises_cb)(void *ctx, const struct collector_promises *p);
int store_collector_promises_each(struct store_tx *tx, timestamp_t from, timestamp_t to, store_collector_promises_cb cb,
				  void *ctx, struct error *e);

#endif
