/*
 * cmd_letter.c: recoup letter REF --out FILE.pdf — one customer's letter
 * now, as app/letters draws it (docs/channels.md, "Letters"). Parsing and
 * the file only.
 *
 * The letterhead, the payment instructions and the CNPJ are the tenant's
 * settings (`recoup config`), as `recoup send --letters-to` prints them;
 * the options here replace them for one command (app/letters.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/letters.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "ingest/outfile.h"

#define SENDER_LINES_MAX 8

static const char usage[] =
	"usage: recoup letter REF --out FILE.pdf [--as-of DATE] [--lang en|pl|pt-BR|de|fr] [--force]\n"
	"                     [--creditor NAME] [--sender-address LINE]... [--payment-instructions TEXT]\n"
	"                     [--body-file FILE] [--supplier-name NAME] [--supplier-address TEXT] [--cnpj CNPJ]\n"
	"       recoup letter --scheduled DATE --out FILE.pdf [the options above but REF and --as-of]\n\n"
	"Writes the collection letter of customer REF as a PDF for printing and a window envelope\n"
	"(DIN 5008 form B): the letterhead, the customer's postal address, its open invoices with days\n"
	"past due (less those on hold: in dispute, promised, under a plan or a settlement, or every one\n"
	"of an account placed or under special handling; the command says how many it left out) and\n"
	"the total, in the customer's language (--lang replaces it) with amounts and dates\n"
	"as its country writes them, and what its profile requires: for a US consumer the validation\n"
	"notice (itemization and the end of the validation period, counted from the letter's date), for\n"
	"a debtor in Brazil the supplier's name, address and CNPJ (required: letter.cnpj or --cnpj).\n"
	"The letterhead, the payment instructions and the CNPJ are the tenant's settings, as\n"
	"`recoup send --letters-to` prints them (recoup config: creditor.name, letter.sender_address,\n"
	"payment.instructions, letter.cnpj); an option replaces its setting for this command (an empty\n"
	"--sender-address, --payment-instructions or --cnpj leaves the text off). --creditor: the\n"
	"letterhead's name (default creditor.name, else the tenant's). --sender-address: one line of\n"
	"the creditor's address, repeated for each line.\n"
	"--as-of DATE: the letter's date and the day past-due days count to (default today); a past DATE\n"
	"lists what was open at its end: the invoices issued by then, less the payments and credits dated\n"
	"by then.\n"
	"The body and heading are the letter template's (recoup template, channel letter: \"default\",\n"
	"or for a scheduled letter the template its strategy step names): its text, and its subject as\n"
	"the heading (the fixed heading when it has none). --body-file: the body paragraphs (UTF-8\n"
	"text, paragraphs separated by a blank line) instead of the template's, under the fixed heading.\n"
	"--scheduled DATE: the letters the daily run scheduled up to the end of DATE (UTC) and not yet\n"
	"sent, one per customer (the action ids each stands for are listed), in one PDF dated DATE, to\n"
	"look at before `recoup send` prints and marks them; nothing is recorded. A letter checked again\n"
	"now is left out, and listed as cancelled with why, when its invoices were paid since the run,\n"
	"a hold (promise, plan, settlement, dispute, placement...) covers them or the contact rules stop\n"
	"it for good (cease, bankrupt, deceased, attorney...): `recoup send` cancels it. A letter lists\n"
	"what the email of its actions would: their invoices still open, none on hold or disputed, and\n"
	"their total less the unapplied credit. Letters that cannot be made (no address...) are listed\n"
	"as skipped.\n"
	"--out FILE: written whole or not at all (a temporary file renamed into place when complete);\n"
	"never the database or its -wal/-shm/-journal files, nor the --body-file; an existing FILE only\n"
	"with --force.\n";

struct letter_args {
	struct letters_options o;
	const char *out_path, *body_path;
	char *lines[SENDER_LINES_MAX];
	size_t n_lines;
	int force;
	int scheduled;
	date_t day;
};

/* The address lines joined by '\n' (malloc'ed), or NULL when none. */
static char *join_lines(char *const *lines, size_t n)
{
	size_t len = 0;
	char *out;

	if (n == 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	out = malloc(len);
	if (!out)
		return NULL;
	out[0] = '\0';
	len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, strlen(lines[i]) + 2, "%s%s", i ? "\n" : "", lines[i]);
	return out;
}

