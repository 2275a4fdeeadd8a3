/*
 * pg_int.h: what the files of the PostgreSQL backend share.
 *
 * The same shape as the SQLite backend (sqlite/sqlite_int.h): db.c connects
 * (libpq), applies the PostgreSQL migrations (src/store/migrations/postgres/),
 * runs transactions and keeps the prepared-statement cache; each aggregate
 * file (tenants.c, imports.c, parties.c, ledger.c, history.c,
 * rules_config.c, reports.c) holds its own SQL and exports its ops struct.
 *
 * Every statement names the tenant (`tenant_id = $1`, or the tenant row's
 * own id), so no call reaches another tenant's rows and a distributed
 * PostgreSQL can route each statement to the shard of that tenant. The
 * exceptions are the migrations, the advisory locks, and the ANALYZE of a
 * large import (pg_inserted), which samples the whole table.
 *
 * Types (the schema in migrations/postgres/):
 *   ids and money      bigint (money: minor units, never numeric/float)
 *   dates              date; bound as text 'YYYY-MM-DD' with `$n::date`,
 *                      read as `col::text` (the connection sets DateStyle ISO)
 *   moments            timestamptz; bound as epoch seconds with
 *                      `to_timestamp($n::bigint)`, read as
 *                      `extract(epoch from col)::bigint`
 *   text               text (UTF-8; the connection sets client_encoding UTF8)
 *   booleans           integer 0/1 as in the SQLite schema, so both backends
 *                      read the same values
 *
 * libpq is opened on the first connection, not linked (pq_dl.h).
 *
 * Parameters are passed as text (PQexecPrepared with NULL formats), built in
 * a struct pg_params; results are read as text through pg_int()/pg_text().
 *
 * Statements are prepared once per connection, on first use, under the name
 * "s<agg>_<id>" (pg_run). Reads that may return a whole tenant (lists of a
 * million rows, report streams) go through pg_stream(), which declares a
 * cursor in the transaction and fetches it in pages, so memory stays flat
 * and the row callback may run other statements on the same connection
 * between pages (a callback cannot do that while libpq is receiving a
 * result). Small reads (a customer's contacts, its flags, a payment's
 * entries) use pg_run() and walk the PGresult (pg_each); a list page is
 * either (pg_list).
 *
 * Transactions: STORE_READ is `BEGIN ISOLATION LEVEL REPEATABLE READ READ
 * ONLY` (one snapshot for a whole report, as SQLite's read transaction
 * gives); STORE_WRITE is `BEGIN` followed by a transaction-scoped advisory
 * lock on the tenant (pg_advisory_xact_lock(PG_LOCK_CLASS, tenant)), so
 * recoup's writers of one tenant take turns, as SQLite's BEGIN IMMEDIATE
 * makes them, and no two writers can deadlock on each other's rows;
 * writers of different tenants run side by side.
 */
#ifndef RECOUP_STORE_PG_INT_H
#define RECOUP_STORE_PG_INT_H

#include <stdint.h>

#include "core/dates.h"
#include "store/postgres/pq_dl.h"
#include "store/store_int.h"

/* The aggregates, each with its own statement ids (names "s<agg>_<id>"). */
enum pg_agg {
	PG_DB,
	PG_TENANTS,
	PG_IMPORTS,
	PG_PARTIES,
	PG_LEDGER,
	PG_HISTORY,
	PG_RULES_CONFIG,
	PG_REPORTS,
	PG_RISK,
	PG_USERS,
	PG_ACCOUNT,
	PG_STRATEGIES,
	PG_ACTIONS,
	PG_ASSIGNMENTS,
	PG_AUDIT,
	PG_HOLDS,
	PG_AGREEMENTS,
	PG_AUTH,
	PG_DISPUTES,
	PG_CREDIT,
	PG_RETURNED,
	PG_PROMISES,
	PG_ESCALATION,
	PG_CHANNELS,
	PG_DOCUMENTS,
	PG_DASHBOARD,
	PG_AGG_COUNT
};
#define PG_STMTS_MAX 60

