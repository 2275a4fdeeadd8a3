/*
 * api_admin.c: administration for managers and admins (docs/api.md,
 * docs/users.md): the tenant's users, their roles, teams and capacity, as
 * `recoup user list` lists them, and their changes (an admin adds users,
 * sets roles, disables and sets passwords; a manager may change a
 * collector's team and capacity); the message templates as `recoup
 * template` shows and sets them; who works which accounts, the assign on
 * demand, and one account given by hand. No password or token is ever part
 * of an answer.
 */
#include <string.h>

#include "app/assign_admin.h"
#include "app/auth.h"
#include "app/templates_json.h"
#include "app/users.h"
#include "http/api.h"
#include "http/body.h"
#include "http/etag.h"
#include "http/jobs.h"

static json_t *user_json(const struct user *u)
{
	return json_pack("{s:s, s:s, s:o, s:i, s:b}", "name", u->name, "role", u->role, "team",
			 u->team[0] ? json_string(u->team) : json_null(), "capacity", u->capacity, "disabled",
			 u->disabled);
}

/* The user's tag (http/etag.h): of its row as user_json gives it. 0, or -1 out of memory. */
static int user_tag(const struct user *u, char out[HTTP_ETAG_MAX])
{
	json_t *o = user_json(u);
	int ret = o ? http_etag_json(o, out) : -1;

	json_decref(o);
	return ret;
}

/* A user of the list, with its "etag": what PATCH takes in If-Match (the list has no one tag). */
static int add_user(void *ctx, const struct user *u)
{
	char tag[HTTP_ETAG_MAX];
	json_t *o = user_json(u);

	if (!o || user_tag(u, tag) < 0 || json_object_set_new(o, "etag", json_string(tag)) < 0) {
		json_decref(o);
		return -ERR_ENV;
	}
	return json_array_append_new(ctx, o) < 0 ? -ERR_ENV : 0;
}

