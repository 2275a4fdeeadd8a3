/*
 * documents.c: the documents' metadata (store/documents.h) on PostgreSQL,
 * table document. The same contract as sqlite/documents.c.
 */
#include <stdio.h>
#include <string.h>

#include "store/postgres/pg_int.h"

enum stmt_id { ST_ADD, ST_GET, ST_EACH, ST_COUNT };
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

#define DOCUMENT_COLS                                                                                       \
	"d.id, d.customer_id, COALESCE(d.invoice_id, 0), c.ref, COALESCE(i.ref, ''), d.kind, d.file_name, " \
	"d.content_type, d.size, d.sha256, d.uploaded_by, extract(epoch from d.uploaded_at)::bigint"
/* the joined tables name the tenant too, so that each touches one partition (t0430) */
#define DOCUMENT_FROM                                                                                                  \
	" FROM document d JOIN customer c ON c.tenant_id = $1 AND c.tenant_id = d.tenant_id AND c.id = d.customer_id " \
	"LEFT JOIN invoice i ON i.tenant_id = $1 AND i.tenant_id = d.tenant_id AND i.id = d.invoice_id "

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO document(tenant_id, customer_id, invoice_id, kind, file_name, content_type, size, "
		   "sha256, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
		   "to_timestamp($10::bigint)) RETURNING id",
	[ST_GET] = "SELECT " DOCUMENT_COLS DOCUMENT_FROM "WHERE d.tenant_id = $1 AND d.id = $2",
	[ST_EACH] = "SELECT " DOCUMENT_COLS DOCUMENT_FROM
		    "WHERE d.tenant_id = $1 AND d.customer_id = $2 AND ($3::bigint = 0 OR d.invoice_id = $3) "
		    "ORDER BY d.id DESC",
};

/* the documents of a range of customers, each newest first as ST_EACH (store_documents_by_customer) */
static const char by_customer_sql[] = "SELECT " DOCUMENT_COLS DOCUMENT_FROM
				      "WHERE d.tenant_id = $1 AND d.customer_id BETWEEN $2 AND $3 "
				      "ORDER BY d.customer_id, d.id DESC";

static void read_document(const PGresult *r, int i, struct document *d)
{
	memset(d, 0, sizeof(*d));
	d->id = pg_int(r, i, 0);
	d->customer_id = pg_int(r, i, 1);
	d->invoice_id = pg_int(r, i, 2);
	pg_text(r, i, 3, d->customer_ref, sizeof(d->customer_ref));
	pg_text(r, i, 4, d->invoice_ref, sizeof(d->invoice_ref));
	pg_text(r, i, 5, d->kind, sizeof(d->kind));
	pg_text(r, i, 6, d->file_name, sizeof(d->file_name));
	pg_text(r, i, 7, d->content_type, sizeof(d->content_type));
	d->size = pg_int(r, i, 8);
	pg_text(r, i, 9, d->sha256, sizeof(d->sha256));
	pg_text(r, i, 10, d->uploaded_by, sizeof(d->uploaded_by));
	d->uploaded_at = pg_ts(r, i, 11);
}

static int pg_document_add(struct store_tx *tx, struct document *d, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, d->customer_id);
	pg_param_id(&p, d->invoice_id);
	pg_param_text(&p, d->kind);
	pg_param_text(&p, d->file_name);
	pg_param_text(&p, d->content_type);
	pg_param_int(&p, d->size);
	pg_param_text(&p, d->sha256);
	pg_param_text(&p, d->uploaded_by);
	pg_param_ts(&p, d->uploaded_at);
	res = pg_run(PG(tx), PG_DOCUMENTS, ST_ADD, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	d->id = PQntuples(res) == 1 ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

static int pg_document_get(struct store_tx *tx, int64_t id, struct document *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	res = pg_run(PG(tx), PG_DOCUMENTS, ST_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found)
		read_document(res, 0, out);
	PQclear(res);
	return found;
}

struct each_ctx {
	store_document_cb cb;
	void *ctx;
};

static int on_row(void *ctx, PGresult *res, int i)
{
	struct each_ctx *ec = ctx;
	struct document d;
	read_document(res, i, &d);
	return ec->cb(ec->ctx, &d);
}

static int pg_documents_each(struct store_tx *tx, int64_t customer_id, int64_t invoice_id, store_document_cb cb,
			     void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct each_ctx ec = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_int(&p, invoice_id);
	return pg_stream(PG(tx), stmt_sql[ST_EACH], &p, on_row, &ec, e);
}

static int pg_documents_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
				    store_document_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct each_ctx ec = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_customer);
	pg_param_int(&p, to_customer);
	return pg_stream(PG(tx), by_customer_sql, &p, on_row, &ec, e);
}

const struct store_documents_ops pg_documents_ops = {
	.add = pg_document_add,
	.get = pg_document_get,
	.each = pg_documents_each,
	.by_customer = pg_documents_by_customer,
};
