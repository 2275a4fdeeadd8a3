/*
 * api_dashboard.c: the manager's dashboard (GET /api/v1/dashboard,
 * app/dashboard.h): ?from=&to= (the period; default today's month to
 * date), ?segment=STRATEGY or ?collector=USER, ?part=main|collectors.
 */
#include "app/dashboard.h"
#include "http/api.h"

static int query_date(struct http_request *rq, const char *name, date_t *out)
{
	const char *v = http_query(rq, name);
	if (v && date_parse(v, out, &rq->err) < 0)
		return http_error(rq, 400, "usage", name, "%s: %s", name, rq->err.message);
	return 0;
}

int api_dashboard(struct http_request *rq, struct http_response *rs)
{
	struct dashboard_options o = { 0 };
	json_t *d = NULL;

	o.to = rq->app.today;
	if (query_date(rq, "from", &o.from) < 0 || query_date(rq, "to", &o.to) < 0)
		return -1;
	if (!o.from)
		o.from = dashboard_default_from(o.to);
	o.segment = http_query(rq, "segment");
	o.collector = http_query(rq, "collector");
	o.part = http_query(rq, "part");
	if (dashboard_build(&rq->app, &o, &d, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	return http_json(rq, rs, 200, d);
}
