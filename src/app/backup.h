/*
 * backup.h: a copy of the whole database that opens as it is (`recoup
 * backup DEST`).
 *
 * SQLite: the online backup API (store_backup), a consistent snapshot while
 * others read and write, every tenant. PostgreSQL has its own tool: recoup
 * does not reimplement pg_dump, and backup_check refuses with the command
 * to run instead.
 */
#ifndef RECOUP_APP_BACKUP_H
#define RECOUP_APP_BACKUP_H

#include "app/app.h"
#include "core/error.h"

/*
 * 0 when the store can back itself up; else -ERR_USAGE whose message gives
 * the command that does ("pg_dump --format=custom --file DEST URL"), with
 * `dest` and `url` (the store's URL as the user gave it) filled in. Call it
 * before making DEST.
 */
int backup_check(const struct app_ctx *ctx, const char *url, const char *dest, struct error *e);

/*
 * Writes the backup into `path`, a file the caller made and renames into
 * place when this returns 0 (ingest/outfile.h: outfile_write_path); `dest`
 * is the file as the user named it, for messages. Opens no transaction of
 * the caller's; -ERR_ENV when the copy failed, naming `dest` and the cause
 * (then `path` holds nothing usable, and is the caller's to remove:
 * nothing else the copy made is left beside it).
 */
int backup_run(const struct app_ctx *ctx, const char *path, const char *dest, struct error *e);

#endif
