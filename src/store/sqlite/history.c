/*
 * history.c: contact attempts and flags.
 */

#include "store/sqlite/sqlite_int.h"

enum stmt_id {
	ST_ATTEMPT_INSERT,
	ST_ATTEMPT_INVOICE_INSERT,
	ST_ATTEMPT_VIEWS,
	ST_FLAG_INSERT,
	ST_FLAG_CLEAR,
	ST_ATTEMPTS_BY_CUSTOMER,
	ST_FLAGS_BY_CUSTOMER,
	ST_ATTEMPT_IMPORT,
	ST_ATTEMPT_BY_REF,
	ST_FLAG_IMPORT,
	ST_FLAG_BY_REF,
	ST_FLAGS_BY_CUSTOMER_AT,
	ST_FLAGS_CHANGED_AFTER,
	ST_ATTEMPT_COPY,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ATTEMPT_INSERT] =
		"INSERT INTO contact_attempt(tenant_id, customer_id, contact_id, at, channel, address, outcome, "
		"inbound, conversation, all_invoices, spoke_with, note, rules_breach) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	/* an id that is not one of the tenant's invoices is skipped, as on PostgreSQL */
	[ST_ATTEMPT_INVOICE_INSERT] = "INSERT OR IGNORE INTO attempt_invoice(tenant_id, attempt_id, invoice_id) "
				      "SELECT ?1, ?2, id FROM invoice WHERE tenant_id = ?1 AND id = ?3",
	[ST_ATTEMPT_VIEWS] =
		"SELECT a.id, a.at, a.channel, a.contact_id, a.address, a.outcome, a.inbound, a.conversation, "
		"a.all_invoices, k.ref, a.spoke_with, a.note, "
		"(SELECT COALESCE(group_concat(ref, ','), '') FROM (SELECT i.ref FROM attempt_invoice x "
		"JOIN invoice i ON i.id = x.invoice_id WHERE x.tenant_id = ?1 AND x.attempt_id = a.id ORDER BY i.ref)), "
		"a.rules_breach, COALESCE(a.logged_by, ''), a.callback_at "
		"FROM contact_attempt a JOIN contact k ON k.id = a.contact_id "
		"WHERE a.tenant_id = ?1 AND a.customer_id = ?2 ORDER BY a.at, a.id",
	[ST_FLAG_INSERT] = "INSERT INTO customer_flag(tenant_id, customer_id, contact_id, invoice_id, flag, detail, "
			   "set_by, set_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_FLAG_CLEAR] = "UPDATE customer_flag SET cleared_at = ?7, cleared_by = ?8, cleared_reason = ?9 "
			  "WHERE tenant_id = ?1 AND customer_id = ?2 AND flag = ?3 AND COALESCE(contact_id, 0) = ?4 "
			  "AND COALESCE(invoice_id, 0) = ?5 AND detail = ?6 AND cleared_at IS NULL",
	/*
	 * One row per (attempt, invoice it names), the invoices of an attempt
	 * consecutive: one statement for every attempt of a range of
	 * customers instead of one more per attempt. store_attempts_each is
	 * the range of one customer.
	 */
	[ST_ATTEMPTS_BY_CUSTOMER] =
		"SELECT a.id, a.at, a.channel, a.contact_id, a.address, a.outcome, a.inbound, a.conversation, "
		"a.all_invoices, a.customer_id, x.invoice_id, a.callback_at FROM contact_attempt a "
		"LEFT JOIN attempt_invoice x ON x.tenant_id = ?1 AND x.attempt_id = a.id AND a.all_invoices = 0 "
		"WHERE a.tenant_id = ?1 AND a.customer_id BETWEEN ?2 AND ?3 AND a.at >= ?4 "
		"ORDER BY a.customer_id, a.at, a.id, x.invoice_id",
	[ST_FLAGS_BY_CUSTOMER] =
		"SELECT f.id, f.customer_id, COALESCE(f.contact_id, 0), COALESCE(f.invoice_id, 0), f.flag, "
		"f.detail, f.set_by, f.set_at, f.reason, COALESCE(k.ref, ''), COALESCE(i.ref, '') "
		"FROM customer_flag f LEFT JOIN contact k ON k.id = f.contact_id "
		"LEFT JOIN invoice i ON i.id = f.invoice_id "
		"WHERE f.tenant_id = ?1 AND f.customer_id BETWEEN ?2 AND ?3 AND f.cleared_at IS NULL "
		"ORDER BY f.customer_id, f.id",
	[ST_ATTEMPT_IMPORT] =
		"INSERT INTO contact_attempt(tenant_id, customer_id, contact_id, at, channel, address, outcome, "
		"inbound, conversation, all_invoices, spoke_with, note, ref, import_id) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
		"ON CONFLICT (tenant_id, ref) DO NOTHING",
	/* an imported attempt names one invoice or none (every debt) */
	[ST_ATTEMPT_BY_REF] =
		"SELECT a.ref, k.ref, a.at, a.channel, a.outcome, CASE WHEN a.all_invoices THEN '' ELSE "
		"COALESCE((SELECT min(i.ref) FROM attempt_invoice x JOIN invoice i ON i.id = x.invoice_id "
		"WHERE x.tenant_id = ?1 AND x.attempt_id = a.id), '') END, "
		"a.address, a.spoke_with, a.note, a.inbound, COALESCE(a.import_id, 0) "
		"FROM contact_attempt a JOIN contact k ON k.id = a.contact_id WHERE a.tenant_id = ?1 AND a.ref = ?2",
	[ST_FLAG_IMPORT] = "INSERT INTO customer_flag(tenant_id, customer_id, contact_id, invoice_id, flag, detail, "
			   "set_by, set_at, reason, cleared_at, cleared_by, cleared_reason, ref, import_id) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
			   "ON CONFLICT (tenant_id, ref) DO NOTHING",
	[ST_FLAG_BY_REF] =
		"SELECT f.ref, c.ref, f.flag, COALESCE(k.ref, ''), COALESCE(i.ref, ''), f.detail, f.set_by, f.set_at, "
		"f.reason, f.cleared_at, COALESCE(f.cleared_by, ''), COALESCE(f.cleared_reason, ''), "
		"COALESCE(f.import_id, 0) FROM customer_flag f JOIN customer c ON c.id = f.customer_id "
		"LEFT JOIN contact k ON k.id = f.contact_id LEFT JOIN invoice i ON i.id = f.invoice_id "
		"WHERE f.tenant_id = ?1 AND f.ref = ?2",
	/* as known at ?4: no index serves the cleared flags, so a scan of the tenant's flags (store/history.h) */
	[ST_FLAGS_BY_CUSTOMER_AT] =
		"SELECT f.id, f.customer_id, COALESCE(f.contact_id, 0), COALESCE(f.invoice_id, 0), f.flag, "
		"f.detail, f.set_by, f.set_at, f.reason, COALESCE(k.ref, ''), COALESCE(i.ref, '') "
		"FROM customer_flag f LEFT JOIN contact k ON k.id = f.contact_id "
		"LEFT JOIN invoice i ON i.id = f.invoice_id "
		"WHERE f.tenant_id = ?1 AND f.customer_id BETWEEN ?2 AND ?3 AND f.set_at <= ?4 "
		"AND (f.cleared_at IS NULL OR f.cleared_at > ?4) ORDER BY f.customer_id, f.id",
	[ST_FLAGS_CHANGED_AFTER] =
		"SELECT 1 FROM customer_flag WHERE tenant_id = ?1 AND (set_at > ?2 OR cleared_at > ?2) "
		"LIMIT 1",
	/* ST_ATTEMPT_INSERT with what store_attempt_queue_note writes (store_attempts_copy) */
	[ST_ATTEMPT_COPY] =
		"INSERT INTO contact_attempt(tenant_id, customer_id, contact_id, at, channel, address, outcome, "
		"inbound, conversation, all_invoices, spoke_with, note, rules_breach, logged_by, callback_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
};

