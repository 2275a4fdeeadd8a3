/*
 * actions.c: the daily run's records (PostgreSQL): actions and their
 * invoices, runs, the day's snapshot, the balances as known on a date, and
 * the run lock. The same contract as sqlite/actions.c (store/actions.h).
 *
 * The reads of a chunk of customers (a few hundred) are prepared
 * statements read whole; the listing and the snapshots, which may cover a
 * tenant, stream through a cursor (pg_stream).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/text_copy.h"
#include "store/postgres/pg_int.h"

/* The first key of the run lock (the tenant is the second): not PG_LOCK_CLASS, which writers take. */
#define PG_RUN_LOCK_CLASS 0x72756e00 /* "run" */

enum stmt_id {
	ST_ADD,
	ST_SET_STATE,
	ST_RECORDED,
	ST_RECORDED_OPEN,
	ST_WAITING,
	ST_LATER,
	ST_RUN_AFTER,
	ST_INVOICES,
	ST_PAGE_INVOICES,
	ST_INVOICES_LATER,
	ST_CREDIT,
	ST_CREDIT_OF,
	ST_PAID_EACH,
	ST_MOMENTS,
	ST_DAY_CHARGES,
	ST_RUN_START,
	ST_RUN_STATE,
	ST_RUN_FINISH,
	ST_RUN_COUNTS,
	ST_SNAPSHOT_DELETE,
	ST_SNAPSHOT_ADD,
	ST_LOCK,
	ST_UNLOCK,
	ST_ANSWERS,
	ST_PAID_BETWEEN,
	ST_ACTION_MOMENT,
	ST_ADD_MANY,
	ST_CUSTOMERS,
	ST_CUSTOMERS_COUNT,
	ST_RUN_LAST,
	ST_CUSTOMERS_BY_ID,
	ST_ANSWERS_OF,
	ST_RECORDED_DUE,
	ST_ACTIONS_HELD,
	ST_STEPS_RECORDED,
	ST_RECORDED_OF,
	ST_RUNS,
	ST_RUN_PUT,
	ST_COPY_LIST,
	ST_COPY_ADD,
	ST_LAST_ID,
	ST_IDS_ABOVE,
	ST_RUN_CANCELLED,
	ST_MOVE,
	ST_WATCH_STATE_GET,
	ST_WATCH_STATE_PUT,
	ST_WATCH_RESET,
	ST_PAGE_OF_INVOICES,
	ST_PAGE_OF_WAITING,
	ST_PAGE_OF_CUSTOMERS,
	ST_WATCH_PUT,
	ST_STEP_KEYS_PUT,
	ST_DAY_CHARGES_OF,
	ST_COVER_SET,
	ST_COVER_END,
	ST_WATCH_SLICE,
	ST_HOLD_CANCELLED,
	ST_REDO,
	ST_REDO_INVOICES,
	ST_REDO_DROP,
	ST_COUNT
};
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

/*
 * A page of actions by id (recoup migrate), each with its invoices in
 * invoice order; the refs left empty, as read_action() reads them. The
 * page statement limits the actions ($3), the stream reads the rest.
 */
#define COPY_LIST_SQL                                                                                            \
	"SELECT a.id, a.run_date::text, a.customer_id, '', a.contact_id, '', a.currency, a.amount, a.kind, "     \
	"a.strategy, a.step, extract(epoch from a.scheduled_at)::bigint, a.local_time, a.state, a.reason_code, " \
	"a.reason, extract(epoch from a.next_allowed_at)::bigint, extract(epoch from a.created_at)::bigint, "    \
	"extract(epoch from a.updated_at)::bigint, a.first_run_date::text, ai.invoice_id, sk.strategy, sk.step " \
	"FROM (SELECT * FROM action WHERE tenant_id = $1 AND id > $2 ORDER BY id"
#define COPY_LIST_TAIL                                                                  \
	") a LEFT JOIN action_invoice ai ON ai.tenant_id = $1 AND ai.action_id = a.id " \
	"LEFT JOIN step_key sk ON sk.tenant_id = $1 AND sk.id = ai.step_key "           \
	"ORDER BY a.id, ai.invoice_id"

/* The tenant's watch rows after $2, by customer, $3 at most (store_run_watch_each): a slice prepared, more streamed. */
#define WATCH_EACH_SQL                                                                             \
	"SELECT customer_id, next_date::text, accounts, snap FROM run_watch WHERE tenant_id = $1 " \
	"AND customer_id > $2 ORDER BY customer_id LIMIT $3"

