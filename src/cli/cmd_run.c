/*
 * cmd_run.c: recoup run [--as-of DATE] [--now TIMESTAMP] [--dry-run] [--format table|json]
 *
 * The daily run (app/run). Parsing and formatting only.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/run.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

static void show_progress(void *ctx, long long customers)
{
	cli_progress(ctx, "daily run (customers)", customers, 0);
}

static void print_json(const struct run_summary *s)
{
	json_t *o = json_object(), *actions = json_object(), *refused = json_object(), *nc = json_object(),
	       *refs = json_array();
	char buf[DATE_TEXT_MAX];
	char *text;

	json_object_set_new(o, "as_of", json_string(date_format(s->as_of, buf, sizeof(buf))));
	json_object_set_new(o, "dry_run", json_boolean(s->dry_run));
	/* a dry run does not do the agreements' reviews, nor count what they would record */
	json_object_set_new(o, "agreements_reviewed", json_boolean(!s->dry_run));
	json_object_set_new(o, "customers_seen", json_integer(s->customers_seen));
	json_object_set_new(o, "accounts_seen", json_integer(s->accounts_seen));
	for (int k = 0; k < ACTION_COUNT; k++)
		json_object_set_new(actions, step_action_name((enum step_action)k), json_integer(s->actions[k]));
	json_object_set_new(o, "actions", actions);
	json_object_set_new(o, "superseded", json_integer(s->superseded));
	json_object_set_new(o, "postponed", json_integer(s->postponed));
	for (size_t i = 0; i < s->n_refused; i++)
		json_object_set_new(refused, s->refused[i].code, json_integer(s->refused[i].n));
	json_object_set_new(o, "refused", refused);
	json_object_set_new(o, "cancelled", json_integer(s->cancelled));
	json_object_set_new(nc, "count", json_integer(s->no_calendar));
	for (int64_t i = 0; i < s->no_calendar && i < RUN_LIST_MAX; i++)
		json_array_append_new(refs, json_string(s->no_calendar_refs[i]));
	json_object_set_new(nc, "customers", refs);
	json_object_set_new(o, "no_holiday_calendar", nc);
	json_object_set_new(o, "customers_visited", json_integer(s->visited));
	json_object_set_new(o, "visit", json_string(s->watched ? "watched" : "everyone"));
	text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	puts(text ? text : "{}");
	free(text);
	json_decref(o);
}

static void print_table(const struct run_summary *s)
{
	char buf[DATE_TEXT_MAX];
	int any = 0;

	cli_printf("daily run for %s%s\n", date_format(s->as_of, buf, sizeof(buf)),
		   s->dry_run ? " (dry run: nothing was written)" : "");
	if (s->dry_run)
		cli_printf(
			"  not counted          the agreements' reviews (returned payments' calls and letters, promises, "
			"plans, settlements, disputes, credit holds): a dry run leaves them out\n");
	cli_printf("  customers seen       %lld\n", (long long)s->customers_seen);
	cli_printf("  accounts seen        %lld\n", (long long)s->accounts_seen);
	cli_printf("  actions             ");
	for (int k = 0; k < ACTION_COUNT; k++)
		if (s->actions[k]) {
			cli_printf("%s %s %lld", any ? "," : "", step_action_name((enum step_action)k),
				   (long long)s->actions[k]);
			any = 1;
		}
	cli_printf("%s\n", any ? "" : " none");
	cli_printf("  superseded           %lld\n", (long long)s->superseded);
	cli_printf("  postponed            %lld\n", (long long)s->postponed);
	cli_printf("  refused             ");
	for (size_t i = 0; i < s->n_refused; i++)
		cli_printf("%s %s %lld", i ? "," : "", s->refused[i].code, (long long)s->refused[i].n);
	cli_printf("%s\n", s->n_refused ? "" : " none");
	cli_printf("  cancelled            %lld\n", (long long)s->cancelled);
	cli_printf("  visited              %lld customer%s (%s)\n", (long long)s->visited, s->visited == 1 ? "" : "s",
		   s->watched ? "those whose outcome could change" : "everyone");
	if (s->no_calendar) {
		cli_printf("  no holiday calendar  %lld customer%s:", (long long)s->no_calendar,
			   s->no_calendar == 1 ? "" : "s");
		for (int64_t i = 0; i < s->no_calendar && i < RUN_LIST_MAX; i++)
			cli_printf(" %s", s->no_calendar_refs[i]);
		cli_printf("%s\n", s->no_calendar > RUN_LIST_MAX ? " ..." : "");
	}
}