/* Rows per multi-row INSERT (invoices, ledger entries); private to the backend. */
#define PG_BATCH 64

/* Rows per FETCH of a pg_stream() cursor. */
#define PG_FETCH_ROWS 2000

/*
 * The tables a bulk import fills, and how many rows one write transaction
 * inserts into one of them before it runs ANALYZE on it.
 *
 * Why: the foreign-key checks (`SELECT 1 FROM customer WHERE tenant_id = $1
 * AND id = $2 FOR KEY SHARE`) and the prepared statements keep the plan
 * made on first use. On a table with no statistics yet (a new database, or
 * one whose rows all come from this transaction) the planner sees about one
 * row, and the unique index (tenant_id, ref) costs the same as the primary
 * key (tenant_id, id): it may keep the first, whose condition is then
 * tenant_id alone, so each check reads every row of the tenant inserted so
 * far and an import slows down as it runs (O(n^2)). ANALYZE sees the rows
 * of its own transaction, and the new statistics invalidate the cached
 * plans, so the next check is planned on the primary key. Again at each
 * tenfold (10,000, 100,000 rows...): cheap (ANALYZE reads a sample), and a
 * table another import had locked gets its statistics then (pg_inserted).
 */
enum pg_table {
	PG_T_CUSTOMER,
	PG_T_CONTACT,
	PG_T_INVOICE,
	PG_T_PAYMENT,
	PG_T_LEDGER_ENTRY,
	PG_T_CONTACT_ATTEMPT, /* copied by app/migrate (store_attempts_copy) */
	PG_TABLE_COUNT
};
#define PG_ANALYZE_AFTER 1000

/*
 * Balance moves held back (ledger.c, pg_ledger_post): an import posts a
 * payment or two per row, and an UPDATE each cost a round trip. They are
 * written PG_MOVES_MAX invoices to a statement, before any statement that
 * may read a balance (pg_run, unless the statement is one its aggregate
 * names in pg_balance_blind; every pg_stream) and before the commit. The
 * invoice reads of the hot path (store_invoice_find, _get) add the moves
 * held to the balance they read instead.
 */
struct pg_move {
	int64_t invoice_id;
	int64_t amount;
};
#define PG_MOVES_MAX 256

/* The first key of the advisory lock a write transaction takes (the tenant is the second). */
#define PG_LOCK_CLASS 0x72637570 /* "rcup" */

struct pg_store {
	struct store base;
	PGconn *conn;
	char url[1024]; /* for messages, without the password */
	unsigned char prepared[PG_AGG_COUNT][PG_STMTS_MAX];
	unsigned long cursor_seq; /* names of pg_stream() cursors */
	int in_tx;

	/* state of the open transaction, as in the SQLite backend */
	struct ledger_entry ledger_buf[PG_BATCH]; /* posted entries not yet written */
	size_t ledger_n;
	struct pg_move moves[PG_MOVES_MAX]; /* balance moves not yet written, one per invoice */
	size_t moves_n;
	int64_t moves_tenant;
	int64_t ledger_import;
	int64_t ledger_tenant;
	size_t inserted[PG_TABLE_COUNT]; /* rows inserted by this transaction (PG_ANALYZE_AFTER) */
	unsigned staged;                 /* bit PG_T_*: its staging table exists in this transaction */
	unsigned staged_before;          /* staged when the open savepoint began (store_batch_begin) */
	size_t actions_added;            /* actions this connection recorded, across transactions (actions.c) */
	int session_locks;               /* session advisory locks held (the run lock): no reconnect then */
	int unchecked;                   /* store_check_references off: each write transaction sets replica */
	char *conninfo;                  /* the URL as given, for store_open_reader (NULL on a reader) */
	int reader;                      /* store_open_reader's: its write transactions begin READ ONLY */
	/* store_tx_others_version (stamp.c): the write serial (migration 0044) */
	int64_t serial_own;         /* the value this connection's last write transaction took */
	int64_t serial_mine;        /* the values it took, in all */
	int64_t serial_at, mine_at; /* both at the last call (serial_at 0: no call yet) */
	int64_t others_n;           /* the version: calls that found another's value in between */
	/* store_run_watch_cover (actions.c, migration 0045): the open transaction's cover */
	int64_t *cover; /* its customers, ascending */
	size_t n_cover, cap_cover;
	int64_t cover_tenant;
	int cover_on; /* set in the transaction's settings, not yet ended */
};

