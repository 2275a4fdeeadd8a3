/*
 * flags.h: setting and clearing the status flags that stop or limit contact
 * (`recoup customer flag|unflag`; core/contact_flags.h lists them).
 *
 * A flag is on a customer and, by its kind, on one of its contacts, one of
 * its invoices or one address (a phone number or an email). flags_set
 * checks the scope the kind takes or needs, that every ref exists and
 * belongs to the customer, the detail some kinds need, and the free text;
 * then writes the flag with who set it, when and why. A flag is cleared
 * (flags_clear), never deleted.
 *
 * Each call opens its own write transaction on ctx->store (app.h): all or
 * nothing. Errors: -ERR_NOT_FOUND for an unknown customer, contact or
 * invoice ref, or (flags_clear) no active flag with that scope; -ERR_INPUT
 * for anything else refused; e->field names the request field. Messages
 * name the fields as the command line spells them ("--detail").
 */
#ifndef RECOUP_APP_FLAGS_H
#define RECOUP_APP_FLAGS_H

#include "app/app.h"
#include "store/history.h"

struct flags_request {
	const char *customer_ref;
	const char *flag;        /* "cease", "optout-sms", ... */
	const char *contact_ref; /* NULL: the whole customer */
	const char *invoice_ref; /* NULL: every debt */
	const char *address;     /* NULL: no address */
	const char *detail;      /* NULL: none (forbearance and inconvenient-time need one) */
	const char *by;          /* NULL: ctx->actor */
	const char *reason;      /* NULL: "" */
	timestamp_t at;          /* 0: ctx->now; never after ctx->now + APP_CLOCK_SKEW */
};

/*
 * The checks and resolution of flags_set inside the caller's transaction
 * (the flags import, app/import.c): f is the record flags_set would write.
 */
int flags_prepare(const struct app_ctx *ctx, struct store_tx *tx, const struct flags_request *rq, struct flag_record *f,
		  struct error *e);

/* Sets a flag; *out (may be NULL) receives the record as written (with its id). */
int flags_set(const struct app_ctx *ctx, const struct flags_request *rq, struct flag_record *out, struct error *e);
/*
 * Clears the active flags of that kind with exactly that scope (contact,
 * invoice, address or detail), recording rq->by, rq->at and rq->reason;
 * *cleared (may be NULL) receives how many (at least 1 on success).
 */
int flags_clear(const struct app_ctx *ctx, const struct flags_request *rq, int *cleared, struct error *e);

#endif
