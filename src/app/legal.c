/*
 * legal.c: see legal.h.
 */
#include "app/legal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "store/parties.h"
#include "store/users.h"

struct settings {
	int64_t min_milli; /* the threshold at 3 decimals (threshold_in) */
	int years;
};

/* A threshold: an amount of 0 or more with at most 3 decimals, read at 3 (threshold_in). */
static int parse_min_balance(const char *text, int64_t *out, struct error *e)
{
	if (money_parse(text, 3, out, e) < 0 || *out < 0)
		return error_set_field(e, ERR_INPUT, "min_balance", "min_balance '%s' is not an amount of 0 or more",
				       text);
	return 0;
}

static int parse_years(const char *text, int *out, struct error *e)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (!*text || *end || v < LEGAL_LIMITATION_YEARS_MIN || v > LEGAL_LIMITATION_YEARS_MAX)
		return error_set_field(e, ERR_INPUT, "limitation_years",
				       "limitation_years '%s' is not a number of years from %d to %d", text,
				       LEGAL_LIMITATION_YEARS_MIN, LEGAL_LIMITATION_YEARS_MAX);
	*out = (int)v;
	return 0;
}

static int read_settings(struct store_tx *tx, struct settings *s, struct error *e)
{
	char min[ESC_SETTING_MAX + 1], years[ESC_SETTING_MAX + 1];
	int ret = store_escalation_setting_get(tx, "legal.min_balance", min, sizeof(min), e);
	if (ret < 0)
		return ret;
	ret = parse_min_balance(ret ? min : LEGAL_MIN_BALANCE_DEFAULT, &s->min_milli, e);
	if (ret < 0)
		return ret;
	ret = store_escalation_setting_get(tx, "legal.limitation_years", years, sizeof(years), e);
	if (ret < 0)
		return ret;
	s->years = LEGAL_LIMITATION_YEARS_DEFAULT;
	return ret == 0 ? 0 : parse_years(years, &s->years, e);
}

static int has_tag(const char *tags, const char *tag)
{
	size_t n = strlen(tag);
	for (const char *p = tags; *p;) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, tag, n))
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

struct walk {
	const struct app_ctx *ctx;
	const struct settings *s;
	int all;
	legal_row_cb cb;
	void *arg;
	struct error *e;
};

/*
 * The threshold in minor units of a currency of `exponent` decimals, from
 * its value at 3 decimals (the most any currency has), rounded down: for a
 * balance b in minor units, b > threshold exactly when b > the rounded-down
 * value, so "1000.50" compares exactly in JPY too.
 */
static int64_t threshold_in(int64_t milli, int exponent)
{
	for (int i = exponent; i < 3; i++)
		milli /= 10;
	return milli;
}

static int judge(void *arg, const struct legal_account *a)
{
	struct walk *w = arg;
	struct legal_row r = { a, 0, 0, 0, 0, 0, 0, 0 };
	int open_case = a->legal_state[0] && strcmp(a->legal_state, "paid");

	r.min_balance = threshold_in(w->s->min_milli, currency_exponent(a->currency));
	r.limitation_ends = date_add_months(a->oldest_due, 12 * w->s->years);
	r.above_threshold = a->balance > r.min_balance;
	r.within_limitation = w->ctx->today <= r.limitation_ends;
	r.has_assets = has_tag(a->tags, "assets");
	r.all_signed = a->unsigned_invoices == 0;
	r.candidate = r.above_threshold && r.within_limitation && r.has_assets && r.all_signed && !open_case;
	if (!r.candidate && !w->all)
		return 0;
	return w->cb(w->arg, &r);
}

int legal_candidates(const struct app_ctx *ctx, int all, legal_row_cb cb, void *arg, struct error *e)
{
	struct settings s;
	struct walk w = { ctx, &s, all, cb, arg, e };
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret < 0)
		return ret;
	ret = read_settings(tx, &s, e);
	if (ret == 0)
		ret = store_legal_accounts_each(tx, judge, &w, e);
	store_tx_free(tx);
	return ret;
}

/* filed when no case is open, judgment after filed, paid after filed or judgment */
static int check_step(const char *ref, const char *prev, const char *state, struct error *e)
{
	int open = prev[0] && strcmp(prev, "paid");
	if (!strcmp(state, "filed") ? !open : (!strcmp(state, "judgment") ? !strcmp(prev, "filed") : open))
		return 0;
	return error_set_field(e, ERR_CONFLICT, "state", "customer '%s': cannot mark %s %s", ref, state,
			       !prev[0] ? "before the claim is filed"
			       : open   ? "while the case is at that step or later"
					: "after the case was paid (file a new claim first)");
}

/* The customer's last step (by id: the case's state) and its moment. */
struct last_step {
	int64_t customer_id;
	struct legal_event last;
};

