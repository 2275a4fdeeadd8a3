/*
 * store.h: the only door to the database.
 *
 * One interface, several backends (SQLite now, PostgreSQL next), chosen once
 * by store_open() from the URL: "postgresql://..." or "postgres://..." for
 * PostgreSQL, anything else is a SQLite file path. Code above this layer
 * never learns which backend it talks to. Each backend is a table of
 * function pointers per aggregate (store_int.h), after curl's vtls.
 *
 * All reads and writes go through a transaction handle. store_tx_begin()
 * binds the tenant and the acting user once; every aggregate call takes the
 * handle first and can only read or write that tenant's rows. The
 * aggregates, one header each:
 *
 *   store/tenants.h       resolve or create a tenant (on struct store: no tenant yet)
 *   store/imports.h       import batches
 *   store/parties.h       customers, contacts, corrections and the change log
 *   store/ledger.h        invoices, payments, ledger entries, balances, credit
 *   store/history.h       contact attempts and flags
 *   store/rules_config.h  tenant profiles, default profile, closed days
 *   store/reports.h       streaming reads for aging, KPIs, credit, and the checks
 *
 * Return values: 0 (or a documented positive value) on success, -ERR_* on
 * failure with `e` filled. Record pointers handed to callbacks are valid
 * only during the callback. A callback returning non-zero stops the
 * iteration, and that value is returned; a callback must not call the
 * iteration it runs in again (other store calls are fine).
 */
#ifndef RECOUP_STORE_H
#define RECOUP_STORE_H

#include <stdint.h>

#include "core/error.h"
#include "core/model.h"

struct store;
struct store_tx;

int store_open(const char *url, struct store **out, struct error *e);
/*
 * How long a SQLite connection waits for another connection's write lock
 * (SQLite's busy timeout) before its statement fails: `ms` milliseconds,
 * 0 not at all. Applies to every store opened after the call, the second
 * connections of store_open_reader and the checkpoint thread's included.
 * Process-wide rather than an argument of store_open: the server opens
 * its stores on threads of its own (the writer, the jobs, the send
 * worker), from its URL alone. Call it once at start-up, before any
 * thread opens a store. STORE_BUSY_TIMEOUT_MS until then. PostgreSQL
 * waits for a lock as long as it takes, and ignores it.
 */
#define STORE_BUSY_TIMEOUT_MS 10000
void store_set_busy_timeout(int ms);
int store_busy_timeout(void);
/* Accepts NULL. A transaction still open is rolled back first. */
void store_close(struct store *s);
const char *store_backend_name(const struct store *s);
/*
 * The database as messages may show it: a URL's "user:password@" loses
 * ":password" and a "password=" parameter its value; a file path is as is.
 */
void store_url_for_messages(const char *url, char *out, size_t size);

/*
 * A read transaction sees one snapshot of the database and refuses writes
 * (-ERR_ENV); on SQLite it is BEGIN DEFERRED, so readers never wait for a
 * writer. A write transaction takes the write lock at once (BEGIN
 * IMMEDIATE): a batch command does all its writes inside one, so a crash
 * leaves the database as before or as after, never in between.
 */
enum store_mode { STORE_READ, STORE_WRITE };

/*
 * Opens a transaction for `tenant` on behalf of `actor` (the acting user,
 * kept for the audit log: "cli" or $USER from the CLI; copied, at most
 * NAME_MAX_LEN bytes). One transaction at a time per store: a second
 * store_tx_begin before the first is freed fails (-ERR_ENV). *tx is
 * allocated here and freed by store_tx_free().
 */
int store_tx_begin(struct store *s, int64_t tenant, const char *actor, enum store_mode mode, struct store_tx **tx,
		   struct error *e);
/*
 * Makes the writes durable. After a commit (successful or not) the handle
 * accepts no more calls; free it with store_tx_free().
 */
