/*
 * write_gate.h: group commit for the server's writes.
 *
 * Every request that writes money, an agreement or a message (the routes
 * with ROUTE_IDEMPOTENT) runs its unit of work, from the Idempotency-Key's
 * look-up to its record, on one store of the server, the writer, one unit
 * at a time; the units that follow one another while others wait share one
 * transaction (store_batch_begin), each in a savepoint of its own, and one
 * commit makes them all durable. A unit's response is sent only after that
 * commit: an acknowledged write is a committed one, and when the commit
 * fails every unit of the batch is told so (write_gate_leave), none
 * acknowledged. With N workers writing, a commit carries up to N units: the
 * pages a unit changes (its rows, their indexes, the audit log's) are
 * written to the database's log once per batch, not once per unit, which
 * was most of a write's cost (docs/operations.md).
 *
 * One unit at a time also makes the Idempotency-Key's check and record one
 * step: two requests with the same key, sent at once, create one thing.
 *
 * A batch holds the units of one tenant: a unit of another tenant commits
 * the batch before it starts (PostgreSQL's per-tenant locks are then taken
 * in one order per transaction, so two servers cannot deadlock).
 */
#ifndef RECOUP_HTTP_WRITE_GATE_H
#define RECOUP_HTTP_WRITE_GATE_H

#include <stdint.h>

#include "core/error.h"
#include "store/store.h"

struct write_gate;

/* A unit of work's place in a batch; on the caller's stack from enter to leave. */
struct write_unit {
	struct write_unit *next;
	int done;
	int ret;
	struct error err;
};

/* Opens the writer store on db_url. 0, or -ERR_ENV with e set. */
int write_gate_open(const char *db_url, struct write_gate **out, struct error *e);
/* Closes the writer; no unit may be inside. Accepts NULL. */
void write_gate_close(struct write_gate *g);
/*
 * A request for the writer is on its way (its credentials are being
 * checked): a batch waits a little for it before it commits (write_gate.c).
 * Each expect is followed by one enter, or one unexpect when the request
 * does not come (refused before its unit of work).
 */
void write_gate_expect(struct write_gate *g);
void write_gate_unexpect(struct write_gate *g);
/*
 * Waits for the writer and enters the open batch of `tenant` (or begins
 * one): the unit's transactions run on the returned store, each a
 * savepoint. NULL with e set when no batch could begin (nothing to leave).
 */
struct store *write_gate_enter(struct write_gate *g, int64_t tenant, struct write_unit *u, struct error *e);
/*
 * Leaves the writer; returns when the unit's batch has ended: 0 when it
 * committed (the unit's work is durable), -ERR_ENV with e set when it did
 * not (none of the batch's work is saved). Every enter is followed by one
 * leave.
 */
int write_gate_leave(struct write_gate *g, struct write_unit *u, struct error *e);
/* The batches committed or failed, and the units they carried, since the start (the metrics). */
void write_gate_counts(uint64_t *batches, uint64_t *units);

#endif
