#include "core/dates.h"

#include <stdio.h>
#include <string.h>

/*
 * days_from_civil / civil_from_days: Howard Hinnant's algorithms, exact for
 * the proleptic Gregorian calendar, no tables and no loops.
 */
date_t date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (date_t)(era * 146097 + (int)doe - 719468);
}

void date_to_ymd(date_t date, int *y, int *m, int *d)
{
	const int z = date + 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
	const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)yoe + era * 400 + (mm <= 2);
	*m = (int)mm;
	*d = (int)dd;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

int date_weekday(date_t date)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (date + 4) % 7;
	return w < 0 ? w + 7 : w;
}

static int digits(const char *p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

/* Parses "YYYY-MM-DD" at p (exactly 10 chars); no error text. */
static int parse_ymd(const char *p, int *y, int *m, int *d)
{
	if (digits(p, 4, y) || p[4] != '-' || digits(p + 5, 2, m) || p[7] != '-' || digits(p + 8, 2, d))
		return -1;
	return 0;
}

int date_parse(const char *text, date_t *out, struct error *e)
{
	int y, m, d;

	if (!text || !*text)
		return error_set(e, ERR_INPUT, "date is empty");
	if (strlen(text) != 10 || parse_ymd(text, &y, &m, &d))
		return error_set(e, ERR_INPUT, "'%s' is not a date in the form YYYY-MM-DD", text);
	if (!date_valid(y, m, d))
		return error_set(e, ERR_INPUT, "'%s' is not a date (no such day)", text);
	*out = date_from_ymd(y, m, d);
	return 0;
}

/*
 * Fixed-width digits by hand: snprintf parses its format and costs a few
 * thousand instructions a date, and the work queue, the run and the API
 * format several per row. The same text as "%04d"/"%02d" for values in
 * range (the callers fall back to snprintf otherwise).
 */
static char *put_digits(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* Copies text into buf as snprintf(buf, size, "%s", text) would. */
static void put_text(char *buf, size_t size, const char *text, size_t len)
{
	if (size == 0)
		return;
	if (len > size - 1)
		len = size - 1;
	memcpy(buf, text, len);
	buf[len] = '\0';
}

char *date_format(date_t date, char *buf, size_t size)
{
	char text[16], *p = text;
	int y, m, d;

	date_to_ymd(date, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
		return buf;
	}
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	put_text(buf, size, text, (size_t)(p - text));
	return buf;
}

date_t date_add_months(date_t date, int months)
{
	int y, m, d;
	date_to_ymd(date, &y, &m, &d);
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > date_days_in_month(y, m))
		d = date_days_in_month(y, m);
	return date_from_ymd(y, m, d);
}

int timestamp_parse(const char *text, timestamp_t *out, struct error *e)
{
	int y, m, d, hh, mm, ss = 0;
	const char *p;
	long offset = 0;

	if (!text || !*text)
		return error_set(e, ERR_INPUT, "timestamp is empty");
	if (strlen(text) < 16 || parse_ymd(text, &y, &m, &d) || (text[10] != 'T' && text[10] != ' ') ||
	    digits(text + 11, 2, &hh) || text[13] != ':' || digits(text + 14, 2, &mm))
		goto malformed;
	p = text + 16;
	if (*p == ':') {
		if (digits(p + 1, 2, &ss))
			goto malformed;
		p += 3;
		if (*p == '.') { /* fractions of a second are accepted and dropped */
			p++;
			if (*p < '0' || *p > '9')
				goto malformed;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 || om > 59)
			goto malformed;
		offset = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
		p += 6;
	} else if (*p == '\0') {
		return error_set(e, ERR_INPUT,
				 "timestamp '%s' has no time zone (add 'Z' or an offset such as '-03:00')", text);
	} else {
		goto malformed;
	}
	if (*p)
		goto malformed;
	if (!date_valid(y, m, d))
		return error_set(e, ERR_INPUT, "timestamp '%s' is not a date (no such day)", text);
	if (hh > 23 || mm > 59 || ss > 59)
		return error_set(e, ERR_INPUT, "timestamp '%s' has no such time of day", text);
	*out = (timestamp_t)date_from_ymd(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - offset;
	return 0;
malformed:
	return error_set(e, ERR_INPUT, "'%s' is not an ISO 8601 timestamp such as 2026-11-23T14:00:00Z", text);
}

char *timestamp_format(timestamp_t t, char *buf, size_t size)
{
	date_t day = timestamp_date_utc(t);
	int64_t secs = t - (int64_t)day * 86400;
	char text[24], *p = text;
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600),
			 (int)(secs / 60 % 60), (int)(secs % 60));
		return buf;
	}
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p++ = 'T';
	p = put_digits(p, (int)(secs / 3600), 2);
	*p++ = ':';
	p = put_digits(p, (int)(secs / 60 % 60), 2);
	*p++ = ':';
	p = put_digits(p, (int)(secs % 60), 2);
	*p++ = 'Z';
	put_text(buf, size, text, (size_t)(p - text));
	return buf;
}
