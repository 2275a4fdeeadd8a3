/*
 * escalation.c: placements, small-claims cases, escalation settings and
 * the reads of the contacts, collectors and recovery reports
 * (store/escalation.h) on PostgreSQL. The same contract as
 * sqlite/escalation.c; dates of moments are their UTC dates.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

enum stmt_id {
	ST_PL_ADD,
	ST_PL_ACTIVE,
	ST_PL_RECALL,
	ST_PL_REVIEWS,
	ST_PL_REVIEWS_ONE,
	ST_PL_HISTORY,
	ST_RECOVERY,
	ST_LEGAL_ADD,
	ST_LEGAL_ACCOUNTS,
	ST_LEGAL_STATE,
	ST_SET_GET,
	ST_SET_PUT,
	ST_CONTACT_STATS,
	ST_COLLECTOR_MONEY,
	ST_COLLECTOR_PROMISES,
	ST_COLLECTOR_MONEY_OF,
	ST_CONTACT_BREACHES,
	ST_COUNT
};
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

#define UTC_DATE(col) "((" col ") AT TIME ZONE 'UTC')::date"

#define CONTACT_STAT_COLS(channel)                                                                 \
	"COALESCE(logged_by, '') AS collector, " channel " AS ch, COUNT(*), "                      \
	"COUNT(*) FILTER (WHERE channel = 'call' AND inbound = 0), "                               \
	"COUNT(*) FILTER (WHERE channel = 'call' AND inbound = 0 AND conversation = 1 "            \
	"AND outcome <> 'third_party'), "                                                          \
	"COUNT(*) FILTER (WHERE conversation = 1), COUNT(*) FILTER (WHERE outcome = 'promise'), "  \
	"COUNT(DISTINCT customer_id), COUNT(DISTINCT date_trunc('hour', at AT TIME ZONE 'UTC')), " \
	"COUNT(*) FILTER (WHERE rules_breach <> '') "                                              \
	"FROM contact_attempt WHERE tenant_id = $1 AND at >= to_timestamp($2::bigint) "            \
	"AND at < to_timestamp($3::bigint) "

/* The columns read_placement() reads, and the placements with their customers' refs. */
#define PLACEMENT_COLS                                                                          \
	"p.id, p.customer_id, c.ref, p.currency, p.agency, p.amount, p.age_days, p.action_id, " \
	"extract(epoch from p.placed_at)::bigint, p.placed_by"
#define PLACEMENT_FROM \
	" FROM placement p JOIN customer c ON c.tenant_id = $1 AND c.id = p.customer_id WHERE p.tenant_id = $1 "

