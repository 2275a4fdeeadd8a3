#include "core/holidays.h"

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

static void gen_ca_on(struct raw *r, int y)
{
	date_t easter = holiday_easter(y);

	add_sunday_to_monday(r, y, 1, 1, "New Year's Day");
	if (y >= 2008)
		add(r, nth_weekday(y, 2, 1, 3), "Family Day", HOLIDAY_DAY_OFF);
	add(r, easter - 2, "Good Friday", HOLIDAY_DAY_OFF);
	add(r, easter + 1, "Easter Monday", HOLIDAY_DAY_OFF);
	add(r, weekday_on_or_before(date_from_ymd(y, 5, 24), 1), "Victoria Day", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 7, 1, "Canada Day");
	add(r, nth_weekday(y, 8, 1, 1), "Civic Holiday", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 9, 1, 1), "Labour Day", HOLIDAY_DAY_OFF);
	add(r, nth_weekday(y, 10, 1, 2), "Thanksgiving Day", HOLIDAY_DAY_OFF);
	add_sunday_to_monday(r, y, 11, 11, "Remembrance Day");
	add_christmas_boxing(r, y);
}

static const struct {
	const char *code;
	void (*gen)(struct raw *r, int y);
} calendars[] = {
	{ "US", gen_us }, { "GB", gen_gb }, { "BR", gen_br },
	{ "PL", gen_pl }, { "DE", gen_de }, { "CA-ON", gen_ca_on },
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

int holiday_is(const char *calendar, date_t d, const date_t *extra, size_t n_extra, const char **name)
{
	struct holiday list[HOLIDAYS_PER_YEAR_MAX];
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
	if (!find_calendar(calendar))
		return 0;
	date_to_ymd(d, &y, &m, &day);
	n = holiday_list(calendar, y, list);
	for (size_t i = 0; i < n; i++) {
		if (list[i].date == d) {
			if (name)
				*name = list[i].name;
			return 1;
		}
	}
	return 0;
}
