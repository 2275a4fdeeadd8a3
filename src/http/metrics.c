/*
 * metrics.c: see metrics.h.
 */
#include "http/metrics.h"
#include "http/queue_cache.h"
#include "http/write_gate.h"

#include <jansson.h>
#include <stdatomic.h>
#include <string.h>
#include <stdlib.h>

#include "http/router.h"

/* The statuses the API uses (http.h); anything else counts as "other". */
static const int statuses[] = {
	200, 201, 204, 400, 401, 403, 404, 405, 409, 412, 413, 414, 415, 422, 429, 431, 500, 503
};
#define NSTATUS    (sizeof(statuses) / sizeof(statuses[0]) + 1)
#define ROUTES_MAX 256 /* more than routes_count: a route past it would count as "unmatched" */
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
static atomic_ulong head_timeouts;
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

void metrics_head_timeouts(long n)
{
	atomic_fetch_add_explicit(&head_timeouts, (unsigned long)n, memory_order_relaxed);
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

static void write_queue_cache(FILE *out)
{
	unsigned long hit, miss, skip;

	queue_cache_counts(&hit, &miss, &skip);
	fprintf(out,
		"# HELP recoup_queue_cache_requests_total Work-queue reads: answered from the cache (hit), computed "
		"(miss), not cacheable (skip: no stamp, or an answer too large to keep).\n"
		"# TYPE recoup_queue_cache_requests_total counter\n"
		"recoup_queue_cache_requests_total{result=\"hit\"} %lu\n"
		"recoup_queue_cache_requests_total{result=\"miss\"} %lu\n"
		"recoup_queue_cache_requests_total{result=\"skip\"} %lu\n",
		hit, miss, skip);
}

static void write_batches(FILE *out)
{
	uint64_t batches, units, queued;

	write_gate_counts(&batches, &units, &queued);
	fprintf(out,
		"# HELP recoup_write_batches_total Commits of the writes that must not happen twice (group commit: "
		"docs/operations.md), successful or not.\n"
		"# TYPE recoup_write_batches_total counter\nrecoup_write_batches_total %llu\n"
		"# HELP recoup_write_batch_units_total The requests those commits carried.\n"
		"# TYPE recoup_write_batch_units_total counter\nrecoup_write_batch_units_total %llu\n"
		"# HELP recoup_write_queue Requests waiting for the writer now (a long queue: the writes outrun the "
		"database, or a lock holds it).\n"
		"# TYPE recoup_write_queue gauge\nrecoup_write_queue %llu\n",
		(unsigned long long)batches, (unsigned long long)units, (unsigned long long)queued);
}

void metrics_write(FILE *out)
{
	write_requests(out);
	write_histogram(out);
	write_send(out);
	write_queue_cache(out);
	write_batches(out);
	fprintf(out,
		"# HELP recoup_http_open_connections Client connections open now.\n"
		"# TYPE recoup_http_open_connections gauge\nrecoup_http_open_connections %ld\n"
		"# HELP recoup_http_in_flight_requests Requests being served now.\n"
		"# TYPE recoup_http_in_flight_requests gauge\nrecoup_http_in_flight_requests %ld\n"
		"# HELP recoup_db_errors_total Requests that failed because the database did.\n"
		"# TYPE recoup_db_errors_total counter\nrecoup_db_errors_total %lu\n"
		"# HELP recoup_http_head_timeouts_total Connections closed because a request's head was not whole "
		"within --head-timeout.\n"
		"# TYPE recoup_http_head_timeouts_total counter\nrecoup_http_head_timeouts_total %lu\n",
		atomic_load(&connections), atomic_load(&in_flight), atomic_load(&db_errors),
		atomic_load(&head_timeouts));
}

/* ---- the last daily run ---- */

/* A label value: backslash, quote and newline escaped, as the text format wants. */
static void put_label(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', out);
		if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
}

static void family(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void sample(FILE *out, const char *name, const char *tenant, const char *label, const char *value, long long v)
{
	fprintf(out, "%s{tenant=\"", name);
	put_label(out, tenant);
	if (label) {
		fprintf(out, "\",%s=\"", label);
		put_label(out, value);
	}
	fprintf(out, "\"} %lld\n", v);
}

/* One sample per key of the summary's object `key` (actions by kind, refusals by reason). */
static void object_samples(FILE *out, const char *name, const char *label, const struct run_last_tenant *t,
			   json_t *const *summaries, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		const char *k;
		json_t *v;
		json_object_foreach(json_object_get(summaries[i], key), k, v)
		{
			if (json_is_integer(v))
				sample(out, name, t[i].tenant, label, k, (long long)json_integer_value(v));
		}
	}
}

void metrics_write_runs(FILE *out, const struct run_last_tenant *t, size_t n)
{
	json_t **sum = calloc(n ? n : 1, sizeof(*sum));

	if (!sum)
		return;
	for (size_t i = 0; i < n; i++)
		sum[i] = t[i].found ? json_loads(t[i].r.summary, 0, NULL) : NULL;
	family(out, "recoup_last_run_timestamp_seconds", "gauge", "When the last daily run finished (Unix time).");
	for (size_t i = 0; i < n; i++)
		if (t[i].found)
			sample(out, "recoup_last_run_timestamp_seconds", t[i].tenant, NULL, NULL,
			       (long long)t[i].r.finished_at);
	family(out, "recoup_last_run_as_of_timestamp_seconds", "gauge",
	       "The day the last daily run ran for, at 00:00 UTC (Unix time).");
	for (size_t i = 0; i < n; i++)
		if (t[i].found)
			sample(out, "recoup_last_run_as_of_timestamp_seconds", t[i].tenant, NULL, NULL,
			       (long long)t[i].r.run_date * 86400);
	family(out, "recoup_last_run_duration_seconds", "gauge", "How long the last daily run took.");
	for (size_t i = 0; i < n; i++)
		if (t[i].found)
			sample(out, "recoup_last_run_duration_seconds", t[i].tenant, NULL, NULL,
			       (long long)(t[i].r.finished_at - t[i].r.started_at));
	family(out, "recoup_last_run_accounts", "gauge", "Accounts the last daily run looked at.");
	for (size_t i = 0; i < n; i++)
		if (sum[i] && json_is_integer(json_object_get(sum[i], "accounts_seen")))
			sample(out, "recoup_last_run_accounts", t[i].tenant, NULL, NULL,
			       (long long)json_integer_value(json_object_get(sum[i], "accounts_seen")));
	family(out, "recoup_last_run_actions", "gauge", "Actions the last daily run decided, by kind.");
	object_samples(out, "recoup_last_run_actions", "kind", t, sum, n, "actions");
	family(out, "recoup_last_run_refused", "gauge", "Actions the last daily run's rules refused, by reason.");
	object_samples(out, "recoup_last_run_refused", "reason", t, sum, n, "refused");
	for (size_t i = 0; i < n; i++)
		json_decref(sum[i]);
	free(sum);
}
