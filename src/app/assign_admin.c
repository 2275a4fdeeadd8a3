/*
 * assign_admin.c: the work queue administered from the server
 * (assign_admin.h).
 */
#include <stdlib.h>
#include <string.h>

#include "app/assign_admin.h"
#include "app/users.h"
#include "store/assignments.h"
#include "store/parties.h"

struct loads {
	struct user *users;
	int64_t *counts;
	size_t n, cap;
	int64_t orphans;
};

static int add_user(void *ctx, const struct user *u)
{
	struct loads *l = ctx;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct user *nu = realloc(l->users, cap * sizeof(*nu));
		if (!nu)
			return -ERR_ENV;
		l->users = nu;
		int64_t *nc = realloc(l->counts, cap * sizeof(*nc));
		if (!nc)
			return -ERR_ENV;
		l->counts = nc;
		l->cap = cap;
	}
	l->users[l->n] = *u;
	l->counts[l->n] = 0;
	l->n++;
	return 0;
}

/* A tenant has tens of users: a linear search per assignment costs less than the walk's I/O. */
static int count_one(void *ctx, const struct assignment *a)
{
	struct loads *l = ctx;

	for (size_t i = 0; i < l->n; i++) {
		if (l->users[i].id == a->user_id) {
			l->counts[i]++;
			return 0;
		}
	}
	l->orphans++;
	return 0;
}

int assign_loads(const struct app_ctx *ctx, assign_load_cb cb, void *cb_ctx, struct error *e)
{
	struct store_tx *tx = NULL;
	struct loads l = { 0 };
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = store_users_each(tx, add_user, &l, e);
	if (ret == -ERR_ENV && !e->message[0])
		ret = error_set(e, ERR_ENV, "assignments: out of memory");
	if (ret == 0)
		ret = store_assignments_each(tx, 1, INT64_MAX, count_one, &l, e);
	store_tx_free(tx);
	for (size_t i = 0; ret == 0 && i < l.n; i++) {
		struct assign_load one = { &l.users[i], l.counts[i] };
		if (strcmp(l.users[i].role, "collector") != 0 && l.counts[i] == 0)
			continue;
		ret = cb(cb_ctx, &one);
	}
	free(l.users);
	free(l.counts);
	return ret;
}

json_t *assign_summary_json(const struct assign_summary *s)
{
	json_t *o = json_object(), *list = json_array();
	char buf[DATE_TEXT_MAX];

	if (!o || !list) {
		json_decref(o);
		json_decref(list);
		return NULL;
	}
	json_object_set_new(o, "as_of", json_string(date_format(s->as_of, buf, sizeof(buf))));
	json_object_set_new(o, "dry_run", json_boolean(s->dry_run));
	json_object_set_new(o, "customers_seen", json_integer(s->customers_seen));
	json_object_set_new(o, "overdue", json_integer(s->overdue));
	json_object_set_new(o, "kept", json_integer(s->kept));
	json_object_set_new(o, "added", json_integer(s->added));
	json_object_set_new(o, "released", json_integer(s->released));
	json_object_set_new(o, "unassigned", json_integer(s->unassigned));
	for (size_t i = 0; i < s->n_collectors; i++) {
		const struct assign_collector *c = &s->collectors[i];
		json_array_append_new(list, json_pack("{s:s, s:s, s:i, s:b, s:b, s:I, s:I, s:I, s:I}", "collector",
						      c->name, "team", c->team, "capacity", c->capacity, "works",
						      c->works, "team_names_a_strategy", c->team_known, "accounts",
						      (json_int_t)c->load, "kept", (json_int_t)c->kept, "added",
						      (json_int_t)c->added, "released", (json_int_t)c->released));
	}
	json_object_set_new(o, "collectors", list);
	return o;
}

int assign_rebalance(const struct app_ctx *ctx, const struct assign_options *o, struct assign_summary *out,
		     struct error *e)
{
	struct store_tx *tx = NULL;
	json_t *after = NULL;
	int ret = assign_execute(ctx, o, out, e);

