/*
 * ledger.c: invoices, payments, ledger entries, balances and unapplied
 * credit on PostgreSQL (the contracts are ledger.h's; the SQLite twin is
 * sqlite/ledger.c).
 *
 * Writes in bulk: invoices_add and payments_add stage their rows with COPY
 * and move them in one INSERT ... SELECT (pg_copy_add, pg_int.h), learning
 * which rows were new from `ON CONFLICT (tenant_id, ref) DO NOTHING
 * RETURNING ref, id`, so a re-import needs no second pass; the ledger
 * entries that post holds back go PG_BATCH per INSERT as one array
 * parameter per column, and the balance moves it holds back go up to
 * PG_MOVES_MAX invoices per UPDATE (pg_int.h says when each is written;
 * pg_ledger_flush() writes both before any read of ledger_entry and before
 * the commit, db.c).
 *
 * Lists without a limit, the range read of the daily run and the whole
 * ledger (store_ledger_each) go through pg_stream(): a cursor, so memory
 * stays flat and the callback may call other store functions. A page with
 * a limit, and a payment's entries, are one result.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

/*
 * The subquery names the tenant as $1 (every statement using PAYMENT_COLS
 * has p.tenant_id = $1): with the outer p.tenant_id, the planner cannot
 * prune ledger_entry to the tenant's partition (or shard) before running
 * (tests/integration/t0430-pg-shard.sh).
 */
#define PAYMENT_COLS                                                                                     \
	"p.id, p.ref, p.customer_id, c.ref, p.invoice_id, COALESCE(i.ref, ''), p.date::text, p.amount, " \
	"p.currency, p.method, p.status, p.import_id, "                                                  \
	"(SELECT MIN(l.date) FROM ledger_entry l WHERE l.tenant_id = $1 AND l.payment_id = p.id "        \
	"AND (l.kind = 'reversal' OR (l.kind = 'unapplied' AND l.amount > 0)))::text"
#define PAYMENT_FROM                                                                             \
	" FROM payment p JOIN customer c ON c.tenant_id = p.tenant_id AND c.id = p.customer_id " \
	"LEFT JOIN invoice i ON i.tenant_id = p.tenant_id AND i.id = p.invoice_id "
#define INVOICE_FROM " FROM invoice i JOIN customer c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id "

#define CREDIT_NOTE_SELECT                                                                                      \
	"SELECT n.id, n.ref, n.customer_id, c.ref, n.invoice_id, COALESCE(i.ref, ''), n.date::text, n.amount, " \
	"n.currency, n.reason, n.applied, n.import_id FROM credit_note n "                                      \
	"JOIN customer c ON c.tenant_id = n.tenant_id AND c.id = n.customer_id "                                \
	"LEFT JOIN invoice i ON i.tenant_id = n.tenant_id AND i.id = n.invoice_id "

#define LEDGER_COLS "id, customer_id, invoice_id, payment_id, kind, amount, currency, date::text"

