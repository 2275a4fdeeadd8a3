/*
 * import.c: the import use case. See import.h for the contract and
 * docs/csv.md for the columns and every rejection reason.
 *
 * One pass, one transaction: ingest/csv_import hands over each row whose
 * fields passed the checks; each is turned into its record and held until
 * PENDING_MAX have gathered, then written in one store call (the
 * database's unique keys find duplicates inside the file without holding
 * the file in memory; payments are posted in file order after their batch
 * is recorded); at the end the transaction is committed only if no row
 * was bad and something new was written, else rolled back.
 */
#include "app/import.h"

#include <stdlib.h>
#include <string.h>

#include "app/contact_log.h"
#include "app/correct.h"
#include "app/flags.h"
#include "app/ledger_post.h"
#include "app/parties.h"
#include "app/special.h"
#include "codec/fields.h"
#include "core/array.h"
#include "core/model.h"
#include "core/money.h"
#include "core/profile.h"
#include "store/history.h"
#include "store/imports.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/rules_config.h"

/*
 * Valid rows (customers, contacts, invoices, payments) handed to the store
 * at once (store_*_add): enough for a backend with round trips
 * (PostgreSQL's COPY) to write them in few statements, few enough that a
 * bad row, which flushes them before it is reported, keeps reports in file
 * order cheaply and memory stays small (about 2 MB).
 */
#define PENDING_MAX 1024

struct importer {
	struct store_tx *tx; /* the one write transaction of the import */
	const struct app_ctx *ctx;
	const struct import_options *o;
	struct import_result *r;
	struct csv_import *ci; /* the file, its checked rows, its bad rows */
	int64_t import_id;
	struct error *e; /* environment errors end the import */

	/* contact-rules profile names a customer may name: presets, then the tenant's (read once) */
	char (*profiles)[PROFILE_MAX + 1];
	size_t n_profiles, cap_profiles;
	int profiles_loaded;

	struct customer cust; /* last customer looked up, cached */
	int have_cust;

	struct invoice named;    /* the invoice a credit note names, as just read */
	struct ledger_post post; /* the payments of the file, posted in order */

	/*
	 * Valid rows not yet written, in file order, handed to the store
	 * together when PENDING_MAX have gathered (see flush_pending): one
	 * array, of the import's kind, allocated on first use.
	 */
	struct invoice *pending;
	struct customer *pending_customers;
	struct contact *pending_contacts;
	struct payment *pending_payments;
	struct invoice *pending_named;                /* the invoice each pending payment names, as read */
	unsigned char pending_named_bad[PENDING_MAX]; /* payments: its invoice's problem (enum named), 0 none */
	uint64_t pending_read_at[PENDING_MAX];        /* ledger_post_clock() when it was read */
	long pending_line[PENDING_MAX];
	unsigned char pending_added[PENDING_MAX];
	unsigned char pending_taken[PENDING_MAX]; /* customers: the primary contact's ref was taken */
	size_t pending_n;
	int flushing;  /* inside flush_pending: no nested flush */
	int flush_ret; /* an environment error met by a flush before a reject */
};

static int flush_pending(struct importer *im);

/*
 * Before a bad row is reported: invoices waiting to be written come earlier
 * in the file, so write them first and their own problems (a duplicate, a
 * conflict) are reported before this one, in file order.
 */
static void before_reject(void *ctx)
{
	struct importer *im = ctx;

	if (im->pending_n && !im->flushing) {
		int ret = flush_pending(im);
		if (ret < 0 && !im->flush_ret)
			im->flush_ret = ret;
	}
}

/*
 * The pending array of `size`-byte rows at *arr, allocated on first use.
 * 0, or -ERR_ENV.
 */
static int pending_array(struct importer *im, void *arr, size_t size)
{
	void **p = arr;

	if (!*p)
		*p = malloc(PENDING_MAX * size);
	return *p ? 0 : error_set(im->e, ERR_ENV, "out of memory");
}

/* Notes the current row as pending; a full batch is written. */
static int pending_push(struct importer *im)
{
	im->pending_line[im->pending_n] = csv_import_line(im->ci);
	if (++im->pending_n == PENDING_MAX)
		return flush_pending(im);
	return 0;
}

/* ---- lookups shared by the row kinds ---- */

/* Finds the customer of a row (cached: files are usually grouped). 1 found, 0 rejected, <0 env. */
static int find_customer(struct importer *im, int col)
{
	const char *ref = csv_import_field(im->ci, col);
	int ret;

	if (im->have_cust && !strcmp(im->cust.ref, ref))
		return 1;
	im->have_cust = 0;
	if (!*ref) {
		csv_import_reject(im->ci, col, "is empty");
		return 0;
	}
	ret = store_customer_find(im->tx, ref, &im->cust, im->e);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		csv_import_reject(im->ci, col, "unknown customer '%s' (import it in customers.csv first)", ref);
		return 0;
	}
	im->have_cust = 1;
	return 1;
}

/*
 * After an insert found the ref already stored: same values -> unchanged;
 * written earlier by this very import -> duplicate in the file; else a
 * conflict naming the first differing column.
 */
static void existing_row(struct importer *im, int ref_col, const char *ref, const char *what, int64_t existing_import,
			 const char *diff_col, const char *stored, const char *given)
{
	if (existing_import == im->import_id) {
		csv_import_reject(im->ci, ref_col, "duplicate %s '%s' in this file", what, ref);
		return;
	}
	if (diff_col) {
		csv_import_reject(im->ci, ref_col, "%s '%s' is already stored with %s '%s', not '%s'", what, ref,
				  diff_col, stored, given);
		return;
	}
	im->r->unchanged++;
}

/*
 * The first column of fields from..to-1 of table t where the stored record
 * and the row differ (codec_diff: the key and computed columns skipped; with
 * `flags`, only columns having them), both values as text in sv and gv;
 * NULL when they agree.
 */
static const char *diff_columns(const struct record_table *t, const void *old, const void *now, size_t from, size_t to,
				unsigned flags, char *sv, char *gv, size_t size)
{
	char buf[MONEY_TEXT_MAX];
	int i = codec_diff(t, old, now, from, to, flags);

	if (i < 0)
		return NULL;
	snprintf(sv, size, "%s", codec_format(t, (size_t)i, old, buf, sizeof(buf)));
	snprintf(gv, size, "%s", codec_format(t, (size_t)i, now, buf, sizeof(buf)));
	return t->fields[i].name;
}

/* ---- customers ---- */

static int add_profile_name(struct importer *im, const char *name)
{
	if (array_grow(&im->profiles, &im->cap_profiles, im->n_profiles, sizeof(*im->profiles)) < 0)
		return error_set(im->e, ERR_ENV, "out of memory");
	snprintf(im->profiles[im->n_profiles++], PROFILE_MAX + 1, "%s", name);
	return 0;
}

