/*
 * report_escalation_print.h: `recoup report contacts|collectors|recovery`
 * (app/report_escalation.h) as a table, CSV or JSON.
 */
#ifndef RECOUP_CLI_REPORT_ESCALATION_PRINT_H
#define RECOUP_CLI_REPORT_ESCALATION_PRINT_H

#include "cli/cli.h"

/* 1 when `name` is one of these reports. */
int report_escalation_known(const char *name);
/* Runs report `name` over [from, to] and prints it; 0 or -ERR_* (cli->err set). */
int report_escalation_print(struct cli *cli, const char *name, date_t from, date_t to, enum output_format format);

#endif
