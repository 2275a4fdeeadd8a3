/*
 * api_admin.c: administration for managers (GET /api/v1/users): the
 * tenant's users, their roles, teams and capacity, as `recoup user list`
 * lists them, for the workspace's administration page. No password or
 * token is ever part of it.
 */
#include "app/users.h"
#include "http/api.h"

static int add_user(void *ctx, const struct user *u)
{
	json_t *o = json_pack("{s:s, s:s, s:o, s:i, s:b}", "name", u->name, "role", u->role, "team",
			      u->team[0] ? json_string(u->team) : json_null(), "capacity", u->capacity, "disabled",
			      u->disabled);
	return json_array_append_new(ctx, o) < 0 ? -ERR_ENV : 0;
}

int api_users_list(struct http_request *rq, struct http_response *rs)
{
	json_t *items = json_array();

	if (!items)
		return http_error(rq, 500, "environment", "", "out of memory");
	if (users_list(&rq->app, add_user, items, &rq->err) < 0) {
		json_decref(items);
		return http_app_error(rq, &rq->err);
	}
	return http_json(rq, rs, 200, http_list(items, NULL));
}
