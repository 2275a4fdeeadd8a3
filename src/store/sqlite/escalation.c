/*
 * escalation.c: placements, small-claims cases, escalation settings and
 * the reads of the contacts, collectors and recovery reports
 * (store/escalation.h) on SQLite. Moments are RFC 3339 UTC text of one
 * fixed form ("YYYY-MM-DDTHH:MM:SSZ"): its first 10 bytes are the UTC
 * date, its first 13 the clock hour.
 */
#include "store/sqlite/sqlite_int.h"

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
	ST_PL_ALL,
	ST_LEGAL_ALL,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

#define CONTACT_STAT_COLS(channel)                                                                  \
	"COALESCE(logged_by, ''), " channel ", COUNT(*), "                                          \
	"SUM(channel = 'call' AND inbound = 0), "                                                   \
	"SUM(channel = 'call' AND inbound = 0 AND conversation = 1 AND outcome <> 'third_party'), " \
	"SUM(conversation = 1), SUM(outcome = 'promise'), COUNT(DISTINCT customer_id), "            \
	"COUNT(DISTINCT substr(at, 1, 13)), SUM(rules_breach <> '') "                               \
	"FROM contact_attempt WHERE tenant_id = ?1 AND at >= ?2 AND at < ?3 "

/* The columns read_placement() reads, and the placements with their customers' refs. */
#define PLACEMENT_COLS                                                                                       \
	"p.id, p.customer_id, c.ref, p.currency, p.agency, p.amount, p.age_days, p.action_id, p.placed_at, " \
	"p.placed_by"
#define PLACEMENT_FROM \
	" FROM placement p JOIN customer c ON c.tenant_id = ?1 AND c.id = p.customer_id WHERE p.tenant_id = ?1 "

