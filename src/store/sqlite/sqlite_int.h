/*
 * sqlite_int.h: what the files of the SQLite backend share.
 *
 * db.c opens the database (pragmas, migrations), runs transactions and
 * keeps the statement cache; each aggregate file (tenants.c, imports.c,
 * parties.c, ledger.c, history.c, rules_config.c, reports.c) holds its own
 * SQL, prepares it through sq_stmt() on first use (SQLITE_PREPARE_PERSISTENT)
 * and exports its ops struct. Every statement names the tenant
 * (`tenant_id = ?1`, or the tenant row's own id), so no call reaches
 * another tenant's rows.
 */
#ifndef RECOUP_STORE_SQLITE_INT_H
#define RECOUP_STORE_SQLITE_INT_H

#include <sqlite3.h>
#include <string.h>

#include "core/dates.h"
#include "core/text_copy.h"
#include "store/actions.h"
#include "store/store_int.h"

/* The aggregates, each with its own slots in the statement cache. */
enum sq_agg {
	SQ_DB,
	SQ_TENANTS,
	SQ_IMPORTS,
	SQ_PARTIES,
	SQ_LEDGER,
	SQ_HISTORY,
	SQ_RULES_CONFIG,
	SQ_REPORTS,
	SQ_RISK,
	SQ_USERS,
	SQ_ACCOUNT,
	SQ_STRATEGIES,
	SQ_ACTIONS,
	SQ_ASSIGNMENTS,
	SQ_AUDIT,
	SQ_HOLDS,
	SQ_AGREEMENTS,
	SQ_AUTH,
	SQ_DISPUTES,
	SQ_CREDIT,
	SQ_RETURNED,
	SQ_PROMISES,
	SQ_ESCALATION,
	SQ_CHANNELS,
	SQ_DOCUMENTS,
	SQ_DASHBOARD,
	SQ_STAMP,
	SQ_WATCH,
	SQ_AGG_COUNT
};
#define SQ_STMTS_MAX 52

/*
 * Rows per multi-row INSERT (invoices, ledger entries): one statement for
 * many rows pays the per-statement cost (cursors, foreign-key lookups of
 * the parents) once. Private to the backend.
 */
#define SQ_BATCH 64
/* step keys a transaction keeps (actions.c, step_key_id): a run's strategies have a few dozen steps */
#define SQ_STEP_KEYS 64

struct sq_step_key {
	int64_t tenant, id;
	char strategy[ACTION_NAME_MAX + 1], step[ACTION_NAME_MAX + 1];
};

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	char path[1024];
	int busy_ms; /* the wait for another connection's write lock (store_set_busy_timeout), for messages */
	sqlite3_stmt *stmts[SQ_AGG_COUNT][SQ_STMTS_MAX];
	/* INSERT of n invoices / ledger entries in one statement, by n, prepared on first use */
	sqlite3_stmt *invoice_many[SQ_BATCH + 1];
	sqlite3_stmt *ledger_many[SQ_BATCH + 1];

	/* state of the open transaction (one per connection) */
	int invoices_one_by_one;                  /* a batch met stored refs: row by row until one is new */
	struct ledger_entry ledger_buf[SQ_BATCH]; /* posted entries not yet written (balances moved) */
	size_t ledger_n;
	int64_t ledger_import; /* the import of the waiting entries */
	int64_t ledger_tenant;
	int64_t marked_tenant, marked_customer; /* the run's mark sq_watch_mark wrote last (0: none) */
	int64_t new_tenant, new_customer;       /* the first customer this transaction inserted (0: none) */
	int64_t *cover;                         /* store_run_watch_cover: the ids (ascending), in this transaction */
	unsigned char *cover_skipped;           /* per id: a mark was left out (sq_watch_mark) */
	size_t n_cover, cap_cover, cap_cover_skipped;
	int64_t cover_tenant;
	struct sq_step_key step_keys[SQ_STEP_KEYS]; /* step_key rows this transaction read or wrote */
	size_t n_step_keys;

	struct sq_checkpointer *ckpt; /* store_checkpoint_behind: its thread, or NULL */
	int run_lock_fd;              /* the run lock's file descriptor + 1; 0: none (store_run_lock) */
	uint64_t stamp_domain;        /* store_data_stamp: this connection's serial in the process, 0 until asked */
};

