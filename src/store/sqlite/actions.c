/*
 * actions.c: the daily run's records: actions and their invoices, runs,
 * the day's snapshot, the balances as known on a date, and the run lock
 * (store/actions.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Linux's open file description locks (3.15+), declared only under _GNU_SOURCE, which the build does not set. */
#ifndef F_OFD_SETLK
#define F_OFD_SETLK 37
#endif

#include "core/text_copy.h"
#include "store/sqlite/sqlite_int.h"

enum stmt_id {
	ST_ADD,
	ST_ADD_INVOICE,
	ST_SET_STATE,
	ST_RECORDED,
	ST_RECORDED_OPEN,
	ST_WAITING,
	ST_LATER,
	ST_RUN_AFTER,
	ST_INVOICES,
	ST_INVOICES_LATER,
	ST_CREDIT,
	ST_DAY_CHARGES,
	ST_RUN_START,
	ST_RUN_STATE,
	ST_RUN_FINISH,
	ST_RUN_COUNTS,
	ST_EACH,
	ST_EACH_DATE,
	ST_EACH_CUSTOMER,
	ST_SNAPSHOT_DELETE,
	ST_SNAPSHOT_ADD,
	ST_SNAPSHOTS,
	ST_ANSWERS,
	ST_PAID_BETWEEN,
	ST_ACTION_MOMENT,
	ST_CUSTOMERS_COUNT,
	ST_RUN_LAST,
	ST_CUSTOMER_BY_ID,
	ST_RECORDED_DUE,
	ST_STEP_RECORDED,
	ST_RECORDED_OF,
	ST_PAGE_INVOICES,
	ST_PAGE_WAITING,
	ST_PAGE_CUSTOMERS,
	ST_PAGE_CUSTOMERS_WHOLE,
	ST_RUNS,
	ST_RUN_PUT,
	ST_COPY_LIST,
	ST_COPY_ADD,
	ST_LAST_ID,
	ST_RUN_CANCELLED,
	ST_MOVE,
	ST_OF_INVOICES,
	ST_OF_WAITING,
	ST_STEP_KEY_GET,
	ST_STEP_KEY_ADD,
	ST_DAY_CHARGES_OF,
	ST_HOLD_CANCELLED,
	ST_REDO,
	ST_REDO_DROP,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

#define ACTION_COLS                                                                                               \
	"a.id, a.run_date, a.customer_id, c.ref, a.contact_id, k.ref, a.currency, a.amount, a.kind, "             \
	"a.strategy, a.step, a.scheduled_at, a.local_time, a.state, a.reason_code, a.reason, a.next_allowed_at, " \
	"a.created_at, a.updated_at, a.first_run_date"

static const char *const stmt_sql[ST_COUNT] = {
	/*
	 * The tenant's customers. When no other tenant has any (the usual
	 * book), a count of the whole table: SQLite counts a b-tree by its pages
	 * (OP_Count), not row by row as it does with a WHERE (36 M of the 1,533 M
	 * instructions of the next day's run at 100,000 customers). The two
	 * probes for another tenant are a seek each in the (tenant_id, ref) key.
	 */
	[ST_CUSTOMERS_COUNT] =
		"SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM customer WHERE tenant_id < ?1) "
		"AND NOT EXISTS (SELECT 1 FROM customer WHERE tenant_id > ?1) THEN (SELECT count(*) FROM customer) "
		"ELSE (SELECT count(*) FROM customer WHERE tenant_id = ?1) END",
	[ST_CUSTOMER_BY_ID] = "SELECT " SQ_CUSTOMER_COLS " FROM customer WHERE tenant_id = ?1 AND id = ?2",
	[ST_ADD] =
		"INSERT INTO action(tenant_id, run_date, customer_id, contact_id, currency, amount, kind, strategy, "
		"step, scheduled_at, local_time, state, reason_code, reason, next_allowed_at, created_at, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
	/* the step by its key in step_key (migration 0042; step_key_id) */
	[ST_ADD_INVOICE] = "INSERT INTO action_invoice(tenant_id, action_id, invoice_id, step_key) "
			   "VALUES (?1, ?2, ?3, ?4)",
	[ST_STEP_KEY_GET] = "SELECT id FROM step_key WHERE tenant_id = ?1 AND strategy = ?2 AND step = ?3",
	[ST_STEP_KEY_ADD] = "INSERT INTO step_key(tenant_id, strategy, step) VALUES (?1, ?2, ?3)",
	[ST_SET_STATE] = "UPDATE action SET state = ?3, reason_code = ?4, reason = ?5, updated_at = ?6 "
			 "WHERE tenant_id = ?1 AND id = ?2",
	/* action_customer gives the customers' actions in id order; no sort */
	[ST_RECORDED] = "SELECT a.customer_id, a.id, ai.invoice_id, a.state, k.strategy, k.step, a.kind, a.run_date, "
			"a.contact_id, a.scheduled_at "
			"FROM action a JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
			"JOIN step_key k ON k.id = ai.step_key "
			"WHERE a.tenant_id = ?1 AND a.customer_id BETWEEN ?2 AND ?3 ORDER BY a.customer_id, a.id",
	/*
	 * The steps of the open invoices, from invoice_open and the key of
	 * action_invoice alone (CROSS JOIN keeps that order, which the planner
	 * would otherwise turn into a scan of every action_invoice of the tenant).
	 */
	[ST_RECORDED_OPEN] =
		"SELECT i.customer_id, ai.action_id, ai.invoice_id, NULL, k.strategy, k.step, NULL, NULL, "
		"NULL, NULL FROM invoice i CROSS JOIN action_invoice ai CROSS JOIN step_key k "
		"WHERE i.tenant_id = ?1 AND i.customer_id BETWEEN ?2 AND ?3 AND i.balance <> 0 "
		"AND ai.tenant_id = i.tenant_id AND ai.invoice_id = i.id AND k.id = ai.step_key ORDER BY i.customer_id",
	/* from action_run_waiting alone (migration 0024), not every action of the chunk's customers */
	/* the same for the open invoices due by ?4 (due_date is in invoice_open: no more rows read) */
	[ST_RECORDED_DUE] =
		"SELECT i.customer_id, ai.action_id, ai.invoice_id, NULL, k.strategy, k.step, NULL, NULL, "
		"NULL, NULL FROM invoice i CROSS JOIN action_invoice ai CROSS JOIN step_key k "
		"WHERE i.tenant_id = ?1 AND i.customer_id BETWEEN ?2 AND ?3 AND i.balance <> 0 AND i.due_date <= ?4 "
		"AND ai.tenant_id = i.tenant_id AND ai.invoice_id = i.id AND k.id = ai.step_key ORDER BY i.customer_id",
	/* one step of one invoice, by action_invoice's whole key (store_run_steps_recorded) */
	[ST_STEP_RECORDED] = "SELECT 1 FROM action_invoice WHERE tenant_id = ?1 AND invoice_id = ?2 AND step_key = ?3",
	/* the steps of one invoice of customer ?3, from action_invoice's key alone (store_run_recorded_of) */
	[ST_RECORDED_OF] =
		"SELECT ?3, ai.action_id, ai.invoice_id, NULL, k.strategy, k.step, NULL, NULL, NULL, NULL "
		"FROM action_invoice ai CROSS JOIN step_key k WHERE ai.tenant_id = ?1 AND ai.invoice_id = ?2 "
		"AND k.id = ai.step_key",
	[ST_WAITING] = "SELECT a.customer_id, a.id, ai.invoice_id, a.state, k.strategy, k.step, a.kind, a.run_date, "
		       "a.contact_id, a.scheduled_at FROM action a INDEXED BY action_run_waiting "
		       "JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
		       "JOIN step_key k ON k.id = ai.step_key "
		       "WHERE a.tenant_id = ?1 AND a.customer_id BETWEEN ?2 AND ?3 AND a.state = 'scheduled' "
		       "AND a.scheduled_at >= ?4 ORDER BY a.customer_id, a.id",
	/* no index on dates: a scan, stopped at the first (see store_run_invoices_each) */
	[ST_LATER] = "SELECT 1 FROM ledger_entry WHERE tenant_id = ?1 AND date > ?2 LIMIT 1",
	[ST_RUN_AFTER] = "SELECT 1 FROM run WHERE tenant_id = ?1 AND run_date > ?2 LIMIT 1",
	/* the open invoices from invoice_open, in its order (balance, then rowid: no sort) */
	[ST_INVOICES] = "SELECT customer_id, id, currency, due_date, amount, balance, product FROM invoice "
			"WHERE tenant_id = ?1 AND customer_id BETWEEN ?2 AND ?3 AND balance <> 0 AND issue_date <= ?4 "
			"ORDER BY customer_id, currency, due_date, balance, id",
	/*
	 * With movements dated after as_of: the open invoices with those
	 * movements taken back, and the invoices settled since (balance 0 now)
	 * that were open then.
	 */
	[ST_INVOICES_LATER] =
		"SELECT customer_id, id, currency, due_date, amount, bal, product FROM ("
		"SELECT i.customer_id, i.id, i.currency, i.due_date, i.amount, i.balance - COALESCE((SELECT SUM(l.amount) "
		"FROM ledger_entry l WHERE l.invoice_id = i.id AND l.date > ?4), 0) AS bal, i.product FROM invoice i "
		"WHERE i.tenant_id = ?1 AND i.customer_id BETWEEN ?2 AND ?3 AND i.balance <> 0 AND i.issue_date <= ?4 "
		"UNION ALL "
		"SELECT i.customer_id, i.id, i.currency, i.due_date, i.amount, -SUM(l.amount) AS bal, i.product "
		"FROM ledger_entry l JOIN invoice i ON i.id = l.invoice_id "
		"WHERE l.tenant_id = ?1 AND l.date > ?4 AND l.invoice_id IS NOT NULL AND i.customer_id BETWEEN ?2 AND ?3 "
		"AND i.balance = 0 AND i.issue_date <= ?4 GROUP BY i.id) "
		"WHERE bal <> 0 ORDER BY customer_id, currency, due_date, id",
	/* a credit beyond int64 is NULL (checked_sum, db.c), its sign total()'s (as reports.c's UNAPPLIED_HAVING) */
	[ST_CREDIT] = "SELECT customer_id, currency, -checked_sum(amount) FROM ledger_entry WHERE tenant_id = ?1 "
		      "AND invoice_id IS NULL AND customer_id BETWEEN ?2 AND ?3 AND date <= ?4 "
		      "GROUP BY customer_id, currency HAVING checked_sum(amount) < 0 "
		      "OR (checked_sum(amount) IS NULL AND total(amount) < 0) ORDER BY customer_id, currency",
	/* through ledger_charge_day (0041), whose WHERE this repeats */
	[ST_DAY_CHARGES] = "SELECT customer_id, currency, SUM(amount) FROM ledger_entry WHERE tenant_id = ?1 "
			   "AND date = ?2 AND (kind = 'fee' OR kind = 'interest') "
			   "GROUP BY customer_id, currency HAVING SUM(amount) > 0 ORDER BY customer_id, currency",
	[ST_DAY_CHARGES_OF] = "SELECT customer_id, currency, SUM(amount) FROM ledger_entry WHERE tenant_id = ?1 "
			      "AND date = ?2 AND customer_id = ?3 AND (kind = 'fee' OR kind = 'interest') "
			      "GROUP BY customer_id, currency HAVING SUM(amount) > 0 ORDER BY customer_id, currency",
	[ST_RUN_START] = "INSERT INTO run(tenant_id, run_date, state, started_at) VALUES (?1, ?2, 'running', ?3) "
			 "ON CONFLICT (tenant_id, run_date) DO NOTHING",
	[ST_RUN_STATE] = "SELECT state FROM run WHERE tenant_id = ?1 AND run_date = ?2",
	[ST_RUN_FINISH] = "UPDATE run SET state = 'done', finished_at = ?3, summary = ?4 "
			  "WHERE tenant_id = ?1 AND run_date = ?2",
	[ST_RUN_COUNTS] =
		"SELECT kind, state, reason_code, count(*) FROM action WHERE tenant_id = ?1 AND run_date = ?2 "
		"GROUP BY kind, state, reason_code ORDER BY kind, state, reason_code",
	[ST_EACH] = "SELECT " ACTION_COLS ", i.ref FROM action a "
		    "JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id "
		    "LEFT JOIN contact k ON k.tenant_id = a.tenant_id AND k.id = a.contact_id "
		    "JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
		    "JOIN invoice i ON i.tenant_id = a.tenant_id AND i.id = ai.invoice_id "
		    "WHERE a.tenant_id = ?1 AND (?4 IS NULL OR a.kind = ?4) AND (?5 IS NULL OR a.state = ?5) "
		    "ORDER BY a.run_date, a.id, i.ref",
	/*
	 * sq_each's three: neither a date nor a customer (ST_EACH), a date
	 * alone (ST_EACH_DATE), a customer (ST_EACH_CUSTOMER, a date or not).
	 * A date or a customer given: the same rows from the date's or the
	 * customer's actions first (CROSS JOIN keeps the order; left alone, the
	 * planner walks action_run_date for the ORDER BY). The statement above,
	 * whose `?2 IS NULL OR` hides the index from the planner, read every
	 * action invoice of the book for one date or customer: on the 1M book
	 * 8,500 pages, 0.2 s, for a date or a customer with none. A date's
	 * actions are those of its run date and those first recorded on it and
	 * done again since (first_run_date, migration 0048): the ids of both,
	 * each read from its index (an OR in the WHERE walked every action of
	 * the tenant through action_run_date, for the ORDER BY), then sorted.
	 */
	[ST_EACH_DATE] =
		"SELECT " ACTION_COLS ", i.ref FROM (SELECT id FROM action WHERE tenant_id = ?1 "
		"AND run_date = ?2 UNION SELECT id FROM action WHERE tenant_id = ?1 AND first_run_date = ?2) d "
		"CROSS JOIN action a ON a.id = d.id "
		"CROSS JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
		"CROSS JOIN invoice i ON i.tenant_id = a.tenant_id AND i.id = ai.invoice_id "
		"CROSS JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id "
		"LEFT JOIN contact k ON k.tenant_id = a.tenant_id AND k.id = a.contact_id "
		"WHERE a.tenant_id = ?1 AND (?4 IS NULL OR a.kind = ?4) AND (?5 IS NULL OR a.state = ?5) "
		"ORDER BY a.run_date, a.id, i.ref",
	[ST_EACH_CUSTOMER] = "SELECT " ACTION_COLS ", i.ref FROM action a INDEXED BY action_customer "
			     "CROSS JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
			     "CROSS JOIN invoice i ON i.tenant_id = a.tenant_id AND i.id = ai.invoice_id "
			     "CROSS JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id "
			     "LEFT JOIN contact k ON k.tenant_id = a.tenant_id AND k.id = a.contact_id "
			     "WHERE a.tenant_id = ?1 AND a.customer_id = ?3 "
			     "AND (?2 IS NULL OR a.run_date = ?2 OR a.first_run_date = ?2) "
			     "AND (?4 IS NULL OR a.kind = ?4) AND (?5 IS NULL OR a.state = ?5) "
			     "ORDER BY a.run_date, a.id, i.ref",
	[ST_SNAPSHOT_DELETE] = "DELETE FROM run_snapshot WHERE tenant_id = ?1 AND run_date = ?2",
	[ST_SNAPSHOT_ADD] = "INSERT INTO run_snapshot(tenant_id, run_date, dimension, key, currency, bucket, accounts, "
			    "invoices, balance) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_SNAPSHOTS] = "SELECT run_date, dimension, key, currency, bucket, accounts, invoices, balance "
			 "FROM run_snapshot WHERE tenant_id = ?1 AND run_date BETWEEN ?2 AND ?3 "
			 "ORDER BY run_date, dimension, key, currency, bucket",
	/* the step conditions (store_run_answers_each) */
	[ST_ANSWERS] = "SELECT customer_id, at, outcome, inbound, note FROM contact_attempt WHERE tenant_id = ?1 "
		       "AND customer_id BETWEEN ?2 AND ?3 AND at <= ?4 AND (inbound = 1 OR outcome IN ('right_party', "
		       "'refused', 'callback', 'promise', 'dispute')) ORDER BY customer_id, at, id",
	/*
	 * money in: applied through the customer's invoices (ledger_invoice;
	 * CROSS JOIN keeps that order, which the planner would turn into a scan
	 * of the ledger), unapplied through ledger_unapplied
	 */
	[ST_PAID_BETWEEN] =
		"SELECT 1 FROM invoice i CROSS JOIN ledger_entry l ON l.invoice_id = i.id WHERE i.tenant_id = ?1 "
		"AND i.customer_id = ?2 AND i.currency = ?3 AND l.tenant_id = ?1 AND l.kind IN ('payment', 'credit_note') "
		"AND l.date BETWEEN ?4 AND ?5 "
		"UNION ALL SELECT 1 FROM ledger_entry WHERE tenant_id = ?1 AND customer_id = ?2 AND currency = ?3 "
		"AND invoice_id IS NULL AND (kind = 'credit_note' OR (kind = 'unapplied' AND amount < 0)) "
		"AND date BETWEEN ?4 AND ?5 LIMIT 1",
	/*
	 * A run's page (sq_page): the open invoices of the customers after ?2
	 * in invoice_run's order, as ST_INVOICES, the last column saying
	 * whether the invoice is issued by ?3 (an open invoice issued later
	 * still puts its customer in the page); no upper
	 * bound: sq_page stops reading at the page's end.
	 */
	[ST_PAGE_INVOICES] = "SELECT customer_id, id, currency, due_date, amount, balance, product, issue_date <= ?3, "
			     "issue_date "
			     "FROM invoice INDEXED BY invoice_run WHERE tenant_id = ?1 AND customer_id > ?2 "
			     "AND balance <> 0 ORDER BY customer_id, currency, due_date, balance, id",
	/*
	 * The waiting actions after ?2 with their invoices, as ST_WAITING; the
	 * last column says whether the row is one ST_WAITING gives (scheduled
	 * at or after ?3): an action scheduled earlier still puts its customer
	 * in the page. LEFT JOIN for the same reason.
	 */
	[ST_PAGE_WAITING] =
		"SELECT a.customer_id, a.id, ai.invoice_id, a.state, k.strategy, k.step, a.kind, a.run_date, "
		"a.contact_id, a.scheduled_at, a.scheduled_at >= ?3 AND ai.action_id IS NOT NULL "
		"FROM action a INDEXED BY action_run_waiting "
		"LEFT JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
		"LEFT JOIN step_key k ON k.id = ai.step_key "
		"WHERE a.tenant_id = ?1 AND a.customer_id > ?2 AND a.state = 'scheduled' ORDER BY a.customer_id, a.id",
	/*
	 * The page's customers (?2, a JSON array of their ids, ascending), in
	 * the array's order: each row by its rowid, not by customer_run's key
	 * as customer_run's key: a rowid is found by comparing integers, a key of
	 * customer_run by comparing records (67 M against 129 M instructions
	 * for the 33,949 customers of the next day at 100,000 customers). Only
	 * kind, country and tags are read of the row.
	 */
	[ST_PAGE_CUSTOMERS] = "SELECT c.id, c.kind, c.country, c.tags FROM json_each(?2) j CROSS JOIN customer c "
			      "NOT INDEXED ON c.id = j.value AND c.tenant_id = ?1",
	/* the same rows whole (run_page_cb.whole): the subquery is flattened, its columns named as everywhere */
	[ST_PAGE_CUSTOMERS_WHOLE] = "SELECT " SQ_CUSTOMER_COLS " FROM (SELECT c.* FROM json_each(?2) j CROSS JOIN "
				    "customer c NOT INDEXED ON c.id = j.value AND c.tenant_id = ?1)",
	/* the reason code for store_action_move, which reads the state of an action it did not move */
	[ST_ACTION_MOMENT] = "SELECT state, scheduled_at, reason_code FROM action WHERE tenant_id = ?1 AND id = ?2",
	[ST_RUN_LAST] =
		"SELECT run_date, started_at, finished_at, summary FROM run WHERE tenant_id = ?1 AND state = 'done' "
		"ORDER BY finished_at DESC, run_date DESC LIMIT 1",
	/* copying a book (recoup migrate) */
	[ST_RUNS] = "SELECT run_date, state, started_at, finished_at, summary FROM run WHERE tenant_id = ?1 "
		    "ORDER BY run_date",
	/* a book copied (recoup migrate): the cancelled count is its summary's (migration 0038) */
	[ST_RUN_PUT] = "INSERT INTO run(tenant_id, run_date, state, started_at, finished_at, summary, cancelled) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN json_valid(?6) "
		       "THEN COALESCE(json_extract(?6, '$.cancelled'), 0) ELSE 0 END) "
		       "ON CONFLICT (tenant_id, run_date) DO NOTHING",
	[ST_RUN_CANCELLED] = "UPDATE run SET cancelled = cancelled + ?3 WHERE tenant_id = ?1 AND run_date = ?2 "
			     "RETURNING cancelled",
	[ST_MOVE] = "UPDATE action SET state = ?4, reason_code = ?5, reason = ?6, updated_at = ?7 "
		    "WHERE tenant_id = ?1 AND id = ?2 AND state = ?3",
	/* a customer's messages and calls a hold cancelled (store_run_hold_cancelled_of), by action_hold_cancelled */
	[ST_HOLD_CANCELLED] =
		"SELECT customer_id, id, reason_code FROM action WHERE tenant_id = ?1 AND customer_id = ?2 "
		"AND " STORE_HOLD_CANCELLED_WHERE " ORDER BY id",
	[ST_REDO] = "UPDATE action SET run_date = ?3, contact_id = ?4, kind = ?5, amount = ?6, scheduled_at = ?7, "
		    "local_time = ?8, state = ?9, reason_code = ?10, reason = ?11, next_allowed_at = ?12, "
		    "updated_at = ?13, step = ?14, first_run_date = COALESCE(first_run_date, run_date) "
		    "WHERE tenant_id = ?1 AND id = ?2 AND state = 'cancelled'",
	/* an invoice a hold covers, no longer listed on an action done again (its key: tenant, invoice) */
	[ST_REDO_DROP] = "DELETE FROM action_invoice WHERE tenant_id = ?1 AND invoice_id = ?3 AND action_id = ?2",
	/*
	 * A page of actions by id (the rowid), each with its invoices through
	 * action_invoice_action, whose key (tenant, action) carries the rest of
	 * the row in invoice order. The refs are left empty, as the columns of
	 * read_action() want them.
	 */
	[ST_COPY_LIST] =
		"SELECT a.id, a.run_date, a.customer_id, '', a.contact_id, '', a.currency, a.amount, a.kind, "
		"a.strategy, a.step, a.scheduled_at, a.local_time, a.state, a.reason_code, a.reason, a.next_allowed_at, "
		"a.created_at, a.updated_at, a.first_run_date, ai.invoice_id, k.strategy, k.step "
		"FROM (SELECT * FROM action WHERE tenant_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3) a "
		"LEFT JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
		"LEFT JOIN step_key k ON k.id = ai.step_key "
		"ORDER BY a.id, ai.invoice_id",
	/*
	 * the id: one more than the table's largest or ?18, whichever is
	 * higher (the inner SELECT is max(id) alone, which SQLite reads off
	 * the end of the rowid b-tree)
	 */
	[ST_COPY_ADD] =
		"INSERT INTO action(id, tenant_id, run_date, customer_id, contact_id, currency, amount, kind, strategy, "
		"step, scheduled_at, local_time, state, reason_code, reason, next_allowed_at, created_at, updated_at, "
		"first_run_date) VALUES (max(COALESCE((SELECT max(id) FROM action), 0), ?18) + 1, ?1, ?2, ?3, ?4, ?5, "
		"?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?19)",
	[ST_LAST_ID] = "SELECT COALESCE(max(id), 0) FROM action WHERE tenant_id = ?1",
	/* store_run_page_of: ST_PAGE_INVOICES and ST_PAGE_WAITING of the one customer ?2 */
	[ST_OF_INVOICES] = "SELECT customer_id, id, currency, due_date, amount, balance, product, issue_date <= ?3, "
			   "issue_date FROM invoice INDEXED BY invoice_run WHERE tenant_id = ?1 AND customer_id = ?2 "
			   "AND balance <> 0 ORDER BY customer_id, currency, due_date, balance, id",
	[ST_OF_WAITING] =
		"SELECT a.customer_id, a.id, ai.invoice_id, a.state, k.strategy, k.step, a.kind, a.run_date, "
		"a.contact_id, a.scheduled_at, a.scheduled_at >= ?3 AND ai.action_id IS NOT NULL "
		"FROM action a INDEXED BY action_run_waiting "
		"LEFT JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
		"LEFT JOIN step_key k ON k.id = ai.step_key "
		"WHERE a.tenant_id = ?1 AND a.customer_id = ?2 AND a.state = 'scheduled' ORDER BY a.customer_id, a.id",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_ACTIONS, id, stmt_sql, e);
}

