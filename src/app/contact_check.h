/*
 * contact_check.h: the contact rules applied to what the store knows.
 *
 * The one place that gathers, for a contact, everything the pure rules
 * engine (core/contact_rules) needs: the contact and its customer, the
 * profile that applies (the customer's own, else derived from kind and
 * country, else the tenant's default; a tenant's edited profile wins over
 * the preset of the same name), the debts concerned, the active status
 * flags, the contact history and the tenant's closed days. The CLI, and
 * later the daily run, the work queue and the channels, all ask here, so no
 * schedule, queue or send can skip a rule.
 */
#ifndef RECOUP_CONTACT_CHECK_H
#define RECOUP_CONTACT_CHECK_H

#include "core/contact_rules.h"
#include "core/profile.h"

struct store_tx;

struct rules_request {
	const char *contact_ref;
	enum channel channel;
	timestamp_t at;
	const char *invoice_ref;     /* NULL: every open debt of the customer */
	const char *address;         /* NULL: the contact's own phone or email */
	int final_notice;            /* a letter allowed after a cease request */
};

struct rules_answer {
	struct customer customer;
	struct contact contact;
	struct profile profile;
	struct contact_verdict verdict;
};

/* Loads the profile a tenant uses under `name` (its edited copy, else the preset). */
int rules_profile_load(struct store_tx *tx, const char *name, struct profile *out, struct error *e);

/*
 * Evaluates a request. -ERR_INPUT for an unknown contact or invoice, an
 * invoice of another customer, or no profile applying; -ERR_ENV for the
 * database.
 */
int rules_evaluate(struct store_tx *tx, const struct rules_request *rq, struct rules_answer *out,
		   struct error *e);

/* Open invoices of a customer (ids), for logging an attempt about every debt. */
int rules_open_invoice_ids(struct store_tx *tx, const struct customer *c, int64_t **ids, size_t *n,
			   struct error *e);

#endif
