/*
 * cmd_customer.c: recoup customer flag|unflag|show|set — status flags that
 * stop or limit contact, with who set them, when and why; what a customer
 * owes and who to reach; corrections. Parsing and formatting only: the use
 * cases are app/flags, app/customer_view and app/correct.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/correct.h"
#include "app/customer_view.h"
#include "app/flags.h"
#include "app/risk.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "cli/risk_print.h"
#include "codec/fields.h"
#include "codec/json.h"
#include "core/contact_flags.h"
#include "core/money.h"

static const char usage[] =
	"usage: recoup customer flag REF FLAG [--contact REF] [--invoice REF] [--address PHONE|EMAIL]\n"
	"                                [--detail TEXT] [--by NAME] [--reason TEXT] [--at TIMESTAMP]\n"
	"       recoup customer unflag REF FLAG [same scope options] [--by NAME] [--reason TEXT]\n"
	"       recoup customer show REF [--as-of DATE] [--format table|json]\n"
	"       recoup customer set REF FIELD=VALUE... [--by NAME]\n\n"
	"Flags: cease, dispute, bankrupt, deceased, attorney, optout-call, optout-sms, optout-email,\n"
	"optout-letter, optout-visit, optout (--address), no-calls-at-work, at-work (--contact),\n"
	"wrong-number (--address or --contact), time-barred, consent, forbearance (--detail MOMENT),\n"
	"visit-agreed, inconvenient-time (--detail 'mon-fri 12:00-13:30'), inconvenient-place\n"
	"(--address), third-party-more (--contact). dispute and time-barred take --invoice (default:\n"
	"every debt). --by defaults to $USER, --at to now (never later). A flag is cleared with unflag,\n"
	"never deleted.\n\n"
	"show prints what the customer owes, its contacts, open invoices, flags, recent changes\n"
	"and its risk band (A best .. E worst) with the factors behind it, as of --as-of (default\n"
	"today; for a past day the balances and credit as they stood at its end, as aging --as-of\n"
	"rebuilds them; the flags and contacts are today's): docs/risk.md. --format json gives the\n"
	"same as one object (\"risk\": {\"band\", \"score\", \"factors\": [{\"name\", \"points\",\n"
	"\"text\"}]}).\n\n"
	"set corrects a customer: fields " CODEC_CUSTOMER_CORRECTABLE ",\n"
	"checked as the import checks them (a profile must be a preset or the tenant's), all or\n"
	"nothing. Each change is recorded with --by and the time; show lists the recent ones.\n"
	"A new phone or email is also the primary contact's.\n";

static int parse_flag_args(struct cli *cli, int argc, char **argv, struct flags_request *rq)
{
	static const struct option options[] = {
		{ "contact", required_argument, NULL, 'c' }, { "invoice", required_argument, NULL, 'i' },
		{ "address", required_argument, NULL, 'd' }, { "detail", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },      { "reason", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 'a' },      { NULL, 0, NULL, 0 },
	};
	int c;

	memset(rq, 0, sizeof(*rq));
	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'c': rq->contact_ref = optarg; break;
		case 'i': rq->invoice_ref = optarg; break;
		case 'd': rq->address = optarg; break;
		case 't': rq->detail = optarg; break;
		case 'b': rq->by = optarg; break;
		case 'r': rq->reason = optarg; break;
		case 'a':
			if (cli_parse_given_moment(cli, &cmd_customer, "--at", optarg, &rq->at) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_customer, "unknown option");
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(cli, &cmd_customer, "expected a customer ref and a flag");
	rq->customer_ref = argv[optind];
	rq->flag = argv[optind + 1];
	return 0;
}

/*
 * forbearance's --detail is a moment typed on the command line (its end;
 * unflag takes the scope options too): one that is none is a usage error
 * naming the option and the value, as for --at. The use case checks every
 * flag's detail again (the API's too).
 */
static int check_forbearance_end(struct cli *cli, const struct flags_request *rq)
{
	struct error ignored = ERROR_INIT;
	enum flag_kind kind;
	timestamp_t end;

	if (!rq->detail || flag_parse(rq->flag, &kind, &ignored) < 0 || kind != FLAG_FORBEARANCE)
		return 0;
	return cli_parse_timestamp(cli, &cmd_customer, "--detail", rq->detail, &end);
}

static int run_flag(struct cli *cli, int argc, char **argv, int clear)
{
	struct flags_request rq;
	struct flag_record *f = malloc(sizeof(*f));
	int ret;

	if (!f)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	ret = parse_flag_args(cli, argc, argv, &rq);
	if (ret < 0)
		goto cleanup;
	ret = check_forbearance_end(cli, &rq);
	if (ret < 0)
		goto cleanup;
	if (!clear) {
		ret = flags_set(&cli->app, &rq, f, &cli->err);
		if (ret == 0)
			cli_printf("customer '%s': flag %s set by %s\n", rq.customer_ref, f->flag, f->set_by);
	} else {
		ret = flags_clear(&cli->app, &rq, NULL, &cli->err);
		if (ret == 0)
			cli_printf("customer '%s': flag %s cleared by %s\n", rq.customer_ref, rq.flag,
				   rq.by ? rq.by : cli->app.actor);
	}
cleanup:
	free(f);
	return ret;
}

