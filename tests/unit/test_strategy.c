#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/strategy.h"

/* Every preset parses, and its canonical JSON parses back to the same struct and the same text. */
static void test_presets_parse_and_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; strategy_preset_names[i]; i++) {
		struct strategy s, t;
		struct error e = ERROR_INIT;
		char *a, *b;

		if (strategy_preset(strategy_preset_names[i], &s, &e))
			fail_msg("%s: %s", strategy_preset_names[i], e.message);
		assert_string_equal(s.name, strategy_preset_names[i]);
		a = strategy_to_json(&s);
		assert_non_null(a);
		if (strategy_parse(a, &t, &e))
			fail_msg("%s: %s\n%s", strategy_preset_names[i], e.message, a);
		assert_memory_equal(&s, &t, sizeof(s));
		b = strategy_to_json(&t);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
}

/* The b2b-gentle: -5, 0, +7 call, +15 statement, +30 call, +45 letter, +60 hold, +90 agency. */
static void test_b2b_gentle_steps(void **state)
{
	static const int offsets[] = { -5, 0, 7, 15, 30, 45, 60, 90 };
	static const enum step_action actions[] = { ACTION_EMAIL,       ACTION_EMAIL,
						    ACTION_CALL,        ACTION_EMAIL,
						    ACTION_CALL,        ACTION_LETTER,
						    ACTION_CREDIT_HOLD, ACTION_PLACE_WITH_AGENCY };
	struct strategy s;
	struct error e = ERROR_INIT;

	(void)state;
	assert_int_equal(strategy_preset("b2b-gentle", &s, &e), 0);
	assert_int_equal(s.n_steps, 8);
	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(s.steps[i].offset_days, offsets[i]);
		assert_int_equal(s.steps[i].action, actions[i]);
	}
	assert_int_equal(s.segment.kind, KIND_COMPANY);
	assert_true(strategy_preset_is_generic("b2b-gentle"));
	assert_false(strategy_preset_is_generic("consumer-br"));
	assert_string_equal(strategy_default_preset(KIND_PERSON), "consumer-standard");
	assert_int_equal(strategy_preset("nope", &s, &e), -ERR_NOT_FOUND);
}

static int parse_fails(const char *json, const char *field, const char *needle)
{
	struct strategy s;
	struct error e = ERROR_INIT;
	int ret = strategy_parse(json, &s, &e);

	if (ret != -ERR_INPUT)
		fail_msg("accepted: %s", json);
	if (field && strcmp(e.field, field))
		fail_msg("field '%s', not '%s': %s", e.field, field, e.message);
	if (needle && !strstr(e.message, needle))
		fail_msg("'%s' not in: %s", needle, e.message);
	return 1;
}

#define STEP "{\"name\": \"s1\", \"offset_days\": 3, \"action\": \"email\", \"template\": \"t\"}"