enum stmt_id {
	ST_INVOICES_MOVE,
	ST_PAYMENTS_MOVE,
	ST_INVOICE_GET,
	ST_INVOICE_FIND,
	ST_INVOICE_REF,
	ST_INVOICES_FIND,
	ST_INVOICES_PAGE,
	ST_OPEN_OF_CUSTOMER,
	ST_OPEN_OF_CUSTOMER_HELD,
	ST_PAYMENT_INSERT,
	ST_PAYMENT_GET,
	ST_PAYMENT_STATUS,
	ST_PAYMENTS_PAGE,
	ST_LEDGER_APPEND,
	ST_LEDGER_OF_PAYMENT,
	ST_UNAPPLIED,
	ST_UNAPPLIED_AT,
	ST_OPEN_OF_CUSTOMER_AT,
	ST_HAS_ADJUSTMENTS,
	ST_CREDIT_NOTE_INSERT,
	ST_CREDIT_NOTE_GET,
	ST_INVOICE_MOVES,
	ST_BOUND_RAISE,
	ST_LEDGER_OF_INVOICE,
	ST_PAYMENTS_OF_CUSTOMER,
	ST_CREDIT_NOTES_OF_CUSTOMER,
	ST_OPEN_IDS_OF_CUSTOMER,
	ST_OPEN_IDS_OF_CUSTOMERS,
	ST_LEDGER_COPY,
	ST_INVOICES_COPY_MOVE,
	ST_COUNT
};
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_OPEN_IDS_OF_CUSTOMER] =
		"SELECT id FROM invoice WHERE tenant_id = $1 AND customer_id = $2 AND currency = $3 "
		"AND balance <> 0 AND balance > 0 ORDER BY due_date, id",
	/* the accounts as two arrays: a nested loop over them, an index-only lookup each */
	[ST_OPEN_IDS_OF_CUSTOMERS] =
		"SELECT i.customer_id, i.id FROM unnest($2::bigint[], $3::text[]) AS w(customer_id, currency) "
		"JOIN invoice i ON i.tenant_id = $1 AND i.customer_id = w.customer_id AND i.currency = w.currency "
		"AND i.balance <> 0 AND i.balance > 0 ORDER BY i.customer_id, i.due_date, i.id",
	/* the staged rows in file order (pg_int.h, pg_copy_add) */
	[ST_INVOICES_MOVE] =
		"INSERT INTO invoice (tenant_id, ref, customer_id, issue_date, due_date, currency, amount, "
		"description, po_ref, delivery_note_ref, signed, balance, import_id, product) "
		"SELECT $1::bigint, r.ref, r.customer_id, r.issue_date, r.due_date, r.currency, r.amount, "
		"r.description, r.po_ref, r.dn_ref, r.signed, r.amount, $2::bigint, r.product FROM recoup_stage_invoice r "
		"ORDER BY r.ord "
		"ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING ref, id",
	[ST_PAYMENTS_MOVE] = "INSERT INTO payment (tenant_id, ref, customer_id, invoice_id, date, amount, currency, "
			     "method, status, import_id) "
			     "SELECT $1::bigint, r.ref, r.customer_id, r.invoice_id, r.date, r.amount, r.currency, "
			     "r.method, r.status, $2::bigint FROM recoup_stage_payment r ORDER BY r.ord "
			     "ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING ref, id",
	[ST_INVOICE_GET] = "SELECT " PG_INVOICE_COLS INVOICE_FROM "WHERE i.tenant_id = $1 AND i.ref = $2",
	[ST_INVOICE_FIND] = "SELECT id, ref, customer_id, issue_date::text, due_date::text, currency, amount, balance "
			    "FROM invoice WHERE tenant_id = $1 AND ref = $2",
	[ST_INVOICE_REF] = "SELECT ref FROM invoice WHERE tenant_id = $1 AND id = $2",
	/* the same for many refs ($2), each row with its ref's place in them (from 1) */
	[ST_INVOICES_FIND] = "SELECT i.id, i.ref, i.customer_id, i.issue_date::text, i.due_date::text, i.currency, "
			     "i.amount, i.balance, u.o FROM unnest($2::text[]) WITH ORDINALITY AS u(ref, o) "
			     "JOIN invoice i ON i.tenant_id = $1 AND i.ref = u.ref",
	[ST_INVOICES_PAGE] = "SELECT " PG_INVOICE_COLS INVOICE_FROM
			     "WHERE i.tenant_id = $1 AND i.id > $2 ORDER BY i.id LIMIT $3",
	[ST_OPEN_OF_CUSTOMER] = "SELECT " PG_INVOICE_COLS INVOICE_FROM
				"WHERE i.tenant_id = $1 AND i.customer_id = $2 AND i.currency = $3 "
				"AND i.balance <> 0 AND i.balance > 0 ORDER BY i.due_date, i.id",
	/* the same with balance moves held back, none of them a rise (pg_open_invoices_of_customer) */
	[ST_OPEN_OF_CUSTOMER_HELD] = "SELECT " PG_INVOICE_COLS INVOICE_FROM
				     "WHERE i.tenant_id = $1 AND i.customer_id = $2 AND i.currency = $3 "
				     "AND i.balance <> 0 AND i.balance > 0 ORDER BY i.due_date, i.id",
	[ST_PAYMENT_INSERT] = "INSERT INTO payment (tenant_id, ref, customer_id, invoice_id, date, amount, currency, "
			      "method, status, import_id) VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10) "
			      "ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING id",
	[ST_PAYMENT_GET] = "SELECT " PAYMENT_COLS PAYMENT_FROM "WHERE p.tenant_id = $1 AND p.ref = $2",
	[ST_PAYMENT_STATUS] = "UPDATE payment SET status = $3 WHERE tenant_id = $1 AND id = $2",
	[ST_PAYMENTS_PAGE] = "SELECT " PAYMENT_COLS PAYMENT_FROM
			     "WHERE p.tenant_id = $1 AND p.id > $2 ORDER BY p.id LIMIT $3",
	[ST_LEDGER_APPEND] =
		"INSERT INTO ledger_entry (tenant_id, customer_id, invoice_id, payment_id, kind, amount, currency, "
		"date, import_id) "
		"SELECT $1::bigint, r.customer_id, r.invoice_id, r.payment_id, r.kind, r.amount, r.currency, r.date, "
		"$2::bigint FROM unnest($3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[], "
		"$8::text[], $9::date[]) AS r(customer_id, invoice_id, payment_id, kind, amount, currency, date)",
	[ST_LEDGER_OF_PAYMENT] = "SELECT " LEDGER_COLS " FROM ledger_entry WHERE tenant_id = $1 AND payment_id = $2 "
				 "ORDER BY id",
	[ST_LEDGER_OF_INVOICE] = "SELECT " LEDGER_COLS " FROM ledger_entry WHERE tenant_id = $1 AND invoice_id = $2 "
				 "ORDER BY id",
	/* fees and interest through ledger_charge_day (its WHERE word for word), write-offs by a scan to the first */
	[ST_HAS_ADJUSTMENTS] =
		"SELECT (EXISTS (SELECT 1 FROM ledger_entry WHERE tenant_id = $1 "
		"AND (kind = 'fee' OR kind = 'interest')) "
		"OR EXISTS (SELECT 1 FROM ledger_entry WHERE tenant_id = $1 AND kind = 'write_off'))::int",
	[ST_UNAPPLIED_AT] = "SELECT COALESCE(" PG_CREDIT_SUM(
		"amount") ", CASE WHEN count(*) = 0 THEN 0 END) "
			  "FROM ledger_entry WHERE tenant_id = $1 "
			  "AND customer_id = $2 AND currency = $3 AND invoice_id IS NULL AND date <= $4::date",
	/* each balance at the end of $4 from the dated ledger, through ledger_invoice */
	[ST_OPEN_OF_CUSTOMER_AT] =
		"SELECT i.id, i.ref, i.customer_id, c.ref, i.issue_date::text, i.due_date::text, i.currency, i.amount, "
		"i.description, i.po_ref, i.delivery_note_ref, i.signed, b.bal, i.import_id, i.product "
		"FROM (SELECT x.id, (x.amount + COALESCE((SELECT SUM(l.amount) FROM ledger_entry l "
		"WHERE l.tenant_id = $1 AND l.invoice_id = x.id AND l.date <= $4::date), 0))::bigint AS bal "
		"FROM invoice x WHERE x.tenant_id = $1 AND x.customer_id = $2 AND x.currency = $3 "
		"AND x.issue_date <= $4::date) b JOIN invoice i ON i.tenant_id = $1 AND i.id = b.id "
		"JOIN customer c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id "
		"WHERE b.bal > 0 ORDER BY i.due_date, i.id",
	/* no entry: 0; beyond int64: NULL */
	[ST_UNAPPLIED] = "SELECT COALESCE(" PG_CREDIT_SUM(
		"amount") ", CASE WHEN count(*) = 0 THEN 0 END) "
			  "FROM ledger_entry WHERE tenant_id = $1 "
			  "AND customer_id = $2 AND currency = $3 AND invoice_id IS NULL",
	[ST_CREDIT_NOTE_INSERT] =
		"INSERT INTO credit_note (tenant_id, ref, customer_id, invoice_id, date, amount, currency, reason, "
		"applied, import_id) VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10) "
		"ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING id",
	[ST_CREDIT_NOTE_GET] = CREDIT_NOTE_SELECT "WHERE n.tenant_id = $1 AND n.ref = $2",
	[ST_PAYMENTS_OF_CUSTOMER] = "SELECT " PAYMENT_COLS PAYMENT_FROM
				    "WHERE p.tenant_id = $1 AND p.customer_id = $2 ORDER BY p.id",
	[ST_CREDIT_NOTES_OF_CUSTOMER] = CREDIT_NOTE_SELECT
	"WHERE n.tenant_id = $1 AND n.customer_id = $2 ORDER BY n.id",
	/* the entries staged by pg_ledger_copy, in their order (ids follow it); balances untouched */
	[ST_LEDGER_COPY] = "INSERT INTO ledger_entry (tenant_id, customer_id, invoice_id, payment_id, kind, amount, "
			   "currency, date) SELECT $1::bigint, r.customer_id, r.invoice_id, r.payment_id, r.kind, "
			   "r.amount, r.currency, r.date FROM recoup_stage_ledger r ORDER BY r.ord",
	/* as ST_INVOICES_MOVE, with the balance staged (pg_invoices_copy) */
	[ST_INVOICES_COPY_MOVE] =
		"INSERT INTO invoice (tenant_id, ref, customer_id, issue_date, due_date, currency, amount, "
		"description, po_ref, delivery_note_ref, signed, balance, import_id, product) "
		"SELECT $1::bigint, r.ref, r.customer_id, r.issue_date, r.due_date, r.currency, r.amount, "
		"r.description, r.po_ref, r.dn_ref, r.signed, r.balance, $2::bigint, r.product "
		"FROM recoup_stage_invoice r ORDER BY r.ord "
		"ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING ref, id",
	/* one row per invoice in the arrays (pg_ledger_post merges the moves of one invoice) */
	[ST_INVOICE_MOVES] = "UPDATE invoice i SET balance = i.balance + m.amount "
			     "FROM unnest($2::bigint[], $3::bigint[]) AS m(id, amount) "
			     "WHERE i.tenant_id = $1 AND i.id = m.id",
	/*
	 * After the moves that grew a balance ($2, $3: those of ST_INVOICE_MOVES
	 * with an amount > 0): the queue's bound of each assigned customer whose
	 * invoices' positive balances grew, raised by each invoice's growth
	 * (migration 0046, which dropped the row trigger that did it on every
	 * move: 0024's invoice_bound_raise, whose guards these are), summed per
	 * customer; any invoice in another currency than the bound's, or grown
	 * past what the product holds, makes the bound unknown. A statement of
	 * its own, run only when a balance grew: folded into the moves'
	 * statement, its planning cost every payment of an import (511,094 at
	 * 100,000 customers: 87 s against 75 s).
	 */
	[ST_BOUND_RAISE] =
		"WITH u AS (SELECT i.customer_id, i.currency, i.balance - GREATEST(i.balance - m.amount, 0) AS added "
		"FROM unnest($2::bigint[], $3::bigint[]) AS m(id, amount) "
		"JOIN invoice i ON i.tenant_id = $1 AND i.id = m.id WHERE i.balance > 0), "
		"x AS (SELECT a.customer_id, bool_and(u.currency = a.bound_currency AND u.added < 40000000000000) "
		"AND a.bound < 4000000000000000000 AS known, "
		"sum(CASE WHEN u.currency = a.bound_currency AND u.added < 40000000000000 "
		"THEN (u.added * a.bound_scale * a.bound_pay + 999) / 1000 ELSE 0 END) AS raise "
		"FROM u JOIN assignment a ON a.tenant_id = $1 AND a.customer_id = u.customer_id "
		"AND a.bound <> 9223372036854775807 GROUP BY a.customer_id, a.bound) "
		"UPDATE assignment a SET bound = CASE WHEN x.known THEN a.bound + x.raise "
		"ELSE 9223372036854775807 END FROM x WHERE a.tenant_id = $1 AND a.customer_id = x.customer_id",
};

