#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/profile.h"

static void test_presets_valid_and_round_trip(void **state)
{
	for (size_t i = 0; profile_preset_names[i]; i++) {
		struct profile p, q;
		struct error e = ERROR_INIT;
		char *a, *b;

		assert_int_equal(profile_preset(profile_preset_names[i], &p, &e), 0);
		assert_string_equal(p.name, profile_preset_names[i]);
		if (profile_validate(&p, &e))
			fail_msg("%s", e.message);
		a = profile_to_json_text(&p);
		assert_non_null(a);
		if (profile_from_json_text(a, &q, &e))
			fail_msg("%s: %s", profile_preset_names[i], e.message);
		b = profile_to_json_text(&q);
		assert_string_equal(a, b);
		assert_int_equal(memcmp(p.windows, q.windows, sizeof(p.windows)), 0);
		assert_int_equal(p.n_caps, q.n_caps);
		for (size_t k = 0; k < p.n_caps; k++) {
			assert_string_equal(p.caps[k].code, q.caps[k].code);
			assert_int_equal(p.caps[k].period, q.caps[k].period);
			assert_int_equal(p.caps[k].count, q.caps[k].count);
			assert_int_equal(p.caps[k].per_debt, q.caps[k].per_debt);
		}
		free(a);
		free(b);
	}
}

static void test_preset_numbers(void **state)
{
	struct profile p;
	struct error e = ERROR_INIT;

	assert_int_equal(profile_preset("us-consumer", &p, &e), 0);
	assert_int_equal(p.windows[CHANNEL_CALL][0].n, 1);
	assert_int_equal(p.windows[CHANNEL_CALL][0].w[0].start, 8 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][0].w[0].end, 21 * 60);
	assert_int_equal(p.n_caps, 1);
	assert_string_equal(p.caps[0].code, "cap_7_in_7");
	assert_int_equal(p.caps[0].count, 7);
	assert_int_equal(p.caps[0].period, 7 * 86400);
	assert_true(p.caps[0].per_debt && p.caps[0].per_person && p.caps[0].consent_lifts);
	assert_int_equal(p.pauses[0].duration, 7 * 86400);
	assert_int_equal(p.consent_validity, 7 * 86400);
	assert_int_equal(p.burst_window, 300);
	assert_true(p.voicemail_limited);

	assert_int_equal(profile_preset("us-ma", &p, &e), 0);
	assert_int_equal(p.n_caps, 2);
	assert_string_equal(p.caps[1].code, "cap_ma_2_in_7");
	assert_int_equal(p.caps[1].count, 2);
	assert_int_equal(p.caps[1].channels, CHANNEL_BIT(CHANNEL_CALL) | CHANNEL_BIT(CHANNEL_SMS));

	assert_int_equal(profile_preset("br-consumer", &p, &e), 0);
	assert_int_equal(p.windows[CHANNEL_CALL][0].n, 0);              /* Sunday */
	assert_int_equal(p.windows[CHANNEL_CALL][6].w[0].end, 14 * 60); /* Saturday */
	assert_int_equal(p.windows[CHANNEL_SMS][3].w[0].end, 20 * 60);

	assert_int_equal(profile_preset("pl-consumer", &p, &e), 0);
	assert_int_equal(p.windows[CHANNEL_CALL][2].w[0].start, 9 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][2].w[0].end, 17 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][6].n, 0);
	assert_true(p.visit_by_agreement);

	assert_int_equal(profile_preset("ca-on", &p, &e), 0);
	assert_int_equal(p.windows[CHANNEL_CALL][0].w[0].start, 13 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][0].w[0].end, 17 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][1].w[0].start, 7 * 60);
	assert_string_equal(p.holiday_calendar, "CA-ON");
	assert_true(p.caps[0].after_conversation);
	assert_int_equal(p.caps[0].count, 3);

	assert_int_equal(profile_preset("b2b", &p, &e), 0);
	assert_int_equal(p.windows[CHANNEL_CALL][1].n, 2);
	assert_int_equal(p.windows[CHANNEL_CALL][1].w[0].end, 12 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][1].w[1].start, 14 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][0].n, 0);
	assert_int_equal(p.preferred[CHANNEL_CALL][1].w[1].start, 14 * 60 + 30);
	assert_string_equal(p.holiday_calendar, "debtor");

	assert_int_equal(profile_preset("de-consumer", &p, &e), 0);
	assert_int_equal(p.windows[CHANNEL_CALL][0].n, 0); /* Sunday */
	assert_int_equal(p.windows[CHANNEL_CALL][6].w[0].start, 8 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][6].w[0].end, 20 * 60);
	assert_int_equal(p.windows[CHANNEL_VISIT][3].w[0].end, 20 * 60);
	assert_string_equal(p.holiday_calendar, "debtor");
	assert_int_equal(p.caps[0].count, 2);

	/* France: Mon-Fri 10:00-13:00 and 14:00-20:00 (the telemarketing hours), no weekend */
	assert_int_equal(profile_preset("fr-consumer", &p, &e), 0);
	for (int c = CHANNEL_CALL; c <= CHANNEL_VISIT; c++) {
		if (c == CHANNEL_LETTER)
			continue;
		assert_int_equal(p.windows[c][0].n, 0); /* Sunday */
		assert_int_equal(p.windows[c][6].n, 0); /* Saturday */
		for (int d = 1; d <= 5; d++) {
			assert_int_equal(p.windows[c][d].n, 2);
			assert_int_equal(p.windows[c][d].w[0].start, 10 * 60);
			assert_int_equal(p.windows[c][d].w[0].end, 13 * 60);
			assert_int_equal(p.windows[c][d].w[1].start, 14 * 60);
			assert_int_equal(p.windows[c][d].w[1].end, 20 * 60);
		}
	}
	assert_int_equal(p.windows[CHANNEL_LETTER][0].w[0].end, 1440);
	assert_string_equal(p.holiday_calendar, "debtor");
	assert_int_equal(p.n_caps, 3);
	assert_string_equal(p.caps[0].code, "cap_calls_24h");
	assert_int_equal(p.caps[0].count, 2);
	assert_string_equal(p.caps[2].code, "cap_contacts_7d");
	assert_int_equal(p.caps[2].count, 7);
	assert_int_equal(p.third_party_max, 1);
	assert_true(p.voicemail_limited);

	assert_int_equal(profile_preset("it-consumer", &p, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "unknown profile 'it-consumer'"));
	assert_non_null(strstr(e.message, "fr-consumer"));
}