static void bind_ts_or_null(sqlite3_stmt *st, int i, timestamp_t t)
{
	if (t)
		bind_ts(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

/* An action's scheduled_at: NULL for TIMESTAMP_NONE, 0 the moment it is (dates.h). */
static void bind_moment(sqlite3_stmt *st, int i, timestamp_t t)
{
	if (t != TIMESTAMP_NONE)
		bind_ts(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

static timestamp_t col_moment(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? TIMESTAMP_NONE : col_ts(st, i);
}

/* ?1 the tenant, ?2..?16 the action's columns up to created_at (ST_ADD, ST_COPY_ADD). */
static void bind_action(sqlite3_stmt *st, int64_t tenant, const struct action_record *a)
{
	sqlite3_bind_int64(st, 1, tenant);
	bind_date(st, 2, a->run_date);
	sqlite3_bind_int64(st, 3, a->customer_id);
	bind_id(st, 4, a->contact_id);
	bind_text(st, 5, a->currency);
	sqlite3_bind_int64(st, 6, a->amount);
	bind_text(st, 7, a->kind);
	bind_text(st, 8, a->strategy);
	bind_text(st, 9, a->step);
	bind_moment(st, 10, a->scheduled_at);
	bind_text(st, 11, a->local_time);
	bind_text(st, 12, a->state);
	bind_text(st, 13, a->reason_code);
	bind_text(st, 14, a->reason);
	bind_ts_or_null(st, 15, a->next_allowed_at);
	bind_ts(st, 16, a->created_at);
}

/* Keeps a key read or written in the transaction's keys (ss->step_keys). */
static void step_key_keep(struct sqlite_store *ss, int64_t tenant, const char *strategy, const char *step, int64_t id)
{
	struct sq_step_key *k;

	if (strlen(strategy) > ACTION_NAME_MAX || strlen(step) > ACTION_NAME_MAX)
		return; /* not kept: cut to the cache's size, it could be taken for another */
	if (ss->n_step_keys == SQ_STEP_KEYS)
		ss->n_step_keys = 0; /* more keys than a run has: begin again */
	k = &ss->step_keys[ss->n_step_keys++];
	k->tenant = tenant;
	k->id = id;
	text_copy(k->strategy, sizeof(k->strategy), strategy);
	text_copy(k->step, sizeof(k->step), step);
}

/*
 * The key of (strategy, step) in step_key (migration 0042): 1 and *id, 0
 * when there is none, -ERR_ENV. The transaction's keys are kept
 * (ss->step_keys): a run reads and records thousands of invoices' steps
 * under a few dozen keys. They are forgotten with the transaction
 * (forget_tx_state), as a rollback takes a new key back with it. A key is
 * never changed nor deleted (0042's triggers).
 */
static int step_key_find(struct sqlite_store *ss, int64_t tenant, const char *strategy, const char *step, int64_t *id,
			 struct error *e)
{
	sqlite3_stmt *st;
	int rc;

	for (size_t i = ss->n_step_keys; i-- > 0;) {
		const struct sq_step_key *k = &ss->step_keys[i];
		if (k->tenant == tenant && !strcmp(k->step, step) && !strcmp(k->strategy, strategy)) {
			*id = k->id;
			return 1;
		}
	}
	st = stmt(ss, ST_STEP_KEY_GET, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, strategy);
	bind_text(st, 3, step);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_db_error(ss, e, "reading a step's key");
	if (rc == SQLITE_DONE)
		return 0;
	step_key_keep(ss, tenant, strategy, step, *id);
	return 1;
}

/* The key of (strategy, step), made when it is new (step_key_find). */
static int step_key_id(struct sqlite_store *ss, int64_t tenant, const char *strategy, const char *step, int64_t *id,
		       struct error *e)
{
	sqlite3_stmt *st;
	int ret = step_key_find(ss, tenant, strategy, step, id, e);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	st = stmt(ss, ST_STEP_KEY_ADD, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, strategy);
	bind_text(st, 3, step);
	ret = sq_exec_step(ss, st, e, "recording a step's key");
	if (ret < 0)
		return ret;
	*id = sqlite3_last_insert_rowid(ss->db);
	step_key_keep(ss, tenant, strategy, step, *id);
	return 0;
}

/* One row of action_invoice, its customer marked (sq_watch_mark). */
static int add_invoice(struct store_tx *tx, int64_t action_id, int64_t customer_id, int64_t invoice_id,
		       const char *strategy, const char *step, struct error *e, const char *what)
{
	struct sqlite_store *ss = SQ(tx);
	int64_t key = 0;
	sqlite3_stmt *st;
	int ret = step_key_id(ss, tx->tenant, strategy, step, &key, e);

	if (ret < 0)
		return ret;
	st = stmt(ss, ST_ADD_INVOICE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, action_id);
	sqlite3_bind_int64(st, 3, invoice_id);
	sqlite3_bind_int64(st, 4, key);
	ret = sq_exec_step(ss, st, e, what);
	return ret < 0 ? ret : sq_watch_mark(ss, tx->tenant, customer_id, e);
}

static int sq_add(struct store_tx *tx, struct action_record *a, const struct action_invoice *inv, size_t n,
		  struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ADD, e);
	int ret;

	if (!st)
		return -ERR_ENV;
	bind_action(st, tx->tenant, a);
	ret = sq_exec_step(ss, st, e, "recording an action");
	if (ret == 0)
		ret = sq_watch_mark(ss, tx->tenant, a->customer_id, e);
	if (ret < 0)
		return ret;
	a->id = sqlite3_last_insert_rowid(ss->db);
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = add_invoice(tx, a->id, a->customer_id, inv[i].invoice_id, a->strategy, inv[i].step, e,
				  "recording an action's invoice");
	return ret;
}

static int sq_set_state(struct store_tx *tx, int64_t id, const char *state, const char *reason_code, const char *reason,
			timestamp_t at, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SET_STATE, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	bind_text(st, 3, state);
	bind_text(st, 4, reason_code);
	bind_text(st, 5, reason);
	bind_ts(st, 6, at);
	return sq_update_step(ss, st, e, "updating an action");
}

static void read_run_customer(sqlite3_stmt *st, struct run_customer *c, int64_t *unused)
{
	(void)unused;
	c->id = sqlite3_column_int64(st, 0);
	c->kind = strcmp((const char *)sqlite3_column_text(st, 1), "company") ? KIND_PERSON : KIND_COMPANY;
	col_text(st, 2, c->country, sizeof(c->country));
	col_text(st, 3, c->tags, sizeof(c->tags));
}

/* SQLite: a lookup by key costs no round trip; the batch is the loop. */
static int sq_customers_by_id(struct store_tx *tx, const int64_t *ids, size_t n, store_customer_cb cb, void *ctx,
			      struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	struct customer c;

	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = stmt(ss, ST_CUSTOMER_BY_ID, e);
		int rc, stop = 0;
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, ids[i]);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			sq_read_customer(st, &c, NULL);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sq_db_error(ss, e, "reading a customer");
		if (rc == SQLITE_ROW)
			stop = cb(ctx, &c);
		if (stop != 0)
			return stop;
	}
	return 0;
}

static int64_t sq_customers_count(struct store_tx *tx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMERS_COUNT, e);
	int64_t n;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_db_error(ss, e, "counting customers");
	}
	n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* A row of ST_RECORDED* or ST_WAITING (ST_PAGE_WAITING's first ten columns). */
static void read_recorded(sqlite3_stmt *st, struct run_recorded *r)
{
	r->customer_id = sqlite3_column_int64(st, 0);
	r->action_id = sqlite3_column_int64(st, 1);
	r->invoice_id = sqlite3_column_int64(st, 2);
	r->state = (const char *)sqlite3_column_text(st, 3);
	r->strategy = (const char *)sqlite3_column_text(st, 4);
	r->step = (const char *)sqlite3_column_text(st, 5);
	r->kind = (const char *)sqlite3_column_text(st, 6);
	r->run_date = col_date(st, 7);
	r->contact_id = sqlite3_column_int64(st, 8);
	r->scheduled_at = col_ts(st, 9);
}

/* `since`: ST_WAITING's first moment, or ST_RECORDED_DUE's last due date (a date_t). */
static int recorded_rows(struct store_tx *tx, enum stmt_id id, int64_t from, int64_t to, timestamp_t since,
			 store_run_recorded_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, id, e);
	struct run_recorded r;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	if (id == ST_WAITING)
		bind_ts(st, 4, since);
	else if (id == ST_RECORDED_DUE)
		bind_date(st, 4, (date_t)since);
	EACH_ROW(ss, st, e, {
		read_recorded(st, &r);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

static int sq_recorded_each(struct store_tx *tx, int64_t from, int64_t to, int later, store_run_recorded_cb cb,
			    void *ctx, struct error *e)
{
	return recorded_rows(tx, later ? ST_RECORDED : ST_RECORDED_OPEN, from, to, 0, cb, ctx, e);
}

static int sq_recorded_due_each(struct store_tx *tx, int64_t from, int64_t to, date_t due_by, store_run_recorded_cb cb,
				void *ctx, struct error *e)
{
	return recorded_rows(tx, ST_RECORDED_DUE, from, to, due_by, cb, ctx, e);
}

/* SQLite: a lookup by key costs no round trip; the batch is the loop. */
static int sq_steps_recorded(struct store_tx *tx, const struct run_step_key *keys, size_t n, unsigned char *found,
			     struct error *e)
{
	struct sqlite_store *ss = SQ(tx);

	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st;
		int64_t key = 0;
		int rc = step_key_find(ss, tx->tenant, keys[i].strategy, keys[i].step, &key, e);
		if (rc < 0)
			return rc;
		found[i] = 0;
		if (rc == 0)
			continue; /* a step no action was ever recorded for */
		st = stmt(ss, ST_STEP_RECORDED, e);
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, keys[i].invoice_id);
		sqlite3_bind_int64(st, 3, key);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sq_db_error(ss, e, "reading a recorded step");
		found[i] = rc == SQLITE_ROW;
	}
	return 0;
}

static int sq_recorded_of(struct store_tx *tx, const struct run_invoice_key *keys, size_t n, store_run_recorded_cb cb,
			  void *ctx, struct error *e)
{
	for (size_t i = 0; i < n; i++) {
		int ret = recorded_rows(tx, ST_RECORDED_OF, keys[i].invoice_id, keys[i].customer_id, 0, cb, ctx, e);
		if (ret != 0)
			return ret;
	}
	return 0;
}

static int sq_waiting_each(struct store_tx *tx, int64_t from, int64_t to, timestamp_t since, store_run_recorded_cb cb,
			   void *ctx, struct error *e)
{
	return recorded_rows(tx, ST_WAITING, from, to, since, cb, ctx, e);
}

/* 1 when statement `id` (tenant, date) has a row. */
static int exists(struct store_tx *tx, enum stmt_id id, date_t as_of, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, id, e);
	int rc;

	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, as_of);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading the ledger");
}

