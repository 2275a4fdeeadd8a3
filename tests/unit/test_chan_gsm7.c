/* GSM-7 detection and SMS segment counts (src/channels/gsm7.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "channels/gsm7.h"

static void expect(const char *text, enum sms_encoding enc, size_t units, size_t segments)
{
	struct sms_measure m;
	assert_int_equal(gsm7_measure(text, &m), 0);
	if (m.encoding != enc || m.units != units || m.segments != segments)
		fail_msg("'%.40s': got %s %zu units %zu segments, want %s %zu %zu", text,
			 gsm7_encoding_name(m.encoding), m.units, m.segments, gsm7_encoding_name(enc), units, segments);
}

static char *repeat(const char *s, size_t n)
{
	size_t l = strlen(s);
	char *out = malloc(l * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(out + i * l, s, l);
	out[l * n] = '\0';
	return out;
}

static void test_encodings(void **state)
{
	expect("", SMS_GSM7, 0, 0);
	expect("Hello, your invoice INV-1 is due 2026-12-01. $120.00 @ 5%", SMS_GSM7, 57, 1);
	/* GSM-7 has these Latin letters */
	expect("Café à Zürich, Ñoño, ØÆÅ ß ¿¡ £¥§", SMS_GSM7, 33, 1);
	/* extension characters cost two septets */
	expect("{x} €5 [a] ~|^\\", SMS_GSM7, 24, 1);
	/* Polish and Portuguese letters force UCS-2 */
	expect("Zażółć gęślą jaźń", SMS_UCS2, 17, 1);
	expect("ł", SMS_UCS2, 1, 1);
	expect("Olá, sua fatura vence amanhã", SMS_UCS2, 28, 1);
	expect("ç", SMS_UCS2, 1, 1);
	expect("Ç", SMS_GSM7, 1, 1);
	expect("ó", SMS_UCS2, 1, 1);
	expect("a`b", SMS_UCS2, 3, 1);
	/* an emoji is a surrogate pair: two UTF-16 units */
	expect("ok \xF0\x9F\x98\x80", SMS_UCS2, 5, 1);
}

static void test_segments(void **state)
{
	char *s = repeat("a", 160);
	expect(s, SMS_GSM7, 160, 1);
	free(s);
	s = repeat("a", 161);
	expect(s, SMS_GSM7, 161, 2);
	free(s);
	s = repeat("a", 306);
	expect(s, SMS_GSM7, 306, 2);
	free(s);
	s = repeat("a", 307);
	expect(s, SMS_GSM7, 307, 3);
	free(s);
	/* an extension pair is never split: 152 septets then '{' moves to the next segment */
	char buf[400];
	memset(buf, 'a', 152);
	buf[152] = '{';
	memset(buf + 153, 'a', 10);
	buf[163] = '\0';
	expect(buf, SMS_GSM7, 164, 2);
	s = repeat("ą", 70);
	expect(s, SMS_UCS2, 70, 1);
	free(s);
	s = repeat("ą", 71);
	expect(s, SMS_UCS2, 71, 2);
	free(s);
	s = repeat("ą", 134);
	expect(s, SMS_UCS2, 134, 2);
	free(s);
	s = repeat("ą", 135);
	expect(s, SMS_UCS2, 135, 3);
	free(s);
}

static void test_invalid_utf8(void **state)
{
	struct sms_measure m;
	assert_int_equal(gsm7_measure("a\xC3", &m), -1);
	assert_int_equal(gsm7_measure("\xC0\x80", &m), -1);     /* overlong */
	assert_int_equal(gsm7_measure("\xED\xA0\x80", &m), -1); /* a surrogate */
	assert_int_equal(gsm7_measure("\xFF", &m), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_segments),
		cmocka_unit_test(test_invalid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
