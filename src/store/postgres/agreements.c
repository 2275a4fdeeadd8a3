/*
 * agreements.c: plans, settlements and write-offs (store/agreements.h) on
 * PostgreSQL. The same contract as sqlite/agreements.c.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

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
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

#define AGREEMENT_COLS                                                                                           \
	"a.id, a.kind, a.customer_id, c.ref, a.currency, a.state, a.balance, a.amount, a.fees, a.pay_by::text, " \
	"a.waive, a.reason, a.ledger_mark, extract(epoch from a.made_at)::bigint, a.made_by, a.decided_by, "     \
	"extract(epoch from a.decided_at)::bigint, a.decision_reason, extract(epoch from a.ended_at)::bigint, "  \
	"a.end_reason FROM agreement a JOIN customer c ON c.tenant_id = $1 AND c.id = a.customer_id "

#define LEDGER_MARK "(SELECT COALESCE(MAX(id), 0) FROM ledger_entry WHERE tenant_id = $1)"

/*
 * A settlement (the one kind with a pay-by date) counts the money paid by that
 * date: a payment dated after it is too late, whenever the review runs; the
 * return of a payment made in time counts whenever it comes (the payment's
 * own date decides both).
 */
#define ON_TIME                                                                                   \
	"AND (a.pay_by IS NULL OR COALESCE((SELECT p.date FROM payment p WHERE p.tenant_id = $1 " \
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
	"AND NOT EXISTS (SELECT 1 FROM ledger_entry p WHERE p.tenant_id = $1 AND p.payment_id = le.payment_id " \
	"AND p.invoice_id = le.invoice_id AND p.kind = 'payment' AND p.id <= a.ledger_mark)"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO agreement(tenant_id, kind, customer_id, currency, state, balance, amount, fees, "
		   "pay_by, waive, reason, ledger_mark, made_at, made_by) "
		   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11, " LEDGER_MARK
		   ", to_timestamp($12::bigint), $13) RETURNING id, ledger_mark",
	[ST_ADD_INVOICE] = "INSERT INTO agreement_invoice(tenant_id, agreement_id, invoice_id, balance) "
			   "VALUES ($1, $2, $3, $4)",
	[ST_ADD_INSTALMENT] = "INSERT INTO agreement_instalment(tenant_id, agreement_id, seq, due, amount) "
			      "VALUES ($1, $2, $3, $4::date, $5)",
	[ST_GET] = "SELECT " AGREEMENT_COLS "WHERE a.tenant_id = $1 AND a.id = $2",
	[ST_UPDATE] = "UPDATE agreement SET state = $3, decided_by = $5, decided_at = to_timestamp($6::bigint), "
		      "decision_reason = $7, ended_at = to_timestamp($8::bigint), end_reason = $9, amount = $10, "
		      "ledger_mark = CASE WHEN $11::int = 1 THEN " LEDGER_MARK " ELSE ledger_mark END "
		      "WHERE tenant_id = $1 AND id = $2 AND state = $4",
	[ST_EACH] = "SELECT " AGREEMENT_COLS "WHERE a.tenant_id = $1 AND ($2::text = '' OR a.kind = $2) "
		    "AND ($3::text = '' OR a.state = $3) AND ($4::bigint = 0 OR a.customer_id = $4) ORDER BY a.id",
	[ST_INVOICES] = "SELECT ai.invoice_id, i.ref, ai.balance, i.balance, i.amount FROM agreement_invoice ai "
			"JOIN invoice i ON i.tenant_id = $1 AND i.id = ai.invoice_id "
			"WHERE ai.tenant_id = $1 AND ai.agreement_id = $2 ORDER BY ai.invoice_id",
	[ST_INSTALMENTS] = "SELECT n.agreement_id, n.seq, n.due::text, n.amount FROM agreement_instalment n "
			   "JOIN agreement a ON a.tenant_id = $1 AND a.id = n.agreement_id "
			   "WHERE n.tenant_id = $1 AND a.kind = $2 AND a.state = $3 ORDER BY n.agreement_id, n.seq",
	[ST_INSTALMENTS_OF] = "SELECT agreement_id, seq, due::text, amount FROM agreement_instalment "
			      "WHERE tenant_id = $1 AND agreement_id = $2 ORDER BY seq",
	[ST_PAID] =
		"SELECT id, -SUM(amount) FROM ("
		"SELECT a.id AS id, le.amount AS amount FROM agreement a "
		"JOIN agreement_invoice ai ON ai.tenant_id = $1 AND ai.agreement_id = a.id "
		"JOIN ledger_entry le ON le.tenant_id = $1 AND le.invoice_id = ai.invoice_id "
		"WHERE a.tenant_id = $1 AND a.kind = $2 AND a.state = $3 AND ($4::bigint = 0 OR a.customer_id = $4) "
		"AND le.id > a.ledger_mark AND le.date <= $5::date AND (le.kind = 'payment' OR (le.kind = 'reversal' " REVERSED_COUNTED
		"))" ON_TIME "UNION ALL "
		"SELECT a.id, le.amount FROM agreement a "
		"JOIN ledger_entry le ON le.tenant_id = $1 AND le.customer_id = a.customer_id "
		"AND le.currency = a.currency AND le.invoice_id IS NULL "
		"WHERE a.tenant_id = $1 AND a.kind = $2 AND a.state = $3 AND ($4::bigint = 0 OR a.customer_id = $4) "
		"AND le.kind = 'unapplied' AND le.id > a.ledger_mark AND le.date <= $5::date " ON_TIME
		/* a write-off's: the cash of the latest posted before it only (LATEST_BEFORE in the SQLite store) */
		"AND ($2 <> 'write_off' OR NOT EXISTS (SELECT 1 FROM agreement b WHERE b.tenant_id = $1 "
		"AND b.kind = a.kind AND b.state = a.state AND b.customer_id = a.customer_id AND b.currency = a.currency "
		"AND (b.ledger_mark > a.ledger_mark OR (b.ledger_mark = a.ledger_mark AND b.id > a.id)) "
		"AND b.ledger_mark < le.id)) "
		") p GROUP BY id ORDER BY id",
	[ST_CONFIG_GET] = "SELECT doc FROM agreement_config WHERE tenant_id = $1 AND name = $2",
	[ST_CONFIG_SET] = "INSERT INTO agreement_config(tenant_id, name, doc, set_by, set_at) "
			  "VALUES ($1, $2, $3, $4, to_timestamp($5::bigint)) ON CONFLICT (tenant_id, name) DO UPDATE "
			  "SET doc = excluded.doc, set_by = excluded.set_by, set_at = excluded.set_at",
	[ST_COPY] =
		"INSERT INTO agreement(tenant_id, kind, customer_id, currency, state, balance, amount, fees, "
		"pay_by, waive, reason, ledger_mark, made_at, made_by, decided_by, decided_at, decision_reason, "
		"ended_at, end_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11, $12, "
		"to_timestamp($13::bigint), $14, $15, to_timestamp($16::bigint), $17, to_timestamp($18::bigint), $19) "
		"RETURNING id",
};

