#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/money.h"

static void test_currency_exponents(void **state)
{
	static const struct {
		const char *code;
		int exponent;
	} cases[] = {
		{ "JPY", 0 }, { "USD", 2 }, { "EUR", 2 }, { "BRL", 2 }, { "PLN", 2 },
		{ "GBP", 2 }, { "BHD", 3 }, { "KWD", 3 }, { "CAD", 2 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct currency c;
		struct error e = ERROR_INIT;
		assert_int_equal(currency_lookup(cases[i].code, &c, &e), 0);
		assert_string_equal(c.code, cases[i].code);
		assert_int_equal(c.exponent, cases[i].exponent);
	}
}

static void test_currency_unknown(void **state)
{
	struct currency c;
	struct error e = ERROR_INIT;
	assert_int_equal(currency_lookup("XYZ", &c, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "unknown currency 'XYZ'"));
	assert_int_equal(currency_lookup("usd", &c, &e), -ERR_INPUT);
	assert_int_equal(currency_lookup("US", &c, &e), -ERR_INPUT);
	assert_int_equal(currency_lookup("", &c, &e), -ERR_INPUT);
}

static void expect_parse(const char *text, int exponent, int64_t want)
{
	int64_t got = -12345;
	struct error e = ERROR_INIT;
	int rc = money_parse(text, exponent, &got, &e);
	if (rc != 0)
		fail_msg("'%s' exp %d: %s", text, exponent, e.message);
	assert_int_equal(got, want);
}

static void expect_refused(const char *text, int exponent, const char *why)
{
	int64_t got = 777;
	struct error e = ERROR_INIT;
	assert_int_equal(money_parse(text, exponent, &got, &e), -ERR_INPUT);
	assert_int_equal(got, 777); /* unchanged */
	if (!strstr(e.message, why))
		fail_msg("'%s': message '%s' lacks '%s'", text, e.message, why);
}

static void test_parse_each_exponent(void **state)
{
	expect_parse("1234", 0, 1234);
	expect_parse("1234.56", 2, 123456);
	expect_parse("1234.5", 2, 123450);
	expect_parse("1234", 2, 123400);
	expect_parse("0.01", 2, 1);
	expect_parse("1.234", 3, 1234);
	expect_parse("1.2", 3, 1200);
	expect_parse("0", 2, 0);
	expect_parse("007.10", 2, 710);
}

static void test_parse_negative(void **state)
{
	expect_parse("-0.05", 2, -5);
	expect_parse("-12", 0, -12);
	expect_refused("--1", 2, "not a decimal number");
	expect_refused("+1", 2, "not a decimal number");
	expect_refused("-", 2, "no digits");
}

static void test_parse_rounding_refused(void **state)
{
	expect_refused("1.5", 0, "more than 0 decimals");
	expect_refused("1.234", 2, "more than 2 decimals");
	expect_refused("1.2345", 3, "more than 3 decimals");
	expect_refused("0.001", 2, "more than 2 decimals");
}

static void test_parse_malformed(void **state)
{
	expect_refused("", 2, "empty");
	expect_refused("1,234.00", 2, "not a decimal number");
	expect_refused("1 234", 2, "not a decimal number");
	expect_refused("1e3", 2, "not a decimal number");
	expect_refused("1.2.3", 2, "two decimal points");
	expect_refused(".5", 2, "no digit before");
	expect_refused("5.", 2, "ends with a decimal point");
	expect_refused("NaN", 2, "not a decimal number");
}

static void test_parse_overflow(void **state)
{
	/* nothing near int64 gets in: the limit is MONEY_AMOUNT_MAX */
	expect_refused("9223372036854775807", 0, "is more than 1000000000000000, the largest amount recoup accepts");
	expect_refused("92233720368547758.07", 2, "more than 10000000000000.00, the largest");
	expect_refused("9223372036854775808", 0, "the largest amount");
	expect_refused("99999999999999999999999", 0, "the largest amount");
	expect_refused("-92233720368547758.08", 2, "the largest amount");
}

static void test_amount_limit(void **state)
{
	/* the limit itself is accepted, in every exponent, both signs */
	expect_parse("1000000000000000", 0, MONEY_AMOUNT_MAX);
	expect_parse("10000000000000.00", 2, MONEY_AMOUNT_MAX);
	expect_parse("10000000000000", 2, MONEY_AMOUNT_MAX);
	expect_parse("1000000000000.000", 3, MONEY_AMOUNT_MAX);
	expect_parse("-10000000000000.00", 2, -MONEY_AMOUNT_MAX);
	/* one minor unit more is not, whether in the digits or in the scaling */
	expect_refused("1000000000000001", 0, "amount '1000000000000001' is more than 1000000000000000");
	expect_refused("10000000000000.01", 2, "amount '10000000000000.01' is more than 10000000000000.00");
	expect_refused("10000000000001", 2, "is more than 10000000000000.00");
	expect_refused("1000000000000.001", 3, "is more than 1000000000000.000");
	/* the sum of 9,223 maximal amounts fits, as the header says; one more does not */
	assert_true(INT64_MAX / MONEY_AMOUNT_MAX == 9223);
}

static void test_format(void **state)
{
	char buf[MONEY_TEXT_MAX];
	assert_string_equal(money_format(123456, 2, buf, sizeof(buf)), "1234.56");
	assert_string_equal(money_format(-5, 2, buf, sizeof(buf)), "-0.05");
	assert_string_equal(money_format(0, 2, buf, sizeof(buf)), "0.00");
	assert_string_equal(money_format(1234, 0, buf, sizeof(buf)), "1234");
	assert_string_equal(money_format(1, 3, buf, sizeof(buf)), "0.001");
	assert_string_equal(money_format(INT64_MAX, 2, buf, sizeof(buf)), "92233720368547758.07");
	assert_string_equal(money_format(INT64_MIN, 2, buf, sizeof(buf)), "-92233720368547758.08");
}

static void test_format_locale(void **state)
{
	char buf[64];
	assert_string_equal(money_format_locale(123456789, 2, "en", buf, sizeof(buf)), "1,234,567.89");
	assert_string_equal(money_format_locale(123456789, 2, "pt-BR", buf, sizeof(buf)), "1.234.567,89");
	assert_string_equal(money_format_locale(-5, 2, "en", buf, sizeof(buf)), "-0.05");
	assert_string_equal(money_format_locale(1500, 0, "en", buf, sizeof(buf)), "1,500");
	assert_string_equal(money_format_locale(1, 3, "", buf, sizeof(buf)), "0.001");
	/* exact beyond double precision: 2^53 + 1 cents */
	assert_string_equal(money_format_locale(9007199254740993, 2, "en", buf, sizeof(buf)), "90,071,992,547,409.93");
}

static void test_round_trip(void **state)
{
	char buf[MONEY_TEXT_MAX];
	for (int exp = 0; exp <= 3; exp++) {
		for (int64_t v = -100000; v <= 100000; v += 997) {
			int64_t back;
			money_format(v, exp, buf, sizeof(buf));
			assert_int_equal(money_parse(buf, exp, &back, NULL), 0);
			assert_int_equal(back, v);
		}
	}
}

static void test_checked_arithmetic(void **state)
{
	int64_t r;
	assert_int_equal(money_add(1, 2, &r), 0);
	assert_int_equal(r, 3);
	assert_int_equal(money_add(INT64_MAX, 1, &r), -1);
	assert_int_equal(money_sub(INT64_MIN, 1, &r), -1);
	assert_int_equal(money_sub(5, 7, &r), 0);
	assert_int_equal(r, -2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_currency_exponents),
		cmocka_unit_test(test_currency_unknown),
		cmocka_unit_test(test_parse_each_exponent),
		cmocka_unit_test(test_parse_negative),
		cmocka_unit_test(test_parse_rounding_refused),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_overflow),
		cmocka_unit_test(test_amount_limit),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_locale),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_checked_arithmetic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
