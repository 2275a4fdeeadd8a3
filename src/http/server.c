/*
 * server.c: see server.h. The glue between libmicrohttpd and the routes:
 * reading the request, signing the caller in, the checks every route
 * shares (role, CSRF, media type, body size, idempotency), the response,
 * the access log and the metrics. Route handlers are in api_*.c.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "app/idempotency.h"
#include "app/tenants.h"
#include "codec/json.h"
#include "http/jobs.h"
#include "http/metrics.h"
#include "http/mhd_dl.h"
#include "http/queue_cache.h"
#include "http/router.h"
#include "http/send_worker.h"
#include "http/write_gate.h"
#include "store/store.h"

#define SESSION_COOKIE "recoup_session"

/*
 * Set once SIGTERM came: every response then says Connection: close, so
 * that a client on a kept-alive connection gets the answer to the request
 * it sent and no further one is read from that connection (the drain would
 * otherwise wait on clients that keep sending).
 */
static atomic_int stopping;

struct server {
	const struct server_options *o;
	int64_t default_tenant;
	pthread_key_t store_key;
	/* the writer of the routes with ROUTE_IDEMPOTENT: group commit (write_gate.h) */
	struct write_gate *gate;
	/* the certificate and key in force (o->tls_* at start, then each one a SIGHUP read), owned */
	char *tls_cert, *tls_key;
	/* connections at once, all addresses together (connection_limit) */
	unsigned connection_limit;
	/* connections closed at once since the last log line about them, and that line's time (log_refused) */
	atomic_long refused;
	atomic_llong refused_logged_at;
	/*
	 * Every open connection, of every daemon (on_connection), for the
	 * watch on the request heads (watch_heads, run by the main thread);
	 * the lock is taken when a connection opens or closes and by the watch.
	 */
	pthread_mutex_t conns_lock;
	struct connection_state *conns;
	/* connections the watch closed since the last log line about them, and that line's time (watch_heads) */
	atomic_long cut;
	atomic_llong cut_logged_at;
	/* libmicrohttpd's lines about those closes not seen yet (on_mhd_log: the watch's line tells of them) */
	atomic_long cut_quiet;
};

/*
 * One libmicrohttpd daemon: the one serving, or one a certificate reload
 * retired (quiesced: it accepts nothing) that finishes its requests in
 * flight, answering them with Connection: close, before it is stopped.
 */
struct daemon_gen {
	struct server *srv;
	struct MHD_Daemon *d;
	atomic_long in_flight;   /* requests */
	atomic_long connections; /* open connections, idle kept-alive ones too */
	atomic_long writing;     /* requests with the writer, their connections suspended */
	atomic_int retiring;
	struct timespec retired_at;
	/* libmicrohttpd's messages while starting (why a certificate was refused) */
	atomic_int starting;
	char start_error[512];
	struct daemon_gen *next; /* the retired ones */
};

/* Where a request is: being read and answered by a worker, or with the writer (write_gate.h). */
enum request_phase { PHASE_WORKER, PHASE_WRITING, PHASE_WRITTEN };

/* One request's state, from its first handler call to its completion. */
struct request_state {
	struct arena arena;
	char *body;
	size_t len, cap;
	int too_large;
	int bad_framing; /* where the body ends is not sure (framing): 400, and the connection closed */
	struct timespec started;
	struct daemon_gen *gen;
	struct MHD_Connection *conn;
	/* kept here, not on a worker's stack: a write is handed to the writer and answered when it is back */
	struct http_request rq;
	struct http_response rs;
	int route;
	enum request_phase phase;
	struct write_job job;
	char address[64];
	size_t target_len;  /* the request target's bytes, as sent (connection_state) */
	const char *target; /* the request target as sent (arena), NULL when not kept (over the limit) */
};

/* One connection's state, from its start to its close (on_connection). */
struct connection_state {
	size_t target_len; /* the current request's target, as sent (on_uri) */
	char *target;      /* its bytes (up to SERVER_TARGET_MAX; NULL or "" when not kept) until its request starts */
	size_t target_cap;
	/*
	 * The moment (head_clock, ms) by which the head of the request awaited
	 * must be whole, 0 while a request is being read or answered: set at
	 * the start and after each request by its worker (head_awaited), read
	 * by the watch. See server.h, "The request head".
	 */
	atomic_llong head_deadline;
	MHD_socket fd;
	int listed;                           /* in srv->conns (set before it is put there) */
	int cut;                              /* the watch shut it down (under conns_lock) */
	struct connection_state *prev, *next; /* in srv->conns (under conns_lock) */
};

/* ---- the worker's store ---- */

static void close_store(void *s)
{
	store_close(s);
}

static struct store *thread_store(struct server *srv, struct error *e)
{
	struct store *s = pthread_getspecific(srv->store_key);

	if (s)
		return s;
	if (store_open(srv->o->db_url, &s, e) < 0)
		return NULL;
	if (pthread_setspecific(srv->store_key, s) != 0) {
		store_close(s);
		error_set(e, ERR_ENV, "cannot keep the thread's store");
		return NULL;
	}
	return s;
}

/* ---- the request head's deadline ---- */

/* Milliseconds of the monotonic clock: the deadlines' time. */
static int64_t head_clock(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * The connection now awaits a request's head: the first, `wait` seconds
 * after its opening at most, or the next one on a kept-alive connection,
 * which may first stay idle up to --timeout. Either way its head then has
 * --head-timeout seconds.
 */
static void head_awaited(const struct server *srv, struct connection_state *cs, unsigned wait)
{
	atomic_store(&cs->head_deadline, head_clock() + ((int64_t)wait + srv->o->head_timeout) * 1000);
}

/* ---- reading the request ---- */

static int64_t micros_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)(t.tv_sec - t0->tv_sec) * 1000000 + (t.tv_nsec - t0->tv_nsec) / 1000;
}

static void peer_address(struct MHD_Connection *c, char *buf, size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(buf, size, "unknown");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, (socklen_t)size);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, (socklen_t)size);
}

/* Every X-Forwarded-For header, in order, joined by commas (a proxy may add its own line). */
struct xff {
	struct arena *arena;
	char *text;
	size_t len;
};

static enum MHD_Result join_xff(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct xff *x = cls;
	size_t n = value ? strlen(value) : 0;
	char *t;

	(void)kind;
	if (!key || strcasecmp(key, "X-Forwarded-For") != 0 || !n)
		return MHD_YES;
	t = arena_alloc(x->arena, x->len + n + 2);
	if (!t)
		return MHD_NO;
	if (x->len) {
		memcpy(t, x->text, x->len);
		t[x->len++] = ',';
	}
	memcpy(t + x->len, value, n + 1);
	x->text = t;
	x->len += n;
	return MHD_YES;
}

/* The client's address into buf and whether it came over HTTPS (here, or at a trusted proxy). */
static int client_address(struct server *srv, struct MHD_Connection *c, struct arena *arena, char *buf, size_t size)
{
	const struct server_options *o = srv->o;
	struct xff x = { arena, NULL, 0 };
	char peer[64];
	const char *proto;

	peer_address(c, peer, sizeof(peer));
	if (!forwarded_trusted(peer, o->trusted_proxies, o->n_trusted_proxies)) {
		snprintf(buf, size, "%s", peer);
		return o->tls_cert != NULL;
	}
	MHD_get_connection_values(c, MHD_HEADER_KIND, join_xff, &x);
	forwarded_client(peer, x.text, o->trusted_proxies, o->n_trusted_proxies, buf, size);
	proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
	return o->tls_cert != NULL || (proto && strcasecmp(proto, "https") == 0);
}

