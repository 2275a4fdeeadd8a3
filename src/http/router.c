/*
 * router.c: see router.h. A linear scan: the table has a few dozen routes,
 * and comparing segments costs less than the request's JSON.
 */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

const char *route_role_name(enum route_role role)
{
	static const char *const names[] = { "public", "collector", "manager", "admin" };
	return names[role];
}

/*
 * 1 when path matches pattern (params filled), 0 not, -1 out of memory.
 * The path comes percent-decoded from libmicrohttpd (its unescape callback
 * runs on the path before the handler sees it), so a segment is copied as
 * it is: decoding it again would turn "%2541" into "A".
 */
static int match(const char *pattern, const char *path, struct arena *arena, const char **params, size_t *nparams)
{
	const char *p = pattern, *s = path;

	*nparams = 0;
	while (*p && *s) {
		const char *pe, *se;
		if (*p != '/' || *s != '/')
			return 0;
		p++;
		s++;
		pe = strchr(p, '/');
		se = strchr(s, '/');
		if (!pe)
			pe = p + strlen(p);
		if (!se)
			se = s + strlen(s);
		if (*p == '{') {
			if (se == s || *nparams == HTTP_PARAMS_MAX)
				return 0;
			params[*nparams] = arena_strndup(arena, s, (size_t)(se - s));
			if (!params[*nparams])
				return -1;
			(*nparams)++;
		} else if ((size_t)(pe - p) != (size_t)(se - s) || memcmp(p, s, (size_t)(pe - p)) != 0) {
			return 0;
		}
		p = pe;
		s = se;
	}
	return *p == '\0' && *s == '\0';
}

int router_match(const char *method, const char *path, struct arena *arena, const char **params, size_t *nparams)
{
	int other_method = 0;
	/* HEAD is GET without the body (RFC 9110 9.3.2; libmicrohttpd leaves the body out) */
	const char *as = !strcmp(method, "HEAD") ? "GET" : method;

	for (size_t i = 0; i < routes_count; i++) {
		int m = match(routes[i].pattern, path, arena, params, nparams);
		if (m < 0)
			return -3;
		if (m == 0)
			continue;
		if (!strcmp(routes[i].method, as))
			return (int)i;
		other_method = 1;
	}
	return other_method ? -2 : -1;
}

/* 1 when `method` is one of the list "GET, POST" (a path may match a literal route and GET /{file} both). */
static int listed(const char *list, const char *method)
{
	size_t n = strlen(method);

	for (const char *p = strstr(list, method); p; p = strstr(p + 1, method))
		if ((p == list || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

const char *router_allowed(const char *path, struct arena *arena)
{
	const char *params[HTTP_PARAMS_MAX];
	char buf[128] = "";
	size_t n, len = 0;

	for (size_t i = 0; i < routes_count; i++)
		if (match(routes[i].pattern, path, arena, params, &n) == 1 && len + 16 < sizeof(buf) &&
		    !listed(buf, routes[i].method))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s%s", len ? ", " : "",
						routes[i].method, !strcmp(routes[i].method, "GET") ? ", HEAD" : "");
	return len ? arena_strdup(arena, buf) : NULL;
}

void router_print(FILE *out)
{
	for (size_t i = 0; i < routes_count; i++)
		fprintf(out, "%-6s %-36s %-9s %s\n", routes[i].method, routes[i].pattern,
			route_role_name(routes[i].role), routes[i].summary);
}