static const char *const stmt_sql[ST_COUNT] = {
	[ST_PL_ADD] = "INSERT INTO placement(tenant_id, customer_id, currency, agency, amount, age_days, action_id, "
		      "placed_at, placed_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_PL_ACTIVE] = "SELECT " PLACEMENT_COLS PLACEMENT_FROM "AND p.customer_id = ?2 AND p.recalled_at IS NULL "
			 "ORDER BY p.id",
	[ST_PL_RECALL] = "UPDATE placement SET recalled_at = ?3, recalled_by = ?4 "
			 "WHERE tenant_id = ?1 AND id = ?2 AND recalled_at IS NULL",
	/* every customer's (agency candidates), and one customer's (agency place), each on its index */
	[ST_PL_REVIEWS] = "SELECT a.id, a.customer_id, c.ref, c.name, a.run_date, a.currency, a.amount, a.step "
			  "FROM action a JOIN customer c ON c.tenant_id = ?1 AND c.id = a.customer_id "
			  "WHERE a.tenant_id = ?1 AND a.kind = 'place_with_agency' AND a.state = 'scheduled' "
			  "AND NOT EXISTS (SELECT 1 FROM placement p WHERE p.tenant_id = ?1 "
			  "AND p.customer_id = a.customer_id AND p.recalled_at IS NULL) ORDER BY c.ref, a.id",
	[ST_PL_REVIEWS_ONE] = "SELECT a.id, a.customer_id, c.ref, c.name, a.run_date, a.currency, a.amount, a.step "
			      "FROM action a JOIN customer c ON c.tenant_id = ?1 AND c.id = a.customer_id "
			      "WHERE a.tenant_id = ?1 AND a.kind = 'place_with_agency' AND a.state = 'scheduled' "
			      "AND a.customer_id = ?2 AND NOT EXISTS (SELECT 1 FROM placement p WHERE p.tenant_id = ?1 "
			      "AND p.customer_id = a.customer_id AND p.recalled_at IS NULL) ORDER BY c.ref, a.id",
	[ST_PL_HISTORY] = "SELECT COUNT(*), MAX(at), COALESCE(SUM(outcome = 'promise'), 0) FROM contact_attempt "
			  "WHERE tenant_id = ?1 AND customer_id = ?2",
	[ST_RECOVERY] = "SELECT p.agency, p.currency, p.age_days, p.customer_id, p.amount, "
			"COALESCE((SELECT SUM(y.amount) FROM payment y WHERE y.tenant_id = ?1 "
			"AND y.customer_id = p.customer_id AND y.currency = p.currency AND y.status = 'cleared' "
			"AND y.date > substr(p.placed_at, 1, 10) AND y.date <= ?3 "
			"AND (p.recalled_at IS NULL OR y.date < substr(p.recalled_at, 1, 10))), 0), "
			"p.recalled_at IS NOT NULL AND substr(p.recalled_at, 1, 10) <= ?3 "
			"FROM placement p WHERE p.tenant_id = ?1 AND substr(p.placed_at, 1, 10) BETWEEN ?2 AND ?3 "
			"ORDER BY p.agency, p.currency, p.age_days, p.id",
	[ST_LEGAL_ADD] = "INSERT INTO legal_event(tenant_id, customer_id, state, at, by_user) "
			 "VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_LEGAL_ACCOUNTS] =
		"SELECT c.id, c.ref, c.name, i.currency, SUM(i.balance), MIN(i.due_date), COUNT(*), "
		"SUM(CASE WHEN i.signed = 0 THEN 1 ELSE 0 END), c.tags, "
		"COALESCE((SELECT l.state FROM legal_event l WHERE l.tenant_id = ?1 AND l.customer_id = c.id "
		"ORDER BY l.id DESC LIMIT 1), ''), "
		"EXISTS (SELECT 1 FROM placement p WHERE p.tenant_id = ?1 AND p.customer_id = c.id "
		"AND p.recalled_at IS NULL) "
		"FROM invoice i JOIN customer c ON c.tenant_id = ?1 AND c.id = i.customer_id "
		"WHERE i.tenant_id = ?1 AND i.balance > 0 "
		"GROUP BY c.id, c.ref, c.name, i.currency, c.tags ORDER BY c.ref, i.currency",
	[ST_LEGAL_STATE] = "SELECT state FROM legal_event WHERE tenant_id = ?1 AND customer_id = ?2 "
			   "ORDER BY id DESC LIMIT 1",
	[ST_SET_GET] = "SELECT value FROM escalation_setting WHERE tenant_id = ?1 AND name = ?2",
	[ST_SET_PUT] = "INSERT INTO escalation_setting(tenant_id, name, value) VALUES (?1, ?2, ?3) "
		       "ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value",
	[ST_CONTACT_STATS] = "SELECT " CONTACT_STAT_COLS("channel") "GROUP BY 1, 2 UNION ALL "
								    "SELECT " CONTACT_STAT_COLS(
									    "''") "GROUP BY 1 ORDER BY 1, 2",
	/*
	 * driven from the assignments (CROSS JOIN keeps that order), each
	 * customer's payments of the period sought through payment_customer_date
	 * (0030): the planner otherwise reads every payment of the tenant
	 */
	[ST_COLLECTOR_MONEY] = "SELECT u.name, y.currency, 0, SUM(y.amount) FROM assignment a "
			       "CROSS JOIN payment y INDEXED BY payment_customer_date "
			       "JOIN app_user u ON u.tenant_id = ?1 AND u.id = a.user_id "
			       "WHERE a.tenant_id = ?1 AND y.tenant_id = ?1 AND y.customer_id = a.customer_id "
			       "AND y.date >= MAX(?2, a.since) AND y.date <= ?3 AND y.status = 'cleared' "
			       "GROUP BY u.name, y.currency ORDER BY u.name, y.currency",
	/* the attempts with outcome promise until a promises table records them (docs/reports.md, "collectors") */
	/* the promises recorded (app/promises.c), by who made them: counted and summed per currency */
	[ST_COLLECTOR_PROMISES] = "SELECT made_by, currency, COUNT(*), SUM(amount) FROM promise "
				  "WHERE tenant_id = ?1 AND made_at >= ?2 AND made_at < ?3 AND state <> 'cancelled' "
				  "GROUP BY made_by, currency ORDER BY 1, 2",
	/* one collector's: their assignments through assignment_user, then as ST_COLLECTOR_MONEY */
	[ST_COLLECTOR_MONEY_OF] = "SELECT u.name, y.currency, 0, SUM(y.amount) FROM app_user u "
				  "CROSS JOIN assignment a INDEXED BY assignment_user "
				  "CROSS JOIN payment y INDEXED BY payment_customer_date "
				  "WHERE u.tenant_id = ?1 AND u.name = ?4 AND a.tenant_id = ?1 AND a.user_id = u.id "
				  "AND y.tenant_id = ?1 AND y.customer_id = a.customer_id "
				  "AND y.date >= MAX(?2, a.since) AND y.date <= ?3 AND y.status = 'cleared' "
				  "GROUP BY u.name, y.currency ORDER BY u.name, y.currency",
	/* the period's breaches alone through contact_attempt_breach (0037), whose WHERE this repeats */
	[ST_CONTACT_BREACHES] = "SELECT COALESCE(logged_by, ''), rules_breach, COUNT(*) FROM contact_attempt "
				"WHERE tenant_id = ?1 AND at >= ?2 AND at < ?3 AND rules_breach <> '' "
				"GROUP BY 1, 2 ORDER BY 1, 2",
	[ST_PL_ALL] = "SELECT " PLACEMENT_COLS ", p.recalled_at, COALESCE(p.recalled_by, '')" PLACEMENT_FROM
		      "ORDER BY p.id",
	[ST_LEGAL_ALL] = "SELECT l.id, l.customer_id, c.ref, l.state, l.at, l.by_user FROM legal_event l "
			 "JOIN customer c ON c.tenant_id = ?1 AND c.id = l.customer_id WHERE l.tenant_id = ?1 "
			 "ORDER BY l.id",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_ESCALATION, id, stmt_sql, e);
}

