/*
 * jobs.c: see jobs.h.
 */
#include "http/jobs.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/assign_admin.h"
#include "store/store.h"
#include "store/users.h"

enum job_state { JOB_RUNNING, JOB_DONE, JOB_FAILED };

struct job {
	int64_t id, tenant;
	char actor[USER_NAME_MAX + 8];
	char origin[64];
	timestamp_t now; /* the request's clock, the use case's */
	date_t today;
	int dry_run;
	enum job_state state;
	timestamp_t started_at, finished_at;
	long long customers_done;
	json_t *result;    /* the summary, when done */
	struct error fail; /* when failed */
	struct job *next;  /* newest first */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER;
static struct job *jobs;
static int64_t last_id;
static int running;
static const char *jobs_db_url;
static FILE *jobs_log;

void jobs_setup(const char *db_url, FILE *log)
{
	jobs_db_url = db_url;
	jobs_log = log;
}

/* Under mu. */
static json_t *job_json(const struct job *j)
{
	static const char *const states[] = { "running", "done", "failed" };
	char started[TIMESTAMP_TEXT_MAX], ended[TIMESTAMP_TEXT_MAX], id[24];
	json_t *error = NULL;

	snprintf(id, sizeof(id), "%lld", (long long)j->id);
	if (j->state == JOB_FAILED) {
		int code = j->fail.code ? j->fail.code : ERR_ENV;
		error = json_pack("{s:s, s:s, s:s?}", "code", error_code_name(code), "message", j->fail.message,
				  "field", j->fail.field[0] ? j->fail.field : NULL);
	}
	/* a copy: the handler frees it on its own thread */
	return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s?, s:I, s:o?, s:o?}", "id", id, "kind", "rebalance",
			 "state", states[j->state], "dry_run", j->dry_run, "by", j->actor, "started_at",
			 timestamp_format(j->started_at, started, sizeof(started)), "finished_at",
			 j->state == JOB_RUNNING ? NULL : timestamp_format(j->finished_at, ended, sizeof(ended)),
			 "customers_done", (json_int_t)j->customers_done, "result",
			 j->result ? json_deep_copy(j->result) : NULL, "error", error);
}

static void progress(void *ctx, long long customers)
{
	struct job *j = ctx;
	pthread_mutex_lock(&mu);
	j->customers_done = customers;
	pthread_mutex_unlock(&mu);
}

/*
 * Test hook (tests only, docs/api.md "Jobs"): with RECOUP_TEST_JOB_HOLD=PATH a job waits
 * while PATH exists before it starts, so a test sees it running for as long
 * as it needs (the 409, the poll) and lets it go by removing the file.
 */
static void test_hold(void)
{
	const char *hold = getenv("RECOUP_TEST_JOB_HOLD");
	struct timespec pause = { 0, 20 * 1000 * 1000 };

	while (hold && *hold && access(hold, F_OK) == 0)
		nanosleep(&pause, NULL);
}

static void *run_job(void *arg)
{
	struct job *j = arg;
	struct store *s = NULL;
	struct assign_summary sum;
	struct assign_options o = { .as_of = j->today, .dry_run = j->dry_run, .progress = progress, .progress_ctx = j };
	struct error e = ERROR_INIT;
	json_t *result = NULL;
	int ret;

	memset(&sum, 0, sizeof(sum));
	test_hold();
	ret = store_open(jobs_db_url, &s, &e);
	if (ret == 0) {
		struct app_ctx ctx = { s, j->tenant, j->actor, j->now, j->today, j->origin };
		ret = assign_rebalance(&ctx, &o, &sum, &e);
		if (ret == 0) {
			result = assign_summary_json(&sum);
			if (!result)
				ret = error_set(&e, ERR_ENV, "out of memory");
		}
		assign_summary_release(&sum);
	}
	store_close(s);
	pthread_mutex_lock(&mu);
	j->finished_at = (timestamp_t)time(NULL);
	j->state = ret < 0 ? JOB_FAILED : JOB_DONE;
	j->result = result;
	if (ret < 0)
		j->fail = e;
	else
		j->customers_done = (long long)sum.customers_seen;
	running--;
	pthread_cond_broadcast(&finished);
	if (jobs_log) {
		fprintf(jobs_log, "job %lld (rebalance, tenant %lld, by %s) %s%s\n", (long long)j->id,
			(long long)j->tenant, j->actor, ret < 0 ? "failed: " : "done", ret < 0 ? e.message : "");
		fflush(jobs_log);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* Under mu: drops the tenant's finished jobs past the newest JOBS_KEPT - 1 (room for a new one). */
static void prune(int64_t tenant)
{
	struct job **p = &jobs;
	int kept = 0;

	while (*p) {
		struct job *j = *p;
		if (j->tenant == tenant && j->state != JOB_RUNNING && ++kept >= JOBS_KEPT) {
			*p = j->next;
			json_decref(j->result);
			free(j);
		} else {
			p = &j->next;
		}
	}
}

int jobs_rebalance_start(const struct app_ctx *ctx, int dry_run, json_t **job, struct error *e)
{
	struct job *j;
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	*job = NULL;
	pthread_mutex_lock(&mu);
	for (j = jobs; j; j = j->next) {
		if (j->tenant == ctx->tenant && j->state == JOB_RUNNING) {
			*job = job_json(j);
			pthread_mutex_unlock(&mu);
			return error_set(e, ERR_CONFLICT,
					 "a rebalance of this tenant is running (job %lld, started by %s)",
					 (long long)j->id, j->actor);
		}
	}
	j = calloc(1, sizeof(*j));
	if (!j) {
		pthread_mutex_unlock(&mu);
		return error_set(e, ERR_ENV, "out of memory");
	}
	j->id = ++last_id;
	j->tenant = ctx->tenant;
	snprintf(j->actor, sizeof(j->actor), "%s", ctx->actor ? ctx->actor : "");
	snprintf(j->origin, sizeof(j->origin), "%s", ctx->origin ? ctx->origin : "");
	j->now = ctx->now;
	j->today = ctx->today;
	j->dry_run = dry_run;
	j->started_at = ctx->now;
	j->state = JOB_RUNNING;
	prune(ctx->tenant);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, run_job, j);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		pthread_mutex_unlock(&mu);
		free(j);
		return error_set(e, ERR_ENV, "cannot start the job's thread: %s", strerror(rc));
	}
	j->next = jobs;
	jobs = j;
	running++;
	*job = job_json(j);
	pthread_mutex_unlock(&mu);
	return *job ? 0 : error_set(e, ERR_ENV, "out of memory");
}

json_t *jobs_rebalance_get(int64_t tenant, const char *id)
{
	char *end;
	long long n;
	json_t *out = NULL;

	errno = 0;
	n = strtoll(id, &end, 10);
	if (*id < '0' || *id > '9' || *end || errno || n <= 0) /* digits only: not " 1" nor "+1" */
		return NULL;
	pthread_mutex_lock(&mu);
	for (struct job *j = jobs; j; j = j->next)
		if (j->id == n && j->tenant == tenant)
			out = job_json(j);
	pthread_mutex_unlock(&mu);
	return out;
}

int jobs_wait(unsigned seconds)
{
	struct timespec until;
	int left;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += seconds;
	pthread_mutex_lock(&mu);
	while (running > 0 && pthread_cond_timedwait(&finished, &mu, &until) == 0)
		;
	left = running;
	pthread_mutex_unlock(&mu);
	return left;
}