static void show_contact(const struct contact *c)
{
	cli_printf("  contact %-12s %-18s %-24s phone %-18s email %s%s\n", c->ref, c->role, c->name, c->phone, c->email,
		   c->pays_bills ? "  pays bills" : "");
}

static void show_flag(const struct flag_record *f)
{
	char ts[TIMESTAMP_TEXT_MAX];
	cli_printf("  flag %-18s%s%s%s%s%s%s set by %s at %s%s%s\n", f->flag, f->contact_ref[0] ? " contact " : "",
		   f->contact_ref, f->invoice_ref[0] ? " invoice " : "", f->invoice_ref, f->detail[0] ? " " : "",
		   f->detail, f->set_by, timestamp_format(f->set_at, ts, sizeof(ts)), f->reason[0] ? ": " : "",
		   f->reason);
}

/* An invoice imported ahead of its issue date is listed, marked: it is not owed yet (customer_view.h). */
static void show_invoice(const struct cli *cli, const struct customer_view *v, const struct invoice *inv)
{
	char a[CLI_MONEY_MAX], b[CLI_MONEY_MAX], due[DATE_TEXT_MAX], issued[DATE_TEXT_MAX];
	int later = customer_view_issued_later(v, inv);

	cli_printf("  invoice %-14s due %s  amount %s  balance %s %s%s%s%s%s%s\n", inv->ref,
		   date_format(inv->due_date, due, sizeof(due)),
		   cli_money(cli, inv->amount, inv->currency, a, sizeof(a)),
		   cli_money(cli, inv->balance, inv->currency, b, sizeof(b)), inv->currency,
		   inv->product[0] ? "  product " : "", inv->product, later ? "  issued later, on " : "",
		   later ? date_format(inv->issue_date, issued, sizeof(issued)) : "", later ? ": not owed yet" : "");
}

static void show_balance(const struct cli *cli, const struct customer_view *v)
{
	const struct customer *cu = &v->customer;
	char a[CLI_MONEY_MAX], b[CLI_MONEY_MAX], n[CLI_MONEY_MAX], l[CLI_MONEY_MAX], o[64];

	char l2[64];

	cli_printf("  owed %s %s in %s, %d days past due (oldest)%s%s\n",
		   cli_money(cli, v->owed, cu->currency, a, sizeof(a)), cu->currency,
		   cli_count(o, sizeof(o), (long long)v->n_open, "open invoice", "open invoices"), v->days_past_due,
		   v->n_later ? "; not counted: " : "",
		   v->n_later ? cli_count(l2, sizeof(l2), (long long)v->n_later, "invoice issued later",
					  "invoices issued later")
			      : "");
	cli_printf("  unapplied credit %s %s, net %s %s, credit limit %s%s%s\n",
		   cli_money(cli, v->unapplied_credit, cu->currency, b, sizeof(b)), cu->currency,
		   cli_money(cli, v->net, cu->currency, n, sizeof(n)), cu->currency,
		   cu->credit_limit ? cli_money(cli, cu->credit_limit, cu->currency, l, sizeof(l)) : "none",
		   cu->credit_limit ? " " : "", cu->credit_limit ? cu->currency : "");
}

static void show_change(const struct change_record *c)
{
	char ts[TIMESTAMP_TEXT_MAX];
	cli_printf("    %s %s %s %s: '%s' -> '%s' by %s\n", timestamp_format(c->at, ts, sizeof(ts)), c->entity, c->ref,
		   c->field, c->old_value, c->new_value, c->by);
}

static int run_set(struct cli *cli, int argc, char **argv)
{
	return cli_run_set(cli, &cmd_customer, "customer", &codec_customer, correct_customer_set, argc, argv);
}

static void show_table(const struct cli *cli, const struct customer_view *v, date_t as_of)
{
	const struct customer *cu = &v->customer;

	cli_printf("customer %s: %s (%s, %s%s%s), currency %s, language %s\n", cu->ref, cu->name,
		   cu->kind == KIND_COMPANY ? "company" : "person", cu->country, cu->timezone[0] ? ", " : "",
		   cu->timezone, cu->currency, cu->language[0] ? cu->language : "-");
	cli_printf("  tags %s, region %s\n", cu->tags[0] ? cu->tags : "-", cu->region[0] ? cu->region : "-");
	show_balance(cli, v);
	risk_print_table(&v->risk, as_of, "  ");
	for (size_t i = 0; i < v->n_contacts; i++)
		show_contact(&v->contacts[i]);
	for (size_t i = 0; i < v->n_invoices; i++)
		show_invoice(cli, v, &v->invoices[i]);
	for (size_t i = 0; i < v->n_flags; i++)
		show_flag(&v->flags[i]);
	cli_printf("  recent changes:\n");
	for (size_t i = 0; i < v->n_changes; i++)
		show_change(&v->changes[i]);
	if (v->n_changes == 0)
		cli_printf("    (none)\n");
}