static inline struct pg_store *PG(struct store_tx *tx)
{
	return (struct pg_store *)tx->s;
}

/* Opens the backend (store_open for a postgresql:// or postgres:// URL). */
int store_pg_open(const char *url, struct store **out, struct error *e);

/* ---- parameters: text values, at most PG_PARAMS_MAX a statement ---- */

#define PG_PARAMS_MAX 24
#define PG_PARAM_BUF  32

struct pg_params {
	int n;
	const char *values[PG_PARAMS_MAX];     /* NULL is SQL NULL */
	char buf[PG_PARAMS_MAX][PG_PARAM_BUF]; /* numbers and dates are formatted here */
};

#define PG_PARAMS_INIT \
	{              \
		0      \
	}

/* Each appends one parameter ($1, $2, ... in order). */
void pg_param_int(struct pg_params *p, int64_t v);
/* 0 is NULL: an optional reference (invoice_id, payment_id). */
void pg_param_id(struct pg_params *p, int64_t id);
/* Borrowed: `s` must live until the statement has run. NULL becomes "". */
void pg_param_text(struct pg_params *p, const char *s);
void pg_param_null(struct pg_params *p);
/* 'YYYY-MM-DD' (write `$n::date` in the SQL). */
void pg_param_date(struct pg_params *p, date_t d);
/* Epoch seconds (write `to_timestamp($n::bigint)` in the SQL). */
void pg_param_ts(struct pg_params *p, timestamp_t t);

/* ---- array parameters ---- */

/*
 * Many rows go to PostgreSQL in one statement as one array parameter per
 * column (`INSERT ... SELECT ... FROM unnest($3::text[], $4::bigint[],
 * ...)`, `id = ANY($13::bigint[])`), written as array literals
 * ('{"a","b"}'): a struct pg_params holds PG_PARAMS_MAX values, far fewer
 * than PG_BATCH rows times their columns, and one prepared statement then
 * serves any number of rows (1..PG_BATCH) with a single plan.
 *
 * A struct pg_array is such a literal under construction ('{1,NULL,"x"}'),
 * in a buffer that grows; pg_array_release() frees it. Every function but
 * pg_array_release returns 0, or -ERR_ENV (out of memory) with `e` set.
 */
struct pg_array {
	char *buf;
	size_t len, cap;
	int n;
};
#define PG_ARRAY_INIT         \
	{                     \
		NULL, 0, 0, 0 \
	}

int pg_array_start(struct pg_array *a, struct error *e);
int pg_array_text(struct pg_array *a, const char *s, struct error *e);
int pg_array_int(struct pg_array *a, int64_t v, struct error *e);
/* 0 is NULL, as pg_param_id. */
int pg_array_id(struct pg_array *a, int64_t id, struct error *e);
int pg_array_date(struct pg_array *a, date_t d, struct error *e);
/* Closes the literal: a->buf is then a NUL-terminated parameter. */
int pg_array_end(struct pg_array *a, struct error *e);
void pg_array_release(struct pg_array *a);
/* The whole literal of `n` ids ('{3,5,8}'): start, the ids, end. */
int pg_array_ids(struct pg_array *a, const int64_t *ids, size_t n, struct error *e);
/* The same of `n` texts ('{"EUR","PLN"}'). */
int pg_array_texts(struct pg_array *a, const char *const *v, size_t n, struct error *e);

