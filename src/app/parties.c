#include "app/parties.h"

#include <stdio.h>
#include <string.h>

#include "store/parties.h"

int parties_add_customer(struct store_tx *tx, struct customer *c, int64_t import_id, struct error *e)
{
	struct contact primary = { 0 };
	int ret = store_customer_insert(tx, c, import_id, e);

	if (ret <= 0)
		return ret;
	/* The customer's own phone and email make its primary contact. */
	primary.customer_id = c->id;
	memcpy(primary.ref, c->ref, sizeof(primary.ref));
	memcpy(primary.name, c->name, sizeof(primary.name));
	snprintf(primary.role, sizeof(primary.role), "debtor");
	memcpy(primary.phone, c->phone, sizeof(primary.phone));
	memcpy(primary.email, c->email, sizeof(primary.email));
	memcpy(primary.timezone, c->timezone, sizeof(primary.timezone));
	primary.pays_bills = c->kind == KIND_PERSON;
	ret = store_contact_insert(tx, &primary, import_id, e);
	if (ret < 0)
		return ret;
	if (ret == 0)
		return error_set_field(e, ERR_CONFLICT, "customer_ref",
				       "customer '%s': a contact with this ref already exists", c->ref);
	return 1;
}
