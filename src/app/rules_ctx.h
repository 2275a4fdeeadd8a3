/*
 * rules_ctx.h: the contact rules applied to what the store knows, for one
 * contact or for every contact of a tenant.
 *
 * The one place that gathers, for a contact, everything the pure rules
 * engine (core/contact_rules) needs: the contact and its customer, the
 * profile that applies (the customer's own, else derived from kind and
 * country, else the tenant's default; a tenant's edited profile wins over
 * the preset of the same name), the debts concerned, the active status
 * flags, the contact history and the tenant's closed days. The CLI, and
 * later the daily run, the work queue and the channels, all ask here, so no
 * schedule, queue or send can skip a rule.
 *
 * A `struct rules_ctx` holds what is the same for every contact of a
 * tenant: the presets, the tenant's stored profiles (parsed once), its
 * default profile and its closed days. rules_ctx_load() reads them in three
 * statements; after that a single evaluation costs five (contact, customer,
 * open invoices or the named invoice, flags, attempts with their invoices),
 * and rules_ctx_check_batch() costs five per RULES_CTX_CHUNK customers
 * (customers, contacts, flags, attempts, open invoices, each over the
 * chunk's range of customer ids), whatever the number of contacts. A
 * refusal by a per-debt cap names the invoice by its ref: an evaluation
 * about every debt, and a question of a chunk (the run, the queue), read
 * it then, one statement (the last one read is kept for the next).
 *
 * Equivalence: for every contact, the batch gives exactly the answer (or
 * the error) rules_ctx_evaluate() gives for the same contact, channel and
 * moment with no invoice and no address named; tests/app/test_rules_batch.c
 * checks it field by field on a generated portfolio.
 *
 * A context reflects the configuration as read in the transaction that
 * loaded it. Evaluate in that transaction (or accept that a profile edited
 * since is not seen, as a daily run that loads once per tenant does). A
 * context is used by one thread at a time: it keeps its scratch buffers.
 */
#ifndef RECOUP_RULES_CTX_H
#define RECOUP_RULES_CTX_H

#include <stddef.h>

#include "core/contact_rules.h"
#include "core/profile.h"

struct app_ctx;
struct store_tx;
struct rules_ctx;

/* Customers read per batch statement: bounds the batch's memory (their contacts, flags, attempts, invoices). */
#define RULES_CTX_CHUNK 512

struct rules_request {
	const char *contact_ref;
	enum channel channel;
	timestamp_t at;
	const char *invoice_ref; /* NULL: every open debt of the customer */
	const char *address;     /* NULL: the contact's own phone or email */
	int final_notice;        /* a letter allowed after a cease request */
	/*
	 * 0: the flags and the attempts as known now. Else as known at that
	 * moment: flags set or cleared after it, and attempts after it, are not
	 * known yet (a step of a run for a past date, as the run itself asks).
	 */
	timestamp_t known_at;
};

struct rules_answer {
	struct customer customer;
	struct contact contact;
	struct profile profile;
	struct contact_verdict verdict;
};

/*
 * Reads the tenant's configuration in `tx` and parses every stored profile
 * (a stored profile that does not parse is kept as its error, given to the
 * customers that use it, as rules_ctx_evaluate always did). *out is
 * allocated here; free it with rules_ctx_free(). -ERR_ENV for the database
 * or memory.
 */
int rules_ctx_load(struct store_tx *tx, struct rules_ctx **out, struct error *e);
/* Accepts NULL. */
void rules_ctx_free(struct rules_ctx *rc);

/* The profile the tenant uses under `name` (its edited copy, else the preset), from the store. */
int rules_ctx_profile_load(struct store_tx *tx, const char *name, struct profile *out, struct error *e);

/*
 * Evaluates a request. -ERR_INPUT for an unknown contact or invoice, an
 * invoice of another customer, or no profile applying; -ERR_ENV for the
 * database. `rc` must have been loaded for the tenant of `tx`.
 */
int rules_ctx_evaluate(struct rules_ctx *rc, struct store_tx *tx, const struct rules_request *rq,
		       struct rules_answer *out, struct error *e);
