/*
 * correct.h: correcting a customer or a contact after it was imported
 * (`recoup customer set`, `recoup contact set`, `recoup import customers
 * --update`).
 *
 * Only the fields of CODEC_CUSTOMER_CORRECTABLE / CODEC_CONTACT_CORRECTABLE (codec/fields.h)
 * change; a record's identity (ref, kind, country, currency, customer)
 * never does. Every changed field is recorded in the append-only
 * record_change table with the old and the new value, who and when. A
 * customer's phone or email is also its primary contact's (the contact with
 * the customer's own ref, made by the importer), so a change to either is
 * carried to that contact and recorded there too.
 *
 * correct_customer_set and correct_contact_set are the use cases of
 * `customer set` and `contact set`: each opens its own write transaction
 * (app.h). The other calls open none: they take the caller's write
 * transaction (the importer's --update brackets a whole file in one), so
 * they are all-or-nothing with the rest of it.
 */
#ifndef RECOUP_CORRECT_H
#define RECOUP_CORRECT_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/error.h"
#include "core/model.h"
#include "app/app.h"
#include "store/parties.h"

/* Who and when, for the change records. */
struct correct_author {
	const char *by;
	timestamp_t at;
	int64_t import_id; /* 0: not from an import */
};

/* Told of each change as it is recorded; may be NULL. */
typedef void (*correct_cb)(void *ctx, const struct change_record *c);

/*
 * Applies "field=value" assignments to *c (a copy of the stored record):
 * each field at most once, each value checked as the importer checks it; a
 * profile must be a preset or one of the tenant's. -ERR_INPUT naming the
 * first bad assignment; *c is then partly changed (discard it).
 */
int correct_customer_assign(struct store_tx *tx, struct customer *c, char *const *assign, size_t n, struct error *e);
int correct_contact_assign(struct contact *c, char *const *assign, size_t n, struct error *e);

/*
 * Writes `now` over `old` (same id) and records each field that differs.
 * Returns the number of fields changed (0: nothing written), or -ERR_*.
 */
int correct_customer_apply(struct store_tx *tx, const struct customer *old, const struct customer *now,
			   const struct correct_author *who, correct_cb cb, void *ctx, struct error *e);
int correct_contact_apply(struct store_tx *tx, const struct contact *old, const struct contact *now,
			  const struct correct_author *who, correct_cb cb, void *ctx, struct error *e);

/*
 * What a correction changed, in the order recorded (the customer's fields,
 * then its primary contact's). `changes` is malloc'ed: correct_result_release
 * frees it (NULL and a zeroed result are fine).
 */
struct correct_result {
	struct change_record *changes;
	size_t n;
};
#define CORRECT_RESULT_INIT \
	{                   \
		NULL, 0     \
	}
void correct_result_release(struct correct_result *r);

/*
 * Corrects the customer (contact) with `ref`: checks every "field=value"
 * assignment as correct_*_assign does, and every value and `by` as free
 * text, then applies them as correct_*_apply does, recorded as by `by`
 * (NULL: ctx->actor) at ctx->now, in one write transaction. Returns the
 * number of fields changed (0: the values were already stored, nothing
 * written) with *out filled after the commit, or -ERR_*: -ERR_NOT_FOUND for
 * an unknown ref (field "ref"), -ERR_INPUT "customer 'C1': ...; nothing
 * changed" for a refused assignment. Nothing is written on error.
 */
/* correct_customer_set and correct_contact_set, for a front end that serves both. */
typedef int (*correct_set_fn)(const struct app_ctx *ctx, const char *ref, char *const *assign, size_t n, const char *by,
			      struct correct_result *out, struct error *e);
int correct_customer_set(const struct app_ctx *ctx, const char *ref, char *const *assign, size_t n, const char *by,
			 struct correct_result *out, struct error *e);
int correct_contact_set(const struct app_ctx *ctx, const char *ref, char *const *assign, size_t n, const char *by,
			struct correct_result *out, struct error *e);

#endif
