/*
 * cmd_account.c: recoup account show — the call-preparation screen.
 * Parsing and formatting only: the use case is app/account_view.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account_view.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "cli/risk_print.h"
#include "core/money.h"

static const char usage[] =
	"usage: recoup account show REF [--now TIMESTAMP] [--format table|json]\n\n"
	"Everything a collector needs before calling customer REF: its local time, contacts and who\n"
	"pays the bills, the best time to call (stated, preferred windows, hours calls were answered),\n"
	"open invoices with days past due and documents, 18 months of purchase history, the last\n"
	"contacts and who answered, active flags, whether a call is allowed now (and if not why and\n"
	"when), and a call script filled with the account's facts and the options you may offer (as\n"
	"the user named by $USER). --now replaces the clock (ISO 8601: 2027-07-01T14:00:00Z); days\n"
	"past due count to its UTC date.\n";

/* ---- table ---- */

/* Amounts in tables follow RECOUP_LOCALE; the JSON keeps plain decimals. */
static const char *money(const struct cli *cli, int64_t amount, const char *currency, char *buf, size_t size)
{
	return cli_money(cli, amount, currency, buf, size);
}

static void print_call(const struct account_view *v)
{
	const struct contact_verdict *cv = &v->call.verdict;
	char ts[TIMESTAMP_TEXT_MAX];

	if (!v->has_target) {
		cli_printf("call now: no contact with a phone to call\n");
		return;
	}
	if (v->call_status < 0) {
		cli_printf("call now: cannot be judged: %s\n", v->call_error.message);
		return;
	}
	cli_printf("call now: %s (contact %s, profile %s, local time %s)\n", cv->allowed ? "ALLOWED" : "REFUSED",
		   v->base.contacts[v->target].ref, cv->profile, cv->local_time);
	for (size_t i = 0; i < cv->n_reasons; i++)
		cli_printf("  %s: %s\n", cv->reasons[i].code, cv->reasons[i].message);
	for (size_t i = 0; i < cv->n_warnings; i++)
		cli_printf("  warning %s: %s\n", cv->warnings[i].code, cv->warnings[i].message);
	if (!cv->allowed && cv->next == NEXT_AT)
		cli_printf("  next allowed at %s\n", timestamp_format(cv->next_allowed_at, ts, sizeof(ts)));
	else if (!cv->allowed)
		cli_printf("  next allowed: %s\n",
			   cv->next == NEXT_NEVER ? "never (a stop)" : "not within the horizon");
}

static void print_best_time(const struct account_view *v)
{
	cli_printf("best time to call:\n");
	cli_printf("  stated: %s\n", v->stated_best_time[0] ? v->stated_best_time : "-");
	cli_printf("  preferred windows today: %s\n", v->preferred_today[0] ? v->preferred_today : "-");
	cli_printf("  answered before (local hour: answered/calls):");
	for (int h = 0; h < 24; h++)
		if (v->calls_by_hour[h])
			cli_printf(" %02d:00 %d/%d", h, v->answered_by_hour[h], v->calls_by_hour[h]);
	cli_printf("%s\n", v->calls ? "" : " no calls yet");
}

static void print_invoices(const struct cli *cli, const struct account_view *v, date_t today)
{
	const struct customer_view *b = &v->base;
	char a[CLI_MONEY_MAX], c[CLI_MONEY_MAX], is[DATE_TEXT_MAX], du[DATE_TEXT_MAX];

	cli_printf("open invoices:\n");
	for (size_t i = 0; i < b->n_invoices; i++) {
		const struct invoice *inv = &b->invoices[i];
		cli_printf(
			"  %-14s issued %s due %s %4d DPD  amount %s balance %s %s  PO %s  delivery note %s  %s%s%s\n",
			inv->ref, date_format(inv->issue_date, is, sizeof(is)),
			date_format(inv->due_date, du, sizeof(du)), account_view_dpd(inv, today),
			money(cli, inv->amount, inv->currency, a, sizeof(a)),
			money(cli, inv->balance, inv->currency, c, sizeof(c)), inv->currency,
			inv->po_ref[0] ? inv->po_ref : "-", inv->delivery_note_ref[0] ? inv->delivery_note_ref : "-",
			inv->is_signed ? "signed" : "not signed", inv->product[0] ? "  product " : "", inv->product);
		/* imported ahead of its issue date: listed, not owed yet (customer_view.h) */
		if (customer_view_issued_later(b, inv))
			cli_printf("  %-14s issued later: not owed yet, not counted above; do not ask for it\n", "");
	}
	if (b->n_invoices == 0)
		cli_printf("  (none)\n");
}