/* The whole-tenant reads, streamed by pg_stream() (text: a cursor is declared around them). */
static const char invoices_all_sql[] = "SELECT " PG_INVOICE_COLS INVOICE_FROM
				       "WHERE i.tenant_id = $1 AND i.id > $2 ORDER BY i.id";
static const char payments_all_sql[] = "SELECT " PAYMENT_COLS PAYMENT_FROM
				       "WHERE p.tenant_id = $1 AND p.id > $2 ORDER BY p.id";
/* every entry of the tenant (store_ledger_each: a whole book, for app/migrate) */
static const char ledger_all_sql[] = "SELECT " LEDGER_COLS " FROM ledger_entry WHERE tenant_id = $1 ORDER BY id";
/* the movements' sum per invoice of a range (store_ledger_sums_by_invoice) */
static const char sums_by_invoice_sql[] = "SELECT invoice_id, SUM(amount)::bigint FROM ledger_entry "
					  "WHERE tenant_id = $1 AND invoice_id BETWEEN $2 AND $3 "
					  "GROUP BY invoice_id ORDER BY invoice_id";
/* the credit notes of a range of customers (store_credit_notes_by_customer) */
static const char credit_notes_by_customer_sql[] = CREDIT_NOTE_SELECT
	"WHERE n.tenant_id = $1 AND n.customer_id BETWEEN $2 AND $3 ORDER BY n.customer_id, n.id";
static const char open_by_customer_sql[] = "SELECT " PG_INVOICE_COLS INVOICE_FROM
					   "WHERE i.tenant_id = $1 AND i.customer_id BETWEEN $2 AND $3 "
					   "AND i.balance <> 0 AND i.balance > 0 "
					   "ORDER BY i.customer_id, i.currency, i.due_date, i.id";

/*
 * The statements that may run while balance moves are held back (pg_int.h):
 * they read no balance, or add the moves held to the one they read
 * (held_move).
 */
const uint64_t pg_ledger_balance_blind = PG_STMT_BIT(ST_INVOICE_GET) | PG_STMT_BIT(ST_INVOICE_FIND) |
					 PG_STMT_BIT(ST_INVOICES_FIND) | PG_STMT_BIT(ST_PAYMENTS_MOVE) |
					 PG_STMT_BIT(ST_INVOICES_MOVE) | PG_STMT_BIT(ST_PAYMENT_INSERT) |
					 PG_STMT_BIT(ST_PAYMENT_GET) | PG_STMT_BIT(ST_PAYMENT_STATUS) |
					 PG_STMT_BIT(ST_LEDGER_APPEND) | PG_STMT_BIT(ST_LEDGER_OF_PAYMENT) |
					 PG_STMT_BIT(ST_UNAPPLIED) | PG_STMT_BIT(ST_INVOICE_MOVES) |
					 PG_STMT_BIT(ST_LEDGER_OF_INVOICE) | PG_STMT_BIT(ST_OPEN_OF_CUSTOMER_HELD);

static PGresult *run(struct pg_store *ps, enum stmt_id id, const struct pg_params *p, struct error *e)
{
	return pg_run(ps, PG_LEDGER, id, stmt_sql, p, e);
}

/* ---- reading rows ---- */

void pg_read_invoice(const PGresult *r, int i, struct invoice *inv, int64_t *import_id)
{
	memset(inv, 0, sizeof(*inv));
	inv->id = pg_int(r, i, 0);
	pg_text(r, i, 1, inv->ref, sizeof(inv->ref));
	inv->customer_id = pg_int(r, i, 2);
	pg_text(r, i, 3, inv->customer_ref, sizeof(inv->customer_ref));
	inv->issue_date = pg_date(r, i, 4);
	inv->due_date = pg_date(r, i, 5);
	pg_text(r, i, 6, inv->currency, sizeof(inv->currency));
	inv->amount = pg_int(r, i, 7);
	pg_text(r, i, 8, inv->description, sizeof(inv->description));
	pg_text(r, i, 9, inv->po_ref, sizeof(inv->po_ref));
	pg_text(r, i, 10, inv->delivery_note_ref, sizeof(inv->delivery_note_ref));
	inv->is_signed = (int)pg_int(r, i, 11);
	inv->balance = pg_int(r, i, 12);
	if (import_id)
		*import_id = pg_int(r, i, 13);
	pg_text(r, i, 14, inv->product, sizeof(inv->product));
}

static void read_invoice_key(const PGresult *r, int i, struct invoice *inv)
{
	memset(inv, 0, sizeof(*inv));
	inv->id = pg_int(r, i, 0);
	pg_text(r, i, 1, inv->ref, sizeof(inv->ref));
	inv->customer_id = pg_int(r, i, 2);
	inv->issue_date = pg_date(r, i, 3);
	inv->due_date = pg_date(r, i, 4);
	pg_text(r, i, 5, inv->currency, sizeof(inv->currency));
	inv->amount = pg_int(r, i, 6);
	inv->balance = pg_int(r, i, 7);
}

