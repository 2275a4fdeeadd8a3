/*
 * agreements.c: plans, settlements and write-offs (store/agreements.h) on
 * SQLite. Moments are RFC 3339 UTC text of one fixed form and dates
 * YYYY-MM-DD, so text order is time order.
 */
#include "store/sqlite/sqlite_int.h"

enum stmt_id {
	ST_ADD,
	ST_ADD_INVOICE,
	ST_ADD_INSTALMENT,
	ST_GET,
	ST_UPDATE,
	ST_EACH,
	ST_INVOICES,
	ST_INSTALMENTS,
	ST_INSTALMENTS_OF,
	ST_PAID,
	ST_CONFIG_GET,
	ST_CONFIG_SET,
	ST_COPY,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

#define AGREEMENT_COLS                                                                                      \
	"a.id, a.kind, a.customer_id, c.ref, a.currency, a.state, a.balance, a.amount, a.fees, a.pay_by, "  \
	"a.waive, a.reason, a.ledger_mark, a.made_at, a.made_by, a.decided_by, a.decided_at, "              \
	"a.decision_reason, a.ended_at, a.end_reason FROM agreement a JOIN customer c ON c.tenant_id = ?1 " \
	"AND c.id = a.customer_id "

/* The tenant's last ledger entry: what an agreement counts payments after. */
#define LEDGER_MARK "(SELECT COALESCE(MAX(id), 0) FROM ledger_entry WHERE tenant_id = ?1)"

/*
 * A settlement (the one kind with a pay-by date) counts the money paid by that
 * date: a payment dated after it is too late, whenever the review runs; the
 * return of a payment made in time counts whenever it comes (the payment's
 * own date decides both).
 */
#define ON_TIME                                                                                   \
	"AND (a.pay_by IS NULL OR COALESCE((SELECT p.date FROM payment p WHERE p.tenant_id = ?1 " \
	"AND p.id = le.payment_id), le.date) <= a.pay_by) "

/*
 * A reversal counts toward what came in after an agreement's mark only when
 * the payment it reverses did (its entry after the mark): a payment made
 * before a write-off and returned after it made `writeoff list` show -60.00
 * recovered, money the write-off never had (and a plan or settlement paid
 * less). The payment's entry on the same invoice, by the ledger's payment
 * index.
 */
#define REVERSED_COUNTED                                                                                        \
	"AND NOT EXISTS (SELECT 1 FROM ledger_entry p WHERE p.tenant_id = ?1 AND p.payment_id = le.payment_id " \
	"AND p.invoice_id = le.invoice_id AND p.kind = 'payment' AND p.id <= a.ledger_mark)"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO agreement(tenant_id, kind, customer_id, currency, state, balance, amount, fees, "
		   "pay_by, waive, reason, ledger_mark, made_at, made_by) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, " LEDGER_MARK ", ?12, ?13) "
		   "RETURNING id, ledger_mark",
	[ST_ADD_INVOICE] = "INSERT INTO agreement_invoice(tenant_id, agreement_id, invoice_id, balance) "
			   "VALUES (?1, ?2, ?3, ?4)",
	[ST_ADD_INSTALMENT] = "INSERT INTO agreement_instalment(tenant_id, agreement_id, seq, due, amount) "
			      "VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_GET] = "SELECT " AGREEMENT_COLS "WHERE a.tenant_id = ?1 AND a.id = ?2",
	[ST_UPDATE] = "UPDATE agreement SET state = ?3, decided_by = ?5, decided_at = ?6, decision_reason = ?7, "
		      "ended_at = ?8, end_reason = ?9, amount = ?10, "
		      "ledger_mark = CASE WHEN ?11 THEN " LEDGER_MARK " ELSE ledger_mark END "
		      "WHERE tenant_id = ?1 AND id = ?2 AND state = ?4",
	[ST_EACH] = "SELECT " AGREEMENT_COLS "WHERE a.tenant_id = ?1 AND (?2 = '' OR a.kind = ?2) "
		    "AND (?3 = '' OR a.state = ?3) AND (?4 = 0 OR a.customer_id = ?4) ORDER BY a.id",
	[ST_INVOICES] = "SELECT ai.invoice_id, i.ref, ai.balance, i.balance, i.amount FROM agreement_invoice ai "
			"JOIN invoice i ON i.tenant_id = ?1 AND i.id = ai.invoice_id "
			"WHERE ai.tenant_id = ?1 AND ai.agreement_id = ?2 ORDER BY ai.invoice_id",
	[ST_INSTALMENTS] = "SELECT n.agreement_id, n.seq, n.due, n.amount FROM agreement a "
			   "CROSS JOIN agreement_instalment n ON n.tenant_id = ?1 AND n.agreement_id = a.id "
			   "WHERE a.tenant_id = ?1 AND a.kind = ?2 AND a.state = ?3 ORDER BY n.agreement_id, n.seq",
	[ST_INSTALMENTS_OF] = "SELECT agreement_id, seq, due, amount FROM agreement_instalment "
			      "WHERE tenant_id = ?1 AND agreement_id = ?2 ORDER BY seq",
	/* payments and reversals on its invoices, and the customer's unapplied cash, after its mark */
	/*
	 * payments and reversals on its invoices (through the ledger's invoice
	 * index) and the customer's unapplied cash (its unapplied index), after
	 * its mark: never a scan of the ledger since the mark. CROSS JOIN keeps
	 * SQLite's order: the agreements in the state first (by agreement_state),
	 * not every agreement's invoices.
	 */
	[ST_PAID] =
		"SELECT id, -SUM(amount) FROM ("
		"SELECT a.id AS id, le.amount AS amount FROM agreement a "
		"CROSS JOIN agreement_invoice ai ON ai.tenant_id = ?1 AND ai.agreement_id = a.id "
		"CROSS JOIN ledger_entry le ON le.invoice_id = ai.invoice_id AND le.tenant_id = ?1 "
		"WHERE a.tenant_id = ?1 AND a.kind = ?2 AND a.state = ?3 AND (?4 = 0 OR a.customer_id = ?4) "
		"AND le.id > a.ledger_mark AND le.date <= ?5 AND (le.kind = 'payment' OR (le.kind = 'reversal' " REVERSED_COUNTED
		"))" ON_TIME "UNION ALL "
		"SELECT a.id, le.amount FROM agreement a "
		"JOIN ledger_entry le ON le.tenant_id = ?1 AND le.customer_id = a.customer_id "
		"AND le.currency = a.currency AND le.invoice_id IS NULL "
		"WHERE a.tenant_id = ?1 AND a.kind = ?2 AND a.state = ?3 AND (?4 = 0 OR a.customer_id = ?4) "
		"AND le.kind = 'unapplied' AND le.id > a.ledger_mark AND le.date <= ?5 " ON_TIME
		/*
		 * LATEST_BEFORE: the customer's unapplied cash counted toward each of
		 * its write-offs posted before it counted once per write-off (two
		 * write-offs and one payment of 25.00: 50.00 recovered); it counts
		 * toward the latest posted before it only. Other kinds as before.
		 */
		"AND (?2 <> 'write_off' OR NOT EXISTS (SELECT 1 FROM agreement b WHERE b.tenant_id = ?1 "
		"AND b.kind = a.kind AND b.state = a.state AND b.customer_id = a.customer_id AND b.currency = a.currency "
		"AND (b.ledger_mark > a.ledger_mark OR (b.ledger_mark = a.ledger_mark AND b.id > a.id)) "
		"AND b.ledger_mark < le.id)) "
		") GROUP BY id ORDER BY id",
	[ST_CONFIG_GET] = "SELECT doc FROM agreement_config WHERE tenant_id = ?1 AND name = ?2",
	[ST_CONFIG_SET] = "INSERT INTO agreement_config(tenant_id, name, doc, set_by, set_at) "
			  "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (tenant_id, name) DO UPDATE SET "
			  "doc = excluded.doc, set_by = excluded.set_by, set_at = excluded.set_at",
	[ST_COPY] = "INSERT INTO agreement(tenant_id, kind, customer_id, currency, state, balance, amount, fees, "
		    "pay_by, waive, reason, ledger_mark, made_at, made_by, decided_by, decided_at, decision_reason, "
		    "ended_at, end_reason) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_AGREEMENTS, id, stmt_sql, e);
}

static void bind_opt_date(sqlite3_stmt *st, int i, date_t d)
{
	if (d)
		bind_date(st, i, d);
	else
		sqlite3_bind_null(st, i);
}

static void bind_opt_ts(sqlite3_stmt *st, int i, timestamp_t t)
{
	if (t)
		bind_ts(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

/* ?1 the tenant, ?2..?11 the agreement's columns up to reason (ST_ADD, ST_COPY). */
static void bind_agreement(sqlite3_stmt *st, int64_t tenant, const struct agreement *a)
{
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, a->kind);
	sqlite3_bind_int64(st, 3, a->customer_id);
	bind_text(st, 4, a->currency);
	bind_text(st, 5, a->state);
	sqlite3_bind_int64(st, 6, a->balance);
	sqlite3_bind_int64(st, 7, a->amount);
	sqlite3_bind_int64(st, 8, a->fees);
	bind_opt_date(st, 9, a->pay_by);
	bind_text(st, 10, a->waive);
	bind_text(st, 11, a->reason);
}

static int add_rows(struct store_tx *tx, const struct agreement *a, const struct agreement_invoice *invs, size_t n_invs,
		    const struct agreement_instalment *ins, size_t n_ins, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	for (size_t i = 0; i < n_invs; i++) {
		sqlite3_stmt *st = stmt(ss, ST_ADD_INVOICE, e);
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, a->id);
		sqlite3_bind_int64(st, 3, invs[i].invoice_id);
		sqlite3_bind_int64(st, 4, invs[i].balance);
		if (sq_exec_step(ss, st, e, "adding an agreement's invoice") < 0)
			return -ERR_ENV;
	}
	for (size_t i = 0; i < n_ins; i++) {
		sqlite3_stmt *st = stmt(ss, ST_ADD_INSTALMENT, e);
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, a->id);
		sqlite3_bind_int(st, 3, ins[i].seq);
		bind_date(st, 4, ins[i].due);
		sqlite3_bind_int64(st, 5, ins[i].amount);
		if (sq_exec_step(ss, st, e, "adding an instalment") < 0)
			return -ERR_ENV;
	}
	return 0;
}

