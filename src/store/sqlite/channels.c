/*
 * channels.c: the channel settings, templates and message deliveries
 * (store/channels.h) on SQLite. Moments are RFC 3339 UTC text of one
 * fixed form, so text order is time order.
 */
#include "store/sqlite/sqlite_int.h"

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
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

#define MSG_COLS                                                                                            \
	"m.action_id, m.channel, m.state, m.attempts, m.next_at, m.message_id, m.recipient, m.last_error, " \
	"m.encoding, m.segments, m.sent_at, m.updated_at"
/* A message and its action's customer and contact (columns 12, 13): read by message_rows(). */
#define MSG_ACTION_SELECT                                                               \
	"SELECT " MSG_COLS ", a.customer_id, COALESCE(a.contact_id, 0) FROM message m " \
	"JOIN action a ON a.tenant_id = m.tenant_id AND a.id = m.action_id "
#define TPL_SELECT                                                                                          \
	"SELECT name, channel, lang, audience, subject, body_text, body_html, updated_at, updated_by FROM " \
	"message_template WHERE tenant_id = ?1 "

/*
 * A strategy of the segments (not a plan's own reminders, plan-N, nor a
 * returned payment's, nsf-...): a later message of the account's strategy
 * now supersedes one of the strategy it left (store_outbox_later_invoices_each).
 */
#define SEGMENT_STRATEGIES                                                                                 \
	"(a.strategy NOT LIKE 'plan-%' AND a.strategy NOT LIKE 'nsf-%' AND a0.strategy NOT LIKE 'plan-%' " \
	"AND a0.strategy NOT LIKE 'nsf-%')"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_SET_PUT] = "INSERT INTO setting(tenant_id, key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5) "
		       "ON CONFLICT (tenant_id, key) DO UPDATE SET value = excluded.value, "
		       "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
	[ST_SET_GET] = "SELECT value FROM setting WHERE tenant_id = ?1 AND key = ?2",
	[ST_SET_ADD] = "INSERT INTO setting(tenant_id, key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5) "
		       "ON CONFLICT (tenant_id, key) DO NOTHING",
	[ST_SET_EACH] = "SELECT key, value, updated_at, updated_by FROM setting WHERE tenant_id = ?1 ORDER BY key",
	[ST_TPL_PUT] = "INSERT INTO message_template(tenant_id, name, channel, lang, audience, subject, body_text, "
		       "body_html, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
		       "ON CONFLICT (tenant_id, name, channel, lang, audience) DO UPDATE SET "
		       "subject = excluded.subject, body_text = excluded.body_text, body_html = excluded.body_html, "
		       "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
	[ST_TPL_EACH] = TPL_SELECT "ORDER BY name, channel, lang, audience",
	[ST_TPL_EACH_NAME] = TPL_SELECT "AND name = ?2 ORDER BY name, channel, lang, audience",
	[ST_DUE] = "SELECT a.id, a.customer_id, COALESCE(a.contact_id, 0), a.kind, a.strategy, a.step, a.currency, "
		   "a.amount, a.scheduled_at, COALESCE(m.state, ''), COALESCE(m.attempts, 0) "
		   "FROM action a LEFT JOIN message m ON m.tenant_id = a.tenant_id AND m.action_id = a.id "
		   "WHERE a.tenant_id = ?1 AND a.state = 'scheduled' AND a.scheduled_at <= ?2 "
		   "AND (a.kind = 'email' OR a.kind = 'sms') "
		   "AND (m.action_id IS NULL OR (m.state = 'retry' AND m.next_at <= ?2)) "
		   "ORDER BY a.scheduled_at, a.id LIMIT ?3",
	[ST_INVOICES] = "SELECT invoice_id FROM action_invoice WHERE tenant_id = ?1 AND action_id = ?2 "
			"ORDER BY invoice_id",
	[ST_LATER_INVOICES] =
		"SELECT DISTINCT ai.invoice_id FROM action a0 JOIN action a ON a.tenant_id = a0.tenant_id "
		"AND a.customer_id = a0.customer_id AND a.currency = a0.currency "
		"AND (a.strategy = a0.strategy OR " SEGMENT_STRATEGIES ") "
		"AND a.run_date > a0.run_date AND (a.kind = 'email' OR a.kind = 'sms' OR a.kind = 'letter') "
		"AND (a.state = 'scheduled' OR a.state = 'done') "
		"JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
		"WHERE a0.tenant_id = ?1 AND a0.id = ?2 ORDER BY ai.invoice_id",
	[ST_MSG_PUT] = "INSERT INTO message(tenant_id, action_id, channel, state, attempts, next_at, message_id, "
		       "recipient, last_error, encoding, segments, sent_at, updated_at) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
		       "ON CONFLICT (tenant_id, action_id) DO UPDATE SET channel = excluded.channel, "
		       "state = excluded.state, attempts = excluded.attempts, next_at = excluded.next_at, "
		       "message_id = excluded.message_id, recipient = excluded.recipient, "
		       "last_error = excluded.last_error, encoding = excluded.encoding, "
		       "segments = excluded.segments, sent_at = excluded.sent_at, updated_at = excluded.updated_at",
	[ST_MSG_CLAIM] = "INSERT INTO message(tenant_id, action_id, channel, state, attempts, next_at, message_id, "
			 "recipient, last_error, encoding, segments, sent_at, updated_at) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
			 "ON CONFLICT (tenant_id, action_id) DO UPDATE SET channel = excluded.channel, "
			 "state = excluded.state, attempts = excluded.attempts, next_at = excluded.next_at, "
			 "message_id = excluded.message_id, recipient = excluded.recipient, "
			 "last_error = excluded.last_error, encoding = excluded.encoding, "
			 "segments = excluded.segments, sent_at = excluded.sent_at, updated_at = excluded.updated_at "
			 "WHERE message.state = 'retry' AND message.attempts = excluded.attempts - 1",
	[ST_MSG_GET] = "SELECT " MSG_COLS ", 0, 0 FROM message m WHERE m.tenant_id = ?1 AND m.action_id = ?2",
	[ST_MSG_MOVE] = "UPDATE message SET state = ?3, updated_at = ?4 WHERE tenant_id = ?1 AND state = ?2",
	[ST_MSG_EACH] = MSG_ACTION_SELECT "WHERE m.tenant_id = ?1 ORDER BY m.action_id",
	[ST_MSG_EACH_STATE] = MSG_ACTION_SELECT "WHERE m.tenant_id = ?1 AND m.state = ?2 ORDER BY m.action_id",
	[ST_ATTEMPT_ADD] = "INSERT INTO message_attempt(tenant_id, action_id, n, at, outcome, detail) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* copying a book (recoup migrate): a page of actions' messages and their attempts */
	[ST_MSG_BETWEEN] = MSG_ACTION_SELECT "WHERE m.tenant_id = ?1 AND m.action_id BETWEEN ?2 AND ?3 "
					     "ORDER BY m.action_id",
	[ST_ATTEMPTS_BETWEEN] = "SELECT action_id, n, at, outcome, detail FROM message_attempt "
				"WHERE tenant_id = ?1 AND action_id BETWEEN ?2 AND ?3 ORDER BY action_id, n",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_CHANNELS, id, stmt_sql, e);
}