static void read_payment(const PGresult *r, int i, struct payment *p, int64_t *import_id)
{
	memset(p, 0, sizeof(*p));
	p->id = pg_int(r, i, 0);
	pg_text(r, i, 1, p->ref, sizeof(p->ref));
	p->customer_id = pg_int(r, i, 2);
	pg_text(r, i, 3, p->customer_ref, sizeof(p->customer_ref));
	p->invoice_id = pg_int(r, i, 4);
	pg_text(r, i, 5, p->invoice_ref, sizeof(p->invoice_ref));
	p->date = pg_date(r, i, 6);
	p->amount = pg_int(r, i, 7);
	pg_text(r, i, 8, p->currency, sizeof(p->currency));
	pg_text(r, i, 9, p->method, sizeof(p->method));
	p->status = strcmp(PQgetvalue(r, i, 10), "returned") ? PAYMENT_CLEARED : PAYMENT_RETURNED;
	if (import_id)
		*import_id = pg_int(r, i, 11);
	/* the day the reversal entries carry; a payment is reversed as a whole */
	p->returned_date = p->status == PAYMENT_RETURNED && !pg_isnull(r, i, 12) ? pg_date(r, i, 12) : p->date;
}

static void read_ledger(const PGresult *r, int i, struct ledger_entry *le)
{
	memset(le, 0, sizeof(*le));
	le->id = pg_int(r, i, 0);
	le->customer_id = pg_int(r, i, 1);
	le->invoice_id = pg_int(r, i, 2);
	le->payment_id = pg_int(r, i, 3);
	ledger_kind_parse(PQgetvalue(r, i, 4), &le->kind);
	le->amount = pg_int(r, i, 5);
	pg_text(r, i, 6, le->currency, sizeof(le->currency));
	le->date = pg_date(r, i, 7);
}

/* ---- invoices ---- */

static void stage_invoice(struct pg_copy *c, const void *rec)
{
	const struct invoice *inv = rec;

	pg_copy_text(c, inv->ref);
	pg_copy_int(c, inv->customer_id);
	pg_copy_date(c, inv->issue_date);
	pg_copy_date(c, inv->due_date);
	pg_copy_text(c, inv->currency);
	pg_copy_int(c, inv->amount);
	pg_copy_text(c, inv->description);
	pg_copy_text(c, inv->po_ref);
	pg_copy_text(c, inv->delivery_note_ref);
	pg_copy_int(c, inv->is_signed ? 1 : 0);
	pg_copy_text(c, inv->product);
}

/*
 * One staging table for both kinds of invoice rows (a transaction has one
 * per table: pg_int.h): an import's rows leave the balance NULL (its
 * amount is the balance), a copy's give it (invoice_copy_kind).
 */
#define INVOICE_STAGE_SQL                                                                                      \
	"CREATE TEMP TABLE recoup_stage_invoice (ord integer, ref text, customer_id bigint, issue_date date, " \
	"due_date date, currency text, amount bigint, description text, po_ref text, dn_ref text, "            \
	"signed integer, product text, balance bigint) ON COMMIT DROP"

static const struct pg_copy_kind invoice_kind = {
	.table = PG_T_INVOICE,
	.create_sql = INVOICE_STAGE_SQL,
	.copy_sql = "COPY recoup_stage_invoice (ord, ref, customer_id, issue_date, due_date, currency, amount, "
		    "description, po_ref, dn_ref, signed, product) FROM STDIN",
	.truncate_sql = "TRUNCATE recoup_stage_invoice",
	.agg = PG_LEDGER,
	.move_id = ST_INVOICES_MOVE,
	.sql = stmt_sql,
	.stride = sizeof(struct invoice),
	.ref_offset = offsetof(struct invoice, ref),
	.id_offset = offsetof(struct invoice, id),
	.row = stage_invoice,
};

static int pg_invoices_add(struct store_tx *tx, const struct invoice *invs, size_t n, int64_t import_id,
			   unsigned char *added, struct error *e)
{
	/* without set_ids the rows are only read: ledger.h returns no ids */
	return pg_copy_add(tx, &invoice_kind, (void *)(uintptr_t)invs, n, 0, import_id, added, e);
}

/* stage_invoice with the balance (a copy's: store_invoices_copy) */
static void stage_invoice_copy(struct pg_copy *c, const void *rec)
{
	stage_invoice(c, rec);
	pg_copy_int(c, ((const struct invoice *)rec)->balance);
}

static const struct pg_copy_kind invoice_copy_kind = {
	.table = PG_T_INVOICE,
	.create_sql = INVOICE_STAGE_SQL,
	.copy_sql = "COPY recoup_stage_invoice FROM STDIN",
	.truncate_sql = "TRUNCATE recoup_stage_invoice",
	.agg = PG_LEDGER,
	.move_id = ST_INVOICES_COPY_MOVE,
	.sql = stmt_sql,
	.stride = sizeof(struct invoice),
	.ref_offset = offsetof(struct invoice, ref),
	.id_offset = offsetof(struct invoice, id),
	.row = stage_invoice_copy,
};

static int pg_invoices_copy(struct store_tx *tx, struct invoice *invs, size_t n, unsigned char *added, struct error *e)
{
	return pg_copy_add(tx, &invoice_copy_kind, invs, n, 1, 0, added, e);
}

/* What the moves held back add to invoice `id`'s stored balance. */
static int64_t held_move(const struct pg_store *ps, int64_t id)
{
	for (size_t k = 0; k < ps->moves_n; k++)
		if (ps->moves[k].invoice_id == id)
			return ps->moves[k].amount;
	return 0;
}

/* A lookup by (tenant, ref): 1 found (read), 0 not, or -ERR_ENV. */
static int get_by_ref(struct store_tx *tx, enum stmt_id id, const char *ref, struct error *e, PGresult **out)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, ref);
	res = run(PG(tx), id, &p, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	*out = res;
	return 1;
}

static int pg_invoice_get(struct store_tx *tx, const char *ref, struct invoice *out, int64_t *import_id,
			  struct error *e)
{
	PGresult *res = NULL;
	int ret = get_by_ref(tx, ST_INVOICE_GET, ref, e, &res);

	if (ret == 1) {
		pg_read_invoice(res, 0, out, import_id);
		out->balance += held_move(PG(tx), out->id);
		PQclear(res);
	}
	return ret;
}

static int pg_invoice_find(struct store_tx *tx, const char *ref, struct invoice *out, struct error *e)
{
	PGresult *res = NULL;
	int ret = get_by_ref(tx, ST_INVOICE_FIND, ref, e, &res);

	if (ret == 1) {
		read_invoice_key(res, 0, out);
		out->balance += held_move(PG(tx), out->id);
		PQclear(res);
	}
	return ret;
}