/* The CLI reads the clock, the use case does not: the run's end as recorded (run.h, clock). */
static timestamp_t wall_clock(void)
{
	return (timestamp_t)time(NULL);
}

static int run_run(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "as-of", required_argument, NULL, 'a' },  { "now", required_argument, NULL, 'n' },
		{ "dry-run", no_argument, NULL, 'd' },      { "replay", no_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' }, { NULL, 0, NULL, 0 },
	};
	struct app_ctx ctx = cli->app;
	struct run_options o = { .as_of = cli->app.today };
	struct run_summary s;
	enum output_format format = FORMAT_TABLE;
	int c, ret;

	o.clock = wall_clock;
	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'a':
			ret = cli_parse_date(cli, &cmd_run, "--as-of", optarg, &o.as_of);
			if (ret < 0)
				return ret;
			break;
		case 'n':
			if (cli_parse_timestamp(cli, &cmd_run, "--now", optarg, &ctx.now) < 0)
				return -ERR_USAGE;
			o.clock = NULL;
			break;
		case 'd': o.dry_run = 1; break;
		case 'r': o.replay = 1; break;
		case 'f':
			ret = cli_parse_format(cli, &cmd_run, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					       &format);
			if (ret < 0)
				return ret;
			break;
		default: return cli_usage_error(cli, &cmd_run, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_run, "unexpected argument '%s'", argv[optind]);
	if (cli->progress) {
		o.progress = show_progress;
		o.progress_ctx = cli;
	}
	ret = run_execute(&ctx, &o, &s, &cli->err);
	cli_progress_done(cli);
	if (ret < 0)
		return ret;
	if (format == FORMAT_JSON)
		print_json(&s);
	else
		print_table(&s);
	run_summary_release(&s);
	return 0;
}

const struct command cmd_run = {
	.name = "run",
	.summary = "the daily run: the next step of every account's strategy, lawfully and once",
	.usage = "usage: recoup run [--as-of DATE] [--now TIMESTAMP] [--dry-run] [--replay] [--format table|json]\n\n"
		 "For every account (a customer's open debt in one currency) as known at the end of --as-of\n"
		 "(default today, UTC), finds the step of its strategy now due and records an action: one\n"
		 "message per customer and channel listing every invoice due, scheduled at the next moment\n"
		 "the contact rules allow in the debtor's local time (a preferred window when one allows it),\n"
		 "or refused with the rule's code and reason. Steps missed since the last run are recorded\n"
		 "superseded; waiting actions whose invoices are settled are cancelled; fee and interest\n"
		 "steps post ledger entries. Running again for the same date, or after a crash, records\n"
		 "nothing twice. A second run of the tenant while one is running exits 3.\n"
		 "--as-of is today or an earlier day: a run for a later day would post that day's fees\n"
		 "into today's balances, so only a dry run may look ahead. A day before the latest\n"
		 "recorded run is refused (it would schedule messages for moments passed, which the next\n"
		 "send would hand over late): --dry-run shows what that day would have brought, and\n"
		 "--replay records it anyway, for replaying or backtesting on a copy of the book.\n"
		 "--dry-run prints what it would do and writes nothing. --now is the clock recorded with\n"
		 "the actions (default the machine's; not before the run's date began, UTC).\n"
		 "docs/strategies.md has the rules.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_run,
};
