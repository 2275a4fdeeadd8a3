#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/holidays.h"

/*
 * Expected days off, written from the published calendars:
 * US: OPM federal holidays (observed days); GB: gov.uk bank holidays for
 * England and Wales; BR: the federal government's annual list of national
 * holidays (Paixao de Cristo included; Carnival and Corpus Christi are
 * "ponto facultativo" and deliberately absent); PL: dni ustawowo wolne od
 * pracy (Wigilia from 2025); DE: the nine nationwide Feiertage; FR: the
 * eleven jours feries of the Code du travail, art. L3133-1 (service-public.fr
 * lists them each year), and FR-57 (Alsace-Moselle) with Good Friday and
 * 26 December (art. L3134-13).
 */
/* A country and year a line, as the published calendars list them; clang-format would split each. */
/* clang-format off */
static const struct {
	const char *calendar;
	int year;
	const char *days[16];
} published[] = {
	{ "US", 2025, { "2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19", "2025-07-04",
			"2025-09-01", "2025-10-13", "2025-11-11", "2025-11-27", "2025-12-25" } },
	{ "US", 2026, { "2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
			"2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25" } },
	/* Juneteenth (Sat) on Fri 18 Jun, Independence Day (Sun) on Mon 5 Jul, Christmas (Sat) on
	 * Fri 24 Dec, and New Year 2028 (Sat) on Fri 31 Dec 2027 */
	{ "US", 2027, { "2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-06-18", "2027-07-05",
			"2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25", "2027-12-24", "2027-12-31" } },
	{ "GB", 2025, { "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
			"2025-12-25", "2025-12-26" } },
	{ "GB", 2026, { "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
			"2026-12-25", "2026-12-28" } },
	{ "GB", 2027, { "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
			"2027-12-27", "2027-12-28" } },
	{ "BR", 2025, { "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-01", "2025-09-07", "2025-10-12",
			"2025-11-02", "2025-11-15", "2025-11-20", "2025-12-25" } },
	{ "BR", 2026, { "2026-01-01", "2026-04-03", "2026-04-21", "2026-05-01", "2026-09-07", "2026-10-12",
			"2026-11-02", "2026-11-15", "2026-11-20", "2026-12-25" } },
	{ "BR", 2027, { "2027-01-01", "2027-03-26", "2027-04-21", "2027-05-01", "2027-09-07", "2027-10-12",
			"2027-11-02", "2027-11-15", "2027-11-20", "2027-12-25" } },
	{ "PL", 2025, { "2025-01-01", "2025-01-06", "2025-04-20", "2025-04-21", "2025-05-01", "2025-05-03",
			"2025-06-08", "2025-06-19", "2025-08-15", "2025-11-01", "2025-11-11", "2025-12-24",
			"2025-12-25", "2025-12-26" } },
	{ "PL", 2026, { "2026-01-01", "2026-01-06", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-03",
			"2026-05-24", "2026-06-04", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-24",
			"2026-12-25", "2026-12-26" } },
	{ "PL", 2027, { "2027-01-01", "2027-01-06", "2027-03-28", "2027-03-29", "2027-05-01", "2027-05-03",
			"2027-05-16", "2027-05-27", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-24",
			"2027-12-25", "2027-12-26" } },
	{ "DE", 2025, { "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-01", "2025-05-29", "2025-06-09",
			"2025-10-03", "2025-12-25", "2025-12-26" } },
	{ "DE", 2026, { "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25",
			"2026-10-03", "2026-12-25", "2026-12-26" } },
	{ "DE", 2027, { "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-17",
			"2027-10-03", "2027-12-25", "2027-12-26" } },
	{ "FR", 2025, { "2025-01-01", "2025-04-21", "2025-05-01", "2025-05-08", "2025-05-29", "2025-06-09",
			"2025-07-14", "2025-08-15", "2025-11-01", "2025-11-11", "2025-12-25" } },
	{ "FR", 2026, { "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
			"2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25" } },
	{ "FR", 2027, { "2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08", "2027-05-17",
			"2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25" } },
	{ "FR-57", 2026, { "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14",
			   "2026-05-25", "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25",
			   "2026-12-26" } },
	{ "FR-67", 2027, { "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08",
			   "2027-05-17", "2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25",
			   "2027-12-26" } },
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

static void test_published_calendars(void **state)
{
	for (size_t i = 0; i < sizeof(published) / sizeof(published[0]); i++) {
		struct holiday list[HOLIDAYS_PER_YEAR_MAX];
		size_t n = holiday_list(published[i].calendar, published[i].year, list);
		size_t k = 0;
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

static void test_weekend_holidays_and_observed(void **state)
{
	static const struct {
		const char *calendar;
		const char *day;
		int holiday;
		const char *name;
	} cases[] = {
		/* US 2026: 4 July is a Saturday, observed Friday 3 July; both closed */
		{ "US", "2026-07-04", 1, "Independence Day" },
		{ "US", "2026-07-03", 1, "Independence Day" },
		{ "US", "2026-07-06", 0, NULL },
		/* US 2027: Juneteenth on Saturday observed Friday */
		{ "US", "2027-06-18", 1, "Juneteenth National Independence Day" },
		{ "US", "2027-06-19", 1, "Juneteenth National Independence Day" },
		{ "US", "2027-12-31", 1, "New Year's Day" },
		{ "US", "2020-06-19", 0, NULL }, /* before Juneteenth became a federal holiday */
		/* GB 2027: Christmas Saturday and Boxing Day Sunday, substitutes 27 and 28 */
		{ "GB", "2027-12-25", 1, "Christmas Day" },
		{ "GB", "2027-12-26", 1, "Boxing Day" },
		{ "GB", "2027-12-27", 1, "Christmas Day" },
		{ "GB", "2027-12-28", 1, "Boxing Day" },
		{ "GB", "2027-12-29", 0, NULL },
		/* GB 2022: Christmas on Sunday -> Boxing Monday 26, Christmas substitute Tuesday 27 */
		{ "GB", "2022-12-26", 1, "Boxing Day" },
		{ "GB", "2022-12-27", 1, "Christmas Day" },
		/* GB 2028: New Year on Saturday -> Monday 3 January */
		{ "GB", "2028-01-03", 1, "New Year's Day" },
		/* no observed rule in BR, PL, DE: the weekend day only */
		{ "BR", "2026-11-15", 1, "Proclamacao da Republica" },
		{ "BR", "2026-11-16", 0, NULL },
		{ "BR", "2026-02-16", 0, NULL }, /* Carnival Monday: not a national holiday */
		{ "BR", "2026-02-17", 0, NULL }, /* Carnival Tuesday */
		{ "BR", "2023-11-20", 0, NULL }, /* national only from 2024 */
		{ "PL", "2026-08-15", 1, "Wniebowziecie Najswietszej Maryi Panny" },
		{ "PL", "2026-08-17", 0, NULL },
		{ "PL", "2024-12-24", 0, NULL }, /* Wigilia a day off only from 2025 */
		{ "DE", "2026-10-03", 1, "Tag der Deutschen Einheit" },
		{ "DE", "2026-10-05", 0, NULL },
		{ "DE", "2026-12-24", 0, NULL },
		/* France: no observed rule (14 July 2029 is a Saturday: no Friday or Monday off) */
		{ "FR", "2026-07-14", 1, "Fete nationale" },
		{ "FR", "2026-05-25", 1, "Lundi de Pentecote" },
		{ "FR", "2026-04-03", 0, NULL }, /* Good Friday: only in Alsace-Moselle */
		{ "FR", "2026-12-26", 0, NULL },
		{ "FR", "2029-07-13", 0, NULL },
		{ "FR", "2029-07-16", 0, NULL },
		{ "FR-68", "2026-04-03", 1, "Vendredi saint" },
		{ "FR-6AE", "2026-12-26", 1, "Saint-Etienne" },
		{ "FR-57", "2026-07-14", 1, "Fete nationale" },
		/* Ontario: Victoria Day is the Monday before 25 May; Canada Day 2029 is a Sunday */
		{ "CA-ON", "2026-05-18", 1, "Victoria Day" },
		{ "CA-ON", "2027-05-24", 1, "Victoria Day" },
		{ "CA-ON", "2029-07-02", 1, "Canada Day" },
		{ "CA-ON", "2026-08-03", 1, "Civic Holiday" },
		{ "CA-ON", "2026-04-06", 1, "Easter Monday" },
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

static void test_easter(void **state)
{
	static const char *const easter[] = { "2000-04-23", "2008-03-23", "2011-04-24", "2019-04-21", "2024-03-31",
					      "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25", "2285-03-22" };
	for (size_t i = 0; i < sizeof(easter) / sizeof(easter[0]); i++) {
		int y, m, dd;
		date_to_ymd(d(easter[i]), &y, &m, &dd);
		assert_int_equal(holiday_easter(y), d(easter[i]));
		assert_int_equal(date_weekday(holiday_easter(y)), 0);
	}
	/* every Easter is a Sunday between 22 March and 25 April */
	for (int y = 1583; y < 4000; y++) {
		date_t e = holiday_easter(y);
		assert_int_equal(date_weekday(e), 0);
		assert_true(e >= date_from_ymd(y, 3, 22) && e <= date_from_ymd(y, 4, 25));
	}
}

static void test_extra_and_unknown(void **state)
{
	date_t extra[] = { d("2026-12-24"), d("2026-12-31") };
	const char *name = NULL;

	assert_int_equal(holiday_is("DE", d("2026-12-24"), extra, 2, &name), 1);
	assert_string_equal(name, "closed day");
	assert_int_equal(holiday_is("DE", d("2026-12-30"), extra, 2, &name), 0);
	assert_int_equal(holiday_is("IT", d("2026-12-31"), extra, 2, NULL), 1); /* extra days without a calendar */
	assert_int_equal(holiday_is("IT", d("2026-06-02"), NULL, 0, &name), 0);
	assert_null(name);
	assert_int_equal(holiday_calendar_known("IT"), 0);
	assert_int_equal(holiday_calendar_known("FR"), 1);
	assert_int_equal(holiday_calendar_known("FR-75"), 0); /* Paris: France's calendar, none of its own */
	assert_int_equal(holiday_calendar_known(NULL), 0);
	assert_int_equal(holiday_calendar_known("GB"), 1);
	assert_int_equal(holiday_calendar_known("CA-ON"), 1);
	{
		struct holiday list[HOLIDAYS_PER_YEAR_MAX];
		assert_int_equal(holiday_list("IT", 2026, list), 0);
		assert_int_equal(holiday_list("US", 1200, list), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_published_calendars),
		cmocka_unit_test(test_weekend_holidays_and_observed),
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_extra_and_unknown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
