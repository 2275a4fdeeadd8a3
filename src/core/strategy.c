/*
 * strategy.c: strategies from and to JSON, the presets, and which strategy
 * and step apply to an account. See strategy.h and docs/strategies.md.
 *
 * The parser is strict: every key is known, every value checked, and it
 * reports every problem it finds (not only the first), each under its JSON
 * path, so a manager editing a file fixes it in one pass.
 */
#include "core/strategy.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/validate.h"

static const char *const action_names[ACTION_COUNT] = {
	[ACTION_EMAIL] = "email",
	[ACTION_SMS] = "sms",
	[ACTION_LETTER] = "letter",
	[ACTION_CALL] = "call",
	[ACTION_VISIT] = "visit",
	[ACTION_FEE] = "fee",
	[ACTION_INTEREST] = "interest",
	[ACTION_CREDIT_HOLD] = "credit_hold",
	[ACTION_PLACE_WITH_AGENCY] = "place_with_agency",
	[ACTION_LEGAL_REVIEW] = "legal_review",
	[ACTION_WRITE_OFF_REVIEW] = "write_off_review",
};

const char *step_action_name(enum step_action a)
{
	return (unsigned)a < ACTION_COUNT ? action_names[a] : "?";
}

int step_action_parse(const char *name, enum step_action *out, struct error *e)
{
	for (int a = 0; a < ACTION_COUNT; a++)
		if (name && !strcmp(name, action_names[a])) {
			*out = (enum step_action)a;
			return 0;
		}
	return error_set(e, ERR_INPUT,
			 "unknown action '%s' (email, sms, letter, call, visit, fee, interest, credit_hold, "
			 "place_with_agency, legal_review or write_off_review)",
			 name ? name : "");
}

int step_action_channel(enum step_action a, enum channel *out)
{
	switch (a) {
	case ACTION_EMAIL: *out = CHANNEL_EMAIL; return 1;
	case ACTION_SMS: *out = CHANNEL_SMS; return 1;
	case ACTION_LETTER: *out = CHANNEL_LETTER; return 1;
	case ACTION_CALL: *out = CHANNEL_CALL; return 1;
	case ACTION_VISIT: *out = CHANNEL_VISIT; return 1;
	default: return 0;
	}
}

/* ---- parsing ---- */

#define PARSE_ERRORS_MAX 12

/* Where the parser is (the JSON path) and what it has found wrong so far. */
struct parse {
	char path[128];
	int n_errors;
	char first_field[ERROR_FIELD_MAX];
	char text[ERROR_MESSAGE_MAX - 64];
	size_t used;
};

static void problem(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct parse *p, const char *fmt, ...)
{
	char detail[256];
	va_list ap;
	int n;

	if (p->n_errors++ == 0)
		snprintf(p->first_field, sizeof(p->first_field), "%s", p->path);
	if (p->n_errors > PARSE_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (p->used >= sizeof(p->text))
		return;
	n = snprintf(p->text + p->used, sizeof(p->text) - p->used, "%s%s: %s", p->n_errors > 1 ? "; " : "",
		     p->path[0] ? p->path : "(top)", detail);
	if (n > 0)
		p->used += (size_t)n;
}

/* Appends ".key" or "[i]" to the path; returns the old length to restore. */
static size_t path_push(struct parse *p, const char *key, long index)
{
	size_t old = strlen(p->path);

	if (key)
		snprintf(p->path + old, sizeof(p->path) - old, "%s%s", old ? "." : "", key);
	else
		snprintf(p->path + old, sizeof(p->path) - old, "[%ld]", index);
	return old;
}

static void path_pop(struct parse *p, size_t old)
{
	p->path[old] = '\0';
}

/* A code: 1..max bytes of [a-z0-9_-]. */
static int code_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > max)
		return 0;
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
			return 0;
	return 1;
}

