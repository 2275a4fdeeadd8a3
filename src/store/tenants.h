/*
 * tenants.h: tenant management. These calls take the store, not a
 * transaction: they run before a tenant is known, each in its own
 * transaction (autocommit), and are not counted by store_fault_inject().
 */
#ifndef RECOUP_STORE_TENANTS_H
#define RECOUP_STORE_TENANTS_H

#include "store/store.h"

/*
 * Resolves a tenant name to its id. The tenant "default" is created on first
 * use; any other must have been created with store_tenant_create().
 */
int store_tenant_resolve(struct store *s, const char *name, int64_t *id, struct error *e);
/* -ERR_INPUT when the name is not a valid tenant name or already exists. */
int store_tenant_create(struct store *s, const char *name, int64_t *id, struct error *e);

/*
 * Every tenant, by id: its id and name (valid during the callback). A
 * callback returning non-zero stops the walk and is returned.
 */
typedef int (*store_tenant_cb)(void *ctx, int64_t id, const char *name);
int store_tenants_each(struct store *s, store_tenant_cb cb, void *ctx, struct error *e);

#endif
