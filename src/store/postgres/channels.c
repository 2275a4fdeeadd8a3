/*
 * channels.c: the channel settings, templates and message deliveries
 * (store/channels.h) on PostgreSQL. The same contract as
 * sqlite/channels.c.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

enum stmt_id {
	ST_SET_PUT,
	ST_SET_GET,
	ST_SET_EACH,
	ST_TPL_PUT,
	ST_TPL_EACH,
	ST_TPL_EACH_NAME,
	ST_DUE,
	ST_INVOICES,
	ST_LATER_INVOICES,
	ST_MSG_PUT,
	ST_MSG_GET,
	ST_MSG_MOVE,
	ST_MSG_EACH,
	ST_MSG_EACH_STATE,
	ST_ATTEMPT_ADD,
	ST_SET_ADD,
	ST_MSG_CLAIM,
	ST_MSG_BETWEEN,
	ST_ATTEMPTS_BETWEEN,
	ST_COUNT
};
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

#define MSG_COLS                                                                                             \
	"m.action_id, m.channel, m.state, m.attempts, extract(epoch from m.next_at)::bigint, m.message_id, " \
	"m.recipient, m.last_error, m.encoding, m.segments, extract(epoch from m.sent_at)::bigint, "         \
	"extract(epoch from m.updated_at)::bigint"
/* A message and its action's customer and contact (columns 12, 13): read by message_rows(). */
#define MSG_ACTION_SELECT                                                               \
	"SELECT " MSG_COLS ", a.customer_id, COALESCE(a.contact_id, 0) FROM message m " \
	"JOIN action a ON a.tenant_id = m.tenant_id AND a.id = m.action_id AND a.tenant_id = $1 "
#define TPL_SELECT                                                              \
	"SELECT name, channel, lang, audience, subject, body_text, body_html, " \
	"extract(epoch from updated_at)::bigint, updated_by FROM message_template WHERE tenant_id = $1 "

/*
 * A strategy of the segments (not a plan's own reminders, plan-N, nor a
 * returned payment's, nsf-...): a later message of the account's strategy
 * now supersedes one of the strategy it left (store_outbox_later_invoices_each).
 */
