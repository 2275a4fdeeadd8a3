/*
 * history.c: contact attempts and flags (PostgreSQL).
 *
 * The same contract as sqlite/history.c (store/history.h), with these
 * differences of means, not of results:
 *
 * - The link table attempt_invoice carries tenant_id and is written with
 *   the tenant of the statement; an attempt and the debts it names are one
 *   statement (a data-modifying WITH), so recording a contact is one round
 *   trip however many invoices it names. As on SQLite, an invoice id that
 *   is not the tenant's is skipped, not refused.
 * - An attempt's invoices come back in the same statement as the attempt
 *   (one row per attempt and invoice, the rows of an attempt consecutive,
 *   invoices in id order): store_attempts_each and
 *   store_attempts_by_customer share the reader, and neither runs a
 *   statement per attempt.
 * - Joins name the tenant on both sides (k.tenant_id = a.tenant_id), and
 *   subqueries name it as $1, so each statement stays on the tenant's
 *   shard of a distributed database (t0430).
 * - Refs are ordered with COLLATE "C" (byte order, as SQLite's BINARY),
 *   whatever the database's locale.
 *
 * Reads of one customer (attempts, views, flags) are small and use
 * pg_run(); the reads of a customer range may cover a whole tenant and go
 * through pg_stream().
 */
#include <stdlib.h>
#include <string.h>

#include "core/channel.h"
#include "store/postgres/pg_int.h"

enum stmt_id {
	ST_ATTEMPT_INSERT,
	ST_ATTEMPTS,
	ST_ATTEMPT_VIEWS,
	ST_FLAG_INSERT,
	ST_FLAG_CLEAR,
	ST_FLAGS,
	ST_ATTEMPT_IMPORT,
	ST_ATTEMPT_BY_REF,
	ST_FLAG_IMPORT,
	ST_FLAG_BY_REF,
	ST_FLAGS_CHANGED_AFTER,
	ST_ATTEMPTS_OF_CUSTOMERS,
	ST_FLAGS_OF_CUSTOMERS,
	ST_FLAGS_OF_CUSTOMERS_AT,
	ST_ATTEMPTS_COPY,
	ST_COUNT
};
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

/* Columns 0..11 of an attempt row (ATTEMPT_COLS), read by attempt_row. */
#define ATTEMPT_COLS                                                                                         \
	"a.id, extract(epoch from a.at)::bigint, a.channel, a.contact_id, a.address, a.outcome, a.inbound, " \
	"a.conversation, a.all_invoices, a.customer_id, x.invoice_id, extract(epoch from a.callback_at)::bigint"
#define ATTEMPT_FROM                                                                           \
	"FROM contact_attempt a LEFT JOIN attempt_invoice x ON x.tenant_id = a.tenant_id AND " \
	"x.attempt_id = a.id AND a.all_invoices = 0 "

#define FLAG_COLS                                                                                                 \
	"f.id, f.customer_id, COALESCE(f.contact_id, 0), COALESCE(f.invoice_id, 0), f.flag, f.detail, f.set_by, " \
	"extract(epoch from f.set_at)::bigint, f.reason, COALESCE(k.ref, ''), COALESCE(i.ref, '') "               \
	"FROM customer_flag f LEFT JOIN contact k ON k.tenant_id = f.tenant_id AND k.id = f.contact_id "          \
	"LEFT JOIN invoice i ON i.tenant_id = f.tenant_id AND i.id = f.invoice_id "

/* The reads of a customer range, run through pg_stream() (SQL text, not prepared). */
static const char attempts_by_customer_sql[] =
	"SELECT " ATTEMPT_COLS " " ATTEMPT_FROM
	"WHERE a.tenant_id = $1 AND a.customer_id BETWEEN $2 AND $3 AND a.at >= to_timestamp($4::bigint) "
	"ORDER BY a.customer_id, a.at, a.id, x.invoice_id";
static const char flags_by_customer_sql[] =
	"SELECT " FLAG_COLS "WHERE f.tenant_id = $1 AND f.customer_id BETWEEN $2 AND $3 AND f.cleared_at IS NULL "
	"ORDER BY f.customer_id, f.id";
