/*
 * parties.c: customers, contacts, corrections and the change log on
 * PostgreSQL. The same contracts as sqlite/parties.c; every statement
 * names the tenant ($1), joins included.
 *
 * Reads that may cover a whole tenant (a list without a limit, contacts by
 * customer range) go through pg_stream(); the rest through pg_run() and
 * walk the result.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

#define CUSTOMER_COLS PG_CUSTOMER_COLS

#define CONTACT_COLS                                                                                      \
	"k.id, k.ref, k.customer_id, c.ref, k.name, k.role, k.phone, k.email, k.timezone, k.pays_bills, " \
	"k.best_time, k.notes, k.import_id"

#define CONTACT_FROM " FROM contact k JOIN customer c ON c.tenant_id = k.tenant_id AND c.id = k.customer_id "

/* The whole-tenant lists without a limit (pg_stream: text, not prepared). */
#define CUSTOMERS_ALL_SQL "SELECT " CUSTOMER_COLS " FROM customer WHERE tenant_id = $1 AND id > $2 ORDER BY id"
#define CONTACTS_ALL_SQL  "SELECT " CONTACT_COLS CONTACT_FROM "WHERE k.tenant_id = $1 AND k.id > $2 ORDER BY k.id"
/*
 * A collector's customers, through assignment_user (tenant, user, customer):
 * already in customer order. The columns are PG_CUSTOMER_COLS of c.
 */
#define CUSTOMERS_OF_USER_SQL                                                                                 \
	"SELECT c.id, c.ref, c.name, c.kind, c.country, c.timezone, c.language, c.currency, c.credit_limit, " \
	"c.email, c.phone, c.address, c.profile, c.import_id, c.tags, c.region FROM assignment a "            \
	"JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id "                              \
	"WHERE a.tenant_id = $1 AND a.user_id = $2 AND a.customer_id > $3 ORDER BY a.customer_id"
#define CONTACTS_BY_CUSTOMER_SQL                                                                          \
	"SELECT " CONTACT_COLS CONTACT_FROM "WHERE k.tenant_id = $1 AND k.customer_id BETWEEN $2 AND $3 " \
	"ORDER BY k.customer_id, k.id"

/* the change log of a range of customers, each newest first as ST_CHANGES (store_changes_by_customer) */
#define CHANGES_BY_CUSTOMER_SQL                                                           \
	"SELECT customer_id, entity, ref, field, old_value, new_value, changed_by, "      \
	"extract(epoch from changed_at)::bigint FROM record_change WHERE tenant_id = $1 " \
	"AND customer_id BETWEEN $2 AND $3 ORDER BY customer_id, id DESC"