static void expect_error(const char *json, const char *message)
{
	struct profile p;
	struct error e = ERROR_INIT;
	assert_int_equal(profile_from_json_text(json, &p, &e), -ERR_INPUT);
	if (!strstr(e.message, message))
		fail_msg("%s\n  got: %s\n  want: %s", json, e.message, message);
}

static void test_json_errors(void **state)
{
	expect_error(
		"{\"name\": \"x\", \"extends\": \"us-consumer\", \"windows\": {\"call\": {\"mon\": [\"08:00-12:00\", \"14:00-25:00\"]}}}",
		"profile 'x': windows.call.mon[1]: '25:00' is not a time");
	expect_error("{\"name\": \"x\", \"extends\": \"us-consumer\", \"windows\": {\"fax\": {}}}",
		     "profile 'x': windows.fax: unknown channel");
	expect_error("{\"name\": \"x\", \"extends\": \"us-consumer\", \"windows\": {\"call\": {\"monday\": []}}}",
		     "profile 'x': windows.call.monday: unknown day");
	expect_error(
		"{\"name\": \"x\", \"extends\": \"us-consumer\", \"windows\": {\"call\": {\"mon\": [\"14:00-18:00\", \"08:00-12:00\"]}}}",
		"windows.call.mon[1]: windows must be in order");
	expect_error(
		"{\"name\": \"x\", \"extends\": \"us-consumer\", \"windows\": {\"call\": {\"mon\": [\"18:00-08:00\"]}}}",
		"windows.call.mon[0]: '18:00-08:00' ends before it starts");
	expect_error(
		"{\"name\": \"x\", \"extends\": \"us-consumer\", \"caps\": [{\"code\": \"c\", \"channels\": [\"call\"], \"count\": 3, \"period\": \"7w\"}]}",
		"profile 'x': caps[0].period: '7w' is not a duration");
	expect_error(
		"{\"name\": \"x\", \"extends\": \"us-consumer\", \"caps\": [{\"code\": \"c\", \"channels\": [\"call\"], \"count\": 0, \"period\": \"7d\"}]}",
		"caps[0].count: not a whole number between 1 and");
	expect_error(
		"{\"name\": \"x\", \"extends\": \"us-consumer\", \"caps\": [{\"code\": \"c\", \"count\": 3, \"period\": \"7d\"}]}",
		"caps[0]: code, channels, count and period are required");
	expect_error(
		"{\"name\": \"x\", \"extends\": \"us-consumer\", \"caps\": [{\"code\": \"c\", \"channels\": [\"pigeon\"], \"count\": 3, \"period\": \"7d\"}]}",
		"caps[0].channels: item 0: unknown channel 'pigeon'");
	expect_error("{\"name\": \"x\", \"extends\": \"us-consumer\", \"holidays\": {\"calendar\": \"IT\"}}",
		     "profile 'x': holidays.calendar: unknown calendar 'IT'");
	expect_error(
		"{\"name\": \"x\", \"extends\": \"us-consumer\", \"holidays\": {\"closed_days\": [\"2026-02-30\"]}}",
		"holidays.closed_days: item 0: '2026-02-30' is not a date");
	expect_error("{\"name\": \"x\", \"extends\": \"us-consumer\", \"window\": {}}",
		     "profile 'x': window: unknown field");
	expect_error("{\"name\": \"x\", \"extends\": \"us-nowhere\"}",
		     "profile 'x': extends: unknown profile 'us-nowhere'");
	expect_error("{\"name\": \"x\"}", "profile 'x': windows: missing");
	expect_error("{\"windows\": {}}", "profile: name is missing");
	expect_error("{\"name\": \"x\", \"extends\": \"b2b\", \"min_gap\": {\"call\": \"-1h\"}}",
		     "min_gap.call: '-1h' is not a duration");
	expect_error("{\"name\": \"x\", \"extends\": \"b2b\", \"visit_by_agreement\": 1}",
		     "visit_by_agreement: not true or false");
	expect_error("[1, 2]", "profile: not a JSON object");
	expect_error("{\"name\": ", "profile: invalid JSON at line 1");
}

