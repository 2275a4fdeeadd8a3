/*
 * authority.h: the tenant's authority limits (who may waive what when
 * settling, who may approve a write-off) and the plans' grace days, one
 * JSON document per tenant (agreement_config "authority"), shown and set by
 * `recoup authority` (docs/agreements.md, "Settlements and authority
 * limits"). A tenant that set none has AUTHORITY_DEFAULT.
 */
#ifndef RECOUP_APP_AUTHORITY_H
#define RECOUP_APP_AUTHORITY_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "core/model.h"

struct store_tx;

/* What an offer waives: the bits of the --waive options. */
enum { WAIVE_FEES = 1, WAIVE_INTEREST = 2, WAIVE_PRINCIPAL = 4 };

#define AUTHORITY_DEFAULT                                                                                         \
	"{\"plan_grace_days\": 3, \"limits\": ["                                                                  \
	"{\"role\": \"collector\", \"waive\": [\"fees\", \"interest\", \"principal\"], "                          \
	"\"principal_max_percent\": 10, \"balance_under\": \"5000.00\"}, "                                        \
	"{\"role\": \"manager\", \"waive\": [\"fees\", \"interest\", \"principal\"], \"principal_max_percent\": " \
	"40, \"write_off\": true}, "                                                                              \
	"{\"role\": \"admin\", \"waive\": [\"fees\", \"interest\", \"principal\"], \"principal_max_percent\": "   \
	"100, \"write_off\": true}]}"

/* The tenant's document in `tx` (the default when none is set): a new reference. */
int authority_load(struct store_tx *tx, json_t **doc, struct error *e);
/* The document as text (malloc'd) for `authority show`; *is_default 1 when the tenant set none. */
int authority_get(const struct app_ctx *ctx, char **text, int *is_default, struct error *e);
/* Checks and stores a whole document (audit "authority.set"). */
int authority_set(const struct app_ctx *ctx, const char *text, struct error *e);
/*
 * Replaces the limits of `role` with one: principal_max_percent `percent`
 * ("10%" or "10"), on balances under `balance_under` (NULL: any), for
 * customers of `kind` ("person", "company", NULL: any).
 */
int authority_set_role(const struct app_ctx *ctx, const char *role, const char *percent, const char *balance_under,
		       const char *kind, struct error *e);

/* Parses "fees", "interest" or "principal" into its bit; 0 when none of them. */
int authority_waive_bit(const char *name);

/*
 * Whether `role` may settle an account of `kind`: waive `waived` (bits) of
 * which `principal_waived` out of `principal`, on a balance `balance` in
 * `currency`. 1 yes, 0 no with the limit that applies in `why`.
 */
int authority_allows(const json_t *doc, const char *role, enum customer_kind kind, const char *currency,
		     int64_t balance, int64_t principal, int64_t principal_waived, int waived, char *why, size_t size);
/* 1 when a limit of `role` says "write_off": true. */
int authority_may_write_off(const json_t *doc, const char *role);
/* The days an instalment may be late before its plan breaks. */
int authority_grace_days(const json_t *doc);

#endif
