/*
 * db.c: the SQLite backend's connection: open, pragmas, migrations, the
 * statement cache and transactions.
 *
 * One file, WAL journal (readers never block the writer), foreign keys on,
 * synchronous=NORMAL (durable across application crashes; a power cut may
 * lose the last committed transaction but never corrupts). Every statement
 * is prepared once, on first use, and kept for the life of the handle.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/migrations.h"
#include "store/sqlite/sqlite_int.h"
#include "sys/thread.h"

enum stmt_id {
	ST_BEGIN_READ,
	ST_BEGIN_WRITE,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_SAVEPOINT,
	ST_RELEASE,
	ST_ROLLBACK_TO,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	/* a reader takes no lock until it reads, and never waits for a writer (WAL) */
	[ST_BEGIN_READ] = "BEGIN DEFERRED",
	/* a writer takes the write lock at once: no deadlock upgrading a read lock */
	[ST_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	/* a transaction inside a batch (store_batch_begin): one at a time, so one name */
	[ST_SAVEPOINT] = "SAVEPOINT unit",
	[ST_RELEASE] = "RELEASE unit",
	[ST_ROLLBACK_TO] = "ROLLBACK TO unit",
};

/* The folder of `path` as typed ("." for a bare name), for messages and access(). */
static void folder_of(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, size, ".");
	else if (slash == path)
		snprintf(dir, size, "/");
	else
		snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

/* errno of access(path, W_OK): 0 when this process may write it, or when it does not exist. */
static int write_refused(const char *path)
{
	if (access(path, W_OK) == 0)
		return 0;
	return errno == EACCES || errno == EPERM || errno == EROFS ? errno : 0;
}

/*
 * What SQLite's message leaves out, appended to it in `out` (": ..." or
 * " (...)"; "" when nothing is known): SQLite says "attempt to write a
 * readonly database", "unable to open database file", "disk I/O error"
 * or "database or disk is full", and names neither the file nor the
 * folder nor what to change. The causes an operator meets: a folder the
 * process may not write (SQLite makes the book's -wal and -shm files
 * beside it, even to read it: SQLITE_READONLY_DIRECTORY), a book or a
 * -wal/-shm file it may not write (made by another user, root's command
 * run by hand), a file system mounted read-only, a full one; and, for
 * SQLITE_BUSY, the writer it waited for and for how long. `code` is the
 * extended result code, `sys` the system's errno SQLite kept (read only
 * for the codes that set it: it may be left from an earlier failure).
 */
static void explain(const char *path, int code, int sys, int busy_ms, char *out, size_t size)
{
	static const char *const companions[] = { "-wal", "-shm", "-journal" };
	int primary = code & 0xff;
	char dir[1024], name[1100];

	out[0] = '\0';
	if (primary == SQLITE_BUSY && code != SQLITE_BUSY_SNAPSHOT) {
		snprintf(out, size,
			 ": busy with another writer (an import, a run or the server): gave up after waiting %d %s "
			 "for its write lock; RECOUP_BUSY_TIMEOUT sets the wait, in seconds",
			 busy_ms % 1000 ? busy_ms : busy_ms / 1000, busy_ms % 1000 ? "ms" : "s");
		return;
	}
	if (primary != SQLITE_FULL && primary != SQLITE_READONLY && primary != SQLITE_CANTOPEN &&
	    primary != SQLITE_IOERR)
		return;
	if (primary != SQLITE_IOERR && primary != SQLITE_CANTOPEN)
		sys = 0;
	folder_of(path, dir, sizeof(dir));
	if (primary == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT) {
		snprintf(out, size, ": the file system holding '%s' is full (%s): free space there, then run it again",
			 dir, strerror(sys == EDQUOT ? EDQUOT : ENOSPC));
		return;
	}
	if (write_refused(path) == EROFS || write_refused(dir) == EROFS) {
		snprintf(out, size,
			 ": the file system holding '%s' is mounted read-only, and SQLite writes the book and makes "
			 "its -wal and -shm files there, even to read it (%s)",
			 dir, strerror(EROFS));
		return;
	}
	if (write_refused(path)) {
		snprintf(out, size,
			 ": the file '%s' is not writable by this user: let the user recoup runs as write it", path);
		return;
	}
	for (size_t i = 0; i < sizeof(companions) / sizeof(companions[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", path, companions[i]);
		if (write_refused(name)) {
			snprintf(out, size,
				 ": the book's %s file '%s' is not writable by this user (another user's command made "
				 "it?): let the user recoup runs as write it",
				 companions[i] + 1, name);
			return;
		}
	}
	/* SQLITE_READONLY_DIRECTORY, or the log that could not be made (CANTOPEN, READONLY_CANTINIT) */
	if (write_refused(dir) && (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN)) {
		snprintf(out, size,
			 ": the folder '%s' is not writable by this user, and SQLite makes the book's -wal and -shm "
			 "files there, even to read it: let the user recoup runs as write the folder",
			 dir);
		return;
	}
	if (sys)
		snprintf(out, size, " (%s)", strerror(sys));
}

/* "database 'PATH': [WHAT: ]SQLite's message[: why]" for the last failure on `db`. */
static int db_error(struct sqlite_store *ss, sqlite3 *db, struct error *e, const char *what)
{
	char why[768];

	explain(ss->path, sqlite3_extended_errcode(db), sqlite3_system_errno(db), ss->busy_ms, why, sizeof(why));
	return error_set(e, ERR_ENV, "database '%s': %s%s%s%s", ss->path, what ? what : "", what ? ": " : "",
			 sqlite3_errmsg(db), why);
}

int sq_db_error(struct sqlite_store *ss, struct error *e, const char *what)
{
	return db_error(ss, ss->db, e, what);
}

sqlite3_stmt *sq_stmt(struct sqlite_store *ss, enum sq_agg agg, int id, const char *const *sql, struct error *e)
{
	sqlite3_stmt *st = ss->stmts[agg][id];
	if (!st) {
		if (sqlite3_prepare_v3(ss->db, sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
			sq_db_error(ss, e, "preparing a statement");
			return NULL;
		}
		ss->stmts[agg][id] = st;
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return st;
}

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_DB, id, stmt_sql, e);
}

int sq_exec_step(struct sqlite_store *ss, sqlite3_stmt *st, struct error *e, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		int ret = sq_db_error(ss, e, what);
		sqlite3_reset(st);
		return ret;
	}
	sqlite3_reset(st);
	return 0;
}

int sq_text_by_name(struct sqlite_store *ss, sqlite3_stmt *st, int64_t tenant, const char *name, char **out,
		    struct error *e, const char *what)
{
	int rc;

	*out = NULL;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return *out ? 1 : error_set(e, ERR_ENV, "out of memory");
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, what);
}

