#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <cmocka.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "core/tz.h"

static timestamp_t ts(const char *text)
{
	timestamp_t t = 0;
	struct error e = ERROR_INIT;
	if (timestamp_parse(text, &t, &e))
		fail_msg("%s", e.message);
	return t;
}

static const struct tz_zone *zone(const char *name)
{
	const struct tz_zone *z = NULL;
	struct error e = ERROR_INIT;
	if (tz_zone_get(name, &z, &e))
		fail_msg("%s", e.message);
	return z;
}

static void test_validate(void **state)
{
	static const char *const good[] = { "America/New_York", "Europe/Warsaw", "America/Sao_Paulo",
					    "Pacific/Honolulu", "US/Eastern",    "UTC",
					    "Asia/Kathmandu" };
	static const char *const bad[] = { "Mars/Base",    "",         "America/New York",
					   "GMT+5",        "EST5EDTX", "america/new_york_city",
					   "../etc/passwd" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct error e = ERROR_INIT;
		if (tz_validate(good[i], &e))
			fail_msg("%s: %s", good[i], e.message);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct error e = ERROR_INIT;
		assert_int_equal(tz_validate(bad[i], &e), -ERR_INPUT);
		assert_non_null(strstr(e.message, "unknown time zone"));
	}
	{
		struct error e = ERROR_INIT;
		tz_validate("Mars/Base", &e);
		assert_string_equal(e.message, "unknown time zone 'Mars/Base' (an IANA name such as America/New_York)");
	}
}

static void expect_local(const char *zname, const char *utc, const char *date, int hh, int mm, int weekday, int offset)
{
	struct tz_local l;
	char buf[DATE_TEXT_MAX];
	tz_local(zone(zname), ts(utc), &l);
	if (strcmp(date_format(l.date, buf, sizeof(buf)), date) || l.minute != hh * 60 + mm || l.weekday != weekday ||
	    l.offset != offset)
		fail_msg("%s %s: got %s %02d:%02d wd %d off %d", zname, utc, buf, l.minute / 60, l.minute % 60,
			 l.weekday, l.offset);
}

static void test_to_local(void **state)
{
	expect_local("America/New_York", "2026-11-23T14:00:00Z", "2026-11-23", 9, 0, 1, -5 * 3600);
	expect_local("America/New_York", "2026-07-15T14:00:00Z", "2026-07-15", 10, 0, 3, -4 * 3600);
	expect_local("America/Los_Angeles", "2026-11-23T13:30:00Z", "2026-11-23", 5, 30, 1, -8 * 3600);
	expect_local("Europe/Warsaw", "2026-12-31T23:30:00Z", "2027-01-01", 0, 30, 5, 3600);
	expect_local("America/Sao_Paulo", "2026-01-10T10:00:00Z", "2026-01-10", 7, 0, 6, -3 * 3600);
	expect_local("Asia/Kathmandu", "2026-01-10T00:00:00Z", "2026-01-10", 5, 45, 6, 5 * 3600 + 45 * 60);
	expect_local("Australia/Lord_Howe", "2026-01-10T00:00:00Z", "2026-01-10", 11, 0, 6, 11 * 3600);
	expect_local("Pacific/Honolulu", "2026-11-23T18:00:00Z", "2026-11-23", 8, 0, 1, -10 * 3600);
	/* outside the cached table: ICU directly */
	expect_local("America/New_York", "2150-07-01T16:00:00Z", "2150-07-01", 12, 0, 3, -4 * 3600);
	expect_local("Europe/London", "1960-01-01T12:00:00Z", "1960-01-01", 12, 0, 5, 0);
}

