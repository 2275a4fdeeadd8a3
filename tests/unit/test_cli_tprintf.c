/* cli/tprintf.c and core/text_width.c: table widths in terminal columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/tprintf.h"
#include "core/text_width.h"

/* What cli_fprintf writes, as a string (freed by the caller). */
static char *printed(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *printed(const char *fmt, ...)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	va_list ap;

	assert_non_null(m);
	va_start(ap, fmt);
	assert_true(cli_vfprintf(m, fmt, ap) >= 0);
	va_end(ap);
	fclose(m);
	return buf;
}

static void expect(char *got, const char *want)
{
	if (strcmp(got, want))
		fail_msg("got '%s', want '%s'", got, want);
	free(got);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("Bob"), 3);
	assert_int_equal(text_width("José Łódź"), 9);      /* 12 bytes */
	assert_int_equal(text_width("37\u202f076,00"), 9); /* U+202F: 3 bytes, one column */
	assert_int_equal(text_width("Jose\u0301"), 4);     /* a combining accent takes none */
	assert_int_equal(text_width("\u5c71\u7530"), 4);   /* 山田: wide, two columns each */
	assert_int_equal(text_width("a\u200bb"), 2);       /* zero-width space (Cf) */
	assert_int_equal(text_width("\xff"
				    "ab"),
			 3); /* a bad byte: one column */
	assert_int_equal(text_width_n("Łódź", 2), 1);
}

static void test_strings_padded_by_columns(void **state)
{
	(void)state;
	expect(printed("[%-6s]", "Bob"), "[Bob   ]");
	expect(printed("[%-6s]", "Łódź"), "[Łódź  ]");
	expect(printed("[%6s]", "Łódź"), "[  Łódź]");
	expect(printed("[%12s]", "37\u202f076,00"), "[   37\u202f076,00]");
	expect(printed("[%-*s]", 5, "\u5c71\u7530"), "[\u5c71\u7530 ]");
	expect(printed("[%*s]", -5, "é"), "[é    ]");    /* a negative width: left-aligned */
	expect(printed("[%-3s]", "Łódźka"), "[Łódźka]"); /* wider than the width: whole */
	expect(printed("[%.3s]", "abcdef"), "[abc]");    /* a precision counts bytes, as printf */
	expect(printed("[%-5.2s]", "abcdef"), "[ab   ]");
	expect(printed("[%.2s]", "a\u00e9b"), "[a]"); /* not a and half of é */
	expect(printed("[%.3s]", "a\u00e9b"), "[a\u00e9]");
	expect(printed("[%-4.2s]", "\u0141\u00f3d"), "[\u0141   ]");  /* Łó: Ł whole, padded by columns */
	expect(printed("[%-4.*s]", 5, "\u5c71\u7530"), "[\u5c71  ]"); /* 山田 cut after 山 (3 of 6 bytes) */
}

static void test_other_conversions_as_printf(void **state)
{
	char want[256];

	(void)state;
	snprintf(want, sizeof(want), "%-6lld|%3d|%08.3f|%zu|%x|%c|%%|%+d|%5.1f|%llu|%ld|%s", (long long)-42, 7, 3.14159,
		 (size_t)9, 255u, 'z', 5, 12.25, 18446744073709551615ull, -3L, "end");
	expect(printed("%-6lld|%3d|%08.3f|%zu|%x|%c|%%|%+d|%5.1f|%llu|%ld|%s", (long long)-42, 7, 3.14159, (size_t)9,
		       255u, 'z', 5, 12.25, 18446744073709551615ull, -3L, "end"),
	       want);
	expect(printed("no conversion"), "no conversion");
	expect(printed("%s and %s", "José", "Łódź"), "José and Łódź");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_strings_padded_by_columns),
		cmocka_unit_test(test_other_conversions_as_printf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