/* The same for one request: loads a context, evaluates, frees it. */
int rules_ctx_evaluate_once(struct store_tx *tx, const struct rules_request *rq, struct rules_answer *out,
			    struct error *e);

/* Open invoices of a customer (ids), for logging an attempt about every debt. Caller frees *ids. */
int rules_ctx_open_invoice_ids(struct store_tx *tx, const struct customer *c, int64_t **ids, size_t *n,
			       struct error *e);

/*
 * The batch. A question is asked of every contact of the tenant: may it be
 * reached on `channel` at `at` about every open debt of its customer, on
 * its own phone or email (rules_request with invoice_ref and address NULL).
 */
struct rules_question {
	enum channel channel;
	timestamp_t at;
	int final_notice;
};

/*
 * One answer of the batch. status 0: answer->verdict holds the verdict;
 * -ERR_INPUT: this contact cannot be judged (no profile applies, an invalid
 * stored profile, an unknown time zone...) and `error` says why, as
 * rules_ctx_evaluate would have. Pointers are valid during the callback.
 */
struct rules_result {
	size_t question; /* index into the questions */
	int status;
	const struct rules_answer *answer; /* customer and contact always filled */
	const struct error *error;         /* when status < 0 */
};
typedef int (*rules_result_cb)(void *ctx, const struct rules_result *r);

/*
 * Asks every question of every contact of the tenant, in customer id, then
 * contact id, then question order, streaming: RULES_CTX_CHUNK customers in
 * memory at a time. A callback returning non-zero stops the batch and that
 * value is returned. -ERR_ENV for the database or memory (nothing more is
 * passed).
 */
int rules_ctx_check_batch(struct rules_ctx *rc, struct store_tx *tx, const struct rules_question *q, size_t n_q,
			  rules_result_cb cb, void *cb_ctx, struct error *e);

/*
 * Customers per chunk of the batch (default RULES_CTX_CHUNK; values < 1
 * restore it): a smaller chunk holds less and runs more statements. For
 * tests, and for a caller tuning memory.
 */
void rules_ctx_set_chunk(struct rules_ctx *rc, int customers);

/*
 * The use case over a whole tenant (src/app/app.h): opens a read
 * transaction for ctx->tenant, loads the context, runs the batch, frees
 * both on every path.
 */
int rules_ctx_check_tenant(const struct app_ctx *ctx, const struct rules_question *q, size_t n_q, rules_result_cb cb,
			   void *cb_ctx, struct error *e);

/*
 * The daily run's form (app/run): the rows of one page of customers are
 * read once (their contacts, active flags and attempts: three statements
 * over the page's range of ids), then any number of questions is asked
 * about chosen contacts and invoices of that page, each at its own moment.
 * A question about one invoice gets exactly the answer rules_ctx_evaluate()
 * gives with that invoice named (invoice_ref) and no address; about several
 * invoices, the answer for all of them at once (a dispute stops it only
 * when every one is disputed, as for the debts of an evaluation with no
 * invoice named).
 *
 * `customers` are in id order (a page of store_customers_list, or those
 * of a page that a question will be about: customers far apart are read
 * by their ids, one statement per kind on PostgreSQL, instead of by
 * range); attempts
 * are read from `earliest` (the first moment any question will be about)
 * less the longest lookback of any profile. *io NULL: a chunk is
 * allocated; else the chunk it holds is refilled, reusing its memory (a
 * run loads page after page). Free it with rules_chunk_free(). -ERR_ENV
 * for the database or memory (the chunk then holds a part of the page:
 * refill it before asking). Ask it within `tx`: the ref of the invoice a
 * per-debt cap's refusal names is read there when the refusal is made.
 */
struct rules_chunk;
int rules_ctx_chunk_load(struct rules_ctx *rc, struct store_tx *tx, const struct customer *customers, size_t n,
			 timestamp_t earliest, struct rules_chunk **io, struct error *e);
/*
 * The same as known at a past moment (a daily run for a past date): with
 * `until` set, the attempts after it are left out, so that no question,
 * even about a later moment, counts them; with `flags_at` set, the flags
 * are those set at or before it and not cleared by then
 * (store_flags_by_customer_at, a scan: pass it only when flags changed
 * since, store_flags_changed_after). 0: as known now.
 */
