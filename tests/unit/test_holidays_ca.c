/*
 * The Canadian provincial calendars (core/holidays.c) against the dates the
 * provinces publish, and the choice of a Canadian debtor's calendar from its
 * region or its zone (holiday_debtor_calendar).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/holidays.h"

/*
 * Days off as published:
 *   CA-AB  alberta.ca "Alberta general holidays" (tables for 2020-2022 and
 *          2024-2026);
 *   CA-BC  the Employment Standards Act list (gov.bc.ca), with 30 September
 *          from 2023 (Bill 2, 2023); 2024 and 2026 as B.C. employers publish
 *          them;
 *   CA-QC  the CNESST statutory holidays (Good Friday and Easter Monday both,
 *          one at the employer's choice), 2025.
 * and, for 2026 and 2027, the days each province's act gives (listed by
 * hand from the acts cited in core/holidays.c, not by the code under test):
 * Easter is 5 April 2026 and 28 March 2027.
 */
/* clang-format off */
static const struct {
	const char *calendar;
	int year;
	const char *days[16];
} published[] = {
	{ "CA-AB", 2020, { "2020-01-01", "2020-02-17", "2020-04-10", "2020-05-18", "2020-07-01", "2020-09-07",
			   "2020-10-12", "2020-11-11", "2020-12-25" } },
	{ "CA-AB", 2021, { "2021-01-01", "2021-02-15", "2021-04-02", "2021-05-24", "2021-07-01", "2021-09-06",
			   "2021-10-11", "2021-11-11", "2021-12-25" } },
	{ "CA-AB", 2024, { "2024-01-01", "2024-02-19", "2024-03-29", "2024-05-20", "2024-07-01", "2024-09-02",
			   "2024-10-14", "2024-11-11", "2024-12-25" } },
	{ "CA-AB", 2026, { "2026-01-01", "2026-02-16", "2026-04-03", "2026-05-18", "2026-07-01", "2026-09-07",
			   "2026-10-12", "2026-11-11", "2026-12-25" } },
	{ "CA-BC", 2024, { "2024-01-01", "2024-02-19", "2024-03-29", "2024-05-20", "2024-07-01", "2024-08-05",
			   "2024-09-02", "2024-09-30", "2024-10-14", "2024-11-11", "2024-12-25" } },
	{ "CA-BC", 2026, { "2026-01-01", "2026-02-16", "2026-04-03", "2026-05-18", "2026-07-01", "2026-08-03",
			   "2026-09-07", "2026-09-30", "2026-10-12", "2026-11-11", "2026-12-25" } },
	{ "CA-QC", 2025, { "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-19", "2025-06-24", "2025-07-01",
			   "2025-09-01", "2025-10-13", "2025-12-25" } },
	{ "CA-ON", 2027, { "2027-01-01", "2027-02-15", "2027-03-26", "2027-03-29", "2027-05-24", "2027-07-01",
			   "2027-08-02", "2027-09-06", "2027-10-11", "2027-11-11", "2027-12-27", "2027-12-28" } },
	{ "CA-QC", 2026, { "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-18", "2026-06-24", "2026-07-01",
			   "2026-09-07", "2026-10-12", "2026-12-25" } },
	{ "CA-QC", 2027, { "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-24", "2027-06-24", "2027-07-01",
			   "2027-09-06", "2027-10-11", "2027-12-25" } },
	{ "CA-BC", 2027, { "2027-01-01", "2027-02-15", "2027-03-26", "2027-05-24", "2027-07-01", "2027-08-02",
			   "2027-09-06", "2027-09-30", "2027-10-11", "2027-11-11", "2027-12-25" } },
	{ "CA-MB", 2026, { "2026-01-01", "2026-02-16", "2026-04-03", "2026-05-18", "2026-07-01", "2026-09-07",
			   "2026-09-30", "2026-10-12", "2026-11-11", "2026-12-25" } },
	{ "CA-MB", 2027, { "2027-01-01", "2027-02-15", "2027-03-26", "2027-05-24", "2027-07-01", "2027-09-06",
			   "2027-09-30", "2027-10-11", "2027-11-11", "2027-12-25" } },
	{ "CA-SK", 2026, { "2026-01-01", "2026-02-16", "2026-04-03", "2026-05-18", "2026-07-01", "2026-08-03",
			   "2026-09-07", "2026-10-12", "2026-11-11", "2026-12-25" } },
	{ "CA-SK", 2027, { "2027-01-01", "2027-02-15", "2027-03-26", "2027-05-24", "2027-07-01", "2027-08-02",
			   "2027-09-06", "2027-10-11", "2027-11-11", "2027-12-25" } },
	{ "CA-NB", 2026, { "2026-01-01", "2026-02-16", "2026-04-03", "2026-05-18", "2026-07-01", "2026-08-03",
			   "2026-09-07", "2026-10-12", "2026-11-11", "2026-12-25", "2026-12-26" } },
	{ "CA-NB", 2027, { "2027-01-01", "2027-02-15", "2027-03-26", "2027-05-24", "2027-07-01", "2027-08-02",
			   "2027-09-06", "2027-10-11", "2027-11-11", "2027-12-25", "2027-12-26" } },
	{ "CA-NS", 2026, { "2026-01-01", "2026-02-16", "2026-04-03", "2026-07-01", "2026-09-07", "2026-11-11",
			   "2026-12-25" } },
	{ "CA-NS", 2027, { "2027-01-01", "2027-02-15", "2027-03-26", "2027-07-01", "2027-09-06", "2027-11-11",
			   "2027-12-25" } },
	{ "CA-PE", 2026, { "2026-01-01", "2026-02-16", "2026-04-03", "2026-07-01", "2026-09-07", "2026-09-30",
			   "2026-11-11", "2026-12-25" } },
	{ "CA-PE", 2027, { "2027-01-01", "2027-02-15", "2027-03-26", "2027-07-01", "2027-09-06", "2027-09-30",
			   "2027-11-11", "2027-12-25" } },
	{ "CA-NL", 2026, { "2026-01-01", "2026-04-03", "2026-07-01", "2026-09-07", "2026-11-11", "2026-12-25" } },
	{ "CA-NL", 2027, { "2027-01-01", "2027-03-26", "2027-07-01", "2027-09-06", "2027-11-11", "2027-12-25" } },
};
/* clang-format on */

