/*
 * assign_admin.h: the work queue as a manager administers it from the
 * server (docs/queue.md, "From the workspace"): how many accounts each
 * collector has, the assign run on demand, and one account given to a
 * collector by hand.
 *
 * A manual assignment is an assignment like any other (reason "manual",
 * since today): the next `recoup assign` keeps it while the account is
 * worked (still overdue, the collector still an enabled collector) and
 * releases it when it is no longer overdue. It is audited
 * ("assignment.set", before and after naming the collectors); the assign
 * run from the server is audited as "assign.run" with its counts.
 */
#ifndef RECOUP_APP_ASSIGN_ADMIN_H
#define RECOUP_APP_ASSIGN_ADMIN_H

#include <jansson.h>

#include "app/assign.h"

/* One user and the accounts assigned to it now (valid during the callback). */
struct assign_load {
	const struct user *user;
	int64_t accounts;
};
typedef int (*assign_load_cb)(void *ctx, const struct assign_load *l);

/*
 * Every collector of the tenant (disabled ones too), and any other user
 * that holds accounts, in name order, with its count. One read
 * transaction, one walk of the assignments.
 */
int assign_loads(const struct app_ctx *ctx, assign_load_cb cb, void *cb_ctx, struct error *e);

/* assign_execute as `recoup assign`, then its counts in the audit trail (unless a dry run). */
int assign_rebalance(const struct app_ctx *ctx, const struct assign_options *o, struct assign_summary *out,
		     struct error *e);

/* The summary as `recoup assign --format json` prints it (a new reference). */
json_t *assign_summary_json(const struct assign_summary *s);

/*
 * Gives customer `customer_ref` to `collector` (an enabled collector).
 * -ERR_NOT_FOUND for an unknown customer (field "ref"); -ERR_INPUT naming
 * "collector" for a name that is not an enabled collector's. *changed 0
 * when it was already theirs (nothing written). *previous (size
 * USER_NAME_MAX + 1) the collector it had, "" none.
 */
int assign_set_one(const struct app_ctx *ctx, const char *customer_ref, const char *collector, int *changed,
		   char *previous, struct error *e);

#endif
