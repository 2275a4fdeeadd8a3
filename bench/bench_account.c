/*
 * bench_account.c: `recoup account show` without the process around it.
 *
 *   bench_account DB [N] [NOW]
 *
 * Loads the account view (app/account_view.h) of N customers (default
 * 2000, every k-th of the tenant "default", so the sample has the
 * portfolio's mix) at moment NOW (default 2026-11-30T15:00:00Z), one
 * transaction each as the command does, and prints the mean and the 99th
 * percentile per account, and the same for customer_view_load (what
 * `customer show` reads) as the baseline measured in the same run. The
 * clock is read here, never in the code measured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/account_view.h"
#include "app/tenants.h"
#include "store/parties.h"
#include "store/store.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct refs {
	char (*ref)[REF_MAX + 1];
	long n, max, seen, stride;
};

static int on_customer(void *ctx, const struct customer *c)
{
	struct refs *r = ctx;
	if (r->seen++ % r->stride == 0 && r->n < r->max)
		snprintf(r->ref[r->n++], REF_MAX + 1, "%s", c->ref);
	return 0;
}

static int count_customer(void *ctx, const struct customer *c)
{
	(void)c;
	++*(long *)ctx;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Mean and p99 in milliseconds of `load` over the sample; -1 on the first error. */
static int measure(const char *what, const struct app_ctx *ctx, const struct refs *r, int account, double *ms)
{
	struct error e = ERROR_INIT;
	double sum = 0;

	for (long i = 0; i < r->n; i++) {
		double t0 = now();
		int ret;
		if (account) {
			struct account_view *v = malloc(sizeof(*v));
			ret = v ? account_view_load(ctx, r->ref[i], v, &e) : -1;
			account_view_release(v);
			free(v);
		} else {
			struct customer_view v = CUSTOMER_VIEW_INIT;
			ret = customer_view_load(ctx, r->ref[i], &v, &e);
			customer_view_release(&v);
		}
		if (ret < 0) {
			fprintf(stderr, "bench_account: %s %s: %s\n", what, r->ref[i], e.message);
			return -1;
		}
		ms[i] = (now() - t0) * 1000;
		sum += ms[i];
		if (getenv("BENCH_ACCOUNT_SLOW") && ms[i] > atof(getenv("BENCH_ACCOUNT_SLOW")))
			fprintf(stderr, "slow: %s %s %.3f ms\n", what, r->ref[i], ms[i]);
	}
	qsort(ms, (size_t)r->n, sizeof(*ms), cmp_double);
	printf("%-14s %ld accounts: mean %.3f ms, p99 %.3f ms, max %.3f ms\n", what, r->n, sum / (double)r->n,
	       ms[(r->n * 99) / 100], ms[r->n - 1]);
	return 0;
}

int main(int argc, char **argv)
{
	struct error e = ERROR_INIT;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct refs r = { NULL, 0, 2000, 0, 1 };
	struct store_cursor cur = { 0, 0 };
	struct app_ctx ctx = { 0 };
	long total = 0;
	double *ms = NULL;
	int ret = 1;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: bench_account DB [N] [NOW]\n");
		return 2;
	}
	if (argc > 2)
		r.max = strtol(argv[2], NULL, 10);
	ctx.actor = "bench";
	if (timestamp_parse(argc > 3 ? argv[3] : "2026-11-30T15:00:00Z", &ctx.now, &e) < 0 || r.max < 1)
		goto fail;
	ctx.today = timestamp_date_utc(ctx.now);
	r.ref = calloc((size_t)r.max, sizeof(*r.ref));
	ms = calloc((size_t)r.max, sizeof(*ms));
	if (!r.ref || !ms || store_open(argv[1], &s, &e) < 0 || tenants_resolve(s, "default", &ctx.tenant, &e) < 0)
		goto fail;
	ctx.store = s;
	if (store_tx_begin(s, ctx.tenant, "bench", STORE_READ, &tx, &e) < 0 ||
	    store_customers_list(tx, &cur, count_customer, &total, &e) < 0)
		goto fail;
	r.stride = total / r.max > 0 ? total / r.max : 1;
	cur.after = 0;
	if (store_customers_list(tx, &cur, on_customer, &r, &e) < 0)
		goto fail;
	store_tx_free(tx);
	tx = NULL;
	printf("%ld customers, %ld sampled, now %s\n", total, r.n, argc > 3 ? argv[3] : "2026-11-30T15:00:00Z");
	if (measure("customer_view", &ctx, &r, 0, ms) < 0 || measure("account_view", &ctx, &r, 1, ms) < 0)
		goto out;
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "bench_account: %s\n", e.message);
out:
	store_tx_free(tx);
	store_close(s);
	free(r.ref);
	free(ms);
	return ret;
}