/* New orders on credit: the limit, the hold current, the policy's days (recoup credit check weighs them). */
static void print_credit(const struct cli *cli, const struct account_view *v)
{
	const struct customer *cu = &v->base.customer;
	char a[CLI_MONEY_MAX], ts[TIMESTAMP_TEXT_MAX];

	cli_printf("credit: limit %s%s%s",
		   cu->credit_limit > 0 ? money(cli, cu->credit_limit, cu->currency, a, sizeof(a)) : "none",
		   cu->credit_limit > 0 ? " " : "", cu->credit_limit > 0 ? cu->currency : "");
	if (v->on_credit_hold)
		cli_printf("; ON HOLD since %s (%s, by %s%s%s)", timestamp_format(v->hold.set_at, ts, sizeof(ts)),
			   v->hold.source, v->hold.set_by, v->hold.reason[0] ? ": " : "", v->hold.reason);
	else
		cli_printf("; not on hold");
	cli_printf("; %s (policy: more than %d days overdue refuses new orders)\n",
		   v->seriously_overdue ? "seriously overdue" : "not seriously overdue", v->credit_overdue_days);
}

static void print_history(const struct cli *cli, const struct account_view *v)
{
	const char *cur = v->base.customer.currency;
	char a[CLI_MONEY_MAX], ts[TIMESTAMP_TEXT_MAX];

	cli_printf("purchase history (invoices issued, %d months): %lld invoices, %s %s\n", ACCOUNT_VIEW_MONTHS,
		   (long long)v->months_count, money(cli, v->months_volume, cur, a, sizeof(a)), cur);
	for (size_t i = 0; i < ACCOUNT_VIEW_MONTHS; i++)
		if (v->months[i].count)
			cli_printf("  %04d-%02d %4lld  %s\n", v->months[i].year, v->months[i].month,
				   (long long)v->months[i].count, money(cli, v->months[i].volume, cur, a, sizeof(a)));
	cli_printf("last contacts (%zu of %zu):\n", v->n_recent, v->n_attempts);
	for (size_t i = 0; i < v->n_recent; i++) {
		const struct account_attempt *r = &v->recent[i];
		cli_printf("  %s (%s) %-6s %-8s %-13s %s%s%s%s%s\n", timestamp_format(r->at, ts, sizeof(ts)),
			   r->local_time[0] ? r->local_time : "local time unknown", channel_name(r->channel),
			   r->inbound ? "inbound" : "outbound", contact_outcome_name(r->outcome), r->contact_ref,
			   r->spoke_with[0] ? ", answered by " : "", r->spoke_with, r->note[0] ? ": " : "", r->note);
	}
}

static void print_lines(const char *title, const struct account_lines *l)
{
	cli_printf("  %s\n", title);
	for (size_t i = 0; i < l->n; i++)
		cli_printf("    - %s\n", l->line[i]);
	if (l->n == 0)
		cli_printf("    (none)\n");
}

static void print_next_steps(const struct account_view_next_steps *ns)
{
	char d[DATE_TEXT_MAX];

	if (!ns->available) {
		cli_printf("next steps: none (no open invoice)\n");
		return;
	}
	cli_printf("next steps of strategy %s (invoice %s):\n", ns->strategy, ns->invoice_ref);
	for (size_t i = 0; i < ns->n; i++)
		cli_printf("  %s  %+5d  %-18s %s\n", date_format(ns->steps[i].date, d, sizeof(d)),
			   ns->steps[i].offset_days, step_action_name(ns->steps[i].action), ns->steps[i].name);
	if (ns->n == 0)
		cli_printf("  (every step reached)\n");
}

