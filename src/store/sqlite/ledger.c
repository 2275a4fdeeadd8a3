/*
 * ledger.c: invoices, payments, ledger entries, balances and unapplied credit.
 */
#include <stdio.h>
#include <stdlib.h>

#include "store/sqlite/sqlite_int.h"

#define PAYMENT_COLS                                                                     \
	"p.id, p.ref, p.customer_id, c.ref, p.invoice_id, COALESCE(i.ref, ''), p.date, " \
	"p.amount, p.currency, p.method, p.status, p.import_id, "                        \
	"(SELECT MIN(l.date) FROM ledger_entry l WHERE l.payment_id = p.id AND "         \
	"(l.kind = 'reversal' OR (l.kind = 'unapplied' AND l.amount > 0)))"

#define LEDGER_COLS "id, customer_id, invoice_id, payment_id, kind, amount, currency, date"

enum stmt_id {
	ST_INVOICE_INSERT,
	ST_INVOICE_GET,
	ST_INVOICE_FIND,
	ST_INVOICE_REF,
	ST_INVOICES_ALL,
	ST_OPEN_OF_CUSTOMER,
	ST_OPEN_BY_CUSTOMER,
	ST_PAYMENT_INSERT,
	ST_PAYMENT_GET,
	ST_PAYMENT_STATUS,
	ST_PAYMENTS_ALL,
	ST_INVOICE_MOVE,
	ST_BOUND_RAISE,
	ST_LEDGER_OF_PAYMENT,
	ST_LEDGER_ALL,
	ST_UNAPPLIED,
	ST_UNAPPLIED_AT,
	ST_OPEN_OF_CUSTOMER_AT,
	ST_HAS_ADJUSTMENTS,
	ST_CREDIT_NOTE_INSERT,
	ST_CREDIT_NOTE_GET,
	ST_LEDGER_OF_INVOICE,
	ST_PAYMENTS_OF_CUSTOMER,
	ST_CREDIT_NOTES_OF_CUSTOMER,
	ST_OPEN_IDS_OF_CUSTOMER,
	ST_CREDIT_NOTES_BY_CUSTOMER,
	ST_INVOICE_COPY,
	ST_SUMS_BY_INVOICE,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	/* invoice_open holds every column read and filtered: no row of the table is read */
	[ST_OPEN_IDS_OF_CUSTOMER] =
		"SELECT id FROM invoice WHERE tenant_id = ?1 AND customer_id = ?2 AND currency = ?3 "
		"AND balance <> 0 AND balance > 0 ORDER BY due_date, id",
	[ST_INVOICE_INSERT] =
		"INSERT INTO invoice(tenant_id, ref, customer_id, issue_date, due_date, currency, amount, "
		"description, po_ref, delivery_note_ref, signed, balance, import_id, product) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?7, ?12, ?13) "
		"ON CONFLICT (tenant_id, ref) DO NOTHING",
	[ST_INVOICE_GET] = "SELECT " INVOICE_COLS " FROM invoice i JOIN customer c ON c.id = i.customer_id "
			   "WHERE i.tenant_id = ?1 AND i.ref = ?2",
	[ST_INVOICE_FIND] = "SELECT id, ref, customer_id, issue_date, due_date, currency, amount, balance "
			    "FROM invoice WHERE tenant_id = ?1 AND ref = ?2",
	[ST_INVOICE_REF] = "SELECT ref FROM invoice WHERE tenant_id = ?1 AND id = ?2",
	/* lists: "+x.tenant_id" and id > ?2 for a range scan in rowid order (see parties.c) */
	[ST_INVOICES_ALL] = "SELECT " INVOICE_COLS " FROM invoice i JOIN customer c ON c.id = i.customer_id "
			    "WHERE +i.tenant_id = ?1 AND i.id > ?2 ORDER BY i.id LIMIT ?3",
	[ST_OPEN_OF_CUSTOMER] = "SELECT " INVOICE_COLS " FROM invoice i JOIN customer c ON c.id = i.customer_id "
				"WHERE i.customer_id = ?2 AND i.currency = ?3 AND i.balance <> 0 "
				"AND i.tenant_id = ?1 AND i.balance > 0 ORDER BY i.due_date, i.id",
	/* the order of invoice_open (tenant, customer, currency, due date): no sort */
	[ST_OPEN_BY_CUSTOMER] = "SELECT " INVOICE_COLS " FROM invoice i JOIN customer c ON c.id = i.customer_id "
				"WHERE i.tenant_id = ?1 AND i.customer_id BETWEEN ?2 AND ?3 AND i.balance <> 0 "
				"AND i.balance > 0 ORDER BY i.customer_id, i.currency, i.due_date, i.id",
	[ST_PAYMENT_INSERT] =
		"INSERT INTO payment(tenant_id, ref, customer_id, invoice_id, date, amount, currency, method, "
		"status, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
		"ON CONFLICT (tenant_id, ref) DO NOTHING",
	[ST_PAYMENT_GET] = "SELECT " PAYMENT_COLS " FROM payment p JOIN customer c ON c.id = p.customer_id "
			   "LEFT JOIN invoice i ON i.id = p.invoice_id WHERE p.tenant_id = ?1 AND p.ref = ?2",
	[ST_PAYMENT_STATUS] = "UPDATE payment SET status = ?3 WHERE tenant_id = ?1 AND id = ?2",
	[ST_PAYMENTS_ALL] =
		"SELECT " PAYMENT_COLS " FROM payment p JOIN customer c ON c.id = p.customer_id "
		"LEFT JOIN invoice i ON i.id = p.invoice_id WHERE +p.tenant_id = ?1 AND p.id > ?2 ORDER BY p.id LIMIT ?3",
	[ST_INVOICE_MOVE] = "UPDATE invoice SET balance = balance + ?3 WHERE tenant_id = ?1 AND id = ?2",
	/*
	 * After a move of ?3 > 0: the queue's bound raised by what the invoice's
	 * positive balance grew (migration 0046; 0027's trigger did this on
	 * every move, payments included).
	 */
	[ST_BOUND_RAISE] =
		"UPDATE assignment SET bound = CASE "
		"WHEN bound_currency = i.currency AND bound < 4000000000000000000 "
		"AND i.balance * bound_scale < 4000000000000000 "
		"THEN bound + ((i.balance - CASE WHEN i.balance - ?3 > 0 THEN i.balance - ?3 ELSE 0 END) "
		"* bound_scale * bound_pay + 999) / 1000 "
		"ELSE 9223372036854775807 END "
		"FROM (SELECT customer_id, currency, balance FROM invoice WHERE tenant_id = ?1 AND id = ?2) AS i "
		"WHERE assignment.tenant_id = ?1 AND assignment.customer_id = i.customer_id AND i.balance > 0 "
		"AND assignment.bound <> 9223372036854775807",
	[ST_LEDGER_OF_PAYMENT] = "SELECT " LEDGER_COLS " FROM ledger_entry WHERE payment_id = ?2 "
				 "AND tenant_id = ?1 ORDER BY id",
	[ST_LEDGER_OF_INVOICE] = "SELECT " LEDGER_COLS " FROM ledger_entry WHERE invoice_id = ?2 "
				 "AND tenant_id = ?1 ORDER BY id",
	[ST_LEDGER_ALL] = "SELECT " LEDGER_COLS " FROM ledger_entry WHERE tenant_id = ?1 ORDER BY id",
	/* fees and interest through ledger_charge_day (its WHERE word for word), write-offs by a scan to the first */
	[ST_HAS_ADJUSTMENTS] = "SELECT EXISTS (SELECT 1 FROM ledger_entry WHERE tenant_id = ?1 "
			       "AND (kind = 'fee' OR kind = 'interest')) "
			       "OR EXISTS (SELECT 1 FROM ledger_entry WHERE tenant_id = ?1 AND kind = 'write_off')",
	[ST_UNAPPLIED_AT] = "SELECT -checked_sum(amount) FROM ledger_entry WHERE customer_id = ?2 "
			    "AND currency = ?3 AND invoice_id IS NULL AND tenant_id = ?1 AND date <= ?4",
	/* each balance at the end of ?4 as ST_OPEN_ITEMS_AT (reports.c) rebuilds it: correlated sums over ledger_invoice */
	[ST_OPEN_OF_CUSTOMER_AT] =
		"SELECT i.id, i.ref, i.customer_id, c.ref, i.issue_date, i.due_date, i.currency, i.amount, "
		"i.description, i.po_ref, i.delivery_note_ref, i.signed, b.bal, i.import_id, i.product "
		"FROM (SELECT x.id, x.amount + COALESCE((SELECT SUM(l.amount) FROM ledger_entry l "
		"WHERE l.invoice_id = x.id AND l.date <= ?4), 0) AS bal FROM invoice x "
		"WHERE x.tenant_id = ?1 AND x.customer_id = ?2 AND x.currency = ?3 AND x.issue_date <= ?4) b "
		"JOIN invoice i ON i.id = b.id JOIN customer c ON c.id = i.customer_id "
		"WHERE b.bal > 0 ORDER BY i.due_date, i.id",
	/* NULL: beyond int64 (checked_sum, db.c) */
	[ST_UNAPPLIED] = "SELECT -checked_sum(amount) FROM ledger_entry WHERE customer_id = ?2 "
			 "AND currency = ?3 AND invoice_id IS NULL AND tenant_id = ?1",
	[ST_CREDIT_NOTE_INSERT] =
		"INSERT INTO credit_note(tenant_id, ref, customer_id, invoice_id, date, amount, currency, reason, "
		"applied, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
		"ON CONFLICT (tenant_id, ref) DO NOTHING",
	[ST_CREDIT_NOTE_GET] =
		"SELECT n.id, n.ref, n.customer_id, c.ref, n.invoice_id, COALESCE(i.ref, ''), n.date, n.amount, "
		"n.currency, n.reason, n.applied, n.import_id FROM credit_note n "
		"JOIN customer c ON c.tenant_id = n.tenant_id AND c.id = n.customer_id "
		"LEFT JOIN invoice i ON i.tenant_id = n.tenant_id AND i.id = n.invoice_id "
		"WHERE n.tenant_id = ?1 AND n.ref = ?2",
	[ST_PAYMENTS_OF_CUSTOMER] = "SELECT " PAYMENT_COLS " FROM payment p JOIN customer c ON c.id = p.customer_id "
				    "LEFT JOIN invoice i ON i.id = p.invoice_id "
				    "WHERE p.tenant_id = ?1 AND p.customer_id = ?2 ORDER BY p.id",
	[ST_CREDIT_NOTES_OF_CUSTOMER] =
		"SELECT n.id, n.ref, n.customer_id, c.ref, n.invoice_id, COALESCE(i.ref, ''), n.date, n.amount, "
		"n.currency, n.reason, n.applied, n.import_id FROM credit_note n "
		"JOIN customer c ON c.tenant_id = n.tenant_id AND c.id = n.customer_id "
		"LEFT JOIN invoice i ON i.tenant_id = n.tenant_id AND i.id = n.invoice_id "
		"WHERE n.tenant_id = ?1 AND n.customer_id = ?2 ORDER BY n.id",
	[ST_CREDIT_NOTES_BY_CUSTOMER] =
		"SELECT n.id, n.ref, n.customer_id, c.ref, n.invoice_id, COALESCE(i.ref, ''), n.date, n.amount, "
		"n.currency, n.reason, n.applied, n.import_id FROM credit_note n "
		"JOIN customer c ON c.tenant_id = n.tenant_id AND c.id = n.customer_id "
		"LEFT JOIN invoice i ON i.tenant_id = n.tenant_id AND i.id = n.invoice_id "
		"WHERE n.tenant_id = ?1 AND n.customer_id BETWEEN ?2 AND ?3 ORDER BY n.customer_id, n.id",
	/* ST_INVOICE_INSERT with the balance given (store_invoices_copy) and no import */
	[ST_INVOICE_COPY] = "INSERT INTO invoice(tenant_id, ref, customer_id, issue_date, due_date, currency, amount, "
			    "description, po_ref, delivery_note_ref, signed, balance, import_id, product) "
			    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, NULL, ?13) "
			    "ON CONFLICT (tenant_id, ref) DO NOTHING",
	/*
	 * Through ledger_invoice (invoice_id): "+tenant_id" keeps SQLite from
	 * the primary key's (tenant_id, id), which read the tenant's whole
	 * ledger for each range (49 ms a page of 4,096 invoices at 100,000
	 * customers, against 3 ms). A sum beyond int64 is an error.
	 */
	[ST_SUMS_BY_INVOICE] = "SELECT invoice_id, SUM(amount) FROM ledger_entry WHERE +tenant_id = ?1 "
			       "AND invoice_id BETWEEN ?2 AND ?3 GROUP BY invoice_id ORDER BY invoice_id",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_LEDGER, id, stmt_sql, e);
}