static const char *const stmt_sql[ST_COUNT] = {
	/*
	 * The customers with an open invoice or a waiting action: each index
	 * read in customer order up to the page's limit of distinct customers
	 * (so the first $3 of the union are the first $3 of both), then each
	 * customer by its key. A NULL limit is none. The outer id > $2 keeps
	 * the generic plan's merge join from reading the customers before the
	 * page (a scan from the first customer each page: 136 ms a page at
	 * 100,000 customers, 1.9 ms so).
	 */
	[ST_CUSTOMERS] =
		"SELECT id, kind, country, tags FROM customer WHERE tenant_id = $1 AND id > $2 AND id IN ("
		"(SELECT DISTINCT customer_id FROM invoice WHERE tenant_id = $1 AND customer_id > $2 "
		"AND balance <> 0 AND id > 0 ORDER BY customer_id LIMIT $3) UNION (SELECT DISTINCT customer_id FROM action "
		"WHERE tenant_id = $1 AND customer_id > $2 AND state = 'scheduled' ORDER BY customer_id LIMIT $3)) "
		"ORDER BY id LIMIT $3",
	[ST_CUSTOMERS_COUNT] = "SELECT count(*) FROM customer WHERE tenant_id = $1",
	[ST_CUSTOMERS_BY_ID] = "SELECT " PG_CUSTOMER_COLS " FROM customer WHERE tenant_id = $1 "
			       "AND id = ANY($2::bigint[]) ORDER BY id",
	/*
	 * An action and its invoices in one statement (one round trip): the
	 * foreign-key checks of action_invoice run at the end of the statement,
	 * when the action's row is there.
	 */
	[ST_ADD] =
		"WITH a AS (INSERT INTO action(tenant_id, run_date, customer_id, contact_id, currency, amount, kind, "
		"strategy, step, scheduled_at, local_time, state, reason_code, reason, next_allowed_at, created_at, "
		"updated_at) VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10::bigint), $11, $12, $13, "
		"$14, to_timestamp($15::bigint), to_timestamp($16::bigint), to_timestamp($16::bigint)) RETURNING id) "
		"INSERT INTO action_invoice(tenant_id, action_id, invoice_id, step_key) "
		"SELECT $1, a.id, u.i, sk.id FROM a, unnest($17::bigint[], $18::text[]) AS u(i, s) "
		"JOIN step_key sk ON sk.tenant_id = $1 AND sk.strategy = $8 AND sk.step = u.s RETURNING action_id",
	/*
	 * Many actions and their invoices in one statement (store_actions_add):
	 * the actions are inserted in their order (ord), so their ids, drawn in
	 * that order, rank as they do; each invoice names its action's ord, its
	 * place in the one array of the ids. A row_number() window joined by
	 * ordinal instead went onto the inner side of a nested loop in the
	 * generic plan (after five executions: every unnest taken for 10 rows),
	 * numbered again for each invoice row: the first day at 100,000
	 * customers took 13-41 s where it takes 9-11.
	 */
	[ST_ADD_MANY] =
		"WITH u AS (SELECT * FROM unnest($2::date[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[], "
		"$7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[], $13::text[], $14::text[], "
		"$15::bigint[]) WITH ORDINALITY AS u(run_date, customer_id, contact_id, currency, amount, kind, strategy, "
		"step, scheduled_at, local_time, state, reason_code, reason, next_allowed_at, ord)), "
		"a AS (INSERT INTO action(tenant_id, run_date, customer_id, contact_id, currency, amount, kind, strategy, "
		"step, scheduled_at, local_time, state, reason_code, reason, next_allowed_at, created_at, updated_at) "
		"SELECT $1, run_date, customer_id, contact_id, currency, amount, kind, strategy, step, "
		"to_timestamp(scheduled_at), local_time, state, reason_code, reason, to_timestamp(next_allowed_at), "
		"to_timestamp($16::bigint), to_timestamp($16::bigint) FROM u ORDER BY ord RETURNING id), "
		"m AS MATERIALIZED (SELECT array_agg(id ORDER BY id) AS ids FROM a) "
		"INSERT INTO action_invoice(tenant_id, action_id, invoice_id, step_key) "
		"SELECT $1, m.ids[v.o::int], v.i, sk.id FROM m, "
		"unnest($17::bigint[], $18::bigint[], $19::text[], $20::text[]) AS v(o, i, s, st) "
		"JOIN step_key sk ON sk.tenant_id = $1 AND sk.strategy = v.st "
		"AND sk.step = v.s RETURNING action_id",
	[ST_SET_STATE] = "UPDATE action SET state = $3, reason_code = $4, reason = $5, "
			 "updated_at = to_timestamp($6::bigint) WHERE tenant_id = $1 AND id = $2",
	[ST_RECORDED] = "SELECT a.customer_id, a.id, ai.invoice_id, a.state, sk.strategy, sk.step, a.kind, "
			"a.run_date::text, a.contact_id, extract(epoch from a.scheduled_at)::bigint FROM action a "
			"JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
			"JOIN step_key sk ON sk.tenant_id = ai.tenant_id AND sk.id = ai.step_key "
			"WHERE a.tenant_id = $1 AND a.customer_id BETWEEN $2 AND $3 ORDER BY a.customer_id, a.id",
	/*
	 * Each open invoice's steps through action_invoice's key: the fence
	 * (OFFSET 0) keeps the planner from hashing every action_invoice row of
	 * the tenant, chunk after chunk (40 ms a chunk at 100,000 customers,
	 * growing with the record; 3 ms so).
	 */
	[ST_RECORDED_OPEN] =
		"SELECT i.customer_id, ai.action_id, ai.invoice_id, NULL, ai.strategy, ai.step, NULL, NULL, "
		"NULL, NULL FROM invoice i CROSS JOIN LATERAL (SELECT x.action_id, x.invoice_id, sk.strategy, sk.step "
		"FROM action_invoice x JOIN step_key sk ON sk.tenant_id = x.tenant_id AND sk.id = x.step_key "
		"WHERE x.tenant_id = $1 AND x.invoice_id = i.id OFFSET 0) ai "
		"WHERE i.tenant_id = $1 AND i.customer_id BETWEEN $2 AND $3 AND i.balance <> 0 ORDER BY i.customer_id",
	/* the same for the open invoices due by $4 (store_run_recorded_due_each) */
	[ST_RECORDED_DUE] =
		"SELECT i.customer_id, ai.action_id, ai.invoice_id, NULL, ai.strategy, ai.step, NULL, NULL, "
		"NULL, NULL FROM invoice i CROSS JOIN LATERAL (SELECT x.action_id, x.invoice_id, sk.strategy, sk.step "
		"FROM action_invoice x JOIN step_key sk ON sk.tenant_id = x.tenant_id AND sk.id = x.step_key "
		"WHERE x.tenant_id = $1 AND x.invoice_id = i.id OFFSET 0) ai "
		"WHERE i.tenant_id = $1 AND i.customer_id BETWEEN $2 AND $3 AND i.balance <> 0 "
		"AND i.due_date <= $4::date ORDER BY i.customer_id",
	[ST_WAITING] = "SELECT a.customer_id, a.id, ai.invoice_id, a.state, sk.strategy, sk.step, a.kind, "
		       "a.run_date::text, a.contact_id, extract(epoch from a.scheduled_at)::bigint FROM action a "
		       "JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
		       "JOIN step_key sk ON sk.tenant_id = ai.tenant_id AND sk.id = ai.step_key "
		       "WHERE a.tenant_id = $1 AND a.customer_id BETWEEN $2 AND $3 AND a.state = 'scheduled' "
		       "AND a.scheduled_at >= to_timestamp($4::bigint) ORDER BY a.customer_id, a.id",
	/* the step conditions (store_run_answers_each) */
	[ST_ANSWERS] =
		"SELECT customer_id, extract(epoch from at)::bigint, outcome, inbound, note FROM contact_attempt "
		"WHERE tenant_id = $1 AND customer_id BETWEEN $2 AND $3 AND at <= to_timestamp($4::bigint) "
		"AND (inbound = 1 OR outcome IN ('right_party', 'refused', 'callback', 'promise', 'dispute')) "
		"ORDER BY customer_id, at, id",
	/* how many actions the tenant holds, counted up to $2 (analyze_now) */
	[ST_ACTIONS_HELD] = "SELECT count(*) FROM (SELECT 1 FROM action WHERE tenant_id = $1 LIMIT $2) t",
	/* the keys found of those asked, by their 1-based place (store_run_steps_recorded) */
	[ST_STEPS_RECORDED] =
		"SELECT k.o FROM unnest($2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS k(i, st, sp, o) "
		"WHERE EXISTS (SELECT 1 FROM action_invoice x JOIN step_key sk ON sk.tenant_id = x.tenant_id "
		"AND sk.id = x.step_key WHERE x.tenant_id = $1 AND x.invoice_id = k.i AND sk.strategy = k.st "
		"AND sk.step = k.sp)",
	/* every step of the invoices listed (store_run_recorded_of) */
	/*
	 * the customers come with the invoices: no invoice row is read. Each
	 * invoice's steps by a seek of the primary key (the LATERAL ... OFFSET
	 * 0 keeps the planner from flattening it): a plain join of a few
	 * hundred keys was estimated cheaper as a hash of the whole
	 * action_invoice (a sequential scan of every row, 27-66 ms a chunk at
	 * 100,000 customers); a repeated `ai.invoice_id = ANY($3)` made it a
	 * bitmap scan of the primary key for a while (1.3 ms), until the
	 * table grew and the plan went back to a scan of every row with the
	 * ANY as its filter (7 ms a chunk, the reader's largest read of the
	 * next day at 100,000); the seeks 2.4 ms. The step keys joined outside
	 * the LATERAL: inside it, the planner scanned all of step_key for
	 * each invoice (40 ms).
	 */
	[ST_RECORDED_OF] =
		"SELECT k.c, ai.action_id, ai.invoice_id, NULL, sk.strategy, sk.step, NULL, NULL, NULL, NULL "
		"FROM unnest($2::bigint[], $3::bigint[]) WITH ORDINALITY AS k(c, i, o) "
		"CROSS JOIN LATERAL (SELECT x.action_id, x.invoice_id, x.step_key FROM action_invoice x "
		"WHERE x.tenant_id = $1 AND x.invoice_id = k.i OFFSET 0) ai "
		"JOIN step_key sk ON sk.tenant_id = $1 AND sk.id = ai.step_key ORDER BY k.o",
	[ST_ANSWERS_OF] =
		"SELECT customer_id, extract(epoch from at)::bigint, outcome, inbound, note FROM contact_attempt "
		"WHERE tenant_id = $1 AND customer_id = ANY($2::bigint[]) AND at <= to_timestamp($3::bigint) "
		"AND (inbound = 1 OR outcome IN ('right_party', 'refused', 'callback', 'promise', 'dispute')) "
		"ORDER BY customer_id, at, id",
	[ST_PAID_BETWEEN] =
		"SELECT 1 FROM invoice i JOIN ledger_entry l ON l.tenant_id = i.tenant_id AND l.invoice_id = i.id "
		"WHERE i.tenant_id = $1 AND i.customer_id = $2 AND i.currency = $3 AND l.kind IN ('payment', 'credit_note') "
		"AND l.date BETWEEN $4::date AND $5::date "
		"UNION ALL SELECT 1 FROM ledger_entry WHERE tenant_id = $1 AND customer_id = $2 AND currency = $3 "
		"AND invoice_id IS NULL AND (kind = 'credit_note' OR (kind = 'unapplied' AND amount < 0)) "
		"AND date BETWEEN $4::date AND $5::date LIMIT 1",
	/* ST_PAID_BETWEEN for many questions: the ordinals of those with money in */
	[ST_PAID_EACH] =
		"SELECT u.o FROM unnest($2::bigint[], $3::text[], $4::date[]) WITH ORDINALITY AS u(c, cur, f, o) "
		"WHERE EXISTS (SELECT 1 FROM invoice i JOIN ledger_entry l ON l.tenant_id = i.tenant_id "
		"AND l.invoice_id = i.id WHERE i.tenant_id = $1 AND i.customer_id = u.c AND i.currency = u.cur "
		"AND l.kind IN ('payment', 'credit_note') AND l.date BETWEEN u.f AND $5::date) "
		"OR EXISTS (SELECT 1 FROM ledger_entry WHERE tenant_id = $1 AND customer_id = u.c AND currency = u.cur "
		"AND invoice_id IS NULL AND (kind = 'credit_note' OR (kind = 'unapplied' AND amount < 0)) "
		"AND date BETWEEN u.f AND $5::date)",
	[ST_MOMENTS] = "SELECT id, state, extract(epoch from scheduled_at)::bigint FROM action "
		       "WHERE tenant_id = $1 AND id = ANY($2::bigint[])",
	/* the reason code for pg_move, which reads the state of an action it did not move */
	[ST_ACTION_MOMENT] = "SELECT state, extract(epoch from scheduled_at)::bigint, reason_code FROM action "
			     "WHERE tenant_id = $1 AND id = $2",
	[ST_LATER] = "SELECT 1 FROM ledger_entry WHERE tenant_id = $1 AND date > $2::date LIMIT 1",
	[ST_RUN_AFTER] = "SELECT 1 FROM run WHERE tenant_id = $1 AND run_date > $2::date LIMIT 1",
	[ST_INVOICES] =
		"SELECT customer_id, id, currency, due_date::text, amount, balance, product FROM invoice "
		"WHERE tenant_id = $1 AND customer_id BETWEEN $2 AND $3 AND balance <> 0 "
		"AND issue_date <= $4::date ORDER BY customer_id, currency COLLATE \"C\", due_date, balance, id",
	/* a run's page (pg_page): as ST_INVOICES, with those issued after $4 flagged (the watch looks again then) */
	[ST_PAGE_INVOICES] =
		"SELECT customer_id, id, currency, due_date::text, amount, balance, product, issue_date <= $4::date, "
		"issue_date::text FROM invoice WHERE tenant_id = $1 AND customer_id BETWEEN $2 AND $3 AND balance <> 0 "
		"ORDER BY customer_id, currency COLLATE \"C\", due_date, balance, id",
	[ST_INVOICES_LATER] =
		"SELECT customer_id, id, currency, due_date::text, amount, bal, product FROM ("
		"SELECT i.customer_id, i.id, i.currency, i.due_date, i.amount, i.balance - COALESCE((SELECT SUM(l.amount) "
		"FROM ledger_entry l WHERE l.tenant_id = $1 AND l.invoice_id = i.id AND l.date > $4::date), 0) AS bal, "
		"i.product "
		"FROM invoice i WHERE i.tenant_id = $1 AND i.customer_id BETWEEN $2 AND $3 AND i.balance <> 0 "
		"AND i.issue_date <= $4::date "
		"UNION ALL "
		"SELECT i.customer_id, i.id, i.currency, i.due_date, i.amount, -SUM(l.amount) AS bal, i.product "
		"FROM ledger_entry l JOIN invoice i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id "
		"WHERE l.tenant_id = $1 AND l.date > $4::date AND l.invoice_id IS NOT NULL "
		"AND i.customer_id BETWEEN $2 AND $3 AND i.balance = 0 AND i.issue_date <= $4::date "
		"GROUP BY i.customer_id, i.id, i.currency, i.due_date, i.amount, i.product) t "
		"WHERE bal <> 0 ORDER BY customer_id, currency COLLATE \"C\", due_date, id",
	/* beyond int64: NULL (PG_CREDIT_SUM) */
	[ST_CREDIT] = "SELECT customer_id, currency, " PG_CREDIT_SUM(
		"amount") " FROM ledger_entry WHERE tenant_id = $1 "
			  "AND invoice_id IS NULL AND customer_id BETWEEN $2 AND $3 AND date <= $4::date "
			  "GROUP BY customer_id, currency HAVING SUM(amount) < 0 ORDER BY customer_id, currency COLLATE \"C\"",
	/* by ledger_unapplied (tenant_id, customer_id, currency), a seek a customer */
	[ST_CREDIT_OF] = "SELECT customer_id, currency, " PG_CREDIT_SUM(
		"amount") " FROM ledger_entry WHERE tenant_id = $1 "
			  "AND invoice_id IS NULL AND customer_id = ANY($2::bigint[]) AND date <= $3::date "
			  "GROUP BY customer_id, currency HAVING SUM(amount) < 0 ORDER BY customer_id, currency COLLATE \"C\"",
	/* through ledger_charge_day (0038), whose WHERE this repeats */
	[ST_DAY_CHARGES] =
		"SELECT customer_id, currency, SUM(amount) FROM ledger_entry WHERE tenant_id = $1 "
		"AND date = $2::date AND (kind = 'fee' OR kind = 'interest') "
		"GROUP BY customer_id, currency HAVING SUM(amount) > 0 ORDER BY customer_id, currency COLLATE \"C\"",
	[ST_DAY_CHARGES_OF] =
		"SELECT customer_id, currency, SUM(amount) FROM ledger_entry WHERE tenant_id = $1 "
		"AND date = $2::date AND customer_id = $3 AND (kind = 'fee' OR kind = 'interest') "
		"GROUP BY customer_id, currency HAVING SUM(amount) > 0 ORDER BY customer_id, currency COLLATE \"C\"",
	[ST_RUN_START] = "INSERT INTO run(tenant_id, run_date, state, started_at) "
			 "VALUES ($1, $2::date, 'running', to_timestamp($3::bigint)) "
			 "ON CONFLICT (tenant_id, run_date) DO NOTHING",
	[ST_RUN_STATE] = "SELECT state FROM run WHERE tenant_id = $1 AND run_date = $2::date",
	[ST_RUN_FINISH] = "UPDATE run SET state = 'done', finished_at = to_timestamp($3::bigint), summary = $4 "
			  "WHERE tenant_id = $1 AND run_date = $2::date",
	[ST_RUN_COUNTS] = "SELECT kind, state, reason_code, count(*) FROM action WHERE tenant_id = $1 "
			  "AND run_date = $2::date GROUP BY kind, state, reason_code "
			  "ORDER BY kind COLLATE \"C\", state COLLATE \"C\", reason_code COLLATE \"C\"",
	[ST_SNAPSHOT_DELETE] = "DELETE FROM run_snapshot WHERE tenant_id = $1 AND run_date = $2::date",
	/* the day's rows in one statement, a column an array (one round trip, not one a row) */
	[ST_SNAPSHOT_ADD] = "INSERT INTO run_snapshot(tenant_id, run_date, dimension, key, currency, bucket, accounts, "
			    "invoices, balance) SELECT $1, $2::date, d, k, c, b, a, i, v FROM unnest($3::text[], "
			    "$4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[]) "
			    "AS u(d, k, c, b, a, i, v)",
	[ST_LOCK] = "SELECT pg_try_advisory_lock($1::integer, $2::integer)",
	[ST_UNLOCK] = "SELECT pg_advisory_unlock($1::integer, $2::integer)",
	[ST_RUN_LAST] =
		"SELECT run_date::text, extract(epoch from started_at)::bigint, "
		"extract(epoch from finished_at)::bigint, summary FROM run WHERE tenant_id = $1 AND state = 'done' "
		"ORDER BY finished_at DESC, run_date DESC LIMIT 1",
	/* copying a book (recoup migrate) */
	[ST_RUNS] = "SELECT run_date::text, state, extract(epoch from started_at)::bigint, "
		    "extract(epoch from finished_at)::bigint, summary FROM run WHERE tenant_id = $1 ORDER BY run_date",
	/* a book copied (recoup migrate): the cancelled count is its summary's (migration 0035) */
	[ST_RUN_PUT] = "INSERT INTO run(tenant_id, run_date, state, started_at, finished_at, summary, cancelled) "
		       "VALUES ($1, $2::date, $3, to_timestamp($4::bigint), to_timestamp($5::bigint), $6::text, "
		       "COALESCE((($6::text)::jsonb ->> 'cancelled')::bigint, 0)) "
		       "ON CONFLICT (tenant_id, run_date) DO NOTHING",
	[ST_RUN_CANCELLED] = "UPDATE run SET cancelled = cancelled + $3 WHERE tenant_id = $1 AND run_date = $2::date "
			     "RETURNING cancelled",
	/*
	 * Read committed: an UPDATE that waited for a row another transaction
	 * changed reads that row's new version again before writing it, so a
	 * state moved meanwhile is seen here and not overwritten.
	 */
	[ST_MOVE] =
		"UPDATE action SET state = $4, reason_code = $5, reason = $6, updated_at = to_timestamp($7::bigint) "
		"WHERE tenant_id = $1 AND id = $2 AND state = $3",
	/* the customers' messages and calls a hold cancelled (store_run_hold_cancelled_of), by action_hold_cancelled */
	[ST_HOLD_CANCELLED] = "SELECT customer_id, id, reason_code FROM action WHERE tenant_id = $1 "
			      "AND customer_id = ANY($2::bigint[]) AND " STORE_HOLD_CANCELLED_WHERE
			      " ORDER BY customer_id, id",
	[ST_REDO] =
		"UPDATE action SET run_date = $3::date, contact_id = $4, kind = $5, amount = $6, "
		"scheduled_at = to_timestamp($7::bigint), local_time = $8, state = $9, reason_code = $10, "
		"reason = $11, next_allowed_at = to_timestamp($12::bigint), updated_at = to_timestamp($13::bigint), "
		"step = $14, first_run_date = COALESCE(first_run_date, run_date) "
		"WHERE tenant_id = $1 AND id = $2 AND state = 'cancelled'",
	/* the day's new steps of its kind, listed on an action done again (store_action_redo) */
	[ST_REDO_INVOICES] = "INSERT INTO action_invoice(tenant_id, action_id, invoice_id, step_key) "
			     "SELECT $1, $2, u.i, sk.id FROM unnest($3::bigint[], $4::text[]) AS u(i, s) "
			     "JOIN step_key sk ON sk.tenant_id = $1 AND sk.strategy = $5 AND sk.step = u.s",
	/* the invoices a hold covers, no longer listed on an action done again (store_action_redo) */
	[ST_REDO_DROP] = "DELETE FROM action_invoice WHERE tenant_id = $1 AND action_id = $2 "
			 "AND invoice_id = ANY($3::bigint[])",
	[ST_COPY_LIST] = COPY_LIST_SQL " LIMIT $3" COPY_LIST_TAIL,
	/*
	 * Actions copied as they are, every column, and their invoices in one
	 * statement, as ST_ADD_MANY: inserted in their order (ord), so their
	 * ids, drawn in that order, rank as they do; each invoice names its
	 * action's ord, its place in the array of the ids (as ST_ADD_MANY: a
	 * window numbering them, joined by ordinal, could land on the inner
	 * side of a nested loop under the generic plan). The ids come back in
	 * that order (an action may cover no invoice, so they are not read
	 * from action_invoice's rows), each with how many invoices were
	 * written.
	 */
	[ST_COPY_ADD] =
		"WITH u AS (SELECT * FROM unnest($2::date[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[], "
		"$7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[], $13::text[], $14::text[], "
		"$15::bigint[], $16::bigint[], $17::bigint[], $18::date[]) WITH ORDINALITY AS u(run_date, customer_id, "
		"contact_id, currency, amount, kind, strategy, step, scheduled_at, local_time, state, reason_code, reason, "
		"next_allowed_at, created_at, updated_at, first_run_date, ord)), "
		"a AS (INSERT INTO action(tenant_id, run_date, customer_id, contact_id, currency, amount, kind, strategy, "
		"step, scheduled_at, local_time, state, reason_code, reason, next_allowed_at, created_at, updated_at, "
		"first_run_date) SELECT $1, run_date, customer_id, contact_id, currency, amount, kind, strategy, step, "
		"to_timestamp(scheduled_at), local_time, state, reason_code, reason, to_timestamp(next_allowed_at), "
		"to_timestamp(created_at), to_timestamp(updated_at), first_run_date FROM u ORDER BY ord RETURNING id), "
		"m AS MATERIALIZED (SELECT array_agg(id ORDER BY id) AS ids FROM a), "
		"i AS (INSERT INTO action_invoice(tenant_id, action_id, invoice_id, step_key) "
		"SELECT $1, m.ids[v.o::int], v.i, sk.id FROM m, "
		"unnest($19::bigint[], $20::bigint[], $21::text[], $22::text[]) AS v(o, i, st, sp) "
		"JOIN step_key sk ON sk.tenant_id = $1 AND sk.strategy = v.st AND sk.step = v.sp RETURNING 1) "
		"SELECT x.id, (SELECT count(*) FROM i) FROM m, unnest(m.ids) WITH ORDINALITY AS x(id, ord) ORDER BY x.ord",
	[ST_LAST_ID] = "SELECT COALESCE(max(id), 0) FROM action WHERE tenant_id = $1",
	/*
	 * The identity's sequence moved past $1 when it is behind (never
	 * back). Sequences are the database's, not a tenant's: like the
	 * migrations and the locks, this statement names no tenant. Not
	 * undone by a rollback: a gap in the ids at worst.
	 */
	[ST_IDS_ABOVE] = "SELECT setval(q.s, $1::bigint) FROM (SELECT pg_get_serial_sequence('action', 'id')::regclass "
			 "AS s) q WHERE COALESCE(pg_sequence_last_value(q.s), 0) < $1::bigint",
	/* the run's watch (migration 0037) */
	[ST_WATCH_STATE_GET] = "SELECT version FROM run_watch_state WHERE tenant_id = $1",
	[ST_WATCH_STATE_PUT] = "INSERT INTO run_watch_state(tenant_id, version) VALUES ($1, $2) "
			       "ON CONFLICT (tenant_id) DO UPDATE SET version = EXCLUDED.version",
	[ST_WATCH_RESET] =
		"WITH s AS (DELETE FROM run_watch_state WHERE tenant_id = $1), "
		"w AS (DELETE FROM run_watch WHERE tenant_id = $1) DELETE FROM run_dirty WHERE tenant_id = $1",
	/*
	 * A list of customers' page (store_run_page_of): ST_INVOICES,
	 * ST_WAITING and the customers' rows of ST_CUSTOMERS for the ids of
	 * $2 rather than a range, through the same indexes (invoice_run,
	 * action_run_waiting, customer_run).
	 */
	[ST_PAGE_OF_INVOICES] =
		"SELECT customer_id, id, currency, due_date::text, amount, balance, product, issue_date <= $3::date, "
		"issue_date::text FROM invoice WHERE tenant_id = $1 AND customer_id = ANY($2::bigint[]) AND balance <> 0 "
		"ORDER BY customer_id, currency COLLATE \"C\", due_date, balance, id",
	/*
	 * The waiting actions of the ids, customer by customer: with
	 * customer_id = ANY($2) the planner took action_outbox (every action
	 * scheduled since $3, 15,000 at 100,000 customers, filtered down to a
	 * few hundred: 8-22 ms a chunk); with a plain join of the ids it took
	 * that too once ANALYZE had seen the first run's actions (a hash of
	 * 16,566 rows, 11.4 ms). Each LATERAL ... OFFSET 0 keeps it a seek: an
	 * index-only scan of action_run_waiting per customer (the state is the
	 * partial index's), then action_invoice per action (5.6 ms, custom
	 * plan or generic). DISTINCT: a list naming a customer twice still
	 * gives its rows once, as ANY did.
	 */
	[ST_PAGE_OF_WAITING] =
		"SELECT a.customer_id, a.id, ai.invoice_id, 'scheduled', sk.strategy, sk.step, a.kind, "
		"a.run_date::text, a.contact_id, extract(epoch from a.scheduled_at)::bigint "
		"FROM (SELECT DISTINCT unnest($2::bigint[]) AS c) u "
		"CROSS JOIN LATERAL (SELECT x.customer_id, x.id, x.kind, x.run_date, x.contact_id, x.scheduled_at "
		"FROM action x WHERE x.tenant_id = $1 AND x.customer_id = u.c AND x.state = 'scheduled' "
		"AND x.scheduled_at >= to_timestamp($3::bigint) OFFSET 0) a "
		"CROSS JOIN LATERAL (SELECT y.invoice_id, y.step_key FROM action_invoice y "
		"WHERE y.tenant_id = $1 AND y.action_id = a.id OFFSET 0) ai "
		"JOIN step_key sk ON sk.tenant_id = $1 AND sk.id = ai.step_key ORDER BY a.customer_id, a.id",
	[ST_PAGE_OF_CUSTOMERS] = "SELECT id, kind, country, tags FROM customer WHERE tenant_id = $1 "
				 "AND id = ANY($2::bigint[]) ORDER BY id",
	/* the run's cover (migration 0045): the transaction's settings the mark triggers read */
	[ST_COVER_SET] = "SELECT set_config('recoup.cover', $2, true), set_config('recoup.cover_written', '', true), "
			 "set_config('recoup.cover_tenant', $1, true)",
	/*
	 * its end: of the covered customers whose watch rows did not come ($2),
	 * those the triggers left out marked; the settings cleared in an outer
	 * query over the insert's rows (else it ran first, and the insert saw
	 * them cleared)
	 */
	[ST_COVER_END] =
		"WITH w AS (SELECT DISTINCT x::bigint AS id FROM unnest(string_to_array("
		"current_setting('recoup.cover_written', true), ',')) x WHERE x <> ''), "
		"m AS (INSERT INTO run_dirty (tenant_id, customer_id) SELECT $1, c FROM unnest($2::bigint[]) c "
		"WHERE c IN (SELECT id FROM w) ON CONFLICT DO NOTHING RETURNING 1) "
		"SELECT set_config('recoup.cover_tenant', '', true), set_config('recoup.cover_written', '', true) "
		"FROM (SELECT count(*) FROM m) x",
	/* a slice of the watch rows (pg_watch_each), prepared; more are streamed */
	[ST_WATCH_SLICE] = WATCH_EACH_SQL,
	/*
	 * The watch rows of the customers visited, in one statement: each
	 * customer's last row of the call (so a customer listed twice ends as
	 * the same rows written one after the other would leave it), written
	 * over its old one, or deleted when it holds nothing (no date, no
	 * account, no snapshot: NULL, 0, ''); then their dirty marks cleared.
	 */
	[ST_WATCH_PUT] =
		"WITH u AS (SELECT DISTINCT ON (c) c, d, a, s FROM unnest($2::bigint[], $3::date[], $4::bigint[], "
		"$5::text[]) WITH ORDINALITY AS x(c, d, a, s, o) ORDER BY c, o DESC), "
		"gone AS (DELETE FROM run_watch w USING u WHERE w.tenant_id = $1 AND w.customer_id = u.c "
		"AND u.d IS NULL AND u.a = 0 AND u.s = ''), "
		"kept AS (INSERT INTO run_watch(tenant_id, customer_id, next_date, accounts, snap) "
		"SELECT $1, c, d, a, s FROM u WHERE NOT (d IS NULL AND a = 0 AND s = '') "
		"ON CONFLICT (tenant_id, customer_id) DO UPDATE SET next_date = EXCLUDED.next_date, "
		"accounts = EXCLUDED.accounts, snap = EXCLUDED.snap) "
		"DELETE FROM run_dirty r USING u WHERE r.tenant_id = $1 AND r.customer_id = u.c",
	/*
	 * The step keys (migration 0039) an insert into action_invoice joins
	 * by name, made first where new (put_step_keys). Those there are left
	 * out before the insert, which would draw an id of the sequence for
	 * each even where it does nothing: each by a seek of the key's index
	 * (the OFFSET 0 keeps the NOT EXISTS a subplan). As an anti join, the
	 * generic plan sorted every step key of the tenant for each call: a
	 * returned payment's steps have a key of their own (strategy
	 * "nsf-<payment>"), and the first run at 1,000,000 customers spent
	 * 18.8 s of its 48 in 9,301 such calls, 2 ms each and growing.
	 */
	[ST_STEP_KEYS_PUT] =
		"INSERT INTO step_key(tenant_id, strategy, step) SELECT DISTINCT $1::bigint, u.st, u.sp "
		"FROM unnest($2::text[], $3::text[]) AS u(st, sp) WHERE NOT EXISTS (SELECT 1 FROM step_key k "
		"WHERE k.tenant_id = $1 AND k.strategy = u.st AND k.step = u.sp OFFSET 0) "
		"ON CONFLICT (tenant_id, strategy, step) DO NOTHING",
};

