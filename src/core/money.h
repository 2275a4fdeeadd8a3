/*
 * money.h: exact amounts.
 *
 * An amount is an int64_t count of minor units of one ISO 4217 currency
 * (cents for USD, yen for JPY, fils for BHD). The exponent (digits after the
 * decimal point) comes from the currency: JPY 0, USD/EUR/BRL/PLN/GBP 2,
 * BHD/KWD 3. The exponents and the list of valid codes are those of ICU
 * (CLDR), so every current ISO 4217 code is accepted.
 *
 * Limits: one amount is at most MONEY_AMOUNT_MAX = 10^15 minor units in
 * magnitude (10 trillion in a currency with 2 decimals, USD 10,000,000,000,000.00;
 * 10^15 JPY; 10^12 BHD): larger than any real invoice, small enough that
 * sums of many of them still fit in int64. INT64_MAX is 9,223,372,036,854,775,807,
 * so 9,223 amounts of the maximum (INT64_MAX / 10^15, rounded down) always add
 * up without overflow, and any number of ordinary amounts does: a million
 * invoices of a billion dollars each are 10^17 cents, 1/92 of the range.
 * (Five million maximal amounts would need a maximum below 1.8e12 minor
 * units, USD 18 billion, which real books in JPY can exceed: the limit is a
 * guard against typos and hostile files, not a proof that no sum overflows.)
 * So sums are still checked: every operation that could overflow reports it
 * (money_add, money_sub), reports name the currency or customer whose sum
 * overflowed (docs/reports.md), and nothing wraps or rounds. Two amounts of
 * different currencies are never added: callers keep one sum per currency.
 *
 * No floating point is used anywhere in this module, nor may it be used on
 * any value that holds money.
 */
#ifndef RECOUP_MONEY_H
#define RECOUP_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define CURRENCY_CODE_LEN 3
#define MONEY_TEXT_MAX    32                        /* longest formatted amount plus NUL */
#define MONEY_AMOUNT_MAX  INT64_C(1000000000000000) /* 10^15 minor units: see above */

struct currency {
	char code[CURRENCY_CODE_LEN + 1]; /* upper-case ISO 4217 */
	int exponent;                     /* 0..4 */
};

/*
 * Looks up an ISO 4217 code (exactly three upper-case letters). Returns 0 and
 * fills `out`, or -ERR_INPUT with "unknown currency 'XYZ'". Thread-safe.
 */
int currency_lookup(const char *code, struct currency *out, struct error *e);

/*
 * The exponent of a currency already validated on the way in (every stored
 * code was): for formatting stored amounts. An unknown code gives 2, so a
 * report never fails on output; input paths use currency_lookup().
 */
int currency_exponent(const char *code);

/*
 * Parses a decimal string in major units ("1234.56", "-0.5", "12") into
 * minor units of a currency with `exponent` decimals. Refused, with the
 * reason in `e`: empty text, signs other than one leading '-', spaces,
 * thousands separators, exponents, more decimals than the currency allows
 * (no rounding ever), and values beyond MONEY_AMOUNT_MAX in magnitude
 * ("amount '...' is more than 10000000000000.00, the largest amount recoup
 * accepts"). On error *out is unchanged.
 */
int money_parse(const char *text, int exponent, int64_t *out, struct error *e);
/*
 * The shape money_parse checks first, whatever the currency: ASCII digits,
 * at most one '.' with a digit before and after it, one leading '-'.
 * 0, or -ERR_INPUT with money_parse's message ("amount '9,50' is not a
 * decimal number (only digits, one '.' and a leading '-')"). The command
 * line refuses a malformed amount with it before the currency is known.
 */
int money_shape(const char *text, struct error *e);

/*
 * Formats minor units as a plain decimal string in major units with exactly
 * `exponent` decimals ("1234.56", "-0.05", "100"). `buf` must hold
 * MONEY_TEXT_MAX bytes. Returns buf.
 */
char *money_format(int64_t amount, int exponent, char *buf, size_t size);

/*
 * Formats for people: the amount with the grouping and decimal signs of
 * `locale` (a BCP 47 tag or ICU locale id, "" for English), e.g.
 * "1,234,567.89" in en, "1.234.567,89" in pt-BR, "1 234 567,89" in pl.
 * ICU formats the exact decimal text, so no value goes through a double.
 * Falls back to money_format() if ICU refuses. Files and the JSON API use
 * money_format(); this is for tables and letters only.
 */
char *money_format_locale(int64_t amount, int exponent, const char *locale, char *buf, size_t size);

/* Checked arithmetic: return 0, or -1 when the result would overflow. */
int money_add(int64_t a, int64_t b, int64_t *out);
int money_sub(int64_t a, int64_t b, int64_t *out);

#endif
