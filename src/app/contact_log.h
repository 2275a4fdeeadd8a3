/*
 * contact_log.h: the contact history the frequency rules count: logging an
 * attempt or a conversation (`recoup contact log`) and reading a customer's
 * history back (`recoup contact history`).
 *
 * An attempt is refused, with nothing written, when its outcome cannot
 * happen on its channel (a letter gets no voicemail; docs/compliance.md),
 * when the address used is not one the contact has for that channel (its
 * phone for a call or an sms, its email for an email, the customer's postal
 * address for a letter or a visit: else the history would count an attempt
 * on an address the rules never see), when it is later than ctx->now +
 * APP_CLOCK_SKEW, when a free text is not clean UTF-8 or too long, or when
 * the invoice it names is unknown or another customer's. Without an invoice
 * it concerns every invoice open at that moment, named (ATTEMPT_INVOICES_MAX
 * at most; beyond that, every debt), so invoices issued later are not
 * counted as contacted.
 *
 * Each call opens its own transaction on ctx->store (app.h). Errors:
 * -ERR_NOT_FOUND for an unknown contact, customer or invoice ref,
 * -ERR_INPUT for the refusals above, -ERR_ENV for the database; e->field
 * names the request field. Messages name the fields as the command line
 * spells them ("--address").
 */
#ifndef RECOUP_APP_CONTACT_LOG_H
#define RECOUP_APP_CONTACT_LOG_H

#include "app/app.h"
#include "core/contact_rules.h"
#include "store/history.h"

struct contact_log_request {
	const char *contact_ref;
	enum channel channel;
	enum contact_outcome outcome;
	timestamp_t at;
	const char *invoice_ref; /* NULL: every open invoice of the customer */
	const char *address;     /* NULL or "": the contact's own */
	const char *spoke_with;  /* NULL: "" */
	const char *note;        /* NULL: "" */
	int inbound;             /* the debtor (or contact) started it */
	timestamp_t callback_at; /* outcome callback: the moment asked for (0: none); not before `at` */
	/*
	 * What the collector learned (docs/agreements.md "Outcomes"). left_with
	 * (outcome message_left only) and answered_by are who was spoken with:
	 * recorded as the attempt's spoke_with (one of the three at most).
	 * best_time and pays_bills go back on the contact as corrections
	 * (record_change, by ctx->actor at `at`): pays_bills makes this contact
	 * the customer's bill payer and no other. An outcome wrong_number flags
	 * the address used (else the contact's phone) "wrong-number".
	 */
	const char *left_with;   /* NULL: none */
	const char *answered_by; /* NULL: none */
	const char *best_time;   /* NULL: unchanged */
	int pays_bills;
};

/* What was written. */
struct contact_log_entry {
	int contact_changes; /* fields of contacts corrected (best_time, pays_bills) */
	int flagged;         /* 1: the address was flagged wrong-number */
	int64_t id;
	struct contact_attempt attempt; /* conversation and the invoices filled in */
	char contact_ref[REF_MAX + 1];
	char customer_ref[REF_MAX + 1];
	int64_t customer_id;
	int64_t calls_done; /* the customer's scheduled call actions this call did (store_calls_done) */
	/*
	 * An outbound attempt of contact_log_add: the contact rules asked at its
	 * moment, before it was recorded. 1 when they refused it (a call at
	 * night, to a debtor who asked to stop...): it is recorded all the same,
	 * since it happened, and the first reason (code, sentence) goes with the
	 * answer and the audit entry, for the compliance officer. 0 when allowed
	 * or not judged (inbound, or no profile applies).
	 */
	int rules_refused;
	struct contact_reason rules_reason;
};

/*
 * The checks and lookups of contact_log_add inside the caller's transaction
 * (the history import, app/import.c): fills le (but its id) or fails as
 * contact_log_add would. every_debt: an attempt naming no invoice concerns
 * every debt of the customer (a past attempt: which invoices were open then
 * is not known), not the invoices open now.
 */
int contact_log_prepare(const struct app_ctx *ctx, struct store_tx *tx, const struct contact_log_request *rq,
			int every_debt, struct contact_log_entry *le, struct error *e);

/*
 * Logs one attempt in a write transaction of its own; *out may be NULL.
 * For the work queue (docs/queue.md) it also records who logged it
 * (ctx->actor) and the callback asked for, and a call (any outcome, either
 * direction) marks `done` the customer's call actions scheduled at or
 * before its moment. --callback-at needs the outcome callback.
 */
int contact_log_add(const struct app_ctx *ctx, const struct contact_log_request *rq, struct contact_log_entry *out,
		    struct error *e);

/*
 * Reading the history of a customer, oldest first, in one read
 * transaction: on_customer once (the customer found), then on_attempt per
 * attempt (store/history.h, struct attempt_view: pointers valid during the
 * call only). Either may be NULL. A callback returns 0 to go on; non-zero
 * stops the reading, which then fails with -ERR_ENV ("... stopped").
 */
struct contact_log_reader {
	int (*on_customer)(void *ctx, const struct customer *c);
	int (*on_attempt)(void *ctx, const struct attempt_view *v);
	void *ctx;
};
int contact_log_history(const struct app_ctx *ctx, const char *customer_ref, const struct contact_log_reader *r,
			struct error *e);

/*
 * The history at a glance: attempts, conversations (right-party contacts:
 * a third party is none), and the messages left per person ("4 messages
 * left with Susie"; "" when nobody was named), in the order first met:
 * left[0..n_left), CONTACT_LOG_NAMES names at most, and the messages left
 * with anyone beyond them in left[CONTACT_LOG_NAMES] ("(others)", count 0
 * when none). Fill it with contact_log_summary_add per attempt read; zero
 * it first.
 */
#define CONTACT_LOG_NAMES 16
struct contact_log_summary {
	int64_t attempts, conversations;
	size_t n_left;
	struct {
		char with[NAME_MAX_LEN + 1];
		int64_t count;
	} left[CONTACT_LOG_NAMES + 1];
};
void contact_log_summary_add(struct contact_log_summary *s, const struct attempt_view *v);
/*
 * One attempt of the history as JSON, the same object for `contact history
 * --format json` and GET /api/v1/customers/{ref}/history: at, contact_ref,
 * channel, outcome, direction, spoke_with, note, invoice_refs (array),
 * logged_by, callback_at (null when none), rules_breach. NULL when out of
 * memory.
 */
json_t *contact_log_attempt_json(const struct attempt_view *v);

#endif