/* as known at $4: no index serves the cleared flags (store/history.h) */
static const char flags_by_customer_at_sql[] =
	"SELECT " FLAG_COLS "WHERE f.tenant_id = $1 AND f.customer_id BETWEEN $2 AND $3 "
	"AND f.set_at <= to_timestamp($4::bigint) AND (f.cleared_at IS NULL OR f.cleared_at > to_timestamp($4::bigint)) "
	"ORDER BY f.customer_id, f.id";

static const char *const stmt_sql[ST_COUNT] = {
	/*
	 * The attempt and the debts it names in one statement: $13 is the
	 * invoice ids as an array literal ('{}' when about every debt), $14
	 * the rule that refused it ('' none).
	 */
	[ST_ATTEMPT_INSERT] =
		"WITH a AS (INSERT INTO contact_attempt(tenant_id, customer_id, contact_id, at, channel, address, "
		"outcome, inbound, conversation, all_invoices, spoke_with, note, rules_breach) "
		"VALUES ($1, $2, $3, to_timestamp($4::bigint), $5, $6, $7, $8, $9, $10, $11, $12, $14) RETURNING id), "
		"x AS (INSERT INTO attempt_invoice(tenant_id, attempt_id, invoice_id) "
		"SELECT $1, a.id, i.id FROM a JOIN invoice i ON i.tenant_id = $1 AND i.id = ANY($13::bigint[]) "
		"ON CONFLICT DO NOTHING) "
		"SELECT id FROM a",
	[ST_ATTEMPTS] = "SELECT " ATTEMPT_COLS " " ATTEMPT_FROM
			"WHERE a.tenant_id = $1 AND a.customer_id = $2 AND a.at >= to_timestamp($3::bigint) "
			"ORDER BY a.at, a.id, x.invoice_id",
	[ST_ATTEMPT_VIEWS] =
		"SELECT a.id, extract(epoch from a.at)::bigint, a.channel, a.contact_id, a.address, a.outcome, "
		"a.inbound, a.conversation, a.all_invoices, k.ref, a.spoke_with, a.note, "
		"(SELECT COALESCE(string_agg(i.ref, ',' ORDER BY i.ref COLLATE \"C\"), '') "
		"FROM attempt_invoice x JOIN invoice i ON i.tenant_id = x.tenant_id AND i.id = x.invoice_id "
		/* $1, not a.tenant_id: a correlated tenant cannot prune attempt_invoice and invoice (t0430) */
		"WHERE x.tenant_id = $1 AND x.attempt_id = a.id), a.rules_breach, COALESCE(a.logged_by, ''), "
		"extract(epoch from a.callback_at)::bigint "
		"FROM contact_attempt a JOIN contact k ON k.tenant_id = a.tenant_id AND k.id = a.contact_id "
		"WHERE a.tenant_id = $1 AND a.customer_id = $2 ORDER BY a.at, a.id",
	[ST_FLAG_INSERT] = "INSERT INTO customer_flag(tenant_id, customer_id, contact_id, invoice_id, flag, detail, "
			   "set_by, set_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8::bigint), $9) "
			   "RETURNING id",
	[ST_FLAG_CLEAR] = "UPDATE customer_flag SET cleared_at = to_timestamp($7::bigint), cleared_by = $8, "
			  "cleared_reason = $9 "
			  "WHERE tenant_id = $1 AND customer_id = $2 AND flag = $3 AND COALESCE(contact_id, 0) = $4 "
			  "AND COALESCE(invoice_id, 0) = $5 AND detail = $6 AND cleared_at IS NULL",
	[ST_FLAGS] = "SELECT " FLAG_COLS "WHERE f.tenant_id = $1 AND f.customer_id = $2 AND f.cleared_at IS NULL "
		     "ORDER BY f.id",
	/* as ST_ATTEMPT_INSERT, keyed by the file's ref: nothing when it is stored */
	[ST_ATTEMPT_IMPORT] =
		"WITH a AS (INSERT INTO contact_attempt(tenant_id, customer_id, contact_id, at, channel, address, "
		"outcome, inbound, conversation, all_invoices, spoke_with, note, ref, import_id) "
		"VALUES ($1, $2, $3, to_timestamp($4::bigint), $5, $6, $7, $8, $9, $10, $11, $12, $14, $15) "
		"ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING id), "
		"x AS (INSERT INTO attempt_invoice(tenant_id, attempt_id, invoice_id) "
		"SELECT $1, a.id, i.id FROM a JOIN invoice i ON i.tenant_id = $1 AND i.id = ANY($13::bigint[]) "
		"ON CONFLICT DO NOTHING) "
		"SELECT id FROM a",
	[ST_ATTEMPT_BY_REF] =
		"SELECT a.ref, k.ref, extract(epoch from a.at)::bigint, a.channel, a.outcome, CASE WHEN "
		"a.all_invoices <> 0 THEN '' ELSE COALESCE((SELECT min(i.ref COLLATE \"C\") FROM attempt_invoice x "
		"JOIN invoice i ON i.tenant_id = x.tenant_id AND i.id = x.invoice_id "
		"WHERE x.tenant_id = $1 AND x.attempt_id = a.id), '') END, "
		"a.address, a.spoke_with, a.note, a.inbound, COALESCE(a.import_id, 0) "
		"FROM contact_attempt a JOIN contact k ON k.tenant_id = a.tenant_id AND k.id = a.contact_id "
		"WHERE a.tenant_id = $1 AND a.ref = $2",
	[ST_FLAG_IMPORT] = "INSERT INTO customer_flag(tenant_id, customer_id, contact_id, invoice_id, flag, detail, "
			   "set_by, set_at, reason, cleared_at, cleared_by, cleared_reason, ref, import_id) "
			   "VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8::bigint), $9, "
			   "to_timestamp($10::bigint), $11, $12, $13, $14) "
			   "ON CONFLICT (tenant_id, ref) DO NOTHING RETURNING id",
	[ST_FLAG_BY_REF] = "SELECT f.ref, c.ref, f.flag, COALESCE(k.ref, ''), COALESCE(i.ref, ''), f.detail, f.set_by, "
			   "extract(epoch from f.set_at)::bigint, f.reason, extract(epoch from f.cleared_at)::bigint, "
			   "COALESCE(f.cleared_by, ''), COALESCE(f.cleared_reason, ''), COALESCE(f.import_id, 0) "
			   "FROM customer_flag f JOIN customer c ON c.tenant_id = f.tenant_id AND c.id = f.customer_id "
			   "LEFT JOIN contact k ON k.tenant_id = f.tenant_id AND k.id = f.contact_id "
			   "LEFT JOIN invoice i ON i.tenant_id = f.tenant_id AND i.id = f.invoice_id "
			   "WHERE f.tenant_id = $1 AND f.ref = $2",
	[ST_FLAGS_CHANGED_AFTER] =
		"SELECT 1 FROM customer_flag WHERE tenant_id = $1 "
		"AND (set_at > to_timestamp($2::bigint) OR cleared_at > to_timestamp($2::bigint)) LIMIT 1",
	/*
	 * The reads of customers far apart a daily run asks about ($2: their
	 * ids as an array), one statement for them all, as the range reads
	 */
	[ST_ATTEMPTS_OF_CUSTOMERS] =
		"SELECT " ATTEMPT_COLS " " ATTEMPT_FROM
		"WHERE a.tenant_id = $1 AND a.customer_id = ANY($2::bigint[]) AND a.at >= to_timestamp($3::bigint) "
		"ORDER BY a.customer_id, a.at, a.id, x.invoice_id",
	[ST_FLAGS_OF_CUSTOMERS] =
		"SELECT " FLAG_COLS
		"WHERE f.tenant_id = $1 AND f.customer_id = ANY($2::bigint[]) AND f.cleared_at IS NULL "
		"ORDER BY f.customer_id, f.id",
	[ST_FLAGS_OF_CUSTOMERS_AT] =
		"SELECT " FLAG_COLS "WHERE f.tenant_id = $1 AND f.customer_id = ANY($2::bigint[]) "
		"AND f.set_at <= to_timestamp($3::bigint) AND (f.cleared_at IS NULL OR f.cleared_at > to_timestamp($3::bigint)) "
		"ORDER BY f.customer_id, f.id",
	/*
	 * The attempts staged by pg_attempts_copy, in their order (their ids
	 * follow it, so the n-th id is the n-th row's), and their invoices as
	 * ST_ATTEMPT_INSERT writes them; then how many attempts were written.
	 */
	[ST_ATTEMPTS_COPY] =
		"WITH a AS (INSERT INTO contact_attempt(tenant_id, customer_id, contact_id, at, channel, address, "
		"outcome, inbound, conversation, all_invoices, spoke_with, note, rules_breach, logged_by, callback_at) "
		"SELECT $1::bigint, r.customer_id, r.contact_id, to_timestamp(r.at), r.channel, r.address, r.outcome, "
		"r.inbound, r.conversation, r.all_invoices, r.spoke_with, r.note, r.rules_breach, "
		"NULLIF(r.logged_by, ''), to_timestamp(r.callback_at) FROM recoup_stage_attempt r ORDER BY r.ord "
		"RETURNING id), "
		"m AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS ord FROM a), "
		"x AS (INSERT INTO attempt_invoice(tenant_id, attempt_id, invoice_id) "
		"SELECT $1::bigint, m.id, i.id FROM m JOIN recoup_stage_attempt r ON r.ord = m.ord "
		"CROSS JOIN LATERAL unnest(r.invoice_ids) AS v(id) "
		"JOIN invoice i ON i.tenant_id = $1 AND i.id = v.id ON CONFLICT DO NOTHING) "
		"SELECT count(*) FROM m",
};