/* SQLite: one prepared insert a row costs no round trip; the batch is the loop. */
static int sq_add_many(struct store_tx *tx, struct action_record *a, size_t n, const struct action_invoice *inv,
		       const size_t *n_inv, struct error *e)
{
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; inv += n_inv[i], i++)
		ret = sq_add(tx, &a[i], inv, n_inv[i], e);
	return ret;
}

static int sq_answers_each(struct store_tx *tx, int64_t from, int64_t to, timestamp_t until, store_run_answer_cb cb,
			   void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ANSWERS, e);
	struct run_answer a;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	bind_ts(st, 4, until);
	EACH_ROW(ss, st, e, {
		a.customer_id = sqlite3_column_int64(st, 0);
		a.at = col_ts(st, 1);
		a.outcome = (const char *)sqlite3_column_text(st, 2);
		a.inbound = sqlite3_column_int(st, 3);
		a.note = (const char *)sqlite3_column_text(st, 4);
		stop_ = cb(ctx, &a);
	});
	return 0;
}

/* SQLite: a lookup by key costs no round trip; the batch is the loop. */
static int sq_answers_of(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t until, store_run_answer_cb cb,
			 void *ctx, struct error *e)
{
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; i++)
		ret = sq_answers_each(tx, ids[i], ids[i], until, cb, ctx, e);
	return ret;
}

