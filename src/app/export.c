#include "app/export.h"

#include <errno.h>
#include <stdint.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "codec/csv.h"
#include "codec/fields.h"
#include "codec/json.h"
#include "core/money.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/reports.h"
#include "store/store.h"

/* Rows per page of a list: keyset pages cost a seek each, nothing more. */
#define EXPORT_PAGE 4096

static const struct {
	const char *name;
	const struct record_table *table;
} records[] = {
	[EXPORT_CUSTOMERS] = { "customers", &codec_customer },
	[EXPORT_CONTACTS] = { "contacts", &codec_contact },
	[EXPORT_INVOICES] = { "invoices", &codec_invoice },
	[EXPORT_PAYMENTS] = { "payments", &codec_payment },
	[EXPORT_CREDIT_NOTES] = { "credit-notes", &codec_credit_note },
};

struct exporter {
	const struct export_options *opts;
	struct store_tx *tx; /* for the computed columns that read the store */
	FILE *out;
	long long count;
	struct error *e;
	int credit_col; /* the customer's unapplied_credit column */
	/*
	 * Customers export: every unapplied credit of the tenant, read in one
	 * statement before the pages (store_unapplied_each), sorted by customer
	 * id for a search per row instead of a query per customer.
	 */
	struct credit {
		int64_t customer_id;
		char currency[4];
		int64_t amount;
	} * credits;
	size_t n_credits, cap_credits;
	struct codec_row row;
	char safe[CODEC_FIELDS_MAX][TEXT_MAX + 2];
};

int export_record_parse(const char *name, enum export_record *out, struct error *e)
{
	for (size_t i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		if (!strcmp(name, records[i].name)) {
			*out = (enum export_record)i;
			return 0;
		}
	}
	return error_set(e, ERR_USAGE, "'%s' is not customers, contacts, invoices, payments or credit-notes", name);
}

/* "-12.50": a negative amount, which a spreadsheet reads as a number, not a formula. */
static int plain_number(const char *v)
{
	int digits = 0, point = 0;

	if (*v == '-')
		v++;
	for (; *v; v++) {
		if (*v >= '0' && *v <= '9')
			digits++;
		else if (*v == '.' && !point && digits)
			point = 1;
		else
			return 0;
	}
	return digits > 0;
}

static int write_failed(struct exporter *x)
{
	return error_set(x->e, ERR_ENV, "writing the export failed: %s", strerror(errno ? errno : EIO));
}

/* Writes x->row, the values of a record of table t (already formatted). */
static int emit(struct exporter *x, const struct record_table *t)
{
	struct codec_row *r = &x->row;

	if (x->opts->format == EXPORT_CSV) {
		if (x->count == 0)
			codec_csv_header(x->out, t, t->n);
		for (size_t i = 0; i < r->n; i++) {
			const char *v = r->value[i];
			/*
			 * A spreadsheet runs a cell that starts with = + - @ (or a
			 * tab or CR) as a formula: a customer named "=HYPERLINK(..)"
			 * would run on the collector's machine. With spreadsheet set
			 * such text gets a leading apostrophe (OWASP's advice); a
			 * plain negative amount is left alone.
			 */
			if (x->opts->spreadsheet && v[0] && strchr("=+-@\t\r", v[0]) && !plain_number(v)) {
				snprintf(x->safe[i], sizeof(x->safe[i]), "'%s", v);
				r->value[i] = x->safe[i];
			}
		}
		codec_csv_row(x->out, r);
	} else {
		json_t *o = codec_json_row(t, r);
		fputs(x->count ? ",\n  " : "\n  ", x->out);
		if (!o || codec_json_write(x->out, o, JSON_PRESERVE_ORDER | JSON_COMPACT) < 0)
			fputs("{}", x->out);
		json_decref(o);
	}
	x->count++;
	return ferror(x->out) ? write_failed(x) : 0;
}

static int add_credit(void *arg, int64_t customer_id, const char *customer_ref, const char *currency, int64_t amount)
{
	struct exporter *x = arg;
	struct credit *c;

	(void)customer_ref;
	if (x->n_credits == x->cap_credits) {
		size_t cap = x->cap_credits ? x->cap_credits * 2 : 64;
		struct credit *grown = realloc(x->credits, cap * sizeof(*grown));
		if (!grown)
			return error_set(x->e, ERR_ENV, "out of memory");
		x->credits = grown;
		x->cap_credits = cap;
	}
	c = &x->credits[x->n_credits++];
	c->customer_id = customer_id;
	snprintf(c->currency, sizeof(c->currency), "%s", currency);
	c->amount = amount;
	return 0;
}

static int credit_cmp(const void *a, const void *b)
{
	const struct credit *p = a, *q = b;

	if (p->customer_id != q->customer_id)
		return p->customer_id < q->customer_id ? -1 : 1;
	return strcmp(p->currency, q->currency);
}