static const char *col_str(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

/* A placement from the PLACEMENT_COLS of a row. */
static void read_placement(sqlite3_stmt *st, struct placement *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->customer_id = sqlite3_column_int64(st, 1);
	col_text(st, 2, p->customer_ref, sizeof(p->customer_ref));
	col_text(st, 3, p->currency, sizeof(p->currency));
	col_text(st, 4, p->agency, sizeof(p->agency));
	p->amount = sqlite3_column_int64(st, 5);
	p->age_days = sqlite3_column_int(st, 6);
	p->action_id = sqlite3_column_int64(st, 7);
	p->placed_at = col_ts(st, 8);
	col_text(st, 9, p->placed_by, sizeof(p->placed_by));
}

static int sq_placement_add(struct store_tx *tx, struct placement *p, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PL_ADD, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, p->customer_id);
	bind_text(st, 3, p->currency);
	bind_text(st, 4, p->agency);
	sqlite3_bind_int64(st, 5, p->amount);
	sqlite3_bind_int(st, 6, p->age_days);
	sqlite3_bind_int64(st, 7, p->action_id);
	bind_ts(st, 8, p->placed_at);
	bind_text(st, 9, p->placed_by);
	ret = sq_insert_step(ss, st, &p->id, e, "adding a placement");
	return ret < 0 ? ret : 0;
}

static int sq_placements_active(struct store_tx *tx, int64_t customer_id, store_placement_cb cb, void *ctx,
				struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PL_ACTIVE, e);
	struct placement p;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	EACH_ROW(ss, st, e, {
		read_placement(st, &p);
		stop_ = cb(ctx, &p);
	});
	return 0;
}

static int sq_placement_recall(struct store_tx *tx, int64_t id, timestamp_t at, const char *by, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PL_RECALL, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	bind_ts(st, 3, at);
	bind_text(st, 4, by);
	return sq_update_step(ss, st, e, "recalling a placement");
}