	if (ret < 0 || o->dry_run)
		return ret;
	after = json_pack("{s:I, s:I, s:I, s:I, s:I}", "overdue", (json_int_t)out->overdue, "kept",
			  (json_int_t)out->kept, "added", (json_int_t)out->added, "released", (json_int_t)out->released,
			  "unassigned", (json_int_t)out->unassigned);
	if (!after)
		return error_set(e, ERR_ENV, "assign: out of memory");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = app_audit(ctx, tx, "assign.run", "assignment", "", NULL, after, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	json_decref(after);
	return ret;
}

struct current {
	int found;
	struct assignment a;
};

static int take_current(void *ctx, const struct assignment *a)
{
	struct current *c = ctx;
	c->found = 1;
	c->a = *a;
	return 0;
}

struct name_of {
	int64_t id;
	char *name;
};

static int find_name(void *ctx, const struct user *u)
{
	struct name_of *n = ctx;
	if (u->id == n->id)
		snprintf(n->name, USER_NAME_MAX + 1, "%s", u->name);
	return 0;
}

int assign_set_one(const struct app_ctx *ctx, const char *customer_ref, const char *collector, int *changed,
		   char *previous, struct error *e)
{
	struct store_tx *tx = NULL;
	struct customer *c = NULL;
	struct user u;
	struct current cur = { 0 };
	struct assignment row = { 0 };
	json_t *before = NULL, *after = NULL;
	int ret;

	*changed = 0;
	previous[0] = '\0';
	ret = users_check_name(collector, e);
	if (ret < 0) {
		e->field[0] = '\0';
		return error_set_field(e, ERR_INPUT, "collector", "collector '%s' is not a user name", collector);
	}
	c = malloc(sizeof(*c));
	if (!c)
		return error_set(e, ERR_ENV, "assign: out of memory");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0) {
		ret = store_customer_get(tx, customer_ref, c, NULL, e);
		if (ret == 0)
			ret = error_set_field(e, ERR_NOT_FOUND, "ref", "unknown customer '%s'", customer_ref);
	}
	if (ret > 0) {
		ret = store_user_get(tx, collector, &u, e);
		if (ret == 0)
			ret = error_set_field(e, ERR_INPUT, "collector", "unknown user '%s'", collector);
		else if (ret > 0 && (strcmp(u.role, "collector") != 0 || u.disabled))
			ret = error_set_field(e, ERR_INPUT, "collector", "user '%s' is not an enabled collector (%s%s)",
					      collector, u.role, u.disabled ? ", disabled" : "");
	}
	if (ret > 0)
		ret = store_assignments_each(tx, c->id, c->id, take_current, &cur, e);
	if (ret == 0 && cur.found) {
		struct name_of n = { cur.a.user_id, previous };
		ret = store_users_each(tx, find_name, &n, e);
	}
	if (ret == 0 && cur.found && cur.a.user_id == u.id)
		goto cleanup; /* theirs already: nothing to write */
	if (ret == 0) {
		row.customer_id = c->id;
		row.user_id = u.id;
		row.since = ctx->today;
		snprintf(row.reason, sizeof(row.reason), "manual");
		if (cur.found)
			memcpy(row.risk_band, cur.a.risk_band, sizeof(row.risk_band));
		ret = store_assignments_put(tx, &row, 1, e);
	}
	if (ret == 0) {
		before = cur.found ? json_pack("{s:s}", "collector", previous) : NULL;
		after = json_pack("{s:s, s:s}", "collector", u.name, "reason", "manual");
		ret = after ? app_audit(ctx, tx, "assignment.set", "customer", c->ref, before, after, e)
			    : error_set(e, ERR_ENV, "assign: out of memory");
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	if (ret == 0)
		*changed = 1;
cleanup:
	json_decref(before);
	json_decref(after);
	store_tx_free(tx);
	free(c);
	return ret < 0 ? ret : 0;
}
