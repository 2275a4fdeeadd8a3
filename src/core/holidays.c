#include "core/holidays.h"
#include "core/text_copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for one year's holidays plus the spill-over of its neighbours. */
#define RAW_MAX (HOLIDAYS_PER_YEAR_MAX * 3)

struct raw {
	struct holiday h[RAW_MAX];
	size_t n;
};

static void add(struct raw *r, date_t d, const char *name, enum holiday_kind kind)
{
	if (r->n < RAW_MAX) {
		r->h[r->n].date = d;
		r->h[r->n].name = name;
		r->h[r->n].kind = kind;
		r->n++;
	}
}

static int is_weekend(date_t d)
{
	int w = date_weekday(d);
	return w == 0 || w == 6;
}

/* The n-th (1-based) weekday `wd` (0 = Sunday) of month m. */
static date_t nth_weekday(int y, int m, int wd, int n)
{
	date_t first = date_from_ymd(y, m, 1);
	int shift = (wd - date_weekday(first) + 7) % 7;
	return first + shift + 7 * (n - 1);
}

/* The last weekday `wd` on or before `d`. */
static date_t weekday_on_or_before(date_t d, int wd)
{
	return d - (date_weekday(d) - wd + 7) % 7;
}

static date_t last_weekday(int y, int m, int wd)
{
	return weekday_on_or_before(date_from_ymd(y, m, date_days_in_month(y, m)), wd);
}

/* The Monday before 25 May: Victoria Day, and Quebec's National Patriots' Day. */
static date_t monday_before_may_25(int y)
{
	return weekday_on_or_before(date_from_ymd(y, 5, 24), 1);
}

date_t holiday_easter(int year)
{
	/* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
	int a = year % 19;
	int b = year / 100;
	int c = year % 100;
	int d = b / 4;
	int e = b % 4;
	int f = (b + 8) / 25;
	int g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4;
	int k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;
	return date_from_ymd(year, month, day);
}

/* US federal rule: Saturday -> Friday before, Sunday -> Monday after. */
static void add_us_fixed(struct raw *r, int y, int m, int d, const char *name)
{
	date_t day = date_from_ymd(y, m, d);
	int w = date_weekday(day);

	if (w == 6) {
		add(r, day, name, HOLIDAY_MOVED);
		add(r, day - 1, name, HOLIDAY_OBSERVED);
	} else if (w == 0) {
		add(r, day, name, HOLIDAY_MOVED);
		add(r, day + 1, name, HOLIDAY_OBSERVED);
	} else {
		add(r, day, name, HOLIDAY_DAY_OFF);
	}
}

/* A holiday that moves to the next Monday when it falls on a Sunday only. */
static void add_sunday_to_monday(struct raw *r, int y, int m, int d, const char *name)
{
	date_t day = date_from_ymd(y, m, d);

	if (date_weekday(day) == 0) {
		add(r, day, name, HOLIDAY_MOVED);
		add(r, day + 1, name, HOLIDAY_OBSERVED);
	} else {
		add(r, day, name, HOLIDAY_DAY_OFF);
	}
}

/* A holiday that moves to the next weekday when it falls on a weekend. */
static void add_next_weekday(struct raw *r, int y, int m, int d, const char *name)
{
	date_t day = date_from_ymd(y, m, d);

	if (is_weekend(day)) {
		date_t sub = day + 1;
		while (is_weekend(sub))
			sub++;
		add(r, day, name, HOLIDAY_MOVED);
		add(r, sub, name, HOLIDAY_OBSERVED);
	} else {
		add(r, day, name, HOLIDAY_DAY_OFF);
	}
}

/*
 * Christmas and Boxing Day with substitute weekdays (GB, Ontario): each one
 * on a weekend takes the next weekday that is not already a holiday.
 */
static void add_christmas_boxing(struct raw *r, int y)
{
	date_t xmas = date_from_ymd(y, 12, 25);
	date_t boxing = xmas + 1;
	date_t xmas_off = xmas;
	date_t boxing_off = boxing;

	if (is_weekend(xmas)) {
		xmas_off = xmas + 1;
		while (is_weekend(xmas_off) || (xmas_off == boxing && !is_weekend(boxing)))
			xmas_off++;
		add(r, xmas, "Christmas Day", HOLIDAY_MOVED);
		add(r, xmas_off, "Christmas Day", HOLIDAY_OBSERVED);
	} else {
		add(r, xmas, "Christmas Day", HOLIDAY_DAY_OFF);
	}
	if (is_weekend(boxing)) {
		boxing_off = boxing + 1;
		while (is_weekend(boxing_off) || boxing_off == xmas_off)
			boxing_off++;
		add(r, boxing, "Boxing Day", HOLIDAY_MOVED);
		add(r, boxing_off, "Boxing Day", HOLIDAY_OBSERVED);
	} else {
		add(r, boxing, "Boxing Day", HOLIDAY_DAY_OFF);
	}
}

static void fixed(struct raw *r, int y, int m, int d, const char *name)
{
	add(r, date_from_ymd(y, m, d), name, HOLIDAY_DAY_OFF);
}

static void gen_us(struct raw *r, int y)
{
	add_us_fixed(r, y, 1, 1, "New Year's Day");
	add(r, nth_weekday(y, 1, 1, 3), "Birthday of Martin Luther King, Jr.", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 2, 1, 3), "Washington's Birthday", HOLIDAY_DAY_OFF);
	add(r, last_weekday(y, 5, 1), "Memorial Day", HOLIDAY_DAY_OFF);
	if (y >= 2021)
		add_us_fixed(r, y, 6, 19, "Juneteenth National Independence Day");
	add_us_fixed(r, y, 7, 4, "Independence Day");
	add(r, nth_weekday(y, 9, 1, 1), "Labor Day", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 10, 1, 2), "Columbus Day", HOLIDAY_DAY_OFF);
	add_us_fixed(r, y, 11, 11, "Veterans Day");
	add(r, nth_weekday(y, 11, 4, 4), "Thanksgiving Day", HOLIDAY_DAY_OFF);
	add_us_fixed(r, y, 12, 25, "Christmas Day");
}

