/*
 * ledger.h: what is owed and what was paid: invoices, payments, ledger
 * entries, invoice balances and unapplied credit.
 *
 * The invoice row is its own opening ledger entry (LEDGER_INVOICE, dated
 * with the issue date); its balance starts at its amount and is a cache of
 * amount + the sum of its entries, moved by store_ledger_post in the same
 * transaction (`recoup check`, store_check_ledger, proves it).
 *
 * Insert and get functions follow parties.h: insert 1 new / 0 ref exists,
 * get 1 found / 0 not, `import_id` (may be NULL) the batch of the row.
 */
#ifndef RECOUP_STORE_LEDGER_H
#define RECOUP_STORE_LEDGER_H

#include <stddef.h>

#include "store/store.h"

typedef int (*store_invoice_cb)(void *ctx, const struct invoice *inv);
typedef int (*store_payment_cb)(void *ctx, const struct payment *p);
typedef int (*store_ledger_cb)(void *ctx, const struct ledger_entry *le);

/*
 * Adds n invoices in order (any n: how many go to a statement is the
 * backend's business). added[k] is set to 1 when invoice k was written, 0
 * when its ref was already stored (before this call, or by an earlier row
 * of the same call): nothing is written for it and the caller may read the
 * stored row to tell unchanged, duplicate and conflicting rows apart.
 * Returns how many were added, or -ERR_* (then the transaction is to be
 * rolled back: which rows were written is unknown). Ids are not returned.
 */
int store_invoices_add(struct store_tx *tx, const struct invoice *invs, size_t n, int64_t import_id,
		       unsigned char *added, struct error *e);
int store_invoice_get(struct store_tx *tx, const char *ref, struct invoice *out, int64_t *import_id, struct error *e);
/*
 * store_invoice_get for a payment that names its invoice: fills only id,
 * ref, customer_id, dates, currency, amount and balance (no customer_ref,
 * no free text); the rest is zero.
 */
int store_invoice_find(struct store_tx *tx, const char *ref, struct invoice *out, struct error *e);
/*
 * store_invoice_find for `n` refs at once (an import's batch of payments):
 * out[i] and found[i] (1, or 0 when no invoice has refs[i]) for each. One
 * statement on PostgreSQL, where a round trip a payment was a third of an
 * import's time. 0, or -ERR_*.
 */
int store_invoices_find(struct store_tx *tx, const char *const *refs, size_t n, struct invoice *out,
			unsigned char *found, struct error *e);
/*
 * The ref of invoice `id` into ref (size bytes): 1, or 0 when the tenant
 * has no invoice of that id (ref ""). For a text that names an invoice the
 * caller knows by id alone: a contact rule's refusal (app/rules_ctx.c).
 */
int store_invoice_ref(struct store_tx *tx, int64_t id, char *ref, size_t size, struct error *e);
/* Invoices in id order with their balance, a page at a time (store.h). */
int store_invoices_list(struct store_tx *tx, struct store_cursor *cur, store_invoice_cb cb, void *ctx, struct error *e);
/* Open invoices (balance > 0) of one customer in one currency, oldest due first. */
int store_open_invoices_of_customer(struct store_tx *tx, int64_t customer_id, const char *currency, store_invoice_cb cb,
				    void *ctx, struct error *e);
/*
 * The same as they stood at the end of `as_of`: the customer's invoices in
 * `currency` issued by then, each with its balance rebuilt from the dated
 * ledger (the opening amount and the entries dated up to as_of, as the
 * aging of a past date rebuilds them), those above 0, oldest due first.
 * For `customer show --as-of` a past day.
 */
int store_open_invoices_of_customer_at(struct store_tx *tx, int64_t customer_id, const char *currency, date_t as_of,
				       store_invoice_cb cb, void *ctx, struct error *e);
/*
 * The ids of the same invoices in the same order, read from the index of
 * open invoices alone: for a caller that needs no more (the contact rules'
 * debts, asked once per account of a work queue).
 */
typedef int (*store_invoice_id_cb)(void *ctx, int64_t invoice_id);
int store_open_invoice_ids_of_customer(struct store_tx *tx, int64_t customer_id, const char *currency,
				       store_invoice_id_cb cb, void *ctx, struct error *e);
