/*
 * test_validate.c: the checks a typed value must pass (core/validate), which
 * the importer and the corrections share.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/validate.h"

static void test_utf8(void **state)
{
	(void)state;
	assert_true(validate_utf8("", 0));
	assert_true(validate_utf8("Łódź", strlen("Łódź")));
	assert_false(validate_utf8("\xc3", 1));         /* truncated */
	assert_false(validate_utf8("\xc0\xaf", 2));     /* overlong '/' */
	assert_false(validate_utf8("\xed\xa0\x80", 3)); /* a surrogate */
	assert_false(validate_utf8("a\xff"
				   "b",
				   3)); /* never valid */
}

static void test_text(void **state)
{
	struct error e = ERROR_INIT;
	(void)state;
	assert_int_equal(validate_text("--note", "will pay Friday", 100, 0, &e), 0);
	assert_int_equal(validate_text("--note", "two\nlines", 100, 1, &e), 0);
	assert_int_equal(validate_text("--note", "two\nlines", 100, 0, &e), -ERR_INPUT);
	assert_string_equal(e.message, "--note: contains a control character (byte 0x0a)");
	assert_int_equal(validate_text("--note", "esc\x1b", 100, 1, &e), -ERR_INPUT);
	assert_int_equal(validate_text("--note", "del\x7f", 100, 1, &e), -ERR_INPUT);
	assert_int_equal(validate_text("--by", "abcdef", 5, 0, &e), -ERR_INPUT);
	assert_string_equal(e.message, "--by: too long: 6 bytes, at most 5");
	assert_int_equal(validate_text("--by", "\xc3", 5, 0, &e), -ERR_INPUT);
	assert_string_equal(e.message, "--by: not valid UTF-8");
	/* C1 controls are refused as the CSV import refuses them */
	assert_int_equal(validate_text("name", "Acme\xc2\x85Tools", 100, 1, &e), -ERR_INPUT);
	assert_string_equal(e.message, "name: contains a control character (U+0085)");
}

/* The counted form sees what a C string hides: a NUL inside the value. */
static void test_text_n(void **state)
{
	char why[128];
	(void)state;
	assert_int_equal(validate_text_n("1\0"
					 "999.99",
					 7, 32, 0, why, sizeof(why)),
			 1);
	assert_string_equal(why, "contains a NUL byte (byte 0x00)");
	assert_int_equal(validate_text_n("a\tb", 3, 32, 1, why, sizeof(why)), 0);
	assert_int_equal(validate_text_n("a\tb", 3, 32, 0, why, sizeof(why)), 1);
	assert_string_equal(why, "contains a control character (byte 0x09)");
	assert_int_equal(validate_text_n("\xc2\x9f", 2, 32, 1, why, sizeof(why)), 1);
	assert_string_equal(why, "contains a control character (U+009F)");
	/* U+00A0 just after the C1 block is text */
	assert_int_equal(validate_text_n("\xc2\xa0", 2, 32, 0, why, sizeof(why)), 0);
	assert_int_equal(validate_text_n("abc", 3, 2, 0, why, sizeof(why)), 1);
	assert_string_equal(why, "too long: 3 bytes, at most 2");
}

