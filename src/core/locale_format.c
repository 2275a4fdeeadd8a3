/*
 * locale_format.c: amounts with currency and dates through ICU
 * (locale_format.h).
 */
#include "core/locale_format.h"

#include <stdio.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "core/money.h"

#define UTEXT_MAX 96

/* An ICU locale id from a BCP 47 tag or an ICU id ("pt-BR" -> "pt_BR"); "en" for none. */
static void icu_locale(const char *locale, char *out, size_t size)
{
	UErrorCode status = U_ZERO_ERROR;

	if (!locale || !*locale)
		locale = "en";
	uloc_forLanguageTag(locale, out, (int32_t)size, NULL, &status);
	if (U_FAILURE(status) || !*out)
		snprintf(out, size, "%s", locale);
}

static int to_utf8(const UChar *text, int32_t len, char *buf, size_t size)
{
	UErrorCode status = U_ZERO_ERROR;

	u_strToUTF8(buf, (int32_t)size, NULL, text, len, &status);
	return U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING ? -1 : 0;
}

char *locale_format_money(int64_t amount, const char *currency, const char *locale, char *buf, size_t size)
{
	char plain[MONEY_TEXT_MAX], loc[ULOC_FULLNAME_CAPACITY];
	UChar code[4], out[UTEXT_MAX];
	UErrorCode status = U_ZERO_ERROR;
	UNumberFormat *fmt = NULL;
	int exponent = currency_exponent(currency);
	int32_t len = -1;

	money_format(amount, exponent, plain, sizeof(plain));
	icu_locale(locale, loc, sizeof(loc));
	u_charsToUChars(currency, code, 4);
	fmt = unum_open(UNUM_CURRENCY, NULL, -1, loc, NULL, &status);
	if (U_SUCCESS(status))
		unum_setTextAttribute(fmt, UNUM_CURRENCY_CODE, code, 3, &status);
	if (U_SUCCESS(status)) {
		/* the currency's own exponent, also for a locale whose default currency has another */
		unum_setAttribute(fmt, UNUM_MIN_FRACTION_DIGITS, exponent);
		unum_setAttribute(fmt, UNUM_MAX_FRACTION_DIGITS, exponent);
		len = unum_formatDecimal(fmt, plain, -1, out, UTEXT_MAX, NULL, &status);
	}
	unum_close(fmt);
	if (U_FAILURE(status) || len < 0 || len >= UTEXT_MAX || to_utf8(out, len, buf, size) < 0)
		snprintf(buf, size, "%s %s", currency, plain);
	return buf;
}

/* The locale's own pattern for a numeric day-month-year (its order and separators). */
static UDateFormat *numeric_format(const char *loc, const UChar *zone, UErrorCode *status)
{
	static const UChar skeleton[] = { 'y', 'M', 'M', 'd', 'd', 0 };
	UChar pattern[UTEXT_MAX];
	UDateTimePatternGenerator *gen;
	int32_t len;

	gen = udatpg_open(loc, status);
	if (U_FAILURE(*status))
		return NULL;
	len = udatpg_getBestPattern(gen, skeleton, -1, pattern, UTEXT_MAX, status);
	udatpg_close(gen);
	if (U_FAILURE(*status) || len >= UTEXT_MAX)
		return NULL;
	return udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, zone, -1, pattern, len, status);
}

char *locale_format_date(date_t date, enum locale_date_style style, const char *locale, char *buf, size_t size)
{
	static const UChar utc[] = { 'U', 'T', 'C', 0 };
	char loc[ULOC_FULLNAME_CAPACITY];
	UChar out[UTEXT_MAX];
	UErrorCode status = U_ZERO_ERROR;
	UDateFormat *fmt;
	int32_t len = -1;

	icu_locale(locale, loc, sizeof(loc));
	if (style == LOCALE_DATE_NUMERIC)
		fmt = numeric_format(loc, utc, &status);
	else
		fmt = udat_open(UDAT_NONE, UDAT_LONG, loc, utc, -1, NULL, -1, &status);
	/* UDate is milliseconds as a double: exact for every whole day of years 1..9999 */
	if (fmt && U_SUCCESS(status))
		len = udat_format(fmt, (UDate)date * 86400000.0, out, UTEXT_MAX, NULL, &status);
	if (fmt)
		udat_close(fmt);
	if (U_FAILURE(status) || len < 0 || len >= UTEXT_MAX || to_utf8(out, len, buf, size) < 0)
		date_format(date, buf, size);
	return buf;
}