static void test_json_overlay(void **state)
{
	struct profile p;
	struct error e = ERROR_INIT;
	const char *json =
		"{\"name\": \"tenant-us\", \"extends\": \"us-consumer\","
		" \"windows\": {\"call\": {\"mon\": [\"09:00-12:00\", \"13:00-20:00\"], \"tue\": [\"09:00-20:00\"]}},"
		" \"holidays\": {\"closed_days\": [\"2026-12-24\"]},"
		" \"caps\": [{\"code\": \"cap_5_in_7\", \"channels\": [\"call\", \"sms\"], \"count\": 5, \"period\": \"7d\","
		"            \"per_debt\": true}],"
		" \"min_gap\": {\"call\": \"90m\"}, \"burst_window\": 120}";

	if (profile_from_json_text(json, &p, &e))
		fail_msg("%s", e.message);
	assert_string_equal(p.name, "tenant-us");
	assert_int_equal(p.windows[CHANNEL_CALL][1].n, 2);
	assert_int_equal(p.windows[CHANNEL_CALL][1].w[1].start, 13 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][3].n, 0); /* a listed channel: missing days closed */
	assert_int_equal(p.windows[CHANNEL_SMS][3].n, 1);  /* other channels inherited */
	assert_int_equal(p.n_closed_days, 1);
	assert_string_equal(p.holiday_calendar, "debtor"); /* inherited */
	assert_int_equal(p.n_caps, 1);
	assert_string_equal(p.caps[0].code, "cap_5_in_7");
	assert_false(p.caps[0].per_person);
	assert_int_equal(p.min_gap[CHANNEL_CALL], 90 * 60);
	assert_int_equal(p.burst_window, 120);
	assert_int_equal(p.n_pauses, 1); /* inherited */
}

