/*
 * stamp.c: store_data_stamp on SQLite (store/store.h).
 *
 * SQLITE_FCNTL_DATA_VERSION is the pager's data version: it changes
 * whenever the database changes, by a commit of this connection or of any
 * other (another of the server's pooled connections, the CLI, a daily run).
 * The pager refreshes it when a read transaction starts and sees that the
 * database changed (in WAL mode, a new wal-index header), and when this
 * connection commits; so read inside a transaction it names the snapshot
 * that the transaction reads. PRAGMA data_version, run first, starts the
 * read transaction if no statement has yet (BEGIN DEFERRED takes its
 * snapshot at the first read), so the two agree. Its own value is not used:
 * it leaves out this connection's own commits.
 *
 * The version is the connection's own counter, not the file's: another
 * connection counts differently. The domain is therefore the connection, a
 * serial given on first use and never reused in the process (a pointer
 * could be, by a connection opened where a closed one was).
 */
#include <stdatomic.h>
#include <stdio.h>

#include "store/sqlite/sqlite_int.h"

enum { ST_DATA_VERSION, ST_COUNT };
static const char *const stmt_sql[ST_COUNT] = {
	[ST_DATA_VERSION] = "PRAGMA data_version",
};

static atomic_uint_fast64_t serials;

int sq_data_stamp(struct store_tx *tx, uint64_t *domain, char *out, size_t size, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = sq_stmt(ss, SQ_STAMP, ST_DATA_VERSION, stmt_sql, e);
	unsigned int version = 0;
	int rc;

	if (!st)
		return -ERR_ENV;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return error_set(e, ERR_ENV, "reading the data version: %s", sqlite3_errmsg(ss->db));
	if (sqlite3_file_control(ss->db, "main", SQLITE_FCNTL_DATA_VERSION, &version) != SQLITE_OK)
		return 0;
	if (!ss->stamp_domain)
		ss->stamp_domain = atomic_fetch_add(&serials, 1) + 1;
	*domain = ss->stamp_domain;
	return (size_t)snprintf(out, size, "%u", version) < size ? 1 : 0;
}

/* store_tx_others_version: PRAGMA data_version's own value, which leaves out this connection's commits. */
int sq_others_version(struct store_tx *tx, int64_t *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = sq_stmt(ss, SQ_STAMP, ST_DATA_VERSION, stmt_sql, e);
	int rc;

	if (!st)
		return -ERR_ENV;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return error_set(e, ERR_ENV, "reading the data version: %s", sqlite3_errmsg(ss->db));
	return 1;
}