/*
 * The customers a run of $2 visits (store_run_watched_each): marked, or
 * watched with a date on or before it; run_dirty by its key, run_watch by a
 * scan (migration 0040 dropped run_watch_next: every visit moves its date).
 * A tenant's may be all its customers (an import), hence a stream.
 */
static const char watched_sql[] = "SELECT customer_id FROM run_dirty WHERE tenant_id = $1 UNION "
				  "SELECT customer_id FROM run_watch WHERE tenant_id = $1 AND next_date <= $2::date "
				  "ORDER BY 1";

/* The due watch rows from the last down (store_run_due_desc_each). */
static const char due_desc_sql[] = "SELECT customer_id FROM run_watch WHERE tenant_id = $1 "
				   "AND next_date <= $2::date ORDER BY customer_id DESC";

/* The marked customers (store_run_dirty_each), by the key of run_dirty. */
static const char dirty_sql[] = "SELECT customer_id FROM run_dirty WHERE tenant_id = $1 ORDER BY 1";

/* Every watch row of the tenant (store_run_watch_each), by customer. */
static const char watch_each_sql[] = WATCH_EACH_SQL;

static const char each_sql[] =
	"SELECT a.id, a.run_date::text, a.customer_id, c.ref, a.contact_id, k.ref, a.currency, a.amount, a.kind, "
	"a.strategy, a.step, extract(epoch from a.scheduled_at)::bigint, a.local_time, a.state, a.reason_code, "
	"a.reason, extract(epoch from a.next_allowed_at)::bigint, extract(epoch from a.created_at)::bigint, "
	"extract(epoch from a.updated_at)::bigint, a.first_run_date::text, i.ref FROM action a "
	"JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id "
	"LEFT JOIN contact k ON k.tenant_id = a.tenant_id AND k.id = a.contact_id "
	"JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
	"JOIN invoice i ON i.tenant_id = a.tenant_id AND i.id = ai.invoice_id "
	"WHERE a.tenant_id = $1 AND ($2::date IS NULL OR a.run_date = $2::date OR a.first_run_date = $2::date) "
	"AND ($3::bigint = 0 OR "
	"a.customer_id = $3) AND ($4::text IS NULL OR a.kind = $4) AND ($5::text IS NULL OR a.state = $5) "
	"ORDER BY a.run_date, a.id, i.ref COLLATE \"C\"";