static int append_body(struct request_state *st, const char *data, size_t n, size_t max)
{
	if (st->too_large || st->len + n > max) {
		st->too_large = 1;
		return 0;
	}
	if (st->len + n + 1 > st->cap) {
		size_t cap = st->cap ? st->cap : 4096;
		char *p;
		while (cap < st->len + n + 1)
			cap *= 2;
		p = realloc(st->body, cap);
		if (!p)
			return -1;
		st->body = p;
		st->cap = cap;
	}
	memcpy(st->body + st->len, data, n);
	st->len += n;
	st->body[st->len] = '\0';
	return 0;
}

/* ---- signing in and the shared checks ---- */

/* Constant time: a wrong CSRF token must not tell how much of it was right. */
static int same_secret(const char *a, const char *b)
{
	size_t n = strlen(a);
	unsigned char diff = n != strlen(b) || n == 0;
	for (size_t i = 0; i < n && b[i]; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

/* 1 signed in (rq->who), 0 no credential sent, -1 refused (rq->fail). */
static int sign_in(struct http_request *rq)
{
	const char *authz = http_header(rq, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *cookie = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
	struct error e = ERROR_INIT;
	int ret;

	if (authz) {
		if (strncasecmp(authz, "Bearer ", 7) != 0)
			return http_error(rq, 401, "unauthenticated", "Authorization",
					  "Authorization: only 'Bearer TOKEN' is accepted");
		ret = auth_token_check(rq->app.store, authz + 7, rq->app.now, &rq->who, &e);
	} else if (cookie) {
		ret = auth_session_check(rq->app.store, cookie, rq->app.now, &rq->who, &e);
	} else {
		return 0;
	}
	if (ret < 0)
		return http_app_error(rq, &e);
	if (ret == 0)
		return http_error(rq, 401, "unauthenticated", "",
				  authz ? "the bearer token is unknown or revoked"
					: "the session has ended; sign in again");
	return 1;
}

static int authorize(struct server *srv, struct http_request *rq)
{
	const struct route *r = rq->route;
	int ret = 0;

	if (r->role != ROUTE_PUBLIC || (r->flags & ROUTE_SIGNED_IN))
		ret = sign_in(rq);
	if (ret < 0)
		return -1;
	if (ret == 0) {
		if (r->role != ROUTE_PUBLIC)
			return http_error(rq, 401, "unauthenticated", "",
					  "sign in first (POST /api/v1/session) or "
					  "send Authorization: Bearer TOKEN");
		rq->app.tenant = srv->default_tenant;
		rq->app.actor = "anonymous";
		return 0;
	}
	rq->app.tenant = rq->who.tenant;
	rq->app.actor = rq->who.name;
	if (r->role != ROUTE_PUBLIC && !auth_role_at_least(rq->who.role, route_role_name(r->role)))
		return http_error(rq, 403, "forbidden", "", "%s %s needs the %s role; '%s' is a %s", r->method,
				  r->pattern, route_role_name(r->role), rq->who.name, rq->who.role);
	if (rq->who.kind == AUTH_SESSION && strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0) {
		const char *csrf = http_header(rq, "X-CSRF-Token");
		if (!csrf || !same_secret(csrf, rq->who.csrf_token))
			return http_error(rq, 403, "csrf", "X-CSRF-Token",
					  "a write signed in by cookie needs the session's X-CSRF-Token header");
	}
	return 0;
}

/* 1 when the Content-Type is `want` (parameters such as charset allowed). */
static int media_is(const char *type, const char *want)
{
	size_t n = strlen(want);
	return type && strncasecmp(type, want, n) == 0 && (type[n] == '\0' || type[n] == ';' || type[n] == ' ');
}

static int check_media(struct http_request *rq)
{
	const char *type = http_header(rq, MHD_HTTP_HEADER_CONTENT_TYPE);
	unsigned flags = rq->route->flags;

	if ((flags & ROUTE_BODY_JSON) && !media_is(type, "application/json"))
		return http_error(rq, 415, "unsupported_media_type", "Content-Type",
				  "Content-Type must be application/json");
	if ((flags & ROUTE_BODY_CSV) && !media_is(type, "text/csv"))
		return http_error(rq, 415, "unsupported_media_type", "Content-Type", "Content-Type must be text/csv");
	if ((flags & ROUTE_BODY_FORM) && rq->body_len > 0 && !media_is(type, "application/x-www-form-urlencoded") &&
	    !media_is(type, "multipart/form-data"))
		return http_error(rq, 415, "unsupported_media_type", "Content-Type",
				  "Content-Type must be application/x-www-form-urlencoded or multipart/form-data");
	if (!(flags & (ROUTE_BODY_JSON | ROUTE_BODY_CSV | ROUTE_BODY_FORM | ROUTE_BODY_RAW)) && rq->body_len > 0)
		return http_error(rq, 400, "malformed", "", "%s %s takes no body", rq->route->method,
				  rq->route->pattern);
	return 0;
}

/* ---- idempotency ---- */

struct idem {
	const char *key;
	char hash[AUTH_HASH_HEX + 1];
};

/*
 * What makes a request besides its method, path and body, for its
 * Idempotency-Key: its query arguments (sorted: a retry that builds them
 * in another order is the same request) and, for a raw body (a document),
 * the headers that describe it. A document sent again with the same key
 * but another ?name=, ?kind=, ?invoice= or Content-Type is another request
 * (422), never answered with the first one's response. A request with no
 * query and no raw body has none: its hash is as it always was.
 */
struct request_parts {
	struct arena *arena;
	char **items;
	size_t n, cap;
	int fail;
};

static int add_part(struct request_parts *p, const char *key, const char *value)
{
	size_t kl = key ? strlen(key) : 0, vl = value ? strlen(value) : 0;
	char *t;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		char **items = arena_alloc(p->arena, cap * sizeof(*items));
		if (!items)
			return -1;
		if (p->n)
			memcpy(items, p->items, p->n * sizeof(*items));
		p->items = items;
		p->cap = cap;
	}
	t = arena_alloc(p->arena, kl + vl + 2);
	if (!t)
		return -1;
	if (kl)
		memcpy(t, key, kl);
	/* a unit separator between name and value; a record separator for an argument without '=' */
	t[kl] = value ? '\x1f' : '\x1e';
	if (vl)
		memcpy(t + kl + 1, value, vl);
	t[kl + 1 + vl] = '\0';
	p->items[p->n++] = t;
	return 0;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct request_parts *p = cls;

	(void)kind;
	if (add_part(p, key, value) < 0) {
		p->fail = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

static int compare_parts(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The request's parts joined into *out (arena; *len 0 when none): 0, or -1 out of memory. */
static int request_parts(struct http_request *rq, char **out, size_t *len)
{
	struct request_parts p = { rq->arena, NULL, 0, 0, 0 };
	size_t total = 0, j = 0;
	char *t;

	*out = NULL;
	*len = 0;
	if (rq->conn)
		MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &p);
	if (p.fail)
		return -1;
	if (p.n > 1)
		qsort(p.items, p.n, sizeof(*p.items), compare_parts);
	if (rq->route->flags & ROUTE_BODY_RAW) {
		const char *type = http_header(rq, MHD_HTTP_HEADER_CONTENT_TYPE);
		const char *name = http_header(rq, "X-File-Name");
		/* after the sorted arguments, marked apart from them */
		if (add_part(&p,
			     "\x1d"
			     "Content-Type",
			     type ? type : "") < 0 ||
		    add_part(&p,
			     "\x1d"
			     "X-File-Name",
			     name ? name : "") < 0)
			return -1;
	}
	if (!p.n)
		return 0;
	for (size_t i = 0; i < p.n; i++)
		total += strlen(p.items[i]) + 1;
	t = arena_alloc(rq->arena, total);
	if (!t)
		return -1;
	for (size_t i = 0; i < p.n; i++) {
		size_t n = strlen(p.items[i]);
		memcpy(t + j, p.items[i], n);
		j += n;
		t[j++] = '\n';
	}
	*out = t;
	*len = j;
	return 0;
}

/* 1 when the response was replayed, 0 go on, -1 refused. */
static int idempotency_replay(struct server *srv, struct http_request *rq, struct http_response *rs, struct idem *id)
{
	char *kept = NULL, *parts;
	size_t parts_len;
	json_error_t jerr;
	int status = 0, ret;

	id->key = (rq->route->flags & ROUTE_IDEMPOTENT) ? http_header(rq, "Idempotency-Key") : NULL;
	if (!id->key)
		return 0;
	if (idempotency_check_key(id->key, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	if (request_parts(rq, &parts, &parts_len) < 0)
		return http_error(rq, 500, "environment", "", "out of memory");
	idempotency_request_hash_ext(rq->method, rq->path, parts, parts_len, rq->body, rq->body_len, id->hash);
	ret = idempotency_get(&rq->app, id->key, id->hash, srv->o->idempotency_ttl, &status, &kept, &rq->err);
	if (ret == -ERR_CONFLICT)
		return http_error(rq, 422, "idempotency_mismatch", "Idempotency-Key", "%s", rq->err.message);
	if (ret < 0)
		return http_app_error(rq, &rq->err);
	if (ret == 0)
		return 0;
	ret = http_json(rq, rs, status, json_loads(kept, 0, &jerr));
	free(kept);
	http_add_header(rs, "Idempotent-Replayed", "true");
	return ret < 0 ? -1 : 1;
}

static void idempotency_keep(struct server *srv, struct http_request *rq, const struct http_response *rs,
			     const struct idem *id)
{
	char *text;
	struct error e = ERROR_INIT;

	/* a refusal is not kept: the client may correct the request and send it again with the key */
	if (!id->key || rs->status >= 300 || !rs->json)
		return;
	text = json_dumps(rs->json, JSON_PRESERVE_ORDER | JSON_COMPACT);
	if (text && idempotency_put(&rq->app, id->key, id->hash, srv->o->idempotency_ttl, rs->status, text, &e) < 0)
		metrics_db_error();
	free(text);
}

/* ---- dispatch ---- */

/* The thread's store, the caller's credentials, the body's media type. 0, or -1 refused. */
static int prelude(struct server *srv, struct http_request *rq)
{
	rq->app.store = thread_store(srv, &rq->err);
	if (!rq->app.store)
		return http_app_error(rq, &rq->err);
	/* the credential check and the handler's reads share one read transaction (respond ends it) */
	store_hold_reads(rq->app.store, 1);
	return authorize(srv, rq) < 0 || check_media(rq) < 0 ? -1 : 0;
}

/* The key's replay, or the handler and the key's record. 1 replayed, 0 handled, -1 refused. */
static int handle_unit(struct server *srv, struct http_request *rq, struct http_response *rs)
{
	struct idem id = { 0 };
	int ret = idempotency_replay(srv, rq, rs, &id);

	if (ret != 0)
		return ret;
	ret = rq->route->handler(rq, rs);
	if (ret == 0)
		idempotency_keep(srv, rq, rs, &id);
	return ret;
}

/* The writer's part of a write (write_job.run): the unit, on the writer's store, inside its batch. */
static int write_unit(struct write_job *j, struct store *s)
{
	struct request_state *st = j->arg;
	int ret;

	st->rq.app.store = s;
	ret = handle_unit(st->gen->srv, &st->rq, &st->rs);
	st->rq.app.store = NULL;
	return ret;
}

/* The write's batch has ended (write_job.done): the worker answers it once the connection is resumed. */
static void write_done(struct write_job *j)
{
	struct request_state *st = j->arg;
	struct daemon_gen *gen = st->gen;
	struct MHD_Connection *c = st->conn;

	st->phase = PHASE_WRITTEN;
	/* from here the request may be answered and its state freed by a worker: nothing of st after */
	MHD_resume_connection(c);
	atomic_fetch_sub(&gen->writing, 1);
}

static int written(struct request_state *st);

/*
 * A write that must not happen twice goes to the writer (write_gate.h),
 * and its connection waits, suspended, while this worker serves others.
 * Returns 1: the answer comes when the connection is resumed (written).
 */
static int hand_over(struct server *srv, struct request_state *st)
{
	/* the credential check's read ends here: the unit reads on the writer, inside its batch */
	store_hold_reads(st->rq.app.store, 0);
	st->rq.app.store = NULL;
	st->job.tenant = st->rq.app.tenant;
	st->job.run = write_unit;
	st->job.done = write_done;
	st->job.arg = st;
	/* counted before stopping is read, as the main thread sets stopping before it reads the counts (wait_writes) */
	atomic_fetch_add(&st->gen->writing, 1);
	if (atomic_load(&stopping)) {
		atomic_fetch_sub(&st->gen->writing, 1);
		/*
		 * The server stops: this worker waits for the writer, the connection
		 * is not suspended (the daemons stop after the writes in flight, and
		 * the writer after the daemons, so a request on a connection kept
		 * alive that comes after the signal is still written and answered).
		 */
		write_gate_run(srv->gate, &st->job);
		st->phase = PHASE_WRITTEN;
		return written(st);
	}
	st->phase = PHASE_WRITING;
	/* suspended before it is queued: the writer may resume it at once; seen by wait_writes */
	MHD_suspend_connection(st->conn);
	write_gate_submit(srv->gate, &st->job);
	return 1;
}

/* The writer's result: its response stands only if its batch committed. 0, or -1 refused. */
static int written(struct request_state *st)
{
	struct http_request *rq = &st->rq;

	if (st->job.saved < 0 && st->job.ret == 0 && !rq->fail.status) {
		/* the handler's answer was not saved: none of it may be acknowledged */
		json_decref(st->rs.json);
		memset(&st->rs, 0, sizeof(st->rs));
		error_prefix(&st->job.err, "the write was not saved");
		return http_app_error(rq, &st->job.err);
	}
	return st->job.ret < 0 ? -1 : 0;
}

static enum MHD_Result add_header_len(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	size_t *n = cls;

	(void)kind;
	/* "Name: value" and its CRLF */
	*n += (key ? strlen(key) : 0) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

/*
 * The request head within its limits (server.h): 0, or -1 refused with 414
 * or 431, before anyone is signed in (a credential the head lost must not
 * make the request anonymous).
 */
static int check_head(struct http_request *rq, const struct request_state *st)
{
	const char *cookie;
	size_t headers = 0;

	if (st->target_len > SERVER_TARGET_MAX)
		return http_error(rq, 414, "uri_too_long", "",
				  "the request target (path and query) is %zu bytes, over the limit of %d",
				  st->target_len, SERVER_TARGET_MAX);
	MHD_get_connection_values(rq->conn, MHD_HEADER_KIND, add_header_len, &headers);
	if (headers > SERVER_HEADERS_MAX)
		return http_error(rq, 431, "header_fields_too_large", "",
				  "the header fields are %zu bytes together, over the limit of %d", headers,
				  SERVER_HEADERS_MAX);
	/* a session cookie sent but not parsed (libmicrohttpd out of room): never served as anonymous */
	cookie = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
	if (cookie && strstr(cookie, SESSION_COOKIE "=") &&
	    !MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, SESSION_COOKIE))
		return http_error(rq, 431, "header_fields_too_large", "Cookie",
				  "the Cookie header could not be read whole; send a shorter request");
	return 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The byte of "%XY" at p, or -1 when p is not a percent-encoded byte. */
static int encoded_byte(const char *p)
{
	int hi, lo;

	if (p[0] != '%')
		return -1;
	hi = hex_value(p[1]);
	lo = hi < 0 ? -1 : hex_value(p[2]);
	return lo < 0 ? -1 : hi * 16 + lo;
}

/*
 * The path the request is routed on (rq->route_path). libmicrohttpd hands
 * the handler the path percent-decoded, so a ref holding '/' ("PAY/2026/7",
 * sent as PAY%2F2026%2F7) split into segments and matched no route, and a
 * %00 cut the path or an argument short (C001%00x read C001). From the
 * target as sent: a NUL is refused (in the path 404: no ref holds one; in
 * the query 400), and when the path encodes a '/', it is decoded but for
 * %2F and %25, which params_decode decodes in each segment once it is
 * matched. Otherwise rq->path.
 */
static int route_path(struct http_request *rq, const struct request_state *st)
{
	const char *t = st->target, *end;
	char *out;
	size_t j = 0;
	int slash = 0;

	rq->route_path = rq->path;
	if (!t)
		return 0;
	end = strchr(t, '?');
	if (!end)
		end = t + strlen(t);
	for (const char *p = t; *p; p++) {
		if (encoded_byte(p) != 0)
			continue;
		if (p < end)
			return http_error(rq, 404, "not_found", "",
					  "the path holds a NUL byte (%%00): no route or ref has one");
		return http_error(rq, 400, "usage", "", "a query argument holds a NUL byte (%%00): none may");
	}
	for (const char *p = t; p < end; p++)
		if (encoded_byte(p) == '/')
			slash = 1;
	if (!slash)
		return 0;
	out = arena_alloc(rq->arena, (size_t)(end - t) + 1);
	if (!out)
		return http_error(rq, 500, "environment", "", "out of memory");
	for (const char *p = t; p < end;) {
		int b = encoded_byte(p);
		if (b >= 0 && b != '/' && b != '%') {
			out[j++] = (char)b;
			p += 3;
		} else {
			out[j++] = *p++;
		}
	}
	out[j] = '\0';
	rq->route_path = out;
	return 0;
}

/* Each matched segment of a route_path with %2F and %25 left in it, decoded: 0, or -1 out of memory. */
static int params_decode(struct http_request *rq)
{
	for (size_t i = 0; i < rq->nparams; i++) {
		const char *s = rq->params[i];
		char *d = arena_alloc(rq->arena, strlen(s) + 1);
		size_t j = 0;

		if (!d)
			return -1;
		while (*s) {
			int b = encoded_byte(s);
			if (b == '/' || b == '%') {
				d[j++] = (char)b;
				s += 3;
			} else {
				d[j++] = *s++;
			}
		}
		d[j] = '\0';
		rq->params[i] = d;
	}
	return 0;
}

/* 0 answered in rs, -1 refused (rq->fail), 1 handed to the writer (answered once written). */
static int route_request(struct server *srv, struct http_request *rq, struct http_response *rs,
			 struct request_state *st, int *route_index)
{
	*route_index = -1;
	if (st->bad_framing)
		return http_error(
			rq, 400, "malformed", "Content-Length",
			"the request gives Content-Length more than once, or with Transfer-Encoding: where its "
			"body ends is not sure, so it is refused and the connection closed");
	if (check_head(rq, st) < 0)
		return -1;
	if (route_path(rq, st) < 0)
		return -1;
	*route_index = router_match(rq->method, rq->route_path, rq->arena, rq->params, &rq->nparams);
	if (*route_index >= 0 && rq->route_path != rq->path && params_decode(rq) < 0)
		return http_error(rq, 500, "environment", "", "out of memory");
	if (*route_index == -1)
		return http_error(rq, 404, "not_found", "", "no route for %s %s", rq->method, rq->path);
	if (*route_index == -2)
		return http_error(rq, 405, "method_not_allowed", "", "%s is not allowed on %s", rq->method, rq->path);
	if (*route_index < 0)
		return http_error(rq, 500, "environment", "", "out of memory");
	rq->route = &routes[*route_index];
	if (st->too_large)
		return http_error(rq, 413, "payload_too_large", "", "the body is over %zu bytes", srv->o->body_max);
	if (prelude(srv, rq) < 0)
		return -1;
	if (rq->route->flags & ROUTE_IDEMPOTENT)
		return hand_over(srv, st);
	return handle_unit(srv, rq, rs) < 0 ? -1 : 0;
}

/* ---- the response ---- */

static json_t *error_body(const struct http_fail *f)
{
	/* message and field may echo the client's bytes (http_json_text) */
	json_t *o = json_pack("{s:s, s:o, s:o?}", "code", f->code ? f->code : "environment", "message",
			      http_json_text(f->message), "field", f->field[0] ? http_json_text(f->field) : NULL);
	if (o && f->rows)
		json_object_set(o, "rows", f->rows);
	return o ? json_pack("{s:o}", "error", o) : NULL;
}

static void add_fail_headers(struct http_request *rq, struct http_response *rs)
{
	if (rq->fail.status == 401)
		http_add_header(rs, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"recoup\"");
	if (rq->fail.status == 405) {
		const char *allow = router_allowed(rq->route_path ? rq->route_path : rq->path, rq->arena);
		if (allow)
			http_add_header(rs, MHD_HTTP_HEADER_ALLOW, allow);
	}
}

static struct MHD_Response *make_response(struct http_response *rs, int closing)
{
	struct MHD_Response *r;
	char *text;
	size_t len;

	if (rs->json) {
		/* json_dumps' bytes at a fraction of its cost (codec_json_dump) */
		if (codec_json_dump(rs->json, &text, &len) < 0)
			return NULL;
		r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
		if (!r) {
			free(text);
			return NULL;
		}
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	} else {
		r = MHD_create_response_from_buffer(rs->text_len, (void *)(rs->text ? rs->text : ""),
						    MHD_RESPMEM_MUST_COPY);
		if (r && rs->content_type)
			MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	}
	if (!r)
		return NULL;
	for (size_t i = 0; i < rs->nheaders; i++)
		MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
	/* nothing the API answers may be cached: it is someone's debt (the workspace's files say their own) */
	if (!MHD_get_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL))
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (closing)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	return r;
}

/* A value of the access log: printable ASCII as is, anything else (spaces, quotes, bytes) as %XX. */
static void log_value(char *out, size_t size, const char *s)
{
	static const char hexd[] = "0123456789ABCDEF";
	size_t j = 0;

	for (; s && *s && j + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c > 0x20 && c < 0x7f && c != '"' && c != '%' && c != '\\') {
			out[j++] = (char)c;
		} else {
			out[j++] = '%';
			out[j++] = hexd[c >> 4];
			out[j++] = hexd[c & 15];
		}
	}
	out[j] = '\0';
}

static void access_log(struct server *srv, const struct http_request *rq, int status, int64_t micros)
{
	char ts[TIMESTAMP_TEXT_MAX], path[512], user[160];

	if (!srv->o->log)
		return;
	log_value(path, sizeof(path), rq->path);
	log_value(user, sizeof(user), rq->app.actor ? rq->app.actor : "-");
	fprintf(srv->o->log, "%s tenant=%lld user=%s method=%s path=%s status=%d duration_us=%lld address=%s\n",
		timestamp_format(rq->app.now, ts, sizeof(ts)), (long long)rq->app.tenant, user, rq->method, path,
		status, (long long)micros, rq->address);
}

static enum MHD_Result respond(struct server *srv, struct MHD_Connection *c, const char *url, const char *method,
			       struct request_state *st)
{
	struct http_request *rq = &st->rq;
	struct http_response *rs = &st->rs;
	struct MHD_Response *r;
	int ret;
	enum MHD_Result queued;

	if (st->phase == PHASE_WRITTEN) {
		ret = written(st);
	} else {
		rq->tls = client_address(srv, c, &st->arena, st->address, sizeof(st->address));
		rq->method = method;
		rq->path = url;
		rq->conn = c;
		rq->arena = &st->arena;
		rq->body = st->body ? st->body : "";
		rq->body_len = st->len;
		rq->address = st->address;
		rq->web_dir = srv->o->web_dir;
		rq->session_idle = srv->o->session_idle;
		rq->app.now = (timestamp_t)time(NULL);
		rq->app.today = timestamp_date_utc(rq->app.now);
		rq->app.actor = "-";
		rq->app.origin = st->address;
		rq->files_dir = srv->o->files_dir;
		st->route = -1;
		ret = route_request(srv, rq, rs, st, &st->route);
		if (ret == 1)
			return MHD_YES; /* with the writer: answered when the connection is resumed */
		store_hold_reads(rq->app.store, 0);
	}
	if (ret < 0 || rq->fail.status) {
		if (!rq->fail.status)
			http_error(rq, 500, "environment", "", "internal error");
		if (rq->fail.status == 503)
			metrics_db_error();
		add_fail_headers(rq, rs);
		if (http_json(rq, rs, rq->fail.status, error_body(&rq->fail)) < 0) {
			/* out of memory for the error itself: a fixed answer */
			rs->status = 500;
			rs->text =
				"{\"error\":{\"code\":\"environment\",\"message\":\"out of memory\",\"field\":null}}";
			rs->text_len = strlen(rs->text);
			rs->content_type = "application/json";
		}
	}
	json_decref(rq->fail.rows);
	rq->fail.rows = NULL;
	r = make_response(rs, atomic_load(&stopping) || atomic_load(&st->gen->retiring) || st->bad_framing);
	json_decref(rs->json);
	rs->json = NULL;
	if (!r)
		return MHD_NO;
	queued = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	metrics_request(st->route, rs->status, micros_since(&st->started));
	access_log(srv, rq, rs->status, micros_since(&st->started));
	return queued;
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	if (key && !strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
		((int *)cls)[0]++;
	else if (key && !strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING))
		((int *)cls)[1]++;
	return MHD_YES;
}

/*
 * 1 when where the body ends is not sure: Content-Length twice (libmicrohttpd
 * framed the body by the first and read the rest of it as the next request
 * on the connection, which a proxy framing by the last would not see: request
 * smuggling, RFC 9112 section 6.3), or with Transfer-Encoding.
 */
static int framing_unsure(struct MHD_Connection *c)
{
	int n[2] = { 0, 0 };
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, n);
	return n[0] > 1 || (n[0] && n[1]);
}

/* MHD_NO when the request announces a body over the limit (Content-Length). */
static enum MHD_Result refuse_early(struct server *srv, struct MHD_Connection *c)
{
	const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (!len)
		return MHD_YES;
	n = strtoull(len, &end, 10);
	if (*end == '\0' && n <= srv->o->body_max)
		return MHD_YES;
	return MHD_NO;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct daemon_gen *gen = cls;
	struct server *srv = gen->srv;
	struct request_state *st = *con_cls;

	(void)version;
	if (!st) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		struct connection_state *cs = ci ? ci->socket_context : NULL;

		/* the head is whole (the handler's first call): no deadline while the request is read and answered */
		if (cs)
			atomic_store(&cs->head_deadline, 0);
		st = calloc(1, sizeof(*st));
		if (!st)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &st->started);
		st->gen = gen;
		st->conn = c;
		st->target_len = cs ? cs->target_len : 0;
		/* the request keeps its own copy; the connection's is freed, so an idle kept-alive one holds none */
		if (cs && cs->target) {
			st->target = cs->target[0] ? arena_strdup(&st->arena, cs->target) : NULL;
			free(cs->target);
			cs->target = NULL;
			cs->target_cap = 0;
		}
		atomic_fetch_add(&gen->in_flight, 1);
		metrics_in_flight(1);
		*con_cls = st;
		/* a framing not sure is answered at once, its body unread, and the connection closed */
		if (framing_unsure(c)) {
			st->bad_framing = 1;
			return respond(srv, c, url, method, st);
		}
		/* MHD_YES now, the response later: see server.h (keep-alive) */
		if (refuse_early(srv, c) == MHD_YES)
			return MHD_YES;
		/* a body announced over the limit is answered at once, unread (the connection then closes) */
		st->too_large = 1;
		return respond(srv, c, url, method, st);
	}
	if (*upload_data_size) {
		if (append_body(st, upload_data, *upload_data_size, srv->o->body_max) < 0)
			return MHD_NO;
		*upload_data_size = 0;
		return MHD_YES;
	}
	return respond(srv, c, url, method, st);
}

/*
 * The request line is read (libmicrohttpd's URI log callback, once a
 * request): its target's length as sent (the handler gets it cut at '?' and
 * decoded) is kept on the connection for the handler's first call. Nothing
 * is allocated here: a request libmicrohttpd then refuses itself (its memory
 * full of query arguments) is not always reported as completed.
 */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct connection_state *cs = ci ? ci->socket_context : NULL;

	(void)cls;
	if (!cs)
		return NULL;
	cs->target_len = uri ? strlen(uri) : 0;
	/* kept on the connection (freed at its close), never per request: see above */
	if (cs->target_len <= SERVER_TARGET_MAX && cs->target_len + 1 > cs->target_cap) {
		char *t = realloc(cs->target, cs->target_len + 1);
		if (t) {
			cs->target = t;
			cs->target_cap = cs->target_len + 1;
		}
	}
	if (cs->target && cs->target_len < cs->target_cap)
		memcpy(cs->target, uri ? uri : "", cs->target_len + 1);
	else if (cs->target)
		cs->target[0] = '\0';
	return NULL;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct daemon_gen *gen = cls;
	struct request_state *st = *con_cls;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct connection_state *cs = ci ? ci->socket_context : NULL;

	(void)toe;
	/* kept alive, the connection waits for the next request: idle up to --timeout, then its head */
	if (cs)
		head_awaited(gen->srv, cs, gen->srv->o->timeout);
	if (!st)
		return;
	/* a write's answer, when its client left before it was sent (a connection resumed to be closed) */
	json_decref(st->rs.json);
	json_decref(st->rq.fail.rows);
	arena_release(&st->arena);
	free(st->body);
	atomic_fetch_sub(&st->gen->in_flight, 1);
	free(st);
	*con_cls = NULL;
	metrics_in_flight(-1);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct daemon_gen *gen = cls;
	struct server *srv = gen->srv;
	int started = toe == MHD_CONNECTION_NOTIFY_STARTED;

	if (started) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		/* NULL when out of memory: the target's length is then not checked, nor the head's time */
		struct connection_state *cs = calloc(1, sizeof(struct connection_state));

		*socket_context = cs;
		if (cs && ci) {
			cs->fd = ci->connect_fd;
			/* the first request's head: --head-timeout from the opening (a TLS handshake included) */
			head_awaited(srv, cs, 0);
			cs->listed = 1;
			pthread_mutex_lock(&srv->conns_lock);
			cs->next = srv->conns;
			if (srv->conns)
				srv->conns->prev = cs;
			srv->conns = cs;
			pthread_mutex_unlock(&srv->conns_lock);
		}
	} else {
		struct connection_state *cs = *socket_context;
		/* before libmicrohttpd closes the socket: the watch never shuts down a number reused since */
		if (cs && cs->listed) {
			pthread_mutex_lock(&srv->conns_lock);
			if (cs->prev)
				cs->prev->next = cs->next;
			else
				srv->conns = cs->next;
			if (cs->next)
				cs->next->prev = cs->prev;
			pthread_mutex_unlock(&srv->conns_lock);
		}
		if (cs)
			free(cs->target);
		free(cs);
		*socket_context = NULL;
	}
	atomic_fetch_add(&gen->connections, started ? 1 : -1);
	metrics_connection(started ? 1 : -1);
}

