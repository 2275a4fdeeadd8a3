/*
 * queue_cache.c: see queue_cache.h.
 */
#include "http/queue_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"

#define QC_DEFAULT 512
#define QC_MAX     65536

struct qc_entry {
	uint64_t hash; /* of the key; 0: free */
	int64_t tenant;
	uint64_t domain;
	int own_only;
	int has_collector;
	int limit;
	char actor[USER_NAME_MAX + 8];
	char role[USER_ROLE_MAX + 1];
	char collector[USER_NAME_MAX + 8];
	char stamp[QUEUE_CACHE_STAMP_MAX];
	timestamp_t from, until;
	char *body;
	size_t len;
	uint64_t used; /* the tick of its last hit or put (LRU) */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct qc_entry *entries;
static size_t n_entries;
static uint64_t tick;
static atomic_ulong hits, misses, skipped;

static void init(void)
{
	const char *v = getenv("RECOUP_QUEUE_CACHE");
	long n = QC_DEFAULT;
	char *end;

	if (v && *v) {
		n = strtol(v, &end, 10);
		if (*end || n < 0)
			n = QC_DEFAULT;
		if (n > QC_MAX)
			n = QC_MAX;
	}
	entries = n ? calloc((size_t)n, sizeof(*entries)) : NULL;
	n_entries = entries ? (size_t)n : 0;
}

int queue_cache_enabled(void)
{
	pthread_once(&once, init);
	return n_entries > 0;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

static uint64_t key_hash(const struct queue_cache_key *k)
{
	uint64_t h = 14695981039346656037ULL;
	unsigned char flags = (unsigned char)((k->own_only ? 1 : 0) | (k->collector ? 2 : 0));

	h = fnv(h, &k->tenant, sizeof(k->tenant));
	h = fnv(h, &k->domain, sizeof(k->domain));
	h = fnv(h, &flags, 1);
	h = fnv(h, &k->limit, sizeof(k->limit));
	/* each string with its NUL, so that ("ab","c") and ("a","bc") differ */
	h = fnv(h, k->actor, strlen(k->actor) + 1);
	h = fnv(h, k->role, strlen(k->role) + 1);
	if (k->collector)
		h = fnv(h, k->collector, strlen(k->collector) + 1);
	return h ? h : 1;
}

/* 1 when the key's strings fit an entry (a longer one is never cached). */
static int key_fits(const struct queue_cache_key *k)
{
	return strlen(k->actor) < sizeof(entries->actor) && strlen(k->role) < sizeof(entries->role) &&
	       (!k->collector || strlen(k->collector) < sizeof(entries->collector));
}

static int same_key(const struct qc_entry *x, uint64_t h, const struct queue_cache_key *k)
{
	return x->hash == h && x->tenant == k->tenant && x->domain == k->domain && x->own_only == !!k->own_only &&
	       x->limit == k->limit && x->has_collector == (k->collector != NULL) && !strcmp(x->actor, k->actor) &&
	       !strcmp(x->role, k->role) && (!k->collector || !strcmp(x->collector, k->collector));
}

static struct qc_entry *find(uint64_t h, const struct queue_cache_key *k)
{
	for (size_t i = 0; i < n_entries; i++)
		if (entries[i].hash == h && same_key(&entries[i], h, k))
			return &entries[i];
	return NULL;
}

int queue_cache_get(const struct queue_cache_key *k, const char *stamp, timestamp_t now, struct arena *arena,
		    char **body, size_t *len)
{
	uint64_t h;
	struct qc_entry *x;
	int ret = 0;

	if (!queue_cache_enabled())
		return 0;
	if (!key_fits(k)) {
		queue_cache_skipped();
		return 0;
	}
	h = key_hash(k);
	pthread_mutex_lock(&lock);
	x = find(h, k);
	if (x && !strcmp(x->stamp, stamp) && x->from <= now && now < x->until) {
		*body = arena_alloc(arena, x->len + 1);
		if (*body) {
			memcpy(*body, x->body, x->len);
			(*body)[x->len] = '\0';
			*len = x->len;
			x->used = ++tick;
			ret = 1;
		} else {
			ret = -1;
		}
	}
	pthread_mutex_unlock(&lock);
	atomic_fetch_add_explicit(ret == 1 ? &hits : &misses, 1, memory_order_relaxed);
	return ret;
}

void queue_cache_put(const struct queue_cache_key *k, const char *stamp, timestamp_t from, timestamp_t until,
		     const char *body, size_t len)
{
	uint64_t h;
	struct qc_entry *x, *victim = NULL;
	char *copy;

	if (!queue_cache_enabled())
		return;
	if (!key_fits(k) || len > QUEUE_CACHE_BODY_MAX || strlen(stamp) >= QUEUE_CACHE_STAMP_MAX || until <= from) {
		queue_cache_skipped();
		return;
	}
	copy = malloc(len ? len : 1);
	if (!copy)
		return;
	memcpy(copy, body, len);
	h = key_hash(k);
	pthread_mutex_lock(&lock);
	x = find(h, k);
	/* else a free slot, else an expired entry, else the least recently used */
	for (size_t i = 0; !x && i < n_entries; i++) {
		struct qc_entry *y = &entries[i];
		if (!y->hash) {
			x = y;
		} else if (y->until <= from) {
			if (!victim || victim->until > from || y->used < victim->used)
				victim = y;
		} else if (!victim || (victim->until > from && y->used < victim->used)) {
			victim = y;
		}
	}
	if (!x)
		x = victim;
	free(x->body);
	memset(x, 0, sizeof(*x));
	x->hash = h;
	x->tenant = k->tenant;
	x->domain = k->domain;
	x->own_only = !!k->own_only;
	x->limit = k->limit;
	x->has_collector = k->collector != NULL;
	snprintf(x->actor, sizeof(x->actor), "%s", k->actor);
	snprintf(x->role, sizeof(x->role), "%s", k->role);
	if (k->collector)
		snprintf(x->collector, sizeof(x->collector), "%s", k->collector);
	snprintf(x->stamp, sizeof(x->stamp), "%s", stamp);
	x->from = from;
	x->until = until;
	x->body = copy;
	x->len = len;
	x->used = ++tick;
	pthread_mutex_unlock(&lock);
}

timestamp_t queue_cache_until(timestamp_t now, timestamp_t steady_until)
{
	timestamp_t minute_end = now - (now % 60 + 60) % 60 + 60;
	return steady_until && steady_until < minute_end ? steady_until : minute_end;
}

void queue_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n_entries; i++) {
		free(entries[i].body);
		memset(&entries[i], 0, sizeof(entries[i]));
	}
	pthread_mutex_unlock(&lock);
}

void queue_cache_skipped(void)
{
	atomic_fetch_add_explicit(&skipped, 1, memory_order_relaxed);
}

void queue_cache_counts(unsigned long *h, unsigned long *m, unsigned long *s)
{
	*h = atomic_load(&hits);
	*m = atomic_load(&misses);
	*s = atomic_load(&skipped);
}
