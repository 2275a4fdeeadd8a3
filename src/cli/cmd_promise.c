/*
 * cmd_promise.c: recoup promise add|cancel|list|settings — promises to pay.
 * Parsing and formatting only: the use case is app/promises.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/promises.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "codec/json.h"
#include "core/money.h"

static const char usage[] =
	"usage: recoup promise add CUSTOMER --amount AMOUNT --date DATE [--invoice REF]...\n"
	"                          [--currency CUR] [--at TIMESTAMP] [--by USER] [--note TEXT]\n"
	"       recoup promise cancel ID --reason TEXT [--at TIMESTAMP] [--by USER]\n"
	"       recoup promise list [--customer REF] [--state S] [--format table|json]\n"
	"       recoup promise settings [--tolerance-days N] [--tolerance-percent P]\n\n"
	"add records a promise to pay AMOUNT (in the account's currency: \"150.00\" or \"150.00 USD\")\n"
	"by DATE, on the invoices named (else on every open invoice of the customer in that\n"
	"currency). Until DATE plus the tenant's tolerance days the strategy waits on them; then\n"
	"the daily run marks the promise kept (at least AMOUNT less the tolerance percent came\n"
	"in), partially_kept (less) or broken (nothing), and a broken promise puts the account at\n"
	"the top of its collector's queue. Refused: a paid invoice, a date before the day it is\n"
	"made, an amount <= 0 or over the balance, another currency, an unknown ref.\n"
	"One promise at a time: a new promise replaces the current one on any of the same\n"
	"invoices (or on the whole account), which is cancelled, so one payment keeps one promise.\n"
	"--at (default now, never later) is when it was made; --by (default $USER) who took it.\n\n"
	"cancel withdraws a current promise entered by mistake or renegotiated: it is not judged\n"
	"and counts in no kept rate, and the strategy resumes on its invoices from the next run.\n"
	"Refused for a promise kept, broken or cancelled already, or due (past date + tolerance).\n\n"
	"list shows promises by id; states: current, kept, partially_kept, broken, cancelled.\n"
	"settings shows or sets the tenant's tolerance (default 2 days, 0 percent; at most 60 days\n"
	"and 100 percent).\n"
	"docs/agreements.md has the rules.\n";

static int parse_int(struct cli *cli, const char *option, const char *text, int max, int *out)
{
	long long v;
	int ret = cli_parse_int(cli, &cmd_promise, option, text, 0, max, &v);

	if (ret == 0)
		*out = (int)v;
	return ret;
}

/*
 * --amount "150.00" or "150.00 USD" (app/promises.c splits them alike): the
 * number's shape, else the usage error (exit 2). Whether the currency is
 * the account's, and the number's decimals in it, are the use case's.
 */
static int amount_shape(struct cli *cli, const char *text)
{
	const char *sp = strrchr(text, ' ');
	char *num;
	int ret;

	if (!sp || strlen(sp + 1) != 3)
		return cli_parse_amount(cli, &cmd_promise, "--amount", text);
	num = strndup(text, (size_t)(sp - text));
	if (!num)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	ret = cli_parse_amount(cli, &cmd_promise, "--amount", num);
	free(num);
	return ret;
}

static int run_add(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "amount", required_argument, NULL, 'm' },  { "date", required_argument, NULL, 'd' },
		{ "invoice", required_argument, NULL, 'i' }, { "currency", required_argument, NULL, 'c' },
		{ "at", required_argument, NULL, 'a' },      { "by", required_argument, NULL, 'b' },
		{ "note", required_argument, NULL, 'n' },    { NULL, 0, NULL, 0 },
	};
	struct app_ctx ctx = cli->app;
	struct promise_request rq = { 0 };
	struct promise_replaced replaced = { { 0 }, 0 };
	struct promise *p = NULL;
	const char **refs = calloc((size_t)argc + 1, sizeof(*refs));
	int have_date = 0, c, ret = 0;
	char amount[MONEY_TEXT_MAX], d[DATE_TEXT_MAX], u[DATE_TEXT_MAX];

	if (!refs)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	while (ret == 0 && (c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'm':
			ret = amount_shape(cli, optarg);
			rq.amount = optarg;
			break;
		case 'd':
			ret = cli_parse_date(cli, &cmd_promise, "--date", optarg, &rq.date);
			have_date = 1;
			break;
		case 'i': refs[rq.n_invoices++] = optarg; break;
		case 'c': rq.currency = optarg; break;
		case 'a': ret = cli_parse_given_moment(cli, &cmd_promise, "--at", optarg, &rq.at); break;
		case 'b': ctx.actor = optarg; break;
		case 'n': rq.note = optarg; break;
		default: ret = cli_usage_error(cli, &cmd_promise, "unknown option");
		}
	}
	if (ret == 0 && (argc - optind != 1 || !rq.amount || !have_date))
		ret = cli_usage_error(cli, &cmd_promise, "promise add needs CUSTOMER, --amount and --date");
	if (ret < 0) {
		free(refs);
		return ret;
	}
	rq.customer_ref = argv[optind];
	rq.invoice_refs = refs;
	p = malloc(sizeof(*p));
	ret = p ? promises_add(&ctx, &rq, p, &replaced, &cli->err) : error_set(&cli->err, ERR_ENV, "out of memory");
	if (ret == 0)
		cli_printf("promise %lld: customer '%s' promised %s %s by %s on %s (held until %s)\n", (long long)p->id,
			   p->customer_ref,
			   money_format(p->amount, currency_exponent(p->currency), amount, sizeof(amount)), p->currency,
			   date_format(p->date, d, sizeof(d)),
			   p->invoice_refs[0] ? p->invoice_refs : "the whole account",
			   date_format(p->until, u, sizeof(u)));
	for (size_t i = 0; ret == 0 && i < replaced.n && i < PROMISE_REPLACED_MAX; i++)
		cli_printf("promise %lld: replaced by promise %lld (cancelled)\n", (long long)replaced.ids[i],
			   (long long)p->id);
	if (ret == 0 && replaced.n > PROMISE_REPLACED_MAX)
		cli_printf("... and %zu more replaced (recoup promise list --state cancelled)\n",
			   replaced.n - PROMISE_REPLACED_MAX);
	free(p);
	free(refs);
	return ret;
}