static int parse(struct cli *cli, int argc, char **argv, struct letter_args *a)
{
	static const struct option options[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "lang", required_argument, NULL, 'l' },
		{ "force", no_argument, NULL, 'F' },
		{ "creditor", required_argument, NULL, 'c' },
		{ "sender-address", required_argument, NULL, 's' },
		{ "payment-instructions", required_argument, NULL, 'p' },
		{ "body-file", required_argument, NULL, 'b' },
		{ "supplier-name", required_argument, NULL, 'n' },
		{ "supplier-address", required_argument, NULL, 'd' },
		{ "cnpj", required_argument, NULL, 'j' },
		{ "scheduled", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'o': a->out_path = optarg; break;
		case 'a':
			if (cli_parse_date(cli, &cmd_letter, "--as-of", optarg, &cli->app.today) < 0)
				return -ERR_USAGE;
			break;
		case 'l': a->o.language = optarg; break;
		case 'F': a->force = 1; break;
		case 'c': a->o.creditor_name = optarg; break;
		case 's':
			if (a->n_lines == SENDER_LINES_MAX)
				return cli_usage_error(cli, &cmd_letter, "at most %d --sender-address lines",
						       SENDER_LINES_MAX);
			a->lines[a->n_lines++] = optarg;
			break;
		case 'p': a->o.payment_instructions = optarg; break;
		case 'b': a->body_path = optarg; break;
		case 'n': a->o.supplier_name = optarg; break;
		case 'd': a->o.supplier_address = optarg; break;
		case 'j': a->o.supplier_cnpj = optarg; break;
		case 'S':
			if (cli_parse_date(cli, &cmd_letter, "--scheduled", optarg, &a->day) < 0)
				return -ERR_USAGE;
			a->scheduled = 1;
			break;
		default: return cli_usage_error(cli, &cmd_letter, "unknown option");
		}
	}
	if (a->scheduled && argc - optind != 0)
		return cli_usage_error(cli, &cmd_letter, "--scheduled takes no customer ref");
	if (!a->scheduled && argc - optind != 1)
		return cli_usage_error(cli, &cmd_letter, "expected one customer ref");
	if (!a->out_path)
		return cli_usage_error(cli, &cmd_letter, "--out FILE is required (the letter is a PDF)");
	if (a->o.language && strcmp(a->o.language, "en") != 0 && strcmp(a->o.language, "pl") != 0 &&
	    strcmp(a->o.language, "pt-BR") != 0 && strcmp(a->o.language, "de") != 0 && strcmp(a->o.language, "fr") != 0)
		return cli_usage_error(cli, &cmd_letter, "--lang '%s': letters are written in en, pl, pt-BR, de or fr",
				       a->o.language);
	return 0;
}

static void print_ids(const char *what, const int64_t *ids, size_t n)
{
	cli_printf("%s:", what);
	for (size_t i = 0; i < n; i++)
		cli_printf(" %lld", (long long)ids[i]);
	cli_printf("\n");
}

/* The day's letters into `of`, committed when at least one was drawn; consumes of. */
static int run_scheduled(struct cli *cli, const struct letter_args *a, struct outfile *of)
{
	struct letters_day day = { NULL };
	char on[DATE_TEXT_MAX], n1[32], n2[32];
	int ret;

	ret = letters_render_due(&cli->app, a->day, &a->o, outfile_stream(of), &day, &cli->err);
	if (ret == 0 && day.n > 0) {
		ret = outfile_commit(of, &cli->err);
	} else {
		outfile_abort(of);
	}
	if (ret == 0) {
		date_format(a->day, on, sizeof(on));
		if (day.n > 0)
			cli_printf("%s (%s) scheduled up to %s written to %s\n",
				   cli_count(n1, sizeof(n1), (long long)day.letters, "letter", "letters"),
				   cli_count(n2, sizeof(n2), day.pages, "page", "pages"), on, a->out_path);
		else
			cli_printf("no letter to print up to %s: %s not written\n", on, a->out_path);
		if (day.n > 0)
			print_ids("actions", day.ids, day.n);
		if (day.n_cancelled > 0)
			printf("cancelled actions (paid, held or stopped since the run: recoup send cancels them):\n");
		for (size_t i = 0; i < day.n_cancelled; i++)
			printf("  action %lld (%s): %s: %s\n", (long long)day.cancelled[i].action_id,
			       day.cancelled[i].customer_ref, day.cancelled[i].v.code, day.cancelled[i].v.reason);
		if (day.n_skipped > 0)
			print_ids("skipped actions (no letter could be made)", day.skipped, day.n_skipped);
		for (size_t i = 0; day.why && i < day.n_skipped; i++)
			cli_printf("  action %lld: %s\n", (long long)day.skipped[i], day.why[i]);
	}
	letters_day_release(&day);
	return ret;
}

static int run_letter(struct cli *cli, int argc, char **argv)
{
	struct letter_args a = { .o = { NULL } };
	const char *reading[1];
	struct outfile *of = NULL;
	char *body = NULL, *sender = NULL;
	size_t left_out = 0;
	int ret;

	ret = parse(cli, argc, argv, &a);
	if (ret < 0)
		return ret;
	if (a.body_path) {
		ret = cli_read_file(cli, a.body_path, &body);
		if (ret < 0)
			goto cleanup;
		a.o.body = body;
	}
	sender = join_lines(a.lines, a.n_lines);
	a.o.sender_address = sender;
	reading[0] = a.body_path;
	ret = cli_outfile_open(cli, a.out_path, reading, a.body_path ? 1 : 0, a.force, &of);
	if (ret < 0)
		goto cleanup;
	if (a.scheduled) {
		ret = run_scheduled(cli, &a, of);
		goto cleanup;
	}
	ret = letters_render(&cli->app, argv[optind], &a.o, outfile_stream(of), &left_out, &cli->err);
	/* the file appears, complete, only when the whole letter was drawn */
	if (ret == 0)
		ret = outfile_commit(of, &cli->err);
	else
		outfile_abort(of);
	if (ret == 0)
		cli_printf("letter for %s written to %s\n", argv[optind], a.out_path);
	if (ret == 0 && left_out > 0)
		cli_printf("%zu open invoice%s left out: held (in dispute, promised, under a plan or a settlement, "
			   "or the account held whole; recoup customer show lists the holds)\n",
			   left_out, left_out == 1 ? "" : "s");
cleanup:
	free(body);
	free(sender);
	return ret;
}

const struct command cmd_letter = {
	.name = "letter",
	.summary = "write a customer's collection letter as a PDF for printing",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_letter,
};
