/*
 * rules_config.c: see rules_config.h.
 */
#include "app/rules_config.h"

#include <stdlib.h>
#include <string.h>

#include "store/rules_config.h"

static int begin(const struct app_ctx *ctx, enum store_mode mode, struct store_tx **tx, struct error *e)
{
	return store_tx_begin(ctx->store, ctx->tenant, ctx->actor, mode, tx, e);
}

/* Ends a transaction: commits a write one when all went well, frees it always. */
static int end(struct store_tx *tx, enum store_mode mode, int ret, struct error *e)
{
	if (ret == 0 && mode == STORE_WRITE)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret;
}

int rules_config_show(const struct app_ctx *ctx, const char *name, struct profile *out, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = begin(ctx, STORE_READ, &tx, e);

	if (ret == 0)
		ret = rules_ctx_profile_load(tx, name, out, e);
	return end(tx, STORE_READ, ret, e);
}

struct relay {
	rules_config_profile_cb cb;
	void *ctx;
};

static int relay_stored(void *ctx, const char *name, const char *json)
{
	struct relay *r = ctx;
	return r->cb && r->cb(r->ctx, name, 1) != 0 ? 1 : 0;
}

int rules_config_list(const struct app_ctx *ctx, rules_config_profile_cb cb, void *cb_ctx, char *def, size_t size,
		      struct error *e)
{
	struct relay r = { cb, cb_ctx };
	struct store_tx *tx = NULL;
	int ret = begin(ctx, STORE_READ, &tx, e);

	for (int i = 0; ret == 0 && cb && profile_preset_names[i]; i++)
		if (cb(cb_ctx, profile_preset_names[i], 0) != 0)
			ret = error_set(e, ERR_ENV, "the list of profiles stopped");
	if (ret == 0) {
		ret = store_profiles_each(tx, relay_stored, &r, e);
		if (ret > 0)
			ret = error_set(e, ERR_ENV, "the list of profiles stopped");
	}
	if (ret == 0)
		ret = store_tenant_default_profile(tx, def, size, e);
	return end(tx, STORE_READ, ret, e);
}

/* The audit entry of a profile stored: the JSON it replaced (none for a new one) and the canonical JSON stored. */
static int audit_profile(const struct app_ctx *ctx, struct store_tx *tx, const char *name, const char *canonical,
			 struct error *e)
{
	char *old = NULL;
	json_t *before = NULL, *after = json_loads(canonical, 0, NULL);
	int ret = store_profile_get(tx, name, &old, e);

	if (ret == 1)
		before = json_loads(old, 0, NULL);
	if (ret >= 0)
		ret = app_audit(ctx, tx, "profile.set", "profile", name, before, after, e);
	free(old);
	json_decref(before);
	json_decref(after);
	return ret;
}

/* The audit entry of a change whose record is one name or value: {key: before} -> {key: after}. */
static int audit_value(const struct app_ctx *ctx, struct store_tx *tx, const char *action, const char *entity,
		       const char *ref, const char *key, const char *before, const char *after, struct error *e)
{
	json_t *b = before ? json_pack("{s:s}", key, before) : NULL, *a = json_pack("{s:s}", key, after);
	int ret = app_audit(ctx, tx, action, entity, ref, b, a, e);
	json_decref(b);
	json_decref(a);
	return ret;
}