/* ---- start and stop ---- */

static int resolve_tenant(struct server *srv, struct error *e)
{
	struct store *s = NULL;
	int ret = store_open(srv->o->db_url, &s, e);

	if (ret == 0)
		ret = tenants_resolve(s, srv->o->tenant, &srv->default_tenant, e);
	store_close(s);
	return ret;
}

static void log_line(struct server *srv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Counts `n` more of a kind of event written in the log at most once a
 * minute (`pending` since the last line, written at `logged_at`): 1 when a
 * line is due now, with *count the events it tells of, else 0.
 */
static int log_due(atomic_long *pending, atomic_llong *logged_at, long n, long *count)
{
	struct timespec t;
	long long now, last;

	clock_gettime(CLOCK_MONOTONIC, &t);
	now = (long long)t.tv_sec;
	*count = atomic_fetch_add(pending, n) + n;
	last = atomic_load(logged_at);
	if (last && now - last < 60)
		return 0;
	if (!atomic_compare_exchange_strong(logged_at, &last, now))
		return 0;
	atomic_fetch_sub(pending, *count);
	return 1;
}

/*
 * A connection closed at once because its address holds --max-per-address
 * (or all addresses together hold connection_limit): counted, and written
 * in the log on the first one and then at most once a minute.
 */
static void log_refused(struct server *srv)
{
	long count;

	if (!log_due(&srv->refused, &srv->refused_logged_at, 1, &count))
		return;
	log_line(srv,
		 "%ld connection(s) closed at once: their address already held --max-per-address %u, or all "
		 "together %u (the next such line in a minute at the soonest)",
		 count, srv->o->max_per_address, srv->connection_limit);
}

/*
 * The watch on the request heads (server.h, "The request head"): every
 * connection whose awaited head is not whole by its deadline is shut down
 * (shutdown(2): libmicrohttpd's worker then reads the end of the stream
 * and closes it, as when a client leaves). Run by the main thread a few
 * times a second; the list is locked meanwhile, so no connection closes
 * under it and no socket number is reused before its connection is off
 * the list (on_connection takes it off before libmicrohttpd closes it).
 */
static void watch_heads(struct server *srv)
{
	int64_t now = head_clock();
	long cut = 0, count;

	pthread_mutex_lock(&srv->conns_lock);
	for (struct connection_state *cs = srv->conns; cs; cs = cs->next) {
		int64_t deadline = atomic_load(&cs->head_deadline);
		if (!deadline || now < deadline || cs->cut)
			continue;
		/* before the worker can see the close: it may log it at once */
		atomic_fetch_add(&srv->cut_quiet, 1);
		shutdown(cs->fd, SHUT_RDWR);
		cs->cut = 1;
		cut++;
	}
	pthread_mutex_unlock(&srv->conns_lock);
	if (!cut)
		return;
	metrics_head_timeouts(cut);
	if (log_due(&srv->cut, &srv->cut_logged_at, cut, &count))
		log_line(srv,
			 "%ld connection(s) closed: the head of their request (its line and header fields) was not "
			 "whole within --head-timeout %u seconds (the next such line in a minute at the soonest)",
			 count, srv->o->head_timeout);
}

/*
 * libmicrohttpd's messages (a refused certificate, a failed handshake) go
 * to the log; while a daemon starts, its last one is kept for the error.
 */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct daemon_gen *gen = cls;
	char line[256];
	size_t n;

	/* a flood of connections must not flood the log: one line a minute at most for those refused */
	if (strstr(fmt, "reached connection limit")) {
		log_refused(gen->srv);
		return;
	}
	/* the end of a connection the watch shut down: its own line tells of it (at most as many as it shut) */
	if (strstr(fmt, "closed when reading request")) {
		long quiet = atomic_load(&gen->srv->cut_quiet);
		while (quiet > 0 && !atomic_compare_exchange_weak(&gen->srv->cut_quiet, &quiet, quiet - 1))
			;
		if (quiet > 0)
			return;
	}
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (atomic_load(&gen->starting)) {
		/* every message, the first (GnuTLS's reason) before libmicrohttpd's summary */
		size_t used = strlen(gen->start_error);
		snprintf(gen->start_error + used, sizeof(gen->start_error) - used, "%s%s", used ? "; " : "", line);
	} else if (gen->srv->o->log)
		fprintf(gen->srv->o->log, "microhttpd: %s\n", line);
}

