/*
 * sqlite.c: the embedded backend.
 *
 * One file, WAL journal (readers never block the writer), foreign keys on,
 * synchronous=NORMAL (durable across application crashes; a power cut may
 * lose the last committed transaction but never corrupts). Every statement
 * is prepared once, on first use, and kept for the life of the handle.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dates.h"
#include "store/migrations.h"
#include "store/store_int.h"

enum stmt_id {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_TENANT_GET,
	ST_TENANT_INSERT,
	ST_IMPORT_INSERT,
	ST_IMPORT_FINISH,
	ST_CUSTOMER_INSERT,
	ST_CUSTOMER_GET,
	ST_CUSTOMER_FIND,
	ST_CONTACT_INSERT,
	ST_CONTACT_GET,
	ST_INVOICE_INSERT,
	ST_INVOICE_GET,
	ST_INVOICE_FIND,
	ST_PAYMENT_INSERT,
	ST_PAYMENT_GET,
	ST_PAYMENT_STATUS,
	ST_INVOICE_MOVE,
	ST_OPEN_OF_CUSTOMER,
	ST_LEDGER_OF_PAYMENT,
	ST_UNAPPLIED,
	ST_CUSTOMERS_ALL,
	ST_CONTACTS_ALL,
	ST_INVOICES_ALL,
	ST_PAYMENTS_ALL,
	ST_OPEN_ITEMS,
	ST_OPEN_ITEMS_BY_CUSTOMER,
	ST_OPEN_ITEMS_AT,
	ST_OPEN_ITEMS_AT_BY_CUSTOMER,
	ST_KPI_ITEMS,
	ST_CHECK_LEDGER,
	ST_CHECK_OPEN_SUMS,
	ST_CHECK_UNAPPLIED_SUMS,
	ST_CUSTOMER_BY_ID,
	ST_CONTACTS_OF_CUSTOMER,
	ST_ATTEMPT_INSERT,
	ST_ATTEMPT_INVOICE_INSERT,
	ST_ATTEMPTS,
	ST_ATTEMPT_INVOICES,
	ST_FLAG_INSERT,
	ST_FLAG_CLEAR,
	ST_FLAGS,
	ST_PROFILE_GET,
	ST_PROFILE_PUT,
	ST_PROFILES,
	ST_TENANT_DEFAULT,
	ST_TENANT_SET_DEFAULT,
	ST_CLOSED_ADD,
	ST_CLOSED_DAYS,
	ST_CUSTOMER_UPDATE,
	ST_CONTACT_UPDATE,
	ST_CHANGE_INSERT,
	ST_CHANGES,
	ST_ATTEMPT_VIEWS,
	ST_UNAPPLIED_ALL,
	ST_UNAPPLIED_ALL_AT,
	ST_TENANT_HAS_DATA,
	ST_COUNT
};

#define CUSTOMER_COLS "id, ref, name, kind, country, timezone, language, currency, credit_limit, " \
		      "email, phone, address, profile, import_id"
#define CONTACT_COLS "k.id, k.ref, k.customer_id, c.ref, k.name, k.role, k.phone, k.email, k.timezone, " \
		     "k.pays_bills, k.best_time, k.notes, k.import_id"
#define INVOICE_COLS "i.id, i.ref, i.customer_id, c.ref, i.issue_date, i.due_date, i.currency, i.amount, " \
		     "i.description, i.po_ref, i.delivery_note_ref, i.signed, i.balance, i.import_id"
#define PAYMENT_COLS "p.id, p.ref, p.customer_id, c.ref, p.invoice_id, COALESCE(i.ref, ''), p.date, " \
		     "p.amount, p.currency, p.method, p.status, p.import_id, " \
		     "(SELECT MIN(l.date) FROM ledger_entry l WHERE l.payment_id = p.id AND " \
		     "(l.kind = 'reversal' OR (l.kind = 'unapplied' AND l.amount > 0)))"
#define LEDGER_COLS "id, customer_id, invoice_id, payment_id, kind, amount, currency, date"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_TENANT_GET] = "SELECT id FROM tenant WHERE name = ?1",
	[ST_TENANT_INSERT] = "INSERT INTO tenant(name) VALUES (?1)",
	[ST_IMPORT_INSERT] = "INSERT INTO import_batch(tenant_id, kind, file) VALUES (?1, ?2, ?3)",
	[ST_IMPORT_FINISH] = "UPDATE import_batch SET rows = ?2 WHERE id = ?1",
	[ST_CUSTOMER_INSERT] =
		"INSERT INTO customer(tenant_id, ref, name, kind, country, timezone, language, currency, "
		"credit_limit, email, phone, address, profile, import_id) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
		"ON CONFLICT (tenant_id, ref) DO NOTHING",
	[ST_CUSTOMER_GET] = "SELECT " CUSTOMER_COLS " FROM customer WHERE tenant_id = ?1 AND ref = ?2",
	[ST_CUSTOMER_FIND] = "SELECT id, ref, currency FROM customer WHERE tenant_id = ?1 AND ref = ?2",
	[ST_CONTACT_INSERT] =
		"INSERT INTO contact(tenant_id, ref, customer_id, name, role, phone, email, timezone, "
		"pays_bills, best_time, notes, import_id) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
		"ON CONFLICT (tenant_id, ref) DO NOTHING",
	[ST_CONTACT_GET] = "SELECT " CONTACT_COLS " FROM contact k JOIN customer c ON c.id = k.customer_id "
			   "WHERE k.tenant_id = ?1 AND k.ref = ?2",
	[ST_INVOICE_INSERT] =
		"INSERT INTO invoice(tenant_id, ref, customer_id, issue_date, due_date, currency, amount, "
		"description, po_ref, delivery_note_ref, signed, balance, import_id) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?7, ?12) "
		"ON CONFLICT (tenant_id, ref) DO NOTHING",
	[ST_INVOICE_GET] = "SELECT " INVOICE_COLS " FROM invoice i JOIN customer c ON c.id = i.customer_id "
			   "WHERE i.tenant_id = ?1 AND i.ref = ?2",
	[ST_INVOICE_FIND] = "SELECT id, ref, customer_id, issue_date, due_date, currency, amount, balance "
			    "FROM invoice WHERE tenant_id = ?1 AND ref = ?2",
	[ST_PAYMENT_INSERT] =
		"INSERT INTO payment(tenant_id, ref, customer_id, invoice_id, date, amount, currency, method, "
		"status, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
		"ON CONFLICT (tenant_id, ref) DO NOTHING",
	[ST_PAYMENT_GET] = "SELECT " PAYMENT_COLS " FROM payment p JOIN customer c ON c.id = p.customer_id "
			   "LEFT JOIN invoice i ON i.id = p.invoice_id WHERE p.tenant_id = ?1 AND p.ref = ?2",
	[ST_PAYMENT_STATUS] = "UPDATE payment SET status = ?3 WHERE tenant_id = ?1 AND id = ?2",
	[ST_INVOICE_MOVE] = "UPDATE invoice SET balance = balance + ?3 WHERE tenant_id = ?1 AND id = ?2",
	[ST_OPEN_OF_CUSTOMER] = "SELECT " INVOICE_COLS " FROM invoice i JOIN customer c ON c.id = i.customer_id "
				"WHERE i.customer_id = ?2 AND i.currency = ?3 AND i.balance <> 0 "
				"AND i.tenant_id = ?1 AND i.balance > 0 ORDER BY i.due_date, i.id",
	[ST_LEDGER_OF_PAYMENT] = "SELECT " LEDGER_COLS " FROM ledger_entry WHERE payment_id = ?2 "
				 "AND tenant_id = ?1 ORDER BY id",
	[ST_UNAPPLIED] = "SELECT COALESCE(-SUM(amount), 0) FROM ledger_entry WHERE customer_id = ?2 "
			 "AND currency = ?3 AND invoice_id IS NULL AND tenant_id = ?1",
	/*
	 * Whole-tenant reads say "+x.tenant_id": the unary plus keeps SQLite
	 * from reaching for the (tenant_id, ref) index, which would return rows
	 * in ref order and make "ORDER BY id" sort the whole table in memory.
	 * A scan in rowid order streams with no sort.
	 */
	[ST_CUSTOMERS_ALL] = "SELECT " CUSTOMER_COLS " FROM customer WHERE +tenant_id = ?1 ORDER BY id",
	[ST_CONTACTS_ALL] = "SELECT " CONTACT_COLS " FROM contact k JOIN customer c ON c.id = k.customer_id "
			    "WHERE +k.tenant_id = ?1 ORDER BY k.id",
	[ST_INVOICES_ALL] = "SELECT " INVOICE_COLS " FROM invoice i JOIN customer c ON c.id = i.customer_id "
			    "WHERE +i.tenant_id = ?1 ORDER BY i.id",
	[ST_PAYMENTS_ALL] = "SELECT " PAYMENT_COLS " FROM payment p JOIN customer c ON c.id = p.customer_id "
			    "LEFT JOIN invoice i ON i.id = p.invoice_id WHERE +p.tenant_id = ?1 ORDER BY p.id",
	[ST_OPEN_ITEMS] = "SELECT customer_id, NULL, currency, due_date, balance FROM invoice "
			  "WHERE tenant_id = ?1 AND balance <> 0",
	[ST_OPEN_ITEMS_BY_CUSTOMER] =
		/* customers in ref order (their unique index), each one's open
		 * invoices from invoice_open: no sort, so memory stays flat */
		"SELECT i.customer_id, c.ref, i.currency, i.due_date, i.balance FROM customer c "
		"JOIN invoice i ON i.tenant_id = c.tenant_id AND i.customer_id = c.id AND i.balance <> 0 "
		"WHERE c.tenant_id = ?1 ORDER BY c.ref",
	/*
	 * Aging at a past date: each invoice's balance at the end of ?2 from the
	 * dated ledger (correlated sums over ledger_invoice), in rowid order.
	 * By customer, the rows are sorted by ref; with temp_store at its
	 * default that sort spills to a file, so memory stays bounded.
	 */
	[ST_OPEN_ITEMS_AT] =
		"SELECT customer_id, NULL, currency, due_date, bal FROM (SELECT i.customer_id, i.currency, "
		"i.due_date, i.amount + COALESCE((SELECT SUM(l.amount) FROM ledger_entry l "
		"WHERE l.invoice_id = i.id AND l.date <= ?2), 0) AS bal FROM invoice i "
		"WHERE +i.tenant_id = ?1 AND i.issue_date <= ?2) WHERE bal <> 0",
	[ST_OPEN_ITEMS_AT_BY_CUSTOMER] =
		"SELECT customer_id, ref, currency, due_date, bal FROM (SELECT i.customer_id, c.ref, i.currency, "
		"i.due_date, i.amount + COALESCE((SELECT SUM(l.amount) FROM ledger_entry l "
		"WHERE l.invoice_id = i.id AND l.date <= ?2), 0) AS bal FROM invoice i "
		"JOIN customer c ON c.id = i.customer_id "
		"WHERE +i.tenant_id = ?1 AND i.issue_date <= ?2) WHERE bal <> 0 ORDER BY ref",
	/*
	 * Per invoice, its balance before `from` and at the end of `to`, from
	 * the dated ledger; correlated sums over the ledger_invoice index keep
	 * the scan streaming, in rowid order, with no sort.
	 */
	[ST_KPI_ITEMS] =
		"SELECT i.customer_id, i.currency, i.issue_date, i.due_date, i.amount, "
		"CASE WHEN i.issue_date < ?2 THEN i.amount ELSE 0 END + COALESCE((SELECT SUM(l.amount) "
		"  FROM ledger_entry l WHERE l.invoice_id = i.id AND l.date < ?2), 0), "
		"i.amount + COALESCE((SELECT SUM(l.amount) FROM ledger_entry l WHERE l.invoice_id = i.id "
		"  AND l.date <= ?3), 0) "
		"FROM invoice i WHERE +i.tenant_id = ?1 AND i.issue_date <= ?3",
	/*
	 * Invoices that break the invariant: balance <> amount + the sum of
	 * their entries, or an entry with the wrong sign for its kind. Streams
	 * over the invoices in rowid order; the bad-sign set is normally empty.
	 */
	[ST_CHECK_LEDGER] =
		"SELECT " INVOICE_COLS ", i.amount + COALESCE((SELECT SUM(l.amount) FROM ledger_entry l "
		"  WHERE l.invoice_id = i.id), 0) AS total "
		"FROM invoice i JOIN customer c ON c.id = i.customer_id "
		"WHERE +i.tenant_id = ?1 AND (total <> i.balance OR i.amount <= 0 OR i.id IN "
		"  (SELECT invoice_id FROM ledger_entry WHERE tenant_id = ?1 AND invoice_id IS NOT NULL AND "
		"   (((kind = 'payment' OR kind = 'credit_note' OR kind = 'write_off') AND amount > 0) OR "
		"    ((kind = 'fee' OR kind = 'interest' OR kind = 'reversal') AND amount < 0)))) "
		"ORDER BY i.id",
	/*
	 * For store_check_sums: rows grouped by customer and currency, summed
	 * in C in 128 bits (SUM() would stop on the first overflow). The open
	 * invoices come in invoice_open's order, the unapplied entries in
	 * ledger_unapplied's, so neither sorts.
	 */
	[ST_CHECK_OPEN_SUMS] = "SELECT i.customer_id, c.ref, i.currency, i.balance FROM invoice i "
			       "JOIN customer c ON c.id = i.customer_id WHERE i.tenant_id = ?1 AND i.balance <> 0 "
			       "ORDER BY i.customer_id, i.currency",
	[ST_CHECK_UNAPPLIED_SUMS] = "SELECT l.customer_id, c.ref, l.currency, -l.amount FROM ledger_entry l "
				    "JOIN customer c ON c.id = l.customer_id WHERE l.tenant_id = ?1 "
				    "AND l.invoice_id IS NULL ORDER BY l.customer_id, l.currency",
	[ST_CUSTOMER_BY_ID] = "SELECT " CUSTOMER_COLS " FROM customer WHERE tenant_id = ?1 AND id = ?2",
	[ST_CONTACTS_OF_CUSTOMER] = "SELECT " CONTACT_COLS " FROM contact k JOIN customer c ON c.id = k.customer_id "
				    "WHERE k.tenant_id = ?1 AND k.customer_id = ?2 ORDER BY k.ref <> c.ref, k.id",
	[ST_ATTEMPT_INSERT] =
		"INSERT INTO contact_attempt(tenant_id, customer_id, contact_id, at, channel, address, outcome, "
		"inbound, conversation, all_invoices, spoke_with, note) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[ST_ATTEMPT_INVOICE_INSERT] = "INSERT OR IGNORE INTO contact_attempt_invoice(attempt_id, invoice_id) "
				      "VALUES (?1, ?2)",
	[ST_ATTEMPTS] = "SELECT id, at, channel, contact_id, address, outcome, inbound, conversation, all_invoices "
			"FROM contact_attempt WHERE tenant_id = ?1 AND customer_id = ?2 AND at >= ?3 "
			"ORDER BY at, id",
	[ST_ATTEMPT_INVOICES] = "SELECT invoice_id FROM contact_attempt_invoice WHERE attempt_id = ?1",
	[ST_FLAG_INSERT] = "INSERT INTO customer_flag(tenant_id, customer_id, contact_id, invoice_id, flag, detail, "
			   "set_by, set_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_FLAG_CLEAR] = "UPDATE customer_flag SET cleared_at = ?7, cleared_by = ?8, cleared_reason = ?9 "
			  "WHERE tenant_id = ?1 AND customer_id = ?2 AND flag = ?3 AND COALESCE(contact_id, 0) = ?4 "
			  "AND COALESCE(invoice_id, 0) = ?5 AND detail = ?6 AND cleared_at IS NULL",
	[ST_FLAGS] = "SELECT f.id, f.customer_id, COALESCE(f.contact_id, 0), COALESCE(f.invoice_id, 0), f.flag, "
		     "f.detail, f.set_by, f.set_at, f.reason, COALESCE(k.ref, ''), COALESCE(i.ref, '') "
		     "FROM customer_flag f LEFT JOIN contact k ON k.id = f.contact_id "
		     "LEFT JOIN invoice i ON i.id = f.invoice_id "
		     "WHERE f.tenant_id = ?1 AND f.customer_id = ?2 AND f.cleared_at IS NULL ORDER BY f.id",
	[ST_PROFILE_GET] = "SELECT json FROM rules_profile WHERE tenant_id = ?1 AND name = ?2",
	[ST_PROFILE_PUT] = "INSERT INTO rules_profile(tenant_id, name, json) VALUES (?1, ?2, ?3) "
			   "ON CONFLICT (tenant_id, name) DO UPDATE SET json = excluded.json, "
			   "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
	[ST_PROFILES] = "SELECT name, json FROM rules_profile WHERE tenant_id = ?1 ORDER BY name",
	[ST_TENANT_DEFAULT] = "SELECT default_profile FROM tenant WHERE id = ?1",
	[ST_TENANT_SET_DEFAULT] = "UPDATE tenant SET default_profile = ?2 WHERE id = ?1",
	[ST_CLOSED_ADD] = "INSERT INTO tenant_closed_day(tenant_id, date, name) VALUES (?1, ?2, ?3) "
			  "ON CONFLICT (tenant_id, date) DO UPDATE SET name = excluded.name",
	[ST_CLOSED_DAYS] = "SELECT date, name FROM tenant_closed_day WHERE tenant_id = ?1 ORDER BY date",
	[ST_CUSTOMER_UPDATE] = "UPDATE customer SET name = ?3, timezone = ?4, language = ?5, credit_limit = ?6, "
			       "email = ?7, phone = ?8, address = ?9, profile = ?10 WHERE tenant_id = ?1 AND id = ?2",
	[ST_CONTACT_UPDATE] = "UPDATE contact SET name = ?3, role = ?4, phone = ?5, email = ?6, timezone = ?7, "
			      "pays_bills = ?8, best_time = ?9 WHERE tenant_id = ?1 AND id = ?2",
	[ST_CHANGE_INSERT] = "INSERT INTO record_change(tenant_id, customer_id, entity, ref, field, old_value, "
			     "new_value, changed_by, changed_at, import_id) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_CHANGES] = "SELECT customer_id, entity, ref, field, old_value, new_value, changed_by, changed_at "
		       "FROM record_change WHERE tenant_id = ?1 AND customer_id = ?2 ORDER BY id DESC LIMIT ?3",
	[ST_ATTEMPT_VIEWS] =
		"SELECT a.id, a.at, a.channel, a.contact_id, a.address, a.outcome, a.inbound, a.conversation, "
		"a.all_invoices, k.ref, a.spoke_with, a.note, "
		"(SELECT COALESCE(group_concat(ref, ','), '') FROM (SELECT i.ref FROM contact_attempt_invoice x "
		"JOIN invoice i ON i.id = x.invoice_id WHERE x.attempt_id = a.id ORDER BY i.ref)) "
		"FROM contact_attempt a JOIN contact k ON k.id = a.contact_id "
		"WHERE a.tenant_id = ?1 AND a.customer_id = ?2 ORDER BY a.at, a.id",
	/* unapplied cash sits on the customer as entries without an invoice */
	[ST_UNAPPLIED_ALL] = "SELECT l.customer_id, c.ref, l.currency, -SUM(l.amount) FROM ledger_entry l "
			     "JOIN customer c ON c.id = l.customer_id WHERE l.invoice_id IS NULL AND l.tenant_id = ?1 "
			     "GROUP BY l.customer_id, l.currency HAVING SUM(l.amount) < 0 ORDER BY c.ref, l.currency",
	[ST_UNAPPLIED_ALL_AT] = "SELECT l.customer_id, c.ref, l.currency, -SUM(l.amount) FROM ledger_entry l "
				"JOIN customer c ON c.id = l.customer_id WHERE l.invoice_id IS NULL "
				"AND l.tenant_id = ?1 AND l.date <= ?2 "
				"GROUP BY l.customer_id, l.currency HAVING SUM(l.amount) < 0 ORDER BY c.ref, l.currency",
	[ST_TENANT_HAS_DATA] = "SELECT EXISTS (SELECT 1 FROM customer WHERE tenant_id = ?1)",
};

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	char path[1024];
	sqlite3_stmt *stmts[ST_COUNT];
	/* INSERT of n invoices in one statement, by n, prepared on first use */
	sqlite3_stmt *invoice_many[STORE_INVOICE_BATCH + 1];
	/* INSERT of n ledger entries in one statement, likewise */
	sqlite3_stmt *ledger_many[STORE_LEDGER_BATCH + 1];
};