/*
 * Gathers the rows of ATTEMPT_COLS into attempts: the rows of one attempt
 * are consecutive, so an attempt is passed on when the next one starts
 * (and by attempts_end after the last row).
 */
struct attempt_reader {
	struct contact_attempt a;
	int64_t id;
	int64_t customer_id;
	int have;
	int too_many;
	store_attempt_cb one;                  /* store_attempts_each */
	store_customer_attempt_cb by_customer; /* store_attempts_by_customer */
	void *ctx;
};

static int attempt_pass(struct attempt_reader *r)
{
	if (r->one)
		return r->one(r->ctx, &r->a);
	return r->by_customer(r->ctx, r->customer_id, &r->a);
}

static int attempt_row(void *ctx, PGresult *res, int i)
{
	struct attempt_reader *r = ctx;
	char text[SHORT_MAX + 1];
	int stop;

	if (!r->have || pg_int(res, i, 0) != r->id) {
		if (r->have) {
			stop = attempt_pass(r);
			if (stop)
				return stop;
		}
		memset(&r->a, 0, sizeof(r->a));
		r->have = 1;
		r->too_many = 0;
		r->id = pg_int(res, i, 0);
		r->a.at = pg_ts(res, i, 1);
		pg_text(res, i, 2, text, sizeof(text));
		channel_parse(text, &r->a.channel, NULL);
		r->a.contact_id = pg_int(res, i, 3);
		pg_text(res, i, 4, r->a.address, sizeof(r->a.address));
		pg_text(res, i, 5, text, sizeof(text));
		contact_outcome_parse(text, &r->a.outcome, NULL);
		r->a.inbound = (int)pg_int(res, i, 6);
		r->a.conversation = (int)pg_int(res, i, 7);
		r->a.callback_at = pg_ts(res, i, 11);
		r->customer_id = pg_int(res, i, 9);
	}
	if (pg_isnull(res, i, 10) || r->too_many)
		return 0;
	if (r->a.n_invoices == ATTEMPT_INVOICES_MAX) {
		r->a.n_invoices = 0; /* too many to name: about every debt (as the SQLite backend) */
		r->too_many = 1;
		return 0;
	}
	r->a.invoice_ids[r->a.n_invoices++] = pg_int(res, i, 10);
	return 0;
}