static void get_code(struct parse *p, const json_t *v, char *out, size_t max)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;

	char why[96];

	if (!code_ok(s, max)) {
		/* the value is named when it can be shown as it is (no control or invisible character, not long) */
		if (s && s[0] && !validate_text_n(s, strlen(s), 96, 0, why, sizeof(why)) &&
		    validate_ref(s, why, sizeof(why)))
			problem(p, "'%s' is not a name of 1 to %zu lower-case letters, digits, '-' or '_'", s, max);
		else
			problem(p, "not a name of 1 to %zu lower-case letters, digits, '-' or '_'", max);
		return;
	}
	snprintf(out, max + 1, "%s", s);
}

static void get_int(struct parse *p, const json_t *v, int min, int max, int *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		problem(p, "not a whole number from %d to %d", min, max);
		return;
	}
	*out = (int)json_integer_value(v);
}

static void get_bool(struct parse *p, const json_t *v, int *out)
{
	if (!json_is_boolean(v)) {
		problem(p, "not true or false");
		return;
	}
	*out = json_is_true(v);
}

/* A decimal amount as a string ("250.00"), >= 0 (> 0 when positive), scaled by 10^4. 1 when read. */
static int get_amount(struct parse *p, const json_t *v, int positive, int64_t *out)
{
	struct error me = ERROR_INIT;
	int64_t x = 0;

	if (!json_is_string(v)) {
		problem(p, "not an amount in quotes, such as \"250.00\"");
		return 0;
	}
	if (money_parse(json_string_value(v), 4, &x, &me) < 0) {
		problem(p, "%s", me.message);
		return 0;
	}
	if (x < 0 || (positive && x == 0)) {
		problem(p, "'%s' must be %s", json_string_value(v), positive ? "more than 0" : "0 or more");
		return 0;
	}
	*out = x;
	return 1;
}

/* A percentage as a string ("2", "1.5"), more than 0 and at most `max_pct`, in basis points. */
static void get_percent(struct parse *p, const json_t *v, int max_pct, int *out_bp)
{
	struct error me = ERROR_INIT;
	int64_t bp = 0;

	if (!json_is_string(v) || money_parse(json_string_value(v), 2, &bp, &me) < 0) {
		problem(p, "not a percentage in quotes with at most 2 decimals, such as \"2\" or \"1.5\"");
		return;
	}
	if (bp <= 0 || bp > (int64_t)max_pct * 100) {
		problem(p, "'%s' must be more than 0 and at most %d", json_string_value(v), max_pct);
		return;
	}
	*out_bp = (int)bp;
}

static int is_object(struct parse *p, const json_t *v)
{
	if (!json_is_object(v)) {
		problem(p, "not an object");
		return 0;
	}
	return 1;
}

/* A list of at most SEGMENT_ITEMS_MAX strings, each checked by `check` (0: bad, says why in `why`). */
typedef int (*item_check)(const char *s, char *why, size_t size);

static size_t get_list(struct parse *p, const json_t *v, char *items, size_t item_size, item_check check)
{
	size_t i, n = 0;
	json_t *item;

	if (!json_is_array(v)) {
		problem(p, "not a list");
		return 0;
	}
	if (json_array_size(v) > SEGMENT_ITEMS_MAX) {
		problem(p, "at most %d entries", SEGMENT_ITEMS_MAX);
		return 0;
	}
	json_array_foreach(v, i, item)
	{
		char why[160] = "";
		const char *s = json_is_string(item) ? json_string_value(item) : NULL;
		size_t old = path_push(p, NULL, (long)i);

		if (!s)
			problem(p, "not text");
		else if (strlen(s) >= item_size || !check(s, why, sizeof(why)))
			problem(p, "'%s' %s", s, why[0] ? why : "is too long");
		else {
			for (size_t j = 0; j < n; j++)
				if (!strcmp(items + j * item_size, s))
					problem(p, "'%s' is listed twice", s);
			snprintf(items + n * item_size, item_size, "%s", s);
			n++;
		}
		path_pop(p, old);
	}
	return n;
}

