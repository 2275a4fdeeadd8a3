/*
 * report_print.h: the reports as the CLI prints them (a table for people,
 * CSV, JSON on stdout; what was left out on stderr), for `recoup aging`,
 * `recoup report kpi`, `recoup check` and `recoup demo`, which prints
 * exactly what those commands print. The figures come from app/reports and
 * app/check on cli->app; only the formatting is here.
 *
 * Each returns 0 or -ERR_* with cli->err set (the use case's error: rows
 * left out, a broken invariant, the database).
 */
#ifndef RECOUP_CLI_REPORT_PRINT_H
#define RECOUP_CLI_REPORT_PRINT_H

#include "app/reports.h"
#include "cli/cli.h"

int report_print_aging(struct cli *cli, const struct reports_aging_options *opts, enum output_format format);
int report_print_kpi(struct cli *cli, const struct reports_kpi_options *opts, enum output_format format);
/* The daily runs' snapshots of [from, to] (trend_print.c). */
int report_print_trend(struct cli *cli, date_t from, date_t to, enum output_format format);
/* "ledger ok: ..." on stdout, or each broken invariant on stderr. */
int report_print_check(struct cli *cli);
/* `report disputes ARGS` (report_disputes.c); argv[0] is "disputes". */
int report_disputes_run(struct cli *cli, int argc, char **argv);
/* `report promises` (report_promises.c): argv[0] is "promises", its options follow. */
int report_print_promises(struct cli *cli, int argc, char **argv);

#endif