static void gen_gb(struct raw *r, int y)
{
	date_t easter = holiday_easter(y);

	add_next_weekday(r, y, 1, 1, "New Year's Day");
	add(r, easter - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add(r, easter + 1, "Easter Monday", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 5, 1, 1), "Early May bank holiday", HOLIDAY_DAY_OFF);
	add(r, last_weekday(y, 5, 1), "Spring bank holiday", HOLIDAY_DAY_OFF);
	add(r, last_weekday(y, 8, 1), "Summer bank holiday", HOLIDAY_DAY_OFF);
	add_christmas_boxing(r, y);
}

static void gen_br(struct raw *r, int y)
{
	fixed(r, y, 1, 1, "Confraternizacao Universal");
	add(r, holiday_easter(y) - 2, "Paixao de Cristo", HOLIDAY_DAY_OFF);
	fixed(r, y, 4, 21, "Tiradentes");
	fixed(r, y, 5, 1, "Dia do Trabalho");
	fixed(r, y, 9, 7, "Independencia do Brasil");
	fixed(r, y, 10, 12, "Nossa Senhora Aparecida");
	fixed(r, y, 11, 2, "Finados");
	fixed(r, y, 11, 15, "Proclamacao da Republica");
	if (y >= 2024)
		fixed(r, y, 11, 20, "Dia Nacional de Zumbi e da Consciencia Negra");
	fixed(r, y, 12, 25, "Natal");
}

static void gen_pl(struct raw *r, int y)
{
	date_t easter = holiday_easter(y);

	fixed(r, y, 1, 1, "Nowy Rok");
	if (y >= 2011)
		fixed(r, y, 1, 6, "Swieto Trzech Kroli");
	add(r, easter, "Wielkanoc", HOLIDAY_DAY_OFF);
	add(r, easter + 1, "Poniedzialek Wielkanocny", HOLIDAY_DAY_OFF);
	fixed(r, y, 5, 1, "Swieto Panstwowe");
	fixed(r, y, 5, 3, "Swieto Narodowe Trzeciego Maja");
	add(r, easter + 49, "Zielone Swiatki", HOLIDAY_DAY_OFF);
	add(r, easter + 60, "Boze Cialo", HOLIDAY_DAY_OFF);
	fixed(r, y, 8, 15, "Wniebowziecie Najswietszej Maryi Panny");
	fixed(r, y, 11, 1, "Wszystkich Swietych");
	fixed(r, y, 11, 11, "Narodowe Swieto Niepodleglosci");
	if (y >= 2025)
		fixed(r, y, 12, 24, "Wigilia Bozego Narodzenia");
	fixed(r, y, 12, 25, "Boze Narodzenie (pierwszy dzien)");
	fixed(r, y, 12, 26, "Boze Narodzenie (drugi dzien)");
}

