/*
 * locale_format.c: amounts with currency and dates through ICU
 * (locale_format.h).
 */
#include "core/locale_format.h"

#include <stdio.h>
#include <stdlib.h>
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

/*
 * The formatters of one locale and currency, each opened on first use and
 * kept: opening is the cost (a numeric date pattern about 1 ms, a number or
 * date format about 0.1 ms, measured), formatting is cheap.
 */
struct locale_fmt {
	char locale[ULOC_FULLNAME_CAPACITY];
	char currency[4];
	int exponent;
	UNumberFormat *money;
	UDateFormat *date[2]; /* by enum locale_date_style */
	int failed_money, failed_date[2];
};

static const UChar utc[] = { 'U', 'T', 'C', 0 };

struct locale_fmt *locale_fmt_open(const char *locale, const char *currency)
{
	struct locale_fmt *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	icu_locale(locale, f->locale, sizeof(f->locale));
	snprintf(f->currency, sizeof(f->currency), "%s", currency ? currency : "");
	f->exponent = currency_exponent(f->currency);
	return f;
}

void locale_fmt_free(struct locale_fmt *f)
{
	if (!f)
		return;
	if (f->money)
		unum_close(f->money);
	for (int i = 0; i < 2; i++)
		if (f->date[i])
			udat_close(f->date[i]);
	free(f);
}

static UNumberFormat *money_format_of(struct locale_fmt *f)
{
	UErrorCode status = U_ZERO_ERROR;
	UChar code[4];

	if (f->money || f->failed_money)
		return f->money;
	u_charsToUChars(f->currency, code, 4);
	f->money = unum_open(UNUM_CURRENCY, NULL, -1, f->locale, NULL, &status);
	if (U_SUCCESS(status))
		unum_setTextAttribute(f->money, UNUM_CURRENCY_CODE, code, 3, &status);
	if (U_FAILURE(status)) {
		if (f->money)
			unum_close(f->money);
		f->money = NULL;
		f->failed_money = 1;
		return NULL;
	}
	/* the currency's own exponent, also for a locale whose default currency has another */
	unum_setAttribute(f->money, UNUM_MIN_FRACTION_DIGITS, f->exponent);
	unum_setAttribute(f->money, UNUM_MAX_FRACTION_DIGITS, f->exponent);
	return f->money;
}

char *locale_fmt_money(struct locale_fmt *f, int64_t amount, char *buf, size_t size)
{
	char plain[MONEY_TEXT_MAX];
	UChar out[UTEXT_MAX];
	UErrorCode status = U_ZERO_ERROR;
	UNumberFormat *fmt;
	int32_t len = -1;

	if (!f)
		return money_format(amount, 2, buf, size);
	fmt = money_format_of(f);
	money_format(amount, f->exponent, plain, sizeof(plain));
	if (fmt)
		len = unum_formatDecimal(fmt, plain, -1, out, UTEXT_MAX, NULL, &status);
	if (!fmt || U_FAILURE(status) || len < 0 || len >= UTEXT_MAX || to_utf8(out, len, buf, size) < 0)
		snprintf(buf, size, "%s %s", f->currency, plain);
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

static UDateFormat *date_format_of(struct locale_fmt *f, enum locale_date_style style)
{
	UErrorCode status = U_ZERO_ERROR;
	int i = style == LOCALE_DATE_NUMERIC;

	if (f->date[i] || f->failed_date[i])
		return f->date[i];
	if (i)
		f->date[i] = numeric_format(f->locale, utc, &status);
	else
		f->date[i] = udat_open(UDAT_NONE, UDAT_LONG, f->locale, utc, -1, NULL, -1, &status);
	if (U_FAILURE(status) || !f->date[i]) {
		if (f->date[i])
			udat_close(f->date[i]);
		f->date[i] = NULL;
		f->failed_date[i] = 1;
	}
	return f->date[i];
}

char *locale_fmt_date(struct locale_fmt *f, date_t date, enum locale_date_style style, char *buf, size_t size)
{
	UChar out[UTEXT_MAX];
	UErrorCode status = U_ZERO_ERROR;
	UDateFormat *fmt = f ? date_format_of(f, style) : NULL;
	int32_t len = -1;

	/* UDate is milliseconds as a double: exact for every whole day of years 1..9999 */
	if (fmt)
		len = udat_format(fmt, (UDate)date * 86400000.0, out, UTEXT_MAX, NULL, &status);
	if (!fmt || U_FAILURE(status) || len < 0 || len >= UTEXT_MAX || to_utf8(out, len, buf, size) < 0)
		date_format(date, buf, size);
	return buf;
}

char *locale_format_money(int64_t amount, const char *currency, const char *locale, char *buf, size_t size)
{
	struct locale_fmt *f = locale_fmt_open(locale, currency);

	if (!f) {
		char plain[MONEY_TEXT_MAX];
		snprintf(buf, size, "%s %s", currency,
			 money_format(amount, currency_exponent(currency), plain, sizeof(plain)));
		return buf;
	}
	locale_fmt_money(f, amount, buf, size);
	locale_fmt_free(f);
	return buf;
}

char *locale_format_date(date_t date, enum locale_date_style style, const char *locale, char *buf, size_t size)
{
	struct locale_fmt *f = locale_fmt_open(locale, "");

	if (!f)
		return date_format(date, buf, size);
	locale_fmt_date(f, date, style, buf, size);
	locale_fmt_free(f);
	return buf;
}