static const char snapshots_sql[] =
	"SELECT run_date::text, dimension, key, currency, bucket, accounts, invoices, balance FROM run_snapshot "
	"WHERE tenant_id = $1 AND run_date BETWEEN $2::date AND $3::date "
	"ORDER BY run_date, dimension COLLATE \"C\", key COLLATE \"C\", currency COLLATE \"C\", bucket COLLATE \"C\"";

static void param_ts_or_null(struct pg_params *p, timestamp_t t)
{
	if (t)
		pg_param_ts(p, t);
	else
		pg_param_null(p);
}

/* An action's scheduled_at: NULL for TIMESTAMP_NONE, 0 the moment it is (dates.h). */
static void param_moment(struct pg_params *p, timestamp_t t)
{
	if (t != TIMESTAMP_NONE)
		pg_param_ts(p, t);
	else
		pg_param_null(p);
}

static int array_moment(struct pg_array *a, timestamp_t t, struct error *e)
{
	return t != TIMESTAMP_NONE ? pg_array_int(a, t, e) : pg_array_id(a, 0, e); /* pg_array_id: 0 is NULL */
}

static timestamp_t col_moment(const PGresult *res, int i, int col)
{
	return pg_isnull(res, i, col) ? TIMESTAMP_NONE : pg_int(res, i, col);
}

/*
 * The foreign-key checks of action_invoice (and the run's reads) keep the
 * plan made when the tables were empty, which may read every action of the
 * tenant per row (pg_int.h, PG_ANALYZE_AFTER, says why). The first run of
 * a tenant fills them over many transactions, each below pg_inserted()'s
 * mark: so the actions are counted over the connection, and the tables
 * analyzed at 1,000, then at each tenfold (10,000...). Not when the tenant
 * already holds ten times the mark (a day's run after the first): the
 * statistics then describe a table of about that size already (the first
 * run's marks, autovacuum), and ANALYZE cost a quarter of the server's time
 * in the next day's run at 100,000 customers (0.4-0.5 s).
 */
static int analyze_now(struct store_tx *tx, size_t mark, struct error *e);

static int analyze_actions(struct store_tx *tx, struct error *e)
{
	size_t n = ++PG(tx)->actions_added, mark = PG_ANALYZE_AFTER;

	while (mark < n && mark <= SIZE_MAX / 10)
		mark *= 10;
	if (n != mark)
		return 0;
	return analyze_now(tx, mark, e);
}

static int analyze_now(struct store_tx *tx, size_t mark, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int64_t held;
	int ret;

	if (mark <= (size_t)INT64_MAX / 10) {
		pg_param_int(&p, tx->tenant);
		pg_param_int(&p, (int64_t)mark * 10);
		res = pg_run(ps, PG_ACTIONS, ST_ACTIONS_HELD, stmt_sql, &p, e);
		if (!res)
			return -ERR_ENV;
		held = pg_int(res, 0, 0);
		PQclear(res);
		if (held >= (int64_t)mark * 10)
			return 0;
	}
	ret = pg_exec_text(ps, "ANALYZE (SKIP_LOCKED) action", e);

	if (ret == 0)
		ret = pg_exec_text(ps, "ANALYZE (SKIP_LOCKED) action_invoice", e);
	if (ret < 0)
		error_prefix(e, "updating the planner's statistics");
	return ret;
}

/*
 * The step keys of the rows about to be inserted into action_invoice: the
 * arrays of their strategies and steps (PostgreSQL text arrays), made where
 * new. A statement of its own: the insert that follows joins them by name,
 * and sees the keys a concurrent writer committed meanwhile (ON CONFLICT
 * waited for it), where the same statement's CTE would not.
 */
static int put_step_keys(struct store_tx *tx, const char *strategies, const char *steps, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, strategies);
	pg_param_text(&p, steps);
	return pg_exec(PG(tx), PG_ACTIONS, ST_STEP_KEYS_PUT, stmt_sql, &p, e);
}

/*
 * The arrays of an action's invoices, their steps and (each) the strategy,
 * as PostgreSQL text arrays, their step keys made where new (put_step_keys):
 * what the inserts into action_invoice join by name.
 */
static int invoice_keys(struct store_tx *tx, const char *strategy, const struct action_invoice *inv, size_t n,
			struct pg_array *ids, struct pg_array *steps, struct pg_array *strategies, struct error *e)
{
	int ret = pg_array_start(ids, e);

	if (ret == 0)
		ret = pg_array_start(steps, e);
	if (ret == 0)
		ret = pg_array_start(strategies, e);
	for (size_t i = 0; i < n && ret == 0; i++) {
		ret = pg_array_int(ids, inv[i].invoice_id, e);
		if (ret == 0)
			ret = pg_array_text(steps, inv[i].step, e);
		if (ret == 0)
			ret = pg_array_text(strategies, strategy, e);
	}
	if (ret == 0)
		ret = pg_array_end(ids, e);
	if (ret == 0)
		ret = pg_array_end(steps, e);
	if (ret == 0)
		ret = pg_array_end(strategies, e);
	if (ret == 0)
		ret = put_step_keys(tx, strategies->buf, steps->buf, e);
	return ret;
}

static int pg_add(struct store_tx *tx, struct action_record *a, const struct action_invoice *inv, size_t n,
		  struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array ids = PG_ARRAY_INIT, steps = PG_ARRAY_INIT, strategies = PG_ARRAY_INIT;
	PGresult *res;
	int ret = analyze_actions(tx, e);

	if (ret == 0)
		ret = invoice_keys(tx, a->strategy, inv, n, &ids, &steps, &strategies, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_date(&p, a->run_date);
		pg_param_int(&p, a->customer_id);
		pg_param_id(&p, a->contact_id);
		pg_param_text(&p, a->currency);
		pg_param_int(&p, a->amount);
		pg_param_text(&p, a->kind);
		pg_param_text(&p, a->strategy);
		pg_param_text(&p, a->step);
		param_moment(&p, a->scheduled_at);
		pg_param_text(&p, a->local_time);
		pg_param_text(&p, a->state);
		pg_param_text(&p, a->reason_code);
		pg_param_text(&p, a->reason);
		param_ts_or_null(&p, a->next_allowed_at);
		pg_param_ts(&p, a->created_at);
		pg_param_text(&p, ids.buf);
		pg_param_text(&p, steps.buf);
		res = pg_run(PG(tx), PG_ACTIONS, ST_ADD, stmt_sql, &p, e);
		if (!res)
			ret = -ERR_ENV;
		else if (PQntuples(res) != (int)n)
			ret = error_set(e, ERR_ENV, "recording an action: %d of %zu invoices recorded", PQntuples(res),
					n);
		else
			a->id = pg_int(res, 0, 0);
		PQclear(res);
	}
	pg_array_release(&ids);
	pg_array_release(&steps);
	pg_array_release(&strategies);
	return ret;
}

/* Analyzes action and action_invoice when n more actions cross a mark of analyze_actions(). */
static int analyze_actions_after(struct store_tx *tx, size_t n, struct error *e)
{
	struct pg_store *ps = PG(tx);
	size_t before = ps->actions_added, mark = PG_ANALYZE_AFTER;

	ps->actions_added += n;
	while (mark <= before && mark <= SIZE_MAX / 10)
		mark *= 10;
	return mark <= ps->actions_added ? analyze_now(tx, mark, e) : 0;
}

/* The columns of the actions, one array each ($2..$15), and their invoices ($17..$19). */
enum { MANY_COLS = 14, MANY_INV_COLS = 4 }; /* ST_ADD_MANY: an invoice row is (ord, invoice, step, strategy) */

/* An action's MANY_COLS columns, one to each array col[0..MANY_COLS - 1] (ST_ADD_MANY, ST_COPY_ADD). */
static int push_action_columns(struct pg_array *col, const struct action_record *r, struct error *e)
{
	int ret = pg_array_date(&col[0], r->run_date, e);

	ret = ret ? ret : pg_array_int(&col[1], r->customer_id, e);
	ret = ret ? ret : pg_array_id(&col[2], r->contact_id, e);
	ret = ret ? ret : pg_array_text(&col[3], r->currency, e);
	ret = ret ? ret : pg_array_int(&col[4], r->amount, e);
	ret = ret ? ret : pg_array_text(&col[5], r->kind, e);
	ret = ret ? ret : pg_array_text(&col[6], r->strategy, e);
	ret = ret ? ret : pg_array_text(&col[7], r->step, e);
	ret = ret ? ret : array_moment(&col[8], r->scheduled_at, e);
	ret = ret ? ret : pg_array_text(&col[9], r->local_time, e);
	ret = ret ? ret : pg_array_text(&col[10], r->state, e);
	ret = ret ? ret : pg_array_text(&col[11], r->reason_code, e);
	ret = ret ? ret : pg_array_text(&col[12], r->reason, e);
	return ret ? ret : pg_array_id(&col[13], r->next_allowed_at, e);
}

static int many_arrays(struct pg_array *col, struct pg_array *inv, const struct action_record *a, size_t n,
		       const struct action_invoice *ai, const size_t *n_inv, struct error *e)
{
	int ret = 0;
	size_t k = 0;

	for (int c = 0; c < MANY_COLS && ret == 0; c++)
		ret = pg_array_start(&col[c], e);
	for (int c = 0; c < MANY_INV_COLS && ret == 0; c++)
		ret = pg_array_start(&inv[c], e);
	for (size_t i = 0; i < n && ret == 0; i++) {
		ret = push_action_columns(col, &a[i], e);
		for (size_t j = 0; j < n_inv[i] && ret == 0; j++, k++) {
			ret = pg_array_int(&inv[0], (int64_t)i + 1, e);
			ret = ret ? ret : pg_array_int(&inv[1], ai[k].invoice_id, e);
			ret = ret ? ret : pg_array_text(&inv[2], ai[k].step, e);
			ret = ret ? ret : pg_array_text(&inv[3], a[i].strategy, e);
		}
	}
	for (int c = 0; c < MANY_COLS && ret == 0; c++)
		ret = pg_array_end(&col[c], e);
	for (int c = 0; c < MANY_INV_COLS && ret == 0; c++)
		ret = pg_array_end(&inv[c], e);
	return ret;
}

static int cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* The actions' ids: the distinct action ids returned, in order, are the actions' in order. */
static int many_ids(PGresult *res, struct action_record *a, size_t n, size_t total, struct error *e)
{
	int64_t *ids;
	size_t m = 0;

	if ((size_t)PQntuples(res) != total)
		return error_set(e, ERR_ENV, "recording actions: %d of %zu invoices recorded", PQntuples(res), total);
	ids = malloc(total * sizeof(*ids));
	if (!ids)
		return error_set(e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < total; i++)
		ids[i] = pg_int(res, (int)i, 0);
	qsort(ids, total, sizeof(*ids), cmp_id);
	for (size_t i = 0; i < total; i++)
		if (m == 0 || ids[m - 1] != ids[i])
			ids[m++] = ids[i];
	for (size_t i = 0; i < n && m == n; i++)
		a[i].id = ids[i];
	free(ids);
	return m == n ? 0 : error_set(e, ERR_ENV, "recording actions: %zu of %zu actions recorded", m, n);
}

static int pg_add_many(struct store_tx *tx, struct action_record *a, size_t n, const struct action_invoice *ai,
		       const size_t *n_inv, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array col[MANY_COLS], inv[MANY_INV_COLS];
	PGresult *res;
	size_t total = 0;
	int ret;

	if (n == 0)
		return 0;
	for (int c = 0; c < MANY_COLS; c++)
		col[c] = (struct pg_array)PG_ARRAY_INIT;
	for (int c = 0; c < MANY_INV_COLS; c++)
		inv[c] = (struct pg_array)PG_ARRAY_INIT;
	for (size_t i = 0; i < n; i++)
		total += n_inv[i];
	ret = many_arrays(col, inv, a, n, ai, n_inv, e);
	if (ret == 0)
		ret = put_step_keys(tx, inv[3].buf, inv[2].buf, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		for (int c = 0; c < MANY_COLS; c++)
			pg_param_text(&p, col[c].buf);
		pg_param_ts(&p, a[0].created_at);
		for (int c = 0; c < MANY_INV_COLS; c++)
			pg_param_text(&p, inv[c].buf);
		res = pg_run(PG(tx), PG_ACTIONS, ST_ADD_MANY, stmt_sql, &p, e);
		ret = res ? many_ids(res, a, n, total, e) : -ERR_ENV;
		PQclear(res);
	}
	for (int c = 0; c < MANY_COLS; c++)
		pg_array_release(&col[c]);
	for (int c = 0; c < MANY_INV_COLS; c++)
		pg_array_release(&inv[c]);
	return ret == 0 ? analyze_actions_after(tx, n, e) : ret;
}