int sq_insert_step(struct sqlite_store *ss, sqlite3_stmt *st, int64_t *id, struct error *e, const char *what)
{
	int ret = sq_exec_step(ss, st, e, what);
	if (ret < 0)
		return ret;
	if (sqlite3_changes(ss->db) == 0)
		return 0;
	*id = sqlite3_last_insert_rowid(ss->db);
	return 1;
}

int sq_update_step(struct sqlite_store *ss, sqlite3_stmt *st, struct error *e, const char *what)
{
	int ret = sq_exec_step(ss, st, e, what);
	if (ret < 0)
		return ret;
	return sqlite3_changes(ss->db) > 0;
}

static int exec_sql(struct sqlite_store *ss, const char *sql, struct error *e)
{
	/* sqlite3_exec's message is the connection's, which db_error reads with its code */
	if (sqlite3_exec(ss->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(ss, ss->db, e, NULL);
	return 0;
}

/*
 * A file that holds tables but no schema_migration is another program's
 * database: recoup takes it over for none of its commands (a report on it
 * applied every migration and created a tenant, exit 0). 0, or -ERR_ENV.
 */
static int foreign_database(struct sqlite_store *ss, struct error *e)
{
	sqlite3_stmt *st = NULL;
	char other[128] = "";
	int ours = 0, rc;

	if (sqlite3_prepare_v2(ss->db,
			       "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
			       "ORDER BY name = 'schema_migration' DESC, name LIMIT 1",
			       -1, &st, NULL))
		return sq_db_error(ss, e, "reading the schema");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		ours = !strcmp(name, "schema_migration");
		snprintf(other, sizeof(other), "%s", name);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_db_error(ss, e, "reading the schema");
	if (rc == SQLITE_DONE || ours)
		return 0; /* new, or recoup's */
	return error_set(e, ERR_ENV,
			 "database '%s' is not a recoup database: it holds other tables (such as '%s') and none of "
			 "recoup's; nothing was written. Give recoup a database of its own (recoup init --db NEW.db)",
			 ss->path, other);
}

static int migrate(struct sqlite_store *ss, struct error *e)
{
	int ret = foreign_database(ss, e);

	if (ret < 0)
		return ret;
	ret = exec_sql(ss,
		       "CREATE TABLE IF NOT EXISTS schema_migration ("
		       "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL "
		       "DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
		       e);
	if (ret < 0)
		return ret;
	/* a migration this binary does not know: a newer recoup upgraded the
	 * file; refused before anything is applied or written */
	sqlite3_stmt *names = NULL;
	if (sqlite3_prepare_v2(ss->db, "SELECT name FROM schema_migration", -1, &names, NULL))
		return sq_db_error(ss, e, "reading migrations");
	while (ret == 0 && sqlite3_step(names) == SQLITE_ROW)
		ret = store_migration_check(store_migrations, ss->path, (const char *)sqlite3_column_text(names, 0), e);
	sqlite3_finalize(names);
	if (ret < 0)
		return ret;
	/* one probe prepared for all: every process opens the database, and a
	 * prepare a migration was most of what opening cost */
	sqlite3_stmt *probe = NULL;
	if (sqlite3_prepare_v2(ss->db, "SELECT 1 FROM schema_migration WHERE name = ?1", -1, &probe, NULL))
		return sq_db_error(ss, e, "reading migrations");
	for (const struct migration *m = store_migrations; m->name; m++) {
		sqlite3_stmt *q = NULL;
		int applied;

		sqlite3_reset(probe);
		bind_text(probe, 1, m->name);
		applied = sqlite3_step(probe) == SQLITE_ROW;
		sqlite3_reset(probe);
		if (applied)
			continue;
		ret = exec_sql(ss, "BEGIN IMMEDIATE", e);
		if (ret < 0)
			break;
		ret = exec_sql(ss, m->sql, e);
		if (ret < 0) {
			exec_sql(ss, "ROLLBACK", NULL);
			sqlite3_finalize(probe);
			return error_prefix(e, "migration %s", m->name);
		}
		if (sqlite3_prepare_v2(ss->db, "INSERT INTO schema_migration(name) VALUES (?1)", -1, &q, NULL)) {
			exec_sql(ss, "ROLLBACK", NULL);
			ret = sq_db_error(ss, e, "recording a migration");
			sqlite3_finalize(probe);
			return ret;
		}
		bind_text(q, 1, m->name);
		sqlite3_step(q);
		sqlite3_finalize(q);
		ret = exec_sql(ss, "COMMIT", e);
		if (ret < 0)
			break;
	}
	sqlite3_finalize(probe);
	return ret < 0 ? ret : 0;
}

static int sq_checkpoint_behind(struct store *s, int on, struct error *e);

static void sq_close(struct store *s)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct error ignored = ERROR_INIT;

	(void)sq_checkpoint_behind(s, 0, &ignored);
	for (int a = 0; a < SQ_AGG_COUNT; a++)
		for (int i = 0; i < SQ_STMTS_MAX; i++)
			sqlite3_finalize(ss->stmts[a][i]);
	for (int i = 0; i <= SQ_BATCH; i++) {
		sqlite3_finalize(ss->invoice_many[i]);
		sqlite3_finalize(ss->ledger_many[i]);
	}
	sqlite3_close(ss->db);
	free(ss->cover);
	free(ss->cover_skipped);
	free(ss);
}

static void forget_tx_state(struct sqlite_store *ss)
{
	ss->invoices_one_by_one = 0;
	ss->ledger_n = 0;
	ss->n_step_keys = 0;
	sq_watch_forget(ss);
}

static int sq_tx_begin(struct store_tx *tx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, tx->mode == STORE_WRITE ? ST_BEGIN_WRITE : ST_BEGIN_READ, e);
	forget_tx_state(ss);
	return st ? sq_exec_step(ss, st, e, "starting a transaction") : -ERR_ENV;
}

