/*
 * audit.h: the audit trail (table audit_log): every change a person or a
 * machine client makes, who made it, when, from where, what it was and
 * what it became. Append-only: the tables' triggers refuse UPDATE and
 * DELETE on both backends, so nothing can edit or delete an entry, not
 * even a use case with a bug.
 *
 * A use case appends its entries in the transaction of the change itself
 * (app_audit in app/app.h fills who, when and from where from its
 * app_ctx): a change is never committed without its entry, nor an entry
 * without its change.
 *
 * Records passed to callbacks are valid during the callback only; a
 * non-zero return of a callback stops the walk and is returned.
 */
#ifndef RECOUP_STORE_AUDIT_H
#define RECOUP_STORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "store/store.h"

#define AUDIT_ACTION_MAX 48
#define AUDIT_ENTITY_MAX 32
#define AUDIT_REF_MAX    128
#define AUDIT_ACTOR_MAX  64
#define AUDIT_ORIGIN_MAX 64

struct audit_entry {
	int64_t id; /* set by store_audit_add */
	timestamp_t at;
	const char *actor;  /* user name, token name, or the operating-system user */
	const char *origin; /* "cli", or the client's address */
	const char *action; /* dotted verb: "promise.add", "approval.approve", "session.create" */
	const char *entity; /* "promise", "customer", "user"... */
	const char *ref;    /* the business ref or id of what changed ("" none) */
	const char *before; /* JSON text of what it was ("" none: created) */
	const char *after;  /* JSON text of what it became ("" none: removed) */
};

/* Appends one entry (ids increase with every entry of the tenant). Write. */
int store_audit_add(struct store_tx *tx, struct audit_entry *a, struct error *e);

/*
 * The tenant's entries with id > after_id, at or after `since` (0: any),
 * by `actor` and about `entity` when not NULL/"", in id order, at most
 * `limit` (0: all).
 */
struct audit_filter {
	int64_t after_id;
	timestamp_t since;
	const char *actor;
	const char *entity;
	const char *ref;
	int limit;
};
typedef int (*store_audit_cb)(void *ctx, const struct audit_entry *a);
int store_audit_each(struct store_tx *tx, const struct audit_filter *f, store_audit_cb cb, void *ctx, struct error *e);

#endif
