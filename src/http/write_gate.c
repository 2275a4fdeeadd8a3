/*
 * write_gate.c: group commit for the server's writes (write_gate.h).
 *
 * The writer is free or busy (one unit runs on it, or a batch commits).
 * A unit that leaves while others wait for the writer keeps the batch open
 * and sleeps until the batch ends; the unit that leaves with nobody waiting,
 * or that fills the batch, commits it, outside the mutex, and wakes the
 * units of the batch with its result. The batch's members are a list of the
 * units on their own stacks, each told its result before it is woken.
 */
#include "http/write_gate.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Units per commit at most: a bound on what one failed commit takes with it. */
#define BATCH_MAX 64
/* How long a batch waits for a request on its way before it commits without it. */
#define COMING_WAIT_NS (2 * 1000 * 1000)

struct write_gate {
	pthread_mutex_t mu;
	pthread_cond_t turn; /* the writer is free */
	pthread_cond_t done; /* a batch ended */
	struct store *store;
	int busy;    /* a unit runs on the writer, or a batch commits */
	int waiting; /* units waiting for the writer */
	int coming;  /* requests on their way to the writer (write_gate_expect) */
	int open;    /* a batch is open */
	int64_t tenant;
	int members;
	struct write_unit *units; /* the open batch's */
	unsigned long serial;     /* batches ended */
	unsigned long fail_at;    /* RECOUP_TEST_FAIL_BATCH: that batch's commit fails (tests) */
};

static atomic_ulong batches_ended, units_ended;

void write_gate_counts(uint64_t *batches, uint64_t *units)
{
	*batches = atomic_load(&batches_ended);
	*units = atomic_load(&units_ended);
}

int write_gate_open(const char *db_url, struct write_gate **out, struct error *e)
{
	struct write_gate *g = calloc(1, sizeof(*g));
	const char *fail;
	int ret;

	*out = NULL;
	if (!g)
		return error_set(e, ERR_ENV, "out of memory");
	ret = store_open(db_url, &g->store, e);
	if (ret < 0) {
		free(g);
		return ret;
	}
	fail = getenv("RECOUP_TEST_FAIL_BATCH");
	if (fail)
		g->fail_at = strtoul(fail, NULL, 10);
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->turn, NULL);
	pthread_cond_init(&g->done, NULL);
	*out = g;
	return 0;
}

void write_gate_close(struct write_gate *g)
{
	if (!g)
		return;
	store_close(g->store);
	pthread_cond_destroy(&g->done);
	pthread_cond_destroy(&g->turn);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

/*
 * Commits the open batch and tells its units. Called by a unit that holds
 * the writer (busy), with the mutex held; the mutex is let go during the
 * commit, so that units can queue for the writer meanwhile.
 */
static void end_batch(struct write_gate *g)
{
	struct write_unit *u = g->units;
	struct error err = ERROR_INIT;
	unsigned long n = 0;
	int ret;

	g->units = NULL;
	g->open = 0;
	g->members = 0;
	g->serial++;
	pthread_mutex_unlock(&g->mu);
	if (g->serial == g->fail_at) {
		store_batch_rollback(g->store);
		ret = error_set(&err, ERR_ENV, "injected failure of batch %lu (RECOUP_TEST_FAIL_BATCH)", g->serial);
	} else {
		ret = store_batch_commit(g->store, &err);
	}
	pthread_mutex_lock(&g->mu);
	for (; u; u = u->next, n++) {
		u->ret = ret;
		if (ret < 0)
			u->err = err;
		u->done = 1;
	}
	atomic_fetch_add(&batches_ended, 1);
	atomic_fetch_add(&units_ended, n);
	pthread_cond_broadcast(&g->done);
}

void write_gate_expect(struct write_gate *g)
{
	pthread_mutex_lock(&g->mu);
	g->coming++;
	pthread_mutex_unlock(&g->mu);
}

/* Commits the open batch if nothing more will join it and nobody holds the writer. */
static void end_if_idle(struct write_gate *g)
{
	if (g->open && !g->busy && g->waiting == 0 && g->coming == 0) {
		g->busy = 1;
		end_batch(g);
		g->busy = 0;
		pthread_cond_signal(&g->turn);
	}
}

void write_gate_unexpect(struct write_gate *g)
{
	pthread_mutex_lock(&g->mu);
	g->coming--;
	/* the batch's members may be waiting for this request: they wait no more */
	end_if_idle(g);
	pthread_mutex_unlock(&g->mu);
}

struct store *write_gate_enter(struct write_gate *g, int64_t tenant, struct write_unit *u, struct error *e)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_lock(&g->mu);
	g->coming--;
	g->waiting++;
	while (g->busy)
		pthread_cond_wait(&g->turn, &g->mu);
	g->waiting--;
	g->busy = 1;
	if (g->open && g->tenant != tenant)
		end_batch(g);
	if (!g->open) {
		/* the write lock is taken here (SQLite: BEGIN IMMEDIATE), and held to the batch's commit */
		if (store_batch_begin(g->store, e) < 0) {
			g->busy = 0;
			pthread_cond_signal(&g->turn);
			end_if_idle(g);
			pthread_mutex_unlock(&g->mu);
			return NULL;
		}
		g->open = 1;
		g->tenant = tenant;
	}
	u->next = g->units;
	g->units = u;
	g->members++;
	pthread_mutex_unlock(&g->mu);
	return g->store;
}

int write_gate_leave(struct write_gate *g, struct write_unit *u, struct error *e)
{
	struct timespec until;
	int late = 0;

	pthread_mutex_lock(&g->mu);
	if ((g->waiting > 0 || g->coming > 0) && g->members < BATCH_MAX) {
		/*
		 * Another unit goes on in this batch, or is on its way (its
		 * credentials being checked): the last one commits it. One on its
		 * way that does not come in time (COMING_WAIT) is not waited for.
		 */
		g->busy = 0;
		pthread_cond_signal(&g->turn);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += COMING_WAIT_NS;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!u->done) {
			if (late)
				pthread_cond_wait(&g->done, &g->mu);
			else if (pthread_cond_timedwait(&g->done, &g->mu, &until) == ETIMEDOUT)
				late = 1;
			if (late && !u->done && !g->busy) {
				/* still this unit's batch (batches end in order): commit it */
				g->busy = 1;
				end_batch(g);
				g->busy = 0;
				pthread_cond_signal(&g->turn);
			}
		}
	} else {
		end_batch(g);
		g->busy = 0;
		pthread_cond_signal(&g->turn);
	}
	pthread_mutex_unlock(&g->mu);
	if (u->ret < 0 && e)
		*e = u->err;
	return u->ret;
}