static int check_country(const char *s, char *why, size_t size)
{
	if (strlen(s) == 2 && validate_country(s))
		return 1;
	snprintf(why, size, "is not an ISO 3166-1 country code such as \"US\"");
	return 0;
}

static int check_currency(const char *s, char *why, size_t size)
{
	struct currency c;

	if (currency_lookup(s, &c, NULL) == 0)
		return 1;
	snprintf(why, size, "is not an ISO 4217 currency code such as \"EUR\"");
	return 0;
}

static int check_tag(const char *s, char *why, size_t size)
{
	if (code_ok(s, SEGMENT_TAG_MAX))
		return 1;
	snprintf(why, size, "is not a tag (1 to %d lower-case letters, digits, '-' or '_')", SEGMENT_TAG_MAX);
	return 0;
}

static int check_product(const char *s, char *why, size_t size)
{
	return validate_text_n(s, strlen(s), SEGMENT_PRODUCT_MAX, 0, why, size) == 0;
}

static int check_band(const char *s, char *why, size_t size)
{
	if (s[0] >= 'A' && s[0] <= 'E' && !s[1])
		return 1;
	snprintf(why, size, "is not a risk band (A, B, C, D or E)");
	return 0;
}

/* {"min": x, "max": y} of amounts or of days. */
static void get_range(struct parse *p, const json_t *v, int amounts, int *has_min, int *has_max, int64_t *amin,
		      int64_t *amax, int *dmin, int *dmax)
{
	const char *key;
	json_t *val;

	if (!is_object(p, v))
		return;
	json_object_foreach((json_t *)v, key, val)
	{
		size_t old = path_push(p, key, 0);
		int is_min = !strcmp(key, "min");

		if (!is_min && strcmp(key, "max"))
			problem(p, "unknown field (min or max)");
		else if (amounts)
			*(is_min ? has_min : has_max) = get_amount(p, val, 0, is_min ? amin : amax);
		else {
			int before = p->n_errors;
			get_int(p, val, STRATEGY_OFFSET_MIN, STRATEGY_OFFSET_MAX, is_min ? dmin : dmax);
			*(is_min ? has_min : has_max) = p->n_errors == before;
		}
		path_pop(p, old);
	}
	if (*has_min && *has_max && (amounts ? *amin > *amax : *dmin > *dmax))
		problem(p, "min is more than max");
}

static void parse_segment(struct parse *p, const json_t *v, struct segment *sg)
{
	const char *key;
	json_t *val;

	if (!is_object(p, v))
		return;
	json_object_foreach((json_t *)v, key, val)
	{
		size_t old = path_push(p, key, 0);

		if (!strcmp(key, "kind")) {
			const char *k = json_is_string(val) ? json_string_value(val) : "";
			if (!strcmp(k, "company"))
				sg->kind = KIND_COMPANY;
			else if (!strcmp(k, "person"))
				sg->kind = KIND_PERSON;
			else if (!strcmp(k, "any"))
				sg->kind = -1;
			else
				problem(p, "not \"company\", \"person\" or \"any\"");
		} else if (!strcmp(key, "countries")) {
			sg->n_countries = get_list(p, val, sg->countries[0], sizeof(sg->countries[0]), check_country);
		} else if (!strcmp(key, "currencies")) {
			sg->n_currencies = get_list(p, val, sg->currencies[0], sizeof(sg->currencies[0]),
						    check_currency);
		} else if (!strcmp(key, "balance")) {
			get_range(p, val, 1, &sg->has_balance_min, &sg->has_balance_max, &sg->balance_min_e4,
				  &sg->balance_max_e4, NULL, NULL);
		} else if (!strcmp(key, "dpd")) {
			get_range(p, val, 0, &sg->has_dpd_min, &sg->has_dpd_max, NULL, NULL, &sg->dpd_min,
				  &sg->dpd_max);
		} else if (!strcmp(key, "risk_bands")) {
			char bands[SEGMENT_ITEMS_MAX][2];
			size_t n = get_list(p, val, bands[0], sizeof(bands[0]), check_band);
			for (size_t i = 0; i < n; i++)
				sg->risk_bands |= 1u << (bands[i][0] - 'A');
		} else if (!strcmp(key, "tags")) {
			sg->n_tags = get_list(p, val, sg->tags[0], sizeof(sg->tags[0]), check_tag);
		} else if (!strcmp(key, "products")) {
			sg->n_products = get_list(p, val, sg->products[0], sizeof(sg->products[0]), check_product);
		} else {
			problem(p, "unknown field (kind, countries, currencies, balance, dpd, risk_bands, tags or "
				   "products)");
		}
		path_pop(p, old);
	}
}

