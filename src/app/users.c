/*
 * users.c: see users.h.
 */
#include "app/users.h"

#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "core/validate.h"

static const char *const roles[] = { "admin", "manager", "collector", NULL };

int users_check_name(const char *name, struct error *e)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > USER_NAME_MAX)
		return error_set_field(e, ERR_INPUT, "name", "user name '%s': must be 1 to %d bytes", name ? name : "",
				       USER_NAME_MAX);
	if (name[0] == '.' || name[0] == '-')
		return error_set_field(e, ERR_INPUT, "name", "user name '%s': must not start with '%c'", name, name[0]);
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')
			continue;
		return error_set_field(e, ERR_INPUT, "name",
				       "user name '%s': byte %zu is not one of a-z 0-9 . _ - (a login name)", name,
				       i + 1);
	}
	return 0;
}

static int check_role(const char *role, struct error *e)
{
	for (size_t i = 0; roles[i]; i++)
		if (!strcmp(role, roles[i]))
			return 0;
	return error_set_field(e, ERR_INPUT, "role", "role '%s' is not a role (admin, manager, collector)", role);
}

static int parse_capacity(const char *text, int *out, struct error *e)
{
	long v = 0;

	if (!*text || strlen(text) > 4)
		goto bad;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		v = v * 10 + (*p - '0');
	}
	if (v > USERS_MAX_CAPACITY)
		goto bad;
	*out = (int)v;
	return 0;
bad:
	return error_set_field(e, ERR_INPUT, "capacity",
			       "capacity '%s' is not a whole number of accounts a day from 0 to %d", text,
			       USERS_MAX_CAPACITY);
}

/* Applies the given fields to *u after checking them all; nothing is changed on error. */
static int apply_fields(const struct users_fields *f, struct user *u, struct error *e)
{
	int capacity = u->capacity;

	if (f->role && check_role(f->role, e) < 0)
		return -ERR_INPUT;
	if (f->team && validate_text("team", f->team, USER_TEAM_MAX, 0, e) < 0) {
		app_error_field(e, "team");
		return -ERR_INPUT;
	}
	if (f->capacity && parse_capacity(f->capacity, &capacity, e) < 0)
		return -ERR_INPUT;
	if (f->role)
		snprintf(u->role, sizeof(u->role), "%s", f->role);
	if (f->team)
		snprintf(u->team, sizeof(u->team), "%s", f->team);
	u->capacity = capacity;
	return 0;
}

static void stamp(const struct app_ctx *ctx, struct user *u)
{
	snprintf(u->updated_by, sizeof(u->updated_by), "%s", ctx->actor ? ctx->actor : "");
	u->updated_at = ctx->now;
}

/* The audit trail's view of a user: what a person can change. */
static json_t *user_json(const struct user *u)
{
	return json_pack("{s:s,s:s,s:i,s:b}", "role", u->role, "team", u->team, "capacity", u->capacity, "disabled",
			 u->disabled);
}

static int audit_user(const struct app_ctx *ctx, struct store_tx *tx, const char *action, const struct user *before,
		      const struct user *after, struct error *e)
{
	json_t *b = before ? user_json(before) : NULL, *a = user_json(after);
	int ret = (before && !b) || !a ? error_set(e, ERR_ENV, "out of memory")
				       : app_audit(ctx, tx, action, "user", after->name, b, a, e);
	json_decref(b);
	json_decref(a);
	return ret;
}

int users_add(const struct app_ctx *ctx, const char *name, const struct users_fields *f, const char *password,
	      struct user *out, struct error *e)
{
	char hash[AUTH_PASSWORD_MAX] = "";
	struct store_tx *tx = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	out->capacity = USERS_DEFAULT_CAPACITY;
	ret = users_check_name(name, e);
	if (ret < 0)
		return ret;
	if (!f->role)
		return error_set_field(e, ERR_INPUT, "role",
				       "user '%s': a role is required (admin, manager, collector)", name);
	ret = apply_fields(f, out, e);
	if (ret < 0)
		return ret;
	snprintf(out->name, sizeof(out->name), "%s", name);
	stamp(ctx, out);
	snprintf(out->created_by, sizeof(out->created_by), "%s", out->updated_by);
	out->created_at = out->updated_at;
	/* hashed before the write transaction: it takes tens of milliseconds */
	if (password) {
		ret = auth_password_hash(password, hash, sizeof(hash), e);
		if (ret < 0)
			return ret;
	}

	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		goto cleanup;
	ret = store_user_insert(tx, out, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_CONFLICT, "name", "user '%s' already exists", name);
	if (ret < 0)
		goto cleanup;
	ret = audit_user(ctx, tx, "user.add", NULL, out, e);
	if (ret == 0 && password)
		ret = auth_password_store(ctx, tx, out, hash, e);
	if (ret < 0)
		goto cleanup;
	ret = store_tx_commit(tx, e);
cleanup:
	store_tx_free(tx);
	explicit_bzero(hash, sizeof(hash));
	return ret;
}