static int collect_profile(void *ctx, const char *name, const char *json)
{
	(void)json;
	return add_profile_name(ctx, name);
}

/*
 * A customer's explicit profile must be one that can be loaded later
 * (rules_ctx_profile_load): a preset or one of the tenant's. Else nothing could
 * ever check or contact the customer. 0 checked (row rejected if unknown),
 * <0 environment error.
 */
static int check_profile(struct importer *im, const char *name)
{
	char known[1024] = "";
	size_t used = 0;
	int ret;

	if (!im->profiles_loaded) {
		im->profiles_loaded = 1;
		for (size_t i = 0; profile_preset_names[i]; i++) {
			ret = add_profile_name(im, profile_preset_names[i]);
			if (ret < 0)
				return ret;
		}
		ret = store_profiles_each(im->tx, collect_profile, im, im->e);
		if (ret != 0)
			return ret < 0 ? ret : -ret;
	}
	for (size_t i = 0; i < im->n_profiles; i++)
		if (!strcmp(im->profiles[i], name))
			return 0;
	for (size_t i = 0; i < im->n_profiles && used < sizeof(known); i++) {
		int n = snprintf(known + used, sizeof(known) - used, "%s%s", i ? ", " : "", im->profiles[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	csv_import_reject(im->ci, CU_PROFILE, "unknown profile '%s' (known: %s)", name, known);
	return 0;
}

static int import_customer(struct importer *im)
{
	struct customer c = { 0 };
	struct currency cur;
	int kind;
	int ret;

	if (csv_import_ref(im->ci, CU_REF, c.ref, sizeof(c.ref)) < 0)
		return 0;
	csv_import_text(im->ci, CU_NAME, c.name, sizeof(c.name));
	kind = KIND_PERSON;
	csv_import_enum(im->ci, CU_KIND, &kind);
	c.kind = (enum customer_kind)kind;
	csv_import_text(im->ci, CU_COUNTRY, c.country, sizeof(c.country));
	csv_import_text(im->ci, CU_TZ, c.timezone, sizeof(c.timezone));
	csv_import_text(im->ci, CU_LANG, c.language, sizeof(c.language));
	if (csv_import_currency(im->ci, CU_CURRENCY, &cur) == 0) {
		memcpy(c.currency, cur.code, sizeof(c.currency));
		csv_import_amount(im->ci, CU_CREDIT, &cur, 1, &c.credit_limit);
	}
	csv_import_text(im->ci, CU_EMAIL, c.email, sizeof(c.email));
	csv_import_text(im->ci, CU_PHONE, c.phone, sizeof(c.phone));
	csv_import_text(im->ci, CU_ADDRESS, c.address, sizeof(c.address));
	if (csv_import_text(im->ci, CU_PROFILE, c.profile, sizeof(c.profile)) == 0 && c.profile[0]) {
		ret = check_profile(im, c.profile);
		if (ret < 0)
			return ret;
	}
	/* stored sorted, and a region without the country prefix (fields.c) */
	if (csv_import_text(im->ci, CU_TAGS, c.tags, sizeof(c.tags)) == 0)
		csv_import_normalise(im->ci, CU_TAGS, &c);
	if (csv_import_text(im->ci, CU_REGION, c.region, sizeof(c.region)) == 0)
		csv_import_normalise(im->ci, CU_REGION, &c);
	if (csv_import_row_bad(im->ci))
		return 0;

	/* written later, with its primary contact, many at a time (flush_customers) */
	ret = pending_array(im, &im->pending_customers, sizeof(*im->pending_customers));
	if (ret < 0)
		return ret;
	im->pending_customers[im->pending_n] = c;
	return pending_push(im);
}

/*
 * A customer whose ref was already stored: with --update, its correctable
 * fields are corrected; else unchanged, a duplicate or a conflict.
 */
static int existing_customer(struct importer *im, const struct customer *row)
{
	struct customer c = *row;
	struct customer old;
	int64_t old_import = 0;
	const char *diff = NULL;
	char sv[ADDRESS_MAX + 1], gv[ADDRESS_MAX + 1];
	int ret = store_customer_get(im->tx, c.ref, &old, &old_import, im->e);

	if (ret < 0)
		return ret;
	/*
	 * A column the file does not have says nothing about the stored
	 * value: not a request to blank it (--update), not a conflict
	 * (a re-import of a file with fewer columns).
	 */
	if (!csv_import_has_column(im->ci, CU_TZ))
		memcpy(c.timezone, old.timezone, sizeof(c.timezone));
	if (!csv_import_has_column(im->ci, CU_LANG))
		memcpy(c.language, old.language, sizeof(c.language));
	if (!csv_import_has_column(im->ci, CU_CREDIT))
		c.credit_limit = old.credit_limit;
	if (!csv_import_has_column(im->ci, CU_EMAIL))
		memcpy(c.email, old.email, sizeof(c.email));
	if (!csv_import_has_column(im->ci, CU_PHONE))
		memcpy(c.phone, old.phone, sizeof(c.phone));
	if (!csv_import_has_column(im->ci, CU_ADDRESS))
		memcpy(c.address, old.address, sizeof(c.address));
	if (!csv_import_has_column(im->ci, CU_PROFILE))
		memcpy(c.profile, old.profile, sizeof(c.profile));
	if (!csv_import_has_column(im->ci, CU_TAGS))
		memcpy(c.tags, old.tags, sizeof(c.tags));
	if (!csv_import_has_column(im->ci, CU_REGION))
		memcpy(c.region, old.region, sizeof(c.region));
	if (im->o->update && old_import != im->import_id) {
		struct correct_author who = { im->ctx->actor, im->ctx->now, im->import_id };
		diff = diff_columns(&codec_customer, &old, &c, 0, codec_customer.n, FIELD_IDENTITY, sv, gv, sizeof(sv));
		if (diff) {
			csv_import_reject(im->ci, CU_REF,
					  "customer '%s' is stored with %s '%s', not '%s' (%s never changes)", c.ref,
					  diff, sv, gv, diff);
			return 0;
		}
		if (c.profile[0] && strcmp(c.profile, old.profile)) {
			ret = store_profile_exists(im->tx, c.profile, im->e);
			if (ret < 0)
				return ret;
			if (ret == 0) {
				csv_import_reject(im->ci, CU_PROFILE,
						  "'%s' is not a preset nor one of the tenant's profiles", c.profile);
				return 0;
			}
		}
		c.id = old.id;
		ret = correct_customer_apply(im->tx, &old, &c, &who, im->o->on_change, im->o->change_ctx, im->e);
		if (ret < 0)
			return ret;
		if (ret == 0) {
			im->r->unchanged++;
		} else {
			im->r->inserted++;
			im->r->updated++;
		}
		return 0;
	}
	diff = diff_columns(&codec_customer, &old, &c, 0, codec_customer.n, 0, sv, gv, sizeof(sv));
	existing_row(im, CU_REF, c.ref, "customer", old_import, diff, sv, gv);
	return 0;
}

/* Writes the pending customers and their primary contacts; reports the rows already stored, in file order. */
static int flush_customers(struct importer *im, size_t n)
{
	struct csv_import_mark mark;
	int ret = parties_add_customers(im->tx, im->pending_customers, n, im->import_id, im->pending_added,
					im->pending_taken, im->e);

	for (size_t i = 0; i < n && ret >= 0; i++) {
		const struct customer *c = &im->pending_customers[i];
		if (im->pending_added[i] && !im->pending_taken[i]) {
			im->r->inserted++;
			continue;
		}
		csv_import_at_line(im->ci, im->pending_line[i], &mark);
		if (im->pending_added[i])
			/* a row problem, not the end of the import: the row is reported, the rest read on */
			csv_import_reject(im->ci, CU_REF, "customer '%s': a contact with this ref already exists",
					  c->ref);
		else
			ret = existing_customer(im, &im->pending_customers[i]);
		csv_import_restore(im->ci, &mark);
	}
	return ret < 0 ? ret : 0;
}

/* ---- contacts ---- */

static int import_contact(struct importer *im)
{
	struct contact c = { 0 };
	int ret;

	if (csv_import_ref(im->ci, CO_REF, c.ref, sizeof(c.ref)) < 0)
		return 0;
	ret = find_customer(im, CO_CUSTOMER);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		c.customer_id = im->cust.id;
		memcpy(c.customer_ref, im->cust.ref, sizeof(c.customer_ref));
	}
	csv_import_text(im->ci, CO_NAME, c.name, sizeof(c.name));
	csv_import_text(im->ci, CO_ROLE, c.role, sizeof(c.role));
	csv_import_text(im->ci, CO_PHONE, c.phone, sizeof(c.phone));
	csv_import_text(im->ci, CO_EMAIL, c.email, sizeof(c.email));
	csv_import_text(im->ci, CO_TZ, c.timezone, sizeof(c.timezone));
	csv_import_bool(im->ci, CO_PAYS, &c.pays_bills);
	csv_import_text(im->ci, CO_BEST, c.best_time, sizeof(c.best_time));
	csv_import_text(im->ci, CO_NOTES, c.notes, sizeof(c.notes));
	if (csv_import_row_bad(im->ci))
		return 0;

	/* written later, many at a time (flush_contacts) */
	ret = pending_array(im, &im->pending_contacts, sizeof(*im->pending_contacts));
	if (ret < 0)
		return ret;
	im->pending_contacts[im->pending_n] = c;
	return pending_push(im);
}

/* A contact whose ref was already stored: unchanged, a duplicate or a conflict. */
static int existing_contact(struct importer *im, const struct contact *c)
{
	struct contact old;
	int64_t old_import = 0;
	const char *diff = NULL;
	char sv[TEXT_MAX + 1], gv[TEXT_MAX + 1];
	int ret = store_contact_get(im->tx, c->ref, &old, &old_import, im->e);

	if (ret < 0)
		return ret;
	diff = diff_columns(&codec_contact, &old, c, 0, codec_contact.n, 0, sv, gv, sizeof(sv));
	existing_row(im, CO_REF, c->ref, "contact", old_import, diff, sv, gv);
	return 0;
}

/* Writes the pending contacts; reports the rows already stored, in file order. */
static int flush_contacts(struct importer *im, size_t n)
{
	struct csv_import_mark mark;
	int ret = store_contacts_add(im->tx, im->pending_contacts, n, im->import_id, im->pending_added, im->e);

	if (ret < 0)
		return ret;
	im->r->inserted += ret;
	for (size_t i = 0; i < n && ret >= 0; i++) {
		if (im->pending_added[i])
			continue;
		csv_import_at_line(im->ci, im->pending_line[i], &mark);
		ret = existing_contact(im, &im->pending_contacts[i]);
		csv_import_restore(im->ci, &mark);
	}
	return ret < 0 ? ret : 0;
}

/* ---- invoices ---- */

static int import_invoice(struct importer *im)
{
	struct invoice inv = { 0 };
	struct currency cur;
	int ret, have_dates = 1, have_cur;

	if (csv_import_ref(im->ci, IN_REF, inv.ref, sizeof(inv.ref)) < 0)
		return 0;
	ret = find_customer(im, IN_CUSTOMER);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		inv.customer_id = im->cust.id;
		memcpy(inv.customer_ref, im->cust.ref, sizeof(inv.customer_ref));
	}
	have_dates &= csv_import_date(im->ci, IN_ISSUE, &inv.issue_date) == 0;
	have_dates &= csv_import_date(im->ci, IN_DUE, &inv.due_date) == 0;
	if (have_dates && inv.due_date < inv.issue_date)
		csv_import_reject(im->ci, IN_DUE, "due date %s is before the issue date %s",
				  csv_import_field(im->ci, IN_DUE), csv_import_field(im->ci, IN_ISSUE));
	have_cur = csv_import_currency(im->ci, IN_CURRENCY, &cur) == 0;
	if (have_cur) {
		memcpy(inv.currency, cur.code, sizeof(inv.currency));
		csv_import_amount(im->ci, IN_AMOUNT, &cur, 0, &inv.amount);
		if (ret == 1 && strcmp(cur.code, im->cust.currency))
			csv_import_reject(im->ci, IN_CURRENCY, "currency %s differs from customer '%s''s currency %s",
					  cur.code, im->cust.ref, im->cust.currency);
	}
	csv_import_text(im->ci, IN_DESC, inv.description, sizeof(inv.description));
	csv_import_text(im->ci, IN_PO, inv.po_ref, sizeof(inv.po_ref));
	csv_import_text(im->ci, IN_DN, inv.delivery_note_ref, sizeof(inv.delivery_note_ref));
	csv_import_bool(im->ci, IN_SIGNED, &inv.is_signed);
	csv_import_text(im->ci, IN_PRODUCT, inv.product, sizeof(inv.product));
	if (csv_import_row_bad(im->ci))
		return 0;

	/*
	 * Written later, many to a statement. Nothing read below depends on
	 * the invoices written before (a customer lookup does not), so a
	 * valid row can wait; a bad row flushes the batch before it is
	 * reported (vreject), so reports stay in file order.
	 */
	ret = pending_array(im, &im->pending, sizeof(*im->pending));
	if (ret < 0)
		return ret;
	im->pending[im->pending_n] = inv;
	return pending_push(im);
}

/* An invoice whose ref was already stored: unchanged, a duplicate or a conflict. */
static int existing_invoice(struct importer *im, struct invoice *inv)
{
	struct invoice old;
	int64_t old_import = 0;
	const char *diff;
	char sv[TEXT_MAX + 1], gv[TEXT_MAX + 1];
	int ret = store_invoice_get(im->tx, inv->ref, &old, &old_import, im->e);

	if (ret < 0)
		return ret;
	/* a column the file lacks says nothing about the stored value (see import_customer) */
	if (!csv_import_has_column(im->ci, IN_PRODUCT))
		memcpy(inv->product, old.product, sizeof(inv->product));
	/* money in the stored invoice's currency: the same as the row's once currency agrees */
	diff = diff_columns(&codec_invoice, &old, inv, 0, codec_invoice.n, 0, sv, gv, sizeof(sv));
	existing_row(im, IN_REF, inv->ref, "invoice", old_import, diff, sv, gv);
	return 0;
}

/*
 * Writes the pending invoices; the store tells which were new, and each
 * one already stored is then reported as unchanged, a duplicate or a
 * conflict on its own line, in file order.
 */
static int flush_invoices(struct importer *im, size_t n)
{
	struct csv_import_mark mark;
	int ret = store_invoices_add(im->tx, im->pending, n, im->import_id, im->pending_added, im->e);

	if (ret < 0)
		return ret;
	im->r->inserted += ret;
	if ((size_t)ret == n)
		return 0;
	ret = 0;
	for (size_t i = 0; i < n && ret >= 0; i++) {
		if (im->pending_added[i])
			continue;
		csv_import_at_line(im->ci, im->pending_line[i], &mark);
		ret = existing_invoice(im, &im->pending[i]);
		csv_import_restore(im->ci, &mark);
	}
	return ret;
}

/* ---- payments ---- */

/* What is wrong with the invoice a payment names. */
enum named { NAMED_OK, NAMED_UNKNOWN, NAMED_OTHER_CUSTOMER, NAMED_LATER, NAMED_CURRENCY };

/* The payment `p` (its customer found) against the invoice it names, `inv` (NULL: none has its ref). */
static enum named named_check(const struct payment *p, const struct invoice *inv)
{
	if (!inv)
		return NAMED_UNKNOWN;
	if (inv->customer_id != p->customer_id)
		return NAMED_OTHER_CUSTOMER;
	if (p->date && inv->issue_date > p->date)
		return NAMED_LATER;
	if (p->currency[0] && strcmp(inv->currency, p->currency))
		return NAMED_CURRENCY;
	return NAMED_OK;
}

/* Reports problem `bad` (named_check's) against the current row. 0, or -ERR_* from the owner's lookup. */
static int named_reject(struct importer *im, const struct payment *p, const struct invoice *inv, enum named bad)
{
	char issued[DATE_TEXT_MAX], paid[DATE_TEXT_MAX];
	struct customer owner;
	int found;

	switch (bad) {
	case NAMED_UNKNOWN: csv_import_reject(im->ci, PA_INVOICE, "unknown invoice '%s'", p->invoice_ref); break;
	case NAMED_OTHER_CUSTOMER:
		/* rare: only now is the owner's ref worth a lookup */
		found = store_customer_by_id(im->tx, inv->customer_id, &owner, im->e);
		if (found < 0)
			return found;
		csv_import_reject(im->ci, PA_INVOICE, "invoice '%s' belongs to customer '%s', not '%s'", p->invoice_ref,
				  found ? owner.ref : "", p->customer_ref);
		break;
	case NAMED_LATER:
		csv_import_reject(im->ci, PA_INVOICE,
				  "invoice '%s' was issued on %s, after the payment's date %s: a payment "
				  "cannot pay an invoice not yet issued",
				  p->invoice_ref, date_format(inv->issue_date, issued, sizeof(issued)),
				  date_format(p->date, paid, sizeof(paid)));
		break;
	case NAMED_CURRENCY:
		csv_import_reject(im->ci, PA_CURRENCY, "currency %s differs from invoice '%s''s currency %s",
				  p->currency, p->invoice_ref, inv->currency);
		break;
	case NAMED_OK: break;
	}
	return 0;
}

/*
 * The invoices the pending payments name, read in one call: each checked
 * (named_check; a problem noted in pending_named_bad, reported in file
 * order by flush_payments), each good one kept with the clock of the read.
 * 0, or -ERR_*.
 */
static int read_named(struct importer *im, size_t n)
{
	const char **refs = malloc(n * sizeof(*refs));
	struct invoice *invs = calloc(n, sizeof(*invs));
	unsigned char *found = malloc(n);
	size_t *at = malloc(n * sizeof(*at)), k = 0;
	uint64_t clock = ledger_post_clock(&im->post);
	int ret = refs && invs && found && at ? 0 : error_set(im->e, ERR_ENV, "out of memory");

	memset(im->pending_named_bad, 0, n);
	for (size_t i = 0; ret == 0 && i < n; i++)
		if (im->pending_payments[i].invoice_ref[0]) {
			refs[k] = im->pending_payments[i].invoice_ref;
			at[k++] = i;
		}
	if (ret == 0 && k > 0)
		ret = store_invoices_find(im->tx, refs, k, invs, found, im->e);
	for (size_t j = 0; ret == 0 && j < k; j++) {
		struct payment *p = &im->pending_payments[at[j]];
		enum named bad = named_check(p, found[j] ? &invs[j] : NULL);
		im->pending_named[at[j]] = invs[j];
		im->pending_named_bad[at[j]] = (unsigned char)bad;
		if (bad == NAMED_OK) {
			p->invoice_id = invs[j].id;
			im->pending_read_at[at[j]] = clock;
		}
	}
	free(refs);
	free(invs);
	free(found);
	free(at);
	return ret;
}

/*
 * store_payments_add of the pending payments but those whose invoice is
 * wrong (pending_named_bad), their pending_added set; all of them when none
 * is (the usual case: no copy).
 */
static int add_payments(struct importer *im, size_t n)
{
	struct payment *good;
	unsigned char added[PENDING_MAX];
	size_t k = 0;
	int ret;

	for (size_t i = 0; i < n; i++)
		k += im->pending_named_bad[i] != NAMED_OK;
	if (k == 0)
		return store_payments_add(im->tx, im->pending_payments, n, im->import_id, im->pending_added, im->e);
	k = 0;
	good = malloc(n * sizeof(*good));
	if (!good)
		return error_set(im->e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (!im->pending_named_bad[i])
			good[k++] = im->pending_payments[i];
	ret = store_payments_add(im->tx, good, k, im->import_id, added, im->e);
	k = 0;
	for (size_t i = 0; ret >= 0 && i < n; i++) {
		im->pending_added[i] = 0;
		if (!im->pending_named_bad[i]) {
			im->pending_payments[i] = good[k];
			im->pending_added[i] = added[k++];
		}
	}
	free(good);
	return ret;
}

static int import_payment(struct importer *im)
{
	struct payment p = { 0 };
	struct currency cur;
	int status;
	int ret;

	if (csv_import_ref(im->ci, PA_REF, p.ref, sizeof(p.ref)) < 0)
		return 0;
	ret = find_customer(im, PA_CUSTOMER);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		p.customer_id = im->cust.id;
		memcpy(p.customer_ref, im->cust.ref, sizeof(p.customer_ref));
	}
	csv_import_date(im->ci, PA_DATE, &p.date);
	if (csv_import_currency(im->ci, PA_CURRENCY, &cur) == 0) {
		memcpy(p.currency, cur.code, sizeof(p.currency));
		csv_import_amount(im->ci, PA_AMOUNT, &cur, 0, &p.amount);
	}
	csv_import_text(im->ci, PA_METHOD, p.method, sizeof(p.method));
	status = PAYMENT_CLEARED;
	csv_import_enum(im->ci, PA_STATUS, &status);
	p.status = (enum payment_status)status;
	if (*csv_import_field(im->ci, PA_RETURNED)) {
		if (csv_import_date(im->ci, PA_RETURNED, &p.returned_date) == 0) {
			if (p.status != PAYMENT_RETURNED)
				csv_import_reject(im->ci, PA_RETURNED,
						  "a returned date is given but the status is not returned");
			else if (p.date && p.returned_date < p.date)
				csv_import_reject(im->ci, PA_RETURNED, "returned date %s is before the payment date %s",
						  csv_import_field(im->ci, PA_RETURNED),
						  csv_import_field(im->ci, PA_DATE));
		}
	} else {
		p.returned_date = p.date;
	}
	if (csv_import_text(im->ci, PA_INVOICE, p.invoice_ref, sizeof(p.invoice_ref)) == 0 && p.invoice_ref[0] &&
	    ret == 1) {
		/*
		 * The invoice a good row names is read with its batch's
		 * (flush_payments: one statement on PostgreSQL); a row bad
		 * already is told every problem now.
		 */
		if (csv_import_row_bad(im->ci)) {
			struct invoice inv;
			int found = store_invoice_find(im->tx, p.invoice_ref, &inv, im->e);
			if (found < 0)
				return found;
			found = named_reject(im, &p, &inv, named_check(&p, found ? &inv : NULL));
			if (found < 0)
				return found;
		}
	} else if (ret == 1 && p.currency[0] && !p.invoice_ref[0] && strcmp(p.currency, im->cust.currency)) {
		csv_import_reject(im->ci, PA_CURRENCY, "currency %s differs from customer '%s''s currency %s",
				  p.currency, im->cust.ref, im->cust.currency);
	}
	if (csv_import_row_bad(im->ci))
		return 0;
	/*
	 * Recorded later, many at a time, then posted in file order
	 * (flush_payments); returns dated before it are applied first. The
	 * invoice it names is kept as read, with the clock of the read.
	 */
	ret = pending_array(im, &im->pending_payments, sizeof(*im->pending_payments));
	if (ret == 0 && p.invoice_ref[0])
		ret = pending_array(im, &im->pending_named, sizeof(*im->pending_named));
	if (ret < 0)
		return ret;
	im->pending_payments[im->pending_n] = p;
	return pending_push(im);
}

/* A payment whose ref was already stored: returned since, unchanged, a duplicate or a conflict. */
static int existing_payment(struct importer *im, const struct payment *p)
{
	struct payment old;
	int64_t old_import = 0;
	const char *diff = NULL;
	char sv[64], gv[64];
	int ret = store_payment_get(im->tx, p->ref, &old, &old_import, im->e);

	if (ret < 0)
		return ret;
	/*
	 * Up to method, in table order (amount before currency: with the
	 * same customer_ref both payments are in the customer's currency,
	 * so currency never differs there).
	 */
	diff = diff_columns(&codec_payment, &old, p, 0, PA_STATUS, 0, sv, gv, sizeof(sv));
	if (!diff && old_import != im->import_id && old.status == PAYMENT_CLEARED && p->status == PAYMENT_RETURNED) {
		/* The bank returned a payment we had as cleared: reverse it now. */
		old.returned_date = p->returned_date;
		ret = ledger_post_return(&im->post, &old, im->e);
		if (ret < 0)
			return ret;
		im->r->inserted++;
		return 0;
	}
	/* status, then returned_date (compared only when both are returned) */
	if (!diff)
		diff = diff_columns(&codec_payment, &old, p, PA_STATUS, codec_payment.n, 0, sv, gv, sizeof(sv));
	existing_row(im, PA_REF, p->ref, "payment", old_import, diff, sv, gv);
	return 0;
}

/* Records the pending payments, then posts the new ones and reports the others, in file order. */
static int flush_payments(struct importer *im, size_t n)
{
	struct csv_import_mark mark;
	int ret = read_named(im, n);

	if (ret == 0)
		ret = add_payments(im, n);
	for (size_t i = 0; i < n && ret >= 0; i++) {
		struct payment *p = &im->pending_payments[i];
		if (im->pending_named_bad[i]) {
			csv_import_at_line(im->ci, im->pending_line[i], &mark);
			ret = named_reject(im, p, &im->pending_named[i], (enum named)im->pending_named_bad[i]);
			csv_import_restore(im->ci, &mark);
			continue;
		}
		if (im->pending_added[i]) {
			ret = ledger_post_recorded(&im->post, p, p->invoice_id ? &im->pending_named[i] : NULL,
						   im->pending_read_at[i], NULL, im->e);
			im->r->inserted++;
			continue;
		}
		csv_import_at_line(im->ci, im->pending_line[i], &mark);
		ret = existing_payment(im, p);
		csv_import_restore(im->ci, &mark);
	}
	return ret < 0 ? ret : 0;
}

/* Writes the pending rows of the import's kind (see struct importer). */
static int flush_pending(struct importer *im)
{
	size_t n = im->pending_n;
	int ret = 0;

	if (n == 0)
		return 0;
	im->pending_n = 0;
	im->flushing = 1;
	switch (im->o->kind) {
	case IMPORT_CUSTOMERS: ret = flush_customers(im, n); break;
	case IMPORT_CONTACTS: ret = flush_contacts(im, n); break;
	case IMPORT_INVOICES: ret = flush_invoices(im, n); break;
	case IMPORT_PAYMENTS: ret = flush_payments(im, n); break;
	default: break;
	}
	im->flushing = 0;
	return ret;
}

/* ---- credit notes ---- */

/*
 * The invoice a credit note names: the customer's, in the note's currency,
 * issued on or before its date. Sets cn->invoice_id (im->named holds the
 * invoice) or rejects the row. <0 environment error.
 */
static int credit_note_invoice(struct importer *im, struct credit_note *cn)
{
	struct invoice *inv = &im->named;
	struct customer owner;
	char issued[DATE_TEXT_MAX];
	int found = store_invoice_find(im->tx, cn->invoice_ref, inv, im->e);

	if (found < 0)
		return found;
	if (!found) {
		csv_import_reject(im->ci, CN_INVOICE, "unknown invoice '%s'", cn->invoice_ref);
	} else if (inv->customer_id != cn->customer_id) {
		found = store_customer_by_id(im->tx, inv->customer_id, &owner, im->e);
		if (found < 0)
			return found;
		csv_import_reject(im->ci, CN_INVOICE, "invoice '%s' belongs to customer '%s', not '%s'",
				  cn->invoice_ref, found ? owner.ref : "", cn->customer_ref);
	} else if (cn->date && inv->issue_date > cn->date) {
		csv_import_reject(im->ci, CN_INVOICE,
				  "invoice '%s' was issued on %s, after the credit note's date %s: a credit note "
				  "cannot credit an invoice not yet issued",
				  cn->invoice_ref, date_format(inv->issue_date, issued, sizeof(issued)),
				  csv_import_field(im->ci, CN_DATE));
	} else if (cn->currency[0] && strcmp(inv->currency, cn->currency)) {
		csv_import_reject(im->ci, CN_CURRENCY, "currency %s differs from invoice '%s''s currency %s",
				  cn->currency, cn->invoice_ref, inv->currency);
	} else {
		cn->invoice_id = inv->id;
	}
	return 0;
}

/* A credit note whose ref was already stored: unchanged, a duplicate or a conflict. */
static int existing_credit_note(struct importer *im, const struct credit_note *cn)
{
	struct credit_note old;
	int64_t old_import = 0;
	const char *diff;
	char sv[TEXT_MAX + 1], gv[TEXT_MAX + 1];
	int ret = store_credit_note_get(im->tx, cn->ref, &old, &old_import, im->e);

	if (ret < 0)
		return ret;
	/* amount before currency in the table: with one customer_ref both are in its currency */
	diff = diff_columns(&codec_credit_note, &old, cn, 0, codec_credit_note.n, 0, sv, gv, sizeof(sv));
	existing_row(im, CN_REF, cn->ref, "credit note", old_import, diff, sv, gv);
	return 0;
}

static int import_credit_note(struct importer *im)
{
	struct credit_note cn = { 0 };
	struct currency cur;
	int ret;

	if (csv_import_ref(im->ci, CN_REF, cn.ref, sizeof(cn.ref)) < 0)
		return 0;
	ret = find_customer(im, CN_CUSTOMER);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		cn.customer_id = im->cust.id;
		memcpy(cn.customer_ref, im->cust.ref, sizeof(cn.customer_ref));
	}
	csv_import_date(im->ci, CN_DATE, &cn.date);
	if (csv_import_currency(im->ci, CN_CURRENCY, &cur) == 0) {
		memcpy(cn.currency, cur.code, sizeof(cn.currency));
		csv_import_amount(im->ci, CN_AMOUNT, &cur, 0, &cn.amount);
	}
	csv_import_text(im->ci, CN_REASON, cn.reason, sizeof(cn.reason));
	if (csv_import_text(im->ci, CN_INVOICE, cn.invoice_ref, sizeof(cn.invoice_ref)) == 0 && cn.invoice_ref[0] &&
	    ret == 1) {
		ret = credit_note_invoice(im, &cn);
		if (ret < 0)
			return ret;
	} else if (ret == 1 && cn.currency[0] && !cn.invoice_ref[0] && strcmp(cn.currency, im->cust.currency)) {
		csv_import_reject(im->ci, CN_CURRENCY, "currency %s differs from customer '%s''s currency %s",
				  cn.currency, im->cust.ref, im->cust.currency);
	}
	if (csv_import_row_bad(im->ci))
		return 0;
	ret = ledger_post_credit_note(&im->post, &cn, cn.invoice_id ? &im->named : NULL, NULL, im->e);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		im->r->inserted++;
		return 0;
	}
	return existing_credit_note(im, &cn);
}