static void print_table(const struct cli *cli, const struct account_view *v, date_t today)
{
	const struct customer_view *b = &v->base;
	const struct customer *cu = &b->customer;
	char a[CLI_MONEY_MAX], c[CLI_MONEY_MAX], n[CLI_MONEY_MAX], t[CLI_MONEY_MAX], ts[TIMESTAMP_TEXT_MAX];

	cli_printf("account %s: %s (%s, %s%s%s)\n", cu->ref, cu->name, cu->kind == KIND_COMPANY ? "company" : "person",
		   cu->country, cu->timezone[0] ? ", " : "", cu->timezone);
	cli_printf("tags %s, region %s\n", cu->tags[0] ? cu->tags : "-", cu->region[0] ? cu->region : "-");
	cli_printf("local time now: %s\n", v->local_time[0] ? v->local_time : "unknown (no time zone)");
	cli_printf("owed %s %s on %zu open invoices, overdue %s %s on %zu, %d days past due (oldest); unapplied credit "
		   "%s, net %s\n",
		   money(cli, b->owed, cu->currency, a, sizeof(a)), cu->currency, b->n_open,
		   money(cli, v->overdue, cu->currency, c, sizeof(c)), cu->currency, v->n_overdue, b->days_past_due,
		   money(cli, b->unapplied_credit, cu->currency, n, sizeof(n)),
		   money(cli, b->net, cu->currency, t, sizeof(t)));
	if (b->n_later)
		cli_printf("not counted: %zu invoice%s issued later (imported ahead of time), not owed yet\n",
			   b->n_later, b->n_later == 1 ? "" : "s");
	print_call(v);
	print_best_time(v);
	cli_printf("contacts:\n");
	for (size_t i = 0; i < b->n_contacts; i++) {
		const struct contact *k = &b->contacts[i];
		cli_printf("  %s %-12s %-18s %-24s phone %-18s email %s%s\n",
			   v->has_target && v->target == i ? "*" : " ", k->ref, k->role, k->name, k->phone, k->email,
			   k->pays_bills ? "  pays the bills" : "");
	}
	print_invoices(cli, v, today);
	print_history(cli, v);
	cli_printf("active flags:\n");
	for (size_t i = 0; i < b->n_flags; i++)
		cli_printf("  %-18s %s%s set by %s at %s%s%s\n", b->flags[i].flag,
			   b->flags[i].invoice_ref[0] ? "invoice " : "", b->flags[i].invoice_ref, b->flags[i].set_by,
			   timestamp_format(b->flags[i].set_at, ts, sizeof(ts)), b->flags[i].reason[0] ? ": " : "",
			   b->flags[i].reason);
	if (b->n_flags == 0)
		cli_printf("  (none)\n");
	print_credit(cli, v);
	risk_print_table(&b->risk, today, "");
	print_next_steps(&v->next_steps);
	cli_printf("call script:\n");
	print_lines("facts:", &v->facts);
	print_lines("benefits of settling now:", &v->benefits);
	print_lines("if it is not settled:", &v->consequences);
	print_lines("options you may offer:", &v->options);
}

/* ---- JSON ---- */

static void print_json(const struct account_view *v, timestamp_t now, date_t today)
{
	json_t *o = account_view_json(v, now, today);
	char *text = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2)) : NULL;

	puts(text ? text : "{}");
	free(text);
	json_decref(o);
}

static int run_show(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "now", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format format = FORMAT_TABLE;
	struct account_view *v;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (cli_parse_timestamp(cli, &cmd_account, "--now", optarg, &cli->app.now) < 0)
				return -ERR_USAGE;
			cli->app.today = timestamp_date_utc(cli->app.now);
			break;
		case 'f':
			ret = cli_parse_format(cli, &cmd_account, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					       &format);
			if (ret < 0)
				return ret;
			break;
		default: return cli_usage_error(cli, &cmd_account, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_account, "account show needs one customer ref");
	v = malloc(sizeof(*v)); /* tens of kilobytes: not on the stack */
	if (!v)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	ret = account_view_load(&cli->app, argv[optind], v, &cli->err);
	if (ret == 0 && format == FORMAT_JSON)
		print_json(v, cli->app.now, cli->app.today);
	else if (ret == 0)
		print_table(cli, v, cli->app.today);
	account_view_release(v);
	free(v);
	return ret;
}

static int run_account(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return run_show(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_account, "expected 'show'");
}

const struct command cmd_account = {
	.name = "account",
	.summary = "show the call-preparation screen of one account",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_account,
};
