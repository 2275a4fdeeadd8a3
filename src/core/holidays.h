/*
 * holidays.h: national public holidays computed by rule.
 *
 * Calendars ("US", "BR", "PL", "GB", "DE", "FR", "FR-57", "FR-67", "FR-68",
 * "FR-6AE", "CA-ON", "CA-QC", "CA-BC", "CA-AB", "CA-SK", "CA-MB", "CA-NB",
 * "CA-NS", "CA-PE", "CA-NL") are rules, not tables:
 * fixed dates, nth or last weekday of a month, Easter-relative days (Easter
 * Sunday by the Anonymous Gregorian algorithm) and, where the country has
 * them, the rules that move a holiday falling on a weekend:
 *
 *   US  federal holidays (5 U.S.C. 6103): Saturday -> Friday before,
 *       Sunday -> Monday after (so New Year 2028, a Saturday, is observed on
 *       Friday 2027-12-31). Juneteenth from 2021.
 *   GB  England and Wales bank holidays: New Year, Christmas and Boxing Day
 *       falling on a weekend get substitute weekdays (Christmas 2027 on a
 *       Saturday: 27 and 28 December). One-off proclaimed days (coronations,
 *       funerals, the moved May holidays of 2020 and 2022) are not rules and
 *       are not included: tenants add such days as closed days.
 *   BR  national holidays (Lei 662/1949, 6.802/1980, 14.759/2023) including
 *       Good Friday (Paixao de Cristo), which the federal calendar lists as a
 *       national holiday, and Black Consciousness Day (20 Nov) from 2024.
 *       Carnival and Corpus Christi are "ponto facultativo", not public
 *       holidays, and are not included (tenants may add them). No observed
 *       rule.
 *   PL  Ustawa o dniach wolnych od pracy: includes Easter Sunday, Pentecost
 *       Sunday and, from 2025, Christmas Eve. No observed rule.
 *   DE  the nine nationwide holidays only (Land holidays are not national).
 *   FR  the eleven jours feries of the Code du travail, art. L3133-1,
 *       Easter Monday, Ascension and Whit Monday included. No observed rule.
 *       The overseas departments' own days are not included.
 *   FR-57, FR-67, FR-68 (Moselle, Bas-Rhin, Haut-Rhin) and FR-6AE (the
 *       Collectivite europeenne d'Alsace): Alsace-Moselle, France's plus
 *       Good Friday and 26 December (Code du travail, art. L3134-13).
 *   CA-ON  Ontario "holidays" in the sense of the Legislation Act, 2006, s. 88
 *       (used by the collection-agency regulation): includes Easter Monday,
 *       Civic Holiday and Remembrance Day; New Year, Canada Day and
 *       Remembrance Day on a Sunday move to Monday; Christmas and Boxing Day
 *       on a weekend get substitute weekdays as in GB. Sundays themselves are
 *       not listed (the profile's windows handle them).
 *   CA-QC  Quebec statutory holidays (Act respecting labour standards, s. 60;
 *       National Holiday Act): Good Friday and Easter Monday both (the
 *       employer picks one), National Patriots' Day, Fete nationale (24 June,
 *       25 June when the 24th is a Sunday).
 *   CA-BC  British Columbia statutory holidays (Employment Standards Act):
 *       Family Day (2nd Monday of February 2013-2018, 3rd from 2019),
 *       British Columbia Day, National Day for Truth and Reconciliation
 *       (30 September, from 2023), Remembrance Day.
 *   CA-AB  Alberta general holidays (Employment Standards Code), the nine
 *       mandatory ones; the optional ones are each employer's choice.
 *   CA-SK  Saskatchewan Employment Act s. 2-1: Family Day, Saskatchewan Day.
 *   CA-MB  Manitoba Employment Standards Code s. 21: Louis Riel Day, the
 *       National Day for Truth and Reconciliation (from 2023), and
 *       Remembrance Day (Remembrance Day Act closings).
 *   CA-NB  New Brunswick Employment Standards Act s. 17 and Days of Rest
 *       Act: Family Day (from 2018), New Brunswick Day, Victoria Day,
 *       Thanksgiving, Remembrance Day, Boxing Day.
 *   CA-NS  Nova Scotia Labour Standards Code s. 40: Heritage Day (from
 *       2015), and Remembrance Day (Remembrance Day Act).
 *   CA-PE  Prince Edward Island Employment Standards Act: Islander Day, the
 *       National Day for Truth and Reconciliation (from 2022), Remembrance
 *       Day.
 *   CA-NL  Newfoundland and Labrador Labour Standards Act s. 14: New Year,
 *       Good Friday, Memorial Day (1 July), Labour Day, Remembrance Day,
 *       Christmas.
 *   In the Canadian calendars but Ontario's, Canada Day on a Sunday moves to
 *   Monday 2 July (Holidays Act), and Quebec's Fete nationale to 25 June;
 *   no other holiday has a substitute day. The territories (YT, NT, NU)
 *   have no calendar yet: their debtors get no_holiday_calendar.
 *
 * For contact rules both the real date of a holiday and its observed or
 * substitute day are closed: holiday_is() answers 1 for both. The list
 * function says which is which, so that tests can compare with the published
 * calendars (which list the day off).
 *
 * Names are static strings; nothing here allocates. Thread-safe.
 */
