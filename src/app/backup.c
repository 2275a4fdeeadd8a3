#include "app/backup.h"

#include "store/store.h"

int backup_check(const struct app_ctx *ctx, const char *url, const char *dest, struct error *e)
{
	if (store_backup_supported(ctx->store))
		return 0;
	return error_set(e, ERR_USAGE,
			 "recoup does not back up a %s database; use its own tool: "
			 "pg_dump --format=custom --file '%s' '%s'",
			 store_backend_name(ctx->store), dest, url);
}

int backup_run(const struct app_ctx *ctx, const char *path, struct error *e)
{
	return store_backup(ctx->store, path, e);
}
