/*
 * metrics.h: the server's counters, served by GET /metrics in the
 * Prometheus text format (docs/api.md lists the series):
 *   recoup_http_requests_total{route,method,status}   per route and status
 *   recoup_http_request_duration_seconds              a latency histogram
 *   recoup_http_open_connections                      connections open now
 *   recoup_http_in_flight_requests                    requests being served
 *   recoup_db_errors_total                            requests failed by the database
 * Counters are relaxed atomics: a scrape may see one request counted in
 * the total and not yet in the histogram, never a torn value.
 */
#ifndef RECOUP_HTTP_METRICS_H
#define RECOUP_HTTP_METRICS_H

#include <stdint.h>
#include <stdio.h>

/* route: an index of routes[], or -1 for a request that matched none. */
void metrics_request(int route, int status, int64_t micros);
void metrics_db_error(void);
void metrics_connection(int delta);
void metrics_in_flight(int delta);
long metrics_in_flight_now(void);
/* The text of every series, written to out. */
void metrics_write(FILE *out);

#endif