static void bind_attempt(sqlite3_stmt *st, int64_t tenant, int64_t customer_id, const struct contact_attempt *a,
			 const char *spoke_with, const char *note);

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_HISTORY, id, stmt_sql, e);
}

/* Columns 1..8 of an attempt row: at, channel, contact, address, outcome, inbound, conversation. */
static void read_attempt(sqlite3_stmt *st, struct contact_attempt *a)
{
	a->at = col_ts(st, 1);
	channel_parse((const char *)sqlite3_column_text(st, 2), &a->channel, NULL);
	a->contact_id = sqlite3_column_int64(st, 3);
	col_text(st, 4, a->address, sizeof(a->address));
	contact_outcome_parse((const char *)sqlite3_column_text(st, 5), &a->outcome, NULL);
	a->inbound = sqlite3_column_int(st, 6);
	a->conversation = sqlite3_column_int(st, 7);
}

static void read_flag(sqlite3_stmt *st, struct flag_record *f)
{
	memset(f, 0, sizeof(*f));
	f->id = sqlite3_column_int64(st, 0);
	f->customer_id = sqlite3_column_int64(st, 1);
	f->contact_id = sqlite3_column_int64(st, 2);
	f->invoice_id = sqlite3_column_int64(st, 3);
	col_text(st, 4, f->flag, sizeof(f->flag));
	col_text(st, 5, f->detail, sizeof(f->detail));
	col_text(st, 6, f->set_by, sizeof(f->set_by));
	f->set_at = col_ts(st, 7);
	col_text(st, 8, f->reason, sizeof(f->reason));
	col_text(st, 9, f->contact_ref, sizeof(f->contact_ref));
	col_text(st, 10, f->invoice_ref, sizeof(f->invoice_ref));
}

