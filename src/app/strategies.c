/*
 * strategies.c: the tenant's strategies: listing, showing, storing,
 * choosing defaults, and loading the set a daily run applies.
 */
#include "app/strategies.h"

#include <stdlib.h>
#include <string.h>

#include "channels/template.h"
#include "core/array.h"
#include "store/channels.h"
#include "store/store.h"
#include "store/strategies.h"

/* A store iteration's result: a callback's stop value may be positive. */
static int iteration(int ret)
{
	return ret > 0 ? -ret : ret;
}

static int is_preset(const char *name)
{
	for (size_t i = 0; strategy_preset_names[i]; i++)
		if (!strcmp(strategy_preset_names[i], name))
			return 1;
	return 0;
}

/* The strategy the tenant uses under `name`: its stored one, else the preset; -ERR_NOT_FOUND when neither. */
static int strategy_get(struct store_tx *tx, const char *name, struct strategy *out, struct error *e)
{
	char *json = NULL;
	int ret = store_strategy_get(tx, name, &json, e);

	if (ret < 0)
		return ret;
	if (ret == 1) {
		ret = strategy_parse(json, out, e);
		free(json);
		if (ret < 0)
			error_prefix(e, "stored strategy '%s'", name);
		return ret;
	}
	if (is_preset(name))
		return strategy_preset(name, out, e);
	return error_set(e, ERR_NOT_FOUND, "unknown strategy '%s' (recoup strategy list shows them)", name);
}

/* The tenant's default for a kind: its choice, else the generic preset. */
static int default_name(struct store_tx *tx, enum customer_kind kind, char *out, size_t size, struct error *e)
{
	int ret = store_strategy_default(tx, kind, out, size, e);

	if (ret == 0 && !out[0])
		snprintf(out, size, "%s", strategy_default_preset(kind));
	return ret;
}

struct list {
	strategies_item_cb cb;
	void *cb_ctx;
	char defaults[2][STRATEGY_NAME_MAX + 1];
	struct error *e;
};

static const char *default_for(const struct list *l, const char *name)
{
	int company = !strcmp(l->defaults[KIND_COMPANY], name), person = !strcmp(l->defaults[KIND_PERSON], name);

	return company && person ? "company, person" : company ? "company" : person ? "person" : "";
}

static int on_stored(void *ctx, const char *name, const char *json)
{
	struct list *l = ctx;
	struct strategy *s = malloc(sizeof(*s));
	struct strategies_item it = { 0 };
	int ret;

	if (!s)
		return error_set(l->e, ERR_ENV, "out of memory");
	ret = strategy_parse(json, s, l->e);
	if (ret < 0) {
		error_prefix(l->e, "stored strategy '%s'", name);
		free(s);
		return ret;
	}
	it.name = name;
	it.source = is_preset(name) ? "tenant (replaces the preset)" : "tenant";
	it.priority = s->priority;
	it.n_steps = s->n_steps;
	it.default_for = default_for(l, name);
	it.candidate = 1;
	free(s);
	return l->cb(l->cb_ctx, &it);
}

int strategies_list(const struct app_ctx *ctx, strategies_item_cb cb, void *cb_ctx, struct error *e)
{
	struct store_tx *tx = NULL;
	struct list l = { cb, cb_ctx, { "", "" }, e };
	struct strategy *s = malloc(sizeof(*s));
	int ret;

	if (!s)
		return error_set(e, ERR_ENV, "out of memory");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	for (int k = 0; k < 2 && ret == 0; k++)
		ret = default_name(tx, (enum customer_kind)k, l.defaults[k], sizeof(l.defaults[k]), e);
	for (size_t i = 0; ret == 0 && strategy_preset_names[i]; i++) {
		struct strategies_item it = { 0 };
		char *stored = NULL;

		/* a preset the tenant replaced is listed once, as its stored copy (on_stored) */
		ret = store_strategy_get(tx, strategy_preset_names[i], &stored, e);
		free(stored);
		if (ret < 0)
			break;
		if (ret == 1) {
			ret = 0;
			continue;
		}
		ret = strategy_preset(strategy_preset_names[i], s, e);
		if (ret < 0)
			break;
		it.name = strategy_preset_names[i];
		it.source = "preset";
		it.priority = s->priority;
		it.n_steps = s->n_steps;
		it.default_for = default_for(&l, it.name);
		it.candidate = !strategy_preset_is_generic(it.name);
		ret = cb(cb_ctx, &it);
	}
	if (ret == 0)
		ret = iteration(store_strategies_each(tx, on_stored, &l, e));
	store_tx_free(tx);
	free(s);
	return ret;
}

