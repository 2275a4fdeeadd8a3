/*
 * tz.h: local wall-clock time in IANA time zones, through ICU.
 *
 * There is no hand-written DST table anywhere: every offset comes from ICU's
 * copy of the IANA database (ucal_* C API).
 *
 * Representation. A zone is an opaque `struct tz_zone` handle obtained once
 * with tz_zone_get() and then used without locks or allocation. On first use
 * of a zone its UTC-offset history from 1970-01-01 to 2100-01-01 is read from
 * ICU (ucal_getTimeZoneTransitionDate) into a sorted array of transitions, so
 * that converting a moment is a binary search plus integer arithmetic; moments
 * outside that range are converted by ICU on each call. Measured on the CI
 * machine: about 15 ns per tz_local() from the table against about 3 us for
 * ucal_open/ucal_setMillis/ucal_get/ucal_close per call (see test_tz.c).
 *
 * Ownership and threads. Handles and the arrays returned by
 * tz_country_zones() belong to a process-wide cache and stay valid until the
 * process exits; callers never free them. Every function here is thread-safe:
 * the cache is filled under a lock and entries are immutable once published,
 * and the ICU fallback opens its own UCalendar per call.
 *
 * Floating point: ICU's UDate is a double of milliseconds. Whole milliseconds
 * below 2^53 are exact in a double, so the two conversion helpers in tz.c are
 * the only place a double appears, and they never round.
 *
 * Time of day is minute resolution (0..1439); offsets are whole seconds east of
 * UTC (New York in winter is -18000).
 */
#ifndef RECOUP_TZ_H
#define RECOUP_TZ_H

#include <stddef.h>

#include "core/dates.h"
#include "core/error.h"

struct tz_zone;

/* A moment seen on a wall clock. */
struct tz_local {
	date_t date; /* local civil date */
	int minute;  /* minute of the local day, 0..1439 */
	int second;  /* second of the local day, 0..86399 */
	int weekday; /* 0 = Sunday .. 6 = Saturday */
	int offset;  /* seconds east of UTC in force at that moment */
};

/* How a local wall-clock time maps back to UTC. */
enum tz_fold {
	TZ_UNIQUE = 0,  /* happens once: first == second */
	TZ_GAP = 1,     /* does not exist (spring forward): first == second ==
			    * the moment the clock jumps over it, i.e. the first
			    * real moment after the missing local time */
	TZ_OVERLAP = 2, /* happens twice (autumn): first < second */
};

struct tz_moments {
	enum tz_fold fold;
	timestamp_t first;
	timestamp_t second;
};

/*
 * Looks up an IANA zone name ("America/New_York"; aliases such as
 * "US/Eastern" are accepted as ICU does). An unknown name, a custom ID such
 * as "GMT+5" or an over-long name is refused with -ERR_INPUT:
 * "unknown time zone 'Mars/Base'". On success *out is a cached handle.
 */
int tz_zone_get(const char *name, const struct tz_zone **out, struct error *e);

/* 0 when `name` is a known IANA zone, else -ERR_INPUT as tz_zone_get(). */
int tz_validate(const char *name, struct error *e);

/* The name the handle was looked up with. */
const char *tz_zone_name(const struct tz_zone *zone);

/* The offset (seconds east of UTC) in force at `t`. */
int tz_offset(const struct tz_zone *zone, timestamp_t t);

/* UTC moment to the zone's wall clock. Never fails for a valid handle. */
void tz_local(const struct tz_zone *zone, timestamp_t t, struct tz_local *out);

/*
 * Wall clock to UTC: the moment(s) at which the zone's clock shows `date`
 * `minute` (0..1439), with DST gaps and overlaps made explicit (see enum
 * tz_fold). Returns -ERR_INPUT only for a minute out of range.
 */
int tz_from_local(const struct tz_zone *zone, date_t date, int minute, struct tz_moments *out, struct error *e);

/*
 * The first offset change strictly after `t` and before `limit`: returns 1
 * and sets *out, or 0 when there is none in (t, limit).
 */
int tz_next_transition(const struct tz_zone *zone, timestamp_t t, timestamp_t limit, timestamp_t *out);

/*
 * Name-based conveniences for callers that convert once (the CLI): the same
 * as tz_zone_get() followed by tz_local() / tz_from_local().
 */
int tz_to_local_named(const char *name, timestamp_t t, struct tz_local *out, struct error *e);
int tz_from_local_named(const char *name, date_t date, int minute, struct tz_moments *out, struct error *e);

/*
 * The candidate zones of a country (ISO 3166-1 alpha-2, upper case): ICU's
 * canonical location zones for that region, sorted by name. For "US" that is
 * every zone from America/New_York to Pacific/Honolulu, including
 * America/Adak, Alaska's zones and Arizona's; territories with their own
 * country code (PR, GU, VI, AS, MP) are not included, as ICU lists them under
 * those codes. We keep ICU's full list on purpose: when a debtor's zone is
 * unknown, a moment is lawful only if it is lawful wherever the debtor may
 * be, and Hawaii and the Aleutians are part of the United States.
 *
 * On success *zones points to a cached array of *n handles (n may be 0 for a
 * well-formed code with no zones, e.g. "ZZ"). A code that is not two
 * upper-case letters is refused with -ERR_INPUT.
 */
int tz_country_zones(const char *country, const struct tz_zone *const **zones, size_t *n, struct error *e);

/*
 * The candidate zones of a debtor of whom only the country and the region
 * (ISO 3166-2 subdivision without the prefix: "NY", "ON", "SP", "NSW") are
 * known: the region's zones for the countries that span several (US, CA,
 * BR, AU; a region that itself spans zones lists each), else the country's
 * (tz_country_zones, also for an empty or unknown region). So a New York
 * company is called in New York's hours, not in those that are lawful from
 * Hawaii to Maine at once. Same contract as tz_country_zones.
 */
int tz_debtor_zones(const char *country, const char *region, const struct tz_zone *const **zones, size_t *n,
		    struct error *e);
/* The regions tz_debtor_zones knows (for tests): how many, and the i-th. */
size_t tz_region_count(void);
void tz_region_at(size_t i, const char **country, const char **region);

/*
 * Formats an offset as "+hh:mm" / "-hh:mm" into buf (at least 7 bytes).
 */
char *tz_offset_format(int offset, char *buf, size_t size);

#endif
