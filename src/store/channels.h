/*
 * channels.h: what sending messages reads and records (docs/channels.md):
 * the tenant's channel settings (table setting), its edited templates
 * (message_template), and the delivery of each message action (message,
 * message_attempt).
 *
 * The outbox is the message actions the daily run records (store/actions.h:
 * kind email or sms, state scheduled, scheduled_at). A `message` row keyed
 * by the action's id holds the delivery: created in state 'sending' and
 * committed before the hand-over to the server, then 'sent', 'retry' (a
 * transient failure; next_at says when), 'failed' (permanent, or the
 * attempts ran out) or 'unsure' (found 'sending' at the start of a send:
 * the process died during a hand-over, the message may have gone). The
 * action itself moves to done when sent, cancelled when re-checked and no
 * longer right (or failed), so the daily run reads only what still waits.
 *
 * Records passed to callbacks are valid during the callback only.
 */
#ifndef RECOUP_STORE_CHANNELS_H
#define RECOUP_STORE_CHANNELS_H

#include <stddef.h>

#include "store/store.h"

#define SETTING_KEY_MAX       64
#define SETTING_VALUE_MAX     1024
#define MESSAGE_STATE_MAX     8
#define MESSAGE_ID_MAX        128
#define MESSAGE_ERROR_MAX     512
#define MESSAGE_RECIPIENT_MAX 256

/* ---- settings ---- */

/* Sets (inserts or replaces) a setting. Write. */
int store_setting_put(struct store_tx *tx, const char *key, const char *value, timestamp_t at, struct error *e);
/*
 * Stores a setting only when the key has none (a value made once, such as
 * the opt-out links' key: whoever comes first wins, a later call changes
 * nothing; read it back with store_setting_get). Write.
 */
int store_setting_add(struct store_tx *tx, const char *key, const char *value, timestamp_t at, struct error *e);
/* 1 and the value (truncated to size), or 0 when not set. */
int store_setting_get(struct store_tx *tx, const char *key, char *value, size_t size, struct error *e);
/* Every setting of the tenant by key; strings valid during the callback. */
typedef int (*store_setting_cb)(void *ctx, const char *key, const char *value, timestamp_t updated_at,
				const char *updated_by);
int store_settings_each(struct store_tx *tx, store_setting_cb cb, void *ctx, struct error *e);

/* ---- templates ---- */

/* A stored template; the strings belong to the store (valid during a callback). */
struct stored_template {
	const char *name, *channel, *lang, *audience;
	const char *subject, *text, *html; /* "" when none */
	timestamp_t updated_at;
	const char *updated_by;
};
/* Inserts or replaces the template of (name, channel, lang, audience). Write. */
int store_template_put(struct store_tx *tx, const struct stored_template *t, timestamp_t at, struct error *e);
typedef int (*store_template_cb)(void *ctx, const struct stored_template *t);
/*
 * The tenant's templates, by name, channel, lang, audience; `name` NULL
 * every one, else those of that name.
 */
int store_templates_each(struct store_tx *tx, const char *name, store_template_cb cb, void *ctx, struct error *e);

/* ---- the outbox ---- */

/* A message action that is due, with its delivery so far. */
struct outbox_row {
	int64_t action_id;
	int64_t customer_id;
	int64_t contact_id; /* 0: none */
	const char *kind;   /* email, sms */
	const char *strategy;
	const char *step;
	const char *currency;
	int64_t amount;
	timestamp_t scheduled_at;
	const char *state; /* the message's: "" none yet, or "retry" */
	int attempts;
};
typedef int (*store_outbox_cb)(void *ctx, const struct outbox_row *r);
/*
 * The actions of kind email or sms in state scheduled with scheduled_at <=
 * `until`, that have no message yet or one in 'retry' with next_at <=
 * `until`, by scheduled_at then id, at most `limit` (0: no limit).
 */
int store_outbox_due_each(struct store_tx *tx, timestamp_t until, long limit, store_outbox_cb cb, void *ctx,
			  struct error *e);
