/*
 * cmd_assign.c: recoup assign [--as-of DATE] [--dry-run] [--format table|json]
 *
 * Gives every overdue account a collector (app/assign). Parsing and
 * formatting only.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/assign.h"
#include "app/assign_admin.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

static void show_progress(void *ctx, long long customers)
{
	cli_progress(ctx, "assign (customers)", customers, 0);
}

static void print_json(const struct assign_summary *s)
{
	json_t *o = assign_summary_json(s);
	char *text = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2)) : NULL;

	puts(text ? text : "{}");
	free(text);
	json_decref(o);
}

static void print_table(const struct assign_summary *s)
{
	char buf[DATE_TEXT_MAX];

	cli_printf("assign as of %s%s\n", date_format(s->as_of, buf, sizeof(buf)),
		   s->dry_run ? " (dry run: nothing was written)" : "");
	cli_printf("  customers seen  %lld, overdue %lld\n", (long long)s->customers_seen, (long long)s->overdue);
	cli_printf("  kept %lld, added %lld, released %lld, unassigned %lld\n", (long long)s->kept, (long long)s->added,
		   (long long)s->released, (long long)s->unassigned);
	if (s->unassigned)
		cli_printf("  %lld overdue customer%s found no collector: add collectors (recoup user add NAME --role "
			   "collector)\n",
			   (long long)s->unassigned, s->unassigned == 1 ? "" : "s");
	if (!s->n_collectors) {
		cli_printf("  (no collector)\n");
		return;
	}
	cli_printf("  %-20s %-20s %8s %8s %8s %8s %8s\n", "collector", "team", "capacity", "accounts", "kept", "added",
		   "released");
	for (size_t i = 0; i < s->n_collectors; i++) {
		const struct assign_collector *c = &s->collectors[i];
		cli_printf("  %-20s %-20s %8d %8lld %8lld %8lld %8lld%s\n", c->name, c->team[0] ? c->team : "-",
			   c->capacity, (long long)c->load, (long long)c->kept, (long long)c->added,
			   (long long)c->released,
			   !c->works        ? "  (not working: disabled or not a collector)"
			   : !c->team_known ? "  (its team names no strategy: no new account; recoup strategy list)"
					    : "");
	}
}

static int run_assign(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "dry-run", no_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct assign_options o = { .as_of = cli->app.today };
	struct assign_summary s;
	enum output_format format = FORMAT_TABLE;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'a':
			ret = cli_parse_date(cli, &cmd_assign, "--as-of", optarg, &o.as_of);
			if (ret < 0)
				return ret;
			break;
		case 'd': o.dry_run = 1; break;
		case 'f':
			ret = cli_parse_format(cli, &cmd_assign, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					       &format);
			if (ret < 0)
				return ret;
			break;
		default: return cli_usage_error(cli, &cmd_assign, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_assign, "unexpected argument '%s'", argv[optind]);
	if (cli->progress) {
		o.progress = show_progress;
		o.progress_ctx = cli;
	}
	ret = assign_execute(&cli->app, &o, &s, &cli->err);
	cli_progress_done(cli);
	if (ret < 0)
		return ret;
	if (format == FORMAT_JSON)
		print_json(&s);
	else
		print_table(&s);
	assign_summary_release(&s);
	return 0;
}

const struct command cmd_assign = {
	.name = "assign",
	.summary = "give every overdue account a collector (by segment, balanced by capacity)",
	.usage = "usage: recoup assign [--as-of DATE] [--dry-run] [--format table|json]\n\n"
		 "Every customer with an overdue net balance as of --as-of (default today, UTC) gets a\n"
		 "collector (an enabled user with the role collector). A customer keeps its collector while\n"
		 "it is worked (still overdue, the collector still enabled); one no longer overdue is\n"
		 "released. New ones go by segment: a collector whose team names a strategy works the\n"
		 "accounts of that strategy (the one the daily run chose), the others go to the collectors\n"
		 "without a team; among those, to the one with the least accounts for its capacity (ties\n"
		 "by name). --dry-run prints what would change and writes nothing. --as-of is today or an\n"
		 "earlier day, as for the run, but not before the latest day accounts were given out; only\n"
		 "a dry run may look ahead or back. docs/queue.md.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_assign,
};