int rules_ctx_chunk_load_at(struct rules_ctx *rc, struct store_tx *tx, const struct customer *customers, size_t n,
			    timestamp_t earliest, timestamp_t until, timestamp_t flags_at, struct rules_chunk **io,
			    struct error *e);
/* Accepts NULL. */
void rules_chunk_free(struct rules_chunk *ch);
/* The contacts of a customer of the chunk, in id order; valid until the chunk is freed. Returns how many. */
size_t rules_chunk_contacts(const struct rules_chunk *ch, int64_t customer_id, const struct contact **out);

/* How many active flags the customer of the chunk has (0: nothing can stop contact for a status). */
size_t rules_chunk_flags(const struct rules_chunk *ch, int64_t customer_id);

/*
 * Reads the open debts of every customer of the chunk as last loaded (its
 * open invoices in its own currency, those rules_ctx_open_invoice_ids
 * reads for one customer): one statement on PostgreSQL, instead of one
 * per customer asked about. For a caller that asks about every open debt
 * of its accounts (the work queue); the daily run, which names the
 * invoices of each question, need not. A load of the chunk forgets them.
 * -ERR_ENV for the database or memory (the chunk then holds a part of
 * them: read them again before asking).
 */
int rules_chunk_load_debts(struct rules_chunk *ch, struct store_tx *tx, struct error *e);
/*
 * A customer's debts read by rules_chunk_load_debts, oldest due first (as
 * rules_ctx_open_invoice_ids gives them), for rules_chunk_question's
 * invoice_ids; valid until the chunk is loaded again. Returns how many
 * (*out NULL when none).
 */
size_t rules_chunk_debts(const struct rules_chunk *ch, int64_t customer_id, const int64_t **out);

struct rules_chunk_question {
	int64_t customer_id;
	int64_t contact_id; /* a contact of that customer */
	const int64_t *invoice_ids;
	size_t n_invoices;
	enum channel channel;
	timestamp_t at;
	int final_notice;
};
/*
 * Answers a question about a customer and contact of the chunk. 0 with
 * out->verdict; -ERR_INPUT when the contact cannot be judged (no profile,
 * an unknown zone...) or is not in the chunk; -ERR_ENV for memory.
 * `out` is cleared in proportion to what its last answer filled: pass one
 * zeroed once (calloc, `= { 0 }`) and reused, and the entries past the
 * verdict's counts stay zero, as after a memset of the whole.
 */
int rules_ctx_chunk_ask(struct rules_ctx *rc, struct rules_chunk *ch, const struct rules_chunk_question *q,
			struct rules_answer *out, struct error *e);
/* The profile that applies to a customer, as every evaluation chooses it; valid as long as rc. */
int rules_ctx_customer_profile(const struct rules_ctx *rc, const struct customer *c, const struct profile **out,
			       struct error *e);

/*
 * The first moment of date `d` for contact `k` of customer `c`: local
 * midnight in its zone (the contact's, else the customer's), or the latest
 * local midnight of the candidate zones of its country and region, when it
 * is that date everywhere the debtor may be; else midnight UTC; never
 * before CONTACT_RULES_FIRST_MOMENT (1970-01-01 east of UTC). What a day's
 * action asks the rules about first (the daily run, the reviews).
 */
timestamp_t rules_ctx_day_start(const struct contact *k, const struct customer *c, date_t d);

/*
 * An action of a review (a returned payment's call, a plan's reminder)
 * asked of the rules as the daily run asks them: for contact `k` on
 * channel `kind` ("call", "email", "letter"...) from the first moment of
 * date as_of in the debtor's zone; a->scheduled_at, local_time and state
 * set (scheduled then, or at the next allowed moment; refused with the
 * rule's code and sentence when never, or when the contact cannot be
 * judged: scheduled_at TIMESTAMP_NONE then). No contact (k->id 0) or a kind that is no channel: scheduled at
 * midnight UTC, a task for a person. Loads *rc on first use. 0 or -ERR_ENV.
 */
struct action_record;
int rules_ctx_schedule(struct rules_ctx **rc, struct store_tx *tx, const struct contact *k, const char *kind,
		       date_t as_of, struct action_record *a, struct error *e);

#endif