static struct sqlite_store *S(struct store *s)
{
	return (struct sqlite_store *)s;
}

static int db_error(struct sqlite_store *ss, struct error *e, const char *what)
{
	return error_set(e, ERR_ENV, "database '%s': %s: %s", ss->path, what, sqlite3_errmsg(ss->db));
}

/* Prepared statement, reset and with bindings cleared, ready to bind. */
static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	sqlite3_stmt *st = ss->stmts[id];
	if (!st) {
		if (sqlite3_prepare_v3(ss->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
			db_error(ss, e, "preparing a statement");
			return NULL;
		}
		ss->stmts[id] = st;
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *text)
{
	sqlite3_bind_text(st, i, text ? text : "", -1, SQLITE_STATIC);
}

/*
 * YYYY-MM-DD in buf[0..10), not terminated. By hand rather than snprintf:
 * this runs for every row of an import.
 */
static void date_text(date_t d, char *buf)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
}

static void bind_date(sqlite3_stmt *st, int i, date_t d)
{
	char buf[DATE_TEXT_MAX];
	date_text(d, buf);
	sqlite3_bind_text(st, i, buf, 10, SQLITE_TRANSIENT);
}

static void bind_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

/* What snprintf("%s") would copy, without its cost: every lookup of an import reads rows. */
static void col_text(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	size_t n = t ? strnlen(t, size - 1) : 0;
	memcpy(buf, t ? t : "", n);
	buf[n] = '\0';
}

