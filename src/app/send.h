/*
 * send.h: the outbox (docs/channels.md): `recoup send` hands the message
 * actions that are due to their channel, exactly as the contact rules and
 * the account allow at that moment.
 *
 * The outbox is the daily run's message actions (kind email or sms, state
 * scheduled) plus one `message` row per action (store/channels.h). For
 * each due row, in one write transaction: the row is checked again (its
 * invoices still open net of unapplied credit, else cancelled "settled";
 * no current hold on them, else cancelled with the hold's kind; not
 * taken by a later run to a later step of the same strategy in another
 * message, else cancelled "superseded" (an outage is not a burst); the
 * contact rules at this moment through app/rules_ctx, else cancelled with
 * the rule's code when the stop is permanent, or left waiting until the
 * next allowed moment), the message is rendered and recorded `sending`,
 * and that is committed BEFORE the hand-over; then the outcome is
 * recorded: sent (the action done, a contact attempt with outcome sent, so
 * the frequency caps count it), retry later with exponential backoff
 * (transient), or failed (permanent, or attempts exhausted).
 *
 * A row whose template cannot be found or rendered, whose channel is not
 * configured, or a message to a debtor in Brazil that does not show the
 * supplier's CNPJ (Código de Defesa do Consumidor art. 42-A: the setting
 * letter.cnpj missing or not valid, or a template without
 * {{creditor.cnpj}}; code no_cnpj) is skipped: nothing recorded, left for
 * a person, taken again by the next send.
 *
 * A row found `sending` when a send starts was being handed over when its
 * process died: it is marked `unsure` and never sent again automatically
 * (a second dunning message is worse than a late one); `recoup send
 * --unsure` lists them for a person.
 *
 * Sends for one tenant are serialised with its daily run by the run lock
 * (store_run_lock): a run never cancels or supersedes a row while it is
 * being sent.
 */
#ifndef RECOUP_APP_SEND_H
#define RECOUP_APP_SEND_H

#include <jansson.h>
#include <stdatomic.h>

#include "app/app.h"
#include "channels/channel.h"
#include "core/contact_rules.h"
#include "core/model.h"

/*
 * The clock of a send that hands messages over. They leave at the
 * machine's moment, so the contact rules (and what is due) must be asked
 * at that moment: a send's clock (ctx->now, which `recoup send --now` and
 * serve's --send-now set) may be at most SEND_CLOCK_TOLERANCE seconds from
 * the machine's. A minute: a script's timestamp taken a moment before the
 * command (seconds, even on a loaded host or a PostgreSQL retry) still
 * works, and a stale or early clock can put a message at most that far
 * past the edge of a contact window (written to the minute). What does not
 * transmit (the letters, the unsure list, a person's decision) takes any
 * clock.
 */
#define SEND_CLOCK_TOLERANCE 60

/*
 * 0 when `now` is within SEND_CLOCK_TOLERANCE of `machine`, else
 * -ERR_USAGE naming `name` ("--now", "--send-now"), both moments and why
 * (e->field "now", "send_now"). Pure: the caller reads the machine's clock
 * (a use case never does).
 */
int send_clock_check(const char *name, timestamp_t now, timestamp_t machine, struct error *e);

struct send_options {
	/*
	 * The machine's clock (a use case never reads the clock itself; the
	 * caller gives it): send_run reads it first and refuses, before it reads
	 * or changes anything, a ctx->now away from it (send_clock_check), and a
	 * caller that gave none. It reads it again before each row, and the
	 * send's moment moves on by what it has moved since the start, never
	 * back: a long send (a slow server, ten thousand rows) asks the contact
	 * rules, and records, at the moment each message leaves, so a window
	 * that closes during the send closes for the rows after it.
	 */
	timestamp_t (*clock)(void *arg);
	void *clock_arg;
	timestamp_t until; /* send what is due at or before it; 0: ctx->now */
	long limit;        /* at most this many rows; 0: no limit */
	/*
	 * NULL, or a flag another thread sets to stop the send between two
	 * rows (`recoup serve`'s worker at SIGTERM): the row in hand is
	 * finished (its outcome recorded), no further one is begun.
	 */
	const atomic_int *stop;
};

