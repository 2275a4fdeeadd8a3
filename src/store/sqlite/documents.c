/*
 * documents.c: the documents' metadata (store/documents.h) on SQLite,
 * table document. Moments are RFC 3339 UTC text.
 */
#include "store/sqlite/sqlite_int.h"

enum stmt_id { ST_ADD, ST_GET, ST_EACH, ST_BY_CUSTOMER, ST_COUNT };
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

#define DOCUMENT_COLS                                                                                       \
	"d.id, d.customer_id, COALESCE(d.invoice_id, 0), c.ref, COALESCE(i.ref, ''), d.kind, d.file_name, " \
	"d.content_type, d.size, d.sha256, d.uploaded_by, d.uploaded_at"
#define DOCUMENT_FROM                                                                             \
	" FROM document d JOIN customer c ON c.tenant_id = d.tenant_id AND c.id = d.customer_id " \
	"LEFT JOIN invoice i ON i.tenant_id = d.tenant_id AND i.id = d.invoice_id "

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO document(tenant_id, customer_id, invoice_id, kind, file_name, content_type, size, "
		   "sha256, uploaded_by, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_GET] = "SELECT " DOCUMENT_COLS DOCUMENT_FROM "WHERE d.tenant_id = ?1 AND d.id = ?2",
	[ST_EACH] = "SELECT " DOCUMENT_COLS DOCUMENT_FROM
		    "WHERE d.tenant_id = ?1 AND d.customer_id = ?2 AND (?3 = 0 OR d.invoice_id = ?3) "
		    "ORDER BY d.id DESC",
	[ST_BY_CUSTOMER] = "SELECT " DOCUMENT_COLS DOCUMENT_FROM
			   "WHERE d.tenant_id = ?1 AND d.customer_id BETWEEN ?2 AND ?3 "
			   "ORDER BY d.customer_id, d.id DESC",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_DOCUMENTS, id, stmt_sql, e);
}

static void read_document(sqlite3_stmt *st, struct document *d)
{
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->customer_id = sqlite3_column_int64(st, 1);
	d->invoice_id = sqlite3_column_int64(st, 2);
	col_text(st, 3, d->customer_ref, sizeof(d->customer_ref));
	col_text(st, 4, d->invoice_ref, sizeof(d->invoice_ref));
	col_text(st, 5, d->kind, sizeof(d->kind));
	col_text(st, 6, d->file_name, sizeof(d->file_name));
	col_text(st, 7, d->content_type, sizeof(d->content_type));
	d->size = sqlite3_column_int64(st, 8);
	col_text(st, 9, d->sha256, sizeof(d->sha256));
	col_text(st, 10, d->uploaded_by, sizeof(d->uploaded_by));
	d->uploaded_at = col_ts(st, 11);
}

static int sq_document_add(struct store_tx *tx, struct document *d, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ADD, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, d->customer_id);
	bind_id(st, 3, d->invoice_id);
	bind_text(st, 4, d->kind);
	bind_text(st, 5, d->file_name);
	bind_text(st, 6, d->content_type);
	sqlite3_bind_int64(st, 7, d->size);
	bind_text(st, 8, d->sha256);
	bind_text(st, 9, d->uploaded_by);
	bind_ts(st, 10, d->uploaded_at);
	ret = sq_insert_step(ss, st, &d->id, e, "adding a document");
	return ret < 0 ? ret : 0;
}

static int sq_document_get(struct store_tx *tx, int64_t id, struct document *out, struct error *e)
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
		read_document(st, out);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_db_error(ss, e, "reading a document");
	return rc == SQLITE_ROW;
}

static int sq_documents_each(struct store_tx *tx, int64_t customer_id, int64_t invoice_id, store_document_cb cb,
			     void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_EACH, e);
	struct document d;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	sqlite3_bind_int64(st, 3, invoice_id);
	EACH_ROW(ss, st, e, {
		read_document(st, &d);
		stop_ = cb(ctx, &d);
	});
	return 0;
}

static int sq_documents_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
				    store_document_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_BY_CUSTOMER, e);
	struct document d;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_customer);
	sqlite3_bind_int64(st, 3, to_customer);
	EACH_ROW(ss, st, e, {
		read_document(st, &d);
		stop_ = cb(ctx, &d);
	});
	return 0;
}

const struct store_documents_ops sq_documents_ops = {
	.add = sq_document_add,
	.get = sq_document_get,
	.each = sq_documents_each,
	.by_customer = sq_documents_by_customer,
};