/* After the last row: the attempt still held. */
static int attempts_end(struct attempt_reader *r)
{
	return r->have ? attempt_pass(r) : 0;
}

static void read_flag(const PGresult *res, int i, struct flag_record *f)
{
	memset(f, 0, sizeof(*f));
	f->id = pg_int(res, i, 0);
	f->customer_id = pg_int(res, i, 1);
	f->contact_id = pg_int(res, i, 2);
	f->invoice_id = pg_int(res, i, 3);
	pg_text(res, i, 4, f->flag, sizeof(f->flag));
	pg_text(res, i, 5, f->detail, sizeof(f->detail));
	pg_text(res, i, 6, f->set_by, sizeof(f->set_by));
	f->set_at = pg_ts(res, i, 7);
	pg_text(res, i, 8, f->reason, sizeof(f->reason));
	pg_text(res, i, 9, f->contact_ref, sizeof(f->contact_ref));
	pg_text(res, i, 10, f->invoice_ref, sizeof(f->invoice_ref));
}

/* Parameters $1..$13 of an attempt: its columns, then its invoices as an array literal (ids: the caller's). */
static int attempt_params(struct pg_params *p, struct pg_array *ids, int64_t tenant, int64_t customer_id,
			  const struct contact_attempt *a, const char *spoke_with, const char *note, struct error *e)
{
	int ret = pg_array_start(ids, e);

	for (size_t i = 0; i < a->n_invoices && i < ATTEMPT_INVOICES_MAX && ret == 0; i++)
		ret = pg_array_int(ids, a->invoice_ids[i], e);
	if (ret == 0)
		ret = pg_array_end(ids, e);
	if (ret < 0)
		return ret;
	pg_param_int(p, tenant);
	pg_param_int(p, customer_id);
	pg_param_int(p, a->contact_id);
	pg_param_ts(p, a->at);
	pg_param_text(p, channel_name(a->channel));
	pg_param_text(p, a->address);
	pg_param_text(p, contact_outcome_name(a->outcome));
	pg_param_int(p, a->inbound);
	pg_param_int(p, a->conversation);
	pg_param_int(p, a->n_invoices == 0);
	pg_param_text(p, spoke_with);
	pg_param_text(p, note);
	pg_param_text(p, ids->buf);
	return 0;
}