/* SQLite ends a transaction itself on some errors (SQLITE_FULL, SQLITE_IOERR, ...). */
static int sq_tx_broken(struct store_tx *tx)
{
	return sqlite3_get_autocommit(SQ(tx)->db) != 0;
}

/*
 * Finishes every pending read so that a rollback is not refused: only the
 * statements still stepping, which SQLite lists (walking the whole
 * statement cache cost a read-only request of the server 2-3% of its time,
 * as every read transaction ends here).
 */
static void reset_busy(struct sqlite_store *ss)
{
	for (sqlite3_stmt *st = sqlite3_next_stmt(ss->db, NULL); st; st = sqlite3_next_stmt(ss->db, st))
		if (sqlite3_stmt_busy(st))
			sqlite3_reset(st);
}

/* Runs the prepared statement `id` (a transaction's control: no rows). 0, or -ERR_ENV with e set. */
static int run_control(struct sqlite_store *ss, enum stmt_id id, const char *what, struct error *e)
{
	sqlite3_stmt *st = stmt(ss, id, e);
	return st ? sq_exec_step(ss, st, e, what) : -ERR_ENV;
}

/*
 * Undoes a transaction (ST_ROLLBACK) or a unit of the batch (ST_ROLLBACK_TO),
 * by the prepared statement: sqlite3_exec parsed the text again each time
 * (another 5-8% of a read-only request, as every read transaction ends
 * here). 0 undone, or nothing to undo (SQLite ended the transaction itself:
 * a batch's commit then says so); -1 refused.
 */
