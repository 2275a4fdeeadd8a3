/*
 * validation_notice.c: the validation period and the itemization of a US
 * consumer debt (validation_notice.h says which rule and why).
 */
#include "core/validation_notice.h"

#include <string.h>

#include "core/holidays.h"
#include "core/money.h"

static int is_business_day(date_t d, const char *calendar)
{
	int wd = date_weekday(d);
	if (wd == 0 || wd == 6)
		return 0;
	return !holiday_is(calendar, d, NULL, 0, NULL);
}

date_t validation_assumed_receipt(date_t sent, const char *calendar)
{
	date_t d = sent;
	int counted = 0;

	while (counted < VALIDATION_RECEIPT_BUSINESS_DAYS) {
		d++;
		if (is_business_day(d, calendar))
			counted++;
	}
	return d;
}

date_t validation_end_date(date_t sent, const char *calendar)
{
	return validation_assumed_receipt(sent, calendar) + VALIDATION_PERIOD_DAYS;
}

void itemization_init(struct itemization *it, date_t date)
{
	memset(it, 0, sizeof(*it));
	it->date = date;
}

static int add_to(int64_t *sum, int64_t amount, struct error *e)
{
	if (money_add(*sum, amount, sum) < 0)
		return error_set(e, ERR_INPUT, "itemization: a sum does not fit in 64 bits of minor units");
	return 0;
}

int itemization_add_invoice(struct itemization *it, date_t issue_date, int64_t amount, struct error *e)
{
	char when[DATE_TEXT_MAX], on[DATE_TEXT_MAX];

	if (issue_date > it->date)
		return error_set(e, ERR_INPUT, "itemization: an invoice issued on %s is after the itemization date %s",
				 date_format(issue_date, when, sizeof(when)), date_format(it->date, on, sizeof(on)));
	if (add_to(&it->at_date, amount, e) < 0)
		return -ERR_INPUT;
	return add_to(&it->current, amount, e);
}

/* The line of an entry dated after the itemization date, and the sign that makes it positive. */
static int64_t *line_of(struct itemization *it, enum ledger_kind kind, int *sign)
{
	*sign = 1;
	switch (kind) {
	case LEDGER_INTEREST: return &it->interest;
	case LEDGER_FEE: return &it->fees;
	case LEDGER_PAYMENT:
	case LEDGER_REVERSAL: *sign = -1; return &it->payments;
	case LEDGER_CREDIT_NOTE:
	case LEDGER_WRITE_OFF: *sign = -1; return &it->credits;
	default: return NULL;
	}
}

int itemization_add_entry(struct itemization *it, enum ledger_kind kind, date_t date, int64_t amount, struct error *e)
{
	int64_t *line;
	int sign;

	line = line_of(it, kind, &sign);
	if (!line)
		return error_set(e, ERR_INPUT, "itemization: a '%s' entry is not an invoice's", ledger_kind_name(kind));
	if (date <= it->date) {
		if (add_to(&it->at_date, amount, e) < 0)
			return -ERR_INPUT;
	} else if (add_to(line, sign * amount, e) < 0) {
		return -ERR_INPUT;
	}
	return add_to(&it->current, amount, e);
}

int itemization_balanced(const struct itemization *it)
{
	int64_t sum = it->at_date;

	if (money_add(sum, it->interest, &sum) < 0 || money_add(sum, it->fees, &sum) < 0 ||
	    money_sub(sum, it->payments, &sum) < 0 || money_sub(sum, it->credits, &sum) < 0)
		return 0;
	return sum == it->current;
}

void letter_requirements_for(enum customer_kind kind, const char *country, const char *profile,
			     struct letter_requirements *out)
{
	int us_profile = profile && strncmp(profile, "us-", 3) == 0;

	out->us_validation = us_profile || (kind == KIND_PERSON && country && strcmp(country, "US") == 0);
	out->br_supplier = country && strcmp(country, "BR") == 0;
}