#ifndef RECOUP_HOLIDAYS_H
#define RECOUP_HOLIDAYS_H

#include <stddef.h>

#include "core/dates.h"

enum holiday_kind {
	HOLIDAY_DAY_OFF = 0,  /* the holiday on its own date, a weekday or not moved */
	HOLIDAY_OBSERVED = 1, /* a substitute/observed day for one on a weekend */
	HOLIDAY_MOVED = 2,    /* the real date of a holiday observed on another day */
};

struct holiday {
	date_t date;
	const char *name; /* English name, static */
	enum holiday_kind kind;
};

#define HOLIDAYS_PER_YEAR_MAX 24

/* 1 when `calendar` is one of the codes above, else 0. */
int holiday_calendar_known(const char *calendar);

/*
 * Fills `out` with the holidays of `calendar` whose date falls in `year`
 * (1583..9999), in date order, and returns how many (0 for an unknown
 * calendar). `out` must hold HOLIDAYS_PER_YEAR_MAX entries.
 */
size_t holiday_list(const char *calendar, int year, struct holiday *out);

/*
 * 1 when `d` is a public holiday (any kind above) of `calendar`, or one of
 * the `n_extra` tenant closed days in `extra` (any order); 0 otherwise,
 * including for an unknown calendar (check holiday_calendar_known() first
 * to tell the two apart). When `name` is not NULL it receives the holiday's
 * name ("closed day" for an extra day) or NULL.
 */
int holiday_is(const char *calendar, date_t d, const date_t *extra, size_t n_extra, const char **name);

/*
 * The calendar of a debtor, for a profile whose calendar is "debtor": the
 * region's own when the country has one for it (France's Alsace-Moselle:
 * region "57" or "FR-57" -> "FR-57"), else the country's own code when it
 * has one; for Canada, whose public holidays are provincial, "CA-" and the
 * province from `region` (ISO 3166-2 without or with the country: "ON" or
 * "CA-ON"), else from the IANA `zone`
 * (America/Toronto -> ON, America/Vancouver -> BC...). Writes the code to
 * `out` and returns 1 when that calendar is known; returns 0 with `out`
 * empty when none is (a province without a calendar here, no region and an
 * unmapped zone), so the caller can warn. Any argument but `out` may be
 * NULL or "".
 */
int holiday_debtor_calendar(const char *country, const char *region, const char *zone, char *out, size_t size);

/* The Canadian province or territory ("ON", "BC"...) an IANA zone stands for, or NULL. */
const char *holiday_ca_region_of_zone(const char *zone);

/* Easter Sunday of `year` (Gregorian, Anonymous algorithm). */
date_t holiday_easter(int year);

#endif
