/*
 * write_gate.c: group commit for the server's writes (write_gate.h).
 *
 * The jobs wait in a queue, in the order they came. The writer's thread
 * takes the first, begins a batch, and runs that job and then every job of
 * the same tenant found at the queue's head after it (those that came while
 * the batch ran too), up to BATCH_MAX; then it commits and tells each job.
 * Nothing waits for a job that may come: at a light load a batch holds one
 * job, at a heavy one as many as were queued behind the batch before.
 */
#include "http/write_gate.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "sys/thread.h"

/* Jobs per commit at most: a bound on what one failed commit takes with it. */
#define BATCH_MAX 64

struct write_gate {
	pthread_mutex_t mu;
	pthread_cond_t work; /* a job was queued, or the writer must stop */
	pthread_cond_t told; /* a job of write_gate_run was told its result */
	struct store *store;
	struct write_job *head, **tail;
	int stop;
	int joined;
	pthread_t thread;
	unsigned long serial;  /* batches begun */
	unsigned long fail_at; /* RECOUP_TEST_FAIL_BATCH: that batch's commit fails (tests) */
};

static atomic_ulong batches_ended, units_ended, units_queued;

void write_gate_counts(uint64_t *batches, uint64_t *units, uint64_t *queued)
{
	*batches = atomic_load(&batches_ended);
	*units = atomic_load(&units_ended);
	*queued = atomic_load(&units_queued);
}

/* The job at the queue's head when it is `tenant`'s, taken off the queue; else NULL. With the mutex held. */
static struct write_job *take(struct write_gate *g, int64_t tenant)
{
	struct write_job *j = g->head;

	if (!j || j->tenant != tenant)
		return NULL;
	g->head = j->next;
	if (!g->head)
		g->tail = &g->head;
	j->next = NULL;
	atomic_fetch_sub(&units_queued, 1);
	return j;
}

/* Gives the job back: its `done`, or the wake-up of write_gate_run's caller. */
static void tell(struct write_gate *g, struct write_job *j)
{
	if (j->done) {
		j->done(j);
		return;
	}
	pthread_mutex_lock(&g->mu);
	j->told = 1;
	pthread_cond_broadcast(&g->told);
	pthread_mutex_unlock(&g->mu);
}

/* One batch: `first` and the jobs of its tenant that follow it, one commit, then each job told. */
static void run_batch(struct write_gate *g, struct write_job *first)
{
	struct write_job *batch = NULL, **end = &batch, *j = first, *next;
	struct error err = ERROR_INIT;
	unsigned long n = 0;
	int ret;

	/* the write lock is taken here (SQLite: BEGIN IMMEDIATE), and held to the commit */
	ret = store_batch_begin(g->store, &err);
	g->serial++;
	while (j) {
		*end = j;
		end = &j->next;
		n++;
		if (ret < 0)
			break;
		j->ret = j->run(j, g->store);
		if (n == BATCH_MAX)
			break;
		pthread_mutex_lock(&g->mu);
		j = take(g, first->tenant);
		pthread_mutex_unlock(&g->mu);
	}
	if (ret == 0 && g->serial == g->fail_at) {
		store_batch_rollback(g->store);
		ret = error_set(&err, ERR_ENV, "injected failure of batch %lu (RECOUP_TEST_FAIL_BATCH)", g->serial);
	} else if (ret == 0) {
		ret = store_batch_commit(g->store, &err);
	}
	atomic_fetch_add(&batches_ended, 1);
	atomic_fetch_add(&units_ended, n);
	for (j = batch; j; j = next) {
		/* `done` gives the job back to its owner: nothing of it is read after */
		next = j->next;
		j->saved = ret;
		if (ret < 0)
			j->err = err;
		tell(g, j);
	}
}

static void *writer(void *arg)
{
	struct write_gate *g = arg;
	struct write_job *j;

	pthread_mutex_lock(&g->mu);
	for (;;) {
		while (!g->head && !g->stop)
			pthread_cond_wait(&g->work, &g->mu);
		if (!g->head)
			break;
		j = take(g, g->head->tenant);
		pthread_mutex_unlock(&g->mu);
		run_batch(g, j);
		pthread_mutex_lock(&g->mu);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
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
	g->tail = &g->head;
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->work, NULL);
	pthread_cond_init(&g->told, NULL);
	/* the writer takes no signal (SIGTERM is the server's main thread's, in sigwait) */
	ret = sys_thread_start(&g->thread, writer, g);
	if (ret != 0) {
		pthread_cond_destroy(&g->work);
		pthread_cond_destroy(&g->told);
		pthread_mutex_destroy(&g->mu);
		store_close(g->store);
		free(g);
		return error_set(e, ERR_ENV, "cannot start the writer's thread");
	}
	*out = g;
	return 0;
}

void write_gate_submit(struct write_gate *g, struct write_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&g->mu);
	if (g->stop) {
		pthread_mutex_unlock(&g->mu);
		j->ret = 0;
		j->saved = error_set(&j->err, ERR_ENV, "the server is stopping");
		j->told = 1;
		if (j->done)
			j->done(j);
		return;
	}
	*g->tail = j;
	g->tail = &j->next;
	atomic_fetch_add(&units_queued, 1);
	pthread_cond_signal(&g->work);
	pthread_mutex_unlock(&g->mu);
}

void write_gate_run(struct write_gate *g, struct write_job *j)
{
	j->done = NULL;
	j->told = 0;
	write_gate_submit(g, j);
	pthread_mutex_lock(&g->mu);
	while (!j->told)
		pthread_cond_wait(&g->told, &g->mu);
	pthread_mutex_unlock(&g->mu);
}

void write_gate_stop(struct write_gate *g)
{
	if (!g || g->joined)
		return;
	pthread_mutex_lock(&g->mu);
	g->stop = 1;
	pthread_cond_signal(&g->work);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->thread, NULL);
	g->joined = 1;
}

void write_gate_close(struct write_gate *g)
{
	if (!g)
		return;
	write_gate_stop(g);
	store_close(g->store);
	pthread_cond_destroy(&g->work);
	pthread_cond_destroy(&g->told);
	pthread_mutex_destroy(&g->mu);
	free(g);
}
