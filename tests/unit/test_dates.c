#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/dates.h"

static void test_epoch_and_known_days(void **state)
{
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(date_from_ymd(2026, 11, 22), 20779);
	assert_int_equal(date_weekday(date_from_ymd(2026, 11, 22)), 0); /* a Sunday */
	assert_int_equal(date_weekday(date_from_ymd(1970, 1, 1)), 4);   /* a Thursday */
	assert_int_equal(date_weekday(date_from_ymd(1969, 12, 28)), 0); /* before the epoch */
}

static void test_round_trip_every_day(void **state)
{
	/* 0001-01-01 .. 9999-12-31, every day, both ways. */
	date_t first = date_from_ymd(1, 1, 1), last = date_from_ymd(9999, 12, 31);
	int py = 1, pm = 1, pd = 0;
	for (date_t d = first; d <= last; d++) {
		int y, m, dd;
		date_to_ymd(d, &y, &m, &dd);
		assert_true(date_valid(y, m, dd));
		assert_int_equal(date_from_ymd(y, m, dd), d);
		/* consecutive days are consecutive calendar days */
		if (dd != pd + 1)
			assert_true(dd == 1 && (m == pm + 1 || (m == 1 && y == py + 1)));
		py = y;
		pm = m;
		pd = dd;
	}
}

static void test_parse_strict(void **state)
{
	date_t d = 12345;
	struct error e = ERROR_INIT;
	assert_int_equal(date_parse("2026-11-22", &d, &e), 0);
	assert_int_equal(d, 20779);
	assert_int_equal(date_parse("2024-02-29", &d, &e), 0);
	d = 12345;
	assert_int_equal(date_parse("2026-02-30", &d, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "'2026-02-30' is not a date"));
	assert_int_equal(d, 12345);
	assert_int_equal(date_parse("2025-02-29", &d, &e), -ERR_INPUT);
	assert_int_equal(date_parse("1900-02-29", &d, &e), -ERR_INPUT);
	assert_int_equal(date_parse("2000-02-29", &d, &e), 0);
	assert_int_equal(date_parse("2026-2-3", &d, &e), -ERR_INPUT);
	assert_int_equal(date_parse("2026-13-01", &d, &e), -ERR_INPUT);
	assert_int_equal(date_parse("2026-00-10", &d, &e), -ERR_INPUT);
	assert_int_equal(date_parse("2026-11-22 ", &d, &e), -ERR_INPUT);
	assert_int_equal(date_parse("22/11/2026", &d, &e), -ERR_INPUT);
	assert_int_equal(date_parse("", &d, &e), -ERR_INPUT);
	assert_int_equal(date_parse("0000-01-01", &d, &e), -ERR_INPUT);
}

static void test_format(void **state)
{
	char buf[DATE_TEXT_MAX];
	assert_string_equal(date_format(date_from_ymd(2026, 1, 5), buf, sizeof(buf)), "2026-01-05");
	assert_string_equal(date_format(-1, buf, sizeof(buf)), "1969-12-31");
}

static void test_add_months_clamps(void **state)
{
	char buf[DATE_TEXT_MAX];
	assert_string_equal(date_format(date_add_months(date_from_ymd(2026, 1, 31), 1), buf, sizeof(buf)),
			    "2026-02-28");
	assert_string_equal(date_format(date_add_months(date_from_ymd(2024, 1, 31), 1), buf, sizeof(buf)),
			    "2024-02-29");
	assert_string_equal(date_format(date_add_months(date_from_ymd(2026, 11, 22), -18), buf, sizeof(buf)),
			    "2025-05-22");
	assert_string_equal(date_format(date_add_months(date_from_ymd(2026, 12, 15), 1), buf, sizeof(buf)),
			    "2027-01-15");
}

static void test_timestamps(void **state)
{
	timestamp_t t = 0;
	struct error e = ERROR_INIT;
	char buf[TIMESTAMP_TEXT_MAX];

	assert_int_equal(timestamp_parse("2026-11-23T14:00:00Z", &t, &e), 0);
	assert_string_equal(timestamp_format(t, buf, sizeof(buf)), "2026-11-23T14:00:00Z");
	assert_int_equal(timestamp_parse("2026-11-22T09:30:00-03:00", &t, &e), 0);
	assert_string_equal(timestamp_format(t, buf, sizeof(buf)), "2026-11-22T12:30:00Z");
	assert_int_equal(timestamp_parse("2026-11-22T00:30+05:30", &t, &e), 0);
	assert_string_equal(timestamp_format(t, buf, sizeof(buf)), "2026-11-21T19:00:00Z");
	assert_int_equal(timestamp_parse("2026-11-22T09:30:00.250Z", &t, &e), 0);
	assert_string_equal(timestamp_format(t, buf, sizeof(buf)), "2026-11-22T09:30:00Z");
	assert_int_equal(timestamp_parse("1969-12-31T23:59:59Z", &t, &e), 0);
	assert_int_equal(t, -1);
	assert_string_equal(timestamp_format(-1, buf, sizeof(buf)), "1969-12-31T23:59:59Z");

	assert_int_equal(timestamp_parse("2026-11-22T09:30:00", &t, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "no time zone"));
	assert_int_equal(timestamp_parse("2026-11-22T24:00:00Z", &t, &e), -ERR_INPUT);
	assert_int_equal(timestamp_parse("2026-02-30T10:00:00Z", &t, &e), -ERR_INPUT);
	assert_int_equal(timestamp_parse("2026-11-22T10:00:00+5", &t, &e), -ERR_INPUT);
	assert_int_equal(timestamp_parse("tomorrow", &t, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "'tomorrow' is not an ISO 8601 timestamp"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_known_days), cmocka_unit_test(test_round_trip_every_day),
		cmocka_unit_test(test_parse_strict),         cmocka_unit_test(test_format),
		cmocka_unit_test(test_add_months_clamps),    cmocka_unit_test(test_timestamps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
