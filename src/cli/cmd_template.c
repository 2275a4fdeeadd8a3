/*
 * cmd_template.c: recoup template list | show | set | preview (app/templates).
 *
 * A template travels as a JSON document {name, channel, lang, audience,
 * subject, text, html}: `show --format json` prints one, `set FILE` stores
 * one after validating it, so a manager edits the shipped text and loads it
 * back, as with `rules show` / `rules set`.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/templates.h"
#include "app/templates_json.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "core/array.h"

struct key {
	const char *name, *channel, *lang, *audience_text, *customer;
	enum template_audience audience;
	enum output_format format;
};

static int parse_key(struct cli *cli, int argc, char **argv, struct key *k)
{
	static const struct option options[] = {
		{ "channel", required_argument, NULL, 'c' },  { "lang", required_argument, NULL, 'l' },
		{ "audience", required_argument, NULL, 'a' }, { "customer", required_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'f' },   { NULL, 0, NULL, 0 },
	};
	int c;
	*k = (struct key){ .channel = "email", .lang = "en", .audience_text = "debtor" };
	optind = 2;
	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'c': k->channel = optarg; break;
		case 'l': k->lang = optarg; break;
		case 'a': k->audience_text = optarg; break;
		case 'C': k->customer = optarg; break;
		case 'f':
			if (cli_parse_format(cli, &cmd_template, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					     &k->format) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_template, "unknown option");
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(cli, &cmd_template, "expected one template NAME");
	k->name = argv[optind];
	if (template_audience_parse(k->audience_text, &k->audience, &cli->err) < 0)
		return cli_usage_error(cli, &cmd_template, "--audience: %s", cli->err.message);
	return 0;
}

/* One row of the table, kept until every row is known: the columns are as wide as their longest value. */
struct list_row {
	char name[TEMPLATE_NAME_MAX + 1], channel[16], lang[TEMPLATE_LANG_MAX + 1];
	enum template_audience audience;
	int stored;
};

struct lister {
	json_t *rows; /* --format json; NULL: the table */
	struct list_row *table;
	size_t n, cap;
	struct error *e;
};

static int gather(struct lister *l, const struct template_doc *d, int stored)
{
	struct list_row r = { .audience = d->audience, .stored = stored };

	if (l->rows)
		return json_array_append_new(l->rows, templates_item_json(d, stored)) < 0
			       ? error_set(l->e, ERR_ENV, "out of memory")
			       : 0;
	snprintf(r.name, sizeof(r.name), "%s", d->name);
	snprintf(r.channel, sizeof(r.channel), "%s", d->channel);
	snprintf(r.lang, sizeof(r.lang), "%s", d->lang);
	ARRAY_PUSH(l, table, n, cap, r);
	return 0;
}

/* A row that cannot be kept stops templates_list, which returns the failure (e says why). */
static int on_list(void *ctx, const struct template_doc *d, int stored)
{
	return gather(ctx, d, stored);
}

/*
 * The table: the name and language columns as wide as the longest listed
 * (a tenant's names go to TEMPLATE_NAME_MAX, and the shipped
 * arrears-letter-support is 22 bytes), so that every row's columns start
 * at the same offset.
 */
static void print_table(const struct lister *l)
{
	int name_w = 4, lang_w = 5;

	for (size_t i = 0; i < l->n; i++) {
		int nw = (int)strlen(l->table[i].name), lw = (int)strlen(l->table[i].lang);
		name_w = nw > name_w ? nw : name_w;
		lang_w = lw > lang_w ? lw : lang_w;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct list_row *r = &l->table[i];
		cli_printf("%-*s  %-7s %-*s  %-18s %s\n", name_w, r->name, r->channel, lang_w, r->lang,
			   template_audience_name(r->audience), r->stored ? "tenant" : "shipped");
	}
}

