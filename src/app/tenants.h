/*
 * tenants.h: the creditors a database holds.
 *
 * A front end resolves the tenant named on its command line or in its
 * session once, before any other use case, and passes the id in its
 * app_ctx. The tenant "default" exists in every database (created on first
 * use); any other is created by tenants_ensure() (`recoup init --tenant`),
 * so that a mistyped --tenant is refused instead of starting an empty book.
 */
#ifndef RECOUP_APP_TENANTS_H
#define RECOUP_APP_TENANTS_H

#include <stdint.h>

#include "app/app.h"
#include "core/error.h"

struct store;

/* The id of tenant `name`: -ERR_NOT_FOUND when no such tenant (other than "default"). */
int tenants_resolve(struct store *s, const char *name, int64_t *id, struct error *e);

/*
 * The id of tenant `name`, created when missing (with "default" beside it).
 * -ERR_INPUT for a name that is not a valid tenant name.
 */
int tenants_ensure(struct store *s, const char *name, int64_t *id, struct error *e);

/*
 * 1 when ctx's tenant holds any customer, 0 when its books are empty (what
 * `recoup demo` needs before it imports), -ERR_ENV for the database. Reads
 * in its own read transaction.
 */
int tenants_has_data(const struct app_ctx *ctx, struct error *e);

#endif
