/*
 * cmd_export.c: recoup export customers|contacts|invoices|payments [--format csv|json] [--out FILE]
 *
 * Writes back what was imported, with the import columns of docs/csv.md so
 * that the file imports again as it is, plus computed columns (an invoice's
 * `balance`) that the importer accepts and ignores.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/money.h"
#include "ingest/csv_import.h"
#include "ingest/csv_write.h"
#include "ingest/outfile.h"
#include "store/ledger.h"
#include "store/parties.h"

#define MAX_FIELDS 16

struct record {
	const char *names[MAX_FIELDS];
	char values[MAX_FIELDS][TEXT_MAX + 1];
	int is_number[MAX_FIELDS];   /* JSON: emit as a number/bool rather than string */
	int n;
};

/* Rows per page of a list: keyset pages cost a seek each, nothing more. */
#define EXPORT_PAGE 4096

struct exporter {
	struct cli *cli;
	struct store_tx *tx;         /* for the computed columns that read the store */
	FILE *out;
	enum output_format format;
	long long count;
	int header_only;             /* CSV of no rows: still the header line */
	int spreadsheet;             /* --spreadsheet: neutralise formula-looking text */
	struct record rec;
};

static void add(struct record *r, const char *name, const char *value)
{
	r->names[r->n] = name;
	snprintf(r->values[r->n], sizeof(r->values[0]), "%s", value ? value : "");
	r->is_number[r->n] = 0;
	r->n++;
}

static void add_money(struct record *r, const char *name, int64_t v, const char *currency)
{
	char buf[MONEY_TEXT_MAX];
	add(r, name, money_format(v, currency_exponent(currency), buf, sizeof(buf)));
}