static int pg_invoice_ref(struct store_tx *tx, int64_t id, char *ref, size_t size, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	ref[0] = '\0';
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	res = run(PG(tx), ST_INVOICE_REF, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) > 0;
	if (found)
		pg_text(res, 0, 0, ref, size);
	PQclear(res);
	return found;
}

static int pg_invoices_find(struct store_tx *tx, const char *const *refs, size_t n, struct invoice *out,
			    unsigned char *found, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT;
	PGresult *res = NULL;
	int ret;

	memset(found, 0, n);
	if (n == 0)
		return 0;
	ret = pg_array_texts(&arr, refs, n, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, arr.buf);
		res = run(PG(tx), ST_INVOICES_FIND, &p, e);
		ret = res ? 0 : -ERR_ENV;
	}
	for (int i = 0; res && i < PQntuples(res); i++) {
		int64_t o = pg_int(res, i, 8);
		if (o < 1 || (size_t)o > n)
			continue;
		read_invoice_key(res, i, &out[o - 1]);
		out[o - 1].balance += held_move(PG(tx), out[o - 1].id);
		found[o - 1] = 1;
	}
	PQclear(res);
	pg_array_release(&arr);
	return ret;
}

/*
 * Rows passed to the caller's callback (the one that is set): invoices or
 * payments; with `cur`, a list page that moves it.
 */
struct rows {
	const struct pg_store *ps; /* on_invoice_held's held moves */
	store_invoice_cb invoice_cb;
	store_payment_cb payment_cb;
	void *ctx;
	struct store_cursor *cur;
	int n;
};

/* Counts a row passed and moves the cursor past it. */
static void passed(struct rows *r, int64_t id)
{
	if (r->cur)
		r->cur->after = id;
	r->n++;
}

static int on_invoice(void *ctx, PGresult *res, int i)
{
	struct rows *r = ctx;
	struct invoice inv;

	pg_read_invoice(res, i, &inv, NULL);
	passed(r, inv.id);
	return r->invoice_cb(r->ctx, &inv);
}

static int on_payment(void *ctx, PGresult *res, int i)
{
	struct rows *r = ctx;
	struct payment p;

	read_payment(res, i, &p, NULL);
	passed(r, p.id);
	return r->payment_cb(r->ctx, &p);
}

static int pg_invoices_list(struct store_tx *tx, struct store_cursor *cur, store_invoice_cb cb, void *ctx,
			    struct error *e)
{
	struct rows r = { .invoice_cb = cb, .ctx = ctx, .cur = cur };
	int stop = pg_list(PG(tx), PG_LEDGER, ST_INVOICES_PAGE, stmt_sql, invoices_all_sql, tx->tenant, cur, on_invoice,
			   &r, e);
	return stop ? stop : r.n;
}

/* An open invoice as read, its balance moved by what is held back for it: passed on while still open. */
static int on_invoice_held(void *ctx, PGresult *res, int i)
{
	struct rows *r = ctx;
	struct invoice inv;

	pg_read_invoice(res, i, &inv, NULL);
	inv.balance += held_move(r->ps, inv.id);
	if (inv.balance <= 0)
		return 0;
	passed(r, inv.id);
	return r->invoice_cb(r->ctx, &inv);
}

/*
 * With balance moves held back (an import's payments), none of them a
 * rise: read as stored and each balance moved here (on_invoice_held),
 * without writing the moves first. An invoice the moves open again (a
 * returned payment's) is not among the stored open ones, so a rise writes
 * them first. A payments import wrote its moves before each such read:
 * 3,867 of the 5,253 UPDATEs of a 51,194-payment file.
 */
static int pg_open_invoices_of_customer(struct store_tx *tx, int64_t customer_id, const char *currency,
					store_invoice_cb cb, void *ctx, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	struct rows r = { .invoice_cb = cb, .ctx = ctx, .ps = ps };
	enum stmt_id id = ST_OPEN_OF_CUSTOMER_HELD;
	PGresult *res;

	for (size_t k = 0; k < ps->moves_n; k++)
		if (ps->moves[k].amount > 0)
			id = ST_OPEN_OF_CUSTOMER;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_text(&p, currency);
	res = run(ps, id, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, id == ST_OPEN_OF_CUSTOMER_HELD ? on_invoice_held : on_invoice, &r);
}

static int pg_open_invoices_of_customer_at(struct store_tx *tx, int64_t customer_id, const char *currency, date_t as_of,
					   store_invoice_cb cb, void *ctx, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	struct rows r = { .invoice_cb = cb, .ctx = ctx, .ps = ps };
	PGresult *res;

	if (pg_ledger_flush(ps, e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_text(&p, currency);
	pg_param_date(&p, as_of);
	res = run(ps, ST_OPEN_OF_CUSTOMER_AT, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, on_invoice, &r);
}

static int pg_open_invoices_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
					store_invoice_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct rows r = { .invoice_cb = cb, .ctx = ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_customer);
	pg_param_int(&p, to_customer);
	return pg_stream(PG(tx), open_by_customer_sql, &p, on_invoice, &r, e);
}

/* ---- payments ---- */

static const char *status_name(enum payment_status status)
{
	return status == PAYMENT_RETURNED ? "returned" : "cleared";
}

static int pg_payment_insert(struct store_tx *tx, struct payment *p, int64_t import_id, struct error *e)
{
	struct pg_params q = PG_PARAMS_INIT;
	PGresult *res;
	int ret = 0;

	pg_param_int(&q, tx->tenant);
	pg_param_text(&q, p->ref);
	pg_param_int(&q, p->customer_id);
	pg_param_id(&q, p->invoice_id);
	pg_param_date(&q, p->date);
	pg_param_int(&q, p->amount);
	pg_param_text(&q, p->currency);
	pg_param_text(&q, p->method);
	pg_param_text(&q, status_name(p->status));
	pg_param_id(&q, import_id);
	res = run(PG(tx), ST_PAYMENT_INSERT, &q, e);
	if (!res)
		return -ERR_ENV;
	if (pg_inserted(PG(tx), PG_T_PAYMENT, (size_t)PQntuples(res), e) < 0) {
		PQclear(res);
		return -ERR_ENV;
	}
	if (PQntuples(res) == 1) {
		p->id = pg_int(res, 0, 0);
		ret = 1;
	}
	PQclear(res);
	return ret;
}

static void stage_payment(struct pg_copy *c, const void *rec)
{
	const struct payment *p = rec;

	pg_copy_text(c, p->ref);
	pg_copy_int(c, p->customer_id);
	pg_copy_id(c, p->invoice_id);
	pg_copy_date(c, p->date);
	pg_copy_int(c, p->amount);
	pg_copy_text(c, p->currency);
	pg_copy_text(c, p->method);
	pg_copy_text(c, status_name(p->status));
}

static const struct pg_copy_kind payment_kind = {
	.table = PG_T_PAYMENT,
	.create_sql = "CREATE TEMP TABLE recoup_stage_payment (ord integer, ref text, customer_id bigint, "
		      "invoice_id bigint, date date, amount bigint, currency text, method text, status text) "
		      "ON COMMIT DROP",
	.copy_sql = "COPY recoup_stage_payment FROM STDIN",
	.truncate_sql = "TRUNCATE recoup_stage_payment",
	.agg = PG_LEDGER,
	.move_id = ST_PAYMENTS_MOVE,
	.sql = stmt_sql,
	.stride = sizeof(struct payment),
	.ref_offset = offsetof(struct payment, ref),
	.id_offset = offsetof(struct payment, id),
	.row = stage_payment,
};

static int pg_payments_add(struct store_tx *tx, struct payment *ps, size_t n, int64_t import_id, unsigned char *added,
			   struct error *e)
{
	return pg_copy_add(tx, &payment_kind, ps, n, 1, import_id, added, e);
}

static int pg_payment_get(struct store_tx *tx, const char *ref, struct payment *out, int64_t *import_id,
			  struct error *e)
{
	PGresult *res = NULL;
	int ret;

	/* a payment reads its return date from the ledger */
	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	ret = get_by_ref(tx, ST_PAYMENT_GET, ref, e, &res);
	if (ret == 1) {
		read_payment(res, 0, out, import_id);
		PQclear(res);
	}
	return ret;
}

static int pg_payment_set_status(struct store_tx *tx, int64_t payment_id, enum payment_status status, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, payment_id);
	pg_param_text(&p, status_name(status));
	return pg_exec(PG(tx), PG_LEDGER, ST_PAYMENT_STATUS, stmt_sql, &p, e);
}