static int sq_placement_reviews(struct store_tx *tx, int64_t customer_id, store_placement_review_cb cb, void *ctx,
				struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, customer_id ? ST_PL_REVIEWS_ONE : ST_PL_REVIEWS, e);
	struct placement_review r;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	if (customer_id)
		sqlite3_bind_int64(st, 2, customer_id);
	EACH_ROW(ss, st, e, {
		r.action_id = sqlite3_column_int64(st, 0);
		r.customer_id = sqlite3_column_int64(st, 1);
		r.customer_ref = col_str(st, 2);
		r.customer_name = col_str(st, 3);
		r.run_date = col_date(st, 4);
		r.currency = col_str(st, 5);
		r.amount = sqlite3_column_int64(st, 6);
		r.step = col_str(st, 7);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

static int sq_placement_history(struct store_tx *tx, int64_t customer_id, struct placement_history *out,
				struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PL_HISTORY, e);
	memset(out, 0, sizeof(*out));
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	EACH_ROW(ss, st, e, {
		out->attempts = sqlite3_column_int64(st, 0);
		out->last_at = col_ts(st, 1);
		out->promises = sqlite3_column_int64(st, 2);
		stop_ = 0;
	});
	return 0;
}

static int sq_recovery(struct store_tx *tx, date_t from, date_t to, store_recovery_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_RECOVERY, e);
	struct recovery_placement r;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, from);
	bind_date(st, 3, to);
	EACH_ROW(ss, st, e, {
		r.agency = col_str(st, 0);
		r.currency = col_str(st, 1);
		r.age_days = sqlite3_column_int(st, 2);
		r.customer_id = sqlite3_column_int64(st, 3);
		r.amount = sqlite3_column_int64(st, 4);
		r.recovered = sqlite3_column_int64(st, 5);
		r.recalled = sqlite3_column_int(st, 6);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

static int sq_legal_event_add(struct store_tx *tx, int64_t customer_id, const char *state, timestamp_t at,
			      const char *by, int64_t *id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_LEGAL_ADD, e);
	int64_t got = 0;
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_text(st, 3, state);
	bind_ts(st, 4, at);
	bind_text(st, 5, by);
	ret = sq_insert_step(ss, st, &got, e, "adding a legal case step");
	if (id)
		*id = got;
	return ret < 0 ? ret : 0;
}

static int sq_legal_accounts(struct store_tx *tx, store_legal_account_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_LEGAL_ACCOUNTS, e);
	struct legal_account a;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		a.customer_id = sqlite3_column_int64(st, 0);
		a.customer_ref = col_str(st, 1);
		a.name = col_str(st, 2);
		a.currency = col_str(st, 3);
		a.balance = sqlite3_column_int64(st, 4);
		a.oldest_due = col_date(st, 5);
		a.invoices = sqlite3_column_int64(st, 6);
		a.unsigned_invoices = sqlite3_column_int64(st, 7);
		a.tags = col_str(st, 8);
		a.legal_state = col_str(st, 9);
		a.placed = sqlite3_column_int(st, 10);
		stop_ = cb(ctx, &a);
	});
	return 0;
}

static int sq_legal_state(struct store_tx *tx, int64_t customer_id, char *state, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_LEGAL_STATE, e);
	int found = 0;
	state[0] = '\0';
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	EACH_ROW(ss, st, e, {
		col_text(st, 0, state, LEGAL_STATE_MAX + 1);
		found = 1;
		stop_ = 0;
	});
	return found;
}

static int sq_setting_get(struct store_tx *tx, const char *name, char *out, size_t size, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SET_GET, e);
	int found = 0;
	out[0] = '\0';
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, name);
	EACH_ROW(ss, st, e, {
		col_text(st, 0, out, size);
		found = 1;
		stop_ = 0;
	});
	return found;
}

static int sq_setting_put(struct store_tx *tx, const char *name, const char *value, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SET_PUT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, name);
	bind_text(st, 3, value);
	return sq_exec_step(ss, st, e, "setting an escalation setting");
}

static int sq_contact_stats(struct store_tx *tx, timestamp_t from, timestamp_t to, store_contact_stat_cb cb, void *ctx,
			    struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CONTACT_STATS, e);
	struct contact_stat s;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_ts(st, 2, from);
	bind_ts(st, 3, to);
	EACH_ROW(ss, st, e, {
		s.collector = col_str(st, 0);
		s.channel = col_str(st, 1);
		s.attempts = sqlite3_column_int64(st, 2);
		s.calls = sqlite3_column_int64(st, 3);
		s.rpc_calls = sqlite3_column_int64(st, 4);
		s.conversations = sqlite3_column_int64(st, 5);
		s.promises = sqlite3_column_int64(st, 6);
		s.accounts = sqlite3_column_int64(st, 7);
		s.hours = sqlite3_column_int64(st, 8);
		s.breaches = sqlite3_column_int64(st, 9);
		stop_ = cb(ctx, &s);
	});
	return 0;
}