static void print_json(json_t *j)
{
	char *text = json_dumps(j, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	cli_printf("%s\n", text ? text : "null");
	free(text);
}

static int do_list(struct cli *cli, int argc, char **argv)
{
	enum output_format f = FORMAT_TABLE;
	if (argc == 4 && strcmp(argv[2], "--format") == 0) {
		if (cli_parse_format(cli, &cmd_template, argv[3], (1u << FORMAT_TABLE) | (1u << FORMAT_JSON), &f) < 0)
			return -ERR_USAGE;
	} else if (argc != 2) {
		return cli_usage_error(cli, &cmd_template, "template list takes only --format");
	}
	struct lister l = { .e = &cli->err };
	if (f == FORMAT_JSON) {
		l.rows = json_array();
		if (!l.rows)
			return error_set(&cli->err, ERR_ENV, "out of memory");
	}
	int ret = templates_list(&cli->app, on_list, &l, &cli->err);
	if (ret == 0 && l.rows)
		print_json(l.rows);
	else if (ret == 0)
		print_table(&l);
	json_decref(l.rows);
	free(l.table);
	return ret;
}

static int do_show(struct cli *cli, int argc, char **argv)
{
	struct key k;
	struct templates_found t = { 0 };
	int ret = parse_key(cli, argc, argv, &k);
	if (ret == 0)
		ret = templates_show(&cli->app, k.name, k.channel, k.lang, k.audience, &t, &cli->err);
	if (ret < 0)
		return ret;
	if (k.format == FORMAT_JSON) {
		json_t *j = templates_doc_json(t.name, t.channel, t.lang, t.audience, t.subject, t.text, t.html);
		print_json(j);
		json_decref(j);
	} else {
		cli_printf("%s (%s, %s, %s; %s)\n", t.name, t.channel, t.lang, template_audience_name(t.audience),
			   t.stored ? "tenant" : "shipped");
		if (t.subject[0])
			cli_printf("subject: %s\n", t.subject);
		cli_printf("--- text\n%s\n", t.text);
		if (t.html[0])
			cli_printf("--- html\n%s\n", t.html);
	}
	templates_found_release(&t);
	return 0;
}

static int do_set(struct cli *cli, int argc, char **argv)
{
	char *text = NULL;
	json_error_t je;
	if (argc != 3)
		return cli_usage_error(cli, &cmd_template, "template set takes one FILE (JSON)");
	int ret = cli_read_file(cli, argv[2], &text);
	if (ret < 0)
		return ret;
	json_t *j = json_loads(text, 0, &je);
	free(text);
	if (!json_is_object(j)) {
		json_decref(j);
		return error_set(&cli->err, ERR_INPUT, "%s: line %d: not a JSON object (%s)", argv[2], je.line,
				 je.text);
	}
	struct template_doc d;
	ret = templates_doc_from_json(j, argv[2], &d, &cli->err);
	if (ret == 0)
		ret = templates_set(&cli->app, &d, &cli->err);
	if (ret == 0)
		cli_printf("template '%s' (%s, %s, %s) stored\n", d.name, d.channel, d.lang,
			   template_audience_name(d.audience));
	json_decref(j);
	return ret;
}

static int do_preview(struct cli *cli, int argc, char **argv)
{
	struct key k;
	char *subject = NULL, *text = NULL, *html = NULL;
	int ret = parse_key(cli, argc, argv, &k);
	if (ret == 0)
		ret = templates_preview(&cli->app, k.name, k.channel, k.lang, k.audience, k.customer, &subject, &text,
					&html, &cli->err);
	if (ret < 0)
		return ret;
	if (k.format == FORMAT_JSON) {
		json_t *o = json_pack("{s:s, s:s, s:s}", "subject", subject, "text", text, "html", html);
		print_json(o);
		json_decref(o);
	} else {
		if (subject[0])
			cli_printf("Subject: %s\n\n", subject);
		cli_printf("%s\n", text);
		if (html[0])
			cli_printf("--- html\n%s\n", html);
	}
	free(subject);
	free(text);
	free(html);
	return 0;
}

static int run_template(struct cli *cli, int argc, char **argv)
{
	const char *verb = argc >= 2 ? argv[1] : "";
	if (strcmp(verb, "list") == 0)
		return do_list(cli, argc, argv);
	if (strcmp(verb, "show") == 0)
		return do_show(cli, argc, argv);
	if (strcmp(verb, "set") == 0)
		return do_set(cli, argc, argv);
	if (strcmp(verb, "preview") == 0)
		return do_preview(cli, argc, argv);
	return cli_usage_error(cli, &cmd_template, "expected list, show, set or preview");
}

const struct command cmd_template = {
	.name = "template",
	.summary = "message templates per step, channel, language and audience: list, show, set, preview",
	.usage = "usage: recoup template list [--format table|json]\n"
		 "       recoup template show NAME [--channel C] [--lang L] [--audience A] [--format table|json]\n"
		 "       recoup template set FILE.json\n"
		 "       recoup template preview NAME [--channel C] [--lang L] [--audience A] [--customer REF]\n\n"
		 "A template is {name, channel (email|sms|letter|call), lang (en, pl, pt-BR, de, fr...),\n"
		 "audience (debtor|third_party|voicemail_limited), subject, text, html} with {{merge fields}}.\n"
		 "set validates before storing: an unknown merge field, an email without its opt-out, a third\n"
		 "party text that mentions a debt are refused with the reason. Defaults: --channel email\n"
		 "--lang en --audience debtor. See docs/channels.md.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_template,
};
