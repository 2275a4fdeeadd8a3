/*
 * ledger_post.c: a payment to the ledger. See ledger_post.h for the
 * contract; the allocation rule itself is core/ledger.c's.
 */
#include "app/ledger_post.h"

#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "store/ledger.h"

void ledger_post_init(struct ledger_post *lp, struct store_tx *tx, int64_t import_id)
{
	memset(lp, 0, sizeof(*lp));
	lp->tx = tx;
	lp->import_id = import_id;
}

void ledger_post_release(struct ledger_post *lp)
{
	if (!lp)
		return;
	free(lp->open);
	free(lp->alloc);
	free(lp->entries);
	free(lp->returns);
	free(lp->known);
	memset(lp, 0, sizeof(*lp));
}

/* ---- balances the session moved (ledger_post_recorded) ---- */

struct ledger_post_known {
	int64_t id; /* 0: a free slot */
	int64_t balance;
	int valid; /* 0: moved by a reversal, balance not known */
};

/* Slots: a power of two; emptied when half full, so memory stays flat on any import. */
#define KNOWN_SLOTS (1u << 16)

static size_t known_hash(int64_t id)
{
	return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15u) >> 40) & (KNOWN_SLOTS - 1);
}

static struct ledger_post_known *known_find(const struct ledger_post *lp, int64_t id)
{
	if (!lp->known)
		return NULL;
	for (size_t h = known_hash(id); lp->known[h].id; h = (h + 1) & (KNOWN_SLOTS - 1))
		if (lp->known[h].id == id)
			return &lp->known[h];
	return NULL;
}

/* Forgets every balance: invoices read before now are read again. */
static void known_forget(struct ledger_post *lp)
{
	if (lp->known)
		memset(lp->known, 0, KNOWN_SLOTS * sizeof(*lp->known));
	lp->known_n = 0;
	lp->forgot_at = lp->clock;
}

/* Invoice `id` moved: to `value` when `exact`, else by `value` from what it was (unknown if not known). */
static void known_move(struct ledger_post *lp, int64_t id, int64_t value, int exact)
{
	struct ledger_post_known *k = known_find(lp, id);

	if (!k) {
		size_t h = known_hash(id);
		if (!lp->known) {
			lp->known = calloc(KNOWN_SLOTS, sizeof(*lp->known));
			if (!lp->known) {
				known_forget(lp); /* nothing remembered: every named invoice is read again */
				return;
			}
			lp->known_cap = KNOWN_SLOTS;
		}
		if (lp->known_n >= KNOWN_SLOTS / 2)
			known_forget(lp);
		while (lp->known[h].id)
			h = (h + 1) & (KNOWN_SLOTS - 1);
		k = &lp->known[h];
		k->id = id;
		k->valid = 0;
		lp->known_n++;
	}
	if (exact) {
		k->balance = value;
		k->valid = 1;
	} else if (k->valid) {
		k->balance += value;
	}
}

uint64_t ledger_post_clock(const struct ledger_post *lp)
{
	return lp->clock;
}

struct collect_ctx {
	struct ledger_post *lp;
	struct error *e;
};