int store_tx_commit(struct store_tx *tx, struct error *e);
/* Rolls back whatever was not committed and frees the handle. Accepts NULL. */
void store_tx_free(struct store_tx *tx);
/*
 * Read transactions shared by the calls of one unit of work (a request of
 * the server): while held (on = 1), the first read transaction begun stays
 * open when it is committed or freed, and each later read transaction of
 * the same tenant runs inside it (one BEGIN/COMMIT and one snapshot for the
 * whole request, the credential check included). A write transaction, or a
 * read of another tenant, ends the shared one first and begins its own.
 * on = 0 ends the shared transaction and the holding; the store is then as
 * before. A backend failure inside the shared transaction ends it too.
 */
void store_hold_reads(struct store *s, int on);
/*
 * Group commit (the server's writes, http/server.c): store_batch_begin
 * opens one write transaction, and every transaction begun on the store
 * until store_batch_commit is a savepoint in it: its commit keeps its work
 * in the batch, a failure or a free without commit undoes only its own
 * work. Nothing of the batch is durable, or seen by another connection,
 * before store_batch_commit, which makes all of it durable at once or
 * none of it (then it fails, and every unit of work in the batch must be
 * told that it was not saved). store_batch_rollback undoes the whole
 * batch (and accepts a store with none open); store_batch_open tells
 * whether one is. One batch at a time per store, opened with no
 * transaction open; store_close rolls back an open batch.
 */
int store_batch_begin(struct store *s, struct error *e);
int store_batch_commit(struct store *s, struct error *e);
void store_batch_rollback(struct store *s);
int store_batch_open(const struct store *s);
/*
 * A second connection to the database of `s`, for reads beside the writes
 * of the first (the daily run reads its next chunk on a thread of its own
 * while it records the current one, app/run.c) or for long reads that
 * should not fill the first's page cache (migrate's copy of the source,
 * app/migrate.c): read transactions only (SQLite PRAGMA query_only, with a
 * small page cache of its own; PostgreSQL a second session, a server
 * process of its own, whose write transactions begin READ ONLY). 1 with
 * *out open (store_close it), 0 when the backend offers none (a SQLite
 * database in memory), -ERR_ENV.
 */
int store_open_reader(struct store *s, struct store **out, struct error *e);
/*
 * Sets the page cache of the connection of `s` to `kib` KiB: 1 with *was
 * (its size before, in KiB, to be set back), 0 when the backend keeps no
 * page cache in this process (PostgreSQL). For work that touches most pages
 * once (the daily run, app/run.c): each page a large cache takes is new
 * memory the kernel maps and clears, where a small one reuses its buffers.
 */
int store_cache_size(struct store *s, int64_t kib, int64_t *was, struct error *e);
/*
 * on: the log of the connection of `s` is copied into the database by a
 * thread of its own from now on, instead of by the commits that find it
 * long (SQLite: the WAL checkpoint, which a commit past 1,000 log pages
 * runs while the writer waits); off (on = 0): stops that thread, waiting
 * for the copy it is making. For a writer that commits much in a short
 * time beside a second core (the daily run, app/run.c). 1 when on (or
 * stopped), 0 when the backend has no such log in this process
 * (PostgreSQL: the server's checkpointer), -ERR_ENV.
 */
int store_checkpoint_behind(struct store *s, int on, struct error *e);
/*
 * off (on = 0): the writes of the connection of `s` no longer have each
 * reference they make looked up in the row it names (SQLite: PRAGMA
 * foreign_keys = OFF, a seek into the parent's index for every reference of
 * every row written; PostgreSQL: SET LOCAL session_replication_role =
 * replica in each write transaction, in which only triggers enabled ALWAYS
 * fire, as all of recoup's are, and not
 * the internal ones that lock each parent row); on: checked again, as every
 * connection opens. With no transaction open. Only for a writer that writes
 * no reference it did not read, within its tenant, in the snapshot of the
 * write transaction that writes it (the daily run, app/run.c, which says
 * why its references hold; the tests check every book they leave,
 * tests/integration/lib.sh): the schema's references stay what every other
 * write is held to. 1 when turned, 0 when the references stay checked
 * (PostgreSQL: a role that may not set session_replication_role, or a
 * trigger of the schema not enabled ALWAYS, which replica would skip),
 * -ERR_ENV.
 */