int strategies_show(const struct app_ctx *ctx, const char *name, char **json, struct error *e)
{
	struct store_tx *tx = NULL;
	struct strategy *s = malloc(sizeof(*s));
	int ret;

	*json = NULL;
	if (!s)
		return error_set(e, ERR_ENV, "out of memory");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = strategy_get(tx, name, s, e);
	if (ret == 0) {
		*json = strategy_to_json(s);
		if (!*json)
			ret = error_set(e, ERR_ENV, "out of memory");
	}
	store_tx_free(tx);
	free(s);
	return ret;
}

/*
 * The audit entry of a strategy stored: the JSON it replaced (none for a
 * new one) and the canonical JSON stored, as objects.
 */
static int audit_put(const struct app_ctx *ctx, struct store_tx *tx, const char *name, const char *canonical,
		     struct error *e)
{
	char *old = NULL;
	json_t *before = NULL, *after = json_loads(canonical, 0, NULL);
	int ret = store_strategy_get(tx, name, &old, e);

	if (ret == 1)
		before = json_loads(old, 0, NULL);
	if (ret >= 0)
		ret = app_audit(ctx, tx, "strategy.set", "strategy", name, before, after, e);
	free(old);
	json_decref(before);
	json_decref(after);
	return ret;
}

int strategies_set(const struct app_ctx *ctx, const char *name, const char *json, const char *source, struct error *e)
{
	struct store_tx *tx = NULL;
	struct strategy *s = malloc(sizeof(*s));
	char *canonical = NULL;
	int ret;

	if (!s)
		return error_set(e, ERR_ENV, "out of memory");
	ret = strategy_parse(json, s, e);
	if (ret < 0) {
		error_prefix(e, "%s", source);
		goto cleanup;
	}
	if (strcmp(s->name, name)) {
		ret = error_set_field(e, ERR_INPUT, "name", "%s: the strategy is named '%s', not '%s'", source, s->name,
				      name);
		goto cleanup;
	}
	canonical = strategy_to_json(s);
	if (!canonical) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = audit_put(ctx, tx, name, canonical, e);
	if (ret == 0)
		ret = store_strategy_put(tx, name, canonical, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
cleanup:
	store_tx_free(tx);
	free(canonical);
	free(s);
	return ret;
}

/* ---- the templates a strategy's steps name ---- */

struct stored_on {
	const char *channel;
	int found;
};

static int on_template(void *ctx, const struct stored_template *t)
{
	struct stored_on *o = ctx;

	if (strcmp(t->channel, o->channel) != 0)
		return 0;
	o->found = 1;
	return 1;
}

/* 1 when the tenant has stored, or recoup ships, a template `name` on `channel` (any language, any audience). */
static int template_exists(struct store_tx *tx, const char *name, const char *channel, struct error *e)
{
	const struct template_doc *all;
	size_t n = template_shipped_all(&all);
	struct stored_on o = { channel, 0 };
	int ret;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(all[i].name, name) && !strcmp(all[i].channel, channel))
			return 1;
	ret = store_templates_each(tx, name, on_template, &o, e);
	if (ret < 0)
		return ret;
	return o.found;
}

int strategies_template_warnings(const struct app_ctx *ctx, const char *name, struct strategies_warnings *out,
				 struct error *e)
{
	struct store_tx *tx = NULL;
	struct strategy *s = malloc(sizeof(*s));
	int ret;

	memset(out, 0, sizeof(*out));
	if (!s)
		return error_set(e, ERR_ENV, "out of memory");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = strategy_get(tx, name, s, e);
	for (size_t i = 0; ret == 0 && i < s->n_steps; i++) {
		const struct strategy_step *st = &s->steps[i];
		const char *channel = step_action_name(st->action);
		struct strategies_warning *w;

		/* only messages are rendered from a template (the outbox: email, sms; the letters); "" is "default" */
		if (st->action != ACTION_EMAIL && st->action != ACTION_SMS && st->action != ACTION_LETTER)
			continue;
		if (!st->template_name[0])
			continue;
		ret = template_exists(tx, st->template_name, channel, e);
		if (ret != 0) {
			ret = ret > 0 ? 0 : ret;
			continue;
		}
		w = &out->w[out->n++];
		snprintf(w->step, sizeof(w->step), "%s", st->name);
		snprintf(w->channel, sizeof(w->channel), "%s", channel);
		snprintf(w->template_name, sizeof(w->template_name), "%s", st->template_name);
		snprintf(w->message, sizeof(w->message),
			 "step '%s' (%s) names template '%s', which does not exist for %s (neither the tenant's nor "
			 "shipped, in any language); its messages use template 'default' until it does (recoup "
			 "template set)",
			 st->name, channel, st->template_name, channel);
	}
	store_tx_free(tx);
	free(s);
	return ret;
}

/* The audit entry of a default chosen: the one it replaces (the preset when none was chosen) and the new one. */
static int audit_default(const struct app_ctx *ctx, struct store_tx *tx, const char *name, enum customer_kind kind,
			 struct error *e)
{
	char old[STRATEGY_NAME_MAX + 1];
	const char *k = kind == KIND_PERSON ? "person" : "company";
	json_t *before = NULL, *after = NULL;
	int ret = default_name(tx, kind, old, sizeof(old), e);