/* ---- history: contact attempts and flags ---- */

/* Which column an app/ error's field names (contact_log.h, flags.h spell them). */
struct field_column {
	const char *field;
	int col;
};

/*
 * An error of contact_log_prepare or flags_prepare: a refused or unknown
 * value is the row's problem (rejected on the column its field names, the
 * import reads on); anything else ends the import.
 */
static int reject_app_error(struct importer *im, int ret, const struct field_column *map, size_t n)
{
	char reason[ERROR_MESSAGE_MAX];
	int col = -1;

	if (ret != -ERR_INPUT && ret != -ERR_NOT_FOUND)
		return ret;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(im->e->field, map[i].field))
			col = map[i].col;
	snprintf(reason, sizeof(reason), "%s", im->e->message);
	error_clear(im->e);
	csv_import_reject(im->ci, col, "%s", reason);
	return 0;
}

/*
 * A moment column: parsed (its syntax was checked with the field), not
 * after the import's today, and written back as recoup writes it (UTC) so
 * that a re-import compares equal whatever zone the file used.
 */
static int import_moment(struct importer *im, int col, char *text, size_t size, timestamp_t *out)
{
	char today[DATE_TEXT_MAX];

	*out = 0;
	if (!*text || timestamp_parse(text, out, im->e) < 0) {
		error_clear(im->e);
		return -1;
	}
	if (timestamp_date_utc(*out) > im->ctx->today) {
		csv_import_reject(im->ci, col, "'%s' is after today (%s)", text,
				  date_format(im->ctx->today, today, sizeof(today)));
		return -1;
	}
	timestamp_format(*out, text, size);
	return 0;
}

