#include "app/parties.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/contact_rules.h"
#include "store/parties.h"

/* The customer's own phone and email make its primary contact. */
static void primary_contact(const struct customer *c, struct contact *primary)
{
	memset(primary, 0, sizeof(*primary));
	primary->customer_id = c->id;
	memcpy(primary->ref, c->ref, sizeof(primary->ref));
	memcpy(primary->name, c->name, sizeof(primary->name));
	snprintf(primary->role, sizeof(primary->role), "debtor");
	memcpy(primary->phone, c->phone, sizeof(primary->phone));
	memcpy(primary->email, c->email, sizeof(primary->email));
	memcpy(primary->timezone, c->timezone, sizeof(primary->timezone));
	primary->pays_bills = c->kind == KIND_PERSON;
}

int parties_add_customer(struct store_tx *tx, struct customer *c, int64_t import_id, struct error *e)
{
	struct contact primary;
	int ret = store_customer_insert(tx, c, import_id, e);

	if (ret <= 0)
		return ret;
	primary_contact(c, &primary);
	ret = store_contact_insert(tx, &primary, import_id, e);
	if (ret < 0)
		return ret;
	if (ret == 0)
		return error_set_field(e, ERR_CONFLICT, "customer_ref",
				       "customer '%s': a contact with this ref already exists", c->ref);
	return 1;
}

int parties_add_customers(struct store_tx *tx, struct customer *cs, size_t n, int64_t import_id, unsigned char *added,
			  unsigned char *taken, struct error *e)
{
	struct contact *primaries = NULL;
	unsigned char *written = NULL;
	size_t *of = NULL; /* the customer of each primary */
	size_t m = 0;
	int ret;

	memset(taken, 0, n);
	ret = store_customers_add(tx, cs, n, import_id, added, e);
	if (ret <= 0)
		return ret;
	primaries = malloc((size_t)ret * sizeof(*primaries));
	written = malloc((size_t)ret);
	of = malloc((size_t)ret * sizeof(*of));
	if (!primaries || !written || !of) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	for (size_t k = 0; k < n; k++) {
		if (!added[k])
			continue;
		primary_contact(&cs[k], &primaries[m]);
		of[m++] = k;
	}
	ret = store_contacts_add(tx, primaries, m, import_id, written, e);
	if (ret < 0)
		goto cleanup;
	for (size_t j = 0; j < m; j++)
		taken[of[j]] = !written[j];
cleanup:
	free(primaries);
	free(written);
	free(of);
	return ret;
}

int parties_contact_rank(const struct contact *k)
{
	enum contact_role_class cls = contact_role_class(k->role);
	return k->pays_bills ? 0 : cls == ROLE_PAYER ? 1 : cls == ROLE_DEBTOR ? 2 : 3;
}

int parties_best_contact(void *ctx, const struct contact *c)
{
	struct contact *best = ctx;
	if (!best->id || parties_contact_rank(c) < parties_contact_rank(best))
		*best = *c;
	return 0;
}
