/*
 * authority.c: see authority.h.
 */
#include "app/authority.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "store/agreements.h"
#include "store/store.h"

#define CONFIG_NAME     "authority"
#define GRACE_DAYS_MAX  60
#define GRACE_DAYS_DFLT 3

static const char *const roles[] = { "admin", "manager", "collector", NULL };
static const char *const waive_names[] = { "fees", "interest", "principal", NULL };

int authority_waive_bit(const char *name)
{
	for (int i = 0; waive_names[i]; i++)
		if (name && !strcmp(name, waive_names[i]))
			return 1 << i;
	return 0;
}

static int known_role(const char *role)
{
	for (size_t i = 0; roles[i]; i++)
		if (role && !strcmp(role, roles[i]))
			return 1;
	return 0;
}

/* A limit's balance_under: a plain decimal (checked with the widest exponent: the currency is the account's). */
static int check_limit(const json_t *l, size_t i, struct error *e)
{
	const json_t *role = json_object_get(l, "role"), *pct = json_object_get(l, "principal_max_percent");
	const json_t *under = json_object_get(l, "balance_under"), *kind = json_object_get(l, "kind");
	const json_t *waive = json_object_get(l, "waive"), *wo = json_object_get(l, "write_off");
	int64_t v;
	size_t k;
	json_t *w;

	if (!json_is_object(l))
		return error_set(e, ERR_INPUT, "limits[%zu]: not an object", i);
	/*
	 * Every key known, as at the top: "writeoff" for "write_off" was stored
	 * as typed, and the manager it was meant for could no longer approve a
	 * write-off, with nothing said when the document was set.
	 */
	const char *key;
	json_t *val;
	json_object_foreach((json_t *)l, key, val)
	{
		static const char *const known[] = {
			"role", "principal_max_percent", "balance_under", "kind", "waive", "write_off", NULL
		};
		size_t j = 0;
		while (known[j] && strcmp(known[j], key))
			j++;
		if (!known[j])
			return error_set(e, ERR_INPUT,
					 "limits[%zu]: unknown key '%s' (role, principal_max_percent, balance_under, "
					 "kind, waive, write_off)",
					 i, key);
	}
	if (!known_role(json_string_value(role)))
		return error_set_field(e, ERR_INPUT, "role", "limits[%zu].role: must be admin, manager or collector",
				       i);
	if (!json_is_integer(pct) || json_integer_value(pct) < 0 || json_integer_value(pct) > 100)
		return error_set_field(e, ERR_INPUT, "principal_max_percent",
				       "limits[%zu].principal_max_percent: a whole number from 0 to 100", i);
	if (under && (!json_is_string(under) || money_parse(json_string_value(under), 4, &v, NULL) < 0 || v <= 0))
		return error_set_field(e, ERR_INPUT, "balance_under",
				       "limits[%zu].balance_under: an amount above 0 as text (\"5000.00\")", i);
	if (kind && (!json_is_string(kind) ||
		     (strcmp(json_string_value(kind), "person") && strcmp(json_string_value(kind), "company"))))
		return error_set_field(e, ERR_INPUT, "kind", "limits[%zu].kind: person or company", i);
	if (wo && !json_is_boolean(wo))
		return error_set(e, ERR_INPUT, "limits[%zu].write_off: true or false", i);
	if (waive && !json_is_array(waive))
		return error_set(e, ERR_INPUT, "limits[%zu].waive: a list of fees, interest, principal", i);
	json_array_foreach(waive, k, w)
	{
		if (!authority_waive_bit(json_string_value(w)))
			return error_set(e, ERR_INPUT, "limits[%zu].waive[%zu]: fees, interest or principal", i, k);
	}
	return 0;
}