static void gen_de(struct raw *r, int y)
{
	date_t easter = holiday_easter(y);

	fixed(r, y, 1, 1, "Neujahr");
	add(r, easter - 2, "Karfreitag", HOLIDAY_DAY_OFF);
	add(r, easter + 1, "Ostermontag", HOLIDAY_DAY_OFF);
	fixed(r, y, 5, 1, "Tag der Arbeit");
	add(r, easter + 39, "Christi Himmelfahrt", HOLIDAY_DAY_OFF);
	add(r, easter + 50, "Pfingstmontag", HOLIDAY_DAY_OFF);
	fixed(r, y, 10, 3, "Tag der Deutschen Einheit");
	fixed(r, y, 12, 25, "1. Weihnachtstag");
	fixed(r, y, 12, 26, "2. Weihnachtstag");
}

/*
 * France: the public holidays of the Code du travail, art. L3133-1 (Whit
 * Monday included: the "journee de solidarite" worked in some firms is still
 * a jour ferie). No observed rule. Overseas departments' own days (abolition
 * of slavery) are not included.
 */
static void gen_fr(struct raw *r, int y)
{
	date_t easter = holiday_easter(y);

	fixed(r, y, 1, 1, "Jour de l'an");
	add(r, easter + 1, "Lundi de Paques", HOLIDAY_DAY_OFF);
	fixed(r, y, 5, 1, "Fete du Travail");
	fixed(r, y, 5, 8, "Victoire 1945");
	add(r, easter + 39, "Ascension", HOLIDAY_DAY_OFF);
	add(r, easter + 50, "Lundi de Pentecote", HOLIDAY_DAY_OFF);
	fixed(r, y, 7, 14, "Fete nationale");
	fixed(r, y, 8, 15, "Assomption");
	fixed(r, y, 11, 1, "Toussaint");
	fixed(r, y, 11, 11, "Armistice 1918");
	fixed(r, y, 12, 25, "Noel");
}

/*
 * Alsace-Moselle (Moselle, Bas-Rhin, Haut-Rhin): France's and, under the
 * local law kept by the Code du travail, art. L3134-13, Good Friday (there
 * "in communes with a Protestant church", closed here in all three) and
 * 26 December.
 */
static void gen_fr_alsace_moselle(struct raw *r, int y)
{
	gen_fr(r, y);
	add(r, holiday_easter(y) - 2, "Vendredi saint", HOLIDAY_DAY_OFF);
	fixed(r, y, 12, 26, "Saint-Etienne");
}

static void gen_ca_on(struct raw *r, int y)
{
	date_t easter = holiday_easter(y);

	add_sunday_to_monday(r, y, 1, 1, "New Year's Day");
	if (y >= 2008)
		add(r, nth_weekday(y, 2, 1, 3), "Family Day", HOLIDAY_DAY_OFF);
	add(r, easter - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add(r, easter + 1, "Easter Monday", HOLIDAY_DAY_OFF);
	add(r, monday_before_may_25(y), "Victoria Day", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 7, 1, "Canada Day");
	add(r, nth_weekday(y, 8, 1, 1), "Civic Holiday", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 9, 1, 1), "Labour Day", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 10, 1, 2), "Thanksgiving Day", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 11, 11, "Remembrance Day");
	add_christmas_boxing(r, y);
}

/*
 * Quebec: the statutory holidays of the Act respecting labour standards
 * (s. 60) and the National Holiday Act. Good Friday or Easter Monday is the
 * employer's choice: both are closed here, since a debtor's office may be
 * closed on either.
 */
static void gen_ca_qc(struct raw *r, int y)
{
	date_t easter = holiday_easter(y);

	fixed(r, y, 1, 1, "New Year's Day");
	add(r, easter - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add(r, easter + 1, "Easter Monday", HOLIDAY_DAY_OFF);
	if (y >= 2003)
		add(r, monday_before_may_25(y), "National Patriots' Day", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 6, 24, "Fete nationale du Quebec");
	add_sunday_to_monday(r, y, 7, 1, "Canada Day");
	add(r, nth_weekday(y, 9, 1, 1), "Labour Day", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 10, 1, 2), "Thanksgiving Day", HOLIDAY_DAY_OFF);
	fixed(r, y, 12, 25, "Christmas Day");
}