static int sq_paid_between(struct store_tx *tx, int64_t customer_id, const char *currency, date_t from, date_t to,
			   struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PAID_BETWEEN, e);
	int rc;

	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_text(st, 3, currency);
	bind_date(st, 4, from);
	bind_date(st, 5, to);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading the ledger");
}

static int sq_action_moment(struct store_tx *tx, int64_t id, char *state, size_t size, timestamp_t *scheduled_at,
			    struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ACTION_MOMENT, e);
	int rc;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		col_text(st, 0, state, size);
		*scheduled_at = col_moment(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading an action");
}

static int sq_move(struct store_tx *tx, int64_t id, const char *from, const char *state, const char *reason_code,
		   const char *reason, timestamp_t at, struct action_state_now *now, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_MOVE, e);
	int ret;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	bind_text(st, 3, from);
	bind_text(st, 4, state);
	bind_text(st, 5, reason_code);
	bind_text(st, 6, reason);
	bind_ts(st, 7, at);
	ret = sq_update_step(ss, st, e, "updating an action");
	if (ret != 0)
		return ret;
	st = stmt(ss, ST_ACTION_MOMENT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	ret = sqlite3_step(st);
	if (ret == SQLITE_ROW) {
		col_text(st, 0, now->state, sizeof(now->state));
		col_text(st, 2, now->reason_code, sizeof(now->reason_code));
	}
	sqlite3_reset(st);
	return ret == SQLITE_ROW || ret == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading an action");
}

