/*
 * metrics.h: the server's counters, served by GET /metrics in the
 * Prometheus text format (docs/api.md lists the series):
 *   recoup_http_requests_total{route,method,status}   per route and status
 *   recoup_http_request_duration_seconds              a latency histogram
 *   recoup_http_open_connections                      connections open now
 *   recoup_http_in_flight_requests                    requests being served
 *   recoup_http_head_timeouts_total                   connections closed: a request head not whole in time
 *   recoup_db_errors_total                            requests failed by the database
 *   recoup_send_messages_total{channel,state}         the send worker's messages: email or sms;
 *                                                     sent, retry, failed, cancelled, waiting, skipped
 *   recoup_send_rounds_total{result}                  the worker's sends per tenant: ok, busy, error
 *   recoup_queue_cache_requests_total{result}         work-queue reads: hit, miss, skip (http/queue_cache.h)
 * and, read from the run table at each scrape (metrics_write_runs), per
 * tenant that has finished a daily run:
 *   recoup_last_run_timestamp_seconds{tenant}         when the last run finished
 *   recoup_last_run_as_of_timestamp_seconds{tenant}   the day it ran for (00:00 UTC)
 *   recoup_last_run_duration_seconds{tenant}          its first chunk to its end
 *   recoup_last_run_accounts{tenant}                  the accounts it looked at
 *   recoup_last_run_actions{tenant,kind}              actions it decided, by kind
 *   recoup_last_run_refused{tenant,reason}            actions the rules refused, by reason
 * Counters are relaxed atomics: a scrape may see one request counted in
 * the total and not yet in the histogram, never a torn value.
 */
#ifndef RECOUP_HTTP_METRICS_H
#define RECOUP_HTTP_METRICS_H

#include <stdint.h>
#include <stdio.h>

#include "app/run_last.h"

/* route: an index of routes[], or -1 for a request that matched none. */
void metrics_request(int route, int status, int64_t micros);
void metrics_db_error(void);
void metrics_connection(int delta);
void metrics_in_flight(int delta);
/* n connections closed because their request head was not whole within --head-timeout (server.h). */
void metrics_head_timeouts(long n);
long metrics_in_flight_now(void);
/* One message the send worker dealt with: kind "email"/"sms", state as send_event's. */
void metrics_message(const char *kind, const char *state);
/* One tenant's send by the worker: "ok", "busy" (its run or a send held the lock), "error". */
void metrics_send_round(const char *result);
/* The text of every series, written to out. */
void metrics_write(FILE *out);
/* The last daily run of each of the n tenants (those without one have no sample). */
void metrics_write_runs(FILE *out, const struct run_last_tenant *t, size_t n);

#endif