/* Dates in the store were validated on the way in; parse the fixed form. */
static date_t col_date(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	date_t d = 0;
	if (t)
		date_parse(t, &d, NULL);
	return d;
}

/* Runs a statement that returns no rows. */
static int exec_step(struct sqlite_store *ss, sqlite3_stmt *st, struct error *e, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		int ret = db_error(ss, e, what);
		sqlite3_reset(st);
		return ret;
	}
	sqlite3_reset(st);
	return 0;
}

static int exec_sql(struct sqlite_store *ss, const char *sql, struct error *e)
{
	char *msg = NULL;
	if (sqlite3_exec(ss->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int ret = error_set(e, ERR_ENV, "database '%s': %s", ss->path, msg ? msg : "error");
		sqlite3_free(msg);
		return ret;
	}
	return 0;
}

static int migrate(struct sqlite_store *ss, struct error *e)
{
	int ret = exec_sql(ss, "CREATE TABLE IF NOT EXISTS schema_migration ("
			       "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL "
			       "DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))", e);
	if (ret < 0)
		return ret;
	for (const struct migration *m = store_migrations; m->name; m++) {
		sqlite3_stmt *q = NULL;
		int applied;

		if (sqlite3_prepare_v2(ss->db, "SELECT 1 FROM schema_migration WHERE name = ?1", -1, &q, NULL))
			return db_error(ss, e, "reading migrations");
		bind_text(q, 1, m->name);
		applied = sqlite3_step(q) == SQLITE_ROW;
		sqlite3_finalize(q);
		if (applied)
			continue;
		if ((ret = exec_sql(ss, "BEGIN IMMEDIATE", e)) < 0)
			return ret;
		if ((ret = exec_sql(ss, m->sql, e)) < 0) {
			exec_sql(ss, "ROLLBACK", NULL);
			return error_prefix(e, "migration %s", m->name);
		}
		if (sqlite3_prepare_v2(ss->db, "INSERT INTO schema_migration(name) VALUES (?1)", -1, &q, NULL)) {
			exec_sql(ss, "ROLLBACK", NULL);
			return db_error(ss, e, "recording a migration");
		}
		bind_text(q, 1, m->name);
		sqlite3_step(q);
		sqlite3_finalize(q);
		if ((ret = exec_sql(ss, "COMMIT", e)) < 0)
			return ret;
	}
	return 0;
}

static void sq_close(struct store *s)
{
	struct sqlite_store *ss = S(s);
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(ss->stmts[i]);
	for (int i = 0; i <= STORE_INVOICE_BATCH; i++)
		sqlite3_finalize(ss->invoice_many[i]);
	for (int i = 0; i <= STORE_LEDGER_BATCH; i++)
		sqlite3_finalize(ss->ledger_many[i]);
	sqlite3_close(ss->db);
	free(ss);
}

static int sq_begin(struct store *s, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_BEGIN, e);
	return st ? exec_step(ss, st, e, "starting a transaction") : -ERR_ENV;
}