static const char *const stmt_sql[ST_COUNT] = {
	[ST_PL_ADD] = "INSERT INTO placement(tenant_id, customer_id, currency, agency, amount, age_days, action_id, "
		      "placed_at, placed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8::bigint), $9) "
		      "RETURNING id",
	[ST_PL_ACTIVE] = "SELECT " PLACEMENT_COLS PLACEMENT_FROM "AND p.customer_id = $2 AND p.recalled_at IS NULL "
			 "ORDER BY p.id",
	[ST_PL_RECALL] = "UPDATE placement SET recalled_at = to_timestamp($3::bigint), recalled_by = $4 "
			 "WHERE tenant_id = $1 AND id = $2 AND recalled_at IS NULL",
	/* every customer's (agency candidates), and one customer's (agency place), each on its index */
	[ST_PL_REVIEWS] = "SELECT a.id, a.customer_id, c.ref, c.name, a.run_date::text, a.currency, a.amount, a.step "
			  "FROM action a JOIN customer c ON c.tenant_id = $1 AND c.id = a.customer_id "
			  "WHERE a.tenant_id = $1 AND a.kind = 'place_with_agency' AND a.state = 'scheduled' "
			  "AND NOT EXISTS (SELECT 1 FROM placement p WHERE p.tenant_id = $1 "
			  "AND p.customer_id = a.customer_id AND p.recalled_at IS NULL) "
			  "ORDER BY c.ref COLLATE \"C\", a.id",
	[ST_PL_REVIEWS_ONE] =
		"SELECT a.id, a.customer_id, c.ref, c.name, a.run_date::text, a.currency, a.amount, a.step "
		"FROM action a JOIN customer c ON c.tenant_id = $1 AND c.id = a.customer_id "
		"WHERE a.tenant_id = $1 AND a.kind = 'place_with_agency' AND a.state = 'scheduled' "
		"AND a.customer_id = $2 AND NOT EXISTS (SELECT 1 FROM placement p WHERE p.tenant_id = $1 "
		"AND p.customer_id = a.customer_id AND p.recalled_at IS NULL) "
		"ORDER BY c.ref COLLATE \"C\", a.id",
	[ST_PL_HISTORY] = "SELECT COUNT(*), extract(epoch from MAX(at))::bigint, "
			  "COUNT(*) FILTER (WHERE outcome = 'promise') FROM contact_attempt "
			  "WHERE tenant_id = $1 AND customer_id = $2",
	[ST_RECOVERY] =
		"SELECT p.agency, p.currency, p.age_days, p.customer_id, p.amount, "
		"COALESCE((SELECT SUM(y.amount) FROM payment y WHERE y.tenant_id = $1 "
		"AND y.customer_id = p.customer_id AND y.currency = p.currency AND y.status = 'cleared' "
		"AND y.date > " UTC_DATE(
			"p.placed_at") " AND y.date <= $3::date "
				       "AND (p.recalled_at IS NULL OR y.date < " UTC_DATE(
					       "p.recalled_at") ")), 0), "
								"(p.recalled_at IS NOT NULL AND " UTC_DATE(
									"p.recalled_at") " <= $3::date)::int "
											 "FROM placement p WHERE p.tenant_id = $1 "
											 "AND " UTC_DATE(
												 "p.placed_at") " BETWEEN $2::date AND $3::date "
														"ORDER BY p.agency COLLATE \"C\", p.currency COLLATE \"C\", p.age_days, p.id",
	[ST_LEGAL_ADD] = "INSERT INTO legal_event(tenant_id, customer_id, state, at, by_user) "
			 "VALUES ($1, $2, $3, to_timestamp($4::bigint), $5) RETURNING id",
	[ST_LEGAL_ACCOUNTS] =
		"SELECT c.id, c.ref, c.name, i.currency, SUM(i.balance), MIN(i.due_date)::text, COUNT(*), "
		"COUNT(*) FILTER (WHERE i.signed = 0), c.tags, "
		"COALESCE((SELECT l.state FROM legal_event l WHERE l.tenant_id = $1 AND l.customer_id = c.id "
		"ORDER BY l.id DESC LIMIT 1), ''), "
		"EXISTS (SELECT 1 FROM placement p WHERE p.tenant_id = $1 AND p.customer_id = c.id "
		"AND p.recalled_at IS NULL)::int "
		"FROM invoice i JOIN customer c ON c.tenant_id = $1 AND c.id = i.customer_id "
		"WHERE i.tenant_id = $1 AND i.balance > 0 "
		"GROUP BY c.id, c.ref, c.name, i.currency, c.tags ORDER BY c.ref COLLATE \"C\", i.currency COLLATE \"C\"",
	[ST_LEGAL_STATE] = "SELECT state FROM legal_event WHERE tenant_id = $1 AND customer_id = $2 "
			   "ORDER BY id DESC LIMIT 1",
	[ST_SET_GET] = "SELECT value FROM escalation_setting WHERE tenant_id = $1 AND name = $2",
	[ST_SET_PUT] = "INSERT INTO escalation_setting(tenant_id, name, value) VALUES ($1, $2, $3) "
		       "ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value",
	[ST_CONTACT_STATS] = "SELECT * FROM (SELECT " CONTACT_STAT_COLS(
		"channel") "GROUP BY 1, 2 UNION ALL "
			   "SELECT " CONTACT_STAT_COLS("''") "GROUP BY 1) s "
							     "ORDER BY collector COLLATE \"C\", ch COLLATE \"C\"",
	[ST_COLLECTOR_MONEY] = "SELECT u.name, y.currency, 0, SUM(y.amount) FROM assignment a "
			       "JOIN app_user u ON u.tenant_id = $1 AND u.id = a.user_id "
			       "JOIN payment y ON y.tenant_id = $1 AND y.customer_id = a.customer_id "
			       "AND y.date BETWEEN GREATEST($2::date, a.since) AND $3::date "
			       "WHERE a.tenant_id = $1 AND y.status = 'cleared' GROUP BY u.name, y.currency "
			       "ORDER BY u.name COLLATE \"C\", y.currency COLLATE \"C\"",
	/* the attempts with outcome promise until a promises table records them (docs/reports.md, "collectors") */
	[ST_COLLECTOR_PROMISES] =
		"SELECT made_by, currency, COUNT(*), SUM(amount) FROM promise "
		"WHERE tenant_id = $1 AND made_at >= to_timestamp($2::bigint) AND made_at < to_timestamp($3::bigint) "
		"AND state <> 'cancelled' GROUP BY made_by, currency "
		"ORDER BY made_by COLLATE \"C\", currency COLLATE \"C\"",
	/* one collector's: their assignments (assignment_user), then as ST_COLLECTOR_MONEY */
	[ST_COLLECTOR_MONEY_OF] =
		"SELECT u.name, y.currency, 0, SUM(y.amount) FROM app_user u "
		"JOIN assignment a ON a.tenant_id = $1 AND a.user_id = u.id "
		"JOIN payment y ON y.tenant_id = $1 AND y.customer_id = a.customer_id "
		"AND y.date BETWEEN GREATEST($2::date, a.since) AND $3::date "
		"WHERE u.tenant_id = $1 AND u.name = $4 AND y.status = 'cleared' GROUP BY u.name, y.currency "
		"ORDER BY u.name COLLATE \"C\", y.currency COLLATE \"C\"",
	/* the period's breaches alone through contact_attempt_breach (0034), whose WHERE this repeats */
	[ST_CONTACT_BREACHES] =
		"SELECT COALESCE(logged_by, ''), rules_breach, COUNT(*) FROM contact_attempt "
		"WHERE tenant_id = $1 AND at >= to_timestamp($2::bigint) AND at < to_timestamp($3::bigint) "
		"AND rules_breach <> '' GROUP BY 1, 2 "
		"ORDER BY COALESCE(logged_by, '') COLLATE \"C\", rules_breach COLLATE \"C\"",
};

