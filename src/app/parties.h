/*
 * parties.h: adding the people owed money, the rules that come with it.
 *
 * A new customer's own phone and email are how to reach the debtor: they
 * become its primary contact, a contact with the customer's own ref, role
 * "debtor", paying the bills when the customer is a person. Whatever creates
 * a customer (the importer, an API call) goes through parties_add_customer,
 * so no customer exists without it. app/correct.c keeps the two in step
 * afterwards.
 */
#ifndef RECOUP_APP_PARTIES_H
#define RECOUP_APP_PARTIES_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/model.h"

struct store_tx;

/*
 * Adds customer *c (checked by the caller) and its primary contact in the
 * caller's write transaction, both under batch `import_id` (0: none).
 * Returns 1 when added (c->id set), 0 when a customer with c->ref is
 * already stored (nothing written), -ERR_CONFLICT when a contact already
 * has the ref (the customer was written: roll the transaction back), or
 * -ERR_*.
 */
int parties_add_customer(struct store_tx *tx, struct customer *c, int64_t import_id, struct error *e);

/*
 * parties_add_customer for n customers at once (an import's batch: the
 * backend writes them in few statements, store_customers_add). added[k] is
 * 1 when customer k was added (cs[k].id set), 0 when its ref was stored
 * already (or by an earlier row of the batch); taken[k] is 1 when customer
 * k was written but a contact already has its ref (the -ERR_CONFLICT of
 * parties_add_customer: roll the transaction back). Returns how many were
 * added with their primary contact, or -ERR_*.
 */
int parties_add_customers(struct store_tx *tx, struct customer *cs, size_t n, int64_t import_id, unsigned char *added,
			  unsigned char *taken, struct error *e);

/*
 * Whom a day's message or call about a customer's debt goes to: the contact
 * who pays the bills, else one whose role pays (accounts payable,
 * finance...), else the debtor, else any (contact_role_class). The daily
 * run, the returned-payment step and a plan's reminder all choose by it.
 * parties_contact_rank: 0 best. parties_best_contact: a
 * store_contacts_of_customer callback keeping the best so far in
 * *(struct contact *)ctx (zero it first; id 0: none yet), the first of
 * equal rank.
 */
int parties_contact_rank(const struct contact *k);
int parties_best_contact(void *ctx, const struct contact *c);

#endif
