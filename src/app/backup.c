#include "app/backup.h"

#include <string.h>

#include "store/store.h"

int backup_check(const struct app_ctx *ctx, const char *url, const char *dest, struct error *e)
{
	char shown[1024];

	if (store_backup_supported(ctx->store))
		return 0;
	/* the URL as every message writes it: never its password (docs/operations.md) */
	store_url_for_messages(url, shown, sizeof(shown));
	return error_set(e, ERR_USAGE,
			 "recoup does not back up a %s database; use its own tool: "
			 "pg_dump --format=custom --file '%s' '%s'%s",
			 store_backend_name(ctx->store), dest, shown,
			 strcmp(shown, url) ? " (with the password from PGPASSWORD or ~/.pgpass)" : "");
}

int backup_run(const struct app_ctx *ctx, const char *path, const char *dest, struct error *e)
{
	return store_backup(ctx->store, path, dest, e);
}