static int undo(struct sqlite_store *ss, enum stmt_id id, const char *what)
{
	struct error ignored = ERROR_INIT;

	forget_tx_state(ss);
	if (sqlite3_get_autocommit(ss->db))
		return 0;
	reset_busy(ss);
	return run_control(ss, id, what, &ignored) < 0 ? -1 : 0;
}

static void sq_tx_rollback(struct store_tx *tx)
{
	if (undo(SQ(tx), ST_ROLLBACK, "rolling back") < 0)
		exec_sql(SQ(tx), "ROLLBACK", NULL);
}

static void sq_rollback_to(struct store_tx *tx)
{
	struct sqlite_store *ss = SQ(tx);
	struct error ignored = ERROR_INIT;

	if (undo(ss, ST_ROLLBACK_TO, "rolling back in the batch") < 0 ||
	    (!sqlite3_get_autocommit(ss->db) && run_control(ss, ST_RELEASE, "releasing in the batch", &ignored) < 0))
		/* the batch cannot go on without this unit's work undone: end it (the batch's commit fails) */
		exec_sql(ss, "ROLLBACK", NULL);
}

/*
 * Makes a transaction's work stand (ST_COMMIT), or a unit's within the
 * batch (ST_RELEASE): the ledger's pending rows first; on failure the work
 * is undone by `undo_all`.
 */
static int keep(struct store_tx *tx, enum stmt_id id, const char *what, void (*undo_all)(struct store_tx *),
		struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	int ret = sq_ledger_flush(ss, e);

	if (ret == 0) /* the marks a cover left out whose watch rows never came (store_run_watch_cover) */
		ret = sq_watch_cover_end(ss, NULL, 0, e);
	if (ret == 0)
		ret = run_control(ss, id, what, e);
	if (ret < 0)
		undo_all(tx);
	forget_tx_state(ss);
	return ret;
}

static int sq_tx_commit(struct store_tx *tx, struct error *e)
{
	return keep(tx, ST_COMMIT, "committing", sq_tx_rollback, e);
}

static int sq_savepoint(struct store_tx *tx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);

	forget_tx_state(ss);
	if (sqlite3_get_autocommit(ss->db))
		return error_set(e, ERR_ENV, "database '%s': the batch's transaction has ended", ss->path);
	return run_control(ss, ST_SAVEPOINT, "starting a transaction in the batch", e);
}

static int sq_release(struct store_tx *tx, struct error *e)
{
	return keep(tx, ST_RELEASE, "committing in the batch", sq_rollback_to, e);
}

/*
 * The online backup API copies every page in one step: the copy is the
 * snapshot of one read transaction, and writers of other connections wait
 * at most for that (a step of -1 does not restart when they write between
 * steps, as a page-at-a-time loop would). The copy is then switched to a
 * rollback journal so that it is one self-contained file, with no -wal
 * beside the temporary name that is about to be renamed.
 *
 * The copy's SQLite makes its own files beside `path` while it writes (a
 * -journal during the copy; a -wal and a -shm for the switch, as the
 * copied header says WAL): on a full disk each failed try left them
 * behind, hidden beside the hidden temporary (".DEST.XXXXXX-shm"). Those
 * it made are removed when the backup fails.
 */
static const char *const copy_companions[] = { "-journal", "-wal", "-shm" };
#define COPY_COMPANIONS (sizeof(copy_companions) / sizeof(copy_companions[0]))

/*
 * 1 when the copy's failure `code` (extended) is the destination's: the
 * book is only read, so a full disk, a refused or failed write, open or
 * sync is on the copy's side; a failed read, a busy, locked or corrupt
 * book is the book's.
 */
static int copy_side(int code)
{
	int primary = code & 0xff;

	if (primary == SQLITE_FULL || primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN)
		return 1;
	return primary == SQLITE_IOERR && code != SQLITE_IOERR_READ && code != SQLITE_IOERR_SHORT_READ;
}

/*
 * The copy's failure `code` (extended; the one `dest` keeps when it is
 * open), named by `name`: the destination's, with the system's reason, or
 * the book's, with its path.
 */
