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
	if (ret == 0)
		ret = rules_ctx_profile_load(tx, name, p, e);
	if (ret == 0)
		ret = store_tenant_set_default_profile(tx, name, e);
	free(p);
	return end(tx, STORE_WRITE, ret, e);
}

int rules_config_closed_day(const struct app_ctx *ctx, date_t day, const char *name, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = app_check_text("--name", name, TEXT_MAX, e);

	if (ret == 0)
		ret = begin(ctx, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = store_closed_day_add(tx, day, name, e);
	return end(tx, STORE_WRITE, ret, e);
}

int rules_config_check(const struct app_ctx *ctx, const struct rules_request *rq, struct rules_answer *out,
		       struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = begin(ctx, STORE_READ, &tx, e);

	if (ret == 0)
		ret = rules_ctx_evaluate_once(tx, rq, out, e);
	return end(tx, STORE_READ, ret, e);
}