/*
 * British Columbia: the statutory holidays of the Employment Standards Act.
 * Family Day on the second Monday of February 2013-2018, the third from
 * 2019; the National Day for Truth and Reconciliation from 2023. The Act
 * gives another day off for a holiday on a day off, not a fixed substitute
 * day, so only Canada Day moves (Holidays Act: 2 July when 1 July is a
 * Sunday).
 */
static void gen_ca_bc(struct raw *r, int y)
{
	fixed(r, y, 1, 1, "New Year's Day");
	if (y >= 2013)
		add(r, nth_weekday(y, 2, 1, y >= 2019 ? 3 : 2), "Family Day", HOLIDAY_DAY_OFF);
	add(r, holiday_easter(y) - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add(r, monday_before_may_25(y), "Victoria Day", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 7, 1, "Canada Day");
	add(r, nth_weekday(y, 8, 1, 1), "British Columbia Day", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 9, 1, 1), "Labour Day", HOLIDAY_DAY_OFF);
	if (y >= 2023)
		fixed(r, y, 9, 30, "National Day for Truth and Reconciliation");
	add(r, nth_weekday(y, 10, 1, 2), "Thanksgiving Day", HOLIDAY_DAY_OFF);
	fixed(r, y, 11, 11, "Remembrance Day");
	fixed(r, y, 12, 25, "Christmas Day");
}

/*
 * Alberta: the nine general holidays of the Employment Standards Code
 * (Family Day from 1990). The optional ones (Easter Monday, Heritage Day,
 * Boxing Day, 30 September) are each employer's choice and not included.
 */
static void gen_ca_ab(struct raw *r, int y)
{
	fixed(r, y, 1, 1, "New Year's Day");
	if (y >= 1990)
		add(r, nth_weekday(y, 2, 1, 3), "Alberta Family Day", HOLIDAY_DAY_OFF);
	add(r, holiday_easter(y) - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add(r, monday_before_may_25(y), "Victoria Day", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 7, 1, "Canada Day");
	add(r, nth_weekday(y, 9, 1, 1), "Labour Day", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 10, 1, 2), "Thanksgiving Day", HOLIDAY_DAY_OFF);
	fixed(r, y, 11, 11, "Remembrance Day");
	fixed(r, y, 12, 25, "Christmas Day");
}

/*
 * Saskatchewan: the public holidays of The Saskatchewan Employment Act,
 * s. 2-1(o) (Family Day, third Monday of February, since 2007; Saskatchewan
 * Day, first Monday of August). Canada Day on a Sunday: 2 July (Holidays
 * Act). No other substitute day.
 */
static void gen_ca_sk(struct raw *r, int y)
{
	fixed(r, y, 1, 1, "New Year's Day");
	if (y >= 2007)
		add(r, nth_weekday(y, 2, 1, 3), "Family Day", HOLIDAY_DAY_OFF);
	add(r, holiday_easter(y) - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add(r, monday_before_may_25(y), "Victoria Day", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 7, 1, "Canada Day");
	add(r, nth_weekday(y, 8, 1, 1), "Saskatchewan Day", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 9, 1, 1), "Labour Day", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 10, 1, 2), "Thanksgiving Day", HOLIDAY_DAY_OFF);
	fixed(r, y, 11, 11, "Remembrance Day");
	fixed(r, y, 12, 25, "Christmas Day");
}

/*
 * Manitoba: the general holidays of The Employment Standards Code, s. 21
 * (Louis Riel Day, third Monday of February, since 2008; the National Day
 * for Truth and Reconciliation, 30 September, since 2023), and Remembrance
 * Day, on which The Remembrance Day Act closes most businesses: closed here
 * since a debtor cannot be expected to deal with a collector that day.
 * Civic Holiday (Terry Fox Day) is not a general holiday and not included.
 */
