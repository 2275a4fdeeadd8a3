/*
 * ledger_list.h: the money movements recorded for one customer: its
 * payments and its credit notes, in the order recorded (GET
 * /api/v1/payments?customer=, /api/v1/credit-notes?customer=).
 *
 * Each call reads in a read transaction of its own (app.h). Errors:
 * -ERR_NOT_FOUND (field "customer") for an unknown customer, -ERR_ENV for
 * the database; a callback returning non-zero stops the list and that
 * value is returned.
 */
#ifndef RECOUP_APP_LEDGER_LIST_H
#define RECOUP_APP_LEDGER_LIST_H

#include "app/app.h"
#include "store/ledger.h"

int ledger_list_payments(const struct app_ctx *ctx, const char *customer_ref, store_payment_cb cb, void *cb_ctx,
			 struct error *e);
int ledger_list_credit_notes(const struct app_ctx *ctx, const char *customer_ref, store_credit_note_cb cb, void *cb_ctx,
			     struct error *e);

#endif