static void test_errors_name_their_path(void **state)
{
	(void)state;
	parse_fails("not json", NULL, "not valid JSON at line 1");
	parse_fails("[]", NULL, "not a JSON object");
	parse_fails("{\"steps\": [" STEP "]}", "name", "name: missing");
	parse_fails("{\"name\": \"Bad Name\", \"steps\": [" STEP "]}", "name", "lower-case");
	parse_fails("{\"name\": \"x\"}", "", "steps is missing");
	parse_fails("{\"name\": \"x\", \"steps\": []}", "steps", "at least one step");
	parse_fails("{\"name\": \"x\", \"colour\": 1, \"steps\": [" STEP "]}", "colour", "unknown field");
	parse_fails("{\"name\": \"x\", \"steps\": [{\"name\": \"a\", \"offset_days\": \"7\", \"action\": \"call\", "
		    "\"template\": \"t\"}]}",
		    "steps[0].offset_days", "not a whole number from -60 to 3650");
	parse_fails("{\"name\": \"x\", \"steps\": [" STEP ", {\"name\": \"b\", \"offset_days\": 9, \"action\": "
		    "\"mail\", \"template\": \"t\"}]}",
		    "steps[1].action", "unknown action 'mail'");
	parse_fails("{\"name\": \"x\", \"steps\": [{\"name\": \"a\", \"offset_days\": 1, \"action\": \"call\"}]}",
		    "steps[0]", "template is missing");
	parse_fails("{\"name\": \"x\", \"steps\": [{\"name\": \"a\", \"offset_days\": 1, \"action\": \"fee\"}]}",
		    "steps[0].fee", "a fee step gives");
	parse_fails("{\"name\": \"x\", \"steps\": [{\"name\": \"a\", \"offset_days\": 1, \"action\": \"fee\", "
		    "\"fee\": {\"amount\": \"40.00\", \"percent\": \"2\"}}]}",
		    "steps[0].fee", "either an amount or a percent");
	parse_fails("{\"name\": \"x\", \"steps\": [{\"name\": \"a\", \"offset_days\": 1, \"action\": \"fee\", "
		    "\"fee\": {\"percent\": \"101\"}}]}",
		    "steps[0].fee.percent", "at most 100");
	parse_fails("{\"name\": \"x\", \"steps\": [{\"name\": \"a\", \"offset_days\": 1, \"action\": \"interest\", "
		    "\"interest\": {\"monthly_percent\": \"1.255\"}}]}",
		    "steps[0].interest.monthly_percent", "at most 2 decimals");
	parse_fails("{\"name\": \"x\", \"steps\": [" STEP ", " STEP "]}", "steps[1]", "used by steps[0] too");
	parse_fails("{\"name\": \"x\", \"steps\": [{\"name\": \"a\", \"offset_days\": 9, \"action\": \"call\", "
		    "\"template\": \"t\"}, " STEP "]}",
		    "steps[1]", "list the steps in the order");
	parse_fails("{\"name\": \"x\", \"segment\": {\"countries\": [\"XX\"]}, \"steps\": [" STEP "]}",
		    "segment.countries[0]", "'XX' is not an ISO 3166-1");
	parse_fails("{\"name\": \"x\", \"segment\": {\"currencies\": [\"EUR\", \"EUR\"]}, \"steps\": [" STEP "]}",
		    "segment.currencies[1]", "listed twice");
	parse_fails("{\"name\": \"x\", \"segment\": {\"balance\": {\"min\": \"100\", \"max\": \"10\"}}, "
		    "\"steps\": [" STEP "]}",
		    "segment.balance", "min is more than max");
	parse_fails("{\"name\": \"x\", \"segment\": {\"balance\": {\"min\": 100}}, \"steps\": [" STEP "]}",
		    "segment.balance.min", "in quotes");
	parse_fails("{\"name\": \"x\", \"segment\": {\"risk_bands\": [\"F\"]}, \"steps\": [" STEP "]}",
		    "segment.risk_bands[0]", "not a risk band");
	parse_fails("{\"name\": \"x\", \"segment\": {\"tags\": [\"Key Account\"]}, \"steps\": [" STEP "]}",
		    "segment.tags[0]", "not a tag");
	parse_fails("{\"name\": \"x\", \"name\": \"y\", \"steps\": [" STEP "]}", NULL, "duplicate");
}