void sq_read_invoice(sqlite3_stmt *st, struct invoice *inv, int64_t *import_id)
{
	memset(inv, 0, sizeof(*inv));
	inv->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, inv->ref, sizeof(inv->ref));
	inv->customer_id = sqlite3_column_int64(st, 2);
	col_text(st, 3, inv->customer_ref, sizeof(inv->customer_ref));
	inv->issue_date = col_date(st, 4);
	inv->due_date = col_date(st, 5);
	col_text(st, 6, inv->currency, sizeof(inv->currency));
	inv->amount = sqlite3_column_int64(st, 7);
	col_text(st, 8, inv->description, sizeof(inv->description));
	col_text(st, 9, inv->po_ref, sizeof(inv->po_ref));
	col_text(st, 10, inv->delivery_note_ref, sizeof(inv->delivery_note_ref));
	inv->is_signed = sqlite3_column_int(st, 11);
	inv->balance = sqlite3_column_int64(st, 12);
	if (import_id)
		*import_id = sqlite3_column_int64(st, 13);
	col_text(st, 14, inv->product, sizeof(inv->product));
}

static void read_payment(sqlite3_stmt *st, struct payment *p, int64_t *import_id)
{
	char status[16];
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, p->ref, sizeof(p->ref));
	p->customer_id = sqlite3_column_int64(st, 2);
	col_text(st, 3, p->customer_ref, sizeof(p->customer_ref));
	p->invoice_id = sqlite3_column_int64(st, 4);
	col_text(st, 5, p->invoice_ref, sizeof(p->invoice_ref));
	p->date = col_date(st, 6);
	p->amount = sqlite3_column_int64(st, 7);
	col_text(st, 8, p->currency, sizeof(p->currency));
	col_text(st, 9, p->method, sizeof(p->method));
	col_text(st, 10, status, sizeof(status));
	p->status = strcmp(status, "returned") ? PAYMENT_CLEARED : PAYMENT_RETURNED;
	if (import_id)
		*import_id = sqlite3_column_int64(st, 11);
	/* the day the reversal entries carry; a payment is reversed as a whole */
	p->returned_date = p->status == PAYMENT_RETURNED && sqlite3_column_type(st, 12) != SQLITE_NULL
				   ? col_date(st, 12)
				   : p->date;
}