/* What happened to one row; strings valid during the callback. */
struct send_event {
	int64_t action_id;
	const char *kind;      /* email, sms */
	const char *customer;  /* ref */
	const char *recipient; /* address or number; "" none */
	const char *state;     /* sent, retry, failed, cancelled, waiting, skipped */
	const char *code;      /* the reason's code ("settled", "dispute", "optout", "smtp"...), "" none */
	const char *detail;    /* what the server said, or the reason's sentence */
	const char *message_id;
	const char *encoding; /* sms */
	int segments;
	int attempts;
	timestamp_t next_at; /* retry, waiting: when */
};
typedef int (*send_event_cb)(void *ctx, const struct send_event *ev);

struct send_summary {
	long sent, retry, failed, cancelled, waiting, skipped;
	long unsure; /* rows found `sending` and marked unsure at the start */
	/*
	 * Hand-overs that got no reply because the server could not be reached
	 * or did not answer (channel_result.unreachable), counted in retry or
	 * failed as well: per channel (email, sms), with what the last one of
	 * either said (the host and port in curl's words). `recoup send` exits
	 * 3 when nothing was sent and one of these is why (docs/channels.md).
	 */
	long unreachable_email, unreachable_sms;
	char unreachable_detail[512];
	/*
	 * A channel whose server refused recoup's settings (channel_result.config:
	 * the URL, the login, the sender): the message that met it and every
	 * later one of that channel are left as they were (skipped, code
	 * `config`), not failed. `config_detail` says what the server said and
	 * which settings to check; `recoup send` exits 3 (docs/channels.md).
	 */
	long config_email, config_sms;
	char config_detail[1536];
	/* hand-overs that timed out: their channel was asked no more in the send, its later rows skipped (`timeout`) */
	long timed_out;
};

/*
 * Sends what is due. 0 (each row's outcome through `cb`, which may be
 * NULL), -ERR_USAGE when ctx->now is away from o->clock's reading (nothing
 * read or changed), -ERR_CONFLICT when the tenant's run or another send
 * holds the lock, -ERR_ENV for the database.
 */
int send_run(const struct app_ctx *ctx, const struct send_options *o, send_event_cb cb, void *cb_ctx,
	     struct send_summary *sum, struct error *e);

/* The rows marked unsure (the message may have gone), by action id. */
int send_unsure(const struct app_ctx *ctx, send_event_cb cb, void *cb_ctx, struct error *e);

/*
 * The day's letters (app/letters.h letters_render_day) into one PDF,
 * DIR/letters-YYYY-MM-DD.pdf (ctx->today; -2, -3... for a later batch of
 * the same day, never over a printed one), with the tenant's letter
 * settings (creditor.name, letter.sender_address, letter.cnpj,
 * payment.instructions); once the file is in place the actions it stands
 * for are done, each with a `message` row (channel letter, sent, the file
 * as recipient) and its attempt, and each letter is a contact attempt
 * (channel letter, outcome sent, with the contact it greets, about the
 * invoices it lists), so that the contact history, `report contacts` and
 * any frequency cap that counts letters see it, as an email's: one per
 * letter, however many actions it stands for (one letter was posted). An
 * action checked again and not printed
 * (send_check_letter: paid since, held, stopped for good) is cancelled
 * with its code and reason in the same transaction (even when no letter is
 * left to print), each told through `cb` (may be NULL): kind letter, state
 * cancelled, the code, the reason in detail. Actions skipped by the
 * letters (no postal address, a letter template that does not render...)
 * are left scheduled for a person and counted, each told through `cb`:
 * kind letter, state skipped, code no_letter, the reason in detail.
 *
 * The letters are judged and drawn in a read transaction, recorded in a
 * later write one: an action only still `scheduled` then is marked done
 * (store_action_move), cancelled likewise. One another writer moved
 * meanwhile (a promise, a plan, a dispute recorded since cancelled it) is
 * left as that writer left it, and told through `cb` as skipped, code
 * `changed`, with its state and code now and, when no action of its
 * letter was recorded, that the letter is in the file and is to be taken
 * out before posting (counted in `changed` and `withdrawn`); such a
 * letter is no contact attempt. Under the run lock. *path receives the
 * file ("" when no letter was printed).
 */
