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
#include "codec/csv.h"
#include "codec/fields.h"
#include "codec/json.h"
#include "core/money.h"
#include "ingest/csv_import.h"
#include "ingest/outfile.h"
#include "store/ledger.h"
#include "store/parties.h"

/* Rows per page of a list: keyset pages cost a seek each, nothing more. */
#define EXPORT_PAGE 4096

struct exporter {
	struct cli *cli;
	struct store_tx *tx;         /* for the computed columns that read the store */
	FILE *out;
	enum output_format format;
	long long count;
	int spreadsheet;             /* --spreadsheet: neutralise formula-looking text */
	struct codec_row row;
	char safe[CODEC_FIELDS_MAX][TEXT_MAX + 2];
};

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

/* Writes x->row, the values of a record of table t (already formatted). */
static int emit(struct exporter *x, const struct record_table *t)
{
	struct codec_row *r = &x->row;
	if (x->format == FORMAT_CSV) {
		if (x->count == 0)
			codec_csv_header(x->out, t, t->n);
		for (size_t i = 0; i < r->n; i++) {
			const char *v = r->value[i];
			/*
			 * A spreadsheet runs a cell that starts with = + - @ (or a
			 * tab or CR) as a formula: a customer named "=HYPERLINK(..)"
			 * would run on the collector's machine. With --spreadsheet
			 * such text gets a leading apostrophe (OWASP's advice); a
			 * plain negative amount is left alone.
			 */
			if (x->spreadsheet && v[0] && strchr("=+-@\t\r", v[0]) && !plain_number(v)) {
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
	return ferror(x->out) ? -ERR_ENV : 0;
}

static int on_customer(void *ctx, const struct customer *c)
{
	struct exporter *x = ctx;
	int credit_col = codec_field_index(&codec_customer, "unapplied_credit");

	codec_row_format(&x->row, &codec_customer, c);
	if (c->id) {
		int64_t credit = 0;
		int ret = store_unapplied_credit(x->tx, c->id, c->currency, &credit,
						 &x->cli->err);
		if (ret < 0)
			return ret;
		x->row.value[credit_col] = money_format(credit, currency_exponent(c->currency),
							x->row.buf[credit_col], sizeof(x->row.buf[credit_col]));
	}
	return emit(x, &codec_customer);
}

static int on_contact(void *ctx, const struct contact *c)
{
	struct exporter *x = ctx;
	codec_row_format(&x->row, &codec_contact, c);
	return emit(x, &codec_contact);
}

static int on_invoice(void *ctx, const struct invoice *inv)
{
	struct exporter *x = ctx;
	codec_row_format(&x->row, &codec_invoice, inv);
	return emit(x, &codec_invoice);
}

static int on_payment(void *ctx, const struct payment *p)
{
	struct exporter *x = ctx;
	codec_row_format(&x->row, &codec_payment, p);
	return emit(x, &codec_payment);
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
	static const struct record_table *const tables[] = {
		[IMPORT_CUSTOMERS] = &codec_customer, [IMPORT_CONTACTS] = &codec_contact,
		[IMPORT_INVOICES] = &codec_invoice, [IMPORT_PAYMENTS] = &codec_payment,
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
		codec_csv_header(x.out, tables[kind], tables[kind]->n);
		ret = ferror(x.out) ? -ERR_ENV : 0;
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