static int cert_refused(const char *why)
{
	return strstr(why, "certificate") || strstr(why, "key") || strstr(why, "TLS") || strstr(why, "x509");
}

/*
 * Starts gen->d on `sa`, or on the socket `listener` already listening (a
 * certificate reload), with the certificate and key `cert` and `key` (NULL:
 * plain HTTP). NULL with gen->start_error on failure.
 */
static struct MHD_Daemon *start_daemon(struct daemon_gen *gen, const struct sockaddr_in *sa, MHD_socket listener,
				       const char *cert, const char *key)
{
	const struct server_options *o = gen->srv->o;
	/*
	 * poll(), not epoll: MHD_quiesce_daemon on an epoll daemon with its own
	 * threads races its workers for the listening socket's removal from
	 * the epoll set and aborts the process ("Failed to remove listen FD
	 * from epoll set", an open libmicrohttpd defect: both sides call
	 * epoll_ctl DEL, the loser panics on ENOENT). Each certificate reload
	 * and each shutdown quiesces; under load t0833 hit it about one run in
	 * six. A worker polls a few dozen connections at most, where poll costs
	 * what epoll does.
	 */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	struct MHD_OptionItem opts[16];
	size_t n = 0;
	struct MHD_Daemon *d;

	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_mhd_log, gen };
	if (listener != MHD_INVALID_SOCKET) {
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_LISTEN_SOCKET, (intptr_t)listener, NULL };
	} else {
		/*
		 * libmicrohttpd's default reuse (SO_REUSEADDR: a restart binds while the
		 * old connections linger), not MHD_OPTION_LISTENING_ADDRESS_REUSE 1,
		 * which is SO_REUSEPORT: a second `recoup serve` on the same port
		 * started beside the first and the kernel split the connections
		 * between them, even between two books (t0883).
		 */
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0, (void *)sa };
	}
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)o->threads, NULL };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)o->timeout, NULL };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_LIMIT, (intptr_t)gen->srv->connection_limit, NULL };
	if (o->max_per_address)
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_PER_IP_CONNECTION_LIMIT, (intptr_t)o->max_per_address,
						     NULL };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_MEMORY_LIMIT, SERVER_CONNECTION_MEMORY, NULL };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, gen };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, gen };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, gen };
	if (cert) {
		flags |= MHD_USE_TLS;
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)cert };
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)key };
	}
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	gen->start_error[0] = '\0';
	atomic_store(&gen->starting, 1);
	/*
	 * The port is in `sa` (MHD_OPTION_SOCK_ADDR), which libmicrohttpd binds;
	 * given here too, its own message on a failed bind names it, not "port 0"
	 */
	d = MHD_start_daemon(flags, sa ? ntohs(sa->sin_port) : 0, NULL, NULL, on_request, gen, MHD_OPTION_ARRAY, opts,
			     MHD_OPTION_END);
	atomic_store(&gen->starting, 0);
	return d;
}