static void read_ledger(sqlite3_stmt *st, struct ledger_entry *le)
{
	memset(le, 0, sizeof(*le));
	le->id = sqlite3_column_int64(st, 0);
	le->customer_id = sqlite3_column_int64(st, 1);
	le->invoice_id = sqlite3_column_int64(st, 2);
	le->payment_id = sqlite3_column_int64(st, 3);
	ledger_kind_parse((const char *)sqlite3_column_text(st, 4), &le->kind);
	le->amount = sqlite3_column_int64(st, 5);
	col_text(st, 6, le->currency, sizeof(le->currency));
	le->date = col_date(st, 7);
}

/* One invoice, ON CONFLICT DO NOTHING: 1 written, 0 its ref was stored. */
static int insert_one(struct store_tx *tx, const struct invoice *inv, int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_INVOICE_INSERT, e);
	int64_t id;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, inv->ref);
	sqlite3_bind_int64(st, 3, inv->customer_id);
	bind_date(st, 4, inv->issue_date);
	bind_date(st, 5, inv->due_date);
	bind_text(st, 6, inv->currency);
	sqlite3_bind_int64(st, 7, inv->amount);
	bind_text(st, 8, inv->description);
	bind_text(st, 9, inv->po_ref);
	bind_text(st, 10, inv->delivery_note_ref);
	sqlite3_bind_int(st, 11, inv->is_signed);
	bind_id(st, 12, import_id);
	bind_text(st, 13, inv->product);
	return sq_insert_marked(ss, st, &id, tx->tenant, inv->customer_id, e, "inserting an invoice");
}