static void test_for_customer(void **state)
{
	static const struct {
		enum customer_kind kind;
		const char *country, *region, *zone, *explicit_profile, *tenant, *want;
	} cases[] = {
		{ KIND_PERSON, "US", "", "", "", "b2b", "us-consumer" },
		{ KIND_PERSON, "BR", "", "", "", NULL, "br-consumer" },
		{ KIND_PERSON, "PL", "", "", "", NULL, "pl-consumer" },
		{ KIND_PERSON, "GB", "", "", "", NULL, "gb-consumer" },
		{ KIND_PERSON, "DE", "", "", "", NULL, "de-consumer" },
		{ KIND_PERSON, "DE", "", "", "", "gb-consumer", "de-consumer" },
		{ KIND_PERSON, "FR", "", "", "", NULL, "fr-consumer" },
		{ KIND_PERSON, "FR", "57", "Europe/Paris", "", "gb-consumer", "fr-consumer" },
		{ KIND_COMPANY, "FR", "", "", "", NULL, "b2b" },
		{ KIND_PERSON, "FR", "", "", "b2b", NULL, "b2b" },
		{ KIND_PERSON, "IT", "", "", "", "gb-consumer", "gb-consumer" },
		{ KIND_PERSON, "IT", "", "", "", NULL, "" },
		{ KIND_COMPANY, "US", "", "", "", "us-consumer", "b2b" },
		{ KIND_COMPANY, "DE", "", "", "", NULL, "b2b" },
		{ KIND_PERSON, "US", "", "", "us-ma", "b2b", "us-ma" },
		{ KIND_COMPANY, "US", "", "", "us-consumer", NULL, "us-consumer" },
		/* Canada: the province, from the region, else the zone */
		{ KIND_PERSON, "CA", "ON", "", "", NULL, "ca-on" },
		{ KIND_PERSON, "CA", "CA-ON", "", "", NULL, "ca-on" },
		{ KIND_PERSON, "CA", "", "America/Toronto", "", NULL, "ca-on" },
		{ KIND_PERSON, "CA", "QC", "America/Toronto", "", NULL, "ca-qc" },
		{ KIND_PERSON, "CA", "", "America/Montreal", "", NULL, "ca-qc" },
		{ KIND_PERSON, "CA", "BC", "", "", NULL, "ca-bc" },
		{ KIND_PERSON, "CA", NULL, "America/Vancouver", NULL, NULL, "ca-bc" },
		{ KIND_PERSON, "CA", "MB", "America/Winnipeg", "", NULL, "ca-consumer" },
		{ KIND_PERSON, "CA", "", "America/Halifax", "", NULL, "ca-consumer" },
		{ KIND_PERSON, "CA", "NL", "", "", NULL, "ca-consumer" },
		{ KIND_PERSON, "CA", "AB", "", "", NULL, "ca-consumer" },
		{ KIND_PERSON, "CA", "", "", "", NULL, "ca-consumer" },
		{ KIND_PERSON, "CA", NULL, "Etc/UTC", "", "b2b", "ca-consumer" },
		{ KIND_PERSON, "CA", "QC", "", "ca-on", NULL, "ca-on" },
		{ KIND_COMPANY, "CA", "QC", "", "", NULL, "b2b" },
		/* a region of another country does not pick a Canadian profile */
		{ KIND_PERSON, "US", "QC", "America/Vancouver", "", NULL, "us-consumer" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(profile_for_customer(cases[i].kind, cases[i].country, cases[i].region,
							 cases[i].zone, cases[i].explicit_profile, cases[i].tenant),
				    cases[i].want);
}

/* The Canadian presets: each province's hours and calendar; all validate. */
static void test_ca_presets(void **state)
{
	struct profile p;
	struct error e;

	assert_int_equal(profile_preset("ca-qc", &p, &e), 0);
	assert_int_equal(profile_validate(&p, &e), 0);
	assert_string_equal(p.holiday_calendar, "CA-QC");
	assert_int_equal(p.windows[CHANNEL_CALL][0].n, 0); /* Sunday closed */
	assert_int_equal(p.windows[CHANNEL_CALL][1].n, 1);
	assert_int_equal(p.windows[CHANNEL_CALL][1].w[0].start, 8 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][6].w[0].end, 20 * 60);
	assert_int_equal(p.windows[CHANNEL_LETTER][0].n, 1);

	assert_int_equal(profile_preset("ca-bc", &p, &e), 0);
	assert_int_equal(profile_validate(&p, &e), 0);
	assert_string_equal(p.holiday_calendar, "CA-BC");
	assert_int_equal(p.windows[CHANNEL_CALL][0].w[0].start, 13 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][0].w[0].end, 17 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][3].w[0].start, 7 * 60);
	assert_int_equal(p.windows[CHANNEL_CALL][3].w[0].end, 21 * 60);
	assert_int_equal((int)p.n_caps, 1);
	assert_int_equal(p.caps[0].count, 3);

	assert_int_equal(profile_preset("ca-consumer", &p, &e), 0);
	assert_int_equal(profile_validate(&p, &e), 0);
	assert_string_equal(p.holiday_calendar, "debtor");
	assert_int_equal(p.windows[CHANNEL_CALL][0].n, 0);
	assert_int_equal(p.windows[CHANNEL_CALL][2].w[0].start, 8 * 60);

	/* Ontario's own is unchanged */
	assert_int_equal(profile_preset("ca-on", &p, &e), 0);
	assert_string_equal(p.holiday_calendar, "CA-ON");
}