static inline struct sqlite_store *SQ(struct store_tx *tx)
{
	return (struct sqlite_store *)tx->s;
}

int sq_db_error(struct sqlite_store *ss, struct error *e, const char *what);
/* Prepared statement `id` of `agg` (SQL in sql[id]), reset and with bindings cleared. */
sqlite3_stmt *sq_stmt(struct sqlite_store *ss, enum sq_agg agg, int id, const char *const *sql, struct error *e);
/* Runs a statement that returns no rows. */
int sq_exec_step(struct sqlite_store *ss, sqlite3_stmt *st, struct error *e, const char *what);
/*
 * Steps `st`, bound to (tenant, name), and copies the first column of its
 * row into *out (the caller frees it): 1 found, 0 not (*out NULL), or
 * -ERR_*. For the tenant's named documents (profiles, strategies).
 */
int sq_text_by_name(struct sqlite_store *ss, sqlite3_stmt *st, int64_t tenant, const char *name, char **out,
		    struct error *e, const char *what);
/* Steps an INSERT ... ON CONFLICT DO NOTHING: 1 inserted (sets *id), 0 existed. */
int sq_insert_step(struct sqlite_store *ss, sqlite3_stmt *st, int64_t *id, struct error *e, const char *what);
/* sq_insert_step, and when it inserted, sq_watch_mark of customer_id. */
int sq_insert_marked(struct sqlite_store *ss, sqlite3_stmt *st, int64_t *id, int64_t tenant, int64_t customer_id,
		     struct error *e, const char *what);
/* Steps an UPDATE of one row by its key: 1 changed, 0 no such row (of this tenant). */
int sq_update_step(struct sqlite_store *ss, sqlite3_stmt *st, struct error *e, const char *what);
/*
 * Writes the ledger entries ledger_post holds back (ledger.c). Every read
 * of ledger_entry, and the commit, calls it first.
 */
int sq_ledger_flush(struct sqlite_store *ss, struct error *e);
/*
 * The run's watch (watch.c): marks customer_id of `tenant` for the next
 * run, as 0040's triggers do, for the tables whose inserts have no
 * trigger (see there): every statement that inserts into contact,
 * contact_attempt, attempt_invoice, payment, credit_note, invoice,
 * ledger_entry, action or action_invoice calls it for the rows it wrote
 * (a customer's own insert: sq_watch_customer_added).
 */
int sq_watch_mark(struct sqlite_store *ss, int64_t tenant, int64_t customer_id, struct error *e);
/* Forgets the last mark written (the transaction's state is dropped, or marks deleted). */
void sq_watch_forget(struct sqlite_store *ss);
/*
 * A customer inserted (sq_customer_insert): not marked, and neither are the
 * contacts inserted for it in the same transaction (sq_watch_mark_contact).
 * A customer with neither an invoice nor an action is in no run; the
 * first of either marks it, as does any other row written for it.
 */