/* the parameters of one invoice in insert_many (all but tenant and import) */
enum { INVOICE_PER_ROW = 11 };

/*
 * A plain INSERT (no ON CONFLICT): a ref already stored, or repeated within
 * the batch, aborts the statement, and SQLite backs out that statement's
 * rows from its statement journal while the transaction goes on. So the
 * batch is written whole or not at all without a savepoint of our own.
 * ?1 is the tenant, ?2 the import; each row then takes 11 parameters.
 */
static sqlite3_stmt *invoice_many_stmt(struct sqlite_store *ss, size_t n, struct error *e)
{
	static const char head[] =
		"INSERT INTO invoice(tenant_id, ref, customer_id, issue_date, due_date, currency, "
		"amount, description, po_ref, delivery_note_ref, signed, balance, import_id, product) VALUES ";
	char *sql;
	size_t cap = sizeof(head) + n * 128, len;
	sqlite3_stmt *st = ss->invoice_many[n];

	if (st) {
		/* every parameter is bound again: no need to clear them */
		sqlite3_reset(st);
		return st;
	}
	sql = malloc(cap);
	if (!sql) {
		error_set(e, ERR_ENV, "out of memory");
		return NULL;
	}
	len = (size_t)snprintf(sql, cap, "%s", head);
	for (size_t k = 0; k < n; k++) {
		int b = 3 + (int)k * INVOICE_PER_ROW;
		len += (size_t)snprintf(
			sql + len, cap - len, "%s(?1, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?2, ?%d)",
			k ? ", " : "", b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 5, b + 10);
	}
	if (sqlite3_prepare_v3(ss->db, sql, (int)len, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		sq_db_error(ss, e, "preparing a statement");
		st = NULL;
	}
	free(sql);
	ss->invoice_many[n] = st;
	return st;
}

/* n (1..SQ_BATCH) invoices in one statement, all or none: 1 all written, 0 none (a ref was stored). */
static int insert_many(struct store_tx *tx, const struct invoice *invs, size_t n, int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st;
	/* the dates' text outlives the step, so SQLite need not copy each one */
	char dates[SQ_BATCH][2][10];
	int rc;

	if (n == 0 || n > SQ_BATCH)
		return error_set(e, ERR_ENV, "inserting invoices: batch of %zu", n);
	st = invoice_many_stmt(ss, n, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_id(st, 2, import_id);
	for (size_t k = 0; k < n; k++) {
		const struct invoice *inv = &invs[k];
		int b = 3 + (int)k * INVOICE_PER_ROW;
		bind_text(st, b, inv->ref);
		sqlite3_bind_int64(st, b + 1, inv->customer_id);
		date_text(inv->issue_date, dates[k][0]);
		date_text(inv->due_date, dates[k][1]);
		sqlite3_bind_text(st, b + 2, dates[k][0], 10, SQLITE_STATIC);
		sqlite3_bind_text(st, b + 3, dates[k][1], 10, SQLITE_STATIC);
		bind_text(st, b + 4, inv->currency);
		sqlite3_bind_int64(st, b + 5, inv->amount);
		bind_text(st, b + 6, inv->description);
		bind_text(st, b + 7, inv->po_ref);
		bind_text(st, b + 8, inv->delivery_note_ref);
		sqlite3_bind_int(st, b + 9, inv->is_signed);
		bind_text(st, b + 10, inv->product);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		/* their customers' marks (0040: no trigger on the invoices' inserts) */
		for (size_t k = 0; k < n; k++) {
			int ret = sq_watch_mark(ss, tx->tenant, invs[k].customer_id, e);
			if (ret < 0)
				return ret;
		}
		return 1;
	}
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		/* backed out; the row-by-row path will name the row and the reason */
		sqlite3_reset(st);
		return 0;
	}
	rc = sq_db_error(ss, e, "inserting invoices");
	sqlite3_reset(st);
	return rc;
}

/*
 * Chunks of SQ_BATCH go in one statement each when all are new (the bulk
 * of a first import). A chunk that meets a stored ref is backed out and
 * written row by row, which tells each row apart; after that, rows go one
 * by one until one is new, so that a re-import does not pay for every
 * chunk twice.
 */
static int sq_invoices_add(struct store_tx *tx, const struct invoice *invs, size_t n, int64_t import_id,
			   unsigned char *added, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	int total = 0, ret;

	for (size_t at = 0; at < n;) {
		size_t k = n - at < SQ_BATCH ? n - at : SQ_BATCH;
		if (!ss->invoices_one_by_one) {
			ret = insert_many(tx, invs + at, k, import_id, e);
			if (ret < 0)
				return ret;
			if (ret == 1) {
				if (added)
					memset(added + at, 1, k);
				total += (int)k;
				at += k;
				continue;
			}
			ss->invoices_one_by_one = 1;
		}
		for (size_t i = at; i < at + k; i++) {
			ret = insert_one(tx, &invs[i], import_id, e);
			if (ret < 0)
				return ret;
			if (added)
				added[i] = (unsigned char)ret;
			if (ret == 1) {
				total++;
				ss->invoices_one_by_one = 0;
			}
		}
		at += k;
	}
	return total;
}

static int sq_invoice_get(struct store_tx *tx, const char *ref, struct invoice *out, int64_t *import_id,
			  struct error *e)
{
	GET_BY_REF(SQ(tx), stmt(SQ(tx), ST_INVOICE_GET, e), tx->tenant, ref, e, sq_read_invoice, out, import_id);
}

static void read_invoice_key(sqlite3_stmt *st, struct invoice *inv, int64_t *unused)
{
	(void)unused;
	memset(inv, 0, sizeof(*inv));
	inv->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, inv->ref, sizeof(inv->ref));
	inv->customer_id = sqlite3_column_int64(st, 2);
	inv->issue_date = col_date(st, 3);
	inv->due_date = col_date(st, 4);
	col_text(st, 5, inv->currency, sizeof(inv->currency));
	inv->amount = sqlite3_column_int64(st, 6);
	inv->balance = sqlite3_column_int64(st, 7);
}