static int sq_hold_cancelled_of(struct store_tx *tx, const int64_t *ids, size_t n, store_run_redo_cb cb, void *ctx,
				struct error *e)
{
	struct sqlite_store *ss = SQ(tx);

	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = stmt(ss, ST_HOLD_CANCELLED, e);
		struct run_redo r;
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, ids[i]);
		EACH_ROW(ss, st, e, {
			r.customer_id = sqlite3_column_int64(st, 0);
			r.action_id = sqlite3_column_int64(st, 1);
			r.code = (const char *)sqlite3_column_text(st, 2);
			stop_ = cb(ctx, &r);
		});
	}
	return 0;
}

static int sq_redo(struct store_tx *tx, int64_t id, const struct action_record *a, const struct action_invoice *more,
		   size_t n_more, const int64_t *held, size_t n_held, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_REDO, e);
	int ret;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	bind_date(st, 3, a->run_date);
	bind_id(st, 4, a->contact_id);
	bind_text(st, 5, a->kind);
	sqlite3_bind_int64(st, 6, a->amount);
	bind_moment(st, 7, a->scheduled_at);
	bind_text(st, 8, a->local_time);
	bind_text(st, 9, a->state);
	bind_text(st, 10, a->reason_code);
	bind_text(st, 11, a->reason);
	bind_ts_or_null(st, 12, a->next_allowed_at);
	bind_ts(st, 13, a->updated_at);
	bind_text(st, 14, a->step);
	ret = sq_update_step(ss, st, e, "doing an action again");
	for (size_t i = 0; i < n_more && ret == 1; i++) {
		int added = add_invoice(tx, id, a->customer_id, more[i].invoice_id, a->strategy, more[i].step, e,
					"listing an invoice on an action done again");
		if (added < 0)
			ret = added;
	}
	for (size_t i = 0; i < n_held && ret == 1; i++) {
		int dropped;
		st = stmt(ss, ST_REDO_DROP, e);
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, id);
		sqlite3_bind_int64(st, 3, held[i]);
		/* its customer marked by action_invoice_watch_delete (migrations 0045) */
		dropped = sq_update_step(ss, st, e, "leaving a held invoice off an action done again");
		if (dropped < 0)
			ret = dropped;
	}
	return ret;
}