static int copy_error(struct sqlite_store *ss, sqlite3 *dest, int code, const char *name, struct error *e)
{
	int sys = dest ? sqlite3_system_errno(dest) : 0;
	char why[768];

	if (dest && sqlite3_extended_errcode(dest) != SQLITE_OK)
		code = sqlite3_extended_errcode(dest);
	if (!copy_side(code)) {
		explain(ss->path, code, sqlite3_system_errno(ss->db), ss->busy_ms, why, sizeof(why));
		return error_set(e, ERR_ENV, "database '%s': reading it for the backup: %s%s; '%s' was not written",
				 ss->path, sqlite3_errstr(code), why, name);
	}
	if ((code & 0xff) == SQLITE_FULL || sys == ENOSPC)
		/* SQLite keeps no errno for a short write, which is how a full disk shows */
		snprintf(why, sizeof(why), "%s", strerror(ENOSPC));
	else if (sys)
		snprintf(why, sizeof(why), "%s", strerror(sys));
	else
		snprintf(why, sizeof(why), "%s", dest ? sqlite3_errmsg(dest) : sqlite3_errstr(code));
	return error_set(e, ERR_ENV, "cannot write '%s': %s (the book itself is unchanged)", name, why);
}

static int sq_backup(struct store *s, const char *path, const char *name, struct error *e)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	sqlite3 *dest = NULL;
	sqlite3_backup *b = NULL;
	char companion[COPY_COMPANIONS][PATH_MAX + 16];
	int existed[COPY_COMPANIONS];
	int rc, ret = 0;

	for (size_t i = 0; i < COPY_COMPANIONS; i++) {
		snprintf(companion[i], sizeof(companion[i]), "%s%s", path, copy_companions[i]);
		existed[i] = access(companion[i], F_OK) == 0;
	}
	rc = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		ret = copy_error(ss, dest, rc, name, e);
		goto cleanup;
	}
	sqlite3_extended_result_codes(dest, 1);
	b = sqlite3_backup_init(dest, "main", ss->db, "main");
	if (!b) {
		ret = copy_error(ss, dest, sqlite3_extended_errcode(dest), name, e);
		goto cleanup;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		ret = copy_error(ss, dest, rc, name, e);
		goto cleanup;
	}
	rc = sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		ret = copy_error(ss, dest, rc, name, e);
cleanup:
	if (dest && sqlite3_close(dest) != SQLITE_OK && ret == 0)
		ret = error_set(e, ERR_ENV, "cannot write '%s': closing the copy failed", name);
	/* the temporary itself is the caller's (store.h); what SQLite made beside it is ours */
	for (size_t i = 0; ret < 0 && i < COPY_COMPANIONS; i++)
		if (!existed[i])
			(void)unlink(companion[i]);
	return ret;
}

static int sq_open_reader(struct store *s, struct store **out, struct error *e);
static int sq_cache_size(struct store *s, int64_t kib, int64_t *was, struct error *e);
static int sq_check_references(struct store *s, int on, struct error *e);

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.tx_begin = sq_tx_begin,
	.tx_commit = sq_tx_commit,
	.tx_rollback = sq_tx_rollback,
	.backup = sq_backup,
	.tenants = &sq_tenants_ops,
	.imports = &sq_imports_ops,
	.parties = &sq_parties_ops,
	.ledger = &sq_ledger_ops,
	.history = &sq_history_ops,
	.rules_config = &sq_rules_config_ops,
	.reports = &sq_reports_ops,
	.risk = &sq_risk_ops,
	.users = &sq_users_ops,
	.account = &sq_account_ops,
	.strategies = &sq_strategies_ops,
	.actions = &sq_actions_ops,
	.assignments = &sq_assignments_ops,
	.audit = &sq_audit_ops,
	.holds = &sq_holds_ops,
	.agreements = &sq_agreements_ops,
	.auth = &sq_auth_ops,
	.disputes = &sq_disputes_ops,
	.credit = &sq_credit_ops,
	.returned = &sq_returned_ops,
	.promises = &sq_promises_ops,
	.escalation = &sq_escalation_ops,
	.channels = &sq_channels_ops,
	.documents = &sq_documents_ops,
	.dashboard = &sq_dashboard_ops,
	.tx_broken = sq_tx_broken,
	.queue_balances_of = sq_queue_balances_of,
	.data_stamp = sq_data_stamp,
	.savepoint = sq_savepoint,
	.release = sq_release,
	.rollback_to = sq_rollback_to,
	.open_reader = sq_open_reader,
	.others_version = sq_others_version,
	.cache_size = sq_cache_size,
	.checkpoint_behind = sq_checkpoint_behind,
	.check_references = sq_check_references,
};

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/*
 * store_checkpoint_behind: the log's pages copied into the database by a
 * thread of its own, on a connection of its own. SQLite's own checkpoint
 * runs in the commit that finds the log past 1,000 pages (its
 * wal_autocheckpoint): it reads each page the log holds, writes it into the
 * file and syncs it, while the writer waits. The daily run's next day at
 * 1M spent 0.26-0.35 s of its walk's 0.9-1.1 s in its eight commits, and
 * 0.10-0.19 s with the copy on a thread beside it. Here the commit
 * only wakes the thread (a WAL hook, which replaces the automatic one
 * while it is set), and the thread runs a PASSIVE checkpoint: it takes no
 * lock the writer or a reader needs, and copies what no reader still needs
 * (the run's reader reads beside the writer). Stopped, the automatic
 * checkpoint is back; whatever the thread had not copied is copied by the
 * next commit past 1,000 pages or by the last connection's close.
 */