void sq_watch_customer_added(struct sqlite_store *ss, int64_t tenant, int64_t customer_id);
int sq_watch_mark_contact(struct sqlite_store *ss, int64_t tenant, int64_t customer_id, struct error *e);
int sq_watch_state_get(struct store_tx *tx, char *version, size_t size, struct error *e);
int sq_watch_state_put(struct store_tx *tx, const char *version, struct error *e);
int sq_watch_reset(struct store_tx *tx, struct error *e);
int sq_watched_each(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e);
int sq_due_desc_each(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e);
int sq_watch_put(struct store_tx *tx, const struct run_watch_row *rows, size_t n, struct error *e);
int sq_dirty_each(struct store_tx *tx, store_run_id_cb cb, void *ctx, struct error *e);
int sq_watch_cover(struct store_tx *tx, const int64_t *ids, size_t n, struct error *e);
int sq_watch_cover_end(struct sqlite_store *ss, const struct run_watch_row *rows, size_t n, struct error *e);
int sq_watch_each(struct store_tx *tx, int64_t after, int64_t limit, store_run_watch_cb cb, void *ctx, struct error *e);
/* Reads an INVOICE_COLS row (ledger.c; the checks read invoices too). */
void sq_read_invoice(sqlite3_stmt *st, struct invoice *inv, int64_t *import_id);
#define INVOICE_COLS                                                                          \
	"i.id, i.ref, i.customer_id, c.ref, i.issue_date, i.due_date, i.currency, i.amount, " \
	"i.description, i.po_ref, i.delivery_note_ref, i.signed, i.balance, i.import_id, i.product"
#define INVOICE_NCOLS 15
/* Reads an SQ_CUSTOMER_COLS row (parties.c; the daily run reads its customers too). */
void sq_read_customer(sqlite3_stmt *st, struct customer *c, int64_t *import_id);
#define SQ_CUSTOMER_COLS                                                             \
	"id, ref, name, kind, country, timezone, language, currency, credit_limit, " \
	"email, phone, address, profile, import_id, tags, region"

extern const struct store_tenants_ops sq_tenants_ops;
extern const struct store_imports_ops sq_imports_ops;
extern const struct store_parties_ops sq_parties_ops;
extern const struct store_ledger_ops sq_ledger_ops;
extern const struct store_history_ops sq_history_ops;
extern const struct store_rules_config_ops sq_rules_config_ops;
extern const struct store_reports_ops sq_reports_ops;
extern const struct store_risk_ops sq_risk_ops;
extern const struct store_users_ops sq_users_ops;
extern const struct store_account_ops sq_account_ops;
extern const struct store_strategies_ops sq_strategies_ops;
extern const struct store_actions_ops sq_actions_ops;
extern const struct store_assignments_ops sq_assignments_ops;
extern const struct store_audit_ops sq_audit_ops;
extern const struct store_holds_ops sq_holds_ops;
extern const struct store_agreements_ops sq_agreements_ops;
extern const struct store_auth_ops sq_auth_ops;
extern const struct store_disputes_ops sq_disputes_ops;
extern const struct store_credit_ops sq_credit_ops;
extern const struct store_returned_ops sq_returned_ops;
extern const struct store_promises_ops sq_promises_ops;
extern const struct store_escalation_ops sq_escalation_ops;
extern const struct store_channels_ops sq_channels_ops;
extern const struct store_documents_ops sq_documents_ops;
extern const struct store_dashboard_ops sq_dashboard_ops;
/* store_queue_balances_of (assignments.c) */
/* store_data_stamp (stamp.c) */
int sq_data_stamp(struct store_tx *tx, uint64_t *domain, char *out, size_t size, struct error *e);
int sq_others_version(struct store_tx *tx, int64_t *out, struct error *e);
int sq_queue_balances_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t today, store_queue_balances_of_cb cb,
			 void *ctx, struct error *e);

static inline void bind_text(sqlite3_stmt *st, int i, const char *text)
{
	sqlite3_bind_text(st, i, text ? text : "", -1, SQLITE_STATIC);
}

/*
 * YYYY-MM-DD in buf[0..10), not terminated. By hand rather than snprintf:
 * this runs for every row of an import.
 */
static inline void date_text(date_t d, char *buf)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
}

static inline void bind_date(sqlite3_stmt *st, int i, date_t d)
{
	char buf[DATE_TEXT_MAX];
	date_text(d, buf);
	sqlite3_bind_text(st, i, buf, 10, SQLITE_TRANSIENT);
}