static int sq_commit(struct store *s, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_COMMIT, e);
	return st ? exec_step(ss, st, e, "committing") : -ERR_ENV;
}

static void sq_rollback(struct store *s)
{
	struct sqlite_store *ss = S(s);
	if (!sqlite3_get_autocommit(ss->db)) {
		/* Finish every pending read so that the rollback is not refused. */
		for (int i = 0; i < ST_COUNT; i++)
			if (ss->stmts[i])
				sqlite3_reset(ss->stmts[i]);
		for (int i = 0; i <= STORE_INVOICE_BATCH; i++)
			if (ss->invoice_many[i])
				sqlite3_reset(ss->invoice_many[i]);
		for (int i = 0; i <= STORE_LEDGER_BATCH; i++)
			if (ss->ledger_many[i])
				sqlite3_reset(ss->ledger_many[i]);
		exec_sql(ss, "ROLLBACK", NULL);
	}
}

static int sq_tenant_create(struct store *s, const char *name, int64_t *id, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_TENANT_INSERT, e);
	if (!st)
		return -ERR_ENV;
	bind_text(st, 1, name);
	if (sqlite3_step(st) != SQLITE_DONE) {
		int ret = sqlite3_extended_errcode(ss->db) == SQLITE_CONSTRAINT_UNIQUE
				  ? error_set(e, ERR_INPUT, "tenant '%s' already exists", name)
				  : db_error(ss, e, "creating a tenant");
		sqlite3_reset(st);
		return ret;
	}
	sqlite3_reset(st);
	*id = sqlite3_last_insert_rowid(ss->db);
	return 0;
}

static int sq_tenant_resolve(struct store *s, const char *name, int64_t *id, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_TENANT_GET, e);
	if (!st)
		return -ERR_ENV;
	bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (strcmp(name, "default"))
		return error_set(e, ERR_INPUT, "tenant '%s' does not exist (create it with 'recoup init --tenant %s')",
				 name, name);
	return sq_tenant_create(s, name, id, e);
}

static int sq_import_begin(struct store *s, int64_t tenant, const char *kind, const char *file,
			   int64_t *import_id, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_IMPORT_INSERT, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, kind);
	bind_text(st, 3, file);
	if ((ret = exec_step(ss, st, e, "recording an import")) < 0)
		return ret;
	*import_id = sqlite3_last_insert_rowid(ss->db);
	return 0;
}

static int sq_import_finish(struct store *s, int64_t import_id, int64_t rows, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_IMPORT_FINISH, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, import_id);
	sqlite3_bind_int64(st, 2, rows);
	return exec_step(ss, st, e, "recording an import");
}

/* Steps an INSERT ... ON CONFLICT DO NOTHING: 1 inserted, 0 existed. */
static int insert_step(struct sqlite_store *ss, sqlite3_stmt *st, int64_t *id, struct error *e, const char *what)
{
	int ret = exec_step(ss, st, e, what);
	if (ret < 0)
		return ret;
	if (sqlite3_changes(ss->db) == 0)
		return 0;
	*id = sqlite3_last_insert_rowid(ss->db);
	return 1;
}

static int sq_customer_insert(struct store *s, int64_t tenant, struct customer *c, int64_t import_id,
			      struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMER_INSERT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, c->ref);
	bind_text(st, 3, c->name);
	bind_text(st, 4, c->kind == KIND_COMPANY ? "company" : "person");
	bind_text(st, 5, c->country);
	bind_text(st, 6, c->timezone);
	bind_text(st, 7, c->language);
	bind_text(st, 8, c->currency);
	sqlite3_bind_int64(st, 9, c->credit_limit);
	bind_text(st, 10, c->email);
	bind_text(st, 11, c->phone);
	bind_text(st, 12, c->address);
	bind_text(st, 13, c->profile);
	bind_id(st, 14, import_id);
	return insert_step(ss, st, &c->id, e, "inserting a customer");
}

static void read_customer(sqlite3_stmt *st, struct customer *c, int64_t *import_id)
{
	char kind[16];
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, c->ref, sizeof(c->ref));
	col_text(st, 2, c->name, sizeof(c->name));
	col_text(st, 3, kind, sizeof(kind));
	c->kind = strcmp(kind, "company") ? KIND_PERSON : KIND_COMPANY;
	col_text(st, 4, c->country, sizeof(c->country));
	col_text(st, 5, c->timezone, sizeof(c->timezone));
	col_text(st, 6, c->language, sizeof(c->language));
	col_text(st, 7, c->currency, sizeof(c->currency));
	c->credit_limit = sqlite3_column_int64(st, 8);
	col_text(st, 9, c->email, sizeof(c->email));
	col_text(st, 10, c->phone, sizeof(c->phone));
	col_text(st, 11, c->address, sizeof(c->address));
	col_text(st, 12, c->profile, sizeof(c->profile));
	if (import_id)
		*import_id = sqlite3_column_int64(st, 13);
}

static void read_contact(sqlite3_stmt *st, struct contact *c, int64_t *import_id)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, c->ref, sizeof(c->ref));
	c->customer_id = sqlite3_column_int64(st, 2);
	col_text(st, 3, c->customer_ref, sizeof(c->customer_ref));
	col_text(st, 4, c->name, sizeof(c->name));
	col_text(st, 5, c->role, sizeof(c->role));
	col_text(st, 6, c->phone, sizeof(c->phone));
	col_text(st, 7, c->email, sizeof(c->email));
	col_text(st, 8, c->timezone, sizeof(c->timezone));
	c->pays_bills = sqlite3_column_int(st, 9);
	col_text(st, 10, c->best_time, sizeof(c->best_time));
	col_text(st, 11, c->notes, sizeof(c->notes));
	if (import_id)
		*import_id = sqlite3_column_int64(st, 12);
}

static void read_invoice(sqlite3_stmt *st, struct invoice *inv, int64_t *import_id)
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

/* Runs a by-ref lookup; 1 found (row read by `read`), 0 not found. */
#define GET_BY_REF(ss, id, tenant, ref, e, read, out, import_id)                     \
	do {                                                                          \
		sqlite3_stmt *st_ = stmt(ss, id, e);                                  \
		int rc_;                                                              \
		if (!st_)                                                             \
			return -ERR_ENV;                                              \
		sqlite3_bind_int64(st_, 1, tenant);                                   \
		bind_text(st_, 2, ref);                                               \
		rc_ = sqlite3_step(st_);                                              \
		if (rc_ == SQLITE_ROW) {                                              \
			read(st_, out, import_id);                                    \
			sqlite3_reset(st_);                                           \
			return 1;                                                     \
		}                                                                     \
		sqlite3_reset(st_);                                                   \
		return rc_ == SQLITE_DONE ? 0 : db_error(ss, e, "reading");           \
	} while (0)

static int sq_customer_get(struct store *s, int64_t tenant, const char *ref, struct customer *out,
			   int64_t *import_id, struct error *e)
{
	GET_BY_REF(S(s), ST_CUSTOMER_GET, tenant, ref, e, read_customer, out, import_id);
}