static int pg_set_state(struct store_tx *tx, int64_t id, const char *state, const char *reason_code, const char *reason,
			timestamp_t at, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int changed;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	pg_param_text(&p, state);
	pg_param_text(&p, reason_code);
	pg_param_text(&p, reason);
	pg_param_ts(&p, at);
	res = pg_run(PG(tx), PG_ACTIONS, ST_SET_STATE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	changed = strtol(PQcmdTuples(res), NULL, 10) > 0;
	PQclear(res);
	return changed;
}

struct row_ctx {
	void *cb;
	void *ctx;
};

/* A page of customers (pg_customers_each). */
struct customer_page {
	struct store_cursor *cur;
	store_run_customer_cb cb;
	void *ctx;
	int n;
};

static int recorded_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct run_recorded r;

	r.customer_id = pg_int(res, i, 0);
	r.action_id = pg_int(res, i, 1);
	r.invoice_id = pg_int(res, i, 2);
	r.state = pg_isnull(res, i, 3) ? NULL : PQgetvalue(res, i, 3);
	r.strategy = PQgetvalue(res, i, 4);
	r.step = PQgetvalue(res, i, 5);
	r.kind = pg_isnull(res, i, 6) ? NULL : PQgetvalue(res, i, 6);
	r.run_date = pg_isnull(res, i, 7) ? 0 : pg_date(res, i, 7);
	r.contact_id = pg_int(res, i, 8);
	r.scheduled_at = pg_int(res, i, 9);
	return ((store_run_recorded_cb)rc->cb)(rc->ctx, &r);
}

/* A chunk's customers and the as-of date, the parameters of the chunk reads. */
static void chunk_params(struct pg_params *p, int64_t tenant, int64_t from, int64_t to)
{
	pg_param_int(p, tenant);
	pg_param_int(p, from);
	pg_param_int(p, to);
}

static int pg_recorded_each(struct store_tx *tx, int64_t from, int64_t to, int later, store_run_recorded_cb cb,
			    void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	chunk_params(&p, tx->tenant, from, to);
	res = pg_run(PG(tx), PG_ACTIONS, later ? ST_RECORDED : ST_RECORDED_OPEN, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, recorded_row, &rc);
}

static int pg_recorded_due_each(struct store_tx *tx, int64_t from, int64_t to, date_t due_by, store_run_recorded_cb cb,
				void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	chunk_params(&p, tx->tenant, from, to);
	pg_param_date(&p, due_by);
	res = pg_run(PG(tx), PG_ACTIONS, ST_RECORDED_DUE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, recorded_row, &rc);
}

static int pg_waiting_each(struct store_tx *tx, int64_t from, int64_t to, timestamp_t since, store_run_recorded_cb cb,
			   void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	chunk_params(&p, tx->tenant, from, to);
	pg_param_ts(&p, since);
	res = pg_run(PG(tx), PG_ACTIONS, ST_WAITING, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, recorded_row, &rc);
}

static int customer_row(void *ctx, PGresult *res, int i)
{
	struct customer_page *pg = ctx;
	struct run_customer c;

	c.id = pg_int(res, i, 0);
	c.kind = strcmp(PQgetvalue(res, i, 1), "company") ? KIND_PERSON : KIND_COMPANY;
	pg_text(res, i, 2, c.country, sizeof(c.country));
	pg_text(res, i, 3, c.tags, sizeof(c.tags));
	pg->cur->after = c.id;
	pg->n++;
	return pg->cb(pg->ctx, &c);
}

/* The customers the contact rules are asked about, whole (store_run_customers_by_id). */
struct customers_by_id {
	store_customer_cb cb;
	void *ctx;
};

static int whole_customer_row(void *ctx, PGresult *res, int i)
{
	struct customers_by_id *w = ctx;
	struct customer c;

	pg_read_customer(res, i, &c, NULL);
	return w->cb(w->ctx, &c);
}

/* Statement `id` of (the tenant, `ids` as an array), each row handed to `row` (pg_each). */
static int ids_each(struct store_tx *tx, enum stmt_id id, const int64_t *ids, size_t n, pg_row_fn row, void *ctx,
		    struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT;
	PGresult *res = NULL;
	int ret = pg_array_ids(&arr, ids, n, e);

	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, arr.buf);
		res = pg_run(PG(tx), PG_ACTIONS, id, stmt_sql, &p, e);
		ret = res ? pg_each(res, row, ctx) : -ERR_ENV;
	}
	pg_array_release(&arr);
	return ret;
}

/* One statement for the chunk's customers (ids as an array), not a round trip each. */
static int pg_customers_by_id(struct store_tx *tx, const int64_t *ids, size_t n, store_customer_cb cb, void *ctx,
			      struct error *e)
{
	struct customers_by_id w = { cb, ctx };

	return ids_each(tx, ST_CUSTOMERS_BY_ID, ids, n, whole_customer_row, &w, e);
}

static int pg_customers_each(struct store_tx *tx, struct store_cursor *cur, store_run_customer_cb cb, void *ctx,
			     struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct customer_page pg = { cur, cb, ctx, 0 };
	PGresult *res;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, cur->after);
	if (cur->limit > 0)
		pg_param_int(&p, cur->limit);
	else
		pg_param_null(&p);
	res = pg_run(PG(tx), PG_ACTIONS, ST_CUSTOMERS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	ret = pg_each(res, customer_row, &pg);
	return ret != 0 ? ret : pg.n;
}

static int64_t pg_customers_count(struct store_tx *tx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int64_t n;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_ACTIONS, ST_CUSTOMERS_COUNT, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	n = pg_int(res, 0, 0);
	PQclear(res);
	return n;
}

static int invoice_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct run_invoice inv;

	inv.customer_id = pg_int(res, i, 0);
	inv.id = pg_int(res, i, 1);
	inv.currency = PQgetvalue(res, i, 2);
	inv.due_date = pg_date(res, i, 3);
	inv.amount = pg_int(res, i, 4);
	inv.balance = pg_int(res, i, 5);
	inv.product = PQgetvalue(res, i, 6);
	return ((store_run_invoice_cb)rc->cb)(rc->ctx, &inv);
}

static int answer_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct run_answer a;

	a.customer_id = pg_int(res, i, 0);
	a.at = pg_ts(res, i, 1);
	a.outcome = PQgetvalue(res, i, 2);
	a.inbound = (int)pg_int(res, i, 3);
	a.note = PQgetvalue(res, i, 4);
	return ((store_run_answer_cb)rc->cb)(rc->ctx, &a);
}

static int pg_answers_each(struct store_tx *tx, int64_t from, int64_t to, timestamp_t until, store_run_answer_cb cb,
			   void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	chunk_params(&p, tx->tenant, from, to);
	pg_param_ts(&p, until);
	res = pg_run(PG(tx), PG_ACTIONS, ST_ANSWERS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, answer_row, &rc);
}

static int pg_answers_of(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t until, store_run_answer_cb cb,
			 void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res = NULL;
	int ret = pg_array_ids(&arr, ids, n, e);

	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, arr.buf);
		pg_param_ts(&p, until);
		res = pg_run(PG(tx), PG_ACTIONS, ST_ANSWERS_OF, stmt_sql, &p, e);
		ret = res ? pg_each(res, answer_row, &rc) : -ERR_ENV;
	}
	pg_array_release(&arr);
	return ret;
}

struct steps_found {
	unsigned char *found;
	size_t n;
};

static int step_found_row(void *ctx, PGresult *res, int i)
{
	struct steps_found *sf = ctx;
	int64_t o = pg_int(res, i, 0);

	if (o >= 1 && (uint64_t)o <= sf->n)
		sf->found[o - 1] = 1;
	return 0;
}

static int pg_steps_recorded(struct store_tx *tx, const struct run_step_key *keys, size_t n, unsigned char *found,
			     struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array inv = PG_ARRAY_INIT, strategy = PG_ARRAY_INIT, step = PG_ARRAY_INIT;
	struct steps_found sf = { found, n };
	PGresult *res = NULL;
	int ret = pg_array_start(&inv, e);

	if (ret == 0)
		ret = pg_array_start(&strategy, e);
	if (ret == 0)
		ret = pg_array_start(&step, e);
	for (size_t i = 0; i < n && ret == 0; i++) {
		found[i] = 0;
		ret = pg_array_int(&inv, keys[i].invoice_id, e);
		if (ret == 0)
			ret = pg_array_text(&strategy, keys[i].strategy, e);
		if (ret == 0)
			ret = pg_array_text(&step, keys[i].step, e);
	}
	if (ret == 0)
		ret = pg_array_end(&inv, e);
	if (ret == 0)
		ret = pg_array_end(&strategy, e);
	if (ret == 0)
		ret = pg_array_end(&step, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, inv.buf);
		pg_param_text(&p, strategy.buf);
		pg_param_text(&p, step.buf);
		res = pg_run(PG(tx), PG_ACTIONS, ST_STEPS_RECORDED, stmt_sql, &p, e);
		ret = res ? pg_each(res, step_found_row, &sf) : -ERR_ENV;
	}
	pg_array_release(&inv);
	pg_array_release(&strategy);
	pg_array_release(&step);
	return ret;
}

static int pg_recorded_of(struct store_tx *tx, const struct run_invoice_key *keys, size_t n, store_run_recorded_cb cb,
			  void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array customers = PG_ARRAY_INIT, invoices = PG_ARRAY_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res = NULL;
	int ret = pg_array_start(&customers, e);

	if (ret == 0)
		ret = pg_array_start(&invoices, e);
	for (size_t i = 0; i < n && ret == 0; i++) {
		ret = pg_array_int(&customers, keys[i].customer_id, e);
		if (ret == 0)
			ret = pg_array_int(&invoices, keys[i].invoice_id, e);
	}
	if (ret == 0)
		ret = pg_array_end(&customers, e);
	if (ret == 0)
		ret = pg_array_end(&invoices, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, customers.buf);
		pg_param_text(&p, invoices.buf);
		res = pg_run(PG(tx), PG_ACTIONS, ST_RECORDED_OF, stmt_sql, &p, e);
		ret = res ? pg_each(res, recorded_row, &rc) : -ERR_ENV;
	}
	pg_array_release(&customers);
	pg_array_release(&invoices);
	return ret;
}

/*
 * The run's step conditions (conditions_hold: previous_moment, then
 * paid_between) read an action's state and moment and the payments of an
 * account, never a balance: run with the balance moves held back (pg_run),
 * the run's fees and interest are written with the chunk's watch rows, not
 * one UPDATE per condition checked.
 */
const uint64_t pg_actions_balance_blind = PG_STMT_BIT(ST_PAID_BETWEEN) | PG_STMT_BIT(ST_ACTION_MOMENT);

/*
 * Whether an entry held back (pg_ledger_flush) is of a kind ST_PAID_BETWEEN
 * reads: a payment, a credit note or unapplied money. The run's own are
 * fees and interest, and the statement reads no balance (the moves held
 * back): flushed before each condition it checked, they were a hundred
 * round trips of the next day at 100,000 customers (51 UPDATE and 50
 * INSERT of one or two rows each); now with the watch rows (pg_watch_put).
 */
static int ledger_holds_money_in(const struct pg_store *ps)
{
	for (size_t k = 0; k < ps->ledger_n; k++) {
		enum ledger_kind kind = ps->ledger_buf[k].kind;
		if (kind == LEDGER_PAYMENT || kind == LEDGER_CREDIT_NOTE || kind == LEDGER_UNAPPLIED)
			return 1;
	}
	return 0;
}

static int pg_paid_between(struct store_tx *tx, int64_t customer_id, const char *currency, date_t from, date_t to,
			   struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	if (ledger_holds_money_in(PG(tx)) && pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_text(&p, currency);
	pg_param_date(&p, from);
	pg_param_date(&p, to);
	res = pg_run(PG(tx), PG_ACTIONS, ST_PAID_BETWEEN, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) > 0;
	PQclear(res);
	return found;
}

static int pg_paid_between_each(struct store_tx *tx, const int64_t *customers, const char *const *currencies,
				const date_t *froms, size_t n, date_t to, int *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array c = PG_ARRAY_INIT, cur = PG_ARRAY_INIT, f = PG_ARRAY_INIT;
	PGresult *res = NULL;
	int ret = ledger_holds_money_in(PG(tx)) && pg_ledger_flush(PG(tx), e) < 0 ? -ERR_ENV : 0;

	if (ret == 0)
		ret = pg_array_ids(&c, customers, n, e);
	if (ret == 0)
		ret = pg_array_texts(&cur, currencies, n, e);
	if (ret == 0)
		ret = pg_array_start(&f, e);
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = pg_array_date(&f, froms[i], e);
	if (ret == 0)
		ret = pg_array_end(&f, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, c.buf);
		pg_param_text(&p, cur.buf);
		pg_param_text(&p, f.buf);
		pg_param_date(&p, to);
		res = pg_run(PG(tx), PG_ACTIONS, ST_PAID_EACH, stmt_sql, &p, e);
		ret = res ? 0 : -ERR_ENV;
	}
	if (ret == 0) {
		memset(out, 0, n * sizeof(*out));
		for (int i = 0; i < PQntuples(res); i++) {
			int64_t o = pg_int(res, i, 0);
			if (o >= 1 && (size_t)o <= n)
				out[o - 1] = 1;
		}
	}
	PQclear(res);
	pg_array_release(&c);
	pg_array_release(&cur);
	pg_array_release(&f);
	return ret;
}

