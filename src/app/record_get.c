/*
 * record_get.c: see record_get.h.
 */
#include "app/record_get.h"

#include "store/ledger.h"
#include "store/parties.h"

enum kind { CONTACT, PAYMENT, CREDIT_NOTE };

static const char *const kind_names[] = { "contact", "payment", "credit note" };

static int get(const struct app_ctx *ctx, const struct auth_identity *who, enum kind k, const char *ref, void *out,
	       struct error *e)
{
	struct store_tx *tx = NULL;
	int64_t customer_id = 0;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0 && k == CONTACT) {
		ret = store_contact_get(tx, ref, out, NULL, e);
		customer_id = ((struct contact *)out)->customer_id;
	} else if (ret == 0 && k == PAYMENT) {
		ret = store_payment_get(tx, ref, out, NULL, e);
		customer_id = ((struct payment *)out)->customer_id;
	} else if (ret == 0) {
		ret = store_credit_note_get(tx, ref, out, NULL, e);
		customer_id = ((struct credit_note *)out)->customer_id;
	}
	if (ret > 0)
		ret = auth_customer_id_visible(tx, who, customer_id, e);
	store_tx_free(tx);
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "ref", "%s '%s' not found", kind_names[k], ref);
	return ret < 0 ? ret : 0;
}

int record_get_contact(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref, struct contact *out,
		       struct error *e)
{
	return get(ctx, who, CONTACT, ref, out, e);
}

int record_get_payment(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref, struct payment *out,
		       struct error *e)
{
	return get(ctx, who, PAYMENT, ref, out, e);
}

int record_get_credit_note(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref,
			   struct credit_note *out, struct error *e)
{
	return get(ctx, who, CREDIT_NOTE, ref, out, e);
}
