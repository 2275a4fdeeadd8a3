#include "core/tz.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

#define ZONE_NAME_MAX     64
#define TABLE_START       ((timestamp_t)0)            /* 1970-01-01T00:00:00Z */
#define TABLE_END         ((timestamp_t)4102444800LL) /* 2100-01-01T00:00:00Z */
#define NEAR_START        ((timestamp_t)1577836800LL) /* 2020-01-01T00:00:00Z */
#define NEAR_END          ((timestamp_t)2208988800LL) /* 2040-01-01T00:00:00Z */
#define CACHE_SLOTS       1024                        /* ICU knows about 600 zone IDs */
#define COUNTRY_SLOTS     300
#define MAX_COUNTRY_ZONES 64
#define FROM_LOCAL_REACH  ((timestamp_t)30 * 3600) /* more than any UTC offset */

/* A zone's transitions between two moments, read from ICU. */
struct tz_table {
	timestamp_t from, to; /* the moments it answers for: [from, to) */
	int initial;          /* offset in force at `from` */
	size_t n;             /* transitions in (from, to) */
	timestamp_t *at;      /* UTC moment of each transition, ascending */
	int *off;             /* offset in force from that moment */
};

/*
 * Two tables per zone. ICU gives a zone's transitions one call at a time,
 * each costing more the more history the zone has (thousands of
 * instructions: the 32 zones of the bench book cost 86 M instructions, a
 * twentieth of a daily run at 100,000 customers, when each was read from
 * 1970 to 2100). So a zone is read first for the moments the present asks
 * about, [NEAR_START, NEAR_END), and from 1970 to 2100 only the first time a
 * moment outside them is asked. Either table gives the same answers for the
 * moments both cover: the same transitions from the same ICU calls, and the
 * offset in force at NEAR_START is ICU's there.
 */
struct tz_zone {
	char name[ZONE_NAME_MAX + 1];
	UChar uid[ZONE_NAME_MAX + 1];
	int32_t ulen;
	struct tz_table near;           /* [NEAR_START, NEAR_END), read with the zone */
	_Atomic(struct tz_table *) all; /* [TABLE_START, TABLE_END), read when first needed (all_lock) */
};

struct country_entry {
	char code[3];
	size_t n;
	const struct tz_zone *zones[MAX_COUNTRY_ZONES];
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t all_lock = PTHREAD_MUTEX_INITIALIZER; /* taken alone: never with another lock held */
static struct tz_zone *zone_slots[CACHE_SLOTS];
static struct country_entry countries[COUNTRY_SLOTS];
static size_t n_countries;

/*
 * The only two places a double appears: ICU's UDate is milliseconds in a
 * double. Every value passed here is a whole number of milliseconds far below
 * 2^53, which a double holds exactly, so nothing is rounded.
 */
static UDate to_udate(timestamp_t t)
{
	return (UDate)(t * 1000);
}

static timestamp_t from_udate(UDate d)
{
	int64_t ms = (int64_t)d;
	return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

static int valid_zone_chars(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > ZONE_NAME_MAX)
		return 0;
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
		      c == '_' || c == '-' || c == '+'))
			return 0;
	}
	return 1;
}

static int icu_offset_at(const UChar *uid, int32_t ulen, timestamp_t t)
{
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *cal = ucal_open(uid, ulen, "en_US_POSIX", UCAL_GREGORIAN, &st);
	int32_t zone_ms, dst_ms;

	if (U_FAILURE(st))
		return 0;
	ucal_setMillis(cal, to_udate(t), &st);
	zone_ms = ucal_get(cal, UCAL_ZONE_OFFSET, &st);
	dst_ms = ucal_get(cal, UCAL_DST_OFFSET, &st);
	ucal_close(cal);
	if (U_FAILURE(st))
		return 0;
	return (zone_ms + dst_ms) / 1000;
}

static void table_free(struct tz_table *t)
{
	free(t->at);
	free(t->off);
	t->at = NULL;
	t->off = NULL;
}