struct sq_checkpointer {
	sqlite3 *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int wanted, stop;
	int wal_fd;      /* the log, for posix_fadvise (-1: not open) */
	int64_t frame;   /* a frame's bytes: the page size and its 24-byte header */
	int64_t dropped; /* the log's bytes given back to the kernel's cache so far */
};

#define SQ_CHECKPOINT_PAGES 1000 /* SQLite's wal_autocheckpoint default */

/*
 * The log's frames the checkpoint copied into the database given back to the
 * kernel's page cache (posix_fadvise DONTNEED: clean pages are dropped, a
 * dirty one is left; SQLite syncs the log before a checkpoint reads it, so
 * these are clean). The close's unlink of the log freed every cached page of
 * it on the run's serial tail: 33-36 ms of the 128 MB log of the next day at
 * 1M (strace); dropped here, beside the walk, as they are copied, the unlink
 * takes 16-19 ms (what is left is ext4's, the same after a drop of the whole
 * file), and the run's tail after its last phase 20-32 ms against 37-46 ms.
 * A reader that still wants a dropped frame reads it from the file again.
 */
static void drop_copied(struct sq_checkpointer *c, int done)
{
	int64_t upto;

	if (c->wal_fd < 0) {
		if (!c->frame) {
			sqlite3_stmt *st = NULL;
			if (sqlite3_prepare_v2(c->db, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
			    sqlite3_step(st) == SQLITE_ROW)
				c->frame = sqlite3_column_int64(st, 0) + 24;
			sqlite3_finalize(st);
		}
		c->wal_fd = open(sqlite3_filename_wal(sqlite3_db_filename(c->db, "main")), O_RDONLY | O_CLOEXEC);
		if (c->wal_fd < 0 || c->frame <= 24)
			return;
	}
	upto = 32 + (int64_t)done * c->frame;
	upto -= upto % 4096;
	if (upto < c->dropped)
		c->dropped = 0; /* the log began again from its start (a writer restarted it) */
	if (upto > c->dropped) {
		(void)posix_fadvise(c->wal_fd, c->dropped, upto - c->dropped, POSIX_FADV_DONTNEED);
		c->dropped = upto;
	}
}

static void *checkpointer_main(void *arg)
{
	struct sq_checkpointer *c = arg;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->wanted && !c->stop)
			pthread_cond_wait(&c->cond, &c->lock);
		if (!c->wanted)
			break;
		c->wanted = 0;
		pthread_mutex_unlock(&c->lock);
		/* SQLITE_BUSY (another checkpoint is running) or an I/O error: the next one, or the close, does it */
		int done = 0;
		if (sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, &done) == SQLITE_OK)
			drop_copied(c, done);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

static int on_wal_commit(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct sq_checkpointer *c = arg;

	(void)db;
	(void)name;
	if (pages >= SQ_CHECKPOINT_PAGES) {
		pthread_mutex_lock(&c->lock);
		c->wanted = 1;
		pthread_cond_signal(&c->cond);
		pthread_mutex_unlock(&c->lock);
	}
	return SQLITE_OK;
}

