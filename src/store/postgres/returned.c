/*
 * returned.c: the returned payments (store/returned.h) on PostgreSQL. The
 * same contract as sqlite/returned.c.
 */
#include <string.h>

#include "store/postgres/pg_int.h"
#include "store/returned.h"

enum stmt_id { ST_EACH, ST_COUNT };
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

/*
 * The fence (OFFSET 0) keeps NOT EXISTS a probe of each reversal's customer's
 * actions (action_customer) instead of an anti join that hashed every action
 * of the tenant, each run: 3,295 blocks read at 100,000 customers, 154 so,
 * and the hash grows with the record of actions. The probe is of
 * action_returned (migration 0033), the "nsf-" actions alone, whose WHERE
 * the subquery repeats so that the planner may use it: through
 * action_customer it read every action of the customer.
 */
static const char *const stmt_sql[ST_COUNT] = {
	[ST_EACH] =
		"SELECT l.payment_id, p.ref, l.customer_id, l.invoice_id, l.currency, l.amount, l.date::text, "
		"i.amount, i.ref, i.balance FROM ledger_entry l JOIN payment p ON p.tenant_id = l.tenant_id AND p.id = l.payment_id "
		"JOIN invoice i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id "
		"WHERE l.tenant_id = $1 AND p.tenant_id = $1 AND i.tenant_id = $1 AND l.kind = 'reversal' "
		"AND l.date BETWEEN $2::date AND $3::date AND l.invoice_id IS NOT NULL "
		"AND NOT EXISTS (SELECT 1 FROM action a WHERE a.tenant_id = $1 AND a.customer_id = l.customer_id "
		"AND a.strategy = '" RETURNED_STRATEGY_PREFIX "' || l.payment_id "
		"AND a.strategy LIKE '" RETURNED_STRATEGY_PREFIX "%' OFFSET 0) "
		"ORDER BY l.payment_id, l.invoice_id",
};

static int pg_returned_each(struct store_tx *tx, date_t from, date_t to, store_returned_cb cb, void *ctx,
			    struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct returned_entry r;
	PGresult *res;
	int stop = 0;
	int ret = pg_ledger_flush(PG(tx), e); /* reversals held back are entries too */

	if (ret < 0)
		return ret;
	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, from);
	pg_param_date(&p, to);
	res = pg_run(PG(tx), PG_RETURNED, ST_EACH, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		memset(&r, 0, sizeof(r));
		r.payment_id = pg_int(res, i, 0);
		pg_text(res, i, 1, r.payment_ref, sizeof(r.payment_ref));
		r.customer_id = pg_int(res, i, 2);
		r.invoice_id = pg_int(res, i, 3);
		pg_text(res, i, 4, r.currency, sizeof(r.currency));
		r.amount = pg_int(res, i, 5);
		r.date = pg_date(res, i, 6);
		r.invoice_amount = pg_int(res, i, 7);
		pg_text(res, i, 8, r.invoice_ref, sizeof(r.invoice_ref));
		r.balance = pg_int(res, i, 9);
		stop = cb(ctx, &r);
	}
	PQclear(res);
	return stop;
}

const struct store_returned_ops pg_returned_ops = {
	.each = pg_returned_each,
};