static date_t d(const char *text)
{
	date_t out = 0;
	struct error e = ERROR_INIT;
	if (date_parse(text, &out, &e))
		fail_msg("%s", e.message);
	return out;
}

static void test_published(void **state)
{
	for (size_t i = 0; i < sizeof(published) / sizeof(published[0]); i++) {
		struct holiday list[HOLIDAYS_PER_YEAR_MAX];
		size_t n = holiday_list(published[i].calendar, published[i].year, list);
		size_t k = 0;

		assert_true(holiday_calendar_known(published[i].calendar));
		for (size_t j = 0; j < n; j++) {
			char buf[DATE_TEXT_MAX];
			if (list[j].kind == HOLIDAY_MOVED)
				continue;
			if (!published[i].days[k] ||
			    strcmp(published[i].days[k], date_format(list[j].date, buf, sizeof(buf))))
				fail_msg("%s %d: day off #%zu is %s (%s), expected %s", published[i].calendar,
					 published[i].year, k, buf, list[j].name,
					 published[i].days[k] ? published[i].days[k] : "(none)");
			k++;
		}
		if (published[i].days[k])
			fail_msg("%s %d: missing %s", published[i].calendar, published[i].year, published[i].days[k]);
	}
}

static void test_moved_and_boundaries(void **state)
{
	static const struct {
		const char *calendar;
		const char *day;
		int holiday;
		const char *name;
	} cases[] = {
		/* Fete nationale 2029 is a Sunday: Monday 25 June off too */
		{ "CA-QC", "2029-06-24", 1, "Fete nationale du Quebec" },
		{ "CA-QC", "2029-06-25", 1, "Fete nationale du Quebec" },
		/* Canada Day 2029 is a Sunday: Monday 2 July, in every province */
		{ "CA-QC", "2029-07-02", 1, "Canada Day" },
		{ "CA-BC", "2029-07-02", 1, "Canada Day" },
		{ "CA-AB", "2029-07-02", 1, "Canada Day" },
		{ "CA-QC", "2026-08-03", 0, NULL }, /* no Civic Holiday in Quebec */
		{ "CA-QC", "2026-11-11", 0, NULL }, /* nor Remembrance Day */
		{ "CA-QC", "2026-12-26", 0, NULL }, /* nor Boxing Day */
		{ "CA-QC", "2002-05-20", 0, NULL }, /* National Patriots' Day from 2003 */
		{ "CA-QC", "2003-05-19", 1, "National Patriots' Day" },
		{ "CA-BC", "2018-02-12", 1, "Family Day" }, /* second Monday until 2018 */
		{ "CA-BC", "2019-02-18", 1, "Family Day" }, /* third from 2019 */
		{ "CA-BC", "2019-02-11", 0, NULL },
		{ "CA-BC", "2012-02-13", 0, NULL }, /* no Family Day before 2013 */
		{ "CA-BC", "2022-09-30", 0, NULL }, /* Truth and Reconciliation from 2023 */
		{ "CA-BC", "2023-09-30", 1, "National Day for Truth and Reconciliation" },
		{ "CA-BC", "2026-04-06", 0, NULL }, /* Easter Monday optional */
		{ "CA-AB", "2026-04-06", 0, NULL },
		{ "CA-AB", "2026-08-03", 0, NULL }, /* Heritage Day optional */
		{ "CA-AB", "2026-12-26", 0, NULL }, /* Boxing Day optional */
		{ "CA-AB", "2026-09-30", 0, NULL },
		{ "CA-ON", "2027-07-01", 1, "Canada Day" },
		{ "CA-ON", "2027-07-02", 0, NULL },
		{ "CA-QC", "2026-06-24", 1, "Fete nationale du Quebec" },
		{ "CA-ON", "2026-06-24", 0, NULL },                       /* Ontario works on 24 June */
		{ "CA-QC", "2029-06-24", 1, "Fete nationale du Quebec" }, /* a Sunday */
		{ "CA-QC", "2029-06-25", 1, "Fete nationale du Quebec" }, /* its day off */
		{ "CA-BC", "2026-08-03", 1, "British Columbia Day" },
		{ "CA-ON", "2026-09-30", 0, NULL },
		{ "CA-SK", "2026-08-03", 1, "Saskatchewan Day" },
		{ "CA-NB", "2027-08-02", 1, "New Brunswick Day" },
		{ "CA-MB", "2026-02-16", 1, "Louis Riel Day" },
		{ "CA-MB", "2007-02-19", 0, NULL }, /* Louis Riel Day from 2008 */
		{ "CA-MB", "2026-08-03", 0, NULL }, /* Civic Holiday not a general holiday */
		{ "CA-MB", "2022-09-30", 0, NULL }, /* Truth and Reconciliation from 2023 */
		{ "CA-MB", "2026-04-06", 0, NULL },
		{ "CA-NS", "2026-02-16", 1, "Heritage Day" },
		{ "CA-NS", "2014-02-17", 0, NULL }, /* Heritage Day from 2015 */
		{ "CA-NS", "2026-05-18", 0, NULL }, /* Victoria Day not statutory */
		{ "CA-NS", "2026-12-26", 0, NULL },
		{ "CA-PE", "2026-02-16", 1, "Islander Day" },
		{ "CA-NL", "2026-02-16", 0, NULL },
		{ "CA-NL", "2026-05-18", 0, NULL },
		{ "CA-NL", "2029-07-01", 1, "Memorial Day (Canada Day)" }, /* a Sunday */
		{ "CA-NL", "2029-07-02", 1, "Memorial Day (Canada Day)" },
		{ "CA-NB", "2017-02-20", 0, NULL }, /* Family Day from 2018 */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *name = "unset";
		int got = holiday_is(cases[i].calendar, d(cases[i].day), NULL, 0, &name);
		if (got != cases[i].holiday)
			fail_msg("%s %s: holiday_is %d, expected %d", cases[i].calendar, cases[i].day, got,
				 cases[i].holiday);
		if (cases[i].name)
			assert_string_equal(name, cases[i].name);
		else
			assert_null(name);
	}
}