static const char *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

static void bind_ts_or_null(sqlite3_stmt *st, int i, timestamp_t t)
{
	if (t)
		bind_ts(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

static void read_template(sqlite3_stmt *st, struct stored_template *t)
{
	t->name = col_str(st, 0);
	t->channel = col_str(st, 1);
	t->lang = col_str(st, 2);
	t->audience = col_str(st, 3);
	t->subject = col_str(st, 4);
	t->text = col_str(st, 5);
	t->html = col_str(st, 6);
	t->updated_at = col_ts(st, 7);
	t->updated_by = col_str(st, 8);
}

static void read_outbox(sqlite3_stmt *st, struct outbox_row *r)
{
	r->action_id = sqlite3_column_int64(st, 0);
	r->customer_id = sqlite3_column_int64(st, 1);
	r->contact_id = sqlite3_column_int64(st, 2);
	r->kind = col_str(st, 3);
	r->strategy = col_str(st, 4);
	r->step = col_str(st, 5);
	r->currency = col_str(st, 6);
	r->amount = sqlite3_column_int64(st, 7);
	r->scheduled_at = col_ts(st, 8);
	r->state = col_str(st, 9);
	r->attempts = sqlite3_column_int(st, 10);
}

static int sq_setting_put(struct store_tx *tx, const char *key, const char *value, timestamp_t at, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SET_PUT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, key);
	bind_text(st, 3, value);
	bind_ts(st, 4, at);
	bind_text(st, 5, tx->actor);
	return sq_exec_step(ss, st, e, "setting a channel setting");
}

static int sq_setting_add(struct store_tx *tx, const char *key, const char *value, timestamp_t at, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SET_ADD, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, key);
	bind_text(st, 3, value);
	bind_ts(st, 4, at);
	bind_text(st, 5, tx->actor);
	return sq_exec_step(ss, st, e, "adding a channel setting");
}