static int sq_checkpoint_behind(struct store *s, int on, struct error *e)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct sq_checkpointer *c = ss->ckpt;

	if (!on) {
		if (!c)
			return 1;
		sqlite3_wal_autocheckpoint(ss->db, SQ_CHECKPOINT_PAGES);
		pthread_mutex_lock(&c->lock);
		c->stop = 1;
		pthread_cond_signal(&c->cond);
		pthread_mutex_unlock(&c->lock);
		pthread_join(c->thread, NULL);
		pthread_cond_destroy(&c->cond);
		pthread_mutex_destroy(&c->lock);
		sqlite3_close(c->db);
		if (c->wal_fd >= 0)
			close(c->wal_fd);
		free(c);
		ss->ckpt = NULL;
		return 1;
	}
	/* a database in memory or a temporary one has no log another connection could copy */
	if (c || !ss->path[0] || !strcmp(ss->path, ":memory:") || strstr(ss->path, "mode=memory"))
		return c ? 1 : 0;
	c = calloc(1, sizeof(*c));
	if (!c)
		return error_set(e, ERR_ENV, "out of memory");
	c->wal_fd = -1;
	/* a connection opens the log at its first read: until then its checkpoint is a no-op */
	if (sqlite3_open_v2(ss->path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(c->db, ss->busy_ms) != SQLITE_OK ||
	    sqlite3_exec(c->db, "PRAGMA schema_version", NULL, NULL, NULL) != SQLITE_OK) {
		int ret = error_set(e, ERR_ENV, "database '%s': cannot open a connection for checkpoints: %s", ss->path,
				    c->db ? sqlite3_errmsg(c->db) : "out of memory");
		sqlite3_close(c->db);
		free(c);
		return ret;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	if (sys_thread_start(&c->thread, checkpointer_main, c) != 0) {
		pthread_cond_destroy(&c->cond);
		pthread_mutex_destroy(&c->lock);
		sqlite3_close(c->db);
		free(c);
		return 0; /* no thread: the commits checkpoint as before */
	}
	ss->ckpt = c;
	sqlite3_wal_hook(ss->db, on_wal_commit, c);
	return 1;
}

/*
 * Process-wide settings, before SQLite initialises: each connection is used
 * by one thread at a time (multi-thread mode, no per-call mutex), and no
 * global memory statistics (a mutex taken on every allocation otherwise).
 */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/*
	 * A statement that may fail after it changed a page (a foreign key
	 * checked after the row is written) keeps the page's first image in a
	 * statement journal; past 64 KiB (four 16 KiB pages) SQLite writes it
	 * to a temporary file, which a contact logged (six index pages and the
	 * attempt's invoices) did on every request: the server's writes spent
	 * more in those writes than in the database's own. In memory now,
	 * whole: the 4 MiB spill first set here failed, with SQLite 3.40.1,
	 * any statement whose journal spilled to its file ("database or disk
	 * is full" at the spill: a DROP INDEX of a few hundred pages, as
	 * migration 0043 is on a large book; t0996), and any spill size above
	 * SQLite's 64 KiB did the same. The journal holds the first images of
	 * the pages one statement changed: a few for the run's and the
	 * requests' statements, a savepoint's for a big import in the
	 * server's group commit (the pages of the rows it brings).
	 */
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	/*
	 * A path is a file's path, never a URI: Debian's SQLite reads
	 * "file:v.db" as the URI of ./v.db, while the command line's checks
	 * (the database exists, no output may name it) looked at the file
	 * "file:v.db": `--db file:u.db export customers --out u.db --force`
	 * wrote the CSV over the live book. One meaning now: the file named.
	 */
	sqlite3_config(SQLITE_CONFIG_URI, 0);
	sqlite3_initialize();
	/* without it (an error: SQLite's default VFS is not version 3), the log is written as SQLite writes it */
	if (!getenv("RECOUP_WALBUF_OFF"))
		(void)sq_walbuf_register();
}

/*
 * checked_sum(x): the exact sum of integers x, 0 for no row, NULL when it
 * is out of [-(2^63 - 1), 2^63 - 1] (negatable, so -checked_sum() fits
 * too). SUM() stops the statement with "integer overflow" instead: a
 * customer's unapplied credit summed from thousands of entries near the
 * 10^15 limit made every read of it exit 3 (store/ledger.h). Summed in
 * 128 bits: it takes 2^64 entries of the largest int64 to overflow them.
 */
/*
 * SQLite's aggregate context is 8-byte aligned, not the 16 an __int128
 * wants (UBSan: "load of misaligned address"): the sum is copied in and out.
 */
static void checked_sum_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	unsigned char *ctx = sqlite3_aggregate_context(cx, sizeof(__int128));
	__int128 sum;

	(void)argc;
	if (!ctx) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	memcpy(&sum, ctx, sizeof(sum));
	sum += sqlite3_value_int64(argv[0]);
	memcpy(ctx, &sum, sizeof(sum));
}

static void checked_sum_final(sqlite3_context *cx)
{
	unsigned char *ctx = sqlite3_aggregate_context(cx, 0);
	__int128 v = 0;

	if (ctx)
		memcpy(&v, ctx, sizeof(v));

	if (v >= -(__int128)INT64_MAX && v <= INT64_MAX)
		sqlite3_result_int64(cx, (int64_t)v);
	else
		sqlite3_result_null(cx);
}