struct send_letters_result {
	char path[4096];
	size_t letters, actions, skipped;
	int pages;
	size_t cancelled; /* checked again and not printed (send_check_letter): cancelled */
	size_t changed;   /* drawn, but no longer scheduled when recorded: left as they are */
	size_t withdrawn; /* letters in the file none of whose actions was recorded: to take out */
};
int send_letters(const struct app_ctx *ctx, const char *dir, send_event_cb cb, void *cb_ctx,
		 struct send_letters_result *out, struct error *e);

/*
 * A waiting letter checked again at the moment it is printed (the day's
 * letters, app/letters.c), by the checks a message gets before its
 * hand-over (above), so that a letter is never printed where an email
 * would not be sent: out->cancelled with the code and reason when its
 * invoices are paid or credited since (`settled`), a current hold covers
 * every one still open (the hold's kind: `promise`, `plan`, `settlement`,
 * `dispute`, `placed`, `special`; a plan's own reminder is spared), or the
 * contact rules now stop the letter to its contact for good (their code:
 * `cease`, `bankrupt`, `deceased`, `attorney`, `optout`...; `rules` when
 * the contact can no longer be judged). A stop in time does not hold a
 * letter back (the run scheduled it at a moment the rules allowed), nor
 * does a later step of its strategy (the day's letters draw one letter for
 * all of a customer's). Holds and rules as of ctx->now. *rc is loaded in
 * `tx` on first need (NULL before; the caller frees it, rules_ctx_free).
 *
 * A letter not cancelled is about what an email of the action would be
 * about at this moment, by the same code: its invoices still open in its
 * currency, less those a current hold covers (a disputed invoice, one
 * under a promise, a plan or a settlement: the rules' `dispute_partial`
 * says to leave a disputed debt out), oldest due first, into sel->inv
 * (malloc'ed, the caller frees it; NULL and 0 for a letter cancelled),
 * and the customer's unapplied credit in that currency, which the total
 * asked for deducts as the email's does (sel->credit). `sel` may be NULL.
 * Reads only; -ERR_ENV for the database or memory.
 */
struct rules_ctx;
struct action_record;
struct send_verdict {
	int cancelled;
	char code[PROFILE_CODE_MAX + 1];
	char reason[REASON_MESSAGE_MAX];
};
struct send_selection {
	struct invoice *inv;
	size_t n_inv;
	int64_t credit; /* >= 0, in the action's currency */
};
int send_check_letter(struct store_tx *tx, const struct app_ctx *ctx, struct rules_ctx **rc,
		      const struct action_record *a, struct send_verdict *out, struct send_selection *sel,
		      struct error *e);

/*
 * A person's decision on an unsure row, after checking with the server or
 * the recipient: `resend` 0 records it sent (the action done, a contact
 * attempt), 1 makes it due again now with the same Message-ID. Audited.
 * -ERR_NOT_FOUND when the action has no message, -ERR_CONFLICT when it is
 * not unsure (only an unsure row is decided by a person).
 */
int send_resolve(const struct app_ctx *ctx, int64_t action_id, int resend, struct error *e);

/*
 * The merge data of a message (channels/template.h lists the fields):
 * amounts formatted for `lang` with the currency code, dates ISO 8601.
 * `invoices` are the open ones the message is about (balance set). A new
 * object (caller decrefs), NULL when out of memory. For the outbox, the
 * preview and the letters.
 */
struct merge_input {
	const struct channel_config *cfg;
	const struct customer *customer;
	const struct contact *contact; /* NULL: the customer's name is used */
	const struct invoice *invoices;
	size_t n_invoices;
	const char *currency;
	int64_t total;  /* net of unapplied credit */
	int64_t credit; /* that credit (the customer's unapplied payments and credit notes in the currency), 0 none */
	date_t today;
	const char *lang;
	int64_t action_id; /* 0: none (a preview) */
	const char *message_id;
	const char *optout_token; /* app/optout.h; NULL: no link (a preview, action_id 0, shows ?t=TOKEN) */
	/*
	 * 1: {{creditor.cnpj}} is "" (a message to a debtor outside Brazil: the
	 * shipped templates show the CNPJ when it is set, and a text to a debtor
	 * elsewhere would pay a longer text for a line no law asks of it); 0: the
	 * setting letter.cnpj as written (letters, previews, debtors in Brazil).
	 */
	int hide_cnpj;
};
json_t *send_merge_data(const struct merge_input *in);

#endif