/* Every problem is reported at once, the first one's path in e->field. */
static void test_every_problem_at_once(void **state)
{
	struct strategy s;
	struct error e = ERROR_INIT;

	(void)state;
	assert_int_equal(strategy_parse("{\"name\": \"x\", \"priority\": -1, \"segment\": {\"kind\": \"robot\"}, "
					"\"steps\": [{\"name\": \"a\", \"offset_days\": 99999, \"action\": \"email\", "
					"\"template\": \"t\", \"conditions\": {\"min_balance\": \"-1\"}}]}",
					&s, &e),
			 -ERR_INPUT);
	assert_string_equal(e.field, "priority");
	assert_non_null(strstr(e.message, "priority: not a whole number from 0 to 1000"));
	assert_non_null(strstr(e.message, "segment.kind: not \"company\""));
	assert_non_null(strstr(e.message, "steps[0].offset_days"));
	assert_non_null(strstr(e.message, "steps[0].conditions.min_balance"));

	/* a refused offset is not compared with the next step's: no made-up second error */
	e = (struct error)ERROR_INIT;
	assert_int_equal(
		strategy_parse("{\"name\": \"x\", \"steps\": [{\"name\": \"a\", \"offset_days\": -100000, "
			       "\"action\": \"email\", \"template\": \"t\"}, {\"name\": \"b\", \"offset_days\": 0, "
			       "\"action\": \"email\", \"template\": \"t\"}]}",
			       &s, &e),
		-ERR_INPUT);
	assert_non_null(strstr(e.message, "steps[0].offset_days: not a whole number from -60 to 3650"));
	assert_null(strstr(e.message, "steps[0]'s too"));
	assert_null(strstr(e.message, "comes before"));
}

static struct account_facts facts(enum customer_kind kind, const char *country, const char *cur, int exp,
				  int64_t balance, int dpd)
{
	struct account_facts a = { 0 };

	a.kind = kind;
	a.country = country;
	a.currency = cur;
	a.exponent = exp;
	a.balance = balance;
	a.dpd = dpd;
	a.risk_band = -1;
	a.tags = "";
	return a;
}

static void test_segments_match(void **state)
{
	static const char *const products[] = { "hosting", "support" };
	struct strategy s;
	struct error e = ERROR_INIT;
	struct account_facts a;

	(void)state;
	assert_int_equal(strategy_parse("{\"name\": \"big\", \"segment\": {\"kind\": \"company\", \"countries\": "
					"[\"US\", \"CA\"], \"currencies\": [\"USD\", \"JPY\"], \"balance\": {\"min\": "
					"\"1000.00\", \"max\": \"50000\"}, \"dpd\": {\"min\": 0, \"max\": 120}, "
					"\"risk_bands\": [\"D\", \"E\"], \"tags\": [\"key\"], \"products\": "
					"[\"support\"]}, \"steps\": [" STEP "]}",
					&s, &e),
			 0);
	a = facts(KIND_COMPANY, "US", "USD", 2, 100000, 10); /* 1000.00: the inclusive lower bound */
	a.risk_band = 3;
	a.tags = "vip;key";
	a.products = products;
	a.n_products = 2;
	assert_true(segment_matches(&s.segment, &a));
	a.balance = 99999;
	assert_false(segment_matches(&s.segment, &a));
	a.balance = 5000000; /* 50000.00 */
	assert_true(segment_matches(&s.segment, &a));
	a.balance = 5000001;
	assert_false(segment_matches(&s.segment, &a));
	/* a currency without decimals compares exactly too */
	a.currency = "JPY";
	a.exponent = 0;
	a.balance = 1000;
	assert_true(segment_matches(&s.segment, &a));
	a.balance = 999;
	assert_false(segment_matches(&s.segment, &a));
	a.balance = 1000;
	a.risk_band = -1; /* unknown band: a segment naming bands does not match */
	assert_false(segment_matches(&s.segment, &a));
	a.risk_band = 4;
	a.tags = "keys;ke"; /* whole tags only */
	assert_false(segment_matches(&s.segment, &a));
	a.tags = "key";
	a.n_products = 1; /* hosting only */
	assert_false(segment_matches(&s.segment, &a));
	a.n_products = 2;
	a.dpd = 121;
	assert_false(segment_matches(&s.segment, &a));
	a.dpd = 120;
	a.country = "GB";
	assert_false(segment_matches(&s.segment, &a));
	a.country = "CA";
	a.kind = KIND_PERSON;
	assert_false(segment_matches(&s.segment, &a));
}