/* Streamed (every placement and case step of a book, for app/migrate): text, not prepared. */
static const char placements_all_sql[] =
	"SELECT " PLACEMENT_COLS
	", extract(epoch from p.recalled_at)::bigint, COALESCE(p.recalled_by, '')" PLACEMENT_FROM "ORDER BY p.id";
static const char legal_all_sql[] =
	"SELECT l.id, l.customer_id, c.ref, l.state, extract(epoch from l.at)::bigint, l.by_user FROM legal_event l "
	"JOIN customer c ON c.tenant_id = $1 AND c.id = l.customer_id WHERE l.tenant_id = $1 ORDER BY l.id";

static PGresult *run(struct store_tx *tx, enum stmt_id id, const struct pg_params *p, struct error *e)
{
	return pg_run(PG(tx), PG_ESCALATION, id, stmt_sql, p, e);
}

static int pg_placement_add(struct store_tx *tx, struct placement *pl, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, pl->customer_id);
	pg_param_text(&p, pl->currency);
	pg_param_text(&p, pl->agency);
	pg_param_int(&p, pl->amount);
	pg_param_int(&p, pl->age_days);
	pg_param_int(&p, pl->action_id);
	pg_param_ts(&p, pl->placed_at);
	pg_param_text(&p, pl->placed_by);
	res = run(tx, ST_PL_ADD, &p, e);
	if (!res)
		return -ERR_ENV;
	pl->id = PQntuples(res) == 1 ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