static void read_customer_key(sqlite3_stmt *st, struct customer *c, int64_t *unused)
{
	(void)unused;
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, c->ref, sizeof(c->ref));
	col_text(st, 2, c->currency, sizeof(c->currency));
}

static int sq_customer_find(struct store *s, int64_t tenant, const char *ref, struct customer *out,
			    struct error *e)
{
	GET_BY_REF(S(s), ST_CUSTOMER_FIND, tenant, ref, e, read_customer_key, out, NULL);
}

static int sq_contact_insert(struct store *s, int64_t tenant, struct contact *c, int64_t import_id,
			     struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CONTACT_INSERT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, c->ref);
	sqlite3_bind_int64(st, 3, c->customer_id);
	bind_text(st, 4, c->name);
	bind_text(st, 5, c->role);
	bind_text(st, 6, c->phone);
	bind_text(st, 7, c->email);
	bind_text(st, 8, c->timezone);
	sqlite3_bind_int(st, 9, c->pays_bills);
	bind_text(st, 10, c->best_time);
	bind_text(st, 11, c->notes);
	bind_id(st, 12, import_id);
	return insert_step(ss, st, &c->id, e, "inserting a contact");
}

static int sq_contact_get(struct store *s, int64_t tenant, const char *ref, struct contact *out,
			  int64_t *import_id, struct error *e)
{
	GET_BY_REF(S(s), ST_CONTACT_GET, tenant, ref, e, read_contact, out, import_id);
}

static int sq_invoice_insert(struct store *s, int64_t tenant, struct invoice *inv, int64_t import_id,
			     struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_INVOICE_INSERT, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
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
	ret = insert_step(ss, st, &inv->id, e, "inserting an invoice");
	if (ret == 1)
		inv->balance = inv->amount;
	return ret;
}

/*
 * A plain INSERT (no ON CONFLICT): a ref already stored, or repeated within
 * the batch, aborts the statement, and SQLite backs out that statement's
 * rows from its statement journal while the transaction goes on. So the
 * batch is written whole or not at all without a savepoint of our own.
 * ?1 is the tenant, ?2 the import; each row then takes 10 parameters.
 */
static sqlite3_stmt *invoice_many_stmt(struct sqlite_store *ss, size_t n, struct error *e)
{
	enum { PER_ROW = 10 };
	static const char head[] = "INSERT INTO invoice(tenant_id, ref, customer_id, issue_date, due_date, currency, "
				   "amount, description, po_ref, delivery_note_ref, signed, balance, import_id) VALUES ";
	char *sql;
	size_t cap = sizeof(head) + n * 128, len;
	sqlite3_stmt *st = ss->invoice_many[n];

	if (st) {
		/* every parameter is bound again: no need to clear them */
		sqlite3_reset(st);
		return st;
	}
	if (!(sql = malloc(cap))) {
		error_set(e, ERR_ENV, "out of memory");
		return NULL;
	}
	len = (size_t)snprintf(sql, cap, "%s", head);
	for (size_t k = 0; k < n; k++) {
		int b = 3 + (int)k * PER_ROW;
		len += (size_t)snprintf(sql + len, cap - len,
					"%s(?1, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?2)", k ? ", " : "",
					b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 5);
	}
	if (sqlite3_prepare_v3(ss->db, sql, (int)len, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		db_error(ss, e, "preparing a statement");
		st = NULL;
	}
	free(sql);
	ss->invoice_many[n] = st;
	return st;
}

static int sq_invoice_insert_many(struct store *s, int64_t tenant, const struct invoice *invs, size_t n,
				  int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;
	/* the dates' text outlives the step, so SQLite need not copy each one */
	char dates[STORE_INVOICE_BATCH][2][10];
	int rc;

	if (n == 0 || n > STORE_INVOICE_BATCH)
		return error_set(e, ERR_ENV, "inserting invoices: batch of %zu", n);
	if (!(st = invoice_many_stmt(ss, n, e)))
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_id(st, 2, import_id);
	for (size_t k = 0; k < n; k++) {
		const struct invoice *inv = &invs[k];
		int b = 3 + (int)k * 10;
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
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 1;
	}
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		/* backed out; the row-by-row path will name the row and the reason */
		sqlite3_reset(st);
		return 0;
	}
	rc = db_error(ss, e, "inserting invoices");
	sqlite3_reset(st);
	return rc;
}

static int sq_invoice_get(struct store *s, int64_t tenant, const char *ref, struct invoice *out,
			  int64_t *import_id, struct error *e)
{
	GET_BY_REF(S(s), ST_INVOICE_GET, tenant, ref, e, read_invoice, out, import_id);
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

static int sq_invoice_find(struct store *s, int64_t tenant, const char *ref, struct invoice *out,
			   struct error *e)
{
	GET_BY_REF(S(s), ST_INVOICE_FIND, tenant, ref, e, read_invoice_key, out, NULL);
}

static int sq_payment_insert(struct store *s, int64_t tenant, struct payment *p, int64_t import_id,
			     struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_PAYMENT_INSERT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, p->ref);
	sqlite3_bind_int64(st, 3, p->customer_id);
	bind_id(st, 4, p->invoice_id);
	bind_date(st, 5, p->date);
	sqlite3_bind_int64(st, 6, p->amount);
	bind_text(st, 7, p->currency);
	bind_text(st, 8, p->method);
	bind_text(st, 9, p->status == PAYMENT_RETURNED ? "returned" : "cleared");
	bind_id(st, 10, import_id);
	return insert_step(ss, st, &p->id, e, "inserting a payment");
}

static int sq_payment_get(struct store *s, int64_t tenant, const char *ref, struct payment *out,
			  int64_t *import_id, struct error *e)
{
	GET_BY_REF(S(s), ST_PAYMENT_GET, tenant, ref, e, read_payment, out, import_id);
}

static int sq_payment_set_status(struct store *s, int64_t tenant, int64_t payment_id,
				 enum payment_status status, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_PAYMENT_STATUS, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, payment_id);
	bind_text(st, 3, status == PAYMENT_RETURNED ? "returned" : "cleared");
	return exec_step(ss, st, e, "updating a payment");
}

static int sq_invoice_move(struct store *s, int64_t tenant, int64_t invoice_id, int64_t amount, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_INVOICE_MOVE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, invoice_id);
	sqlite3_bind_int64(st, 3, amount);
	return exec_step(ss, st, e, "updating an invoice balance");
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
	if (!(sql = malloc(cap))) {
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
		db_error(ss, e, "preparing a statement");
		st = NULL;
	}
	free(sql);
	ss->ledger_many[n] = st;
	return st;
}

static int sq_ledger_append(struct store *s, int64_t tenant, const struct ledger_entry *les, size_t n,
			    int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;

	if (n == 0 || n > STORE_LEDGER_BATCH)
		return error_set(e, ERR_ENV, "writing ledger entries: batch of %zu", n);
	if (!(st = ledger_many_stmt(ss, n, e)))
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
	return exec_step(ss, st, e, "writing ledger entries");
}

/*
 * Iterates the rows of a prepared, bound statement. The statement is not
 * reset by the callback's own store calls because each query has its own
 * statement; a callback must not re-enter the same iteration.
 */
#define EACH_ROW(ss, st, e, body)                                              \
	do {                                                                   \
		int rc_;                                                       \
		while ((rc_ = sqlite3_step(st)) == SQLITE_ROW) {               \
			int stop_;                                             \
			body;                                                  \
			if (stop_) {                                           \
				sqlite3_reset(st);                             \
				return stop_;                                  \
			}                                                      \
		}                                                              \
		sqlite3_reset(st);                                             \
		if (rc_ != SQLITE_DONE)                                        \
			return db_error(ss, e, "reading");                     \
	} while (0)

static int sq_open_invoices_of_customer(struct store *s, int64_t tenant, int64_t customer_id,
					const char *currency, store_invoice_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_OPEN_OF_CUSTOMER, e);
	struct invoice inv;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_text(st, 3, currency);
	EACH_ROW(ss, st, e, {
		read_invoice(st, &inv, NULL);
		stop_ = cb(ctx, &inv);
	});
	return 0;
}