static int sq_invoice_find(struct store_tx *tx, const char *ref, struct invoice *out, struct error *e)
{
	GET_BY_REF(SQ(tx), stmt(SQ(tx), ST_INVOICE_FIND, e), tx->tenant, ref, e, read_invoice_key, out, NULL);
}

static int sq_invoice_ref(struct store_tx *tx, int64_t id, char *ref, size_t size, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_INVOICE_REF, e);
	int rc;

	if (!st)
		return -ERR_ENV;
	ref[0] = '\0';
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		col_text(st, 0, ref, size);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading an invoice's ref");
}

static int sq_invoices_list(struct store_tx *tx, struct store_cursor *cur, store_invoice_cb cb, void *ctx,
			    struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_INVOICES_ALL, e);
	struct invoice rec;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_cursor(st, 2, 3, cur);
	EACH_OF_PAGE(ss, st, e, cur, rec, sq_read_invoice);
}

/* Passes each invoice row of a bound statement to cb. */
static int each_invoice(struct sqlite_store *ss, sqlite3_stmt *st, store_invoice_cb cb, void *ctx, struct error *e)
{
	struct invoice inv;
	EACH_ROW(ss, st, e, {
		sq_read_invoice(st, &inv, NULL);
		stop_ = cb(ctx, &inv);
	});
	return 0;
}

static int sq_open_invoices_of_customer(struct store_tx *tx, int64_t customer_id, const char *currency,
					store_invoice_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_OPEN_OF_CUSTOMER, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_text(st, 3, currency);
	return each_invoice(ss, st, cb, ctx, e);
}

static int sq_open_invoices_of_customer_at(struct store_tx *tx, int64_t customer_id, const char *currency, date_t as_of,
					   store_invoice_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_OPEN_OF_CUSTOMER_AT, e);
	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_text(st, 3, currency);
	bind_date(st, 4, as_of);
	return each_invoice(ss, st, cb, ctx, e);
}

static int sq_open_invoices_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
					store_invoice_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_OPEN_BY_CUSTOMER, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_customer);
	sqlite3_bind_int64(st, 3, to_customer);
	return each_invoice(ss, st, cb, ctx, e);
}

static int sq_payment_insert(struct store_tx *tx, struct payment *p, int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PAYMENT_INSERT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, p->ref);
	sqlite3_bind_int64(st, 3, p->customer_id);
	bind_id(st, 4, p->invoice_id);
	bind_date(st, 5, p->date);
	sqlite3_bind_int64(st, 6, p->amount);
	bind_text(st, 7, p->currency);
	bind_text(st, 8, p->method);
	bind_text(st, 9, p->status == PAYMENT_RETURNED ? "returned" : "cleared");
	bind_id(st, 10, import_id);
	return sq_insert_marked(ss, st, &p->id, tx->tenant, p->customer_id, e, "inserting a payment");
}

static int sq_payment_get(struct store_tx *tx, const char *ref, struct payment *out, int64_t *import_id,
			  struct error *e)
{
	/* a payment reads its return date from the ledger */
	if (sq_ledger_flush(SQ(tx), e) < 0)
		return -ERR_ENV;
	GET_BY_REF(SQ(tx), stmt(SQ(tx), ST_PAYMENT_GET, e), tx->tenant, ref, e, read_payment, out, import_id);
}

static int sq_payment_set_status(struct store_tx *tx, int64_t payment_id, enum payment_status status, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PAYMENT_STATUS, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, payment_id);
	bind_text(st, 3, status == PAYMENT_RETURNED ? "returned" : "cleared");
	return sq_exec_step(ss, st, e, "updating a payment");
}

static int sq_payments_list(struct store_tx *tx, struct store_cursor *cur, store_payment_cb cb, void *ctx,
			    struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PAYMENTS_ALL, e);
	struct payment rec;
	if (!st)
		return -ERR_ENV;
	if (sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV; /* a payment reads its return date from the ledger */
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_cursor(st, 2, 3, cur);
	EACH_OF_PAGE(ss, st, e, cur, rec, read_payment);
}