#define SEGMENT_STRATEGIES                                                                                 \
	"(a.strategy NOT LIKE 'plan-%' AND a.strategy NOT LIKE 'nsf-%' AND a0.strategy NOT LIKE 'plan-%' " \
	"AND a0.strategy NOT LIKE 'nsf-%')"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_SET_PUT] = "INSERT INTO setting(tenant_id, key, value, updated_at, updated_by) "
		       "VALUES ($1, $2, $3, to_timestamp($4::bigint), $5) "
		       "ON CONFLICT (tenant_id, key) DO UPDATE SET value = excluded.value, "
		       "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
	[ST_SET_GET] = "SELECT value FROM setting WHERE tenant_id = $1 AND key = $2",
	[ST_SET_ADD] = "INSERT INTO setting(tenant_id, key, value, updated_at, updated_by) "
		       "VALUES ($1, $2, $3, to_timestamp($4::bigint), $5) ON CONFLICT (tenant_id, key) DO NOTHING",
	[ST_SET_EACH] = "SELECT key, value, extract(epoch from updated_at)::bigint, updated_by FROM setting "
			"WHERE tenant_id = $1 ORDER BY key COLLATE \"C\"",
	[ST_TPL_PUT] = "INSERT INTO message_template(tenant_id, name, channel, lang, audience, subject, body_text, "
		       "body_html, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
		       "to_timestamp($9::bigint), $10) "
		       "ON CONFLICT (tenant_id, name, channel, lang, audience) DO UPDATE SET "
		       "subject = excluded.subject, body_text = excluded.body_text, body_html = excluded.body_html, "
		       "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
	[ST_TPL_EACH] = TPL_SELECT "ORDER BY name COLLATE \"C\", channel COLLATE \"C\", lang COLLATE \"C\", "
				   "audience COLLATE \"C\"",
	[ST_TPL_EACH_NAME] = TPL_SELECT "AND name = $2 ORDER BY name COLLATE \"C\", channel COLLATE \"C\", "
					"lang COLLATE \"C\", audience COLLATE \"C\"",
	[ST_DUE] = "SELECT a.id, a.customer_id, COALESCE(a.contact_id, 0), a.kind, a.strategy, a.step, a.currency, "
		   "a.amount, extract(epoch from a.scheduled_at)::bigint, COALESCE(m.state, ''), "
		   "COALESCE(m.attempts, 0) "
		   "FROM action a LEFT JOIN message m ON m.tenant_id = a.tenant_id AND m.action_id = a.id "
		   "AND m.tenant_id = $1 "
		   "WHERE a.tenant_id = $1 AND a.state = 'scheduled' AND a.scheduled_at <= to_timestamp($2::bigint) "
		   "AND a.kind IN ('email', 'sms') "
		   "AND (m.action_id IS NULL OR (m.state = 'retry' AND m.next_at <= to_timestamp($2::bigint))) "
		   "ORDER BY a.scheduled_at, a.id LIMIT $3",
	[ST_INVOICES] = "SELECT invoice_id FROM action_invoice WHERE tenant_id = $1 AND action_id = $2 "
			"ORDER BY invoice_id",
	[ST_LATER_INVOICES] =
		"SELECT DISTINCT ai.invoice_id FROM action a0 JOIN action a ON a.tenant_id = a0.tenant_id "
		"AND a.customer_id = a0.customer_id AND a.currency = a0.currency "
		"AND (a.strategy = a0.strategy OR " SEGMENT_STRATEGIES ") "
		"AND a.run_date > a0.run_date AND (a.kind = 'email' OR a.kind = 'sms' OR a.kind = 'letter') "
		"AND (a.state = 'scheduled' OR a.state = 'done') "
		"JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
		"WHERE a0.tenant_id = $1 AND a0.id = $2 ORDER BY ai.invoice_id",
	[ST_MSG_PUT] = "INSERT INTO message(tenant_id, action_id, channel, state, attempts, next_at, message_id, "
		       "recipient, last_error, encoding, segments, sent_at, updated_at) "
		       "VALUES ($1, $2, $3, $4, $5, to_timestamp($6::bigint), $7, $8, $9, $10, $11, "
		       "to_timestamp($12::bigint), to_timestamp($13::bigint)) "
		       "ON CONFLICT (tenant_id, action_id) DO UPDATE SET channel = excluded.channel, "
		       "state = excluded.state, attempts = excluded.attempts, next_at = excluded.next_at, "
		       "message_id = excluded.message_id, recipient = excluded.recipient, "
		       "last_error = excluded.last_error, encoding = excluded.encoding, "
		       "segments = excluded.segments, sent_at = excluded.sent_at, updated_at = excluded.updated_at",
	[ST_MSG_CLAIM] = "INSERT INTO message(tenant_id, action_id, channel, state, attempts, next_at, message_id, "
			 "recipient, last_error, encoding, segments, sent_at, updated_at) "
			 "VALUES ($1, $2, $3, $4, $5, to_timestamp($6::bigint), $7, $8, $9, $10, $11, "
			 "to_timestamp($12::bigint), to_timestamp($13::bigint)) "
			 "ON CONFLICT (tenant_id, action_id) DO UPDATE SET channel = excluded.channel, "
			 "state = excluded.state, attempts = excluded.attempts, next_at = excluded.next_at, "
			 "message_id = excluded.message_id, recipient = excluded.recipient, "
			 "last_error = excluded.last_error, encoding = excluded.encoding, "
			 "segments = excluded.segments, sent_at = excluded.sent_at, updated_at = excluded.updated_at "
			 "WHERE message.state = 'retry' AND message.attempts = excluded.attempts - 1",
	[ST_MSG_GET] = "SELECT " MSG_COLS ", 0, 0 FROM message m WHERE m.tenant_id = $1 AND m.action_id = $2",
	[ST_MSG_MOVE] = "UPDATE message SET state = $3, updated_at = to_timestamp($4::bigint) "
			"WHERE tenant_id = $1 AND state = $2",
	[ST_MSG_EACH] = MSG_ACTION_SELECT "WHERE m.tenant_id = $1 ORDER BY m.action_id",
	[ST_MSG_EACH_STATE] = MSG_ACTION_SELECT "WHERE m.tenant_id = $1 AND m.state = $2 ORDER BY m.action_id",
	[ST_ATTEMPT_ADD] = "INSERT INTO message_attempt(tenant_id, action_id, n, at, outcome, detail) "
			   "VALUES ($1, $2, $3, to_timestamp($4::bigint), $5, $6)",
	/* copying a book (recoup migrate): a page of actions' messages and their attempts */
	[ST_MSG_BETWEEN] = MSG_ACTION_SELECT "WHERE m.tenant_id = $1 AND m.action_id BETWEEN $2 AND $3 "
					     "ORDER BY m.action_id",
	[ST_ATTEMPTS_BETWEEN] = "SELECT action_id, n, extract(epoch from at)::bigint, outcome, detail "
				"FROM message_attempt WHERE tenant_id = $1 AND action_id BETWEEN $2 AND $3 "
				"ORDER BY action_id, n",
};