enum stmt_id {
	ST_CUSTOMER_INSERT,
	ST_CUSTOMER_GET,
	ST_CUSTOMER_FIND,
	ST_CUSTOMER_BY_ID,
	ST_CUSTOMERS_PAGE,
	ST_TENANT_HAS_DATA,
	ST_CONTACT_INSERT,
	ST_CONTACT_GET,
	ST_CONTACTS_PAGE,
	ST_CONTACTS_OF_CUSTOMER,
	ST_CUSTOMER_UPDATE,
	ST_CONTACT_UPDATE,
	ST_CHANGE_INSERT,
	ST_CHANGES,
	ST_CUSTOMERS_MOVE,
	ST_CONTACTS_MOVE,
	ST_CONTACTS_OF_CUSTOMERS,
	ST_CUSTOMERS_OF_USER,
	ST_COUNT
};
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_CUSTOMER_INSERT] = "INSERT INTO customer (tenant_id, ref, name, kind, country, timezone, language, "
			       "currency, credit_limit, email, phone, address, profile, import_id, tags, region) "
			       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
			       "ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING id",
	[ST_CUSTOMER_GET] = "SELECT " CUSTOMER_COLS " FROM customer WHERE tenant_id = $1 AND ref = $2",
	[ST_CUSTOMER_FIND] = "SELECT id, ref, currency FROM customer WHERE tenant_id = $1 AND ref = $2",
	[ST_CUSTOMER_BY_ID] = "SELECT " CUSTOMER_COLS " FROM customer WHERE tenant_id = $1 AND id = $2",
	[ST_CUSTOMERS_PAGE] = CUSTOMERS_ALL_SQL " LIMIT $3",
	[ST_CUSTOMERS_OF_USER] = CUSTOMERS_OF_USER_SQL " LIMIT $4",
	[ST_TENANT_HAS_DATA] = "SELECT EXISTS (SELECT 1 FROM customer WHERE tenant_id = $1)::integer",
	[ST_CONTACT_INSERT] = "INSERT INTO contact (tenant_id, ref, customer_id, name, role, phone, email, timezone, "
			      "pays_bills, best_time, notes, import_id) "
			      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
			      "ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING id",
	[ST_CONTACT_GET] = "SELECT " CONTACT_COLS CONTACT_FROM "WHERE k.tenant_id = $1 AND k.ref = $2",
	[ST_CONTACTS_PAGE] = CONTACTS_ALL_SQL " LIMIT $3",
	/* primary first: the contact whose ref is the customer's (false sorts before true) */
	[ST_CONTACTS_OF_CUSTOMER] = "SELECT " CONTACT_COLS CONTACT_FROM "WHERE k.tenant_id = $1 AND k.customer_id = $2 "
				    "ORDER BY k.ref <> c.ref, k.id",
	/*
	 * as ST_CONTACTS_OF_CUSTOMER for many customers at once, by customer ($2:
	 * their ids, ascending; $3: their refs, the caller's), each customer's
	 * contacts by a seek of contact_customer (the LATERAL ... OFFSET 0 keeps
	 * it so whatever the planner thinks of the array). With k.customer_id =
	 * ANY($2) the planner joined the customers' refs by a hash of the whole
	 * customer table (at 100,000 customers 20-29 ms a chunk of the daily
	 * run); a join of the customer rows for their refs read a customer page
	 * for each contact's customer: 3.2-3.7 ms a chunk of 478 customers with
	 * it, 1.9-2.2 ms with the refs passed (the buffers read halved).
	 */
	[ST_CONTACTS_OF_CUSTOMERS] =
		"SELECT k.id, k.ref, k.customer_id, u.ref, k.name, k.role, k.phone, k.email, k.timezone, k.pays_bills, "
		"k.best_time, k.notes, k.import_id FROM unnest($2::bigint[], $3::text[]) WITH ORDINALITY AS u(id, ref, o) "
		"CROSS JOIN LATERAL (SELECT * FROM contact x WHERE x.tenant_id = $1 AND x.customer_id = u.id OFFSET 0) k "
		"ORDER BY u.o, k.ref <> u.ref, k.id",
	[ST_CUSTOMER_UPDATE] = "UPDATE customer SET name = $3, timezone = $4, language = $5, credit_limit = $6, "
			       "email = $7, phone = $8, address = $9, profile = $10, tags = $11, region = $12 "
			       "WHERE tenant_id = $1 AND id = $2",
	[ST_CONTACT_UPDATE] = "UPDATE contact SET name = $3, role = $4, phone = $5, email = $6, timezone = $7, "
			      "pays_bills = $8, best_time = $9 WHERE tenant_id = $1 AND id = $2",
	[ST_CHANGE_INSERT] = "INSERT INTO record_change (tenant_id, customer_id, entity, ref, field, old_value, "
			     "new_value, changed_by, changed_at, import_id) "
			     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9::bigint), $10)",
	/* LIMIT NULL is no limit (a negative limit, as in SQLite) */
	[ST_CHANGES] = "SELECT customer_id, entity, ref, field, old_value, new_value, changed_by, "
		       "extract(epoch from changed_at)::bigint "
		       "FROM record_change WHERE tenant_id = $1 AND customer_id = $2 ORDER BY id DESC LIMIT $3",
	/* the staged rows in file order (pg_copy_add) */
	[ST_CUSTOMERS_MOVE] =
		"INSERT INTO customer (tenant_id, ref, name, kind, country, timezone, language, "
		"currency, credit_limit, email, phone, address, profile, import_id, tags, region) "
		"SELECT $1::bigint, r.ref, r.name, r.kind, r.country, r.timezone, r.language, r.currency, "
		"r.credit_limit, r.email, r.phone, r.address, r.profile, $2::bigint, r.tags, r.region "
		"FROM recoup_stage_customer r ORDER BY r.ord "
		"ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING ref, id",
	[ST_CONTACTS_MOVE] =
		"INSERT INTO contact (tenant_id, ref, customer_id, name, role, phone, email, timezone, "
		"pays_bills, best_time, notes, import_id) "
		"SELECT $1::bigint, r.ref, r.customer_id, r.name, r.role, r.phone, r.email, r.timezone, "
		"r.pays_bills, r.best_time, r.notes, $2::bigint FROM recoup_stage_contact r ORDER BY r.ord "
		"ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING ref, id",
};