int store_sqlite_open(const char *path, struct store **out, struct error *e)
{
	struct sqlite_store *ss = calloc(1, sizeof(*ss));
	int ret;

	*out = NULL;
	if (!ss)
		return error_set(e, ERR_ENV, "out of memory");
	pthread_once(&sqlite_once, sqlite_setup);
	ss->base.ops = &sqlite_ops;
	snprintf(ss->path, sizeof(ss->path), "%s", path);
	/*
	 * A file with two names (a hard link) has two logs and two lock files,
	 * one per name: two processes writing through the two names corrupt it
	 * (SQLite's "How To Corrupt", 2.5; an operator's probe saw "database
	 * disk image is malformed" in two tries of four). Refused, whatever the
	 * command; a symbolic link is one file under one real name, and fine.
	 */
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink > 1) {
		ret = error_set(e, ERR_ENV,
				"database '%s' has %ju names (hard links): SQLite keeps a log per name, and two "
				"processes using two of them corrupt it; keep one name (a symbolic link is fine, or "
				"copy it: recoup backup)",
				path, (uintmax_t)st.st_nlink);
		sq_close(&ss->base);
		return ret;
	}
	ss->busy_ms = store_busy_timeout();
	if (sqlite3_open_v2(path, &ss->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		ret = ss->db ? db_error(ss, ss->db, e, "cannot open")
			     : error_set(e, ERR_ENV, "database '%s': cannot open: out of memory", path);
		sq_close(&ss->base);
		return ret;
	}
	sqlite3_busy_timeout(ss->db, ss->busy_ms);
	sqlite3_extended_result_codes(ss->db, 1);
	if (sqlite3_create_function_v2(ss->db, "checked_sum", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, NULL,
				       checked_sum_step, checked_sum_final, NULL) != SQLITE_OK) {
		ret = sq_db_error(ss, e, "registering checked_sum");
		sq_close(&ss->base);
		return ret;
	}
	ret = exec_sql(ss,
		       "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
		       "PRAGMA foreign_keys = ON; PRAGMA cache_size = -131072; "
		       "PRAGMA temp_store = DEFAULT",
		       e);
	if (ret >= 0)
		ret = migrate(ss, e);
	if (ret < 0) {
		sq_close(&ss->base);
		return ret;
	}
	*out = &ss->base;
	return 0;
}

/* An integer PRAGMA's value (cache_size, page_size). */
static int pragma_int(struct sqlite_store *ss, const char *sql, int64_t *out, struct error *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(ss->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : error_set(e, ERR_ENV, "database '%s': %s", ss->path, sqlite3_errmsg(ss->db));
}

/* store_cache_size: PRAGMA cache_size, negative in KiB, positive in pages (of page_size bytes). */
static int sq_cache_size(struct store *s, int64_t kib, int64_t *was, struct error *e)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	int64_t size = 0, page = 0;
	char sql[64];
	int ret = pragma_int(ss, "PRAGMA cache_size", &size, e);

	if (ret == 0 && size > 0)
		ret = pragma_int(ss, "PRAGMA page_size", &page, e);
	if (ret < 0)
		return ret;
	*was = size < 0 ? -size : size * page / 1024;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%lld", (long long)(kib > 0 ? kib : 1));
	ret = exec_sql(ss, sql, e);
	return ret < 0 ? ret : 1;
}

/* store_check_references: PRAGMA foreign_keys, read back (within a transaction SQLite leaves it as it was). */
static int sq_check_references(struct store *s, int on, struct error *e)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	int64_t now = -1;
	int ret = exec_sql(ss, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", e);

	if (ret == 0)
		ret = pragma_int(ss, "PRAGMA foreign_keys", &now, e);
	if (ret < 0)
		return ret;
	if (now != !!on)
		return error_set(e, ERR_ENV, "database '%s': the foreign keys' check stayed %s", ss->path,
				 now ? "on" : "off");
	return 1;
}

/*
 * store_open_reader: the same file again. Its cache is small (16 MiB): the
 * daily run's reader reads each page of the open invoices once, migrate
 * each page of the source once, and the pages read are counted in the
 * process's peak memory beside the first connection's 128 MiB.
 */
static int sq_open_reader(struct store *s, struct store **out, struct error *e)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	int ret;

	/* a database in memory or a temporary one is private to its connection */
	if (!ss->path[0] || !strcmp(ss->path, ":memory:") || strstr(ss->path, "mode=memory"))
		return 0;
	ret = store_sqlite_open(ss->path, out, e);
	if (ret == 0)
		ret = exec_sql((struct sqlite_store *)*out, "PRAGMA query_only = 1; PRAGMA cache_size = -16384", e);
	if (ret < 0) {
		store_close(*out);
		*out = NULL;
		return ret;
	}
	return 1;
}
