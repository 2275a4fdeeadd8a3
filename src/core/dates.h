/*
 * dates.h: civil dates and UTC timestamps.
 *
 * A date is an int32_t count of days since 1970-01-01 (day 0), proleptic
 * Gregorian, valid for years 0001..9999. Day arithmetic is plain integer
 * arithmetic; days past due is `as_of - due`.
 *
 * A timestamp is an int64_t count of seconds since 1970-01-01T00:00:00Z
 * (leap seconds ignored, as POSIX does). Conversion to a local wall clock
 * belongs to core/tz, which uses ICU's IANA zone data.
 *
 * Text forms are ISO 8601: dates "2026-11-22"; timestamps
 * "2026-11-22T09:30:00Z", "2026-11-22T09:30:00-03:00" (seconds optional).
 * Parsing is strict: 2026-02-30 is refused, so is 2026-2-3.
 */
#ifndef RECOUP_DATES_H
#define RECOUP_DATES_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef int32_t date_t;
typedef int64_t timestamp_t;
/*
 * "No moment", where 0 is a moment: 1970-01-01T00:00:00Z is the first one
 * the contact rules judge and a daily run may be for that day, so an action
 * it schedules or posts then is at 0 (an action's scheduled_at uses this;
 * fields that document "0: none" keep 0, where no real moment is 0). No
 * moment recoup formats or compares with a real one is this.
 */
#define TIMESTAMP_NONE INT64_MIN

#define DATE_TEXT_MAX      11 /* "YYYY-MM-DD" + NUL */
#define TIMESTAMP_TEXT_MAX 32

/* Days since the epoch for a valid y-m-d; call date_valid() first. */
date_t date_from_ymd(int y, int m, int d);
void date_to_ymd(date_t date, int *y, int *m, int *d);
int date_valid(int y, int m, int d);
int date_days_in_month(int y, int m);

/* 0 = Sunday .. 6 = Saturday. */
int date_weekday(date_t date);

/* Strict "YYYY-MM-DD". 0, or -ERR_INPUT naming the text and the reason. */
int date_parse(const char *text, date_t *out, struct error *e);
char *date_format(date_t date, char *buf, size_t size);

/* Adds months, clamping the day to the month's length (Jan 31 + 1 = Feb 28). */
date_t date_add_months(date_t date, int months);

/*
 * ISO 8601 timestamp with a zone designator ("Z" or "+hh:mm"); a timestamp
 * without one is refused, because a moment needs a zone to be a moment.
 */
int timestamp_parse(const char *text, timestamp_t *out, struct error *e);
/* RFC 3339 UTC: "2026-11-22T12:30:00Z". */
char *timestamp_format(timestamp_t t, char *buf, size_t size);

static inline date_t timestamp_date_utc(timestamp_t t)
{
	return (date_t)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

#endif
