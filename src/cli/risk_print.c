/*
 * risk_print.c: see risk_print.h and docs/risk.md.
 */
#include "cli/risk_print.h"

#include <stdio.h>

#include "cli/tprintf.h"

void risk_print_table(const struct risk_result *r, date_t as_of, const char *indent)
{
	char d[DATE_TEXT_MAX];

	cli_printf("%srisk band %s (score %d) as of %s:\n", indent, risk_band_name(r->band), r->score,
		   date_format(as_of, d, sizeof(d)));
	cli_printf("%s  %-18s %6s  %s\n", indent, "factor", "points", "why");
	for (size_t i = 0; i < r->n_factors; i++)
		cli_printf("%s  %-18s %+6d  %s\n", indent, r->factors[i].name, r->factors[i].points,
			   r->factors[i].text);
}