static int check_doc(const json_t *doc, struct error *e)
{
	const json_t *grace = json_object_get(doc, "plan_grace_days"), *limits = json_object_get(doc, "limits");
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(doc))
		return error_set(e, ERR_INPUT, "authority: not a JSON object");
	json_object_foreach((json_t *)doc, key, v)
	{
		if (strcmp(key, "plan_grace_days") && strcmp(key, "limits"))
			return error_set(e, ERR_INPUT, "authority: unknown key '%s' (plan_grace_days, limits)", key);
	}
	if (grace &&
	    (!json_is_integer(grace) || json_integer_value(grace) < 0 || json_integer_value(grace) > GRACE_DAYS_MAX))
		return error_set(e, ERR_INPUT, "plan_grace_days: a whole number of days from 0 to %d", GRACE_DAYS_MAX);
	if (!json_is_array(limits))
		return error_set(e, ERR_INPUT, "limits: a list of limits is required");
	json_array_foreach(limits, i, v)
	{
		int ret = check_limit(v, i, e);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int authority_load(struct store_tx *tx, json_t **doc, struct error *e)
{
	char *text = NULL;
	json_error_t je;
	int ret = store_agreement_config_get(tx, CONFIG_NAME, &text, e);

	if (ret < 0)
		return ret;
	*doc = json_loads(ret ? text : AUTHORITY_DEFAULT, 0, &je);
	free(text);
	if (!*doc)
		return error_set(e, ERR_ENV, "the stored authority limits are not JSON: %s", je.text);
	return 0;
}

int authority_get(const struct app_ctx *ctx, char **text, int *is_default, struct error *e)
{
	struct store_tx *tx = NULL;
	char *stored = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = store_agreement_config_get(tx, CONFIG_NAME, &stored, e);
	store_tx_free(tx);
	if (ret < 0)
		return ret;
	*is_default = ret == 0;
	*text = stored ? stored : strdup(AUTHORITY_DEFAULT);
	return *text ? 0 : error_set(e, ERR_ENV, "out of memory");
}

static int store_doc(const struct app_ctx *ctx, struct store_tx *tx, const json_t *doc, struct error *e)
{
	json_t *before = NULL;
	char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	int ret = text ? authority_load(tx, &before, e) : error_set(e, ERR_ENV, "out of memory");

	if (ret == 0)
		ret = store_agreement_config_set(tx, CONFIG_NAME, text, ctx->actor, ctx->now, e);
	if (ret == 0)
		ret = app_audit(ctx, tx, "authority.set", "authority", CONFIG_NAME, before, doc, e);
	json_decref(before);
	free(text);
	return ret;
}

int authority_set(const struct app_ctx *ctx, const char *text, struct error *e)
{
	struct store_tx *tx = NULL;
	json_error_t je;
	/* a key given twice would leave which one counts to the order: refused (jansson says which) */
	json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	int ret;

	if (!doc && !strcmp(je.text, "duplicate object key")) {
		/* jansson stops just past the key it found twice: named, from the text before that point */
		size_t end = (size_t)je.position < strlen(text) ? (size_t)je.position : strlen(text), open;
		while (end > 0 && text[end - 1] != '"')
			end--;
		open = end ? end - 1 : 0;
		while (open > 0 && text[open - 1] != '"')
			open--;
		if (end > open + 1)
			return error_set(e, ERR_INPUT, "authority: the key \"%.*s\" is given twice (line %d)",
					 (int)(end - 1 - open), text + open, je.line);
	}
	if (!doc)
		return error_set(e, ERR_INPUT, "authority: not JSON: %s (line %d)", je.text, je.line);
	ret = check_doc(doc, e);
	if (ret == 0)
		ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = store_doc(ctx, tx, doc, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	json_decref(doc);
	return ret;
}

static json_t *role_limit(const char *role, const char *percent, const char *balance_under, const char *kind,
			  struct error *e)
{
	char num[16];
	size_t n = percent ? strlen(percent) : 0;
	int64_t pct, under;
	json_t *l;

	snprintf(num, sizeof(num), "%.*s", (int)(n && percent[n - 1] == '%' ? n - 1 : n), percent ? percent : "");
	if (money_parse(num, 0, &pct, NULL) < 0 || pct < 0 || pct > 100) {
		error_set_field(e, ERR_INPUT, "waive_principal_max",
				"waive_principal_max '%s': a whole percentage from 0%% to 100%%",
				percent ? percent : "");
		return NULL;
	}
	/* the document's check names limits[N].balance_under; a role set alone is named by its option */
	if (balance_under && (money_parse(balance_under, 4, &under, NULL) < 0 || under <= 0)) {
		error_set_field(e, ERR_INPUT, "balance_under",
				"balance_under '%s': an amount above 0 with at most 4 decimals", balance_under);
		return NULL;
	}
	l = json_pack("{s:s, s:[s,s,s], s:I}", "role", role, "waive", "fees", "interest", "principal",
		      "principal_max_percent", (json_int_t)pct);
	if (balance_under)
		json_object_set_new(l, "balance_under", json_string(balance_under));
	if (kind)
		json_object_set_new(l, "kind", json_string(kind));
	if (strcmp(role, "collector"))
		json_object_set_new(l, "write_off", json_true());
	return l;
}

int authority_set_role(const struct app_ctx *ctx, const char *role, const char *percent, const char *balance_under,
		       const char *kind, struct error *e)
{
	struct store_tx *tx = NULL;
	json_t *doc = NULL, *limits, *l = role_limit(role ? role : "", percent, balance_under, kind, e), *v;
	size_t i;
	int ret = l ? store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e) : -ERR_INPUT;

	if (ret == 0)
		ret = authority_load(tx, &doc, e);
	if (ret == 0) {
		limits = json_array();
		json_array_foreach(json_object_get(doc, "limits"), i, v)
		{
			if (strcmp(json_string_value(json_object_get(v, "role")), role))
				json_array_append(limits, v);
		}
		json_array_append(limits, l);
		json_object_set_new(doc, "limits", limits);
		ret = check_doc(doc, e);
	}
	if (ret == 0)
		ret = store_doc(ctx, tx, doc, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	json_decref(doc);
	json_decref(l);
	return ret;
}

static int waive_bits(const json_t *l)
{
	const json_t *waive = json_object_get(l, "waive");
	int bits = waive ? 0 : WAIVE_FEES | WAIVE_INTEREST | WAIVE_PRINCIPAL;
	size_t i;
	json_t *w;
	json_array_foreach(waive, i, w) bits |= authority_waive_bit(json_string_value(w));
	return bits;
}

/*
 * Whether `balance` (minor units of `currency`) is below `under`, a decimal
 * of at most 4 places (checked when stored): both compared exactly in units
 * of 10^-4, so that "5000.00" is 5,000 yen as it is 5,000 dinars (parsed in
 * the currency's own decimals, "5000.00" had too many for JPY and bound no
 * yen balance: the default collectors' limit held for any).
 */
static int below(const char *under, const char *currency, int64_t balance)
{
	int exponent = currency_exponent(currency);
	__int128 b = balance, limit;
	int64_t v;

	if (money_parse(under, 4, &v, NULL) < 0)
		return 1; /* never stored so (authority_set checks it): no bound on the balance */
	limit = v;
	for (int i = exponent; i < 4; i++)
		b *= 10;
	for (int i = 4; i < exponent; i++)
		limit *= 10;
	return b < limit;
}

/* Whether limit `l` speaks for this role, kind and balance. */
static int applies(const json_t *l, const char *role, enum customer_kind kind, const char *currency, int64_t balance)
{
	const char *k = json_string_value(json_object_get(l, "kind"));
	const char *under = json_string_value(json_object_get(l, "balance_under"));

	if (strcmp(json_string_value(json_object_get(l, "role")), role))
		return 0;
	if (k && strcmp(k, kind == KIND_PERSON ? "person" : "company"))
		return 0;
	return !under || below(under, currency, balance);
}

int authority_allows(const json_t *doc, const char *role, enum customer_kind kind, const char *currency,
		     int64_t balance, int64_t principal, int64_t principal_waived, int waived, char *why, size_t size)
{
	const json_t *best = NULL;
	char b1[MONEY_TEXT_MAX + 8], b2[MONEY_TEXT_MAX + 8];
	size_t i;
	json_t *l;

	json_array_foreach(json_object_get(doc, "limits"), i, l)
	{
		json_int_t pct = json_integer_value(json_object_get(l, "principal_max_percent"));
		if (!applies(l, role, kind, currency, balance))
			continue;
		if ((waived & ~waive_bits(l)) == 0 && (__int128)principal_waived * 100 <= (__int128)pct * principal)
			return 1;
		if (!best || pct > json_integer_value(json_object_get(best, "principal_max_percent")))
			best = l;
	}
	if (!best) {
		snprintf(why, size, "no authority limit of a %s covers a balance of %s %s", role,
			 money_format(balance, currency_exponent(currency), b1, sizeof(b1)), currency);
		return 0;
	}
	{
		json_int_t pct = json_integer_value(json_object_get(best, "principal_max_percent"));
		const char *under = json_string_value(json_object_get(best, "balance_under"));
		int64_t max = (int64_t)((__int128)principal * pct / 100);
		snprintf(why, size, "a %s may waive at most %d%% of principal (%s of %s %s)%s%s", role, (int)pct,
			 money_format(max, currency_exponent(currency), b1, sizeof(b1)),
			 money_format(principal, currency_exponent(currency), b2, sizeof(b2)), currency,
			 under ? " on balances under " : "", under ? under : "");
	}
	return 0;
}

int authority_may_write_off(const json_t *doc, const char *role)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(doc, "limits"), i, l)
	{
		if (!strcmp(json_string_value(json_object_get(l, "role")), role) &&
		    json_is_true(json_object_get(l, "write_off")))
			return 1;
	}
	return 0;
}

int authority_grace_days(const json_t *doc)
{
	const json_t *g = json_object_get(doc, "plan_grace_days");
	return json_is_integer(g) ? (int)json_integer_value(g) : GRACE_DAYS_DFLT;
}