/* A placement from the PLACEMENT_COLS of row i. */
static void read_placement(const PGresult *res, int i, struct placement *pl)
{
	memset(pl, 0, sizeof(*pl));
	pl->id = pg_int(res, i, 0);
	pl->customer_id = pg_int(res, i, 1);
	pg_text(res, i, 2, pl->customer_ref, sizeof(pl->customer_ref));
	pg_text(res, i, 3, pl->currency, sizeof(pl->currency));
	pg_text(res, i, 4, pl->agency, sizeof(pl->agency));
	pl->amount = pg_int(res, i, 5);
	pl->age_days = (int)pg_int(res, i, 6);
	pl->action_id = pg_int(res, i, 7);
	pl->placed_at = pg_ts(res, i, 8);
	pg_text(res, i, 9, pl->placed_by, sizeof(pl->placed_by));
}

static int pg_placements_active(struct store_tx *tx, int64_t customer_id, store_placement_cb cb, void *ctx,
				struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct placement pl;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	res = run(tx, ST_PL_ACTIVE, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		read_placement(res, i, &pl);
		stop = cb(ctx, &pl);
	}
	PQclear(res);
	return stop;
}

static int pg_placement_recall(struct store_tx *tx, int64_t id, timestamp_t at, const char *by, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int n;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	pg_param_ts(&p, at);
	pg_param_text(&p, by);
	res = run(tx, ST_PL_RECALL, &p, e);
	if (!res)
		return -ERR_ENV;
	n = (int)strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n > 0;
}

static int pg_placement_reviews(struct store_tx *tx, int64_t customer_id, store_placement_review_cb cb, void *ctx,
				struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct placement_review r;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	if (customer_id)
		pg_param_int(&p, customer_id);
	res = run(tx, customer_id ? ST_PL_REVIEWS_ONE : ST_PL_REVIEWS, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		r.action_id = pg_int(res, i, 0);
		r.customer_id = pg_int(res, i, 1);
		r.customer_ref = PQgetvalue(res, i, 2);
		r.customer_name = PQgetvalue(res, i, 3);
		r.run_date = pg_date(res, i, 4);
		r.currency = PQgetvalue(res, i, 5);
		r.amount = pg_int(res, i, 6);
		r.step = PQgetvalue(res, i, 7);
		stop = cb(ctx, &r);
	}
	PQclear(res);
	return stop;
}

static int pg_placement_history(struct store_tx *tx, int64_t customer_id, struct placement_history *out,
				struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	memset(out, 0, sizeof(*out));
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	res = run(tx, ST_PL_HISTORY, &p, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) == 1) {
		out->attempts = pg_int(res, 0, 0);
		out->last_at = pg_isnull(res, 0, 1) ? 0 : pg_ts(res, 0, 1);
		out->promises = pg_int(res, 0, 2);
	}
	PQclear(res);
	return 0;
}

static int pg_recovery(struct store_tx *tx, date_t from, date_t to, store_recovery_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct recovery_placement r;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, from);
	pg_param_date(&p, to);
	res = run(tx, ST_RECOVERY, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		r.agency = PQgetvalue(res, i, 0);
		r.currency = PQgetvalue(res, i, 1);
		r.age_days = (int)pg_int(res, i, 2);
		r.customer_id = pg_int(res, i, 3);
		r.amount = pg_int(res, i, 4);
		r.recovered = pg_int(res, i, 5);
		r.recalled = (int)pg_int(res, i, 6);
		stop = cb(ctx, &r);
	}
	PQclear(res);
	return stop;
}