/* ST_INVOICE_MOVE or ST_BOUND_RAISE: the same three parameters (tenant, invoice, amount). */
static int invoice_step(struct store_tx *tx, enum stmt_id id, int64_t invoice_id, int64_t amount, const char *what,
			struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, id, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, invoice_id);
	sqlite3_bind_int64(st, 3, amount);
	return sq_exec_step(ss, st, e, what);
}

/* An invoice's balance moved by `amount`, and the queue's bound raised when it grew (migration 0046). */
static int move_balance(struct store_tx *tx, int64_t invoice_id, int64_t amount, struct error *e)
{
	int ret = invoice_step(tx, ST_INVOICE_MOVE, invoice_id, amount, "updating an invoice balance", e);

	if (ret == 0 && amount > 0)
		ret = invoice_step(tx, ST_BOUND_RAISE, invoice_id, amount, "raising the queue's bound", e);
	return ret;
}

/*
 * One statement for many entries pays the per-statement cost (cursors,
 * foreign-key lookups of the parents) once. ?1 tenant, ?2 import, 7 parameters a row.
 */
static sqlite3_stmt *ledger_many_stmt(struct sqlite_store *ss, size_t n, struct error *e)
{
	enum { PER_ROW = 7 };
	static const char head[] = "INSERT INTO ledger_entry(tenant_id, customer_id, invoice_id, payment_id, kind, "
				   "amount, currency, date, import_id) VALUES ";
	char *sql;
	size_t cap = sizeof(head) + n * 96, len;
	sqlite3_stmt *st = ss->ledger_many[n];

	if (st) {
		sqlite3_reset(st); /* every parameter is bound again */
		return st;
	}
	sql = malloc(cap);
	if (!sql) {
		error_set(e, ERR_ENV, "out of memory");
		return NULL;
	}
	len = (size_t)snprintf(sql, cap, "%s", head);
	for (size_t k = 0; k < n; k++) {
		int b = 3 + (int)k * PER_ROW;
		len += (size_t)snprintf(sql + len, cap - len, "%s(?1, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?2)",
					k ? ", " : "", b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6);
	}
	if (sqlite3_prepare_v3(ss->db, sql, (int)len, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		sq_db_error(ss, e, "preparing a statement");
		st = NULL;
	}
	free(sql);
	ss->ledger_many[n] = st;
	return st;
}

/* n (1..SQ_BATCH) entries in one statement, balances untouched. */
static int append(struct sqlite_store *ss, int64_t tenant, const struct ledger_entry *les, size_t n, int64_t import_id,
		  struct error *e)
{
	sqlite3_stmt *st;
	int ret;

	if (n == 0 || n > SQ_BATCH)
		return error_set(e, ERR_ENV, "writing ledger entries: batch of %zu", n);
	st = ledger_many_stmt(ss, n, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_id(st, 2, import_id);
	for (size_t k = 0; k < n; k++) {
		const struct ledger_entry *le = &les[k];
		int b = 3 + (int)k * 7;
		sqlite3_bind_int64(st, b, le->customer_id);
		bind_id(st, b + 1, le->invoice_id);
		bind_id(st, b + 2, le->payment_id);
		bind_text(st, b + 3, ledger_kind_name(le->kind));
		sqlite3_bind_int64(st, b + 4, le->amount);
		bind_text(st, b + 5, le->currency);
		bind_date(st, b + 6, le->date);
	}
	ret = sq_exec_step(ss, st, e, "writing ledger entries");
	/* their customers' marks (0040: no trigger on the ledger's inserts) */
	for (size_t k = 0; k < n && ret == 0; k++)
		ret = sq_watch_mark(ss, tenant, les[k].customer_id, e);
	return ret;
}

int sq_ledger_flush(struct sqlite_store *ss, struct error *e)
{
	size_t n = ss->ledger_n;

	ss->ledger_n = 0;
	return n ? append(ss, ss->ledger_tenant, ss->ledger_buf, n, ss->ledger_import, e) : 0;
}

/* The entry into ledger_buf, written with SQ_BATCH others by one statement. */
static int hold_entry(struct store_tx *tx, const struct ledger_entry *le, int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	int ret;

	if (ss->ledger_n && (ss->ledger_import != import_id || ss->ledger_tenant != tx->tenant)) {
		ret = sq_ledger_flush(ss, e);
		if (ret < 0)
			return ret;
	}
	ss->ledger_import = import_id;
	ss->ledger_tenant = tx->tenant;
	ss->ledger_buf[ss->ledger_n++] = *le;
	return ss->ledger_n == SQ_BATCH ? sq_ledger_flush(ss, e) : 0;
}

/*
 * The balance moves at once (the next payment of an import reads it); the
 * entry waits in ledger_buf for SQ_BATCH others, written by one statement
 * (a bulk payment import writes one or two entries a row), before any
 * read of the ledger and before the commit.
 */
static int sq_ledger_post(struct store_tx *tx, const struct ledger_entry *les, size_t n, int64_t import_id,
			  struct error *e)
{
	int ret;

	for (size_t k = 0; k < n; k++) {
		if (les[k].invoice_id) {
			ret = move_balance(tx, les[k].invoice_id, les[k].amount, e);
			if (ret < 0)
				return ret;
		}
		ret = hold_entry(tx, &les[k], import_id, e);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* store_ledger_copy: appended as sq_ledger_post does, no balance moved, all written before it returns. */
static int sq_ledger_copy(struct store_tx *tx, const struct ledger_entry *les, size_t n, struct error *e)
{
	for (size_t k = 0; k < n; k++) {
		int ret = hold_entry(tx, &les[k], 0, e);
		if (ret < 0)
			return ret;
	}
	return sq_ledger_flush(SQ(tx), e);
}

/* Passes each ledger entry row of a bound statement to cb. */
static int each_ledger(struct sqlite_store *ss, sqlite3_stmt *st, store_ledger_cb cb, void *ctx, struct error *e)
{
	struct ledger_entry le;
	EACH_ROW(ss, st, e, {
		read_ledger(st, &le);
		stop_ = cb(ctx, &le);
	});
	return 0;
}

static int sq_ledger_of_payment(struct store_tx *tx, int64_t payment_id, store_ledger_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_LEDGER_OF_PAYMENT, e);
	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, payment_id);
	return each_ledger(ss, st, cb, ctx, e);
}

static int sq_ledger_of_invoice(struct store_tx *tx, int64_t invoice_id, store_ledger_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_LEDGER_OF_INVOICE, e);
	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, invoice_id);
	return each_ledger(ss, st, cb, ctx, e);
}