static int sq_agreement_add(struct store_tx *tx, struct agreement *a, const struct agreement_invoice *invs,
			    size_t n_invs, const struct agreement_instalment *ins, size_t n_ins, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st;
	int rc;

	/* the mark counts the entries this transaction posted before */
	if (sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	st = stmt(ss, ST_ADD, e);
	if (!st)
		return -ERR_ENV;
	bind_agreement(st, tx->tenant, a);
	bind_ts(st, 12, a->made_at);
	bind_text(st, 13, a->made_by);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_db_error(ss, e, "adding an agreement");
	}
	a->id = sqlite3_column_int64(st, 0);
	a->ledger_mark = sqlite3_column_int64(st, 1);
	sqlite3_step(st); /* SQLITE_DONE: the RETURNING statement completes */
	sqlite3_reset(st);
	return add_rows(tx, a, invs, n_invs, ins, n_ins, e);
}

static void read_agreement(sqlite3_stmt *st, struct agreement *a)
{
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, a->kind, sizeof(a->kind));
	a->customer_id = sqlite3_column_int64(st, 2);
	col_text(st, 3, a->customer_ref, sizeof(a->customer_ref));
	col_text(st, 4, a->currency, sizeof(a->currency));
	col_text(st, 5, a->state, sizeof(a->state));
	a->balance = sqlite3_column_int64(st, 6);
	a->amount = sqlite3_column_int64(st, 7);
	a->fees = sqlite3_column_int64(st, 8);
	a->pay_by = col_date(st, 9);
	col_text(st, 10, a->waive, sizeof(a->waive));
	col_text(st, 11, a->reason, sizeof(a->reason));
	a->ledger_mark = sqlite3_column_int64(st, 12);
	a->made_at = col_ts(st, 13);
	col_text(st, 14, a->made_by, sizeof(a->made_by));
	col_text(st, 15, a->decided_by, sizeof(a->decided_by));
	a->decided_at = col_ts(st, 16);
	col_text(st, 17, a->decision_reason, sizeof(a->decision_reason));
	a->ended_at = col_ts(st, 18);
	col_text(st, 19, a->end_reason, sizeof(a->end_reason));
}