/* The tag of the user a PATCH names, for If-Match: 1, 0 when there is no such user, -1. */
static int user_current_tag(struct http_request *rq, void *ctx, char out[HTTP_ETAG_MAX])
{
	struct user u;

	(void)ctx;
	if (users_get(&rq->app, rq->params[0], &u, &rq->err) < 0)
		return rq->err.code == ERR_NOT_FOUND ? 0 : http_app_error(rq, &rq->err);
	return user_tag(&u, out) < 0 ? http_error(rq, 500, "environment", "", "out of memory") : 1;
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

/* ---- users: add, change, disable, password (docs/users.md, "Who manages users") ---- */

static const struct body_field user_add_fields[] = {
	{ "name", BODY_STRING, USER_NAME_MAX, 1, 0 },
	{ "role", BODY_STRING, USER_ROLE_MAX, 1, 0 },
	{ "team", BODY_STRING, USER_TEAM_MAX, 0, 0 },
	{ "capacity", BODY_STRING, 8, 0, 0 },
	{ "password", BODY_STRING, AUTH_PASSWORD_INPUT_MAX, 0, 0 },
};
static const struct body_spec user_add_spec = { NULL, NULL, user_add_fields,
						sizeof(user_add_fields) / sizeof(user_add_fields[0]) };

int api_user_create(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;
	struct user u;
	const char *password;
	int ret;

	if (body_object(rq, &user_add_spec, &body) < 0)
		return -1;
	struct users_fields f = { body_text(body, "role"), body_text(body, "team"), body_text(body, "capacity") };
	password = body_text(body, "password");
	/* the user and its password in one transaction: a refused password adds no user */
	ret = users_add(&rq->app, body_text(body, "name"), &f, password, &u, &rq->err);
	json_decref(body);
	if (ret < 0)
		return http_app_error(rq, &rq->err);
	return http_json(rq, rs, 201, user_json(&u));
}

static const struct body_field user_set_fields[] = {
	{ "role", BODY_STRING, USER_ROLE_MAX, 0, 0 },
	{ "team", BODY_STRING, USER_TEAM_MAX, 0, 0 },
	{ "capacity", BODY_STRING, 8, 0, 0 },
	{ "disabled", BODY_BOOLEAN, 5, 0, 0 },
};
static const struct body_spec user_set_spec = { NULL, NULL, user_set_fields,
						sizeof(user_set_fields) / sizeof(user_set_fields[0]) };

/*
 * A manager may change the team and capacity of a collector (the work
 * they are given); the role, disabling and any change to a manager or an
 * admin are an admin's, so that no one raises their own rank.
 */
static int may_change(struct http_request *rq, const json_t *body, const char *name)
{
	struct user target;
	const char *key;
	json_t *v;

	if (auth_role_at_least(rq->who.role, "admin"))
		return 0;
	json_object_foreach((json_t *)body, key, v)
	{
		if (strcmp(key, "team") != 0 && strcmp(key, "capacity") != 0)
			return http_error(rq, 403, "forbidden", key, "only an admin may change a user's %s", key);
	}
	if (users_get(&rq->app, name, &target, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	if (strcmp(target.role, "collector") != 0)
		return http_error(rq, 403, "forbidden", "", "only an admin may change %s %s ('%s')",
				  strcmp(target.role, "admin") ? "a" : "an", target.role, name);
	return 0;
}

int api_user_update(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;
	struct user u;
	int changed = 0, guarded, ret = 0;
	const char *name = rq->params[0];
	const char *disabled;
	int disable = 0;

	if (body_object(rq, &user_set_spec, &body) < 0)
		return -1;
	if (may_change(rq, body, name) < 0) {
		json_decref(body);
		return -1;
	}
	disabled = body_text(body, "disabled");
	disable = disabled ? codec_parse_bool(disabled) : 0;
	/* one change per request: a refused second change must not follow an accepted first */
	if (disabled && (disable < 0 || json_object_size(body) > 1)) {
		ret = disable < 0 ? http_error(rq, 422, "input", "disabled", "disabled '%.8s': true or false", disabled)
				  : http_error(rq, 422, "input", "disabled",
					       "send 'disabled' on its own, not with other changes");
		json_decref(body);
		return ret;
	}
	/* with If-Match, the check and the write in one transaction (http/etag.h) */
	if (http_if_match_begin(rq, user_current_tag, NULL, "user", name, &guarded) < 0) {
		json_decref(body);
		return -1;
	}
	struct users_fields f = { body_text(body, "role"), body_text(body, "team"), body_text(body, "capacity") };
	if (disabled)
		ret = users_set_disabled(&rq->app, name, disable, &u, &changed, &rq->err);
	else if (json_object_size(body) > 0)
		ret = users_set(&rq->app, name, &f, &u, &changed, &rq->err);
	else
		ret = users_get(&rq->app, name, &u, &rq->err);
	json_decref(body);
	if (ret < 0)
		return http_if_match_end(rq, guarded, http_app_error(rq, &rq->err));
	json_t *o = user_json(&u);
	char tag[HTTP_ETAG_MAX];
	if (user_tag(&u, tag) < 0 || http_etag_header(rq, rs, tag) < 0) {
		json_decref(o);
		return http_if_match_end(
			rq, guarded, rq->fail.status ? -1 : http_error(rq, 500, "environment", "", "out of memory"));
	}
	if (o)
		json_object_set_new(o, "changed", json_boolean(changed));
	return http_if_match_end(rq, guarded, http_json(rq, rs, 200, o));
}

static const struct body_field password_fields[] = {
	{ "password", BODY_STRING, AUTH_PASSWORD_INPUT_MAX, 1, 0 },
};
static const struct body_spec password_spec = { NULL, NULL, password_fields, 1 };

int api_user_password(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;
	int ret;

	if (body_object(rq, &password_spec, &body) < 0)
		return -1;
	ret = auth_password_set(&rq->app, rq->params[0], body_text(body, "password"), &rq->err);
	json_decref(body);
	if (ret < 0)
		return http_app_error(rq, &rq->err);
	rs->status = 204;
	return 0;
}

/* ---- message templates (docs/channels.md, "Templates") ---- */

static int template_item(void *ctx, const struct template_doc *doc, int stored)
{
	return json_array_append_new(ctx, templates_item_json(doc, stored)) < 0;
}

int api_templates_list(struct http_request *rq, struct http_response *rs)
{
	json_t *items = json_array();
	int ret;

	if (!items)
		return http_error(rq, 500, "environment", "", "out of memory");
	/* an item not added stops the list (templates_list returns the stop): a 500, never a cut list */
	ret = templates_list(&rq->app, template_item, items, &rq->err);
	if (ret > 0)
		ret = error_set(&rq->err, ERR_ENV, "out of memory");
	if (ret < 0) {
		json_decref(items);
		return http_app_error(rq, &rq->err);
	}
	return http_json(rq, rs, 200, http_list(items, NULL));
}

/* The template of (name, channel, lang, audience), the tenant's else shipped, with its source; NULL (rq->err) on error. */
static json_t *template_json(struct http_request *rq, const char *name, const char *channel, const char *lang,
			     enum template_audience audience)
{
	struct templates_found t = { 0 };
	json_t *o;

	if (templates_show(&rq->app, name, channel, lang, audience, &t, &rq->err) < 0)
		return NULL;
	o = templates_doc_json(t.name, t.channel, t.lang, t.audience, t.subject, t.text, t.html);
	if (o)
		json_object_set_new(o, "source", json_string(t.stored ? "tenant" : "shipped"));
	else
		error_set(&rq->err, ERR_ENV, "out of memory");
	templates_found_release(&t);
	return o;
}

/* The template as the answer, with its ETag (http/etag.h): the tag of the answer. */
static int template_answer(struct http_request *rq, struct http_response *rs, const char *name, const char *channel,
			   const char *lang, enum template_audience audience)
{
	char tag[HTTP_ETAG_MAX];
	json_t *o = template_json(rq, name, channel, lang, audience);

	if (!o)
		return http_app_error(rq, &rq->err);
	if (http_etag_json(o, tag) < 0 || http_etag_header(rq, rs, tag) < 0) {
		json_decref(o);
		return rq->fail.status ? -1 : http_error(rq, 500, "environment", "", "out of memory");
	}
	return http_json(rq, rs, 200, o);
}

/* The tag of the template a PUT names (its body's channel, lang and audience), for If-Match. */
static int template_tag(struct http_request *rq, void *ctx, char out[HTTP_ETAG_MAX])
{
	const struct template_doc *d = ctx;
	json_t *o = template_json(rq, d->name, d->channel, d->lang, d->audience);
	int ret;

	if (!o)
		return rq->err.code == ERR_NOT_FOUND ? 0 : http_app_error(rq, &rq->err);
	ret = http_etag_json(o, out);
	json_decref(o);
	return ret < 0 ? http_error(rq, 500, "environment", "", "out of memory") : 1;
}

int api_template_get(struct http_request *rq, struct http_response *rs)
{
	const char *channel = http_query(rq, "channel");
	const char *lang = http_query(rq, "lang");
	const char *aud = http_query(rq, "audience");
	enum template_audience audience = TEMPLATE_DEBTOR;

	if (aud && template_audience_parse(aud, &audience, &rq->err) < 0)
		return http_error(rq, 400, "usage", "audience", "%s", rq->err.message);
	return template_answer(rq, rs, rq->params[0], channel ? channel : "email", lang ? lang : "en", audience);
}

int api_template_put(struct http_request *rq, struct http_response *rs)
{
	json_error_t jerr;
	json_t *j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &jerr);
	struct template_doc d;
	int guarded, ret;

	if (!j)
		return http_error(rq, 400, "malformed", "", "the body is not JSON: %s (line %d, column %d)", jerr.text,
				  jerr.line, jerr.column);
	if (!json_is_object(j)) {
		json_decref(j);
		return http_error(rq, 400, "malformed", "", "the body must be a JSON object");
	}
	ret = templates_doc_from_json(j, "the request body", &d, &rq->err);
	if (ret == 0 && d.name && strcmp(d.name, rq->params[0]) != 0)
		ret = error_set_field(&rq->err, ERR_INPUT, "name", "the body names template '%.64s', the path '%.64s'",
				      d.name, rq->params[0]);
	if (ret == 0 && !d.name)
		d.name = rq->params[0];
	if (ret == 0 && !d.channel)
		ret = error_set_field(&rq->err, ERR_INPUT, "channel", "the request body: 'channel' is missing");
	if (ret == 0 && !d.lang)
		ret = error_set_field(&rq->err, ERR_INPUT, "lang", "the request body: 'lang' is missing");
	if (ret < 0) {
		json_decref(j);
		return http_app_error(rq, &rq->err);
	}
	/* with If-Match, the check and the write in one transaction (http/etag.h) */
	if (http_if_match_begin(rq, template_tag, &d, "template", d.name, &guarded) < 0) {
		json_decref(j);
		return -1;
	}
	ret = templates_set(&rq->app, &d, &rq->err);
	ret = ret < 0 ? http_app_error(rq, &rq->err) : template_answer(rq, rs, d.name, d.channel, d.lang, d.audience);
	json_decref(j);
	return http_if_match_end(rq, guarded, ret);
}

/* ---- assignments (docs/queue.md, "From the workspace") ---- */

static int load_item(void *ctx, const struct assign_load *l)
{
	json_t *o = json_pack("{s:s, s:s, s:o, s:i, s:b, s:I}", "collector", l->user->name, "role", l->user->role,
			      "team", l->user->team[0] ? json_string(l->user->team) : json_null(), "capacity",
			      l->user->capacity, "disabled", l->user->disabled, "accounts", (json_int_t)l->accounts);
	return json_array_append_new(ctx, o) < 0 ? -ERR_ENV : 0;
}

int api_assignments_list(struct http_request *rq, struct http_response *rs)
{
	json_t *items = json_array();

	if (!items)
		return http_error(rq, 500, "environment", "", "out of memory");
	if (assign_loads(&rq->app, load_item, items, &rq->err) < 0) {
		json_decref(items);
		return http_app_error(rq, &rq->err);
	}
	return http_json(rq, rs, 200, http_list(items, NULL));
}

static const struct body_field rebalance_fields[] = {
	{ "dry_run", BODY_BOOLEAN, 5, 0, 0 },
};
static const struct body_spec rebalance_spec = { NULL, NULL, rebalance_fields, 1 };

/* 202 and the job (http/jobs.h): the rebalance runs on a thread of its own while the client polls. */
int api_assignments_rebalance(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL, *job = NULL;
	const char *text;
	char *location;
	int dry_run, ret;

	if (body_object(rq, &rebalance_spec, &body) < 0)
		return -1;
	text = body_text(body, "dry_run");
	dry_run = text ? codec_parse_bool(text) : 0;
	json_decref(body);
	if (dry_run < 0)
		return http_error(rq, 422, "input", "dry_run", "dry_run: true or false");
	ret = jobs_rebalance_start(&rq->app, dry_run, &job, &rq->err);
	if (ret < 0) {
		json_decref(job);
		return http_app_error(rq, &rq->err);
	}
	location = arena_alloc(rq->arena, 64);
	if (location) {
		snprintf(location, 64, "/api/v1/assignments/rebalance/%s",
			 json_string_value(json_object_get(job, "id")));
		http_add_header(rs, "Location", location);
	}
	return http_json(rq, rs, 202, job);
}

int api_assignments_rebalance_job(struct http_request *rq, struct http_response *rs)
{
	json_t *job = jobs_rebalance_get(rq->app.tenant, rq->params[0]);

	if (!job)
		return http_error(rq, 404, "not_found", "id", "no rebalance job '%s'", rq->params[0]);
	return http_json(rq, rs, 200, job);
}

static const struct body_field reassign_fields[] = {
	{ "collector", BODY_STRING, USER_NAME_MAX, 1, 0 },
};
static const struct body_spec reassign_spec = { NULL, NULL, reassign_fields, 1 };

int api_assignment_set(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;
	char previous[USER_NAME_MAX + 1];
	int changed = 0, ret;

	if (body_object(rq, &reassign_spec, &body) < 0)
		return -1;
	ret = assign_set_one(&rq->app, rq->params[0], body_text(body, "collector"), &changed, previous, &rq->err);
	if (ret < 0) {
		json_decref(body);
		return http_app_error(rq, &rq->err);
	}
	json_t *o = json_pack("{s:s, s:s, s:o, s:b}", "customer_ref", rq->params[0], "collector",
			      body_text(body, "collector"), "previous",
			      previous[0] ? json_string(previous) : json_null(), "changed", changed);
	json_decref(body);
	return http_json(rq, rs, 200, o);
}
