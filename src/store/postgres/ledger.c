/*
 * ledger.c: invoices, payments and ledger entries on PostgreSQL.
 *
 * OWNED BY pg-ledger: this is pg-core's minimal version, so that the
 * foundation links and commits (db.c's commit calls pg_ledger_flush). It
 * writes the held-back entries one INSERT each; the ledger ops are not
 * implemented yet (NULL: calling one crashes, so nothing calls them on
 * PostgreSQL until pg-ledger's ledger.c replaces this file whole).
 */
#include "store/postgres/pg_int.h"

enum stmt_id { ST_ENTRY_INSERT, ST_COUNT };
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ENTRY_INSERT] = "INSERT INTO ledger_entry (tenant_id, customer_id, invoice_id, payment_id, kind, amount, "
			    "currency, date, import_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9)",
};

int pg_ledger_flush(struct pg_store *ps, struct error *e)
{
	size_t n = ps->ledger_n;

	ps->ledger_n = 0;
	for (size_t k = 0; k < n; k++) {
		const struct ledger_entry *le = &ps->ledger_buf[k];
		struct pg_params p = PG_PARAMS_INIT;
		int ret;

		pg_param_int(&p, ps->ledger_tenant);
		pg_param_int(&p, le->customer_id);
		pg_param_id(&p, le->invoice_id);
		pg_param_id(&p, le->payment_id);
		pg_param_text(&p, ledger_kind_name(le->kind));
		pg_param_int(&p, le->amount);
		pg_param_text(&p, le->currency);
		pg_param_date(&p, le->date);
		pg_param_id(&p, ps->ledger_import);
		if ((ret = pg_exec(ps, PG_LEDGER, ST_ENTRY_INSERT, stmt_sql, &p, e)) < 0)
			return ret;
	}
	return 0;
}

const struct store_ledger_ops pg_ledger_ops = { 0 };