static int pg_action_moments(struct store_tx *tx, const int64_t *ids, size_t n, store_run_moment_cb cb, void *ctx,
			     struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT;
	PGresult *res = NULL;
	int ret = pg_array_ids(&arr, ids, n, e);

	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, arr.buf);
		res = pg_run(PG(tx), PG_ACTIONS, ST_MOMENTS, stmt_sql, &p, e);
		ret = res ? 0 : -ERR_ENV;
	}
	for (int i = 0; ret == 0 && res && i < PQntuples(res); i++)
		ret = cb(ctx, pg_int(res, i, 0), PQgetvalue(res, i, 1), col_moment(res, i, 2));
	PQclear(res);
	pg_array_release(&arr);
	return ret;
}

static int pg_action_moment(struct store_tx *tx, int64_t id, char *state, size_t size, timestamp_t *scheduled_at,
			    struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	res = pg_run(PG(tx), PG_ACTIONS, ST_ACTION_MOMENT, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) > 0;
	if (found) {
		snprintf(state, size, "%s", PQgetvalue(res, 0, 0));
		*scheduled_at = col_moment(res, 0, 1);
	}
	PQclear(res);
	return found;
}

static int pg_move(struct store_tx *tx, int64_t id, const char *from, const char *state, const char *reason_code,
		   const char *reason, timestamp_t at, struct action_state_now *now, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int moved;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	pg_param_text(&p, from);
	pg_param_text(&p, state);
	pg_param_text(&p, reason_code);
	pg_param_text(&p, reason);
	pg_param_ts(&p, at);
	res = pg_run(PG(tx), PG_ACTIONS, ST_MOVE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	moved = strtol(PQcmdTuples(res), NULL, 10) > 0;
	PQclear(res);
	if (moved)
		return 1;
	/* a statement of its own: it sees what the transaction that moved the action committed */
	p = (struct pg_params)PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	res = pg_run(PG(tx), PG_ACTIONS, ST_ACTION_MOMENT, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) > 0) {
		pg_text(res, 0, 0, now->state, sizeof(now->state));
		pg_text(res, 0, 2, now->reason_code, sizeof(now->reason_code));
	}
	PQclear(res);
	return 0;
}

static int redo_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct run_redo r;

	r.customer_id = pg_int(res, i, 0);
	r.action_id = pg_int(res, i, 1);
	r.code = PQgetvalue(res, i, 2);
	return ((store_run_redo_cb)rc->cb)(rc->ctx, &r);
}

static int pg_hold_cancelled_of(struct store_tx *tx, const int64_t *ids, size_t n, store_run_redo_cb cb, void *ctx,
				struct error *e)
{
	struct row_ctx rc = { (void *)cb, ctx };

	return ids_each(tx, ST_HOLD_CANCELLED, ids, n, redo_row, &rc, e);
}

static int pg_redo(struct store_tx *tx, int64_t id, const struct action_record *a, const struct action_invoice *more,
		   size_t n_more, const int64_t *held, size_t n_held, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array ids = PG_ARRAY_INIT, steps = PG_ARRAY_INIT, strategies = PG_ARRAY_INIT;
	PGresult *res;
	int moved, ret = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	pg_param_date(&p, a->run_date);
	pg_param_id(&p, a->contact_id);
	pg_param_text(&p, a->kind);
	pg_param_int(&p, a->amount);
	param_moment(&p, a->scheduled_at);
	pg_param_text(&p, a->local_time);
	pg_param_text(&p, a->state);
	pg_param_text(&p, a->reason_code);
	pg_param_text(&p, a->reason);
	param_ts_or_null(&p, a->next_allowed_at);
	pg_param_ts(&p, a->updated_at);
	pg_param_text(&p, a->step);
	res = pg_run(PG(tx), PG_ACTIONS, ST_REDO, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	moved = strtol(PQcmdTuples(res), NULL, 10) > 0;
	PQclear(res);
	if (!moved)
		return moved;
	if (n_held) {
		ret = pg_array_ids(&ids, held, n_held, e);
		if (ret == 0) {
			p = (struct pg_params)PG_PARAMS_INIT;
			pg_param_int(&p, tx->tenant);
			pg_param_int(&p, id);
			pg_param_text(&p, ids.buf);
			res = pg_run(PG(tx), PG_ACTIONS, ST_REDO_DROP, stmt_sql, &p, e);
			ret = res ? 0 : -ERR_ENV;
			PQclear(res);
		}
		pg_array_release(&ids);
		if (ret < 0)
			return ret;
	}
	if (n_more == 0)
		return moved;
	ret = invoice_keys(tx, a->strategy, more, n_more, &ids, &steps, &strategies, e);
	if (ret == 0) {
		p = (struct pg_params)PG_PARAMS_INIT;
		pg_param_int(&p, tx->tenant);
		pg_param_int(&p, id);
		pg_param_text(&p, ids.buf);
		pg_param_text(&p, steps.buf);
		pg_param_text(&p, a->strategy);
		res = pg_run(PG(tx), PG_ACTIONS, ST_REDO_INVOICES, stmt_sql, &p, e);
		if (!res)
			ret = -ERR_ENV;
		else if (strtol(PQcmdTuples(res), NULL, 10) != (long)n_more)
			ret = error_set(e, ERR_ENV, "listing invoices on an action done again: %s of %zu listed",
					PQcmdTuples(res), n_more);
		PQclear(res);
	}
	pg_array_release(&ids);
	pg_array_release(&steps);
	pg_array_release(&strategies);
	return ret < 0 ? ret : 1;
}

/* 1 when statement `id` (tenant, date) has a row. */
static int exists(struct store_tx *tx, enum stmt_id id, date_t as_of, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, as_of);
	res = pg_run(PG(tx), PG_ACTIONS, id, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) > 0;
	PQclear(res);
	return found;
}

static int pg_later(struct store_tx *tx, date_t as_of, struct error *e)
{
	return exists(tx, ST_LATER, as_of, e);
}

static int pg_run_after(struct store_tx *tx, date_t as_of, struct error *e)
{
	return exists(tx, ST_RUN_AFTER, as_of, e);
}

static int pg_invoices_each(struct store_tx *tx, int64_t from, int64_t to, date_t as_of, int later,
			    store_run_invoice_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	chunk_params(&p, tx->tenant, from, to);
	pg_param_date(&p, as_of);
	res = pg_run(PG(tx), PG_ACTIONS, later ? ST_INVOICES_LATER : ST_INVOICES, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, invoice_row, &rc);
}

/* A page's open invoice (ST_PAGE_INVOICES): to cb->invoice, or when issued after the date to cb->issued_later. */
static int page_invoice_row(void *ctx, PGresult *res, int i)
{
	const struct run_page_cb *cb = ctx;
	struct row_ctx rc = { (void *)cb->invoice, cb->ctx };

	if (PQgetvalue(res, i, 7)[0] != 't')
		return cb->issued_later ? cb->issued_later(cb->ctx, pg_int(res, i, 0), pg_date(res, i, 8)) : 0;
	return invoice_row(&rc, res, i);
}

/* The open invoices of the page's customers [from, to] (pg_page). */
static int page_invoices(struct store_tx *tx, int64_t from, int64_t to, date_t as_of, const struct run_page_cb *cb,
			 struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	chunk_params(&p, tx->tenant, from, to);
	pg_param_date(&p, as_of);
	res = pg_run(PG(tx), PG_ACTIONS, ST_PAGE_INVOICES, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, page_invoice_row, (void *)cb);
}

/* The page's first customer, on the way to the run's callback (pg_page). */
struct page_first {
	const struct run_page_cb *cb;
	int64_t first;
};

static int page_customer(void *ctx, const struct run_customer *c)
{
	struct page_first *pf = ctx;

	if (!pf->first)
		pf->first = c->id;
	return pf->cb->customer(pf->cb->ctx, c);
}

/*
 * The page, then the open invoices and the waiting actions of its range of
 * ids: the statements of pg_customers_each, store_run_invoices_each and
 * store_run_waiting_each, each page customer's facts read once.
 */
static int pg_page(struct store_tx *tx, struct store_cursor *cur, date_t as_of, timestamp_t since,
		   const struct run_page_cb *cb, struct error *e)
{
	struct page_first pf = { cb, 0 };
	int n = pg_customers_each(tx, cur, page_customer, &pf, e), ret;

	if (n <= 0)
		return n;
	ret = page_invoices(tx, pf.first, cur->after, as_of, cb, e);
	if (ret == 0)
		ret = pg_waiting_each(tx, pf.first, cur->after, since, cb->waiting, cb->ctx, e);
	return ret != 0 ? ret : n;
}

/* A row of (customer, currency, amount) to a store_run_credit_cb: the day's charges (ST_DAY_CHARGES). */
static int amount_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	return ((store_run_credit_cb)rc->cb)(rc->ctx, pg_int(res, i, 0), PQgetvalue(res, i, 1), pg_int(res, i, 2));
}

/* The run's credit rows (ST_CREDIT, ST_CREDIT_OF): the callback's, and where a sum beyond int64 is named. */
struct credit_ctx {
	store_run_credit_cb cb;
	void *ctx;
	struct store_tx *tx;
	struct error *e;
};

static int credit_row(void *ctx, PGresult *res, int i)
{
	struct credit_ctx *cc = ctx;

	/* the result is whole in memory (pg_each): the customer's ref may be read meanwhile */
	if (pg_isnull(res, i, 2))
		return store__credit_overflow(cc->tx, pg_int(res, i, 0), NULL, PQgetvalue(res, i, 1), cc->e);
	return cc->cb(cc->ctx, pg_int(res, i, 0), PQgetvalue(res, i, 1), pg_int(res, i, 2));
}

static int pg_credit_each(struct store_tx *tx, int64_t from, int64_t to, date_t as_of, store_run_credit_cb cb,
			  void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct credit_ctx cc = { cb, ctx, tx, e };
	PGresult *res;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	chunk_params(&p, tx->tenant, from, to);
	pg_param_date(&p, as_of);
	res = pg_run(PG(tx), PG_ACTIONS, ST_CREDIT, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, credit_row, &cc);
}

static int pg_credit_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t as_of, store_run_credit_cb cb,
			void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT;
	struct credit_ctx cc = { cb, ctx, tx, e };
	PGresult *res;
	int ret = pg_ledger_flush(PG(tx), e) < 0 ? -ERR_ENV : pg_array_ids(&arr, ids, n, e);

	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, arr.buf);
		pg_param_date(&p, as_of);
		res = pg_run(PG(tx), PG_ACTIONS, ST_CREDIT_OF, stmt_sql, &p, e);
		ret = res ? pg_each(res, credit_row, &cc) : -ERR_ENV;
	}
	pg_array_release(&arr);
	return ret;
}

static int pg_day_charges_each(struct store_tx *tx, date_t day, int64_t customer_id, store_run_credit_cb cb, void *ctx,
			       struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, day);
	if (customer_id)
		pg_param_int(&p, customer_id);
	res = pg_run(PG(tx), PG_ACTIONS, customer_id ? ST_DAY_CHARGES_OF : ST_DAY_CHARGES, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, amount_row, &rc);
}

static int pg_run_start(struct store_tx *tx, date_t run_date, timestamp_t at, char *state, size_t size, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT, q = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, run_date);
	pg_param_ts(&p, at);
	ret = pg_exec(PG(tx), PG_ACTIONS, ST_RUN_START, stmt_sql, &p, e);
	if (ret < 0)
		return ret;
	pg_param_int(&q, tx->tenant);
	pg_param_date(&q, run_date);
	res = pg_run(PG(tx), PG_ACTIONS, ST_RUN_STATE, stmt_sql, &q, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) > 0)
		pg_text(res, 0, 0, state, size);
	else
		ret = error_set(e, ERR_ENV, "the run just recorded is missing");
	PQclear(res);
	return ret;
}

static int pg_run_finish(struct store_tx *tx, date_t run_date, timestamp_t at, const char *summary, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, run_date);
	pg_param_ts(&p, at);
	pg_param_text(&p, summary);
	return pg_exec(PG(tx), PG_ACTIONS, ST_RUN_FINISH, stmt_sql, &p, e);
}

static int pg_run_cancelled_add(struct store_tx *tx, date_t run_date, int64_t n, int64_t *total, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, run_date);
	pg_param_int(&p, n);
	res = pg_run(PG(tx), PG_ACTIONS, ST_RUN_CANCELLED, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	if (total)
		*total = PQntuples(res) > 0 ? pg_int(res, 0, 0) : n; /* no run recorded (a dry run records none) */
	PQclear(res);
	return 0;
}

static int count_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	return ((store_run_count_cb)rc->cb)(rc->ctx, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
					    PQgetvalue(res, i, 2), pg_int(res, i, 3));
}

static int pg_run_counts_each(struct store_tx *tx, date_t run_date, store_run_count_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, run_date);
	res = pg_run(PG(tx), PG_ACTIONS, ST_RUN_COUNTS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, count_row, &rc);
}

