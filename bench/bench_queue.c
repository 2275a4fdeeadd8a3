/*
 * bench_queue.c: `recoup queue --collector NAME` without the process around it.
 *
 *   bench_queue DB [ROUNDS] [NOW]
 *
 * Takes the queue (app/queue.h, default limit: the collector's capacity)
 * of every enabled collector of the tenant "default", ROUNDS times over
 * (default 20), one read transaction each as the command does, at moment
 * NOW (default 2026-11-23T15:00:00Z), and prints the mean and the 99th
 * percentile per queue, in elapsed time and in this process's CPU time
 * (the machine is often shared: CPU time does not count the waits for a
 * core). The baseline, measured in the same run: the candidates' statement
 * alone (store_queue_calls_each, the collector's waiting calls due with
 * their balances) in a transaction of its own, which every queue read
 * before the walk by bound (docs/queue.md); the ratio is the queue's mean
 * over it. The clock is read here,
 * never in the code measured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/queue.h"
#include "app/tenants.h"
#include "store/assignments.h"
#include "store/store.h"
#include "store/users.h"

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static double cpu(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

struct collectors {
	struct user *u;
	size_t n, cap;
};

static int on_user(void *ctx, const struct user *u)
{
	struct collectors *c = ctx;
	if (u->disabled || strcmp(u->role, "collector"))
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct user *m = realloc(c->u, cap * sizeof(*m));
		if (!m)
			return 1;
		c->u = m;
		c->cap = cap;
	}
	c->u[c->n++] = *u;
	return 0;
}

static int count_row(void *ctx, const struct queue_row *r)
{
	(void)r;
	++*(long *)ctx;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Prints the mean, p99 and max of ms[0..n) (sorting it); returns the mean. */
static double report(const char *what, double *ms, long n, const char *extra)
{
	double sum = 0;

	for (long i = 0; i < n; i++)
		sum += ms[i];
	qsort(ms, (size_t)n, sizeof(*ms), cmp_double);
	printf("%-22s %ld: mean %.3f ms, p99 %.3f ms, max %.3f ms%s\n", what, n, sum / (double)n, ms[(n * 99) / 100],
	       ms[n - 1], extra);
	return sum / (double)n;
}

int main(int argc, char **argv)
{
	struct error e = ERROR_INIT;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct app_ctx ctx = { 0 };
	struct collectors c = { 0 };
	long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 20, n = 0, rows = 0, cands = 0, asked = 0;
	double *queue_ms = NULL, *base_ms = NULL, *queue_cpu = NULL, *base_cpu = NULL, q_mean, b_mean, qc_mean, bc_mean;
	char extra[160];
	int ret = 1;

	if (argc < 2 || argc > 4 || rounds < 1) {
		fprintf(stderr, "usage: bench_queue DB [ROUNDS] [NOW]\n");
		return 2;
	}
	ctx.actor = "bench";
	if (timestamp_parse(argc > 3 ? argv[3] : "2026-11-23T15:00:00Z", &ctx.now, &e) < 0)
		goto fail;
	ctx.today = timestamp_date_utc(ctx.now);
	if (store_open(argv[1], &s, &e) < 0 || tenants_resolve(s, "default", &ctx.tenant, &e) < 0)
		goto fail;
	ctx.store = s;
	if (store_tx_begin(s, ctx.tenant, "bench", STORE_READ, &tx, &e) < 0 ||
	    store_users_each(tx, on_user, &c, &e) != 0)
		goto fail;
	store_tx_free(tx);
	tx = NULL;
	if (c.n == 0) {
		fprintf(stderr, "bench_queue: no collector (recoup user add NAME --role collector; recoup assign)\n");
		goto out;
	}
	queue_ms = calloc((size_t)(rounds * (long)c.n), sizeof(*queue_ms));
	base_ms = calloc((size_t)(rounds * (long)c.n), sizeof(*base_ms));
	queue_cpu = calloc((size_t)(rounds * (long)c.n), sizeof(*queue_cpu));
	base_cpu = calloc((size_t)(rounds * (long)c.n), sizeof(*base_cpu));
	if (!queue_ms || !base_ms || !queue_cpu || !base_cpu)
		goto out;
	for (long r = 0; r < rounds; r++)
		for (size_t i = 0; i < c.n; i++, n++) {
			struct queue_options o = { c.u[i].name, -1, 0 };
			struct queue_result q;
			long found = 0;
			double t0 = now(), c0 = cpu();
			if (queue_list(&ctx, &o, &q, &e) < 0)
				goto fail;
			queue_ms[n] = (now() - t0) * 1000;
			queue_cpu[n] = (cpu() - c0) * 1000;
			rows += (long)q.n_items;
			cands += q.n_collectors ? q.collectors[0].candidates : 0;
			asked += q.n_collectors ? q.collectors[0].asked : 0;
			queue_result_release(&q);
			t0 = now();
			c0 = cpu();
			if (store_tx_begin(s, ctx.tenant, "bench", STORE_READ, &tx, &e) < 0 ||
			    store_queue_calls_each(tx, c.u[i].id, ctx.now, ctx.today, count_row, &found, &e) != 0)
				goto fail;
			store_tx_free(tx);
			tx = NULL;
			base_ms[n] = (now() - t0) * 1000;
			base_cpu[n] = (cpu() - c0) * 1000;
		}
	printf("%zu collectors, %ld rounds, now %s\n", c.n, rounds, argc > 3 ? argv[3] : "2026-11-23T15:00:00Z");
	snprintf(extra, sizeof(extra), "  (%.1f rows, %.1f accounts due netted, %.1f asked of the rules per queue)",
		 (double)rows / (double)n, (double)cands / (double)n, (double)asked / (double)n);
	q_mean = report("queue", queue_ms, n, extra);
	qc_mean = report("queue, CPU", queue_cpu, n, "");
	b_mean = report("candidates alone", base_ms, n, "");
	bc_mean = report("candidates alone, CPU", base_cpu, n, "");
	printf("queue / candidates alone: %.1fx elapsed, %.1fx CPU\n", q_mean / b_mean, qc_mean / bc_mean);
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "bench_queue: %s\n", e.message);
out:
	store_tx_free(tx);
	store_close(s);
	free(c.u);
	free(queue_ms);
	free(base_ms);
	free(queue_cpu);
	free(base_cpu);
	return ret;
}