static void parse_conditions(struct parse *p, const json_t *v, struct step_conditions *c)
{
	const char *key;
	json_t *val;

	if (!is_object(p, v))
		return;
	json_object_foreach((json_t *)v, key, val)
	{
		size_t old = path_push(p, key, 0);

		if (!strcmp(key, "min_balance"))
			c->has_min_balance = get_amount(p, val, 0, &c->min_balance_e4);
		else if (!strcmp(key, "not_while_promise"))
			get_bool(p, val, &c->not_while_promise);
		else if (!strcmp(key, "only_if_no_answer"))
			get_bool(p, val, &c->only_if_no_answer);
		else
			problem(p, "unknown field (min_balance, not_while_promise or only_if_no_answer)");
		path_pop(p, old);
	}
}

static void parse_fee(struct parse *p, const json_t *v, struct strategy_step *st)
{
	const char *key;
	json_t *val;
	int given = 0;

	if (!is_object(p, v))
		return;
	json_object_foreach((json_t *)v, key, val)
	{
		size_t old = path_push(p, key, 0);

		if (!strcmp(key, "amount")) {
			get_amount(p, val, 1, &st->fee_e4);
			given++;
		} else if (!strcmp(key, "percent")) {
			get_percent(p, val, 100, &st->fee_bp);
			given++;
		} else
			problem(p, "unknown field (amount or percent)");
		path_pop(p, old);
	}
	/* a value given but refused has its own problem already: this one is for none or both */
	if (given != 1)
		problem(p, "give either an amount or a percent");
}

static void parse_interest(struct parse *p, const json_t *v, struct strategy_step *st)
{
	const char *key;
	json_t *val;
	int given = 0;

	if (!is_object(p, v))
		return;
	json_object_foreach((json_t *)v, key, val)
	{
		size_t old = path_push(p, key, 0);

		if (!strcmp(key, "monthly_percent")) {
			get_percent(p, val, 10, &st->interest_monthly_bp);
			given = 1;
		} else
			problem(p, "unknown field (monthly_percent)");
		path_pop(p, old);
	}
	if (!given)
		problem(p, "monthly_percent is missing");
}

