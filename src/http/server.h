/*
 * server.h: `recoup serve`, the JSON API on libmicrohttpd (docs/api.md,
 * docs/operations.md).
 *
 * Threads: a pool of `threads` workers, each with its own poll() loop
 * (MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL and a thread pool: not
 * epoll, whose quiesce can abort the process, server.c), and
 * each with its own store connection, opened on its first request and
 * closed when the thread ends: a store runs one transaction at a time
 * (store.h), so connections are never shared (SQLite in WAL mode lets the
 * readers of all threads run beside one writer; PostgreSQL has a
 * connection a thread).
 *
 * A request is answered only once its whole body is read (the handler
 * returns MHD_YES on the first call and queues the response on a later
 * one: a response queued on the first call makes libmicrohttpd close the
 * connection, losing keep-alive). A body over body_max bytes gets 413
 * without being read further; an idle connection is closed after
 * `timeout` seconds.
 *
 * Shutdown: SIGTERM or SIGINT stops accepting connections at once, lets
 * the requests in flight finish (at most `grace` seconds), then stops the
 * workers and returns 0. Every request gets one access-log line on `log`:
 * time, tenant, user, method, path, status, duration, address.
 *
 * TLS: with tls_cert and tls_key the server speaks HTTPS only, through
 * libmicrohttpd's GnuTLS; the session cookie then carries Secure (as it
 * does behind a trusted proxy that says X-Forwarded-Proto: https). A
 * certificate and key that GnuTLS refuses (not PEM, not a pair) fail the
 * start with its reason. SIGHUP reads tls_cert_path and tls_key_path again
 * and serves new connections with them, on the same listening socket (the
 * serving daemon is quiesced and finishes its requests in flight, a new one
 * takes the socket); files that cannot be read or that GnuTLS refuses keep
 * the certificate in force, with the reason in the log.
 *
 * The client's address (access log, audit trail, the sign-in lock-out) is
 * the peer's, or the one a trusted proxy forwarded (forwarded.h).
 *
 * Connections: one peer address holds at most max_per_address at once (the
 * excess is accepted and closed at once), so one client's idle sockets
 * cannot take the places of everyone else's; all addresses together hold
 * what the process's open-file limit allows (raised to its hard limit at
 * start; poll(), so not bounded by FD_SETSIZE), see SERVER_CONNECTIONS_MAX.
 *
 * The request head's time: libmicrohttpd's --timeout is an idle time, reset
 * by every byte, so a client sending a byte of its head every few seconds
 * held a connection (and its 128 KiB) for ever. A request's head must be
 * whole within head_timeout seconds of the moment the server awaits it:
 * the connection's opening (a TLS handshake counts), or, on a connection
 * kept alive, the end of the idle time the previous answer allows
 * (`timeout` after it: a client may wait that long before its next request,
 * as before). Past that the connection is shut down (watch_heads, a few
 * times a second, from the main thread: libmicrohttpd has no such limit
 * and may be called on a connection only from its own worker), counted in
 * recoup_http_head_timeouts_total and logged at most once a minute. A
 * body is not bounded so (an upload may be slow and large): only by the
 * idle time between its bytes.
 *
 * The request head: a request target over SERVER_TARGET_MAX bytes gets 414
 * and header fields over SERVER_HEADERS_MAX bytes (all together) get 431,
 * both with the API's JSON error, before anyone is signed in. Each
 * connection's memory (libmicrohttpd's pool, SERVER_CONNECTION_MEMORY) holds
 * several times that, so a head somewhat over a limit is still read whole
 * and refused in JSON; past what the pool holds, libmicrohttpd answers 414
 * or 431 itself (HTML) or closes the connection. Never is a header that did
 * not fit dropped and the request served without it.
 */

#ifndef RECOUP_HTTP_SERVER_H
#define RECOUP_HTTP_SERVER_H

#include <stddef.h>
#include <stdio.h>

#include "core/dates.h"
#include "core/error.h"
#include "http/forwarded.h"

/* the request target (path and query, as sent) and the header fields, in bytes */
#define SERVER_TARGET_MAX  (16 * 1024)
#define SERVER_HEADERS_MAX (16 * 1024)
/*
 * libmicrohttpd's memory for one connection: the head, its parsed fields,
 * the answer's head. A connection that sent nothing costs a page of it; one
 * kept alive after a request costs all of it (libmicrohttpd zeroes it
 * between requests): 128 KiB, measured.
 */
#define SERVER_CONNECTION_MEMORY (128 * 1024)
/* connections at once, all addresses together, at most (the open-file limit may lower it): 1 GiB of pools */
#define SERVER_CONNECTIONS_MAX 8192
/* the default of --max-per-address */
#define SERVER_PER_ADDRESS_DEFAULT 64

struct server_options {
	const char *db_url;
	const char *tenant;  /* the tenant of a sign-in that names none */
	const char *address; /* IPv4 address to listen on ("127.0.0.1") */
	unsigned port;       /* 0: any free port (printed) */
	unsigned threads;
	size_t body_max;  /* bytes */
	unsigned timeout; /* seconds an idle connection is kept */
	/* seconds a request's head (line and header fields) may take to arrive whole (see above) */
	unsigned head_timeout;
	/* connections one client address may hold at once (0: no limit); a trusted proxy is one address */
	unsigned max_per_address;
	unsigned grace; /* seconds the requests in flight get at shutdown */
	FILE *ready;    /* "listening on ADDRESS:PORT" is written here once listening */
	FILE *log;      /* the access log */
	/* the documents' files (app/documents.h) */
	const char *files_dir;

	/*
	 * The send worker (send_worker.h): seconds between its rounds, 0 for
	 * none; its clock's start, 0 for the real clock, else within
	 * SEND_CLOCK_TOLERANCE of it (tests under a faked clock; app/send.h).
	 */
	unsigned send_every;
	timestamp_t send_clock;
	/* HTTPS when both are set: the PEM certificate (chain) and its private key, as text */
	const char *tls_cert, *tls_key;
	/* the files they came from, read again on SIGHUP */
	const char *tls_cert_path, *tls_key_path;
	/* the peers whose X-Forwarded-For and X-Forwarded-Proto are believed (forwarded.h) */
	const struct forwarded_addr *trusted_proxies;
	size_t n_trusted_proxies;
	int64_t idempotency_ttl; /* seconds an Idempotency-Key is kept (app/idempotency.h) */
	/* the workspace's files (GET /, http/api_static.c); NULL: none */
	const char *web_dir;
	int session_idle; /* seconds a session lasts after its last request (app/auth.h); 0 the default */
};

/* Runs until SIGTERM or SIGINT: 0, or -ERR_* (the store or the socket could not be opened). */
int server_run(const struct server_options *o, struct error *e);

#endif
