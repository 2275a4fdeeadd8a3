/*
 * router.h: routes are data (STYLE.md habit 9). Every route of the server
 * is one line of the table in routes.c: method, pattern, the least role
 * that may call it, what its body must be, the handler and a summary.
 * `recoup serve --routes` prints the table; docs/api.md and
 * docs/openapi.json list the same routes (a test compares the three).
 *
 * Patterns are literal segments and {name} segments ("/api/v1/customers/
 * {ref}"); a {name} matches one non-empty segment (decoded by libmicrohttpd), which
 * the handler reads as rq->params[k] in pattern order.
 */
#ifndef RECOUP_HTTP_ROUTER_H
#define RECOUP_HTTP_ROUTER_H

#include <stddef.h>

#include "http/http.h"

/* The least role that may call a route: public routes need no sign-in. */
enum route_role { ROUTE_PUBLIC, ROUTE_COLLECTOR, ROUTE_MANAGER, ROUTE_ADMIN };

enum {
	ROUTE_BODY_JSON = 1 << 0,  /* the body is a JSON object (Content-Type application/json) */
	ROUTE_BODY_CSV = 1 << 1,   /* the body is CSV (text/csv) */
	ROUTE_IDEMPOTENT = 1 << 2, /* honours Idempotency-Key */
	ROUTE_SIGNED_IN = 1 << 3,  /* public role, but a credential is read when sent (DELETE session) */
	ROUTE_BODY_FORM = 1 << 8,  /* an HTML form: x-www-form-urlencoded or multipart/form-data (may be empty) */
	ROUTE_BODY_RAW = 1 << 4,   /* the body is a file of any Content-Type: the handler checks it */
};

typedef int (*route_handler)(struct http_request *rq, struct http_response *rs);

struct route {
	const char *method;
	const char *pattern;
	enum route_role role;
	unsigned flags;
	route_handler handler;
	const char *summary;
};

extern const struct route routes[];
extern const size_t routes_count;

/* "public", "collector", "manager", "admin". */
const char *route_role_name(enum route_role role);

/*
 * The route for method and path: its index, with the {name} segments
 * decoded into params (from `arena`). -1 when no pattern matches the path
 * (404); -2 when one does, with another method (405); -3 out of memory.
 * HEAD takes the GET route of the path (the server sends no body).
 */
int router_match(const char *method, const char *path, struct arena *arena, const char **params, size_t *nparams);

/* The methods the routes of `path` take, "GET, HEAD, POST" (from `arena`), for a 405's Allow header; NULL none. */
const char *router_allowed(const char *path, struct arena *arena);

/* Writes the table, one route a line: METHOD PATTERN ROLE SUMMARY. */
void router_print(FILE *out);

#endif