static void param_opt_date(struct pg_params *p, date_t d)
{
	if (d)
		pg_param_date(p, d);
	else
		pg_param_null(p);
}

static void param_opt_ts(struct pg_params *p, timestamp_t t)
{
	if (t)
		pg_param_ts(p, t);
	else
		pg_param_null(p);
}

/* $1 the tenant, $2..$11 the agreement's columns up to reason (ST_ADD, ST_COPY). */
static void agreement_params(struct pg_params *p, int64_t tenant, const struct agreement *a)
{
	pg_param_int(p, tenant);
	pg_param_text(p, a->kind);
	pg_param_int(p, a->customer_id);
	pg_param_text(p, a->currency);
	pg_param_text(p, a->state);
	pg_param_int(p, a->balance);
	pg_param_int(p, a->amount);
	pg_param_int(p, a->fees);
	param_opt_date(p, a->pay_by);
	pg_param_text(p, a->waive);
	pg_param_text(p, a->reason);
}

static int add_rows(struct store_tx *tx, const struct agreement *a, const struct agreement_invoice *invs, size_t n_invs,
		    const struct agreement_instalment *ins, size_t n_ins, struct error *e)
{
	for (size_t i = 0; i < n_invs; i++) {
		struct pg_params p = PG_PARAMS_INIT;
		pg_param_int(&p, tx->tenant);
		pg_param_int(&p, a->id);
		pg_param_int(&p, invs[i].invoice_id);
		pg_param_int(&p, invs[i].balance);
		if (pg_exec(PG(tx), PG_AGREEMENTS, ST_ADD_INVOICE, stmt_sql, &p, e) < 0)
			return -ERR_ENV;
	}
	for (size_t i = 0; i < n_ins; i++) {
		struct pg_params p = PG_PARAMS_INIT;
		pg_param_int(&p, tx->tenant);
		pg_param_int(&p, a->id);
		pg_param_int(&p, ins[i].seq);
		pg_param_date(&p, ins[i].due);
		pg_param_int(&p, ins[i].amount);
		if (pg_exec(PG(tx), PG_AGREEMENTS, ST_ADD_INSTALMENT, stmt_sql, &p, e) < 0)
			return -ERR_ENV;
	}
	return 0;
}

