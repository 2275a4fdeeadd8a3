/*
 * strategy_presets.c: the strategies shipped with recoup, as the JSON a
 * manager would write (docs/strategies.md explains each). A tenant edits one
 * by storing a strategy of the same name (`recoup strategy show NAME >
 * f.json`, edit, `recoup strategy set NAME f.json`).
 *
 * The generic presets (b2b-gentle, consumer-standard) are defaults only:
 * they apply to an account no candidate matches. The country presets are
 * candidates at priority 10, where local practice or law differs.
 */
#include <string.h>

#include "core/strategy.h"

struct preset {
	const char *name;
	int generic;
	const char *json;
};

static const struct preset presets[] = {
	{ "b2b-gentle", 1,
	  "{\"name\": \"b2b-gentle\","
	  " \"description\": \"Companies: keep the customer. Reminders around the due date, calls, a statement, "
	  "a formal letter, then credit hold and agency review.\","
	  " \"priority\": 0, \"segment\": {\"kind\": \"company\"},"
	  " \"steps\": ["
	  "  {\"name\": \"courtesy-reminder\", \"offset_days\": -5, \"action\": \"email\", \"template\": "
	  "\"courtesy-reminder\", \"priority\": 20},"
	  "  {\"name\": \"due-today\", \"offset_days\": 0, \"action\": \"email\", \"template\": \"due-today\", "
	  "\"priority\": 20},"
	  "  {\"name\": \"first-call\", \"offset_days\": 7, \"action\": \"call\", \"template\": \"first-call\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 60},"
	  "  {\"name\": \"statement\", \"offset_days\": 15, \"action\": \"email\", \"template\": \"statement\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 40},"
	  "  {\"name\": \"second-call\", \"offset_days\": 30, \"action\": \"call\", \"template\": \"second-call\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 70},"
	  "  {\"name\": \"formal-letter\", \"offset_days\": 45, \"action\": \"letter\", \"template\": "
	  "\"formal-notice\", \"conditions\": {\"not_while_promise\": true}, \"priority\": 60},"
	  "  {\"name\": \"credit-hold\", \"offset_days\": 60, \"action\": \"credit_hold\", \"template\": "
	  "\"credit-hold-notice\", \"priority\": 80},"
	  "  {\"name\": \"agency-review\", \"offset_days\": 90, \"action\": \"place_with_agency\", \"template\": "
	  "\"agency-review\", \"conditions\": {\"min_balance\": \"100.00\"}, \"priority\": 90}"
	  " ]}" },
	{ "consumer-standard", 1,
	  "{\"name\": \"consumer-standard\","
	  " \"description\": \"Persons: a text before the due date, then email, calls and letters spaced out, "
	  "a final notice, agency review at 60 days and write-off review at 180.\","
	  " \"priority\": 0, \"segment\": {\"kind\": \"person\"},"
	  " \"steps\": ["
	  "  {\"name\": \"reminder\", \"offset_days\": -3, \"action\": \"sms\", \"template\": \"payment-reminder\", "
	  "\"priority\": 20},"
	  "  {\"name\": \"due-today\", \"offset_days\": 0, \"action\": \"email\", \"template\": \"due-today\", "
	  "\"priority\": 20},"
	  "  {\"name\": \"missed-payment\", \"offset_days\": 3, \"action\": \"sms\", \"template\": \"missed-payment\", "
	  "\"conditions\": {\"only_if_no_answer\": true}, \"priority\": 30},"
	  "  {\"name\": \"first-call\", \"offset_days\": 7, \"action\": \"call\", \"template\": \"first-call\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 60},"
	  "  {\"name\": \"arrears-letter\", \"offset_days\": 14, \"action\": \"letter\", \"template\": "
	  "\"arrears-letter\", \"conditions\": {\"not_while_promise\": true}, \"priority\": 50},"
	  "  {\"name\": \"second-call\", \"offset_days\": 21, \"action\": \"call\", \"template\": \"second-call\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 70},"
	  "  {\"name\": \"final-notice\", \"offset_days\": 35, \"action\": \"letter\", \"template\": "
	  "\"final-notice\", \"conditions\": {\"not_while_promise\": true}, \"priority\": 70},"
	  "  {\"name\": \"agency-review\", \"offset_days\": 60, \"action\": \"place_with_agency\", \"template\": "
	  "\"agency-review\", \"conditions\": {\"min_balance\": \"50.00\"}, \"priority\": 90},"
	  "  {\"name\": \"write-off-review\", \"offset_days\": 180, \"action\": \"write_off_review\", \"template\": "
	  "\"write-off-review\", \"priority\": 40}"
	  " ]}" },
	{ "consumer-us", 0,
	  "{\"name\": \"consumer-us\","
	  " \"description\": \"US consumers: no texts (the TCPA wants prior express consent for automated "
	  "texts), no fees (FDCPA 1692f(1): only when the agreement or law allows), calls within Regulation F "
	  "(the contact rules enforce it).\","
	  " \"priority\": 10, \"segment\": {\"kind\": \"person\", \"countries\": [\"US\"]},"
	  " \"steps\": ["
	  "  {\"name\": \"reminder\", \"offset_days\": -3, \"action\": \"email\", \"template\": "
	  "\"payment-reminder\", \"priority\": 20},"
	  "  {\"name\": \"due-today\", \"offset_days\": 0, \"action\": \"email\", \"template\": \"due-today\", "
	  "\"priority\": 20},"
	  "  {\"name\": \"first-call\", \"offset_days\": 7, \"action\": \"call\", \"template\": \"first-call\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 60},"
	  "  {\"name\": \"arrears-letter\", \"offset_days\": 15, \"action\": \"letter\", \"template\": "
	  "\"arrears-letter\", \"conditions\": {\"not_while_promise\": true}, \"priority\": 50},"
	  "  {\"name\": \"second-call\", \"offset_days\": 30, \"action\": \"call\", \"template\": \"second-call\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 70},"
	  "  {\"name\": \"final-notice\", \"offset_days\": 45, \"action\": \"letter\", \"template\": "
	  "\"final-notice\", \"conditions\": {\"not_while_promise\": true}, \"priority\": 70},"
	  "  {\"name\": \"agency-review\", \"offset_days\": 90, \"action\": \"place_with_agency\", \"template\": "
	  "\"agency-review\", \"conditions\": {\"min_balance\": \"50.00\"}, \"priority\": 90},"
	  "  {\"name\": \"write-off-review\", \"offset_days\": 180, \"action\": \"write_off_review\", \"template\": "
	  "\"write-off-review\", \"priority\": 40}"
	  " ]}" },
	{ "consumer-br", 0,
	  "{\"name\": \"consumer-br\","
	  " \"description\": \"Brazilian consumers: the 2% late fine (multa, CDC art. 52 par. 1) the day after "
	  "due, 1% a month interest (juros de mora), the written notice before a credit-bureau listing (CDC "
	  "art. 43 par. 2).\","
	  " \"priority\": 10, \"segment\": {\"kind\": \"person\", \"countries\": [\"BR\"]},"
	  " \"steps\": ["
	  "  {\"name\": \"lembrete\", \"offset_days\": -3, \"action\": \"sms\", \"template\": \"lembrete\", "
	  "\"priority\": 20},"
	  "  {\"name\": \"vencimento\", \"offset_days\": 0, \"action\": \"email\", \"template\": \"vencimento\", "
	  "\"priority\": 20},"
	  "  {\"name\": \"multa\", \"offset_days\": 1, \"action\": \"fee\", \"fee\": {\"percent\": \"2\"}},"
	  "  {\"name\": \"first-call\", \"offset_days\": 5, \"action\": \"call\", \"template\": \"first-call\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 60},"
	  "  {\"name\": \"second-sms\", \"offset_days\": 10, \"action\": \"sms\", \"template\": \"atraso\", "
	  "\"conditions\": {\"only_if_no_answer\": true}, \"priority\": 30},"
	  "  {\"name\": \"notificacao-previa\", \"offset_days\": 25, \"action\": \"letter\", \"template\": "
	  "\"notificacao-previa\", \"priority\": 70},"
	  "  {\"name\": \"juros-30\", \"offset_days\": 30, \"action\": \"interest\", \"interest\": "
	  "{\"monthly_percent\": \"1\"}},"
	  "  {\"name\": \"negativacao-review\", \"offset_days\": 40, \"action\": \"legal_review\", \"template\": "
	  "\"negativacao-review\", \"conditions\": {\"min_balance\": \"50.00\"}, \"priority\": 80},"
	  "  {\"name\": \"juros-60\", \"offset_days\": 60, \"action\": \"interest\", \"interest\": "
	  "{\"monthly_percent\": \"1\"}},"
	  "  {\"name\": \"juros-90\", \"offset_days\": 90, \"action\": \"interest\", \"interest\": "
	  "{\"monthly_percent\": \"1\"}},"
	  "  {\"name\": \"agency-review\", \"offset_days\": 91, \"action\": \"place_with_agency\", \"template\": "
	  "\"agency-review\", \"priority\": 90}"
	  " ]}" },
	{ "consumer-gb", 0,
	  "{\"name\": \"consumer-gb\","
	  " \"description\": \"UK consumers: early, supportive contact (FCA CONC 7), then the letter before "
	  "claim of the Pre-Action Protocol for Debt Claims, which gives 30 days to reply before any claim is "
	  "reviewed.\","
	  " \"priority\": 10, \"segment\": {\"kind\": \"person\", \"countries\": [\"GB\"]},"
	  " \"steps\": ["
	  "  {\"name\": \"reminder\", \"offset_days\": -3, \"action\": \"sms\", \"template\": "
	  "\"payment-reminder\", \"priority\": 20},"
	  "  {\"name\": \"due-today\", \"offset_days\": 0, \"action\": \"email\", \"template\": \"due-today\", "
	  "\"priority\": 20},"
	  "  {\"name\": \"first-call\", \"offset_days\": 7, \"action\": \"call\", \"template\": "
	  "\"first-call-support\", \"conditions\": {\"not_while_promise\": true}, \"priority\": 60},"
	  "  {\"name\": \"arrears-letter\", \"offset_days\": 14, \"action\": \"letter\", \"template\": "
	  "\"arrears-letter-support\", \"conditions\": {\"not_while_promise\": true}, \"priority\": 50},"
	  "  {\"name\": \"second-call\", \"offset_days\": 28, \"action\": \"call\", \"template\": \"second-call\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 70},"
	  "  {\"name\": \"letter-before-claim\", \"offset_days\": 60, \"action\": \"letter\", \"template\": "
	  "\"letter-before-claim\", \"conditions\": {\"not_while_promise\": true}, \"priority\": 80},"
	  "  {\"name\": \"claim-review\", \"offset_days\": 95, \"action\": \"legal_review\", \"template\": "
	  "\"claim-review\", \"conditions\": {\"min_balance\": \"50.00\"}, \"priority\": 90},"
	  "  {\"name\": \"write-off-review\", \"offset_days\": 180, \"action\": \"write_off_review\", \"template\": "
	  "\"write-off-review\", \"priority\": 40}"
	  " ]}" },
	{ "b2b-eu", 0,
	  "{\"name\": \"b2b-eu\","
	  " \"description\": \"Companies billed in euro: as b2b-gentle, plus the fixed 40 EUR compensation per "
	  "late invoice of the Late Payment Directive 2011/7/EU (art. 6).\","
	  " \"priority\": 10, \"segment\": {\"kind\": \"company\", \"currencies\": [\"EUR\"]},"
	  " \"steps\": ["
	  "  {\"name\": \"courtesy-reminder\", \"offset_days\": -5, \"action\": \"email\", \"template\": "
	  "\"courtesy-reminder\", \"priority\": 20},"
	  "  {\"name\": \"due-today\", \"offset_days\": 0, \"action\": \"email\", \"template\": \"due-today\", "
	  "\"priority\": 20},"
	  "  {\"name\": \"compensation\", \"offset_days\": 1, \"action\": \"fee\", \"fee\": {\"amount\": \"40.00\"}},"
	  "  {\"name\": \"first-call\", \"offset_days\": 7, \"action\": \"call\", \"template\": \"first-call\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 60},"
	  "  {\"name\": \"statement\", \"offset_days\": 15, \"action\": \"email\", \"template\": \"statement\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 40},"
	  "  {\"name\": \"second-call\", \"offset_days\": 30, \"action\": \"call\", \"template\": \"second-call\", "
	  "\"conditions\": {\"not_while_promise\": true}, \"priority\": 70},"
	  "  {\"name\": \"formal-letter\", \"offset_days\": 45, \"action\": \"letter\", \"template\": "
	  "\"formal-notice\", \"conditions\": {\"not_while_promise\": true}, \"priority\": 60},"
	  "  {\"name\": \"credit-hold\", \"offset_days\": 60, \"action\": \"credit_hold\", \"template\": "
	  "\"credit-hold-notice\", \"priority\": 80},"
	  "  {\"name\": \"agency-review\", \"offset_days\": 90, \"action\": \"place_with_agency\", \"template\": "
	  "\"agency-review\", \"conditions\": {\"min_balance\": \"100.00\"}, \"priority\": 90}"
	  " ]}" },
};