static int add_open(struct ledger_post *lp, const struct invoice *inv, struct error *e)
{
	/* one allocation at most per open invoice */
	if (array_grow(&lp->open, &lp->open_cap, lp->open_n, sizeof(*lp->open)) < 0 ||
	    array_grow(&lp->alloc, &lp->alloc_cap, lp->open_n, sizeof(*lp->alloc)) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	lp->open[lp->open_n++] = *inv;
	return 0;
}

static int collect_open(void *ctx, const struct invoice *inv)
{
	struct collect_ctx *cc = ctx;
	return add_open(cc->lp, inv, cc->e);
}

/* Appends one entry to the session's pending entries. */
static int push_entry(struct ledger_post *lp, const struct ledger_entry *le, struct error *e)
{
	if (array_grow(&lp->entries, &lp->cap_entries, lp->n_entries, sizeof(*lp->entries)) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	lp->entries[lp->n_entries++] = *le;
	return 0;
}

/* Entries of an allocation carry the payment's date, those of its reversal the return date. */
static int add_entry(struct ledger_post *lp, const struct payment *p, int64_t invoice_id, enum ledger_kind kind,
		     int64_t amount, struct error *e)
{
	struct ledger_entry le = { 0 };
	int reversing = kind == LEDGER_REVERSAL || (kind == LEDGER_UNAPPLIED && amount > 0);

	le.customer_id = p->customer_id;
	le.invoice_id = invoice_id;
	le.payment_id = p->id;
	le.kind = kind;
	le.amount = amount;
	memcpy(le.currency, p->currency, sizeof(le.currency));
	le.date = reversing && p->returned_date ? p->returned_date : p->date;
	return push_entry(lp, &le, e);
}

/*
 * Posts the entries gathered for one payment or one reversal in one call:
 * the balances move now, so the next payment reads them.
 */
static int post_entries(struct ledger_post *lp, struct error *e)
{
	size_t n = lp->n_entries;

	lp->n_entries = 0;
	if (!n)
		return 0;
	lp->clock++;
	for (size_t i = 0; i < n; i++)
		if (lp->entries[i].invoice_id)
			known_move(lp, lp->entries[i].invoice_id, lp->entries[i].amount, 0);
	return store_ledger_post(lp->tx, lp->entries, n, lp->import_id, e);
}

/* Spreads a new payment over open invoices; the rest becomes unapplied credit. */
static int allocate_payment(struct ledger_post *lp, const struct payment *p, const struct invoice *named,
			    struct ledger_post_result *res, struct error *e)
{
	struct collect_ctx cc = { lp, e };
	size_t n;
	int64_t unapplied = 0;
	int ret;

	lp->open_n = 0;
	lp->n_entries = 0;
	if (p->invoice_id) {
		ret = add_open(lp, named, e);
		if (ret < 0)
			return ret;
	} else {
		ret = store_open_invoices_of_customer(lp->tx, p->customer_id, p->currency, collect_open, &cc, e);
		if (ret < 0)
			return ret;
		if (ret > 0)
			return -ret;
		/* money cannot pay an invoice not yet issued: those stay open, the rest is credit */
		n = 0;
		for (size_t i = 0; i < lp->open_n; i++)
			if (lp->open[i].issue_date <= p->date)
				lp->open[n++] = lp->open[i];
		lp->open_n = n;
	}
	if (lp->open_n == 0) {
		/* makes sure alloc has room */
		ret = add_open(lp, &(struct invoice){ 0 }, e);
		if (ret < 0)
			return ret;
	}
	n = ledger_allocate(p->amount, lp->open, lp->open_n, lp->alloc, &unapplied);
	/* the balances as read (or brought up to date), before post_entries moves them */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < lp->open_n; j++)
			if (lp->open[j].id == lp->alloc[i].invoice_id)
				known_move(lp, lp->open[j].id, lp->open[j].balance, 1);
	for (size_t i = 0; i < n; i++) {
		ret = add_entry(lp, p, lp->alloc[i].invoice_id, LEDGER_PAYMENT, -lp->alloc[i].amount, e);
		if (ret < 0)
			return ret;
	}
	if (unapplied > 0) {
		ret = add_entry(lp, p, 0, LEDGER_UNAPPLIED, -unapplied, e);
		if (ret < 0)
			return ret;
	}
	ret = post_entries(lp, e);
	if (ret < 0)
		return ret;
	if (res) {
		res->alloc = lp->alloc;
		res->n = n;
		res->unapplied = unapplied;
	}
	return 0;
}

struct reversal_ctx {
	struct ledger_entry *entries;
	size_t n, cap;
	struct error *e;
};

static int collect_entry(void *ctx, const struct ledger_entry *le)
{
	struct reversal_ctx *rc = ctx;
	if (array_grow(&rc->entries, &rc->cap, rc->n, sizeof(*rc->entries)) < 0)
		return error_set(rc->e, ERR_ENV, "out of memory");
	rc->entries[rc->n++] = *le;
	return 0;
}

/* A returned payment (NSF): every allocation it made is reversed. */
static int reverse_payment(struct ledger_post *lp, const struct payment *p, struct error *e)
{
	struct reversal_ctx rc = { NULL, 0, 0, e };
	int ret;

	lp->n_entries = 0;
	ret = store_ledger_of_payment(lp->tx, p->id, collect_entry, &rc, e);

	for (size_t i = 0; ret == 0 && i < rc.n; i++) {
		const struct ledger_entry *le = &rc.entries[i];
		if (le->kind == LEDGER_PAYMENT)
			ret = add_entry(lp, p, le->invoice_id, LEDGER_REVERSAL, -le->amount, e);
		else if (le->kind == LEDGER_UNAPPLIED && le->amount < 0)
			ret = add_entry(lp, p, 0, LEDGER_UNAPPLIED, -le->amount, e);
	}
	if (ret == 0)
		ret = post_entries(lp, e);
	if (ret == 0)
		ret = store_payment_set_status(lp->tx, p->id, PAYMENT_RETURNED, e);
	free(rc.entries);
	return ret > 0 ? -ret : ret;
}

/* Applies the waiting returns dated before `before` (all of them when `all`), in the order they came. */
static int apply_returns(struct ledger_post *lp, date_t before, int all, struct error *e)
{
	size_t kept = 0;
	int ret = 0;

	if (!lp->n_returns || (!all && before <= lp->returns_min))
		return 0;
	lp->returns_min = INT32_MAX;
	for (size_t i = 0; i < lp->n_returns; i++) {
		const struct payment *p = &lp->returns[i];
		if (ret == 0 && (all || p->returned_date < before)) {
			ret = reverse_payment(lp, p, e);
			continue;
		}
		if (p->returned_date < lp->returns_min)
			lp->returns_min = p->returned_date;
		lp->returns[kept++] = *p;
	}
	lp->n_returns = kept;
	return ret;
}

int ledger_post_returns_due(struct ledger_post *lp, date_t before, struct error *e)
{
	return apply_returns(lp, before, 0, e);
}

int ledger_post_finish(struct ledger_post *lp, struct error *e)
{
	return apply_returns(lp, 0, 1, e);
}

int ledger_post_return(struct ledger_post *lp, const struct payment *p, struct error *e)
{
	int ret;

	if (lp->n_returns == LEDGER_POST_RETURNS_MAX) {
		struct payment oldest = lp->returns[0];
		memmove(lp->returns, lp->returns + 1, (lp->n_returns - 1) * sizeof(*lp->returns));
		lp->n_returns--;
		ret = reverse_payment(lp, &oldest, e);
		if (ret < 0)
			return ret;
	}
	if (array_grow(&lp->returns, &lp->cap_returns, lp->n_returns, sizeof(*lp->returns)) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	if (lp->n_returns == 0 || p->returned_date < lp->returns_min)
		lp->returns_min = p->returned_date;
	lp->returns[lp->n_returns++] = *p;
	/* returned from now on, so that a repeated row cannot return it twice */
	return store_payment_set_status(lp->tx, p->id, PAYMENT_RETURNED, e);
}

/* Allocates recorded payment *p, and holds its reversal back when it came back returned. */
static int post_recorded(struct ledger_post *lp, struct payment *p, const struct invoice *named,
			 struct ledger_post_result *res, struct error *e)
{
	/* Recorded as cleared first so that a bounce shows as applied then reversed. */
	int ret = allocate_payment(lp, p, named, res, e);

	if (ret < 0)
		return ret;
	if (p->status == PAYMENT_RETURNED) {
		ret = ledger_post_return(lp, p, e);
		if (ret < 0)
			return ret;
	}
	return 1;
}

/* Reads the invoice payment *p names into *out: 0, or -ERR_NOT_FOUND / -ERR_*. */
static int read_named(struct ledger_post *lp, const struct payment *p, struct invoice *out, struct error *e)
{
	int ret = store_invoice_find(lp->tx, p->invoice_ref, out, e);

	if (ret < 0)
		return ret;
	if (ret == 0 || out->id != p->invoice_id)
		return error_set_field(e, ERR_NOT_FOUND, "invoice_ref", "payment '%s': unknown invoice '%s'", p->ref,
				       p->invoice_ref);
	return 0;
}

/*
 * The invoice payment *p names, into *out: `named` as read when the clock
 * was `read_at`, its balance the one this session left if it moved it
 * since; read again when there is no `named`, or the session cannot tell
 * (a reversal moved it, or it forgot). 0, or -ERR_*.
 */
static int current_named(struct ledger_post *lp, const struct payment *p, const struct invoice *named, uint64_t read_at,
			 struct invoice *out, struct error *e)
{
	const struct ledger_post_known *k = known_find(lp, p->invoice_id);

	if (named && read_at >= lp->forgot_at && (!k || k->valid)) {
		*out = *named;
		if (k)
			out->balance = k->balance;
		return 0;
	}
	return read_named(lp, p, out, e);
}

int ledger_post_payment(struct ledger_post *lp, struct payment *p, const struct invoice *named,
			struct ledger_post_result *res, struct error *e)
{
	struct invoice read;
	int ret;

	if (res)
		*res = (struct ledger_post_result){ lp->alloc, 0, 0 };
	/* returns dated before this payment happened before it */
	ret = apply_returns(lp, p->date, 0, e);
	if (ret < 0)
		return ret;
	/*
	 * The returns just applied may have moved the named invoice: its
	 * balance as read by the caller is then out of date.
	 */
	if (p->invoice_id) {
		ret = current_named(lp, p, named, lp->forgot_at, &read, e);
		if (ret < 0)
			return ret;
		named = &read;
	}
	ret = store_payment_insert(lp->tx, p, lp->import_id, e);
	if (ret <= 0)
		return ret;
	return post_recorded(lp, p, named, res, e);
}

int ledger_post_recorded(struct ledger_post *lp, struct payment *p, const struct invoice *named, uint64_t read_at,
			 struct ledger_post_result *res, struct error *e)
{
	struct invoice read;
	int ret;

	if (res)
		*res = (struct ledger_post_result){ lp->alloc, 0, 0 };
	ret = apply_returns(lp, p->date, 0, e);
	if (ret < 0)
		return ret;
	if (p->invoice_id) {
		ret = current_named(lp, p, named, read_at, &read, e);
		if (ret < 0)
			return ret;
		named = &read;
	}
	return post_recorded(lp, p, named, res, e);
}

/* A credit note's entry: the credit note's customer, currency and date, no payment. */
static int add_credit_entry(struct ledger_post *lp, const struct credit_note *cn, int64_t invoice_id, int64_t amount,
			    struct error *e)
{
	struct ledger_entry le = { 0 };

	le.customer_id = cn->customer_id;
	le.invoice_id = invoice_id;
	le.kind = LEDGER_CREDIT_NOTE;
	le.amount = amount;
	memcpy(le.currency, cn->currency, sizeof(le.currency));
	le.date = cn->date;
	return push_entry(lp, &le, e);
}

int ledger_post_credit_note(struct ledger_post *lp, struct credit_note *cn, const struct invoice *named,
			    struct ledger_post_result *res, struct error *e)
{
	struct invoice read;
	int64_t unapplied = cn->amount;
	size_t n = 0;
	int ret;

	if (res)
		*res = (struct ledger_post_result){ lp->alloc, 0, 0 };
	/* returns dated before the credit note happened before it, as for a payment */
	ret = apply_returns(lp, cn->date, 0, e);
	if (ret < 0)
		return ret;
	if (cn->invoice_id && !named) {
		ret = store_invoice_find(lp->tx, cn->invoice_ref, &read, e);
		if (ret < 0)
			return ret;
		if (ret == 0 || read.id != cn->invoice_id)
			return error_set_field(e, ERR_NOT_FOUND, "invoice_ref",
					       "credit note '%s': unknown invoice '%s'", cn->ref, cn->invoice_ref);
		named = &read;
	}
	/* the allocation rule of payments, on the named invoice alone: up to its balance, the rest is credit */
	lp->open_n = 0;
	lp->n_entries = 0;
	if (cn->invoice_id) {
		ret = add_open(lp, named, e);
		if (ret < 0)
			return ret;
		n = ledger_allocate(cn->amount, lp->open, lp->open_n, lp->alloc, &unapplied);
	}
	cn->applied = cn->amount - unapplied;
	ret = store_credit_note_insert(lp->tx, cn, lp->import_id, e);
	if (ret <= 0)
		return ret;
	for (size_t i = 0; i < n; i++) {
		ret = add_credit_entry(lp, cn, lp->alloc[i].invoice_id, -lp->alloc[i].amount, e);
		if (ret < 0)
			return ret;
	}
	if (unapplied > 0) {
		ret = add_credit_entry(lp, cn, 0, -unapplied, e);
		if (ret < 0)
			return ret;
	}
	ret = post_entries(lp, e);
	if (ret < 0)
		return ret;
	if (res) {
		res->n = n;
		res->unapplied = unapplied;
	}
	return 1;
}