/* Reads the zone's transitions between `from` and `to` from ICU into `t`: 0, or -1. */
static int table_build(const UChar *uid, int32_t ulen, timestamp_t from, timestamp_t to, struct tz_table *t)
{
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *cal = NULL;
	size_t cap = 64;

	memset(t, 0, sizeof(*t));
	t->from = from;
	t->to = to;
	t->at = malloc(cap * sizeof(*t->at));
	t->off = malloc(cap * sizeof(*t->off));
	if (!t->at || !t->off)
		goto fail;
	cal = ucal_open(uid, ulen, "en_US_POSIX", UCAL_GREGORIAN, &st);
	if (U_FAILURE(st))
		goto fail;
	ucal_setMillis(cal, to_udate(from), &st);
	t->initial = (ucal_get(cal, UCAL_ZONE_OFFSET, &st) + ucal_get(cal, UCAL_DST_OFFSET, &st)) / 1000;
	for (;;) {
		UDate next;
		timestamp_t at;

		if (!ucal_getTimeZoneTransitionDate(cal, UCAL_TZ_TRANSITION_NEXT, &next, &st) || U_FAILURE(st))
			break;
		at = from_udate(next);
		if (at >= to)
			break;
		if (t->n == cap) {
			timestamp_t *a;
			int *o;

			cap *= 2;
			a = realloc(t->at, cap * sizeof(*a));
			if (!a)
				goto fail;
			t->at = a;
			o = realloc(t->off, cap * sizeof(*o));
			if (!o)
				goto fail;
			t->off = o;
		}
		ucal_setMillis(cal, next, &st);
		t->at[t->n] = at;
		t->off[t->n] = (ucal_get(cal, UCAL_ZONE_OFFSET, &st) + ucal_get(cal, UCAL_DST_OFFSET, &st)) / 1000;
		if (U_FAILURE(st))
			goto fail;
		t->n++;
	}
	ucal_close(cal);
	return 0;
fail:
	if (cal)
		ucal_close(cal);
	table_free(t);
	return -1;
}

/* A zone, with its near table read. */
static struct tz_zone *zone_build(const char *name, const UChar *uid, int32_t ulen)
{
	struct tz_zone *z = calloc(1, sizeof(*z));

	if (!z)
		return NULL;
	snprintf(z->name, sizeof(z->name), "%s", name);
	memcpy(z->uid, uid, (size_t)ulen * sizeof(UChar));
	z->ulen = ulen;
	atomic_init(&z->all, NULL);
	if (table_build(uid, ulen, NEAR_START, NEAR_END, &z->near) < 0) {
		free(z);
		return NULL;
	}
	return z;
}

/* The zone's table from 1970 to 2100, read the first time it is asked for; NULL when out of memory. */
static const struct tz_table *all_table(const struct tz_zone *zone)
{
	struct tz_zone *z = (struct tz_zone *)zone; /* only its `all` changes, once, under all_lock */
	struct tz_table *t = atomic_load_explicit(&z->all, memory_order_acquire);

	if (t)
		return t;
	pthread_mutex_lock(&all_lock);
	t = atomic_load_explicit(&z->all, memory_order_relaxed);
	if (!t) {
		t = malloc(sizeof(*t));
		if (t && table_build(z->uid, z->ulen, TABLE_START, TABLE_END, t) < 0) {
			free(t);
			t = NULL;
		}
		if (t)
			atomic_store_explicit(&z->all, t, memory_order_release);
	}
	pthread_mutex_unlock(&all_lock);
	return t;
}

/* The table that answers for every moment in [lo, hi]: the near one, else the whole one; NULL: ask ICU. */
static const struct tz_table *table_for(const struct tz_zone *z, timestamp_t lo, timestamp_t hi)
{
	if (lo >= z->near.from && hi < z->near.to)
		return &z->near;
	if (lo >= TABLE_START && hi < TABLE_END)
		return all_table(z);
	return NULL;
}