/* The rows of attempt_invoice of attempt `id` of customer_id, marked (0040: no trigger on their insert). */
static int add_attempt_invoices(struct store_tx *tx, int64_t customer_id, int64_t id, const struct contact_attempt *a,
				struct error *e)
{
	struct sqlite_store *ss = SQ(tx);

	for (size_t i = 0; i < a->n_invoices; i++) {
		sqlite3_stmt *st = stmt(ss, ST_ATTEMPT_INVOICE_INSERT, e);
		int ret;
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, id);
		sqlite3_bind_int64(st, 3, a->invoice_ids[i]);
		ret = sq_exec_step(ss, st, e, "recording a contact");
		if (ret == 0 && sqlite3_changes(ss->db) > 0)
			ret = sq_watch_mark(ss, tx->tenant, customer_id, e);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int sq_attempt_add(struct store_tx *tx, int64_t customer_id, const struct contact_attempt *a,
			  const char *spoke_with, const char *note, int64_t *id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ATTEMPT_INSERT, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	bind_attempt(st, tx->tenant, customer_id, a, spoke_with, note);
	bind_text(st, 13, a->rules_breach);
	ret = sq_exec_step(ss, st, e, "recording a contact");
	if (ret == 0)
		ret = sq_watch_mark(ss, tx->tenant, customer_id, e);
	if (ret < 0)
		return ret;
	*id = sqlite3_last_insert_rowid(ss->db);
	return add_attempt_invoices(tx, customer_id, *id, a, e);
}

/* store_attempts_copy: one INSERT an attempt, with who logged it (no round trip to save here). */
static int sq_attempts_copy(struct store_tx *tx, const struct attempt_copy *rows, size_t n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);