static int sq_later(struct store_tx *tx, date_t as_of, struct error *e)
{
	return exists(tx, ST_LATER, as_of, e);
}

static int sq_run_after(struct store_tx *tx, date_t as_of, struct error *e)
{
	return exists(tx, ST_RUN_AFTER, as_of, e);
}

/* A row of ST_INVOICES or ST_PAGE_INVOICES. */
static void read_run_invoice(sqlite3_stmt *st, struct run_invoice *inv)
{
	inv->customer_id = sqlite3_column_int64(st, 0);
	inv->id = sqlite3_column_int64(st, 1);
	inv->currency = (const char *)sqlite3_column_text(st, 2);
	inv->due_date = col_date(st, 3);
	inv->amount = sqlite3_column_int64(st, 4);
	inv->balance = sqlite3_column_int64(st, 5);
	inv->product = (const char *)sqlite3_column_text(st, 6);
}

static int sq_invoices_each(struct store_tx *tx, int64_t from, int64_t to, date_t as_of, int later,
			    store_run_invoice_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st;
	struct run_invoice inv;

	if (sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	st = stmt(ss, later ? ST_INVOICES_LATER : ST_INVOICES, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	bind_date(st, 4, as_of);
	EACH_ROW(ss, st, e, {
		read_run_invoice(st, &inv);
		stop_ = cb(ctx, &inv);
	});
	return 0;
}

/* The next row of one of sq_page's streams: its customer, or INT64_MAX at its end; -1 on an error. */
static int64_t page_next(sqlite3_stmt *st, int *rc)
{
	*rc = sqlite3_step(st);
	if (*rc == SQLITE_ROW)
		return sqlite3_column_int64(st, 0);
	return *rc == SQLITE_DONE ? INT64_MAX : -1;
}

/* The page's ids as a JSON array, "[1,2,...]" (ST_PAGE_CUSTOMERS' json_each). */
struct id_list {
	char *buf;
	size_t len, cap;
};

static int id_list_add(struct id_list *l, int64_t id)
{
	char one[24];
	size_t n = sizeof(one);
	uint64_t v = id < 0 ? 0 - (uint64_t)id : (uint64_t)id;

	/* digits from the right: snprintf's format parsing cost 900 instructions an id */
	do
		one[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (id < 0)
		one[--n] = '-';
	one[--n] = l->len ? ',' : '[';
	if (l->len + (sizeof(one) - n) + 2 > l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16384;
		char *buf = realloc(l->buf, cap);
		if (!buf)
			return -1;
		l->buf = buf;
		l->cap = cap;
	}
	memcpy(l->buf + l->len, one + n, sizeof(one) - n);
	l->len += sizeof(one) - n;
	return 0;
}

/*
 * The page merged from the two streams as they are read, customer by
 * customer, each stream's rows passed on at once (the union of the two
 * streams' customers, without reading invoice_open and action_run_waiting once for the page
 * and again for its rows; each stream reads at most one row past the
 * page); then the page customers' strategy facts in one statement.
 */
static int page_walk(struct store_tx *tx, sqlite3_stmt *si, sqlite3_stmt *sw, struct store_cursor *cur,
		     const struct run_page_cb *cb, struct id_list *ids, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	int rci, rcw, n = 0, stop = 0;
	int64_t ci = page_next(si, &rci), cw = page_next(sw, &rcw), last = cur->after;
	sqlite3_stmt *sc;

	while (ci >= 0 && cw >= 0 && (ci < INT64_MAX || cw < INT64_MAX) && (cur->limit <= 0 || n < cur->limit)) {
		int64_t cid = ci < cw ? ci : cw;
		if (id_list_add(ids, cid) < 0)
			return error_set(e, ERR_ENV, "out of memory");
		last = cid;
		n++;
		for (; stop == 0 && ci == cid; ci = page_next(si, &rci)) {
			struct run_invoice inv;
			if (!sqlite3_column_int(si, 7)) {
				/* issued after the date */
				if (cb->issued_later)
					stop = cb->issued_later(cb->ctx, cid, col_date(si, 8));
				continue;
			}
			read_run_invoice(si, &inv);
			stop = cb->invoice(cb->ctx, &inv);
		}
		for (; stop == 0 && cw == cid; cw = page_next(sw, &rcw)) {
			struct run_recorded r;
			if (!sqlite3_column_int(sw, 10))
				continue; /* scheduled before `since`, or no invoice */
			read_recorded(sw, &r);
			stop = cb->waiting(cb->ctx, &r);
		}
		if (stop != 0)
			return stop;
	}
	if (ci < 0 || cw < 0)
		return sq_db_error(ss, e, "reading");
	cur->after = last;
	if (n == 0)
		return 0;
	ids->buf[ids->len++] = ']';
	sc = stmt(ss, ST_PAGE_CUSTOMERS, e);
	if (!sc)
		return -ERR_ENV;
	sqlite3_bind_int64(sc, 1, tx->tenant);
	/* copied: the binding outlives ids->buf, freed when the call returns */
	sqlite3_bind_text(sc, 2, ids->buf, (int)ids->len, SQLITE_TRANSIENT);
	n = 0;
	/* a customer without its row (none: a foreign key) is passed over */
	EACH_ROW(ss, sc, e, {
		struct run_customer c;
		read_run_customer(sc, &c, NULL);
		n++;
		stop_ = cb->customer(cb->ctx, &c);
	});
	return n;
}

static int sq_page(struct store_tx *tx, struct store_cursor *cur, date_t as_of, timestamp_t since,
		   const struct run_page_cb *cb, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	struct id_list ids = { NULL, 0, 0 };
	sqlite3_stmt *si, *sw;
	int ret;

	if (sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	si = stmt(ss, ST_PAGE_INVOICES, e);
	sw = si ? stmt(ss, ST_PAGE_WAITING, e) : NULL;
	if (!sw)
		return -ERR_ENV;
	sqlite3_bind_int64(si, 1, tx->tenant);
	sqlite3_bind_int64(si, 2, cur->after);
	bind_date(si, 3, as_of);
	sqlite3_bind_int64(sw, 1, tx->tenant);
	sqlite3_bind_int64(sw, 2, cur->after);
	bind_ts(sw, 3, since);
	ret = page_walk(tx, si, sw, cur, cb, &ids, e);
	sqlite3_reset(si);
	sqlite3_reset(sw);
	free(ids.buf);
	return ret;
}

/*
 * store_run_page_of: per customer of `ids` its open invoices and waiting
 * actions, as page_walk passes them (an invoice issued after as_of, an
 * action scheduled before `since` or without an invoice, is read and
 * passed over); then the customers' rows in one statement (ST_PAGE_CUSTOMERS,
 * which passes over an id the tenant has no customer of). A lookup by key
 * costs no round trip on SQLite: the batch is the loop.
 */
static int page_of_rows(struct sqlite_store *ss, int64_t tenant, int64_t id, date_t as_of, timestamp_t since,
			const struct run_page_cb *cb, struct error *e)
{
	sqlite3_stmt *si = stmt(ss, ST_OF_INVOICES, e), *sw;

	if (!si)
		return -ERR_ENV;
	sqlite3_bind_int64(si, 1, tenant);
	sqlite3_bind_int64(si, 2, id);
	bind_date(si, 3, as_of);
	EACH_ROW(ss, si, e, {
		struct run_invoice inv;
		stop_ = 0;
		if (sqlite3_column_int(si, 7)) {
			read_run_invoice(si, &inv);
			stop_ = cb->invoice(cb->ctx, &inv);
		} else if (cb->issued_later) {
			/* issued after the date: the run's watch looks again on its day */
			stop_ = cb->issued_later(cb->ctx, id, col_date(si, 8));
		}
	});
	sw = stmt(ss, ST_OF_WAITING, e);
	if (!sw)
		return -ERR_ENV;
	sqlite3_bind_int64(sw, 1, tenant);
	sqlite3_bind_int64(sw, 2, id);
	bind_ts(sw, 3, since);
	EACH_ROW(ss, sw, e, {
		struct run_recorded r;
		stop_ = 0;
		if (sqlite3_column_int(sw, 10)) {
			read_recorded(sw, &r);
			stop_ = cb->waiting(cb->ctx, &r);
		}
	});
	return 0;
}

static int sq_page_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t as_of, timestamp_t since,
		      const struct run_page_cb *cb, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	struct id_list l = { NULL, 0, 0 };
	sqlite3_stmt *sc;
	int ret = 0, count = 0;

	if (sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	for (size_t i = 0; i < n && ret == 0; i++) {
		ret = page_of_rows(ss, tx->tenant, ids[i], as_of, since, cb, e);
		if (ret == 0 && id_list_add(&l, ids[i]) < 0)
			ret = error_set(e, ERR_ENV, "out of memory");
	}
	if (ret != 0) {
		free(l.buf);
		return ret;
	}
	l.buf[l.len++] = ']';
	/*
	 * Whole where the caller takes them (the run, whose asked customers
	 * are most of the page): the rows this statement reads anyway, where
	 * store_run_customers_by_id sought each asked one again.
	 */
	sc = stmt(ss, cb->whole ? ST_PAGE_CUSTOMERS_WHOLE : ST_PAGE_CUSTOMERS, e);
	if (!sc) {
		free(l.buf);
		return -ERR_ENV;
	}
	sqlite3_bind_int64(sc, 1, tx->tenant);
	sqlite3_bind_text(sc, 2, l.buf, (int)l.len, SQLITE_TRANSIENT);
	free(l.buf);
	EACH_ROW(ss, sc, e, {
		struct run_customer c;
		stop_ = 0;
		if (cb->whole) {
			struct customer whole;
			sq_read_customer(sc, &whole, NULL);
			stop_ = cb->whole(cb->ctx, &whole);
			c.id = whole.id;
			c.kind = whole.kind;
			text_copy(c.country, sizeof(c.country), whole.country);
			text_copy(c.tags, sizeof(c.tags), whole.tags);
		} else {
			read_run_customer(sc, &c, NULL);
		}
		count++;
		if (stop_ == 0)
			stop_ = cb->customer(cb->ctx, &c);
	});
	return count;
}

static int sq_credit_each(struct store_tx *tx, int64_t from, int64_t to, date_t as_of, store_run_credit_cb cb,
			  void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CREDIT, e);

	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	bind_date(st, 4, as_of);
	EACH_ROW(ss, st, e, {
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			stop_ = store__credit_overflow(tx, sqlite3_column_int64(st, 0), NULL,
						       (const char *)sqlite3_column_text(st, 1), e);
		else
			stop_ = cb(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
				   sqlite3_column_int64(st, 2));
	});
	return 0;
}

/* The range's rows, those of `ids` passed on (both ascending). */
struct credit_of {
	const int64_t *ids;
	size_t n, at;
	store_run_credit_cb cb;
	void *ctx;
};

static int on_credit_of(void *ctx, int64_t customer_id, const char *currency, int64_t amount)
{
	struct credit_of *k = ctx;

	while (k->at < k->n && k->ids[k->at] < customer_id)
		k->at++;
	if (k->at == k->n || k->ids[k->at] != customer_id)
		return 0;
	return k->cb(k->ctx, customer_id, currency, amount);
}

static int sq_credit_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t as_of, store_run_credit_cb cb,
			void *ctx, struct error *e)
{
	struct credit_of k = { ids, n, 0, cb, ctx };

	return sq_credit_each(tx, ids[0], ids[n - 1], as_of, on_credit_of, &k, e);
}

static int sq_day_charges_each(struct store_tx *tx, date_t day, int64_t customer_id, store_run_credit_cb cb, void *ctx,
			       struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, customer_id ? ST_DAY_CHARGES_OF : ST_DAY_CHARGES, e);

	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, day);
	if (customer_id)
		sqlite3_bind_int64(st, 3, customer_id);
	EACH_ROW(ss, st, e, {
		stop_ = cb(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
			   sqlite3_column_int64(st, 2));
	});
	return 0;
}

