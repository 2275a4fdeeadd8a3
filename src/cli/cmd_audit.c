/*
 * cmd_audit.c: recoup audit — the audit trail: who changed what, when,
 * from where, what it was and what it became. Parsing and formatting only:
 * the use case is app/audit_list.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/audit_list.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "codec/json.h"

static const char usage[] = "usage: recoup audit [--since TIMESTAMP|DATE] [--user USER] [--entity ENTITY] [--ref REF]\n"
			    "                    [--format table|json]\n\n"
			    "Lists the audit trail oldest first: each change recorded by a command (imports, flags,\n"
			    "users, strategies, rules, corrections, contacts, agreements, placements, legal cases)\n"
			    "with who made it, when, from where, and the record before and after (JSON). The trail\n"
			    "is append-only: nothing edits or deletes an entry.\n";

struct listing {
	enum output_format format;
	int rows;
};

/* A JSON text of the store as a value: the object itself, or null for none. */
static json_t *as_json(const char *text)
{
	json_t *v = text && *text ? json_loads(text, 0, NULL) : NULL;
	return v ? v : json_null();
}

static int print_entry(void *arg, const struct audit_entry *a)
{
	struct listing *l = arg;
	char ts[TIMESTAMP_TEXT_MAX];

	timestamp_format(a->at, ts, sizeof(ts));
	if (l->format == FORMAT_JSON) {
		json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o}", "id", (json_int_t)a->id, "at", ts,
				      "actor", a->actor, "origin", a->origin, "action", a->action, "entity", a->entity,
				      "ref", a->ref, "before", as_json(a->before), "after", as_json(a->after));
		char *text = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
		json_decref(o);
		if (!text)
			return -ERR_ENV;
		cli_printf("%s%s", l->rows ? ",\n  " : "\n  ", text);
		free(text);
	} else {
		if (!l->rows)
			cli_printf("%-6s %-20s %-12s %-6s %-20s %-10s %-16s %s\n", "id", "at", "actor", "origin",
				   "action", "entity", "ref", "before -> after");
		cli_printf("%-6lld %-20s %-12s %-6s %-20s %-10s %-16s %s -> %s\n", (long long)a->id, ts, a->actor,
			   a->origin, a->action, a->entity, a->ref[0] ? a->ref : "-", a->before[0] ? a->before : "-",
			   a->after[0] ? a->after : "-");
	}
	l->rows++;
	return 0;
}

static int parse_since(struct cli *cli, const char *text, timestamp_t *out)
{
	date_t d;
	if (timestamp_parse(text, out, NULL) == 0)
		return 0;
	if (date_parse(text, &d, NULL) == 0) {
		*out = (timestamp_t)d * 86400;
		return 0;
	}
	return cli_usage_error(cli, &cmd_audit, "--since '%s' is neither a timestamp nor a date", text);
}

static int run_audit(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "since", required_argument, NULL, 's' },  { "user", required_argument, NULL, 'u' },
		{ "entity", required_argument, NULL, 'e' }, { "ref", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' }, { NULL, 0, NULL, 0 },
	};
	struct audit_list_options o = { 0 };
	struct listing l = { FORMAT_TABLE, 0 };
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 's':
			ret = parse_since(cli, optarg, &o.since);
			if (ret < 0)
				return ret;
			break;
		case 'u': o.user = optarg; break;
		case 'e': o.entity = optarg; break;
		case 'r': o.ref = optarg; break;
		case 'f':
			ret = cli_parse_format(cli, &cmd_audit, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					       &l.format);
			if (ret < 0)
				return ret;
			break;
		default: return cli_usage_error(cli, &cmd_audit, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_audit, "unexpected argument '%s'", argv[optind]);
	if (l.format == FORMAT_JSON)
		fputs("{\"entries\": [", stdout);
	ret = audit_list(&cli->app, &o, print_entry, &l, &cli->err);
	if (ret > 0)
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
	if (l.format == FORMAT_JSON)
		fputs(l.rows ? "\n]}\n" : "]}\n", stdout);
	else if (ret == 0 && !l.rows)
		cli_printf("no audit entry\n");
	return ret;
}

const struct command cmd_audit = {
	.name = "audit",
	.summary = "the audit trail: who changed what, when, before and after",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_audit,
};