static int get_user(struct store_tx *tx, const char *name, struct user *out, struct error *e)
{
	int ret = store_user_get(tx, name ? name : "", out, e);
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "name", "unknown user '%s'", name ? name : "");
	return ret < 0 ? ret : 0;
}

static int is_active_admin(const struct user *u)
{
	return !u->disabled && !strcmp(u->role, "admin");
}

static int count_admin(void *ctx, const struct user *u)
{
	if (is_active_admin(u))
		++*(int *)ctx;
	return 0;
}

/* Refuses a change that leaves a tenant which had an enabled admin with none. */
static int keep_an_admin(struct store_tx *tx, const struct user *before, const struct user *after, struct error *e)
{
	int admins = 0;
	int ret;

	if (!is_active_admin(before) || is_active_admin(after))
		return 0;
	ret = store_users_each(tx, count_admin, &admins, e);
	if (ret < 0)
		return ret;
	if (admins <= 1)
		return error_set_field(e, ERR_CONFLICT, "name",
				       "user '%s' is the tenant's last enabled admin: make another user admin first",
				       before->name);
	return 0;
}

/* The read-check-write of set and disable: `change` edits a copy; nothing is written when it changes nothing. */
static int update_user(const struct app_ctx *ctx, const char *name, const struct users_fields *f, int disabled,
		       struct user *out, int *changed, struct error *e)
{
	struct store_tx *tx = NULL;
	struct user before;
	int ret;

	*changed = 0;
	memset(out, 0, sizeof(*out));
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		goto cleanup;
	ret = get_user(tx, name, &before, e);
	if (ret < 0)
		goto cleanup;
	*out = before;
	if (f)
		ret = apply_fields(f, out, e);
	else
		out->disabled = disabled;
	if (ret < 0)
		goto cleanup;
	if (!strcmp(out->role, before.role) && !strcmp(out->team, before.team) && out->capacity == before.capacity &&
	    out->disabled == before.disabled)
		goto cleanup; /* nothing to write: updated_* keep the last real change */
	ret = keep_an_admin(tx, &before, out, e);
	if (ret < 0)
		goto cleanup;
	stamp(ctx, out);
	ret = store_user_update(tx, out, e);
	if (ret == 0)
		ret = error_set(e, ERR_ENV, "user '%s' vanished during its update", name);
	if (ret < 0)
		goto cleanup;
	/*
	 * Disabling ends the user's sessions, in the same transaction: a
	 * session only refused while the user was disabled came back to life
	 * when the user was enabled again (a cookie left on a lost laptop, say).
	 */
	if (out->disabled && !before.disabled) {
		int64_t ended = 0;
		ret = store_auth_sessions_end(tx, out->id, &ended, e);
		if (ret < 0)
			goto cleanup;
	}
	ret = audit_user(ctx, tx, f ? "user.set" : (disabled ? "user.disable" : "user.enable"), &before, out, e);
	if (ret < 0)
		goto cleanup;
	ret = store_tx_commit(tx, e);
	if (ret == 0)
		*changed = 1;
cleanup:
	store_tx_free(tx);
	return ret < 0 ? ret : 0;
}

int users_set(const struct app_ctx *ctx, const char *name, const struct users_fields *f, struct user *out, int *changed,
	      struct error *e)
{
	return update_user(ctx, name, f, 0, out, changed, e);
}

int users_set_disabled(const struct app_ctx *ctx, const char *name, int disabled, struct user *out, int *changed,
		       struct error *e)
{
	return update_user(ctx, name, NULL, disabled ? 1 : 0, out, changed, e);
}

int users_get(const struct app_ctx *ctx, const char *name, struct user *out, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = get_user(tx, name, out, e);
	store_tx_free(tx);
	return ret;
}

int users_list(const struct app_ctx *ctx, store_user_cb cb, void *cb_ctx, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = store_users_each(tx, cb, cb_ctx, e);
	store_tx_free(tx);
	return ret;
}