	for (size_t k = 0; k < n; k++) {
		const struct attempt_copy *r = &rows[k];
		sqlite3_stmt *st = stmt(ss, ST_ATTEMPT_COPY, e);
		int ret;
		if (!st)
			return -ERR_ENV;
		bind_attempt(st, tx->tenant, r->customer_id, &r->a, r->spoke_with, r->note);
		bind_text(st, 13, r->a.rules_breach);
		if (r->logged_by[0])
			bind_text(st, 14, r->logged_by);
		else
			sqlite3_bind_null(st, 14);
		if (r->logged_by[0] && r->callback_at)
			bind_ts(st, 15, r->callback_at);
		else
			sqlite3_bind_null(st, 15);
		ret = sq_exec_step(ss, st, e, "copying a contact attempt");
		if (ret == 0)
			ret = sq_watch_mark(ss, tx->tenant, r->customer_id, e);
		if (ret == 0)
			ret = add_attempt_invoices(tx, r->customer_id, sqlite3_last_insert_rowid(ss->db), &r->a, e);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int sq_attempt_views_each(struct store_tx *tx, int64_t customer_id, store_attempt_view_cb cb, void *ctx,
				 struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ATTEMPT_VIEWS, e);
	struct attempt_view v;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	EACH_ROW(ss, st, e, {
		memset(&v, 0, sizeof(v));
		read_attempt(st, &v.a);
		v.contact_ref = (const char *)sqlite3_column_text(st, 9);
		v.spoke_with = (const char *)sqlite3_column_text(st, 10);
		v.note = (const char *)sqlite3_column_text(st, 11);
		v.invoice_refs = sqlite3_column_int(st, 8) ? "" : (const char *)sqlite3_column_text(st, 12);
		col_text(st, 13, v.a.rules_breach, sizeof(v.a.rules_breach));
		v.logged_by = (const char *)sqlite3_column_text(st, 14);
		v.callback_at = col_ts(st, 15);
		stop_ = cb(ctx, &v);
	});
	return 0;
}

static int sq_flag_add(struct store_tx *tx, struct flag_record *f, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_FLAG_INSERT, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, f->customer_id);
	bind_id(st, 3, f->contact_id);
	bind_id(st, 4, f->invoice_id);
	bind_text(st, 5, f->flag);
	bind_text(st, 6, f->detail);
	bind_text(st, 7, f->set_by);
	bind_ts(st, 8, f->set_at);
	bind_text(st, 9, f->reason);
	ret = sq_exec_step(ss, st, e, "setting a flag");
	if (ret < 0)
		return ret;
	f->id = sqlite3_last_insert_rowid(ss->db);
	return 0;
}

static int sq_flag_clear(struct store_tx *tx, const struct flag_record *m, const char *cleared_by, timestamp_t at,
			 const char *reason, int *cleared, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_FLAG_CLEAR, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, m->customer_id);
	bind_text(st, 3, m->flag);
	sqlite3_bind_int64(st, 4, m->contact_id);
	sqlite3_bind_int64(st, 5, m->invoice_id);
	bind_text(st, 6, m->detail);
	bind_ts(st, 7, at);
	bind_text(st, 8, cleared_by);
	bind_text(st, 9, reason);
	ret = sq_exec_step(ss, st, e, "clearing a flag");
	if (ret < 0)
		return ret;
	*cleared = sqlite3_changes(ss->db);
	return 0;
}

/* The active flags (at 0), or those known at `at`. */
static int flags_read(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at, store_flag_cb cb,
		      void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, at ? ST_FLAGS_BY_CUSTOMER_AT : ST_FLAGS_BY_CUSTOMER, e);
	struct flag_record f;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_customer);
	sqlite3_bind_int64(st, 3, to_customer);
	if (at)
		bind_ts(st, 4, at);
	EACH_ROW(ss, st, e, {
		read_flag(st, &f);
		stop_ = cb(ctx, &f);
	});
	return 0;
}

static int sq_flags_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_flag_cb cb,
				void *ctx, struct error *e)
{
	return flags_read(tx, from_customer, to_customer, 0, cb, ctx, e);
}

static int sq_flags_by_customer_at(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at,
				   store_flag_cb cb, void *ctx, struct error *e)
{
	return flags_read(tx, from_customer, to_customer, at, cb, ctx, e);
}

static int sq_flags_changed_after(struct store_tx *tx, timestamp_t at, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_FLAGS_CHANGED_AFTER, e);
	int rc;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_ts(st, 2, at);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_db_error(ss, e, "reading");
	return rc == SQLITE_ROW;
}

static int sq_attempts_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t since,
				   store_customer_attempt_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ATTEMPTS_BY_CUSTOMER, e);
	struct contact_attempt a;
	int64_t id = 0, customer_id = 0;
	int rc, have = 0, stop = 0, too_many = 0;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_customer);
	sqlite3_bind_int64(st, 3, to_customer);
	bind_ts(st, 4, since);
	memset(&a, 0, sizeof(a));
	/* rows of one attempt are consecutive: pass an attempt when the next one starts */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!have || sqlite3_column_int64(st, 0) != id) {
			if (have) {
				stop = cb(ctx, customer_id, &a);
				if (stop != 0)
					break;
			}
			memset(&a, 0, sizeof(a));
			have = 1;
			too_many = 0;
			id = sqlite3_column_int64(st, 0);
			read_attempt(st, &a);
			a.callback_at = col_ts(st, 11);
			customer_id = sqlite3_column_int64(st, 9);
		}
		if (sqlite3_column_type(st, 10) == SQLITE_NULL || too_many)
			continue;
		if (a.n_invoices == ATTEMPT_INVOICES_MAX) {
			a.n_invoices = 0; /* too many to name: about every debt (as store_attempts_each) */
			too_many = 1;
			continue;
		}
		a.invoice_ids[a.n_invoices++] = sqlite3_column_int64(st, 10);
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return sq_db_error(ss, e, "reading");
	return have ? cb(ctx, customer_id, &a) : 0;
}

