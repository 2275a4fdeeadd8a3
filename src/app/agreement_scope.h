/*
 * agreement_scope.h: what a plan, a settlement and a write-off cover, and
 * the checks they share (app/plans.c, settlements.c, writeoffs.c).
 *
 * A scope is a customer, a currency and invoices with a balance: the
 * invoices named (--invoice, all of the customer's and in one currency),
 * else every open invoice of the customer in the currency asked for (else
 * the customer's own). An invoice named that is paid is refused: an
 * agreement about nothing owed is a mistake.
 */
#ifndef RECOUP_APP_AGREEMENT_SCOPE_H
#define RECOUP_APP_AGREEMENT_SCOPE_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/model.h"
#include "store/agreements.h"

struct store_tx;

struct agreement_scope {
	struct customer customer;
	char currency[4];
	struct agreement_invoice *invs; /* malloc'd; agreement_scope_free */
	size_t n;
	int64_t balance;    /* their sum */
	int64_t principal;  /* of the balance, what is not fees or interest: min(balance, amount) per invoice */
	date_t last_issued; /* the latest issue date of the invoices covered */
	char last_issued_ref[REF_MAX + 1]; /* and that invoice */
};

/*
 * Resolves the scope inside `tx`: -ERR_NOT_FOUND for an unknown customer or
 * invoice, -ERR_INPUT for an invoice of another customer or currency, a
 * paid invoice, a bad --currency, or nothing open.
 */
int agreement_scope_resolve(struct store_tx *tx, const char *customer_ref, const char *const *invoice_refs,
			    size_t n_refs, const char *currency, struct agreement_scope *out, struct error *e);
void agreement_scope_free(struct agreement_scope *s);
/*
 * Refuses (-ERR_INPUT, field "at") an agreement made at `at` (its UTC date)
 * before an invoice it covers was issued: recorded after the fact, it would
 * post its fees, or hold and count money, before the debt existed.
 */
int agreement_scope_issued(const struct agreement_scope *s, timestamp_t at, struct error *e);

/*
 * Refuses (-ERR_INPUT) a scope with a disputed invoice (a current dispute
 * hold, or an active dispute flag on it or on every debt of the customer),
 * and, when `overlap` is not NULL, one with an invoice under a current hold
 * of that kind ("plan": no two current plans on an invoice). `what` names
 * the agreement in the message ("a plan"). Holds and flags as of `at`,
 * the moment of the new agreement.
 */
int agreement_scope_check(struct store_tx *tx, timestamp_t at, const struct agreement_scope *s, const char *what,
			  const char *overlap, struct error *e);

/* Parses an amount in the scope's currency; `name` is the field ("pay"), as app_check_text's. */
int agreement_parse_amount(const char *name, const char *text, const char *currency, int64_t *out, struct error *e);

/* "1234.56 EUR" into buf (MONEY_TEXT_MAX + 4 bytes). */
const char *agreement_money(int64_t amount, const char *currency, char *buf, size_t size);

/* Holds of `kind` (source: a->id) on each of invs[0..n), from `from`, through `until` (0: open). */
int agreement_hold_invoices(struct store_tx *tx, const struct agreement *a, const struct agreement_invoice *invs,
			    size_t n, const char *kind, timestamp_t from, date_t until, struct error *e);
/* The same on the invoices of stored agreement a->id. */
int agreement_hold_stored(struct store_tx *tx, const struct agreement *a, const char *kind, timestamp_t from,
			  date_t until, struct error *e);

/*
 * The acting recoup user `name` (store/users.h) into *out: -ERR_INPUT when
 * the tenant has no such user, -ERR_FORBIDDEN when disabled. `option` names
 * it in the message, a field ("by_user") as app_check_text's.
 */
struct user;
int agreement_user(struct store_tx *tx, const char *option, const char *name, struct user *out, struct error *e);

/* The tenant's agreements of `kind` (NULL any), of a customer and in a state (NULL any), by id. */
int agreement_list(const struct app_ctx *ctx, const char *kind, const char *customer_ref, const char *state,
		   store_agreement_cb cb, void *cbctx, struct error *e);

/* Audits `action` on agreement a (entity: its kind), before (may be NULL) and after. */
int agreement_audit(const struct app_ctx *ctx, struct store_tx *tx, const char *action, const struct agreement *before,
		    const struct agreement *after, struct error *e);

/*
 * Posts LEDGER_WRITE_OFF entries dated `on` for what is left on each
 * invoice of agreement `id`; *total what was written off (may be NULL).
 */
int agreement_write_off_rest(struct store_tx *tx, const struct agreement *a, date_t on, int64_t *total,
			     struct error *e);

/* The agreement as a JSON object for the audit trail and --format json (new reference). */
json_t *agreement_json(const struct agreement *a);

/* The moment a review ends what it settles on `as_of`: the start of that day, unless later than now. */
timestamp_t agreement_review_moment(const struct app_ctx *ctx, date_t as_of);

#endif