static int pg_attempt_add(struct store_tx *tx, int64_t customer_id, const struct contact_attempt *a,
			  const char *spoke_with, const char *note, int64_t *id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array ids = PG_ARRAY_INIT;
	PGresult *res = NULL;
	int ret = attempt_params(&p, &ids, tx->tenant, customer_id, a, spoke_with, note, e);

	if (ret < 0)
		goto cleanup;
	pg_param_text(&p, a->rules_breach);
	res = pg_run(PG(tx), PG_HISTORY, ST_ATTEMPT_INSERT, stmt_sql, &p, e);
	if (!res) {
		ret = -ERR_ENV;
		goto cleanup;
	}
	*id = pg_int(res, 0, 0);
cleanup:
	PQclear(res);
	pg_array_release(&ids);
	return ret;
}

/* An attempt_copy after its `ord` (pg_copy_stage): the columns of recoup_stage_attempt. */
static void stage_attempt(struct pg_copy *c, const void *rec)
{
	const struct attempt_copy *r = rec;
	const struct contact_attempt *a = &r->a;
	char ids[ATTEMPT_INVOICES_MAX * 21 + 3] = "{";
	size_t len = 1;

	pg_copy_int(c, r->customer_id);
	pg_copy_int(c, a->contact_id);
	pg_copy_int(c, a->at);
	pg_copy_text(c, channel_name(a->channel));
	pg_copy_text(c, a->address);
	pg_copy_text(c, contact_outcome_name(a->outcome));
	pg_copy_int(c, a->inbound);
	pg_copy_int(c, a->conversation);
	pg_copy_int(c, a->n_invoices == 0);
	pg_copy_text(c, r->spoke_with);
	pg_copy_text(c, r->note);
	pg_copy_text(c, a->rules_breach);
	pg_copy_text(c, r->logged_by);
	/* store_attempt_queue_note writes the callback only with who logged it, and 0 as NULL */
	pg_copy_id(c, r->logged_by[0] ? r->callback_at : 0);
	for (size_t i = 0; i < a->n_invoices && i < ATTEMPT_INVOICES_MAX; i++)
		len += (size_t)snprintf(ids + len, sizeof(ids) - len, "%s%lld", i ? "," : "",
					(long long)a->invoice_ids[i]);
	snprintf(ids + len, sizeof(ids) - len, "}");
	pg_copy_text(c, ids);
}

static const struct pg_copy_kind attempt_kind = {
	.table = PG_T_CONTACT_ATTEMPT,
	.create_sql = "CREATE TEMP TABLE recoup_stage_attempt (ord integer, customer_id bigint, contact_id bigint, "
		      "at bigint, channel text, address text, outcome text, inbound integer, conversation integer, "
		      "all_invoices integer, spoke_with text, note text, rules_breach text, logged_by text, "
		      "callback_at bigint, invoice_ids bigint[]) ON COMMIT DROP",
	.copy_sql = "COPY recoup_stage_attempt FROM STDIN",
	.truncate_sql = "TRUNCATE recoup_stage_attempt",
	.stride = sizeof(struct attempt_copy),
	.row = stage_attempt,
};