static inline void bind_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

/* What snprintf("%s") would copy, without its cost (text_copy): every lookup of an import reads rows. */
static inline void col_text(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	text_copy(buf, size, (const char *)sqlite3_column_text(st, i));
}

/* Dates in the store were validated on the way in; parse the fixed form. */
static inline date_t col_date(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	date_t d = 0;
	if (t)
		date_parse(t, &d, NULL);
	return d;
}

static inline void bind_ts(sqlite3_stmt *st, int i, timestamp_t t)
{
	char buf[TIMESTAMP_TEXT_MAX];
	timestamp_format(t, buf, sizeof(buf));
	sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
}

static inline timestamp_t col_ts(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	timestamp_t v = 0;
	if (t)
		timestamp_parse(t, &v, NULL);
	return v;
}

/* A list's LIMIT: 0 means all the rest (-1 to SQLite). */
static inline void bind_cursor(sqlite3_stmt *st, int after, int limit, const struct store_cursor *cur)
{
	sqlite3_bind_int64(st, after, cur->after);
	sqlite3_bind_int(st, limit, cur->limit > 0 ? cur->limit : -1);
}

/* Runs a by-ref lookup; 1 found (row read by `read`), 0 not found. */
#define GET_BY_REF(ss, st_expr, tenant, ref, e, read, out, import_id)          \
	do {                                                                   \
		sqlite3_stmt *st_ = (st_expr);                                 \
		int rc_;                                                       \
		if (!st_)                                                      \
			return -ERR_ENV;                                       \
		sqlite3_bind_int64(st_, 1, tenant);                            \
		bind_text(st_, 2, ref);                                        \
		rc_ = sqlite3_step(st_);                                       \
		if (rc_ == SQLITE_ROW) {                                       \
			read(st_, out, import_id);                             \
			sqlite3_reset(st_);                                    \
			return 1;                                              \
		}                                                              \
		sqlite3_reset(st_);                                            \
		return rc_ == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading"); \
	} while (0)

/*
 * Iterates the rows of a prepared, bound statement. The statement is not
 * reset by the callback's own store calls because each query has its own
 * statement; a callback must not re-enter the same iteration.
 */
#define EACH_ROW(ss, st, e, body)                                \
	do {                                                     \
		int rc_;                                         \
		while ((rc_ = sqlite3_step(st)) == SQLITE_ROW) { \
			int stop_;                               \
			body;                                    \
			if (stop_) {                             \
				sqlite3_reset(st);               \
				return stop_;                    \
			}                                        \
		}                                                \
		sqlite3_reset(st);                               \
		if (rc_ != SQLITE_DONE)                          \
			return sq_db_error(ss, e, "reading");    \
	} while (0)

/* A page of a list: the rows passed to cb, moving the cursor; returns how many. */
#define EACH_OF_PAGE(ss, st, e, cur, rec, reader)                \
	do {                                                     \
		int rc_, n_ = 0;                                 \
		while ((rc_ = sqlite3_step(st)) == SQLITE_ROW) { \
			int stop_;                               \
			reader(st, &rec, NULL);                  \
			cur->after = rec.id;                     \
			n_++;                                    \
			stop_ = cb(ctx, &rec);                   \
			if (stop_ != 0) {                        \
				sqlite3_reset(st);               \
				return stop_;                    \
			}                                        \
		}                                                \
		sqlite3_reset(st);                               \
		if (rc_ != SQLITE_DONE)                          \
			return sq_db_error(ss, e, "reading");    \
		return n_;                                       \
	} while (0)

/*
 * walbuf.c: a VFS over SQLite's default that writes a log's frames a
 * transaction at a time; registered as the default (sqlite_setup). 0, or an
 * SQLite error code (the default VFS stays SQLite's).
 */
int sq_walbuf_register(void);

#endif