static const char *str(const PGresult *r, int i, int col)
{
	return PQgetvalue(r, i, col);
}

static void param_ts_or_null(struct pg_params *p, timestamp_t t)
{
	if (t)
		pg_param_ts(p, t);
	else
		pg_param_null(p);
}

static int pg_setting_put(struct store_tx *tx, const char *key, const char *value, timestamp_t at, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, key);
	pg_param_text(&p, value);
	pg_param_ts(&p, at);
	pg_param_text(&p, tx->actor);
	return pg_exec(PG(tx), PG_CHANNELS, ST_SET_PUT, stmt_sql, &p, e);
}

static int pg_setting_add(struct store_tx *tx, const char *key, const char *value, timestamp_t at, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, key);
	pg_param_text(&p, value);
	pg_param_ts(&p, at);
	pg_param_text(&p, tx->actor);
	return pg_exec(PG(tx), PG_CHANNELS, ST_SET_ADD, stmt_sql, &p, e);
}

static int pg_setting_get(struct store_tx *tx, const char *key, char *value, size_t size, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, key);
	PGresult *res = pg_run(PG(tx), PG_CHANNELS, ST_SET_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	int found = PQntuples(res) == 1;
	if (found)
		pg_text(res, 0, 0, value, size);
	PQclear(res);
	return found;
}

static int pg_settings_each(struct store_tx *tx, store_setting_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	PGresult *res = pg_run(PG(tx), PG_CHANNELS, ST_SET_EACH, stmt_sql, &p, e);
	int stop = 0;
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = cb(ctx, str(res, i, 0), str(res, i, 1), pg_ts(res, i, 2), str(res, i, 3));
	PQclear(res);
	return stop;
}

static int pg_template_put(struct store_tx *tx, const struct stored_template *t, timestamp_t at, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, t->name);
	pg_param_text(&p, t->channel);
	pg_param_text(&p, t->lang);
	pg_param_text(&p, t->audience);
	pg_param_text(&p, t->subject ? t->subject : "");
	pg_param_text(&p, t->text);
	pg_param_text(&p, t->html ? t->html : "");
	pg_param_ts(&p, at);
	pg_param_text(&p, tx->actor);
	return pg_exec(PG(tx), PG_CHANNELS, ST_TPL_PUT, stmt_sql, &p, e);
}

static int pg_templates_each(struct store_tx *tx, const char *name, store_template_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	if (name)
		pg_param_text(&p, name);
	PGresult *res = pg_run(PG(tx), PG_CHANNELS, name ? ST_TPL_EACH_NAME : ST_TPL_EACH, stmt_sql, &p, e);
	int stop = 0;
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		struct stored_template t = {
			.name = str(res, i, 0),
			.channel = str(res, i, 1),
			.lang = str(res, i, 2),
			.audience = str(res, i, 3),
			.subject = str(res, i, 4),
			.text = str(res, i, 5),
			.html = str(res, i, 6),
			.updated_at = pg_ts(res, i, 7),
			.updated_by = str(res, i, 8),
		};
		stop = cb(ctx, &t);
	}
	PQclear(res);
	return stop;
}