static struct daemon_gen *gen_new(struct server *srv)
{
	struct daemon_gen *gen = calloc(1, sizeof(*gen));
	if (gen)
		gen->srv = srv;
	return gen;
}

static int start(struct server *srv, struct daemon_gen *gen, struct sockaddr_in *sa, struct error *e)
{
	const struct server_options *o = srv->o;

	if (o->tls_cert && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return error_set(e, ERR_ENV, "--tls-cert: this libmicrohttpd was built without TLS");
	gen->d = start_daemon(gen, sa, MHD_INVALID_SOCKET, srv->tls_cert, srv->tls_key);
	if (gen->d)
		return 0;
	if (o->tls_cert && cert_refused(gen->start_error))
		return error_set_field(e, ERR_INPUT, "tls-cert",
				       "--tls-cert/--tls-key: not a PEM certificate and its matching private key (%s)",
				       gen->start_error);
	return error_set(e, ERR_ENV, "cannot listen on %s:%u (in use, or not an address of this machine)%s%s",
			 o->address, o->port, gen->start_error[0] ? ": " : "", gen->start_error);
}

/* ---- reloading the certificate (SIGHUP) ---- */

#define TLS_FILE_MAX (1 << 20)

/* The whole file at `path` into *out (malloc'd, NUL-terminated): 0, or -1 with why. */
static int read_text(const char *path, char **out, char *why, size_t size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;

	*out = NULL;
	if (!f) {
		snprintf(why, size, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(TLS_FILE_MAX + 1);
	if (buf)
		n = fread(buf, 1, TLS_FILE_MAX + 1, f);
	if (!buf || ferror(f) || n > TLS_FILE_MAX) {
		snprintf(why, size, buf ? "cannot read '%s' (or over 1 MiB)" : "out of memory", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	return 0;
}

/*
 * Whether GnuTLS takes `cert` and `key` (PEM, a matching pair): a daemon
 * with no socket and no thread loads them and is stopped at once, so a bad
 * file is found before the serving daemon is touched.
 */
static int tls_pair_ok(struct server *srv, const char *cert, const char *key, char *why, size_t size)
{
	struct daemon_gen probe = { .srv = srv };
	struct MHD_Daemon *d;

	atomic_store(&probe.starting, 1);
	d = MHD_start_daemon(MHD_USE_TLS | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request,
			     &probe, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, &probe, MHD_OPTION_HTTPS_MEM_CERT, cert,
			     MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_END);
	if (d) {
		MHD_stop_daemon(d);
		return 1;
	}
	snprintf(why, size, "not a PEM certificate and its matching private key (%s)",
		 probe.start_error[0] ? probe.start_error : "refused");
	return 0;
}

static void log_line(struct server *srv, const char *fmt, ...)
{
	char ts[TIMESTAMP_TEXT_MAX];
	va_list ap;

	if (!srv->o->log)
		return;
	fprintf(srv->o->log, "%s ", timestamp_format((timestamp_t)time(NULL), ts, sizeof(ts)));
	va_start(ap, fmt);
	vfprintf(srv->o->log, fmt, ap);
	va_end(ap);
	fputc('\n', srv->o->log);
	fflush(srv->o->log);
}

/*
 * SIGHUP: reads --tls-cert and --tls-key again and, when GnuTLS takes
 * them, serves new connections with them: the serving daemon is quiesced
 * (it accepts nothing more but finishes what it has) and a new one starts
 * on the same listening socket, so no connection is refused meanwhile
 * (they wait in the socket's backlog). Files that cannot be read or are
 * refused leave everything as it was, with the reason in the log.
 * Returns -1 only when no daemon serves the socket any more (the server
 * then stops).
 */
static int reload_tls(struct server *srv, struct daemon_gen **cur, struct daemon_gen **retired)
{
	const struct server_options *o = srv->o;
	char *cert = NULL, *key = NULL, why[640];
	struct daemon_gen *gen;
	MHD_socket listener;

	if (!o->tls_cert_path) {
		log_line(srv, "SIGHUP: no --tls-cert to reload; nothing changed");
		return 0;
	}
	if (read_text(o->tls_cert_path, &cert, why, sizeof(why)) < 0 ||
	    read_text(o->tls_key_path, &key, why, sizeof(why)) < 0 || !tls_pair_ok(srv, cert, key, why, sizeof(why))) {
		log_line(srv,
			 "SIGHUP: certificate not reloaded, the one in force stays: --tls-cert '%s' --tls-key '%s': %s",
			 o->tls_cert_path, o->tls_key_path, why);
		free(cert);
		if (key)
			explicit_bzero(key, strlen(key));
		free(key);
		return 0;
	}
	gen = gen_new(srv);
	if (!gen) {
		log_line(srv, "SIGHUP: certificate not reloaded: out of memory");
		free(cert);
		explicit_bzero(key, strlen(key));
		free(key);
		return 0;
	}
	listener = MHD_quiesce_daemon((*cur)->d);
	if (listener == MHD_INVALID_SOCKET) {
		log_line(srv, "SIGHUP: certificate not reloaded: the listening socket could not be taken over");
		free(gen);
		free(cert);
		explicit_bzero(key, strlen(key));
		free(key);
		return 0;
	}
	gen->d = start_daemon(gen, NULL, listener, cert, key);
	if (!gen->d) {
		/* checked above, so unlikely: serve on with the certificate in force */
		snprintf(why, sizeof(why), "%s", gen->start_error);
		explicit_bzero(key, strlen(key));
		free(key);
		free(cert);
		cert = srv->tls_cert;
		key = srv->tls_key;
		gen->d = start_daemon(gen, NULL, listener, cert, key);
		log_line(srv, "SIGHUP: certificate not reloaded, the one in force stays: %s", why);
		if (!gen->d) {
			log_line(srv, "SIGHUP: cannot serve the listening socket again (%s); stopping",
				 gen->start_error);
			close(listener);
			free(gen);
			return -1;
		}
	} else {
		free(srv->tls_cert);
		explicit_bzero(srv->tls_key, strlen(srv->tls_key));
		free(srv->tls_key);
		srv->tls_cert = cert;
		srv->tls_key = key;
		log_line(srv,
			 "SIGHUP: certificate reloaded from '%s' (key '%s'); %ld requests in flight finish on the "
			 "connections they came on",
			 o->tls_cert_path, o->tls_key_path, atomic_load(&(*cur)->in_flight));
	}
	atomic_store(&(*cur)->retiring, 1);
	clock_gettime(CLOCK_MONOTONIC, &(*cur)->retired_at);
	(*cur)->next = *retired;
	*retired = *cur;
	*cur = gen;
	return 0;
}

/*
 * Stops the retired daemons that have no connection left (each answer they
 * give says Connection: close, and an idle kept-alive connection ends at
 * --timeout), or every one when `all`, or those retired over `grace`
 * seconds ago.
 */
static void reap(struct server *srv, struct daemon_gen **retired, int all)
{
	struct daemon_gen **p = retired;

	while (*p) {
		struct daemon_gen *g = *p;
		/* a connection with the writer is suspended: libmicrohttpd may not stop under it */
		if (all || atomic_load(&g->connections) == 0 ||
		    (atomic_load(&g->writing) == 0 &&
		     micros_since(&g->retired_at) >= (int64_t)srv->o->grace * 1000000)) {
			*p = g->next;
			MHD_stop_daemon(g->d);
			free(g);
		} else {
			p = &g->next;
		}
	}
}

/*
 * Waits until no connection of a daemon is suspended with the writer (those
 * handed over before the signal): libmicrohttpd may not stop under one. The
 * writer answers each in its turn, so this ends as write_gate_stop would.
 */
static void wait_writes(struct daemon_gen *cur, struct daemon_gen *retired)
{
	for (;;) {
		long writing = cur ? atomic_load(&cur->writing) : 0;
		struct timespec pause = { 0, 2 * 1000 * 1000 };

		for (struct daemon_gen *g = retired; g; g = g->next)
			writing += atomic_load(&g->writing);
		if (writing == 0)
			return;
		nanosleep(&pause, NULL);
	}
}

/* Waits for the requests in flight, at most `grace` seconds. */
static void drain(struct server *srv)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (metrics_in_flight_now() > 0 && micros_since(&t0) < (int64_t)srv->o->grace * 1000000) {
		struct timespec pause = { 0, 5 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
}

static int listen_address(const struct server_options *o, struct sockaddr_in *sa, struct error *e)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->address, &sa->sin_addr) != 1)
		return error_set(e, ERR_USAGE, "--listen: '%s' is not an IPv4 address", o->address);
	return 0;
}

/*
 * Connections at once, all addresses together: SERVER_CONNECTIONS_MAX, or
 * what the open-file limit leaves once the stores, logs and files have
 * theirs. The soft limit is raised to the hard one first (poll(): no
 * FD_SETSIZE bound); libmicrohttpd's own default is FD_SETSIZE - 4.
 */
static unsigned connection_limit(const struct server_options *o)
{
	struct rlimit rl;
	/* each thread's store (SQLite: the file, -wal, -shm), the writer's, the jobs', the logs, the files */
	rlim_t reserve = 64 + 4 * (rlim_t)(o->threads + 4);

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1000;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= SERVER_CONNECTIONS_MAX + reserve)
		return SERVER_CONNECTIONS_MAX;
	return rl.rlim_cur > reserve + 16 ? (unsigned)(rl.rlim_cur - reserve) : 16;
}

static char *copy_text(const char *text)
{
	size_t n = strlen(text) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, text, n);
	return p;
}

static void server_free(struct server *srv)
{
	write_gate_close(srv->gate);
	free(srv->tls_cert);
	if (srv->tls_key)
		explicit_bzero(srv->tls_key, strlen(srv->tls_key));
	free(srv->tls_key);
}

int server_run(const struct server_options *o, struct error *e)
{
	struct server srv = { .o = o,
			      .connection_limit = connection_limit(o),
			      .conns_lock = PTHREAD_MUTEX_INITIALIZER };
	struct sockaddr_in sa;
	struct daemon_gen *cur = NULL, *retired = NULL;
	struct send_worker *worker = NULL;
	const union MHD_DaemonInfo *info;
	sigset_t stop, old;
	MHD_socket listener;
	int sig = 0, ret;

	/* libmicrohttpd is opened here, not linked (mhd_dl.h): before anything starts */
	ret = mhd_dl_open(e);
	if (ret < 0)
		return ret;
	ret = listen_address(o, &sa, e);
	if (ret == 0)
		ret = resolve_tenant(&srv, e);
	if (ret < 0)
		return ret;
	if (o->tls_cert) {
		srv.tls_cert = copy_text(o->tls_cert);
		srv.tls_key = copy_text(o->tls_key);
	}
	cur = gen_new(&srv);
	if (!cur || (o->tls_cert && (!srv.tls_cert || !srv.tls_key))) {
		free(cur);
		server_free(&srv);
		return error_set(e, ERR_ENV, "out of memory");
	}
	ret = write_gate_open(o->db_url, &srv.gate, e);
	if (ret < 0) {
		free(cur);
		server_free(&srv);
		return ret;
	}
	jobs_setup(o->db_url, o->log);
	if (pthread_key_create(&srv.store_key, close_store) != 0) {
		free(cur);
		server_free(&srv);
		return error_set(e, ERR_ENV, "cannot create the thread key");
	}
	/* the workers inherit the mask: only this thread takes the signals, in sigwait */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	signal(SIGPIPE, SIG_IGN);
	ret = start(&srv, cur, &sa, e);
	if (ret == 0 && o->send_every) {
		struct send_worker_options wo = {
			.db_url = o->db_url, .every = o->send_every, .clock_start = o->send_clock, .log = o->log
		};
		ret = send_worker_start(&wo, &worker, e);
		if (ret < 0)
			MHD_stop_daemon(cur->d);
	}
	if (ret < 0) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		pthread_key_delete(srv.store_key);
		free(cur);
		server_free(&srv);
		return ret;
	}
	info = MHD_get_daemon_info(cur->d, MHD_DAEMON_INFO_BIND_PORT);
	if (o->ready) {
		fprintf(o->ready, "listening on %s:%u\n", o->address, info ? (unsigned)info->port : o->port);
		fflush(o->ready);
	}
	if (o->n_trusted_proxies && o->max_per_address)
		log_line(&srv,
			 "note: a proxy is one address: its connections count against --max-per-address %u; raise it "
			 "to the proxy's connections to recoup, or 0 if the proxy limits its clients itself",
			 o->max_per_address);
	for (;;) {
		/*
		 * a retired daemon is stopped once its requests are done: look every
		 * 50 ms; the request heads are watched every 250 ms (a slow head is
		 * cut within that of its deadline)
		 */
		struct timespec every = { 0, (retired ? 50 : 250) * 1000 * 1000 };
		sig = sigtimedwait(&stop, NULL, &every);
		watch_heads(&srv);
		reap(&srv, &retired, 0);
		if (sig == SIGHUP && reload_tls(&srv, &cur, &retired) < 0) {
			cur = NULL;
			sig = SIGTERM;
		}
		if (sig == SIGTERM || sig == SIGINT)
			break;
	}
	atomic_store(&stopping, 1);
	listener = cur ? MHD_quiesce_daemon(cur->d) : MHD_INVALID_SOCKET;
	/* the worker finishes the message in hand (send_worker.h) while the requests in flight drain */
	send_worker_stop(worker);
	drain(&srv);
	if (jobs_wait(o->grace) > 0 && o->log)
		fprintf(o->log, "a job still runs after --grace: it is cut short (what it committed stays)\n");
	/*
	 * The writes handed over are written and answered: none is left
	 * suspended when the daemons stop. The writer stops after them: a
	 * request that comes meanwhile on a connection kept alive (its last
	 * answer left before the signal, without Connection: close) is written
	 * on its worker's thread (hand_over), never refused.
	 */
	wait_writes(cur, retired);
	reap(&srv, &retired, 1);
	if (cur)
		MHD_stop_daemon(cur->d);
	write_gate_stop(srv.gate);
	free(cur);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	pthread_key_delete(srv.store_key);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	server_free(&srv);
	queue_cache_clear();
	if (o->log) {
		fprintf(o->log, "stopped on %s, %ld requests unfinished\n", sig == SIGINT ? "SIGINT" : "SIGTERM",
			metrics_in_flight_now());
		fflush(o->log);
	}
	return 0;
}