static void add_date(struct record *r, const char *name, date_t d)
{
	char buf[DATE_TEXT_MAX];
	add(r, name, date_format(d, buf, sizeof(buf)));
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

static int emit(struct exporter *x)
{
	struct record *r = &x->rec;
	if (x->format == FORMAT_CSV) {
		if (x->header_only) {
			for (int i = 0; i < r->n; i++)
				csv_put(x->out, r->names[i], i == 0);
			fputc('\n', x->out);
			r->n = 0;
			return ferror(x->out) ? -ERR_ENV : 0;
		}
		if (x->count == 0) {
			for (int i = 0; i < r->n; i++)
				csv_put(x->out, r->names[i], i == 0);
			fputc('\n', x->out);
		}
		for (int i = 0; i < r->n; i++) {
			const char *v = r->values[i];
			char safe[TEXT_MAX + 2];
			/*
			 * A spreadsheet runs a cell that starts with = + - @ (or a
			 * tab or CR) as a formula: a customer named "=HYPERLINK(..)"
			 * would run on the collector's machine. With --spreadsheet
			 * such text gets a leading apostrophe (OWASP's advice); a
			 * plain negative amount is left alone.
			 */
			if (x->spreadsheet && v[0] && strchr("=+-@\t\r", v[0]) && !plain_number(v)) {
				snprintf(safe, sizeof(safe), "'%s", v);
				v = safe;
			}
			csv_put(x->out, v, i == 0);
		}
		fputc('\n', x->out);
	} else {
		json_t *o = json_object();
		char *text;
		for (int i = 0; i < r->n; i++)
			json_object_set_new(o, r->names[i], json_string(r->values[i]));
		text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
		fprintf(x->out, "%s%s", x->count ? ",\n  " : "\n  ", text ? text : "{}");
		free(text);
		json_decref(o);
	}
	x->count++;
	r->n = 0;
	return ferror(x->out) ? -ERR_ENV : 0;
}

static int on_customer(void *ctx, const struct customer *c)
{
	struct exporter *x = ctx;
	struct record *r = &x->rec;
	add(r, "customer_ref", c->ref);
	add(r, "name", c->name);
	add(r, "kind", c->kind == KIND_COMPANY ? "company" : "person");
	add(r, "country", c->country);
	add(r, "timezone", c->timezone);
	add(r, "language", c->language);
	add(r, "currency", c->currency);
	add_money(r, "credit_limit", c->credit_limit, c->currency);
	add(r, "email", c->email);
	add(r, "phone", c->phone);
	add(r, "address", c->address);
	add(r, "profile", c->profile);
	if (c->id) {
		int64_t credit = 0;
		int ret = store_unapplied_credit(x->tx, c->id, c->currency, &credit,
						 &x->cli->err);
		if (ret < 0)
			return ret;
		add_money(r, "unapplied_credit", credit, c->currency);
	} else {
		add(r, "unapplied_credit", "");
	}
	return emit(x);
}

static int on_contact(void *ctx, const struct contact *c)
{
	struct exporter *x = ctx;
	struct record *r = &x->rec;
	add(r, "contact_ref", c->ref);
	add(r, "customer_ref", c->customer_ref);
	add(r, "name", c->name);
	add(r, "role", c->role);
	add(r, "phone", c->phone);
	add(r, "email", c->email);
	add(r, "timezone", c->timezone);
	add(r, "pays_bills", c->pays_bills ? "true" : "false");
	add(r, "best_time", c->best_time);
	add(r, "notes", c->notes);
	return emit(x);
}

static int on_invoice(void *ctx, const struct invoice *inv)
{
	struct exporter *x = ctx;
	struct record *r = &x->rec;
	add(r, "invoice_ref", inv->ref);
	add(r, "customer_ref", inv->customer_ref);
	add_date(r, "issue_date", inv->issue_date);
	add_date(r, "due_date", inv->due_date);
	add(r, "currency", inv->currency);
	add_money(r, "amount", inv->amount, inv->currency);
	add(r, "description", inv->description);
	add(r, "po_ref", inv->po_ref);
	add(r, "delivery_note_ref", inv->delivery_note_ref);
	add(r, "signed", inv->is_signed ? "true" : "false");
	add_money(r, "balance", inv->balance, inv->currency);
	return emit(x);
}

static int on_payment(void *ctx, const struct payment *p)
{
	struct exporter *x = ctx;
	struct record *r = &x->rec;
	add(r, "payment_ref", p->ref);
	add(r, "customer_ref", p->customer_ref);
	add(r, "invoice_ref", p->invoice_ref);
	add_date(r, "date", p->date);
	add_money(r, "amount", p->amount, p->currency);
	add(r, "currency", p->currency);
	add(r, "method", p->method);
	add(r, "status", p->status == PAYMENT_RETURNED ? "returned" : "cleared");
	if (p->status == PAYMENT_RETURNED)
		add_date(r, "returned_date", p->returned_date);
	else
		add(r, "returned_date", "");
	return emit(x);
}

static int run_export(struct cli *cli, int argc, char **argv)
{
	struct store_cursor page = { 0, EXPORT_PAGE };
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "spreadsheet", no_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct exporter x = { .cli = cli, .out = stdout, .format = FORMAT_CSV };
	const char *out_path = NULL;
	struct outfile *of = NULL;
	enum import_kind kind;
	int c, ret, force = 0;

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'f') {
			if ((ret = cli_parse_format(cli, &cmd_export, optarg, (1u << FORMAT_CSV) | (1u << FORMAT_JSON),
						    &x.format)) < 0)
				return ret;
		} else if (c == 'o') {
			out_path = optarg;
		} else if (c == 's') {
			x.spreadsheet = 1;
		} else if (c == 'F') {
			force = 1;
		} else {
			return cli_usage_error(cli, &cmd_export, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_export, "expected what to export");
	if (import_kind_parse(argv[optind], &kind) < 0)
		return cli_usage_error(cli, &cmd_export, "'%s' is not customers, contacts, invoices or payments",
				       argv[optind]);
	if (out_path) {
		if ((ret = cli_outfile_open(cli, out_path, NULL, 0, force, &of)) < 0)
			return ret;
		x.out = outfile_stream(of);
	}
	if (x.format == FORMAT_JSON)
		fputs("[", x.out);
	/* one snapshot for every page: the export is consistent */
	if ((ret = cli_tx_begin(cli, STORE_READ, &x.tx)) < 0) {
		outfile_abort(of);
		return ret;
	}
	do {
		switch (kind) {
		case IMPORT_CUSTOMERS: ret = store_customers_list(x.tx, &page, on_customer, &x, &cli->err); break;
		case IMPORT_CONTACTS: ret = store_contacts_list(x.tx, &page, on_contact, &x, &cli->err); break;
		case IMPORT_INVOICES: ret = store_invoices_list(x.tx, &page, on_invoice, &x, &cli->err); break;
		default: ret = store_payments_list(x.tx, &page, on_payment, &x, &cli->err); break;
		}
	} while (ret == page.limit);
	if (ret > 0)
		ret = 0; /* the last page */
	if (ret == 0 && x.count == 0 && x.format == FORMAT_CSV) {
		/* no rows: the header alone, so that scripts still find the columns */
		x.header_only = 1;
		switch (kind) {
		case IMPORT_CUSTOMERS: ret = on_customer(&x, &(struct customer){ 0 }); break;
		case IMPORT_CONTACTS: ret = on_contact(&x, &(struct contact){ 0 }); break;
		case IMPORT_INVOICES: ret = on_invoice(&x, &(struct invoice){ 0 }); break;
		default: ret = on_payment(&x, &(struct payment){ 0 }); break;
		}
	}
	store_tx_free(x.tx);
	if (ret > 0)
		ret = error_set(&cli->err, ERR_ENV, "writing the export failed");
	if (x.format == FORMAT_JSON)
		fputs(x.count ? "\n]\n" : "]\n", x.out);
	/* the file appears, complete, only when everything was written */
	if (ret == 0)
		ret = outfile_commit(of, &cli->err);
	else
		outfile_abort(of);
	return ret;
}

const struct command cmd_export = {
	.name = "export",
	.summary = "export customers, contacts, invoices or payments as CSV or JSON",
	.usage = "usage: recoup export customers|contacts|invoices|payments [--format csv|json] [--out FILE]\n"
		 "                     [--force] [--spreadsheet]\n\n"
		 "Writes what was imported, in the columns of docs/csv.md (so a CSV export imports\n"
		 "again as it is), plus computed columns: an invoice's current balance and a\n"
		 "customer's unapplied credit (payments not yet applied to an invoice).\n"
		 "--spreadsheet: for opening in Excel or LibreOffice, text that starts with = + - @\n"
		 "gets a leading apostrophe so that it cannot run as a formula (such a file is for\n"
		 "reading, not for importing back).\n"
		 "--out FILE: written whole or not at all (a temporary file renamed into place when\n"
		 "complete); never the database or its -wal/-shm/-journal files; an existing FILE\n"
		 "only with --force.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_export,
};
