/*
 * cmd_set.c: what `recoup customer set` and `recoup contact set` share: the
 * options, the call of the correction use case and the listing of changes.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/correct.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "codec/fields.h"

void cli_print_change(FILE *out, const struct change_record *c)
{
	cli_fprintf(out, "  %s %s: %s '%s' -> '%s'\n", c->entity, c->ref, c->field, c->old_value, c->new_value);
}

/*
 * An amount typed for a money field (`customer set C1 credit_limit=9,50`) is
 * the command line's to check, as every amount typed is (cli_parse_amount:
 * a usage error naming the field and the value). Its sign, decimals and size
 * depend on the record's currency: the use case refuses those (exit 1). ""
 * clears the field; an unknown field or one without '=' is the use case's
 * refusal too. The correctable fields hold no other number or date today.
 */
static int check_amounts(struct cli *cli, const struct command *cmd, const struct record_table *t, char *const *assign,
			 size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(assign[i], '=');
		char name[64];
		int f;

		if (!eq || !eq[1] || (size_t)(eq - assign[i]) >= sizeof(name))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(eq - assign[i]), assign[i]);
		f = codec_field_index(t, name);
		if (f < 0 || !codec_correctable(t, name) || t->fields[f].type != FIELD_MONEY)
			continue;
		if (cli_parse_amount(cli, cmd, name, eq + 1) < 0)
			return -ERR_USAGE;
	}
	return 0;
}

int cli_run_set(struct cli *cli, const struct command *cmd, const char *what, const struct record_table *t,
		correct_set_fn set, int argc, char **argv)
{
	static const struct option options[] = {
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct correct_result r = CORRECT_RESULT_INIT;
	const char *by = NULL;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c != 'b')
			return cli_usage_error(cli, cmd, "unknown option");
		by = optarg;
	}
	if (argc - optind < 2)
		return cli_usage_error(cli, cmd, "%s set needs a %s ref and FIELD=VALUE", what, what);
	ret = check_amounts(cli, cmd, t, argv + optind + 1, (size_t)(argc - optind - 1));
	if (ret < 0)
		return ret;
	ret = set(&cli->app, argv[optind], argv + optind + 1, (size_t)(argc - optind - 1), by, &r, &cli->err);
	if (ret < 0)
		return ret;
	cli_printf("%s '%s':\n", what, argv[optind]);
	for (size_t i = 0; i < r.n; i++)
		cli_print_change(stdout, &r.changes[i]);
	if (ret == 0)
		cli_printf("  nothing changed (the values are already stored)\n");
	correct_result_release(&r);
	return 0;
}
