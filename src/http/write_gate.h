/*
 * write_gate.h: group commit for the server's writes.
 *
 * Every request that writes money, an agreement or a message (the routes
 * with ROUTE_IDEMPOTENT) is a job for the writer: one thread of the server
 * with a store of its own, which runs the jobs one at a time, from the
 * Idempotency-Key's look-up to its record. The jobs waiting when the writer
 * takes them, and those that arrive while it runs them, share one
 * transaction (store_batch_begin), each in a savepoint of its own, and one
 * commit makes them all durable. A job is told its result only after that
 * commit: an acknowledged write is a committed one, and when the commit
 * fails every job of the batch is told so, none acknowledged. The pages a
 * job changes (its rows, their indexes, the audit log's) are written to the
 * database's log once per batch, not once per job, which was most of a
 * write's cost (docs/operations.md).
 *
 * The worker that read the request hands its job over and goes on serving
 * other connections (the server suspends the request's connection and
 * resumes it from `done`): batches grow with the requests waiting, not with
 * the number of workers.
 *
 * One job at a time also makes the Idempotency-Key's check and record one
 * step: two requests with the same key, sent at once, create one thing.
 *
 * A batch holds the jobs of one tenant, taken in the order they came: a
 * job of another tenant commits the batch before it starts (PostgreSQL's
 * per-tenant locks are then taken in one order per transaction, so two
 * servers cannot deadlock).
 */
#ifndef RECOUP_HTTP_WRITE_GATE_H
#define RECOUP_HTTP_WRITE_GATE_H

#include <stdint.h>

#include "core/error.h"
#include "store/store.h"

struct write_gate;

/* A job for the writer; owned by the caller from submit until `done` returns. */
struct write_job {
	struct write_job *next;
	int64_t tenant;
	/* the unit of work, on the writer's thread and store; its result is kept in `ret` */
	int (*run)(struct write_job *j, struct store *s);
	/*
	 * Called on the writer's thread once the job's batch has ended, with
	 * `saved` 0 when it committed (the job's work is durable), or -ERR_ENV
	 * with `err` set when it did not (none of the batch's work is saved).
	 * The job is the caller's again once it is called. NULL for
	 * write_gate_run's jobs.
	 */
	void (*done)(struct write_job *j);
	void *arg;
	int ret;
	int saved;
	int told; /* write_gate_run: the result is in */
	struct error err;
};

/* Opens the writer's store on db_url and starts its thread. 0, or -ERR_ENV with e set. */
int write_gate_open(const char *db_url, struct write_gate **out, struct error *e);
/*
 * Queues a job; its `done` follows, on the writer's thread. After
 * write_gate_stop, `done` is called at once, on the caller's thread, with
 * the job not run and not saved (the server is stopping).
 */
void write_gate_submit(struct write_gate *g, struct write_job *j);
/*
 * Queues a job and waits, on the caller's thread, until its batch has
 * ended (`done` is not used). The server's way while it stops: a request
 * on a connection kept alive may still come after the signal, and no
 * connection may be left suspended when the daemons stop.
 */
void write_gate_run(struct write_gate *g, struct write_job *j);
/* Runs the jobs queued, then stops the writer's thread: no job is with the writer after. Accepts NULL. */
void write_gate_stop(struct write_gate *g);
/* Stops the writer if it runs, and closes its store. Accepts NULL. */
void write_gate_close(struct write_gate *g);
/*
 * The batches committed or failed, and the jobs they carried, since the
 * start, and the jobs waiting for the writer now (the metrics).
 */
void write_gate_counts(uint64_t *batches, uint64_t *units, uint64_t *queued);

#endif
