/*
 * ledger.h: how money moves between a customer's invoices.
 *
 * Entries are never updated in place (model.h gives the signs). This module
 * decides allocations; the store writes them.
 *
 * Allocation rule (what a finance team expects and docs/csv.md states):
 * a payment that names an invoice goes to that invoice, up to its balance;
 * a payment that names none goes to the customer's open invoices of the same
 * currency, oldest due date first (ties by age of record). Whatever is left
 * is kept as unapplied credit on the customer, never lost and never spread
 * onto a currency it was not paid in.
 */
#ifndef RECOUP_LEDGER_H
#define RECOUP_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

struct allocation {
	int64_t invoice_id;
	int64_t amount; /* > 0, minor units applied */
};

/*
 * Spreads `amount` (> 0) over `open[0..n)` in the given order, each up to its
 * balance. Writes at most n allocations to `out` and returns how many;
 * `*unapplied` receives what is left (>= 0). Invoices with a balance <= 0 are
 * skipped. The caller orders `open` (named invoice alone, or oldest due
 * first).
 */
size_t ledger_allocate(int64_t amount, const struct invoice *open, size_t n, struct allocation *out,
		       int64_t *unapplied);

#endif
