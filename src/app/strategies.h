/*
 * strategies.h: how a tenant configures its strategies (`recoup strategy
 * list|show|set|default`), and the set of strategies a daily run applies.
 *
 * A tenant uses the presets (core/strategy.h) and its own stored
 * strategies; a stored strategy under a preset's name replaces the preset.
 * The candidates for an account are the stored strategies and the country
 * presets; the generic presets (b2b-gentle, consumer-standard) are only
 * defaults. The default per kind is the tenant's choice, else
 * strategy_default_preset(kind).
 *
 * Each call opens its own transaction (app.h). Errors: -ERR_INPUT for a
 * strategy that does not parse (every problem under its JSON path) or a
 * name that does not match the file; -ERR_NOT_FOUND for an unknown name;
 * -ERR_ENV for the database.
 */
#ifndef RECOUP_APP_STRATEGIES_H
#define RECOUP_APP_STRATEGIES_H

#include <stddef.h>

#include "app/app.h"
#include "core/strategy.h"

struct store_tx;

struct strategies_item {
	const char *name;
	const char *source; /* "preset", "tenant", or "tenant (replaces the preset)" */
	int priority;
	size_t n_steps;
	const char *default_for; /* "company", "person", "company, person" or "" */
	int candidate;           /* 1: chosen by segment; 0: a default only */
};
typedef int (*strategies_item_cb)(void *ctx, const struct strategies_item *it);
/* Every strategy the tenant may use, presets first (in their order), then its own in name order. */
int strategies_list(const struct app_ctx *ctx, strategies_item_cb cb, void *cb_ctx, struct error *e);

/* The canonical JSON of the strategy the tenant uses under `name`; caller frees *json. */
int strategies_show(const struct app_ctx *ctx, const char *name, char **json, struct error *e);

/*
 * Stores a strategy for the tenant: `json` must parse (core/strategy.h)
 * and be named `name`; it is stored in canonical form. `source` names the
 * text in messages (a file name).
 */
int strategies_set(const struct app_ctx *ctx, const char *name, const char *json, const char *source, struct error *e);

/*
 * The steps of the strategy the tenant uses under `name` whose template
 * does not exist: a message step (email, sms, letter) naming a template
 * that the tenant has not stored and recoup does not ship on that channel,
 * in any language or audience. The outbox and the letters look a step's
 * template up by name then fall back to "default" (app/templates.h), so
 * such a step's messages go out with the "default" text: a typo in a
 * template's name is otherwise only seen on the debtor's side. Not an
 * error (a template may be stored after the strategy); `strategy set` and
 * PUT report them after storing. 0 and *out, or -ERR_NOT_FOUND / -ERR_ENV.
 */
struct strategies_warning {
	char step[STRATEGY_STEP_NAME_MAX + 1];
	char channel[16];
	char template_name[STRATEGY_TEMPLATE_MAX + 1];
	char message[384]; /* a sentence naming the step, its channel and the template, and what happens */
};
struct strategies_warnings {
	size_t n;
	struct strategies_warning w[STRATEGY_STEPS_MAX];
};
int strategies_template_warnings(const struct app_ctx *ctx, const char *name, struct strategies_warnings *out,
				 struct error *e);

/* Makes `name` (a preset or a stored strategy) the tenant's default for customers of `kind`. */
int strategies_default(const struct app_ctx *ctx, const char *name, enum customer_kind kind, struct error *e);

/*
 * What a run applies: the candidates (pointers into `all`) and the
 * default per kind. Loaded once per run, in the run's first transaction.
 */
struct strategies_set {
	struct strategy *all;
	size_t n_all;
	const struct strategy **candidates;
	size_t n_candidates;
	const struct strategy *defaults[2]; /* by enum customer_kind */
};
int strategies_load(struct store_tx *tx, struct strategies_set *out, struct error *e);
void strategies_release(struct strategies_set *set);
/* The strategy an account gets (strategy_choose over the candidates, else the default of its kind). */
const struct strategy *strategies_for(const struct strategies_set *set, const struct account_facts *a);
/*
 * The step an action recorded (its strategy's and step's names), or NULL
 * when the set has no such strategy or step any more (renamed, removed).
 * The outbox and the letters take the step's template from it.
 */
const struct strategy_step *strategies_step(const struct strategies_set *set, const char *strategy, const char *step);

#endif
