/*
 * test_channel.c: channel names round-trip; an unknown one is refused by name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/channel.h"

static void test_names_round_trip(void **state)
{
	struct error e = ERROR_INIT;
	(void)state;
	for (int c = 0; c < CHANNEL_COUNT; c++) {
		enum channel back = CHANNEL_COUNT;
		assert_int_equal(channel_parse(channel_name((enum channel)c), &back, &e), 0);
		assert_int_equal(back, c);
	}
	assert_string_equal(channel_name(CHANNEL_COUNT), "unknown");
	assert_int_equal(CHANNEL_MASK_ALL, 0x1f);
}

static void test_unknown_refused(void **state)
{
	struct error e = ERROR_INIT;
	enum channel c;
	(void)state;
	assert_int_equal(channel_parse("fax", &c, &e), -ERR_INPUT);
	assert_string_equal(e.message, "unknown channel 'fax' (call, sms, email, letter or visit)");
	assert_int_equal(channel_parse(NULL, &c, NULL), -ERR_INPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_unknown_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