static int sq_ledger_of_payment(struct store *s, int64_t tenant, int64_t payment_id, store_ledger_cb cb,
				void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_LEDGER_OF_PAYMENT, e);
	struct ledger_entry le;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, payment_id);
	EACH_ROW(ss, st, e, {
		read_ledger(st, &le);
		stop_ = cb(ctx, &le);
	});
	return 0;
}

static int sq_unapplied_credit(struct store *s, int64_t tenant, int64_t customer_id, const char *currency,
			       int64_t *out, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_UNAPPLIED, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_text(st, 3, currency);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(ss, e, "reading unapplied credit");
	}
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

#define EACH_OF_TENANT(sid, type, reader)                                      \
	struct sqlite_store *ss = S(s);                                        \
	sqlite3_stmt *st = stmt(ss, sid, e);                                   \
	type rec;                                                              \
	if (!st)                                                               \
		return -ERR_ENV;                                               \
	sqlite3_bind_int64(st, 1, tenant);                                     \
	EACH_ROW(ss, st, e, {                                                  \
		reader(st, &rec, NULL);                                        \
		stop_ = cb(ctx, &rec);                                         \
	});                                                                    \
	return 0

static int sq_customers_each(struct store *s, int64_t tenant, store_customer_cb cb, void *ctx, struct error *e)
{
	EACH_OF_TENANT(ST_CUSTOMERS_ALL, struct customer, read_customer);
}

static int sq_contacts_each(struct store *s, int64_t tenant, store_contact_cb cb, void *ctx, struct error *e)
{
	EACH_OF_TENANT(ST_CONTACTS_ALL, struct contact, read_contact);
}

static int sq_invoices_each(struct store *s, int64_t tenant, store_invoice_cb cb, void *ctx, struct error *e)
{
	EACH_OF_TENANT(ST_INVOICES_ALL, struct invoice, read_invoice);
}

static int sq_payments_each(struct store *s, int64_t tenant, store_payment_cb cb, void *ctx, struct error *e)
{
	EACH_OF_TENANT(ST_PAYMENTS_ALL, struct payment, read_payment);
}

static int sq_open_items_each(struct store *s, int64_t tenant, int by_customer, date_t at,
			      store_open_item_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	enum stmt_id id = at == STORE_NOW ? (by_customer ? ST_OPEN_ITEMS_BY_CUSTOMER : ST_OPEN_ITEMS)
					  : (by_customer ? ST_OPEN_ITEMS_AT_BY_CUSTOMER : ST_OPEN_ITEMS_AT);
	sqlite3_stmt *st = stmt(ss, id, e);
	struct open_item it;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	if (at != STORE_NOW)
		bind_date(st, 2, at);
	EACH_ROW(ss, st, e, {
		it.customer_id = sqlite3_column_int64(st, 0);
		it.customer_ref = (const char *)sqlite3_column_text(st, 1);
		it.currency = (const char *)sqlite3_column_text(st, 2);
		it.due_date = col_date(st, 3);
		it.balance = sqlite3_column_int64(st, 4);
		stop_ = cb(ctx, &it);
	});
	return 0;
}

static int sq_kpi_items_each(struct store *s, int64_t tenant, date_t from, date_t to, store_kpi_item_cb cb,
			     void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_KPI_ITEMS, e);
	struct kpi_item it;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_date(st, 2, from);
	bind_date(st, 3, to);
	EACH_ROW(ss, st, e, {
		it.customer_id = sqlite3_column_int64(st, 0);
		it.currency = (const char *)sqlite3_column_text(st, 1);
		it.issue_date = col_date(st, 2);
		it.due_date = col_date(st, 3);
		it.amount = sqlite3_column_int64(st, 4);
		it.opening_balance = sqlite3_column_int64(st, 5);
		it.closing_balance = sqlite3_column_int64(st, 6);
		stop_ = cb(ctx, &it);
	});
	return 0;
}

static int sq_check_ledger(struct store *s, int64_t tenant, store_invoice_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CHECK_LEDGER, e);
	struct invoice inv;
	int bad = 0;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	EACH_ROW(ss, st, e, {
		read_invoice(st, &inv, NULL);
		inv.balance = sqlite3_column_int64(st, 14);
		bad++;
		stop_ = cb ? cb(ctx, &inv) : 0;
	});
	return bad;
}

struct sum_group {
	char currency[4];
	__int128 sum;
};

static int sum_fits(__int128 v)
{
	return v >= INT64_MIN + (__int128)1 && v <= INT64_MAX; /* negatable too: credit is shown negated */
}

/*
 * Sums the 4th column of `which` per (customer, currency) group, and per
 * currency into totals[] when given; calls cb for each group that does not
 * fit. Returns the count or a negative error.
 */
static int check_group_sums(struct sqlite_store *ss, int which, int64_t tenant, const char *what,
			    struct sum_group *totals, size_t *n_totals, size_t max_totals,
			    store_sum_overflow_cb cb, void *ctx, struct error *e)
{
	sqlite3_stmt *st = stmt(ss, which, e);
	int64_t cust = -1;
	char ref[REF_MAX + 1] = "", cur[4] = "";
	__int128 sum = 0;
	int bad = 0, rc, stop = 0;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	for (;;) {
		rc = sqlite3_step(st);
		int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
		const char *c = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 2) : "";
		if (!c)
			c = "";
		if (cust >= 0 && (rc != SQLITE_ROW || id != cust || strcmp(c, cur))) {
			if (!sum_fits(sum)) {
				struct store_sum_overflow o = { ref, cur, what };
				bad++;
				if (cb && (stop = cb(ctx, &o)) != 0)
					break;
			}
			sum = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		if (id != cust || strcmp(c, cur)) {
			const char *r = (const char *)sqlite3_column_text(st, 1);
			cust = id;
			snprintf(ref, sizeof(ref), "%s", r ? r : "");
			snprintf(cur, sizeof(cur), "%s", c);
		}
		int64_t v = sqlite3_column_int64(st, 3);
		sum += v;
		if (totals) {
			size_t k;
			for (k = 0; k < *n_totals && strcmp(totals[k].currency, c); k++)
				;
			if (k == *n_totals && k < max_totals) {
				snprintf(totals[k].currency, sizeof(totals[k].currency), "%s", c);
				totals[k].sum = 0;
				(*n_totals)++;
			}
			if (k < *n_totals)
				totals[k].sum += v;
		}
	}
	sqlite3_reset(st);
	if (stop)
		return stop < 0 ? stop : -stop;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(ss, e, "reading");
	return bad;
}

static int sq_check_sums(struct store *s, int64_t tenant, store_sum_overflow_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	struct sum_group totals[64]; /* currencies of a tenant: a handful */
	size_t n_totals = 0;
	int bad = 0, ret;

	ret = check_group_sums(ss, ST_CHECK_OPEN_SUMS, tenant, "open balance", totals, &n_totals, 64, cb, ctx, e);
	if (ret < 0)
		return ret;
	bad += ret;
	for (size_t k = 0; k < n_totals; k++) {
		if (!sum_fits(totals[k].sum)) {
			struct store_sum_overflow o = { "", totals[k].currency, "open balance" };
			bad++;
			if (cb && (ret = cb(ctx, &o)) != 0)
				return ret < 0 ? ret : -ret;
		}
	}
	ret = check_group_sums(ss, ST_CHECK_UNAPPLIED_SUMS, tenant, "unapplied credit", NULL, NULL, 0, cb, ctx, e);
	if (ret < 0)
		return ret;
	return bad + ret;
}

/* ---- contact rules ---- */

static void bind_ts(sqlite3_stmt *st, int i, timestamp_t t)
{
	char buf[TIMESTAMP_TEXT_MAX];
	timestamp_format(t, buf, sizeof(buf));
	sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
}

static timestamp_t col_ts(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	timestamp_t v = 0;
	if (t)
		timestamp_parse(t, &v, NULL);
	return v;
}

static int sq_customer_by_id(struct store *s, int64_t tenant, int64_t id, struct customer *out, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMER_BY_ID, e);
	int rc;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_customer(st, out, NULL);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_error(ss, e, "reading a customer");
}

