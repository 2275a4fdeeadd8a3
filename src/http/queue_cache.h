/*
 * queue_cache.h: the server's cache of work-queue responses
 * (GET /api/v1/queue; docs/queue.md, "The server's cache", has the whole
 * argument, docs/operations.md how to watch and turn it off).
 *
 * A collector's queue is read far more often than the book changes (the
 * workspace polls it), and computing it asks the contact rules about every
 * due account. An entry keeps the response's bytes for one question:
 *
 *   key    tenant, the acting user's name and role, whether the route
 *          answered the actor's own queue (a collector) or a named one (a
 *          manager's ?collector=, NULL when none was named), and the
 *          domain of the database stamp (store_data_stamp: on SQLite the
 *          pooled connection, on PostgreSQL one for all);
 *   valid  while the stamp read in the request's own read transaction is
 *          the one the entry was computed under (nothing committed since,
 *          by anyone), and for the moments [from, until): from the moment
 *          it was computed to the end of that UTC minute, or sooner when a
 *          listed item's verdict may change before (queue_result's
 *          steady_until). An entry is never served in another minute.
 *
 * The key holds everything the response depends on besides the database
 * and the clock: api_queue reads no other query parameter, and the acting
 * user's name and role decide which queue it may see, so an entry cannot
 * reach another tenant, another user or another role. Bounded: at most
 * RECOUP_QUEUE_CACHE entries (default 512; 0 turns the cache off), bodies
 * over QUEUE_CACHE_BODY_MAX are not kept, and a full cache evicts an
 * expired entry first, else the least recently used.
 *
 * Thread-safe (one mutex; a lookup is a scan of 64-bit hashes and a copy).
 */
#ifndef RECOUP_HTTP_QUEUE_CACHE_H
#define RECOUP_HTTP_QUEUE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "http/arena.h"

#define QUEUE_CACHE_STAMP_MAX 128
#define QUEUE_CACHE_BODY_MAX  (1024 * 1024)

struct queue_cache_key {
	int64_t tenant;
	const char *actor;
	const char *role;
	int own_only;
	const char *collector; /* NULL: none named */
	uint64_t domain;       /* of the stamp */
	int limit;             /* ?limit=, -1: none (the collector's capacity left) */
};

/* 1 when the cache is on (RECOUP_QUEUE_CACHE is not 0; read once). */
int queue_cache_enabled(void);

/*
 * 1 and *body, *len (a copy in `arena`) when an entry of `k` computed under
 * `stamp` holds at `now`; 0 otherwise (counted as a miss), -1 out of memory.
 */
int queue_cache_get(const struct queue_cache_key *k, const char *stamp, timestamp_t now, struct arena *arena,
		    char **body, size_t *len);

/* Keeps `body` for `k` under `stamp`, valid for [from, until) (copied; replaces the key's entry). */
void queue_cache_put(const struct queue_cache_key *k, const char *stamp, timestamp_t from, timestamp_t until,
		     const char *body, size_t len);

/* The end of the entry's life: the end of now's UTC minute, or steady_until when sooner (0: none). */
timestamp_t queue_cache_until(timestamp_t now, timestamp_t steady_until);

/* Frees every entry (the server's end; tests). */
void queue_cache_clear(void);

/* Hits, misses (computed) and skips (no stamp, a key or body too large to keep), for /metrics. */
void queue_cache_counts(unsigned long *hits, unsigned long *misses, unsigned long *skipped);
void queue_cache_skipped(void);

#endif
