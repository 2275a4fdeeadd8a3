/*
 * strategies.h: the tenant's stored strategies and its default strategy
 * per kind of customer.
 *
 * A strategy is stored as the canonical JSON text core/strategy.h prints
 * (strategy_to_json), checked by the caller before it is stored, and comes
 * back byte for byte. The presets live in the code (core/strategy.h), not
 * here; a default may name a preset or a stored strategy.
 */
#ifndef RECOUP_STORE_STRATEGIES_H
#define RECOUP_STORE_STRATEGIES_H

#include <stddef.h>

#include "store/store.h"

/* 1 found (*json malloc'ed, caller frees), 0 not (*json NULL). */
int store_strategy_get(struct store_tx *tx, const char *name, char **json, struct error *e);
/* Inserts or replaces. Write. */
int store_strategy_put(struct store_tx *tx, const char *name, const char *json, struct error *e);
typedef int (*store_strategy_cb)(void *ctx, const char *name, const char *json);
/* Stored strategies in name order (byte order on both backends). */
int store_strategies_each(struct store_tx *tx, store_strategy_cb cb, void *ctx, struct error *e);
/* The tenant's default for a kind of customer ("" when it chose none). */
int store_strategy_default(struct store_tx *tx, enum customer_kind kind, char *out, size_t size, struct error *e);
/* Sets it (write). */
int store_strategy_set_default(struct store_tx *tx, enum customer_kind kind, const char *name, struct error *e);

#endif