static int pg_payments_list(struct store_tx *tx, struct store_cursor *cur, store_payment_cb cb, void *ctx,
			    struct error *e)
{
	struct rows r = { .payment_cb = cb, .ctx = ctx, .cur = cur };
	int stop;

	/* a payment reads its return date from the ledger */
	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	stop = pg_list(PG(tx), PG_LEDGER, ST_PAYMENTS_PAGE, stmt_sql, payments_all_sql, tx->tenant, cur, on_payment, &r,
		       e);
	return stop ? stop : r.n;
}

/* ---- the ledger ---- */

enum { LEDGER_ARRAYS = 7 };

/* n (1..PG_BATCH) entries in one INSERT, balances untouched. */
static int append(struct pg_store *ps, int64_t tenant, const struct ledger_entry *les, size_t n, int64_t import_id,
		  struct error *e)
{
	struct pg_array col[LEDGER_ARRAYS];
	struct pg_params p = PG_PARAMS_INIT;
	int ret = 0;

	for (int c = 0; c < LEDGER_ARRAYS; c++)
		col[c] = (struct pg_array)PG_ARRAY_INIT;
	for (int c = 0; c < LEDGER_ARRAYS && ret == 0; c++)
		ret = pg_array_start(&col[c], e);
	for (size_t k = 0; k < n && ret == 0; k++) {
		const struct ledger_entry *le = &les[k];
		if (pg_array_int(&col[0], le->customer_id, e) < 0 || pg_array_id(&col[1], le->invoice_id, e) < 0 ||
		    pg_array_id(&col[2], le->payment_id, e) < 0 ||
		    pg_array_text(&col[3], ledger_kind_name(le->kind), e) < 0 ||
		    pg_array_int(&col[4], le->amount, e) < 0 || pg_array_text(&col[5], le->currency, e) < 0 ||
		    pg_array_date(&col[6], le->date, e) < 0)
			ret = -ERR_ENV;
	}
	pg_param_int(&p, tenant);
	pg_param_id(&p, import_id);
	for (int c = 0; c < LEDGER_ARRAYS && ret == 0; c++) {
		ret = pg_array_end(&col[c], e);
		pg_param_text(&p, col[c].buf);
	}
	if (ret == 0)
		ret = pg_exec(ps, PG_LEDGER, ST_LEDGER_APPEND, stmt_sql, &p, e);
	if (ret == 0)
		ret = pg_inserted(ps, PG_T_LEDGER_ENTRY, n, e);
	for (int c = 0; c < LEDGER_ARRAYS; c++)
		pg_array_release(&col[c]);
	return ret;
}

/* Statement `id` over the first n moves (ids, amounts), or only those that grew a balance. */
static int moves_statement(struct pg_store *ps, size_t n, int grown_only, int id, struct error *e)
{
	struct pg_array ids = PG_ARRAY_INIT, amounts = PG_ARRAY_INIT;
	struct pg_params p = PG_PARAMS_INIT;
	int ret = pg_array_start(&ids, e);

	if (ret == 0)
		ret = pg_array_start(&amounts, e);
	for (size_t k = 0; k < n && ret == 0; k++) {
		if (grown_only && ps->moves[k].amount <= 0)
			continue;
		ret = pg_array_int(&ids, ps->moves[k].invoice_id, e);
		if (ret == 0)
			ret = pg_array_int(&amounts, ps->moves[k].amount, e);
	}
	if (ret == 0)
		ret = pg_array_end(&ids, e);
	if (ret == 0)
		ret = pg_array_end(&amounts, e);
	if (ret == 0) {
		pg_param_int(&p, ps->moves_tenant);
		pg_param_text(&p, ids.buf);
		pg_param_text(&p, amounts.buf);
		ret = pg_exec(ps, PG_LEDGER, id, stmt_sql, &p, e);
	}
	pg_array_release(&ids);
	pg_array_release(&amounts);
	return ret;
}

int pg_moves_flush(struct pg_store *ps, struct error *e)
{
	size_t n = ps->moves_n, grew = 0;
	int ret;

	/* emptied first: no statement below flushes again, and after a failure the transaction is rolled back */
	ps->moves_n = 0;
	if (n == 0)
		return 0;
	for (size_t k = 0; k < n; k++)
		grew += ps->moves[k].amount > 0;
	ret = moves_statement(ps, n, 0, ST_INVOICE_MOVES, e);
	/* the balances that grew: the queue's bound (migration 0046) */
	if (ret == 0 && grew)
		ret = moves_statement(ps, n, 1, ST_BOUND_RAISE, e);
	return ret;
}

int pg_ledger_flush(struct pg_store *ps, struct error *e)
{
	size_t n = ps->ledger_n;
	int ret = pg_moves_flush(ps, e);

	/* emptied first: after a failure the transaction is rolled back, never flushed again */
	ps->ledger_n = 0;
	if (ret < 0)
		return ret;
	return n ? append(ps, ps->ledger_tenant, ps->ledger_buf, n, ps->ledger_import, e) : 0;
}

/* Holds back a move of invoice `id`'s balance, merged with one already held for it. */
static int hold_move(struct store_tx *tx, int64_t id, int64_t amount, struct error *e)
{
	struct pg_store *ps = PG(tx);
	int ret;

	for (size_t k = 0; k < ps->moves_n; k++) {
		if (ps->moves[k].invoice_id == id) {
			ps->moves[k].amount += amount;
			return 0;
		}
	}
	if (ps->moves_n == PG_MOVES_MAX) {
		ret = pg_moves_flush(ps, e);
		if (ret < 0)
			return ret;
	}
	ps->moves_tenant = tx->tenant;
	ps->moves[ps->moves_n++] = (struct pg_move){ id, amount };
	return 0;
}