static int pg_legal_event_add(struct store_tx *tx, int64_t customer_id, const char *state, timestamp_t at,
			      const char *by, int64_t *id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_text(&p, state);
	pg_param_ts(&p, at);
	pg_param_text(&p, by);
	res = run(tx, ST_LEGAL_ADD, &p, e);
	if (!res)
		return -ERR_ENV;
	if (id)
		*id = PQntuples(res) == 1 ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

/* A row of the legal accounts to its callback. */
struct legal_rows {
	store_legal_account_cb cb;
	void *ctx;
};

static int legal_row(void *arg, PGresult *res, int i)
{
	struct legal_rows *lr = arg;
	struct legal_account a;

	a.customer_id = pg_int(res, i, 0);
	a.customer_ref = PQgetvalue(res, i, 1);
	a.name = PQgetvalue(res, i, 2);
	a.currency = PQgetvalue(res, i, 3);
	a.balance = pg_int(res, i, 4);
	a.oldest_due = pg_date(res, i, 5);
	a.invoices = pg_int(res, i, 6);
	a.unsigned_invoices = pg_int(res, i, 7);
	a.tags = PQgetvalue(res, i, 8);
	a.legal_state = PQgetvalue(res, i, 9);
	a.placed = (int)pg_int(res, i, 10);
	return lr->cb(lr->ctx, &a);
}

/* A row per open account of the book: through a cursor, so memory stays flat. */
static int pg_legal_accounts(struct store_tx *tx, store_legal_account_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct legal_rows lr = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	return pg_stream(PG(tx), stmt_sql[ST_LEGAL_ACCOUNTS], &p, legal_row, &lr, e);
}

static int pg_legal_state(struct store_tx *tx, int64_t customer_id, char *state, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	state[0] = '\0';
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	res = run(tx, ST_LEGAL_STATE, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found)
		pg_text(res, 0, 0, state, LEGAL_STATE_MAX + 1);
	PQclear(res);
	return found;
}

static int pg_setting_get(struct store_tx *tx, const char *name, char *out, size_t size, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	out[0] = '\0';
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, name);
	res = run(tx, ST_SET_GET, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found)
		pg_text(res, 0, 0, out, size);
	PQclear(res);
	return found;
}

static int pg_setting_put(struct store_tx *tx, const char *name, const char *value, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, name);
	pg_param_text(&p, value);
	return pg_exec(PG(tx), PG_ESCALATION, ST_SET_PUT, stmt_sql, &p, e);
}

static int pg_contact_stats(struct store_tx *tx, timestamp_t from, timestamp_t to, store_contact_stat_cb cb, void *ctx,
			    struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct contact_stat s;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_ts(&p, from);
	pg_param_ts(&p, to);
	res = run(tx, ST_CONTACT_STATS, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		s.collector = PQgetvalue(res, i, 0);
		s.channel = PQgetvalue(res, i, 1);
		s.attempts = pg_int(res, i, 2);
		s.calls = pg_int(res, i, 3);
		s.rpc_calls = pg_int(res, i, 4);
		s.conversations = pg_int(res, i, 5);
		s.promises = pg_int(res, i, 6);
		s.accounts = pg_int(res, i, 7);
		s.hours = pg_int(res, i, 8);
		s.breaches = pg_int(res, i, 9);
		stop = cb(ctx, &s);
	}
	PQclear(res);
	return stop;
}

static int pg_contact_breaches(struct store_tx *tx, timestamp_t from, timestamp_t to, store_contact_breach_cb cb,
			       void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct contact_breach_stat s;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_ts(&p, from);
	pg_param_ts(&p, to);
	res = run(tx, ST_CONTACT_BREACHES, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		s.collector = PQgetvalue(res, i, 0);
		s.rule = PQgetvalue(res, i, 1);
		s.breaches = pg_int(res, i, 2);
		stop = cb(ctx, &s);
	}
	PQclear(res);
	return stop;
}

