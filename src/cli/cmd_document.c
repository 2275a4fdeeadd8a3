/*
 * cmd_document.c: recoup document add|list|get — documents attached to
 * customers and invoices (app/documents.h). Parsing and formatting only.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/documents.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

static const char usage[] =
	"usage: recoup document add CUSTOMER FILE [--invoice REF] [--kind KIND] [--type TYPE] [--name NAME]\n"
	"                           [--max-bytes N] [--by USER] [--files DIR]\n"
	"       recoup document list CUSTOMER [--invoice REF] [--format table|json]\n"
	"       recoup document get ID [--out FILE [--force]] [--info] [--files DIR]\n\n"
	"add attaches FILE (a PDF, PNG or JPEG, checked by its first bytes) to the customer, or to\n"
	"one of its invoices with --invoice. --kind is one of " DOCUMENTS_KINDS "\n"
	"(default other); --type the declared type (default: the content's); --name the file name\n"
	"kept (default: FILE's last component). Files over --max-bytes (default 10485760) are\n"
	"refused. The bytes are stored once, named by their sha256, under the files directory:\n"
	"--files, else $RECOUP_FILES, else beside the database (DB.files; recoup-files in the\n"
	"current directory for PostgreSQL).\n\n"
	"list prints the customer's documents, newest first. get writes document ID's bytes to\n"
	"--out (or stdout), checked against its sha256; --info prints its metadata as JSON\n"
	"instead. JSON keys: id, customer_ref, invoice_ref, kind, file_name, content_type, size,\n"
	"sha256, uploaded_by, uploaded_at.\n";

/* --files, else $RECOUP_FILES, else beside the database. */
static const char *files_dir(struct cli *cli, const char *option, char *buf, size_t size)
{
	const char *env = getenv("RECOUP_FILES");
	if (option)
		return option;
	if (env && *env)
		return env;
	return documents_dir_default(cli->db_url, buf, size);
}

static int parse_id(struct cli *cli, const char *text, int64_t *id)
{
	long long v;
	if (cli_parse_int(cli, &cmd_document, "document id", text, 1, INT64_MAX, &v) < 0)
		return -ERR_USAGE;
	*id = v;
	return 0;
}

static int run_add(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "invoice", required_argument, NULL, 'i' },   { "kind", required_argument, NULL, 'k' },
		{ "type", required_argument, NULL, 't' },      { "name", required_argument, NULL, 'n' },
		{ "max-bytes", required_argument, NULL, 'm' }, { "by", required_argument, NULL, 'b' },
		{ "files", required_argument, NULL, 'F' },     { NULL, 0, NULL, 0 },
	};
	struct documents_add_request rq = { 0 };
	struct document d;
	const char *files = NULL, *slash;
	char dirbuf[4096], *data = NULL;
	long long max_bytes;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'i': rq.invoice_ref = optarg; break;
		case 'k': rq.kind = optarg; break;
		case 't': rq.content_type = optarg; break;
		case 'n': rq.file_name = optarg; break;
		case 'm':
			if (cli_int_text(optarg, 1, LLONG_MAX, &max_bytes) < 0)
				return cli_usage_error(cli, &cmd_document,
						       "--max-bytes '%s': expected a positive number", optarg);
			rq.max_bytes = (size_t)max_bytes;
			break;
		case 'b': rq.by = optarg; break;
		case 'F': files = optarg; break;
		default: return cli_usage_error(cli, &cmd_document, "unknown option");
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(cli, &cmd_document, "document add needs a customer ref and a file");
	rq.customer_ref = argv[optind];
	if (!rq.file_name) {
		slash = strrchr(argv[optind + 1], '/');
		rq.file_name = slash ? slash + 1 : argv[optind + 1];
	}
	rq.dir = files_dir(cli, files, dirbuf, sizeof(dirbuf));
	/* read no further than the most a document may hold (--max-bytes): /dev/zero is refused, not read whole */
	ret = cli_read_bytes_max(cli, argv[optind + 1], rq.max_bytes ? rq.max_bytes : DOCUMENTS_MAX_BYTES, &data,
				 &rq.len);
	if (ret < 0)
		return ret;
	rq.data = data;
	ret = documents_add(&cli->app, &rq, &d, &cli->err);
	free(data);
	if (ret == 0)
		cli_printf("document %lld added to customer '%s'%s%s: %s (%s, %lld bytes, %s)\n", (long long)d.id,
			   d.customer_ref, d.invoice_ref[0] ? " invoice " : "", d.invoice_ref, d.file_name,
			   d.content_type, (long long)d.size, d.kind);
	return ret;
}