/*
 * The balance move and the entry are both held back (pg_int.h): the move
 * with the others of its invoice, read back by invoice_find and _get at
 * once, written before any other read of a balance; the entry with
 * PG_BATCH - 1 others, written before any read of the ledger. Both before
 * the commit.
 */
static int pg_ledger_post(struct store_tx *tx, const struct ledger_entry *les, size_t n, int64_t import_id,
			  struct error *e)
{
	struct pg_store *ps = PG(tx);
	int ret;

	for (size_t k = 0; k < n; k++) {
		if (les[k].invoice_id) {
			ret = hold_move(tx, les[k].invoice_id, les[k].amount, e);
			if (ret < 0)
				return ret;
		}
		if (ps->ledger_n && (ps->ledger_import != import_id || ps->ledger_tenant != tx->tenant)) {
			ret = pg_ledger_flush(ps, e);
			if (ret < 0)
				return ret;
		}
		ps->ledger_import = import_id;
		ps->ledger_tenant = tx->tenant;
		ps->ledger_buf[ps->ledger_n++] = les[k];
		if (ps->ledger_n == PG_BATCH) {
			ret = pg_ledger_flush(ps, e);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

static void stage_entry(struct pg_copy *c, const void *rec)
{
	const struct ledger_entry *le = rec;

	pg_copy_int(c, le->customer_id);
	pg_copy_id(c, le->invoice_id);
	pg_copy_id(c, le->payment_id);
	pg_copy_text(c, ledger_kind_name(le->kind));
	pg_copy_int(c, le->amount);
	pg_copy_text(c, le->currency);
	pg_copy_date(c, le->date);
}

/* Staged only (pg_copy_stage): ledger entries have no ref, and pg_ledger_copy moves them itself. */
static const struct pg_copy_kind entry_kind = {
	.table = PG_T_LEDGER_ENTRY,
	.create_sql = "CREATE TEMP TABLE recoup_stage_ledger (ord integer, customer_id bigint, invoice_id bigint, "
		      "payment_id bigint, kind text, amount bigint, currency text, date date) ON COMMIT DROP",
	.copy_sql = "COPY recoup_stage_ledger FROM STDIN",
	.truncate_sql = "TRUNCATE recoup_stage_ledger",
	.stride = sizeof(struct ledger_entry),
	.row = stage_entry,
};

/*
 * store_ledger_copy: the entries held back first (so that ids keep the
 * order of posting), then these staged with COPY and inserted in their
 * order by one statement: four round trips for any n. No balance moves
 * (ledger.h): an UPDATE of every invoice the entries name wrote each of
 * those rows and their five index entries a second time (12.6 s of 68 s of
 * server time in a 100,000-customer migration).
 */
static int pg_ledger_copy(struct store_tx *tx, const struct ledger_entry *les, size_t n, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	int ret = pg_ledger_flush(ps, e);

	if (ret < 0 || n == 0)
		return ret;
	ret = pg_copy_stage(tx, &entry_kind, les, n, e);
	pg_param_int(&p, tx->tenant);
	if (ret == 0)
		ret = pg_exec(ps, PG_LEDGER, ST_LEDGER_COPY, stmt_sql, &p, e);
	if (ret == 0)
		ret = pg_inserted(ps, PG_T_LEDGER_ENTRY, n, e);
	if (ret < 0)
		error_prefix(e, "copying ledger entries");
	return ret;
}

struct invoice_sums {
	store_invoice_sum_cb cb;
	void *ctx;
};

static int on_invoice_sum(void *ctx, PGresult *res, int i)
{
	struct invoice_sums *s = ctx;

	return s->cb(s->ctx, pg_int(res, i, 0), pg_int(res, i, 1));
}

static int pg_ledger_sums_by_invoice(struct store_tx *tx, int64_t from_invoice, int64_t to_invoice,
				     store_invoice_sum_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct invoice_sums s = { cb, ctx };

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_invoice);
	pg_param_int(&p, to_invoice);
	return pg_stream(PG(tx), sums_by_invoice_sql, &p, on_invoice_sum, &s, e);
}

struct ledger_rows {
	store_ledger_cb cb;
	void *ctx;
};

static int on_ledger(void *ctx, PGresult *res, int i)
{
	struct ledger_rows *lr = ctx;
	struct ledger_entry le;

	read_ledger(res, i, &le);
	return lr->cb(lr->ctx, &le);
}

static int pg_ledger_of_payment(struct store_tx *tx, int64_t payment_id, store_ledger_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct ledger_rows lr = { cb, ctx };
	PGresult *res;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, payment_id);
	res = run(PG(tx), ST_LEDGER_OF_PAYMENT, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, on_ledger, &lr);
}

static int pg_ledger_of_invoice(struct store_tx *tx, int64_t invoice_id, store_ledger_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct ledger_rows lr = { cb, ctx };
	PGresult *res;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, invoice_id);
	res = run(PG(tx), ST_LEDGER_OF_INVOICE, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, on_ledger, &lr);
}

/* The whole ledger of a tenant: streamed (ledger.h promises memory flat), not one PGresult. */
static int pg_ledger_each(struct store_tx *tx, store_ledger_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct ledger_rows lr = { cb, ctx };

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	return pg_stream(PG(tx), ledger_all_sql, &p, on_ledger, &lr, e);
}

static int pg_has_adjustments(struct store_tx *tx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int has;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	res = run(PG(tx), ST_HAS_ADJUSTMENTS, &p, e);
	if (!res)
		return -ERR_ENV;
	has = PQntuples(res) == 1 && pg_int(res, 0, 0) != 0;
	PQclear(res);
	return has;
}

/* A customer's unapplied credit in a currency: now (ST_UNAPPLIED), or at the end of *as_of (ST_UNAPPLIED_AT). */
static int read_unapplied(struct store_tx *tx, int64_t customer_id, const char *currency, const date_t *as_of,
			  int64_t *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int fits;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_text(&p, currency);
	if (as_of)
		pg_param_date(&p, *as_of);
	res = run(PG(tx), as_of ? ST_UNAPPLIED_AT : ST_UNAPPLIED, &p, e);
	if (!res)
		return -ERR_ENV;
	fits = PQntuples(res) == 1 && !pg_isnull(res, 0, 0);
	*out = fits ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return fits ? 0 : store__credit_overflow(tx, customer_id, NULL, currency, e);
}

static int pg_unapplied_credit_at(struct store_tx *tx, int64_t customer_id, const char *currency, date_t as_of,
				  int64_t *out, struct error *e)
{
	return read_unapplied(tx, customer_id, currency, &as_of, out, e);
}

static int pg_unapplied_credit(struct store_tx *tx, int64_t customer_id, const char *currency, int64_t *out,
			       struct error *e)
{
	return read_unapplied(tx, customer_id, currency, NULL, out, e);
}