/* How many transitions of `t` are at or before `at`: the first after it is t->at[that]. */
static size_t table_rank(const struct tz_table *t, timestamp_t at)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->at[mid] <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static uint32_t hash_name(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

int tz_zone_get(const char *name, const struct tz_zone **out, struct error *e)
{
	UChar uid[ZONE_NAME_MAX + 1];
	UChar canonical[ZONE_NAME_MAX * 2];
	UBool is_system = 0;
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen;
	uint32_t slot;
	int ret = 0;

	if (!name || !valid_zone_chars(name))
		return error_set(e, ERR_INPUT, "unknown time zone '%s' (an IANA name such as America/New_York)",
				 name ? name : "");
	slot = hash_name(name) % CACHE_SLOTS;
	pthread_mutex_lock(&cache_lock);
	for (uint32_t i = 0; i < CACHE_SLOTS; i++) {
		struct tz_zone *z = zone_slots[(slot + i) % CACHE_SLOTS];
		if (!z) {
			slot = (slot + i) % CACHE_SLOTS;
			break;
		}
		if (!strcmp(z->name, name)) {
			*out = z;
			goto cleanup;
		}
	}
	if (zone_slots[slot]) {
		ret = error_set(e, ERR_ENV, "time zone cache is full");
		goto cleanup;
	}
	ulen = (int32_t)strlen(name);
	u_charsToUChars(name, uid, ulen);
	uid[ulen] = 0;
	ucal_getCanonicalTimeZoneID(uid, ulen, canonical, (int32_t)(sizeof(canonical) / sizeof(canonical[0])),
				    &is_system, &st);
	if (U_FAILURE(st) || !is_system) {
		ret = error_set(e, ERR_INPUT, "unknown time zone '%s' (an IANA name such as America/New_York)", name);
		goto cleanup;
	}
	zone_slots[slot] = zone_build(name, uid, ulen);
	if (!zone_slots[slot]) {
		ret = error_set(e, ERR_ENV, "time zone '%s': cannot read its rules from ICU", name);
		goto cleanup;
	}
	*out = zone_slots[slot];
cleanup:
	pthread_mutex_unlock(&cache_lock);
	return ret;
}

int tz_validate(const char *name, struct error *e)
{
	const struct tz_zone *z;
	return tz_zone_get(name, &z, e);
}

const char *tz_zone_name(const struct tz_zone *zone)
{
	return zone->name;
}

int tz_offset(const struct tz_zone *z, timestamp_t t)
{
	const struct tz_table *tb = table_for(z, t, t);
	size_t lo;

	if (!tb)
		return icu_offset_at(z->uid, z->ulen, t);
	/* first transition strictly after t */
	lo = table_rank(tb, t);
	return lo == 0 ? tb->initial : tb->off[lo - 1];
}

int tz_next_transition(const struct tz_zone *z, timestamp_t t, timestamp_t limit, timestamp_t *out)
{
	const struct tz_table *tb = NULL;

	/* the near table answers when it has the next transition, or when the limit comes before its end */
	if (t >= z->near.from && t < z->near.to) {
		size_t lo = table_rank(&z->near, t);
		if (lo < z->near.n) {
			if (z->near.at[lo] >= limit)
				return 0;
			*out = z->near.at[lo];
			return 1;
		}
		if (limit <= z->near.to)
			return 0;
	}
	if (t >= TABLE_START && t < TABLE_END)
		tb = all_table(z);
	if (tb) {
		size_t lo = table_rank(tb, t);
		if (lo < tb->n) {
			if (tb->at[lo] >= limit)
				return 0;
			*out = tb->at[lo];
			return 1;
		}
		if (limit <= TABLE_END)
			return 0;
	}
	{
		UErrorCode st = U_ZERO_ERROR;
		UCalendar *cal = ucal_open(z->uid, z->ulen, "en_US_POSIX", UCAL_GREGORIAN, &st);
		UDate next;
		int found = 0;

		if (U_FAILURE(st))
			return 0;
		/* past the table's last transition, ask ICU from the table's end */
		ucal_setMillis(cal, to_udate(tb ? TABLE_END - 1 : t), &st);
		if (ucal_getTimeZoneTransitionDate(cal, UCAL_TZ_TRANSITION_NEXT, &next, &st) && U_SUCCESS(st)) {
			timestamp_t n = from_udate(next);
			if (n > t && n < limit) {
				*out = n;
				found = 1;
			}
		}
		ucal_close(cal);
		return found;
	}
}

static date_t floor_day(timestamp_t local)
{
	return (date_t)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
}

void tz_local(const struct tz_zone *zone, timestamp_t t, struct tz_local *out)
{
	int offset = tz_offset(zone, t);
	timestamp_t local = t + offset;
	date_t day = floor_day(local);

	out->date = day;
	out->second = (int)(local - (timestamp_t)day * 86400);
	out->minute = out->second / 60;
	out->weekday = date_weekday(day);
	out->offset = offset;
}

static void add_offset(int *set, int *n, int max, int offset)
{
	for (int i = 0; i < *n; i++)
		if (set[i] == offset)
			return;
	if (*n < max)
		set[(*n)++] = offset;
}

int tz_from_local(const struct tz_zone *z, date_t date, int minute, struct tz_moments *out, struct error *e)
{
	enum { MAX_OFFSETS = 8 };
	int offsets[MAX_OFFSETS];
	int n_offsets = 0;
	timestamp_t found[MAX_OFFSETS];
	int n_found = 0;
	timestamp_t wall;
	int lo_off, hi_off;
	const struct tz_table *tb;

	if (minute < 0 || minute >= 1440)
		return error_set(e, ERR_INPUT, "minute of day %d is out of range 0..1439", minute);
	wall = (timestamp_t)date * 86400 + minute * 60;
	add_offset(offsets, &n_offsets, MAX_OFFSETS, tz_offset(z, wall - FROM_LOCAL_REACH));
	add_offset(offsets, &n_offsets, MAX_OFFSETS, tz_offset(z, wall + FROM_LOCAL_REACH));
	tb = table_for(z, wall - FROM_LOCAL_REACH, wall + FROM_LOCAL_REACH);
	if (tb) {
		for (size_t i = table_rank(tb, wall - FROM_LOCAL_REACH);
		     i < tb->n && tb->at[i] <= wall + FROM_LOCAL_REACH; i++)
			add_offset(offsets, &n_offsets, MAX_OFFSETS, tb->off[i]);
	}
	for (int i = 0; i < n_offsets; i++) {
		timestamp_t t = wall - offsets[i];
		if (tz_offset(z, t) == offsets[i])
			found[n_found++] = t;
	}
	if (n_found > 0) {
		timestamp_t first = found[0], last = found[0];
		for (int i = 1; i < n_found; i++) {
			if (found[i] < first)
				first = found[i];
			if (found[i] > last)
				last = found[i];
		}
		out->fold = first == last ? TZ_UNIQUE : TZ_OVERLAP;
		out->first = first;
		out->second = last;
		return 0;
	}
	/*
	 * A gap: the clock jumps from before `wall` to after it. The first moment
	 * whose wall clock is past `wall` is the transition; find it by bisection
	 * between the two readings of `wall`.
	 */
	lo_off = hi_off = offsets[0];
	for (int i = 1; i < n_offsets; i++) {
		if (offsets[i] < lo_off)
			lo_off = offsets[i];
		if (offsets[i] > hi_off)
			hi_off = offsets[i];
	}
	{
		timestamp_t lo = wall - hi_off, hi = wall - lo_off;
		while (lo < hi) {
			timestamp_t mid = lo + (hi - lo) / 2;
			if (mid + tz_offset(z, mid) > wall)
				hi = mid;
			else
				lo = mid + 1;
		}
		out->fold = TZ_GAP;
		out->first = lo;
		out->second = lo;
	}
	return 0;
}

int tz_to_local_named(const char *name, timestamp_t t, struct tz_local *out, struct error *e)
{
	const struct tz_zone *z;
	int ret = tz_zone_get(name, &z, e);

	if (ret)
		return ret;
	tz_local(z, t, out);
	return 0;
}

int tz_from_local_named(const char *name, date_t date, int minute, struct tz_moments *out, struct error *e)
{
	const struct tz_zone *z;
	int ret = tz_zone_get(name, &z, e);

	if (ret)
		return ret;
	return tz_from_local(z, date, minute, out, e);
}

static int compare_zone_names(const void *a, const void *b)
{
	const struct tz_zone *za = *(const struct tz_zone *const *)a;
	const struct tz_zone *zb = *(const struct tz_zone *const *)b;
	return strcmp(za->name, zb->name);
}

static int country_load(const char *country, struct country_entry *entry, struct error *e)
{
	UErrorCode st = U_ZERO_ERROR;
	UEnumeration *ids = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, country, NULL, &st);
	const char *id;
	int32_t len;
	int ret = 0;

	if (U_FAILURE(st))
		return error_set(e, ERR_ENV, "country '%s': ICU cannot list its time zones", country);
	memcpy(entry->code, country, 3);
	entry->n = 0;
	while ((id = uenum_next(ids, &len, &st)) != NULL && U_SUCCESS(st)) {
		const struct tz_zone *z;
		/* the cache lock is held; look the zone up without re-locking */
		char name[ZONE_NAME_MAX + 1];
		UChar uid[ZONE_NAME_MAX + 1];
		uint32_t slot;
		struct tz_zone *found = NULL;

		if (len <= 0 || len > ZONE_NAME_MAX || entry->n == MAX_COUNTRY_ZONES)
			continue;
		memcpy(name, id, (size_t)len);
		name[len] = '\0';
		slot = hash_name(name) % CACHE_SLOTS;
		for (uint32_t i = 0; i < CACHE_SLOTS; i++) {
			struct tz_zone *s = zone_slots[(slot + i) % CACHE_SLOTS];
			if (!s) {
				slot = (slot + i) % CACHE_SLOTS;
				break;
			}
			if (!strcmp(s->name, name)) {
				found = s;
				break;
			}
		}
		if (!found) {
			if (zone_slots[slot]) {
				ret = error_set(e, ERR_ENV, "time zone cache is full");
				goto cleanup;
			}
			u_charsToUChars(name, uid, len);
			uid[len] = 0;
			found = zone_build(name, uid, len);
			if (!found) {
				ret = error_set(e, ERR_ENV, "time zone '%s': cannot read its rules from ICU", name);
				goto cleanup;
			}
			zone_slots[slot] = found;
		}
		z = found;
		entry->zones[entry->n++] = z;
	}
	qsort(entry->zones, entry->n, sizeof(entry->zones[0]), compare_zone_names);
cleanup:
	uenum_close(ids);
	return ret;
}