static void test_ref(void **state)
{
	char why[512];
	(void)state;
	assert_int_equal(validate_ref("INV-2026/001", why, sizeof(why)), 1);
	assert_int_equal(validate_ref("INV 001", why, sizeof(why)), 1);                  /* a space inside */
	assert_int_equal(validate_ref("Caf\xc3\xa9-1", why, sizeof(why)), 1);            /* NFC é */
	assert_int_equal(validate_ref("\xe6\x97\xa5\xe6\x9c\xac", why, sizeof(why)), 1); /* 日本 */
	assert_int_equal(validate_ref(" A1", why, sizeof(why)), 0);
	assert_string_equal(why, "' A1' has leading or trailing spaces");
	assert_int_equal(validate_ref("A1\xc2\xa0", why, sizeof(why)), 0); /* no-break space */
	assert_non_null(strstr(why, "'A1<U+00A0>' contains U+00A0 NO-BREAK SPACE at byte 3"));
	assert_int_equal(validate_ref("A\xe2\x80\x8b"
				      "1",
				      why, sizeof(why)),
			 0); /* zero-width space */
	assert_non_null(strstr(why, "U+200B ZERO WIDTH SPACE at byte 2"));
	assert_int_equal(validate_ref("A\xe2\x80\xae"
				      "1",
				      why, sizeof(why)),
			 0); /* right-to-left override */
	assert_non_null(strstr(why, "'A<U+202E>1'"));
	assert_null(strstr(why, "\xe2\x80\xae")); /* not written raw: it would turn the line round */
	assert_int_equal(validate_ref("\xef\xbb\xbf"
				      "A1",
				      why, sizeof(why)),
			 0); /* a byte-order mark */
	assert_int_equal(validate_ref("A\xc2\xad"
				      "1",
				      why, sizeof(why)),
			 0); /* soft hyphen */
	assert_int_equal(validate_ref("A\xe3\x80\x80"
				      "1",
				      why, sizeof(why)),
			 0); /* ideographic space */
	assert_int_equal(validate_ref("A\xe2\x80\x89"
				      "1",
				      why, sizeof(why)),
			 0);                                                   /* thin space */
	assert_int_equal(validate_ref("Cafe\xcc\x81-1", why, sizeof(why)), 0); /* e + combining acute */
	assert_non_null(strstr(why, "composed form (NFC)"));
}

static void test_tenant_name(void **state)
{
	char long_name[VALIDATE_TENANT_MAX + 2];
	struct error e = ERROR_INIT;
	(void)state;
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(validate_tenant_name("acme", &e), 0);
	assert_int_equal(validate_tenant_name("", &e), -ERR_INPUT);
	assert_int_equal(validate_tenant_name("a\tb", &e), -ERR_INPUT);
	assert_int_equal(validate_tenant_name(long_name, &e), -ERR_INPUT);
	long_name[VALIDATE_TENANT_MAX] = '\0';
	assert_int_equal(validate_tenant_name(long_name, &e), 0);
}

static void test_reference_data(void **state)
{
	(void)state;
	assert_true(validate_country("PL"));
	assert_true(validate_country("US"));
	assert_false(validate_country("pl"));
	assert_false(validate_country("ZZ"));
	assert_false(validate_country("USA"));
	assert_false(validate_country(""));

	/* zones are core/tz's: region zones and their aliases, twice (cached) */
	for (int i = 0; i < 2; i++) {
		assert_true(validate_timezone("Europe/Warsaw"));
		assert_true(validate_timezone("America/Argentina/Buenos_Aires"));
		assert_true(validate_timezone("US/Eastern"));
	}
	assert_false(validate_timezone("UTC"));     /* a zone, but not a place */
	assert_false(validate_timezone("EST5EDT")); /* nor this */
	assert_false(validate_timezone("GMT+5"));
	/* fixed offsets: the sign is POSIX's, the other way round */
	assert_false(validate_timezone("Etc/GMT+5"));
	assert_false(validate_timezone("Etc/GMT-14"));
	assert_true(validate_timezone("Etc/UTC"));
	assert_true(validate_timezone("Etc/GMT"));
	assert_true(validate_timezone("Etc/GMT+0"));
	{
		int east = 99;
		assert_int_equal(validate_timezone_offset("Etc/GMT+5", &east), 1);
		assert_int_equal(east, -5);
		assert_int_equal(validate_timezone_offset("Etc/GMT-14", &east), 1);
		assert_int_equal(east, 14);
		assert_int_equal(validate_timezone_offset("Etc/GMT-0", &east), 0);
		assert_int_equal(validate_timezone_offset("Etc/GMT+", &east), 0);
		assert_int_equal(validate_timezone_offset("Etc/GMT+5x", &east), 0);
		assert_int_equal(validate_timezone_offset("Europe/Warsaw", &east), 0);
	}
	assert_false(validate_timezone("Mars/Base"));
	assert_false(validate_timezone("europe/warsaw "));
	assert_false(validate_timezone(""));

	assert_true(validate_language("en"));
	assert_true(validate_language("pt-BR"));
	assert_true(validate_language("pt-BR")); /* from the cache */
	assert_false(validate_language("pt_BR"));
	assert_false(validate_language("en-"));
	assert_false(validate_language(""));
}

