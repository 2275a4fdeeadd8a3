/*
 * risk.c: the facts of the risk bands (store/risk.h) on SQLite, in one
 * statement per range of customers.
 *
 * The invoices of the range come from invoice_customer (which holds every
 * column read, so the table is not visited), their entries from
 * ledger_invoice; a window sum over each invoice's entries in date order
 * finds the entry after which its balance reached zero (the settled date).
 * Returned payments are the payments whose reversal entries (on an
 * invoice, or the positive unapplied entry that takes back the unapplied
 * part) fall in the window. Every customer of the range comes out, in id
 * order, joined to its aggregates.
 *
 * The invoices drive the ledger reads (CROSS JOIN keeps that order, and
 * "+l.tenant_id" keeps the planner off the tenant's key: left to itself,
 * SQLite read every entry of the tenant for each chunk). An invoice's row
 * comes straight out of its entries' group, or, with no entry, from the
 * invoice itself (NOT EXISTS on ledger_invoice): joining the invoices to
 * a materialized per-invoice sum had no index and took 350 ms a chunk of
 * 512 customers (measured on 20,000).
 *
 * ?1 tenant, ?2 as_of, ?3..?4 the customer range, ?5 the start of the
 * settled window, ?6 of the returned one, ?7 of the recent half-year, ?8
 * of the prior one (each exclusive: a window is (start, as_of]).
 */
#include "store/sqlite/sqlite_int.h"

enum stmt_id { ST_FACTS, ST_COUNT };
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_FACTS] =
		"WITH inv AS ("
		"  SELECT i.id, i.customer_id, i.due_date, i.amount FROM invoice i "
		"  WHERE i.tenant_id = ?1 AND i.customer_id BETWEEN ?3 AND ?4 AND i.issue_date <= ?2), "
		"mv AS ("
		"  SELECT inv.id, inv.customer_id, inv.due_date, inv.amount AS opened, l.date, l.amount, "
		"    inv.amount + SUM(l.amount) OVER (PARTITION BY l.invoice_id ORDER BY l.date, l.id "
		"    ROWS UNBOUNDED PRECEDING) AS after "
		"  FROM inv CROSS JOIN ledger_entry l ON l.invoice_id = inv.id WHERE +l.tenant_id = ?1 AND l.date <= ?2), "
		"st AS ("
		"  SELECT customer_id, due_date, opened + SUM(amount) AS bal, "
		"    CASE WHEN opened + SUM(amount) <= 0 "
		"      THEN MAX(CASE WHEN after <= 0 AND after - amount > 0 THEN date END) END AS settled_on "
		"  FROM mv GROUP BY id "
		"  UNION ALL "
		"  SELECT customer_id, due_date, amount, NULL FROM inv WHERE NOT EXISTS (SELECT 1 FROM ledger_entry l "
		"    WHERE l.invoice_id = inv.id AND +l.tenant_id = ?1 AND l.date <= ?2)), "
		"agg AS ("
		"  SELECT customer_id, "
		"    SUM(settled_on > ?5) AS settled, "
		"    SUM(settled_on > ?5 AND settled_on <= due_date) AS on_time, "
		"    SUM(CASE WHEN settled_on > ?5 AND settled_on > due_date "
		"          THEN CAST(julianday(settled_on) - julianday(due_date) AS INTEGER) "
		"        WHEN bal > 0 AND due_date < ?2 THEN CAST(julianday(?2) - julianday(due_date) AS INTEGER) "
		"        ELSE 0 END) AS late_sum, "
		"    SUM((settled_on > ?5 AND settled_on > due_date) OR (bal > 0 AND due_date < ?2)) AS late_count, "
		"    SUM(bal > 0 AND due_date < ?2) AS open_overdue, "
		"    MIN(CASE WHEN bal > 0 AND due_date < ?2 THEN due_date END) AS oldest_due, "
		"    SUM(settled_on > ?7) AS recent_settled, "
		"    SUM(settled_on > ?7 AND settled_on > due_date) AS recent_late, "
		"    SUM(settled_on > ?8 AND settled_on <= ?7) AS prior_settled, "
		"    SUM(settled_on > ?8 AND settled_on <= ?7 AND settled_on > due_date) AS prior_late "
		"  FROM st GROUP BY customer_id), "
		"ret AS ("
		"  SELECT customer_id, COUNT(DISTINCT payment_id) AS n FROM ("
		"    SELECT l.customer_id, l.payment_id FROM inv CROSS JOIN ledger_entry l ON l.invoice_id = inv.id "
		"    WHERE +l.tenant_id = ?1 AND l.kind = 'reversal' AND l.date > ?6 AND l.date <= ?2 "
		"    UNION ALL "
		"    SELECT l.customer_id, l.payment_id FROM ledger_entry l "
		"    WHERE l.tenant_id = ?1 AND l.customer_id BETWEEN ?3 AND ?4 AND l.invoice_id IS NULL "
		"      AND l.kind = 'unapplied' AND l.amount > 0 AND l.date > ?6 AND l.date <= ?2) "
		"  GROUP BY customer_id) "
		"SELECT c.id, COALESCE(a.settled, 0), COALESCE(a.on_time, 0), COALESCE(a.late_sum, 0), "
		"  COALESCE(a.late_count, 0), COALESCE(a.open_overdue, 0), "
		"  COALESCE(CAST(julianday(?2) - julianday(a.oldest_due) AS INTEGER), 0), COALESCE(r.n, 0), "
		"  COALESCE(a.recent_settled, 0), COALESCE(a.recent_late, 0), COALESCE(a.prior_settled, 0), "
		"  COALESCE(a.prior_late, 0) "
		"FROM customer c LEFT JOIN agg a ON a.customer_id = c.id LEFT JOIN ret r ON r.customer_id = c.id "
		"WHERE c.tenant_id = ?1 AND c.id BETWEEN ?3 AND ?4 ORDER BY c.id",
};

static int sq_risk_facts(struct store_tx *tx, date_t as_of, int64_t from_customer, int64_t to_customer,
			 store_risk_facts_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = sq_stmt(ss, SQ_RISK, ST_FACTS, stmt_sql, e);
	struct risk_facts f;

	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, as_of);
	sqlite3_bind_int64(st, 3, from_customer);
	sqlite3_bind_int64(st, 4, to_customer);
	bind_date(st, 5, as_of - RISK_SETTLED_DAYS);
	bind_date(st, 6, as_of - RISK_RETURNED_DAYS);
	bind_date(st, 7, as_of - RISK_TREND_DAYS);
	bind_date(st, 8, as_of - 2 * RISK_TREND_DAYS);
	EACH_ROW(ss, st, e, {
		memset(&f, 0, sizeof(f));
		f.customer_id = sqlite3_column_int64(st, 0);
		f.settled = sqlite3_column_int(st, 1);
		f.settled_on_time = sqlite3_column_int(st, 2);
		f.days_late_sum = sqlite3_column_int64(st, 3);
		f.late_count = sqlite3_column_int(st, 4);
		f.open_overdue = sqlite3_column_int(st, 5);
		f.max_dpd = sqlite3_column_int(st, 6);
		f.returned_payments = sqlite3_column_int(st, 7);
		f.recent_settled = sqlite3_column_int(st, 8);
		f.recent_late = sqlite3_column_int(st, 9);
		f.prior_settled = sqlite3_column_int(st, 10);
		f.prior_late = sqlite3_column_int(st, 11);
		stop_ = cb(ctx, &f);
	});
	return 0;
}

const struct store_risk_ops sq_risk_ops = {
	.facts = sq_risk_facts,
};