static void read_action(const PGresult *res, int i, struct action_record *a)
{
	a->id = pg_int(res, i, 0);
	a->run_date = pg_date(res, i, 1);
	a->customer_id = pg_int(res, i, 2);
	pg_text(res, i, 3, a->customer_ref, sizeof(a->customer_ref));
	a->contact_id = pg_int(res, i, 4);
	pg_text(res, i, 5, a->contact_ref, sizeof(a->contact_ref));
	pg_text(res, i, 6, a->currency, sizeof(a->currency));
	a->amount = pg_int(res, i, 7);
	pg_text(res, i, 8, a->kind, sizeof(a->kind));
	pg_text(res, i, 9, a->strategy, sizeof(a->strategy));
	pg_text(res, i, 10, a->step, sizeof(a->step));
	a->scheduled_at = col_moment(res, i, 11);
	pg_text(res, i, 12, a->local_time, sizeof(a->local_time));
	pg_text(res, i, 13, a->state, sizeof(a->state));
	pg_text(res, i, 14, a->reason_code, sizeof(a->reason_code));
	pg_text(res, i, 15, a->reason, sizeof(a->reason));
	a->next_allowed_at = pg_int(res, i, 16);
	a->created_at = pg_int(res, i, 17);
	a->updated_at = pg_int(res, i, 18);
	a->first_run_date = pg_date(res, i, 19); /* NULL: 0 */
}

static int action_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct action_record a;

	read_action(res, i, &a);
	return ((store_action_cb)rc->cb)(rc->ctx, &a, PQgetvalue(res, i, 20));
}

static int pg_each_action(struct store_tx *tx, const struct action_filter *f, store_action_cb cb, void *ctx,
			  struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };

	pg_param_int(&p, tx->tenant);
	if (f->run_date)
		pg_param_date(&p, f->run_date);
	else
		pg_param_null(&p);
	pg_param_int(&p, f->customer_id);
	if (f->kind)
		pg_param_text(&p, f->kind);
	else
		pg_param_null(&p);
	if (f->state)
		pg_param_text(&p, f->state);
	else
		pg_param_null(&p);
	return pg_stream(PG(tx), each_sql, &p, action_row, &rc, e);
}

/* Rows per snapshot statement: the arrays of a statement stay a few hundred kB. */
#define SNAPSHOT_ROWS 4096

static int snapshot_add(struct store_tx *tx, date_t run_date, const struct snapshot_row *rows, size_t n,
			struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array col[7];
	int ret = 0;

	for (int c = 0; c < 7; c++)
		col[c] = (struct pg_array)PG_ARRAY_INIT;
	for (int c = 0; c < 7 && ret == 0; c++)
		ret = pg_array_start(&col[c], e);
	for (size_t i = 0; i < n && ret == 0; i++) {
		ret = pg_array_text(&col[0], rows[i].dimension, e);
		ret = ret ? ret : pg_array_text(&col[1], rows[i].key, e);
		ret = ret ? ret : pg_array_text(&col[2], rows[i].currency, e);
		ret = ret ? ret : pg_array_text(&col[3], rows[i].bucket, e);
		ret = ret ? ret : pg_array_int(&col[4], rows[i].accounts, e);
		ret = ret ? ret : pg_array_int(&col[5], rows[i].invoices, e);
		ret = ret ? ret : pg_array_int(&col[6], rows[i].balance, e);
	}
	for (int c = 0; c < 7 && ret == 0; c++)
		ret = pg_array_end(&col[c], e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_date(&p, run_date);
		for (int c = 0; c < 7; c++)
			pg_param_text(&p, col[c].buf);
		ret = pg_exec(PG(tx), PG_ACTIONS, ST_SNAPSHOT_ADD, stmt_sql, &p, e);
	}
	for (int c = 0; c < 7; c++)
		pg_array_release(&col[c]);
	return ret;
}

static int pg_snapshot_put(struct store_tx *tx, date_t run_date, const struct snapshot_row *rows, size_t n,
			   struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, run_date);
	ret = pg_exec(PG(tx), PG_ACTIONS, ST_SNAPSHOT_DELETE, stmt_sql, &p, e);
	for (size_t i = 0; i < n && ret == 0; i += SNAPSHOT_ROWS)
		ret = snapshot_add(tx, run_date, rows + i, n - i < SNAPSHOT_ROWS ? n - i : SNAPSHOT_ROWS, e);
	return ret;
}

static int snapshot_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct snapshot_row r;

	r.run_date = pg_date(res, i, 0);
	r.dimension = PQgetvalue(res, i, 1);
	r.key = PQgetvalue(res, i, 2);
	r.currency = PQgetvalue(res, i, 3);
	r.bucket = PQgetvalue(res, i, 4);
	r.accounts = pg_int(res, i, 5);
	r.invoices = pg_int(res, i, 6);
	r.balance = pg_int(res, i, 7);
	return ((store_snapshot_cb)rc->cb)(rc->ctx, &r);
}

static int pg_snapshots_each(struct store_tx *tx, date_t from, date_t to, store_snapshot_cb cb, void *ctx,
			     struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, from);
	pg_param_date(&p, to);
	return pg_stream(PG(tx), snapshots_sql, &p, snapshot_row, &rc, e);
}

/*
 * The run lock: a session advisory lock, which PostgreSQL releases when
 * the session ends, however the client died (kill -9 closes the socket).
 */
static int pg_lock(struct store *s, int64_t tenant, struct error *e)
{
	struct pg_store *ps = (struct pg_store *)s;
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int got;

	pg_param_int(&p, PG_RUN_LOCK_CLASS);
	pg_param_int(&p, tenant);
	res = pg_run(ps, PG_ACTIONS, ST_LOCK, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	got = PQntuples(res) > 0 && !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	if (got)
		ps->session_locks++;
	return got;
}

static void pg_unlock(struct store *s, int64_t tenant)
{
	struct pg_store *ps = (struct pg_store *)s;
	struct pg_params p = PG_PARAMS_INIT;
	struct error e = ERROR_INIT;
	PGresult *res;

	pg_param_int(&p, PG_RUN_LOCK_CLASS);
	pg_param_int(&p, tenant);
	if (ps->session_locks > 0)
		ps->session_locks--;
	res = pg_run(ps, PG_ACTIONS, ST_UNLOCK, stmt_sql, &p, &e);
	PQclear(res); /* a lock not held, or a lost connection: the session's end releases it */
}

static int pg_run_last(struct store_tx *tx, struct run_last *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	memset(out, 0, sizeof(*out));
	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_ACTIONS, ST_RUN_LAST, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	out->run_date = pg_date(res, 0, 0);
	out->started_at = pg_ts(res, 0, 1);
	out->finished_at = pg_ts(res, 0, 2);
	out->summary = strdup(PQgetvalue(res, 0, 3));
	PQclear(res);
	return out->summary ? 1 : error_set(e, ERR_ENV, "out of memory");
}

/* ---- copying a book (recoup migrate) ---- */

static int pg_runs_each(struct store_tx *tx, store_run_row_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	struct run_row r;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_ACTIONS, ST_RUNS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		r.run_date = pg_date(res, i, 0);
		r.state = PQgetvalue(res, i, 1);
		r.started_at = pg_ts(res, i, 2);
		r.finished_at = pg_ts(res, i, 3);
		r.summary = PQgetvalue(res, i, 4);
		stop = cb(ctx, &r);
	}
	PQclear(res);
	return stop;
}

static int pg_run_put(struct store_tx *tx, const struct run_row *r, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int written;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, r->run_date);
	pg_param_text(&p, r->state);
	pg_param_ts(&p, r->started_at);
	param_ts_or_null(&p, r->finished_at);
	pg_param_text(&p, r->summary);
	res = pg_run(PG(tx), PG_ACTIONS, ST_RUN_PUT, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	written = strtol(PQcmdTuples(res), NULL, 10) > 0;
	PQclear(res);
	return written;
}

struct copy_page {
	struct store_cursor *cur;
	store_action_copy_cb cb;
	void *ctx;
	int n;
};

static int copy_row(void *ctx, PGresult *res, int i)
{
	struct copy_page *pg = ctx;
	struct action_record a;
	struct action_copy_row r = { &a, 0, NULL, NULL };

	read_action(res, i, &a);
	if (a.id != pg->cur->after) /* the page's next action (ids > after) */
		pg->n++;
	pg->cur->after = a.id;
	r.invoice_id = pg_int(res, i, 20);
	r.strategy = pg_isnull(res, i, 21) ? NULL : PQgetvalue(res, i, 21);
	r.step = pg_isnull(res, i, 22) ? NULL : PQgetvalue(res, i, 22);
	return pg->cb(pg->ctx, &r);
}

static int pg_actions_copy_list(struct store_tx *tx, struct store_cursor *cur, store_action_copy_cb cb, void *ctx,
				struct error *e)
{
	struct copy_page pg = { cur, cb, ctx, 0 };
	int ret = pg_list(PG(tx), PG_ACTIONS, ST_COPY_LIST, stmt_sql, COPY_LIST_SQL COPY_LIST_TAIL, tx->tenant, cur,
			  copy_row, &pg, e);

	return ret != 0 ? ret : pg.n;
}

/* The columns of the copied actions, one array each ($2..$18), and their invoices ($19..$22). */
enum { COPY_COLS = MANY_COLS + 3, COPY_INV_COLS = 4 };

static int copy_arrays(struct pg_array *col, struct pg_array *inv, const struct action_record *a, size_t n,
		       const struct action_copy_invoice *ai, const size_t *n_inv, struct error *e)
{
	int ret = 0;
	size_t k = 0;

	for (int c = 0; c < COPY_COLS && ret == 0; c++)
		ret = pg_array_start(&col[c], e);
	for (int c = 0; c < COPY_INV_COLS && ret == 0; c++)
		ret = pg_array_start(&inv[c], e);
	for (size_t i = 0; i < n && ret == 0; i++) {
		ret = push_action_columns(col, &a[i], e);
		ret = ret ? ret : pg_array_int(&col[MANY_COLS], a[i].created_at, e);
		ret = ret ? ret : pg_array_int(&col[MANY_COLS + 1], a[i].updated_at, e);
		/* 0 (never done again) is NULL: pg_array_id writes NULL for 0 */
		ret = ret                   ? ret
		      : a[i].first_run_date ? pg_array_date(&col[MANY_COLS + 2], a[i].first_run_date, e)
					    : pg_array_id(&col[MANY_COLS + 2], 0, e);
		for (size_t j = 0; j < n_inv[i] && ret == 0; j++, k++) {
			ret = pg_array_int(&inv[0], (int64_t)i + 1, e);
			ret = ret ? ret : pg_array_int(&inv[1], ai[k].invoice_id, e);
			ret = ret ? ret : pg_array_text(&inv[2], ai[k].strategy, e);
			ret = ret ? ret : pg_array_text(&inv[3], ai[k].step, e);
		}
	}
	for (int c = 0; c < COPY_COLS && ret == 0; c++)
		ret = pg_array_end(&col[c], e);
	for (int c = 0; c < COPY_INV_COLS && ret == 0; c++)
		ret = pg_array_end(&inv[c], e);
	return ret;
}

static int pg_actions_copy_add(struct store_tx *tx, struct action_record *a, size_t n,
			       const struct action_copy_invoice *ai, const size_t *n_inv, int64_t above,
			       struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT, q = PG_PARAMS_INIT;
	struct pg_array col[COPY_COLS], inv[COPY_INV_COLS];
	PGresult *res;
	size_t total = 0;
	int ret;

	pg_param_int(&q, above);
	ret = pg_exec(PG(tx), PG_ACTIONS, ST_IDS_ABOVE, stmt_sql, &q, e);
	if (ret < 0)
		return ret;

	for (int c = 0; c < COPY_COLS; c++)
		col[c] = (struct pg_array)PG_ARRAY_INIT;
	for (int c = 0; c < COPY_INV_COLS; c++)
		inv[c] = (struct pg_array)PG_ARRAY_INIT;
	for (size_t i = 0; i < n; i++)
		total += n_inv[i];
	ret = copy_arrays(col, inv, a, n, ai, n_inv, e);
	if (ret == 0)
		ret = put_step_keys(tx, inv[2].buf, inv[3].buf, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		for (int c = 0; c < COPY_COLS; c++)
			pg_param_text(&p, col[c].buf);
		for (int c = 0; c < COPY_INV_COLS; c++)
			pg_param_text(&p, inv[c].buf);
		res = pg_run(PG(tx), PG_ACTIONS, ST_COPY_ADD, stmt_sql, &p, e);
		if (!res)
			ret = -ERR_ENV;
		else if ((size_t)PQntuples(res) != n || (n && (size_t)pg_int(res, 0, 1) != total))
			ret = error_set(e, ERR_ENV, "copying actions: %d of %zu actions, %lld of %zu invoices written",
					PQntuples(res), n, PQntuples(res) ? (long long)pg_int(res, 0, 1) : 0LL, total);
		for (size_t i = 0; i < n && ret == 0; i++)
			a[i].id = pg_int(res, (int)i, 0);
		PQclear(res);
	}
	for (int c = 0; c < COPY_COLS; c++)
		pg_array_release(&col[c]);
	for (int c = 0; c < COPY_INV_COLS; c++)
		pg_array_release(&inv[c]);
	return ret == 0 ? analyze_actions_after(tx, n, e) : ret;
}