/* The lookups an import makes while balance moves are held back (pg_int.h): they read no balance. */
const uint64_t pg_parties_balance_blind = PG_STMT_BIT(ST_CUSTOMER_GET) | PG_STMT_BIT(ST_CUSTOMER_FIND) |
					  PG_STMT_BIT(ST_CUSTOMER_BY_ID) | PG_STMT_BIT(ST_CUSTOMERS_MOVE) |
					  PG_STMT_BIT(ST_CONTACTS_MOVE);

static PGresult *run(struct store_tx *tx, enum stmt_id id, const struct pg_params *p, struct error *e)
{
	return pg_run(PG(tx), PG_PARTIES, id, stmt_sql, p, e);
}

void pg_read_customer(const PGresult *r, int i, struct customer *c, int64_t *import_id)
{
	char kind[16];
	memset(c, 0, sizeof(*c));
	c->id = pg_int(r, i, 0);
	pg_text(r, i, 1, c->ref, sizeof(c->ref));
	pg_text(r, i, 2, c->name, sizeof(c->name));
	pg_text(r, i, 3, kind, sizeof(kind));
	c->kind = strcmp(kind, "company") ? KIND_PERSON : KIND_COMPANY;
	pg_text(r, i, 4, c->country, sizeof(c->country));
	pg_text(r, i, 5, c->timezone, sizeof(c->timezone));
	pg_text(r, i, 6, c->language, sizeof(c->language));
	pg_text(r, i, 7, c->currency, sizeof(c->currency));
	c->credit_limit = pg_int(r, i, 8);
	pg_text(r, i, 9, c->email, sizeof(c->email));
	pg_text(r, i, 10, c->phone, sizeof(c->phone));
	pg_text(r, i, 11, c->address, sizeof(c->address));
	pg_text(r, i, 12, c->profile, sizeof(c->profile));
	if (import_id)
		*import_id = pg_int(r, i, 13);
	pg_text(r, i, 14, c->tags, sizeof(c->tags));
	pg_text(r, i, 15, c->region, sizeof(c->region));
}

static void read_contact(const PGresult *r, int i, struct contact *c, int64_t *import_id)
{
	memset(c, 0, sizeof(*c));
	c->id = pg_int(r, i, 0);
	pg_text(r, i, 1, c->ref, sizeof(c->ref));
	c->customer_id = pg_int(r, i, 2);
	pg_text(r, i, 3, c->customer_ref, sizeof(c->customer_ref));
	pg_text(r, i, 4, c->name, sizeof(c->name));
	pg_text(r, i, 5, c->role, sizeof(c->role));
	pg_text(r, i, 6, c->phone, sizeof(c->phone));
	pg_text(r, i, 7, c->email, sizeof(c->email));
	pg_text(r, i, 8, c->timezone, sizeof(c->timezone));
	c->pays_bills = (int)pg_int(r, i, 9);
	pg_text(r, i, 10, c->best_time, sizeof(c->best_time));
	pg_text(r, i, 11, c->notes, sizeof(c->notes));
	if (import_id)
		*import_id = pg_int(r, i, 12);
}

/* An INSERT ... ON CONFLICT DO NOTHING RETURNING id: 1 inserted (sets *id), 0 the ref existed. */
static int insert_returning(PGresult *res, int64_t *id)
{
	int inserted = PQntuples(res) == 1;
	if (inserted)
		*id = pg_int(res, 0, 0);
	PQclear(res);
	return inserted;
}

/* An UPDATE of one row (customer, contact): 1 when it touched it, 0 when none, or -ERR_ENV. */
static int update_one(struct store_tx *tx, enum stmt_id id, const struct pg_params *p, const char *what,
		      struct error *e)
{
	PGresult *res = run(tx, id, p, e);
	long n;

