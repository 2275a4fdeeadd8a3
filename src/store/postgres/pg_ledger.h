/*
 * pg_ledger.h: what ledger.c shares with reports.c in the PostgreSQL
 * backend (the invoice row both read, and the array parameters of the
 * multi-row INSERTs). Not part of pg_int.h: only these two files use it.
 *
 * Many rows go to PostgreSQL in one INSERT as one array parameter per
 * column (`INSERT ... SELECT ... FROM unnest($3::text[], $4::bigint[],
 * ...)`), written as array literals ('{"a","b"}'): a struct pg_params
 * holds PG_PARAMS_MAX values, far fewer than PG_BATCH rows times their
 * columns, and one prepared statement then serves any number of rows
 * (1..PG_BATCH) with a single plan.
 */
#ifndef RECOUP_STORE_PG_LEDGER_H
#define RECOUP_STORE_PG_LEDGER_H

#include "store/postgres/pg_int.h"

/* The columns pg_read_invoice() reads, in order; `i` is invoice, `c` its customer. */
#define PG_INVOICE_COLS                                                                                   \
	"i.id, i.ref, i.customer_id, c.ref, i.issue_date::text, i.due_date::text, i.currency, i.amount, " \
	"i.description, i.po_ref, i.delivery_note_ref, i.signed, i.balance, i.import_id"
#define PG_INVOICE_NCOLS 14

/* Reads a PG_INVOICE_COLS row; import_id may be NULL. */
void pg_read_invoice(const PGresult *r, int i, struct invoice *inv, int64_t *import_id);

/*
 * A PostgreSQL array literal under construction ('{1,NULL,"x"}'), in a
 * buffer that grows; pg_array_release() frees it. Every function but
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

#endif