static int sq_ledger_each(struct store_tx *tx, store_ledger_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_LEDGER_ALL, e);
	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	return each_ledger(ss, st, cb, ctx, e);
}

static int sq_has_adjustments(struct store_tx *tx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_HAS_ADJUSTMENTS, e);
	int has;

	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_db_error(ss, e, "reading the ledger's entries");
	}
	has = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return has;
}

/* A customer's unapplied credit in a currency: now (ST_UNAPPLIED), or at the end of *as_of (ST_UNAPPLIED_AT). */
static int read_unapplied(struct store_tx *tx, int64_t customer_id, const char *currency, const date_t *as_of,
			  int64_t *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, as_of ? ST_UNAPPLIED_AT : ST_UNAPPLIED, e);
	int fits;
	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_text(st, 3, currency);
	if (as_of)
		bind_date(st, 4, *as_of);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_db_error(ss, e, "reading unapplied credit");
	}
	fits = sqlite3_column_type(st, 0) != SQLITE_NULL;
	*out = fits ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return fits ? 0 : store__credit_overflow(tx, customer_id, NULL, currency, e);
}

static int sq_unapplied_credit_at(struct store_tx *tx, int64_t customer_id, const char *currency, date_t as_of,
				  int64_t *out, struct error *e)
{
	return read_unapplied(tx, customer_id, currency, &as_of, out, e);
}

static int sq_unapplied_credit(struct store_tx *tx, int64_t customer_id, const char *currency, int64_t *out,
			       struct error *e)
{
	return read_unapplied(tx, customer_id, currency, NULL, out, e);
}

static int sq_credit_note_insert(struct store_tx *tx, struct credit_note *cn, int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CREDIT_NOTE_INSERT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, cn->ref);
	sqlite3_bind_int64(st, 3, cn->customer_id);
	bind_id(st, 4, cn->invoice_id);
	bind_date(st, 5, cn->date);
	sqlite3_bind_int64(st, 6, cn->amount);
	bind_text(st, 7, cn->currency);
	bind_text(st, 8, cn->reason);
	sqlite3_bind_int64(st, 9, cn->applied);
	bind_id(st, 10, import_id);
	return sq_insert_marked(ss, st, &cn->id, tx->tenant, cn->customer_id, e, "inserting a credit note");
}

static void read_credit_note(sqlite3_stmt *st, struct credit_note *cn, int64_t *import_id)
{
	memset(cn, 0, sizeof(*cn));
	cn->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, cn->ref, sizeof(cn->ref));
	cn->customer_id = sqlite3_column_int64(st, 2);
	col_text(st, 3, cn->customer_ref, sizeof(cn->customer_ref));
	cn->invoice_id = sqlite3_column_int64(st, 4);
	col_text(st, 5, cn->invoice_ref, sizeof(cn->invoice_ref));
	cn->date = col_date(st, 6);
	cn->amount = sqlite3_column_int64(st, 7);
	col_text(st, 8, cn->currency, sizeof(cn->currency));
	col_text(st, 9, cn->reason, sizeof(cn->reason));
	cn->applied = sqlite3_column_int64(st, 10);
	if (import_id)
		*import_id = sqlite3_column_int64(st, 11);
}

static int sq_credit_note_get(struct store_tx *tx, const char *ref, struct credit_note *out, int64_t *import_id,
			      struct error *e)
{
	GET_BY_REF(SQ(tx), stmt(SQ(tx), ST_CREDIT_NOTE_GET, e), tx->tenant, ref, e, read_credit_note, out, import_id);
}

/* The single insert in a loop: no round trip to save here (see sqlite/parties.c). */
static int sq_payments_add(struct store_tx *tx, struct payment *ps, size_t n, int64_t import_id, unsigned char *added,
			   struct error *e)
{
	int total = 0;

	for (size_t i = 0; i < n; i++) {
		int ret = sq_payment_insert(tx, &ps[i], import_id, e);
		if (ret < 0)
			return ret;
		added[i] = (unsigned char)ret;
		total += ret;
	}
	return total;
}

static int sq_payments_of_customer(struct store_tx *tx, int64_t customer_id, store_payment_cb cb, void *ctx,
				   struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PAYMENTS_OF_CUSTOMER, e);
	struct payment p;

	if (!st)
		return -ERR_ENV;
	if (sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV; /* a payment reads its return date from the ledger */
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	EACH_ROW(ss, st, e, {
		read_payment(st, &p, NULL);
		stop_ = cb(ctx, &p);
	});
	return 0;
}

