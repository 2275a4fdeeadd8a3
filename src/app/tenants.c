#include "app/tenants.h"

#include <string.h>

#include "core/validate.h"
#include "store/parties.h"
#include "store/store.h"
#include "store/tenants.h"

int tenants_resolve(struct store *s, const char *name, int64_t *id, struct error *e)
{
	int ret = store_tenant_resolve(s, name, id, e);

	/* the store says "input" for an unknown name; for an API it is "not found" */
	if (ret == -ERR_INPUT)
		e->code = ERR_NOT_FOUND;
	return ret == -ERR_INPUT ? -ERR_NOT_FOUND : ret;
}

int tenants_ensure(struct store *s, const char *name, int64_t *id, struct error *e)
{
	struct error ignored = ERROR_INIT;
	int ret;

	if (validate_tenant_name(name, e) < 0)
		return -ERR_INPUT;
	ret = store_tenant_resolve(s, "default", id, e);
	if (ret < 0 || !strcmp(name, "default"))
		return ret;
	if (store_tenant_resolve(s, name, id, &ignored) == 0)
		return 0;
	return store_tenant_create(s, name, id, e);
}

int tenants_has_data(const struct app_ctx *ctx, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = store_tenant_has_data(tx, e);
	store_tx_free(tx);
	return ret;
}