/* ---- running statements ---- */

/*
 * Runs prepared statement `id` of `agg` (SQL in sql[id]; prepared on first
 * use on this connection) with `p` (may be NULL). Returns the result, which
 * the caller frees with PQclear(), when it is PGRES_TUPLES_OK or
 * PGRES_COMMAND_OK; else NULL with `e` set (-ERR_ENV; a unique violation is
 * never expected here: inserts use ON CONFLICT DO NOTHING).
 */
PGresult *pg_run(struct pg_store *ps, enum pg_agg agg, int id, const char *const *sql, const struct pg_params *p,
		 struct error *e);

/* Runs a statement for its effect only: 0 or -ERR_ENV. */
int pg_exec(struct pg_store *ps, enum pg_agg agg, int id, const char *const *sql, const struct pg_params *p,
	    struct error *e);
/*
 * Runs statement `id`, bound to (tenant, name), and copies the first column
 * of its first row into *out (the caller frees it): 1 found, 0 not (*out
 * NULL), or -ERR_*. For the tenant's named documents (profiles, strategies).
 */
int pg_text_by_name(struct pg_store *ps, enum pg_agg agg, int id, const char *const *sql, int64_t tenant,
		    const char *name, char **out, struct error *e);

/* Runs SQL text without parameters (transactions, SET, migrations): 0 or -ERR_ENV. */
int pg_exec_text(struct pg_store *ps, const char *sql, struct error *e);

/*
 * Streams the rows of `sql` (text, with $1.. parameters from `p`) through a
 * cursor declared in the open transaction, PG_FETCH_ROWS at a time, calling
 * `row(ctx, res, i)` for each; a non-zero return from `row` closes the
 * cursor and is returned. Returns 0 at the end, or -ERR_ENV.
 */
typedef int (*pg_row_fn)(void *ctx, PGresult *res, int i);
int pg_stream(struct pg_store *ps, const char *sql, const struct pg_params *p, pg_row_fn row, void *ctx,
	      struct error *e);

/* Walks every row of `res` through `row`, then frees `res`: 0, or the first non-zero return of `row`. */
int pg_each(PGresult *res, pg_row_fn row, void *ctx);

/*
 * A page of a list (struct store_cursor): with a limit, prepared statement
 * `page_id` of `agg` ($1 tenant, $2 after, $3 limit); without one (limit
 * 0: the rest of the tenant), `all_sql` (the same without LIMIT) through
 * pg_stream(). Each row goes to `row`, which moves the cursor. Returns 0,
 * the first non-zero return of `row`, or -ERR_ENV.
 */
int pg_list(struct pg_store *ps, enum pg_agg agg, int page_id, const char *const *sql, const char *all_sql,
	    int64_t tenant, const struct store_cursor *cur, pg_row_fn row, void *ctx, struct error *e);

/* -ERR_ENV naming the backend, what failed and libpq's message. */
int pg_error(struct pg_store *ps, struct error *e, const char *what);

/*
 * Counts `n` rows inserted into `t` by the open transaction; an insert
 * that crosses PG_ANALYZE_AFTER, or a tenfold of it, runs ANALYZE on the
 * table. 0 or -ERR_ENV.
 */
int pg_inserted(struct pg_store *ps, enum pg_table t, size_t n, struct error *e);

/* ---- bulk inserts through COPY (pg_copy_add) ---- */

/*
 * Many rows of one kind (customers, contacts, invoices, payments) go to
 * PostgreSQL as COPY data into a staging table and move to their table in
 * one INSERT ... SELECT ... ON CONFLICT (tenant_id, ref) DO NOTHING
 * RETURNING ref, id: a few round trips for up to PG_COPY_ROWS rows, where
 * one statement a row spends one each.
 *
 * The staging table is a temporary table of the session (TEMP ... ON COMMIT
 * DROP): created on the first batch of a transaction, gone at its end,
 * committed or not, so no two sessions see each other's rows and nothing is
 * left behind. Its first column `ord` is the row's place in the batch: the
 * move inserts in that order, so ids follow the input and, of two rows with
 * one ref, the first is the one written. The next batch empties it first
 * (TRUNCATE: four round trips a batch in all).
 *
 * COPY's text format: fields separated by tabs, rows by newlines, `\N` is
 * NULL; a backslash, tab, newline or carriage return inside a value is
 * escaped (pg_copy_text), so any UTF-8 text the codec accepted arrives as
 * it was.
 */