/* store_attempts_each and store_flags_each: the range of one customer. */
struct one_customer {
	store_attempt_cb cb;
	void *ctx;
};

static int pass_attempt(void *ctx, int64_t customer_id, const struct contact_attempt *a)
{
	struct one_customer *o = ctx;
	(void)customer_id;
	return o->cb(o->ctx, a);
}

static int sq_attempts_each(struct store_tx *tx, int64_t customer_id, timestamp_t since, store_attempt_cb cb, void *ctx,
			    struct error *e)
{
	struct one_customer o = { cb, ctx };
	return sq_attempts_by_customer(tx, customer_id, customer_id, since, pass_attempt, &o, e);
}

static int sq_flags_each(struct store_tx *tx, int64_t customer_id, store_flag_cb cb, void *ctx, struct error *e)
{
	return sq_flags_by_customer(tx, customer_id, customer_id, cb, ctx, e);
}

/*
 * The rows of chosen customers: a lookup by key costs no round trip on
 * SQLite, so the batch is the loop, one indexed range per customer (in the
 * order of `ids`, ascending).
 */
static int sq_attempts_of_customers(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t since,
				    store_customer_attempt_cb cb, void *ctx, struct error *e)
{
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; i++)
		ret = sq_attempts_by_customer(tx, ids[i], ids[i], since, cb, ctx, e);
	return ret;
}

static int sq_flags_of_customers(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t at, store_flag_cb cb,
				 void *ctx, struct error *e)
{
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; i++)
		ret = flags_read(tx, ids[i], ids[i], at, cb, ctx, e);
	return ret;
}

/* Binds the columns an attempt row shares with sq_attempt_add: ?1..?12. */
static void bind_attempt(sqlite3_stmt *st, int64_t tenant, int64_t customer_id, const struct contact_attempt *a,
			 const char *spoke_with, const char *note)
{
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
}

static int sq_attempt_import(struct store_tx *tx, int64_t customer_id, const struct contact_attempt *a,
			     const struct history_attempt *h, int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ATTEMPT_IMPORT, e);
	int64_t id = 0;
	int ret;
	if (!st)
		return -ERR_ENV;
	bind_attempt(st, tx->tenant, customer_id, a, h->spoke_with, h->note);
	bind_text(st, 13, h->ref);
	bind_id(st, 14, import_id);
	ret = sq_insert_marked(ss, st, &id, tx->tenant, customer_id, e, "importing a contact attempt");
	for (size_t i = 0; ret == 1 && i < a->n_invoices; i++) {
		int r;
		st = stmt(ss, ST_ATTEMPT_INVOICE_INSERT, e);
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, id);
		sqlite3_bind_int64(st, 3, a->invoice_ids[i]);
		r = sq_exec_step(ss, st, e, "importing a contact attempt");
		if (r == 0 && sqlite3_changes(ss->db) > 0)
			r = sq_watch_mark(ss, tx->tenant, customer_id, e);
		if (r < 0)
			return r;
	}
	return ret;
}

/* A stored moment as the import file would write it. */
static void col_moment(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		buf[0] = '\0';
	else
		timestamp_format(col_ts(st, i), buf, size);
}

static void read_attempt_ref(sqlite3_stmt *st, struct history_attempt *h, int64_t *import_id)
{
	memset(h, 0, sizeof(*h));
	col_text(st, 0, h->ref, sizeof(h->ref));
	col_text(st, 1, h->contact_ref, sizeof(h->contact_ref));
	col_moment(st, 2, h->at, sizeof(h->at));
	col_text(st, 3, h->channel, sizeof(h->channel));
	col_text(st, 4, h->outcome, sizeof(h->outcome));
	col_text(st, 5, h->invoice_ref, sizeof(h->invoice_ref));
	col_text(st, 6, h->address, sizeof(h->address));
	col_text(st, 7, h->spoke_with, sizeof(h->spoke_with));
	col_text(st, 8, h->note, sizeof(h->note));
	h->inbound = sqlite3_column_int(st, 9);
	if (import_id)
		*import_id = sqlite3_column_int64(st, 10);
}