int rules_config_set(const struct app_ctx *ctx, const char *name, const char *json, const char *source, struct error *e)
{
	struct profile *p = malloc(sizeof(*p));
	struct store_tx *tx = NULL;
	char *canonical = NULL;
	int ret;

	if (!p) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	ret = profile_from_json_text(json, p, e);
	if (ret < 0) {
		error_prefix(e, "%s", source);
		goto cleanup;
	}
	if (strcmp(p->name, name)) {
		ret = error_set_field(e, ERR_INPUT, "name", "%s: the profile is named '%s', not '%s'", source, p->name,
				      name);
		goto cleanup;
	}
	canonical = profile_to_json_text(p);
	if (!canonical) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	ret = begin(ctx, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = audit_profile(ctx, tx, p->name, canonical, e);
	if (ret == 0)
		ret = store_profile_put(tx, p->name, canonical, e);
	ret = end(tx, STORE_WRITE, ret, e);
cleanup:
	free(p);
	free(canonical);
	return ret;
}

int rules_config_default(const struct app_ctx *ctx, const char *name, struct error *e)
{
	struct profile *p = malloc(sizeof(*p));
	struct store_tx *tx = NULL;
	int ret;

	if (!p)
		return error_set(e, ERR_ENV, "out of memory");
	/* only a profile that loads may become the default */
	ret = begin(ctx, STORE_WRITE, &tx, e);
	char old[PROFILE_MAX + 1] = "";

	if (ret == 0)
		ret = rules_ctx_profile_load(tx, name, p, e);
	if (ret == 0)
		ret = store_tenant_default_profile(tx, old, sizeof(old), e);
	if (ret >= 0)
		ret = audit_value(ctx, tx, "profile.default", "profile", name, "default", old[0] ? old : NULL, name, e);
	if (ret == 0)
		ret = store_tenant_set_default_profile(tx, name, e);
	free(p);
	return end(tx, STORE_WRITE, ret, e);
}

int rules_config_closed_day(const struct app_ctx *ctx, date_t day, const char *name, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = app_check_text("name", name, TEXT_MAX, e);

	char d[DATE_TEXT_MAX];

	if (ret == 0)
		ret = begin(ctx, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = store_closed_day_add(tx, day, name, e);
	if (ret == 0)
		ret = audit_value(ctx, tx, "closed_day.add", "closed_day", date_format(day, d, sizeof(d)), "name", NULL,
				  name, e);
	return end(tx, STORE_WRITE, ret, e);
}

int rules_config_check(const struct app_ctx *ctx, const struct rules_request *rq, struct rules_answer *out,
		       struct error *e)
{
	struct store_tx *tx = NULL;
	int ret;

	if (app_check_rules_moment("at", rq->at, e) < 0)
		return -ERR_INPUT;
	ret = begin(ctx, STORE_READ, &tx, e);
	if (ret == 0)
		ret = rules_ctx_evaluate_once(tx, rq, out, e);
	return end(tx, STORE_READ, ret, e);
}

json_t *rules_config_answer_json(const struct rules_request *rq, const struct rules_answer *a)
{
	const struct contact_verdict *v = &a->verdict;
	json_t *o = json_object(), *reasons = json_array(), *warnings = json_array();
	char ts[TIMESTAMP_TEXT_MAX];

	if (!o || !reasons || !warnings) {
		json_decref(o);
		json_decref(reasons);
		json_decref(warnings);
		return NULL;
	}
	json_object_set_new(o, "allowed", json_boolean(v->allowed));
	json_object_set_new(o, "contact", json_string(a->contact.ref));
	json_object_set_new(o, "customer", json_string(a->customer.ref));
	json_object_set_new(o, "channel", json_string(channel_name(rq->channel)));
	json_object_set_new(o, "at", json_string(timestamp_format(rq->at, ts, sizeof(ts))));
	json_object_set_new(o, "profile", json_string(v->profile));
	json_object_set_new(o, "local_time", json_string(v->local_time));
	json_object_set_new(o, "zone", v->zone[0] ? json_string(v->zone) : json_null());
	json_object_set_new(o, "candidate_zones", json_integer((json_int_t)v->n_zones));
	for (size_t i = 0; i < v->n_reasons; i++) {
		json_t *r = json_object();
		json_object_set_new(r, "code", json_string(v->reasons[i].code));
		json_object_set_new(r, "message", json_string(v->reasons[i].message));
		json_array_append_new(reasons, r);
	}
	json_object_set_new(o, "reasons", reasons);
	for (size_t i = 0; i < v->n_warnings; i++) {
		json_t *r = json_object();
		json_object_set_new(r, "code", json_string(v->warnings[i].code));
		json_object_set_new(r, "message", json_string(v->warnings[i].message));
		json_array_append_new(warnings, r);
	}
	json_object_set_new(o, "warnings", warnings);
	if (v->next == NEXT_AT)
		json_object_set_new(o, "next_allowed_at",
				    json_string(timestamp_format(v->next_allowed_at, ts, sizeof(ts))));
	else
		json_object_set_new(o, "next_allowed_at", json_null());
	json_object_set_new(o, "next",
			    json_string(v->next == NEXT_AT      ? "at"
					: v->next == NEXT_NEVER ? "never"
								: "beyond_horizon"));
	json_object_set_new(o, "preferred", json_boolean(v->preferred));
	json_object_set_new(o, "audience", json_string(contact_audience_name(v->audience)));
	json_object_set_new(o, "voicemail_audience", json_string(contact_audience_name(v->voicemail)));
	json_object_set_new(o, "no_legal_threats", json_boolean(v->no_legal_threats));
	return o;
}
