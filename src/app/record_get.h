/*
 * record_get.h: one record by its ref, as the caller may see it: a contact,
 * a payment, a credit note (GET /api/v1/contacts/{ref}, /payments/{ref},
 * /credit-notes/{ref}). A collector sees only the records of the customers
 * assigned to them: any other ref is -ERR_NOT_FOUND (field "ref"), as an
 * unknown one, so that a ref's existence is not told; a token of no user
 * sees none of them below a manager (app/auth.h).
 *
 * Each call reads in one read transaction (app.h): the record and the
 * assignment that lets the caller see it are read in the same snapshot.
 */
#ifndef RECOUP_APP_RECORD_GET_H
#define RECOUP_APP_RECORD_GET_H

#include "app/app.h"
#include "app/auth.h"
#include "core/model.h"

int record_get_contact(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref, struct contact *out,
		       struct error *e);
int record_get_payment(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref, struct payment *out,
		       struct error *e);
int record_get_credit_note(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref,
			   struct credit_note *out, struct error *e);

#endif
