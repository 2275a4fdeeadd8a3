/*
 * send_worker.h: the outbox worker inside `recoup serve --send-every
 * SECONDS` (docs/channels.md, "The worker in recoup serve").
 *
 * One thread with its own store connection runs the use case of `recoup
 * send` (app/send.h send_run) for every tenant of the database, then
 * sleeps `every` seconds, and again. It is the same code as the command,
 * under the same tenant run lock (store_run_lock): while the worker sends
 * for a tenant, a `recoup send` or `recoup run` of that tenant is refused
 * (and the worker skips a tenant whose run or send holds the lock, until
 * the next round), so no message is ever handed over by two senders; the
 * `sending` state is committed before each hand-over, and a process that
 * dies mid-hand-over leaves that one row `unsure` for the next sender, as
 * with the command.
 *
 * Stopping: send_worker_stop() sets a flag the send reads between two
 * messages: the message being handed over is finished and recorded (at
 * most send.timeout seconds), no further one is begun; then the thread is
 * joined. Each message's outcome is counted in the server's metrics
 * (metrics_message); a round that did something logs one line on `log`.
 */
#ifndef RECOUP_HTTP_SEND_WORKER_H
#define RECOUP_HTTP_SEND_WORKER_H

#include <stdio.h>

#include "core/dates.h"
#include "core/error.h"

struct send_worker_options {
	const char *db_url;
	unsigned every; /* seconds from the end of one round to the next (>= 1) */
	/*
	 * 0: the machine's clock; else the worker's clock starts here and runs
	 * on (tests under a faked clock): a round whose clock is more than
	 * SEND_CLOCK_TOLERANCE from the machine's is refused (app/send.h).
	 */
	timestamp_t clock_start;
	FILE *log; /* one line per round that sent or found anything; NULL: none */
};

struct send_worker;

/* Starts the thread (the first round at once): 0, or -ERR_ENV. */
int send_worker_start(const struct send_worker_options *o, struct send_worker **out, struct error *e);
/* Asks the worker to stop between two messages and waits for it; frees it. Accepts NULL. */
void send_worker_stop(struct send_worker *w);

#endif