static int sq_run_start(struct store_tx *tx, date_t run_date, timestamp_t at, char *state, size_t size, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_RUN_START, e);
	int ret, rc;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, run_date);
	bind_ts(st, 3, at);
	ret = sq_exec_step(ss, st, e, "recording the run");
	if (ret < 0)
		return ret;
	st = stmt(ss, ST_RUN_STATE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, run_date);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		col_text(st, 0, state, size);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : sq_db_error(ss, e, "reading the run");
}

static int sq_run_finish(struct store_tx *tx, date_t run_date, timestamp_t at, const char *summary, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_RUN_FINISH, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, run_date);
	bind_ts(st, 3, at);
	bind_text(st, 4, summary);
	return sq_exec_step(ss, st, e, "finishing the run");
}

static int sq_run_cancelled_add(struct store_tx *tx, date_t run_date, int64_t n, int64_t *total, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_RUN_CANCELLED, e);
	int rc;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, run_date);
	sqlite3_bind_int64(st, 3, n);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && total)
		*total = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE && total)
		*total = n; /* no run recorded for the date (a dry run records none) */
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "counting the run's cancelled actions");
}

static int sq_run_counts_each(struct store_tx *tx, date_t run_date, store_run_count_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_RUN_COUNTS, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, run_date);
	EACH_ROW(ss, st, e, {
		stop_ = cb(ctx, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			   (const char *)sqlite3_column_text(st, 2), sqlite3_column_int64(st, 3));
	});
	return 0;
}

static void read_action(sqlite3_stmt *st, struct action_record *a)
{
	a->id = sqlite3_column_int64(st, 0);
	a->run_date = col_date(st, 1);
	a->customer_id = sqlite3_column_int64(st, 2);
	col_text(st, 3, a->customer_ref, sizeof(a->customer_ref));
	a->contact_id = sqlite3_column_int64(st, 4);
	col_text(st, 5, a->contact_ref, sizeof(a->contact_ref));
	col_text(st, 6, a->currency, sizeof(a->currency));
	a->amount = sqlite3_column_int64(st, 7);
	col_text(st, 8, a->kind, sizeof(a->kind));
	col_text(st, 9, a->strategy, sizeof(a->strategy));
	col_text(st, 10, a->step, sizeof(a->step));
	a->scheduled_at = col_moment(st, 11);
	col_text(st, 12, a->local_time, sizeof(a->local_time));
	col_text(st, 13, a->state, sizeof(a->state));
	col_text(st, 14, a->reason_code, sizeof(a->reason_code));
	col_text(st, 15, a->reason, sizeof(a->reason));
	a->next_allowed_at = col_ts(st, 16);
	a->created_at = col_ts(st, 17);
	a->updated_at = col_ts(st, 18);
	a->first_run_date = col_date(st, 19); /* NULL: 0 */
}

static int sq_each(struct store_tx *tx, const struct action_filter *f, store_action_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, f->customer_id ? ST_EACH_CUSTOMER : f->run_date ? ST_EACH_DATE : ST_EACH, e);
	struct action_record a;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	if (f->run_date)
		bind_date(st, 2, f->run_date);
	sqlite3_bind_int64(st, 3, f->customer_id);
	if (f->kind)
		bind_text(st, 4, f->kind);
	if (f->state)
		bind_text(st, 5, f->state);
	EACH_ROW(ss, st, e, {
		read_action(st, &a);
		stop_ = cb(ctx, &a, (const char *)sqlite3_column_text(st, 20));
	});
	return 0;
}

static int sq_snapshot_put(struct store_tx *tx, date_t run_date, const struct snapshot_row *rows, size_t n,
			   struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SNAPSHOT_DELETE, e);
	int ret;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, run_date);
	ret = sq_exec_step(ss, st, e, "replacing the snapshot");
	for (size_t i = 0; i < n && ret == 0; i++) {
		st = stmt(ss, ST_SNAPSHOT_ADD, e);
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		bind_date(st, 2, run_date);
		bind_text(st, 3, rows[i].dimension);
		bind_text(st, 4, rows[i].key);
		bind_text(st, 5, rows[i].currency);
		bind_text(st, 6, rows[i].bucket);
		sqlite3_bind_int64(st, 7, rows[i].accounts);
		sqlite3_bind_int64(st, 8, rows[i].invoices);
		sqlite3_bind_int64(st, 9, rows[i].balance);
		ret = sq_exec_step(ss, st, e, "writing the snapshot");
	}
	return ret;
}