static void parse_step(struct parse *p, const json_t *v, struct strategy_step *st)
{
	const json_t *fee = NULL, *interest = NULL;
	int have_offset = 0, have_action = 0, have_template = 0;
	const char *key;
	json_t *val;

	st->priority = 50;
	if (!is_object(p, v))
		return;
	json_object_foreach((json_t *)v, key, val)
	{
		size_t old = path_push(p, key, 0);
		int before = p->n_errors;

		if (!strcmp(key, "name")) {
			get_code(p, val, st->name, STRATEGY_STEP_NAME_MAX);
		} else if (!strcmp(key, "offset_days")) {
			get_int(p, val, STRATEGY_OFFSET_MIN, STRATEGY_OFFSET_MAX, &st->offset_days);
			have_offset = p->n_errors == before;
		} else if (!strcmp(key, "action")) {
			struct error me = ERROR_INIT;
			if (step_action_parse(json_is_string(val) ? json_string_value(val) : "", &st->action, &me) < 0)
				problem(p, "%s", me.message);
			else
				have_action = 1;
		} else if (!strcmp(key, "template")) {
			get_code(p, val, st->template_name, STRATEGY_TEMPLATE_MAX);
			have_template = 1;
		} else if (!strcmp(key, "conditions")) {
			parse_conditions(p, val, &st->cond);
		} else if (!strcmp(key, "priority")) {
			get_int(p, val, 0, 100, &st->priority);
		} else if (!strcmp(key, "fee")) {
			fee = val;
		} else if (!strcmp(key, "interest")) {
			interest = val;
		} else {
			problem(p, "unknown field (name, offset_days, action, template, conditions, priority, fee or "
				   "interest)");
		}
		path_pop(p, old);
	}
	if (!st->name[0] && !json_object_get(v, "name"))
		problem(p, "name is missing");
	if (!have_offset && !json_object_get(v, "offset_days"))
		problem(p, "offset_days is missing");
	if (!have_action) {
		if (!json_object_get(v, "action"))
			problem(p, "action is missing");
		return;
	}
	if (st->action == ACTION_FEE || st->action == ACTION_INTEREST) {
		if (have_template)
			problem(p, "a %s step has no template", step_action_name(st->action));
	} else if (!have_template && !json_object_get(v, "template")) {
		problem(p, "template is missing (the message or task text a %s step uses)",
			step_action_name(st->action));
	}
	if (st->action == ACTION_FEE) {
		size_t old = path_push(p, "fee", 0);
		if (fee)
			parse_fee(p, fee, st);
		else
			problem(p, "missing: a fee step gives {\"amount\": \"40.00\"} or {\"percent\": \"2\"}");
		path_pop(p, old);
	} else if (fee) {
		size_t old = path_push(p, "fee", 0);
		problem(p, "only a fee step has a fee");
		path_pop(p, old);
	}
	if (st->action == ACTION_INTEREST) {
		size_t old = path_push(p, "interest", 0);
		if (interest)
			parse_interest(p, interest, st);
		else
			problem(p, "missing: an interest step gives {\"monthly_percent\": \"1\"}");
		path_pop(p, old);
	} else if (interest) {
		size_t old = path_push(p, "interest", 0);
		problem(p, "only an interest step has interest");
		path_pop(p, old);
	}
}

static void parse_steps(struct parse *p, const json_t *v, struct strategy *s)
{
	size_t i;
	json_t *item;

	if (!json_is_array(v) || json_array_size(v) == 0) {
		problem(p, "not a list of at least one step");
		return;
	}
	if (json_array_size(v) > STRATEGY_STEPS_MAX) {
		problem(p, "at most %d steps", STRATEGY_STEPS_MAX);
		return;
	}
	/*
	 * A step whose offset_days was refused is left out of the comparisons of
	 * offsets: its 0 (never set) was compared with the next step's and
	 * reported as a second, made-up error ("offset_days 0 is steps[0]'s too").
	 */
	int offset_ok[STRATEGY_STEPS_MAX];
	json_array_foreach(v, i, item)
	{
		struct strategy_step *st = &s->steps[i];
		size_t old = path_push(p, NULL, (long)i);
		const json_t *off = json_object_get(item, "offset_days");

		parse_step(p, item, st);
		offset_ok[i] = json_is_integer(off) && json_integer_value(off) >= STRATEGY_OFFSET_MIN &&
			       json_integer_value(off) <= STRATEGY_OFFSET_MAX;
		for (size_t j = 0; j < i; j++) {
			if (st->name[0] && !strcmp(st->name, s->steps[j].name))
				problem(p, "name '%s' is used by steps[%zu] too: each step has its own name", st->name,
					j);
			if (!offset_ok[i] || !offset_ok[j])
				continue;
			if (st->offset_days == s->steps[j].offset_days)
				problem(p, "offset_days %d is steps[%zu]'s too: give each step its own day",
					st->offset_days, j);
			else if (st->offset_days < s->steps[j].offset_days && j + 1 == i)
				problem(p,
					"offset_days %d comes before steps[%zu]'s %d: list the steps in the order "
					"they happen",
					st->offset_days, j, s->steps[j].offset_days);
		}
		path_pop(p, old);
	}
	s->n_steps = json_array_size(v);
}

