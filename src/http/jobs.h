/*
 * jobs.h: work too long for a request, run on a thread of its own with its
 * own store connection while the client polls (docs/api.md, "Jobs").
 *
 * The one kind so far is the rebalance (POST /api/v1/assignments/rebalance,
 * app/assign_admin.h): at a million customers it reads every one, about a
 * minute, which would hold a server worker (and the client's connection)
 * all that time. The request answers 202 with the job at once; GET
 * /api/v1/assignments/rebalance/{id} tells how it stands (running, with
 * the customers done so far; done, with the summary `recoup assign
 * --format json` prints; failed, with the error as any request gets it).
 *
 * One rebalance at a time per tenant: a second one while the first runs is
 * -ERR_CONFLICT (409), naming the running job. Jobs live in the server's
 * memory: the last JOBS_KEPT finished ones of each tenant are kept, and a
 * restart forgets them (the assignments the job wrote stay: they are in
 * the database, and the audit trail has the run). A job is seen only by its
 * own tenant; another tenant's id is unknown (404).
 *
 * At shutdown the server waits for running jobs (up to its --grace), then
 * exits; a job cut short stops as a killed `recoup assign` does: the chunks
 * it committed stay (each whole, the customers walked in chunks), the rest
 * is not written, and the next rebalance finishes the work.
 */
#ifndef RECOUP_HTTP_JOBS_H
#define RECOUP_HTTP_JOBS_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "core/error.h"

#define JOBS_KEPT 10

/* Before any job: the database the jobs open their connections to (kept, not copied), and the log. */
void jobs_setup(const char *db_url, FILE *log);

/*
 * Starts a rebalance for ctx->tenant as ctx->actor, with ctx's clock: 0 and
 * *job (a new reference: the job as GET shows it), -ERR_CONFLICT when one
 * runs for the tenant (*job: that one), -ERR_ENV.
 */
int jobs_rebalance_start(const struct app_ctx *ctx, int dry_run, json_t **job, struct error *e);

/* The job `id` of `tenant` as a new reference, NULL when the tenant has none of that id. */
json_t *jobs_rebalance_get(int64_t tenant, const char *id);

/* Waits until no job runs, at most `seconds`; returns how many still run. */
int jobs_wait(unsigned seconds);

#endif