static int run_cancel(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct app_ctx ctx = cli->app;
	struct promise_cancel_request rq = { 0 };
	struct promise *p;
	long long id;
	int c, ret = 0;

	while (ret == 0 && (c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'r': rq.reason = optarg; break;
		case 'a': ret = cli_parse_given_moment(cli, &cmd_promise, "--at", optarg, &rq.at); break;
		case 'b': ctx.actor = optarg; break;
		default: ret = cli_usage_error(cli, &cmd_promise, "unknown option");
		}
	}
	if (ret < 0)
		return ret;
	if (argc - optind != 1 || !rq.reason)
		return cli_usage_error(cli, &cmd_promise, "promise cancel needs ID and --reason TEXT");
	if (cli_parse_int(cli, &cmd_promise, "promise id", argv[optind], 1, INT64_MAX, &id) < 0)
		return -ERR_USAGE;
	rq.id = id;
	p = malloc(sizeof(*p));
	if (!p)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	ret = promises_cancel(&ctx, &rq, p, &cli->err);
	if (ret == 0)
		cli_printf("promise %lld of customer '%s' cancelled: %s\n", (long long)p->id, p->customer_ref,
			   p->end_reason);
	free(p);
	return ret;
}

struct listing {
	enum output_format format;
	int rows;
	const struct cli *cli;
};

static int print_promise(void *ctx, const struct promise *p)
{
	struct listing *l = ctx;
	char amount[CLI_MONEY_MAX], paid[CLI_MONEY_MAX], d[DATE_TEXT_MAX];

	if (l->format == FORMAT_JSON) {
		json_t *o = promises_json(p);
		char *text = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
		cli_printf("%s%s", l->rows ? ",\n  " : "\n  ", text ? text : "{}");
		free(text);
		json_decref(o);
	} else {
		if (l->rows == 0)
			cli_printf("%-6s %-12s %14s %-3s %-10s %-14s %14s %-12s %s\n", "id", "customer", "amount",
				   "cur", "date", "state", "paid", "made_by", "invoices");
		cli_printf("%-6lld %-12s %14s %-3s %-10s %-14s %14s %-12s %s\n", (long long)p->id, p->customer_ref,
			   cli_money(l->cli, p->amount, p->currency, amount, sizeof(amount)), p->currency,
			   date_format(p->date, d, sizeof(d)), p->state,
			   p->settled_on && strcmp(p->state, "cancelled")
				   ? cli_money(l->cli, p->paid, p->currency, paid, sizeof(paid))
				   : "-",
			   p->made_by, p->invoice_refs[0] ? p->invoice_refs : "(whole account)");
	}
	l->rows++;
	return 0;
}

static int run_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "state", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct listing l = { FORMAT_TABLE, 0, cli };
	const char *customer = NULL, *state = NULL;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 'c') {
			customer = optarg;
		} else if (c == 's') {
			state = optarg;
		} else if (c == 'f') {
			ret = cli_parse_format(cli, &cmd_promise, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					       &l.format);
			if (ret < 0)
				return ret;
		} else {
			return cli_usage_error(cli, &cmd_promise, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_promise, "unexpected argument '%s'", argv[optind]);
	if (l.format == FORMAT_JSON)
		fputs("[", stdout);
	ret = promises_list(&cli->app, customer, state, print_promise, &l, &cli->err);
	if (ret < 0) {
		if (l.format == FORMAT_JSON)
			fputs("]\n", stdout);
		return ret;
	}
	if (l.format == FORMAT_JSON)
		cli_printf("%s]\n", l.rows ? "\n" : "");
	else if (l.rows == 0)
		cli_printf("(no promise)\n");
	return 0;
}

static int run_settings(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "tolerance-days", required_argument, NULL, 'd' },
		{ "tolerance-percent", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	int set_days = -1, set_percent = -1, days, percent, c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 'd')
			ret = parse_int(cli, "--tolerance-days", optarg, PROMISE_TOLERANCE_DAYS_MAX, &set_days);
		else if (c == 'p')
			ret = parse_int(cli, "--tolerance-percent", optarg, 100, &set_percent);
		else
			ret = cli_usage_error(cli, &cmd_promise, "unknown option");
		if (ret < 0)
			return ret;
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_promise, "unexpected argument '%s'", argv[optind]);
	ret = promises_settings(&cli->app, set_days, set_percent, &days, &percent, &cli->err);
	if (ret == 0)
		cli_printf("promise tolerance: %d day%s, %d%%\n", days, days == 1 ? "" : "s", percent);
	return ret;
}

static int run_promise(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return run_add(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "cancel"))
		return run_cancel(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return run_list(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "settings"))
		return run_settings(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_promise, "expected 'add', 'cancel', 'list' or 'settings'");
}

const struct command cmd_promise = {
	.name = "promise",
	.summary = "promises to pay: record, cancel, list, and the tenant's tolerance",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_promise,
};