/* US spring forward 2026-03-08: 02:00 EST becomes 03:00 EDT at 07:00Z. */
static void test_spring_forward(void **state)
{
	const struct tz_zone *ny = zone("America/New_York");
	struct tz_moments m;
	struct tz_local l;

	assert_int_equal(tz_from_local(ny, date_from_ymd(2026, 3, 8), 8 * 60, &m, NULL), 0);
	assert_int_equal(m.fold, TZ_UNIQUE);
	assert_true(m.first == ts("2026-03-08T12:00:00Z")); /* 08:00 EDT, not 13:00Z */
	assert_int_equal(tz_from_local(ny, date_from_ymd(2026, 3, 8), 2 * 60 + 30, &m, NULL), 0);
	assert_int_equal(m.fold, TZ_GAP);
	assert_true(m.first == ts("2026-03-08T07:00:00Z"));
	assert_true(m.second == m.first);
	tz_local(ny, ts("2026-03-08T06:59:59Z"), &l);
	assert_int_equal(l.second, 1 * 3600 + 59 * 60 + 59);
	tz_local(ny, ts("2026-03-08T07:00:00Z"), &l);
	assert_int_equal(l.minute, 3 * 60);
	assert_int_equal(tz_from_local(ny, date_from_ymd(2026, 3, 8), 1 * 60 + 59, &m, NULL), 0);
	assert_int_equal(m.fold, TZ_UNIQUE);
	assert_true(m.first == ts("2026-03-08T06:59:00Z"));
	assert_int_equal(tz_from_local(ny, date_from_ymd(2026, 3, 8), 3 * 60, &m, NULL), 0);
	assert_int_equal(m.fold, TZ_UNIQUE);
	assert_true(m.first == ts("2026-03-08T07:00:00Z"));
}

/* US fall back 2026-11-01: 02:00 EDT becomes 01:00 EST at 06:00Z; 01:30 happens twice. */
static void test_fall_back(void **state)
{
	const struct tz_zone *ny = zone("America/New_York");
	struct tz_moments m;
	struct tz_local l;

	assert_int_equal(tz_from_local(ny, date_from_ymd(2026, 11, 1), 90, &m, NULL), 0);
	assert_int_equal(m.fold, TZ_OVERLAP);
	assert_true(m.first == ts("2026-11-01T05:30:00Z"));
	assert_true(m.second == ts("2026-11-01T06:30:00Z"));
	tz_local(ny, m.first, &l);
	assert_int_equal(l.minute, 90);
	assert_int_equal(l.offset, -4 * 3600);
	tz_local(ny, m.second, &l);
	assert_int_equal(l.minute, 90);
	assert_int_equal(l.offset, -5 * 3600);
	assert_int_equal(tz_from_local(ny, date_from_ymd(2026, 11, 1), 8 * 60, &m, NULL), 0);
	assert_int_equal(m.fold, TZ_UNIQUE);
	assert_true(m.first == ts("2026-11-01T13:00:00Z"));
	/* Europe's autumn change the week before */
	assert_int_equal(tz_from_local_named("Europe/Warsaw", date_from_ymd(2026, 10, 25), 150, &m, NULL), 0);
	assert_int_equal(m.fold, TZ_OVERLAP);
	assert_true(m.first == ts("2026-10-25T00:30:00Z"));
	assert_true(m.second == ts("2026-10-25T01:30:00Z"));
	{
		struct error e = ERROR_INIT;
		assert_int_equal(tz_from_local(ny, 0, 1440, &m, &e), -ERR_INPUT);
	}
}

static void test_transitions(void **state)
{
	const struct tz_zone *ny = zone("America/New_York");
	timestamp_t t;
	assert_int_equal(tz_next_transition(ny, ts("2026-01-01T00:00:00Z"), ts("2027-01-01T00:00:00Z"), &t), 1);
	assert_true(t == ts("2026-03-08T07:00:00Z"));
	assert_int_equal(tz_next_transition(ny, t, ts("2027-01-01T00:00:00Z"), &t), 1);
	assert_true(t == ts("2026-11-01T06:00:00Z"));
	assert_int_equal(tz_next_transition(ny, t, ts("2027-01-01T00:00:00Z"), &t), 0);
	assert_int_equal(tz_next_transition(zone("Pacific/Honolulu"), ts("2026-01-01T00:00:00Z"),
					    ts("2027-01-01T00:00:00Z"), &t),
			 0);
	/* from the table read with the zone (2020 to 2040) into the one from 1970 to 2100 */
	assert_int_equal(tz_next_transition(ny, ts("2039-12-01T00:00:00Z"), ts("2041-01-01T00:00:00Z"), &t), 1);
	assert_true(t == ts("2040-03-11T07:00:00Z"));
	assert_int_equal(tz_next_transition(ny, ts("2039-12-01T00:00:00Z"), ts("2040-01-01T00:00:00Z"), &t), 0);
	assert_int_equal(tz_next_transition(ny, ts("2019-12-01T00:00:00Z"), ts("2021-01-01T00:00:00Z"), &t), 1);
	assert_true(t == ts("2020-03-08T07:00:00Z"));
	/* past the table */
	assert_int_equal(tz_next_transition(ny, ts("2150-01-01T00:00:00Z"), ts("2151-01-01T00:00:00Z"), &t), 1);
	assert_true(t > ts("2150-03-01T00:00:00Z") && t < ts("2150-03-31T00:00:00Z"));
}

