/*
 * parties.c: customers, contacts, corrections and the change log.
 */
#include "store/sqlite/sqlite_int.h"

#define CUSTOMER_COLS SQ_CUSTOMER_COLS

#define CONTACT_COLS                                                                        \
	"k.id, k.ref, k.customer_id, c.ref, k.name, k.role, k.phone, k.email, k.timezone, " \
	"k.pays_bills, k.best_time, k.notes, k.import_id"

enum stmt_id {
	ST_CUSTOMER_INSERT,
	ST_CUSTOMER_GET,
	ST_CUSTOMER_FIND,
	ST_CUSTOMER_BY_ID,
	ST_CUSTOMERS_ALL,
	ST_TENANT_HAS_DATA,
	ST_CONTACT_INSERT,
	ST_CONTACT_GET,
	ST_CONTACTS_ALL,
	ST_CONTACTS_OF_CUSTOMER,
	ST_CONTACTS_BY_CUSTOMER,
	ST_CUSTOMER_UPDATE,
	ST_CONTACT_UPDATE,
	ST_CHANGE_INSERT,
	ST_CHANGES,
	ST_CONTACTS_OF_ONE,
	ST_CUSTOMERS_OF_USER,
	ST_CHANGES_BY_CUSTOMER,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_CUSTOMER_INSERT] =
		"INSERT INTO customer(tenant_id, ref, name, kind, country, timezone, language, currency, "
		"credit_limit, email, phone, address, profile, import_id, tags, region) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
		"ON CONFLICT (tenant_id, ref) DO NOTHING",
	[ST_CUSTOMER_GET] = "SELECT " CUSTOMER_COLS " FROM customer WHERE tenant_id = ?1 AND ref = ?2",
	[ST_CUSTOMER_FIND] = "SELECT id, ref, currency FROM customer WHERE tenant_id = ?1 AND ref = ?2",
	[ST_CUSTOMER_BY_ID] = "SELECT " CUSTOMER_COLS " FROM customer WHERE tenant_id = ?1 AND id = ?2",
	/*
	 * Whole-tenant lists say "+x.tenant_id": the unary plus keeps SQLite
	 * from reaching for the (tenant_id, ref) index, which would return rows
	 * in ref order and make "ORDER BY id" sort the whole table in memory.
	 * A range scan in rowid order (id > ?2) streams with no sort.
	 */
	[ST_CUSTOMERS_ALL] = "SELECT " CUSTOMER_COLS
			     " FROM customer WHERE +tenant_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
	[ST_TENANT_HAS_DATA] = "SELECT EXISTS (SELECT 1 FROM customer WHERE tenant_id = ?1)",
	[ST_CONTACT_INSERT] = "INSERT INTO contact(tenant_id, ref, customer_id, name, role, phone, email, timezone, "
			      "pays_bills, best_time, notes, import_id) "
			      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
			      "ON CONFLICT (tenant_id, ref) DO NOTHING",
	[ST_CONTACT_GET] = "SELECT " CONTACT_COLS " FROM contact k JOIN customer c ON c.id = k.customer_id "
			   "WHERE k.tenant_id = ?1 AND k.ref = ?2",
	[ST_CONTACTS_ALL] = "SELECT " CONTACT_COLS " FROM contact k JOIN customer c ON c.id = k.customer_id "
			    "WHERE +k.tenant_id = ?1 AND k.id > ?2 ORDER BY k.id LIMIT ?3",
	[ST_CONTACTS_OF_CUSTOMER] = "SELECT " CONTACT_COLS " FROM contact k JOIN customer c ON c.id = k.customer_id "
				    "WHERE k.tenant_id = ?1 AND k.customer_id = ?2 ORDER BY k.ref <> c.ref, k.id",
	/*
	 * The same rows in the index's order (no sort: a temporary b-tree per
	 * customer was 30,000 instructions a customer, 5% of a next day's run),
	 * with what the order above sorts on first; sq_contacts_of_customers
	 * puts them in that order.
	 */
	[ST_CONTACTS_OF_ONE] = "SELECT k.id, k.ref, k.customer_id, ?3, k.name, k.role, k.phone, k.email, k.timezone, "
			       "k.pays_bills, k.best_time, k.notes, k.import_id, k.ref <> ?3 FROM contact k "
			       "WHERE k.tenant_id = ?1 AND k.customer_id = ?2 ORDER BY k.id",
	/* through contact_customer(customer_id): a range scan already in customer order */
	[ST_CONTACTS_BY_CUSTOMER] = "SELECT " CONTACT_COLS " FROM contact k JOIN customer c ON c.id = k.customer_id "
				    "WHERE k.tenant_id = ?1 AND k.customer_id BETWEEN ?2 AND ?3 "
				    "ORDER BY k.customer_id, k.id",
	[ST_CUSTOMER_UPDATE] = "UPDATE customer SET name = ?3, timezone = ?4, language = ?5, credit_limit = ?6, "
			       "email = ?7, phone = ?8, address = ?9, profile = ?10, tags = ?11, region = ?12 "
			       "WHERE tenant_id = ?1 AND id = ?2",
	[ST_CONTACT_UPDATE] = "UPDATE contact SET name = ?3, role = ?4, phone = ?5, email = ?6, timezone = ?7, "
			      "pays_bills = ?8, best_time = ?9 WHERE tenant_id = ?1 AND id = ?2",
	[ST_CHANGE_INSERT] = "INSERT INTO record_change(tenant_id, customer_id, entity, ref, field, old_value, "
			     "new_value, changed_by, changed_at, import_id) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_CHANGES] = "SELECT customer_id, entity, ref, field, old_value, new_value, changed_by, changed_at "
		       "FROM record_change WHERE tenant_id = ?1 AND customer_id = ?2 ORDER BY id DESC LIMIT ?3",
	/*
	 * A collector's customers: a range scan of assignment_user (tenant,
	 * user, customer), already in customer order, then each customer by
	 * its rowid. The columns are SQ_CUSTOMER_COLS of c.
	 */
	[ST_CUSTOMERS_OF_USER] =
		"SELECT c.id, c.ref, c.name, c.kind, c.country, c.timezone, c.language, c.currency, "
		"c.credit_limit, c.email, c.phone, c.address, c.profile, c.import_id, c.tags, c.region "
		"FROM assignment a JOIN customer c ON c.id = a.customer_id "
		"WHERE a.tenant_id = ?1 AND a.user_id = ?2 AND a.customer_id > ?3 AND c.tenant_id = ?1 "
		"ORDER BY a.customer_id LIMIT ?4",
	[ST_CHANGES_BY_CUSTOMER] =
		"SELECT customer_id, entity, ref, field, old_value, new_value, changed_by, changed_at "
		"FROM record_change WHERE tenant_id = ?1 AND customer_id BETWEEN ?2 AND ?3 "
		"ORDER BY customer_id, id DESC",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_PARTIES, id, stmt_sql, e);
}