static int pg_last_id(struct store_tx *tx, int64_t *id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	*id = 0;
	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_ACTIONS, ST_LAST_ID, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) == 1)
		*id = pg_int(res, 0, 0);
	PQclear(res);
	return 0;
}

/* ---- the run's watch (store/actions.h; migration 0037) ---- */

static int pg_watch_state_get(struct store_tx *tx, char *version, size_t size, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_ACTIONS, ST_WATCH_STATE_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found && size)
		pg_text(res, 0, 0, version, size);
	PQclear(res);
	return found;
}

static int pg_watch_state_put(struct store_tx *tx, const char *version, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, version);
	return pg_exec(PG(tx), PG_ACTIONS, ST_WATCH_STATE_PUT, stmt_sql, &p, e);
}

static int pg_watch_reset(struct store_tx *tx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	return pg_exec(PG(tx), PG_ACTIONS, ST_WATCH_RESET, stmt_sql, &p, e);
}

static int watched_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	return ((store_run_id_cb)rc->cb)(rc->ctx, pg_int(res, i, 0));
}

static int pg_dirty_each(struct store_tx *tx, store_run_id_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };

	pg_param_int(&p, tx->tenant);
	return pg_stream(PG(tx), dirty_sql, &p, watched_row, &rc, e);
}

static int pg_due_desc_each(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, as_of);
	return pg_stream(PG(tx), due_desc_sql, &p, watched_row, &rc, e);
}

static int pg_watched_each(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };

	/* the entries and balance moves held back mark their customers when written */
	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, as_of);
	return pg_stream(PG(tx), watched_sql, &p, watched_row, &rc, e);
}

/* The customers of a list's page, counted on their way to the run's callback (pg_page_of). */
struct page_count {
	const struct run_page_cb *cb;
	int n;
};

/* The same from a whole row (PG_CUSTOMER_COLS), given whole to cb->whole first. */
static int page_of_whole(void *ctx, PGresult *res, int i)
{
	struct page_count *pc = ctx;
	struct customer whole;
	struct run_customer c;
	int ret;

	pg_read_customer(res, i, &whole, NULL);
	ret = pc->cb->whole(pc->cb->ctx, &whole);
	if (ret != 0)
		return ret;
	c.id = whole.id;
	c.kind = whole.kind;
	text_copy(c.country, sizeof(c.country), whole.country);
	text_copy(c.tags, sizeof(c.tags), whole.tags);
	pc->n++;
	return pc->cb->customer(pc->cb->ctx, &c);
}

static int page_of_customer(void *ctx, PGresult *res, int i)
{
	struct page_count *pc = ctx;
	struct run_customer c;

	c.id = pg_int(res, i, 0);
	c.kind = strcmp(PQgetvalue(res, i, 1), "company") ? KIND_PERSON : KIND_COMPANY;
	pg_text(res, i, 2, c.country, sizeof(c.country));
	pg_text(res, i, 3, c.tags, sizeof(c.tags));
	pc->n++;
	return pc->cb->customer(pc->cb->ctx, &c);
}

/*
 * The page of a list of customers in three statements, each given the
 * whole list: the open invoices, the waiting actions, then the customers'
 * rows (every one that exists, with rows or none).
 */
static int pg_page_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t as_of, timestamp_t since,
		      const struct run_page_cb *cb, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT;
	struct row_ctx wait = { (void *)cb->waiting, cb->ctx };
	struct page_count pc = { cb, 0 };
	PGresult *res;
	int ret = pg_ledger_flush(PG(tx), e) < 0 ? -ERR_ENV : pg_array_ids(&arr, ids, n, e);

	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, arr.buf);
		pg_param_date(&p, as_of);
		res = pg_run(PG(tx), PG_ACTIONS, ST_PAGE_OF_INVOICES, stmt_sql, &p, e);
		/* an invoice issued after the date to cb->issued_later (page_invoice_row) */
		ret = res ? pg_each(res, page_invoice_row, (void *)cb) : -ERR_ENV;
	}
	if (ret == 0) {
		p.n = 2; /* the tenant and the ids kept, then `since` */
		pg_param_ts(&p, since);
		res = pg_run(PG(tx), PG_ACTIONS, ST_PAGE_OF_WAITING, stmt_sql, &p, e);
		ret = res ? pg_each(res, recorded_row, &wait) : -ERR_ENV;
	}
	if (ret == 0) {
		p.n = 2;
		/* whole rows where the caller takes them (the run: its asked customers are most of the page) */
		res = pg_run(PG(tx), PG_ACTIONS, cb->whole ? ST_CUSTOMERS_BY_ID : ST_PAGE_OF_CUSTOMERS, stmt_sql, &p,
			     e);
		ret = res ? pg_each(res, cb->whole ? page_of_whole : page_of_customer, &pc) : -ERR_ENV;
	}
	pg_array_release(&arr);
	return ret != 0 ? ret : pc.n;
}

/* Rows per watch statement, as SNAPSHOT_ROWS: a statement's arrays stay a few hundred kB. */
#define WATCH_ROWS 4096

static int watch_add(struct store_tx *tx, const struct run_watch_row *rows, size_t n, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array col[4];
	int ret = 0;

	for (int c = 0; c < 4; c++)
		col[c] = (struct pg_array)PG_ARRAY_INIT;
	for (int c = 0; c < 4 && ret == 0; c++)
		ret = pg_array_start(&col[c], e);
	for (size_t i = 0; i < n && ret == 0; i++) {
		ret = pg_array_int(&col[0], rows[i].customer_id, e);
		if (ret == 0) /* DATE_NEVER is NULL (pg_array_id: 0 is NULL) */
			ret = rows[i].next_date == DATE_NEVER ? pg_array_id(&col[1], 0, e)
							      : pg_array_date(&col[1], rows[i].next_date, e);
		ret = ret ? ret : pg_array_int(&col[2], rows[i].accounts, e);
		ret = ret ? ret : pg_array_text(&col[3], rows[i].snap, e);
	}
	for (int c = 0; c < 4 && ret == 0; c++)
		ret = pg_array_end(&col[c], e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		for (int c = 0; c < 4; c++)
			pg_param_text(&p, col[c].buf);
		ret = pg_exec(PG(tx), PG_ACTIONS, ST_WATCH_PUT, stmt_sql, &p, e);
	}
	for (int c = 0; c < 4; c++)
		pg_array_release(&col[c]);
	return ret;
}

/*
 * The cover's end (store_run_watch_cover): the covered customers not among
 * `rows` (the watch rows written, ascending; rows out of order only cost a
 * mark more) whose marks the triggers left out, marked in the server, and
 * the cover's settings cleared. Nothing when no cover is on.
 */
int pg_watch_cover_end(struct store_tx *tx, const struct run_watch_row *rows, size_t n, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array left = PG_ARRAY_INIT;
	size_t k = 0;
	int ret;

	if (!ps->cover_on)
		return 0;
	ps->cover_on = 0;
	ret = pg_array_start(&left, e);
	for (size_t i = 0; i < ps->n_cover && ret == 0; i++) {
		while (k < n && rows[k].customer_id < ps->cover[i])
			k++;
		if (k < n && rows[k].customer_id == ps->cover[i])
			continue;
		ret = pg_array_int(&left, ps->cover[i], e);
	}
	if (ret == 0)
		ret = pg_array_end(&left, e);
	if (ret == 0) {
		pg_param_int(&p, ps->cover_tenant);
		pg_param_text(&p, left.buf);
		ret = pg_exec(ps, PG_ACTIONS, ST_COVER_END, stmt_sql, &p, e);
	}
	pg_array_release(&left);
	return ret;
}

/*
 * store_run_watch_cover on PostgreSQL: the customers and the tenant in the
 * transaction's settings, which the mark triggers read (migration 0045):
 * the marks the run's own writes would set for the customers of its chunk,
 * which its watch rows delete in the same transaction, are not written (at
 * 100,000 customers the next day, 2-2.5 ms of a chunk's 10.5 ms insert of
 * its actions). The ids are kept here for the cover's end.
 */
static int pg_watch_cover(struct store_tx *tx, const int64_t *ids, size_t n, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT;
	int ret = pg_watch_cover_end(tx, NULL, 0, e);

	if (ret < 0 || n == 0)
		return ret;
	if (array_grow(&ps->cover, &ps->cap_cover, n - 1, sizeof(*ps->cover)) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	memcpy(ps->cover, ids, n * sizeof(*ids));
	ps->n_cover = n;
	ps->cover_tenant = tx->tenant;
	ret = pg_array_ids(&arr, ids, n, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, arr.buf);
		ret = pg_exec(ps, PG_ACTIONS, ST_COVER_SET, stmt_sql, &p, e);
	}
	pg_array_release(&arr);
	ps->cover_on = ret == 0;
	return ret;
}

static int pg_watch_put(struct store_tx *tx, const struct run_watch_row *rows, size_t n, struct error *e)
{
	int ret = 0;

	/*
	 * The visits' own entries and balance moves are written first: held
	 * back until the commit, their triggers would mark the customers
	 * again after their marks were cleared.
	 */
	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	for (size_t i = 0; i < n && ret == 0; i += WATCH_ROWS)
		ret = watch_add(tx, rows + i, n - i < WATCH_ROWS ? n - i : WATCH_ROWS, e);
	/* the cover ends with the watch rows, as on SQLite: a write after them marks */
	if (ret == 0)
		ret = pg_watch_cover_end(tx, rows, n, e);
	return ret;
}

static int watch_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct run_watch_row w;

	w.customer_id = pg_int(res, i, 0);
	w.next_date = pg_isnull(res, i, 1) ? DATE_NEVER : pg_date(res, i, 1);
	w.accounts = pg_int(res, i, 2);
	w.snap = PQgetvalue(res, i, 3);
	return ((store_run_watch_cb)rc->cb)(rc->ctx, &w);
}

/* The most rows read in one statement rather than streamed (pg_watch_each). */
#define WATCH_SLICE_MAX 16384

static int pg_watch_each(struct store_tx *tx, int64_t after, int64_t limit, store_run_watch_cb cb, void *ctx,
			 struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, after);
	pg_param_int(&p, limit);
	/*
	 * A slice (the run's reader sums the watch rows 8,192 at a time) in one
	 * prepared statement: through a cursor each was a DECLARE parsed and
	 * planned again, five FETCHes and a CLOSE, seven round trips where one
	 * does (its rows, about 1 MB, held at once). All of them streamed.
	 */
	if (limit <= WATCH_SLICE_MAX) {
		PGresult *res = pg_run(PG(tx), PG_ACTIONS, ST_WATCH_SLICE, stmt_sql, &p, e);
		return res ? pg_each(res, watch_row, &rc) : -ERR_ENV;
	}
	return pg_stream(PG(tx), watch_each_sql, &p, watch_row, &rc, e);
}

const struct store_actions_ops pg_actions_ops = {
	.add = pg_add,
	.set_state = pg_set_state,
	.recorded_each = pg_recorded_each,
	.waiting_each = pg_waiting_each,
	.invoices_each = pg_invoices_each,
	.later = pg_later,
	.run_after = pg_run_after,
	.credit_each = pg_credit_each,
	.credit_of = pg_credit_of,
	.paid_between_each = pg_paid_between_each,
	.action_moments = pg_action_moments,
	.day_charges_each = pg_day_charges_each,
	.run_start = pg_run_start,
	.run_finish = pg_run_finish,
	.run_counts_each = pg_run_counts_each,
	.each = pg_each_action,
	.snapshot_put = pg_snapshot_put,
	.snapshots_each = pg_snapshots_each,
	.lock = pg_lock,
	.unlock = pg_unlock,
	.answers_each = pg_answers_each,
	.paid_between = pg_paid_between,
	.action_moment = pg_action_moment,
	.add_many = pg_add_many,
	.customers_count = pg_customers_count,
	.run_last = pg_run_last,
	.customers_by_id = pg_customers_by_id,
	.answers_of = pg_answers_of,
	.recorded_due_each = pg_recorded_due_each,
	.steps_recorded = pg_steps_recorded,
	.recorded_of = pg_recorded_of,
	.page = pg_page,
	.runs_each = pg_runs_each,
	.run_put = pg_run_put,
	.copy_list = pg_actions_copy_list,
	.copy_add = pg_actions_copy_add,
	.last_id = pg_last_id,
	.run_cancelled_add = pg_run_cancelled_add,
	.move = pg_move,
	.hold_cancelled_of = pg_hold_cancelled_of,
	.redo = pg_redo,
	.watch_state_get = pg_watch_state_get,
	.watch_state_put = pg_watch_state_put,
	.watch_reset = pg_watch_reset,
	.watched_each = pg_watched_each,
	.due_desc_each = pg_due_desc_each,
	.dirty_each = pg_dirty_each,
	.page_of = pg_page_of,
	.watch_put = pg_watch_put,
	.watch_cover = pg_watch_cover,
	.watch_each = pg_watch_each,
};
