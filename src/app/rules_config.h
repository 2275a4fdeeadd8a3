/*
 * rules_config.h: how a tenant configures the contact rules (`recoup rules
 * show|list|set|default|closed-day`): the profiles it uses (a preset, or
 * its own edited copy, which wins over the preset of the same name), its
 * default profile (for customers no other rule covers) and its closed days
 * (no contact at all).
 *
 * Each call opens its own transaction on ctx->store (app.h): a read one to
 * show or list, a write one to change. Errors are -ERR_INPUT for a profile
 * that is unknown or does not parse (the message names the source and the
 * place), -ERR_ENV for the database.
 */
#ifndef RECOUP_APP_RULES_CONFIG_H
#define RECOUP_APP_RULES_CONFIG_H

#include <stddef.h>

#include <jansson.h>

#include "app/app.h"
#include "app/rules_ctx.h"
#include "core/profile.h"

/* The profile the tenant uses under `name` (its edited copy, else the preset). */
int rules_config_show(const struct app_ctx *ctx, const char *name, struct profile *out, struct error *e);

/*
 * Every profile a customer may name: each preset (edited 0), then each of
 * the tenant's stored profiles in name order (edited 1; a name may come
 * twice when the tenant edited a preset). `def` receives the tenant's
 * default profile name ("" when none). A callback returning non-zero stops
 * the list, which then fails with -ERR_ENV.
 */
typedef int (*rules_config_profile_cb)(void *ctx, const char *name, int edited);
int rules_config_list(const struct app_ctx *ctx, rules_config_profile_cb cb, void *cb_ctx, char *def, size_t size,
		      struct error *e);

/*
 * Stores an edited profile under `name` for the tenant: `json` must parse
 * as a whole profile (core/profile.h) named `name`; it is stored in the
 * canonical form. `source` names the text in messages (a file name).
 */
int rules_config_set(const struct app_ctx *ctx, const char *name, const char *json, const char *source,
		     struct error *e);

/* Makes `name` (a preset or one of the tenant's profiles) the tenant's default. */
int rules_config_default(const struct app_ctx *ctx, const char *name, struct error *e);

/* Adds a closed day (or renames it when it is one already); `name` may be "". */
int rules_config_closed_day(const struct app_ctx *ctx, date_t day, const char *name, struct error *e);

/*
 * `recoup rules check`: app/rules_ctx's rules_ctx_evaluate_once in a read
 * transaction of its own, until the rules context (rules_ctx) takes over.
 */
int rules_config_check(const struct app_ctx *ctx, const struct rules_request *rq, struct rules_answer *out,
		       struct error *e);

/*
 * The answer as JSON, for every front end alike (`rules check --format
 * json`, POST /api/v1/rules/check): allowed, contact, customer, channel, at,
 * profile, local_time, zone, candidate_zones, reasons and warnings
 * ([{"code","message"}]), next_allowed_at, next, preferred, audience,
 * voicemail_audience, no_legal_threats. A new reference (NULL: out of memory).
 */
json_t *rules_config_answer_json(const struct rules_request *rq, const struct rules_answer *a);

#endif
