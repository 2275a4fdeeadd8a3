/*
 * rules_config.c: forwarders of store/rules_config.h (profiles, default profile, closed days) to the backend.
 */
#include <stdlib.h>
#include <string.h>

#include "core/profile.h"
#include "store/store_int.h"

int store_profile_get(struct store_tx *tx, const char *name, char **json, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->rules_config->profile_get(tx, name, json, e);
}

int store_profile_put(struct store_tx *tx, const char *name, const char *json, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->rules_config->profile_put(tx, name, json, e);
}

int store_profiles_each(struct store_tx *tx, store_profile_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->rules_config->profiles_each(tx, cb, ctx, e);
}

int store_tenant_default_profile(struct store_tx *tx, char *out, size_t size, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->rules_config->default_profile(tx, out, size, e);
}

int store_tenant_set_default_profile(struct store_tx *tx, const char *name, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->rules_config->set_default_profile(tx, name, e);
}

int store_closed_day_add(struct store_tx *tx, date_t day, const char *name, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->rules_config->closed_day_add(tx, day, name, e);
}

int store_closed_days_each(struct store_tx *tx, store_day_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->rules_config->closed_days_each(tx, cb, ctx, e);
}

/* Built on store_profile_get: the presets live in the code, not the database. */
int store_profile_exists(struct store_tx *tx, const char *name, struct error *e)
{
	char *json = NULL;
	int ret;

	for (int i = 0; profile_preset_names[i]; i++)
		if (!strcmp(profile_preset_names[i], name))
			return 1;
	ret = store_profile_get(tx, name, &json, e);
	free(json);
	return ret;
}