	if (!res) {
		error_prefix(e, "updating a %s", what);
		return -ERR_ENV;
	}
	n = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n > 0;
}

static int pg_customer_insert(struct store_tx *tx, struct customer *c, int64_t import_id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, c->ref);
	pg_param_text(&p, c->name);
	pg_param_text(&p, c->kind == KIND_COMPANY ? "company" : "person");
	pg_param_text(&p, c->country);
	pg_param_text(&p, c->timezone);
	pg_param_text(&p, c->language);
	pg_param_text(&p, c->currency);
	pg_param_int(&p, c->credit_limit);
	pg_param_text(&p, c->email);
	pg_param_text(&p, c->phone);
	pg_param_text(&p, c->address);
	pg_param_text(&p, c->profile);
	pg_param_id(&p, import_id);
	pg_param_text(&p, c->tags);
	pg_param_text(&p, c->region);
	res = run(tx, ST_CUSTOMER_INSERT, &p, e);
	if (!res) {
		error_prefix(e, "inserting a customer");
		return -ERR_ENV;
	}
	if (pg_inserted(PG(tx), PG_T_CUSTOMER, (size_t)PQntuples(res), e) < 0) {
		PQclear(res);
		return -ERR_ENV;
	}
	return insert_returning(res, &c->id);
}

/* One customer (by ref or id in `p`): 1 found, 0 not; ST_CUSTOMER_FIND reads id, ref and currency only. */
static int customer_one(struct store_tx *tx, enum stmt_id id, struct pg_params *p, struct customer *out,
			int64_t *import_id, struct error *e)
{
	PGresult *res = run(tx, id, p, e);
	int found;

	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found && id == ST_CUSTOMER_FIND) {
		memset(out, 0, sizeof(*out));
		out->id = pg_int(res, 0, 0);
		pg_text(res, 0, 1, out->ref, sizeof(out->ref));
		pg_text(res, 0, 2, out->currency, sizeof(out->currency));
	} else if (found) {
		pg_read_customer(res, 0, out, import_id);
	}
	PQclear(res);
	return found;
}

static int pg_customer_get(struct store_tx *tx, const char *ref, struct customer *out, int64_t *import_id,
			   struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, ref);
	return customer_one(tx, ST_CUSTOMER_GET, &p, out, import_id, e);
}

static int pg_customer_find(struct store_tx *tx, const char *ref, struct customer *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, ref);
	return customer_one(tx, ST_CUSTOMER_FIND, &p, out, NULL, e);
}

static int pg_customer_by_id(struct store_tx *tx, int64_t id, struct customer *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	return customer_one(tx, ST_CUSTOMER_BY_ID, &p, out, NULL, e);
}

/*
 * A page of a list (pg_list): each row passed to the callback, moving the
 * cursor. One context for customers and contacts.
 */
struct page {
	struct store_cursor *cur;
	store_customer_cb customer_cb;
	store_contact_cb contact_cb;
	void *ctx;
	int n;
};

static int page_row(void *arg, PGresult *res, int i)
{
	struct page *pg = arg;
	pg->n++;
	if (pg->customer_cb) {
		struct customer c;
		pg_read_customer(res, i, &c, NULL);
		pg->cur->after = c.id;
		return pg->customer_cb(pg->ctx, &c);
	} else {
		struct contact c;
		read_contact(res, i, &c, NULL);
		pg->cur->after = c.id;
		return pg->contact_cb(pg->ctx, &c);
	}
}

static int pg_customers_list(struct store_tx *tx, struct store_cursor *cur, store_customer_cb cb, void *ctx,
			     struct error *e)
{
	struct page pg = { .cur = cur, .customer_cb = cb, .ctx = ctx };
	int ret = pg_list(PG(tx), PG_PARTIES, ST_CUSTOMERS_PAGE, stmt_sql, CUSTOMERS_ALL_SQL, tx->tenant, cur, page_row,
			  &pg, e);
	return ret != 0 ? ret : pg.n;
}