static void test_choose_by_priority_then_name(void **state)
{
	struct strategy br, us, mine, other;
	const struct strategy *list[4];
	struct error e = ERROR_INIT;
	struct account_facts a = facts(KIND_PERSON, "BR", "BRL", 2, 10000, 5);

	(void)state;
	assert_int_equal(strategy_preset("consumer-br", &br, &e), 0);
	assert_int_equal(strategy_preset("consumer-us", &us, &e), 0);
	assert_int_equal(strategy_parse("{\"name\": \"zz-mine\", \"segment\": {\"kind\": \"person\", \"balance\": "
					"{\"min\": \"500\"}}, \"steps\": [" STEP "]}",
					&mine, &e),
			 0);
	assert_int_equal(mine.priority, 100);
	assert_int_equal(strategy_parse("{\"name\": \"aa-other\", \"segment\": {\"kind\": \"person\", \"balance\": "
					"{\"min\": \"500\"}}, \"steps\": [" STEP "]}",
					&other, &e),
			 0);
	list[0] = &us;
	list[1] = &br;
	list[2] = &mine;
	list[3] = &other;
	assert_int_equal(strategy_choose(list, 4, &a), 1); /* only the Brazilian preset matches 100.00 */
	a.balance = 50000;
	assert_int_equal(strategy_choose(list, 4, &a), 3); /* priority 100 beats 10; aa- before zz- */
	a.country = "PL";
	a.balance = 100;
	assert_int_equal(strategy_choose(list, 4, &a), -1); /* nothing: the caller uses the default */
}

static void test_step_due_and_conditions(void **state)
{
	struct strategy s;
	struct error e = ERROR_INIT;
	struct account_facts a = facts(KIND_COMPANY, "US", "USD", 2, 9999, 0);

	(void)state;
	assert_int_equal(strategy_preset("b2b-gentle", &s, &e), 0);
	assert_int_equal(strategy_step_due(&s, -6), -1);
	assert_int_equal(strategy_step_due(&s, -5), 0);
	assert_int_equal(strategy_step_due(&s, -1), 0);
	assert_int_equal(strategy_step_due(&s, 0), 1);
	assert_int_equal(strategy_step_due(&s, 16), 3); /* a missed day: the latest step due */
	assert_int_equal(strategy_step_due(&s, 5000), 7);
	assert_false(step_balance_met(&s.steps[7].cond, &a)); /* agency review from 100.00 */
	a.balance = 10000;
	assert_true(step_balance_met(&s.steps[7].cond, &a));
	assert_true(step_balance_met(&s.steps[0].cond, &a));
}

static void test_fees_and_amounts(void **state)
{
	struct strategy s;
	struct error e = ERROR_INIT;
	enum channel c;

	(void)state;
	assert_int_equal(strategy_preset("consumer-br", &s, &e), 0);
	assert_int_equal(s.steps[2].action, ACTION_FEE);
	assert_int_equal(s.steps[2].fee_bp, 200);
	assert_int_equal(s.steps[6].interest_monthly_bp, 100);
	assert_int_equal(strategy_preset("b2b-eu", &s, &e), 0);
	assert_int_equal(strategy_e4_to_minor(s.steps[2].fee_e4, 2), 4000);
	assert_int_equal(strategy_e4_to_minor(s.steps[2].fee_e4, 0), 40);
	assert_int_equal(strategy_e4_to_minor(1255, 2), 12); /* 0.1255 -> 0.12: never more than written */
	assert_int_equal(step_action_channel(ACTION_LETTER, &c), 1);
	assert_int_equal(c, CHANNEL_LETTER);
	assert_int_equal(step_action_channel(ACTION_FEE, &c), 0);
	assert_int_equal(step_action_channel(ACTION_CREDIT_HOLD, &c), 0);
	assert_string_equal(step_action_name(ACTION_PLACE_WITH_AGENCY), "place_with_agency");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets_parse_and_round_trip),
		cmocka_unit_test(test_b2b_gentle_steps),
		cmocka_unit_test(test_errors_name_their_path),
		cmocka_unit_test(test_every_problem_at_once),
		cmocka_unit_test(test_segments_match),
		cmocka_unit_test(test_choose_by_priority_then_name),
		cmocka_unit_test(test_step_due_and_conditions),
		cmocka_unit_test(test_fees_and_amounts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