/* The invoices an action covers (ids, ascending). */
typedef int (*store_id_cb)(void *ctx, int64_t id);
int store_outbox_invoices_each(struct store_tx *tx, int64_t action_id, store_id_cb cb, void *ctx, struct error *e);
/*
 * The invoices (ids, ascending, each once) that a later run has given a
 * later step of the same strategy, or of another of the segments'
 * strategies when both are (the account moved: not a plan's or a returned
 * payment's own), in a message (email, sms, letter)
 * waiting or done, for the customer and currency of message action
 * `action_id`: what app/send drops from the message (a reminder that
 * waited out an outage is not handed over beside the step that followed
 * it). Read.
 */
int store_outbox_later_invoices_each(struct store_tx *tx, int64_t action_id, store_id_cb cb, void *ctx,
				     struct error *e);

struct message_record {
	int64_t action_id;
	char channel[8];
	char state[MESSAGE_STATE_MAX + 1];
	int attempts;
	timestamp_t next_at; /* retry: when; else 0 */
	char message_id[MESSAGE_ID_MAX + 1];
	char recipient[MESSAGE_RECIPIENT_MAX + 1];
	char last_error[MESSAGE_ERROR_MAX + 1];
	char encoding[8]; /* sms: gsm7, ucs2 */
	int segments;
	timestamp_t sent_at; /* 0: not sent */
	timestamp_t updated_at;
};
/* Inserts or replaces the message of m->action_id. Write. */
int store_message_put(struct store_tx *tx, const struct message_record *m, struct error *e);
/*
 * Claims an action's message for a hand-over: writes m (state 'sending')
 * only when the action has no message yet, or has one in 'retry' whose
 * attempts are m->attempts - 1 (the attempt the claimer read). 1 claimed;
 * 0 another sender claimed or recorded it first (nothing written). One
 * statement, so two senders in concurrent transactions (PostgreSQL's READ
 * COMMITTED included: the second waits for the first's row, then finds
 * its condition false) never both claim one attempt. Write.
 */
int store_message_claim(struct store_tx *tx, const struct message_record *m, struct error *e);
/* 1 and *out, or 0 when the action has no message. */
int store_message_get(struct store_tx *tx, int64_t action_id, struct message_record *out, struct error *e);
/*
 * Moves every message in state `from` to `to` (sending -> unsure at the
 * start of a send); *n how many. Write.
 */
int store_messages_move(struct store_tx *tx, const char *from, const char *to, timestamp_t at, int64_t *n,
			struct error *e);
/* The messages in `state` (NULL: all), by action id, with their action's customer and contact ids. */
typedef int (*store_message_cb)(void *ctx, const struct message_record *m, int64_t customer_id, int64_t contact_id);
int store_messages_each(struct store_tx *tx, const char *state, store_message_cb cb, void *ctx, struct error *e);
/* Records attempt `n` (1-based) of an action's message: its moment, outcome and detail. Write. */
int store_message_attempt_add(struct store_tx *tx, int64_t action_id, int n, timestamp_t at, const char *outcome,
			      const char *detail, struct error *e);

/* ---- copying a book (recoup migrate) ---- */

/*
 * The messages of the actions with ids in [from, to], by action id, as
 * store_messages_each gives them: a page of actions' messages at a time.
 */
int store_messages_between(struct store_tx *tx, int64_t from_action, int64_t to_action, store_message_cb cb, void *ctx,
			   struct error *e);
/* One attempt at handing a message over (table message_attempt); strings valid during the callback. */
struct message_attempt {
	int64_t action_id;
	int n; /* 1-based */
	timestamp_t at;
	const char *outcome;
	const char *detail;
};
typedef int (*store_message_attempt_cb)(void *ctx, const struct message_attempt *a);
/* The attempts of the messages of the actions with ids in [from, to], by action id then n. */
int store_message_attempts_between(struct store_tx *tx, int64_t from_action, int64_t to_action,
				   store_message_attempt_cb cb, void *ctx, struct error *e);

#endif
