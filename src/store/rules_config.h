/*
 * rules_config.h: how a tenant configures the contact rules: its stored
 * profiles (JSON text, core/profile.h reads them), its default profile and
 * its closed days.
 */
#ifndef RECOUP_STORE_RULES_CONFIG_H
#define RECOUP_STORE_RULES_CONFIG_H

#include <stddef.h>

#include "store/store.h"

/*
 * 1 when `name` is a profile a customer may name: a preset or one of the
 * tenant's stored profiles; 0 when not.
 */
int store_profile_exists(struct store_tx *tx, const char *name, struct error *e);
/* 1 found (*json malloc'ed, caller frees), 0 not (*json NULL). */
int store_profile_get(struct store_tx *tx, const char *name, char **json, struct error *e);
/* Inserts or replaces. Write. */
int store_profile_put(struct store_tx *tx, const char *name, const char *json, struct error *e);
typedef int (*store_profile_cb)(void *ctx, const char *name, const char *json);
/* Stored profiles in name order. */
int store_profiles_each(struct store_tx *tx, store_profile_cb cb, void *ctx, struct error *e);
/* The tenant's default profile name ("" when none), and setting it (write). */
int store_tenant_default_profile(struct store_tx *tx, char *out, size_t size, struct error *e);
int store_tenant_set_default_profile(struct store_tx *tx, const char *name, struct error *e);

/* The tenant's closed days: adding one (replaces the name of that day; write), listing them by date. */
int store_closed_day_add(struct store_tx *tx, date_t day, const char *name, struct error *e);
typedef int (*store_day_cb)(void *ctx, date_t day, const char *name);
int store_closed_days_each(struct store_tx *tx, store_day_cb cb, void *ctx, struct error *e);

#endif