/* store_attempts_copy: staged with COPY, then one statement writes them and their invoices. */
static int pg_attempts_copy(struct store_tx *tx, const struct attempt_copy *rows, size_t n, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	if (n == 0)
		return 0;
	ret = pg_copy_stage(tx, &attempt_kind, rows, n, e);
	if (ret < 0)
		return ret;
	pg_param_int(&p, tx->tenant);
	res = pg_run(ps, PG_HISTORY, ST_ATTEMPTS_COPY, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	if (pg_int(res, 0, 0) != (int64_t)n)
		ret = error_set(e, ERR_ENV, "copying contact attempts: %lld of %zu written",
				(long long)pg_int(res, 0, 0), n);
	PQclear(res);
	return ret < 0 ? ret : pg_inserted(ps, PG_T_CONTACT_ATTEMPT, n, e);
}

static int pg_attempt_import(struct store_tx *tx, int64_t customer_id, const struct contact_attempt *a,
			     const struct history_attempt *h, int64_t import_id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array ids = PG_ARRAY_INIT;
	PGresult *res = NULL;
	int ret = attempt_params(&p, &ids, tx->tenant, customer_id, a, h->spoke_with, h->note, e);

	if (ret < 0)
		goto cleanup;
	pg_param_text(&p, h->ref);
	pg_param_id(&p, import_id);
	res = pg_run(PG(tx), PG_HISTORY, ST_ATTEMPT_IMPORT, stmt_sql, &p, e);
	if (!res) {
		ret = -ERR_ENV;
		goto cleanup;
	}
	ret = PQntuples(res) == 1;
cleanup:
	PQclear(res);
	pg_array_release(&ids);
	return ret;
}

/* A stored moment (epoch seconds, or NULL) as the import file would write it. */
static void pg_moment(const PGresult *res, int i, int col, char *buf, size_t size)
{
	if (pg_isnull(res, i, col))
		buf[0] = '\0';
	else
		timestamp_format(pg_ts(res, i, col), buf, size);
}

static int pg_attempt_get_ref(struct store_tx *tx, const char *ref, struct history_attempt *h, int64_t *import_id,
			      struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, ref);
	res = pg_run(PG(tx), PG_HISTORY, ST_ATTEMPT_BY_REF, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found) {
		memset(h, 0, sizeof(*h));
		pg_text(res, 0, 0, h->ref, sizeof(h->ref));
		pg_text(res, 0, 1, h->contact_ref, sizeof(h->contact_ref));
		pg_moment(res, 0, 2, h->at, sizeof(h->at));
		pg_text(res, 0, 3, h->channel, sizeof(h->channel));
		pg_text(res, 0, 4, h->outcome, sizeof(h->outcome));
		pg_text(res, 0, 5, h->invoice_ref, sizeof(h->invoice_ref));
		pg_text(res, 0, 6, h->address, sizeof(h->address));
		pg_text(res, 0, 7, h->spoke_with, sizeof(h->spoke_with));
		pg_text(res, 0, 8, h->note, sizeof(h->note));
		h->inbound = (int)pg_int(res, 0, 9);
		if (import_id)
			*import_id = pg_int(res, 0, 10);
	}
	PQclear(res);
	return found;
}

static int pg_flag_import(struct store_tx *tx, struct flag_record *f, const char *ref, timestamp_t cleared_at,
			  const char *cleared_by, const char *cleared_reason, int64_t import_id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, f->customer_id);
	pg_param_id(&p, f->contact_id);
	pg_param_id(&p, f->invoice_id);
	pg_param_text(&p, f->flag);
	pg_param_text(&p, f->detail);
	pg_param_text(&p, f->set_by);
	pg_param_ts(&p, f->set_at);
	pg_param_text(&p, f->reason);
	if (cleared_at) {
		pg_param_ts(&p, cleared_at);
		pg_param_text(&p, cleared_by);
		pg_param_text(&p, cleared_reason);
	} else {
		pg_param_null(&p);
		pg_param_null(&p);
		pg_param_null(&p);
	}
	pg_param_text(&p, ref);
	pg_param_id(&p, import_id);
	res = pg_run(PG(tx), PG_HISTORY, ST_FLAG_IMPORT, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	ret = PQntuples(res) == 1;
	if (ret)
		f->id = pg_int(res, 0, 0);
	PQclear(res);
	return ret;
}

