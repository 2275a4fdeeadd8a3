/*
 * api_ops.c: what operations read: GET /healthz and GET /metrics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/metrics.h"
#include "store/store.h"

/* The worker reached its store (the server opens it before any handler): the database answers. */
int api_healthz(struct http_request *rq, struct http_response *rs)
{
	return http_json(rq, rs, 200,
			 json_pack("{s:s, s:s}", "status", "ok", "backend", store_backend_name(rq->app.store)));
}

/*
 * The last daily run of every tenant. A database that does not answer
 * leaves these series out and counts a database error: the server's own
 * series matter most when the database is in trouble.
 */
static void write_runs(struct http_request *rq, FILE *f)
{
	struct run_last_tenant *t = NULL;
	size_t n = 0;

	if (run_last_read(rq->app.store, &t, &n, &rq->err) < 0) {
		metrics_db_error();
		fputs("# recoup_last_run_*: not read, the database did not answer (counted in recoup_db_errors_total)\n",
		      f);
		return;
	}
	metrics_write_runs(f, t, n);
	run_last_free(t, n);
}

int api_metrics(struct http_request *rq, struct http_response *rs)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return http_error(rq, 500, "environment", "", "out of memory");
	metrics_write(f);
	write_runs(rq, f);
	if (fclose(f) != 0 || !text) {
		free(text);
		return http_error(rq, 500, "environment", "", "out of memory");
	}
	rs->text = arena_strndup(rq->arena, text, len);
	rs->text_len = len;
	free(text);
	if (!rs->text)
		return http_error(rq, 500, "environment", "", "out of memory");
	rs->status = 200;
	rs->content_type = "text/plain; version=0.0.4";
	return 0;
}