static int pg_agreement_add(struct store_tx *tx, struct agreement *a, const struct agreement_invoice *invs,
			    size_t n_invs, const struct agreement_instalment *ins, size_t n_ins, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	agreement_params(&p, tx->tenant, a);
	pg_param_ts(&p, a->made_at);
	pg_param_text(&p, a->made_by);
	res = pg_run(PG(tx), PG_AGREEMENTS, ST_ADD, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	a->id = pg_int(res, 0, 0);
	a->ledger_mark = pg_int(res, 0, 1);
	PQclear(res);
	return add_rows(tx, a, invs, n_invs, ins, n_ins, e);
}

static void read_agreement(const PGresult *r, int i, struct agreement *a)
{
	memset(a, 0, sizeof(*a));
	a->id = pg_int(r, i, 0);
	pg_text(r, i, 1, a->kind, sizeof(a->kind));
	a->customer_id = pg_int(r, i, 2);
	pg_text(r, i, 3, a->customer_ref, sizeof(a->customer_ref));
	pg_text(r, i, 4, a->currency, sizeof(a->currency));
	pg_text(r, i, 5, a->state, sizeof(a->state));
	a->balance = pg_int(r, i, 6);
	a->amount = pg_int(r, i, 7);
	a->fees = pg_int(r, i, 8);
	a->pay_by = pg_isnull(r, i, 9) ? 0 : pg_date(r, i, 9);
	pg_text(r, i, 10, a->waive, sizeof(a->waive));
	pg_text(r, i, 11, a->reason, sizeof(a->reason));
	a->ledger_mark = pg_int(r, i, 12);
	a->made_at = pg_ts(r, i, 13);
	pg_text(r, i, 14, a->made_by, sizeof(a->made_by));
	pg_text(r, i, 15, a->decided_by, sizeof(a->decided_by));
	a->decided_at = pg_ts(r, i, 16);
	pg_text(r, i, 17, a->decision_reason, sizeof(a->decision_reason));
	a->ended_at = pg_ts(r, i, 18);
	pg_text(r, i, 19, a->end_reason, sizeof(a->end_reason));
}

static int pg_agreement_get(struct store_tx *tx, int64_t id, struct agreement *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	res = pg_run(PG(tx), PG_AGREEMENTS, ST_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found)
		read_agreement(res, 0, out);
	PQclear(res);
	return found;
}

static int pg_agreement_update(struct store_tx *tx, const struct agreement *a, const char *from, int remark,
			       struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int n;

	if (remark && pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, a->id);
	pg_param_text(&p, a->state);
	pg_param_text(&p, from);
	pg_param_text(&p, a->decided_by);
	param_opt_ts(&p, a->decided_at);
	pg_param_text(&p, a->decision_reason);
	param_opt_ts(&p, a->ended_at);
	pg_param_text(&p, a->end_reason);
	pg_param_int(&p, a->amount);
	pg_param_int(&p, remark ? 1 : 0);
	res = pg_run(PG(tx), PG_AGREEMENTS, ST_UPDATE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	n = (int)strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n > 0;
}

struct each_ctx {
	store_agreement_cb agreement;
	store_agreement_invoice_cb invoice;
	store_instalment_cb instalment;
	store_paid_cb paid;
	void *ctx;
};

static int agreement_row(void *ctx, PGresult *res, int i)
{
	struct each_ctx *c = ctx;
	struct agreement a;
	read_agreement(res, i, &a);
	return c->agreement(c->ctx, &a);
}

static int pg_agreements_each(struct store_tx *tx, const struct agreement_filter *f, store_agreement_cb cb, void *ctx,
			      struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct each_ctx c = { .agreement = cb, .ctx = ctx };
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, f->kind ? f->kind : "");
	pg_param_text(&p, f->state ? f->state : "");
	pg_param_int(&p, f->customer_id);
	res = pg_run(PG(tx), PG_AGREEMENTS, ST_EACH, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, agreement_row, &c);
}

static int invoice_row(void *ctx, PGresult *res, int i)
{
	struct each_ctx *c = ctx;
	struct agreement_invoice ai;
	memset(&ai, 0, sizeof(ai));
	ai.invoice_id = pg_int(res, i, 0);
	pg_text(res, i, 1, ai.invoice_ref, sizeof(ai.invoice_ref));
	ai.balance = pg_int(res, i, 2);
	ai.balance_now = pg_int(res, i, 3);
	ai.amount = pg_int(res, i, 4);
	return c->invoice(c->ctx, &ai);
}

static int pg_agreement_invoices(struct store_tx *tx, int64_t id, store_agreement_invoice_cb cb, void *ctx,
				 struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct each_ctx c = { .invoice = cb, .ctx = ctx };
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	res = pg_run(PG(tx), PG_AGREEMENTS, ST_INVOICES, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, invoice_row, &c);
}

static int instalment_row(void *ctx, PGresult *res, int i)
{
	struct each_ctx *c = ctx;
	struct agreement_instalment in = { (int)pg_int(res, i, 1), pg_date(res, i, 2), pg_int(res, i, 3) };
	return c->instalment(c->ctx, pg_int(res, i, 0), &in);
}

static int pg_agreement_instalments(struct store_tx *tx, const char *kind, const char *state, store_instalment_cb cb,
				    void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct each_ctx c = { .instalment = cb, .ctx = ctx };
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, kind);
	pg_param_text(&p, state);
	res = pg_run(PG(tx), PG_AGREEMENTS, ST_INSTALMENTS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, instalment_row, &c);
}