static int on_step(void *ctx, const struct legal_event *ev)
{
	struct last_step *l = ctx;
	if (ev->customer_id == l->customer_id && ev->id > l->last.id)
		l->last = *ev;
	return 0;
}

/*
 * A step comes after the one before it: a judgment dated before its filing
 * (or a new claim before the last one was paid) would rewrite the case's
 * history. One read of the tenant's steps: cases are few.
 */
static int check_order(struct store_tx *tx, const struct customer *cu, const char *state, timestamp_t at,
		       struct error *e)
{
	struct last_step l = { cu->id, { 0 } };
	char t1[TIMESTAMP_TEXT_MAX], t2[TIMESTAMP_TEXT_MAX];
	int ret = store_legal_events_each(tx, on_step, &l, e);

	if (ret < 0)
		return ret;
	if (!l.last.id || at >= l.last.at)
		return 0;
	return error_set_field(e, ERR_INPUT, "at", "at %s: customer '%s''s case was marked %s at %s; %s comes after it",
			       timestamp_format(at, t1, sizeof(t1)), cu->ref, l.last.state,
			       timestamp_format(l.last.at, t2, sizeof(t2)), state);
}

static int check_role(struct store_tx *tx, const char *actor, struct error *e)
{
	struct user u;
	int ret = store_user_get(tx, actor, &u, e);
	if (ret <= 0)
		return ret;
	if (strcmp(u.role, "manager") && strcmp(u.role, "admin"))
		return error_set_field(e, ERR_FORBIDDEN, "by",
				       "user '%s' is a %s: only a manager or an admin marks a legal case", actor,
				       u.role);
	return 0;
}

int legal_mark(const struct app_ctx *ctx, const char *ref, const char *state, timestamp_t at, struct error *e)
{
	struct store_tx *tx = NULL;
	struct customer cu;
	char prev[LEGAL_STATE_MAX + 1];
	json_t *before = NULL, *after = NULL;
	int ret;

	if (!at)
		at = ctx->now;
	if (strcmp(state, "filed") && strcmp(state, "judgment") && strcmp(state, "paid"))
		return error_set_field(e, ERR_INPUT, "state", "state '%s' is not filed, judgment or paid", state);
	ret = app_check_text("by", ctx->actor, NAME_MAX_LEN, e);
	if (ret == 0)
		ret = app_check_not_future(ctx, "at", at, e);
	if (ret < 0)
		return ret;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		return ret;
	ret = check_role(tx, ctx->actor, e);
	if (ret < 0)
		goto cleanup;
	ret = store_customer_find(tx, ref, &cu, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'", ref);
	if (ret < 0)
		goto cleanup;
	ret = store_legal_state(tx, cu.id, prev, e);
	if (ret >= 0)
		ret = check_step(ref, prev, state, e);
	if (ret == 0)
		ret = check_order(tx, &cu, state, at, e);
	if (ret == 0)
		ret = store_legal_event_add(tx, cu.id, state, at, ctx->actor, NULL, e);
	if (ret < 0)
		goto cleanup;
	before = prev[0] ? json_pack("{s:s}", "state", prev) : NULL;
	after = json_pack("{s:s}", "state", state);
	ret = app_audit(ctx, tx, "legal.mark", "customer", cu.ref, before, after, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
cleanup:
	json_decref(before);
	json_decref(after);
	store_tx_free(tx);
	return ret;
}

int legal_set(const struct app_ctx *ctx, const char *name, const char *value, struct error *e)
{
	struct store_tx *tx = NULL;
	char key[ESC_SETTING_MAX + 1], prev[ESC_SETTING_MAX + 1];
	json_t *before = NULL, *after = NULL;
	int64_t amount;
	int years, ret;

	if (!strcmp(name, "min_balance")) {
		if (parse_min_balance(value, &amount, e) < 0)
			return -ERR_INPUT;
	} else if (!strcmp(name, "limitation_years")) {
		if (parse_years(value, &years, e) < 0)
			return -ERR_INPUT;
	} else {
		return error_set_field(e, ERR_INPUT, "name",
				       "unknown legal setting '%s' (min_balance, limitation_years)", name);
	}
	snprintf(key, sizeof(key), "legal.%s", name);
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		return ret;
	ret = store_escalation_setting_get(tx, key, prev, sizeof(prev), e);
	if (ret > 0)
		before = json_pack("{s:s}", "value", prev);
	if (ret >= 0)
		ret = store_escalation_setting_put(tx, key, value, e);
	if (ret == 0) {
		after = json_pack("{s:s}", "value", value);
		ret = app_audit(ctx, tx, "setting.set", "setting", key, before, after, e);
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	json_decref(before);
	json_decref(after);
	store_tx_free(tx);
	return ret;
}