/*
 * The same for several accounts: customer ids[k] in currencies[k] (ids
 * ascending, distinct), by customer, each account's ids in the order
 * above; an id of no customer of the tenant gives nothing. One statement
 * for them all on PostgreSQL (the accounts as two arrays); on SQLite,
 * where a lookup costs no round trip, one lookup each. For the work
 * queue, which asks the rules about every open debt of the accounts of a
 * chunk (app/rules_ctx.h, rules_chunk_load_debts). Returns 0, a
 * callback's non-zero value (which stops the read), or -ERR_*.
 */
typedef int (*store_account_invoice_id_cb)(void *ctx, int64_t customer_id, int64_t invoice_id);
int store_open_invoice_ids_of_customers(struct store_tx *tx, const int64_t *ids, const char *const *currencies,
					size_t n, store_account_invoice_id_cb cb, void *ctx, struct error *e);
/*
 * Open invoices (balance > 0) of the customers whose id lies in
 * [from_customer, to_customer] (1 and INT64_MAX: every one), in every
 * currency: by customer, then currency, then oldest due first (so one
 * currency's rows are in store_open_invoices_of_customer's order). One
 * statement (see store_flags_by_customer in history.h).
 */
int store_open_invoices_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
				    store_invoice_cb cb, void *ctx, struct error *e);

int store_payment_insert(struct store_tx *tx, struct payment *p, int64_t import_id, struct error *e);
/*
 * Records n payments in order, as store_invoices_add adds invoices (any n;
 * added[k] 1 when payment k was written, 0 when its ref was stored
 * already), and sets the id of each one written. Nothing is posted: the
 * caller posts each new payment (app/ledger_post) in the same transaction.
 * Returns how many were written, or -ERR_* (roll back).
 */
int store_payments_add(struct store_tx *tx, struct payment *ps, size_t n, int64_t import_id, unsigned char *added,
		       struct error *e);
int store_payment_get(struct store_tx *tx, const char *ref, struct payment *out, int64_t *import_id, struct error *e);
int store_payment_set_status(struct store_tx *tx, int64_t payment_id, enum payment_status status, struct error *e);
/* Payments in id order, a page at a time (store.h). */
int store_payments_list(struct store_tx *tx, struct store_cursor *cur, store_payment_cb cb, void *ctx, struct error *e);

/*
 * Posts n entries to the ledger: appends them and moves the cached balance
 * of each entry's invoice (invoice_id 0: unapplied credit of the customer,
 * no balance). Balances read after the call reflect it; every read of
 * entries in the same transaction sees them. The backend may hold the
 * appends back to write many in one statement: they are written before any
 * read of the ledger and before the commit.
 */
int store_ledger_post(struct store_tx *tx, const struct ledger_entry *les, size_t n, int64_t import_id,
		      struct error *e);
/* The ledger entries a payment produced, in order. */
int store_ledger_of_payment(struct store_tx *tx, int64_t payment_id, store_ledger_cb cb, void *ctx, struct error *e);
/*
 * The stored movements of one invoice (not its opening entry, which is the
 * invoice), in id order: for a letter's itemization (app/letters.c). Read
 * through the entries' invoice index.
 */
int store_ledger_of_invoice(struct store_tx *tx, int64_t invoice_id, store_ledger_cb cb, void *ctx, struct error *e);
/*
 * Every ledger entry of the tenant (the stored movements, not the invoices'
 * opening entries), in id order: the order they were posted. For copying a
 * book (app/migrate); streams, memory flat.
 */
int store_ledger_each(struct store_tx *tx, store_ledger_cb cb, void *ctx, struct error *e);
/*
 * Whether the tenant's ledger holds fees, interest or write-offs: the
 * entries none of the exports carries (app/export.c warns, docs/csv.md). 1
 * or 0. The fees and interest through their partial index (ledger_charge_day);
 * write-offs by a scan that stops at the first.
 */
int store_ledger_has_adjustments(struct store_tx *tx, struct error *e);
/*
 * Credit notes (app/ledger_post.c posts them): insert 1 new (cn->id set) /
 * 0 its ref is stored (nothing written); get 1 found / 0 not, with
 * customer_ref and invoice_ref filled.
 */