static int has_zone(const struct tz_zone *const *zones, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tz_zone_name(zones[i]), name))
			return 1;
	return 0;
}

static void test_country_zones(void **state)
{
	const struct tz_zone *const *zones;
	size_t n = 0;
	struct error e = ERROR_INIT;

	assert_int_equal(tz_country_zones("US", &zones, &n, &e), 0);
	assert_true(n >= 20);
	assert_true(has_zone(zones, n, "America/New_York"));
	assert_true(has_zone(zones, n, "America/Los_Angeles"));
	assert_true(has_zone(zones, n, "America/Phoenix"));
	assert_true(has_zone(zones, n, "America/Anchorage"));
	assert_true(has_zone(zones, n, "America/Adak"));
	assert_true(has_zone(zones, n, "Pacific/Honolulu"));
	assert_false(has_zone(zones, n, "America/Puerto_Rico"));
	assert_false(has_zone(zones, n, "US/Eastern")); /* canonical only */
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(tz_zone_name(zones[i - 1]), tz_zone_name(zones[i])) < 0);
	assert_int_equal(tz_country_zones("PL", &zones, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(tz_zone_name(zones[0]), "Europe/Warsaw");
	assert_int_equal(tz_country_zones("GB", &zones, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(tz_country_zones("BR", &zones, &n, &e), 0);
	assert_true(n > 5 && has_zone(zones, n, "America/Sao_Paulo") && has_zone(zones, n, "America/Noronha"));
	assert_int_equal(tz_country_zones("ZZ", &zones, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(tz_country_zones("us", &zones, &n, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "country 'us'"));
	assert_int_equal(tz_country_zones("USA", &zones, &n, &e), -ERR_INPUT);
}

/* The cached table must agree with ICU itself, to the second, everywhere. */
static int icu_offset(const char *name, timestamp_t t)
{
	UChar uid[80];
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *cal;
	int off;

	u_charsToUChars(name, uid, (int32_t)strlen(name) + 1);
	cal = ucal_open(uid, -1, "en_US_POSIX", UCAL_GREGORIAN, &st);
	ucal_setMillis(cal, (UDate)(t * 1000), &st);
	off = (ucal_get(cal, UCAL_ZONE_OFFSET, &st) + ucal_get(cal, UCAL_DST_OFFSET, &st)) / 1000;
	ucal_close(cal);
	assert_true(U_SUCCESS(st));
	return off;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void test_table_matches_icu(void **state)
{
	static const char *const names[] = { "America/New_York", "America/Sao_Paulo", "Europe/Warsaw",
					     "Europe/London",    "America/Adak",      "Australia/Lord_Howe",
					     "America/Santiago", "Asia/Tehran",       "Africa/Casablanca" };
	for (int i = 0; i < 20000; i++) {
		const char *name = names[next_rand() % (sizeof(names) / sizeof(names[0]))];
		/* 1950..2120, with many samples right around transitions */
		timestamp_t t = -631152000LL + (timestamp_t)(next_rand() % 5364662400ULL);
		const struct tz_zone *z = zone(name);
		timestamp_t tr;
		if ((i & 1) && tz_next_transition(z, t, t + 400 * 86400LL, &tr))
			t = tr - 1 + (timestamp_t)(next_rand() % 3);
		if (tz_offset(z, t) != icu_offset(name, t))
			fail_msg("%s at %lld: table %d, ICU %d", name, (long long)t, tz_offset(z, t),
				 icu_offset(name, t));
	}
}

struct thread_arg {
	const char *name;
	int failures;
};

static void *thread_main(void *p)
{
	struct thread_arg *a = p;
	for (int i = 0; i < 2000; i++) {
		const struct tz_zone *z;
		struct tz_local l;
		if (tz_zone_get(a->name, &z, NULL)) {
			a->failures++;
			continue;
		}
		tz_local(z, 1790000000LL + i * 3600LL, &l);
		if (l.offset != tz_offset(z, 1790000000LL + i * 3600LL))
			a->failures++;
		/* 1992: the zone's whole table, read by whichever thread asks first */
		tz_local(z, 700000000LL + i * 3600LL, &l);
		if (l.offset != tz_offset(z, 700000000LL + i * 3600LL))
			a->failures++;
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct thread_arg args[4] = {
		{ "Asia/Tokyo", 0 }, { "Europe/Paris", 0 }, { "Asia/Tokyo", 0 }, { "America/Chicago", 0 }
	};
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, thread_main, &args[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(args[i].failures, 0);
	}
}

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Measures the cache against opening a UCalendar per call (printed, not asserted). */
static void test_measure(void **state)
{
	const struct tz_zone *z = zone("America/New_York");
	struct tz_local l;
	long long t0, t1, t2;
	volatile int sink = 0;
	const int n = 20000;

	t0 = now_ns();
	for (int i = 0; i < n; i++) {
		tz_local(z, 1790000000LL + i * 977LL, &l);
		sink += l.minute;
	}
	t1 = now_ns();
	for (int i = 0; i < n / 10; i++)
		sink += icu_offset("America/New_York", 1790000000LL + i * 977LL);
	t2 = now_ns();
	print_message("tz_local from the table: %lld ns/call; ucal_open per call: %lld ns/call\n", (t1 - t0) / n,
		      (t2 - t1) / (n / 10));
	assert_true(sink != 0);
}

/*
 * Every region's zones resolve and belong to its country's (a misspelt or
 * retired name fails here, not in a run); New York is one zone, Florida
 * two; a region not in the table, or none, falls back to the country.
 */
static void test_region_zones(void **state)
{
	const struct tz_zone *const *zones, *const *all;
	size_t n = 0, n_all = 0;
	struct error e = ERROR_INIT;

	(void)state;
	assert_int_equal(tz_region_count(), 51 + 13 + 27 + 8); /* US with DC, CA, BR, AU */
	for (size_t i = 0; i < tz_region_count(); i++) {
		const char *country, *region;
		tz_region_at(i, &country, &region);
		assert_int_equal(tz_debtor_zones(country, region, &zones, &n, &e), 0);
		assert_int_equal(tz_country_zones(country, &all, &n_all, &e), 0);
		assert_true(n >= 1 && n < n_all);
		for (size_t k = 0; k < n; k++)
			if (!has_zone(all, n_all, tz_zone_name(zones[k])))
				fail_msg("%s-%s: %s is not among %s's zones", country, region, tz_zone_name(zones[k]),
					 country);
	}
	assert_int_equal(tz_debtor_zones("US", "NY", &zones, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(tz_zone_name(zones[0]), "America/New_York");
	assert_int_equal(tz_debtor_zones("US", "FL", &zones, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(tz_debtor_zones("BR", "SP", &zones, &n, &e), 0);
	assert_string_equal(tz_zone_name(zones[0]), "America/Sao_Paulo");
	assert_int_equal(tz_debtor_zones("US", "", &zones, &n, &e), 0);
	assert_true(n >= 20);
	assert_int_equal(tz_debtor_zones("US", "XX", &zones, &n, &e), 0);
	assert_true(n >= 20);
	assert_int_equal(tz_debtor_zones("PL", "MZ", &zones, &n, &e), 0);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate),       cmocka_unit_test(test_to_local),
		cmocka_unit_test(test_spring_forward), cmocka_unit_test(test_fall_back),
		cmocka_unit_test(test_transitions),    cmocka_unit_test(test_country_zones),
		cmocka_unit_test(test_region_zones),   cmocka_unit_test(test_table_matches_icu),
		cmocka_unit_test(test_threads),        cmocka_unit_test(test_measure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