/* The customer's unapplied credit in its currency (0 when it holds none). */
static int64_t credit_of(const struct exporter *x, const struct customer *c)
{
	struct credit key = { .customer_id = c->id };
	const struct credit *found;

	snprintf(key.currency, sizeof(key.currency), "%s", c->currency);
	found = x->n_credits ? bsearch(&key, x->credits, x->n_credits, sizeof(key), credit_cmp) : NULL;
	return found ? found->amount : 0;
}

static int on_customer(void *arg, const struct customer *c)
{
	struct exporter *x = arg;

	codec_row_format(&x->row, &codec_customer, c);
	if (c->id)
		x->row.value[x->credit_col] = money_format(credit_of(x, c), currency_exponent(c->currency),
							   x->row.buf[x->credit_col],
							   sizeof(x->row.buf[x->credit_col]));
	return emit(x, &codec_customer);
}

static int on_contact(void *arg, const struct contact *c)
{
	struct exporter *x = arg;
	codec_row_format(&x->row, &codec_contact, c);
	return emit(x, &codec_contact);
}

static int on_invoice(void *arg, const struct invoice *inv)
{
	struct exporter *x = arg;
	codec_row_format(&x->row, &codec_invoice, inv);
	return emit(x, &codec_invoice);
}

static int on_payment(void *arg, const struct payment *p)
{
	struct exporter *x = arg;
	codec_row_format(&x->row, &codec_payment, p);
	return emit(x, &codec_payment);
}

static int on_credit_note(void *arg, const struct credit_note *cn)
{
	struct exporter *x = arg;
	codec_row_format(&x->row, &codec_credit_note, cn);
	return emit(x, &codec_credit_note);
}

/* One page of the record's list: the rows passed, or a negative error. */
static int list_page(struct exporter *x, struct store_cursor *page)
{
	switch (x->opts->record) {
	case EXPORT_CUSTOMERS: return store_customers_list(x->tx, page, on_customer, x, x->e);
	case EXPORT_CONTACTS: return store_contacts_list(x->tx, page, on_contact, x, x->e);
	case EXPORT_INVOICES: return store_invoices_list(x->tx, page, on_invoice, x, x->e);
	case EXPORT_PAYMENTS: return store_payments_list(x->tx, page, on_payment, x, x->e);
	case EXPORT_CREDIT_NOTES: {
		/*
		 * One statement for every credit note (streamed on PostgreSQL), by
		 * customer and then in the order recorded: a credit note goes to its
		 * invoice or stays the customer's own credit, so the order within a
		 * customer is the order a re-import needs. 0: no further page.
		 */
		int ret = store_credit_notes_by_customer(x->tx, 1, INT64_MAX, on_credit_note, x, x->e);
		return ret < 0 ? ret : 0;
	}
	}
	return error_set(x->e, ERR_USAGE, "no such record to export");
}

int export_run(const struct app_ctx *ctx, struct export_options *opts, FILE *out, long long *rows, struct error *e)
{
	struct store_cursor page = { 0, EXPORT_PAGE };
	struct exporter *x = calloc(1, sizeof(*x)); /* ~70 KiB of row buffers: not on the stack */
	const struct record_table *table;
	int ret;

	if (rows)
		*rows = 0;
	if (!x)
		return error_set(e, ERR_ENV, "out of memory");
	if ((unsigned)opts->record >= sizeof(records) / sizeof(records[0])) {
		ret = error_set(e, ERR_USAGE, "no such record to export");
		goto cleanup;
	}
	table = records[opts->record].table;
	x->opts = opts;
	x->out = out;
	x->e = e;
	x->credit_col = codec_field_index(&codec_customer, "unapplied_credit");
	if (opts->format == EXPORT_JSON)
		fputs("[", out);
	/* one snapshot for every page: the export is consistent */
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &x->tx, e);
	if (ret == 0 && opts->record == EXPORT_CUSTOMERS)
		ret = store_unapplied_each(x->tx, STORE_NOW, add_credit, x, e);
	if (ret < 0)
		goto cleanup;
	if (x->n_credits)
		qsort(x->credits, x->n_credits, sizeof(*x->credits), credit_cmp);
	do
		ret = list_page(x, &page);
	while (ret == page.limit);
	if (ret >= 0 && opts->record == EXPORT_INVOICES) {
		ret = store_ledger_has_adjustments(x->tx, e);
		opts->not_carried = ret == 1;
	}
	if (ret < 0)
		goto cleanup;
	ret = 0; /* the last page */
	/* no rows: the header alone, so that scripts still find the columns */
	if (x->count == 0 && opts->format == EXPORT_CSV)
		codec_csv_header(out, table, table->n);
	if (opts->format == EXPORT_JSON)
		fputs(x->count ? "\n]\n" : "]\n", out);
	if (ferror(out))
		ret = write_failed(x);
cleanup:
	if (rows)
		*rows = x->count;
	store_tx_free(x->tx);
	free(x->credits);
	free(x);
	return ret;
}