int store_check_references(struct store *s, int on, struct error *e);
/*
 * A number that changes when another connection or process commits, and
 * not when this one does: read at the start of a write transaction, two
 * equal numbers mean nothing but this connection wrote in between (SQLite
 * PRAGMA data_version; PostgreSQL the values of a serial every write
 * transaction of recoup's takes with its tenant's lock, postgres/stamp.c:
 * another tenant's writes change it too, a write by another program than
 * recoup does not). 1 with *out, 0 when the backend has none (PostgreSQL:
 * in a read transaction).
 */
int store_tx_others_version(struct store_tx *tx, int64_t *out, struct error *e);
/*
 * A stamp of the database as the open transaction `tx` sees it, for caches
 * of what is read from it (the server's work queue, http/queue_cache.h):
 * two stamps with the same domain and the same text were read from the same
 * committed state of the whole database (every tenant), and any commit
 * since, by this connection, another one of the process or another process,
 * makes the text differ. It may also differ with nothing changed (never the
 * other way). Stamps of different domains are not comparable.
 *   SQLite: the domain is the connection (a serial of the process), the
 *   text its SQLITE_FCNTL_DATA_VERSION read inside the transaction's
 *   snapshot, which counts the commits of this connection and of others.
 *   PostgreSQL: domain 0 (one for every connection), the text the
 *   transaction's snapshot (txid_current_snapshot(): the transactions
 *   finished and in flight); a read transaction is REPEATABLE READ, so it
 *   is the snapshot every later read of the transaction sees.
 * 1 with *domain and out filled, 0 when the backend has no stamp to give
 * (the text would not fit: do not cache), -ERR_ENV.
 */
int store_data_stamp(struct store_tx *tx, uint64_t *domain, char *out, size_t size, struct error *e);
int64_t store_tx_tenant(const struct store_tx *tx);
const char *store_tx_actor(const struct store_tx *tx);

/*
 * Keyset paging for lists, by id (import order). A list call passes the
 * rows with id > `after`, at most `limit` of them (0: all the rest), and
 * sets `after` to the id of the last row passed; it returns how many rows
 * it passed, so a page shorter than `limit` (or 0 rows) is the last. Start
 * from STORE_CURSOR_INIT. A list callback stops the list by returning a
 * negative value, which the list returns.
 */
struct store_cursor {
	int64_t after;
	int limit;
};
#define STORE_CURSOR_INIT \
	{                 \
		0, 0      \
	}

/*
 * Copies the whole database (every tenant) into the file `path`, a
 * consistent snapshot taken while others may write: SQLite's online backup
 * API, every page in one step (one read snapshot). `path` is written as a
 * database and must not be the store's own file; the caller makes it (an
 * empty or existing file is replaced) and renames it into place
 * (ingest/outfile.h). No transaction
 * may be open. Returns 0, -ERR_USAGE when the backend has no backup of its
 * own (PostgreSQL: pg_dump backs it up; store_backup_supported() tells
 * beforehand), -ERR_ENV when the copy failed. Messages name the copy
 * `name` (the file as the user gave it, where `path` is a temporary beside
 * it; NULL: `path`) and say which side failed: "cannot write 'NAME': No
 * space left on device (the book itself is unchanged)", or the store's
 * own file and why it could not be read. On failure every file the
 * backend made beside `path` (SQLite's -journal, -wal, -shm) is removed;
 * `path` itself is the caller's to remove.
 */
int store_backup(struct store *s, const char *path, const char *name, struct error *e);
int store_backup_supported(const struct store *s);

/* A date argument meaning "now": the current balances, not a past day's. */
#define STORE_NOW INT32_MAX

/*
 * Test hook (fault injection, after SQLite's): every aggregate call, and
 * each store_tx_begin and store_tx_commit, is counted per store; with n > 0
 * the n-th call fails with -ERR_ENV "injected fault at store call N"
 * without reaching the backend (a failed commit rolls back). n = 0 turns it
 * off. store_calls() tells how many calls were counted so far.
 */
void store_fault_inject(struct store *s, long n);
long store_calls(const struct store *s);

#endif
