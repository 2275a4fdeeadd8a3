/*
 * tenants.c: forwarders of store/tenants.h.
 */
#include "core/validate.h"

#include "store/store_int.h"

int store_tenant_resolve(struct store *s, const char *name, int64_t *id, struct error *e)
{
	return s->ops->tenants->resolve(s, name, id, e);
}

int store_tenant_create(struct store *s, const char *name, int64_t *id, struct error *e)
{
	/* every door that creates a tenant checks its name, not only the CLI's */
	if (validate_tenant_name(name, e) < 0)
		return -ERR_INPUT;
	return s->ops->tenants->create(s, name, id, e);
}

int store_tenants_each(struct store *s, store_tenant_cb cb, void *ctx, struct error *e)
{
	return s->ops->tenants->each(s, cb, ctx, e);
}