static void gen_ca_mb(struct raw *r, int y)
{
	fixed(r, y, 1, 1, "New Year's Day");
	if (y >= 2008)
		add(r, nth_weekday(y, 2, 1, 3), "Louis Riel Day", HOLIDAY_DAY_OFF);
	add(r, holiday_easter(y) - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add(r, monday_before_may_25(y), "Victoria Day", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 7, 1, "Canada Day");
	add(r, nth_weekday(y, 9, 1, 1), "Labour Day", HOLIDAY_DAY_OFF);
	if (y >= 2023)
		fixed(r, y, 9, 30, "National Day for Truth and Reconciliation");
	add(r, nth_weekday(y, 10, 1, 2), "Thanksgiving Day", HOLIDAY_DAY_OFF);
	fixed(r, y, 11, 11, "Remembrance Day");
	fixed(r, y, 12, 25, "Christmas Day");
}

/*
 * New Brunswick: the paid public holidays of the Employment Standards Act,
 * s. 17 (Family Day, third Monday of February, since 2018; New Brunswick
 * Day, first Monday of August), and the days of rest of the Days of Rest
 * Act (Victoria Day, Thanksgiving, Boxing Day), on which retail business is
 * closed. Canada Day on a Sunday: 2 July.
 */
static void gen_ca_nb(struct raw *r, int y)
{
	fixed(r, y, 1, 1, "New Year's Day");
	if (y >= 2018)
		add(r, nth_weekday(y, 2, 1, 3), "Family Day", HOLIDAY_DAY_OFF);
	add(r, holiday_easter(y) - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add(r, monday_before_may_25(y), "Victoria Day", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 7, 1, "Canada Day");
	add(r, nth_weekday(y, 8, 1, 1), "New Brunswick Day", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 9, 1, 1), "Labour Day", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 10, 1, 2), "Thanksgiving Day", HOLIDAY_DAY_OFF);
	fixed(r, y, 11, 11, "Remembrance Day");
	fixed(r, y, 12, 25, "Christmas Day");
	fixed(r, y, 12, 26, "Boxing Day");
}

/*
 * Nova Scotia: the paid holidays of the Labour Standards Code, s. 40
 * (Heritage Day, third Monday of February, since 2015), and Remembrance
 * Day, a day of rest under the Remembrance Day Act. Boxing Day, Victoria
 * Day, Civic Holiday and Thanksgiving are not statutory and not included.
 * Canada Day on a Sunday: 2 July.
 */
static void gen_ca_ns(struct raw *r, int y)
{
	fixed(r, y, 1, 1, "New Year's Day");
	if (y >= 2015)
		add(r, nth_weekday(y, 2, 1, 3), "Heritage Day", HOLIDAY_DAY_OFF);
	add(r, holiday_easter(y) - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 7, 1, "Canada Day");
	add(r, nth_weekday(y, 9, 1, 1), "Labour Day", HOLIDAY_DAY_OFF);
	fixed(r, y, 11, 11, "Remembrance Day");
	fixed(r, y, 12, 25, "Christmas Day");
}

/*
 * Prince Edward Island: the paid holidays of the Employment Standards Act,
 * s. 1(1)(h) (Islander Day, third Monday of February, since 2009; the
 * National Day for Truth and Reconciliation, 30 September, since 2022),
 * and Remembrance Day (Remembrance Day Act: retail closed). Canada Day on a
 * Sunday: 2 July.
 */
static void gen_ca_pe(struct raw *r, int y)
{
	fixed(r, y, 1, 1, "New Year's Day");
	if (y >= 2009)
		add(r, nth_weekday(y, 2, 1, 3), "Islander Day", HOLIDAY_DAY_OFF);
	add(r, holiday_easter(y) - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 7, 1, "Canada Day");
	add(r, nth_weekday(y, 9, 1, 1), "Labour Day", HOLIDAY_DAY_OFF);
	if (y >= 2022)
		fixed(r, y, 9, 30, "National Day for Truth and Reconciliation");
	fixed(r, y, 11, 11, "Remembrance Day");
	fixed(r, y, 12, 25, "Christmas Day");
}

/*
 * Newfoundland and Labrador: the paid holidays of the Labour Standards Act,
 * s. 14 (New Year's Day, Good Friday, Memorial Day on 1 July, which is also
 * Canada Day, Labour Day, Remembrance Day, Christmas Day). The Act moves
 * none; Memorial Day on a Sunday is kept on 2 July as Canada Day is
 * (Holidays Act). The provincial government's own days off (St. Patrick's,
 * St. George's, Discovery, Orangemen's Day) are not statutory holidays for
 * employers and not included.
 */
