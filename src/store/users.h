/*
 * users.h: the people who work a tenant's accounts (admins, managers,
 * collectors), each with a login name, a role, a team and a daily capacity
 * (how many accounts a collector can work in a day). The work queue assigns
 * accounts to them; the server will add passwords and sessions to the same
 * rows (a later migration adds those columns; nothing here stores one).
 *
 * The store keeps what it is given: names, roles and capacities are checked
 * by the use case (app/users.h) and again by the schema's CHECKs. A user is
 * never deleted, only disabled, so that every record naming its login
 * (created_by, set_by, the actions of a run) still names someone.
 *
 * Moments are UTC; who and when of the creation and of the last change are
 * written by the caller (the use case passes its actor and clock).
 */
#ifndef RECOUP_STORE_USERS_H
#define RECOUP_STORE_USERS_H

#include "core/dates.h"
#include "core/model.h"
#include "store/store.h"

/* A login name: 1-64 bytes of [a-z0-9._-]. */
#define USER_NAME_MAX 64
#define USER_ROLE_MAX 16
#define USER_TEAM_MAX 64

struct user {
	int64_t id;
	char name[USER_NAME_MAX + 1];
	char role[USER_ROLE_MAX + 1]; /* "admin", "manager" or "collector" */
	char team[USER_TEAM_MAX + 1]; /* "" when none */
	int capacity;                 /* accounts a day, >= 0 */
	int disabled;                 /* 0 or 1 */
	char created_by[NAME_MAX_LEN + 1];
	timestamp_t created_at;
	char updated_by[NAME_MAX_LEN + 1];
	timestamp_t updated_at;
};

/*
 * Inserts `u` (every field but id). 1 inserted (sets u->id), 0 when the
 * tenant already has a user of that name (nothing written). Write.
 */
int store_user_insert(struct store_tx *tx, struct user *u, struct error *e);
/* 1 found (into *out), 0 no user of that name in the tenant. */
int store_user_get(struct store_tx *tx, const char *name, struct user *out, struct error *e);
/*
 * Writes role, team, capacity, disabled, updated_by and updated_at of the
 * user named u->name. 1 updated, 0 no such user. Write.
 */
int store_user_update(struct store_tx *tx, const struct user *u, struct error *e);
/* Every user of the tenant in name order (byte order); a non-zero return of `cb` stops and is returned. */
typedef int (*store_user_cb)(void *ctx, const struct user *u);
int store_users_each(struct store_tx *tx, store_user_cb cb, void *ctx, struct error *e);

#endif