	if (ret < 0)
		return ret;
	before = json_pack("{s:s,s:s}", "kind", k, "strategy", old);
	after = json_pack("{s:s,s:s}", "kind", k, "strategy", name);
	ret = app_audit(ctx, tx, "strategy.default", "strategy", name, before, after, e);
	json_decref(before);
	json_decref(after);
	return ret;
}

int strategies_default(const struct app_ctx *ctx, const char *name, enum customer_kind kind, struct error *e)
{
	struct store_tx *tx = NULL;
	struct strategy *s = malloc(sizeof(*s));
	int ret;

	if (!s)
		return error_set(e, ERR_ENV, "out of memory");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = strategy_get(tx, name, s, e);
	if (ret == 0)
		ret = audit_default(ctx, tx, name, kind, e);
	if (ret == 0)
		ret = store_strategy_set_default(tx, kind, name, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	free(s);
	return ret;
}

/* ---- the set a run applies ---- */

struct load {
	struct strategies_set *set;
	size_t cap;
	struct error *e;
};

static int push(struct load *l, struct strategy **slot)
{
	if (array_grow(&l->set->all, &l->cap, l->set->n_all, sizeof(*l->set->all)) < 0)
		return error_set(l->e, ERR_ENV, "out of memory");
	*slot = &l->set->all[l->set->n_all++];
	return 0;
}

static int on_load(void *ctx, const char *name, const char *json)
{
	struct load *l = ctx;
	struct strategy *s;
	int ret = push(l, &s);

	if (ret < 0)
		return ret;
	ret = strategy_parse(json, s, l->e);
	if (ret < 0)
		error_prefix(l->e, "stored strategy '%s'", name);
	return ret;
}

static const struct strategy *find_loaded(const struct strategies_set *set, const char *name)
{
	for (size_t i = 0; i < set->n_all; i++)
		if (!strcmp(set->all[i].name, name))
			return &set->all[i];
	return NULL;
}

int strategies_load(struct store_tx *tx, struct strategies_set *out, struct error *e)
{
	struct load l = { out, 0, e };
	char def[2][STRATEGY_NAME_MAX + 1];
	size_t n_stored;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = iteration(store_strategies_each(tx, on_load, &l, e));
	n_stored = out->n_all;
	/* the presets the tenant did not replace: every one, since a default may name a generic one */
	for (size_t i = 0; ret == 0 && strategy_preset_names[i]; i++) {
		struct strategy *s;
		int replaced = 0;
		for (size_t k = 0; k < n_stored; k++)
			replaced |= !strcmp(out->all[k].name, strategy_preset_names[i]);
		if (replaced)
			continue;
		ret = push(&l, &s);
		if (ret == 0)
			ret = strategy_preset(strategy_preset_names[i], s, e);
	}
	for (int k = 0; k < 2 && ret == 0; k++)
		ret = default_name(tx, (enum customer_kind)k, def[k], sizeof(def[k]), e);
	if (ret < 0)
		goto fail;
	/* pointers into `all` only once it has stopped growing */
	out->candidates = calloc(out->n_all ? out->n_all : 1, sizeof(*out->candidates));
	if (!out->candidates) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < out->n_all; i++)
		if (i < n_stored || !strategy_preset_is_generic(out->all[i].name))
			out->candidates[out->n_candidates++] = &out->all[i];
	for (int k = 0; k < 2; k++) {
		out->defaults[k] = find_loaded(out, def[k]);
		if (!out->defaults[k]) {
			ret = error_set(e, ERR_INPUT, "the default strategy for %s customers, '%s', is not stored",
					k == KIND_COMPANY ? "company" : "person", def[k]);
			goto fail;
		}
	}
	return 0;
fail:
	strategies_release(out);
	return ret;
}

void strategies_release(struct strategies_set *set)
{
	free(set->all);
	free(set->candidates);
	memset(set, 0, sizeof(*set));
}

const struct strategy *strategies_for(const struct strategies_set *set, const struct account_facts *a)
{
	int i = strategy_choose(set->candidates, set->n_candidates, a);

	return i >= 0 ? set->candidates[i] : set->defaults[a->kind == KIND_COMPANY ? KIND_COMPANY : KIND_PERSON];
}

const struct strategy_step *strategies_step(const struct strategies_set *set, const char *strategy, const char *step)
{
	for (size_t i = 0; set && i < set->n_all; i++) {
		const struct strategy *st = &set->all[i];
		if (strcmp(st->name, strategy) != 0)
			continue;
		for (size_t k = 0; k < st->n_steps; k++)
			if (strcmp(st->steps[k].name, step) == 0)
				return &st->steps[k];
	}
	return NULL;
}