static void test_addresses(void **state)
{
	(void)state;
	assert_true(validate_email("ap@example.com"));
	assert_false(validate_email("ap@example"));
	assert_false(validate_email("@example.com"));
	assert_false(validate_email("ap@@example.com"));
	assert_false(validate_email("a p@example.com"));
	assert_false(validate_email("ap@"));

	assert_true(validate_phone("+48 22 555 0199"));
	assert_true(validate_phone("(212) 555-0199"));
	assert_false(validate_phone("1234"));        /* too few digits */
	assert_false(validate_phone("555-0199 x2")); /* a letter */

	/* as an SMS gateway takes it (E.164) */
	char out[VALIDATE_E164_SIZE];
	assert_true(validate_phone_e164("+48 600 000 001", out, sizeof(out)));
	assert_string_equal(out, "+48600000001");
	assert_true(validate_phone_e164(" +1 (212) 555-0199", out, sizeof(out)));
	assert_string_equal(out, "+12125550199");
	assert_true(validate_phone_e164("+55.11.90000.0001", out, sizeof(out)));
	assert_string_equal(out, "+5511900000001");
	assert_true(validate_phone_e164("+123456789012345", out, sizeof(out))); /* 15 digits */
	assert_string_equal(out, "+123456789012345");
	assert_false(validate_phone_e164("+1234567890123456", out, sizeof(out))); /* 16 */
	assert_string_equal(out, "");
	assert_false(validate_phone_e164("(212) 555-0199", out, sizeof(out))); /* no country code */
	assert_false(validate_phone_e164("0600 000 001", out, sizeof(out)));
	assert_false(validate_phone_e164("+0 600 000 001", out, sizeof(out))); /* no code begins with 0 */
	assert_false(validate_phone_e164("+48 600", out, sizeof(out)));        /* 5 digits */
	assert_false(validate_phone_e164("+48 600 000 001 x2", out, sizeof(out)));
	assert_false(validate_phone_e164("+48+600000001", out, sizeof(out)));
	assert_false(validate_phone_e164("+48 600 000 001", out, 16)); /* no room */
	assert_false(validate_phone_e164("", out, sizeof(out)));
}

static void test_cnpj(void **state)
{
	char why[128];
	(void)state;
	assert_true(validate_cnpj("12.345.678/0001-95", why, sizeof(why)));
	assert_true(validate_cnpj("12345678000195", why, sizeof(why)));
	/* the Receita Federal's example of an alphanumeric CNPJ (from July 2026) */
	assert_true(validate_cnpj("12.ABC.345/01DE-35", why, sizeof(why)));
	assert_false(validate_cnpj("98.765.432/0001-10", why, sizeof(why)));
	assert_string_equal(why, "has wrong check digits (a mistyped character?)");
	assert_true(validate_cnpj("98.765.432/0001-98", why, sizeof(why)));
	assert_false(validate_cnpj("00.000.000/0000-00", why, sizeof(why))); /* passes the sums */
	assert_string_equal(why, "is one digit repeated, which no CNPJ is");
	assert_false(validate_cnpj("12.345.678/0001-9", why, sizeof(why)));
	assert_string_equal(
		why,
		"has 13 characters besides the mask's . / -, not 14 (12 digits or capital letters, then 2 check digits)");
	assert_false(validate_cnpj("12.abc.345/01de-35", why, sizeof(why)));
	assert_string_equal(why, "has 'a' as character 3, where a digit or a capital letter belongs");
	assert_false(validate_cnpj("12.ABC.345/01DE-3A", why, sizeof(why)));
	assert_string_equal(why, "has 'A' as character 14, where a check digit belongs");
	assert_false(validate_cnpj("12.345.678/0001-955", why, sizeof(why)));
	assert_false(validate_cnpj("", why, sizeof(why)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),           cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_n),         cmocka_unit_test(test_tenant_name),
		cmocka_unit_test(test_reference_data), cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_cnpj),           cmocka_unit_test(test_ref),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