static int sq_customer_insert(struct store_tx *tx, struct customer *c, int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMER_INSERT, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
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
	bind_text(st, 15, c->tags);
	bind_text(st, 16, c->region);
	ret = sq_insert_step(ss, st, &c->id, e, "inserting a customer");
	if (ret == 1)
		sq_watch_customer_added(ss, tx->tenant, c->id);
	return ret;
}

void sq_read_customer(sqlite3_stmt *st, struct customer *c, int64_t *import_id)
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
	col_text(st, 14, c->tags, sizeof(c->tags));
	col_text(st, 15, c->region, sizeof(c->region));
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

static int sq_customer_get(struct store_tx *tx, const char *ref, struct customer *out, int64_t *import_id,
			   struct error *e)
{
	GET_BY_REF(SQ(tx), stmt(SQ(tx), ST_CUSTOMER_GET, e), tx->tenant, ref, e, sq_read_customer, out, import_id);
}

static void read_customer_key(sqlite3_stmt *st, struct customer *c, int64_t *unused)
{
	(void)unused;
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, c->ref, sizeof(c->ref));
	col_text(st, 2, c->currency, sizeof(c->currency));
}

static int sq_customer_find(struct store_tx *tx, const char *ref, struct customer *out, struct error *e)
{
	GET_BY_REF(SQ(tx), stmt(SQ(tx), ST_CUSTOMER_FIND, e), tx->tenant, ref, e, read_customer_key, out, NULL);
}

static int sq_customer_by_id(struct store_tx *tx, int64_t id, struct customer *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMER_BY_ID, e);
	int rc;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		sq_read_customer(st, out, NULL);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading a customer");
}

static int sq_customers_list(struct store_tx *tx, struct store_cursor *cur, store_customer_cb cb, void *ctx,
			     struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMERS_ALL, e);
	struct customer rec;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_cursor(st, 2, 3, cur);
	EACH_OF_PAGE(ss, st, e, cur, rec, sq_read_customer);
}

static int sq_customers_of_user(struct store_tx *tx, int64_t user_id, struct store_cursor *cur, store_customer_cb cb,
				void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMERS_OF_USER, e);
	struct customer rec;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, user_id);
	bind_cursor(st, 3, 4, cur);
	EACH_OF_PAGE(ss, st, e, cur, rec, sq_read_customer);
}