static int sq_setting_get(struct store_tx *tx, const char *key, char *value, size_t size, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SET_GET, e);
	int found = 0;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, key);
	EACH_ROW(ss, st, e, {
		col_text(st, 0, value, size);
		found = 1;
		stop_ = 0;
	});
	return found;
}

static int sq_settings_each(struct store_tx *tx, store_setting_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SET_EACH, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, { stop_ = cb(ctx, col_str(st, 0), col_str(st, 1), col_ts(st, 2), col_str(st, 3)); });
	return 0;
}

static int sq_template_put(struct store_tx *tx, const struct stored_template *t, timestamp_t at, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_TPL_PUT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, t->name);
	bind_text(st, 3, t->channel);
	bind_text(st, 4, t->lang);
	bind_text(st, 5, t->audience);
	bind_text(st, 6, t->subject ? t->subject : "");
	bind_text(st, 7, t->text);
	bind_text(st, 8, t->html ? t->html : "");
	bind_ts(st, 9, at);
	bind_text(st, 10, tx->actor);
	return sq_exec_step(ss, st, e, "storing a template");
}

static int sq_templates_each(struct store_tx *tx, const char *name, store_template_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, name ? ST_TPL_EACH_NAME : ST_TPL_EACH, e);
	struct stored_template t;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	if (name)
		bind_text(st, 2, name);
	EACH_ROW(ss, st, e, {
		read_template(st, &t);
		stop_ = cb(ctx, &t);
	});
	return 0;
}

static int sq_outbox_due_each(struct store_tx *tx, timestamp_t until, long limit, store_outbox_cb cb, void *ctx,
			      struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_DUE, e);
	struct outbox_row r;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_ts(st, 2, until);
	sqlite3_bind_int64(st, 3, limit > 0 ? limit : -1);
	EACH_ROW(ss, st, e, {
		read_outbox(st, &r);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

/* The invoice ids statement `id` (ST_INVOICES, ST_LATER_INVOICES) reads for an action. */
static int invoice_ids(struct store_tx *tx, enum stmt_id id, int64_t action_id, store_id_cb cb, void *ctx,
		       struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, id, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, action_id);
	EACH_ROW(ss, st, e, { stop_ = cb(ctx, sqlite3_column_int64(st, 0)); });
	return 0;
}

static int sq_outbox_invoices_each(struct store_tx *tx, int64_t action_id, store_id_cb cb, void *ctx, struct error *e)
{
	return invoice_ids(tx, ST_INVOICES, action_id, cb, ctx, e);
}

static int sq_outbox_later_invoices_each(struct store_tx *tx, int64_t action_id, store_id_cb cb, void *ctx,
					 struct error *e)
{
	return invoice_ids(tx, ST_LATER_INVOICES, action_id, cb, ctx, e);
}

static void bind_message(sqlite3_stmt *st, int64_t tenant, const struct message_record *m);

static int sq_message_put(struct store_tx *tx, const struct message_record *m, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_MSG_PUT, e);
	if (!st)
		return -ERR_ENV;
	bind_message(st, tx->tenant, m);
	return sq_exec_step(ss, st, e, "recording a message");
}

/* The 13 parameters of ST_MSG_PUT and ST_MSG_CLAIM. */
static void bind_message(sqlite3_stmt *st, int64_t tenant, const struct message_record *m)
{
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, m->action_id);
	bind_text(st, 3, m->channel);
	bind_text(st, 4, m->state);
	sqlite3_bind_int(st, 5, m->attempts);
	bind_ts_or_null(st, 6, m->next_at);
	bind_text(st, 7, m->message_id);
	bind_text(st, 8, m->recipient);
	bind_text(st, 9, m->last_error);
	bind_text(st, 10, m->encoding);
	sqlite3_bind_int(st, 11, m->segments);
	bind_ts_or_null(st, 12, m->sent_at);
	bind_ts(st, 13, m->updated_at);
}

static int sq_message_claim(struct store_tx *tx, const struct message_record *m, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_MSG_CLAIM, e);
	if (!st)
		return -ERR_ENV;
	bind_message(st, tx->tenant, m);
	int ret = sq_exec_step(ss, st, e, "claiming a message");
	return ret < 0 ? ret : sqlite3_changes(ss->db) > 0;
}