static int sq_snapshots_each(struct store_tx *tx, date_t from, date_t to, store_snapshot_cb cb, void *ctx,
			     struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SNAPSHOTS, e);
	struct snapshot_row r;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, from);
	bind_date(st, 3, to);
	EACH_ROW(ss, st, e, {
		r.run_date = col_date(st, 0);
		r.dimension = (const char *)sqlite3_column_text(st, 1);
		r.key = (const char *)sqlite3_column_text(st, 2);
		r.currency = (const char *)sqlite3_column_text(st, 3);
		r.bucket = (const char *)sqlite3_column_text(st, 4);
		r.accounts = sqlite3_column_int64(st, 5);
		r.invoices = sqlite3_column_int64(st, 6);
		r.balance = sqlite3_column_int64(st, 7);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

/*
 * The run lock: an open file description lock on byte `tenant` of
 * "DB-run.lock". The kernel drops it when the descriptor closes, which a
 * dying process does whatever kills it, so a kill -9 never leaves a stale
 * lock (a PID file would); unlike a classic POSIX lock it belongs to the
 * descriptor, not the process, so a second store in the same process is
 * refused too; unlike flock() it locks one tenant, not the whole file.
 */
/*
 * The lock's file is named after the database's real path: two names of one
 * book (a symbolic link, a relative and an absolute path) take the same lock
 * (t1034; two runs through a link both went ahead). It takes the database's
 * owner and mode where this process may give them: one made by root's
 * command (an assign run by hand) left the service user's daily runs unable
 * to open it.
 */
static int sq_lock(struct store *s, int64_t tenant, struct error *e)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = (off_t)tenant, .l_len = 1 };
	char path[PATH_MAX + 16], *real = realpath(ss->path, NULL);
	struct stat db;
	int fd;

	if (ss->run_lock_fd) {
		free(real);
		return error_set(e, ERR_ENV, "store: the run lock is held already");
	}
	snprintf(path, sizeof(path), "%s-run.lock", real ? real : ss->path);
	free(real);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return error_set(e, ERR_ENV, "cannot open the run lock '%s': %s", path, strerror(errno));
	if (stat(ss->path, &db) == 0) {
		/* best effort: a user who is not its owner can change neither, and needs not */
		int given = fchown(fd, db.st_uid, db.st_gid) == 0;
		given = fchmod(fd, db.st_mode & 0666) == 0 && given;
		(void)given;
	}
	if (fcntl(fd, F_OFD_SETLK, &fl) < 0) {
		int err = errno;
		close(fd);
		if (err == EAGAIN || err == EACCES)
			return 0;
		return error_set(e, ERR_ENV, "cannot lock '%s': %s", path, strerror(err));
	}
	ss->run_lock_fd = fd + 1;
	return 1;
}

static void sq_unlock(struct store *s, int64_t tenant)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;

	(void)tenant;
	if (ss->run_lock_fd)
		close(ss->run_lock_fd - 1);
	ss->run_lock_fd = 0;
}

static int sq_run_last(struct store_tx *tx, struct run_last *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_RUN_LAST, e);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->run_date = col_date(st, 0);
		out->started_at = col_ts(st, 1);
		out->finished_at = col_ts(st, 2);
		out->summary = strdup((const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW && !out->summary)
		return error_set(e, ERR_ENV, "out of memory");
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading the last run");
}

/* ---- copying a book (recoup migrate) ---- */

static int sq_runs_each(struct store_tx *tx, store_run_row_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_RUNS, e);
	struct run_row r;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		r.run_date = col_date(st, 0);
		r.state = (const char *)sqlite3_column_text(st, 1);
		r.started_at = col_ts(st, 2);
		r.finished_at = col_ts(st, 3);
		r.summary = (const char *)sqlite3_column_text(st, 4);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

static int sq_run_put(struct store_tx *tx, const struct run_row *r, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_RUN_PUT, e);
	int ret;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, r->run_date);
	bind_text(st, 3, r->state);
	bind_ts(st, 4, r->started_at);
	bind_ts_or_null(st, 5, r->finished_at);
	bind_text(st, 6, r->summary);
	ret = sq_exec_step(ss, st, e, "recording a run");
	return ret < 0 ? ret : sqlite3_changes(ss->db) > 0;
}

static int sq_copy_list(struct store_tx *tx, struct store_cursor *cur, store_action_copy_cb cb, void *ctx,
			struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_COPY_LIST, e);
	struct action_record a;
	struct action_copy_row r = { &a, 0, NULL, NULL };
	int n = 0, rc;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_cursor(st, 2, 3, cur);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop;

		read_action(st, &a);
		if (a.id != cur->after) /* the page's next action (ids > after) */
			n++;
		cur->after = a.id;
		r.invoice_id = sqlite3_column_int64(st, 20);
		r.strategy = (const char *)sqlite3_column_text(st, 21);
		r.step = (const char *)sqlite3_column_text(st, 22);
		stop = cb(ctx, &r);
		if (stop) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : sq_db_error(ss, e, "reading a page of actions");
}

static int sq_copy_add(struct store_tx *tx, struct action_record *a, size_t n, const struct action_copy_invoice *inv,
		       const size_t *n_inv, int64_t above, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	size_t k = 0;
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; i++) {
		sqlite3_stmt *st = stmt(ss, ST_COPY_ADD, e);

		if (!st)
			return -ERR_ENV;
		bind_action(st, tx->tenant, &a[i]);
		bind_ts(st, 17, a[i].updated_at);
		sqlite3_bind_int64(st, 18, above);
		if (a[i].first_run_date)
			bind_date(st, 19, a[i].first_run_date);
		ret = sq_exec_step(ss, st, e, "copying an action");
		if (ret == 0)
			ret = sq_watch_mark(ss, tx->tenant, a[i].customer_id, e);
		if (ret < 0)
			return ret;
		a[i].id = sqlite3_last_insert_rowid(ss->db);
		for (size_t j = 0; j < n_inv[i] && ret == 0; j++, k++)
			ret = add_invoice(tx, a[i].id, a[i].customer_id, inv[k].invoice_id, inv[k].strategy,
					  inv[k].step, e, "copying an action's invoice");
	}
	return ret;
}

static int sq_last_id(struct store_tx *tx, int64_t *id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_LAST_ID, e);

	*id = 0;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		*id = sqlite3_column_int64(st, 0);
		stop_ = 0;
	});
	return 0;
}

const struct store_actions_ops sq_actions_ops = {
	.add = sq_add,
	.set_state = sq_set_state,
	.recorded_each = sq_recorded_each,
	.waiting_each = sq_waiting_each,
	.invoices_each = sq_invoices_each,
	.later = sq_later,
	.run_after = sq_run_after,
	.credit_each = sq_credit_each,
	.credit_of = sq_credit_of,
	.day_charges_each = sq_day_charges_each,
	.run_start = sq_run_start,
	.run_finish = sq_run_finish,
	.run_counts_each = sq_run_counts_each,
	.each = sq_each,
	.snapshot_put = sq_snapshot_put,
	.snapshots_each = sq_snapshots_each,
	.lock = sq_lock,
	.answers_each = sq_answers_each,
	.paid_between = sq_paid_between,
	.action_moment = sq_action_moment,
	.add_many = sq_add_many,
	.unlock = sq_unlock,
	.customers_count = sq_customers_count,
	.run_last = sq_run_last,
	.customers_by_id = sq_customers_by_id,
	.answers_of = sq_answers_of,
	.recorded_due_each = sq_recorded_due_each,
	.steps_recorded = sq_steps_recorded,
	.recorded_of = sq_recorded_of,
	.page = sq_page,
	.runs_each = sq_runs_each,
	.run_put = sq_run_put,
	.copy_list = sq_copy_list,
	.copy_add = sq_copy_add,
	.last_id = sq_last_id,
	.run_cancelled_add = sq_run_cancelled_add,
	.move = sq_move,
	.hold_cancelled_of = sq_hold_cancelled_of,
	.redo = sq_redo,
	.watch_state_get = sq_watch_state_get,
	.watch_state_put = sq_watch_state_put,
	.watch_reset = sq_watch_reset,
	.watched_each = sq_watched_each,
	.due_desc_each = sq_due_desc_each,
	.page_of = sq_page_of,
	.watch_put = sq_watch_put,
	.dirty_each = sq_dirty_each,
	.watch_cover = sq_watch_cover,
	.watch_each = sq_watch_each,
};