static int sq_tenant_has_data(struct store_tx *tx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_TENANT_HAS_DATA, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_db_error(ss, e, "reading");
	}
	ret = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return ret;
}

static int sq_contact_insert(struct store_tx *tx, struct contact *c, int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CONTACT_INSERT, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
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
	ret = sq_insert_step(ss, st, &c->id, e, "inserting a contact");
	if (ret == 1) {
		int marked = sq_watch_mark_contact(ss, tx->tenant, c->customer_id, e);
		if (marked < 0)
			return marked;
	}
	return ret;
}

static int sq_contact_get(struct store_tx *tx, const char *ref, struct contact *out, int64_t *import_id,
			  struct error *e)
{
	GET_BY_REF(SQ(tx), stmt(SQ(tx), ST_CONTACT_GET, e), tx->tenant, ref, e, read_contact, out, import_id);
}

static int sq_contacts_list(struct store_tx *tx, struct store_cursor *cur, store_contact_cb cb, void *ctx,
			    struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CONTACTS_ALL, e);
	struct contact rec;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_cursor(st, 2, 3, cur);
	EACH_OF_PAGE(ss, st, e, cur, rec, read_contact);
}

/* Passes each contact row of a bound statement to cb. */
static int each_contact(struct sqlite_store *ss, sqlite3_stmt *st, store_contact_cb cb, void *ctx, struct error *e)
{
	struct contact c;
	EACH_ROW(ss, st, e, {
		read_contact(st, &c, NULL);
		stop_ = cb(ctx, &c);
	});
	return 0;
}

static int sq_contacts_of_customer(struct store_tx *tx, int64_t customer_id, store_contact_cb cb, void *ctx,
				   struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CONTACTS_OF_CUSTOMER, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	return each_contact(ss, st, cb, ctx, e);
}

static int sq_contacts_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_contact_cb cb,
				   void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CONTACTS_BY_CUSTOMER, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_customer);
	sqlite3_bind_int64(st, 3, to_customer);
	return each_contact(ss, st, cb, ctx, e);
}

/*
 * SQLite: a lookup by key costs no round trip; the batch is the loop (the
 * order of `ids`, ascending). The customer's ref is the caller's (?3), not
 * its row's: ST_CONTACTS_OF_ONE reads the contact index and rows alone.
 */
static int sq_contacts_of_customers(struct store_tx *tx, const int64_t *ids, const char *const *refs, size_t n,
				    store_contact_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	struct contact *rows = NULL;
	unsigned char *other = NULL; /* k.ref <> c.ref: ST_CONTACTS_OF_CUSTOMER's first sort key */
	size_t cap = 0;
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; i++) {
		sqlite3_stmt *st = stmt(ss, ST_CONTACTS_OF_ONE, e);
		size_t m = 0;
		int rc;
		if (!st) {
			ret = -ERR_ENV;
			break;
		}
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, ids[i]);
		bind_text(st, 3, refs[i]);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (m == cap) {
				size_t c2 = cap ? cap * 2 : 8;
				struct contact *r2 = realloc(rows, c2 * sizeof(*rows));
				unsigned char *o2 = r2 ? realloc(other, c2) : NULL;
				if (r2)
					rows = r2;
				if (o2)
					other = o2;
				if (!r2 || !o2) {
					rc = SQLITE_NOMEM;
					break;
				}
				cap = c2;
			}
			read_contact(st, &rows[m], NULL);
			other[m++] = sqlite3_column_int(st, 13) != 0;
		}
		sqlite3_reset(st);
		if (rc == SQLITE_NOMEM) {
			ret = error_set(e, ERR_ENV, "out of memory");
			break;
		}
		if (rc != SQLITE_DONE) {
			ret = sq_db_error(ss, e, "reading");
			break;
		}
		/* ST_CONTACTS_OF_CUSTOMER's order: the contact with the customer's ref first, then by id */
		for (int pass = 0; pass < 2 && ret == 0; pass++)
			for (size_t j = 0; j < m && ret == 0; j++)
				if (other[j] == pass)
					ret = cb(ctx, &rows[j]);
	}
	free(rows);
	free(other);
	return ret;
}

static int sq_customer_update(struct store_tx *tx, const struct customer *c, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CUSTOMER_UPDATE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, c->id);
	bind_text(st, 3, c->name);
	bind_text(st, 4, c->timezone);
	bind_text(st, 5, c->language);
	sqlite3_bind_int64(st, 6, c->credit_limit);
	bind_text(st, 7, c->email);
	bind_text(st, 8, c->phone);
	bind_text(st, 9, c->address);
	bind_text(st, 10, c->profile);
	bind_text(st, 11, c->tags);
	bind_text(st, 12, c->region);
	return sq_update_step(ss, st, e, "updating a customer");
}