struct lister {
	enum output_format format;
	json_t *rows;
};

static int print_document(void *ctx, const struct document *d)
{
	struct lister *l = ctx;
	char at[TIMESTAMP_TEXT_MAX];

	if (l->format == FORMAT_JSON)
		return json_array_append_new(l->rows, documents_json(d)) < 0 ? -ERR_ENV : 0;
	cli_printf("%-6lld %-14s %-13s %-16s %10lld  %-20s %s\n", (long long)d->id,
		   d->invoice_ref[0] ? d->invoice_ref : "-", d->kind, d->content_type, (long long)d->size,
		   timestamp_format(d->uploaded_at, at, sizeof(at)), d->file_name);
	return 0;
}

static int run_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "invoice", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct lister l = { FORMAT_TABLE, NULL };
	const char *invoice = NULL;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'i': invoice = optarg; break;
		case 'f':
			if (cli_parse_format(cli, &cmd_document, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					     &l.format) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_document, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_document, "document list needs a customer ref");
	l.rows = json_array();
	if (!l.rows)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	if (l.format == FORMAT_TABLE)
		cli_printf("%-6s %-14s %-13s %-16s %10s  %-20s %s\n", "id", "invoice", "kind", "type", "bytes",
			   "uploaded", "file");
	ret = documents_list(&cli->app, NULL, argv[optind], invoice, print_document, &l, &cli->err);
	if (ret == 0 && l.format == FORMAT_JSON) {
		json_dumpf(l.rows, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	}
	json_decref(l.rows);
	return ret;
}

/* The bytes to --out (through outfile: never half a file) or to stdout. */
static int write_bytes(struct cli *cli, const char *out, int force, const char *data, size_t len)
{
	struct outfile *f = NULL;
	int ret;

	if (!out) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return error_set(&cli->err, ERR_ENV, "writing the document to stdout failed");
		return 0;
	}
	ret = cli_outfile_open(cli, out, NULL, 0, force, &f);
	if (ret < 0)
		return ret;
	if (fwrite(data, 1, len, outfile_stream(f)) != len) {
		outfile_abort(f);
		return error_set(&cli->err, ERR_ENV, "writing '%s' failed", out);
	}
	return outfile_commit(f, &cli->err);
}

static int run_get(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "info", no_argument, NULL, 'i' },
		{ "files", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *files = NULL;
	int force = 0, info = 0, c, ret;
	char dirbuf[4096], *data = NULL;
	struct document d;
	int64_t id = 0;
	json_t *j;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'f': force = 1; break;
		case 'i': info = 1; break;
		case 'F': files = optarg; break;
		default: return cli_usage_error(cli, &cmd_document, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_document, "document get needs a document id");
	if (parse_id(cli, argv[optind], &id) < 0)
		return -ERR_USAGE;
	ret = documents_get(&cli->app, NULL, files_dir(cli, files, dirbuf, sizeof(dirbuf)), id, &d, info ? NULL : &data,
			    &cli->err);
	if (ret < 0)
		return ret;
	if (info) {
		j = documents_json(&d);
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(j);
		return 0;
	}
	ret = write_bytes(cli, out, force, data, (size_t)d.size);
	free(data);
	return ret;
}

static int run_document(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return run_add(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return run_list(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "get"))
		return run_get(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_document, "expected 'add', 'list' or 'get'");
}

const struct command cmd_document = {
	.name = "document",
	.summary = "attach documents (PDF, PNG, JPEG) to customers and invoices, list and read them",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_document,
};
