/*
 * agreement_print.h: what the agreement commands (plan, settlement,
 * approval, writeoff) share: the options naming what an agreement covers,
 * and the table rows and JSON of agreements.
 */
#ifndef RECOUP_CLI_AGREEMENT_PRINT_H
#define RECOUP_CLI_AGREEMENT_PRINT_H

#include <jansson.h>

#include "cli/cli.h"
#include "store/agreements.h"

#define CLI_INVOICES_MAX 64

struct cli_scope {
	const char *invoices[CLI_INVOICES_MAX];
	size_t n;
	const char *currency;
	timestamp_t at;
};

/* --invoice, --currency, --at: 1 when `c` was one of them ('i', 'C', 'a'), 0 not, or -ERR_USAGE. */
int cli_scope_option(struct cli *cli, const struct command *cmd, int c, const char *arg, struct cli_scope *s);

/*
 * The table of agreements: header, then one row per agreement (a
 * store_agreement_cb whose ctx is the struct cli: amounts in RECOUP_LOCALE's
 * format; NULL prints plain decimals).
 */
void cli_agreement_header(void);
int cli_agreement_row(void *ctx, const struct agreement *a);
/* Appends a's JSON to the array `ctx` (a store_agreement_cb). */
int cli_agreement_append(void *ctx, const struct agreement *a);
/* Prints a JSON value (steals it); 0 or -ERR_ENV. */
int cli_print_json(struct cli *cli, json_t *v);
/*
 * "settlement 3 for ACME: current, pay 3000.00 EUR of 4000.00 EUR by 2026-12-31": with a cli (a table such
 * as plan show) amounts follow RECOUP_LOCALE; with NULL (a command's confirmation message) plain decimals.
 */
void cli_agreement_describe(const struct cli *cli, const char *what, const struct agreement *a);

#endif
