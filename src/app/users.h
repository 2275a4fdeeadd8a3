/*
 * users.h: managing the people who work a tenant's accounts (store/users.h):
 * `recoup user add|list|set|disable|enable`, and later the server's admin
 * pages.
 *
 * What is checked (each refusal is -ERR_INPUT naming the field, and changes
 * nothing):
 *   name      a login name: 1-64 bytes of a-z 0-9 . _ - (lower case, so that
 *             "Ann" and "ann" cannot be two people), not starting with . or -;
 *   role      admin, manager or collector;
 *   team      free text, at most 64 bytes, no control characters ("" none);
 *   capacity  accounts a collector can work in a day, a whole number
 *             0..1000 (0: assign nothing, e.g. on leave); default 40.
 * A name the tenant already has is -ERR_CONFLICT; an unknown one
 * -ERR_NOT_FOUND. The tenant always keeps one enabled admin once it has
 * had one: disabling or demoting the last is -ERR_CONFLICT.
 *
 * Who and when: created_by/updated_by are ctx->actor, created_at/updated_at
 * ctx->now. A change that changes nothing writes nothing (updated_* stay).
 */
#ifndef RECOUP_APP_USERS_H
#define RECOUP_APP_USERS_H

#include "app/app.h"
#include "store/users.h"

#define USERS_DEFAULT_CAPACITY 40
#define USERS_MAX_CAPACITY     1000

/* What a request gives; NULL: not given (keep, or the default on add). Text as typed. */
struct users_fields {
	const char *role;
	const char *team;     /* "" clears it */
	const char *capacity; /* decimal */
};

/* 0 when `name` is a valid login name, else -ERR_INPUT (field "name"). */
int users_check_name(const char *name, struct error *e);

/*
 * Adds a user (role required). *out receives it as stored. With a
 * `password` (NULL: none) the user and its password are written in one
 * transaction (app/auth.h checks and hashes it first): a refused password
 * or a failure anywhere adds no user, and no user is ever left without the
 * password it was added with.
 */
int users_add(const struct app_ctx *ctx, const char *name, const struct users_fields *f, const char *password,
	      struct user *out, struct error *e);
/* Changes the given fields; *changed is 0 when they already had those values. */
int users_set(const struct app_ctx *ctx, const char *name, const struct users_fields *f, struct user *out, int *changed,
	      struct error *e);
/* Disables (disabled 1) or enables (0) a user; *changed as above. */
int users_set_disabled(const struct app_ctx *ctx, const char *name, int disabled, struct user *out, int *changed,
		       struct error *e);
/* One user; -ERR_NOT_FOUND when none of that name. */
int users_get(const struct app_ctx *ctx, const char *name, struct user *out, struct error *e);
/* Every user of the tenant in name order, disabled ones included. */
int users_list(const struct app_ctx *ctx, store_user_cb cb, void *cb_ctx, struct error *e);

#endif