static int sq_agreement_get(struct store_tx *tx, int64_t id, struct agreement *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_GET, e);
	int rc;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_agreement(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading an agreement");
}

static int sq_agreement_update(struct store_tx *tx, const struct agreement *a, const char *from, int remark,
			       struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st;

	if (remark && sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	st = stmt(ss, ST_UPDATE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, a->id);
	bind_text(st, 3, a->state);
	bind_text(st, 4, from);
	bind_text(st, 5, a->decided_by);
	bind_opt_ts(st, 6, a->decided_at);
	bind_text(st, 7, a->decision_reason);
	bind_opt_ts(st, 8, a->ended_at);
	bind_text(st, 9, a->end_reason);
	sqlite3_bind_int64(st, 10, a->amount);
	sqlite3_bind_int(st, 11, remark ? 1 : 0);
	return sq_update_step(ss, st, e, "updating an agreement");
}

static int sq_agreements_each(struct store_tx *tx, const struct agreement_filter *f, store_agreement_cb cb, void *ctx,
			      struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_EACH, e);
	struct agreement a;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, f->kind);
	bind_text(st, 3, f->state);
	sqlite3_bind_int64(st, 4, f->customer_id);
	EACH_ROW(ss, st, e, {
		read_agreement(st, &a);
		stop_ = cb(ctx, &a);
	});
	return 0;
}

