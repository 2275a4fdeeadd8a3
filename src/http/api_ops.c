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

int api_metrics(struct http_request *rq, struct http_response *rs)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return http_error(rq, 500, "environment", "", "out of memory");
	metrics_write(f);
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