static int pg_flag_get_ref(struct store_tx *tx, const char *ref, struct history_flag *h, int64_t *import_id,
			   struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, ref);
	res = pg_run(PG(tx), PG_HISTORY, ST_FLAG_BY_REF, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found) {
		memset(h, 0, sizeof(*h));
		pg_text(res, 0, 0, h->ref, sizeof(h->ref));
		pg_text(res, 0, 1, h->customer_ref, sizeof(h->customer_ref));
		pg_text(res, 0, 2, h->flag, sizeof(h->flag));
		pg_text(res, 0, 3, h->contact_ref, sizeof(h->contact_ref));
		pg_text(res, 0, 4, h->invoice_ref, sizeof(h->invoice_ref));
		pg_text(res, 0, 5, h->detail, sizeof(h->detail));
		pg_text(res, 0, 6, h->set_by, sizeof(h->set_by));
		pg_moment(res, 0, 7, h->set_at, sizeof(h->set_at));
		pg_text(res, 0, 8, h->reason, sizeof(h->reason));
		pg_moment(res, 0, 9, h->cleared_at, sizeof(h->cleared_at));
		pg_text(res, 0, 10, h->cleared_by, sizeof(h->cleared_by));
		pg_text(res, 0, 11, h->cleared_reason, sizeof(h->cleared_reason));
		if (import_id)
			*import_id = pg_int(res, 0, 12);
	}
	PQclear(res);
	return found;
}

static int pg_attempts_each(struct store_tx *tx, int64_t customer_id, timestamp_t since, store_attempt_cb cb, void *ctx,
			    struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct attempt_reader r = { .one = cb, .ctx = ctx };
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_ts(&p, since);
	res = pg_run(PG(tx), PG_HISTORY, ST_ATTEMPTS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = attempt_row(&r, res, i);
	PQclear(res);
	return stop ? stop : attempts_end(&r);
}

static int pg_attempt_views_each(struct store_tx *tx, int64_t customer_id, store_attempt_view_cb cb, void *ctx,
				 struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct attempt_view v;
	char text[SHORT_MAX + 1];
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	res = pg_run(PG(tx), PG_HISTORY, ST_ATTEMPT_VIEWS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		memset(&v, 0, sizeof(v));
		v.a.at = pg_ts(res, i, 1);
		pg_text(res, i, 2, text, sizeof(text));
		channel_parse(text, &v.a.channel, NULL);
		v.a.contact_id = pg_int(res, i, 3);
		pg_text(res, i, 4, v.a.address, sizeof(v.a.address));
		pg_text(res, i, 5, text, sizeof(text));
		contact_outcome_parse(text, &v.a.outcome, NULL);
		v.a.inbound = (int)pg_int(res, i, 6);
		v.a.conversation = (int)pg_int(res, i, 7);
		/* PQgetvalue gives "" for NULL and lives until PQclear: past the callback */
		v.contact_ref = PQgetvalue(res, i, 9);
		v.spoke_with = PQgetvalue(res, i, 10);
		v.note = PQgetvalue(res, i, 11);
		v.invoice_refs = pg_int(res, i, 8) ? "" : PQgetvalue(res, i, 12);
		pg_text(res, i, 13, v.a.rules_breach, sizeof(v.a.rules_breach));
		v.logged_by = PQgetvalue(res, i, 14);
		v.callback_at = pg_isnull(res, i, 15) ? 0 : pg_ts(res, i, 15);
		stop = cb(ctx, &v);
	}
	PQclear(res);
	return stop;
}

static int pg_flag_add(struct store_tx *tx, struct flag_record *f, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, f->customer_id);
	pg_param_id(&p, f->contact_id);
	pg_param_id(&p, f->invoice_id);
	pg_param_text(&p, f->flag);
	pg_param_text(&p, f->detail);
	pg_param_text(&p, f->set_by);
	pg_param_ts(&p, f->set_at);
	pg_param_text(&p, f->reason);
	res = pg_run(PG(tx), PG_HISTORY, ST_FLAG_INSERT, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	f->id = pg_int(res, 0, 0);
	PQclear(res);
	return 0;
}

static int pg_flag_clear(struct store_tx *tx, const struct flag_record *m, const char *cleared_by, timestamp_t at,
			 const char *reason, int *cleared, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, m->customer_id);
	pg_param_text(&p, m->flag);
	pg_param_int(&p, m->contact_id);
	pg_param_int(&p, m->invoice_id);
	pg_param_text(&p, m->detail);
	pg_param_ts(&p, at);
	pg_param_text(&p, cleared_by);
	pg_param_text(&p, reason);
	res = pg_run(PG(tx), PG_HISTORY, ST_FLAG_CLEAR, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	*cleared = (int)strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

static int pg_flags_each(struct store_tx *tx, int64_t customer_id, store_flag_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct flag_record f;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	res = pg_run(PG(tx), PG_HISTORY, ST_FLAGS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		read_flag(res, i, &f);
		stop = cb(ctx, &f);
	}
	PQclear(res);
	return stop;
}

struct flag_stream {
	store_flag_cb cb;
	void *ctx;
};

static int flag_row(void *ctx, PGresult *res, int i)
{
	struct flag_stream *fs = ctx;
	struct flag_record f;
	read_flag(res, i, &f);
	return fs->cb(fs->ctx, &f);
}

static int pg_flags_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_flag_cb cb,
				void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct flag_stream fs = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_customer);
	pg_param_int(&p, to_customer);
	return pg_stream(PG(tx), flags_by_customer_sql, &p, flag_row, &fs, e);
}