#define PG_COPY_ROWS 4096

struct pg_copy {
	char *buf; /* rows not yet sent (PQputCopyData when large) */
	size_t len, cap;
	int fields; /* fields of the current row so far */
	int failed; /* out of memory: pg_copy_add reports it */
};

void pg_copy_text(struct pg_copy *c, const char *s);
void pg_copy_int(struct pg_copy *c, int64_t v);
void pg_copy_id(struct pg_copy *c, int64_t id); /* 0 is NULL */
void pg_copy_date(struct pg_copy *c, date_t d);

/*
 * One kind's bulk insert. `rows` is an array of n structs of `stride`
 * bytes whose ref (a char array) is at `ref_offset` and id (int64_t) at
 * `id_offset`; `row` writes the fields of one after the `ord` column.
 * `move` (statement `move_id` of `agg`) reads $1 tenant, $2 import id and
 * returns (ref, id) of the rows written.
 */
struct pg_copy_kind {
	enum pg_table table;
	const char *create_sql; /* CREATE TEMP TABLE ... ON COMMIT DROP */
	const char *copy_sql;   /* COPY stage FROM STDIN */
	const char *truncate_sql;
	enum pg_agg agg;
	int move_id;
	const char *const *sql;
	size_t stride, ref_offset, id_offset;
	void (*row)(struct pg_copy *c, const void *rec);
};

/*
 * Adds n rows as store_invoices_add does (ledger.h): added[k] 1 when row k
 * was written (its id set when `set_ids`), 0 when its ref was stored
 * already. Returns how many were written, or -ERR_ENV.
 */
int pg_copy_add(struct store_tx *tx, const struct pg_copy_kind *k, void *rows, size_t n, int set_ids, int64_t import_id,
		unsigned char *added, struct error *e);

/*
 * The staging half alone, for rows without a ref whose move is the
 * caller's (ledger entries and contact attempts copied by app/migrate:
 * pg_ledger_copy, pg_attempts_copy): the kind's staging table then
 * holds rows[0..n), and only them (ord 0..n-1), until the next call of the
 * kind or the end of the transaction. Only create_sql, copy_sql,
 * truncate_sql, table, stride and row of `k` are read. 0 or -ERR_ENV.
 */
int pg_copy_stage(struct store_tx *tx, const struct pg_copy_kind *k, const void *rows, size_t n, struct error *e);

/* ---- reading a result (text format) ---- */

static inline int pg_isnull(const PGresult *r, int i, int col)
{
	return PQgetisnull(r, i, col);
}

int64_t pg_int(const PGresult *r, int i, int col);                       /* 0 for NULL */
void pg_text(const PGresult *r, int i, int col, char *buf, size_t size); /* "" for NULL; cut at size */
date_t pg_date(const PGresult *r, int i, int col);                       /* from 'YYYY-MM-DD' */
timestamp_t pg_ts(const PGresult *r, int i, int col);                    /* from epoch seconds */

/* The columns pg_read_invoice() reads (ledger.c; the checks of reports.c read invoices too), in order; `i` is invoice, `c` its customer. */
#define PG_INVOICE_COLS                                                                                   \
	"i.id, i.ref, i.customer_id, c.ref, i.issue_date::text, i.due_date::text, i.currency, i.amount, " \
	"i.description, i.po_ref, i.delivery_note_ref, i.signed, i.balance, i.import_id, i.product"
#define PG_INVOICE_NCOLS 15

