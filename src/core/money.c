#include "core/money.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucurr.h>
#include <unicode/unum.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

/*
 * The table of currencies is read once from ICU and kept sorted, so that a
 * lookup on the import hot path is a binary search with no ICU call.
 */
#define MAX_CURRENCIES 400

static struct currency table[MAX_CURRENCIES];
static int table_len;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static int compare_currency(const void *a, const void *b)
{
	return strcmp(((const struct currency *)a)->code, ((const struct currency *)b)->code);
}

static void load_table(void)
{
	UErrorCode status = U_ZERO_ERROR;
	UEnumeration *codes = ucurr_openISOCurrencies(UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
	const char *code;
	int32_t len;

	if (U_FAILURE(status))
		return;
	while ((code = uenum_next(codes, &len, &status)) && U_SUCCESS(status)) {
		UChar ucode[4];
		int32_t digits;
		UErrorCode st = U_ZERO_ERROR;

		if (len != CURRENCY_CODE_LEN || table_len == MAX_CURRENCIES)
			continue;
		u_charsToUChars(code, ucode, 4);
		ucode[3] = 0;
		digits = ucurr_getDefaultFractionDigits(ucode, &st);
		if (U_FAILURE(st) || digits < 0 || digits > 4)
			continue;
		memcpy(table[table_len].code, code, 4);
		table[table_len].exponent = digits;
		table_len++;
	}
	uenum_close(codes);
	qsort(table, table_len, sizeof(table[0]), compare_currency);
}

int currency_lookup(const char *code, struct currency *out, struct error *e)
{
	struct currency key;
	const struct currency *found;

	if (!code || strlen(code) != CURRENCY_CODE_LEN)
		return error_set(e, ERR_INPUT, "currency '%s' is not a three-letter ISO 4217 code", code ? code : "");
	pthread_once(&table_once, load_table);
	memcpy(key.code, code, 4);
	found = bsearch(&key, table, table_len, sizeof(table[0]), compare_currency);
	if (!found)
		return error_set(e, ERR_INPUT, "unknown currency '%s' (an ISO 4217 code such as USD, EUR, BRL)", code);
	*out = *found;
	return 0;
}

/*
 * The codes asked last, per thread: the daily run asks for the exponent of
 * every account it nets (98,957 lookups by bsearch and strcmp, 32 M
 * instructions, in the next day's run at 100,000 customers), nearly always
 * of the same few currencies.
 */
#define EXPONENT_CACHE 8

int currency_exponent(const char *code)
{
	static __thread struct currency last[EXPONENT_CACHE];
	static __thread unsigned next;
	struct currency c;

	if (code && code[0] && code[1] && code[2] && !code[3])
		for (size_t i = 0; i < EXPONENT_CACHE && last[i].code[0]; i++)
			if (last[i].code[0] == code[0] && last[i].code[1] == code[1] && last[i].code[2] == code[2])
				return last[i].exponent;
	if (currency_lookup(code, &c, NULL) != 0)
		return 2;
	last[next++ % EXPONENT_CACHE] = c;
	return c.exponent;
}

static int too_large(const char *text, int exponent, struct error *e)
{
	char max[MONEY_TEXT_MAX];
	return error_set(e, ERR_INPUT, "amount '%s' is more than %s, the largest amount recoup accepts", text,
			 money_format(MONEY_AMOUNT_MAX, exponent, max, sizeof(max)));
}

int money_shape(const char *text, struct error *e)
{
	const char *p = text;
	int digits = 0;
	int decimals = -1; /* -1 until the point is seen */

	if (!p || !*p)
		return error_set(e, ERR_INPUT, "amount is empty");
	if (*p == '-')
		p++;
	for (; *p; p++) {
		if (*p == '.') {
			if (decimals >= 0)
				return error_set(e, ERR_INPUT, "amount '%s' has two decimal points", text);
			if (digits == 0)
				return error_set(e, ERR_INPUT, "amount '%s' has no digit before the decimal point",
						 text);
			decimals = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return error_set(e, ERR_INPUT,
					 "amount '%s' is not a decimal number (only digits, one '.' and a leading '-')",
					 text);
		digits++;
		if (decimals >= 0)
			decimals++;
	}
	if (digits == 0)
		return error_set(e, ERR_INPUT, "amount '%s' has no digits", text);
	if (decimals == 0)
		return error_set(e, ERR_INPUT, "amount '%s' ends with a decimal point", text);
	return 0;
}

int money_parse(const char *text, int exponent, int64_t *out, struct error *e)
{
	const char *p = text;
	int negative = 0;
	int decimals = -1; /* -1 until the point is seen */
	uint64_t magnitude = 0;
	const uint64_t limit = (uint64_t)MONEY_AMOUNT_MAX;

	if (money_shape(text, e) < 0)
		return -ERR_INPUT;
	if (*p == '-') {
		negative = 1;
		p++;
	}
	for (; *p; p++) {
		if (*p == '.') {
			decimals = 0;
			continue;
		}
		if (decimals >= 0 && ++decimals > exponent)
			return error_set(e, ERR_INPUT,
					 "amount '%s' has more than %d decimal%s, the currency's precision", text,
					 exponent, exponent == 1 ? "" : "s");
		if (magnitude > (limit - (uint64_t)(*p - '0')) / 10)
			return too_large(text, exponent, e);
		magnitude = magnitude * 10 + (uint64_t)(*p - '0');
	}
	for (int i = decimals < 0 ? 0 : decimals; i < exponent; i++) {
		if (magnitude > limit / 10)
			return too_large(text, exponent, e);
		magnitude *= 10;
	}
	*out = negative ? -(int64_t)magnitude : (int64_t)magnitude;
	return 0;
}

char *money_format(int64_t amount, int exponent, char *buf, size_t size)
{
	/* Work on the unsigned magnitude so that INT64_MIN formats too. */
	uint64_t magnitude = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	uint64_t scale = 1;
	char frac[8];

	for (int i = 0; i < exponent; i++)
		scale *= 10;
	if (exponent == 0) {
		snprintf(buf, size, "%s%llu", amount < 0 ? "-" : "", (unsigned long long)magnitude);
		return buf;
	}
	snprintf(frac, sizeof(frac), "%0*llu", exponent, (unsigned long long)(magnitude % scale));
	snprintf(buf, size, "%s%llu.%s", amount < 0 ? "-" : "", (unsigned long long)(magnitude / scale), frac);
	return buf;
}

char *money_format_locale(int64_t amount, int exponent, const char *locale, char *buf, size_t size)
{
	char plain[MONEY_TEXT_MAX];
	UChar out[64];
	UErrorCode status = U_ZERO_ERROR;
	UNumberFormat *fmt;
	int32_t len;

	money_format(amount, exponent, plain, sizeof(plain));
	fmt = unum_open(UNUM_DECIMAL, NULL, -1, locale && *locale ? locale : "en", NULL, &status);
	if (U_FAILURE(status))
		goto fallback;
	unum_setAttribute(fmt, UNUM_MIN_FRACTION_DIGITS, exponent);
	unum_setAttribute(fmt, UNUM_MAX_FRACTION_DIGITS, exponent);
	len = unum_formatDecimal(fmt, plain, -1, out, 64, NULL, &status);
	unum_close(fmt);
	if (U_FAILURE(status) || len >= 64)
		goto fallback;
	u_strToUTF8(buf, (int32_t)size, NULL, out, len, &status);
	if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
		goto fallback;
	return buf;
fallback:
	snprintf(buf, size, "%s", plain);
	return buf;
}

int money_add(int64_t a, int64_t b, int64_t *out)
{
	return __builtin_add_overflow(a, b, out) ? -1 : 0;
}

int money_sub(int64_t a, int64_t b, int64_t *out)
{
	return __builtin_sub_overflow(a, b, out) ? -1 : 0;
}