static void read_message(sqlite3_stmt *st, struct message_record *m)
{
	memset(m, 0, sizeof(*m));
	m->action_id = sqlite3_column_int64(st, 0);
	col_text(st, 1, m->channel, sizeof(m->channel));
	col_text(st, 2, m->state, sizeof(m->state));
	m->attempts = sqlite3_column_int(st, 3);
	m->next_at = col_ts(st, 4);
	col_text(st, 5, m->message_id, sizeof(m->message_id));
	col_text(st, 6, m->recipient, sizeof(m->recipient));
	col_text(st, 7, m->last_error, sizeof(m->last_error));
	col_text(st, 8, m->encoding, sizeof(m->encoding));
	m->segments = sqlite3_column_int(st, 9);
	m->sent_at = col_ts(st, 10);
	m->updated_at = col_ts(st, 11);
}

static int sq_message_get(struct store_tx *tx, int64_t action_id, struct message_record *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_MSG_GET, e);
	int found = 0;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, action_id);
	EACH_ROW(ss, st, e, {
		read_message(st, out);
		found = 1;
		stop_ = 0;
	});
	return found;
}

static int sq_messages_move(struct store_tx *tx, const char *from, const char *to, timestamp_t at, int64_t *n,
			    struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_MSG_MOVE, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, from);
	bind_text(st, 3, to);
	bind_ts(st, 4, at);
	ret = sq_exec_step(ss, st, e, "moving messages");
	if (ret < 0)
		return ret;
	if (n)
		*n = sqlite3_changes(ss->db);
	return 0;
}

/* Steps st, bound (a MSG_ACTION_SELECT), and passes each message to cb. */
static int message_rows(struct sqlite_store *ss, sqlite3_stmt *st, store_message_cb cb, void *ctx, struct error *e)
{
	struct message_record m;
	EACH_ROW(ss, st, e, {
		read_message(st, &m);
		stop_ = cb(ctx, &m, sqlite3_column_int64(st, 12), sqlite3_column_int64(st, 13));
	});
	return 0;
}

static int sq_messages_each(struct store_tx *tx, const char *state, store_message_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, state ? ST_MSG_EACH_STATE : ST_MSG_EACH, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	if (state)
		bind_text(st, 2, state);
	return message_rows(ss, st, cb, ctx, e);
}

static int sq_message_attempt_add(struct store_tx *tx, int64_t action_id, int n, timestamp_t at, const char *outcome,
				  const char *detail, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ATTEMPT_ADD, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, action_id);
	sqlite3_bind_int(st, 3, n);
	bind_ts(st, 4, at);
	bind_text(st, 5, outcome);
	bind_text(st, 6, detail ? detail : "");
	return sq_exec_step(ss, st, e, "recording a message attempt");
}

static int sq_messages_between(struct store_tx *tx, int64_t from_action, int64_t to_action, store_message_cb cb,
			       void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_MSG_BETWEEN, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_action);
	sqlite3_bind_int64(st, 3, to_action);
	return message_rows(ss, st, cb, ctx, e);
}

static int sq_message_attempts_between(struct store_tx *tx, int64_t from_action, int64_t to_action,
				       store_message_attempt_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ATTEMPTS_BETWEEN, e);
	struct message_attempt a;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_action);
	sqlite3_bind_int64(st, 3, to_action);
	EACH_ROW(ss, st, e, {
		a.action_id = sqlite3_column_int64(st, 0);
		a.n = sqlite3_column_int(st, 1);
		a.at = col_ts(st, 2);
		a.outcome = col_str(st, 3);
		a.detail = col_str(st, 4);
		stop_ = cb(ctx, &a);
	});
	return 0;
}

const struct store_channels_ops sq_channels_ops = {
	.setting_put = sq_setting_put,
	.setting_get = sq_setting_get,
	.setting_add = sq_setting_add,
	.message_claim = sq_message_claim,
	.settings_each = sq_settings_each,
	.template_put = sq_template_put,
	.templates_each = sq_templates_each,
	.outbox_due_each = sq_outbox_due_each,
	.outbox_invoices_each = sq_outbox_invoices_each,
	.outbox_later_invoices_each = sq_outbox_later_invoices_each,
	.message_put = sq_message_put,
	.message_get = sq_message_get,
	.messages_move = sq_messages_move,
	.messages_each = sq_messages_each,
	.message_attempt_add = sq_message_attempt_add,
	.messages_between = sq_messages_between,
	.message_attempts_between = sq_message_attempts_between,
};