static int pg_agreement_instalments_of(struct store_tx *tx, int64_t id, store_instalment_cb cb, void *ctx,
				       struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct each_ctx c = { .instalment = cb, .ctx = ctx };
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	res = pg_run(PG(tx), PG_AGREEMENTS, ST_INSTALMENTS_OF, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, instalment_row, &c);
}

static int paid_row(void *ctx, PGresult *res, int i)
{
	struct each_ctx *c = ctx;
	return c->paid(c->ctx, pg_int(res, i, 0), pg_int(res, i, 1));
}

static int pg_agreements_paid(struct store_tx *tx, const char *kind, const char *state, int64_t customer_id, date_t on,
			      store_paid_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct each_ctx c = { .paid = cb, .ctx = ctx };
	PGresult *res;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, kind);
	pg_param_text(&p, state);
	pg_param_int(&p, customer_id);
	pg_param_date(&p, on);
	res = pg_run(PG(tx), PG_AGREEMENTS, ST_PAID, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, paid_row, &c);
}

static int pg_config_get(struct store_tx *tx, const char *name, char **doc, struct error *e)
{
	return pg_text_by_name(PG(tx), PG_AGREEMENTS, ST_CONFIG_GET, stmt_sql, tx->tenant, name, doc, e);
}

static int pg_config_set(struct store_tx *tx, const char *name, const char *doc, const char *by, timestamp_t at,
			 struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, name);
	pg_param_text(&p, doc);
	pg_param_text(&p, by);
	pg_param_ts(&p, at);
	return pg_exec(PG(tx), PG_AGREEMENTS, ST_CONFIG_SET, stmt_sql, &p, e);
}

static int pg_agreement_copy(struct store_tx *tx, struct agreement *a, const struct agreement_invoice *invs,
			     size_t n_invs, const struct agreement_instalment *ins, size_t n_ins, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	agreement_params(&p, tx->tenant, a);
	pg_param_int(&p, a->ledger_mark);
	pg_param_ts(&p, a->made_at);
	pg_param_text(&p, a->made_by);
	pg_param_text(&p, a->decided_by);
	param_opt_ts(&p, a->decided_at);
	pg_param_text(&p, a->decision_reason);
	param_opt_ts(&p, a->ended_at);
	pg_param_text(&p, a->end_reason);
	res = pg_run(PG(tx), PG_AGREEMENTS, ST_COPY, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	a->id = PQntuples(res) == 1 ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return add_rows(tx, a, invs, n_invs, ins, n_ins, e);
}

const struct store_agreements_ops pg_agreements_ops = {
	.add = pg_agreement_add,
	.get = pg_agreement_get,
	.update = pg_agreement_update,
	.each = pg_agreements_each,
	.invoices = pg_agreement_invoices,
	.instalments = pg_agreement_instalments,
	.instalments_of = pg_agreement_instalments_of,
	.paid = pg_agreements_paid,
	.config_get = pg_config_get,
	.config_set = pg_config_set,
	.copy = pg_agreement_copy,
};