/* every collector's money, or one collector's (collector not NULL): the same rows */
static int collector_money(struct store_tx *tx, const char *collector, date_t from, date_t to,
			   store_collector_money_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct collector_money m;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, from);
	pg_param_date(&p, to);
	if (collector)
		pg_param_text(&p, collector);
	res = run(tx, collector ? ST_COLLECTOR_MONEY_OF : ST_COLLECTOR_MONEY, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		m.collector = PQgetvalue(res, i, 0);
		m.currency = PQgetvalue(res, i, 1);
		m.promised = pg_int(res, i, 2);
		m.collected = pg_int(res, i, 3);
		stop = cb(ctx, &m);
	}
	PQclear(res);
	return stop;
}

static int pg_collector_money(struct store_tx *tx, date_t from, date_t to, store_collector_money_cb cb, void *ctx,
			      struct error *e)
{
	return collector_money(tx, NULL, from, to, cb, ctx, e);
}

static int pg_collector_money_of(struct store_tx *tx, const char *collector, date_t from, date_t to,
				 store_collector_money_cb cb, void *ctx, struct error *e)
{
	return collector_money(tx, collector, from, to, cb, ctx, e);
}

static int pg_collector_promises(struct store_tx *tx, timestamp_t from, timestamp_t to, store_collector_promises_cb cb,
				 void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct collector_promises c;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_ts(&p, from);
	pg_param_ts(&p, to);
	res = run(tx, ST_COLLECTOR_PROMISES, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		c.collector = PQgetvalue(res, i, 0);
		c.currency = PQgetvalue(res, i, 1);
		c.promises = pg_int(res, i, 2);
		c.amount = pg_int(res, i, 3);
		stop = cb(ctx, &c);
	}
	PQclear(res);
	return stop;
}

struct placement_rows {
	store_placement_cb cb;
	void *ctx;
};

static int placement_row(void *ctx, PGresult *res, int i)
{
	struct placement_rows *r = ctx;
	struct placement pl;

	read_placement(res, i, &pl);
	pl.recalled_at = pg_ts(res, i, 10);
	pg_text(res, i, 11, pl.recalled_by, sizeof(pl.recalled_by));
	return r->cb(r->ctx, &pl);
}

static int pg_placements_each(struct store_tx *tx, store_placement_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct placement_rows r = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	return pg_stream(PG(tx), placements_all_sql, &p, placement_row, &r, e);
}

struct legal_event_rows {
	store_legal_event_cb cb;
	void *ctx;
};

static int legal_event_row(void *ctx, PGresult *res, int i)
{
	struct legal_event_rows *r = ctx;
	struct legal_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.id = pg_int(res, i, 0);
	ev.customer_id = pg_int(res, i, 1);
	pg_text(res, i, 2, ev.customer_ref, sizeof(ev.customer_ref));
	pg_text(res, i, 3, ev.state, sizeof(ev.state));
	ev.at = pg_ts(res, i, 4);
	pg_text(res, i, 5, ev.by, sizeof(ev.by));
	return r->cb(r->ctx, &ev);
}

static int pg_legal_events_each(struct store_tx *tx, store_legal_event_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct legal_event_rows r = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	return pg_stream(PG(tx), legal_all_sql, &p, legal_event_row, &r, e);
}

const struct store_escalation_ops pg_escalation_ops = {
	.placement_add = pg_placement_add,
	.placements_active = pg_placements_active,
	.placement_recall = pg_placement_recall,
	.placement_reviews = pg_placement_reviews,
	.placement_history = pg_placement_history,
	.recovery = pg_recovery,
	.legal_event_add = pg_legal_event_add,
	.legal_accounts = pg_legal_accounts,
	.legal_state = pg_legal_state,
	.setting_get = pg_setting_get,
	.setting_put = pg_setting_put,
	.contact_stats = pg_contact_stats,
	.collector_money = pg_collector_money,
	.collector_promises = pg_collector_promises,
	.collector_money_of = pg_collector_money_of,
	.contact_breaches = pg_contact_breaches,
	.placements_each = pg_placements_each,
	.legal_events_each = pg_legal_events_each,
};