static int sq_agreement_invoices(struct store_tx *tx, int64_t id, store_agreement_invoice_cb cb, void *ctx,
				 struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_INVOICES, e);
	struct agreement_invoice ai;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	EACH_ROW(ss, st, e, {
		memset(&ai, 0, sizeof(ai));
		ai.invoice_id = sqlite3_column_int64(st, 0);
		col_text(st, 1, ai.invoice_ref, sizeof(ai.invoice_ref));
		ai.balance = sqlite3_column_int64(st, 2);
		ai.balance_now = sqlite3_column_int64(st, 3);
		ai.amount = sqlite3_column_int64(st, 4);
		stop_ = cb(ctx, &ai);
	});
	return 0;
}

static int each_instalment(struct sqlite_store *ss, sqlite3_stmt *st, store_instalment_cb cb, void *ctx,
			   struct error *e)
{
	struct agreement_instalment in;
	EACH_ROW(ss, st, e, {
		in.seq = sqlite3_column_int(st, 1);
		in.due = col_date(st, 2);
		in.amount = sqlite3_column_int64(st, 3);
		stop_ = cb(ctx, sqlite3_column_int64(st, 0), &in);
	});
	return 0;
}

static int sq_agreement_instalments(struct store_tx *tx, const char *kind, const char *state, store_instalment_cb cb,
				    void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_INSTALMENTS, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, kind);
	bind_text(st, 3, state);
	return each_instalment(ss, st, cb, ctx, e);
}

static int sq_agreement_instalments_of(struct store_tx *tx, int64_t id, store_instalment_cb cb, void *ctx,
				       struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_INSTALMENTS_OF, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	return each_instalment(ss, st, cb, ctx, e);
}

static int sq_agreements_paid(struct store_tx *tx, const char *kind, const char *state, int64_t customer_id, date_t on,
			      store_paid_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st;
	if (sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	st = stmt(ss, ST_PAID, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, kind);
	bind_text(st, 3, state);
	sqlite3_bind_int64(st, 4, customer_id);
	bind_date(st, 5, on);
	EACH_ROW(ss, st, e, { stop_ = cb(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)); });
	return 0;
}

static int sq_config_get(struct store_tx *tx, const char *name, char **doc, struct error *e)
{
	return sq_text_by_name(SQ(tx), stmt(SQ(tx), ST_CONFIG_GET, e), tx->tenant, name, doc, e,
			       "reading an agreement setting");
}

static int sq_config_set(struct store_tx *tx, const char *name, const char *doc, const char *by, timestamp_t at,
			 struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CONFIG_SET, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, name);
	bind_text(st, 3, doc);
	bind_text(st, 4, by);
	bind_ts(st, 5, at);
	return sq_exec_step(ss, st, e, "setting an agreement setting");
}

static int sq_agreement_copy(struct store_tx *tx, struct agreement *a, const struct agreement_invoice *invs,
			     size_t n_invs, const struct agreement_instalment *ins, size_t n_ins, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_COPY, e);
	int ret;

	if (!st)
		return -ERR_ENV;
	bind_agreement(st, tx->tenant, a);
	sqlite3_bind_int64(st, 12, a->ledger_mark);
	bind_ts(st, 13, a->made_at);
	bind_text(st, 14, a->made_by);
	bind_text(st, 15, a->decided_by);
	bind_opt_ts(st, 16, a->decided_at);
	bind_text(st, 17, a->decision_reason);
	bind_opt_ts(st, 18, a->ended_at);
	bind_text(st, 19, a->end_reason);
	ret = sq_insert_step(ss, st, &a->id, e, "copying an agreement");
	return ret < 0 ? ret : add_rows(tx, a, invs, n_invs, ins, n_ins, e);
}

const struct store_agreements_ops sq_agreements_ops = {
	.add = sq_agreement_add,
	.get = sq_agreement_get,
	.update = sq_agreement_update,
	.each = sq_agreements_each,
	.invoices = sq_agreement_invoices,
	.instalments = sq_agreement_instalments,
	.instalments_of = sq_agreement_instalments_of,
	.paid = sq_agreements_paid,
	.config_get = sq_config_get,
	.config_set = sq_config_set,
	.copy = sq_agreement_copy,
};