int store_credit_note_insert(struct store_tx *tx, struct credit_note *cn, int64_t import_id, struct error *e);
int store_credit_note_get(struct store_tx *tx, const char *ref, struct credit_note *out, int64_t *import_id,
			  struct error *e);

/*
 * The payments (credit notes) of one customer in the order recorded (id),
 * with customer_ref and invoice_ref, for GET /api/v1/payments?customer=
 * (and /credit-notes): read through the (tenant_id, customer_id) indexes.
 */
typedef int (*store_credit_note_cb)(void *ctx, const struct credit_note *cn);
int store_payments_of_customer(struct store_tx *tx, int64_t customer_id, store_payment_cb cb, void *ctx,
			       struct error *e);
int store_credit_notes_of_customer(struct store_tx *tx, int64_t customer_id, store_credit_note_cb cb, void *ctx,
				   struct error *e);
/*
 * The credit notes of the customers whose id lies in [from_customer,
 * to_customer] (1 and INT64_MAX: every one), by customer id, then as
 * store_credit_notes_of_customer. One statement (streamed on PostgreSQL),
 * for app/migrate's comparison of a whole tenant.
 */
int store_credit_notes_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
				   store_credit_note_cb cb, void *ctx, struct error *e);

/*
 * Unapplied credit of a customer in a currency (>= 0, minor units).
 *
 * Every read of unapplied credit here and in store/reports.h and
 * store/actions.h sums the customer's entries exactly: a sum the 64-bit
 * range does not hold (thousands of payments near the 10^15 limit, none
 * applied; `recoup check` names them) is not a database failure but
 * -ERR_INPUT, "customer 'C1': unapplied credit in USD adds up beyond the
 * 64-bit range of minor units; ...", and the read stops there. Nothing a
 * read does is written.
 */
int store_unapplied_credit(struct store_tx *tx, int64_t customer_id, const char *currency, int64_t *out,
			   struct error *e);
/* The same at the end of `as_of` (the entries dated up to it). */
int store_unapplied_credit_at(struct store_tx *tx, int64_t customer_id, const char *currency, date_t as_of,
			      int64_t *out, struct error *e);

/*
 * Copying a whole book into an empty tenant (app/migrate), thousands of
 * rows a call: on PostgreSQL each call is a few round trips (COPY), where
 * the calls above spend one per row (store_invoice_find after
 * store_invoices_add), per PG_BATCH entries or per PG_MOVES_MAX balances.
 * Both write what the caller read from the source, balances included, so
 * that no invoice row is written twice.
 *
 * store_invoices_copy adds n invoices as store_invoices_add does (no import
 * batch; added must not be NULL), each with the balance it is given, not
 * its amount, and sets the id of each one written. The caller gives the
 * balance its ledger entries make (the amount plus the sum of the entries
 * that store_ledger_copy then writes: store_ledger_sums_by_invoice reads it
 * on the source), so that the cache holds as `check` proves it.
 *
 * store_ledger_copy appends n entries in order (no import batch), written
 * before it returns, and moves no balance (store_invoices_copy wrote them).
 *
 * Both return -ERR_* with the transaction to be rolled back; else
 * store_invoices_copy how many invoices were written, store_ledger_copy 0.
 */
int store_invoices_copy(struct store_tx *tx, struct invoice *invs, size_t n, unsigned char *added, struct error *e);
int store_ledger_copy(struct store_tx *tx, const struct ledger_entry *les, size_t n, struct error *e);
/*
 * The sum of the stored movements of each invoice whose id lies in
 * [from_invoice, to_invoice] and has any (its balance is its amount plus
 * that sum), by invoice id, read through the entries' invoice index. 0, a
 * callback's non-zero value, or -ERR_* (a sum beyond int64 too).
 */
typedef int (*store_invoice_sum_cb)(void *ctx, int64_t invoice_id, int64_t sum);
int store_ledger_sums_by_invoice(struct store_tx *tx, int64_t from_invoice, int64_t to_invoice, store_invoice_sum_cb cb,
				 void *ctx, struct error *e);

#endif
