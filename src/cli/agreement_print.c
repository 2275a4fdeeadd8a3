/*
 * agreement_print.c: see agreement_print.h.
 */
#include "cli/agreement_print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/agreement_scope.h"
#include "cli/tprintf.h"
#include "core/money.h"

int cli_scope_option(struct cli *cli, const struct command *cmd, int c, const char *arg, struct cli_scope *s)
{
	switch (c) {
	case 'i':
		if (s->n == CLI_INVOICES_MAX)
			return cli_usage_error(cli, cmd, "--invoice: at most %d invoices", CLI_INVOICES_MAX);
		s->invoices[s->n++] = arg;
		return 1;
	case 'C': s->currency = arg; return 1;
	case 'a':
		if (cli_parse_given_moment(cli, cmd, "--at", arg, &s->at) < 0)
			return -ERR_USAGE;
		return 1;
	default: return 0;
	}
}

void cli_agreement_header(void)
{
	cli_printf("%-6s %-10s %-12s %-16s %16s %16s %-10s %s\n", "ID", "KIND", "CUSTOMER", "STATE", "BALANCE",
		   "AMOUNT", "PAY BY", "MADE BY");
}

/* A table amount with its currency: RECOUP_LOCALE's format, or plain decimals without a cli. */
static const char *money(const struct cli *cli, int64_t amount, const char *currency, char *buf, size_t size)
{
	return cli ? cli_money_cur(cli, amount, currency, buf, size) : agreement_money(amount, currency, buf, size);
}

int cli_agreement_row(void *ctx, const struct agreement *a)
{
	const struct cli *cli = ctx;
	char b1[CLI_MONEY_MAX], b2[CLI_MONEY_MAX], d[DATE_TEXT_MAX] = "-";
	if (a->pay_by)
		date_format(a->pay_by, d, sizeof(d));
	cli_printf("%-6lld %-10s %-12s %-16s %16s %16s %-10s %s\n", (long long)a->id, a->kind, a->customer_ref,
		   a->state, money(cli, a->balance, a->currency, b1, sizeof(b1)),
		   money(cli, a->amount, a->currency, b2, sizeof(b2)), d, a->made_by);
	return 0;
}

int cli_agreement_append(void *ctx, const struct agreement *a)
{
	return json_array_append_new(ctx, agreement_json(a)) < 0;
}

int cli_print_json(struct cli *cli, json_t *v)
{
	char *text = v ? json_dumps(v, JSON_PRESERVE_ORDER | JSON_INDENT(2)) : NULL;
	json_decref(v);
	if (!text)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	puts(text);
	free(text);
	return 0;
}

void cli_agreement_describe(const struct cli *cli, const char *what, const struct agreement *a)
{
	char b1[CLI_MONEY_MAX], b2[CLI_MONEY_MAX], d[DATE_TEXT_MAX];
	cli_printf("%s %lld for %s%s%s: %s, %s of %s", a->kind, (long long)a->id, a->customer_ref, what[0] ? " " : "",
		   what, a->state, money(cli, a->amount, a->currency, b1, sizeof(b1)),
		   money(cli, a->balance, a->currency, b2, sizeof(b2)));
	if (a->pay_by)
		cli_printf(" by %s", date_format(a->pay_by, d, sizeof(d)));
	if (a->reason[0])
		cli_printf(" (%s)", a->reason);
	putchar('\n');
}