static int pg_customers_of_user(struct store_tx *tx, int64_t user_id, struct store_cursor *cur, store_customer_cb cb,
				void *ctx, struct error *e)
{
	struct page pg = { .cur = cur, .customer_cb = cb, .ctx = ctx };
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, user_id);
	pg_param_int(&p, cur->after);
	if (cur->limit <= 0) {
		ret = pg_stream(PG(tx), CUSTOMERS_OF_USER_SQL, &p, page_row, &pg, e);
	} else {
		pg_param_int(&p, cur->limit);
		res = pg_run(PG(tx), PG_PARTIES, ST_CUSTOMERS_OF_USER, stmt_sql, &p, e);
		if (!res)
			return -ERR_ENV;
		ret = pg_each(res, page_row, &pg);
	}
	return ret != 0 ? ret : pg.n;
}

static int pg_tenant_has_data(struct store_tx *tx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	pg_param_int(&p, tx->tenant);
	res = run(tx, ST_TENANT_HAS_DATA, &p, e);
	if (!res)
		return -ERR_ENV;
	ret = pg_int(res, 0, 0) != 0;
	PQclear(res);
	return ret;
}

static int pg_contact_insert(struct store_tx *tx, struct contact *c, int64_t import_id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, c->ref);
	pg_param_int(&p, c->customer_id);
	pg_param_text(&p, c->name);
	pg_param_text(&p, c->role);
	pg_param_text(&p, c->phone);
	pg_param_text(&p, c->email);
	pg_param_text(&p, c->timezone);
	pg_param_int(&p, c->pays_bills);
	pg_param_text(&p, c->best_time);
	pg_param_text(&p, c->notes);
	pg_param_id(&p, import_id);
	res = run(tx, ST_CONTACT_INSERT, &p, e);
	if (!res) {
		error_prefix(e, "inserting a contact");
		return -ERR_ENV;
	}
	if (pg_inserted(PG(tx), PG_T_CONTACT, (size_t)PQntuples(res), e) < 0) {
		PQclear(res);
		return -ERR_ENV;
	}
	return insert_returning(res, &c->id);
}

static int pg_contact_get(struct store_tx *tx, const char *ref, struct contact *out, int64_t *import_id,
			  struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, ref);
	res = run(tx, ST_CONTACT_GET, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found)
		read_contact(res, 0, out, import_id);
	PQclear(res);
	return found;
}

static int pg_contacts_list(struct store_tx *tx, struct store_cursor *cur, store_contact_cb cb, void *ctx,
			    struct error *e)
{
	struct page pg = { .cur = cur, .contact_cb = cb, .ctx = ctx };
	int ret = pg_list(PG(tx), PG_PARTIES, ST_CONTACTS_PAGE, stmt_sql, CONTACTS_ALL_SQL, tx->tenant, cur, page_row,
			  &pg, e);
	return ret != 0 ? ret : pg.n;
}

struct contacts {
	store_contact_cb cb;
	void *ctx;
};

static int contact_row(void *arg, PGresult *res, int i)
{
	struct contacts *k = arg;
	struct contact c;
	read_contact(res, i, &c, NULL);
	return k->cb(k->ctx, &c);
}

static int pg_contacts_of_customer(struct store_tx *tx, int64_t customer_id, store_contact_cb cb, void *ctx,
				   struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct contacts k = { cb, ctx };
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	res = run(tx, ST_CONTACTS_OF_CUSTOMER, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, contact_row, &k);
}

static int pg_contacts_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_contact_cb cb,
				   void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct contacts k = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_customer);
	pg_param_int(&p, to_customer);
	return pg_stream(PG(tx), CONTACTS_BY_CUSTOMER_SQL, &p, contact_row, &k, e);
}

/* One statement for the customers far apart a daily run asks about (ids and refs as arrays), not one each. */
static int pg_contacts_of_customers(struct store_tx *tx, const int64_t *ids, const char *const *refs, size_t n,
				    store_contact_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT, refs_arr = PG_ARRAY_INIT;
	struct contacts k = { cb, ctx };
	PGresult *res = NULL;
	int ret = pg_array_ids(&arr, ids, n, e);

	if (ret == 0)
		ret = pg_array_texts(&refs_arr, refs, n, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, arr.buf);
		pg_param_text(&p, refs_arr.buf);
		res = run(tx, ST_CONTACTS_OF_CUSTOMERS, &p, e);
		ret = res ? pg_each(res, contact_row, &k) : -ERR_ENV;
	}
	pg_array_release(&arr);
	pg_array_release(&refs_arr);
	return ret;
}