static int sq_credit_notes_of_customer(struct store_tx *tx, int64_t customer_id, store_credit_note_cb cb, void *ctx,
				       struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CREDIT_NOTES_OF_CUSTOMER, e);
	struct credit_note cn;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	EACH_ROW(ss, st, e, {
		read_credit_note(st, &cn, NULL);
		stop_ = cb(ctx, &cn);
	});
	return 0;
}

static int sq_credit_notes_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
				       store_credit_note_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CREDIT_NOTES_BY_CUSTOMER, e);
	struct credit_note cn;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_customer);
	sqlite3_bind_int64(st, 3, to_customer);
	EACH_ROW(ss, st, e, {
		read_credit_note(st, &cn, NULL);
		stop_ = cb(ctx, &cn);
	});
	return 0;
}

/* store_invoices_copy: one INSERT a row (no round trip to save here), with its balance. */
static int sq_invoices_copy(struct store_tx *tx, struct invoice *invs, size_t n, unsigned char *added, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	int total = 0;

	for (size_t k = 0; k < n; k++) {
		const struct invoice *inv = &invs[k];
		sqlite3_stmt *st = stmt(ss, ST_INVOICE_COPY, e);
		int ret;
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		bind_text(st, 2, inv->ref);
		sqlite3_bind_int64(st, 3, inv->customer_id);
		bind_date(st, 4, inv->issue_date);
		bind_date(st, 5, inv->due_date);
		bind_text(st, 6, inv->currency);
		sqlite3_bind_int64(st, 7, inv->amount);
		bind_text(st, 8, inv->description);
		bind_text(st, 9, inv->po_ref);
		bind_text(st, 10, inv->delivery_note_ref);
		sqlite3_bind_int(st, 11, inv->is_signed);
		sqlite3_bind_int64(st, 12, inv->balance);
		bind_text(st, 13, inv->product);
		ret = sq_insert_marked(ss, st, &invs[k].id, tx->tenant, inv->customer_id, e, "copying an invoice");
		if (ret < 0)
			return ret;
		added[k] = (unsigned char)ret;
		total += ret;
	}
	return total;
}

static int sq_ledger_sums_by_invoice(struct store_tx *tx, int64_t from_invoice, int64_t to_invoice,
				     store_invoice_sum_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st;

	if (sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	st = stmt(ss, ST_SUMS_BY_INVOICE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_invoice);
	sqlite3_bind_int64(st, 3, to_invoice);
	EACH_ROW(ss, st, e, { stop_ = cb(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)); });
	return 0;
}

static int sq_open_invoice_ids_of_customer(struct store_tx *tx, int64_t customer_id, const char *currency,
					   store_invoice_id_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_OPEN_IDS_OF_CUSTOMER, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_text(st, 3, currency);
	EACH_ROW(ss, st, e, { stop_ = cb(ctx, sqlite3_column_int64(st, 0)); });
	return 0;
}

/* A lookup per account through invoice_open, as for one: in the process, no round trip to save. */
static int sq_open_invoice_ids_of_customers(struct store_tx *tx, const int64_t *ids, const char *const *currencies,
					    size_t n, store_account_invoice_id_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);

	for (size_t k = 0; k < n; k++) {
		sqlite3_stmt *st = stmt(ss, ST_OPEN_IDS_OF_CUSTOMER, e);
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, ids[k]);
		bind_text(st, 3, currencies[k]);
		EACH_ROW(ss, st, e, { stop_ = cb(ctx, ids[k], sqlite3_column_int64(st, 0)); });
	}
	return 0;
}

const struct store_ledger_ops sq_ledger_ops = {
	.invoices_add = sq_invoices_add,
	.invoice_get = sq_invoice_get,
	.invoice_find = sq_invoice_find,
	.invoice_ref = sq_invoice_ref,
	.invoices_list = sq_invoices_list,
	.open_invoices_of_customer = sq_open_invoices_of_customer,
	.open_invoices_by_customer = sq_open_invoices_by_customer,
	.payment_insert = sq_payment_insert,
	.payments_add = sq_payments_add,
	.payment_get = sq_payment_get,
	.payment_set_status = sq_payment_set_status,
	.payments_list = sq_payments_list,
	.post = sq_ledger_post,
	.of_payment = sq_ledger_of_payment,
	.of_invoice = sq_ledger_of_invoice,
	.each = sq_ledger_each,
	.has_adjustments = sq_has_adjustments,
	.unapplied_credit = sq_unapplied_credit,
	.unapplied_credit_at = sq_unapplied_credit_at,
	.open_invoices_of_customer_at = sq_open_invoices_of_customer_at,
	.credit_note_insert = sq_credit_note_insert,
	.credit_note_get = sq_credit_note_get,
	.payments_of_customer = sq_payments_of_customer,
	.credit_notes_of_customer = sq_credit_notes_of_customer,
	.open_invoice_ids_of_customer = sq_open_invoice_ids_of_customer,
	.open_invoice_ids_of_customers = sq_open_invoice_ids_of_customers,
	.invoices_copy = sq_invoices_copy,
	.copy = sq_ledger_copy,
	.sums_by_invoice = sq_ledger_sums_by_invoice,
	.credit_notes_by_customer = sq_credit_notes_by_customer,
};