int tz_country_zones(const char *country, const struct tz_zone *const **zones, size_t *n, struct error *e)
{
	int ret = 0;

	if (!country || strlen(country) != 2 || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' ||
	    country[1] > 'Z')
		return error_set(e, ERR_INPUT, "country '%s' is not an ISO 3166-1 alpha-2 code such as US",
				 country ? country : "");
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < n_countries; i++) {
		if (!strcmp(countries[i].code, country)) {
			*zones = countries[i].zones;
			*n = countries[i].n;
			goto cleanup;
		}
	}
	if (n_countries == COUNTRY_SLOTS) {
		ret = error_set(e, ERR_ENV, "time zone country cache is full");
		goto cleanup;
	}
	ret = country_load(country, &countries[n_countries], e);
	if (ret)
		goto cleanup;
	*zones = countries[n_countries].zones;
	*n = countries[n_countries].n;
	n_countries++;
cleanup:
	pthread_mutex_unlock(&cache_lock);
	return ret;
}

char *tz_offset_format(int offset, char *buf, size_t size)
{
	int a = offset < 0 ? -offset : offset;
	char text[8];

	/* by hand, as "%c%02d:%02d" prints it: snprintf costs more than the rest of a verdict's local time */
	if (a / 3600 > 99 || size < sizeof("+00:00")) {
		snprintf(buf, size, "%c%02d:%02d", offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
		return buf;
	}
	text[0] = offset < 0 ? '-' : '+';
	text[1] = (char)('0' + a / 3600 / 10);
	text[2] = (char)('0' + a / 3600 % 10);
	text[3] = ':';
	text[4] = (char)('0' + a / 60 % 60 / 10);
	text[5] = (char)('0' + a / 60 % 60 % 10);
	text[6] = '\0';
	memcpy(buf, text, sizeof("+00:00"));
	return buf;
}

/* ---- the zones of a region ---- */

/*
 * The zones a debtor in a subdivision may be in (ISO 3166-2 code without
 * the country prefix), for the countries that span several zones and
 * whose debtors recoup contacts: a state or province that itself spans
 * zones lists each (Florida's panhandle is Central, El Paso Mountain, north
 * Idaho Pacific...). Zone names as ICU canonical IDs; t0012 checks that
 * each resolves and belongs to its country's list (tz_country_zones).
 * Sources: the IANA tz database's zone1970.tab comments, Nov 2026.
 */
struct region_row {
	const char *country, *region, *zones; /* zones: space-separated */
};

static const struct region_row region_rows[] = {
	/* United States */
	{ "US", "AL", "America/Chicago" },
	{ "US", "AK",
	  "America/Anchorage America/Juneau America/Sitka America/Yakutat America/Nome America/Metlakatla America/Adak" },
	{ "US", "AZ", "America/Phoenix America/Denver" }, /* the Navajo Nation keeps daylight time */
	{ "US", "AR", "America/Chicago" },
	{ "US", "CA", "America/Los_Angeles" },
	{ "US", "CO", "America/Denver" },
	{ "US", "CT", "America/New_York" },
	{ "US", "DE", "America/New_York" },
	{ "US", "DC", "America/New_York" },
	{ "US", "FL", "America/New_York America/Chicago" },
	{ "US", "GA", "America/New_York" },
	{ "US", "HI", "Pacific/Honolulu" },
	{ "US", "ID", "America/Boise America/Los_Angeles" },
	{ "US", "IL", "America/Chicago" },
	{ "US", "IN", "America/Indianapolis America/Indiana/Knox America/Indiana/Tell_City" },
	{ "US", "IA", "America/Chicago" },
	{ "US", "KS", "America/Chicago America/Denver" },
	{ "US", "KY", "America/New_York America/Louisville America/Chicago" },
	{ "US", "LA", "America/Chicago" },
	{ "US", "ME", "America/New_York" },
	{ "US", "MD", "America/New_York" },
	{ "US", "MA", "America/New_York" },
	{ "US", "MI", "America/Detroit America/Menominee" },
	{ "US", "MN", "America/Chicago" },
	{ "US", "MS", "America/Chicago" },
	{ "US", "MO", "America/Chicago" },
	{ "US", "MT", "America/Denver" },
	{ "US", "NE", "America/Chicago America/Denver" },
	{ "US", "NV", "America/Los_Angeles" },
	{ "US", "NH", "America/New_York" },
	{ "US", "NJ", "America/New_York" },
	{ "US", "NM", "America/Denver" },
	{ "US", "NY", "America/New_York" },
	{ "US", "NC", "America/New_York" },
	{ "US", "ND", "America/Chicago America/Denver America/North_Dakota/Center" },
	{ "US", "OH", "America/New_York" },
	{ "US", "OK", "America/Chicago" },
	{ "US", "OR", "America/Los_Angeles America/Boise" },
	{ "US", "PA", "America/New_York" },
	{ "US", "RI", "America/New_York" },
	{ "US", "SC", "America/New_York" },
	{ "US", "SD", "America/Chicago America/Denver" },
	{ "US", "TN", "America/New_York America/Chicago" },
	{ "US", "TX", "America/Chicago America/Denver" },
	{ "US", "UT", "America/Denver" },
	{ "US", "VT", "America/New_York" },
	{ "US", "VA", "America/New_York" },
	{ "US", "WA", "America/Los_Angeles" },
	{ "US", "WV", "America/New_York" },
	{ "US", "WI", "America/Chicago" },
	{ "US", "WY", "America/Denver" },
	/* Canada */
	{ "CA", "AB", "America/Edmonton" },
	{ "CA", "BC", "America/Vancouver America/Dawson_Creek America/Fort_Nelson America/Creston" },
	{ "CA", "MB", "America/Winnipeg" },
	{ "CA", "NB", "America/Moncton" },
	{ "CA", "NL", "America/St_Johns America/Goose_Bay" },
	{ "CA", "NS", "America/Halifax America/Glace_Bay" },
	{ "CA", "NT", "America/Inuvik America/Yellowknife" },
	{ "CA", "NU",
	  "America/Iqaluit America/Rankin_Inlet America/Cambridge_Bay America/Resolute America/Coral_Harbour" },
	/* Atikokan keeps EST all year (ICU: America/Coral_Harbour) */
	{ "CA", "ON", "America/Toronto America/Winnipeg America/Coral_Harbour" },
	{ "CA", "PE", "America/Halifax" },
	{ "CA", "QC", "America/Toronto America/Blanc-Sablon" },
	{ "CA", "SK", "America/Regina America/Swift_Current America/Edmonton" },
	{ "CA", "YT", "America/Whitehorse America/Dawson" },
	/* Brazil */
	{ "BR", "AC", "America/Rio_Branco" },
	{ "BR", "AL", "America/Maceio" },
	{ "BR", "AM", "America/Manaus America/Eirunepe" },
	{ "BR", "AP", "America/Belem" },
	{ "BR", "BA", "America/Bahia" },
	{ "BR", "CE", "America/Fortaleza" },
	{ "BR", "DF", "America/Sao_Paulo" },
	{ "BR", "ES", "America/Sao_Paulo" },
	{ "BR", "GO", "America/Sao_Paulo" },
	{ "BR", "MA", "America/Fortaleza" },
	{ "BR", "MG", "America/Sao_Paulo" },
	{ "BR", "MS", "America/Campo_Grande" },
	{ "BR", "MT", "America/Cuiaba" },
	{ "BR", "PA", "America/Belem America/Santarem" },
	{ "BR", "PB", "America/Fortaleza" },
	{ "BR", "PE", "America/Recife America/Noronha" },
	{ "BR", "PI", "America/Fortaleza" },
	{ "BR", "PR", "America/Sao_Paulo" },
	{ "BR", "RJ", "America/Sao_Paulo" },
	{ "BR", "RN", "America/Fortaleza" },
	{ "BR", "RO", "America/Porto_Velho" },
	{ "BR", "RR", "America/Boa_Vista" },
	{ "BR", "RS", "America/Sao_Paulo" },
	{ "BR", "SC", "America/Sao_Paulo" },
	{ "BR", "SE", "America/Maceio" },
	{ "BR", "SP", "America/Sao_Paulo" },
	{ "BR", "TO", "America/Araguaina" },
	/* Australia */
	{ "AU", "ACT", "Australia/Sydney" },
	{ "AU", "NSW", "Australia/Sydney Australia/Broken_Hill" },
	{ "AU", "NT", "Australia/Darwin" },
	{ "AU", "QLD", "Australia/Brisbane Australia/Lindeman" },
	{ "AU", "SA", "Australia/Adelaide" },
	{ "AU", "TAS", "Australia/Hobart" },
	{ "AU", "VIC", "Australia/Melbourne" },
	{ "AU", "WA", "Australia/Perth Australia/Eucla" },
};

#define N_REGIONS        (sizeof(region_rows) / sizeof(region_rows[0]))
#define MAX_REGION_ZONES 8

static pthread_mutex_t region_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct tz_zone *region_zones[N_REGIONS][MAX_REGION_ZONES];
static size_t region_n[N_REGIONS];
static unsigned char region_loaded[N_REGIONS];

/* Resolves row i's zones (under region_lock; tz_zone_get takes cache_lock, never region_lock). */
static int region_load(size_t i, struct error *e)
{
	const char *p = region_rows[i].zones;

	region_n[i] = 0;
	while (*p) {
		char name[ZONE_NAME_MAX + 1];
		size_t len = strcspn(p, " ");
		const struct tz_zone *z;
		if (len > ZONE_NAME_MAX || region_n[i] == MAX_REGION_ZONES)
			return error_set(e, ERR_ENV, "region %s-%s: its zone list is too long", region_rows[i].country,
					 region_rows[i].region);
		memcpy(name, p, len);
		name[len] = '\0';
		if (tz_zone_get(name, &z, e))
			return error_prefix(e, "region %s-%s", region_rows[i].country, region_rows[i].region);
		region_zones[i][region_n[i]++] = z;
		p += len;
		while (*p == ' ')
			p++;
	}
	region_loaded[i] = 1;
	return 0;
}

int tz_debtor_zones(const char *country, const char *region, const struct tz_zone *const **zones, size_t *n,
		    struct error *e)
{
	int ret = 0;

	for (size_t i = 0; region && region[0] && country && i < N_REGIONS; i++) {
		if (strcmp(region_rows[i].country, country) || strcmp(region_rows[i].region, region))
			continue;
		pthread_mutex_lock(&region_lock);
		if (!region_loaded[i])
			ret = region_load(i, e);
		pthread_mutex_unlock(&region_lock);
		if (ret)
			return ret;
		*zones = region_zones[i];
		*n = region_n[i];
		return 0;
	}
	return tz_country_zones(country, zones, n, e);
}

size_t tz_region_count(void)
{
	return N_REGIONS;
}

void tz_region_at(size_t i, const char **country, const char **region)
{
	*country = region_rows[i].country;
	*region = region_rows[i].region;
}
