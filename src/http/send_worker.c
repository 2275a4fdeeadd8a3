/*
 * send_worker.c: see send_worker.h.
 */
#include "http/send_worker.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/send.h"
#include "http/metrics.h"
#include "store/store.h"
#include "store/tenants.h"

#define TENANTS_MAX 4096

struct send_worker {
	struct send_worker_options o;
	time_t started; /* the real clock when clock_start was given */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	atomic_int stop;
	struct store *store;
};

struct tenant_list {
	int64_t id[TENANTS_MAX];
	size_t n;
};

static int add_tenant(void *ctx, int64_t id, const char *name)
{
	struct tenant_list *l = ctx;
	(void)name;
	if (l->n < TENANTS_MAX)
		l->id[l->n++] = id;
	return 0;
}

static timestamp_t worker_now(const struct send_worker *w)
{
	time_t t = time(NULL);
	return w->o.clock_start ? w->o.clock_start + (timestamp_t)(t - w->started) : (timestamp_t)t;
}

/* send_options.clock: the machine's clock, read before each row */
static timestamp_t machine_clock(void *arg)
{
	(void)arg;
	return (timestamp_t)time(NULL);
}

static int on_event(void *ctx, const struct send_event *ev)
{
	(void)ctx;
	metrics_message(ev->kind, ev->state);
	return 0;
}

static void log_line(struct send_worker *w, int64_t tenant, const char *what)
{
	char ts[TIMESTAMP_TEXT_MAX];
	if (!w->o.log)
		return;
	fprintf(w->o.log, "%s send worker tenant=%lld %s\n", timestamp_format(worker_now(w), ts, sizeof(ts)),
		(long long)tenant, what);
	fflush(w->o.log);
}

/* One tenant's send, as `recoup send` does it. */
static void send_tenant(struct send_worker *w, int64_t tenant)
{
	struct app_ctx ctx = { .store = w->store, .tenant = tenant, .actor = "send-worker", .origin = "send-worker" };
	struct send_options so = { .stop = &w->stop };
	struct send_summary sum;
	struct error e = ERROR_INIT;
	char line[ERROR_MESSAGE_MAX + 160];

	/* send_run refuses a worker's clock away from the machine's (cmd_serve refused it at the start) */
	so.clock = machine_clock;
	ctx.now = worker_now(w);
	ctx.today = timestamp_date_utc(ctx.now);
	int ret = send_run(&ctx, &so, on_event, w, &sum, &e);
	metrics_send_round(ret == 0 ? "ok" : ret == -ERR_CONFLICT ? "busy" : "error");
	if (ret < 0 && ret != -ERR_CONFLICT) {
		snprintf(line, sizeof(line), "failed: %s", e.message);
		log_line(w, tenant, line);
	} else if (ret == 0 && (sum.sent || sum.retry || sum.failed || sum.cancelled || sum.unsure)) {
		snprintf(line, sizeof(line),
			 "sent=%ld retry=%ld failed=%ld cancelled=%ld waiting=%ld skipped=%ld unsure=%ld", sum.sent,
			 sum.retry, sum.failed, sum.cancelled, sum.waiting, sum.skipped, sum.unsure);
		log_line(w, tenant, line);
	}
	if (ret == 0 && (sum.config_email || sum.config_sms)) {
		/* a server refused the settings: every message waits for a person to mend them (docs/channels.md) */
		snprintf(line, sizeof(line), "settings refused: %.*s", ERROR_MESSAGE_MAX, sum.config_detail);
		log_line(w, tenant, line);
	}
}

static void round_once(struct send_worker *w)
{
	struct tenant_list *l = calloc(1, sizeof(*l));
	struct error e = ERROR_INIT;

	/* a connection lost (a database restarted) is opened again at the next round */
	if (!w->store && store_open(w->o.db_url, &w->store, &e) < 0) {
		w->store = NULL;
		log_line(w, 0, e.message);
	}
	if (l && w->store && store_tenants_each(w->store, add_tenant, l, &e) < 0) {
		log_line(w, 0, e.message);
		store_close(w->store);
		w->store = NULL;
	}
	for (size_t i = 0; l && w->store && i < l->n && !atomic_load(&w->stop); i++)
		send_tenant(w, l->id[i]);
	free(l);
}

static void *worker_main(void *arg)
{
	struct send_worker *w = arg;
	while (!atomic_load(&w->stop)) {
		round_once(w);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += w->o.every;
		pthread_mutex_lock(&w->mu);
		while (!atomic_load(&w->stop) && pthread_cond_timedwait(&w->cond, &w->mu, &until) == 0)
			;
		pthread_mutex_unlock(&w->mu);
	}
	store_close(w->store);
	w->store = NULL;
	return NULL;
}

int send_worker_start(const struct send_worker_options *o, struct send_worker **out, struct error *e)
{
	struct send_worker *w = calloc(1, sizeof(*w));
	*out = NULL;
	if (!w)
		return error_set(e, ERR_ENV, "send worker: out of memory");
	w->o = *o;
	w->started = time(NULL);
	atomic_init(&w->stop, 0);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		pthread_cond_destroy(&w->cond);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return error_set(e, ERR_ENV, "send worker: cannot start its thread");
	}
	*out = w;
	return 0;
}

void send_worker_stop(struct send_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	atomic_store(&w->stop, 1);
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