static void test_times_and_durations(void **state)
{
	int m;
	int64_t s;
	char buf[32];

	assert_int_equal(profile_time_parse("08:30", 0, &m), 0);
	assert_int_equal(m, 510);
	assert_int_equal(profile_time_parse("24:00", 1, &m), 0);
	assert_int_equal(m, 1440);
	assert_int_equal(profile_time_parse("24:00", 0, &m), -1);
	assert_int_equal(profile_time_parse("8:30", 0, &m), -1);
	assert_int_equal(profile_time_parse("08:60", 0, &m), -1);
	assert_int_equal(profile_duration_parse("7d", &s), 0);
	assert_int_equal(s, 604800);
	assert_int_equal(profile_duration_parse("300", &s), 0);
	assert_int_equal(s, 300);
	assert_int_equal(profile_duration_parse("5m", &s), 0);
	assert_int_equal(s, 300);
	assert_int_equal(profile_duration_parse("d", &s), -1);
	assert_int_equal(profile_duration_parse("7dd", &s), -1);
	assert_string_equal(profile_duration_format(604800, buf, sizeof(buf)), "7d");
	assert_string_equal(profile_duration_format(7200, buf, sizeof(buf)), "2h");
	assert_string_equal(profile_duration_format(90, buf, sizeof(buf)), "90s");
	assert_string_equal(profile_duration_format(0, buf, sizeof(buf)), "0s");
}

/* The charges a strategy's fee and interest steps may not exceed: Brazil's consumer fine and interest. */
static void test_charges(void **state)
{
	struct profile p;
	struct error e = ERROR_INIT;
	char *text;

	(void)state;
	assert_int_equal(profile_preset("br-consumer", &p, &e), 0);
	assert_int_equal(p.has_charges, 1);
	assert_int_equal(p.fee_max_bp, 200);
	assert_int_equal(p.interest_monthly_max_bp, 100);
	assert_int_equal(profile_preset("us-consumer", &p, &e), 0);
	assert_int_equal(p.has_charges, 0);
	assert_int_equal(profile_from_json_text("{\"name\": \"x\", \"extends\": \"b2b\", \"charges\": "
						"{\"fee_max_bp\": 150, \"interest_monthly_max_bp\": 50}}",
						&p, &e),
			 0);
	assert_int_equal(p.has_charges, 1);
	assert_int_equal(p.fee_max_bp, 150);
	assert_int_equal(p.interest_monthly_max_bp, 50);
	text = profile_to_json_text(&p);
	assert_non_null(strstr(text, "\"fee_max_bp\": 150"));
	free(text);
	assert_int_equal(profile_from_json_text("{\"name\": \"x\", \"extends\": \"b2b\", \"charges\": "
						"{\"fee_max_bp\": 20000}}",
						&p, &e),
			 -ERR_INPUT);
	assert_non_null(strstr(e.message, "charges.fee_max_bp"));
	assert_int_equal(profile_from_json_text("{\"name\": \"x\", \"extends\": \"b2b\", \"charges\": "
						"{\"fees\": 1}}",
						&p, &e),
			 -ERR_INPUT);
	assert_non_null(strstr(e.message, "charges.fees"));

	/* France: no fee and no interest (CPCE L111-8; legal interest from a formal notice is the tenant's) */
	assert_int_equal(profile_preset("fr-consumer", &p, &e), 0);
	assert_int_equal(p.has_charges, 1);
	assert_int_equal(p.fee_max_bp, 0);
	assert_int_equal(p.interest_monthly_max_bp, 0);
	text = profile_to_json_text(&p);
	assert_non_null(strstr(text, "\"fee_max_bp\": 0"));
	free(text);
	/* a tenant adds the legal rate, the fee stays at none */
	assert_int_equal(profile_from_json_text("{\"name\": \"acme-fr\", \"extends\": \"fr-consumer\", \"charges\": "
						"{\"fee_max_bp\": 0, \"interest_monthly_max_bp\": 25}}",
						&p, &e),
			 0);
	assert_int_equal(p.fee_max_bp, 0);
	assert_int_equal(p.interest_monthly_max_bp, 25);
	assert_int_equal(p.windows[CHANNEL_CALL][1].w[0].start, 10 * 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets_valid_and_round_trip),
		cmocka_unit_test(test_preset_numbers),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_json_overlay),
		cmocka_unit_test(test_for_customer),
		cmocka_unit_test(test_ca_presets),
		cmocka_unit_test(test_times_and_durations),
		cmocka_unit_test(test_charges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