#define N_PRESETS (sizeof(presets) / sizeof(presets[0]))

const char *const strategy_preset_names[] = { "b2b-gentle",  "consumer-standard", "consumer-us",
					      "consumer-br", "consumer-gb",       "b2b-eu",
					      NULL };

static const struct preset *find(const char *name)
{
	for (size_t i = 0; i < N_PRESETS; i++)
		if (name && !strcmp(presets[i].name, name))
			return &presets[i];
	return NULL;
}

const char *strategy_preset_json(const char *name)
{
	const struct preset *p = find(name);

	return p ? p->json : NULL;
}

int strategy_preset(const char *name, struct strategy *out, struct error *e)
{
	const struct preset *p = find(name);

	if (!p)
		return error_set(e, ERR_NOT_FOUND,
				 "unknown strategy preset '%s' (b2b-gentle, consumer-standard, consumer-us, "
				 "consumer-br, consumer-gb, b2b-eu)",
				 name ? name : "");
	return strategy_parse(p->json, out, e);
}

const char *strategy_default_preset(enum customer_kind kind)
{
	return kind == KIND_COMPANY ? "b2b-gentle" : "consumer-standard";
}

int strategy_preset_is_generic(const char *name)
{
	const struct preset *p = find(name);

	return p && p->generic;
}