static int pg_outbox_due_each(struct store_tx *tx, timestamp_t until, long limit, store_outbox_cb cb, void *ctx,
			      struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_ts(&p, until);
	if (limit > 0)
		pg_param_int(&p, limit);
	else
		pg_param_null(&p); /* LIMIT NULL: no limit */
	PGresult *res = pg_run(PG(tx), PG_CHANNELS, ST_DUE, stmt_sql, &p, e);
	int stop = 0;
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		struct outbox_row r = {
			.action_id = pg_int(res, i, 0),
			.customer_id = pg_int(res, i, 1),
			.contact_id = pg_int(res, i, 2),
			.kind = str(res, i, 3),
			.strategy = str(res, i, 4),
			.step = str(res, i, 5),
			.currency = str(res, i, 6),
			.amount = pg_int(res, i, 7),
			.scheduled_at = pg_ts(res, i, 8),
			.state = str(res, i, 9),
			.attempts = (int)pg_int(res, i, 10),
		};
		stop = cb(ctx, &r);
	}
	PQclear(res);
	return stop;
}

/* The invoice ids statement `id` (ST_INVOICES, ST_LATER_INVOICES) reads for an action. */
static int invoice_ids(struct store_tx *tx, enum stmt_id id, int64_t action_id, store_id_cb cb, void *ctx,
		       struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, action_id);
	PGresult *res = pg_run(PG(tx), PG_CHANNELS, (int)id, stmt_sql, &p, e);
	int stop = 0;
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = cb(ctx, pg_int(res, i, 0));
	PQclear(res);
	return stop;
}

static int pg_outbox_invoices_each(struct store_tx *tx, int64_t action_id, store_id_cb cb, void *ctx, struct error *e)
{
	return invoice_ids(tx, ST_INVOICES, action_id, cb, ctx, e);
}

static int pg_outbox_later_invoices_each(struct store_tx *tx, int64_t action_id, store_id_cb cb, void *ctx,
					 struct error *e)
{
	return invoice_ids(tx, ST_LATER_INVOICES, action_id, cb, ctx, e);
}

/* The 13 parameters of ST_MSG_PUT and ST_MSG_CLAIM. */
static void message_params(struct pg_params *pp, int64_t tenant, const struct message_record *m)
{
	pp->n = 0; /* filled in place: numbers point into pp->buf */
	pg_param_int(pp, tenant);
	pg_param_int(pp, m->action_id);
	pg_param_text(pp, m->channel);
	pg_param_text(pp, m->state);
	pg_param_int(pp, m->attempts);
	param_ts_or_null(pp, m->next_at);
	pg_param_text(pp, m->message_id);
	pg_param_text(pp, m->recipient);
	pg_param_text(pp, m->last_error);
	pg_param_text(pp, m->encoding);
	pg_param_int(pp, m->segments);
	param_ts_or_null(pp, m->sent_at);
	pg_param_ts(pp, m->updated_at);
}

static int pg_message_put(struct store_tx *tx, const struct message_record *m, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	message_params(&p, tx->tenant, m);
	return pg_exec(PG(tx), PG_CHANNELS, ST_MSG_PUT, stmt_sql, &p, e);
}