static void parse_root(struct parse *p, const json_t *root, struct strategy *s)
{
	const char *key;
	json_t *val;

	s->priority = 100;
	s->segment.kind = -1;
	json_object_foreach((json_t *)root, key, val)
	{
		size_t old = path_push(p, key, 0);

		if (!strcmp(key, "name")) {
			/* read first, by strategy_parse */
		} else if (!strcmp(key, "description")) {
			const char *d = json_is_string(val) ? json_string_value(val) : NULL;
			char why[160] = "";
			if (!d || validate_text_n(d, strlen(d), STRATEGY_DESC_MAX, 0, why, sizeof(why)))
				problem(p, "not a text of at most %d bytes%s%s", STRATEGY_DESC_MAX, why[0] ? ": " : "",
					why);
			else
				snprintf(s->description, sizeof(s->description), "%s", d);
		} else if (!strcmp(key, "priority")) {
			get_int(p, val, 0, 1000, &s->priority);
		} else if (!strcmp(key, "segment")) {
			parse_segment(p, val, &s->segment);
		} else if (!strcmp(key, "steps")) {
			parse_steps(p, val, s);
		} else {
			problem(p, "unknown field (name, description, priority, segment or steps)");
		}
		path_pop(p, old);
	}
	if (!json_object_get(root, "steps"))
		problem(p, "steps is missing");
}

int strategy_parse(const char *json, struct strategy *out, struct error *e)
{
	struct parse p = { 0 };
	json_error_t jerr;
	json_t *root = json_loads(json ? json : "", JSON_REJECT_DUPLICATES, &jerr);
	const json_t *name;

	memset(out, 0, sizeof(*out));
	if (!root)
		return error_set(e, ERR_INPUT, "strategy: not valid JSON at line %d column %d: %s", jerr.line,
				 jerr.column, jerr.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return error_set(e, ERR_INPUT, "strategy: not a JSON object");
	}
	name = json_object_get(root, "name");
	snprintf(p.path, sizeof(p.path), "name");
	if (!name)
		problem(&p, "missing");
	else
		get_code(&p, name, out->name, STRATEGY_NAME_MAX);
	p.path[0] = '\0';
	parse_root(&p, root, out);
	json_decref(root);
	if (p.n_errors) {
		int ret;
		/* "strategy 'x': ...", or "strategy: name: ..." when the name itself is the problem (not "strategy ''") */
		char named[STRATEGY_NAME_MAX + 3] = "";
		if (out->name[0])
			snprintf(named, sizeof(named), " '%s'", out->name);
		if (p.n_errors > PARSE_ERRORS_MAX)
			ret = error_set_field(e, ERR_INPUT, p.first_field, "strategy%s: %d problems: %s; and %d more",
					      named, p.n_errors, p.text, p.n_errors - PARSE_ERRORS_MAX);
		else
			ret = error_set_field(e, ERR_INPUT, p.first_field, "strategy%s: %s", named, p.text);
		return ret;
	}
	return 0;
}

/* ---- JSON out ---- */

/* An _e4 amount as the shortest decimal with at least 2 decimals ("250.00", "0.125"). */
static json_t *amount_json(int64_t e4)
{
	char buf[MONEY_TEXT_MAX];
	size_t n;

	money_format(e4, 4, buf, sizeof(buf));
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0' && n >= 2 && buf[n - 3] != '.')
		buf[--n] = '\0';
	return json_string(buf);
}

/* Basis points as a percentage ("2", "1.5", "0.25"). */
static json_t *percent_json(int bp)
{
	char buf[32];

	if (bp % 100 == 0)
		snprintf(buf, sizeof(buf), "%d", bp / 100);
	else if (bp % 10 == 0)
		snprintf(buf, sizeof(buf), "%d.%d", bp / 100, (bp % 100) / 10);
	else
		snprintf(buf, sizeof(buf), "%d.%02d", bp / 100, bp % 100);
	return json_string(buf);
}