static int sq_contact_breaches(struct store_tx *tx, timestamp_t from, timestamp_t to, store_contact_breach_cb cb,
			       void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CONTACT_BREACHES, e);
	struct contact_breach_stat s;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_ts(st, 2, from);
	bind_ts(st, 3, to);
	EACH_ROW(ss, st, e, {
		s.collector = col_str(st, 0);
		s.rule = col_str(st, 1);
		s.breaches = sqlite3_column_int64(st, 2);
		stop_ = cb(ctx, &s);
	});
	return 0;
}

/* every collector's money, or one collector's (collector not NULL): the same rows */
static int collector_money(struct store_tx *tx, const char *collector, date_t from, date_t to,
			   store_collector_money_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, collector ? ST_COLLECTOR_MONEY_OF : ST_COLLECTOR_MONEY, e);
	struct collector_money m;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, from);
	bind_date(st, 3, to);
	if (collector)
		bind_text(st, 4, collector);
	EACH_ROW(ss, st, e, {
		m.collector = col_str(st, 0);
		m.currency = col_str(st, 1);
		m.promised = sqlite3_column_int64(st, 2);
		m.collected = sqlite3_column_int64(st, 3);
		stop_ = cb(ctx, &m);
	});
	return 0;
}

static int sq_collector_money(struct store_tx *tx, date_t from, date_t to, store_collector_money_cb cb, void *ctx,
			      struct error *e)
{
	return collector_money(tx, NULL, from, to, cb, ctx, e);
}

static int sq_collector_money_of(struct store_tx *tx, const char *collector, date_t from, date_t to,
				 store_collector_money_cb cb, void *ctx, struct error *e)
{
	return collector_money(tx, collector, from, to, cb, ctx, e);
}

static int sq_collector_promises(struct store_tx *tx, timestamp_t from, timestamp_t to, store_collector_promises_cb cb,
				 void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_COLLECTOR_PROMISES, e);
	struct collector_promises p;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_ts(st, 2, from);
	bind_ts(st, 3, to);
	EACH_ROW(ss, st, e, {
		p.collector = col_str(st, 0);
		p.currency = col_str(st, 1);
		p.promises = sqlite3_column_int64(st, 2);
		p.amount = sqlite3_column_int64(st, 3);
		stop_ = cb(ctx, &p);
	});
	return 0;
}

static int sq_placements_each(struct store_tx *tx, store_placement_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PL_ALL, e);
	struct placement p;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		read_placement(st, &p);
		p.recalled_at = col_ts(st, 10);
		col_text(st, 11, p.recalled_by, sizeof(p.recalled_by));
		stop_ = cb(ctx, &p);
	});
	return 0;
}

static int sq_legal_events_each(struct store_tx *tx, store_legal_event_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_LEGAL_ALL, e);
	struct legal_event ev;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		memset(&ev, 0, sizeof(ev));
		ev.id = sqlite3_column_int64(st, 0);
		ev.customer_id = sqlite3_column_int64(st, 1);
		col_text(st, 2, ev.customer_ref, sizeof(ev.customer_ref));
		col_text(st, 3, ev.state, sizeof(ev.state));
		ev.at = col_ts(st, 4);
		col_text(st, 5, ev.by, sizeof(ev.by));
		stop_ = cb(ctx, &ev);
	});
	return 0;
}

const struct store_escalation_ops sq_escalation_ops = {
	.placement_add = sq_placement_add,
	.placements_active = sq_placements_active,
	.placement_recall = sq_placement_recall,
	.placement_reviews = sq_placement_reviews,
	.placement_history = sq_placement_history,
	.recovery = sq_recovery,
	.legal_event_add = sq_legal_event_add,
	.legal_accounts = sq_legal_accounts,
	.legal_state = sq_legal_state,
	.setting_get = sq_setting_get,
	.setting_put = sq_setting_put,
	.contact_stats = sq_contact_stats,
	.collector_money = sq_collector_money,
	.collector_promises = sq_collector_promises,
	.collector_money_of = sq_collector_money_of,
	.contact_breaches = sq_contact_breaches,
	.placements_each = sq_placements_each,
	.legal_events_each = sq_legal_events_each,
};
