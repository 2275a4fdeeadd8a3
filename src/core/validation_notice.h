/*
 * validation_notice.h: what a US consumer's first collection letter must
 * state (Regulation F, 12 CFR 1006.34), computed as values: the end of the
 * validation period and the itemization of the debt. Pure: dates and
 * amounts in, dates and amounts out.
 *
 * The validation period ends 30 days after the consumer receives, or is
 * assumed to receive, the notice (1006.34(b)(5)); receipt may be assumed
 * "on any date that is at least five days (excluding legal public holidays
 * identified in 5 U.S.C. 6103(a), Saturdays, and Sundays)" after it was
 * sent. So: count 5 business days after the day of sending (the day itself
 * is not counted), skipping Saturdays, Sundays and the federal holidays of
 * the "US" calendar (core/holidays.h); the fifth is the assumed receipt;
 * add 30 calendar days. Both a holiday's own date and its observed day are
 * skipped (holiday_is answers 1 for both): a later assumed receipt only
 * lengthens the consumer's period, the safe side. The end date is not moved
 * off a weekend or holiday: the rule counts calendar days.
 *
 * Example (tests/unit/test_validation_notice.c, t0921): sent Tuesday
 * 2026-11-24; Wed 25 is day 1, Thanksgiving Thu 26 is skipped, Fri 27 is
 * day 2, the weekend is skipped, Mon 30 day 3, Tue 1 Dec day 4, Wed 2 Dec
 * day 5 = assumed receipt; end = 2026-12-02 + 30 = 2027-01-01.
 *
 * The itemization (1006.34(c)(2)(vi)-(viii)): the amount owed on the
 * itemization date, then the interest, fees, payments and credits since,
 * and the amount owed now; now = then + interest + fees - payments -
 * credits, exactly (the invariant of the ledger). Amounts are int64 minor
 * units of one currency; payments and credits are given as positive
 * amounts that lower the debt.
 */
#ifndef RECOUP_VALIDATION_NOTICE_H
#define RECOUP_VALIDATION_NOTICE_H

#include <stdint.h>

#include "core/dates.h"
#include "core/error.h"
#include "core/model.h"

#define VALIDATION_RECEIPT_BUSINESS_DAYS 5
#define VALIDATION_PERIOD_DAYS           30

/* The assumed receipt of a notice sent on `sent`, skipping the holidays of `calendar` ("US"). */
date_t validation_assumed_receipt(date_t sent, const char *calendar);
/* The last day of the validation period: validation_assumed_receipt() + 30 days. */
date_t validation_end_date(date_t sent, const char *calendar);

struct itemization {
	date_t date;      /* the itemization date */
	int64_t at_date;  /* owed at the end of that day */
	int64_t interest; /* charged since (> date) */
	int64_t fees;     /* charged since */
	int64_t payments; /* paid since, net of payments returned (positive lowers the debt) */
	int64_t credits;  /* credit notes and write-offs since (positive lowers the debt) */
	int64_t current;  /* owed now: at_date + interest + fees - payments - credits */
};
#define ITEMIZATION_INIT \
	{                \
		0        \
	}

/*
 * Starts an itemization on `date`: all zero. Then each invoice adds its
 * original amount (issued on `issue_date`) with itemization_add_invoice and
 * each of its ledger entries with itemization_add_entry, in any order.
 * Entries dated on or before the itemization date go into at_date; later
 * ones into their line (payment and reversal into payments, credit_note
 * and write_off into credits; unapplied cash is not an invoice's and is
 * refused). An invoice issued after the itemization date is refused: the
 * date must be one on which the whole debt existed (app/letters.c takes the
 * latest issue date of the invoices the letter lists).
 * Returns 0, or -ERR_INPUT naming the reason (a sum that would overflow,
 * an entry that is not an invoice's); nothing is wrapped.
 */
void itemization_init(struct itemization *it, date_t date);
int itemization_add_invoice(struct itemization *it, date_t issue_date, int64_t amount, struct error *e);
int itemization_add_entry(struct itemization *it, enum ledger_kind kind, date_t date, int64_t amount, struct error *e);
/* 1 when current = at_date + interest + fees - payments - credits holds, else 0. */
int itemization_balanced(const struct itemization *it);

/*
 * Which elements a letter must carry for a debtor (docs/channels.md,
 * "Letters"): the US validation notice for a consumer debt in the US (a
 * person in US, or any customer whose contact-rules profile is a US one,
 * "us-..."); the supplier's identification (name, address, CNPJ) for a
 * debtor in Brazil (Codigo de Defesa do Consumidor art. 42-A).
 */
struct letter_requirements {
	int us_validation;
	int br_supplier;
};
void letter_requirements_for(enum customer_kind kind, const char *country, const char *profile,
			     struct letter_requirements *out);

#endif