static json_t *list_json(const char *items, size_t item_size, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(items + i * item_size));
	return a;
}

static json_t *range_json(int has_min, int has_max, json_t *min, json_t *max)
{
	json_t *o = json_object();

	if (has_min)
		json_object_set_new(o, "min", min);
	else
		json_decref(min);
	if (has_max)
		json_object_set_new(o, "max", max);
	else
		json_decref(max);
	return o;
}

static json_t *segment_json(const struct segment *sg)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind",
			    json_string(sg->kind < 0               ? "any"
					: sg->kind == KIND_COMPANY ? "company"
								   : "person"));
	if (sg->n_countries)
		json_object_set_new(o, "countries",
				    list_json(sg->countries[0], sizeof(sg->countries[0]), sg->n_countries));
	if (sg->n_currencies)
		json_object_set_new(o, "currencies",
				    list_json(sg->currencies[0], sizeof(sg->currencies[0]), sg->n_currencies));
	if (sg->has_balance_min || sg->has_balance_max)
		json_object_set_new(o, "balance",
				    range_json(sg->has_balance_min, sg->has_balance_max,
					       amount_json(sg->balance_min_e4), amount_json(sg->balance_max_e4)));
	if (sg->has_dpd_min || sg->has_dpd_max)
		json_object_set_new(o, "dpd",
				    range_json(sg->has_dpd_min, sg->has_dpd_max, json_integer(sg->dpd_min),
					       json_integer(sg->dpd_max)));
	if (sg->risk_bands) {
		json_t *a = json_array();
		for (int b = 0; b < 5; b++)
			if (sg->risk_bands & (1u << b)) {
				char name[2] = { (char)('A' + b), 0 };
				json_array_append_new(a, json_string(name));
			}
		json_object_set_new(o, "risk_bands", a);
	}
	if (sg->n_tags)
		json_object_set_new(o, "tags", list_json(sg->tags[0], sizeof(sg->tags[0]), sg->n_tags));
	if (sg->n_products)
		json_object_set_new(o, "products", list_json(sg->products[0], sizeof(sg->products[0]), sg->n_products));
	return o;
}

static json_t *step_json(const struct strategy_step *st)
{
	json_t *o = json_object();
	json_t *c = json_object();

	json_object_set_new(o, "name", json_string(st->name));
	json_object_set_new(o, "offset_days", json_integer(st->offset_days));
	json_object_set_new(o, "action", json_string(step_action_name(st->action)));
	if (st->template_name[0])
		json_object_set_new(o, "template", json_string(st->template_name));
	if (st->cond.has_min_balance)
		json_object_set_new(c, "min_balance", amount_json(st->cond.min_balance_e4));
	if (st->cond.not_while_promise)
		json_object_set_new(c, "not_while_promise", json_true());
	if (st->cond.only_if_no_answer)
		json_object_set_new(c, "only_if_no_answer", json_true());
	if (json_object_size(c))
		json_object_set_new(o, "conditions", c);
	else
		json_decref(c);
	json_object_set_new(o, "priority", json_integer(st->priority));
	if (st->action == ACTION_FEE) {
		json_t *f = json_object();
		if (st->fee_e4)
			json_object_set_new(f, "amount", amount_json(st->fee_e4));
		else
			json_object_set_new(f, "percent", percent_json(st->fee_bp));
		json_object_set_new(o, "fee", f);
	}
	if (st->action == ACTION_INTEREST) {
		json_t *f = json_object();
		json_object_set_new(f, "monthly_percent", percent_json(st->interest_monthly_bp));
		json_object_set_new(o, "interest", f);
	}
	return o;
}