static int sq_contact_update(struct store_tx *tx, const struct contact *c, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CONTACT_UPDATE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, c->id);
	bind_text(st, 3, c->name);
	bind_text(st, 4, c->role);
	bind_text(st, 5, c->phone);
	bind_text(st, 6, c->email);
	bind_text(st, 7, c->timezone);
	sqlite3_bind_int(st, 8, c->pays_bills);
	bind_text(st, 9, c->best_time);
	return sq_update_step(ss, st, e, "updating a contact");
}

static int sq_change_add(struct store_tx *tx, const struct change_record *c, int64_t import_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CHANGE_INSERT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, c->customer_id);
	bind_text(st, 3, c->entity);
	bind_text(st, 4, c->ref);
	bind_text(st, 5, c->field);
	bind_text(st, 6, c->old_value);
	bind_text(st, 7, c->new_value);
	bind_text(st, 8, c->by);
	bind_ts(st, 9, c->at);
	bind_id(st, 10, import_id);
	return sq_exec_step(ss, st, e, "recording a change");
}

static void read_change(sqlite3_stmt *st, struct change_record *c)
{
	memset(c, 0, sizeof(*c));
	c->customer_id = sqlite3_column_int64(st, 0);
	col_text(st, 1, c->entity, sizeof(c->entity));
	col_text(st, 2, c->ref, sizeof(c->ref));
	col_text(st, 3, c->field, sizeof(c->field));
	col_text(st, 4, c->old_value, sizeof(c->old_value));
	col_text(st, 5, c->new_value, sizeof(c->new_value));
	col_text(st, 6, c->by, sizeof(c->by));
	c->at = col_ts(st, 7);
}

static int sq_changes_each(struct store_tx *tx, int64_t customer_id, int limit, store_change_cb cb, void *ctx,
			   struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CHANGES, e);
	struct change_record c;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	sqlite3_bind_int(st, 3, limit);
	EACH_ROW(ss, st, e, {
		read_change(st, &c);
		stop_ = cb(ctx, &c);
	});
	return 0;
}

static int sq_changes_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_change_cb cb,
				  void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CHANGES_BY_CUSTOMER, e);
	struct change_record c;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_customer);
	sqlite3_bind_int64(st, 3, to_customer);
	EACH_ROW(ss, st, e, {
		read_change(st, &c);
		stop_ = cb(ctx, &c);
	});
	return 0;
}

/*
 * The batch calls are the single inserts in a loop: a statement costs no
 * round trip here, and each row's outcome is known at once.
 */
static int sq_customers_add(struct store_tx *tx, struct customer *cs, size_t n, int64_t import_id, unsigned char *added,
			    struct error *e)
{
	int total = 0;

	for (size_t i = 0; i < n; i++) {
		int ret = sq_customer_insert(tx, &cs[i], import_id, e);
		if (ret < 0)
			return ret;
		added[i] = (unsigned char)ret;
		total += ret;
	}
	return total;
}

static int sq_contacts_add(struct store_tx *tx, struct contact *cs, size_t n, int64_t import_id, unsigned char *added,
			   struct error *e)
{
	int total = 0;

	for (size_t i = 0; i < n; i++) {
		int ret = sq_contact_insert(tx, &cs[i], import_id, e);
		if (ret < 0)
			return ret;
		added[i] = (unsigned char)ret;
		total += ret;
	}
	return total;
}

const struct store_parties_ops sq_parties_ops = {
	.customer_insert = sq_customer_insert,
	.customer_get = sq_customer_get,
	.customer_find = sq_customer_find,
	.customer_by_id = sq_customer_by_id,
	.customers_list = sq_customers_list,
	.tenant_has_data = sq_tenant_has_data,
	.contact_insert = sq_contact_insert,
	.contact_get = sq_contact_get,
	.contacts_list = sq_contacts_list,
	.contacts_of_customer = sq_contacts_of_customer,
	.contacts_by_customer = sq_contacts_by_customer,
	.customer_update = sq_customer_update,
	.contact_update = sq_contact_update,
	.change_add = sq_change_add,
	.changes_each = sq_changes_each,
	.customers_add = sq_customers_add,
	.contacts_add = sq_contacts_add,
	.contacts_of_customers = sq_contacts_of_customers,
	.customers_of_user = sq_customers_of_user,
	.changes_by_customer = sq_changes_by_customer,
};
