/*
 * disputes.h: the disputes of invoices (table dispute) and the tenant's
 * reason codes (table dispute_reason). A dispute is opened on one invoice
 * and resolved once (upheld, rejected, credited); rows are never deleted.
 * Its hold (store/holds.h, kind "dispute", source_id = the dispute's id)
 * is the app's (app/disputes.c).
 */
#ifndef RECOUP_STORE_DISPUTES_H
#define RECOUP_STORE_DISPUTES_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/model.h"
#include "store/store.h"

#define DISPUTE_REASON_MAX 32
#define DISPUTE_STATE_MAX  8

struct dispute {
	int64_t id;
	int64_t customer_id;
	int64_t invoice_id;
	char customer_ref[REF_MAX + 1]; /* read: the customer's and invoice's refs */
	char invoice_ref[REF_MAX + 1];
	char currency[4]; /* read: the invoice's */
	int64_t balance;  /* read: the invoice's balance now */
	char reason[DISPUTE_REASON_MAX + 1];
	char note[TEXT_MAX + 1];
	date_t deadline; /* 0: none */
	timestamp_t opened_at;
	char opened_by[NAME_MAX_LEN + 1];
	char state[DISPUTE_STATE_MAX + 1]; /* open, upheld, rejected, credited */
	timestamp_t resolved_at;           /* 0: open */
	char resolved_by[NAME_MAX_LEN + 1];
	int64_t credit;         /* the credit note's amount (0: none) */
	int64_t credit_note_id; /* 0: none */
	timestamp_t overdue_at; /* 0: the deadline has not been found passed */
};

/* Adds an open dispute (d->id set). Write. */
int store_dispute_add(struct store_tx *tx, struct dispute *d, struct error *e);
/*
 * Adds a dispute as it stands, for a copy of a book (app/migrate): every
 * column of d as given (state, resolved_at, resolved_by, credit,
 * credit_note_id 0 none, overdue_at); d->id set. Write.
 */
int store_dispute_copy(struct store_tx *tx, struct dispute *d, struct error *e);
/* 1 and *out, or 0 when the tenant has no dispute `id`. */
int store_dispute_get(struct store_tx *tx, int64_t id, struct dispute *out, struct error *e);
/*
 * Records d's resolution (state, resolved_at, resolved_by, credit,
 * credit_note_id) when it is still open: *n 1, else 0. Write.
 */
int store_dispute_resolve(struct store_tx *tx, const struct dispute *d, int64_t *n, struct error *e);

/*
 * The disputes of a customer (customer_id 0: all), in state (NULL/"": any),
 * overdue (1: open with a deadline before `on`), by id.
 */
struct dispute_filter {
	int64_t customer_id;
	const char *state;
	int overdue;
	date_t on;
};
typedef int (*store_dispute_cb)(void *ctx, const struct dispute *d);
int store_disputes_each(struct store_tx *tx, const struct dispute_filter *f, store_dispute_cb cb, void *ctx,
			struct error *e);
/*
 * Marks overdue_at = at on the open disputes whose deadline is before `on`
 * and that were not marked yet (one statement); *n how many. Write.
 */
int store_disputes_mark_overdue(struct store_tx *tx, date_t on, timestamp_t at, int64_t *n, struct error *e);

/*
 * The tenant's reason codes, in byte order, joined by ';' into out
 * ("" when the tenant set none). Read.
 */
int store_dispute_reasons_get(struct store_tx *tx, char *out, size_t size, struct error *e);
/* Replaces the tenant's reason codes with the n given. Write. */
int store_dispute_reasons_set(struct store_tx *tx, const char *const *codes, size_t n, struct error *e);

#endif