/* A stored history row of this ref: unchanged, a duplicate in the file, or a conflict. */
static void existing_history(struct importer *im, const struct record_table *t, int ref_col, const char *ref,
			     const char *what, const void *old, const void *now, int64_t old_import)
{
	char sv[TEXT_MAX + 1], gv[TEXT_MAX + 1];
	const char *diff = diff_columns(t, old, now, 0, t->n, 0, sv, gv, sizeof(sv));

	existing_row(im, ref_col, ref, what, old_import, diff, sv, gv);
}

static const char *or_null(const char *s)
{
	return *s ? s : NULL;
}

static int import_attempt(struct importer *im)
{
	static const struct field_column map[] = {
		{ "contact_ref", AT_CONTACT },
		{ "invoice_ref", AT_INVOICE },
		{ "address", AT_ADDRESS },
		{ "outcome", AT_OUTCOME },
		{ "at", AT_AT },
		{ "spoke_with", AT_SPOKE_WITH },
		{ "note", AT_NOTE },
	};
	struct history_attempt h = { 0 }, old;
	struct contact_log_request rq = { 0 };
	struct contact_log_entry le;
	int64_t old_import = 0;
	int ret;

	if (csv_import_ref(im->ci, AT_REF, h.ref, sizeof(h.ref)) < 0)
		return 0;
	csv_import_text(im->ci, AT_CONTACT, h.contact_ref, sizeof(h.contact_ref));
	if (csv_import_text(im->ci, AT_AT, h.at, sizeof(h.at)) == 0)
		import_moment(im, AT_AT, h.at, sizeof(h.at), &rq.at);
	if (csv_import_text(im->ci, AT_CHANNEL, h.channel, sizeof(h.channel)) == 0)
		channel_parse(h.channel, &rq.channel, NULL);
	if (csv_import_text(im->ci, AT_OUTCOME, h.outcome, sizeof(h.outcome)) == 0)
		contact_outcome_parse(h.outcome, &rq.outcome, NULL);
	csv_import_text(im->ci, AT_INVOICE, h.invoice_ref, sizeof(h.invoice_ref));
	csv_import_text(im->ci, AT_ADDRESS, h.address, sizeof(h.address));
	csv_import_text(im->ci, AT_SPOKE_WITH, h.spoke_with, sizeof(h.spoke_with));
	csv_import_text(im->ci, AT_NOTE, h.note, sizeof(h.note));
	csv_import_bool(im->ci, AT_INBOUND, &h.inbound);
	if (csv_import_row_bad(im->ci))
		return 0;

	rq.contact_ref = h.contact_ref;
	rq.invoice_ref = or_null(h.invoice_ref);
	rq.address = h.address;
	rq.spoke_with = h.spoke_with;
	rq.note = h.note;
	rq.inbound = h.inbound;
	ret = contact_log_prepare(im->ctx, im->tx, &rq, 1, &le, im->e);
	if (ret < 0)
		return reject_app_error(im, ret, map, sizeof(map) / sizeof(map[0]));
	ret = store_attempt_import(im->tx, le.customer_id, &le.attempt, &h, im->import_id, im->e);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		im->r->inserted++;
		return 0;
	}
	ret = store_attempt_get_ref(im->tx, h.ref, &old, &old_import, im->e);
	if (ret < 0)
		return ret;
	existing_history(im, &codec_attempt, AT_REF, h.ref, "contact attempt", &old, &h, old_import);
	return 0;
}