static int sq_attempt_get_ref(struct store_tx *tx, const char *ref, struct history_attempt *out, int64_t *import_id,
			      struct error *e)
{
	GET_BY_REF(SQ(tx), stmt(SQ(tx), ST_ATTEMPT_BY_REF, e), tx->tenant, ref, e, read_attempt_ref, out, import_id);
}

static int sq_flag_import(struct store_tx *tx, struct flag_record *f, const char *ref, timestamp_t cleared_at,
			  const char *cleared_by, const char *cleared_reason, int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_FLAG_IMPORT, e);
	int64_t id = 0;
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, f->customer_id);
	bind_id(st, 3, f->contact_id);
	bind_id(st, 4, f->invoice_id);
	bind_text(st, 5, f->flag);
	bind_text(st, 6, f->detail);
	bind_text(st, 7, f->set_by);
	bind_ts(st, 8, f->set_at);
	bind_text(st, 9, f->reason);
	if (cleared_at) {
		bind_ts(st, 10, cleared_at);
		bind_text(st, 11, cleared_by);
		bind_text(st, 12, cleared_reason);
	} else {
		sqlite3_bind_null(st, 10);
		sqlite3_bind_null(st, 11);
		sqlite3_bind_null(st, 12);
	}
	bind_text(st, 13, ref);
	bind_id(st, 14, import_id);
	ret = sq_insert_step(ss, st, &id, e, "importing a flag");
	if (ret == 1)
		f->id = id;
	return ret;
}

static void read_flag_ref(sqlite3_stmt *st, struct history_flag *h, int64_t *import_id)
{
	memset(h, 0, sizeof(*h));
	col_text(st, 0, h->ref, sizeof(h->ref));
	col_text(st, 1, h->customer_ref, sizeof(h->customer_ref));
	col_text(st, 2, h->flag, sizeof(h->flag));
	col_text(st, 3, h->contact_ref, sizeof(h->contact_ref));
	col_text(st, 4, h->invoice_ref, sizeof(h->invoice_ref));
	col_text(st, 5, h->detail, sizeof(h->detail));
	col_text(st, 6, h->set_by, sizeof(h->set_by));
	col_moment(st, 7, h->set_at, sizeof(h->set_at));
	col_text(st, 8, h->reason, sizeof(h->reason));
	col_moment(st, 9, h->cleared_at, sizeof(h->cleared_at));
	col_text(st, 10, h->cleared_by, sizeof(h->cleared_by));
	col_text(st, 11, h->cleared_reason, sizeof(h->cleared_reason));
	if (import_id)
		*import_id = sqlite3_column_int64(st, 12);
}

static int sq_flag_get_ref(struct store_tx *tx, const char *ref, struct history_flag *out, int64_t *import_id,
			   struct error *e)
{
	GET_BY_REF(SQ(tx), stmt(SQ(tx), ST_FLAG_BY_REF, e), tx->tenant, ref, e, read_flag_ref, out, import_id);
}

const struct store_history_ops sq_history_ops = {
	.attempt_add = sq_attempt_add,
	.attempts_each = sq_attempts_each,
	.attempt_views_each = sq_attempt_views_each,
	.flag_add = sq_flag_add,
	.flag_clear = sq_flag_clear,
	.flags_each = sq_flags_each,
	.attempts_by_customer = sq_attempts_by_customer,
	.flags_by_customer = sq_flags_by_customer,
	.attempt_import = sq_attempt_import,
	.attempt_get_ref = sq_attempt_get_ref,
	.flag_import = sq_flag_import,
	.flag_get_ref = sq_flag_get_ref,
	.flags_by_customer_at = sq_flags_by_customer_at,
	.flags_changed_after = sq_flags_changed_after,
	.attempts_of_customers = sq_attempts_of_customers,
	.flags_of_customers = sq_flags_of_customers,
	.attempts_copy = sq_attempts_copy,
};