static void gen_ca_nl(struct raw *r, int y)
{
	fixed(r, y, 1, 1, "New Year's Day");
	add(r, holiday_easter(y) - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 7, 1, "Memorial Day (Canada Day)");
	add(r, nth_weekday(y, 9, 1, 1), "Labour Day", HOLIDAY_DAY_OFF);
	fixed(r, y, 11, 11, "Remembrance Day");
	fixed(r, y, 12, 25, "Christmas Day");
}

static const struct {
	const char *code;
	void (*gen)(struct raw *r, int y);
} calendars[] = {
	{ "US", gen_us },
	{ "GB", gen_gb },
	{ "BR", gen_br },
	{ "PL", gen_pl },
	{ "DE", gen_de },
	{ "CA-ON", gen_ca_on },
	{ "CA-QC", gen_ca_qc },
	{ "CA-BC", gen_ca_bc },
	{ "CA-AB", gen_ca_ab },
	{ "CA-SK", gen_ca_sk },
	{ "CA-MB", gen_ca_mb },
	{ "CA-NB", gen_ca_nb },
	{ "CA-NS", gen_ca_ns },
	{ "CA-PE", gen_ca_pe },
	{ "CA-NL", gen_ca_nl },
	{ "FR", gen_fr },
	{ "FR-57", gen_fr_alsace_moselle },
	{ "FR-67", gen_fr_alsace_moselle },
	{ "FR-68", gen_fr_alsace_moselle },
	{ "FR-6AE", gen_fr_alsace_moselle },
};

static void (*find_calendar(const char *code))(struct raw *, int)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < sizeof(calendars) / sizeof(calendars[0]); i++)
		if (!strcmp(calendars[i].code, code))
			return calendars[i].gen;
	return NULL;
}

int holiday_calendar_known(const char *calendar)
{
	return find_calendar(calendar) != NULL;
}

static int compare_holiday(const void *a, const void *b)
{
	const struct holiday *ha = a, *hb = b;
	if (ha->date != hb->date)
		return ha->date < hb->date ? -1 : 1;
	return (int)ha->kind - (int)hb->kind;
}

size_t holiday_list(const char *calendar, int year, struct holiday *out)
{
	void (*gen)(struct raw *, int) = find_calendar(calendar);
	struct raw r;
	date_t first, last;
	size_t n = 0;

	if (!gen || year < 1583 || year > 9999)
		return 0;
	r.n = 0;
	/* observed days may cross a year boundary (US New Year 2028 -> 2027-12-31) */
	if (year > 1583)
		gen(&r, year - 1);
	gen(&r, year);
	if (year < 9999)
		gen(&r, year + 1);
	first = date_from_ymd(year, 1, 1);
	last = date_from_ymd(year, 12, 31);
	qsort(r.h, r.n, sizeof(r.h[0]), compare_holiday);
	for (size_t i = 0; i < r.n && n < HOLIDAYS_PER_YEAR_MAX; i++)
		if (r.h[i].date >= first && r.h[i].date <= last)
			out[n++] = r.h[i];
	return n;
}

/*
 * The years' lists holiday_is() built last, per thread: the daily run asks
 * about the same few calendars and years for every contact it schedules
 * (4,222 lists built, 37 M instructions, in the next day's run at 100,000
 * customers), and a list depends on nothing but its calendar and year.
 */
#define HOLIDAY_CACHE 8
struct holiday_year {
	void (*gen)(struct raw *, int); /* NULL: an empty slot */
	int year;
	size_t n;
	struct holiday list[HOLIDAYS_PER_YEAR_MAX];
};
static __thread struct holiday_year holiday_cache[HOLIDAY_CACHE];
static __thread unsigned holiday_cache_next;

static const struct holiday_year *holiday_year_of(const char *calendar, void (*gen)(struct raw *, int), int year)
{
	struct holiday_year *slot;

	for (size_t i = 0; i < HOLIDAY_CACHE; i++)
		if (holiday_cache[i].gen == gen && holiday_cache[i].year == year)
			return &holiday_cache[i];
	slot = &holiday_cache[holiday_cache_next++ % HOLIDAY_CACHE];
	slot->n = holiday_list(calendar, year, slot->list);
	slot->gen = gen;
	slot->year = year;
	return slot;
}

