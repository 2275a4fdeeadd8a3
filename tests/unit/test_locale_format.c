#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/locale_format.h"

#define NBSP "\xc2\xa0"

static void expect_money(int64_t amount, const char *currency, const char *locale, const char *want)
{
	char buf[LOCALE_TEXT_MAX];
	assert_string_equal(locale_format_money(amount, currency, locale, buf, sizeof(buf)), want);
}

static void test_money_three_locales(void **state)
{
	expect_money(123456, "PLN", "pl", "1" NBSP "234,56" NBSP "z\xc5\x82");
	expect_money(123456, "PLN", "pl-PL", "1" NBSP "234,56" NBSP "z\xc5\x82");
	expect_money(123456, "BRL", "pt-BR", "R$" NBSP "1.234,56");
	expect_money(123456, "USD", "en-US", "$1,234.56");
	expect_money(123456, "USD", "", "$1,234.56");
	expect_money(123456789012, "USD", "en", "$1,234,567,890.12");
	expect_money(5, "BRL", "pt-BR", "R$" NBSP "0,05");
	expect_money(-250, "USD", "en", "-$2.50");
	/* the currency's exponent, not the locale's: yen without decimals, dinar with three */
	expect_money(1234, "JPY", "en",
		     "\xc2\xa5"
		     "1,234");
	expect_money(1234567, "BHD", "en", "BHD" NBSP "1,234.567");
	/* a currency foreign to the locale keeps the locale's signs */
	expect_money(123456, "USD", "pt-BR", "US$" NBSP "1.234,56");
}

static void test_money_exact_at_the_limit(void **state)
{
	/* 10^15 minor units: a double would still hold it, 2^53 + 1 would not; the decimal text is exact */
	expect_money(INT64_C(9007199254740993), "USD", "en", "$90,071,992,547,409.93");
}

static void expect_date(const char *iso, enum locale_date_style style, const char *locale, const char *want)
{
	char buf[LOCALE_TEXT_MAX];
	date_t date;
	struct error e = ERROR_INIT;
	assert_int_equal(date_parse(iso, &date, &e), 0);
	assert_string_equal(locale_format_date(date, style, locale, buf, sizeof(buf)), want);
}

static void test_dates(void **state)
{
	expect_date("2026-11-24", LOCALE_DATE_LONG, "pl", "24 listopada 2026");
	expect_date("2026-11-24", LOCALE_DATE_LONG, "pt-BR", "24 de novembro de 2026");
	expect_date("2026-11-24", LOCALE_DATE_LONG, "en-US", "November 24, 2026");
	expect_date("2027-01-01", LOCALE_DATE_LONG, "en", "January 1, 2027");
	expect_date("2026-03-05", LOCALE_DATE_NUMERIC, "pl", "05.03.2026");
	expect_date("2026-03-05", LOCALE_DATE_NUMERIC, "pt-BR", "05/03/2026");
	expect_date("2026-03-05", LOCALE_DATE_NUMERIC, "en-US", "03/05/2026");
	/* before the epoch and at the far end of the range */
	expect_date("1969-12-31", LOCALE_DATE_LONG, "en", "December 31, 1969");
	expect_date("9999-12-31", LOCALE_DATE_NUMERIC, "pl", "31.12.9999");
}

/* A kept formatter gives what the one-shot calls give, call after call; a NULL one the plain forms. */
static void test_kept_formatter(void **state)
{
	struct locale_fmt *f = locale_fmt_open("pt-BR", "BRL");
	char buf[LOCALE_TEXT_MAX];

	assert_non_null(f);
	for (int i = 0; i < 3; i++) {
		assert_string_equal(locale_fmt_money(f, 123456, buf, sizeof(buf)), "R$" NBSP "1.234,56");
		assert_string_equal(
			locale_fmt_date(f, date_from_ymd(2026, 11, 24), LOCALE_DATE_NUMERIC, buf, sizeof(buf)),
			"24/11/2026");
		assert_string_equal(locale_fmt_date(f, date_from_ymd(2026, 11, 24), LOCALE_DATE_LONG, buf, sizeof(buf)),
				    "24 de novembro de 2026");
	}
	locale_fmt_free(f);
	assert_string_equal(locale_fmt_money(NULL, 123456, buf, sizeof(buf)), "1234.56");
	assert_string_equal(locale_fmt_date(NULL, date_from_ymd(2026, 11, 24), LOCALE_DATE_LONG, buf, sizeof(buf)),
			    "2026-11-24");
	locale_fmt_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_three_locales),
		cmocka_unit_test(test_money_exact_at_the_limit),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_kept_formatter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