static int pg_customer_update(struct store_tx *tx, const struct customer *c, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, c->id);
	pg_param_text(&p, c->name);
	pg_param_text(&p, c->timezone);
	pg_param_text(&p, c->language);
	pg_param_int(&p, c->credit_limit);
	pg_param_text(&p, c->email);
	pg_param_text(&p, c->phone);
	pg_param_text(&p, c->address);
	pg_param_text(&p, c->profile);
	pg_param_text(&p, c->tags);
	pg_param_text(&p, c->region);
	return update_one(tx, ST_CUSTOMER_UPDATE, &p, "customer", e);
}

static int pg_contact_update(struct store_tx *tx, const struct contact *c, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, c->id);
	pg_param_text(&p, c->name);
	pg_param_text(&p, c->role);
	pg_param_text(&p, c->phone);
	pg_param_text(&p, c->email);
	pg_param_text(&p, c->timezone);
	pg_param_int(&p, c->pays_bills);
	pg_param_text(&p, c->best_time);
	return update_one(tx, ST_CONTACT_UPDATE, &p, "contact", e);
}

static int pg_change_add(struct store_tx *tx, const struct change_record *c, int64_t import_id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, c->customer_id);
	pg_param_text(&p, c->entity);
	pg_param_text(&p, c->ref);
	pg_param_text(&p, c->field);
	pg_param_text(&p, c->old_value);
	pg_param_text(&p, c->new_value);
	pg_param_text(&p, c->by);
	pg_param_ts(&p, c->at);
	pg_param_id(&p, import_id);
	if (pg_exec(PG(tx), PG_PARTIES, ST_CHANGE_INSERT, stmt_sql, &p, e) < 0) {
		error_prefix(e, "recording a change");
		return -ERR_ENV;
	}
	return 0;
}

static void read_change(const PGresult *res, int i, struct change_record *c)
{
	memset(c, 0, sizeof(*c));
	c->customer_id = pg_int(res, i, 0);
	pg_text(res, i, 1, c->entity, sizeof(c->entity));
	pg_text(res, i, 2, c->ref, sizeof(c->ref));
	pg_text(res, i, 3, c->field, sizeof(c->field));
	pg_text(res, i, 4, c->old_value, sizeof(c->old_value));
	pg_text(res, i, 5, c->new_value, sizeof(c->new_value));
	pg_text(res, i, 6, c->by, sizeof(c->by));
	c->at = pg_ts(res, i, 7);
}

static int pg_changes_each(struct store_tx *tx, int64_t customer_id, int limit, store_change_cb cb, void *ctx,
			   struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct change_record *c = malloc(sizeof(*c)); /* four long text fields: not on the stack */
	PGresult *res;
	int ret = 0;

	if (!c)
		return error_set(e, ERR_ENV, "out of memory");
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	if (limit < 0)
		pg_param_null(&p);
	else
		pg_param_int(&p, limit);
	res = run(tx, ST_CHANGES, &p, e);
	if (!res) {
		free(c);
		error_prefix(e, "reading changes");
		return -ERR_ENV;
	}
	for (int i = 0; i < PQntuples(res) && ret == 0; i++) {
		read_change(res, i, c);
		ret = cb(ctx, c);
	}
	PQclear(res);
	free(c);
	return ret;
}

struct change_rows {
	store_change_cb cb;
	void *ctx;
	struct change_record *c;
};

static int on_change_row(void *ctx, PGresult *res, int i)
{
	struct change_rows *r = ctx;

	read_change(res, i, r->c);
	return r->cb(r->ctx, r->c);
}

static int pg_changes_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_change_cb cb,
				  void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct change_rows r = { cb, ctx, malloc(sizeof(*r.c)) };
	int ret;

	if (!r.c)
		return error_set(e, ERR_ENV, "out of memory");
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_customer);
	pg_param_int(&p, to_customer);
	ret = pg_stream(PG(tx), CHANGES_BY_CUSTOMER_SQL, &p, on_change_row, &r, e);
	free(r.c);
	return ret;
}

/* ---- bulk inserts (pg_copy_add) ---- */

