/*
 * returned.h: the returned (NSF) payments whose immediate step is not
 * recorded yet (app/returned.c). A payment that bounced is reversed in the
 * ledger on its returned date (kind reversal, one entry per invoice it had
 * paid); its step is recorded as actions of the pseudo-strategy
 * "nsf-<payment id>", which is how this call knows it was.
 */
#ifndef RECOUP_STORE_RETURNED_H
#define RECOUP_STORE_RETURNED_H

#include <stdint.h>

#include "core/dates.h"
#include "core/model.h"
#include "store/store.h"

#define RETURNED_STRATEGY_PREFIX "nsf-"
/* Its step: the action's; each invoice's row is this, a dash and the action's kind ("returned_payment-call"). */
#define RETURNED_STEP "returned_payment"

struct returned_entry {
	int64_t payment_id;
	char payment_ref[REF_MAX + 1];
	int64_t customer_id;
	int64_t invoice_id;
	char currency[4];
	int64_t amount;         /* reopened on that invoice (> 0) */
	int64_t invoice_amount; /* the invoice's original amount (the profile caps a fee by it) */
	date_t date;            /* the returned date */
	char invoice_ref[REF_MAX + 1];
	int64_t balance; /* the invoice's balance now, the reversal in it (a fee keeps it within MONEY_AMOUNT_MAX) */
};

/*
 * The reversals to an invoice dated in [from, to] of the payments with no
 * action of strategy "nsf-<payment id>" yet, by payment id then invoice
 * id (one statement).
 */
typedef int (*store_returned_cb)(void *ctx, const struct returned_entry *r);
int store_returned_each(struct store_tx *tx, date_t from, date_t to, store_returned_cb cb, void *ctx, struct error *e);

#endif
