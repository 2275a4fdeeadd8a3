/*
 * metrics.c: see metrics.h.
 */
#include "http/metrics.h"

#include <stdatomic.h>
#include <string.h>

#include "http/router.h"

/* The statuses the API uses (http.h); anything else counts as "other". */
static const int statuses[] = { 200, 201, 204, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503 };
#define NSTATUS    (sizeof(statuses) / sizeof(statuses[0]) + 1)
#define ROUTES_MAX 64
/* upper bounds of the latency buckets, microseconds */
static const int64_t bounds[] = {
	500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000
};
#define NBOUNDS (sizeof(bounds) / sizeof(bounds[0]))

static atomic_ulong requests[ROUTES_MAX + 1][NSTATUS];
static atomic_ulong histogram[NBOUNDS + 1];
static atomic_ullong micros_sum;
static atomic_ulong db_errors;
static atomic_long connections;
static atomic_long in_flight;

/* the send worker (send_worker.h) */
static const char *const msg_kinds[] = { "email", "sms" };
static const char *const msg_states[] = { "sent", "retry", "failed", "cancelled", "waiting", "skipped" };
static const char *const round_results[] = { "ok", "busy", "error" };
#define NKINDS   (sizeof(msg_kinds) / sizeof(msg_kinds[0]))
#define NSTATES  (sizeof(msg_states) / sizeof(msg_states[0]))
#define NRESULTS (sizeof(round_results) / sizeof(round_results[0]))
static atomic_ulong messages[NKINDS][NSTATES];
static atomic_ulong rounds[NRESULTS];

/* The index of `s` in `names`, or n when absent. */
static size_t name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return n;
}

void metrics_message(const char *kind, const char *state)
{
	size_t k = name_index(msg_kinds, NKINDS, kind), s = name_index(msg_states, NSTATES, state);
	if (k < NKINDS && s < NSTATES)
		atomic_fetch_add_explicit(&messages[k][s], 1, memory_order_relaxed);
}

void metrics_send_round(const char *result)
{
	size_t r = name_index(round_results, NRESULTS, result);
	if (r < NRESULTS)
		atomic_fetch_add_explicit(&rounds[r], 1, memory_order_relaxed);
}

static void write_send(FILE *out)
{
	fprintf(out, "# HELP recoup_send_messages_total Messages the send worker dealt with, by channel and state.\n"
		     "# TYPE recoup_send_messages_total counter\n");
	for (size_t k = 0; k < NKINDS; k++)
		for (size_t s = 0; s < NSTATES; s++)
			fprintf(out, "recoup_send_messages_total{channel=\"%s\",state=\"%s\"} %lu\n", msg_kinds[k],
				msg_states[s], atomic_load_explicit(&messages[k][s], memory_order_relaxed));
	fprintf(out, "# HELP recoup_send_rounds_total Sends of one tenant by the send worker, by result.\n"
		     "# TYPE recoup_send_rounds_total counter\n");
	for (size_t r = 0; r < NRESULTS; r++)
		fprintf(out, "recoup_send_rounds_total{result=\"%s\"} %lu\n", round_results[r],
			atomic_load_explicit(&rounds[r], memory_order_relaxed));
}

static size_t status_index(int status)
{
	for (size_t i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

void metrics_request(int route, int status, int64_t micros)
{
	size_t r = route >= 0 && route < ROUTES_MAX ? (size_t)route : ROUTES_MAX;
	size_t b = 0;

	atomic_fetch_add_explicit(&requests[r][status_index(status)], 1, memory_order_relaxed);
	while (b < NBOUNDS && micros > bounds[b])
		b++;
	atomic_fetch_add_explicit(&histogram[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&micros_sum, (unsigned long long)(micros > 0 ? micros : 0), memory_order_relaxed);
}

void metrics_db_error(void)
{
	atomic_fetch_add_explicit(&db_errors, 1, memory_order_relaxed);
}

void metrics_connection(int delta)
{
	atomic_fetch_add_explicit(&connections, delta, memory_order_relaxed);
}

void metrics_in_flight(int delta)
{
	atomic_fetch_add_explicit(&in_flight, delta, memory_order_relaxed);
}

long metrics_in_flight_now(void)
{
	return atomic_load(&in_flight);
}

static void write_requests(FILE *out)
{
	fprintf(out, "# HELP recoup_http_requests_total Requests served, by route and status.\n"
		     "# TYPE recoup_http_requests_total counter\n");
	for (size_t r = 0; r <= ROUTES_MAX; r++) {
		if (r < ROUTES_MAX && r >= routes_count)
			continue;
		for (size_t s = 0; s < NSTATUS; s++) {
			unsigned long n = atomic_load_explicit(&requests[r][s], memory_order_relaxed);
			char status[8];
			if (!n)
				continue;
			if (s < NSTATUS - 1)
				snprintf(status, sizeof(status), "%d", statuses[s]);
			else
				snprintf(status, sizeof(status), "other");
			fprintf(out, "recoup_http_requests_total{route=\"%s\",method=\"%s\",status=\"%s\"} %lu\n",
				r < ROUTES_MAX ? routes[r].pattern : "unmatched",
				r < ROUTES_MAX ? routes[r].method : "", status, n);
		}
	}
}

static void write_histogram(FILE *out)
{
	unsigned long cumulative = 0;

	fprintf(out, "# HELP recoup_http_request_duration_seconds Time from the request's end to its response.\n"
		     "# TYPE recoup_http_request_duration_seconds histogram\n");
	for (size_t b = 0; b <= NBOUNDS; b++) {
		cumulative += atomic_load_explicit(&histogram[b], memory_order_relaxed);
		if (b < NBOUNDS)
			fprintf(out, "recoup_http_request_duration_seconds_bucket{le=\"%lld.%06lld\"} %lu\n",
				(long long)(bounds[b] / 1000000), (long long)(bounds[b] % 1000000), cumulative);
		else
			fprintf(out, "recoup_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cumulative);
	}
	unsigned long long sum = atomic_load_explicit(&micros_sum, memory_order_relaxed);
	fprintf(out, "recoup_http_request_duration_seconds_sum %llu.%06llu\n", sum / 1000000, sum % 1000000);
	fprintf(out, "recoup_http_request_duration_seconds_count %lu\n", cumulative);
}

void metrics_write(FILE *out)
{
	write_requests(out);
	write_histogram(out);
	write_send(out);
	fprintf(out,
		"# HELP recoup_http_open_connections Client connections open now.\n"
		"# TYPE recoup_http_open_connections gauge\nrecoup_http_open_connections %ld\n"
		"# HELP recoup_http_in_flight_requests Requests being served now.\n"
		"# TYPE recoup_http_in_flight_requests gauge\nrecoup_http_in_flight_requests %ld\n"
		"# HELP recoup_db_errors_total Requests that failed because the database did.\n"
		"# TYPE recoup_db_errors_total counter\nrecoup_db_errors_total %lu\n",
		atomic_load(&connections), atomic_load(&in_flight), atomic_load(&db_errors));
}
