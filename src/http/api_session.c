/*
 * api_session.c: signing in and out (POST and DELETE /api/v1/session).
 */
#include <stdio.h>

#include "app/tenants.h"
#include "http/api.h"
#include "http/body.h"

static const struct body_field signin_fields[] = {
	{ "user", BODY_STRING, USER_NAME_MAX, 1, 0 },
	{ "password", BODY_STRING, AUTH_PASSWORD_INPUT_MAX, 1, 0 },
	{ "tenant", BODY_STRING, 64, 0, 0 },
};
static const struct body_spec signin_spec = { NULL, NULL, signin_fields, 3 };

static int refused(struct http_request *rq)
{
	return http_error(rq, 401, "unauthenticated", "", "wrong user name or password");
}

/* The tenant named in the body, else the server's: 0, or -1 (refused like a wrong password). */
static int signin_tenant(struct http_request *rq, const json_t *body)
{
	const char *name = body_text(body, "tenant");
	struct error e = ERROR_INIT;
	int ret;

	if (!name)
		return 0;
	ret = tenants_resolve(rq->app.store, name, &rq->app.tenant, &e);
	if (ret == -ERR_NOT_FOUND || ret == -ERR_INPUT)
		return refused(rq);
	return ret < 0 ? http_app_error(rq, &e) : 0;
}

static int signed_in(struct http_request *rq, struct http_response *rs, const char *cookie)
{
	char ts[TIMESTAMP_TEXT_MAX];
	char *set_cookie = arena_alloc(rq->arena, AUTH_CREDENTIAL_MAX + 128);

	if (!set_cookie)
		return http_error(rq, 500, "environment", "", "out of memory");
	/* Secure over HTTPS: the browser then never sends the cookie in clear text */
	snprintf(set_cookie, AUTH_CREDENTIAL_MAX + 128,
		 "recoup_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", cookie, AUTH_SESSION_MAX,
		 rq->tls ? "; Secure" : "");
	http_add_header(rs, "Set-Cookie", set_cookie);
	rq->app.actor = rq->who.name;
	return http_json(rq, rs, 201,
			 json_pack("{s:s, s:s, s:s, s:s}", "user", rq->who.name, "role", rq->who.role, "csrf_token",
				   rq->who.csrf_token, "expires_at",
				   timestamp_format(rq->app.now + AUTH_SESSION_MAX, ts, sizeof(ts))));
}

int api_session_create(struct http_request *rq, struct http_response *rs)
{
	char cookie[AUTH_CREDENTIAL_MAX + 1];
	enum auth_outcome outcome;
	json_t *body = NULL;
	int retry_after = 0, ret;

	if (body_object(rq, &signin_spec, &body) < 0)
		return -1;
	ret = signin_tenant(rq, body);
	if (ret == 0)
		ret = auth_signin(&rq->app, body_text(body, "user"), body_text(body, "password"), rq->address,
				  rq->session_idle, cookie, sizeof(cookie), &rq->who, &outcome, &retry_after, &rq->err);
	json_decref(body);
	if (ret == -1)
		return -1;
	if (ret < 0)
		return http_app_error(rq, &rq->err);
	if (outcome == AUTH_LOCKED) {
		char *retry = arena_alloc(rq->arena, 16);
		if (retry) {
			snprintf(retry, 16, "%d", retry_after);
			http_add_header(rs, "Retry-After", retry);
		}
		return http_error(rq, 429, "locked", "user",
				  "too many failed sign-ins for this user; try again in %d seconds", retry_after);
	}
	if (outcome != AUTH_OK)
		return refused(rq);
	return signed_in(rq, rs, cookie);
}

/* Signing out ends the credential the request came with: the session (its cookie cleared), or the bearer token. */
int api_session_delete(struct http_request *rq, struct http_response *rs)
{
	if (auth_signout(&rq->app, &rq->who, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	if (rq->who.kind == AUTH_SESSION)
		http_add_header(rs, "Set-Cookie",
				rq->tls ? "recoup_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
					: "recoup_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	rs->status = 204;
	return 0;
}