/* Reads a PG_INVOICE_COLS row; import_id may be NULL. */
void pg_read_invoice(const PGresult *r, int i, struct invoice *inv, int64_t *import_id);

/*
 * Writes the ledger entries ledger post holds back (ledger.c). Every read
 * of ledger_entry, and the commit, calls it first. It writes the balance
 * moves held back too.
 */
int pg_ledger_flush(struct pg_store *ps, struct error *e);

/* Writes the balance moves held back (ledger.c): 0 or -ERR_ENV. */
int pg_moves_flush(struct pg_store *ps, struct error *e);

/*
 * Per aggregate, the statements (bit `id`) that neither read an invoice's
 * balance nor need the moves held back written first: pg_run runs them
 * without pg_moves_flush. 0 for an aggregate that names none.
 */
#define PG_STMT_BIT(id) (UINT64_C(1) << (id)) /* statement `id`'s bit in such a mask */
extern const uint64_t pg_ledger_balance_blind;
extern const uint64_t pg_parties_balance_blind;
extern const uint64_t pg_actions_balance_blind;

/*
 * A customer's unapplied credit from the sum of its entries `x` (an SQL
 * expression), negated to a bigint; NULL when it does not fit (the sum of
 * bigint is numeric and never overflows, its cast would: store/ledger.h).
 */
#define PG_CREDIT_SUM(x) "CASE WHEN abs(SUM(" x ")) <= 9223372036854775807 THEN (-SUM(" x "))::bigint END"

/* Reads a PG_CUSTOMER_COLS row (parties.c; the daily run reads its customers too). */
void pg_read_customer(const PGresult *r, int i, struct customer *c, int64_t *import_id);
#define PG_CUSTOMER_COLS                                                                                             \
	"id, ref, name, kind, country, timezone, language, currency, credit_limit, email, phone, address, profile, " \
	"import_id, tags, region"

extern const struct store_tenants_ops pg_tenants_ops;
extern const struct store_imports_ops pg_imports_ops;
extern const struct store_parties_ops pg_parties_ops;
extern const struct store_ledger_ops pg_ledger_ops;
extern const struct store_history_ops pg_history_ops;
extern const struct store_rules_config_ops pg_rules_config_ops;
extern const struct store_reports_ops pg_reports_ops;
extern const struct store_risk_ops pg_risk_ops;
extern const struct store_users_ops pg_users_ops;
extern const struct store_account_ops pg_account_ops;
extern const struct store_strategies_ops pg_strategies_ops;
extern const struct store_actions_ops pg_actions_ops;
extern const struct store_assignments_ops pg_assignments_ops;
extern const struct store_audit_ops pg_audit_ops;
extern const struct store_holds_ops pg_holds_ops;
extern const struct store_agreements_ops pg_agreements_ops;
extern const struct store_auth_ops pg_auth_ops;
extern const struct store_disputes_ops pg_disputes_ops;
extern const struct store_credit_ops pg_credit_ops;
extern const struct store_returned_ops pg_returned_ops;
extern const struct store_promises_ops pg_promises_ops;
extern const struct store_escalation_ops pg_escalation_ops;
extern const struct store_channels_ops pg_channels_ops;
extern const struct store_documents_ops pg_documents_ops;
extern const struct store_dashboard_ops pg_dashboard_ops;
/* store_queue_balances_of (assignments.c) */
/* store_data_stamp (stamp.c) */
int pg_data_stamp(struct store_tx *tx, uint64_t *domain, char *out, size_t size, struct error *e);
int pg_others_version(struct store_tx *tx, int64_t *out, struct error *e);
/* The run's cover ended (actions.c): at store_run_watch_put, a new cover, and the commit. */
struct run_watch_row;
int pg_watch_cover_end(struct store_tx *tx, const struct run_watch_row *rows, size_t n, struct error *e);
int pg_queue_balances_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t today, store_queue_balances_of_cb cb,
			 void *ctx, struct error *e);

#endif