char *strategy_to_json(const struct strategy *s)
{
	json_t *root = json_object();
	json_t *steps = json_array();
	char *text;

	json_object_set_new(root, "name", json_string(s->name));
	if (s->description[0])
		json_object_set_new(root, "description", json_string(s->description));
	json_object_set_new(root, "priority", json_integer(s->priority));
	json_object_set_new(root, "segment", segment_json(&s->segment));
	for (size_t i = 0; i < s->n_steps; i++)
		json_array_append_new(steps, step_json(&s->steps[i]));
	json_object_set_new(root, "steps", steps);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return text;
}

/* ---- matching ---- */

/* minor units of a currency with `exponent` decimals compared with an _e4 amount: <0, 0, >0 */
static int cmp_e4(int64_t minor, int exponent, int64_t e4)
{
	__int128 scaled = minor;

	for (int i = exponent; i < 4; i++)
		scaled *= 10;
	return scaled < e4 ? -1 : scaled > e4;
}

int64_t strategy_e4_to_minor(int64_t e4, int exponent)
{
	for (int i = exponent; i < 4; i++)
		e4 /= 10;
	return e4;
}

static int in_list(const char *items, size_t item_size, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (s && !strcmp(items + i * item_size, s))
			return 1;
	return 0;
}

/* One of the customer's tags (';'-separated) is in the segment's list. */
static int has_tag(const struct segment *sg, const char *tags)
{
	const char *t = tags ? tags : "";

	while (*t) {
		const char *end = strchr(t, ';');
		size_t len = end ? (size_t)(end - t) : strlen(t);
		for (size_t i = 0; i < sg->n_tags; i++)
			if (strlen(sg->tags[i]) == len && !memcmp(sg->tags[i], t, len))
				return 1;
		t += len + (end ? 1 : 0);
	}
	return 0;
}

int segment_matches(const struct segment *sg, const struct account_facts *a)
{
	if (sg->kind >= 0 && (int)a->kind != sg->kind)
		return 0;
	if (sg->n_countries && !in_list(sg->countries[0], sizeof(sg->countries[0]), sg->n_countries, a->country))
		return 0;
	if (sg->n_currencies && !in_list(sg->currencies[0], sizeof(sg->currencies[0]), sg->n_currencies, a->currency))
		return 0;
	if (sg->has_balance_min && cmp_e4(a->balance, a->exponent, sg->balance_min_e4) < 0)
		return 0;
	if (sg->has_balance_max && cmp_e4(a->balance, a->exponent, sg->balance_max_e4) > 0)
		return 0;
	if (sg->has_dpd_min && a->dpd < sg->dpd_min)
		return 0;
	if (sg->has_dpd_max && a->dpd > sg->dpd_max)
		return 0;
	if (sg->risk_bands && (a->risk_band < 0 || a->risk_band > 4 || !(sg->risk_bands & (1u << a->risk_band))))
		return 0;
	if (sg->n_tags && !has_tag(sg, a->tags))
		return 0;
	if (sg->n_products) {
		int any = 0;
		for (size_t i = 0; i < a->n_products && !any; i++)
			any = in_list(sg->products[0], sizeof(sg->products[0]), sg->n_products, a->products[i]);
		if (!any)
			return 0;
	}
	return 1;
}

int strategy_choose(const struct strategy *const *list, size_t n, const struct account_facts *a)
{
	int best = -1;

	for (size_t i = 0; i < n; i++) {
		if (!segment_matches(&list[i]->segment, a))
			continue;
		if (best < 0 || list[i]->priority > list[best]->priority ||
		    (list[i]->priority == list[best]->priority && strcmp(list[i]->name, list[best]->name) < 0))
			best = (int)i;
	}
	return best;
}

int step_balance_met(const struct step_conditions *c, const struct account_facts *a)
{
	return !c->has_min_balance || cmp_e4(a->balance, a->exponent, c->min_balance_e4) >= 0;
}

int strategy_step_due(const struct strategy *s, int days)
{
	int due = -1;

	for (size_t i = 0; i < s->n_steps && s->steps[i].offset_days <= days; i++)
		due = (int)i;
	return due;
}
