/*
 * agreements.h: payment plans, settlements and write-offs (table
 * agreement), the invoices each covers (agreement_invoice), a plan's
 * instalments (agreement_instalment), and the tenant's agreement settings
 * (agreement_config: the authority limits). One table for the three kinds
 * because they share what matters: a customer, a currency, the invoices
 * and their balance when it was made, a state that moves forward once, and
 * a decision by someone with the authority. The approval queue is the rows
 * in state "pending_approval" (app/approvals.h): an approval's id is its
 * agreement's id.
 *
 * What was paid under an agreement is read from the ledger, never kept: the
 * payments and reversals posted to its invoices after `ledger_mark` (the
 * tenant's last ledger entry when it was made), and the customer's
 * unapplied cash in its currency after it (a payment that found the
 * invoices paid off, or written off).
 *
 * Moments are UTC; rows are never deleted. Records passed to callbacks are
 * valid during the callback only; a non-zero return of a callback stops the
 * walk and is returned.
 */
#ifndef RECOUP_STORE_AGREEMENTS_H
#define RECOUP_STORE_AGREEMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/model.h"
#include "store/store.h"

#define AGREEMENT_KIND_MAX   16
#define AGREEMENT_STATE_MAX  24
#define AGREEMENT_WAIVE_MAX  32
#define AGREEMENT_REASON_MAX 500

struct agreement {
	int64_t id;
	char kind[AGREEMENT_KIND_MAX + 1]; /* "plan", "settlement", "write_off" */
	int64_t customer_id;
	char customer_ref[REF_MAX + 1]; /* filled when read */
	char currency[4];
	char state[AGREEMENT_STATE_MAX + 1];
	int64_t balance; /* of the covered invoices when made */
	int64_t amount;  /* plan: total (balance + fees); settlement: to pay; write-off: written off */
	int64_t fees;    /* plan: the agreed fees */
	date_t pay_by;   /* settlement; 0 none */
	char waive[AGREEMENT_WAIVE_MAX + 1];
	char reason[AGREEMENT_REASON_MAX + 1];
	int64_t ledger_mark; /* set by store_agreement_add */
	timestamp_t made_at;
	char made_by[NAME_MAX_LEN + 1];
	char decided_by[NAME_MAX_LEN + 1];
	timestamp_t decided_at; /* 0 none */
	char decision_reason[AGREEMENT_REASON_MAX + 1];
	timestamp_t ended_at; /* 0 none */
	char end_reason[AGREEMENT_REASON_MAX + 1];
};

struct agreement_invoice {
	int64_t invoice_id;
	char invoice_ref[REF_MAX + 1]; /* filled when read */
	int64_t balance;               /* when the agreement was made */
	int64_t balance_now;           /* filled when read: the invoice's balance now */
	int64_t amount;                /* filled when read: its original amount */
};

struct agreement_instalment {
	int seq; /* from 1 */
	date_t due;
	int64_t amount; /* > 0 */
};

/*
 * Adds an agreement with its invoices and instalments (a->id and
 * a->ledger_mark set: the tenant's last ledger entry, the ones posted in
 * this transaction before included). Write.
 */
int store_agreement_add(struct store_tx *tx, struct agreement *a, const struct agreement_invoice *invs, size_t n_invs,
			const struct agreement_instalment *ins, size_t n_ins, struct error *e);
/*
 * Adds an agreement as it stands, for a copy of a book (app/migrate): every
 * column of a as given, ledger_mark too (the caller maps it to this
 * side's ledger entry ids), decided_*, ended_at and end_reason; with its
 * invoices (invoice_id and balance when made) and instalments. Sets a->id.
 * Write.
 */
int store_agreement_copy(struct store_tx *tx, struct agreement *a, const struct agreement_invoice *invs, size_t n_invs,
			 const struct agreement_instalment *ins, size_t n_ins, struct error *e);
/* 1 found (into *out), 0 no agreement of that id in the tenant. */
int store_agreement_get(struct store_tx *tx, int64_t id, struct agreement *out, struct error *e);
/*
 * Moves agreement a->id from state `from` to a->state, writing decided_by,
 * decided_at, decision_reason, ended_at, end_reason and amount; with
 * `remark` its ledger_mark becomes the tenant's last ledger entry (a
 * write-off counts what is recovered after it was posted). 1 moved, 0 not
 * in state `from` (someone decided first) or no such row. Write.
 */
int store_agreement_update(struct store_tx *tx, const struct agreement *a, const char *from, int remark,
			   struct error *e);

/* The tenant's agreements, by id; kind, state "" or NULL: any; customer_id 0: any. */
struct agreement_filter {
	const char *kind;
	const char *state;
	int64_t customer_id;
};
typedef int (*store_agreement_cb)(void *ctx, const struct agreement *a);
int store_agreements_each(struct store_tx *tx, const struct agreement_filter *f, store_agreement_cb cb, void *ctx,
			  struct error *e);

/* The invoices of an agreement, by invoice id. */
typedef int (*store_agreement_invoice_cb)(void *ctx, const struct agreement_invoice *ai);
int store_agreement_invoices(struct store_tx *tx, int64_t id, store_agreement_invoice_cb cb, void *ctx,
			     struct error *e);

/*
 * The instalments of the agreements of `kind` in `state`, by agreement id
 * then seq (id: the agreement's). One statement for all of them: a review
 * reads every current plan at once.
 */
typedef int (*store_instalment_cb)(void *ctx, int64_t id, const struct agreement_instalment *in);
int store_agreement_instalments(struct store_tx *tx, const char *kind, const char *state, store_instalment_cb cb,
				void *ctx, struct error *e);
/* The instalments of one agreement, by seq. */
int store_agreement_instalments_of(struct store_tx *tx, int64_t id, store_instalment_cb cb, void *ctx, struct error *e);

/*
 * What was paid under each agreement of `kind` in `state` (customer_id 0:
 * every customer's), from the ledger (see above), counting entries dated
 * on or before `on`, and for an agreement with a pay-by date (a settlement)
 * only the money of payments dated on or before it (a later payment is too
 * late; the return of one in time counts): (id, paid >= 0 unless reversals
 * outweigh) by id, for each agreement that has such entries. One statement.
 */
typedef int (*store_paid_cb)(void *ctx, int64_t id, int64_t paid);
int store_agreements_paid(struct store_tx *tx, const char *kind, const char *state, int64_t customer_id, date_t on,
			  store_paid_cb cb, void *ctx, struct error *e);

/* The tenant's agreement setting `name` (a JSON text, malloc'd into *doc): 1 found, 0 none. */
int store_agreement_config_get(struct store_tx *tx, const char *name, char **doc, struct error *e);
/* Sets (inserts or replaces) setting `name`. Write. */
int store_agreement_config_set(struct store_tx *tx, const char *name, const char *doc, const char *by, timestamp_t at,
			       struct error *e);

#endif