static int pg_flags_by_customer_at(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at,
				   store_flag_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct flag_stream fs = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_customer);
	pg_param_int(&p, to_customer);
	pg_param_ts(&p, at);
	return pg_stream(PG(tx), flags_by_customer_at_sql, &p, flag_row, &fs, e);
}

static int pg_flags_changed_after(struct store_tx *tx, timestamp_t at, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	pg_param_ts(&p, at);
	res = pg_run(PG(tx), PG_HISTORY, ST_FLAGS_CHANGED_AFTER, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) > 0;
	PQclear(res);
	return found;
}

static int pg_attempts_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t since,
				   store_customer_attempt_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct attempt_reader r = { .by_customer = cb, .ctx = ctx };
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_customer);
	pg_param_int(&p, to_customer);
	pg_param_ts(&p, since);
	ret = pg_stream(PG(tx), attempts_by_customer_sql, &p, attempt_row, &r, e);
	if (ret != 0)
		return ret;
	return attempts_end(&r);
}

static int pg_attempts_of_customers(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t since,
				    store_customer_attempt_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT;
	struct attempt_reader r = { .by_customer = cb, .ctx = ctx };
	PGresult *res;
	int stop = pg_array_ids(&arr, ids, n, e);

	if (stop < 0)
		return stop;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, arr.buf);
	pg_param_ts(&p, since);
	res = pg_run(PG(tx), PG_HISTORY, ST_ATTEMPTS_OF_CUSTOMERS, stmt_sql, &p, e);
	pg_array_release(&arr);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = attempt_row(&r, res, i);
	PQclear(res);
	return stop ? stop : attempts_end(&r);
}

static int pg_flags_of_customers(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t at, store_flag_cb cb,
				 void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT;
	struct flag_stream fs = { cb, ctx };
	PGresult *res;
	int ret = pg_array_ids(&arr, ids, n, e);

	if (ret < 0)
		return ret;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, arr.buf);
	if (at)
		pg_param_ts(&p, at);
	res = pg_run(PG(tx), PG_HISTORY, at ? ST_FLAGS_OF_CUSTOMERS_AT : ST_FLAGS_OF_CUSTOMERS, stmt_sql, &p, e);
	pg_array_release(&arr);
	return res ? pg_each(res, flag_row, &fs) : -ERR_ENV;
}

const struct store_history_ops pg_history_ops = {
	.attempt_add = pg_attempt_add,
	.attempts_each = pg_attempts_each,
	.attempt_views_each = pg_attempt_views_each,
	.flag_add = pg_flag_add,
	.flag_clear = pg_flag_clear,
	.flags_each = pg_flags_each,
	.attempts_by_customer = pg_attempts_by_customer,
	.flags_by_customer = pg_flags_by_customer,
	.attempt_import = pg_attempt_import,
	.attempt_get_ref = pg_attempt_get_ref,
	.flag_import = pg_flag_import,
	.flag_get_ref = pg_flag_get_ref,
	.flags_by_customer_at = pg_flags_by_customer_at,
	.flags_changed_after = pg_flags_changed_after,
	.attempts_of_customers = pg_attempts_of_customers,
	.flags_of_customers = pg_flags_of_customers,
	.attempts_copy = pg_attempts_copy,
};