static int sq_contacts_of_customer(struct store *s, int64_t tenant, int64_t customer_id, store_contact_cb cb,
				   void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CONTACTS_OF_CUSTOMER, e);
	struct contact c;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	EACH_ROW(ss, st, e, {
		read_contact(st, &c, NULL);
		stop_ = cb(ctx, &c);
	});
	return 0;
}

static int sq_attempt_add(struct store *s, int64_t tenant, int64_t customer_id, const struct contact_attempt *a,
			  const char *spoke_with, const char *note, int64_t *id, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_ATTEMPT_INSERT, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	sqlite3_bind_int64(st, 3, a->contact_id);
	bind_ts(st, 4, a->at);
	bind_text(st, 5, channel_name(a->channel));
	bind_text(st, 6, a->address);
	bind_text(st, 7, contact_outcome_name(a->outcome));
	sqlite3_bind_int(st, 8, a->inbound);
	sqlite3_bind_int(st, 9, a->conversation);
	sqlite3_bind_int(st, 10, a->n_invoices == 0);
	bind_text(st, 11, spoke_with);
	bind_text(st, 12, note);
	if ((ret = exec_step(ss, st, e, "recording a contact")) < 0)
		return ret;
	*id = sqlite3_last_insert_rowid(ss->db);
	for (size_t i = 0; i < a->n_invoices; i++) {
		if (!(st = stmt(ss, ST_ATTEMPT_INVOICE_INSERT, e)))
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int64(st, 2, a->invoice_ids[i]);
		if ((ret = exec_step(ss, st, e, "recording a contact")) < 0)
			return ret;
	}
	return 0;
}

static int sq_attempts_each(struct store *s, int64_t tenant, int64_t customer_id, timestamp_t since,
			    store_attempt_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_ATTEMPTS, e);
	struct contact_attempt a;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_ts(st, 3, since);
	EACH_ROW(ss, st, e, {
		sqlite3_stmt *inv = stmt(ss, ST_ATTEMPT_INVOICES, e);
		memset(&a, 0, sizeof(a));
		a.at = col_ts(st, 1);
		channel_parse((const char *)sqlite3_column_text(st, 2), &a.channel, NULL);
		a.contact_id = sqlite3_column_int64(st, 3);
		col_text(st, 4, a.address, sizeof(a.address));
		contact_outcome_parse((const char *)sqlite3_column_text(st, 5), &a.outcome, NULL);
		a.inbound = sqlite3_column_int(st, 6);
		a.conversation = sqlite3_column_int(st, 7);
		if (!inv) {
			sqlite3_reset(st);
			return -ERR_ENV;
		}
		if (!sqlite3_column_int(st, 8)) {
			sqlite3_bind_int64(inv, 1, sqlite3_column_int64(st, 0));
			while (sqlite3_step(inv) == SQLITE_ROW) {
				if (a.n_invoices == ATTEMPT_INVOICES_MAX) {
					a.n_invoices = 0; /* too many to name: about every debt */
					break;
				}
				a.invoice_ids[a.n_invoices++] = sqlite3_column_int64(inv, 0);
			}
			sqlite3_reset(inv);
		}
		stop_ = cb(ctx, &a);
	});
	return 0;
}

static int sq_flag_add(struct store *s, int64_t tenant, struct flag_record *f, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_FLAG_INSERT, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, f->customer_id);
	bind_id(st, 3, f->contact_id);
	bind_id(st, 4, f->invoice_id);
	bind_text(st, 5, f->flag);
	bind_text(st, 6, f->detail);
	bind_text(st, 7, f->set_by);
	bind_ts(st, 8, f->set_at);
	bind_text(st, 9, f->reason);
	if ((ret = exec_step(ss, st, e, "setting a flag")) < 0)
		return ret;
	f->id = sqlite3_last_insert_rowid(ss->db);
	return 0;
}

static int sq_flag_clear(struct store *s, int64_t tenant, const struct flag_record *m, const char *cleared_by,
			 timestamp_t at, const char *reason, int *cleared, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_FLAG_CLEAR, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, m->customer_id);
	bind_text(st, 3, m->flag);
	sqlite3_bind_int64(st, 4, m->contact_id);
	sqlite3_bind_int64(st, 5, m->invoice_id);
	bind_text(st, 6, m->detail);
	bind_ts(st, 7, at);
	bind_text(st, 8, cleared_by);
	bind_text(st, 9, reason);
	if ((ret = exec_step(ss, st, e, "clearing a flag")) < 0)
		return ret;
	*cleared = sqlite3_changes(ss->db);
	return 0;
}

static int sq_flags_each(struct store *s, int64_t tenant, int64_t customer_id, store_flag_cb cb, void *ctx,
			 struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_FLAGS, e);
	struct flag_record f;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	EACH_ROW(ss, st, e, {
		memset(&f, 0, sizeof(f));
		f.id = sqlite3_column_int64(st, 0);
		f.customer_id = sqlite3_column_int64(st, 1);
		f.contact_id = sqlite3_column_int64(st, 2);
		f.invoice_id = sqlite3_column_int64(st, 3);
		col_text(st, 4, f.flag, sizeof(f.flag));
		col_text(st, 5, f.detail, sizeof(f.detail));
		col_text(st, 6, f.set_by, sizeof(f.set_by));
		f.set_at = col_ts(st, 7);
		col_text(st, 8, f.reason, sizeof(f.reason));
		col_text(st, 9, f.contact_ref, sizeof(f.contact_ref));
		col_text(st, 10, f.invoice_ref, sizeof(f.invoice_ref));
		stop_ = cb(ctx, &f);
	});
	return 0;
}

static int sq_profile_get(struct store *s, int64_t tenant, const char *name, char **json, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_PROFILE_GET, e);
	int rc;
	*json = NULL;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*json = strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return *json ? 1 : error_set(e, ERR_ENV, "out of memory");
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ss, e, "reading a profile");
}

static int sq_profile_put(struct store *s, int64_t tenant, const char *name, const char *json, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_PROFILE_PUT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, name);
	bind_text(st, 3, json);
	return exec_step(ss, st, e, "storing a profile");
}

static int sq_profiles_each(struct store *s, int64_t tenant, store_profile_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_PROFILES, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	EACH_ROW(ss, st, e, {
		stop_ = cb(ctx, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
	});
	return 0;
}

static int sq_tenant_default_profile(struct store *s, int64_t tenant, char *out, size_t size, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_TENANT_DEFAULT, e);
	int rc;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		col_text(st, 0, out, size);
	else if (size)
		out[0] = '\0';
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(ss, e, "reading the tenant");
}

static int sq_tenant_set_default_profile(struct store *s, int64_t tenant, const char *name, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_TENANT_SET_DEFAULT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, name);
	return exec_step(ss, st, e, "updating the tenant");
}

static int sq_closed_day_add(struct store *s, int64_t tenant, date_t day, const char *name, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CLOSED_ADD, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	bind_date(st, 2, day);
	bind_text(st, 3, name);
	return exec_step(ss, st, e, "adding a closed day");
}

static int sq_closed_days_each(struct store *s, int64_t tenant, store_day_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CLOSED_DAYS, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	EACH_ROW(ss, st, e, { stop_ = cb(ctx, col_date(st, 0), (const char *)sqlite3_column_text(st, 1)); });
	return 0;
}

static int sq_customer_update(struct store *s, int64_t tenant, const struct customer *c, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMER_UPDATE, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, c->id);
	bind_text(st, 3, c->name);
	bind_text(st, 4, c->timezone);
	bind_text(st, 5, c->language);
	sqlite3_bind_int64(st, 6, c->credit_limit);
	bind_text(st, 7, c->email);
	bind_text(st, 8, c->phone);
	bind_text(st, 9, c->address);
	bind_text(st, 10, c->profile);
	if ((ret = exec_step(ss, st, e, "updating a customer")) < 0)
		return ret;
	return sqlite3_changes(ss->db) > 0;
}