static json_t *flag_json(const struct flag_record *f)
{
	char ts[TIMESTAMP_TEXT_MAX];

	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "flag", f->flag, "contact_ref", f->contact_ref,
			 "invoice_ref", f->invoice_ref, "detail", f->detail, "set_by", f->set_by, "set_at",
			 timestamp_format(f->set_at, ts, sizeof(ts)), "reason", f->reason);
}

/* Money as the exports write it: a decimal string in the customer's currency. */
static json_t *money_json(int64_t amount, const char *currency)
{
	char buf[MONEY_TEXT_MAX];
	return json_string(money_format(amount, currency_exponent(currency), buf, sizeof(buf)));
}

static int show_json(struct cli *cli, const struct customer_view *v, date_t as_of)
{
	const struct customer *cu = &v->customer;
	json_t *contacts = json_array(), *invoices = json_array(), *flags = json_array(), *o;
	json_t *record = codec_json_record(&codec_customer, cu);
	char d[DATE_TEXT_MAX];
	int ret = 0;

	/* the computed column the export fills from the store */
	if (record)
		json_object_set_new(record, "unapplied_credit", money_json(v->unapplied_credit, cu->currency));

	for (size_t i = 0; contacts && i < v->n_contacts; i++)
		json_array_append_new(contacts, codec_json_record(&codec_contact, &v->contacts[i]));
	for (size_t i = 0; invoices && i < v->n_invoices; i++) {
		json_t *inv = codec_json_record(&codec_invoice, &v->invoices[i]);
		/* imported ahead of its issue date: listed, not counted in owed (customer_view.h) */
		if (inv)
			json_object_set_new(inv, "issued_later",
					    json_boolean(customer_view_issued_later(v, &v->invoices[i])));
		json_array_append_new(invoices, inv);
	}
	for (size_t i = 0; flags && i < v->n_flags; i++)
		json_array_append_new(flags, flag_json(&v->flags[i]));
	o = json_pack("{s:o*, s:s, s:s, s:o*, s:I, s:I, s:i, s:o*, s:o*, s:o*, s:o*, s:o*, s:o*}", "customer", record,
		      "as_of", date_format(as_of, d, sizeof(d)), "currency", cu->currency, "owed",
		      money_json(v->owed, cu->currency), "open_invoices", (json_int_t)v->n_open,
		      "issued_later_invoices", (json_int_t)v->n_later, "days_past_due", v->days_past_due,
		      "unapplied_credit", money_json(v->unapplied_credit, cu->currency), "net",
		      money_json(v->net, cu->currency), "contacts", contacts, "invoices", invoices, "flags", flags,
		      "risk", risk_json(&v->risk));
	if (!o || codec_json_write(stdout, o, JSON_PRESERVE_ORDER | JSON_INDENT(2)) < 0)
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
	else
		fputc('\n', stdout);
	json_decref(o);
	return ret;
}

static int run_show(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct customer_view v = CUSTOMER_VIEW_INIT;
	struct app_ctx ctx = cli->app;
	enum output_format format = FORMAT_TABLE;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 'a') {
			ret = cli_parse_date(cli, &cmd_customer, "--as-of", optarg, &ctx.today);
			if (ret < 0)
				return ret;
		} else if (c == 'f') {
			ret = cli_parse_format(cli, &cmd_customer, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					       &format);
			if (ret < 0)
				return ret;
		} else {
			return cli_usage_error(cli, &cmd_customer, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_customer, "customer show needs a customer ref");
	ret = customer_view_load(&ctx, argv[optind], &v, &cli->err);
	if (ret < 0)
		return ret;
	if (format == FORMAT_JSON)
		ret = show_json(cli, &v, ctx.today);
	else
		show_table(cli, &v, ctx.today);
	customer_view_release(&v);
	return ret;
}

static int run_customer(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "flag"))
		return run_flag(cli, argc - 1, argv + 1, 0);
	if (argc >= 2 && !strcmp(argv[1], "unflag"))
		return run_flag(cli, argc - 1, argv + 1, 1);
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return run_show(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "set"))
		return run_set(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_customer, "expected 'flag', 'unflag', 'show' or 'set'");
}

const struct command cmd_customer = {
	.name = "customer",
	.summary = "show a customer; set and clear the status flags that stop or limit contact",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_customer,
};
