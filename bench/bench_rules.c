/*
 * bench_rules.c: the contact rules over a whole tenant (bench/run).
 *
 *   bench_rules DB [N]
 *
 * Asks one question (a call on Monday 2026-11-23 at 14:30 UTC) of every
 * contact of the tenant "default" through rules_ctx_check_batch, then of
 * N contacts (default 20000, every k-th of the tenant's, so that the
 * sample has the portfolio's mix) one at a time, with
 * rules_ctx_evaluate_once (what every caller paid before the context: the
 * tenant's configuration read for each contact) and with rules_ctx_evaluate
 * on a context loaded once. Prints the time per contact of each and the
 * ratios to the batch, measured in the same run on the same database.
 * The clock is read here, never in the code measured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/rules_ctx.h"
#include "app/tenants.h"
#include "store/parties.h"
#include "store/store.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct batch_count {
	long answers;
	long allowed;
};

static int on_result(void *ctx, const struct rules_result *r)
{
	struct batch_count *c = ctx;
	c->answers++;
	c->allowed += r->status == 0 && r->answer->verdict.allowed;
	return 0;
}

/* Every `stride`-th contact, at most `max`. */
struct refs {
	char (*ref)[REF_MAX + 1];
	long n, max, seen, stride;
};

static int count_contacts(void *ctx, const struct contact *k)
{
	(void)k;
	++*(long *)ctx;
	return 0;
}

static int on_contact(void *ctx, const struct contact *k)
{
	struct refs *r = ctx;
	if (r->seen++ % r->stride == 0 && r->n < r->max)
		snprintf(r->ref[r->n++], sizeof(r->ref[0]), "%s", k->ref);
	return 0;
}

/* Seconds and store calls for the first refs->n contacts, one evaluation each (rc NULL: a context per call). */
static int singles(struct store *s, struct store_tx *tx, struct rules_ctx *rc, const struct refs *refs,
		   const struct rules_question *q, struct rules_answer *a, double *secs, long *calls, struct error *e)
{
	double t0 = now();
	long c0 = store_calls(s);
	for (long i = 0; i < refs->n; i++) {
		struct rules_request rq = { refs->ref[i], q->channel, q->at, NULL, NULL, 0, 0 };
		int ret = rc ? rules_ctx_evaluate(rc, tx, &rq, a, e) : rules_ctx_evaluate_once(tx, &rq, a, e);
		if (ret < 0 && ret != -ERR_INPUT)
			return ret;
	}
	*secs = now() - t0;
	*calls = store_calls(s) - c0;
	return 0;
}

int main(int argc, char **argv)
{
	struct error e = ERROR_INIT;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct rules_ctx *rc = NULL;
	struct rules_answer *a = malloc(sizeof(*a));
	struct rules_question q = { CHANNEL_CALL, 0, 0 };
	struct batch_count bc = { 0, 0 };
	struct store_cursor cur = STORE_CURSOR_INIT;
	struct refs refs = { NULL, 0, 0, 0, 1 };
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 20000;
	double t0, batch, once = 0, with_ctx = 0;
	long total = 0;
	long c0, batch_calls, once_calls = 0, ctx_calls = 0;
	int64_t tenant;
	int ret = 1;

	if (argc < 2 || n < 1 || !a) {
		fprintf(stderr, "usage: bench_rules DB [N]\n");
		return 2;
	}
	refs.ref = calloc((size_t)n, sizeof(*refs.ref));
	timestamp_parse("2026-11-23T14:30:00Z", &q.at, NULL);
	if (!refs.ref || store_open(argv[1], &s, &e) < 0 || tenants_resolve(s, "default", &tenant, &e) < 0 ||
	    store_tx_begin(s, tenant, "bench", STORE_READ, &tx, &e) < 0)
		goto cleanup;
	/* spread over the portfolio: the first contacts are not a fair sample of the mix */
	refs.max = n;
	refs.stride = 1;
	if (store_contacts_list(tx, &cur, count_contacts, &total, &e) < 0)
		goto cleanup;
	refs.stride = total > n ? total / n : 1;
	cur.after = 0;
	if (store_contacts_list(tx, &cur, on_contact, &refs, &e) < 0)
		goto cleanup;
	if (rules_ctx_load(tx, &rc, &e) < 0)
		goto cleanup;
	/* the singles first: the batch is measured on a warm cache, not favoured by a cold one for the others */
	if (singles(s, tx, NULL, &refs, &q, a, &once, &once_calls, &e) < 0 ||
	    singles(s, tx, rc, &refs, &q, a, &with_ctx, &ctx_calls, &e) < 0)
		goto cleanup;
	rules_ctx_free(rc);
	rc = NULL;
	t0 = now();
	c0 = store_calls(s);
	if (rules_ctx_load(tx, &rc, &e) < 0 || rules_ctx_check_batch(rc, tx, &q, 1, on_result, &bc, &e) != 0)
		goto cleanup;
	batch = now() - t0;
	batch_calls = store_calls(s) - c0;
	{
		double per_batch = batch / (double)(bc.answers ? bc.answers : 1) * 1e6;
		double per_once = once / (double)refs.n * 1e6, per_ctx = with_ctx / (double)refs.n * 1e6;
		double n_batch = (double)(bc.answers ? bc.answers : 1), n_single = (double)refs.n;
		printf("rules check (call, one moment): batch over every contact: %ld answers (%ld allowed) in %.3fs,"
		       " %.1f us and %.4f store calls per contact\n",
		       bc.answers, bc.allowed, batch, per_batch, (double)batch_calls / n_batch);
		printf("  single evaluation of %ld contacts (every %ld-th), reloading the tenant's configuration: %.1f "
		       "us"
		       " (ratio %.2fx the batch) and %.1f store calls per contact\n",
		       refs.n, refs.stride, per_once, per_once / per_batch, (double)once_calls / n_single);
		printf("  single evaluation with a context loaded once: %.1f us (ratio %.2fx) and %.1f store calls"
		       " per contact\n",
		       per_ctx, per_ctx / per_batch, (double)ctx_calls / n_single);
	}
	ret = 0;
cleanup:
	if (ret)
		fprintf(stderr, "bench_rules: %s\n", e.message);
	rules_ctx_free(rc);
	store_tx_free(tx);
	store_close(s);
	free(refs.ref);
	free(a);
	return ret;
}