static int pg_message_claim(struct store_tx *tx, const struct message_record *m, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	message_params(&p, tx->tenant, m);
	PGresult *res = pg_run(PG(tx), PG_CHANNELS, ST_MSG_CLAIM, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	int claimed = strtoll(PQcmdTuples(res), NULL, 10) > 0;
	PQclear(res);
	return claimed;
}

static void read_message(const PGresult *res, int i, struct message_record *m)
{
	memset(m, 0, sizeof(*m));
	m->action_id = pg_int(res, i, 0);
	pg_text(res, i, 1, m->channel, sizeof(m->channel));
	pg_text(res, i, 2, m->state, sizeof(m->state));
	m->attempts = (int)pg_int(res, i, 3);
	m->next_at = pg_ts(res, i, 4);
	pg_text(res, i, 5, m->message_id, sizeof(m->message_id));
	pg_text(res, i, 6, m->recipient, sizeof(m->recipient));
	pg_text(res, i, 7, m->last_error, sizeof(m->last_error));
	pg_text(res, i, 8, m->encoding, sizeof(m->encoding));
	m->segments = (int)pg_int(res, i, 9);
	m->sent_at = pg_ts(res, i, 10);
	m->updated_at = pg_ts(res, i, 11);
}

static int pg_message_get(struct store_tx *tx, int64_t action_id, struct message_record *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, action_id);
	PGresult *res = pg_run(PG(tx), PG_CHANNELS, ST_MSG_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	int found = PQntuples(res) == 1;
	if (found)
		read_message(res, 0, out);
	PQclear(res);
	return found;
}

static int pg_messages_move(struct store_tx *tx, const char *from, const char *to, timestamp_t at, int64_t *n,
			    struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, from);
	pg_param_text(&p, to);
	pg_param_ts(&p, at);
	PGresult *res = pg_run(PG(tx), PG_CHANNELS, ST_MSG_MOVE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	if (n)
		*n = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

/* Runs statement `id` (a MSG_ACTION_SELECT) and passes each message to cb. */
static int message_rows(struct store_tx *tx, enum stmt_id id, const struct pg_params *p, store_message_cb cb, void *ctx,
			struct error *e)
{
	PGresult *res = pg_run(PG(tx), PG_CHANNELS, (int)id, stmt_sql, p, e);
	int stop = 0;
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		struct message_record m;
		read_message(res, i, &m);
		stop = cb(ctx, &m, pg_int(res, i, 12), pg_int(res, i, 13));
	}
	PQclear(res);
	return stop;
}

static int pg_messages_each(struct store_tx *tx, const char *state, store_message_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	if (state)
		pg_param_text(&p, state);
	return message_rows(tx, state ? ST_MSG_EACH_STATE : ST_MSG_EACH, &p, cb, ctx, e);
}

static int pg_message_attempt_add(struct store_tx *tx, int64_t action_id, int n, timestamp_t at, const char *outcome,
				  const char *detail, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, action_id);
	pg_param_int(&p, n);
	pg_param_ts(&p, at);
	pg_param_text(&p, outcome);
	pg_param_text(&p, detail ? detail : "");
	return pg_exec(PG(tx), PG_CHANNELS, ST_ATTEMPT_ADD, stmt_sql, &p, e);
}

static int pg_messages_between(struct store_tx *tx, int64_t from_action, int64_t to_action, store_message_cb cb,
			       void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_action);
	pg_param_int(&p, to_action);
	return message_rows(tx, ST_MSG_BETWEEN, &p, cb, ctx, e);
}

static int pg_message_attempts_between(struct store_tx *tx, int64_t from_action, int64_t to_action,
				       store_message_attempt_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_action);
	pg_param_int(&p, to_action);
	PGresult *res = pg_run(PG(tx), PG_CHANNELS, ST_ATTEMPTS_BETWEEN, stmt_sql, &p, e);
	int stop = 0;
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		struct message_attempt a = { pg_int(res, i, 0), (int)pg_int(res, i, 1), pg_ts(res, i, 2),
					     PQgetvalue(res, i, 3), PQgetvalue(res, i, 4) };
		stop = cb(ctx, &a);
	}
	PQclear(res);
	return stop;
}

const struct store_channels_ops pg_channels_ops = {
	.setting_put = pg_setting_put,
	.setting_get = pg_setting_get,
	.setting_add = pg_setting_add,
	.message_claim = pg_message_claim,
	.settings_each = pg_settings_each,
	.template_put = pg_template_put,
	.templates_each = pg_templates_each,
	.outbox_due_each = pg_outbox_due_each,
	.outbox_invoices_each = pg_outbox_invoices_each,
	.outbox_later_invoices_each = pg_outbox_later_invoices_each,
	.message_put = pg_message_put,
	.message_get = pg_message_get,
	.messages_move = pg_messages_move,
	.messages_each = pg_messages_each,
	.message_attempt_add = pg_message_attempt_add,
	.messages_between = pg_messages_between,
	.message_attempts_between = pg_message_attempts_between,
};