int holiday_is(const char *calendar, date_t d, const date_t *extra, size_t n_extra, const char **name)
{
	void (*gen)(struct raw *, int);
	const struct holiday *list;
	const struct holiday_year *hy;
	size_t n;
	int y, m, day;

	if (name)
		*name = NULL;
	for (size_t i = 0; i < n_extra; i++) {
		if (extra[i] == d) {
			if (name)
				*name = "closed day";
			return 1;
		}
	}
	gen = find_calendar(calendar);
	if (!gen)
		return 0;
	date_to_ymd(d, &y, &m, &day);
	hy = holiday_year_of(calendar, gen, y);
	list = hy->list;
	n = hy->n;
	for (size_t i = 0; i < n; i++) {
		if (list[i].date == d) {
			if (name)
				*name = list[i].name;
			return 1;
		}
	}
	return 0;
}

/*
 * Canadian IANA zones and the province or territory each stands for. A
 * zone shared by two provinces names the larger (America/Toronto also
 * covers most of Quebec, America/Halifax Prince Edward Island): a customer's
 * region, when set, wins over its zone.
 */
static const struct {
	const char *zone;
	const char *region;
} ca_zones[] = {
	{ "America/Toronto", "ON" },      { "America/Nipigon", "ON" },      { "America/Thunder_Bay", "ON" },
	{ "America/Atikokan", "ON" },     { "America/Rainy_River", "ON" },  { "America/Montreal", "QC" },
	{ "America/Blanc-Sablon", "QC" }, { "America/Vancouver", "BC" },    { "America/Dawson_Creek", "BC" },
	{ "America/Fort_Nelson", "BC" },  { "America/Creston", "BC" },      { "America/Edmonton", "AB" },
	{ "America/Winnipeg", "MB" },     { "America/Regina", "SK" },       { "America/Swift_Current", "SK" },
	{ "America/Halifax", "NS" },      { "America/Glace_Bay", "NS" },    { "America/Moncton", "NB" },
	{ "America/St_Johns", "NL" },     { "America/Goose_Bay", "NL" },    { "America/Whitehorse", "YT" },
	{ "America/Dawson", "YT" },       { "America/Yellowknife", "NT" },  { "America/Inuvik", "NT" },
	{ "America/Iqaluit", "NU" },      { "America/Rankin_Inlet", "NU" }, { "America/Cambridge_Bay", "NU" },
	{ "America/Resolute", "NU" },     { "Canada/Eastern", "ON" },       { "Canada/Pacific", "BC" },
	{ "Canada/Mountain", "AB" },      { "Canada/Central", "MB" },       { "Canada/Saskatchewan", "SK" },
	{ "Canada/Atlantic", "NS" },      { "Canada/Newfoundland", "NL" },
};

const char *holiday_ca_region_of_zone(const char *zone)
{
	for (size_t i = 0; zone && i < sizeof(ca_zones) / sizeof(ca_zones[0]); i++)
		if (!strcmp(ca_zones[i].zone, zone))
			return ca_zones[i].region;
	return NULL;
}

int holiday_debtor_calendar(const char *country, const char *region, const char *zone, char *out, size_t size)
{
	size_t len;

	if (size)
		out[0] = '\0';
	if (!country || !*country)
		return 0;
	/* a region given as "ON" or as the full "CA-ON" */
	len = strlen(country);
	if (region && !strncmp(region, country, len) && region[len] == '-')
		region += len + 1;
	if (strcmp(country, "CA")) {
		/* a region with a calendar of its own (FR-57, Alsace-Moselle), else the country's */
		if (region && *region) {
			/* "%s-%s" by hand: this runs per question asked */
			text_copy(out, size, country);
			text_cat(out, size, "-");
			text_cat(out, size, region);
			if (holiday_calendar_known(out))
				return 1;
		}
		if (!holiday_calendar_known(country)) {
			if (size)
				out[0] = '\0';
			return 0;
		}
		text_copy(out, size, country);
		return 1;
	}
	if (!region || !*region)
		region = holiday_ca_region_of_zone(zone);
	if (!region)
		return 0;
	text_copy(out, size, "CA-");
	text_cat(out, size, region);
	if (holiday_calendar_known(out))
		return 1;
	if (size)
		out[0] = '\0';
	return 0;
}
