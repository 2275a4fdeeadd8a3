/*
 * ledger_post.h: recording a payment and posting it to the ledger.
 *
 * The one place where a payment becomes ledger entries, for the importer
 * (app/import.c, one call per payment row) and for any other way a payment
 * comes in (an API call that records one payment in its own transaction).
 * It knows nothing of files: it takes a checked struct payment and the
 * caller's write transaction, and says what it applied.
 *
 * Allocation (core/ledger.h states the rule): a payment that names an
 * invoice goes to it, up to its balance; one that names none goes to the
 * customer's open invoices in its currency, oldest due first, skipping the
 * invoices issued after the payment's date (money cannot pay an invoice not
 * yet issued: those stay open). What is left becomes unapplied credit of
 * the customer. Entries carry the payment's date and go through
 * store_ledger_post, which moves the invoices' balances at once, so the
 * next payment reads them.
 *
 * Returns (a bounced payment): every entry the payment made is reversed on
 * its returned_date. A session holds reversals back so that the payments of
 * one transaction are read as a chronology: a payment dated on or before a
 * return day is applied as if the returned money were still there (it was,
 * when the payment arrived). A waiting return is applied when a payment
 * dated after it is posted (ledger_post_returns_due), or at
 * ledger_post_finish. This is what makes an import of an export (payments
 * in recording order, returns with their dates) rebuild the same
 * allocations as the original. At most LEDGER_POST_RETURNS_MAX wait: when
 * full, the oldest is applied at once.
 *
 * Lifecycle: ledger_post_init() on a struct the caller owns (nothing is
 * allocated yet), calls inside one write transaction, ledger_post_finish()
 * before the commit, ledger_post_release() on every path (frees the
 * buffers, keeps the struct; a released session may be initialised again).
 */
#ifndef RECOUP_APP_LEDGER_POST_H
#define RECOUP_APP_LEDGER_POST_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/ledger.h"
#include "core/model.h"

struct store_tx;

#define LEDGER_POST_RETURNS_MAX 4096

/* A posting session. The members are private. */
struct ledger_post {
	struct store_tx *tx;
	int64_t import_id;    /* the batch of the rows written, 0 none */
	struct invoice *open; /* open invoices for allocation */
	size_t open_n, open_cap;
	struct allocation *alloc; /* as many as open[] holds */
	size_t alloc_cap;
	struct ledger_entry *entries; /* one payment's or reversal's entries, posted together */
	size_t n_entries, cap_entries;
	struct payment *returns; /* returned payments whose reversal waits */
	size_t n_returns, cap_returns;
	date_t returns_min; /* the earliest return date waiting */
	/*
	 * Balances this session moved (ledger_post_recorded): invoice id ->
	 * balance after its last move, or unknown (moved by a reversal); open
	 * addressing, emptied when half full (forgot_at: the clock then).
	 */
	struct ledger_post_known *known;
	size_t known_n, known_cap;
	uint64_t clock; /* posts so far (ledger_post_clock) */
	uint64_t forgot_at;
};

/* What one payment applied. `alloc` points into the session: valid until its next call. */
struct ledger_post_result {
	const struct allocation *alloc; /* per invoice, in the order applied */
	size_t n;
	int64_t unapplied; /* what became unapplied credit (>= 0) */
};

/* `import_id`: the batch the payments and entries are recorded under (0: none). */
void ledger_post_init(struct ledger_post *lp, struct store_tx *tx, int64_t import_id);
void ledger_post_release(struct ledger_post *lp);

/*
 * Records payment *p and posts it. The caller has checked it: a customer
 * (customer_id, customer_ref), a date, an amount > 0 in the customer's
 * currency, and when it names an invoice (invoice_id, invoice_ref) one of
 * the customer's, in that currency, issued on or before p->date.
 * `named`, when p names an invoice, is that invoice as the caller read it
 * in this transaction (store_invoice_find), its balance used as read
 * unless this session moved it since (returns applied first move it too:
 * the balance is then the one the session left, or read again); NULL
 * reads it again. A RETURNED payment is applied, then its reversal waits
 * for p->returned_date (recorded as applied then reversed, the way a bounce
 * happens). Returns due before p->date are applied first.
 *
 * Returns 1 when posted (p->id set; *res, which may be NULL, says what was
 * applied), 0 when a payment with p->ref is already stored (nothing
 * written: telling unchanged from conflicting is the caller's), or -ERR_*
 * (roll the transaction back).
 */
int ledger_post_payment(struct ledger_post *lp, struct payment *p, const struct invoice *named,
			struct ledger_post_result *res, struct error *e);

/*
 * The session's clock: how many times it has moved balances. A caller that
 * reads an invoice now and posts a payment to it later passes the clock of
 * the read to ledger_post_recorded.
 */
uint64_t ledger_post_clock(const struct ledger_post *lp);

/*
 * ledger_post_payment for a payment the caller has recorded already
 * (store_payments_add, p->id set), so that an importer can record many in
 * one statement and post them afterwards, in order. `named` (when p names
 * an invoice) is that invoice as read when the clock was `read_at`: its
 * balance is brought up to date from what the session moved since (read
 * again only when the session cannot tell). Returns 1 (posted) or -ERR_*.
 */
int ledger_post_recorded(struct ledger_post *lp, struct payment *p, const struct invoice *named, uint64_t read_at,
			 struct ledger_post_result *res, struct error *e);

/*
 * A stored payment, posted as cleared, that came back on
 * p->returned_date: marked returned now, reversed when its day comes.
 */
int ledger_post_return(struct ledger_post *lp, const struct payment *p, struct error *e);

/* Applies the waiting returns dated before `before`, in the order they came. */
int ledger_post_returns_due(struct ledger_post *lp, date_t before, struct error *e);

/*
 * Records credit note *cn and posts it as LEDGER_CREDIT_NOTE entries dated
 * cn->date: to the named invoice up to its balance (the allocation rule of
 * a payment that names its invoice), the rest, or all of it when it names
 * none, as unapplied credit of the customer (an entry with no invoice).
 * Unlike a payment, a credit note that names no invoice is not spread
 * over the open invoices: the creditor granted it against no debt in
 * particular, and the credit stays visible as such. The caller has
 * checked it as for a payment (customer, date, amount > 0, currency; a
 * named invoice of the customer, in its currency, issued on or before
 * cn->date); `named` as for ledger_post_payment. Sets cn->applied.
 *
 * Returns 1 when posted (cn->id set; *res as for a payment), 0 when a
 * credit note with cn->ref is already stored (nothing written), or -ERR_*.
 */
int ledger_post_credit_note(struct ledger_post *lp, struct credit_note *cn, const struct invoice *named,
			    struct ledger_post_result *res, struct error *e);

/* Applies every waiting return. Call before committing. */
int ledger_post_finish(struct ledger_post *lp, struct error *e);

#endif