static int sq_contact_update(struct store *s, int64_t tenant, const struct contact *c, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CONTACT_UPDATE, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, c->id);
	bind_text(st, 3, c->name);
	bind_text(st, 4, c->role);
	bind_text(st, 5, c->phone);
	bind_text(st, 6, c->email);
	bind_text(st, 7, c->timezone);
	sqlite3_bind_int(st, 8, c->pays_bills);
	bind_text(st, 9, c->best_time);
	if ((ret = exec_step(ss, st, e, "updating a contact")) < 0)
		return ret;
	return sqlite3_changes(ss->db) > 0;
}

static int sq_change_add(struct store *s, int64_t tenant, const struct change_record *c, int64_t import_id,
			 struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CHANGE_INSERT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, c->customer_id);
	bind_text(st, 3, c->entity);
	bind_text(st, 4, c->ref);
	bind_text(st, 5, c->field);
	bind_text(st, 6, c->old_value);
	bind_text(st, 7, c->new_value);
	bind_text(st, 8, c->by);
	bind_ts(st, 9, c->at);
	bind_id(st, 10, import_id);
	return exec_step(ss, st, e, "recording a change");
}

static int sq_changes_each(struct store *s, int64_t tenant, int64_t customer_id, int limit, store_change_cb cb,
			   void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_CHANGES, e);
	struct change_record *c = malloc(sizeof(*c));
	int ret = 0;
	if (!st || !c) {
		free(c);
		return st ? error_set(e, ERR_ENV, "out of memory") : -ERR_ENV;
	}
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	sqlite3_bind_int(st, 3, limit);
	while ((ret = sqlite3_step(st)) == SQLITE_ROW) {
		memset(c, 0, sizeof(*c));
		c->customer_id = sqlite3_column_int64(st, 0);
		col_text(st, 1, c->entity, sizeof(c->entity));
		col_text(st, 2, c->ref, sizeof(c->ref));
		col_text(st, 3, c->field, sizeof(c->field));
		col_text(st, 4, c->old_value, sizeof(c->old_value));
		col_text(st, 5, c->new_value, sizeof(c->new_value));
		col_text(st, 6, c->by, sizeof(c->by));
		c->at = col_ts(st, 7);
		if ((ret = cb(ctx, c)) != 0)
			break;
	}
	sqlite3_reset(st);
	free(c);
	if (ret == SQLITE_DONE)
		return 0;
	if (ret >= SQLITE_ROW)
		return db_error(ss, e, "reading changes");
	return ret;
}

static int sq_attempt_views_each(struct store *s, int64_t tenant, int64_t customer_id, store_attempt_view_cb cb,
				 void *ctx, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_ATTEMPT_VIEWS, e);
	struct attempt_view v;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	EACH_ROW(ss, st, e, {
		memset(&v, 0, sizeof(v));
		v.a.at = col_ts(st, 1);
		channel_parse((const char *)sqlite3_column_text(st, 2), &v.a.channel, NULL);
		v.a.contact_id = sqlite3_column_int64(st, 3);
		col_text(st, 4, v.a.address, sizeof(v.a.address));
		contact_outcome_parse((const char *)sqlite3_column_text(st, 5), &v.a.outcome, NULL);
		v.a.inbound = sqlite3_column_int(st, 6);
		v.a.conversation = sqlite3_column_int(st, 7);
		v.contact_ref = (const char *)sqlite3_column_text(st, 9);
		v.spoke_with = (const char *)sqlite3_column_text(st, 10);
		v.note = (const char *)sqlite3_column_text(st, 11);
		v.invoice_refs = sqlite3_column_int(st, 8) ? "" : (const char *)sqlite3_column_text(st, 12);
		stop_ = cb(ctx, &v);
	});
	return 0;
}

static int sq_unapplied_each(struct store *s, int64_t tenant, date_t at, store_credit_cb cb, void *ctx,
			     struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, at == STORE_NOW ? ST_UNAPPLIED_ALL : ST_UNAPPLIED_ALL_AT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	if (at != STORE_NOW)
		bind_date(st, 2, at);
	EACH_ROW(ss, st, e, {
		stop_ = cb(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
			   (const char *)sqlite3_column_text(st, 2), sqlite3_column_int64(st, 3));
	});
	return 0;
}

static int sq_tenant_has_data(struct store *s, int64_t tenant, struct error *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = stmt(ss, ST_TENANT_HAS_DATA, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(ss, e, "reading");
	}
	ret = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return ret;
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.tenant_resolve = sq_tenant_resolve,
	.tenant_create = sq_tenant_create,
	.import_begin = sq_import_begin,
	.import_finish = sq_import_finish,
	.customer_insert = sq_customer_insert,
	.customer_get = sq_customer_get,
	.customer_find = sq_customer_find,
	.contact_insert = sq_contact_insert,
	.contact_get = sq_contact_get,
	.invoice_insert = sq_invoice_insert,
	.invoice_get = sq_invoice_get,
	.invoice_insert_many = sq_invoice_insert_many,
	.invoice_find = sq_invoice_find,
	.payment_insert = sq_payment_insert,
	.payment_get = sq_payment_get,
	.payment_set_status = sq_payment_set_status,
	.invoice_move = sq_invoice_move,
	.ledger_append = sq_ledger_append,
	.open_invoices_of_customer = sq_open_invoices_of_customer,
	.ledger_of_payment = sq_ledger_of_payment,
	.unapplied_credit = sq_unapplied_credit,
	.customers_each = sq_customers_each,
	.contacts_each = sq_contacts_each,
	.invoices_each = sq_invoices_each,
	.payments_each = sq_payments_each,
	.open_items_each = sq_open_items_each,
	.kpi_items_each = sq_kpi_items_each,
	.check_ledger = sq_check_ledger,
	.check_sums = sq_check_sums,
	.customer_by_id = sq_customer_by_id,
	.contacts_of_customer = sq_contacts_of_customer,
	.attempt_add = sq_attempt_add,
	.attempts_each = sq_attempts_each,
	.flag_add = sq_flag_add,
	.flag_clear = sq_flag_clear,
	.flags_each = sq_flags_each,
	.profile_get = sq_profile_get,
	.profile_put = sq_profile_put,
	.profiles_each = sq_profiles_each,
	.tenant_default_profile = sq_tenant_default_profile,
	.tenant_set_default_profile = sq_tenant_set_default_profile,
	.closed_day_add = sq_closed_day_add,
	.closed_days_each = sq_closed_days_each,
	.customer_update = sq_customer_update,
	.contact_update = sq_contact_update,
	.change_add = sq_change_add,
	.changes_each = sq_changes_each,
	.attempt_views_each = sq_attempt_views_each,
	.unapplied_each = sq_unapplied_each,
	.tenant_has_data = sq_tenant_has_data,
};

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/*
 * Process-wide settings, before SQLite initialises: each connection is used
 * by one thread at a time (multi-thread mode, no per-call mutex), and no
 * global memory statistics (a mutex taken on every allocation otherwise).
 */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

int store_sqlite_open(const char *path, struct store **out, struct error *e)
{
	struct sqlite_store *ss = calloc(1, sizeof(*ss));
	int ret;

	*out = NULL;
	if (!ss)
		return error_set(e, ERR_ENV, "out of memory");
	pthread_once(&sqlite_once, sqlite_setup);
	ss->base.ops = &sqlite_ops;
	snprintf(ss->path, sizeof(ss->path), "%s", path);
	if (sqlite3_open_v2(path, &ss->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		ret = error_set(e, ERR_ENV, "database '%s': cannot open: %s", path,
				ss->db ? sqlite3_errmsg(ss->db) : "out of memory");
		sq_close(&ss->base);
		return ret;
	}
	sqlite3_busy_timeout(ss->db, 10000);
	sqlite3_extended_result_codes(ss->db, 1);
	if ((ret = exec_sql(ss, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
				"PRAGMA foreign_keys = ON; PRAGMA cache_size = -131072; "
				"PRAGMA temp_store = DEFAULT", e)) < 0 ||
	    (ret = migrate(ss, e)) < 0) {
		sq_close(&ss->base);
		return ret;
	}
	*out = &ss->base;
	return 0;
}