/* The optional end of a flag's life: cleared_at, then who cleared it and why. */
static int flag_cleared(struct importer *im, struct history_flag *h, timestamp_t set_at, timestamp_t *cleared_at)
{
	*cleared_at = 0;
	if (!h->cleared_at[0]) {
		if (h->cleared_by[0] || h->cleared_reason[0])
			csv_import_reject(im->ci, FL_CLEARED_AT, "is empty, but cleared_by or cleared_reason is given");
		return 0;
	}
	if (import_moment(im, FL_CLEARED_AT, h->cleared_at, sizeof(h->cleared_at), cleared_at) < 0)
		return 0;
	if (set_at && *cleared_at < set_at)
		csv_import_reject(im->ci, FL_CLEARED_AT, "'%s' is before set_at '%s'", h->cleared_at, h->set_at);
	return 0;
}

static int import_flag(struct importer *im)
{
	static const struct field_column map[] = {
		{ "customer_ref", FL_CUSTOMER },
		{ "flag", FL_FLAG },
		{ "contact_ref", FL_CONTACT },
		{ "invoice_ref", FL_INVOICE },
		{ "address", FL_ADDRESS },
		{ "detail", FL_DETAIL },
		{ "by", FL_SET_BY },
		{ "reason", FL_REASON },
		{ "at", FL_SET_AT },
	};
	struct history_flag *h = calloc(2, sizeof(*h));
	struct flag_record *f = malloc(sizeof(*f));
	struct flags_request rq = { 0 };
	timestamp_t cleared_at = 0;
	int64_t old_import = 0;
	int ret = 0;

	if (!h || !f) {
		ret = error_set(im->e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	if (csv_import_ref(im->ci, FL_REF, h->ref, sizeof(h->ref)) < 0)
		goto cleanup;
	csv_import_text(im->ci, FL_CUSTOMER, h->customer_ref, sizeof(h->customer_ref));
	csv_import_text(im->ci, FL_FLAG, h->flag, sizeof(h->flag));
	csv_import_text(im->ci, FL_CONTACT, h->contact_ref, sizeof(h->contact_ref));
	csv_import_text(im->ci, FL_INVOICE, h->invoice_ref, sizeof(h->invoice_ref));
	csv_import_text(im->ci, FL_ADDRESS, h->address, sizeof(h->address));
	csv_import_text(im->ci, FL_DETAIL, h->detail, sizeof(h->detail));
	csv_import_text(im->ci, FL_SET_BY, h->set_by, sizeof(h->set_by));
	if (csv_import_text(im->ci, FL_SET_AT, h->set_at, sizeof(h->set_at)) == 0)
		import_moment(im, FL_SET_AT, h->set_at, sizeof(h->set_at), &rq.at);
	csv_import_text(im->ci, FL_REASON, h->reason, sizeof(h->reason));
	csv_import_text(im->ci, FL_CLEARED_AT, h->cleared_at, sizeof(h->cleared_at));
	csv_import_text(im->ci, FL_CLEARED_BY, h->cleared_by, sizeof(h->cleared_by));
	csv_import_text(im->ci, FL_CLEARED_REASON, h->cleared_reason, sizeof(h->cleared_reason));
	if (!csv_import_row_bad(im->ci))
		flag_cleared(im, h, rq.at, &cleared_at);
	if (csv_import_row_bad(im->ci))
		goto cleanup;

	rq.customer_ref = h->customer_ref;
	rq.flag = h->flag;
	rq.contact_ref = or_null(h->contact_ref);
	rq.invoice_ref = or_null(h->invoice_ref);
	rq.address = or_null(h->address);
	rq.detail = or_null(h->detail);
	rq.by = or_null(h->set_by);
	rq.reason = h->reason;
	ret = flags_prepare(im->ctx, im->tx, &rq, f, im->e);
	if (ret < 0) {
		ret = reject_app_error(im, ret, map, sizeof(map) / sizeof(map[0]));
		goto cleanup;
	}
	/* as stored: the address is kept as the detail, the author is the actor when none is named */
	h->address[0] = '\0';
	snprintf(h->detail, sizeof(h->detail), "%s", f->detail);
	snprintf(h->set_by, sizeof(h->set_by), "%s", f->set_by);
	ret = store_flag_import(im->tx, f, h->ref, cleared_at, h->cleared_by, h->cleared_reason, im->import_id, im->e);
	if (ret < 0)
		goto cleanup;
	if (ret == 1) {
		/* a bankruptcy or a death still in force stops the strategy, as when set by hand (app/special.h) */
		ret = !cleared_at && special_flag(f->flag) ? special_flag_set(im->ctx, im->tx, f, im->e) : 0;
		if (ret == 0)
			im->r->inserted++;
		goto cleanup;
	}
	ret = store_flag_get_ref(im->tx, h->ref, &h[1], &old_import, im->e);
	if (ret < 0)
		goto cleanup;
	ret = 0;
	existing_history(im, &codec_flag, FL_REF, h->ref, "flag", &h[1], h, old_import);
cleanup:
	free(h);
	free(f);
	return ret;
}

/* ---- the driver ---- */

/*
 * One audit entry per committed batch (its rows are traced by their
 * import_id): the file and what its rows did, in the batch's transaction.
 */
static int audit_batch(const struct app_ctx *ctx, struct store_tx *tx, int64_t import_id,
		       const struct import_options *o, const struct import_result *r, struct error *e)
{
	char ref[24];
	json_t *after = json_pack("{s:s,s:s,s:I,s:I,s:I,s:I}", "kind", import_kind_name(o->kind), "file", o->path,
				  "rows", (json_int_t)r->rows, "inserted", (json_int_t)r->inserted, "unchanged",
				  (json_int_t)r->unchanged, "updated", (json_int_t)r->updated);
	int ret;

	if (!after)
		return error_set(e, ERR_ENV, "out of memory");
	snprintf(ref, sizeof(ref), "%lld", (long long)import_id);
	ret = app_audit(ctx, tx, "import.batch", "import", ref, NULL, after, e);
	json_decref(after);
	return ret;
}

int import_run(const struct app_ctx *ctx, const struct import_options *o, struct import_result *r, struct error *e)
{
	struct importer im = { 0 };
	struct csv_import_options co = { 0 };
	long long done, total;
	int ret;

	memset(r, 0, sizeof(*r));
	im.ctx = ctx;
	im.o = o;
	im.r = r;
	im.e = e;
	ledger_post_init(&im.post, NULL, 0);

	if (ctx->today <= 0) {
		ret = error_set(e, ERR_ENV, "import of '%s': no today given (app_ctx.today)", o->path);
		goto cleanup;
	}
	/* the actor is recorded with the import and every change of --update: checked like any typed name */
	ret = app_check_text("by", ctx->actor ? ctx->actor : "cli", NAME_MAX_LEN, e);
	if (ret < 0)
		goto cleanup;
	co.kind = o->kind;
	co.path = o->path;
	co.rejects = o->rejects;
	co.report = o->report;
	co.today = ctx->today;
	co.replay_hint = o->replay_hint;
	co.progress = o->progress;
	co.progress_ctx = o->progress_ctx;
	co.before_reject = before_reject;
	co.hook_ctx = &im;
	ret = csv_import_open(&co, &im.ci, e);
	if (ret < 0)
		goto cleanup;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor ? ctx->actor : "cli", STORE_WRITE, &im.tx, e);
	if (ret < 0)
		goto cleanup;
	ret = store_import_begin(im.tx, import_kind_name(o->kind), o->path, &im.import_id, e);
	if (ret < 0)
		goto cleanup;
	ledger_post_init(&im.post, im.tx, im.import_id);

	while ((ret = csv_import_next(im.ci, e)) == 1) {
		switch (o->kind) {
		case IMPORT_CUSTOMERS: ret = import_customer(&im); break;
		case IMPORT_CONTACTS: ret = import_contact(&im); break;
		case IMPORT_INVOICES: ret = import_invoice(&im); break;
		case IMPORT_PAYMENTS: ret = import_payment(&im); break;
		case IMPORT_CREDIT_NOTES: ret = import_credit_note(&im); break;
		case IMPORT_CONTACT_HISTORY: ret = import_attempt(&im); break;
		case IMPORT_FLAGS: ret = import_flag(&im); break;
		default: ret = error_set(e, ERR_ENV, "import: kind %d has no importer", (int)o->kind); break;
		}
		if (ret == 0)
			ret = im.flush_ret;
		if (ret < 0)
			goto cleanup;
	}
	if (ret < 0)
		goto cleanup;
	ret = im.flush_ret;
	if (ret < 0)
		goto cleanup;
	ret = flush_pending(&im);
	if (ret < 0)
		goto cleanup;
	ret = im.flush_ret;
	if (ret < 0)
		goto cleanup;
	csv_import_summary(im.ci);
	r->rows = csv_import_rows(im.ci);
	r->rejected = csv_import_rejected(im.ci);
	if (r->rejected) {
		ret = error_set(e, ERR_INPUT, "%s: %lld bad row%s; nothing was imported", o->path,
				(long long)r->rejected, r->rejected == 1 ? "" : "s");
		goto cleanup;
	}
	if (r->inserted == 0) {
		/* Nothing new: leave the database exactly as it was (store_tx_free rolls back). */
		ret = 0;
		goto cleanup;
	}
	ret = ledger_post_finish(&im.post, e);
	if (ret < 0)
		goto cleanup;
	ret = store_import_finish(im.tx, im.import_id, r->rows, e);
	if (ret < 0)
		goto cleanup;
	ret = audit_batch(ctx, im.tx, im.import_id, o, r, e);
	if (ret < 0)
		goto cleanup;
	ret = store_tx_commit(im.tx, e);
	if (ret < 0)
		goto cleanup;
	if (o->progress) {
		csv_import_position(im.ci, &done, &total);
		o->progress(o->progress_ctx, total, total);
	}
cleanup:
	store_tx_free(im.tx);
	if (im.ci) {
		r->rows = csv_import_rows(im.ci);
		r->rejected = csv_import_rejected(im.ci);
	}
	if (ret < 0 && r->rejected == 0 && ret != -ERR_INPUT)
		r->inserted = 0;
	csv_import_free(im.ci);
	ledger_post_release(&im.post);
	free(im.pending);
	free(im.pending_customers);
	free(im.pending_contacts);
	free(im.pending_payments);
	free(im.pending_named);
	free(im.profiles);
	return ret;
}