static void test_debtor_calendar(void **state)
{
	static const struct {
		const char *country, *region, *zone;
		int known;
		const char *calendar;
	} cases[] = {
		{ "CA", "ON", "", 1, "CA-ON" },
		{ "CA", "CA-QC", NULL, 1, "CA-QC" },
		{ "CA", "BC", "America/Toronto", 1, "CA-BC" }, /* the region wins over the zone */
		{ "CA", "", "America/Toronto", 1, "CA-ON" },
		{ "CA", NULL, "America/Vancouver", 1, "CA-BC" },
		{ "CA", "", "America/Edmonton", 1, "CA-AB" },
		{ "CA", "", "America/Montreal", 1, "CA-QC" },
		{ "CA", "", "America/Winnipeg", 1, "CA-MB" },
		{ "CA", "MB", "America/Toronto", 1, "CA-MB" },
		{ "CA", "", "America/Halifax", 1, "CA-NS" },
		{ "CA", "NL", "", 1, "CA-NL" },
		{ "CA", "", "America/St_Johns", 1, "CA-NL" },
		{ "CA", "SK", "", 1, "CA-SK" },
		{ "CA", "NB", "", 1, "CA-NB" },
		{ "CA", "PE", "America/Halifax", 1, "CA-PE" },
		{ "CA", "YT", "America/Whitehorse", 0, "" }, /* the territories: no calendar yet */
		{ "CA", "", "", 0, "" },
		{ "CA", "", "Europe/Paris", 0, "" },
		{ "US", "NY", "America/New_York", 1, "US" }, /* a national calendar: the region does not matter */
		{ "FR", "", "Europe/Paris", 1, "FR" },
		/* France: Alsace-Moselle's departments have their own calendar, any other region France's */
		{ "FR", "57", "Europe/Paris", 1, "FR-57" },
		{ "FR", "FR-67", "", 1, "FR-67" },
		{ "FR", "68", NULL, 1, "FR-68" },
		{ "FR", "6AE", "", 1, "FR-6AE" },
		{ "FR", "75", "Europe/Paris", 1, "FR" },
		{ "FR", "IDF", "", 1, "FR" },
		{ "FR", "ON", "", 1, "FR" },
		{ "IT", "", "Europe/Rome", 0, "" },
		{ "IT", "57", "", 0, "" },
		{ "US", "US-NY", "", 1, "US" },
		{ "", "", "America/Toronto", 0, "" },
		{ NULL, NULL, NULL, 0, "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[16] = "garbage";
		int got = holiday_debtor_calendar(cases[i].country, cases[i].region, cases[i].zone, out, sizeof(out));
		if (got != cases[i].known || strcmp(out, cases[i].calendar))
			fail_msg("case %zu: %d '%s', expected %d '%s'", i, got, out, cases[i].known, cases[i].calendar);
	}
	assert_string_equal(holiday_ca_region_of_zone("America/St_Johns"), "NL");
	assert_string_equal(holiday_ca_region_of_zone("America/Halifax"), "NS");
	assert_string_equal(holiday_ca_region_of_zone("America/Moncton"), "NB");
	assert_string_equal(holiday_ca_region_of_zone("America/Regina"), "SK");
	assert_null(holiday_ca_region_of_zone("America/New_York"));
	assert_null(holiday_ca_region_of_zone(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_published),
		cmocka_unit_test(test_moved_and_boundaries),
		cmocka_unit_test(test_debtor_calendar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