/* ---- credit notes ---- */

static int pg_credit_note_insert(struct store_tx *tx, struct credit_note *cn, int64_t import_id, struct error *e)
{
	struct pg_params q = PG_PARAMS_INIT;
	PGresult *res;
	int ret = 0;

	pg_param_int(&q, tx->tenant);
	pg_param_text(&q, cn->ref);
	pg_param_int(&q, cn->customer_id);
	pg_param_id(&q, cn->invoice_id);
	pg_param_date(&q, cn->date);
	pg_param_int(&q, cn->amount);
	pg_param_text(&q, cn->currency);
	pg_param_text(&q, cn->reason);
	pg_param_int(&q, cn->applied);
	pg_param_id(&q, import_id);
	res = run(PG(tx), ST_CREDIT_NOTE_INSERT, &q, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) == 1) {
		cn->id = pg_int(res, 0, 0);
		ret = 1;
	}
	PQclear(res);
	return ret;
}

static void read_credit_note(const PGresult *res, int i, struct credit_note *out, int64_t *import_id)
{
	memset(out, 0, sizeof(*out));
	out->id = pg_int(res, i, 0);
	pg_text(res, i, 1, out->ref, sizeof(out->ref));
	out->customer_id = pg_int(res, i, 2);
	pg_text(res, i, 3, out->customer_ref, sizeof(out->customer_ref));
	out->invoice_id = pg_int(res, i, 4);
	pg_text(res, i, 5, out->invoice_ref, sizeof(out->invoice_ref));
	out->date = pg_date(res, i, 6);
	out->amount = pg_int(res, i, 7);
	pg_text(res, i, 8, out->currency, sizeof(out->currency));
	pg_text(res, i, 9, out->reason, sizeof(out->reason));
	out->applied = pg_int(res, i, 10);
	if (import_id)
		*import_id = pg_int(res, i, 11);
}

static int pg_credit_note_get(struct store_tx *tx, const char *ref, struct credit_note *out, int64_t *import_id,
			      struct error *e)
{
	PGresult *res = NULL;
	int ret = get_by_ref(tx, ST_CREDIT_NOTE_GET, ref, e, &res);

	if (ret == 1) {
		read_credit_note(res, 0, out, import_id);
		PQclear(res);
	}
	return ret;
}

static int pg_payments_of_customer(struct store_tx *tx, int64_t customer_id, store_payment_cb cb, void *ctx,
				   struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct rows r = { .payment_cb = cb, .ctx = ctx };
	PGresult *res;

	/* a payment reads its return date from the ledger */
	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	res = run(PG(tx), ST_PAYMENTS_OF_CUSTOMER, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, on_payment, &r);
}

struct credit_notes {
	store_credit_note_cb cb;
	void *ctx;
};

static int on_credit_note(void *ctx, PGresult *res, int i)
{
	struct credit_notes *c = ctx;
	struct credit_note cn;

	read_credit_note(res, i, &cn, NULL);
	return c->cb(c->ctx, &cn);
}

static int pg_credit_notes_of_customer(struct store_tx *tx, int64_t customer_id, store_credit_note_cb cb, void *ctx,
				       struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct credit_notes c = { cb, ctx };
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	res = run(PG(tx), ST_CREDIT_NOTES_OF_CUSTOMER, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, on_credit_note, &c);
}

static int pg_credit_notes_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
				       store_credit_note_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct credit_notes c = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_customer);
	pg_param_int(&p, to_customer);
	return pg_stream(PG(tx), credit_notes_by_customer_sql, &p, on_credit_note, &c, e);
}

static int pg_open_invoice_ids_of_customer(struct store_tx *tx, int64_t customer_id, const char *currency,
					   store_invoice_id_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_text(&p, currency);
	res = run(PG(tx), ST_OPEN_IDS_OF_CUSTOMER, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = cb(ctx, pg_int(res, i, 0));
	PQclear(res);
	return stop;
}

/* The rows of store_open_invoice_ids_of_customers, to its callback. */
struct account_ids {
	store_account_invoice_id_cb cb;
	void *ctx;
};

static int account_id_row(void *ctx, PGresult *res, int i)
{
	struct account_ids *w = ctx;

	return w->cb(w->ctx, pg_int(res, i, 0), pg_int(res, i, 1));
}

/* One statement for the accounts of a chunk of the work queue, not a round trip each. */
static int pg_open_invoice_ids_of_customers(struct store_tx *tx, const int64_t *ids, const char *const *currencies,
					    size_t n, store_account_invoice_id_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array id_arr = PG_ARRAY_INIT, cur_arr = PG_ARRAY_INIT;
	struct account_ids w = { cb, ctx };
	PGresult *res;
	int ret = pg_array_ids(&id_arr, ids, n, e);

	if (ret == 0)
		ret = pg_array_texts(&cur_arr, currencies, n, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, id_arr.buf);
		pg_param_text(&p, cur_arr.buf);
		res = run(PG(tx), ST_OPEN_IDS_OF_CUSTOMERS, &p, e);
		ret = res ? pg_each(res, account_id_row, &w) : -ERR_ENV;
	}
	pg_array_release(&id_arr);
	pg_array_release(&cur_arr);
	return ret;
}

const struct store_ledger_ops pg_ledger_ops = {
	.invoices_add = pg_invoices_add,
	.invoice_get = pg_invoice_get,
	.invoice_find = pg_invoice_find,
	.invoice_ref = pg_invoice_ref,
	.invoices_find = pg_invoices_find,
	.invoices_list = pg_invoices_list,
	.open_invoices_of_customer = pg_open_invoices_of_customer,
	.open_invoices_by_customer = pg_open_invoices_by_customer,
	.payment_insert = pg_payment_insert,
	.payments_add = pg_payments_add,
	.payment_get = pg_payment_get,
	.payment_set_status = pg_payment_set_status,
	.payments_list = pg_payments_list,
	.post = pg_ledger_post,
	.of_payment = pg_ledger_of_payment,
	.of_invoice = pg_ledger_of_invoice,
	.each = pg_ledger_each,
	.has_adjustments = pg_has_adjustments,
	.unapplied_credit = pg_unapplied_credit,
	.unapplied_credit_at = pg_unapplied_credit_at,
	.open_invoices_of_customer_at = pg_open_invoices_of_customer_at,
	.credit_note_insert = pg_credit_note_insert,
	.credit_note_get = pg_credit_note_get,
	.payments_of_customer = pg_payments_of_customer,
	.credit_notes_of_customer = pg_credit_notes_of_customer,
	.open_invoice_ids_of_customer = pg_open_invoice_ids_of_customer,
	.open_invoice_ids_of_customers = pg_open_invoice_ids_of_customers,
	.invoices_copy = pg_invoices_copy,
	.copy = pg_ledger_copy,
	.sums_by_invoice = pg_ledger_sums_by_invoice,
	.credit_notes_by_customer = pg_credit_notes_by_customer,
};