static void stage_customer(struct pg_copy *c, const void *rec)
{
	const struct customer *cu = rec;

	pg_copy_text(c, cu->ref);
	pg_copy_text(c, cu->name);
	pg_copy_text(c, cu->kind == KIND_COMPANY ? "company" : "person");
	pg_copy_text(c, cu->country);
	pg_copy_text(c, cu->timezone);
	pg_copy_text(c, cu->language);
	pg_copy_text(c, cu->currency);
	pg_copy_int(c, cu->credit_limit);
	pg_copy_text(c, cu->email);
	pg_copy_text(c, cu->phone);
	pg_copy_text(c, cu->address);
	pg_copy_text(c, cu->profile);
	pg_copy_text(c, cu->tags);
	pg_copy_text(c, cu->region);
}

static const struct pg_copy_kind customer_kind = {
	.table = PG_T_CUSTOMER,
	.create_sql = "CREATE TEMP TABLE recoup_stage_customer (ord integer, ref text, name text, kind text, "
		      "country text, timezone text, language text, currency text, credit_limit bigint, email text, "
		      "phone text, address text, profile text, tags text, region text) ON COMMIT DROP",
	.copy_sql = "COPY recoup_stage_customer FROM STDIN",
	.truncate_sql = "TRUNCATE recoup_stage_customer",
	.agg = PG_PARTIES,
	.move_id = ST_CUSTOMERS_MOVE,
	.sql = stmt_sql,
	.stride = sizeof(struct customer),
	.ref_offset = offsetof(struct customer, ref),
	.id_offset = offsetof(struct customer, id),
	.row = stage_customer,
};

static void stage_contact(struct pg_copy *c, const void *rec)
{
	const struct contact *k = rec;

	pg_copy_text(c, k->ref);
	pg_copy_int(c, k->customer_id);
	pg_copy_text(c, k->name);
	pg_copy_text(c, k->role);
	pg_copy_text(c, k->phone);
	pg_copy_text(c, k->email);
	pg_copy_text(c, k->timezone);
	pg_copy_int(c, k->pays_bills);
	pg_copy_text(c, k->best_time);
	pg_copy_text(c, k->notes);
}

static const struct pg_copy_kind contact_kind = {
	.table = PG_T_CONTACT,
	.create_sql = "CREATE TEMP TABLE recoup_stage_contact (ord integer, ref text, customer_id bigint, name text, "
		      "role text, phone text, email text, timezone text, pays_bills integer, best_time text, "
		      "notes text) ON COMMIT DROP",
	.copy_sql = "COPY recoup_stage_contact FROM STDIN",
	.truncate_sql = "TRUNCATE recoup_stage_contact",
	.agg = PG_PARTIES,
	.move_id = ST_CONTACTS_MOVE,
	.sql = stmt_sql,
	.stride = sizeof(struct contact),
	.ref_offset = offsetof(struct contact, ref),
	.id_offset = offsetof(struct contact, id),
	.row = stage_contact,
};

static int pg_customers_add(struct store_tx *tx, struct customer *cs, size_t n, int64_t import_id, unsigned char *added,
			    struct error *e)
{
	return pg_copy_add(tx, &customer_kind, cs, n, 1, import_id, added, e);
}

static int pg_contacts_add(struct store_tx *tx, struct contact *cs, size_t n, int64_t import_id, unsigned char *added,
			   struct error *e)
{
	return pg_copy_add(tx, &contact_kind, cs, n, 1, import_id, added, e);
}

const struct store_parties_ops pg_parties_ops = {
	.customer_insert = pg_customer_insert,
	.customer_get = pg_customer_get,
	.customer_find = pg_customer_find,
	.customer_by_id = pg_customer_by_id,
	.customers_list = pg_customers_list,
	.tenant_has_data = pg_tenant_has_data,
	.contact_insert = pg_contact_insert,
	.contact_get = pg_contact_get,
	.contacts_list = pg_contacts_list,
	.contacts_of_customer = pg_contacts_of_customer,
	.contacts_by_customer = pg_contacts_by_customer,
	.customer_update = pg_customer_update,
	.contact_update = pg_contact_update,
	.change_add = pg_change_add,
	.changes_each = pg_changes_each,
	.customers_add = pg_customers_add,
	.contacts_add = pg_contacts_add,
	.contacts_of_customers = pg_contacts_of_customers,
	.customers_of_user = pg_customers_of_user,
	.changes_by_customer = pg_changes_by_customer,
};
