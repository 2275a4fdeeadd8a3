/*
 * risk_print.h: a risk band and the factors behind it (core/risk.h), as
 * `customer show` and `account show` print it: one table, one JSON shape.
 */
#ifndef RECOUP_CLI_RISK_PRINT_H
#define RECOUP_CLI_RISK_PRINT_H

#include "core/dates.h"
#include "core/risk.h"

/* The band and every factor, one line each, each line starting with `indent`. */
void risk_print_table(const struct risk_result *r, date_t as_of, const char *indent);

#endif
