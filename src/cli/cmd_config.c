/*
 * cmd_config.c: recoup config set KEY VALUE | recoup config list [--format table|json]
 *
 * The tenant's channel settings (app/config). Secrets are shown as "(set)".
 */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/config.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

struct out {
	enum output_format format;
	json_t *rows;
	struct error *e;
};

/* A row that cannot be kept stops config_list, which returns the failure: the list printed is never cut. */
static int on_entry(void *ctx, const struct config_entry *c)
{
	struct out *o = ctx;
	if (o->format == FORMAT_JSON) {
		if (json_array_append_new(o->rows, json_pack("{s:s, s:o, s:b, s:s}", "key", c->key, "value",
							     c->set ? json_string(c->value) : json_null(), "secret",
							     c->secret, "help", c->help)) < 0)
			return error_set(o->e, ERR_ENV, "out of memory");
		return 0;
	}
	cli_printf("%-22s %s\n", c->key, c->set ? c->value : "(not set)");
	return 0;
}

static int run_config(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "set") == 0) {
		long min, max;
		long long v;
		if (argc != 4)
			return cli_usage_error(cli, &cmd_config, "config set takes KEY VALUE");
		/*
		 * A value that is no number for a key that takes one is a usage
		 * error (exit 2), as for every number typed; a number out of the
		 * key's range is config_set's refusal (exit 1). "" clears.
		 */
		if (argv[3][0] && config_key_range(argv[2], &min, &max) &&
		    cli_int_text(argv[3], LLONG_MIN, LLONG_MAX, &v) < 0)
			return cli_usage_error(cli, &cmd_config, "%s '%s': expected a whole number from %ld to %ld",
					       argv[2], argv[3], min, max);
		int ret = config_set(&cli->app, argv[2], argv[3], &cli->err);
		if (ret == 0)
			cli_printf("%s set\n", argv[2]);
		return ret;
	}
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		struct out o = { FORMAT_TABLE, json_array(), &cli->err };
		for (int i = 2; i < argc; i++) {
			const char *v = NULL;
			if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
				v = argv[++i];
			else if (strncmp(argv[i], "--format=", 9) == 0)
				v = argv[i] + 9;
			else {
				json_decref(o.rows);
				return cli_usage_error(cli, &cmd_config, "unexpected argument '%s'", argv[i]);
			}
			int ret = cli_parse_format(cli, &cmd_config, v, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
						   &o.format);
			if (ret < 0) {
				json_decref(o.rows);
				return ret;
			}
		}
		int ret = config_list(&cli->app, on_entry, &o, &cli->err);
		if (ret == 0 && o.format == FORMAT_JSON) {
			char *text = json_dumps(o.rows, JSON_PRESERVE_ORDER | JSON_INDENT(2));
			cli_printf("%s\n", text ? text : "[]");
			free(text);
		}
		json_decref(o.rows);
		return ret;
	}
	return cli_usage_error(cli, &cmd_config, "expected 'set KEY VALUE' or 'list'");
}

const struct command cmd_config = {
	.name = "config",
	.summary = "the tenant's channel settings: SMTP, SMS gateway, sender, opt-out (secrets never shown)",
	.usage = "usage: recoup config set KEY VALUE\n"
		 "       recoup config list [--format table|json]\n\n"
		 "Keys: smtp.url smtp.user smtp.password smtp.tls email.from email.reply_to email.optout_url\n"
		 "email.optout_email sms.url sms.format sms.token sms.from sms.optout letter.sender_address\n"
		 "creditor.name creditor.phone collector.name tenant.language payment.instructions\n"
		 "send.max_attempts send.backoff send.timeout. An unknown key or a bad value is refused\n"
		 "naming the key; an empty VALUE clears a setting. smtp.password and sms.token are listed\n"
		 "as (set), never printed. See docs/channels.md.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_config,
};
